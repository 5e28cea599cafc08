"""Text cleanup: each rule does its one job, reports what it removed, and leaves prose alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from threadline.ingest.cleanup import RULES, clean, clean_text, load_rules_data
from threadline.ingest.readers.text import decode_text

PROSE = (
    "The harbour board approved the budget for the new quay on Monday, after a long debate "
    "about dredging costs and the schedule for the works."
)
MORE_PROSE = (
    "Engineers expect the first ships to berth there next spring, once the cranes have been "
    "tested and the access road is finished."
)


@pytest.mark.parametrize("rule", load_rules_data()["boilerplate"], ids=lambda rule: rule["name"])
def test_every_boilerplate_pattern_drops_its_example_line(rule: dict[str, str]) -> None:
    text = f"{PROSE}\n\n{rule['example']}\n\n{MORE_PROSE}"
    result = clean_text(text)
    assert result.text == f"{PROSE}\n\n{MORE_PROSE}"
    assert result.removed["boilerplate"] == len(rule["example"]) + 1


def test_boilerplate_words_inside_prose_are_kept() -> None:
    text = "Updated figures show the port handled more cargo. Share prices rose."
    assert clean(text) == text


def test_word_hyphenated_across_a_line_break_is_joined() -> None:
    assert clean(f"{PROSE} He and two others allegedly fab-\nricated the invoices.") == (
        f"{PROSE} He and two others allegedly fabricated the invoices."
    )
    # OCR often leaves a blank line between the halves.
    assert "fabricated" in clean(f"{PROSE} They fab-\n\nricated it.")


def test_real_hyphens_stay() -> None:
    text = "The Lyon-based firm and its U.S.- and Hong Kong-based partners met Mc-\nCarthy."
    assert clean(text) == text.replace("\n", "\n")


def test_lines_broken_mid_sentence_become_one_paragraph() -> None:
    text = (
        "Port authority reports record year\n\n"
        "The authority said on Monday that container traffic\n"
        "rose by a fifth, and that the new quay,\n"
        "Quay Nine, will open in May.\n"
        "A second sentence stands on its own line."
    )
    assert clean(text) == (
        "Port authority reports record year\n\n"
        "The authority said on Monday that container traffic rose by a fifth, and that the "
        "new quay, Quay Nine, will open in May.\n"
        "A second sentence stands on its own line."
    )


def test_paragraph_break_in_the_middle_of_a_sentence_is_closed() -> None:
    broken = f"{PROSE[:-1]} and the supply\n\ncould not keep up with demand."
    assert clean(broken) == f"{PROSE[:-1]} and the supply could not keep up with demand."


def test_headline_is_not_joined_to_its_article() -> None:
    text = "Harbour board backs new quay\n\nThe board met on Monday."
    assert clean(text) == text
    text = "Harbour Board Backs New Quay\nThe board met on Monday."
    assert clean(text) == text


def test_quotes_dashes_spaces_and_invisible_characters_are_normalized() -> None:
    text = "\u201cWe agree,\u201d said Ana\u00a0Ruiz \u2014 the mayor\u2019s aide \u2010 in\u200b Lyon.\r\n"
    assert clean(text) == '"We agree," said Ana Ruiz \u2014 the mayor\'s aide - in Lyon.'


def test_control_bidi_and_nul_characters_are_removed_but_scripts_stay() -> None:
    text = (
        "Names: \u202eevil\u202c, \u05d3\u05d5\u05d3 \u0644\u064a\u0644\u0649, caf\u0065\u0301\x00."
    )
    assert clean(text) == "Names: evil, \u05d3\u05d5\u05d3 \u0644\u064a\u0644\u0649, caf\u00e9."


def test_character_references_a_scraper_left_are_decoded() -> None:
    # a name cut in two by "&#227;" is one word again; an unknown name stays as written
    text = "Talvaro moved to S&#227;o Norvik for &pound;5m &amp;amp; more &Kestrel; R&D."
    once = clean(text)
    assert once == "Talvaro moved to S\u00e3o Norvik for \u00a35m & more &Kestrel; R&D."
    assert clean(once) == once


def test_pdf_ligatures_are_spelled_out() -> None:
    assert clean("The \ufb01rm's of\ufb01ce") == "The firm's office"


def test_repeated_paragraphs_and_captions_are_dropped() -> None:
    caption = "Dock workers unload a cargo ship in the port, on May 3, 2021. (Photo by Jo Lee)"
    caption_again = "Dock workers unload a cargo ship in the port, on May 3, 2021. Photo by Jo Lee"
    text = f"{caption}\n{caption_again}\n\n{PROSE}\n\n{MORE_PROSE}\n\n{PROSE}"
    result = clean_text(text)
    assert result.text == f"{caption}\n\n{PROSE}\n\n{MORE_PROSE}"
    assert result.removed["duplicates"] == len(caption_again) + len(PROSE) + 2


def test_short_repeated_headings_stay_but_doubled_lines_go() -> None:
    text = f"Background\n\n{PROSE}\n\nBackground\n\n{MORE_PROSE}\nAna Ruiz\nAna Ruiz"
    assert clean(text) == f"Background\n\n{PROSE}\n\nBackground\n\n{MORE_PROSE}\nAna Ruiz"


def test_ocr_column_fragments_between_prose_are_removed() -> None:
    fragments = "\n\n".join(
        ["the quality of the", "goods sold at home", "is lower than abroad,", "critics say."]
    )
    text = f"{PROSE}\n\n{fragments}\n\n{MORE_PROSE}"
    result = clean_text(text)
    assert result.text == f"{PROSE}\n\n{MORE_PROSE}"
    assert result.removed["ocr_fragments"] > 60


def test_short_label_lines_and_lists_are_not_fragments() -> None:
    table = "Hair: Black\nEyes: Brown\nHeight: Tall\nBuild: Medium"
    items = "1. quay walls\n2. cranes\n3. access roads"
    text = f"{PROSE}\n\n{table}\n\n{MORE_PROSE}\n\n{items}"
    assert clean(text) == text


def test_a_note_of_short_lines_only_is_kept() -> None:
    note = "call the port office\nask about berth nine\nbring the permits"
    assert clean(note) == "call the port office ask about berth nine bring the permits"


def test_removed_counts_cover_every_rule() -> None:
    result = clean_text("Skip to content\n\n" + PROSE)
    assert set(result.removed) == set(RULES)
    assert result.removed["boilerplate"] == len("Skip to content") + 1
    assert result.total_removed == len("Skip to content\n\n")


def test_cleaning_the_seed_files_is_idempotent_and_removes_their_furniture(
    seeds_dir: Path,
) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = decode_text(path.read_bytes(), str(path))
        result = clean_text(raw)
        assert clean(result.text) == result.text, path.name
        assert "Skip to content" not in result.text
        assert "Related Topics" not in result.text.split("\n")
        assert "\u201c" not in result.text and "\u2019" not in result.text


@pytest.mark.slow
def test_reading_and_cleaning_the_bbc_corpus_takes_seconds(bbc_dir: Path) -> None:
    from threadline.config import IngestConfig
    from threadline.ingest.documents import discover, read_file

    config = IngestConfig(include=["*.txt"])  # the corpus README is not an article
    started = time.perf_counter()
    files = discover([bbc_dir], config)
    documents = [doc for path in files for doc in read_file(path, config)]
    elapsed = time.perf_counter() - started
    assert len(files) == 2225
    assert len(documents) >= 2100  # the corpus repeats a few articles
    assert all(doc.title for doc in documents)
    assert elapsed < 10, f"reading and cleaning took {elapsed:.1f} s"
