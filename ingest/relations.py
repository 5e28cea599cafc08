"""Typed relations read off the dependency parse by patterns that are data.

The patterns are spaCy DependencyMatcher patterns with their arguments,
relation types and examples, written in YAML pattern files (the bundled
``ingest/patterns/*.yaml`` plus the user's files named in ``[nlp]
pattern_files``); ``threadline.ingest.pattern_files`` reads and validates them
and describes the format. This module runs them.

An argument token is mapped to an entity through ``DocEntities.entity_at`` (which
covers coreference); a common noun stands for the entity it is in apposition
with, the subject of its copula ("X is a unit of Y"), or the entities it lists
("several bodies, including A, B and C"). Coordinated arguments ("with A, B and
C") give one relation each. A negated or denied statement gives nothing; a
hedged or reported one keeps a lower confidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from threadline.config import Config
from threadline.errors import ConfigError
from threadline.graph.model import Entity, Evidence, Relation
from threadline.graph.ontology import Ontology
from threadline.ingest.membership import membership_type
from threadline.ingest.modality import relation_status
from threadline.ingest.pattern_files import (
    Argument,
    Pattern,
    bundled_pattern_files,
    parse_pattern_file,
    read_pattern_file,
)
from threadline.ingest.place_check import cannot_contain, is_country, known_to_contain
from threadline.ingest.relation_model import RelationModel, load_configured
from threadline.ingest.relation_pairs import classify
from threadline.ingest.spans import DocEntities, sentence_of, sentences, without_edge_space

ENGINE_VERSION = "2"
# A hedged statement ("allegedly", "according to", reported speech) keeps this
# share of the pattern's confidence.
HEDGE_FACTOR = 0.6
_REPORTING_VERBS = frozenset(
    {"say", "claim", "allege", "report", "tell", "state", "assert", "suggest", "believe"}
)
# Cues found with one Matcher pass per document; each marks its whole sentence.
_HEDGE_CUES: list[list[dict[str, Any]]] = [
    [{"LOWER": {"IN": ["allegedly", "reportedly", "purportedly", "supposedly", "alleged",
                        "rumored", "rumoured", "suspected", "apparently"]}}],
    [{"LEMMA": {"IN": ["allege", "accuse"]}}],
    [{"LOWER": "according"}, {"LOWER": "to"}],
    [{"LEMMA": {"IN": ["say", "believe", "think", "rumor", "report"]}}, {"LOWER": "to"}, {"LEMMA": "be"}],
]  # fmt: skip
_DENIAL_CUES: list[list[dict[str, Any]]] = [
    [{"LEMMA": {"IN": ["deny", "refute", "disavow"]}}],
    [{"LOWER": {"IN": ["falsely", "denial", "denials"]}}],
]
_ROLE_MODIFIERS_DROPPED = frozenset(
    {"former", "current", "then", "new", "late", "longtime", "incumbent", "previous", "the", "a", "an"}
)  # fmt: skip
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_COPULAS = frozenset({"be", "become", "remain", "serve"})
# "a member of X" says MEMBER_OF and nothing more: no role property.
_PLAIN_MEMBERSHIP = frozenset({"member", "members"})


# Patterns that need the same words, in one matcher (None: needing none).
_Group = tuple[frozenset[str] | None, DependencyMatcher]


class RelationEngine:
    """Finds typed relations in parsed documents with the bundled and user patterns.

    Built once per configuration; the matchers are compiled once per vocabulary
    and run once per document.
    """

    def __init__(
        self,
        patterns: list[Pattern],
        ontology: Ontology,
        fingerprint: str,
        model: RelationModel | None = None,
    ) -> None:
        self.patterns = {p.id: p for p in patterns}
        self.ontology = ontology
        self.model = model
        self.fingerprint = fingerprint
        self._compiled: tuple[Vocab, list[_Group], Matcher] | None = None

    @classmethod
    def from_config(cls, config: Config, ontology: Ontology) -> RelationEngine:
        """The engine for the bundled pattern files plus ``config.nlp.pattern_files``."""
        sources = bundled_pattern_files() + [
            (str(p), read_pattern_file(Path(p))) for p in config.nlp.pattern_files
        ]
        patterns: list[Pattern] = []
        seen: dict[str, str] = {}
        for name, text in sources:
            for pattern in parse_pattern_file(text, name, ontology):
                if pattern.id in seen:
                    raise ConfigError(
                        f"{name}: pattern {pattern.id!r} is already defined in {seen[pattern.id]}"
                    )
                seen[pattern.id] = name
                patterns.append(pattern)
        digest = hashlib.sha256(ENGINE_VERSION.encode())
        for name, text in sources:
            digest.update(Path(name).name.encode() + b"\0" + text.encode() + b"\0")
        digest.update(ontology.fingerprint.encode())
        model = load_configured(config.nlp.relation_model)
        digest.update(b"model\0" + (model.fingerprint if model else "none").encode())
        return cls(patterns, ontology, digest.hexdigest()[:16], model)

    # -- matching --------------------------------------------------------------

    def _matchers(
        self, vocab: Vocab
    ) -> tuple[list[tuple[frozenset[str] | None, DependencyMatcher]], Matcher]:
        """The patterns' DependencyMatchers, grouped by the words they need.

        A pattern one of whose nodes must be one of a few words ("founder",
        "co-founder") cannot match a sentence without them; patterns that need
        the same words share a matcher, which runs only on sentences holding one
        of them. The matcher's token pass costs in proportion to the patterns it
        holds, so most sentences pay for a few patterns instead of all.
        """
        if self._compiled is None or self._compiled[0] is not vocab:
            grouped: dict[frozenset[str] | None, DependencyMatcher] = {}
            for p in self.patterns.values():
                gate = pattern_gate(p.matcher_pattern)
                dep = grouped.setdefault(gate, DependencyMatcher(vocab))
                try:
                    dep.add(p.id, [list(p.matcher_pattern)])
                except (ValueError, KeyError, TypeError) as exc:
                    raise ConfigError(f"{p.file}: pattern {p.id!r} is not a valid "
                                      f"DependencyMatcher pattern ({exc})") from exc  # fmt: skip
            cues = Matcher(vocab)
            cues.add("HEDGE", _HEDGE_CUES)
            cues.add("DENIAL", _DENIAL_CUES)
            self._compiled = (vocab, list(grouped.items()), cues)
        _, groups, cues = self._compiled
        return groups, cues

    def find(self, doc: Doc, entities: DocEntities, char_offset: int = 0) -> list[Relation]:
        """Relations stated in ``doc``, merged per (type, source, target, properties).

        ``char_offset`` shifts evidence offsets when ``doc`` is a slice of a longer
        document text.
        """
        if len(entities.entities) < 2 or not entities.spans:
            return []
        groups, cue_matcher = self._matchers(doc.vocab)
        hedged: set[int] = set()
        denied: set[int] = set()
        for match_id, start, _end in cue_matcher(doc):
            sent_start = sentence_of(doc, start).start
            (denied if doc.vocab.strings[match_id] == "DENIAL" else hedged).add(sent_start)
        reader = _Reader(doc, entities)
        merged: dict[tuple, Relation] = {}
        seen_evidence: set[tuple] = set()
        stated: set[tuple[frozenset[str], int]] = set()
        for match_id, token_ids in self._matches(groups, doc, entities):
            pattern = self.patterns[doc.vocab.strings[match_id]]
            nodes = dict(zip(pattern.node_names, token_ids, strict=True))
            trigger = doc[token_ids[0]]
            sent = sentence_of(doc, trigger.i)
            quoted = without_edge_space(sent)
            if sent.start in denied or _negated(trigger):
                continue
            confidence = pattern.confidence
            if sent.start in hedged or _reported(trigger):
                confidence *= HEDGE_FACTOR
            status = relation_status(trigger, [doc[i] for i in token_ids[1:]])
            for relation_type, source, target in self._pairs(pattern, nodes, reader, trigger):
                if _impossible_place(relation_type, source, target):
                    continue
                if pattern.below_country and is_country([target.name, *target.aliases]):
                    continue
                if pattern.gazetteer_confirms and not known_to_contain(
                    [source.name, *source.aliases], [target.name, *target.aliases]
                ):
                    continue
                props = _properties(pattern, nodes, reader, self.ontology, relation_type)
                relation_type = membership_type(
                    relation_type, target.type, [target.name, *target.aliases], props.get("role")
                )
                if status and "status" in self.ontology.relation_types[relation_type].properties:
                    props["status"] = status
                key = _relation_key(relation_type, source.id, target.id, props, self.ontology)
                start, end = quoted.start_char + char_offset, quoted.end_char + char_offset
                if (key, start) in seen_evidence:
                    continue  # one sentence, one evidence: the first pattern that reads it
                seen_evidence.add((key, start))
                evidence = Evidence(start, end, quoted.text, pattern.id, round(confidence, 3))
                if key in merged:
                    merged[key].evidence.append(evidence)
                else:
                    merged[key] = Relation(relation_type, source.id, target.id, props, [evidence])
                stated.add((frozenset((source.id, target.id)), sent.start))
        if self.model is not None:
            self._classified(doc, entities, char_offset, denied, hedged, stated, merged)
        return _drop_bare_duplicates(list(merged.values()))

    def _classified(
        self,
        doc: Doc,
        entities: DocEntities,
        char_offset: int,
        denied: set[int],
        hedged: set[int],
        stated: set[tuple[frozenset[str], int]],
        merged: dict[tuple, Relation],
    ) -> None:
        """Add the classifier's relations for pairs no pattern read in that sentence."""
        assert self.model is not None
        rule = f"model:{self.model.name}"
        for found in classify(self.model, doc, entities, self.ontology):
            candidate = found.candidate
            sent = candidate.sentence
            pair = frozenset((candidate.source.id, candidate.target.id))
            if (pair, sent.start) in stated or sent.start in denied:
                continue
            if _impossible_place(found.relation, candidate.source, candidate.target):
                continue
            source_root, target_root = found.pair.source_root, found.pair.target_root
            common = found.pair.common
            if common is not None and _negated(common):
                continue
            confidence = found.probability
            if sent.start in hedged or (common is not None and _reported(common)):
                confidence *= HEDGE_FACTOR
            quoted = without_edge_space(sent)
            status = relation_status(common or source_root, [source_root, target_root])
            props = {"status": status} if status else {}
            if "status" not in self.ontology.relation_types[found.relation].properties:
                props = {}
            key = _relation_key(
                found.relation, candidate.source.id, candidate.target.id, props, self.ontology
            )
            start, end = quoted.start_char + char_offset, quoted.end_char + char_offset
            evidence = Evidence(start, end, quoted.text, rule, round(confidence, 3))
            relation = merged.get(key)
            if relation is None:
                merged[key] = Relation(
                    found.relation, candidate.source.id, candidate.target.id, props, [evidence]
                )
            elif all(e.start != start for e in relation.evidence):
                relation.evidence.append(evidence)

    def _matches(
        self,
        groups: list[_Group],
        doc: Doc,
        entities: DocEntities,
    ) -> list[tuple[int, list[int]]]:
        """DependencyMatcher matches, looked for only where a relation can be.

        Both arguments of a relation are entity tokens of the trigger's sentence
        (a parse tree never leaves its sentence), so a sentence naming fewer than
        two entities cannot state one. Matching runs on the runs of sentences
        naming two or more, and each group of patterns only where its words are
        (``_matchers``): the matchers' token pass is most of the relation step's
        cost. Token indices are mapped back to ``doc``; matches keep the pattern
        order.
        """
        order = {key: i for i, key in enumerate(self._pattern_keys(doc.vocab))}
        found: list[tuple[int, list[int]]] = []
        for start, end in _sentence_runs(doc, entities):
            span = doc[start:end]
            words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
            for gate, matcher in groups:
                if gate is not None and gate.isdisjoint(words):
                    continue
                for match_id, token_ids in matcher(span):
                    found.append((match_id, [start + i for i in token_ids]))
        found.sort(key=lambda match: order.get(match[0], len(order)))  # stable: tokens in order
        return found

    def _pattern_keys(self, vocab: Vocab) -> list[int]:
        return [vocab.strings.add(pattern_id) for pattern_id in self.patterns]

    def _pairs(
        self, pattern: Pattern, nodes: dict[str, int], reader: _Reader, trigger: Token
    ) -> Iterator[tuple[str, Entity, Entity]]:
        sources = reader.arguments(pattern.source, nodes, trigger)
        targets = reader.arguments(pattern.target, nodes, trigger)
        target_ids = {e.id for e in targets}
        for source in sources:
            if source.id in target_ids and len(sources) > 1:
                continue  # a list item the parse hung on the wrong side
            if pattern.source_types and source.type not in pattern.source_types:
                continue
            for target in targets:
                if target.id == source.id:
                    continue
                if pattern.target_types and target.type not in pattern.target_types:
                    continue
                for relation_type in pattern.relations:
                    if self.ontology.allows(relation_type, source.type, target.type):
                        yield relation_type, source, target
                        break


def _impossible_place(relation_type: str, source: Entity, target: Entity) -> bool:
    """A place-in-place relation the gazetteer's hierarchy rules out (place_check.py)."""
    if relation_type != "LOCATED_IN" or source.type != "Location" or target.type != "Location":
        return False
    return cannot_contain([source.name, *source.aliases], [target.name, *target.aliases])


# Words too common to tell sentences apart: a pattern needing one of them runs everywhere.
_COMMON_GATE_WORDS = frozenset(
    {"of", "at", "in", "for", "with", "by", "from", "to", "on", ",", "'s", "the", "a", "an",
     "as", "and", "be", "is", "was", "have", "has", "-", "(", ")", "'", "’s", "that", "which"}
)  # fmt: skip


def pattern_gate(nodes: Iterable[dict[str, Any]]) -> frozenset[str] | None:
    """The smallest set of words one of which a pattern's sentence must hold, if any.

    Read from the nodes' LOWER, LEMMA, ORTH and TEXT values (lowercased); sets
    holding a very common word gate nothing.

    >>> sorted(pattern_gate([{"RIGHT_ATTRS": {"LOWER": {"IN": ["founder", "co-founder"]}}},
    ...                      {"RIGHT_ATTRS": {"DEP": "poss"}}]))
    ['co-founder', 'founder']
    >>> pattern_gate([{"RIGHT_ATTRS": {"LOWER": "of"}}]) is None
    True
    """
    best: frozenset[str] | None = None
    for node in nodes:
        for key in ("LOWER", "LEMMA", "ORTH", "TEXT"):
            value = node.get("RIGHT_ATTRS", {}).get(key)
            if isinstance(value, str):
                words = frozenset({value.lower()})
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                words = frozenset(str(w).lower() for w in value["IN"])
            else:
                continue
            if not words or words & _COMMON_GATE_WORDS:
                continue
            if best is None or len(words) < len(best):
                best = words
    return best


def _sentence_runs(doc: Doc, entities: DocEntities) -> list[tuple[int, int]]:
    """Token ranges of consecutive sentences that name two or more distinct entities.

    An entity span counts for every sentence it overlaps.
    """
    spans = [s for s in entities.spans if s.entity_id in entities.entities]
    runs: list[tuple[int, int]] = []
    index = 0
    for sent in sentences(doc):
        while index < len(spans) and spans[index].end <= sent.start:
            index += 1
        ids: set[str] = set()
        k = index
        while k < len(spans) and spans[k].start < sent.end:
            ids.add(spans[k].entity_id)
            if len(ids) > 1:
                break
            k += 1
        if len(ids) < 2:
            continue
        if runs and runs[-1][1] == sent.start:
            runs[-1] = (runs[-1][0], sent.end)
        else:
            runs.append((sent.start, sent.end))
    return runs


def _drop_bare_duplicates(relations: list[Relation]) -> list[Relation]:
    """Drop evidence of a relation without properties that a richer one also has.

    "the President of X, Huang X" read by two patterns gives WORKS_FOR with and
    without a role from one sentence: the sentence belongs to the one with the role.
    """
    rich = {
        (r.type, r.source, r.target, e.start) for r in relations if r.properties for e in r.evidence
    }
    kept = []
    for r in relations:
        if not r.properties:
            r.evidence = [
                e for e in r.evidence if (r.type, r.source, r.target, e.start) not in rich
            ]
        if r.evidence:
            kept.append(r)
    return kept


def _relation_key(
    relation_type: str, source: str, target: str, props: dict[str, Any], ontology: Ontology
) -> tuple:
    rel = ontology.relation_types.get(relation_type)
    if rel is not None and rel.symmetric and target < source:
        source, target = target, source
    return (relation_type, source, target, tuple(sorted(props.items())))


# -- reading arguments off the parse ----------------------------------------------


class _Reader:
    """Maps parse tokens to the entities they stand for, in one document."""

    def __init__(self, doc: Doc, entities: DocEntities) -> None:
        self.doc = doc
        self.entities = entities

    def entity(self, token: Token) -> Entity | None:
        return self.entities.entity_at(token.i)

    def arguments(self, arg: Argument, nodes: dict[str, int], trigger: Token) -> list[Entity]:
        token = self.doc[nodes[arg.node]]
        if arg.via == "subject":
            bases = self.subjects(token)
        elif arg.via == "entity":
            bases = [token] if self.entities.span_at(token.i) is not None else []
        else:
            bases = self.referents(token, trigger_word=token == trigger)
        found: dict[str, Entity] = {}
        for base in bases:
            for t in self._expand(base, trigger) if arg.expand else [base]:
                entity = self.entity(t)
                if entity is not None:
                    found.setdefault(entity.id, entity)
        return list(found.values())

    def referents(self, token: Token, depth: int = 0, trigger_word: bool = False) -> list[Token]:
        """The entity tokens a token stands for: itself, or through a common noun.

        A trigger word tagged as an entity on its own ("Spokesperson" as a person)
        is read as the common noun it is.
        """
        span = self.entities.span_at(token.i)
        if span is not None and not (trigger_word and span.end - span.start == 1):
            return [token]
        if depth > 4:
            return []
        if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
            return self.referents(token.head.head, depth + 1)
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        for child in token.children:
            # "the chairman, Li Ming": the name follows a comma or a parenthesis
            if (
                child.dep_ == "appos"
                and self.entity(child) is not None
                and child.left_edge.i > token.i
                and self.doc[child.left_edge.i - 1].text in (",", "(", "-", "—", "–")
            ):
                return [child]
        listed = [
            obj
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in ("including", "like", "notably")
            for obj in child.children
            if obj.dep_ == "pobj" and self.entity(obj) is not None
        ]
        if listed:
            return listed
        if token.dep_ == "appos":
            return self.referents(token.head, depth + 1)
        if token.dep_ == "pobj" and token.pos_ == "NOUN":
            # "manager of the GE plant", "chairman of the Leeds House delegation":
            # the name that the noun after the preposition is a part of.
            named = [
                child
                for child in token.children
                if child.dep_ in ("compound", "nmod")
                and child.i < token.i
                and self.entity(child) is not None
            ]
            if named:
                return named[-1:]
        if token.dep_ in ("attr", "oprd"):
            return self.subjects(token.head, depth + 1)
        if token.dep_ == "conj" and token.head.pos_ == "NOUN":
            return self.referents(token.head, depth + 1)
        if token.dep_ == "conj" and token.head.lemma_ in _COPULAS:
            # "X is a member of A; vice president of B": the role hangs on the copula
            return self.subjects(token.head, depth + 1)
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == "as"
            and token.head.head.pos_ in ("VERB", "AUX")
        ):
            return self.subjects(token.head.head, depth + 1)
        return []

    def subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        """The entity tokens standing for the subject of a verb."""
        if depth > 5:
            return []
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                return self.referents(child, depth + 1)
        if verb.dep_ in ("acl", "relcl"):
            return self.referents(verb.head, depth + 1)
        if verb.dep_ == "conj" or (
            verb.dep_ == "xcomp" and not any(c.dep_ == "dobj" for c in verb.head.children)
        ):
            return self.subjects(verb.head, depth + 1)
        return []

    def _expand(self, token: Token, trigger: Token) -> list[Token]:
        """A token plus its coordinated items on the same side of the trigger."""
        before = token.i < trigger.i
        items = [token] + [c for c in token.conjuncts if (c.i < trigger.i) == before]
        last = max(items, key=lambda t: t.i)
        return items + self._list_continuation(last, before, trigger)

    def _skip_aside(self, i: int, end: int) -> int:
        """Skip what may follow a list item before the next separator.

        Line breaks, an acronym in parentheses ("(MSS)"), and in a list separated
        by semicolons, a descriptive aside up to the semicolon ("the Ministry of
        State Security, China's top intelligence agency; ...").
        """
        doc = self.doc
        i = _skip_space(doc, i, end)
        if i < end and doc[i].text == "(":
            close = next((k for k in range(i, min(end, i + 8)) if doc[k].text == ")"), None)
            if close is not None:
                i = _skip_space(doc, close + 1, end)
        if i < end and doc[i].text == ",":
            semicolon = next(
                (k for k in range(i + 1, min(end, i + 15)) if doc[k].text in (";", ",")), None
            )
            if semicolon is not None and doc[semicolon].text == ";":
                between = {self.entities.span_at(k) for k in range(i + 1, semicolon)} - {None}
                if not any(
                    self.entities.entities.get(s.entity_id)
                    and self.entities.entities[s.entity_id].type in ("Organization", "Person")
                    for s in between
                    if s is not None
                ):
                    i = semicolon
        return i

    def _list_continuation(self, token: Token, before: bool, trigger: Token) -> list[Token]:
        """Entities listed after ``token`` that the parse did not coordinate.

        "with A and B in France, C in England, and D": items are entities of the
        same type separated by commas or "and", each optionally followed by
        "in <Location>"; the locations are never items.
        """
        first = self.entity(token)
        span = self.entities.span_at(token.i)
        if first is None or span is None:
            return []
        doc, sent_end = self.doc, sentence_of(self.doc, token.i).end
        found: list[Token] = []
        i = span.end
        while i < sent_end:
            j = self._skip_aside(i, sent_end)
            if j >= sent_end:  # the list ends the sentence (trailing spaces skipped)
                break
            if doc[j].lower_ in ("in", "of") and j + 1 < sent_end:
                place = self.entities.span_at(j + 1)
                located = self.entity(doc[j + 1]) if place else None
                if place and located is not None and located.type == "Location":
                    j = place.end
            k = j
            while k < sent_end and (doc[k].lower_ in (",", "and", ";") or doc[k].is_space):
                k += 1
            if k == j or k >= sent_end:
                break
            nxt = self.entities.span_at(k)
            if k < sent_end and doc[k].lower_ == "the" and nxt is None:
                nxt = self.entities.span_at(k + 1)
            item = self.entities.entities.get(nxt.entity_id) if nxt else None
            if nxt is None or item is None or item.type != first.type:
                break
            if (nxt.start < trigger.i) != before:
                break
            found.append(doc[nxt.start])
            i = nxt.end
        return found


def _skip_space(doc: Doc, i: int, end: int) -> int:
    while i < end and doc[i].is_space:
        i += 1
    return i


def _negated(trigger: Token) -> bool:
    """Whether the predicate of the trigger is negated ("not", "never", "no longer").

    Climbs from the trigger through the predicate it belongs to (copula,
    auxiliaries, complement clauses) but not into the clause a noun argument
    sits in: "X, president of Y, did not attend" still says X works for Y.
    """
    token = trigger
    for _ in range(8):
        for child in token.children:
            if child.dep_ == "neg":
                return True
            if child.lower_ == "longer" and child.i > 0 and token.doc[child.i - 1].lower_ == "no":
                return True
        if token.dep_ in (
            "ROOT",
            "nsubj",
            "nsubjpass",
            "dobj",
            "pobj",
            "appos",
            "compound",
            "poss",
        ):
            return False
        if token.head is token:
            return False
        token = token.head
    return False


def _reported(trigger: Token) -> bool:
    """Whether a reporting verb ("said", "claimed") governs the trigger's clause."""
    token = trigger
    for _ in range(12):
        if token.dep_ in ("ccomp", "parataxis") and token.head.lemma_ in _REPORTING_VERBS:
            return True
        if token.head is token:
            return False
        token = token.head
    return False


# -- properties ---------------------------------------------------------------------


def _properties(
    pattern: Pattern, nodes: dict[str, int], reader: _Reader, ontology: Ontology, relation: str
) -> dict[str, Any]:
    allowed = ontology.relation_types[relation].properties
    props: dict[str, Any] = {}
    for rule in pattern.properties:
        if rule.name not in allowed:
            continue
        value: str | None = None
        if rule.name == "role" and rule.node is not None:
            value = _role_phrase(reader.doc[nodes[rule.node]], reader.entities)
            value = None if value in _PLAIN_MEMBERSHIP else value
        elif rule.node is not None:
            value = _node_value(reader, reader.doc[nodes[rule.node]], rule.name)
        elif rule.find == "date" and rule.near is not None:
            value = _find_date(reader.doc[nodes[rule.near]])
        elif rule.find == "award" and rule.near is not None:
            value = _find_award(reader, reader.doc[nodes[rule.near]])
        if value:
            props[rule.name] = value
    return props


def _node_value(reader: _Reader, token: Token, name: str) -> str | None:
    entity = reader.entity(token)
    if entity is not None:
        return entity.name
    return token.text


def _role_phrase(token: Token, entities: DocEntities | None = None) -> str:
    """ "vice president", "executive director": the role noun with its modifiers.

    The contiguous run of compound/adjective modifiers left of the noun, without
    time words ("former", "current") that describe the tenure, not the role.
    """
    modifiers: set[int] = set()
    frontier = [token]
    while frontier:
        for child in frontier.pop().lefts:
            if child.dep_ in ("compound", "amod", "nmod") or child.text == "-":
                modifiers.add(child.i)
                frontier.append(child)
    doc, start = token.doc, token.i
    while (
        start - 1 in modifiers
        and doc[start - 1].lower_ not in _ROLE_MODIFIERS_DROPPED
        and not doc[start - 1].lower_.endswith("based")
        # "Acme chief executive": the employer is an argument, not part of the title
        and (entities is None or entities.span_at(start - 1) is None)
    ):
        start -= 1
    return doc[start : token.i + 1].text.replace(" - ", "-").lower()


def _ent_span(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _find_date(near: Token) -> str | None:
    """The DATE entity attached to a verb: "in 1992", "on May 4, 2001", "last year"."""
    candidates: list[Token] = []
    for child in near.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "since", "during"):
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("npadvmod", "tmod"):
            candidates.append(child)
    for token in candidates:
        ent = _ent_span(token)
        if ent is not None and ent.label_ == "DATE":
            return ent.text
    return None


def _find_award(reader: _Reader, near: Token) -> str | None:
    """The named award a verb governs ("was awarded the X Award")."""
    for child in near.children:
        if child.dep_ not in ("dobj", "dative", "attr", "oprd", "nsubjpass", "npadvmod"):
            continue
        entity = reader.entity(child)
        if entity is not None and entity.type == "Award":
            return entity.name
        ent = _ent_span(child)
        if ent is not None and ent.label_ in ("Award", "WORK_OF_ART", "EVENT"):
            return ent.text.removeprefix("the ").strip()
    return None
