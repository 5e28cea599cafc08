"""spaCy's rule lemmatizer, with its word index as sets and run once per word form.

The English rule lemmatizer is about a fifteenth of the pipeline's time, for two
reasons. Each word form it has not seen yet is checked against its index of known
words, which the pipeline's tables hold as lists (57,000 nouns): every check is a
scan. The index is made of sets here, which changes no answer. And every token
goes through Python: a Token object, a cache lookup keyed by the word, its part
of speech and its morphology, and a string written back. ``CachedLemmas`` reads
those three columns and the lemma column from ``Doc.to_array``, asks the
pipeline's own lemmatizer for each triple it has not seen (news repeats its word
forms: 300 articles hold about 135,000 tokens and 12,000 triples) and writes the
lemma column back in one call. The lemmas are the lemmatizer's own: it computes a
lemma from the triple alone, and a lemma the attribute ruler set is left as the
lemmatizer leaves it. tests/test_cached_lemmas.py compares both on real text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

CACHED_LEMMAS_NAME = "threadline_lemmas"
_COLUMNS = [ORTH, POS, MORPH, LEMMA]
# Lemmatizers whose lemma is a function of (text, part of speech, morphology): spaCy's
# own rule and lookup modes, and the English one, which only adds a base-form test on
# the part of speech and morphology. Others (a language's own rules) keep their loop.
_KNOWN_LEMMATIZERS = (Lemmatizer, EnglishLemmatizer)
_KNOWN_MODES = frozenset({"rule", "lookup"})


class CachedLemmas:
    """Sets the lemmas the pipeline's lemmatizer would set, one lookup per word form."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        # (orth, pos, morph) hashes -> the lemma's hash, for this pipeline's vocabulary.
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows: Any = doc.to_array(_COLUMNS)  # uint64 hashes
        overwrite = bool(self.lemmatizer.overwrite)
        lemmas = rows[:, 3]
        todo = np.arange(len(doc)) if overwrite else np.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        known = self._lemmas
        strings = doc.vocab.strings
        values: list[int] = []
        for i, (orth, pos, morph) in zip(todo.tolist(), rows[todo, :3].tolist(), strict=True):
            key = (orth, pos, morph)
            lemma = known.get(key)
            if lemma is None:
                lemma = known[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            values.append(lemma)
        lemmas[todo] = np.asarray(values, dtype=lemmas.dtype)
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


def common_words(nlp: Any, parts_of_speech: tuple[str, ...] = ("noun", "adj")) -> frozenset[str]:
    """Common English nouns and adjectives (or the parts of speech asked for): the word
    index of the pipeline's lemmatizer.

    Empty when the pipeline has no such table (then the rule that uses it is off).
    """
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    words: set[str] = set()
    for pos in parts_of_speech:
        words.update(index.get(pos, ()))
    return frozenset(words)


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """Make the word lists of the lemmatizer's index sets: it only asks whether a word is
    in them."""
    if not lemmatizer.lookups.has_table("lemma_index"):
        return
    index = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(index.items()):
        if isinstance(words, list):
            index[key] = frozenset(words)


@Language.factory(CACHED_LEMMAS_NAME)
def make_cached_lemmas(nlp: Language, name: str) -> CachedLemmas:
    """The cached form of the pipeline's "lemmatizer" (see ``use_cached_lemmas``)."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    return CachedLemmas(lemmatizer)


def use_cached_lemmas(nlp: Language) -> bool:
    """Run the pipeline's lemmatizer once per word form; False where it keeps its own loop.

    The lemmatizer stays in the pipeline, disabled, with its tables and settings:
    the cached component asks it for each new word form.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or type(lemmatizer) not in _KNOWN_LEMMATIZERS:
        return False
    if lemmatizer.mode not in _KNOWN_MODES:
        return False
    lemmatizer(nlp.make_doc(""))  # checks its tables now, as its first call would
    _index_as_sets(lemmatizer)
    nlp.add_pipe(CACHED_LEMMAS_NAME, after="lemmatizer")
    nlp.disable_pipe("lemmatizer")
    return True
