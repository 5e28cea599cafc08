"""In-document coreference: short names and definite descriptions.

- A surname or partial name ("Jin") resolves to the one full person named in the
  document whose name contains it ("Jin Xinjiang"); a name written in the other
  order ("XX Zhang" for "Zhang XX") is the same person. When two full persons
  share the part, nothing is guessed.
- A definite description ("the association", "the Chamber", "the company")
  resolves to the nearest preceding organization whose head noun matches; when
  two different ones are equally near (named in the same sentence), it stays
  unresolved. In apposition right after a name ("Gazprom, the company ..."), it
  is that name.
- A firm's word with its nation as a clause's subject ("The German carmaker said ...")
  is the one firm its sentence names before it, or, where it names none, the one body
  the sentence before names as a subject.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from threadline.ingest.candidates import Candidate
from threadline.ingest.evidence import first_names
from threadline.ingest.nlp import entity_rules
from threadline.ingest.node_matches import FixedSequenceMatcher

_NAME_PREPOSITIONS = frozenset({"of", "for", "in", "on", "at", "to"})
# Words that make "the <nation> bank" a country's own institution, not a firm named before.
_NOT_FIRMS = frozenset({"central", "national", "state"})


@dataclass(frozen=True, slots=True)
class PersonName:
    key: str
    words: tuple[str, ...]
    first_start: int
    count: int = 1


def short_names(persons: Sequence[PersonName]) -> dict[str, str]:
    """Map the key of each short or reordered person name onto its full name's key.

    >>> people = [PersonName("jin xinjiang", ("jin", "xinjiang"), 0),
    ...           PersonName("xinjiang jin", ("xinjiang", "jin"), 5),
    ...           PersonName("jin", ("jin",), 9)]
    >>> short_names(people)
    {'xinjiang jin': 'jin xinjiang', 'jin': 'jin xinjiang'}
    >>> short_names([PersonName("li wei", ("li", "wei"), 0),
    ...              PersonName("li na", ("li", "na"), 3), PersonName("li", ("li",), 8)])
    {}
    >>> short_names([PersonName("l okafor", ("l", "okafor"), 0),
    ...              PersonName("lena okafor", ("lena", "okafor"), 4),
    ...              PersonName("okafor", ("okafor",), 9)])
    {'l okafor': 'lena okafor', 'okafor': 'lena okafor'}
    """
    ordered = sorted(persons, key=lambda p: p.first_start)
    mapping = _surnames_of_two_words(persons)
    by_words: dict[frozenset[str], str] = {}
    # The spelling used most often names the person ("Zhang XX" over one "XX Zhang").
    for person in sorted(ordered, key=lambda p: -p.count):
        if len(person.words) < 2 or person.key in mapping:
            continue
        words = frozenset(person.words)
        if words in by_words:
            mapping[person.key] = by_words[words]
        else:
            by_words[words] = person.key
    # "L Okafor" on a team sheet is the one "Lena Okafor" the report names in full.
    for person in ordered:
        if len(person.words) != 2 or len(person.words[0]) != 1 or person.key in mapping:
            continue
        initial, surname = person.words
        targets = {
            mapping.get(other.key, other.key)
            for other in persons
            if len(other.words) >= 2
            and len(other.words[0]) > 1
            and other.words[0].startswith(initial)
            and other.words[-1] == surname
        }
        if len(targets) == 1:
            mapping[person.key] = targets.pop()
            by_words.pop(frozenset(person.words), None)
    full = [(words, key) for words, key in by_words.items()]
    for person in ordered:
        if person.key in mapping or person.key in by_words.values():
            continue
        words = frozenset(person.words)
        targets = {key for full_words, key in full if words < full_words}
        if len(targets) == 1:
            mapping[person.key] = targets.pop()
    return mapping


def _surnames_of_two_words(persons: Sequence[PersonName]) -> dict[str, str]:
    """Names that are the last words of exactly one longer person's name and open with
    no first name ("Mr Kilroy-Silk" after "Robert Kilroy-Silk", "De Marigny" after
    "Roland De Marigny"): a surname of two words, not a person of their own. A name that
    opens with a first name is a person's full name ("Cedric Heymans" beside a "Wing
    Cedric Heymans" with the position glued on).

    >>> _surnames_of_two_words([PersonName("jo kilroy silk", ("jo", "kilroy", "silk"), 0),
    ...                         PersonName("kilroy silk", ("kilroy", "silk"), 9)])
    {'kilroy silk': 'jo kilroy silk'}
    >>> _surnames_of_two_words([PersonName("wing jo hale", ("wing", "jo", "hale"), 0),
    ...                         PersonName("jo hale", ("jo", "hale"), 9)])
    {}
    """
    given = first_names()
    mapping: dict[str, str] = {}
    for person in persons:
        if len(person.words) < 2 or person.words[0] in given:
            continue
        size = len(person.words)
        longer = {
            other.key
            for other in persons
            if len(other.words) > size and other.words[-size:] == person.words
        }
        if len(longer) == 1:
            mapping[person.key] = longer.pop()
    return mapping


def head_noun(key: str) -> str:
    """The head noun of an organization's name key: before 'of', else the last word.

    >>> head_noun("ministry of public security"), head_noun("eu guangxi chamber of commerce")
    ('ministry', 'chamber')
    >>> head_noun("hebei international talent exchange association")
    'association'
    """
    words = key.split()
    for i, word in enumerate(words):
        if word in _NAME_PREPOSITIONS and i > 0:
            return words[i - 1]
    return words[-1] if words else ""


def _name_goes_on(doc: Doc, i: int) -> bool:
    """Whether "for" at ``i`` carries a name on: "the Commission for Kestrel
    Trade" is a name the model missed, not "the commission" named before."""
    return (
        doc[i].lower_ == "for"
        and i + 1 < len(doc)
        and doc[i + 1].is_title
        and doc[i + 1].pos_ == "PROPN"
    )


def _described_by_nation(kind: Token) -> bool:
    """Whether a firm's word is "the" and a nation's word before it, with no name of its
    own ("the Ukrainian Kestrel company", "the German carmaker BMW"), not a person's trade
    ("the Mexican film-maker") nor a central bank ("the Libyan central bank")."""
    doc = kind.doc
    children = [c for c in kind.children if c.i < kind.i]
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
        return False
    nations = [
        c for c in children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
    ]
    if not nations or any(c.lower_ in _NOT_FIRMS for c in children):
        return False
    if any(c.pos_ == "PROPN" and c not in nations for c in children):
        return False
    after = doc[kind.i + 1] if kind.i + 1 < len(doc) else None
    if after is not None and (after.pos_ == "PROPN" or after.lower_ == "of"):
        return False
    return not (kind.i > 0 and doc[kind.i - 1].text == "-")


def _a_subject(token: Token) -> bool:
    """Whether a name's head is a clause's subject, or the possessor or compound of one."""
    if token.dep_ in ("poss", "compound"):
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


class DescriptionResolver:
    """Finds "the <head>" descriptions with a token matcher (spaCy's Matcher on the Doc's
    arrays, ingest/node_matches.py) and resolves them."""

    def __init__(self, vocab) -> None:
        rules = entity_rules()
        self.heads: dict[str, frozenset[str]] = {
            word: frozenset(heads) for word, heads in rules["description_heads"].items()
        }
        self.max_distance = int(rules["description_max_distance"])
        self.company_words = frozenset(rules["company_descriptions"])
        self.non_company_heads = frozenset(rules["non_company_heads"])
        self.matcher = FixedSequenceMatcher(vocab)
        words = sorted(self.heads.keys() | self.company_words) + [
            w + "s" for w in self.heads if w != "company"
        ]
        self.matcher.add(
            "DESCRIPTION", [[{"LOWER": {"IN": ["the", "this", "that"]}}, {"LOWER": {"IN": words}}]]
        )
        self.nation_matcher = FixedSequenceMatcher(vocab)
        self.nation_matcher.add(
            "NATION_DESCRIPTION",
            [
                [
                    {
                        "LOWER": {"IN": sorted(rules["nation_descriptions"])},
                        "POS": "NOUN",
                        "DEP": {"IN": ["nsubj", "nsubjpass", "poss"]},
                    }
                ]
            ],
        )
        self.party_roles = frozenset(rules["party_description_roles"])
        self.party_heads = frozenset(rules["party_heads"])
        self.party_matcher = FixedSequenceMatcher(vocab)
        self.party_matcher.add(
            "PARTY_ROLE", [[{"LOWER": "party"}, {"LOWER": {"IN": sorted(self.party_roles)}}]]
        )

    def resolve(
        self, doc: Doc, mentions: Sequence[Candidate], head_of: Mapping[str, str]
    ) -> list[tuple[int, int, str]]:
        """(start token, end token, entity key) for each resolved description.

        ``mentions`` are the organization mentions sorted by start; ``head_of``
        gives the head noun of each entity key.
        """
        starts = [m.start for m in mentions]
        resolved = []

        def a_firm(mention: Candidate) -> bool:
            return self._a_firm(mention, head_of)

        for _, start, end in self.matcher(doc):
            word = doc[end - 1].lower_
            if word not in self.heads and word not in self.company_words and word.endswith("s"):
                continue  # plural: "the associations" names several
            if end < len(doc) and (
                doc[end].lower_ == "of" or doc[end].pos_ == "PROPN" or _name_goes_on(doc, end)
            ):
                continue  # part of a longer name the model missed
            i = bisect_left(starts, start) - 1
            if i >= 0 and mentions[i].end > start:
                continue  # inside a name
            if (
                i >= 0
                and start >= 1
                and doc[start - 1].text == ","
                and mentions[i].end == start - 1
            ):
                # "Norvik, the company tipped to buy ...": an apposition names its own referent.
                resolved.append((start, end, mentions[i].key))
                continue
            heads = self.heads.get(word, frozenset())

            def by_head(mention: Candidate, heads: frozenset[str] = heads) -> bool:
                return head_of.get(mention.key) in heads

            if word in self.company_words:
                # A firm named by its head noun first ("Kestrel Oil Corporation"), else any
                # firm; another firm named in that sentence leaves it unresolved.
                key = self._nearest(doc, mentions, i, start, by_head, a_firm)
                if key is None:
                    key = self._nearest(doc, mentions, i, start, a_firm, a_firm)
            else:
                key = self._nearest(doc, mentions, i, start, by_head)
            if key is not None:
                resolved.append((start, end, key))
        resolved.extend(self._parties_before_titles(doc, mentions, head_of))
        resolved.extend(self._firms_by_their_nation(doc, mentions, head_of))
        return resolved

    def _firms_by_their_nation(
        self, doc: Doc, mentions: Sequence[Candidate], head_of: Mapping[str, str]
    ) -> list[tuple[int, int, str]]:
        """A firm's word with its nation, as a clause's subject or its possessor ("The
        German carmaker is aiming ...", "the US firm's chief"), resolved to the word alone.

        The nearest firm is not always the one meant (an Italian firm's deal with "the US
        firm"), so only one body may be in reach: the one its sentence names before it,
        or, where its sentence names none, the one the sentence before names as a
        subject ("Kestrel Motors sold more cars."). A firm named as an object there is
        seldom the one described next, and any other body named leaves it unresolved.
        """
        resolved = []
        starts = [m.start for m in mentions]
        for _, start, _ in self.nation_matcher(doc):
            kind = doc[start]
            if not _described_by_nation(kind):
                continue
            i = bisect_left(starts, start)
            sentence = kind.sent
            before = mentions[bisect_left(starts, sentence.start) : i]
            subjects_only = False
            if not before and sentence.start > 0:
                previous = doc[sentence.start - 1].sent
                before = mentions[bisect_left(starts, previous.start) : i]
                subjects_only = True
            firms = {m.key for m in before if head_of.get(m.key) not in self.non_company_heads}
            if len(firms) != 1:
                continue
            key = firms.pop()
            if subjects_only and not any(
                m.key == key and _a_subject(doc[m.start : m.end].root) for m in before
            ):
                continue
            resolved.append((start, start + 1, key))
        return resolved

    def _parties_before_titles(
        self, doc: Doc, mentions: Sequence[Candidate], head_of: Mapping[str, str]
    ) -> list[tuple[int, int, str]]:
        """The party of "party leader Jane Roe", with no party's name before the title:
        the one party the sentence names before it ("The Kestrel Party's website shows party leader Jane
        Roe"). Not after a name or a determiner ("Kestrel party leader", "his party
        leader"), nor when the sentence names two parties."""
        resolved = []
        starts = [m.start for m in mentions]
        for _, start, end in self.party_matcher(doc):
            before = doc[start - 1] if start > 0 else None
            if before is not None and (
                before.pos_ in ("PROPN", "ADJ", "DET", "PRON") or before.tag_ == "POS"
            ):
                continue
            if end >= len(doc) or doc[end].pos_ != "PROPN":
                continue  # a title before a name: "party leader Jane Roe"
            sentence = doc[start].sent
            parties = {
                m.key
                for m in mentions[: bisect_left(starts, start)]
                if m.start >= sentence.start and head_of.get(m.key) in self.party_heads
            }
            if len(parties) == 1:
                resolved.append((start, start + 1, parties.pop()))
        return resolved

    def _a_firm(self, mention: Candidate, head_of: Mapping[str, str]) -> bool:
        """Whether an organization's name may be a firm's: not a body's by its head noun,
        not a name in capitals."""
        return head_of.get(mention.key) not in self.non_company_heads and not mention.name.isupper()

    def _nearest(
        self,
        doc: Doc,
        mentions: Sequence[Candidate],
        i: int,
        start: int,
        matches: Callable[[Candidate], bool],
        rivals: Callable[[Candidate], bool] | None = None,
    ) -> str | None:
        """The nearest organization before ``start`` that ``matches``; None when two that
        match, or another that ``rivals`` says could be meant, are named in its sentence."""
        limit = doc[start].idx - self.max_distance
        found: Candidate | None = None
        while i >= 0 and mentions[i].start_char >= limit:
            mention = mentions[i]
            if found is not None and doc[mention.start].sent.start != doc[found.start].sent.start:
                break
            if matches(mention):
                if found is None:
                    found = mention
                elif mention.key != found.key:
                    return None  # two organizations named in the same sentence
            i -= 1
        if found is None:
            return None
        if rivals is not None:
            sentence = doc[found.start].sent
            if any(
                m.key != found.key
                and sentence.start <= m.start < min(sentence.end, start)
                and rivals(m)
                for m in mentions
            ):
                return None  # "Birch Power, another Kestrel Group company, ... the company's"
        return found.key
