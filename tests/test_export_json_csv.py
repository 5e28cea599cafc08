"""Graph JSON (contract of ARCHITECTURE.md section 5) and nodes/edges CSV, read back by real parsers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from threadline.graph.export import csv_export, json_export


def test_json_is_node_link_data_with_edges_under_edges(tmp_path: Path, contract_graph):
    path = json_export.write(contract_graph, tmp_path / "g.json")
    data = json.loads(path.read_text("utf-8"))
    assert set(data) >= {"directed", "multigraph", "graph", "nodes", "edges"}
    assert "links" not in data
    node = next(n for n in data["nodes"] if n["id"] == "person-000")
    for field in (
        "id",
        "name",
        "type",
        "aliases",
        "mention_count",
        "doc_count",
        "degree",
        "pagerank",
        "community",
    ):
        assert field in node
    assert isinstance(node["aliases"], list)
    edge = next(e for e in data["edges"] if e["type"] == "WORKS_FOR" and e["properties"])
    assert set(edge) >= {"source", "target", "type", "weight", "properties", "evidence"}
    assert edge["properties"] == {"role": 'director\'s "aide"'}
    assert set(edge["evidence"][0]) == {"doc_id", "sentence", "start", "end", "rule", "confidence"}
    assert edge["weight"] == len(edge["evidence"]) == 2

    back = nx.node_link_graph(data, edges="edges")
    assert nx.utils.graphs_equal(back, contract_graph)
    assert back.graph["documents"] == contract_graph.graph["documents"]


def test_json_keeps_a_lone_surrogate_as_valid_utf8(tmp_path: Path, contract_graph):
    contract_graph.nodes["person-000"]["name"] = "bad \udcff byte"
    path = json_export.write(contract_graph, tmp_path / "g.json")
    path.read_bytes().decode("utf-8")  # strict UTF-8
    names = {n["name"] for n in json.loads(path.read_text("utf-8"))["nodes"]}
    assert "bad \udcff byte" in names


def test_csv_nodes_and_edges_read_back_with_the_csv_module(tmp_path: Path, contract_graph):
    nodes_path, edges_path = csv_export.write(contract_graph, tmp_path / "csv", formula_guard=False)
    with nodes_path.open(encoding="utf-8", newline="") as stream:
        nodes = list(csv.DictReader(stream))
    with edges_path.open(encoding="utf-8", newline="") as stream:
        edges = list(csv.DictReader(stream))
    assert {r["id"] for r in nodes} == set(contract_graph.nodes)
    assert len(edges) == contract_graph.number_of_edges()
    by_id = {r["id"]: r for r in nodes}
    for node, data in contract_graph.nodes(data=True):
        assert by_id[node]["name"] == data["name"]  # newlines, quotes, commas intact
        assert json.loads(by_id[node]["aliases"]) == data["aliases"]
        assert int(by_id[node]["mention_count"]) == data["mention_count"]
    for row in edges:
        data = contract_graph.edges[row["source"], row["target"], row["key"]]
        assert row["type"] == data["type"]
        assert int(row["weight"]) == data["weight"]
        assert json.loads(row["evidence"]) == data["evidence"]
        assert row["source_name"] == contract_graph.nodes[row["source"]]["name"]


def test_csv_makes_formula_like_names_inert_for_spreadsheets(tmp_path: Path, contract_graph):
    nodes_path, _ = csv_export.write(contract_graph, tmp_path / "csv")
    with nodes_path.open(encoding="utf-8", newline="") as stream:
        names = {r["name"] for r in csv.DictReader(stream)}
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)
