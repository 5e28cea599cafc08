"""Push the graph to a Neo4j (or any Bolt + openCypher) server with the official driver.

Idempotent by construction: documents merge on ``doc_id``, entities on
``id``, relationships on their ends, type and ``key``; pushing twice leaves
the same counts. Schema comes first (uniqueness constraints and indexes); a
server without constraints (FalkorDB, Memgraph) gets plain indexes and one
warning. Values always travel as parameters (``UNWIND $rows``); the only
names in the query text are labels and types from the ontology, checked to be
plain identifiers.

The password is used to open the driver and nowhere else: it is never
logged, never part of an error message, and errors raised here do not chain
the driver's exception (``from None``) so nothing downstream can print it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import networkx as nx

from threadline.errors import StoreError
from threadline.graph.export.cypher_plan import (
    CONSTRAINTS,
    FALLBACK_INDEXES,
    INDEXES,
    Step,
    plan,
)
from threadline.graph.ontology import Ontology
from threadline.graph.statement_budget import STATEMENT_BUDGET, batches, size, split_row

log = logging.getLogger(__name__)

# (step name, rows done in that step, rows in that step)
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class PushReport:
    """What a push wrote: rows sent per step, and how long the data steps took."""

    rows: dict[str, int] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0
    seconds: float = 0.0
    constraints: bool = True
    skipped_types: list[str] = field(default_factory=list)
    # Set when the server limits statement size (FalkorDB): items shortened to fit.
    statement_budget: int | None = None
    shortened: int = 0

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.seconds if self.seconds else 0.0


def safe_uri(uri: str) -> str:
    """``uri`` without any ``user:password@`` part, for messages.

    >>> safe_uri("neo4j+s://me:secret@db.example.org:7687")
    'neo4j+s://db.example.org:7687'
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid URI>"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> str:
    """``uri`` made safe for messages; StoreError unless it is a Bolt or Neo4j URI.

    The driver also speaks HTTP, which has no transactions of the kind a push
    needs, so only the Bolt family is accepted.

    >>> check_uri("neo4j+s://me:secret@db.example.org:7687")
    'neo4j+s://db.example.org:7687'
    >>> check_uri("http://db.example.org")
    Traceback (most recent call last):
    ...
    threadline.errors.StoreError: http://db.example.org: not a Bolt URI (use bolt://, bolt+s://, neo4j:// or neo4j+s://)
    """
    where = safe_uri(uri)
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise StoreError(
            f"{where}: not a Bolt URI (use bolt://, bolt+s://, neo4j:// or neo4j+s://)"
        )
    return where


def _one_line(text: str, secret: str | None) -> str:
    line = " ".join(str(text).split())
    if secret:
        line = line.replace(secret, "***")
    return line[:300]


def _reason(exc: BaseException, secret: str | None) -> str:
    from neo4j.exceptions import AuthError, ServiceUnavailable

    if isinstance(exc, AuthError):
        return "authentication failed (check the user and the password)"
    if isinstance(exc, ServiceUnavailable):
        message = str(exc)
        if "refused" in message.lower() or "Failed to establish connection" in message:
            return "connection refused (is the server running, and is this its Bolt port?)"
        return "server unavailable: " + _one_line(
            message.splitlines()[0] if message else "", secret
        )
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return _one_line(message, secret)


def push(
    graph: nx.MultiDiGraph,
    uri: str,
    user: str | None,
    password: str | None,
    database: str | None = None,
    batch_size: int = 1000,
    progress: Progress | None = None,
    ontology: Ontology | None = None,
    mentions: Mapping[tuple[str, str], int] | None = None,
) -> PushReport:
    """Write ``graph`` (contract shape) to the server at ``uri``; returns a PushReport.

    ``user=None`` connects without authentication. ``mentions`` maps
    (doc_id, entity id) to a count for the MENTIONS edges (see
    ``graph.build.document_mentions``). Raises StoreError with one line
    naming the server and the reason; the password never appears in it.
    """
    import neo4j
    from neo4j.exceptions import DriverError, Neo4jError

    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, got {batch_size}")
    where = check_uri(uri)
    ontology = ontology or Ontology.load()
    auth = (user, password or "") if user else None
    report = PushReport()
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    except (DriverError, Neo4jError, ValueError) as exc:
        raise StoreError(f"{where}: {_reason(exc, password)}") from None
    del auth
    try:
        with driver:
            try:
                driver.verify_connectivity()
            except (DriverError, Neo4jError, OSError) as exc:
                raise StoreError(f"{where}: {_reason(exc, password)}") from None
            with driver.session(database=database) as session:
                encode = text_encoding(session)
                # A server that splices parameters into the query text also
                # limits how long that text may be.
                if encode is _escape_text:
                    report.statement_budget = STATEMENT_BUDGET
                report.constraints = _schema(session)
                skipped: set[str] = set()
                steps = list(plan(graph, ontology, mentions, skipped))
                report.skipped_types = sorted(skipped)
                if skipped:
                    log.warning(
                        "left out relation types missing from the ontology: %s",
                        ", ".join(report.skipped_types),
                    )
                started = time.perf_counter()
                for step in steps:
                    report.shortened += _run_step(
                        session, step, batch_size, progress, encode, report.statement_budget
                    )
                    report.rows[step.name] = len(step.rows)
                    if step.kind == "relationships":
                        report.relationships += len(step.rows)
                    else:
                        report.nodes += len(step.rows)
                report.seconds = time.perf_counter() - started
                if report.shortened:
                    log.warning(
                        "%d evidence items longer than the server's statement limit were "
                        "shortened (they end with '…')",
                        report.shortened,
                    )
    except StoreError:
        raise
    except (DriverError, Neo4jError, OSError) as exc:
        raise StoreError(f"{where}: {_reason(exc, password)}") from None
    return report


def _run_step(
    session: Any,
    step: Step,
    batch_size: int,
    progress: Progress | None,
    encode: Callable[[Any], Any],
    budget: int | None,
) -> int:
    """Send one step's rows in batches; returns how many list items were shortened."""
    total = len(step.rows)
    if progress:
        progress(step.name, 0, total)
    if budget is None:
        groups: Iterator[list[dict[str, Any]]] = (
            step.rows[start : start + batch_size] for start in range(0, total, batch_size)
        )
    else:
        groups = batches(step.rows, step.query, batch_size, encode, budget)
    done = shortened = 0
    for rows in groups:
        appends: list[Any] = []
        # batches() gives an oversized row a batch of its own; only such a row is cut.
        if (
            budget is not None
            and len(rows) == 1
            and step.keys
            and (size(encode(rows[0])) + len(step.query) > budget)
        ):
            first, appends, cut = split_row(rows[0], step.keys, encode, budget - len(step.query))
            rows, shortened = [first], shortened + cut
        session.execute_write(_write_batch, step.query, encode(rows))
        for append in appends:
            query = f"{step.match} SET {step.var}.{append.prop} = {step.var}.{append.prop} + $piece"
            session.execute_write(_write_one, query, encode({**append.keys, "piece": append.piece}))
        done += len(rows)
        if progress:
            progress(step.name, done, total)
    return shortened


def _write_batch(tx: Any, query: str, rows: list[dict[str, Any]]) -> None:
    tx.run(query, rows=rows).consume()


def _write_one(tx: Any, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()


# A probe string with an apostrophe, a backslash escape and a trailing backslash.
_PROBE = "it's \\n \\"


def _unchanged(value: Any) -> Any:
    return value


def _escape_text(value: Any) -> Any:
    """Strings (also inside lists and maps) with ``\\`` and ``'`` backslash-escaped."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [_escape_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape_text(v) for k, v in value.items()}
    return value


def text_encoding(session: Any) -> Callable[[Any], Any]:
    """How string parameters must be sent for the server to store them unchanged.

    Neo4j takes them as they are. FalkorDB's Bolt layer (4.16) splices string
    parameters into its query text between single quotes: an apostrophe fails
    the query and a backslash sequence is decoded (``\\n`` becomes a line
    break). A round trip of a probe string tells which case holds, so the same
    push stores exactly the document text on both.
    """
    from neo4j.exceptions import Neo4jError

    for encode in (_unchanged, _escape_text):
        try:
            value = session.run("RETURN $probe AS value", probe=encode(_PROBE)).single()["value"]
        except Neo4jError:
            continue
        if value == _PROBE:
            if encode is _escape_text:
                log.info("server decodes escapes in string parameters; sending them escaped")
            return encode
    log.warning("the server alters text parameters; names with quotes or backslashes may differ")
    return _unchanged


def _schema(session: Any) -> bool:
    """Create constraints and indexes; returns whether the server took the constraints.

    A server that refuses the constraint syntax gets the plain indexes instead
    (the MERGE keys must be indexed, or every batch scans the graph) and the
    user one warning. Plain index statements that fail are taken as already
    existing.
    """
    from neo4j.exceptions import Neo4jError

    def attempt(statement: str) -> bool:
        try:
            session.run(statement).consume()
        except Neo4jError as exc:
            log.debug("schema statement refused: %s (%s)", statement, exc.code)
            return False
        return True

    constraints = all([attempt(s) for s in CONSTRAINTS])
    if constraints:
        for statement in INDEXES:
            attempt(statement)
        return True
    log.warning(
        "the server does not support uniqueness constraints; using plain indexes "
        "(ids stay unique because every write is a MERGE)"
    )
    for statement in FALLBACK_INDEXES:
        attempt(statement)
    return False
