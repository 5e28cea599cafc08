"""Comparing names: filler words, descriptions, shared words, reordered person names.

The small tests the resolution rules share when they decide whether two names
(or a name and an alias) can be the same entity. Name normalization itself
(``resolution_key``, ``display_name``) is ``threadline.names``.
"""

from __future__ import annotations

from functools import lru_cache

from threadline.names import REFERRING_WORDS

PERSON = "Person"
LOCATION = "Location"

# Words that carry no identity: ignored when comparing the words of two names.
FILLER_WORDS = frozenset(
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


@lru_cache(maxsize=1 << 18)
def is_description(alias: str) -> bool:
    """'the association', 'the company': a description, not a name (no capitalized word)."""
    words = alias.split()
    if words and words[0].casefold() in REFERRING_WORDS:
        words = words[1:]
    return not any(w[:1].isupper() or w[:1].isdigit() for w in words)


def shares_words(alias_key: str, name_key: str) -> bool:
    """Whether at least half the distinctive words of an alias occur in the name.

    >>> shares_words("communist party of china", "chinese communist party")
    True
    >>> shares_words("international technology transfer center", "hebei international talent association")
    False
    """
    alias_words = {w for w in alias_key.split() if w not in FILLER_WORDS}
    name_words = {w for w in name_key.split() if w not in FILLER_WORDS}
    return bool(alias_words) and 2 * len(alias_words & name_words) >= len(alias_words)


def reordered_key(key: str) -> str | None:
    """The words of a person's name in sorted order, to match reordered names."""
    words = key.split()
    return "~" + " ".join(sorted(words)) if len(words) >= 2 else None
