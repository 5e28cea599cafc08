"""benchmarks/in_article.py: annotated sentences scored inside their whole articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from threadline.config import Config
from threadline.evaluation import read_gold
from threadline.ingest.documents import read_file
from threadline.ingest.extract import Extractor


@pytest.mark.slow
def test_sentences_are_found_in_their_articles_and_every_gold_relation_is_counted(
    bbc_gold: Path, bbc_dir: Path, in_article_script: Any
) -> None:
    gold = read_gold(bbc_gold / "bbc_relations_dev.jsonl")[:12]
    results, missing = in_article_script.evaluate_in_articles(gold, bbc_dir, workers=1)
    assert missing == 0
    for scores in results.values():
        counts = scores.micro()
        assert counts.tp + counts.fn == sum(len(s.relations) for s in gold)


@pytest.mark.slow
def test_a_sentence_view_keeps_its_own_mentions_with_offsets_into_the_sentence(
    bbc_gold: Path, bbc_dir: Path, extractor: Extractor, in_article_script: Any
) -> None:
    sentence = read_gold(bbc_gold / "bbc_relations_dev.jsonl")[0]
    document = read_file(bbc_dir / f"{sentence.id.split('#')[0]}.txt", Config().ingest)[0]
    start = document.text.find(sentence.text)
    view = in_article_script.sentence_view(extractor.extract(document), sentence, start)
    mentions = [m for e in view.entities for m in e.mentions]
    assert mentions
    assert all(sentence.text[m.start : m.end] == m.text for m in mentions)
    # a relation stated in another sentence of the article is not this sentence's
    assert len(view.relations) < len(extractor.extract(document).relations)
