"""A graph's edges as Arrow tables for the store's COPY: one table per relation
type and FROM/TO pair, and one table of all their evidence.

Why it is shaped this way: with a million edges, the cost is not arithmetic
but touching Python objects, and touching them out of the order they lie in
memory (a cache and TLB miss each). So every edge dict is read once and the
adjacency's own dicts at most twice, in the graph's own adjacency order, by
C-level iteration (``chain``, ``map``) and one pyarrow conversion of the edge
dicts; grouping by table, ids and evidence
numbering are then done on Arrow and NumPy arrays (``take``, ``repeat``),
never by a Python loop per edge or per evidence item.

The output is exactly what a per-group loop over ``graph.adjacency()`` gives:
groups in order of their first edge, edges in adjacency order within a group,
relation ids numbered across groups in that order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from itertools import chain
from operator import itemgetter, methodcaller
from typing import Any

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from threadline.graph.columns import EVIDENCE_ITEM_FIELDS, declared_properties
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology

log = logging.getLogger(__name__)

EVIDENCE_TABLE = "Evidence"

# Arrow buffers of the load come from the C library's allocator: pyarrow's
# default pool (mimalloc) returns and re-commits pages to the kernel so often
# that converting a million evidence items spent more time in the kernel
# (page commits) than in the conversion; with malloc the same conversion costs
# about a third of the system time. Local to these calls, not process-wide.
POOL = pa.system_memory_pool()

# Rows per record batch of the Evidence table (see ``_evidence_table``).
EVIDENCE_BATCH_ROWS = 16_384

_EVIDENCE_ITEM = pa.struct(
    [(field, column.arrow) for field, column in EVIDENCE_ITEM_FIELDS.items()]
)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_VALUES = methodcaller("values")
_PROPERTIES = methodcaller("get", "properties")
_TYPE = methodcaller("get", "type")
_WEIGHT = methodcaller("get", "weight")
_EVIDENCE = methodcaller("get", "evidence")
_FIELDS = itemgetter("type", "weight", "evidence", "properties")

EdgeTable = tuple[str, pa.Table, str | None, str | None]


def edge_tables(
    graph: nx.MultiDiGraph, ontology: Ontology, node_type: dict[Any, Any]
) -> Iterator[EdgeTable]:
    """(table name, Arrow table, FROM type, TO type) for every edge table, then
    the Evidence table (FROM/TO None). Edges the ontology does not allow are left out.

    The relation tables need only each edge's type, weight and number of
    evidence items, read first; they are handed to the engine before the
    evidence (most of the data) is converted, so that conversion runs while
    the engine loads them.
    """
    edges = _Edges(graph, node_type)
    if not edges.data:
        return
    in_memory = edges.in_memory_order  # row i is edge edges.memory_order[i]
    type_list, weight_list, evidence_lists, property_list = _edge_fields(in_memory)
    relation = _string_array(type_list)
    weights = _int_array(weight_list)
    del type_list, weight_list
    try:
        lengths = np.fromiter(map(len, evidence_lists), np.int64, len(evidence_lists))
    except TypeError:  # evidence missing or None on some edge
        evidence_lists = [e or () for e in evidence_lists]
        lengths = np.fromiter(map(len, evidence_lists), np.int64, len(evidence_lists))
    groups, order, bounds = _groups(relation, edges, node_type)
    # Which rows go to which table: co-mentions, typed relations, or none.
    typed: dict[int, tuple[Any, Any, Any]] = {}
    comention: dict[int, np.ndarray] = {}
    for number, (rel, source_type, target_type) in enumerate(groups):
        if rel == MENTIONED_WITH:
            types = ontology.entity_types
            if source_type in types and target_type in types:
                comention[number] = order[bounds[number] : bounds[number + 1]]
        elif ontology.allows(rel, source_type, target_type):
            typed[number] = (rel, source_type, target_type)
        else:
            log.debug("store: %s edges %s -> %s not in the ontology", rel, source_type, target_type)
    typed_rows = (
        np.concatenate([order[bounds[n] : bounds[n + 1]] for n in typed])
        if typed
        else np.empty(0, np.int64)
    )
    # A relation's id is its first evidence item's; one without evidence
    # still takes one id. Numbered in table order, as the tables are loaded.
    sizes = np.maximum(lengths[edges.position[typed_rows]], 1)
    ids = np.cumsum(sizes) - sizes
    nonempty = np.fromiter(map(bool, property_list), bool, len(in_memory))
    nonempty = nonempty[edges.position]
    del property_list
    encoded: dict[Any, str] = {}
    start = 0
    for number, (rel, source_type, target_type) in enumerate(groups):
        if number in comention:
            rows = comention[number]
            weight = _take(weights, edges.position[rows])
            yield rel, _comention_table(edges, weight, rows), source_type, target_type
            continue
        if number not in typed:
            continue
        size = int(bounds[number + 1] - bounds[number])
        rows = typed_rows[start : start + size]
        properties = _properties(edges, rows, nonempty, declared_properties(ontology, rel), encoded)
        table = pa.table(
            {
                **edges.ends(rows),
                "id": pa.array(ids[start : start + size], pa.int64()),
                "key": _take(edges.array("keys"), rows),
                "weight": pc.fill_null(_take(weights, edges.position[rows]), 0),
                **properties,
            }
        )
        start += size
        yield rel, table, source_type, target_type
    if len(typed_rows):
        relation_of_row = np.full(len(in_memory), -1, np.int64)  # in memory order
        relation_of_row[edges.position[typed_rows]] = ids
        yield EVIDENCE_TABLE, _evidence_table(evidence_lists, lengths, relation_of_row), None, None


def _edge_fields(in_memory: list[dict[str, Any]]) -> tuple[list[Any], ...]:
    """Every edge's type, weight, evidence list and properties, as four lists:
    one C-level pass over the dicts (each is touched once), then a transpose.
    An edge missing one of the keys sends all of them through ``dict.get``."""
    try:
        rows = list(map(_FIELDS, in_memory))
    except KeyError:
        return tuple(
            list(map(getter, in_memory)) for getter in (_TYPE, _WEIGHT, _EVIDENCE, _PROPERTIES)
        )
    # Four passes over the tuples (which lie together in memory) are several
    # times cheaper than ``zip(*rows)``, which makes an iterator per row.
    return tuple(list(map(itemgetter(i), rows)) for i in range(4))


def _evidence_table(
    evidence_lists: list[Any], lengths: np.ndarray, relation_of_row: np.ndarray
) -> pa.Table:
    """Every evidence item of the typed edges with its ``item`` (its relation's
    id plus its place in the relation's list) and ``relation``, in memory
    order (rows are found by ``item``, never by position). One table, so one
    COPY: appending to a node table that already holds rows costs several
    times more than filling it at once.
    """
    rows = np.flatnonzero(relation_of_row >= 0)
    if len(rows) < len(relation_of_row):  # co-mentions and edges the ontology refuses
        evidence_lists = list(map(evidence_lists.__getitem__, rows.tolist()))
        lengths, relation_of_row = lengths[rows], relation_of_row[rows]
    relation = np.repeat(relation_of_row, lengths)
    firsts = np.cumsum(lengths) - lengths
    within = np.arange(len(relation), dtype=np.int64) - np.repeat(firsts, lengths)
    items = list(chain.from_iterable(evidence_lists))
    item_numbers = relation + within
    # Converted batch by batch: one conversion of a million items holds the GIL for a
    # second, and the engine's thread, loading the relation tables meanwhile, needs it
    # for a moment at each COPY. In record batches: the engine scans the batches of
    # one COPY on several threads, and a single batch on one. Row order does not
    # matter here, rows are found by ``item``.
    batches = []
    for first in range(0, max(len(items), 1), EVIDENCE_BATCH_ROWS):  # one batch if empty
        last = first + EVIDENCE_BATCH_ROWS
        struct = _evidence_struct(items[first:last])
        columns = {
            "item": pa.array(item_numbers[first:last], pa.int64()),
            "relation": pa.array(relation[first:last], pa.int64()),
            **{column.name: struct.field(field) for field, column in EVIDENCE_ITEM_FIELDS.items()},
        }
        batches.append(pa.record_batch(columns))
    return pa.Table.from_batches(batches)


class _Edges:
    """Every edge's source, target, key and data dict, in adjacency order,
    gathered level by level with C-level iteration; and the data dicts in the
    order they lie in memory, the order in which reading them is cheapest.

    A freshly built graph's adjacency order jumps around memory (edges are
    added as they are found, then listed by source): converting its edge
    dicts in that order costs four times as much as in address order, which
    ``id`` gives without touching the objects.
    """

    def __init__(self, graph: nx.MultiDiGraph, node_type: dict[Any, Any]) -> None:
        by_source = list(graph.adjacency())
        neighbours = list(map(itemgetter(1), by_source))
        self.source_ids = list(map(itemgetter(0), by_source))
        self.target_ids = list(chain.from_iterable(neighbours))  # one per (source, target)
        keyed = list(chain.from_iterable(map(_VALUES, neighbours)))
        # Keys and edge dicts in two passes over the keyed dicts: cheaper than making a
        # (key, dict) tuple per edge and taking it apart (0.51 s against 0.66 s cold
        # on a million edges).
        self.keys = list(chain.from_iterable(keyed))
        self.data: list[dict[str, Any]] = list(chain.from_iterable(map(_VALUES, keyed)))
        pair_source = np.repeat(
            np.arange(len(by_source)), np.fromiter(map(len, neighbours), np.int64, len(by_source))
        )
        if len(self.data) == len(keyed):  # one edge per (source, target): the usual case
            self.pair = np.arange(len(keyed))
        else:
            counts = np.fromiter(map(len, keyed), np.int64, len(keyed))
            self.pair = np.repeat(np.arange(len(keyed)), counts)
        self.source = pair_source[self.pair]
        addresses = np.fromiter(map(id, self.data), np.uint64, len(self.data))
        self.memory_order = np.argsort(addresses)
        self.position = np.empty_like(self.memory_order)  # edge -> its row in memory order
        self.position[self.memory_order] = np.arange(len(self.memory_order))
        self.in_memory_order = list(map(self.data.__getitem__, self.memory_order.tolist()))
        # Ends as positions among the graph's nodes: a million target ids are
        # looked up in a dict once, not converted to Arrow text one by one.
        self.nodes = list(node_type)
        index = dict(zip(self.nodes, range(len(self.nodes)), strict=True))
        self.source_node = np.fromiter(
            map(index.__getitem__, self.source_ids), np.int64, len(self.source_ids)
        )
        self.target_node = np.fromiter(
            map(index.__getitem__, self.target_ids), np.int64, len(self.target_ids)
        )
        self._arrays: dict[str, pa.Array] = {}

    def array(self, name: str) -> pa.Array:
        """Node ids or keys as an Arrow string array, made once."""
        if name not in self._arrays:
            values = {"nodes": self.nodes, "keys": self.keys}
            self._arrays[name] = _string_array(values[name])
        return self._arrays[name]

    def ends(self, rows: np.ndarray) -> dict[str, pa.Array]:
        return {
            "from": _take(self.array("nodes"), self.source_node[self.source[rows]]),
            "to": _take(self.array("nodes"), self.target_node[self.pair[rows]]),
        }


def _groups(
    relation_types: pa.Array, edges: _Edges, node_type: dict[Any, Any]
) -> tuple[list[tuple[Any, Any, Any]], np.ndarray, np.ndarray]:
    """The (type, source type, target type) groups in order of their first edge,
    the edge rows sorted by group (stable: adjacency order within a group) and
    each group's bounds in that order."""
    encoded = relation_types.dictionary_encode()
    relation_names: list[Any] = [*encoded.dictionary.to_pylist(), None]
    relation = encoded.indices.fill_null(len(relation_names) - 1).to_numpy().astype(np.int64)
    relation = relation[edges.position]  # the types are in memory order
    type_names = list(dict.fromkeys(node_type.values()))
    type_code = {name: i for i, name in enumerate(type_names)}
    node_code = np.fromiter(
        map(type_code.__getitem__, node_type.values()), np.int64, len(node_type)
    )
    source_code = node_code[edges.source_node][edges.source]
    target_code = node_code[edges.target_node][edges.pair]
    width = max(len(type_names), 1)
    code = (relation * width + source_code) * width + target_code
    unique, first = np.unique(code, return_index=True)
    unique = unique[np.argsort(first, kind="stable")]
    rank = np.empty(int(unique.max()) + 1, np.int64)
    rank[unique] = np.arange(len(unique))
    edge_rank = rank[code]
    order = np.argsort(edge_rank, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(edge_rank, minlength=len(unique)))))
    groups = [
        (
            relation_names[int(c) // (width * width)],
            type_names[int(c) // width % width],
            type_names[int(c) % width],
        )
        for c in unique
    ]
    return groups, order, bounds


def _evidence_struct(items: list[Any]) -> pa.StructArray:
    """Evidence items as one Arrow struct array, converted by pyarrow in C from
    the dicts themselves; items of an unusual shape (an offset as text) make
    the conversion go through a slower path that coerces each value."""
    try:
        return pa.array(items, _EVIDENCE_ITEM, memory_pool=POOL)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, KeyError, AttributeError):
        coerced = [
            {field: column.coerce(e.get(field)) for field, column in EVIDENCE_ITEM_FIELDS.items()}
            for e in items
        ]
        return pa.array(coerced, _EVIDENCE_ITEM, memory_pool=POOL)


def _properties(
    edges: _Edges,
    rows: np.ndarray,
    nonempty: np.ndarray,
    declared: list[str],
    encoded: dict[Any, str],
) -> dict[str, pa.Array]:
    """A group's declared property columns (text) and ``properties``, its JSON
    text (null when an edge has none): only the few edges with properties are read."""
    columns: dict[str, list[str | None]] = {p: [None] * len(rows) for p in declared}
    json_text: list[str | None] = [None] * len(rows)
    for position in np.flatnonzero(nonempty[rows]).tolist():
        row = int(rows[position])
        props = edges.data[row]["properties"]
        for name in declared:
            columns[name][position] = _str(props.get(name))
        key = edges.keys[row]
        text = encoded.get(key)
        if text is None:  # the key is type + properties: one encoding per key
            text = encoded[key] = _JSON.encode(props)
        json_text[position] = text
    return {
        **{name: pa.array(values, pa.string()) for name, values in columns.items()},
        "properties": pa.array(json_text, pa.string()),
    }


def _comention_table(edges: _Edges, weight: pa.Array, rows: np.ndarray) -> pa.Table:
    """MENTIONED_WITH rows: ends, weight and the sorted distinct documents of the evidence."""
    doc_ids: list[str] = []
    offsets = [0]
    for row in rows.tolist():
        evidence: list[dict[str, Any]] = edges.data[row].get("evidence") or []
        if len(evidence) == 1:
            doc_ids.append(evidence[0]["doc_id"])
        else:
            doc_ids.extend(sorted({e["doc_id"] for e in evidence}))
        offsets.append(len(doc_ids))
    return pa.table(
        {
            **edges.ends(rows),
            "weight": weight,
            "doc_ids": pa.ListArray.from_arrays(
                pa.array(offsets, pa.int32()), pa.array(doc_ids, pa.string())
            ),
        }
    )


def _take(values: pa.Array, rows: np.ndarray) -> pa.Array:
    """``values`` at ``rows`` (positions), in a buffer of the load's pool."""
    return pc.take(values, pa.array(rows), memory_pool=POOL)


def _string_array(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values, pa.string(), memory_pool=POOL)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pa.array([_str(v) for v in values], pa.string(), memory_pool=POOL)


def _int_array(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values, pa.int64(), memory_pool=POOL)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pa.array([_int(v) for v in values], pa.int64(), memory_pool=POOL)


def _int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
