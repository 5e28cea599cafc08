"""Name normalization shared by the entity step and cross-document resolution.

``name_key`` is the comparison key: two surface forms with the same key name the
same thing (case, accents, punctuation, quotes and dashes, spacing aside).

>>> name_key("The  Chinese Communist Party’s")
'chinese communist party'
>>> name_key("Hebei International Talent-Exchange Association")
'hebei international talent exchange association'
>>> name_key("Müller") == name_key("Muller")
True
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_NON_WORD = re.compile(r"[^\w]+")


def unify_punctuation(text: str) -> str:
    """Map curly quotes and dash variants onto their ASCII forms."""
    return text.translate(_QUOTES)


def name_key(name: str) -> str:
    """The comparison key of a name: casefolded, accents, determiner, possessive and punctuation removed."""
    text = unify_punctuation(unicodedata.normalize("NFKC", name)).strip()
    text = _LEADING_DETERMINER.sub("", text)
    text = _POSSESSIVE.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


# Words before a name that are not part of it. Honorifics go for every type;
# titles and offices only before a person's name ("President Xi Jinping"), and
# only when a name remains after them ("Prince" alone stays).
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam",
        "mme", "mlle", "herr", "frau", "dipl.-ing", "dipl-ing", "ing", "rev", "hon", "messrs",
    }
)  # fmt: skip
PERSON_TITLES = frozenset(
    {
        "president", "vice", "premier", "chairman", "chairwoman", "chairperson", "chair",
        "secretary", "general", "minister", "senator", "sen", "rep", "representative",
        "governor", "gov", "mayor", "ambassador", "spokesperson", "spokesman", "spokeswoman",
        "director", "judge", "justice", "chancellor", "commissioner", "deputy", "chief",
        "ceo", "cfo", "founder", "captain", "capt", "lt", "col", "sgt", "officer", "gen",
        "pope", "lord", "lady", "king", "queen", "prince", "princess", "dean", "pastor",
        "father", "bishop", "councillor", "councilor", "congressman", "congresswoman",
        "state", "foreign", "prime", "former", "late", "then", "acting",
    }
)  # fmt: skip
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")
_TRAILING_PUNCT = re.compile(r"[\s.,;:!?\"'()\[\]{}*•|/\\-]+$")
_LEADING_PUNCT = re.compile(r"^[\s,;:!?\"'()\[\]{}*•|/\\-]+")
_WORD = re.compile(r"\S+")


def strip_word(word: str) -> str:
    """A word lowercased without trailing dots: the form looked up in the word lists.

    >>> strip_word("Dipl.-Ing."), strip_word("Mr.")
    ('dipl.-ing', 'mr')
    """
    return word.casefold().rstrip(".")


def is_leading_title(word: str, entity_type: str) -> bool:
    """Whether ``word`` before a name is an honorific (any type) or a title (persons)."""
    w = strip_word(unify_punctuation(word))
    return w in HONORIFICS or (entity_type == "Person" and w in PERSON_TITLES)


def canonical_name(text: str, entity_type: str) -> str:
    """The display name of an entity: what a user expects to read in a list.

    Removes leading determiners, honorifics (and titles before a person's name),
    possessive endings, surrounding quotes and trailing punctuation; unifies quotes
    and dashes and collapses whitespace. Case is kept where it carries meaning
    (acronyms, "iPhone"); a person's name written all in capitals ("WANG HE", a
    byline) is written in title case.

    >>> canonical_name("the Chinese Communist Party’s", "Organization")
    'Chinese Communist Party'
    >>> canonical_name("Dipl.-Ing. Hans  Müller", "Person")
    'Hans Müller'
    >>> canonical_name("President Xi Jinping,", "Person")
    'Xi Jinping'
    >>> canonical_name("“Made in China 2025”", "Event")
    'Made in China 2025'
    >>> canonical_name("WANG HE", "Person"), canonical_name("the FBI", "Organization")
    ('Wang He', 'FBI')
    >>> canonical_name("Prince", "Person")
    'Prince'
    """
    text = " ".join(unify_punctuation(unicodedata.normalize("NFC", text)).split())
    for _ in range(3):
        before = text
        text = _LEADING_PUNCT.sub("", text)
        text = _TRAILING_PUNCT.sub("", text) if not _ends_with_initial(text) else text.rstrip()
        for ending in POSSESSIVE_ENDINGS:
            if text.endswith(ending) and len(text) > len(ending):
                text = text[: -len(ending)]
                break
        words = text.split(" ")
        start = 0
        while start < len(words) - 1 and (
            words[start].casefold() in DETERMINERS or is_leading_title(words[start], entity_type)
        ):
            start += 1
        text = " ".join(words[start:])
        if text == before:
            break
    if entity_type == "Person" and text.isupper() and " " in text:
        text = " ".join(w.capitalize() for w in text.split(" "))
    return text


_DOTTED_ABBREVIATIONS = frozenset(
    {"co", "inc", "ltd", "corp", "jr", "sr", "bros", "st", "no", "plc"}
)


def _ends_with_initial(text: str) -> bool:
    """'John C.', 'Co.', 'Inc.', 'U.S.': a final dot that belongs to the name, not 'FBI.'."""
    match = re.search(r"(?:^|\s)(\S+)\.$", text)
    if not match:
        return False
    word = match.group(1)
    return len(word) == 1 or "." in word or word.casefold() in _DOTTED_ABBREVIATIONS
