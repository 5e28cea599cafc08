"""Types, fragments and in-document links the model gets wrong alone (real spaCy model)."""

from __future__ import annotations

import pytest
from extraction_views import extract, types_by_name

from threadline.graph.model import Extraction
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.mention_evidence import DocFacts


def entity(extraction: Extraction, name: str):
    for e in extraction.entities:
        if e.name == name:
            return e
    raise AssertionError(f"{name!r} not among {sorted(types_by_name(extraction))}")


def rejected(extractor, doc_id: str) -> dict[str, str]:
    return {r.text: r.reason for d, r in extractor.report.rejected if d == doc_id}


def test_rule_words_are_read_as_words_not_yaml_booleans():
    rules = EntityRules.load()
    assert "on" in rules.headline_small_words
    assert all(isinstance(w, str) for w in rules.headline_small_words | rules.name_trailing_words)


def test_a_heading_line_made_of_one_word_is_not_an_organization(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The Alder Trust funds coastal research.\n\nConditions\n\n"
        "Grantees must publish their data, the Alder Trust said.",
    )
    assert "Conditions" not in types_by_name(extraction)
    assert rejected(entity_extractor, extraction.doc_id).get("Conditions") == "heading word"


def test_a_name_run_into_a_headline_verb_is_cut_back_to_the_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "How the Ministry of Harbours and Canals Is Organised\n\n"
        "The Ministry of Harbours and Canals oversees port funding. The Ministry of Harbours "
        "and Canals reports to parliament.",
    )
    found = types_by_name(extraction)
    assert not any("Organised" in name for name in found)
    assert len(entity(extraction, "Ministry of Harbours and Canals").mentions) >= 2


def test_a_name_run_into_a_comparison_is_cut_before_it(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Ruth Adeyemi was recognized by the Nordic Society of Surveyors as Surveyor of the Year.",
    )
    found = types_by_name(extraction)
    assert not any(name.endswith((" of", " as")) or " as " in name for name in found), found


def test_organization_suffixes_win_over_a_person_or_place_label(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Osprey Labs builds battery separators. Osprey Labs is owned by a Singapore company. "
        "The alliance launched the Baltic Coatings Programme with two universities.",
    )
    found = types_by_name(extraction)
    assert found.get("Osprey Labs") == "Organization"
    assert found.get("Baltic Coatings Programme", "Organization") == "Organization"


def test_a_title_or_role_makes_a_short_name_a_person(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Rector Marieke van Dalen said the plan was approved.\n\n"
        "Marieke van Dalen, rector of Westmere Technical University, joins the board.",
    )
    assert entity(extraction, "Marieke van Dalen").type == "Person"


def test_known_places_and_x_based_are_locations(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Tidewater Robotics, a Lyon-based company, builds drones for ports. The partners test "
        "sensors in the port of Rotterdam. Delacroix lives in Lyon.",
    )
    found = types_by_name(extraction)
    assert found.get("Lyon") == "Location"
    assert found.get("Rotterdam") == "Location"


def test_a_place_name_that_is_a_persons_short_name_stays_a_person(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Mark Jackson chairs the council. Jackson said the council would meet in June.",
    )
    assert entity(extraction, "Mark Jackson").type == "Person"
    assert "Jackson" not in types_by_name(extraction)


def test_an_acronym_definition_recovers_the_full_name_and_links_the_acronym(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The Westbrook Institute for Marine Studies (WIMS) opened a laboratory on Tuesday.\n\n"
        "WIMS is based in Bergen. The institute employs 90 researchers.",
    )
    full = entity(extraction, "Westbrook Institute for Marine Studies")
    assert full.type == "Organization"
    assert "WIMS" in full.aliases
    assert len(full.mentions) >= 2
    assert "WIMS" not in types_by_name(extraction)


def test_an_organizations_short_form_links_to_its_full_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Westbrook Institute Opens New Laboratory\n\n"
        "Ada Lund, director of the Westbrook Institute for Marine Studies, opened the lab. "
        "The Westbrook Institute employs 90 researchers.",
    )
    assert "Westbrook Institute" not in types_by_name(extraction)
    assert len(entity(extraction, "Westbrook Institute for Marine Studies").mentions) >= 2


def test_a_clubs_nickname_joins_the_one_club_it_stands_for(entity_extractor):
    text = (
        "Tom Hale scored twice against Arsenal on Saturday. The Gunners keeper Ian Holt was "
        "at fault for both goals, and the defence missed tackles in the match."
    )
    extraction = extract(entity_extractor, text)
    assert "Gunners" not in types_by_name(extraction)
    assert [m.text for m in entity(extraction, "Arsenal").mentions] == ["Arsenal", "Gunners"]


@pytest.mark.parametrize(
    ("club", "nickname"),
    [("Middlesbrough", "Boro"), ("Portsmouth", "Pompey"), ("Tottenham", "Spurs")],
)
def test_a_clubs_short_nickname_joins_the_club(entity_extractor, club, nickname):
    text = (
        f"Jack Birch scored twice against {club} on Saturday. The home fans cheered and the "
        f"{nickname} keeper Ian Holt was at fault for both goals in the match."
    )
    extraction = extract(entity_extractor, text)
    assert nickname not in types_by_name(extraction)
    assert [m.text for m in entity(extraction, club).mentions] == [club, nickname]


def test_a_nickname_of_two_clubs_named_in_the_story_joins_neither(entity_extractor):
    text = (
        "Chelsea beat Everton 2-0 on Saturday. The Blues keeper Ian Holt was at fault "
        "for both goals, and the defence missed tackles in the match."
    )
    assert all(len(e.mentions) == 1 for e in extract(entity_extractor, text).entities), (
        "a nickname of two clubs is no one's short name"
    )


def test_a_role_opening_a_sentence_and_fields_of_work_are_no_names(entity_extractor):
    """ "Entrepreneur Sir Tom Hale": the capital is the sentence's; "PR" is a field."""
    found = types_by_name(
        extract(
            entity_extractor,
            "Entrepreneur Sir Tom Hale's TV show is a flop. Media and PR strategist Ann Roe "
            "said so.",
        )
    )
    assert set(found) == {"Tom Hale", "Ann Roe"}


def test_united_states_and_united_kingdom_spellings_are_one_place_each(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Officials in the U.S. and the UK met in London. The United States and the United "
        "Kingdom agreed; Britain will host the next round and the US will send a delegation.",
    )
    us = entity(extraction, "United States")
    uk = entity(extraction, "United Kingdom")
    assert us.type == uk.type == "Location"
    assert len(us.mentions) >= 2 and len(uk.mentions) >= 2


def test_place_gazetteer_entries_do_not_cut_longer_names():
    patterns = Gazetteer.load().ruler_patterns()
    assert not any(p["pattern"] == "United States" for p in patterns)


def test_a_verb_awards_is_not_a_named_award(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The Nordic Society of Surveyors (NSS) was founded in 1950. NSS awards the Silver "
        "Compass Award each year.",
    )
    assert not any(e.type == "Award" and e.name.endswith("awards") for e in extraction.entities)


def test_a_title_of_the_year_is_an_award_not_a_person_and_a_body(entity_extractor):
    extraction = extract(entity_extractor, "Tom Hale was named Kestrel Player of the Year.")
    assert types_by_name(extraction) == {
        "Tom Hale": "Person",
        "Kestrel Player of the Year": "Award",
    }
    assert not [r for r in extraction.relations if r.type != "MENTIONED_WITH"]


def test_a_capitalized_common_word_used_in_lowercase_elsewhere_is_dropped(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Consulate\n\nThe consulate in Houston was closed by the State Department on Friday.",
    )
    assert "Consulate" not in types_by_name(extraction)


def test_titles_of_laws_and_forms_are_documents(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The parliament passed the Coastal Data Security Law in May. Applicants must fill in "
        "the Regional Grant Performance Evaluation Form.",
    )
    found = types_by_name(extraction)
    assert found.get("Coastal Data Security Law") == "Publication"


def test_a_one_word_name_with_organization_cues_is_an_organization(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Prosecutors charged a former executive at the video app Quorra. Quorra said it had "
        "cooperated. Messages between Quorra employees were cited. Quorra denied wrongdoing.",
    )
    found = types_by_name(extraction)
    assert found.get("Quorra", "Organization") == "Organization"


def test_a_title_left_untagged_after_a_works_word_is_a_publication(entity_extractor):
    """Titles after "author of" or "his new book," name works the model did not tag; a name after a
    verb and a comma does not."""
    found = types_by_name(
        extract(
            entity_extractor,
            "Jack Birch, author of The Quiet Hours, was shortlisted for the prize. "
            "In his new book, Lawless Hours, Tom Hale suggests the war was unlawful. "
            "As its members are entitled, I have asked for a vote.",
        )
    )
    assert found.get("The Quiet Hours") == "Publication"
    assert found.get("Lawless Hours") == "Publication"
    assert "I" not in found


def test_technologies_and_formats_are_products_and_capitalized_terms_no_names(entity_extractor):
    """The model takes "GPRS" or "RFID" for a firm: they are standards and formats (products
    in the ontology's sense); a tax or a meeting written in capitals is no name at all."""
    found = types_by_name(
        extract(
            entity_extractor,
            "Norvik Telecom sells GPRS handsets and RFID tags. Shareholders will vote at the "
            "AGM in May, and prices will include VAT.",
        )
    )
    assert found.get("GPRS") == "Product"
    assert found.get("RFID", "Product") == "Product"
    assert "AGM" not in found and "VAT" not in found
    assert found.get("Norvik Telecom") == "Organization"


def test_a_television_hit_is_a_programme(entity_extractor):
    found = types_by_name(
        extract(
            entity_extractor,
            "The debut of US television hit Kestrel Lane has helped lift the channel's ratings.",
        )
    )
    assert found.get("Kestrel Lane") == "Publication"


def test_a_title_closing_a_quoted_sentence_does_not_swallow_the_next_sentences_name(
    entity_extractor,
):
    """'... since Harbour Lights." Labour had ...': the model runs a title over the closing
    quote into the next sentence's first word."""
    found = types_by_name(
        extract(
            entity_extractor,
            'He said: "The show was the worst acting I have seen since Prisoner Cell Block H." '
            "Labour had broken promises, he said.",
        )
    )
    assert not any('"' in name for name in found)


def test_one_club_named_again_and_again_does_not_make_a_story_about_sport(nlp):
    """Each club named counts as a sport word; one name said three times is most often
    something else (a people, a word), and the story is no story about sport."""
    rules = EntityRules.load()
    one = nlp(
        "The rules discriminated against Roma. Many Roma left the city. Roma families "
        "complained to the court."
    )
    three = nlp("Roma beat Lazio, and Juventus drew.")
    assert not DocFacts.of(one, rules).sport
    assert DocFacts.of(three, rules).sport


def test_a_tennis_report_of_seeds_is_a_story_about_sport(nlp):
    """A tournament's report names its players by their seeds, often with no other word
    of sport; its players' surnames alone are no firms' names."""
    report = nlp(
        "Tom Kestrov lost to Jack Norling in Harwick. The top seed was a strong favourite "
        "but went down in two sets. Norling will face the fourth seed, who beat an unseeded "
        "qualifier."
    )
    assert DocFacts.of(report, EntityRules.load()).sport


def test_a_name_after_a_times_possessive_is_an_occasion(entity_extractor):
    """ "January's Kestrel Union International", "last year's ...": an occasion, which the
    model takes for an organization; a day's newspaper ("last week's Kestrel Times") is
    not one."""
    found = types_by_name(
        extract(
            entity_extractor,
            "She won double gold in January's Kestrel Union International in Glasgow. "
            "He read it in last week's Kestrel Times. She ran at Saturday's Norvik Indoor "
            "International in Harwick. She said so in Monday's Norvik Herald.",
        )
    )
    assert found.get("Kestrel Union International") == "Event"
    assert found.get("Kestrel Times") == "Organization"
    # a day's possessive: an occasion, but not the newspaper of that day
    assert found.get("Norvik Indoor International") == "Event"
    assert found.get("Norvik Herald") == "Organization"


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        # the model calls the name a person's; the laboratory before the comma renames it
        ("Oslo's research laboratory, Kestrel Tech, is to close.", "Kestrel Tech", "Organization"),
        # "Okafor said" is an aside: who speaks, not the company renamed
        ("The company, Okafor said, needs money.", "Okafor", "Person"),
        # "In its report," opens the sentence; the name after the comma is who speaks
        ("In its annual report, Norvik said that profits had doubled.", "Norvik", "Organization"),
        # a name before "team" is a body ...
        ("Tom Hale bought the Harwick Bay Buccaneers team in 1995.", "Harwick Bay Buccaneers",
         "Organization"),
        # ... not a place's ("the London team" of a firm: the staff there) ...
        ("The London team of Kestrel Bank was cut.", "London", "Location"),
        # ... nor a contest's, whose team is a side sent to it
        ("Britain's Davis Cup team lost in Leeds.", "Davis Cup", "Event"),
    ],
)  # fmt: skip
def test_the_words_around_a_name_decide_its_type(entity_extractor, text, name, entity_type):
    assert types_by_name(extract(entity_extractor, text)).get(name) == entity_type


@pytest.mark.parametrize(
    "text",
    [
        "The service runs on Norvik, the operating system Kestrel Systems sells.",
        "Players can now race on Norvik, an online car racing game, from Monday.",
    ],
)
def test_a_name_an_apposition_calls_a_product_is_a_product(entity_extractor, text):
    # the model tags "Norvik" as an organization
    assert types_by_name(extract(entity_extractor, text))["Norvik"] == "Product"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It runs on Norvik, the operating system Kestrel sells.", "operating system"),
        ("Norvik, a powerful gaming console, sold well.", "console"),
        # the product's maker, not the product
        ("Norvik, the game's developer, said so.", ""),
        ("Norvik, the console maker, said so.", ""),
        # a system that is no operating system
        ("Norvik, the filing system, said so.", ""),
        # no apposition: the subject of the clause after a phrase about a place
        ("At Norvik, the robot had to pick up a parcel.", ""),
    ],
)
def test_the_product_an_apposition_names(nlp, text, kind):
    from threadline.ingest.mention_evidence import _product_in_apposition

    doc = nlp(text)
    name = next(t.i for t in doc if t.text == "Norvik")
    assert _product_in_apposition(doc, doc[name : name + 1]) == kind
