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
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.names import (
    DETERMINERS,
    HONORIFICS,
    PERSON_TITLES,
    POSSESSIVE_ENDINGS,
    canonical_name,
    is_leading_title,
    name_key,
    strip_word,
)
from threadline.ingest.nlp import entity_rules, place_names

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
    person_roles: frozenset[str] = frozenset()
    fragment_words: frozenset[str] = frozenset()
    name_trailing_words: frozenset[str] = frozenset()
    heading_max_words: int = 0
    document_suffixes: frozenset[str] = frozenset()
    organization_descriptors: frozenset[str] = frozenset()
    organization_context: frozenset[str] = frozenset()
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
            person_roles=_words(data, "person_roles"),
            fragment_words=_words(data, "fragment_words"),
            name_trailing_words=_words(data, "name_trailing_words"),
            heading_max_words=int(data.get("heading_max_words", 0)),
            document_suffixes=_words(data, "document_suffixes"),
            organization_descriptors=_words(data, "organization_descriptors"),
            organization_context=_words(data, "organization_context"),
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
    ) -> None:
        self.ontology = ontology
        self.gazetteer = gazetteer or Gazetteer()
        self.rules = rules or EntityRules.load()

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
        for ent in doc.ents:
            entity_type = self.entity_type(ent.label_)
            if entity_type is None:
                continue
            candidate, reason = self._clean(doc, ent, entity_type)
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

    def _clean(self, doc: Doc, ent: Span, entity_type: str) -> tuple[Candidate | None, str]:
        start, end = trim_span(doc, ent.start, ent.end, entity_type)
        if not ent.ent_id_:
            start, end = cut_fragment(doc, start, end, entity_type, self.rules)
        if start >= end:
            return None, "nothing left after trimming"
        span = doc[start:end]
        text = span.text
        name = canonical_name(text, entity_type)
        key = name_key(name)
        if not key:
            return None, "nothing left after trimming"
        entry = (
            self.gazetteer.lookup(name) if not ent.ent_id_ else self.gazetteer.lookup(ent.ent_id_)
        )
        if entry is not None:
            candidate = self._candidate(span, entry.type, entry.name, fixed=True)
            candidate.surface = name
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
        candidate = self._candidate(span, entity_type, name)
        candidate.person_cue = person_cue
        candidate.organization_cue = self._organization_cue(doc, start, end)
        return candidate, ""

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
            and last in rules.document_suffixes
            and "Publication" in self.ontology.entity_types
        ):
            return "Publication"
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
        result, heads = [], []
        for candidate, head in zip(kept, in_headline, strict=True):
            if (
                not candidate.fixed
                and candidate.end - candidate.start == 1
                and candidate.type in _COMMON_WORD_TYPES
                and candidate.key in lowercase
                and candidate.key not in self.rules.places
                and candidate.key not in person_words
                and not candidate.name.isupper()
            ):
                span = doc[candidate.start : candidate.end]
                rejected.append(_rejection(span, "common word", label=candidate.type))
                continue
            result.append(candidate)
            heads.append(head)
        return result, heads

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
