"""Which entities a pattern's argument token stands for.

A pattern matches parse tokens; a relation joins entities. An argument token is
mapped to an entity through ``DocEntities.entity_at`` (which covers
coreference); a common noun stands for the entity it is in apposition with, the
subject of its copula ("X is a unit of Y"), or the entities it lists ("several
bodies, including A, B and C"); a verb for its subject; a relative pronoun for
the name its clause is about ("X, whose home in Leeds ..."); a pronoun for the
subject of a clause it sits in ("Acme said its takeover of Birch was done":
Acme), when that subject is of the kind the pronoun can name. Coordinated
arguments ("with A, B and C") give one entity each (ingest/relation_lists.py).
A country's name or adjective ("the Haitian parliament", "the U.S. Congress")
stands for the country the sentence names, or, where it names none, for the one
country the word stands for: that country's entity, with the word as a mention
(it is added to the document's entities if the entity step had not found it).
A place read as where someone lives or something is stands
also for the region after it ("of Bethany, Conn.": Conn. too), unless the
gazetteer says the one is not in the other.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from threadline.graph.model import Entity, Mention, entity_id
from threadline.graph.ontology import Ontology
from threadline.ingest.entity_rules import bundled_rules
from threadline.ingest.evidence import DEMONYM_ENDINGS
from threadline.ingest.mention_evidence import doc_facts
from threadline.ingest.modality import SPELL_NOUNS, UNDER_WAY_NOUNS
from threadline.ingest.nationality import country_keys, country_name
from threadline.ingest.pattern_files import Argument, bundled_lexicon
from threadline.ingest.place_check import cannot_contain, is_country, is_region_or_larger
from threadline.ingest.relation_lists import coordinated
from threadline.ingest.spans import DocEntities, doc_text, sentence_of
from threadline.names import name_key

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# How the parse hangs a person's name set off by commas after a noun phrase.
_NAME_APPOSITIONS = ("appos", "npadvmod")
# Verbs of leaving whose infinitive after the object is the leaver's next step ("quit the
# Tories to join UKIP"), where after other verbs it is the object's ("urged Acme to join").
_LEAVING_FOR = frozenset({"leave", "quit"})
# Verbs whose object is what a post earns ("makes his money as", "earns a living as").
_EARNING_VERBS = frozenset({"make", "earn"})
# Verbs whose gerund after their object is the object's deed ("accused Acme of launching
# Y", "praised Acme for buying Y", "barred Acme from buying Y"), not the subject's as after
# "won praise for buying Y".
_OBJECTS_DEED_VERBS = frozenset(
    {
        "accuse", "blame", "charge", "suspect", "sue", "fine", "punish", "criticise",
        "criticize", "condemn", "attack", "praise", "thank", "congratulate", "credit",
        "applaud", "hail", "commend", "reward", "bar", "ban", "stop", "prevent", "block",
        "prohibit", "forbid",
    }
)  # fmt: skip
# Dashes a sentence sets an aside off with, which the parse may read as words.
_DASHES = frozenset({"_", "--", "-", "—", "–"})
# Verbs whose complement describes the subject: "X is (became, remains) a unit of Y".
_COPULAS = frozenset({"be", "become", "remain", "serve"})
# Kinds of organization named by a name before them, as a verb's object: "owns the Kestrel
# Rovers football club", "bought the Talvaro chain".
_NAMED_KINDS = frozenset(
    {"club", "team", "side", "exchange", "chain", "brand", "business", "label", "website",
     "newspaper", "magazine", "airline", "franchise", "outfit", "firm", "company"}
)  # fmt: skip
# Kinds of place whose name follows "of" ("the port city of X"): the phrase is the place.
_PLACE_KINDS = frozenset(
    {"city", "town", "village", "state", "province", "region", "county", "island", "port",
     "district", "enclave", "emirate", "territory", "municipality", "borough", "republic"}
)  # fmt: skip
# Parts of a place that its possessive names ("Seattle's central district"): where they are,
# the place is.
_PLACE_PARTS = frozenset(
    {"district", "districts", "area", "areas", "suburb", "suburbs", "outskirts", "centre",
     "center", "quarter", "borough", "county", "province", "region"}
)  # fmt: skip
# Pronouns that can stand for a named entity, and whether that entity is a person.
# "they" and "their" name an organization or a team far more often than one person.
_PRONOUNS = {
    "its": False, "it": False, "their": False, "they": False, "them": False,
    "his": True, "her": True, "he": True, "she": True, "him": True,
}  # fmt: skip
# Pronouns for one thing, which a plural noun phrase ("Advisers Acme") cannot be.
_SINGULAR_PRONOUNS = frozenset({"its", "it"})


# Nouns of being given a post: "his appointment as chairman of X" names the owner's post.
_APPOINTMENTS = frozenset({"appointment", "nomination", "election", "promotion", "selection"})
# Nouns of being raised to a post: "her promotion to Treasury minister".
_PROMOTIONS = frozenset({"promotion", "elevation"})
# Who a board is made of: "the board of directors of X" is X's board.
_BOARD_MEMBERS = frozenset({"directors", "trustees", "governors"})
# Verbs that give their object a post named right after it: "named Jane Roe publisher of X".
_NAMING_VERBS = frozenset({"name", "appoint", "elect", "make", "install", "promote", "confirm"})


def _appointed(post: Token) -> Token | None:
    """The owner of the appointment a post is named as ("Jane Roe's appointment as
    chairman", "her promotion to minister", "the appointment of Jane Roe as chairman"),
    or None."""
    if post.dep_ != "pobj":
        return None
    prep = post.head
    noun = prep.head
    if not (
        (prep.lower_ == "as" and noun.lower_ in _APPOINTMENTS)
        or (prep.lower_ == "to" and noun.lower_ in _PROMOTIONS)
    ):
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    return next(
        (
            o
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of" and c.i < prep.i
            for o in c.children
            if o.dep_ == "pobj"
        ),
        None,
    )


# The most words a phrase opening a sentence may have before a person's pronoun that
# stands for the person the sentence before names ("In 1997 he left", "But his career").
_OPENING_PHRASE_WORDS = 4
# Verbs a quote's speaker is named after ('"...," said the Kestrel chairman').
_SPEAKING_VERBS = frozenset({"say", "add", "tell", "admit", "insist", "explain", "claim"})
# The heads of a side whose title before their name names the side ("Kestrel United manager
# Tom Hale"), and the words of a transfer, where a player a head speaks of may be another
# side's ("wants to sign striker Jack Birch"): ArgumentReader.heads_side.
_SIDE_HEADS = bundled_lexicon("positions.yaml", "side_heads")
_TRANSFER_WORDS = bundled_lexicon("positions.yaml", "transfer_words")
# What may stand right before a player's title that the head's side is read for: a verb
# ("praised striker X"), an adjective ("new coach X"), a field ("academy director X"), a
# conjunction or a preposition ("with captain X").
_BEFORE_A_SQUAD_TITLE = frozenset({"VERB", "ADJ", "NOUN", "CCONJ", "ADP", "AUX", "ADV"})
# Words after a player's name that give the player a side of their own.
_OWN_SIDE_AFTER = frozenset({"of", "at", "from", "("})
# Pronouns in a quote that may stand for the person the sentence before names, who then is
# not its speaker ('"He was superb," said the coach').
_THIRD_PERSONS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})


def _after_an_opening_phrase(opening: Span) -> bool:
    """Whether the words before a pronoun are a short phrase with no name or noun of a
    person in it ("In 1997,", "But", "Two years later"), which leaves the pronoun the
    sentence's first mention of anyone."""
    return 0 < len(opening) <= _OPENING_PHRASE_WORDS and all(
        t.pos_ in ("ADP", "CCONJ", "ADV", "NUM", "PUNCT", "DET", "ADJ", "SCONJ")
        or t.lower_ in ("year", "years", "time", "season", "month", "months", "week", "weeks")
        for t in opening
    )


def _described_by_age(subject: Token) -> bool:
    """Whether a clause's subject is a description by age with "the" and no name beside
    it: "The 31-year-old striker joined ...", "The 54-year-old then moved ...", which news
    writes for the person the sentence before is about (a name in apposition is read as
    itself)."""
    if subject.dep_ not in _SUBJECT_DEPS:
        return False
    age: Token | None = None
    if subject.pos_ == "ADJ" and subject.lower_ == "old":
        age = subject  # "The 54-year-old then moved": the parse makes "old" the subject
    elif subject.pos_ == "NOUN":
        age = next((c for c in subject.children if c.dep_ == "amod" and c.lower_ == "old"), None)
    else:
        return False
    article = next((c for c in subject.children if c.dep_ == "det"), None)
    if age is None or article is None or article.lower_ != "the":
        return False
    if any(c.dep_ == "appos" for c in subject.children):
        return False
    return any(
        year.lower_ in ("year", "years")
        and any(n.dep_ == "nummod" and n.like_num for n in year.children)
        for year in age.children
    )


def _agreeing_noun(clause: Token) -> Token:
    """The noun a relative clause is about: the one the parse hangs it on, or, when that
    noun is plural and the clause's verb singular, the singular noun whose "of" or "for"
    phrase holds it ("Kestrel, the only school for disabled drivers which is based in
    Leeds": the school is, the drivers are not)."""
    noun = clause.head
    singular_verb = clause.tag_ == "VBZ" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBZ" for c in clause.children
    )
    if (
        singular_verb
        and noun.tag_ in ("NNS", "NNPS")
        and noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.head.tag_ in ("NN", "NNP")
    ):
        return noun.head.head
    return noun


def _plural_subject(verb: Token, subject: Token) -> bool:
    """Whether a subject is plural, by its noun or by the verb agreeing with it."""
    if subject.tag_ == "NNS" and not subject.ent_type_:
        return True  # "advisers" (a name such as "Barclays" may be tagged as a plural noun)
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(t.lower_ in ("are", "were") for t in (verb, *auxiliaries))


class ArgumentReader:
    """Maps parse tokens to the entities they stand for, in one document."""

    def __init__(self, doc: Doc, entities: DocEntities, ontology: Ontology) -> None:
        self.doc = doc
        self.entities = entities
        self.ontology = ontology
        # Set when an argument was found in the sentence before the match's own (through
        # a pronoun or a title standing for a name): the caller quotes both sentences.
        self.reached_back = False

    def entity(self, token: Token) -> Entity | None:
        """The entity a token is part of (or refers to, through coreference), if any."""
        return self.entities.entity_at(token.i)

    def arguments(
        self, arg: Argument, nodes: dict[str, int], trigger: Token, regions: bool = False
    ) -> list[Entity]:
        """The entities a pattern's argument names in one match, in order, each once.

        With ``regions`` (a relation's target), a place stands also for the region
        named after it ("of Bethany, Conn.").
        """
        token = self.doc[nodes[arg.node]]
        if arg.via == "subject":
            bases = self.subjects(token)
        elif arg.via == "entity":
            if self.entities.span_at(token.i) is not None:
                bases = [token]
            else:  # "the port city of Bergen": the kind of place stands for the name
                named_place = self._place_a_kind_names(token)
                bases = [named_place] if named_place is not None else []
        elif arg.via == "country":
            return self.countries(token)
        elif arg.via == "previous":
            bases = self.described_before(token)
        elif arg.via == "body_before":
            bases = self.body_before(token)
        elif arg.via == "heads_side":
            bases = self.heads_side(token)
        elif arg.via == "owner":
            bases = self.owner_of(token)
        else:
            bases = self.referents(token, trigger_word=token == trigger)
        # "A and B, a former unit of C": a singular noun in apposition describes the
        # one name it follows, not the names listed with it ("both units of C" would).
        described = token.dep_ == "appos" and token.tag_ == "NN"
        found: dict[str, Entity] = {}
        for base in bases:
            alone = not arg.expand or (described and base.i == token.head.i)
            for t in (
                self._under_a_plural_post(base)
                if alone
                else coordinated(self.doc, self.entities, base, trigger, self.ontology)
            ):
                for named in (self.town_of(t), t, self.region_of(t) if regions else None):
                    if named is None:
                        continue
                    entity = self.entity(named)
                    if entity is not None and not self._counted_products(named, entity):
                        found.setdefault(entity.id, entity)
        return list(found.values())

    def _counted_products(self, token: Token, entity: Entity) -> bool:
        """Whether a body's name is counted ("ordered 20 new Kestrel"): the name stands
        for the maker's products (planes, cars), not for the body. A year ("the 2004
        Kestrel Awards") or a number in the name itself ("Radio 4") does not count it."""
        if entity.type != "Organization":
            return False
        start, _ = self.entities.name_bounds(token.i)
        return any(
            child.dep_ == "nummod"
            and child.i < start
            and child.like_num
            and not (child.text.isdigit() and len(child.text) == 4)
            and child.lower_ not in ("one", "1")
            for child in token.children
        )

    def countries(self, token: Token) -> list[Entity]:
        """The country entities a word stands for ("Haitian": Haiti).

        The countries of that name the sentence names as places (the word itself
        may be a mention of one); else the one country the word stands for, as
        an entity of the document with the word as a mention; else none. A word
        that ends a longer name ("New Mexico") or a hyphenated compound
        ("Inter-American") stands for no country.
        """
        doc = token.doc
        words = token.text
        # The words before it in one name: a compound ("New Mexico", "Sri Lankan") or, only
        # where no compound is, a capitalized adjective ("South African", two adjectives).
        opening = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.i < token.i]
        in_a_name = bool(opening)
        if not in_a_name:
            opening = [
                c for c in token.children if c.dep_ == "amod" and c.is_title and c.i < token.i
            ]
        phrase = doc[min(c.i for c in opening) : token.i + 1].text if opening else ""
        if phrase and country_keys(phrase):
            words = phrase  # a country's adjective of two words or more
        elif in_a_name:
            return []  # a word of a longer name: "New Mexico", "South Korea"
        if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_:
            return []  # the end of a compound: "Inter-American", "Franco-German"
        keys = set(country_keys(words))
        name = country_name(words)
        if name is not None:
            keys.add(name_key(name))
        if not keys:
            return []
        sent = token.sent
        found: dict[str, Entity] = {}
        for span in self.entities.spans:
            if span.start < sent.start or span.end > sent.end:
                continue
            entity = self.entities.entities.get(span.entity_id)
            if entity is None or not self.ontology.has_trait(entity.type, "place"):
                continue
            if any(name_key(n) in keys for n in (entity.name, *entity.aliases)):
                found.setdefault(entity.id, entity)
        if found or name is None:
            return list(found.values())
        return [self._country_entity(token, name)]

    def _country_entity(self, token: Token, name: str) -> Entity:
        """The document's entity for a country, with ``token`` as one of its mentions."""
        eid = entity_id("Location", name)
        entity = self.entities.entities.get(eid)
        if entity is None:
            entity = Entity(id=eid, name=name, type="Location", type_cues=["country word"])
            self.entities.entities[eid] = entity
        mention = Mention(token.idx, token.idx + len(token.text), token.text)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
        return entity

    def region_of(self, town: Token) -> Token | None:
        """The region named after a place in apposition ("Bethany, Conn.": Conn.).

        Only a region the gazetteer knows (a state, a country) after a place it
        does not know as one, and only where it does not rule out that the place
        lies in it: "Croydon, south London" names a district of a city, which is
        read as the place itself, and "Ohio, Texas" a list.
        """
        town_entity = self.entity(town)
        if town_entity is None or not self.ontology.has_trait(town_entity.type, "place"):
            return None
        if is_region_or_larger([town_entity.name, *town_entity.aliases]):
            return None  # "in Ohio, Texas and Utah" is a list of states
        for child in town.children:
            if child.dep_ not in ("appos", "npadvmod") or child.i <= town.i:
                continue
            if self.doc[child.left_edge.i - 1].text != ",":
                continue
            region = self.entity(child)
            if (
                region is not None
                and region.id != town_entity.id
                and self.ontology.has_trait(region.type, "place")
                and is_region_or_larger([region.name, *region.aliases])
                and not cannot_contain(
                    [town_entity.name, *town_entity.aliases], [region.name, *region.aliases]
                )
            ):
                return child
        return None

    def town_of(self, region: Token) -> Token | None:
        """The town named before a region the parse made its head ("in Dearborn, Mich.").

        A "town, region" pair is parsed either way round; where the region is the
        head, a relation read at the region holds for the town it names too.
        """
        region_entity = self.entity(region)
        if region_entity is None or not self.ontology.has_trait(region_entity.type, "place"):
            return None
        for child in region.children:
            if child.dep_ not in ("nmod", "compound", "npadvmod") or child.i >= region.i:
                continue
            after = child.right_edge.i + 1
            if after >= region.i or self.doc[after].text != ",":
                continue
            town = self.entity(child)
            if (
                town is not None
                and town.id != region_entity.id
                and self.ontology.has_trait(town.type, "place")
            ):
                return child
        return None

    def referents(self, token: Token, depth: int = 0, trigger_word: bool = False) -> list[Token]:
        """The entity tokens a token stands for: itself, or through a common noun.

        A trigger word tagged as an entity on its own ("Spokesperson" as a person)
        is read as the common noun it is.
        """
        span = self.entities.span_at(token.i)
        if span is not None and not (trigger_word and span.end - span.start == 1):
            return [token]
        if depth > 4:
            return []
        if token.pos_ == "PRON" and token.lower_ in _PRONOUNS:
            found = self.antecedent(token, depth + 1)
            # "she and Tom Hale founded Kestrel": the names listed with the pronoun
            listed = [c for c in token.children if c.dep_ == "conj" and self.entity(c) is not None]
            return found + [c for c in listed if c not in found]
        if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
            return self.referents(_agreeing_noun(token.head), depth + 1)
        if (
            token.tag_ in ("WDT", "WP")
            and token.dep_ == "nsubj"
            and token.head.dep_ == "ccomp"
            and token.head.head.dep_ == "relcl"
            and token.i < token.head.head.i
        ):
            # "Tom Hale, who it says headed Kestrel's sales arm": the relative pronoun is the
            # subject of the clause said of the name, which the parse hangs on "says"
            return self.referents(token.head.head.head, depth + 1)
        if token.pos_ == "NUM" and token.dep_ == "appos":
            # "Jane Roe, 71, born in Leeds": an age in apposition stands for the name
            return self.referents(token.head, depth + 1)
        if token.lower_ in _DASHES and token.i > 0:
            # "actor Jane Roe _ who was born in Leeds _": a dash the parse read as a
            # noun opens an aside about the name just before it
            before = self.doc[token.i - 1]
            return [before] if self.entity(before) is not None else []
        if token.tag_ == "WP$":
            # "Jane Roe, whose home in Leeds was searched": the name the clause is about
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            return self.referents(clause.head, depth + 1) if clause is not None else []
        if _described_by_age(token):
            # "Tom Hale scored twice. The 31-year-old striker joined Kestrel in 2003.", not
            # with a person named before it ("After Jack Birch's goal the 31-year-old ...")
            sentence = sentence_of(self.doc, token.i)
            if self._kind_between(sentence.start, token, person=True):
                return []
            return self._previous_subjects(sentence, token, depth, person=True, named=True)
        if token.pos_ not in ("NOUN", "PROPN") and token.lower_ != "one":
            # "One of them, Jane Roe, has won ...": "one" stands for the name beside it
            return []
        letters = self._name_before_letters(token)
        if letters is not None:
            return [letters]
        named_place = self._place_a_kind_names(token)
        if named_place is not None:
            return [named_place]
        country = self._country_meant(token)
        if country is not None:
            return [country]
        misplaced = self._appos_after_of(token)
        if misplaced is not None:
            return [misplaced]
        for child in token.children:
            # "the chairman, Li Ming": the name follows a comma or a parenthesis;
            # "analyst firm IDC", "politician Fred Upton": or the noun itself.
            if (
                child.dep_ == "appos"
                and child.left_edge.i > token.i
                and not self._bracketed_after_phrase(token, child)
                and (
                    self.doc[child.left_edge.i - 1].text in (",", "(", "-", "—", "–")
                    or child.left_edge.i == token.i + 1
                    # "Acme chairman and chief executive Jane Roe": after the noun's conjunct
                    or any(
                        c.dep_ == "conj" and c.right_edge.i == child.left_edge.i - 1
                        for c in token.children
                    )
                )
            ):
                name = child if self.entity(child) is not None else self._name_before_letters(child)
                if name is not None:
                    return [name]
        second = self._name_after_a_second_title(token)
        if second is not None:
            return [second]
        called = self._name_called(token)
        if called is not None:
            return [called]
        beside = self._name_beside(token)
        if beside is not None:
            return [beside]
        listed = [
            obj
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in ("including", "like", "notably")
            for obj in child.children
            if obj.dep_ == "pobj" and self.entity(obj) is not None
        ]
        if listed:
            return listed
        if token.dep_ == "appos":
            found = self.referents(token.head, depth + 1)
            if token.tag_ == "NNS" and len(found) == 1:
                # "A and B, the co-founders of X": a plural noun is about every name
                return coordinated(self.doc, self.entities, found[0], token, self.ontology)
            return found
        owner = _appointed(token)
        if owner is not None:
            # "his appointment as chairman of Kestrel", "Jane Roe's appointment as Kestrel
            # boss", "her promotion to Treasury minister": the post is the owner's, not a
            # part of the body named before the noun
            return self.referents(owner, depth + 1)
        if token.dep_ == "pobj" and token.pos_ == "NOUN":
            # "manager of the GE plant", "chairman of the Leeds House delegation":
            # the name that the noun after the preposition is a part of.
            modifiers = [
                c
                for c in token.children
                if c.dep_ in ("compound", "nmod")
                # "at Symantec security response": a firm's name the tagger took for an
                # adjective, typed an organization all the same
                or (c.dep_ == "amod" and self._organization(c))
            ]
            # "of the Acme research team": the name may modify the noun's own modifier
            modifiers += [
                c
                for m in modifiers
                if m.pos_ == "NOUN" and self.entity(m) is None
                for c in m.children
                if c.dep_ in ("compound", "nmod")
            ]
            named = sorted(
                (m for m in modifiers if m.i < token.i and self.entity(m) is not None),
                key=lambda m: m.i,
            )
            if named:
                return named[-1:]
            body = self._body_after_a_comma(token)
            if body is not None:
                return [body]
            listed_name = next(
                (c for c in token.children if c.dep_ == "conj" and self.entity(c) is not None),
                None,
            )
            if listed_name is not None and any(
                c.dep_ == "compound" and c.is_title for c in token.children
            ):
                # "expert for Company magazine and the Daily Courier": a title the entity
                # step did not keep, listed with a name it did
                return [listed_name]
        if token.dep_ == "dobj" and token.lower_ in _NAMED_KINDS:
            # "owns the Kestrel Rovers football club": the club the name before names
            named = [
                m
                for m in (*token.children, *(c for m in token.children for c in m.children))
                if m.dep_ in ("compound", "nmod") and m.i < token.i and self.entity(m) is not None
            ]
            if named:
                return [max(named, key=lambda m: m.i)]
        if token.dep_ == "amod" and token.head.pos_ == "NOUN" and token.head.i == token.i - 1:
            # "director general of Kestrel": the parse hangs "of" on the word after the noun
            return self.referents(token.head, depth + 1)
        holder = self._named_to_the_post(token)
        if holder is not None:
            return [holder]
        if token.dep_ in ("attr", "oprd"):
            return self.subjects(token.head, depth + 1)
        if token.dep_ == "conj" and token.head.pos_ == "NOUN":
            return self.referents(token.head, depth + 1)
        if token.dep_ == "conj" and token.head.lemma_ in _COPULAS:
            # "X is a member of A; vice president of B": the role hangs on the copula
            return self.subjects(token.head, depth + 1)
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == "as"
            and token.head.head.pos_ in ("VERB", "AUX")
        ):
            return self.subjects(token.head.head, depth + 1)
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == "as"
            and token.head.head.dep_ == "dobj"
            and token.head.head.head.lemma_ in _EARNING_VERBS
            and self.entity(token.head.head) is None
        ):
            # "makes some of his money as a director of Kestrel", "earns a living as": the
            # parse hangs "as" on what is earned; the post is the subject's
            return self.subjects(token.head.head.head, depth + 1)
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == "as"
            and token.head.head.lower_ in SPELL_NOUNS
            and token.head.head.dep_ == "dobj"
        ):
            # "had huge success as captain of Leicester", "enjoyed a spell as manager": the
            # post is the subject's
            return self.subjects(token.head.head.head, depth + 1)
        after = self._name_right_after(token)
        return [after] if after is not None else []

    def _under_a_plural_post(self, name: Token) -> list[Token]:
        """``name``, and the names listed with it when a plural post follows the list in
        apposition ("A and B, the co-chairmen of X": the parse hangs "of X" on A)."""
        entity = self.entity(name)
        if entity is None or not self.ontology.has_trait(entity.type, "person"):
            return [name]
        post = next(
            (c for c in name.children if c.dep_ == "appos" and c.tag_ == "NNS" and c.i > name.i),
            None,
        )
        if post is None:
            return [name]
        return coordinated(self.doc, self.entities, name, post, self.ontology)

    def _body_after_a_comma(self, noun: Token) -> Token | None:
        """ "head of the think tank, the Kestrel Research Group,": an organization's name
        right after the noun and a comma, which the parse sets beside another word."""
        doc = self.doc
        i = noun.i + 1
        if noun.right_edge.i != noun.i or i + 1 >= len(doc) or doc[i].text != ",":
            return None
        i += 1 + (doc[i + 1].lower_ == "the")
        span = self.entities.span_at(i) if i < len(doc) else None
        if span is None or span.start != i:
            return None
        name = doc[span.end - 1]
        entity = self.entity(name)
        if entity is None or entity.type != "Organization" or name.dep_ != "appos":
            return None
        return name

    def _organization(self, token: Token) -> bool:
        """Whether an adjective names an organization, not a people or a region
        ("European publishing", "Jewish human rights group")."""
        if token.lower_.endswith(DEMONYM_ENDINGS) or country_keys(token.text):
            return False
        entity = self.entity(token)
        return entity is not None and entity.type == "Organization"

    def _bracketed_after_phrase(self, noun: Token, child: Token) -> bool:
        """Whether an apposition in brackets comes after the noun's own phrase ("general
        secretary of the Kestrel Trade Unions (KTU)"): the short name of what the phrase
        names, which the parse hung on the noun, not the noun's holder."""
        return self.doc[child.left_edge.i - 1].text == "(" and any(
            c.dep_ == "prep" and c.i < child.i for c in noun.children
        )

    def _name_right_after(self, noun: Token) -> Token | None:
        """A name right after a lowercase noun the parse hung elsewhere: "managing director
        of media consultancy Brightwater.", "head of policy at housing charity the Kestrel
        Trust said" (not "the report Kestrel's staff wrote")."""
        if not noun.is_lower or noun.i + 1 >= len(self.doc):
            return None
        # "at housing charity the Kestrel Trust": British news sets the name off by "the"
        named_the = self.doc[noun.i + 1].lower_ == "the" and noun.pos_ == "NOUN"
        start = noun.i + 2 if named_the else noun.i + 1
        span = self.entities.span_at(start) if start < len(self.doc) else None
        if span is None or span.start != start:
            return None
        if not named_the and span.end < len(self.doc) and not self.doc[span.end].is_punct:
            return None  # "the report Kestrel wrote": the name begins a clause
        return self.doc[span.end - 1]

    def _name_after_a_second_title(self, title: Token) -> Token | None:
        """The person named after "and" and a second title, which the parse joins to the
        first title as its conjunct ("Kestrel's chairman and chief executive Tom Hale
        resigned"): the first title is the person's too."""
        doc = self.doc
        if not title.is_lower or title.i + 2 >= len(doc) or doc[title.i + 1].lower_ != "and":
            return None
        for child in title.children:
            if child.dep_ != "conj" or child.i <= title.i + 2:
                continue
            span = self.entities.span_at(child.i)
            if span is None or span.start <= title.i + 2:
                return None
            words = doc[title.i + 2 : span.start]
            entity = self.entity(child)
            if (
                entity is not None
                and self.ontology.has_trait(entity.type, "person")
                and all(w.is_lower and w.pos_ in ("NOUN", "ADJ") for w in words)
            ):
                return child
        return None

    def _name_before_letters(self, token: Token) -> Token | None:
        """The name before letters the parse made its head: "Jane Roe MSP", "Tom Hale QC"."""
        if not (token.text.isupper() and len(token.text) <= 4) or token.i == 0:
            return None
        if self.entity(token) is not None:
            return None
        before = self.doc[token.i - 1]
        named = self.entity(before) if before.head.i == token.i else None
        if before.dep_ == "compound" and named and self.ontology.has_trait(named.type, "person"):
            return before
        return None

    def _name_called(self, noun: Token) -> Token | None:
        """The name a description is given: "a trade group called Kestrel", "a firm
        known as Kestrel", "a report, entitled Broken Promises,"."""
        for clause in noun.children:
            if clause.dep_ != "acl" or clause.tag_ != "VBN":
                continue
            if clause.i != noun.i + 1 and not (
                clause.i == noun.i + 2 and self.doc[noun.i + 1].text == ","
            ):
                continue
            if clause.lemma_ in ("call", "name", "dub", "title", "entitle"):
                names = [c for c in clause.children if c.dep_ in ("oprd", "attr", "dobj")]
            elif clause.lemma_ == "know":
                names = [
                    c
                    for prep in clause.children
                    if prep.dep_ == "prep" and prep.lower_ == "as"
                    for c in prep.children
                    if c.dep_ == "pobj"
                ]
            else:
                continue
            for name in names:
                if self.entity(name) is not None:
                    return name
        return None

    def _named_to_the_post(self, post: Token) -> Token | None:
        """The name a verb of naming gives the post to, when the object is a name.

        "Kestrel named Jane Roe publisher of the Courier": the post predicates the object,
        not the subject (the parse makes it ``oprd`` beside the name); "the board appointed
        Jane Roe chief executive of Kestrel": or the object, with the name hung under it.
        A passive ("Jane Roe was named publisher") has no object: the subject's, as before.
        """
        verb = post.head
        if post.dep_ not in ("oprd", "dobj") or verb.lemma_ not in _NAMING_VERBS:
            return None
        if post.dep_ == "oprd":
            names = [c for c in verb.children if c.dep_ == "dobj" and c.i < post.i]
        else:
            names = [c for c in post.children if c.dep_ in ("nmod", "compound") and c.i < post.i]
        return next(
            (
                name
                for name in names
                if (entity := self.entity(name)) is not None
                and self.ontology.has_trait(entity.type, "person")
            ),
            None,
        )

    def _name_beside(self, noun: Token) -> Token | None:
        """The name a comma sets beside a description the parse made its sibling.

        "Roe, the Acme attorney, said" and "An Acme attorney, Roe helped ..." are
        read as two subjects (or a subject and a loose noun) of one verb: the
        description is the name's.
        """
        deps = ("nsubj", "nsubjpass", "dep", "npadvmod")
        if noun.dep_ not in deps or noun.head.i == noun.i:
            return None
        for other in noun.head.children:
            if other.i == noun.i or other.dep_ not in deps or self.entity(other) is None:
                continue
            first, second = (other, noun) if other.i < noun.i else (noun, other)
            comma = first.right_edge.i + 1
            if self.doc[comma - 1].text == ",":
                comma -= 1  # the parse may hang the comma on the name before it
            if comma + 1 == second.left_edge.i and self.doc[comma].text == ",":
                return other
        return None

    def _place_a_kind_names(self, noun: Token) -> Token | None:
        """The place a kind of place or a part of one stands for.

        A kind names its place after "of": "in the northern city of Harbin", "the Fife
        town of Kirkcaldy" (the name, not the region or country before it; "the capital
        of" and "the outskirts of" are parts, not the place). A part is in the place its
        possessive names: "Seattle's central district", "London's suburbs".
        """
        if noun.pos_ != "NOUN" or not noun.is_lower:
            return None
        owner = self._place_child(noun, "poss") if noun.lower_ in _PLACE_PARTS else None
        if owner is not None:
            return owner
        if noun.lower_ not in _PLACE_KINDS or noun.i + 1 >= len(self.doc):
            return None
        of = self.doc[noun.i + 1]  # "of" right after the kind: "the city of Bergen"
        if of.lower_ != "of" or of.dep_ != "prep" or of.head != noun:
            return None
        return self._place_child(of, "pobj")

    def _country_meant(self, noun: Token) -> Token | None:
        """The country "the country" owning a noun stands for: the one country named before
        it in its sentence or the sentence before, in the same paragraph ("Shares in Norway
        rose. Norvik, the country's biggest broker, ..."). None when two are named."""
        if (
            noun.lower_ not in ("country", "nation")
            or noun.dep_ != "poss"
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        ):
            return None
        sentence = sentence_of(self.doc, noun.i)
        start = sentence.start
        if start > 0:
            previous = sentence_of(self.doc, start - 1)
            if self._one_paragraph(previous, noun):
                start = previous.start
        found: dict[str, Token] = {}
        for token in self.doc[start : noun.i]:
            entity = self.entity(token)
            if (
                entity is not None
                and entity.id not in found
                and entity.type == "Location"
                and is_country([entity.name])
            ):
                found[entity.id] = token
        if len(found) != 1:
            return None
        [country] = found.values()
        self.reached_back = self.reached_back or country.i < sentence.start
        return country

    def _place_child(self, token: Token, dep: str) -> Token | None:
        """The first child of ``token`` with the dependency ``dep`` that names a place."""
        for child in token.children:
            entity = self.entity(child) if child.dep_ == dep else None
            if entity is not None and self.ontology.has_trait(entity.type, "place"):
                return child
        return None

    def _appos_after_of(self, noun: Token) -> Token | None:
        """The person named after "the N of Y," that the parse hung on Y.

        "the fourth mayor of Ruritania, Jane Roe, was born in ...": the name is
        read in apposition to "Ruritania"; a person cannot be a place or an
        organization, so the name is the noun's. So too after "for" or "at" ("a
        spokesman for Acme, Jane Roe, said") and after a field: "head of genetics at
        the Kestrel Institute, Jane Roe, said", "Acme's controller of entertainment,
        Jane Roe, said".
        """
        if noun.pos_ != "NOUN" and not (noun.pos_ == "PROPN" and noun.is_sent_start):
            return None  # a title opening a sentence is capitalized: "Director of Acme, ..."
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "at"):
                continue
            objects = [obj for obj in prep.children if obj.dep_ == "pobj"]
            objects += [
                place
                for obj in objects
                if obj.pos_ == "NOUN" and obj.is_lower
                for at in obj.children
                if at.dep_ == "prep" and at.lower_ in ("at", "for")
                for place in at.children
                if place.dep_ == "pobj"
            ]
            for obj in objects:
                owner = self.entity(obj)
                # "controller of entertainment, Jane Roe,": a field in lower case, no name
                field = owner is None and obj.pos_ == "NOUN" and obj.is_lower
                if not field and (owner is None or self.ontology.has_trait(owner.type, "person")):
                    continue
                for child in self._children_of_name(obj):
                    named = self.entity(child) if child.dep_ in _NAME_APPOSITIONS else None
                    if (
                        named is not None
                        and child.i > obj.i
                        and self.doc[child.left_edge.i - 1].text == ","
                        and self.ontology.has_trait(named.type, "person")
                    ):
                        return child
        return None

    def _children_of_name(self, token: Token) -> list[Token]:
        """The dependents of a token and, when it stands in a name, of the name's other
        words: "the Victims of Crime Trust, Jane Roe," hangs the person on "Trust"."""
        span = self.entities.span_at(token.i)
        words = range(span.start, span.end) if span is not None else (token.i,)
        return [child for i in words for child in self.doc[i].children]

    def antecedent(self, pronoun: Token, depth: int) -> list[Token]:
        """The entity a pronoun stands for: the subject of a clause it sits in.

        Climbs from the pronoun through the verbs above it; the first subject
        that comes before the pronoun (or after a phrase set before the subject that
        holds it: "In its report, Acme said"), does not hold it, and names an entity of
        the pronoun's kind ("its": not a person; "his": a person) is taken.
        "Acme said its takeover of Birch was done" names Acme; "Jane Roe said its
        takeover ..." names nobody; "Acme wants it to buy Birch" names nobody either
        (the subject of an infinitive is the object of the verb above). A sentence with
        no subject for "its" reads the one before it (``_subject_before``).
        """
        if pronoun.dep_ == "nsubj" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in pronoun.head.children
        ):
            return []  # "Acme wants it to buy Birch": "it" is not Acme
        person = _PRONOUNS[pronoun.lower_]
        current = pronoun
        titled = False  # a clause below had a title for its subject
        for _ in range(12):
            if current.head.i == current.i:
                break
            branch, current = current, current.head
            if current.pos_ not in ("VERB", "AUX"):
                continue
            # "In its latest report, Acme said": a phrase set before the subject speaks of it;
            # so does a clause the parse made of a title ("In its report, Is It Safe?, Acme
            # asks")
            fronted = (branch.dep_ == "prep" or titled) and branch.i < current.i
            for child in current.children:
                if child.dep_ not in _SUBJECT_DEPS:
                    continue
                if child.i >= pronoun.i and not (fronted and branch.right_edge.i < child.i):
                    continue
                if child.left_edge.i <= pronoun.i <= child.right_edge.i:
                    continue
                if pronoun.lower_ in _SINGULAR_PRONOUNS and _plural_subject(current, child):
                    continue  # "Advisers Acme are said to value its unit": not the advisers'
                named = [
                    (t, entity)
                    for t in self.referents(child, depth + 1)
                    if (entity := self.entity(t)) is not None
                ]
                titled = titled or any(
                    self.ontology.has_trait(entity.type, "title") for _, entity in named
                )
                found = [
                    t for t, entity in named if self._owner_of_kind(entity, person)
                ] or self._owner_beside_title(child, person)
                if found and self._kind_between(child.right_edge.i + 1, pronoun, person):
                    return []  # "Acme is suing Birch, its unit Cove and ...": whose unit?
                if found:
                    return found
        return self._subject_before(pronoun, depth)

    def _subject_before(self, pronoun: Token, depth: int) -> list[Token]:
        """The entity a pronoun names when its own sentence has none: the subject of the
        sentence before, in the same paragraph.

        "its" where it opens the sentence ("The Kestrel Council said fees rose. Its
        chairman, Tom Hale, ...") or owns the subject set after its verb ('"Fees rose,"
        said its chairman'): elsewhere a noun of the sentence may own it ("The regulator
        fined Acme. The board said its chief ..."). "He", "she", "his" or "her" only where
        it opens the sentence or follows a short phrase naming no one ("Tom Hale ran
        Kestrel. In 1997 he left it."), and only when the sentence before names no other
        person: news moves from one person to the next by name. Nothing when a name stands
        before the pronoun, or the subject is not of the pronoun's kind."""
        person = _PRONOUNS.get(pronoun.lower_, False)
        if pronoun.lower_ != "its" and not person:
            return []
        sentence = sentence_of(self.doc, pronoun.i)
        if sentence.start == 0:
            return []
        owned = pronoun.head
        opens = all(t.is_punct for t in self.doc[sentence.start : pronoun.i]) or (
            person and _after_an_opening_phrase(self.doc[sentence.start : pronoun.i])
        )
        inverted = not person and owned.dep_ == "nsubj" and owned.head.i < pronoun.i
        if not (opens or inverted):
            return []
        if self._kind_between(sentence.start, pronoun, person=person):
            return []
        return self._previous_subjects(sentence, pronoun, depth, person)

    def described_before(self, title: Token) -> list[Token]:
        """The person a title opening a sentence stands for: "The Kestrel chairman said" after
        a sentence about Tom Hale. Only "the" and the title's own words before it, no name
        set beside it ("The Kestrel chairman, Tom Hale,"), and the one person the sentence
        before names, as its subject, in the same paragraph. A quote may open the sentence
        ('"I am proud," said the Kestrel chairman'), when it names no one and holds no
        "he" or "she", who may be the person before ('"He was superb," said the coach')."""
        sentence = sentence_of(self.doc, title.i)
        start = self._after_an_opening_quote(sentence, title)
        opening = [t for t in self.doc[start : title.i] if not t.is_punct]
        if opening and opening[0].i == title.head.i and title.head.lemma_ in _SPEAKING_VERBS:
            opening = opening[1:]  # '..., said the Kestrel chairman'
        if (
            sentence.start == 0
            or not opening
            or opening[0].lower_ != "the"
            or any(t.head.i != title.i and t.head.head.i != title.i for t in opening)
            or any(c.dep_ in ("appos", "npadvmod") for c in title.children)
        ):
            return []
        return self._previous_subjects(sentence, title, 0, person=True, named=True)

    def _after_an_opening_quote(self, sentence: Span, title: Token) -> int:
        """Where the words before ``title`` start once a quote opening its sentence is left
        out: right after the quote's closing mark, or the sentence's start when no quote
        opens it or the quote names a person or holds a third person's pronoun."""
        doc = self.doc
        if not doc[sentence.start].is_quote:
            return sentence.start
        marks = [t.i for t in doc[sentence.start + 1 : title.i] if t.is_quote]
        if not marks:
            return sentence.start
        quote = doc[sentence.start : marks[-1]]
        if any(t.lower_ in _THIRD_PERSONS for t in quote) or self._persons_in(quote):
            return sentence.start
        return marks[-1] + 1

    def body_before(self, title: Token) -> list[Token]:
        """The body a title set before a name with no employer of its own is held at:
        "Kestrel posted a record profit. Chief executive Tom Hale said ...". Only a title
        whose words before it are common ones ("chief", "finance"; not "Harwick", "its",
        "the", nor a club's name the model left untagged), in a sentence that names no
        organization, and the one organization the sentence before names as its subject,
        in the same paragraph or at the end of the one before (a story's first sentence is
        a paragraph of its own)."""
        sentence = sentence_of(self.doc, title.i)
        clubs = bundled_rules().one_word_clubs
        if sentence.start == 0 or any(
            child.i < title.i
            and (
                child.dep_ in ("poss", "det")
                or not (child.is_lower or child.is_sent_start)
                # "Kestrel boss Tom Hale", a club the model left untagged opening the sentence
                or child.lower_ in clubs
            )
            for child in title.children
        ):
            return []
        named = self.entities.entities
        within = self.entities.ids_within(sentence.start, sentence.end)
        if any(other in named and self._a_body(named[other]) for other in within):
            return []
        found = self._previous_subjects(
            sentence, title, 0, person=False, named=True, across_a_break=True
        )
        if len(found) != 1:
            return []
        body = self.entity(found[0])
        if body is None or not self._a_body(body):
            return []
        # a subject that is a common noun ("the company") stands for a body the story is
        # about, named more than once, not the last name before it ("a pie with
        # Kestrel Relish")
        if found[0].pos_ != "PROPN" and len(body.mentions) < 2:
            return []
        return found

    def owner_of(self, noun: Token) -> list[Token]:
        """The body a board, a committee or a seat belongs to, named in the noun's own phrase.

        Before it ("Kestrel's board", "the Kestrel board", "its board": the name the
        pronoun stands for) or after "of", through its members ("the board of Kestrel",
        "the board of directors of Kestrel"); never a name further off, in a clause on the
        noun ("the board of a firm that owns 20% of Kestrel").
        """
        for child in noun.children:
            if child.i > noun.i or child.dep_ not in ("poss", "compound", "nmod"):
                continue
            if self.entity(child) is not None:
                return [child]
            if child.tag_ == "PRP$":
                return self.referents(child)
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        while of is not None:
            named = next((c for c in of.children if c.dep_ == "pobj"), None)
            if named is None:
                return []
            if self.entity(named) is not None:
                return [named]
            if named.lower_ not in _BOARD_MEMBERS:
                return []
            of = next((c for c in named.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return []

    def heads_side(self, title: Token) -> list[Token]:
        """The side a player's or an official's title before a name stands at, when the
        sentence names that side's head: "Kestrel United manager Tom Hale will discipline
        striker Jack Birch" (Birch plays for Kestrel United), "the Kestrel boss praised
        captain Jack Birch". Only in a story about sport, for a title with no name,
        possessive or article of its own before it and no side named right after the name
        ("striker Jack Birch of Norvik"), in a sentence that names one side by its head's
        title ("manager", "boss", "chairman") and speaks of no transfer, where the player
        named may be another side's ("wants to sign striker Jack Birch")."""
        if not doc_facts(self.doc, bundled_rules()).sport:
            return []
        sentence = sentence_of(self.doc, title.i)
        if not self._bare_title(title, sentence.start):
            return []  # "Norvik striker", "his striker", "the striker": not the head's side
        _, name_end = self.entities.name_bounds(title.i + 1)
        if name_end < sentence.end and self.doc[name_end].lower_ in _OWN_SIDE_AFTER:
            return []  # "striker Jack Birch of Norvik": a side of his own
        if any(t.lemma_ in _TRANSFER_WORDS for t in sentence):
            return []
        sides = self._sides_of_heads(sentence, title)
        return list(sides.values()) if len(sides) == 1 else []

    def _bare_title(self, title: Token, sentence_start: int) -> bool:
        """Whether nothing before a title names whose it is: the sentence's start, a
        punctuation mark, or a lowercase verb, adjective, field, conjunction or
        preposition ("praised striker", "new coach", "with captain")."""
        if title.i == sentence_start:
            return True
        before = self.doc[title.i - 1]
        return before.is_punct or (before.is_lower and before.pos_ in _BEFORE_A_SQUAD_TITLE)

    def _sides_of_heads(self, sentence: Span, title: Token) -> dict[str, Token]:
        """The organizations a sentence names before a head's title ("Kestrel United
        manager Tom Hale", "the Kestrel boss"), by entity id; not a post named with no
        one holding it ("the Kestrel manager's job")."""
        sides: dict[str, Token] = {}
        for head in sentence:
            if head.lower_ not in _SIDE_HEADS or head.i == title.i:
                continue
            holder = self.entity(head.head)
            if head.dep_ == "compound" and (
                holder is None or not self.ontology.has_trait(holder.type, "person")
            ):
                continue
            for child in head.children:
                side = self.entity(child)
                if (
                    child.i < head.i
                    and child.dep_ in ("compound", "poss", "nmod")
                    and side is not None
                    and self._a_body(side)
                ):
                    sides[side.id] = child
        return sides

    def _a_body(self, entity: Entity) -> bool:
        return self.ontology.has_trait(entity.type, "organization")

    def _previous_subjects(
        self,
        sentence: Span,
        word: Token,
        depth: int,
        person: bool,
        named: bool = False,
        across_a_break: bool = False,
    ) -> list[Token]:
        """The subject of the sentence before ``sentence``, in the same paragraph, of the
        kind ``person`` says: a person only when it is the one that sentence names. With
        ``named``, only a name written there, not a pronoun standing for someone named
        further back ('"He is fit," said the coach. The former Kestrel striker ...'). With
        ``across_a_break``, the sentence before may end the paragraph before, as a story's
        first sentence does ("Kestrel posted a record profit.", then a paragraph opening
        "Chief executive Tom Hale said ...")."""
        previous = sentence_of(self.doc, sentence.start - 1)
        if not across_a_break and not self._one_paragraph(previous, word):
            return []  # another paragraph
        found = []
        for child in previous.root.children:
            if child.dep_ not in _SUBJECT_DEPS:
                continue
            for token in self.referents(child, depth + 1):
                entity = self.entity(token)
                if named and not previous.start <= token.i < previous.end:
                    continue
                if entity is not None and self._owner_of_kind(entity, person=person):
                    found.append(token)
        if person and (len(found) != 1 or self._other_person_in(previous, found[0])):
            return []  # "Hale and Birch ...": whom "he" names is not told
        self.reached_back = self.reached_back or bool(found)
        return found

    def _other_person_in(self, sentence: Span, named: Token) -> bool:
        """Whether a sentence names a person other than the one ``named`` stands for."""
        entity = self.entity(named)
        return bool(self._persons_in(sentence) - {entity.id if entity is not None else ""})

    def _persons_in(self, span: Span) -> set[str]:
        """The ids of the persons a span of the document names."""
        named = self.entities.entities
        return {
            other
            for other in self.entities.ids_within(span.start, span.end)
            if other in named and self.ontology.has_trait(named[other].type, "person")
        }

    def _one_paragraph(self, previous: Span, word: Token) -> bool:
        """Whether no paragraph break lies between the sentence ``previous`` and ``word``."""
        return "\n\n" not in doc_text(self.doc)[previous.start_char : word.idx]

    def _owner_of_kind(self, entity: Entity, person: bool) -> bool:
        """Whether an entity can be what a pronoun of the kind ``person`` stands for: a
        person for "his", anything else for "its"; a title owns nothing ("In its report,
        Silent Harbours, Acme said")."""
        return self.ontology.has_trait(entity.type, "person") == person and not (
            self.ontology.has_trait(entity.type, "title")
        )

    def _owner_beside_title(self, subject: Token, person: bool) -> list[Token]:
        """The name set after a title that the parse made the subject ("In its report,
        Growing Pains, the Kestrel Trust says": the title the subject, the trust in
        apposition to it), when it is of the pronoun's kind."""
        entity = self.entity(subject)
        if entity is None or not self.ontology.has_trait(entity.type, "title"):
            return []
        for child in subject.children:
            owner = self.entity(child)
            if (
                child.dep_ == "appos"
                and child.i > subject.i
                and self.doc[child.left_edge.i - 1].text == ","
                and owner is not None
                and self.ontology.has_trait(owner.type, "person") == person
                and not self.ontology.has_trait(owner.type, "title")
            ):
                return [child]
        return []

    def _kind_between(self, start: int, pronoun: Token, person: bool) -> bool:
        """Whether a name of the pronoun's kind, or a name the model left untagged,
        stands between its candidate and it."""
        for token in pronoun.doc[start : pronoun.i]:
            entity = self.entity(token)
            if entity is None:
                if token.pos_ == "PROPN" and token.ent_iob_ == "O":
                    return True
            elif self.ontology.has_trait(entity.type, "person") == person:
                return True
        return False

    def subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        """The entity tokens standing for the subject of a verb.

        A verb the parse gives two subjects (a headline run into the sentence:
        "Highlights: on this day singer Jane Roe was born in Leeds"; a name and
        its description: "Acme, the firm tipped to buy Birch") has the nearest
        one before it that names an entity as its own.
        """
        if depth > 5:
            return []
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if len(subjects) > 1:
            subjects.sort(key=lambda c: (c.i > verb.i, -c.i if c.i < verb.i else c.i))
            for child in subjects:
                found = self.referents(child, depth + 1)
                if found:
                    return found
            return []
        if subjects:
            return self.referents(subjects[0], depth + 1)
        if verb.dep_ in ("acl", "relcl") or (verb.dep_ == "appos" and verb.head.pos_ == "PROPN"):
            # "Jane Roe (singer): Born 1931 in Leeds": a participle set after the name
            return self.referents(verb.head, depth + 1)
        if verb.dep_ in ("conj", "acomp") or (
            verb.dep_ == "xcomp"
            and (
                not any(c.dep_ == "dobj" for c in verb.head.children)
                # "X left Acme to join Birch": who leaves goes on to the infinitive's deed
                or verb.head.lemma_ in _LEAVING_FOR
            )
        ):
            # "X is keen to join Acme": the adjective's subject is the verb's
            return self.subjects(verb.head, depth + 1)
        if (
            verb.dep_ == "advcl"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and verb.head.pos_ == "VERB"
            and (
                not any(c.dep_ in ("dobj", "dative") for c in verb.head.children)
                # "X left Acme in May to join Birch": the parse may hang it as a clause
                or verb.head.lemma_ in _LEAVING_FOR
            )
        ):
            # "X went on to sign a deal with Acme": the infinitive's subject is the verb's
            return self.subjects(verb.head, depth + 1)
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and verb.head.pos_ in ("VERB", "AUX")
            and verb.i > verb.head.i
        ):
            # "X died while playing for Leeds": a participle after the clause has its subject
            return self.subjects(verb.head, depth + 1)
        if (
            verb.dep_ == "pcomp"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            # "X served on the council before being elected to Parliament": the clause's subject
            if verb.head.head.lemma_ in _OBJECTS_DEED_VERBS and any(
                c.dep_ == "dobj" for c in verb.head.head.children
            ):
                return []  # "X accused Acme of launching Y": the deed is Acme's, if anyone's
            return self.subjects(verb.head.head, depth + 1)
        if (
            verb.dep_ == "pcomp"
            and verb.head.head.lower_ in UNDER_WAY_NOUNS
            and verb.head.head.dep_ == "pobj"
            and verb.head.head.head.head.pos_ in ("VERB", "AUX")
        ):
            # "X is in the process of merging with Y": the subject of "is"
            return self.subjects(verb.head.head.head.head, depth + 1)
        return []
