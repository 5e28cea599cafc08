"""Analytics: the metrics every store and view sorts on are right, stable and fast."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from threadline.config import AnalyticsConfig
from threadline.graph.analytics import compute_metrics, pagerank, typed_relation_graph
from threadline.graph.model import MENTIONED_WITH


def _random_graph(nodes: int, typed: int, comentions: int, seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        graph.add_node(f"e{i}", name=f"Entity {i}", type="Organization")
    names = list(graph)
    weights = [1 / (i + 1) ** 0.9 for i in range(nodes)]  # a few hubs, many leaves
    for source, target in zip(
        rng.choices(names, weights=weights, k=typed), rng.choices(names, k=typed), strict=True
    ):
        graph.add_edge(target, source, key="PART_OF", type="PART_OF", weight=1)
    for source, target in zip(
        rng.choices(names, weights=weights, k=comentions),
        rng.choices(names, k=comentions),
        strict=True,
    ):
        graph.add_edge(source, target, key=MENTIONED_WITH, type=MENTIONED_WITH, weight=1)
    return graph


@pytest.mark.parametrize("seed", range(12))
def test_exact_betweenness_equals_networkx_on_typed_relations(seed: int) -> None:
    graph = _random_graph(nodes=60, typed=70, comentions=200, seed=seed)
    compute_metrics(graph, AnalyticsConfig())
    expected = nx.betweenness_centrality(nx.Graph(typed_relation_graph(graph)))
    for node, value in expected.items():
        assert graph.nodes[node]["betweenness"] == pytest.approx(value, abs=1e-7)


def test_comentions_do_not_count_towards_any_metric() -> None:
    graph = _random_graph(nodes=40, typed=50, comentions=0, seed=3)
    compute_metrics(graph, AnalyticsConfig())
    before = {n: dict(d) for n, d in graph.nodes(data=True)}
    noisy = graph.copy()
    names = list(noisy)
    for i in range(300):
        noisy.add_edge(names[i % 40], names[(i * 7) % 40], key=MENTIONED_WITH, type=MENTIONED_WITH)
    compute_metrics(noisy, AnalyticsConfig())
    assert {n: dict(d) for n, d in noisy.nodes(data=True)} == before


def test_degree_counts_distinct_related_entities_in_either_direction() -> None:
    graph = nx.MultiDiGraph()
    for node in "abc":
        graph.add_node(node, type="Organization")
    graph.add_edge("a", "b", key="PART_OF", type="PART_OF")
    graph.add_edge("b", "a", key="FUNDED_BY", type="FUNDED_BY")
    graph.add_edge("c", "a", key="PART_OF", type="PART_OF")
    graph.add_edge("a", "a", key="PART_OF", type="PART_OF")  # a self-loop relates nothing
    compute_metrics(graph, AnalyticsConfig())
    assert [graph.nodes[n]["degree"] for n in "abc"] == [2, 1, 1]


def test_pagerank_matches_the_reference_implementation_and_sums_to_one() -> None:
    links = typed_relation_graph(_random_graph(nodes=200, typed=260, comentions=0, seed=5))
    links.add_node("isolated")
    ours = pagerank(links)
    reference = _pagerank_python(links, weight="weight", tol=1e-12, max_iter=500)
    assert sum(ours.values()) == pytest.approx(1.0)
    for node, value in reference.items():
        assert ours[node] == pytest.approx(value, abs=1e-6)


def test_metrics_are_deterministic_and_communities_numbered_from_the_largest() -> None:
    config = AnalyticsConfig(betweenness_exact_below=10, betweenness_samples=20, seed=11)
    first = _random_graph(nodes=300, typed=330, comentions=50, seed=9)
    second = first.copy()
    compute_metrics(first, config)
    compute_metrics(second, config)
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))
    sizes: dict[int, int] = {}
    for _, data in first.nodes(data=True):
        sizes[data["community"]] = sizes.get(data["community"], 0) + 1
    ordered = [sizes[c] for c in sorted(sizes)]
    assert ordered == sorted(ordered, reverse=True)


def test_sampled_betweenness_finds_the_same_top_brokers() -> None:
    graph = _random_graph(nodes=3000, typed=3600, comentions=0, seed=2)
    exact = graph.copy()
    compute_metrics(exact, AnalyticsConfig(betweenness_exact_below=100_000))
    compute_metrics(graph, AnalyticsConfig(betweenness_exact_below=10, betweenness_samples=300))

    def top(g: nx.MultiDiGraph) -> set[str]:
        return set(sorted(g, key=lambda n: -g.nodes[n]["betweenness"])[:10])

    assert len(top(exact) & top(graph)) >= 8


@pytest.mark.slow
def test_twenty_thousand_entities_take_seconds_not_minutes() -> None:
    graph = _random_graph(nodes=20_000, typed=24_000, comentions=60_000, seed=1)
    started = time.perf_counter()
    compute_metrics(graph, AnalyticsConfig())
    elapsed = time.perf_counter() - started
    assert all("community" in data for _, data in graph.nodes(data=True))
    assert elapsed < 30, f"compute_metrics took {elapsed:.1f}s on 20k entities"


# Runs in a fresh interpreter: the hash seed of str is fixed at start-up.
_COMMUNITIES_SCRIPT = """
import json, random
import networkx as nx
from threadline.config import AnalyticsConfig
from threadline.graph.analytics import compute_metrics
rng = random.Random(4)
graph = nx.MultiDiGraph()
for i in range(400):
    graph.add_node(f"entity-{i:04x}", type="Organization")
names = list(graph)
for _ in range(150):
    source, target = rng.sample(names[:120], 2)
    graph.add_edge(source, target, key="PART_OF", type="PART_OF", weight=1)
compute_metrics(graph, AnalyticsConfig())
print(json.dumps({n: [d["community"], d["degree"], d["pagerank"], d["betweenness"]]
                  for n, d in graph.nodes(data=True)}, sort_keys=True))
"""


def test_communities_do_not_depend_on_the_hash_seed() -> None:
    """Two builds of one input number the communities alike, whatever PYTHONHASHSEED is."""
    results = []
    for hash_seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _COMMUNITIES_SCRIPT],
            env=env, capture_output=True, text=True, check=True, timeout=300,
        )  # fmt: skip
        results.append(json.loads(done.stdout))
    assert len({c for c, d, *_ in results[0].values() if d}) > 5  # a partition worth comparing
    assert all(result == results[0] for result in results[1:])


def test_communities_do_not_depend_on_the_order_nodes_and_links_were_added() -> None:
    graph = _random_graph(nodes=300, typed=360, comentions=0, seed=6)
    shuffled = nx.MultiDiGraph()
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True))
    random.Random(1).shuffle(nodes)
    random.Random(2).shuffle(edges)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    compute_metrics(graph, AnalyticsConfig())
    compute_metrics(shuffled, AnalyticsConfig())
    assert {n: d["community"] for n, d in graph.nodes(data=True)} == {
        n: d["community"] for n, d in shuffled.nodes(data=True)
    }
