"""The YAML data files, validated by pydantic models: one error line naming file, entry, field.

Every data file the project ships or a user adds (the ontology, gazetteers,
the query catalog, the entity rules, the cleanup rules) is checked against a
model here before any code reads it, so a typo fails at load time with a line
such as ``mine.yaml: entry 3 ('Acme'): aliases: Input should be a valid list``
instead of a traceback deep in the pipeline. The modules that read the files
(graph/, ingest/, queries/) import this one; it imports none of them.

>>> check(GazetteerFile, [{"name": "Acme", "type": "Organization", "aliases": "ACME"}], "g.yaml")
Traceback (most recent call last):
...
threadline.errors.ConfigError: g.yaml: entry 1 ('Acme'): aliases: Input should be a valid list
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from threadline.derived_cache import derived, module_source
from threadline.errors import ConfigError

__all__ = [
    "CatalogQueryFile",
    "CleanupFile",
    "EntityRulesFile",
    "GazetteerFile",
    "OntologyFile",
    "check",
    "entity_rules",
    "read_yaml",
]

M = TypeVar("M", bound=BaseModel)


class _Strict(BaseModel):
    """A mapping whose unknown keys are an error (a misspelt key would be ignored silently)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class _Open(BaseModel):
    """A mapping that may carry keys of its own (notes, metadata) besides the known ones."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)


# -- the ontology (graph/ontology.yaml and [ontology] extra) ----------------------------


# What extraction rules may assume of a type's names (graph/ontology.yaml explains each).
EntityTrait = Literal[
    "person", "organization", "place", "title", "headline_checked", "common_word_checked"
]


class EntityTypeSpec(_Open):
    color: str = "#999999"
    description: str = ""
    traits: list[EntityTrait] = Field(default_factory=list)


class RelationTypeSpec(_Open):
    domain: list[str]
    range: list[str]
    properties: list[str] = Field(default_factory=list)
    symmetric: bool = False
    says: str = ""


class OntologyFile(_Open):
    entity_types: dict[str, EntityTypeSpec | None] = Field(default_factory=dict)
    relation_types: dict[str, RelationTypeSpec] = Field(default_factory=dict)
    spacy_labels: dict[str, str] = Field(default_factory=dict)
    common_properties: list[str] = Field(default_factory=list)


# -- gazetteers (ingest/gazetteer.yaml and [nlp] gazetteers) ---------------------------


class GazetteerEntrySpec(_Open):
    name: str = Field(min_length=1)
    type: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    ruler: bool = True


class GazetteerFile(RootModel[list[GazetteerEntrySpec]]):
    """A list of entries (or a mapping whose ``entities`` is that list)."""


# -- the query catalog (queries/catalog/*.yaml and user query files) -------------------

ParameterType = Literal[
    "entity", "string", "int", "float", "bool", "choice", "entity_type", "relation"
]
_WORD = r"^[a-z][a-z0-9_]*$"


class QueryParameterSpec(_Strict):
    name: str = Field(pattern=_WORD)
    type: ParameterType
    help: str = Field(min_length=1, pattern=r"\S")
    default: Any = None
    choices: list[str] = Field(default_factory=list)
    min: int | float | None = None
    max: int | float | None = None


class CatalogQueryFile(_Strict):
    name: str = Field(pattern=_WORD)
    description: str = Field(min_length=1, pattern=r"\S")
    parameters: list[QueryParameterSpec] = Field(default_factory=list)
    cypher: str = Field(min_length=1, pattern=r"\S")
    neo4j: str | None = Field(default=None, min_length=1, pattern=r"\S")
    entities: list[str] = Field(default_factory=list)
    notes: str | None = None


# -- the entity rules (ingest/entity_rules.yaml) ---------------------------------------


class EntityRulesFile(_Strict):
    version: int = 1
    generic_heads: list[str]
    not_entities: list[str]
    not_names_alone: list[str] = Field(default_factory=list)
    page_furniture: list[str]
    max_tokens: int
    headline_min_tokens: int
    headline_capitalized_share: float
    headline_min_words: int
    headline_small_words: list[str]
    all_caps_max_tokens: int
    max_stopword_share: float
    award_words: list[str]
    award_names: list[str] = Field(default_factory=list)
    individual_sport_words: list[str] = Field(default_factory=list)
    team_contest_words: list[str] = Field(default_factory=list)
    alias_triggers: list[list[str]]
    description_heads: dict[str, list[str]]
    description_max_distance: int
    company_descriptions: list[str]
    nation_descriptions: list[str] = Field(default_factory=list)
    non_company_heads: list[str]
    party_description_roles: list[str] = Field(default_factory=list)
    party_heads: list[str] = Field(default_factory=list)
    broadcasters: list[str] = Field(default_factory=list)
    designators: list[str]
    organization_suffixes: list[str] = Field(default_factory=list)
    national_bodies: list[str] = Field(default_factory=list)
    organization_prefixes: list[str] = Field(default_factory=list)
    vessel_prefixes: list[str] = Field(default_factory=list)
    standing_bodies: list[str] = Field(default_factory=list)
    numbered_bodies: list[str] = Field(default_factory=list)
    event_suffixes: list[str] = Field(default_factory=list)
    facility_suffixes: list[str] = Field(default_factory=list)
    location_suffixes: list[str] = Field(default_factory=list)
    location_prefixes: list[str] = Field(default_factory=list)
    event_descriptors: list[str] = Field(default_factory=list)
    person_roles: list[str] = Field(default_factory=list)
    headline_trades: list[str] = Field(default_factory=list)
    fragment_words: list[str] = Field(default_factory=list)
    newspaper_words: list[str] = Field(default_factory=list)
    club_prefixes: list[str] = Field(default_factory=list)
    club_prefixes_before_places: list[str] = Field(default_factory=list)
    sport_clubs: list[str] = Field(default_factory=list)
    sport_club_places: list[str] = Field(default_factory=list)
    sport_grounds: list[str] = Field(default_factory=list)
    sport_events: list[str] = Field(default_factory=list)
    national_sides: list[str] = Field(default_factory=list)
    bracketed_club_endings: list[str] = Field(default_factory=list)
    possessive_company_names: list[str] = Field(default_factory=list)
    body_name_fields: list[str] = Field(default_factory=list)
    club_nicknames: dict[str, list[str]] = Field(default_factory=dict)
    channels: list[str] = Field(default_factory=list)
    fields_of_work: list[str] = Field(default_factory=list)
    screen_descriptors: list[str] = Field(default_factory=list)
    technology_names: list[str] = Field(default_factory=list)
    name_trailing_words: list[str] = Field(default_factory=list)
    heading_max_words: int = 0
    document_suffixes: list[str] = Field(default_factory=list)
    title_heads: list[str] = Field(default_factory=list)
    organization_descriptors: list[str] = Field(default_factory=list)
    firm_descriptors: list[str] = Field(default_factory=list)
    organization_context: list[str] = Field(default_factory=list)
    musician_roles: list[str] = Field(default_factory=list)
    not_after_places: list[str] = Field(default_factory=list)
    screen_words: list[str] = Field(default_factory=list)
    screen_work_roles: list[str] = Field(default_factory=list)
    screen_company_words: list[str] = Field(default_factory=list)
    generic_names: list[str] = Field(default_factory=list)
    team_roles: list[str] = Field(default_factory=list)
    team_roles_named: list[str] = Field(default_factory=list)
    team_roles_in_sport: list[str] = Field(default_factory=list)
    facility_endings: list[str] = Field(default_factory=list)
    location_endings: list[str] = Field(default_factory=list)
    team_before: list[str] = Field(default_factory=list)
    team_before_in_sport: list[str] = Field(default_factory=list)
    sport_words: list[str] = Field(default_factory=list)
    sport_terms: dict[str, list[str]] = Field(default_factory=dict)
    sport_shared_names: list[str] = Field(default_factory=list)
    employer_roles: list[str] = Field(default_factory=list)
    publication_descriptors: list[str] = Field(default_factory=list)


# -- the cleanup rules (ingest/cleanup.yaml) -------------------------------------------


class BoilerplateSpec(_Strict):
    name: str = Field(min_length=1)
    pattern: str = Field(min_length=1)
    example: str = Field(min_length=1)


class FragmentSpec(_Strict):
    max_line_chars: int = 48
    min_run: int = 3
    min_broken_share: float = 0.34


class DuplicateSpec(_Strict):
    min_key_chars: int = 20


class CleanupFile(_Strict):
    characters: dict[str, str | None] = Field(default_factory=dict)
    boilerplate: list[BoilerplateSpec] = Field(default_factory=list)
    fragments: FragmentSpec = Field(default_factory=FragmentSpec)
    duplicates: DuplicateSpec = Field(default_factory=DuplicateSpec)


# -- reading and checking --------------------------------------------------------------


def _words_stay_words(loader: Any) -> Any:
    """A subclass of a PyYAML loader that reads only ``true`` and ``false`` as booleans
    (as YAML 1.2 does).

    YAML 1.1 reads ``on``, ``off``, ``yes`` and ``no`` as booleans too, so a word list
    ``[in, on]`` in a pattern file would silently lose its "on".
    """
    boolean = "tag:yaml.org,2002:bool"
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != boolean]
        for first, found in loader.yaml_implicit_resolvers.items()
    }
    true_or_false = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        resolvers.setdefault(first, []).append((boolean, true_or_false))
    return type(f"Strict{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


# LibYAML's loader when PyYAML was built with it: the same documents, parsed
# about ten times faster (a build parses the bundled pattern and rule files
# before its first document).
_FAST_LOADER: Any = _words_stay_words(yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else None
_SAFE_LOADER = _words_stay_words(yaml.SafeLoader)


# Texts below this size parse in a millisecond or two: not worth a cache entry.
_CACHED_FROM_CHARS = 4096


def read_yaml(text: str, source: str, error: type[Exception] = ConfigError) -> Any:
    """Parse YAML text; a syntax error is one line naming ``source``.

    A large text's parse is kept in the derived-data cache, keyed by the text, the
    PyYAML version and this module's source: the bundled pattern and rule files
    (700 KB) are built into Python objects by PyYAML's constructor in Python, about
    half a second of every build's start-up.
    """
    if len(text) < _CACHED_FROM_CHARS:
        return _parse_yaml(text, source, error)
    inputs = (text, yaml.__version__, str(_FAST_LOADER is not None), module_source(__file__))
    return derived("yaml", inputs, lambda: _parse_yaml(text, source, error))


def _parse_yaml(text: str, source: str, error: type[Exception]) -> Any:
    """A file LibYAML refuses is parsed again by the pure-Python loader, whose
    messages point at the offending character: the error reads the same either way."""
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise error(f"{source}: invalid YAML ({' '.join(str(exc).split())})") from exc


def check(model: type[M], data: Any, source: str, error: type[Exception] = ConfigError) -> M:
    """``data`` as a ``model``; else ``error`` naming the file, the entry and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = exc.errors()
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        where = _where(data, tuple(first["loc"]))
        raise error(f"{source}: {where}{first['msg']}{more}") from None


def _where(data: Any, loc: tuple[Any, ...]) -> str:
    """``entry 3 ('Acme'): aliases: `` from a pydantic error location within ``data``.

    >>> _where({"relation_types": {"X": {}}}, ("relation_types", "X", "domain"))
    'relation_types: X: domain: '
    >>> _where([{"name": "Acme"}], ("root", 0, "aliases"))
    "entry 1 ('Acme'): aliases: "
    """
    parts: list[str] = []
    node = data
    for step in loc:
        if step == "root":
            continue
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
            label = _label(item)
            parts.append(f"entry {step + 1}" + (f" ({label!r})" if label else ""))
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(f"{p}: " for p in parts)


def _label(item: Any) -> str:
    """What names a list entry in a message: its id or name."""
    if isinstance(item, dict):
        for key in ("id", "name"):
            if isinstance(item.get(key), str | int):
                return str(item[key])
    return ""


@cache
def entity_rules() -> dict[str, Any]:
    """The bundled entity rules (ingest/entity_rules.yaml), checked, as the file gives them."""
    source = "entity_rules.yaml"
    text = resources.files("threadline.ingest").joinpath(source).read_text("utf-8")
    data = read_yaml(text, source)
    check(EntityRulesFile, data, source)
    return data
