"""Gated pattern matching finds exactly what spaCy's matchers find without any gate.

The relation step runs each pattern, in a matcher of its own, on a run of
sentences only where it can match (ingest/pattern_gates.py), and its matchers
file tokens under their tree roots by index (ingest/tree_roots.py). Both are
about speed only: on the patterns' own example sentences and the example
corpus, the matches must be those of one plain ``spacy.matcher.DependencyMatcher``
holding every pattern, run on every run of sentences, in the same order.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from threadline.ingest.pattern_gates import sentence_runs, token_index
from threadline.ingest.tree_roots import RootIndexMatcher


@pytest.fixture(scope="module")
def parsed(extractor, examples_dir: Path):
    """(Doc, DocEntities) for every pattern example sentence and every example text file."""
    engine = extractor.relation_engine
    texts = [e.text for p in engine.patterns.values() for e in p.examples]
    texts += [p.read_text("utf-8") for p in sorted(examples_dir.glob("*.txt"))]
    return list(extractor.parse(texts))


def _plain_matches(engine, doc, entities) -> list[tuple[int, list[int]]]:
    """Every pattern in one plain DependencyMatcher, run on every sentence run."""
    matcher = DependencyMatcher(doc.vocab)
    for p in engine.patterns.values():
        matcher.add(p.id, [list(p.matcher_pattern)])
    found = []
    for start, end in sentence_runs(doc, entities):
        for match_id, token_ids in matcher(doc[start:end]):
            found.append((match_id, [start + i for i in token_ids]))
    order = {doc.vocab.strings[p]: i for i, p in enumerate(engine.patterns)}
    found.sort(key=lambda match: order[match[0]])
    return found


def test_gated_matching_finds_what_ungated_matchers_find(extractor, parsed):
    engine = extractor.relation_engine
    matchers, _ = engine._matchers(extractor.nlp.vocab)
    total = skipped = 0
    for doc, entities in parsed:
        assert engine._matches(matchers, doc, entities) == _plain_matches(engine, doc, entities)
        for start, end in sentence_runs(doc, entities):
            ran = len(list(matchers.runnable(doc[start:end])))
            total += len(matchers)
            skipped += len(matchers) - ran
    assert sum(len(engine._matches(matchers, d, e)) for d, e in parsed) > 100
    # The gates did rule patterns out, or the comparison would say nothing about them.
    assert 0 < skipped < total


def test_link_gates_rule_out_runs_the_word_gates_let_through(extractor, parsed):
    """A run holding every node's words and labels, but not joined as the pattern joins
    them, is ruled out: most runs that hold a pattern's words state nothing."""
    matchers, _ = extractor.relation_engine._matchers(extractor.nlp.vocab)
    unlinked = [replace(m, links=()) for m in matchers.matchers]
    with_links = without_links = 0
    for doc, entities in parsed:
        for start, end in sentence_runs(doc, entities):
            with_links += len(list(matchers.runnable(doc[start:end])))
            matchers.matchers, kept = unlinked, matchers.matchers
            without_links += len(list(matchers.runnable(doc[start:end])))
            matchers.matchers = kept
    assert with_links < without_links * 0.7


def test_word_gates_let_through_the_patterns_whose_words_a_run_holds(extractor, parsed):
    """The patterns a run's words let through, found from the run's words, are those
    whose word set meets the run's words or that have none, in pattern order."""
    matchers, _ = extractor.relation_engine._matchers(extractor.nlp.vocab)
    kept = matchers.matchers
    matchers.matchers = [replace(m, nodes=(), links=()) for m in kept]  # the word gates alone
    try:
        runs = through = 0
        for doc, entities in parsed:
            for start, end in sentence_runs(doc, entities):
                span = doc[start:end]
                words = set(token_index(span)[0])
                expected = [
                    m.matcher for m in kept if m.words is None or not m.words.isdisjoint(words)
                ]
                assert list(matchers.runnable(span)) == expected, span.text
                runs += 1
                through += len(expected)
    finally:
        matchers.matchers = kept
    assert runs > 100
    assert 0 < through < runs * len(kept)


def test_gates_hold_on_runs_that_cut_sentences(extractor, parsed):
    """A copy of part of a sentence hangs the tokens whose heads it left out on tokens
    it kept: the gates must not rule out what the matchers then find there."""
    engine = extractor.relation_engine
    matchers, _ = engine._matchers(extractor.nlp.vocab)
    plain = DependencyMatcher(extractor.nlp.vocab)
    for p in engine.patterns.values():
        plain.add(p.id, [list(p.matcher_pattern)])
    found = 0
    for doc, _ in parsed[:400]:
        for cut in (len(doc) // 3, len(doc) // 2):
            for span in (doc[cut:], doc[:cut]):
                if not len(span):
                    continue
                run = span.as_doc()
                gated = sorted(m for matcher in matchers.runnable(span) for m in matcher(run))
                assert gated == sorted(plain(run)), span.text
                found += len(gated)
    assert found > 50


def test_root_index_matcher_gives_spacy_s_matches(extractor, parsed):
    vocab = extractor.nlp.vocab
    engine = extractor.relation_engine
    plain, indexed = DependencyMatcher(vocab), RootIndexMatcher(vocab)
    for p in engine.patterns.values():
        plain.add(p.id, [list(p.matcher_pattern)])
        indexed.add(p.id, [list(p.matcher_pattern)])
    found = 0
    for doc, _ in parsed:
        expected = plain(doc)
        assert indexed(doc) == expected
        found += len(expected)
    assert found > 100


def test_word_sequence_patterns_give_spacy_s_matches_on_a_team_sheet(extractor):
    """Patterns chained word by word run on the token Matcher: the same matches as the
    DependencyMatcher's, which on a long team sheet would try every combination."""
    from threadline.ingest.linear_patterns import SequenceMatcher, word_sequence

    engine = extractor.relation_engine
    linear = [p for p in engine.patterns.values() if word_sequence(p.matcher_pattern)]
    assert {"employment.employer_in_brackets", "employment.employer_in_brackets_two_words"} <= {
        p.id for p in linear
    }
    clubs = ["Kestrel Rovers", "Norvik", "Talvaro United", "Birchford", "Harwick Town", "Leeds"]
    players = ["Tom Hale", "Ian Holt", "Jack Birch", "Ann Tolley", "Peter Okafor", "Ken Hollis"]
    sheet = ", ".join(f"{p} ({c})" for p, c in zip(players * 2, clubs * 2, strict=True))
    doc = extractor.nlp(f"Forwards: {sheet}.")
    found = 0
    for p in linear:
        plain = DependencyMatcher(doc.vocab)
        plain.add(p.id, [list(p.matcher_pattern)])
        sequence = SequenceMatcher(doc.vocab, p.id, word_sequence(p.matcher_pattern))
        matches = sequence(doc)
        assert sorted(matches) == sorted(plain(doc))
        found += len(matches)
    assert found >= len(players)
