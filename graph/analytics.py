"""Graph analytics written onto the entities: degree, PageRank, betweenness, community.

The metrics are stored as node attributes so every consumer sees the same
numbers: the graph JSON, the exports, both Cypher stores (where queries sort and
filter on them) and the HTML views (node size).

What counts: only *typed* relations (WORKS_FOR, PART_OF, ...). ``MENTIONED_WITH``
co-mentions are left out, because two names in one sentence say nothing about
how the entities relate; counting them would make the busiest names in the news
look like brokers of every network. Direction is ignored too: the ontology's
direction is grammatical (a person WORKS_FOR an organization, an organization is
DIRECTED_BY a person), not a flow of influence, so a directed PageRank would
reward whichever side the phrasing happens to point at. Several relations
between one pair of entities make one link whose weight is the number of
relation types linking them (used by PageRank and Louvain; betweenness counts
hops).

- ``degree``: distinct entities linked to this one by a typed relation.
- ``pagerank``: PageRank (damping 0.85) on the undirected typed-relation graph.
- ``betweenness``: normalized betweenness centrality; exact below
  ``AnalyticsConfig.betweenness_exact_below`` nodes, estimated from
  ``betweenness_samples`` seeded source nodes above.
- ``community``: Louvain community (seeded), numbered 0, 1, ... from the largest;
  an entity without typed relations is a community of its own. The numbers do
  not depend on the interpreter's hash seed nor on the order of the graph.

>>> import networkx as nx
>>> from threadline.config import AnalyticsConfig
>>> g = nx.MultiDiGraph()
>>> for n in "abcd":
...     g.add_node(n, name=n.upper(), type="Organization")
>>> _ = g.add_edge("a", "b", key="PART_OF", type="PART_OF", weight=1)
>>> _ = g.add_edge("c", "b", key="PART_OF", type="PART_OF", weight=1)
>>> _ = g.add_edge("a", "d", key="MENTIONED_WITH", type="MENTIONED_WITH", weight=9)
>>> compute_metrics(g, AnalyticsConfig())
>>> g.nodes["b"]["degree"], g.nodes["d"]["degree"]
(2, 0)
>>> round(g.nodes["b"]["betweenness"], 4)  # normalized over the pairs of all 4 nodes
0.3333
>>> g.nodes["a"]["community"] == g.nodes["b"]["community"] != g.nodes["d"]["community"]
True
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from threadline.config import AnalyticsConfig
from threadline.graph.model import MENTIONED_WITH

METRICS = ("degree", "pagerank", "betweenness", "community")

__all__ = ["METRICS", "compute_metrics", "pagerank", "typed_relation_graph"]


def compute_metrics(graph: nx.MultiDiGraph, config: AnalyticsConfig | None = None) -> None:
    """Write ``degree``, ``pagerank``, ``betweenness`` and ``community`` onto every node.

    Deterministic: the same graph and configuration give the same numbers (the
    sampled betweenness and Louvain are seeded with ``config.seed``).
    """
    config = config or AnalyticsConfig()
    links = typed_relation_graph(graph)
    ranks = pagerank(links)
    between = _betweenness(links, config)
    communities = _communities(links, config.seed)
    for node, data in graph.nodes(data=True):
        data["degree"] = links.degree(node)
        data["pagerank"] = round(float(ranks[node]), 8)
        data["betweenness"] = round(float(between.get(node, 0.0)), 8)
        data["community"] = communities[node]


def typed_relation_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of typed relations (co-mentions and self-loops left out).

    The weight of a link is the number of relation types joining the pair.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="PART_OF", type="PART_OF")
    >>> _ = g.add_edge("b", "a", key="FUNDED_BY", type="FUNDED_BY")
    >>> _ = g.add_edge("a", "c", key="MENTIONED_WITH", type="MENTIONED_WITH")
    >>> links = typed_relation_graph(g)
    >>> sorted(links.nodes), links["a"]["b"]["weight"], links.has_edge("a", "c")
    (['a', 'b', 'c'], 2, False)
    """
    links = nx.Graph()
    links.add_nodes_from(graph.nodes)
    for source, target, data in graph.edges(data=True):
        if source == target or data.get("type") == MENTIONED_WITH:
            continue
        if links.has_edge(source, target):
            links[source][target]["weight"] += 1
        else:
            links.add_edge(source, target, weight=1)
    return links


def pagerank(
    links: nx.Graph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200
) -> dict[str, float]:
    """PageRank of an undirected weighted graph by power iteration in NumPy.

    NetworkX's own ``pagerank`` needs SciPy, which threadline does not depend on
    for this one function. Isolated nodes spread their rank uniformly (the usual
    dangling-node rule), so the ranks sum to 1.

    >>> ranks = pagerank(nx.path_graph(3))
    >>> round(ranks[1], 3), round(sum(ranks.values()), 6)
    (0.486, 1.0)
    """
    nodes = list(links.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = list(links.edges(data="weight", default=1))
    src = np.fromiter((index[u] for u, _, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[v] for _, v, _ in edges), dtype=np.int64, count=len(edges))
    weight = np.fromiter((float(w) for _, _, w in edges), dtype=np.float64, count=len(edges))
    # Each undirected link carries rank both ways.
    src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    weight = np.concatenate([weight, weight])
    out_weight = np.bincount(src, weights=weight, minlength=n)
    dangling = out_weight == 0
    share = np.divide(weight, out_weight[src], out=np.zeros_like(weight), where=out_weight[src] > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = np.bincount(dst, weights=rank[src] * share, minlength=n)
        new = alpha * (spread + rank[dangling].sum() / n) + (1.0 - alpha) / n
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return {node: float(rank[i]) for node, i in index.items()}


def _betweenness(links: nx.Graph, config: AnalyticsConfig) -> dict[str, float]:
    """Normalized betweenness, exact or sampled, computed where it can be non-zero.

    Two savings keep this fast on large graphs without changing the result:
    components of one or two entities are skipped (nothing lies between), and
    leaves (entities with a single neighbour, most of a relation graph) are
    never used as BFS sources. Every shortest path from a leaf is the path from
    its neighbour with one more hop, so a leaf's dependencies equal its
    neighbour's, plus one pass through that neighbour for every other entity
    of the component. Sampling, above ``betweenness_exact_below`` entities,
    draws ``betweenness_samples`` sources from the non-leaf entities (seeded)
    and scales the estimate up.
    """
    total = links.number_of_nodes()
    raw: dict[str, float] = {}
    components = [c for c in nx.connected_components(links) if len(c) >= 3]
    cores: list[tuple[list[list[int]], list[str], list[int], list[int]]] = []
    for component in components:
        names = sorted(component, key=str)
        index = {name: i for i, name in enumerate(names)}
        adjacency = [[index[m] for m in links[name]] for name in names]
        leaves_at = [0] * len(names)
        for neighbours in adjacency:
            if len(neighbours) == 1:
                leaves_at[neighbours[0]] += 1
        hubs = [i for i, neighbours in enumerate(adjacency) if len(neighbours) > 1]
        cores.append((adjacency, names, leaves_at, hubs))
    all_hubs = sum(len(hubs) for *_, hubs in cores)
    sample: set[tuple[int, int]] | None = None
    if total >= config.betweenness_exact_below and all_hubs > config.betweenness_samples:
        population = [(c, h) for c, (*_, hubs) in enumerate(cores) for h in hubs]
        rng = np.random.default_rng(config.seed)
        picked = rng.choice(len(population), size=config.betweenness_samples, replace=False)
        sample = {population[i] for i in picked}
    for c, (adjacency, names, leaves_at, hubs) in enumerate(cores):
        sources = hubs if sample is None else [h for h in hubs if (c, h) in sample]
        scale = 1.0 if sample is None else all_hubs / len(sample)
        values = _dependencies(adjacency, sources, leaves_at, scale)
        size = len(names)
        for i, name in enumerate(names):
            # Each leaf sends its paths to the size - 2 other entities through i.
            raw[name] = values[i] + leaves_at[i] * (size - 2)
    # Each unordered pair was counted from both ends; normalize over all pairs.
    norm = 1.0 / ((total - 1) * (total - 2)) if total > 2 else 1.0
    return {name: value * norm for name, value in raw.items()}


def _dependencies(
    adjacency: list[list[int]], sources: list[int], leaves_at: list[int], scale: float
) -> np.ndarray:
    """Brandes' accumulation from ``sources``, each counted for itself and its leaves.

    Vectorized with NumPy: a batch of sources runs its breadth-first searches
    together, level by level, over a CSR copy of the adjacency, so the Python
    interpreter handles levels, not edges.
    """
    size = len(adjacency)
    counts = np.fromiter((len(a) for a in adjacency), dtype=np.int64, count=size)
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.fromiter(
        (w for neighbours in adjacency for w in neighbours), dtype=np.int64, count=int(indptr[-1])
    )
    leaves = np.asarray(leaves_at, dtype=np.float64)
    result = np.zeros(size)
    batch_size = max(1, min(64, 2_000_000 // max(size, 1)))
    for begin in range(0, len(sources), batch_size):
        batch = np.asarray(sources[begin : begin + batch_size], dtype=np.int64)
        delta = _batch_dependencies(indptr, indices, batch, size)
        result += ((1.0 + leaves[batch]) * scale) @ delta
    return result


def _neighbour_pairs(
    indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray, nodes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (row, node, neighbour) for the given (row, node) pairs."""
    starts = indptr[nodes]
    counts = indptr[nodes + 1] - starts
    total = int(counts.sum())
    offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
    return np.repeat(rows, counts), np.repeat(nodes, counts), indices[offsets]


def _batch_dependencies(
    indptr: np.ndarray, indices: np.ndarray, batch: np.ndarray, size: int
) -> np.ndarray:
    """The dependency of every source in ``batch`` on every node (rows: sources)."""
    count = len(batch)
    rows = np.arange(count)
    dist = np.full((count, size), -1, dtype=np.int32)
    sigma = np.zeros((count, size))
    dist[rows, batch] = 0
    sigma[rows, batch] = 1.0
    frontier_rows, frontier_nodes = rows, batch
    level = 0
    while len(frontier_rows):
        r, v, w = _neighbour_pairs(indptr, indices, frontier_rows, frontier_nodes)
        fresh = dist[r, w] == -1
        dist[r[fresh], w[fresh]] = level + 1
        onward = dist[r, w] == level + 1
        flat = r[onward] * size + w[onward]
        sigma += np.bincount(
            flat, weights=sigma[r[onward], v[onward]], minlength=count * size
        ).reshape(count, size)
        level += 1
        frontier_rows, frontier_nodes = np.nonzero(dist == level)
    delta = np.zeros((count, size))
    for depth in range(level - 1, 0, -1):
        at_rows, at_nodes = np.nonzero(dist == depth)
        r, w, v = _neighbour_pairs(indptr, indices, at_rows, at_nodes)
        back = dist[r, v] == depth - 1
        r, w, v = r[back], w[back], v[back]
        share = sigma[r, v] / sigma[r, w] * (1.0 + delta[r, w])
        delta += np.bincount(r * size + v, weights=share, minlength=count * size).reshape(
            count, size
        )
    delta[rows, batch] = 0.0
    return delta


def _communities(links: nx.Graph, seed: int) -> dict[str, int]:
    """Louvain communities numbered from the largest (ties by smallest member id).

    Louvain never joins entities that no path links, so it runs on the
    components of three or more; smaller components (most of a large corpus)
    are communities as they stand.

    The result depends on nothing but the links and the seed. Louvain visits
    nodes in the order the graph and its Python sets give them, and a set of
    strings iterates in an order that changes with the interpreter's hash seed
    (``PYTHONHASHSEED``): run on the ids themselves, two builds of one input
    could split or number the communities differently. So it runs on integers
    given in sorted id order, with links added in sorted order, and the
    numbers are mapped back.
    """
    found: list[list[str]] = []
    core: list[str] = []
    for component in nx.connected_components(links):
        if len(component) >= 3:
            core.extend(component)
        else:
            found.append(sorted(component, key=str))
    if core:
        ids = sorted(core, key=str)
        index = {node: i for i, node in enumerate(ids)}
        indexed = nx.Graph()
        indexed.add_nodes_from(range(len(ids)))
        indexed.add_weighted_edges_from(
            sorted(
                (min(index[u], index[v]), max(index[u], index[v]), weight)
                for u, v, weight in links.edges(core, data="weight", default=1)
            )
        )
        for members in nx.community.louvain_communities(indexed, weight="weight", seed=seed):
            found.append([ids[i] for i in sorted(members)])
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {node: number for number, members in enumerate(ordered) for node in members}
