"""Type votes that a name stands for a sports team: "Ulster lock X", "his Norway side".

News names national teams and clubs by their country or city; the words around the
name (a player's role after it, "on loan from" before it, "his ... side") say the
mention is the team. The other words around a mention are read in ingest/context_cues.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadline.ingest.context_cues import opens_person_name, title_after_modifiers
from threadline.ingest.evidence import DESCRIPTOR, TEAM, Evidence, first_names, places
from threadline.ingest.mention_bounds import VERSUS, score_ends_at, surname_in_doc
from threadline.ingest.place_check import is_country_or_larger
from threadline.ingest.spans import alone_in_brackets
from threadline.names import name_key
from threadline.votes import PLACES_PERSON_CUE, team_cue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def team_evidence(
    doc: Doc,
    span: Span,
    roles: frozenset[str],
    named_roles: frozenset[str],
    before_phrases: frozenset[str],
    evidence: Evidence,
    sport: bool = False,
    individual_sport: bool = False,
) -> None:
    """A name used for a sports team: "Ulster lock Kevin Hale", "on loan from Leeds".

    News names national teams and clubs by their country or city; the role
    after the name (or the verb before it) says the mention is the team.
    Roles that are ordinary words elsewhere ("boss", "side") count only with a
    proper name after them. Only names of places count: other names get their
    organization cues from the context words (``context_evidence``), except
    after a phrase only a team follows ("on loan from Charlton"). In a document about a
    sport of athletes (``individual_sport``: tennis, athletics) a country is never a side
    ("will meet France's Jack Birch": a nationality), unless it is one of a match ("v").
    """
    is_place = name_key(span.text) in places()
    start, end = span.start, span.end
    if sport and _side_of_a_match(doc, start, end):
        evidence.add("Organization", TEAM, team_cue("a side of a match ('v')"))
        return
    if individual_sport and is_country_or_larger([span.text]):
        return  # "will meet France's Jack Birch": at a tennis tournament, a nationality
    if (
        sport
        # a place, or a name opening with one ("Edinburgh Rugby", "London Irish")
        and (is_place or (len(span) > 1 and name_key(span[0].text) in places()))
        # a team sheet's club after a player (elsewhere a seat or a home town)
        and alone_in_brackets(doc, start, end)
        and (doc[start - 2].ent_type_ == "PERSON" or _initial_and_surname(doc, start - 2))
        and not is_country_or_larger([span.text])  # "Roger Roe (Switzerland)": a nationality
        and not _only_bracket_of_its_line(doc, start - 1)  # "Referee: Tom Hale (Kent)"
    ):
        evidence.add("Organization", TEAM, team_cue("in brackets after a player"))
        return
    if sport and is_place and _subject_of_a_plural_verb(span):
        evidence.add("Organization", TEAM, team_cue("a place taking a plural verb"))
        return  # "Norwich are without their winger": a side, as British English writes it
    if sport and is_place and _picks_a_player(span):
        evidence.add("Organization", TEAM, team_cue("a place picking a player"))
        return  # "Norway called up Tom Hale": a side chooses its players
    if sport and is_place and _beats_a_side_by_a_score(doc, span):
        evidence.add("Organization", TEAM, team_cue("a place beating a side by a score"))
        return  # "England beat France 17-12": the winner of a match is a side too
    if is_place and _side_in_a_match(span):
        evidence.add("Organization", TEAM, team_cue("a side of a match verb"))
        return  # "when Leeds take on Barcelona", "Kestrel United have not played Leeds"
    after = end + 1 if end < len(doc) and doc[end].tag_ == "POS" else end
    if is_place and after < len(doc):
        width = 3 if after + 2 < len(doc) and doc[after + 1].text == "-" else 1
        word = "".join(t.text for t in doc[after : after + width]).lower()
        following = after + width
        named = following < len(doc) and doc[following].pos_ == "PROPN"
        # A lowercase role: "London's International Petroleum Exchange" is a name.
        lowercase = all(t.is_lower or t.text == "-" for t in doc[after : after + width])
        if word in roles and lowercase and (named or word not in named_roles):
            evidence.add("Organization", TEAM, team_cue(f"before '{word}'"))
            return
        if title := title_after_modifiers(doc, after, roles):
            evidence.add("Organization", TEAM, team_cue(f"before '... {title}' and a name"))
            return  # "Norway assistant coach Jane Roe"
        if role := _role_after_other_team(doc, after, roles, named_roles):
            evidence.add("Organization", TEAM, team_cue(f"before '... {role}'"))
            return  # "England and Kestrel United striker Jane Roe"
        owner = doc[start - 1].lower_ if start > 0 else ""
        side = word in ("side", "squad", "team", "line-up")
        if (owner in ("his", "her", "their") and (side or (sport and word == "debut"))) or (
            sport and owner == "the" and side
        ):
            # "the coach praised his Norway side"; in a story about sport "made his Wales
            # debut" and "the Wales team" (elsewhere "her Broadway debut" is a stage's and
            # "the London team" may be a firm's staff)
            evidence.add("Organization", TEAM, team_cue(f"'{doc[start - 1].text} ... {word}'"))
            return
        if (
            sport
            and not individual_sport
            and after > end
            and word in _MATCH_WORDS
            and lowercase
            and not surname_in_doc(doc, span.text)
        ):
            # "Norway's win over Kestrel", "Norway's back row": in a story about a sport of
            # sides, a place's match and its players are its side's (not a player's whose
            # surname is a town's: "Ann Hollis ... Hollis's game")
            evidence.add("Organization", TEAM, team_cue(f"'{span.text}'s {word}'"))
            return
        if sport and after > end and _person_named_after(doc, after):
            # "Leeds' promising young talent Tom Hale": in a document about sport, a place's
            # player is its team's (outside sport, "Oslo's Jane Roe" is someone from there)
            evidence.add("Organization", TEAM, PLACES_PERSON_CUE)
            return
    if not is_place and end - start >= 2 and doc[start].lower_ in first_names():
        return  # "could face Jane Roe": a player, not a side
    before, scores = _words_before_scores(doc, start)
    for width in (1, 2, 3):
        if width > len(before):
            break
        phrase = " ".join(before[-width:])
        if phrase in before_phrases:
            if (individual_sport or scores >= 2) and not is_place:
                # "lost to Kestrelova in the final": at a tennis tournament, the opponent;
                # "lost 7-5 6-4 to Kestrelova": the scores of sets, a player's
                evidence.add("Person", DESCRIPTOR, f"an opponent: after '{phrase}'")
                return
            weight = TEAM if is_place else DESCRIPTOR
            evidence.add("Organization", weight, team_cue(f"after '{phrase}'"))
            return


# Words after a place's possessive that, in a story about sport, say the place is a side:
# its matches and its results ("Norway's win over Kestrel"), and its players as a body
# ("Norway's pack", "Norway's back row"). Not "hopes" or "title", which an athlete of the
# country has too.
_MATCH_WORDS = frozenset(
    {"win", "wins", "victory", "victories", "defeat", "defeats", "loss", "losses", "draw",
     "draws", "clash", "match", "matches", "game", "games", "campaign", "comeback", "triumph",
     "pack", "back", "backs", "forwards", "attack", "defence", "defense", "lineout", "scrum",
     "midfield", "front"}
)  # fmt: skip


def _words_before_scores(doc: Doc, start: int, reach: int = 9) -> tuple[list[str], int]:
    """The lowercase words before ``start`` (at most ``reach`` tokens back) without the
    scores among them ("lost 7-5 6-4 to" reads "lost to"), and how many scores there were."""
    first = max(start - reach, 0)
    in_score: set[int] = set()
    for end in range(first + 3, start + 1):
        if score_ends_at(doc, end):
            in_score.update(range(end - 3, end))
    words = [doc[i].lower_ for i in range(first, start) if i not in in_score]
    return words, len(in_score) // 3


def _initial_and_surname(doc: Doc, surname: int) -> bool:
    """Whether token ``surname`` is a capitalized word after a one-letter initial ("J Hale"),
    a listed player the model may leave untagged."""
    initial = doc[surname - 1] if surname > 0 else None
    return (
        initial is not None
        and len(initial.text) == 1
        and initial.is_upper
        and doc[surname].is_title
    )


def _only_bracket_of_its_line(doc: Doc, opening: int) -> bool:
    """Whether the bracket at ``opening`` is the only one of its line: a match report's
    referee and the county he is registered with ("Referee: Tom Hale (Kent)"), not a
    squad list, where each player's club follows him."""
    start = opening
    while start > 0 and not (doc[start - 1].is_space and "\n" in doc[start - 1].text):
        start -= 1
    end = opening + 1
    while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text):
        end += 1
    return sum(token.text == "(" for token in doc[start:end]) == 1


def _side_of_a_match(doc: Doc, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` stands beside "v" and another capitalized name
    ("Leeds v Saracens", a fixture or a result). Only read in sport: elsewhere such a
    name is a party to a court case ("Roe v Wade")."""
    # "Derby or Hull v Leeds or Bristol": a cup draw's sides not yet known
    end = _past_alternatives(doc, end, 1)
    start = _past_alternatives(doc, start - 1, -1) + 1
    after = end + 1 < len(doc) and doc[end].text in VERSUS and doc[end + 1].text[:1].isupper()
    before = start >= 2 and doc[start - 1].text in VERSUS and doc[start - 2].text[:1].isupper()
    return after or before


def _past_alternatives(doc: Doc, i: int, step: int, reach: int = 4) -> int:
    """The token past the names offered as alternatives with "or" from token ``i`` on, in
    the direction of ``step``: from after "Derby" in "Derby or Hull v", the "v"."""
    while 0 <= i + step < len(doc) and doc[i].lower_ == "or" and doc[i + step].is_title:
        j = i + step
        while 0 <= j < len(doc) and abs(j - i) <= reach and doc[j].is_title:
            j += step
        i = j
    return i


def _subject_of_a_plural_verb(span: Span) -> bool:
    """Whether the name is the sole subject of a plural present or past verb ("Norwich are",
    "Leeds have", "Wales were", "Leeds were beaten"): one place takes a plural verb only as
    a side. A name with another one ("Leeds and Hull are") or a plural name ("the
    Netherlands") is left."""
    root = span.root
    if (
        root.dep_ not in ("nsubj", "nsubjpass")
        or root.tag_ not in ("NNP", "NNPS")
        or span[0].lower_ == "the"
    ):
        return False
    if any(child.dep_ == "conj" for child in root.children):
        return False
    return _plural(root.head)


def _plural(verb: Token) -> bool:
    """Whether a verb's finite word is plural ("are", "have played", "were")."""
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    finite = auxiliaries[0] if auxiliaries else verb
    return finite.tag_ == "VBP" or finite.lower_ == "were"


# Verbs of a match, whose sides are named by their places in any story, not only in one
# the sport words mark as sport.
_MATCH_VERBS = frozenset(
    {"play", "face", "meet", "beat", "host", "take", "visit", "entertain", "thrash", "edge"}
)


def _side_in_a_match(span: Span) -> bool:
    """Whether a place is a side of a match verb: its sole subject in the plural ("when
    Leeds take on Barcelona"), or its object when a club or a place in the plural plays
    ("Kestrel United have not played Leeds", "Leeds take on Barcelona")."""
    root = span.root
    verb, dep = root.head, root.dep_
    if dep == "pobj" and verb.lower_ == "on" and verb.head.lemma_ == "take":
        verb, dep = verb.head, "dobj"  # "take on Barcelona", the parse's object of "on"
    if verb.lemma_ not in _MATCH_VERBS or verb.pos_ != "VERB":
        return False
    if dep == "nsubj":
        return _subject_of_a_plural_verb(span)
    if dep != "dobj":
        return False
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if len(subjects) != 1 or any(c.dep_ == "conj" for c in subjects[0].children):
        return False
    subject = subjects[0]
    return _plural(verb) and (
        subject.ent_type_ == "ORG"
        or (subject.ent_type_ == "GPE" and subject.tag_ in ("NNP", "NNPS"))
    )


def _beats_a_side_by_a_score(doc: Doc, span: Span) -> bool:
    """Whether a place is the subject of a win over another name with the score right
    after it ("England beat France 17-12", "Kestrel edged Norvik 2-1"): the subject of
    a verb in the past tense, which says nothing of its number, is then a side."""
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_ not in _WIN_VERBS or verb.pos_ != "VERB":
        return False
    # the beaten side's name right after the verb (the parse may hang it anywhere)
    after = verb.i + 1
    if after >= len(doc) or doc[after].ent_iob_ != "B" or doc[after].ent_type_ not in _SIDES:
        return False
    after += 1
    while after < len(doc) and doc[after].ent_iob_ == "I":
        after += 1
    return after + 3 <= len(doc) and score_ends_at(doc, after + 3)


def _picks_a_player(span: Span) -> bool:
    """Whether a place is the subject of a verb of picking a side's players whose object
    is a person's name ("Norway recalled Tom Hale", "Leeds brought back Tom Hale")."""
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    if lemma not in _PICKING_VERBS and not (
        lemma in _PICKING_PHRASAL_VERBS
        and any(c.dep_ == "prt" and c.lower_ in ("back", "in", "up") for c in verb.children)
    ):
        return False
    return any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in verb.children)


# Verbs of picking a side's players, alone and with a particle ("called up").
_PICKING_VERBS = frozenset({"recall", "select", "pick"})
_PICKING_PHRASAL_VERBS = frozenset({"bring", "draft", "call"})
# The model's labels of a beaten side's name.
_SIDES = frozenset({"GPE", "ORG"})
# Verbs of a win over a side, read with the score after the beaten side's name.
_WIN_VERBS = frozenset({"beat", "defeat", "thrash", "edge", "hammer", "overcome", "rout"})


def _person_named_after(doc: Doc, start: int) -> bool:
    """Whether a person's name begins at ``start``, after a few lower-case nouns or adjectives:
    one the model tags as a person's, or a first name and a capitalized word, which the model
    may tag as a body's ("France's Fabien X", the player's name unknown to it)."""
    for i in range(start, min(len(doc), start + 6)):
        token = doc[i]
        if token.pos_ == "PROPN" and (opens_person_name(doc, i) or _first_and_surname(doc, i)):
            return True
        hyphenated = i + 1 < len(doc) and doc[i + 1].text == "-"  # "in-form"
        if not (
            token.text == "-" or (token.is_lower and (hyphenated or token.pos_ in ("ADJ", "NOUN")))
        ):
            return False  # "Leeds' break and Tom Hale's pass": not Leeds' player
    return False


def _first_and_surname(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a first name followed by a capitalized proper noun that ends
    the name ("Fabien Pelous"; not a ground or a contest named after a person, "Davis Cup")."""
    return (
        doc[i].lower_ in first_names()
        and i + 1 < len(doc)
        and doc[i + 1].pos_ == "PROPN"
        and doc[i + 1].is_title
        and not (i + 2 < len(doc) and doc[i + 2].is_title)
        and doc[i + 1].lower_ not in _NAMED_AFTER_A_PERSON
    )


# Last words of grounds and contests named after a person ("Grace Road", "Davis Cup").
_NAMED_AFTER_A_PERSON = frozenset(
    {"road", "park", "hall", "lane", "street", "ground", "stadium", "arena", "cup", "trophy",
     "shield", "prize", "award", "memorial"}
)  # fmt: skip


def _role_after_other_team(
    doc: Doc, start: int, roles: frozenset[str], named_roles: frozenset[str]
) -> str:
    """The team role after "and <another team>" at ``start`` ("England and Kestrel United
    striker Jane Roe"), else ""."""
    if start >= len(doc) or doc[start].lower_ not in ("and", "&"):
        return ""
    j = start + 1
    while j < len(doc) and j - start <= 4 and doc[j].is_title:
        j += 1
    if j == start + 1 or j >= len(doc):
        return ""
    word = doc[j].lower_
    named = j + 1 < len(doc) and doc[j + 1].ent_type_ == "PERSON"
    if word in roles and doc[j].is_lower and (named or word not in named_roles):
        return word
    return ""
