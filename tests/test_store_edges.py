"""The store's edge tables from a graph whose edges were added out of order, with
several edges per pair, co-mentions, an edge the ontology refuses and edges
without evidence: every relation keeps its evidence, in order, under its id."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest

from threadline.graph.model import MENTIONED_WITH, edge_key
from threadline.graph.ontology import Ontology
from threadline.graph.store import edges
from threadline.graph.store.ladybug import LadybugStore

ONTOLOGY = Ontology.load()


def _graph(seed: int, text_numbers: bool = False) -> nx.MultiDiGraph:
    """People and organizations with WORKS_FOR edges (some with a role, some
    with two keys between the same pair), co-mentions and LOCATED_IN edges
    from people (which the ontology refuses), added in a shuffled order."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(documents={"d1": {"doc_id": "d1"}, "d2": {"doc_id": "d2"}})
    people = [f"person-{i}" for i in range(12)]
    orgs = [f"org-{i}" for i in range(6)]
    for node in people:
        graph.add_node(node, type="Person", name=node.title(), doc_ids=["d1"])
    for node in orgs:
        graph.add_node(node, type="Organization", name=node.title(), doc_ids=["d2"])
    edges = []
    for i in range(60):
        source, target = rng.choice(people), rng.choice(orgs)
        properties = {"role": f"role {i % 3}"} if i % 4 == 0 else {}
        evidence = [
            {
                "doc_id": f"d{1 + (i + j) % 2}",
                "sentence": f"Sentence {j} of edge {i}.",
                "start": str(10 * j) if text_numbers else 10 * j,
                "end": 10 * j + 9,
                "rule": "test",
                "confidence": 0.5 + j / 10,
            }
            for j in range(i % 4)  # some edges have no evidence at all
        ]
        weight = len(evidence)
        data = {
            "type": "WORKS_FOR",
            "weight": str(weight) if text_numbers else weight,
            "properties": properties,
            "evidence": evidence,
        }
        edges.append((source, target, edge_key("WORKS_FOR", properties) + f"#{i % 2}", data))
        if i % 5 == 0:
            other = rng.choice(people)
            comention = {"doc_id": "d1", "sentence": f"Both named in {i}."}
            edges.append(
                (source, other, MENTIONED_WITH, {"type": MENTIONED_WITH, "weight": 1 + i % 3,
                                                 "evidence": [comention]})
            )  # fmt: skip
        if i % 7 == 0:
            refused = {"type": "LOCATED_IN", "weight": 1, "properties": {}, "evidence": evidence}
            edges.append((source, rng.choice(people), "LOCATED_IN", refused))
    rng.shuffle(edges)
    for source, target, key, data in edges:
        graph.add_edge(source, target, key=key, **data)
    return graph


def _load(graph: nx.MultiDiGraph, path: Path) -> LadybugStore:
    store = LadybugStore.create(path, ONTOLOGY)
    store.load(graph, ONTOLOGY)
    store.close()
    return LadybugStore.open(path)


@pytest.mark.parametrize(("seed", "batch_rows"), [(1, None), (2, None), (1, 7)])
def test_every_relation_keeps_its_evidence_in_order_under_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, batch_rows: int | None
):
    if batch_rows is not None:  # the evidence converted and loaded in many record batches
        monkeypatch.setattr(edges, "EVIDENCE_BATCH_ROWS", batch_rows)
    graph = _graph(seed)
    store = _load(graph, tmp_path / "graph.lbdb")
    rows = store.query(
        "MATCH (a)-[r:WORKS_FOR]->(b) RETURN a.id AS source, b.id AS target, r.key AS key, "
        "r.id AS id, r.weight AS weight, r.role AS role, r.properties AS properties"
    )
    for row in rows:
        items = store.query(
            "MATCH (v:Evidence {relation: $id}) RETURN v.item AS item, v.sentence AS sentence "
            "ORDER BY v.item",
            {"id": row["id"]},
        )
        row["items"] = [v["item"] for v in items]
        row["sentences"] = [v["sentence"] for v in items]
    expected = {
        (s, t, k): d for s, t, k, d in graph.edges(keys=True, data=True) if d["type"] == "WORKS_FOR"
    }
    assert len(rows) == len(expected)
    ids = []
    for row in rows:
        data = expected[(row["source"], row["target"], row["key"])]
        assert row["sentences"] == [e["sentence"] for e in data["evidence"]]
        assert row["items"] == list(range(row["id"], row["id"] + len(data["evidence"])))
        assert row["weight"] == data["weight"]
        assert row["role"] == data["properties"].get("role")
        assert (row["properties"] is None) == (not data["properties"])
        ids.append(row["id"])
    assert len(set(ids)) == len(ids)
    comentions = store.query(
        "MATCH (a)-[r:MENTIONED_WITH]->(b) RETURN a.id AS a, b.id AS b, r.weight AS weight"
    )
    assert sorted((r["a"], r["b"], r["weight"]) for r in comentions) == sorted(
        (s, t, d["weight"]) for s, t, d in graph.edges(data=True) if d["type"] == MENTIONED_WITH
    )
    assert store.query("MATCH ()-[r:LOCATED_IN]->() RETURN count(r) AS n")[0]["n"] == 0
    evidence = store.query("MATCH (v:Evidence) RETURN count(v) AS n")[0]["n"]
    assert evidence == sum(len(d["evidence"]) for d in expected.values())
    store.close()


def test_numbers_given_as_text_load_as_the_same_store(tmp_path: Path):
    def dump(store: LadybugStore) -> list[list[object]]:
        rows = store.query(
            "MATCH (a)-[r:WORKS_FOR]->(b) MATCH (v:Evidence {relation: r.id}) "
            "RETURN a.id, b.id, r.key, r.id, r.weight, v.item, v.start_char, v.sentence "
            "ORDER BY v.item"
        )
        return [list(row.values()) for row in rows]

    plain = _load(_graph(3), tmp_path / "plain.lbdb")
    text = _load(_graph(3, text_numbers=True), tmp_path / "text.lbdb")
    assert dump(plain) == dump(text)
    assert dump(plain)
    plain.close()
    text.close()


def test_relations_without_any_evidence_load_with_an_empty_evidence_table(tmp_path: Path):
    graph = nx.MultiDiGraph(documents={"d1": {"doc_id": "d1"}})
    graph.add_node("p", type="Person", name="P", doc_ids=["d1"])
    graph.add_node("o", type="Organization", name="O", doc_ids=["d1"])
    graph.add_edge(
        "p", "o", key="WORKS_FOR", type="WORKS_FOR", weight=0, properties={}, evidence=[]
    )
    store = _load(graph, tmp_path / "graph.lbdb")
    assert store.query("MATCH ()-[r:WORKS_FOR]->() RETURN r.id AS id") == [{"id": 0}]
    assert store.query("MATCH (v:Evidence) RETURN count(v) AS n")[0]["n"] == 0
    store.close()
