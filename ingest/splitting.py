"""Split multi-article files (briefing pages) into one document per article.

A briefing page strings articles together, each closed by a line such as
"Source: Example Wire, March 2, 2023" and often a URL on the next line. The
closing line is a configurable regular expression
(``ingest.article_end_pattern``, named groups ``source`` and ``date``) because
other outlets use other markers. Splitting runs on the raw text, before cleanup,
so the closing lines are intact; each article's title is its first line after
cleanup (see ``threadline.ingest.documents``). A file without closing lines is
one article.

>>> text = "Port opens\\n\\nThe port opened.\\n\\nSource: Wire, March 2, 2023\\nhttps://x.org/a\\n\\n"
>>> text += "Mill closes\\n\\nThe mill closed.\\nSource: , March 3, 2023\\n"
>>> [(a.source, a.date, a.url, a.text.strip().split("\\n")[0]) for a in split_articles(text, DEFAULT)]
[('Wire', '2023-03-02', 'https://x.org/a', 'Port opens'), (None, '2023-03-03', None, 'Mill closes')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from threadline.config import IngestConfig
from threadline.errors import ConfigError

DEFAULT = IngestConfig().article_end_pattern
_URL_LINE = re.compile(r"[ \t]*<?(https?://[^\s<>]+?)>?[ \t]*(?:\n|$)")
_BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%Y-%m-%d")
# A trailing piece after the last closing line is an article only with this many words.
MIN_TAIL_WORDS = 30


@dataclass(slots=True)
class Article:
    """One article of a briefing file: raw text and what its closing lines said."""

    text: str
    source: str | None = None
    date: str | None = None
    url: str | None = None


@lru_cache(maxsize=16)
def compile_end_pattern(pattern: str) -> re.Pattern[str]:
    """The closing-line regex, compiled multi-line; ``ConfigError`` if invalid."""
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise ConfigError(
            f"ingest.article_end_pattern: invalid regular expression ({exc})"
        ) from exc


def split_articles(text: str, pattern: str) -> list[Article]:
    """Cut ``text`` after every closing line (and the URL line that follows it).

    Returns one ``Article`` holding the whole text when no closing line matches.
    A short remainder after the last closing line (page furniture, a footer) is
    dropped; a long one is kept as an article without source.
    """
    end = compile_end_pattern(pattern)
    articles: list[Article] = []
    position = 0
    for match in end.finditer(text):
        if match.start() < position:  # inside the URL line we already consumed
            continue
        body = text[position : match.start()]
        groups = match.groupdict()
        after = match.end()
        url = None
        following = _URL_LINE.match(text, _skip_blank(text, after))
        if following:
            url = following.group(1)
            after = following.end()
        articles.append(
            Article(
                text=body,
                source=_blank_to_none(groups.get("source")),
                date=normalize_date(groups.get("date")),
                url=url,
            )
        )
        position = after
    if not articles:
        return [Article(text=text)]
    tail = text[position:]
    if len(tail.split()) >= MIN_TAIL_WORDS:
        articles.append(Article(text=tail))
    return articles


def normalize_date(value: str | None) -> str | None:
    """An ISO date when the text is a date we know how to read, else the text.

    >>> normalize_date("December 11, 2020"), normalize_date("Dec. 9, 2020"), normalize_date("soon")
    ('2020-12-11', '2020-12-09', 'soon')
    """
    value = _blank_to_none(value)
    if value is None:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return value


def _skip_blank(text: str, position: int) -> int:
    # A newline right after the closing line, then any blank lines.
    if text.startswith("\n", position):
        position += 1
    match = _BLANK_LINES.match(text, position)
    return match.end() if match else position


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
