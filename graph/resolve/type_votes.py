"""One type per name across documents: the documents' evidence, summed and voted on.

A name typed differently in different documents takes the type with the most
evidence over the corpus (the entity step's ``type_votes``), unless a document
has strong evidence of its own for another type (a person and a country of the
same name). A type that one document alone gives does not overturn the type many
documents give: one story's cues can misread a name ("made by" before a
tournament's name) where the model agrees with itself across stories. The votes
and the deciding cues are kept on the canonical entity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from threadline.graph.model import Entity
from threadline.graph.resolve.records import Record
from threadline.votes import (
    combine,
    is_band,
    is_clear_team_cue,
    is_place_cue,
    is_sport_cue,
    only_lone_word,
)

# The most the model's labels weigh in the corpus vote on a name's type.
_CORPUS_LABEL_CAP = 3.0
# Evidence a document needs to keep its own type against the corpus's vote.
_OWN_TYPE_EVIDENCE = 3.0
# How many times its evidence for the corpus's type a document's evidence for a known
# place must be for the document to keep the place: a story about an election names
# a country as the place ("in Wales") with one weak cue for a body, where sports
# stories make the country's name a side.
_OWN_TYPE_MARGIN = 2.0
# Documents that give a name one type, beyond which a type no more than one document
# gives does not win the vote.
_MANY_DOCUMENTS = 5


def _votes(entity: Entity) -> dict[str, float]:
    """An entity's type evidence; a record without any counts one vote for its type."""
    return entity.type_votes or {entity.type: 1.0}


def vote_types(records: list[Record]) -> None:
    """One type per name over the corpus: the documents' evidence summed.

    A document keeps its own type only with strong evidence of its own (cues
    worth ``_OWN_TYPE_EVIDENCE`` and none for the corpus's type; for a place the
    place list knows, ``_OWN_TYPE_MARGIN`` times its evidence for the corpus's type, or
    any more where only the model's label says the corpus's type; for a side named after
    a place, more than its evidence for the place). The entity step's fallback for a lone
    word (a firm, where nothing says a person) counts as a label once another story's
    words say a person, unless one reads the name as a band: many stories saying nothing
    do not outvote one that does.
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        if record.entity.type_votes:  # records without evidence keep their type
            by_key[record.key].append(i)
    sport_stories = {r.doc_id for r in records if any(is_sport_cue(c) for c in r.entity.type_cues)}
    for indices in by_key.values():
        if len({records[i].entity.type for i in indices}) < 2:
            continue
        _join_the_band(records, indices)
        if len({records[i].entity.type for i in indices}) < 2:
            continue
        cues: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        fallback: Counter[str] = Counter()
        for i in indices:
            entity = records[i].entity
            own_labels = entity.type_labels
            labels.update(own_labels)
            own_cues = {t: v - own_labels.get(t, 0.0) for t, v in _votes(entity).items()}
            if only_lone_word(entity.type_cues):
                fallback[entity.type] += own_cues.pop(entity.type, 0.0)  # type: ignore[assignment]
            cues.update(own_cues)
        # The fallback for a lone word stands against the model's label for a person: where
        # a story's words say a person, it weighs as a label, not as a cue of its own; not
        # where a story reads the name as a band, which the model's labels call a person too
        # (the band's and a player's stories, "Kestrels", would make the band a person).
        if fallback:
            band = any(_read_as_a_band(records[i].entity) for i in indices)
            (labels if cues["Person"] > 0 and not band else cues).update(fallback)
        # The model's labels repeat its mistakes in every document: capped, as in one.
        total = combine(labels, cues, cap=_CORPUS_LABEL_CAP)
        winner = min(total, key=lambda t: (-total[t], t))
        given = Counter(records[i].entity.type for i in indices)
        most, most_documents = min(given.items(), key=lambda kv: (-kv[1], kv[0]))
        if given[winner] <= 1 and most_documents >= _MANY_DOCUMENTS:
            winner = most  # one story's reading against many stories'
        for i in indices:
            entity = records[i].entity
            if entity.type == winner:
                continue
            own = _votes(entity)
            evidence, against = own.get(entity.type, 0.0), own.get(winner, 0.0)
            if records[i].doc_id not in sport_stories and _place_against_a_label(entity, winner):
                continue
            if _read_as_a_band(entity) and evidence > against:
                continue  # a band and a person of the same name: two entities
            if evidence >= _OWN_TYPE_EVIDENCE and (
                against < 1
                or (_read_as_a_place(entity) and evidence >= _OWN_TYPE_MARGIN * against)
                or (_read_as_a_side(entity) and evidence > against)
            ):
                continue
            records[i].entity = replace(entity, type=winner)


def _join_the_band(records: list[Record], indices: list[int]) -> None:
    """A name some stories call a band by the words around it ("rock band Kestrels",
    "Kestrels guitarist Jane Roe") is the band in the stories that say nothing of it but
    the model's label and the name's own words ("Kestrels" tagged as a person, or its
    first word a first name, in a list of acts): the model tags bands as persons, and a
    vote over such stories would make the band a person and drop its musicians. A place
    the place list knows keeps its own type: a band named after a place is not the place."""
    if not any(_read_as_a_band(records[i].entity) for i in indices):
        return
    for i in indices:
        entity = records[i].entity
        if entity.type not in ("Organization", "Location") and not _context_evidence(entity):
            records[i].entity = replace(entity, type="Organization")


def _read_as_a_band(entity: Entity) -> bool:
    return entity.type == "Organization" and is_band(entity.type_cues)


def _context_evidence(entity: Entity) -> float:
    """The evidence for an entity's type from the words around its mentions: neither the
    model's label nor the name's own words."""
    own = entity.type
    return round(
        _votes(entity).get(own, 0.0)
        - entity.type_labels.get(own, 0.0)
        - entity.type_names.get(own, 0.0),
        2,
    )


def _read_as_a_place(entity: Entity) -> bool:
    """Whether a document reads the name as a place the place list knows: a place
    and the side or body named after it are two entities, not one misread."""
    return entity.type == "Location" and any(is_place_cue(c) for c in entity.type_cues)


def _place_against_a_label(entity: Entity, winner: str) -> bool:
    """Whether a document reads the name as a place the place list knows and nothing but
    the model's label there says it is a body, the corpus's type: "Tom Hale, from Derby"
    in a story about engineering is the town, though sports stories make "Derby" the
    club. Asked only of stories not about sport, where a club is named by its town."""
    if winner != "Organization" or not _read_as_a_place(entity):
        return False
    own = _votes(entity)
    against = own.get(winner, 0.0)
    return own.get(entity.type, 0.0) > against and against <= entity.type_labels.get(winner, 0.0)


def _read_as_a_side(entity: Entity) -> bool:
    """Whether a document reads the name as a sports side by a clear team's cue ("Norway
    coach Jane Roe"): the place list always votes for the place a side is named after, so
    the side needs only more evidence than the place, not a margin over it."""
    return entity.type == "Organization" and any(is_clear_team_cue(c) for c in entity.type_cues)


def summed_type_votes(records: Sequence[Record]) -> dict[str, float]:
    """The type evidence of a canonical entity: its documents' votes summed, largest first."""
    total: Counter[str] = Counter()
    for record in records:
        total.update(record.entity.type_votes)
    return {t: round(v, 2) for t, v in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))}


def common_cues(records: Sequence[Record], entity_type: str, limit: int = 5) -> list[str]:
    """The cues most documents gave for the entity's type."""
    counts: Counter[str] = Counter()
    for record in records:
        if record.entity.type == entity_type:
            counts.update(set(record.entity.type_cues))
    return [cue for cue, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
