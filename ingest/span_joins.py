"""Names the model cut into several spans, joined back into one before cleanup.

The model often tags the parts of one name apart: a place and the organization after
it ("Hebei" + "International Talent Exchange Association"), initials and the name
they begin, "Royal Bank" and "of Scotland", two partners of a firm ("Okafor" and
"Lund"), a known organization and the longer name it begins, or leaves the last words
of a name untagged ("... Strategic Probing Initiative"). These functions work on the
span list of one document, before each span is split and trimmed
(ingest/mention_bounds.py).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from threadline.ingest.evidence import DEMONYM_ENDINGS, listed_companies, place_names
from threadline.names import name_key


def join_split_names(
    doc: Doc,
    spans: list[Span],
    heads: frozenset[str] = frozenset(),
    descriptors: frozenset[str] = frozenset(),
    roles: frozenset[str] = frozenset(),
) -> list[Span]:
    """Join spans the model cut out of one name, on the same line.

    - a place right before an organization ("Hebei International Talent Exchange
      Association", "China Mobile"): an organization whose name begins with a place;
    - initials tagged apart from the name they begin ("MM Warburg", not "US UK");
    - an organization word and the place after its "of" ("Royal Bank" + "of Scotland"),
      ``heads`` being the organization words;
    - a firm named after two partners, where the words before say a firm ("consultancy
      Okafor and Lund", "Jane Roe of Okafor & Lund", "an analyst with Okafor and Lund"),
      ``descriptors`` being such words and ``roles`` the job titles that name an employer.

    Spans a gazetteer matched stay as they are.
    """
    # Names the document also uses outside an "A and B" pair: two names, not one firm.
    alone = frozenset(
        name_key(s.text)
        for s in spans
        if not (s.end < len(doc) and doc[s.end].lower_ in ("and", "&"))
        and not (s.start > 0 and doc[s.start - 1].lower_ in ("and", "&"))
    )
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        label = (
            None
            if last is None
            else _joined_label(doc, last, span, heads, descriptors, roles, alone)
        )
        if last is not None and label is not None:
            joined[-1] = Span(doc, last.start, span.end, label=label)
        else:
            joined.append(span)
    return joined


def extend_right(doc: Doc, spans: list[Span], heads: frozenset[str], reach: int = 6) -> list[Span]:
    """Spans extended over the capitalized words the model left after them when those
    words end in an organization word: "Kestrel Sea Strategic Probing Initiative" tagged
    as the place "Kestrel Sea".

    The words must be plain capitalized words (no entity of their own), on the same
    line, at most ``reach`` of them, and "of" only inside ("Chamber of Commerce").
    """
    result: list[Span] = []
    for n, span in enumerate(spans):
        limit = min(
            len(doc), span.end + reach, spans[n + 1].start if n + 1 < len(spans) else len(doc)
        )
        listed = _listed_extension(doc, span, limit)
        if listed is not None:
            result.append(listed)
            continue
        end = span.end
        best = None
        headed = False
        while end < limit:
            token = doc[end]
            if token.ent_iob_ != "O" or token.is_sent_start or token.is_space:
                break
            if token.lower_ == "of" and headed:
                end += 1
                continue
            if not (token.is_title and token.is_alpha):
                break
            end += 1
            headed = headed or token.lower_ in heads
            if headed:
                best = end
        if best is not None and doc[span.end - 1].whitespace_:
            result.append(Span(doc, span.start, best, label="ORG"))
        else:
            result.append(span)
    return result


def _listed_extension(doc: Doc, span: Span, limit: int) -> Span | None:
    """``span`` with the one or two capitalized words after it that complete a listed
    company's name ("Munich" + "Re"), or None."""
    for end in (span.end + 1, span.end + 2):
        words = doc[span.end : end]
        if end > limit or not all(t.ent_iob_ == "O" and t.text[:1].isupper() for t in words):
            return None
        if doc[end - 2].whitespace_ and name_key(doc[span.start : end].text) in listed_companies():
            return Span(doc, span.start, end, label="ORG")
    return None


def _joined_label(
    doc: Doc,
    last: Span,
    span: Span,
    heads: frozenset[str],
    descriptors: frozenset[str],
    roles: frozenset[str],
    alone: frozenset[str] = frozenset(),
) -> str | None:
    """The label of ``last`` and ``span`` taken as one name, or None when they are two."""
    if (
        last.ent_id_
        and not span.ent_id_
        and span.start - last.end <= 3
        and doc[last.end - 1].whitespace_ == " "
        and all(t.is_title and t.is_alpha and t.ent_iob_ == "O" for t in doc[last.end : span.start])
        and last.label_ in ("ORG", "Organization")  # not "UK" + "Financial Services Authority"
        and span.label_ == "ORG"
        and any(t.lower_ in heads for t in span)
    ):
        # "European Union Fujian Chamber of Commerce": a known name that begins another.
        return "ORG"
    if last.ent_id_ or span.ent_id_:
        return None
    if (
        span.start - last.end <= 1
        and doc[last.end - 1].whitespace_
        and name_key(doc[last.start : span.end].text) in listed_companies()
    ):
        return "ORG"  # "Lockheed" + "Martin": a listed company's name
    if (
        last.label_ == "NORP"
        and len(last) == 1
        and span.label_ == "ORG"
        and span.start == last.end + 1
        and doc[last.end].lower_ == "and"
        and span[0].ent_type_ == "ORG"
        and doc[span.start].pos_ in ("ADJ", "PROPN")
        and doc[span.start].text.endswith(DEMONYM_ENDINGS)
    ):
        return "ORG"  # "European and American Elite Entrepreneurs Association"
    if _partners_firm(doc, last, span, descriptors, roles) and not (
        {name_key(last.text), name_key(span.text)} & alone
    ):
        return "ORG"
    if span.start == last.end and doc[last.end - 1].whitespace_ == " ":
        if last.label_ == "GPE" and span.label_ == "ORG":
            return "ORG"
        initials = len(last) == 1 and last.text.isalpha() and last.text.isupper()
        if (
            initials
            and len(last.text) <= 3
            and not (span.text.isupper() and len(span.text) <= 3)
            and not (name_key(last.text) in place_names() and name_key(span.text) in place_names())
        ):
            return span.label_
    if (
        last.label_ == "ORG"
        and span.label_ in ("GPE", "LOC")
        and span.start == last.end + 1
        and doc[last.end].lower_ == "of"
        and doc[last.end - 1].lower_ in heads
    ):
        return "ORG"
    return None


def _partners_firm(
    doc: Doc, last: Span, span: Span, descriptors: frozenset[str], roles: frozenset[str]
) -> bool:
    """ "consultancy Okafor and Lund": two surnames joined by "and" or "&" after a word
    that says one firm, ending the list (not "firms Okafor, Lund and Tern")."""
    if not (
        len(last) == 1
        and len(span) == 1
        and span.start == last.end + 1
        and doc[last.end].lower_ in ("and", "&")
        and {last.label_, span.label_} <= {"PERSON", "ORG", "GPE"}
        and not {name_key(last.text), name_key(span.text)} & place_names()
    ):
        return False
    if span.end < len(doc) and doc[span.end].lower_ in ("and", "&", "or"):
        return False
    start = last.start
    before = doc[start - 1] if start > 0 else None
    if before is None or before.text == ",":
        return False
    if before.lower_ in descriptors:
        return before.tag_ != "NNS"  # "firms Kestrel and Lumen": two of them
    employee = start > 1 and (
        doc[start - 2].ent_type_ == "PERSON" or doc[start - 2].lower_ in roles
    )
    return before.lower_ in ("of", "at", "with") and employee
