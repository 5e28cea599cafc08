"""Names the model cut into several spans, joined back into one before cleanup.

The model often tags the parts of one name apart: a place and the organization after
it ("Hebei" + "International Talent Exchange Association"), initials and the name
they begin, "Royal Bank" and "of Scotland", two partners of a firm ("Okafor" and
"Lund"), a known organization and the longer name it begins, the parts of a listed
company's name ("Lockheed" + "Martin"), a judicial district and its state ("Southern
District" + "of Ohio"), a document's quoted title at "of" or its year,
or leaves the last words of a name untagged ("... Strategic Probing Initiative"). These
functions work on the span list of one document, before each span is split and trimmed
(ingest/mention_bounds.py).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from threadline.ingest.evidence import (
    DEMONYM_ENDINGS,
    first_names,
    listed_companies,
    place_names,
    places,
)
from threadline.ingest.mention_bounds import MEMBERS_OF_A_SEAT
from threadline.ingest.nationality import nation_or_its_people, nationality_adjective
from threadline.ingest.place_check import is_large_city
from threadline.ingest.spans import (
    APOSTROPHES,
    COLON,
    plural_possessive,
    replacing_overlaps,
    text_positions,
    word_positions,
)
from threadline.names import DETERMINERS, PEERAGE_STYLES, WEEKDAYS, is_leading_title, name_key


def join_split_names(
    doc: Doc,
    spans: list[Span],
    heads: frozenset[str] = frozenset(),
    descriptors: frozenset[str] = frozenset(),
    roles: frozenset[str] = frozenset(),
    fields: frozenset[str] = frozenset(),
    channels: frozenset[str] = frozenset(),
) -> list[Span]:
    """Join spans the model cut out of one name, on the same line.

    - a place right before an organization ("Hebei International Talent Exchange
      Association", "China Mobile"): an organization whose name begins with a place;
      and a place right after a broadcaster's "Radio" ("BBC Radio Scotland");
    - initials tagged apart from the name they begin ("MM Warburg", not "US UK");
    - an organization word and the place after its "of" ("Royal Bank" + "of Scotland"),
      ``heads`` being the organization words;
    - a firm named after two partners, where the words before say a firm ("consultancy
      Okafor and Lund", "Jane Roe of Okafor & Lund", "an analyst with Okafor and Lund"),
      ``descriptors`` being such words and ``roles`` the job titles that name an employer;
    - two fields of a body's name joined by "and" ("Public" + "and Commercial Services
      Union"): a field alone, then a field opening a name that ends in an organization
      word, ``fields`` being such words (``body_name_fields`` of the entity rules);
    - the parts of a known channel's name ("BBC Radio" + "Five Live"), ``channels``
      being their name keys.

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
        title_end = _title_cut_at_of_the(doc, last, span) if last is not None else None
        if last is not None and title_end is not None:
            joined[-1] = Span(doc, last.start, title_end, label=last.label_)
            if title_end < span.end:  # "... of the Y Mind" + "and Finding Z": two titles
                joined.append(Span(doc, title_end + 1, span.end, label=span.label_))
            continue
        label = (
            None
            if last is None
            else _joined_label(doc, last, span, heads, descriptors, roles, alone)
            or _fields_of_a_body(doc, last, span, heads, fields, alone)
            or _channel_parts(doc, last, span, channels)
        )
        if last is not None and label is not None:
            joined[-1] = Span(doc, last.start, span.end, label=label)
        elif _untagged_first_field(doc, span, heads, fields, last.end if last else 0):
            joined.append(Span(doc, span.start - 2, span.end, label=span.label_))
        else:
            joined.append(span)
    return joined


def _title_cut_at_of_the(doc: Doc, last: Span, span: Span) -> int | None:
    """Where a title the model cut at "of the" ends, or None when the spans are two names.

    "Eternal Sunshine" + "of the Spotless Mind": the second part read as a building's
    or a work's name (not a place: "General Motors of the US", nor a body: "Tom Hale of
    the Kestrel Trust"). The second part may run on over "and" into another title
    ("of the Spotless Mind and Finding Z"): the title ends before the "and".
    """
    if not (
        last.label_ in _NAMED_THINGS
        and span.label_ in _NAMED_THINGS - {"ORG"}
        and span.start == last.end + 1
        and doc[last.end].lower_ == "of"
        and len(span) >= 2
        and span[0].lower_ == "the"
        and all(t.is_title for t in last)
    ):
        return None
    end = next((t.i for t in span[1:] if t.lower_ in ("and", "&")), span.end)
    rest = doc[end + 1 : span.end]
    if end == span.start + 1 or not all(t.is_title for t in doc[span.start + 1 : end]):
        return None
    if end < span.end and not (len(rest) and all(t.is_title for t in rest)):
        return None
    return end


def _channel_parts(doc: Doc, last: Span, span: Span, channels: frozenset[str]) -> str | None:
    """ "ORG" when two spans side by side make a known channel's name ("BBC Radio" + "Five
    Live"), else None."""
    if span.start != last.end or not doc[last.end - 1].whitespace_:
        return None
    return "ORG" if name_key(doc[last.start : span.end].text) in channels else None


def _untagged_first_field(
    doc: Doc, span: Span, heads: frozenset[str], fields: frozenset[str], after: int
) -> bool:
    """Whether an organization's name goes on to the left over a field and "and" the
    model left untagged: "Transport and" of "Transport and General Workers Union"."""
    start = span.start
    return (
        span.label_ == "ORG"
        and start - 2 >= after
        and doc[start - 1].lower_ in ("and", "&")
        and span[0].lower_ in fields
        and doc[span.end - 1].lower_ in heads
        and doc[start - 2].ent_iob_ == "O"
        and doc[start - 2].is_title
        and doc[start - 2].lower_ in fields
    )


# Capitalized words that end a place's name after the place the model tagged alone
# ("Kentish" of "Kentish Town").
_PLACE_NAME_ENDINGS = frozenset({"Town", "City"})


def with_place_endings(doc: Doc, spans: list[Span]) -> list[Span]:
    """Places extended over "Town" or "City" that the model left after them: "Kentish
    Town" tagged as "Kentish" (a club's name, "Leicester City", is read as one later)."""
    result: list[Span] = []
    skip = -1
    for n, span in enumerate(spans):
        if n == skip:
            continue
        end = span.end
        following = spans[n + 1] if n + 1 < len(spans) else None
        # the ending untagged, or tagged as a place of its own word ("Town")
        alone = following is None or following.start > end
        tagged = (
            following is not None
            and following.start == end
            and following.end == end + 1
            and following.label_ in ("GPE", "LOC")
        )
        if (
            span.label_ in ("GPE", "LOC")
            and end < len(doc)
            and doc[end].text in _PLACE_NAME_ENDINGS
            and not doc[end].is_sent_start
            and (alone or tagged)
            and (end + 1 >= len(doc) or not doc[end + 1].is_title)
        ):
            span = Span(doc, span.start, end + 1, label=span.label_)
            skip = n + 1 if tagged else skip
        result.append(span)
    return result


# Last words of contests named after where they are held or whose they are ("the Australian
# Open", "the Scottish Cup"); not the event words bodies end in too ("the UK Internet Forum").
_CONTEST_ENDINGS = frozenset(
    {"open", "cup", "championship", "championships", "trophy", "classic", "games", "olympics",
     "sevens", "prix", "marathon", "regatta", "tournament", "indoors", "masters"}
)  # fmt: skip


def with_contest_endings(doc: Doc, spans: list[Span]) -> list[Span]:
    """Places and nations extended over the words of a contest the model left after them:
    "Australian" + "Open", "Kestrel" + "Desert Classic".

    The words are the capitalized words after the name that no span covers (up to three,
    inside the sentence), up to the last contest's word among them; the span is then the
    event.
    """
    covered: set[int] | None = None
    result: list[Span] = []
    for span in spans:
        if span.label_ in ("GPE", "NORP", "LOC") and doc[span.end - 1].whitespace_:
            if covered is None:
                covered = {i for other in spans for i in range(other.start, other.end)}
            words_end = _untagged_words_end(doc, span.end, covered)
            end = max(
                (i + 1 for i in range(span.end, words_end) if doc[i].lower_ in _CONTEST_ENDINGS),
                default=None,
            )
            if end is not None:
                span = Span(doc, span.start, end, label="EVENT")
        result.append(span)
    return result


def join_bracketed_clubs(doc: Doc, spans: list[Span], endings: frozenset[str]) -> list[Span]:
    """A club named in brackets after a person by the towns it draws on, joined into one
    name: "Tom Hale (Harwick, Norvik and District)", "(Kestrel, Eton and Talvaro AC)",
    which the model tags town by town.

    The brackets must follow a person's name and hold only capitalized words in two or
    more items joined by commas and a last "and" or "&", the last item ending in a
    club's word (``endings``: "AC", "Harriers", "District"); a bracketed list of places
    ends in a place ("(Norvik, Kestrel and Talvaro)") and stays apart.
    """
    clubs: list[Span] = []
    for span in spans:
        end = _bracketed_club_end(doc, span, endings)
        if end is not None:
            clubs.append(Span(doc, span.end + 1, end, label="ORG"))
    return replacing_overlaps(spans, clubs)


def _bracketed_club_end(doc: Doc, person: Span, endings: frozenset[str]) -> int | None:
    """Where the club's name in brackets right after ``person`` ends, or None."""
    if person.label_ != "PERSON" or person.end + 1 >= len(doc) or doc[person.end].text != "(":
        return None
    commas = 0
    last_joined = False
    for i in range(person.end + 1, min(len(doc), person.end + 16)):
        token = doc[i]
        if token.text == ")":
            return i if commas and last_joined and doc[i - 1].lower_ in endings else None
        if token.text == ",":
            commas += 1
        elif token.lower_ in ("and", "&"):
            if last_joined or doc[i - 1].text == ",":
                return None
            last_joined = True
        elif not (token.is_title or token.is_upper) or not token.is_alpha:
            return None
    return None


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
        # "House" + "of Varnsk": a name that goes on after "of"
        headed = _house(span) and span.end < limit and doc[span.end].lower_ == "of"
        while end < limit:
            token = doc[end]
            if token.ent_iob_ != "O" or token.is_sent_start or token.is_space:
                break
            if token.lower_ == "of" and headed:
                end += 1
                continue
            if plural_possessive(doc, end):
                end += 1  # "Kestrel Supporters' Association": the name goes on after it
                continue
            if not (token.is_title and token.is_alpha):
                break
            end += 1
            headed = headed or token.lower_ in heads
            if headed:
                best = end
        if best is not None and (doc[span.end - 1].whitespace_ or plural_possessive(doc, span.end)):
            result.append(Span(doc, span.start, best, label="ORG"))
        else:
            result.append(span)
    return result


def join_national_bodies(doc: Doc, spans: list[Span], bodies: frozenset[str]) -> list[Span]:
    """A nation's adjective and a state body's word right after it as one organization's
    span ("the Norwegian" + "Executive", "the German" + "Navy"), ``bodies`` being such
    words: the model tags the adjective as a people and leaves the word untagged or tags it
    alone. The word must end the name ("the British Army Museum" is a museum's)."""
    result: list[Span] = []
    i = 0
    while i < len(spans):
        span = spans[i]
        body = span.end
        tagged_alone = i + 1 < len(spans) and spans[i + 1].start == body
        if (
            span.label_ == "NORP"
            and len(span) == 1
            and body < len(doc)
            and span[0].whitespace_
            and doc[body].is_title
            and not doc[body].is_sent_start
            and doc[body].lower_ in bodies
            and (doc[body].ent_iob_ == "O" or (tagged_alone and spans[i + 1].end == body + 1))
            and not (body + 1 < len(doc) and doc[body + 1].is_title and doc[body + 1].is_alpha)
            and nationality_adjective(span.text)
        ):
            result.append(Span(doc, span.start, body + 1, label="ORG"))
            i += 2 if tagged_alone else 1
            continue
        result.append(span)
        i += 1
    return result


def join_plural_possessives(doc: Doc, spans: list[Span], heads: frozenset[str]) -> list[Span]:
    """Bodies named with a plural's possessive, which the model cuts at the apostrophe:
    "the Critics' Circle" tagged as the place "Circle", "London Critics" + "Circle", an
    untagged "Kestrel Writers' Guild". The name must end in an organization word
    (``heads``, and "circle"); a person's name before the apostrophe, or one of two words
    after it, is left alone (a lone "Guild" the model takes for a person's is not), and so
    is a gazetteer's name.
    """
    apostrophes = [i for i in word_positions(doc, APOSTROPHES) if plural_possessive(doc, i)]
    if not apostrophes:
        return spans
    enders = heads | {"circle"}
    starting = {span.start: span for span in spans}
    ending = {span.end: span for span in spans}
    covered = {i for span in spans for i in range(span.start, span.end)}
    found: list[Span] = []
    for i in apostrophes:
        if found and found[-1].end > i:
            continue
        right = starting.get(i + 1)
        end = right.end if right is not None else _untagged_words_end(doc, i + 1, covered)
        left = ending.get(i) or ending.get(i + 1)  # the apostrophe tagged with the plural
        start = left.start if left is not None else _untagged_words_start(doc, i - 1, covered)
        # an award named after the body ("the Critics' Circle Theatre Awards") stays an award
        award = right is not None and right.label_ == "Award"
        # the model takes a lone "Guild" for a person's name
        person = (left is not None and left.label_ == "PERSON") or (
            right is not None and right.label_ == "PERSON" and len(right) > 1
        )
        if (
            end == i + 1
            or not (award or doc[end - 1].lower_ in enders)
            or (i - 1 in covered and left is None)
            or person
            or any(s is not None and s.ent_id_ for s in (left, right))
        ):
            continue
        found.append(Span(doc, start, end, label="Award" if award else "ORG"))
    return replacing_overlaps(spans, found)


def _untagged_words_end(doc: Doc, start: int, covered: set[int]) -> int:
    """The end of the capitalized words from ``start`` on that no span covers (up to three)."""
    end = start
    while (
        end < len(doc)
        and end - start < 3
        and end not in covered
        and doc[end].is_title
        and doc[end].is_alpha
        and not doc[end].is_sent_start
    ):
        end += 1
    return end


def _untagged_words_start(doc: Doc, last: int, covered: set[int]) -> int:
    """Where the proper nouns that end at ``last`` and that no span covers begin (up to
    three): "Kestrel Writers" before "' Guild"."""
    start = last
    while (
        start - 1 >= 0
        and last - start < 2
        and start - 1 not in covered
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].is_title
        and not doc[start].is_sent_start
    ):
        start -= 1
    return start


def join_listed_fields(
    doc: Doc,
    spans: list[Span],
    heads: frozenset[str],
    words: frozenset[str],
    fields: frozenset[str] = frozenset(),
    reach: int = 12,
) -> list[Span]:
    """Bodies' names that list their fields, joined over the commas the model cut them
    at: "Department for Trade, Farming and Rural Affairs", tagged as "Department for
    Trade" and "Rural Affairs".

    The name must open with an organization word (``heads``) and "of", "for" or "on"; each
    field after it is one to three capitalized English words (``words``, lowercase),
    tagged as nothing or as an organization, or a field's word (``fields``) the model
    tagged alone as something else that is no place, and the list ends with "and" and
    its last field. A field of two words or more that ends in an organization word is a body's
    name: "the Ministry of Defence, Kestrel and Birch Bank" lists bodies.
    """
    result: list[Span] = []
    covered = 0
    for span in spans:
        if span.start < covered:
            continue  # a field of the name joined before
        end = _listed_fields_end(doc, span, heads, words, fields, reach)
        if end is None:
            result.append(span)
            continue
        result.append(Span(doc, span.start, end, label=span.label_))
        covered = end
    return result


def _listed_fields_end(
    doc: Doc,
    span: Span,
    heads: frozenset[str],
    words: frozenset[str],
    fields: frozenset[str],
    reach: int,
) -> int | None:
    """Where the fields listed after the "of", "for" or "on" of ``span`` end, if the name goes
    on over them past the span's end ("Institute of Science, Technology" + "and Society"
    as much as "Centre for Sound" + ", Light and Colour")."""
    if span.label_ not in ("ORG", "FAC") or len(span) < 3:
        return None
    joiner = next((t for t in span[1:-1] if t.lower_ in ("of", "for", "on")), None)
    if joiner is None or doc[joiner.i - 1].lower_ not in heads:
        return None
    i, last_item = joiner.i, False
    limit = min(len(doc), span.end + reach)
    while i < limit and (i == joiner.i or doc[i].lower_ in (",", "and", "&")):
        last_item = doc[i].lower_ in ("and", "&")
        start = i + 1
        i = start
        while i < limit and i - start < 3 and _field_word(doc[i], words, fields):
            i += 1
        if i == start or (i - start >= 2 and doc[i - 1].lower_ in heads):
            return None  # no field, or a body's own name ("and Birch Bank")
        if last_item:
            break
    if not last_item or i <= span.end or (i < len(doc) and doc[i].is_title):
        return None
    return i


def _field_word(token: Token, words: frozenset[str], fields: frozenset[str]) -> bool:
    """A capitalized English word of a body's field that names no known place ("Ministry
    of Defence and Wales" lists two names), tagged as nothing or as part of an
    organization: "Speech", "Rural", "Affairs"; or a field's word (``fields``) the model
    tagged alone as something else: the "Drama" of "School of Speech and Drama" taken for
    a person's name."""
    return (
        token.is_title
        and token.is_alpha
        and (
            token.ent_type_ in ("", "ORG", "FAC") or (token.lower_ in fields and _lone_word(token))
        )
        and (token.lower_ in words or token.lemma_.lower() in words)
        and not token.is_sent_start
        and name_key(token.text) not in place_names()  # "Ministry of Defence and Wales"
    )


def _lone_word(token: Token) -> bool:
    """Whether the model tagged the word alone."""
    return token.ent_iob_ == "B" and (
        token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I"
    )


# Words that join the parts of a place's name with hyphens ("Henley-on-Thames",
# "Stratford-upon-Avon", "Newcastle-under-Lyme", "Aix-en-Provence"); only places are
# named so, whatever the model called the first part.
PLACE_NAME_PARTICLES = frozenset({"on", "upon", "under", "super", "sur", "en", "am"})
# Words that also join names with hyphens, in places and people alike ("Saint-Jean-de-Luz").
NAME_PARTICLES = PLACE_NAME_PARTICLES | frozenset(
    {"le", "la", "les", "de", "du", "des", "by", "in", "der", "aux"}
)
# Nouns after two names joined by a hyphen that make them a pair, not one name: "the
# Kestrel-Talbot rivalry", "the Oslo-Bergen route".
PAIR_NOUNS = frozenset(
    {"row", "feud", "rivalry", "axis", "pact", "talks", "summit", "deal", "merger", "match",
     "fight", "ticket", "alliance", "partnership", "race", "contest", "split", "clash",
     "battle", "meeting", "era", "years", "relationship", "relations", "link", "links",
     "line", "route", "border", "war", "dispute", "agreement", "accord",
     "duo", "double", "combination", "tie", "game", "final", "flight", "flights", "road",
     "railway", "pipeline", "corridor", "bid", "venture", "project", "team", "show"}
)  # fmt: skip


def drop_peerage_seats(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans without the seat of a peer's title: "Harwick" in "Lord Talbot of Harwick",
    which the model tags as a place or a body of its own.

    The seat is part of the title, not the person's home or employer. The peer keeps
    the name the model gave ("Talbot"), so the short forms of the article ("Lord Talbot",
    "Jack Talbot", often the same person before and after the peerage) still link. The
    style (``PEERAGE_STYLES``) opens the person's span or stands right before it.
    """
    result: list[Span] = []
    seat = -1
    for n, span in enumerate(spans):
        if n == seat:
            continue
        result.append(span)
        following = spans[n + 1] if n + 1 < len(spans) else None
        if following is None or span.label_ != "PERSON":
            continue
        styled = span[0].text in PEERAGE_STYLES or (
            span.start > 0 and doc[span.start - 1].text in PEERAGE_STYLES
        )
        if (
            styled
            and following.start == span.end + 1
            and doc[span.end].lower_ == "of"
            and following.label_ in ("GPE", "LOC", "ORG", "FAC")
        ):
            seat = n + 1
    return result


def join_nicknames(doc: Doc, spans: list[Span]) -> list[Span]:
    """A person's name with a nickname in quotes between the first name and the surname
    ("Tom "TJ" Hale", "Jack 'Hammer' Talvaro") as one person's span: the model tags
    the first name and the rest apart, or the nickname with the surname."""
    found: list[Span] = []
    for opening in range(1, len(doc) - 3):
        first = doc[opening - 1]
        if (
            doc[opening].text not in _NICKNAME_QUOTES
            or not first.whitespace_
            or not (first.is_title and first.lower_ in first_names())
        ):
            continue
        closing = next(
            (
                i
                for i in range(opening + 2, min(opening + 5, len(doc) - 1))
                if doc[i].text in _NICKNAME_QUOTES
            ),
            None,
        )
        if closing is None or not all(t.is_alpha for t in doc[opening + 1 : closing]):
            continue
        end = closing + 1
        while end < len(doc) and end - closing <= 2 and doc[end].is_title and doc[end].is_alpha:
            end += 1
        if end > closing + 1 and any(s.start < end and s.end > first.i for s in spans):
            found.append(Span(doc, first.i, end, label="PERSON"))
    return replacing_overlaps(spans, found)


_AND = frozenset({"and"})


def join_places_with_and(doc: Doc, spans: list[Span]) -> list[Span]:
    """A country's or a region's name with "and" in it ("Trinidad and Tobago", "Tyne and
    Wear") as one place's span: the model cuts it at "and" into two names, or a place and
    a person."""
    names = _places_with_and()
    found: list[Span] = []
    for i in word_positions(doc, _AND):
        if i == 0:
            continue
        for before, after in names.get(doc[i - 1].lower_, ()):
            start, end = i - len(before), i + 1 + len(after)
            if start < 0 or end > len(doc):
                continue
            words = doc[start:end]
            if [t.lower_ for t in words] == [*before, "and", *after] and all(
                t.is_title or t.lower_ in ("and", "the") for t in words
            ):
                found.append(Span(doc, start, end, label="GPE"))
                break
    return replacing_overlaps(spans, found)


@cache
def _places_with_and() -> dict[str, list[tuple[list[str], list[str]]]]:
    """Countries' and regions' names with "and", by the word before it: its words before
    "and" and after it."""
    names: dict[str, list[tuple[list[str], list[str]]]] = {}
    for key, place in places().items():
        if " and " not in key or place.kind not in ("country", "region"):
            continue
        first, _, rest = key.partition(" and ")
        names.setdefault(first.split()[-1], []).append((first.split(), rest.split()))
    return names


def first_names_read_as_peoples(
    doc: Doc, spans: list[Span], common: frozenset[str] = frozenset()
) -> list[Span]:
    """A common first name the model read as a people's word, before a capitalized proper
    noun it left untagged, as one person's span ("signing Tom Halvik" with "Tom" read as a
    nationality): no people is called by a first name that is no nation's word. The
    word after must be no common word (``common``): "Christian Aid" is a charity."""
    found: list[Span] = []
    for span in spans:
        after = span.end
        if (
            span.label_ != "NORP"
            or len(span) != 1
            or after >= len(doc)
            or span[0].lower_ not in first_names()
            or nation_or_its_people(span.text)
        ):
            continue
        surname = doc[after]
        if (
            surname.is_title
            and surname.pos_ == "PROPN"
            and surname.ent_iob_ == "O"
            and surname.lower_ not in common
            and span[0].whitespace_
            and not (after + 1 < len(doc) and doc[after + 1].is_title)
        ):
            found.append(Span(doc, span.start, after + 1, label="PERSON"))
    return replacing_overlaps(spans, found)


def first_names_before_names_tagged_alone(
    doc: Doc,
    spans: list[Span],
    name_labels: frozenset[str],
    common: frozenset[str] = frozenset(),
    lowercase: frozenset[str] = frozenset(),
    clubs: frozenset[str] = frozenset(),
) -> list[Span]:
    """A common first name and a capitalized word after it, both untagged, as one person's
    span where the document tags that word alone elsewhere: "Tom Talvaro has flown to
    Oslo", then "Talvaro" tagged (as a person, a body or a place) in later sentences. A
    story names someone in full once, most often at the start of a sentence, where the
    model misses the name more than anywhere; the surname it tags later says the words are
    a name.

    Only spans with ``name_labels`` count as the name tagged alone. Neither word is one the
    story writes in lowercase (``lowercase``: "Will", "Can"), and the first is no weekday
    ("Sunday Kestrel"); a first name that is a common word too (``common``: "Lewis",
    "Sun") counts only at the start of a sentence or after a capitalized title ("Referee
    Tom Hale"). No article stands before them ("the Sunday Kestrel"), no capitalized word
    after them (a longer name); the two are no place and no club (``clubs``: "Aston
    Villa"), and the second word is no place ("No Norway side").
    """
    alone = {span.text for span in spans if len(span) == 1 and span.label_ in name_labels}
    if not alone:
        return spans
    taken = {i for span in spans for i in range(span.start, span.end)}
    found: list[Span] = []
    for i in text_positions(doc, alone):
        if not 0 < i < len(doc) - 1:
            continue
        first, surname = doc[i - 1], doc[i]
        if (
            first.i not in taken
            and surname.i not in taken
            and first.is_title
            and first.whitespace_
            and surname.is_title
            and first.lower_ in first_names()
            and first.lower_ not in lowercase
            and first.lower_ not in WEEKDAYS
            and (first.lower_ not in common or _opens_a_clause(doc, first.i))
            and surname.lower_ not in lowercase
            and not (first.i > 0 and doc[first.i - 1].lower_ in DETERMINERS)
            and not doc[surname.i + 1].is_title
        ):
            key = name_key(f"{first.text} {surname.text}")
            table = places()
            if key not in table and key not in clubs and name_key(surname.text) not in table:
                found.append(Span(doc, first.i, surname.i + 1, label="PERSON"))
    return replacing_overlaps(spans, found) if found else spans


def _opens_a_clause(doc: Doc, i: int) -> bool:
    """Whether the word at ``i`` opens its sentence, or follows a capitalized word that
    does ("Referee Tom Hale said")."""
    return bool(
        doc[i].is_sent_start or (i > 0 and doc[i - 1].is_title and doc[i - 1].is_sent_start)
    )


def complete_cut_names(doc: Doc, spans: list[Span], name_labels: frozenset[str]) -> list[Span]:
    """Mentions of a longer name the document tags whole elsewhere, made whole where the
    model cut them short or into pieces: "Wolf" + "Brother" where "Wolf Brother" is a span
    of its own, "The Life of" (a title) + "Tom Hale" (a person) where "The Life of Tom
    Hale" is a film tagged whole in another sentence, "Fox and" + "Kestrel".

    Only spans with ``name_labels`` (the model's labels the ontology makes entities of, not
    numbers or dates) count as longer names, and none with "or" joining two names. A
    mention is made whole where one of its words is tagged, the pieces lie inside it (none
    runs past its ends: "Windows XP" is no piece of "Windows XP Licensing Office") and it
    stands in one sentence; words before its first piece open with a capital or a number
    and hold no title ("Mr", "Lord": the name after it is the person's already); a firm's
    name beside its product's stays two names. The longer name's label goes with the
    mention, but for a surname the model read as a person after a first name it left out
    ("Tom" + "Talvaro", where the whole was read a product once).
    """
    longer: dict[tuple[str, ...], str] = {
        tuple(t.text for t in span): span.label_
        for span in spans
        if len(span) >= 2 and span.label_ in name_labels and not _names_joined_by_or(span)
    }
    if not longer:
        return spans
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(longer, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(words)
    span_at = {i: span for span in spans for i in range(span.start, span.end)}
    found: list[Span] = []
    free = 0  # the first token no name found takes
    for i in text_positions(doc, by_first):
        if i < free:
            continue
        for words in by_first[doc[i].text]:
            pieces = _pieces_of_a_cut_mention(doc, i, words, span_at)
            if pieces:
                label = "PERSON" if _first_name_and_surname(doc, i, pieces) else longer[words]
                found.append(Span(doc, i, i + len(words), label=label))
                free = i + len(words)
                break
    return replacing_overlaps(spans, found)


def _names_joined_by_or(span: Span) -> bool:
    """Whether "or" joins two names in the span, which the model read as one ("Kestrel or
    Norvik" in a list of fixtures): no name to complete others with."""
    return any(t.lower_ == "or" and t.is_lower for t in span[1:-1])


def _pieces_of_a_cut_mention(
    doc: Doc, start: int, words: tuple[str, ...], span_at: dict[int, Span]
) -> list[Span]:
    """The spans inside the words from ``start`` when those are ``words`` in one sentence,
    cut by the model into these pieces (see ``complete_cut_names``); none otherwise."""
    end = start + len(words)
    if end > len(doc) or any(doc[start + k].text != word for k, word in enumerate(words)):
        return []
    if any(doc[k].is_sent_start for k in range(start + 1, end)):
        return []
    pieces = sorted({span_at[k] for k in range(start, end) if k in span_at}, key=lambda s: s.start)
    if not pieces or any(p.start < start or p.end > end for p in pieces):
        return []
    if (pieces[0].start == start and pieces[0].end == end) or _maker_and_product(pieces):
        return []
    before = doc[start : pieces[0].start]
    if before and (
        not (before[0].is_title or before[0].like_num)
        or any(is_leading_title(t.text, "Person") or t.text in PEERAGE_STYLES for t in before)
    ):
        return []
    return pieces


def _maker_and_product(pieces: list[Span]) -> bool:
    """Whether the pieces are a firm's name and its product's, side by side ("Kestrel"
    + "Skyphone"): two entities, whatever another mention read them as."""
    return (
        len(pieces) == 2
        and pieces[0].label_ == "ORG"
        and pieces[1].label_ == "PRODUCT"
        and pieces[0].end == pieces[1].start
    )


def _first_name_and_surname(doc: Doc, start: int, pieces: list[Span]) -> bool:
    """Whether the pieces are one person's surname after a first name the model left out:
    the whole is that person, whatever one reading of the longer name said."""
    return (
        len(pieces) == 1
        and pieces[0].label_ == "PERSON"
        and pieces[0].start == start + 1
        and doc[start].lower_ in first_names()
    )


def join_hyphenated(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans extended over the rest of a hyphenated name the model cut at its first
    hyphen: "Boix" of the surname "Boix-Vives", "Henley" of "Henley-on-Thames".

    The tokenizer splits words at hyphens and the model often tags only the first
    part. A person's name goes on over a capitalized word after a hyphen (not when a
    noun after it makes the two a pair: "the Hale-Talbot rivalry"); any name goes on
    over lower-case joining words and the capitalized word after them, and a name
    joined by a place's particle ("-on-", "-upon-") becomes a place. The words taken
    in must be untagged, written without spaces around the hyphens.
    """
    result: list[Span] = []
    for n, span in enumerate(spans):
        limit = spans[n + 1].start if n + 1 < len(spans) else len(doc)
        end, place = _hyphenated_end(doc, span, limit)
        if end == span.end:
            result.append(span)
        else:
            label = "GPE" if place and span.label_ not in ("GPE", "LOC", "FAC") else span.label_
            result.append(Span(doc, span.start, end, label=label))
    return result


def join_colon_glued(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names written as two words glued by a colon, taken whole: "CD:UK", "CSI:NY".

    The tokenizer splits the colon off and the model tags the parts apart, or a part as
    a place of its own ("UK"). Two capitalized words with no space on either side of the
    colon ("SM:tv": a short word after an acronym) are one name, most often a
    programme's or a brand's (a work's label); a part the model tagged as something
    longer brings its other words into it.
    """
    found: list[Span] = []
    for i in word_positions(doc, COLON):
        if not 0 < i < len(doc) - 1:
            continue
        before, colon, after = doc[i - 1], doc[i], doc[i + 1]
        if (
            not before.whitespace_
            and not colon.whitespace_
            and before.is_alpha
            and after.is_alpha
            and before.text[:1].isupper()
            # "SM:tv": a short lower-case word after an acronym
            and (after.text[:1].isupper() or (before.is_upper and len(after) <= 3))
        ):
            start = min([i - 1, *(s.start for s in spans if s.start <= i - 1 < s.end)])
            end = max([i + 2, *(s.end for s in spans if s.start <= i + 1 < s.end)])
            found.append(Span(doc, start, end, label="WORK_OF_ART"))
    return replacing_overlaps(spans, found)


def _hyphenated_end(doc: Doc, span: Span, limit: int) -> tuple[int, bool]:
    """Where the hyphenated name ``span`` begins ends, and whether a place's particle
    joins it."""
    end, place, particles = span.end, False, 0
    i = span.end
    while i + 1 < limit and doc[i].text == "-" and not doc[i - 1].whitespace_:
        if doc[i].whitespace_:
            break
        word = doc[i + 1]
        if word.ent_iob_ != "O" or not word.is_alpha:
            break
        if word.lower_ in NAME_PARTICLES and word.is_lower:
            particles += 1
            place = place or word.lower_ in PLACE_NAME_PARTICLES
            i += 2
            continue
        if not word.is_title:
            break
        if not particles and span.label_ != "PERSON":
            break
        i += 2
        end, particles = i, 0
    if end > span.end and span.label_ == "PERSON" and not place:
        after = doc[end] if end < len(doc) else None
        if after is not None and after.lower_ in PAIR_NOUNS:
            return span.end, False
    return end, place


def _listed_extension(doc: Doc, span: Span, limit: int) -> Span | None:
    """``span`` with the one or two capitalized words after it that complete a listed
    company's name ("Munich" + "Re"), or None."""
    if span.end >= limit or not doc[span.end].text[:1].isupper():
        return None  # most names: a lowercase word or a mark follows
    for end in (span.end + 1, span.end + 2):
        words = doc[span.end : end]
        if end > limit or not all(t.ent_iob_ == "O" and t.text[:1].isupper() for t in words):
            return None
        if doc[end - 2].whitespace_ and name_key(doc[span.start : end].text) in listed_companies():
            return Span(doc, span.start, end, label="ORG")
    return None


# Nationalities written before a party of the whole state ("the British Labour Party"),
# which is no party of its own.
_NATIONS_OF_A_STATE_PARTY = frozenset({"British", "English"})


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
    if (
        span.label_ == "GPE"
        and span.start == last.end + 1
        and doc[last.end].lower_ == "of"
        and _judicial_district([t.lower_ for t in last if t.lower_ != "the"])
    ):
        return "LOC"  # "Southern District" + "of Ohio": a judicial district
    if (
        span.start == last.end
        and doc[span.end - 1].text == "Party"
        and span.label_ in ("ORG", "Organization")
        and all(t.lower_ == "the" for t in last[:-1])
        and last[-1].text not in _NATIONS_OF_A_STATE_PARTY
        and nationality_adjective(last[-1].text)
    ):
        return "ORG"  # "The Scottish" + "Conservative Party": a party of its own
    if (
        last.label_ in ("ORG", "Organization")
        and len(last) >= 3
        and doc[last.end - 2].lower_ == "of"
        and span.start == last.end + 1
        and doc[last.end].lower_ == "and"
        and f"{name_key(last[-1].text)} and {name_key(span.text)}" in _PAIRED_PLACES
    ):
        return "ORG"  # "Kestrel Society of England" + "and Wales": one body of both
    if last.ent_id_ or span.ent_id_:
        return None
    if (
        span.start - last.end <= 1
        and doc[last.end - 1].whitespace_
        and name_key(doc[last.start : span.end].text) in listed_companies()
    ):
        return "ORG"  # "Lockheed" + "Martin": a listed company's name
    if (
        span.start == last.end
        and doc[last.end - 1].whitespace_
        and last.label_ in ("LOC", "GPE")
        and name_key(doc[last.start : span.end].text) in places()
    ):
        return "LOC"  # "East" + "Midlands": a known place's name
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
        if (
            last.label_ == "GPE"
            and span.label_ == "ORG"
            # "London Kestrel Party MEP Tom Hale": the seat, then the party
            and not (span.end < len(doc) and doc[span.end].text in MEMBERS_OF_A_SEAT)
        ):
            return "ORG"
        if (
            last.label_ == "ORG"
            and span.label_ in ("GPE", "LOC")
            and len(last) >= 2
            and doc[last.end - 1].lower_ in _STATION_WORDS
        ):
            return "ORG"  # "BBC Radio" + "Scotland": a broadcaster's station for a nation
        if _national_body(last, span, heads):
            return "ORG"  # "British" + "Library": a nation's body, its last word a body's
        initials = len(last) == 1 and last.text.isalpha() and last.text.isupper()
        if (
            initials
            and len(last.text) <= 3
            and not span[0].is_lower  # a name's word, not "EMI" + "last year"
            and not (span.text.isupper() and len(span.text) <= 3)
            and not (name_key(last.text) in place_names() and name_key(span.text) in place_names())
            and not _post_in_place(doc, span, roles)
        ):
            return span.label_
    if (
        last.label_ == "ORG"
        and span.label_ in ("GPE", "LOC", "PERSON")
        and span.start == last.end + 1
        and doc[last.end].lower_ == "of"
        and ((doc[last.end - 1].lower_ in heads and span.label_ != "PERSON") or _house(last))
    ):
        return "ORG"  # "Royal Bank" + "of Scotland", "House" + "of Varnsk"
    between = [t.lower_ for t in doc[last.end : span.start]]
    if (
        last.label_ == "ORG"
        and span.label_ == "ORG"
        and between == ["and"]
        and last.start > 0
        and doc[last.start - 1].lower_ == "the"
        and doc[last.end - 1].lower_ not in heads
        and span[-1].lower_ in _JOINT_WORK_WORDS
    ):
        # "the Kestrel Internet and American Life Project": one "the", one project
        return "ORG"
    first = span[1] if len(span) > 1 and span[0].lower_ == "the" else span[0]
    if (
        last.label_ == "ORG"
        and span.label_ == "ORG"
        and between in (["for"], ["for", "the"])
        and doc[last.end - 1].lower_ in heads
        and first.is_title
        and doc[span.end - 1].lower_ not in heads  # "sold the Kestrel Trust for the Talbot Group"
    ):
        # "Kestrel Foundation" + "for the Care of Harbour Seals": what the body is for
        return "ORG"
    return None


# The model's labels of named things that are neither persons nor places.
_NAMED_THINGS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
# Last words of a project's name that may join two fields with "and" after one "the".
_JOINT_WORK_WORDS = frozenset(
    {"project", "programme", "program", "initiative", "partnership", "alliance", "coalition"}
)
# Places a body's name joins with "and" into the one realm it covers ("the Kestrel
# Society of England and Wales").
_PAIRED_PLACES = frozenset(
    {"england and wales", "great britain and northern ireland", "britain and ireland",
     "great britain and ireland", "scotland and northern ireland"}
)  # fmt: skip


def _fields_of_a_body(
    doc: Doc,
    last: Span,
    span: Span,
    heads: frozenset[str],
    fields: frozenset[str],
    alone: frozenset[str],
) -> str | None:
    """ "ORG" when ``last`` is the first field of a body's name the model cut at its "and":
    "Public" + "Commercial Services Union", "Food" + "Agriculture Organisation", a place's
    "the Texas Parks" + "Wildlife Department". Not a
    name of its own before another body ("Kestrel and Birch Bank"), nor one the document
    uses alone."""
    words = [t for t in last if t.lower_ != "the"]
    joined = (
        last.label_ == "ORG"
        and span.label_ == "ORG"
        # one field, or a place and a field ("the Texas Parks" + "Wildlife Department")
        and 1 <= len(words) <= 3
        and (len(words) == 1 or name_key(" ".join(t.text for t in words[:-1])) in place_names())
        and len(span) >= 2  # "Children, Youth and Media": fields, no name
        and span.start == last.end + 1
        and doc[last.end].lower_ in ("and", "&")
        and last[-1].is_title
        and last[-1].lower_ in fields
        and span[0].is_title
        and span[0].lower_ in fields
        and doc[span.end - 1].lower_ in heads
        and name_key(last.text) not in alone
    )
    return "ORG" if joined else None


# Last words of a broadcaster's name that a place's name may follow ("BBC Radio Wales").
_STATION_WORDS = frozenset({"radio", "tv", "television"})


def _national_body(last: Span, span: Span, heads: frozenset[str]) -> bool:
    """Whether a nation's adjective and the capitalized words right after it, the last one
    a body's word, are one body's name ("British" + "Library", "Welsh" + "Rugby Union"),
    which the model tagged as a people and a person. A party is left to the party rule:
    "the British Conservative Party" is the Conservative Party."""
    return (
        last.label_ == "NORP"
        and len(last) == 1
        and span.label_ in ("PERSON", "ORG")
        and all(token.is_title and token.is_alpha for token in span)
        and span[-1].lower_ in heads
        and span[-1].lower_ != "party"
        and nationality_adjective(last.text)
    )


def _post_in_place(doc: Doc, span: Span, roles: frozenset[str]) -> bool:
    """A place before a title ("KTV" + "Oslo" + "reporter"): where the post is, not the
    end of the acronym's name."""
    return span.end < len(doc) and doc[span.end].lower_ in roles and is_large_city(span.text)


def _house(span: Span) -> bool:
    """A span that is the word "House" alone, which a name goes on after "of" ("House of
    Varnsk", "House of Lords"): the model often tags the rest apart."""
    return len(span) == 1 and span.text == "House"


# First words of a judicial district's name ("the Northern District of Ohio").
_COMPASS_WORDS = frozenset({"northern", "southern", "eastern", "western", "central", "middle"})


def _judicial_district(words: list[str]) -> bool:
    return len(words) == 2 and words[0] in _COMPASS_WORDS and words[1] == "district"


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


_QUOTE_MARK = re.compile(r'["“”]')
# Quotation marks as tokens: straight, curly, and the doubled marks of tokenized corpora.
OPENING_QUOTES = frozenset({'"', "“", "``"})
CLOSING_QUOTES = frozenset({'"', "”", "''"})
# Quotes around a nickname: double or single, straight or curly.
_NICKNAME_QUOTES = OPENING_QUOTES | CLOSING_QUOTES | {"'", "‘", "’"}
# Labels of the pieces a title is cut into that it takes back ("Outline on X" + "1996-2010").
_TITLE_PARTS = frozenset(
    {"DATE", "CARDINAL", "ORDINAL", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "NORP"}
)
# Words that begin or end a document's title, besides the entity rules' document words.
_TITLE_WORDS = frozenset({"program", "programme", "schedule", "proposal", "roadmap"})
# Lowercase words a title may hold ("Plan for the Use of ...").
_TITLE_SMALL_WORDS = frozenset(
    {"of", "the", "and", "for", "on", "in", "to", "a", "an", "by", "between", "with", "at"}
)


def quoted_titles(
    doc: Doc, text: str, spans: list[Span], document_words: frozenset[str], max_tokens: int
) -> list[Span]:
    """A document's title in quotation marks taken whole, in place of the names the
    model found inside it.

    "the "2020 Work Plan of the Kestrel Transfer Center"": the model cuts such titles
    at "of", a comma or a year. Quoted words count as a title when every word but the
    small ones is capitalized and a document word ("Plan", "Form", "Outline") begins
    or ends it; titles longer than twice ``max_tokens`` are left alone. ``text`` is the
    document's text (spaCy joins it anew on every access).
    """
    titles: list[Span] = []
    opening = None
    for mark in _QUOTE_MARK.finditer(text):  # most texts hold few quotation marks
        quote = doc.char_span(mark.start(), mark.end())
        if quote is None:
            continue
        token = quote[0]
        if token.text in OPENING_QUOTES and (opening is None or token.text != '"'):
            opening = token.i
        elif token.text in CLOSING_QUOTES and opening is not None:
            if not any(t.is_sent_start for t in doc[opening + 1 : token.i + 1]):
                title = _title_between(doc, opening + 1, token.i, document_words, max_tokens)
                if title is not None:
                    titles.append(title)
            opening = None
    # A name inside the title other than its own cut beginning stays ("... Work Plan of
    # the Kestrel Transfer Center": the center issued it), and the title is not taken,
    # unless the document names it outside the title too.
    outside = {
        name_key(s.text)
        for s in spans
        if not any(s.start < t.end and t.start < s.end for t in titles)
    }
    taken = [t for t in titles if not any(_keeps_apart(doc, t, s, outside) for s in spans)]
    if not taken:
        return spans
    kept = [s for s in spans if not any(s.start < t.end and t.start < s.end for t in taken)]
    return sorted([*kept, *taken], key=lambda s: s.start)


def _keeps_apart(doc: Doc, title: Span, span: Span, outside: set[str]) -> bool:
    """Whether a span the model found keeps a title from being taken whole: it overlaps
    the title, is not the title's own cut beginning, and is neither a part the title
    takes back (a year, a place) nor a name the document also gives outside titles."""
    if not (span.start < title.end and title.start < span.end):
        return False
    if span.end <= title.end and _leads_into(doc, span.start, title.start):
        return False
    inside = title.start <= span.start and span.end <= title.end
    return not (inside and (span.label_ in _TITLE_PARTS or name_key(span.text) in outside))


def _leads_into(doc: Doc, start: int, title_start: int) -> bool:
    """Whether a span starting at ``start`` begins the title, from its article or opening
    quotation mark on ('the "Outline on ...')."""
    return start <= title_start and all(
        t.lower_ in ("the", "a", "an") or t.text in OPENING_QUOTES for t in doc[start:title_start]
    )


def _title_between(
    doc: Doc, start: int, end: int, document_words: frozenset[str], max_tokens: int
) -> Span | None:
    """The title-like words between two quotation marks, or None."""
    while end > start and doc[end - 1].text in (",", "."):
        end -= 1
    words = [t for t in doc[start:end] if t.is_alpha]
    if not 3 <= end - start <= 2 * max_tokens or len(words) < 2:
        return None
    if any(t.is_punct and t.text not in (",", "-", "–", "(", ")") for t in doc[start:end]):
        return None
    if not all(t.text[:1].isupper() or t.lower_ in _TITLE_SMALL_WORDS for t in words):
        return None
    if not words[0].text[:1].isupper() and not doc[start].like_num:
        return None
    main = [t.lower_ for t in words if t.lower_ not in _TITLE_SMALL_WORDS]
    # A programme named with its target year ("Made in Kestrel 2030") is one too.
    target_year = len(doc[end - 1].text) == 4 and doc[end - 1].text.startswith("20")
    if not (target_year and doc[end - 1].is_digit) and not (
        {*main[:4], *main[-2:]} & (document_words | _TITLE_WORDS)
    ):
        return None
    return Span(doc, start, end, label="WORK_OF_ART")
