"""Entity candidates from spaCy's entities: typed, trimmed, named, and junk rejected.

The model's entity spans are a starting point, not a result: on real documents
it tags headline fragments as organizations, keeps possessives and determiners in
names, and tags generic words ("Chamber"). This module

- maps spaCy labels onto the ontology's entity types (labels that are not entity
  types, such as DATE or MONEY, are skipped),
- trims each span at the token level (determiners, honorifics and titles before a
  person's name, possessive endings, punctuation, paragraph breaks), so a
  mention's offsets always quote the name exactly,
- gives it a canonical name (``names.canonical_name``) and a comparison key,
- rejects junk by the rules of ``entity_rules.yaml``, recording each rejection
  with its reason so it can be counted and shown.

Aliases, coreference and grouping into entities come after (ingest/linking.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.evidence import (
    HONORIFIC,
    LEGAL_SUFFIX,
    ORGANIZATION_WORD,
    PERSON_TITLE,
    ROLE,
    Evidence,
    context_evidence,
    employer_evidence,
    first_names,
    name_evidence,
    name_head,
    place_names,
    team_evidence,
)
from threadline.ingest.evidence import places as places_all
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.nlp import entity_rules
from threadline.names import (
    DETERMINERS,
    HONORIFICS,
    PERSON_TITLES,
    POSSESSIVE_ENDINGS,
    canonical_name,
    is_leading_title,
    name_key,
    strip_word,
    unify_punctuation,
)

# Types whose names are checked against headline lines; places and groups in a
# headline ("China", "Chinese") are as reliable as anywhere else.
_HEADLINE_CHECKED_TYPES = frozenset(
    {"Organization", "Person", "Publication", "Event", "Product", "Facility"}
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A one-word name that the text also uses as a lowercase noun, verb or adjective
# is that word; persons are checked too, but not nationalities and groups.
_COMMON_WORD_TAGS = frozenset({"NOUN", "VERB", "ADJ"})
_COMMON_WORD_TYPES = frozenset(
    {"Organization", "Person", "Location", "Facility", "Product", "Event", "Publication"}
)


# Words between a descriptor and the name it introduces ("campaign, widely known as X").
_NAMING_WORDS = frozenset(
    {"known", "as", "called", "named", "dubbed", "widely", ",", "the", "new", "his", "her", "its",
     "their", "a", "latest"}
)  # fmt: skip
# How nationality words end ("German", "Chinese", "British", "Dutch", "Iraqi").
_DEMONYM_ENDINGS = ("an", "ese", "ish", "ch", "i", "ic", "s", "ean", "ian")
# Words before a name that often stand before an organization's name too
# ("former Kestrel boss", "state broadcaster"): no evidence of a person.
_WEAK_TITLES = frozenset(
    {"former", "late", "then", "acting", "state", "foreign", "prime", "general", "vice",
     "deputy", "chief", "head", "executive", "official", "employee", "officer", "founder"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rejection:
    """A span the model tagged that the cleanup dropped, and why."""

    text: str
    label: str
    reason: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "reason": self.reason,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Candidate:
    """A mention that survived cleanup: tokens ``[start, end)`` naming ``name`` of ``type``.

    ``key`` groups mentions into entities (``name_key`` of the name, or of the
    entity it was linked to by an alias or coreference); ``fixed`` marks names
    and types that come from the gazetteer and win over the model's.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    type: str
    name: str
    key: str
    fixed: bool = False
    linked: bool = False
    surface: str = ""
    person_cue: bool = False
    organization_cue: bool = False
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        if not self.surface:
            self.surface = self.name


@dataclass(frozen=True, slots=True)
class EntityRules:
    """The cleanup rules, read from data (ingest/entity_rules.yaml)."""

    generic_heads: frozenset[str]
    not_entities: frozenset[str]
    page_furniture: tuple[re.Pattern[str], ...]
    max_tokens: int
    headline_min_tokens: int
    headline_capitalized_share: float
    headline_min_words: int
    headline_small_words: frozenset[str]
    all_caps_max_tokens: int
    max_stopword_share: float
    award_words: frozenset[str]
    designators: frozenset[str]
    organization_suffixes: frozenset[str] = frozenset()
    organization_prefixes: frozenset[str] = frozenset()
    event_suffixes: frozenset[str] = frozenset()
    facility_suffixes: frozenset[str] = frozenset()
    event_descriptors: frozenset[str] = frozenset()
    publication_descriptors: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()
    fragment_words: frozenset[str] = frozenset()
    name_trailing_words: frozenset[str] = frozenset()
    heading_max_words: int = 0
    document_suffixes: frozenset[str] = frozenset()
    organization_descriptors: frozenset[str] = frozenset()
    organization_context: frozenset[str] = frozenset()
    team_roles: frozenset[str] = frozenset()
    team_roles_named: frozenset[str] = frozenset()
    team_before: frozenset[str] = frozenset()
    employer_roles: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    team_before_in_sport: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()

    @classmethod
    def load(cls, data: dict[str, Any] | None = None) -> EntityRules:
        data = data if data is not None else entity_rules()
        return cls(
            generic_heads=frozenset(w.casefold() for w in data["generic_heads"]),
            not_entities=frozenset(name_key(w) for w in data["not_entities"]),
            page_furniture=tuple(re.compile(p, re.IGNORECASE) for p in data["page_furniture"]),
            max_tokens=int(data["max_tokens"]),
            headline_min_tokens=int(data["headline_min_tokens"]),
            headline_capitalized_share=float(data["headline_capitalized_share"]),
            headline_min_words=int(data["headline_min_words"]),
            headline_small_words=frozenset(str(w) for w in data["headline_small_words"]),
            all_caps_max_tokens=int(data["all_caps_max_tokens"]),
            max_stopword_share=float(data["max_stopword_share"]),
            award_words=frozenset(w.casefold() for w in data["award_words"]),
            designators=frozenset(w.casefold() for w in data["designators"]),
            organization_suffixes=_words(data, "organization_suffixes"),
            organization_prefixes=_words(data, "organization_prefixes"),
            event_suffixes=_words(data, "event_suffixes"),
            facility_suffixes=_words(data, "facility_suffixes"),
            event_descriptors=_words(data, "event_descriptors"),
            publication_descriptors=_words(data, "publication_descriptors"),
            person_roles=_words(data, "person_roles"),
            fragment_words=_words(data, "fragment_words"),
            name_trailing_words=_words(data, "name_trailing_words"),
            heading_max_words=int(data.get("heading_max_words", 0)),
            document_suffixes=_words(data, "document_suffixes"),
            organization_descriptors=_words(data, "organization_descriptors"),
            organization_context=_words(data, "organization_context"),
            team_roles=_words(data, "team_roles"),
            team_roles_named=_words(data, "team_roles_named"),
            team_before=_words(data, "team_before"),
            employer_roles=_words(data, "employer_roles"),
            sport_words=_words(data, "sport_words"),
            team_before_in_sport=_words(data, "team_before_in_sport"),
            places=place_names(),
        )

    def organization_suffix(self, key: str) -> bool:
        """Whether a name key ends in a word only organizations end in ("kestrel labs").

        >>> EntityRules.load().organization_suffix("kestrel labs")
        True
        """
        return " " in key and key.rsplit(" ", 1)[-1] in self.organization_suffixes

    def is_person_cue(self, word: str) -> bool:
        """An honorific, title or role word that says the name next to it is a person's."""
        w = strip_word(word)
        return w in HONORIFICS or w in PERSON_TITLES or w in self.person_roles

    def is_generic(self, key: str) -> bool:
        """A generic head noun alone: 'chamber', 'parties', 'the regime'.

        >>> EntityRules.load().is_generic("chambers"), EntityRules.load().is_generic("hebei")
        (True, False)
        """
        if " " in key:
            return False
        return (
            key in self.generic_heads
            or (key.endswith("s") and key[:-1] in self.generic_heads)
            or (key.endswith("ies") and key[:-3] + "y" in self.generic_heads)
        )


class EntityCleaner:
    """Turns a parsed Doc's entity spans into candidates and rejections."""

    def __init__(
        self,
        ontology: Ontology,
        gazetteer: Gazetteer | None = None,
        rules: EntityRules | None = None,
        common: frozenset[str] = frozenset(),
    ) -> None:
        self.ontology = ontology
        self.gazetteer = gazetteer or Gazetteer()
        self.rules = rules or EntityRules.load()
        # Common nouns and adjectives ("budget", "house"): see common_words().
        self.common_words = common

    def entity_type(self, label: str) -> str | None:
        if label in self.ontology.entity_types:
            return label
        return self.ontology.entity_type_for_label(label)

    def candidates(self, doc: Doc) -> tuple[list[Candidate], list[Rejection]]:
        """Candidates sorted by position, and what was rejected with the reason."""
        kept: list[Candidate] = []
        rejected: list[Rejection] = []
        headline_lines = _HeadlineLines(doc.text, self.rules)
        in_headline: list[bool] = []
        named = {name_key(e.text) for e in doc.ents if len(e) <= 3}
        facts = _DocFacts.of(doc, self.rules)
        for whole in with_employers(doc, self.rules.employer_roles):
            entity_type = self.entity_type(whole.label_)
            if entity_type is None:
                continue
            for ent in split_span(doc, whole, self.rules, named):
                candidate, reason = self._clean(doc, ent, entity_type, facts)
                if candidate is None:
                    rejected.append(_rejection(ent, reason))
                    continue
                kept.append(candidate)
                in_headline.append(
                    headline_lines.contains(candidate.start_char)
                    or (
                        " " not in candidate.key
                        and headline_lines.alone_on_line(candidate.start_char, candidate.end_char)
                    )
                )
        kept, in_headline = _without_overlaps(kept, in_headline)
        kept, in_headline = self._drop_common_words(doc, kept, in_headline, rejected)
        # Headline fragments: names that appear only in Title-Case lines.
        body_keys = {c.key for c, head in zip(kept, in_headline, strict=True) if not head}
        result = []
        for candidate, head in zip(kept, in_headline, strict=True):
            span = doc[candidate.start : candidate.end]
            only_in_headings = (
                not candidate.fixed
                and candidate.key not in body_keys
                and candidate.type in _HEADLINE_CHECKED_TYPES
            )
            if (
                only_in_headings
                and head
                and candidate.end - candidate.start >= self.rules.headline_min_tokens
                and not self._has_designator(doc, candidate)
            ):
                rejected.append(_rejection(span, "headline fragment", label=candidate.type))
            elif only_in_headings and head and " " not in candidate.key:
                # "Conditions" as a section heading: a word, not a name.
                rejected.append(_rejection(span, "heading word", label=candidate.type))
            else:
                result.append(candidate)
        return result, rejected

    def _clean(
        self, doc: Doc, ent: Span, entity_type: str, facts: _DocFacts
    ) -> tuple[Candidate | None, str]:
        label_type = entity_type
        start, end = trim_span(doc, ent.start, ent.end, entity_type)
        if not ent.ent_id_:
            start, end = cut_fragment(doc, start, end, entity_type, self.rules)
            while end - start > 1 and name_key(doc[start].text) in self.rules.not_entities:
                start += 1  # "GMT Kestrel": a time zone run into the name
            start = extend_left(doc, start, end, entity_type, self.rules)
        if start >= end:
            return None, "nothing left after trimming"
        possessive = not ent.ent_id_ and _possessive_name(doc, start, end, entity_type)
        span = doc[start:end]
        text = span.text
        name = canonical_name(text, entity_type)
        key = name_key(name)
        if not key:
            return None, "nothing left after trimming"
        entry = (
            self.gazetteer.lookup(name) if not ent.ent_id_ else self.gazetteer.lookup(ent.ent_id_)
        )
        if (
            entry is not None
            and end - start == 1
            and doc[start].is_sent_start
            and key in facts.lowercase
        ):
            # "Labour is too costly ... skilled labour": a one-word alias the
            # document also writes in lowercase is that word at a sentence start.
            entry = None
        if entry is not None:
            candidate = self._candidate(span, entry.type, entry.name, fixed=True)
            candidate.surface = name
            candidate.evidence = Evidence()
            candidate.evidence.add_name(entry.type, 10.0, "gazetteer")
            return candidate, ""
        reason = self._junk_reason(span, name, key, entity_type)
        if reason:
            return None, reason
        last = key.rsplit(" ", 1)[-1]
        if last in self.rules.award_words and "Award" in self.ontology.entity_types:
            entity_type = "Award"
        person_cue = self._person_cue(doc, start, end)
        entity_type = self._cued_type(doc, span, key, entity_type, person_cue)
        if entity_type != ent.label_ and entity_type == "Person":
            name = canonical_name(text, entity_type)
        if possessive:
            # "Macy's": the possessive is part of the name (a company called so).
            span = doc[start : end + 1]
            name = name + "'s"
        candidate = self._candidate(span, entity_type, name)
        candidate.person_cue = person_cue
        candidate.organization_cue = self._organization_cue(doc, start, end)
        candidate.evidence = self._evidence(
            doc, doc[start:end], key, ent.label_, label_type, entity_type, person_cue, facts
        )
        return candidate, ""

    def _evidence(
        self,
        doc: Doc,
        span: Span,
        key: str,
        label: str,
        label_type: str,
        entity_type: str,
        person_cue: bool,
        facts: _DocFacts,
    ) -> Evidence:
        """The type votes of one mention (ingest/evidence.py)."""
        evidence = Evidence()
        evidence.add_label(label_type, label)
        if entity_type != label_type and entity_type in ("Award", "Publication"):
            # A document's title word outweighs an organization word inside the title
            # ("Application Report of Establishing the Transfer Center").
            evidence.add_name(
                entity_type, LEGAL_SUFFIX + 1, f"title word '{key.rsplit(' ', 1)[-1]}'"
            )
        if person_cue:
            self._person_evidence(doc, span, evidence)
        types = self.ontology.entity_types
        name_evidence(key, self.rules.organization_suffixes, evidence, frozenset(types))
        words = key.split()
        if len(words) >= 2 and words[0] in self.rules.organization_prefixes:
            evidence.add_name("Organization", ORGANIZATION_WORD, f"organization word '{words[0]}'")
        for entity_type, suffixes in (
            ("Event", self.rules.event_suffixes),
            ("Facility", self.rules.facility_suffixes),
        ):
            if len(words) >= 2 and words[-1] in suffixes and entity_type in types:
                evidence.add_name(
                    entity_type, ORGANIZATION_WORD + 1, f"{entity_type.lower()} word '{words[-1]}'"
                )
        # "a hacking campaign, widely known as X"; "a new report called X", "his
        # autobiography, X" (not "the report, the Lotus Society": a new phrase).
        for entity_type, descriptors, reach, comma_ends in (
            ("Event", self.rules.event_descriptors, 5, False),
            ("Publication", self.rules.publication_descriptors, 4, True),
        ):
            if entity_type not in types:
                continue
            word = _descriptor_before(doc, span.start, descriptors, reach, comma_ends)
            if word is not None:
                evidence.add(entity_type, ORGANIZATION_WORD + 1, f"after '{word.text}'")
        # "German shares": a nationality before a noun says nothing of organizations.
        nationality = label_type == "Group" and len(span) == 1 and key.endswith(_DEMONYM_ENDINGS)
        context_evidence(
            doc,
            span,
            self.rules.organization_descriptors,
            self.rules.organization_context,
            evidence,
            organization_cues=not nationality,
        )
        if (
            span.end < len(doc)
            and doc[span.end].lower_ == "administration"
            and len(span) <= 2
            and "Person" in types
        ):
            # "the Trump administration": a leader's government, named by the leader.
            evidence.add("Person", HONORIFIC, "before 'administration'")
        if "Organization" in types:
            # "portal director at Tiscali": a title's employer, whatever its ending says.
            employer_evidence(doc, span, self.rules.employer_roles, evidence)
        if not nationality and "Organization" in types:
            rules = self.rules
            team_evidence(
                doc,
                span,
                rules.team_roles,
                rules.team_roles_named,
                facts.team_before,
                evidence,
            )
        return evidence

    def _person_evidence(self, doc: Doc, span: Span, evidence: Evidence) -> None:
        """An honorific, title or role around a name, weighted by how sure it is.

        "Mr", "Dr" say a person; "President", "analyst" nearly so; "former",
        "state" or "chief" before a name say little ("former Kestrel boss").
        """
        start, end = span.start, span.end
        if start > 0 and self.is_title_token(doc[start - 1]):
            word = strip_word(doc[start - 1].text)
            if word in HONORIFICS:
                evidence.add("Person", HONORIFIC, f"honorific '{doc[start - 1].text}'")
            elif word not in _WEAK_TITLES:
                evidence.add("Person", PERSON_TITLE, f"title '{doc[start - 1].text}'")
        elif end + 1 < len(doc) and doc[end].text == ",":
            i = end + 1
            if doc[i].lower_ in DETERMINERS and i + 1 < len(doc):
                i += 1
            if strip_word(doc[i].text) not in _WEAK_TITLES:
                evidence.add("Person", ROLE, f"role '{doc[i].text}' after it")

    def _organization_cue(self, doc: Doc, start: int, end: int) -> bool:
        """A word around a name that only an organization takes.

        "the app Zoom", "companies such as Zoom", "Zoom employees", "Zoom's offices".
        """
        rules = self.rules
        before = doc[start - 1].lower_ if start > 0 else ""
        if before in rules.organization_descriptors:
            return True
        if start > 2 and doc[start - 2].lower_ == "such" and before == "as":
            return doc[start - 3].lower_ in rules.organization_descriptors
        after = end + 1 if end < len(doc) and doc[end].tag_ == "POS" else end
        return after < len(doc) and doc[after].lower_ in rules.organization_context

    def _person_cue(self, doc: Doc, start: int, end: int) -> bool:
        """A title or role right before the name, or in an apposition after it.

        "Rector Anneke de Vries", "Dr. Elena Varga", "Anneke de Vries, rector of".
        """
        if start > 0 and self.is_title_token(doc[start - 1]):
            return True
        if end + 1 < len(doc) and doc[end].text == ",":
            i = end + 1
            if doc[i].lower_ in DETERMINERS and i + 1 < len(doc):
                i += 1
            word = doc[i]
            return word.is_lower and self.rules.is_person_cue(word.text)
        return False

    def is_title_token(self, token: Token) -> bool:
        return (token.is_alpha or token.text.endswith(".")) and self.rules.is_person_cue(token.text)

    def _cued_type(self, doc: Doc, span: Span, key: str, entity_type: str, person_cue: bool) -> str:
        """Correct the model's type from cues in the name and around it.

        An organization suffix ("Kestrel Labs") makes an organization; a person
        cue makes a short name without one a person; "Lyon-based" makes a place.
        """
        rules = self.rules
        last = key.rsplit(" ", 1)[-1]
        if (
            " " in key
            and (
                last in rules.document_suffixes or name_head(key.split()) in rules.document_suffixes
            )
            and "Publication" in self.ontology.entity_types
        ):
            return "Publication"  # "... Regulations", "Application Report of ..."
        if entity_type in ("Person", "Location") and rules.organization_suffix(key):
            return "Organization"
        if (
            person_cue
            and entity_type in ("Organization", "Location", "Facility", "Product")
            and 2 <= len(key.split()) <= 4
            and not rules.organization_suffix(key)
            and not any(rules.is_generic(w) or w in rules.designators for w in key.split())
            and all(t.text[:1].isupper() or (t.is_lower and len(t) <= 3) for t in span)
        ):
            return "Person"
        end = span.end
        if (
            entity_type in ("Person", "Organization")
            and end + 1 < len(doc)
            and doc[end].text == "-"
            and doc[end + 1].lower_ == "based"
        ):
            return "Location"
        return entity_type

    def _drop_common_words(
        self,
        doc: Doc,
        kept: list[Candidate],
        in_headline: list[bool],
        rejected: list[Rejection],
    ) -> tuple[list[Candidate], list[bool]]:
        """A one-word name the same text also uses as a lowercase word is that word.

        "Response", "Education", "Relationship" capitalized at the start of a
        line or in a heading, while "response" appears in running text. Known
        places, acronyms, the gazetteer's names and words of a person's full name
        ("Cook" after "Tim Cook") stay.
        """
        lowercase = {
            t.lower_ for t in doc if t.is_lower and t.is_alpha and t.pos_ in _COMMON_WORD_TAGS
        }
        person_words = {
            w for c in kept if c.type == "Person" and " " in c.key for w in c.key.split()
        }
        only_initial: dict[str, bool] = {}
        for candidate in kept:
            initial = (
                bool(doc[candidate.start].is_sent_start) and candidate.end - candidate.start == 1
            )
            only_initial[candidate.key] = only_initial.get(candidate.key, True) and initial
        nouns = self.common_words
        result, heads = [], []
        for candidate, head in zip(kept, in_headline, strict=True):
            one_word = (
                not candidate.fixed
                and candidate.end - candidate.start == 1
                and candidate.type in _COMMON_WORD_TYPES
                and candidate.key not in self.rules.places
                and candidate.key not in person_words
                and not candidate.name.isupper()
            )
            after = doc[candidate.end] if candidate.end < len(doc) else None
            if one_word and candidate.key in lowercase:
                span = doc[candidate.start : candidate.end]
                rejected.append(_rejection(span, "common word", label=candidate.type))
                continue
            if (
                one_word
                and only_initial[candidate.key]
                and candidate.key in nouns
                and after is not None
                and (
                    (after.is_lower and after.pos_ == "NOUN")
                    # "Sugar, plastics and tea": a place no gazetteer knows.
                    or (candidate.type == "Location" and candidate.key not in places_all())
                )
            ):
                # "Budget carriers", "House prices": a noun capitalized by the sentence.
                span = doc[candidate.start : candidate.end]
                rejected.append(_rejection(span, "common word starting a sentence", candidate.type))
                continue
            result.append(candidate)
            heads.append(head)
        return result, heads

    def _joined_places(self, name: str, key: str) -> bool:
        """ "U.S.-China", "Franco-German": places joined by a dash modify a noun; not one place."""
        parts = [p for p in unify_punctuation(name).split("-") if p.strip()]
        if len(parts) < 2 or key in place_names():
            return False
        for part in parts:
            entry = self.gazetteer.lookup(part)
            if name_key(part) not in place_names() and not (entry and entry.type == "Location"):
                return False
        return True

    def _has_designator(self, doc: Doc, candidate: Candidate) -> bool:
        """An organization name ending in a designator ("... University", "... Co.")."""
        if candidate.type != "Organization" or " " not in candidate.key:
            return False
        if any(t.tag_ == "POS" for t in doc[candidate.start : candidate.end]):
            return False  # "the Chamber's Relationship": a phrase about a name
        words = candidate.key.split()
        heads = {words[-1]}
        heads.update(words[i - 1] for i, w in enumerate(words) if w in ("of", "for") and i > 0)
        return any(self.rules.is_generic(h) or h in self.rules.designators for h in heads)

    def _candidate(self, span: Span, entity_type: str, name: str, fixed: bool = False) -> Candidate:
        return Candidate(
            start=span.start,
            end=span.end,
            start_char=span.start_char,
            end_char=span.end_char,
            type=entity_type,
            name=name,
            key=name_key(name),
            fixed=fixed,
        )

    def _junk_reason(self, span: Span, name: str, key: str, entity_type: str) -> str:
        rules = self.rules
        if key in rules.not_entities:
            return "not an entity"
        if self._joined_places(name, key):
            return "dash-joined places"
        if any(p.search(name) for p in rules.page_furniture):
            return "page furniture"
        words = [t for t in span if t.is_alpha or _WORD.fullmatch(t.text)]
        if not words:
            return "no letters"
        if not any(t.text[:1].isupper() for t in words):
            return "no capitalized word"
        if rules.is_generic(key):
            return "generic word"
        if len(span) > rules.max_tokens:
            return "too long"
        if (
            entity_type != "Person"
            and len(words) > rules.all_caps_max_tokens
            and all(t.text.isupper() for t in words)
            and any(len(t.text) >= 5 for t in words)
        ):
            return "all-caps header"
        if len(words) > 1:
            stop = sum(1 for t in words if t.is_stop and t.lower_ not in rules.headline_small_words)
            small = sum(1 for t in words if t.lower_ in rules.headline_small_words)
            if (stop + small) / len(words) > rules.max_stopword_share:
                return "mostly stopwords"
            lower = sum(
                1
                for t in words
                if t.text[:1].islower() and t.lower_ not in rules.headline_small_words
            )
            if lower * 2 > len(words):
                return "mostly lowercase"
        return ""


def _without_overlaps(
    kept: list[Candidate], in_headline: list[bool]
) -> tuple[list[Candidate], list[bool]]:
    """Candidates that do not overlap: a name taken into a longer one ("Barnard" into
    "Barnard's Retail Consulting Group") gives way to it."""
    order = sorted(range(len(kept)), key=lambda i: (kept[i].start, -(kept[i].end - kept[i].start)))
    result: list[int] = []
    for i in order:
        if result and kept[i].start < kept[result[-1]].end:
            if kept[i].end - kept[i].start > kept[result[-1]].end - kept[result[-1]].start:
                result[-1] = i
            continue
        result.append(i)
    return [kept[i] for i in result], [in_headline[i] for i in result]


def common_words(nlp: Any) -> frozenset[str]:
    """Common English nouns and adjectives: the word index of the pipeline's lemmatizer.

    Empty when the pipeline has no such table (then the rule that uses it is off).
    """
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    words: set[str] = set()
    for pos in ("noun", "adj"):
        words.update(index.get(pos, ()))
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class _DocFacts:
    """What the entity step reads once per document, for every mention in it."""

    team_before: frozenset[str]  # words before a name that make it a team (more in sport)
    lowercase: frozenset[str]  # the words the document writes in lowercase

    @classmethod
    def of(cls, doc: Doc, rules: EntityRules) -> _DocFacts:
        team_before = rules.team_before
        if is_sport(doc, rules):
            team_before = team_before | rules.team_before_in_sport
        lowercase = frozenset(t.lower_ for t in doc if t.is_lower and t.is_alpha)
        return cls(team_before, lowercase)


def _descriptor_before(
    doc: Doc, start: int, descriptors: frozenset[str], reach: int, comma_ends: bool
) -> Token | None:
    """A descriptor word up to ``reach`` words before a name, across naming words only.

    With ``comma_ends``, a comma other than the one right before the name ends
    the search.
    """
    for i in range(start - 1, max(-1, start - reach - 1), -1):
        token = doc[i]
        if token.lower_ in descriptors:
            return token
        if token.lower_ not in _NAMING_WORDS or token.is_sent_start:
            return None
        if comma_ends and token.text == "," and i != start - 1:
            return None
    return None


def is_sport(doc: Doc, rules: EntityRules) -> bool:
    """Whether a document is about sport: three or more sport words in it."""
    words = rules.sport_words | (rules.team_roles - rules.team_roles_named)
    return sum(1 for token in doc if token.lower_ in words) >= 3


def with_employers(doc: Doc, roles: frozenset[str]) -> list[Span]:
    """The model's entity spans, with employers named around a title and a person.

    "Kestrel analyst Jane Roe": the model tags the person but often not the
    employer before the title (a sentence-initial name looks like a noun to
    it), or runs employer and title into one person span ("Leeds striker").
    Up to four capitalized words the model left untagged before such a title
    become an organization span (its type is then decided by evidence, so a
    place stays a place), as do such words between a person's name and a title
    in apposition ("Tony Roe, Labour MP for West Ham"); a person span that
    ends in the title is cut to the capitalized words before it; and names
    after a title or a person and a preposition ("an analyst at Petercam").
    """
    spans: list[Span] = []
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        if ent.label_ != "PERSON":
            spans.append(ent)
            continue
        cut = _title_start(doc, ent.start, ent.end, roles)
        nxt = ents[index + 1] if index + 1 < len(ents) else None
        if cut < ent.end and nxt is not None and nxt.start == ent.end and nxt.label_ == "PERSON":
            # "Leeds striker" + "Ian Holt": the employer and title run together.
            if cut > ent.start:
                spans.append(Span(doc, ent.start, cut, label="ORG"))
            continue
        title = _title_start(doc, max(0, ent.start - 4), ent.start, roles)
        employer = _untagged_name_before(doc, title) if title < ent.start else None
        if employer is not None:
            spans.append(employer)
        spans.append(ent)
        # "Tony Roe, Labour MP for West Ham": the employer in an apposition after the name.
        after = ent.end + 1
        if after < len(doc) and doc[ent.end].text == ",":
            end = after
            while (
                end < len(doc)
                and end - after < 4
                and _capitalized_untagged(doc[end])
                and doc[end].lower_ not in roles
            ):
                end += 1
            if after < end < len(doc) and _title_start(doc, end, end + 1, roles) == end:
                spans.append(Span(doc, after, end, label="ORG"))
    spans.extend(_employers_after(doc, roles))
    return sorted(spans, key=lambda span: span.start)


def _employers_after(doc: Doc, roles: frozenset[str]) -> list[Span]:
    """Untagged names after a title or a person and "at", "of", "with" or "for".

    "an analyst at Petercam", "Jane Roe of Argus Research", "editor of PC Pro":
    up to four capitalized words, one of them a proper noun.
    """
    found = []
    for token in doc[1:-1]:
        before = doc[token.i - 1]
        if token.lower_ not in ("at", "of", "with", "for") or not (
            before.lower_ in roles or before.ent_type_ == "PERSON"
        ):
            continue
        start = token.i + 1
        if doc[start].lower_ == "the":
            start += 1
        end = start
        while end < len(doc) and end - start < 4 and _capitalized_untagged(doc[end]):
            end += 1
        if end > start and any(t.pos_ == "PROPN" for t in doc[start:end]):
            found.append(Span(doc, start, end, label="ORG"))
    return found


def _capitalized_untagged(token: Token) -> bool:
    return (
        not token.ent_type_
        and (token.is_title or token.is_upper)
        and token.pos_ in ("PROPN", "NOUN")
        and token.lower_ not in DETERMINERS
    )


def _untagged_name_before(doc: Doc, end: int) -> Span | None:
    """Up to four capitalized words the model left untagged, ending at ``end``."""
    start = end
    while start > 0 and end - start < 4 and _capitalized_untagged(doc[start - 1]):
        start -= 1
    return Span(doc, start, end, label="ORG") if start < end else None


def _title_start(doc: Doc, start: int, end: int, roles: frozenset[str]) -> int:
    """Where a run of lowercase title words ending at ``end`` begins (``end`` if none).

    "chief executive", "fly-half": the run must hold a title word.
    """
    i = end
    found = False
    while i > start and (
        doc[i - 1].is_lower
        or doc[i - 1].text == "-"
        or (doc[i - 1].is_upper and doc[i - 1].lower_ in roles)  # "MP", "CEO"
    ):
        found = found or doc[i - 1].lower_ in roles
        i -= 1
    if not found:
        return end
    while i < end and doc[i].text == "-":
        i += 1
    return i


def split_span(
    doc: Doc, ent: Span, rules: EntityRules, named: frozenset[str] | set[str] = frozenset()
) -> list[Span]:
    """Split a span that names several things: coordinated, dash-joined or glued names.

    ``named`` holds the name keys of the document's other entity spans.

    - at a comma between two capitalized names ("Czech Republic, South Africa");
    - at "and"/"&"/a dash when both sides are known places or names the
      document uses alone elsewhere ("Kestrel-Lumen" beside "Kestrel" and
      "Lumen"), or the right side starts with a capitalized "The" ("Independent
      and The Times"); a company called "Brown and Williamson" stays whole;
    - at a dash with spaces around it ("Korea Development Bank - one"): the name
      is the part before, the part after only if it is a name too;
    - at an inner possessive followed by a first name ("Kestrel's Nadia Okafor"):
      an organization and a person.
    """
    parts: list[tuple[int, int]] = []
    start = ent.start
    places = place_names()
    all_places = places_all()
    i = ent.start
    while i < ent.end:
        token = doc[i]
        skip = 1
        if token.text == "," and start < i < ent.end - 1 and doc[i + 1].text[:1].isupper():
            left, right = doc[start:i], doc[i + 1 : ent.end]
            cut = (
                (name_key(left.text) in places and name_key(right.text) in places)
                or (name_key(left.text) in named and name_key(right.text) in named)
                or not any(t.is_lower and t.lower_ not in DETERMINERS for t in (*left, *right))
            )
        elif (
            token.lower_ == "in"
            and start + 1 < i < ent.end - 1
            and doc[i - 1].lower_ in rules.organization_suffixes | rules.facility_suffixes
            and name_key(doc[i + 1 : ent.end].text) in all_places
        ):
            # "Peel Common School in Gosport": a name, then where it is; a title
            # ("Schedule of the Chamber in Liuzhou") stays whole.
            cut = True
        elif token.lower_ in ("and", "&", "-", "–", "—") and start < i < ent.end - 1:
            left, right = name_key(doc[start:i].text), name_key(doc[i + 1 : ent.end].text)  # type: ignore[assignment]
            cut = (
                (left in places and right in places)
                or (left in named and right in named)
                or doc[i + 1].text == "The"
                or (token.text != "&" and token.lower_ != "and" and bool(doc[i - 1].whitespace_))
            )
        else:
            dash = token.text in ("-", "–", "—") and start < i and bool(doc[i - 1].whitespace_)
            glued_person = (
                token.tag_ == "POS"
                and start < i
                and ent.end - (i + 1) >= 2
                and doc[i + 1].lower_ in first_names()
            )
            cut = dash or glued_person
        if cut:
            parts.append((start, i))
            start = i + skip
        i += 1
    if not parts:
        return [ent]
    parts.append((start, ent.end))
    spans = []
    for s, e in parts:
        while s < e and (doc[s].is_punct or doc[s].is_space):
            s += 1
        if s < e and any(t.text[:1].isupper() for t in doc[s:e]):
            spans.append(Span(doc, s, e, label=ent.label_))
    return spans or [ent]


def extend_left(doc: Doc, start: int, end: int, entity_type: str, rules: EntityRules) -> int:
    """Take in a capitalized word right before a name that the model left out.

    "BNP Paribas" tagged as "Paribas": an untagged proper noun glued before an
    organization's name (no punctuation between) belongs to it. Titles,
    honorifics, determiners and known places are not taken. Before a person's
    name, only a common first name is taken ("Pranab Mukherjee").
    """
    if start == 0 or entity_type not in ("Organization", "Person"):
        return start
    token = doc[start - 1]
    if entity_type == "Person":
        # "Pranab Mukherjee" tagged as "Mukherjee": a first name glued before it.
        glued = (
            token.pos_ == "PROPN"
            and token.is_title
            and not token.ent_type_
            and token.whitespace_
            and token.lower_ in first_names()
            and not is_leading_title(token.text, "Person")
            and name_key(token.text) not in place_names()
        )
        return start - 1 if glued else start
    if (
        token.tag_ == "POS"
        and start >= 2
        and end - start >= 2
        and doc[end - 1].lower_ in rules.organization_suffixes
        and doc[start - 2].pos_ == "PROPN"
        and doc[start - 2].ent_type_ != "NORP"
        and name_key(doc[start - 2].text) not in place_names()
    ):
        return start - 2  # "Barnard's Retail Consulting Group": the owner's name is the firm's
    if (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not token.ent_type_
        and token.whitespace_
        and token.is_alpha
        and not token.is_sent_start
        and token.lower_ not in DETERMINERS
        and not is_leading_title(token.text, "Person")
        and name_key(token.text) not in place_names()
        and token.lower_ not in rules.fragment_words
        and name_key(token.text) not in rules.not_entities
    ):
        return start - 1  # not "GMT Carnival" from "at 1300 GMT Carnival's shares"
    return start


# After a possessive that belongs to the name ("Macy's said", "at Macy's."), the
# next word is not the noun the possessive governs.
_AFTER_NAME_POS = frozenset({"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT"})


def _possessive_name(doc: Doc, start: int, end: int, entity_type: str) -> bool:
    """Whether the "'s" right after an organization's name is part of the name."""
    if entity_type != "Organization" or end >= len(doc) or doc[end].tag_ != "POS":
        return False
    if doc[end].text not in ("'s", "’s"):
        return False
    if end + 1 >= len(doc):
        return True
    nxt = doc[end + 1]
    if nxt.is_space:
        return True
    if nxt.is_punct and "&" in doc[start:end].text:
        return True  # "said Jane Roe of Standard & Poor's."
    return nxt.pos_ in _AFTER_NAME_POS and nxt.text not in ("-",)


def trim_span(doc: Doc, start: int, end: int, entity_type: str) -> tuple[int, int]:
    """Token bounds of the name inside an entity span.

    Cuts at a paragraph break or an unclosed bracket (the model runs names into
    the next line, or into "(CAIEP"), then drops leading determiners, honorifics
    and titles, and trailing possessives and punctuation.
    """
    for i in range(start, end):
        token = doc[i]
        if (token.is_space and token.text.count("\n") >= 2) or (
            token.text == "(" and not any(doc[j].text == ")" for j in range(i + 1, end))
        ):
            end = i
            break
    while start < end:
        token = doc[start]
        lower = token.lower_
        if (
            token.is_space
            or (token.is_punct and token.text not in "([")
            or lower in DETERMINERS
            or (end - start > 1 and is_leading_title(token.text, entity_type))
        ):
            start += 1
        else:
            break
    while end > start:
        token = doc[end - 1]
        if (
            token.is_space
            or (token.is_punct and token.text not in ")]")
            or token.tag_ == "POS"
            or token.text in POSSESSIVE_ENDINGS
        ):
            end -= 1
        else:
            break
    return start, end


def cut_fragment(
    doc: Doc, start: int, end: int, entity_type: str, rules: EntityRules
) -> tuple[int, int]:
    """Cut a span the model ran past the name.

    At the first word that never stands inside a name (a verb such as "Is" or
    "Opens", "as"), then drop words a name never ends with ("of", "and"). A
    person's name loses a leading verb the tagger saw ("Citing Beijing").
    """
    for i in range(start + 1, end):
        token = doc[i]
        if token.lower_ in rules.fragment_words or (token.pos_ == "AUX" and token.is_alpha):
            end = i
            break
    while end > start + 1 and doc[end - 1].lower_ in rules.name_trailing_words:
        end -= 1
    if (
        entity_type == "Person"
        and end - start >= 2
        and doc[start].tag_ in ("VBG", "VBZ", "VBD")
        and doc[start].lower_.endswith(("ing", "s", "ed"))
    ):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _words(data: dict[str, Any], name: str) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in data.get(name) or ())


def _rejection(span: Span, reason: str, label: str | None = None) -> Rejection:
    return Rejection(span.text, label or span.label_, reason, span.start_char, span.end_char)


class _HeadlineLines:
    """Which lines of a text are Title-Case headlines (computed once per line)."""

    def __init__(self, text: str, rules: EntityRules) -> None:
        self.text = text
        self.rules = rules
        self._cache: dict[int, bool] = {}

    def contains(self, offset: int) -> bool:
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
        words = _WORD.findall(line)
        name = self.text[start:end]
        return (
            0 < len(words) <= max(self.rules.heading_max_words, 1)
            and line.strip(" \t#*:-").strip() == name
        )


def is_headline(line: str, rules: EntityRules) -> bool:
    """Whether a line is written in headline Title Case.

    >>> rules = EntityRules.load()
    >>> is_headline("Overseas Groups Have Close Ties to the Ministry", rules)
    True
    >>> is_headline("The Ministry said on Monday that it would reply.", rules)
    False
    >>> is_headline("Delta University partnered with Kestrel Labs in France, Lumen Materials in Singapore.", rules)
    False
    """
    words = [w for w in _WORD.findall(line) if w.casefold() not in rules.headline_small_words]
    if len(words) < rules.headline_min_words:
        return False
    if line.rstrip(" \"'”’").endswith(".") and any(w[0].islower() for w in words):
        return False  # a sentence full of names, with a verb in lower case
    capitalized = sum(1 for w in words if w[0].isupper())
    return capitalized >= rules.headline_capitalized_share * len(words)


def key_set(candidates: Iterable[Candidate]) -> set[str]:
    return {c.key for c in candidates}
