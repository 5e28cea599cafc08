"""Place-in-place relations are checked against the gazetteer's hierarchy (GeoNames)."""

from __future__ import annotations

import pytest

from threadline.config import Config
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology
from threadline.ingest.place_check import cannot_contain, known_to_contain


@pytest.mark.parametrize(
    ("inner", "outer", "impossible"),
    [
        (["Fresno"], ["California"], False),
        (["Houston"], ["Texas"], False),
        (["Oslo"], ["Norway"], False),
        (["Norway"], ["Europe"], False),
        (["Argentina"], ["Venezuela"], True),  # a list of two countries, not containment
        (["Oslo"], ["France"], True),
        (["Paris"], ["Brussels"], True),  # two cities of different countries
        (["Croydon"], ["London"], False),  # a smaller place of the same country
        (["Kestrelford"], ["Norway"], False),  # unknown to the gazetteer: the text decides
        (["Glasgow"], ["Scotland"], False),  # a UK nation: only the country is known
        (["Lyon"], ["Wales"], True),
        (["Scotland"], ["France"], False),
        (["Freeport"], ["Texas"], False),  # one of several US towns of that name
        (["Houston"], ["Ohio"], True),  # a city of millions, in another state
        (["Milan"], ["Ohio"], False),  # a US town sharing a foreign city's name
        (["Ontario"], ["Canada"], False),  # a province (regions.yaml), not the Californian city
        (["Bavaria"], ["Germany"], False),
        (["Bavaria"], ["Spain"], False),  # a region in another country: the text decides
        (["Chennai"], ["Tamil Nadu"], False),  # a city in a province of its own country
        (["Toronto"], ["Bavaria"], True),  # a city in a province of another country
        (["Prague"], ["Czech Republic"], False),  # GeoNames says "Czechia"; news does not
        (["Amsterdam"], ["Holland"], False),
        (["Prague"], ["Slovak Republic"], True),
    ],
)
def test_containment_the_gazetteer_allows(inner, outer, impossible):
    assert cannot_contain(inner, outer) is impossible


def test_containment_the_gazetteer_knows():
    assert known_to_contain(["Caracas"], ["Venezuela"])
    assert known_to_contain(["Houston"], ["Texas"])
    assert not known_to_contain(["Oslo"], ["Paris"])
    assert not known_to_contain(["Kestrelford"], ["Norway"])
    assert known_to_contain(["Ontario"], ["Canada"])
    assert known_to_contain(["Punjab"], ["Pakistan"]) and known_to_contain(["Punjab"], ["India"])
    assert not known_to_contain(["Ontario"], ["Australia"])


def test_a_province_said_to_lie_in_its_country(extractor):
    text = "Nadia Varga, a nurse from Manitoba in Canada, won the prize."
    assert ("Manitoba", "Canada") in located(extractor, text)


@pytest.fixture(scope="module")
def extractor():
    from threadline.ingest.extract import Extractor

    extractor = Extractor(
        Config.model_validate({"nlp": {"relation_model": "none"}}), Ontology.load()
    )
    _ = extractor.nlp
    return extractor


def located(extractor, text: str) -> set[tuple[str, str]]:
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return {
        (names[r.source], names[r.target]) for r in extraction.relations if r.type == "LOCATED_IN"
    }


def test_a_city_and_its_state_are_kept_and_a_headline_list_of_countries_is_not(extractor):
    assert located(extractor, "The hearing took place in Fresno, California, on Friday.") == {
        ("Fresno", "California")
    }
    assert located(extractor, "Argentina, Venezuela in oil deal") == set()


def test_a_country_lies_in_no_place_the_gazetteer_does_not_know():
    # "in Egypt, the Gulf of Kestrel and Angola": a list, not containment
    assert cannot_contain(["Egypt"], ["Gulf of Kestrel"])
    # a city in a place the gazetteer does not know keeps the relation
    assert not cannot_contain(["Leeds"], ["Kestrel Vale"])
