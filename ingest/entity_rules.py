"""The entity step's cleanup rules, read once from data (ingest/entity_rules.yaml).

Word lists and thresholds that decide where a name ends, what is junk and which
words around a name cue its type live in YAML, so they can be tuned without
code; this module turns them into one frozen object that every part of the
entity step (boundaries, filters, type cues, linking) reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from threadline.ingest.evidence import place_names
from threadline.ingest.nlp import entity_rules
from threadline.ingest.story_sport import SportTerms
from threadline.names import PERSON_TITLES, is_honorific, name_key, strip_word

# A story about sport holds this many of the sport words or more.
SPORT_WORDS_NEEDED = 3
# A story about a sport of athletes (tennis, athletics) holds this many of its words or more.
INDIVIDUAL_SPORT_WORDS_NEEDED = 2
# A story about films or television holds this many of the screen words or more.
SCREEN_WORDS_NEEDED = 3


@dataclass(frozen=True, slots=True)
class EntityRules:
    """The cleanup rules, read from data (ingest/entity_rules.yaml)."""

    generic_heads: frozenset[str]
    not_entities: frozenset[str]
    # No name on their own, but the first word of some ("Euro" and "Euro 2004"): not cut
    # from a longer name as ``not_entities`` are.
    not_names_alone: frozenset[str]
    page_furniture: tuple[re.Pattern[str], ...]
    max_tokens: int
    headline_min_tokens: int
    headline_capitalized_share: float
    headline_min_words: int
    headline_small_words: frozenset[str]
    all_caps_max_tokens: int
    max_stopword_share: float
    award_words: frozenset[str]
    designators: frozenset[str]
    organization_suffixes: frozenset[str] = frozenset()
    national_bodies: frozenset[str] = frozenset()
    organization_prefixes: frozenset[str] = frozenset()
    vessel_prefixes: frozenset[str] = frozenset()
    standing_bodies: frozenset[str] = frozenset()
    event_suffixes: frozenset[str] = frozenset()
    numbered_bodies: frozenset[str] = frozenset()
    broadcasters: frozenset[str] = frozenset()
    facility_suffixes: frozenset[str] = frozenset()
    facility_endings: frozenset[str] = frozenset()
    location_endings: frozenset[str] = frozenset()
    location_suffixes: frozenset[str] = frozenset()
    location_prefixes: frozenset[str] = frozenset()
    # The last words of bodies', buildings', places' and events' names together: a name
    # ending in none of them may be a person's ("Tom Hale", not "Tom Hale Stadium").
    kind_suffixes: frozenset[str] = frozenset()
    event_descriptors: frozenset[str] = frozenset()
    publication_descriptors: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()
    headline_trades: frozenset[str] = frozenset()
    fragment_words: frozenset[str] = frozenset()
    newspaper_words: frozenset[str] = frozenset()
    club_prefixes: frozenset[str] = frozenset()
    club_prefixes_before_places: frozenset[str] = frozenset()
    sport_clubs: frozenset[str] = frozenset()
    sport_club_places: frozenset[str] = frozenset()
    # Grounds named after their town or district ("twickenham"): the ground in sport.
    sport_grounds: frozenset[str] = frozenset()
    # Championships named by their place ("wimbledon"): the event in an athletes' sport.
    sport_events: frozenset[str] = frozenset()
    # Countries' sides by their own names ("all blacks", "wallabies"): their players are
    # members, as a country's are.
    national_sides: frozenset[str] = frozenset()
    # Last words of a club named in brackets by its towns ("Harwick, Norvik and District").
    bracketed_club_endings: frozenset[str] = frozenset()
    # Companies whose names end in "'s" ("mcdonald's"), lower case.
    possessive_company_names: frozenset[str] = frozenset()
    # Fields two of which may open a body's name joined by "and" ("public", "commercial").
    body_name_fields: frozenset[str] = frozenset()
    # Of those, the names of one word: the tagger may take them for plural nouns ("Wolves").
    one_word_clubs: frozenset[str] = frozenset()
    # A club's nickname (name key) and the name keys of the clubs it may stand for.
    club_nicknames: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    channels: frozenset[str] = frozenset()
    award_names: frozenset[str] = frozenset()  # name keys: "oscar", "golden globe"
    individual_sport_words: frozenset[str] = frozenset()
    team_contest_words: frozenset[str] = frozenset()
    fields_of_work: frozenset[str] = frozenset()
    screen_descriptors: frozenset[str] = frozenset()
    technology_names: frozenset[str] = frozenset()
    name_trailing_words: frozenset[str] = frozenset()
    heading_max_words: int = 0
    document_suffixes: frozenset[str] = frozenset()
    title_heads: frozenset[str] = frozenset()
    organization_descriptors: frozenset[str] = frozenset()
    firm_descriptors: frozenset[str] = frozenset()
    organization_context: frozenset[str] = frozenset()
    # The same without musicians' titles: a place's guitarist is from there, not its band.
    place_organization_context: frozenset[str] = frozenset()
    screen_words: frozenset[str] = frozenset()
    screen_work_roles: frozenset[str] = frozenset()
    screen_company_words: frozenset[str] = frozenset()
    # The organization words after a name without the screen roles, which in a story
    # about films or television say the name is the work.
    screen_organization_context: frozenset[str] = frozenset()
    team_roles: frozenset[str] = frozenset()
    team_roles_named: frozenset[str] = frozenset()
    # Roles that say "team" only in a story about sport and before a name ("Barcelona
    # star Tom Hale"), and the team roles with them.
    team_roles_in_sport: frozenset[str] = frozenset()
    sport_team_roles: frozenset[str] = frozenset()
    team_before: frozenset[str] = frozenset()
    employer_roles: frozenset[str] = frozenset()
    # Every word for a person's post or role: one inside a span the model tagged splits it
    # into the employer and the person ("Kestrel boss Victor Hale").
    all_roles: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    # Each sport's terms, which say what sport a story about sport is about.
    sport_terms: SportTerms = field(default_factory=SportTerms)
    # Names of contests each sport has its own of ("world cup", "grand slam").
    sport_shared_names: frozenset[str] = frozenset()
    team_before_in_sport: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()

    @classmethod
    def load(cls, data: dict[str, Any] | None = None) -> EntityRules:
        data = data if data is not None else entity_rules()
        return cls(
            generic_heads=frozenset(w.casefold() for w in data["generic_heads"]),
            not_entities=frozenset(name_key(w) for w in data["not_entities"]),
            not_names_alone=frozenset(name_key(w) for w in data["not_names_alone"]),
            page_furniture=tuple(re.compile(p, re.IGNORECASE) for p in data["page_furniture"]),
            max_tokens=int(data["max_tokens"]),
            headline_min_tokens=int(data["headline_min_tokens"]),
            headline_capitalized_share=float(data["headline_capitalized_share"]),
            headline_min_words=int(data["headline_min_words"]),
            headline_small_words=frozenset(str(w) for w in data["headline_small_words"]),
            all_caps_max_tokens=int(data["all_caps_max_tokens"]),
            max_stopword_share=float(data["max_stopword_share"]),
            award_words=frozenset(w.casefold() for w in data["award_words"]),
            designators=frozenset(w.casefold() for w in data["designators"]),
            organization_suffixes=_words(data, "organization_suffixes"),
            national_bodies=_words(data, "national_bodies"),
            organization_prefixes=_words(data, "organization_prefixes"),
            vessel_prefixes=_words(data, "vessel_prefixes"),
            standing_bodies=_words(data, "standing_bodies"),
            event_suffixes=_words(data, "event_suffixes"),
            numbered_bodies=_words(data, "numbered_bodies"),
            broadcasters=_words(data, "broadcasters"),
            facility_suffixes=_words(data, "facility_suffixes"),
            facility_endings=_words(data, "facility_endings"),
            location_endings=_words(data, "location_endings"),
            location_suffixes=_words(data, "location_suffixes"),
            location_prefixes=_words(data, "location_prefixes"),
            kind_suffixes=(
                _words(data, "organization_suffixes")
                | _words(data, "facility_suffixes")
                | _words(data, "location_suffixes")
                | _words(data, "event_suffixes")
            ),
            event_descriptors=_words(data, "event_descriptors"),
            publication_descriptors=_words(data, "publication_descriptors"),
            person_roles=_words(data, "person_roles"),
            headline_trades=_words(data, "headline_trades"),
            fragment_words=_words(data, "fragment_words"),
            newspaper_words=_words(data, "newspaper_words"),
            club_prefixes=_words(data, "club_prefixes"),
            club_prefixes_before_places=_words(data, "club_prefixes_before_places"),
            sport_clubs=_words(data, "sport_clubs"),
            sport_club_places=_words(data, "sport_club_places"),
            sport_grounds=_words(data, "sport_grounds"),
            sport_events=_words(data, "sport_events"),
            national_sides=_words(data, "national_sides"),
            bracketed_club_endings=_words(data, "bracketed_club_endings"),
            possessive_company_names=_words(data, "possessive_company_names"),
            body_name_fields=_words(data, "body_name_fields"),
            one_word_clubs=frozenset(c for c in _words(data, "sport_clubs") if " " not in c),
            channels=frozenset(name_key(c) for c in data.get("channels") or ()),
            award_names=frozenset(name_key(a) for a in data.get("award_names") or ()),
            individual_sport_words=_words(data, "individual_sport_words"),
            team_contest_words=_words(data, "team_contest_words"),
            screen_descriptors=_words(data, "screen_descriptors"),
            technology_names=frozenset(name_key(w) for w in data.get("technology_names") or ()),
            fields_of_work=_words(data, "fields_of_work"),
            club_nicknames={
                name_key(nickname): tuple(name_key(club) for club in clubs)
                for nickname, clubs in (data.get("club_nicknames") or {}).items()
            },
            name_trailing_words=_words(data, "name_trailing_words"),
            heading_max_words=int(data.get("heading_max_words", 0)),
            document_suffixes=_words(data, "document_suffixes"),
            title_heads=_words(data, "title_heads"),
            organization_descriptors=_words(data, "organization_descriptors"),
            firm_descriptors=_words(data, "firm_descriptors"),
            organization_context=_words(data, "organization_context"),
            place_organization_context=(
                _words(data, "organization_context")
                - _words(data, "musician_roles")
                - _words(data, "not_after_places")
            ),
            screen_words=_words(data, "screen_words"),
            screen_work_roles=_words(data, "screen_work_roles"),
            screen_company_words=_words(data, "screen_company_words"),
            screen_organization_context=(
                _words(data, "organization_context") - _words(data, "screen_work_roles")
            ),
            team_roles=_words(data, "team_roles"),
            team_roles_named=_words(data, "team_roles_named"),
            team_roles_in_sport=_words(data, "team_roles_in_sport"),
            sport_team_roles=_words(data, "team_roles") | _words(data, "team_roles_in_sport"),
            team_before=_words(data, "team_before"),
            employer_roles=_words(data, "employer_roles"),
            all_roles=(
                _words(data, "person_roles")
                | _words(data, "employer_roles")
                | _words(data, "team_roles")
                | _words(data, "team_roles_in_sport")
            ),
            sport_words=_words(data, "sport_words"),
            sport_terms=SportTerms.of(data.get("sport_terms") or {}),
            sport_shared_names=frozenset(name_key(n) for n in data.get("sport_shared_names") or ()),
            team_before_in_sport=_words(data, "team_before_in_sport"),
            places=place_names(),
        )

    def organization_suffix(self, key: str) -> bool:
        """Whether a name key ends in a word only organizations end in ("kestrel labs").

        >>> EntityRules.load().organization_suffix("kestrel labs")
        True
        """
        return " " in key and key.rsplit(" ", 1)[-1] in self.organization_suffixes

    @property
    def sport_cue_words(self) -> frozenset[str]:
        """Words that make a story about sport when it holds ``SPORT_WORDS_NEEDED`` of
        them: the sport words and the team roles that need no name after them."""
        return self.sport_words | (self.team_roles - self.team_roles_named)

    def club_name(self, key: str) -> bool:
        """Whether a name key is a sports club's: a club word before a city or before one
        more word ("real madrid", "ac milan", "real sociedad", "sporting lisbon").

        >>> rules = EntityRules.load()
        >>> rules.club_name("real madrid"), rules.club_name("real sociedad")
        (True, True)
        >>> rules.club_name("sporting lisbon"), rules.club_name("racing stripes")
        (True, False)
        >>> rules.club_name("real"), rules.club_name("real estate investment trust")
        (False, False)
        """
        first, _, rest = key.partition(" ")
        if not rest:
            return False
        if rest in self.places:
            return first in self.club_prefixes or first in self.club_prefixes_before_places
        return first in self.club_prefixes and " " not in rest

    def is_person_cue(self, word: str) -> bool:
        """An honorific, title or role word that says the name next to it is a person's."""
        w = strip_word(word)
        return is_honorific(word) or w in PERSON_TITLES or w in self.person_roles

    def is_generic(self, key: str) -> bool:
        """A generic head noun alone: 'chamber', 'parties', 'the regime'.

        >>> EntityRules.load().is_generic("chambers"), EntityRules.load().is_generic("hebei")
        (True, False)
        """
        if " " in key:
            return False
        return (
            key in self.generic_heads
            or (key.endswith("s") and key[:-1] in self.generic_heads)
            or (key.endswith("ies") and key[:-3] + "y" in self.generic_heads)
        )


@cache
def bundled_rules() -> EntityRules:
    """The bundled rules, loaded once: for steps that read a list or two of them."""
    return EntityRules.load()


def _words(data: dict[str, Any], name: str) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in data.get(name) or ())
