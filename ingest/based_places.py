"""Places the model left untagged before "-based": "Leeds-based indie band Kestrels".

"X-based" says where a firm or a person is based, and the model often leaves X untagged
when it is glued to "-based" (the tokenizer splits it, the tagger sees a modifier). A
run of up to three capitalized words right before "-based" that the place table knows
as a place becomes a place span; a name the table does not know is left alone, so
"Kestrel-based" (a firm's name) adds nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from threadline.ingest.evidence import places
from threadline.names import name_key

MAX_PLACE_WORDS = 3


def with_based_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with the known places the model left untagged right before "-based"."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    table = places()
    found: list[Span] = []
    for i in range(1, len(doc) - 1):
        if doc[i].text != "-" or doc[i + 1].lower_ != "based" or i - 1 in covered:
            continue
        for width in range(min(MAX_PLACE_WORDS, i), 0, -1):
            start = i - width
            words = doc[start:i]
            if any(j in covered for j in range(start, i)) or not all(
                t.text[:1].isupper() for t in words
            ):
                continue
            if name_key(words.text) in table:
                found.append(Span(doc, start, i, label="GPE"))
                break
    if not found:
        return spans
    return sorted([*spans, *found], key=lambda span: span.start)
