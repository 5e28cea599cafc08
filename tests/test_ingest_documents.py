"""Discovery of inputs, document identity and deduplication across files."""

from __future__ import annotations

import json
from pathlib import Path

from threadline.config import IngestConfig
from threadline.graph.model import content_hash
from threadline.ingest.documents import discover, format_of, iter_documents, read_file

CONFIG = IngestConfig()
ARTICLE = "Quay budget passes\n\nThe harbour board approved the budget on Monday.\n"


def _tree(root: Path) -> Path:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE)
    (root / "b" / "page.HTML").write_text("<p>x</p>")
    (root / "b" / "notes.rtf").write_text("skipped by the include globs")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("hidden folders are excluded")
    (root / "draft.txt~").write_text("editor backup")
    (root / "b" / "data.jsonl").write_text("{}")
    return root


def test_discover_walks_folders_with_globs_sorted(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    assert discover([root], CONFIG) == [
        root / "a.txt",
        root / "b" / "data.jsonl",
        root / "b" / "page.HTML",
    ]


def test_discover_is_deterministic_and_without_repeats(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    first = discover([root / "b", root, root / "a.txt"], CONFIG)
    assert first == discover([root, root / "a.txt", root / "b"], CONFIG)
    assert len(first) == len(set(first)) == 3


def test_discover_include_and_exclude_are_configurable(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    config = IngestConfig(include=["*.txt", "*.rtf"], exclude=[".*", "b/*.txt", "a.*"])
    assert discover([root], config) == [root / "b" / "notes.rtf"]


def test_named_files_and_bad_entries_are_kept_for_read_to_report(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    missing = tmp_path / "missing.txt"
    assert discover(["-", missing, root / "b" / "notes.rtf"], CONFIG) == [
        root / "b" / "notes.rtf",
        missing,
        "-",
    ]


def test_symlinked_folder_cycles_are_walked_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    (root / "b" / "back").symlink_to(root, target_is_directory=True)
    (root / "loop.txt").symlink_to(root / "loop.txt")
    found = discover([root], CONFIG)
    assert root / "loop.txt" in found  # read_file then reports the loop
    assert sum(1 for p in found if Path(p).name == "a.txt") == 1


def test_unknown_extensions_read_as_text() -> None:
    assert [format_of(p) for p in ("x.docx", "x.Md", "x.htm", "x.jsonl", "x.log")] == [
        "docx",
        "markdown",
        "html",
        "jsonl",
        "text",
    ]


def test_document_id_is_the_hash_of_the_cleaned_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Quay  budget passes\r\n\r\nThe \u201cboard\u201d agreed.")
    (doc,) = read_file(tmp_path / "a.txt", CONFIG)
    assert doc.text == 'Quay budget passes\n\nThe "board" agreed.'
    assert doc.id == content_hash(doc.text)


def test_same_article_in_two_files_and_formats_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / "two.md").write_text("# " + ARTICLE)
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "r9", "text": ARTICLE}) + "\n")
    (tmp_path / "other.txt").write_text("A different story\n\nThe mill closed.")
    documents = list(iter_documents([tmp_path], CONFIG))
    assert len(documents) == 2
    shared = next(d for d in documents if d.title == "Quay budget passes")
    assert shared.origins == [
        str(tmp_path / "one.txt"),
        f"{tmp_path / 'rows.jsonl'}#r9",
        str(tmp_path / "two.md"),
    ]


def test_an_article_repeated_in_one_briefing_is_one_document(tmp_path: Path) -> None:
    article = "Quay opens\n\nThe quay opened.\nSource: Port Wire, May 2, 2023\n\n"
    (tmp_path / "brief.txt").write_text(article + article)
    (doc,) = read_file(tmp_path / "brief.txt", CONFIG)
    assert doc.origins == [str(tmp_path / "brief.txt")]
