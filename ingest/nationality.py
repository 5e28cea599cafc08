"""Which country a nationality word or a country's name stands for.

"the Haitian parliament", "the Soviet navy", "the Russian defence ministry": a
national body is named with its country's adjective. The countries are the
gazetteer's (GeoNames through the entity step's place table); an adjective is
matched to a country by its stem ("Haitian" is Haiti's, "Bulgarian" Bulgaria's),
and the adjectives that do not share one ("French", "Dutch", "British") are
listed here. The answer is a set of name keys to look for among the entities of
the sentence: a word can only stand for a country that is named there, so a
stem shared by two countries ("Nigerian": Niger, Nigeria) is told apart by which
of them the sentence names.
"""

from __future__ import annotations

from functools import cache

from threadline.ingest.evidence import DEMONYM_ENDINGS, places
from threadline.names import name_key

# Adjectives whose country's name does not begin with their stem.
_IRREGULAR = {
    "american": ("united states",),
    "british": ("united kingdom", "britain"),
    "english": ("england",),
    "scottish": ("scotland",),
    "welsh": ("wales",),
    "irish": ("ireland",),
    "french": ("france",),
    "spanish": ("spain",),
    "portuguese": ("portugal",),
    "dutch": ("netherlands",),
    "belgian": ("belgium",),
    "swiss": ("switzerland",),
    "polish": ("poland",),
    "swedish": ("sweden",),
    "danish": ("denmark",),
    "finnish": ("finland",),
    "norwegian": ("norway",),
    "turkish": ("turkey",),
    "greek": ("greece",),
    "slovak": ("slovakia",),
    "lebanese": ("lebanon",),
    "afghan": ("afghanistan",),
    "thai": ("thailand",),
    "filipino": ("philippines",),
    "philippine": ("philippines",),
    "soviet": ("soviet union", "ussr"),
    "kiwi": ("new zealand",),
}
# First words of country names that are no country's adjective ("United", "South").
_NOT_ADJECTIVES = frozenset(
    {"united", "new", "south", "north", "east", "west", "central", "equatorial", "republic",
     "democratic", "saint", "san", "el", "the", "great", "sierra", "costa", "papua", "cape"}
)  # fmt: skip

# What follows a country's stem in its adjective: Haiti-an, Chin-ese, Iraq-i, Peru-vian.
_ADJECTIVE_ENDINGS = frozenset({"", "n", "an", "ian", "nian", "vian", "ese", "i", "ic", "e", "ean"})


@cache
def _country_keys() -> tuple[str, ...]:
    """Name keys of the countries the gazetteer knows."""
    return tuple(key for key, place in places().items() if place.kind == "country")


@cache
def country_keys(word: str) -> frozenset[str]:
    """Name keys of the countries a word can stand for: its own name, or its adjective's.

    >>> sorted(country_keys("Haitian")), sorted(country_keys("Soviet"))
    (['haiti'], ['soviet union', 'ussr'])
    >>> "france" in country_keys("French"), country_keys("Parliament")
    (True, frozenset())
    """
    key = name_key(word)
    if not key or " " in key:
        return frozenset()
    table = places()
    if key in table and table[key].kind == "country":
        return frozenset({key})
    if key in _IRREGULAR:
        return frozenset(_IRREGULAR[key])
    if key in _NOT_ADJECTIVES or not key.endswith(DEMONYM_ENDINGS) or len(key) < 4:
        return frozenset()
    found: set[str] = set()
    for country in _country_keys():
        words = country.split()
        if len(words) > 1 and words[0] == key:
            found.add(country)  # "Saudi" -> Saudi Arabia
            continue
        for part in words:
            if part in _NOT_ADJECTIVES or part == key:
                continue
            shared = _common_prefix(part, key)
            if shared >= max(4, len(part) - 1) and key[shared:] in _ADJECTIVE_ENDINGS:
                found.add(country)  # "Haitian" -> Haiti, "Korean" -> (North, South) Korea
    return frozenset(found)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
