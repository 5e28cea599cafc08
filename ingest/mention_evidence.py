"""The weighted type votes of one mention, and the document facts they read.

Each mention collects votes from its label, the words of its name, and the
words around it ("the carrier X", "X's chief executive", "Leeds striker X");
ingest/linking.py sums them per entity in a document and resolution across
documents (ingest/evidence.py describes the signals and their weights). A few
facts hold for a whole document (is it about sport, which words does it write
in lowercase) and are read once per document, not once per mention.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.candidates import Candidate
from threadline.ingest.context_cues import (
    apposition_noun,
    context_evidence,
    descriptor_before,
    employer_evidence,
    led_to_success_evidence,
    opens_person_name,
    possessive_employer_evidence,
)
from threadline.ingest.entity_rules import (
    INDIVIDUAL_SPORT_WORDS_NEEDED,
    SCREEN_WORDS_NEEDED,
    SPORT_WORDS_NEEDED,
    EntityRules,
)
from threadline.ingest.evidence import (
    BAND_MEMBERS,
    BOOK_TITLE,
    DEMONYM_ENDINGS,
    DESCRIPTOR,
    HONORIFIC,
    LEGAL_SUFFIX,
    ORGANIZATION_WORD,
    PERSON_TITLE,
    RECORDING,
    ROLE,
    SCREEN_WORK,
    TEAM,
    Evidence,
    first_names,
    listed_companies,
    name_evidence,
    name_head,
    place_names,
    places,
)
from threadline.ingest.list_cues import list_start, listed_with_a_work
from threadline.ingest.mention_filters import spelt_out_acronym
from threadline.ingest.nationality import (
    NATIONAL_NOUNS,
    nation_or_its_people,
    nationality_adjective,
    one_of_a_nation,
    people_of_a_nation,
)
from threadline.ingest.place_check import is_country_or_larger, town_club_name
from threadline.ingest.spans import alone_in_brackets, plural_possessive
from threadline.ingest.team_cues import team_evidence
from threadline.ingest.team_sheets import has_sheet_marks, player_on_team_sheet, sheet_lines
from threadline.ingest.type_cues import player_word_before, presenter_of_before, title_before
from threadline.ingest.untagged_places import CLUB_COUNTIES
from threadline.ingest.work_titles import (
    AUTHORS,
    after_a_persons_possessive,
    subtitled,
    the_after_a_persons_possessive,
    title_joining_word,
)
from threadline.names import (
    DETERMINERS,
    MONTHS,
    WEEKDAYS,
    is_bare_domain,
    is_honorific,
    name_key,
    strip_word,
)
from threadline.votes import (
    CLUB_NAME_CUE,
    CLUB_TOWN_CUE,
    LONE_WORD_CUE,
    TEAM_SHEET_CUE,
    team_cue,
)

# Words before a name that often stand before an organization's name too
# ("former Kestrel boss", "state broadcaster"): no evidence of a person.
_WEAK_TITLES = frozenset(
    {"former", "late", "then", "acting", "state", "foreign", "prime", "general", "vice",
     "deputy", "chief", "head", "executive", "official", "employee", "officer", "founder"}
)  # fmt: skip


# Designations of aircraft, ships and weapons: letters, a dash, digits ("P-3C", "F-16").
_DESIGNATION = re.compile(r"[A-Z]{1,3}-\d{1,3}[A-Z]?")
# "the 25th Kestrel Marathon", "the 77th Talvaro Cross": a numbered edition is an event's.
_EDITION = re.compile(r"\d+(?:st|nd|rd|th)")
# A person written with the initial of the first name: "C Tolley", "J Okafor-Hale".
_INITIAL_AND_SURNAME = re.compile(r"[A-WYZ] [A-Z][a-z]+(?:-[A-Z][a-z]+)?")  # not "X Factor"
_COMPASS_INITIALS = frozenset({"N", "S", "E", "W"})
# A person written with a middle initial: "Hunter S Thompson", "Jane Q. Roe".
_MIDDLE_INITIAL = re.compile(r"[A-Z][a-z]+ [A-Z]\.? [A-Z][a-z]+(?:-[A-Z][a-z]+)?")
# A person named by nationality: "the Dutchman", "a Frenchwoman", "two Welshmen".
_NATIONALITY_NOUN = re.compile(
    r"(?:dutch|french|english|irish|scots|welsh|scotch|cornish|manx|ulster)(?:man|men|woman|women)"
)
# The parts of speech of a common word a one-word name may be ("House prices").
_COMMON_WORD_TAGS = frozenset({"NOUN", "VERB", "ADJ"})


@dataclass(frozen=True, slots=True)
class DocFacts:
    """What the entity step reads once per document, for every mention in it."""

    team_before: frozenset[str]  # words before a name that make it a team (more in sport)
    lowercase: frozenset[str]  # the words the document writes in lowercase
    lowercase_common: frozenset[str]  # ... as a noun, verb or adjective
    sport: bool  # about sport: three sport words or clubs' names (two in one or two sentences)
    sentences: int
    # Acronyms the document spells out in lowercase words, wherever else it uses them:
    # "purchasing managers index (PMI)", then "the PMI rose". Terms, not names.
    term_acronyms: frozenset[str] = frozenset()
    # A document about films or television: ``SCREEN_WORDS_NEEDED`` screen words or more.
    screen: bool = False
    # A document about a sport of athletes, not sides (tennis, athletics): two or more
    # words of such sports in a document about sport, and no contest of countries' teams
    # ("the Davis Cup", "the relay").
    individual_sport: bool = False
    # A document that speaks of books (``_BOOK_WORDS``): a title after an author is theirs.
    books: bool = False
    # The mark (``SCREEN_WORK`` or ``RECORDING``) of the works a document about films,
    # records or games names when it says nothing of books, else "": their makers do not
    # issue them ("Keane's Hopes and Fears", an album).
    unissued_works: str = ""
    # The lines that are a side's line-up (ingest/team_sheets.py), as token ranges, and
    # those of them with a sheet's marks (substitutes, a captain, a substitute's minute).
    team_sheet_lines: tuple[tuple[int, int], ...] = ()
    marked_sheet_lines: tuple[tuple[int, int], ...] = ()
    # A document about records (two or more of ``_RECORD_STORY_WORDS``: bands in it) and
    # one about games (``_GAME_STORY_WORDS``: games are products).
    records: bool = False
    games: bool = False
    # The sport a story about sport is about, by its terms ("rugby union"), or "" when
    # its terms say none (ingest/story_sport.py).
    which_sport: str = ""

    @property
    def about_works(self) -> bool:
        """A story about books or films, not about sport: a title named with its maker or
        its prize is a work there (ingest/work_titles.py)."""
        return (self.books or self.screen) and not self.sport

    @classmethod
    def of(cls, doc: Doc, rules: EntityRules) -> DocFacts:
        """One pass over the document's tokens (each pass makes a Python object per token)."""
        sport_words = rules.sport_cue_words
        sport = screen = individual = team_contests = sentences = 0
        lowercase: set[str] = set()
        common: set[str] = set()
        acronyms: list[int] = []
        breaks: list[int] = []
        words: list[str] = []
        clubs = rules.one_word_clubs
        clubs_named: set[str] = set()
        for token in doc:
            lower = token.lower_
            words.append(lower)
            sport += lower in sport_words
            if lower in clubs and token.is_title:
                clubs_named.add(lower)
            screen += lower in rules.screen_words
            individual += lower in rules.individual_sport_words
            team_contests += lower in rules.team_contest_words
            sentences += bool(token.is_sent_start)
            if token.is_space and "\n" in token.text:
                breaks.append(token.i)
            if token.is_lower and token.is_alpha:
                lowercase.add(lower)
                if token.pos_ in _COMMON_WORD_TAGS:
                    common.add(lower)
            elif token.is_upper and token.is_alpha and 2 <= len(token) <= 6:
                acronyms.append(token.i)
        # "Chelsea", "Saracens": each club named says sport as much as "match" does; one
        # name said again and again is most often something else ("Roma" as a people).
        sport += len(clubs_named)
        team_before = rules.team_before
        # A story of a sentence or two (a quote, a caption) holds fewer of them.
        about_sport = sport >= (SPORT_WORDS_NEEDED if sentences > 2 else SPORT_WORDS_NEEDED - 1)
        if about_sport:
            team_before = team_before | rules.team_before_in_sport
        terms = frozenset(doc[i].text for i in acronyms if spelt_out_acronym(doc, i))
        books = bool(lowercase & _BOOK_WORDS)
        about_screen = screen >= SCREEN_WORDS_NEEDED
        records = len(lowercase & _RECORD_STORY_WORDS) >= 2
        games = len(lowercase & _GAME_STORY_WORDS) >= 2
        lines = sheet_lines(doc, breaks, about_sport)
        return cls(
            team_before,
            frozenset(lowercase),
            frozenset(common),
            about_sport,
            sentences,
            terms,
            about_screen,
            about_sport and individual >= INDIVIDUAL_SPORT_WORDS_NEEDED and not team_contests,
            books,
            "" if books else _unissued_works_mark(about_screen, records or games),
            lines,
            tuple(line for line in lines if has_sheet_marks(doc, *line)),
            records,
            games,
            rules.sport_terms.sport_of(words) if about_sport else "",
        )


# Where a parsed document keeps its facts once the entity step has read them.
_FACTS = "threadline_doc_facts"


def doc_facts(doc: Doc, rules: EntityRules) -> DocFacts:
    """The document's facts, read once per parsed document: the entity step reads them
    first, and the relation step asks again whether the story is about sport
    (``ArgumentReader.heads_side``), which a pass over every token would cost again."""
    facts = doc.user_data.get(_FACTS)
    if not isinstance(facts, DocFacts):
        facts = doc.user_data[_FACTS] = DocFacts.of(doc, rules)
    return facts


def mention_evidence(
    doc: Doc,
    span: Span,
    key: str,
    label: str,
    label_type: str,
    entity_type: str,
    person_cue: bool,
    facts: DocFacts,
    rules: EntityRules,
    ontology: Ontology,
) -> Evidence:
    """The type votes of one mention (ingest/evidence.py)."""
    evidence = Evidence()
    evidence.add_label(label_type, label)
    # "the Russian", "many Britons": a person named by a nation, read once for two cues below
    by_nation = _named_by_nation(doc, span, facts.sport)
    if (
        label == "WORK_OF_ART"
        and facts.unissued_works
        and key.rsplit(" ", 1)[-1] not in rules.document_suffixes  # "... Annual Report"
    ):
        # "Keane's Hopes and Fears" in a story about records: a band's album, which the
        # band does not issue in the ontology's sense. A mark for the relation step
        # only, with no weight: it changes no type.
        mark = facts.unissued_works
        evidence.cues.append((0.0, "Publication", f"{mark}a title in a story without books"))
    if facts.records and not facts.sport and _band_before_its_musician(doc, span, key, rules):
        # "Kestrels' Jane Roe" in a story about records: a mark for the relation step only
        # (a band's musicians are its members), with no weight
        evidence.cues.append((0.0, "Organization", f"{BAND_MEMBERS}'{span.text}'s <person>'"))
    # "Owen Law", "Jack Bridge": a first name before a word names of things end in
    named_like_a_thing = label == "PERSON" and _first_name_and_one_word(key, rules)
    # "Chronicles of Kestrel: Escape from Norvik Bay": a title and its subtitle
    title_and_subtitle = subtitled(span)
    if (
        entity_type in ("Award", "Publication")
        and (entity_type != label_type or _ends_in_title_word(key, entity_type, rules))
        and not named_like_a_thing
    ):
        # A document's title word outweighs an organization word inside the title
        # ("Application Report of Establishing the Transfer Center"), and an award's
        # outweighs the first name of the person it is named after ("the Orange Prize",
        # "the Milton Kestrel Award"), whoever tagged the name.
        if key in rules.award_names:
            cue = f"a known award '{key}'"
        else:
            cue = f"title word '{key.rsplit(' ', 1)[-1]}'"
        evidence.add_name(entity_type, LEGAL_SUFFIX + 1, cue)
    if person_cue:
        person_evidence(doc, span, evidence, rules)
    if len(span) == 1 and "." in span.text and is_bare_domain(span.text):
        # "the fan site kestrelgames.co.uk": a website, run by an organization
        evidence.add_name("Organization", LEGAL_SUFFIX + 2, "a website's domain")
    if (
        ontology.has_trait(label_type, "place")
        and len(span) == 1
        and any(c.isdigit() for c in key)
        and any(c.isalpha() for c in key)
        and "Product" in ontology.entity_types
    ):
        # "the SS7 signalling system", "the A380": a code the model took for a place.
        evidence.add_name("Product", LEGAL_SUFFIX, "letters and digits")
    elif _DESIGNATION.fullmatch(span.text) and "Product" in ontology.entity_types:
        # "a P-3C patrol plane", "the F-16": an aircraft's or a weapon's designation.
        evidence.add_name("Product", LEGAL_SUFFIX, "a designation")
    elif (
        (initials := _initials_cue(span.text))
        and "Person" in ontology.entity_types
        and key.split()[-1]
        not in rules.organization_suffixes | rules.event_suffixes | rules.facility_suffixes
    ):
        evidence.add_name("Person", PERSON_TITLE, initials)
    elif (
        _NATIONALITY_NOUN.fullmatch(key)
        and not (span.start > 0 and doc[span.start - 1].text == "The")  # the newspaper
        and not by_nation  # a nationality (below)
        and "Person" in ontology.entity_types
    ):
        # "Dutchman Tom Hale" run together: a player named by his nationality, never a firm
        # ("a writer for The Scotsman" is the newspaper; "selling the Dutchman to Lazio"
        # names a person by nationality, a Group).
        evidence.add_name("Person", LEGAL_SUFFIX + 2, "a person named by nationality")
    types = ontology.entity_types
    after_the = _opened_by_the(doc, span, capital=True)
    # "Sri Lankan", "Sri Lankans": a nation's word, whatever its first word (a first name
    # counts only in a name of two words or more)
    nation = len(span) > 1 and nation_or_its_people(key)
    # "SM:tv": a word glued to another by a colon opens no person's name
    glued_by_colon = len(span) >= 3 and span[1].text == ":" and not span[0].whitespace_
    no_first_name = after_the or glued_by_colon or _hyphened_to_no_first_name(span)
    if not title_and_subtitle:
        name_evidence(
            key,
            rules.organization_suffixes,
            evidence,
            frozenset(types),
            label,
            no_first_name,
            nation,
        )
    if (
        label in ("PERSON", "GPE", "ORG")
        and "Group" in types
        and span.end < len(doc)
        and doc[span.end].is_lower
        and doc[span.end].pos_ == "NOUN"
        and nationality_adjective(span.text)
    ):
        # "Welsh legend Tom Hale", "a Sri Lankan shipping firm": a nationality before a
        # noun, which the model took for a name (not "French said", the actress)
        evidence.add_name("Group", LEGAL_SUFFIX, "a nationality before a noun")
    if (
        label == "PERSON"
        and _plural_name_after_the(doc, span)
        and "Organization" in types
        and key.split()[0] not in first_names()
    ):
        # "the Harriers have signed", "said the Kestrels": no person's name follows "the"; a
        # plural one names a side, a band or a firm's people
        evidence.add("Organization", ORGANIZATION_WORD, "a plural name after 'the'")
    words = key.split()
    if len(words) >= 2 and words[0] in rules.organization_prefixes:
        evidence.add_name("Organization", ORGANIZATION_WORD, f"organization word '{words[0]}'")
    if rules.club_name(key) and "Organization" in types:
        evidence.add_name("Organization", TEAM, f"a club's name ('{words[0]}' and a city)")
    elif town_club_name(key) and "Organization" in types:
        evidence.add_name("Organization", TEAM, f"a club's name (a town and '{words[-1]}')")
    if (
        label == "PERSON"
        and len(span) == 1
        and span.text.isupper()
        and span.text.isalpha()
        and 2 <= len(span.text) <= 5
        and not person_cue
        and "Organization" in types
    ):
        # "DHS warned firms": an acronym, which a person's name is not.
        evidence.add_name("Organization", ORGANIZATION_WORD, "an acronym")
    if key in rules.technology_names and "Product" in types:
        # "GPRS", "RFID": a standard or a format, which the model takes for a firm
        evidence.add_name("Product", LEGAL_SUFFIX + 1, "a technology's name")
    if len(words) >= 2 and words[0] in rules.vessel_prefixes and "Product" in types:
        evidence.add_name("Product", LEGAL_SUFFIX + 1, f"ship prefix '{span[0].text}'")
    head = name_head(words)
    if head in rules.document_suffixes and "Publication" in types:
        # "Application Report of Establishing the Transfer Center": a document's title.
        evidence.add_name("Publication", ORGANIZATION_WORD + 1, f"title word '{head}'")
    standing_body = len(words) >= 2 and any(
        f" {key}".endswith(f" {body}") for body in rules.standing_bodies
    )
    if standing_body:
        evidence.add_name("Organization", ORGANIZATION_WORD + 2, "a standing body's name")
    elif len(words) >= 3:
        ending = " ".join(words[-2:])
        if ending in rules.facility_endings and "Facility" in types:
            evidence.add_name("Facility", ORGANIZATION_WORD + 2, f"facility words '{ending}'")
        elif ending in rules.location_endings and "Location" in types:
            evidence.add_name("Location", ORGANIZATION_WORD + 2, f"place words '{ending}'")
    if (
        len(words) >= 2
        and _EDITION.fullmatch(words[0])
        and "Event" in types
        and words[-1] not in rules.organization_suffixes
        and not any(word in rules.numbered_bodies for word in words)
        and not standing_body
    ):
        # not "the 109th Congress" or "the 4th Infantry Division", bodies that are numbered too
        evidence.add_name("Event", ORGANIZATION_WORD + 1, f"an edition's number '{words[0]}'")
    # A place word weighs less: people are called Lake, Bay or Rivers ("Anna Lake").
    for entity_type, suffixes, weight in (
        ("Event", rules.event_suffixes, ORGANIZATION_WORD + 1),
        ("Facility", rules.facility_suffixes, ORGANIZATION_WORD + 1),
        ("Location", rules.location_suffixes, ORGANIZATION_WORD),
    ):
        if (
            len(words) >= 2
            and words[-1] in suffixes
            and entity_type in types
            and not standing_body
            and not named_like_a_thing
            and not title_and_subtitle
        ):
            if entity_type == "Event" and words[-1] in _GAME_MAKERS_WORDS:
                # "Olympic Games", but also the game maker "Kestrel Games": a word for
                # the kind of firm before it ("game maker Kestrel Games") outweighs it
                weight = ORGANIZATION_WORD
            evidence.add_name(entity_type, weight, f"{entity_type.lower()} word '{words[-1]}'")
    if (
        "Facility" in types
        and label != "NORP"  # "British cinema": an art, not a building
        and not nationality_adjective(span.text)
        and (building_word := _facility_word_after(doc, span, rules))
    ):
        evidence.add_name("Facility", ORGANIZATION_WORD, f"before '{building_word}'")
    if len(words) >= 2 and "Location" in types and not title_and_subtitle:
        # "County Durham", "Gulf of Venezuela": a place's first word or the noun before "of".
        if words[0] in rules.location_prefixes:
            evidence.add_name("Location", ORGANIZATION_WORD, f"location word '{words[0]}'")
        elif head in rules.location_suffixes:
            evidence.add_name("Location", ORGANIZATION_WORD, f"location word '{head}'")
    if "Location" in types and _place_and_compass(words, person_label=label == "PERSON"):
        # "Derby North", "Leeds North East": a part of a town, a constituency, not a body
        evidence.add_name("Location", LEGAL_SUFFIX, "a place and a compass word")
    if len(words) >= 3 and head in _BUILDING_HEADS and "Facility" in types:
        # "Statue of Liberty", "Tower of Harwick": a building or monument named by what it is of
        evidence.add_name("Facility", ORGANIZATION_WORD + 1, f"facility word '{head}'")
    # "a hacking campaign, widely known as X"; "a new report called X", "his
    # autobiography, X" (not "the report, the Lotus Society": a new phrase).
    appositive = apposition_noun(doc, span.end)
    for entity_type, descriptors, reach, comma_ends in (
        ("Event", rules.event_descriptors, 5, False),
        ("Publication", rules.publication_descriptors, 4, True),
    ):
        if entity_type not in types:
            continue
        word = descriptor_before(doc, span.start, descriptors, reach, comma_ends)
        if word is not None and _subject_after_a_phrase(doc, word, span):
            word = None  # "In its report, Kestrel said": the firm speaks, after the phrase
        if word is not None:
            opening = RECORDING if word.lower_ in _RECORDS else ""
            # "the novel The Silent Coast": a capital "The" right after the word opens a
            # title, whatever place word the title holds
            titled = word.i == span.start - 2 and doc[span.start - 1].text == "The"
            weight = ORGANIZATION_WORD + (2 if titled else 1)
            evidence.add(entity_type, weight, f"{opening}after '{word.text}'")
        elif (
            appositive is not None
            and appositive.lower_ in descriptors
            and not _subject_of_the_next_clause(appositive)
        ):
            # "Silver Water, the new novel by Jane Roe"; not "Featuring Jane Roe, the song
            # was a hit": the subject of the clause after the name
            evidence.add(entity_type, ORGANIZATION_WORD + 1, f"'{appositive.text}' in apposition")
    if (
        "Event" in types
        and len(span) >= 2  # not "last year's European elections", "this year's Leeds"
        and label != "PERSON"  # "last year's Janet Roe wardrobe slip": still a person
        and _after_a_times_possessive(doc, span, rules)
    ):
        # "January's Kestrel International", "last season's Talvaro Cup": an occasion
        evidence.add("Event", ORGANIZATION_WORD + 1, "after a time's possessive")
    if "Publication" in types and (
        span[0].lower_ not in first_names()
        or (
            (span.end >= len(doc) or doc[span.end].pos_ in ("PUNCT", "ADP", "CCONJ"))
            and _screen_word_before(doc, span.start, rules)
        )
        or (label == "WORK_OF_ART" and _channel_possessive(doc, span.start, rules))
    ):
        # not a name opening with a first name ("Directed by Jane Roe, the film ..."), unless
        # a screen word stands right before it and no clause can follow ("the programme Go
        # Digital.", not "the show Tom Hale hosts"), or it is a title after a channel's
        # possessive ("Sky News' Sunday with Jane Roe", a show named after its host)
        _screen_work_evidence(doc, span, label, appositive, person_cue, facts, rules, evidence)
    if (
        "Publication" in types
        and facts.screen
        and not facts.sport
        # "Ann Tolley (Jane Roe)": a character and who plays her
        and not (label == "PERSON" and span[0].lower_ in first_names())
        and key not in rules.channels  # "Kestrel Lane (BBC One)": the channel of a show
        and (where := _work_of_a_nominee(doc, span))
    ):
        evidence.add("Publication", DESCRIPTOR + 1, f"{SCREEN_WORK}{where} a performer's name")
    if (
        "Product" in types
        and not facts.sport
        and facts.games
        and (game_word := _game_word_before(doc, span.start))
    ):
        evidence.add("Product", ORGANIZATION_WORD + 1, f"a game: after '{game_word}'")
    if (
        (facts.games or facts.screen)
        and not facts.sport
        and label in _NUMBERED_TITLE_LABELS
        and _numbered_title(span, key, facts, rules)
    ):
        # "Kestrel Quest 2", "Norvik Rally 2005": a sequel's or an edition's number ends no
        # person's, place's or body's name; in a story about games, a game, and in one
        # about films or programmes, a film or a programme
        if facts.games and "Product" in types:
            evidence.add("Product", ORGANIZATION_WORD + 1, "a game: a title ending in a number")
        elif facts.screen and not facts.records and "Publication" in types:
            evidence.add("Publication", DESCRIPTOR + 1, f"{SCREEN_WORK}a title ending in a number")
    if "Product" in types and (thing := _product_in_apposition(doc, span)):
        # "Norvik, the operating system", "Kestrel, a gaming console": what the
        # apposition says the name is
        evidence.add("Product", DESCRIPTOR + 1, f"apposition: '{thing}'")
    if (
        "Publication" in types
        and facts.screen
        and not facts.sport
        and _film_after_a_capital_the(doc, span, label, key, bands=facts.records)
    ):
        evidence.add(
            "Publication", DESCRIPTOR + 1, f"{SCREEN_WORK}after an article inside a sentence"
        )
    if (
        "Publication" in types
        and label not in ("WORK_OF_ART", "PERSON")  # "for Kestrel Lane, and Jane Roe for"
        and (facts.about_works or (facts.records and not facts.sport))
        and not _names_a_company(doc, span, evidence, rules)
        and listed_with_a_work(doc, span.start, span.end, films=facts.screen and not facts.records)
    ):
        # "successes such as Kestrel Lane, The Long Harbour and Winter Roads" in a story
        # about films, records or books: a list's items are of one kind, and the model
        # tags a title among them as a work
        evidence.add("Publication", DESCRIPTOR, f"{facts.unissued_works}listed with a work")
    if "Publication" in types and (cue := _work_cue_before(doc, span)):
        # "the author of The Silent Harbour", "who wrote Kestrel Years": a written work
        evidence.add("Publication", ORGANIZATION_WORD + 1, f"after '{cue}'")
    if (
        label == "WORK_OF_ART"
        and "Publication" in types
        and facts.about_works
        and (joined := title_joining_word(doc, span))
    ):
        # "Ann Tolley for Eve Harbour", "Winter Roads by Jack Birch" (ingest/work_titles.py):
        # a book in a story about books, else a film its makers did not issue
        mark = BOOK_TITLE if facts.books and not facts.screen else f"{SCREEN_WORK}a title "
        evidence.add("Publication", DESCRIPTOR + 1, f"{mark}{joined}")
    if (
        "Publication" in types
        and span[0].lower_ not in first_names()  # "Jane Roe, published by Kestrel Press"
        and (verb := _published_by_after(doc, span))
    ):
        # "Growing Pains, published by the Kestrel Trust, says": what a body publishes
        evidence.add("Publication", ORGANIZATION_WORD + 1, f"before '{verb} by'")
    if "Publication" in types and _title_after_a_persons_possessive(doc, span):
        # "Tom Hale's The Silent Harbour": an author's work in a story about books; else a
        # director's film or a singer's song, which their maker does not issue
        opening = "" if facts.books and not facts.screen else SCREEN_WORK
        evidence.add(
            "Publication", DESCRIPTOR + 1, f"{opening}after a person's possessive and 'The'"
        )
    elif (
        "Publication" in types
        and (facts.about_works or (facts.records and not facts.sport))
        and _plain_title_after_a_persons_possessive(doc, span, key, rules)
    ):
        # "Tom Hale's Silver Water Nights" in a story about films, books or records: his
        # work, as a body he owns would carry a body's word ("Tom Hale's Kestrel Holdings")
        opening = "" if facts.books and not facts.screen else SCREEN_WORK
        evidence.add("Publication", DESCRIPTOR + 1, f"{opening}after a person's possessive")
    # "German shares": a nationality before a noun says nothing of organizations.
    nationality = label_type == "Group" and len(span) == 1 and key.endswith(DEMONYM_ENDINGS)
    is_place = key in places()
    organization_after = (
        rules.place_organization_context if is_place else rules.organization_context
    )
    if (
        facts.screen
        and label_type != "Group"  # "British actress Jane Roe": her nationality
        and not is_place  # "Hollywood star Jane Roe": where she works
        and (work_role := _screen_work_role(doc, span, evidence, rules))
    ):
        # "Goldeneye director Jane Roe" in a story about films: the film, not an employer
        evidence.add("Publication", DESCRIPTOR + 1, f"before '{work_role}' in a screen story")
        organization_after = rules.screen_organization_context  # never a place's (above)
    if label in ("PERSON", "ORG") and _plain_name_after_an_age(doc, span, rules):
        evidence.add("Person", ROLE, "an age before it")
    context_evidence(
        doc,
        span,
        rules.organization_descriptors,
        organization_after,
        evidence,
        organization_cues=not nationality,
        firms=rules.firm_descriptors,
    )
    if (
        span.end < len(doc)
        and doc[span.end].lower_ == "administration"
        and len(span) <= 2
        and "Person" in types
    ):
        # "the Trump administration": a leader's government, named by the leader.
        evidence.add("Person", HONORIFIC, "before 'administration'")
    elif by_nation:
        # "The Russian turned his ankle": a person named by their nation, not a name
        evidence.add("Group", ROLE, f"'the {span.text}'")
    elif len(span) == 1 and "Person" in types and (pronoun := _own_pronoun(doc, span)):
        evidence.add("Person", ROLE, f"subject of '... {pronoun}'")
    elif (
        len(span) == 1
        and not person_cue
        and "Organization" in types
        and _own_pronoun(doc, span, _ORGANIZATION_PRONOUNS)
    ):
        # "Kestrel said its profits rose": a thing's pronoun, never a person's
        evidence.add("Organization", ROLE, "subject of '... its'")
    if "Organization" in types:
        # "portal director at Tiscali": a title's employer, whatever its ending says.
        employer_evidence(doc, span, rules.employer_roles, evidence, rules.team_roles, facts.sport)
        possessive_employer_evidence(doc, span, evidence)
        led_to_success_evidence(doc, span, evidence)
    if not facts.sport and facts.sentences > 1 and key in CLUB_COUNTIES and "Location" in types:
        # "mines across Kestrelshire and Durham": outside sport a county is the place; a
        # sentence alone says too little of its subject ("Yorkshire beat Kent by 20 runs")
        evidence.add_name("Location", LEGAL_SUFFIX + 1, "a county in a story not about sport")
    if _player_on_a_sheet(doc, span, types, facts.marked_sheet_lines):
        # "Subs not used: Bradford, Roe": on a line with a sheet's marks, a surname,
        # whatever ground or club's town it shares its spelling with
        evidence.add("Person", TEAM, TEAM_SHEET_CUE)
    elif facts.individual_sport and key in rules.sport_events and "Event" in types:
        # "the Wimbledon champion", "won at Wimbledon": in tennis, the championships
        evidence.add_name("Event", LEGAL_SUFFIX, "a championship's place in a story about sport")
    elif facts.sport and key in rules.sport_grounds and "Facility" in types:
        # "England's first win at Twickenham": a ground, named after its town.
        evidence.add_name("Facility", TEAM, "a ground's name in a story about sport")
    elif facts.sport and key in rules.sport_clubs and "Organization" in types:
        # "Saracens", "Everton": the model often takes a club's name for a person's or a
        # people's.
        evidence.add_name("Organization", TEAM, CLUB_NAME_CUE)
    elif (
        facts.sport
        and not facts.individual_sport
        and key in rules.sport_club_places
        and "Organization" in types
        and not (span.start > 0 and doc[span.start - 1].lower_ == "in")
    ):
        # "has gone back to Leeds", "Leeds' young centre X": a team sport's news names the
        # club by its town; "in Leeds" is where the match was played
        evidence.add("Organization", TEAM, CLUB_TOWN_CUE)
    elif _player_on_a_sheet(doc, span, types, facts.team_sheet_lines):
        # "Pilkington, Talbot, Buxton, Dimech, ...": a side's players, whatever place a
        # surname shares its spelling with
        evidence.add("Person", TEAM, TEAM_SHEET_CUE)
    elif (
        facts.individual_sport
        and "Person" in types
        and _unknown_place_after_a_nation(doc, span, label, key)
    ):
        # "by beating Norvia's Talo Harwin": in tennis or golf a nation's name owns its
        # players, not a place no gazetteer knows
        evidence.add("Person", ROLE, "a player after a nation's possessive in sport")
    if not nationality and "Organization" in types:
        # In a document about sport, "his Norway side" and "Norway fans" name the team;
        # "Barcelona star" does only before a name ("the Kansas star": a home state).
        named_roles = rules.team_roles_in_sport if facts.sport else rules.team_roles_named
        team_evidence(
            doc,
            span,
            rules.sport_team_roles if facts.sport else rules.team_roles,
            named_roles,
            facts.team_before,
            evidence,
            facts.sport,
            facts.individual_sport,
        )
    return evidence


_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central"})


def _place_and_compass(words: list[str], person_label: bool = False) -> bool:
    """Whether a name is a known town's followed by one or two compass words ("derby
    north", "leeds north east").

    Where the model calls the name a person's, the town must be a British one or a city
    of 100,000 or more (a constituency's): a small foreign town's name is also a first
    name ("Lobatse West" is a singer).
    """
    end = len(words)
    while end > 0 and len(words) - end < 2 and words[end - 1] in _COMPASS_WORDS:
        end -= 1
    if not 0 < end < len(words):
        return False
    town = places().get(" ".join(words[:end]))
    if town is None:
        return False
    return not person_label or (
        "united kingdom" in town.parents or town.population >= _CONSTITUENCY_TOWN
    )


# The smallest town whose name and a compass word are a constituency's, whatever the
# model calls them (below it, and outside Britain, a person's name is likelier).
_CONSTITUENCY_TOWN = 100_000


# Nouns before "of" that name a building or a monument ("the Palace of Kestrel"); not a
# church, which names its denomination too ("Church of Kestrel").
_BUILDING_HEADS = frozenset({"statue", "tower", "palace", "castle", "cathedral", "abbey"})
# Lowercase words after a name that make it a building ("London's Kestrel Cross station").
_FACILITY_WORDS_AFTER = frozenset(
    {"station", "airport", "stadium", "hotel", "cinema", "theatre", "prison", "hospital",
     "museum", "arena", "cathedral"}
)  # fmt: skip
# Last words of a broadcaster's name, whose "station" is no building ("Kestrel FM station").
_BROADCAST_WORDS = frozenset({"radio", "fm", "am", "tv", "television"})


def _facility_word_after(doc: Doc, span: Span, rules: EntityRules) -> str:
    """A building's word in lowercase right after a name that no gazetteer knows as a
    place ("Kestrel Cross station", not "Leeds station": the town keeps its type), nor
    a broadcaster's or an organization's by its last word, nor a word that describes a
    name after it; or ""."""
    if span.end >= len(doc):
        return ""
    after = doc[span.end]
    if not after.is_lower or after.lower_ not in _FACILITY_WORDS_AFTER:
        return ""
    if span.end + 1 < len(doc) and doc[span.end + 1].is_title:
        return ""  # "Norvik station Kestrel FM": the word describes the name after it
    last = span[-1].lower_
    if last in _BROADCAST_WORDS or last in rules.organization_suffixes or span[-1].like_num:
        return ""
    return "" if name_key(span.text) in places() else after.text


def _player_on_a_sheet(
    doc: Doc, span: Span, types: Collection[str], lines: tuple[tuple[int, int], ...]
) -> bool:
    """Whether a name that may be a person's stands as a player on one of the team sheet
    ``lines`` (ingest/team_sheets.py), and names no country ("France" in a list of sides)."""
    return (
        "Person" in types
        and not is_country_or_larger([span.text])
        and player_on_team_sheet(doc, span, lines)
    )


def _unknown_place_after_a_nation(doc: Doc, span: Span, label: str, key: str) -> bool:
    """Whether a name of two or more words that the model calls a place or a building, and
    no gazetteer knows as a place, follows a country's possessive ("Norvia's Talo Harwin"),
    not after "at" or "in" ("at France's Kestrel Park": a venue)."""
    if len(span) < 2 or label not in ("GPE", "LOC", "FAC") or key in places():
        return False
    if span.start < 2 or doc[span.start - 1].tag_ != "POS":
        return False
    owner = doc[span.start - 2]
    if owner.i > 0 and doc[owner.i - 1].lower_ in ("at", "in"):
        return False
    return owner.ent_type_ == "GPE" and is_country_or_larger([owner.text])


def _first_name_and_one_word(key: str, rules: EntityRules) -> bool:
    """Whether a name is a common first name and one word more: the model's person ("Jude
    Law", "Wayne Bridge") whose last word other names end in ("Press Law", "Kestrel
    Bridge"). Not a plural ("Alton Towers") nor an event's word ("the Dawn and Drew Show"),
    which surnames seldom are."""
    words = key.split()
    return (
        len(words) == 2
        and words[0] in first_names()
        and words[0] not in place_names()
        and not words[1].endswith("s")
        and words[1] not in rules.event_suffixes
    )


def _ends_in_title_word(key: str, entity_type: str, rules: EntityRules) -> bool:
    """The name ends in a word only its type ends in ("... Prize" for an award, "... Report"
    for a document), or is an award's own name ("Oscar", "Golden Globes")."""
    if entity_type == "Award":
        last = key.rsplit(" ", 1)[-1]
        # not a word competitions end in too: "the Kestrel Vans Trophy" may be a cup's name
        return (last in rules.award_words and last not in rules.event_suffixes) or (
            key in rules.award_names
        )
    return key.rsplit(" ", 1)[-1] in rules.document_suffixes


def _work_of_a_nominee(doc: Doc, span: Span) -> str:
    """Where a name stands as the work a nominee or winner is named for, in a document about
    films or shows: "in brackets after" a person's name ("Best actress: Ann Tolley (Kestrel
    Lane)") or "after 'for' and" one ("Tom Hale for Kestrel Lane"); "" when it does not. In
    sport the same brackets give a player's club, and elsewhere a person's employer or party.
    """
    if (
        alone_in_brackets(doc, span.start, span.end)
        and doc[span.end].text == ")"
        and doc[span.start - 2].ent_type_ == "PERSON"
    ):
        return "in brackets after"
    if (
        span.start >= 2
        and doc[span.start - 1].lower_ == "for"
        and doc[span.start - 2].ent_type_ == "PERSON"
    ):
        return "after 'for' and"
    if _owns_a_winner(doc, span.end):
        return "'s before"
    return ""


# What a winner is named best at, in an awards list ("was named best director").
_AWARD_ROLES = frozenset(
    {"director", "actor", "actress", "supporting", "newcomer", "performer", "screenplay"}
)


def _owns_a_winner(doc: Doc, end: int) -> bool:
    """Whether a possessive after a name owns a person the clause names best at a craft:
    "Kestrel Lane's Ann Tolley was named best director", the work she won for."""
    if end + 1 >= len(doc) or doc[end].tag_ != "POS" or doc[end + 1].ent_type_ != "PERSON":
        return False
    i = end + 2
    while i < len(doc) and doc[i].ent_iob_ == "I" and doc[i].ent_type_ == "PERSON":
        i += 1
    window = doc[i : i + 5]
    return any(
        token.lower_ == "best"
        and token.i + 1 < len(doc)
        and doc[token.i + 1].lower_ in _AWARD_ROLES
        for token in window
    )


def _screen_work_evidence(
    doc: Doc,
    span: Span,
    label: str,
    appositive: Token | None,
    person_cue: bool,
    facts: DocFacts,
    rules: EntityRules,
    evidence: Evidence,
) -> None:
    """Votes that make a name a film or a programme: a word for such works before it or in
    apposition ("TV show Kestrel Lane", "Kestrel Lane, the BBC comedy"), its channel in
    brackets after it ("Kestrel Lane (BBC Three)") or after "on" ("Kestrel Hour on Radio
    1"). Each cue opens with ``SCREEN_WORK``, which the relation step reads."""
    hosted = presenter_of_before(doc, span.start)
    if screen_word := _screen_word_before(doc, span.start, rules):
        evidence.add("Publication", ORGANIZATION_WORD + 1, f"{SCREEN_WORK}after '{screen_word}'")
    elif starred := _starred_in(doc, span, facts.screen and not facts.sport):
        evidence.add("Publication", ORGANIZATION_WORD + 1, f"{SCREEN_WORK}after '{starred}'")
    elif appositive is not None and appositive.lower_ in rules.screen_descriptors:
        evidence.add(
            "Publication", ORGANIZATION_WORD + 1, f"{SCREEN_WORK}'{appositive.text}' in apposition"
        )
    if channel := _channel_in_brackets(doc, span.end, rules):
        evidence.add("Publication", DESCRIPTOR + 1, f"{SCREEN_WORK}'({channel})' after it")
    elif (
        # not a name the model calls a person ("1Xtra's Kay Dee", "the BBC's Robinson": its
        # presenters) unless a programme's word ends it ("the BBC's Westminster Hour")
        (label != "PERSON" or span[-1].lower_ in _PROGRAMME_WORDS)
        and span[-1].lower_ not in rules.event_suffixes  # "the BBC's Olympics coverage"
        and (channel := _channel_possessive(doc, span.start, rules))
    ):
        evidence.add("Publication", DESCRIPTOR + 1, f"{SCREEN_WORK}after '{channel}'s'")
    elif (
        (len(span) >= 2 or hosted)
        and not person_cue
        and (channel := _channel_after_on(doc, span.end, rules))
    ):
        # a name of one word may be a guest's: "an interview with Blair on BBC One"; not
        # after "host of", where the channel's show outweighs an employer's post
        weight = DESCRIPTOR + 2 if hosted else DESCRIPTOR
        evidence.add("Publication", weight, f"{SCREEN_WORK}'on {channel}' after it")


# The model's labels a numbered title may get in place of a work's or a product's.
_NUMBERED_TITLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "LAW", "FAC", "NORP"})


def _numbered_title(span: Span, key: str, facts: DocFacts, rules: EntityRules) -> bool:
    """Whether a name is a title with a number after its words ("Kestrel Quest 2", "Norvik
    Rally 2005"): not a channel ("Channel 4", "Radio 1"), and not a word the story writes
    in lowercase before a number ("Year 9", "No 10", "Top 40"), which is no title."""
    if len(span) < 2 or not span[0].is_title or key in rules.channels:
        return False
    number = span[-1].text
    if not (number.isascii() and number.isdigit() and len(number) <= 4):
        return False
    words = key.rsplit(" ", 1)[0]
    return " " in words or "-" in words or words not in facts.lowercase


# Words right before a game's name in a story about games ("the game Kestrel Quest",
# "PlayStation 2 title Kestrel Quest", "classics such as Kestrel Quest").
_GAME_WORDS = frozenset({"game", "games", "title", "titles", "classic", "classics", "sequel"})
# The things an apposition may say a name is, that are products ("Kestrel, a handheld
# console"); "system" only after "operating".
_PRODUCT_KINDS = frozenset(
    {"console", "game", "videogame", "handset", "smartphone", "browser", "supercomputer",
     "system", "gadget", "robot", "processor", "chip", "camcorder", "jukebox"}
)  # fmt: skip


def _product_in_apposition(doc: Doc, span: Span) -> str:
    """The kind of product an apposition after a name calls it ("Kestrel, a powerful
    gaming console", "Norvik, the operating system"), or "": a comma, an article, up to
    four lowercase words, and a product's word ending the phrase (not "Kestrel, the
    game's developer", "the console maker"), which is no subject of what follows ("At
    Kestrel, the robot had to ...")."""
    i = span.end
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in ("a", "an", "the"):
        return ""
    for j in range(i + 2, min(i + 7, len(doc))):
        word = doc[j]
        if not (word.is_lower or word.text == "-"):
            return ""
        if word.lower_ in _PRODUCT_KINDS and word.pos_ == "NOUN":
            after = doc[j + 1] if j + 1 < len(doc) else None
            if after is not None and (after.tag_ == "POS" or after.pos_ == "NOUN"):
                return ""
            if word.dep_ in ("nsubj", "nsubjpass"):
                return ""  # "At the Kestrel Museum, the robot had to ...": the clause's subject
            if word.lower_ == "system" and doc[j - 1].lower_ != "operating":
                return ""
            return word.lower_ if word.lower_ != "system" else "operating system"
    return ""


def _game_word_before(doc: Doc, start: int) -> str:
    """A game word before a name, or before its article or "such as"/"like", or ""; for a
    later item of a list, before the list's first item ("classics such as Kestrel Quest,
    Norvik Rally and X": the items of a list are of one kind)."""
    if start > 0 and doc[start - 1].lower_ in ("and", "or", ","):
        start = list_start(doc, start) or start
    i = start - 1
    if i > 0 and doc[i].lower_ in ("the", "like"):
        i -= 1
    elif i > 1 and doc[i].lower_ == "as" and doc[i - 1].lower_ == "such":
        i -= 2
    if i >= 0 and doc[i].lower_ in _GAME_WORDS and doc[i].pos_ == "NOUN":
        return doc[i].text
    return ""


# Last words of events' names that end game makers' names too ("Kestrel Games").
_GAME_MAKERS_WORDS = frozenset({"games"})

_VENUE_AND_EVENT_WORDS = frozenset(
    {"theatre", "theater", "cinema", "hall", "hotel", "festival", "awards", "ceremony", "club"}
)


def _film_after_a_capital_the(
    doc: Doc, span: Span, label: str, key: str, bands: bool = False
) -> bool:
    """Whether a name follows a capitalized "The" (or "A") inside a sentence, in a story
    about films ("won for The Long Road"): a title. Not a place ("The Hague"), a person's
    name, an owner, nor a plural where the story speaks of records too (a band, "The
    Kestrels"). A capital "A" names no owner, so a title may own its director ("directed
    by A Long Road's Tom Hale"); not after a capitalized word ("Plan A", "Group A")."""
    articles = ("The", "A", "An")
    start = span.start + 1 if span[0].text in articles and len(span) > 1 else span.start
    if start < 2 or doc[start - 1].text not in articles:
        return False
    article, before = doc[start - 1], doc[start - 2]
    if label == "NORP" or (label == "PERSON" and article.text == "The"):
        return False  # a people, or a person after "The" (no person's name follows "A")
    if article.is_sent_start or before.is_space or before.is_quote or before.text in ".!?:-":
        return False
    if before.lower_ == "at" or span[-1].lower_ in _VENUE_AND_EVENT_WORDS:
        return False  # "at The Savoy", "The Kestrel Film Festival": a venue, an event
    if article.text != "The" and (before.is_title or before.is_upper):
        return False
    after = doc[span.end] if span.end < len(doc) else None
    return (
        key not in places()
        and not (bands and span[-1].lower_.endswith("s"))
        and not (article.text == "The" and after is not None and after.tag_ == "POS")
    )


# Verbs of acting in a work: "starred in Kestrel Lane", "co-stars in The Long Road".
_STARRING = frozenset({"starred", "stars", "starring", "star", "co-starred", "co-stars"})
# A performer's part before "in" and a work ("her role in Kestrel Lane"), read in a story
# about films or programmes only (elsewhere "his role in Kestrel's rescue").
_PARTS = frozenset({"role", "roles", "performance", "performances", "cameo", "cameos"})


# Verbs of publishing whose past participle, with "by" after it, follows a work's title.
_PUBLISHED = frozenset({"publish", "issue", "compile", "write", "author", "commission"})


def _published_by_after(doc: Doc, span: Span) -> str:
    """ "published by" (or "issued by", ...) right after a name or after its comma, the
    participle hanging on the name ("Growing Pains, published by the Kestrel Trust"), or ""."""
    i = span.end + 1 if span.end < len(doc) and doc[span.end].text == "," else span.end
    if i + 1 >= len(doc) or doc[i + 1].lower_ != "by":
        return ""
    verb = doc[i]
    if verb.tag_ != "VBN" or verb.lemma_.lower() not in _PUBLISHED:
        return ""
    return verb.text if span.start <= verb.head.i < span.end else ""


def _starred_in(doc: Doc, span: Span, screen: bool) -> str:
    """ "starred in" (or "stars in") right before a name that is no place and modifies
    nothing after it ("starred in London's West End", "starred in Leeds' win", "to star
    in a Broadway play" are not works). In a story about films or programmes (``screen``)
    a performer's part before "in" says so too ("his role in Kestrel Lane")."""
    i = span.start - 1
    if i > 0 and (doc[i].lower_ in DETERMINERS or doc[i].is_quote):
        i -= 1
    if i > 1 and doc[i].tag_ == "POS" and doc[i - 1].pos_ == "PROPN":
        # "starred in Jane Roe's The Long Road": the director's film (not "the stars in
        # London's Leicester Square": a place's possessive says where)
        owner_end = i
        i -= 1
        while i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text == "-"):
            i -= 1
        if name_key(doc[i:owner_end].text) in places():
            return ""
        i -= 1
    if i < 1 or doc[i].lower_ != "in":
        return ""
    if not (doc[i - 1].lower_ in _STARRING or (screen and doc[i - 1].lower_ in _PARTS)):
        return ""
    after = doc[span.end] if span.end < len(doc) else None
    modifies = after is not None and (
        after.tag_ == "POS" or (after.is_lower and after.pos_ in ("NOUN", "VERB"))
    )
    if modifies or name_key(span.text) in places():
        return ""
    return f"{doc[i - 1].text} in"


# Times whose possessive names an occasion after it ("last year's X", "January's X").
_TIMES = MONTHS | frozenset(
    {"year", "season", "month", "week", "weekend", "summer", "winter", "spring", "autumn"}
)


def _after_a_times_possessive(doc: Doc, span: Span, rules: EntityRules) -> bool:
    """Whether a time's possessive stands right before the name ("last year's X")."""
    start = span.start
    if start < 2 or doc[start - 1].tag_ != "POS" or doc[start - 2].ent_type_ != "DATE":
        return False
    time = doc[start - 2].lower_
    if time in _TIMES:
        return True
    # A day's possessive names an occasion only when the name stands alone: "Sunday's
    # Kestrel Times" is that day's newspaper, "Friday's Kestrel Cup match" a match the name
    # modifies.
    if time not in WEEKDAYS or span[-1].lower_ in rules.newspaper_words:
        return False
    after = doc[span.end] if span.end < len(doc) else None
    return after is None or after.pos_ in ("PUNCT", "ADP", "CCONJ")


def _subject_after_a_phrase(doc: Doc, word: Token, span: Span) -> bool:
    """Whether a comma parts the descriptor from the name and the name is the subject of
    the clause after it ("In its report, Kestrel said"), not the descriptor renamed ("his
    book, The Long Road, is ...")."""
    return (
        any(t.text == "," for t in doc[word.i + 1 : span.start])
        and span.root.dep_ in ("nsubj", "nsubjpass")
        and span.end < len(doc)
        and doc[span.end].pos_ in ("VERB", "AUX")  # "In its report, Growing Pains, the ..."
    )


def _screen_word_before(doc: Doc, start: int, rules: EntityRules) -> str:
    """A word for films or programmes right before a name, or before its article or
    opening quote ("TV show Kestrel Lane", "the film 'Kestrel'"), or ""."""
    i = start - 1
    if i > 0 and (doc[i].lower_ in DETERMINERS or doc[i].is_quote):
        i -= 1
    if (
        i >= 0
        and doc[i].lower_ in rules.screen_descriptors
        and (doc[i].pos_ in ("NOUN", "PROPN") or _read_as_an_adjective(doc[i]))
    ):
        return doc[i].text
    if i > 0 and doc[i].lower_ in ("hit", "hits") and doc[i - 1].lower_ in _SCREENS:
        return f"{doc[i - 1].text} {doc[i].text}"  # "the US television hit Kestrel Lane"
    if i > 0 and doc[i].lower_ == "feature" and doc[i - 1].lower_ in _KINDS_OF_FEATURE:
        return f"{doc[i - 1].text} {doc[i].text}"  # "the animated feature Kestrel Lane"
    return ""


# Words for shows the parser reads as adjectives before a title ("the hit musical Kestrel
# Nova").
_READ_AS_ADJECTIVES = frozenset({"musical"})


def _read_as_an_adjective(word: Token) -> bool:
    """Whether ``word`` is a show's word the parser read as an adjective of the name after
    it: one of ``_READ_AS_ADJECTIVES`` whose head is a proper noun, not one in the
    possessive before a common noun ("a musical Kestrel's cube": an adjective)."""
    head = word.head
    return word.lower_ in _READ_AS_ADJECTIVES and head.pos_ == "PROPN" and head.dep_ != "poss"


# Words before "feature" that make it a film ("an animated feature"; not "a new feature",
# which may be a product's).
_KINDS_OF_FEATURE = frozenset({"animated", "documentary"})


# Words before "hit" that make the hit a programme or a film ("a cult TV hit").
_SCREENS = frozenset({"television", "tv", "box-office", "screen"})


def _channel_in_brackets(doc: Doc, end: int, rules: EntityRules) -> str:
    """The channel or station named alone in brackets right after a name, or ""."""
    if end >= len(doc) or doc[end].text != "(":
        return ""
    for close in range(end + 2, min(len(doc), end + 6)):
        if doc[close].text == ")":
            inside = doc[end + 1 : close].text
            return inside if name_key(inside) in rules.channels else ""
    return ""


def _channel_possessive(doc: Doc, start: int, rules: EntityRules) -> str:
    """The channel or station whose possessive stands right before a name ("BBC Two's
    Kestrel Night", "the BBC's Kestrel Hour", "Sky News' Kestrel Hour"), or ""."""
    if start < 2 or not (doc[start - 1].tag_ == "POS" or plural_possessive(doc, start - 1)):
        return ""
    for width in (1, 2, 3):
        if start - 1 - width < 0:
            break
        words = doc[start - 1 - width : start - 1].text
        if name_key(words) in rules.channels:
            return words
    return ""


def _channel_after_on(doc: Doc, end: int, rules: EntityRules) -> str:
    """The channel or station named right after "on" after a name ("on Radio 1"), or ""."""
    if end + 1 >= len(doc) or doc[end].lower_ != "on":
        return ""
    for stop in range(min(len(doc), end + 5), end + 1, -1):
        words = doc[end + 1 : stop].text
        if name_key(words) in rules.channels:
            return words
    return ""


# Last words of programmes' names ("Kestrel Hour", "Kestrel Tonight").
_PROGRAMME_WORDS = frozenset(
    {"hour", "show", "programme", "tonight", "today", "live", "news", "night", "week", "review"}
)


def _subject_of_the_next_clause(noun: Token) -> bool:
    """Whether a noun after a name and a comma opens the next clause as its subject, with
    its own article ("Featuring Jane Roe, the song was a hit"), rather than standing in
    apposition to the name; a noun the name's words run into ("Make Love, Not Spam
    campaign began") is the name's own."""
    return noun.dep_ in ("nsubj", "nsubjpass") and any(
        child.dep_ == "det" for child in noun.children
    )


# The publication descriptors that name a record, not a document or a book.
_RECORDS = frozenset({"album", "single", "ep", "song"})
# Who writes a work: "author of X" names a work (and "authors of X" too).
_AUTHORS = AUTHORS | {"authors"}
# Nouns for a part of a programme or a publication: "an episode of Kestrel Lane".
_PARTS_OF_WORKS = frozenset({"episode", "episodes", "instalment", "instalments"})
# Nouns whose "of" names a work: "the author of X", "an episode of X".
_OF_A_WORK = _AUTHORS | _PARTS_OF_WORKS
# Verbs of writing a work: "wrote Kestrel Years", "penned The Silent Harbour".
_WRITING_VERBS = frozenset({"write", "pen", "co-write", "author", "co-author"})


def _plain_name_after_an_age(doc: Doc, span: Span, rules: EntityRules) -> bool:
    """ "Ten-year-old Jane Roe": an age written before a plain name is a person's.

    A brewery, a theatre or a club has an age too ("the 150-year-old Kestrel Brewery"),
    and a player's age stands before the side's name ("the 22-year-old Kestrel United
    striker"): the name must be two or three capitalized words, no place and no listed
    company, and not end in a word that names an organization, a building, a place or
    an event.
    """
    start = span.start
    if start < 5 or not (2 <= len(span) <= 3):
        return False
    age, hyphen, year, hyphen2, old = doc[start - 5 : start]
    if not (
        old.lower_ == "old"
        and hyphen.text == hyphen2.text == "-"
        and year.lower_ in ("year", "years")
        and age.like_num
    ):
        return False
    if span.end < len(doc) and doc[span.end].is_lower and doc[span.end].pos_ == "NOUN":
        return False  # "the 22-year-old Norvik Town striker": the player's side
    last = span[-1].lower_
    return (
        all(t.is_title and t.is_alpha for t in span)
        and last not in rules.kind_suffixes
        and last not in rules.designators
        and name_key(span.text) not in listed_companies()
        and name_key(span.text) not in places()
    )


def _opened_by_the(doc: Doc, span: Span, capital: bool = False) -> bool:
    """Whether "the" (with ``capital``, "The" only) opens the name or stands right before
    it, where the model leaves it out of the span."""

    def is_the(token: Token) -> bool:
        return token.text == "The" if capital else token.lower_ == "the"

    return is_the(span[0]) or (span.start > 0 and is_the(doc[span.start - 1]))


def _plural_name_after_the(doc: Doc, span: Span) -> bool:
    """Whether a name of one to three words ending in "s" follows "the" ("the Harriers",
    "The Blues"), the article inside the span or right before it, and heads its phrase
    (not "the Atkins diet", where a surname names the diet)."""
    words = [t for t in span if t.lower_ != "the"]
    modifier = span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN")
    return (
        _opened_by_the(doc, span)
        and not modifier
        and 1 <= len(words) <= 3
        and all(t.is_title for t in words)
        and words[-1].text.endswith("s")
        and not words[-1].text.endswith("ss")
    )


def _work_cue_before(doc: Doc, span: Span) -> str:
    """The words before a name (and its "The") that say someone wrote it ("author of",
    "wrote", "penned") or that it is a programme or a song ("an episode of", "the video
    for"); or "". A name opening with a first name is a person's ("wrote Tom Hale a
    letter")."""
    start = span.start
    if start > 0 and doc[start - 1].text == "The":
        start -= 1  # the title's own article, trimmed from the span
    if start < 1 or (start == span.start and span[0].lower_ in first_names()):
        return ""  # after "The", "Long" opens no person's name ("wrote The Long Road")
    before = doc[start - 1]
    if before.lower_ == "of" and start > 1 and doc[start - 2].lower_ in _OF_A_WORK:
        return f"{doc[start - 2].text} of"  # "author of", "an episode of"
    if before.lower_ == "for" and start > 1 and doc[start - 2].lower_ in ("video", "videos"):
        return f"{doc[start - 2].text} for"  # "best video for Kestrel Lane": a song
    written_to = span.end < len(doc) and doc[span.end].lower_ in ("a", "an")
    if before.pos_ == "VERB" and before.lemma_ in _WRITING_VERBS and not written_to:
        return before.text  # not "wrote Kestrel a letter", written to
    return ""


# Words of a story about books: a title after its author's possessive is the author's.
_BOOK_WORDS = frozenset(
    {"book", "books", "novel", "novels", "novelist", "author", "authors", "fiction", "memoir",
     "biography", "autobiography", "publisher", "publishers", "poetry", "poems", "literary"}
)  # fmt: skip


# Words of a story about records or games: a title in it is a song, an album or a game.
_RECORD_STORY_WORDS = frozenset(
    {"album", "albums", "single", "singles", "song", "songs", "band", "bands", "singer",
     "singers", "songwriter", "rapper", "guitarist", "gig", "gigs", "concert", "concerts",
     "performances"}
)  # fmt: skip
_GAME_STORY_WORDS = frozenset({"game", "games", "gamers", "gaming", "console", "consoles"})


def _band_before_its_musician(doc: Doc, span: Span, key: str, rules: EntityRules) -> bool:
    """Whether a person's name follows the name's possessive, the name being no company's:
    no company's word ends it ("Kestrel Records' Jane Roe"), and it is no listed company,
    broadcaster or channel ("EMI's Jane Roe" works for the label)."""
    end = span.end
    if end + 1 >= len(doc) or doc[end].tag_ != "POS" or not opens_person_name(doc, end + 1):
        return False
    last = key.rsplit(" ", 1)[-1]
    return not (
        last in rules.organization_suffixes
        or last in rules.screen_company_words
        or key in listed_companies()
        or key in rules.broadcasters
        or key in rules.channels
        or name_key(span.text) in places()
    )


def _unissued_works_mark(screen: bool, records_or_games: bool) -> str:
    """The mark of a work no one issues (``SCREEN_WORK`` or ``RECORDING``) for a document
    about films, records or games, else ""."""
    if screen:
        return SCREEN_WORK
    return RECORDING if records_or_games else ""


def _title_after_a_persons_possessive(doc: Doc, span: Span) -> bool:
    """Whether the name opens with "The" right after a person's possessive ("Tom Hale's
    The Silent Harbour"; the "The" may have been trimmed off the span)."""
    the = span.start if doc[span.start].text == "The" else span.start - 1
    return span.end - the >= 2 and the_after_a_persons_possessive(doc, the)


def _plain_title_after_a_persons_possessive(
    doc: Doc, span: Span, key: str, rules: EntityRules
) -> bool:
    """Whether a name of two words or more stands right after the possessive of a person
    named in full ("Tom Hale's Silver Water Nights"; not "Kestrel's Jane Roe", nor after
    one word the model took for a person's name) with no first name of its own, no body's
    word ("Tom Hale's Kestrel Studios"), and is no listed company and no place."""
    start = span.start
    words = key.split()
    return (
        len(words) >= 2
        and after_a_persons_possessive(doc, start)
        and doc[start - 2].ent_iob_ == "I"
        and words[0] not in first_names()
        and not any(
            word in rules.organization_suffixes or word in rules.screen_company_words
            for word in words
        )
        and key not in listed_companies()
        and key not in places()
    )


# Pronouns that stand for a person, never for a company or a place.
_PERSONAL_PRONOUNS = frozenset({"he", "his", "him", "himself", "she", "her", "herself"})
# A pronoun that stands for a thing: an organization's, never a person's.
_ORGANIZATION_PRONOUNS = frozenset({"its", "itself"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})


def _initials_cue(text: str) -> str:
    """The cue of a person's name written with an initial, or "": "C Tolley (Kestrel
    Sharks), H Okafor (Leicester)" on a team sheet (not "S Korea"), "played Hunter S
    Thompson"."""
    if _INITIAL_AND_SURNAME.fullmatch(text) and text[0] not in _COMPASS_INITIALS:
        return "an initial and a surname"
    if _MIDDLE_INITIAL.fullmatch(text):
        return "a middle initial"
    return ""


def _named_by_nation(doc: Doc, span: Span, sport: bool) -> bool:
    """Whether a mention is "the" or "a" and a nation's word ("the Spaniard", "The
    Belgian", "the 25-year-old Briton", "a Briton", "the New Zealander"), which a story
    uses for a person it names or leaves unnamed: a surname ("Dawn French") takes no
    article. A nation's people in the plural are one with "the" or without ("two
    Britons"), except in a story about sport, where "the Scots" are the side; so are those
    of two words ("Sri Lankans")."""
    if people_of_a_nation(span.text):
        return not sport
    if len(span) > 2 or not one_of_a_nation(span.text):
        return False
    key = name_key(span.text)
    if key in NATIONAL_NOUNS and (key.endswith("man") or key in ("spaniard", "briton")):
        return True  # "the striker's Dutchman's touch": a word no one is named
    i = span.start - 1
    while i >= max(0, span.start - 6) and (
        doc[i].pos_ in ("ADJ", "NUM") or doc[i].text in ("-", "year", "old")
    ):
        i -= 1  # "the 25-year-old Briton", "the big Welshman"
    return i >= 0 and doc[i].lower_ in ("the", "a", "an")  # "including a Briton"


def _own_pronoun(doc: Doc, span: Span, pronouns: frozenset[str] = _PERSONAL_PRONOUNS) -> str:
    """A pronoun of ``pronouns`` later in the clause a one-word name is the subject of,
    with no other name between them ("Holt sent envoys abroad in his second year"), or
    ""."""
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return ""
    for token in doc[span.end : min(span.sent.end, span.end + 12)]:
        if token.pos_ == "PROPN" or token.ent_type_ in _NAME_LABELS or token.text in (";", ":"):
            return ""  # another name may be the one the pronoun stands for
        if token.lower_ in pronouns:
            return token.text
    return ""


def _hyphened_to_no_first_name(span: Span) -> bool:
    """Whether a name opens with a word joined by a hyphen to one that is no first name
    ("Tri-Nations"), not to another first name ("Jean-Claude Hale"): the tokenizer cuts
    the two apart, and the first alone may be in the list of first names."""
    return (
        len(span) >= 3
        and span[1].text == "-"
        and not span[0].whitespace_
        and not span[1].whitespace_
        and span[2].lower_ not in first_names()
    )


def person_evidence(doc: Doc, span: Span, evidence: Evidence, rules: EntityRules) -> None:
    """An honorific, title or role around a name, weighted by how sure it is.

    "Mr", "Dr" say a person; "President", "analyst" nearly so; "former",
    "state" or "chief" before a name say little ("former Kestrel boss").
    """
    start, end = span.start, span.end
    if title_before(doc, start, rules):
        word = strip_word(doc[start - 1].text)
        if is_honorific(doc[start - 1].text):
            evidence.add("Person", HONORIFIC, f"honorific '{doc[start - 1].text}'")
        elif word not in _WEAK_TITLES:
            evidence.add("Person", PERSON_TITLE, f"title '{doc[start - 1].text}'")
        elif word in ("executive", "officer") and start > 1 and doc[start - 2].lower_ == "chief":
            # "chief executive Jane Roe": the whole title says a person
            evidence.add("Person", PERSON_TITLE, f"title 'chief {doc[start - 1].text}'")
    elif player_word_before(doc, start, rules):
        # "Barcelona star Ronaldinho", "Hollywood star X": a name after a name and "star"
        word = f"{doc[start - 2].text} {doc[start - 1].text}"
        evidence.add("Person", PERSON_TITLE, f"'{word}' before it")
    elif (
        end + 1 < len(doc)
        and doc[end].text == ","
        and not (start > 0 and doc[start - 1].text == "(")
    ):
        # not "Tom Hale (Kestrel Sharks, capt)": the role is the player's, the club his
        i = end + 1
        if doc[i].lower_ in DETERMINERS and i + 1 < len(doc):
            i += 1
        if strip_word(doc[i].text) not in _WEAK_TITLES:
            evidence.add("Person", ROLE, f"role '{doc[i].text}' after it")


# A one-word name only the model's label calls a person, in a document that names no
# person with that surname: news introduces people by their full names, so such a word
# is more often a company or a brand ("GlaxoSmithKline saw its profits fall"). Only in
# a document long enough to introduce its people (a lone sentence, a snippet, does not).
LONE_WORD = 1.5
LONE_WORD_MIN_SENTENCES = 8
# The types of made things and happenings: a product, a work, an event, an award, a site.
_THINGS = frozenset({"Product", "Publication", "Event", "Award", "Facility"})


def lone_word_evidence(candidates: list[Candidate], facts: DocFacts, ontology: Ontology) -> None:
    """Add an organization vote to one-word person names with no first name, no title
    and no full name in the document; not in documents about sport, where players go by
    one name ("Ronaldo"), nor to a name whose other mentions' context says it is a thing
    of another kind (a product, a work, an event)."""
    if (
        facts.sport
        or facts.sentences < LONE_WORD_MIN_SENTENCES
        or "Organization" not in ontology.entity_types
    ):
        return
    surnames = {
        c.key.rsplit(" ", 1)[-1]
        for c in candidates
        if " " in c.key and ontology.has_trait(c.type, "person")
    }
    # "its drug Vantor ... sales of Vantor": a name another mention's context
    # says is a made thing or a happening needs no fallback on the mentions that say nothing
    # (a place's cues, "in Vantor", are too weak to tell).
    things = {
        c.key
        for c in candidates
        if c.evidence is not None
        and any(value and t in _THINGS for t, value in c.evidence.votes.items())
    }
    for candidate in candidates:
        if (
            candidate.evidence is not None
            and not candidate.fixed
            and not candidate.person_cue
            and " " not in candidate.key
            and ontology.has_trait(candidate.type, "person")
            and candidate.key not in surnames
            and candidate.key not in things
            and candidate.key not in first_names()
            and not candidate.evidence.votes.get("Person")
            and not any(candidate.evidence.names.values())  # no word of the name says a type
        ):
            candidate.evidence.add("Organization", LONE_WORD, LONE_WORD_CUE)


def surname_evidence(candidates: list[Candidate], facts: DocFacts, ontology: Ontology) -> None:
    """Add a person vote to a one-word name that is the surname of a person the document
    names in full, with a first name or a title, and never as anything else ("Marco
    Varnese ... Varnese has directed"), which the model may have taken for a people's name,
    a work's or a place's. Not for a word that names a place, a nation or a listed
    company ("Jackson", "Ford"), nor a name whose own words say its type; and a name the
    model calls an organization only in a story about sport, where players go by their
    surnames: elsewhere it is as often a firm named after its founder ("Tom Hale" and
    "Hale", his company)."""
    if "Person" not in ontology.entity_types:
        return
    # Full names every mention of which is a person's, with a first name or a title.
    not_people = {c.key for c in candidates if not ontology.has_trait(c.type, "person")}
    surnames = {
        c.key.rsplit(" ", 1)[-1]
        for c in candidates
        if " " in c.key
        and c.key not in not_people
        and (c.person_cue or c.key.split(" ", 1)[0] in first_names())
    }
    for candidate in candidates:
        key = candidate.key
        if (
            key in surnames
            and candidate.evidence is not None
            and not candidate.fixed
            and (facts.sport or candidate.type != "Organization")
            and not any(candidate.evidence.names.values())
            and key not in places()
            and key not in listed_companies()
            and not nationality_adjective(candidate.name)
        ):
            if not candidate.evidence.votes:
                if not ontology.has_trait(candidate.type, "person"):
                    candidate.evidence.add("Person", ROLE, "the surname of a person named in full")
            elif _only_after_team_words(candidate.evidence):
                # "lost to Hale" where the story names Tom Hale: the player, not a side
                _drop_votes(candidate.evidence)
                candidate.evidence.add("Person", ROLE, "an opponent named in full elsewhere")


# The opening of the team cue a side gets from the words before it (ingest/team_cues.py).
_TEAM_AFTER = team_cue("after '")


def _only_after_team_words(evidence: Evidence) -> bool:
    """Whether every context vote of a mention says a side only by the words before it
    ("team: after 'lost to'"), the weakest of the team cues."""
    team = [weight for weight, _, cue in evidence.cues if cue.startswith(_TEAM_AFTER)]
    return bool(team) and math.isclose(sum(evidence.votes.values()), sum(team))


def _drop_votes(evidence: Evidence) -> None:
    """Take back a mention's context votes, all of them from the words before it."""
    evidence.votes.clear()
    evidence.cues = [c for c in evidence.cues if not c[2].startswith(_TEAM_AFTER)]


def _screen_work_role(doc: Doc, span: Span, evidence: Evidence, rules: EntityRules) -> str:
    """The role after a name that may be a film's or a show's ("The Long Road star", "Goldeneye
    director"), or after it, "and" and another title ("Kestrel Lane and Winter Roads
    director": the director of both), or "" for a name that says organization
    (``_names_a_company``)."""
    if span.end >= len(doc) or _names_a_company(doc, span, evidence, rules):
        return ""
    i = span.end
    if doc[i].lower_ in ("and", "&"):
        if span[0].ent_type_ == "PERSON":
            return ""  # "Jane Roe and Norwegian writer Tom Hale": two people
        i += 1
        while (
            i < len(doc)
            and i - span.end <= _MAX_TITLE_WORDS
            and doc[i].is_title
            and doc[i].ent_type_ not in ("NORP", "GPE")  # "and Korean writer Tom Hale"
        ):
            i += 1
        if i == span.end + 1 or i >= len(doc):
            return ""
    after = doc[i]
    word = after.lower_
    if word not in rules.screen_work_roles or not after.is_lower or after.pos_ != "NOUN":
        return ""  # not "Jane Roe stars in ...": a verb
    return word


# The most words of a title coordinated with a name before a role ("Winter Roads").
_MAX_TITLE_WORDS = 5


def _names_a_company(doc: Doc, span: Span, evidence: Evidence, rules: EntityRules) -> bool:
    """Whether a name says organization, where the story's words say it may be a work: a
    word of its own that names one (a legal suffix, "Airways"; "Studios", "Council"),
    capitals ("BBC", "MGM"), or the opening of a longer organization's name the document
    tags ("Warner" where it names Warner Brothers)."""
    if evidence.names.get("Organization"):
        return True
    if (
        any(t.is_upper and len(t) > 1 for t in span)
        or span[-1].lower_ in rules.screen_company_words
    ):
        return True
    longer = span.text + " "
    return any(ent.label_ == "ORG" and ent.text.startswith(longer) for ent in doc.ents)
