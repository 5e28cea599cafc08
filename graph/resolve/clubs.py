"""Sides that share a place's name ("Newcastle" of a football story and of a rugby one),
and contests that share a name ("World Cup").

News names a club by its town ("Newcastle won 2-1") and a national side by its
country ("England"), and a town's or a country's sides play different sports. A
document often says which side it means: by the club's nickname ("the Magpies",
"the Falcons": ``club_nicknames`` in the entity rules), by its full name
("Leicester City"), or by the sport its story is about (the entity step's
``votes.story_sport_cue``: "England" or "World Cup" in a rugby report). When the
documents give a name the identities of two different sides or contests, the bare
name is ambiguous: it is never merged across documents on the bare string
(``generic.py``), and the documents that say which they mean are merged with one
another, side by side.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from threadline.datafiles import entity_rules
from threadline.graph.resolve.records import Record
from threadline.names import name_key, resolution_key
from threadline.votes import story_sport

# How a document says which club a town's name stands for: ("nickname", key) or
# ("full name", key).
Identity = tuple[str, str]

# The types whose names documents may give two things, kept apart by what each says:
# sides (organizations) and contests (events: the "World Cup" of two sports).
APART_TYPES = frozenset({"Organization", "Event"})

NICKNAME = "nickname"
FULL_NAME = "full name"
SPORT = "sport"


@lru_cache(maxsize=1)
def nickname_clubs() -> dict[str, frozenset[str]]:
    """Each club nickname of the entity rules with the names of the clubs it stands for."""
    nicknames = entity_rules().get("club_nicknames") or {}
    return {name_key(n): frozenset(name_key(c) for c in clubs) for n, clubs in nicknames.items()}


@lru_cache(maxsize=1)
def club_full_names() -> frozenset[str]:
    """The full names of clubs the nicknames stand for ("leicester city")."""
    return frozenset(c for clubs in nickname_clubs().values() for c in clubs if " " in c)


def record_identities(records: list[Record]) -> dict[int, dict[str, set[Identity]]]:
    """For each record, by the one-word organization name it stands for, the club
    identities its document gives that name: a nickname among its aliases ("Newcastle",
    alias "Magpies"), a club's full name opening with the word among its aliases
    ("Leicester", alias "Leicester City"), or its own such full name when the one-word
    name is its alias ("Leicester City", alias "Leicester"). Full names are those the
    nicknames stand for: a name the entity step glued ("Everton and Arsenal") is none.
    A name the entity step marks with its story's sport has that sport ("England" or
    "World Cup", rugby union)."""
    clubs, full_names = nickname_clubs(), club_full_names()
    found: dict[int, dict[str, set[Identity]]] = defaultdict(lambda: defaultdict(set))
    for i, record in enumerate(records):
        if record.entity.type not in APART_TYPES:
            continue
        sport = story_sport(record.entity.type_cues)
        if sport and record.key:
            found[i][record.key].add((SPORT, sport))
        if record.entity.type != "Organization":
            continue
        for alias in record.entity.aliases:
            key = resolution_key(alias)
            if not key:
                continue
            if " " not in record.key:
                if name_key(alias) in clubs:
                    found[i][record.key].add((NICKNAME, name_key(alias)))
                elif key in full_names and key.split()[0] == record.key:
                    found[i][record.key].add((FULL_NAME, key))
            elif record.key in full_names and record.key.split()[0] == key:
                found[i][key].add((FULL_NAME, record.key))
    return found


def one_club(identities: set[Identity]) -> bool:
    """Whether identities can all be one club's: a nickname stands for a full name it
    lists; two nicknames are one club's when they list the same clubs or share a
    club's full name ("Gers" and "Light Blues"); two full names when they are one; two
    sports never. A sport says nothing against a nickname or a full name."""
    clubs = nickname_clubs()
    ordered = sorted(identities)
    for i, (kind_a, a) in enumerate(ordered):
        for kind_b, b in ordered[i + 1 :]:
            if SPORT in (kind_a, kind_b):
                same = kind_a != kind_b or a == b
            elif kind_a == FULL_NAME and kind_b == FULL_NAME:
                same = a == b
            elif kind_a == NICKNAME and kind_b == NICKNAME:
                same = clubs[a] == clubs[b] or any(" " in c for c in clubs[a] & clubs[b])
            else:
                nickname, full = (a, b) if kind_a == NICKNAME else (b, a)
                same = full in clubs[nickname]
            if not same:
                return False
    return True


def clubs_apart(identities: dict[int, dict[str, set[Identity]]]) -> set[str]:
    """Names the documents give a club's nickname or a sport, and the identity of another
    side. (Two full names alone are the generic rule's: ``generic.bare_ambiguous``.)"""
    by_name: dict[str, set[Identity]] = defaultdict(set)
    for names in identities.values():
        for name, given in names.items():
            by_name[name] |= given
    return {
        name
        for name, given in by_name.items()
        if any(kind in (NICKNAME, SPORT) for kind, _ in given) and not one_club(given)
    }
