"""Files for ``neo4j-admin database import full``: typed CSV headers plus a README with the command.

The bulk importer is the fastest way into an empty Neo4j database. Each file
has a header naming its id space (``:ID(Entity)``), labels, relationship
type and typed properties (``name:string``, ``pagerank:double``,
``aliases:string[]``). Labels and relationship types come from the ontology
only. Array elements are separated by U+001F (the unit separator, which is
removed from names), so a ``;`` or ``|`` inside a name never splits it.

>>> header({"name": "string", "aliases": "string[]"})
['name:string', 'aliases:string[]']
"""

from __future__ import annotations

import csv
import logging
import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from threadline.errors import StoreError
from threadline.graph.columns import (
    DOCUMENT_FIELDS,
    DOCUMENT_LISTS,
    EDGE_FIELDS,
    ENTITY_FIELDS,
    ENTITY_LISTS,
    relation_property_names,
)
from threadline.graph.export.common import (
    DOCUMENT_LABEL,
    ENTITY_LABEL,
    MENTIONS,
    document_rows,
    edge_rows,
    entity_labels,
    entity_rows,
    mention_rows,
    relation_labels,
    to_json,
)
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology

log = logging.getLogger(__name__)

ARRAY_DELIMITER = "\x1f"
FILES = ("documents.csv", "entities.csv", "mentions.csv", "relations.csv", "comentions.csv")


def header(columns: Mapping[str, str]) -> list[str]:
    """Header cells ``name:type`` for typed property columns."""
    return [f"{name}:{kind}" for name, kind in columns.items()]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "") for v in value)
    if isinstance(value, dict):
        return to_json(value)
    return value


def _write(path: Path, head: list[str], rows: Iterable[list[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="", errors="replace") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(head)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
            count += 1
    return count


def import_command(folder: Path, database: str = "neo4j") -> str:
    """The exact ``neo4j-admin database import full`` command for the files in ``folder``.

    One option per line; the database name comes right after ``full``
    (required from Neo4j 5.19 on).
    """
    folder = folder.resolve()
    options = [f"--nodes={folder / name}" for name in FILES[:2]]
    options += [f"--relationships={folder / name}" for name in FILES[2:]]
    options += ["--array-delimiter=U+001F", "--multiline-fields=true"]
    first = f"neo4j-admin database import full {shlex.quote(database)}"
    return " \\\n  ".join([first, *(shlex.quote(o) for o in options)])


def write(
    graph: nx.MultiDiGraph,
    path: str | Path,
    ontology: Ontology | None = None,
    mentions: Mapping[tuple[str, str], int] | None = None,
    database: str = "neo4j",
) -> dict[str, int]:
    """Write the import files and README.md into the folder ``path``; returns rows per file."""
    ontology = ontology or Ontology.load()
    folder = Path(path)
    labels = entity_labels(ontology)
    rel_types = relation_labels(ontology)
    rel_props = relation_property_names(ontology)

    entity_columns = {**ENTITY_FIELDS, **ENTITY_LISTS}
    document_columns = {**DOCUMENT_FIELDS, **DOCUMENT_LISTS}
    edge_columns = {**EDGE_FIELDS, **{name: "string" for name in rel_props}}

    def entities() -> Iterable[list[Any]]:
        for row in entity_rows(graph):
            node_labels = [ENTITY_LABEL] + ([row["type"]] if row["type"] in labels else [])
            yield [row["id"], node_labels, *(row[c] for c in entity_columns)]

    def documents() -> Iterable[list[Any]]:
        for row in document_rows(graph):
            yield [row["doc_id"], [DOCUMENT_LABEL], *(row[c] for c in document_columns)]

    skipped: set[str] = set()

    def edges(comentions: bool) -> Iterable[list[Any]]:
        for row in edge_rows(graph):
            if (row["type"] == MENTIONED_WITH) != comentions:
                continue
            if row["type"] not in rel_types:
                skipped.add(row["type"])
                continue
            props = row["properties"]
            values = {
                **row,
                "properties": to_json(props),
                "evidence": to_json(row["evidence"]),
                **{name: _scalar_text(props.get(name)) for name in rel_props},
            }
            yield [row["source"], row["target"], row["type"], *(values[c] for c in edge_columns)]

    def mention_lines() -> Iterable[list[Any]]:
        for row in mention_rows(graph, mentions):
            yield [row["doc_id"], row["entity_id"], MENTIONS, row["count"]]

    edge_head = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", *header(edge_columns)]
    counts: dict[str, int] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        counts["documents.csv"] = _write(
            folder / "documents.csv",
            ["doc_id:ID(Document)", ":LABEL", *header(document_columns)],
            documents(),
        )
        counts["entities.csv"] = _write(
            folder / "entities.csv",
            ["id:ID(Entity)", ":LABEL", *header(entity_columns)],
            entities(),
        )
        counts["mentions.csv"] = _write(
            folder / "mentions.csv",
            [":START_ID(Document)", ":END_ID(Entity)", ":TYPE", "count:long"],
            mention_lines(),
        )
        counts["relations.csv"] = _write(folder / "relations.csv", edge_head, edges(False))
        counts["comentions.csv"] = _write(folder / "comentions.csv", edge_head, edges(True))
        (folder / "README.md").write_text(_readme(folder, database, counts), encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{folder}: cannot write neo4j-admin files ({exc.strerror})") from exc
    if skipped:
        log.warning(
            "left out relation types missing from the ontology: %s", ", ".join(sorted(skipped))
        )
    return counts


def _scalar_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else to_json(value)


def _readme(folder: Path, database: str, counts: Mapping[str, int]) -> str:
    rows = "\n".join(f"| `{name}` | {count} |" for name, count in counts.items())
    return f"""# threadline graph for neo4j-admin import

| file | rows |
|---|---|
{rows}

Stop the database (or pick a new name), then run:

```sh
{import_command(folder, database)}
```

Add `--overwrite-destination=true` to replace an existing database of that
name, then start it (`CREATE DATABASE {database}` or restart Neo4j).

- `:Document` nodes (`doc_id`) are linked to the entities they mention by
  `MENTIONS` (`count`); entities carry `:Entity` plus their type label.
- Typed relations keep their evidence: `evidence` is a JSON list of
  `{{doc_id, sentence, start, end, rule, confidence}}`, `sentences` the quoted
  sentences, `weight` how many there are. `MENTIONED_WITH` edges (sentence
  co-mentions, not typed relations) are in `comentions.csv`.
- List properties use U+001F between elements (`--array-delimiter=U+001F`);
  fields may hold line breaks (`--multiline-fields=true`).

For an existing database, `threadline push neo4j` or the `cypher` export load
the same graph idempotently instead.
"""
