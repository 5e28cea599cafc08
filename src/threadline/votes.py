"""How type evidence adds up: shared by the entity step and cross-document resolution.

The entity step sums the evidence of one document's entity; resolution sums the
evidence of a name over the corpus. Both weigh the model's labels the same way,
so the rule lives here, below both.
"""

from __future__ import annotations

from collections import Counter

__all__ = [
    "BAND_CUE",
    "CLUB_NAME_CUE",
    "CLUB_TOWN_CUE",
    "LABEL_CAP",
    "LISTED_COMPANY_CUE",
    "LONE_WORD_CUE",
    "PLACES_PERSON_CUE",
    "SPORT_MARK",
    "SPORT_STORY_CUE",
    "TEAM_CUE",
    "TEAM_SHEET_CUE",
    "combine",
    "is_band",
    "is_clear_team_cue",
    "is_place_cue",
    "is_sport_cue",
    "only_lone_word",
    "place_cue",
    "story_sport",
    "story_sport_cue",
    "team_cue",
]

# The most the model's labels weigh for one entity, however many mentions it has.
LABEL_CAP = 2.0


def place_cue(kind: str) -> str:
    """The cue of a name the place list knows ("place (country)"): resolution tells a
    place's own name from a body's by it."""
    return f"place ({kind})"


def is_place_cue(cue: str) -> bool:
    return cue.startswith("place (") and cue.endswith(")")


# The opening of the cues that make a place's name a sports side ("team: before 'coach'"):
# resolution keeps a side apart from the place it is named after by them.
TEAM_CUE = "team:"


def team_cue(reason: str) -> str:
    """The cue of a name read as a sports side for ``reason`` ("before 'coach'")."""
    return f"{TEAM_CUE} {reason}"


# The weakest of them: "Leeds' Tom Hale" in a story about sport names his side, but
# "Norway's Ann Tolley" in a story about athletes names where she is from.
PLACES_PERSON_CUE = team_cue("a place's person in sport")


# The cues of a club's one-word name and of a club's town, in a story about sport: as clear
# a side as a team's cue ("Harwick signed Tom Hale from Norvik": the club, not the town).
CLUB_NAME_CUE = "a club's name in a story about sport"
CLUB_TOWN_CUE = "a club's town in a story about sport"


# The cue of a name on a side's line-up: resolution reads its story as one about sport.
TEAM_SHEET_CUE = "a player on a team sheet"


def is_clear_team_cue(cue: str) -> bool:
    """Whether a cue makes a place's name a sports side, save the weakest one."""
    return (cue.startswith(TEAM_CUE) and cue != PLACES_PERSON_CUE) or cue in (
        CLUB_NAME_CUE,
        CLUB_TOWN_CUE,
    )


# The cue of an organization the words around it call a band ("rock band Kestrels",
# "Kestrels guitarist Jane Roe"): resolution gives its name the band's type in the stories
# that say nothing of it but the model's label ("Kestrels" tagged as a person in a list of acts).
BAND_CUE = "a band by the words around it"


def is_band(cues: list[str]) -> bool:
    """Whether an organization's type cues call it a band: the entity step marks a band
    once (``BAND_CUE``), and the relation step and resolution read the mark."""
    return BAND_CUE in cues


# The cue of a name that is a listed company's ("NEC"): resolution does not give it, written
# alone in a story, the long name another story spells out for the same letters ("Labour's
# National Executive Committee (NEC)").
LISTED_COMPANY_CUE = "listed company"


# The cue of the entity step's fallback for a one-word name only the model's label calls a
# person, in a story that names no such person in full: more often a firm than a person,
# but no word around the name says so. Resolution counts it with the labels it stands
# against once another story's words say a person: stories that say nothing of a name do
# not outvote one that does.
LONE_WORD_CUE = "one word, no first name, title or full name"


def only_lone_word(cues: list[str]) -> bool:
    """Whether the fallback for a one-word name (``LONE_WORD_CUE``) is the only cue for an
    entity's type, save the model's labels."""
    return LONE_WORD_CUE in cues and all(c == LONE_WORD_CUE or c.startswith("label ") for c in cues)


# The ending of the cues the entity step gives only in a story about sport ("a club's town
# in a story about sport"), which resolution reads as the story's subject.
SPORT_STORY_CUE = "in a story about sport"


def is_sport_cue(cue: str) -> bool:
    """Whether a cue says its story is about sport: a team's cue or a sport story's."""
    return cue.startswith(TEAM_CUE) or cue.endswith(SPORT_STORY_CUE)


def combine(labels: Counter[str], votes: Counter[str], cap: float = 0.0) -> Counter[str]:
    """Summed evidence of one entity: the cues in full, the model's labels capped.

    The model repeats the same mistake on every mention of a name ("Kestrel"
    tagged as a person ten times), so its labels add up to at most
    ``cap`` (``LABEL_CAP`` by default) however many mentions there are, shared
    by their proportions; cues from the words and the context count in full.

    >>> combine(Counter({"Person": 10}), Counter({"Organization": 2.5}))
    Counter({'Organization': 2.5, 'Person': 2.0})
    """
    total = sum(labels.values())
    scale = min(1.0, (cap or LABEL_CAP) / total) if total else 0.0
    result = Counter(votes)
    for entity_type, value in labels.items():
        result[entity_type] += value * scale  # type: ignore[assignment]  # float weights
    return result


# The opening of the mark the entity step gives a name that stories of two sports give two
# things, in a story about one sport ("named in a story about rugby union"): a country's
# or a town's name, a contest's ("World Cup"). Resolution keeps the things of two sports
# apart by it (graph/resolve/clubs.py).
SPORT_MARK = "named in a story about "


def story_sport_cue(sport: str) -> str:
    """The mark of a name in a story about ``sport`` (ingest/story_sport.py)."""
    return f"{SPORT_MARK}{sport}"


def story_sport(cues: list[str]) -> str:
    """The sport an entity's cues mark its story with, or "".

    >>> story_sport(["team: before 'coach'", story_sport_cue("rugby union")])
    'rugby union'
    >>> story_sport(["a club's town in a story about sport"])
    ''
    """
    for cue in cues:
        if cue.startswith(SPORT_MARK):
            return cue[len(SPORT_MARK) :]
    return ""
