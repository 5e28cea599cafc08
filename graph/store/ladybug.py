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
- a rel table per relation type over every FROM/TO pair the ontology allows,
  kept thin: ``id``, ``key``, ``weight`` (its number of evidence items), one
  STRING column per declared property and ``properties`` as JSON text (null
  when it has none);
- ``Evidence`` nodes, one per evidence item of a relation: ``item`` (a
  number), ``relation`` (the relation's ``id``), ``doc_id``, ``sentence``,
  ``start_char``, ``end_char``, ``rule``, ``confidence``. A relation's ``id``
  is the ``item`` of its first evidence item, so ``MATCH (v:Evidence {item:
  r.id})`` is its example sentence and ``MATCH (v:Evidence {relation: r.id})``
  all of them, in order of ``item``. (Not ``id``: unlabelled patterns such as
  ``(n {id: $entity})`` look for entities and must not meet evidence.);
- ``MENTIONED_WITH`` between all entity types (``weight``, ``doc_ids``).

Why evidence has a table of its own: a relation's properties are stored once
per direction, and long text and list columns there made the bulk load ten
times slower than bare edges; a node table holds each sentence once.

Everything is loaded with ``COPY ... FROM`` an Arrow table, one per table and
FROM/TO pair, never row by row. The Arrow tables are made by pyarrow from the
edges' own dicts (no Python loop per evidence item) while a second thread runs
the previous table's COPY (the engine releases the GIL).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import queue
import re
import secrets
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug
import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from threadline.atomic import write_atomic
from threadline.errors import ConfigError, StoreError
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology
from threadline.graph.store.pointer import (  # noqa: F401 (part of this module's interface)
    DB_FILENAME,
    POINTER,
    SCHEMA_VERSION,
    current_path,
    read_pointer,
)

log = logging.getLogger(__name__)


DOCUMENT_TABLE = "Document"
EVIDENCE_TABLE = "Evidence"
MENTIONS = "MENTIONS"

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED_REL_COLUMNS = {
    "id",
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
    for table in (DOCUMENT_TABLE, EVIDENCE_TABLE):
        if table in types:
            raise ConfigError(f"entity type {table!r} clashes with the store's {table} table")
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
    statements.append(
        f"CREATE NODE TABLE {EVIDENCE_TABLE}(item INT64 PRIMARY KEY, relation INT64, "
        "doc_id STRING, sentence STRING, start_char INT64, end_char INT64, rule STRING, "
        "confidence DOUBLE)"
    )
    pairs = ", ".join(f"FROM {DOCUMENT_TABLE} TO {_name(t)}" for t in types)
    statements.append(f"CREATE REL TABLE {MENTIONS}({pairs}, count INT64)")
    for name, relation in ontology.relation_types.items():
        if name == MENTIONED_WITH:
            continue
        pairs = ", ".join(f"FROM {_name(s)} TO {_name(t)}" for s, t in relation.pairs())
        declared = "".join(f", {_name(p)} STRING" for p in _declared_properties(ontology, name))
        statements.append(
            f"CREATE REL TABLE {_name(name)}({pairs}, id INT64, key STRING, weight INT64"
            f"{declared}, properties STRING)"
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
            # Compressed: with the evidence text in a node table of its own (no
            # longer repeated per direction in the relation tables) the smaller
            # file checkpoints faster than the uncompressed one loads.
            # No automatic checkpoints while loading: one at close instead of one
            # per COPY statement (each costs tens of milliseconds).
            database = ladybug.Database(str(path), read_only=read_only, auto_checkpoint=read_only)
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
        with _gc_paused(), _Copier(self) as copier:
            return self._load(graph, ontology, mentions, copier)

    def _load(
        self,
        graph: nx.MultiDiGraph,
        ontology: Ontology,
        mentions: Mapping[tuple[str, str], int] | None,
        copier: _Copier,
    ) -> dict[str, int]:
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
            copier.put(entity_type, table, None, None)
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
            copier.put(DOCUMENT_TABLE, table, None, None)
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
            copier.put(MENTIONS, table, DOCUMENT_TABLE, entity_type)
            counts[MENTIONS] += len(sources)

        for table_name, table, source_type, target_type in self._edge_tables(
            graph, ontology, node_type
        ):
            copier.put(table_name, table, source_type, target_type)
            counts[table_name] += table.num_rows
        return dict(counts)

    def _edge_tables(
        self, graph: nx.MultiDiGraph, ontology: Ontology, node_type: dict[str, str]
    ) -> Iterator[tuple[str, pa.Table, str | None, str | None]]:
        """Arrow tables of edges (one per type, source type and target type) and of
        their evidence, as (table, data, source type, target type) to COPY.

        One pass over the raw adjacency dicts sorts the edges into groups; each
        group's columns are then made by pyarrow from the edge dicts themselves,
        with the cyclic garbage collector paused, so a million edges take a
        couple of seconds, not a minute.
        """
        groups: dict[tuple[str, str, str], _EdgeGroup | None] = {}
        with _gc_paused():
            for source, neighbours in graph.adjacency():
                source_type = node_type.get(source)
                for target, keyed in neighbours.items():
                    target_type = node_type.get(target)
                    for key, data in keyed.items():
                        group = (data.get("type"), source_type, target_type)
                        sink = groups.get(group, False)
                        if sink is False:
                            sink = groups[group] = _EdgeGroup.for_group(group, ontology)
                        if sink is not None:
                            sink.sources.append(source)
                            sink.targets.append(target)
                            sink.keys.append(key)
                            sink.data.append(data)
            next_id = 0
            evidence_tables: list[pa.Table] = []
            for (rel, source_type, target_type), sink in list(groups.items()):
                if sink is None:
                    continue
                if sink.comention:
                    yield rel, sink.comention_table(), source_type, target_type
                    continue
                table, evidence, next_id = sink.tables(next_id)
                yield rel, table, source_type, target_type
                evidence_tables.append(evidence)
                groups[(rel, source_type, target_type)] = None  # free its lists early
            # One COPY for all evidence: appending to a node table that already
            # holds rows costs several times more than filling it at once.
            if evidence_tables:
                yield EVIDENCE_TABLE, pa.concat_tables(evidence_tables), None, None

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
        self._execute(f"COPY {_name(table_name)} FROM $data{options}", {"data": data})

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


class _Copier:
    """Runs COPY statements on a second thread, one after the other, so Python
    can make the next Arrow table while the engine (which releases the GIL)
    loads the previous one. The first failure is raised in the caller."""

    def __init__(self, store: LadybugStore) -> None:
        self._store = store
        self._queue: queue.Queue[tuple[str, pa.Table, str | None, str | None] | None] = queue.Queue(
            maxsize=2
        )
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="store-copy", daemon=True)

    def __enter__(self) -> _Copier:
        self._thread.start()
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and kind is None:
            raise self._error

    def put(
        self, table_name: str, data: pa.Table, source_type: str | None, target_type: str | None
    ) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((table_name, data, source_type, target_type))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._store._copy(*item)
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc


_EVIDENCE_ITEM = pa.struct(
    [
        ("doc_id", pa.string()),
        ("sentence", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("rule", pa.string()),
        ("confidence", pa.float64()),
    ]
)
_EVIDENCE_LIST = pa.list_(_EVIDENCE_ITEM)
_EVIDENCE_COLUMNS = {
    "doc_id": "doc_id",
    "sentence": "sentence",
    "start": "start_char",
    "end": "end_char",
    "rule": "rule",
    "confidence": "confidence",
}


class _EdgeGroup:
    """The edges of one (relation type, source type, target type) table."""

    def __init__(self, declared: list[str] | None) -> None:
        self.comention = declared is None
        self.declared = declared or []
        self.sources: list[str] = []
        self.targets: list[str] = []
        self.keys: list[Any] = []
        self.data: list[dict[str, Any]] = []

    @classmethod
    def for_group(cls, group: tuple[str, str, str], ontology: Ontology) -> _EdgeGroup | None:
        rel, source_type, target_type = group
        if rel == MENTIONED_WITH:
            types = ontology.entity_types
            return cls(None) if source_type in types and target_type in types else None
        if ontology.allows(rel, source_type, target_type):
            return cls(_declared_properties(ontology, rel))
        log.debug("store: %s edges %s -> %s not in the ontology", rel, source_type, target_type)
        return None

    def _ends(self) -> dict[str, pa.Array]:
        return {
            "from": pa.array(self.sources, pa.string()),
            "to": pa.array(self.targets, pa.string()),
        }

    def comention_table(self) -> pa.Table:
        doc_ids: list[str] = []
        offsets = [0]
        for data in self.data:
            evidence = data.get("evidence") or ()
            if len(evidence) == 1:
                doc_ids.append(evidence[0]["doc_id"])
            else:
                doc_ids.extend(sorted({e["doc_id"] for e in evidence}))
            offsets.append(len(doc_ids))
        return pa.table(
            {
                **self._ends(),
                "weight": _int_array([d.get("weight") for d in self.data]),
                "doc_ids": pa.ListArray.from_arrays(
                    pa.array(offsets, pa.int32()), pa.array(doc_ids, pa.string())
                ),
            }
        )

    def tables(self, next_id: int) -> tuple[pa.Table, pa.Table, int]:
        """The relation table and its evidence table; ids start at ``next_id``.

        Returns both and the next free id. A relation's id is its first
        evidence item's; a relation without evidence still takes one id.
        """
        data = self.data
        edges = _edge_struct(data, self.declared)
        evidence = edges.field("evidence")
        offsets = evidence.offsets.to_numpy().astype(np.int64)
        lengths = np.diff(offsets)
        sizes = np.maximum(lengths, 1)
        stops = np.cumsum(sizes)
        ids = next_id + stops - sizes
        relation = np.repeat(ids, lengths)
        within = np.arange(len(relation), dtype=np.int64) - np.repeat(
            offsets[:-1] - offsets[0], lengths
        )
        items = evidence.flatten()
        evidence_table = pa.table(
            {
                "item": pa.array(relation + within, pa.int64()),
                "relation": pa.array(relation, pa.int64()),
                **{column: items.field(field) for field, column in _EVIDENCE_COLUMNS.items()},
            }
        )
        # Most relations have no properties: JSON text only for those that do.
        json_text: list[str | None] = [None] * len(data)
        encoded: dict[Any, str] = {}
        for i, props in enumerate([d.get("properties") for d in data]):
            if props:
                key = self.keys[i]
                text = encoded.get(key)
                if text is None:  # the key is type + properties: one encoding per key
                    text = encoded[key] = _JSON.encode(props)
                json_text[i] = text
        declared = (
            {p: edges.field("properties").field(p) for p in self.declared} if self.declared else {}
        )
        table = pa.table(
            {
                **self._ends(),
                "id": pa.array(ids, pa.int64()),
                "key": _string_array(self.keys),
                "weight": pc.fill_null(edges.field("weight"), 0),
                **declared,
                "properties": pa.array(json_text, pa.string()),
            }
        )
        next_id += int(stops[-1]) if len(stops) else 0
        return table, evidence_table, next_id


def _edge_struct(data: list[dict[str, Any]], declared: list[str]) -> pa.StructArray:
    """Weight, declared properties and evidence of edges as one Arrow struct
    array, converted by pyarrow in C from the edge dicts themselves.

    Edges of an unusual shape (a count or offset as text, a property that is
    a number) go through a slower path that coerces each value, as before.
    """
    fields = [("weight", pa.int64()), ("evidence", _EVIDENCE_LIST)]
    if declared:
        fields.append(("properties", pa.struct([(p, pa.string()) for p in declared])))
    kind = pa.struct(fields)
    try:
        return pa.array(data, kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, KeyError, AttributeError):
        return pa.array([_coerced(d, declared) for d in data], kind)


def _coerced(data: dict[str, Any], declared: list[str]) -> dict[str, Any]:
    props = data.get("properties") or {}
    return {
        "weight": _int(data.get("weight")),
        "properties": {p: _str(props.get(p)) for p in declared},
        "evidence": [
            {
                "doc_id": _str(e.get("doc_id")),
                "sentence": _str(e.get("sentence")),
                "start": _int(e.get("start")),
                "end": _int(e.get("end")),
                "rule": _str(e.get("rule")),
                "confidence": _float(e.get("confidence")),
            }
            for e in data.get("evidence") or ()
        ],
    }


def _string_array(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pa.array([_str(v) for v in values], pa.string())


def _int_array(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pa.array([_int(v) for v in values], pa.int64())


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


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
