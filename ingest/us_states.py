"""US states as news abbreviates them after a place: "Fresno, Calif.", "Camden, N.J.".

Wire copy names a US town by its state in AP style, an abbreviation the model
rarely tags ("La.", "Minn."), or tags as a person or an organization. The
abbreviations come from the ``us`` package (the states and their AP forms). A
form counts only with its full stop and right after "<Name>," (or, for "D.C.",
right after the city), since several are also words or names ("Mass", "Miss",
"Ill", "Del").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span


@cache
def ap_abbreviations() -> dict[str, str]:
    """State names by their AP abbreviation, lower-cased with its full stops ("calif.")."""
    import us

    states = [*us.states.STATES_AND_TERRITORIES, us.states.DC]
    return {
        state.ap_abbr.lower(): state.name
        for state in states
        if state.ap_abbr and state.ap_abbr.endswith(".")
    }


def _form_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """The state an abbreviation at token ``i`` stands for, and the token after it.

    The tokenizer keeps most forms whole ("Calif."); text spaced as "Minn ." splits them.
    """
    table = ap_abbreviations()
    token = doc[i]
    if token.lower_ in table:
        return table[token.lower_], i + 1
    if i + 1 < len(doc) and doc[i + 1].text == "." and f"{token.lower_}." in table:
        return table[f"{token.lower_}."], i + 2
    return None


def state_abbreviation_end(doc: Doc, i: int) -> int | None:
    """The token after a state abbreviation at token ``i``, or None if none is there."""
    found = _form_at(doc, i)
    return None if found is None else found[1]


def state_at(doc: Doc, start: int, end: int) -> str | None:
    """The state a span names in "<Name>, Calif." (the span holding only the abbreviation)."""
    if start < 2 or doc[start - 1].text != "," or not doc[start - 2].text[:1].isupper():
        return None
    found = _form_at(doc, start)
    if found is None or found[1] < end or found[1] - end > 1:
        return None
    return found[0]


def state_spans(doc: Doc, taken: list[Span]) -> list[Span]:
    """Abbreviations after "<Name>," that no entity span covers, as place spans."""
    covered = {i for span in taken for i in range(span.start, span.end)}
    spans = []
    for i in range(2, len(doc)):
        if i in covered or doc[i - 1].text != ",":
            continue
        found = _form_at(doc, i)
        if found is not None and doc[i - 2].text[:1].isupper():
            spans.append(Span(doc, i, found[1], label="GPE"))
    return spans
