"""The HTML view is readable: legible edge labels, a colour per relation type, the centre marked."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from threadline.graph.ontology import Ontology
from threadline.queries.palette import relation_colors
from threadline.queries.viz import render_html


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(documents={"d1": {"doc_id": "d1", "title": "Memo"}})
    for node, entity_type in (("p", "Person"), ("o", "Organization"), ("l", "Location")):
        g.add_node(node, name=node.upper(), type=entity_type, aliases=[], pagerank=0.1)
    evidence = [{"doc_id": "d1", "sentence": "s", "start": 0, "end": 1, "rule": "r",
                 "confidence": 0.9}]  # fmt: skip
    for source, target, kind in (("p", "o", "WORKS_FOR"), ("o", "l", "LOCATED_IN")):
        g.add_edge(source, target, key=kind, type=kind, weight=1, properties={}, evidence=evidence)
    return g


def _data(path) -> dict:
    html = path.read_text("utf-8")
    [text] = re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(text)


def test_each_relation_type_has_its_colour_on_the_edge_and_in_the_legend(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(_graph(), path, ontology)
    data = _data(path)
    colours = relation_colors(ontology)
    by_type = {e["label"]: e["color"]["color"] for e in data["edges"]}
    assert by_type == {"WORKS_FOR": colours["WORKS_FOR"], "LOCATED_IN": colours["LOCATED_IN"]}
    assert colours["WORKS_FOR"] != colours["LOCATED_IN"]
    legend = {r["name"]: r["color"] for r in data["relations"]}
    assert legend == by_type


def test_edge_labels_are_drawn_large_enough_to_read(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(_graph(), path, ontology)
    edges = _data(path)["options"]["edges"]
    assert edges["font"]["size"] >= 12 and edges["font"]["strokeWidth"] >= 3
    assert edges["scaling"]["label"]["min"] >= 11


def test_the_centre_of_an_ego_view_is_marked(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(_graph(), path, ontology, centre="o")
    nodes = {n["id"]: n for n in _data(path)["nodes"]}
    assert nodes["o"]["borderWidth"] > nodes["p"].get("borderWidth", 1)
    assert nodes["o"]["color"]["border"] == "#111111"
    assert nodes["o"]["color"]["background"] == ontology.color("Organization")
    render_html(_graph(), path, ontology)
    assert all(n.get("borderWidth", 1) <= 1 for n in _data(path)["nodes"])
