"""Briefing pages become one document per article, with title, outlet, date and URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from threadline.config import IngestConfig
from threadline.errors import ConfigError
from threadline.ingest.cleanup import clean
from threadline.ingest.documents import read_file
from threadline.ingest.splitting import split_articles

SOURCE_LINE = re.compile(r"^Source:\s*(?P<outlet>[^,\n]*?)\s*,\s*(?P<date>.+?)\s*$", re.MULTILINE)


def _expected_articles(raw: str) -> list[tuple[str | None, str | None]]:
    """(outlet, url) per Source line of a briefing file, read independently of the splitter."""
    lines = raw.split("\n")
    expected = []
    for i, line in enumerate(lines):
        match = SOURCE_LINE.match(line)
        if not match:
            continue
        following = next((nxt.strip() for nxt in lines[i + 1 :] if nxt.strip()), "")
        url = following if following.startswith("http") else None
        expected.append((match.group("outlet") or None, url))
    return expected


@pytest.mark.parametrize("prefix", ["002_", "003_"])
def test_seed_briefing_pages_split_into_one_document_per_source_line(
    seeds_dir: Path, prefix: str
) -> None:
    path = next(seeds_dir.glob(f"{prefix}*.txt"))
    raw = path.read_text("utf-8")
    expected = _expected_articles(raw)
    documents = read_file(path, IngestConfig())

    assert len(expected) >= 6
    assert len(documents) == len(expected)
    assert [(d.source, d.url) for d in documents] == expected
    raw_lines = {clean(line) for line in raw.split("\n") if line.strip()}
    for doc in documents:
        assert doc.title and doc.title in raw_lines  # a heading line of the page
        assert doc.text.startswith(doc.title)
        assert not doc.title.startswith(("Source:", "http", "Skip to", "Briefings"))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date or "")
        assert "Source:" not in doc.text and "http" not in doc.text.split("\n")[-1]
        assert doc.origins == [str(path)]
    assert len({d.id for d in documents}) == len(documents)


def test_source_line_with_an_empty_outlet_gives_no_source(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("003_*.txt"))
    raw = path.read_text("utf-8")
    empty = [outlet for outlet, _url in _expected_articles(raw) if outlet is None]
    documents = read_file(path, IngestConfig())
    assert len(empty) == 1
    assert sum(1 for d in documents if d.source is None) == 1


@pytest.mark.parametrize("prefix", ["000_", "001_", "004_"])
def test_single_article_seed_files_stay_one_document(seeds_dir: Path, prefix: str) -> None:
    path = next(seeds_dir.glob(f"{prefix}*.txt"))
    assert len(read_file(path, IngestConfig())) == 1


def test_web_article_seed_takes_its_headline_as_title(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("001_*.txt"))
    first_line = path.read_text("utf-8").split("\n", 1)[0]
    (doc,) = read_file(path, IngestConfig())
    assert doc.title == clean(first_line)
    assert doc.text.count(doc.title) == 1  # the repeated headline is gone


def test_plain_news_article_gets_its_first_line_as_title(tmp_path: Path) -> None:
    path = tmp_path / "101.txt"
    path.write_text(
        "Ferry operator doubles winter crossings\n\n"
        "The island ferry company will run two boats a day from November, it said on Tuesday.\n"
    )
    (doc,) = read_file(path, IngestConfig())
    assert doc.title == "Ferry operator doubles winter crossings"
    assert doc.source is None and doc.url is None


def test_bbc_article_title_is_its_first_line(bbc_dir: Path) -> None:
    path = bbc_dir / "business" / "001.txt"
    first_line = path.read_bytes().decode("utf-8", "replace").split("\n", 1)[0]
    (doc,) = read_file(path, IngestConfig())
    assert doc.title == first_line.strip()


def test_bundled_briefing_example_splits_in_three(examples_dir: Path) -> None:
    documents = read_file(examples_dir / "13-briefing-page.txt", IngestConfig())
    assert [d.source for d in documents] == ["Harbour Monitor", "Grid Weekly", "Policy Notes"]
    assert all(d.url and d.url.startswith("https://example.org/") for d in documents)
    assert documents[0].title == "Harbour Monitor: Port Authority Tests Underwater Drones"
    assert documents[0].date == "2023-03-02"


def test_the_closing_line_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "digest.txt"
    path.write_text(
        "Quay opens\n\nThe new quay opened to ships.\n-- end (Port Wire) --\n\n"
        "Mill closes\n\nThe old mill closed after a century.\n-- end (Valley News) --\n"
    )
    config = IngestConfig(article_end_pattern=r"^-- end \((?P<source>[^)]*)\) --$")
    documents = read_file(path, config)
    assert [(d.title, d.source) for d in documents] == [
        ("Quay opens", "Port Wire"),
        ("Mill closes", "Valley News"),
    ]
    assert len(read_file(path, IngestConfig())) == 1  # the default marker is not there
    assert len(read_file(path, config.model_copy(update={"split_articles": False}))) == 1


def test_long_text_after_the_last_closing_line_is_an_article_short_furniture_is_not() -> None:
    page = "A\n\nBody one.\nSource: Wire, March 1, 2023\n"
    assert len(split_articles(page + "Share this page\n", IngestConfig().article_end_pattern)) == 1
    tail = "Closing piece\n\n" + "The river rose again overnight. " * 10
    articles = split_articles(page + tail, IngestConfig().article_end_pattern)
    assert len(articles) == 2 and articles[1].source is None


def test_an_invalid_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="article_end_pattern"):
        split_articles("text", r"Source: (")
