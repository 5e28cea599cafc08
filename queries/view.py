"""Choose what a picture of the graph draws: the HTML view and the static plot agree.

Two decisions are made here, once, so both renderers tell the same story:

- ``MENTIONED_WITH`` co-mentions are left out unless asked for, and entities
  that only had co-mentions go with them (a cloud of unconnected dots says
  nothing); entities that had no edges at all in the input stay.
- Above a size limit the most central entities are kept (PageRank when the
  analytics ran, else degree), and the selection says how many were left out,
  so the page can say so instead of silently showing part of the graph.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n in "abcd":
...     g.add_node(n, name=n.upper(), type="Organization")
>>> _ = g.add_edge("a", "b", key="PART_OF", type="PART_OF", weight=1)
>>> _ = g.add_edge("c", "b", key="PART_OF", type="PART_OF", weight=1)
>>> _ = g.add_edge("a", "d", key="MENTIONED_WITH", type="MENTIONED_WITH", weight=3)
>>> view = select_view(g, max_nodes=2)
>>> sorted(view.graph), view.total_nodes, view.comention_only
(['a', 'b'], 3, 1)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from threadline.graph.model import MENTIONED_WITH
from threadline.graph.subgraph import ego_graph, filter_graph
from threadline.lookup import find_entity

__all__ = ["View", "clean_text", "node_sizes", "select_view", "view_subgraph"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: Any) -> str:
    r"""A string that encodes as UTF-8: lone surrogates (from badly decoded input) become U+FFFD.

    >>> clean_text("ok\udcff") == "ok\ufffd"
    True
    """
    return _SURROGATE.sub("\ufffd", str(text))


@dataclass(slots=True)
class View:
    """The graph to draw and what was left out of it."""

    graph: nx.MultiDiGraph
    total_nodes: int  # entities before the size limit (co-mention-only ones excluded)
    total_edges: int  # edges before the size limit
    comention_only: int  # entities hidden because only co-mentions linked them
    ranked_by: str  # "pagerank" or "degree": what decided who stays

    @property
    def left_out(self) -> int:
        return self.total_nodes - self.graph.number_of_nodes()

    @property
    def truncated(self) -> bool:
        return self.left_out > 0


def _typed_degree(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Distinct neighbours per node, direction ignored (the analytics' ``degree``)."""
    neighbours: dict[str, set[str]] = {n: set() for n in graph}
    for source, target in graph.edges():
        if source != target:
            neighbours[source].add(target)
            neighbours[target].add(source)
    return {n: len(s) for n, s in neighbours.items()}


def node_sizes(graph: nx.MultiDiGraph, size_by: str = "pagerank") -> tuple[dict[str, float], str]:
    """Per-node size values and the metric actually used.

    ``size_by`` is honoured when every node carries it (analytics ran);
    otherwise degree is used, from the node attribute or counted here.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> node_sizes(g)
    ({'a': 2, 'b': 1, 'c': 1}, 'degree')
    """
    nodes = graph.nodes
    for metric in (size_by, "degree"):
        values = [nodes[n].get(metric) for n in graph]
        if graph and all(isinstance(v, int | float) for v in values):
            return {n: float(v) for n, v in zip(graph, values, strict=True)}, metric
    return dict(_typed_degree(graph)), "degree"


def select_view(
    graph: nx.MultiDiGraph,
    max_nodes: int,
    comentions: bool = False,
) -> View:
    """The part of ``graph`` to draw: at most ``max_nodes`` entities, the most central first."""
    total_before = graph.number_of_nodes()
    view = nx.MultiDiGraph()
    view.graph.update(graph.graph)
    view.add_nodes_from(graph.nodes(data=True))
    for source, target, key, data in graph.edges(keys=True, data=True):
        if comentions or data.get("type") != MENTIONED_WITH:
            view.add_edge(source, target, key=key, **data)
    if not comentions:
        stranded = [n for n in view if view.degree(n) == 0 and graph.degree(n) > 0]
        view.remove_nodes_from(stranded)
    comention_only = total_before - view.number_of_nodes()
    total_nodes, total_edges = view.number_of_nodes(), view.number_of_edges()

    rank, ranked_by = node_sizes(view, "pagerank")
    if total_nodes > max_nodes:
        sub = view.subgraph(_most_central(view, rank, max_nodes)).copy()
        sub.graph.update(view.graph)
        view = sub
    return View(view, total_nodes, total_edges, comention_only, ranked_by)


def _most_central(view: nx.MultiDiGraph, rank: dict[str, float], limit: int) -> list[str]:
    """The ``limit`` most central entities, each with its most central neighbour.

    Taking entities by rank alone cuts relations in half and leaves dots whose
    only partner fell below the line; pulling in each kept entity's best
    neighbour keeps every kept relation visible. Entities without relations
    come last: PageRank gives an isolated entity about as much as a leaf, but
    it adds nothing to a picture.
    """
    nodes = view.nodes

    def order(n: str) -> tuple[bool, float, int, str]:
        isolated = view.degree(n) == 0
        return (isolated, -rank[n], -int(nodes[n].get("mention_count") or 0), str(n))

    keep: dict[str, None] = {}
    for node in sorted(view, key=order):
        if len(keep) >= limit:
            break
        if node in keep:
            continue
        keep[node] = None
        neighbours = (set(view.successors(node)) | set(view.predecessors(node))) - {node}
        if neighbours and len(keep) < limit and not any(n in keep for n in neighbours):
            keep[min(neighbours, key=order)] = None
    return list(keep)


def view_subgraph(
    graph: nx.MultiDiGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    entities: Collection[str] | None = None,
    types: Collection[str] | None = None,
    relations: Collection[str] | None = None,
    min_weight: float = 0,
    comentions: bool = False,
) -> nx.MultiDiGraph:
    """The part of the workspace graph a view asks for (``threadline viz`` options).

    ``entity`` (a name or alias) keeps its neighbourhood within ``hops``; the
    walk follows co-mentions only when ``comentions`` is set. ``entities``
    keeps those ids and the edges among them (a query result). Type, relation
    and weight filters then apply as everywhere else (``filter_graph``); the
    centre of an ego view stays even when its own type is filtered out.
    Co-mention edges are left in: the renderers hide them unless asked and say
    how many entities that hides.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", name="Alice", type="Person", aliases=[])
    >>> g.add_node("b", name="Acme", type="Organization", aliases=[])
    >>> g.add_node("c", name="Paris", type="Location", aliases=[])
    >>> _ = g.add_edge("a", "b", key="WORKS_FOR", type="WORKS_FOR", weight=1)
    >>> _ = g.add_edge("b", "c", key="LOCATED_IN", type="LOCATED_IN", weight=1)
    >>> sorted(view_subgraph(g, entity="alice", hops=1))
    ['a', 'b']
    >>> sorted(view_subgraph(g, entity="alice", hops=2, types=["Location"]))
    ['a', 'c']
    """
    center = None
    view = graph
    if entity is not None:
        center = find_entity(graph, entity)
        walk = graph if comentions else filter_graph(graph, comentions=False, keep_isolated=True)
        view = _induced(graph, ego_graph(walk, center, hops))
    if entities is not None:
        view = _induced(view, [n for n in entities if n in view])
    if types or relations or min_weight:
        wanted = set(types) | {view.nodes[center]["type"]} if types and center else types
        view = filter_graph(
            view, types=wanted, relations=relations, min_weight=min_weight, comentions=True
        )
    return view


def _induced(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    sub = graph.subgraph(nodes).copy()
    sub.graph.update(graph.graph)
    return sub
