"""Which cleaned-up mentions are not names at all: junk, common words, joined places.

The model tags page furniture ("Page 3"), generic nouns ("Chamber"), all-caps
headers, stopword runs, and words capitalized only by the sentence or the
heading they start ("Budget carriers", "Conditions"). Each rule here names the
reason it rejects a span, so rejections can be counted and shown; the word
lists and thresholds are data (ingest/entity_rules.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.candidates import Candidate, Rejection, rejection
from threadline.ingest.context_cues import descriptor_before, title_after_modifiers
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.evidence import (
    DEMONYM_ENDINGS,
    country_first_words,
    first_names,
    listed_companies,
    place_names,
)
from threadline.ingest.evidence import places as places_all
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.headlines import WORD
from threadline.ingest.place_check import is_country_or_larger
from threadline.ingest.span_joins import CLOSING_QUOTES, OPENING_QUOTES
from threadline.ingest.untagged_places import place_before_description
from threadline.ingest.work_titles import subtitled
from threadline.names import (
    HYPHENATED_TITLES,
    TITLE_MODIFIERS,
    is_bare_domain,
    is_honorific,
    name_key,
    unify_punctuation,
)

# Company forms that name no company alone (not every form in the legal-suffix table:
# "BT" is one there, and a company here).
_LEGAL_FORMS = frozenset({"ltd", "limited", "inc", "plc", "llc", "corp", "co", "gmbh", "pty"})
# Prefixes that make an adjective of a people's name ("Pan-Asian", "Anti-American").
# ("Non-X" is caught before them as a negated description.)
_ADJECTIVE_PREFIXES = frozenset({"pan", "anti", "pro", "trans", "post", "pre"})
# Initials joined by an ampersand, a company's short name ("AT&T", "P&O").
_AMPERSAND = re.compile(r"[A-Z]{1,4}&[A-Z]{1,4}")


def drop_common_words(
    doc: Doc,
    kept: list[Candidate],
    in_headline: list[bool],
    rejected: list[Rejection],
    rules: EntityRules,
    ontology: Ontology,
    nouns: frozenset[str],
    lowercase: frozenset[str],
) -> tuple[list[Candidate], list[bool]]:
    """A one-word name the same text also uses as a lowercase word is that word (for
    types with the ontology trait ``common_word_checked``: persons too, but not
    nationalities and groups).

    ``lowercase`` holds the words the text writes in lowercase as a noun, verb or
    adjective.

    "Response", "Education", "Relationship" capitalized at the start of a
    line or in a heading, while "response" appears in running text. So is a
    common noun capitalized only at sentence starts or in Title-Case headlines
    when a lowercase noun or "is" follows it ("Budget carriers", "Education is").
    Known places, acronyms, the gazetteer's names and words of a person's full
    name ("Cook" after "Tim Cook") stay.
    """
    person_words = {
        w
        for c in kept
        if ontology.has_trait(c.type, "person") and " " in c.key
        for w in c.key.split()
    }
    # Capitalized only where every word is: at a sentence start or in a Title-Case headline.
    only_initial: dict[str, bool] = {}
    for candidate, head in zip(kept, in_headline, strict=True):
        initial = (_opens_a_sentence(doc, candidate.start) or head) and (
            candidate.end - candidate.start == 1
        )
        only_initial[candidate.key] = only_initial.get(candidate.key, True) and initial
    label_only = _label_only(kept)
    result, heads = [], []
    for candidate, head in zip(kept, in_headline, strict=True):
        one_word = (
            not candidate.fixed
            and candidate.end - candidate.start == 1
            and ontology.has_trait(candidate.type, "common_word_checked")
            and candidate.key not in rules.places
            # "Yorkshire businessman Tom Hale": a county before a resident's word
            and not place_before_description(doc[candidate.start : candidate.end])
            and candidate.key not in person_words
            and not candidate.name.isupper()
        )
        after = doc[candidate.end] if candidate.end < len(doc) else None
        if one_word and candidate.key in lowercase:
            span = doc[candidate.start : candidate.end]
            rejected.append(rejection(span, "common word", label=candidate.type))
            continue
        if (
            one_word
            and candidate.key in TITLE_MODIFIERS
            and only_initial[candidate.key]
            and after is not None
            and after.is_lower
        ):
            # "Shadow foreign secretary Jane Roe": the title's first word at a sentence start
            span = doc[candidate.start : candidate.end]
            rejected.append(rejection(span, "title word", label=candidate.type))
            continue
        if (
            one_word
            and only_initial[candidate.key]
            and label_only[candidate.key]
            and not head  # a heading's word: the heading rules say why it is none
            and not ontology.has_trait(candidate.type, "person")
            and _a_word_of_the_language(doc[candidate.start], nouns)
            # not "Unison's members", nor "Reform MP Tom Hale", a party before a title
            and (after is None or not (after.tag_ == "POS" or after.text[:1].isupper()))
            and candidate.key not in listed_companies()
            and not title_after_modifiers(doc, candidate.end, rules.employer_roles)
        ):
            # "Success here could see ...", "Blisters were a factor": a word of the language
            # that opens every sentence it is in, and nothing but the model's label calls
            # a name (not "Kestrel magazine editor Tom Hale").
            span = doc[candidate.start : candidate.end]
            rejected.append(rejection(span, "common word starting a sentence", candidate.type))
            continue
        if (
            one_word
            and only_initial[candidate.key]
            and candidate.key in nouns
            and after is not None
            # "Kestrel magazine editor Jane Roe": an employer before a title and a name
            and (
                candidate.key in TITLE_MODIFIERS
                or not title_after_modifiers(doc, candidate.end, rules.employer_roles)
            )
            and (
                (after.is_lower and after.pos_ == "NOUN")
                # "Education is a worry for them": a noun as a sentence's subject.
                or (
                    after.is_lower
                    and after.pos_ == "AUX"
                    and not ontology.has_trait(candidate.type, "person")
                    and candidate.key not in listed_companies()
                )
                # "Sugar, plastics and tea": a place no gazetteer knows.
                or (
                    ontology.has_trait(candidate.type, "place")
                    and candidate.key not in places_all()
                )
            )
        ):
            # "Budget carriers", "House prices": a noun capitalized by the sentence.
            span = doc[candidate.start : candidate.end]
            rejected.append(rejection(span, "common word starting a sentence", candidate.type))
            continue
        result.append(candidate)
        heads.append(head)
    return result, heads


def _label_only(kept: list[Candidate]) -> dict[str, bool]:
    """Whether nothing but the model's label types a name, on every mention (no word of the
    name, no context), by the name's key."""
    label_only: dict[str, bool] = {}
    for candidate in kept:
        bare = candidate.evidence is None or not (
            candidate.evidence.votes or candidate.evidence.names
        )
        label_only[candidate.key] = label_only.get(candidate.key, True) and bare
    return label_only


def drop_lone_names_after_the(
    doc: Doc,
    kept: list[Candidate],
    in_headline: list[bool],
    rejected: list[Rejection],
    ontology: Ontology,
) -> tuple[list[Candidate], list[bool]]:
    """A one-word name that only the model's label calls a person and that follows "the"
    on every mention is no person's: "the Hollins report", "moved to the Vasquez" (a
    ground); a surname takes no article. It stays when it is a first name, a word of a
    longer name in the document (its short form: "the Library"), a known place (a place's
    cues weigh there) or a family's name ("the Harwick family", which owns firms), or when
    another vote has come in (the fallback that makes a lone word in a story not about
    sport an organization: "the Herald")."""
    label_only = _label_only(kept)
    # words of the document's longer names, of which a lone word may be the short form
    # ("the Library" after "the British Library")
    name_words = {w for c in kept if " " in c.key for w in c.key.split()}
    after_the: dict[str, bool] = {}
    for candidate in kept:
        the = candidate.start > 0 and doc[candidate.start - 1].lower_ == "the"
        after_the[candidate.key] = after_the.get(candidate.key, True) and the
    result, heads = [], []
    for candidate, head in zip(kept, in_headline, strict=True):
        key = candidate.key
        if (
            not candidate.fixed
            and candidate.end - candidate.start == 1
            and ontology.has_trait(candidate.type, "person")
            and not candidate.person_cue
            and label_only[key]
            and after_the[key]
            and doc[candidate.start].is_title
            and key not in first_names()
            and key not in name_words
            and key not in places_all()
            and not _before_a_family_word(doc, candidate.end)
        ):
            span = doc[candidate.start : candidate.end]
            rejected.append(rejection(span, "a lone name after 'the'", candidate.type))
            continue
        result.append(candidate)
        heads.append(head)
    return result, heads


# Words after a surname that make it a family's name.
_FAMILY_WORDS = frozenset({"family", "families", "clan", "dynasty"})


def _before_a_family_word(doc: Doc, end: int) -> bool:
    """Whether a family's word follows a name ("the Harwick family")."""
    return end < len(doc) and doc[end].lower_ in _FAMILY_WORDS


def _opens_a_sentence(doc: Doc, i: int) -> bool:
    """Whether token ``i`` opens its sentence, after any opening quote or line break the
    parser took for the sentence's first token ('"Blisters were a factor," she said')."""
    while not doc[i].is_sent_start:
        before = doc[i - 1]
        if not (before.is_space or before.text in OPENING_QUOTES):
            return False
        i -= 1
    return True


def _a_word_of_the_language(token: Token, words: frozenset[str]) -> bool:
    """Whether a word is in ``words`` as written, as its lemma or as the singular of a
    plural in "s" ("Blisters": "blister"; the model's lemma of a name is the name)."""
    word = token.lower_
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else ""
    return word in words or token.lemma_.lower() in words or singular in words


def joined_places(name: str, key: str, gazetteer: Gazetteer, ontology: Ontology) -> bool:
    """ "U.S.-China", "Franco-German": places joined by a dash modify a noun; not one place."""
    parts = [p for p in unify_punctuation(name).split("-") if p.strip()]
    if len(parts) < 2 or key in place_names():
        return False
    for part in parts:
        if (
            name_key(part) not in place_names()
            and name_key(part) not in _PLACE_PREFIXES
            and not _gazetteer_place(part, gazetteer, ontology)
        ):
            return False
    return True


def _gazetteer_place(name: str, gazetteer: Gazetteer, ontology: Ontology) -> bool:
    """Whether the gazetteer knows a name as a place ("US", which the city list does not hold)."""
    entry = gazetteer.lookup(name)
    return entry is not None and ontology.has_trait(entry.type, "place")


# Combining forms that stand for a place in a dash-joined adjective ("Sino-US talks").
_PLACE_PREFIXES = frozenset(
    {"sino", "anglo", "franco", "russo", "indo", "euro", "afro", "austro", "italo", "greco",
     "hispano", "luso", "nippo", "germano", "turco", "irano", "arab", "israeli", "soviet"}
)  # fmt: skip


def has_designator(doc: Doc, candidate: Candidate, rules: EntityRules, ontology: Ontology) -> bool:
    """An organization name ending in a designator ("... University", "... Co.")."""
    if not ontology.has_trait(candidate.type, "organization") or " " not in candidate.key:
        return False
    if any(t.tag_ == "POS" for t in doc[candidate.start : candidate.end]):
        return False  # "the Chamber's Relationship": a phrase about a name
    words = candidate.key.split()
    heads = {words[-1]}
    heads.update(words[i - 1] for i, w in enumerate(words) if w in ("of", "for") and i > 0)
    return any(rules.is_generic(h) or h in rules.designators for h in heads)


# Titles whose "of"/"for" phrase names a field of government, not an organization.
_PORTFOLIO_TITLES = frozenset(
    {"minister", "ministers", "secretary", "secretaries", "commissioner", "czar", "tsar"}
)  # fmt: skip


# Titles whose "of" phrase after an owner's name is a field ("its head of research").
_UNIT_TITLES = frozenset({"head", "director", "chief", "chair", "manager"})
# Bodies named before a title ("Treasury Secretary"), unlike fields ("Energy Secretary").
_BODIES_BEFORE_TITLES = frozenset({"treasury", "pentagon", "cabinet", "department", "office"})
# A force named by its place before a title ("Kestrel Police Commissioner"), unlike the
# field alone ("Police Minister").
_FORCES_BEFORE_TITLES = frozenset({"police", "constabulary"})


def _portfolio(
    span: Span, key: str, entity_type: str, rules: EntityRules, ontology: Ontology
) -> bool:
    """ "State Minister for National Development Planning", "deputy Minister of Emergency
    Management", "Energy Secretary Jane Roe", "Kestrel Aid's head of Trade Policy": the
    field a title covers, which names no organization unless an organization word says
    so ("Minister of the Kestrel Authority") or it is a place ("Secretary of State for
    Wales")."""
    doc = span.doc
    start, end = span.start, span.end
    after_title = (
        start >= 2
        and doc[start - 1].lower_ in ("for", "of")
        and (
            doc[start - 2].lower_ in _PORTFOLIO_TITLES
            # "Kestrel Aid's head of Trade Policy": the owner is named; this is its field
            or (
                doc[start - 2].lower_ in _UNIT_TITLES
                and start >= 3
                and doc[start - 3].tag_ == "POS"
            )
        )
    )
    before_title = (
        end < len(doc)
        and doc[end].lower_ in _PORTFOLIO_TITLES
        and not (start > 0 and doc[start - 1].tag_ == "POS")
        and key.rsplit(" ", 1)[-1] not in _BODIES_BEFORE_TITLES  # "US Treasury Secretary"
        and not (" " in key and key.rsplit(" ", 1)[-1] in _FORCES_BEFORE_TITLES)
    )
    if not (after_title or before_title):
        return False
    words = key.split()
    # before a title, an organization word alone names a portfolio ("Economics Minister");
    # after one it may stand for the department ("Secretary of Energy")
    body_words = words[1:] if before_title and not after_title else words
    if before_title and not after_title:
        # "Trade and Industry Secretary": a field joined to the first by "and" is a field too
        body_words = [w for i, w in enumerate(body_words) if i == 0 or body_words[i - 1] != "and"]
    return not (
        any(w in rules.organization_suffixes for w in body_words)
        or key in places_all()
        or ontology.has_trait(entity_type, "place")
    )


def _common_phrase_acronym(span: Span) -> bool:
    """ "the purchasing managers index (PMI)": an acronym next to the lowercase words it
    abbreviates names no entity (an organization's name is capitalized)."""
    return len(span) == 1 and spelt_out_acronym(span.doc, span.start)


def spelt_out_acronym(doc: Doc, i: int) -> bool:
    """Whether the token at ``i`` is an acronym spelt out by the lowercase words beside
    it, in brackets either side ("the purchasing managers index (PMI)", "XYZ (extra,
    young and zany)")."""
    text = doc[i].text
    if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
        return False
    if i > 0 and doc[i - 1].text == "(":
        before = doc[max(0, i - 1 - 3 * len(text)) : i - 1]
        words = [t for t in reversed(before) if t.text not in ("-", '"')][: len(text)][::-1]
    elif i + 1 < len(doc) and doc[i + 1].text == "(":
        after = doc[i + 2 : i + 1 + 4 * len(text)]
        words = [t for t in after if t.text not in ("-", ",") and t.lower_ not in ("and", "or")]
        words = words[: len(text)]
    else:
        return False
    return (
        len(words) == len(text)
        and all(t.is_lower and t.is_alpha for t in words)
        and "".join(t.text[0] for t in words) == text.lower()
    )


def _closing_quote(span: Span, skipped: Callable[[Token], bool]) -> int | None:
    """The index of the quotation mark that closes a quoted span, or None when quotation
    marks do not enclose it; tokens ``skipped`` may stand between them and the span."""
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and skipped(doc[start - 1]):
        start -= 1
    while end < len(doc) and skipped(doc[end]):
        end += 1
    opened = start > 0 and doc[start - 1].text in OPENING_QUOTES
    closed = end < len(doc) and doc[end].text in CLOSING_QUOTES
    return end if opened and closed else None


def _quoted(span: Span) -> bool:
    """Whether quotation marks enclose the span (a comma or full stop may close it)."""
    return _closing_quote(span, lambda t: t.i >= span.end and t.text in (",", ".")) is not None


def _quoted_label(span: Span) -> bool:
    """Whether the span, with at most lowercase words around it, is a phrase in quotation
    marks that modifies the noun after them ("the 'Sister Harbour' programme", "the
    'Kestrel brand' precision tools", "its 'Joint Teams' section")."""
    end = _closing_quote(span, lambda t: t.is_lower and t.is_alpha)
    doc = span.doc
    return (
        end is not None
        and end + 1 < len(doc)
        and doc[end + 1].is_lower
        and doc[end + 1].pos_ == "NOUN"
    )


# Last words of a doctrine named after its author.
_DOCTRINE_WORDS = frozenset({"Thought", "Theory", "Doctrine"})


# Newspapers named by one generic word after "The": "The Times", "The Independent".
_NEWSPAPER_WORDS = frozenset(
    {"times", "guardian", "observer", "independent", "economist", "telegraph", "herald",
     "mirror", "express", "post", "journal", "tribune", "gazette", "chronicle", "mail"}
)  # fmt: skip


def _capital_the_before(span: Span) -> bool:
    """Whether "The" written with a capital inside a sentence comes right before: a
    title's article ("The Times' critic"), not a generic noun's."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.text == "The" and not before.is_sent_start


def _role_opening_a_sentence(span: Span, rules: EntityRules) -> bool:
    """A one-word span opening a sentence that is a person's role, with a name right after
    it: the capital is the sentence's ("Entrepreneur Sir Tom Hale", "Comedian Ann Roe")."""
    if len(span) != 1 or not span[0].is_sent_start or span.end >= len(span.doc):
        return False
    after = span.doc[span.end]
    return (
        span[0].lower_ in rules.person_roles
        and after.text[:1].isupper()
        and (after.pos_ == "PROPN" or rules.is_person_cue(after.text))
    )


# Media a country's name is written before without making a name ("US TV", "UK film").
_MEDIA = frozenset({"tv", "television", "radio", "film", "cinema"})


def _a_country(word: str, gazetteer: Gazetteer, ontology: Ontology) -> bool:
    """Whether a word names a country, by its own name or one the gazetteer knows ("US")."""
    return is_country_or_larger([word]) or _gazetteer_place(word, gazetteer, ontology)


def _plural_of_letters(name: str, rules: EntityRules) -> bool:
    """Whether a name is the plural of letters that are no name ("MPs", "MEPs"); a firm
    written in capitals ("MEPS") keeps its name."""
    return (
        len(name) > 2
        and name.endswith("s")
        and name[:-1].isupper()
        and name_key(name[:-1]) in rules.not_entities
    )


# Last words of the categories of film, music and stage awards ("Best Urban Act").
_CATEGORY_WORDS = frozenset(
    {"actor", "actress", "artist", "act", "female", "male", "director", "film", "album",
     "single", "song", "newcomer", "group", "band", "video", "screenplay", "documentary",
     "drama", "comedy", "picture", "performance", "soundtrack", "musical", "play", "debut",
     "producer", "composer", "score", "programme", "show", "series"}
)  # fmt: skip


def _award_category(span: Span) -> bool:
    """Whether the span is, or ends, an award's category written in capitals: "Best" opens
    it or stands right before it, and a category's word ends it."""
    doc = span.doc
    best = span[0].text == "Best" or (span.start > 0 and doc[span.start - 1].text == "Best")
    return best and span[-1].lower_ in _CATEGORY_WORDS and all(t.is_title for t in span)


def junk_reason(
    span: Span,
    name: str,
    key: str,
    entity_type: str,
    rules: EntityRules,
    ontology: Ontology,
    gazetteer: Gazetteer,
) -> str:
    """Why a cleaned-up mention is not a name (a rule of entity_rules.yaml), or "" if it is one."""
    if key in rules.not_entities or key in rules.not_names_alone or _plural_of_letters(name, rules):
        return "not an entity"
    if key in rules.fields_of_work:
        return "a field of work"  # "media and PR strategist Jane Roe"
    if (
        len(span) == 2
        and span[1].lower_ in _MEDIA
        and _a_country(span[0].text, gazetteer, ontology)
    ):
        return "a country and a medium"  # "US TV host Jane Roe": no name
    if key in _LEGAL_FORMS:
        return "a legal form alone"  # "Ltd" cut from "Kestrel Co., Ltd."
    if _common_phrase_acronym(span):
        return "acronym of a common phrase"
    if _portfolio(span, key, entity_type, rules, ontology):
        return "a minister's portfolio"
    if (len(span) >= 2 and span[-1].text in _DOCTRINE_WORDS) or (
        span.end < len(span.doc) and span.doc[span.end].text in _DOCTRINE_WORDS
    ):
        return "a doctrine"  # "Mao Zedong Thought": no person, party or place
    if joined_places(name, key, gazetteer, ontology):
        return "dash-joined places"
    if _award_category(span):
        return "an award's category"  # "Best Breakthrough Artist": no one's name
    if len(span) == 1 and span[0].lower_ in HYPHENATED_TITLES:
        return "a title alone"  # "the Kestrel Party Co-Chairman said": no name follows
    if len(span) == 1 and is_honorific(span[0].text) and not span[0].is_upper:
        return "an honorific alone"  # "a spokesman for Mr Prescott": "Mr" tagged apart
    if any(p.search(name) for p in rules.page_furniture) and not is_bare_domain(name):
        return "page furniture"  # a bare domain is a website's name ("Kestrel.com")
    if span.text.endswith("-") and span[-1].text != "-":
        return "a word broken at a line end"  # "... of Kestrel Internation-"
    if (
        ontology.has_trait(entity_type, "place")
        and key in country_first_words()
        and (span.end == len(span.doc) or "\n" in span.doc[span.end].text)
    ):
        return "a country's name cut"  # "the United" and a line break: "States" is on the next line
    words = [
        t
        for t in span
        if t.is_alpha
        or WORD.fullmatch(t.text)
        or _digit_name(t.text)
        or _AMPERSAND.fullmatch(t.text)
    ]
    if not words:
        return "no letters"
    if not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in words) and not (
        is_bare_domain(name)
    ):
        return "no capitalized word"  # but a site's domain is its name: "kestrelnews.com"
    if rules.is_generic(key) and not (key in _NEWSPAPER_WORDS and _capital_the_before(span)):
        return "generic word"
    if len(span) == 1 and span[0].is_sent_start and span[0].tag_ in ("VBN", "VBD", "VBG"):
        return "verb at a sentence start"  # "Dubbed 'the iron broker', Ms Roe ..."
    if _role_opening_a_sentence(span, rules):
        return "a role before a name"  # "Entrepreneur Sir Tom Hale's new show ..."
    if span[0].is_sent_start and span[0].tag_ == "VBG" and span[0].dep_ == "ROOT":
        return "heading led by a verb"  # "Widening Trade Links" as a section heading
    if len(span) >= 3 and span[0].lower_ == "non" and span[1].text == "-":
        return "negated description"  # "Non-Kestrel-Approved Masks"
    if (
        len(span) == 3
        and span[0].lower_ in _ADJECTIVE_PREFIXES
        and span[1].text == "-"
        and span[2].text[:1].isupper()
        and (span[0].lower_ in ("pro", "anti") or span[2].text.endswith(DEMONYM_ENDINGS))
    ):
        return "adjective"  # "Pan-Asian", "Anti-European", "pro-Kestrel squatters"
    if (
        not ontology.has_trait(entity_type, "person")
        and key not in places_all()
        and _quoted_label(span)
    ):
        return "a quoted label"  # "a 'Sister Harbour Town' programme"
    # A document's title in quotation marks (ingest/span_joins.py takes it whole), after
    # a word for a work ("an album called They Knew You Then"), or with its subtitle after
    # a colon (ingest/work_titles.py) may be longer than a name, and made of small words
    # ("Made in Kestrel 2030").
    titled = ontology.has_trait(entity_type, "title") and (
        _quoted(span)
        or subtitled(span)
        or descriptor_before(span.doc, span.start, rules.publication_descriptors, 4, True)
        is not None
    )
    if len(span) > rules.max_tokens and not (titled and len(span) <= 2 * rules.max_tokens):
        return "too long"
    if (
        not ontology.has_trait(entity_type, "person")
        and len(words) > rules.all_caps_max_tokens
        and all(t.text.isupper() for t in words)
        and any(len(t.text) >= 5 for t in words)
    ):
        return "all-caps header"
    if len(words) > 1 and not titled:
        stop = sum(1 for t in words if t.is_stop and t.lower_ not in rules.headline_small_words)
        small = sum(1 for t in words if t.lower_ in rules.headline_small_words)
        if (stop + small) / len(words) > rules.max_stopword_share:
            return "mostly stopwords"
        lower = sum(
            1 for t in words if t.text[:1].islower() and t.lower_ not in rules.headline_small_words
        )
        if lower * 2 > len(words):
            return "mostly lowercase"
    return ""


# A name that starts with digits ("4Lock", "7Harbour"): three letters or more after them, not
# all capitals (a standard: "3GSM"), and not a unit or an ordinal ("10am", "3bn", "5mph").
_DIGIT_NAME = re.compile(r"\d+[^\W\d_]{3,}[\w]*")
_UNITS = frozenset(
    {"mph", "kph", "hrs", "mins", "secs", "yrs", "kgs", "lbs", "bps", "kbps", "mbps"}
)


def _digit_name(text: str) -> bool:
    """Whether a word that starts with a digit reads as a name."""
    if not _DIGIT_NAME.fullmatch(text):
        return False
    letters = text.lstrip("0123456789")
    return not letters.isupper() and letters.lower() not in _UNITS
