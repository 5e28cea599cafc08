"""One-word names the gazetteer knows that the model left untagged ("Gazprom bought ...").

The EntityRuler (ingest/nlp.py) adds the gazetteer's names of two or more words
before the model. One-word names stay out of it: matched before the model, they
would cut longer names that begin with them ("EU Guangxi Chamber of Commerce").
So a well-known one-word name the small model does not tag in a sentence that does
not say what it is ("Gazprom agreed to buy ...", "the IAAF banned ...") was lost
with every relation it takes part in. After "ner", such a name, spelt exactly as
the gazetteer spells it, becomes an entity of the gazetteer's type where it
stands alone: no entity on it, no capitalized proper noun right before or after
it (a longer name the model missed, "Oxfam International"; a name the gazetteer
tagged may end right before it: "the Kestrel Party Holyrood leader") nor a surname's
particle before it ("da Vinci"), and, when it is also an English word, not
opening a sentence ("Amnesty for the rebels ...") unless it is the subject of the
verb right after it and the document writes it inside a sentence too, never in
lowercase ("Apple had been unwilling to ..." in a story that names Apple again).
Names an entry keeps out of the ruler (``ruler: false``: "US", "Britain") are left to
the model. Listed companies' one-word names ("Ferrovial", "Unilever") are matched the
same way, as organizations, unless they are an English word, a place's or a first name.
In a story about sport, the clubs known by one word ("Arsenal", "Wasps", "Leinster") are
matched the same way too: the model misses them most often where they stand for the
club ("when Arsenal had a numerical advantage"). So are the towns whose club the sports
news names by the town alone ("Harwick boss Tom Hale"), tagged as places: the entity
step decides, from where the town stands, whether the club is meant.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from threadline.ingest.context_cues import opens_person_name
from threadline.ingest.gazetteer import Gazetteer
from threadline.names import HONORIFICS, NAME_PARTICLES, PERSON_TITLES, strip_word

KNOWN_NAMES_NAME = "threadline_known_names"
# Words that open a person's name after a post ("peer Lord Hale", "spokesman Dr Hale").
_NAME_OPENERS = PERSON_TITLES | HONORIFICS


class KnownNames:
    """Tags the gazetteer's untagged one-word names (see the module's docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.types: dict[str, str] = {}  # matcher key -> the entry's type
        self.labels: frozenset[str] = frozenset()  # the types above, looked up per match
        self.words: frozenset[str] = frozenset()  # English words, lowercase
        self.clubs = PhraseMatcher(nlp.vocab, attr="ORTH")  # clubs, matched in sport only
        self.sport_words = np.empty(0, np.uint64)  # their LOWER ids, read off the doc's array
        self.sport_words_needed = 0
        self.town_key = 0  # the matcher key of clubs' towns

    def add_names(self, gazetteer: Gazetteer, words: frozenset[str]) -> None:
        """Match the one-word names and aliases of ``gazetteer``'s ruled entries;
        ``words`` are the English words a name may also be."""
        self.words = words
        for entry in gazetteer.entries:
            if not entry.ruler:
                continue
            forms = [form for form in entry.surface_forms() if len(form.split()) == 1]
            if forms:
                key = f"{entry.type}\x1f{entry.name}"
                self.types[key] = entry.type
                self.labels |= {entry.type}
                self.matcher.add(key, [self.nlp.make_doc(form) for form in forms])

    def add_listed_companies(self) -> None:
        """Match the one-word names of listed companies as organizations (after
        ``add_names``, whose English words they must not be)."""
        forms = listed_one_word_names(self.words)
        if forms:
            key = "Organization\x1flisted companies"
            self.types[key] = "Organization"
            self.labels |= {"Organization"}
            self.matcher.add(key, [self.nlp.make_doc(form) for form in sorted(forms)])

    def add_clubs(
        self,
        clubs: frozenset[str],
        club_places: frozenset[str],
        sport_words: frozenset[str],
        needed: int,
    ) -> None:
        """Match the one-word names of ``clubs`` (lowercase keys) as organizations, and
        those of ``club_places`` as places, in documents holding ``needed`` of
        ``sport_words`` or more (a story about sport). A club's town is tagged as the
        model tags it ("GPE"): the entity step reads from its position whether the
        town or its club is meant ("Harwick striker Tom Hale", "a match in Harwick")."""
        self.sport_words = np.array(
            sorted(self.nlp.vocab.strings.add(word) for word in sport_words), np.uint64
        )
        self.sport_words_needed = needed
        forms = sorted({club.title() for club in clubs if " " not in club})
        if forms:
            key = "Organization\x1fclubs"
            self.types[key] = "Organization"
            self.labels |= {"Organization"}
            self.clubs.add(key, [self.nlp.make_doc(form) for form in forms])
        towns = sorted({town.title() for town in club_places if " " not in town})
        if towns:
            key = "GPE\x1fclub places"
            self.types[key] = "GPE"
            self.town_key = self.nlp.vocab.strings.add(key)
            self.clubs.add(key, [self.nlp.make_doc(town) for town in towns])

    def __call__(self, doc: Doc) -> Doc:
        if not self.types:
            return doc
        matches = self.matcher(doc)
        clubs = self.clubs(doc) if len(self.clubs) and self._about_sport(doc) else []
        club_ids = {match_id for match_id, _, _ in clubs} - {self.town_key}
        found: list[Span] = []
        taken = -1
        for match_id, start, end in sorted([*matches, *clubs], key=lambda m: (m[1], -m[2])):
            # a club is matched in a story about sport only, as in DocFacts; one opening a
            # sentence before a post is left to the untagged names (ingest/untagged_names.py),
            # a club's town is not ("Harwick boss Tom Hale said")
            if start < taken or not self._alone(doc, start, end, match_id not in club_ids):
                continue
            key = self.nlp.vocab.strings[match_id]
            found.append(Span(doc, start, end, label=self.types[key]))
            taken = end
        if found:
            doc.set_ents(found, default="unmodified")
        return doc

    def _about_sport(self, doc: Doc) -> bool:
        """Whether the document holds ``sport_words_needed`` of the sport words or more
        (counted on its array of lowercase forms, without a Token per word)."""
        lower = doc.to_array(LOWER)
        return int(np.isin(lower, self.sport_words).sum()) >= self.sport_words_needed

    def _alone(self, doc: Doc, start: int, end: int, before_posts: bool = True) -> bool:
        if any(token.ent_type_ for token in doc[start:end]):
            return False
        if start > 0 and (
            (_capitalized_name(doc[start - 1]) and not self._after_known_name(doc, start))
            or doc[start - 1].lower_ in NAME_PARTICLES
        ):
            return False  # "Oxfam" of "Kestrel Oxfam", "Vinci" of "da Vinci"
        if end < len(doc) and _capitalized_name(doc[end]):
            return False
        first = doc[start]
        if not (first.is_sent_start and first.lower_ in self.words):
            return True
        # A name the document writes inside a sentence too and never in lowercase
        # ("Harvest was late this year": the word), here the subject of the verb after it
        # ("Apple had been unwilling to ...") or before a post and a person's name ("Labour
        # peer Lord Hale said").
        return (
            end - start == 1
            and (
                (before_posts and _post_and_person_after(doc, end))
                or (
                    first.dep_ in ("nsubj", "nsubjpass")
                    and end < len(doc)
                    and doc[end].pos_ in ("VERB", "AUX")
                )
            )
            and _written_as_a_name(doc, first)
        )

    def _after_known_name(self, doc: Doc, start: int) -> bool:
        """Whether a whole name the gazetteer tagged ends right before ``start`` ("the
        Kestrel Party Holyrood leader"): a name of its own, then, not the end of one."""
        before = doc[start - 1]
        return before.ent_iob_ != "O" and before.ent_type_ in self.labels


def _post_and_person_after(doc: Doc, end: int) -> bool:
    """Whether one to three lowercase words (a post: "peer", "election coordinator") and
    a name the model tags as a person's ("Lord Hale", "Tom Hale") follow ``end``."""
    i = end
    while i < len(doc) and i - end < 3 and doc[i].is_lower and not doc[i].ent_type_:
        i += 1
    if i == end or i >= len(doc):
        return False
    if opens_person_name(doc, i):
        return True
    return (
        doc[i].is_title
        and strip_word(doc[i].text) in _NAME_OPENERS
        and opens_person_name(doc, i + 1)
    )


def _written_as_a_name(doc: Doc, word: Token) -> bool:
    """Whether the document writes ``word`` capitalized inside a sentence and never in
    lowercase. Read only for the rare name opening a sentence that is also a word."""
    inside = False
    for token in doc:
        if token.is_lower:
            if token.lower_ == word.lower_:
                return False
        elif not token.is_sent_start and token.is_title and token.text == word.text:
            inside = True
    return inside


def listed_one_word_names(words: frozenset[str]) -> frozenset[str]:
    """Listed companies' one-word names as written ("Vodafone", "Unilever"), their legal
    form removed, that are no English word, no place's name, no first name and no short
    acronym ("Apple", "Antofagasta", "Dana", "AES" are left out)."""
    from threadline.ingest.evidence import first_names, listed_company_names, places
    from threadline.names import name_key

    known_places = places()
    names: set[str] = set()
    for name in listed_company_names():
        key = name_key(name)
        if (
            " " not in name
            and len(key) >= 4
            and name[:1].isupper()
            and name.replace("-", "").isalpha()
            and key not in words
            and key not in known_places
            and key not in first_names()
        ):
            names.add(name)
    return frozenset(names)


def _capitalized_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and (token.is_title or token.is_upper)


@Language.factory(KNOWN_NAMES_NAME)
def make_known_names(nlp: Language, name: str) -> KnownNames:
    """An empty component: ``load_pipeline`` gives it the gazetteer's names."""
    return KnownNames(nlp)
