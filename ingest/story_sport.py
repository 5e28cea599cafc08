"""The sport a story about sport is about, read from its terms.

A side is named after its country or town in every sport it plays: "England" of
a rugby report and of a football report are two sides, with two squads and two
coaches; and each sport has its own "World Cup" and "Grand Slam". The entity step
marks such a name, in a story whose terms say one sport, with that sport
(``votes.story_sport_cue``), and resolution keeps the things of two sports apart
(``graph/resolve/clubs.py``).

The terms are the entity rules' ``sport_terms``: words and phrases that belong to
one sport ("fly-half", "six nations", "striker"). A story's sport is the one with
at least ``TERMS_NEEDED`` uses of its terms and ``MARGIN`` times as many as any
other sport's; a story whose terms are too few or mixed (a preview of a weekend of
football and rugby) says none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from threadline.ingest.nationality import country_keys
from threadline.votes import story_sport_cue

if TYPE_CHECKING:
    from threadline.ingest.entity_rules import EntityRules

# Uses of its terms a story needs for its sport.
TERMS_NEEDED = 2
# How many times any other sport's count the story's sport needs.
MARGIN = 2

# The types a place's name marked with its story's sport may have: the side, or the place
# the corpus's vote may make the side.
_SIDE_TYPES = frozenset({"Organization", "Location"})

# A term's tokens as the tokenizer splits them: "fly-half" is "fly", "-", "half".
_TOKENS = re.compile(r"[^\s-]+|-")


@dataclass(frozen=True, slots=True)
class SportTerms:
    """Each sport's terms as token sequences, found by their last token."""

    by_last_token: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, terms: Mapping[str, Sequence[str]]) -> SportTerms:
        """Terms by sport ("rugby union": ["fly-half", "six nations"]), lowercased."""
        by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for sport, words in terms.items():
            for term in words:
                tokens = tuple(_TOKENS.findall(term.lower()))
                if tokens:
                    by_last.setdefault(tokens[-1], []).append((tokens, sport))
        return cls({last: tuple(found) for last, found in by_last.items()})

    def sport_of(self, words: Sequence[str]) -> str:
        """The sport a story's lowercased tokens say, or "" when they say none.

        >>> terms = SportTerms.of({"rugby union": ["fly-half", "six nations"],
        ...                        "football": ["striker"]})
        >>> terms.sport_of("the fly - half missed the six nations opener".split())
        'rugby union'
        >>> terms.sport_of("the fly - half and the striker".split())
        ''
        """
        counts: Counter[str] = Counter()
        by_last = self.by_last_token
        for i, word in enumerate(words):
            for tokens, sport in by_last.get(word, ()):
                start = i + 1 - len(tokens)
                if start >= 0 and tuple(words[start : i + 1]) == tokens:
                    counts[sport] += 1
        if not counts:
            return ""
        (sport, most), *others = counts.most_common()
        runner_up = others[0][1] if others else 0
        if most < TERMS_NEEDED or most < MARGIN * runner_up:
            return ""
        return sport


def sport_marks(name: str, key: str, entity_type: str, sport: str, rules: EntityRules) -> list[str]:
    """The mark of a name that stories of two sports give two things, in a story about
    ``sport``, as a list of cues: a country's or a town's name (the place list's, or a
    country's) typed a side or a place ("England" of a rugby report is another side than
    that of a football one; a name typed a place is marked too, for the corpus's vote may
    make it the side), and the names of contests each sport has its own of (the entity
    rules' ``sport_shared_names``: "World Cup", "Grand Slam"). Resolution keeps the things
    of two sports apart by the mark (graph/resolve/clubs.py)."""
    if not sport:
        return []
    if key in rules.sport_shared_names or (
        entity_type in _SIDE_TYPES and (key in rules.places or country_keys(name))
    ):
        return [story_sport_cue(sport)]
    return []
