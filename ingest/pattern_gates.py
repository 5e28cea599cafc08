"""Where the relation patterns need to run at all: gate words and sentence runs.

The DependencyMatcher's token pass is most of the relation step's cost, and
most sentences cannot match most patterns: a pattern needing "founder" cannot
match a sentence without it, and no pattern can match a sentence naming fewer
than two entities, save one whose name holds a country's word ("the Haitian
parliament", whose country the relation step can name). Patterns are grouped by
the words they need, and matching runs only over runs of sentences naming two or
more entities, or one such name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from threadline.errors import ConfigError
from threadline.ingest.nationality import country_name
from threadline.ingest.pattern_files import Pattern
from threadline.ingest.spans import DocEntities, EntitySpan, sentences

# Patterns that need the same words, in one matcher (None: needing none).
PatternGroup = tuple[frozenset[str] | None, DependencyMatcher]


# Words too common to tell sentences apart: a pattern needing one of them runs everywhere.
_COMMON_GATE_WORDS = frozenset(
    {"of", "at", "in", "for", "with", "by", "from", "to", "on", ",", "'s", "the", "a", "an",
     "as", "and", "be", "is", "was", "have", "has", "-", "(", ")", "'", "’s", "that", "which"}
)  # fmt: skip


def grouped_matchers(patterns: Iterable[Pattern], vocab: Vocab) -> list[PatternGroup]:
    """The patterns' DependencyMatchers, one per set of words the patterns need.

    A pattern one of whose nodes must be one of a few words ("founder",
    "co-founder") cannot match a sentence without them; patterns that need
    the same words share a matcher, which runs only on sentences holding one
    of them. The matcher's token pass costs in proportion to the patterns it
    holds, so most sentences pay for a few patterns instead of all.
    """
    grouped: dict[frozenset[str] | None, DependencyMatcher] = {}
    for p in patterns:
        gate = pattern_gate(p.matcher_pattern)
        dep = grouped.setdefault(gate, DependencyMatcher(vocab))
        try:
            dep.add(p.id, [list(p.matcher_pattern)])
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{p.file}: pattern {p.id!r} is not a valid "
                              f"DependencyMatcher pattern ({exc})") from exc  # fmt: skip
    return list(grouped.items())


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


def sentence_runs(doc: Doc, entities: DocEntities) -> list[tuple[int, int]]:
    """Token ranges of consecutive sentences that name two or more distinct entities,
    or one whose name holds a country's word.

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
        if len(ids) < 2 and not (ids and _national_name(doc, entities, spans[index])):
            continue
        if runs and runs[-1][1] == sent.start:
            runs[-1] = (runs[-1][0], sent.end)
        else:
            runs.append((sent.start, sent.end))
    return runs
