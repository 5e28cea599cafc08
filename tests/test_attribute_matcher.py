"""The attribute ruler's patterns matched on arrays give spaCy's own matches."""

from __future__ import annotations

import pytest
from spacy.pipeline import AttributeRuler

from threadline.ingest.attribute_matcher import (
    ArrayAttributeMatch,
    UnsupportedPattern,
    spacy_matches,
    use_array_matching,
)

# Invented sentences with the words the ruler's exceptions are about: pronouns,
# auxiliaries, modals, negation, contractions, "there is", multi-word lemmas.
SENTENCES = [
    "She said they'd have gone if we hadn't stopped them, but I ain't sure.",
    "There is nothing anyone can do; y'all are gonna stay here, let's go.",
    "It was his, not hers, and you gave it to me because it's ours now.",
    "Somethin' changed: he doesn't know whether the firm's got ta sell itself.",
    "We've been told the board would meet once, which they did in May.",
    "\n\nThe Kestrel Trust, whose head quit, has  two  spaces and\ta tab.\n",
    "C'm on, nothin' beats that ol' harbour; 'em boats 'll sail.",
]


@pytest.fixture(scope="module")
def stock(nlp):
    """The pipeline's ruler as spaCy ships it, and a pipe to run the steps before it."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return ruler


def _parsed(nlp, texts):
    """Docs as the attribute ruler receives them (parsed, not yet ruled)."""
    names = nlp.pipe_names
    after = names[names.index("attribute_ruler") :]
    with nlp.select_pipes(disable=after):
        return list(nlp.pipe(texts))


def test_the_pipeline_matches_the_ruler_on_arrays(nlp, stock):
    assert isinstance(stock.match, ArrayAttributeMatch)


def test_array_matches_are_spacys_on_invented_text(nlp, stock):
    fast = ArrayAttributeMatch(stock)
    for doc in _parsed(nlp, SENTENCES):
        assert fast(doc) == spacy_matches(stock, doc), doc.text


def test_array_matches_are_spacys_on_news_articles(nlp, stock, bbc_dir):
    fast = ArrayAttributeMatch(stock)
    paths = sorted(bbc_dir.glob("*/*.txt"))[::40]  # every section, about 55 articles
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in paths]
    for path, doc in zip(paths, _parsed(nlp, texts), strict=True):
        assert fast(doc) == spacy_matches(stock, doc), path.name


def test_the_same_attributes_are_written(nlp, stock):
    fast = ArrayAttributeMatch(stock)
    ours, theirs = _parsed(nlp, SENTENCES), _parsed(nlp, SENTENCES)
    for a, b in zip(ours, theirs, strict=True):
        stock.set_annotations(a, fast(a))
        stock.set_annotations(b, spacy_matches(stock, b))
        assert [(t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in a] == [
            (t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in b
        ]


def test_a_pattern_it_cannot_compare_keeps_spacys_matcher(nlp):
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"LENGTH": 3}]], {"POS": "X"})  # not a column this matcher reads
    with pytest.raises(UnsupportedPattern):
        ArrayAttributeMatch(ruler)


def test_a_pipeline_without_the_ruler_is_left_alone():
    import spacy

    assert use_array_matching(spacy.blank("en")) is False
