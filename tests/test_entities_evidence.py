"""Types by evidence, whole names and in-document short forms (real spaCy model, own sentences)."""

from __future__ import annotations

from collections import Counter

import pytest
from extraction_views import extract, types_by_name
from spacy.tokens import Span

from threadline.graph.model import Extraction
from threadline.graph.ontology import Ontology
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.evidence import (
    BOOK_TITLE,
    SCREEN_WORK,
    Evidence,
    first_names,
    legal_suffixes,
    name_evidence,
    places,
)
from threadline.ingest.mention_bounds import cut_fragment, split_span
from threadline.ingest.mention_filters import joined_places
from threadline.names import name_key
from threadline.votes import BAND_CUE, combine

RULES = EntityRules.load()


def named(extraction: Extraction, name: str):
    found = [e for e in extraction.entities if e.name == name]
    assert found, f"{name!r} not among {sorted(e.name for e in extraction.entities)}"
    return found[0]


def names(extraction: Extraction) -> set[str]:
    return {e.name for e in extraction.entities}


# -- data ---------------------------------------------------------------------------


def test_the_data_sets_load_from_their_packages():
    assert {"inc", "plc", "gmbh", "ltd"} <= legal_suffixes()
    assert {"margaret", "thomas", "nadia"} <= first_names()
    assert places()["france"].kind == "country"
    lyon = places()["lyon"]
    assert lyon.kind == "city" and "france" in lyon.parents
    assert "texas" in places()["houston"].parents
    # the regions of England news names, which no county list holds
    assert places()["midlands"].kind == "region"
    assert "united kingdom" in places()["north east"].parents


def test_a_compass_word_cut_from_a_known_region_is_joined_to_it(entity_extractor):
    # the model tags "East" as a place and leaves "Midlands" out
    text = "Party officials say East Midlands MEP Robert Tolley-Vance quit on Monday."
    extraction = extract(entity_extractor, text)
    assert named(extraction, "East Midlands").type == "Location"
    assert "East" not in names(extraction)


# -- signals ------------------------------------------------------------------------


def test_a_legal_suffix_votes_organization(entity_extractor):
    extraction = extract(
        entity_extractor, "Varnholt Logistik GmbH cut 300 jobs, Varnholt Logistik GmbH said."
    )
    entity = named(extraction, "Varnholt Logistik GmbH")
    assert entity.type == "Organization"
    assert "legal suffix 'gmbh'" in entity.type_cues


def test_an_organization_word_votes_organization():
    evidence = Evidence()
    name_evidence("quillon airways", RULES.organization_suffixes, evidence, frozenset({"Person"}))
    assert evidence.names["Organization"] > 0
    assert any("airways" in cue for _, _, cue in evidence.cues)


def test_a_first_name_votes_person_and_a_place_votes_location():
    evidence = Evidence()
    name_evidence("margaret oduya", RULES.organization_suffixes, evidence, frozenset({"Person"}))
    assert evidence.names == Counter({"Person": evidence.names["Person"]}) and evidence.names
    place = Evidence()
    name_evidence("portugal", RULES.organization_suffixes, place, frozenset({"Person"}))
    assert place.names["Location"] >= 3


def test_a_first_name_before_a_surname_that_also_ends_bodies_names_votes_both_ways():
    # "Guy Chambers", "Margaret Court": the model's label decides; "Kestrel Chambers" stays
    person = Evidence()
    name_evidence("guy chambers", RULES.organization_suffixes, person, TYPES, "PERSON")
    assert person.names["Person"] > 0 and person.names["Organization"] > 0
    body = Evidence()
    name_evidence("kestrel chambers", RULES.organization_suffixes, body, TYPES, "ORG")
    assert body.names["Person"] == 0 and body.names["Organization"] > 0


def test_a_large_citys_whole_name_opening_with_a_first_name_votes_no_person():
    # "Milton Keynes": the whole name is a city's; "Milton Hale" is a person's
    city = Evidence()
    name_evidence("milton keynes", RULES.organization_suffixes, city, frozenset({"Person"}))
    assert city.names["Person"] == 0 and city.names["Location"] > 0
    person = Evidence()
    name_evidence("milton hale", RULES.organization_suffixes, person, frozenset({"Person"}))
    assert person.names["Person"] > 0


@pytest.mark.parametrize(
    "name", ["british government", "irish navy", "sky movies", "tate gallery", "age matters"]
)
def test_a_nations_adjective_or_a_broadcasters_word_is_no_first_name(name):
    evidence = Evidence()
    name_evidence(name, RULES.organization_suffixes, evidence, frozenset({"Person"}))
    assert evidence.names["Person"] == 0


@pytest.mark.parametrize("name", ["go digital", "so kestrel crew", "make harwick history"])
def test_a_function_word_opening_a_name_is_no_first_name(name):
    # the names data holds "go", "so", "make" as first names; in English text they are the
    # words, capitalized at a name's start
    evidence = Evidence()
    name_evidence(name, RULES.organization_suffixes, evidence, frozenset({"Person"}))
    assert evidence.names["Person"] == 0


def test_a_programme_named_with_a_function_word_is_no_person(entity_extractor):
    text = "Tom Hale spoke on BBC Two's Go Digital show on Monday."
    assert types_by_name(extract(entity_extractor, text)).get("Go Digital") == "Publication"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Talvaro Government ministers met. Talvaro Government said no.", "Talvaro Government",
         "Organization"),
        ("The Norvik Concern charity helps the old. Norvik Concern said so.", "Norvik Concern",
         "Organization"),
        ("Crowds filled Harwick Square on Monday.", "Harwick Square", "Location"),
    ],
)  # fmt: skip
def test_a_bodys_or_a_squares_last_word_decides_its_type(entity_extractor, text, name, expected):
    assert named(extract(entity_extractor, text), name).type == expected


def test_a_name_published_by_a_body_is_a_publication_unless_it_is_a_persons(entity_extractor):
    text = "Growing Pains, published by the Kestrel Trust, says jobs are at risk."
    assert named(extract(entity_extractor, text), "Growing Pains").type == "Publication"
    text = "Tom Hale, published by Norvik Press, is a poet."
    assert named(extract(entity_extractor, text), "Tom Hale").type == "Person"


def test_a_title_a_player_starred_in_after_its_directors_name_is_a_screen_work(entity_extractor):
    text = "She starred in Jack Birch's The Silent Harbour last year."
    work = named(extract(entity_extractor, text), "The Silent Harbour")
    assert any(cue.endswith("after 'starred in'") for cue in work.type_cues)
    text = "Fans waited hours for the stars in Oslo's Harwick Square."  # a place's possessive
    assert named(extract(entity_extractor, text), "Harwick Square").type == "Location"


def test_an_honorific_votes_person(entity_extractor):
    extraction = extract(
        entity_extractor, "Mr Brandvold said the harvest was poor. Mr Brandvold left early."
    )
    entity = named(extraction, "Brandvold")
    assert entity.type == "Person"
    assert any(cue.startswith("honorific") for cue in entity.type_cues)


def test_context_cues_vote_organization(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Investors bought shares in Kettlewick on Monday. Kettlewick's chief executive "
        "resigned, and Kettlewick said profits would fall.",
    )
    entity = named(extraction, "Kettlewick")
    assert entity.type == "Organization"
    assert entity.type_votes["Organization"] == max(entity.type_votes.values())


def test_a_place_named_for_a_sports_team_is_the_team(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Norway winger Sven Lindqvist scored twice, and Norway coach Arne Dahl was pleased. "
        "Jonas Berg returned on loan from Leeds. The rain fell in Oslo.",
    )
    norway = named(extraction, "Norway")
    assert norway.type == "Organization"
    assert "team: before 'winger'" in norway.type_cues
    assert named(extraction, "Leeds").type == "Organization"
    assert named(extraction, "Oslo").type == "Location"


def test_a_place_before_a_players_position_and_a_name_is_the_team(entity_extractor):
    # "centre" and "wing" are places in a side only with a player's name after them.
    team = extract(entity_extractor, "Leicester centre Tom Hale scored twice against Bath.")
    assert named(team, "Leicester").type == "Organization"
    for text, place in (
        ("Visitors crowded the new Oslo centre on Sunday.", "Oslo"),
        ("Shoppers filled the Leeds city centre as Tom Hale opened a shop.", "Leeds"),
    ):
        assert named(extract(entity_extractor, text), place).type == "Location"


def test_a_club_word_before_a_city_belongs_to_the_clubs_name(entity_extractor):
    coach = extract(entity_extractor, "Real Madrid coach Tom Hale left the club in May.")
    assert named(coach, "Real Madrid").type == "Organization"
    assert "Madrid" not in names(coach)
    scout = extract(entity_extractor, "AC Milan scout Ian Holt watched the young defender.")
    assert named(scout, "AC Milan").type == "Organization"
    assert "AC" not in names(scout)
    move = extract(entity_extractor, "Tom Hale joined Atletico Madrid from Sporting Lisbon.")
    assert {named(move, n).type for n in ("Atletico Madrid", "Sporting Lisbon")} == {"Organization"}


def test_in_a_sport_document_a_player_is_no_side_after_face_or_meet(nlp):
    from threadline.ingest.team_cues import team_evidence

    doc = nlp("In the last eight she could face Anna Tolley or meet Norway.")
    before = RULES.team_before | RULES.team_before_in_sport
    for start, end, team in ((7, 9, False), (11, 12, True)):  # "Anna Tolley", "Norway"
        evidence = Evidence()
        team_evidence(doc, doc[start:end], RULES.team_roles, frozenset(), before, evidence, True)
        assert any(cue.startswith("team:") for _, _, cue in evidence.cues) is team, doc[start:end]


def test_what_a_name_is_of_and_a_newspapers_name_keep_their_types(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Kestrel Sharks prop Ian Holt was injured. The Norvik Book of Records lists it. "
        "Tom Hale writes for The Harwickman. Ann Tolley writes for The Scotsman.",
    )
    book = named(extraction, "Norvik Book of Records")
    assert "organization word 'records'" not in book.type_cues
    assert named(extraction, "Harwickman").type != "Person"  # the newspaper
    assert named(extraction, "The Scotsman").type == "Organization"  # the bundled gazetteer's


def test_a_titles_first_word_at_a_sentence_start_is_no_employer(entity_extractor):
    for text in (
        "Shadow foreign secretary Tom Hale told MPs the plan had failed.",
        "Junior transport minister Ann Tolley said the line would reopen.",
    ):
        assert [e.type for e in extract(entity_extractor, text).entities] == ["Person"]


@pytest.mark.parametrize(
    ("sport_text", "other_text", "name", "other_type"),
    [
        # The place a side plays is the team.
        ("The coach was pleased with the match. The striker scored two goals in the cup tie, "
         "and next week they face Sweden.",
         "Exporters face Sweden's new tariffs next week.", "Sweden", "Location"),
        # A club's name the model takes for a people's ("Saracens", "Everton").
        ("The striker scored twice in the match and the penalty decided the cup final. "
         "Saracens were delighted.",
         "Saracens were delighted with the new offices.", "Saracens", "Group"),
        # One place with a plural verb: a side, as British English writes it.
        ("The striker scored twice in the match and the penalty decided the cup final. "
         "Norwich are without their winger for the league game.",
         "Norwich is without a cinema this winter.", "Norwich", "Location"),
        # in the passive too ("were beaten")
        ("The striker scored twice in the match and the penalty decided the cup final. "
         "Norwich were well beaten in the league game.",
         "Norwich was hit by floods this winter.", "Norwich", "Location"),
        # A side picking its player.
        ("The striker scored twice in the match and the penalty decided the cup final. "
         "Norway called up Tom Hale for the qualifier.",
         "Norway called up Tom Hale to ask about the oil deal.", "Norway", "Location"),
        # The winner of a match, with the score after the beaten side.
        ("The striker scored twice in the match and the penalty decided the cup final. "
         "Norway beat Sweden 3-1 in the qualifier.",
         "Norway beat Sweden in exports last year.", "Norway", "Location"),
        # A place's star before a name ("the Kansas star" alone is a home state).
        ("The striker scored twice in the match and the penalty decided the cup final. "
         "Barcelona star Tom Hale admitted the league game would be hard.",
         "Barcelona star Tom Hale admitted the film would be hard.", "Barcelona", "Location"),
    ],
)  # fmt: skip
def test_in_a_sport_document_a_name_is_the_team(
    entity_extractor, sport_text, other_text, name, other_type
):
    assert named(extract(entity_extractor, sport_text), name).type == "Organization"
    assert named(extract(entity_extractor, other_text), name).type == other_type


@pytest.mark.parametrize(
    ("sport_text", "other_text", "name", "sport_type", "other_type"),
    [
        # a ground named after its town; the town elsewhere
        ("England beat France 17-12 at Twickenham on Saturday. Jack Birch scored two tries "
         "and the fly-half kicked three penalties in the match.",
         "The council in Twickenham approved new housing plans.",
         "Twickenham", "Facility", "Location"),
        # in tennis, a championship named by its place; a club of that name in football
        ("Tom Hale beat Jack Birch 6-4 6-3 in the semi-final of the tournament on Friday. "
         "The top seed, a former Wimbledon champion, won the final match of the season in "
         "straight sets in the singles.",
         "Norvik scored a late winner against Wimbledon in the league match, and the "
         "striker was pleased with the goal.",
         "Wimbledon", "Event", "Organization"),
    ],
)  # fmt: skip
def test_in_a_sport_document_a_places_name_is_its_ground_or_championship(
    entity_extractor, sport_text, other_text, name, sport_type, other_type
):
    assert named(extract(entity_extractor, sport_text), name).type == sport_type
    assert named(extract(entity_extractor, other_text), name).type == other_type


_MATCH_REPORT = (
    "The coach was pleased with the match, and the striker scored twice in the cup tie. "
)


def test_in_a_sport_document_a_places_player_names_the_team(entity_extractor):
    sport = extract(
        entity_extractor,
        _MATCH_REPORT
        + "The coach said Bath's promising young talent Tom Hale may start the next league game.",
    )
    assert named(sport, "Bath").type == "Organization"
    # a place's possessive before a noun and another person's name says nothing of a team
    # (a town the sports news does not name its club by: ingest/entity_rules.yaml)
    other = extract(
        entity_extractor, _MATCH_REPORT + "It ended after Oxford's long walk and Tom Hale's speech."
    )
    assert named(other, "Oxford").type == "Location"
    # outside sport, someone named as a place's is from there
    business = extract(entity_extractor, "On Monday, Bath's Tom Hale said the bakery would close.")
    assert named(business, "Bath").type == "Location"


def test_in_a_sport_document_a_places_player_the_model_calls_a_body_names_the_team(
    nlp, entity_extractor
):
    """ "Norway's Fabien Kestrova": a first name and a surname the model tags as a body's
    after a place's possessive are the side's player all the same."""
    text = _MATCH_REPORT + "Norway's Fabien Kestrova may start the next league game."
    doc = nlp(text)
    place, player = text.index("Norway"), text.index("Fabien Kestrova")
    doc.ents = [
        doc.char_span(place, place + len("Norway"), label="GPE"),
        doc.char_span(player, player + len("Fabien Kestrova"), label="ORG"),  # the model's
    ]
    found = {e.name: e.type for e in entity_extractor._extract_doc(doc, 0).entities}
    assert found.get("Norway") == "Organization"


def test_in_a_sport_document_a_contest_named_after_a_person_is_no_player(entity_extractor):
    text = _MATCH_REPORT + "He had a message from Norway's Davis Cup hero after the final."
    assert named(extract(entity_extractor, text), "Norway").type == "Location"


def test_in_a_sport_document_a_side_or_its_fans_name_the_team(entity_extractor):
    sport = extract(
        entity_extractor,
        "The coach praised his Norway side after the cup match. Norway fans sang through the "
        "final minutes of the season's last league game.",
    )
    assert named(sport, "Norway").type == "Organization"
    # outside sport, "Norway fans" are people of the country
    travel = extract(entity_extractor, "Norway fans of jazz gather in Oslo every summer.")
    assert named(travel, "Norway").type == "Location"
    # "backs" is a verb as often as a rugby word: never a team's role
    politics = extract(entity_extractor, "Norway backs the new climate treaty.")
    assert named(politics, "Norway").type == "Location"


def test_a_name_whose_critic_or_editor_is_named_after_it_is_an_organization(entity_extractor):
    extraction = extract(
        entity_extractor, "One of the judges was the Herald's music critic Nadia Holm."
    )
    herald = named(extraction, "Herald")
    assert herald.type == "Organization"
    assert "its 'critic' named" in herald.type_cues


def _word_cues(nlp, text: str, cue_name: str, word: int | str = 0):
    """The votes a cue of ``ingest/context_cues.py`` gives one word of the sentence (by
    position, or its first occurrence by text), as when the model takes that one-word club
    or firm for a person."""
    from threadline.ingest import context_cues
    from threadline.ingest.evidence import Evidence

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == word) if isinstance(word, str) else word
    evidence = Evidence()
    getattr(context_cues, cue_name)(doc, doc[i : i + 1], evidence)
    return evidence


def _possessive_cues(nlp, text: str):
    return _word_cues(nlp, text, "possessive_employer_evidence")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Hollis' fly-half Tom Hale kicked three penalties.", "fly-half"),
        ("Talbrix's young striker Tom Hale scored twice.", "striker"),
        ("Talbrix's vice-chairman Ann Tolley denied it.", "vice-chairman"),
    ],
)
def test_a_name_whose_player_or_officer_is_named_after_it_is_an_organization(nlp, text, title):
    evidence = _possessive_cues(nlp, text)
    assert evidence.votes["Organization"] > 0
    assert f"its '{title}' named" in [cue for _, _, cue in evidence.cues]


def test_a_persons_coach_says_nothing_of_the_possessor(nlp):
    assert not _possessive_cues(nlp, "Hollis's coach Tom Hale watched from the stands.").votes


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Tom Hale, Talbrix's chief executive, said sales rose.", "executive"),
        ("Tom Hale, Talbrix's £24m striker, has missed three games.", "striker"),
        ("Ann Tolley, Talbrix's ex-head of internal audit, alerted the board.", "head of"),
        ("Sales rose, said Tom Hale, Talbrix's finance director.", "director"),
    ],
)
def test_a_name_whose_officer_is_named_before_it_in_apposition_is_an_organization(nlp, text, title):
    evidence = _word_cues(nlp, text, "possessive_employer_evidence", word="Talbrix")
    assert f"its '{title}' named" in [cue for _, _, cue in evidence.cues]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Hale, Hollis's chief of staff, said the talks went well.",
        "Tom Hale, Hollis's spokesman, said the talks went well.",
        # a title ending a sentence, after no name in apposition
        "The talks were led by Hollis's chief executive.",
    ],
)
def test_a_persons_aide_in_apposition_says_nothing_of_the_possessor(nlp, text):
    assert not _word_cues(nlp, text, "possessive_employer_evidence", word="Hollis").votes


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Tom Hale guided Hollis to promotion in 2001.", "'guided ... to promotion'"),
        ("Tom Hale led Hollis to a 3-1 win over Birch.", "'led ... to win'"),
        ("Tom Hale led Hollis to believe the deal was done.", None),
    ],
)
def test_a_name_led_to_a_success_is_a_side_or_a_firm(nlp, text, cue):
    evidence = _word_cues(nlp, text, "led_to_success_evidence", word=3)
    assert [c for _, _, c in evidence.cues] == ([cue] if cue else [])


def test_a_british_town_and_city_or_town_is_a_club_but_a_known_city_stays_a_place(
    entity_extractor,
):
    club = extract(entity_extractor, "Tom Hale has agreed a move from Norwich City to Leeds.")
    assert named(club, "Norwich City").type == "Organization"
    place = extract(entity_extractor, "Flights to Mexico City were cancelled on Monday.")
    assert named(place, "Mexico City").type == "Location"


def test_the_subject_of_is_a_company_is_an_organization(entity_extractor):
    extraction = extract(
        entity_extractor, "Talbot Mobile is a subsidiary company of Kestrel Telecom."
    )
    talbot = named(extraction, "Talbot Mobile")
    assert talbot.type == "Organization"
    assert "subject of 'is a company'" in talbot.type_cues
    person = extract(entity_extractor, "Tom Hale is a developer at Kestrel Labs.")
    assert named(person, "Tom Hale").type == "Person"


def test_a_team_post_held_at_a_town_is_held_at_its_club(entity_extractor):
    extraction = extract(
        entity_extractor, "Tom Hale was assistant boss when Ian Holt was manager at Southampton."
    )
    assert named(extraction, "Southampton").type == "Organization"
    # in a story about sport, as much as any team cue: the city's other mentions say nothing
    sport = extract(
        entity_extractor,
        "Tom Hale was assistant boss when Ian Holt was manager at Southampton. Holt later had a "
        "return to Southampton, and they worked together at Southampton again. The striker "
        "scored a goal in the league match and the cup final.",
    )
    assert named(sport, "Southampton").type == "Organization"


_SPORT_STORY = (
    "Kestrel coach Tom Hale said the match was tough. The striker scored twice for Newcastle "
    "in the league. Hale later returned to Southampton, where he had played in the 1990s."
)


def test_a_clubs_town_in_a_story_about_a_team_sport_is_the_club(entity_extractor):
    extraction = extract(entity_extractor, _SPORT_STORY)
    assert named(extraction, "Newcastle").type == "Organization"
    assert "a club's town in a story about sport" in named(extraction, "Southampton").type_cues
    # outside sport the town is a place
    place = extract(entity_extractor, "Tom Hale later returned to Southampton with his family.")
    assert named(place, "Southampton").type == "Location"


def test_party_short_names_resolve_unless_the_word_is_used_as_a_common_noun(entity_extractor):
    party = extract(
        entity_extractor, "Labour said the plan would fail. Tory leader Ann Hollis agreed."
    )
    assert {"Labour Party", "Conservative Party"} <= names(party)
    costs = extract(
        entity_extractor, "Labour is too costly in Germany, especially for low skilled labour."
    )
    assert "Labour Party" not in names(costs)


def test_a_country_stays_a_place_and_an_unknown_initial_common_word_is_no_place(entity_extractor):
    soviet = extract(entity_extractor, "Ukraine was part of the Soviet Union until 1991.")
    assert named(soviet, "Soviet Union").type == "Location"
    goods = extract(
        entity_extractor, "Sugar, plastics, pharmaceutical products and tea are among the exports."
    )
    assert "Sugar" not in names(goods)


def test_the_noun_before_of_decides_an_organization_or_a_document(entity_extractor):
    school = extract(
        entity_extractor, "Mike Hollis gave a speech at Georgia Institute of Technology on Monday."
    )
    assert named(school, "Georgia Institute of Technology").type == "Organization"
    report = extract(
        entity_extractor, "The Application Report of Establishing the Transfer Center was issued."
    )
    assert named(report, "Application Report of Establishing the Transfer Center").type == (
        "Publication"
    )


def test_a_name_before_administration_is_a_leader(entity_extractor):
    extraction = extract(
        entity_extractor, "Early this month, the Trump administration imposed limits."
    )
    assert named(extraction, "Trump").type == "Person"


def test_a_titled_work_after_its_descriptor_is_a_publication(entity_extractor):
    extraction = extract(
        entity_extractor, "The charity has published a new report called Looms To Riches To Looms."
    )
    work = named(extraction, "Looms To Riches To Looms")
    assert work.type == "Publication"
    assert "after 'report'" in work.type_cues


def test_a_title_named_with_its_author_in_a_story_about_books_is_a_book(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The fiction prize shortlist includes Ann Tolley for Eve Harbour. The novel Winter "
        "Roads by Jack Birch is the favourite.",
    )
    for title in ("Eve Harbour", "Winter Roads"):
        book = named(extraction, title)
        assert book.type == "Publication"
        assert any(cue.startswith(BOOK_TITLE) for cue in book.type_cues)


def test_a_title_after_a_winner_and_for_in_a_story_about_films_is_a_film(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The film festival was a hit with critics and movie stars. The best screenplay award "
        "went to Tom Hale for Maria Full of Harbours.",
    )
    film = named(extraction, "Maria Full of Harbours")
    assert film.type == "Publication"
    assert any(cue.startswith(SCREEN_WORK) for cue in film.type_cues)
    assert "Maria Full" not in names(extraction)


def test_a_title_after_a_capital_a_owns_its_director_in_a_story_about_films(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The studio chose A Restless Mind's Tom Hale to direct the movie. The film will star "
        "Jack Birch, and a cinema chain is backing it.",
    )
    film = named(extraction, "Restless Mind")
    assert film.type == "Publication"
    assert any(cue.startswith(SCREEN_WORK) for cue in film.type_cues)
    assert not [r for r in extraction.relations if r.type == "WORKS_FOR"]


@pytest.mark.parametrize(
    ("text", "title", "entity_type"),
    [
        # a game in a story about games, a film in one about films, whatever the label
        (
            "Gamers bought Norvik Rally 2005 and Harwick Racer 4 in their millions, and the "
            "console's games sold out.",
            "Harwick Racer 4",
            "Product",
        ),
        (
            "Critics called Jack Birch 2 the best film of the year. The movie's director, Tom "
            "Hale, said the cinema release was a hit with audiences and the screen stars.",
            "Jack Birch 2",
            "Publication",
        ),
    ],
)
def test_a_title_ending_in_a_number_is_a_game_or_a_film(entity_extractor, text, title, entity_type):
    work = named(extract(entity_extractor, text), title)
    assert work.type == entity_type
    assert any("a title ending in a number" in cue for cue in work.type_cues)


_FILM_STORY_WITH_NUMBERS = (
    "Critics called the film the best of the year. The movie's director said the cinema "
    "release was a hit with the screen stars, and staff at No 10 saw it. There was no word "
    "from Camp 4 or from the camp."
)


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        # a channel, and words the story writes in lowercase before a number
        (
            "Critics called the film the best of the year on Channel 4. The movie's director "
            "said the cinema release was a hit with the screen stars.",
            "Channel 4",
            "Organization",
        ),
        (_FILM_STORY_WITH_NUMBERS, "No 10", None),
        (_FILM_STORY_WITH_NUMBERS, "Camp 4", None),
        # in a story about records too, a band
        (
            "Blue Kestrel 9 played at the film premiere, and the movie's director said the cinema "
            "release was a hit with the screen stars. Their album and their singles sold well.",
            "Blue Kestrel 9",
            "Organization",
        ),
    ],
)
def test_a_channel_a_band_or_a_word_before_a_number_is_no_numbered_title(
    entity_extractor, text, name, entity_type
):
    found = named(extract(entity_extractor, text), name)
    assert entity_type is None or found.type == entity_type
    assert not any("a number" in cue for cue in found.type_cues)


@pytest.mark.parametrize(
    ("text", "titles", "entity_type"),
    [
        # the game word before a list speaks for its later items too
        (
            "Fans of arcade classics such as Kestrel Quest, Norvik Rally and Talvaro Storm will "
            "find them on the new console. The games makers said sales rose.",
            ("Kestrel Quest", "Norvik Rally", "Talvaro Storm"),
            "Product",
        ),
        # "credits include", and an item with "of" inside it
        (
            "Critics praised Ann Tolley, whose film credits include Winter Roads, Rise of "
            "Harbours and Talvaro Nights.",
            ("Winter Roads", "Talvaro Nights"),
            "Publication",
        ),
        # the list's first item opening with its title's "The"
        (
            "A researcher said that games such as The Kestrel Quest could teach languages.",
            ("The Kestrel Quest",),
            "Product",
        ),
        # a work's list outweighs a first name the model reads as a person's
        (
            "The studio is behind films such as Harwick Moon, Billy Norvik and Talvaro Nights.",
            ("Billy Norvik",),
            "Publication",
        ),
        # the kinds of screen works that name a list of them
        (
            "He loved cartoons such as Kestrelcats, Norvik Lane and Talvaro Park as a boy.",
            ("Norvik Lane", "Talvaro Park"),
            "Publication",
        ),
    ],
)
def test_the_items_of_a_list_of_works_are_works(entity_extractor, text, titles, entity_type):
    extraction = extract(entity_extractor, text)
    assert {named(extraction, title).type for title in titles} == {entity_type}


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        # a performer's part in a name, in a story about films: the film, whatever the label
        (
            "The actor won the award for his role in Harwick, the film's director said. The "
            "cinema release was a hit with audiences and the screen stars.",
            "Harwick",
            "Publication",
        ),
        # a place the gazetteer knows stays one
        (
            "The actor was praised for his performance in Minneapolis, the film's director "
            "said. The cinema release was a hit with audiences and the screen stars.",
            "Minneapolis",
            "Location",
        ),
        # outside a story about films, a part in a name is no film's
        (
            "The banker was praised for his role in Harwick, the firm's chairman said. Shares "
            "rose after the bank's results.",
            "Harwick",
            "Location",
        ),
    ],
)
def test_a_performers_role_in_a_name_is_a_film_in_a_story_about_films(
    entity_extractor, text, name, entity_type
):
    found = named(extract(entity_extractor, text), name)
    assert found.type == entity_type
    assert any(" in'" in cue for cue in found.type_cues) == (entity_type == "Publication")


@pytest.mark.parametrize(
    ("text", "name", "work"),
    [
        # "musical" the parser reads as an adjective, before the show's title
        ("The cast reunited for the premiere of the hit musical Kestrel Nova on Monday.",
         "Kestrel Nova", True),
        # an adjective before a name's possessive: no show
        ("He likened the puzzle to a musical Kestrel's cube, hard to solve.", "Kestrel", False),
    ],
)  # fmt: skip
def test_a_title_after_musical_is_a_show(entity_extractor, text, name, work):
    found = named(extract(entity_extractor, text), name)
    assert (found.type == "Publication") == work
    assert any(cue.endswith("after 'musical'") for cue in found.type_cues) == work


def test_a_name_owning_a_winner_named_best_at_a_craft_is_the_work(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The jury gave three prizes to the musical and its film star thanked the actress and "
        "the actors. Talvaro's Ann Tolley won best director.",
    )
    work = named(extraction, "Talvaro")
    assert work.type == "Publication"
    assert any(cue.startswith(SCREEN_WORK) for cue in work.type_cues)


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Coal, the mining group, has pits across Derbyshire. Its shares rose 3% on Monday.",
        "The council said Nottinghamshire would get new roads. The union welcomed the plan.",
    ],
)
def test_a_cricket_county_outside_sport_is_a_place(entity_extractor, text):
    extraction = extract(entity_extractor, text)
    [county] = [e for e in extraction.entities if e.name.endswith("shire")]
    assert county.type == "Location"


def test_a_name_before_a_buildings_word_is_a_building_but_a_town_stays_a_place(
    entity_extractor,
):
    extraction = extract(
        entity_extractor,
        "They first met on the platform at London's Harwick Cross station, he recalled. "
        "They met again at Leeds station in 1990.",
    )
    building = named(extraction, "Harwick Cross")
    assert building.type == "Facility"
    assert "before 'station'" in building.type_cues
    assert named(extraction, "Leeds").type == "Location"


def test_a_buildings_word_before_another_name_describes_that_name(entity_extractor):
    extraction = extract(
        entity_extractor, "She later joined Norvik station Kestrel 105 as a presenter."
    )
    assert named(extraction, "Norvik").type != "Facility"


def test_the_show_after_host_of_and_before_on_a_channel_is_no_employer(extractor):
    for text in (
        "Tom Hale is host of Kestrel Nights on Radio 1.",
        "Ann Tolley is now host of 100% Kestrel on Radio 1 every Friday.",
    ):
        extraction = extract(extractor, text)
        assert not [r for r in extraction.relations if r.type == "WORKS_FOR"], text


def test_a_town_and_a_compass_word_is_a_place_not_a_body(extractor):
    extraction = extract(
        extractor, "Derby North's Tom Hale asked the minister about school funding."
    )
    assert named(extraction, "Derby North").type == "Location"
    assert not [r for r in extraction.relations if r.type == "WORKS_FOR"]


def test_a_person_the_model_tags_is_no_town_and_compass_word(extractor):
    # a small town's name that is this person's first name, and a compass word
    extraction = extract(extractor, "Lobatse West led the nominations with 10, ahead of Ann Hale.")
    assert named(extraction, "Lobatse West").type == "Person"
    # a British town's constituency stays a place, whatever the model calls it
    extraction = extract(extractor, "Nottingham North MP Tom Hale said so.")
    assert named(extraction, "Nottingham North").type == "Location"


_TENNIS_CLASH = (
    "Tom Hale, the top seed, won his first match of the tennis championships in straight sets. "
    "Jack Birch reached the second round after beating Thailand's Kittipong Suthon."
)
_MONUMENT = (
    "Tourists queued all day to see Boston's Statue of Liberty. The Bank of England said it "
    "would lend more."
)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # in tennis, a name the model calls a place after a nation's possessive is a player
        (_TENNIS_CLASH, "Kittipong Suthon", "Person"),
        (_TENNIS_CLASH, "Thailand", "Location"),
        # a league named after its sponsor's place is no place
        ("Kestrel are third in the Zurich Premiership after a win on Sunday.",
         "Zurich Premiership", "Organization"),
        # a monument named by what it is of is a building; a bank "of" a country stays a bank
        (_MONUMENT, "Statue of Liberty", "Facility"),
        (_MONUMENT, "Bank of England", "Organization"),
        # after a capital "The", a title's first word is no first name
        ("Jack Birch wrote The Long Road in 1998.", "The Long Road", "Publication"),
        # ... and after a comma, where only a name's article is written in capitals
        ("His second album, The Kestrel Tapes, is out on Monday.", "The Kestrel Tapes",
         "Publication"),
        # a work word right before a capital "The" outweighs a place word in the title
        ("Tom Hale's novel The Silent Coast won the prize.", "Silent Coast", "Publication"),
        ("The Kestrel Party's manifesto, Forward Together, was launched on Monday.",
         "Forward Together", "Publication"),
        # a post in a field held at a name makes it a body
        ("Ann Tolley, director of investor relations at Marsburg, said sales doubled.",
         "Marsburg", "Organization"),
        # no person's name follows "the": a plural one is a side, a band or a firm
        ("Ann Tolley said the Norvikers would appeal against the ban.", "Norvikers", "Organization"),
        # but a surname ending in "s" may name what follows it
        ("Sales fell because of the Hollins diet.", "Hollins", "Product"),
        # a kind of place before "of" names a place
        ("Ann Tolley was born in the town of Kirkcaldy in 1951.", "Kirkcaldy", "Location"),
        # what only a business does: employ people, cut jobs, post a loss; sack its staff
        ("Talvaro employs 3,000 people in Leeds.", "Talvaro", "Organization"),
        ("Talvaro posted a loss of 5m.", "Talvaro", "Organization"),
        ("Jason Hale, one of the staff sacked by Kestrel, said so.", "Kestrel", "Organization"),
        # a boss named in full sacks too
        ("Tom Hale was sacked by Ann Tolley in 2003.", "Ann Tolley", "Person"),
        # only a person grows up or is born
        ("He wants the house moved to the old district, where Talvex grew up.", "Talvex", "Person"),
    ],
)  # fmt: skip
def test_a_names_type_from_the_words_around_it(entity_extractor, text, name, expected):
    assert named(extract(entity_extractor, text), name).type == expected


def test_a_name_after_a_person_and_for_is_no_book_in_a_story_about_sport(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Kestrel brought on Ann Tolley for Eve Harbour after an hour. The striker scored in "
        "the match and the goal put the club top; the referee's book had his name in it.",
    )
    assert "Eve Harbour" not in names(extraction) or named(extraction, "Eve Harbour").type != (
        "Publication"
    )


def test_a_role_word_after_a_place_is_a_team_only_when_it_names_someone(entity_extractor):
    extraction = extract(
        entity_extractor,
        "France's finance minister Paul Morel said the side of the deal in France was done. "
        "Tennis player Kim Rask thanked her coach in Paris.",
    )
    assert named(extraction, "France").type == "Location"
    assert named(extraction, "Paris").type == "Location"


def test_a_name_after_a_title_and_at_or_for_is_an_employer(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Zack Hollis, a lawyer for Kestrel, told the judge. Kestrel said it would appeal.",
    )
    kestrel = named(extraction, "Kestrel")
    assert kestrel.type == "Organization"
    assert "after 'lawyer for'" in kestrel.type_cues


def test_a_firm_word_right_before_a_persons_name_makes_it_a_firm(entity_extractor):
    firm = extract(
        entity_extractor,
        "Tom Hale, a tax specialist at accountancy firm Stuart Harwick, said the rules changed.",
    )
    assert named(firm, "Stuart Harwick").type == "Organization"
    assert "after 'firm'" in named(firm, "Stuart Harwick").type_cues
    # A clause after the name makes it the subject: the person who runs the firm.
    runner = extract(entity_extractor, "He joined the firm Stuart Harwick runs.")
    assert named(runner, "Stuart Harwick").type == "Person"
    # ... unless the firm word hangs on the name: the sentence's own subject
    bookmaker = extract(entity_extractor, "Bookmaker Tom Harwick has cut the odds on the novel.")
    assert named(bookmaker, "Tom Harwick").type == "Organization"
    # A trade a person is named by is no firm word.
    maker = extract(entity_extractor, "In 1901, American automaker Tom Hale was born in Ohio.")
    assert named(maker, "Tom Hale").type == "Person"


def test_an_honorific_in_capitals_is_an_acronym(entity_extractor):
    extraction = extract(entity_extractor, "Tom Hale, economist at ING Talbot, said growth slowed.")
    assert named(extraction, "ING Talbot").type == "Organization"
    assert "Talbot" not in names(extraction)


def test_a_name_after_mp_for_is_the_seat_a_place(entity_extractor):
    extraction = extract(
        entity_extractor, "Tom Hale, MP for Kestrelham, told the meeting he would stand again."
    )
    seat = named(extraction, "Kestrelham")
    assert seat.type == "Location"
    assert "a seat after 'mp for'" in seat.type_cues


def test_an_untagged_employer_around_a_title_and_a_person_is_a_name(entity_extractor):
    # The model tags neither employer: one runs into the person span, one is an apposition.
    first = extract(entity_extractor, "Leeds striker Ian Holt scored twice.")
    assert named(first, "Leeds").type == "Organization"
    assert "Leeds striker" not in names(first)
    # A word describing the player at the sentence start is not the employer's.
    for text in ("Fellow Leeds striker Tom Hale scored twice.", "Fellow Bath centre Tom Hale won."):
        assert not any(name.startswith("Fellow") for name in names(extract(entity_extractor, text)))
    second = extract(
        entity_extractor, "But Tony Hollis, Labour MP for West Ham, said the issue would go."
    )
    assert named(second, "Labour Party").type == "Organization"


def test_an_untagged_employer_before_a_title_and_a_comma_is_a_name(nlp):
    from threadline.ingest.employers import with_employers
    from threadline.ingest.entity_rules import EntityRules

    doc = nlp("Kestrel Housing Trust chief executive, Anne Roe, said the plan was key.")
    # as when the model tags the person but not the employer at a paragraph's start
    doc.ents = [span for span in doc.ents if span.label_ == "PERSON"]
    spans = [(s.text, s.label_) for s in with_employers(doc, EntityRules.load().employer_roles)]
    assert ("Kestrel Housing Trust", "ORG") in spans
    assert ("Anne Roe", "PERSON") in spans


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        # an ampersand and a possessive inside the employer's name
        (
            "Kestrel & Norvik Workers' Union general secretary Tom Hale said so.",
            "Kestrel & Norvik Workers' Union",
        ),
        ("Harwick & District Builder's Guild chairman Tom Hale said so.", None),
        # a peer's style between the title and the name the model tagged
        ("Norvik Party peer Lord Hale said so.", "Norvik Party"),
    ],
)
def test_an_untagged_employer_of_several_words_before_a_title(nlp, text, employer):
    from threadline.ingest.employers import with_employers
    from threadline.ingest.entity_rules import EntityRules

    doc = nlp(text)
    doc.ents = [span for span in doc.ents if span.label_ == "PERSON"]
    spans = [(s.text, s.label_) for s in with_employers(doc, EntityRules.load().employer_roles)]
    expected = employer or text.split(" chairman")[0]
    assert (expected, "ORG") in spans


def test_an_untagged_employer_after_a_title_and_a_preposition_is_a_name(entity_extractor):
    first = extract(
        entity_extractor, "The news was good, said Arjan Hollis, an analyst at Petercam."
    )
    assert named(first, "Petercam").type == "Organization"
    second = extract(entity_extractor, "Tim Hollis, editor of PC Pro, said so.")
    assert named(second, "PC Pro").type == "Organization"
    # the tagger takes both words for nouns: the acronym opens the name
    third = extract(
        entity_extractor, '"We tested 40 laptops," said Tom Hale, reviews editor of PC Pro.'
    )
    assert named(third, "PC Pro").type == "Organization"


def test_an_apposition_with_a_descriptor_votes_organization(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Munich Re, the German reinsurer, said storm claims would rise this year.",
    )
    entity = named(extraction, "Munich Re")
    assert entity.type == "Organization"
    assert "'reinsurer' in apposition" in entity.type_cues


def test_a_city_followed_by_its_country_and_based_are_place_cues(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The fair opened in Tours, France on Monday. A Tours-based bakery sold out.",
    )
    entity = named(extraction, "Tours")
    assert entity.type == "Location"
    assert "followed by its country or state" in entity.type_cues


def test_a_lowercase_place_word_after_a_name_votes_location(entity_extractor):
    extraction = extract(
        entity_extractor, "Farmers in Cojedes state protested against the new tax."
    )
    assert named(extraction, "Cojedes").type == "Location"


# -- the vote -----------------------------------------------------------------------


def test_repeated_model_labels_are_capped_so_cues_decide():
    votes = combine(Counter({"Person": 9.0}), Counter({"Organization": 2.5}))
    assert max(votes, key=votes.__getitem__) == "Organization"
    assert votes["Person"] == 2.0


def test_the_document_vote_gives_one_type_and_records_it(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Gorvex shares rose 5%. Gorvex said sales were strong. The mining firm Gorvex "
        "will open a mine. Gorvex employees went on strike.",
    )
    gorvex = [e for e in extraction.entities if e.name == "Gorvex"]
    assert len(gorvex) == 1 and gorvex[0].type == "Organization"
    assert gorvex[0].to_dict()["type_votes"]["Organization"] >= 2.5
    assert "after 'firm'" in gorvex[0].type_cues


# -- boundaries ---------------------------------------------------------------------


def test_a_possessive_that_belongs_to_the_name_is_kept(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Sainsbury's said profits rose. Shoppers crowded into Sainsbury's on Saturday.",
    )
    entity = named(extraction, "Sainsbury's")
    assert entity.type == "Organization"
    assert all(m.text == "Sainsbury's" for m in entity.mentions)
    rating = extract(entity_extractor, "It was a surprise, said Paul Hollis of Standard & Poor's.")
    assert "Standard & Poor's" in names(rating)
    # an owner's "'s" before a hyphenated compound stays the owner's
    text = "Peter Okafor, Talbot Bank's in-house historian, said the plan was sound."
    assert "Talbot Bank" in names(extract(entity_extractor, text))
    # ... and before an acronym in brackets and what it owns
    text = "It was a busy week for the Kestrel Olympic Committee's (KOC) Evaluation Commission."
    assert "Kestrel Olympic Committee" in names(extract(entity_extractor, text))
    # ... also when the name holds an "&"
    text = "Ann Tolley thanked Kestrel Track & Field's (KTF) board for the medal."
    assert "Kestrel Track & Field" in names(extract(entity_extractor, text))


def test_a_name_word_without_its_final_g_keeps_the_rest_of_the_name(entity_extractor):
    text = "Tickets sold out fast after Blazin' Squad announced a show in Leeds."
    extraction = extract(entity_extractor, text)
    assert "Blazin' Squad" in names(extraction)
    assert "Blazin" not in names(extraction)


def test_an_organization_is_not_cut_to_its_last_word(entity_extractor):
    extraction = extract(
        entity_extractor, "The bond was arranged by ABN Amro, BNP Paribas and two smaller banks."
    )
    assert "BNP Paribas" in names(extraction)
    assert "Paribas" not in names(extraction)


def test_a_comma_between_two_places_splits_the_span(entity_extractor):
    extraction = extract(
        entity_extractor, "Exports to the Czech Republic, South Africa and Brazil grew quickly."
    )
    assert {"Czech Republic", "South Africa"} <= names(extraction)
    assert not any("," in name for name in names(extraction))


def test_a_spaced_dash_ends_the_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The loan from Korea Development Bank - one of the lenders - was cut.",
    )
    assert "Korea Development Bank" in names(extraction)
    assert not any(name.endswith("one") for name in names(extraction))


def test_places_joined_by_a_dash_are_not_one_place(entity_extractor):
    cleaner = entity_extractor._cleaner
    gazetteer, ontology = cleaner.gazetteer, cleaner.ontology
    assert joined_places("U.S.-China", name_key("U.S.-China"), gazetteer, ontology)
    assert not joined_places("Guinea-Bissau", name_key("Guinea-Bissau"), gazetteer, ontology)


def span_of(doc, words: str, label: str = "ORG") -> Span:
    start = doc.text.index(words)
    span = doc.char_span(start, start + len(words), label=label)
    assert span is not None
    return span


def test_split_span_rules(nlp):
    doc = nlp("He read the Independent and The Times before the Gazprom-Rosneft talks.")
    parts = split_span(doc, span_of(doc, "Independent and The Times"), RULES)
    assert [p.text for p in parts] == ["Independent", "The Times"]
    doc = nlp("Gazprom and Rosneft may merge. Gazprom said so. Rosneft denied it.")
    parts = split_span(doc, span_of(doc, "Gazprom and Rosneft"), RULES, {"gazprom", "rosneft"})
    assert [p.text for p in parts] == ["Gazprom", "Rosneft"]
    doc = nlp("Brown and Williamson sued the state.")
    assert [p.text for p in split_span(doc, span_of(doc, "Brown and Williamson"), RULES)] == [
        "Brown and Williamson"
    ]
    doc = nlp("She teaches at Hollins Road Infants School in Gosport every day.")
    parts = split_span(doc, span_of(doc, "Hollins Road Infants School in Gosport"), RULES)
    assert [p.text for p in parts] == ["Hollins Road Infants School", "Gosport"]
    # two names that open with the same word, run together by the model
    doc = nlp("Real Madrid and Real Norvik will replay the last minutes of the match.")
    parts = split_span(doc, span_of(doc, "Real Madrid and Real Norvik"), RULES)
    assert [p.text for p in parts] == ["Real Madrid", "Real Norvik"]
    doc = nlp('A document titled "Schedule of the Kestrel Chamber in Liuzhou" was leaked.')
    title = span_of(doc, "Schedule of the Kestrel Chamber in Liuzhou", "WORK_OF_ART")
    assert [p.text for p in split_span(doc, title, RULES)] == [title.text]


def test_a_person_glued_to_an_organization_is_split(nlp):
    doc = nlp("The forecast was cut, said Kestrel Bank's Thomas Arkwright on Monday.")
    parts = split_span(doc, span_of(doc, "Kestrel Bank's Thomas Arkwright"), RULES)
    assert [p.text for p in parts] == ["Kestrel Bank", "Thomas Arkwright"]


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        # a channel's possessive, then its programme: the broadcaster and the show
        ("Radio 4's Kestrel Hour", [("Radio 4", "ORG"), ("Kestrel Hour", "WORK_OF_ART")]),
        (
            "BBC Five Live's Kestrel Hour",
            [("BBC Five Live", "ORG"), ("Kestrel Hour", "WORK_OF_ART")],
        ),
        # an owner that is no channel, no place and no name used alone keeps the title whole
        ("Talvaro's Kestrel Hour", [("Talvaro's Kestrel Hour", "WORK_OF_ART")]),
    ],
)
def test_a_programme_glued_to_its_channels_possessive_is_split(nlp, glued, expected):
    doc = nlp(f"The minister told {glued} that he was wrong.")
    parts = split_span(doc, span_of(doc, glued, "WORK_OF_ART"), RULES)
    assert [(p.text, p.label_) for p in parts] == expected


@pytest.mark.parametrize(
    ("text", "glued", "named", "expected"),
    [
        # the model's span runs over the "and" that closes a list of names the story
        # tags alone: two items
        (
            "They sang songs such as Kestrel Road, Lumen Train and Norvik Nights.",
            "Lumen Train and Norvik Nights",
            {"kestrel road"},
            ["Lumen Train", "Norvik Nights"],
        ),
        (
            "The gap on Harwick, Talvaro and Kestrel Rovers grew.",
            "Talvaro and Kestrel Rovers",
            {"harwick"},
            ["Talvaro", "Kestrel Rovers"],
        ),
        # the last words of one long name that lists its fields stay whole
        (
            "The Department for Environment, Kestrel and Lumen Affairs said so.",
            "Kestrel and Lumen Affairs",
            {"department for environment"},
            ["Kestrel and Lumen Affairs"],
        ),
        # a body's fields after "for", in a list or not
        (
            "Officials at Harwick, the Kestrel Center for Disease Control and Prevention said so.",
            "the Kestrel Center for Disease Control and Prevention",
            {"harwick"},
            ["the Kestrel Center for Disease Control and Prevention"],
        ),
        # a date, then a post's field
        (
            "In September, Trade and Kestrel Secretary Tom Hale said so.",
            "Trade and Kestrel",
            {"tom hale"},
            ["Trade and Kestrel"],
        ),
        # an apposition, not a list, before a title with "and" inside
        (
            "A joint production, The Life and Times of Tom Hale won.",
            "The Life and Times of Tom Hale",
            {"tom hale"},
            ["The Life and Times of Tom Hale"],
        ),
        # a title whose second half goes on in lower case
        (
            "Critics liked Kestrel Road, Tom Hale and the Lumen Stone.",
            "Tom Hale and the Lumen Stone",
            {"kestrel road"},
            ["Tom Hale and the Lumen Stone"],
        ),
    ],
)
def test_a_span_over_the_and_closing_a_comma_list_is_split(nlp, text, glued, named, expected):
    doc = nlp(text)
    parts = split_span(doc, span_of(doc, glued, "WORK_OF_ART"), RULES, named)
    assert [p.text for p in parts] == expected


def test_a_trailing_municipal_is_cut(nlp):
    doc = nlp("Officials of the Tangshan Municipal government approved the plan.")
    span = span_of(doc, "Tangshan Municipal", "GPE")
    start, end = cut_fragment(doc, span.start, span.end, "Location", RULES, Ontology.load())
    assert doc[start:end].text == "Tangshan"


def test_a_noun_capitalized_by_the_sentence_is_not_a_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Budget carriers are planning to launch operations in May. Fares will fall.",
    )
    assert "Budget" not in names(extraction)


# -- in-document short forms --------------------------------------------------------


def test_a_surname_links_to_the_full_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Adaeze Okafor founded the bakery in 2001. Mr Okafor said demand had doubled.",
    )
    entity = named(extraction, "Adaeze Okafor")
    assert entity.type == "Person"
    assert len(entity.mentions) == 2
    assert "Okafor" not in names(extraction)


def test_a_first_word_links_to_the_organization_named_before(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Merrill Lynch cut its growth forecast. Merrill said the economy was slowing.",
    )
    assert len(named(extraction, "Merrill Lynch").mentions) == 2
    assert "Merrill" not in names(extraction)


def test_an_acronym_links_to_the_name_it_spells_without_parentheses(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The British Retail Consortium said sales fell in March. The BRC blamed the weather.",
    )
    entity = named(extraction, "British Retail Consortium")
    assert len(entity.mentions) == 2
    assert "BRC" in entity.aliases


def test_a_place_and_its_designated_form_are_one(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Officials in Hebei Province said output rose. Hebei exports steel to Japan.",
    )
    assert "Hebei" not in names(extraction)
    assert len(named(extraction, "Hebei Province").mentions) == 2


def test_the_end_of_a_longer_organization_name_links_to_it(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The Korvane Farmers Union met on Monday. The Farmers Union said prices had fallen.",
    )
    assert "Farmers Union" not in names(extraction)
    assert len(named(extraction, "Korvane Farmers Union").mentions) == 2


def test_a_country_is_never_a_short_form(entity_extractor):
    extraction = extract(
        entity_extractor,
        "China Eastern Airlines ordered new planes. China said growth would slow.",
    )
    assert named(extraction, "China").type == "Location"


def test_a_town_named_as_a_team_is_the_short_form_of_its_club(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Norwich City lost 2-0 at home on Saturday. Norwich manager Tom Hale said the side was "
        "tired.",
    )
    club = named(extraction, "Norwich City")
    assert club.type == "Organization"
    assert [m.text for m in club.mentions] == ["Norwich City", "Norwich"]
    # a town named as a place beside its club stays the town
    place = extract(entity_extractor, "Norwich City lost 2-0. Fans in Norwich were angry.")
    assert named(place, "Norwich").type == "Location"


def test_a_short_form_two_full_names_fit_links_to_neither(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Halvard Bank and Halvard Insurance reported results. Halvard said costs rose.",
    )
    assert "Halvard" in names(extraction)
    assert len(named(extraction, "Halvard Bank").mentions) == 1


def test_an_owner_s_possessive_before_an_organization_word_is_part_of_the_name(
    entity_extractor,
):
    extraction = extract(
        entity_extractor,
        "Ruth Kellaway, president of Kellaway's Retail Consulting Group, said sales fell.",
    )
    assert "Kellaway's Retail Consulting Group" in names(extraction)
    assert "Retail Consulting Group" not in names(extraction)


def test_a_company_after_a_place_based_and_after_a_person_of_is_an_organization(
    entity_extractor,
):
    extraction = extract(
        entity_extractor,
        "Lisbon-based Tavromar is said to be for sale, said analyst Ines Duarte of Quellmark "
        "Partners on Monday.",
    )
    cues = {e.name: e.type_cues for e in extraction.entities}
    assert named(extraction, "Tavromar").type == "Organization"
    assert "after 'X-based'" in cues["Tavromar"]
    assert named(extraction, "Quellmark Partners").type == "Organization"


def test_a_parent_named_far_more_often_is_not_a_short_form_of_its_unit(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Halbrook Capital advised on the deal. Halbrook said profits rose. Halbrook expects "
        "growth. Halbrook will hire staff. Halbrook shares rose.",
    )
    assert "Halbrook" in names(extraction)


def test_employer_words_near_places_and_coordinated_nouns_are_cues(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The engines come from a plant at Varese near Milan, said Halloway economist Ruth "
        "Imrie. Customers can drive its Opel and Vauxhall models this year.",
    )
    cues = {e.name: e.type_cues for e in extraction.entities}
    assert named(extraction, "Varese").type == "Location"
    assert "'near <place>' after it" in cues["Varese"]
    assert named(extraction, "Halloway").type == "Organization"
    assert named(extraction, "Opel").type == "Organization"
    assert "before '... models'" in cues["Opel"]


def test_a_word_that_is_never_an_entity_is_not_taken_into_a_name(entity_extractor):
    extraction = extract(
        entity_extractor, "By 1300 GMT Halloran's shares were down a penny in London."
    )
    assert not any(name.startswith("GMT") for name in names(extraction))


def test_event_and_facility_words_and_an_event_descriptor_vote_their_types(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Engineers finished the Varrow Dam in May. A hacking campaign, widely known as Cloud "
        "Hopper, hit firms. The union's campaign against Tesco failed. Sales rose at the "
        "Kestrel Shopping Centre in Cardiff. The Centre for Policy Studies said taxes were high.",
    )
    cues = {e.name: e.type_cues for e in extraction.entities}
    assert named(extraction, "Varrow Dam").type == "Facility"
    assert named(extraction, "Cloud Hopper").type == "Event"
    assert "after 'campaign'" in cues["Cloud Hopper"]
    assert named(extraction, "Tesco").type != "Event"
    # two facility words outweigh "centre" alone, which ends bodies' names too
    assert named(extraction, "Kestrel Shopping Centre").type == "Facility"
    assert named(extraction, "Centre for Policy Studies").type == "Organization"


# Listed companies: the names of stock index constituents vote organization.
TYPES = frozenset({"Person", "Organization", "Location"})


def test_listed_company_name_votes_organization_and_silences_its_first_name():
    evidence = Evidence()
    name_evidence("morgan stanley", RULES.organization_suffixes, evidence, TYPES, "PERSON")
    assert evidence.names["Organization"] > 2.0  # above the model's capped labels
    assert evidence.names["Person"] == 0  # "Morgan" is a first name, not here


def test_one_word_listed_name_labelled_person_may_be_a_surname():
    evidence = Evidence()
    name_evidence("halliburton", RULES.organization_suffixes, evidence, TYPES, "PERSON")
    assert evidence.names["Organization"] == 0
    name_evidence("halliburton", RULES.organization_suffixes, evidence, TYPES, "GPE")
    assert evidence.names["Organization"] > 2.0


def test_listed_company_the_model_calls_a_place_is_a_company(entity_extractor):
    extraction = extract(
        entity_extractor, "Halliburton won a contract to rebuild the pipeline, the ministry said."
    )
    assert named(extraction, "Halliburton").type == "Organization"
    assert "listed company" in named(extraction, "Halliburton").type_cues


def test_first_word_of_a_listed_company_is_its_short_form_wherever_named(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Pernod said sales rose. Pernod Ricard owns several brands. Pernod shares fell.",
    )
    company = named(extraction, "Pernod Ricard")
    assert company.type == "Organization"
    assert [m.text for m in company.mentions] == ["Pernod", "Pernod Ricard", "Pernod"]


def test_name_ending_a_company_here_is_no_persons_surname(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Disney directors approved the plan. The board of Walt Disney met on Monday. "
        "Roy Disney, a former director, objected. Disney said it would appeal.",
    )
    assert named(extraction, "Roy Disney").type == "Person"
    assert [m.text for m in named(extraction, "Roy Disney").mentions] == ["Roy Disney"]
    assert named(extraction, "Walt Disney").type == "Organization"


def test_a_place_word_ending_a_name_votes_location_but_not_over_a_first_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Oil tankers waited for days to cross the Bosphorus Strait, shippers said. "
        "Anna Lake, a spokeswoman for the union, said talks would resume.",
    )
    strait = named(extraction, "Bosphorus Strait")
    assert strait.type == "Location"
    assert "location word 'strait'" in strait.type_cues
    assert named(extraction, "Anna Lake").type == "Person"


def test_a_place_word_beginning_a_name_or_before_of_votes_location(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The company has two factories in County Tyrone. "
        "The licences cover blocks in the western Gulf of Paria.",
    )
    assert "location word 'county'" in named(extraction, "County Tyrone").type_cues
    assert named(extraction, "Gulf of Paria").type == "Location"
    assert "location word 'gulf'" in named(extraction, "Gulf of Paria").type_cues


def test_a_trades_union_congress_is_a_standing_body(entity_extractor):
    extraction = extract(entity_extractor, "The Trades Union Congress urged ministers to act.")
    assert named(extraction, "Trades Union Congress").type == "Organization"


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        # a tournament named "... Open" and a numbered edition are events
        ("Ann Tolley won the Kestrel Women's Open in Pattaya, Thailand, on Sunday.",
         "Kestrel Women's Open", "Event"),
        ("Tom Hale won the 25th Cross Internacional de Talvaro in Spain.",
         "25th Cross Internacional de Talvaro", "Event"),
        # a body numbered like an edition stays a body
        ("The 4th Infantry Division is based in Texas.", "4th Infantry Division", "Organization"),
        # a clause after a name ("whose novel") is no apposition naming what she is
        ("Ann Tolley, whose novel The Quiet Harbour won the prize, spoke.", "Ann Tolley", "Person"),
        ("The Kestrel Commission issued new guidelines, the Talbot Code, on Monday.",
         "Talbot Code", "Publication"),
    ],
)  # fmt: skip
def test_a_names_words_and_its_neighbours_give_its_type(entity_extractor, text, name, entity_type):
    assert named(extract(entity_extractor, text), name).type == entity_type


def test_groups_of_countries_religions_and_lectures_have_their_own_types(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Finance ministers of the G7 met in London. Critics spoke of a threat from Islam. "
        "She gave the 12th Jane Roe Lecture in Leeds.",
    )
    assert named(extraction, "Group of Seven").type == "Organization"
    assert named(extraction, "Islam").type == "Group"
    assert named(extraction, "Jane Roe Lecture").type == "Event"


def test_a_place_before_a_team_role_with_its_modifiers_and_a_name_is_the_team(entity_extractor):
    extraction = extract(entity_extractor, "Norway assistant coach Arne Dahl praised the side.")
    assert named(extraction, "Norway").type == "Organization"
    # a place word's name keeps its type before a title with modifiers
    county = extract(entity_extractor, "Kestrel County police spokesman Tom Hale said so.")
    assert named(county, "Kestrel County").type == "Location"


def test_a_place_in_a_list_of_teams_before_a_role_or_in_his_side_is_the_team(entity_extractor):
    extraction = extract(
        entity_extractor, "Talbot City want to sign Norway and Kestrel United striker Tom Hale."
    )
    assert named(extraction, "Norway").type == "Organization"
    extraction = extract(entity_extractor, "Tom Hale praised his Norway side after the win.")
    assert named(extraction, "Norway").type == "Organization"


@pytest.mark.parametrize(
    "text",
    [
        "Talvaro is one of Britain's biggest retailers.",
        "Talvaro has made games for 18 years and is one of the largest games developers in the UK.",
        "The deal was signed by Talvaro, one of the largest employers in Wales.",
    ],
)
def test_one_of_the_biggest_firms_is_an_organization(entity_extractor, text):
    assert named(extract(entity_extractor, text), "Talvaro").type == "Organization"


def test_one_of_the_best_developers_may_be_a_person(entity_extractor):
    extraction = extract(entity_extractor, "Tom Hale is one of the best developers in the trade.")
    assert named(extraction, "Tom Hale").type == "Person"


@pytest.mark.parametrize(
    ("text", "name", "organization"),
    [
        # the model's place label: a body's head heads a body whatever the label says
        ("Jack Birch, head of Tivra, opened the show.", "Tivra", True),
        ("Ann Tolley, director general of Kestrel, said so.", "Kestrel", True),
        # a president, a governor or an attorney general of a place may be its own
        ("Ann Tolley, the attorney general of Tivra, said so.", "Tivra", False),
        # a known place is a place
        ("Jack Birch, head of Norway, said so.", "Norway", False),
    ],
)
def test_a_body_s_head_heads_a_body_whatever_the_model_s_place_label(nlp, text, name, organization):
    from threadline.ingest.context_cues import employer_evidence
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.evidence import Evidence

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == name)
    doc.set_ents([Span(doc, i, i + 1, label="GPE")], default="unmodified")
    evidence = Evidence()
    employer_evidence(doc, doc[i : i + 1], EntityRules.load().employer_roles, evidence)
    assert ("Organization" in evidence.votes) == organization


def test_a_band_is_marked_for_resolution_and_a_names_own_words_are_kept_apart(
    entity_extractor,
):
    text = "The Norvik Rays played in Leeds last night. Norvik Rays guitarist Tom Hale said so."
    extraction = extract(entity_extractor, text)
    assert BAND_CUE in named(extraction, "Norvik Rays").type_cues
    assert BAND_CUE not in named(extraction, "Leeds").type_cues
    # the first name's vote and the place list's are the name's own words, not its context
    person = named(extraction, "Tom Hale")
    assert person.type_names["Person"] > 0
    assert person.type_votes["Person"] > person.type_names["Person"] + person.type_labels["Person"]
    assert named(extraction, "Leeds").type_names["Location"] > 0
    assert "type_names" in person.to_dict()
