"""From cleaned mentions to the entities of one document.

Applies in-document aliases (ingest/aliases.py), groups mentions by name key,
gives each group one type (the gazetteer's, else the most frequent) and one
canonical name, resolves short person names and definite descriptions
(ingest/coref.py), and finds later untagged uses of aliases and short names.
The result is the ``DocEntities`` the relation step reads.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence

from spacy.tokens import Doc

from threadline.graph.model import Entity, Mention, entity_id
from threadline.ingest.aliases import AliasFinder, acronym_definitions
from threadline.ingest.coref import DescriptionResolver, PersonName, head_noun, short_names
from threadline.ingest.entities import Candidate, EntityRules
from threadline.ingest.names import name_key
from threadline.ingest.spans import DocEntities, EntitySpan

# Organizations or persons whose one-word name may be a person's short name the
# model mislabeled ("JIN" tagged as an organization in a caption).
_SHORT_NAME_TYPES = frozenset({"Person", "Organization"})


class EntityLinker:
    def __init__(self, vocab, rules: EntityRules | None = None) -> None:  # type: ignore[no-untyped-def]
        self.rules = rules or EntityRules.load()
        self.aliases = AliasFinder.load(self.rules)
        self.descriptions = DescriptionResolver(vocab)

    def link(self, doc: Doc, candidates: Sequence[Candidate]) -> DocEntities:
        """Entities and their token spans for one parsed document."""
        text = doc.text  # spaCy joins the tokens on every access: read it once
        candidates = acronym_definitions(doc, list(candidates))
        alias_of, new = self.aliases.find(doc, candidates)
        mentions = sorted([*candidates, *new], key=lambda c: c.start)
        for mention in mentions:
            mention.key = _follow(alias_of, mention.key)
        types, names = _type_and_name(mentions)
        short_forms = organization_short_forms(types)
        for mention in mentions:
            if mention.key in short_forms:
                mention.key = short_forms[mention.key]
                mention.linked = True
        types, names = _type_and_name(mentions)

        counts = Counter(m.key for m in mentions)
        persons = [
            PersonName(key, tuple(key.split()), first, counts[key])
            for key, first in _first_starts(mentions).items()
            if types[key] == "Person"
            or (types[key] in _SHORT_NAME_TYPES and " " not in key and not _fixed(mentions, key))
        ]
        short = short_names(persons)
        for key in list(short):
            if types[key] != "Person" and " " in key:
                del short[key]  # only one-word names change type
        surface: dict[str, str] = {}
        for mention in mentions:
            target = short.get(mention.key)
            if target is not None:
                mention.key = target
                mention.linked = True
            if (
                mention.linked
                or (mention.fixed and name_key(mention.name) != mention.key)
                or (mention.fixed and " " not in mention.key)
            ):
                surface.setdefault(text[mention.start_char : mention.end_char], mention.key)
        types, names = _type_and_name(mentions)
        self._correct_places(mentions, types, short)
        mentions.extend(_untagged_uses(doc, text, mentions, surface, types))
        mentions.sort(key=lambda c: c.start)

        ids = {key: entity_id(types[key], names[key]) for key in names}
        entities: dict[str, Entity] = {}
        spans: list[EntitySpan] = []
        for mention in mentions:
            eid = ids[mention.key]
            entity = entities.get(eid)
            if entity is None:
                entity = entities[eid] = Entity(
                    id=eid, name=names[mention.key], type=types[mention.key]
                )
            quoted = text[mention.start_char : mention.end_char]
            entity.mentions.append(Mention(mention.start_char, mention.end_char, quoted))
            if name_key(mention.surface) != mention.key and mention.surface not in entity.aliases:
                entity.aliases.append(mention.surface)
            spans.append(EntitySpan(mention.start, mention.end, eid))

        organizations = [m for m in mentions if types[m.key] == "Organization"]
        head_of = {m.key: head_noun(m.key) for m in organizations}
        for start, end, key in self.descriptions.resolve(doc, organizations, head_of):
            spans.append(EntitySpan(start, end, ids[key]))
        return DocEntities(entities=entities, spans=spans)

    def _correct_places(
        self, mentions: Sequence[Candidate], types: dict[str, str], short: dict[str, str]
    ) -> None:
        """A known place the model tagged as a person or organization is a place.

        Not when it is a person's short name here ("Lincoln" after "Abraham
        Lincoln"), came from the gazetteer, or has a title or role next to it.
        """
        places = self.rules.places
        cued = {m.key for m in mentions if m.person_cue or m.fixed}
        for key, entity_type in types.items():
            if (
                entity_type in ("Person", "Organization")
                and key in places
                and key not in cued
                and key not in short
                and not self.rules.organization_suffix(key)
            ):
                types[key] = "Location"
        organization_cued = {m.key for m in mentions if m.organization_cue} - cued
        for key in organization_cued:
            if (
                types.get(key) in ("Person", "Location")
                and " " not in key
                and key not in short
                and key not in places
            ):
                types[key] = "Organization"
        for mention in mentions:
            mention.type = types[mention.key]


def organization_short_forms(types: dict[str, str]) -> dict[str, str]:
    """Map an organization's short form onto its full name in the same document.

    The short form is the full name's first words, ending on its head noun
    ("northbridge institute" for "northbridge institute for applied materials");
    when two full names start the same way, nothing is guessed.

    >>> organization_short_forms({"northbridge institute": "Organization",
    ...     "northbridge institute for applied materials": "Organization"})
    {'northbridge institute': 'northbridge institute for applied materials'}
    >>> organization_short_forms({"delta institute": "Organization",
    ...     "delta institute of law": "Organization", "delta institute for art": "Organization"})
    {}
    """
    organizations = [k for k, t in types.items() if t == "Organization" and " " in k]
    mapping: dict[str, str] = {}
    for short in organizations:
        targets = [
            full
            for full in organizations
            if full.startswith(short + " ") and head_noun(full) == short.rsplit(" ", 1)[-1]
        ]
        if len(targets) == 1:
            mapping[short] = targets[0]
    return mapping


def _follow(mapping: dict[str, str], key: str) -> str:
    seen = {key}
    while key in mapping and mapping[key] not in seen:
        key = mapping[key]
        seen.add(key)
    return key


def _fixed(mentions: Sequence[Candidate], key: str) -> bool:
    return any(m.fixed for m in mentions if m.key == key)


def _first_starts(mentions: Sequence[Candidate]) -> dict[str, int]:
    first: dict[str, int] = {}
    for mention in mentions:
        first.setdefault(mention.key, mention.start)
    return first


def _type_and_name(mentions: Sequence[Candidate]) -> tuple[dict[str, str], dict[str, str]]:
    """One type and one canonical name per key.

    The gazetteer's when a mention came from it; otherwise the most frequent type,
    and the most frequent name among the mentions that spell the full name
    (not an alias or short name); ties go to the first seen.
    """
    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    name_votes: dict[str, Counter[str]] = defaultdict(Counter)
    fixed: dict[str, Candidate] = {}
    for mention in mentions:
        if mention.fixed and mention.key == name_key(mention.name):
            fixed.setdefault(mention.key, mention)
        # Full names vote on the type; short names and aliases only when nothing else does.
        full_name = not mention.linked and name_key(mention.name) == mention.key
        type_votes[mention.key][mention.type] += 1000 if full_name else 1
        if full_name:
            name_votes[mention.key][mention.name] += 1
    types: dict[str, str] = {}
    names: dict[str, str] = {}
    for key, votes in type_votes.items():
        if key in fixed:
            types[key], names[key] = fixed[key].type, fixed[key].name
            continue
        types[key] = votes.most_common(1)[0][0]
        if name_votes[key]:
            names[key] = name_votes[key].most_common(1)[0][0]
        else:
            names[key] = next(m.name for m in mentions if m.key == key)
    return types, names


def _untagged_uses(
    doc: Doc,
    text: str,
    mentions: Sequence[Candidate],
    surface: dict[str, str],
    types: dict[str, str],
) -> list[Candidate]:
    """Later uses of aliases and short names that the model did not tag."""
    forms = [f for f in surface if len(f) >= 2 and any(c.isupper() for c in f)]
    if not forms:
        return []
    pattern = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    starts = [m.start_char for m in mentions]
    ends = [m.end_char for m in mentions]
    found: list[Candidate] = []
    for match in pattern.finditer(text):
        s, e = match.span()
        i = bisect_right(starts, s) - 1
        if (i >= 0 and ends[i] > s) or (i + 1 < len(starts) and starts[i + 1] < e):
            continue
        span = doc.char_span(s, e)
        if span is None:
            continue
        key = surface[match.group()]
        if types.get(key) == "Person" and span[0].pos_ != "PROPN":
            continue
        found.append(
            Candidate(span.start, span.end, s, e, types[key], match.group(), key, linked=True)
        )
    return found
