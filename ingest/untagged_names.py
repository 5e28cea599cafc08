"""Names the model left untagged, kept where a relation pattern reads them or where they
can only be a person's name.

The statistical model misses names it did not see in training, most often
one-word companies, clubs and bodies: "a merger between Kestrel and Talbot",
"Harwick centre Tom Hale", "an analyst at Norvik". The parser still tags those
words as proper nouns. After the relation step has run on the entities found, each
run of untagged proper nouns becomes a provisional entity, and the relation step
runs again on the sentences that hold one. A provisional entity is kept only when
a pattern reads it into a relation that the first pass did not find, or when its run is
a common first name and a surname, neither of them a common word, a place or a word
names of other things end in ("directed by Tom Harwood"); every other one is dropped, so
a capitalized word that no pattern reads never reaches the graph. A website named by
its bare domain ("editor of kestrelnews.com") is such a run too, whatever its case.

A run is left out when it is most often something else:

- a title or honorific ("Mr", "Judge", "Baroness"), a month or a day, an initial
  of a team sheet ("G Bulloch"), or a country's adjective ("Welsh singer");
- the first word of a sentence, where every word is capitalized, unless another
  name word follows it; headlines, where the words around are capitalized too
  ("Kestrel Admits Planes Took Off");
- a piece of a longer name: next to a tagged name ("Birch" of "Birch Talbot"),
  after a hyphen ("Kestrel-Net"), after a capitalized word ("Kestrel Boys"), after
  "of" or "on" that follow an untagged one ("Action on Kestrel"), after a
  possessive of an untagged word ("Director's Guild"), or before "of" and another
  capitalized word ("Hall of Kestrels"); "and" joins two names ("Kestrel and Birch");
- a person's name after a title, a work's after "The" or an opening quote, a
  portfolio before "Minister", a title written with capitals ("Group Economist"),
  a constituency before "MP", a show or index before a number ("Kestrel 2005"),
  common words after "of" that name a post's field ("head of Farm Policy");
- an item of a list of names, where patterns read the wrong neighbours.

A provisional entity is an organization unless its last word says it is a
facility, a place or an event (the entity rules' suffix lists), or its first word
is a common first name (a person). It takes part only in the relation types that
name an organization by its place in the sentence (employment, membership,
structure, partnership, place); funding, awards, issued documents and
affiliations need the name's type to be known, which a run of two words or more
ending in a word only organizations end in has ("the Norvik Writers Guild's award"):
such a run takes part in awards, funding and affiliations too. A run that names a known place
("Leicester centre Tom Hale") is kept only as an employer before a title: a bare
place name more often stands for the place. "Tokyo's X" places only names of two
words or more ("Norway's Gold" is a phrase).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from threadline.graph.model import Entity, Mention, Relation, entity_id
from threadline.ingest.entity_rules import SCREEN_WORDS_NEEDED, SPORT_WORDS_NEEDED, EntityRules
from threadline.ingest.evidence import first_names, places
from threadline.ingest.membership import CLUB_SUFFIXES
from threadline.ingest.mention_evidence import doc_facts
from threadline.ingest.nationality import country_keys, nation_or_its_people
from threadline.ingest.spans import DocEntities, EntitySpan, alone_in_brackets, sentence_of
from threadline.ingest.story_sport import sport_marks
from threadline.ingest.type_cues import presenter_of_before
from threadline.names import (
    DETERMINERS,
    HONORIFICS,
    LEGISLATOR_TITLES,
    MONTHS,
    PERSON_TITLES,
    WEEKDAYS,
    is_bare_domain,
    name_key,
)

_CALENDAR = WEEKDAYS | MONTHS
# Words that open or stand for a person's name, not an organization's.
_NOT_NAMES = (
    HONORIFICS
    | PERSON_TITLES
    | DETERMINERS
    | _CALENDAR
    | frozenset(
        {
            "baroness", "baron", "earl", "viscount", "duke", "duchess", "emperor", "empress",
            "reverend", "rt", "st", "pm", "ex",
        }
    )
)  # fmt: skip
# "Fisheries Minister X": the capitalized word names a portfolio, not a body.
_PORTFOLIO_WORDS = frozenset({"minister", "ministers", "secretary", "secretaries", "commissioner"})
_OPENING = frozenset({"(", "[", '"', "'", "\u201c", "\u2018"})
_HYPHENS = frozenset({"-", "\u2013"})
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
# Words that join the parts of one name ("Action on Kestrel", "Hall of Kestrels"); "and" more
# often joins two names ("Kestrel and Birch").
_NAME_JOINERS = frozenset({"of", "on", "for", "&", "de"})
# After a run, only these say the name goes on: "Kestrel and Birch" are two names,
# "at Kestrel on Monday" one.
_NAME_GOES_ON = frozenset({"of", "&", "de"})
# Words on each side of a run that, all capitalized, make its sentence a headline.
_TITLE_CASE_WINDOW = 3
# A provisional entity takes part only in these relation types.
ADMITTED_TYPES = frozenset(
    {"WORKS_FOR", "MEMBER_OF", "FOUNDED", "PART_OF", "DIRECTED_BY", "PARTNERED_WITH", "LOCATED_IN"}
)
# The types that need the name's type known: admitted only for a run whose last word
# only organizations end in ("the Norvik Writers Guild's award").
_NAMED_BODY_TYPES = frozenset({"RECEIVED_AWARD_FROM", "FUNDED_BY", "AFFILIATED_WITH"})
ORGANIZATION_CUE = "last word ends organization names"
# "the Kestrels in Rome": where a team played, not where it is.
_REFUSED_RULES = frozenset({"places.organization_in_place"})
# "Tokyo's Kestrel Times": a place's firm, kept only for names of two words or more.
_POSSESSIVE_PLACE_RULE = "places.possessive_place"
# The one rule that reads a place's name as an employer: "Leicester centre Tom Hale".
_PLACE_AS_EMPLOYER_RULE = "positions.title_before_name"
# A referee named before his county in brackets ("Referee: Jane Roe (Kent)").
_REFEREE = re.compile(r"\bref(?:eree)?\b", re.IGNORECASE)
# The rules that read a team sheet's clubs, places among them in a story about sport.
_TEAM_SHEET_RULES = frozenset(
    {"employment.employer_in_brackets", "employment.employer_in_brackets_two_words"}
)
CUE = "untagged name read by a relation"
PERSON_CUE = "untagged name that is only a person's"


@dataclass(slots=True)
class Provisional:
    """The entities of a document with the untagged runs added, and which are new."""

    entities: DocEntities
    ids: set[str] = field(default_factory=set)
    added: list[EntitySpan] = field(default_factory=list)
    # A story about sport with a team sheet: a place in brackets after a player is the club.
    team_sheet: bool = False
    # A story about films or shows with names in brackets after persons': the works they
    # are named for ("Best actor: Tom Hale (Kestrel Lane)"), not their employers.
    cast_list: bool = False


def _name_word(token: Token, clubs: frozenset[str] = frozenset()) -> bool:
    """An untagged capitalized proper noun, or a club's name the tagger took for a plural
    noun or an adjective ("the new Wolves manager", "Hearts' boss", "Arsenal striker")."""
    return (
        (token.pos_ == "PROPN" or (token.pos_ in ("NOUN", "ADJ") and token.lower_ in clubs))
        and token.ent_iob_ == "O"
        and token.text[:1].isupper()
        and len(token.text.rstrip(".")) > 1
        and token.lower_.rstrip(".") not in _NOT_NAMES
    )


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper()


def _part_of_longer_name(doc: Doc, start: int, end: int, covered: set[int]) -> bool:
    """Whether the run ``[start, end)`` is a piece of a name written around it."""
    before = doc[start - 1]
    after = doc[end] if end < len(doc) else None
    two_before = doc[start - 2] if start >= 2 else None
    if (start - 1 in covered and _capitalized(before)) or (
        after is not None and end in covered and _capitalized(after)
    ):
        return True
    if before.text in _HYPHENS and not before.whitespace_:
        return True
    if (
        _capitalized(before)
        and before.is_alpha
        and (not before.is_sent_start or before.pos_ == "PROPN")
        and before.lower_ not in _NOT_NAMES
        and before.text != "The"  # left to _something_else
    ):
        return True  # "Kestrel Boys"; a first name opening the sentence ("Tom Hale")
    if two_before is not None and _capitalized(two_before):
        if (
            before.lower_ in _NAME_JOINERS
            and two_before.pos_ in ("PROPN", "NOUN")
            and start - 2 not in covered
        ):
            return True
        if before.lower_ in _POSSESSIVES and start - 2 not in covered:
            return True
    return (
        after is not None
        and end + 1 < len(doc)
        and after.lower_ in _NAME_GOES_ON
        and _capitalized(doc[end + 1])
        and end + 1 not in covered
    )


def _before_a_title_and_name(doc: Doc, i: int, covered: set[int], titles: frozenset[str]) -> bool:
    """ "Kestrels singer Tom Hale said": a post held at the word before it, then a name."""
    return (
        i + 2 < len(doc)
        and doc[i + 1].lower_ in titles
        and i + 2 in covered
        and _capitalized(doc[i + 2])
    )


def _something_else(doc: Doc, start: int, end: int, known: frozenset[str]) -> bool:
    """Whether the words around the run say it is no organization's name; ``known``
    holds the names the model tagged elsewhere in the document."""
    before = doc[start - 1]
    after = doc[end] if end < len(doc) else None
    if before.text == "The":
        # a work's title, unless the document tags the name elsewhere: "the former
        # Kestrels singer ... left The Kestrels", where the model tags it only once
        return name_key(doc[start:end].text) not in known
    if _capitalized(before) and before.lower_.rstrip(".") in _NOT_NAMES:
        return True  # "Princess Anna", "Dr Hale"
    if before.text in _OPENING:
        return True  # a quoted phrase
    if presenter_of_before(doc, start):
        return True  # "host of 100% Kestrel on Radio 1": a show
    if after is None:
        return False
    if after.lower_ in _PORTFOLIO_WORDS or after.like_num:
        return True
    if _capitalized(after) and after.lower_.rstrip(".") in PERSON_TITLES:
        return True  # "Group Economist": a title written with capitals
    if after.lower_ in LEGISLATOR_TITLES and any(
        name_key(t.text) in places() for t in doc[start:end]
    ):
        return True  # "the Leeds Central MP": a constituency
    if after.text == "," and end + 1 < len(doc) and _capitalized(doc[end + 1]):
        return True  # "Kestrel, Birch, ...": an item of a list
    if before.lower_ in ("and", "or") and start >= 3 and doc[start - 3].text == ",":
        return _capitalized(doc[start - 2])  # "..., Talbot and Birch": the last item
    return (
        before.text == ","
        and start >= 2
        and _capitalized(doc[start - 2])
        and after.lower_ in (",", "and", "or")
    )


def _demonym(doc: Doc, start: int, end: int) -> bool:
    """ "Welsh singer Tom Hale": a one-word run that is a country's adjective, not its name;
    "2,000 Sri Lankans work there": a run of words that is a nation's adjective or its
    people."""
    if end - start != 1:
        return nation_or_its_people(doc[start:end].text)
    countries = country_keys(doc[start].text)
    return bool(countries) and name_key(doc[start].text) not in countries


def _a_post(doc: Doc, start: int, end: int, common: frozenset[str]) -> bool:
    """ "head of Farm Policy": capitalized common words after "of" name a post's field."""
    return (
        bool(common)
        and doc[start - 1].lower_ == "of"
        and all(t.lower_ in common for t in doc[start:end])
    )


def _in_title_case(
    doc: Doc, start: int, end: int, covered: set[int], small: frozenset[str]
) -> bool:
    """Whether the words on one side of the run are all capitalized, as in a headline
    ("Kestrel Admits Planes Took Off"): there every word looks like a name. Names
    the model tagged and titles ("Minister", "Lord") do not count."""
    sentence = sentence_of(doc, start)

    def title_case(indices: range) -> bool:
        found = [
            doc[i]
            for i in indices
            if doc[i].is_alpha
            and doc[i].lower_ not in small
            and doc[i].lower_ not in _NOT_NAMES
            and i not in covered
        ][:_TITLE_CASE_WINDOW]
        return len(found) == _TITLE_CASE_WINDOW and all(_capitalized(t) for t in found)

    return title_case(range(start - 1, sentence.start - 1, -1)) or title_case(
        range(end, sentence.end)
    )


# Nouns for a firm that an apposition after a sentence's first word names it by.
_FIRM_NOUNS = frozenset(
    {"company", "firm", "group", "bank", "maker", "giant", "retailer", "airline", "carmaker",
     "insurer", "lender", "conglomerate", "operator", "producer", "chain", "brewer",
     "supermarket", "manufacturer", "publisher", "broadcaster", "developer"}
)  # fmt: skip


def _firm_in_apposition(doc: Doc, i: int) -> bool:
    """Whether the word at ``i`` is followed by a comma and "the"/"a" and a firm's noun
    ("Kestrel, the Italian food group, ..."): a name, even where it opens a sentence. The
    words between may name a place ("Kestrel, the UK-based operator", "the US chip maker")."""
    if i + 3 >= len(doc) or doc[i + 1].text != "," or doc[i + 2].lower_ not in ("the", "a", "an"):
        return False
    for token in doc[i + 3 : min(len(doc), i + 8)]:
        if token.lemma_.lower() in _FIRM_NOUNS and token.pos_ == "NOUN":
            return True
        if token.text == "," or not (
            token.pos_ in ("ADJ", "NOUN", "ADV", "PUNCT")
            or token.ent_type_ in ("GPE", "NORP")
            or token.lower_ == "based"
        ):
            return False
    return False


def _body_for_a_cause(doc: Doc, end: int, covered: set[int], bodies: frozenset[str]) -> int:
    """The end of a run that names a body and, after "for", what it is for: "the Commission
    for Kestrel Trade and Industry" is one name, not a "Commission" of its own."""
    if doc[end - 1].lower_ not in bodies or end + 1 >= len(doc) or doc[end].lower_ != "for":
        return end
    stop = end + 1
    while stop < len(doc) and stop not in covered and not doc[stop].is_sent_start:
        joins = doc[stop].lower_ == "and" and stop + 1 < len(doc) and _name_word(doc[stop + 1])
        if not (_name_word(doc[stop]) or joins):
            break
        stop += 1
    return stop if stop > end + 1 else end


def untagged_runs(
    doc: Doc,
    covered: set[int],
    common: frozenset[str] = frozenset(),
    small: frozenset[str] = frozenset(),
    clubs: frozenset[str] = frozenset(),
    known: frozenset[str] = frozenset(),
    titles: frozenset[str] = frozenset(),
    bodies: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """Token ranges of untagged proper-noun runs that may name an organization.

    ``common`` holds common English nouns and adjectives (lowercase), ``small`` the
    words a headline leaves in lowercase ("of", "the"), ``clubs`` the one-word names of
    sports clubs, which are names even where the tagger takes them for plural nouns,
    ``known`` the names (``name_key``) the model tagged elsewhere in the document,
    ``titles`` the posts held at an organization named before them ("singer", "boss"),
    ``bodies`` the last words of organizations' names ("commission"), which a name goes on
    after with "for" ("Commission for Kestrel Trade").
    """
    found: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        # A sentence opens with a capital: its first word starts a run only when
        # another name word follows ("Kestrel Menatep, the holding company, ..."),
        # it is a club's name ("Hearts' boss Tom Hale"), the model tags it elsewhere, or a
        # post and a tagged name follow ("Kestrels singer Tom Hale said").
        token = doc[i]
        # the tagger takes such a first word for a common noun as often as not
        before_post = (
            token.is_sent_start
            and token.pos_ in ("NOUN", "PROPN")
            and token.ent_iob_ == "O"
            and _capitalized(token)
            and (token.lower_ not in common or name_key(token.text) in known)
            and token.lower_ not in _NOT_NAMES
            and _before_a_title_and_name(doc, i, covered, titles)
        )
        opens = (
            token.is_sent_start
            and not (i + 1 < n and _name_word(doc[i + 1]) and i + 1 not in covered)
            and not _firm_in_apposition(doc, i)
            and token.lower_ not in clubs
            and name_key(token.text) not in known  # a name the document tags elsewhere
            and not before_post
        )
        if (
            "." in token.text
            and i not in covered
            and token.ent_iob_ == "O"
            and is_bare_domain(token.text)
        ):
            found.append((i, i + 1))  # a website by its domain: "editor of kestrelnews.com"
            i += 1
            continue
        if not (_name_word(token, clubs) or before_post) or i in covered or opens:
            i += 1
            continue
        end = i + 1
        while (
            end < n and _name_word(doc[end]) and end not in covered and not doc[end].is_sent_start
        ):
            end += 1
        end = _body_for_a_cause(doc, end, covered, bodies)
        if (alone_in_brackets(doc, i, end) and i - 2 in covered) or not (
            _part_of_longer_name(doc, i, end, covered)
            or _something_else(doc, i, end, known)
            or _a_post(doc, i, end, common)
            or _demonym(doc, i, end)
            or _in_title_case(doc, i, end, covered, small)
        ):
            found.append((i, end))
        i = end
    return found


def provisional_type(span: Span, rules: EntityRules) -> tuple[str, str]:
    """The type a run is given, and the cue that gave it."""
    last = span[-1].lower_
    if len(span) >= 2 and span[0].lower_ in first_names():
        return "Person", f"first name {span[0].text!r}"
    for entity_type, suffixes in (
        ("Facility", rules.facility_suffixes),
        ("Location", rules.location_suffixes),
        ("Event", rules.event_suffixes),
    ):
        if last in suffixes:
            return entity_type, f"last word {last!r}"
    if len(span) >= 2 and last in rules.organization_suffixes:
        return "Organization", ORGANIZATION_CUE
    if _listed_as_a_person_of(span):
        return "Person", "listed with persons, each of a body"
    return "Organization", "no other cue"


def _listed_as_a_person_of(span: Span) -> bool:
    """Whether a run of two or three names stands in a list of persons each named with
    their body ("Tom Hale of Kestrel, Suvar Pichal of Norvik and ..."): after a person's
    name the model tagged, and with an "of" of its own as that name has."""
    root = span.root
    if not 2 <= len(span) <= 3 or root.dep_ not in ("appos", "conj"):
        return False
    head = root.head
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        head = head.head.head  # the parse may hang the run on the body before it
    return head.ent_type_ == "PERSON" and _has_an_of(head) and _has_an_of(root)


def _has_an_of(token: Token) -> bool:
    return any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children)


def widen(
    doc: Doc, entities: DocEntities, rules: EntityRules, common: frozenset[str] = frozenset()
) -> Provisional:
    """``entities`` with every untagged run added, limited to the sentences holding one.

    A run whose name a tagged entity of the document already has joins that entity
    (a copy, so that nothing changes unless a relation keeps it).
    """
    covered = {i for span in entities.spans for i in range(span.start, span.end)}
    by_name = {name_key(e.name): e.id for e in entities.entities.values()}
    runs = untagged_runs(
        doc,
        covered,
        common,
        rules.headline_small_words,
        rules.one_word_clubs,
        frozenset(by_name),
        rules.organization_context,
        rules.organization_suffixes,
    )
    if not runs:
        return Provisional(entities)
    by_first_word, by_club_word = _organizations_by_a_word(entities)
    sport = doc_facts(doc, rules).which_sport
    found = dict(entities.entities)
    added: list[EntitySpan] = []
    ids: set[str] = set()
    for start, end in runs:
        span = doc[start:end]
        key = name_key(span.text)
        if key in rules.not_entities:
            continue  # "died from Aids": a word the entity step never takes for a name
        known = by_name.get(key)
        if known is None and " " not in key and key not in places():
            # "Real" after "Real Madrid", "City" after "Kestrel City"
            known = by_first_word.get(key) or by_club_word.get(key)
        if known is not None:
            entity = found[known]
            if known not in ids:
                entity = found[known] = replace(entity, mentions=list(entity.mentions))
        else:
            entity_type, cue = provisional_type(span, rules)
            known = entity_id(entity_type, span.text)
            entity = found.get(known) or Entity(
                id=known,
                name=span.text,
                type=entity_type,
                type_votes={entity_type: 1.0},
                type_cues=[CUE, cue, *sport_marks(span.text, key, entity_type, sport, rules)],
            )
            found[known] = entity
        entity.mentions.append(Mention(span.start_char, span.end_char, span.text))
        added.append(EntitySpan(start, end, known))
        ids.add(known)
    sentence_starts = {sentence_of(doc, s.start).start for s in added}
    spans = [s for s in entities.spans if sentence_of(doc, s.start).start in sentence_starts]
    bracketed = any((alone_in_brackets(doc, s, e) and s - 2 in covered) for s, e in runs)
    team_sheet = bracketed and (
        sum(token.lower_ in rules.sport_cue_words for token in doc) >= SPORT_WORDS_NEEDED
    )
    cast_list = (
        bracketed
        and not team_sheet
        and sum(token.lower_ in rules.screen_words for token in doc) >= SCREEN_WORDS_NEEDED
    )
    return Provisional(
        DocEntities(entities=found, spans=[*spans, *added]), ids, added, team_sheet, cast_list
    )


# Words that join two names into one span ("Gazprom and Rosneft"): the first word of
# such a span is a name of its own, not a short one.
_JOINED = frozenset({"and", "&"})


def _organizations_by_a_word(entities: DocEntities) -> tuple[dict[str, str], dict[str, str]]:
    """The organizations of several words by their first word, and the clubs by the last word
    of their names ("United", "City"), each where the word belongs to one name only: an
    untagged "Real" is the "Real Madrid" the document names and an untagged "City" its
    "Kestrel City", while an untagged "Manchester" beside two clubs of that city, or "United"
    beside "Kestrel United" and "Norvik United", is no one's short name."""
    firsts: dict[str, list[str]] = {}
    lasts: dict[str, list[str]] = {}
    for entity in entities.entities.values():
        words = name_key(entity.name).split()
        if entity.type != "Organization" or len(words) < 2:
            continue
        if not _JOINED & set(words):
            firsts.setdefault(words[0], []).append(entity.id)
        if words[-1] in CLUB_SUFFIXES:
            lasts.setdefault(words[-1], []).append(entity.id)
    return _named_once(firsts), _named_once(lasts)


def _named_once(by_word: dict[str, list[str]]) -> dict[str, str]:
    """The words that belong to one entity's name only, with that entity's id."""
    return {word: ids[0] for word, ids in by_word.items() if len(ids) == 1}


def admitted(relation: Relation, provisional: Provisional) -> bool:
    """Whether a relation read with a provisional entity may be kept."""
    ids = provisional.ids
    if relation.source not in ids and relation.target not in ids:
        return False  # the first pass reads relations between tagged names
    rule = relation.evidence[0].rule if relation.evidence else ""
    if rule in _REFUSED_RULES:
        return False
    if relation.type not in ADMITTED_TYPES and not (
        relation.type in _NAMED_BODY_TYPES and _named_bodies(relation, provisional)
    ):
        return False
    if rule == _POSSESSIVE_PLACE_RULE and any(
        end in ids and " " not in provisional.entities.entities[end].name
        for end in (relation.source, relation.target)
    ):
        return False  # "Norway's Gold": a word, not a firm
    if provisional.team_sheet and rule in _TEAM_SHEET_RULES:
        # "Tom Hale (Leeds), Ian Holt (Bath)" in a story about sport; but the only bracket
        # of a sentence holding a place or after a referee is his county ("Ref: J Roe (Kent)")
        sentence = relation.evidence[0].sentence
        return sentence.count("(") > 1 or not (
            _REFEREE.search(sentence) or _names_a_place(relation, provisional)
        )
    if provisional.cast_list and rule in _TEAM_SHEET_RULES:
        return False  # "Tom Hale (Kestrel Lane)" in a story about films: the film
    return rule == _PLACE_AS_EMPLOYER_RULE or not _names_a_place(relation, provisional)


def _named_bodies(relation: Relation, provisional: Provisional) -> bool:
    """Whether every provisional end of the relation is named as an organization by its
    last word ("Guild", "Association"), so that its type is known."""
    return all(
        ORGANIZATION_CUE in provisional.entities.entities[end].type_cues
        for end in (relation.source, relation.target)
        if end in provisional.ids
    )


def _names_a_place(relation: Relation, provisional: Provisional) -> bool:
    """Whether a provisional end of the relation is a known place's name."""
    table = places()
    return any(
        end in provisional.ids and name_key(provisional.entities.entities[end].name) in table
        for end in (relation.source, relation.target)
    )


def _plain_persons(
    doc: Doc,
    provisional: Provisional,
    entities: DocEntities,
    rules: EntityRules,
    common: frozenset[str],
) -> set[str]:
    """The provisional persons whose runs read as nothing but a person's name, kept
    whether or not a relation reads them: "directed by Tom Hale", "with Ann Tolley"."""
    return {
        added.entity_id
        for added in provisional.added
        if added.entity_id in provisional.ids
        and added.entity_id not in entities.entities
        and provisional.entities.entities[added.entity_id].type == "Person"
        and _plain_person_name(doc[added.start : added.end], rules, common)
    }


def _plain_person_name(span: Span, rules: EntityRules, common: frozenset[str]) -> bool:
    """Whether an untagged run is a person's name and can be nothing else: a common first
    name that is no common word, then a surname (an initial may come between) that is no
    common word, place or word names of bodies, places or events end in.

    The words that are also common nouns are left to the model ("Rain Man", "Law Lords",
    "Davis Cup"), and so are the first names that name days or places ("Sunday", "Sydney").
    """
    if not 2 <= len(span) <= 3 or not all(t.is_title or len(t.text) == 1 for t in span):
        return False
    first, last = span[0].lower_, span[-1].lower_
    if len(span) == 3 and len(span[1].text) != 1:
        return False  # "Tom J Hale" only: three full words are more often a body's name
    table = places()
    return (
        first in first_names()
        and first not in common
        and first not in _NOT_NAMES
        and name_key(span[0].text) not in table
        and len(last) > 2
        and last.isalpha()
        and last not in common
        and last not in rules.kind_suffixes
        and name_key(span[-1].text) not in table
        and name_key(span.text) not in rules.not_entities
    )


def _still_read(
    relations: list[Relation],
    second: list[Relation],
    doc: Doc,
    provisional: Provisional,
    named: set[str],
) -> list[Relation]:
    """The first reading's relations, less what a sentence stops saying once the names the
    second reading kept are names.

    A name the model left untagged can be read as a part of the name beside it: in "A of
    Kestrel, B of Norvik", with B untagged, "B of Norvik" is in apposition to A, so A seems to
    be of Norvik too. Where the sentence holds a name kept since, the second reading, which
    sees it, decides.
    """
    starts = [doc[span.start].idx for span in provisional.added if span.entity_id in named]
    if not starts:
        return relations
    reread = {(_key(r), e.start) for r in second for e in r.evidence}
    kept: list[Relation] = []
    for relation in relations:
        key = _key(relation)
        evidence = [
            e
            for e in relation.evidence
            if (key, e.start) in reread or not any(e.start <= start < e.end for start in starts)
        ]
        if evidence:
            kept.append(
                relation
                if len(evidence) == len(relation.evidence)
                else replace(relation, evidence=evidence)
            )
    return kept


def _key(relation: Relation) -> tuple[str, str, str, str]:
    props = json.dumps(relation.properties, sort_keys=True, default=str)
    return relation.type, relation.source, relation.target, props


def find_with_untagged_names(
    find: Callable[[Doc, DocEntities], list[Relation]],
    doc: Doc,
    entities: DocEntities,
    rules: EntityRules,
    common: frozenset[str] = frozenset(),
) -> tuple[list[Relation], DocEntities]:
    """The relations ``find`` reads, then those it reads with the untagged runs added.

    Returns every relation and the document's entities with the provisional ones a
    relation kept (their spans included, so that co-mentions see them too).
    """
    relations = find(doc, entities)
    provisional = widen(doc, entities, rules, common)
    if not provisional.ids:
        return relations, entities
    seen = {_key(r) for r in relations}
    second = find(doc, provisional.entities)
    more = [r for r in second if _key(r) not in seen and admitted(r, provisional)]
    persons = _plain_persons(doc, provisional, entities, rules, common)
    if not more and not persons:
        return relations, entities
    read = {end for r in more for end in (r.source, r.target)}
    named = read | persons
    relations = _still_read(relations, second, doc, provisional, named)
    kept = dict(entities.entities)
    kept.update(
        (k, provisional.entities.entities[k])
        for k in named
        if k not in kept or k in provisional.ids
    )
    for k in persons - read:
        kept[k] = replace(kept[k], type_cues=[PERSON_CUE, *kept[k].type_cues[1:]])
    spans = [*entities.spans, *(s for s in provisional.added if s.entity_id in named)]
    return [*relations, *more], DocEntities(entities=kept, spans=spans, doubtful=entities.doubtful)
