"""Find an entity by a name a user types: id, name or alias, any case, any dotting.

Every place that takes an entity name goes through here so they all agree:
resolution applying a judgement (``entities merge``), the CLI (``entities show``,
``query``, ``viz --entity``) and the explorer app. Names are compared by
``resolution_key`` ("N.A.T.O." is "NATO"), ids first, then canonical names, then
aliases; an ambiguous name is reported, never picked silently.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("o1", name="Chinese Communist Party", type="Organization", aliases=["CCP"])
>>> g.add_node("o2", name="NATO", type="Organization", aliases=[])
>>> g.add_node("p1", name="Jin Xinjiang", type="Person", aliases=[])
>>> find_entity(g, "ccp"), find_entity(g, "N.A.T.O."), find_entity(g, "Jin Xinjiang")
('o1', 'o2', 'p1')
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

import networkx as nx

from threadline.errors import QueryError
from threadline.names import resolution_key

__all__ = [
    "close_matches",
    "did_you_mean",
    "find_entities",
    "find_entity",
    "find_named",
    "lookup_key",
    "suggest_entities",
]


def lookup_key(name: str) -> str:
    """The key a typed name is looked up by: the key resolution merges names by."""
    return resolution_key(name)


class _Named(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def aliases(self) -> Sequence[str]: ...


N = TypeVar("N", bound=_Named)


def find_named(entities: Iterable[N], name: str, entity_type: str | None = None) -> list[N]:
    """The entities ``name`` refers to: by id, else by canonical name, else by alias.

    Used where the entities are a list (resolution and its judgements); on a graph,
    ``find_entities`` applies the same rule through an index.
    """
    pool = [e for e in entities if entity_type is None or e.type == entity_type]
    by_id = [e for e in pool if e.id == name]
    if by_id:
        return by_id
    key = lookup_key(name)
    by_name = [e for e in pool if lookup_key(e.name) == key]
    if by_name:
        return sorted(by_name, key=lambda e: e.id)
    return sorted(
        (e for e in pool if any(lookup_key(a) == key for a in e.aliases)), key=lambda e: e.id
    )


class _NameIndex:
    """Name and alias keys of a graph's nodes, built once per graph (lookups are per query)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.size = graph.number_of_nodes()
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        for node, data in graph.nodes(data=True):
            self.by_name[lookup_key(data.get("name", ""))].append(node)
            for alias in data.get("aliases") or ():
                self.by_alias[lookup_key(alias)].append(node)


_indexes: weakref.WeakKeyDictionary[nx.MultiDiGraph, _NameIndex] = weakref.WeakKeyDictionary()


def _index(graph: nx.MultiDiGraph) -> _NameIndex:
    index = _indexes.get(graph)
    if index is None or index.size != graph.number_of_nodes():
        index = _indexes[graph] = _NameIndex(graph)
    return index


def find_entities(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """All node ids whose id, name or an alias matches ``name`` (names before aliases)."""
    if name in graph:
        return [name]
    key = lookup_key(name)
    index = _index(graph)
    return sorted(set(index.by_name.get(key) or index.by_alias.get(key) or ()))


def suggest_entities(graph: nx.MultiDiGraph, name: str) -> str:
    """`` (did you mean ...?)`` with the closest entity names and aliases, or ''."""
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


# -- suggestions ----------------------------------------------------------------------

# Below this rapidfuzz WRatio score a name is not worth suggesting.
_CUTOFF = 75


def close_matches(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The known names closest to ``word`` (any case), best first; [] when none is close.

    >>> close_matches("northbridge", ["Northbridge Institute", "Delta University"])
    ['Northbridge Institute']
    """
    from rapidfuzz import fuzz, process, utils

    unique = sorted({c for c in choices if c})
    if not word.strip() or not unique:
        return []
    found = process.extract(
        word,
        unique,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=_CUTOFF,
    )
    return [choice for choice, _, _ in found]


def did_you_mean(word: str, choices: Iterable[str], limit: int = 3) -> str:
    """`` (did you mean 'A' or 'B'?)`` for an error message, or '' when nothing is close."""
    found = close_matches(word, choices, limit)
    if not found:
        return ""
    return " (did you mean " + " or ".join(repr(f) for f in found) + "?)"
