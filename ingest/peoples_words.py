"""A word the model calls a people's that no people goes by.

The model tags nations, faiths and movements as peoples ("Kenyans", "Muslim",
"Communists"), and now and then a firm's or a band's one-word name it has not seen
("Brixian said that ...", "a study by Kestrian"). A people's word is a nation's
adjective or its people, a place's, an English word (the lemmatizer's nouns and
adjectives hold the faiths, the movements and the regions: "Catholic", "Nazi",
"Balkan"), or the first half of two nations' adjective ("Anglo"); a name that is none
of these, with no other cue than the label, is a made-up name, which in news is a
firm's far more often than a people's.
"""

from __future__ import annotations

from threadline.graph.ontology import Ontology
from threadline.ingest.candidates import Candidate
from threadline.ingest.evidence import DEMONYM_ENDINGS, first_names, label_cue, places
from threadline.ingest.mention_evidence import LONE_WORD
from threadline.ingest.nationality import nation_or_its_people

# The cue of the organization vote given to such a name.
UNKNOWN_PEOPLE_CUE = "a people's label on a word no people goes by"
# How the model's label votes read ("label NORP").
_LABEL = label_cue("")


# The first halves of two nations' adjectives ("Anglo-Dutch", "Sino-Soviet"), which the
# model tags alone.
_COMBINING_FORMS = frozenset(
    {"anglo", "franco", "sino", "afro", "indo", "austro", "russo", "greco", "italo", "euro",
     "judeo", "hispano", "luso", "turco", "slavo"}
)  # fmt: skip


# Endings of the words of regions and of movements the gazetteer and the lemmatizer do not
# list ("Crimean", "Aegean", "Torrijist", "Maoists", "Hashemite").
_PEOPLES_ENDINGS = ("ean", "eans", "ese", "ist", "ists", "ite", "ites")


def peoples_word(word: str, common: frozenset[str]) -> bool:
    """Whether a word the model tagged as a people's is one: a nation's word or its
    people's, an English noun or adjective (``common``), a place's adjective, or a word
    with the ending of a region's or a movement's.

    >>> peoples_word("Kenyans", frozenset()), peoples_word("Anglo", frozenset())
    (True, True)
    >>> peoples_word("Brixian", frozenset()), peoples_word("Torrijist", frozenset())
    (False, True)
    """
    key = word.casefold()
    if nation_or_its_people(word) or key in common or key.removesuffix("s") in common:
        return True
    if key in _COMBINING_FORMS or key.endswith(_PEOPLES_ENDINGS):
        return True
    if "-" in key:  # "Austro-Hungarian", "un-British"
        return any(peoples_word(part, common) for part in word.split("-") if part)
    return _place_adjective(key.removesuffix("s"))


def _place_adjective(key: str) -> bool:
    """Whether a word is a place's name with an adjective's ending ("Mallorcan")."""
    table = places()
    for ending in DEMONYM_ENDINGS:
        stem = key.removesuffix(ending)
        if stem != key and len(stem) >= 3 and (stem in table or stem + "a" in table):
            return True
    return False


def unknown_peoples_evidence(
    candidates: list[Candidate], common: frozenset[str], ontology: Ontology
) -> None:
    """Add an organization vote to a one-word name only the model's label calls a
    people's whose word no people goes by; not to a first name ("Adrian" is a
    person's, if anything), nor to a name another mention's cue gives a type."""
    if "Organization" not in ontology.entity_types or "Group" not in ontology.entity_types:
        return
    cued = {
        c.key
        for c in candidates
        if c.evidence is None
        or c.fixed
        or any(not cue.startswith(_LABEL) for _, _, cue in c.evidence.cues)
    }
    for candidate in candidates:
        if (
            candidate.type == "Group"
            and candidate.evidence is not None
            and " " not in candidate.key
            and candidate.key not in cued
            and candidate.key not in first_names()
            and not peoples_word(candidate.name, common)
        ):
            # as strong as the fallback for a one-word name the model calls a person: it
            # outweighs the label of one mention, not a cue
            candidate.evidence.add("Organization", LONE_WORD, UNKNOWN_PEOPLE_CUE)
