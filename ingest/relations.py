"""Typed relations read off the dependency parse by patterns that are data.

The patterns are spaCy DependencyMatcher patterns with their arguments,
relation types and examples, written in YAML pattern files (the bundled
``ingest/patterns/*.yaml`` plus the user's files named in ``[nlp]
pattern_files``); ``threadline.ingest.pattern_files`` reads and validates them
and describes the format. ``RelationEngine`` runs them and turns each match
into relations with their evidence:

- matching runs only where a pattern can match (ingest/pattern_gates.py);
- a negated or denied statement gives nothing, a hedged or reported one keeps a
  lower confidence (ingest/assertion.py), a former or planned one carries a
  status (ingest/modality.py);
- argument tokens become entities, a common noun standing for the entity it
  names (ingest/relation_arguments.py), and a list gives one relation per item
  (ingest/relation_lists.py);
- the ontology decides which relation type a pair of types can have, and
  properties (role, date, award) are read off the sentence
  (ingest/relation_properties.py);
- the optional pair classifier adds relations for pairs no pattern read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from threadline.config import Config
from threadline.errors import ConfigError
from threadline.graph.model import Entity, Evidence, Relation
from threadline.graph.ontology import Ontology
from threadline.ingest.assertion import (
    HEDGE_FACTOR,
    cue_matcher,
    denied,
    hedged_and_denied,
    negated,
    reported,
    rumoured_link,
)
from threadline.ingest.datelines import dateline_end
from threadline.ingest.entity_rules import bundled_rules
from threadline.ingest.evidence import BOOK_TITLE, RECORDING, SCREEN_WORK
from threadline.ingest.membership import (
    described_as_party,
    membership_type,
    political_party,
)
from threadline.ingest.modality import (
    FORMER,
    PLANNED,
    SUCCEEDING_VERBS,
    former_before_name,
    named_as_a_leaver,
    relation_status,
)
from threadline.ingest.nationality import nation_or_region_adjective
from threadline.ingest.node_matches import FixedSequenceMatcher, shared_index
from threadline.ingest.pattern_files import (
    Pattern,
    bundled_lexicon,
    bundled_pattern_files,
    parse_pattern_file,
    read_pattern_file,
)
from threadline.ingest.pattern_gates import PatternMatchers, sentence_runs
from threadline.ingest.place_check import (
    cannot_contain,
    is_country_or_larger,
    is_known_place,
    known_to_contain,
    metropolis_before_unknown,
)
from threadline.ingest.relation_arguments import ArgumentReader
from threadline.ingest.relation_model import RelationModel, load_configured
from threadline.ingest.relation_pairs import classify
from threadline.ingest.relation_properties import PORTFOLIO_ROLES, relation_properties
from threadline.ingest.spans import DocEntities, sentence_of, without_edge_space
from threadline.ingest.title_lists import listed_titled_names
from threadline.names import BEFORE_A_DAY, PEERAGE_STYLES, TITLE_MODIFIERS, name_key
from threadline.votes import TEAM_CUE, is_band

# "the city of X" and "X's central district" stand for X; a post "in the 1970s" is former
ENGINE_VERSION = "227"  # a side's debut given, ahead or in line; capped by a side
# Roles that name a peer, not a post ("Birch's training partner Tom Hale").
_PEER_ROLES = frozenset({"training partner", "sparring partner", "doubles partner"})
# What one joins someone at, and so goes to with them ("would join Birch in the final").
_EVENT_WORDS = frozenset(
    {"championships", "championship", "games", "olympics", "final", "finals", "race",
     "marathon", "tournament", "event", "trials", "semi-final", "semi-finals"}
)  # fmt: skip
# Nouns of a unit of another organization: "formerly the Italian arm of Acme" says the
# tie to Acme is over, not that the unit has left Italy.
_UNIT_NOUNS = frozenset({"arm", "unit", "subsidiary", "affiliate", "division", "offshoot"})
# Relations that do not end: a work stays its author's, a body its founder's ("previously
# won with her novel X", "originally set up by X"); only a plan ("will publish") is told.
_FOR_GOOD = frozenset({"ISSUED", "FOUNDED"})
# The rule of positions read for the titled names listed after a title's holder.
TITLED_LIST_RULE = "positions.titled_list"


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
        self._compiled: tuple[Vocab, PatternMatchers, FixedSequenceMatcher] | None = None
        self._employer_titles = bundled_rules().employer_roles

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

    def _matchers(self, vocab: Vocab) -> tuple[PatternMatchers, FixedSequenceMatcher]:
        """The patterns' matchers with their gates, and the cue matcher, once per vocabulary."""
        if self._compiled is None or self._compiled[0] is not vocab:
            matchers = PatternMatchers(self.patterns.values(), vocab)
            self._compiled = (vocab, matchers, cue_matcher(vocab))
        _, matchers, cues = self._compiled
        return matchers, cues

    def find(self, doc: Doc, entities: DocEntities, char_offset: int = 0) -> list[Relation]:
        """Relations stated in ``doc``, merged per (type, source, target, properties).

        ``char_offset`` shifts evidence offsets when ``doc`` is a slice of a longer
        document text.
        """
        if not entities.spans:
            return []
        matchers, cues = self._matchers(doc.vocab)
        matches = self._matches(matchers, doc, entities)
        if not matches and self.model is None:
            return []  # no pattern matched: the hedge and denial cues are not needed
        hedged, denials = hedged_and_denied(doc, cues)
        reader = ArgumentReader(doc, entities, self.ontology)
        merged: dict[tuple, Relation] = {}
        recorder = _Recorder(merged, self.ontology, char_offset)
        parties: dict[str, bool] = {}  # whether the text calls an organization a party

        def called_a_party(entity: Entity) -> bool:
            if entity.id not in parties:
                parties[entity.id] = _called_a_party(doc, entities, entity)
            return parties[entity.id]

        stated: set[tuple[frozenset[str], int]] = set()
        for match_id, token_ids in matches:
            pattern = self.patterns[doc.vocab.strings[match_id]]
            nodes = dict(zip(pattern.node_names, token_ids, strict=True))
            trigger = doc[token_ids[0]]
            sent = sentence_of(doc, trigger.i)
            quoted = without_edge_space(sent)
            if denied(trigger, denials) or negated(trigger) or rumoured_link(trigger):
                continue
            confidence = pattern.confidence
            if sent.start in hedged or reported(trigger):
                confidence *= HEDGE_FACTOR
            status = relation_status(trigger, _status_nodes(doc, pattern, token_ids))
            named_first: Entity | None = None  # a name "former" stands before
            if status is None and pattern.title_before_name:
                employer_start, _ = entities.name_bounds(nodes[pattern.target.node])
                status = former_before_name(doc, employer_start)
                if status is not None:
                    named_first = reader.entity(doc[nodes[pattern.target.node]])
            place_status: str | None = None  # read once, when a place relation needs it
            if _peer_designation(doc, entities, nodes[pattern.source.node], token_ids):
                continue
            reader.reached_back = False
            for relation_type, source, target in self._pairs(pattern, nodes, reader, trigger):
                if _impossible_place(relation_type, source, target, self.ontology):
                    continue
                if pattern.id.startswith(_POSSESSIVE_PLACE_RULES) and _a_likeness(
                    doc[nodes[pattern.source.node]]
                ):
                    continue
                if "kind" in nodes and _aside_before(
                    doc, nodes["kind"], nodes[pattern.source.node]
                ):
                    continue  # "the KLC - a US agency - Norvik Bank": the agency is the KLC
                if _owner_of_another(
                    doc, entities, nodes[pattern.source.node], nodes[pattern.target.node]
                ):
                    continue
                if "role" in nodes and _post_held_for(doc, entities, nodes["role"], source.id):
                    continue  # "Ann Tolley - Tom Hale's head of press": not Tom Hale's post
                if _post_in_a_body_name(pattern, entities, nodes, self.ontology):
                    continue  # "The Kestrel Executive said": a body's name, no one's post
                if relation_type == "ISSUED" and _screen_work(target):
                    continue
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and nation_or_region_adjective(
                    target.name
                ):
                    continue  # "Legendary Dutch coach X": an adjective, not an employer
                if relation_type == "PARTNERED_WITH" and _merges_its_object(trigger):
                    continue  # "GE bought X, merging it with Y": X and Y merge, not GE
                if relation_type == "PARTNERED_WITH" and _sponsorship_deal(trigger):
                    continue  # "its sponsorship deal with Norvik Rovers": money, no partners
                if relation_type in ("PART_OF", "DIRECTED_BY") and _a_minority_stake(trigger):
                    continue  # "Kestrel Air, 25% owned by Tom Hale": a stake, no control
                if relation_type == "WORKS_FOR" and _from_a_site(
                    doc, entities, nodes[pattern.target.node]
                ):
                    continue  # "presented from Kestrel's London studios": a place, no employer
                if relation_type == "WORKS_FOR" and _bidder_for_a_person(
                    doc, entities, nodes[pattern.source.node], nodes[pattern.target.node]
                ):
                    continue  # "an offer for Tom Hale from Kestrel": the bidder, no employer
                if (
                    relation_type == "PART_OF"
                    and "deal" in nodes
                    and _bid_for_a_person(doc[nodes["deal"]])
                ):
                    continue  # "accepted an offer for Tom Hale from Kestrel": a player's sale
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and _dash_between_names(
                    doc, entities, nodes[pattern.target.node], nodes[pattern.source.node]
                ):
                    continue  # "Kestrel Greats - Tom Hale": a work's title and its subject
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and _told_then_named(
                    doc, entities, nodes[pattern.target.node], nodes[pattern.source.node]
                ):
                    continue  # "told the BBC Tom Hale had ...": who was told, then who said
                if relation_type == "WORKS_FOR" and _party_portfolio(
                    doc, entities, nodes.get("role"), target
                ):
                    continue
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and _title_of_a_prize(
                    doc, nodes.get("role")
                ):
                    continue  # "Kestrel's player of the year Tom Hale": a prize, no post
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and _another_employers_title(
                    doc, entities, nodes.get("role"), nodes[pattern.target.node], source, sent.end
                ):
                    continue  # "Kestrel managers A and B, and Norvik managers C": C is Norvik's
                party = None
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and "role" in nodes:
                    party = _party_before_portfolio(
                        doc, entities, nodes.get("role"), nodes[pattern.target.node], target
                    )
                    if party is not None:
                        target = party  # "Lib Dem Treasury spokesman Jane Roe": the party's
                if pattern.title_before_name and (
                    _person_between(entities, trigger.i, sent.end, source.id, self.ontology)
                    or (
                        party is None
                        and _cut_name(doc, entities, nodes[pattern.target.node], sent.start)
                    )
                    or _shadow_post(doc, entities, nodes[pattern.target.node], target)
                ):
                    continue
                if pattern.owner_before_name and (
                    _person_between(
                        entities, nodes[pattern.target.node], sent.end, source.id, self.ontology
                    )
                    or _in_brackets(doc, entities, nodes[pattern.source.node])
                    or _part_played(doc, nodes[pattern.source.node])
                ):
                    continue  # "Kestrel's (Tom Hale)": the part and the actor who plays it
                if pattern.below_country and is_country_or_larger([target.name, *target.aliases]):
                    continue
                if pattern.team_target and not (_a_side(target) or is_band(target.type_cues)):
                    continue
                if pattern.book_target and not any(
                    cue.startswith(BOOK_TITLE) for cue in target.type_cues
                ):
                    continue  # "a sculpture entitled Planet by Jane Roe": no book
                if (
                    pattern.subject_unless_object
                    and trigger.lemma_ not in SUCCEEDING_VERBS
                    and any(c.dep_ == "dobj" for c in trigger.children)
                ):
                    continue  # "Tom Hale picked him as captain": the captain is "him"; the
                    # one who "succeeded him as captain" is captain too
                if pattern.nearest_person and _later_person_before(
                    doc, entities, nodes[pattern.source.node], nodes[pattern.target.node]
                ):
                    continue
                if pattern.not_in_list and (
                    metropolis_before_unknown(
                        [source.name, *source.aliases], [target.name, *target.aliases]
                    )
                    or _line_of_two_names(doc[nodes[pattern.source.node]], source, target)
                    or _in_name_list(
                        doc,
                        entities,
                        nodes[pattern.source.node],
                        nodes[pattern.target.node],
                        [target.name, *target.aliases],
                    )
                ):
                    continue
                if (
                    pattern.gazetteer_confirms
                    and not known_to_contain(
                        [source.name, *source.aliases], [target.name, *target.aliases]
                    )
                    and not _dateline_pair(doc, entities, source.id, target.id)
                ):
                    continue
                if pattern.joins and _joined_at_an_event(trigger, entities):
                    continue
                props = relation_properties(pattern, nodes, reader, self.ontology, relation_type)
                if str(props.get("role", "")).lower() in _PEER_ROLES:
                    continue
                if not pattern.leads:
                    relation_type = membership_type(
                        relation_type,
                        target.type,
                        [target.name, *target.aliases],
                        props.get("role"),
                        relation_type == "WORKS_FOR" and called_a_party(target),
                        relation_type == "WORKS_FOR" and is_band(target.type_cues),
                        pattern.joins,
                    )
                own = status
                if named_first is not None and named_first.type != target.type:
                    # "former Olympian and BBC pundit X": what he was, then the post he holds
                    own = None
                if (
                    own == FORMER
                    and relation_type == "MEMBER_OF"
                    and trigger.lemma_ == "lead"
                    and not props.get("role")
                ):
                    own = None  # "who led the Kestrel Party until 1992": the lead is over, not
                    # the membership
                if (
                    status
                    and source.type == target.type
                    and self.ontology.has_trait(target.type, "place")
                ):
                    own = None  # a town lies in its region whatever the sentence plans
                elif status and self.ontology.has_trait(target.type, "place"):
                    # Where someone lives or something is: a former job ("London-based
                    # ex-pilot") says nothing of it; only the trigger's own words do.
                    if place_status is None:
                        place_status = relation_status(trigger, []) or ""
                    own = place_status or None
                    if own == FORMER and trigger.lower_ in _UNIT_NOUNS:
                        own = None  # "formerly the Italian arm of Acme": no longer its arm
                    if own == PLANNED and _names(entities, trigger.i, source.id):
                        own = None  # "will appeal to the US Supreme Court": the court is in the US
                    elif (
                        own
                        and relation_type == "LOCATED_IN"
                        and _said_of_the_name(entities, trigger, source.id)
                    ):
                        # "is due to speak at the Kestrel Centre in Leeds", "will copy
                        # Ireland's Ryanair": the place is said of the name, whatever the
                        # clause plans or ends (not a person's home: "Tom Hale, originally
                        # from Leeds")
                        own = None
                props.update(self._status_property(relation_type, own))
                found = Relation(relation_type, source.id, target.id, props, [])
                passage = (
                    _passage(doc, entities, sent, quoted, (source.id, target.id))
                    if reader.reached_back
                    else quoted
                )
                if not recorder.record(found, passage, pattern.id, confidence):
                    continue  # one sentence, one evidence: the first pattern that reads it
                stated.add((frozenset((source.id, target.id)), sent.start))
                if relation_type in ("WORKS_FOR", "MEMBER_OF") and not pattern.leads:
                    for listed in self._listed_after(
                        doc, entities, trigger, sent.end, source, target, called_a_party(target)
                    ):
                        recorder.record(listed, quoted, TITLED_LIST_RULE, confidence)
                        stated.add((frozenset((listed.source, target.id)), sent.start))
        if self.model is not None:
            self._classified(doc, entities, char_offset, denials, hedged, stated, merged)
        return _drop_bare_duplicates(list(merged.values()))

    def _listed_after(
        self,
        doc: Doc,
        entities: DocEntities,
        trigger: Token,
        sentence_end: int,
        source: Entity,
        target: Entity,
        party: bool,
    ) -> Iterator[Relation]:
        """Positions at the same employer for the titled names listed after a title's
        holder ("Kestrel chairman Tom Hale, director-general Ann Tolley and ..."), when the
        title stands right before the holder's name (ingest/title_lists.py). ``party``
        says the text calls the employer a party."""
        after = trigger.i + 1
        if after < sentence_end and doc[after].text == ",":
            after += 1
        span = entities.span_at(after)
        if span is None or span.start != after or span.entity_id != source.id:
            return
        names = [target.name, *target.aliases]

        def is_person(entity_id: str) -> bool:
            entity = entities.entities.get(entity_id)
            return entity is not None and self.ontology.has_trait(entity.type, "person")

        # "the resignation of Kestrel chairman Tom Hale, director Ann Tolley and ...": all left
        departed = named_as_a_leaver(doc[span.end - 1])
        for listed in listed_titled_names(
            doc, entities, span.end, sentence_end, self._employer_titles, is_person
        ):
            role = listed.role
            relation_type = membership_type("WORKS_FOR", target.type, names, role, party)
            props: dict[str, Any] = {"role": role}
            if listed.former or departed:
                props["status"] = FORMER
            yield Relation(relation_type, listed.span.entity_id, target.id, props, [])

    def _status_property(self, relation_type: str, status: str | None) -> dict[str, str]:
        """The ``status`` property of a relation read as ``status``: none for a type the
        ontology gives no status, and no ``former`` on a relation that does not end
        (``_FOR_GOOD``: "previously won with her novel X" is still her novel)."""
        if not status or (status == FORMER and relation_type in _FOR_GOOD):
            return {}
        if "status" not in self.ontology.relation_types[relation_type].properties:
            return {}
        return {"status": status}

    def _classified(
        self,
        doc: Doc,
        entities: DocEntities,
        char_offset: int,
        denials: frozenset[int],
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
            if (pair, sent.start) in stated or denied(
                found.pair.common or found.pair.source_root, denials
            ):
                continue
            if _impossible_place(found.relation, candidate.source, candidate.target, self.ontology):
                continue
            source_root, target_root = found.pair.source_root, found.pair.target_root
            common = found.pair.common
            if common is not None and negated(common):
                continue
            confidence = found.probability
            if sent.start in hedged or (common is not None and reported(common)):
                confidence *= HEDGE_FACTOR
            quoted = without_edge_space(sent)
            status = relation_status(common or source_root, [source_root, target_root])
            props = self._status_property(found.relation, status)
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
        matchers: PatternMatchers,
        doc: Doc,
        entities: DocEntities,
    ) -> list[tuple[int, list[int]]]:
        """DependencyMatcher matches, looked for only where a relation can be.

        Both arguments of a relation are entity tokens of the trigger's sentence
        (a parse tree never leaves its sentence), so a sentence naming fewer than
        two entities cannot state one. Matching runs on the runs of sentences
        naming two or more, and each pattern only where it can match
        (ingest/pattern_gates.py): the matchers' token pass is most of the
        relation step's cost. Token indices are mapped back to
        ``doc``; matches keep the pattern order.
        """
        order = matchers.order
        found: list[tuple[int, list[int]]] = []
        for start, end in sentence_runs(doc, entities):
            span = doc[start:end]
            runnable = list(matchers.runnable(span))
            if not runnable:
                continue
            # A DependencyMatcher given a Span copies it into a Doc on every call:
            # the copy is made once here, and every pattern's matcher reads it and
            # one index of its tokens by value (ingest/node_matches.py).
            run = span.as_doc(copy_user_data=True)
            with shared_index(run):
                for matcher in runnable:
                    for match_id, token_ids in matcher(run):
                        found.append((match_id, [start + i for i in token_ids]))
        found.sort(key=lambda match: order.get(match[0], len(order)))  # stable: tokens in order
        return found

    def _pairs(
        self, pattern: Pattern, nodes: dict[str, int], reader: ArgumentReader, trigger: Token
    ) -> Iterator[tuple[str, Entity, Entity]]:
        sources = reader.arguments(pattern.source, nodes, trigger)
        if not sources:
            # before the target: a country's word becomes a mention of the country
            # ("the Irish duo") only for a relation read
            return
        targets = reader.arguments(pattern.target, nodes, trigger, regions=True)
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


def _passage(
    doc: Doc, entities: DocEntities, sent: Span, quoted: Span, entity_ids: tuple[str, str]
) -> Span:
    """The text that states a relation read in part in the sentence before: its sentence,
    from the sentence before when one of its entities is named only there, through a
    pronoun or a title ("Tom Hale ran Kestrel. He set up Norvik in 1997."), so that the
    evidence shows whom the pronoun stands for."""
    named = entities.ids_within(sent.start, sent.end)
    if sent.start == 0 or all(entity_id in named for entity_id in entity_ids):
        return quoted
    previous = sentence_of(doc, sent.start - 1)
    return without_edge_space(doc[previous.start : sent.end])


def _status_nodes(doc: Doc, pattern: Pattern, token_ids: list[int]) -> list[Token]:
    """The matched tokens after the trigger whose modifiers may say the relation's time:
    all of them, but the nodes the pattern names in ``status_ignores``."""
    if not pattern.status_ignores:
        return [doc[i] for i in token_ids[1:]]
    return [
        doc[i]
        for name, i in zip(pattern.node_names[1:], token_ids[1:], strict=True)
        if name not in pattern.status_ignores
    ]


def _dateline_pair(doc: Doc, entities: DocEntities, source: str, target: str) -> bool:
    """Whether ``source`` is a dateline's place and ``target`` the place named after it
    ("VELMORE, Norway (AP) -"): the dateline says the one lies in the other."""
    for span in entities.spans:
        if span.entity_id == source and dateline_end(doc, span.start) == span.end:
            after = entities.span_at(span.end + 1)
            return after is not None and after.entity_id == target
    return False


def _said_of_the_name(entities: DocEntities, trigger: Token, entity_id: str) -> bool:
    """Whether the trigger gives a place to a mention of the entity within its noun phrase:
    a preposition on the name ("the Kestrel Centre in Leeds") or a possessive place before
    it ("Ireland's Kestrel Air", read at the "'s"), or on the venue it names ("the Kestrel
    Lodge hotel in Leeds")."""
    if trigger.dep_ == "case" and trigger.head.dep_ == "poss":
        return _names(entities, trigger.head.head.i, entity_id)
    if trigger.dep_ == "prep" and any(
        child.dep_ == "compound" and _names(entities, child.i, entity_id)
        for child in trigger.head.children
    ):
        return True
    return trigger.dep_ in ("prep", "poss") and _names(entities, trigger.head.i, entity_id)


def _post_held_for(doc: Doc, entities: DocEntities, role: int, entity_id: str) -> bool:
    """Whether the post at ``role`` is owned by the entity read as holding it: "Hale's
    head of press" is someone else's post, held for Hale."""
    return any(
        child.dep_ == "poss" and _names(entities, child.i, entity_id)
        for child in doc[role].children
    )


def _post_in_a_body_name(
    pattern: Pattern, entities: DocEntities, nodes: dict[str, int], ontology: Ontology
) -> bool:
    """Whether the post a pattern reads (its ``role`` property) is a word of an
    organization's name ("the Norwegian Executive", "the Kestrel Board"): the body itself,
    not a person holding its post."""
    if "role" not in nodes or not any(
        rule.name == "role" and rule.node == "role" for rule in pattern.properties
    ):
        return False
    span = entities.span_at(nodes["role"])
    entity = entities.entities.get(span.entity_id) if span is not None else None
    return entity is not None and ontology.has_trait(entity.type, "organization")


def _names(entities: DocEntities, token: int, entity_id: str) -> bool:
    """Whether ``token`` is part of a name of the entity ``entity_id``."""
    span = entities.span_at(token)
    return span is not None and span.entity_id == entity_id


def _owner_of_another(doc: Doc, entities: DocEntities, owner: int, owned: int) -> bool:
    """Whether the name at ``owner``, which the parse makes the possessor of the word at
    ``owned``, owns something else: another possessor stands between them ("Ann Roe's The
    Quiet Coast and Tom Hale's memoir Harbour Days": the memoir is Hale's, whatever the
    parse). A relation read elsewhere ("Acme's offices in China's Kestrel Province") is left."""
    _, end = entities.name_bounds(owner)
    if end >= len(doc) or doc[end].tag_ != "POS" or owned <= end:
        return False
    if doc[owner].dep_ != "poss" or doc[owner].head.i != owned:
        return False
    return any(token.tag_ == "POS" for token in doc[end + 1 : owned])


def _merges_its_object(verb: Token) -> bool:
    """Whether "merge" or "combine" has an object of its own ("merging it with Y"): the
    object merges with Y, not the verb's subject."""
    return verb.lemma_.lower() in ("merge", "combine") and any(
        child.dep_ == "dobj" for child in verb.children
    )


# Words that make a deal one side's paying for the other's name or kit (FUNDED_BY, which
# the funding patterns read where the text says who pays).
_SPONSORSHIP_WORDS = frozenset({"sponsorship", "sponsor", "sponsoring", "kit", "shirt"})


def _sponsorship_deal(trigger: Token) -> bool:
    """Whether the deal a partnership is read from is a sponsorship ("a shirt sponsorship
    agreement with Norvik Rovers", "signed a kit deal with Kestrel")."""
    deals = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    return any(
        child.dep_ in ("compound", "amod", "nmod") and child.lower_ in _SPONSORSHIP_WORDS
        for deal in deals
        for child in deal.children
    )


# Words before "owned" that make the owner's share less than the whole and no control.
_PART_SHARES = frozenset({"partly", "partially", "part", "minority"})
_CONTROLLING_SHARE = 50.0


def _a_minority_stake(verb: Token) -> bool:
    """Whether "owned by" gives a share short of control: "25% owned by Tom Hale", "partly
    owned by Kestrel", "minority-owned" (a stake, which makes the owner neither the body's
    parent nor the one who directs it; "60% owned" does)."""
    if verb.lemma_.lower() != "own":
        return False
    if any(child.lower_ in _PART_SHARES for child in verb.children):
        return True
    # the share hangs on the verb ("25% owned"), or the verb on it ("25 per cent owned")
    around = [*verb.children, *([verb.head] if verb.dep_ == "acl" else [])]
    for word in around:
        if word.lower_ in ("%", "percent", "cent"):
            shares = [n.text for n in word.children if n.dep_ == "nummod" and n.like_num]
            share = shares[0].replace(",", "") if shares else ""
            return share.replace(".", "", 1).isdigit() and float(share) < _CONTROLLING_SHARE
    return False


# The times a prize named after a role is given for ("player of the year").
_PRIZE_PERIODS = frozenset({"year", "season", "month", "decade", "week", "match", "tournament"})


def _title_of_a_prize(doc: Doc, role: int | None) -> bool:
    """Whether the role word is a prize's ("France's player of the year", "the
    league's manager of the month"), which says nothing of a post."""
    if role is None or role + 2 >= len(doc) or doc[role + 1].lower_ != "of":
        return False
    if any(child.ent_type_ == "ORDINAL" for child in doc[role].lefts):
        return False  # "Leeds' third manager of the season": the post, counted
    period = role + 3 if doc[role + 2].lower_ == "the" else role + 2
    return period < len(doc) and doc[period].lower_ in _PRIZE_PERIODS


def _another_employers_title(
    doc: Doc, entities: DocEntities, role: int | None, employer: int, person: Entity, end: int
) -> bool:
    """Whether another name and the same title stand between an employer's title
    and a listed person, the first mention of ``person`` after the title and before the
    sentence's ``end`` ("Kestrel managers Tom Hale and Ann Tolley, and Norvik managers
    Jack Birch": Birch is Norvik's manager, whatever type the votes gave Norvik)."""
    if role is None or employer > role:
        return False
    starts = [s.start for s in entities.spans if s.entity_id == person.id and role < s.start < end]
    if not starts:
        return False
    person_start = min(starts)
    own = entities.entity_at(employer)
    i = role + 1
    while i < person_start:
        span = entities.span_at(i)
        if span is None:
            i += 1
            continue
        entity = entities.entities.get(span.entity_id)
        if (
            entity is not None
            and entity is not own
            and entity.id != person.id
            and span.end < len(doc)
            and doc[span.end].lower_ == doc[role].lower_
        ):
            return True
        i = span.end
    return False


def _from_a_site(doc: Doc, entities: DocEntities, employer: int) -> bool:
    """Whether the employer's name follows a "from" that the parse hangs on a verb and
    owns a site named within a few words ("presented by Jane Roe from Kestrel's London
    studios"): where something was done, not someone's employer ("said Jane Roe from
    Kestrel's research lab" is hers)."""
    start, end = entities.name_bounds(employer)
    if start == 0 or doc[start - 1].lower_ != "from" or doc[start - 1].head.pos_ != "VERB":
        return False
    if end >= len(doc) or doc[end].tag_ != "POS":
        return False
    sites = bundled_lexicon("location.yaml", "sites")
    return any(token.lower_ in sites for token in doc[end + 1 : end + 5])


# Nouns of a bid for someone: "a £5m offer for Tom Hale from Kestrel".
_BID_NOUNS = frozenset({"offer", "bid", "fee", "approach", "enquiry", "inquiry", "deal"})


def _bid_for_a_person(deal: Token) -> bool:
    """Whether a bid's "for" names a person ("accepted an offer for Tom Hale"): what is
    sold is a player's contract, not the company that accepts."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "for"
        and any(c.dep_ == "pobj" and c.ent_type_ == "PERSON" for c in prep.children)
        for prep in deal.children
    )


def _bidder_for_a_person(doc: Doc, entities: DocEntities, person: int, employer: int) -> bool:
    """Whether the person is what a bid is for and the employer follows "from": "an offer
    for Tom Hale from Kestrel" names the bidder, not his employer."""
    start, end = entities.name_bounds(person)
    root = doc[start:end].root
    employer_start, _ = entities.name_bounds(employer)
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "for"
        and root.head.head.lemma_.lower() in _BID_NOUNS
        and employer_start > 0
        and doc[employer_start - 1].lower_ == "from"
    )


def _in_brackets(doc: Doc, entities: DocEntities, token: int) -> bool:
    """Whether the name at ``token`` opens right after a bracket ("Kestrel's (Tom Hale)")."""
    start, _ = entities.name_bounds(token)
    return start > 0 and doc[start - 1].text == "("


# Verbs whose object is a part an actor plays ("played Kestrel's Jane Birch").
_PLAYING = frozenset({"play", "portray"})


def _part_played(doc: Doc, person: int) -> bool:
    """Whether the name at ``person`` is the object of "play" ("who played Kestrel's Jane
    Birch"): a character of the show, not someone who works for it."""
    token = doc[person]
    while token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "dobj" and token.head.lemma_ in _PLAYING


def _person_between(
    entities: DocEntities, title: int, sentence_end: int, person: str, ontology: Ontology
) -> bool:
    """Whether another person is named between a title (or an owner's possessive) and the
    next mention of ``person`` in its sentence ("Kestrel Minister Lord Hallam and Varnsk
    adviser Baroness Kettle": not Kettle's title). A person named before the title ("Jane
    Roe, a Kestrel peer") is not checked."""
    other = False
    for i in range(title + 1, sentence_end):
        entity = entities.entity_at(i)
        if entity is None:
            continue
        if entity.id == person:
            return other
        other = other or ontology.has_trait(entity.type, "person")
    return False


def _later_person_before(doc: Doc, entities: DocEntities, person: int, target: int) -> bool:
    """Whether another name of the person's type, then a comma, stands between a person
    and a target after it: "Ann Tolley of Kestrel and Tom Hale, formerly of Birch" (Birch
    is Hale's)."""
    own = entities.entity_at(person)
    if own is None:
        return False
    target, _ = entities.name_bounds(target)
    i = person + 1
    while i < target:
        span = entities.span_at(i)
        if span is None or span.entity_id == own.id:
            i += 1
            continue
        entity = entities.entities.get(span.entity_id)
        if entity is not None and entity.type == own.type:
            # "Tom Hale, formerly of Birch", not "Tom Hale, the head of Birch" (a post of both)
            return (
                span.end < target
                and doc[span.end].text == ","
                and all(t.pos_ in ("ADV", "ADP") for t in doc[span.end + 1 : target])
            )
        i = span.end
    return False


# Last words of the names of legislatures, where a party's leader or whip sits.
_HOUSES = frozenset(
    {"holyrood", "westminster", "stormont", "commons", "lords", "parliament", "assembly",
     "senate", "congress", "dail", "bundestag"}
)  # fmt: skip


def _party_portfolio(doc: Doc, entities: DocEntities, role: int | None, target: Entity) -> bool:
    """Whether the post is a party's spokesman for the field of a body ("Labour's
    Treasury spokesman", "the party's Home Office spokesman", "the Conservative
    spokesman for the Home Office"): a portfolio in the party, not a post at the
    ministry."""
    if role is None or doc[role].lower_ not in PORTFOLIO_ROLES:
        return False
    if political_party([target.name, *target.aliases]):
        return False
    for child in doc[role].children:
        if child.dep_ not in ("poss", "amod", "compound"):
            continue
        owner = entities.entity_at(child.i)
        if (child.dep_ == "poss" and child.lower_ == "party") or (
            owner is not None and political_party([owner.name, *owner.aliases])
        ):
            return True
    return False


def _party_before_portfolio(
    doc: Doc, entities: DocEntities, role: int | None, employer: int, target: Entity
) -> Entity | None:
    """The party named right before a body whose spokesman the title names ("Lib Dem
    Treasury spokesman Jane Roe"), or before a house the party sits in ("SNP Holyrood
    leader Jane Roe"): the party's post for the ministry or in the house, or None."""
    if role is None:
        return None
    names = [target.name, *target.aliases]
    if doc[role].lower_ not in PORTFOLIO_ROLES and not any(
        name_key(n).rsplit(" ", 1)[-1] in _HOUSES for n in names if name_key(n)
    ):
        return None
    if political_party(names):
        return None
    start, _ = entities.name_bounds(employer)
    party = entities.entity_at(start - 1) if start > 0 else None
    if party is None or not political_party([party.name, *party.aliases]):
        return None
    return party


def _shadow_post(doc: Doc, entities: DocEntities, employer: int, target: Entity) -> bool:
    """Whether "shadow" opens the post before a body that is no party ("Shadow Treasury
    chief secretary Jane Roe"): the opposition's spokesman for the department, who does
    not work for it."""
    if political_party([target.name, *target.aliases]):
        return False
    start, _ = entities.name_bounds(employer)
    return start > 0 and doc[start - 1].lower_ == "shadow"


def _joined_at_an_event(verb: Token, entities: DocEntities) -> bool:
    """Whether "join" has an event after "in" or "at" ("would join Birch in the European
    Championships"): whom one joins there goes with them; it says nothing of membership."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
            continue
        for place in prep.children:
            if place.dep_ != "pobj":
                continue
            entity = entities.entity_at(place.i)
            if place.lower_ in _EVENT_WORDS or (entity is not None and entity.type == "Event"):
                return True
    return False


def _peer_designation(doc: Doc, entities: DocEntities, person: int, matched: list[int]) -> bool:
    """Whether the match reads a peer's territorial designation ("Lord Hale of Richmond",
    "Baroness Birch of Blaisdon"): the "of" right after the name is part of the title,
    not a home or an employer."""
    span = entities.span_at(person)
    start, end = (span.start, span.end) if span is not None else (person, person + 1)
    return (
        end < len(doc)
        and doc[end].lower_ == "of"
        and end in matched
        and any(token.text in PEERAGE_STYLES for token in doc[max(0, start - 1) : end])
    )


def _told_then_named(doc: Doc, entities: DocEntities, employer: int, person: int) -> bool:
    """Whether the employer's name is the object of "told" with the person's right after
    it ("sources told the BBC Tom Hale had backed it"): the parse runs the two names into
    one phrase, but the first is who was told and the second opens what was said."""
    employer_span, person_span = entities.span_at(employer), entities.span_at(person)
    if employer_span is None or person_span is None or person_span.start != employer_span.end:
        return False
    before = employer_span.start - 1
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    return before >= 0 and doc[before].lemma_ in _TELLING_VERBS


# Verbs whose object is who was told, with what was said right after it.
_TELLING_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind"})


def _cut_name(doc: Doc, entities: DocEntities, token: int, sentence_start: int) -> bool:
    """Whether the employer's mention before a title is part of a longer name.

    "Republic of Ireland manager" read as "of Ireland" or "Ireland", "My Summer Of Love
    director" as "Love", "In The Dark director" as "The Dark": a mention that begins
    with "of" or "and", or follows "<Capitalized> of", "<Capitalized>'s" (a contraction:
    "That's Life host") or a capitalized word that is not the sentence's first, or begins
    with a capitalized article after a capitalized word, is cut from a title or a longer
    name.
    """
    span = entities.span_at(token)
    if span is None:
        return False
    first = doc[span.start]
    if first.is_lower:
        return first.pos_ in ("ADP", "CCONJ")  # "of Ireland", not "the committee chairman"
    if span.start == sentence_start:
        return False
    before = doc[span.start - 1]
    if before.lower_ == "of" and span.start - 2 >= sentence_start and doc[span.start - 2].is_title:
        return True  # "Republic of Kestria manager X" read as "Kestria"
    if (
        before.lower_ in ("'s", "’s")
        and before.tag_ == "VBZ"
        and span.start - 2 >= sentence_start
        and doc[span.start - 2].is_title
    ):
        return True  # "That's Life host X": a title with a contraction, read as "Life"
    if not before.is_title or before.lower_ in TITLE_MODIFIERS or before.ent_type_ == "NORP":
        return False  # "Chief Treasury Secretary X", "Korean CIA official X"
    if (
        before.ent_type_ in ("DATE", "TIME")
        and span.start - 2 >= sentence_start
        and doc[span.start - 2].lower_ in BEFORE_A_DAY
    ):
        return False  # "On Tuesday Labour chairman X": a day, not "Sunday Telegraph journalist"
    articled = first.lower_ in ("the", "a", "an")  # "In The Dark director"
    if before.pos_ in ("ADP", "DET", "CCONJ", "SCONJ", "PRON"):
        # a capitalized small word continues a title only after another capitalized word:
        # "My Summer Of Love director", not "(By Kestrel-News correspondent"
        earlier = span.start - 2
        return articled or (earlier > sentence_start and doc[earlier].is_title)
    return articled or span.start - 1 > sentence_start


def _line_of_two_names(token: Token, source: Entity, target: Entity) -> bool:
    """Whether "X, Y" is a line of its own (the first name is the sentence's root) naming
    two places the gazetteer does not know: a team sheet's surnames ("Moilanen, Kizys."),
    not a town and its region; a known place keeps it ("Stade de France, Paris")."""
    return (
        token.dep_ == "ROOT"
        and not is_known_place([source.name, *source.aliases])
        and not is_known_place([target.name, *target.aliases])
    )


def _a_side(entity: Entity) -> bool:
    """Whether the entity step typed the organization as a sports side: by a team's cue
    ("team: before 'striker'") or as a club it knows."""
    return any(cue.startswith((TEAM_CUE, "a club's name")) for cue in entity.type_cues)


def _screen_work(entity: Entity) -> bool:
    """Whether the entity is a film, a programme or a record by its cues: its makers,
    channel or artist did not issue it in the ontology's sense ("MTV's Kestrel Lane",
    "her new single Kestrel Lane")."""
    return any(cue.startswith((SCREEN_WORK, RECORDING)) for cue in entity.type_cues)


# Rules that place a name by a place's possessive ("Dublin's Abbey Theatre").
_POSSESSIVE_PLACE_RULES = ("places.possessive_place", "places.organization_of_place")
# Verbs that liken one thing to another: "seen as Europe's Enron", "dubbed Britain's Acme"
# (not "firms such as Ireland's Ryanair", which names an example).
_LIKENING_VERBS = frozenset(
    {"see", "regard", "view", "hail", "bill", "describe", "tout", "brand", "dub", "call",
     "label", "nickname", "consider"}
)  # fmt: skip


def _a_likeness(token: Token) -> bool:
    """ "was seen as Europe's Enron", "has been dubbed Britain's Kestrel", "is considered
    the Kestrel of Norway": the name is a comparison, not a body in that place."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "as":
        if head.i > 0 and token.doc[head.i - 1].lower_ == "such":
            return False
        while head.pos_ != "VERB" and head.head.i != head.i:
            head = head.head  # "seen by many as X": the parse may hang "as" on "many"
    elif token.dep_ != "oprd":
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in _LIKENING_VERBS


# Dashes that set off an aside ("the KLC - a US aid agency - and ...").
_ASIDE_DASHES = frozenset({"-", "–", "—", "--"})


def _dash_between_names(doc: Doc, entities: DocEntities, first: int, second: int) -> bool:
    """Whether a spaced dash alone stands between the name at ``first`` and the name at
    ``second`` right after it ("Kestrel Greats - Tom Hale", a programme's title and whom
    it is about): two names set side by side, neither the other's employer."""
    if entities.span_at(first) is None or entities.span_at(second) is None:
        return False  # an argument read through a verb or a noun, not a name set there
    _, end = entities.name_bounds(first)
    start, _ = entities.name_bounds(second)
    return (
        start == end + 1
        and doc[end].text in _ASIDE_DASHES
        and doc[end - 1].whitespace_ != ""
        and doc[end].whitespace_ != ""
    )


def _aside_before(doc: Doc, kind: int, name: int) -> bool:
    """Whether a dash stands between the description at ``kind`` and the ``name`` after it:
    an aside closes there ("from the Kestrel Fund - a US development agency - the Norvik
    Bank"; "Harwick - the arm of US carmaker Kestrel - and retailer Norvik"), and the
    description is of a name inside it or before it, not of the one after."""
    return name > kind and any(
        doc[i].text in _ASIDE_DASHES and doc[i - 1].whitespace_ and doc[i].whitespace_
        for i in range(kind + 1, name)
    )  # a dash with spaces around, not the hyphen inside "Kestrel-Secure"


def _impossible_place(
    relation_type: str, source: Entity, target: Entity, ontology: Ontology
) -> bool:
    """A place-in-place relation the gazetteer's hierarchy rules out (place_check.py)."""
    if relation_type != "LOCATED_IN" or not (
        ontology.has_trait(source.type, "place") and ontology.has_trait(target.type, "place")
    ):
        return False
    return cannot_contain([source.name, *source.aliases], [target.name, *target.aliases])


# A position and a membership are two readings of one tie: "Jane Roe joined Acme as
# an analyst" read as a bare MEMBER_OF ("joined Acme") and a WORKS_FOR with a role.
_RIVAL_TYPES = {"MEMBER_OF": "WORKS_FOR", "WORKS_FOR": "MEMBER_OF"}


# Last words of the names of administrative areas, by level (the words are the lexicon
# "areas" of patterns/places.yaml): a name ending in a lower level beside one ending in a
# higher level is an address, not two items of a list.
_AREA_LEVELS = {
    "village": 0, "township": 0, "district": 1, "county": 1, "city": 2, "prefecture": 2,
    "province": 3, "state": 3, "region": 3, "oblast": 3,
}  # fmt: skip


def _area_levels(first_last_word: Token, second_last_word: Token) -> tuple[int, int] | None:
    """The levels of two names that both end in words of administrative areas, or None."""
    first = _AREA_LEVELS.get(first_last_word.lower_)
    second = _AREA_LEVELS.get(second_last_word.lower_)
    return (first, second) if first is not None and second is not None else None


def _in_name_list(
    doc: Doc, entities: DocEntities, first: int, last: int, region_names: list[str]
) -> bool:
    """Whether the names at tokens ``first`` and ``last`` ("X, Y") are items of a comma
    list: a name between them, a comma and a name after Y, or a capitalized word and a
    comma before X when the gazetteer does not know Y.

    A team sheet or a list of surnames ("Hale, Birch, Talbot") has the shape of
    "Fresno, California"; a date or a verb after the pair ("Fresno, California, on
    Friday") does not make a list, nor does a name before it when Y is a known region
    (an address: "Fort Kestrel, Brooklyn, N.Y."). Y with its article before "and" is an
    item too ("the North, the South and the West").
    """
    start, first_end = entities.name_bounds(first)
    second, end = entities.name_bounds(last)
    levels = _area_levels(doc[first_end - 1], doc[end - 1])
    if levels is not None:
        # "Talvaro District, Norvik City, Harwick Province": each in the next; areas of one
        # level are items ("Talvaro Province, Norvik Province")
        return levels[0] >= levels[1]
    if any(token.pos_ == "PROPN" and token.text[:1].isupper() for token in doc[first_end:second]):
        return True  # "the Midlands, Kent, Bristol": a name between the two
    listed_before = start >= 2 and doc[start - 1].text == "," and doc[start - 2].text[:1].isupper()
    listed_after = (
        end + 1 < len(doc)
        and doc[end].text == ","
        and doc[end + 1].pos_ == "PROPN"
        and doc[end + 1].text[:1].isupper()
    )
    # "the East Midlands, the West Midlands and the South West": items with their article
    articled = (
        second > 0
        and doc[second - 1].lower_ == "the"
        and end + 1 < len(doc)
        and doc[end].lower_ in ("and", "or")
    )
    return listed_after or articled or (listed_before and not is_known_place(region_names))


def _drop_bare_duplicates(relations: list[Relation]) -> list[Relation]:
    """Drop evidence of a relation without properties (or with no role) that a richer
    one also has.

    "the President of X, Huang X" read by two patterns gives WORKS_FOR with and
    without a role from one sentence: the sentence belongs to the one with the role,
    and so does a "former" read without the post beside one read with it.
    So does a bare membership beside a position with a role between the same two
    entities in the same sentence (``_RIVAL_TYPES``), and a job beside a membership with the
    same properties.
    """
    rich: dict[tuple[str, str, str, int], list[dict[str, Any]]] = {}
    for r in relations:
        if r.properties:
            for e in r.evidence:
                rich.setdefault((r.type, r.source, r.target, e.start), []).append(r.properties)
    kept = []
    for r in relations:
        if not r.properties:
            types = (r.type, _RIVAL_TYPES[r.type]) if r.type in _RIVAL_TYPES else (r.type,)
            r.evidence = [
                e
                for e in r.evidence
                if not any((t, r.source, r.target, e.start) in rich for t in types)
            ]
        else:
            # "former" read twice, once with the post: the sentence belongs to the post; a
            # post read twice, once with "former" ("former Kestrel and Norvik chairman"
            # read as a list too): the sentence belongs to the one that says more
            r.evidence = [
                e
                for e in r.evidence
                if not any(
                    ("role" in other or "role" in r.properties)
                    and r.properties.items() < other.items()
                    for other in rich.get((r.type, r.source, r.target, e.start), [])
                )
                # a post one pattern reads as a party's, the same post read by another as
                # a job: the membership ("Jane Roe, now Kestrel's deputy leader")
                and not (
                    r.type == "WORKS_FOR"
                    and r.properties in rich.get(("MEMBER_OF", r.source, r.target, e.start), [])
                )
            ]
        if r.evidence:
            kept.append(r)
    return kept


def _called_a_party(doc: Doc, entities: DocEntities, entity: Entity) -> bool:
    """Whether the text calls an organization a party where it names it."""
    if entity.type != "Organization":
        return False
    spans = [(s.start, s.end) for s in entities.spans if s.entity_id == entity.id]
    return described_as_party(doc, spans)


class _Recorder:
    """Adds relations read in one document to ``merged``, one evidence per sentence."""

    def __init__(self, merged: dict[tuple, Relation], ontology: Ontology, char_offset: int):
        self.merged = merged
        self.ontology = ontology
        self.char_offset = char_offset
        self.seen: set[tuple] = set()

    def record(self, found: Relation, quoted: Span, rule: str, confidence: float) -> bool:
        """Add ``found`` with the sentence ``quoted`` as evidence; False when that sentence
        already backs the same relation (the first rule that reads it is kept)."""
        key = _relation_key(found.type, found.source, found.target, found.properties, self.ontology)
        start = quoted.start_char + self.char_offset
        if (key, start) in self.seen:
            return False
        self.seen.add((key, start))
        end = quoted.end_char + self.char_offset
        evidence = Evidence(start, end, quoted.text, rule, round(confidence, 3))
        if key in self.merged:
            self.merged[key].evidence.append(evidence)
        else:
            found.evidence.append(evidence)
            self.merged[key] = found
        return True


def _relation_key(
    relation_type: str, source: str, target: str, props: dict[str, Any], ontology: Ontology
) -> tuple:
    rel = ontology.relation_types.get(relation_type)
    if rel is not None and rel.symmetric and target < source:
        source, target = target, source
    return (relation_type, source, target, tuple(sorted(props.items())))
