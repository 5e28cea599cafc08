"""Positions that are memberships: a national team's players, a party's officers,
a committee's chair.

A position read from "<employer> <title> <name>" is WORKS_FOR unless the
employer is a national team (for its players) or a political party: a party's
leader, spokesman or MP is a member of it. News names a national side by its country ("Scotland winger X"); the entity
step types such a mention as the team (an organization). A club pays its
players and staff, so they work for it; a national team selects its players,
who stay employed by their clubs, so a player or captain of a country's team
is a MEMBER_OF it. Its coaches and managers are still employed by the team's
governing body and keep WORKS_FOR. A committee or a panel is made of its members,
its chair among them, and a cabinet of its ministers. A party's paid staff (its chief
executive, its directors, its elections or press chief) work for it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from threadline.ingest.context_cues import apposition_noun
from threadline.ingest.entity_rules import bundled_rules
from threadline.ingest.evidence import BAND_MEMBERS, legal_suffixes
from threadline.ingest.gazetteer import bundled_gazetteer
from threadline.ingest.pattern_files import bundled_lexicon
from threadline.ingest.place_check import TOWN_CLUB_WORDS, is_country
from threadline.names import name_key

# Last words of the names of bodies whose officers sit on them: a committee's chair
# is one of its members, not its employee.
_COMMITTEE_WORDS = frozenset(
    {"committee", "subcommittee", "sub-committee", "panel", "jury", "caucus", "cabinet"}
)
# Last words of the roles of a party's staff, and the fields a party's "chief" runs as staff
# ("elections chief"); a bare "party chief" is its leader.
_PARTY_STAFF_WORDS = frozenset(
    {"executive", "director", "strategist", "pollster", "adviser", "advisor", "aide", "officer",
     "organiser", "organizer", "fundraiser", "agent"}
)  # fmt: skip
_PARTY_STAFF_FIELDS = frozenset(
    {"election", "elections", "campaign", "campaigns", "communications", "press", "media"}
)
# Last words of the names of parties and their local branches ("Harwick Conservatives").
_PARTY_PLURALS = frozenset({"conservatives", "tories", "democrats", "republicans", "dems"})
# Roles that make someone a member of a national team, not its employee.
PLAYER_ROLES = frozenset(
    {"player", "players", "captain", "skipper", "striker", "midfielder", "defender",
     "goalkeeper", "keeper", "winger", "forward", "flanker", "fly-half", "scrum-half",
     "full-back", "prop", "hooker", "lock", "centre", "number", "batsman", "bowler",
     "wicketkeeper", "duo", "trio", "international", "stand-off", "centre-back", "wing",
     "strikers", "midfielders", "defenders", "forwards", "wingers", "props", "flankers",
     "centres", "keepers", "goalkeepers", "scorer", "goalscorer", "star", "ace", "veteran",
     "youngster", "teenager", "hero", "signing", "pair", "stars", "eight", "nine", "ten",
     "openside", "blindside", "substitute", "replacement", "locks", "footballer",
     "cricketer", "legend", "great"}
)  # fmt: skip


# Last words of the names of football and rugby clubs ("Kestrel United", "Norvik Rovers",
# "Kestrel City").
CLUB_SUFFIXES = (
    frozenset({"united", "utd", "rovers", "wanderers", "athletic", "albion", "hotspur", "fc",
               "afc", "harriers"})
    | TOWN_CLUB_WORDS
)  # fmt: skip


def sports_club(names: list[str]) -> bool:
    """Whether an organization is a sports club by its name: a club the rules list, a
    club's prefix before a place ("Real Madrid") or a club's last word after another word.

    >>> sports_club(["Kestrel United"]), sports_club(["Hearts"]), sports_club(["Kestrel Bank"])
    (True, True, False)
    >>> sports_club(["United"])
    False
    """
    rules = bundled_rules()
    for key in map(name_key, names):
        words = key.split()
        if key in rules.sport_clubs or key in rules.sport_club_places or rules.club_name(key):
            return True  # an organization named by a club's town is the club
        if len(words) > 1 and words[-1] in CLUB_SUFFIXES:
            return True
    return False


def described_as_party(doc: Doc, spans: list[tuple[int, int]]) -> bool:
    """Whether the text calls a name a party where it names it: "his new party, Kestrel",
    "Kestrel, the party founded by ...", "the Kestrel party".

    ``spans`` are the token ranges of the organization's mentions in ``doc``.
    """
    for start, end in spans:
        root = doc[start:end].root
        if root.head.lemma_.lower() == "party" and root.dep_ in ("appos", "compound"):
            return True
        if any(c.dep_ == "appos" and c.lemma_.lower() == "party" for c in root.children):
            return True
        noun = apposition_noun(doc, end)
        if noun is not None and noun.lemma_.lower() == "party":
            return True
    return False


# Nations a party's branch is named by after the party ("Kestrel Party Scotland").
_PARTY_BRANCH_NATIONS = frozenset({"scotland", "wales", "england", "ireland", "london"})


def political_party(names: list[str]) -> bool:
    """Whether an organization is a party or a branch of one: it, or the bundled
    gazetteer's entry for it, has a name that ends in "party" ("Liberal Democrats" is
    also "Liberal Democrat Party") or opens with it ("Plaid Cymru" is also "Party of
    Wales"), or a name that ends in a party's plural ("Harwick Conservatives", a
    local association).

    >>> political_party(["Liberal Democrats"]), political_party(["Kestrel Group"])
    (True, False)
    >>> political_party(["Plaid Cymru"]), political_party(["Harwick Conservatives"])
    (True, True)
    >>> political_party(["Kestrel Party Scotland"]), political_party(["Kestrel Bank Scotland"])
    (True, False)
    """
    for name in names:
        head, _, nation = name.rpartition(" ")
        if head and nation.lower() in _PARTY_BRANCH_NATIONS and political_party([head]):
            return True  # "Kestrel Party Scotland": the party's branch in a nation
        entry = bundled_gazetteer().lookup(name)
        known = (entry.name, *entry.aliases) if entry is not None else ()
        for key in map(name_key, (name, *known)):
            if key.endswith(" party") or key.startswith("party "):
                return True
            if key.rsplit(" ", 1)[-1] in _PARTY_PLURALS and " of " not in f" {key} ":
                return True
    return False


def _committee(names: list[str]) -> bool:
    """Whether an organization is a committee or a panel by its name's last word.

    >>> _committee(["Kestrel Audit Committee"]), _committee(["Kestrel Group"])
    (True, False)
    """
    return any(name_key(n).rsplit(" ", 1)[-1] in _COMMITTEE_WORDS for n in names if name_key(n))


def _company(names: list[str]) -> bool:
    """Whether an organization is a company by its name's last word: a legal form
    ("plc", "Inc") or a trade's ("Bank", "Airlines"), whose people work for it.

    >>> _company(["Kestrel Bank"]), _company(["Kestrel Motors plc"]), _company(["Kestrel Trust"])
    (True, True, False)
    """
    words = legal_suffixes() | _TRADE_WORDS
    return any(name_key(n).rsplit(" ", 1)[-1] in words for n in names if name_key(n))


# Last words of companies' names that say their trade ("Kestrel Bank", "Talbot Airlines").
_TRADE_WORDS = frozenset(
    {"bank", "airlines", "airways", "motors", "holdings", "securities", "technologies",
     "pharmaceuticals", "electronics", "telecom", "insurance", "bancorp", "brewery", "foods",
     "media", "energy", "systems", "software", "games", "entertainment", "communications",
     "networks", "industries", "enterprises", "petroleum", "steel", "stores", "studios"}
)  # fmt: skip


# Last words of the names of elected assemblies, whose members sit in them.
_ASSEMBLY_WORDS = frozenset(
    {"assembly", "parliament", "senate", "congress", "legislature", "commons", "lords"}
)  # "House of Commons", "House of Lords"


def _assembly(names: list[str]) -> bool:
    """Whether an organization is an elected assembly by its name's last word.

    >>> _assembly(["Kestrel Assembly"]), _assembly(["European Parliament"]), _assembly(["Acme"])
    (True, True, False)
    """
    return any(name_key(n).rsplit(" ", 1)[-1] in _ASSEMBLY_WORDS for n in names if name_key(n))


def party_staff(role: str | None) -> bool:
    """Whether a role in a party is a post on its staff rather than a seat in it.

    >>> party_staff("chief executive"), party_staff("elections chief"), party_staff("leader")
    (True, True, False)
    """
    words = (role or "").lower().split()
    if not words:
        return False
    if words[-1] == "chief":
        return len(words) > 1 and words[-2] in _PARTY_STAFF_FIELDS
    return words[-1] in _PARTY_STAFF_WORDS


# Last words of the posts of an assembly's officials, who work for it without a seat in it
# ("the Kestrel Assembly's chamber office chief").
_ASSEMBLY_STAFF_WORDS = frozenset({"chief", "clerk", "clerks", "official", "officials"})


def _assembly_staff(role: str | None) -> bool:
    """Whether a role in an assembly is a post on its staff rather than a seat in it.

    >>> _assembly_staff("chamber office chief"), _assembly_staff("clerk"), _assembly_staff("leader")
    (True, True, False)
    """
    words = (role or "").lower().split()
    return party_staff(role) or (bool(words) and words[-1] in _ASSEMBLY_STAFF_WORDS)


def band_cue(cues: list[str]) -> bool:
    """Whether an organization's type cues call it a band: "after 'band'" ("rock band
    Kestrels"), "before" a musician's role ("Kestrels guitarist Jane Roe"), or a person
    named as its own in a story about records ("Kestrels' Jane Roe", ``BAND_MEMBERS``).
    Asked once, by the entity step, which marks a band with ``votes.BAND_CUE``."""
    return any(
        cue == "after 'band'"
        or cue.startswith(BAND_MEMBERS)
        or (cue.startswith("before '") and _band_role(cue[8:-1]))
        for cue in cues
    )


def _band_role(word: str) -> bool:
    """A musician's role in a band ("guitarist"), as the band patterns read it."""
    return word in bundled_lexicon("positions.yaml", "band_roles")


def membership_type(
    relation_type: str,
    target_type: str,
    target_names: list[str],
    role: str | None,
    party: bool = False,
    band: bool = False,
    joins: bool = False,
) -> str:
    """MEMBER_OF for a national side's player (or a name with no title), a party's
    officer and a committee's chair (a committee's officers sit on it); a party's staff
    keep WORKS_FOR; an assembly's members sit in it, its staff work for it. A club's
    players and staff work for it, whatever verb they joined it with ("joined Kestrel
    United"). ``party`` says the text calls the organization a party
    (``described_as_party``), where its name does not; ``band`` that it calls it a band
    (``votes.is_band``), whose musicians are its members (its manager works for it); ``joins``
    that the source joins it, and whoever joins a company works for it."""
    if target_type != "Organization":
        return relation_type
    if (
        relation_type == "WORKS_FOR"
        and band
        and (role is None or _band_role(role.split()[-1].lower()))
    ):
        return "MEMBER_OF"
    if relation_type == "MEMBER_OF":
        if (
            sports_club(target_names)
            and not is_country(target_names)
            and not _national_side(target_names)
        ):
            return "WORKS_FOR"
        if joins and _company(target_names):
            return "WORKS_FOR"  # "Tom Hale joined Kestrel Bank": a company's staff
        return relation_type
    if relation_type != "WORKS_FOR":
        return relation_type
    if party or political_party(target_names):
        return relation_type if party_staff(role) else "MEMBER_OF"
    if _committee(target_names):
        return "MEMBER_OF"
    if _assembly(target_names) and not _assembly_staff(role):
        return "MEMBER_OF"
    player = role is None or role.split()[-1].lower() in PLAYER_ROLES
    if player and (is_country(target_names) or _national_side(target_names)):
        return "MEMBER_OF"
    return relation_type


# Words after a country's name that make one of its national sides ("Wales Under-21").
_SIDE_WORDS = frozenset(
    {"under-21", "under-20", "under-19", "under-18", "under-17", "u21", "u20", "u19", "u18",
     "xv", "a", "b", "women", "sevens"}
)  # fmt: skip


def _national_side(names: list[str]) -> bool:
    """Whether a name is a country's side named with its age or grade ("Wales Under-21",
    "England A", "Scotland Sevens") or by a name of its own ("All Blacks")."""
    sides = bundled_rules().national_sides
    for name in names:
        if name_key(name) in sides:
            return True
        country, _, last = name.rpartition(" ")
        if country and last.lower() in _SIDE_WORDS and is_country([country]):
            return True
    return False
