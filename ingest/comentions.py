"""Sentence co-mentions: which entities are named together, and how often.

Co-mention is weak evidence of a tie and is kept apart from typed relations: the
graph draws it as ``MENTIONED_WITH`` weighted by ``count`` (the number of
sentences of the document naming both), with one sample sentence so an analyst
can read where it comes from. The extractor skips this step when
``[nlp] comentions = false``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from threadline.graph.model import CoMention
from threadline.ingest.spans import DocEntities, sentences, without_edge_space


def find_comentions(doc: Doc, entities: DocEntities) -> list[CoMention]:
    """One CoMention per pair of distinct entities sharing a sentence of ``doc``.

    Pairs are unordered (source id < target id); ``count`` is the number of
    sentences naming both; the sample is the first such sentence, with offsets
    into the document text.
    """
    if len(entities.entities) < 2 or not entities.spans:
        return []
    found: dict[tuple[str, str], CoMention] = {}
    spans = entities.spans
    index = 0
    for sent in sentences(doc):
        while index < len(spans) and spans[index].start < sent.start:
            index += 1
        ids: set[str] = set()
        while index < len(spans) and spans[index].start < sent.end:
            if spans[index].entity_id in entities.entities:
                ids.add(spans[index].entity_id)
            index += 1
        if len(ids) < 2:
            continue
        ordered = sorted(ids)
        for i, source in enumerate(ordered):
            for target in ordered[i + 1 :]:
                pair = (source, target)
                if pair in found:
                    found[pair].count += 1
                else:
                    quoted = without_edge_space(sent)
                    found[pair] = CoMention(
                        source, target, 1, quoted.text, quoted.start_char, quoted.end_char
                    )
    return list(found.values())
