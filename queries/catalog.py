"""The catalog of named investigative queries: load, validate, bind parameters, run.

Each query is a YAML file in ``queries/catalog/`` (data, not code): a name, a
one-line description, typed parameters with help and defaults, the Cypher for
the embedded LadybugDB store (``cypher``) and, where the dialects differ, a
``neo4j`` variant for Neo4j and other Bolt servers. ``entities`` names the
result columns that hold entity ids, so a result can be drawn as a subgraph.

Values reach the engines only as Cypher parameters (``$name``), never spliced
into the query text. Entity arguments are names, aliases or ids, matched
case-insensitively on the workspace graph (``threadline.lookup``); an
unknown or ambiguous name is a QueryError that says so.

Dialect differences the catalog deals with (LadybugDB / Neo4j):

- relation type: ``label(r)`` / ``type(r)``; node type: ``label(n)`` /
  ``[l IN labels(n) WHERE l <> 'Entity'][0]``;
- shortest paths: ``-[* ALL SHORTEST 1..6 (r, _ | WHERE ...)]-`` / ``WITH a, b
  MATCH p = allShortestPaths((a)-[:{{typed_relations}}*..6]-(b))`` (FalkorDB
  needs both ends bound by an earlier clause, and filters a path only after
  finding it, so the types go in the pattern); neither engine takes the bound
  as a parameter, so both search up to 6 hops and keep ``length(p) <= $max_hops``;
- lists are indexed from 1 / from 0 (``r.sentences[1]`` / ``r.sentences[0]``);
- list comprehensions: ``list_transform(xs, x -> ...)`` / ``[x IN xs | ...]``;
- the direction of a relation on a path: ``(rs[i])._SRC = id(ns[i])`` /
  ``startNode(rs[i]) = ns[i]``;
- LadybugDB: reusing one lambda variable name in two ``list_transform`` of a
  projection gives wrong values, and ``length(p)`` must be taken before a ``WITH``;
- every entity is ``:Entity`` on Neo4j, while the embedded store has one table
  per type, so an unlabelled node pattern there also meets Document nodes.

FalkorDB (the Bolt server of the tests) differs from Neo4j in two more ways
that ``run_neo4j`` handles: it splices text parameters into its query text (an
apostrophe fails unless escaped; the push's probe decides the encoding), and a
session opened in read access mode sees an empty graph.

>>> catalog = load_catalog()
>>> {"profile", "path", "ego", "weak"} <= set(catalog)
True
>>> catalog["top"].bind({"limit": "5"})["limit"]
5
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadline.datafiles import CatalogQueryFile, QueryParameterSpec, check, read_yaml
from threadline.errors import QueryError, StoreError
from threadline.graph.ontology import Ontology

if TYPE_CHECKING:  # NetworkX is only needed once a query runs: ``query list`` starts faster
    import networkx as nx

DIALECTS = ("ladybug", "neo4j")

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TYPED_RELATIONS = "{{typed_relations}}"
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off"}
_REQUIRED = object()

__all__ = [
    "DIALECTS",
    "CatalogQuery",
    "Parameter",
    "get_query",
    "load_catalog",
    "result_subgraph",
    "run_neo4j",
    "run_query",
]


@dataclass(frozen=True, slots=True)
class Parameter:
    """One typed query parameter: how to parse it, its default and its help."""

    name: str
    type: str
    help: str
    default: Any = _REQUIRED
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def describe(self) -> str:
        """One line for ``threadline query list``: name, type, default, help."""
        kind = self.type
        if self.choices:
            kind += " " + "|".join(self.choices)
        if self.minimum is not None or self.maximum is not None:
            kind += f" {_number(self.minimum)}..{_number(self.maximum)}"
        default = "required" if self.required else f"default {self.default!r}"
        return f"{self.name} ({kind}; {default}): {self.help}"

    def parse(self, value: Any, ontology: Ontology | None = None) -> Any:
        """Turn a command-line string (or a Python value) into the parameter's type.

        >>> Parameter("k", "int", "hops", minimum=1, maximum=6).parse("3")
        3
        >>> Parameter("k", "int", "hops", minimum=1, maximum=6).parse("9")
        Traceback (most recent call last):
        ...
        threadline.errors.QueryError: parameter k: 9 is above the maximum 6
        """
        text = value.strip() if isinstance(value, str) else value
        if self.type in ("int", "float"):
            cast = int if self.type == "int" else float
            try:
                number = cast(text)
            except (TypeError, ValueError):
                raise QueryError(
                    f"parameter {self.name}: expected {'an integer' if cast is int else 'a number'}, "
                    f"got {value!r}"
                ) from None
            if self.minimum is not None and number < self.minimum:
                raise QueryError(
                    f"parameter {self.name}: {number} is below the minimum {_number(self.minimum)}"
                )
            if self.maximum is not None and number > self.maximum:
                raise QueryError(
                    f"parameter {self.name}: {number} is above the maximum {_number(self.maximum)}"
                )
            return number
        if self.type == "bool":
            if isinstance(text, bool):
                return text
            if str(text).lower() in _TRUE:
                return True
            if str(text).lower() in _FALSE:
                return False
            raise QueryError(f"parameter {self.name}: expected true or false, got {value!r}")
        text = "" if text is None else str(text)
        choices = self.choices_for(ontology)
        if choices and text and text not in choices:
            folded = {c.casefold(): c for c in choices}
            if text.casefold() not in folded:
                raise QueryError(
                    f"parameter {self.name}: {text!r} is not one of {', '.join(choices)}"
                )
            text = folded[text.casefold()]
        if self.required and not text:
            raise QueryError(f"parameter {self.name}: a value is required ({self.help})")
        return text

    def choices_for(self, ontology: Ontology | None) -> tuple[str, ...]:
        """The allowed values: declared, or the ontology's entity or relation types."""
        if self.type == "entity_type":
            return tuple((ontology or Ontology.load()).entity_types)
        if self.type == "relation":
            return tuple((ontology or Ontology.load()).relation_types)
        return self.choices


@dataclass(frozen=True, slots=True)
class CatalogQuery:
    """A named query: description, parameters and its Cypher per dialect."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    cypher: str
    neo4j: str | None = None
    entities: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""
    examples: tuple[str, ...] = field(default=())

    def text(self, dialect: str = "ladybug", ontology: Ontology | None = None) -> str:
        """The Cypher to run on ``dialect`` (the shared text when there is no variant).

        ``{{typed_relations}}`` becomes the ontology's relation types joined by
        ``|`` (schema names checked to be plain identifiers, never user values):
        a variable-length pattern restricted by type lets the engine skip
        documents and co-mentions while it searches, not after.
        """
        if dialect not in DIALECTS:
            raise QueryError(f"unknown Cypher dialect {dialect!r} (use {', '.join(DIALECTS)})")
        text = self.neo4j if dialect == "neo4j" and self.neo4j else self.cypher
        if TYPED_RELATIONS in text:
            names = list((ontology or Ontology.load()).relation_types)
            bad = [n for n in names if not _IDENTIFIER.match(n)]
            if bad:
                raise QueryError(f"relation type {bad[0]!r} cannot be named in Cypher")
            text = text.replace(TYPED_RELATIONS, "|".join(names))
        return text

    def bind(
        self,
        values: Mapping[str, Any],
        graph: nx.MultiDiGraph | None = None,
        ontology: Ontology | None = None,
    ) -> dict[str, Any]:
        """Check and type the given values; entity names become entity ids.

        Unknown parameter names and missing required ones are QueryErrors
        naming the parameter; an entity parameter needs ``graph`` to look the
        name up (an exact id is accepted as it is when no graph is given).
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            from threadline.queries.hints import did_you_mean

            accepted = ", ".join(known) or "none"
            raise QueryError(
                f"query {self.name}: unknown parameter {unknown[0]!r}"
                f"{did_you_mean(unknown[0], known)} (accepted: {accepted})"
            )
        bound: dict[str, Any] = {}
        for parameter in self.parameters:
            if parameter.name in values:
                value = parameter.parse(values[parameter.name], ontology)
            elif parameter.required:
                raise QueryError(
                    f"query {self.name}: parameter {parameter.name!r} is required "
                    f"({parameter.help}); pass --param {parameter.name}=VALUE"
                )
            else:
                value = parameter.default
            if parameter.type == "entity" and value:
                value = _entity_id(graph, value, parameter.name)
            bound[parameter.name] = value
        return bound


def _entity_id(graph: nx.MultiDiGraph | None, name: str, parameter: str) -> str:
    from threadline.lookup import find_entity

    if graph is None:
        return name
    try:
        return find_entity(graph, name)
    except QueryError as exc:
        raise QueryError(f"parameter {parameter}: {exc}") from None


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


# --- loading ------------------------------------------------------------------


def load_catalog(extra: Iterable[str | Path] = ()) -> dict[str, CatalogQuery]:
    """The bundled queries, then those in ``extra`` files or folders (same name replaces).

    Every file is validated; a broken one is a QueryError naming the file.
    """
    catalog: dict[str, CatalogQuery] = {}
    bundled = resources.files("threadline.queries").joinpath("catalog")
    files: list[tuple[str, str]] = [
        (f"catalog/{entry.name}", entry.read_text("utf-8"))
        for entry in sorted(bundled.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]
    for location in extra:
        path = Path(location)
        paths = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for item in paths:
            try:
                files.append((str(item), item.read_text("utf-8")))
            except OSError as exc:
                raise QueryError(f"{item}: cannot read query file ({exc.strerror})") from exc
    for source, text in files:
        query = parse_query(text, source)
        catalog[query.name] = query
    return catalog


def get_query(name: str, catalog: Mapping[str, CatalogQuery] | None = None) -> CatalogQuery:
    """The query called ``name``; the error lists the known names."""
    catalog = catalog if catalog is not None else load_catalog()
    try:
        return catalog[name]
    except KeyError:
        from threadline.queries.hints import did_you_mean

        known = ", ".join(sorted(catalog))
        hint = did_you_mean(name, catalog)
        raise QueryError(f"no query named {name!r}{hint}; known: {known}") from None


def parse_query(text: str, source: str = "<text>") -> CatalogQuery:
    """Validate one query file's YAML and build the query.

    >>> q = parse_query('''
    ... name: count
    ... description: Entities of a type.
    ... parameters:
    ...   - {name: type, type: entity_type, help: Entity type.}
    ... cypher: MATCH (n) WHERE label(n) = $type RETURN count(n) AS n
    ... ''')
    >>> q.parameters[0].required, q.text("neo4j") == q.cypher
    (True, True)
    """
    spec = check(CatalogQueryFile, read_yaml(text, source, QueryError), source, QueryError)
    name = spec.name
    where = f"{source}: query {name}"
    parameters = tuple(_parameter(item, where) for item in spec.parameters)
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise QueryError(f"{where}: a parameter name is repeated")
    for parameter in parameters:
        for dialect, cypher in (("cypher", spec.cypher), ("neo4j", spec.neo4j or spec.cypher)):
            if not re.search(rf"\${parameter.name}\b", cypher):
                raise QueryError(
                    f"{where}: parameter {parameter.name!r} is not used in its {dialect} text"
                )
    return CatalogQuery(
        name=name,
        description=" ".join(spec.description.split()),
        parameters=parameters,
        cypher=spec.cypher.strip(),
        neo4j=spec.neo4j.strip() if spec.neo4j else None,
        entities=tuple(spec.entities),
        source=source,
        notes=" ".join(str(spec.notes or "").split()),
    )


def _parameter(item: QueryParameterSpec, where: str) -> Parameter:
    """A checked parameter entry as a ``Parameter``, its default parsed like a user's value."""
    choices = tuple(item.choices)
    if item.type == "choice" and not choices:
        raise QueryError(f"{where}: parameter {item.name}: a choice needs 'choices'")
    parameter = Parameter(
        name=item.name,
        type=item.type,
        help=" ".join(item.help.split()),
        choices=choices,
        minimum=item.min,
        maximum=item.max,
    )
    if "default" in item.model_fields_set:
        # The default goes through the same parsing as a user's value (entity
        # defaults stay names, looked up when bound).
        default = item.default
        if item.type not in ("entity", "entity_type", "relation"):
            default = parameter.parse(default if default is not None else "")
        parameter = Parameter(**{**_fields(parameter), "default": default})
    return parameter


def _fields(parameter: Parameter) -> dict[str, Any]:
    return {name: getattr(parameter, name) for name in Parameter.__slots__}


# --- running ------------------------------------------------------------------


def run_query(
    query: CatalogQuery | str,
    values: Mapping[str, Any] | None = None,
    *,
    workspace: Any = None,
    graph: nx.MultiDiGraph | None = None,
    store: Any = None,
    neo4j: Mapping[str, Any] | None = None,
    bound: bool = False,
) -> list[dict[str, Any]]:
    """Run a catalog query and return its rows.

    The engine is, in order: ``neo4j`` (keyword arguments of ``run_neo4j``:
    uri, user, password, database), ``store`` (anything with
    ``.query(cypher, params)``, e.g. a LadybugStore) or the ``workspace``'s
    embedded store. Entity names are looked up on ``graph`` (by default the
    workspace's graph). ``bound=True`` says ``values`` come from
    ``CatalogQuery.bind`` already.
    """
    if isinstance(query, str):
        query = get_query(query)
    ontology = getattr(workspace, "ontology", None)
    if bound:
        params = dict(values or {})
    else:
        if graph is None and workspace is not None and _has_entity_values(query, values or {}):
            graph = workspace.graph()
        params = query.bind(values or {}, graph, ontology)
    if neo4j is not None:
        return run_neo4j(query.text("neo4j", ontology), params, **neo4j)
    if store is not None:
        return store.query(query.text("ladybug", ontology), params)
    if workspace is None:
        raise QueryError(f"query {query.name}: no workspace, store or Neo4j server to run on")
    return workspace.cypher(query.text("ladybug", ontology), **params)


def _has_entity_values(query: CatalogQuery, values: Mapping[str, Any]) -> bool:
    return any(p.type == "entity" and values.get(p.name) for p in query.parameters)


def run_neo4j(
    cypher: str,
    params: Mapping[str, Any],
    uri: str,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> list[dict[str, Any]]:
    """Run one parameterized query on a Bolt server; rows as plain dicts.

    ``user=None`` connects without authentication. Connection and
    authentication failures are StoreErrors of one line naming the URI (never
    the password).
    """
    import neo4j

    # The push's check of how the server treats text parameters (FalkorDB 4.16
    # splices them into its query text): the same encoding makes a name with
    # an apostrophe match what the push stored.
    from threadline.graph.neo4j import check_uri, text_encoding

    where = check_uri(uri)
    auth = None if user is None else (user, password or "")
    try:
        with (
            neo4j.GraphDatabase.driver(uri, auth=auth) as driver,
            # No read access mode: FalkorDB answers read sessions from an empty graph.
            driver.session(database=database) as session,
        ):
            encode = text_encoding(session)
            records = [record.data() for record in session.run(cypher, encode(dict(params)))]
    except neo4j.exceptions.AuthError:
        raise StoreError(f"{where}: authentication failed for user {user!r}") from None
    except neo4j.exceptions.ServiceUnavailable as exc:
        raise StoreError(f"{where}: cannot connect ({_one_line(exc, password)})") from None
    except neo4j.exceptions.Neo4jError as exc:
        raise StoreError(
            f"{where}: query refused ({_one_line(exc.message or exc, password)})"
        ) from None
    except (neo4j.exceptions.DriverError, ValueError) as exc:
        raise StoreError(f"{where}: {_one_line(exc, password)}") from None
    return records


def _one_line(exc: Any, secret: str | None = None) -> str:
    line = " ".join(str(exc).split()) or type(exc).__name__
    return line.replace(secret, "***") if secret else line


def result_subgraph(
    query: CatalogQuery,
    rows: Iterable[Mapping[str, Any]],
    graph: nx.MultiDiGraph,
    params: Mapping[str, Any] | None = None,
) -> nx.MultiDiGraph:
    """The part of ``graph`` a result is about: its entities and the relations among them.

    Entities come from the query's ``entities`` columns (an id or a list of
    ids per row) and from its bound entity parameters.
    """
    ids: set[str] = set()
    for row in rows:
        for column in query.entities:
            value = row.get(column)
            if isinstance(value, str):
                ids.add(value)
            elif isinstance(value, list | tuple):
                ids.update(v for v in value if isinstance(v, str))
    for parameter in query.parameters:
        value = (params or {}).get(parameter.name)
        if parameter.type == "entity" and isinstance(value, str) and value:
            ids.add(value)
    sub = graph.subgraph(n for n in ids if n in graph).copy()
    sub.graph.update(graph.graph)
    return sub
