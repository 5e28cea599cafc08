"""Gazetteer, in-document aliases and coreference, with the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction_views import extract

from threadline.config import Config
from threadline.graph.model import Extraction
from threadline.graph.ontology import Ontology
from threadline.ingest.extract import Extractor
from threadline.ingest.gazetteer import Gazetteer


def entity(extraction: Extraction, name: str):
    for e in extraction.entities:
        if e.name == name:
            return e
    raise AssertionError(f"{name!r} not among {sorted(e.name for e in extraction.entities)}")


def mention_texts(e) -> list[str]:
    return [m.text for m in e.mentions]


def test_gazetteer_aliases_map_onto_one_entity(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The Communist Party of China held a plenum. Critics say the CCP tightened control, "
        "and the Chinese Communist Party denied it.",
    )
    party = entity(extraction, "Chinese Communist Party")
    assert party.type == "Organization"
    assert len(party.mentions) == 3
    assert "CCP" in party.aliases


def test_gazetteer_entries_win_over_the_model(tmp_path: Path):
    gazetteer = tmp_path / "known.yaml"
    gazetteer.write_text(
        "- name: Blue Heron Logistics\n  type: Organization\n  aliases: [Blue Heron Freight]\n",
        "utf-8",
    )
    config = Config.model_validate({"nlp": {"gazetteers": [str(gazetteer)]}})
    extractor = Extractor(config, Ontology.load(), relations=False)
    extraction = extract(extractor, "Blue Heron Freight moved the cargo to Rotterdam.")
    heron = entity(extraction, "Blue Heron Logistics")
    assert heron.type == "Organization"
    assert mention_texts(heron) == ["Blue Heron Freight"]
    assert (
        extractor.fingerprint != Extractor(Config(), Ontology.load(), relations=False).fingerprint
    )


def test_gazetteer_file_errors_name_the_file(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: No Type Here\n", "utf-8")
    try:
        Gazetteer.load([bad])
    except Exception as exc:
        assert "bad.yaml" in str(exc) and "type" in str(exc)
    else:
        raise AssertionError("a gazetteer entry without a type must be refused")


def test_acronym_in_parentheses_resolves_later_uses(entity_extractor):
    text = (
        "The Association for Rural Water Supply (ARWS) opened an office in Nairobi. "
        "Last year ARWS received new funding, and ARWS staff visited Kisumu."
    )
    extraction = extract(entity_extractor, text)
    full = entity(extraction, "Association for Rural Water Supply")
    assert "ARWS" in full.aliases
    assert mention_texts(full).count("ARWS") == 3
    assert not any(e.name == "ARWS" for e in extraction.entities)


def test_a_surname_the_model_left_untagged_opening_a_sentence_is_the_person_named_in_full(
    entity_extractor,
):
    text = (
        "Ann Bening, 46, is to receive the prize. "
        "Bening, who was born in Texas in 1958, has gained prominence for her roles."
    )
    extraction = extract(entity_extractor, text)
    assert mention_texts(entity(extraction, "Ann Bening")) == ["Ann Bening", "Bening"]
    # not a surname two persons here share
    shared = extract(entity_extractor, "Ann Bening met Tom Bening. " + text.split(". ")[1])
    assert not any(m.text == "Bening" for e in shared.entities for m in e.mentions)


def test_a_team_in_parentheses_after_each_name_of_a_list_is_no_alias(entity_extractor):
    text = (
        "England: J Hale (Kestrel Sharks, capt); M Holt (Kestrel Sharks), J Birch (Newcastle); "
        "C Tolley (Kestrel Sharks), H Okafor (Leicester)."
    )
    extraction = extract(entity_extractor, text)
    for e in extraction.entities:
        assert "Kestrel Sharks" not in e.aliases, e.name
    # The same acronym after the same name twice stays an alias.
    repeated = extract(
        entity_extractor,
        "The Financial Conduct Board (FCB) said so. Later the Financial Conduct Board (FCB) "
        "added more. The FCB is strict.",
    )
    assert "FCB" in entity(repeated, "Financial Conduct Board").aliases


def test_a_bracketed_name_unlike_the_name_before_it_is_no_alias(entity_extractor):
    # A club or a play in brackets after a name the model did not call a person's.
    extraction = extract(
        entity_extractor, "The best actor is Kestrel Birch (Harwick Players), who beat Ann Tolley."
    )
    for e in extraction.entities:
        assert "Harwick Players" not in e.aliases, e.name
    # A title in another language is another name of the same work.
    film = extract(entity_extractor, "In The Long Road (La Route Longue), Talvaro plays a teacher.")
    assert "La Route Longue" in entity(film, "The Long Road").aliases
    # A full name and its acronym, either way round, stay one entity.
    spelled = extract(entity_extractor, "Shares in NTU (Norvik Trade Union) rose.")
    assert any(
        "NTU" in (e.name, *e.aliases) and "Norvik Trade Union" in (e.name, *e.aliases)
        for e in spelled.entities
    )


def test_a_team_sheets_initials_are_persons_and_the_full_name_they_stand_for(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Norvania: R Hale; T Birch, A Masi, L Holt; L Okafor, A Tolley; P Kestrel (capt). "
        "Lena Okafor kicked two penalties, and Okafor was pleased.",
    )
    okafor = entity(extraction, "Lena Okafor")
    assert {"L Okafor", "Okafor"} <= set(okafor.aliases)
    for name in ("L Holt", "P Kestrel"):
        assert entity(extraction, name).type == "Person"
    assert "an initial and a surname" in entity(extraction, "L Holt").type_cues
    show = extract(entity_extractor, "The X Factor drew ten million viewers on Saturday.")
    assert all("an initial and a surname" not in e.type_cues for e in show.entities)


def test_the_minute_after_a_players_name_is_no_part_of_it(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Kestrel Rovers beat Norvik Town 2-1 in the league match on Saturday. The striker "
        "scored twice in the second half.\n\nHale, Birch, Tolley, Varga, Okafor (Marshall 73), "
        "Quint, Roe, Lund, Pike, Stone, Wren.\n\nBirch 35 og, Marshall 88.",
    )
    assert not any(e.name[-1].isdigit() for e in extraction.entities)
    marshall = entity(extraction, "Marshall")
    assert marshall.type == "Person"
    assert len(marshall.mentions) == 2


def test_a_line_up_inside_a_paragraph_of_the_report_is_a_team_sheet(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The striker scored twice in the league match and the penalty decided the cup tie. "
        '"It was a fantastic performance by us," the coach said. Kestrel Rovers: Hale, '
        "Birch, Tolley, Buxton, Okafor, Quint, Varga, Roe. Subs: Lund, Pike.",
    )
    for name in ("Buxton", "Okafor", "Varga"):
        assert entity(extraction, name).type == "Person"


def test_also_known_as_and_formerly_link_alternate_names(entity_extractor):
    text = (
        "The Hanseatic Technology Exchange Society (also known as Northern Transfer Centre) "
        "was founded in 1990 in Bremen. The Northern Transfer Centre hosts visiting engineers.\n\n"
        "Last year Meridian Steel Corporation, formerly Kestrel Steel Company, bought two plants in Ohio."
    )
    extraction = extract(entity_extractor, text)
    society = entity(extraction, "Hanseatic Technology Exchange Society")
    assert "Northern Transfer Centre" in society.aliases
    assert mention_texts(society).count("Northern Transfer Centre") == 2
    meridian = entity(extraction, "Meridian Steel Corporation")
    assert "Kestrel Steel Company" in meridian.aliases


def test_another_name_after_a_body_named_for_a_place_is_the_bodys(entity_extractor):
    text = (
        "The national alert service follows efforts in Norway. The National Alerting Service "
        "for Norway (aka Varsla Tjenesten) tells citizens of threats."
    )
    extraction = extract(entity_extractor, text)
    assert "Varsla Tjenesten" in entity(extraction, "National Alerting Service").aliases
    assert entity(extraction, "Norway").aliases == []


def test_a_real_name_in_an_aside_between_dashes_is_an_alias(entity_extractor):
    text = (
        "The rapper Kestrel Dogg - real name Tom Hale - denied the claims. Tom Hale left the court."
    )
    extraction = extract(entity_extractor, text)
    assert [e.name for e in extraction.entities] == ["Kestrel Dogg"]
    assert "Tom Hale" in entity(extraction, "Kestrel Dogg").aliases


def test_short_names_resolve_to_the_full_person(entity_extractor):
    text = (
        "Prosecutors charged Marcus Delacroix, a former engineer, on Tuesday. "
        "Delacroix denied the charges. His lawyer said Delacroix would appeal."
    )
    extraction = extract(entity_extractor, text)
    person = entity(extraction, "Marcus Delacroix")
    assert person.type == "Person"
    assert mention_texts(person).count("Delacroix") == 2
    assert not any(e.name == "Delacroix" for e in extraction.entities)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a surname the model calls a work
        ("Winger Tom Marlow scored twice on Saturday. The referee ruled that Marlow was offside.",
         "WORK_OF_ART"),
        # a name chanted by a crowd, which the model calls a people's
        ("Actor Tom Marlow was greeted by cries of Marlow from the crowd.", "NORP"),
    ],
)  # fmt: skip
def test_a_name_only_the_models_label_types_otherwise_is_the_person(
    nlp, entity_extractor, text, label
):
    doc = nlp(text)
    full, lone = text.index("Tom Marlow"), text.rindex("Marlow")
    doc.ents = [
        doc.char_span(full, full + len("Tom Marlow"), label="PERSON"),
        doc.char_span(lone, lone + len("Marlow"), label=label),  # the model's label
    ]
    found = entity_extractor._extract_doc(doc, 0).entities
    assert [(e.name, e.type, len(e.mentions)) for e in found] == [("Tom Marlow", "Person", 2)]


def test_a_nations_adjective_stays_apart_from_the_person_of_that_surname(entity_extractor):
    text = "Tom English spoke at the meeting. English teachers criticised the plan."
    names = {e.name: e.type for e in extract(entity_extractor, text).entities}
    assert names.get("English") == "Group" and names.get("Tom English") == "Person"


def test_a_work_its_words_call_one_stays_apart_from_the_person_of_its_name(entity_extractor):
    text = "Tom Halevy made his name in the theatre. The film Halevy tells his story."
    names = {e.name: e.type for e in extract(entity_extractor, text).entities}
    assert names.get("Halevy") == "Publication" and names.get("Tom Halevy") == "Person"


def test_reversed_names_are_one_person(entity_extractor):
    text = (
        "Records list Wang Lixin as the founder. Wang Lixin chaired the board in 2015. "
        "A later form spells the name Lixin Wang."
    )
    extraction = extract(entity_extractor, text)
    person = entity(extraction, "Wang Lixin")
    assert "Lixin Wang" in person.aliases


def test_ambiguous_short_names_stay_unresolved(entity_extractor):
    text = "Anna Keller met Thomas Keller in Zurich on Monday. Keller said the meeting went well."
    extraction = extract(entity_extractor, text)
    for name in ("Anna Keller", "Thomas Keller"):
        assert "Keller" not in mention_texts(entity(extraction, name))


def test_a_royals_one_name_is_no_short_name_of_another_person(entity_extractor):
    text = (
        "Prince Frederick and Ann Tolley will marry in April. Frederick said he was delighted. "
        "Liberal leader Frederick Birch sent his congratulations."
    )
    extraction = extract(entity_extractor, text)
    assert "Frederick" not in mention_texts(entity(extraction, "Frederick Birch"))
    assert entity(extraction, "Frederick").type == "Person"
    # ... unless the story styles the full name so too
    text = (
        "Foreign minister Prince Khalid bin Tamer met the envoy. Prince Khalid said talks "
        "went well."
    )
    assert "Khalid" in mention_texts(entity(extract(entity_extractor, text), "Khalid bin Tamer"))
    # a lower-case "king" is no style ("comeback king Birch" is the Tom Birch named before)
    text = "Tom Birch scored twice. Fans cheered comeback king Birch all day."
    assert "Birch" in mention_texts(entity(extract(entity_extractor, text), "Tom Birch"))


def test_definite_descriptions_resolve_to_the_nearest_matching_organization(entity_extractor):
    from threadline.ingest.linking import EntityLinker

    nlp = entity_extractor.nlp
    text = (
        "The Danube Growers Association signed a deal with Mirelli Foods. "
        "The association said the deal doubles exports."
    )
    doc = nlp(text)
    cleaner = entity_extractor._cleaner
    candidates, _ = cleaner.candidates(doc)
    doc_entities = EntityLinker(nlp.vocab).link(doc, candidates)
    the_association = next(
        t.i for t in doc if t.lower_ == "association" and doc[t.i - 1].lower_ == "the"
    )
    referent = doc_entities.entity_at(the_association)
    assert referent is not None and referent.name == "Danube Growers Association"
    # Descriptions point at entities; they are not mentions of names.
    assert "The association" not in [m.text for m in referent.mentions]


def test_descriptions_between_two_candidates_in_one_sentence_stay_unresolved(entity_extractor):
    from threadline.ingest.linking import EntityLinker

    nlp = entity_extractor.nlp
    text = (
        "The Lyon Chamber of Commerce and the Turin Chamber of Commerce signed an agreement. "
        "The chamber will host the first meeting."
    )
    doc = nlp(text)
    candidates, _ = entity_extractor._cleaner.candidates(doc)
    doc_entities = EntityLinker(nlp.vocab).link(doc, candidates)
    the_chamber = max(t.i for t in doc if t.lower_ == "chamber")
    assert doc_entities.entity_at(the_chamber) is None


def _referent_of(entity_extractor, text: str, word: str):
    from threadline.ingest.linking import EntityLinker

    nlp = entity_extractor.nlp
    doc = nlp(text)
    candidates, _ = entity_extractor._cleaner.candidates(doc)
    doc_entities = EntityLinker(nlp.vocab).link(doc, candidates)
    described = max(t.i for t in doc if t.lower_ == word and doc[t.i - 1].lower_ == "the")
    return doc_entities.entity_at(described)


def test_the_company_is_the_nearest_firm_whatever_its_names_last_word(entity_extractor):
    text = (
        "Kestrel Motors was fined by the Norvik Commission on Monday. "
        "Ann Tolley, a spokeswoman for the company, said costs rose."
    )
    referent = _referent_of(entity_extractor, text, "company")
    assert referent is not None and referent.name == "Kestrel Motors"


def test_the_firm_with_two_firms_in_one_sentence_stays_unresolved(entity_extractor):
    text = (
        "Kestrel Motors and Birch Foods reported losses. "
        "Ann Tolley, a spokeswoman for the firm, said costs rose."
    )
    assert _referent_of(entity_extractor, text, "firm") is None


def test_the_company_after_two_firms_in_one_sentence_stays_unresolved(entity_extractor):
    text = (
        "The board of Kestrel Power, another Kestrel Group company, backed Tom Hale, "
        "who is the company's chief."
    )
    assert _referent_of(entity_extractor, text, "company") is None


def test_the_company_is_no_regulator_named_in_capitals(entity_extractor):
    text = "The SEC fined a trader on Monday. Ann Tolley, a spokeswoman for the company, spoke."
    assert _referent_of(entity_extractor, text, "company") is None


def test_an_organizations_one_word_name_is_found_again_where_the_model_left_it_untagged(
    entity_extractor,
):
    # The model tags the second and third "Parvex" only; the first is the same firm.
    text = (
        "Parvex is suing nine lenders over its collapse in March. Trading in Parvex shares "
        "was suspended on Monday. The lenders deny that Parvex is owed anything."
    )
    firm = entity(extract(entity_extractor, text), "Parvex")
    assert [m.start for m in firm.mentions] == [
        i for i in range(len(text)) if text.startswith("Parvex", i)
    ]


def _nation_description_referent(entity_extractor, text: str, word: str):
    from threadline.ingest.linking import EntityLinker

    nlp = entity_extractor.nlp
    doc = nlp(text)
    candidates, _ = entity_extractor._cleaner.candidates(doc)
    doc_entities = EntityLinker(nlp.vocab).link(doc, candidates)
    return doc_entities.entity_at(max(t.i for t in doc if t.lower_ == word))


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Motors sold more cars last year. The German carmaker plans a new model.",
        "Kestrel Motors' profit grew as the German carmaker sold more vans.",
        "Kestrel Motors said sales rose. The German carmaker's chief was pleased.",
    ],
)
def test_a_firm_described_by_its_nation_is_the_one_firm_in_reach(entity_extractor, text):
    referent = _nation_description_referent(entity_extractor, text, "carmaker")
    assert referent is not None and referent.name == "Kestrel Motors"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # the firm before is an object, not the sentence's subject
        (
            "Traders sold Kestrel Motors shares. The German carmaker may raise its offer.",
            "carmaker",
        ),
        # two firms in reach
        ("Kestrel Motors met Birch Foods. The German carmaker wanted a deal.", "carmaker"),
        # an object: the firm that holds a stake in "the Japanese carmaker" is another one
        ("Norvik Holdings holds a stake in the Japanese carmaker.", "carmaker"),
        # a person's trade and a country's own bank
        ("Talvaro Films hired him. The Mexican film-maker will make two films.", "maker"),
        ("Kestrel Bank lent more. The Libyan central bank said so.", "bank"),
    ],
)
def test_a_firm_described_by_its_nation_with_no_one_firm_in_reach_stays_unresolved(
    entity_extractor, text, word
):
    assert _nation_description_referent(entity_extractor, text, word) is None


def test_a_us_party_by_its_adjective_and_a_longer_party_name_stay_apart(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Democratic Senator Jane Roe objected. The Social Democratic Party won the vote.",
    )
    names = {e.name: e.type for e in extraction.entities}
    assert names.get("Democratic Party") == "Organization"
    assert names.get("Social Democratic Party") == "Organization"
    assert "Social" not in names


def test_an_organization_spelt_two_ways_is_one_entity_and_its_first_word_links(
    entity_extractor,
):
    extraction = extract(
        entity_extractor,
        "Tarvo Steel Castings needs new moulds. Tarvo Steel Castings wrote to the "
        "chamber. The letter from Tarvo Steel Casting asked for help. Tarvo steel "
        "castings makes pumps.",
    )
    firm = entity(extraction, "Tarvo Steel Castings")
    assert "Tarvo Steel Casting" in firm.aliases
    assert len([e for e in extraction.entities if e.name.startswith("Tarvo")]) == 1


def test_a_name_of_several_words_is_found_where_the_model_left_it_untagged(extractor):
    # The model tags "Kestrel Corp" in the headline and the last paragraph but not at
    # the start of the first: that mention carries the article's one stated relation.
    text = (
        "Kestrel Corp eyes games market\n\nKestrel Corp, the media company controlled by "
        "billionaire Ian Marsh, is eyeing a move into games.\n\nKestrel Corp said talks were early."
    )
    extraction = extract(extractor, text)
    assert len(entity(extraction, "Kestrel Corp").mentions) == 3
    names = {e.id: e.name for e in extraction.entities}
    found = {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
    assert ("Kestrel Corp", "DIRECTED_BY", "Ian Marsh") in found


def test_a_lone_surname_the_model_left_untagged_is_the_person_named_in_full(extractor):
    text = (
        "Jane Hoddle was sacked in 2003. Hoddle began her career as player-boss with "
        "Kestrel United before moving on to Norvik Rovers."
    )
    extraction = extract(extractor, text)
    assert mention_texts(entity(extraction, "Jane Hoddle")) == ["Jane Hoddle", "Hoddle"]
    names = {e.id: e.name for e in extraction.entities}
    works_for = {
        (names[r.source], names[r.target]) for r in extraction.relations if r.type == "WORKS_FOR"
    }
    assert ("Jane Hoddle", "Kestrel United") in works_for


def test_a_surname_inside_a_longer_name_is_not_the_person():
    import spacy
    from spacy.tokens import Doc

    from threadline.ingest.surnames import tag_surnames

    words = ["Jane", "Age", "spoke", ".", "Age", "Concern", "and", "Age", "agreed", "."]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O", "O"]
    doc = tag_surnames(Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=ents))
    # "Age" of "Age Concern" stays a piece of that name; the lone "Age" is the person
    assert [(e.text, e.start) for e in doc.ents] == [("Jane Age", 0), ("Age", 7)]


def test_a_surname_of_two_words_is_the_person_named_in_full(entity_extractor):
    text = "Jane Harwick-Birch spoke on Monday. Ms Harwick-Birch said the plan would fail."
    names = sorted(e.name for e in extract(entity_extractor, text).entities)
    assert names == ["Jane Harwick-Birch"]


def test_a_surname_the_text_also_writes_in_lowercase_is_a_common_word():
    import spacy
    from spacy.tokens import Doc

    from threadline.ingest.surnames import tag_surnames

    words = ["Tom", "Rock", "sang", ".", "Rock", "fans", "love", "rock", "."]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "NOUN", "VERB", "NOUN", "PUNCT"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O"]
    doc = tag_surnames(Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=ents))
    assert [e.text for e in doc.ents] == ["Tom Rock"]


def test_an_untagged_surname_after_a_lone_first_name_joins_it():
    import spacy
    from spacy.tokens import Doc

    from threadline.ingest.surnames import tag_surnames

    def tagged(words: list[str], pos: list[str], ents: list[str]) -> list[str]:
        vocab = spacy.blank("en").vocab
        return [e.text for e in tag_surnames(Doc(vocab, words=words, pos=pos, ents=ents)).ents]

    pos = ["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"]
    ents = ["O", "O", "B-PERSON", "O", "O", "O"]
    words = ["Council", "chair", "Joan", "Heal", "opened", "."]
    assert tagged(words, pos, ents) == ["Joan Heal"]
    # a first name that is a city's name too, and a word the text writes in lowercase
    city = ["The", "Sydney", "Olympic", "champion", "won", "."]
    assert tagged(city, pos, [*ents[1:], "O"]) == ["Sydney"]
    words = ["Council", "chair", "Joan", "Heal", "will", "heal", "."]
    assert tagged(words, [*pos[:4], "AUX", "VERB", "PUNCT"], [*ents, "O"]) == ["Joan"]


def test_a_person_the_model_tags_by_the_first_name_is_named_in_full(entity_extractor):
    text = "Council chair Joan Heal opened the session."
    assert [e.name for e in extract(entity_extractor, text).entities] == ["Joan Heal"]


def test_a_company_named_again_without_its_company_form_is_one_entity(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Kestrel Media Enterprises bought a stake in the label on Monday. "
        "Shareholders will receive 1.9 million shares in Kestrel Media.",
    )
    full = entity(extraction, "Kestrel Media Enterprises")
    assert mention_texts(full) == ["Kestrel Media Enterprises", "Kestrel Media"]
    assert "Kestrel Media" not in {e.name for e in extraction.entities}


def test_a_firms_first_word_in_the_headline_and_often_after_is_its_short_form(
    entity_extractor,
):
    """The headline names the firm before the story spells its name; the story then uses
    the short form more often than the name, which only adds a company form or a trade."""
    extraction = extract(
        entity_extractor,
        "KRL eyes bid for rival\n\n"
        "Shoe maker KRL International said on Monday that it had held talks. KRL shares "
        "rose 6%. Analysts said KRL could pay more, and KRL declined to comment.\n\n"
        "Shares of Norvik Securities also jumped. Norvik gained 4%, Norvik said the talks "
        "were early, and Norvik would not say more.",
    )
    assert [m.text for m in entity(extraction, "KRL International").mentions].count("KRL") == 4
    assert [m.text for m in entity(extraction, "Norvik Securities").mentions].count("Norvik") == 3
    assert not {"KRL", "Norvik"} & {e.name for e in extraction.entities}


def test_a_name_after_mr_is_a_surname_not_the_first_name_of_another(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Grant Hollis quit as deputy chairman on Friday. Hollis had been warned. Speaking in "
        "Leeds, Mr Grant said the rules were clear.",
    )
    assert [m.text for m in entity(extraction, "Grant Hollis").mentions] == [
        "Grant Hollis",
        "Hollis",
    ]


def test_a_newspapers_name_is_no_short_form_of_its_owners(entity_extractor):
    extraction = extract(
        entity_extractor,
        "Courier Media Group said profits rose. Sales of the Courier fell, but the Courier "
        "gained readers online.",
    )
    assert "Courier" in {e.name for e in extraction.entities}


def test_the_us_federal_reserve_is_the_federal_reserve(entity_extractor):
    extraction = extract(
        entity_extractor,
        "The US Federal Reserve said in its report that growth was firm.",
    )
    assert [e.name for e in extraction.entities if "Reserve" in e.name] == ["Federal Reserve"]


def test_a_company_named_after_its_founder_is_no_person(entity_extractor):
    extraction = extract(
        entity_extractor, "Ann Tolley has odds of 5/1 at William Hill, ahead of Tom Hale."
    )
    assert entity(extraction, "William Hill").type == "Organization"


def test_a_company_named_after_a_family_is_not_its_chairman_s_surname(entity_extractor):
    text = (
        'Hollis, the car maker, said its sales rose in May. "We had a good year," said '
        "chairman Tom Hollis. Hollis plans to revitalise its products."
    )
    extraction = extract(entity_extractor, text)
    assert entity(extraction, "Hollis").type == "Organization"
    assert entity(extraction, "Tom Hollis").type == "Person"
    # with no organization cue of its own the word is the person's surname
    text = "The deal was done. Hollis said it was good. Tom Hollis, the firm's founder, agreed."
    assert mention_texts(entity(extract(entity_extractor, text), "Tom Hollis")) == [
        "Hollis",
        "Tom Hollis",
    ]


def test_a_word_alone_that_two_persons_here_share_as_surname_is_a_persons():
    from threadline.ingest.candidates import Candidate
    from threadline.ingest.evidence import Evidence
    from threadline.ingest.linking import _shared_surnames_are_persons

    def candidate(name: str, key: str, entity_type: str, label: str, start: int) -> Candidate:
        evidence = Evidence()
        evidence.add_label(entity_type, label)
        end = start + len(name.split())
        return Candidate(start, end, start, end, entity_type, name, key, evidence=evidence)

    mentions = [
        candidate("Ben Harwick-Birch", "ben harwick birch", "Person", "PERSON", 0),
        candidate("Tom Harwick-Birch", "tom harwick birch", "Person", "PERSON", 10),
        # the model's organization: one of the brothers, though neither can be told
        candidate("Harwick-Birch", "harwick birch", "Organization", "ORG", 20),
    ]
    types = {m.key: m.type for m in mentions}
    names = {m.key: m.name for m in mentions}
    _shared_surnames_are_persons(mentions, types, names)
    assert types["harwick birch"] == "Person"
    assert mentions[2].type == "Person"

    # a word with a cue of its own for its type keeps it ("Harwick-Birch, the car maker")
    mentions[2] = candidate("Harwick-Birch", "harwick birch", "Organization", "ORG", 20)
    assert mentions[2].evidence is not None
    mentions[2].evidence.add("Organization", 2.5, "'the car maker' in apposition")
    types = {m.key: m.type for m in mentions}
    _shared_surnames_are_persons(mentions, types, names)
    assert types["harwick birch"] == "Organization"


def test_a_hyphenated_surname_the_model_calls_an_organization_is_the_person(entity_extractor):
    # a surname joined by a hyphen is one word, which a short name may retype
    text = "Sam Kessel-Varne scored twice for the visitors. Kessel-Varne's pace troubled the defence all day."
    extraction = extract(entity_extractor, text)
    assert sorted(e.name for e in extraction.entities) == ["Sam Kessel-Varne"]
    assert mention_texts(entity(extraction, "Sam Kessel-Varne")) == [
        "Sam Kessel-Varne",
        "Kessel-Varne",
    ]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # only the model's label of towns and countries, and no gazetteer knows the name
        ("The strikers, Zelnovo and Jack Birch, scored twice.", []),
        ("Users turned to free programs such as Kestrelia and Ad-Block.", []),
        # the text places it in a known place
        ("Talks with Velmorastan in northern Russia ended.", ["Velmorastan", "Russia"]),
        ("Talks with Zelnovo, Russia's third city, ended.", ["Zelnovo", "Russia"]),
        ("Talks with Velmorastan in Harwickshire ended.", ["Velmorastan", "Harwickshire"]),
        ("The waste is stored at Zelnovo, in Harwickshire, in drums.", ["Zelnovo", "Harwickshire"]),
        ("Zelnovo town is known for its mills.", ["Zelnovo"]),
        # GeoNames knows a town of the name, too small for the place table
        ("Fans of Larchmont were happy.", ["Larchmont"]),
    ],
)
def test_a_one_word_place_only_the_label_gives_is_left_out(entity_extractor, text, places):
    extraction = extract(entity_extractor, text)
    assert [e.name for e in extraction.entities if e.type == "Location"] == places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Ministers will gather at his Kent residence, Zelnovo, in May.", "Zelnovo"),
        ("The other men are Tom Hale, 37, a farmer from Kestrelia, and Jack Birch.", "Kestrelia"),
    ],
)
def test_a_place_only_the_label_gives_stays_when_a_relation_places_it(
    extractor, entity_extractor, text, place
):
    extraction = extract(extractor, text)
    kept = entity(extraction, place)
    assert kept.type == "Location"
    assert any(kept.id in (r.source, r.target) for r in extraction.relations)
    # without the relation step nothing places it
    assert place not in {e.name for e in extract(entity_extractor, text).entities}
