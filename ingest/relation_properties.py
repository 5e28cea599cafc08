"""Properties of a relation read off its sentence: role, date, award, named nodes.

"vice president" in "Roe, the former vice president of Acme" is the role of a
WORKS_FOR; "in 1992" the date of a FOUNDED; "the X Award" the award of a
RECEIVED_AWARD_FROM. A pattern file says which node or which nearby phrase
gives each property; this module reads them, keeping only the properties the
ontology allows on the relation type.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.pattern_files import Pattern, bundled_lexicon
from threadline.ingest.relation_arguments import ArgumentReader
from threadline.ingest.spans import DocEntities

# Words before a role noun that say when, how often or which, not what the role is.
_ROLE_MODIFIERS_DROPPED = frozenset(
    {"former", "current", "then", "new", "late", "longtime", "incumbent", "previous", "ex", "the",
     "a", "an", "incoming", "regular"}
)  # fmt: skip
# The kind of employer named right before a title ("Vibe magazine president", "DZ bank
# economist"): it says what the employer is, not what the post is.
_EMPLOYER_KINDS = frozenset(
    {"magazine", "newspaper", "bank", "firm", "company", "squad", "band", "club", "website",
     "station", "channel", "agency", "network"}
)  # fmt: skip
# Words for a body before a post, which no field joins ("record and party leader").
_BODY_WORDS = _EMPLOYER_KINDS | {"party", "team", "group", "union", "council", "board"}
# "a member of X" says MEMBER_OF and nothing more: no role property.
_PLAIN_MEMBERSHIP = frozenset({"member", "members"})


def relation_properties(
    pattern: Pattern,
    nodes: dict[str, int],
    reader: ArgumentReader,
    ontology: Ontology,
    relation: str,
) -> dict[str, Any]:
    """The properties a pattern's rules read for one match, those the relation type allows."""
    allowed = ontology.relation_types[relation].properties
    props: dict[str, Any] = {}
    for rule in pattern.properties:
        if rule.name not in allowed:
            continue
        value: str | None = None
        if rule.name == "role" and rule.node is not None:
            value = role_phrase(reader.doc[nodes[rule.node]], reader.entities)
            # nor does a word for a group of players ("Norway duo A and B", "the striking pair")
            groups = bundled_lexicon("positions.yaml", "player_groups")
            if value in _PLAIN_MEMBERSHIP or value.rsplit(" ", 1)[-1] in groups:
                value = None
        elif rule.node is not None:
            value = _node_value(reader, reader.doc[nodes[rule.node]], rule.name)
        elif rule.find == "date" and rule.near is not None:
            value = _find_date(reader.doc[nodes[rule.near]])
        elif rule.find == "award" and rule.near is not None:
            value = _find_award(reader, reader.doc[nodes[rule.near]])
        elif rule.find == "post" and rule.near is not None:
            value = _POSTS_OF_HEADING_VERBS.get(reader.doc[nodes[rule.near]].lemma_.lower())
        if value:
            props[rule.name] = value
    return props


# The post a verb of heading names ("Jane Roe, who chairs the Kestrel Committee": its
# chair). "Run" names none, and neither does "lead": a side's captain or its manager.
_POSTS_OF_HEADING_VERBS = {
    "head": "head",
    "chair": "chair",
    "manage": "manager",
    "coach": "coach",
    "edit": "editor",
    "direct": "director",
}


def _node_value(reader: ArgumentReader, token: Token, name: str) -> str | None:
    entity = reader.entity(token)
    if entity is not None:
        return entity.name
    return token.text


# The units written after a sum's figure ("£15m", "$3bn").
_SUM_UNITS = frozenset({"m", "bn", "k", "million", "billion", "mn"})


def role_phrase(token: Token, entities: DocEntities | None = None) -> str:
    """ "vice president", "executive director": the role noun with its modifiers.

    The contiguous run of compound/adjective modifiers left of the noun, without
    time words ("former", "current") that describe the tenure, not the role.
    """
    doc = token.doc
    if token.dep_ == "amod" and token.head.pos_ == "NOUN" and token.head.i == token.i - 1:
        # "director general of Kestrel": the post's last word, hung on the noun before it
        return f"{role_phrase(token.head, entities)} {token.lower_}"
    # "Acme's chief executive Jane Roe" parsed flat: "chief" and "executive" both hang
    # on the name; the role is the whole run of modifiers, read from its last word.
    flat = ("compound", "amod", "nmod")
    while (
        token.dep_ in flat
        and token.i + 1 < token.head.i
        and doc[token.i + 1].head.i == token.head.i
        and doc[token.i + 1].dep_ in flat
        and doc[token.i + 1].pos_ in ("NOUN", "ADJ")
        and (entities is None or entities.span_at(token.i + 1) is None)
    ):
        token = doc[token.i + 1]
    modifiers: set[int] = set()
    frontier = [token]
    while frontier:
        for child in frontier.pop().lefts:
            if child.dep_ in ("compound", "amod", "nmod") or child.text == "-":
                modifiers.add(child.i)
                frontier.append(child)
    start = token.i
    while (
        start > 0
        and (
            start - 1 in modifiers
            or (
                token.dep_ in flat
                and doc[start - 1].head.i == token.head.i
                and doc[start - 1].dep_ in flat
                and (
                    doc[start - 1].pos_ in ("NOUN", "ADJ")
                    # "Shadow Chancellor": a post's opening word the tagger takes for a name
                    or doc[start - 1].lower_ in bundled_lexicon("positions.yaml", "post_openers")
                )
            )
        )
        and doc[start - 1].lower_ not in _ROLE_MODIFIERS_DROPPED
        and not doc[start - 1].lower_.endswith("based")
        # "Acme chief executive": the employer is an argument, not part of the title
        and (
            entities is None
            or entities.span_at(start - 1) is None
            or _country_inside_the_post(doc, start - 1, modifiers)
        )
    ):
        start -= 1
    while (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
        and doc[start - 2].is_alpha
        and doc[start - 2].lower_ not in _ROLE_MODIFIERS_DROPPED
        and (entities is None or entities.span_at(start - 2) is None)
    ):
        start -= 2  # "vice-chairman" the parse cut into three words
    if start < token.i and doc[start].text == "-":
        # "ex-chief economist": the dropped "ex" leaves its hyphen behind; "longest-serving
        # prime minister": the word after the hyphen goes with the word before it
        start = min(start + (1 if start > 0 and doc[start - 1].lower_ == "ex" else 2), token.i)
    start = _fields_joined_before(doc, start, token, entities)
    if start >= 1 and doc[start].lower_ in ("union", "league") and doc[start - 1].lower_ == "rugby":
        # "rugby union captain": the code's first word, which the tagger takes for a verb
        start -= 1
    country = ""
    if _country_of_an_owners_post(doc, start):
        country = doc[start - 1].text + " "  # "its UK chief executive": in a country's arm
    while start < token.i and (
        doc[start].lower_ in _EMPLOYER_KINDS
        # "Norvik's £15m defender": the fee, not a word of the post
        or doc[start].tag_ in ("CD", "$")
        or doc[start].ent_type_ == "MONEY"
        or (start > 0 and doc[start - 1].like_num and doc[start].lower_ in _SUM_UNITS)
    ):
        start += 1
    end = token.i + 1
    if token.lower_ == "number" and end < len(doc) and doc[end].like_num:
        end += 1  # "its former number two": the rank is the role
    # a country inside the post keeps its capitals ("chief UK economist")
    words = "".join(
        (t.text if t.i > start and t.ent_type_ in _COUNTRY_LABELS else t.lower_) + t.whitespace_
        for t in doc[start:end]
    )
    words = words.strip().replace(" - ", "-")
    if token.tag_ == "NNS" and end == token.i + 1 and token.lemma_ and token.lemma_ != token.lower_:
        # "Kestrel managers Tom Hale and Ann Tolley": each holds the post of a manager
        words = words[: len(words) - len(token.text)] + token.lemma_.lower()
    return country + words + _field_of_the_post(doc, token, end, entities)


_COUNTRY_LABELS = frozenset({"GPE", "NORP"})


def _country_inside_the_post(doc: Doc, i: int, modifiers: set[int]) -> bool:
    """Whether the name at ``i`` is a country's, of one word, between words of the post
    ("chief UK economist", "senior US economist"): where the post is held, not its
    employer."""
    token = doc[i]
    return (
        token.ent_type_ in _COUNTRY_LABELS
        and token.ent_iob_ == "B"
        and doc[i + 1].ent_iob_ != "I"
        and i > 0
        and i - 1 in modifiers
        # a rank before the country and a market watcher's post after it; elsewhere the
        # name is the side or the party the post is held in ("second England player",
        # "deputy Conservative chairman")
        and doc[i - 1].lower_ in _RANKS
        and _market_post_after(doc, i)
    )


# Ranks before a country in a post ("chief UK economist").
_RANKS = frozenset({"chief", "senior", "principal", "lead"})
# Posts a bank or a firm holds for a country or a region ("senior US economist").
_MARKET_POSTS = frozenset(
    {"economist", "economists", "strategist", "strategists", "analyst", "analysts"}
)


def _market_post_after(doc: Doc, i: int) -> bool:
    """Whether a market watcher's post ends the run of words after a country ("UK equity
    strategist")."""
    for token in doc[i + 1 : i + 4]:
        if token.lower_ in _MARKET_POSTS:
            return True
        if not token.is_lower:
            return False
    return False


def _country_of_an_owners_post(doc: Doc, start: int) -> bool:
    """Whether a country's name or a nation's word of one token, between an owner's
    possessive and a post, says where the post is held ("Kestrel's UK chief executive",
    "its German finance director"): a word of the post, not an argument."""
    if start < 2 or doc[start - 1].ent_type_ not in _COUNTRY_LABELS:
        return False
    if doc[start - 1].ent_iob_ != "B" or doc[start].ent_iob_ == "I":
        return False
    owner = doc[start - 2]
    return owner.tag_ == "POS" or owner.lower_ in ("its", "their")


def _fields_joined_before(doc: Doc, start: int, title: Token, entities: DocEntities | None) -> int:
    """Where a post starts when two fields joined by "and" come before it ("news and
    features editor", "sales and marketing director"), however the parse hangs them; not
    two descriptions of a person ("a jeweller and director")."""

    def field(i: int, adjective: bool = False) -> bool:
        word = doc[i]
        return (
            word.is_lower
            and (word.pos_ == "NOUN" or (adjective and word.pos_ == "ADJ"))
            and word.lower_ not in _post_words()
            and word.lower_ not in _BODY_WORDS  # "Labour's record and party leader"
            and (entities is None or entities.span_at(i) is None)
        )

    if (
        start < title.i
        and start >= 2
        and doc[start - 1].lower_ in ("and", "&")
        and field(start - 2)
        and doc[start].lower_ not in _BODY_WORDS
    ):
        return start - 2  # "sales and [marketing director]"
    if (
        start >= 3
        and field(start - 1)
        and doc[start - 2].lower_ in ("and", "&")
        and field(start - 3, adjective=True)
    ):
        return start - 3  # "news and features [editor]", "technical and reviews [editor]"
    return start


def _post_words() -> frozenset[str]:
    """The words of posts (positions.yaml): a field joined to a post is no post itself."""
    return bundled_lexicon("positions.yaml", "roles")


# What an "of" phrase after a title may name instead of the post's field: the employer
# itself ("director of the company", "head of research firm Kestrel").
_EMPLOYER_NOUNS = _EMPLOYER_KINDS | frozenset(
    {"group", "business", "organisation", "organization", "corporation", "team", "side",
     "union", "party", "body", "board", "country", "nation", "city", "state", "government",
     "council", "department", "ministry", "institute", "university", "school", "society",
     "association", "federation", "unit", "division", "arm", "subsidiary", "charity",
     "foundation", "trust", "tank", "year", "season", "month", "week", "day", "time", "world",
     "people"}
)  # fmt: skip
# The longest field a title's "of" phrase is read for ("of sales and marketing").
_FIELD_WORDS = 5
# A party's posts named after a field ("Treasury spokesman", "spokeswoman for women"),
# whose "for" or "on" phrase gives the field too.
PORTFOLIO_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson"})


def _field_of_the_post(doc: Doc, title: Token, end: int, entities: DocEntities | None) -> str:
    """ " of sales and marketing" after "vice president", " of the threat laboratory"
    after "head", " on foreign affairs" after "spokesman": the part of the employer a title
    is of, which is part of the post; "" when the phrase names an entity or the employer
    itself ("director of the firm")."""
    if end + 1 >= len(doc):
        return ""
    preposition = doc[end].lower_
    if preposition != "of" and not (
        preposition in ("for", "on") and title.lower_ in PORTFOLIO_ROLES
    ):
        return ""
    i = end + 1
    if doc[i].lower_ == "the":
        i += 1
    last = None
    while i < len(doc) and i - end <= _FIELD_WORDS + 1:
        word = doc[i]
        if (
            word.text == "-"
            and not word.whitespace_
            and not doc[i - 1].whitespace_
            and i + 1 < len(doc)
            and doc[i + 1].is_lower
        ):
            i += 1  # "anti-virus research": one word the tokenizer cut at its hyphen
            continue
        if not word.is_lower or not word.is_alpha:
            break
        if entities is not None and entities.span_at(i) is not None:
            return ""
        if word.pos_ in ("NOUN", "ADJ", "PROPN") or word.tag_ in ("VBG", "VBN"):
            last = word  # "emerging markets"; "rugby", a lowercase word tagged as a name
        elif not (word.lower_ == "and" and last is not None):
            break
        i += 1
    after = entities.entity_at(i) if entities is not None and i < len(doc) else None
    if i < len(doc) and (
        doc[i].tag_ == "POS"  # "head of the firm's research"
        or doc[i].text == "-"  # "editor of hip-hop magazine X": a word cut at its hyphen
        # "head of research firm Kestrel", not "chief of staff Tom Hale"
        or (after is not None and after.type != "Person")
    ):
        return ""
    if (
        last is None
        or last.pos_ not in ("NOUN", "PROPN")
        or last.i != i - 1
        or last.lemma_ in _EMPLOYER_NOUNS
        or last.lower_ in _EMPLOYER_NOUNS
    ):
        return ""
    return " " + doc[end:i].text.lower()


def _ent_span(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _find_date(near: Token) -> str | None:
    """The DATE entity attached to a verb: "in 1992", "on May 4, 2001", "last year"."""
    candidates: list[Token] = []
    for child in near.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "since", "during"):
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("npadvmod", "tmod"):
            candidates.append(child)
    for token in candidates:
        ent = _ent_span(token)
        if ent is not None and ent.label_ == "DATE":
            return ent.text
    return None


def _find_award(reader: ArgumentReader, near: Token) -> str | None:
    """The named award a verb governs ("was awarded the X Award"), or names after "as"
    ("was recognized by Z as Kestrel Builder of the Year")."""
    # "as" hangs on the verb or, in the parse, on the body after "by"
    agents = [t for c in near.children if c.dep_ == "agent" for t in c.children]
    titled_as = [
        named
        for head in (near, *agents)
        for child in head.children
        if child.dep_ == "prep" and child.lower_ == "as"
        for named in child.children
        if named.dep_ == "pobj"
    ]
    for child in [*near.children, *titled_as]:
        if child.dep_ not in ("dobj", "dative", "attr", "oprd", "nsubjpass", "npadvmod", "pobj"):
            continue
        entity = reader.entity(child)
        if entity is not None and entity.type == "Award":
            return entity.name
        ent = _ent_span(child)
        if ent is not None and ent.label_ in ("Award", "WORK_OF_ART", "EVENT"):
            return ent.text.removeprefix("the ").strip()
    return None
