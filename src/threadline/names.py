"""Name normalization: the one place the entity step, resolution and lookups compare names.

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
from functools import lru_cache

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
# "A" before one word alone is an initial ("A Horgan" beside "S Horgan" on a team sheet).
_LEADING_DETERMINER = re.compile(r"^(?:the|an|a(?!\s+\S+$))\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_NON_WORD = re.compile(r"[^\w]+")


def unify_punctuation(text: str) -> str:
    """Map curly quotes and dash variants onto their ASCII forms."""
    return text.translate(_QUOTES)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The comparison key of a name: casefolded, accents, determiner, possessive and punctuation removed.

    Cached: extraction asks for the keys of the same few thousand names a hundred
    thousand times on a few hundred articles (every mention, cue and lookup).
    ASCII text, nearly every name, is left alone by both normalizations and the
    quote and dash mapping, so they are skipped for it.
    """
    ascii_only = name.isascii()
    text = name if ascii_only else unify_punctuation(unicodedata.normalize("NFKC", name))
    text = _LEADING_DETERMINER.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    if not ascii_only:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


# Capitalized words that open a title before a name or an employer ("Shadow home
# secretary Jane Roe", "Deputy Kestrel Bank governor"): never a name of their own.
TITLE_MODIFIERS = frozenset(
    {"chief", "deputy", "senior", "former", "shadow", "acting", "interim", "junior", "vice"}
)

# Words that open a sentence before an employer, a title and a name, describing the
# person ("Fellow Leeds striker X", "Veteran Kestrel editor Y"): never part of a name.
# Not "new", "young", "star" or "top": they open names too ("New York", "Star Wars").
DESCRIBING_OPENERS = frozenset(
    {"fellow", "veteran", "teenage", "injured", "rival", "former", "ex", "inexperienced",
     "experienced", "legendary", "outgoing", "embattled", "beleaguered", "controversial",
     "flamboyant", "departing", "disgraced", "jailed", "sacked", "retired", "influential"}
)  # fmt: skip

# Words before a name that are not part of it. Honorifics go for every type;
# titles and offices only before a person's name ("President Xi Jinping"), and
# only when a name remains after them ("Prince" alone stays).
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Particles that open surnames and the names of papers, firms and places ("Le Figaro",
# "De Beers", "San Marino", "El Pais"): never a first name, whatever a name list says.
NAME_PARTICLES = frozenset(
    {"van", "von", "el", "al", "du", "di", "da", "den", "der", "le", "la", "de", "des", "del",
     "dos", "das", "mc", "mac", "bin", "ibn", "abu", "san", "santa", "st", "ter", "ten"}
)  # fmt: skip
# Titles of members elected for a seat ("MP for Leeds", "the Leeds Central MP").
LEGISLATOR_TITLES = frozenset({"mp", "msp", "mep", "am", "mla", "td"})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)  # fmt: skip
# Words before a day's name that make it a date ("on Sunday Kestrel said"), not part of a
# name ("Sunday Telegraph journalist").
BEFORE_A_DAY = frozenset({"on", "in", "last", "this", "next", "since", "until", "during", "every"})
HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam",
        "mme", "mlle", "herr", "frau", "dipl.-ing", "dipl-ing", "ing", "rev", "hon", "messrs",
        "rt",
    }
)  # fmt: skip
# Peers' styles before a name ("Lord Talbot", "Baroness Birch of Blaisdon").
PEERAGE_STYLES = frozenset({"Lord", "Lady", "Baroness", "Baron", "Dame"})

PERSON_TITLES = frozenset(
    {
        "president", "vice", "premier", "chairman", "chairwoman", "chairperson", "chair",
        "secretary", "general", "minister", "senator", "sen", "rep", "representative",
        "governor", "gov", "mayor", "ambassador", "spokesperson", "spokesman", "spokeswoman",
        "director", "judge", "justice", "chancellor", "commissioner", "deputy", "chief",
        "ceo", "cfo", "founder", "captain", "capt", "lt", "col", "sgt", "officer", "gen",
        "pope", "lord", "lady", "king", "queen", "prince", "princess", "dean", "pastor",
        "father", "bishop", "councillor", "councilor", "congressman", "congresswoman",
        "state", "foreign", "prime", "former", "late", "then", "acting", "crown", "emir",
        "sultan", "archbishop", "cardinal", "treasurer", "attorney", "sheriff", "commander",
        "speaker", "inspector", "superintendent", "detective", "constable", "dj", "mp",
        "mep", "msp", "coach", "manager", "striker", "midfielder", "defender", "goalkeeper",
        "winger", "skipper", "analyst", "economist", "strategist", "presenter",
    }
)  # fmt: skip

# Titles written with a hyphen, which the English tokenizer cuts in three ("co", "-",
# "ordinator"): the parser then hangs the words and what follows them anywhere, and no
# title word is left to read ("Jane Roe, co-ordinator for Acme"). Kept whole, they parse
# as the nouns they are.
HYPHENATED_TITLES = frozenset(
    {
        "vice-president", "vice-chairman", "vice-chairwoman", "vice-chair", "vice-chancellor",
        "vice-principal", "vice-captain", "co-ordinator", "co-founder", "co-chairman",
        "co-chair", "co-leader", "co-owner", "co-host", "co-presenter", "co-author",
        "co-director", "co-producer", "co-manager", "director-general", "secretary-general",
        "attorney-general", "solicitor-general", "editor-in-chief", "commander-in-chief",
        "vice-director", "vice-governor", "vice-minister", "vice-premier", "co-head",
        "co-editor", "co-creator", "co-writer", "co-chief",
    }
)  # fmt: skip
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")
_TRAILING_PUNCT = re.compile(r"[\s.,;:!?\"'()\[\]{}*•|/\\-]+$")
_LEADING_PUNCT = re.compile(r"^[\s,;:!?\"'()\[\]{}*•|/\\-]+")
_WORD = re.compile(r"\S+")


# A website named by its domain alone ("Kestrelgames.com", "halo.norvik.org.uk"): no
# scheme, no "www.", no path; the last part one of the endings news names sites by.
_BARE_DOMAIN = re.compile(
    r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|info|biz|tv|fm|co\.uk|org\.uk|uk)",
    re.IGNORECASE,
)


def is_bare_domain(text: str) -> bool:
    """Whether ``text`` is a website's domain alone, a name of the site or its owner.

    >>> is_bare_domain("Kestrelgames.com"), is_bare_domain("www.kestrel.com")
    (True, False)
    """
    return (
        _BARE_DOMAIN.fullmatch(text) is not None
        and not text.lower().startswith("www.")
        and any(c.isalpha() for c in text.split(".", 1)[0])
    )


def strip_word(word: str) -> str:
    """A word lowercased without trailing dots: the form looked up in the word lists.

    >>> strip_word("Dipl.-Ing."), strip_word("Mr.")
    ('dipl.-ing', 'mr')
    """
    return word.casefold().rstrip(".")


def is_honorific(word: str) -> bool:
    """Whether ``word`` is an honorific ("Mr", "Dr.", "Ing."); three or more capitals
    without a full stop are an acronym ("ING Talbot" is a bank's unit, not Mr Talbot).

    >>> is_honorific("Mr"), is_honorific("Ing."), is_honorific("ING"), is_honorific("MR")
    (True, True, False, True)
    """
    return strip_word(word) in HONORIFICS and not (
        len(word) >= 3 and word.isupper() and word.isalpha()
    )


# Titles that are also common first names: capitalized before a lone surname, the name's
# own first word ("Dean Richards"), not the post ("Dean John Hale", "dean Hale").
FIRST_NAME_TITLES = frozenset({"dean"})


def is_leading_title(word: str, entity_type: str, words_after: int = 2) -> bool:
    """Whether ``word`` before a name of ``words_after`` words is an honorific (any type)
    or a title (persons).

    >>> is_leading_title("Dean", "Person", 1), is_leading_title("Dean", "Person", 2)
    (False, True)
    """
    word = unify_punctuation(word)
    w = strip_word(word)
    if w in FIRST_NAME_TITLES and words_after == 1 and word[:1].isupper():
        return False
    return is_honorific(word) or (
        entity_type == "Person" and (w in PERSON_TITLES or w in HYPHENATED_TITLES)
    )


def canonical_name(text: str, entity_type: str) -> str:
    """The display name of an entity: what a user expects to read in a list.

    Removes leading determiners, honorifics (and titles before a person's name, letters
    after it), possessive endings, surrounding quotes and trailing punctuation; unifies quotes
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
    >>> canonical_name("A Craig", "Person"), canonical_name("A Kestrel", "Organization")
    ('A Craig', 'Kestrel')
    >>> canonical_name("Tom Hale QC", "Person"), canonical_name("Ann Tolley OBE MP", "Person")
    ('Tom Hale', 'Ann Tolley')
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
            (words[start].casefold() in DETERMINERS and not _initial_a(words, start, entity_type))
            or is_leading_title(words[start], entity_type, len(words) - start - 1)
        ):
            start += 1
        text = " ".join(words[start:])
        if text == before:
            break
    if entity_type == "Person":
        words = text.split(" ")
        while len(words) > 2 and words[-1] in POST_NOMINALS:
            words.pop()  # "Guy Hale QC": letters after the name, not a part of it
        text = " ".join(words)
    if entity_type == "Person" and text.isupper() and " " in text:
        text = " ".join(w.capitalize() for w in text.split(" "))
    return text


# Letters after a person's name: honours, a silk, a seat ("Tom Hale QC", "Ann Tolley OBE").
POST_NOMINALS = frozenset(
    {"QC", "KC", "OBE", "MBE", "CBE", "KBE", "DBE", "GBE", "FRS", "MP", "MSP", "MEP", "PhD"}
)


def _initial_a(words: list[str], start: int, entity_type: str) -> bool:
    """Whether a capital "A" opens a person's initial and surname ("A Craig" on a team
    sheet, which the model may tag as a place) or a place's name ("A Coruna"): the
    article never opens a name of either."""
    return (
        entity_type in ("Person", "Location") and start == 0 and len(words) == 2 and words[0] == "A"
    )


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


# -- resolution keys ------------------------------------------------------------------
# Cross-document resolution and every lookup of a name a user types compare names by
# ``resolution_key``: ``name_key`` with acronyms compacted, so "N.A.T.O." and "NATO"
# are one name wherever a name is looked up.

# Determiners and possessive pronouns before a name ("its parent company"): skipped
# when reading a name's initials or telling a description from a name.
REFERRING_WORDS = DETERMINERS | frozenset({"its", "their", "his", "her", "our"})
# Words skipped when reading the initials of a name ("Ministry of Public Security" -> MPS).
_INITIALS_SKIP = frozenset(
    ["of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "&", "de"]
)
_LEADING_THE = re.compile(r"^the\s+(?=\S)")
_TRAILING_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")
_NAME_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@lru_cache(maxsize=1 << 18)
def is_acronym(name: str) -> bool:
    """Whether a name is an acronym: one word of capitals (dots allowed), e.g. CCP, U.S., G20.

    >>> [is_acronym(n) for n in ["CCP", "U.S.", "G20", "Cat", "COVID-19", "A"]]
    [True, True, True, False, False, False]
    """
    compact = name.strip().replace(".", "")
    return (
        2 <= len(compact) <= 10
        and compact.isalnum()
        and compact == compact.upper()
        and any(c.isalpha() for c in compact)
    )


@lru_cache(maxsize=1 << 18)
def resolution_key(name: str) -> str:
    """The key two names must share to be the same name: ``name_key``, acronyms compacted.

    >>> resolution_key("U.S."), resolution_key("The Chinese Communist Party's")
    ('us', 'chinese communist party')
    """
    if is_acronym(name):
        return name.strip().replace(".", "").casefold()
    return name_key(name)


@lru_cache(maxsize=1 << 18)
def initials(name: str) -> frozenset[str]:
    """The acronyms a name may go by: its initials with and without small words, casefolded.

    >>> sorted(initials("Ministry of Public Security"))
    ['mops', 'mps']
    >>> sorted(initials("The Chinese Communist Party"))
    ['ccp']
    """
    text = unify_punctuation(name).replace("'s ", " ")
    words = [w for w in re.split(r"[\s\-/]+", text) if _NAME_WORD.search(w)]
    if words and words[0].casefold() in REFERRING_WORDS:
        words = words[1:]
    if len(words) < 2:
        return frozenset()
    every = "".join(_NAME_WORD.search(w).group(0)[0] for w in words)  # type: ignore[union-attr]
    content = "".join(
        _NAME_WORD.search(w).group(0)[0]  # type: ignore[union-attr]
        for w in words
        if w.casefold() not in _INITIALS_SKIP
    )
    return frozenset(s.casefold() for s in (every, content) if len(s) >= 2)


@lru_cache(maxsize=1 << 18)
def display_name(name: str) -> str:
    """A name as a node shows it: single spaces, no lowercase leading "the", no trailing
    possessive.

    A capitalized "The" belongs to the name ("The Daily Courier": the entity step keeps
    it only where the text writes it so inside a sentence).

    >>> display_name("the  Chinese Communist Party’s")
    'Chinese Communist Party'
    >>> display_name("The Daily Courier")
    'The Daily Courier'
    """
    text = " ".join(name.split())
    text = _LEADING_THE.sub("", text)
    return _TRAILING_POSSESSIVE.sub("", text) or text
