"""Entity names full of quotes, braces and Cypher are data: found by name, passed as parameters."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from threadline.queries.catalog import run_query

Runner = Callable[..., list[dict[str, Any]]]


@pytest.fixture(params=["ladybug", pytest.param("bolt", marks=pytest.mark.neo4j)])
def run(request, contract_graph, tmp_path) -> Runner:
    """Queries over the hand-built graph whose entities carry hostile names."""
    if request.param == "ladybug":
        from threadline.graph.ontology import Ontology
        from threadline.graph.store.ladybug import LadybugStore

        ontology = Ontology.load()
        store = LadybugStore.create(tmp_path / "store.lbdb", ontology)
        store.load(contract_graph, ontology)
        request.addfinalizer(store.close)
        return lambda name, **values: run_query(name, values, graph=contract_graph, store=store)
    from threadline.graph.neo4j import push

    uri = request.getfixturevalue("bolt_graph")
    push(contract_graph, uri, None, None, batch_size=1)
    return lambda name, **values: run_query(
        name, values, graph=contract_graph, neo4j={"uri": uri, "user": None}
    )


def test_a_name_written_as_cypher_finds_its_entity_and_changes_nothing(run) -> None:
    rows = run("profile", entity="acme})-[:x]->(n) detach delete n //")
    assert {(r["direction"], r["relation"]) for r in rows} == {
        ("in", "PART_OF"),
        ("in", "MEMBER_OF"),
    }
    assert {r["neighbour"] for r in rows} == {"back`tick` Holdings", "line one\nline two\ttabbed"}
    again = run("top", by="mentions", limit=100)
    assert len(again) == 10  # every entity is still there


def test_quotes_and_backslashes_in_names_and_properties_come_back_intact(run) -> None:
    rows = run("profile", entity='o\'brien "the \\ lex"')
    assert {(r["direction"], r["relation"], r["neighbour"]) for r in rows} == {
        ("in", "WORKS_FOR", "<script>alert(1)</script>")
    }
    roles = sorted(json.loads(r["properties"]).get("role") or "" for r in rows)
    assert roles == ["", 'director\'s "aide"']
    people = run("people", entity="Acme})-[:X]->(n) DETACH DELETE n //")
    assert [(r["name"], r["role"]) for r in people] == [("line one\nline two\ttabbed", "chair")]


def test_paths_between_hostile_names(run) -> None:
    rows = run("path", source="<script>alert(1)</script>", target='O\'Brien "the \\ Lex"')
    assert [r["route"] for r in rows] == [
        ['<script>alert(1)</script> -[WORKS_FOR]-> O\'Brien "the \\ Lex"']
    ] * len(rows)
    assert rows and rows[0]["evidence"][0] in {"She works for them.\nReally.", "Staff member."}
