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
from collections.abc import Mapping, Sequence

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from threadline.graph.model import Entity, Mention, entity_id
from threadline.ingest.aliases import AliasFinder, acronym_definitions
from threadline.ingest.candidates import Candidate
from threadline.ingest.coref import DescriptionResolver, PersonName, head_noun, short_names
from threadline.ingest.entity_rules import EntityRules, bundled_rules
from threadline.ingest.evidence import (
    deciding_cues,
    first_names,
    label_cue,
    legal_suffixes,
    listed_companies,
    place_names,
    places,
    town_names,
)
from threadline.ingest.membership import band_cue
from threadline.ingest.mention_evidence import doc_facts
from threadline.ingest.nationality import nation_or_its_people
from threadline.ingest.place_check import town_club_name
from threadline.ingest.spans import DocEntities, EntitySpan, as_a_word, doc_text
from threadline.ingest.story_sport import sport_marks
from threadline.names import DETERMINERS, canonical_name, name_key
from threadline.votes import BAND_CUE, combine

# Organizations or persons whose one-word name may be a person's short name the
# model mislabeled ("JIN" tagged as an organization in a caption).
_SHORT_NAME_TYPES = frozenset({"Person", "Organization", "Location", "Product", "Facility"})
# The organization cues a one-word name's own mentions need to keep it from being taken
# for the surname of a person of the same name: two cues or more.
_OWN_ORGANIZATION_CUES = 4.0
# A one-word name may be a short form of any of these (not of a nationality).
_SHORT_FORM_TYPES = frozenset(
    {"Organization", "Person", "Location", "Product", "Facility", "Event"}
)
# Types whose names of several words are found again where the model left them untagged.
_PROPAGATED_TYPES = frozenset({"Person", "Organization"})
# Words after a place's name that make the longer name of the same place ("Hebei Province").
_PLACE_DESIGNATORS = frozenset(
    {"province", "city", "county", "district", "prefecture", "municipality", "region", "state"}
)
# Words skipped when reading a name's initials.
_INITIALS_SKIPPED = frozenset({"of", "for", "and", "the", "on", "in", "at", "to", "de", "du", "&"})
# Types of one-word names that are a person's name where only the model's label gives
# them (``_labelled_only``).
_MISLABELLED_TYPES = frozenset({"Publication", "Event", "Award", "Group"})
# Evidence beyond the model's labels below which a name's type is the label's alone.
_LABEL_ONLY_MARGIN = 0.5
# The deciding cue of a place that only the model's label of cities and countries gives.
_CITY_LABEL = label_cue("GPE")
# Kinds of place a town's name is followed by ("Norvik town in Talvar province").
_PLACE_KINDS = frozenset({"town", "village", "city", "county", "district", "province", "region"})
# Weight of a short form's or alias's evidence against the full name's.
_LINKED_WEIGHT = 0.5
# A one-word name joined by a hyphen to a capitalized part ("T-Mobile", "Kestrel-Norvik"):
# no common word, so found again where the model left it untagged.
_HYPHENED_NAME = re.compile(r"[A-Z0-9][\w]*-[A-Z][\w]*")


class EntityLinker:
    def __init__(self, vocab, rules: EntityRules | None = None) -> None:
        self.rules = rules or EntityRules.load()
        self.aliases = AliasFinder.load(self.rules)
        self.descriptions = DescriptionResolver(vocab)

    def link(self, doc: Doc, candidates: Sequence[Candidate]) -> DocEntities:
        """Entities and their token spans for one parsed document."""
        text = doc_text(doc)
        candidates = acronym_definitions(doc, list(candidates))
        alias_of, new = self.aliases.find(doc, candidates)
        mentions = sorted([*candidates, *new], key=lambda c: c.start)
        for mention in mentions:
            mention.key = _follow(alias_of, mention.key)
        types, names = _type_and_name(mentions)
        variants = spelling_variants(types, Counter(m.key for m in mentions))
        if variants:
            for mention in mentions:
                if mention.key in variants:
                    mention.key = variants[mention.key]
                    mention.linked = True
            types, names = _type_and_name(mentions)
        short_forms = organization_short_forms(types)
        short_forms.update(
            (k, v)
            for k, v in short_form_links(mentions, types, text).items()
            if k not in short_forms
        )
        short_forms.update(
            (k, v)
            for k, v in nickname_links(types, self.rules.club_nicknames).items()
            if k not in short_forms
        )
        for mention in mentions:
            if mention.key in short_forms:
                mention.key = _follow(short_forms, mention.key)
                mention.linked = True
        types, names = _type_and_name(mentions)

        _persons_by_surname(mentions, types)
        _shared_surnames_are_persons(mentions, types, names)
        counts = Counter(m.key for m in mentions)
        # "Disney" beside "Walt Disney" (the company) and "Roy Disney": either could be
        # meant, so a word ending an organization's name is not taken for a surname.
        organization_ends = {
            key.rsplit(" ", 1)[1] for key, t in types.items() if t == "Organization" and " " in key
        }
        labelled_only = _labelled_only(mentions, types)
        persons = [
            PersonName(key, tuple(key.split()), first, counts[key])
            for key, first in _first_starts(mentions).items()
            if types[key] == "Person"
            or (
                (types[key] in _SHORT_NAME_TYPES or key in labelled_only)
                and " " not in names[key]  # one word, or joined by a hyphen
                and not _fixed(mentions, key)
                and not _strong_place(key)
                and key not in organization_ends
            )
        ]
        short = short_names(persons)
        for key in list(short):
            if types[short[key]] != "Person" and " " in short[key]:
                # "Derby-Fulham" (a match) is a short name's, never a full one's: "Derby"
                # is no short form of it
                del short[key]
            elif types[key] != "Person" and " " in names[key]:
                del short[key]  # only one-word names change type ("Wright-Hale" is one)
            elif types[key] != "Person" and _company_named_after(mentions, key, short[key]):
                del short[key]  # "Hollis, the car maker" beside "chairman Tom Hollis"
            elif (
                key != (surname := short[key].rsplit(" ", 1)[-1])
                and short.get(surname) == short[key]
                and _called_by_surname(mentions, key, text)
            ):
                # "Mr Howard" is no "Howard Flight", whom the story calls "Flight": "Mr"
                # takes a surname ("Mr Wang" is "Wang Xuebing", named family name first)
                del short[key]
            elif _written_after(mentions, key, text, _ROYAL_STYLES) and not _written_after(
                mentions, short[key], text, _ROYAL_STYLES
            ):
                # "Prince Charles" is no "Charles Kennedy" of the same story; "Prince Saud" is
                # the "Prince Saud al-Faisal" it names in full
                del short[key]
        surface: dict[str, str] = {}
        for mention in mentions:
            target = short.get(mention.key)
            if target is not None:
                mention.key = target
                mention.linked = True
            written = text[mention.start_char : mention.end_char]
            if (
                mention.linked
                or (mention.fixed and name_key(mention.name) != mention.key)
                or (mention.fixed and " " not in mention.key)
                # a gazetteer's alias as written ("ECB" of the European Central Bank)
                or (mention.fixed and name_key(written) != mention.key)
            ):
                surface.setdefault(written, mention.key)
        types, names = _type_and_name(mentions)
        alone_only: set[str] = set()
        for mention in mentions:
            # A person's or an organization's name of several words (or of two parts joined
            # by a hyphen) that the model tagged once is the same name where it left it
            # untagged ("News Corp, the media company controlled by ..."); a title ("The
            # Aviator") may be a common phrase elsewhere.
            written = text[mention.start_char : mention.end_char]
            if (
                (" " in written or _HYPHENED_NAME.fullmatch(written) is not None)
                and written[:1].isupper()
                and types[mention.key] in _PROPAGATED_TYPES
                and written.split(" ", 1)[0].lower() not in DETERMINERS
            ):
                surface.setdefault(written, mention.key)
            elif written not in surface and _one_word_organization(written, types[mention.key]):
                alone_only.add(written)
                surface.setdefault(written, mention.key)
        for mention in mentions:
            mention.type = types[mention.key]
        votes, labels, words, cues = _votes_and_cues(mentions, types)
        if sport := doc_facts(doc, self.rules).which_sport:
            for key, entity_type in types.items():
                if marks := sport_marks(names[key], key, entity_type, sport, self.rules):
                    cues.setdefault(key, []).extend(marks)
        surnames = _surnames_of_persons(types, names)
        for written, key in surnames.items():
            surface.setdefault(written, key)
        mentions.extend(
            _untagged_uses(
                doc, text, mentions, surface, types, frozenset(surnames), frozenset(alone_only)
            )
        )
        mentions.sort(key=lambda c: c.start)

        ids = {key: entity_id(types[key], names[key]) for key in names}
        entities: dict[str, Entity] = {}
        spans: list[EntitySpan] = []
        for mention in mentions:
            eid = ids[mention.key]
            entity = entities.get(eid)
            if entity is None:
                entity = entities[eid] = Entity(
                    id=eid,
                    name=names[mention.key],
                    type=types[mention.key],
                    type_votes=dict(votes.get(mention.key, {})),
                    type_labels=dict(labels.get(mention.key, {})),
                    type_names=dict(words.get(mention.key, {})),
                    type_cues=list(cues.get(mention.key, [])),
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
        # no type at all rather than a place's that nothing supports, unless a relation
        # places it (DocEntities.settled)
        doubtful = frozenset(ids[key] for key in _unknown_places(doc, mentions, types, cues))
        return DocEntities(entities=entities, spans=spans, doubtful=doubtful)


def spelling_variants(types: dict[str, str], counts: Counter[str]) -> dict[str, str]:
    """Organizations' names spelt two ways in one document, mapped onto the form used
    more often (the first seen on a tie).

    Two names are one spelt two ways when they have the same words but one, and that
    one differs by a plural "s" or by one letter in a word of five letters or more; one
    of them must be typed an organization (the other's type may be the model's slip).

    >>> spelling_variants({"kestrel steel casting": "Organization",
    ...     "kestrel steel castings": "Organization"},
    ...     Counter({"kestrel steel casting": 1, "kestrel steel castings": 3}))
    {'kestrel steel casting': 'kestrel steel castings'}
    """
    names = [k for k in types if " " in k]
    known_places = places()
    by_length: dict[int, list[str]] = defaultdict(list)
    for key in names:
        by_length[len(key.split())].append(key)
    mapping: dict[str, str] = {}
    for group in by_length.values():
        for i, one in enumerate(group):
            for other in group[i + 1 :]:
                if (
                    "Organization" in (types[one], types[other])
                    and one not in known_places
                    and other not in known_places  # "North America", "North American"
                    and _one_word_respelt(one.split(), other.split())
                ):
                    main, variant = (other, one) if counts[other] > counts[one] else (one, other)
                    mapping.setdefault(variant, main)
    return {k: _follow(mapping, v) for k, v in mapping.items() if _follow(mapping, v) != k}


def _one_word_respelt(one: list[str], other: list[str]) -> bool:
    """One word differs, by a plural "s" or one letter changed, added or removed.

    Stricter than the corpus-wide fuzzy merge (``graph/resolve/fuzzy.py``,
    ``words_compatible``): inside one document a respelling is one word only.
    """
    differing = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
    if len(differing) != 1:
        return False
    a, b = differing[0]
    if a + "s" == b or b + "s" == a:
        return True
    return min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b, score_cutoff=2) <= 1


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


def nickname_links(
    types: dict[str, str], nicknames: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """Clubs' nicknames mapped onto the one club of the document they may stand for.

    >>> nickname_links({"gunners": "Organization", "arsenal": "Organization"},
    ...                {"gunners": ("arsenal",)})
    {'gunners': 'arsenal'}
    >>> nickname_links({"blues": "Organization", "chelsea": "Organization",
    ...                 "everton": "Organization"}, {"blues": ("chelsea", "everton")})
    {}
    """
    links: dict[str, str] = {}
    for key in types:
        clubs = [c for c in nicknames.get(key, ()) if types.get(c) == "Organization"]
        if len(clubs) == 1 and clubs[0] != key:
            links[key] = clubs[0]
    return links


def _follow(mapping: dict[str, str], key: str) -> str:
    seen = {key}
    while key in mapping and mapping[key] not in seen:
        key = mapping[key]
        seen.add(key)
    return key


def _fixed(mentions: Sequence[Candidate], key: str) -> bool:
    return any(m.fixed for m in mentions if m.key == key)


# Styles written before a surname, never before a first name alone.
_SURNAME_STYLES = frozenset({"mr", "mrs", "ms", "miss", "mr.", "mrs.", "ms."})
# Styles before the one name a royal or a pope goes by ("Prince Charles", "Pope John Paul"),
# written capitalized: that name is no short form of a person the story never styles so.
_ROYAL_STYLES = frozenset(
    {"Prince", "Princess", "King", "Queen", "Emperor", "Empress", "Pope", "Sultan", "Emir"}
)


def _called_by_surname(mentions: Sequence[Candidate], key: str, text: str) -> bool:
    """Whether a one-word name is written after "Mr", "Mrs" or "Ms" somewhere: a surname."""
    return " " not in key and _written_after(mentions, key, text, _SURNAME_STYLES)


def _written_after(
    mentions: Sequence[Candidate], key: str, text: str, styles: frozenset[str]
) -> bool:
    """Whether a name is written right after one of ``styles`` somewhere (as written, or
    in lower case when ``styles`` holds it so: "Mr", "mr"; "Prince", not "comeback king")."""
    reach = max(len(style) for style in styles) + 2
    for mention in mentions:
        if mention.key == key:
            before = text[max(0, mention.start_char - reach) : mention.start_char].split()
            if before and (before[-1] in styles or before[-1].lower() in styles):
                return True
    return False


def _headline_end(text: str, most_words: int = 12) -> int:
    """Where a document's headline ends: its first line when a blank line follows it and
    it is short and no sentence ("Kestrel shares jump on merger talk"); -1 without one."""
    end = text.find("\n\n")
    line = text[:end].strip() if end > 0 else ""
    if not line or "\n" in line or line.endswith(".") or len(line.split()) > most_words:
        return -1
    return end


def _first_starts(mentions: Sequence[Candidate]) -> dict[str, int]:
    first: dict[str, int] = {}
    for mention in mentions:
        first.setdefault(mention.key, mention.start)
    return first


def _type_and_name(mentions: Sequence[Candidate]) -> tuple[dict[str, str], dict[str, str]]:
    """One type and one canonical name per key.

    The gazetteer's when a mention came from it; otherwise the type with the most
    evidence (ingest/evidence.py) summed over the mentions, short forms and
    aliases counting half, a tie going to the name's words, then the model's label; the name is the most frequent among the mentions that
    spell the full name (not an alias or short name), a possessive that belongs
    to the name kept ("Macy's"); ties go to the first seen.
    """
    type_votes, label_votes, word_votes = _vote_parts(mentions)
    name_votes: dict[str, Counter[str]] = defaultdict(Counter)
    fixed: dict[str, Candidate] = {}
    for mention in mentions:
        if mention.fixed and mention.key == name_key(mention.name):
            fixed.setdefault(mention.key, mention)
        full_name = not mention.linked and name_key(mention.name) == mention.key
        if full_name:
            name_votes[mention.key][mention.name] += 1
    types: dict[str, str] = {}
    names: dict[str, str] = {}
    for key, votes in type_votes.items():
        if key in fixed:
            types[key], names[key] = fixed[key].type, fixed[key].name
            continue
        # A tie goes to the type the name's words support, then the model's label ("the
        # Paris and Lisbon stock exchanges": a known city against one cue after it).
        labels = label_votes.get(key, Counter())
        words = word_votes.get(key, Counter())
        types[key] = max(votes, key=lambda t: (votes[t], words[t], labels[t]))
        if name_votes[key]:
            counts = name_votes[key]
            possessive = [n for n in counts if n.endswith("'s")]
            kept = sum(counts[n] for n in possessive)
            if possessive and 2 * kept >= sum(counts.values()):
                names[key] = possessive[0]  # "Macy's": a company called so
            else:
                plain = [n for n in counts if not n.endswith("'s")] or list(counts)
                # "The Daily Courier" once beside "the Daily Courier": the article is the name's.
                articled = [n for n in plain if n.startswith("The ")]
                names[key] = max(articled or plain, key=counts.__getitem__)
        else:
            names[key] = next(m.name for m in mentions if m.key == key)
        if types[key] == "Person" and not names[key].startswith("The "):
            # a name the model took for another type's and the votes made a person's:
            # trimmed as a person's ("Tom Hale QC" tagged as an organization); a title
            # with its article ("The Long Road") is a work's the votes got wrong
            names[key] = canonical_name(names[key], "Person")
    return types, names


def _vote_parts(
    mentions: Sequence[Candidate],
) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Per entity key, in one pass: all the evidence, the model's labels' part of it, and
    the part that comes from the words of the name."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        full_name = not mention.linked and name_key(mention.name) == mention.key
        weight = 1.0 if full_name else _LINKED_WEIGHT
        evidence = mention.evidence
        if evidence is None:
            labels[mention.key][mention.type] += weight  # type: ignore[assignment]  # float weights
            continue
        for entity_type, value in evidence.labels.items():
            labels[mention.key][entity_type] += weight * value  # type: ignore[assignment]  # float weights
        for entity_type, value in evidence.votes.items():
            votes[mention.key][entity_type] += weight * value  # type: ignore[assignment]  # float weights
        # The name's own words say the same on every mention: once per spelling.
        for entity_type, value in evidence.names.items():
            names[mention.key][entity_type] = max(names[mention.key][entity_type], value)
    words = {key: Counter(by_type) for key, by_type in names.items()}
    for key, by_type in names.items():
        votes[key].update(by_type)
    keys = [*labels, *(k for k in votes if k not in labels)]  # first seen first, in any process
    return (
        {key: combine(labels[key], votes[key]) for key in keys},
        {key: combine(labels[key], Counter()) for key in labels},
        words,
    )


def _votes_and_cues(
    mentions: Sequence[Candidate], types: dict[str, str]
) -> tuple[
    dict[str, dict[str, float]],
    dict[str, dict[str, float]],
    dict[str, dict[str, float]],
    dict[str, list[str]],
]:
    """Per entity key: summed votes by type, the model's share of them, the name's own
    words' share, the deciding cues (with ``BAND_CUE`` for a band, which resolution reads)."""
    votes, labels, words = _vote_parts(mentions)
    cues: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for mention in mentions:
        if mention.evidence is not None:
            cues[mention.key].extend(mention.evidence.cues)
    deciding = {k: deciding_cues(c, types.get(k, "")) for k, c in cues.items()}
    for key, found in deciding.items():
        if types.get(key) == "Organization" and band_cue(found):
            found.append(BAND_CUE)
    return (
        {k: {t: round(v, 2) for t, v in c.items() if v} for k, c in votes.items()},
        {k: {t: round(v, 2) for t, v in c.items() if v} for k, c in labels.items()},
        {k: {t: round(v, 2) for t, v in c.items() if v} for k, c in words.items()},
        deciding,
    )


def _company_named_after(mentions: Sequence[Candidate], key: str, person: str) -> bool:
    """Whether the words around a one-word name's own mentions make it an organization and
    none a person, while those around the longer name make that a person ("Hollis, the car
    maker, ... its sales" beside "chairman Tom Hollis"): a company named after a family,
    not the person's surname. A longer name that does not open with a first name ("Kestrel
    Rugby"), or that the model and the words around it do not make a person's more than an
    organization's, may be the company's full name ("Kestrel" and "Kestrel Systems")."""
    own = _context_votes(mentions, key)
    full = _context_votes(mentions, person, with_labels=True)
    first_name = any(
        m.key == person and m.evidence is not None and m.evidence.names.get("Person", 0) > 0
        for m in mentions
    )
    return (
        own["Organization"] >= _OWN_ORGANIZATION_CUES
        and not own["Person"]
        and first_name
        and full["Person"] > full["Organization"]
    )


def _context_votes(
    mentions: Sequence[Candidate], key: str, with_labels: bool = False
) -> Counter[str]:
    """The votes the words around a key's mentions give; with ``with_labels``, and the
    model's labels (not the name's own words: "Sun" is a first name too)."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        if mention.key == key and mention.evidence is not None:
            votes.update(mention.evidence.votes)
            if with_labels:
                votes.update(mention.evidence.labels)
    return votes


def _beyond_labels(
    votes: Mapping[str, Counter[str]], labels: Mapping[str, Counter[str]], key: str, type_: str
) -> float:
    """A name's evidence for a type beyond the model's labels (``_vote_parts``): what its
    words and its context say."""
    return votes[key][type_] - labels.get(key, Counter())[type_]


def _unknown_places(
    doc: Doc,
    mentions: Sequence[Candidate],
    types: Mapping[str, str],
    cues: Mapping[str, list[str]],
) -> set[str]:
    """One-word names that only the model's city-or-country label makes places and no
    gazetteer knows as one: in news these are mostly people, works, products or teams the
    model took for towns ("Myskina, the third seed", "the Bagle virus"). They are in doubt
    (``DocEntities.doubtful``: left out unless a relation places them) unless GeoNames knows
    a town of the name or the words after it place it ("Norvik in northern Talvaria",
    "Norvik, Talvaria's second city"); a country's people ("Scots") are a nation's."""
    known = places()
    unknown = {
        key
        for key, entity_type in types.items()
        if entity_type == "Location"
        and " " not in key
        and cues.get(key) == [_CITY_LABEL]
        and key not in known
        and not nation_or_its_people(key)
    }
    if not unknown:
        return unknown
    towns = town_names()
    # places this document names that are not in doubt themselves ("Norvik in Harwickshire")
    starts = {m.start for m in mentions if types[m.key] == "Location" and m.key not in unknown}
    placed = {m.key for m in mentions if m.key in unknown and _placed_after(doc, m.end, starts)}
    return {key for key in unknown if key not in towns and key not in placed}


def _placed_after(doc: Doc, end: int, place_starts: set[int]) -> bool:
    """Whether the words after a name place it: a kind of place ("Norvik town"), or "in", a
    comma or both, an adjective or two maybe ("in southern"), then a place the gazetteer
    knows or one of the document's places (whose tokens start at ``place_starts``)."""
    if end >= len(doc):
        return False
    if doc[end].lower_ in _PLACE_KINDS:
        return True
    if doc[end].lower_ not in ("in", ","):
        return False
    i = end + 1
    if doc[end].text == "," and i < len(doc) and doc[i].lower_ == "in":
        i += 1  # "Norvik, in Harwickshire"
    while i < len(doc) and i <= end + 2 and doc[i].tag_ == "JJ" and doc[i].is_lower:
        i += 1
    if i in place_starts:
        return True
    known = places()
    return any(
        name_key(doc[i:stop].text) in known for stop in range(i + 1, min(i + 4, len(doc) + 1))
    )


def _labelled_only(mentions: Sequence[Candidate], types: dict[str, str]) -> set[str]:
    """One-word names of a type no short name of a person's takes (a work, an event, an
    award, a people) that only the model's label gives them: "Cueto" tagged as a work in a
    story that names Mark Cueto, "Kestrel, Kestrel" chanted for Tom Kestrel. The label is no
    evidence against the person's name; a cue is ("the film Kinsey" beside "Alfred
    Kinsey"), and so is a nation's adjective ("English" beside "Tom English")."""
    odd = {
        key
        for key, t in types.items()
        if t in _MISLABELLED_TYPES and " " not in key and not nation_or_its_people(key)
    }
    if not odd:
        return set()
    votes, labels, _ = _vote_parts([m for m in mentions if m.key in odd])
    return {
        key for key in odd if _beyond_labels(votes, labels, key, types[key]) < _LABEL_ONLY_MARGIN
    }


def _persons_by_surname(mentions: Sequence[Candidate], types: dict[str, str]) -> None:
    """A full name whose last word is a person's surname here is that person's name.

    "Mr Okafor" (an honorific: strong evidence) beside "Adaeze Okafor" that the
    model tagged as a facility: the full name becomes a person's, so the surname
    links to it. Only when the full name has no cue of its own for its type.
    """
    votes, labels, _ = _vote_parts(mentions)
    surnames = {
        key
        for key, entity_type in types.items()
        if entity_type == "Person" and " " not in key and votes[key]["Person"] >= 3
    }
    if not surnames:
        return
    for key, entity_type in list(types.items()):
        words = key.split()
        if entity_type == "Person" or not 2 <= len(words) <= 3 or words[-1] not in surnames:
            continue
        own_cues = _beyond_labels(votes, labels, key, entity_type)
        if own_cues < 1:
            types[key] = "Person"
            for mention in mentions:
                if mention.key == key:
                    mention.type = "Person"
                    if mention.evidence is not None:
                        mention.evidence.add(
                            "Person", 1.5, "its last word is a person's surname here"
                        )


def _shared_surnames_are_persons(
    mentions: Sequence[Candidate], types: dict[str, str], names: Mapping[str, str]
) -> None:
    """A word alone that is the surname of two persons named here in full is a person's.

    Brothers or namesakes in one story ("Tom Wright-Hale" and "Ben Wright-Hale", then
    "Wright-Hale" alone) leave the short name to neither of them, and the model often
    tags it as an organization: it is one of them, so it is typed a person, but linked
    to neither. Only when the word has no cue of its own for its type, is not fixed by
    the gazetteer, and is no country or state.
    """
    sharing = Counter(
        name_key(words[-1])
        for key, entity_type in types.items()
        if entity_type == "Person" and 2 <= len(words := names.get(key, "").split()) <= 4
    )
    shared = [
        key
        for key, entity_type in types.items()
        if entity_type != "Person"
        and " " not in names.get(key, " ")
        and sharing[key] >= 2
        and not _fixed(mentions, key)
        and not _strong_place(key)
    ]
    if not shared:
        return
    votes, labels, _ = _vote_parts(mentions)
    for key in shared:
        entity_type = types[key]
        if _beyond_labels(votes, labels, key, entity_type) >= 1:
            continue  # "Hale, the car maker": a cue of its own
        types[key] = "Person"
        for mention in mentions:
            if mention.key == key:
                mention.type = "Person"
                if mention.evidence is not None:
                    mention.evidence.add("Person", 1.5, "the surname of two persons here")


def _strong_place(key: str) -> bool:
    """A country, continent, UK nation or US state: never someone's short name.

    Another country's province (regions.yaml) may be ("Jin Xinjiang"), as a city may.
    """
    place = places().get(key)
    return place is not None and place.kind != "city" and (place.kind != "region" or place.us_state)


def short_form_links(
    mentions: Sequence[Candidate], types: dict[str, str], text: str = ""
) -> dict[str, str]:
    """Short forms of full names named in the same document, mapped onto them.

    - an acronym whose initials spell exactly one organization of the document,
      with or without parentheses ("BRC" and "British Retail Consortium");
    - a one-word name that is the first word of exactly one organization named
      earlier ("Merrill" after "Merrill Lynch"), unless it is used far more often
      than the full name (a parent and its unit), or of a listed company's name
      wherever it is named ("Pernod", "Pernod Ricard"); or its last word
      ("Treasury" after "US Treasury");
    - a place and the same place with a designator ("Hebei", "Hebei Province");
    - an organization's name that is the end of exactly one longer
      organization's name ("Communist Party" and "Chinese Communist Party"); the
      form used more often in the document names the entity (not a Scottish or Welsh
      body's, which is its own: "the Scottish Labour Party");
    - an organization's name that is exactly one longer organization's named
      earlier without its company form ("Kestrel Media" after "Kestrel Media Group").

    Countries, continents and US states are never short forms; when two full
    names fit, nothing is guessed.
    """
    first_seen = _first_starts(mentions)
    # A headline names a firm by its short form before the story spells it out
    # ("Kestrel shares jump" over "Kestrel Securities ..."): the story's uses count.
    headline_end = _headline_end(text)
    first_in_story = _first_starts([m for m in mentions if m.start_char > headline_end])
    counts = Counter(m.key for m in mentions)
    tagged = Counter(counts)
    if text:  # the model tags a name on some of its uses only: count them in the text
        surfaces = {m.key: text[m.start_char : m.end_char] for m in mentions}
        for key, surface in surfaces.items():
            # The whole-word uses are at most the substring's occurrences: the
            # pattern is compiled and run only when those exceed the tagged count.
            if text.count(surface) <= counts[key]:
                continue
            # not where the name opens a longer one ("Kestrel" in "Kestrel Securities")
            uses = len(re.findall(as_a_word(surface) + r"(?! [A-Z])", text))
            counts[key] = max(counts[key], uses)
    fixed = {m.key for m in mentions if m.fixed}
    acronyms = {m.key for m in mentions if m.name.isupper() and " " not in m.key}
    organizations = [k for k, t in types.items() if t == "Organization" and " " in k]
    persons = [k for k, t in types.items() if t == "Person" and " " in k]
    links: dict[str, str] = {}
    for key, entity_type in types.items():
        if key in fixed:
            continue
        designated = [
            f"{key} {d}" for d in _PLACE_DESIGNATORS if types.get(f"{key} {d}") == "Location"
        ]
        if entity_type not in _SHORT_FORM_TYPES:
            if len(designated) == 1 and entity_type == "Group":
                links[key] = designated[0]  # "Hebei" tagged as a group beside "Hebei Province"
            continue
        words = key.split()
        if len(words) == 1:
            if _strong_place(key):
                continue
            seen = first_in_story.get(key, first_seen[key])
            if key in acronyms and 2 <= len(key) <= 6:
                targets = [o for o in organizations if key in _initials(o)] or [
                    # "KRL" after "KRL International"
                    o
                    for o in organizations
                    if first_seen[o] < seen and _with_company_form(o, key)
                ]
            elif key in place_names() or entity_type == "Location":
                targets = designated
                if entity_type == "Organization" and not targets:
                    # "Birmingham manager ..." beside "Birmingham City": the town's club
                    targets = [
                        o for o in organizations if o.startswith(key + " ") and town_club_name(o)
                    ]
            else:
                # Not a parent named far more often than its unit ("Barclays",
                # "Barclays Capital"): a short form is used about as often as its name,
                # or its name only adds a company form ("Kestrel International").
                targets = [
                    o
                    for o in organizations
                    if o.split()[0] == key
                    # "the Independent" beside "Independent News": a paper, not its owner
                    and key not in bundled_rules().newspaper_words
                    and (
                        (
                            first_seen[o] < seen
                            and (counts[key] <= 2 * counts[o] + 1 or _with_company_form(o, key))
                        )
                        or o in listed_companies()  # "Pernod" and "Pernod Ricard"
                    )
                ]
                if not targets and not any(p.split()[-1] == key for p in persons):
                    targets = [o for o in organizations if o.split()[-1] == key]
                if not targets:
                    targets = designated
        elif entity_type == "Organization":
            targets = [
                o
                for o in organizations
                if o.endswith(" " + key)
                and len(o.split()) == len(words) + 1
                and o.split()[0] not in _NATIONS_WITHIN_A_STATE
            ]
            if not targets:
                # "Sports Entertainment" after "Sports Entertainment Enterprises": the name
                # without its company form
                targets = [
                    o
                    for o in organizations
                    if o.startswith(key + " ")
                    and len(o.split()) == len(words) + 1
                    and _company_form(o.rsplit(" ", 1)[-1])
                    and first_seen[o] < first_seen[key]
                ]
        else:
            continue
        if len(targets) == 1 and targets[0] != key:
            target = targets[0]
            if len(words) > 1 and tagged[key] > tagged[target]:
                links[target] = key  # the form the document uses most names the entity
            else:
                links[key] = target
    return links


# Nations of a state whose bodies are their own ("the Scottish Labour Party", "the Welsh
# Conservatives"): the state's body of the same name is another.
_NATIONS_WITHIN_A_STATE = frozenset({"scottish", "welsh"})


# Last words of a company's name, besides its legal forms, that the document may leave off
# after naming it whole.
_COMPANY_WORDS = frozenset({"enterprises", "group", "holdings", "company", "international"})


# Of the legal forms of two letters, the ones written after a European company's name;
# the others are as often a model's or a product's letters ("GameBoy Advance SP").
_SHORT_LEGAL_FORMS = frozenset({"ag", "sa", "se", "nv", "bv", "ab", "oy", "as", "co"})


def _with_company_form(name: str, key: str) -> bool:
    """Whether an organization's name is a one-word name and a company form."""
    words = name.split()
    return len(words) == 2 and words[0] == key and _company_form(words[1])


def _company_form(word: str) -> bool:
    """Whether a name's last word is a company form ("Group", "Inc", "AG")."""
    if len(word) <= 2:
        return word in _SHORT_LEGAL_FORMS
    return word in _COMPANY_WORDS or word in legal_suffixes()


def _initials(key: str) -> frozenset[str]:
    """The acronyms of a name key: initials of every word, and of its content words."""
    words = key.split()
    every = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in _INITIALS_SKIPPED)
    return frozenset({every, content})


def _surnames_of_persons(types: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """The surname of each person named here in full, as written, for the uses of it the
    model left untagged ("Tom Paver won ... Paver, who lives in Leeds, began ...": a
    sentence's first word before a clause is often left out). Not a surname two persons
    here share, nor one that is a name of its own here (a firm, a place, a team)."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key, entity_type in types.items():
        words = names.get(key, "").split()
        if entity_type != "Person" or len(words) < 2:
            continue
        surname = words[-1]
        if len(surname) >= 3 and surname[0].isupper() and surname[1:].islower():
            by_surname[surname].append(key)
    return {
        surname: keys[0]
        for surname, keys in by_surname.items()
        if len(keys) == 1 and name_key(surname) not in types
    }


def _one_word_organization(written: str, type_: str) -> bool:
    """Whether a name the model tagged is an organization's one word ("Parvex"), to be
    found again where the model left it untagged: capitalized, three letters or more, no
    place's name nor a first name, which the same word stands for as often, and no
    acronym in capitals, which names a technology as often as a body ("IPTV").

    >>> _one_word_organization("Parvex", "Organization"), _one_word_organization("Leeds",
    ...     "Organization"), _one_word_organization("Grant", "Organization")
    (True, False, False)
    >>> _one_word_organization("BT", "Organization"), _one_word_organization("Parvex", "Person")
    (False, False)
    >>> _one_word_organization("IPTV", "Organization")
    False
    """
    return (
        type_ == "Organization"
        and len(written) >= 3
        and written.isalpha()
        and not written.isupper()
        and written[:1].isupper()
        and written.lower() not in places()
        and written.lower() not in first_names()
    )


def _standing_alone(doc: Doc, start: int, end: int) -> bool:
    """Whether a one-word name is read as a proper noun with no capitalized word right
    before or after it ("Parvex has sued", not "Kestrel" of "Kestrel Oil" nor "Kestrel
    DoCo")."""
    if end - start != 1 or doc[start].pos_ != "PROPN":
        return False
    if start > 0 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start:
        return False
    return not (end < len(doc) and doc[end].text[:1].isupper())


def _untagged_uses(
    doc: Doc,
    text: str,
    mentions: Sequence[Candidate],
    surface: dict[str, str],
    types: dict[str, str],
    surnames: frozenset[str] = frozenset(),
    alone_only: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Later uses of aliases and short names that the model did not tag.

    A person's name is taken where the tagger reads a proper noun; a surname of a person
    named here in full also where it opens a sentence before a comma, where the tagger
    often reads a noun ("Bening, who was born in ..."). A form in ``alone_only`` (an
    organization's one-word name) is taken where the tagger reads a proper noun with no
    capitalized word next to it, which would make it part of a longer name.
    """
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
        if match.group() in alone_only and not _standing_alone(doc, span.start, span.end):
            continue
        if types.get(key) == "Person" and span[0].pos_ != "PROPN":
            opening = span[0].is_sent_start and span.end < len(doc) and doc[span.end].text == ","
            if not (match.group() in surnames and opening):
                continue
        found.append(
            Candidate(span.start, span.end, s, e, types[key], match.group(), key, linked=True)
        )
    return found
