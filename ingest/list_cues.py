"""Type votes from the list a name stands in: what comes before a list speaks for all
its items ("brands include A, B and C", "carmakers, including A, B and C"), and so do
the other items ("Paris, Oslo and Lisbon"; "Hyundai, Toyota, Suzuki and Ford").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadline.ingest.evidence import (
    DESCRIPTOR,
    FIRST_NAME,
    PERSON_TITLE,
    RECORDING,
    SCREEN_WORK,
    Evidence,
    first_names,
    places,
)
from threadline.names import name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def list_evidence(
    doc: Doc, start: int, end: int, descriptors: frozenset[str], evidence: Evidence
) -> None:
    """Votes for the name at ``start:end`` from the list it ends or begins.

    In a list of works named with their owners ("hits include Kestrel's Winter Roads and
    Norvik's Cold Road") the item is the work, standing where its owner's name begins;
    the owner is no item.
    """
    if end < len(doc) and doc[end].tag_ == "POS":
        return
    start = _owner_start(doc, start)
    if (
        start > 1
        and doc[start - 1].text == "The"
        and _cued_item(doc, start - 1, descriptors, evidence)
    ):
        return  # "games such as The Kestrel Quest", "firms like Kestrel and The Cloud"
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in ("and", "or", ","):
        # "companies Kestrel and X", "brands include Hoover, Candy and X": what
        # comes before a list speaks for all its items, else the other items do
        head = None if _cued_item(doc, start, descriptors, evidence) else list_start(doc, start)
        if head is not None and _listed_with_places(doc, head, start):
            evidence.add("Location", DESCRIPTOR, "listed with places")
        elif head is not None and _listed_with_organizations(doc, head, start):
            evidence.add("Organization", DESCRIPTOR, "listed with organizations")
        elif head is not None and _all_full_names(_list_items(doc, head, start)):
            evidence.add("Person", FIRST_NAME, "listed with people")
    elif list_follows(doc, end) and _all_full_names(_items_after(doc, end)):
        # "up against Hollis, Ann Lee and Mary Varga": a surname first in a list of people
        evidence.add("Person", FIRST_NAME, "listed with people")
    elif before in _PERFORMER_LISTS or (
        before == "of" and start > 1 and doc[start - 2].lower_ in _PLACE_LISTS
    ):
        _list_cues(doc, start, descriptors, evidence)  # "singers A", "the cities of A"
    else:
        _cued_item(doc, start, descriptors, evidence)  # its first item ("brands include X")
    if _first_of_two_persons(doc, start, end):
        evidence.add("Person", FIRST_NAME, "paired with a person")


def _cued_item(doc: Doc, start: int, descriptors: frozenset[str], evidence: Evidence) -> bool:
    """Votes for an item opening at ``start`` from the words before its list ("brands
    include A", "brands include A, B and C"), if they say what its items are (True then).
    An item that opens with a title's "The" gets only these: the other items say less of a
    title ("Bono, The Edge": a band's members, whatever the model makes of the first)."""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in ("and", "or", ","):
        head = list_start(doc, start)
        return head is not None and _list_cues(doc, head, descriptors, evidence)
    return (
        start > 0
        and _introduces_a_list(doc, start - 1)
        and _list_cues(doc, start, descriptors, evidence)
    )


def _owner_start(doc: Doc, start: int) -> int:
    """Where the name of the owner before a name begins ("Kestrel's Winter Roads": at
    "Kestrel"), or ``start`` when no possessive stands before it."""
    if start < 2 or doc[start - 1].tag_ != "POS":
        return start
    i = start - 2
    while i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].pos_ == "PROPN":
        i -= 1
    return i if doc[i].text[:1].isupper() else start


def _first_of_two_persons(doc: Doc, start: int, end: int) -> bool:
    """Whether a name of two capitalized words stands alone before "and" and a person's
    name the model tags in full, a common first name opening it: "including Tom Hale and
    Ann Tolley" names two people, where the model may take the first for a body."""
    if end - start != 2 or not all(t.is_title for t in doc[start:end]):
        return False
    if doc[end - 1].tag_ == "NNPS":
        return False  # "Kestrel Sisters and Tom Hale": a band's plural word, no surname
    if start > 0 and doc[start - 1].lower_ in ("and", "or", ",", "&"):
        return False  # an item of a longer list: the list's votes speak for it
    other = doc[end + 1 : end + 3]
    return (
        end + 3 <= len(doc)
        and doc[end].lower_ == "and"
        and all(t.ent_type_ == "PERSON" for t in other)
        and other[0].ent_iob_ == "B"
        and other[0].lower_ in first_names()
        and (end + 3 == len(doc) or doc[end + 3].ent_iob_ != "I")
    )


def list_follows(doc: Doc, end: int) -> bool:
    """Whether a comma and another name follow a name: it is an item of a list."""
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "PROPN"


# Plural nouns that introduce a list of products ("brands include A, B and C").
_PRODUCT_LISTS = frozenset(
    {
        "brands",
        "drugs",
        "products",
        "models",
        "medicines",
        "labels",
        "marques",
        "burgers",
        "drinks",
        "cars",
        "phones",
        "beers",
        "snacks",
        "foods",
        "games",
    }
)
# Plural nouns that introduce a list of works ("hits including A, B and C", "movies such as
# A and B"), with the mark that keeps their makers from being read as their issuers.
_SCREEN_LISTS = (
    "films", "movies", "shows", "programmes", "series", "sitcoms", "dramas", "soaps",
    "cartoons", "comedies", "thrillers", "documentaries", "musicals", "blockbusters",
    "sequels", "remakes",
    "credits",  # "his film credits include A, B and C"
)  # fmt: skip
_WORK_LISTS = {
    **dict.fromkeys(_SCREEN_LISTS, SCREEN_WORK),
    **dict.fromkeys(("hits", "singles", "songs", "albums", "tracks", "records"), RECORDING),
}
_LIST_INTRODUCERS = frozenset({"include", "includes", "including", "like", "as"})
# Words between a plural noun and its list's introducer ("brands such as", "carmakers,
# including", "retailers - including").
_LIST_GAPS = frozenset({"such", ",", "-", "—", "–"})


def _introduces_a_list(doc: Doc, i: int) -> bool:
    """Whether the word at ``i`` introduces a list: "include", "like", and "as" only in
    "such as" ("recognized by the Kestrel Society as Designer of the Year" lists nothing)."""
    word = doc[i].lower_
    if word == "as":
        return i > 0 and doc[i - 1].lower_ == "such"
    return word in _LIST_INTRODUCERS


# Plural nouns of performers and artists that introduce a list of people ("singers A and B",
# "photographers A, B and C"): the people's stage names are often a brand's or a town's.
# Not the trades firms share ("analysts X", "producers X", "consultants X"), nor "artists",
# which a label signs as bands ("artists including Kestrel Sisters").
_PERFORMER_LISTS = frozenset(
    {"singers", "rappers", "actors", "actresses", "comedians", "presenters", "photographers",
     "painters", "sculptors", "composers", "musicians", "guitarists", "drummers",
     "novelists", "poets", "playwrights", "dancers", "vocalists", "songwriters", "djs"}
)  # fmt: skip
# Plural nouns that introduce a list of places, with "of" too ("the cities of A, B and C").
_PLACE_LISTS = frozenset(
    {"cities", "towns", "villages", "countries", "nations", "regions", "provinces", "states",
     "capitals", "ports", "islands"}
)  # fmt: skip


def list_start(doc: Doc, start: int, reach: int = 14) -> int | None:
    """The first token of the list of names that ends with the name at ``start``.

    Walks left over capitalized words, commas and "and"/"or"; None when the name
    is not the last item of a list of at least two.
    """
    i = start - 1
    separators = 0
    while i >= 0 and start - i <= reach:
        token = doc[i]
        if token.text == "," or token.lower_ in ("and", "or", "&"):
            separators += 1
        elif not (
            token.text[:1].isupper()
            or token.like_num
            or token.text in ("-", "'s")
            or (token.lower_ == "the" and separators)  # "drinks like the Kestrel Cola and the X"
            or _inside_a_name(doc, i)  # "films such as Edge of Winter, Kestrel and X"
        ):
            break
        i -= 1
    first = i + 1
    while first < start and doc[first].lower_ == "the":
        first += 1
    return first if separators and first < start and doc[first].text[:1].isupper() else None


def _inside_a_name(doc: Doc, i: int) -> bool:
    """Whether the word at ``i`` is "of" between two capitalized words, inside a name."""
    return (
        doc[i].lower_ == "of"
        and 0 < i < len(doc) - 1
        and doc[i - 1].is_title
        and doc[i + 1].is_title
    )


def _list_items(doc: Doc, first: int, start: int) -> list[list[Token]]:
    """The items of a list between ``first`` and the name at ``start``."""
    items: list[list[Token]] = []
    current: list[Token] = []
    for token in doc[first:start]:
        if token.text == "," or token.lower_ in ("and", "or", "&"):
            if current:
                items.append(current)
            current = []
        elif token.lower_ != "the":
            current.append(token)
    if current:
        items.append(current)
    return items


def _listed_with_places(doc: Doc, first: int, start: int) -> bool:
    """Whether every earlier item of the list is a known place ("the Americas, Europe
    and Asia Pacific": the last item is a place too)."""
    items = _list_items(doc, first, start)
    table = places()
    return len(items) >= 2 and all(
        name_key(" ".join(t.text for t in item)) in table
        or all(t.ent_type_ in ("GPE", "LOC") for t in item)
        for item in items
    )


def _listed_with_organizations(doc: Doc, first: int, start: int) -> bool:
    """Whether every earlier item of the list (two at least) is a name the model calls an
    organization ("Hyundai, Toyota, Suzuki and Ford")."""
    items = _list_items(doc, first, start)
    return len(items) >= 2 and all(all(t.ent_type_ == "ORG" for t in item) for item in items)


def listed_with_a_work(doc: Doc, start: int, end: int, films: bool) -> bool:
    """Whether the name at ``start:end`` stands in a list, before or after it, with an item
    the model tags as a work in full ("successes such as Kestrel Lane, The Long Harbour and
    Winter Roads"), or, in a story about ``films`` (not records, where "The Kestrels" is a
    band), an item opening with a capital "The" inside the sentence; and with no item the
    model tags as a person's name."""
    regions: list[tuple[int, int]] = []
    if start > 0 and doc[start - 1].lower_ in ("and", "or", ","):
        head = list_start(doc, start)
        if head is not None:
            regions.append((head, start))
    if end < len(doc) and doc[end].lower_ in ("and", "or", ","):
        last = end + _items_end(doc, end)
        if any(t.lower_ in ("and", "or") for t in doc[end:last]):
            regions.append((end, last))
    items = [item for first, last in regions for item in _list_items(doc, first, last)]
    if any(_a_persons_name(item) for item in items):
        return False  # "Jane Roe, Kestrel Lane and Tom Hale": performers, whatever the tags
    if any(all(t.ent_type_ == "WORK_OF_ART" for t in item) for item in items):
        return True
    for first, last in regions:
        # the list's first item may open with its "The" ("such as The Long Harbour, ...")
        opening = first - 1 if first > 0 and doc[first - 1].text == "The" else first
        if films and any(t.text == "The" and not t.is_sent_start for t in doc[opening:last]):
            return True
    return False


def _a_persons_name(item: list[Token]) -> bool:
    """Whether a list's item is a person's name: tagged as one, or a first name and a
    surname, which the model may tag as a work ("Jane Roe")."""
    return all(t.ent_type_ == "PERSON" for t in item) or (
        len(item) == 2 and item[0].is_title and item[0].lower_ in first_names()
    )


def _items_after(doc: Doc, end: int, reach: int = 14) -> list[list[Token]]:
    """The items of the list a name begins, up to the first word that is no name."""
    i = end + _items_end(doc, end, reach)
    items = _list_items(doc, end, i)
    return items if any(t.lower_ == "and" for t in doc[end:i]) else []


def _items_end(doc: Doc, end: int, reach: int = 14) -> int:
    """How many tokens after a name the list it begins runs on, up to the first word that
    is no name and no separator."""
    i = end
    while i < len(doc) and i - end <= reach:
        token = doc[i]
        if not (
            token.text == ","
            or token.lower_ in ("and", "or", "&", "the")
            or token.text[:1].isupper()
        ):
            break
        i += 1
    return i - end


def _all_full_names(items: list[list[Token]]) -> bool:
    """Whether a list's other items (two at least) are all names of people the model
    tags in full, one at least opening with a first name the list of them knows ("Ann
    Lee, Mary Varga"): the model tags bands as persons too, which seldom open with one
    ("Iron Kestrels, Pink Norviks")."""
    return (
        len(items) >= 2
        and all(len(item) >= 2 and all(t.ent_type_ == "PERSON" for t in item) for item in items)
        and any(item[0].lower_ in first_names() for item in items)
    )


def _list_cues(doc: Doc, first: int, descriptors: frozenset[str], evidence: Evidence) -> bool:
    """Votes for every item of a list from the words before its first item (True if any)."""
    i = first - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and _introduces_a_list(doc, i):
        # "brands include", "brands such as", "carmakers, including A, B and C"; the
        # subject of "include" set further back ("singles from past winters include A and B")
        subject = next((c for c in doc[i].children if c.dep_ == "nsubj"), None)
        if subject is not None and doc[i].pos_ == "VERB" and subject.i < i - 1:
            i = subject.i
        else:
            i -= 1
        while (
            i >= 0
            and first - i <= 4
            and (doc[i].lower_ in _LIST_INTRODUCERS or doc[i].lower_ in _LIST_GAPS)
        ):
            i -= 1
    elif i > 0 and doc[i].lower_ == "of" and doc[i - 1].lower_ in _PLACE_LISTS:
        i -= 1  # "the cities of A, B and C"
    word = doc[i].lower_ if i >= 0 else ""
    if word in _PLACE_LISTS:
        evidence.add("Location", DESCRIPTOR, f"in a list after '{word}'")
        return True
    if word in _PERFORMER_LISTS:
        evidence.add("Person", PERSON_TITLE, f"in a list after '{word}'")
        return True
    if word in _PRODUCT_LISTS:
        evidence.add("Product", DESCRIPTOR, f"in a list after '{word}'")
        return True
    if word in _WORK_LISTS:
        # outweighs a first name the model reads as a person's ("films such as Billy Kestrel")
        evidence.add("Publication", DESCRIPTOR + 1, f"{_WORK_LISTS[word]}in a list after '{word}'")
        return True
    if word in descriptors:
        evidence.add("Organization", DESCRIPTOR, f"in a list after '{word}'")
        return True
    return False
