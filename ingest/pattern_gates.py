"""Where the relation patterns need to run at all: sentence runs and what a pattern needs.

The DependencyMatcher's token pass is most of the relation step's cost, and
most sentences cannot match most patterns: a pattern needing "founder" cannot
match a sentence without it, and no pattern can match a sentence naming fewer
than two entities, save one whose name holds a country's word ("the Haitian
parliament", whose country the relation step can name). Matching runs only over
runs of sentences naming two or more entities, or one such name, and each pattern
only on the runs where it can match:

- a pattern that needs one of a few words runs only where one of them is (a
  set lookup per run);
- then every node of the pattern must find a token with all the attribute values
  it requires (word, dependency label, part of speech, tag): "a ``nummod``
  ``NUM`` under a ``pobj``" rules a pattern out of most runs that hold its
  trigger word. This is read off an index of the run's tokens by value;
- then every link of the pattern between two nodes that is a head and its
  dependent (``>``, ``<``) or two neighbouring words (``.``, ``;``) must join
  two tokens that may stand for those nodes: a run holding "chief" and a
  ``compound`` name, but not the name under the title, cannot match "Acme chief
  Jane Roe". This is read off a second index: for each value, the heads of the
  tokens that have it.

Each check only rules out runs where a pattern cannot match, so what the
matchers find is what they would find everywhere.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from threadline.errors import ConfigError
from threadline.ingest.linear_patterns import SequenceMatcher, word_sequence
from threadline.ingest.nationality import country_name
from threadline.ingest.pattern_files import Pattern, bundled_lexicon
from threadline.ingest.spans import DocEntities, EntitySpan, sentences, word_positions
from threadline.ingest.tree_roots import RootIndexMatcher

# Words too common to tell sentences apart: a pattern needing one of them runs everywhere.
_COMMON_GATE_WORDS = frozenset(
    {"of", "at", "in", "for", "with", "by", "from", "to", "on", ",", "'s", "the", "a", "an",
     "as", "and", "be", "is", "was", "have", "has", "-", "(", ")", "'", "’s", "that", "which"}
)  # fmt: skip

# Token attributes a node's needs are read from, and the prefix of their values in the
# run index. Word attributes are compared lowercased: a superset of what can match.
_NEED_PREFIXES = {
    "LOWER": "w:", "LEMMA": "w:", "ORTH": "w:", "TEXT": "w:",
    "DEP": "d:", "POS": "p:", "TAG": "t:",
}  # fmt: skip
# ``Span.as_doc`` relabels a token whose head lies outside the span "dep"; the run a
# matcher reads is such a copy, so this value is always taken as present.
_COPY_DEP = "d:dep"

# For each attribute a node constrains, the prefixed values one of which its token has.
NodeNeeds = tuple[frozenset[str], ...]


# How a link between two nodes of a pattern is checked: the first node's token heads the
# second's ("head"), or comes right before it ("next").
_LINKS = {">": ("head", False), "<": ("head", True), ".": ("next", False), ";": ("next", True)}


@dataclass(frozen=True, slots=True)
class PatternMatcher:
    """One pattern's matcher and its gates.

    ``words``: one of them must be in a run for the pattern to match (None: no
    such words); ``nodes``: the ids of its nodes' needs; ``links``: pairs of
    those ids with how their tokens must be linked (``_LINKS``).
    """

    words: frozenset[str] | None
    matcher: DependencyMatcher | SequenceMatcher
    nodes: tuple[int, ...]
    links: tuple[tuple[int, int, str], ...] = ()


class PatternMatchers:
    """A matcher per pattern (a DependencyMatcher, or a token Matcher for a word
    sequence), in pattern order, with the pattern's gates.

    One matcher per pattern rather than one for all: the token pass of a
    matcher costs in proportion to the node patterns it holds, and a run pays
    only for the patterns that can match in it. The order of the matches is the
    same either way: within a pattern they follow the tree roots, and a tree is
    a sentence (spaCy marks a sentence where a tree starts).
    """

    def __init__(self, patterns: Iterable[Pattern], vocab: Vocab) -> None:
        node_ids: dict[NodeNeeds, int] = {}
        self.matchers: list[PatternMatcher] = []
        # Each pattern's number by the key its matches carry.
        self.order: dict[int, int] = {}
        for p in patterns:
            self.order.setdefault(vocab.strings.add(p.id), len(self.order))
            matcher = _matcher(p, vocab)
            ids = [
                node_ids.setdefault(node_needs(node.get("RIGHT_ATTRS", {})), len(node_ids))
                for node in p.matcher_pattern
            ]
            gate = pattern_gate(p.matcher_pattern)
            words = None if gate is None else frozenset("w:" + w for w in gate)
            self.matchers.append(
                PatternMatcher(
                    words, matcher, tuple(dict.fromkeys(ids)), pattern_links(p.matcher_pattern, ids)
                )
            )
        self.nodes: list[NodeNeeds] = list(node_ids)
        # Which patterns a run's words let through, as bit masks over the patterns (bit
        # i: pattern i): a run looks up its own few words rather than every pattern
        # testing its word set against the run.
        self._ungated = 0
        self._by_word: dict[str, int] = {}
        for number, pattern in enumerate(self.matchers):
            if pattern.words is None:
                self._ungated |= 1 << number
            else:
                for word in pattern.words:
                    self._by_word[word] = self._by_word.get(word, 0) | 1 << number
        self._gate_words = frozenset(self._by_word)

    def __len__(self) -> int:
        return len(self.matchers)

    def runnable(self, span: Span | Doc) -> Iterator[DependencyMatcher | SequenceMatcher]:
        """The matchers, in pattern order, of the patterns that can match in ``span``."""
        index, heads = token_index(span)
        present = set(index)
        everyone = index[_COPY_DEP]
        tokens: list[int | None] = [None] * len(self.nodes)  # per node: who may stand for it
        above: list[int | None] = [None] * len(self.nodes)  # per node: the heads of those
        gated_in = self._ungated
        for word in self._gate_words & present:
            gated_in |= self._by_word[word]
        matchers = self.matchers
        while gated_in:  # the patterns let through, in pattern order
            lowest = gated_in & -gated_in
            gated_in ^= lowest
            pattern = matchers[lowest.bit_length() - 1]
            for i in pattern.nodes:
                mask = tokens[i]
                if mask is None:
                    mask = tokens[i] = _tokens_with(self.nodes[i], index, present, everyone)
                if not mask:
                    break
            else:
                for first, second, how in pattern.links:
                    if how == "next":
                        linked = (tokens[first] or 0) << 1 & (tokens[second] or 0)
                    else:
                        up = above[second]
                        if up is None:
                            up = above[second] = _tokens_with(
                                self.nodes[second], heads, present, -1
                            )
                        linked = up & (tokens[first] or 0)
                    if not linked:
                        break
                else:
                    yield pattern.matcher


def _matcher(pattern: Pattern, vocab: Vocab) -> DependencyMatcher | SequenceMatcher:
    """The pattern's matcher: checked as a DependencyMatcher pattern, and run as a word
    sequence where its nodes follow one another word by word (ingest/linear_patterns.py)."""
    matcher = RootIndexMatcher(vocab)
    try:
        matcher.add(pattern.id, [list(pattern.matcher_pattern)])
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{pattern.file}: pattern {pattern.id!r} is not a valid "
                          f"DependencyMatcher pattern ({exc})") from exc  # fmt: skip
    sequence = word_sequence(pattern.matcher_pattern)
    return matcher if sequence is None else SequenceMatcher(vocab, pattern.id, sequence)


def token_index(span: Span | Doc) -> tuple[dict[str, int], dict[str, int]]:
    """The run's attribute values (prefixed as in ``NodeNeeds``), each with the
    bit mask of the tokens that have it, and with the bit mask of those tokens'
    heads in the run."""
    doc, start = (span.doc, span.start) if isinstance(span, Span) else (span, 0)
    offsets: list[int] = doc.to_array([HEAD])[start : start + len(span)].view("int64").tolist()
    index: dict[str, int] = {_COPY_DEP: 0}
    heads: dict[str, int] = {}
    size = len(offsets)
    everyone = (1 << size) - 1
    bit = 1
    for i, token in enumerate(span):
        head = i + offsets[i]
        if not offsets[i]:
            head_bit = 0  # a root
        elif 0 <= head < size:
            head_bit = 1 << head
        else:
            # The copy hangs a token whose head is outside the run on some token of the
            # run and labels it "dep": any token may be its head there.
            head_bit = everyone
            heads[_COPY_DEP] = everyone
        for value in (
            "w:" + token.lower_,
            "w:" + token.lemma_.lower(),
            "d:" + token.dep_,
            "p:" + token.pos_,
            "t:" + token.tag_,
        ):
            index[value] = index.get(value, 0) | bit
            if head_bit:
                heads[value] = heads.get(value, 0) | head_bit
        bit <<= 1
    index[_COPY_DEP] = everyone  # any token may be one the copy relabels
    return index, heads


def _tokens_with(need: NodeNeeds, index: dict[str, int], present: set[str], everyone: int) -> int:
    """The bit mask of the run's tokens (or, from the heads index, of their heads) that
    may have a value of every attribute the node constrains; ``everyone`` when it
    constrains none."""
    tokens = everyone
    for values in need:
        mask = 0
        for value in values & present:
            mask |= index.get(value, 0)
        tokens &= mask
        if not tokens:
            return 0
    return tokens


def pattern_links(
    nodes: Iterable[dict[str, Any]], ids: list[int]
) -> tuple[tuple[int, int, str], ...]:
    """The links between nodes the gate checks, as (first node's needs id, second's, how):
    for "head", the first node's token heads the second's; for "next", it comes right
    before it. Other operators (ancestors, siblings) are left to the matcher.

    >>> pattern_links([{"RIGHT_ID": "t"}, {"LEFT_ID": "t", "REL_OP": ">", "RIGHT_ID": "n"},
    ...                {"LEFT_ID": "n", "REL_OP": ";", "RIGHT_ID": "c"},
    ...                {"LEFT_ID": "t", "REL_OP": ">>", "RIGHT_ID": "x"}], [0, 1, 2, 3])
    ((0, 1, 'head'), (2, 1, 'next'))
    """
    nodes = list(nodes)
    position = {node["RIGHT_ID"]: ids[i] for i, node in enumerate(nodes)}
    links: list[tuple[int, int, str]] = []
    for i, node in enumerate(nodes):
        link = _LINKS.get(node.get("REL_OP", ""))
        if link is None:
            continue
        how, reversed_ = link
        left, right = position[node["LEFT_ID"]], ids[i]
        links.append((right, left, how) if reversed_ else (left, right, how))
    return tuple(links)


def node_needs(attrs: dict[str, Any]) -> NodeNeeds:
    """What a DependencyMatcher node's token must have: per attribute, the values allowed.

    Only exact values and ``IN`` lists of word, dependency, part-of-speech and
    tag attributes count; anything else (``NOT_IN``, ``REGEX``, flags) needs nothing here.

    >>> [sorted(v) for v in node_needs({"LOWER": {"IN": ["Chief", "head"]}, "DEP": "nsubj",
    ...                                 "TAG": {"NOT_IN": ["VBN"]}})]
    [['w:chief', 'w:head'], ['d:nsubj']]
    """
    needs: list[frozenset[str]] = []
    for key, value in attrs.items():
        prefix = _NEED_PREFIXES.get(key)
        if prefix is None:
            continue
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            values = [str(v) for v in value["IN"]]
        else:
            continue
        if prefix == "w:":
            values = [v.lower() for v in values]
        needs.append(frozenset(prefix + v for v in values))
    return tuple(needs)


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


def _national_name(doc: Doc, entities: DocEntities, span: EntitySpan) -> bool:
    """Whether an organization's name holds a country's word ("Haitian Parliament")."""
    entity = entities.entities[span.entity_id]
    return entity.type == "Organization" and any(
        country_name(token.text) is not None for token in doc[span.start : span.end]
    )


# Pronouns that, opening a sentence or after a short phrase (among its first six words),
# may stand for the person the sentence before names.
_OPENING_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
_OPENING_WORDS = 6
# "its", and "country" or "nation" after "the": words that may stand for an entity the
# sentence before names.
_STANDING_WORDS = frozenset({"its", "country", "nation"})
# Titles that, set before a person's name with no employer, may be held at the body the
# sentence before names ("Chief executive Tom Hale said"): the patterns' own list.
_BODY_TITLES = bundled_lexicon("positions.yaml", "body_titles")


def _words_for_names_before(doc: Doc) -> list[int]:
    """The positions of "its" and of "the country" or "the nation" in the document, in
    order."""
    return [
        i
        for i in word_positions(doc, _STANDING_WORDS)
        if doc[i].lower_ == "its" or (i > 0 and doc[i - 1].lower_ == "the")
    ]


def _after_an_opening_the(doc: Doc, sent: Span, start: int) -> bool:
    """Whether a name starting at ``start`` follows the "the" opening ``sent`` ("The
    Kestrel chairman said"), or any "the" in a sentence a quote opens ('"...," said the
    Kestrel chairman')."""
    if start == sent.start + 1:
        return doc[sent.start].lower_ == "the"
    return start > sent.start and doc[start - 1].lower_ == "the" and doc[sent.start].is_quote


def _opens_with_an_age(doc: Doc, sent: Span) -> bool:
    """Whether ``sent`` opens with "The <number>-year-old", which news writes for the person
    the sentence before names ("The 31-year-old striker joined Kestrel")."""
    i = sent.start
    return (
        i + 5 < sent.end
        and doc[i].lower_ == "the"
        and doc[i + 1].like_num
        and doc[i + 2].text == "-"
        and doc[i + 3].lower_ == "year"
        and doc[i + 5].lower_ == "old"
    )


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted ``positions`` lies in ``[start, end)``."""
    return bisect_left(positions, start) < bisect_left(positions, end)


def sentence_runs(doc: Doc, entities: DocEntities) -> list[tuple[int, int]]:
    """Token ranges of consecutive sentences that name two or more distinct entities,
    or one whose name holds a country's word, or one and "its" or "the country", which
    may stand for an entity the sentence before names, or one and a person's pronoun opening
    the sentence, or one right after its opening "the" ("The Kestrel chairman said") or
    after "the" in a sentence a quote opens, or one in a sentence opening with "The
    31-year-old", which may stand for the person the sentence before names, or one and a
    title that may be held at the body the sentence before names ("Chief executive Tom
    Hale said") (ingest/relation_arguments.py).

    An entity span counts for every sentence it overlaps.
    """
    spans = [s for s in entities.spans if s.entity_id in entities.entities]
    runs: list[tuple[int, int]] = []
    index = 0
    standing = _words_for_names_before(doc)
    persons = word_positions(doc, _OPENING_PERSON_PRONOUNS)
    titles = word_positions(doc, _BODY_TITLES)
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
        if len(ids) < 2 and not (
            ids
            and (
                _national_name(doc, entities, spans[index])
                or _any_between(standing, sent.start, sent.end)
                or _any_between(persons, sent.start, min(sent.end, sent.start + _OPENING_WORDS))
                or _any_between(titles, sent.start, sent.end)
                or _after_an_opening_the(doc, sent, spans[index].start)
                or _opens_with_an_age(doc, sent)
            )
        ):
            continue
        if runs and runs[-1][1] == sent.start:
            runs[-1] = (runs[-1][0], sent.end)
        else:
            runs.append((sent.start, sent.end))
    return runs
