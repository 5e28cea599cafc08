"""Relation pattern files: checked by their model, one error line naming file, pattern, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadline.errors import ConfigError
from threadline.graph.ontology import Ontology
from threadline.ingest.pattern_files import (
    Argument,
    PatternFileSpec,
    bundled_pattern_files,
    load_patterns,
    parse_pattern_file,
)

GOOD = """\
lexicon:
  within: [within, inside]
patterns:
  - id: mine.unit_within
    description: '"X, a unit within Y"'
    relation: [PART_OF]
    confidence: 0.6
    pattern:
      - {RIGHT_ID: unit, RIGHT_ATTRS: {LOWER: unit}}
      - {LEFT_ID: unit, REL_OP: ">", RIGHT_ID: prep, RIGHT_ATTRS: {LOWER: {IN: $within}}}
      - {LEFT_ID: prep, REL_OP: ">", RIGHT_ID: org, RIGHT_ATTRS: {DEP: pobj}}
    source: {node: unit, via: entity, expand: false}
    target: org
    target_types: [Organization]
    examples:
      - text: "Team Blue, a unit within the Harbor Council, met."
        expect: [{source: Team Blue, type: PART_OF, target: Harbor Council}]
"""


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def error_of(text: str, ontology: Ontology) -> str:
    with pytest.raises(ConfigError) as info:
        parse_pattern_file(text, "mine.yaml", ontology)
    message = str(info.value)
    assert "\n" not in message, message
    assert message.startswith("mine.yaml: "), message
    return message


def test_a_valid_file_gives_its_patterns_with_the_lexicon_substituted(ontology: Ontology) -> None:
    (pattern,) = parse_pattern_file(GOOD, "mine.yaml", ontology)
    assert pattern.id == "mine.unit_within"
    assert pattern.relations == ("PART_OF",)
    assert pattern.matcher_pattern[1]["RIGHT_ATTRS"] == {"LOWER": {"IN": ["within", "inside"]}}
    assert pattern.source == Argument(node="unit", via="entity", expand=False)
    assert pattern.target == Argument(node="org")
    assert pattern.node_names == ("unit", "prep", "org")
    assert pattern.target_types == ("Organization",)
    assert pattern.confidence == 0.6 and pattern.file == "mine.yaml"
    assert pattern.examples[0].expect == (
        {"source": "Team Blue", "type": "PART_OF", "target": "Harbor Council"},
    )


def test_nodes_that_only_shape_the_match_are_kept_apart_from_the_status(
    ontology: Ontology,
) -> None:
    (plain,) = parse_pattern_file(GOOD, "mine.yaml", ontology)
    assert plain.status_ignores == frozenset()
    text = GOOD.replace("    target: org\n", "    target: org\n    status_ignores: [prep]\n")
    (pattern,) = parse_pattern_file(text, "mine.yaml", ontology)
    assert pattern.status_ignores == frozenset({"prep"})


def test_every_bundled_pattern_file_passes_the_model(ontology: Ontology) -> None:
    files = bundled_pattern_files()
    assert len(files) >= 10
    ids = [p.id for name, text in files for p in parse_pattern_file(text, name, ontology)]
    assert len(ids) == len(set(ids)) > 50


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    target: org\n", "    target: org\n    confidance: 0.9\n"),
         "pattern 'mine.unit_within': unknown key(s) confidance"),
        (("    target: org\n", "    targt: org\n"),
         "pattern 'mine.unit_within': unknown key(s) targt"),
        (("confidence: 0.6", "confidence: 1.5"),
         "pattern 'mine.unit_within': confidence: Input should be less than or equal to 1"),
        (("confidence: 0.6", "confidence: high"),
         "pattern 'mine.unit_within': confidence: Input should be a valid number"),
        (("via: entity", "via: object"),
         "pattern 'mine.unit_within': source: via: Input should be 'self', 'subject', 'entity', 'country', 'previous', 'body_before', 'heads_side' or 'owner'"),
        (("expand: false", "expnd: false"),
         "pattern 'mine.unit_within': source: unknown key(s) expnd"),
        (("relation: [PART_OF]", "relation: [PART_OF, OWNS]"),
         "pattern 'mine.unit_within': unknown relation type 'OWNS'"),
        (("relation: [PART_OF]", "relation: []"),
         "pattern 'mine.unit_within': needs a 'relation'"),
        (("target_types: [Organization]", "target_types: [Organisation]"),
         "pattern 'mine.unit_within': 'target_types' must list entity types of the ontology"),
        (("LEFT_ID: prep", "LEFT_ID: trigger"),
         "pattern 'mine.unit_within': node 'org' needs REL_OP and a LEFT_ID naming an earlier node"),
        (("RIGHT_ID: org, RIGHT_ATTRS: {DEP: pobj}", "RIGHT_ID: unit, RIGHT_ATTRS: {DEP: pobj}"),
         "pattern 'mine.unit_within': node 'unit' is named twice"),
        (("{RIGHT_ID: unit, RIGHT_ATTRS: {LOWER: unit}}", "{RIGHT_ID: unit}"),
         "pattern 'mine.unit_within': pattern: #1: RIGHT_ATTRS: Field required"),
        (("    target: org\n", "    target: place\n"),
         "pattern 'mine.unit_within': 'target' must name a node of the pattern (unit, prep, org)"),
        (("    target: org\n", "    target: org\n    properties: {date: {find: time, near: unit}}\n"),
         "pattern 'mine.unit_within': properties: date: find: Input should be 'date', 'award' or 'post'"),
        (("type: PART_OF", "type: PART_OFF"),
         "pattern 'mine.unit_within': example 'Team Blue, a unit within the Harbor Coun': "
         "unknown relation type 'PART_OFF'"),
        (("type: PART_OF, ", ""),
         "pattern 'mine.unit_within': examples: #1: expect: #1: type: Field required"),
        (("    target: org\n", "    target: org\n    status_ignores: [role]\n"),
         "pattern 'mine.unit_within': 'status_ignores' names unknown node 'role'"),
        (("$within", "$inside"), "pattern 'mine.unit_within': unknown lexicon list 'inside'"),
        (("  within: [within, inside]", "  within: within"), "lexicon: within: Input should be a valid list"),
        (("  - id: mine.unit_within\n", "  - description: no id\n"), "pattern #1 needs an 'id'"),
        (("lexicon:", "lexicons:"), "unknown key(s) lexicons"),
        (("patterns:", "pattern:"), "a pattern file needs a 'patterns' list"),
    ],
)  # fmt: skip
def test_a_broken_pattern_is_one_line_naming_file_pattern_and_field(
    ontology: Ontology, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in GOOD
    assert message in error_of(GOOD.replace(old, new), ontology)


def test_a_pattern_id_defined_twice_in_one_file_is_an_error(ontology: Ontology) -> None:
    twice = GOOD + GOOD.split("patterns:\n", 1)[1]
    assert "pattern 'mine.unit_within' is defined twice" in error_of(twice, ontology)


def test_invalid_yaml_is_one_line(ontology: Ontology) -> None:
    assert "mine.yaml: invalid YAML" in error_of("patterns: [\n", ontology)


def test_load_patterns_reads_files_and_names_an_unreadable_one(
    tmp_path: Path, ontology: Ontology
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, "utf-8")
    (pattern,) = load_patterns([path], ontology)
    assert pattern.file == str(path)
    with pytest.raises(ConfigError, match=r"gone\.yaml: cannot read pattern file"):
        load_patterns([tmp_path / "gone.yaml"], ontology)


def test_the_model_needs_the_ontology_in_its_context() -> None:
    with pytest.raises(TypeError, match="context"):
        PatternFileSpec.model_validate({"patterns": [{"id": "x", "relation": "PART_OF"}]})
