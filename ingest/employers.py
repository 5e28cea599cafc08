"""Names the model often leaves untagged: employers and persons around a title, and
names right after an organization word ("security firm X").

"Kestrel analyst Jane Roe", "Tony Roe, Labour MP for West Ham", "an analyst at
Petercam": the person is tagged, the employer often is not (a sentence-initial
name looks like a noun to the model) or is run into the person's span. These
names are what WORKS_FOR relations hang on, so the entity step adds them as
spans before cleanup; their type is then decided by evidence like any other.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from threadline.ingest.evidence import first_names
from threadline.ingest.gazetteer import bundled_gazetteer
from threadline.ingest.place_check import is_large_city
from threadline.ingest.spans import word_positions
from threadline.names import (
    DESCRIBING_OPENERS,
    DETERMINERS,
    PEERAGE_STYLES,
    PERSON_TITLES,
    is_honorific,
)


def with_named_after_descriptors(
    doc: Doc, spans: list[Span], descriptors: frozenset[str]
) -> list[Span]:
    """``spans`` with the names the model left untagged right after an organization word.

    "security firm 4Lock", "the games studio Kestrelsoft": up to four words the model left outside
    every entity, each a proper noun (or a word of letters and digits starting with a
    capital or a digit), after a singular descriptor such as "firm" or "carmaker". The
    descriptor then votes for an organization like any other cue.
    """
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for i in word_positions(doc, descriptors):
        token = doc[i]
        if i == len(doc) - 1 or not token.is_lower or token.tag_ != "NN":
            continue
        start = end = token.i + 1
        while end < len(doc) and end - start < 4 and end not in covered and _name_word(doc[end]):
            end += 1
        # "the watchdog Sir Tom Hale": an honorific or a title before a person's name
        before_person = end < len(doc) and doc[end].ent_type_ == "PERSON"
        if end > start and not doc[start].ent_type_ and not before_person:
            found.append(Span(doc, start, end, label="ORG"))
    if not found:
        return spans
    return sorted([*spans, *found], key=lambda span: span.start)


def _name_word(token: Token) -> bool:
    """A word a name the model left untagged may hold: "Kestrelsoft", "4Lock", "BlueHarbor"."""
    text = token.text
    return (
        not token.ent_type_
        and token.pos_ in ("PROPN", "NOUN", "NUM", "X")
        and (text[:1].isupper() or (text[:1].isdigit() and any(c.isalpha() for c in text)))
        and token.lower_ not in DETERMINERS
    )


def with_employers(
    doc: Doc, roles: frozenset[str], clubs: frozenset[str] = frozenset()
) -> list[Span]:
    """The model's entity spans, with employers named around a title and a person.

    "Kestrel analyst Jane Roe": the model tags the person but often not the
    employer before the title (a sentence-initial name looks like a noun to
    it), or runs employer and title into one person span ("Leeds striker").
    Up to four capitalized words the model left untagged before such a title
    become an organization span (its type is then decided by evidence, so a
    place stays a place), as do such words between a person's name and a title
    in apposition ("Tony Roe, Labour MP for West Ham"); a person span that
    ends in the title is cut to the capitalized words before it; and names
    after a title or a person and a preposition ("an analyst at Petercam"). Persons
    the model left untagged right after a title or before a comma and a title
    ("scrum-half Nadia Varga", "Nadia Varga, chief economist at ...") are added first,
    when their first word is a common first name, and so are names after an honorific
    ("Mr Okafor"). A club's first word (``clubs``) keeps "AC Milan" whole.
    """
    spans: list[Span] = []
    # Persons the model left untagged around a title count as its persons.
    found = {
        (s.start, s.end): s
        for s in (
            *_persons_before_titles(doc, roles),
            *_persons_after_titles(doc, roles),
            *_surnames_before_descriptions(doc, roles),
            *_names_after_honorifics(doc),
        )
    }
    ents = sorted([*doc.ents, *found.values()], key=lambda span: span.start)
    for index, ent in enumerate(ents):
        if ent.label_ != "PERSON":
            spans.extend(_employer_and_post(doc, ent, roles, clubs))
            continue
        cut = _title_start(doc, ent.start, ent.end, roles)
        nxt = ents[index + 1] if index + 1 < len(ents) else None
        if cut < ent.end and nxt is not None and nxt.start == ent.end and nxt.label_ == "PERSON":
            # "Leeds striker" + "Ian Holt": the employer and title run together.
            if cut > ent.start:
                spans.append(Span(doc, ent.start, cut, label="ORG"))
            continue
        # "Tory peer Lord Hale": the model leaves a peer's style or an honorific out of the name
        name_start = ent.start - 1 if style_before(doc, ent.start) else ent.start
        title = _title_start(doc, max(0, name_start - 4), name_start, roles)
        title = ent.start if title == name_start else title
        comma = ent.start - 1
        if title == ent.start and comma > 0 and doc[comma].text == ",":
            # "Kestrel Trust chief executive, Jane Roe, said": a comma after the title
            title = _title_start(doc, max(0, comma - 4), comma, roles)
            title = ent.start if title == comma else title
        if title < ent.start:
            employer = _untagged_name_before(doc, title)
        elif _leading_title(ent, roles):
            # "Kestrel Radio DJ Sam Okoro": the model ran the title into the person's span
            employer = _untagged_name_before(doc, ent.start)
        else:
            employer = None
        if employer is not None:
            spans.append(employer)
        spans.append(ent)
        # "Tony Roe, Labour MP for West Ham": the employer in an apposition after the name.
        after = ent.end + 1
        if after < len(doc) and doc[ent.end].text == ",":
            end = after
            while (
                end < len(doc)
                and end - after < 4
                and _capitalized_untagged(doc[end])
                and doc[end].lower_ not in roles
            ):
                end += 1
            if after < end < len(doc) and _title_start(doc, end, end + 1, roles) == end:
                spans.append(Span(doc, after, end, label="ORG"))
    spans.extend(_employers_after(doc, roles))
    return sorted(spans, key=lambda span: span.start)


def _employer_and_post(
    doc: Doc, ent: Span, roles: frozenset[str], clubs: frozenset[str]
) -> list[Span]:
    """An acronym and a city the model ran into one name before a title, as two names:
    "KTV Oslo reporter" is KTV's reporter in Oslo; a club's name stays whole ("AC Milan")."""
    first = ent[0]
    if (
        len(ent) >= 2
        and first.lower_ not in clubs
        and ent.end < len(doc)
        and doc[ent.end].lower_ in roles
        and first.is_upper
        and first.is_alpha
        and 2 <= len(first) <= 5
        and is_large_city(ent[1:].text)
    ):
        return [
            Span(doc, ent.start, ent.start + 1, label="ORG"),
            Span(doc, ent.start + 1, ent.end, label="GPE"),
        ]
    return [ent]


def _leading_title(ent: Span, roles: frozenset[str]) -> bool:
    """Whether a person span opens with a title written in capitals or lowercase ("DJ",
    "MP", "striker") before a capitalized name."""
    first = ent[0]
    return (
        len(ent) >= 2
        and first.lower_ in roles
        and (first.is_upper or first.is_lower)
        and ent[1].is_title
    )


def _persons_after_titles(doc: Doc, roles: frozenset[str]) -> list[Span]:
    """Untagged names right after a title: "scrum-half Nadia Varga", "chief executive
    Nadia Varga". Two or three capitalized words starting with a common first name."""
    found = []
    names = first_names()
    for first in doc[1:-1]:
        if first.lower_ not in names or not doc[first.i - 1].is_lower:
            continue
        start = first.i
        if _title_start(doc, max(0, start - 4), start, roles) == start:
            continue
        end = start
        while end < len(doc) and end - start < 3 and _capitalized_untagged(doc[end]):
            end += 1
        if end - start >= 2 and all(t.is_title for t in doc[start:end]):
            found.append(Span(doc, start, end, label="PERSON"))
    return found


# Honorifics that stand only before a person's name, as news writes them.
_NAME_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "Mrs.", "Ms.", "Dr."})
# Clergy's styles: a name follows them only when a first name opens it ("Cardinal Jack
# Birch", not "Bishop Auckland" or "Father Christmas").
_CLERGY_STYLES = frozenset({"Cardinal", "Archbishop", "Bishop", "Rabbi", "Imam", "Reverend"})
_NAME_HONORIFICS_LOWER = frozenset(
    word.lower() for word in _NAME_HONORIFICS | PEERAGE_STYLES | _CLERGY_STYLES
)


def _names_after_honorifics(doc: Doc) -> list[Span]:
    """Untagged names right after an honorific: "Mr Okafor", "Dr Varga-Holt", "Lord
    Talbot", "Cardinal Jack Birch". The model misses a few in every hundred, most often
    opening a sentence or after a quote or a post: up to five tokens of capitalized words
    and the hyphens or apostrophes joining them. A title after the honorific is not a name
    ("the Lord Chancellor", "Lord Justice Hale")."""
    found = []
    for i in word_positions(doc, _NAME_HONORIFICS_LOWER):
        honorific = doc[i]
        peer = honorific.text in PEERAGE_STYLES  # a post often stands before them
        clergy = honorific.text in _CLERGY_STYLES
        if i + 1 >= len(doc) or not (peer or clergy or honorific.text in _NAME_HONORIFICS):
            continue
        if clergy and doc[i + 1].lower_ not in first_names():
            continue
        before = doc[honorific.i - 1] if honorific.i > 0 else None
        if (
            before is not None
            and before.is_title
            and not honorific.is_sent_start
            and not (peer and (before.lower_ in PERSON_TITLES or before.ent_type_))
        ):
            continue  # "Little Miss Sunshine": the honorific is a word of a longer name
        start = end = honorific.i + 1
        while end < len(doc) and end - start < 5:
            token = doc[end]
            joined = token.text in ("-", "'") and not doc[end - 1].whitespace_ and end > start
            if not (joined or (_capitalized_untagged(token) and token.pos_ == "PROPN")):
                break
            if token.lower_ in PERSON_TITLES and end == start:
                break  # "Mr Justice Hale": a title between
            end += 1
        while end > start and doc[end - 1].text in ("-", "'"):
            end -= 1
        if end > start:
            found.append(Span(doc, start, end, label="PERSON"))
    return found


def _persons_before_titles(doc: Doc, roles: frozenset[str]) -> list[Span]:
    """Untagged names before a comma and a title: "Nadia Varga, deputy chief economist at
    Kestrel". Two or three capitalized words starting with a common first name, the
    title's words lowercase and holding a title word."""
    found = []
    names = first_names()
    for comma in doc[2:-1]:
        if comma.text != ",":
            continue
        start = end = comma.i
        while start > 0 and end - start < 3 and _capitalized_untagged(doc[start - 1]):
            start -= 1
        if end - start < 2 or not all(t.is_title for t in doc[start:end]):
            continue
        if doc[start].lower_ not in names or doc[start].lower_ in roles:
            continue
        i = end + 1
        if i < len(doc) and doc[i].lower_ in ("a", "an", "the"):
            i += 1
        words: list[str] = []
        while i < len(doc) and len(words) < 5 and (doc[i].is_lower or doc[i].text == "-"):
            words.append(doc[i].lower_)
            i += 1
        if any(word in roles for word in words):
            found.append(Span(doc, start, end, label="PERSON"))
    return found


# Titles an organization may also be described by ("Kestrel, an adviser to the bank").
_TITLES_OF_FIRMS = frozenset(
    {"adviser", "advisor", "consultant", "leader", "host", "producer", "designer", "broker",
     "player", "employee", "chief", "head", "boss"}
)  # fmt: skip


def _surnames_before_descriptions(doc: Doc, roles: frozenset[str]) -> list[Span]:
    """A lone surname opening a sentence before its age or its post, which the model
    often leaves untagged: "Varga, 53, said", "Varga, a senior Trade Ministry official,".

    The word must open the sentence and be followed by a comma and either an age and a
    comma, or (tagged a proper noun) "a"/"an" and a noun phrase ending in a title only a
    person holds.
    """
    found: list[Span] = []
    if not doc.has_annotation("SENT_START"):
        return found  # a pipeline without sentences: no sentence opens with a name
    for sentence in doc.sents:
        token = sentence[0]
        if token.i >= len(doc) - 3 or not (token.is_title and _capitalized_untagged(token)):
            continue
        if doc[token.i + 1].text != ",":
            continue
        after = doc[token.i + 2]
        if after.text.isdigit() and 0 < int(after.text) < 120:
            # an age: the model may read the name as a noun ("Frost, 53,")
            following = doc[token.i + 4] if token.i + 4 < len(doc) else None
            listed = following is not None and (following.like_num or following.is_punct)
            if doc[token.i + 3].text == "," and not listed:
                found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
            continue
        if token.tag_ != "NNP" or after.lower_ not in ("a", "an"):
            continue
        last = None
        for word in doc[token.i + 3 : token.i + 10]:
            if word.text in (",", ".") or word.lower_ in ("who", "at", "of", "for", "with", "in"):
                break
            last = word
        if last is not None and last.lower_ in roles and last.lower_ not in _TITLES_OF_FIRMS:
            found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return found


def _employers_after(doc: Doc, roles: frozenset[str]) -> list[Span]:
    """Untagged names after a title or a person and "at", "of", "with" or "for".

    "an analyst at Petercam", "Jane Roe of Argus Research", "editor of PC Pro":
    up to four capitalized words, one of them a proper noun or the first an acronym.
    """
    found = []
    for token in doc[1:-1]:
        before = doc[token.i - 1]
        if token.lower_ not in ("at", "of", "with", "for") or not (
            before.lower_ in roles or before.ent_type_ == "PERSON"
        ):
            continue
        start = token.i + 1
        if doc[start].lower_ == "the":
            start += 1
        end = start
        while end < len(doc) and end - start < 4 and _capitalized_untagged(doc[end]):
            end += 1
        words = doc[start:end]
        if any(t.pos_ == "PROPN" for t in words) or (
            # "editor of PC Pro": an acronym opening a name the tagger took for nouns
            len(words) >= 2 and words[0].is_upper and len(words[0]) >= 2
        ):
            found.append(Span(doc, start, end, label="ORG"))
    return found


def _capitalized_untagged(token: Token) -> bool:
    """A capitalized noun the model left outside every entity (not "The"), or an
    adjective that is a known organization's short name ("Conservative leader")."""
    return (
        not token.ent_type_
        and (token.is_title or token.is_upper)
        and (
            token.pos_ in ("PROPN", "NOUN")
            or (token.pos_ == "ADJ" and (_organization_word(token) or _after_ex(token)))
        )
        and token.lower_ not in DETERMINERS
    )


def _after_ex(token: Token) -> bool:
    """Whether a word is written right after "ex-" ("ex-Kestrel boss"), where the tagger
    takes a name for an adjective."""
    i, doc = token.i, token.doc
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ == "ex"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
    )


def _organization_word(token: Token) -> bool:
    """Whether the bundled gazetteer knows the word as an organization's name or alias."""
    entry = bundled_gazetteer().lookup(token.text)
    return entry is not None and entry.type == "Organization"


def _untagged_name_before(doc: Doc, end: int) -> Span | None:
    """Up to four capitalized words the model left untagged, ending at ``end``; a dash
    with no space around it joins two of them ("ITAR-TASS correspondent"), and so do an
    ampersand and a possessive inside the name ("Kestrel & Norvik Workers' Union")."""
    start = end
    words = 0
    while start > 0 and words < 4:
        if _capitalized_untagged(doc[start - 1]):
            start -= 1
            words += 1
        elif (
            start - 2 >= 0
            and start < end
            and (
                (
                    doc[start - 1].text == "-"
                    and not doc[start - 1].whitespace_
                    and not doc[start - 2].whitespace_
                )
                or doc[start - 1].text == "&"
                or (doc[start - 1].tag_ == "POS" and not doc[start - 2].whitespace_)
            )
            and _capitalized_untagged(doc[start - 2])
        ):
            start -= 2
            words += 1
        else:
            break
    while start < end and doc[start].is_sent_start and doc[start].lower_ in DESCRIBING_OPENERS:
        start += 1  # "Fellow Kestrel centre Jane Roe": the word describes the player
    if (
        end - start == 1
        and end < len(doc)
        and doc[end].lower_ in _SHOWS
        and doc[start].lower_ in _SHOW_KINDS
    ):
        return None  # "Talk show host Jane Roe": the kind of show, no employer
    if (
        start < end
        and start > 0
        and doc[start - 1].ent_type_ == "ORG"
        and doc[start].lower_ in _NAME_ENDINGS
    ):
        # "Norvik United manager": the model tagged the club's first word alone
        while start > 0 and doc[start - 1].ent_type_ == "ORG":
            start -= 1
            if doc[start].ent_iob_ == "B":
                break
    return Span(doc, start, end, label="ORG") if start < end else None


# Kinds of show named before "show" and a title ("Chat show host Jane Roe"), and the words
# for a show.
_SHOW_KINDS = frozenset(
    {"talk", "chat", "game", "quiz", "cookery", "breakfast", "panel", "reality", "variety",
     "comedy", "music", "sports", "news", "magic", "cooking", "dating", "property"}
)  # fmt: skip
_SHOWS = frozenset({"show", "shows", "programme", "program"})


# Words that end a club's or a firm's name after its first word ("Norvik United").
_NAME_ENDINGS = frozenset(
    {"united", "city", "rovers", "athletic", "wanderers", "county", "town", "albion", "group",
     "holdings", "bank", "motors"}
)  # fmt: skip


def style_before(doc: Doc, start: int) -> bool:
    """Whether a peer's style or an honorific ("Lord", "Sir", "Dr") stands right before a
    name starting at ``start``, outside the model's span."""
    if start == 0:
        return False
    word = doc[start - 1]
    return word.text in PEERAGE_STYLES or (word.is_title and is_honorific(word.text))


def _title_start(doc: Doc, start: int, end: int, roles: frozenset[str]) -> int:
    """Where a run of lowercase title words ending at ``end`` begins (``end`` if none).

    "chief executive", "fly-half": the run must hold a title word.
    """
    i = end
    found = False
    while i > start and (
        doc[i - 1].is_lower
        or doc[i - 1].text == "-"
        or (doc[i - 1].is_upper and doc[i - 1].lower_ in roles)  # "MP", "CEO"
    ):
        found = found or doc[i - 1].lower_ in roles
        i -= 1
    if not found and i < end:
        # "fly-half" is three tokens: the title words as written
        found = any(word in roles for word in doc[i:end].text.lower().split())
    if not found:
        return end
    while i < end and doc[i].text == "-":
        i += 1
    return i
