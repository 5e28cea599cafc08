"""Relation pattern files: read, validated by a pydantic model, turned into ``Pattern``s.

A pattern file (``ingest/patterns/*.yaml``, plus the user's files named in
``[nlp] pattern_files``) holds a ``lexicon`` of word lists and a list of
``patterns``. Each pattern is a spaCy DependencyMatcher pattern whose first node
is the trigger, plus:

- ``id`` (unique across all files) and ``relation``: one relation type, or a list
  tried in order (the first the ontology allows for the argument types wins,
  e.g. ``[LOCATED_IN, LIVES_IN]`` for "based in");
- ``source`` and ``target``: the node naming each argument, as ``NODE`` or
  ``{node: NODE, via: subject}`` (the subject of a verb node, through relative
  clauses, participles and coordinated verbs) or ``{node: NODE, via: entity}``
  (the node's own entity only, never a name it is in apposition with) or
  ``{node: NODE, via: country}`` (the country the node's word names or is the
  adjective of, "Haitian", as an entity named in the same sentence) or
  ``{node: NODE, via: previous}`` (a title opening a sentence, "The Kestrel chairman
  said", standing for the one person the sentence before names) or
  ``{node: NODE, via: body_before}`` (a title before a name with no employer, "Chief
  executive Tom Hale said", held at the one body the sentence before has for subject) or
  ``{node: NODE, via: heads_side}`` (a player's title before a name with no side, held at
  the one side whose head the sentence names: "Kestrel United manager Tom Hale praised
  striker Jack Birch") or ``{node: NODE, via: owner}`` (the body a noun such as "board"
  belongs to: "Kestrel's board", "the Kestrel board", "its board", "the board of
  directors of Kestrel");
- optional ``source_types`` / ``target_types`` narrowing what the ontology allows;
- optional ``properties``: ``{role: {node: NODE}}`` or ``{date: {find: date, near: NODE}}``
  / ``{award: {find: award, near: NODE}}`` / ``{role: {find: post, near: VERB}}`` (the post
  a verb of heading names: "chairs" a chair, "edits" an editor);
- ``confidence`` (0-1) and ``examples``: sentences with the relations they must
  give (``{source, type, target, <property>: value}``); an empty ``expect`` says
  the sentence must give none. The tests run every example;
- optional ``description``, ``below_country`` (a target the gazetteer knows as a
  country or a continent is not taken), ``gazetteer_confirms`` (a place-in-place kept only
  when the gazetteer knows the one is in the other), ``not_in_list`` (a pair written "X, Y"
  is not taken inside a comma list of names: "Hale, Birch, Talbot" is a team sheet) and
  ``leads`` (the source runs the
  target: a position, never a player's membership of a national side) and
  ``title_before_name`` (the trigger is a title before the source's name: no other
  person may be named between them) and ``owner_before_name`` (the target is a
  possessive before the source's name: "Kestrel's Jack Birch and Talvaro's Ann Tolley",
  where the parse may hang the first owner on the second name, gives no other person
  between them either) and ``nearest_person`` (the target after the source's name belongs
  to another person set off by a comma between them: "Ann Tolley of Kestrel and Tom Hale,
  formerly of Birch", where the parse may hang "of Birch" on the first name) and
  ``team_target`` (the target must be a side: an organization the entity step typed by a
  team's cue or as a known club, or a band, whose star is a member, since "star" or "ace"
  after other names is said of shows) and ``joins`` (the source joins the target: a company it joins employs it,
  so a membership of a company is read as WORKS_FOR) and ``book_target`` (the target is a
  book's title the entity step found with its author or its prize in a story about books,
  ``BOOK_TITLE``) and ``subject_unless_object`` (the trigger verb's "as" phrase is its
  subject's only when the verb has no object: "Tom Hale picked him as captain") and
  ``status_ignores`` (nodes that only check the match's shape, such as a second title
  before the name: a "former" on them says nothing of this relation's time).

Attribute values written ``"$name"`` are replaced by the file's lexicon list.

The file is checked against ``PatternFileSpec`` before anything is built: a
misspelt key, a wrong type or a relation type the ontology lacks is one
``ConfigError`` line naming the file, the pattern id and the field, e.g.
``mine.yaml: pattern 'x': confidence: Input should be less than or equal to 1``.
The engine that runs the patterns is ``threadline.ingest.relations``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from threadline.datafiles import read_yaml
from threadline.errors import ConfigError
from threadline.graph.ontology import Ontology

__all__ = [
    "Argument",
    "Example",
    "Pattern",
    "PatternFileSpec",
    "PatternSpec",
    "PropertyRule",
    "bundled_pattern_files",
    "load_patterns",
    "parse_pattern_file",
    "read_pattern_file",
]

_FINDERS = ("date", "award", "post")
_NODE_KEYS = ("LEFT_ID", "REL_OP", "RIGHT_ID", "RIGHT_ATTRS")


@dataclass(frozen=True, slots=True)
class Argument:
    node: str
    # "self", "subject", "entity" (the token itself names an entity), "country", "previous",
    # "body_before", "heads_side" or "owner"
    via: str = "self"
    expand: bool = True  # also coordinated items ("with A, B and C")


@dataclass(frozen=True, slots=True)
class PropertyRule:
    name: str
    node: str | None = None
    find: str | None = None
    near: str | None = None


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    expect: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Pattern:
    """One relation pattern, validated against the ontology."""

    id: str
    relations: tuple[str, ...]
    matcher_pattern: tuple[dict[str, Any], ...]
    source: Argument
    target: Argument
    confidence: float
    file: str
    source_types: tuple[str, ...] = ()
    target_types: tuple[str, ...] = ()
    properties: tuple[PropertyRule, ...] = ()
    examples: tuple[Example, ...] = ()
    node_names: tuple[str, ...] = field(default=())
    # "Jane Roe of Belgium" names a nationality, "Jane Roe of Wallingford" a home:
    # with this set, a target the gazetteer knows as a country is not taken.
    below_country: bool = False
    # A place-in-place read from a construction that is also a list ("Caracas,
    # Venezuela"): kept only when the gazetteer knows the one is in the other.
    gazetteer_confirms: bool = False
    # A place after a comma read as the region of the place before it ("Fresno,
    # California"): not taken when another name is listed before or after the pair
    # with a comma, since a team sheet has the same shape ("Hale, Birch, Talbot").
    not_in_list: bool = False
    # The source runs the target ("a spell in charge of Scotland"): a position, never
    # read as a player's membership of a national side.
    leads: bool = False
    # The trigger is a title before the source's name ("Acme analyst Jane Roe"): no
    # other person may be named between them, whatever the parse hangs the title on.
    title_before_name: bool = False
    # The target is a possessive right before the source's name ("Kestrel's Jack Birch"):
    # no other person may be named between them, whatever the parse hangs it on.
    owner_before_name: bool = False
    # The target follows the source's name: another person named between them and set
    # off by a comma takes it ("Ann Tolley of Kestrel and Tom Hale, formerly of Birch").
    nearest_person: bool = False
    # The target must be a side ("Barcelona star X"): "star" after a show's name is not a post.
    team_target: bool = False
    # The source joins the target ("joined Kestrel Bank"): a company it joins employs it.
    joins: bool = False
    # The target is a book's title named with its author or its prize in a story about
    # books ("Ann Tolley for Eve Harbour"): word-by-word readings need that story.
    book_target: bool = False
    # The "as" or "to" phrase after the trigger verb is said of the verb's subject, so not
    # where the verb has an object the phrase is said of ("Hale picked him as captain",
    # "Hale signed Ann Tolley to Birch Records").
    subject_unless_object: bool = False
    # Nodes that only check the match's shape ("and former minister" after the title the
    # relation is read from): their modifiers say nothing of the relation's time.
    status_ignores: frozenset[str] = frozenset()


# -- the model of a pattern file --------------------------------------------------------


class _Problem(ValueError):
    """A check of this module failed; its message already says which field is wrong."""


def _ontology(info: ValidationInfo) -> Ontology:
    context = info.context
    if not isinstance(context, dict) or not isinstance(context.get("ontology"), Ontology):
        raise TypeError("pattern files are validated with context={'ontology': Ontology}")
    return context["ontology"]


class _Strict(BaseModel):
    """A mapping whose unknown keys are an error (a misspelt key would be ignored silently)."""

    model_config = ConfigDict(extra="forbid")


class MatcherNodeSpec(_Strict):
    """One DependencyMatcher node; its attributes go to spaCy as written."""

    RIGHT_ID: str
    RIGHT_ATTRS: dict[str, Any]
    LEFT_ID: str | None = None
    REL_OP: str | None = None


class ArgumentSpec(_Strict):
    node: str
    via: Literal[
        "self", "subject", "entity", "country", "previous", "body_before", "heads_side", "owner"
    ] = "self"
    expand: bool = True


class PropertySpec(_Strict):
    node: str | None = None
    find: Literal["date", "award", "post"] | None = None
    near: str | None = None


class ExpectedRelationSpec(BaseModel):
    """A relation an example must give; other keys are its property values."""

    model_config = ConfigDict(extra="allow")

    source: str
    type: str
    target: str


class ExampleSpec(_Strict):
    text: str
    expect: list[ExpectedRelationSpec] | None = None

    @model_validator(mode="after")
    def _known_types(self, info: ValidationInfo) -> ExampleSpec:
        relation_types = _ontology(info).relation_types
        for rel in self.expect or []:
            if rel.type not in relation_types:
                raise _Problem(f"example {self.text[:40]!r}: unknown relation type {rel.type!r}")
        return self


class PatternSpec(_Strict):
    """One pattern as written; cross-field checks (node names, properties) run last."""

    id: str = Field(min_length=1)
    description: str | None = None
    relation: list[str] = Field(min_length=1)
    pattern: list[MatcherNodeSpec] = Field(min_length=1)
    source: ArgumentSpec
    target: ArgumentSpec
    source_types: list[str] | None = None
    target_types: list[str] | None = None
    confidence: float = Field(default=0.7, gt=0, le=1, strict=True)
    properties: dict[str, PropertySpec] | None = None
    examples: list[ExampleSpec] | None = None
    below_country: bool = False
    gazetteer_confirms: bool = False
    not_in_list: bool = False
    leads: bool = False
    title_before_name: bool = False
    owner_before_name: bool = False
    nearest_person: bool = False
    team_target: bool = False
    joins: bool = False
    book_target: bool = False
    subject_unless_object: bool = False
    status_ignores: list[str] = Field(default_factory=list)

    @field_validator("relation", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        if not value:
            raise _Problem("needs a 'relation' (a relation type or a list of them)")
        return [value] if isinstance(value, str) else value

    @field_validator("relation")
    @classmethod
    def _known_relations(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for rel in value:
            if rel not in _ontology(info).relation_types:
                raise _Problem(f"unknown relation type {rel!r}")
        return value

    @field_validator("pattern")
    @classmethod
    def _linked_nodes(cls, value: list[MatcherNodeSpec]) -> list[MatcherNodeSpec]:
        names: list[str] = []
        for i, node in enumerate(value):
            if i > 0 and (node.LEFT_ID not in names or node.REL_OP is None):
                raise _Problem(
                    f"node {node.RIGHT_ID!r} needs REL_OP and a LEFT_ID naming an earlier node"
                )
            if node.RIGHT_ID in names:
                # the matcher would take the second node for the first and match nothing
                raise _Problem(f"node {node.RIGHT_ID!r} is named twice")
            names.append(node.RIGHT_ID)
        return value

    @field_validator("source", "target", mode="before")
    @classmethod
    def _node_name(cls, value: Any) -> Any:
        return {"node": value} if isinstance(value, str) else value

    @field_validator("source_types", "target_types")
    @classmethod
    def _known_types(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if any(t not in _ontology(info).entity_types for t in value or []):
            raise _Problem(f"'{info.field_name}' must list entity types of the ontology")
        return value

    @model_validator(mode="after")
    def _names_and_properties(self, info: ValidationInfo) -> PatternSpec:
        names = [node.RIGHT_ID for node in self.pattern]
        for which in ("source", "target"):
            if getattr(self, which).node not in names:
                raise _Problem(f"'{which}' must name a node of the pattern ({', '.join(names)})")
        for node in self.status_ignores:
            if node not in names:
                raise _Problem(f"'status_ignores' names unknown node {node!r}")
        ontology = _ontology(info)
        declared = {p for rel in self.relation for p in ontology.relation_types[rel].properties}
        for prop, rule in (self.properties or {}).items():
            if prop not in declared:
                raise _Problem(
                    f"property {prop!r} is not declared for {', '.join(self.relation)} in the ontology"
                )
            if rule.node is not None and rule.node not in names:
                raise _Problem(f"property {prop!r} names unknown node {rule.node!r}")
            if rule.node is None and (rule.find is None or rule.near not in names):
                raise _Problem(
                    f"property {prop!r} needs 'node', or 'find' ({'/'.join(_FINDERS)}) and 'near'"
                )
        return self


class PatternFileSpec(_Strict):
    """A pattern file: word lists, then the patterns (ids unique within the file)."""

    lexicon: dict[str, list[str]] | None = None
    patterns: list[PatternSpec]

    @model_validator(mode="after")
    def _unique_ids(self) -> PatternFileSpec:
        ids: set[str] = set()
        for spec in self.patterns:
            if spec.id in ids:
                raise _Problem(f"pattern {spec.id!r} is defined twice")
            ids.add(spec.id)
        return self


# -- reading ----------------------------------------------------------------------------


def bundled_pattern_files() -> list[tuple[str, str]]:
    """(name, text) of every pattern file shipped in ``threadline/ingest/patterns``."""
    folder = resources.files("threadline.ingest").joinpath("patterns")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [(f"patterns/{f.name}", f.read_text("utf-8")) for f in files]


@cache
def bundled_lexicon(file_name: str, list_name: str) -> frozenset[str]:
    """One word list of a bundled pattern file's lexicon ("location.yaml", "sites"), for
    code that must read the same words as the patterns (ingest/modality.py)."""
    text = resources.files("threadline.ingest").joinpath("patterns", file_name).read_text("utf-8")
    data = read_yaml(text, f"patterns/{file_name}")
    return frozenset(str(word) for word in data["lexicon"][list_name])


def read_pattern_file(path: Path) -> str:
    """The text of a user's pattern file; an unreadable one is a ``ConfigError`` naming it."""
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read pattern file ({exc.strerror})") from exc


def load_patterns(paths: Iterable[str | Path], ontology: Ontology) -> list[Pattern]:
    """Parse and validate pattern files (used by the tests and ``from_config``)."""
    return [
        p
        for path in paths
        for p in parse_pattern_file(read_pattern_file(Path(path)), str(path), ontology)
    ]


def parse_pattern_file(text: str, name: str, ontology: Ontology) -> list[Pattern]:
    """Validate one pattern file; every error names the file and the pattern id."""
    data = read_yaml(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise ConfigError(f"{name}: a pattern file needs a 'patterns' list")
    try:
        spec = PatternFileSpec.model_validate(data, context={"ontology": ontology})
    except ValidationError as exc:
        raise ConfigError(f"{name}: {_message(exc.errors(), data)}") from None
    lexicon = spec.lexicon or {}
    return [_pattern(p, lexicon, name) for p in spec.patterns]


def _pattern(spec: PatternSpec, lexicon: dict[str, list[str]], name: str) -> Pattern:
    nodes = [
        {key: value for key in _NODE_KEYS if (value := getattr(node, key)) is not None}
        for node in spec.pattern
    ]
    try:
        matcher_pattern = tuple(_substitute(n, lexicon) for n in nodes)
    except KeyError as exc:
        raise ConfigError(
            f"{name}: pattern {spec.id!r}: unknown lexicon list {exc.args[0]!r}"
        ) from None
    return Pattern(
        id=spec.id,
        relations=tuple(spec.relation),
        matcher_pattern=matcher_pattern,
        source=_argument(spec.source),
        target=_argument(spec.target),
        confidence=float(spec.confidence),
        file=name,
        source_types=tuple(spec.source_types or ()),
        target_types=tuple(spec.target_types or ()),
        properties=_property_rules(spec.properties or {}),
        examples=_examples(spec.examples or []),
        node_names=tuple(node.RIGHT_ID for node in spec.pattern),
        below_country=spec.below_country,
        gazetteer_confirms=spec.gazetteer_confirms,
        not_in_list=spec.not_in_list,
        leads=spec.leads,
        title_before_name=spec.title_before_name,
        owner_before_name=spec.owner_before_name,
        nearest_person=spec.nearest_person,
        team_target=spec.team_target,
        joins=spec.joins,
        book_target=spec.book_target,
        subject_unless_object=spec.subject_unless_object,
        status_ignores=frozenset(spec.status_ignores),
    )


def _substitute(value: Any, lexicon: dict[str, list[str]]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return list(lexicon[value[1:]])
    if isinstance(value, dict):
        return {k: _substitute(v, lexicon) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, lexicon) for v in value]
    return value


def _argument(spec: ArgumentSpec) -> Argument:
    return Argument(node=spec.node, via=spec.via, expand=spec.expand)


def _property_rules(spec: dict[str, PropertySpec]) -> tuple[PropertyRule, ...]:
    return tuple(
        PropertyRule(prop, node=rule.node, find=rule.find, near=rule.near)
        for prop, rule in spec.items()
    )


def _examples(spec: list[ExampleSpec]) -> tuple[Example, ...]:
    return tuple(
        Example(item.text, tuple(rel.model_dump() for rel in item.expect or ())) for item in spec
    )


# -- error lines ------------------------------------------------------------------------


def _message(errors: Sequence[Mapping[str, Any]], data: dict[str, Any]) -> str:
    """One line for the first problem: the pattern it is in, the field, the reason.

    A misspelt key also leaves a required one missing; the unknown key is the
    better clue, so within the first faulty pattern it is reported first.
    """
    first = errors[0]
    loc = first["loc"]
    scope = loc[:2] if loc[:1] == ("patterns",) else loc[:1]
    unknown = [
        e for e in errors if e["type"] == "extra_forbidden" and e["loc"][: len(scope)] == scope
    ]
    if unknown:
        depth = min(len(e["loc"]) for e in unknown)
        reported = [e for e in unknown if len(e["loc"]) == depth]
        keys = ", ".join(sorted(str(e["loc"][-1]) for e in reported))
        line = _where(reported[0]["loc"][:-1], data) + f"unknown key(s) {keys}"
    else:
        reported = [first]
        own = first.get("ctx", {}).get("error")
        if isinstance(own, _Problem):
            line = _where(loc, data, own=True) + str(own)
        else:
            line = _where(loc, data) + first["msg"]
        if loc[2:] == ("id",) and first["type"] == "missing":
            line = f"pattern #{int(loc[1]) + 1} needs an 'id'"
    more = len(errors) - len(reported)
    return line + (f" (and {more} more)" if more else "")


def _where(loc: tuple[int | str, ...], data: dict[str, Any], own: bool = False) -> str:
    """``pattern 'x': examples: #2: text: `` from a pydantic error location.

    A pattern is named by its id, else by its place in the file. An error
    raised by this module's own checks names its field in the message, so only
    the pattern is given.
    """
    parts: list[str] = []
    rest = loc
    if loc[:1] == ("patterns",) and len(loc) >= 2 and isinstance(loc[1], int):
        spec = data["patterns"][loc[1]]
        pid = spec.get("id") if isinstance(spec, dict) else None
        parts.append(
            f"pattern {pid!r}" if isinstance(pid, str) and pid else f"pattern #{loc[1] + 1}"
        )
        rest = loc[2:]
    if not own:
        parts.extend(f"#{step + 1}" if isinstance(step, int) else str(step) for step in rest)
    return "".join(f"{p}: " for p in parts)
