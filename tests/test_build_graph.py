"""Graph building: cached extractions + resolution -> the contract graph, deterministically."""

from __future__ import annotations

import json
import random

import networkx as nx

from threadline.config import ResolveConfig
from threadline.graph.build import build_graph, document_mentions, graph_from_json, graph_to_json
from threadline.graph.model import (
    MENTIONED_WITH,
    CoMention,
    Entity,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from threadline.graph.ontology import Ontology
from threadline.graph.resolve import resolve

ONTOLOGY = Ontology.load()


def _entity(local: str, name: str, kind: str, count: int = 1) -> Entity:
    return Entity(local, name, kind, [], [Mention(0, len(name), name)] * count)


def _evidence(start: int, sentence: str, confidence: float = 0.8) -> Evidence:
    return Evidence(start, start + len(sentence), sentence, "rule.v1", confidence)


def _extractions() -> list[Extraction]:
    first = Extraction(
        "doc-1",
        "First",
        200,
        entities=[
            _entity("e1", "Mara Quist", "Person", 2),
            _entity("e2", "Lodestar Analytics", "Organization"),
            _entity("e3", "Port Vell", "Location"),
        ],
        relations=[
            Relation("WORKS_FOR", "e1", "e2", {"role": "analyst"},
                     [_evidence(0, "Mara Quist is an analyst at Lodestar Analytics.")]),
            Relation("LOCATED_IN", "e2", "e3", {},
                     [_evidence(50, "Lodestar Analytics is based in Port Vell.")]),
            # Not allowed by the ontology (Location cannot work for anyone): left out.
            Relation("WORKS_FOR", "e3", "e2", {}, [_evidence(90, "Odd sentence.")]),
        ],
        co_mentions=[CoMention("e1", "e2", 2, "Mara Quist and Lodestar Analytics.", 0, 34)],
    )  # fmt: skip
    second = Extraction(
        "doc-2",
        None,
        150,
        entities=[
            _entity("x1", "Mara Quist", "Person"),
            _entity("x2", "Lodestar Analytics", "Organization"),
            _entity("x3", "Harrow Trust", "Organization"),
        ],
        relations=[
            Relation("WORKS_FOR", "x1", "x2", {"role": "analyst"},
                     [_evidence(5, "Analyst Mara Quist, of Lodestar Analytics, said so.", 0.6)]),
            Relation("PARTNERED_WITH", "x3", "x2", {},
                     [_evidence(70, "Harrow Trust partnered with Lodestar Analytics.")]),
            Relation("PARTNERED_WITH", "x2", "x3", {},
                     [_evidence(120, "Lodestar Analytics and Harrow Trust signed a deal.")]),
        ],
        co_mentions=[CoMention("x2", "x1", 1, "Lodestar Analytics hired Mara Quist.", 0, 36)],
    )  # fmt: skip
    return [first, second]


DOCUMENTS = {
    "doc-1": {"doc_id": "doc-1", "title": "First", "origins": ["a.txt"]},
    "doc-2": {"doc_id": "doc-2", "title": None, "origins": ["b.txt"]},
}


def _graph(extractions: list[Extraction]) -> nx.MultiDiGraph:
    resolution = resolve(extractions, ONTOLOGY, ResolveConfig())
    return build_graph(extractions, DOCUMENTS, resolution, ONTOLOGY)


def _by_name(graph: nx.MultiDiGraph, name: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d["name"] == name]
    return node


def test_relation_evidence_from_two_documents_is_one_edge_weighted_by_evidence() -> None:
    graph = _graph(_extractions())
    mara, lodestar = _by_name(graph, "Mara Quist"), _by_name(graph, "Lodestar Analytics")
    edge = graph.edges[mara, lodestar, "WORKS_FOR|role=analyst"]
    assert edge["type"] == "WORKS_FOR"
    assert edge["properties"] == {"role": "analyst"}
    assert edge["weight"] == 2
    assert [e["doc_id"] for e in edge["evidence"]] == ["doc-1", "doc-2"]
    assert set(edge["evidence"][0]) == {"doc_id", "sentence", "start", "end", "rule", "confidence"}


def test_nodes_carry_counts_and_documents() -> None:
    graph = _graph(_extractions())
    mara = graph.nodes[_by_name(graph, "Mara Quist")]
    assert mara["type"] == "Person"
    assert mara["mention_count"] == 3
    assert mara["doc_count"] == 2
    assert mara["doc_ids"] == ["doc-1", "doc-2"]
    assert graph.graph["documents"]["doc-1"]["title"] == "First"


def test_comentions_are_one_undirected_pair_apart_from_relations() -> None:
    graph = _graph(_extractions())
    comentions = [(u, v, d) for u, v, d in graph.edges(data=True) if d["type"] == MENTIONED_WITH]
    assert len(comentions) == 1
    _, _, data = comentions[0]
    assert data["weight"] == 3
    assert {e["doc_id"] for e in data["evidence"]} == {"doc-1", "doc-2"}


def test_symmetric_relation_stated_both_ways_is_one_edge() -> None:
    graph = _graph(_extractions())
    partnered = [d for _, _, d in graph.edges(data=True) if d["type"] == "PARTNERED_WITH"]
    assert len(partnered) == 1
    assert partnered[0]["weight"] == 2


def test_relations_the_ontology_forbids_are_left_out() -> None:
    graph = _graph(_extractions())
    port = _by_name(graph, "Port Vell")
    assert not [d for _, _, d in graph.out_edges(port, data=True) if d["type"] == "WORKS_FOR"]


def test_same_input_in_any_order_gives_an_identical_graph() -> None:
    extractions = _extractions()
    first = graph_to_json(_graph(extractions))
    shuffled = list(reversed(extractions))
    random.Random(3).shuffle(shuffled[0].relations)
    assert graph_to_json(_graph(shuffled)) == first


def test_graph_json_round_trips_with_edges_under_edges() -> None:
    graph = _graph(_extractions())
    text = graph_to_json(graph)
    assert "edges" in json.loads(text)
    again = graph_from_json(text)
    assert sorted(again.edges(keys=True)) == sorted(graph.edges(keys=True))
    assert again.graph["documents"] == graph.graph["documents"]


def test_document_mentions_counts_mentions_per_canonical_entity() -> None:
    extractions = _extractions()
    resolution = resolve(extractions, ONTOLOGY, ResolveConfig())
    mentions = document_mentions(extractions, resolution)
    mara = resolution.canonical_id("doc-1", "e1")
    assert mentions[("doc-1", mara)] == 2
    assert mentions[("doc-2", mara)] == 1
