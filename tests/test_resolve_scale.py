"""Resolution stays fast at scale: 100k synthetic mentions in seconds, not minutes."""

from __future__ import annotations

import random
import time

import pytest

from threadline.config import ResolveConfig
from threadline.graph.model import Entity, Extraction, Mention
from threadline.graph.ontology import Ontology
from threadline.graph.resolve import resolve

_SYLLABLES = [
    "an",
    "bei",
    "chen",
    "da",
    "fu",
    "gang",
    "hai",
    "jin",
    "kang",
    "li",
    "ming",
    "nan",
    "ping",
    "qiang",
    "rong",
    "shan",
    "tao",
    "wei",
    "xin",
    "yang",
    "zhou",
]
_ORG_HEADS = [
    "Association",
    "Chamber of Commerce",
    "Institute",
    "Ministry",
    "Bureau",
    "Foundation",
    "Group",
]
_ORG_FIELDS = [
    "Trade",
    "Science",
    "Culture",
    "Health",
    "Overseas Affairs",
    "Technology",
    "Education",
]


def _word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _typo(rng: random.Random, name: str) -> str:
    words = name.split()
    longest = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[longest]
    if len(word) >= 7:
        k = rng.randrange(2, len(word) - 1)
        words[longest] = word[:k] + word[k + 1 :]
    return " ".join(words)


def synthetic_corpus(mentions: int, seed: int = 1) -> list[Extraction]:
    """Documents of ten entities each, named from a pool with reorderings, typos and acronyms."""
    rng = random.Random(seed)
    pool: list[tuple[str, str]] = []
    for _ in range(mentions // 8):
        if rng.random() < 0.5:
            pool.append(("Person", f"{_word(rng, 1)} {_word(rng, 2)}"))
        else:
            pool.append(
                ("Organization", f"{_word(rng)} {rng.choice(_ORG_FIELDS)} {rng.choice(_ORG_HEADS)}")
            )
    extractions = []
    count = 0
    doc_number = 0
    while count < mentions:
        entities = []
        for local in range(10):
            etype, name = rng.choice(pool)
            roll = rng.random()
            aliases: list[str] = []
            if roll < 0.05:
                name = _typo(rng, name)
            elif roll < 0.1 and etype == "Person":
                name = " ".join(reversed(name.split()))
            elif roll < 0.15 and etype == "Organization":
                aliases = ["".join(w[0] for w in name.split() if w[0].isupper())]
            mention = Mention(local * 50, local * 50 + len(name), name)
            entities.append(Entity(f"e{local}", name, etype, aliases, [mention]))
            count += 1
        extractions.append(Extraction(f"doc{doc_number:06d}", None, 1000, entities=entities))
        doc_number += 1
    return extractions


@pytest.mark.slow
def test_resolving_100k_mentions_takes_seconds() -> None:
    corpus = synthetic_corpus(100_000)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = resolve(corpus, Ontology.load(), ResolveConfig())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"\nresolved 100,000 mentions into {len(result.entities):,} entities "
        f"in {elapsed:.1f} s ({cpu:.1f} s CPU)"
    )
    assert elapsed < 60
    pool_size = 100_000 // 8
    assert len(result.entities) <= pool_size * 1.2


def test_synthetic_typos_and_reorderings_resolve_back_to_their_names() -> None:
    corpus = synthetic_corpus(5_000, seed=3)
    result = resolve(corpus, Ontology.load(), ResolveConfig())
    distinct_names = {e.name for x in corpus for e in x.entities}
    assert len(result.entities) < len(distinct_names)
