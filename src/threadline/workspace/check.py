"""Is a workspace sound, and how is it repaired (``threadline check``).

A workspace holds one source of truth, the extraction cache (plus the
analyst's judgements); ``graph.json`` and the embedded store are derived from
it. So a check asks, in order: can the manifest and every cached extraction be
read; is the graph the one the cache and judgements give today (recomputed,
not trusted from a digest); does the store hold exactly the graph's entities
and edges; does every judgement still apply. Each finding carries the command
that repairs it, and :func:`repair` does the repairs that need no input files:
it deletes damaged cache entries (the next build re-extracts just those) and
recomputes the graph and store from the cache.

Checking is read-only and never takes the build lock, so it runs during a
build and then reports on what the last finished build left.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from threadline.errors import ThreadlineError, WorkspaceError
from threadline.graph.build import build_graph, summarize
from threadline.graph.model import MENTIONED_WITH
from threadline.layout import CONFIG_FILENAME, JUDGEMENTS_FILENAME, STORE_DIRNAME

if TYPE_CHECKING:
    import networkx as nx

    from threadline.workspace import Workspace

# How many problem items a finding lists before it says "and N more".
SHOWN = 5


@dataclass
class Finding:
    """One verified property of a workspace, and the command that repairs it when broken."""

    check: str
    ok: bool
    detail: str
    repair: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_workspace(ws: Workspace) -> list[Finding]:
    """Every finding about ``ws``; the workspace is sound when all are ok."""
    findings: list[Finding] = []

    def note(name: str, ok: bool, detail: str, repair: str = "") -> None:
        findings.append(Finding(name, ok, detail, "" if ok else repair))

    rebuild = f"threadline build --rebuild PATH... -w {ws.path}"
    build = f"threadline build PATH... -w {ws.path}"
    refresh = f"threadline check --repair -w {ws.path}"
    from threadline.workspace.lock import is_locked

    if is_locked(ws.path):
        return _check_during_build(ws, build)
    try:
        manifest = ws.manifest()
    except WorkspaceError as exc:
        note("manifest", False, str(exc), rebuild)
        return findings
    documents = manifest.documents()
    note("manifest", True, f"{len(manifest.files)} files, {len(documents)} documents")

    damaged = damaged_cache_entries(ws)
    note(
        "cache",
        not damaged,
        f"{len(documents) - len(damaged)} of {len(documents)} extractions readable"
        + (f"; missing or damaged: {_listed(damaged)}" if damaged else ""),
        f"{refresh}, then {build} (re-extracts only those documents)",
    )
    _check_pipeline(ws, manifest.fingerprint, bool(documents), note, build)

    graph: nx.MultiDiGraph | None = None
    try:
        graph = ws.graph(copy=False)
    except WorkspaceError as exc:
        note("graph", False, str(exc), build)
    built_from = ws.state().get("state")
    if graph is not None:
        fresh = built_from == ws.state_key(manifest)
        note(
            "graph",
            fresh,
            f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} edges"
            + ("" if fresh else "; older than the cache, judgements or configuration"),
            refresh,
        )
        if not damaged:
            try:
                ok, detail = _graph_matches_cache(ws, graph)
            except ThreadlineError as exc:  # e.g. unreadable judgements, reported below
                ok, detail = False, f"cannot recompute the graph: {exc}"
            note("graph matches cache", ok, detail, refresh)
        ok, detail = _store_matches_graph(ws, graph, built_from)
        note("store", ok, detail, refresh)

    _check_judgements(ws, bool(documents), note, build)
    return findings


def _check_during_build(ws: Workspace, build: str) -> list[Finding]:
    """While a build runs, the cache and manifest are being rewritten; only what
    readers use now (graph.json and the store it was published with) is checked."""
    findings: list[Finding] = []

    def keep(name: str, ok: bool, detail: str, repair: str = "") -> None:
        findings.append(Finding(name, ok, detail, "" if ok else repair))

    keep(
        "lock",
        True,
        "a build is running now: the cache is not checked until it ends (check again then); "
        "the graph and store below are the last build's",
    )
    try:
        graph = ws.graph(copy=False)
    except WorkspaceError as exc:
        keep("graph", False, str(exc), f"wait for the running build, or {build}")
        return findings
    keep("graph", True, f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} edges")
    ok, detail = _store_matches_graph(ws, graph, ws.state().get("state"))
    keep("store", ok, detail, f"wait for the running build, then threadline check -w {ws.path}")
    return findings


def repair(ws: Workspace) -> list[str]:
    """Do the repairs that need no input files; returns what was done.

    Damaged cache entries are deleted, so the next ``threadline build`` over
    the same files re-extracts exactly those documents (a damaged entry that
    stayed would be taken as done). Then the graph and the store are
    recomputed from the cache, under the build lock.
    """
    done: list[str] = []
    fingerprint = ws.manifest().fingerprint or ""
    for doc_id in damaged_cache_entries(ws):
        path = ws.cache.path(doc_id, fingerprint)
        if path.exists():
            path.unlink()
            done.append(f"deleted the damaged cache entry {path}")
    if done:
        done.append("run 'threadline build PATH...' on the same inputs to re-extract them")
    ws.refresh()
    done.append("recomputed the graph and the store from the cache")
    return done


def damaged_cache_entries(ws: Workspace) -> list[str]:
    """Documents of the manifest whose cached extraction is missing, unreadable or not theirs."""
    manifest = ws.manifest()
    fingerprint = manifest.fingerprint or ""
    damaged = []
    for doc_id in manifest.documents():
        extraction = ws.cache.get(doc_id, fingerprint)
        if extraction is None or extraction.doc_id != doc_id:
            damaged.append(doc_id)
    return damaged


def _check_pipeline(ws: Workspace, fingerprint: str | None, any_docs: bool, note, build) -> None:
    try:
        from threadline.ingest.extract import Extractor

        current = Extractor(ws.config, ws.ontology).fingerprint
    except ThreadlineError as exc:
        note("pipeline", False, str(exc), f"fix {ws.path / CONFIG_FILENAME}")
        return
    same = current == fingerprint or not any_docs
    note(
        "pipeline",
        same,
        "the extraction pipeline is the one the cache was built with"
        if same
        else "the model, patterns, gazetteers or ontology changed since the last build",
        f"{build} (re-extracts what the change affects)",
    )


def _check_judgements(ws: Workspace, any_docs: bool, note, build) -> None:
    from threadline.graph.curation import Judgements

    where = ws.path / JUDGEMENTS_FILENAME
    try:
        judgements = Judgements.load(ws.path)
    except ThreadlineError as exc:
        note("judgements", False, str(exc), f"edit {where}")
        return
    issues: list[Any] = []
    if len(judgements) and any_docs:
        issues = list(getattr(ws.resolution(), "issues", []) or [])
    note(
        "judgements",
        not issues,
        f"{len(judgements)} judgements"
        + (f"; {len(issues)} do not apply: " + "; ".join(map(str, issues[:3])) if issues else ""),
        f"edit or remove them in {where}, then run '{build}'",
    )


def _graph_matches_cache(ws: Workspace, graph: nx.MultiDiGraph) -> tuple[bool, str]:
    """Recompute the graph from the cache and judgements and compare ids and edges."""
    expected = build_graph(
        ws.extractions(), ws.manifest().documents(), ws.resolution(), ws.ontology
    )
    problems = []
    missing = sorted(set(expected.nodes) - set(graph.nodes))
    extra = sorted(set(graph.nodes) - set(expected.nodes))
    if missing:
        problems.append(f"{len(missing)} entities missing from graph.json ({_listed(missing)})")
    if extra:
        problems.append(f"{len(extra)} entities in graph.json the cache does not give")
    want = Counter((u, v, k) for u, v, k in expected.edges(keys=True))
    have = Counter((u, v, k) for u, v, k in graph.edges(keys=True))
    if want != have:
        problems.append(f"{sum(((want - have) + (have - want)).values())} edges differ")
    if set(expected.graph.get("documents") or {}) != set(graph.graph.get("documents") or {}):
        problems.append("the documents differ")
    if problems:
        return False, "; ".join(problems)
    return True, f"recomputed from the cache: same {len(want)} edges and entities"


def _store_matches_graph(
    ws: Workspace, graph: nx.MultiDiGraph, built_from: str | None
) -> tuple[bool, str]:
    from threadline.graph.store import ladybug as module

    root = ws.path / STORE_DIRNAME
    pointer = module.read_pointer(root)
    if pointer is None:
        return False, "no store"
    if pointer.get("schema") != module.SCHEMA_VERSION:
        return False, "the store was written under another schema version"
    if pointer.get("state") != built_from:
        return False, "the store and graph.json come from different builds"
    path = root / pointer["name"] / module.DB_FILENAME
    try:
        with module.LadybugStore.open(path) as db:
            counts = db.count()
            ids: set[str] = set()
            for entity_type in sorted({d.get("type") for _, d in graph.nodes(data=True)}):
                rows = db.query(f"MATCH (n:{module._name(entity_type)}) RETURN n.id AS id")
                ids.update(r["id"] for r in rows)
    except ThreadlineError as exc:
        return False, str(exc)
    except Exception as exc:  # a damaged database file can fail in many ways
        return False, f"{path}: cannot read the store ({type(exc).__name__}: {exc})"
    summary = summarize(graph)
    expected = dict(summary["entities_by_type"])
    expected.update(summary["relations_by_type"])
    expected[MENTIONED_WITH] = summary["comentions"]
    expected[module.DOCUMENT_TABLE] = summary["documents"]
    expected[module.EVIDENCE_TABLE] = sum(
        len(data.get("evidence") or ())
        for *_, data in graph.edges(data=True)
        if data.get("type") != MENTIONED_WITH
    )
    wrong = [
        f"{name}: {counts.get(name, 0)} in the store, {n} in the graph"
        for name, n in sorted(expected.items())
        if counts.get(name, 0) != n
    ]
    if ids != set(graph.nodes):
        wrong.append(f"{len(ids ^ set(graph.nodes))} entity ids differ from the graph's")
    if wrong:
        return False, "; ".join(wrong[:4])
    return True, f"{sum(counts.values())} rows, the graph's entities, edges and documents"


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")
