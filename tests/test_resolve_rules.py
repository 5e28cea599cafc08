"""Cross-document resolution: each merge rule, each case that must stay apart, stable ids."""

from __future__ import annotations

import random

import pytest

from threadline.config import ResolveConfig
from threadline.graph.model import Entity, Extraction, Mention, entity_id
from threadline.graph.ontology import Ontology
from threadline.graph.resolve import Resolution, resolve
from threadline.ingest.gazetteer import Gazetteer, GazetteerEntry
from threadline.votes import LISTED_COMPANY_CUE, TEAM_SHEET_CUE, story_sport_cue

ONTOLOGY = Ontology.load()


def ent(
    local_id: str,
    name: str,
    etype: str = "Organization",
    aliases=(),
    mentions: int = 1,
    at: int = 0,
) -> Entity:
    spans = [Mention(at + 100 * k, at + 100 * k + len(name), name) for k in range(mentions)]
    return Entity(local_id, name, etype, list(aliases), spans)


def doc(doc_id: str, *entities: Entity) -> Extraction:
    return Extraction(doc_id, None, 10_000, entities=list(entities))


def run(*extractions: Extraction, gazetteer=None, **config) -> Resolution:
    return resolve(list(extractions), ONTOLOGY, ResolveConfig(**config), gazetteer)


def together(res: Resolution, a: tuple[str, str], b: tuple[str, str]) -> bool:
    ia, ib = res.canonical_id(*a), res.canonical_id(*b)
    assert ia is not None and ib is not None
    return ia == ib


def names(res: Resolution) -> list[str]:
    return sorted(e.name for e in res.entities.values())


# -- merge rules ----------------------------------------------------------------------


def test_same_normalized_name_is_one_entity_across_documents() -> None:
    res = run(
        doc("d1", ent("a", "The Chinese Communist Party")),
        doc("d2", ent("b", "Chinese Communist Party’s")),
        doc("d3", ent("c", "chinese  communist party")),
    )
    assert len(res.entities) == 1
    (entity,) = res.entities.values()
    assert entity.doc_ids == ["d1", "d2", "d3"]
    assert entity.mention_count == 3
    assert sorted(entity.members) == [("d1", "a"), ("d2", "b"), ("d3", "c")]


def test_multiword_alias_given_by_one_document_links_another() -> None:
    res = run(
        doc("d1", ent("a", "Jin Xinjiang", "Person", aliases=["Julien Jin"])),
        doc("d2", ent("b", "Julien Jin", "Person")),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))


def test_a_shared_surname_with_an_apostrophe_links_no_two_people() -> None:
    res = run(
        doc("d1", ent("a", "Ann O'Hale", "Person", aliases=["O'Hale"])),
        doc("d2", ent("b", "Tom O'Hale", "Person", aliases=["O'Hale"])),
        doc("d3", ent("c", "O'Hale", "Person")),
    )
    assert names(res) == ["Ann O'Hale", "O'Hale", "Tom O'Hale"]


def test_acronym_defined_as_alias_merges_bare_acronym_elsewhere() -> None:
    res = run(
        doc("d1", ent("a", "Chinese Communist Party", aliases=["CCP"], mentions=3)),
        doc("d2", ent("b", "CCP")),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))
    (entity,) = res.entities.values()
    assert entity.name == "Chinese Communist Party"
    assert entity.aliases == ["CCP"]


def test_acronym_defined_in_parentheses_merges_by_initials() -> None:
    # "Hebei Talent Exchange Association (HTEA)": two entities whose mentions touch.
    definer = Entity(
        "a",
        "Hebei Talent Exchange Association",
        "Organization",
        [],
        [
            Mention(10, 43, "Hebei Talent Exchange Association"),
            Mention(200, 233, "Hebei Talent Exchange Association"),
        ],
    )
    acronym = Entity("b", "HTEA", "Organization", [], [Mention(45, 49, "HTEA")])
    res = run(doc("d1", definer, acronym), doc("d2", ent("c", "HTEA")))
    assert together(res, ("d1", "a"), ("d1", "b"))
    assert together(res, ("d1", "a"), ("d2", "c"))


def test_reordered_person_names_are_one_person() -> None:
    res = run(
        doc("d1", ent("a", "Xinjiang Jin", "Person")),
        doc("d2", ent("b", "Jin Xinjiang", "Person", mentions=2)),
        doc("d3", ent("c", "Zhang XX", "Person"), ent("d", "XX Zhang", "Person")),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))
    assert together(res, ("d3", "c"), ("d3", "d"))
    assert res.entities[res.canonical_id("d1", "a")].name == "Jin Xinjiang"  # most mentioned


def test_gazetteer_aliases_merge_and_name_the_entity() -> None:
    gazetteer = Gazetteer(
        [
            GazetteerEntry(
                "United Front Work Department", "Organization", ("UFWD", "United Front Department")
            )
        ]
    )
    res = run(
        doc("d1", ent("a", "United Front Department", mentions=5)),
        doc("d2", ent("b", "UFWD")),
        gazetteer=gazetteer,
    )
    assert together(res, ("d1", "a"), ("d2", "b"))
    assert names(res) == ["United Front Work Department"]


def test_no_gazetteer_is_accepted() -> None:
    assert len(run(doc("d1", ent("a", "Acme Holdings")), gazetteer=None).entities) == 1


def test_fuzzy_merges_a_typo_in_a_long_name() -> None:
    res = run(
        doc("d1", ent("a", "Peter Navarro", "Person", mentions=3)),
        doc("d2", ent("b", "Peter Navaro", "Person")),
        doc("d3", ent("c", "Hebei International Talent Exchange Association")),
        doc("d4", ent("d", "Hebei Internatonal Talent Exchange Association")),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))
    assert together(res, ("d3", "c"), ("d4", "d"))
    assert res.entities[res.canonical_id("d2", "b")].name == "Peter Navarro"


def test_fuzzy_can_be_switched_off() -> None:
    res = run(
        doc("d1", ent("a", "Peter Navarro", "Person")),
        doc("d2", ent("b", "Peter Navaro", "Person")),
        fuzzy=False,
    )
    assert not together(res, ("d1", "a"), ("d2", "b"))
    assert [(c.score >= 92) for c in res.candidates] == [True]


# -- what must stay apart ---------------------------------------------------------------


def test_never_merges_across_types() -> None:
    res = run(
        doc("d1", ent("a", "Jordan", "Person")),
        doc("d2", ent("b", "Jordan", "Location")),
    )
    assert not together(res, ("d1", "a"), ("d2", "b"))
    assert sorted(e.type for e in res.entities.values()) == ["Location", "Person"]


def test_persons_sharing_a_surname_stay_apart() -> None:
    res = run(
        doc("d1", ent("a", "Zhang Wei", "Person"), ent("b", "Zhang Wen", "Person")),
        doc("d2", ent("c", "John Smith", "Person"), ent("d", "Jane Smith", "Person")),
        doc("d3", ent("e", "Smith", "Person"), ent("f", "Zhang", "Person")),
    )
    assert len({res.canonical_id(d, e) for d, e in [("d1", "a"), ("d1", "b")]}) == 2
    assert len(res.entities) == 6


def test_a_surname_alone_merges_on_no_near_spelling() -> None:
    res = run(
        doc("d1", ent("a", "Hartley", "Person")),
        doc("d2", ent("a", "Harley", "Person")),
        doc("d3", ent("a", "Tom Hartley", "Person")),
        doc("d4", ent("a", "Tom Harley", "Person")),
    )
    assert not together(res, ("d1", "a"), ("d2", "a"))
    assert together(res, ("d3", "a"), ("d4", "a"))  # a full name's variant still merges


def _surname(doc_id: str, name: str, *cues: str) -> Extraction:
    """A person named by the surname alone, with the cues of the names around it."""
    person = ent("a", name, "Person", mentions=2)
    person.type_cues = list(cues)
    return doc(doc_id, person)


def test_a_surname_two_persons_share_is_not_merged_across_stories_about_sport() -> None:
    # Two players called Tolley are named in full; match reports say "Tolley" alone.
    res = run(
        doc("d0", ent("a", "Ann Tolley", "Person"), ent("b", "Tom Tolley", "Person")),
        _surname("d1", "Tolley", TEAM_SHEET_CUE),
        _surname("d2", "Tolley", story_sport_cue("football")),
        # news of other kinds names the one public figure so
        _surname("d3", "Tolley"),
        _surname("d4", "Tolley"),
    )
    assert not together(res, ("d1", "a"), ("d2", "a"))
    assert not together(res, ("d1", "a"), ("d3", "a"))
    assert together(res, ("d3", "a"), ("d4", "a"))


def test_a_surname_one_person_has_and_a_stray_sport_cue_still_merge() -> None:
    res = run(
        doc("d0", ent("a", "Ann Tolley", "Person"), ent("b", "Tom Birch", "Person")),
        _surname("d1", "Tolley", TEAM_SHEET_CUE),
        _surname("d2", "Tolley", TEAM_SHEET_CUE),
        doc("d3", ent("a", "Birch", "Person", mentions=2), _cued("b", "Hollywood")),
        doc("d4", ent("a", "Birch", "Person", mentions=2), _cued("b", "Hollywood")),
        doc("d5", ent("a", "Jack Birch", "Person")),
    )
    assert together(res, ("d1", "a"), ("d2", "a"))  # one Tolley named in full
    # one name with a team's cue is no story about sport: two Birches, merged as before
    assert together(res, ("d3", "a"), ("d4", "a"))


def _cued(local_id: str, name: str) -> Entity:
    entity = ent(local_id, name)
    entity.type_cues = ["team: before 'player'"]
    return entity


def test_organizations_sharing_a_head_noun_stay_apart() -> None:
    res = run(
        doc("d1", ent("a", "Liuzhou Foreign Affairs Office")),
        doc("d2", ent("b", "Foreign Affairs Ministry")),
        doc("d3", ent("c", "Ministry of Health of Hunan")),
        doc("d4", ent("d", "Ministry of Health of Henan")),
        doc("d5", ent("e", "Guangxi Chamber of Commerce")),
        doc("d6", ent("f", "Jiangxi Chamber of Commerce")),
    )
    assert len(res.entities) == 6


def test_similar_but_distinct_names_become_candidates_not_merges() -> None:
    res = run(
        doc("d1", ent("c", "Ministry of Health of Hunan")),
        doc("d2", ent("d", "Ministry of Health of Henan")),
    )
    assert len(res.entities) == 2
    (candidate,) = res.candidates
    assert {candidate.a, candidate.b} == set(res.entities)
    assert "distinctive word" in candidate.reason


def test_acronym_claimed_by_two_entities_merges_nothing_and_is_a_candidate() -> None:
    res = run(
        doc("d1", ent("a", "China Shipbuilding Corporation", aliases=["CSC"])),
        doc("d2", ent("b", "China Scholarship Council", aliases=["CSC"])),
        doc("d3", ent("c", "CSC")),
    )
    assert len(res.entities) == 3
    pairs = {frozenset((c.a, c.b)) for c in res.candidates}
    bare = res.canonical_id("d3", "c")
    assert frozenset((bare, res.canonical_id("d1", "a"))) in pairs
    assert frozenset((bare, res.canonical_id("d2", "b"))) in pairs
    assert all("CSC" in c.reason for c in res.candidates)


def test_a_listed_companys_letters_alone_are_not_another_storys_long_name() -> None:
    listed = ent("b", "KTN")
    listed.type_cues = [LISTED_COMPANY_CUE]
    res = run(
        doc("d1", ent("a", "Kestrel Trade Network", aliases=["KTN"], mentions=3)),
        doc("d2", listed),
    )
    assert not together(res, ("d1", "a"), ("d2", "b"))
    (candidate,) = res.candidates
    assert "listed company" in candidate.reason
    # ... whatever cue the definer's own mention of the letters gave it
    definer = ent("a", "Kestrel Trade Network", aliases=["KTN"], mentions=3)
    definer.type_cues = [LISTED_COMPANY_CUE]
    res = run(doc("d1", definer), doc("d2", listed))
    assert not together(res, ("d1", "a"), ("d2", "b"))
    # letters no story marks as a listed company's still take the long name
    res = run(
        doc("d1", ent("a", "Kestrel Trade Network", aliases=["KTN"], mentions=3)),
        doc("d2", ent("b", "KTN")),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))
    # ... and so does a listed company's one-word name, the short form of its long one
    word = ent("b", "Kestrel")
    word.type_cues = [LISTED_COMPANY_CUE]
    res = run(
        doc("d1", ent("a", "Kestrel Universal", aliases=["Kestrel"], mentions=3)),
        doc("d2", word),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))


@pytest.mark.parametrize(
    ("long_name", "etype", "bare"),
    [
        # a place named with more words is a candidate only (graph/resolve/places.py)
        ("Kestrel International", "Location", "Kestrel"),
        # a word that names a kind of event, no event alone
        ("Norvik Cup", "Event", "Cup"),
    ],
)
def test_a_one_word_alias_that_may_name_another_thing_links_no_other_story(
    long_name: str, etype: str, bare: str
) -> None:
    res = run(
        doc("d1", ent("a", long_name, etype, aliases=[bare], mentions=3)),
        doc("d2", ent("b", bare, etype)),
    )
    assert not together(res, ("d1", "a"), ("d2", "b"))


@pytest.mark.parametrize(
    ("long_name", "etype"),
    [("Kestrel Microsystems", "Organization"), ("Kestrel Province", "Location")],
)
def test_a_one_word_alias_of_a_body_links_its_bare_name_in_other_stories(
    long_name: str, etype: str
) -> None:
    # a body's short name; a place's name without its designator
    res = run(
        doc("d1", ent("a", long_name, etype, aliases=["Kestrel"], mentions=3)),
        doc("d2", ent("b", "Kestrel", etype)),
    )
    assert together(res, ("d1", "a"), ("d2", "b"))


def test_undefined_acronym_matching_initials_is_only_a_candidate() -> None:
    res = run(
        doc("d1", ent("a", "Overseas Chinese Affairs Office")),
        doc("d2", ent("b", "OCAO")),
    )
    assert len(res.entities) == 2
    (candidate,) = res.candidates
    assert "initials" in candidate.reason


def test_descriptions_as_aliases_link_nothing() -> None:
    res = run(
        doc("d1", ent("a", "Hebei Talent Association", aliases=["the association"])),
        doc("d2", ent("b", "Fujian Trade Association", aliases=["the association"])),
    )
    assert len(res.entities) == 2
    assert all(e.aliases == [] for e in res.entities.values())


# -- stability ------------------------------------------------------------------------


def _corpus() -> list[Extraction]:
    return [
        doc(
            "d1",
            ent("a", "Chinese Communist Party", aliases=["CCP"], mentions=2),
            ent("b", "Jin Xinjiang", "Person"),
        ),
        doc("d2", ent("a", "CCP"), ent("b", "Xinjiang Jin", "Person", mentions=2)),
        doc("d3", ent("x", "Peter Navarro", "Person"), ent("y", "Peter Navaro", "Person")),
    ]


def test_ids_do_not_depend_on_input_order() -> None:
    corpus = _corpus()
    first = run(*corpus)
    for seed in range(5):
        shuffled = [Extraction(e.doc_id, e.title, e.text_length, list(e.entities)) for e in corpus]
        rng = random.Random(seed)
        rng.shuffle(shuffled)
        for e in shuffled:
            rng.shuffle(e.entities)
        again = run(*shuffled)
        assert again.entities.keys() == first.entities.keys()
        assert [e.to_dict() for e in again.entities.values()] == [
            e.to_dict() for e in first.entities.values()
        ]


def test_ids_derive_from_type_and_canonical_name() -> None:
    res = run(*_corpus())
    for cid, entity in res.entities.items():
        assert cid == entity_id(entity.type, entity.name)
    assert res.entities[res.canonical_id("d1", "b")].name == "Xinjiang Jin"  # most mentioned
    assert res.entities[res.canonical_id("d3", "y")].name == "Peter Navarro"  # longest


def test_canonical_name_drops_determiner_and_possessive_then_breaks_ties() -> None:
    res = run(
        doc("d1", ent("a", "the Acme Trading Company")),
        doc("d2", ent("b", "Acme Trading Company’s")),
    )
    (entity,) = res.entities.values()
    assert entity.name == "Acme Trading Company"
    res = run(
        doc("d1", ent("a", "Xinjiang Jin", "Person")), doc("d2", ent("b", "Jin Xinjiang", "Person"))
    )
    assert next(iter(res.entities.values())).name == "Jin Xinjiang"


@pytest.mark.parametrize("count", [3])
def test_samples_show_mentions_from_different_documents_first(count: int) -> None:
    res = run(
        doc("d1", ent("a", "Acme Holdings", mentions=3)), doc("d2", ent("b", "Acme Holdings"))
    )
    (cid,) = res.entities
    samples = res.samples(cid, limit=count)
    assert [s["doc_id"] for s in samples][:2] == ["d1", "d2"]
    assert all(s["text"] == "Acme Holdings" for s in samples)


def test_place_with_and_without_designator_is_a_candidate_not_a_merge() -> None:
    res = run(
        doc("d1", ent("a", "Hebei Province", "Location")),
        doc("d2", ent("b", "Hebei", "Location")),
    )
    assert len(res.entities) == 2
    (candidate,) = res.candidates
    assert "'Province'" in candidate.reason


def test_a_users_type_with_the_place_trait_is_treated_as_a_place(tmp_path) -> None:
    extra = tmp_path / "regions.yaml"
    extra.write_text("entity_types:\n  Region: {traits: [place]}\n  Brand: {}\n", "utf-8")
    ontology = Ontology.load((extra,))
    regions = [
        doc("d1", ent("a", "Hebei Province", "Region")),
        doc("d2", ent("b", "Hebei", "Region")),
    ]
    brands = [doc("d1", ent("a", "Hebei Province", "Brand")), doc("d2", ent("b", "Hebei", "Brand"))]
    (candidate,) = resolve(regions, ontology, ResolveConfig()).candidates
    assert "'Province'" in candidate.reason
    assert resolve(brands, ontology, ResolveConfig()).candidates == []


def test_an_alias_sharing_few_words_with_its_name_only_suggests() -> None:
    res = run(
        doc("d1", ent("a", "Hebei Talent Association", aliases=["Northern Transfer Center"])),
        doc("d2", ent("b", "Northern Transfer Center")),
    )
    assert not together(res, ("d1", "a"), ("d2", "b"))
    (candidate,) = res.candidates
    assert "alias of the other" in candidate.reason


def test_a_possessive_every_document_keeps_stays_in_the_name() -> None:
    res = run(doc("d1", ent("a", "Kestrel & Lund's")), doc("d2", ent("b", "Kestrel & Lund's")))
    (entity,) = res.entities.values()
    assert entity.name == "Kestrel & Lund's"


def test_a_possessive_only_some_documents_write_is_dropped() -> None:
    res = run(doc("d1", ent("a", "Kestrel & Lund's")), doc("d2", ent("b", "Kestrel & Lund")))
    (entity,) = res.entities.values()
    assert entity.name == "Kestrel & Lund"


# -- a name of several words given with different qualifiers ------------------------


def _party(doc_id: str, name: str, *aliases: str) -> Extraction:
    return doc(doc_id, ent("a", name, aliases=aliases, mentions=3))


def test_a_bare_name_two_documents_qualify_differently_merges_neither() -> None:
    # Each document names its party in full once, then "the Communist Party": the bare
    # name is not one party, and the full names say which each is.
    res = run(
        _party("d1", "Communist Party", "Norvik Communist Party"),
        _party("d2", "Communist Party", "Talvaro Communist Party"),
        _party("d3", "Communist Party"),
    )
    assert not together(res, ("d1", "a"), ("d2", "a"))
    assert not together(res, ("d1", "a"), ("d3", "a"))
    assert not together(res, ("d2", "a"), ("d3", "a"))
    assert names(res) == ["Communist Party", "Norvik Communist Party", "Talvaro Communist Party"]
    pairs = {frozenset((c.a, c.b)) for c in res.candidates}
    assert frozenset((res.canonical_id("d1", "a"), res.canonical_id("d2", "a"))) in pairs


def test_full_names_sharing_a_bare_alias_are_not_merged_on_it() -> None:
    res = run(
        _party("d1", "Norvik Communist Party", "Communist Party"),
        _party("d2", "Communist Party of Talvaro", "Communist Party"),
    )
    assert names(res) == ["Communist Party of Talvaro", "Norvik Communist Party"]


def test_a_bare_name_qualified_one_way_still_merges() -> None:
    res = run(
        _party("d1", "Communist Party", "Norvik Communist Party"),
        _party("d2", "Norvik Communist Party"),
        _party("d3", "Communist Party", "Norvik Communist Party"),
    )
    assert len(res.entities) == 1
    assert names(res) == ["Communist Party"]


def test_qualifiers_naming_one_place_are_one_and_known_names_keep_merging() -> None:
    gazetteer = Gazetteer(
        [
            GazetteerEntry("United Kingdom", "Location", ("UK", "Britain")),
            GazetteerEntry("Kestrel Party", "Organization", ()),
        ]
    )
    res = run(
        _party("d1", "Tremor Trust", "UK Tremor Trust"),
        _party("d2", "Tremor Trust", "Britain Tremor Trust"),
        _party("d3", "Kestrel Party", "Norvik Kestrel Party"),
        _party("d4", "Kestrel Party", "Talvaro Kestrel Party"),
        gazetteer=gazetteer,
    )
    assert together(res, ("d1", "a"), ("d2", "a"))
    assert together(res, ("d3", "a"), ("d4", "a"))


# -- a town's name that stands for two clubs ---------------------------------------


def test_a_towns_name_two_clubs_share_is_merged_club_by_club() -> None:
    # Football stories call their club the Magpies, a rugby story its club the Falcons:
    # the bare "Newcastle" is either, and the stories that say which are merged by it.
    res = run(
        _party("d1", "Newcastle", "Magpies"),
        _party("d2", "Newcastle", "Magpies"),
        _party("d3", "Newcastle", "Falcons"),
        _party("d4", "Newcastle"),
    )
    assert together(res, ("d1", "a"), ("d2", "a"))
    assert not together(res, ("d1", "a"), ("d3", "a"))
    assert not together(res, ("d4", "a"), ("d1", "a"))
    assert not together(res, ("d4", "a"), ("d3", "a"))


def test_a_clubs_full_name_is_not_merged_with_the_other_club_of_its_town() -> None:
    res = run(
        _party("d1", "Leicester City", "Leicester"),
        _party("d2", "Leicester", "Tigers"),
        _party("d3", "Leicester", "Tigers"),
    )
    assert not together(res, ("d1", "a"), ("d2", "a"))
    assert together(res, ("d2", "a"), ("d3", "a"))
    assert names(res) == ["Leicester", "Leicester City"]


def test_one_clubs_names_and_nicknames_still_merge() -> None:
    res = run(
        _party("d1", "Leicester City", "Leicester"),
        _party("d2", "Leicester", "Foxes"),
        _party("d3", "Leicester"),
        _party("d4", "Arsenal", "Gunners"),
        _party("d5", "Arsenal"),
        # a name the entity step glued is no club's full name
        _party("d6", "Everton and Arsenal", "Arsenal"),
    )
    assert together(res, ("d1", "a"), ("d2", "a")) and together(res, ("d2", "a"), ("d3", "a"))
    assert together(res, ("d4", "a"), ("d5", "a"))


def _side(
    doc_id: str, name: str, sport: str, *aliases: str, etype: str = "Organization"
) -> Extraction:
    """A name in a story the entity step read as about ``sport``, marked with it."""
    side = ent("a", name, etype, aliases=aliases, mentions=3)
    side.type_cues = [story_sport_cue(sport)] if sport else []
    return doc(doc_id, side)


def test_a_countrys_sides_of_two_sports_are_merged_sport_by_sport() -> None:
    # Rugby reports and football reports both call their national side "England".
    res = run(
        _side("d1", "England", "rugby union"),
        _side("d2", "England", "rugby union"),
        _side("d3", "England", "football"),
        _side("d4", "England", "football"),
        _side("d5", "England", ""),
    )
    assert together(res, ("d1", "a"), ("d2", "a"))
    assert together(res, ("d3", "a"), ("d4", "a"))
    assert not together(res, ("d1", "a"), ("d3", "a"))
    # a story whose sport is not known is neither side
    assert not together(res, ("d5", "a"), ("d1", "a"))
    assert not together(res, ("d5", "a"), ("d3", "a"))
    assert names(res) == ["England", "England", "England"]


def test_a_name_kept_apart_merges_on_no_near_spelling_either() -> None:
    res = run(
        _side("d1", "Harwick", "rugby union"),
        _side("d2", "Harwick", "football"),
        doc("d3", ent("a", "Harwicks", mentions=3)),
    )
    assert not together(res, ("d1", "a"), ("d3", "a"))
    assert not together(res, ("d2", "a"), ("d3", "a"))


def test_a_places_side_of_one_sport_still_merges_with_its_unmarked_uses() -> None:
    res = run(
        _side("d1", "Wales", "rugby union"),
        _side("d2", "Wales", "rugby union"),
        _side("d3", "Wales", ""),
    )
    assert together(res, ("d1", "a"), ("d2", "a")) and together(res, ("d2", "a"), ("d3", "a"))


@pytest.mark.parametrize(
    ("name", "sports", "alias"),
    [
        # a contest each sport has its own of
        ("World Cup", ("rugby union", "football"), ""),
        # the plural each story writes once joins its own sport's contest, not the other's
        ("Grand Slam", ("rugby union", "tennis"), "Grand Slams"),
    ],
)
def test_a_contest_each_sport_has_its_own_of_is_merged_sport_by_sport(
    name: str, sports: tuple[str, str], alias: str
) -> None:
    aliases = (alias,) if alias else ()
    res = run(
        _side("d1", name, sports[0], *aliases, etype="Event"),
        _side("d2", name, sports[0], etype="Event"),
        _side("d3", name, sports[1], *aliases, etype="Event"),
        _side("d4", name, sports[1], etype="Event"),
    )
    assert together(res, ("d1", "a"), ("d2", "a"))
    assert together(res, ("d3", "a"), ("d4", "a"))
    assert not together(res, ("d1", "a"), ("d3", "a"))


def test_a_clubs_full_name_as_an_alias_still_merges_with_the_club() -> None:
    res = run(
        _side("d1", "Newcastle", "football", "Newcastle United"),
        _side("d2", "Newcastle", "rugby union", "Falcons"),
        doc("d3", ent("a", "Newcastle United", mentions=3)),
    )
    assert together(res, ("d1", "a"), ("d3", "a"))
    assert not together(res, ("d1", "a"), ("d2", "a"))


def test_a_sport_and_a_clubs_nickname_are_one_identity() -> None:
    # "the Falcons" in one rugby report, the sport alone in another: one club.
    res = run(
        _side("d1", "Newcastle", "rugby union", "Falcons"),
        _side("d2", "Newcastle", "rugby union"),
        _side("d3", "Newcastle", "football", "Magpies"),
        _side("d4", "Newcastle", "football"),
    )
    assert together(res, ("d1", "a"), ("d2", "a"))
    assert together(res, ("d3", "a"), ("d4", "a"))
    assert not together(res, ("d1", "a"), ("d3", "a"))


def test_a_bare_name_merged_with_its_full_name_elsewhere_is_shown_by_the_full_name() -> None:
    res = run(
        _party("d1", "Communist Party", "Norvik Communist Party"),
        _party("d2", "Communist Party", "Talvaro Communist Party"),
        doc("d3", ent("a", "Norvik Communist Party")),
    )
    assert together(res, ("d1", "a"), ("d3", "a"))
    assert names(res) == ["Norvik Communist Party", "Talvaro Communist Party"]


def test_a_body_named_after_a_town_the_documents_name_as_a_place_shows_its_longer_name() -> None:
    res = run(
        doc("d1", ent("a", "Kestrel Rovers", aliases=["Kestrel"])),
        doc("d2", ent("a", "Kestrel", mentions=3)),
        doc("d3", ent("a", "Kestrel", mentions=2)),
        doc("d4", ent("a", "Kestrel", "Location")),
    )
    assert together(res, ("d1", "a"), ("d2", "a"))
    assert names(res) == ["Kestrel", "Kestrel Rovers"]
