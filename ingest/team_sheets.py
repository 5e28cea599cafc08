"""Team sheets: the lines of a sports report that list a side's players.

A match report ends with each side's line-up, surnames (or initials and surnames)
between commas or semicolons, substitutes in brackets with the minute they came on,
and "Subs not used" ("Hale, Birch, Tolley (Okafor 71), Talbot. Subs Not Used: Roe").
The model reads many of those surnames as places, and a list with one known place in it
("Buxton", "Murray") would make places of all of them. On such a line every short name
is a player's, unless it names the side before a colon ("Kestrel City: Hale, ...") or
stands alone in brackets after a player (the club of a squad list:
ingest/team_cues.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from threadline.ingest.evidence import first_names

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Lowercase words a team sheet holds besides names ("Roe for Hale (71)", "Hale (capt)"),
# and the particles inside surnames ("van der Walt", "de Villiers", "di Rollo").
_SHEET_WORDS = frozenset(
    {"for", "capt", "not", "used", "sub", "subs", "unused", "and",
     "van", "der", "den", "de", "di", "da", "du", "le", "la", "von", "dos", "del"}
)  # fmt: skip
# Items a line needs to be a side's line-up.
_MIN_SEPARATORS = 5
_MIN_NAMES = 6
# The words that open a line of substitutes ("Subs not used: Hale, Birch").
_SUBSTITUTES = frozenset({"subs", "substitutes", "replacements"})
# Words only a team sheet holds ("Subs not used", "Hale (capt)").
_MARKS = _SUBSTITUTES | {"sub", "capt"}
_SCORE = re.compile(r"\d+-\d+")


def sheet_lines(doc: Doc, breaks: list[int], sport: bool) -> tuple[tuple[int, int], ...]:
    """The lines of a document (between the line-break tokens at ``breaks``) that are a
    side's line-up; outside a story about sport, only those with a team sheet's marks.
    A line of running text is left at its first lowercase word, so the pass is cheap.
    In a story about sport, a line-up may also be one sentence of a paragraph that runs
    the report on ("... a fabulous player." Kestrel: Hale, Birch, ..., Roe. Subs: ...).
    """
    found = []
    start = 0
    for end in [*breaks, len(doc)]:
        if sport and _substitutes_line(doc, start, end):
            found.append((start, end))
        elif end - start >= _MIN_NAMES:
            if is_team_sheet(doc, start, end) and (sport or has_sheet_marks(doc, start, end)):
                found.append((start, end))
            elif sport:
                found.extend(_sheet_sentences(doc, start, end))
        start = end + 1
    return tuple(found)


def _substitutes_line(doc: Doc, start: int, end: int) -> bool:
    """Whether a short line lists a side's substitutes on their own ("Subs not used:
    Hale, Birch, Roe."): a substitutes' mark and a colon open it, names follow."""
    while start < end and doc[start].is_space:
        start += 1
    if start >= end or doc[start].lower_ not in _SUBSTITUTES:
        return False
    colon = next((i for i in range(start, min(start + 4, end)) if doc[i].text == ":"), None)
    return colon is not None and is_team_sheet(doc, colon + 1, end, min_separators=0, min_names=1)


def _sheet_sentences(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a line between full stops that are a side's line-up."""
    found = []
    stops = [i for i in range(start, end) if doc[i].text == "."]
    first = start
    for stop in [*stops, end]:
        if stop - first >= _MIN_NAMES and is_team_sheet(doc, first, stop):
            found.append((first, stop))
        first = stop + 1
    return found


def is_team_sheet(
    doc: Doc,
    start: int,
    end: int,
    min_separators: int = _MIN_SEPARATORS,
    min_names: int = _MIN_NAMES,
) -> bool:
    """Whether the tokens ``[start, end)`` are a side's line-up: ``min_names`` names or
    more between ``min_separators`` commas or semicolons or more (six and five by
    default), and no lowercase word but a team sheet's own."""
    separators = names = 0
    for token in doc[start:end]:
        if _SCORE.fullmatch(token.text):
            return False  # a list of results ("Kestrel 2-1 Norvik, ...")
        if token.text in (",", ";"):
            separators += 1
        elif token.is_alpha and token.is_lower and token.lower_ not in _SHEET_WORDS:
            return False  # running text
        elif token.is_title:
            names += 1
    return separators >= min_separators and names >= min_names


def has_sheet_marks(doc: Doc, start: int, end: int) -> bool:
    """Whether a line holds what only a team sheet does: substitutes ("Subs", "(Okafor
    71)", "Replacements") or a captain ("(capt)")."""
    for i in range(start, end):
        token = doc[i]
        if token.lower_ in _MARKS:
            return True
        if token.text == ")" and i - 2 >= start and doc[i - 1].like_num and doc[i - 2].is_title:
            return True  # "(Okafor 71)"
    return False


def player_on_team_sheet(doc: Doc, span: Span, lines: tuple[tuple[int, int], ...]) -> bool:
    """Whether a name of three words or fewer stands as a player on one of the team
    sheet ``lines`` (``sheet_lines``): not the side before a colon, nor a club alone in
    brackets after a player."""
    if not lines or len(span) > 3:
        return False
    i = bisect_right(lines, (span.start, len(doc) + 1)) - 1
    if i < 0 or not lines[i][0] <= span.start < lines[i][1]:
        return False
    if span.end < len(doc) and doc[span.end].text == ":":
        return False  # "Kestrel City: Hale, Birch, ..."
    if span.start > 0 and doc[span.start - 1].text == "(":
        after = doc[span.end] if span.end < len(doc) else None
        if after is None or not after.like_num:
            return False  # "Hale (Kestrel), Birch (Norvik)": clubs; "(Okafor 71)": a substitute
    return True


# What stands before a listed player: the start of the text, a separator or a line break.
_LIST_OPENERS = frozenset({",", ";", ":", "."})
_INITIAL = re.compile(r"[A-Z]\.?")
# The apostrophe inside an Irish or a French surname ("O'Hale", "D'Arcy").
_APOSTROPHES = re.compile(r"(?<=^[A-Z])['\u2019](?=[A-Z])")
# The last minute a match report names (extra time), and the words after a scorer's
# minute ("Hale 71 pen", "Roe 80 og").
_LAST_MINUTE = 130
_AFTER_A_MINUTE = frozenset({"pen", "og"})
# The headings of a match report's lists of minutes ("Goals: Hale 68, Roe 75").
_SCORERS = frozenset({"goals", "goal", "scorers", "scorer", "tries", "try", "booked"})
# Words of a surname at most, before the club's bracket ("J Lewis-Francis (Kestrel AC)").
_MAX_SURNAME_TOKENS = 4


def initialled_players(doc: Doc, spans: list[Span], sport: bool) -> list[Span]:
    """``spans`` with a person's span for each player the model left untagged in a squad
    list of a story about sport: an initial (or a common first name) and a surname, then
    the club in brackets, after a separator or a line break ("..., J Hale (Kestrel
    Harriers), M Holt ...").

    The model tags about half of them, often without the initial ("J" of "J Hale"),
    which would link the surname to another Hale of the story: the initial is taken in.
    """
    if not sport:
        return spans
    spans = [
        part
        for span in spans
        for part in _as_listed_player(doc, _with_initial(doc, _without_minute(doc, span)))
    ]
    covered = {i for span in spans for i in range(span.start, span.end)}
    added = []
    for token in doc:
        i = token.i
        opener = _INITIAL.fullmatch(token.text) or (
            token.is_title and token.lower_ in first_names()
        )
        if not opener or i in covered or i + 2 >= len(doc):
            continue
        if not _opens_a_list_item(doc, i):
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i <= _MAX_SURNAME_TOKENS
            and _surname_word(doc[end])
            and not (doc[end].text == "-" and doc[end].whitespace_)
            and end not in covered
        ):
            end += 1
        if end == i + 1 or end >= len(doc) or doc[end].text != "(" or doc[end - 1].text == "-":
            continue
        if end + 1 < len(doc) and doc[end + 1].is_title:
            added.append(Span(doc, i, end, label="PERSON"))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda span: span.start)


def _without_minute(doc: Doc, span: Span) -> Span:
    """A player's name the model took with the minute after it, cut to the name, a
    person's: "Hale 68" of "Goals: Hale 68, Roe 75", "(Hale 68)" or "Hale 2, 29", but
    not "the Super 12" nor "BBC One, Channel 4, ...", which no minute stands beside."""
    if len(span) < 2 or not _a_minute(span[-1]):
        return span
    if not all(_surname_word(token) for token in span[:-1]):
        return span
    return Span(doc, span.start, span.end - 1, label="PERSON") if _scored_or_on(doc, span) else span


def _a_minute(token: Token) -> bool:
    return token.text.isdigit() and int(token.text) <= _LAST_MINUTE


def _scored_or_on(doc: Doc, span: Span) -> bool:
    """Whether a name and a number are a scorer's or a substitute's minute: in brackets
    ("(Hale 68)"), after "Goals:" ("Goals: Hale 68"), or in a run of minutes ("Roe 40,
    Hale 68 pen", "Hale 2, 29")."""
    start, end = span.start, span.end
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.text == "(":
        return after is not None and after.text == ")"
    if before is not None and before.text == ":" and start >= 2:
        return doc[start - 2].lower_ in _SCORERS
    if before is not None and before.text == "," and start >= 2:
        minute = doc[start - 2]
        if _a_minute(minute) or minute.lower_ in _AFTER_A_MINUTE:
            return True
    return (
        after is not None and after.text == "," and end + 1 < len(doc) and _a_minute(doc[end + 1])
    )


def _with_initial(doc: Doc, span: Span) -> Span:
    """A person's span with the initial before it, where a list item opens with it."""
    i = span.start - 1
    if span.label_ != "PERSON" or i < 0 or not _INITIAL.fullmatch(doc[i].text):
        return span
    if not _opens_a_list_item(doc, i):
        return span
    return Span(doc, i, span.end, label=span.label_)


def _as_listed_player(doc: Doc, span: Span) -> list[Span]:
    """A span the model gave another label, read as a listed player where it is an
    initial (or a first name) and a surname opening a list item, the club in brackets
    after it ("..., N Hale (Kestrel AC)" tagged as an organization, or as one with its
    club's bracket, or the surname alone as a place), or as a person with its club's
    bracket."""
    bracketed = any(token.text == "(" for token in span)
    if span.label_ == "PERSON" and not bracketed:
        return [span]
    start = span.start
    initial_before = start > 0 and _INITIAL.fullmatch(doc[start - 1].text)
    if initial_before and not _INITIAL.fullmatch(span[0].text):
        start -= 1  # "N" + "Hale" tagged as a place
    # "Tom Hale (Kestrel" tagged as one name: a first name opens it, and the bracket is in it
    named_in_full = bracketed and doc[start].lower_ in first_names()
    if not (_INITIAL.fullmatch(doc[start].text) or named_in_full) or not _opens_a_list_item(
        doc, start
    ):
        return [span]
    end = start + 1
    while end < span.end and end - start <= _MAX_SURNAME_TOKENS and _surname_word(doc[end]):
        end += 1
    if end == start + 1 or end + 1 >= len(doc) or doc[end].text != "(":
        return [span]
    if not doc[end + 1].is_title:
        return [span]
    player = Span(doc, start, end, label="PERSON")
    if end + 1 >= span.end:
        return [player]  # the name alone, or with the bracket's opening only
    return [player, Span(doc, end + 1, span.end, label="ORG")]  # the club, in brackets


def _surname_word(token: Token) -> bool:
    """A word of a listed player's surname: capitalized ("McConnell", "O'Hale") or a
    hyphen."""
    text = token.text
    return (text[:1].isupper() and _APOSTROPHES.sub("", text).isalpha()) or text == "-"


def _opens_a_list_item(doc: Doc, i: int) -> bool:
    """Whether token ``i`` starts the text, or follows a separator or a line break."""
    return i == 0 or doc[i - 1].text in _LIST_OPENERS or doc[i - 1].is_space
