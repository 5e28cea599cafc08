"""Generic-name safety: bare names that may name different entities are never merged.

A one-word organization name that documents link to different full names
("United" for two airlines), a name of several words that documents give with
different qualifiers ("Communist Party" for the Norvik and the Talvaro Communist
Party), a generic name ("Treasury", "Central Bank", listed in the entity rules),
a club's nickname ("Blues"), or a surname alone that two persons named in full
share ("Robinson") in a story about sport, is never merged across documents on the
bare string: each document's bare use stays its own entity and the pairs are listed
as candidates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from threadline.datafiles import entity_rules
from threadline.graph.resolve.clubs import nickname_clubs
from threadline.graph.resolve.keys import FILLER_WORDS, PERSON, is_description
from threadline.graph.resolve.records import Record
from threadline.names import is_acronym, name_key, resolution_key

if TYPE_CHECKING:
    from threadline.graph.resolve.resolver import Resolver

# Candidate pairs listed per bare ambiguous name.
_MAX_BARE_CANDIDATES = 10


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """Names that many different organizations go by alone ("treasury", "central bank"),
    and clubs' nicknames: "the Blues" of a rugby story is not the football club a
    football story calls so, and only a story that names the club says which it is."""
    generic = {name_key(n) for n in entity_rules().get("generic_names") or ()}
    return frozenset(generic | set(nickname_clubs()))


def bare_ambiguous(
    records: list[Record],
    known: frozenset[str] = frozenset(),
    places: dict[str, str] | None = None,
) -> set[str]:
    """Organization names the documents link to different full names, and generic names.

    The entity step lists "United" as an alias of "Manchester United" in one
    document and of "United Airlines" in another: a document that says only
    "United" cannot be merged with either, nor with another such document.
    Names of several words: see ``qualified_apart`` (``known`` and ``places``).
    """
    one_word = {r.key for r in records if r.entity.type == "Organization" and " " not in r.key}
    targets: dict[str, set[str]] = defaultdict(set)
    for record, alias, key in _aliases_of_long_names(records):
        if not key or " " in key or is_acronym(alias):
            continue
        rest = [w for w in record.key.split() if w != key and w not in FILLER_WORDS]
        if rest and all(w in one_word for w in rest):
            continue  # "Gazprom-Rosneft": two organizations, not a third
        targets[key].add(record.key)
    ambiguous = {k for k, full in targets.items() if len(full) >= 2}
    return ambiguous | qualified_apart(records, known, places or {}) | _generic_names()


def shared_surnames(records: list[Record]) -> set[str]:
    """One-word person names that are the surname of two or more persons the documents
    name in full ("Robinson" of Andy and of Jason Robinson): a document that says only
    "Robinson" may mean either, and another such document someone else again.

    A name no two full names share ("Makelele", "Falconer") still merges: the documents
    give it one person.
    """
    full_names: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record.entity.type == PERSON and " " in record.key:
            full_names[record.key.rsplit(" ", 1)[1]].add(record.key)
    alone = {r.key for r in records if r.entity.type == PERSON and r.key and " " not in r.key}
    return {key for key in alone if len(full_names.get(key, ())) >= 2}


def qualified_apart(
    records: list[Record], known: frozenset[str], places: dict[str, str]
) -> set[str]:
    """Organization names of several words that the documents give with different
    qualifiers before or after them.

    One document names the "Norvik Communist Party" and calls it the "Communist
    Party" after; another does the same for the "Talvaro Communist Party": the
    bare "Communist Party" names either, so neither is merged on it. Qualifiers
    naming one place are one ("UK" and "Britain", by ``places``: a place's names
    and aliases to its name). A name of a known entity (``known``: the gazetteer's
    names and aliases) is left out: the gazetteer says which one it is.
    """
    qualifiers: dict[str, set[str]] = defaultdict(set)
    for record, alias, key in _aliases_of_long_names(records):
        if " " not in key or key == record.key or is_description(alias):
            continue
        short, full = sorted((key, record.key), key=len)
        added = qualifier(short, full)
        if added is not None and short not in known:
            qualifiers[short].add(places.get(added, added))
    return {short for short, found in qualifiers.items() if len(found) >= 2}


def _aliases_of_long_names(records: list[Record]) -> Iterator[tuple[Record, str, str]]:
    """(record, alias, alias key) for every alias of an organization named in several words."""
    for record in records:
        if record.entity.type == "Organization" and " " in record.key:
            for alias in record.entity.aliases:
                yield record, alias, resolution_key(alias)


def qualifier(short: str, full: str) -> str | None:
    """The words ``full`` adds before or after ``short`` ("norvik" in "norvik communist
    party"; "norvik" in "communist party of norvik"), filler words left out; None when
    ``full`` is not ``short`` with words added at one end.

    >>> qualifier("communist party", "communist party of norvik")
    'norvik'
    >>> qualifier("communist party", "norvik socialist party") is None
    True
    """
    if full.endswith(" " + short):
        added = full[: -len(short) - 1]
    elif full.startswith(short + " "):
        added = full[len(short) + 1 :]
    else:
        return None
    words = [w for w in added.split() if w not in FILLER_WORDS]
    return " ".join(words) or None


def bare_candidate(resolver: Resolver, i: int, key: str) -> None:
    """A bare ambiguous name: its own entity, listed beside the first one seen."""
    first = resolver.bare_first.setdefault(key, i)
    if first != i and resolver.bare_counts[key] < _MAX_BARE_CANDIDATES:
        resolver.bare_counts[key] += 1
        reason = f"'{resolver.records[i].entity.name}' alone may name different entities"
        resolver.candidates.append((first, i, 0.0, reason))
