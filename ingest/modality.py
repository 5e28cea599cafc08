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

from collections.abc import Iterable

from spacy.tokens import Token

FORMER = "former"
PLANNED = "planned"

_FORMER_MODIFIERS = frozenset(
    {"former", "ex", "onetime", "one-time", "erstwhile", "previous", "late", "ousted", "sacked"}
)
# Verbs whose subject leaves the position: "quit as", "stepped down as", "left".
_LEAVING_VERBS = frozenset(
    {"quit", "resign", "leave", "retire", "depart", "oust", "sack", "fire", "dismiss", "axe"}
)
_STEP_PARTICLES = frozenset({"down", "aside"})
_PAST_ADVERBS = frozenset({"previously", "formerly", "once"})
# Words that give where someone comes from ("born in Leeds", "a Cork native"): a
# place they lived in, which the sentence does not say they still live in.
_ORIGIN_WORDS = frozenset({"born", "native", "natives"})
# Verbs whose complement is not yet done: "plans to merge", "agreed to buy".
_PLANNING_VERBS = frozenset(
    {"plan", "agree", "intend", "expect", "aim", "propose", "prepare", "seek", "hope", "want",
     "set", "poise", "schedule", "due", "vote", "offer", "bid", "consider", "threaten",
     "tip", "try", "attempt"}
)  # fmt: skip
_FUTURE_AUXILIARIES = frozenset({"will", "would", "'ll", "shall", "wo"})
# A relation read in a noun phrase stops climbing at these dependencies.
_NOUN_PHRASE_DEPS = frozenset({"appos", "nsubj", "nsubjpass", "compound", "poss", "npadvmod"})


def _has_former_modifier(token: Token) -> bool:
    doc = token.doc
    if token.lower_.startswith("ex-"):
        return True
    if token.i >= 2 and doc[token.i - 1].text in ("-", "‐") and doc[token.i - 2].lower_ == "ex":
        return True
    return any(
        child.dep_ in ("amod", "advmod", "compound", "nmod") and child.lower_ in _FORMER_MODIFIERS
        for child in token.children
    )


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
        current = current.head
    return None


def _as_complement(token: Token) -> bool:
    """ "stepped down as director and vice-chairman of X": a title after "as" belongs
    to the verb's clause even where the parse hangs a second title on the first."""
    return token.dep_ == "pobj" and token.head.lower_ == "as"


def relation_status(trigger: Token, arguments: Iterable[Token]) -> str | None:
    """``former``, ``planned`` or None for a relation read at ``trigger``.

    ``arguments`` are the other tokens the reading used (the role noun, the
    argument heads): a "former" on any of them makes the relation former.
    """
    arguments = list(arguments)
    if trigger.lower_ in _ORIGIN_WORDS:
        return FORMER
    verb = clause_verb(trigger)
    # A name's own modifier ("former Acme chief Jane Roe") speaks for a relation
    # read in the noun phrase, not for what the clause says the person does now.
    tokens = [trigger, *(t for t in arguments if verb is None or t.pos_ != "PROPN")]
    if any(_has_former_modifier(t) for t in tokens):
        return FORMER
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    if lemma == "step" and any(c.lower_ in _STEP_PARTICLES for c in verb.children):
        return FORMER
    if any(c.dep_ == "advmod" and c.lower_ in _PAST_ADVERBS for c in verb.children):
        return FORMER  # "previously worked at Acme"
    if lemma in _LEAVING_VERBS and _leaves_the_post(verb, arguments):
        return FORMER
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUXILIARIES for c in verb.children):
        return PLANNED
    governor = verb.head if verb.dep_ == "xcomp" else None
    if governor is not None and governor.lemma_.lower() in _PLANNING_VERBS:
        return PLANNED
    if governor is not None and governor.lemma_ == "be" and _infinitive(verb):
        return PLANNED  # "Acme is to buy Birch"
    if verb.dep_ == "xcomp" and verb.head.lower_ in ("going", "about"):
        return PLANNED
    return None


def _leaves_the_post(verb: Token, arguments: Iterable[Token]) -> bool:
    """ "quit as manager", "X left Acme": the verb is about leaving a position.

    Not "falling sales have left Acme with spare capacity": the verb must take
    "as" or have one of the relation's arguments as its subject.
    """
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return True
    indices = {t.i for t in arguments}
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i in indices for c in verb.children)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
