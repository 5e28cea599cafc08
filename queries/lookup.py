"""Find an entity in the graph by a name a user types: name or alias, any case.

Every command that takes an entity name (query, viz --entity, entities show)
goes through ``find_entity`` so they all agree, and all say so when a name is
ambiguous instead of picking one silently.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("o1", name="Chinese Communist Party", type="Organization", aliases=["CCP"])
>>> g.add_node("p1", name="Jin Xinjiang", type="Person", aliases=[])
>>> find_entity(g, "ccp")
'o1'
>>> find_entity(g, "Jin Xinjiang")
'p1'
"""

from __future__ import annotations

import weakref
from collections import defaultdict

import networkx as nx

from threadline.errors import QueryError
from threadline.ingest.names import name_key


class _NameIndex:
    """Name and alias keys of a graph's nodes, built once per graph (lookups are per query)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.size = graph.number_of_nodes()
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        for node, data in graph.nodes(data=True):
            self.by_name[name_key(data.get("name", ""))].append(node)
            for alias in data.get("aliases") or ():
                self.by_alias[name_key(alias)].append(node)


_indexes: weakref.WeakKeyDictionary[nx.MultiDiGraph, _NameIndex] = weakref.WeakKeyDictionary()


def _index(graph: nx.MultiDiGraph) -> _NameIndex:
    index = _indexes.get(graph)
    if index is None or index.size != graph.number_of_nodes():
        index = _indexes[graph] = _NameIndex(graph)
    return index


def find_entities(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """All node ids whose id, name or an alias matches ``name`` (exact key first)."""
    if name in graph:
        return [name]
    key = name_key(name)
    index = _index(graph)
    return sorted(set(index.by_name.get(key) or index.by_alias.get(key) or ()))


def suggest_entities(graph: nx.MultiDiGraph, name: str) -> str:
    """`` (did you mean ...?)`` with the closest entity names and aliases, or ''."""
    from threadline.queries.hints import did_you_mean

    names = []
    for _, data in graph.nodes(data=True):
        names.append(str(data.get("name") or ""))
        names.extend(str(a) for a in data.get("aliases") or ())
    return did_you_mean(name, names)


def find_entity(graph: nx.MultiDiGraph, name: str) -> str:
    """The one node id ``name`` refers to; QueryError when unknown or ambiguous."""
    matches = find_entities(graph, name)
    if not matches:
        raise QueryError(f"no entity named {name!r}{suggest_entities(graph, name)}")
    if len(matches) > 1:
        listed = "; ".join(
            f"{graph.nodes[m].get('name')} ({graph.nodes[m].get('type')}, id {m})"
            for m in matches[:5]
        )
        raise QueryError(f"{name!r} is ambiguous: {listed}. Use the id or a fuller name.")
    return matches[0]
