"""Time and modality of a stated relation: does it still hold, or is it only planned?

"former Acme chairman Jane Roe", "Roe, the ex-president of Acme", "Roe stepped down
as chairman of Acme" state a relation that no longer holds; so, for where someone
lives, does a birthplace ("born in Leeds", "a Cork native": the sentence says where
they lived, not where they live); "Acme will merge with Birch", "Roe plans to
join Acme", "Acme agreed to buy Birch" one that is announced but not in force. Both are worth keeping (an investigator wants to know who used
to run a company) but never as a plain current relation: they carry a ``status``
property, ``former`` or ``planned``, which also keeps them apart from a current
relation between the same entities.

A relation read inside a noun phrase ("Jane Roe, chairman of Acme, said ...")
takes its time from the noun phrase alone, never from the verb of the sentence
it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc, Token

from threadline.ingest.pattern_files import bundled_lexicon

FORMER = "former"
PLANNED = "planned"

_FORMER_MODIFIERS = frozenset(
    {"former", "ex", "onetime", "one-time", "erstwhile", "previous", "late", "ousted", "sacked",
     "once", "originally", "formerly", "previously"}
)  # fmt: skip
# Nouns of a tie that someone's "old" one puts in the past ("his old club").
_OLD_TIES = frozenset(
    {"club", "employer", "firm", "company", "team", "side", "party", "band", "paper"}
)
# A post not yet taken up: "the incoming president", "chairman-elect", "chief executive designate".
_PLANNED_MODIFIERS = frozenset({"incoming", "elect", "designate"})
# Verbs of keeping a post: whoever "will remain" or "will stay on" as its holder holds it.
_STAYING_VERBS = frozenset({"remain", "stay"})
# Verbs of removal, whose active subject removes someone else ("the board fired Jane
# Roe"); verbs whose subject leaves a post, never a place ("quit", "resigned"); and all
# the verbs whose subject (or object) leaves the position: "quit as", "left", "was sacked".
_REMOVING_VERBS = frozenset({"oust", "sack", "fire", "dismiss", "axe", "expel", "eject"})
_QUITTING_VERBS = frozenset({"quit", "resign", "retire"})
_LEAVING_VERBS = _REMOVING_VERBS | _QUITTING_VERBS | {"leave", "depart"}
# Verbs of taking over a post from someone: the object (or the passive's subject) is who
# held it ("Ann Tolley succeeded Tom Hale as chairman", "Tom Hale was replaced as captain").
SUCCEEDING_VERBS = frozenset({"replace", "succeed"})
_STEP_PARTICLES = frozenset({"down", "aside"})
# Verbs that give someone a post: "will appoint a new head, Jane Roe" plans hers.
_APPOINTING_VERBS = frozenset(
    {"appoint", "name", "hire", "elect", "promote", "recruit", "choose", "select", "nominate",
     "install", "become", "make"}
)  # fmt: skip
# Verbs of moving between employers: the one "from" names is left ("joined Acme from Birch").
_MOVING_VERBS = frozenset({"join", "move", "transfer", "switch", "defect"})
# Nouns naming a player's or an employee's move, the object of "complete", "agree", "seal".
_TRANSFER_NOUNS = frozenset({"move", "transfer", "switch", "loan"})
# Verbs that give away what their object names: "sold its stake in Birch", "sold its
# subsidiary, Birch" state a tie that held until then.
_DIVESTING_VERBS = frozenset(
    {"sell", "transfer", "offload", "divest", "relinquish", "dispose", "spin", "end", "cut", "auction",
     "sever", "break", "terminate", "scrap", "dissolve", "quit", "abandon", "close", "shut"}
)  # fmt: skip
# "an end to its alliance with Birch": the tie is being ended.
_ENDINGS = frozenset({"end", "termination", "break-up", "collapse", "dissolution"})
_PAST_ADVERBS = frozenset({"previously", "formerly", "once", "originally"})
# Verbs of an agreement that ends a tie ("an agreement to dissolve their alliance").
_ENDING_VERBS = frozenset({"dissolve", "end", "terminate", "scrap", "unwind", "cancel", "annul"})
# Words that give where someone comes from ("born in Leeds", "a Cork native"): a
# place they lived in, which the sentence does not say they still live in.
_ORIGIN_WORDS = frozenset({"born", "native", "natives", "hometown", "home-town", "birthplace"})
# A side's "legend" or "great" played for it in the past ("Kestrel legend Tom Hale").
_PAST_PLAYER_WORDS = frozenset({"legend", "great"})
# Nouns of a time spent in a post, whose "as" names the post of the verb's subject ("had
# a spell as manager of Leeds"); a spell the verb puts in the past is over.
SPELL_NOUNS = frozenset(
    {"success", "spell", "spells", "stint", "stints", "career", "tenure", "reign", "time",
     "days", "years", "name", "period"}
)  # fmt: skip
# Of those, the ones that end: "had success as captain" may go on.
_ENDED_SPELLS = frozenset(
    {"spell", "spells", "stint", "stints", "tenure", "reign", "days", "years"}
)
# Nouns of a thing under way, whose "of" names what the subject is doing and has not
# done yet: "is in the process of merging", "on the verge of buying".
UNDER_WAY_NOUNS = frozenset({"process", "verge", "brink", "midst", "middle", "course"})
# Verbs whose complement is not yet done: "plans to merge", "agreed to buy".
_PLANNING_VERBS = frozenset(
    {"plan", "agree", "intend", "expect", "aim", "propose", "prepare", "seek", "hope", "want",
     "set", "poise", "schedule", "due", "vote", "offer", "bid", "consider", "threaten",
     "tip", "try", "attempt", "like", "wish", "love", "decide"}
)  # fmt: skip
# Nouns whose infinitive is not yet done: "plans to merge", "a proposal to merge".
_PLAN_NOUNS = frozenset(
    {"plan", "proposal", "bid", "offer", "agreement", "deal", "attempt", "move", "talk", "intention"}
)  # fmt: skip
_FUTURE_AUXILIARIES = frozenset({"will", "would", "'ll", "shall", "wo"})
# Adjectives after "looked" or "seemed" whose infinitive is not yet done: "looked likely to join".
_LIKELY_WORDS = frozenset({"likely", "certain", "sure", "poised", "due"})
# A deal named by a noun ("Acme's takeover of Birch") is planned when the noun says
# so ("proposed takeover"), when it is what someone agreed or announced, or when
# it, or what it is about, still waits for a decision ("..., which still needs
# approval"; "the takeover awaits clearance").
# Auxiliaries of what may happen, not of what has ("would", "could").
_HYPOTHETICAL_AUXILIARIES = frozenset({"would", "could", "might", "may"})
# Auxiliaries of a tie not yet made: what will be and what may be ("could join Acme").
_NOT_YET_AUXILIARIES = _FUTURE_AUXILIARIES | _HYPOTHETICAL_AUXILIARIES
_DEAL_NOUNS = frozenset(
    {"takeover", "purchase", "acquisition", "buyout", "merger", "bid", "deal", "investment",
     "sale", "tie-up", "alliance", "venture", "partnership", "offer", "buy-out",
     "up"}  # "tie-up", which the tokenizer splits
)  # fmt: skip
_PENDING_MODIFIERS = frozenset(
    {"planned", "proposed", "pending", "mooted", "possible", "potential", "prospective",
     "rumoured", "rumored", "expected", "intended", "likely", "contemplated"}
)  # fmt: skip
_DEAL_PLANNING_VERBS = frozenset(
    {"agree", "propose", "plan", "announce", "launch", "table", "unveil", "mount", "consider",
     "offer", "seek", "pursue", "explore", "discuss", "negotiate", "weigh", "eye", "accept",
     "recommend", "back", "welcome", "approve"}
)  # fmt: skip
_AWAITING_VERBS = frozenset({"need", "require", "await", "face", "wait"})
_APPROVAL_VERBS = frozenset({"approve", "clear", "ratify", "endorse", "sanction", "authorise",
                             "authorize", "rubber-stamp"})  # fmt: skip
_DECISIONS = frozenset(
    {"approval", "approvals", "clearance", "consent", "go-ahead", "vote", "backing", "review",
     "scrutiny", "decision", "sign-off", "ratification", "endorsement"}
)  # fmt: skip
# A relation read in a noun phrase stops climbing at these dependencies.
_NOUN_PHRASE_DEPS = frozenset({"appos", "nsubj", "nsubjpass", "compound", "poss", "npadvmod"})


# Words before "then" that make it a past post's ("the then chairman", "its then chief
# executive"), not a next step ("director and then chairman").
_THEN_OPENERS = frozenset({"the", "its", "his", "her", "their", "'s", "’s"})


def _has_former_modifier(token: Token) -> bool:
    doc = token.doc
    if token.lower_.startswith("ex-"):
        return True
    if token.i >= 2 and doc[token.i - 1].text in ("-", "‐") and doc[token.i - 2].lower_ == "ex":
        return True
    if _old_tie(token):
        return True
    if any(
        child.lower_ == "then"
        and child.i > 0
        and doc[child.i - 1].lower_ in _THEN_OPENERS
        and child.i < token.i
        for child in token.children
    ):
        return True  # "its then chief executive": the post held at that time
    return any(
        child.dep_ in ("amod", "advmod", "compound", "nmod")
        and child.lower_ in _FORMER_MODIFIERS
        and not _before_another_post(child, token)
        for child in token.children
    )


def _old_tie(token: Token) -> bool:
    """ "his old club", "her old firm": someone's old club is one they have left, unless
    they go back to it ("returned to her old firm")."""
    if token.lower_ not in _OLD_TIES:
        return False
    children = list(token.children)
    if not any(c.dep_ == "poss" for c in children):
        return False
    if not any(c.dep_ == "amod" and c.lower_ == "old" for c in children):
        return False
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is None or verb.lemma_.lower() not in ("return", "rejoin")


def _before_another_post(former: Token, title: Token) -> bool:
    """ "former Olympian and BBC pundit": "former" on a group's word, then a conjunction
    and a name, opens a second description, which "former" does not reach ("former
    Arsenal and England striker" is former at both)."""
    doc = former.doc
    return doc[former.i + 1].ent_type_ == "NORP" and any(
        doc[j].pos_ == "CCONJ" and doc[j + 1].pos_ == "PROPN"
        for j in range(former.i + 2, title.i - 1)
    )


def _has_planned_modifier(token: Token) -> bool:
    """ "the incoming president", "president-elect", "chairman designate": a post to come."""
    if (
        token.lower_ in ("elect", "designate")
        and token.i > 0
        and token.doc[token.i - 1].text == "-"
    ):
        return True
    return any(
        child.dep_ in ("amod", "compound", "appos", "nmod") and child.lower_ in _PLANNED_MODIFIERS
        for child in token.children
    )


def former_before_name(doc: Doc, start: int) -> str | None:
    """ "Former Kestrel chief executive X": "former" right before the employer's name (which
    starts at token ``start``) marks the post as past, wherever the parse hangs it; so does
    "then" after a verb or a preposition ("met then Kestrel chief executive X"; not "and
    then Kestrel chief executive X said", where it opens a clause)."""
    if start > 0 and doc[start - 1].lower_ in ("former", "ex"):
        return FORMER
    if start > 2 and doc[start - 1].lower_ in ("and", "or", ","):
        # "Former Kestrel and Norvik chairman X": the second employer of a list "former"
        # opens (not "former Olympian and BBC pundit", a nationality's word)
        i = start - 2
        while i > max(0, start - 6) and doc[i].pos_ == "PROPN" and doc[i].ent_type_ != "NORP":
            i -= 1
        if i < start - 2 and doc[i].lower_ in ("former", "ex"):
            return FORMER
    if start > 1 and doc[start - 1].lower_ == "then" and not doc[start - 1].is_sent_start:
        before = doc[start - 2]
        if not before.is_punct and before.lower_ not in _CLAUSE_OPENERS:
            return FORMER  # "met then ... Minister X", "backed by then ... chairman X"
    return None


# Words after which "then" opens a clause rather than dating a post.
_CLAUSE_OPENERS = frozenset({"and", "but", "or", "so", "since", "until", "when", "only"})


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause states the relation, or None inside a noun phrase."""
    current = token
    for _ in range(10):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        if current.dep_ in _NOUN_PHRASE_DEPS and not _as_complement(current.head):
            return None
        if _fronted_description(current):
            return None  # "A Kestrel engineer, Tom Hale spent years at Norvik": as he is
        if _describes_a_person(current):
            return None  # "will face Jane Roe from Norway": where she is from, as she is
        current = current.head
    return None


def _fronted_description(token: Token) -> bool:
    """Whether a noun phrase opens the clause, set off by a comma before the verb's
    subject, where the parse hangs it on the verb as "dep": "A distinguished Kestrel
    engineer, Tom Hale spent 20 years at Norvik" describes him as he is, whatever the
    verb says he did."""
    if token.dep_ != "dep" or token.pos_ not in ("NOUN", "PROPN"):
        return False
    after = token.right_edge.i + 1
    return (
        after < len(token.doc)
        and token.doc[after].text == ","
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > after for c in token.head.children)
    )


def _describes_a_person(token: Token) -> bool:
    """Whether ``token`` is "from" or "of" hung on a person's name ("Jane Roe of Norway")."""
    head = token.head
    return (
        token.dep_ == "prep"
        and token.lower_ in ("from", "of")
        and head.pos_ == "PROPN"
        and head.ent_type_ == "PERSON"
    )


def _names_in_apposition(token: Token) -> bool:
    """Whether a noun has a name in apposition, after it or after its "of" phrase: "the head
    of Acme, Jane Roe" states her post as it is, whatever the verb plans ("will meet")."""
    if token.pos_ != "NOUN":
        return False
    nouns = [token]
    for prep in token.children:
        if prep.dep_ == "prep":
            nouns.extend(child for child in prep.children if child.dep_ == "pobj")
    return any(
        child.dep_ == "appos" and child.pos_ == "PROPN" for noun in nouns for child in noun.children
    )


def _as_complement(token: Token) -> bool:
    """ "stepped down as director and vice-chairman of X": a title after "as" belongs
    to the verb's clause even where the parse hangs a second title on the first."""
    return token.dep_ == "pobj" and token.head.lower_ == "as"


def _transfer_noun(token: Token, verb: Token) -> bool:
    """Whether ``token`` is a transfer noun that is ``verb``'s object ("sealed a move"); not
    a sum lent ("got a 5m pound loan from Birch Bank": money, not a player's move)."""
    return (
        token.dep_ == "dobj"
        and token.head.i == verb.i
        and token.lemma_ in _TRANSFER_NOUNS
        and not any(t.ent_type_ == "MONEY" for left in token.lefts for t in left.subtree)
    )


def _held_now(token: Token) -> bool:
    """Whether a word says a tie holds now, whatever the clause plans: one's "future" at a
    club, or a "new contract" offered to its player (not a new deal two firms will sign)."""
    if token.pos_ != "NOUN":
        return False
    if token.lower_ == "future":
        return True
    return (
        token.lower_ in ("contract", "deal")
        and token.head.lemma_ in ("offer", "hand", "give")
        and any(
            child.dep_ == "amod" and child.lower_ in ("new", "improved", "extended")
            for child in token.children
        )
    )


def relation_status(trigger: Token, arguments: Iterable[Token]) -> str | None:
    """``former``, ``planned`` or None for a relation read at ``trigger``.

    ``arguments`` are the other tokens the reading used (the role noun, the
    argument heads): a "former" on any of them makes the relation former.
    """
    arguments = list(arguments)
    if trigger.lower_ in _ORIGIN_WORDS or trigger.lower_ in _PAST_PLAYER_WORDS:
        return FORMER
    if any(_held_now(t) for t in arguments):
        return None  # "will consider his future at Kestrel": where one is now
    verb = clause_verb(trigger)
    # A name's own modifier ("former Acme chief Jane Roe") speaks for a relation
    # read in the noun phrase, not for what the clause says the person does now.
    tokens = [trigger, *(t for t in arguments if verb is None or t.pos_ != "PROPN")]
    if any(_has_former_modifier(t) for t in tokens):
        return FORMER
    if any(_has_planned_modifier(t) for t in tokens):
        return PLANNED
    if _past_spell(trigger):
        return FORMER  # "had a spell as manager of Leeds"
    if _in_a_past_decade(trigger) or (
        verb is not None and verb.tag_ == "VBD" and _in_a_past_decade(verb)
    ):
        return FORMER  # "a fly-half for Leeds in the 1970s", "played for Leeds in the 1980s"
    if trigger.lower_ in _DEAL_NOUNS and _pending_deal(trigger, verb, arguments):
        return PLANNED
    if any(_ends_a_tie(t) for t in (trigger, *arguments)):
        return FORMER  # "an agreement with Birch to dissolve their alliance": it is ending
    if (
        trigger.dep_ == "nsubjpass"
        and trigger.head.tag_ == "VBN"
        and trigger.head.lemma_.lower() in _DIVESTING_VERBS
        and not _not_yet(trigger.head)
    ):
        return FORMER  # "its Birch unit was sold": what the noun phrase names is gone
    if any(named_as_a_leaver(t) for t in (trigger, *arguments)):
        return FORMER  # "Acme's head Tom Hale was fired": the post the phrase names is gone
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    if verb.i == trigger.i and lemma in ("plan", "propose"):
        return PLANNED  # "plans a joint venture with Birch"
    if lemma == "step" and any(c.lower_ in _STEP_PARTICLES for c in verb.children):
        return None if _not_yet(verb) else FORMER  # "has decided to step down": still holds
    if _said_of_a_leaver(verb):
        return FORMER  # "the departure of Tom Hale, who guided Leeds to the title"
    if lemma == "grow" and any(c.lower_ == "up" for c in verb.children):
        return FORMER  # "grew up in Leeds": where someone lived as a child
    if lemma == "spend" and verb.tag_ == "VBD":
        return FORMER  # "spent ten years at Acme" is over; "has spent" goes on
    if any(c.dep_ == "advmod" and c.lower_ in _PAST_ADVERBS for c in verb.children):
        return FORMER  # "previously worked at Acme"
    if _held_until(verb, trigger):
        return FORMER  # "was chairman of Acme until 2003", "played there before joining Birch"
    if _past_post(verb, trigger):
        return FORMER  # "Tom Hale was head of Acme", "who had been chairman of Acme"
    if _held_for_a_span(verb):
        return FORMER  # "worked at Acme for ten years", "captained Leeds for seven seasons"
    if verb.tag_ == "VBD" and any(
        c.dep_ == "advmod" and c.lower_ == "still" for c in verb.children
    ):
        return FORMER  # "in 1999, when Acme still owned Birch": it does no more
    if lemma in SUCCEEDING_VERBS and _the_one_replaced(verb, [trigger, *arguments]):
        # "succeeded Tom Hale as chairman" ended his post; "will succeed" or "replacing"
        # him names a post he still holds
        return None if _not_yet(verb) or verb.tag_ in ("VB", "VBG") else FORMER
    if lemma in _LEAVING_VERBS and _leaves_the_post(verb, [trigger, *arguments]):
        return None if _not_yet(verb) else FORMER  # "may sack X": X still holds the post
    if lemma in _DIVESTING_VERBS and trigger.dep_ == "dobj" and trigger.head.i == verb.i:
        # "Acme sold its Birch unit"; "Acme may sell its Birch unit" still owns it
        return None if _not_yet(verb) else FORMER
    if (
        trigger.dep_ == "pobj"
        and trigger.head.lower_ in ("to", "of")
        and trigger.head.head.lower_ in _ENDINGS
    ):
        return FORMER
    from_left = any(
        t.dep_ == "prep" and t.lower_ == "from" and t.head.i == verb.i for t in arguments
    )
    if lemma in _MOVING_VERBS and from_left:
        return FORMER
    if from_left and lemma in bundled_lexicon("employment.yaml", "taking_on"):
        # "signed Tom Hale from Leeds": Leeds is left once done, still his while not
        return None if _not_yet(verb) else FORMER
    if _taken_over_from(verb, arguments):
        return None if _not_yet(verb) else FORMER  # "took over at Leeds from Tom Hale"
    move = next((t for t in arguments if _transfer_noun(t, verb)), None)
    if move is not None:
        # "completed a move from Birch to Acme": Birch is left; "agreed a move" is not done
        if any(t.dep_ == "prep" and t.lower_ == "from" for t in arguments):
            return FORMER
        if lemma == "agree":
            return PLANNED
    if _possessed_unit(trigger):
        return None  # "is to investigate Acme's Birch unit": a tie that holds now
    if any(t.dep_ == "poss" and t.pos_ == "PROPN" and t.head.i == trigger.i for t in arguments):
        return None  # "will play against Kestria's Ian Holt": the possessive names him as he is
    if _names_in_apposition(trigger) and verb.lemma_.lower() not in _APPOINTING_VERBS:
        return None  # "will meet the head of Acme, Jane Roe": the noun phrase names her post
    if verb.lemma_ == "be" and any(c.lower_ == "without" for c in verb.children):
        return None  # "Leeds will be without striker Tom Hale": he is theirs, only missing
    if verb.lemma_ in _STAYING_VERBS:
        return None  # "will remain as Acme chief executive": the post holds now and on
    if any(c.dep_ == "aux" and c.lower_ in _NOT_YET_AUXILIARIES for c in verb.children):
        return PLANNED  # "will join Acme", "might join Acme"
    governor = verb.head if verb.dep_ == "xcomp" else None
    if governor is not None and governor.lemma_ == "use" and governor.tag_ == "VBD":
        return FORMER  # "used to work for Acme"
    if governor is not None and (_planning_verb(governor) or governor.lower_ in _LIKELY_WORDS):
        return PLANNED  # "plans to join Acme", "is likely to join Acme"
    if governor is not None and governor.lemma_ == "be" and _infinitive(verb):
        return PLANNED  # "Acme is to buy Birch"
    if (
        verb.dep_ == "advcl"
        and _infinitive(verb)
        and any(
            c.dep_ == "acomp" and (_planning_verb(c) or c.lower_ in _LIKELY_WORDS)
            for c in verb.head.children
        )
    ):
        return PLANNED  # "X looked set to join Acme", "X seemed likely to buy Birch"
    if (
        verb.dep_ == "ROOT"
        and _infinitive(verb)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        return PLANNED  # a headline's "Acme to buy Birch"
    if verb.dep_ == "xcomp" and verb.head.lower_ in ("going", "about"):
        return PLANNED
    if verb.dep_ == "pcomp" and verb.head.head.lower_ in UNDER_WAY_NOUNS:
        return PLANNED  # "is in the process of merging with Birch": not done yet
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in _PLAN_NOUNS and _infinitive(verb):
        return PLANNED  # "agreed plans to merge", "a proposal to merge"
    return None


_UNTIL = frozenset({"until", "till", "til"})
# Verbs of moving on, after "before": "played for Acme before joining Birch" left Acme.
_MOVING_ON = frozenset({"join", "move", "sign", "switch", "leave", "quit", "retire", "defect"})


def _moving_on_after(child: Token) -> bool:
    """Whether ``child`` is "before" and a verb of moving on ("before joining Birch")."""
    return (
        child.dep_ == "prep"
        and child.lower_ == "before"
        and any(
            g.dep_ in ("pcomp", "pobj") and g.tag_ == "VBG" and g.lemma_.lower() in _MOVING_ON
            for g in child.children
        )
    )


def _held_until(verb: Token, trigger: Token) -> bool:
    """Whether a clause in the past tense says its tie held until a time or an event:
    "was chairman of Acme until 2003", "worked for Acme until it closed", "made 110
    appearances for Acme before joining Birch", "played for Acme from 1988-91". Only where
    the clause itself states the tie (its verb, or the post or place it takes), not a noun
    phrase in it ("Acme's chief Jane Roe waited until Monday")."""
    past = verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children
    )
    if not past:
        return False
    if trigger.i != verb.i and not (
        trigger.head.i == verb.i and trigger.dep_ in ("attr", "dobj", "acomp", "prep", "oprd")
    ):
        return False
    return any(
        (child.dep_ == "prep" and child.lower_ in _UNTIL)
        or (
            child.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in _UNTIL for m in child.children)
        )
        or _moving_on_after(child)
        or _closed_years(child)
        for holder in {verb, trigger, *_participles(verb)}
        for child in holder.children
    )


def _closed_years(child: Token) -> bool:
    """ "from 1988-91", "from 1988 to 1991", "between 1990 and 1995": a spell of years that
    names its end."""
    if child.dep_ != "prep" or child.lower_ not in ("from", "between"):
        return False
    years = [t for t in child.subtree if t.text.isdigit() and len(t.text) in (2, 4)]
    return len(years) >= 2 and len(years[0].text) == 4


# Verbs whose reported clause shifts the present into the past: "said he was chairman".
_REPORTING_VERBS = frozenset({"say", "tell", "claim", "insist", "explain", "add", "confirm"})


def _past_post(verb: Token, trigger: Token) -> bool:
    """Whether the clause says in the past tense that someone held a post: "Tom Hale was
    head of Acme", "who had been chairman of Acme". A post still held is told in the
    present ("is head of"), so the past one is over; not where a reported clause shifts
    the tense ("said he was chairman"), nor for a post that is no role word (a firm "was
    the largest bank in Norway" is still there)."""
    if verb.lemma_ != "be" or verb.pos_ != "AUX" or trigger.lower_ not in _past_post_words():
        return False
    past = verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
    )
    if not past:
        return False
    post = trigger
    for _ in range(4):  # "was director and then chairman of Acme": every post in the row
        if post.dep_ != "conj":
            break
        post = post.head
    if post.dep_ != "attr" or post.head.i != verb.i:
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in ("it", "this", "that") for c in verb.children):
        return False  # "It was the Tory spokesman, Tom Hale, who ...": who spoke, not when
    return not (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in _REPORTING_VERBS)


# Verbs of holding a post or a home over time, whose simple past with a span ("for ten years")
# tells a spell that is over; not verbs of taking one up ("signed for two years": a term).
_HOLDING_VERBS = frozenset(
    {"work", "play", "captain", "manage", "coach", "serve", "lead", "run", "head", "chair",
     "edit", "live", "teach", "represent", "stay"}
)  # fmt: skip
_SPANS = frozenset({"year", "season", "month", "decade"})
# Words before a span that make it reach the present or the future ("for the past ten years").
_OPEN_SPANS = frozenset({"past", "last", "next", "coming", "further", "another"})


def _held_for_a_span(verb: Token) -> bool:
    """Whether a verb of holding a post or a home tells in the simple past that it lasted a
    span: "worked at Acme for ten years", "served in Parliament for 47 years" (over); not "has
    worked ... for ten years", nor "for the past ten years", which reach the present."""
    if verb.tag_ != "VBD" or verb.lemma_.lower() not in _HOLDING_VERBS:
        return False
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "for":
            continue
        for span in prep.children:
            if span.dep_ == "pobj" and span.lemma_.lower() in _SPANS:
                return not any(c.lower_ in _OPEN_SPANS for c in span.children)
    return False


@cache
def _past_post_words() -> frozenset[str]:
    """The words of posts the patterns read (positions.yaml), less a side's places: a
    match report tells in the past who played or led on the day ("was captain for Leeds
    on Saturday"), not who has left."""
    players = bundled_lexicon("employment.yaml", "players") | {"captain", "skipper"}
    return bundled_lexicon("positions.yaml", "roles") - players


def _participles(verb: Token) -> list[Token]:
    """The participle clauses of a verb, where the parse may hang what is said of the
    whole ("made 110 appearances, scoring 18 goals, before joining Birch")."""
    return [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"]


# Nouns of a company's part named with its owner's possessive ("Acme's Birch unit").
_UNIT_NOUNS = frozenset(
    {"subsidiary", "subsidiaries", "unit", "units", "arm", "division", "affiliate", "offshoot"}
)


def _possessed_unit(trigger: Token) -> bool:
    """Whether the relation is an owner's possessive on a unit noun, or names a site or a
    home by its owner outside the verb's object ("will build cars at its Kestrel factory
    in Oslo", "plans to put a rig on his Texas ranch"): it holds whatever the clause
    around it plans or announces."""
    if trigger.lower_ in _owned_places():
        owned = any(c.dep_ in ("poss", "compound") for c in trigger.children)
        return owned and trigger.dep_ != "dobj"
    return trigger.lower_ in _UNIT_NOUNS and any(c.dep_ == "poss" for c in trigger.children)


@cache
def _owned_places() -> frozenset[str]:
    """The words of the site and home patterns (ingest/patterns/location.yaml)."""
    return bundled_lexicon("location.yaml", "sites") | bundled_lexicon("location.yaml", "homes")


def _past_spell(trigger: Token) -> bool:
    """Whether a post is named after "as" on a spell that a verb in the past tense
    governs: "had a spell as manager of Leeds", "ended his stint as chairman"; or the
    trigger is such a spell itself ("had a stint with Leeds"), or one "after" names
    ("after spells at Leeds and Hull")."""
    if trigger.lower_ in _ENDED_SPELLS and trigger.dep_ == "pobj":
        return trigger.head.lower_ in ("after", "following")
    if trigger.lower_ in _ENDED_SPELLS:
        spell = trigger
    elif trigger.dep_ != "pobj" or trigger.head.lower_ != "as":
        return False
    else:
        spell = trigger.head.head
    return (
        spell.lower_ in _ENDED_SPELLS and spell.dep_ == "dobj" and spell.head.tag_ in ("VBD", "VBN")
    )


def _in_a_past_decade(holder: Token) -> bool:
    """Whether a post or a clause is set in a decade gone by: "in the 1970s", "during
    the 80s". Such a tie is over; the decade of the news itself is not named this way."""
    return any(
        child.dep_ == "prep"
        and child.lower_ in ("in", "during", "throughout")
        and any(obj.dep_ == "pobj" and _PAST_DECADE.match(obj.text) for obj in child.children)
        for child in holder.children
    )


# A decade before the news's own: "1970s", "1890s", "80s", "'60s".
_PAST_DECADE = re.compile(r"^(?:1[89][0-9]0s|'?[1-9]0s)$")

# Words before such a noun that say the leaving is still to come ("his impending retirement").
_NOT_YET_WORDS = frozenset(
    {"impending", "planned", "expected", "proposed", "forthcoming", "upcoming", "future",
     "possible", "likely", "rumoured", "threatened", "looming"}
)  # fmt: skip
# Nouns of someone leaving a post: "the departure of Tom Hale".
_DEPARTURES = frozenset(
    {"departure", "exit", "sacking", "resignation", "dismissal", "retirement", "ousting"}
)


def _said_of_a_leaver(verb: Token) -> bool:
    """Whether ``verb`` heads a relative clause on someone whose leaving the sentence
    tells: "following the departure of Tom Hale, who guided Leeds to the title"."""
    if verb.dep_ != "relcl":
        return False
    person = verb.head
    return (
        person.dep_ == "pobj"
        and person.head.lower_ == "of"
        and person.head.head.lemma_.lower() in _DEPARTURES
    )


def _ends_a_tie(token: Token) -> bool:
    """Whether a noun is an agreement to end something ("an agreement to dissolve")."""
    return token.pos_ == "NOUN" and any(
        c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _ENDING_VERBS for c in token.children
    )


def _pending_deal(deal: Token, verb: Token | None, arguments: Iterable[Token]) -> bool:
    """ "Acme's proposed takeover of Birch", "Acme agreed a takeover of Birch",
    "Acme's takeover of Birch, which still needs approval", "a merger of Acme and Birch
    would ...": not yet done."""
    if any(
        c.dep_ in ("amod", "compound") and c.lower_ in _PENDING_MODIFIERS for c in deal.children
    ):
        return True
    if (
        verb is not None
        and (
            (deal.dep_ == "dobj" and deal.head.i == verb.i)
            or (deal.dep_ == "pobj" and deal.head.head.i == verb.i)  # "agreed to a takeover"
        )
        and verb.lemma_.lower() in _DEAL_PLANNING_VERBS
    ):
        return True
    if deal.dep_ in ("nsubj", "nsubjpass") and _awaits_decision(deal.head):
        return True  # "the takeover still needs approval"
    if deal.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL_AUXILIARIES for c in deal.head.children
    ):
        return True  # "a merger of Acme and Birch would create a giant": not done
    return any(
        child.dep_ in ("relcl", "acl") and _awaits_decision(child)
        for token in (deal, *arguments)
        for child in token.children
    )


def _awaits_decision(verb: Token) -> bool:
    """ "needs approval", "is awaiting clearance from", "is subject to a vote", "will have
    to be approved", "must be cleared"."""
    lemma = verb.lemma_.lower()
    if lemma in ("have", "need") and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in _APPROVAL_VERBS for c in verb.children
    ):
        return True  # "will still have to be approved by shareholders"
    if (
        lemma in _APPROVAL_VERBS
        and any(c.dep_ == "auxpass" for c in verb.children)
        and any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    ):
        return True  # "must be cleared by regulators"
    if lemma in _AWAITING_VERBS:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        objects += [o for p in verb.children if p.dep_ == "prep" for o in p.children]
        return any(o.lemma_.lower() in _DECISIONS for o in objects)
    return any(
        c.lower_ == "subject"
        and any(
            p.lower_ == "to" and any(o.lemma_.lower() in _DECISIONS for o in p.children)
            for p in c.children
        )
        for c in verb.children
        if c.dep_ in ("acomp", "amod", "attr")
    )


def _planning_verb(token: Token) -> bool:
    """A verb whose complement is not yet done, by its lemma or by its third person
    (the model lemmatizes "hopes" as "hop")."""
    lemma = token.lemma_.lower()
    word = token.lower_
    return lemma in _PLANNING_VERBS or (word.endswith("s") and word[:-1] in _PLANNING_VERBS)


def _not_yet(verb: Token) -> bool:
    """ "will sell", "may sell", "to sell", "considers selling": not done yet."""
    if any(
        c.dep_ in ("aux", "auxpass") and (c.tag_ == "MD" or c.lower_ == "to") for c in verb.children
    ):
        return True
    return verb.dep_ in ("xcomp", "ccomp") and _planning_verb(verb.head)


def named_as_a_leaver(token: Token) -> bool:
    """Whether the noun phrase ``token`` belongs to is the subject of a removal or a
    resignation ("Acme's head Tom Hale was fired", "Tom Hale, Acme's chief, resigned"),
    not of "left" or "departed", which also tell of a journey, or is named after a noun of
    leaving ("the resignation of Acme chairman Tom Hale")."""
    phrase = token
    while phrase.dep_ in ("appos", "compound", "poss") and phrase.head.i != phrase.i:
        phrase = phrase.head
    item = phrase
    while item.dep_ == "conj" and item.head.i != item.i:
        item = item.head  # "the resignation of X, Y and Z": each of them
    if (
        item.dep_ == "pobj"
        and item.head.lower_ == "of"
        and item.head.head.lemma_.lower() in _DEPARTURES
        and not any(c.lower_ in _NOT_YET_WORDS for c in item.head.head.children)
    ):
        return True  # "the resignation of Acme chairman Tom Hale", not "the impending ..."
    verb = phrase.head
    lemma = verb.lemma_.lower()
    if phrase.dep_ == "nsubjpass":
        leaving = lemma in _REMOVING_VERBS
    elif phrase.dep_ == "nsubj":
        leaving = lemma in _QUITTING_VERBS
    else:
        return False
    # "Labour MP Tom Hale resigned as minister": the post left is another one
    named_post = any(c.dep_ == "prep" and c.lower_ in ("as", "from") for c in verb.children)
    return leaving and verb.pos_ == "VERB" and not named_post and not _not_yet(verb)


def _leaves_the_post(verb: Token, arguments: Iterable[Token]) -> bool:
    """ "quit as manager", "X left Acme": the verb is about leaving a position.

    Not "falling sales have left Acme with spare capacity": the verb must take
    "as" or have one of the relation's arguments as its subject.
    """
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return True
    if any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
        for c in verb.children
    ):
        return True  # "was sacked as Acme coach" parsed as a clause: "as" marks it
    indices = {t.i for t in arguments}
    # who is sacked is the passive's subject or the active's object ("Talbot Bank sacked
    # Tom Hale"); the active's subject, who sacks someone else, keeps a post
    if verb.lemma_.lower() in _REMOVING_VERBS:
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i in indices:
            return True  # "one of the designers sacked by Acme": the noun is who goes
        return any(c.dep_ in ("nsubjpass", "dobj") and c.i in indices for c in verb.children)
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i in indices for c in verb.children)


def _the_one_replaced(verb: Token, arguments: Iterable[Token]) -> bool:
    """Whether the relation read at a verb of succeeding is about the one replaced in a
    post the verb names after "as" (or the employer after an "at" the reading went
    through: "replaced Tom Hale at Leeds"): its object, or the passive's subject when the
    reading does not go through its agent ("was replaced as captain by Ann Tolley" gives
    her the post)."""
    arguments = list(arguments)
    indices = {t.i for t in arguments}
    # "as" on the verb, or on its object ("succeeded Tom Hale as chairman" parsed so)
    if not any(
        c.dep_ == "prep"
        and (
            (
                c.lower_ == "as"
                and (c.head.i == verb.i or (c.head.dep_ == "dobj" and c.head.i in indices))
            )
            or (c.lower_ == "at" and c.head.i == verb.i and c.i in indices)
        )
        for c in (*verb.children, *(g for t in verb.children for g in t.children))
    ):
        return False  # "came on and replaced Kestrel's Tom Hale": a substitute, no post
    if any(c.dep_ == "dobj" and c.i in indices for c in verb.children):
        return True
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    # the parse hangs "by" on the verb or on the post after "as"
    through_agent = any(t.dep_ == "pobj" and t.head.lower_ == "by" for t in arguments)
    return passive and not through_agent


def _taken_over_from(verb: Token, arguments: Iterable[Token]) -> bool:
    """Whether the relation is about the one a post was taken over from: "took over (took
    charge, took the helm) at Leeds from Tom Hale" names him after "from"."""
    if verb.lemma_.lower() != "take" or not any(
        c.lower_ in bundled_lexicon("employment.yaml", "taking_over") and c.dep_ in ("prt", "dobj")
        for c in verb.children
    ):
        return False
    return any(
        t.dep_ == "pobj" and t.head.lower_ == "from" and t.head.head.i == verb.i for t in arguments
    )


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
