"""The embedded Cypher store: LadybugDB on disk, its schema generated from the ontology.

The store is *derived*: everything in it comes from the graph, which comes from
the cache. So it is never updated in place. A build loads a complete new store
into a fresh folder, then switches the workspace's ``CURRENT`` pointer to it
with one atomic rename. Readers always open whatever ``CURRENT`` names: they
keep working while a build runs, and a build killed half-way leaves an
unreferenced folder that the next build deletes, never a half store in use.
A store written under another schema version is not trusted: the next build
replaces it.

Schema (identifiers come from the ontology, checked to be plain names):

- a node table per entity type: ``id`` (primary key), ``name``, ``aliases``,
  ``mention_count``, ``doc_count``, ``degree``, ``pagerank``, ``betweenness``,
  ``community``;
- ``Document`` nodes (``doc_id``, title, date, url, source, author, format,
  origins, text_length) and ``MENTIONS`` edges to every entity type (``count``);
- a rel table per relation type over every FROM/TO pair the ontology allows:
  ``key``, ``weight``, one STRING column per declared property, ``properties``
  and ``evidence`` as JSON text, ``sentences``, ``doc_ids``, ``confidence``
  (the highest of its evidence);
- ``MENTIONED_WITH`` between all entity types (``weight``, ``doc_ids``).

Everything is loaded with ``COPY ... FROM`` an Arrow table, one per table and
FROM/TO pair, never row by row.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from json.encoder import encode_basestring as _quote
from pathlib import Path
from typing import Any

import ladybug
import networkx as nx
import pyarrow as pa

from threadline.errors import ConfigError, StoreError
from threadline.graph.cache import write_atomic
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology

log = logging.getLogger(__name__)

# Bump when the generated schema or what is loaded into it changes: stores
# carrying another number are rebuilt, never read.
SCHEMA_VERSION = 1

DOCUMENT_TABLE = "Document"
MENTIONS = "MENTIONS"
POINTER = "CURRENT"
DB_FILENAME = "graph.lbdb"

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED_REL_COLUMNS = {
    "key",
    "weight",
    "properties",
    "evidence",
    "sentences",
    "doc_ids",
    "confidence",
    "from",
    "to",
}
_STRINGS = pa.list_(pa.string())


def _name(identifier: str) -> str:
    """An ontology name as a quoted Cypher identifier; only plain names are allowed.

    >>> _name("WORKS_FOR")
    '`WORKS_FOR`'
    """
    if not _IDENTIFIER.match(identifier):
        raise ConfigError(
            f"ontology name {identifier!r} cannot be a store table name "
            "(use letters, digits and underscores)"
        )
    return f"`{identifier}`"


def _declared_properties(ontology: Ontology, relation: str) -> list[str]:
    props = ontology.relation_types[relation].properties
    return [p for p in props if p not in _RESERVED_REL_COLUMNS and _IDENTIFIER.match(p)]


def schema_statements(ontology: Ontology) -> list[str]:
    """The DDL of a store for ``ontology``, in the order it must run.

    >>> stmts = schema_statements(Ontology.load())
    >>> stmts[0].startswith("CREATE NODE TABLE `Person`")
    True
    >>> any(s.startswith("CREATE REL TABLE `WORKS_FOR`(FROM `Person` TO `Organization`") for s in stmts)
    True
    """
    types = list(ontology.entity_types)
    if DOCUMENT_TABLE in types:
        raise ConfigError(f"entity type {DOCUMENT_TABLE!r} clashes with the store's document table")
    statements = [
        f"CREATE NODE TABLE {_name(t)}(id STRING PRIMARY KEY, name STRING, aliases STRING[], "
        "mention_count INT64, doc_count INT64, degree INT64, pagerank DOUBLE, "
        "betweenness DOUBLE, community INT64)"
        for t in types
    ]
    statements.append(
        f"CREATE NODE TABLE {DOCUMENT_TABLE}(doc_id STRING PRIMARY KEY, title STRING, "
        "date STRING, url STRING, source STRING, author STRING, format STRING, "
        "origins STRING[], text_length INT64)"
    )
    pairs = ", ".join(f"FROM {DOCUMENT_TABLE} TO {_name(t)}" for t in types)
    statements.append(f"CREATE REL TABLE {MENTIONS}({pairs}, count INT64)")
    for name, relation in ontology.relation_types.items():
        if name == MENTIONED_WITH:
            continue
        pairs = ", ".join(f"FROM {_name(s)} TO {_name(t)}" for s, t in relation.pairs())
        declared = "".join(f", {_name(p)} STRING" for p in _declared_properties(ontology, name))
        statements.append(
            f"CREATE REL TABLE {_name(name)}({pairs}, key STRING, weight INT64{declared}, "
            "properties STRING, evidence STRING, sentences STRING[], doc_ids STRING[], "
            "confidence DOUBLE)"
        )
    pairs = ", ".join(f"FROM {_name(s)} TO {_name(t)}" for s in types for t in types)
    statements.append(f"CREATE REL TABLE {MENTIONED_WITH}({pairs}, weight INT64, doc_ids STRING[])")
    return statements


class LadybugStore:
    """One LadybugDB database: create it, load a graph into it, query it."""

    def __init__(self, path: Path, database: Any, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._database = database
        self._connection = ladybug.Connection(database)

    @classmethod
    def open(cls, path: str | Path, read_only: bool = True) -> LadybugStore:
        """Open an existing store file (read-only unless asked otherwise)."""
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(f"{path}: no store here; run 'threadline build' first")
        try:
            # Uncompressed: the store is derived and rebuilt whole, and long
            # evidence strings load about twice as fast without compression.
            # No automatic checkpoints while loading: one at close instead of one
            # per COPY statement (each costs tens of milliseconds).
            database = ladybug.Database(
                str(path), read_only=read_only, compression=False, auto_checkpoint=read_only
            )
        except RuntimeError as exc:
            raise StoreError(f"{path}: cannot open store ({_one_line(exc)})") from exc
        return cls(path, database, read_only)

    @classmethod
    def create(cls, path: str | Path, ontology: Ontology) -> LadybugStore:
        """A new, empty store at ``path`` with the schema of ``ontology``."""
        path = Path(path)
        if path.exists():
            raise StoreError(f"{path}: a store already exists here")
        path.parent.mkdir(parents=True, exist_ok=True)
        store = cls.open(path, read_only=False)
        for statement in schema_statements(ontology):
            store._execute(statement)
        return store

    def close(self) -> None:
        if not self.read_only:
            self._execute("CHECKPOINT")
        self._connection.close()
        self._database.close()

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one Cypher query with parameters; rows as dicts keyed by the RETURN names.

        Values reach the engine only as parameters (``$name``), never spliced
        into the text, so a name holding quotes or Cypher is just text.
        A query the engine refuses raises StoreError with its message on one line.
        """
        result = self._execute(cypher, dict(params or {}))
        if isinstance(result, list):  # several statements: the last one's rows
            result = result[-1]
        columns = result.get_column_names()
        rows = [dict(zip(columns, row, strict=True)) for row in result.get_all()]
        result.close()
        return rows

    def _execute(self, cypher: str, params: dict[str, Any] | None = None) -> Any:
        try:
            if params:
                return self._connection.execute(cypher, params)
            return self._connection.execute(cypher)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise StoreError(_one_line(exc)) from exc

    def load(
        self,
        graph: nx.MultiDiGraph,
        ontology: Ontology,
        mentions: Mapping[tuple[str, str], int] | None = None,
    ) -> dict[str, int]:
        """Bulk-load ``graph`` (contract shape) into this empty store; returns row counts.

        ``mentions`` maps (doc_id, entity id) to a mention count for the
        MENTIONS edges; without it, each document in a node's ``doc_ids``
        mentions it once.
        """
        counts: dict[str, int] = defaultdict(int)
        node_type = {n: d.get("type") for n, d in graph.nodes(data=True)}
        known = set(ontology.entity_types)

        by_type: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for node, data in graph.nodes(data=True):
            if data.get("type") in known:
                by_type[data["type"]].append((node, data))
        for entity_type, nodes in by_type.items():
            table = pa.table(
                {
                    "id": pa.array([n for n, _ in nodes], pa.string()),
                    "name": pa.array([str(d.get("name") or "") for _, d in nodes], pa.string()),
                    "aliases": pa.array([list(d.get("aliases") or ()) for _, d in nodes], _STRINGS),
                    "mention_count": pa.array(
                        [_int(d.get("mention_count")) for _, d in nodes], pa.int64()
                    ),
                    "doc_count": pa.array([_int(d.get("doc_count")) for _, d in nodes], pa.int64()),
                    "degree": pa.array([_int(d.get("degree")) for _, d in nodes], pa.int64()),
                    "pagerank": pa.array(
                        [_float(d.get("pagerank")) for _, d in nodes], pa.float64()
                    ),
                    "betweenness": pa.array(
                        [_float(d.get("betweenness")) for _, d in nodes], pa.float64()
                    ),
                    "community": pa.array([_int(d.get("community")) for _, d in nodes], pa.int64()),
                }
            )
            self._copy(_name(entity_type), table)
            counts[entity_type] += len(nodes)

        documents = graph.graph.get("documents") or {}
        doc_ids = sorted(documents)
        if doc_ids:
            metas = [documents[d] for d in doc_ids]
            table = pa.table(
                {
                    "doc_id": pa.array(doc_ids, pa.string()),
                    **{
                        column: pa.array([_str(m.get(column)) for m in metas], pa.string())
                        for column in ("title", "date", "url", "source", "author", "format")
                    },
                    "origins": pa.array([list(m.get("origins") or ()) for m in metas], _STRINGS),
                    "text_length": pa.array(
                        [_int(m.get("text_length")) for m in metas], pa.int64()
                    ),
                }
            )
            self._copy(DOCUMENT_TABLE, table)
            counts[DOCUMENT_TABLE] = len(doc_ids)

        if mentions is None:
            mentions = {
                (doc_id, node): 1
                for node, data in graph.nodes(data=True)
                for doc_id in data.get("doc_ids") or ()
            }
        mention_rows: dict[str, tuple[list[str], list[str], list[int]]] = defaultdict(
            lambda: ([], [], [])
        )
        document_set = set(doc_ids)
        for (doc_id, node), count in sorted(mentions.items()):
            entity_type = node_type.get(node)
            if doc_id in document_set and entity_type in known:
                rows = mention_rows[entity_type]
                rows[0].append(doc_id)
                rows[1].append(node)
                rows[2].append(int(count))
        for entity_type, (sources, targets, values) in mention_rows.items():
            table = pa.table(
                {
                    "from": pa.array(sources, pa.string()),
                    "to": pa.array(targets, pa.string()),
                    "count": pa.array(values, pa.int64()),
                }
            )
            self._copy(MENTIONS, table, DOCUMENT_TABLE, entity_type)
            counts[MENTIONS] += len(sources)

        for (rel, source_type, target_type), table in self._edge_tables(
            graph, ontology, node_type
        ).items():
            self._copy(_name(rel), table, source_type, target_type)
            counts[rel] += table.num_rows
        return dict(counts)

    def _edge_tables(
        self, graph: nx.MultiDiGraph, ontology: Ontology, node_type: dict[str, str]
    ) -> dict[tuple[str, str, str], pa.Table]:
        """Arrow tables of edges, one per (type, source type, target type).

        One pass over the raw adjacency dicts fills flat columns (list columns
        as values + offsets, so no inner Python list per edge), with the cyclic
        garbage collector paused: a million edges take seconds, not a minute.
        """
        columns: dict[tuple[str, str, str], _EdgeColumns | None] = {}
        with _gc_paused():
            for source, neighbours in graph.adjacency():
                source_type = node_type.get(source)
                for target, keyed in neighbours.items():
                    target_type = node_type.get(target)
                    for key, data in keyed.items():
                        group = (data.get("type"), source_type, target_type)
                        sink = columns.get(group, False)
                        if sink is False:
                            sink = columns[group] = _EdgeColumns.for_group(group, ontology)
                        if sink is not None:
                            sink.add(source, target, key, data)
            return {group: sink.table() for group, sink in columns.items() if sink is not None}

    def _copy(
        self,
        table_name: str,
        data: pa.Table,
        source_type: str | None = None,
        target_type: str | None = None,
    ) -> None:
        options = ""
        if source_type is not None and target_type is not None:
            _name(source_type), _name(target_type)  # plain names only, checked here
            options = f" (from='{source_type}', to='{target_type}')"
        self._execute(f"COPY {table_name} FROM $data{options}", {"data": data})

    def count(self) -> dict[str, int]:
        """Rows per node and rel table (how ``threadline check`` compares store and graph)."""
        counts: dict[str, int] = {}
        for row in self.query("CALL show_tables() RETURN name, type"):
            name, kind = row["name"], row["type"]
            pattern = (
                f"MATCH (n:{_name(name)})" if kind == "NODE" else f"MATCH ()-[n:{_name(name)}]->()"
            )
            counts[name] = int(self.query(f"{pattern} RETURN count(n) AS n")[0]["n"])
        return counts


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: building millions of small containers would trigger
    full collections over the whole graph again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _EdgeColumns:
    """The columns of one (relation type, source type, target type) table, filled edge by edge."""

    def __init__(self, declared: list[str] | None) -> None:
        self.comention = declared is None
        self.declared = declared or []
        self.source: list[str] = []
        self.target: list[str] = []
        self.key: list[str] = []
        self.weight: list[int] = []
        self.properties: list[str] = []
        self.declared_values: dict[str, list[str | None]] = {p: [] for p in self.declared}
        self.evidence: list[str] = []
        self.sentences: list[str] = []
        self.sentence_offsets: list[int] = [0]
        self.doc_ids: list[str] = []
        self.doc_offsets: list[int] = [0]
        self.confidence: list[float | None] = []
        self._encoded: dict[str, str] = {}

    @classmethod
    def for_group(cls, group: tuple[str, str, str], ontology: Ontology) -> _EdgeColumns | None:
        rel, source_type, target_type = group
        if rel == MENTIONED_WITH:
            types = ontology.entity_types
            return cls(None) if source_type in types and target_type in types else None
        if ontology.allows(rel, source_type, target_type):
            return cls(_declared_properties(ontology, rel))
        log.debug("store: %s edges %s -> %s not in the ontology", rel, source_type, target_type)
        return None

    def add(self, source: str, target: str, key: Any, data: dict[str, Any]) -> None:
        evidence = data.get("evidence") or ()
        self.source.append(source)
        self.target.append(target)
        self.weight.append(_int(data.get("weight")) or 0)
        if len(evidence) == 1:
            self.doc_ids.append(evidence[0]["doc_id"])
        else:
            self.doc_ids.extend(sorted({e["doc_id"] for e in evidence}))
        self.doc_offsets.append(len(self.doc_ids))
        if self.comention:
            return
        key = str(key)
        self.key.append(key)
        properties = data.get("properties") or {}
        encoded = self._encoded.get(key)
        if encoded is None:  # the key is type + properties: one encoding per key
            encoded = self._encoded[key] = _JSON.encode(properties)
        self.properties.append(encoded)
        for prop in self.declared:
            self.declared_values[prop].append(_str(properties.get(prop)))
        self.evidence.append(_evidence_json(evidence))
        if len(evidence) == 1:
            first = evidence[0]
            self.sentences.append(first["sentence"])
            confidence = first.get("confidence")
            self.confidence.append(None if confidence is None else float(confidence))
        else:
            self.sentences.extend(e["sentence"] for e in evidence)
            self.confidence.append(_max_confidence(evidence))
        self.sentence_offsets.append(len(self.sentences))

    def table(self) -> pa.Table:
        doc_ids = pa.ListArray.from_arrays(
            pa.array(self.doc_offsets, pa.int32()), pa.array(self.doc_ids, pa.string())
        )
        head = {
            "from": pa.array(self.source, pa.string()),
            "to": pa.array(self.target, pa.string()),
        }
        if self.comention:
            return pa.table(
                {**head, "weight": pa.array(self.weight, pa.int64()), "doc_ids": doc_ids}
            )
        columns = {
            **head,
            "key": pa.array(self.key, pa.string()),
            "weight": pa.array(self.weight, pa.int64()),
            **{p: pa.array(v, pa.string()) for p, v in self.declared_values.items()},
            "properties": pa.array(self.properties, pa.string()),
            "evidence": pa.array(self.evidence, pa.string()),
            "sentences": pa.ListArray.from_arrays(
                pa.array(self.sentence_offsets, pa.int32()), pa.array(self.sentences, pa.string())
            ),
            "doc_ids": doc_ids,
            "confidence": pa.array(self.confidence, pa.float64()),
        }
        return pa.table(columns)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_EVIDENCE_KEYS = ("doc_id", "sentence", "start", "end", "rule", "confidence")
_EVIDENCE_FORMAT = '{"doc_id":%s,"sentence":%s,"start":%d,"end":%d,"rule":%s,"confidence":%s}'


def _evidence_json(evidence: Any) -> str:
    """Evidence as JSON text, formatted directly for the usual shape (a hot loop).

    >>> _evidence_json([{"doc_id": "d", "sentence": 'a "b"', "start": 0, "end": 5,
    ...                  "rule": "r", "confidence": 0.5}])
    '[{"doc_id":"d","sentence":"a \\\\"b\\\\"","start":0,"end":5,"rule":"r","confidence":0.5}]'
    """
    try:
        items = [
            _EVIDENCE_FORMAT
            % (
                _quote(e["doc_id"]),
                _quote(e["sentence"]),
                e["start"],
                e["end"],
                _quote(e["rule"]),
                "null" if e["confidence"] is None else repr(float(e["confidence"])),
            )
            for e in evidence
            if len(e) == len(_EVIDENCE_KEYS)
        ]
    except (KeyError, TypeError, ValueError):
        return _JSON.encode(list(evidence))
    if len(items) != len(evidence):  # an item of another shape: the general encoder
        return _JSON.encode(list(evidence))
    return "[" + ",".join(items) + "]"


def _max_confidence(evidence: Any) -> float | None:
    values = [e["confidence"] for e in evidence if e.get("confidence") is not None]
    return float(max(values)) if values else None


def _int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- the derived store inside a workspace: fresh folder, then an atomic switch ---


def read_pointer(root: str | Path) -> dict[str, Any] | None:
    """What ``CURRENT`` says (store folder name, schema version, state), or None."""
    try:
        info = json.loads((Path(root) / POINTER).read_bytes())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and "name" in info else None


def current_path(root: str | Path) -> Path | None:
    """The database file readers should open, or None when there is no usable store."""
    info = read_pointer(root)
    if info is None or info.get("schema") != SCHEMA_VERSION:
        return None
    path = Path(root) / info["name"] / DB_FILENAME
    return path if path.exists() else None


def publish(
    root: str | Path,
    graph: nx.MultiDiGraph,
    ontology: Ontology,
    mentions: Mapping[tuple[str, str], int] | None = None,
    state: str | None = None,
) -> tuple[Path, dict[str, int]]:
    """Load ``graph`` into a new store under ``root`` and make it the current one.

    Returns the new database path and its row counts. The previous store stays
    on disk (a reader may still have it open); older ones are deleted.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    previous = read_pointer(root)
    name = f"store-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
    path = root / name / DB_FILENAME
    with LadybugStore.create(path, ontology) as store:
        counts = store.load(graph, ontology, mentions)
    pointer = {
        "name": name,
        "schema": SCHEMA_VERSION,
        "state": state,
        "engine": ladybug.Database.get_version(),
        "counts": counts,
    }
    write_atomic(root / POINTER, json.dumps(pointer, indent=1).encode("utf-8"), sync=True)
    keep = {name} | ({previous["name"]} if previous else set())
    remove_unused(root, keep)
    return path, counts


def remove_unused(root: str | Path, keep: set[str]) -> None:
    """Delete store folders not in ``keep`` (left by killed builds or superseded)."""
    root = Path(root)
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith("store-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
