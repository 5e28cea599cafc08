"""Where a name begins and ends inside the model's entity span.

The model's spans are rarely the name exactly: it runs names into the next
line or a verb ("Kestrel Opens"), keeps determiners, titles and possessives,
glues several names into one ("Czech Republic, South Africa", "Kestrel's Nadia
Okafor") and leaves out a first word ("Paribas" for "BNP Paribas"). These
token-level rules fix the bounds so that a mention's offsets always quote the
name and nothing else.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.employers import style_before
from threadline.ingest.entity_rules import EntityRules, bundled_rules
from threadline.ingest.evidence import (
    STOCK_INDEXES,
    first_names,
    legal_suffixes,
    listed_companies,
    name_head,
    place_names,
)
from threadline.ingest.evidence import places as places_all
from threadline.ingest.gazetteer import bundled_gazetteer
from threadline.ingest.nationality import (
    NATIONAL_NOUNS,
    country_keys,
    nation_or_region_adjective,
    nationality_adjective,
)
from threadline.names import (
    BEFORE_A_DAY,
    DESCRIBING_OPENERS,
    DETERMINERS,
    HONORIFICS,
    HYPHENATED_TITLES,
    NAME_PARTICLES,
    PEERAGE_STYLES,
    PERSON_TITLES,
    POSSESSIVE_ENDINGS,
    WEEKDAYS,
    is_honorific,
    is_leading_title,
    name_key,
    strip_word,
)


def split_span(
    doc: Doc,
    ent: Span,
    rules: EntityRules,
    named: frozenset[str] | set[str] = frozenset(),
    common: frozenset[str] = frozenset(),
) -> list[Span]:
    """Split a span that names several things: coordinated, dash-joined or glued names.

    ``named`` holds the name keys of the document's other entity spans, ``common``
    common English nouns and adjectives (``mention_filters.common_words``).

    - at a comma between two capitalized names ("Czech Republic, South Africa");
    - at "and"/"&"/a dash when both sides are known places or names the
      document uses alone elsewhere ("Kestrel-Lumen" beside "Kestrel" and
      "Lumen"), or the right side starts with a capitalized "The" ("Independent
      and The Times"); a company called "Brown and Williamson" stays whole;
    - at "to" between two names the document uses alone or places ("a move from Leeds
      to Real Madrid");
    - at "v" or "vs" between two capitalized names ("Leeds v Saracens"), unless the
      model calls the span a work, a law or an event (a court case), and at a score
      between two names ("Clyde 0-5 Celtic");
    - at a dash with spaces around it ("Korea Development Bank - one"): the name
      is the part before, the part after only if it is a name too;
    - at an inner possessive followed by a first name ("Kestrel's Nadia Okafor"):
      an organization and a person; or after an honorific's name ("Mr Roe's
      Kestrel Fund"): a person and what is theirs; or after a channel's name ("Radio
      4's Kestrel Hour"): the broadcaster and its programme; or between a one-word owner
      and one word that is not part of a company's name ("Kestrel's Lumenpay").
    """
    parts: list[tuple[int, int]] = []
    relabel: dict[tuple[int, int], str] = {}  # a part's label where it is not the span's
    start = ent.start
    after_quote = ent.end
    places = place_names()
    all_places = places_all()
    i = ent.start
    while i < ent.end:
        token = doc[i]
        skip = 1
        if token.text == "," and start < i < ent.end - 1 and doc[i + 1].text[:1].isupper():
            left, right = doc[start:i], doc[i + 1 : ent.end]
            cut = (
                (name_key(left.text) in places and name_key(right.text) in places)
                or (name_key(left.text) in named and name_key(right.text) in named)
                or not any(
                    t.is_lower and t.lower_ not in DETERMINERS and t.tag_ != "POS"
                    for t in (*left, *right)
                )
            )
        elif (
            token.lower_ == "of"
            and ent.label_ in ("GPE", "LOC")
            and start < i < ent.end - 1
            and (city := all_places.get(name_key(doc[start:i].text))) is not None
            and city.kind == "city"
            # "Republic of Ireland": a common word that a small town is named after too
            and name_key(doc[start:i].text) not in common
            and (
                name_key(doc[i + 1 : ent.end].text) in all_places
                or doc[ent.end - 1].lower_ in ("province", "state", "region", "county")
            )
        ):
            # "Mianyang of Sichuan Province": a city, then the region it lies in.
            cut = True
        elif (
            token.lower_ == "in"
            and start < i < ent.end - 1
            and name_key(doc[i + 1 : ent.end].text) in all_places
            and (
                (
                    ent.label_ not in ("WORK_OF_ART", "LAW")
                    and start + 1 < i
                    and doc[i - 1].lower_ in rules.organization_suffixes | rules.facility_suffixes
                )
                or (i - start <= 3 and all(t.is_title and t.is_alpha for t in doc[start:i]))
            )
        ):
            # "Peel Common School in Gosport", "Bluewater in Kent": a name, then where it
            # is; a title ("Schedule of the Chamber in Liuzhou") stays whole. What the
            # model took for a work's title is a site and its place.
            cut = True
            if ent.label_ == "WORK_OF_ART":
                relabel[(start, i)] = "FAC"
                relabel[(i + 1, ent.end)] = "GPE"
        elif (
            token.lower_ == "on"
            and start < i < ent.end - 1
            and name_key(doc[i + 1 : ent.end].text) in all_places
            and name_key(doc[start:i].text) in named
            and name_key(ent.text) not in all_places  # "Burton on Trent"
        ):
            # "Kestrels on Isle of Wight bill", a headline: a name the text uses alone,
            # then a place it is said to be on
            cut = True
        elif (
            token.lower_ == "at"
            and ent.label_ == "ORG"
            and start + 1 < i < ent.end - 1
            and _sited_unit(doc[start:i], doc[i + 1 : ent.end])
        ):
            # "Institute of Learning at Kestrel University": a unit, then the body it is
            # at; "University of Texas at Austin" (a campus's place) stays whole.
            cut = True
        elif (
            i == start + 1 == ent.end - 1
            and doc[start].lower_ in _PARTY_WORDS
            and token.lower_ == "shadow"
        ):
            # "Tory Shadow Chancellor Tom Hale" tagged as "Tory Shadow": the party, and the
            # first word of a post, which is no name
            cut = True
        elif (
            i == start + 1 < ent.end
            and doc[start].lower_ in _PARTY_WORDS
            and token.is_title
            and token.lower_ not in _PARTY_NAME_ENDINGS
            and name_key(doc[i : ent.end].text) not in places
            # a person's name or a body's after it, not more of one name ("Labour Force
            # Survey", "Labour Friends of Kestrel")
            and (
                token.lower_ in first_names()
                or token.text in PEERAGE_STYLES
                or is_honorific(token.text)
                or doc[ent.end - 1].lower_ in rules.organization_suffixes
                or doc[ent.end - 1].lower_ in _HOUSES  # "SNP Holyrood leader"
            )
            # "Tory Lord Campbell" cut as "Tory Lord" and "Campbell": no style alone
            and not is_honorific(doc[ent.end - 1].text)
            and doc[ent.end - 1].text not in PEERAGE_STYLES
        ):
            # "Tory Tom Hale", "Tory Home Office spokesman": a party's short name before
            # a person's or a body's; "Labour Party" and "UKIP Scotland" stay whole
            cut, skip = True, 0
        elif (
            i == _after_the(doc, start) + 1 < ent.end - 1
            and ent.label_ in ("PERSON", "ORG")
            and _known_organization_acronym(doc[i - 1].text)
            and not token.is_upper
            and (is_honorific(token.text) or (token.lower_ in first_names() and i + 2 <= ent.end))
            # a person's name after it, not more of the body's ("BBC Young Sports
            # Personality of the Year")
            and ent.end - i <= 3
            and all(t.is_title or is_honorific(t.text) for t in doc[i : ent.end])
        ):
            # "told the BBC Michael Howard has ...", "EADS Philippe Camus said": a known
            # organization's acronym the model ran into the person's name after it
            cut, skip = True, 0
        elif ent.label_ == "PERSON" and start + 1 < i < ent.end - 1 and _opens_a_sentence(doc, i):
            # "Jack X. Besides Ann Tolley, ...": an initial's full stop the parse did not
            # end the sentence at, then a capitalized function word: two names
            cut = True
        elif token.tag_ == "''" and start < i < ent.end - 1 and doc[i - 1].text[-1:] in ".!?":
            # 'since Kestrel Lane." Labour had ...': a title closes a quoted sentence and
            # the next sentence opens with a name; the words after stay a name only when
            # the document names them alone too
            cut = True
            after_quote = i + 1
        elif start < i and i + 3 < ent.end and score_ends_at(doc, i + 3):
            # "Clyde 0-5 Celtic": a result line, two teams around the score
            cut, skip = True, 3
        elif (
            token.text in VERSUS
            and start < i < ent.end - 1
            and ent.label_ not in ("WORK_OF_ART", "LAW", "EVENT")
            and doc[i - 1].text[:1].isupper()
            and doc[i + 1].text[:1].isupper()
        ):
            # "Leeds v Saracens": two sides of a match; a case ("Roe v Wade") and a title
            # ("Freddy Vs Jason") stay whole.
            cut = True
        elif (
            token.lower_ == "to"
            and start < i < ent.end - 1
            and ent.label_ not in ("WORK_OF_ART", "LAW", "EVENT")
            and doc[i + 1].text[:1].isupper()
            and all(
                key in named or key in places
                for key in (name_key(doc[start:i].text), name_key(doc[i + 1 : ent.end].text))
            )
        ):
            # "a move from Kestrel to Norvik United", where the story names both alone: a
            # club and the one a player moves to; "Committee to Protect Kestrels" stays whole
            cut = True
        elif (
            token.lower_ in ("and", "&", "-", "–", "—")
            or (token.lower_ == "or" and ent.label_ not in ("WORK_OF_ART", "LAW", "EVENT"))
        ) and start < i < ent.end - 1:
            # "Hartlepool or Boston"; a title's "or" stays ("The Goat or Who Is Sylvia?")
            left, right = name_key(doc[start:i].text), name_key(doc[i + 1 : ent.end].text)  # type: ignore[assignment]
            # "Mr Brown and Mr Hale": two persons, each with an honorific
            honorifics_pair = (
                token.lower_ == "and"
                and is_honorific(doc[i + 1].text)
                and any(is_honorific(t.text) for t in doc[start:i])
            )
            cut = (
                honorifics_pair
                or (left in places and right in places)
                or (left in named and right in named)
                or (
                    token.lower_ == "and"
                    and _pair_of_names(doc, ent)
                    # "Oil and Natural Gas Corporation": the last word may end both sides
                    and not (
                        doc[ent.end - 1].lower_ in rules.organization_suffixes
                        and doc[i - 1].lower_ not in rules.organization_suffixes
                    )
                )
                or (token.lower_ == "and" and _closes_a_comma_list(doc, start, i, named))
                # "Kestrel Security Department and Lumen": an organization, then a name
                # the document uses alone
                or (right in named and doc[i - 1].lower_ in rules.organization_suffixes)
                or doc[i + 1].text == "The"
                or (token.lower_ == "and" and _two_bodies(doc[start:i], doc[i + 1 : ent.end]))
                # "Real Madrid and Real Kestrel": two names that open with the same word
                or (
                    token.lower_ == "and"
                    and i - start >= 2
                    and ent.end - i > 2
                    and doc[start].is_title
                    and doc[start].lower_ not in DETERMINERS
                    and doc[start].text == doc[i + 1].text
                    and left not in places
                )
                # "The Long Road and Kestrel Lane Nights" where the story names the first
                # alone: two titles, the second a whole name of its own
                or (
                    token.lower_ == "and"
                    and left in named
                    and ent.end - i > 2
                    and all(t.is_title for t in doc[i + 1 : ent.end])
                )
                or (token.text in ("-", "–", "—") and bool(doc[i - 1].whitespace_))
                # "Hartlepool or Boston": a place on either side (not "Everything or Nothing")
                or (token.lower_ == "or" and (left in all_places or right in all_places))
            )
            if cut and honorifics_pair:
                relabel[(start, i)] = relabel[(i + 1, ent.end)] = "PERSON"
        else:
            dash = token.text in ("-", "–", "—") and start < i and bool(doc[i - 1].whitespace_)
            glued_person = (
                token.tag_ == "POS"
                and start < i
                and ent.end - (i + 1) >= 2
                and doc[i + 1].lower_ in first_names()
            )
            # "Mr Roe's Kestrel Growth Fund": a person's, then the thing.
            persons_thing = (
                token.tag_ == "POS"
                and start < i < ent.end - 1
                and _after_honorific(doc, start)
                and doc[i + 1].text[:1].isupper()
            )
            # "the District of Columbia's Court of Appeals" (a place's, then the name), then
            # the name; "Kestrel's Lumenpay" when the document names Kestrel alone too, or
            # when Kestrel is a listed company ("Panasonic's Hollywood Laboratories").
            places_thing = (
                token.tag_ == "POS"
                and start < i < ent.end - 1
                and (
                    name_key(doc[start:i].text) in all_places
                    or name_key(doc[start:i].text) in named
                    # "Henry's Arsenal" where the story names Thierry Henry
                    or any(key.endswith(f" {name_key(doc[start:i].text)}") for key in named)
                    or name_key(doc[start:i].text) in listed_companies()
                    or _known_place_abbreviation(doc[start:i].text)  # "the UK's Foreign Office"
                )
                and doc[i + 1].text[:1].isupper()
                # "St John's College", "St Mary's Hospital": a saint's name opens the name
                and doc[start].lower_ not in _SAINTS
            )
            # "Radio 4's Kestrel Hour": a channel, then its programme
            channels_show = (
                token.tag_ == "POS"
                and start < i < ent.end - 1
                and name_key(doc[start:i].text) in rules.channels
                and doc[i + 1].text[:1].isupper()
            )
            if channels_show:
                relabel[(start, i)] = "ORG"
            # "Kestrel's Lumenpay": one word after a one-word owner is the owner's
            # product or unit, unless it is a word of a company's name ("Kestrel's Bank");
            # a plural's possessive opens a body's name ("Critics' Circle"), unless a
            # person's style stands before it ("Lord Talvars' Kestrel Bill").
            owners_thing = (
                token.tag_ == "POS"
                and (token.text not in ("'", "\u2019") or style_before(doc, start))
                and i == start + 1 == ent.end - 2
                and ent.label_ == "ORG"
                and doc[i + 1].text[:1].isupper()
                and doc[i + 1].is_alpha
                and not {doc[i + 1].lower_}
                & (rules.organization_suffixes | rules.facility_suffixes | rules.document_suffixes)
                # "People's Daily", "Children's Hospital": a common noun owns nothing
                and not {doc[start].lower_, doc[start].lemma_.lower()} & common
            )
            # "Kestrel Bank's World Economic Outlook": an organization's whole name, then
            # what is its; "St John's College" (no organization word before) stays whole.
            bodys_thing = (
                token.tag_ == "POS"
                and start + 1 < i < ent.end - 1
                and doc[i - 1].lower_ in rules.organization_suffixes
                and doc[i + 1].text[:1].isupper()
            )
            # "Kestrel boss Victor Hale", "Barcelona star Ronaldinho": the model ran an
            # employer, a post and a name into one span; the post stands between two names
            role_between = (
                token.is_lower
                and token.lower_ in rules.all_roles
                and start < i < ent.end - 1
                and all(_name_part(t) for t in doc[start:i])
                and all(_name_part(t) for t in doc[i + 1 : ent.end])
            )
            # "Tom Hale joined Kestrel", a headline's "Hale rescues Kestrel": a verb the
            # model ran two names over
            verb_between = (
                token.is_lower
                and token.tag_ in ("VBD", "VBZ")
                and token.lower_ not in NAME_PARTICLES  # "Nick Van den Brul"
                and start < i < ent.end - 1
                and doc[i - 1].is_title
                and doc[i + 1].is_title
            )
            cut = (
                dash
                or glued_person
                or persons_thing
                or places_thing
                or channels_show
                or owners_thing
                or bodys_thing
                or role_between
                or verb_between
            )
        if cut:
            parts.append((start, i))
            start = i + skip
        i += 1
    if not parts:
        return [ent]
    parts.append((start, ent.end))
    spans = []
    for s, e in parts:
        label = relabel.get((s, e), ent.label_)
        while s < e and (doc[s].is_punct or doc[s].is_space):
            s += 1
        if s < e and any(t.text[:1].isupper() for t in doc[s:e]):
            if s >= after_quote and name_key(doc[s:e].text) not in named:
                continue
            spans.append(Span(doc, s, e, label=label))
    return spans or [ent]


# Short names of parties written before a member's or a body's name ("Tory Tom Hale").
_PARTY_WORDS = frozenset({"tory", "tories", "labour", "ukip", "snp"})
# Houses a party sits in, named by their seat ("the SNP Holyrood group").
_HOUSES = frozenset({"holyrood", "westminster", "stormont"})
# Words that end a party's own name after its short name ("Labour Party", "Tory MPs").
_PARTY_NAME_ENDINGS = frozenset({"party", "mps", "mp", "peer", "peers", "members", "mep", "meps"})


def _opens_a_sentence(doc: Doc, i: int) -> bool:
    """Whether the word at ``i`` opens a sentence the parse ran on: a capitalized function
    word ("Besides", "After") right after a word ending in a full stop."""
    token = doc[i]
    return (
        doc[i - 1].text.endswith(".")
        and token.is_title
        and (token.pos_ in _FUNCTION_POS or token.dep_ in ("prep", "mark", "cc"))
        and token.lower_ not in NAME_PARTICLES
    )


def _name_part(token: Token) -> bool:
    """A word of a name on either side of a post the model ran into it: capitalized, or
    a hyphen or "of" inside it ("Jean-Philippe Roe", "Republic of Kestrel")."""
    return token.is_title or token.is_upper or token.text == "-" or token.lower_ == "of"


def _gazetteer_type(text: str) -> str | None:
    """The type the bundled gazetteer gives ``text``, if it knows the name."""
    entry = bundled_gazetteer().lookup(text)
    return entry.type if entry is not None else None


def _known_place_abbreviation(text: str) -> bool:
    """Whether the bundled gazetteer knows ``text`` as a place's short name ("UK", "US")."""
    return _gazetteer_type(text) == "Location"


def _after_the(doc: Doc, start: int) -> int:
    """``start``, or the word after it when it is "the" (a span the model opened with it)."""
    return start + 1 if doc[start].lower_ == "the" else start


def _known_organization_acronym(word: str) -> bool:
    """Whether ``word`` is an acronym (three or more capitals) that the bundled gazetteer
    knows as an organization's name ("BBC", "EADS")."""
    return (
        len(word) >= 3
        and word.isupper()
        and word.isalpha()
        and _gazetteer_type(word) == "Organization"
    )


# Words for "Saint" that open the name of a church, a college, a hospital or a ground.
_SAINTS = frozenset({"st", "st.", "saint", "ste", "ste."})

# The word between two sides of a match in a fixture or a result.
VERSUS = frozenset({"v", "v.", "vs", "vs.", "versus"})

# Words before a list that say it names several things ("such as A and B").
_LIST_WORDS = frozenset({"as", "including", "between", "like"})
# Prefixes of time written with a hyphen before a name, which make a word of it
# ("pre-Broadway"); "anti-", "pro-" make an adjective (ingest/mention_filters.py).
_WORD_PREFIXES = frozenset({"pre", "post"})


# Head words of a public body or a firm, strong enough to end one of two coordinated names.
_BODY_WORDS = frozenset(
    {"agency", "authority", "association", "bank", "bureau", "commission", "council",
     "corporation", "ministry", "department", "office", "institute", "university",
     "federation", "committee", "fund", "administration"}
)  # fmt: skip


def _two_bodies(left: Span, right: Span) -> bool:
    """Whether "A and B" names two bodies: each side has two words or more and a body's
    head word ("Ministry of Transport and Kestrel Safety Agency"; not
    "Department of Health and Human Services", nor "Food and Drug Administration")."""
    if len(left) < 2 or len(right) < 2:
        return False
    left_words = [t.lower_ for t in left]
    head = name_head(left_words) or left_words[-1]
    return head in _BODY_WORDS and right[-1].lower_ in _BODY_WORDS


# Head words of a named unit that sits at a larger body.
_UNIT_WORDS = frozenset(
    {"centre", "center", "institute", "school", "college", "department", "faculty",
     "laboratory", "lab", "unit", "clinic", "programme", "program", "project"}
)  # fmt: skip


def _sited_unit(left: Span, right: Span) -> bool:
    """Whether "A at B" names a unit and the body it is at: A's head word is a unit's
    ("Centre", "Institute") and B's last word a body's ("University"), B no place."""
    words = [t.lower_ for t in left]
    head = name_head(words) or words[-1]
    return (
        head in _UNIT_WORDS
        and right[-1].lower_ in _BODY_WORDS | {"college", "school", "hospital"}
        and all(t.text[:1].isupper() or t.lower_ in ("of", "the") for t in right)
    )


def _closes_a_comma_list(doc: Doc, start: int, i: int, named: frozenset[str] | set[str]) -> bool:
    """Whether the "and" at ``i`` ends a list of names whose earlier items stand before
    the span, after commas ("songs such as Kestrel Road, Lumen Train and Norvik Nights"):
    each side is an item when the item before the comma is a name the document tags
    alone (``named``). Not the last words of one long name that lists its fields ("the
    Department for Environment, Food and Rural Affairs", "Kestrel Center for Disease
    Control and Prevention"), nor a name after a date ("In September, Trade and Industry
    Secretary ..."), nor a title whose second half goes on in lower case ("and the ...")."""
    if (
        start < 2
        or doc[start - 1].text != ","
        or not doc[i + 1].text[:1].isupper()
        or name_head([t.lower_ for t in doc[start:i]])
    ):
        return False
    j = start - 2
    while j >= 0 and (doc[j].text[:1].isupper() or doc[j].like_num):
        j -= 1
    return name_key(doc[j + 1 : start - 1].text) in named


def _pair_of_names(doc: Doc, ent: Span) -> bool:
    """ "rival plane makers Kestrel and Lumen", "its Vantor and Zelcor products": a plural
    noun or a list word around a span of capitalized words joined by "and" says two
    names ("Food and Drug Administration", "Ernst and Young" have none)."""
    if any(t.is_lower and t.lower_ != "and" for t in ent):
        return False
    i = ent.start - 1
    while i >= 0 and doc[i].lower_ in ("the", "its", "their"):
        i -= 1
    before = doc[i] if i >= 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    return (before is not None and (before.tag_ == "NNS" or before.lower_ in _LIST_WORDS)) or (
        after is not None and after.tag_ == "NNS" and after.is_lower
    )


def _after_honorific(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` follows, or begins with, an honorific ("Mr Brown")."""
    return any(
        0 <= i < len(doc) and strip_word(doc[i].text) in HONORIFICS for i in (start - 1, start)
    )


# A person's initials written before the surname ("B.", "J.R.").
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")


def extend_left(
    doc: Doc,
    start: int,
    end: int,
    entity_type: str,
    rules: EntityRules,
    ontology: Ontology,
    common: frozenset[str] = frozenset(),
) -> int:
    """Take in a capitalized word right before a name that the model left out.

    "Republic of Ireland" tagged as "of Ireland": the word before a leading "of", for
    any type. "BNP Paribas" tagged as "Paribas": an untagged proper noun glued before an
    organization's name (no punctuation between) belongs to it, and so does a day
    before a newspaper's ("Sunday Telegraph"). A club word before a city belongs to the
    name whatever its type ("Real Madrid" tagged as the place "Madrid"), and so does an
    initial in a list ("..., A Tolley; ..."), and a capital "All" inside a sentence ("All
    England Club"). Titles,
    honorifics, determiners and known places are not taken. Before a person's
    name, only a common first name is taken ("Pranab Mukherjee"), or a rarer one that
    is no English word (``common``: nouns, adjectives, verbs) before a surname tagged alone ("Huw Stephens").
    """
    if (
        start > 0
        and doc[start].lower_ == "of"
        and doc[start - 1].is_title
        and doc[start - 1].is_alpha
        and not doc[start - 1].ent_type_
    ):
        return start - 1  # "Republic of Ireland" tagged as "of Ireland": no name opens with "of"
    if start > 0 and _club_word_before(doc, start, end, rules):
        return start - 1  # "Real Madrid" tagged as the place "Madrid"
    if end - start == 1 and doc[start].text in _LAW_WORDS:
        return _law_name_start(doc, start)  # "Finance Bill" tagged as the person "Bill"
    if start > 0 and doc[start - 1].text == "All" and not doc[start - 1].is_sent_start:
        return start - 1  # "All England Club" tagged as "England Club": a capital "All" opens it
    if (
        start > 1
        and end - start == 1
        and len(doc[start - 1].text) == 1
        and doc[start - 1].is_upper
        and doc[start - 1].whitespace_
        and doc[start - 2].text in (",", ";", ":")
        and doc[start].text[:1].isupper()  # "N McMillan", "B O'Hara" too
        and not doc[start].is_upper
    ):
        return start - 1  # "..., A Tolley; L Okafor": a team sheet's initial and surname
    person = ontology.has_trait(entity_type, "person")
    if start == 0 or not (person or ontology.has_trait(entity_type, "organization")):
        return start
    token = doc[start - 1]
    if person:
        # "Pranab Mukherjee" tagged as "Mukherjee": a first name glued before it.
        glued = (
            token.pos_ == "PROPN"
            and token.is_title
            and not token.ent_type_
            and token.whitespace_
            and token.lower_ in first_names()
            and not is_leading_title(token.text, "Person")
            and name_key(token.text) not in place_names()
            # before a first name and a surname, a word that names a people or a thing
            # describes the person ("Dane Tom Hale", "Wing Tom Hale")
            and (end - start == 1 or not (_is_a_nationality(token) or token.lower_ in common))
        )
        # "K. Varga" tagged as "Varga": initials before the surname; undotted ("KT Varga")
        # before a surname alone, when the capitals are no name of their own ("CB Tom
        # Varga" is a firm's name).
        initials = (
            bool(
                _INITIALS.fullmatch(token.text) or (end - start == 1 and _undotted_initials(token))
            )
            and bool(token.whitespace_)
            and not doc[start].is_sent_start
        )
        return (
            start - 1 if glued or initials or _rare_first_name(doc, start, end, common) else start
        )
    if (
        token.lower_ in WEEKDAYS
        and token.is_title
        and doc[end - 1].lower_ in rules.newspaper_words
        and not (start >= 2 and doc[start - 2].lower_ in BEFORE_A_DAY)
    ):
        return start - 1  # "Sunday Telegraph": the model tags the day as a date
    if (
        token.tag_ == "POS"
        and start >= 2
        and end - start >= 2
        and doc[end - 1].lower_ in rules.organization_suffixes
        and doc[start - 2].pos_ == "PROPN"
        and doc[start - 2].ent_type_ not in ("NORP", "ORG")  # an organization's is its owner
        and name_key(doc[start - 2].text) not in place_names()
        and not _known_place_abbreviation(doc[start - 2].text)  # "the UK's Foreign Office"
        # the last word of a longer name is its owner's ("Cherie Blair's Matrix Chambers",
        # "Robert Kilroy-Silk's Veritas Party", "Lord Woolf's Sentencing Council")
        and not (
            start >= 3
            and (doc[start - 3].text in ("-", "\u2010") or doc[start - 3].pos_ == "PROPN")
            and doc[start - 3].lower_ not in _SAINTS  # "St Egwin's Middle School"
        )
    ):
        if start >= 3 and doc[start - 3].lower_ in _SAINTS:
            return start - 3  # "St Egwin's Middle School": the saint's name opens it
        return start - 2  # "Barnard's Retail Consulting Group": the owner's name is the firm's
    if (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not token.ent_type_
        and token.whitespace_
        and token.is_alpha
        and not token.is_sent_start
        and token.lower_ not in DETERMINERS
        and not is_leading_title(token.text, "Person")
        and name_key(token.text) not in place_names()
        and token.lower_ not in rules.fragment_words
        and name_key(token.text) not in rules.not_entities
    ):
        return start - 1  # not "GMT Carnival" from "at 1300 GMT Carnival's shares"
    return start


# The last word of a law's or a draft law's name ("Finance Bill", "Licensing Act"), which
# the model may tag alone, as a person's first name.
_LAW_WORDS = frozenset({"Bill", "Act"})


def _law_name_start(doc: Doc, start: int) -> int:
    """Where the name of a law ending at ``start`` begins: the capitalized words before
    "Bill" or "Act" that no entity holds, when an article or a possessive stands before
    the whole ("the Finance Bill", "its Licensing Act"; not "Uncle Bill", "Mr Bill")."""
    if not any(child.dep_ in ("det", "poss") for child in doc[start].lefts):
        return start
    i = start
    while (
        i > 0
        and doc[i - 1].is_title
        and doc[i - 1].is_alpha
        and not doc[i - 1].ent_type_
        and doc[i - 1].pos_ != "DET"  # '"No Bill goes through"': the article, capitalized
        and doc[i - 1].lower_ not in DETERMINERS
        and not is_honorific(doc[i - 1].text)
    ):
        i -= 1
    return i


def _undotted_initials(token: Token) -> bool:
    """Whether ``token`` is two or three capitals written as a person's initials ("JM",
    "JRR"): untagged, a proper noun, and no body's or place's short name the gazetteer
    knows ("BBC", "UK"); a title ("MP") is cut from the name later, as after initials."""
    return (
        2 <= len(token.text) <= 3
        and token.is_upper
        and token.is_alpha
        and token.pos_ == "PROPN"
        and not token.ent_type_
        and _gazetteer_type(token.text) is None
    )


def _rare_first_name(doc: Doc, start: int, end: int, common: frozenset[str]) -> bool:
    """Whether the word before a surname the model tagged alone is a first name it does
    not know: a capitalized proper noun hung on the surname, no English word, title,
    place or nationality, and alone before it ("Celtic keeper Rab Douglas", not "Aston
    Villa Douglas") or after a post ("Kestrel MP Parmjit Singh Hale", where the model
    tagged the two last words)."""
    token = doc[start - 1]
    return (
        end - start <= 2
        and bool(common)
        and token.pos_ == "PROPN"
        and token.dep_ == "compound"
        and (
            token.head.i == start
            or (
                # a name of two words the model tagged: only where a name opens, at a
                # sentence's start or after a post ("Lib Dem MP Parmjit Singh Hale"), not
                # after a word that may describe ("leading Blairite Tom Hale")
                end - start == 2
                and token.head.i == end - 1
                and (
                    token.is_sent_start
                    or (start >= 2 and is_leading_title(doc[start - 2].text, "Person"))
                )
            )
        )
        and token.is_title
        and token.is_alpha
        and not token.ent_type_
        and bool(token.whitespace_)
        and token.lower_ not in common
        and token.lemma_.lower() not in common
        and not (token.lower_.endswith("s") and token.lower_[:-1] in common)  # "Developers"
        and not token.lower_.endswith("ing")  # "Robbing Peter": a title
        and not is_leading_title(token.text, "Person")
        and name_key(token.text) not in place_names()
        and not country_keys(token.text)
        and not (
            start >= 2
            and (doc[start - 2].pos_ == "PROPN" or doc[start - 2].is_title)
            and not is_leading_title(doc[start - 2].text, "Person")
        )
    )


def _club_word_before(doc: Doc, start: int, end: int, rules: EntityRules) -> bool:
    """Whether the word before ``[start, end)`` opens a sports club's name with it: a
    capitalized club word ("Real", "AC") outside every entity, glued to a city or a
    one-word name ("Real Madrid", "Real Sociedad")."""
    token = doc[start - 1]
    word = token.lower_
    return (
        (word in rules.club_prefixes or word in rules.club_prefixes_before_places)
        and not token.ent_type_
        and token.text[:1].isupper()
        and bool(token.whitespace_)
        and rules.club_name(name_key(doc[start - 1 : end].text))
    )


# After a possessive that belongs to the name ("Macy's said", "at Macy's."), the
# next word is not the noun the possessive governs.
_AFTER_NAME_POS = frozenset({"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT"})


def possessive_name(
    doc: Doc,
    start: int,
    end: int,
    entity_type: str,
    ontology: Ontology,
    names_with_possessive: frozenset[str] = frozenset(),
) -> bool:
    """Whether the "'s" right after an organization's name is part of the name:
    ``names_with_possessive`` are the companies whose names end in one ("mcdonald's")."""
    if end >= len(doc) or doc[end].tag_ != "POS" or doc[end].text not in ("'s", "’s"):
        return False
    if f"{doc[start:end].text}'s".casefold() in names_with_possessive:
        # "McDonald's chief executive Tom Hale"; "Foster's", which the model may take for a
        # person, unless the story names a person so ("Helmut Kohl ... Kohl's government")
        return ontology.has_trait(entity_type, "organization") or not surname_in_doc(
            doc, doc[start:end].text
        )
    if not ontology.has_trait(entity_type, "organization"):
        return False
    if end + 1 >= len(doc):
        return True
    nxt = doc[end + 1]
    if nxt.is_space:
        return True
    if nxt.text == "(" and _owns_after_brackets(doc, end + 1):
        return False  # "the Kestrel Committee's (KOC) evaluation team": an acronym between
    if nxt.is_punct and "&" in doc[start:end].text:
        return True  # "said Jane Roe of Standard & Poor's."
    if end + 2 < len(doc) and doc[end + 2].text == "-":
        return False  # "Kestrel Bank's in-house historian": the word begins a compound
    if nxt.tag_ == "VBG" and end + 2 < len(doc) and doc[end + 2].pos_ in ("NOUN", "ADJ"):
        return False  # "Kestrel's managing director": a participle before the noun owned
    return nxt.pos_ in _AFTER_NAME_POS and nxt.text not in ("-",)


def surname_in_doc(doc: Doc, word: str) -> bool:
    """Whether the model tags a name of two words or more ending in ``word`` a person's."""
    return any(
        ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].text == word for ent in doc.ents
    )


def _owns_after_brackets(doc: Doc, opening: int) -> bool:
    """Whether the bracket at ``opening`` holds an acronym alone and closes before a noun,
    an adjective or a name: the possessive before the bracket owns that word."""
    close = opening + 2
    if close + 1 >= len(doc) or doc[close].text != ")":
        return False
    acronym = doc[opening + 1]
    return (
        acronym.is_upper and len(acronym) >= 2 and doc[close + 1].pos_ in ("NOUN", "PROPN", "ADJ")
    )


def article_in_name(doc: Doc, start: int, entity_type: str, ontology: Ontology) -> bool:
    """Whether a capitalized "The" inside a sentence before an organization's name is part
    of it ("told The Daily Courier", "The Kestrel Times reported"): news writes the
    article in capitals there only when the name has it, after a word or a comma ("his
    album, The Kestrel Tapes"; "Winter Roads, The Long Road and ...")."""
    if start == 0 or not (
        ontology.has_trait(entity_type, "organization") or entity_type == "Publication"
    ):
        return False
    article = doc[start - 1]
    if article.text != "The" or article.is_sent_start:
        return False
    before = doc[start - 2] if start > 1 else None
    return (
        before is not None and not before.is_space and (not before.is_punct or before.text == ",")
    )


# Roman numerals that number a name's edition ("the Hartz IV reforms", "Basel II rules").
_ROMAN_NUMERALS = frozenset({"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"})


def with_number(
    doc: Doc,
    start: int,
    end: int,
    entity_type: str,
    ontology: Ontology,
    channels: frozenset[str] = frozenset(),
) -> int:
    """The end of a name with the number that belongs to it: a stock index's ("the
    FTSE 100": index names are known), a known channel's ("BBC News 24", which the model
    cuts before its number) or a roman numeral before a lowercase noun ("the Basel II
    rules"; not after a person's name, where the model keeps it)."""
    if end >= len(doc):
        return end
    number = doc[end]
    if (
        number.like_num
        and (key := name_key(doc[start : end + 1].text))
        and (key in STOCK_INDEXES or key in channels)
    ):
        return end + 1
    if (
        number.text in _ROMAN_NUMERALS
        and not ontology.has_trait(entity_type, "person")
        and end + 1 < len(doc)
        and doc[end + 1].is_lower
        and doc[end + 1].pos_ == "NOUN"
    ):
        return end + 1
    return end


def with_elided_g(doc: Doc, start: int, end: int) -> int:
    """The end of a name whose word drops its final "g" before the rest of the name
    ("Blazin' Squad"): the model stops at the apostrophe, taking it for a possessive."""
    if end + 1 >= len(doc) or end - start < 1:
        return end
    last, mark, after = doc[end - 1], doc[end], doc[end + 1]
    if (
        last.text[:1].isupper()
        and last.lower_.endswith("in")
        and not last.whitespace_
        and mark.text in ("'", "’")
        and after.pos_ == "PROPN"
        and after.text[:1].isupper()
    ):
        return end + 2
    return end


def byline_first_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a capitalized first name before the span begins a byline with it.

    "NADIA OKAFOR" on a line of its own, the model tagging only "OKAFOR" (as an
    organization): the line is an author's name written in capitals.
    """
    if start == 0 or end - start > 2:
        return False
    first = doc[start - 1]
    line_start = start == 1 or "\n" in doc[start - 2].text
    line_end = end == len(doc) or "\n" in doc[end].text
    return (
        line_start
        and line_end
        and first.is_upper
        and first.is_alpha
        and first.lower_ in first_names()
        and all(t.is_upper and t.is_alpha for t in doc[start:end])
    )


def leading_participle(doc: Doc, start: int, end: int, verbs: frozenset[str]) -> bool:
    """Whether a span opens with a verb's "-ing" form that opens its sentence.

    "Citing Kestrel's results, ..." and "Following Kestrel's lead, ...": the model
    runs the participle into the name after it. Callers keep a place called so
    ("Reading", "Barking") by checking that the rest is a name on its own.
    """
    token = doc[start]
    lower = token.lower_
    if end - start < 2 or not token.is_title or not lower.endswith("ing"):
        return False
    if not (token.is_sent_start or (start > 0 and "\n" in doc[start - 1].text)):
        return False
    stem = lower[:-3]
    return stem in verbs or stem + "e" in verbs


def _nationality_before_person(doc: Doc, start: int, end: int, entity_type: str) -> int:
    """The number of words of a nationality the span opens with before a person's name of
    two or three words whose first is a first name: "Croatian Ivan Hale", "New Zealander
    Tom Hale", "Peruvian Ivan Hale-Birch", not "German Marshall Fund" (a body's word ends
    it) nor "British Airways"; before any name of two or three words in a person's span
    after a noun for one of a nation ("Spaniard Talia Orvez": no body's name opens so);
    or before the surname alone of a person the text names in full ("American Hale" where
    "Lindsay Hale" is named). 0 when there is none."""
    if not doc[start].is_title:
        return 0
    if _is_a_nationality(doc[start]):
        width = 1
    elif end - start >= 3 and nationality_adjective(doc[start : start + 2].text):
        width = 2  # "New Zealander", "Sri Lankan"
    else:
        return 0
    name = doc[start + width : end]
    words = [t for t in name if t.text != "-"]
    count = len(words) - (len(name) - len(words))  # a hyphenated surname is one word
    if not 1 <= count <= 3 or name[0].text == "-" or name[-1].text == "-":
        return 0
    if len(name) == 1:
        return width if _named_in_full(doc, name[0]) else 0
    one_of_a_nation = doc[start].lower_ in NATIONAL_NOUNS and entity_type == "Person"
    person = (
        (one_of_a_nation or name[0].lower_ in first_names())
        and all(t.is_title for t in words)
        and name[-1].lower_ not in bundled_rules().organization_suffixes
    )
    return width if person else 0


def _new_before_a_place(doc: Doc, start: int, end: int) -> bool:
    """Whether the span opens with "New" before a known place's name, the two making no
    known place together, or before a nation's or a region's adjective alone: the word
    describes what follows ("New Leeds manager", "New European commission president")."""
    if doc[start].lower_ != "new":
        return False
    if nation_or_region_adjective(doc[start + 1].text) and all(
        t.is_lower for t in doc[start + 2 : end]
    ):
        return True  # the model may run the lowercase noun after it in ("commission")
    places = place_names()
    return name_key(doc[start + 1 : end].text) in places and (
        name_key(doc[start:end].text) not in places
    )


# Prepositions of place and time that open a sentence before a place's name, capitalized
# there, which the model runs into the name ("Across Harwick", "Throughout Norvik").
_OPENING_PREPOSITIONS = frozenset(
    {"across", "around", "at", "beyond", "from", "in", "inside", "outside", "throughout",
     "within"}
)  # fmt: skip


def _preposition_before_a_place(doc: Doc, start: int, end: int) -> bool:
    """Whether the span opens with a preposition the parse reads as one, before a known
    place's whole name: the phrase says where, the place is the name ("Across Harwick")."""
    token = doc[start]
    return (
        token.lower_ in _OPENING_PREPOSITIONS
        and token.tag_ == "IN"
        and name_key(doc[start + 1 : end].text) in places_all()
    )


def _is_a_nationality(token: Token) -> bool:
    """Whether a capitalized word is a nationality's adjective ("Croatian", "French"), not
    a first name that sounds like a country ("Alan Clark"; "Russian" is a first name in
    some lists too, but its ending says the adjective)."""
    lower = token.lower_
    return lower in NATIONAL_NOUNS or (
        bool(country_keys(token.text))
        and (lower not in first_names() or lower.endswith(("ian", "ish", "ese")))
    )


def _named_in_full(doc: Doc, word: Token) -> bool:
    """Whether ``word`` is the surname of a person the model tags in full elsewhere in the
    text, opening with a first name ("Jane Roe")."""
    if not word.is_title:
        return False
    rules = bundled_rules()
    lower = word.lower_
    if lower in rules.organization_suffixes or lower in rules.event_suffixes:
        return False  # "Paulo State Championship", a name the model takes for a person's
    given = first_names()
    return any(
        ent.label_ == "PERSON"
        and len(ent) > 1
        and ent[-1].text == word.text
        and ent[0].lower_ in given
        and not _is_a_nationality(ent[0])  # "Russian Hale": a nationality, no first name
        and not ent.start <= word.i < ent.end
        for ent in doc.ents
    )


def _trade_opening_a_sentence(doc: Doc, start: int, end: int) -> bool:
    """Whether the span opens a sentence with a word for a trade ("Bookmakers", "Retailer",
    "Carmaker") before the name: capitalized only because it opens the sentence. Words that
    begin names too ("Band Aid", "Bank Leumi", "Club Med") do not end in "-er"."""
    token = doc[start]
    lower = token.lower_
    return (
        end - start >= 2
        and bool(token.is_sent_start)
        and token.is_title
        and lower.endswith(("er", "ers"))
        and lower in bundled_rules().organization_descriptors
        and doc[start + 1].is_title
    )


def trim_span(doc: Doc, start: int, end: int, entity_type: str) -> tuple[int, int]:
    """Token bounds of the name inside an entity span.

    Cuts at a paragraph break or an unclosed bracket (the model runs names into
    the next line, or into "(CAIEP"), starts after a bracket closed inside the span
    but opened before it ("(Nasa) Ames Research Center"), then drops leading
    determiners, honorifics and titles, and trailing possessives, punctuation and
    titles.
    """
    for i in range(start, end):
        token = doc[i]
        if (token.is_space and token.text.count("\n") >= 2) or (
            token.text == "(" and not any(doc[j].text == ")" for j in range(i + 1, end))
        ):
            end = i
            break
    for i in range(end - 1, start, -1):
        if doc[i].text == ")" and not any(doc[j].text == "(" for j in range(start, i)):
            start = i + 1
            break
        if (
            doc[i].text == ":"
            and entity_type == "Person"
            and end - i - 1 <= 3
            and all(t.is_title for t in doc[i + 1 : end])
        ):
            start = i + 1  # "Kestrel United: Hale, Birch": a side's name, then its player
            break
    while start < end:
        token = doc[start]
        lower = token.lower_
        if (
            token.is_space
            or (token.is_punct and token.text not in "([")
            or (lower in DETERMINERS and not _initial_a(doc, start, end))
            # "Fellow Leeds striker X": a word describing the person at a sentence start
            or (end - start > 1 and token.is_sent_start and lower in DESCRIBING_OPENERS)
            # "New Harwick manager X": "new" opening a sentence before a known place that
            # is no place with it ("New Zealand", "New York")
            or (end - start > 1 and token.is_sent_start and _new_before_a_place(doc, start, end))
            # "Across Harwick, pickets were held": a preposition opening the sentence
            or (
                end - start > 1
                and token.is_sent_start
                and _preposition_before_a_place(doc, start, end)
            )
            or (end - start > 1 and is_leading_title(token.text, entity_type, end - start - 1))
            # "rival bank UFJ Holdings": a lowercase common noun the model ran in
            or (end - start > 1 and token.is_lower and token.is_alpha and token.pos_ == "NOUN")
            # "A and B, plus Tom Hale have ...": a conjunction the model ran in
            or (end - start > 1 and token.is_lower and token.pos_ in ("CCONJ", "SCONJ"))
            # "Bookmakers Acme said": a trade opening the sentence, capitalized there
            or _trade_opening_a_sentence(doc, start, end)
        ):
            start += 1
        elif nationality := _nationality_before_person(doc, start, end, entity_type):
            # "Croatian Ivan Hale", "New Zealander Tom Hale": a nationality run into a name
            start += nationality
        elif end - start > 2 and lower == "ex" and doc[start + 1].text == "-":
            start += 2  # "ex-Kestrel managers": the former employer, not a name "ex-Kestrel"
        elif (
            end - start > 2
            and token.text in _WORD_PREFIXES  # not "Mid-Kestrel", a district's name
            and doc[start + 1].text == "-"
        ):
            start += 2  # "pre-Broadway shows", "post-Kestrel Cup Tests": the name after it
        elif end - start > 2 and lower in HYPHENATED_TITLES and doc[start + 1].lower_ == "of":
            start += 2  # "the Vice-President of Kestrel Bank": the post, then its employer
        else:
            break
    start = _after_a_common_noun_inside(doc, start, end)
    while end > start:
        token = doc[end - 1]
        if (
            token.is_space
            or (token.is_punct and token.text not in ")]")
            or token.tag_ == "POS"
            or token.text in POSSESSIVE_ENDINGS
        ):
            end -= 1
        elif end - start > 3 and score_ends_at(doc, end):
            end -= 3  # "beat Norway 2-0": the score the model ran into the team's name
        elif end - start > 1 and _AMOUNT.fullmatch(token.text):
            end -= 1  # "awarded Kestrel 2bn reais": a sum the model ran into the name
        elif (
            end - start > 1
            and entity_type == "Person"
            and token.is_lower
            and token.is_alpha
            and len(token.text) > 3
            and token.pos_ in ("NOUN", "VERB")
        ):
            end -= 1  # "Chelsea denied by Hale heroics", a headline: a noun run into the name
            if (
                end - start > 2
                and doc[end - 1].text == "-"
                and not doc[end - 1].whitespace_
                and len(doc[end - 2].text) == 1
            ):
                end -= 2  # "Hale U-turn": the whole word (not "George Bush-style": the name)
        elif (
            end - start > 2
            and token.lower_ in WEEKDAYS
            and token.lower_ != "sunday"  # "The Mail on Sunday", "Scotland on Sunday": papers
            and doc[end - 2].lower_ == "on"
        ):
            end -= 2  # "debated in the Commons on Monday": the day the model ran into the name
        elif end - start > 1 and _minute_after_player(doc, start, end):
            end -= 1  # "(Okafor 73)", "Hale 35, Birch 61": the minute of a substitution or goal
        elif (
            end - start > 1
            and entity_type == "Person"
            and token.is_digit
            and end < len(doc)
            and doc[end].text in ("-", "–")
        ):
            # "beat Jane Roe 7-5 6-2": the first game of a score, run into the name (not
            # "Kestrel 2", a sequel's title the model took for a person)
            end -= 1
        elif (
            end - start > 1
            and token.lower_ in HYPHENATED_TITLES
            and doc[end - 2].lower_ not in ("the", "of")
        ):
            end -= 1  # "the Kestrel Party Co-Chairman said": the title after the name
        elif (
            end - start > 1
            and token.lower_ in _MEMBERS_TITLES
            and (entity_type != "Person" or token.lower_.endswith("s"))
        ):
            end -= 1  # "Labour MP": the party, then its member's title ("Labour MPs": no one)
        elif _style_opening_the_next_name(doc, end, entity_type):
            # "former Kestrel Treasurer Lord | Hale", two spans of the model's: the style
            # opens the next name; before it, a post's description is no one's name
            end -= 1
            if end > start and doc[end - 1].lower_ in PERSON_TITLES:
                end = start
        elif (
            end - start > 2
            and end < len(doc)
            and doc[end].lower_ in _SPORT_KINDS
            and doc[end - 2].text != "-"  # "African-American", "Austro-Hungarian"
            and nationality_adjective(token.text)
        ):
            end -= 1  # "the Kestrel Bay Rovers American football team": the sport's kind
        else:
            break
    return _from_an_inner_honorific(doc, start, end), end


def _style_opening_the_next_name(doc: Doc, end: int, entity_type: str) -> bool:
    """Whether the span ends in an honorific or a peer's style ("Mr", "Lord") right before
    a capitalized word that a person's span leaves out or another span opens: the style
    is that name's, never the end of one ("Kestrel Treasurer Lord" then "Hale")."""
    return (
        end < len(doc)
        and (doc[end].ent_iob_ == "B" or entity_type == "Person")
        and doc[end].is_title
        and doc[end].is_alpha
        and style_before(doc, end)
    )


def _minute_after_player(doc: Doc, start: int, end: int) -> bool:
    """Whether the span's last token is the minute of a match report's line, run into
    the player's name: a substitute in brackets ("(Okafor 73)") or a line of scorers or
    bookings ("Hale 35 og, Birch 61.")."""
    minute, name = doc[end - 1], doc[end - 2]
    if not (minute.is_digit and len(minute.text) <= 3 and name.is_title):
        return False
    if start > 0 and doc[start - 1].text == "(" and end < len(doc) and doc[end].text == ")":
        return True
    first, last = start, end
    while first > 0 and "\n" not in doc[first - 1].text:
        first -= 1
    while last < len(doc) and "\n" not in doc[last].text:
        last += 1
    return bool(_MINUTES_LINE.fullmatch(doc[first:last].text.strip()))


# A match report's line of scorers or bookings: "Hale 35 og, Birch 61, Roe 90 pen."
_MINUTES_LINE = re.compile(
    r"(?:[A-Z][\w'-]*(?: [A-Z][\w'-]*)* \d{1,3}(?: og| pen)?(?:, | and |$|\.$))+"
)


# Honorifics that open a person's name wherever the model starts the span.
_INNER_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr"})


def _from_an_inner_honorific(doc: Doc, start: int, end: int) -> int:
    """ "at GDC Mr Allard, who ...": a person's name starts at the honorific inside the
    span (whatever the model labelled it); what it ran in before (an event's acronym, a
    place) is no part of it. The honorific is followed by a surname alone, or by a first
    name and a surname, up to the span's end (not "Snapple Dr Pepper Co"); a lowercase word
    before it is left to the cuts at words ("the Commons after Mr Hale")."""
    for i in (end - 2, end - 3):
        if i <= start or not doc[i].is_title:
            continue
        if any(t.is_lower for t in doc[start:i]):
            return start
        if doc[i].lower_.rstrip(".") in _INNER_HONORIFICS and (
            i == end - 2 or doc[i + 1].lower_ in first_names()
        ):
            return i
    return start


# Sports a nationality names the kind of ("American football", "Australian rules").
_SPORT_KINDS = frozenset({"football", "rules", "soccer", "baseball", "basketball", "hockey"})
# A legislator's title after the party's name in one span ("Labour MP").
_MEMBERS_TITLES = frozenset({"mp", "mps", "mep", "meps", "msp", "msps"})


def _after_a_common_noun_inside(doc: Doc, start: int, end: int) -> int:
    """Where the name starts when the model ran a description into it: a lowercase
    common noun inside the span with only capitalized words after it, when the span
    opens in lowercase ("pro-Iraq war Labour MP": "Labour MP") or a person's first name
    follows the noun ("Wales physio Mark Davies"). A name's own lowercase words are
    function words ("Bank of England"), particles ("Edwin van der Sar"), parts of a
    hyphenated word ("Blu-ray Disc"), stand before more of them ("Harry Potter and the
    prisoner of ...") or sit inside a name that opens capitalized ("Kestrel Data
    Intelligent health Detection System"). A post between two names was split earlier,
    keeping both ("Kestrel boss Victor Hale", ``split_span``); this drops what comes
    before a description that is no post."""
    opens_lowercase = doc[start].is_lower
    for i in range(end - 2, start, -1):
        token = doc[i]
        if (
            token.is_lower
            and token.is_alpha
            and token.pos_ == "NOUN"
            and token.lower_ not in NAME_PARTICLES  # "Edwin van der Sar"
            and doc[i - 1].text != "-"  # "Blu-ray Disc"
            and doc[i + 1].text != "-"
        ):
            if all(doc[j].is_title or doc[j].is_upper for j in range(i + 1, end)) and (
                opens_lowercase or doc[i + 1].lower_ in first_names()
            ):
                return i + 1
            break
    return start


def _initial_a(doc: Doc, start: int, end: int) -> bool:
    """Whether a capital "A" opening a span is a first name's initial, not the article:
    inside a sentence, after a comma or a semicolon, before a capitalized surname
    ("L Okafor, A Hale; ...", a team sheet)."""
    return (
        doc[start].text == "A"
        and start > 0
        and doc[start - 1].text in (",", ";")
        and end - start == 2
        and doc[start + 1].is_title
    )


# A sum written with its scale: "2bn", "6.5m", "300k" (not a model number: "A380", "747").
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:bn|m|tn|k)")


def score_ends_at(doc: Doc, end: int) -> bool:
    """Whether a match score written "2-0" or "24-18" ends at token ``end``.

    Not "747-400": a score's numbers have at most two digits.
    """
    first, dash, second = doc[end - 3], doc[end - 2], doc[end - 1]
    return (
        dash.text in ("-", "–")
        and not first.whitespace_
        and not dash.whitespace_
        and all(t.text.isdigit() and len(t.text) <= 2 for t in (first, second))
    )


# Parts of speech a name never ends with when written in lower case ("United through").
_FUNCTION_POS = frozenset({"ADP", "ADV", "SCONJ", "CCONJ", "DET", "PRON", "AUX"})


# Lowercase nouns the model runs into a place's name ("Wuhan city"); a capitalized
# one is part of it ("Mexico City", "Hebei Province").
_LOWERCASE_PLACE_NOUNS = frozenset({"city", "town", "village", "municipality"})


# Reporting verbs that open a sentence before the speaker's title ("Said Norway coach
# X:"). "Said" is also a first name, so the rest must be a known place.
_REPORTING_OPENERS = frozenset({"said", "says", "added", "adds"})


def _surname_like_a_modal(doc: Doc, i: int, person: bool) -> bool:
    """Whether the capitalized modal at ``i`` is a person's surname ("Christine May said"):
    right after a first name, mid-sentence, with no capitalized word after it (in a
    heading, "Jane May Quit", it is the verb)."""
    token = doc[i]
    after = doc[i + 1] if i + 1 < len(doc) else None
    return (
        person
        and token.is_title
        and not token.is_sent_start
        and doc[i - 1].lower_ in first_names()
        and (after is None or not after.is_title)
    )


def _trailing_function_word(token: Token) -> bool:
    return token.is_lower and token.is_alpha and token.pos_ in _FUNCTION_POS


# Honorifics that stand before a person's name and never end another name.
_HONORIFICS_BEFORE_NAMES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"})


def cut_fragment(
    doc: Doc, start: int, end: int, entity_type: str, rules: EntityRules, ontology: Ontology
) -> tuple[int, int]:
    """Cut a span the model ran past the name.

    At the first word that never stands inside a name (a verb such as "Is" or
    "Opens", "as"), then drop words a name never ends with ("of", "and"). A
    person's name loses a leading verb the tagger saw ("Citing Beijing"). A
    title keeps such words when they are capitalized: "Growth After Oil".
    """
    title = ontology.has_trait(entity_type, "title")
    person = ontology.has_trait(entity_type, "person")
    for i in range(start + 1, end):
        token = doc[i]
        if title and token.is_title:
            continue
        if (
            token.lower_ in rules.fragment_words or (token.pos_ == "AUX" and token.is_alpha)
        ) and not _surname_like_a_modal(doc, i, person):
            end = i
            break
    while end > start + 1 and (
        doc[end - 1].lower_ in rules.name_trailing_words or _trailing_function_word(doc[end - 1])
    ):
        end -= 1
    if end > start + 1 and strip_word(doc[end - 1].text) in _HONORIFICS_BEFORE_NAMES and not person:
        end -= 1  # "told the Sunday Times Mr Hale would ...": the next name's honorific
    if (
        ontology.has_trait(entity_type, "place")
        and end - start >= 2
        and doc[end - 1].text in _LOWERCASE_PLACE_NOUNS
    ):
        end -= 1  # "Wuhan city": the name is "Wuhan"
    if (
        ontology.has_trait(entity_type, "organization")
        and end - start >= 2
        and doc[end - 1].is_lower
        and doc[end - 1].is_alpha
        and doc[end - 1].pos_ == "NOUN"
        and doc[end - 1].lower_ not in legal_suffixes()
        and doc[end - 2].text[:1].isupper()
    ):
        end -= 1  # "Kestrel party cells": a lowercase noun after the name is not in it
    # "Fostering Network": a body's word alone is no name, so the "-ing" word is in it
    bodys_word = end - start == 2 and doc[start + 1].lower_ in rules.organization_suffixes
    if (
        person
        and end - start >= 2
        and not bodys_word
        and doc[start].tag_ in ("VBG", "VBZ", "VBD")
        and doc[start].lower_.endswith(("ing", "s", "ed"))
        # "Leeds Tykes": a known place the tagger took for a verb opens a club's name
        and name_key(doc[start].text) not in places_all()
    ) or (
        end - start >= 2
        and doc[start].is_sent_start
        and doc[start].tag_ == "VBG"
        and doc[start].dep_ not in ("compound", "ROOT")  # "Widening Trade Links": a heading
        and not bodys_word
    ):
        start += 1  # "Citing Beijing, the paper said"
    elif (
        end - start >= 2
        and doc[start].is_sent_start
        and doc[start].lower_ in _REPORTING_OPENERS
        and name_key(doc[start + 1 : end].text) in places_all()
    ):
        start += 1  # 'Said Norway coach Jane Roe: "..."': the verb opens the sentence
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return start, end


# Titles of members elected for a seat or a region, written after their party's name.
MEMBERS_OF_A_SEAT = frozenset({"MP", "MPs", "MEP", "MEPs", "MSP", "MSPs", "AM", "MLA"})


def after_the_seat(doc: Doc, start: int, end: int) -> int:
    """Where an organization's name starts once the seat its member holds is cut from it:
    "London Kestrel Party MEP Tom Hale" names the party and, before it, the region the
    member sits for (a known place of one or two words), which is no part of its name."""
    if end >= len(doc) or doc[end].text not in MEMBERS_OF_A_SEAT:
        return start
    for width in (2, 1):
        if end - start > width and name_key(doc[start : start + width].text) in places_all():
            return start + width
    return start
