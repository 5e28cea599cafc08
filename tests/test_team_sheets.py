"""Team sheets: a side's line-up is a list of players, whatever places their surnames spell."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from threadline.graph.model import Document
from threadline.ingest.team_sheets import _as_listed_player, initialled_players, sheet_lines

REPORT = (
    "Kestrel Town 0-1 Norvik Rovers\n\n"
    "A second-half goal from Tom Hale gave Norvik the win.\n\n"
    "Pilkington, Talbot, Buxton, Harwick, Artell, Corden, Murray, Curtis, Neil, Warne, "
    "Barker. Subs Not Used: White, McIntosh, Wood.\n\n"
    "Hale 51.\n"
)


def _types(extractor, text: str) -> dict[str, str]:
    return {e.name: e.type for e in extractor.extract(Document.from_text(text)).entities}


def test_the_players_of_a_line_up_are_persons(entity_extractor):
    types = _types(entity_extractor, REPORT)
    # the model reads these surnames as places (two of them are towns)
    for name in ("Buxton", "Harwick", "Murray", "Corden", "Neil"):
        assert types.get(name) == "Person", name


@pytest.mark.parametrize(
    ("text", "sheet", "marks"),
    [
        ("Hale, Birch, Buxton, Talbot, Murray, Roe, Okafor (Lyle 71), Penn.", True, True),
        ("Hale (capt); Birch, Buxton, Talbot; Murray, Roe, Okafor, Penn.", True, True),
        # the particles of a surname are no running text
        ("Hale, Birch, van der Walt, Talbot; Murray, Roe, Okafor (Lyle 71), Penn.", True, True),
        # names alone: a sheet by shape, which needs a story about sport to count
        ("Hale, Birch, Buxton, Talbot, Murray, Roe, Okafor, Penn.", True, False),
        # a side's substitutes on a line of their own, as short as they come
        ("Subs not used: Hale, Birch, Buxton.", True, False),
        ("Subs: Hale.", True, False),
        # running text and results are no sheets
        ("Hale, Birch, Buxton, Talbot, Murray and Roe all played well for the side.", False, False),
        (
            "Kestrel 2-1 Norvik, Leeds 0-0 Hull, Bath 3-1 Wells, York 1-0 Ely, Avon 2-2 Rye.",
            False,
            False,
        ),
    ],
)
def test_a_team_sheet_line_is_told_by_its_shape_and_marks(nlp, text, sheet, marks):
    doc = nlp("Report.\n\n" + text + "\n\nMore.")
    breaks = [t.i for t in doc if t.is_space and "\n" in t.text]
    line = next(t.i for t in doc if t.text in ("Hale", "Kestrel"))
    in_sport = [start for start, end in sheet_lines(doc, breaks, sport=True) if start <= line < end]
    anywhere = [
        start for start, end in sheet_lines(doc, breaks, sport=False) if start <= line < end
    ]
    assert bool(in_sport) is sheet
    assert bool(anywhere) is (sheet and marks)


MARKED_REPORT = (
    "Kestrel Town 0-1 Norvik Rovers\n\n"
    "A second-half goal from striker Tom Hale gave Norvik the win in the league match, and "
    "the manager praised his side's defence after a third clean sheet of the season.\n\n"
    "Kestrel Town: Pilkington, Talbot, Buxton, Artell, Corden, Curtis (Price 71), Neil, "
    "Warne, Barker, Lowe, Mead. Subs Not Used: Bradford, Ravenhill, Gough.\n\n"
    "Norvik Rovers: Hale, Birch, Roe, Okafor, Penn, Lyle, Cole, Dunn, Grove, Lomas, Reed. "
    "Subs Not Used: Fenton.\n"
)


def test_a_club_towns_or_a_grounds_spelling_on_a_line_up_with_its_marks_is_a_player(
    entity_extractor,
):
    # "Bradford" names a club by its town and "Ravenhill" a ground in stories about
    # sport; on a line with substitutes they are surnames
    types = _types(entity_extractor, MARKED_REPORT)
    assert types.get("Bradford") == "Person"
    assert types.get("Ravenhill") == "Person"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kestrel: Hale, Birch (Lyle 71), Roe.", "Lyle"),
        ("Goals: Lyle 71, Roe 80 pen.", "Lyle"),
        ("Goals: Lyle 71.", "Lyle"),
    ],
)
def test_a_player_taken_with_the_minute_after_him_is_cut_to_his_name(nlp, text, name):
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == name)
    glued = Span(doc, start, start + 2, label="LAW")
    [player] = initialled_players(doc, [glued], sport=True)
    assert (player.text, player.label_) == (name, "PERSON")


@pytest.mark.parametrize("text", ["He won the Super 12, then left.", "Kestrel: Radio 4 (Lyle 71)."])
def test_a_name_with_a_number_that_is_no_listed_player_keeps_it(nlp, text):
    doc = nlp(text)
    start = next(t.i for t in doc if t.text in ("Super", "Radio"))
    named = Span(doc, start, start + 2, label="EVENT")
    [kept] = initialled_players(doc, [named], sport=True)
    assert kept.text == named.text


SQUAD = (
    "Coach Tom Robinson named his squad for the league match; the referee and the stadium"
    " are set for the cup final.\n\n"
    "J Robinson (Kestrel Sharks, capt); M Holt (Norvik Harriers), D Chin (Harwick AC),"
    " K Varga (Talvaro Rhinos).\n\n"
    "Hale 51, Birch 77.\n\n27,595\n\nP Dowd (Kent).\n"
)


def _relations(extractor, text: str) -> set[tuple[str, str, str]]:
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return {(names[r.source], r.type, names[r.target]) for r in extraction.relations}


def test_a_squad_lists_initialled_players_and_their_clubs(extractor):
    types = _types(extractor, SQUAD)
    # clubs, whatever role follows them in the brackets
    for club in ("Kestrel Sharks", "Norvik Harriers", "Talvaro Rhinos"):
        assert types.get(club) == "Organization", club
    relations = _relations(extractor, SQUAD)
    # the initial stays with the surname: J Robinson is not the coach Tom Robinson
    assert ("J Robinson", "WORKS_FOR", "Kestrel Sharks") in relations
    assert not any(source == "Tom Robinson" for source, _, _ in relations)
    # players the model leaves untagged are found by their place in the list
    assert ("D Chin", "WORKS_FOR", "Harwick AC") in relations
    assert ("K Varga", "WORKS_FOR", "Talvaro Rhinos") in relations
    # the referee's county is no club of his
    assert not any(source == "P Dowd" for source, _, _ in relations)


RESULTS = (
    "The athletics team for the European Indoor Championships was named on Monday. The coach"
    " picked three sprinters for the relay, and the league champion returns for the final.\n\n"
    "Men\n\n"
    "60m: T Hale (Harwick, Norvik and District), S Claxon (Belgrave Harriers),"
    " L McCrae (Kestrel Harriers).\n\n"
    "Pole vault: N Birchfell (Crawley AC), A Tolley (Talvaro, Slough, Eton and Hounslow AC).\n"
)


def test_listed_athletes_tagged_as_organizations_and_clubs_named_by_their_towns(extractor):
    """The model tags some listed athletes as organizations, one with its club's bracket
    ("S Claxon ("), and cuts a club named by the towns it draws on at each comma."""
    types = _types(extractor, RESULTS)
    for player in ("S Claxon", "L McCrae", "N Birchfell"):
        assert types.get(player) == "Person", player
    relations = _relations(extractor, RESULTS)
    assert ("T Hale", "WORKS_FOR", "Harwick, Norvik and District") in relations
    assert ("A Tolley", "WORKS_FOR", "Talvaro, Slough, Eton and Hounslow AC") in relations
    assert ("S Claxon", "WORKS_FOR", "Belgrave Harriers") in relations
    assert ("L McCrae", "WORKS_FOR", "Kestrel Harriers") in relations


CHARITY_SQUAD = (
    "The squad for Saturday's charity rugby match was named on Monday, with the coach picking"
    " two captains.\n\n"
    "C Hale (Australia); R Birch (Fiji), J Tolley (S Africa) T Roe (New Zealand), S Bell (Fiji);"
    " K Varga (S Africa), J Smit (S Africa), C Lane (Australia, capt).\n"
)


def test_a_country_shortened_to_its_compass_initial_is_a_country_not_a_club(extractor):
    """ "(S Africa)" after a player names his country as "(Australia)" does, not a club
    that employs him: the short form is read as the place the full name is."""
    assert _types(extractor, CHARITY_SQUAD).get("S Africa") == "Location"
    assert not any(target == "S Africa" for _, _, target in _relations(extractor, CHARITY_SQUAD))


IRISH_SQUAD = (
    "The coach named his squad for the league match on Monday; the referee and the stadium"
    " are set for the cup final.\n\n"
    "T Hale (Kestrel Sharks), D O'Birch (Norvik Harriers), P O'Tolley (Norvik Harriers),"
    " G Dempton (Talvaro Rhinos), M D'Varga (Kestrel Sharks), F Roe (Talvaro Rhinos).\n"
)


def test_listed_players_with_an_apostrophe_in_the_surname_are_read(extractor):
    """An Irish or a French surname ("O'Birch", "D'Varga") is a surname like any other."""
    relations = _relations(extractor, IRISH_SQUAD)
    for player, club in (
        ("D O'Birch", "Norvik Harriers"),
        ("P O'Tolley", "Norvik Harriers"),
        ("M D'Varga", "Kestrel Sharks"),
    ):
        assert (player, "WORKS_FOR", club) in relations, player


FULL_NAMES_SQUAD = (
    "The coach named his squad for the league match on Monday; the referee and the stadium"
    " are set for the cup final.\n\n"
    "Thomas Halvik (Kestrel Sharks), Daniel Birchmore (Norvik/ENG), Peter Tollander (Norvik"
    " Harriers), George Dempton (Talvaro Rhinos, capt), Martin Varganov (Kestrel Sharks).\n"
)


def _read_as_tagged(extractor, text: str, tags: dict[str, str]) -> tuple[dict, set]:
    """Entities and relations of ``text`` when the model tags exactly ``tags`` (name: label),
    as it does with some squads' lines."""
    doc = extractor.nlp(text)
    spans = []
    for name, label in tags.items():
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.set_ents(spans, default="outside")
    part = extractor._extract_doc(doc, 0)
    names = {e.id: e.name for e in part.entities}
    entities = {e.name: e for e in part.entities}
    return entities, {(names[r.source], r.type, names[r.target]) for r in part.relations}


def test_listed_players_named_in_full_keep_their_clubs_and_no_club_is_a_players_alias(
    extractor,
):
    entities, relations = _read_as_tagged(
        extractor,
        FULL_NAMES_SQUAD,
        {"Daniel Birchmore": "ORG", "Norvik/ENG": "ORG", "Martin Varganov": "PERSON"},
    )
    # an item the model left untagged, named in full, is read by its place in the list
    assert ("Thomas Halvik", "WORKS_FOR", "Kestrel Sharks") in relations
    assert ("George Dempton", "WORKS_FOR", "Talvaro Rhinos") in relations
    # the bracket after one item of such a list is his club, not another name of his
    assert [m.text for m in entities["Daniel Birchmore"].mentions] == ["Daniel Birchmore"]


@pytest.mark.parametrize(
    ("text", "bounds", "label", "player", "club"),
    [
        # an initial and a surname tagged as a person with the club's bracket
        ("T Hale (Kestrel), G Dempton (Talvaro), F Roe (Norvik).", (6, 10), "PERSON",
         "G Dempton", "Talvaro"),
        # a first name and a surname tagged as a body with the club's bracket
        ("Tom Hale (Kestrel), George Dempton (Talvaro Rhinos), F Roe.", (6, 11), "ORG",
         "George Dempton", "Talvaro Rhinos"),
    ],
)  # fmt: skip
def test_a_listed_player_tagged_with_his_clubs_bracket_keeps_the_club(
    extractor, text, bounds, label, player, club
):
    doc = extractor.nlp.make_doc(text)
    tagged = Span(doc, *bounds, label=label)
    [found_player, found_club] = _as_listed_player(doc, tagged)
    assert (found_player.text, found_player.label_) == (player, "PERSON")
    assert (found_club.text, found_club.label_) == (club, "ORG")


CLUBS_SQUAD = (
    "Scotland named their squad for the rugby match against Ireland on Saturday.\n\n"
    "Forwards: Tom Hale (Aberdeen Rugby), Jack Birch (captain, Talvaro Sharks), Ian Holt"
    " (The Borders), Sean Vale (Kestrel Sharks), Ken Lowe (London Kestrels).\n"
)


def test_a_club_named_by_its_town_and_a_word_in_a_squads_brackets_is_a_club(extractor):
    """ "(Aberdeen Rugby)" after a player is his club even where the model takes it for a
    person's name; a club after "The" or the captain's mark is read too."""
    entities, relations = _read_as_tagged(
        extractor,
        CLUBS_SQUAD,
        {
            "Tom Hale": "PERSON",
            "Aberdeen Rugby": "PERSON",
            "Jack Birch": "PERSON",
            "Talvaro Sharks": "ORG",
            "Ian Holt": "PERSON",
            "Borders": "ORG",
            "Sean Vale": "PERSON",
            "Kestrel Sharks": "ORG",
            "Ken Lowe": "PERSON",
            "London Kestrels": "PERSON",
        },
    )
    assert entities["Aberdeen Rugby"].type == "Organization"
    assert ("Tom Hale", "WORKS_FOR", "Aberdeen Rugby") in relations
    assert ("Jack Birch", "WORKS_FOR", "Talvaro Sharks") in relations
    assert ("Ian Holt", "WORKS_FOR", "Borders") in relations
    assert ("Sean Vale", "WORKS_FOR", "Kestrel Sharks") in relations
    # a name opening with a place, whatever its last word
    assert entities["London Kestrels"].type == "Organization"
    assert ("Ken Lowe", "WORKS_FOR", "London Kestrels") in relations
