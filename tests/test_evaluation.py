"""``threadline evaluate``: scores against annotated sentences, by type and micro-averaged.

The scoring rules are tested on hand-made extractions (no NLP); the command is
tested end to end on sentences written for this test, and on the CoNLL04 dev
split when the shared corpora are present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline.cli import app
from threadline.errors import InputError
from threadline.evaluation import (
    GoldEntity,
    GoldRelation,
    GoldSentence,
    evaluate,
    read_gold,
    scheme,
)
from threadline.graph.model import Entity, Evidence, Extraction, Mention, Relation
from threadline.graph.ontology import Ontology

ONTOLOGY = Ontology.load()
TEXT = "Mira Solberg, an analyst at Northgate Capital in Oslo, spoke."
MIRA, NORTHGATE, OSLO = (0, 12), (28, 45), (49, 53)


def gold(*relations: tuple[int, int, str]) -> GoldSentence:
    entities = (
        GoldEntity(*MIRA, "Person", "Mira Solberg"),
        GoldEntity(*NORTHGATE, "Organization", "Northgate Capital"),
        GoldEntity(*OSLO, "Location", "Oslo"),
    )
    return GoldSentence("s1", TEXT, entities, tuple(GoldRelation(*r) for r in relations))


def extraction(relations: list[tuple[str, str, str]], spans: dict | None = None) -> Extraction:
    spans = spans or {"mira": (MIRA, "Person"), "ng": (NORTHGATE, "Organization"),
                      "oslo": (OSLO, "Location")}  # fmt: skip
    entities = [
        Entity(key, TEXT[a:b], kind, mentions=[Mention(a, b, TEXT[a:b])])
        for key, ((a, b), kind) in spans.items()
    ]
    evidence = [Evidence(0, len(TEXT), TEXT, "test.rule", 0.8)]
    return Extraction(
        "0", None, len(TEXT), entities,
        [Relation(t, s, o, {}, list(evidence)) for t, s, o in relations],
    )  # fmt: skip


def score(gold_sentence: GoldSentence, predicted: Extraction, name: str = "threadline") -> dict:
    result = evaluate([gold_sentence], lambda _: iter([predicted]), scheme(name, ONTOLOGY))
    return result.to_dict(errors=10)


def test_a_found_relation_is_a_hit_and_a_missing_one_a_miss():
    report = score(
        gold((0, 1, "WORKS_FOR"), (1, 2, "LOCATED_IN")),
        extraction([("WORKS_FOR", "mira", "ng")]),
    )
    assert report["by_type"]["WORKS_FOR"] == {
        "precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0
    }  # fmt: skip
    assert report["by_type"]["LOCATED_IN"]["fn"] == 1
    assert report["micro"]["precision"] == 1.0 and report["micro"]["recall"] == 0.5
    assert [e["type"] for e in report["errors"]["missed"]] == ["LOCATED_IN"]


def test_a_wrong_relation_is_a_false_positive_with_its_rule():
    report = score(gold((0, 1, "WORKS_FOR")), extraction([("LIVES_IN", "mira", "oslo")]))
    assert report["by_type"]["LIVES_IN"]["fp"] == 1
    (error,) = report["errors"]["false_positives"]
    assert (error["source"], error["target"], error["rule"]) == (
        "Mira Solberg",
        "Oslo",
        "test.rule",
    )


def test_overlap_accepts_a_shorter_name_that_exact_matching_refuses():
    short = {"mira": ((5, 12), "Person"), "ng": (NORTHGATE, "Organization")}
    report = score(gold((0, 1, "WORKS_FOR")), extraction([("WORKS_FOR", "mira", "ng")], short))
    assert report["micro"]["recall"] == 1.0
    assert report["exact"]["micro"]["recall"] == 0.0


def test_direction_counts_except_for_symmetric_relations():
    wrong_way = score(gold((0, 1, "WORKS_FOR")), extraction([("WORKS_FOR", "ng", "mira")]))
    assert wrong_way["micro"]["tp"] == 0
    partners = {"a": (MIRA, "Organization"), "b": (NORTHGATE, "Organization")}
    symmetric = score(
        gold((0, 1, "PARTNERED_WITH")), extraction([("PARTNERED_WITH", "b", "a")], partners)
    )
    assert symmetric["micro"]["tp"] == 1


def test_conll04_maps_predictions_onto_its_types_and_leaves_others_unscored():
    sentence = GoldSentence(
        "c1", TEXT,
        (GoldEntity(*MIRA, "Peop", "Mira Solberg"), GoldEntity(*NORTHGATE, "Org", "Northgate"),
         GoldEntity(*OSLO, "Loc", "Oslo")),
        (GoldRelation(0, 1, "Work_For"), GoldRelation(1, 2, "OrgBased_In"),
         GoldRelation(0, 2, "Kill")),
    )  # fmt: skip
    report = score(
        sentence,
        extraction([("MEMBER_OF", "mira", "ng"), ("LOCATED_IN", "ng", "oslo"),
                    ("PARTNERED_WITH", "ng", "ng")]),
        "conll04",
    )  # fmt: skip
    assert set(report["by_type"]) == {"Work_For", "OrgBased_In"}
    assert report["micro"]["tp"] == 2 and report["micro"]["fp"] == 0 and report["micro"]["fn"] == 0
    assert report["entities"]["by_type"]["Peop"]["tp"] == 1


def test_a_relation_between_parts_of_one_gold_entity_is_not_scored():
    text = "He was born in Lubbock , Texas ."
    sentence = GoldSentence(
        "c2", text,
        (GoldEntity(0, 2, "Peop", "He"), GoldEntity(15, 30, "Loc", "Lubbock , Texas")),
        (GoldRelation(0, 1, "Live_In"),),
    )  # fmt: skip
    entities = [
        Entity("he", "He", "Person", mentions=[Mention(0, 2, "He")]),
        Entity("lub", "Lubbock", "Location", mentions=[Mention(15, 22, "Lubbock")]),
        Entity("tx", "Texas", "Location", mentions=[Mention(25, 30, "Texas")]),
    ]
    ev = [Evidence(0, len(text), text, "r", 0.8)]
    predicted = Extraction("0", None, len(text), entities, [
        Relation("LIVES_IN", "he", "lub", {}, ev), Relation("LIVES_IN", "he", "tx", {}, ev),
        Relation("LOCATED_IN", "lub", "tx", {}, ev),
    ])  # fmt: skip
    report = score(sentence, predicted, "conll04")
    assert report["micro"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 1,
        "fp": 0,
        "fn": 0,
    }


def test_a_malformed_gold_line_names_the_file_and_line(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1, "text": "ok", "entities": [], "relations": []}\n{"text": 3\n')
    with pytest.raises(InputError, match=r"gold.jsonl:2: invalid JSON"):
        read_gold(path)


# -- the command, end to end ------------------------------------------------------

OWN_SENTENCES = [
    ("Peter Okafor, chief economist at Haldane Research, said prices would rise.",
     [("Peter Okafor", "Person"), ("Haldane Research", "Organization")], [(0, 1, "WORKS_FOR")]),
    ("Talbot Bank, which is owned by Norvik Holdings, reported a loss.",
     [("Talbot Bank", "Organization"), ("Norvik Holdings", "Organization")], [(0, 1, "PART_OF")]),
    ("Marta Lindqvist met the board of Talbot Bank in Oslo on Friday.",
     [("Marta Lindqvist", "Person"), ("Talbot Bank", "Organization"), ("Oslo", "Location")],
     [(1, 2, "LOCATED_IN")]),
]  # fmt: skip


def write_gold(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n, (text, entities, relations) in enumerate(OWN_SENTENCES):
            spans = []
            for name, kind in entities:
                start = text.index(name)
                spans.append({"start": start, "end": start + len(name), "type": kind, "text": name})
            rels = [{"head": h, "tail": t, "type": k} for h, t, k in relations]
            line = {"id": f"own#{n}", "text": text, "entities": spans, "relations": rels}
            handle.write(json.dumps(line) + "\n")
    return path


@pytest.mark.slow
def test_evaluate_command_prints_the_json_contract(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["evaluate", str(write_gold(tmp_path / "gold.jsonl")), "--format", "json",
              "--errors", "5"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"micro", "by_type", "entities"} <= set(report)
    for figures in [report["micro"], report["entities"], *report["by_type"].values()]:
        assert all(0.0 <= figures[k] <= 1.0 for k in ("precision", "recall", "f1"))
    assert report["by_type"]["WORKS_FOR"]["tp"] == 1
    assert report["by_type"]["PART_OF"]["tp"] == 1
    assert report["micro"]["tp"] + report["micro"]["fn"] == 3


@pytest.mark.slow
def test_evaluate_command_table_lists_types_and_errors(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["evaluate", str(write_gold(tmp_path / "gold.jsonl")), "--errors", "5"]
    )
    assert result.exit_code == 0, result.output
    assert "WORKS_FOR" in result.stdout and "micro" in result.stdout and "entities" in result.stdout


def test_evaluate_command_refuses_a_missing_file_in_one_line(tmp_path: Path):
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert "absent.jsonl: cannot read" in result.output


CONLL04_DEV = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "conll04" / "dev.jsonl"
)


@pytest.mark.slow
@pytest.mark.skipif(not CONLL04_DEV.is_file(), reason="shared corpora not present")
def test_conll04_dev_scores_every_annotated_type():
    result = CliRunner().invoke(
        app, ["evaluate", str(CONLL04_DEV), "--scheme", "conll04", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["by_type"]) == {"Work_For", "OrgBased_In", "Located_In", "Live_In"}
    assert report["micro"]["tp"] + report["micro"]["fn"] == 300
    assert report["micro"]["precision"] >= 0.8
