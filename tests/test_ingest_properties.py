"""Properties of cleanup and splitting on arbitrary text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.config import IngestConfig
from threadline.ingest.cleanup import RULES, clean, clean_text
from threadline.ingest.splitting import split_articles

# Text made of the pieces cleanup reacts to: short and long lines, hyphens at
# line ends, lower-case starts, blank lines, boilerplate, quotes, invisibles.
PIECES = st.sampled_from(
    [
        "the ",
        "The ",
        "quay ",
        "fab-",
        "ricated ",
        "-",
        ".",
        ",",
        ":",
        "\n",
        "\n\n",
        "\n\n\n",
        " ",
        "\t",
        "Skip to content",
        "Updated:",
        "Related Topics",
        "\u201c",
        "\u2019",
        "\u200b",
        "\u202e",
        "\x00",
        "\u00a0",
        "\ufb01",
        "e\u0301",
        "\u05d3\u05d5\u05d3",
        "Source: Wire, May 2, 2023",
        "https://example.org/a",
        "1. ",
        "A long line of ordinary prose that runs on well past the fragment length limit",
        "Ana Ruiz",
    ]
)
STRUCTURED = st.lists(PIECES, max_size=80).map("".join)
ANY_TEXT = st.text(max_size=400)
TEXTS = st.one_of(STRUCTURED, ANY_TEXT)

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(TEXTS)
def test_cleanup_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@PROPERTY
@given(TEXTS)
def test_cleanup_never_raises_and_reports_every_rule(text: str) -> None:
    result = clean_text(text)
    assert set(result.removed) == set(RULES)
    assert "\x00" not in result.text and "\r" not in result.text
    assert result.text == result.text.strip(" \n")
    assert "\n\n\n" not in result.text


@PROPERTY
@given(TEXTS)
def test_splitting_never_raises_and_keeps_article_text(text: str) -> None:
    articles = split_articles(text, IngestConfig().article_end_pattern)
    assert articles
    for article in articles:
        assert article.text in text
