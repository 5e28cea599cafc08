"""Context cues that type a name, and the spans they add or cut (real spaCy model).

Each sentence is invented; each test names the cue it exercises.
"""

from __future__ import annotations

import pytest
import spacy
from extraction_views import extract, relations, types_by_name
from spacy.tokens import Span

from threadline.ingest.context_cues import apposition_noun
from threadline.ingest.span_joins import join_split_names
from threadline.ingest.us_states import ap_abbreviations


def type_and_cues(extractor, text: str, name: str) -> tuple[str, list[str]]:
    """The type of the entity called ``name`` in ``text`` and its deciding cues."""
    found = next(e for e in extract(extractor, text).entities if e.name == name)
    return found.type, found.type_cues


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a place: where someone comes from, or an apposition headed by a place noun
        ("Jane Roe, a native of Bergen, joined the firm in May.", "Bergen", "Location"),
        ("The ship docked at Tromso, a port in northern Norway.", "Tromso", "Location"),
        # an award: "a Nobel laureate"
        ("He is a Nobel laureate and a professor.", "Nobel", "Award"),
        ("The letter was signed by Nobel economics laureate Jane Roe.", "Nobel", "Award"),
        # a known product's name with its model or its line
        ("Analysts say that Xbox 2 will sell well in Norvania next year.", "Xbox 2", "Product"),
        ("Ann Tolley said iPod Shuffle owners were happy.", "iPod Shuffle", "Product"),
        # ... but a unit named after the product line is a body
        (
            "Tom Hale, director in Norvik's Windows Server division, said no.",
            "Windows Server",
            "Organization",
        ),
        # what comes before a list speaks for all its items
        ("The firm's brands include Hoover, Candy and Rosieres.", "Rosieres", "Product"),
        ("The firm's brands include Hoover, Candy and Rosieres.", "Hoover", "Product"),
        (
            "Shares in construction companies Karya Prima and Semen Kestrel rose.",
            "Semen Kestrel",
            "Organization",
        ),
        # a product: a singular product noun after the name
        ("Its range includes Vantor cough medicine and other remedies.", "Vantor", "Product"),
        ("Regulators approved the Zelvotrin nasal spray on Monday.", "Zelvotrin", "Product"),
        # ... a computer virus or worm, a program
        ("The new strains of the Kestrix mobile phone virus spread fast.", "Kestrix", "Product"),
        # what a company makes, even when named like a person
        (
            "Harlow Breweries, which makes Stella Marsh, said profits rose.",
            "Stella Marsh",
            "Product",
        ),
        ("The board made Jane Roe its chairman.", "Jane Roe", "Person"),
        # ... not an occasion one gets to, named for its town
        ("She said she would make the Glasgow concert on Friday.", "Glasgow", "Location"),
        # a share of a nation's people, no firm's shares
        ("About 40% of Britons said they would vote.", "Britons", "Group"),
        # ... not a place where its shares trade, nor a city before a name's capital word
        (
            "Trading was quiet and Vantor shares in Frankfurt dropped 3% by noon.",
            "Frankfurt",
            "Location",
        ),
        (
            "Trading at London's International Petroleum Exchange was thin on Monday.",
            "London",
            "Location",
        ),
        # a thing's pronoun after the name it stands for: never a person's
        ("Ericsson said its sales fell in the quarter.", "Ericsson", "Organization"),
        # a particle that opens the name of a paper or a firm is no first name
        ("He cited a table drawn up by France's Le Figaro newspaper.", "Le Figaro", "Organization"),
        # a programme: a word for films or shows before it, its channel in brackets or
        # after "on"; a name opening with a first name stays a person's
        ("Tom Hale created the TV show Kestrel Lane in 1997.", "Kestrel Lane", "Publication"),
        (
            "The nominees were Ann Roe from Kestrel Lane (BBC Three) and Tom Hale.",
            "Kestrel Lane",
            "Publication",
        ),
        ("Tom Hale is host of Kestrel Hour on Radio 1.", "Kestrel Hour", "Publication"),
        ("It was the show Tom Hale hosts that won.", "Tom Hale", "Person"),
        # ... unless the word for shows is right before it and no verb after
        (
            "Bill Hale is a regular guest on the Kestrel Radio programme Go Digital.",
            "Go Digital",
            "Publication",
        ),
        ("Directed by Tom Hale, the film was poorly received by critics.", "Tom Hale", "Person"),
        # a nationality of two words before "club" is no club
        ("He left after a brief stint with South African club Kestrel.", "South African", "Group"),
        ("Tom Hale is the medical co-ordinator at Italian side Kestrel.", "Italian", "Group"),
        # a continent's adjective before the noun it describes is no employer
        (
            "Ann Tolley, the firm's managing director for European publishing, said so.",
            "European",
            "Group",
        ),
        # a broadcaster's outlet the model took for a person
        ("Her lawyer told BBC Sport he did not expect it so soon.", "BBC Sport", "Organization"),
        ("He gave an interview to Tom Hale on BBC One.", "Tom Hale", "Person"),
        # a capital "All" inside a sentence opens the name the model cut
        (
            "Reacting to a comment by All England Club chairman Tom Hale, she said it was unfair.",
            "All England Club",
            "Organization",
        ),
        # a show or an indoor meeting is an event
        (
            "Kestrel unveiled the phone at the Leeds Motor Show on Monday.",
            "Leeds Motor Show",
            "Event",
        ),
        ("She will run at the Kestrel Grand Prix in Leeds.", "Kestrel Grand Prix", "Event"),
        # a listed company's possessive before a name ends the company's name
        (
            "Tom Hale, from Panasonic's Kestrel Laboratories, said so.",
            "Kestrel Laboratories",
            "Organization",
        ),
        # a share index
        ("Kestrel said the MSCI World share index rose 2% this week.", "MSCI World", "Product"),
        # a listed company: its share price moved by a percentage
        ("Japan's Kestrel Nippon slid 1.5% on Friday.", "Kestrel Nippon", "Organization"),
        # a company named after a city: the city takes an article
        ("A survey from the Halifax showed that prices rose.", "Halifax", "Organization"),
        # a stake in a company: "29% of X"
        ("The brothers hold 18% of United through a family trust.", "United", "Organization"),
        # an organization: "X of Y" with a plural head word, owners and owned things
        (
            "Said Jane Roe, head of the Northern Chambers of Commerce.",
            "Northern Chambers of Commerce",
            "Organization",
        ),
        ("Aguas Verdes, controlled by Norway's Talbot, is in trouble.", "Talbot", "Organization"),
        (
            "Aguas Verdes, controlled by Norway's Talbot, is in trouble.",
            "Aguas Verdes",
            "Organization",
        ),
        ("Jane Roe, backed by Talbot Bank, bid for the firm.", "Jane Roe", "Person"),
        # a team: a name after a phrase only a team follows, place or not
        (
            "Simon Hale is in his second month on loan from Kestrelford.",
            "Kestrelford",
            "Organization",
        ),
        # an organization: a compound ending in a descriptor after it, a club's suffix
        (
            "The group will sell the Vantor car company next year.",
            "Vantor",
            "Organization",
        ),
        (
            "Kestrelford United have won the league.",
            "Kestrelford United",
            "Organization",
        ),
        ("The carmaker's marques include Jaguar and Land Rover.", "Jaguar", "Product"),
        # a place: the last item of a list of places
        (
            "The bank has offices in the Americas, Europe and Asia Pacific.",
            "Asia Pacific",
            "Location",
        ),
        # a party named by its members ("Social Democrats"); a title is no part of a name
        ("Polls show the ruling Social Democrats falling.", "Social Democrats", "Organization"),
        ("Last year Crown Prince Abdullah told ministries to hire women.", "Abdullah", "Person"),
        # a stock index: by name, or by the word "index" after it
        ("The FTSE 100 rose 1% while the Dow Jones fell.", "Dow Jones", "Product"),
        ("In Hong Kong, the Hang Seng index rose 2%.", "Hang Seng", "Product"),
        # label and club words, events' words, a person named by nationality
        (
            "Harwick Records' lawyer Tom Hale said he would appeal.",
            "Harwick Records",
            "Organization",
        ),
        ("Kestrel Sharks prop Ian Holt was injured.", "Kestrel Sharks", "Organization"),
        (
            "The two seeds lost at the Harwick Tour Championships in Oslo.",
            "Harwick Tour Championships",
            "Event",
        ),
        ("Kestrel Rovers won the Birch Vans Trophy on Sunday.", "Birch Vans Trophy", "Event"),
        # a person named by nationality: a nationality, never a firm
        ("The coach praised the Dutchman after the match.", "Dutchman", "Group"),
        # a programme: a channel's possessive before it, unless it is a presenter's name
        ("Speaking to the BBC's Kestrel Hour, Mr Hale said so.", "Kestrel Hour", "Publication"),
        (
            "Lord Birch told Radio 4's Breakfast programme the plan would fail.",
            "Breakfast",
            "Publication",
        ),
        ("It is not worth it, said PBS' Jacoba Talvaro.", "Jacoba Talvaro", "Person"),
        # an award: its title word or its own name outweighs a first name in it
        ("The book has already won the Orange Prize for fiction.", "Orange Prize", "Award"),
        (
            "The Milton Kestrel Award will be presented to Tom Hale.",
            "Milton Kestrel Award",
            "Award",
        ),
        ("Tom Hale won an Oscar for his role in the film.", "Oscar", "Award"),
        ("Oscar Talbot won the race on Sunday.", "Oscar Talbot", "Person"),
        # in a story about sport, a town before a club official's post is the club
        (
            "Oldham sporting director Tom Hale said the striker would stay after the league match.",
            "Oldham",
            "Organization",
        ),
        # "X-based" says where a firm is, and where a person lives
        ("US-based Alistair Talbot won the race.", "Alistair Talbot", "Person"),
        ("Oslo-based Harwick Lund said profits rose.", "Harwick Lund", "Organization"),
        # a nation's word after an article names a person left unnamed, no person's name
        ("Twenty people, including a Briton, have been arrested.", "Briton", "Group"),
        # a company whose name ends in a possessive, which the model takes for a person's
        ("Tom Hale, Foster's chief executive officer, said so.", "Foster's", "Organization"),
        # a nation's party of its own, not the state's
        (
            "The Scottish Conservative Party leader, Tom Hale, spoke.",
            "Scottish Conservative Party",
            "Organization",
        ),
        (
            "He rose in the Scottish Labour Party. The Labour Party said Labour would win.",
            "Scottish Labour Party",
            "Organization",
        ),
        (
            "Her book won the Kestrel Novel of the Year Award.",
            "Kestrel Novel of the Year Award",
            "Award",
        ),
    ],
)
def test_a_context_cue_decides_the_type(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_a_maker_before_a_plural_product_noun_stays_an_organization(entity_extractor):
    extraction = extract(entity_extractor, "Nokia said sales of its Nokia phones rose.")
    assert types_by_name(extraction)["Nokia"] == "Organization"


def test_a_lowercase_function_word_run_into_a_name_is_cut(entity_extractor):
    extraction = extract(
        entity_extractor, "The brothers hold 18% of United through a family trust."
    )
    assert "United" in types_by_name(extraction)
    assert not any(" through" in name for name in types_by_name(extraction))


def test_a_verb_opening_a_sentence_is_not_a_name(entity_extractor):
    extraction = extract(
        entity_extractor, "Dubbed 'the iron broker' by rivals, Ms Hale cut the bank's costs."
    )
    assert "Dubbed" not in types_by_name(extraction)
    reasons = {
        r.text: r.reason for d, r in entity_extractor.report.rejected if d == extraction.doc_id
    }
    assert reasons.get("Dubbed") == "verb at a sentence start"


def test_the_name_of_a_kind_of_document_is_not_a_title(entity_extractor):
    extraction = extract(
        entity_extractor, "Talbot Bank and Norvik signed a Memorandum of Understanding in May."
    )
    assert "Memorandum of Understanding" not in types_by_name(extraction)


def test_state_abbreviations_come_from_the_us_package():
    table = ap_abbreviations()
    assert table["calif."] == "California"
    assert table["n.j."] == "New Jersey"
    assert table["d.c."] == "District of Columbia"
    assert "mass" not in table  # only with the full stop


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        (
            "Two boats sank off Morgan City, La., on Monday.",
            "Morgan City",
            "Louisiana",
        ),
        ("Thomas Hale, 50, of Chisholm , Minn . said so.", "Chisholm", "Minnesota"),
    ],
)
def test_a_state_abbreviation_after_a_town_is_the_state(extractor, text, town, state):
    extraction = extract(extractor, text)
    found = types_by_name(extraction)
    assert found[town] == "Location" and found[state] == "Location"
    assert (town, "LOCATED_IN", state) in relations(extraction)


@pytest.mark.parametrize(
    ("text", "town", "city"),
    [
        ("Ann Roe, 51, of Haxby, York, was hurt.", "Haxby", "York"),
        ("Tom Varga, from Kirkstall, Leeds, said he was lucky.", "Kirkstall", "Leeds"),
    ],
)
def test_a_name_followed_by_the_city_that_contains_it_is_a_place(extractor, text, town, city):
    extraction = extract(extractor, text)
    assert types_by_name(extraction)[town] == "Location"
    assert (town, "LOCATED_IN", city) in relations(extraction)
    assert not any(r[1] == "WORKS_FOR" for r in relations(extraction))


def test_a_name_followed_by_a_place_that_begins_a_description_stays_an_organization(extractor):
    extraction = extract(extractor, "Ann Roe, of Talbot Bank, Britain's biggest lender, said so.")
    assert types_by_name(extraction)["Talbot Bank"] == "Organization"


def test_an_abbreviation_without_a_town_before_it_is_left_alone(entity_extractor):
    extraction = extract(entity_extractor, "Mass. protests followed the ruling.")
    assert "Massachusetts" not in types_by_name(extraction)


def test_a_us_town_sharing_a_foreign_city_name_is_in_its_state(extractor):
    extraction = extract(extractor, "The hearing took place in Milan, Ohio, on Friday.")
    assert ("Milan", "LOCATED_IN", "Ohio") in relations(extraction)
    extraction = extract(extractor, "The hearing took place in Houston, Ohio, on Friday.")
    assert ("Houston", "LOCATED_IN", "Ohio") not in relations(extraction)


def test_a_persons_thing_named_after_an_honorific_is_split_from_the_person(entity_extractor):
    extraction = extract(
        entity_extractor, "Critics attacked Mr Brown's International Finance Facility."
    )
    found = types_by_name(extraction)
    assert found.get("Brown") == "Person"
    assert "International Finance Facility" in found
    assert not any("Brown's" in name for name in found)


def test_a_code_of_letters_and_digits_is_no_place(entity_extractor):
    extraction = extract(entity_extractor, "Attackers abused the SS7 protocol to track phones.")
    assert types_by_name(extraction).get("SS7") in (None, "Product")


def test_a_dash_joined_adjective_of_places_is_no_name(entity_extractor):
    extraction = extract(entity_extractor, "Both sides praised the Sino-US trade talks.")
    assert "Sino-US" not in types_by_name(extraction)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a lowercase common noun the model ran into a name is cut
        (
            "Talbot withdrew its offer for rival bank Kestrel Holdings on Monday.",
            {"Kestrel Holdings"},
        ),
        # a city glued to its region by "of" is split
        (
            "The factory is in Mianyang of Sichuan Province, China.",
            {"Mianyang", "Sichuan Province"},
        ),
        # a lowercase place noun run into the name is cut; a capitalized one is the name
        ("The plant opened in Wuhan city in 2019.", {"Wuhan"}),
        ("He moved to Mexico City last year.", {"Mexico City"}),
    ],
)
def test_place_name_bounds(entity_extractor, text, names):
    assert names <= set(types_by_name(extract(entity_extractor, text)))


def test_a_name_ending_in_an_event_word_is_an_event(entity_extractor):
    extraction = extract(entity_extractor, "Vigils recalled the Tiananmen Square Massacre.")
    assert types_by_name(extraction).get("Tiananmen Square Massacre") == "Event"


def test_a_places_possessive_is_split_from_the_name_after_it(entity_extractor):
    extraction = extract(
        entity_extractor, "Lawyers went to the District of Columbia's Court of Appeals."
    )
    found = types_by_name(extraction)
    assert found.get("Court of Appeals") == "Organization"
    assert found.get("District of Columbia") == "Location"


def test_initials_tagged_apart_from_a_name_join_it(extractor):
    extraction = extract(extractor, "Prices fell, said Jan Roe, an economist with MM Kestrelburg.")
    assert "MM Kestrelburg" in types_by_name(extraction)


def test_an_organization_word_and_the_place_after_its_of_are_one_name(extractor):
    extraction = extract(
        extractor,
        "Past winners include Royal Bank of Scotland chief executive Fred Hale and Jane Roe.",
    )
    assert "Royal Bank of Scotland" in types_by_name(extraction)
    assert ("Fred Hale", "WORKS_FOR", "Royal Bank of Scotland") in relations(extraction)


def test_a_title_cut_at_of_the_is_one_name(entity_extractor):
    names = types_by_name(
        extract(
            entity_extractor,
            "Kate Hale won praise for her lead role in Velvet Harvest of the Iron Tower, "
            "the critics said.",
        )
    )
    assert "Velvet Harvest of the Iron Tower" in names
    assert "Velvet Harvest" not in names


def test_a_title_cut_at_of_the_ends_before_an_and_that_opens_another_title():
    doc = spacy.blank("en")("Nominees are Velvet Harvest of the Iron Tower and Silent Kestrel.")
    spans = [Span(doc, 2, 4, label="ORG"), Span(doc, 5, 11, label="FAC")]
    joined = join_split_names(doc, spans)
    assert [(s.text, s.label_) for s in joined] == [
        ("Velvet Harvest of the Iron Tower", "ORG"),
        ("Silent Kestrel", "FAC"),
    ]
    # a place after "of the" is another name ("General Motors of the US")
    doc = spacy.blank("en")("Kestrel Motors of the United States said so.")
    spans = [Span(doc, 0, 2, label="ORG"), Span(doc, 3, 6, label="GPE")]
    assert [s.text for s in join_split_names(doc, spans)] == ["Kestrel Motors", "the United States"]


def test_a_place_right_after_a_broadcasters_radio_is_part_of_its_name(extractor):
    extraction = extract(extractor, "BBC Radio Scotland presenter Tom Hale said it was fun.")
    assert types_by_name(extraction).get("BBC Radio Scotland") == "Organization"
    assert ("Tom Hale", "WORKS_FOR", "BBC Radio Scotland") in relations(extraction)
    apart = extract(extractor, "The BBC Radio in Scotland was praised.")
    assert types_by_name(apart).get("Scotland") == "Location"


def test_a_ship_named_before_aircraft_carrier_or_destroyer_is_a_product(entity_extractor):
    types = types_by_name(
        extract(
            entity_extractor,
            "The USS Harlan Voss aircraft carrier sailed into the bay, "
            "joined by the USS Mirren destroyer.",
        )
    )
    assert types.get("USS Harlan Voss") == "Product"
    assert types.get("USS Mirren") == "Product"


def test_a_personal_pronoun_after_a_one_word_subject_votes_person(entity_extractor):
    text = "Oyelaran later sent envoys abroad in his second year."
    kind, why = type_and_cues(entity_extractor, text, "Oyelaran")
    assert kind == "Person"
    assert "subject of '... his'" in why
    # another name between them may be the one the pronoun stands for
    other = extract(entity_extractor, "Oyelaran later sent Tom Hale abroad in his second year.")
    cues = [c for e in other.entities if e.name == "Oyelaran" for c in e.type_cues]
    assert "subject of '... his'" not in cues


@pytest.mark.parametrize(
    ("text", "name", "expected", "cue"),
    [
        # the verb a name is the subject of: only people die, marry, retire or live somewhere
        ("Okonkwo, whose novels sold widely, died in Lagos on Sunday.", "Okonkwo", "Person",
         "subject of 'died'"),
        ("Ferreira now lives in Porto and teaches music.", "Ferreira", "Person",
         "subject of 'lives'"),
        # an organization is founded, even one the model calls a person
        ("Sonic Jar was founded by two students in 1999.", "Sonic Jar", "Organization",
         "subject of '... founded'"),
        # a founder founds an organization
        ("Tom Hale, a co-founder of Blinkor, spoke first.", "Blinkor", "Organization",
         "after 'co-founder of'"),
        # a musician's title after a name: a band, but a place's guitarist is from there
        ("Blinkor Band guitarist Tom Hale said so.", "Blinkor Band", "Organization",
         "before 'guitarist'"),
        ("Bristol guitarist Tom Hale said so.", "Bristol", "Location", "place (city)"),
        # a hyphenated title is one word: the name before it holds the post
        ("\"Prices are rising,\" said Blinkor vice-director Tom Hale, in a statement.",
         "Blinkor", "Organization", "before 'vice-director'"),
        # "chief executive" before a name is a person's title; "telco" and "band" describe bodies
        ("Investors cheered when Varnsk Mining chief executive Orrin Talbot resigned.",
         "Orrin Talbot", "Person", "title 'chief executive'"),
        ("Utility telco Volcom is serious about fibre.", "Volcom", "Organization",
         "after 'telco'"),
        ("Dublin band Paper Lanterns have won an award for their tour.", "Paper Lanterns",
         "Organization", "after 'band'"),
        # ", who is" and an age in apposition say a person
        ("Mr Holt met Varga, who now runs a bakery.", "Varga", "Person",
         "', who' and a singular verb after it"),
        ("Halvorsen, 45, was found guilty of the scheme.", "Halvorsen", "Person",
         "an age after it"),
        ("Ten-year-old Marna Velsk has joined the cast.", "Marna Velsk", "Person",
         "an age before it"),
        # a plural verb after a name alone: a band, a side or a firm, never a person
        ("Rosa Kestrel are touring America this spring. Rosa Kestrel have sold a million "
         "albums.", "Rosa Kestrel", "Organization", "subject of the plural 'are'"),
        # a trade's agent noun the tagger takes for a verb still names the firm
        ("Prices rose, said housebuilder Harold Talvaro and lender Norvik Mutual.",
         "Harold Talvaro", "Organization", "after 'housebuilder'"),
        # a plural firm word right before a list's first name outweighs a first name
        ("Shares in construction companies Dewi Pratama and Norvik Semen rose on Monday.",
         "Dewi Pratama", "Organization", "after 'companies'"),
        # a middle initial between two names is a person's
        ("The film stars Hunter P Norvik as a reporter.", "Hunter P Norvik", "Person",
         "a middle initial"),
        # the last word of a body's name
        ("Ann Tolley of the Forest Service said the fire was out.", "Forest Service",
         "Organization", "organization word 'service'"),
        ("Shares in Kestrel Dairy fell on Monday.", "Kestrel Dairy", "Organization",
         "organization word 'dairy'"),
        # a product's name before its kind ("the Norvik personal video recorder")
        ("The Norvik personal video recorder made the list.", "Norvik", "Product",
         "before 'recorder'"),
        # a nation's word of two words opens with no first name ("Sri" is one)
        ("Many Sri Lankans have moved to the coast.", "Sri Lankans", "Group",
         "'the Sri Lankans'"),
        ("Shares in Kestrel Holdings, a Sri Lankan shipping firm, fell.", "Sri Lankan",
         "Group", "a nationality before a noun"),
    ],
)  # fmt: skip
def test_a_cue_around_a_name_votes_its_type(entity_extractor, text, name, expected, cue):
    kind, why = type_and_cues(entity_extractor, text, name)
    assert kind == expected
    assert cue in why


def test_a_plural_verb_after_two_names_or_a_place_says_no_organization(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Tom Hale and Ann Tolley are touring America. Scotland are top of the table.",
    )
    cues = [c for e in extraction.entities for c in e.type_cues]
    assert not any("plural" in c for c in cues)
    assert types_by_name(extraction)["Tom Hale"] == "Person"


def test_who_with_a_plural_verb_does_not_say_a_person(entity_extractor):
    extraction = extract(
        entity_extractor, "They drew with Kestrel Rovers, who are top of the league."
    )
    cues = [c for e in extraction.entities for c in e.type_cues]
    assert not any("who" in c for c in cues)


def test_harbours_shipyards_and_plural_place_words_type_a_place(entity_extractor):
    def types(text: str) -> dict[str, str]:
        return types_by_name(extract(entity_extractor, text))

    assert types("The fleet sank at Varnby Harbor in 1942.").get("Varnby Harbor") == "Location"
    assert types("The rally was held at the Karsk Shipyard in Gdansk.").get("Karsk Shipyard") == (
        "Facility"
    )
    assert types("Police in Umbria and Lazio provinces made arrests.").get("Lazio") == "Location"


def test_a_name_before_a_title_of_several_words_and_a_persons_name_is_the_employer(extractor):
    extraction = extract(
        extractor, "The award went to Kestrel Theatre artistic director Jane Roe on Monday."
    )
    assert types_by_name(extraction)["Kestrel Theatre"] == "Organization"
    assert ("Jane Roe", "WORKS_FOR", "Kestrel Theatre") in relations(extraction)


def test_a_reporting_verb_opening_the_sentence_is_not_part_of_a_places_name(extractor):
    extraction = extract(extractor, 'Said Norway assistant coach Tom Hale: "He will be fit."')
    assert "Norway" in types_by_name(extraction)
    # "Said" is a first name as well: before a name that is no place it stays
    assert "Said Musa" in types_by_name(extract(extractor, "Said Musa won the election."))


def test_the_bidder_in_a_takeover_is_an_organization_unless_named_as_a_person(extractor):
    found = types_by_name(
        extract(extractor, "Brightwater Stone agreed to a takeover by Kestrel Cement.")
    )
    assert found["Kestrel Cement"] == "Organization"
    found = types_by_name(extract(extractor, "Kestrel United rejected a takeover bid by Tom Hale."))
    assert found["Tom Hale"] == "Person"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the other side of a deal or a contract
        ("Last year Tom Hale signed a deal with Harper Lowe.", "Harper Lowe"),
        # "Bros" and "Brothers" end an organization's name
        ("Tom Hale now races for Warner Bros.", "Warner Bros."),
        # "which" after a name the model took for a person's
        ("Analysts say Rockstar, which makes the game, earned millions.", "Rockstar"),
    ],
)
def test_words_around_a_name_say_it_is_an_organization(extractor, text, name):
    assert types_by_name(extract(extractor, text))[name] == "Organization"


def test_a_known_place_after_deal_with_and_a_character_before_which_keep_their_types(extractor):
    found = types_by_name(extract(extractor, "Britain signed a trade deal with China on Monday."))
    assert found["China"] == "Location"
    found = types_by_name(
        extract(extractor, "Tom Hale plays the cult leader Ann Roe, which suits him.")
    )
    assert found["Ann Roe"] == "Person"


def test_a_work_named_in_apposition_with_its_kind_or_after_author_of_is_a_publication(extractor):
    found = types_by_name(
        extract(extractor, "Silver Water, the new novel by Tom Hale, was published on Monday.")
    )
    assert found["Silver Water"] == "Publication"
    # "..., spoke at the festival": a clause, not an apposition naming an event
    found = types_by_name(
        extract(extractor, "Tom Hale, author of Silver Water, spoke at the festival.")
    )
    assert found["Silver Water"] == "Publication"


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("Kestrel Lowe, which is the biggest bank in Leeds, cut rates.", "bank"),
        ("Kestrel Lowe, the state-owned lender, cut rates.", "lender"),
        ("Kestrel Lowe, spoke at the festival.", None),
        ("Kestrel Lowe, Oslo and Leeds banks cut rates.", None),
    ],
)
def test_the_noun_of_an_apposition_after_a_name(extractor, text, noun):
    doc = extractor.nlp(text)
    found = apposition_noun(doc, 2)
    assert (found.lower_ if found is not None else None) == noun


def test_a_partys_adjective_the_model_left_untagged_before_a_title_is_the_party(extractor):
    extraction = extract(
        extractor, "The plan was praised, as did Conservative leader Tom Hale on Monday."
    )
    assert ("Tom Hale", "MEMBER_OF", "Conservative Party") in relations(extraction)
    # an adjective that names no organization stays out
    extraction = extract(extractor, "The plan was praised by Senior leader Tom Hale on Monday.")
    assert not any(r[1] == "MEMBER_OF" for r in relations(extraction))


def test_an_act_before_a_name_is_a_band_but_the_verb_act_says_nothing(extractor):
    found = types_by_name(
        extract(extractor, "The chart is led by US act Kestrel Sisters this week.")
    )
    assert found["Kestrel Sisters"] == "Organization"
    found = types_by_name(extract(extractor, "Tom Hale will act Kestrel in the play."))
    assert found["Kestrel"] != "Organization"


def test_a_musician_named_as_a_bands_own_in_a_story_about_records_is_its_member(extractor):
    """ "Kestrels' Tom Hale" in a story about records: the band's musician, a member; a
    label's ("Norvik Records'", "EMI's") employs its people."""
    extraction = extract(
        extractor,
        "The band played two new songs from their album at the gig. Fans cheered when "
        "Kestrels' Tom Hale came on. Norvik Records' Ann Tolley said the single would sell. "
        "EMI's Jack Birch agreed.",
    )
    found = relations(extraction)
    assert ("Tom Hale", "MEMBER_OF", "Kestrels") in found
    assert ("Tom Hale", "WORKS_FOR", "Kestrels") not in found
    assert ("Ann Tolley", "WORKS_FOR", "Norvik Records") in found
    assert ("Jack Birch", "WORKS_FOR", "EMI") in found


def test_a_newspaper_named_by_one_generic_word_after_a_capital_the_is_kept(extractor):
    extraction = extract(extractor, "Readers trust The Times' film reviewer Tom Hale.")
    assert ("Tom Hale", "WORKS_FOR", "The Times") in relations(extraction)
    # a generic word after "The" that names no newspaper stays out
    assert "The Office" not in types_by_name(
        extract(extractor, "Tom Hale thanked The Office staff for the party.")
    )


# A story about films (three screen words or more) that lists nominees with their films.
_NOMINEES = (
    "The film awards will be handed out at a London cinema on Sunday. Nominees for best "
    "actress include Ann Tolley (Kestrel Lane) and Jane Roe (Harwick Road), while the actor "
    "Tom Hale (Jack Birch) plays the lead in Norvik. The films were chosen by a jury."
)


def test_a_name_in_brackets_after_a_nominee_is_the_work(entity_extractor):
    types = types_by_name(extract(entity_extractor, _NOMINEES))
    assert types.get("Kestrel Lane") == "Publication"
    assert types.get("Ann Tolley") == "Person"
    # a person's name in brackets is the character's player, not a work
    assert types.get("Jack Birch") == "Person"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name after a nominee and "for"
        (
            "The film awards shortlist is out and movie fans at the cinema are excited. Jane "
            "Roe is up for the best director award, alongside Tom Hale for Kestrel Nights and "
            "Ian Holt for Blind Norvik.",
            {"Kestrel Nights": "Publication", "Blind Norvik": "Publication"},
        ),
        # a title after the possessive of a person named in full; a name with a body's word
        # in it stays a body
        (
            "Critics loved director Tom Hale's Broken Harbour Road, which took $20m at "
            "cinemas. The film stars Ann Tolley. Tom Hale's Kestrel Holdings paid for the film.",
            {"Broken Harbour Road": "Publication", "Kestrel Holdings": "Organization"},
        ),
    ],
)
def test_a_work_named_with_its_maker_in_a_story_about_films(entity_extractor, text, expected):
    types = types_by_name(extract(entity_extractor, text))
    assert {name: types.get(name) for name in expected} == expected


def test_a_known_place_the_model_left_untagged_after_in_is_a_place(entity_extractor):
    text = "A spokeswoman for the Kestrel Shopping Centre in Cardiff said it was busy."
    assert types_by_name(extract(entity_extractor, text)).get("Cardiff") == "Location"
    # only after a preposition of place, and only a whole run of name words
    text = "House prices in Orange Talvaro rose while Cardiff Blues lost."
    types = types_by_name(extract(entity_extractor, text))
    assert "Orange" not in types and "Cardiff" not in types
    # a county the tagger took for a common noun, before a dash that opens an aside
    text = "The summit in Kestrelmoor in Perthshire - chaired by the prime minister - ended."
    assert types_by_name(extract(entity_extractor, text)).get("Perthshire") == "Location"
    # a capital named after the word
    text = "Jack Birch, a journalist based in the Cameroon capital Yaounde, said so."
    assert types_by_name(extract(entity_extractor, text)).get("Yaounde") == "Location"


@pytest.mark.parametrize(
    "text",
    [
        # untagged, and opening the sentence
        "Yorkshire businessman Tom Hale bought the club last year.",
        # read by the model as a person's name
        "Much of the money came from Yorkshire millionaire Tom Hale.",
        # after words that would say "organization" of the name the firm's word precedes
        "Shares in Lancashire firm Kestrel Dairies rose sharply.",
        # the name set beside the firm's word, in a later sentence
        "Jobs were lost. The Yorkshire firm Kestrel Dairies said sales fell.",
        # before a kind of place and the place's name
        "The fire spread in the Yorkshire village of Kestrelby.",
        "The Lancashire town of Harwick voted against the plan.",
    ],
)
def test_a_county_before_a_business_or_a_resident_is_a_place(entity_extractor, text):
    county = "Yorkshire" if "Yorkshire" in text else "Lancashire"
    assert types_by_name(extract(entity_extractor, text)).get(county) == "Location"


def test_a_county_that_names_a_side_stays_the_side(entity_extractor):
    text = "Lancashire duo Tom Hale and Jack Birch were left out as Yorkshire beat Kent by 20 runs."
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Lancashire") != "Location" and types.get("Yorkshire") != "Location"


def test_plural_people_of_a_nation_are_a_group(entity_extractor):
    text = "The envoy said some Pakistanis should take part more."
    assert types_by_name(extract(entity_extractor, text)).get("Pakistanis") == "Group"


def test_a_lone_organization_word_before_minister_is_a_portfolio(entity_extractor):
    text = "The freeze is not needed, Economics Minister Tom Hale has said."
    assert "Economics" not in types_by_name(extract(entity_extractor, text))


_TENNIS = (
    "Top seed Ian Holt will meet France's Jack Birch in the semi-final. The second seed "
    "won in straight sets after a tie-break, while the third seed faces Norway's Ann "
    "Tolley in the final match of the tournament."
)
_RUGBY = (
    "The coach praised France's Jack Birch after the match. The fly-half kicked two "
    "penalties as the side won the league game, and the scrum was solid all season."
)
_TENNIS_OPPONENT = (
    "Top seed Ian Holt lost to Kestrelova in the semi-final. The second seed won in "
    "straight sets after a tie-break, and the third seed plays in the final of the "
    "tournament."
)

_SETS_OPPONENT = (
    "Ann Tolley, beaten 6-3 6-4 by Varnova in the final in Madrid last year, wants revenge "
    "in the tournament."
)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # in tennis a country before an athlete is a nationality; in rugby, the side
        (_TENNIS, "France", "Location"),
        (_RUGBY, "France", "Organization"),
        # in tennis a name after a match word is the opponent
        (_TENNIS_OPPONENT, "Kestrelova", "Person"),
        # the scores of sets between the match word and the name: a player too, in a
        # story about sport that names no sport of athletes
        (_SETS_OPPONENT, "Varnova", "Person"),
    ],
)
def test_names_around_athletes_by_the_sport(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text)).get(name) == expected


def test_a_name_after_a_persons_age_and_from_is_a_place(entity_extractor):
    text = "Tom Hale, 46, from Harwich, said he was shocked by the crash."
    assert types_by_name(extract(entity_extractor, text)).get("Harwich") == "Location"


def test_a_place_offered_as_one_side_of_a_cup_tie_is_a_team(entity_extractor):
    text = (
        "Draw for the fifth round of the cup, with the matches to be played next month:\n\n"
        "Derby or Hull v Leeds or Bristol\n\n"
        "The league leaders face the champions in the final of the tournament after the "
        "semi-final penalties."
    )
    assert types_by_name(extract(entity_extractor, text)).get("Bristol") == "Organization"


def test_a_places_match_or_pack_in_a_story_about_sport_is_its_side(entity_extractor):
    text = (
        "Rugby union: the Six Nations match was tight, and the coach praised the fly-half and "
        "the scrum-half for the try. The star of Norway's win over Kestrel United in Oslo is fit."
    )
    assert types_by_name(extract(entity_extractor, text)).get("Norway") == "Organization"
    # a player whose surname is a town's plays his own game
    text = (
        "Football: the striker and the midfielder scored in the match, and the coach praised "
        "the keeper. Tom Davenport signed a new deal. Davenport's game has improved, the "
        "manager said."
    )
    assert types_by_name(extract(entity_extractor, text)) == {"Tom Davenport": "Person"}
    # at a tennis tournament no place plays as a side
    text = (
        "Tennis: Jane Roe won the singles final at the tournament after the seed lost a set. "
        "Davenport's game collapsed in the second set."
    )
    assert types_by_name(extract(entity_extractor, text)).get("Davenport") != "Organization"


def test_countries_a_story_of_national_sides_never_calls_places_are_sides(entity_extractor):
    text = (
        "Rugby union: Norway coach Tom Hale praised the fly-half and the scrum-half after the "
        "try. Norway have lost against Finland, Iceland and Denmark this season. The tour to "
        "Sweden starts in May, and Hale was born in Estonia. We will worry about Latvia later. "
        "Hale lives in Vilnius, Lithuania. The side trains in Poland and Belarus."
    )
    types = types_by_name(extract(entity_extractor, text))
    # the later items of a list after "against", and a country named in passing
    assert {name: types[name] for name in ("Iceland", "Denmark", "Latvia")} == dict.fromkeys(
        ("Iceland", "Denmark", "Latvia"), "Organization"
    )
    # where the team travels and trains, where its coach was born and lives stay places
    assert types["Sweden"] == "Location"
    assert types["Estonia"] == "Location"
    assert types["Lithuania"] == "Location"
    assert types["Belarus"] == "Location"
    # with no country called a side, a country is the place
    text = (
        "Rugby union: the coach praised the fly-half and the scrum-half after the try. "
        "We will worry about Latvia later."
    )
    assert types_by_name(extract(entity_extractor, text))["Latvia"] == "Location"


def test_a_club_and_one_sport_word_make_a_short_story_about_sport(entity_extractor):
    # one sentence: "match" and the club "Chelsea" say sport, so "Barcelona" before a
    # player's word is the club, not the city
    text = "Barcelona star Tom Hale said Chelsea would be a tough test in the match on Sunday."
    extraction = extract(entity_extractor, text)
    assert types_by_name(extraction).get("Barcelona") == "Organization"


def test_a_governing_bodys_short_name_is_a_sport_word(entity_extractor):
    # "FA" and "referee": a story about sport, where a place's player is its club's
    text = "Southampton's Tom Hale faces an FA charge after a clash with the referee."
    extraction = extract(entity_extractor, text)
    assert types_by_name(extraction).get("Southampton") == "Organization"


def test_adjectives_inside_a_name_are_proper_nouns():
    import spacy
    from spacy.tokens import Doc

    from threadline.ingest.name_words import tag_name_words

    words = ["His", "Arsenal", "team", "-", "mate", "Tom", "Hale", "is", "Russian", "."]
    pos = ["PRON", "ADJ", "NOUN", "PUNCT", "NOUN", "PROPN", "PROPN", "AUX", "ADJ", "PUNCT"]
    ents = ["O", "B-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-NORP", "O"]
    doc = tag_name_words(Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=ents))
    # the club's name is a proper noun; a nationality keeps its adjective
    assert [t.pos_ for t in doc] == [
        "PRON", "PROPN", "NOUN", "PUNCT", "NOUN", "PROPN", "PROPN", "AUX", "ADJ", "PUNCT"
    ]  # fmt: skip
    assert doc[1].tag_ == "NNP"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place taking a plural match verb, and the place it plays: both sides
        (
            "Tom Hale says there is no chance of a repeat when Leeds take on Barcelona today.",
            {"Leeds": "Organization", "Barcelona": "Organization"},
        ),
        # a country takes a singular verb: no side, and no match
        ("Russia faces Ukraine in talks.", {"Russia": "Location", "Ukraine": "Location"}),
    ],
)
def test_places_that_play_a_match_are_sides_in_any_story(entity_extractor, text, expected):
    types = types_by_name(extract(entity_extractor, text))
    assert {name: types.get(name) for name in expected} == expected


def test_two_fields_joined_before_secretary_are_a_portfolio(entity_extractor):
    text = "Trade and Industry Secretary Ann Tolley backed the plan."
    assert "Trade and Industry" not in types_by_name(extract(entity_extractor, text))


def test_a_rivals_surname_after_lost_to_stays_the_player_named_in_full(entity_extractor):
    text = (
        "Jack Birch came from a set down to beat British rival Greg Harwin in the tournament "
        "final on Tuesday. Birch had lost to Harwin in their last meeting in the Davis Cup. The "
        "win over Harwin sets up a match against Ann Tolley."
    )
    types = types_by_name(extract(entity_extractor, text))
    assert types.get("Greg Harwin") == "Person"
    assert "Harwin" not in types


def test_a_rival_firm_stays_a_firm(entity_extractor):
    text = "Kestrel Bank lost market share to rival Harwick last year."
    assert types_by_name(extract(entity_extractor, text)).get("Harwick") == "Organization"


def test_a_name_before_and_a_title_that_opens_a_persons_name_is_no_organization(
    entity_extractor,
):
    # the title after "and" is the next person's, not shared with the name before it
    text = "Talvaro and England captain Tom Hale signed the shirts."
    kind, why = type_and_cues(entity_extractor, text, "Talvaro")
    assert kind == "Person"
    assert not any("captain" in cue for cue in why)


def test_a_nations_people_of_two_words_are_no_untagged_persons_name(extractor):
    # "Sri" is a common first name; the run the model left untagged names a nation's people
    types = types_by_name(extract(extractor, "Some 2,000 Sri Lankans work at the Kestrel plant."))
    assert "Kestrel" in types
    assert types.get("Sri Lankans") not in ("Person", "Organization")


def test_a_nations_adjective_before_a_bodys_name_is_part_of_it(extractor):
    # the model tags the first "British" as a people and "Library" as a person's name
    text = (
        "Readers at the British Library can now borrow e-books from home. Staff said most "
        "readers at the Library had asked for it. Ann Tolley, chief executive of the British "
        "Library, welcomed the change."
    )
    extraction = extract(extractor, text)
    assert "British" not in types_by_name(extraction)
    library = next(e for e in extraction.entities if e.name == "British Library")
    assert library.type == "Organization"
    assert [m.text for m in library.mentions] == ["British Library", "Library", "British Library"]
    assert ("Ann Tolley", "WORKS_FOR", "British Library") in relations(extraction)


def test_a_nations_adjective_before_a_state_bodys_word_is_its_name(extractor):
    # the model tags the adjective as a people and leaves "Executive" and "Cabinet"
    # untagged, or tags "Navy" alone
    text = (
        "The Norwegian Executive will not merge the two services. Jack Birch, a Norwegian "
        "Executive minister, said the plan was sound. The Irish Cabinet met on Monday and "
        "the German Navy sent two ships to the Norvik Museum."
    )
    extraction = extract(extractor, text)
    types = types_by_name(extraction)
    bodies = ("Norwegian Executive", "Irish Cabinet", "German Navy")
    assert {types.get(name) for name in bodies} == {"Organization"}
    assert not {"Norwegian", "Irish", "German"} & set(types)
    assert ("Jack Birch", "WORKS_FOR", "Norwegian Executive") in relations(extraction)
    # the word must end the name: a museum named after a navy is no navy
    text = "He visited the British Army Museum in Harwick."
    assert "British Army" not in types_by_name(extract(extractor, text))


def test_a_word_no_people_goes_by_is_no_peoples_name(extractor):
    # the model tags the made-up name as a people's; a nation's, a faith's and a
    # movement's words stay peoples'
    text = (
        "Brixian shares fell after Brixian said profits were down. Kyrgyz officials, "
        "Serbs, Catholics and Communists were among the buyers, and Crimean officials "
        "stayed away."
    )
    types = types_by_name(extract(extractor, text))
    assert types["Brixian"] == "Organization"
    peoples = ("Kyrgyz", "Serbs", "Catholics", "Communists", "Crimean")
    assert {types[name] for name in peoples} == {"Group"}


def test_a_name_after_its_product_is_a_product(entity_extractor):
    text = "Kestrel Pharma has defended the safety of its product Zelvarin."
    assert type_and_cues(entity_extractor, text, "Zelvarin") == ("Product", ["after 'product'"])


def test_player_after_a_peoples_word_or_a_name_cues_a_person(nlp):
    from threadline.ingest.entity_rules import EntityRules
    from threadline.ingest.type_cues import person_cue

    rules = EntityRules.load()
    doc = nlp("The Korean player Min-Jun Parkvale reached the final.")
    start = next(t.i for t in doc if t.text == "Min")
    end = next(t.i for t in doc if t.text == "Parkvale") + 1
    assert person_cue(doc, start, end, rules)
    # not after a lowercase word: "a key player Kestrel" may be a firm
    doc = nlp("Analysts call it a key player Kestrel Systems in the market.")
    start = next(t.i for t in doc if t.text == "Kestrel")
    assert not person_cue(doc, start, start + 2, rules)


@pytest.mark.parametrize(
    ("text", "town", "cue"),
    [
        # a town of the place list, too small to outweigh the model's label alone
        (
            "A retired teacher from Camberley, Surrey, won the village prize.",
            "Camberley",
            "followed by the place that contains it",
        ),
        ("Two teenagers, both from Keighley, were praised by the judges.", "Keighley", None),
        ("A woman from Dewsbury has won the lottery twice.", "Dewsbury", None),
    ],
)
def test_a_small_town_is_a_place_by_who_comes_from_it_or_its_county(
    entity_extractor, text: str, town: str, cue: str | None
):
    found, cues = type_and_cues(entity_extractor, text, town)
    assert found == "Location"
    assert cue is None or cue in cues


def test_people_from_a_name_unknown_as_a_place_leave_it_a_body(entity_extractor):
    text = "A woman from Kestrel said the deal was off."
    assert type_and_cues(entity_extractor, text, "Kestrel")[0] == "Organization"


def test_a_bodys_general_secretary_makes_it_a_body(extractor):
    text = (
        "The Harwick Managers' Forum (HMF) backs the plan. "
        'The HMF\'s general secretary Tom Hale said: "It is fine."'
    )
    extraction = extract(extractor, text)
    assert types_by_name(extraction)["Harwick Managers' Forum"] == "Organization"
    assert ("Tom Hale", "WORKS_FOR", "Harwick Managers' Forum") in relations(extraction)
    # a person's secretary says nothing of a body
    text = "Later, Grayson's secretary Ann Tolley said it was fine."
    assert types_by_name(extract(extractor, text))["Grayson"] == "Person"


def test_who_speaks_after_a_comma_and_before_a_colon_is_no_renamed_newspaper(entity_extractor):
    text = 'Speaking to the Kestrel Herald newspaper, Tom Hale added: "That is smart."'
    person = next(e for e in extract(entity_extractor, text).entities if e.name == "Tom Hale")
    assert person.type == "Person"
    assert "Organization" not in person.type_votes


def test_the_law_lords_are_a_court_not_a_person(entity_extractor):
    text = "The Law Lords ruled that the detention was unlawful."
    assert type_and_cues(entity_extractor, text, "Law Lords")[0] == "Organization"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a person named by a nation of two words is no name of their own
        ("It was over, said the New Zealander.", "New Zealander", "Group"),
        # a nation's noun of two words run into a person's name is cut off it
        ("The side is coached by New Zealander Jason Hale, who is 58.", "Jason Hale", "Person"),
    ],
)
def test_a_nations_words_of_two_words_name_no_one(entity_extractor, text, name, expected):
    assert types_by_name(extract(entity_extractor, text))[name] == expected


def test_a_firm_after_a_less_regular_nationality_lies_in_its_country(extractor):
    text = "Shares in Argentine firm Kestrel Foods fell."
    assert ("Kestrel Foods", "LOCATED_IN", "Argentina") in relations(extract(extractor, text))
