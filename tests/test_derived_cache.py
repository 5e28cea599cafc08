"""The derived-data cache: a table read back equals the table derived, a change of
any input derives it again, and a cache that fails never fails the caller."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from threadline.datafiles import _parse_yaml, read_yaml
from threadline.derived_cache import CACHE_ENV, KEEP_PER_KIND, cache_dir, derived
from threadline.errors import ConfigError
from threadline.ingest import evidence


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "derived"))
    return tmp_path / "derived"


class Counting:
    """A derivation that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_table_is_derived_once_then_read_back(folder: Path):
    derive = Counting({"Talvaro": [1, 2], "Norvik": None})
    first = derived("kind", ["input"], derive)
    second = derived("kind", ["input"], derive)
    assert first == second == {"Talvaro": [1, 2], "Norvik": None}
    assert derive.calls == 1
    assert len(list(folder.glob("kind-*.json"))) == 1


def test_any_changed_input_derives_again(folder: Path):
    derive = Counting([1])
    derived("kind", ["ab", "c"], derive)
    derived("kind", ["a", "bc"], derive)  # the same bytes, cut elsewhere
    derived("kind", ["ab", b"c"], derive)  # text and its UTF-8 bytes: the same input
    derived("other", ["ab", "c"], derive)
    assert derive.calls == 3


def test_a_damaged_entry_is_derived_again_and_replaced(folder: Path):
    derive = Counting({"a": 1})
    derived("kind", ["x"], derive)
    (entry,) = folder.glob("kind-*.json")
    entry.write_text('{"a": ', "utf-8")
    assert derived("kind", ["x"], derive) == {"a": 1}
    assert derive.calls == 2
    assert json.loads(entry.read_text("utf-8")) == {"a": 1}


def test_a_value_json_cannot_carry_is_returned_but_not_kept(folder: Path):
    for value in ({1: "a"}, {"when": datetime.date(2024, 5, 1)}, ("a", "b")):
        derive = Counting(value)
        assert derived("kind", [repr(value)], derive) == value
        assert derived("kind", [repr(value)], derive) == value
        assert derive.calls == 2
    assert not list(folder.glob("kind-*.json"))


def test_a_folder_that_is_a_file_still_gives_the_value(folder: Path):
    folder.write_text("not a folder", "utf-8")
    derive = Counting([3])
    assert derived("kind", ["x"], derive) == [3]
    assert derived("kind", ["x"], derive) == [3]
    assert derive.calls == 2


def test_off_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None
    derive = Counting([1])
    derived("kind", ["x"], derive)
    derived("kind", ["x"], derive)
    assert derive.calls == 2


def test_without_the_setting_the_cache_is_in_the_user_cache_folder(
    monkeypatch: pytest.MonkeyPatch,
):
    from platformdirs import user_cache_dir

    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() == Path(user_cache_dir("threadline", appauthor=False)) / "derived"


def test_old_entries_of_a_kind_are_pruned(folder: Path):
    for number in range(KEEP_PER_KIND + 5):
        derived("kind", [str(number)], lambda: [1])
    for number in range(3):
        derived("other", [str(number)], lambda: [1])
    assert len(list(folder.glob("kind-*.json"))) == KEEP_PER_KIND
    assert len(list(folder.glob("other-*.json"))) == 3


def _derived_then_read_back(table: Any) -> tuple[Any, Any]:
    """A cached start-up table made twice: derived into the cache, then read from it."""
    table.cache_clear()
    try:
        derived_now = table()
        table.cache_clear()
        return derived_now, table()
    finally:
        table.cache_clear()


def test_the_place_table_read_back_is_the_one_derived(folder: Path):
    derived_now, read_back = _derived_then_read_back(evidence.places)
    assert list(folder.glob("places-*.json"))
    assert read_back == derived_now == evidence._derive_places()
    assert list(read_back) == list(derived_now)  # the same order too
    assert read_back["london"].parents and read_back["london"].kind == "city"


def test_the_listed_names_read_back_are_the_ones_derived(folder: Path):
    derived_now, read_back = _derived_then_read_back(evidence.listed_company_names)
    assert list(folder.glob("listed-names-*.json"))
    assert read_back == derived_now == evidence._derive_listed_company_names()


def test_large_yaml_is_read_back_as_parsed_and_errors_still_name_the_file(folder: Path):
    words = "\n".join(f"  - word{n}: [in, on, yes, 'no', 3, 2.5, null]" for n in range(300))
    text = f"name: Kestrel\nwhen: true\nlist:\n{words}\n"
    parsed = _parse_yaml(text, "big.yaml", ConfigError)
    assert read_yaml(text, "big.yaml") == parsed
    assert list(folder.glob("yaml-*.json"))
    assert read_yaml(text, "big.yaml") == parsed
    assert parsed["list"][0]["word0"][:3] == ["in", "on", "yes"]  # words stay words
    broken = text + "bad: [unclosed\n"
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"big\.yaml: invalid YAML"):
            read_yaml(broken, "big.yaml")


def test_yaml_with_dates_is_parsed_every_time(folder: Path):
    text = "when: 2024-05-01\n" + "# padding\n" * 600
    assert read_yaml(text, "dated.yaml") == {"when": datetime.date(2024, 5, 1)}
    assert read_yaml(text, "dated.yaml") == {"when": datetime.date(2024, 5, 1)}
    assert not list(folder.glob("yaml-*.json"))
