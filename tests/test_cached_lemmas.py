"""The pipeline's lemmas, looked up once per word form, are spaCy's lemmatizer's own."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LEMMA

from threadline.config import Config
from threadline.ingest.cached_lemmas import CACHED_LEMMAS_NAME, CachedLemmas

# Invented sentences with inflections the rules and exceptions handle: plurals,
# irregular verbs, comparatives, possessives, contractions, hyphens, numbers.
SENTENCES = [
    "The Kestrel analysts said the wolves' leaves had grown fewer and the geese flew better.",
    "She'd been running faster than the bigger firms, which were buying 3,000 boxes a day.",
    "Norvik's chiefs quit; the women who ran the co-operatives were paid 20% less.",
    "Would they have sung it? The children ate, drank and went, as the Talbots' mice did.",
    "",
    "\n\n  Shelves  and  knives,\tcrises and theses.\n",
]


@pytest.fixture(scope="module")
def stock():
    """spaCy's lemmatizer as the model ships it, untouched."""
    return spacy.load(Config().nlp.model).get_pipe("lemmatizer")


def _before_lemmas(nlp, texts):
    """Docs as the lemmatizer receives them."""
    names = nlp.pipe_names
    after = names[names.index(CACHED_LEMMAS_NAME) :]
    with nlp.select_pipes(disable=after):
        return list(nlp.pipe(texts))


def _lemmas_both_ways(nlp, stock, doc):
    cached = nlp.get_pipe(CACHED_LEMMAS_NAME)
    ours, theirs = cached(doc.copy()), stock(doc.copy())
    return ours.to_array([LEMMA]).tolist(), theirs.to_array([LEMMA]).tolist()


def test_the_pipeline_runs_the_cached_lemmas(nlp):
    assert isinstance(nlp.get_pipe(CACHED_LEMMAS_NAME), CachedLemmas)
    assert "lemmatizer" not in nlp.pipe_names  # its cached form runs in its place
    assert "lemmatizer" in nlp.component_names


def test_lemmas_are_spacys_on_invented_text(nlp, stock):
    docs = _before_lemmas(nlp, SENTENCES)
    for doc in docs + docs:  # the second time from the cache
        ours, theirs = _lemmas_both_ways(nlp, stock, doc)
        assert ours == theirs, doc.text
    runs = nlp(SENTENCES[0])
    assert [t.lemma_ for t in runs if t.lower_ in ("wolves", "flew")] == ["wolf", "fly"]


def test_lemmas_are_spacys_on_news_articles(nlp, stock, bbc_dir):
    paths = sorted(bbc_dir.glob("*/*.txt"))[::40]  # every section, about 55 articles
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in paths]
    for path, doc in zip(paths, _before_lemmas(nlp, texts), strict=True):
        ours, theirs = _lemmas_both_ways(nlp, stock, doc)
        assert ours == theirs, path.name
