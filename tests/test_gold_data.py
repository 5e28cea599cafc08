"""The annotated BBC relation set under benchmarks/data/ stays well formed.

The JSONL is written from ``bbc_relations.ann`` and the corpus (the ``bbc_gold`` fixture
does what `make gold` does), so these tests skip when the shared corpus is absent.

Tuning and judging the extractor rely on it: a wrong offset or a relation the
ontology cannot hold would silently count as a miss, and a file in both splits
would leak test sentences into tuning.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from threadline.graph.ontology import Ontology

SPLITS = ("dev", "test", "train")
STATUSES = {"former", "planned"}
# FUNDED_BY takes a person on either side: a person may fund or be funded.
EXTENDED = {"FUNDED_BY": {"Person", "Organization"}}


def _load(folder: Path, split: str) -> list[dict]:
    path = folder / f"bbc_relations_{split}.jsonl"
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="module")
def gold(bbc_gold: Path) -> dict[str, list[dict]]:
    return {split: _load(bbc_gold, split) for split in SPLITS}


def _allowed(onto: Ontology, rtype: str, head: str, tail: str) -> bool:
    if onto.allows(rtype, head, tail):
        return True
    extra = EXTENDED.get(rtype)
    return extra is not None and head in extra and tail in extra


def test_records_have_the_conll04_shape(gold: dict[str, list[dict]]) -> None:
    for split, records in gold.items():
        assert records, split
        for rec in records:
            assert set(rec) == {"id", "text", "entities", "relations"}, rec["id"]
            section, _, rest = rec["id"].partition("/")
            assert section in {"business", "entertainment", "politics", "sport", "tech"}
            name, _, num = rest.partition("#")
            assert name.isdigit() and num.isdigit(), rec["id"]
            for ent in rec["entities"]:
                assert set(ent) == {"start", "end", "type", "text"}, rec["id"]
            for rel in rec["relations"]:
                assert {"head", "tail", "type"} <= set(rel) <= {"head", "tail", "type", "status"}
                assert rel.get("status", "former") in STATUSES


def test_offsets_select_the_entity_text(gold: dict[str, list[dict]]) -> None:
    for records in gold.values():
        for rec in records:
            spans = []
            for ent in rec["entities"]:
                assert rec["text"][ent["start"] : ent["end"]] == ent["text"], (rec["id"], ent)
                assert ent["text"] == ent["text"].strip() and ent["text"], rec["id"]
                spans.append((ent["start"], ent["end"]))
            spans.sort()
            for (_, end), (start, _) in pairwise(spans):
                assert end <= start, f"overlapping entities in {rec['id']}"


def test_types_and_relations_fit_the_ontology(gold: dict[str, list[dict]]) -> None:
    onto = Ontology.load()
    for records in gold.values():
        for rec in records:
            ents = rec["entities"]
            for ent in ents:
                assert ent["type"] in onto.entity_types, (rec["id"], ent)
            seen = set()
            for rel in rec["relations"]:
                assert rel["type"] in onto.relation_types, rec["id"]
                assert 0 <= rel["head"] < len(ents) and 0 <= rel["tail"] < len(ents), rec["id"]
                assert rel["head"] != rel["tail"], rec["id"]
                head, tail = ents[rel["head"]]["type"], ents[rel["tail"]]["type"]
                assert _allowed(onto, rel["type"], head, tail), (rec["id"], rel, head, tail)
                key = (rel["head"], rel["tail"], rel["type"])
                assert key not in seen, f"duplicate relation in {rec['id']}"
                seen.add(key)


def test_size_and_coverage(gold: dict[str, list[dict]]) -> None:
    onto = Ontology.load()
    by_type = Counter(
        rel["type"] for records in gold.values() for rec in records for rel in rec["relations"]
    )
    assert sum(by_type.values()) >= 300
    assert set(by_type) == set(onto.relation_types)
    sections = {
        rec["id"].split("/")[0] for records in gold.values() for rec in records if rec["relations"]
    }
    assert sections == {"business", "entertainment", "politics", "sport", "tech"}
    empty = sum(not rec["relations"] for records in gold.values() for rec in records)
    assert empty > 0, "sentences without relations measure precision"


def test_splits_are_disjoint_by_file_and_sentence(gold: dict[str, list[dict]]) -> None:
    files = {split: {rec["id"].split("#")[0] for rec in records} for split, records in gold.items()}
    assert not files["dev"] & files["test"]
    assert not files["train"] & (files["dev"] | files["test"]), "a training file is scored"
    texts = [rec["text"] for records in gold.values() for rec in records]
    assert len(texts) == len(set(texts)), "a sentence occurs twice"
    ids = [rec["id"] for records in gold.values() for rec in records]
    assert len(ids) == len(set(ids))


def test_training_articles_are_annotated_whole(gold: dict[str, list[dict]]) -> None:
    """The training split holds whole articles: most sentences state no relation."""
    train = gold["train"]
    assert len({rec["id"].split("#")[0] for rec in train}) >= 50
    assert sum(not rec["relations"] for rec in train) > len(train) / 2


def test_a_training_file_cannot_be_scored(
    tmp_path: Path, bbc_dir: Path, build_gold_script: Any
) -> None:
    """A file annotated for training that dev or test already holds is refused."""
    build_gold = build_gold_script
    source = tmp_path / "clash.ann"
    scored = build_gold.SOURCE.read_text(encoding="utf-8")
    first = next(line for line in scored.splitlines() if line.startswith("== "))
    doc = first.split()[1]
    lines = scored.splitlines()
    start = lines.index(first)
    body = [line for line in lines[start + 1 :] if line.startswith("#")][:1]
    source.write_text(f"== {doc} training\n" + "\n".join(body) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="problem"):
        build_gold.build(bbc_dir, check_only=True, sources=[source])
