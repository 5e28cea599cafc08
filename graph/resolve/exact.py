"""Rules 1-3: exact names, multi-word aliases, reordered person names, gazetteer entries.

Two document entities of one type are one when they share a normalized name
(``resolution_key``) or a multi-word alias one document gives ("Julien Jin" as
an alias of "Jin Xinjiang"), when a person's words are the same reordered
("Xinjiang Jin" / "Jin Xinjiang"), or when both are names of one gazetteer
entry. An alias sharing few words with its name only suggests a merge.
"""

from __future__ import annotations

from collections.abc import Iterable

from threadline.graph.resolve.clubs import SPORT, Identity, club_full_names
from threadline.graph.resolve.generic import bare_candidate
from threadline.graph.resolve.keys import PERSON, is_description, reordered_key, shares_words
from threadline.graph.resolve.resolver import Resolver
from threadline.names import resolution_key


def link_names(resolver: Resolver) -> None:
    """Rules 1-2: link entities of one type sharing a name, a multi-word alias or reordered words."""
    loose: list[tuple[int, str]] = []
    for i, record in enumerate(resolver.records):
        entity = record.entity
        keys = [("name", record.key)]
        for alias in entity.aliases:
            key = resolution_key(alias)
            # words as written: "O'Sullivan" is one word, a surname two people share,
            # though its key splits at the apostrophe
            if len(alias.split()) < 2 or is_description(alias):
                continue
            if shares_words(key, record.key):
                keys.append(("alias", key))
            else:
                loose.append((i, key))
        if entity.type == PERSON:
            keys += [("reordered", k) for _, key in list(keys) if (k := reordered_key(key))]
        sports = sport_identities(resolver, i)
        for rule, key in keys:
            if not key:
                continue
            if resolver.kept_apart(entity.type, key, record.doc_id):
                if rule == "name":
                    link_same_club(resolver, i, key)
                    bare_candidate(resolver, i, key)
                continue  # nor merged on a bare alias ("Communist Party" of two parties)
            if rule == "alias" and sports and key not in club_full_names():
                # "Grand Slams" beside a tennis story's "Grand Slam": that sport's
                link_same_club(resolver, i, key, sports)
                continue
            first = resolver.names.setdefault((entity.type, key), i)
            if first != i:
                resolver.union(first, i, rule)
    # An alias sharing few words with its name may be the entity step's slip
    # ("International Technology Transfer Center" for a talent association):
    # it suggests, never merges.
    for i, key in loose:
        other = resolver.names.get((resolver.records[i].entity.type, key))
        if other is not None and resolver.uf.find(other) != resolver.uf.find(i):
            reason = (
                f"'{resolver.records[other].entity.name}' is an alias of the other in one document"
            )
            resolver.candidates.append((i, other, 0.0, reason))


def link_same_club(
    resolver: Resolver, i: int, key: str, identities: Iterable[Identity] | None = None
) -> None:
    """A town's name kept apart, in documents that say which club it is: linked to the
    others that say the same ("Newcastle" with "Magpies" in two football stories). An
    alias of such a name is linked by the name's ``identities``."""
    entity_type = resolver.records[i].entity.type
    if identities is None:
        identities = resolver.identities.get(i, {}).get(key, ())
    for identity in sorted(identities):
        first = resolver.clubs.setdefault((entity_type, key, identity), i)
        if first != i:
            resolver.union(first, i, "same club")


def sport_identities(resolver: Resolver, i: int) -> list[Identity]:
    """The sports a record's name kept apart has ("England" of a rugby story): its aliases
    that are no club's full name are that sport's too ("Grand Slams")."""
    record = resolver.records[i]
    if not resolver.kept_apart(record.entity.type, record.key, record.doc_id):
        return []
    return [idn for idn in resolver.identities.get(i, {}).get(record.key, ()) if idn[0] == SPORT]


def link_gazetteer(resolver: Resolver) -> None:
    """Rule 3: link the entities named by one gazetteer entry (its name or an alias)."""
    base = len(resolver.records)
    for j, (entity_type, name, aliases) in enumerate(resolver.gazetteer_entries):
        for surface in (name, *aliases):
            key = resolution_key(surface)
            first = resolver.names.get((entity_type, key))
            if first is not None:
                resolver.union(base + j, first, "gazetteer")
