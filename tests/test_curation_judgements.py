"""Judgements: stored readably in the workspace, applied after automation, and winning."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from threadline.config import ResolveConfig
from threadline.errors import ConfigError, QueryError
from threadline.graph.curation import Judgement, Judgements
from threadline.graph.model import Entity, Extraction, Mention, entity_id
from threadline.graph.ontology import Ontology
from threadline.graph.resolve import Resolution, resolve
from threadline.workspace.curation import record_judgement

ONTOLOGY = Ontology.load()
CONFIG = ResolveConfig()


def ent(
    local_id: str, name: str, etype: str = "Organization", aliases=(), mentions: int = 1
) -> Entity:
    return Entity(
        local_id,
        name,
        etype,
        list(aliases),
        [Mention(k * 40, k * 40 + len(name), name) for k in range(mentions)],
    )


def doc(doc_id: str, *entities: Entity) -> Extraction:
    return Extraction(doc_id, None, 5_000, entities=list(entities))


CORPUS = [
    doc(
        "d1",
        ent("a", "Chinese Communist Party", aliases=["CCP"], mentions=3),
        ent("b", "Jin Xinjiang", "Person"),
    ),
    doc(
        "d2", ent("a", "CCP"), ent("b", "Xinjiang Jin", "Person"), ent("c", "Harbor Light Trading")
    ),
    doc("d3", ent("a", "Harbour Light Trading Co"), ent("b", "Section Seven", "Person")),
]


def apply(*judgements: Judgement, corpus=CORPUS) -> Resolution:
    return resolve(corpus, ONTOLOGY, CONFIG, None, Judgements(None, list(judgements)))


def entity_of(res: Resolution, doc_id: str, local_id: str):
    cid = res.canonical_id(doc_id, local_id)
    return None if cid is None else res.entities[cid]


def test_merge_joins_two_entities_and_keeps_the_first_name() -> None:
    before = resolve(CORPUS, ONTOLOGY, CONFIG)
    assert entity_of(before, "d2", "c") is not entity_of(before, "d3", "a")
    res = apply(Judgement("merge", "Harbor Light Trading", "Harbour Light Trading Co"))
    merged = entity_of(res, "d2", "c")
    assert merged is entity_of(res, "d3", "a")
    assert merged.name == "Harbor Light Trading"
    assert merged.aliases == ["Harbour Light Trading Co"]
    assert merged.doc_ids == ["d2", "d3"]
    assert not res.issues


def test_split_undoes_an_automatic_merge() -> None:
    res = apply(Judgement("split", "Chinese Communist Party", "CCP"))
    party, acronym = entity_of(res, "d1", "a"), entity_of(res, "d2", "a")
    assert party.id != acronym.id
    assert acronym.name == "CCP" and acronym.doc_ids == ["d2"]
    assert "CCP" not in party.aliases
    # A split pair is no longer offered as a candidate.
    assert all({c.a, c.b} != {party.id, acronym.id} for c in res.candidates)


def test_rename_changes_name_and_id() -> None:
    res = apply(Judgement("rename", "Jin Xinjiang", "Julien Jin"))
    person = entity_of(res, "d1", "b")
    assert person.name == "Julien Jin"
    assert person.id == entity_id("Person", "Julien Jin")
    assert {"Jin Xinjiang", "Xinjiang Jin"} <= set(person.aliases)
    assert entity_of(res, "d2", "b") is person


def test_retype_changes_type_and_refuses_unknown_types() -> None:
    res = apply(Judgement("retype", "Section Seven", "Organization"))
    assert entity_of(res, "d3", "b").type == "Organization"
    res = apply(Judgement("retype", "Section Seven", "Spaceship"))
    assert entity_of(res, "d3", "b").type == "Person"
    (issue,) = res.issues
    assert "Spaceship" in issue.reason


def test_reject_drops_the_entity_and_its_document_entities_map_to_none() -> None:
    res = apply(Judgement("reject", "Section Seven"))
    assert res.canonical_id("d3", "b") is None
    assert all(e.name != "Section Seven" for e in res.entities.values())


def test_a_judgement_that_no_longer_applies_is_reported_not_fatal() -> None:
    res = apply(
        Judgement("reject", "Nobody Here"),
        Judgement("rename", "Jin Xinjiang", "Julien Jin"),
    )
    assert [i.index for i in res.issues] == [0]
    assert "Nobody Here" in str(res.issues[0])
    assert entity_of(res, "d1", "b").name == "Julien Jin"


def test_judgements_apply_in_order_and_can_refer_to_earlier_results() -> None:
    res = apply(
        Judgement("rename", "Section Seven", "Section 7 Unit"),
        Judgement("retype", "Section 7 Unit", "Organization"),
    )
    entity = entity_of(res, "d3", "b")
    assert (entity.name, entity.type) == ("Section 7 Unit", "Organization")
    assert not res.issues


def test_file_round_trip_is_readable_yaml(tmp_path: Path) -> None:
    judgements = Judgements.load(tmp_path)
    assert len(judgements) == 0
    judgements.items.append(
        Judgement(
            "merge",
            "A Corp",
            "A Corporation",
            type="Organization",
            at="2025-01-02T03:04:05Z",
            note="same registry number",
        )
    )
    judgements.items.append(Judgement("reject", "Monday", at="2025-01-02T03:04:06Z"))
    judgements.save()
    text = (tmp_path / "judgements.yaml").read_text("utf-8")
    assert text.startswith("#")
    data = yaml.safe_load(text)
    assert data["judgements"][0] == {
        "action": "merge",
        "name": "A Corp",
        "with": "A Corporation",
        "type": "Organization",
        "at": "2025-01-02T03:04:05Z",
        "note": "same registry number",
    }
    assert Judgements.load(tmp_path).items == judgements.items


def test_a_hand_written_name_that_yaml_1_1_reads_as_a_boolean_stays_a_name(
    tmp_path: Path,
) -> None:
    """A band called "Yes", written unquoted by hand, is the name "Yes", not ``True``."""
    (tmp_path / "judgements.yaml").write_text(
        "judgements:\n- action: rename\n  name: Yes\n  to: 'No'\n", "utf-8"
    )
    (judgement,) = Judgements.load(tmp_path).items
    assert (judgement.name, judgement.argument) == ("Yes", "No")


def test_a_broken_file_is_a_one_line_config_error(tmp_path: Path) -> None:
    (tmp_path / "judgements.yaml").write_text(
        "judgements:\n- action: explode\n  name: X\n", "utf-8"
    )
    with pytest.raises(ConfigError, match="judgement 1: unknown judgement action 'explode'"):
        Judgements.load(tmp_path)
    (tmp_path / "judgements.yaml").write_text("judgements: [unclosed\n", "utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        Judgements.load(tmp_path)


def test_record_checks_applies_and_pins_the_type(tmp_path: Path) -> None:
    judgements = Judgements.load(tmp_path)
    res = record_judgement(
        judgements, Judgement("reject", "Section Seven"), CORPUS, ONTOLOGY, CONFIG
    )
    assert res.canonical_id("d3", "b") is None
    saved = Judgements.load(tmp_path).items
    assert saved[0].type == "Person" and saved[0].at.endswith("Z")
    with pytest.raises(QueryError, match="no entity named"):
        record_judgement(judgements, Judgement("reject", "Nobody"), CORPUS, ONTOLOGY, CONFIG)
    with pytest.raises(QueryError, match="unknown entity type"):
        record_judgement(
            judgements, Judgement("retype", "CCP", "Spaceship"), CORPUS, ONTOLOGY, CONFIG
        )
    assert len(Judgements.load(tmp_path)) == 1


def test_record_refuses_an_ambiguous_name_unless_typed(tmp_path: Path) -> None:
    corpus = [doc("d1", ent("a", "Jordan", "Person"), ent("b", "Jordan", "Location"))]
    judgements = Judgements.load(tmp_path)
    with pytest.raises(QueryError, match="ambiguous"):
        record_judgement(judgements, Judgement("reject", "Jordan"), corpus, ONTOLOGY, CONFIG)
    res = record_judgement(
        judgements, Judgement("reject", "Jordan", type="Person"), corpus, ONTOLOGY, CONFIG
    )
    assert res.canonical_id("d1", "a") is None
    assert res.canonical_id("d1", "b") is not None


def test_judgements_survive_new_documents_and_rebuilds(tmp_path: Path) -> None:
    judgements = Judgements.load(tmp_path)
    record_judgement(
        judgements, Judgement("split", "Chinese Communist Party", "CCP"), CORPUS, ONTOLOGY, CONFIG
    )
    record_judgement(
        judgements, Judgement("rename", "Jin Xinjiang", "Julien Jin"), CORPUS, ONTOLOGY, CONFIG
    )
    # A new document arrives naming the same people and the acronym again.
    grown = [
        *CORPUS,
        doc(
            "d4",
            ent("a", "Julien Jin", "Person", mentions=5),
            ent("b", "CCP", mentions=2),
            ent("c", "Chinese Communist Party"),
        ),
    ]
    reloaded = Judgements.load(tmp_path)
    res = resolve(grown, ONTOLOGY, CONFIG, None, reloaded)
    assert not res.issues
    person = entity_of(res, "d4", "a")
    assert person.name == "Julien Jin" and person.doc_ids == ["d1", "d2", "d4"]
    assert (
        entity_of(res, "d4", "b").id == entity_of(res, "d2", "a").id != entity_of(res, "d1", "a").id
    )
    assert entity_of(res, "d4", "c").id == entity_of(res, "d1", "a").id
    # Same input, same ids: a rebuild from the same caches and file changes nothing.
    again = resolve(list(reversed(grown)), ONTOLOGY, CONFIG, None, Judgements.load(tmp_path))
    assert [e.to_dict() for e in again.entities.values()] == [
        e.to_dict() for e in res.entities.values()
    ]
