"""Rule 5: fuzzy names, blocked so that it stays fast, guarded word by word.

Names of one type scoring at least ``fuzzy_threshold`` (rapidfuzz ``ratio``)
are merged when every word matches a word of the other name up to a typo
(``words_compatible``): persons who merely share a surname and organizations
that merely share a head noun ("Ministry of Health of Hunan" / "... of Henan")
stay apart. Comparisons run within blocks of names sharing their first or last
three letters. Near misses, and names already established in several
documents each, become review candidates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from threadline.graph.resolve.keys import FILLER_WORDS, PERSON
from threadline.graph.resolve.resolver import Resolver
from threadline.names import is_acronym

# Fuzzy matching is only tried on names at least this long (short names are too
# close to each other to tell a typo from another name).
_MIN_FUZZY_LENGTH = 5
# Blocks larger than this are split further so a block never costs more than this squared.
_MAX_BLOCK = 2000


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
    ("Hunan"/"Henan"). A person's name of one word, most often a surname alone, has no
    other word to anchor a variant: "Edward" and "Edwards", "Harley" and "Hartley" are
    other persons.

    >>> words_compatible("peter navarro", "peter navaro")
    True
    >>> words_compatible("hartley", "harley", person=True)
    False
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
    wa = [w for w in a.split() if w not in FILLER_WORDS]
    wb = [w for w in b.split() if w not in FILLER_WORDS]
    if not wa or len(wa) != len(wb):
        return False
    if person and len(wa) == 1:
        return wa == wb
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


def link_fuzzy(resolver: Resolver) -> None:
    """Rule 5: link names within the fuzzy threshold whose words agree; list the near misses."""
    threshold = float(resolver.config.fuzzy_threshold)
    floor = max(0.0, threshold - float(resolver.config.candidate_margin))
    entries: dict[tuple[str, str], int] = {}
    for i, record in enumerate(resolver.records):
        key = record.key
        if resolver.kept_apart(record.entity.type, key, record.doc_id):
            continue  # a bare name kept apart merges on no near spelling either
        if len(key) >= _MIN_FUZZY_LENGTH and not is_acronym(record.entity.name):
            entries.setdefault((record.entity.type, key), i)
    doc_count: Counter[int] = Counter()
    seen_docs: set[tuple[int, str]] = set()
    for i, record in enumerate(resolver.records):
        pair = (resolver.uf.find(i), record.doc_id)
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
        for a, b, score in similar_pairs(keys, floor):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ia, ib = entries[(entity_type, a)], entries[(entity_type, b)]
            ra, rb = resolver.uf.find(ia), resolver.uf.find(ib)
            if ra == rb:
                continue
            compatible = words_compatible(a, b, person=entity_type == PERSON)
            established = doc_count[ra] >= 2 and doc_count[rb] >= 2
            if resolver.config.fuzzy and score >= threshold and compatible and not established:
                decided.append((ia, ib))
            elif score >= floor and (compatible or score >= threshold):
                why = "" if compatible else ", names differ in a distinctive word"
                if compatible and established and score >= threshold:
                    why = ", both in several documents"
                resolver.candidates.append((ia, ib, round(score, 1), f"similar names{why}"))
    for i, j in decided:
        resolver.union(i, j, "fuzzy")


def similar_pairs(keys: list[str], floor: float) -> Iterable[tuple[str, str, float]]:
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
                yield from similar_pairs(part, floor)
            return
        keys = keys[:_MAX_BLOCK]
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=floor, workers=1)
    rows, cols = np.nonzero(np.triu(scores, k=1))
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        a, b = keys[r], keys[c]
        yield (a, b, float(scores[r, c])) if a < b else (b, a, float(scores[r, c]))
