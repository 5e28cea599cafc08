"""Headline lines: Title-Case lines and one-word headings, where names are suspect.

Documents carry headlines, section headings and page furniture in which every
word is capitalized, so the model tags fragments of them as names ("Overseas
Groups Have Close Ties"). The cleaner asks this module whether a mention stands
in such a line, and drops names that appear nowhere else.
"""

from __future__ import annotations

import re

from threadline.ingest.entity_rules import EntityRules

# A word as headline rules count it: letters first, then word characters,
# apostrophes, dots and dashes.
WORD = re.compile(r"[^\W\d_][\w'’.-]*")


class HeadlineLines:
    """Which lines of a text are Title-Case headlines (computed once per line)."""

    def __init__(self, text: str, rules: EntityRules) -> None:
        self.text = text
        self.rules = rules
        self._cache: dict[int, bool] = {}

    def contains(self, offset: int) -> bool:
        """Whether the line holding ``offset`` is a headline."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        cached = self._cache.get(line_start)
        if cached is None:
            line_end = self.text.find("\n", offset)
            line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
            cached = self._cache[line_start] = is_headline(line, self.rules)
        return cached

    def alone_on_line(self, start: int, end: int) -> bool:
        """Whether the span is a short line of its own (markup and punctuation aside)."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        if line.strip(" \t#*:-").strip() != self.text[start:end]:
            return False  # checked first: most names share their line with other words
        return 0 < len(WORD.findall(line)) <= max(self.rules.heading_max_words, 1)


def is_headline(line: str, rules: EntityRules) -> bool:
    """Whether a line is written in headline Title Case.

    >>> rules = EntityRules.load()
    >>> is_headline("Overseas Groups Have Close Ties to the Ministry", rules)
    True
    >>> is_headline("The Ministry said on Monday that it would reply.", rules)
    False
    >>> is_headline("Delta University partnered with Kestrel Labs in France, Lumen Materials in Singapore.", rules)
    False
    >>> is_headline("Forwards: Tom Hale (Kestrel Rovers), Ian Holt (Norvik United), Jo Birch (Leeds).", rules)
    False
    """
    words = [w for w in WORD.findall(line) if w.casefold() not in rules.headline_small_words]
    if len(words) < rules.headline_min_words:
        return False
    if line.count("(") >= 2:
        return False  # a list of names with a team, a party or a role in brackets
    if line.rstrip(" \"'”’").endswith(".") and any(w[0].islower() for w in words):
        return False  # a sentence full of names, with a verb in lower case
    capitalized = sum(1 for w in words if w[0].isupper())
    return capitalized >= rules.headline_capitalized_share * len(words)
