"""GEXF export: Gephi gets colours by type, sizes by PageRank, and every attribute back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from threadline.graph.export import gexf
from threadline.graph.ontology import Ontology


def test_networkx_reads_back_nodes_edges_colours_and_sizes(tmp_path: Path, contract_graph):
    onto = Ontology.load()
    path = gexf.write(contract_graph, tmp_path / "g.gexf", onto)
    back = nx.read_gexf(path)

    assert set(back.nodes) == set(contract_graph.nodes)
    assert back.number_of_edges() == contract_graph.number_of_edges()
    for node, data in contract_graph.nodes(data=True):
        got = back.nodes[node]
        assert got["type"] == data["type"]
        assert json.loads(got["doc_ids"]) == data["doc_ids"]
        color = got["viz"]["color"]
        expected = onto.color(data["type"]).lstrip("#")
        assert (color["r"], color["g"], color["b"]) == tuple(
            int(expected[i : i + 2], 16) for i in (0, 2, 4)
        )
    sizes = {n: back.nodes[n]["viz"]["size"] for n in back}
    ranks = {n: d["pagerank"] for n, d in contract_graph.nodes(data=True)}
    top, bottom = max(ranks, key=ranks.get), min(ranks, key=ranks.get)
    assert sizes[top] == max(sizes.values()) > sizes[bottom] == min(sizes.values())
    relations = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert relations == sorted(d["type"] for _, _, d in contract_graph.edges(data=True))
    for _, _, data in back.edges(data=True):
        assert data["label"] == data["relation"]
        assert isinstance(json.loads(data["evidence"]), list)


def test_hostile_names_are_escaped_and_the_file_is_well_formed(tmp_path: Path, contract_graph):
    path = gexf.write(contract_graph, tmp_path / "g.gexf")
    ET.parse(path)  # raises on malformed XML
    labels = {d["label"] for _, d in nx.read_gexf(path).nodes(data=True)}
    assert "<script>alert(1)</script>" in labels
    assert 'O\'Brien "the \\ Lex"' in labels
    assert "<script>" not in path.read_text("utf-8")


def test_sizes_come_from_pagerank_computed_when_analytics_did_not_run(tmp_path: Path):
    g = nx.MultiDiGraph()
    for name in "abc":
        g.add_node(name, name=name.upper(), type="Organization")
    for source in "bc":
        g.add_edge(source, "a", key="PART_OF", type="PART_OF", weight=1, properties={}, evidence=[])
    back = nx.read_gexf(gexf.write(g, tmp_path / "g.gexf"))
    assert back.nodes["a"]["viz"]["size"] > back.nodes["b"]["viz"]["size"]
