"""Cypher script and neo4j-admin CSV exports: escaped literals, executed on a real Bolt server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import neo4j
import networkx as nx
import pytest

from threadline.graph.export import cypher_script, neo4j_csv
from threadline.graph.export.cypher_script import literal

pytestmark = pytest.mark.neo4j


def _statements(path: Path) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    return [ln[:-1] for ln in lines if ln and not ln.startswith("//")]


def _run_script(uri: str, path: Path) -> list[str]:
    """Run every statement; return the ones the server refused."""
    refused = []
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        for statement in _statements(path):
            try:
                driver.execute_query(statement)
            except neo4j.exceptions.Neo4jError:
                refused.append(statement)
    return refused


def _counts(uri: str) -> tuple[int, int]:
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def test_literals_escape_quotes_backslashes_and_line_breaks():
    assert literal("it's") == "'it\\'s'"
    assert literal("a\\b") == "'a\\\\b'"
    assert literal('say "hi"') == "'say \"hi\"'"
    assert literal("one\ntwo\r\tx") == "'one\\ntwo\\r\\tx'"
    assert literal("bell\x07") == "'bell\\u0007'"
    assert literal("sep\u2028x") == "'sep\\u2028x'"
    assert literal("Fund 💰 שלום") == "'Fund 💰 שלום'"
    assert literal(float("nan")) == "null"
    assert literal([1, 2.5, True, None]) == "[1, 2.5, true, null]"


def test_script_is_one_statement_per_line_with_constraints_first(tmp_path: Path, contract_graph):
    path = cypher_script.write(contract_graph, tmp_path / "g.cypher")
    statements = _statements(path)
    assert statements[0].startswith("CREATE CONSTRAINT")
    first_data = next(i for i, s in enumerate(statements) if s.startswith("UNWIND"))
    assert all(s.startswith(("CREATE CONSTRAINT", "CREATE INDEX")) for s in statements[:first_data])
    assert all(s.startswith("UNWIND") and " MERGE " in s for s in statements[first_data:])
    assert " CREATE (" not in path.read_text("utf-8")  # MERGE only: idempotent


def test_script_runs_on_a_bolt_server_and_rebuilds_the_graph_idempotently(
    tmp_path: Path, contract_graph, bolt_graph: str
):
    path = cypher_script.write(contract_graph, tmp_path / "g.cypher", batch_size=3)
    refused = _run_script(bolt_graph, path)
    # FalkorDB has no constraints and no IF NOT EXISTS: only schema lines may be refused.
    assert all(s.startswith(("CREATE CONSTRAINT", "CREATE INDEX")) for s in refused)
    first = _counts(bolt_graph)
    _run_script(bolt_graph, path)
    assert _counts(bolt_graph) == first

    documents = len(contract_graph.graph["documents"])
    mentions = sum(len(d["doc_ids"]) for _, d in contract_graph.nodes(data=True))
    assert first == (
        contract_graph.number_of_nodes() + documents,
        contract_graph.number_of_edges() + mentions,
    )
    with neo4j.GraphDatabase.driver(bolt_graph, auth=None) as driver:
        rows = driver.execute_query(
            "MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
            "labels(n) AS labels"
        ).records
        names = {r["id"]: r["name"] for r in rows}
        for node, data in contract_graph.nodes(data=True):
            if "\x07" not in data["name"]:  # FalkorDB does not decode \\u escapes
                assert names[node] == data["name"]
        for r in rows:
            assert set(r["labels"]) == {"Entity", contract_graph.nodes[r["id"]]["type"]}
            aliases = contract_graph.nodes[r["id"]]["aliases"]
            if "\x07" not in "".join(aliases):
                assert list(r["aliases"] or []) == aliases
        edge = driver.execute_query(
            "MATCH (:Entity {id: 'person-000'})-[r:WORKS_FOR]->(:Entity {id: 'organization-001'}) "
            "WHERE r.role IS NOT NULL RETURN r.role AS role, r.evidence AS evidence, "
            "r.sentences AS sentences, r.weight AS weight"
        ).records[0]
    assert edge["role"] == 'director\'s "aide"'
    assert edge["weight"] == 2
    assert json.loads(edge["evidence"])[0]["sentence"] == "She works for them.\nReally."
    assert edge["sentences"][1] == "Aide at <script> corp."


def test_neo4j_csv_headers_are_typed_and_rows_read_back(tmp_path: Path, contract_graph):
    counts = neo4j_csv.write(contract_graph, tmp_path / "import")
    folder = tmp_path / "import"

    def read(name: str) -> tuple[list[str], list[list[str]]]:
        with (folder / name).open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        return rows[0], rows[1:]

    head, rows = read("entities.csv")
    assert head[:2] == ["id:ID(Entity)", ":LABEL"]
    assert {"name:string", "pagerank:double", "mention_count:long", "aliases:string[]"} <= set(head)
    assert all(":" in h for h in head)
    labels = {row[0]: row[1].split("\x1f") for row in rows}
    for node, data in contract_graph.nodes(data=True):
        assert labels[node] == ["Entity", data["type"]]
    aliases = {row[0]: row[head.index("aliases:string[]")] for row in rows}
    assert (
        aliases["organization-001"].split("\x1f")
        == contract_graph.nodes["organization-001"]["aliases"]
    )

    head, rows = read("documents.csv")
    assert head[:2] == ["doc_id:ID(Document)", ":LABEL"] and "origins:string[]" in head
    head, rows = read("mentions.csv")
    assert head == [":START_ID(Document)", ":END_ID(Entity)", ":TYPE", "count:long"]
    assert {r[2] for r in rows} == {"MENTIONS"}
    head, rows = read("relations.csv")
    assert head[:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    assert {"weight:long", "evidence:string", "sentences:string[]", "role:string"} <= set(head)
    assert len(rows) == counts["relations.csv"] == 6
    _, rows = read("comentions.csv")
    assert [r[2] for r in rows] == ["MENTIONED_WITH"]

    readme = (folder / "README.md").read_text("utf-8")
    assert "neo4j-admin database import full neo4j" in readme
    for name in neo4j_csv.FILES:
        assert str((folder / name).resolve()) in readme
    assert "--array-delimiter=U+001F" in readme and "--multiline-fields=true" in readme


def test_neo4j_csv_leaves_out_relation_types_the_ontology_does_not_know(tmp_path: Path):
    g = nx.MultiDiGraph()
    g.add_node("a", name="A", type="Organization")
    g.add_node("b", name="B", type="Nonsense`Type")
    g.add_edge("a", "b", key="X", type="EVIL`]->()", weight=1, properties={}, evidence=[])
    counts = neo4j_csv.write(g, tmp_path / "import")
    assert counts["relations.csv"] == 0
    text = (tmp_path / "import" / "entities.csv").read_text("utf-8")
    assert "Entity\x1fNonsense" not in text
