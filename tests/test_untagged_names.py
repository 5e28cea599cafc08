"""Untagged proper nouns kept where a relation pattern reads them (ingest/untagged_names.py).

The model's misses cannot be provoked on purpose, so each test parses an invented
sentence with the real pipeline and then removes the model's tag from one name,
as the model does on text it has not seen. Everything after that (entity step,
relation patterns, the second pass) is the real extraction.
"""

from __future__ import annotations

from typing import Any

import pytest

from threadline.ingest.untagged_names import CUE, PERSON_CUE, untagged_runs


def _untag(extractor: Any, text: str, names: tuple[str, ...]) -> Any:
    doc = extractor.nlp(text)
    doc.ents = [e for e in doc.ents if e.text not in names]
    return doc


def _extract(extractor: Any, text: str, *names: str) -> tuple[dict[str, Any], list[tuple]]:
    part = extractor._extract_doc(_untag(extractor, text, names), 0)
    entities = {e.name: e for e in part.entities}
    by_id = {e.id: e.name for e in part.entities}
    relations = [
        (by_id[r.source], r.type, by_id[r.target], r.evidence[0].rule) for r in part.relations
    ]
    return entities, relations


_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"}


def _runs(extractor: Any, text: str, *names: str) -> list[str]:
    """The runs left once the model's tag is removed from ``names``; the names it
    still tags stand for the entity step's spans."""
    doc = _untag(extractor, text, names)
    covered = {i for e in doc.ents if e.label_ in _NAME_LABELS for i in range(e.start, e.end)}
    return [doc[a:b].text for a, b in untagged_runs(doc, covered)]


def test_untagged_employer_read_by_a_pattern_becomes_an_organization(extractor: Any) -> None:
    entities, relations = _extract(
        extractor, "Mr Hale spent a decade at Norvik before he retired.", "Norvik"
    )
    assert ("Hale", "WORKS_FOR", "Norvik", "employment.spent_years_at") in relations
    norvik = entities["Norvik"]
    assert norvik.type == "Organization"
    assert CUE in norvik.type_cues
    assert [m.text for m in norvik.mentions] == ["Norvik"]


def test_a_name_kept_since_decides_what_its_sentence_says(extractor: Any) -> None:
    # Untagged, the third name is read as a part of the second ("Tim Birch, Sundar Pichar
    # of Google"), which made Tim Birch Google's too; once it is a name, it is Google's.
    _, relations = _extract(
        extractor,
        "The article said that Mark Hale (of Kestrelbook), Tim Birch of Norvik, Sundar Pichar"
        " of Google, and Jeff Tolley of Talvaro participated in the hearing remotely.",
        "Sundar Pichar",
    )
    works_for = {(source, target) for source, kind, target, _ in relations if kind == "WORKS_FOR"}
    assert ("Sundar Pichar", "Google") in works_for
    assert ("Tim Birch", "Norvik") in works_for
    assert ("Tim Birch", "Google") not in works_for


def test_untagged_name_no_pattern_reads_is_not_an_entity(extractor: Any) -> None:
    entities, relations = _extract(
        extractor, "Visitors from Norvik admired the view on Saturday.", "Norvik"
    )
    assert "Norvik" not in entities
    assert relations == []


def test_types_that_need_a_known_type_are_not_read_with_untagged_names(extractor: Any) -> None:
    text = "The Kestrel Trust is funded by Norvik, its chairman said."
    _, tagged = _extract(extractor, text)
    assert ("Kestrel Trust", "FUNDED_BY", "Norvik", "funding.funded_by") in tagged
    entities, untagged = _extract(extractor, text, "Norvik")
    assert untagged == []
    assert "Norvik" not in entities


def test_untagged_body_named_by_its_last_word_may_give_an_award(extractor: Any) -> None:
    # "Guild", "Association": the name says what it is, so the award reads it
    text = "Tom Hale has won the Norvik Writers Guild's award for drama writing."
    entities, relations = _extract(extractor, text, "Norvik Writers Guild")
    assert (
        "Tom Hale",
        "RECEIVED_AWARD_FROM",
        "Norvik Writers Guild",
        "awards.won_possessive_award",
    ) in relations
    assert entities["Norvik Writers Guild"].type == "Organization"


def test_place_name_is_no_employer_through_a_possessive(extractor: Any) -> None:
    entities, relations = _extract(extractor, "Leeds's Tom Hale scored twice.", "Leeds")
    assert relations == []
    assert "Leeds" not in entities


@pytest.mark.parametrize(
    ("text", "untagged", "expected"),
    [
        ("Prices rose, said Tom Hale at Norvik on Monday.", ("Norvik",), ["Norvik"]),
        # a title or honorific opens a person's name
        ("They met Judge Hale in court on Monday.", ("Hale",), []),
        # the start of a sentence is capitalized anyway
        ("Norvik hired Tom Hale last year.", ("Norvik",), []),
        # a work's title after "The"
        ("She starred in The Norvik last year.", ("Norvik", "The Norvik"), []),
        # a portfolio before "Minister"
        ("He met Fisheries Minister Tom Hale on Monday.", ("Fisheries",), []),
        # a show or an index before a number
        ("He presents Norvik 2005 on Sundays.", ("Norvik", "Norvik 2005"), []),
        # an item of a list of names
        ("Nominees include Norvik, Talbot and Birch.", ("Norvik",), []),
        # a name that goes on after "of"
        ("He got a plaque in the Hall of Kestrels last week.", ("the Hall of Kestrels",), []),
        # a title written with capitals
        ("Tom Hale, Group Economist at Norvik, said so.", ("Group",), []),
        # a constituency before "MP"
        ("Tom Hale, the Leeds Central MP, said so.", ("Leeds Central", "Leeds"), []),
        # a headline, where the words around are capitalized too
        ("Oslo's Norvik Admits Planes Took Off Late", ("Norvik", "Norvik Admits Planes"), []),
        # a country's adjective, not a band or a party
        ("The festival booked Welsh singer Bryn Talbot for Saturday.", ("Welsh",), []),
    ],
)
def test_runs_left_out(extractor: Any, text: str, untagged: tuple, expected: list) -> None:
    assert _runs(extractor, text, *untagged) == expected


@pytest.mark.parametrize(
    ("text", "untagged", "expected"),
    [
        # "and" joins two names
        (
            "Regulators approved a merger between Barclays and Norvik on Monday.",
            ("Norvik",),
            ["Norvik"],
        ),
        # a name of two words opening the sentence
        ("Group Norvik, the Oslo shipping firm, said so.", ("Group Norvik",), ["Group Norvik"]),
        # one word opening the sentence, a firm named in apposition with its place
        ("NRV4, the UK-based operator, has opted for it.", ("NRV4",), ["NRV4"]),
    ],
)
def test_runs_kept(extractor: Any, text: str, untagged: tuple, expected: list) -> None:
    assert _runs(extractor, text, *untagged) == expected


def test_common_words_after_of_name_a_post_not_a_body(extractor: Any) -> None:
    text = "Tom Hale, head of Farm Policy, said so."
    doc = _untag(extractor, text, ("Farm Policy",))
    runs = untagged_runs(doc, set(), extractor._cleaner.common_words)
    assert [doc[a:b].text for a, b in runs] == []
    assert [doc[a:b].text for a, b in untagged_runs(doc, set())] == ["Farm Policy"]


def test_one_word_is_not_placed_by_a_possessive(extractor: Any) -> None:
    text = "Sales rose at Japan's Norvik on Monday."
    _, tagged = _extract(extractor, text)
    assert [r[:3] for r in tagged] == [("Norvik", "LOCATED_IN", "Japan")]
    entities, relations = _extract(extractor, text, "Norvik")
    assert relations == []
    assert "Norvik" not in entities


def test_a_piece_of_a_name_the_model_tagged_in_part_is_left_out(extractor: Any) -> None:
    from spacy.tokens import Span

    doc = extractor.nlp("The rumours came from Birch Talbot insiders, the paper said.")
    talbot = next(t.i for t in doc if t.text == "Talbot")
    doc.ents = [Span(doc, talbot, talbot + 1, label="PERSON")]  # the model's half of the name
    assert untagged_runs(doc, {talbot}) == []
    assert [doc[a:b].text for a, b in untagged_runs(doc, set())] == ["Birch"]


def test_an_untagged_first_word_of_one_organizations_name_is_that_organization(
    extractor: Any,
) -> None:
    """An untagged "Real" after "Real Madrid": the club's short name, not a second club."""
    text = "Kestrel Rovers lost again. Tom Hale scored for Kestrel in the second half."
    entities, relations = _extract(extractor, text, "Kestrel")
    assert ("Tom Hale", "WORKS_FOR", "Kestrel Rovers", "employment.scored_for") in relations
    assert "Kestrel" not in entities
    assert [m.text for m in entities["Kestrel Rovers"].mentions] == ["Kestrel Rovers", "Kestrel"]


def test_an_untagged_last_word_of_one_clubs_name_is_that_club(extractor: Any) -> None:
    """An untagged "City" after "Kestrel City": the club's short name, not a second club."""
    text = "Tom Hale will be named Kestrel City manager. Hale joined City in 2001 as a coach."
    entities, relations = _extract(extractor, text, "City")
    assert "City" not in entities
    assert [m.text for m in entities["Kestrel City"].mentions] == ["Kestrel City", "City"]
    assert ("Tom Hale", "WORKS_FOR", "Kestrel City", "employment.joined_as") in relations
    # beside two clubs ending in the same word, it is neither
    text = "Kestrel City beat Norvik City. Hale joined City in 2001 as a coach."
    _, relations = _extract(extractor, text, "City")
    assert not any(target.endswith(" City") for _, _, target, _ in relations)


def test_an_untagged_first_word_of_two_organizations_names_is_no_short_name(
    extractor: Any,
) -> None:
    text = "Kestrel Rovers and Kestrel Athletic drew. Tom Hale scored for Kestrel in the end."
    _, relations = _extract(extractor, text, "Kestrel")
    assert not any(target.startswith("Kestrel ") for _, _, target, _ in relations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom Hale has been unveiled as the new Wolves manager.",
         ("Tom Hale", "WORKS_FOR", "Wolves")),
        ("Hearts' boss Tom Hale said the red card was harsh.",
         ("Tom Hale", "WORKS_FOR", "Hearts")),
    ],
)  # fmt: skip
def test_a_club_the_tagger_takes_for_a_plural_noun_is_read(
    extractor: Any, text: str, expected: tuple[str, str, str]
) -> None:
    _assert_read_as_an_organization(extractor, text, expected, "Wolves", "Hearts")


def _assert_read_as_an_organization(
    extractor: Any, text: str, expected: tuple[str, str, str], *untagged: str
) -> None:
    """``text`` read with ``untagged`` left untagged gives ``expected``, whose target is a
    provisional organization."""
    entities, relations = _extract(extractor, text, *untagged)
    assert expected in [relation[:3] for relation in relations]
    assert entities[expected[2]].type == "Organization"


def test_a_clubs_name_opening_a_sentence_with_no_relation_stays_a_word(extractor: Any) -> None:
    text = "Wolves are returning to the hills, said Tom Hale of the Kestrel Trust."
    entities, relations = _extract(extractor, text, "Wolves")
    assert "Wolves" not in entities
    assert [r[:3] for r in relations] == [("Tom Hale", "WORKS_FOR", "Kestrel Trust")]


def test_a_name_in_brackets_after_a_person_in_a_story_about_films_is_no_employer(
    extractor: Any,
) -> None:
    text = (
        "The film awards shortlist is out. Best actor nominees are Tom Hale (Silver Harbour) "
        "and Ian Holt (Blind Norvik), and the movie critics back the films' stars."
    )
    entities, relations = _extract(extractor, text, "Blind Norvik")
    assert not any(target == "Blind Norvik" for _, _, target, _ in relations)
    assert "Blind Norvik" not in entities
    # the same brackets in a story about business name the employer
    business = "Analysts such as Ian Holt (Blind Norvik) were gloomy about the shares."
    _, relations = _extract(extractor, business, "Blind Norvik")
    assert ("Ian Holt", "WORKS_FOR", "Blind Norvik") in [r[:3] for r in relations]


def test_a_name_the_model_tags_once_is_read_where_it_does_not(extractor: Any) -> None:
    """ "the former Harwicks singer ... left The Harwicks": the model tags the band once;
    the mention after "The" is still that band, not a work's title."""
    text = "The former Harwicks singer was in court. Mr Hale left The Harwicks in June."
    doc = extractor.nlp(text)
    first = text.index("Harwicks")
    second = text.index("Harwicks", first + 1)
    kept = [e for e in doc.ents if not (e.start_char <= second < e.end_char)]
    band = doc.char_span(first, first + len("Harwicks"), label="ORG")
    doc.ents = [e for e in kept if not (e.start_char <= first < e.end_char)] + [band]
    part = extractor._extract_doc(doc, 0)
    by_id = {e.id: e.name for e in part.entities}
    relations = [(by_id[r.source], r.type, by_id[r.target]) for r in part.relations]
    assert ("Hale", "MEMBER_OF", "Harwicks") in relations
    band = next(e for e in part.entities if e.name == "Harwicks")
    assert [m.text for m in band.mentions] == ["Harwicks", "Harwicks"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norvik spokesman Tom Hale said prices would rise.",
         ("Tom Hale", "WORKS_FOR", "Norvik")),
        ("Harwicks singer Tom Hale said the tour would go ahead.",
         ("Tom Hale", "MEMBER_OF", "Harwicks")),
    ],
)  # fmt: skip
def test_an_untagged_first_word_before_a_post_and_a_name_is_read(
    extractor: Any, text: str, expected: tuple[str, str, str]
) -> None:
    """The tagger takes a sentence's first word for a common noun as often as not; before
    a post and a tagged name it is where the post is held."""
    _assert_read_as_an_organization(extractor, text, expected, "Norvik", "Harwicks")


def test_a_common_word_opening_a_sentence_before_a_post_is_no_employer(extractor: Any) -> None:
    entities, relations = _extract(
        extractor, "Manager Tom Hale said so. Party chairman Ann Roe agreed."
    )
    assert "Manager" not in entities
    assert "Party" not in entities
    assert not any(target in ("Manager", "Party") for _, _, target, _ in relations)


def test_an_untagged_plain_persons_name_is_kept_without_a_relation(extractor: Any) -> None:
    """A first name and a surname that are no common words name a person whatever reads
    them: the entity is kept though no pattern reads it."""
    entities, relations = _extract(
        extractor, "The top prize went to a thriller written and directed by Anders Harwood.",
        "Anders Harwood",
    )  # fmt: skip
    person = entities["Anders Harwood"]
    assert person.type == "Person"
    assert person.type_cues[0] == PERSON_CUE
    assert [m.text for m in person.mentions] == ["Anders Harwood"]
    assert relations == []


@pytest.mark.parametrize(
    ("text", "untagged"),
    [
        # a common word ends it: a phrase or a title
        ("The crowd sang along to Anders Gold at the end of the night.", "Anders Gold"),
        # a word that ends names of places or facilities
        ("The crowd walked along Anders Lane at the end of the night.", "Anders Lane"),
        # a first name that is a common word opens it
        ("The crowd cheered Rose Harwood at the end of the night.", "Rose Harwood"),
    ],
)  # fmt: skip
def test_an_untagged_run_that_may_be_something_else_is_not_a_person(
    extractor: Any, text: str, untagged: str
) -> None:
    entities, _ = _extract(extractor, text, untagged)
    assert untagged not in entities


def test_an_untagged_body_named_for_a_cause_is_one_name_and_no_earlier_body(
    extractor: Any,
) -> None:
    text = (
        "Ann Tolley led the Harwick Commission until 2001. "
        "Tom Hale, chair of the Commission for Rural Fairness, opened the meeting."
    )
    entities, relations = _extract(extractor, text, "Commission for Rural Fairness")
    # "the Commission" opens a name the model missed: it is not the Harwick Commission
    assert ("Tom Hale", "WORKS_FOR", "Harwick Commission", "employment.role_of") not in relations
    assert ("Tom Hale", "WORKS_FOR", "Commission for Rural Fairness", "employment.role_of") in (
        relations
    )
    assert entities["Commission for Rural Fairness"].type == "Organization"


def test_an_untagged_name_listed_with_persons_each_of_a_body_is_a_person(extractor: Any) -> None:
    text = (
        "The panel heard Ann Tolley of Kestrel Bank, Suvar Pichal of Microsoft, "
        "and Tom Hale of Talvaro Bank on Monday."
    )
    entities, relations = _extract(extractor, text, "Suvar Pichal")
    assert entities["Suvar Pichal"].type == "Person"
    assert ("Suvar Pichal", "WORKS_FOR", "Microsoft", "employment.person_of_org") in relations
    assert not any(
        source == "Ann Tolley" and target != "Kestrel Bank" for source, _, target, _ in relations
    )
