"""Titles of regular publications the model leaves untagged: "the CBI's Industrial Trends
Survey", "the IMF's World Economic Outlook".

Surveys, outlooks and reports that bodies issue on a schedule are named by capitalized
words ending in the kind of publication. The small English model rarely tags them (or tags
a word inside as an organization: "House Price Index"), so the body that issues them is left
with no publication to be related to. Such a run of capitalized words becomes a
work-of-art span, which the entity step types as a publication by its last word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from threadline.ingest.evidence import first_names, places
from threadline.ingest.pattern_files import bundled_lexicon
from threadline.ingest.spans import COLON, word_positions
from threadline.names import MONTHS, WEEKDAYS, is_leading_title, name_key

# Words before a title that are not part of it: "the", "its", "this year's".
_NOT_IN_TITLE = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "our"})
_MAX_WORDS = 6


@lru_cache(maxsize=8)
def _head_pattern(heads: frozenset[str]) -> re.Pattern[str]:
    """The capitalized head words, found in the text (one pass over a string, not over Tokens)."""
    return re.compile(r"\b(?:" + "|".join(sorted(w.capitalize() for w in heads)) + r")\b")


def headed_titles(doc: Doc, text: str, spans: list[Span], heads: frozenset[str]) -> list[Span]:
    """``spans`` plus the titles ending in a word of ``heads`` ("Survey", "Outlook") that the
    model did not tag, each replacing the spans inside it.

    A title is two to six capitalized words ending in the head, after a possessive, an
    article or a lowercase word. A span that reaches outside the title keeps it from being
    taken: the model's reading of a longer name stands. ``text`` is the document's text.
    """
    titles: list[Span] = []
    if not heads:
        return spans
    for found in _head_pattern(heads).finditer(text):
        head = doc.char_span(found.start(), found.end())
        if head is None or len(head) != 1:
            continue
        token = head[0]
        start = token.i
        while (
            start > 0
            and token.i - start + 1 < _MAX_WORDS
            and (doc[start - 1].is_title or doc[start - 1].is_upper)
            and doc[start - 1].is_alpha
            and doc[start - 1].lower_ not in _NOT_IN_TITLE
        ):
            start -= 1
        if start == token.i:
            continue  # "the Survey": a word, not a title
        end = token.i + 1
        if _reaches_outside(spans, start, end):
            continue
        if any(s.start == start and s.end == end for s in spans) or (
            titles and titles[-1].end > start
        ):
            continue  # the model tagged it already, or a title before holds the words
        titles.append(Span(doc, start, end, label="WORK_OF_ART"))
    return _with_titles(spans, titles)


def _reaches_outside(spans: list[Span], start: int, end: int) -> bool:
    """Whether a span overlaps the words ``start``-``end`` and reaches outside them: the
    model's reading of a longer name, which keeps a title found inside from being taken."""
    return any(
        s.start < end and start < s.end and not start <= s.start < s.end <= end for s in spans
    )


def _with_titles(spans: list[Span], titles: list[Span]) -> list[Span]:
    """``spans`` with ``titles`` in place of the spans inside them, in text order."""
    if not titles:
        return spans
    kept = [s for s in spans if not any(t.start <= s.start and s.end <= t.end for t in titles)]
    return sorted([*kept, *titles], key=lambda s: s.start)


# A show named after its host: one to four capitalized words, "with", one to three more.
_HOSTED_TITLE = r"((?:[A-Z][\w-]*\s){1,4}with(?:\s[A-Z][\w-]*){1,3})"
# The title, then the kind of show: "the Breakfast with Kestrel programme".
_HOSTED_SHOW = re.compile(r"(?<![\w'’-])" + _HOSTED_TITLE + r"(?=\s(?:programme|show)\b)")


@lru_cache(maxsize=4)
def _channels_show(channels: frozenset[str]) -> re.Pattern[str]:
    """The title after a channel's possessive: "BBC One's Breakfast with Kestrel" (made
    once per set of channels)."""
    names = sorted((re.escape(c).replace(r"\ ", r"\s+") for c in channels), key=len, reverse=True)
    possessive = r"(?:['’]s|['’])\s"
    return re.compile(r"(?<![\w-])(?i:" + "|".join(names) + ")" + possessive + _HOSTED_TITLE)


def hosted_shows(doc: Doc, text: str, spans: list[Span], channels: frozenset[str]) -> list[Span]:
    """``spans`` plus the titles of shows named after their host ("Breakfast with Kestrel
    programme", or after a channel's possessive: "BBC One's Breakfast with Kestrel"), here
    and wherever the document names the same title again, each replacing the spans inside it.

    The model tags such a title as a show's first word and a person ("Breakfast" and
    "Kestrel"), so the host joins every story that names the show and the show is cut. A
    span that reaches outside the title keeps it from being taken. ``text`` is the
    document's text; ``channels`` the names of channels and stations.
    """
    shown = {found.group(1) for found in _HOSTED_SHOW.finditer(text)}
    if channels:
        shown |= {found.group(1) for found in _channels_show(channels).finditer(text)}
    titles: list[Span] = []
    for title in sorted(shown):
        for found in re.finditer(r"(?<![\w'’-])" + re.escape(title) + r"(?![\w-])", text):
            span = doc.char_span(found.start(), found.end())
            if span is None or span[0].lower_ in _NOT_IN_TITLE:
                continue
            if _reaches_outside(spans, span.start, span.end):
                continue  # a longer name the model tagged stands
            titles.append(Span(doc, span.start, span.end, label="WORK_OF_ART"))
    titles.sort(key=lambda t: t.start)
    return _with_titles(spans, titles)


def the_after_a_persons_possessive(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a "The" right after a person's possessive ("Tom Hale's The
    ..."), where a work's title opens."""
    return doc[i].text == "The" and after_a_persons_possessive(doc, i)


def after_a_persons_possessive(doc: Doc, i: int) -> bool:
    """Whether token ``i`` comes right after a possessive of a name the model tags as a
    person's ("Tom Hale's X")."""
    return i >= 2 and doc[i - 1].tag_ == "POS" and doc[i - 2].ent_type_ == "PERSON"


# Small words a title keeps inside it ("The Plot Against America", "The Lord of the Rings").
_TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "in", "a", "an", "to", "for", "on", "at"})


def possessive_titles(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` plus the titles opening with "The" after a person's possessive ("Tom Hale's
    The Silent Harbour", an author's book or a director's film), each replacing the spans
    inside it.

    The model tags such a title in pieces, or takes its words for a group or a place
    ("The American Boy"), and the author is left with no work to be related to. The title
    runs over capitalized words and the small words inside a title, at most eight words;
    a span that reaches outside it keeps it from being taken.
    """
    titles: list[Span] = []
    # Only the "The" tokens are read, found on the document's array of word forms.
    for i in np.flatnonzero(doc.to_array(ORTH) == doc.vocab.strings.add("The")).tolist():
        if not the_after_a_persons_possessive(doc, i):
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i < 8
            and doc[end].ent_type_ != "PERSON"  # "... and Ann Tolley's memoir": the next name
            and (doc[end].is_title or (doc[end].lower_ in _TITLE_SMALL_WORDS and doc[end].is_lower))
        ):
            end += 1
        while end > i + 1 and doc[end - 1].is_lower:
            end -= 1  # "The Silent Harbour and": a small word after the title is not in it
        if end == i + 1:
            continue  # "Tom Hale's The": no title
        if end == i + 2 and doc[i + 1].tag_ == "NNPS":
            continue  # "Jane Roe's The Kestrels": a band's name, not a work
        if _reaches_outside(spans, i, end):
            continue  # a longer name the model tagged stands
        titles.append(Span(doc, i, end, label="WORK_OF_ART"))
    return _with_titles(spans, titles)


# Who writes a work: "author of X" names one.
AUTHORS = frozenset({"author", "co-author", "writer"})


@lru_cache(maxsize=8)
def _word_ids(words: frozenset[str]) -> np.ndarray:
    """The string ids of ``words`` and of the authors' words, as a document's LOWER array
    holds them (made once, not per document)."""
    return np.array(sorted(get_string_id(w) for w in words | AUTHORS), np.uint64)


def titles_after_work_words(doc: Doc, spans: list[Span], words: frozenset[str]) -> list[Span]:
    """``spans`` plus the titles the model left untagged right after a word for a work
    ("the novel The Quiet Hours", "in his new book, Lawless World, he argues") or after
    "author of".

    The title runs over capitalized words and the small words inside a title, at most six
    words, from the word after the work's word (or after its comma, when a comma or a full
    stop closes it too); it is taken only where none of its words is tagged already and it
    does not run into a tagged name, and not when it opens with a first name ("the report
    Jane Roe wrote": the author).
    """
    if not words:
        return spans
    titles: list[Span] = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    for i in np.flatnonzero(np.isin(doc.to_array(LOWER), _word_ids(words))).tolist():
        if not doc[i].is_lower:
            continue
        after = doc[i + 1].text if i + 1 < len(doc) else ""
        if doc[i].lower_ in AUTHORS and after != "of":
            continue  # "author of X", not "author Jane Roe"
        if after == "," and doc[i].pos_ == "VERB":
            continue  # "as they are entitled, I have": no title after a verb and a comma
        start = i + 2 if after in (",", "of") else i + 1
        end = start
        while (
            end < len(doc)
            and end - start < _MAX_WORDS
            and end not in taken
            and not (end > start and doc[end].is_sent_start)
            and (
                doc[end].is_title
                or (end > start and doc[end].lower_ in _TITLE_SMALL_WORDS)
                or (end > start and _contraction(doc[end]))
            )
        ):
            end += 1
        if end == start or end in taken or (end < len(doc) and doc[end].is_title):
            continue  # no title, or one running into a tagged name ("Hide and Seek")
        while doc[end - 1].is_lower:
            end -= 1  # "Lawless World and": a small word after the title is not in it
        if after == "," and _asks(doc, end):
            end += 1  # "in its report, Is Voting Safe?, it asks": a question's mark is the title's
        if after == "," and end < len(doc) and doc[end].text not in (",", "."):
            continue  # "for the study, Pew Internet conducted ...": the clause's subject
        if doc[start].lower_ in first_names() or doc[start].text == "I":
            continue  # "the report Jane Roe wrote", "when I was single I ..."
        if titles and titles[-1].end > start:
            continue
        titles.append(Span(doc, start, end, label="WORK_OF_ART"))
    return _with_titles(spans, titles)


_MAX_CUT_TITLE = 8


def titles_cut_after_work_words(doc: Doc, spans: list[Span], words: frozenset[str]) -> list[Span]:
    """``spans`` with the titles the model cut right after a word for a work made whole:
    "the drama Kestrel Full of Grace", "the comedy Tom and Ann", "police drama Kestrel Vice".

    The model tags the first words of such a title as a person's or a place's name and
    leaves the rest, or tags the rest as a name of its own, so the work is lost and its
    first words are typed as a person or a place. The title runs on from the tagged name
    over capitalized words, possessives and the small words inside a title (each followed
    by a capitalized word), within the sentence. It stops before "in" or "at" right before
    a place (the setting of a show: "Tom and Ann in Wales", where "Kestrel in a Bottle"
    runs on), before a weekday or a month (a date), and before "and" or a possessive and a
    person's full name ("the film Tom Hale and Ann Tolley star in"). A title that runs past
    eight words is not taken, nor one that a span reaching outside it keeps from being taken.
    """
    if not words:
        return spans
    starts = {span.start: span for span in spans}
    titles: list[Span] = []
    for i in word_positions(doc, words):
        name = starts.get(i + 1)
        if name is None or not doc[i].is_lower or doc[i].pos_ not in ("NOUN", "ADJ"):
            continue  # not a verb: "figures show Kestrel and Norvik ..."
        if any(token.is_punct for token in name):
            continue  # a span run over a dash, which the entity step splits
        end = _cut_title_end(doc, name, starts)
        if end == name.end or _reaches_outside(spans, name.start, end):
            continue
        titles.append(Span(doc, name.start, end, label="WORK_OF_ART"))
    return _with_titles(spans, titles)


def _cut_title_end(doc: Doc, name: Span, starts: dict[int, Span]) -> int:
    """Where the title opening with the tagged ``name`` ends (``name.end`` if it ends there,
    or if it runs on past the most words a title is taken with)."""
    end = name.end
    while end < len(doc):
        word = end
        if doc[word].tag_ == "POS":
            word += 1  # "Tom and Ann's Big Day"
        while word < len(doc) and doc[word].is_lower and doc[word].lower_ in _TITLE_SMALL_WORDS:
            word += 1
        if word >= len(doc):
            break
        token = doc[word]
        if not (token.is_title and token.is_alpha) or token.is_sent_start:
            break
        if token.lower_ in WEEKDAYS or token.lower_ in MONTHS:
            break  # a date after the title ("in October")
        small = doc[end].lower_ if word == end + 1 else ""  # one small word before it
        if small in ("in", "at") and (
            token.ent_type_ in ("GPE", "LOC") or name_key(token.text) in places()
        ):
            break  # not "in a Bottle"
        after = starts.get(word)
        if (
            small in ("and", "'s", "’s")
            and after is not None
            and after.label_ == "PERSON"
            and len(after) > 1
        ):
            break
        if word - name.start >= _MAX_CUT_TITLE:
            return name.end  # too long to tell where it ends
        end = word + 1
    return end


# The endings of contracted words, which the tokenizer splits off ("Ai" + "n't").
_CONTRACTIONS = frozenset({"n't", "'s", "'re", "'ll", "'ve", "'m", "'d"})


def _contraction(token: Token) -> bool:
    """Whether a token is the ending of a contracted word inside a title ("If I Ain't Got
    You", "Do They Know It's Christmas")."""
    return (
        token.i > 0
        and not token.doc[token.i - 1].whitespace_
        and (token.lower_.replace("\u2019", "'") in _CONTRACTIONS)
    )


def _asks(doc: Doc, end: int) -> bool:
    """Whether a title set off by commas ends with a question or exclamation mark at
    ``end``, the comma right after it."""
    return end + 1 < len(doc) and doc[end].text in ("?", "!") and doc[end + 1].text == ","


# Words of a prize's name: "nominated for the Kestrel Book of the Year": no work's title.
_PRIZE_WORDS = frozenset({"prize", "prizes", "award", "awards", "medal", "trophy", "year"})
_MAX_BOOK_TITLE_WORDS = 8
# Small words inside a title named with its author: not "at", which opens where a work is
# shown ("Amanda Harris for Othello at the Kestrel Studios").
_BOOK_TITLE_WORDS = _TITLE_SMALL_WORDS - {"at"}
# Nouns for books, before a title and its author ("the novel X by Jane Roe"); another work's
# noun says the title is not a book's ("a sculpture entitled X by Jane Roe").
_BOOK_NOUNS = frozenset(
    {"book", "books", "novel", "novels", "biography", "memoir", "autobiography", "collection",
     "poems", "poem", "story", "stories", "thriller", "title", "favourite", "history"}
)  # fmt: skip
_NAMING_WORDS = frozenset({"entitled", "titled", "called", "named"})


def titles_of_authors(doc: Doc, spans: list[Span], works_story: bool) -> list[Span]:
    """``spans`` plus, in a story about books or films, the titles named with their makers
    or their prizes: "Ann Tolley for Harbour Lights" (a shortlist's or a winner's work), "won
    the award for the third time for Salt in the Harbour", "Winter Roads by Jack Birch", each
    replacing the spans inside it.

    In such a story the model takes these titles for persons ("Eve Harbour"), organizations
    or places, or leaves them untagged, and the author is left with no work to be related
    to. A title is a run of capitalized words and the small words inside a title, at most
    eight; no word of a prize's name is in it, a place alone is not one, and a tagged name
    reaching outside the run keeps it from being taken. Whether it is a book or a film is
    the entity step's to say (``mention_evidence``). ``works_story``: the document speaks of
    books or films, and not of sport (``DocFacts``).
    """
    if not works_story:
        return spans
    person_ends = {s.end for s in spans if s.label_ == "PERSON"}
    person_starts = {s.start for s in spans if s.label_ == "PERSON"}
    # Authors named after "by": a title before a later "by" starts after them ("X by Ann
    # Tolley and Y by Tom Hale").
    authors = {
        s.end
        for s in spans
        if s.label_ == "PERSON" and s.start > 0 and doc[s.start - 1].lower_ == "by"
    }
    titles: list[Span] = []
    for i in np.flatnonzero(np.isin(doc.to_array(LOWER), _joining_word_ids())).tolist():
        token = doc[i]
        if token.lower_ == _WORD_AFTER_TITLE:
            found = _title_before(doc, i, authors) if i + 1 in person_starts else None
        elif i in person_ends or _after_winning(token):
            found = _title_after(doc, i + 1, person_starts)
        else:
            found = None
        if found is None or (titles and titles[-1].end > found[0]):
            continue
        start, end = found
        inside = [s for s in spans if start < s.end and s.start < end]
        if any(s.start < start or s.end > end for s in inside):
            continue  # a longer name the model tagged stands
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            if inside[0].label_ == "WORK_OF_ART" or name_key(inside[0].text) in places():
                continue  # a work already; "for London": a place
            if token.lower_ == "by" and doc[start].lower_ in first_names():
                continue  # "photographed Tom Hale by Ann Tolley": a person
        titles.append(Span(doc, start, end, label="WORK_OF_ART"))
    return _with_titles(spans, titles)


# The words that join a title to its maker or its prize: "Ann Tolley for X", "won with X"
# (the title after them) and "X by Jack Birch" (the title before).
_WORDS_BEFORE_TITLE = ("for", "with")
_WORD_AFTER_TITLE = "by"


@lru_cache(maxsize=1)
def _joining_word_ids() -> np.ndarray:
    """The string ids of the joining words, as a document's LOWER array holds them."""
    words = (*_WORDS_BEFORE_TITLE, _WORD_AFTER_TITLE)
    return np.array(sorted(get_string_id(w) for w in words), np.uint64)


def title_joining_word(doc: Doc, span: Span) -> str:
    """How a title is joined to its maker or its prize, as a type cue says it: "after
    'for'" ("Ann Tolley for Eve Harbour"), "after 'with'" ("won in 1994 with Gold
    Harbour"), "before 'by'" ("Winter Roads by Jack Birch"); or ""."""
    if span.start > 0 and doc[span.start - 1].lower_ in _WORDS_BEFORE_TITLE:
        return f"after '{doc[span.start - 1].lower_}'"
    if span.end < len(doc) and doc[span.end].lower_ == _WORD_AFTER_TITLE:
        return f"before '{_WORD_AFTER_TITLE}'"
    return ""


def _after_winning(token: Token) -> bool:
    """Whether "for" or "with" follows a verb of winning in its sentence ("picked up the
    award for the third time for X", "won the prize in 1987 with X")."""
    winning = bundled_lexicon("issued.yaml", "winning")  # the patterns' own verbs
    sent_start = token.sent.start
    return any(t.lemma_ in winning and t.pos_ == "VERB" for t in token.doc[sent_start : token.i])


def _title_after(doc: Doc, start: int, person_starts: set[int]) -> tuple[int, int] | None:
    """The title opening at ``start``: capitalized words and a title's small words, up to
    the next person's name ("Eve Harbour and Tom Hale for ...": the next author)."""
    end = start
    while (
        end < len(doc)
        and end - start < _MAX_BOOK_TITLE_WORDS
        and not (end > start and (doc[end].is_sent_start or end in person_starts))
        and (doc[end].is_title or (end > start and doc[end].lower_ in _BOOK_TITLE_WORDS))
    ):
        end += 1
    while end > start and doc[end - 1].is_lower:
        end -= 1  # "Harbour Lights and": a small word after the title is not in it
    if (
        end + 1 < len(doc)
        and doc[end].is_lower
        and doc[end].is_alpha
        and doc[end].lower_ not in _BOOK_TITLE_WORDS | {"or"}
        and doc[end + 1].is_title
    ):
        return None  # "A Little Lower than Kestrels": the title goes on past a word unseen
    return _a_title(doc, start, end)


def _title_before(doc: Doc, by: int, authors: set[int]) -> tuple[int, int] | None:
    """The title ending right before ``by``, back to the first word that is not a title's,
    or to the end of an author named before it (``authors``: where their names end); a
    possessive between capitalized words stays in it ("Kestrel's Britain")."""
    start = by
    while (
        start > 0
        and by - start < _MAX_BOOK_TITLE_WORDS
        and start not in authors
        and not doc[start].is_sent_start
        and (
            doc[start - 1].is_title
            or doc[start - 1].lower_ in _BOOK_TITLE_WORDS
            or (doc[start - 1].tag_ == "POS" and start - 2 >= 0 and doc[start - 2].is_title)
        )
    ):
        start -= 1
    while start < by and doc[start].is_lower:
        start += 1  # "the favourite Kestrel Years": the words before the title
    before = start - 1
    if before > 0 and doc[before].lower_ in _NAMING_WORDS:
        before -= 1  # "a sculpture entitled X by ...": the work's noun before the naming word
    if before >= 0 and doc[before].pos_ == "NOUN" and doc[before].lower_ not in _BOOK_NOUNS:
        return None  # "a sculpture entitled Planet by Jane Roe": another kind of work
    return _a_title(doc, start, by)


def _a_title(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` if the words make a title, not a prize's name."""
    if end <= start or not doc[start].is_title or doc[start].lower_ == "best":
        return None  # "nominated for Best Actor": a prize's category
    if any(t.lower_ in _PRIZE_WORDS for t in doc[start:end]):
        return None
    return start, end


# Last words before "of" that make a body's name ("Association of Kestrel Officers",
# "University of Norvik"), wherever the story is: the model may tag only what follows "of".
_BODY_HEADS_BEFORE_OF = frozenset(
    {"association", "federation", "confederation", "institute", "institution", "society",
     "union", "academy", "college", "university", "council", "chamber", "commission",
     "ministry", "department", "guild", "museum", "school", "league", "choir", "bank"}
)  # fmt: skip
# Posts and ranks held of a place or a body that the person titles leave out ("Duke of
# Kestrel", "Chief Executive of Norvik", "Leader of the Opposition"), and place words
# ("City of Kestrel"): no title.
_NOT_TITLE_HEADS = frozenset(
    {"duke", "duchess", "earl", "emperor", "empress", "executive", "count", "countess", "leader",
     "head", "member", "members", "heir", "patron", "master", "mistress", "keeper",
     "marquess", "viscount", "baron", "baroness", "tsar", "shah", "city", "county", "republic",
     "kingdom", "isle", "isles", "province", "district", "borough", "state", "states", "gulf",
     "bay", "port", "cape", "lake", "mount", "straits", "strait", "sea", "island", "islands"}
)  # fmt: skip
# The most words before "of" a cut name takes back ("The Life and Death of").
_MAX_HEAD_WORDS = 6
# Labels of a name after "of" that a title or a body's name may end in.
_TAILS = frozenset({"ORG", "PERSON", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})


def titles_cut_at_of(
    doc: Doc, spans: list[Span], works_story: bool, lowercase: frozenset[str]
) -> list[Span]:
    """``spans`` with the names the model cut at "of", tagging only what follows it, made
    whole: a body's ("Association of" + "Kestrel Police Officers") in any story, a work's
    title ("the Prisoner of" + "Norvik", "The Flight of the" + "Harwick") in a story about
    books or films (``works_story``).

    The words before "of" are capitalized words the model left untagged (and the small
    words inside a title between them, "The Life and Death of ..."), opening with a
    capitalized word or "The". A body's name ends them in a body's word; a title is no
    post ("Duke of Kestrel", "Queen of Norvik") and no place's name ("City of Kestrel"),
    and at the start of a sentence opens with a word the story never writes in lowercase
    ("Fans of Norvik cheered" holds no title; ``lowercase``: the story's lowercase words).
    """
    taken = {i for s in spans for i in range(s.start, s.end)}
    joined: list[Span] = []
    for span in spans:
        of = span.start - 1
        if of > 0 and doc[of].text == "the" and span[0].lower_ != "the":
            of -= 1  # "of the Norvik", the model's span leaving out "the"
        if (
            span.label_ not in _TAILS
            or of < 1
            or doc[of].text != "of"
            or len(span) > 4
            or not all(t.is_title or t.lower_ == "the" for t in span)
        ):
            continue
        start = _title_head_start(doc, of, taken)
        if start is None:
            continue
        head = doc[of - 1].lower_
        if head in _BODY_HEADS_BEFORE_OF:
            label = "ORG"
        elif (
            works_story
            and head not in _NOT_TITLE_HEADS
            and not is_leading_title(doc[of - 1].text, "Person")
            and not _opens_with_a_common_word(doc, start, lowercase)
            and name_key(doc[start : span.end].text) not in places()
        ):
            label = "WORK_OF_ART"
        else:
            continue
        joined.append(Span(doc, start, span.end, label=label))
    return _with_titles(spans, joined)


def _opens_with_a_common_word(doc: Doc, start: int, lowercase: frozenset[str]) -> bool:
    """Whether words before "of" open a sentence with a word the story also writes in
    lowercase ("Fans of Norvik cheered"), after a "The" too: capitalized only there."""
    if not doc[start].is_sent_start:
        return False
    word = doc[start + 1] if doc[start].text == "The" else doc[start]
    return word.lower_ in lowercase


def _title_head_start(doc: Doc, of: int, taken: set[int]) -> int | None:
    """Where the untagged words before "of" at ``of`` begin: capitalized words, a title's
    small words between them, and a "The" opening them; None when there are none, or when
    the word before "of" is no capitalized word."""
    if not (doc[of - 1].is_title and doc[of - 1].is_alpha) or of - 1 in taken:
        return None
    start = of - 1
    while (
        start > 0
        and of - start < _MAX_HEAD_WORDS
        and start - 1 not in taken
        and not doc[start].is_sent_start
        and (doc[start - 1].is_title or doc[start - 1].lower_ in ("and", "the", "of"))
        and doc[start - 1].is_alpha
    ):
        start -= 1
    while start < of - 1 and doc[start].is_lower:
        start += 1  # "and the Prisoner of": a small word before the title is not in it
    return start


def titles_joined_by_and_the(doc: Doc, spans: list[Span], works_story: bool) -> list[Span]:
    """``spans`` with a title the model cut at "and the" made whole, in a story about books
    or films (``works_story``): a hero's name, "and the", then the rest of the title tagged
    as a work ("Tom Hale" + "and the" + "Lantern of Norvik", where titles_cut_at_of has
    joined the last part). Two names joined so stay two in other stories, and when the
    second is no work ("Tom Hale and the Kestrel Orchestra")."""
    if not works_story:
        return spans
    joined: list[Span] = []
    for first, second in pairwise(spans):
        between = doc[first.end : second.start]
        if (
            first.label_ in ("PERSON", "WORK_OF_ART")
            and second.label_ == "WORK_OF_ART"
            and [t.text for t in between] in (["and", "the"], ["and"])
            and (len(between) == 2 or second[0].text == "the")
        ):
            joined.append(Span(doc, first.start, second.end, label="WORK_OF_ART"))
    return _with_titles(spans, joined)


# Lower-case words inside a title and its subtitle ("Lord of the Rings", "Escape from Kestrel
# Bay"); not "and", which more often joins two titles ("Kestrel Racer: Norvik and Lumen
# Nights"), nor, in a subtitle, "for" ("...: Norvik Nights for the Kestrel 2", the machine it
# is made for).
_TITLE_JOINERS = (_TITLE_SMALL_WORDS - {"and"}) | {"from", "with"}
_SUBTITLE_JOINERS = _TITLE_JOINERS - {"for"}
_MAX_TITLE_PART = 8


def colon_titles(doc: Doc, spans: list[Span], works_story: bool) -> list[Span]:
    """``spans`` with a title and its subtitle joined at a colon made one work, in a story
    about films, books, records or games (``works_story``): "Lord of the Kestrels: The
    Return of Tom Hale", "Kestrel Racer: Norvik Nights". The model tags the parts apart, a
    subtitle often as a place or a person ("... : San Andreas").

    The colon follows a word without a space; the title runs back over capitalized words
    (and "of", "the" ... inside, not after a person's name: "Tom Hale for Kestrel Road:
    ..."); at a sentence's start it needs three words or more, as a speaker's name and a
    colon open a quote there ("Hale: We will win"). The subtitle opens with a capitalized
    word and ends with one or a number, within a clause. A span the model ran across
    either end keeps its words outside the title.
    """
    if not works_story:
        return spans
    found: list[Span] = []
    for i in word_positions(doc, COLON):
        if not 0 < i < len(doc) - 1 or doc[i - 1].whitespace_ or not doc[i].whitespace_:
            continue
        start = _title_part_start(doc, i, spans)
        end = _title_part_end(doc, i + 1)
        if start is None or end is None or (doc[start].is_sent_start and i - start < 3):
            continue
        found.append(Span(doc, start, end, label="WORK_OF_ART"))
    if not found:
        return spans
    kept: list[Span] = []
    for span in spans:
        title = next((t for t in found if span.start < t.end and t.start < span.end), None)
        if title is None:
            kept.append(span)
        elif span.start < title.start:
            kept.append(Span(doc, span.start, title.start, label=span.label_))
        elif title.end < span.end:
            rest = title.end
            while rest < span.end and doc[rest].is_lower:
                rest += 1  # "... for the PlayStation 2": the name after the joining words
            if rest < span.end:
                kept.append(Span(doc, rest, span.end, label=span.label_))
    return sorted([*kept, *found], key=lambda span: span.start)


def subtitled(span: Span) -> bool:
    """Whether a span is a title and its subtitle joined at a colon (``colon_titles``):
    its words say nothing of a body, a place or a person, and small words fill it."""
    return any(t.text == ":" and t.whitespace_ for t in span[1:-1])


def _title_part_start(doc: Doc, colon: int, spans: list[Span]) -> int | None:
    """Where the capitalized title that ends at ``colon`` begins, or None."""
    persons = {i for s in spans if s.label_ == "PERSON" for i in range(s.start, s.end)}
    start = None
    i = colon - 1
    while i >= 0 and colon - i <= _MAX_TITLE_PART:
        token = doc[i]
        if _title_word(token):
            start = i
        elif token.lower_ not in _TITLE_JOINERS or token.is_sent_start or i - 1 in persons:
            break
        i -= 1
    return start


def _title_part_end(doc: Doc, first: int) -> int | None:
    """Where the subtitle that opens at ``first`` ends, or None when no capitalized word
    opens it, or a pronoun does (a quote)."""
    if not doc[first].text[:1].isupper() or doc[first].pos_ == "PRON":
        return None  # "told the Kestrel Post: We ...": a quote
    end = first + 1
    for i in range(first + 1, min(len(doc), first + _MAX_TITLE_PART)):
        token = doc[i]
        if _title_word(token) or token.like_num:
            end = i + 1
        elif token.lower_ not in _SUBTITLE_JOINERS or token.is_sent_start:
            break
    # "told the Kestrel Post: The plan ...": a capitalized word alone that opens a sentence
    return None if end == first + 1 and doc[first].lower_ in _TITLE_JOINERS else end


def _title_word(token: Token) -> bool:
    """A word of a title: capitalized, letters or digits."""
    return token.text[:1].isupper() and token.text.replace("-", "").isalnum()
