"""Whether a sentence asserts a relation, hedges it, or denies it.

A pattern that matches "Acme denied that Roe works for it" or "Roe does not work
for Acme" must give nothing, and "Roe allegedly works for Acme" or reported
speech ("Birch said Roe works for Acme") must not weigh as much as a plain
statement: an investigator reads the confidence. Hedge and denial cues are
found with one Matcher pass per document and mark their whole sentence;
negation and reporting are read off the parse from the trigger word.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from threadline.ingest.node_matches import FixedSequenceMatcher
from threadline.ingest.spans import sentence_of

# A hedged statement ("allegedly", "according to", reported speech) keeps this
# share of the pattern's confidence.
HEDGE_FACTOR = 0.6
_REPORTING_VERBS = frozenset(
    {"say", "claim", "allege", "report", "tell", "state", "assert", "suggest", "believe"}
)
# Cues found with one Matcher pass per document; each marks its whole sentence.
_HEDGE_CUES: list[list[dict[str, Any]]] = [
    [{"LOWER": {"IN": ["allegedly", "reportedly", "purportedly", "supposedly", "alleged",
                        "rumored", "rumoured", "suspected", "apparently"]}}],
    [{"LEMMA": {"IN": ["allege", "accuse"]}}],
    [{"LOWER": "according"}, {"LOWER": "to"}],
    [{"LEMMA": {"IN": ["say", "believe", "think", "rumor", "report"]}}, {"LOWER": "to"}, {"LEMMA": "be"}],
]  # fmt: skip
_DENIAL_CUES: list[list[dict[str, Any]]] = [
    [{"LEMMA": {"IN": ["deny", "refute", "disavow"]}}],
    [{"LOWER": {"IN": ["falsely", "denial", "denials", "ineligible"]}}],
]


def cue_matcher(vocab: Vocab) -> FixedSequenceMatcher:
    """The matcher of hedge and denial cues (spaCy's token Matcher on the Doc's arrays),
    compiled once per vocabulary."""
    cues = FixedSequenceMatcher(vocab)
    cues.add("HEDGE", _HEDGE_CUES)
    cues.add("DENIAL", _DENIAL_CUES)
    return cues


def hedged_and_denied(doc: Doc, cues: FixedSequenceMatcher) -> tuple[set[int], frozenset[int]]:
    """First tokens of the sentences holding a hedge cue, and the denying words.

    A denying word is the verb or noun of a denial ("denied", "denial"), or the
    verb a "falsely" modifies.
    """
    hedged: set[int] = set()
    denials: set[int] = set()
    for match_id, start, _end in cues(doc):
        if doc.vocab.strings[match_id] == "DENIAL":
            token = doc[start]
            denials.add(token.head.i if token.pos_ == "ADV" else token.i)
        else:
            hedged.add(sentence_of(doc, start).start)
    return hedged, frozenset(denials)


def denied(trigger: Token, denials: frozenset[int]) -> bool:
    """Whether a denial governs the statement read at ``trigger``.

    "X denied that he worked for Y", "X's denial of links to Y": the statement
    lies under the denying word. A relation read in the denier's own subject
    ("X, chief of Y, denied the charges") is not denied.
    """
    if not denials:
        return False
    child: Token | None = None
    token = trigger
    for _ in range(12):
        if token.i in denials:
            return child is None or child.dep_ not in ("nsubj", "nsubjpass", "csubj")
        if token.head.i == token.i:
            return False
        child, token = token, token.head
    return False


# Verbs whose infinitive complement did not happen.
_FAILING_VERBS = frozenset({"fail", "refuse", "decline", "reject", "abandon", "scrap"})
# Verbs of an attempt: told in the past ("tried to buy Birch"), it did not make the tie,
# or the sentence would say so.
_ATTEMPT_VERBS = frozenset({"try", "attempt"})


def _did_not_happen(verb: Token) -> bool:
    """Whether a verb says its infinitive complement did not happen: a failure or a
    refusal, or an attempt told in the past."""
    lemma = verb.lemma_.lower()
    return lemma in _FAILING_VERBS or (lemma in _ATTEMPT_VERBS and verb.tag_ in ("VBD", "VBN"))


def negated(trigger: Token) -> bool:
    """Whether the predicate of the trigger is negated ("not", "never", "no longer",
    "failed to").

    Climbs from the trigger through the predicate it belongs to (copula,
    auxiliaries, complement clauses) but not into the clause a noun argument
    sits in: "X, president of Y, did not attend" still says X works for Y.
    """
    token = trigger
    for _ in range(8):
        if token.dep_ == "xcomp" and _did_not_happen(token.head):
            return True  # "Acme failed to buy Birch", "Acme tried to buy Birch, but ..."
        for child in token.children:
            if child.dep_ == "neg":
                return True
            if child.lower_ == "longer" and child.i > 0 and token.doc[child.i - 1].lower_ == "no":
                return True
        if token.dep_ in (
            "ROOT",
            "nsubj",
            "nsubjpass",
            "dobj",
            "pobj",
            "appos",
            "compound",
            "poss",
        ):
            return False
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def reported(trigger: Token) -> bool:
    """Whether a reporting verb ("said", "claimed") governs the trigger's clause."""
    token = trigger
    for _ in range(12):
        if token.dep_ in ("ccomp", "parataxis") and token.head.lemma_ in _REPORTING_VERBS:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


# Words of a deal or a transfer talked about: beside them, "linked to" tells of a rumour.
_SPECULATION_WORDS = frozenset(
    {"speculation", "rumour", "rumours", "rumor", "rumors", "takeover", "bid", "bids",
     "bidder", "bidders", "suitor", "suitors", "move", "transfer", "switch"}
)  # fmt: skip


# Adverbs of talk said again and again: "has been constantly linked with Kestrel United".
_REPEATED_TALK = frozenset(
    {"constantly", "repeatedly", "persistently", "continually", "continuously", "regularly",
     "frequently", "often", "heavily", "widely"}
)  # fmt: skip


def rumoured_link(trigger: Token) -> bool:
    """Whether "linked to" tells of a rumoured deal, not of a tie: "Acme was the focus of
    takeover speculation, when it was linked to Birch", "Jane Roe has been linked with a
    move to Kestrel United", "has been constantly linked with Kestrel United" (a tie is
    stated once, a rumour is repeated). Only the verb "link" is read; "affiliated with" is
    a tie."""
    if trigger.lemma_.lower() != "link":
        return False
    if any(c.dep_ == "advmod" and c.lower_ in _REPEATED_TALK for c in trigger.children):
        return True
    return any(t.lower_ in _SPECULATION_WORDS for t in sentence_of(trigger.doc, trigger.i))
