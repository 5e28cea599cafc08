"""Coordinated arguments: one relation per item of a list.

"partnered with A, B and C" states three partnerships. The parse coordinates
some lists ("A, B and C" as conjuncts) but not all: it stops at an item
followed by its place ("A in France, B in England, and C"), an acronym in
brackets, or a descriptive aside in a list separated by semicolons. The items
the parse coordinates are read from it; the rest are read off the tokens:
entities of the first item's type, separated by commas, "and" or semicolons.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.spans import DocEntities, sentence_of


def coordinated(
    doc: Doc, entities: DocEntities, token: Token, trigger: Token, ontology: Ontology
) -> list[Token]:
    """A token plus its coordinated items on the same side of the trigger.

    A phrase after a list is said of the items after the last phrase like it: in
    "A, from Leeds, and B and C, from Oslo", "from Oslo" is said of B and C only.
    """
    before = token.i < trigger.i
    conjuncts = token.conjuncts + _listed_in_apposition(entities, token)
    # "parent companies A and B plus C": what "plus" adds stands outside the list's kind
    plus = min(
        (
            c.i
            for t in (token, *conjuncts)
            for c in t.children
            if c.dep_ == "cc" and c.lower_ == "plus"
        ),
        default=len(doc),
    )
    items = [token] + [
        c
        for c in conjuncts
        if (c.i < trigger.i) == before and c.i < plus and not _possessor(entities, c)
    ]
    if before:
        # a phrase like the trigger on an item or in its apposition ("A, 37, a farmer from
        # Leeds, and B, 42, from Oslo": Oslo is B's home alone)
        own = [
            c.i
            for t in items
            for c in (
                *t.children,
                *(g for a in t.children if a.dep_ == "appos" for g in a.children),
            )
            if c.lower_ == trigger.lower_ and c.i < trigger.i and c.dep_ == trigger.dep_
        ]
        if own:
            items = [t for t in items if t.i > max(own)]
            if not items:
                return []  # every item stands before a phrase like the trigger: not its own
    last = max(items, key=lambda t: t.i)
    if before and len(items) > 1 and _is_place(entities, last, ontology):
        # "Ann Tolley for Kestrel Lane and Hong Kong director Tom Hale": the place right
        # before the title is where he is from, and the name before "and" is no employer
        # of his but what the parse hung on the title from the phrase before it
        return [t for t in items if _is_place(entities, t, ontology)]
    return items + _list_continuation(doc, entities, last, before, trigger, ontology)


def _listed_in_apposition(entities: DocEntities, token: Token) -> tuple[Token, ...]:
    """Names of the same type the parse hangs on ``token`` as appositions inside a list, and
    their conjuncts: "A, B, C and D" parsed with B in apposition to A and C and D as
    conjuncts of A or of B. An apposition no conjunct follows, or one with an article,
    describes ``token``; one with a statement of its own after it ends the list."""
    first = entities.entity_at(token.i)
    if first is None:
        return ()

    def listed(word: Token) -> bool:
        item = entities.entity_at(word.i)
        return item is not None and item.type == first.type and item.id != first.id

    found: list[Token] = []
    for child in token.children:
        if (
            child.dep_ == "appos"
            and child.i > token.i
            and listed(child)
            # "The World, a Kestrel and Norvik co-production": a description, no item
            and not any(c.dep_ == "det" for c in child.children)
            # "..., Kestrel Capital which is owned by the state": a statement of its own
            and not _says_its_own(entities, child)
            and any(c.i > child.i and listed(c) for c in (*token.conjuncts, *child.conjuncts))
        ):
            found += [child, *(c for c in child.conjuncts if listed(c))]
    return tuple(found)


def _says_its_own(entities: DocEntities, word: Token) -> bool:
    """Whether the name at ``word`` is the subject of a statement of its own after it."""
    span = entities.span_at(word.i)
    end = span.end if span is not None else word.i + 1
    return _opens_a_statement(word.doc, end, sentence_of(word.doc, word.i).end)


def _is_place(entities: DocEntities, token: Token, ontology: Ontology) -> bool:
    entity = entities.entity_at(token.i)
    return entity is not None and ontology.has_trait(entity.type, "place")


def _possessive_name(name: str) -> bool:
    """A name that ends in a possessive of its own ("Macy's", "Bloomingdale's")."""
    return name.endswith(("'s", "\u2019s"))


def _owns_next(doc: Doc, i: int, end: int) -> bool:
    """Whether token ``i`` is a possessive before a word it owns ("Vogts' assistant"), not
    one ending a name before punctuation ("Macy's and Bloomingdale's - ...")."""
    return i + 1 < end and doc[i].tag_ == "POS" and doc[i + 1].is_alpha


def _possessor(entities: DocEntities, token: Token) -> bool:
    """Whether a coordinated name owns the noun after it ("A and B and Vogts' assistant
    C"): a possessor, not an item of the list, unless the possessive is its own name's."""
    if not any(
        child.tag_ == "POS" and _owns_next(token.doc, child.i, len(token.doc))
        for child in token.children
    ):
        return False
    entity = entities.entity_at(token.i)
    return entity is None or not _possessive_name(entity.name)


def _skip_aside(doc: Doc, entities: DocEntities, i: int, end: int, ontology: Ontology) -> int:
    """Skip what may follow a list item before the next separator.

    Line breaks, an acronym in parentheses ("(MSS)"), and in a list separated
    by semicolons, a descriptive aside up to the semicolon ("the Ministry of
    State Security, China's top intelligence agency; ..."), unless the aside
    names a person or an organization (then the comma separates two items).
    """
    i = _skip_space(doc, i, end)
    if i < end and doc[i].text == "(":
        close = next((k for k in range(i, min(end, i + 8)) if doc[k].text == ")"), None)
        if close is not None:
            i = _skip_space(doc, close + 1, end)
    if i < end and doc[i].text == ",":
        semicolon = next(
            (k for k in range(i + 1, min(end, i + 15)) if doc[k].text in (";", ",")), None
        )
        if semicolon is not None and doc[semicolon].text == ";":
            between = {entities.span_at(k) for k in range(i + 1, semicolon)} - {None}
            if not any(
                entities.entities.get(s.entity_id)
                and any(
                    ontology.has_trait(entities.entities[s.entity_id].type, trait)
                    for trait in ("organization", "person")
                )
                for s in between
                if s is not None
            ):
                i = semicolon
    return i


def _list_continuation(
    doc: Doc,
    entities: DocEntities,
    token: Token,
    before: bool,
    trigger: Token,
    ontology: Ontology,
) -> list[Token]:
    """Entities listed after ``token`` that the parse did not coordinate.

    "with A and B in France, C in England, and D": items are entities of the
    same type separated by commas or "and", each optionally followed by
    "in <place>"; the places are never items. A name followed by its own
    verb or relative clause ("..., C which is linked with D") starts a new
    statement and ends the list.
    """
    first = entities.entity_at(token.i)
    span = entities.span_at(token.i)
    if first is None or span is None:
        return []
    sent_end = sentence_of(doc, token.i).end
    found: list[Token] = []
    i = _past_kind_words(doc, span.end, sent_end)
    while i < sent_end:
        j = _skip_aside(doc, entities, i, sent_end, ontology)
        if j >= sent_end:  # the list ends the sentence (trailing spaces skipped)
            break
        if doc[j].lower_ in ("in", "of") and j + 1 < sent_end:
            place = entities.span_at(j + 1)
            located = entities.entity_at(j + 1) if place else None
            if place and located is not None and ontology.has_trait(located.type, "place"):
                j = place.end
        k = j
        while k < sent_end and (doc[k].lower_ in (",", "and", ";") or doc[k].is_space):
            k += 1
        if k == j or k >= sent_end:
            break
        nxt = entities.span_at(k)
        if k < sent_end and doc[k].lower_ == "the" and nxt is None:
            nxt = entities.span_at(k + 1)
        item = entities.entities.get(nxt.entity_id) if nxt else None
        if nxt is None or item is None or item.type != first.type:
            break
        if (nxt.start < trigger.i) != before:
            break
        head_word = doc[nxt.end - 1]
        if head_word.dep_ == "conj" and head_word.head.pos_ in ("VERB", "AUX"):
            break  # the parse coordinated it with a clause ("followed by A ..., and B")
        if _opens_a_statement(doc, nxt.end, sent_end):
            break  # "..., Birch which is owned by Y": a new statement, not an item
        after = _skip_space(doc, nxt.end, sent_end)
        if _owns_next(doc, after, sent_end) and not _possessive_name(item.name):
            break  # "A and B and Vogts' assistant C": a possessor, not an item
        found.append(doc[nxt.start])
        i = nxt.end
    return found


def _past_kind_words(doc: Doc, i: int, end: int) -> int:
    """The token after the common nouns a name is part of ("Kestrel magazine").

    The entity is the name alone, but the list goes on after the noun it
    modifies: "for Kestrel magazine and the Daily Planet".
    """
    while i < end and doc[i].pos_ == "NOUN" and doc[i].is_lower and doc[i - 1].head.i == i:
        i += 1
    return i


def _opens_a_statement(doc: Doc, end: int, sent_end: int) -> bool:
    """Whether the words after a name ending at ``end`` make it the subject of a statement of
    its own (a relative pronoun or a verb), which no list goes on past."""
    after = _skip_space(doc, end, sent_end)
    return after < sent_end and (
        doc[after].lower_ in ("which", "who", "that", "whose") or doc[after].pos_ in ("VERB", "AUX")
    )


def _skip_space(doc: Doc, i: int, end: int) -> int:
    while i < end and doc[i].is_space:
        i += 1
    return i
