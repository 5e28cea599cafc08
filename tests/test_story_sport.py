"""The sport a story is about, and the mark it gives a side named after a place."""

from __future__ import annotations

import pytest
from extraction_views import extract

from threadline.datafiles import entity_rules
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.mention_evidence import DocFacts
from threadline.ingest.story_sport import SportTerms, sport_marks
from threadline.votes import story_sport

RUGBY = (
    "Harwick fly-half Tom Hale kicked four penalties and the pack won every scrum. "
    "The Six Nations match was settled late, and Harwick coach Jack Birch praised his flanker."
)
FOOTBALL = (
    "Harwick striker Tom Hale scored twice, and the goalkeeper kept a clean sheet. "
    "Manager Jack Birch said the midfielder had played well in the league match."
)


@pytest.mark.parametrize(
    ("text", "sport"),
    [
        (RUGBY, "rugby union"),
        (FOOTBALL, "football"),
        # too few terms of any sport
        ("Harwick won the match and the cup after a long season of injury.", ""),
        ("Harwick won the match after the striker's injury.", ""),
        # two sports in one preview: neither
        ("The fly-half and the striker, the scrum and the goalkeeper, met at the match.", ""),
        # "rugby league" is the league's, though the words alone name nothing
        (
            "Tom Hale left rugby league for the Super League side, and the match was won.",
            "rugby league",
        ),
    ],
)
def test_a_storys_sport_is_the_one_its_terms_say(nlp, text: str, sport: str) -> None:
    assert DocFacts.of(nlp(text), EntityRules.load()).which_sport == sport


def test_a_story_not_about_sport_has_no_sport(nlp) -> None:
    # "transfer", "manager" and "boss" are football's terms, but the story holds no sport words
    text = "The transfer of staff was agreed by the manager. The boss approved the transfer."
    assert DocFacts.of(nlp(text), EntityRules.load()).which_sport == ""


def test_hyphened_terms_match_the_tokens_they_are_split_into() -> None:
    terms = SportTerms.of({"rugby union": ["fly-half", "scrum-half"]})
    assert terms.sport_of(["fly", "-", "half", "and", "scrum", "-", "half"]) == "rugby union"
    assert terms.sport_of(["half", "and", "half"]) == ""


def test_no_sport_term_is_part_of_another_sports_term() -> None:
    """A word inside another sport's term ("rugby" in "rugby league") would count for both."""
    terms = entity_rules()["sport_terms"]
    for sport, listed in terms.items():
        for other, other_listed in terms.items():
            if other == sport:
                continue
            for word in (t for t in listed if " " not in t and "-" not in t):
                holding = [t for t in other_listed if word in t.replace("-", " ").split()]
                assert not holding, f"{sport}'s {word!r} is in {other}'s {holding}"


def test_no_name_each_sport_has_its_own_of_is_a_sport_term() -> None:
    """ "Grand Slam" in a tennis story would count for rugby."""
    terms = {t for listed in entity_rules()["sport_terms"].values() for t in listed}
    assert not terms & set(entity_rules()["sport_shared_names"])


def test_a_side_named_after_a_place_carries_its_storys_sport(entity_extractor) -> None:
    rugby = extract(entity_extractor, RUGBY.replace("Harwick", "England"))
    football = extract(entity_extractor, FOOTBALL.replace("Harwick", "England"))
    (side,) = [e for e in rugby.entities if e.name == "England"]
    assert side.type == "Organization" and story_sport(side.type_cues) == "rugby union"
    (side,) = [e for e in football.entities if e.name == "England"]
    assert side.type == "Organization" and story_sport(side.type_cues) == "football"


def test_a_side_not_named_after_a_place_is_not_marked(entity_extractor) -> None:
    found = extract(entity_extractor, RUGBY)
    (club,) = [e for e in found.entities if e.name == "Harwick"]
    assert club.type == "Organization" and not story_sport(club.type_cues)


def test_a_place_named_in_a_story_about_one_sport_is_marked_too(entity_extractor) -> None:
    """The corpus's vote may make a place's name the side: its mark is kept for that."""
    found = extract(entity_extractor, RUGBY + " Hale was born in Spain and grew up there.")
    (place,) = [e for e in found.entities if e.name == "Spain"]
    assert place.type == "Location" and story_sport(place.type_cues) == "rugby union"


def test_only_a_place_typed_a_side_or_a_place_and_a_shared_contest_are_marked() -> None:
    rules = EntityRules.load()
    marked = sport_marks("Leeds", "leeds", "Organization", "football", rules)
    assert [story_sport(marked)] == ["football"]
    assert sport_marks("France", "france", "Location", "cricket", rules)  # a country
    assert sport_marks("World Cup", "world cup", "Event", "rugby union", rules)
    assert not sport_marks("Kestrel", "kestrel", "Organization", "football", rules)
    assert not sport_marks("Leeds", "leeds", "Person", "football", rules)
    assert not sport_marks("Leeds", "leeds", "Organization", "", rules)
    assert not sport_marks("Kestrel Cup", "kestrel cup", "Event", "football", rules)
