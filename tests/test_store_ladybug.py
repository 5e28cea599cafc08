"""The embedded LadybugDB store: schema from the ontology, bulk load, parameters, switching."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from threadline.errors import StoreError
from threadline.graph.ontology import Ontology
from threadline.graph.store import ladybug as store
from threadline.graph.store.ladybug import LadybugStore, publish, schema_statements

ONTOLOGY = Ontology.load()

# The names of the ``contract_graph`` fixture (tests/conftest.py) that carry
# quotes, backticks, Cypher and markup.
HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    'O\'Brien "the \\ Lex"',
    "back`tick` Holdings",
    "Acme})-[:X]->(n) DETACH DELETE n //",
    "line one\nline two\ttabbed",
]


@pytest.fixture
def loaded(tmp_path: Path, contract_graph) -> LadybugStore:
    db = LadybugStore.create(tmp_path / "db" / "graph.lbdb", ONTOLOGY)
    db.load(contract_graph, ONTOLOGY)
    db.close()
    with LadybugStore.open(tmp_path / "db" / "graph.lbdb") as reader:
        yield reader


def test_schema_has_a_table_per_entity_and_relation_type_plus_documents() -> None:
    text = "\n".join(schema_statements(ONTOLOGY))
    for entity_type in ONTOLOGY.entity_types:
        assert f"CREATE NODE TABLE `{entity_type}`(id STRING PRIMARY KEY" in text
    for relation in ONTOLOGY.relation_types.values():
        for source, target in relation.pairs():
            assert f"FROM `{source}` TO `{target}`" in text
    assert "CREATE NODE TABLE Document(doc_id STRING PRIMARY KEY" in text
    assert "CREATE REL TABLE MENTIONS(" in text
    assert "`role` STRING" in text


def test_store_holds_every_node_edge_and_document_of_the_graph(loaded, contract_graph) -> None:
    counts = loaded.count()
    assert counts["Person"] == 3
    assert counts["Organization"] == 6
    assert counts["Location"] == 1
    assert counts["Document"] == 2
    assert counts["WORKS_FOR"] == 2
    assert counts["MENTIONED_WITH"] == 1
    typed = sum(1 for *_, d in contract_graph.edges(data=True) if d["type"] != "MENTIONED_WITH")
    assert sum(counts[r] for r in ONTOLOGY.relation_types) == typed


def test_relation_columns_keep_properties_evidence_and_sentences(loaded) -> None:
    rows = loaded.query(
        "MATCH (p:Person)-[r:WORKS_FOR]->(o:Organization) WHERE r.role IS NOT NULL "
        "RETURN r.id AS id, r.key AS key, r.role AS role, r.weight AS weight, "
        "r.properties AS properties"
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["role"] == 'director\'s "aide"'
    assert row["weight"] == 2
    assert json.loads(row["properties"]) == {"role": 'director\'s "aide"'}
    evidence = loaded.query(
        "MATCH (v:Evidence) WHERE v.relation = $id "
        "RETURN v.item AS item, v.doc_id AS doc, v.sentence AS sentence, v.start_char AS start, "
        "v.end_char AS stop, v.rule AS rule, v.confidence AS confidence ORDER BY v.item",
        {"id": row["id"]},
    )
    assert [e["doc"] for e in evidence] == ["doc-a", "doc-b"]
    assert evidence[0]["item"] == row["id"]  # a relation's id is its first evidence item's
    assert evidence[0]["sentence"] == "She works for them.\nReally."
    assert evidence[1]["sentence"] == "Aide at <script> corp."
    assert evidence[0]["confidence"] == pytest.approx(0.9)
    assert evidence[1]["rule"] == "works_for.v2"


def test_every_evidence_item_of_the_graph_is_an_evidence_row(loaded, contract_graph) -> None:
    want = sorted(
        (e["doc_id"], e["sentence"], e["start"], e["end"], e["rule"])
        for *_, d in contract_graph.edges(data=True)
        if d["type"] != "MENTIONED_WITH"
        for e in d["evidence"]
    )
    rows = loaded.query(
        "MATCH (v:Evidence) RETURN v.doc_id AS d, v.sentence AS s, v.start_char AS a, "
        "v.end_char AS b, v.rule AS r"
    )
    assert sorted((r["d"], r["s"], r["a"], r["b"], r["r"]) for r in rows) == want
    ids = loaded.query("MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id")
    assert len({r["id"] for r in ids}) == len(ids)  # relation ids are unique across tables


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_only_ever_parameters(loaded, name: str) -> None:
    rows = loaded.query(
        "MATCH (n) WHERE n.name = $name RETURN n.name AS name, label(n) AS type", {"name": name}
    )
    assert [r["name"] for r in rows] == [name]
    # The store is intact afterwards: nothing the name says was executed.
    assert loaded.count()["Organization"] == 6


def test_a_bad_query_raises_store_error_with_one_line(loaded) -> None:
    with pytest.raises(StoreError) as caught:
        loaded.query("MATCH (n:NoSuchTable RETURN n")
    assert "\n" not in str(caught.value)
    assert "Parser exception" in str(caught.value)


def test_writes_are_refused_on_a_read_only_store(loaded) -> None:
    with pytest.raises(StoreError):
        loaded.query("CREATE (:Person {id: 'x', name: 'y'})")


def test_publish_switches_readers_to_the_new_store_and_keeps_the_previous(
    tmp_path: Path, contract_graph
) -> None:
    root = tmp_path / "store"
    first, _ = publish(root, contract_graph, ONTOLOGY, state="one")
    assert store.current_path(root) == first
    reader = LadybugStore.open(first)
    contract_graph.remove_node("person-000")
    second, counts = publish(root, contract_graph, ONTOLOGY, state="two")
    assert store.current_path(root) == second
    assert counts["Person"] == 2
    # A reader holding the previous store keeps working while the switch happens.
    assert len(reader.query("MATCH (p:Person) RETURN p.id")) == 3
    reader.close()
    third, _ = publish(root, contract_graph, ONTOLOGY, state="three")
    folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert folders == sorted([second.parent.name, third.parent.name])


def test_a_store_folder_left_by_a_killed_build_is_never_used(tmp_path: Path, contract_graph):
    root = tmp_path / "store"
    good, _ = publish(root, contract_graph, ONTOLOGY, state="one")
    half = root / "store-20990101T000000-1-abcdef"
    half.mkdir()
    (half / store.DB_FILENAME).write_bytes(b"half written")
    assert store.current_path(root) == good
    publish(root, contract_graph, ONTOLOGY, state="two")
    assert not half.exists()


def test_a_store_from_another_schema_version_is_not_trusted(tmp_path: Path, contract_graph):
    root = tmp_path / "store"
    publish(root, contract_graph, ONTOLOGY, state="one")
    pointer = json.loads((root / store.POINTER).read_text())
    pointer["schema"] = store.SCHEMA_VERSION - 1
    (root / store.POINTER).write_text(json.dumps(pointer))
    assert store.current_path(root) is None


def test_concurrent_readers_see_a_whole_store_during_publishes(tmp_path: Path, contract_graph):
    root = tmp_path / "store"
    publish(root, contract_graph, ONTOLOGY, state="zero")
    errors: list[Exception] = []
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            path = store.current_path(root)
            try:
                with LadybugStore.open(path) as db:
                    seen.add(len(db.query("MATCH (n:Organization) RETURN n.id")))
            except StoreError as exc:  # a store deleted between pointer and open
                if path is not None and path.exists():
                    errors.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    for i in range(3):
        publish(root, contract_graph, ONTOLOGY, state=str(i))
    stop.set()
    thread.join()
    assert not errors
    assert seen == {6}
