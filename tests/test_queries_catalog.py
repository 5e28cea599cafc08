"""The query catalog on the example corpus: the same answers from the embedded store and a Bolt server.

Expected answers are worked out from the workspace's NetworkX graph (the data
the stores are loaded from), plus a few facts the example documents state
plainly, so a query that drifts from the graph fails here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from threadline.errors import QueryError
from threadline.graph.model import MENTIONED_WITH
from threadline.queries.catalog import get_query, load_catalog, parse_query, run_query

REQUIRED = {
    "profile",
    "path",
    "ego",
    "hierarchy",
    "people",
    "shared",
    "awards",
    "brokers",
    "top",
    "cooccur",
    "weak",
}

Runner = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="module")
def graph(example_workspace) -> nx.MultiDiGraph:
    return example_workspace.graph()


@pytest.fixture(scope="module")
def bolt_example(bolt_server: str, example_workspace) -> str:
    """The Bolt server holding the example workspace's graph (pushed once for this module)."""
    import neo4j

    from threadline.graph.build import document_mentions
    from threadline.graph.neo4j import push

    with neo4j.GraphDatabase.driver(bolt_server, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    mentions = document_mentions(example_workspace.extractions(), example_workspace.resolution())
    # batch_size=1: FalkorDB 4.16 crashes on some multi-row batches of this graph.
    push(example_workspace.graph(), bolt_server, None, None, batch_size=1, mentions=mentions)
    return bolt_server


@pytest.fixture(params=["ladybug", pytest.param("bolt", marks=pytest.mark.neo4j)])
def run(request, example_workspace, graph) -> Runner:
    """Run a catalog query by name on the embedded store or on the Bolt server."""
    target = None
    if request.param == "bolt":
        target = {"uri": request.getfixturevalue("bolt_example"), "user": None}

    def runner(name: str, raw: bool = False, **values: Any) -> list[dict[str, Any]]:
        # raw=True sends the values to the engine as given (no name lookup).
        return run_query(
            name, values, workspace=example_workspace, graph=graph, neo4j=target, bound=raw
        )

    return runner


def _id(graph: nx.MultiDiGraph, name: str) -> str:
    from threadline.lookup import find_entity

    return find_entity(graph, name)


def _typed(graph: nx.MultiDiGraph) -> nx.Graph:
    links = nx.Graph()
    links.add_nodes_from(graph)
    links.add_edges_from(
        (u, v) for u, v, t in graph.edges(data="type") if t != MENTIONED_WITH and u != v
    )
    return links


# --- the catalog itself -------------------------------------------------------


def test_catalog_has_every_query_with_help_and_both_dialects() -> None:
    catalog = load_catalog()
    assert set(catalog) >= REQUIRED
    for query in catalog.values():
        assert query.description and query.text("ladybug") and query.text("neo4j")
        assert "type(" not in query.text("ladybug"), query.name  # LadybugDB uses label()
        assert all(p.help for p in query.parameters)


def test_parameters_are_typed_with_clear_errors() -> None:
    top = get_query("top")
    assert top.bind({"limit": "7", "by": "PageRank", "type": "person"}) == {
        "by": "pagerank",
        "type": "Person",
        "limit": 7,
    }
    with pytest.raises(QueryError, match="parameter limit: expected an integer, got 'many'"):
        top.bind({"limit": "many"})
    with pytest.raises(QueryError, match="parameter limit: 0 is below the minimum 1"):
        top.bind({"limit": "0"})
    with pytest.raises(QueryError, match="'fame' is not one of degree, pagerank"):
        top.bind({"by": "fame"})
    with pytest.raises(QueryError, match="unknown parameter 'colour'"):
        top.bind({"colour": "red"})
    with pytest.raises(QueryError, match="parameter 'target' is required"):
        get_query("path").bind({"source": "x"})
    with pytest.raises(QueryError, match="no query named 'nope'"):
        get_query("nope")


def test_a_broken_query_file_is_reported_with_its_name() -> None:
    with pytest.raises(QueryError, match=r"mine\.yaml: query q: parameter 'who' is not used"):
        parse_query(
            "name: q\ndescription: d\nparameters: [{name: who, type: entity, help: h}]\n"
            "cypher: MATCH (n) RETURN n.name AS name\n",
            "mine.yaml",
        )
    with pytest.raises(QueryError, match=r"mine\.yaml: invalid YAML"):
        parse_query("name: [", "mine.yaml")


def test_entity_names_are_case_insensitive_and_accept_aliases(graph) -> None:
    path = get_query("path")
    with_alias = next(n for n, d in graph.nodes(data=True) if d.get("aliases"))
    alias = graph.nodes[with_alias]["aliases"][0]
    assert get_query("profile").bind({"entity": alias.upper()}, graph)["entity"] == with_alias
    bound = path.bind({"source": "elena varga", "target": "ELENA VARGA"}, graph)
    assert bound["source"] == bound["target"] == _id(graph, "Elena Varga")
    with pytest.raises(QueryError, match="parameter source: no entity named 'Nobody Here'"):
        path.bind({"source": "Nobody Here", "target": "Elena Varga"}, graph)


def test_an_ambiguous_name_is_an_error_that_lists_the_candidates(graph) -> None:
    twin = graph.copy()
    twin.add_node("person-twin", name="Elena Varga", type="Person", aliases=[])
    with pytest.raises(QueryError, match="'elena varga' is ambiguous: Elena Varga"):
        get_query("profile").bind({"entity": "elena varga"}, twin)


# --- every query, on both engines ----------------------------------------------


def test_profile_lists_typed_relations_by_direction_with_evidence(run, graph) -> None:
    varga = _id(graph, "Elena Varga")
    rows = run("profile", entity="elena varga")
    expected = {
        ("out", t, graph.nodes[v]["name"])
        for _, v, t in graph.out_edges(varga, data="type")
        if t != MENTIONED_WITH
    } | {
        ("in", t, graph.nodes[u]["name"])
        for u, _, t in graph.in_edges(varga, data="type")
        if t != MENTIONED_WITH
    }
    assert {(r["direction"], r["relation"], r["neighbour"]) for r in rows} == expected
    # two documents state the post, one with the title: two edges, in no set order
    works = [r for r in rows if r["relation"] == "WORKS_FOR"]
    assert {r["neighbour"] for r in works} == {"Northbridge Institute for Applied Materials"}
    assert {"role": "director"} in [json.loads(r["properties"]) for r in works]
    assert all(r["evidence"] >= 1 and r["example"] for r in rows)


def test_path_finds_the_shortest_chains_with_a_sentence_per_hop(run, graph) -> None:
    source, target = _id(graph, "Jonas Weber"), _id(graph, "Priya Raman")
    expected = nx.shortest_path_length(_typed(graph), source, target)
    rows = run("path", source="Jonas Weber", target="Priya Raman", max_hops=4)
    assert rows and {r["hops"] for r in rows} == {expected}
    for row in rows:
        assert row["ids"][0] == source and row["ids"][-1] == target
        assert len(row["route"]) == len(row["evidence"]) == expected
        assert all(sentence for sentence in row["evidence"])
    assert any(
        "Jonas Weber -[WORKS_FOR]-> Directorate for Research Policy" in r["route"] for r in rows
    )
    assert run("path", source="Jonas Weber", target="Priya Raman", max_hops=expected - 1) == []


def test_ego_returns_entities_within_n_hops_with_their_distance(run, graph) -> None:
    centre = _id(graph, "Coastal Energy Alliance")
    expected = nx.single_source_shortest_path_length(_typed(graph), centre, cutoff=2)
    rows = run("ego", entity="coastal energy alliance", hops=2)
    assert {r["id"]: r["hops"] for r in rows} == {n: d for n, d in expected.items() if d}


def test_hierarchy_follows_part_of_above_and_below(run) -> None:
    rows = run("hierarchy", entity="Directorate for Research Policy")
    above = {r["organization"] for r in rows if r["direction"] == "above"}
    below = {r["organization"] for r in rows if r["direction"] == "below"}
    assert "Ministry of Industry and Innovation" in above
    assert "Office of Technology Transfer" in below
    chain = next(r for r in rows if r["organization"] == "Office of Technology Transfer")
    assert chain["chain"] == ["Office of Technology Transfer", "Directorate for Research Policy"]
    assert chain["evidence"]


def test_people_lists_positions_with_roles(run, graph) -> None:
    rows = run("people", entity="Northbridge Institute for Applied Materials")
    org = _id(graph, "Northbridge Institute for Applied Materials")
    expected = {
        (graph.nodes[u]["name"], t)
        for u, _, t in graph.in_edges(org, data="type")
        if t in ("WORKS_FOR", "MEMBER_OF", "FOUNDED")
    }
    assert {(r["name"], r["relation"]) for r in rows} == expected
    # two documents state her post, one with the title: rows in no set order
    roles = [r["role"] for r in rows if r["relation"] == "WORKS_FOR" and r["name"] == "Elena Varga"]
    assert "director" in roles


def test_shared_lists_entities_linked_to_both(run, graph) -> None:
    first, second = _id(graph, "Elena Varga"), _id(graph, "Samuel Okafor")
    links = _typed(graph)
    expected = (set(links[first]) & set(links[second])) - {first, second}
    rows = run("shared", first="Elena Varga", second="Samuel Okafor")
    assert expected and {r["id"] for r in rows} == expected
    assert all(r["evidence_first"] and r["evidence_second"] for r in rows)


def test_awards_name_recipient_award_and_giver(run) -> None:
    rows = run("awards")
    medal = [r for r in rows if r["award"] == "Lindqvist Medal"]
    assert medal and medal[0]["recipient"] == "Elena Varga"
    assert medal[0]["giver"] == "European Society of Engineers" and medal[0]["example"]
    only = run("awards", entity="elena varga")
    assert only and all("Elena Varga" in (r["recipient"], r["giver"]) for r in only)


def test_brokers_are_ranked_by_betweenness(run, graph) -> None:
    rows = run("brokers", limit=5)
    expected = sorted(
        (n for n, d in graph.nodes(data=True) if d["betweenness"] > 0),
        key=lambda n: (-graph.nodes[n]["betweenness"], graph.nodes[n]["name"]),
    )[:5]
    assert [r["id"] for r in rows] == expected
    assert all(r["communities_reached"] >= 1 for r in rows)


def test_top_ranks_by_the_chosen_metric_and_type(run, graph) -> None:
    rows = run("top", by="pagerank", type="Organization", limit=3)
    organizations = [n for n, d in graph.nodes(data=True) if d["type"] == "Organization"]
    expected = sorted(
        organizations, key=lambda n: (-graph.nodes[n]["pagerank"], graph.nodes[n]["name"])
    )[:3]
    assert [r["id"] for r in rows] == expected
    degree = run("top", by="degree", limit=1)
    assert degree[0]["degree"] == max(d["degree"] for _, d in graph.nodes(data=True))


def test_cooccur_lists_documents_mentioning_both(run, graph) -> None:
    first, second = _id(graph, "Elena Varga"), _id(graph, "Samuel Okafor")
    expected = set(graph.nodes[first]["doc_ids"]) & set(graph.nodes[second]["doc_ids"])
    rows = run("cooccur", first="Elena Varga", second="Samuel Okafor")
    assert expected and {r["document"] for r in rows} == expected
    assert all(r["first_mentions"] >= 1 and r["second_mentions"] >= 1 for r in rows)


def test_weak_lists_relations_resting_on_one_document(run, graph) -> None:
    rows = run("weak", limit=10_000)
    expected = {
        (u, data["type"], v)
        for u, v, data in graph.edges(data=True)
        if data["type"] != MENTIONED_WITH and len({e["doc_id"] for e in data["evidence"]}) == 1
    }
    assert {(r["source_id"], r["relation"], r["target_id"]) for r in rows} == expected
    assert all(r["sentence"] and r["document"] for r in rows)
    confidences = [r["confidence"] for r in rows]
    assert confidences == sorted(confidences)
    part_of = run("weak", relation="part_of")
    assert part_of and {r["relation"] for r in part_of} == {"PART_OF"}


# --- parameters are text, never Cypher ----------------------------------------

HOSTILE = [
    "x' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "{id: $entity}",
    "`Person`) RETURN 1 //",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_looked_up_as_text(name, graph) -> None:
    with pytest.raises(QueryError, match="no entity named"):
        get_query("profile").bind({"entity": name}, graph)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_reach_the_engines_as_parameters(run, value, example_workspace) -> None:
    before = example_workspace.cypher("MATCH (n) RETURN count(n) AS n")[0]["n"]
    # Past the lookup (an id is taken as given without a graph) straight to the engine.
    assert run("cooccur", raw=True, first=value, second=value) == []
    assert run("profile", raw=True, entity=value) == []
    assert run("weak", limit=1)  # the data is still there
    assert example_workspace.cypher("MATCH (n) RETURN count(n) AS n")[0]["n"] == before
