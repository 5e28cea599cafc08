"""Pushing to a real Bolt server (FalkorDB): counts, labels, properties, evidence, idempotency, secrets."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import neo4j
import networkx as nx
import pytest

from threadline.errors import StoreError
from threadline.graph.model import edge_key
from threadline.graph.neo4j import push, text_encoding

pytestmark = pytest.mark.neo4j

SECRET = "s3cr3t-Pa55w0rd!"


def _query(uri: str, cypher: str, **params) -> list[dict]:
    """Rows of ``cypher``; text parameters sent the way this server stores them unchanged."""
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        encode = text_encoding(session)
        return [r.data() for r in session.run(cypher, encode(params))]


def _counts(uri: str) -> dict[str, int]:
    rows = _query(uri, "MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c")
    counts = {r["t"]: r["c"] for r in rows}
    counts["nodes"] = _query(uri, "MATCH (n) RETURN count(n) AS c")[0]["c"]
    counts["entities"] = _query(uri, "MATCH (n:Entity) RETURN count(n) AS c")[0]["c"]
    counts["documents"] = _query(uri, "MATCH (n:Document) RETURN count(n) AS c")[0]["c"]
    return counts


def test_push_writes_documents_entities_mentions_and_relations(bolt_graph: str, contract_graph):
    report = push(contract_graph, bolt_graph, None, None, batch_size=2)
    counts = _counts(bolt_graph)
    assert counts["entities"] == contract_graph.number_of_nodes() == 10
    assert counts["documents"] == 2
    assert counts["MENTIONS"] == sum(len(d["doc_ids"]) for _, d in contract_graph.nodes(data=True))
    assert counts["WORKS_FOR"] == 2 and counts["PART_OF"] == 1 and counts["MENTIONED_WITH"] == 1
    assert report.relationships == sum(v for k, v in counts.items() if k.isupper())
    assert report.nodes == counts["nodes"]

    people = _query(bolt_graph, "MATCH (n:Person) RETURN n.id AS id ORDER BY id")
    assert [p["id"] for p in people] == sorted(
        n for n, d in contract_graph.nodes(data=True) if d["type"] == "Person"
    )
    for row in _query(bolt_graph, "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, "
                      "n.name AS name, n.aliases AS aliases, n.pagerank AS pagerank"):  # fmt: skip
        data = contract_graph.nodes[row["id"]]
        assert sorted(row["labels"]) == sorted(["Entity", data["type"]])
        assert row["name"] == data["name"]  # hostile text stored exactly, as a parameter
        assert list(row["aliases"] or []) == data["aliases"]
        assert row["pagerank"] == pytest.approx(data["pagerank"])

    doc = _query(bolt_graph, "MATCH (d:Document {doc_id: 'doc-b'}) RETURN d.title AS title, "
                 "d.origins AS origins, d.author AS author")[0]  # fmt: skip
    assert doc == {"title": "Report 'two'", "origins": ["b.md", "c.md"], "author": "Ann"}


def test_relations_carry_properties_evidence_sentences_and_weight(bolt_graph: str, contract_graph):
    push(contract_graph, bolt_graph, None, None)
    key = edge_key("WORKS_FOR", {"role": 'director\'s "aide"'})
    row = _query(
        bolt_graph,
        "MATCH (a:Entity)-[r:WORKS_FOR {key: $key}]->(b:Entity) RETURN a.id AS a, b.id AS b, "
        "r.role AS role, r.weight AS weight, r.evidence AS evidence, r.sentences AS sentences, "
        "r.doc_ids AS doc_ids, r.confidence AS confidence, r.properties AS properties",
        key=key,
    )[0]
    expected = contract_graph.edges["person-000", "organization-001", key]
    assert (row["a"], row["b"]) == ("person-000", "organization-001")
    assert row["role"] == 'director\'s "aide"'
    assert row["weight"] == 2
    assert json.loads(row["evidence"]) == expected["evidence"]
    assert row["sentences"] == [e["sentence"] for e in expected["evidence"]]
    assert row["doc_ids"] == ["doc-a", "doc-b"]
    assert row["confidence"] == pytest.approx(0.9)
    assert json.loads(row["properties"]) == expected["properties"]
    located = _query(
        bolt_graph, "MATCH ()-[r:LOCATED_IN]->(l:Location) RETURN r.date AS date, l.name AS name"
    )
    assert located == [{"date": "2019", "name": '=HYPERLINK("http://x")'}]


def test_values_larger_than_a_statement_arrive_whole(bolt_graph: str):
    """FalkorDB limits one statement to about 4 KB; larger rows go in pieces and come back exact."""
    g = nx.MultiDiGraph(documents={"d": {"title": "t" * 9000}})
    aliases = [f"Alias {i} d'Or \\ {'é' * 20}" for i in range(400)]
    g.add_node("a", name="Ana", type="Person", aliases=aliases, doc_ids=["d"])
    g.add_node("b", name="Acme", type="Organization", aliases=[], doc_ids=["d"])
    evidence = [{"doc_id": "d", "sentence": f"Ana's sentence {i}: " + "w" * 300, "start": i,
                 "end": i + 320, "rule": "r", "confidence": 0.9} for i in range(60)]  # fmt: skip
    g.add_edge("a", "b", key="WORKS_FOR", type="WORKS_FOR", weight=60, properties={},
               evidence=evidence)  # fmt: skip
    for _ in range(2):
        push(g, bolt_graph, None, None)
    node = _query(bolt_graph, "MATCH (n:Entity {id: 'a'}) RETURN n.aliases AS aliases")[0]
    assert node["aliases"] == aliases
    rel = _query(bolt_graph, "MATCH ()-[r:WORKS_FOR]->() RETURN r.evidence AS e, "
                 "r.sentences AS s")  # fmt: skip
    assert len(rel) == 1
    assert json.loads(rel[0]["e"]) == evidence
    assert rel[0]["s"] == [e["sentence"] for e in evidence]
    title = _query(bolt_graph, "MATCH (d:Document) RETURN d.title AS t")[0]["t"]
    assert title == "t" * 9000


def test_pushing_twice_gives_the_same_counts(bolt_graph: str, contract_graph):
    push(contract_graph, bolt_graph, None, None, batch_size=3)
    first = _counts(bolt_graph)
    contract_graph.nodes["person-000"]["name"] = "Renamed"
    push(contract_graph, bolt_graph, None, None, batch_size=1000)
    assert _counts(bolt_graph) == first
    assert _query(bolt_graph, "MATCH (n:Entity {id: 'person-000'}) RETURN n.name AS n") == [
        {"n": "Renamed"}
    ]


def test_a_server_without_constraints_gets_one_warning(bolt_graph: str, contract_graph, caplog):
    with caplog.at_level(logging.WARNING, logger="threadline"):
        report = push(contract_graph, bolt_graph, None, None)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "constraints" in warnings[0].getMessage()
    assert report.constraints is False


def test_progress_reports_every_step_to_completion(bolt_graph: str, contract_graph):
    seen: dict[str, tuple[int, int]] = {}
    push(contract_graph, bolt_graph, None, None, batch_size=2,
         progress=lambda step, done, total: seen.__setitem__(step, (done, total)))  # fmt: skip
    assert {"documents", "entities:Person", "mentions", "relations:WORKS_FOR"} <= set(seen)
    assert all(done == total for done, total in seen.values())


def test_relation_types_outside_the_ontology_are_left_out_not_spliced(bolt_graph: str):
    g = nx.MultiDiGraph()
    g.add_node("a", name="A", type="Organization")
    g.add_node("b", name="B", type="Bad`Label")
    g.add_edge(
        "a", "b", key="X", type="X]->() DETACH DELETE a //", weight=1, properties={}, evidence=[]
    )
    report = push(g, bolt_graph, None, None)
    assert report.skipped_types == ["X]->() DETACH DELETE a //"]
    assert _query(bolt_graph, "MATCH (n:Entity {id: 'b'}) RETURN labels(n) AS l") == [
        {"l": ["Entity"]}
    ]
    assert _counts(bolt_graph)["entities"] == 2


def test_a_wrong_port_is_one_clear_line_without_the_password(
    bolt_server: str, contract_graph, caplog
):
    with caplog.at_level(logging.DEBUG), pytest.raises(StoreError) as info:
        push(contract_graph, "bolt://127.0.0.1:1", "neo4j", SECRET)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("bolt://127.0.0.1:1: ")
    assert "refused" in message
    assert SECRET not in message and SECRET not in caplog.text
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_bad_uri_is_one_clear_line(contract_graph):
    with pytest.raises(StoreError) as info:
        push(contract_graph, "http://example.org:7687", "neo4j", SECRET)
    assert "\n" not in str(info.value) and SECRET not in str(info.value)


def test_the_password_never_reaches_logs_errors_or_files(
    bolt_graph: str, contract_graph, caplog, tmp_path: Path, monkeypatch, capsys
):
    """FalkorDB ignores credentials, so a push with a password succeeds and must not leak it."""
    from typer.testing import CliRunner

    from threadline.cli import app
    from threadline.graph.export import csv_export, cypher_script, graphml, json_export, neo4j_csv

    with caplog.at_level(logging.DEBUG):
        try:
            push(contract_graph, bolt_graph, "neo4j", SECRET)
        except StoreError as exc:
            assert SECRET not in str(exc)
        with pytest.raises(StoreError) as info:
            push(contract_graph, "bolt://127.0.0.1:1", "neo4j", SECRET)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert SECRET not in caplog.text

    out = tmp_path / "out"
    graphml.write(contract_graph, out / "g.graphml")
    json_export.write(contract_graph, out / "g.json")
    csv_export.write(contract_graph, out / "csv")
    neo4j_csv.write(contract_graph, out / "neo4j")
    cypher_script.write(contract_graph, out / "g.cypher")
    for file in out.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file

    monkeypatch.setenv("THREADLINE_NEO4J_PASSWORD", SECRET)
    result = CliRunner().invoke(
        app, ["push", "neo4j", "-w", str(tmp_path / "nowhere"), "--uri", "bolt://127.0.0.1:1"]
    )
    assert result.exit_code != 0
    assert SECRET not in result.output
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err


@pytest.mark.slow
def test_push_throughput_on_fifty_thousand_relations(bolt_graph: str, capsys):
    """Synthetic graph: 5,000 organizations, 50,000 PART_OF relations with one evidence each."""
    g = nx.MultiDiGraph(documents={"d": {"title": "synthetic"}})
    for i in range(5000):
        g.add_node(f"o{i}", name=f"Org {i}", type="Organization", aliases=[], doc_ids=["d"])
    for i in range(50_000):
        source, target = f"o{i % 5000}", f"o{(i * 7 + 1 + i // 5000) % 5000}"
        g.add_edge(source, target, key=f"PART_OF|n={i}", type="PART_OF", weight=1,
                   properties={"n": i},
                   evidence=[{"doc_id": "d", "sentence": f"Unit {i} is part of it.",
                              "start": i, "end": i + 20, "rule": "r", "confidence": 0.8}])  # fmt: skip
    started = time.perf_counter()
    report = push(g, bolt_graph, None, None, batch_size=1000)
    elapsed = time.perf_counter() - started
    assert _counts(bolt_graph)["PART_OF"] == 50_000
    with capsys.disabled():
        print(
            f"\npush: {report.relationships} relationships in {report.seconds:.1f} s "
            f"({report.relationships_per_second:,.0f}/s; {elapsed:.1f} s with schema and setup)"
        )
    assert report.relationships_per_second > 500
