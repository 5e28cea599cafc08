"""Node patterns read off a Doc's arrays give the tokens spaCy's token Matcher gives,
and a node these checks cannot read exactly leaves its matcher to spaCy."""

from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher, Matcher

from threadline.ingest.node_matches import RunIndex, compile_node
from threadline.ingest.tree_roots import RootIndexMatcher

TEXTS = [
    "Kestrel Labs hired Ann Tolley as chief executive of its Marsburg unit on Tuesday.",
    "The Norvik group, founded in 1998 by Tom Hale, said it would not sell the Talvaro brand.",
    '"We are not leaving," said Jack Birch, 54, the Harwick mayor. Shares fell 3%.',
    "In Marsburg, the Talvex Foundation gave £2m to the city's university.",
]

NODES = [
    {"DEP": "nsubj"},
    {"POS": "PROPN", "DEP": {"IN": ["compound", "nsubj", "pobj"]}},
    {"LOWER": {"IN": ["chief", "mayor", "founded", "Chief"]}},
    {"LEMMA": {"IN": ["hire", "found", "give"]}, "POS": "VERB"},
    {"LOWER": {"NOT_IN": ["the", "of", ","]}, "IS_PUNCT": False},
    {"TEXT": {"REGEX": r"^[A-Z][a-z]+$"}, "IS_TITLE": True},
    {"LOWER": {"REGEX": "^(?:tal|mar)"}},
    {"IS_SENT_START": True},
    {"IS_SENT_START": False, "IS_LOWER": True},
    {"ENT_TYPE": "ORG"},
    {"ENT_TYPE": {"IN": ["PERSON", "GPE"]}, "DEP": {"NOT_IN": ["compound"]}},
    {"ORTH": "%"},
    {"TAG": {"IN": ["NNP", "CD"]}, "IS_ALPHA": False},
    {"NORM": {"NOT_IN": ["said"]}, "POS": {"IN": ["VERB", "AUX"]}},
    {"LIKE_NUM": True},
    {"DEP": "no_such_label"},
    {},
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS))


@pytest.mark.parametrize("attributes", NODES, ids=[str(n) for n in NODES])
def test_a_node_matches_the_tokens_spacy_s_matcher_finds(nlp, docs, attributes):
    node = compile_node(attributes, nlp.vocab.strings)
    assert node is not None
    matcher = Matcher(nlp.vocab)
    matcher.add("node", [[attributes]])
    for doc in docs:
        expected = [start for _, start, _ in matcher(doc)]
        assert RunIndex(doc).tokens(node) == expected, doc.text


@pytest.mark.parametrize(
    "attributes",
    [
        {"LENGTH": {">=": 3}},
        {"LOWER": {"FUZZY": "chief"}},
        {"MORPH": {"IS_SUPERSET": ["Number=Sing"]}},
        {"_": {"is_name": True}},
        {"POS": "NOUN", "OP": "?"},
        {"LOWER": {"IN": [["nested"]]}},
        {"NO_SUCH_ATTRIBUTE": "x"},
    ],
)
def test_what_the_arrays_cannot_read_exactly_is_left_to_spacy(nlp, attributes):
    assert compile_node(attributes, nlp.vocab.strings) is None


def test_a_pattern_with_such_a_node_still_gives_spacy_s_matches(nlp, docs):
    pattern = [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "object",
            "RIGHT_ATTRS": {"DEP": "dobj", "LENGTH": {">=": 3}},
        },
    ]
    plain, indexed = DependencyMatcher(nlp.vocab), RootIndexMatcher(nlp.vocab)
    plain.add("p", [pattern])
    indexed.add("p", [pattern])
    found = 0
    for doc in docs:
        assert indexed(doc) == plain(doc)
        found += len(plain(doc))
    assert found


def test_a_pattern_added_later_is_read_too(nlp, docs):
    first = [{"RIGHT_ID": "s", "RIGHT_ATTRS": {"DEP": "nsubj"}}]
    later = [{"RIGHT_ID": "o", "RIGHT_ATTRS": {"DEP": "dobj"}}]
    plain, indexed = DependencyMatcher(nlp.vocab), RootIndexMatcher(nlp.vocab)
    for matcher in (plain, indexed):
        matcher.add("first", [first])
    assert [indexed(doc) for doc in docs] == [plain(doc) for doc in docs]
    for matcher in (plain, indexed):
        matcher.add("later", [later])
    assert [indexed(doc) for doc in docs] == [plain(doc) for doc in docs]
    assert any(m[0] == nlp.vocab.strings["later"] for doc in docs for m in indexed(doc))


def test_a_pattern_whose_nodes_match_many_tokens_gives_spacy_s_matches_in_order(nlp, docs):
    """Links are checked as nodes are assigned, yet every match comes, in spaCy's order."""
    pattern = [
        {"RIGHT_ID": "head", "RIGHT_ATTRS": {"POS": {"IN": ["NOUN", "PROPN", "VERB"]}}},
        {"LEFT_ID": "head", "REL_OP": ">", "RIGHT_ID": "a", "RIGHT_ATTRS": {}},
        {"LEFT_ID": "head", "REL_OP": ">>", "RIGHT_ID": "b", "RIGHT_ATTRS": {"IS_PUNCT": False}},
        {"LEFT_ID": "a", "REL_OP": ".*", "RIGHT_ID": "c", "RIGHT_ATTRS": {"IS_ALPHA": True}},
        {"LEFT_ID": "b", "REL_OP": "$--", "RIGHT_ID": "d", "RIGHT_ATTRS": {}},
    ]
    plain, indexed = DependencyMatcher(nlp.vocab), RootIndexMatcher(nlp.vocab)
    plain.add("wide", [pattern])
    indexed.add("wide", [pattern])
    found = 0
    for doc in docs:
        expected = plain(doc)
        assert indexed(doc) == expected
        found += len(expected)
    assert found > 1000


def test_the_sequence_matcher_gives_spacy_s_matches(nlp, docs):
    from spacy.matcher import Matcher as SpacyMatcher

    from threadline.ingest.assertion import _DENIAL_CUES, _HEDGE_CUES
    from threadline.ingest.node_matches import FixedSequenceMatcher

    texts = [
        "Kestrel allegedly paid Norvik, according to people said to be close to the talks.",
        "Tom Hale denied the claims; the firm's denial came as the company's shares fell.",
        "The party leader Ann Tolley said party chairman Jack Birch was reportedly leaving.",
    ]
    sets = [
        [("HEDGE", _HEDGE_CUES), ("DENIAL", _DENIAL_CUES)],
        [("DESCRIPTION", [[{"LOWER": {"IN": ["the", "this"]}}, {"LOWER": {"IN": ["firm"]}}]])],
        [("PARTY_ROLE", [[{"LOWER": "party"}, {"LOWER": {"IN": ["leader", "chairman"]}}]])],
    ]
    found = 0
    for rules in sets:
        ours, theirs = FixedSequenceMatcher(nlp.vocab), SpacyMatcher(nlp.vocab)
        for key, patterns in rules:
            ours.add(key, patterns)
            theirs.add(key, patterns)
        for doc in [*docs, *nlp.pipe(texts)]:
            expected = theirs(doc)
            got = ours(doc)
            assert sorted(got) == sorted(expected), doc.text
            if len(rules) == 1:
                assert got == expected  # one pattern: the same order too
            found += len(expected)
    assert found >= 8


def test_the_sequence_matcher_refuses_what_it_cannot_read(nlp):
    from threadline.ingest.node_matches import FixedSequenceMatcher

    matcher = FixedSequenceMatcher(nlp.vocab)
    with pytest.raises(ValueError, match="not a fixed sequence"):
        matcher.add("X", [[{"LOWER": "a"}, {"POS": "NOUN", "OP": "+"}]])
