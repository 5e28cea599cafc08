"""In-document aliases: names a document defines for an entity it has just named.

- an acronym in parentheses: "China Association for International Exchange of
  Personnel (CAIEP)";
- an alternate name in parentheses: "Hebei International Talent Exchange
  Association (International Technology Transfer Center)";
- a trigger phrase, in parentheses or after a comma: "X (also known as Y)",
  "X, formerly Y", "X, also known as Y".

The result maps the alias's name key onto the full entity's key, so every use
of the alias in the document resolves to the full entity; an alias the model did
not tag becomes a new mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from threadline.ingest.candidates import Candidate
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.evidence import first_names
from threadline.ingest.nlp import entity_rules
from threadline.ingest.spans import doc_text
from threadline.names import DETERMINERS, canonical_name, name_key

# Words before a name after which a parenthesis may describe something else.
_ATTACHING = frozenset({"of", "under", "with", "by", "from"})
# Words before a place's name after which an alias, even one a trigger introduces, names
# the phrase the place ends ("the Alerting Service for Norvik (aka X)").
_PLACE_ATTACHING = _ATTACHING | {"for", "in"}
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z][a-z]+\.?$")  # "(R-Texas)": a politician's party and state
# Types whose names a bracket may give in another language: "The Long Road (La Route Longue)".
_RETITLED = frozenset({"Publication", "Product", "Event", "Award"})
# Words of a list's item before its bracket ("Tom de la Hale (Kestrel)").
_LIST_ITEM_WORDS = 5
# An alias in parentheses is short: a longer parenthesis is a remark.
_MAX_ALIAS_TOKENS = 10


@dataclass(frozen=True, slots=True)
class AliasFinder:
    triggers: tuple[tuple[str, ...], ...]
    rules: EntityRules

    @classmethod
    def load(cls, rules: EntityRules | None = None) -> AliasFinder:
        triggers = tuple(
            sorted((tuple(t) for t in entity_rules()["alias_triggers"]), key=len, reverse=True)
        )
        return cls(triggers, rules or EntityRules.load())

    def find(self, doc: Doc, candidates: list[Candidate]) -> tuple[dict[str, str], list[Candidate]]:
        """(alias key -> full entity key, new candidates for untagged alias spans).

        ``candidates`` are sorted by position and do not overlap.
        """
        by_start = {c.start: c for c in candidates}
        by_end = {c.end: c for c in candidates}
        aliases: dict[str, str] = {}
        new: list[Candidate] = []
        for named in candidates:
            found = self._alias_span(doc, named.end)
            if found is None:
                continue
            full = named
            if named.type == "Location" and _attached(doc, named.start, _PLACE_ATTACHING):
                # "the Alerting Service for Norvik (aka X)": the other name of the body the
                # place ends, when one is named right before the preposition
                body = by_end.get(_before_the(doc, named.start))
                if body is None:
                    continue
                full = body
            start, end, triggered = found
            tagged = by_start.get(start)
            span = doc[start:end]
            if not _looks_like_name(span.text, self.rules):
                continue
            if not triggered and " " in span.text and _attached(doc, full.start):
                continue  # "an institute of the Ministry (Factory)": the remark may be about the institute
            if not triggered and (
                (full.type == "Person" and not _initials_of(span.text, full.name))
                or _bracketed_after_several(doc_text(doc), span.text)
            ):
                # "Tom Hale (Kestrel Rovers)": a person's team, party or firm in brackets;
                # "C Hale (Kestrel), J Holt (Kestrel)": each one's in a list.
                continue
            if (
                not triggered
                and _item_of_a_bracketed_list(doc, full.start, end)
                and not (span.text.isalpha() and span.text.isupper())
            ):
                continue  # "..., Tom Hale (Kestrel/ENG), Ann Roe (Norvik), ...": each one's club
            if (
                not triggered
                and (full.type not in _RETITLED or full.name.split()[0].lower() in first_names())
                and not _names_alike(span.text, full.name)
            ):
                continue  # "Ann Tolley (Harwick Players)", "Tolley (The Long Road)": her club, her play
            if tagged is not None and tagged.end == end:
                alias = tagged
            else:
                if any(c.start < end and start < c.end for c in candidates if c is not full):
                    continue
                name = canonical_name(span.text, full.type)
                alias = Candidate(
                    start, end, span.start_char, span.end_char, full.type, name, name_key(name)
                )
                alias.linked = True
                new.append(alias)
            if not alias.key or alias.key == full.key or alias.key in aliases:
                continue
            if " " not in full.key and full.name.isupper() and " " in alias.key:
                aliases[full.key] = alias.key  # "IOM (International Organization for Migration)"
            else:
                aliases[alias.key] = full.key
        return aliases, new

    def _alias_span(self, doc: Doc, after: int) -> tuple[int, int, bool] | None:
        """Token bounds of an alias introduced right after token ``after``, if any."""
        if after >= len(doc):
            return None
        opener = doc[after].text
        if opener == "(":
            close = next(
                (
                    i
                    for i in range(after + 1, min(len(doc), after + 2 + _MAX_ALIAS_TOKENS))
                    if doc[i].text == ")"
                ),
                None,
            )
            if close is None or close == after + 1:
                return None
            start = after + 1
            trigger = self._trigger_at(doc, start, close)
            start += trigger
            return (start, close, trigger > 0) if start < close else None
        if opener == "," or (opener in _DASHES and doc[after - 1].whitespace_):
            # "Kestrel, also known as ...", "Tom Hale - real name Jack Birch - ..."
            start = after + 1
            trigger = self._trigger_at(doc, start, len(doc))
            if not trigger or doc[start].lower_ == "or":
                return None
            start += trigger
            inside = "&'’." if opener in _DASHES else "-&'’."
            end = start
            while (
                end < len(doc)
                and end - start < _MAX_ALIAS_TOKENS
                and not (doc[end].is_punct and doc[end].text not in inside)
            ):
                end += 1
            return (start, end, True) if end > start else None
        return None

    def _trigger_at(self, doc: Doc, start: int, limit: int) -> int:
        for trigger in self.triggers:
            n = len(trigger)
            if start + n <= limit and all(
                doc[start + k].lower_ == w for k, w in enumerate(trigger)
            ):
                return n
        return 0


# Dashes that open an aside naming an alias ("Tom Hale - real name Jack Birch - said").
_DASHES = frozenset({"-", "–", "—"})
# Words an acronym skips when it is built from a name's initials.
_ACRONYM_SKIPPED = frozenset({"of", "for", "and", "the", "on", "in", "at", "to", "de", "du", "&"})
# Types an acronym's full name keeps from the model; anything else is an organization.
_ACRONYM_TYPES = frozenset({"Organization", "Location", "Facility", "Publication", "Event"})


def acronym_definitions(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates for full names defined by an acronym that the model missed.

    "The Northbridge Institute for Applied Materials (NIAM)": when the capitalized
    words right before an acronym in parentheses spell it (connecting words such as
    "for" and "of" aside) and the model did not tag those words as one name, they
    become a mention; the alias step then links the acronym to it. Candidates
    inside the new name (a part the model tagged alone) are replaced.
    Returns the full list of candidates, sorted by position.
    """
    result = sorted(candidates, key=lambda c: c.start)
    by_start = {c.start: c for c in result}
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(" or doc[i + 2].text != ")":
            continue
        acronym = doc[i + 1].text
        letters = [c for c in acronym if c.isalpha()]
        if not 2 <= len(letters) <= 10 or not all(c.isupper() for c in letters):
            continue
        start = _spelled_by(doc, i, [c.upper() for c in letters])
        if start is None:
            continue
        if any(c.start == start and c.end == i for c in result):
            continue  # the model has it
        inside = [c for c in result if c.start < i and start < c.end]
        if any(c.start < start or c.end > i or c.fixed for c in inside):
            continue  # overlaps a longer name: leave it
        tagged = by_start.get(i + 1)
        entity_type = tagged.type if tagged and tagged.type in _ACRONYM_TYPES else "Organization"
        span = doc[start:i]
        name = canonical_name(span.text, entity_type)
        full = Candidate(
            start, i, span.start_char, span.end_char, entity_type, name, name_key(name)
        )
        result = sorted([c for c in result if c not in inside] + [full], key=lambda c: c.start)
    return result


def _spelled_by(doc: Doc, paren: int, letters: list[str]) -> int | None:
    """The first token of the words before ``paren`` whose initials are ``letters``."""
    i, j, start = paren - 1, len(letters) - 1, None
    while i >= 0 and j >= 0:
        token = doc[i]
        if (token.lower_ in _ACRONYM_SKIPPED and token.is_lower) or token.text in "-&":
            i -= 1
            continue
        if not token.text[:1].isupper() or token.text[0] != letters[j]:
            return None
        j, start, i = j - 1, i, i - 1
    if j >= 0 or start is None or (start == paren - 1 and len(letters) > 1):
        return None
    return start


def _initials_of(alias: str, name: str) -> bool:
    """Whether ``alias`` spells the initials of ``name``'s capitalized words ("ADSL" for
    "Asymmetric Digital Subscriber Line", a name the model took for a person's).

    >>> _initials_of("ADSL", "Asymmetric Digital Subscriber Line"), _initials_of("KR", "Tom Hale")
    (True, False)
    """
    initials = "".join(word[0] for word in name.split() if word[:1].isupper())
    return len(alias) >= 2 and alias.isupper() and alias == initials


def _names_alike(alias: str, name: str) -> bool:
    """Whether a bracketed ``alias`` can be another name of ``name`` without a trigger: a
    one-word acronym, the initials of one spelling the other, a shared word, or the same
    letters ("Kestrel Air" and "KestrelAir").

    >>> [_names_alike(a, "Norvik Trade Union") for a in ["NTU", "Norvik Union", "Harwick Players"]]
    [True, True, False]
    >>> _names_alike("Norvik Trade Union", "NTU"), _names_alike("Kestrel Air", "KestrelAir")
    (True, True)
    """
    if " " not in alias:
        return True
    if _initials_of(name.upper(), alias) or _initials_of(alias.upper(), name):
        return True
    alias_words, name_words = set(alias.casefold().split()), set(name.casefold().split())
    squeeze = str.maketrans("", "", " -")
    return bool(alias_words & name_words) or (
        alias.casefold().translate(squeeze) == name.casefold().translate(squeeze)
    )


def _bracketed_after_several(text: str, alias: str) -> bool:
    """Whether "(alias)" follows two or more different words in ``text``: a team, a party
    or a place given for each name of a list, not a name one entity is also called."""
    before = {
        match.group(1) for match in re.finditer(r"(\S+)\s*\(" + re.escape(alias) + r"\)", text)
    }
    return len(before) >= 2


def _item_of_a_bracketed_list(doc: Doc, start: int, close: int) -> bool:
    """Whether the name at ``start`` with its bracket closing at ``close`` is an item of a
    list that gives each name a bracket: a bracket closes right before the comma that
    opens it, or the next item, after a comma, opens one within a few words."""
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].text == ")":
        return True
    after = close + 1
    if after >= len(doc) or doc[after].text != ",":
        return False
    return any(token.text == "(" for token in doc[after + 2 : after + 2 + _LIST_ITEM_WORDS])


def _before_the(doc: Doc, start: int) -> int:
    """The index of the word before the name at ``start``, determiners skipped (-1 if none)."""
    i = start - 1
    while i >= 0 and doc[i].lower_ in DETERMINERS:
        i -= 1
    return i


def _attached(doc: Doc, start: int, words: frozenset[str] = _ATTACHING) -> bool:
    """Whether the name at ``start`` is the object of "of"/"by"... (determiners skipped)."""
    i = _before_the(doc, start)
    return i >= 0 and doc[i].lower_ in words


def _looks_like_name(text: str, rules: EntityRules) -> bool:
    """An acronym ("CAIEP", "EU-GX") or a Title-Case name, not a remark or a year.

    >>> rules = EntityRules.load()
    >>> [_looks_like_name(t, rules) for t in ["CAIEP", "International Technology Transfer Center", "1988", "see below", "R-Texas", "of Facebook"]]
    [True, True, False, False, False, False]
    """
    words = text.split()
    if not words or not any(c.isalpha() for c in text):
        return False
    if len(words) == 1:
        return sum(c.isupper() for c in text) >= 2 and not _PARTY_STATE.match(text)
    return words[0][0].isupper() and all(
        w[0].isupper() or w.casefold() in rules.headline_small_words for w in words
    )
