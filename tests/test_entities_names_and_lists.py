"""Whole names and the cues of lists, appositions and name words (real spaCy model).

Each sentence is invented; each test names the rule it exercises.
"""

from __future__ import annotations

import pytest
from extraction_views import extract, relations, types_by_name, types_with_span

from threadline.graph.model import Extraction
from threadline.names import display_name


def rejected(extractor, extraction: Extraction) -> dict[str, str]:
    return {r.text: r.reason for d, r in extractor.report.rejected if d == extraction.doc_id}


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a list whose earlier items the model calls organizations, and a plural
        # descriptor before "including"
        (
            "Several carmakers, including Hyundai, Toyota, Suzuki and Ford, build cars here.",
            "Suzuki",
            "Organization",
        ),
        (
            "Several carmakers, including Hyundai, Toyota, Suzuki and Ford, build cars here.",
            "Toyota",
            "Organization",
        ),
        # ... a dash before "including"
        (
            "Other retailers - including Norvik, Kestrelmart, Talvaro and Dunmore - did well.",
            "Kestrelmart",
            "Organization",
        ),
        # a surname the model calls an organization, listed with people's full names,
        # first or last
        ("Her rivals are Kettleby, Ann Lee, Julie Moss and Mary Hale.", "Kettleby", "Person"),
        ("The prize went to Ann Lee, Mary Hale and Kettleby.", "Kettleby", "Person"),
        # ... one of them opening with a first name is enough
        (
            "Tom Hale was nominated, with Meryl Streep, Morgan Freeman and Kettleby also up.",
            "Kettleby",
            "Person",
        ),
        # ... but not with names the model tags as persons that open with no first name:
        # bands ("Iron Kestrels")
        (
            "The top five includes Iron Kestrels, Pink Norviks and Kettleby.",
            "Kettleby",
            "Organization",
        ),
        # a plural performer's word before a list: its items are people, whatever else
        # their names may be
        (
            "Judges this year include photographers Tom Hale, Kendal and Ann Lee.",
            "Kendal",
            "Person",
        ),
        # a country named with "and" is one place
        (
            "Norvik Ltd registered its shipping arm in Saint Kitts and Nevis last year.",
            "Saint Kitts and Nevis",
            "Location",
        ),
        ("Norvik Ltd moved to Trinidad and Tobago in May.", "Trinidad and Tobago", "Location"),
        # a title keeps its capitalized "After"; "book" before a comma and an article
        # votes for a title
        (
            "The Kestrel Institute report, entitled Growth After Oil, was out on Monday.",
            "Growth After Oil",
            "Publication",
        ),
        ("Tom Hale's new book, The Long Road, sold well.", "The Long Road", "Publication"),
        # a product noun before "called"
        (
            "The phone uses a display technology called Zelvax, made by Kestrel.",
            "Zelvax",
            "Product",
        ),
        # a name before a title and a person's name is the employer, whatever its first word
        (
            "William Kestrel spokesman Tom Okafor said it was unlikely.",
            "William Kestrel",
            "Organization",
        ),
        # a list after "like the": the article does not end the list
        (
            "As well as drinks like the Kestrel Cola and Norvik Fizz with Lemon, it sells crisps.",
            "Norvik Fizz",
            "Product",
        ),
        # a product noun after the name
        ("Sales fell because of the Atkins diet.", "Atkins", "Product"),
        # "as" alone introduces no list ("brands such as" does)
        (
            "Tom Hale was recognized by the Kestrel Society as Designer of the Year in 2019.",
            "Designer of the Year",
            "Award",
        ),
        # an apposition's head noun decides, not a noun that modifies it
        (
            '"Closures hurt," said Nigel Roberts, World Bank country director for Gaza.',
            "Nigel Roberts",
            "Person",
        ),
        # a place before a possessor's headquarters stays a place
        (
            "Delegations went to the SEC's Washington DC headquarters.",
            "Washington DC",
            "Location",
        ),
        # a standing body's name is no event, though it ends in "Conference"
        (
            "It is a unit of the Anhui Provincial Political Consultative Conference, which meets yearly.",
            "Anhui Provincial Political Consultative Conference",
            "Organization",
        ),
        # a country's name is no first name ("China News Weekly")
        (
            "The state media China News Weekly reported on April 27 that officials agreed.",
            "China News Weekly",
            "Organization",
        ),
        # an aircraft's designation
        ("The navy sent a P-3C patrol plane over the strait.", "P-3C", "Product"),
        # a ship prefix: a vessel, which the ontology counts as a product
        ("The USS Mustin sailed into the bay.", "USS Mustin", "Product"),
        # an apposition's head past a possessor and adjectives; a plural descriptor
        (
            "Freddie Mac, the country's other largest mortgage firm, was forced to restate.",
            "Freddie Mac",
            "Organization",
        ),
        (
            '"It is weak," said Nick Turner, analyst at brokers Jefferies.',
            "Jefferies",
            "Organization",
        ),
        # a firm's last word
        (
            "Jane Roe, head of equity research at NCB Stockbrokers, said so.",
            "NCB Stockbrokers",
            "Organization",
        ),
        # a plan's title word
        ("Their targets became known as the Lisbon Agenda.", "Lisbon Agenda", "Publication"),
        # in a story about sport, the side that won
        (
            "After their defeat by Wales in the league match, the coach blamed the referee"
            " for the penalty.",
            "Wales",
            "Organization",
        ),
        ("She starred in Harwick Heights with Tom Hale.", "Harwick Heights", "Publication"),
        # in a story about films, a title after a capital "The" inside a sentence
        (
            "The film won best picture, ahead of The Norvik Diaries at the Oscars, where"
            " actors and actresses met the Hollywood stars of cinema.",
            "The Norvik Diaries",
            "Publication",
        ),
        # in a story about games, a name after a game's word is a product
        (
            "The gamers loved the new console. The games industry grew, and PlayStation 2"
            " title Norvik Quest sold well.",
            "Norvik Quest",
            "Product",
        ),
        # a singer's manager: a post held for a person
        (
            "Jack Birch manager Holt dies\n\nThe former manager of Jack Birch, Saul Holt, has"
            " died at the age of 79. Mr Holt managed the career of Birch for years.",
            "Jack Birch",
            "Person",
        ),
        # a game maker named with the word that ends events' names too
        (
            "One of Norway's largest independent game makers, Kestrel Games, is for sale.",
            "Kestrel Games",
            "Organization",
        ),
        ("He won gold at the Norvik Games.", "Norvik Games", "Event"),
        # a first name before a word only things' names end in: the model's person
        ("The drama starred Owen Law alongside Ann Tolley.", "Owen Law", "Person"),
        (
            "The squad will be without Jack Bridge for the rest of the season.",
            "Jack Bridge",
            "Person",
        ),
        # ... but not a plural nor an event's word, which surnames seldom are
        ("One couple broadcasts theirs, The Dawn and Drew Show, from Leeds.", "Drew Show", "Event"),
        # a building's word after the name: a prison, a cinema ...
        ("The trial was moved to the Talvaro Hill prison near Leeds.", "Talvaro Hill", "Facility"),
        # ... but a nation's cinema is its films
        ("The film is a landmark of British cinema, the critic said.", "British", "Group"),
        # a list after a plural noun of works: records and screen works
        (
            "The band's other hits include Kestrel Lane, Norvik Nights and Harwick Blues.",
            "Norvik Nights",
            "Publication",
        ),
        (
            "She starred in several films, including Kestrel Lane, Norvik Nights and Harwick"
            " Blues.",
            "Harwick Blues",
            "Publication",
        ),
        # a name alone before "and" and a person's full name, which the model takes for
        # a body
        (
            "The festival's drama section includes Keanu Holt and Benjamin Varga.",
            "Keanu Holt",
            "Person",
        ),
        # a radio or TV station before the name is a broadcaster ...
        ('He told private Spanish radio station Talvaro Ser: "No."', "Talvaro Ser", "Organization"),
        ("Sales rose at TV channel Norvik Max.", "Norvik Max", "Organization"),
        # ... a power station in apposition is a site, and says nothing of the name
        (
            "Work was halted on an underground power station, and a supply unit on the Kestrel"
            " Dam, as well as a power station on its sister dam.",
            "Kestrel Dam",
            "Facility",
        ),
        # ... and a place before a radio station's words is where it is
        (
            "Tom Hale, head of music at London rock radio station Kestrel FM, said it was good.",
            "London",
            "Location",
        ),
    ],
)
def test_a_cue_decides_the_type(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_a_place_is_no_organization_by_a_person_named_as_its_own(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Oslo's Jane Roe won the race."))
    assert found.get("Oslo") == "Location"


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        # a firm named after two partners, after a word that says a firm
        (
            "Prices were forecast by consultancy Purvin and Gertz on Monday.",
            "Purvin and Gertz",
            ("Purvin", "Gertz"),
        ),
        # ... or after a person or a job title and "of"/"with"
        (
            "Emmanuel Gaillard of Shearman and Sterling said the claim was valid.",
            "Shearman and Sterling",
            ("Sterling",),
        ),
        (
            '"It is weak," said Victor Shum, a Singapore-based analyst with Purvin and Gertz.',
            "Purvin and Gertz",
            ("Purvin",),
        ),
    ],
)
def test_a_firm_named_after_two_partners_is_one_name(entity_extractor, text, whole, parts):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(whole) == "Organization"
    assert not set(parts) & set(found)


def test_two_companies_in_a_list_are_not_one_firm(entity_extractor):
    found = types_by_name(extract(entity_extractor, "The firms Ford and Toyota rose."))
    assert {"Ford", "Toyota"} <= set(found)
    assert "Ford and Toyota" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shares in the FTSE 100 fell on Monday.", "FTSE 100"),  # a stock index's number
        # a known channel's name, which the model tags in two parts
        ("Tom Hale told BBC Radio Five Live that he was happy.", "BBC Radio Five Live"),
        # a series the model cuts at "of the" (the bundled gazetteer's)
        ("It was the third film in the Lord of the Rings trilogy.", "The Lord of the Rings"),
        # a known channel's number, which the model tags apart
        ('Carol Hale, BBC News 24 political correspondent, added: "It is real."', "BBC News 24"),
        ('"It is fine," said Treasurer Peter Costello.', "Peter Costello"),  # a title cut
        ("The deal angered ex-Kestrel Partners staff.", "Kestrel Partners"),  # a former employer
        # a participle before the owned noun: the "'s" is the owner's, not the name's
        ("But Kestrelsoft's managing director Tom Hale disagreed.", "Kestrelsoft"),
        # the model tags "of Ireland": no name opens with "of"
        ("Republic of Ireland manager Tom Hale has been granted his wish.", "Republic of Ireland"),
        # "new" opening the sentence describes the post, no place "New Southampton" ...
        ("New Southampton manager Tom Hale faces his old club.", "Southampton"),
        # ... where "New" and the name make no known place together
        ("New Zealand beat Wales in the final.", "New Zealand"),
        # ... nor before a region's adjective alone
        ("It was agreed in May. New European commission president Tom Hale spoke.", "European"),
        # an initial's full stop the parse did not end the sentence at
        ("She met Jack X. Besides Ann Tolley, nobody came.", "Ann Tolley"),
        # a preposition opening the sentence before a known place
        ("Across Wales, nurses marched in several towns on Friday.", "Wales"),
        # a body named with a plural's possessive, which the model cuts at the apostrophe
        (
            "Ann Tolley was named best actress by the Norvik Critics' Circle.",
            "Norvik Critics' Circle",
        ),
        ("He praised the Critics' Circle on Monday.", "Critics' Circle"),
        ("The Critics' Circle named Ann Tolley its best playwright.", "Critics' Circle"),
        # ... not a peer's: his bill
        ("Labour peer Lord Holts' Succession to the Crown Bill aims to end it.", "Holts"),
        ("The Kestrel Writers' Guild gave Ann Tolley a prize.", "Kestrel Writers' Guild"),
        # ... and an award named after such a body
        (
            "Ann Tolley won the Norvik Critics' Circle Theatre Awards prize.",
            "Norvik Critics' Circle Theatre Awards",
        ),
    ],
)
def test_name_bounds(entity_extractor, text, name):
    assert name in types_by_name(extract(entity_extractor, text))


def test_a_regions_adjective_before_a_title_is_no_employer(extractor):
    extraction = extract(
        extractor, "It was agreed in May. New European commission president Tom Hale spoke."
    )
    assert not [r for r in extraction.relations if r.type == "WORKS_FOR"]


def test_a_capital_the_inside_a_sentence_belongs_to_the_name(entity_extractor):
    extraction = extract(
        entity_extractor,
        "He told The Daily Courier on Monday that the Daily Courier had it wrong.",
    )
    (courier,) = [e for e in extraction.entities if "Courier" in e.name]
    assert courier.name == "The Daily Courier"
    assert len(courier.mentions) == 2
    assert display_name(courier.name) == "The Daily Courier"


def test_a_sentence_opening_the_is_no_part_of_the_name(entity_extractor):
    found = types_by_name(extract(entity_extractor, "The Daily Courier said prices rose."))
    assert "Daily Courier" in found


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        (
            "Pan-European stock market Euronext has approached the exchange.",
            "Pan-European",
            "adjective",
        ),
        (
            "Widening Trade Links\n\nThe two cities signed a memo in May.",
            "Widening Trade Links",
            "heading led by a verb",
        ),
        # members of a parliament, a word the model takes for a product's name
        ("Two MPs committees met on Monday.", "MPs", "not an entity"),
        # an award's category, which the model takes for a person
        (
            "The singer was nominated for Best Solo Artist and Best Breakthrough Act.",
            "Best Breakthrough Act",
            "an award's category",
        ),
    ],
)
def test_words_that_are_no_names(entity_extractor, text, word, reason):
    extraction = extract(entity_extractor, text)
    assert word not in types_by_name(extraction)
    assert rejected(entity_extractor, extraction).get(word) == reason


def test_a_known_names_word_in_lowercase_is_the_common_word(entity_extractor):
    # "Republican" is a party's short name; "an Irish republican" is no party's member
    found = types_by_name(
        extract(entity_extractor, "The Irish republican Ann Tolley was elected to the council.")
    )
    assert "Republican Party" not in found
    assert found["Ann Tolley"] == "Person"
    assert (
        types_by_name(
            extract(entity_extractor, "The Republican senator Ann Tolley voted against the bill.")
        ).get("Republican Party")
        == "Organization"
    )


def test_a_firm_in_capitals_ending_like_a_plural_of_letters_keeps_its_name(entity_extractor):
    # "MEPs" are members of a parliament; "MEPS" written in capitals is a firm
    text = "Tom Hale, director of the research group MEPS, said prices would rise."
    assert types_by_name(extract(entity_extractor, text)).get("MEPS") == "Organization"


def test_the_seat_of_a_peers_title_is_no_entity(entity_extractor):
    for text, seat in [
        ("Former Welsh Office Minister Lord Talbot of Kestrelwick denied it.", "Kestrelwick"),
        ("Ex-Treasury Minister Lord Hale of Norvik denied the claims.", "Norvik"),
    ]:
        found = types_by_name(extract(entity_extractor, text))
        assert seat not in found  # part of the title, not a place or body named here
    found = types_by_name(
        extract(entity_extractor, "Lord Talbot of Harwick denied it. Jack Talbot was there.")
    )
    assert found.get("Jack Talbot") == "Person"  # the peer's short forms still link


def test_a_trade_opening_a_headline_is_cut_from_the_name(entity_extractor):
    text = (
        "Rapper Tom Talvaro sued for fraud\n\n"
        "The singer Tom Talvaro has been sued by a former aide. Talvaro denied it.\n"
    )
    extraction = extract(entity_extractor, text)
    persons = [e for e in extraction.entities if e.type == "Person"]
    assert [p.name for p in persons] == ["Tom Talvaro"]
    assert len(persons[0].mentions) == 3


@pytest.mark.parametrize(
    "text",
    [
        "Keeper Tom Halevy echoed the words of his manager. Halevy was in fine form.",
        "Prop Tom Halevy powered over for the try. Mr Halevy was the man of the match.",
        "Seeds Tom Halevy and Jack Birch made comfortable progress. Halevy won in two sets.",
    ],
)
def test_a_players_place_or_seed_opening_a_sentence_is_cut_from_the_name(
    nlp, entity_extractor, text
):
    doc = nlp(text)
    opening = text.split(" Tom Halevy")[0]
    whole = doc.char_span(0, len(opening + " Tom Halevy"), label="PERSON")  # the model's span
    doc.ents = [whole] + [e for e in doc.ents if e.start >= whole.end]
    found = {e.name: e.type for e in entity_extractor._extract_doc(doc, 0).entities}
    assert found.get("Tom Halevy") == "Person"
    assert f"{opening} Tom Halevy" not in found


def test_a_common_word_opening_a_headline_is_cut_from_the_name(entity_extractor):
    text = (
        "Budget Talvaro takes on Norvik\n\n"
        "Talvaro Motors wants to win buyers from Norvik with a small van priced under 9,000"
        " euros.\n\nThe van costs less than older Talvaro vans, said Talvaro's chief"
        " executive Tom Hale. Talvaro will show it in Geneva.\n"
    )
    names = types_by_name(extract(entity_extractor, text))
    assert "Budget Talvaro" not in names and names.get("Talvaro") == "Organization"
    # a particle the story writes in lowercase inside the name stays in it
    text = (
        "Dal Kestro to start at flanker\n\n"
        "David dal Kestro will take the injured Tom Hale's place in the back row on Sunday."
        " Coach Ann Tolley said dal Kestro was ready.\n"
    )
    assert "Kestro" not in types_by_name(extract(entity_extractor, text))


def test_a_trade_opening_a_sentence_before_a_first_name_is_cut_from_the_name(entity_extractor):
    """ "Musician Tom Talvaro, 23, ...", where the story goes on with "Mr Talvaro": the
    trade is cut even though the document never writes "Tom Talvaro" alone."""
    text = "Musician Tom Talvaro, 23, appeared in court on Monday. Mr Talvaro denied it."
    doc = entity_extractor.nlp(text)
    whole = doc.char_span(0, len("Musician Tom Talvaro"), label="PERSON")  # the model's span
    doc.ents = [whole] + [e for e in doc.ents if e.start >= whole.end]
    part = entity_extractor._extract_doc(doc, 0)
    found = {e.name: e.type for e in part.entities}
    assert found.get("Tom Talvaro") == "Person"
    assert "Musician Tom Talvaro" not in found


def test_a_trade_opening_a_sentence_before_a_name_written_alone_is_cut_whatever_the_label(
    entity_extractor,
):
    """ "Rapper Kestro has ended his feud", the story going on with "Kestro's album": the
    trade is cut and the name is a person's, though the model tagged the whole as a body."""
    text = "Rapper Kestro has ended his feud with a rival. Kestro's new album sold well."
    doc = entity_extractor.nlp(text)
    whole = doc.char_span(0, len("Rapper Kestro"), label="ORG")  # the model's span
    doc.ents = [whole] + [e for e in doc.ents if e.start >= whole.end]
    found = {e.name: e.type for e in entity_extractor._extract_doc(doc, 0).entities}
    assert found.get("Kestro") == "Person"
    assert "Rapper Kestro" not in found
    # a body's span needs the name tagged alone: written alone, it may be a common word
    text = "Model Kestrels is the biggest show of its kind. Kestrels fans came from far away."
    doc = entity_extractor.nlp(text)
    whole = doc.char_span(0, len("Model Kestrels"), label="ORG")
    doc.ents = [whole]
    found = {e.name: e.type for e in entity_extractor._extract_doc(doc, 0).entities}
    assert found == {"Model Kestrels": "Organization"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # initials written without full stops before a surname the model tagged alone
        ("Past winners such as Tom Hale, JM Talvaro and Ann Tolley have failed.", "JM Talvaro"),
        ("The play by JM Talvaro was staged in London.", "JM Talvaro"),
    ],
)
def test_undotted_initials_before_a_surname_belong_to_the_name(entity_extractor, text, name):
    assert types_by_name(extract(entity_extractor, text)).get(name) == "Person"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a law's last word the model tagged alone, as a person's first name
        (
            "The Treasury says a shortened Finance Bill would pass before the vote.",
            "Finance Bill",
            "Publication",
        ),
        (
            "Ministers added the powers at a late stage of the Criminal Justice Bill.",
            "Criminal Justice Bill",
            "Publication",
        ),
        # no article before it: a person's name
        ("Uncle Bill said the Kestrel plan was good.", "Bill", "Person"),
        # a word capitalized by the sentence's start is none of the name
        ('"No Bill passes without debate," she said.', "No Bill", None),
    ],
)
def test_a_law_cut_to_its_last_word_is_whole(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_a_word_hyphened_to_no_first_name_is_no_first_name(entity_extractor):
    # "Sun" alone is in the list of first names; "Sun-Sentinel" opens with no first name
    text = "Tom Hale told the Sun-Sentinel that he was sorry."
    assert types_by_name(extract(entity_extractor, text)).get("Sun-Sentinel") == "Organization"
    # a competition of that shape the gazetteer knows
    found = types_by_name(extract(entity_extractor, "Hale faces Tri-Nations champions Kestrel."))
    assert found.get("Tri-Nations") == "Event"
    # a first name hyphened to another is still one
    found = types_by_name(extract(entity_extractor, "Jean-Claude Talvaro said so."))
    assert found.get("Jean-Claude Talvaro") == "Person"


@pytest.mark.parametrize(("capitals", "joins"), [("JM", True), ("UK", False), ("BBC", False)])
def test_capitals_a_place_or_a_body_goes_by_are_no_initials(nlp, capitals, joins):
    from threadline.graph.ontology import Ontology
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import extend_left

    doc = nlp(f"The prize went to {capitals} Talvaro on Monday.")
    doc.ents = []  # as where the model tags the surname alone, and not the capitals
    start = next(t.i for t in doc if t.text == "Talvaro")
    extended = extend_left(doc, start, start + 1, "Person", EntityRules.load(), Ontology.load())
    assert extended == (start - 1 if joins else start)


def test_letters_after_a_name_the_model_took_for_a_body_are_cut(entity_extractor):
    """ "Tom Talvaro QC" tagged as an organization, which the first name makes a person:
    the name is trimmed as a person's."""
    text = "The chairman of the Kestrel Council, Tom Talvaro QC has warned of the risk."
    doc = entity_extractor.nlp(text)
    start = text.index("Tom Talvaro QC")
    whole = doc.char_span(start, start + len("Tom Talvaro QC"), label="ORG")
    doc.ents = [e for e in doc.ents if e.end <= whole.start] + [whole]
    found = {e.name: e.type for e in entity_extractor._extract_doc(doc, 0).entities}
    assert found.get("Tom Talvaro") == "Person"
    assert "Tom Talvaro QC" not in found


def test_a_name_after_a_clergy_style_is_a_person_when_a_first_name_opens_it(entity_extractor):
    found = types_by_name(
        extract(
            entity_extractor,
            "His words came as Cardinal Tom Talvaro O'Birch, the Archbishop of Harwick, "
            "backed the plan. Bishop Auckland won the match.",
        )
    )
    assert found.get("Tom Talvaro O'Birch") == "Person"


@pytest.mark.parametrize("trade", ["Cinematographer", "Composer", "Screenwriter", "Producer"])
def test_a_film_trade_opening_a_sentence_is_cut_from_the_name(entity_extractor, trade):
    text = f"{trade} Tom Talvaro, who was nominated in 2001, was up for the prize again."
    doc = entity_extractor.nlp(text)
    whole = doc.char_span(0, len(f"{trade} Tom Talvaro"), label="PERSON")  # the model's span
    doc.ents = [whole] + [e for e in doc.ents if e.start >= whole.end]
    found = {e.name: e.type for e in entity_extractor._extract_doc(doc, 0).entities}
    assert found.get("Tom Talvaro") == "Person"
    assert f"{trade} Tom Talvaro" not in found


def test_a_nationality_before_a_surname_named_in_full_is_cut_from_the_name(entity_extractor):
    """ "American Hale" where the story names "Lindsay Hale": the player's nationality, not
    an organization "American Hale"; a name that is no one's surname keeps its word."""
    text = (
        "Lindsay Hale won in Sydney. American Hale beat the second seed in two sets. "
        "British Airways flew the team home."
    )
    extraction = extract(entity_extractor, text)
    found = {e.name: e.type for e in extraction.entities}
    assert "American Hale" not in found
    hale = next(e for e in extraction.entities if e.name == "Lindsay Hale")
    assert len(hale.mentions) == 2
    assert found.get("British Airways") == "Organization"


def test_a_nationality_before_a_noun_the_model_calls_a_person_is_a_group(entity_extractor):
    text = "But Welsh legend Tom Talvaro insisted the side could cope."
    doc = entity_extractor.nlp(text)
    welsh = doc.char_span(4, 9, label="PERSON")  # as the model tags it in some stories
    doc.ents = [welsh] + [e for e in doc.ents if e.start > welsh.start]
    part = entity_extractor._extract_doc(doc, 0)
    assert {e.name: e.type for e in part.entities}.get("Welsh") == "Group"


@pytest.mark.parametrize("label", ["ORG", "PERSON"])
def test_a_name_starts_at_an_honorific_inside_the_models_span(entity_extractor, label):
    """ "at GDC Mr Talvaro, who ...": the model runs an event's acronym into the name."""
    text = "In his talk at GDC Mr Talvaro, who heads the unit, gave a glimpse of it."
    doc = entity_extractor.nlp(text)
    start = text.index("GDC")
    whole = doc.char_span(start, start + len("GDC Mr Talvaro"), label=label)
    doc.ents = [whole]
    part = entity_extractor._extract_doc(doc, 0)
    assert {e.name: e.type for e in part.entities} == {"Talvaro": "Person"}


@pytest.mark.parametrize(
    ("text", "name", "gone"),
    [
        # a title that is also a first name, before a lone surname: the name's first word
        ("Director Dean Talvaro said the club would appeal.", "Dean Talvaro", "Talvaro"),
        ("Dean Talvaro said the club would appeal. Talvaro is 39.", "Dean Talvaro", "Talvaro"),
        # before a whole name it is the post
        ("The college head, Dean Tom Talvaro, said so.", "Tom Talvaro", "Dean Tom Talvaro"),
    ],
)
def test_dean_before_a_lone_surname_is_a_first_name(entity_extractor, text, name, gone):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(name) == "Person"
    assert gone not in found


def test_may_after_a_first_name_is_a_surname(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Labour MSP Christine May said so."))
    assert found.get("Christine May") == "Person"
    assert "Christine" not in found


@pytest.mark.parametrize(
    ("text", "whole", "others"),
    [
        # capitalized words left after a name, ending in an organization word
        (
            "The data that Kestrel University's North Tern Sea Strategic Probing Initiative"
            " released showed it.",
            "North Tern Sea Strategic Probing Initiative",
            ("Kestrel University",),
        ),
        # a known name that begins another one
        (
            "The European Union Fujian Chamber of Commerce is a body set up by firms.",
            "European Union Fujian Chamber of Commerce",
            (),
        ),
    ],
)
def test_a_name_the_model_cut_short_is_taken_whole(entity_extractor, text, whole, others):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(whole) == "Organization"
    for other in others:
        assert found.get(other) == "Organization"


def test_a_quoted_name_in_apposition_to_a_descriptor_is_an_organization(entity_extractor):
    found = types_by_name(
        extract(entity_extractor, 'Zhao founded "Kidney Stone Babies," a group that helps parents.')
    )
    assert found.get("Kidney Stone Babies") == "Organization"


def test_a_one_word_name_glued_to_its_place_by_in_is_split(entity_extractor):
    extraction = extract(entity_extractor, "It was a similar story at Kestrelmead in Kent.")
    found = types_by_name(extraction)
    assert "Kestrelmead in Kent" not in found
    assert found.get("Kent") == "Location"
    # the model took the two for a work's title: the first is a site
    assert found.get("Kestrelmead") == "Facility"


def test_the_opposition_is_no_organization(extractor):
    tagged = extract(
        extractor, "Tom Hale, the Leader of the Opposition, said the budget would fail."
    )
    # the relation step reads the words the model left untagged
    untagged = extract(extractor, "Mr Hale became an MP at 27 and Leader of the Opposition at 36.")
    for extraction in (tagged, untagged):
        assert "Opposition" not in types_by_name(extraction)
        assert not extraction.relations


_COMPETITIONS = "Norvik won the Grand Slam in 2003 and reached the Champions League final in 2004."


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a school subject and the chancellor's statement are no names
        ("The plan funds training for PE teachers and more specialist schools.", "PE", None),
        ("The chancellor said in the Budget that taxes would rise.", "Budget", None),
        # London's airports, which the model takes for bodies or persons; a longer name stays
        ("Flights from Heathrow and Gatwick were delayed on Monday.", "Gatwick", "Facility"),
        ("The Heathrow Express runs every 15 minutes.", "Heathrow Express", "Organization"),
        # a church's people, whose first word is a first name too; the church keeps its name
        ("Heirs to the throne may not marry Roman Catholics.", "Roman Catholic", "Group"),
        ("The Roman Catholic Church said so.", "Roman Catholic Church", "Organization"),
        # "Euro" for "European" before a noun
        ("Euro MP Tom Hale had paint thrown at him in Harwick on Monday.", "Euro", None),
        ("Hale tips Tolley for Euro gold\n\nThe sprinter won in Madrid.", "Euro", None),
        # competitions the model calls a building or a body (the gazetteer's events)
        (_COMPETITIONS, "Grand Slam", "Event"),
        (_COMPETITIONS, "Champions League", "Event"),
    ],
)
def test_words_the_model_mistypes_take_their_type_or_none(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_a_show_named_after_its_host_is_one_title_wherever_the_story_names_it(
    entity_extractor,
):
    text = (
        "Mr Hale told BBC One's Breakfast with Kestrel programme that the plan would work. "
        "Speaking on Breakfast with Kestrel, Ms Tolley disagreed."
    )
    extraction = extract(entity_extractor, text)
    types = types_by_name(extraction)
    assert types.get("Breakfast with Kestrel") == "Publication"
    assert "Kestrel" not in types and "Breakfast" not in types
    show = next(e for e in extraction.entities if e.name == "Breakfast with Kestrel")
    assert len(show.mentions) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        'She told BBC One\'s Breakfast with Kestrel: "The plan will work."',
        "Mr Hale, speaking on the BBC's Breakfast with Kestrel, disagreed.",
        "Ms Tolley told Sky News' Breakfast with Kestrel that the plan would work.",
    ],
)
def test_a_show_named_after_its_host_after_a_channels_possessive_is_one_title(
    entity_extractor, sentence
):
    text = f"{sentence} Speaking on Breakfast with Kestrel, Ms Tolley disagreed."
    extraction = extract(entity_extractor, text)
    types = types_by_name(extraction)
    assert types.get("Breakfast with Kestrel") == "Publication"
    assert "Kestrel" not in types and "Breakfast" not in types


def test_a_show_opening_with_a_first_name_after_a_channels_possessive_is_a_programme(
    entity_extractor,
):
    # "Grace" is a first name too; "Sky News'" a possessive the tags do not mark
    text = 'He told Sky News\' Grace with Ann Tolley: "The plan is right."'
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Grace with Ann Tolley") == "Publication"


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        # a song is a record, as a single is
        ("Her comeback song Kestrel Road only just scraped into the top 40.", "Kestrel Road",
         "Publication"),
        # a contracted word inside a title the model left untagged
        ("Her song If I Ain't Got You received a nomination.", "If I Ain't Got You",
         "Publication"),
        # the subject of the clause after a name is no apposition to it
        ("Featuring Tom Hale and Jack Birch, the song was written by Ann Tolley.", "Jack Birch",
         "Person"),
    ],
)  # fmt: skip
def test_a_songs_title_is_a_record(entity_extractor, text, name, entity_type):
    assert types_by_name(extract(entity_extractor, text)).get(name) == entity_type


@pytest.mark.parametrize(
    ("text", "show"),
    [
        # a weekday opens a programme's name, not a person's
        ("Speaking on BBC One's Sunday Live programme, Ms Tolley said the talks went well.",
         "Sunday Live"),
        # a nation's BBC station is a channel too
        ("Speaking on BBC Radio Scotland's Kestrel Live programme, Ms Tolley said it went well.",
         "Kestrel Live"),
    ],
)  # fmt: skip
def test_a_programme_after_a_stations_possessive_is_a_programme(entity_extractor, text, show):
    assert types_by_name(extract(entity_extractor, text)).get(show) == "Publication"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # the model tags a title's first words as a name and leaves the rest untagged
        ("He starred in hit US comedy Tom and Grace as the husband of Grace.", "Tom and Grace"),
        ("Fans of the 1980s police drama Harwick Vice will be pleased.", "Harwick Vice"),
        (
            "Fame came with the teen comedy Tom and Ted's Excellent Adventure, and more followed.",
            "Tom and Ted's Excellent Adventure",
        ),
        # the small words inside a title, not "in" before a month or a place after it
        ("Her debut single Genie in a Bottle came out in October 1999.", "Genie in a Bottle"),
        (
            "She had a hit with her debut single Genie in a Bottle in October 1999.",
            "Genie in a Bottle",
        ),
        ("The show Bethan and Huw in Wales was dropped.", "Bethan and Huw"),
    ],
)
def test_a_title_the_model_cut_after_a_word_for_a_work_is_taken_whole(
    entity_extractor, text, title
):
    assert types_by_name(extract(entity_extractor, text)).get(title) == "Publication"


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        # people named after a word for a work: the show's hosts
        ("The show Tom Hale and Ann Tolley present is back.", "Ann Tolley", "Person"),
        # "show" as a verb: no title follows
        ("Figures show Kestrel Bank and Norvik Oil lost money.", "Kestrel Bank", "Organization"),
        # a title longer than can be told is left as the model tags it, not cut at its limit
        (
            "The Japanese film Crying Out Love in the Centre of the World has broken records.",
            "Crying Out Love",
            "Publication",
        ),
    ],
)
def test_names_after_a_word_for_a_work_that_open_no_title_stay_apart(
    entity_extractor, text, name, entity_type
):
    assert types_by_name(extract(entity_extractor, text)).get(name) == entity_type


def test_a_span_run_over_a_dash_after_a_word_for_a_work_is_left_to_the_split(nlp):
    from spacy.tokens import Span

    from threadline.ingest.work_titles import titles_cut_after_work_words

    doc = nlp("It is the hit show Tom Hale - The Opera.")
    # the model's span "Tom Hale - The", which the entity step splits at the dash
    tagged = [Span(doc, 5, 9, label="PERSON")]
    assert titles_cut_after_work_words(doc, tagged, frozenset({"show"})) == tagged


def test_holidays_are_no_entities(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Sales over Christmas and the New Year rose."))
    assert not {"Christmas", "New Year"} & set(found)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("State-owned firms Gazprom and Rosneft will merge.", ("Gazprom", "Rosneft")),
        ("It was a battle between rival plane makers Airbus and Boeing.", ("Airbus", "Boeing")),
        (
            "Western firms such as Dell and Hewlett-Packard mount a challenge.",
            ("Dell", "Hewlett-Packard"),
        ),
        # a title the story names alone, then a whole title of its own
        (
            "The film The Long Road won. Critics liked The Long Road and Kestrel Lane Nights"
            " in the cinema, where actors and actresses met the Hollywood stars of film.",
            ("The Long Road", "Kestrel Lane Nights"),
        ),
    ],
)
def test_a_pair_after_a_plural_noun_is_two_names(entity_extractor, text, names):
    found = types_by_name(extract(entity_extractor, text))
    assert set(names) <= set(found)
    assert " and ".join(names) not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Food and Drug Administration said so.", "Food and Drug Administration"),
        # after "between", but the organization word may end both sides
        (
            "A meeting between Oil and Natural Gas Corporation chairman Subir Raha and Gazprom"
            " chairman Aleksey Miller took place.",
            "Oil and Natural Gas Corporation",
        ),
    ],
)
def test_a_name_with_and_inside_stays_whole(entity_extractor, text, name):
    assert types_by_name(extract(entity_extractor, text)).get(name) == "Organization"


def test_a_verb_opening_the_sentence_is_cut_from_the_name(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Citing Beijing officials, the paper said so."))
    assert found.get("Beijing") == "Location"
    assert "Citing Beijing" not in found


def test_an_ing_word_before_a_bodys_word_alone_stays_in_the_name(entity_extractor):
    text = "Fostering Network executive director Tom Hale criticised the system."
    assert types_by_name(extract(entity_extractor, text)).get("Fostering Network") == "Organization"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("DHS warned firms about the risk.", "DHS"),  # an acronym is no person's name
        (
            "The radio did not name the firms. A Twitter account said the technicians were from Kestrel.",
            "Twitter",
        ),  # "X account"
    ],
)
def test_acronyms_and_accounts_are_organizations(entity_extractor, text, name):
    assert types_by_name(extract(entity_extractor, text)).get(name) == "Organization"


def test_a_stock_index_abbreviation_alone_is_no_index(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The Cyberspace Administration of China (CAC) is the internet regulator. The CAC said so.",
    )
    assert types_by_name(extraction).get("Cyberspace Administration of China") == "Organization"


def test_a_possessive_inside_a_span_splits_an_owner_named_alone(entity_extractor):
    found = types_by_name(
        extract(entity_extractor, "Alibaba said so. The app Alibaba's Alipay grew.")
    )
    assert "Alibaba" in found and "Alipay" in found
    assert "Alibaba's Alipay" not in found


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # an apposition read past a hyphenated modifier ("state-owned")
        ("It wanted to fund Gazprom, the state-owned gas giant.", "Gazprom", "Organization"),
        # a crude oil benchmark named after a field
        ("The benchmark Brent crude price closed down 51 cents.", "Brent", "Product"),
        # a product noun before the name; a site the pronoun's owner has at a place
        ("The firm pitched its drug against rival medicine Tarceva.", "Tarceva", "Product"),
        ("Its vast Cowley factory near Oxford will expand.", "Cowley", "Location"),
        # a descriptor, then the article the name takes
        (
            "Barclays, which owns former building society the Woolwich, forecast a fall.",
            "Woolwich",
            "Organization",
        ),
        # a body's published figures
        ("Internet fraud totalled 43m pounds, Apacs' figures show.", "Apacs", "Organization"),
        # a document's title: after "its report," and a quote, or headed by a document word
        (
            'The plan is outlined in its report, "Kestrel International Joint Center Base Defense,"'
            " issued on Nov. 21.",
            "Kestrel International Joint Center Base Defense",
            "Publication",
        ),
        (
            'In its "Application Report of Establishing the Technology Transfer Center by the'
            ' Kestrel Association" it said so.',
            "Application Report of Establishing the Technology Transfer Center",
            "Publication",
        ),
    ],
)
def test_more_cues_decide_the_type(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_cities_in_a_list_before_their_exchanges_stay_places(entity_extractor):
    found = types_by_name(
        extract(
            entity_extractor,
            "Euronext, which combines the Paris, Amsterdam and Lisbon stock exchanges, began talks.",
        )
    )
    assert found.get("Paris") == "Location"
    assert found.get("Amsterdam") == "Location"


def test_an_acronym_of_lowercase_words_is_no_name(entity_extractor):
    extraction = extract(
        entity_extractor, "It said its purchasing manager index (PMI) fell to 51.8."
    )
    assert "PMI" not in types_by_name(extraction)
    assert rejected(entity_extractor, extraction).get("PMI") == "acronym of a common phrase"


def test_a_ministers_portfolio_is_no_organization(entity_extractor):
    text = '"It is time," said Jane Roe, State Minister for National Development Planning.'
    extraction = extract(entity_extractor, text)
    assert "National Development Planning" not in types_by_name(extraction)
    reasons = rejected(entity_extractor, extraction)
    assert reasons.get("National Development Planning") == "a minister's portfolio"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Transportation Secretary Norman Mineta said he was concerned.", "Transportation"),
        (
            '"It will hurt," Andrew Pendleton, Kestrel Aid\'s head of Trade Policy, said.',
            "Trade Policy",
        ),
    ],
)
def test_a_titles_field_is_no_organization(entity_extractor, text, field):
    assert field not in types_by_name(extract(entity_extractor, text))


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Jane Roe, Minister of the Kestrel Water Authority, spoke.", "Kestrel Water Authority"),
        ("US Treasury Secretary John Snow spoke.", "US Treasury"),
        ("Jane Roe, head of Kestrel Bank, spoke.", "Kestrel Bank"),
        ("Jack Birch, the new Harwick Police commissioner, spoke.", "Harwick Police"),
    ],
)
def test_a_titles_organization_stays(entity_extractor, text, body):
    assert types_by_name(extract(entity_extractor, text)).get(body) == "Organization"


def test_a_legal_form_alone_is_no_name(entity_extractor):
    text = "Kestrel Tern Environmental Protection Technology Co., Ltd. needs: to introduce four machines."
    extraction = extract(entity_extractor, text)
    assert "Ltd" not in types_by_name(extraction)
    assert rejected(entity_extractor, extraction).get("Ltd.") == "a legal form alone"


_ARTICLE = (
    "Profits fall at drugs group\n\n"
    "Ostrander said profits would fall. "
    "Sales of older medicines slowed in Europe. "
    "Jane Roe, an analyst at Tern Capital, said the results were weak. "
    "The company plans to cut costs this year. "
    "It will close two plants in Spain. "
    "Shares fell 3% in London trading. "
    "Roe said the cuts would help. "
    "The firm will report again in May."
)


def test_a_lone_word_with_no_person_cue_in_an_article_is_no_person(entity_extractor):
    found = types_by_name(extract(entity_extractor, _ARTICLE))
    assert found.get("Ostrander") == "Organization"
    assert found.get("Jane Roe") == "Person"  # "Roe" is her surname: linked, not re-typed


def test_a_lone_word_in_a_single_sentence_keeps_the_models_type(entity_extractor):
    found = types_by_name(
        extract(entity_extractor, "Kestrelvax saw its profits fall 9% last year.")
    )
    assert found.get("Kestrelvax", "Person") == "Person"


def test_parts_of_a_listed_companys_name_are_joined(entity_extractor):
    types = types_by_name(
        extract(
            entity_extractor,
            "The Pentagon awarded the contract to Lockheed Martin after a long contest.",
        )
    )
    assert types.get("Lockheed Martin") == "Organization"
    assert "Lockheed" not in types and "Martin" not in types


@pytest.mark.parametrize(
    "text",
    [
        "The chain has stores in the cities of Tula, Kaluga and Ryazan.",
        "Its brewers sell beer in the towns of Varnsk, Tolvik and Oderin.",
    ],
)
def test_a_plural_place_noun_before_a_list_makes_its_items_places(entity_extractor, text):
    extraction = extract(entity_extractor, text)
    assert extraction.entities
    for found in extraction.entities:
        assert found.type == "Location"
        assert any(cue.startswith("in a list after") for cue in found.type_cues)


def test_works_listed_with_their_owners_are_works_and_the_owners_no_items(entity_extractor):
    """ "singles from past winters include A's X, B's Y": the subject of "include" says what the
    items are, each item standing after its owner's possessive; a pronoun in a title
    ("Everyone") is no person's name."""
    extraction = extract(
        entity_extractor,
        "Popular singles from past winters include Kestrel's Winter Roads Home, Norvik's Merry "
        "Lanterns Everyone, Harwick's Cold Road and Sir Tom Hale's Candles by the Sea.",
    )
    found = types_by_name(extraction)
    assert found["Winter Roads Home"] == found["Merry Lanterns Everyone"] == "Publication"
    assert found["Norvik"] == "Organization"
    assert not [r for r in extraction.relations if r.type == "WORKS_FOR"]


def test_a_quoted_document_title_is_taken_whole(entity_extractor):
    types = types_by_name(
        extract(
            entity_extractor,
            'In 1998 the cabinet issued the "Outline on Improving Port Safety 1998-2005" '
            'and the "Kestrel Development Outline 2006-2012."',
        )
    )
    assert types.get("Outline on Improving Port Safety 1998-2005") == "Publication"
    assert types.get("Kestrel Development Outline 2006-2012") == "Publication"


def test_a_quoted_title_naming_its_issuer_leaves_the_issuer_a_name(entity_extractor):
    types = types_by_name(
        extract(
            entity_extractor,
            'Officials praised the "2021 Work Plan of the Varnsk Transfer Center," issued in May.',
        )
    )
    assert types.get("Varnsk Transfer Center") == "Organization"


def test_quoted_speech_is_no_title(entity_extractor):
    types = types_by_name(
        extract(entity_extractor, 'Jane Roe said: "The Plan Was Never Going To Work, frankly."')
    )
    assert not any(name.startswith("The Plan") for name in types)


def test_a_doctrine_named_after_its_author_is_no_person(entity_extractor):
    extraction = extract(
        entity_extractor, 'The amended law names "Mao Zedong Thought" as its guiding principle.'
    )
    assert "Mao Zedong Thought" not in types_by_name(extraction)
    assert "Mao Zedong" not in types_by_name(extraction)
    assert "a doctrine" in rejected(entity_extractor, extraction).values()


def test_two_bodies_joined_by_and_are_two_names(entity_extractor):
    two = types_by_name(
        extract(
            entity_extractor,
            "Officials from the Ministry of Transport and Kestrel Safety Agency visited Oslo.",
        )
    )
    assert two.get("Ministry of Transport") == "Organization"
    assert two.get("Kestrel Safety Agency") == "Organization"
    one = types_by_name(
        extract(
            entity_extractor,
            "Officials from the Department of Health and Human Services visited Oslo.",
        )
    )
    assert one.get("Department of Health and Human Services") == "Organization"


def test_a_quoted_title_takes_back_the_place_inside_it(entity_extractor):
    types = types_by_name(
        extract(
            entity_extractor,
            'The notice, titled "Agenda of the Kestrel Trade Chamber in Tolvik", was leaked.',
        )
    )
    assert types.get("Agenda of the Kestrel Trade Chamber in Tolvik") == "Publication"


def test_a_long_quoted_title_takes_in_an_issuer_the_document_names_elsewhere(entity_extractor):
    types = types_by_name(
        extract(
            entity_extractor,
            'In its "Application Report on Building the Kestrel Training Base by the '
            'Varnsk Talent Exchange Association" the plan was set out. '
            "The Varnsk Talent Exchange Association said so.",
        )
    )
    title = (
        "Application Report on Building the Kestrel Training Base by the "
        "Varnsk Talent Exchange Association"
    )
    assert types.get(title) == "Publication"
    assert types.get("Varnsk Talent Exchange Association") == "Organization"


def test_a_programme_named_with_its_target_year_is_one_title(entity_extractor):
    text = 'The plan "Made in Norvania 2030" sets goals for robotics and steel.'
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Made in Norvania 2030") == "Publication"


def test_a_participle_opening_the_sentence_is_not_part_of_the_name(nlp, entity_extractor):
    from threadline.ingest.cached_lemmas import common_words
    from threadline.ingest.mention_bounds import leading_participle

    verbs = common_words(nlp, ("verb",))
    doc = nlp("Citing Oslo's new rules, the firm delayed the launch.")
    assert leading_participle(doc, 0, 2, verbs)
    # a place called so is not a verb's form
    assert not leading_participle(nlp("Ealing Council met today."), 0, 2, verbs)
    extraction = extract(
        entity_extractor, "Oslo tightened its rules. Citing Oslo's new rules, the firm waited."
    )
    assert {e.name for e in extraction.entities} == {"Oslo"}


def test_a_byline_in_capitals_is_its_authors_name(nlp):
    from threadline.ingest.mention_bounds import byline_first_name

    doc = nlp("Quarterly Results Beat Forecasts\n\nNADIA OKAFOR\n\nRetailers posted strong sales.")
    surname = next(t.i for t in doc if t.text == "OKAFOR")
    assert byline_first_name(doc, surname, surname + 1)
    # a capitalized word inside a sentence is no byline
    doc = nlp("Shares in NADIA OKAFOR rose.")
    surname = next(t.i for t in doc if t.text == "OKAFOR")
    assert not byline_first_name(doc, surname, surname + 1)


@pytest.mark.parametrize(
    ("text", "whole", "entity_type", "part"),
    [
        # a judicial district keeps its state
        (
            "Tom Hale was charged in the Southern District of Ohio last year.",
            "Southern District of Ohio",
            "Location",
            "Southern District",
        ),
        # the model tags "Sunday" as a date and the paper's name without it
        (
            "Ann Tolley, a Sunday Telegraph reporter, broke the story.",
            "Sunday Telegraph",
            "Organization",
            "Telegraph",
        ),
        # the model tags neither name after an honorific; a title between them is no name
        ("Mr Okri chaired the Norvik group. Mr Justice Hale agreed.", "Okri", "Person", "Justice"),
        # a peer after a post the model leaves untagged; a title after the style is no name
        (
            "The plan was drawn up by Home Office Minister Lord Talbot. The Lord Chancellor agreed.",
            "Talbot",
            "Person",
            "Chancellor",
        ),
    ],
)
def test_a_name_is_taken_whole_not_in_part(entity_extractor, text, whole, entity_type, part):
    types = types_by_name(extract(entity_extractor, text))
    assert types.get(whole) == entity_type
    assert part not in types


def test_an_owners_one_word_product_is_split_from_the_owner(nlp):
    from spacy.tokens import Span

    from threadline.ingest.cached_lemmas import common_words
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import split_span

    rules, common = EntityRules.load(), common_words(nlp)
    doc = nlp("Shoppers pay with Varnsk's Lumenpay, says People's Daily.")
    owned = Span(doc, 3, 6, label="ORG")  # Varnsk 's Lumenpay
    assert [s.text for s in split_span(doc, owned, rules, set(), common)] == [
        "Varnsk",
        "Lumenpay",
    ]
    # a common noun owns nothing: the newspaper's name stays whole
    paper = Span(doc, 8, 11, label="ORG")
    assert [s.text for s in split_span(doc, paper, rules, set(), common)] == ["People's Daily"]


def test_an_acronym_spelt_out_in_lowercase_words_is_a_term(entity_extractor):
    text = (
        "Output rose, according to the purchasing managers index (PMI) for March. "
        "Analysts said the PMI would rise again, said the World Health Organization (WHO)."
    )
    extraction = extract(entity_extractor, text)
    types = types_by_name(extraction)
    assert "PMI" not in types
    assert types.get("World Health Organization") == "Organization"
    reasons = rejected(entity_extractor, extraction)
    assert reasons.get("PMI") == "acronym of a common phrase"


def test_a_countrys_first_word_alone_at_a_line_end_is_a_cut_name(entity_extractor):
    text = (
        "Most of the talks were held by activists based in the United\n\n"
        "Later the firm was criticised in New York."
    )
    extraction = extract(entity_extractor, text)
    assert types_by_name(extraction) == {"New York": "Location"}
    reasons = {t.strip(): r for t, r in rejected(entity_extractor, extraction).items()}
    assert reasons.get("the United") == "a country's name cut"


def test_initials_before_a_surname_are_part_of_the_name(entity_extractor):
    text = "Officials will tour the new plant. K. Venkataraman said he expected a deal."
    assert types_by_name(extract(entity_extractor, text)).get("K. Venkataraman") == "Person"


def test_a_plural_possessive_inside_a_bodys_name_keeps_the_name_whole(entity_extractor):
    text = "Tom Hale, of the Kestrel Farmers' Union, said prices fell."
    assert types_by_name(extract(entity_extractor, text)).get("Kestrel Farmers' Union") == (
        "Organization"
    )


def test_a_bodys_name_goes_on_after_for_the(entity_extractor):
    text = "Tom Hale, spokesman for the Kestrel Foundation for the Care of Harbour Seals, spoke."
    found = types_by_name(extract(entity_extractor, text))
    assert found.get("Kestrel Foundation for the Care of Harbour Seals") == "Organization"
    # two bodies: the second ends in a body's word of its own
    found = types_by_name(
        extract(entity_extractor, "Kestrel Bank sold the Talbot Trust for the Norvik Group.")
    )
    assert {"Talbot Trust", "Norvik Group"} <= set(found)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a person's possessive before a body is its owner, not part of its name
        ("Ann Tolley's Kestrel Chambers said so.", {"Ann Tolley", "Kestrel Chambers"}),
        ("Tom Hale-Birch's Talvaro Party was launched.", {"Tom Hale-Birch", "Talvaro Party"}),
        # and so is a country's short name
        ("Civil servants at the UK's Kestrel Office were told.", {"United Kingdom", "Kestrel Office"}),
        # a firm named after its founder keeps the founder's name
        ("Ann Tolley, president of Talbot's Retail Consulting Group, said so.",
         {"Ann Tolley", "Talbot's Retail Consulting Group"}),
    ],
)  # fmt: skip
def test_a_possessive_before_a_bodys_name_is_its_owner_or_part_of_it(entity_extractor, text, names):
    assert names <= set(types_by_name(extract(entity_extractor, text)))


def test_a_capital_a_before_a_surname_on_a_team_sheet_is_an_initial():
    from threadline.names import canonical_name

    # the article is dropped from other names; an initial "A" stays with the surname
    assert canonical_name("A Tolley", "Person") == "A Tolley"
    assert canonical_name("A Kestrel Bank", "Organization") == "Kestrel Bank"


def test_an_initial_before_a_surname_with_a_capital_inside_joins_it(nlp):
    from threadline.graph.ontology import Ontology
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import extend_left

    doc = nlp("Replacements: K Hale (Leeds), N McTolley (Bath).")
    start = next(t.i for t in doc if t.text == "McTolley")
    rules, ontology = EntityRules.load(), Ontology.load()
    assert extend_left(doc, start, start + 1, "Person", rules, ontology) == start - 1


def test_a_peoples_word_or_a_common_word_before_a_full_name_is_not_its_first_name(nlp):
    from threadline.graph.ontology import Ontology
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import extend_left

    rules, ontology = EntityRules.load(), Ontology.load()
    common = frozenset({"wing"})
    doc = nlp("Hale beat Dane Tom Birchall on Monday.")
    start = next(t.i for t in doc if t.text == "Tom")
    assert extend_left(doc, start, start + 2, "Person", rules, ontology, common) == start
    doc = nlp("Wing Tom Birchall starts on Saturday.")
    assert extend_left(doc, 1, 3, "Person", rules, ontology, common) == 1
    # a first name glued before a surname tagged alone still joins it
    doc = nlp("The award went to Dane Birchall on Monday.")
    doc.ents = []  # as where the model tags the surname alone
    start = next(t.i for t in doc if t.text == "Birchall")
    assert extend_left(doc, start, start + 1, "Person", rules, ontology, common) == start - 1


def test_a_lowercase_noun_after_an_organizations_name_is_not_part_of_it(nlp):
    from threadline.graph.ontology import Ontology
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import cut_fragment

    doc = nlp("Staff were told to remove Varnsk party cells from the plant.")
    start = next(t.i for t in doc if t.text == "Varnsk")
    assert cut_fragment(
        doc, start, start + 2, "Organization", EntityRules.load(), Ontology.load()
    ) == (
        start,
        start + 1,
    )


def test_an_untagged_name_before_a_comma_and_a_title_is_a_person(nlp):
    from threadline.ingest.employers import with_employers
    from threadline.ingest.entity_rules import EntityRules

    roles = EntityRules.load().employer_roles
    doc = nlp("Priya Natarajan, deputy chief strategist at Varnsk Capital, expects a rebound.")
    doc.ents = []  # as when the model tags neither name
    spans = [(s.text, s.label_) for s in with_employers(doc, roles)]
    assert ("Priya Natarajan", "PERSON") in spans
    assert ("Varnsk Capital", "ORG") in spans
    # no title after the comma: no person
    doc = nlp("Priya Natarajan, Varnsk Capital and two banks signed the deal.")
    doc.ents = []
    assert not [s for s in with_employers(doc, roles) if s.label_ == "PERSON"]


def test_untagged_names_around_a_hyphenated_title(nlp):
    from threadline.ingest.employers import with_employers
    from threadline.ingest.entity_rules import EntityRules

    roles = EntityRules.load().employer_roles
    # "fly-half" is three tokens; the team before it is taken, and a name after a title
    # that starts with a common first name is a person
    doc = nlp("Norway fly-half Sven Lindqvist kicked three goals.")
    doc.ents = []
    spans = [(s.text, s.label_) for s in with_employers(doc, roles)]
    assert ("Sven Lindqvist", "PERSON") in spans
    doc = nlp("Wales fly-half Rhys Pugh kicked four penalties.")
    spans = [(s.text, s.label_) for s in with_employers(doc, roles)]
    assert ("Wales", "ORG") in spans
    assert ("Rhys Pugh", "PERSON") in spans


def test_a_title_the_model_runs_into_a_persons_name_leaves_the_employer_before_it(
    entity_extractor,
):
    types = types_by_name(
        extract(entity_extractor, "Kestrel Radio DJ Sam Okoro played the new single first.")
    )
    assert types.get("Kestrel Radio") == "Organization"
    assert types.get("Sam Okoro") == "Person"
    assert not [name for name in types if name.startswith("DJ")]


def test_a_name_the_model_leaves_untagged_after_an_organization_word(entity_extractor):
    text = "The deal joins security firm 4Lock and the games studio Kestrelsoft."
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("4Lock") == "Organization"
    assert types.get("Kestrelsoft") == "Organization"
    # a unit, an ordinal or a standard in capitals after digits is no name
    text = "The firm 10am opened; the company 3GSM and the firm 2nd came last."
    assert not {"10am", "3GSM", "2nd"} & set(types_by_name(extract(entity_extractor, text)))


def test_a_name_that_goes_on_after_house_of_is_one_name(entity_extractor):
    for text in (
        "Kestrel Stores and House of Varnsk both cut their forecasts.",
        "Shares in House of Varnsk fell after the results.",
    ):
        names = types_by_name(extract(entity_extractor, text))
        assert names.get("House of Varnsk") == "Organization", text
    # "House" before a title is not the start of a longer name
    names = types_by_name(extract(entity_extractor, "House Speaker Tom Hale said so."))
    assert "House Speaker" not in names


def test_an_acronym_and_a_city_before_a_title_are_the_employer_and_the_posts_place(
    entity_extractor,
):
    types = types_by_name(
        extract(entity_extractor, "Nadia Varga, KTV Oslo reporter, said prices had risen.")
    )
    assert types.get("KTV") == "Organization"
    assert types.get("Oslo") == "Location"
    # a continent or a country after an acronym names a branch: one name
    types = types_by_name(
        extract(entity_extractor, "Nadia Varga, KTV Europe chairman, said prices had risen.")
    )
    assert types.get("KTV Europe") == "Organization"


def test_a_lone_surname_before_an_age_or_a_post_is_a_person(nlp):
    from threadline.ingest.employers import with_employers
    from threadline.ingest.entity_rules import EntityRules

    roles = EntityRules.load().employer_roles

    def persons(text: str) -> list[str]:
        doc = nlp(text)
        doc.ents = []  # as when the model leaves the surname untagged
        return [s.text for s in with_employers(doc, roles) if s.label_ == "PERSON"]

    assert persons("Okafor, 41, told the court he was innocent.") == ["Okafor"]
    assert persons("Lindqvist, a senior Trade Ministry official, denied it.") == ["Lindqvist"]
    # a list of numbers, a title a firm may hold, a year: no person
    assert persons("Sales, 12, 15 and 18 were counted.") == []
    assert persons("Varnsk, a leading adviser to the bank, declined to comment.") == []
    assert persons("Summer, 2004, was warm.") == []


def test_a_dateline_on_a_line_of_its_own_ends_with_a_state(entity_extractor):
    text = "ELM FALLS, Minn.\nThe city council voted on Monday to close the bridge."
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Elm Falls") == "Location"
    # the state's abbreviation must end the line
    text = "HEADLINE, Mich. is warm this week."
    assert "Headline" not in types_by_name(extract(entity_extractor, text))


def test_a_match_score_is_not_part_of_a_teams_name(nlp):
    from threadline.ingest.mention_bounds import trim_span

    doc = nlp("Norvania beat Kestrel Rovers 2-0 in the final on Saturday.")
    start, end = trim_span(doc, 2, 7, "ORG")  # the model's span ran into the score
    assert doc[start:end].text == "Kestrel Rovers"
    doc = nlp("The airline ordered a Boeing 747-400 last year.")
    start, end = trim_span(doc, 4, len(doc) - 3, "PRODUCT")  # not a score
    assert doc[start:end].text == "Boeing 747-400"


def test_a_games_score_is_not_part_of_a_players_name(nlp):
    from threadline.ingest.mention_bounds import trim_span

    doc = nlp("Ann Holt beat Jane Roe 7-5 6-2 to reach the final.")
    first = [t.text for t in doc].index("Jane")
    start, end = trim_span(doc, first, first + 3, "Person")  # the model ran in the "7"
    assert doc[start:end].text == "Jane Roe"
    doc = nlp("Children voted Kestrel Quest 2 the best film of the year.")
    start, end = trim_span(doc, 2, 5, "Person")  # a sequel's number, no score after it
    assert doc[start:end].text == "Kestrel Quest 2"


def test_a_sides_name_and_a_noun_run_into_a_players_name_are_cut_off(nlp):
    from threadline.ingest.mention_bounds import trim_span

    doc = nlp("Kestrel Rovers: Hale, Birch, Tolley, Varga, Okafor, Quint.")
    start, end = trim_span(doc, 0, 4, "Person")  # "Kestrel Rovers: Hale"
    assert doc[start:end].text == "Hale"
    doc = nlp("Star Wars: Episode Nine opens next week.")
    start, end = trim_span(doc, 0, 5, "Publication")  # a title keeps its colon
    assert doc[start:end].text == "Star Wars: Episode Nine"
    doc = nlp("Rovers denied by Hale heroics")
    start, end = trim_span(doc, 3, 5, "Person")  # a headline's noun after the name
    assert doc[start:end].text == "Hale"
    doc = nlp("Hale U-turn on the deal")
    start, end = trim_span(doc, 0, 4, "Person")  # the whole hyphenated word
    assert doc[start:end].text == "Hale"
    doc = nlp("a Tom Hale-style tax cut")
    start, end = trim_span(doc, 1, 5, "Person")  # the name before the hyphen stays
    assert doc[start:end].text == "Tom Hale"
    doc = nlp("Kestrel Rovers: The Life of Ann Hale")
    start, end = trim_span(doc, 0, len(doc), "Person")  # no player's name after the colon
    assert doc[start:end].text == "Kestrel Rovers: The Life of Ann Hale"


def test_a_conjunction_the_model_ran_into_a_name_is_cut_off(nlp):
    from threadline.ingest.mention_bounds import trim_span

    doc = nlp("Defenders Tom Hale and Jack Birch, plus Ann Tolley have knee concerns.")
    first = [t.text for t in doc].index("plus")
    start, end = trim_span(doc, first, first + 3, "Person")  # the model ran in "plus"
    assert doc[start:end].text == "Ann Tolley"


def test_a_bracket_closed_inside_a_span_ends_what_comes_before_the_name(nlp):
    from threadline.ingest.mention_bounds import trim_span

    doc = nlp("It sits at the space agency's (Kesa) Norvik Research Center in Oslo.")
    opening = [t.text for t in doc].index("Kesa")
    start, end = trim_span(doc, opening, opening + 5, "ORG")  # "Kesa) Norvik Research Center"
    assert doc[start:end].text == "Norvik Research Center"
    doc = nlp("The Kestrel Trust (KT) Fund grew.")
    start, end = trim_span(doc, 1, 7, "ORG")  # a bracket opened and closed inside stays
    assert doc[start:end].text == "Kestrel Trust (KT) Fund"


def test_a_unit_at_a_university_is_two_names(nlp):
    from spacy.tokens import Span

    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import split_span

    rules = EntityRules.load()
    doc = nlp("Academics from the Institute of Learning at Kestrel University found it.")
    glued = Span(doc, 3, 9, label="ORG")  # "Institute of Learning at Kestrel University"
    assert [s.text for s in split_span(doc, glued, rules)] == [
        "Institute of Learning",
        "Kestrel University",
    ]
    doc = nlp("She studied at the University of Norvik at Kestrelford for a year.")
    campus = Span(doc, 4, 9, label="ORG")  # a campus's place after "at" stays in the name
    assert [s.text for s in split_span(doc, campus, rules)] == [
        "University of Norvik at Kestrelford"
    ]


def test_a_result_line_is_split_at_the_score(nlp):
    from spacy.tokens import Span

    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import split_span

    doc = nlp("Birchford 0-5 Kestrel Rovers")
    result = Span(doc, 0, len(doc), label="ORG")
    parts = [s.text for s in split_span(doc, result, EntityRules.load())]
    assert parts == ["Birchford", "Kestrel Rovers"]


def test_two_names_with_their_honorifics_joined_by_and_are_two_persons(nlp):
    from spacy.tokens import Span

    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import split_span

    doc = nlp("Both Mr Hale and Mrs Tolley spoke at the meeting.")
    pair = Span(doc, 0, 6, label="WORK_OF_ART")  # what the model took for a title
    parts = split_span(doc, pair, EntityRules.load())
    assert [(s.text, s.label_) for s in parts][-1] == ("Mrs Tolley", "PERSON")
    assert len(parts) == 2 and parts[0].label_ == "PERSON" and "Hale" in parts[0].text


def test_a_post_inside_a_span_splits_the_employer_from_the_person(nlp):
    from spacy.tokens import Span

    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.mention_bounds import split_span

    rules = EntityRules.load()
    doc = nlp("A suit was filed against Talco boss Victor Hale on Monday.")
    glued = Span(doc, 5, 9, label="ORG")  # "Talco boss Victor Hale"
    assert [s.text for s in split_span(doc, glued, rules)] == ["Talco", "Victor Hale"]
    doc = nlp("Fans cheered Barcelona star Talvinho at the ground.")
    glued = Span(doc, 2, 5, label="ORG")
    assert [s.text for s in split_span(doc, glued, rules)] == ["Barcelona", "Talvinho"]
    doc = nlp("The Kestrel Trade Union Congress met on Monday.")
    whole = Span(doc, 1, 5, label="ORG")  # no lowercase post inside: one name
    assert [s.text for s in split_span(doc, whole, rules)] == ["Kestrel Trade Union Congress"]


def test_a_sum_is_not_part_of_a_name(nlp):
    from threadline.ingest.mention_bounds import trim_span

    doc = nlp("A judge gave Kestrel Air 2bn euros in damages.")
    start, end = trim_span(doc, 3, 6, "ORG")  # the model's span ran into the sum
    assert doc[start:end].text == "Kestrel Air"
    doc = nlp("The airline ordered an Airbus A380 last year.")
    start, end = trim_span(doc, 4, 6, "PRODUCT")  # a model number stays
    assert doc[start:end].text == "Airbus A380"


def test_a_hyphenated_title_is_cut_from_an_organization_name(entity_extractor):
    text = "The Kestrel Party Co-Chairman said the voters had a choice."
    assert types_by_name(extract(entity_extractor, text)) == {"Kestrel Party": "Organization"}
    text = "Tom Hale, the Vice-President of Kestrel Bank, said rates would rise."
    assert types_by_name(extract(entity_extractor, text)) == {
        "Tom Hale": "Person",
        "Kestrel Bank": "Organization",
    }


def test_a_name_before_a_screen_role_in_a_film_story_is_the_work(entity_extractor):
    text = (
        "The film festival opened on Friday with a screening of a new movie.\n\n"
        "Copper Harbour director Martin Kell said the film was his best. The actress Jane Roe "
        "starred in it. Kestrel Studios director Ann Hale backed the movie, which is up for an "
        "award. British actress Mary Hale and Hollywood star Tom Reed were there."
    )
    types = types_by_name(extract(entity_extractor, text))
    assert types["Copper Harbour"] == "Publication"
    # a company's own word, a nationality and a place keep their types
    assert types["Kestrel Studios"] == "Organization"
    assert types["Hollywood"] == "Location"
    assert types.get("British") == "Group"
    # the same words in a story about something else name an employer
    text = "Copper Harbour director Martin Kell said profits rose."
    assert types_by_name(extract(entity_extractor, text))["Copper Harbour"] == "Organization"


# Opening sentences that make a story one about films.
_FILM_STORY = (
    "The festival opened with a new movie, and the actress Jane Roe starred in a film that "
    "won an Oscar. "
)


def test_a_name_listed_with_works_in_a_story_about_films_is_a_work(entity_extractor):
    # the model tags one item a work, and a capital "The" inside the sentence opens a title
    text = "Past winners include Copper Dogs, The Norvik Witch Project and The Full Kestrel."
    types = types_by_name(extract(entity_extractor, _FILM_STORY + text))
    assert types["Copper Dogs"] == "Publication"
    # the same list in a story about something else says nothing of works
    types = types_by_name(extract(entity_extractor, "Profits at the bank rose. " + text))
    assert types["Copper Dogs"] == "Organization"


def test_a_list_of_works_holding_a_persons_name_types_no_item_by_the_works(entity_extractor):
    # a first name and a surname in the list: a list of performers, whatever the model's tags
    text = "Nominees include Copper Dogs, Jill Tolley and The Full Kestrel."
    types = types_by_name(extract(entity_extractor, _FILM_STORY + text))
    assert types.get("Copper Dogs") != "Publication"


def test_a_title_coordinated_before_a_screen_role_is_a_work(entity_extractor):
    # "Silent Mill and Copper Sky director": the director of both films
    text = "She spoke of Silent Mill and Copper Sky director Ann Tolley."
    types = types_by_name(extract(entity_extractor, _FILM_STORY + text))
    assert types["Silent Mill"] == "Publication"
    assert types["Copper Sky"] == "Publication"
    # two people, each with a nationality and a role, stay people
    text = "French writer Tom Hale and Korean writer Mia Park shared the prize."
    types = types_by_name(extract(entity_extractor, _FILM_STORY + text))
    assert types["Tom Hale"] == "Person"
    assert types["Mia Park"] == "Person"


def test_a_name_after_an_animated_feature_is_a_film(entity_extractor):
    text = "Last year the animated feature Norvik Rendezvous won the prize."
    types = types_by_name(extract(entity_extractor, _FILM_STORY + text))
    assert types["Norvik Rendezvous"] == "Publication"


def test_a_title_the_model_cut_at_of_is_whole_in_a_story_about_films(entity_extractor):
    text = (
        "Tom Hale directed Ann Tolley and the Prisoner of Norvik last year. "
        "The Flight of the Harwick won. Fans of Rosvik cheered, and fans of Talvaro did not. "
        "Tom Hale became Leader of the Kestrels at 36."
    )
    types = types_by_name(extract(entity_extractor, _FILM_STORY + text))
    # the hero's name, "and the" and the title cut at "of": one title
    assert types["Ann Tolley and the Prisoner of Norvik"] == "Publication"
    assert types["Flight of the Harwick"] == "Publication"
    assert "Norvik" not in types
    assert "Prisoner of Norvik" not in types
    # a common word opening a sentence, and a post, open no title
    assert not any(name.startswith(("Fans", "Leader")) for name in types)
    # in a story about something else the words before "of" stay out of the name
    text = "Profits rose. The Flight of the Harwick won."
    assert "Flight of the Harwick" not in types_by_name(extract(entity_extractor, text))


def test_a_bodys_name_the_model_cut_at_of_is_whole(extractor):
    text = (
        "Profits rose. Association of Kestrel Harbour Officers president Tom Hale said the "
        "power did not work."
    )
    extraction = extract(extractor, text)
    assert types_by_name(extraction)["Association of Kestrel Harbour Officers"] == "Organization"
    found = relations(extraction)
    assert ("Tom Hale", "WORKS_FOR", "Association of Kestrel Harbour Officers") in found


def test_a_studios_short_name_before_a_screen_role_stays_the_studio(extractor):
    # the story tags "Kestrel Brothers": "Kestrel producer" is the studio's producer
    text = (
        "Director Tom Hale has signed a film deal with Hollywood studio Kestrel Brothers. "
        '"We loved working on the movie," Kestrel producer Ian Marsh said. The film opens in '
        "cinemas in May."
    )
    extraction = extract(extractor, text)
    assert "Publication" not in {e.type for e in extraction.entities}
    assert ("Ian Marsh", "WORKS_FOR", "Kestrel Brothers") in relations(extraction)


def test_a_regular_publication_the_model_leaves_untagged_is_a_title(entity_extractor):
    text = "The Kestrel Employers' Federation's quarterly Industrial Trends Survey showed a rise."
    assert types_by_name(extract(entity_extractor, text)).get("Industrial Trends Survey") == (
        "Publication"
    )
    # the head word alone, or after an article, is no title
    text = "The Survey showed a rise in orders, said Tom Hale."
    assert "Survey" not in types_by_name(extract(entity_extractor, text))


def test_a_datelines_place_in_capitals_is_a_place(entity_extractor):
    text = "VELMORE-ON-SEA, England (AP) - The harbour reopened on Monday after the storm."
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Velmore-On-Sea") == "Location"
    assert types.get("England") == "Location"
    text = "BANGKOK, Thailand (AP) - The central bank raised rates again."
    assert types_by_name(extract(entity_extractor, text)).get("Bangkok") == "Location"
    # a word in capitals, a comma and a lowercase phrase: no dateline
    text = "WARNING, the text below (page 2) - is long."
    assert "Warning" not in types_by_name(extract(entity_extractor, text))


def test_the_two_sides_of_a_fixture_are_two_teams(entity_extractor):
    # the model runs "Harwick v Lumen Athletic" into one name; in a document about sport
    # a name beside "v" and another name is a team
    text = (
        "Fixtures: Harwick v Lumen Athletic, Birchfield Rovers v Talbot. The striker and the "
        "coach said the league match would decide the season."
    )
    found = types_by_name(extract(entity_extractor, text))
    assert "Harwick v Lumen Athletic" not in found
    assert found.get("Harwick") == "Organization"
    assert found.get("Lumen Athletic") == "Organization"
    assert found.get("Birchfield Rovers") == "Organization"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The judges cited Talbot v Birchfield in the ruling.", "Talbot v Birchfield"),
        ("She starred in Harwick Vs Lumen last year.", "Harwick Vs Lumen"),
    ],
)
def test_a_court_case_and_a_title_with_v_stay_whole(entity_extractor, text, name):
    assert name in types_by_name(extract(entity_extractor, text))


# Plain sentences after it: a one-word name with no cue is read as a company only in a
# document long enough to introduce its people.
_LONG_ENOUGH = (
    " The band played for two hours. The crowd sang along. Tickets sold out in a day."
    " The tour moves on next week. Critics praised the lighting. The venue holds five"
    " thousand people. The support act was new."
)


def test_a_performers_title_before_a_one_word_name_says_a_person(entity_extractor):
    text = "The night belonged to Kestrel frontman Tarvo, who sang the encore alone." + _LONG_ENOUGH
    found = types_by_name(extract(entity_extractor, text))
    assert found.get("Tarvo") == "Person"


def test_a_role_in_an_awards_category_is_no_title(entity_extractor):
    # "the best director Kestrel" names a prize: the role is its category, not a title
    extraction = extract(entity_extractor, "He took the best director Kestrel for the film.")
    prize = next(e for e in extraction.entities if e.name == "Kestrel")
    assert not any(cue.startswith("title") for cue in prize.type_cues)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Ms Hale-Talbot said it grew.", "Hale-Talbot"),
        # a noun after the two names makes them a pair
        ("The Hale-Talbot rivalry grew.", "Hale"),
        # a capitalized word after an organization's hyphen is another name
        ("The Kestrel-Talbot deal grew.", "Kestrel"),
        # spaces around the hyphen: a dash between two things
        ("Ms Hale - Talbot said it grew.", "Hale"),
    ],
)
def test_a_persons_name_goes_on_over_a_hyphen_unless_a_pair_noun_follows(nlp, text, joined):
    from spacy.tokens import Span

    from threadline.ingest.span_joins import join_hyphenated

    doc = nlp(text)
    first = next(t.i for t in doc if t.text in ("Hale", "Kestrel"))
    label = "ORG" if doc[first].text == "Kestrel" else "PERSON"
    doc.ents = []
    (span,) = join_hyphenated(doc, [Span(doc, first, first + 1, label=label)])
    assert span.text == joined


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # an organization's whole name before its possessive, then its publication
        (
            "The Kestrel Bank's World Economic Outlook report said growth would slow.",
            {"Kestrel Bank": "Organization", "World Economic Outlook": "Publication"},
        ),
        # no organization word before the possessive: one name
        ("She studied at St John's College in Oxford.", {"St John's College": "Organization"}),
    ],
)
def test_an_organizations_possessive_inside_a_span_ends_its_name(entity_extractor, text, parts):
    found = types_by_name(extract(entity_extractor, text))
    assert {name: found.get(name) for name in parts} == parts


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a double-barrelled surname the model cut at its hyphen
        (
            "The owners of Kestrel, the Boix-Vives family, are weighing an offer.",
            "Boix-Vives",
            "Person",
        ),
        # a town joined by "-on-" or "-upon-", whatever the model called its first part
        (
            "Mr Hale, MP for Henley-on-Thames, said he would stand again.",
            "Henley-on-Thames",
            "Location",
        ),
        ("Kestrel has a plant in Stratford-upon-Avon.", "Stratford-upon-Avon", "Location"),
        # two fields of a body's name the model cut at "and", tagged or not
        (
            "Members of the Public and Commercial Services Union will strike.",
            "Public and Commercial Services Union",
            "Organization",
        ),
        (
            "Transport and General Workers Union leader Tom Hale spoke.",
            "Transport and General Workers Union",
            "Organization",
        ),
        # a place and a field before the "and"
        (
            "Tom Hale, director of the Ohio Parks and Wildlife Department, said so.",
            "Ohio Parks and Wildlife Department",
            "Organization",
        ),
        # a company whose name ends in a possessive keeps it before a title
        ("McDonald's chief executive Tom Hale said sales rose.", "McDonald's", "Organization"),
        # a body's fields after "of" or "on", the last one tagged alone as a person's name
        (
            "She won a scholarship to the Harwick School of Speech and Drama when she was 15.",
            "Harwick School of Speech and Drama",
            "Organization",
        ),
        (
            "Tom Hale, chairman of the Parliamentary Group on Betting and Gaming, said so.",
            "Parliamentary Group on Betting and Gaming",
            "Organization",
        ),
    ],
)
def test_a_name_the_model_cut_is_whole(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_a_name_before_and_another_body_stays_apart(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Shares in Apple and Kestrel Bank rose."))
    assert found.get("Apple") == "Organization"
    assert found.get("Kestrel Bank") == "Organization"


def test_a_place_after_a_bodys_and_is_a_name_of_its_own(entity_extractor):
    found = types_by_name(extract(entity_extractor, "The Ministry of Defence and Wales said so."))
    assert found.get("Ministry of Defence") == "Organization"
    assert found.get("Wales") == "Location"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frenchman Arnaud Holt lost to American Abigail Birch.", {"Arnaud Holt", "Abigail Birch"}),
        ("Top seed Tom Hale beat Croatian Ivan Kestrelic in the semi-final.", {"Ivan Kestrelic"}),
        # a body's word ends the name: the nationality is part of it
        ("The German Marshall Fund said so.", {"German Marshall Fund"}),
        # a first name that looks like a nationality opens a person's name
        ("The Alan Clark Diaries were shown on BBC Four.", {"Alan Clark Diaries"}),
    ],
)
def test_a_nationality_run_into_a_persons_name_is_cut(entity_extractor, text, expected):
    assert expected <= set(types_by_name(extract(entity_extractor, text)))


def test_a_nations_noun_run_into_a_persons_name_is_cut(entity_extractor):
    found = types_by_name(
        extract(entity_extractor, "Briton Tom Hale finished fourth in the final.")
    )
    assert found.get("Tom Hale") == "Person" and "Briton Tom Hale" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a noun for one of a nation names a person: a first name no list holds opens it
        ("The veteran Spaniard Zelnia Orvez won her first title since 2001.", "Zelnia Orvez"),
        # a hyphenated surname is one word of the name
        ("Spaniard Tomas Garcia-Vela beat Tom Hale in the final.", "Tomas Garcia-Vela"),
        ("Peruvian Ivan Hale-Birch won the race in Lima.", "Ivan Hale-Birch"),
    ],
)
def test_a_nation_run_into_a_persons_name_is_cut_whatever_its_words(entity_extractor, text, name):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(name) == "Person"
    assert not any(other.endswith(name) and other != name for other in found)


def test_a_peers_style_ending_a_span_opens_the_next_name(entity_extractor):
    # the model tags "former Kestrel Treasurer Lord" and "Hale" apart; the style is never a
    # name's last word: kept, every "Lord" of the story would join one person
    text = "The party repaid the loan to former Tory Treasurer Lord Hale after the poll."
    found = types_by_name(extract(entity_extractor, text))
    assert found.get("Hale") == "Person"
    assert not any(other.endswith("Lord") for other in found)


def test_a_peers_style_ending_a_persons_span_is_the_untagged_surnames(entity_extractor):
    text = "Opponents of the bill, including Tory Lord Birch of Harwick, spoke."
    found = types_with_span(entity_extractor, text, "Tory Lord", "PERSON")
    assert not any(name.endswith("Lord") for name in found)


def test_right_before_a_clergy_style_is_no_part_of_the_name(entity_extractor):
    text = "Among them was the Bishop of Harwick, the Rt Rev Tom Hale-Birch, who spoke."
    found = types_by_name(extract(entity_extractor, text))
    assert found.get("Tom Hale-Birch") == "Person"
    assert not any(name.startswith("Rt") for name in found)


def test_a_party_before_its_members_plural_title_is_the_party(entity_extractor):
    text = "After a run of bad headlines, Labour MPs took the step of appealing to them."
    found = types_with_span(entity_extractor, text, "Labour MPs", "PERSON")
    assert found == {"Labour Party": "Organization"}


def test_a_towns_name_hyphened_to_born_is_a_place_after_the(entity_extractor):
    # "the" there is the actor's article, not the town's (a firm named after a town)
    text = "The Ballymena-born actor said the theatre was old. He grew up in Ballymena."
    assert types_by_name(extract(entity_extractor, text)).get("Ballymena") == "Location"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The Russian turned his right ankle in the second set.", "Russian"),
        ("The 25-year-old Briton clocked 7.98 seconds in the final.", "Briton"),
        ("The Welshman scored twice as his side won.", "Welshman"),
        # a nation's noun with no article before it ("the striker's Dutchman's touch")
        ("Tom Hale said the striker's Dutchman's touch was missed; he scored.", "Dutchman"),
        # a nation's people in the plural, with "the" or without
        ("The survey found that many Britons want to work abroad.", "Britons"),
    ],
)
def test_a_person_called_by_their_nation_is_no_persons_name(entity_extractor, text, word):
    # "the Russian" stands for a person the story has named: a nationality, not a name that
    # would join every such person of every story into one node
    assert types_by_name(extract(entity_extractor, text)).get(word) == "Group"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Huw Talbot said the club would appeal.", "Huw Talbot"),
        ("A late goal was scored by Charlize Talbot on Saturday.", "Charlize Talbot"),
        ("A late goal was scored by Malcom Norvik on Saturday.", "Malcom Norvik"),
    ],
)
def test_a_first_name_the_model_leaves_out_is_taken_in(entity_extractor, text, name):
    # the model tags the surname alone; the first name before it is no English word
    assert types_by_name(extract(entity_extractor, text)).get(name) == "Person"


@pytest.mark.parametrize(
    ("first", "taken"),
    [("Huw", True), ("Developers", False), ("Energy", False), ("Robbing", False)],
)
def test_a_rare_first_name_is_no_english_word(nlp, first, taken):
    from spacy.tokens import Doc

    from threadline.ingest.mention_bounds import _rare_first_name

    # the parse as the model gives it: the first word hung on the surname tagged alone
    doc = Doc(
        nlp.vocab,
        words=[first, "Talbot", "said", "so"],
        pos=["PROPN", "PROPN", "VERB", "ADV"],
        deps=["compound", "nsubj", "ROOT", "advmod"],
        heads=[1, 2, 2, 2],
    )
    assert _rare_first_name(doc, 1, 2, frozenset({"developer", "energy", "rob"})) is taken


@pytest.mark.parametrize(
    ("words", "taken"),
    [
        # after a post, or opening the sentence: the name's first word
        (["Labour", "MP", "Parmvir", "Singh", "Hale", "spoke"], True),
        (["Parmvir", "Singh", "Hale", "spoke"], True),
        # after a word that may describe the person: no first name
        (["a", "leading", "Blairvite", "Tom", "Hale", "spoke"], False),
    ],
)
def test_a_rare_first_name_before_a_name_of_two_words_is_taken_after_a_post(nlp, words, taken):
    from spacy.tokens import Doc

    from threadline.ingest.mention_bounds import _rare_first_name

    start = len(words) - 3  # the model tagged the two words before the verb
    pos = ["PROPN"] * len(words)
    pos[-1] = "VERB"
    deps = ["compound"] * len(words)
    deps[-2], deps[-1] = "nsubj", "ROOT"
    heads = [len(words) - 2] * len(words)
    heads[-2] = heads[-1] = len(words) - 1
    if words[0] == "a":
        pos[:2] = ["DET", "ADJ"]
        deps[:2] = ["det", "amod"]
    sent_starts = [True] + [False] * (len(words) - 1)
    doc = Doc(nlp.vocab, words=words, pos=pos, deps=deps, heads=heads, sent_starts=sent_starts)
    assert _rare_first_name(doc, start, start + 2, frozenset({"leading", "spoke"})) is taken


def test_a_country_and_a_medium_is_no_name(entity_extractor):
    found = types_by_name(extract(entity_extractor, "US TV host Tom Hale suffers a stroke."))
    assert "US TV" not in found and found.get("Tom Hale") == "Person"


def test_a_trade_opening_a_sentence_is_cut_from_the_name(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Retailer Kestrelco said sales rose."))
    assert found.get("Kestrelco") == "Organization" and "Retailer Kestrelco" not in found


def test_a_place_the_tagger_took_for_a_verb_keeps_its_clubs_name(entity_extractor):
    text = "Leeds Tykes flanker Tom Hale also trained with the squad."
    assert types_by_name(extract(entity_extractor, text)).get("Leeds Tykes") == "Organization"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The finalists include Tom Hale's The Silent Harbour and Ann Tolley's memoir Winter Roads.",
            {"The Silent Harbour": "Publication", "Winter Roads": "Publication"},
        ),
        # a band's one-word name after "The" is no title
        ("Ann Tolley's The Kestrels played on.", {"The Kestrels": None}),
    ],
)
def test_a_title_opening_with_the_after_a_persons_possessive(entity_extractor, text, expected):
    found = types_by_name(extract(entity_extractor, text))
    assert {name: found.get(name) for name in expected} == expected


def test_a_saints_name_opens_a_school_the_model_tagged_apart(entity_extractor):
    text = "Mr Blair joined two girls from St Kestrel's Middle School in Evesham for a trip."
    found = types_by_name(extract(entity_extractor, text))
    assert found.get("St Kestrel's Middle School") == "Organization"


@pytest.mark.parametrize(
    ("text", "name", "parts"),
    [
        (
            "Jack Birch, lecturer at the Institute of Art, Design and Media at the University "
            "of Harwick, spoke.",
            "Institute of Art, Design and Media",
            ["Institute of Art, Design", "Media"],
        ),
        (
            "A spokesman for the Department for Culture, Media and Sport said the review was over.",
            "Department for Culture, Media and Sport",
            ["Department for Culture", "Sport"],
        ),
        (
            "Ann Tolley, director of the Institute of Science, Technology and Society, said so.",
            "Institute of Science, Technology and Society",
            ["Institute of Science, Technology", "Society"],
        ),
    ],
)
def test_a_body_naming_its_fields_keeps_the_whole_list(entity_extractor, text, name, parts):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(name) == "Organization"
    assert not set(parts) & set(found)


def test_a_list_of_bodies_after_a_body_is_no_list_of_its_fields(entity_extractor):
    # every word is an English word, but "Kestrel Systems" and "Birch Bank" end in a
    # body's word: three bodies
    text = "The scheme is run by the Institute of Physics, Kestrel Systems and Birch Bank."
    found = types_by_name(extract(entity_extractor, text))
    assert {name: found.get(name) for name in ("Institute of Physics", "Birch Bank")} == {
        "Institute of Physics": "Organization",
        "Birch Bank": "Organization",
    }


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Jack Birch, who runs Kestrelgames.com, expects sales to double.", "Kestrelgames.com"),
        ("Tom Hale runs the fan site kestrelnews.co.uk from his bedroom.", "kestrelnews.co.uk"),
        ("Shares in Norvikshop.com rose 5% on Monday.", "Norvikshop.com"),
    ],
)
def test_a_website_named_by_its_domain_is_an_organization(entity_extractor, text, site):
    assert types_by_name(extract(entity_extractor, text)).get(site) == "Organization"


def test_an_address_with_a_scheme_or_a_path_is_no_name(entity_extractor):
    text = "Details are at http://www.kestrel.com/news and at kestrel.org/help today."
    found = types_by_name(extract(entity_extractor, text))
    assert not any("kestrel" in name.lower() for name in found)


def test_a_surname_the_model_took_for_a_people_is_the_person_named_in_full(entity_extractor):
    text = (
        "The jury likes the new films of Marco Varnese and Tom Hale.\n\n"
        "Varnese has directed six films since 1990."
    )
    extraction = extract(entity_extractor, text)
    person = next(e for e in extraction.entities if e.name == "Marco Varnese")
    assert person.type == "Person"
    assert "Varnese" not in types_by_name(extraction)  # a mention of the person, not a group
    assert len(person.mentions) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Tom Hale, author of The Silent Harbour, said so.",
        "Tom Hale, who wrote The Silent Harbour, said so.",
    ],
)
def test_a_title_after_its_author_is_a_written_work(entity_extractor, text):
    # "Harbour" is a place's last word; the words before the title say a work
    assert types_by_name(extract(entity_extractor, text)).get("The Silent Harbour") == (
        "Publication"
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Their clip won the vote for best pop video for Silver Kestrel.", "Silver Kestrel"),
        (
            "The show won, and two episodes of Kestrel Lane will be shown at Christmas.",
            "Kestrel Lane",
        ),
    ],
)
def test_a_name_after_the_part_of_a_work_is_the_work(entity_extractor, text, name):
    assert types_by_name(extract(entity_extractor, text)).get(name) == "Publication"


def test_a_national_park_is_a_place_whatever_the_model_calls_it(entity_extractor):
    text = "Hikers crossed Kestrel Ridge National Park, in Montana, last summer."
    extraction = extract(entity_extractor, text)
    assert types_by_name(extraction).get("Kestrel Ridge National Park") == "Location"


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        # a verb the model ran two names over; the piece left keeps only the model's label of
        # a town, which no place list knows, and is left out (DocEntities.settled)
        ("Bosvelt joined City from Kestrel Rovers in 2003.", "Bosvelt joined City", []),
        # "or" between two places
        ("It was a good week for Hartlepool or Boston.", "Hartlepool or Boston", ["Boston"]),
        # a common word a small town is named after, before "of" and a country
        ("The Republic of Ireland beat Norway.", "Republic", ["Republic of Ireland"]),
        # the possessive of a person the story names in full, run into a club's name
        (
            "Jack Birch scored twice. The coach spoke to Birch's Arsenal club-mate Tom Hale.",
            "Birch's Arsenal",
            ["Arsenal"],
        ),
        # a party's short name before a person's
        ("Former Tory Neil Hamilton lost the case.", "Tory Neil Hamilton", ["Neil Hamilton"]),
        # a known organization's acronym before a person's name
        (
            "The co-head of aerospace group EADS Tom Hale is to leave his post.",
            "EADS Tom Hale",
            ["EADS", "Tom Hale"],
        ),
        (
            "Sources told the BBC Jack Birch has always been in favour of the scheme.",
            "BBC Jack Birch",
            ["BBC", "Jack Birch"],
        ),
        # a nationality that says the sport's kind, after a club's name
        (
            "They own the successful Kestrel Bay Rovers American football team based in Florida.",
            "Kestrel Bay Rovers American",
            ["Kestrel Bay Rovers"],
        ),
    ],
)
def test_names_the_model_ran_together_are_cut_where_they_meet(entity_extractor, text, whole, parts):
    found = types_by_name(extract(entity_extractor, text))
    assert whole not in found
    assert all(part in found for part in parts)


@pytest.mark.parametrize(
    "text",
    [
        # "Town" untagged after the place the model tagged
        "There are 17 staff at its offices in Kentish Town.",
        # "Town" tagged as a place of its own
        "There are 17 staff at its offices in Kentish Town, London.",
    ],
)
def test_a_place_takes_the_town_or_city_word_the_model_left_after_it(entity_extractor, text):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get("Kentish Town") == "Location"
    assert "Town" not in found and "Kentish" not in found


@pytest.mark.parametrize(
    ("text", "contest", "cut"),
    [
        ("Tom Hale beat the US Open champion Ann Tolley on Monday.", "US Open", "US"),
        (
            "Ann Tolley reached the Australian Open semi-finals last year.",
            "Australian Open",
            "Australian",
        ),
    ],
)
def test_a_nation_takes_the_contest_word_the_model_left_after_it(
    entity_extractor, text, contest, cut
):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(contest) == "Event"
    assert cut not in found and "United States" not in found


def test_a_place_keeps_apart_from_an_event_word_a_body_ends_in(entity_extractor):
    """ "Forum" ends events and bodies alike: the model's reading of the place stands."""
    found = types_by_name(
        extract(entity_extractor, "Officials of the UK Internet Forum said so on Monday.")
    )
    assert "United Kingdom" in found and "UK Internet Forum" not in found


def test_a_hyphenated_nationality_keeps_its_last_word(entity_extractor):
    """Only a nationality that names a sport's kind is cut from the end of a name ("...
    Rovers American football team"); "African-American" stays whole."""
    found = types_by_name(extract(entity_extractor, "The African-American actor won the award."))
    assert "African-American" in found and "African" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The chairman of the Police Federation of England and Wales said so.",
         "Police Federation of England and Wales"),
        ("The Law Society of England and Wales said the plan was poor.",
         "Law Society of England and Wales"),
    ],
)  # fmt: skip
def test_a_body_of_a_realm_named_by_two_places_keeps_both(entity_extractor, text, name):
    assert types_by_name(extract(entity_extractor, text)) == {name: "Organization"}


def test_a_name_after_a_body_of_one_place_and_and_stays_apart(entity_extractor):
    extraction = extract(entity_extractor, "The Bank of England and Wales Water both said so.")
    assert "Bank of England" in types_by_name(extraction)


def test_a_project_joining_two_fields_after_one_the_is_one_name(entity_extractor):
    text = '"It is bad," said Tom Hale, director of the Kestrel Internet and American Life Project.'
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Kestrel Internet and American Life Project") == "Organization"
    assert "American Life Project" not in types


def test_a_titles_first_word_is_no_body(entity_extractor):
    text = "The paper criticised Supreme Leader Ayatollah Tom Hale on Monday."
    assert "Supreme" not in types_by_name(extract(entity_extractor, text))


def test_two_clubs_a_move_runs_between_are_two_names(entity_extractor):
    text = (
        "Harwick said the striker was not for sale. The president of Real Marsburg denied "
        "making a bid. Tom Hale has added to speculation linking him with a move from "
        "Harwick to Real Marsburg after falling victim to a radio prank."
    )
    names = {e.name: e.type for e in extract(entity_extractor, text).entities}
    assert ("Real Marsburg", "Organization") in names.items()
    assert "Harwick to Real Marsburg" not in names


def test_a_body_named_for_what_it_does_keeps_its_to(entity_extractor):
    text = "Protect Kestrels is a slogan. The Committee to Protect Kestrels said so."
    assert "Committee to Protect Kestrels" in types_by_name(extract(entity_extractor, text))


_DRUG_ARTICLE = (
    "Drugs group defends its pill\n\n"
    "Kestrel Pharma has begun a series of adverts for its anti-depressant drug Zelvarin. "
    "Critics say trials of Zelvarin were flawed. "
    "Kestrel Pharma rejects the criticism. "
    "It says the trials were sound. "
    "Regulators have seen all the data, the firm said. "
    "The adverts will appear in 12 newspapers. "
    "Doctors still prescribe Zelvarin widely, it said. "
    "Shares rose 2% on Monday."
)


def test_a_lone_word_another_mention_calls_a_product_stays_a_product(entity_extractor):
    # the fallback vote for a firm is for names nothing in the document types
    assert types_by_name(extract(entity_extractor, _DRUG_ARTICLE)).get("Zelvarin") == "Product"


@pytest.mark.parametrize(
    "text",
    [
        'Tom "TJ" Hale, who runs Kestrel Records, spoke on Monday.',
        "Kestrel guitarist Jack 'Hammer' Talvaro has left the band.",
    ],
)
def test_a_nickname_in_quotes_stays_inside_the_persons_name(entity_extractor, text):
    name = text.split(",")[0] if text.startswith("Tom") else "Jack 'Hammer' Talvaro"
    persons = [e.name for e in extract(entity_extractor, text).entities if e.type == "Person"]
    assert persons == [name]


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # the mention cut before "Road", which the document tags whole elsewhere
        ("Silver Harbour Road sold well.", ("Silver Harbour Road", "WORK_OF_ART")),
        # no word of the longer name follows: the mention stays as it is
        ("Silver Harbour sold well.", ("Silver Harbour", "PERSON")),
    ],
)
def test_a_name_cut_short_where_the_document_tags_it_whole_is_completed(nlp, second, expected):
    from spacy.tokens import Span

    from threadline.ingest.span_joins import complete_cut_names

    doc = nlp(f"Critics praised Silver Harbour Road. {second}")
    doc.ents = []
    whole = Span(doc, 2, 5, label="WORK_OF_ART")
    labels = frozenset({"PERSON", "WORK_OF_ART"})
    spans = complete_cut_names(doc, [whole, Span(doc, 6, 8, label="PERSON")], labels)
    assert [(s.text, s.label_) for s in spans] == [("Silver Harbour Road", "WORK_OF_ART"), expected]


@pytest.mark.parametrize(
    ("text", "second", "works_story", "expected"),
    [
        # a hero's name, "and the", the rest of the title: one work, in a story about films
        ("They filmed Tom Hale and the Lantern of Norvik in Leeds.", "WORK_OF_ART", True,
         [("Tom Hale and the Lantern of Norvik", "WORK_OF_ART")]),
        # in another story, or when the second name is no work, two names
        ("They filmed Tom Hale and the Lantern of Norvik in Leeds.", "WORK_OF_ART", False,
         [("Tom Hale", "PERSON"), ("Lantern of Norvik", "WORK_OF_ART")]),
        ("They filmed Tom Hale and the Kestrel Orchestra in Leeds.", "ORG", True,
         [("Tom Hale", "PERSON"), ("Kestrel Orchestra", "ORG")]),
    ],
)  # fmt: skip
def test_a_title_cut_at_and_the_is_made_whole_in_a_story_about_works(
    nlp, text, second, works_story, expected
):
    from spacy.tokens import Span

    from threadline.ingest.work_titles import titles_joined_by_and_the

    doc = nlp(text)
    doc.ents = []
    end = len(doc) - 3  # before "in Leeds."
    spans = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, end, label=second)]
    found = titles_joined_by_and_the(doc, spans, works_story)
    assert [(s.text, s.label_) for s in found] == expected


@pytest.mark.parametrize(
    ("text", "clubs", "expected"),
    [
        # a full name the model missed, whose surname it tags alone later
        ("Tom Talvaro has flown to Oslo. Talvaro is fit.", (), "Tom Talvaro"),
        # a first name that is a common word too, opening the sentence
        ("Lewis Talvaro has flown to Oslo. Talvaro is fit.", (), "Lewis Talvaro"),
        # ... or after a capitalized title that opens it
        ("Referee Lewis Talvaro has flown to Oslo. Talvaro is fit.", (), "Lewis Talvaro"),
        # ... but not inside a sentence
        ("They met Lewis Talvaro in Oslo. Talvaro is fit.", (), None),
        # a word the story writes in lowercase too
        ("Will Talvaro fly to Oslo? He will. Talvaro is fit.", (), None),
        # an article before, a capitalized word after, a place, a club
        ("They read the Tom Talvaro. Talvaro is fit.", (), None),
        ("Tom Talvaro Rovers won. Talvaro is fit.", (), None),
        ("Tom Norway won. Norway is fit.", (), None),
        ("Tom Talvaro won. Talvaro is fit.", ("tom talvaro",), None),
    ],
)
def test_a_first_name_before_a_name_tagged_alone_elsewhere_makes_a_person(
    nlp, text, clubs, expected
):
    from spacy.tokens import Span

    from threadline.ingest.span_joins import first_names_before_names_tagged_alone

    doc = nlp(text)
    doc.ents = []
    alone = [t.i for t in doc if t.text in ("Talvaro", "Norway")][-1]
    spans = [Span(doc, alone, alone + 1, label="ORG")]
    lowercase = frozenset(t.lower_ for t in doc if t.is_lower)
    labels = frozenset({"PERSON", "ORG", "GPE"})
    found = first_names_before_names_tagged_alone(
        doc, spans, labels, frozenset({"lewis"}), lowercase, frozenset(clubs)
    )
    persons = [s.text for s in found if s.label_ == "PERSON"]
    assert persons == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("whole", "second", "pieces", "expected"),
    [
        # a title the model cut into a title's words and a person's name
        (
            ("The Life of Tom Hale", "WORK_OF_ART"),
            "The Life of Tom Hale sold well.",
            [(0, 2, "WORK_OF_ART"), (3, 5, "PERSON")],
            [("The Life of Tom Hale", "WORK_OF_ART")],
        ),
        # a piece after the words the model left out of the name
        (
            ("Fox and Kestrel", "WORK_OF_ART"),
            "Fox and Kestrel sold well.",
            [(2, 3, "PERSON")],
            [("Fox and Kestrel", "WORK_OF_ART")],
        ),
        # a surname after a first name: the person, whatever the whole was read as once
        (
            ("Tom Talvaro", "PRODUCT"),
            "Then Tom Talvaro spoke.",
            [(2, 3, "PERSON")],
            [("Tom Talvaro", "PERSON")],
        ),
        # a title before the name: the person's name is the piece already
        (
            ("Lord Harwick", "ORG"),
            "Then Lord Harwick spoke.",
            [(2, 3, "GPE")],
            [("Harwick", "GPE")],
        ),
        # a piece running past the longer name's end: another name
        (
            ("Kestrel Net", "ORG"),
            "The Kestrel Net Office spoke.",
            [(1, 4, "ORG")],
            [("Kestrel Net Office", "ORG")],
        ),
        # a firm's name beside its product's: two names
        (
            ("Kestrel Skyphone", "ORG"),
            "The Kestrel Skyphone sold well.",
            [(1, 2, "ORG"), (2, 3, "PRODUCT")],
            [("Kestrel", "ORG"), ("Skyphone", "PRODUCT")],
        ),
        # two names the model joined with "or" elsewhere complete nothing
        (
            ("Harwick or Norvik", "ORG"),
            "Then Harwick or Norvik won.",
            [(1, 2, "GPE"), (3, 4, "GPE")],
            [("Harwick", "GPE"), ("Norvik", "GPE")],
        ),
    ],
)
def test_a_name_cut_into_pieces_where_the_document_tags_it_whole_is_made_whole(
    nlp, whole, second, pieces, expected
):
    from spacy.tokens import Span

    from threadline.ingest.span_joins import complete_cut_names

    first = f"Critics praised {whole[0]}."
    doc = nlp(f"{first} {second}")
    doc.ents = []
    offset = len(nlp(first))
    spans = [Span(doc, 2, offset - 1, label=whole[1])] + [
        Span(doc, offset + a, offset + b, label=label) for a, b, label in pieces
    ]
    labels = frozenset({"PERSON", "WORK_OF_ART", "ORG", "GPE", "PRODUCT"})
    found = complete_cut_names(doc, spans, labels)
    assert [(s.text, s.label_) for s in found][1:] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a first name read as a people's word, before a surname the model left untagged
        ("Kestrel hope to sign Adrian Talvesco next season.", ["Adrian Talvesco"]),
        # a nation's word stays one; so does a first name before a common word
        ("Kestrel hope to sign Welsh Talvesco next season.", ["Welsh"]),
        ("Kestrel gave money to Christian Aid next season.", ["Christian"]),
    ],
)
def test_a_first_name_read_as_a_peoples_word_before_a_surname_is_a_person(nlp, text, expected):
    from spacy.tokens import Span

    from threadline.ingest.span_joins import first_names_read_as_peoples

    doc = nlp(text)
    word = doc[4]
    doc.ents = [Span(doc, word.i, word.i + 1, label="NORP")]
    joined = first_names_read_as_peoples(doc, list(doc.ents), frozenset({"aid"}))
    assert [s.text for s in joined] == expected
    if expected[0] == "Adrian Talvesco":
        assert joined[0].label_ == "PERSON"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the model tags "UK" alone as the country
        ("Viewers of KT:UK rose by a tenth last week.", "KT:UK"),
        ("Viewers of KT:NY rose by a tenth last week.", "KT:NY"),
        # a short lower-case word after an acronym, never a first name
        ("Ann Tolley presented SM:tv on Saturday mornings.", "SM:tv"),
    ],
)
def test_words_glued_by_a_colon_are_one_title(entity_extractor, text, name):
    found = types_by_name(extract(entity_extractor, text))
    assert found.get(name) == "Publication"
    assert "United Kingdom" not in found


def test_a_colon_typed_without_its_space_before_a_sentence_joins_nothing(entity_extractor):
    found = types_by_name(extract(entity_extractor, "Prices rose in the UK:the report said so."))
    assert found.get("United Kingdom") == "Location"


_SCREEN_STORY = " The film's director said the movie's stars drew cinema audiences."


@pytest.mark.parametrize(
    ("text", "title", "kind"),
    [
        (
            # made mostly of small words, as titles are
            "Critics praised the actors in Lord of the Kestrels: The Return of the King, which"
            " topped the box office.",
            "Lord of the Kestrels: The Return of the King",
            "Publication",
        ),
        # the words of a title and its subtitle say nothing of a body or a place
        (
            "Critics loved Chronicles of Kestrel: Escape from Norvik Bay this week.",
            "Chronicles of Kestrel: Escape from Norvik Bay",
            "Publication",
        ),
        # a subtitle the model tags as a place; "for" ends it (the machine it is made for)
        (
            "Fans queued for the game Kestrel Racer: San Andreas for the Norvik 2 console.",
            "Kestrel Racer: San Andreas",
            "Product",
        ),
    ],
)
def test_a_title_and_its_subtitle_after_a_colon_are_one_work(entity_extractor, text, title, kind):
    found = types_by_name(extract(entity_extractor, text + _SCREEN_STORY))
    assert found.get(title) == kind
    assert "San Andreas" not in found


@pytest.mark.parametrize(
    "text",
    [
        # a quote after a speaker's colon
        "Tom Hale told the Harwick Post: We are proud.",
        # a speaker's name alone opening a sentence, a quote after it
        "Birch: Kestrel Rovers Must Change. The manager spoke.",
    ],
)
def test_a_speakers_colon_before_a_quote_joins_no_title(entity_extractor, text):
    found = types_by_name(extract(entity_extractor, text + _SCREEN_STORY))
    assert not any(":" in name for name in found)


def test_a_title_after_a_colon_does_not_reach_back_over_a_persons_name(entity_extractor):
    found = types_by_name(
        extract(
            entity_extractor,
            "The prize went to Ann Tolley for Kestrel Road: New Poems last night." + _SCREEN_STORY,
        )
    )
    assert found.get("Kestrel Road: New Poems") == "Publication"
    assert found.get("Ann Tolley") == "Person"


def test_a_span_run_across_a_colon_titles_ends_keeps_its_words_outside(nlp):
    from spacy.tokens import Span

    from threadline.ingest.work_titles import colon_titles

    doc = nlp("He has played Harwick, Kestrel Evil: Apocalypse for the Norvik 2 all week.")
    # the model's spans "Harwick, Kestrel Evil" and "Apocalypse for the Norvik 2"
    tagged = [Span(doc, 3, 7, label="WORK_OF_ART"), Span(doc, 8, 13, label="PRODUCT")]
    found = colon_titles(doc, tagged, works_story=True)
    assert [(s.text, s.label_) for s in found] == [
        ("Harwick,", "WORK_OF_ART"),
        ("Kestrel Evil: Apocalypse", "WORK_OF_ART"),
        ("Norvik 2", "PRODUCT"),
    ]
    assert colon_titles(doc, tagged, works_story=False) == tagged


def test_a_team_sheets_colons_in_a_story_of_sport_and_games_join_no_title(entity_extractor):
    found = types_by_name(
        extract(
            entity_extractor,
            "Kestrel Rovers beat Norvik United 2-1 in the Premiership on Saturday, as the"
            " striker scored twice in the match. Fans of the video game and console players"
            " cheered. Subs Not Used: Howard, Bellion. Ref: S Bennett (Kent).",
        )
    )
    assert not any(":" in name for name in found)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a weekday after "on" is cut from the name; a Sunday paper keeps it
        (
            "He will give new figures to the Commons on Monday. The Mail on Sunday said so.",
            {"House of Commons": "Organization", "Mail on Sunday": "Organization"},
            ("Commons on Monday",),
        ),
        # a hyphenated prefix of time is cut from the name after it
        (
            "Star Ann Tolley had to pull out of pre-Broadway performances this month.",
            {"Broadway": None},
            ("pre-Broadway",),
        ),
        # ... not a district's capitalized "Mid"
        ("Voters in Mid-Kestrelshire backed him.", {"Mid-Kestrelshire": None}, ()),
        # initials joined by an ampersand are a company's name, but not a term's
        (
            "Shares in KT&N rose on Monday. The R&B singer won a prize for her album.",
            {"KT&N": "Organization"},
            ("R&B",),
        ),
        # "America" alone is the United States; longer names keep the word
        (
            "Kestrel Bank is one of America's largest lenders. It also sells loans in Latin "
            "America. Its rival is Bank of America.",
            {
                "United States": "Location",
                "Latin America": "Location",
                "Bank of America": "Organization",
            },
            ("America",),
        ),
        # a unit after a number is no body
        (
            "Kestrel Power's dam will produce 4,200 MW. Its lines carry two megabits per "
            "second (Mbps).",
            {"Kestrel Power": "Organization"},
            ("MW", "Mbps"),
        ),
    ],
)
def test_words_cut_from_names_or_kept_in_them(entity_extractor, text, present, absent):
    found = types_by_name(extract(entity_extractor, text))
    for name, kind in present.items():
        assert name in found and kind in (None, found[name])
    assert not set(absent) & set(found)
