"""The embedded Cypher store: LadybugDB on disk, its schema generated from the ontology.

The store is *derived*: everything in it comes from the graph, which comes from
the cache. So it is never updated in place. A build loads a complete new store
into a fresh folder, then switches the workspace's ``CURRENT`` pointer to it
with one atomic rename. Readers always open whatever ``CURRENT`` names: they
keep working while a build runs, and a build killed half-way leaves an
unreferenced folder that the next build deletes, never a half store in use.
A store written under another schema version is not trusted: the next build
replaces it.

Schema (identifiers come from the ontology, checked to be plain names; the
entity, document and evidence columns come from ``graph/columns.py``, which
the exporters share):

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
FROM/TO pair, never row by row. The edge tables are made in ``edges.py`` (every
edge dict read once, in memory order, by C-level iteration and pyarrow) while a
second thread runs the COPY statements of the tables already made (the engine
releases the GIL).
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
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from operator import methodcaller
from pathlib import Path
from typing import Any

import ladybug
import networkx as nx
import pyarrow as pa

from threadline.atomic import write_atomic
from threadline.errors import ConfigError, StoreError
from threadline.graph.columns import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    EVIDENCE_ITEM_FIELDS,
    Column,
    declared_properties,
)
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology
from threadline.graph.store.edges import EVIDENCE_TABLE, POOL, edge_tables
from threadline.graph.store.pointer import (  # noqa: F401 (part of this module's interface)
    DB_FILENAME,
    POINTER,
    SCHEMA_VERSION,
    current_path,
    read_pointer,
)

log = logging.getLogger(__name__)


DOCUMENT_TABLE = "Document"
MENTIONS = "MENTIONS"

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Seconds a thread may hold the GIL while another waits for it, during a load.
LOAD_SWITCH_INTERVAL = 0.0005


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


def _table_columns(columns: tuple[Column, ...]) -> str:
    """The column list of a node table; the first column is its primary key."""
    first, *rest = (c for c in columns if c.in_store)
    return ", ".join(
        [f"{first.name} {first.store_type} PRIMARY KEY"]
        + [f"{c.name} {c.store_type}" for c in rest]
    )


def _node_table(
    columns: tuple[Column, ...], keys: list[str], rows: list[Mapping[str, Any]]
) -> pa.Table:
    """The Arrow table of a node table's rows (``keys`` are their primary keys)."""
    first, *rest = (c for c in columns if c.in_store)
    arrays = {first.name: pa.array(keys, pa.string(), memory_pool=POOL)}
    for column in rest:
        if column.is_list:
            values = [list(row.get(column.name) or ()) for row in rows]
        elif column.name == "name":  # an entity always shows a name, if only an empty one
            values = [str(row.get("name") or "") for row in rows]
        else:
            arrays[column.name] = _scalar_column(column, rows)
            continue
        arrays[column.name] = pa.array(values, column.arrow, memory_pool=POOL)
    return pa.table(arrays)


def _scalar_column(column: Column, rows: list[Mapping[str, Any]]) -> pa.Array:
    """One scalar column, converted by pyarrow from the values themselves when
    they already have the column's kind (the usual case: one C-level pass);
    otherwise each value is coerced (a number kept as text, a bool as a count)."""
    values = list(map(methodcaller("get", column.name), rows))
    if column.kind == "string":  # pyarrow would take bytes as text; str() is the rule
        return pa.array(list(map(column.coerce, values)), column.arrow, memory_pool=POOL)
    try:
        return pa.array(values, column.arrow, memory_pool=POOL)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return pa.array(list(map(column.coerce, values)), column.arrow, memory_pool=POOL)


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
    entity = _table_columns(ENTITY_COLUMNS)
    statements = [f"CREATE NODE TABLE {_name(t)}({entity})" for t in types]
    statements.append(f"CREATE NODE TABLE {DOCUMENT_TABLE}({_table_columns(DOCUMENT_COLUMNS)})")
    evidence = ", ".join(f"{c.name} {c.store_type}" for c in EVIDENCE_ITEM_FIELDS.values())
    statements.append(
        f"CREATE NODE TABLE {EVIDENCE_TABLE}(item INT64 PRIMARY KEY, relation INT64, {evidence})"
    )
    pairs = ", ".join(f"FROM {DOCUMENT_TABLE} TO {_name(t)}" for t in types)
    statements.append(f"CREATE REL TABLE {MENTIONS}({pairs}, count INT64)")
    for name, relation in ontology.relation_types.items():
        if name == MENTIONED_WITH:
            continue
        pairs = ", ".join(f"FROM {_name(s)} TO {_name(t)}" for s, t in relation.pairs())
        declared = "".join(f", {_name(p)} STRING" for p in declared_properties(ontology, name))
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
        with _gc_paused(), _quick_thread_switches(), _Copier(self) as copier:
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
            table = _node_table(ENTITY_COLUMNS, [n for n, _ in nodes], [d for _, d in nodes])
            copier.put(entity_type, table, None, None)
            counts[entity_type] += len(nodes)

        documents = graph.graph.get("documents") or {}
        doc_ids = sorted(documents)
        if doc_ids:
            table = _node_table(DOCUMENT_COLUMNS, doc_ids, [documents[d] for d in doc_ids])
            copier.put(DOCUMENT_TABLE, table, None, None)
            counts[DOCUMENT_TABLE] = len(doc_ids)

        # The MENTIONS tables (they need the node tables only) are queued before
        # the edges are read: the engine loads them while Python gathers the
        # edges, a stretch in which it has nothing else to do.
        for rows, entity_type in _mention_tables(graph, mentions, node_type, known, set(doc_ids)):
            copier.put(MENTIONS, rows, DOCUMENT_TABLE, entity_type)
            counts[MENTIONS] += rows.num_rows
        for table_name, table, source_type, target_type in self._edge_tables(
            graph, ontology, node_type
        ):
            copier.put(table_name, table, source_type, target_type)
            counts[table_name] += table.num_rows
        # Node tables and MENTIONS first, as the store pointer has always listed them.
        ordered = {k: counts[k] for k in (*by_type, DOCUMENT_TABLE, MENTIONS) if k in counts}
        return {**ordered, **counts}

    def _edge_tables(
        self, graph: nx.MultiDiGraph, ontology: Ontology, node_type: dict[str, str]
    ) -> Iterator[tuple[str, pa.Table, str | None, str | None]]:
        """Arrow tables of edges (one per type, source type and target type) and of
        their evidence, as (table, data, source type, target type) to COPY."""
        with _gc_paused():
            yield from edge_tables(graph, ontology, node_type)

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


def _mention_tables(
    graph: nx.MultiDiGraph,
    mentions: Mapping[tuple[str, str], int] | None,
    node_type: dict[Any, Any],
    known: set[str],
    document_set: set[str],
) -> Iterator[tuple[pa.Table, str]]:
    """(MENTIONS rows, entity type) per entity type, made when first asked for.

    ``mentions`` maps (doc_id, entity id) to a mention count; without it,
    each document in a node's ``doc_ids`` mentions it once."""
    if mentions is None:
        mentions = {
            (doc_id, node): 1
            for node, data in graph.nodes(data=True)
            for doc_id in data.get("doc_ids") or ()
        }
    mention_rows: dict[str, tuple[list[str], list[str], list[int]]] = defaultdict(
        lambda: ([], [], [])
    )
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
        yield table, entity_type


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


@contextmanager
def _quick_thread_switches() -> Iterator[None]:
    """Hand the GIL over sooner while loading: the engine's thread needs it for a
    moment at each COPY, and waited out whole switch intervals behind the thread
    making the tables (a relation table's COPY took 0.1-0.4 s instead of 0.05)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(LOAD_SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


class _Copier:
    """Runs COPY statements on a second thread, one after the other, so Python
    can go on making Arrow tables while the engine (which releases the GIL)
    loads the ones already made. The queue is not bounded: the relation tables
    are small next to the evidence, which is converted while they load.
    The first failure is raised in the caller."""

    def __init__(self, store: LadybugStore) -> None:
        self._store = store
        self._queue: queue.Queue[tuple[str, pa.Table, str | None, str | None] | None] = (
            queue.Queue()
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
