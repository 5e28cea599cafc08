"""GraphML export: Gephi/yEd-ready (scalar, declared, typed keys) and read back losslessly."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from threadline.graph.export import graphml
from threadline.graph.export.common import xml_safe

NS = "{http://graphml.graphdrawing.org/xmlns}"
GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}


def test_networkx_reads_back_the_same_nodes_edges_and_attributes(tmp_path: Path, contract_graph):
    path = graphml.write(contract_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)

    assert back.is_directed()
    assert set(back.nodes) == set(contract_graph.nodes)
    assert sorted(back.edges(keys=True)) == sorted(contract_graph.edges(keys=True))
    for node, data in contract_graph.nodes(data=True):
        got = back.nodes[node]
        assert got["name"] == xml_safe(data["name"])
        assert got["label"] == xml_safe(data["name"])
        assert got["type"] == data["type"]
        # JSON escapes control characters, so lists keep even what XML cannot hold.
        assert json.loads(got["aliases"]) == data["aliases"]
        assert got["alias_count"] == len(data["aliases"])
        assert json.loads(got["doc_ids"]) == data["doc_ids"]
        assert got["mention_count"] == data["mention_count"]
        assert got["pagerank"] == data["pagerank"]
        assert isinstance(got["community"], int)
    for source, target, key, data in contract_graph.edges(keys=True, data=True):
        got = back.edges[source, target, key]
        assert got["type"] == data["type"]
        assert got["weight"] == data["weight"]
        assert json.loads(got["properties"]) == data["properties"]
        evidence = json.loads(got["evidence"])
        assert evidence == data["evidence"]
        assert got["evidence_count"] == len(data["evidence"])


def test_hostile_text_survives_except_characters_xml_cannot_hold(tmp_path: Path, contract_graph):
    path = graphml.write(contract_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    names = {d["name"] for _, d in back.nodes(data=True)}
    assert "<script>alert(1)</script>" in names
    assert "Acme})-[:X]->(n) DETACH DELETE n //" in names
    assert "Fund 💰 Ltd 🚀" in names
    assert "\u202eRTL\u200f override שלום" in names
    assert "bell and escape corp" in names  # BEL and ESC are illegal in XML 1.0
    raw = path.read_text("utf-8")
    assert "<script>" not in raw  # markup is escaped, never raw


def test_structure_every_key_declared_with_a_type_and_values_scalar(tmp_path: Path, contract_graph):
    path = graphml.write(contract_graph, tmp_path / "g.graphml")
    root = ET.parse(path).getroot()  # well-formed XML, or this raises
    assert root.tag == f"{NS}graphml"

    keys = {}
    for key in root.findall(f"{NS}key"):
        assert key.get("id") and key.get("attr.name"), "key without id or name"
        assert key.get("attr.type") in GRAPHML_TYPES, key.attrib
        assert key.get("for") in {"node", "edge", "graph", "all"}
        assert (key.get("attr.name"), key.get("for")) not in {
            (k["attr.name"], k["for"]) for k in keys.values()
        }, "attribute declared twice"
        keys[key.get("id")] = key.attrib
    by_name = {(k["attr.name"], k["for"]): k["attr.type"] for k in keys.values()}
    assert by_name[("mention_count", "node")] == "long"
    assert by_name[("pagerank", "node")] == "double"
    assert by_name[("weight", "edge")] == "long"
    assert by_name[("evidence", "edge")] == "string"

    graphs = root.findall(f"{NS}graph")
    assert len(graphs) == 1 and graphs[0].get("edgedefault") == "directed"
    data_elements = root.iter(f"{NS}data")
    count = 0
    for data in data_elements:
        count += 1
        key = keys.get(data.get("key"))
        assert key is not None, f"data element with undeclared key {data.get('key')}"
        assert len(data) == 0, "data elements hold text only (scalar values)"
        text = data.text or ""
        if key["attr.type"] == "long":
            int(text)
        elif key["attr.type"] == "double":
            float(text)
    assert count > 0
    node_ids = {n.get("id") for n in graphs[0].findall(f"{NS}node")}
    for edge in graphs[0].findall(f"{NS}edge"):
        assert edge.get("source") in node_ids and edge.get("target") in node_ids


def test_an_empty_graph_is_still_valid_graphml(tmp_path: Path):
    path = graphml.write(nx.MultiDiGraph(), tmp_path / "empty.graphml")
    assert nx.read_graphml(path).number_of_nodes() == 0
