"""Time and modality: former and planned relations carry a ``status``, current ones none."""

from __future__ import annotations

import pytest

from threadline.config import Config
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology

PATTERNS_ONLY = Config.model_validate({"nlp": {"relation_model": "none"}})


@pytest.fixture(scope="module")
def extractor():
    from threadline.ingest.extract import Extractor

    extractor = Extractor(PATTERNS_ONLY, Ontology.load())
    _ = extractor.nlp
    return extractor


def statuses(extractor, text: str) -> dict[tuple[str, str, str], str | None]:
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return {
        (names[r.source], r.type, names[r.target]): r.properties.get("status")
        for r in extraction.relations
    }


@pytest.mark.parametrize(
    ("text", "relation", "status"),
    [
        ("The former Talbot Bank chairman Peter Okafor has retired.",
         ("Peter Okafor", "WORKS_FOR", "Talbot Bank"), "former"),
        ("Peter Okafor, the ex-president of the Harbor Council, opened the fair.",
         ("Peter Okafor", "WORKS_FOR", "Harbor Council"), "former"),
        ("Peter Okafor quit as Brightwater Rovers manager last week.",
         ("Peter Okafor", "WORKS_FOR", "Brightwater Rovers"), "former"),
        ("Nadia Haddad previously worked at Talbot Bank.",
         ("Nadia Haddad", "WORKS_FOR", "Talbot Bank"), "former"),
        ("Talbot Bank agreed to merge with Norvik Holdings last year.",
         ("Talbot Bank", "PARTNERED_WITH", "Norvik Holdings"), "planned"),
        ("Talbot Bank will sign a partnership agreement with Norvik Holdings.",
         ("Talbot Bank", "PARTNERED_WITH", "Norvik Holdings"), "planned"),
        ("Peter Okafor, president of the Harbor Council, will step down in May.",
         ("Peter Okafor", "WORKS_FOR", "Harbor Council"), None),
        ("Haldane Motors chief executive Peter Okafor said the plant would close.",
         ("Peter Okafor", "WORKS_FOR", "Haldane Motors"), None),
        # a deal named by a noun: proposed, agreed or still waiting for a decision
        ("Norvik Holdings' takeover of Gresham Steel Inc, which still needs approval, "
         "was welcomed.", ("Gresham Steel Inc", "PART_OF", "Norvik Holdings"), "planned"),
        ("Norvik Holdings has agreed a takeover of Gresham Steel Inc in principle.",
         ("Gresham Steel Inc", "PART_OF", "Norvik Holdings"), "planned"),
        ("Norvik Holdings' takeover of Gresham Steel Inc was completed in May.",
         ("Gresham Steel Inc", "PART_OF", "Norvik Holdings"), None),
        ("Norvik Holdings' takeover of Gresham Steel Inc will still have to be approved by "
         "shareholders.", ("Gresham Steel Inc", "PART_OF", "Norvik Holdings"), "planned"),
        ("Norvik Holdings' takeover of Gresham Steel Inc must be cleared by regulators.",
         ("Gresham Steel Inc", "PART_OF", "Norvik Holdings"), "planned"),
        # a deal that would happen is not done; one that happened is
        ("A merger between Talbot Bank and Norvik Holdings would be the year's biggest.",
         ("Talbot Bank", "PARTNERED_WITH", "Norvik Holdings"), "planned"),
        ("A merger between Talbot Bank and Norvik Holdings created a giant.",
         ("Talbot Bank", "PARTNERED_WITH", "Norvik Holdings"), None),
        # a tie given up or ended
        ("Tom Hale has sold his controlling stake in Gresham Steel Inc to a rival.",
         ("Gresham Steel Inc", "DIRECTED_BY", "Tom Hale"), "former"),
        ("The deal marks an end to Norvik Holdings' alliance with Talbot Bank.",
         ("Norvik Holdings", "PARTNERED_WITH", "Talbot Bank"), "former"),
        # the club a player moved from, and the one lending him
        ("Tom Hale has joined Kestrel Rovers from Leeds United.",
         ("Tom Hale", "WORKS_FOR", "Leeds United"), "former"),
        ("Tom Hale, who is on loan from Leeds United, scored twice.",
         ("Tom Hale", "WORKS_FOR", "Leeds United"), None),
        ("Tom Hale, who used to work for Talbot Bank, said so.",
         ("Tom Hale", "WORKS_FOR", "Talbot Bank"), "former"),
        ("Norvik Holdings sold its subsidiary, Gresham Steel Inc, to a rival.",
         ("Gresham Steel Inc", "PART_OF", "Norvik Holdings"), "former"),
        ("Norvik Holdings said its Gresham Steel unit was sold in May.",
         ("Gresham Steel", "PART_OF", "Norvik Holdings"), "former"),
        ("Norvik Holdings may sell its Gresham Steel unit next year.",
         ("Gresham Steel", "PART_OF", "Norvik Holdings"), None),
        # an agreement to end a tie says the tie is ending
        ("Tarvik Motors signed an agreement with Norvik Holdings to end their alliance.",
         ("Tarvik Motors", "PARTNERED_WITH", "Norvik Holdings"), "former"),
        # an owner's possessive on a unit holds whatever the clause plans
        ("Regulators are to question Unilever's Birds Eye division about prices.",
         ("Birds Eye", "PART_OF", "Unilever"), None),
        ("Tom Hale said he would like to become manager of Leeds United one day.",
         ("Tom Hale", "WORKS_FOR", "Leeds United"), "planned"),
        # where someone comes from, and where they live now
        ("Tom Hale returned to Leeds, his hometown, in May.",
         ("Tom Hale", "LIVES_IN", "Leeds"), "former"),
        ("Tom Hale died at his home in Leeds on Sunday.",
         ("Tom Hale", "LIVES_IN", "Leeds"), None),
        # where a body named after its country is, or a town in its region: whatever is planned
        ("The state will take its appeal to the US Supreme Court.",
         ("US Supreme Court", "LOCATED_IN", "United States"), None),
        ("The depot will open near Kestrelburg, in the northern province of Punjab.",
         ("Kestrelburg", "LOCATED_IN", "Punjab"), None),
        # a headline's infinitive announces what is to come
        ("Kestrel Group to buy Birch Motors", ("Birch Motors", "PART_OF", "Kestrel Group"),
         "planned"),
        ("Tom Hale to lead Kestrel Bank", ("Tom Hale", "WORKS_FOR", "Kestrel Bank"), "planned"),
        # a post named in the noun phrase, with the holder's name in apposition, holds now
        ("Tom Hale will meet the chief executive of Kestrel, Ann Tolley, on Friday.",
         ("Ann Tolley", "WORKS_FOR", "Kestrel"), None),
        ("Tom Hale is scheduled to meet his Kestrel Exchange counterpart Ann Tolley on Friday.",
         ("Ann Tolley", "WORKS_FOR", "Kestrel Exchange"), None),
        # the holder named in the phrase is removed or resigns: the post is over
        ("Kestrel's head Tom Hale and two other executives were fired in January.",
         ("Tom Hale", "WORKS_FOR", "Kestrel"), "former"),
        ("Tom Hale, Kestrel's chief executive, was sacked on Monday.",
         ("Tom Hale", "WORKS_FOR", "Kestrel"), "former"),
        ("Tom Hale, Kestrel's chief executive, may be sacked.",
         ("Tom Hale", "WORKS_FOR", "Kestrel"), None),
        ("Tom Hale, Kestrel's chief executive, said he would not quit.",
         ("Tom Hale", "WORKS_FOR", "Kestrel"), None),
        # "still" on a past verb: it held then, and no more
        ("In 1999, when Norvik Holdings still owned Kestrel Motors, the factory was busy.",
         ("Kestrel Motors", "PART_OF", "Norvik Holdings"), "former"),
        ("Norvik Holdings still owns Kestrel Motors.",
         ("Kestrel Motors", "PART_OF", "Norvik Holdings"), None),
        # a post not yet taken up is planned; the role keeps its own words
        ("The incoming president of the Harbor Council, Peter Okafor, spoke first.",
         ("Peter Okafor", "WORKS_FOR", "Harbor Council"), "planned"),
        ("Talbot Bank's incoming chairman Tom Hale spoke first.",
         ("Tom Hale", "WORKS_FOR", "Talbot Bank"), "planned"),
        ("The outgoing president of the Harbor Council, Peter Okafor, spoke first.",
         ("Peter Okafor", "WORKS_FOR", "Harbor Council"), None),
        # the clause plans a talk, not where the place it is given at lies
        ("Tom Hale will speak at the Kestrel Institute in London on Thursday.",
         ("Kestrel Institute", "LOCATED_IN", "London"), None),
        ("Norvik Air will model itself on firms such as Ireland's Kestrel Air.",
         ("Kestrel Air", "LOCATED_IN", "Ireland"), None),
        # "formerly the Italian arm of": the tie to its parent is over, not its country
        ("Talbot Bank, formerly the Italian arm of Norvik Holdings, faces lawsuits.",
         ("Talbot Bank", "PART_OF", "Norvik Holdings"), "former"),
        ("Talbot Bank, formerly the Italian arm of Norvik Holdings, faces lawsuits.",
         ("Talbot Bank", "LOCATED_IN", "Italy"), None),
        # a tie the past tense says held until a time or an event is over
        ("Tom Hale was chairman of Kestrel Systems until 2003.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Systems"), "former"),
        ("Tom Hale worked for Kestrel Systems until he retired in 2001.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Systems"), "former"),
        ("Kestrel Systems chief executive Tom Hale waited until Monday to announce the deal.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Systems"), None),
        ("Tom Hale is chairman of Kestrel Systems until a successor is found.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Systems"), None),
        # moved on since: "before joining" another
        ("Tom Hale made 110 appearances for Kestrel Rovers, scoring 18 goals, before joining "
         "Norvik Athletic.", ("Tom Hale", "WORKS_FOR", "Kestrel Rovers"), "former"),
        ("Tom Hale worked at Kestrel Bank before becoming its chief executive.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Bank"), None),
        # a description that opens the sentence says what the subject is now; the verb
        # says what they did
        ("A distinguished Kestrel engineer, Dr Tolley spent 20 years at the Norvik Institute.",
         ("Tolley", "WORKS_FOR", "Kestrel"), None),
        ("A distinguished Kestrel engineer, Dr Tolley spent 20 years at the Norvik Institute.",
         ("Tolley", "WORKS_FOR", "Norvik Institute"), "former"),
        # "former" before a list of employers reaches the last one, however it is parsed
        ("Former Kestrel and Norvik chairman Tom Hale said he was pleased.",
         ("Tom Hale", "WORKS_FOR", "Norvik"), "former"),
        # a post or a home held for a span, told in the simple past, is over; not a span that
        # reaches the present, nor the present perfect, nor the term of a post taken up
        ("Tom Hale captained Kestrel Rovers for seven seasons.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Rovers"), "former"),
        ("Tom Hale lived in Harwick for ten years.", ("Tom Hale", "LIVES_IN", "Harwick"), "former"),
        ("Tom Hale worked at Kestrel Bank for the past ten years.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Bank"), None),
        ("Tom Hale has worked at Kestrel Bank for ten years.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Bank"), None),
        ("Tom Hale signed for Kestrel Rovers for two years.",
         ("Tom Hale", "WORKS_FOR", "Kestrel Rovers"), None),
    ],
)  # fmt: skip
def test_status_of_a_relation(extractor, text, relation, status):
    found = statuses(extractor, text)
    assert relation in found, found
    assert found[relation] == status


def test_a_former_and_a_current_position_are_two_relations(extractor):
    extraction = extractor.extract(
        Document.from_text(
            "The former Talbot Bank chairman Peter Okafor has retired. "
            "Peter Okafor, chairman of Talbot Bank, said the bank was sound."
        )
    )
    works = [r for r in extraction.relations if r.type == "WORKS_FOR"]
    assert sorted(r.properties.get("status") or "current" for r in works) == ["current", "former"]


def test_former_before_two_employers_gives_one_former_relation_each(extractor):
    # two readings of one title (the list's and the name's) must not leave a current
    # relation beside the former one
    extraction = extractor.extract(
        Document.from_text(
            "However, former Harwick and England defender Tom Hale said he was pleased."
        )
    )
    names = {e.id: e.name for e in extraction.entities}
    found = sorted(
        (names[r.target], r.type, r.properties.get("status")) for r in extraction.relations
    )
    assert found == [("England", "MEMBER_OF", "former"), ("Harwick", "WORKS_FOR", "former")]


def test_status_is_a_property_every_relation_type_declares():
    ontology = Ontology.load()
    assert all("status" in rel.properties for rel in ontology.relation_types.values())


def test_the_one_replaced_is_named_so_when_the_parse_hangs_as_on_the_object():
    """ "Tom Hale succeeded Jack Birch as Norvik manager" with "as" on "Birch": the post
    named after "as" was Birch's; a substitute replaced with no "as" held none."""
    import spacy
    from spacy.tokens import Doc

    from threadline.ingest.modality import _the_one_replaced

    words = ["Tom", "Hale", "succeeded", "Jack", "Birch", "as", "Norvik", "manager", "."]
    heads = [1, 2, 2, 4, 2, 4, 7, 5, 2]
    deps = ["compound", "nsubj", "ROOT", "compound", "dobj", "prep", "compound", "pobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "NOUN", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert _the_one_replaced(doc[2], [doc[4], doc[7], doc[6]])
    bare = Doc(
        spacy.blank("en").vocab,
        words=["Tom", "Hale", "replaced", "Jack", "Birch", "."],
        heads=[1, 2, 2, 4, 2, 2],
        deps=["compound", "nsubj", "ROOT", "compound", "dobj", "punct"],
        pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"],
    )
    assert not _the_one_replaced(bare[2], [bare[4]])
