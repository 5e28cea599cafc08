"""The relation classifier beside the patterns: what it adds, what it leaves alone, its file.

Sentences are written for these tests; the bundled model is the one shipped in
the package.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from threadline.cli import app
from threadline.config import Config
from threadline.errors import ConfigError
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology
from threadline.ingest.relation_model import RelationModel, bundled_model_path, load_configured


@pytest.fixture(scope="module")
def with_model():
    """The extractor with the bundled classifier turned on ([nlp] relation_model = "bundled")."""
    from threadline.ingest.extract import Extractor

    extractor = Extractor(
        Config.model_validate({"nlp": {"relation_model": "bundled"}}), Ontology.load()
    )
    _ = extractor.nlp
    return extractor


def relations(extractor, text: str) -> list[tuple[str, str, str, str, float]]:
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return [
        (names[r.source], r.type, names[r.target], r.evidence[0].rule, r.evidence[0].confidence)
        for r in extraction.relations
    ]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Anna Berg, who is on the payroll of Norvik Capital Ltd, said rates would rise.",
         "Anna Berg", "Norvik Capital Ltd"),
        ("Peter Okafor, on the payroll of Talbot Bank Ltd, said the plan was sound.",
         "Peter Okafor", "Talbot Bank Ltd"),
    ],
)  # fmt: skip
def test_the_classifier_reads_constructions_no_pattern_covers(with_model, text, source, target):
    found = relations(with_model, text)
    (hit,) = [r for r in found if (r[0], r[1], r[2]) == (source, "WORKS_FOR", target)]
    assert hit[3] == "model:relations"
    assert 0.0 < hit[4] <= 1.0


def test_a_pattern_wins_where_it_fires(with_model):
    found = relations(
        with_model, "Peter Okafor, chief economist at Haldane Research, said prices would rise."
    )
    assert [r[1] for r in found] == ["WORKS_FOR"]
    assert not found[0][3].startswith("model:")


def test_a_negated_statement_gives_the_classifier_nothing(with_model):
    found = relations(
        with_model,
        "Anna Berg, no longer on the payroll of Norvik Capital Ltd, said rates would rise.",
    )
    assert not [r for r in found if r[1] == "WORKS_FOR"]


def test_patterns_only_by_default_and_the_model_changes_the_fingerprint(extractor, with_model):
    """Off by default: on sentences that state no relation the classifier is far less precise."""
    found = relations(
        extractor, "Peter Okafor, on the payroll of Talbot Bank Ltd, said the plan was sound."
    )
    assert not [r for r in found if r[3].startswith("model:")]
    assert Config().nlp.relation_model == "none"
    assert extractor.fingerprint != with_model.fingerprint


def test_the_bundled_model_is_small_and_plain_arrays():
    path = bundled_model_path()
    assert path.is_file() and path.stat().st_size <= 20 * 1024 * 1024
    with np.load(path, allow_pickle=False) as data:  # no pickled objects inside
        assert {"features", "classes", "weights", "intercept", "thresholds", "meta"} <= set(data)
    model = RelationModel.load(path)
    assert "NONE" in model.classes and "WORKS_FOR" in model.classes
    assert model.meta["trained_on"]


def test_a_model_survives_save_and_load(tmp_path: Path):
    model = RelationModel.load(bundled_model_path())
    copy = tmp_path / "copy.npz"
    model.save(copy)
    again = RelationModel.load(copy)
    assert again.classes == model.classes and again.index == model.index
    assert np.array_equal(again.weights, model.weights)
    assert np.array_equal(again.thresholds, model.thresholds)


def test_a_file_that_is_not_a_model_is_refused_in_one_line(tmp_path: Path):
    bogus = tmp_path / "bogus.npz"
    bogus.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match=r"bogus\.npz: not a threadline relation model"):
        RelationModel.load(bogus)
    with pytest.raises(ConfigError, match="cannot read relation model"):
        load_configured(str(tmp_path / "absent.npz"))


# -- training from a user's own annotations ----------------------------------------

PAYROLL = [
    ("Anna Berg, on the payroll of Norvik Capital, spoke first.", "Anna Berg", "Norvik Capital"),
    ("Tomas Reyes, on the payroll of Talbot Bank, disagreed.", "Tomas Reyes", "Talbot Bank"),
    ("Lena Varga, on the payroll of Haldane Motors, left early.", "Lena Varga", "Haldane Motors"),
    ("Omar Haddad, on the payroll of Brightwater Energy, agreed.", "Omar Haddad", "Brightwater Energy"),
    ("Sofia Marin, on the payroll of Gresham Steel Inc, objected.", "Sofia Marin", "Gresham Steel Inc"),
    ("Jonas Weber, on the payroll of Orion Media Group, was absent.", "Jonas Weber", "Orion Media Group"),
]  # fmt: skip
STRANGERS = [
    ("Anna Berg met reporters outside Norvik Capital on Monday.", "Anna Berg", "Norvik Capital"),
    ("Tomas Reyes criticised Talbot Bank in a speech.", "Tomas Reyes", "Talbot Bank"),
    ("Lena Varga sued Haldane Motors over the delay.", "Lena Varga", "Haldane Motors"),
    ("Omar Haddad wrote about Brightwater Energy last year.", "Omar Haddad", "Brightwater Energy"),
]  # fmt: skip


def write_annotations(path: Path) -> Path:
    lines = []
    for n, (text, person, org) in enumerate(PAYROLL + STRANGERS):
        entities = []
        for name, kind in ((person, "Person"), (org, "Organization")):
            start = text.index(name)
            entities.append({"start": start, "end": start + len(name), "type": kind, "text": name})
        rels = [{"head": 0, "tail": 1, "type": "WORKS_FOR"}] if n < len(PAYROLL) else []
        lines.append(json.dumps({"id": f"own{n}#0", "text": text, "entities": entities,
                                 "relations": rels}))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_train_relations_writes_a_model_that_extraction_uses(tmp_path: Path):
    model_path = tmp_path / "payroll.npz"
    result = CliRunner().invoke(
        app,
        ["train-relations", str(write_annotations(tmp_path / "mine.jsonl")), "-o",
         str(model_path), "--no-pattern-examples", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["name"] == "payroll" and "WORKS_FOR" in summary["classes"]
    assert summary["trained_on"] == ["mine.jsonl (threadline)"]

    config_file = tmp_path / "threadline.toml"
    config_file.write_text(f'[nlp]\nrelation_model = "{model_path.name}"\n', encoding="utf-8")
    extracted = CliRunner().invoke(
        app, ["--config", str(config_file), "extract", "--text",
              "Ruth Stein, on the payroll of Harbor Council Ltd, resigned."],
    )  # fmt: skip
    assert extracted.exit_code == 0, extracted.output
    (line,) = [json.loads(x) for x in extracted.stdout.splitlines() if x.strip()]
    rules = {e["rule"] for r in line["relations"] for e in r["evidence"]}
    assert "model:payroll" in rules


def test_train_relations_refuses_an_output_that_is_not_npz(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["train-relations", str(write_annotations(tmp_path / "m.jsonl")), "-o",
              str(tmp_path / "model.pkl")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "ends in .npz" in result.output
