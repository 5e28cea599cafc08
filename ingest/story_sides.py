"""Countries a story about a sport of sides names as its sides, where their own words are
silent: "England have lost against Norway, Kestrelia and Talvaro this season".

A match report names national sides by their countries. The words around one mention often
say it is the side ("against Norway", "Norway coach Tom Hale"), but an item further down a
list, or a country the story names once in passing ("we will worry about Talvaro after
that"), has only its name, which says place. Where the story already names another country
as a side, a country that nothing in the story calls a place is a side too.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from threadline.ingest.evidence import DESCRIPTOR, TEAM, places
from threadline.ingest.list_cues import list_start
from threadline.ingest.spans import alone_in_brackets
from threadline.votes import is_clear_team_cue, is_place_cue, team_cue

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from threadline.ingest.candidates import Candidate
    from threadline.ingest.mention_evidence import DocFacts

# The kinds of place a national side is named after.
_COUNTRIES = ("country", "nation")
SIDE_OF_THE_STORY = team_cue("a country in a story of national sides")

# Words right before a country that say it is the place: where a match is played or a
# player is from ("in Norway", "the tour of Norway", "back from Norway").
_PLACE_WORDS_BEFORE = frozenset(
    {"in", "at", "from", "into", "across", "around", "throughout", "near", "of", "via",
     "inside", "outside", "towards", "toward", "visit", "visits", "visited", "visiting",
     "tour", "toured", "touring", "born"}
)  # fmt: skip
# Words before "to" that make the country a destination ("the tour to Norway", "switched to
# Norway"), not the side a match was lost to ("lost to Norway").
_TRAVEL_BEFORE_TO = frozenset(
    {"tour", "trip", "travel", "travelled", "traveled", "travelling", "traveling", "move",
     "moved", "moving", "switched", "switch", "return", "returned", "returning", "returns",
     "go", "going", "went", "gone", "head", "headed", "heading", "fly", "flew", "flown",
     "journey", "back", "emigrated", "relocated", "came", "come", "coming", "arrived", "way",
     "flight", "taken", "sent", "brought", "transferred", "look", "looked", "looking"}
)  # fmt: skip
# A context cue for a place that says nothing of sides: the items of a list of countries.
_LISTED_WITH_PLACES = "listed with places"


def countries_as_sides(doc: Doc, candidates: list[Candidate], facts: DocFacts) -> None:
    """Give a side's vote, once, to a country the story never calls a place, in a story
    about a sport of sides (not of athletes) that calls another country a side."""
    if not facts.sport or facts.individual_sport:
        return
    table = places()
    by_country: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        place = table.get(candidate.key)
        if (
            place is not None
            and place.kind in _COUNTRIES
            and not candidate.fixed
            and candidate.evidence is not None
        ):
            by_country[candidate.key].append(candidate)
    sides = {key for key, mentions in by_country.items() if any(map(_called_a_side, mentions))}
    if not sides:
        return
    for key, mentions in by_country.items():
        if key in sides or any(_called_a_place(doc, m) for m in mentions):
            continue
        # once for the story, not per mention, as the corpus vote sums the stories'
        # evidence; more than a country's name, its label and a list of places say together
        evidence = mentions[0].evidence
        assert evidence is not None  # kept above
        evidence.add("Organization", TEAM + DESCRIPTOR, SIDE_OF_THE_STORY)


def _called_a_side(mention: Candidate) -> bool:
    """Whether the words around a mention call the country a side."""
    assert mention.evidence is not None
    return any(is_clear_team_cue(cue) for _, _, cue in mention.evidence.cues)


def _called_a_place(doc: Doc, mention: Candidate) -> bool:
    """Whether a mention is the place: a place's cue from the words around it, a word of
    place or travel right before it or before the list it ends ("in Bergen, Oslo and
    Norway"), or brackets around it (a player's nationality)."""
    assert mention.evidence is not None
    for _, entity_type, cue in mention.evidence.cues:
        if (
            entity_type == "Location"
            and not is_place_cue(cue)
            and not cue.startswith("label ")
            and cue != _LISTED_WITH_PLACES
        ):
            return True
    start = mention.start
    end = mention.end
    if start > 0 and doc[start - 1].lower_ == "the" and not (end < len(doc) and doc[end].is_lower):
        start -= 1  # "in the Netherlands", not "in the Norway squad" (the squad's article)
    head = list_start(doc, start)  # "in Bergen and Norway": the words before the list
    if head is not None:
        start = head
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in _PLACE_WORDS_BEFORE:
        return True
    if before == "to" and start > 1 and doc[start - 2].lower_ in _TRAVEL_BEFORE_TO:
        return True
    return alone_in_brackets(doc, mention.start, mention.end)
