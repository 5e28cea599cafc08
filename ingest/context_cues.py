"""Type votes from the words around a mention: descriptors, places, owners.

"the carrier X", "shares in X", "X's chief executive", "born in X", "X, a port in ...", "X slid
1.5%", "brands include A, B and C": each cue adds a weighted vote to the mention's evidence
(the weights and the name-only votes are in ingest/evidence.py; lists are read in
ingest/list_cues.py, sports teams in ingest/team_cues.py). Word lists that are tuned with the
code that reads them live here beside it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from threadline.ingest.evidence import (
    BASED,
    DESCRIPTOR,
    IN_PLACE,
    PLACE_HIERARCHY,
    PRODUCT_NOUN,
    ROLE,
    TEAM,
    Evidence,
    Place,
    first_names,
    listed_companies,
    places,
)
from threadline.ingest.list_cues import list_evidence, list_follows
from threadline.ingest.nationality import (
    nation_or_region_adjective,
    nationality_adjective,
    people_of_a_nation,
)
from threadline.ingest.untagged_places import place_before_description
from threadline.ingest.us_states import state_at
from threadline.names import LEGISLATOR_TITLES, name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words after "X's" that only an organization has.
_ORGANIZATION_POSSESSED = frozenset(
    {"chief", "boss", "chairman", "chairwoman", "board", "shareholders", "shares", "profits",
     "profit", "subsidiary", "executives", "ceo", "stake", "takeover", "bid", "share", "stores",
     "sales", "revenues", "revenue", "earnings", "workforce", "staff", "brands", "factory",
     "shareholder", "figures", "survey", "data",
     "factories", "plant", "plants", "spokesman", "spokeswoman", "chief executive", "customers"}
)  # fmt: skip
# Words before "in X" / "of X" that make X an organization ("shares in X").
_OWNERSHIP = frozenset(
    {"shares", "stake", "stakes", "holding", "holdings", "investment", "interest", "sale",
     "purchase", "ownership", "acquisition", "takeover", "owner", "owners", "bosses"}
)  # fmt: skip
# Participles before "by X" that make X an owner or controller, not a place.
_OWNED_BY = frozenset(
    {"owned", "controlled", "run", "bought", "acquired", "managed", "backed", "funded",
     "financed", "operated", "sponsored", "taken"}
)  # fmt: skip
# Agreements whose other side, after "with", is an organization.
_DEALS_WITH = frozenset({"deal", "contract", "partnership", "alliance", "merger", "tie-up"})
# Offers to buy a company, before "by" or "from" and the bidder.
_BIDS = frozenset({"takeover", "bid", "offer", "acquisition", "buyout", "buy-out", "approach"})
# Participles of losing a post, before "by" and whoever ended it.
_DISMISSED = frozenset({"sacked", "fired", "axed", "dismissed"})
# Of those, the ones said of a thing, never of a person ("X, owned by Y").
_OWNED_THING = frozenset({"owned", "controlled", "bought", "acquired", "operated", "run"})
_PLACE_PREPOSITIONS = frozenset({"in", "across", "throughout", "near", "outside"})
# People said to be "from" somewhere: the place they come from.
_PEOPLE_FROM = frozenset(
    {"man", "men", "woman", "women", "boy", "boys", "girl", "girls", "teenager", "teenagers",
     "couple", "family", "families", "people", "resident", "residents", "pensioner",
     "pensioners", "student", "students", "both", "all"}
)  # fmt: skip
# Lowercase words after a name that make it a place ("Cojedes state").
_PLACE_WORDS = frozenset({"state", "province", "region", "county", "prefecture", "district",
                          "provinces", "regions", "counties", "districts"})  # fmt: skip
# Sites an owner has somewhere ("its Cowley factory"), and the pronouns that name the owner.
_SITES = frozenset({"factory", "plant", "site", "works", "mine", "refinery", "headquarters",
                    "office", "offices", "depot", "warehouse", "mill", "smelter"})  # fmt: skip
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
# Product nouns that stand before a product's name ("rival medicine Vantor", "its product
# Vantor"); not "model" or "car", which also stand before people and makers.
_PRODUCTS_BEFORE = frozenset({"drug", "medicine", "vaccine", "painkiller", "pill", "software",
                              "browser", "handset", "console", "treatment", "product",
                              "antidepressant", "anti-depressant", "gadget", "robot"})  # fmt: skip
# Product nouns that name a product after "called" or "known as" ("a technology called Vantor").
_PRODUCTS_CALLED = _PRODUCTS_BEFORE | frozenset(
    {"technology", "chip", "format", "device", "system", "drugs", "medicines"}
)
# Nouns that head an apposition describing a place ("Bergen, a port in Norway").
_PLACE_NOUNS = frozenset(
    {"city", "town", "village", "port", "capital", "province", "region", "suburb", "district",
     "county", "island", "state", "country", "nation", "resort", "enclave", "territory"}
)  # fmt: skip
# Words before "of X" that make X a place: "a native of X", "the mayor of X".
_OF_PLACE = frozenset({"native", "natives", "mayor", "governor", "capital", "outskirts", "suburbs"})
# Words after a name that make it a place ("a Cork native") or an award ("a Nobel laureate").
_PLACE_AFTER = frozenset({"native", "natives", "resident", "residents", "-born"})
_AWARD_AFTER = frozenset({"laureate", "laureates", "prize", "prizes", "prize-winning"})
# Nouns that a product name stands before ("Vantor cough medicine", "the Pentium chip").
# Singular only: "Nokia phones" are phones made by the company Nokia.
_PRODUCT_NOUNS = frozenset(
    {"drug", "medicine", "vaccine", "pill", "painkiller", "car", "model", "phone", "handset",
     "console", "software", "browser", "chip", "processor", "device", "jet", "airliner",
     "beer", "lager", "whisky", "vodka", "rum", "cigarette", "drink", "truck", "suv",
     "range", "diet", "burger", "soap", "shampoo", "snack", "cereal", "laptop", "tablet",
     "spray", "inhaler", "capsule", "warship", "frigate", "destroyer", "submarine", "cruiser",
     "format", "gadget", "encyclopaedia", "encyclopedia", "recorder", "dispenser",
     "virus", "worm", "trojan"}  # a computer virus, a program ("the Kestrel e-mail worm")
)  # fmt: skip
# Words after a stock index's name ("the Hang Seng index").
_INDEX_WORDS = frozenset({"index", "indices", "indexes", "composite", "average", "crude"})
# Verbs of a share price or company value that moved ("Kestrel slid 1.5%").
_MARKET_MOVES = frozenset(
    {"rise", "fall", "slide", "gain", "lose", "drop", "climb", "jump", "slip", "tumble", "dip",
     "edge", "surge", "plunge", "sink", "soar", "rally", "close", "add", "shed", "ease"}
)  # fmt: skip


# Verbs whose object is a made thing ("Kestrel, which makes Vantor", "brews Zelbeer").
_MAKING_VERBS = frozenset({"make", "brew", "produce", "manufacture", "distil", "bottle"})


# Words that may stand between a descriptor and the name it introduces.
_NAMING_WORDS = frozenset(
    {"known", "as", "called", "named", "dubbed", "widely", ",", "the", "new", "his", "her", "its",
     "their", "a", "latest", "entitled", "titled"}
)  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an"})
# Participles that give a name: a comma before them does not end the search ("the
# book, called The Long Road").
_NAMING_PARTICIPLES = frozenset({"called", "named", "dubbed", "entitled", "titled"})


def descriptor_before(
    doc: Doc, start: int, descriptors: frozenset[str], reach: int, comma_ends: bool
) -> Token | None:
    """A descriptor word up to ``reach`` words before a name, across naming words only.

    With ``comma_ends``, a comma other than the one right before the name (or
    before its article or opening quote: 'its report, "Kestrel Outlook"', "his
    book, The Long Road") ends the search.
    """
    for i in range(start - 1, max(-1, start - reach - 1), -1):
        token = doc[i]
        # not "a single AAA battery"; "her single Kestrel Lane", "Tom Hale's new novel X"
        if token.lower_ in descriptors and (token.pos_ != "ADJ" or _owned(doc, i)):
            return token
        if token.is_quote and i == start - 1:
            continue
        if token.lower_ not in _NAMING_WORDS or token.is_sent_start:
            return None
        if (
            comma_ends
            and token.text == ","
            and not all(
                t.is_quote or t.lower_ in _ARTICLES or t.lower_ in _NAMING_PARTICIPLES
                for t in doc[i + 1 : start]
            )
        ):
            return None
    return None


def _owned(doc: Doc, i: int) -> bool:
    """Whether a possessive stands right before word ``i`` or one word before it
    ("Hale's novel", "her new single"): the word is then a noun, whatever its tag."""
    for j in (i - 1, i - 2):
        if j >= 0 and (doc[j].tag_ == "POS" or doc[j].lower_ in _POSSESSIVE_PRONOUNS):
            return True
        if j >= 0 and doc[j].pos_ != "ADJ":
            return False
    return False


# Posts "make" gives a person ("made Tom Hale captain"), which the parse reads as the
# thing made with the name before it.
_POSTS_GIVEN = frozenset(
    {"captain", "vice-captain", "chairman", "chairwoman", "chair", "president", "leader",
     "head", "director", "manager", "coach", "chief", "partner", "ambassador", "minister",
     "secretary", "executive", "deputy", "spokesman", "spokeswoman", "governor"}
)  # fmt: skip


def _made_thing(span: Span) -> bool:
    """Whether the name is what a verb of making makes: "Kestrel, which also makes
    Vantor footwear" (a brand), not "sold Vantor" (which may be a company)."""
    root = span.root
    if root.dep_ == "compound" and root.head.dep_ == "dobj":
        root = root.head  # "makes Vantor footwear"
    verb = root.head
    return (
        root.dep_ == "dobj"
        and verb.lemma_ in _MAKING_VERBS
        and verb.pos_ == "VERB"
        # not "made Jane Roe its chairman", nor "produce 12,600 MW"
        and not any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in verb.children)
        and not any(c.dep_ == "nummod" for c in root.children)
        # "made Tom Hale captain": a person's name the parse ran into the post after it
        and root.lower_ not in _POSTS_GIVEN
        # "to make the Leeds gig": an occasion one gets to, named for its town
        and root.lower_ not in _OCCASIONS
    )


# Occasions one "makes" by getting to them ("make the Leeds gig", "made the Paris final").
_OCCASIONS = frozenset(
    {"benefit", "concert", "gig", "show", "meeting", "match", "game", "final", "deadline",
     "ceremony", "festival", "summit", "wedding", "party", "premiere", "launch", "trip"}
)  # fmt: skip


# Verbs after a name that are said of an organization as readily as of a person.
_REPORTING_AFTER = frozenset({"said", "says", "added", "adds", "told", "warned", "reported"})


# Last words of the names of contests, whose "team" is a side sent to them.
_CONTEST_WORDS = frozenset(
    {"cup", "games", "open", "olympics", "championship", "championships", "trophy", "tour"}
)


def _reported_aside(doc: Doc, end: int) -> bool:
    """Whether a reporting verb and a comma, a stop or a colon close the name ("the
    company, Okafor said, is ...", "at the lab, Okafor told us", "to the paper, Okafor
    added: ..."): who speaks after a comma, not the noun before it renamed."""
    return (
        end + 1 < len(doc)
        and doc[end].lower_ in _REPORTING_AFTER
        and (doc[end + 1].text in (",", ".", ":") or doc[end].lower_ == "told")
    )


def _clause_after(doc: Doc, end: int) -> bool:
    """Whether a verb right after the name opens a clause with it as subject ("the firm
    Jane Roe runs"), other than a report ("firm Kestrel said") or a passive ("was formed")."""
    if end >= len(doc) or doc[end].lower_ in _REPORTING_AFTER:
        return False
    # "the firm Jane Roe had built"; not "the band Kestrel Moon was formed"
    return doc[end].pos_ == "VERB" or (doc[end].pos_ == "AUX" and doc[end].lemma_ == "have")


def _modifies_the_name(doc: Doc, word: int, start: int, end: int) -> bool:
    """Whether the word before a name hangs on it ("Bookmaker Kestrel Hill has cut its
    odds": the name's subject clause is the sentence's), not the name on it ("the firm
    Jane Roe had built")."""
    return doc[word].dep_ == "compound" and start <= doc[word].head.i < end


def _where_traded(doc: Doc, start: int) -> bool:
    """Whether "shares in X" names where a company's shares trade: "Kestrel shares in
    Frankfurt dropped", the company's name before "shares"."""
    return (
        start >= 3
        and doc[start - 1].lower_ == "in"
        and doc[start - 2].lower_ == "shares"
        and doc[start - 3].pos_ == "PROPN"
    )


def _first_name_and_surname(span: Span) -> bool:
    """Whether a name is a known first name and one or two capitalized words."""
    return (
        2 <= len(span) <= 3
        and span[0].lower_ in first_names()
        and all(t.is_title and t.is_alpha for t in span)
        and name_key(span.text) not in listed_companies()
    )


# Organization descriptors that name a person's rival too ("his British rival Tom Hale").
_PEOPLES_RIVALS = frozenset({"rival", "rivals"})


# Descriptors that name a broadcaster only right before its name ("radio station Kestrel
# FM", "TV channel Norvik"): elsewhere a station is as often a site ("a power station, and
# a unit on the Kestrel Dam"), and a name before one is where it is ("London radio station").
_BROADCAST_KINDS = frozenset({"station", "channel"})


@cache
def _away_from_the_name(descriptors: frozenset[str]) -> frozenset[str]:
    """The descriptors that say a name is an organization's when they do not stand right
    before it (in apposition, after a comma or "the", after the name): all but the
    broadcasters' kinds. Once per list of descriptors."""
    return descriptors - _BROADCAST_KINDS


def context_evidence(
    doc: Doc,
    span: Span,
    descriptors: frozenset[str],
    organization_after: frozenset[str],
    evidence: Evidence,
    organization_cues: bool = True,
    firms: frozenset[str] = frozenset(),
) -> None:
    """Votes from the words around a mention.

    Without ``organization_cues`` (a nationality: "German shares"), only place cues count.
    A descriptor in ``firms`` right before the name ("accountancy firm Stuart Harwick")
    weighs more than other descriptors, unless a clause follows the name ("the firm
    Stuart Harwick runs", where the name is the runner's).
    """
    start, end = span.start, span.end
    before = doc[start - 1].lower_ if start > 0 else ""
    before2 = doc[start - 2].lower_ if start > 1 else ""
    away = _away_from_the_name(descriptors)
    list_evidence(doc, start, end, descriptors, evidence)
    if place_before_description(span):
        # "Shares in Lancashire firm Kestrel": the words before the place belong to the
        # name the firm's word precedes, not to the place.
        evidence.add("Location", BASED, f"place before '{doc[end].text}' and a name")
        return
    # "a plant at Arese near Milan": a place near another place.
    if (
        end + 1 < len(doc)
        and doc[end].lower_ == "near"
        and (name_key(doc[end + 1 : end + 3].text) in places() or doc[end + 1].ent_type_ == "GPE")
    ):
        evidence.add("Location", DESCRIPTOR, "'near <place>' after it")
    if end < len(doc) and doc[end].lower_ in _SITES and doc[end].is_lower:
        owner = start - 1
        while owner > 0 and doc[owner].pos_ == "ADJ" and doc[owner].is_lower:
            owner -= 1  # "its vast Cowley factory"
        if owner >= 0 and doc[owner].lower_ in _POSSESSIVE_PRONOUNS:
            # "its Cowley factory": the owner is "its"; the name is where the site is.
            evidence.add(
                "Location", DESCRIPTOR, f"'{doc[owner].text} ... {doc[end].text}' around it"
            )
    if not organization_cues:
        return
    if before in _PRODUCTS_BEFORE and doc[start - 1].is_lower:
        evidence.add("Product", DESCRIPTOR, f"after '{before}'")  # "rival medicine Vantor"
    elif before in ("called", "as", "dubbed", "named") and (
        product_word := descriptor_before(doc, start, _PRODUCTS_CALLED, 3, True)
    ):
        evidence.add("Product", DESCRIPTOR, f"after '{product_word.text}'")  # "a chip called X"
    elif _made_thing(span):
        evidence.add("Product", BASED, "made by the subject")
    elif (
        before in descriptors
        # not "will act X"; a trade's agent noun the tagger took for a verb ("and
        # housebuilder X") still names the firm
        and (doc[start - 1].pos_ != "VERB" or (before in firms and before.endswith("er")))
        # "British rival Tom Hale": a player's rival, named as a person is
        and not (before in _PEOPLES_RIVALS and _first_name_and_surname(span))
    ):
        firm = before in firms and (
            not _clause_after(doc, end) or _modifies_the_name(doc, start - 1, start, end)
        )
        weight = DESCRIPTOR + 1 if firm else DESCRIPTOR
        evidence.add("Organization", weight, f"after '{before}'")
    elif before == "," and before2 in away and not _reported_aside(doc, end):
        evidence.add("Organization", DESCRIPTOR, f"after '{before2},'")
    elif before == "the" and before2 in away and start > 1 and doc[start - 2].is_lower:
        evidence.add("Organization", DESCRIPTOR, f"after '{before2} the'")  # "lender the Halifax"
    elif before == "based" and before2 == "-" and not _first_name_and_surname(span):
        # not "US-based Tom Hale", a person where he lives
        evidence.add("Organization", DESCRIPTOR, "after 'X-based'")
    elif (
        before == "of"
        and start > 1
        and doc[start - 2].ent_type_ == "PERSON"
        and doc[start].ent_type_ not in ("GPE", "LOC")  # "Jane Roe of Wallingford, Conn."
    ):
        evidence.add("Organization", IN_PLACE * 3, "after '<person> of'")
    elif before == "by" and before2 in _OWNED_BY:
        evidence.add("Organization", DESCRIPTOR, f"'{before2} by' before it")
    elif before == "with" and before2 in _DEALS_WITH:
        # "signed a deal with Kestrel Books": a deal's other side; a known place keeps
        # its own stronger vote ("a trade deal with China")
        evidence.add("Organization", DESCRIPTOR - 0.5, f"'{before2} with' before it")
    elif before == "by" and before2 in _DISMISSED and not _first_name_and_surname(span):
        # "the developers sacked by Kestrel": an employer; weaker, as a boss sacks too
        evidence.add("Organization", DESCRIPTOR - 0.5, f"'{before2} by' before it")
    elif before in ("by", "from") and before2 in _BIDS:
        # "a takeover by Kestrel Cement"; weaker, as a tycoon bids too ("a bid by Jane Roe")
        evidence.add("Organization", DESCRIPTOR - 0.5, f"'{before2} {before}' before it")
    elif start > 0 and doc[start - 1].tag_ == "POS" and _owner_before_possessor(doc, start - 1):
        evidence.add("Organization", DESCRIPTOR, "'owned by <place>'s' before it")
    elif before in ("in", "of") and before2 in _OWNERSHIP and not _where_traded(doc, start):
        evidence.add("Organization", DESCRIPTOR, f"'{before2} {before}' before it")
    elif (
        before == "of"
        and before2 in ("%", "percent")
        and start > 2
        and doc[start - 3].like_num
        and not (end < len(doc) and doc[end].tag_ == "POS")
        and name_key(span.text) not in places()
        and not people_of_a_nation(span.text)  # "40% of Britons": people, no firm's shares
    ):
        evidence.add("Organization", DESCRIPTOR, f"'{doc[start - 3].text}{before2} of' before it")
    elif before in _PLACE_PREPOSITIONS and before2 not in _OWNERSHIP:
        evidence.add("Location", IN_PLACE, f"after '{before}'")
    elif before == "from" and before2 in _PEOPLE_FROM and name_key(span.text) in places():
        # "a man from Camberley", "two men, both from Keighley": where people come from.
        # A known place's name only: people come from bodies too ("a man from Kestrel").
        evidence.add("Location", IN_PLACE * 3, f"after '{before2} from'")
    after = end
    possessive = after < len(doc) and doc[after].tag_ == "POS"
    if possessive:
        after += 1
    # "the regulator's Paris headquarters": the noun after a place's name is the
    # possessor's ("Kestrel's Lumen subsidiary" is Lumen).
    owned = start > 0 and doc[start - 1].tag_ == "POS" and name_key(span.text) in places()
    if after < len(doc) and not owned:
        if (
            possessive
            and doc[after].pos_ == "ADJ"
            and doc[after].lower_ not in _ORGANIZATION_POSSESSED
            and after + 1 < len(doc)
        ):
            after += 1  # "Kestrel's biggest shareholder"
        word = doc[after].lower_
        if possessive and (
            word in _ORGANIZATION_POSSESSED
            # "the union's general secretary": a body's post (a person has a secretary)
            or (word == "secretary" and doc[after - 1].lower_ == "general")
        ):
            evidence.add("Organization", DESCRIPTOR, f"'{span.text}'s {word}'")
        elif possessive and opens_person_name(doc, after) and name_key(span.text) not in places():
            # "Kestrel Partners' Jane Roe": a person named as someone's is its staff
            # (a place's is someone from there: "Oslo's Jane Roe").
            evidence.add("Organization", ROLE, f"'{span.text}'s <person>'")
        elif (
            not possessive
            and word in organization_after
            and not nationality_adjective(span.text)
            and not _served_person(span, word)
            # "the Davis Cup team": a contest's team is a country's, not the contest
            and not (word == "team" and span[-1].lower_ in _CONTEST_WORDS)
        ):
            # "Kestrel Hill spokesman Jane Roe": a title with a person's name after it is
            # held at the name before it, which a person's name never is ("Dutch coach
            # Jane Roe" says where she is from)
            weight = DESCRIPTOR + 1 if opens_person_name(doc, after + 1) else DESCRIPTOR
            evidence.add("Organization", weight, f"before '{word}'")
        elif (
            not possessive
            and name_key(span.text) not in places()
            and span[-1].lower_ not in _PLACE_WORDS  # "Kestrel County police spokesman X"
            and (title := title_after_modifiers(doc, after, organization_after))
        ):
            # "Kestrel Hall artistic director Jane Roe": the same with the title's words
            evidence.add("Organization", DESCRIPTOR + 1, f"before '... {title}' and a name")
        elif not possessive and (compound := _compound_head(doc, after)) in away:
            if compound == "carrier" and doc[after].lower_ == "aircraft":
                evidence.add("Product", DESCRIPTOR, "before 'aircraft carrier'")  # a ship
            else:
                evidence.add("Organization", DESCRIPTOR, f"before '... {compound}'")
    if not possessive and after < len(doc) and doc[after].lower_ in ("and", "&", "or"):
        # "its Opel and Vauxhall models": the noun after the pair is about both.
        j = after + 1
        while j < len(doc) and j - after <= 4 and (doc[j].is_title or doc[j].is_upper):
            j += 1
        if (
            j > after + 1
            and j < len(doc)
            and doc[j].lower_ in organization_after
            # "Talvaro and England captain Tom Hale", where the name before "and" reads as
            # a person's or a work's: the title is the name's after it ("Harwick and
            # England defender Tom Hale" played for both)
            and not (
                opens_person_name(doc, j + 1)
                and (
                    span[0].ent_type_ in ("PERSON", "WORK_OF_ART") or _first_name_and_surname(span)
                )
            )
        ):
            evidence.add("Organization", DESCRIPTOR, f"before '... {doc[j].text}'")
    if (
        after < len(doc)
        and not possessive
        and doc[after].lower_ in _PLACE_WORDS
        and doc[after].is_lower
    ):
        evidence.add("Location", DESCRIPTOR, f"before '{doc[after].text}'")
    noun = apposition_noun(doc, end)
    if noun is not None and noun.lower_ in away:
        # "Kestrel, the world's biggest reinsurer": an apposition headed by a descriptor.
        evidence.add("Organization", DESCRIPTOR, f"'{noun.text}' in apposition")
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "based":
        evidence.add("Location", BASED, "'-based' after it")
    nxt = end + 1 if end < len(doc) and doc[end].text == "," else end
    if nxt + 1 < len(doc) and doc[nxt].lower_ in _OWNED_THING and doc[nxt + 1].lower_ == "by":
        evidence.add("Organization", DESCRIPTOR, f"'{doc[nxt].text} by' after it")
    _place_and_thing_cues(doc, span, before, before2, descriptors, evidence)
    _subject_cues(span, evidence)
    _who_or_age_after(doc, span, evidence)
    if before == "in" and before2 == "based":
        evidence.add("Location", BASED, "'based in' before it")
    # "Lyon, France": a city followed by the country or state that contains it.
    if end + 1 < len(doc) and doc[end].text == "," and state_at(doc, end + 1, end + 2):
        evidence.add("Location", BASED, "followed by a US state")  # "Morgan City, La."
    elif end + 1 < len(doc) and doc[end].text == ",":
        place = places().get(name_key(span.text))
        if _followed_by_parent(doc, end + 1, place):
            evidence.add("Location", PLACE_HIERARCHY, "followed by its country or state")
        elif (
            # a town the place list knows too, but not with its county ("Camberley,
            # Surrey"), weighs little alone
            (place is None or place.weight < 1.5)
            and before in _HOME_PREPOSITIONS
            and _known_place_at(doc, end + 1)
        ):
            # "Jane Roe, 43, of Kirkby, Leeds": a name followed by the town that contains it
            evidence.add("Location", PLACE_HIERARCHY, "followed by the place that contains it")


def _followed_by_parent(doc: Doc, start: int, place: Place | None) -> bool:
    """Whether the country or state that contains ``place`` is named at ``start``."""
    if place is None:
        return False
    for width in (1, 2, 3):
        if start + width <= len(doc) and name_key(doc[start : start + width].text) in place.parents:
            return True
    return False


_HOME_PREPOSITIONS = frozenset({"of", "from", "in", "near"})
# What may follow a containing place: the end of the phrase, not more of a name.
_PHRASE_ENDS = frozenset({",", ";", ".", ":", ")", "and", "who", "was", "is", "said", "has"})


def _known_place_at(doc: Doc, start: int) -> bool:
    """A city (100,000 people or more), region or country named at ``start``, ending its phrase.

    "of Kirkby, Leeds, said": yes; "of Kestrel, Britain's biggest bank" or "of
    Kestrel, Leeds-based": no, the place there begins a description.
    """
    for width in (1, 2, 3):
        stop = start + width
        if stop > len(doc):
            return False
        place = places().get(name_key(doc[start:stop].text))
        if place is not None and place.weight >= 1.5:
            return stop == len(doc) or doc[stop].lower_ in _PHRASE_ENDS
    return False


# Verbs whose subject is a person ("Holt died on Sunday", "Holt lives in Leeds"), and
# verbs whose passive subject is an organization ("Kestrel was founded in 1984").
_PERSON_VERBS = frozenset({"die", "marry", "wed", "live", "resign", "retire"})
_FOUNDING_VERBS = frozenset({"found", "co-found", "cofound", "incorporate"})


# Nouns that say what a name is ("X is a subsidiary company of Y") and that only an
# organization is: not "developer", "producer" or "publisher", which a person may be.
_ORGANIZATION_KINDS = frozenset(
    {"company", "firm", "subsidiary", "bank", "insurer", "reinsurer", "retailer", "manufacturer",
     "airline", "agency", "group", "brewer", "lender", "conglomerate", "chain", "exchange",
     "regulator", "watchdog", "carmaker", "automaker", "drugmaker", "supermarket",
     "consultancy", "bourse", "newspaper", "broadcaster", "magazine", "charity", "organisation",
     "organization", "institute", "union", "association", "startup", "start-up"}
)  # fmt: skip


# What only a business does to its staff and books: a verb's lemma and the object nouns
# that go with it ("X employs 3,000 people", "X cut 500 jobs", "X posted a loss").
_BUSINESS_DEEDS = {
    "employ": frozenset({"people", "staff", "workers", "employees"}),
    "cut": frozenset({"jobs", "posts", "workforce"}),
    "shed": frozenset({"jobs", "posts", "staff", "workers"}),
    "axe": frozenset({"jobs", "posts"}),
    "post": frozenset({"profit", "profits", "loss", "losses", "revenue", "revenues"}),
    "report": frozenset({"profit", "profits", "loss", "losses", "revenue", "revenues"}),
}


def _business_deed(verb: Token) -> str | None:
    """The object noun of a deed only a business does, if ``verb`` does one."""
    objects = _BUSINESS_DEEDS.get(verb.lemma_.lower())
    if objects is None:
        return None
    for child in verb.children:
        if child.dep_ == "dobj" and child.lower_ in objects:
            return child.lower_
    return None


def _subject_cues(span: Span, evidence: Evidence) -> None:
    """Votes from the verb a name is the subject of, and from "one of the biggest
    retailers" in apposition to it."""
    root = span.root
    if (kinds := _one_of_kinds(root, "appos")) is not None:
        evidence.add("Organization", DESCRIPTOR, f"'one of the {kinds}' in apposition")
    if (plural := _plural_verb_of_a_singular_name(span)) is not None:
        evidence.add("Organization", ROLE, f"subject of the plural '{plural}'")
    verb = root.head
    if verb.pos_ not in ("VERB", "AUX") or verb is root:
        return
    lemma = verb.lemma_.lower()
    if root.dep_ == "nsubj" and lemma == "be":
        _what_it_is(verb, evidence)
        return
    if root.dep_ == "nsubj" and (second := _subjectless_copula(verb)) is not None:
        # "X has made games for years and is one of the largest developers"
        _what_it_is(second, evidence)
    if root.dep_ == "nsubj" and lemma in _PERSON_VERBS:
        evidence.add("Person", ROLE, f"subject of '{verb.text}'")
    elif (
        root.dep_ == "nsubj"
        and lemma == "grow"
        and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
    ):
        evidence.add("Person", ROLE, f"subject of '{verb.text} up'")  # a childhood's place
    elif root.dep_ == "nsubjpass" and verb.lower_ == "born":
        evidence.add("Person", ROLE, "subject of 'born'")
    elif root.dep_ == "nsubj" and (deed := _business_deed(verb)) is not None:
        evidence.add("Organization", DESCRIPTOR, f"subject of '{verb.text} ... {deed}'")
    elif root.dep_ == "nsubjpass" and lemma in _FOUNDING_VERBS:
        evidence.add("Organization", DESCRIPTOR, f"subject of '... {verb.text}'")


def _plural_verb_of_a_singular_name(span: Span) -> str | None:
    """The plural verb ("are", "were", "have") a singular name alone is the subject of,
    if it is one: a band, a team, a firm or a party takes one in British English ("Kestrel
    Moon are touring", "Norvik have cut jobs"), a person's name never. A name joined to
    another by "and" makes a plural subject, and a country's name is its team's too
    ("Scotland are top"), which other cues decide. The parse hangs a list anywhere under
    its first or its last name ("A and British film B have won"), so any "and" in the
    subject's words rules the cue out."""
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass") or root.tag_ != "NNP":
        return None
    if any(w.dep_ in ("conj", "cc") for w in root.subtree) or name_key(span.text) in places():
        return None
    verb = root.head
    finite = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    plural = next((w for w in finite if w.tag_ == "VBP" or w.lower_ == "were"), None)
    return plural.text if plural is not None else None


def _what_it_is(copula: Token, evidence: Evidence) -> None:
    """Votes from what a copula says its subject is: "is a company", "is one of the
    biggest retailers"."""
    kind = next((c for c in copula.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    if kind is not None and kind.lower_ in _ORGANIZATION_KINDS:
        evidence.add("Organization", DESCRIPTOR, f"subject of 'is a {kind.lower_}'")
    elif (kinds := _one_of_kinds(copula)) is not None:
        evidence.add("Organization", DESCRIPTOR, f"subject of 'is one of the {kinds}'")


def _subjectless_copula(verb: Token) -> Token | None:
    """A "be" joined to ``verb`` by "and" with no subject of its own: it is said of the
    first verb's subject."""
    second = next((c for c in verb.children if c.dep_ == "conj" and c.lemma_ == "be"), None)
    if second is None or any(c.dep_ in ("nsubj", "nsubjpass") for c in second.children):
        return None
    return second


# Makers and traders that are organizations when they are the biggest, the largest or the
# smallest ("one of the largest games developers"); a person may be one of the best.
_RANKED_KINDS = frozenset(
    {"developer", "publisher", "producer", "maker", "operator", "supplier", "provider",
     "employer", "exporter", "importer", "distributor", "investor", "owner"}
)  # fmt: skip


def _one_of_kinds(head: Token, dep: str = "attr") -> str | None:
    """The plural noun of "is one of the biggest retailers", "is one of Britain's largest
    developers" (``dep`` "attr", ``head`` the copula) or "X, one of the largest employers"
    (``dep`` "appos", ``head`` the name) when it names organizations, else None."""
    one = next((c for c in head.children if c.dep_ == dep and c.lower_ == "one"), None)
    if one is None:
        return None
    of = next((c for c in one.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    kinds = next((c for c in of.children if c.dep_ == "pobj" and c.tag_ == "NNS"), None)
    if kinds is None:
        return None
    singular = kinds.lemma_.lower()
    ranked = any(c.lower_ in ("largest", "biggest", "smallest") for c in kinds.children)
    if singular in _ORGANIZATION_KINDS or (ranked and singular in _RANKED_KINDS):
        return kinds.lower_
    return None


def _who_or_age_after(doc: Doc, span: Span, evidence: Evidence) -> None:
    """ "Holt, who is ...": "who" with a singular verb stands for a person (a company takes
    "which"; a team or a party takes "who" with a plural verb: "Leeds, who are top");
    "Holt, 45,": an age in apposition is a person's."""
    end = span.end
    if end + 2 >= len(doc) or doc[end].text != ",":
        return
    nxt = doc[end + 1]
    if nxt.lower_ == "who":
        verb = end + 2
        while verb < len(doc) - 1 and doc[verb].tag_ in ("RB", "RBR", "RBS"):
            verb += 1  # "who now lives"
        if doc[verb].tag_ == "VBZ" or doc[verb].lower_ == "was":
            evidence.add("Person", ROLE, "', who' and a singular verb after it")
    elif (
        nxt.lower_ == "which"
        and span[0].ent_type_ == "PERSON"
        and name_key(span.text) not in places()
        and not (span.start > 0 and doc[span.start - 1].pos_ == "NOUN")  # "cult leader X"
    ):
        # "Rockstar, which makes games": what the model took for a person is a thing
        evidence.add("Organization", ROLE, "', which' after it")
    elif (
        nxt.like_num
        and nxt.text.isdigit()
        and 16 <= int(nxt.text) <= 110
        and doc[end + 2].text == ","
    ):
        evidence.add("Person", ROLE, "an age after it")


def opens_person_name(doc: Doc, i: int) -> bool:
    """Whether the model's person name begins at token ``i``."""
    return i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B"


def apposition_noun(doc: Doc, end: int) -> Token | None:
    """The head noun of an apposition after a name ending at ``end``, if there is one.

    "Kestrel, the world's biggest reinsurer" gives "reinsurer"; "Paris, Oslo and Lisbon
    exchanges" (a list) gives none.
    """
    comma = end + 1 if end < len(doc) and doc[end].is_quote else end  # '"Kestrel," a group'
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    for token in doc[comma + 1 : min(len(doc), comma + 9)]:
        possessor = token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "POS"
        if token.pos_ == "PROPN" and not possessor and token.i == comma + 1:
            return None  # a list, not an apposition
        if token.i == comma + 1 and token.tag_ == "WP$":
            return None  # "Jane Roe, whose novel X won": her novel, not what she is
        if token.pos_ == "NOUN" and not possessor and not _noun_modifier(token):
            return token
        if (token.pos_ == "VERB" and token.dep_ not in ("amod", "compound")) or (
            token.is_punct and token.text not in ("'s", "-") and not token.is_quote
        ):
            return None  # "Kestrel, said the firm": a clause, not an apposition
    return None


def _noun_modifier(token: Token) -> bool:
    """Whether a noun only modifies a later one ("gas" in "gas company", "country" in
    "World Bank country director", "state" in "state-owned"): the later noun heads the
    phrase."""
    doc = token.doc
    hyphened = token.i + 1 < len(doc) and doc[token.i + 1].text == "-"  # "state-owned"
    return hyphened or (token.dep_ == "compound" and token.head.i > token.i)


def _compound_head(doc: Doc, i: int) -> str:
    """The last noun of a run of lowercase nouns starting at ``i`` ("car company"), or ""."""
    head = ""
    for token in doc[i : min(len(doc), i + 3)]:
        if not (token.is_lower and token.pos_ == "NOUN"):
            break
        head = token.lower_
    return head if head and i + 1 < len(doc) and doc[i].lower_ != head else ""


def _owner_before_possessor(doc: Doc, possessive: int) -> bool:
    """ "controlled by Norway's Talbot": the possessor follows "<participle> by"."""
    i = possessive - 1
    while i > 0 and doc[i].text[:1].isupper() and possessive - i <= 4:
        i -= 1
    return i > 0 and doc[i].lower_ == "by" and doc[i - 1].lower_ in _OWNED_BY


def _after_an_age(doc: Doc, preposition: int) -> bool:
    """Whether a preposition follows a person's name and an age between commas: "Tom Hale,
    46, from ...", "Ann Tolley, 38, of ..."."""
    return (
        preposition >= 4
        and doc[preposition - 1].text == ","
        and doc[preposition - 2].like_num
        and doc[preposition - 3].text == ","
        and doc[preposition - 4].ent_type_ == "PERSON"
    )


# Words after a title that make it a series of works ("the Kestrel trilogy").
_SERIES_OF_WORKS = frozenset({"trilogy", "franchise", "saga", "sequel", "sequels", "prequel"})
# Words for what such a body gives, written after its name ("the Kestrel Guild awards").
_AWARDS_GIVEN = frozenset({"award", "awards", "prize", "prizes", "medal", "medals", "honours"})
# Last words of bodies that give awards named after them ("the Kestrel Society medal").
_AWARDING_BODIES = frozenset(
    {"guild", "association", "society", "circle", "academy", "institute", "foundation", "trust",
     "council", "union", "federation", "club", "league", "board", "commission", "committee"}
)  # fmt: skip


def _place_and_thing_cues(
    doc: Doc,
    span: Span,
    before: str,
    before2: str,
    descriptors: frozenset[str],
    evidence: Evidence,
) -> None:
    """Cues that a name is a place, an award, a product, or a company by its share price.

    "born in X", "a native of X", "a Cork native", "X, a port in Y" say a place;
    "a Nobel laureate" an award; "Vantor cough medicine" a product; "Kestrel slid
    1.5%" a listed company (a person or a place does not move by a percentage);
    "the Halifax" (a one-word city with a determiner, ending its noun phrase) a
    company named after the city.
    """
    start, end = span.start, span.end
    if before == "in" and before2 == "born":
        evidence.add("Location", BASED, "'born in' before it")
    elif before == "of" and before2 in _OF_PLACE:
        evidence.add("Location", DESCRIPTOR, f"'{before2} of' before it")
    elif (
        before == "of"
        and before2 in _PLACE_NOUNS
        and doc[start - 2].is_lower
        and not (end < len(doc) and doc[end].tag_ == "POS")  # "the state of Kestrel's books"
    ):
        evidence.add("Location", DESCRIPTOR, f"'{before2} of' before it")  # "the town of X"
    elif before in ("from", "of") and _after_an_age(doc, start - 1):
        # "Tom Hale, 46, from Harwich": where someone named with an age comes from
        evidence.add("Location", DESCRIPTOR, f"'<age>, {before}' before it")
    nxt = doc[end] if end < len(doc) else None
    if nxt is None:
        return
    if nxt.is_lower and nxt.lower_ in _PLACE_AFTER:
        evidence.add("Location", DESCRIPTOR, f"before '{nxt.text}'")
    elif nxt.text == "-" and end + 1 < len(doc) and doc[end + 1].lower_ == "born":
        evidence.add("Location", BASED, "'-born' after it")
    if nxt.is_lower and (
        nxt.lower_ in _INDEX_WORDS
        or (  # "the MSCI World share index"
            nxt.lower_ in ("share", "equity")
            and end + 1 < len(doc)
            and doc[end + 1].lower_ in ("index", "indices", "indexes")
        )
    ):
        evidence.add("Product", BASED, f"before '{nxt.text}'")
    if nxt.is_lower and nxt.lower_ in _SERIES_OF_WORKS:
        # "the producer of the Matrix trilogy": a series of films or books, no body
        evidence.add("Publication", DESCRIPTOR, f"before '{nxt.text}'")
    if span[-1].lower_ in _AWARDING_BODIES and nxt.is_lower and nxt.lower_ in _AWARDS_GIVEN:
        # "the winners at the Kestrel Guild awards": the guild gives them (not a venue)
        evidence.add("Organization", DESCRIPTOR, f"a body before '{nxt.text}'")
    for token in doc[end : min(len(doc), end + 2)]:  # "a Nobel (economics) laureate"
        if not token.is_lower or span[-1].lower_ in _AWARDING_BODIES:
            break  # "the Kestrel Writers' Guild prize": the body that gives it
        if token.lower_ in _AWARD_AFTER:
            evidence.add("Award", DESCRIPTOR, f"before '{token.text}'")
            break
    for token in doc[end : min(len(doc), end + 3)]:
        if not token.is_lower or token.pos_ not in ("NOUN", "ADJ"):
            break
        last_noun = token.i + 1 >= len(doc) or doc[token.i + 1].pos_ != "NOUN"
        if token.lower_ in _PRODUCT_NOUNS and last_noun:
            evidence.add("Product", PRODUCT_NOUN, f"before '{token.text}'")
            break
    # "Kestrel slid 1.5%", not "Kestrel shares in Frankfurt dropped 3%".
    if nxt.lemma_.lower() in _MARKET_MOVES and nxt.pos_ == "VERB" and span.root.head.i == nxt.i:
        for token in doc[end + 1 : min(len(doc), end + 5)]:
            if token.text in ("%", "percent", "pence", "cents", "p"):
                evidence.add("Organization", DESCRIPTOR, f"'{nxt.text} ...{token.text}' after it")
                break
    if end + 1 < len(doc) and nxt.text == ",":
        for token in doc[end + 1 : min(len(doc), end + 5)]:
            possessor = token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "POS"
            if token.pos_ == "NOUN" and not _noun_modifier(token) and not possessor:
                if token.lower_ in _PLACE_NOUNS and token.lower_ not in descriptors:
                    evidence.add("Location", DESCRIPTOR, f"'{token.text}' in apposition")
                break
            if token.is_punct and token.text != "-":
                break
    if (
        before == "the"
        and end - start == 1
        and (place := places().get(name_key(span.text))) is not None
        and place.kind == "city"
        and nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")
        and nxt.text not in ("'s", "-")  # "the Harwick-born actor": the actor's article
        and not list_follows(doc, end)  # "the Paris, Oslo and Lisbon exchanges"
    ):
        evidence.add("Organization", DESCRIPTOR, f"'the {span.text}' (a city takes no article)")


_FOUNDERS = frozenset({"founder", "co-founder", "cofounder", "founders", "co-founders"})


# Titles of members elected for a seat: the name after "for" is the constituency.
_CONSTITUENCY_TITLES = LEGISLATOR_TITLES | {"member", "senator"}


def employer_evidence(
    doc: Doc,
    span: Span,
    roles: frozenset[str],
    evidence: Evidence,
    team_roles: frozenset[str] = frozenset(),
    sport: bool = False,
) -> None:
    """A name after a title and "at", "for" or "with": "a lawyer for X", "an analyst at X".

    The name the title is held at is an employer. After "of" or "for" ("head
    of X") it counts only for names that are not places ("the president of
    France", "director for the West Bank"). After "MP for" it is the member's seat.
    A team's post held at a town ("manager at Harwick") outweighs the town's name: the
    post is held at its club; in a story about sport, as much as any other team cue.
    """
    start = span.start
    if start < 2:
        return
    before, title = doc[start - 1].lower_, doc[start - 2].lower_
    if title == "general" and start >= 3 and doc[start - 3].lower_ in roles:
        title = doc[start - 3].lower_  # "director general of X": the title's head word
    if title not in roles and before in ("at", "with"):
        title = _title_of_a_field(doc, start - 2, roles)  # "director of sales at X"
    if before == "for" and title in _CONSTITUENCY_TITLES:
        # "MP for Wantage": the seat, a place, not the employer
        evidence.add("Location", DESCRIPTOR, f"a seat after '{title} for'")
        return
    if title not in roles or nation_or_region_adjective(span.text):
        # "co-ordinator at Italian side AC Milan", "co-head of European defence group X": the
        # employer comes after the adjective
        return
    if before == "of" and _served_person(span, title):
        return  # "the manager of Jane Roe": a singer's or a boxer's, not a firm's
    # A founder founds organizations, and a body's head heads one: the model's place label
    # does not count against a name no gazetteer knows as a place ("head of Kestrel").
    place_label = doc[start].ent_type_ in ("GPE", "LOC") and title not in _LABEL_BLIND_TITLES
    if before in ("at", "with") or (
        before in ("of", "for") and not place_label and name_key(span.text) not in places()
    ):
        weight = DESCRIPTOR
        if before in ("at", "with") and title in team_roles:
            weight = TEAM if sport else DESCRIPTOR + 1
        evidence.add("Organization", weight, f"after '{title} {before}'")


# Titles that head a body and never a place ("head of X", "director general of X"), where
# "president", "governor" or "mayor" of a place is its own.
_BODY_HEADS = frozenset({"head", "chairman", "chairwoman", "director", "boss"})
# Titles after which the model's place label does not count (read once per mention).
_LABEL_BLIND_TITLES = _FOUNDERS | _BODY_HEADS


# Titles held at an organization or in a team, never for a person ("Kestrel's music
# critic Jane Roe", "Harwick's young striker Tom Hale"; not "lawyer", "spokesman" or
# "coach": a person has those too).
_STAFF_TITLES = frozenset(
    {"critic", "columnist", "reviewer", "editor", "correspondent", "reporter", "analyst",
     "economist", "strategist", "chairman", "chairwoman", "ceo", "cfo", "executive",
     "vice-chairman", "director", "president", "chief", "striker", "midfielder", "defender",
     "winger", "goalkeeper", "keeper", "flanker", "fly-half", "scrum-half", "full-back",
     "centre-back", "playmaker", "skipper", "captain", "team-mate", "teammate",
     "head of"}
)  # fmt: skip


# Posts held for a person as much as for a firm: "Jane Roe manager Tom Hale", "the agent
# of Jane Roe" (a singer's, an actor's, a player's).
_SERVING_ROLES = frozenset({"manager", "agent", "lawyer", "publicist", "bodyguard", "biographer"})


def _title_of_a_field(doc: Doc, last: int, roles: frozenset[str]) -> str:
    """The title before "of" and a field in lowercase words ending at ``last`` ("director
    of investor relations", "head of equities"), or ""."""
    for i in range(last, max(0, last - 5), -1):
        word = doc[i]
        if word.lower_ == "of" and i < last:
            return doc[i - 1].lower_ if doc[i - 1].lower_ in roles else ""
        if not (word.is_alpha and word.is_lower):
            return ""
    return ""


def _served_person(span: Span, role: str) -> bool:
    """Whether ``role`` may be held for the person ``span`` names: the model's person,
    opening with a known first name, two or three words, not a listed company's name."""
    key = name_key(span.text)
    words = key.split()
    return (
        role in _SERVING_ROLES
        and span.root.ent_type_ == "PERSON"
        and 2 <= len(words) <= 3
        and words[0] in first_names()
        and key not in listed_companies()
    )


def possessive_employer_evidence(doc: Doc, span: Span, evidence: Evidence) -> None:
    """A name whose staff member or player is named with it: "the Herald's music critic
    Jane Roe", "Kestrel's fly-half Tom Hale", "Tom Hale, Kestrel's chief executive, said".

    After the possessive, up to four lowercase words, figures or hyphens ending in a title
    only an organization's staff or a team's players hold ("ex-head", "£24m striker"),
    then a capitalized name; or the whole phrase in apposition to a name before it, up
    to a comma, a full stop or the verb of saying that ends the apposition.
    """
    end = span.end
    if end >= len(doc) or doc[end].tag_ != "POS":
        return
    i = end + 1
    while i < len(doc) and i - end <= 5 and _title_word(doc[i]):
        i += 1
    if i == end + 1 or i >= len(doc):
        return
    if not (doc[i].is_title or (doc[i].lower_ in _APPOSITION_ENDS and _after_a_name(doc, span))):
        return
    words = [t.lower_ for t in doc[end + 1 : i] if t.is_lower or t.text == "-"]
    hyphenated = "".join(words[-3:]) if len(words) >= 3 and words[-2] == "-" else ""
    title = hyphenated.removeprefix("ex-") or (words[-1] if words else "")
    if doc[i].lower_ == "of":
        # "Kestrel's ex-head of internal accounting"; not "Hale's chief of staff"
        title = f"{title} of"
    if title in _STAFF_TITLES:
        evidence.add("Organization", DESCRIPTOR, f"its '{title}' named")


def _title_word(token: Token) -> bool:
    """A word of a title after a possessive: lowercase, a hyphen, or a sum ("£24m")."""
    return (
        (token.is_lower and token.lower_ != "of")
        or token.text == "-"
        or token.is_currency
        or token.like_num
    )


# What ends a title in apposition to a name: "Tom Hale, Kestrel's chief executive, said".
_APPOSITION_ENDS = frozenset({",", ".", "said", "says", "told", "added", "of"})


def _after_a_name(doc: Doc, span: Span) -> bool:
    """Whether ``span`` (with its article) follows a capitalized name and a comma."""
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
    return start >= 2 and doc[start - 1].text == "," and doc[start - 2].is_title


# Verbs of leading a side or a firm somewhere, and where to: "guided Leeds to promotion",
# "led Kestrel to record profits".
_LEADING_VERBS = frozenset({"guided", "led", "steered"})
_SUCCESSES = frozenset(
    {"victory", "promotion", "title", "titles", "win", "final", "glory", "safety",
     "championship", "league", "cup", "triumph", "profit", "profits", "success", "treble",
     "double", "semi-final", "semi-finals", "quarter-final", "quarter-finals", "trophy"}
)  # fmt: skip


def led_to_success_evidence(doc: Doc, span: Span, evidence: Evidence) -> None:
    """A name someone guided or led to a success: "guided Kestrel to promotion", "led
    Kestrel to a 3-1 win": a side or a firm, not a person (a person is "led to believe")."""
    start, end = span.start, span.end
    if start == 0 or doc[start - 1].lower_ not in _LEADING_VERBS:
        return
    if end >= len(doc) or doc[end].lower_ != "to":
        return
    for i in range(end + 1, min(len(doc), end + 7)):
        word = doc[i].lower_
        if word in _SUCCESSES:
            evidence.add("Organization", DESCRIPTOR, f"'{doc[start - 1].lower_} ... to {word}'")
            return
        if not (doc[i].is_lower or doc[i].like_num or doc[i].text == "-"):
            return


# Sports named before a title ("England rugby union captain"), which the tagger may take
# for a verb.
_SPORTS = frozenset({"rugby", "football", "cricket", "hockey", "tennis", "golf", "netball"})


def title_after_modifiers(doc: Doc, start: int, titles: frozenset[str]) -> str:
    """The title word after one or two lower-case modifiers at ``start`` when a person's
    name follows it ("artistic director Jane Roe"), else ""."""
    for width in (1, 2):
        title = start + width
        if title + 1 >= len(doc):
            return ""
        modifier = doc[title - 1]
        if not (
            modifier.is_lower and (modifier.pos_ in ("ADJ", "NOUN") or modifier.lower_ in _SPORTS)
        ):
            return ""
        if (
            doc[title].lower_ in titles
            and doc[title].is_lower
            and opens_person_name(doc, title + 1)
        ):
            return doc[title].lower_
    return ""
