"""Cross-document entity resolution: one canonical entity per real-world thing.

Each document's extraction names its entities locally; ``resolve`` groups those
document entities into canonical entities with a union-find over rules that
never cross an entity type:

1. exact names: the same normalized name (``name_key``), or a multi-word alias
   one document gives ("Julien Jin" as an alias of "Jin Xinjiang");
2. reordered person names: "Xinjiang Jin" / "Jin Xinjiang", "Zhang XX" / "XX Zhang";
3. gazetteer entries: a known entity's name and aliases are one entity;
4. acronyms and short aliases, when a document defines them (the entity step
   lists "CCP" as an alias of "Chinese Communist Party", or "Chinese Communist
   Party (CCP)" appears in the text) and no other entity claims the same
   acronym; an ambiguous acronym merges nothing and becomes a review candidate;
5. fuzzy names (rapidfuzz ``ratio`` at ``fuzzy_threshold``, blocked by the first
   and last letters of the name so that it stays fast) when every word matches
   a word of the other name up to a typo: persons who merely share a surname and
   organizations that merely share a head noun ("Ministry of Health of Hunan" /
   "... of Henan") stay apart.

Before the rules, the documents vote on each name's type: a name typed
differently in different documents takes the type with the most evidence over
the corpus (the entity step's ``type_votes``), unless a document has strong
evidence of its own for another type (a person and a country of the same
name). A one-word organization name that documents link to different full
names ("United" for two airlines), or a generic name ("Treasury", "Central
Bank"), is never merged across documents on the bare string: each document's
bare use stays its own entity and the pairs are listed as candidates.

The analyst's judgements (``threadline.graph.curation``) are applied last and
win. Canonical ids come from ``entity_id(type, canonical name)`` where the
canonical name is chosen deterministically (gazetteer name, else the name most
mentioned, then longest, then first in code-point order), so the same input
gives the same ids in any order, on any machine.

>>> from threadline.graph.model import Entity, Extraction, Mention
>>> from threadline.graph.ontology import Ontology
>>> from threadline.config import ResolveConfig
>>> def doc(doc_id, *entities):
...     return Extraction(doc_id, None, 100, entities=list(entities))
>>> a = doc("d1", Entity("e1", "Chinese Communist Party", "Organization", ["CCP"],
...                      [Mention(0, 23, "Chinese Communist Party")]))
>>> b = doc("d2", Entity("e1", "CCP", "Organization", [], [Mention(5, 8, "CCP")]),
...               Entity("e2", "Xinjiang Jin", "Person", [], [Mention(20, 32, "Xinjiang Jin")]))
>>> c = doc("d3", Entity("e9", "Jin Xinjiang", "Person", [], [Mention(0, 12, "Jin Xinjiang")] * 2))
>>> res = resolve([a, b, c], Ontology.load(), ResolveConfig())
>>> sorted((e.name, e.aliases, e.doc_ids) for e in res.entities.values())
[('Chinese Communist Party', ['CCP'], ['d1', 'd2']), ('Jin Xinjiang', ['Xinjiang Jin'], ['d2', 'd3'])]
>>> res.canonical_id("d2", "e1") == res.canonical_id("d1", "e1")
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from threadline.datafiles import entity_rules
from threadline.graph.curation import Judgement, JudgementIssue, Judgements
from threadline.graph.model import Entity, Extraction, entity_id
from threadline.lookup import find_named
from threadline.names import (
    REFERRING_WORDS,
    display_name,
    initials,
    is_acronym,
    name_key,
    resolution_key,
)
from threadline.votes import combine

if TYPE_CHECKING:
    from threadline.config import ResolveConfig
    from threadline.contracts import KnownEntities
    from threadline.graph.ontology import Ontology

# Bump when the rules change, so that a workspace built with older rules re-resolves.
RESOLVER_VERSION = "2"
PERSON = "Person"

# Words that carry no identity: ignored when comparing the words of two names.
_FILLER_WORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
        "at",
        "to",
        "a",
        "an",
        "de",
        "du",
        "la",
        "le",
        "del",
        "des",
        "von",
        "van",
        "&",
        "co",
        "inc",
        "ltd",
        "llc",
        "plc",
        "corp",
        "company",
        "corporation",
        "limited",
    ]
)
_PLACE_TYPES = frozenset({"Location"})
_PLACE_DESIGNATORS = frozenset(
    [
        "province",
        "city",
        "county",
        "district",
        "prefecture",
        "municipality",
        "region",
        "state",
        "town",
        "village",
    ]
)
# Fuzzy matching is only tried on names at least this long (short names are too
# close to each other to tell a typo from another name).
_MIN_FUZZY_LENGTH = 5
# Blocks larger than this are split further so a block never costs more than this squared.
_MAX_BLOCK = 2000
# Samples kept per candidate side.
_SAMPLES = 3
# The most the model's labels weigh in the corpus vote on a name's type.
_CORPUS_LABEL_CAP = 3.0
# Evidence a document needs to keep its own type against the corpus's vote.
_OWN_TYPE_EVIDENCE = 3.0
# Candidate pairs listed per bare ambiguous name.
_MAX_BARE_CANDIDATES = 10


# -- names --------------------------------------------------------------------------


@lru_cache(maxsize=1 << 18)
def _is_description(alias: str) -> bool:
    """'the association', 'the company': a description, not a name (no capitalized word)."""
    words = alias.split()
    if words and words[0].casefold() in REFERRING_WORDS:
        words = words[1:]
    return not any(w[:1].isupper() or w[:1].isdigit() for w in words)


def _shares_words(alias_key: str, name_key: str) -> bool:
    """Whether at least half the distinctive words of an alias occur in the name.

    >>> _shares_words("communist party of china", "chinese communist party")
    True
    >>> _shares_words("international technology transfer center", "hebei international talent association")
    False
    """
    alias_words = {w for w in alias_key.split() if w not in _FILLER_WORDS}
    name_words = {w for w in name_key.split() if w not in _FILLER_WORDS}
    return bool(alias_words) and 2 * len(alias_words & name_words) >= len(alias_words)


def _reordered_key(key: str) -> str | None:
    """The words of a person's name in sorted order, to match reordered names."""
    words = key.split()
    return "~" + " ".join(sorted(words)) if len(words) >= 2 else None


@lru_cache(maxsize=1 << 18)
def words_compatible(a: str, b: str, person: bool = False) -> bool:
    """Whether two name keys differ only by typos in long words (fuzzy-merge guard).

    Every distinctive word must match a word in the same place of the other name
    exactly, as a plural, or within one edit (two for words of ten letters or
    more); words shorter than six letters and numbers must match exactly. In a
    person's name (``person``), a spelling variant of one word of five letters
    or more (two edits from eight) is allowed when every other word agrees
    exactly and one of them has four letters or more ("Eliot"/"Elliot
    Spitzer"); in other names one letter often makes another entity
    ("Hunan"/"Henan").

    >>> words_compatible("peter navarro", "peter navaro")
    True
    >>> words_compatible("eliot spitzer", "elliot spitzer", person=True)
    True
    >>> words_compatible("eliot spitzer", "elliot spencer", person=True)
    False
    >>> words_compatible("ministry of health of hunan", "ministry of health of henan")
    False
    >>> words_compatible("zhang wei", "zhang wen")
    False
    >>> words_compatible("liuzhou foreign affairs office", "foreign affairs ministry")
    False
    """
    wa = [w for w in a.split() if w not in _FILLER_WORDS]
    wb = [w for w in b.split() if w not in _FILLER_WORDS]
    if not wa or len(wa) != len(wb):
        return False
    differing = sum(1 for x, y in zip(wa, wb, strict=True) if x != y)
    anchored = (
        person
        and differing == 1
        and any(x == y and len(x) >= 4 for x, y in zip(wa, wb, strict=True))
    )
    for x, y in zip(wa, wb, strict=True):
        if x == y:
            continue
        if len(x) > 3 and x.rstrip("s") == y.rstrip("s"):
            continue
        if any(c.isdigit() for c in x + y):
            return False
        shortest = min(len(x), len(y))
        allowed = 2 if shortest >= 10 else 1 if shortest >= 6 else 0
        if anchored:
            allowed = 2 if shortest >= 8 else 1 if shortest >= 5 else 0
        if Levenshtein.distance(x, y, score_cutoff=allowed + 1) > allowed:
            return False
    return True


def _votes(entity: Entity) -> dict[str, float]:
    """An entity's type evidence; a record without any counts one vote for its type."""
    return entity.type_votes or {entity.type: 1.0}


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """Names that many different organizations go by alone ("treasury", "central bank")."""
    return frozenset(name_key(n) for n in entity_rules().get("generic_names") or ())


# -- results ------------------------------------------------------------------------


@dataclass(slots=True)
class CanonicalEntity:
    """One real-world entity across documents: the node of the graph."""

    id: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    doc_ids: list[str]
    members: list[tuple[str, str]]
    # Why the type: the documents' evidence summed by type, and the cues most
    # often deciding it (ingest/evidence.py).
    type_votes: dict[str, float] = field(default_factory=dict)
    type_cues: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mention_count": self.mention_count,
            "doc_ids": list(self.doc_ids),
            "members": [list(m) for m in self.members],
            "type_votes": dict(self.type_votes),
            "type_cues": list(self.type_cues),
        }


@dataclass(slots=True, frozen=True)
class Candidate:
    """Two entities that may be one, left for an analyst to judge."""

    a: str
    b: str
    score: float
    reason: str


@dataclass(slots=True, frozen=True)
class Merge:
    """Why two document entities were put together (for reports and debugging)."""

    rule: str
    a: str
    b: str


@dataclass
class Resolution:
    """The canonical entities, how each document entity maps onto them, and what is left to review."""

    entities: dict[str, CanonicalEntity]
    candidates: list[Candidate] = field(default_factory=list)
    issues: list[JudgementIssue] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    _mapping: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)
    _mentions: dict[tuple[str, str], Entity] = field(default_factory=dict, repr=False)

    def canonical_id(self, doc_id: str, local_id: str) -> str | None:
        """The canonical id of a document entity; None when a judgement rejected it (or unknown)."""
        return self._mapping.get((doc_id, local_id))

    def find(self, name: str, entity_type: str | None = None) -> list[CanonicalEntity]:
        """Entities a user-typed name refers to: by id, then canonical name, then alias."""
        return find_named(list(self.entities.values()), name, entity_type)

    def samples(self, canonical_id: str, limit: int = _SAMPLES) -> list[dict[str, Any]]:
        """A few mentions of an entity, from different documents first: what the candidates show."""
        entity = self.entities.get(canonical_id)
        if entity is None:
            return []
        first: list[dict[str, Any]] = []
        rest: list[dict[str, Any]] = []
        seen_docs: set[str] = set()
        for doc_id, local_id in entity.members:
            local = self._mentions.get((doc_id, local_id))
            for mention in local.mentions if local else ():
                row = {"doc_id": doc_id, "start": mention.start, "end": mention.end}
                row["text"] = mention.text
                (rest if doc_id in seen_docs else first).append(row)
                seen_docs.add(doc_id)
        return (first + rest)[:limit]


# -- union-find ---------------------------------------------------------------------


class _UnionFind:
    """Union-find whose roots are the smallest index: the result never depends on order."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


@dataclass(slots=True)
class _Record:
    """One document entity."""

    doc_id: str
    entity: Entity
    key: str


@dataclass(slots=True, eq=False)
class _Group:
    """A canonical entity in the making: its document entities plus any judgement overrides."""

    members: list[int]
    type: str
    gazetteer_name: str | None = None
    name_override: str | None = None
    dropped_keys: set[str] = field(default_factory=set)
    rejected: bool = False
    # A bare ambiguous name ("Treasury") kept apart: the document it stands in.
    bare_doc: str | None = None


# -- the resolver -------------------------------------------------------------------


class _Resolver:
    def __init__(
        self,
        extractions: Sequence[Extraction],
        ontology: Ontology,
        config: ResolveConfig,
        gazetteer: KnownEntities | None,
    ) -> None:
        self.ontology = ontology
        self.config = config
        self.records: list[_Record] = []
        seen: set[tuple[str, str]] = set()
        for extraction in sorted(extractions, key=lambda e: e.doc_id):
            for entity in sorted(extraction.entities, key=lambda e: e.id):
                if (extraction.doc_id, entity.id) in seen or not entity.name.strip():
                    continue
                seen.add((extraction.doc_id, entity.id))
                self.records.append(_Record(extraction.doc_id, entity, resolution_key(entity.name)))
        self._vote_types()
        self.gazetteer_entries = _gazetteer_entries(gazetteer)
        self.uf = _UnionFind(len(self.records) + len(self.gazetteer_entries))
        self.bare = self._bare_ambiguous()
        self.merges: list[Merge] = []
        self.candidates: list[tuple[int, int, float, str]] = []
        # (type, key) -> the first record carrying that name or multi-word alias.
        self.names: dict[tuple[str, str], int] = {}
        self.bare_first: dict[str, int] = {}
        self.bare_counts: Counter[str] = Counter()

    def _vote_types(self) -> None:
        """One type per name over the corpus: the documents' evidence summed.

        A document keeps its own type only with strong evidence of its own
        (cues worth ``_OWN_TYPE_EVIDENCE`` and none for the corpus's type).
        """
        by_key: dict[str, list[int]] = defaultdict(list)
        for i, record in enumerate(self.records):
            if record.entity.type_votes:  # records without evidence keep their type
                by_key[record.key].append(i)
        for indices in by_key.values():
            if len({self.records[i].entity.type for i in indices}) < 2:
                continue
            cues: Counter[str] = Counter()
            labels: Counter[str] = Counter()
            for i in indices:
                entity = self.records[i].entity
                own_labels = entity.type_labels
                labels.update(own_labels)
                cues.update({t: v - own_labels.get(t, 0.0) for t, v in _votes(entity).items()})
            # The model's labels repeat its mistakes in every document: capped, as in one.
            total = combine(labels, cues, cap=_CORPUS_LABEL_CAP)
            winner = min(total, key=lambda t: (-total[t], t))
            for i in indices:
                entity = self.records[i].entity
                if entity.type == winner:
                    continue
                own = _votes(entity)
                if own.get(entity.type, 0.0) >= _OWN_TYPE_EVIDENCE and own.get(winner, 0.0) < 1:
                    continue
                self.records[i].entity = replace(entity, type=winner)

    def _bare_ambiguous(self) -> set[str]:
        """One-word organization names the documents link to different full names, and generic names.

        The entity step lists "United" as an alias of "Manchester United" in one
        document and of "United Airlines" in another: a document that says only
        "United" cannot be merged with either, nor with another such document.
        """
        one_word = {
            r.key for r in self.records if r.entity.type == "Organization" and " " not in r.key
        }
        targets: dict[str, set[str]] = defaultdict(set)
        for record in self.records:
            if record.entity.type != "Organization" or " " not in record.key:
                continue
            for alias in record.entity.aliases:
                key = resolution_key(alias)
                if not key or " " in key or is_acronym(alias):
                    continue
                rest = [w for w in record.key.split() if w != key and w not in _FILLER_WORDS]
                if rest and all(w in one_word for w in rest):
                    continue  # "Gazprom-Rosneft": two organizations, not a third
                targets[key].add(record.key)
        ambiguous = {k for k, full in targets.items() if len(full) >= 2}
        return ambiguous | _generic_names()

    def union(self, a: int, b: int, rule: str) -> None:
        if self.uf.union(a, b):
            self.merges.append(Merge(rule, self._label(a), self._label(b)))

    def _label(self, i: int) -> str:
        if i >= len(self.records):
            return f"gazetteer:{self.gazetteer_entries[i - len(self.records)][1]}"
        r = self.records[i]
        return f"{r.entity.name} ({r.entity.type}, {r.doc_id})"

    # 1-2: exact names, multi-word aliases, reordered person names
    def link_names(self) -> None:
        loose: list[tuple[int, str]] = []
        for i, record in enumerate(self.records):
            entity = record.entity
            keys = [("name", record.key)]
            for alias in entity.aliases:
                key = resolution_key(alias)
                if len(key.split()) < 2 or _is_description(alias):
                    continue
                if _shares_words(key, record.key):
                    keys.append(("alias", key))
                else:
                    loose.append((i, key))
            if entity.type == PERSON:
                keys += [("reordered", k) for _, key in list(keys) if (k := _reordered_key(key))]
            for rule, key in keys:
                if not key:
                    continue
                if rule == "name" and key in self.bare and entity.type == "Organization":
                    self._bare_candidate(i, key)
                    continue
                first = self.names.setdefault((entity.type, key), i)
                if first != i:
                    self.union(first, i, rule)
        # An alias sharing few words with its name may be the entity step's slip
        # ("International Technology Transfer Center" for a talent association):
        # it suggests, never merges.
        for i, key in loose:
            other = self.names.get((self.records[i].entity.type, key))
            if other is not None and self.uf.find(other) != self.uf.find(i):
                reason = (
                    f"'{self.records[other].entity.name}' is an alias of the other in one document"
                )
                self.candidates.append((i, other, 0.0, reason))

    def _bare_candidate(self, i: int, key: str) -> None:
        """A bare ambiguous name: its own entity, listed beside the first one seen."""
        first = self.bare_first.setdefault(key, i)
        if first != i and self.bare_counts[key] < _MAX_BARE_CANDIDATES:
            self.bare_counts[key] += 1
            reason = f"'{self.records[i].entity.name}' alone may name different entities"
            self.candidates.append((first, i, 0.0, reason))

    # 3: gazetteer entries
    def link_gazetteer(self) -> None:
        base = len(self.records)
        for j, (entity_type, name, aliases) in enumerate(self.gazetteer_entries):
            for surface in (name, *aliases):
                key = resolution_key(surface)
                first = self.names.get((entity_type, key))
                if first is not None:
                    self.union(base + j, first, "gazetteer")

    # 4: acronyms and one-word aliases defined by a document
    def link_defined_aliases(self) -> None:
        claims: dict[tuple[str, str], set[int]] = defaultdict(set)
        for i, record in enumerate(self.records):
            entity = record.entity
            for alias in entity.aliases:
                key = resolution_key(alias)
                if not key or key == record.key or _is_description(alias):
                    continue
                if is_acronym(alias) or (len(key.split()) == 1 and entity.type != PERSON):
                    claims[(entity.type, key)].add(i)
        for i, acronym in self._acronyms_defined_in_text():
            claims[(self.records[i].entity.type, acronym)].add(i)

        decided: list[tuple[int, int]] = []
        defined: set[tuple[str, str]] = set()
        for type_key in sorted(claims):
            claimers = sorted({self.uf.find(i) for i in claims[type_key]})
            named = self.names.get(type_key)
            if type_key[1] in self.bare:
                named = None
            defined.add(type_key)
            if len(claimers) == 1:
                if named is not None:
                    decided.append((claimers[0], named))
                continue
            label = type_key[1].upper()
            reason = f"'{label}' is an alias of {len(claimers)} entities"
            for k, a in enumerate(claimers):
                if named is not None and self.uf.find(named) != a:
                    self.candidates.append((named, a, 0.0, reason))
                for b in claimers[k + 1 :]:
                    self.candidates.append((a, b, 0.0, reason))
        for a, b in decided:
            self.union(a, b, "defined alias")
        self._undefined_acronym_candidates(defined)

    def _acronyms_defined_in_text(self) -> Iterable[tuple[int, str]]:
        """'Chinese Communist Party (CCP)': an acronym right after a name it abbreviates."""
        by_doc: dict[str, list[int]] = defaultdict(list)
        for i, record in enumerate(self.records):
            by_doc[record.doc_id].append(i)
        for indices in by_doc.values():
            acronyms = [i for i in indices if is_acronym(self.records[i].entity.name)]
            if not acronyms:
                continue
            for i in indices:
                entity = self.records[i].entity
                if is_acronym(entity.name):
                    continue
                letters = initials(entity.name)
                ends = {m.end for m in entity.mentions}
                for a in acronyms:
                    other = self.records[a]
                    if other.entity.type != entity.type or other.key not in letters:
                        continue
                    if any(
                        any(m.start - d in ends for d in (1, 2, 3)) for m in other.entity.mentions
                    ):
                        yield i, other.key

    def _undefined_acronym_candidates(self, defined: set[tuple[str, str]]) -> None:
        by_initials: dict[tuple[str, str], set[int]] = defaultdict(set)
        acronym_names: dict[tuple[str, str], int] = {}
        for i, record in enumerate(self.records):
            if is_acronym(record.entity.name):
                acronym_names.setdefault((record.entity.type, record.key), i)
        wanted = set(acronym_names) - defined
        if not wanted:
            return
        for i, record in enumerate(self.records):
            entity = record.entity
            if not is_acronym(entity.name):
                for letters in initials(entity.name):
                    if (entity.type, letters) in wanted:
                        by_initials[(entity.type, letters)].add(i)
        for type_key in sorted(acronym_names):
            if type_key in defined or type_key not in by_initials:
                continue
            acronym = acronym_names[type_key]
            roots = sorted({self.uf.find(i) for i in by_initials[type_key]})
            reason = f"'{type_key[1].upper()}' matches the initials (no document defines it)"
            for root in roots[:10]:
                self.candidates.append((acronym, root, 0.0, reason))

    def designator_candidates(self) -> None:
        """'Hebei' / 'Hebei Province': often one place, but not always ('New York City')."""
        bare: dict[tuple[str, str], int] = {}
        designated: list[tuple[int, str, str]] = []
        for i, record in enumerate(self.records):
            if record.entity.type not in _PLACE_TYPES:
                continue
            words = record.key.split()
            if len(words) >= 2 and words[-1] in _PLACE_DESIGNATORS:
                designated.append((i, " ".join(words[:-1]), words[-1]))
            else:
                bare.setdefault((record.entity.type, record.key), i)
        for i, stem, designator in designated:
            other = bare.get((self.records[i].entity.type, stem))
            if other is not None:
                reason = f"same name with and without '{designator.capitalize()}'"
                self.candidates.append((other, i, 0.0, reason))

    # 5: fuzzy names
    def link_fuzzy(self) -> None:
        threshold = float(self.config.fuzzy_threshold)
        floor = max(0.0, threshold - float(self.config.candidate_margin))
        entries: dict[tuple[str, str], int] = {}
        for i, record in enumerate(self.records):
            key = record.key
            if len(key) >= _MIN_FUZZY_LENGTH and not is_acronym(record.entity.name):
                entries.setdefault((record.entity.type, key), i)
        doc_count: Counter[int] = Counter()
        seen_docs: set[tuple[int, str]] = set()
        for i, record in enumerate(self.records):
            pair = (self.uf.find(i), record.doc_id)
            if pair not in seen_docs:
                seen_docs.add(pair)
                doc_count[pair[0]] += 1

        blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for entity_type, key in sorted(entries):
            blocks[(entity_type, "<", key[:3])].append(key)
            blocks[(entity_type, ">", key[-3:])].append(key)
        seen: set[tuple[str, str]] = set()
        decided: list[tuple[int, int]] = []
        for (entity_type, _, _), keys in sorted(blocks.items()):
            for a, b, score in _similar_pairs(keys, floor):
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                ia, ib = entries[(entity_type, a)], entries[(entity_type, b)]
                ra, rb = self.uf.find(ia), self.uf.find(ib)
                if ra == rb:
                    continue
                compatible = words_compatible(a, b, person=entity_type == PERSON)
                established = doc_count[ra] >= 2 and doc_count[rb] >= 2
                if self.config.fuzzy and score >= threshold and compatible and not established:
                    decided.append((ia, ib))
                elif score >= floor and (compatible or score >= threshold):
                    why = "" if compatible else ", names differ in a distinctive word"
                    if compatible and established and score >= threshold:
                        why = ", both in several documents"
                    self.candidates.append((ia, ib, round(score, 1), f"similar names{why}"))
        for i, j in decided:
            self.union(i, j, "fuzzy")

    # assembly
    def groups(self) -> list[_Group]:
        members: dict[int, list[int]] = defaultdict(list)
        gazetteer_names: dict[int, str] = {}
        base = len(self.records)
        for i in range(len(self.records)):
            members[self.uf.find(i)].append(i)
        for j, (_, name, _) in enumerate(self.gazetteer_entries):
            root = self.uf.find(base + j)
            if root in members:
                gazetteer_names.setdefault(root, name)
        groups = []
        for root in sorted(members):
            records = [self.records[i] for i in members[root]]
            bare = all(r.key in self.bare and r.entity.type == "Organization" for r in records)
            groups.append(
                _Group(
                    members=members[root],
                    type=records[0].entity.type,
                    gazetteer_name=gazetteer_names.get(root),
                    bare_doc=min(r.doc_id for r in records) if bare else None,
                )
            )
        return groups

    def canonical_name(self, group: _Group) -> str:
        if group.name_override:
            return group.name_override
        if group.gazetteer_name:
            return group.gazetteer_name
        counts: Counter[str] = Counter()
        for i in group.members:
            entity = self.records[i].entity
            if resolution_key(entity.name) not in group.dropped_keys:
                counts[display_name(entity.name)] += max(1, len(entity.mentions))
        if not counts:
            counts.update(display_name(self.records[i].entity.name) for i in group.members)
        return min(counts, key=lambda n: (is_acronym(n), -counts[n], -len(n), n))

    def surface_names(self, group: _Group) -> list[str]:
        """Names and aliases of a group's document entities, one per key, descriptions left out."""
        by_key: dict[str, str] = {}
        for i in group.members:
            entity = self.records[i].entity
            for surface in (entity.name, *entity.aliases):
                surface = display_name(surface)
                key = resolution_key(surface)
                if not key or key in group.dropped_keys or _is_description(surface):
                    continue
                if key not in by_key or surface < by_key[key]:
                    by_key[key] = surface
        if group.gazetteer_name:
            by_key.setdefault(resolution_key(group.gazetteer_name), group.gazetteer_name)
        return [by_key[k] for k in sorted(by_key)]


def _gazetteer_entries(gazetteer: KnownEntities | None) -> list[tuple[str, str, tuple[str, ...]]]:
    if gazetteer is None:
        return []
    entries: Any = getattr(gazetteer, "entries", gazetteer)
    if isinstance(entries, dict):
        entries = entries.values()
    result = [
        (str(e.type), str(e.name), tuple(str(a) for a in (getattr(e, "aliases", None) or ())))
        for e in entries
    ]
    return sorted(set(result))


def _similar_pairs(keys: list[str], floor: float) -> Iterable[tuple[str, str, float]]:
    """Pairs of keys (a < b) of one block scoring at least ``floor``."""
    if len(keys) < 2:
        return
    if len(keys) > _MAX_BLOCK:
        # Split a large block on more letters; a pair across sub-blocks is a missed match,
        # an acceptable price for staying linear at scale.
        sub: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            sub[key[:5]].append(key)
        if len(sub) > 1:
            for part in sub.values():
                yield from _similar_pairs(part, floor)
            return
        keys = keys[:_MAX_BLOCK]
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=floor, workers=1)
    rows, cols = np.nonzero(np.triu(scores, k=1))
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        a, b = keys[r], keys[c]
        yield (a, b, float(scores[r, c])) if a < b else (b, a, float(scores[r, c]))


# -- judgements ---------------------------------------------------------------------


class _GroupIndex:
    """Finds groups by a user-typed name while judgements reshape them."""

    def __init__(self, resolver: _Resolver, groups: list[_Group]) -> None:
        self.resolver = resolver
        self.groups = groups
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.keys: dict[int, set[str]] = {}
        self.by_id: dict[int, _Group] = {}
        for group in groups:
            self.add(group)

    def add(self, group: _Group) -> None:
        self.by_id[id(group)] = group
        name = self.resolver.canonical_name(group)
        keys = {resolution_key(n) for n in self.resolver.surface_names(group)}
        keys |= {resolution_key(name), entity_id(group.type, name)}
        self.keys[id(group)] = keys
        for key in keys:
            self.by_key[key].add(id(group))

    def remove(self, group: _Group) -> None:
        for key in self.keys.pop(id(group), ()):
            self.by_key[key].discard(id(group))
        self.by_id.pop(id(group), None)

    def refresh(self, group: _Group) -> None:
        self.remove(group)
        self.add(group)

    def lookup(self, name: str, entity_type: str | None) -> tuple[_Group | None, str | None]:
        found: list[_GroupView] = []
        for key in (name, resolution_key(name)):
            for gid in self.by_key.get(key, ()):
                g = self.by_id[gid]
                if not g.rejected and all(v.group is not g for v in found):
                    cname = self.resolver.canonical_name(g)
                    aliases = self.resolver.surface_names(g)
                    found.append(_GroupView(entity_id(g.type, cname), cname, g.type, aliases, g))
        found = find_named(found, name, entity_type)
        if not found:
            suffix = f" of type {entity_type}" if entity_type else ""
            return None, f"no entity named {name!r}{suffix}"
        if len(found) > 1:
            listed = "; ".join(f"{v.name} ({v.type})" for v in found[:5])
            return None, f"{name!r} is ambiguous: {listed}"
        return found[0].group, None


@dataclass(slots=True)
class _GroupView:
    id: str
    name: str
    type: str
    aliases: list[str]
    group: _Group


def _apply(
    resolver: _Resolver, groups: list[_Group], judgements: Judgements | None
) -> tuple[list[JudgementIssue], list[tuple[_Group, _Group]]]:
    """Apply judgements in order; returns the issues and the pairs of groups a split set apart."""
    issues: list[JudgementIssue] = []
    apart: list[tuple[_Group, _Group]] = []
    if not judgements or not len(judgements):
        return issues, apart
    index = _GroupIndex(resolver, groups)
    for number, judgement in enumerate(judgements):
        group, problem = index.lookup(judgement.name, judgement.type)
        if group is None:
            issues.append(JudgementIssue(number, judgement, problem or "not found"))
            continue
        problem = _apply_one(resolver, index, group, judgement, apart)
        if problem:
            issues.append(JudgementIssue(number, judgement, problem))
    return issues, apart


def _apply_one(
    resolver: _Resolver,
    index: _GroupIndex,
    group: _Group,
    judgement: Judgement,
    apart: list[tuple[_Group, _Group]],
) -> str | None:
    action, argument = judgement.action, judgement.argument or ""
    name = resolver.canonical_name(group)
    if action == "reject":
        group.rejected = True
    elif action == "rename":
        group.name_override = " ".join(argument.split())
    elif action == "retype":
        if argument not in resolver.ontology.entity_types:
            known = ", ".join(sorted(resolver.ontology.entity_types))
            return f"unknown entity type {argument!r} (one of {known})"
        group.type = argument
    elif action == "merge":
        other, problem = index.lookup(argument, None)
        if other is None:
            return problem
        if other is group:
            return f"{argument!r} is already part of {name!r}"
        group.name_override = name
        group.members = sorted(group.members + other.members)
        group.dropped_keys -= {resolution_key(n) for n in resolver.surface_names(other)}
        index.remove(other)
        index.groups[:] = [g for g in index.groups if g is not other]
    elif action == "split":
        key = resolution_key(argument)
        if key == resolution_key(name):
            return f"{argument!r} is the entity's own name; rename it first"
        moving = [i for i in group.members if resolver.records[i].key == key]
        if not moving:
            return f"no document names an entity {argument!r} inside {name!r}"
        if len(moving) == len(group.members):
            return f"every document entity of {name!r} is {argument!r}"
        moved = set(moving)
        group.members = [i for i in group.members if i not in moved]
        group.dropped_keys.add(key)
        # The part taken out gets the type its documents gave it: a split undoes
        # a merge across types (a city merged into an organization) with its relations.
        documented = Counter(resolver.records[i].entity.type for i in moving)
        new = _Group(members=moving, type=max(sorted(documented), key=documented.__getitem__))
        index.groups.append(new)
        index.add(new)
        apart.append((group, new))
    index.refresh(group)
    return None


# -- entry point --------------------------------------------------------------------


def resolve(
    extractions: Sequence[Extraction],
    ontology: Ontology,
    config: ResolveConfig,
    gazetteer: KnownEntities | None = None,
    judgements: Judgements | None = None,
) -> Resolution:
    """Group the entities of all documents into canonical entities, then apply the judgements.

    The result depends only on the extractions, the gazetteer, the configuration
    and the judgements, never on the order in which extractions are given.
    """
    resolver = _Resolver(extractions, ontology, config, gazetteer)
    resolver.link_names()
    resolver.link_gazetteer()
    resolver.link_defined_aliases()
    resolver.link_fuzzy()
    resolver.designator_candidates()
    groups = resolver.groups()
    issues, apart = _apply(resolver, groups, judgements)

    # Final entities; two groups ending with the same id (a rename onto an existing
    # name) are one entity.
    by_id: dict[str, list[_Group]] = defaultdict(list)
    group_id: dict[int, str | None] = {}
    for group in groups:
        if group.rejected:
            for i in group.members:
                group_id[i] = None
            continue
        group.name_override = resolver.canonical_name(group)
        cid = entity_id(group.type, group.name_override)
        if group.bare_doc is not None:
            # Same bare name, another document: another entity (see _bare_ambiguous).
            cid = entity_id(group.type, f"{group.name_override}\x1f{group.bare_doc}")
        by_id[cid].append(group)
        for i in group.members:
            group_id[i] = cid

    entities: dict[str, CanonicalEntity] = {}
    for cid in sorted(by_id):
        parts = by_id[cid]
        main = parts[0]
        if len(parts) > 1:
            main = _Group(
                members=sorted(i for g in parts for i in g.members),
                type=main.type,
                gazetteer_name=main.gazetteer_name,
                name_override=resolver.canonical_name(main),
                dropped_keys=set().union(*(g.dropped_keys for g in parts)),
            )
        name = resolver.canonical_name(main)
        records = [resolver.records[i] for i in sorted(main.members)]
        name_k = resolution_key(name)
        entities[cid] = CanonicalEntity(
            id=cid,
            name=name,
            type=main.type,
            aliases=[a for a in resolver.surface_names(main) if resolution_key(a) != name_k],
            mention_count=sum(len(r.entity.mentions) for r in records),
            doc_ids=sorted({r.doc_id for r in records}),
            members=sorted((r.doc_id, r.entity.id) for r in records),
            type_votes=_summed_type_votes(records),
            type_cues=_common_cues(records, main.type),
        )

    mapping = {(r.doc_id, r.entity.id): group_id.get(i) for i, r in enumerate(resolver.records)}
    apart_ids = {
        frozenset((group_id[a.members[0]], group_id[b.members[0]]))
        for a, b in apart
        if a.members and b.members and not a.rejected and not b.rejected
    }
    return Resolution(
        entities=entities,
        candidates=_final_candidates(resolver, group_id, apart_ids),
        issues=issues,
        merges=resolver.merges,
        _mapping=mapping,
        _mentions={(r.doc_id, r.entity.id): r.entity for r in resolver.records},
    )


def _summed_type_votes(records: Sequence[_Record]) -> dict[str, float]:
    total: Counter[str] = Counter()
    for record in records:
        total.update(record.entity.type_votes)
    return {t: round(v, 2) for t, v in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))}


def _common_cues(records: Sequence[_Record], entity_type: str, limit: int = 5) -> list[str]:
    """The cues most documents gave for the entity's type."""
    counts: Counter[str] = Counter()
    for record in records:
        if record.entity.type == entity_type:
            counts.update(set(record.entity.type_cues))
    return [cue for cue, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _final_candidates(
    resolver: _Resolver, group_id: dict[int, str | None], apart: set[frozenset[Any]]
) -> list[Candidate]:
    base = len(resolver.records)
    best: dict[tuple[str, str], Candidate] = {}
    for ia, ib, score, reason in resolver.candidates:
        if ia >= base or ib >= base:
            continue
        a, b = group_id.get(ia), group_id.get(ib)
        if a is None or b is None or a == b or frozenset((a, b)) in apart:
            continue
        a, b = min(a, b), max(a, b)
        known = best.get((a, b))
        if known is None or (score, reason) > (known.score, known.reason):
            best[(a, b)] = Candidate(a, b, score, reason)
    return sorted(best.values(), key=lambda c: (-c.score, c.reason, c.a, c.b))
