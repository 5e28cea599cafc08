"""The relation engine: evidence, confidence, merging, user pattern files, co-mentions."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from extraction_views import relations

from threadline.config import Config
from threadline.errors import ConfigError
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology
from threadline.ingest.extract import Extractor
from threadline.ingest.relations import RelationEngine


def extract(extractor, text: str):
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return extraction, names


def relation_triples(extractor, text: str) -> set[tuple[str, str, str]]:
    """(source name, type, target name) of every relation ``text`` gives."""
    return relations(extractor.extract(Document.from_text(text)))


def test_evidence_quotes_the_sentence_at_its_offsets(extractor):
    text = (
        "The weather was mild.\n\nLiu Fang, president of the Northern Shipping Association, "
        "opened the meeting. Nothing else happened."
    )
    extraction, names = extract(extractor, text)
    [relation] = extraction.relations
    [evidence] = relation.evidence
    assert text[evidence.start : evidence.end] == evidence.sentence
    assert evidence.sentence.startswith("Liu Fang, president of")
    assert evidence.rule == "employment.role_of"
    assert names[relation.source] == "Liu Fang"
    assert relation.properties == {"role": "president"}


def test_evidence_never_runs_across_a_heading_or_a_paragraph_break(extractor):
    text = (
        "Harbour Institute Names New Director\n\n"
        "The Harbour Institute for Marine Studies was founded by Maria Okoye in 1998.\n\n"
        "Funding rose."
    )
    extraction, names = extract(extractor, text)
    founded = [r for r in extraction.relations if r.type == "FOUNDED"]
    assert founded, [(r.type, names[r.source], names[r.target]) for r in extraction.relations]
    [evidence] = founded[0].evidence
    assert evidence.sentence == (
        "The Harbour Institute for Marine Studies was founded by Maria Okoye in 1998."
    )
    assert text[evidence.start : evidence.end] == evidence.sentence
    for comention in extraction.co_mentions:
        assert "\n" not in comention.sentence


def test_evidence_takes_in_the_sentence_a_pronoun_reaches_back_to(extractor):
    """The evidence of a relation read through "he" or "its" shows who the pronoun stands
    for: the sentence before, which names them, and its own."""
    text = "It rained. Tom Hale ran the Kestrel Group for years. He set up Norvik Foods in 1999."
    extraction, names = extract(extractor, text)
    [founded] = [r for r in extraction.relations if r.type == "FOUNDED"]
    [evidence] = founded.evidence
    assert names[founded.source] == "Tom Hale"
    assert evidence.sentence == (
        "Tom Hale ran the Kestrel Group for years. He set up Norvik Foods in 1999."
    )
    assert text[evidence.start : evidence.end] == evidence.sentence
    [ran] = [r for r in extraction.relations if r.type == "WORKS_FOR"]
    assert ran.evidence[0].sentence == "Tom Hale ran the Kestrel Group for years."


def test_hedged_statement_keeps_a_lower_confidence(extractor):
    plain, _ = extract(extractor, "The Lotus Society is linked to the Chinese Communist Party.")
    hedged, _ = extract(
        extractor, "The Lotus Society is allegedly linked to the Chinese Communist Party."
    )
    reported, _ = extract(
        extractor,
        "According to the report, the Lotus Society is linked to the Chinese Communist Party.",
    )
    base = plain.relations[0].evidence[0].confidence
    assert hedged.relations[0].evidence[0].confidence < base
    assert reported.relations[0].evidence[0].confidence < base


@pytest.mark.parametrize(
    "text",
    [
        "The Lotus Society denied that it is linked to the Chinese Communist Party.",
        "The Lotus Society is not affiliated with the Chinese Communist Party.",
        "Li Ming is no longer a member of the Harbor Council.",
        "Li Ming never worked for the Ministry of Commerce.",
    ],
)
def test_negated_or_denied_statement_gives_no_relation(extractor, text):
    extraction, _ = extract(extractor, text)
    assert extraction.relations == []


def test_countries_in_a_partner_list_are_not_partners(extractor):
    extraction, names = extract(
        extractor,
        "The Pacific Institute partnered with Oxford University in England and Sorbonne "
        "University in France.",
    )
    partners = {names[r.target] for r in extraction.relations if r.type == "PARTNERED_WITH"}
    assert partners == {"Oxford University", "Sorbonne University"}
    located = [e for e in extraction.entities if e.type == "Location"]
    located_ids = {e.id for e in located}
    # A country in the list is where a partner is, never a partner itself.
    assert located and all(
        r.type == "LOCATED_IN" for r in extraction.relations if r.target in located_ids
    )


def test_the_same_relation_twice_in_a_document_is_one_relation_with_two_evidence_items(
    extractor,
):
    text = (
        "The Lotus Society is funded by the Ministry of Commerce. Critics say little. "
        "The Ministry of Commerce funded the Lotus Society again last year."
    )
    extraction, _ = extract(extractor, text)
    funded = [r for r in extraction.relations if r.type == "FUNDED_BY"]
    assert len(funded) == 1
    assert {e.rule for e in funded[0].evidence} == {"funding.funded_by", "funding.funded_active"}
    for evidence in funded[0].evidence:
        assert text[evidence.start : evidence.end] == evidence.sentence


def test_a_countrys_word_is_no_mention_of_the_country_where_no_relation_is_read(extractor):
    # "the Irish duo" refers to no firm named before it: the nation's pattern reads no
    # relation, so "Irish" stays a nationality, not a mention of Ireland.
    extraction, _ = extract(
        extractor, "Tom Hale spoke on Monday. The Irish duo declined to comment."
    )
    assert "Ireland" not in {e.name for e in extraction.entities}
    assert extraction.relations == []


def test_relation_about_a_definite_description_lands_on_the_full_entity(extractor):
    extraction, names = extract(
        extractor,
        "The Northern Shipping Association held its congress in May. "
        "Later that year, the association signed a cooperation agreement with the Ministry of Commerce.",
    )
    [relation] = [r for r in extraction.relations if r.type == "PARTNERED_WITH"]
    assert {names[relation.source], names[relation.target]} == {
        "Northern Shipping Association",
        "Ministry of Commerce",
    }


USER_PATTERNS = """\
lexicon:
  sanction_verbs: [sanction, blacklist]
patterns:
  - id: user.sanctioned_by
    relation: DIRECTED_BY
    confidence: 0.6
    pattern:
      - {RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: {IN: $sanction_verbs}, TAG: VBN}}
      - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: by, RIGHT_ATTRS: {DEP: agent}}
      - {LEFT_ID: by, REL_OP: ">", RIGHT_ID: who, RIGHT_ATTRS: {DEP: pobj}}
    source: {node: verb, via: subject}
    target: who
    examples:
      - text: "The Lotus Society was sanctioned by the Ministry of Commerce."
        expect: [{source: Lotus Society, type: DIRECTED_BY, target: Ministry of Commerce}]
"""


def test_a_user_pattern_file_in_the_configuration_adds_a_relation(tmp_path: Path, extractor):
    text = "The Lotus Society was sanctioned by the Ministry of Commerce."
    before, _ = extract(extractor, text)
    assert before.relations == []
    (tmp_path / "sanctions.yaml").write_text(USER_PATTERNS, "utf-8")
    (tmp_path / "threadline.toml").write_text('[nlp]\npattern_files = ["sanctions.yaml"]\n')
    config = Config.load(workspace=tmp_path)
    user_extractor = Extractor(config, Ontology.load())
    after, names = extract(user_extractor, text)
    [relation] = after.relations
    assert (names[relation.source], relation.type, names[relation.target]) == (
        "Lotus Society",
        "DIRECTED_BY",
        "Ministry of Commerce",
    )
    assert relation.evidence[0].rule == "user.sanctioned_by"
    assert user_extractor.fingerprint != extractor.fingerprint


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("patterns:\n  - id: x\n    relation: OWNS\n", "pattern 'x': unknown relation type 'OWNS'"),
        (
            "patterns:\n  - id: y\n    relation: PART_OF\n    pattern: [{RIGHT_ID: a, RIGHT_ATTRS: {}}]\n"
            "    source: a\n    target: b\n",
            "pattern 'y': 'target' must name a node",
        ),
        (
            "patterns:\n  - id: z\n    relation: PART_OF\n    pattern: [{RIGHT_ID: a, RIGHT_ATTRS: {LOWER: {IN: $nope}}}]\n"
            "    source: a\n    target: a\n",
            "pattern 'z': unknown lexicon list 'nope'",
        ),
        (
            "patterns:\n  - id: w\n    relation: PART_OF\n    pattern: [{RIGHT_ID: a, RIGHT_ATTRS: {}}]\n"
            "    source: a\n    target: a\n    properties: {role: {node: a}}\n",
            "pattern 'w': property 'role' is not declared for PART_OF",
        ),
        ("patterns: [\n", "invalid YAML"),
    ],
)
def test_invalid_pattern_file_is_a_config_error_naming_file_and_pattern(
    tmp_path: Path, body: str, message: str
):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(body), "utf-8")
    config = Config()
    config.nlp.pattern_files = [str(path)]
    with pytest.raises(ConfigError) as info:
        RelationEngine.from_config(config, Ontology.load())
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_an_unreadable_pattern_file_is_a_config_error(tmp_path: Path):
    config = Config()
    config.nlp.pattern_files = [str(tmp_path / "missing.yaml")]
    with pytest.raises(ConfigError, match=r"missing\.yaml: cannot read pattern file"):
        RelationEngine.from_config(config, Ontology.load())


def test_fingerprint_changes_with_the_pattern_files(tmp_path: Path):
    ontology = Ontology.load()
    bundled = RelationEngine.from_config(Config(), ontology)
    path = tmp_path / "sanctions.yaml"
    path.write_text(USER_PATTERNS, "utf-8")
    config = Config()
    config.nlp.pattern_files = [str(path)]
    extended = RelationEngine.from_config(config, ontology)
    assert bundled.fingerprint == RelationEngine.from_config(Config(), ontology).fingerprint
    assert extended.fingerprint != bundled.fingerprint
    assert "user.sanctioned_by" in extended.patterns


def test_co_mentions_count_sentences_and_quote_one(extractor):
    text = (
        "Liu Fang met Chen Bo in Boston. On Friday, Liu Fang wrote to Chen Bo. Chen Bo stayed home."
    )
    extraction, names = extract(extractor, text)
    pairs = {frozenset((names[c.source], names[c.target])): c for c in extraction.co_mentions}
    together = pairs[frozenset(("Liu Fang", "Chen Bo"))]
    assert together.count == 2
    assert text[together.start : together.end] == together.sentence
    assert together.sentence == "Liu Fang met Chen Bo in Boston."
    assert pairs[frozenset(("Liu Fang", "Boston"))].count == 1
    # co-mentions are never typed relations
    assert all(r.type != "MENTIONED_WITH" for r in extraction.relations)


def test_co_mentions_can_be_switched_off():
    config = Config()
    config.nlp.comentions = False
    quiet = Extractor(config, Ontology.load())
    extraction = quiet.extract(Document.from_text("Liu Fang met Chen Bo in Boston."))
    assert extraction.co_mentions == []
    assert len(extraction.entities) == 3


@pytest.mark.slow
def test_seed_files_give_the_relations_they_state(seeds_dir: Path, extractor):
    """On the real seed documents: the key constructions, with evidence that quotes exactly."""
    found: set[tuple] = set()
    for path in sorted(seeds_dir.glob("*.txt")):
        document = Document.from_text(path.read_text("utf-8"))
        extraction = extractor.extract(document)
        names = {e.id: e.name for e in extraction.entities}
        for relation in extraction.relations:
            for evidence in relation.evidence:
                assert document.text[evidence.start : evidence.end] == evidence.sentence
            found.add((names[relation.source], relation.type, names[relation.target]))
    for expected in [
        ("Wang Wenbin", "WORKS_FOR", "Foreign Affairs Ministry"),
        ("Huang X", "WORKS_FOR", "EU Guangxi Chamber of Commerce"),
        (
            "State Administration of Foreign Experts Affairs",
            "PART_OF",
            "Ministry of Science and Technology",
        ),
        ("Overseas Chinese Affairs Office", "PART_OF", "United Front Work Department"),
        ("Hebei International Talent Exchange Association", "LOCATED_IN", "Hebei Province"),
        ("Jin Xinjiang", "DIRECTED_BY", "Chinese Communist Party"),
        ("Zhang XX", "RECEIVED_AWARD_FROM", "Chinese Communist Party"),
    ]:
        assert expected in found
    partners = {
        t for s, r, t in found if r == "PARTNERED_WITH" and s == "Hebei University of Engineering"
    }
    assert "Nanyang Technological University" in partners
    assert not partners & {"France", "England", "Singapore"}


def test_a_name_list_ending_the_text_reads_no_token_past_it(extractor):
    """A list continuation that reaches the end of the text stops there."""
    extraction, _ = extract(extractor, "Maria OkonkwoMaria Okonkwo works for Maria Okonkwo\u00a0")
    assert extraction.text_length == len("Maria OkonkwoMaria Okonkwo works for Maria Okonkwo\u00a0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject of the clause the pronoun sits in, when it is of the pronoun's kind
        ("Norvik Holdings said its takeover of Gresham Steel Inc was complete.",
         {("Gresham Steel Inc", "PART_OF", "Norvik Holdings")}),
        ("Tom Hale was arrested at his home in Leeds on Friday.",
         {("Tom Hale", "LIVES_IN", "Leeds")}),
        # "its" never names a person, "his" never an organization
        ("Tom Hale said its takeover of Gresham Steel Inc was complete.", set()),
        ("Kestrel Bank said its home in Leeds was too small.", set()),
        # the subject of an infinitive is the object of the verb above, not its subject
        ("Norvik Holdings wants it to buy Kestrel Bank.", set()),
        # "its" opening a sentence, or owning the subject set after its verb, with no name
        # before it, stands for the subject of the sentence before
        ("Norvik Holdings met investors. Its takeover of Gresham Steel Inc was complete.",
         {("Gresham Steel Inc", "PART_OF", "Norvik Holdings")}),
        ("The Kestrel Council said fees rose. Its chairman, Tom Hale, was pleased.",
         {("Tom Hale", "WORKS_FOR", "Kestrel Council")}),
        ('The Kestrel Council said fees rose. "It is a good year," said its chairman, Tom Hale.',
         {("Tom Hale", "WORKS_FOR", "Kestrel Council")}),
        # not from another paragraph, not a person, not past a noun of its own sentence
        ("The Kestrel Council said fees rose.\n\nIts chairman, Tom Hale, was pleased.", set()),
        ("Jane Roe said fees rose. Its chairman, Tom Hale, was pleased.", set()),
        ("The Kestrel Council said fees rose. The regulator said its chairman, Tom Hale, quit.",
         set()),
        # "he" or "his" opening a sentence stands for the person the sentence before names,
        # when it names no other person
        ("Tom Hale ran the Kestrel Group for years. He set up Norvik Foods in 1999.",
         {("Tom Hale", "WORKS_FOR", "Kestrel Group"), ("Tom Hale", "FOUNDED", "Norvik Foods")}),
        ("Tom Hale met Jack Birch in May. He set up Norvik Foods in 1999.", set()),
        # ... or after a short phrase with no one named in it
        ("Tom Hale ran the Kestrel Group for years. In 1999 he set up Norvik Foods.",
         {("Tom Hale", "WORKS_FOR", "Kestrel Group"), ("Tom Hale", "FOUNDED", "Norvik Foods")}),
        ("Tom Hale ran the firm for years.\n\nHe set up Norvik Foods in 1999.", set()),
        # a name listed with the pronoun shares its part, whoever the pronoun stands for
        ("Ann Tolley ran the Kestrel Group. In 1999 she and Tom Hale set up Norvik Foods.",
         {("Ann Tolley", "WORKS_FOR", "Kestrel Group"), ("Ann Tolley", "FOUNDED", "Norvik Foods"),
          ("Tom Hale", "FOUNDED", "Norvik Foods")}),
        ("Years later, she and Tom Hale set up Norvik Foods.",
         {("Tom Hale", "FOUNDED", "Norvik Foods")}),
    ],
)  # fmt: skip
def test_a_pronoun_argument_stands_for_the_subject_of_its_clause(extractor, text, expected):
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    found = {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
    assert found == expected


def test_a_rank_named_by_number_is_the_whole_role(extractor):
    extraction, names = extract(
        extractor, "Jane Roe, Kestrel Bank's former number two, told the court she lied."
    )
    [relation] = [r for r in extraction.relations if r.type == "WORKS_FOR"]
    assert names[relation.target] == "Kestrel Bank"
    assert relation.properties == {"role": "number two", "status": "former"}


@pytest.mark.parametrize(
    ("text", "relation", "site"),
    [
        # the model leaves both domains untagged: a website's name where a pattern reads it
        (
            "Jack Birch of buildyourkestrel.org.uk said the box is small.",
            "WORKS_FOR",
            "buildyourkestrel.org.uk",
        ),
        ("Jack Birch, founder of kestrelbuild.net, said so.", "FOUNDED", "kestrelbuild.net"),
    ],
)
def test_an_untagged_website_is_read_where_a_pattern_needs_it(extractor, text, relation, site):
    extraction, names = extract(extractor, text)
    found = {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
    assert found == {("Jack Birch", relation, site)}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # the part of the firm a title is of belongs to the post
        ("Tom Hale, vice president of emerging markets at Kestrel Bank, said so.",
         "vice president of emerging markets"),
        ("Tom Hale, Kestrel Bank's director of sales and marketing, said so.",
         "director of sales and marketing"),
        # an "of" phrase naming the employer itself, or a word cut at its hyphen, does not
        ("Tom Hale, chief executive of the company, Kestrel Bank, said so.", "chief executive"),
        ("Tom Hale, editor of hip-hop magazine Kestrel Beat, said so.", "editor"),
        # a word the tokenizer cut at its hyphen stays whole
        ("We had reports, said Tom Hale, director of anti-virus research for Norvik Systems.",
         "director of anti-virus research"),
        # two fields joined by "and" before the post
        ("Tom Hale, news and features editor of Kestrel Weekly, said so.",
         "news and features editor"),
        ("Kestrel Bank research and development chief Tom Hale said so.",
         "research and development chief"),
        # a spokesman's portfolio, after "for" or "on"
        ("Tom Hale, the Labour spokesman for health, said so.", "spokesman for health"),
        ("It was the Tory spokesman on foreign affairs, Tom Hale.",
         "spokesman on foreign affairs"),
    ],
)  # fmt: skip
def test_the_field_of_a_post_is_part_of_the_role(extractor, text, role):
    extraction, _names = extract(extractor, text)
    [relation] = [r for r in extraction.relations if r.type in ("WORKS_FOR", "MEMBER_OF")]
    assert relation.properties == {"role": role}


def test_a_bodys_word_after_and_is_no_field_of_the_post(extractor):
    extraction, names = extract(
        extractor,
        "Tory co-chairman Tom Hale had opened the forum with an attack on Labour's record and"
        " party leader Ann Tolley is due to speak later.",
    )
    roles = {names[r.source]: r.properties.get("role") for r in extraction.relations}
    assert roles.get("Ann Tolley") == "leader"


def test_a_prize_named_after_a_role_is_no_post(extractor):
    extraction, _names = extract(
        extractor,
        "The Six Nations rugby match was won by France. Tom Hale, France's player of the "
        "year in 2004, would have played in the first two matches had he been fit.",
    )
    assert not [r for r in extraction.relations if r.type in ("WORKS_FOR", "MEMBER_OF")]


def test_a_post_counted_in_a_season_is_a_post(extractor):
    extraction, names = extract(
        extractor,
        "Jack Birch is to join Tom Hale, who will be Kestrel Rovers' third boss of the season.",
    )
    found = {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
    assert ("Tom Hale", "WORKS_FOR", "Kestrel Rovers") in found


def test_names_after_another_employers_title_are_not_the_first_employers(extractor):
    # the model takes the second employer for a person: its names still are not the first's
    extraction, names = extract(
        extractor,
        "Kestrel Rail managers Tom Hale and Ann Tolley, and Norvik managers Jack Birch, Sam "
        "Okoro and Ian Holt all face charges.",
    )
    found = {(names[r.source], names[r.target]) for r in extraction.relations}
    assert found == {("Tom Hale", "Kestrel Rail"), ("Ann Tolley", "Kestrel Rail")}


def test_the_seat_before_a_party_and_its_members_title_is_cut_from_the_party(extractor):
    extraction, names = extract(extractor, "Oslo Kestrel Party MEP Tom Hale said it was over.")
    found = {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
    assert found == {("Tom Hale", "MEMBER_OF", "Kestrel Party")}


def test_a_fee_before_a_post_is_no_word_of_the_role(extractor):
    extraction, names = extract(
        extractor, "Tom Hale, Norvik United's £15m defender, has been injured for a month."
    )
    [relation] = [r for r in extraction.relations if r.type == "WORKS_FOR"]
    assert names[relation.target] == "Norvik United"
    assert relation.properties == {"role": "defender"}


def test_a_pronoun_with_another_name_of_its_kind_before_it_names_nobody(extractor):
    extraction, names = extract(
        extractor,
        "Unilever is suing Nestle, its unit Purina and Danone over the patents.",
    )
    # "its" never reaches back past Nestle to the subject; the apposition names Nestle's unit
    part_of = [
        (names[r.source], names[r.target]) for r in extraction.relations if r.type == "PART_OF"
    ]
    assert part_of == [("Purina", "Nestle")]
    extraction, names = extract(extractor, "Kestrel said its takeover of Birchwood was complete.")
    [relation] = [r for r in extraction.relations if r.type == "PART_OF"]
    assert (names[relation.source], names[relation.target]) == ("Birchwood", "Kestrel")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a description by age opening the sentence is the one person the sentence before
        # names, and the evidence quotes both sentences
        (
            "Tom Hale spoke on Monday. The 54-year-old former banker joined Kestrel Bank in 1990.",
            [("Tom Hale", "Kestrel Bank")],
        ),
        # ... the age alone, which the parse makes the subject
        (
            "Tom Hale spoke on Monday. The 54-year-old then moved to Norvik Rovers in 1999.",
            [("Tom Hale", "Norvik Rovers")],
        ),
        # ... not when the sentence before names two people
        (
            "Tom Hale and Jack Birch spoke on Monday. The 54-year-old banker joined Kestrel "
            "Bank in 1990.",
            [],
        ),
        # ... after a phrase naming no one, but not after another person's name
        (
            "Tom Hale scored twice on Monday. In Harwick the 31-year-old striker joined "
            "Kestrel Rovers.",
            [("Tom Hale", "Kestrel Rovers")],
        ),
        (
            "Tom Hale scored twice on Monday. After Jack Birch's goal the 31-year-old striker "
            "joined Kestrel Rovers.",
            [],
        ),
    ],
)
def test_a_description_by_age_stands_for_the_person_named_before(extractor, text, expected):
    extraction, names = extract(extractor, text)
    joined = [r for r in extraction.relations if r.type == "WORKS_FOR"]
    assert [(names[r.source], names[r.target]) for r in joined] == expected
    for relation in joined:
        assert relation.evidence[0].sentence == text


def test_a_datelines_place_lies_in_the_place_after_it(extractor):
    text = "VELMORE-ON-SEA, England (AP) - The harbour reopened on Monday after the storm."
    extraction, names = extract(extractor, text)
    located = [
        (names[r.source], names[r.target]) for r in extraction.relations if r.type == "LOCATED_IN"
    ]
    assert located == [("Velmore-On-Sea", "England")]
    # a list of two places in a sentence is not a dateline: the gazetteer must confirm it
    extraction, names = extract(extractor, "Exports went to Velmore, England and Oslo.")
    assert not [r for r in extraction.relations if names[r.source] == "Velmore"]


def _names_at(doc: Any, *names: str) -> Any:
    """DocEntities with one entity span per name (first occurrence), as the entity step gives."""
    from threadline.ingest.spans import DocEntities, EntitySpan

    spans = []
    for name in names:
        start = next(t.i for t in doc if t.text == name.split()[0])
        spans.append(EntitySpan(start, start + len(name.split()), name))
    return DocEntities(spans=spans)


@pytest.mark.parametrize(
    ("text", "names", "listed"),
    [
        ("Hale, Birch, Talbot.", ("Hale", "Birch"), True),
        ("Hale, Birch, Talbot.", ("Birch", "Talbot"), True),
        (
            "The hearing took place in Fresno, California, on Friday.",
            ("Fresno", "California"),
            False,
        ),
        ("Jane Roe lives in Fresno, California.", ("Fresno", "California"), False),
        # an address: a known region after the town
        (
            "The depot at Fort Kestrel, Brooklyn, California, closed.",
            ("Brooklyn", "California"),
            False,
        ),
        # a list's first item and its third: another name stands between them
        (
            "Police sent officers to the Midlands, Kent, Bristol and Hull.",
            ("Midlands", "Bristol"),
            True,
        ),
    ],
)
def test_a_pair_inside_a_comma_list_of_names_is_no_town_and_region(
    nlp: Any, text: str, names: tuple[str, str], listed: bool
) -> None:
    from threadline.ingest.relations import _in_name_list

    doc = nlp(text)
    entities = _names_at(doc, *names)
    first, last = entities.spans[0].start, entities.spans[1].start
    assert _in_name_list(doc, entities, first, last, [names[1]]) is listed


def test_patterns_read_the_person_type_the_entity_step_found(extractor) -> None:
    """A name the model tags as an organization but the entity step finds to be a person
    is read as a person by the patterns that ask for one (``ENT_TYPE: PERSON``)."""
    [(doc, entities)] = extractor.parse(["Kestrel United forward Paris Holt was dropped."])
    holt = next(s for s in entities.spans if entities.entities[s.entity_id].name == "Paris Holt")
    club = next(s for s in entities.spans if entities.entities[s.entity_id].type == "Organization")
    assert {t.ent_type_ for t in doc[holt.start : holt.end]} == {"PERSON"}
    assert "PERSON" not in {t.ent_type_ for t in doc[club.start : club.end]}


def test_an_argument_before_every_phrase_like_the_trigger_has_no_items():
    # "Hale at Kestrel at Talbot", parsed with both phrases on the name: the second "at"
    # is not said of a list item before the first, and reading it must not fail
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from threadline.graph.ontology import Ontology
    from threadline.ingest.relation_lists import coordinated
    from threadline.ingest.spans import DocEntities

    words = ["Hale", "at", "Kestrel", "at", "Talbot"]
    doc = Doc(
        Vocab(),
        words=words,
        heads=[0, 0, 1, 0, 3],
        deps=["ROOT", "prep", "pobj", "prep", "pobj"],
    )
    assert coordinated(doc, DocEntities(), doc[0], doc[3], Ontology.load()) == []


@pytest.mark.parametrize(
    ("relation", "names", "role", "joins", "expected"),
    [
        # a chamber's members sit in it, its staff work for it
        ("WORKS_FOR", ["House of Commons"], "leader", False, "MEMBER_OF"),
        ("WORKS_FOR", ["House of Commons"], "chief executive", False, "WORKS_FOR"),
        ("WORKS_FOR", ["Kestrel Assembly"], "member", False, "MEMBER_OF"),
        ("WORKS_FOR", ["Scottish Parliament", "Holyrood"], "chief", False, "WORKS_FOR"),
        ("WORKS_FOR", ["Kestrel Assembly"], "clerk", False, "WORKS_FOR"),
        # whoever joins a company works for it; a party's new member is a member
        ("MEMBER_OF", ["Kestrel Bank"], None, True, "WORKS_FOR"),
        ("MEMBER_OF", ["Kestrel Party"], None, True, "MEMBER_OF"),
        ("MEMBER_OF", ["Kestrel Bank"], None, False, "MEMBER_OF"),
        # a club named by its town, as the sports news names it, pays its players
        ("MEMBER_OF", ["Sunderland"], None, True, "WORKS_FOR"),
        # a national side's players are its members, named by their position too
        ("WORKS_FOR", ["Wales"], "number eight", False, "MEMBER_OF"),
        ("WORKS_FOR", ["Wales"], "coach", False, "WORKS_FOR"),
        # a party's branch in a nation is the party's: its chairman is a member
        ("WORKS_FOR", ["UKIP Scotland"], "chairman", False, "MEMBER_OF"),
        # a party's agent is on its staff
        ("WORKS_FOR", ["Harwick Conservatives"], "agent", False, "WORKS_FOR"),
    ],
)
def test_the_relation_a_post_or_a_membership_becomes(relation, names, role, joins, expected):
    from threadline.ingest.membership import membership_type

    assert membership_type(relation, "Organization", names, role, joins=joins) == expected


def test_a_post_whose_last_word_hangs_on_the_noun_before_is_read_whole():
    """ "Tom Hale, director general of Kestrel": the parse may hang "of" on "general", an
    adjective after the noun; the post is both words, not "general"."""
    import spacy
    from spacy.tokens import Doc

    from threadline.ingest.relation_properties import role_phrase

    words = ["Tom", "Hale", ",", "director", "general", "of", "Kestrel"]
    heads = [1, 1, 1, 1, 3, 4, 5]
    deps = ["compound", "ROOT", "punct", "appos", "amod", "prep", "pobj"]
    pos = ["PROPN", "PROPN", "PUNCT", "NOUN", "ADJ", "ADP", "PROPN"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert role_phrase(doc[4]) == "director general"
    assert role_phrase(doc[3]) == "director"


def test_a_club_whose_first_word_the_model_tagged_alone_is_one_employer_and_one_post(extractor):
    """ "Norvik United manager Tom Hale": the model tags "Norvik" alone; the employer is
    the whole name, and the post read with its title outweighs a bare "former" read of
    the same pair in the same sentence."""
    extraction, names = extract(extractor, "Norvik United manager Tom Hale has been sacked.")
    assert [
        (r.type, names[r.source], names[r.target], r.properties) for r in extraction.relations
    ] == [
        (
            "WORKS_FOR",
            "Tom Hale",
            "Norvik United",
            {"role": "manager", "status": "former"},
        )
    ]


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        # a country's side by a name of its own: its players are members, not employees
        ("Kestrel Rovers and USA Eagles forward Tom Hale has retired.",
         ("Tom Hale", "MEMBER_OF", "USA Eagles")),
        ("All Blacks captain Tom Hale led the haka.", ("Tom Hale", "MEMBER_OF", "All Blacks")),
    ],
)  # fmt: skip
def test_players_of_a_national_side_named_by_its_own_name_are_members(extractor, text, relation):
    extraction, names = extract(extractor, text)
    found = {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
    assert relation in found, found
    assert (relation[0], "WORKS_FOR", relation[2]) not in found


def test_gb_is_the_united_kingdom_not_a_body(extractor):
    extraction, _ = extract(extractor, "GB captain Tom Hale picked two teenagers for the tie.")
    types = {e.name: e.type for e in extraction.entities}
    assert types.get("United Kingdom") == "Location"
    assert "GB" not in types


def test_a_players_title_is_read_at_the_heads_side_in_a_story_about_sport(extractor):
    # the sport words stand in the first paragraph, none in the head's sentence
    story = (
        "Kestrel United beat Norvik Rovers 2-1 in the league on Saturday, with two goals in "
        "the second half of the match.\n\nThe weather was poor.\n\n"
        "Kestrel United manager Tom Hale praised captain Jack Birch for his calm."
    )
    extraction, names = extract(extractor, story)
    found = {(names[r.source], r.type, names[r.target], r.properties.get("role")) for r in
             extraction.relations}  # fmt: skip
    assert ("Jack Birch", "WORKS_FOR", "Kestrel United", "captain") in found
    # the same sentence in a story about a company: no side, no reading
    extraction, names = extract(
        extractor, "Kestrel United manager Tom Hale praised captain Jack Birch for his calm."
    )
    assert not [r for r in extraction.relations if names[r.source] == "Jack Birch"]


@pytest.mark.parametrize(
    ("text", "players"),
    [
        # the parse hangs the second name on the first as an apposition, the others as the
        # first's conjuncts ...
        ("Tom Hale, Jack Birch, Ian Holt and Sean Vale scored for Kestrel Rovers on Saturday.",
         ("Tom Hale", "Jack Birch", "Ian Holt", "Sean Vale")),
        # ... or the rest of the list on the name in apposition
        ("Kestrel Rovers won 3-1. Lauren, Patrick Birch, Freddie Holt and Ashley Vale scored for"
         " Kestrel Rovers.", ("Lauren", "Patrick Birch", "Freddie Holt", "Ashley Vale")),
    ],
)  # fmt: skip
def test_every_item_of_a_list_before_its_verb_shares_the_relation(extractor, text, players):
    found = relation_triples(extractor, text)
    for player in players:
        assert (player, "WORKS_FOR", "Kestrel Rovers") in found


def test_a_name_in_apposition_with_an_article_describes_the_name_before_it(extractor):
    found = relation_triples(
        extractor,
        "Clark Hale is technology correspondent for The World, a Norvik World Service and"
        " WGBH-Boston co-production.",
    )
    assert {target for _, _, target in found} == {"The World"}


def test_a_club_named_after_its_town_is_the_club_its_towns_name_stands_for(extractor):
    story = (
        "Scotland named their rugby squad for the match against Ireland on Saturday.\n\n"
        "The Bristol forward's ban ended on Friday. Forwards: Tom Hale (Bristol Rugby), Jack"
        " Birch (Bath), Ian Holt (Bristol Rugby).\n"
    )
    extraction, names = extract(extractor, story)
    clubs = [e for e in extraction.entities if e.name == "Bristol Rugby"]
    assert [e.type for e in clubs] == ["Organization"]
    # "the Bristol forward" is the club's player: one club under its two names
    assert "Bristol" in clubs[0].aliases
    assert "Bristol" not in names.values()


def test_a_hyphened_name_tagged_once_is_read_where_the_model_left_it_untagged(extractor):
    found = relation_triples(
        extractor,
        'K-Norvik is a big firm. "We were able to act," Tom Hale, a K-Norvik spokesperson said.',
    )
    assert ("Tom Hale", "WORKS_FOR", "K-Norvik") in found


def test_a_province_side_the_tagger_takes_for_an_adjective_is_the_players_club(extractor):
    found = relation_triples(
        extractor, "Ulster wing Tom Hale could also be asked to travel with the squad to Leeds."
    )
    assert ("Tom Hale", "WORKS_FOR", "Ulster") in found


def test_the_levels_of_areas_cover_the_pattern_lexicon_of_areas() -> None:
    # The pattern for an address of areas matches the words of the lexicon; the engine
    # ranks them to tell an address from a list: a word with no level would never rank.
    from threadline.ingest.pattern_files import bundled_lexicon
    from threadline.ingest.relations import _AREA_LEVELS

    assert set(_AREA_LEVELS) == set(bundled_lexicon("places.yaml", "areas"))
