"""Resolution with type evidence: the corpus vote, and names that must not merge on the bare string."""

from __future__ import annotations

from dataclasses import replace

from threadline.config import ResolveConfig
from threadline.graph.model import Entity, Extraction, Mention
from threadline.graph.ontology import Ontology
from threadline.graph.resolve import Resolution, resolve
from threadline.votes import BAND_CUE, CLUB_TOWN_CUE, LONE_WORD_CUE, PLACES_PERSON_CUE

ONTOLOGY = Ontology.load()


def ent(
    local_id: str,
    name: str,
    etype: str,
    votes: dict[str, float],
    labels: dict[str, float] | None = None,
    aliases=(),
    cues=(),
    words: dict[str, float] | None = None,
) -> Entity:
    return Entity(
        local_id,
        name,
        etype,
        list(aliases),
        [Mention(0, len(name), name)],
        type_votes=dict(votes),
        type_cues=list(cues),
        type_labels=dict(labels if labels is not None else votes),
        type_names=dict(words or {}),
    )


def doc(doc_id: str, *entities: Entity) -> Extraction:
    return Extraction(doc_id, None, 10_000, entities=list(entities))


def run(*extractions: Extraction) -> Resolution:
    return resolve(list(extractions), ONTOLOGY, ResolveConfig())


def node(res: Resolution, doc_id: str, local_id: str):
    cid = res.canonical_id(doc_id, local_id)
    assert cid is not None
    return res.entities[cid]


def test_the_corpus_vote_merges_a_name_the_model_typed_differently():
    # The model calls it a person in two documents (labels only); a third has cues.
    res = run(
        doc("d1", ent("a", "Kelderan", "Person", {"Person": 2.0})),
        doc("d2", ent("a", "Kelderan", "Person", {"Person": 2.0})),
        doc(
            "d3",
            ent(
                "a",
                "Kelderan",
                "Organization",
                {"Organization": 6.5},
                labels={"Organization": 1.0},
                cues=["'Kelderan's chief'", "after 'firm'"],
            ),
        ),
    )
    first = node(res, "d1", "a")
    assert first.type == "Organization"
    assert node(res, "d2", "a") is first and node(res, "d3", "a") is first
    assert first.type_votes["Organization"] > first.type_votes["Person"]
    assert "after 'firm'" in first.type_cues


def test_one_documents_cues_do_not_overturn_the_type_many_documents_give():
    # five stories name a tournament (labels only); one story's cue reads it as a product
    event = [doc(f"d{i}", ent("a", "Kestrel Shield", "Event", {"Event": 1.0})) for i in range(5)]
    product = doc(
        "p",
        ent(
            "a",
            "Kestrel Shield",
            "Product",
            {"Product": 3.5, "Event": 1.0},
            labels={"Event": 1.0},
            cues=["made by the subject"],
        ),
    )
    res = run(*event, product)
    assert node(res, "d0", "a").type == "Event"
    assert node(res, "p", "a") is node(res, "d0", "a")
    # with fewer stories giving the other type, the cues still decide (as above)
    res = run(*event[:3], product)
    assert node(res, "d0", "a").type == "Product"


def test_strong_evidence_of_two_real_entities_keeps_them_apart():
    res = run(
        doc(
            "d1",
            ent("a", "Jordan", "Person", {"Person": 5.0}, labels={"Person": 1.0}),
        ),
        doc("d2", ent("a", "Jordan", "Location", {"Location": 4.0}, labels={"Location": 1.0})),
        doc("d3", ent("a", "Jordan", "Location", {"Location": 4.0}, labels={"Location": 1.0})),
    )
    assert node(res, "d1", "a").type == "Person"
    assert node(res, "d2", "a").type == "Location"
    assert node(res, "d1", "a") is not node(res, "d2", "a")


def test_a_document_with_clear_evidence_keeps_its_type_despite_a_weak_cue_for_another():
    # four sports stories make the country's name a side; a story about an election
    # names it as a place, with one weak cue for a body
    side = {"Organization": 6.5, "Location": 1.0}
    sides = [
        doc(f"s{i}", ent("a", "Norvania", "Organization", side, labels={"Location": 1.0}))
        for i in range(4)
    ]

    def place(location: float, organization: float) -> Extraction:
        votes = {"Location": location, "Organization": organization}
        cues = ["place (country)", "label GPE"]
        return doc("p", ent("a", "Norvania", "Location", votes, {"Location": 1.0}, cues=cues))

    res = run(*sides, place(5.0, 2.0))
    assert node(res, "s0", "a").type == "Organization"
    assert node(res, "p", "a").type == "Location"
    assert node(res, "p", "a") is not node(res, "s0", "a")
    # evenly split evidence follows the corpus
    assert node(run(*sides, place(5.5, 5.5)), "p", "a").type == "Organization"


def test_a_document_reading_a_place_as_a_side_keeps_the_side():
    # most stories name the country as a place; sports stories make its name a side by
    # a team's cue, against the place list's vote for the place
    places = [
        doc(
            f"p{i}",
            ent("a", "Norvania", "Location", {"Location": 5.0}, cues=["place (country)"]),
        )
        for i in range(6)
    ]

    def side(cue: str) -> Extraction:
        votes = {"Organization": 9.0, "Location": 4.0}
        return doc("s", ent("a", "Norvania", "Organization", votes, {"Location": 1.0}, cues=[cue]))

    res = run(*places, side("team: before 'coach'"))
    assert node(res, "p0", "a").type == "Location"
    assert node(res, "s", "a").type == "Organization"
    assert node(res, "s", "a") is not node(res, "p0", "a")
    # a body's cue does not keep it, nor a place's person in a story about sport, which
    # in a story about athletes is where one is from: one story's reading against many
    assert node(run(*places, side("after 'firm'")), "s", "a").type == "Location"
    assert node(run(*places, side(PLACES_PERSON_CUE)), "s", "a").type == "Location"


def test_a_sports_story_reading_a_town_as_its_club_keeps_the_club():
    # most stories name the town as a place; a story about sport names the club by it
    # ("signed Tom Hale from Harwick"), with its own cues and the place list's vote
    towns = [
        doc(f"p{i}", ent("a", "Harwick", "Location", {"Location": 2.0}, cues=["place (city)"]))
        for i in range(10)
    ]
    votes = {"Organization": 6.5, "Location": 1.5}
    club = ent("a", "Harwick", "Organization", votes, {"Organization": 1.0}, cues=[CLUB_TOWN_CUE])
    res = run(*towns, doc("s", club))
    assert node(res, "s", "a").type == "Organization"
    assert node(res, "p0", "a").type == "Location"


def test_a_town_read_as_a_place_outside_sport_keeps_the_place_against_a_label():
    # sports stories make the town's name its club, with cues of their own; a story about
    # engineering says someone is from the town, and only the model's label says a body
    club = {"Organization": 6.5, "Location": 1.0}
    clubs = [
        doc(
            f"s{i}",
            ent(
                "a",
                "Harwick",
                "Organization",
                club,
                labels={"Location": 1.0},
                cues=["a club's town in a story about sport"],
            ),
        )
        for i in range(5)
    ]

    def town(*cues: str) -> Extraction:
        votes = {"Location": 1.5, "Organization": 1.0}
        place = ent("a", "Harwick", "Location", votes, {"Organization": 1.0}, cues=cues)
        return doc("t", place)

    res = run(*clubs, town("place (city)"))
    assert node(res, "s0", "a").type == "Organization"
    assert node(res, "t", "a").type == "Location"
    assert node(res, "t", "a") is not node(res, "s0", "a")
    # in a story about sport the town's name is the club's
    sport = doc(
        "t",
        ent(
            "a",
            "Harwick",
            "Location",
            {"Location": 1.5, "Organization": 1.0},
            {"Organization": 1.0},
            cues=["place (city)"],
        ),
        ent(
            "b",
            "Norvik",
            "Organization",
            {"Organization": 5.5},
            {},
            cues=["a club's name in a story about sport"],
        ),
    )
    assert node(run(*clubs, sport), "t", "a").type == "Organization"


def test_a_bare_name_documents_link_to_different_full_names_is_never_merged():
    org = {"Organization": 3.0}
    res = run(
        doc("d1", ent("a", "Halvard Airlines", "Organization", org, aliases=["Halvard"])),
        doc("d2", ent("a", "Halvard Rovers", "Organization", org, aliases=["Halvard"])),
        doc("d3", ent("a", "Halvard", "Organization", org)),
        doc("d4", ent("a", "Halvard", "Organization", org)),
    )
    bare3, bare4 = node(res, "d3", "a"), node(res, "d4", "a")
    assert bare3 is not bare4
    assert bare3.id != bare4.id and bare3.name == bare4.name == "Halvard"
    assert node(res, "d1", "a") is not node(res, "d2", "a")
    assert all(bare3 is not node(res, d, "a") for d in ("d1", "d2"))
    pairs = {frozenset((c.a, c.b)) for c in res.candidates}
    assert frozenset((bare3.id, bare4.id)) in pairs


def test_a_generic_name_is_not_merged_across_documents():
    org = {"Organization": 2.0}
    res = run(
        doc("d1", ent("a", "Treasury", "Organization", org)),
        doc("d2", ent("a", "Treasury", "Organization", org)),
        doc("d3", ent("a", "Central Bank", "Organization", org)),
        doc("d4", ent("a", "Central Bank", "Organization", org)),
    )
    assert node(res, "d1", "a") is not node(res, "d2", "a")
    assert node(res, "d3", "a") is not node(res, "d4", "a")
    reasons = {c.reason for c in res.candidates}
    assert any("Treasury" in r for r in reasons) and any("Central Bank" in r for r in reasons)


def test_a_contests_kind_alone_is_not_merged_across_documents():
    # "the Cup" of a football story and of a tennis one
    event = {"Event": 2.0}
    res = run(
        doc("d1", ent("a", "Cup", "Event", event)),
        doc("d2", ent("a", "Cup", "Event", event)),
    )
    assert node(res, "d1", "a") is not node(res, "d2", "a")


def test_a_clubs_nickname_is_not_merged_across_documents():
    # a football story links "Blues" to its club; a rugby story's "Blues" is another side
    org = {"Organization": 3.0}
    res = run(
        doc("d1", ent("a", "Chelsea", "Organization", org, aliases=["Blues"])),
        doc("d2", ent("a", "Blues", "Organization", org)),
    )
    assert node(res, "d2", "a") is not node(res, "d1", "a")


def test_a_one_word_name_with_one_meaning_still_merges():
    org = {"Organization": 3.0}
    res = run(
        doc("d1", ent("a", "Gorvex", "Organization", org)),
        doc("d2", ent("a", "Gorvex", "Organization", org)),
        doc("d3", ent("a", "Gorvex Mining", "Organization", org, aliases=["Gorvex"])),
    )
    assert node(res, "d1", "a") is node(res, "d2", "a") is node(res, "d3", "a")


def test_two_organizations_joined_do_not_make_a_name_ambiguous():
    org = {"Organization": 3.0}
    res = run(
        doc("d1", ent("a", "Gorvex", "Organization", org)),
        doc("d2", ent("a", "Gorvex", "Organization", org)),
        doc("d3", ent("a", "Talmor", "Organization", org)),
        doc("d4", ent("a", "Gorvex Talmor", "Organization", org, aliases=["Gorvex"])),
        doc("d5", ent("a", "Talmor Gorvex", "Organization", org, aliases=["Gorvex"])),
    )
    assert node(res, "d1", "a") is node(res, "d2", "a")


def test_person_spelling_variants_merge_but_one_letter_places_do_not():
    person = {"Person": 3.0}
    res = run(
        doc("d1", ent("a", "Eliot Spitzer", "Person", person)),
        doc("d2", ent("a", "Elliot Spitzer", "Person", person)),
        doc("d3", ent("a", "Ministry of Health of Hunan", "Organization", {"Organization": 3})),
        doc("d4", ent("a", "Ministry of Health of Henan", "Organization", {"Organization": 3})),
        doc("d5", ent("a", "Elliot Spencer", "Person", person)),
    )
    assert node(res, "d1", "a") is node(res, "d2", "a")
    assert node(res, "d3", "a") is not node(res, "d4", "a")
    assert node(res, "d5", "a") is not node(res, "d1", "a")


def test_stories_saying_nothing_of_a_lone_word_do_not_outvote_one_that_calls_it_a_person():
    # four stories name a singer by one word, which the model tags as a person: the entity
    # step's fallback makes it a firm there (no first name, no title); one story lists her
    # with people
    def silent(doc_id: str, mentions: int) -> Extraction:
        votes = {"Organization": 1.5 * mentions, "Person": min(mentions, 2.0)}
        labels = {"Person": min(mentions, 2.0)}
        return doc(doc_id, ent("a", "Kestro", "Organization", votes, labels, cues=[LONE_WORD_CUE]))

    listed = ent(
        "a", "Kestro", "Person", {"Person": 3.5}, {"Person": 1.0}, cues=["listed with people"]
    )
    silent_stories = [silent("d0", 3), silent("d1", 1), silent("d2", 1), silent("d3", 1)]
    res = run(*silent_stories, doc("p", listed))
    assert node(res, "d0", "a").type == "Person"
    assert node(res, "d0", "a") is node(res, "p", "a")
    # a story with a cue of its own for a firm is no silent one: its cue counts in full
    firm = ent(
        "a",
        "Kestro",
        "Organization",
        {"Organization": 6.0, "Person": 1.0},
        {"Person": 1.0},
        cues=[LONE_WORD_CUE, "after 'firm'"],
    )
    res = run(*silent_stories, doc("f", firm), doc("p", listed))
    assert node(res, "f", "a").type == "Organization"
    # with no story saying anything of it, the fallback keeps the firm, though short
    # stories (where it does not apply) repeat the model's label
    labelled = [doc(f"s{i}", ent("a", "Kestro", "Person", {"Person": 2.0})) for i in range(2)]
    res = run(*silent_stories[:2], *labelled)
    assert node(res, "d0", "a").type == "Organization"
    # where a story reads the name as a band, the model's labels for a person say nothing of
    # it: a player of that name elsewhere does not make the band's silent stories a person
    band = ent(
        "a",
        "Kestro",
        "Organization",
        {"Organization": 8.5, "Person": 2.0},
        {"Person": 2.0},
        cues=["after 'band'", BAND_CUE],
    )
    player = ent(
        "a", "Kestro", "Person", {"Person": 7.5}, {"Person": 2.0}, cues=["a player on a team sheet"]
    )
    players = [doc(f"t{i}", player) for i in range(2)]
    res = run(*silent_stories, doc("b", band), doc("p", listed), *players)
    assert node(res, "d0", "a").type == "Organization"


def test_a_band_some_stories_name_is_the_band_where_others_say_nothing_of_it():
    # the model tags the band as a person in lists of acts, its first word a first name;
    # one story calls it a band ("Kestrel Lane frontman Tom Hale")
    def listed(doc_id: str) -> Extraction:
        votes, labels, words = {"Person": 3.5}, {"Person": 2.0}, {"Person": 1.5}
        return doc(doc_id, ent("a", "Kestrel Lane", "Person", votes, labels, words=words))

    band = ent(
        "a",
        "Kestrel Lane",
        "Organization",
        {"Organization": 3.7, "Person": 3.3},
        {"Organization": 0.2, "Person": 1.8},
        cues=["before 'frontman'", BAND_CUE],
        words={"Person": 1.5},
    )
    res = run(*(listed(f"d{i}") for i in range(8)), doc("b", band))
    assert node(res, "b", "a").type == "Organization"
    assert node(res, "d0", "a") is node(res, "b", "a")
    # a story with words of its own for a person keeps the person, and the band its type
    person = ent(
        "a",
        "Kestrel Lane",
        "Person",
        {"Person": 8.0},
        {"Person": 2.0},
        cues=["title 'archduke'"],
        words={"Person": 1.5},
    )
    res = run(*(listed(f"d{i}") for i in range(8)), doc("b", band), doc("p", person))
    assert node(res, "b", "a").type == "Organization"
    assert node(res, "p", "a").type == "Person"
    # without a story calling it a band, the lists keep the model's person
    res = run(*(listed(f"d{i}") for i in range(8)), doc("b", replace(band, type_cues=[])))
    assert node(res, "d0", "a").type == "Person"


def test_a_band_named_after_a_place_leaves_the_place_alone():
    band = ent(
        "a", "Harwick", "Organization", {"Organization": 5.0}, cues=["after 'band'", BAND_CUE]
    )
    towns = [
        doc(f"t{i}", ent("a", "Harwick", "Location", {"Location": 3.0}, words={"Location": 2.0}))
        for i in range(3)
    ]
    res = run(*towns, doc("b", band))
    assert node(res, "t0", "a").type == "Location"
    assert node(res, "b", "a").type == "Organization"
