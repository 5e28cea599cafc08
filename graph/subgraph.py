"""Cut a view out of the graph: by entity type, relation type, weight, or around an entity.

Shared by the views, the exports and the queries so ``--types``,
``--relations`` and ``--min-weight`` mean the same thing everywhere.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", type="Person"); g.add_node("b", type="Organization"); g.add_node("c", type="Location")
>>> _ = g.add_edge("a", "b", key="WORKS_FOR", type="WORKS_FOR", weight=2)
>>> _ = g.add_edge("b", "c", key="LOCATED_IN", type="LOCATED_IN", weight=1)
>>> sorted(filter_graph(g, min_weight=2).nodes)
['a', 'b']
>>> sorted(ego_graph(g, "a", hops=1).nodes)
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from threadline.errors import QueryError
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology


def filter_graph(
    graph: nx.MultiDiGraph,
    types: Collection[str] | None = None,
    relations: Collection[str] | None = None,
    min_weight: float = 0,
    comentions: bool = True,
    keep_isolated: bool = False,
) -> nx.MultiDiGraph:
    """A copy holding the nodes of ``types`` and the edges of ``relations`` weighing ``min_weight`` or more.

    Nodes left without edges are dropped unless ``keep_isolated`` (a filter on
    relations should not leave a cloud of unconnected dots).
    """
    wanted_types = set(types) if types else None
    wanted_relations = set(relations) if relations else None
    result = nx.MultiDiGraph()
    result.graph.update(graph.graph)
    for node, data in graph.nodes(data=True):
        if wanted_types is None or data.get("type") in wanted_types:
            result.add_node(node, **data)
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source not in result or target not in result:
            continue
        rtype = data.get("type")
        if rtype == MENTIONED_WITH and not comentions and wanted_relations is None:
            continue
        if wanted_relations is not None and rtype not in wanted_relations:
            continue
        if float(data.get("weight", 1)) < min_weight:
            continue
        result.add_edge(source, target, key=key, **data)
    if not keep_isolated and (wanted_relations is not None or min_weight > 0 or not comentions):
        result.remove_nodes_from([n for n in list(result) if result.degree(n) == 0])
    return result


def ego_graph(graph: nx.MultiDiGraph, center: str, hops: int = 1) -> nx.MultiDiGraph:
    """The entities within ``hops`` of ``center``, direction ignored, with the edges among them."""
    nodes = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, hops)
    sub = graph.subgraph(nodes).copy()
    sub.graph.update(graph.graph)
    return sub


def check_filters(
    graph: nx.MultiDiGraph,
    types: Collection[str] | None,
    relations: Collection[str] | None,
    ontology: Ontology,
) -> None:
    """Refuse a type or relation filter that cannot match: unknown names, or none in this graph.

    A filter that matches nothing would draw a blank page or write an empty
    file and still look like success; the QueryError says which name is wrong
    and what there is instead.
    """
    from threadline.lookup import did_you_mean

    for option, wanted, known, present in (
        (
            "--types",
            types,
            list(ontology.entity_types),
            {data.get("type") for _, data in graph.nodes(data=True)},
        ),
        (
            "--relations",
            relations,
            [*ontology.relation_types, MENTIONED_WITH],
            {data.get("type") for _, _, data in graph.edges(data=True)},
        ),
    ):
        for name in wanted or ():
            if name not in known:
                raise QueryError(
                    f"{option}: unknown type {name!r}{did_you_mean(name, known)}; "
                    f"known: {', '.join(known)}"
                )
        if wanted and not present & set(wanted):
            listed = ", ".join(sorted(t for t in present if t)) or "none"
            raise QueryError(
                f"{option} {','.join(wanted)}: nothing of that type in this workspace "
                f"(present: {listed})"
            )


def empty_result(
    types: Collection[str] | None,
    relations: Collection[str] | None,
    min_weight: float,
    entity: str | None = None,
) -> str:
    """The message for a cut that left no entity, naming the filters that did it."""
    given = []
    if entity:
        given.append(f"--entity {entity!r}")
    if types:
        given.append(f"--types {','.join(types)}")
    if relations:
        given.append(f"--relations {','.join(relations)}")
    if min_weight:
        given.append(f"--min-weight {min_weight:g}")
    together = " with ".join(given) if given else "the selection"
    return f"no entity left to show: {together} matches nothing; loosen a filter"
