"""Datelines: "OSLO, Norway (AP) -" opens a story with the place it was filed from.

The place is written in capitals, which the model reads as a heading or an
organization ("VELMORE-ON-SEA" tagged ORG, then dropped as an all-caps header)
or leaves untagged ("BANGKOK"). A run of capitalized words at the start of a line,
followed by a comma, a capitalized place or state and then a bracket or a dash, is a
dateline: the run is a place. So is such a run before a state's AP abbreviation that
ends the line ("ELM FALLS, Minn." on a line of its own).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from threadline.ingest.spans import replacing_overlaps
from threadline.ingest.us_states import state_abbreviation_end

# What follows the place and its country or state: "(AP)", "- ", "_ ", "-- ".
_DATELINE_ENDS = frozenset({"(", "-", "--", "—", "–", "_"})
# Where a line starts with two capitals ("OSLO", "ST. PAUL").
_LINE_STARTS = re.compile(r"(?:^|\n)[ \t]*(?=[A-Z][A-Z.])")


def dateline_end(doc: Doc, start: int) -> int | None:
    """The end of the capitalized place of a dateline starting at ``start``, or None."""
    if start > 0 and "\n" not in doc[start - 1].text:
        return None
    end = start
    while end < len(doc) and end - start < 6 and (doc[end].is_upper or doc[end].text == "-"):
        end += 1
    if end == start or not doc[end - 1].is_upper or end + 1 >= len(doc):
        return None
    if doc[end].text != "," or not doc[end + 1].text[:1].isupper():
        return None
    state = state_abbreviation_end(doc, end + 1)
    if state is not None and _line_ends_at(doc, state):
        return end
    for token in doc[end + 2 : min(len(doc), end + 6)]:
        if token.text in _DATELINE_ENDS:
            return end
        if token.text == ",":
            return None
    return None


def _line_ends_at(doc: Doc, i: int) -> bool:
    """Whether the line ends before token ``i`` (the text ends, or a line break comes)."""
    return i >= len(doc) or "\n" in doc[i - 1].whitespace_ or "\n" in doc[i].text


def with_datelines(doc: Doc, text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a dateline's place as a place span, in place of what overlapped it.

    ``text`` is the document's text (spaCy joins it anew on every access).
    """
    found = []
    for line in _LINE_STARTS.finditer(text):
        first = doc.char_span(line.end(), line.end() + 1, alignment_mode="expand")
        if first is None:
            continue
        end = dateline_end(doc, first.start)
        if end is not None:
            found.append(Span(doc, first.start, end, label="GPE"))
    return replacing_overlaps(spans, found)
