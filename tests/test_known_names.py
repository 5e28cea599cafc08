"""The gazetteer's one-word names the model left untagged (ingest/known_names.py).

The sentences are invented. The component is run on parses whose entities were
cleared, so each test says what it adds whatever the model tagged; the last tests
run the whole extraction with the bundled gazetteer.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from threadline.graph.model import Document
from threadline.ingest.gazetteer import Gazetteer, GazetteerEntry
from threadline.ingest.known_names import KNOWN_NAMES_NAME, KnownNames


@pytest.fixture(scope="module")
def known(nlp):
    """A KnownNames made from a small gazetteer."""
    known = KnownNames(nlp)
    known.add_names(
        Gazetteer(
            [
                GazetteerEntry("Norvikgaz", "Organization", ("NVG",)),
                GazetteerEntry("Harvest", "Organization"),
                GazetteerEntry("Talvaria", "Location", ruler=False),
                GazetteerEntry("Kestrel Trust", "Organization", ("Kestrel-Trust",)),
            ]
        ),
        frozenset({"harvest"}),
    )
    return known


@pytest.fixture(scope="module")
def tag(nlp, known):
    """Parse a text, clear its entities and run ``known`` on it."""

    def run(text: str) -> dict[str, str]:
        doc = nlp(text)
        doc.ents = []
        return {ent.text: ent.label_ for ent in known(doc).ents}

    return run


def test_an_untagged_known_name_takes_the_gazetteer_s_type(tag):
    assert tag("Officials said Norvikgaz would sell the stake to NVG.") == {
        "Norvikgaz": "Organization",
        "NVG": "Organization",
    }


def test_a_name_written_with_a_hyphen_is_matched_whole(tag):
    assert tag("The grant came from the Kestrel-Trust in May.") == {"Kestrel-Trust": "Organization"}


def test_a_name_inside_a_longer_untagged_name_is_left_alone(tag):
    assert tag("He joined Norvikgaz International last year.") == {}
    assert tag("He joined Eastern Norvikgaz last year.") == {}


@pytest.mark.parametrize(("label", "tagged"), [("Organization", True), ("ORG", False)])
def test_a_name_right_after_a_gazetteer_name_is_a_name_of_its_own(nlp, known, label, tagged):
    # the gazetteer's ruler tags whole names ("Organization"); the model's tag ("ORG")
    # may have cut a longer name the known one ends
    doc = nlp("The Kestrel Trust Norvikgaz director Tom Hale spoke.")
    doc.ents = [Span(doc, 1, 3, label=label)]
    found = {ent.text: ent.label_ for ent in known(doc).ents}
    assert ("Norvikgaz" in found) == tagged
    assert found["Kestrel Trust"] == label


def test_an_english_word_opening_a_sentence_is_not_a_name(tag):
    assert tag("Harvest was late this year.") == {}
    assert tag("He sold the farm to Harvest last year.") == {"Harvest": "Organization"}


def test_an_english_word_opening_a_sentence_as_the_subject_of_a_verb_is_a_name(nlp):
    known = KnownNames(nlp)
    known.add_names(Gazetteer([GazetteerEntry("Harvest", "Organization")]), frozenset({"harvest"}))

    def starts(text: str) -> list[int]:
        doc = nlp(text)
        doc.ents = []
        return [ent.start_char for ent in known(doc).ents]

    # named inside a sentence too, never in lowercase: the name, wherever it stands
    assert starts("Harvest said sales rose. Shares in Harvest fell.") == [0, 35]
    # alone at a sentence's start, or beside the word in lowercase: the word
    assert starts("Harvest was late this year.") == []
    assert starts("Harvest was late. The harvest at Harvest was poor.") == [33]


def test_an_english_word_opening_a_sentence_before_a_post_and_a_person_is_a_name(nlp):
    known = KnownNames(nlp)
    known.add_names(Gazetteer([GazetteerEntry("Harvest", "Organization")]), frozenset({"harvest"}))

    def starts(text: str) -> list[int]:
        doc = nlp(text)
        doc.ents = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        return [ent.start_char for ent in known(doc).ents if ent.label_ != "PERSON"]

    # "Labour peer Lord Hale said": a post held there, then a person's name, in a story
    # that writes the name inside a sentence too
    later = " Shares in Harvest fell."
    text = "Harvest chief executive Tom Hale said sales rose."
    assert starts(text + later) == [0, len(text) + 11]
    text = "Harvest peer Lord Tom Hale said sales rose."
    assert starts(text + later) == [0, len(text) + 11]
    # the word, where no person follows its noun or the story names it nowhere else
    text = "Harvest costs rose sharply, said Tom Hale."
    assert starts(text + later) == [len(text) + 11]
    assert starts("Harvest chief executive Tom Hale said sales rose.") == []


@pytest.mark.parametrize(
    ("sport", "name", "label"),
    [
        # a club's one-word name, as an organization
        (
            "The striker scored twice in the league match as Arsenal beat the champions.",
            "Arsenal",
            "Organization",
        ),
        # a club's town, as the model tags a place: the entity step reads which is meant
        (
            "The striker scored twice in the league match before Leicester's keeper was hurt.",
            "Leicester",
            "GPE",
        ),
    ],
)
def test_a_clubs_name_or_town_is_matched_in_a_story_about_sport(nlp, sport, name, label):
    known = nlp.get_pipe(KNOWN_NAMES_NAME)
    doc = nlp(sport)
    doc.ents = []
    assert {ent.text: ent.label_ for ent in known(doc).ents} == {name: label}
    doc = nlp(f"The museum opened its doors as {name} staff watched.")
    doc.ents = []
    assert {ent.text for ent in known(doc).ents} == set()


@pytest.mark.parametrize(
    ("text", "town", "expected"),
    [
        # the club, before a post and a player's or a manager's name
        (
            "The coach praised the squad after the league match, and Middlesbrough boss Tom "
            "Hale said the striker would play.",
            "Middlesbrough",
            "Organization",
        ),
        # a club the sports news names by its town, where the model reads a person
        (
            "The coach praised the squad after the league match. Tom Hale scored a try for "
            "Calvisano, and the fly-half kicked two penalties.",
            "Calvisano",
            "Organization",
        ),
        # the town, where the match is played
        (
            "The coach praised the squad after the league match, and the striker said the "
            "next game in Leicester would be hard.",
            "Leicester",
            "Location",
        ),
    ],
)
def test_a_clubs_town_the_model_missed_is_typed_by_its_position(
    entity_extractor, text, town, expected
):
    extraction = entity_extractor.extract(Document.from_text(text))
    assert {e.name: e.type for e in extraction.entities}.get(town) == expected


def test_a_lowercase_word_and_an_entry_kept_out_of_the_ruler_are_not_tagged(tag):
    assert tag("The harvest in Talvaria was late.") == {}


def test_a_listed_companys_one_word_name_is_an_organization(nlp):
    known = nlp.get_pipe(KNOWN_NAMES_NAME)
    doc = nlp("The stake was sold to Ferrovial for 146m pounds, and a drawing by da Vinci too.")
    doc.ents = []
    assert {ent.text: ent.label_ for ent in known(doc).ents} == {"Ferrovial": "Organization"}


def test_the_pipeline_runs_it_after_the_model(nlp):
    names = nlp.pipe_names
    assert names.index(KNOWN_NAMES_NAME) > names.index("ner")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one-word names the model misses in a sentence that does not say what they are
        (
            "Officials said Gazprom would buy the stake that Rosneft held.",
            {"Gazprom": "Organization", "Rosneft": "Organization"},
        ),
        # a charity whose first word the model takes for a group of believers
        (
            "Oxfam and Christian Aid criticised the plan.",
            {"Oxfam": "Organization", "Christian Aid": "Organization"},
        ),
        # initials are not joined to the date after them
        ("The band signed to EMI last year.", {"EMI": "Organization"}),
        # a parliament named by its seat
        ("The MSPs met at Holyrood on Tuesday.", {"Scottish Parliament": "Organization"}),
    ],
)
def test_well_known_organizations_in_the_bundled_gazetteer(entity_extractor, text, expected):
    extraction = entity_extractor.extract(Document.from_text(text))
    found = {e.name: e.type for e in extraction.entities}
    assert {name: found.get(name) for name in expected} == expected
