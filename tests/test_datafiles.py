"""Malformed data files: one line naming the file, the entry and the field, at load time.

Each kind of YAML data file (ontology, gazetteer, query catalog, entity rules,
cleanup rules) is written broken to a temporary folder and loaded the way the
project loads it; the bundled files all pass the same models.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from threadline import datafiles
from threadline.datafiles import (
    CleanupFile,
    EntityRulesFile,
    GazetteerFile,
    OntologyFile,
    check,
    entity_rules,
    read_yaml,
)
from threadline.errors import ConfigError, QueryError
from threadline.graph.ontology import Ontology
from threadline.ingest.gazetteer import Gazetteer
from threadline.queries.catalog import load_catalog


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text, text
    return text


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


def test_ontology_relation_without_a_range(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mine.yaml",
        "relation_types:\n  ADVISES:\n    domain: [Person]\n    says: gives advice to\n",
    )
    with pytest.raises(ConfigError) as info:
        Ontology.load((path,))
    message = one_line(info.value)
    assert message.startswith(f"{path}: relation_types: ADVISES: range: ")
    assert "Field required" in message


def test_ontology_colour_of_the_wrong_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "colours.yaml", "entity_types:\n  Vessel: {color: [1, 2]}\n")
    with pytest.raises(ConfigError) as info:
        Ontology.load((path,))
    assert one_line(info.value).startswith(f"{path}: entity_types: Vessel: ")
    assert "color" in str(info.value)


def test_ontology_unknown_trait(tmp_path: Path) -> None:
    path = write(tmp_path, "traits.yaml", "entity_types:\n  Vessel: {traits: [ship]}\n")
    with pytest.raises(ConfigError) as info:
        Ontology.load((path,))
    message = one_line(info.value)
    assert message.startswith(f"{path}: entity_types: Vessel: traits: ")
    assert "'place'" in message


def test_gazetteer_entry_with_aliases_as_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "known.yaml",
        "- {name: Acme Holdings, type: Organization, aliases: [Acme]}\n"
        "- {name: Kestrel Labs, type: Organization, aliases: KL}\n",
    )
    with pytest.raises(ConfigError) as info:
        Gazetteer.load([path], include_default=False)
    assert one_line(info.value) == (
        f"{path}: entry 2 ('Kestrel Labs'): aliases: Input should be a valid list"
    )


def test_gazetteer_entry_without_a_type(tmp_path: Path) -> None:
    path = write(tmp_path, "known.yaml", "entities:\n  - {name: Acme Holdings}\n")
    with pytest.raises(ConfigError) as info:
        Gazetteer.load([path], include_default=False)
    assert one_line(info.value) == f"{path}: entry 1 ('Acme Holdings'): type: Field required"


def test_query_file_with_an_unknown_parameter_type(tmp_path: Path) -> None:
    write(
        tmp_path,
        "mine.yaml",
        "name: mine\ndescription: Mine.\n"
        "parameters:\n  - {name: who, type: entity, help: Who.}\n"
        "  - {name: when, type: date, help: When.}\n"
        "cypher: MATCH (n) WHERE n.name = $who AND n.date = $when RETURN n\n",
    )
    with pytest.raises(QueryError) as info:
        load_catalog([tmp_path])
    message = one_line(info.value)
    assert message.startswith(f"{tmp_path / 'mine.yaml'}: parameters: entry 2 ('when'): type: ")
    assert "'entity'" in message and "'relation'" in message


def test_query_file_with_a_misspelt_key(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml", "name: mine\ndescription: Mine.\ncypher: RETURN 1\nnote: x\n")
    with pytest.raises(QueryError) as info:
        load_catalog([tmp_path])
    assert one_line(info.value).startswith(f"{tmp_path / 'mine.yaml'}: note: Extra inputs")


def test_entity_rules_with_a_word_list_as_text(tmp_path: Path) -> None:
    bundled = resources.files("threadline.ingest").joinpath("entity_rules.yaml")
    data = yaml.safe_load(bundled.read_text("utf-8"))
    data["max_tokens"] = "many"
    data["alias_triggers"][1] = "also called"
    path = write(tmp_path, "entity_rules.yaml", yaml.safe_dump(data))
    with pytest.raises(ConfigError) as info:
        check(EntityRulesFile, read_yaml(path.read_text("utf-8"), str(path)), str(path))
    message = one_line(info.value)
    assert message.startswith(f"{path}: max_tokens: Input should be a valid integer")
    assert message.endswith("(and 1 more)")


def test_cleanup_rules_with_an_entry_missing_its_example(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cleanup.yaml",
        "boilerplate:\n  - {name: footer, pattern: 'the end', example: The end}\n"
        "  - {name: banner, pattern: 'breaking news'}\n",
    )
    with pytest.raises(ConfigError) as info:
        check(CleanupFile, read_yaml(path.read_text("utf-8"), str(path)), str(path))
    assert one_line(info.value) == (
        f"{path}: boilerplate: entry 2 ('banner'): example: Field required"
    )


def test_invalid_yaml_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "entity_types: [\n  Person\n")
    with pytest.raises(ConfigError) as info:
        Ontology.load((path,))
    assert one_line(info.value).startswith(f"{path}: invalid YAML (")


def test_invalid_yaml_message_is_the_pure_python_parsers() -> None:
    """LibYAML parses when available; a file it refuses is read again by the
    pure-Python loader, whose message points at the offending character."""
    text = "entity_types:\n\t- Person\n"
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.load(text, Loader=yaml.SafeLoader)
    with pytest.raises(ConfigError) as info:
        read_yaml(text, "tabs.yaml")
    assert (
        one_line(info.value) == f"tabs.yaml: invalid YAML ({' '.join(str(expected.value).split())})"
    )


def _bundled_yaml() -> list[Path]:
    roots = [
        resources.files(p) for p in ("threadline.graph", "threadline.ingest", "threadline.queries")
    ]
    return sorted(Path(str(f)) for root in roots for f in Path(str(root)).rglob("*.yaml"))


@pytest.mark.parametrize("path", _bundled_yaml(), ids=lambda p: p.name)
def test_bundled_yaml_reads_the_same_with_either_parser(path: Path) -> None:
    text = path.read_text("utf-8")
    assert read_yaml(text, path.name) == yaml.load(text, Loader=datafiles._SAFE_LOADER)


def test_yaml_words_that_yaml_1_1_reads_as_booleans_stay_words() -> None:
    """A pattern's word list ``[in, on]`` must keep its "on"; only true and false are
    booleans."""
    text = "words: [in, on, off, yes, no, y, n]\nflags: [true, false, True]\n"
    assert read_yaml(text, "words.yaml") == {
        "words": ["in", "on", "off", "yes", "no", "y", "n"],
        "flags": [True, False, True],
    }


@pytest.mark.parametrize(
    ("package", "name", "model"),
    [
        ("threadline.graph", "ontology.yaml", OntologyFile),
        ("threadline.ingest", "gazetteer.yaml", GazetteerFile),
        ("threadline.ingest", "cleanup.yaml", CleanupFile),
        ("threadline.ingest", "entity_rules.yaml", EntityRulesFile),
    ],
)
def test_bundled_files_pass_their_models(package: str, name: str, model: type) -> None:
    text = resources.files(package).joinpath(name).read_text("utf-8")
    check(model, read_yaml(text, name), name)


def test_the_bundled_catalog_and_rules_load() -> None:
    assert load_catalog()
    assert entity_rules()["max_tokens"] > 0
