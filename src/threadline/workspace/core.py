"""The workspace: where a case lives, and the one object notebooks and the CLI use.

A workspace is a folder::

    WORKSPACE/
      threadline.toml     configuration (optional)
      judgements.yaml     the analyst's curation decisions
      manifest.json       input files -> their documents (size, mtime, metadata)
      pipeline.json       the extractor fingerprint and a stamp of what it is made from
      cache/              one extraction per (extractor fingerprint, document)
      graph.json          the graph (node-link JSON contract)
      graph.state         what graph.json was built from, and its summary
      store/CURRENT       names the embedded LadybugDB store readers use
      store/store-*/      stores (the current one and the previous one)

``build`` runs ingest -> extract -> resolve -> graph -> store. Only documents
whose (content hash, fingerprint) is not cached are extracted; results are
written to the cache one by one as they arrive, so a killed build keeps its
finished work. Resolution, the graph and the store are recomputed from the
cache (cheap) and only when their inputs changed, so re-running a build on
unchanged input runs no NLP and rewrites nothing.

>>> import tempfile
>>> ws = Workspace.open(tempfile.mkdtemp())
>>> ws.documents()
[]
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadline.atomic import remove_stale_temporaries, write_atomic
from threadline.config import Config
from threadline.errors import ConfigError, InputError, QueryError, StoreError, WorkspaceError
from threadline.graph.model import MENTIONED_WITH, Document, Extraction
from threadline.graph.ontology import Ontology
from threadline.graph.resolve_version import RESOLVER_VERSION
from threadline.ingest.readers.source import file_stat
from threadline.layout import (
    CACHE_DIRNAME,
    GRAPH_FILENAME,
    JUDGEMENTS_FILENAME,
    MANIFEST_FILENAME,
    PIPELINE_FILENAME,
    STATE_FILENAME,
    STORE_DIRNAME,
)
from threadline.long_lived import LongLived
from threadline.progress import BuildProgress, ProgressDisplay
from threadline.workspace.cache import STDIN_KEY, ExtractionCache, FileEntry, Manifest
from threadline.workspace.warm_imports import ImportWarmer

if TYPE_CHECKING:  # NetworkX is imported with the graph code, when a graph is read or built
    import networkx as nx

log = logging.getLogger(__name__)


# Bump when build_graph's output changes shape: graphs from before are rebuilt.
GRAPH_VERSION = 1

_GRAPHS: dict[str, tuple[tuple[int, int], nx.MultiDiGraph]] = {}


@dataclass
class BuildReport:
    """What a build did: documents, the resulting graph, and time per stage."""

    workspace: str
    files: int = 0
    files_unchanged: int = 0
    documents_new: int = 0
    documents_unchanged: int = 0
    documents_removed: int = 0
    documents: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    entities: int = 0
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations: int = 0
    relations_by_type: dict[str, int] = field(default_factory=dict)
    comentions: int = 0
    evidence: int = 0
    # Judgements that no longer apply (their entity is gone or was renamed): "#n: reason".
    judgements_not_applied: list[str] = field(default_factory=list)
    graph_changed: bool = False
    dry_run: bool = False
    # With dry_run: each input and what a build would do with it
    # ({"path", "action": new|changed|unchanged|skipped|failed|removed, "reason"}).
    plan: list[dict[str, str]] = field(default_factory=list)
    fingerprint: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every input was read."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Workspace:
    """A workspace folder: build it, read its graph, query its store."""

    def __init__(self, path: Path, config: Config, ontology: Ontology) -> None:
        self.path = path
        self.config = config
        self.ontology = ontology
        self._cache = ExtractionCache(path / CACHE_DIRNAME)
        self._store: Any = None
        self._store_name: str | None = None
        self._resolution: tuple[str, Any] | None = None

    @classmethod
    def open(cls, path: str | Path, config: Config | None = None) -> Workspace:
        """The workspace at ``path`` (created by the first build when absent)."""
        path = Path(path).expanduser().absolute()
        if path.exists() and not path.is_dir():
            raise WorkspaceError(f"{path}: not a folder, cannot be a workspace")
        if config is None:
            config = Config.load(workspace=path)
        ontology = Ontology.load(tuple(config.ontology.extra))
        return cls(path, config, ontology)

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # -- reading -----------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Metadata of every document in the workspace (no text), by id."""
        return list(self._manifest().documents().values())

    def document_titles(self) -> dict[str, str]:
        """Document id -> its title, else its file name, for tables people read."""
        titles: dict[str, str] = {}
        for doc in self.documents():
            doc_id = doc.get("doc_id") or doc.get("id")
            if not doc_id:
                continue
            origins = doc.get("origins") or []
            name = Path(str(origins[0]).split("#")[0]).name if origins else ""
            titles[doc_id] = doc.get("title") or name or doc_id
        return titles

    def extractions(self) -> list[Extraction]:
        """The cached extraction of every document, ordered by document id."""
        manifest = self._manifest()
        if manifest.fingerprint is None:
            return []
        found = self._cache.get_many(manifest.documents(), manifest.fingerprint)
        return [found[d] for d in sorted(found)]

    def resolution(self) -> Any:
        """Cross-document resolution of the cached extractions, with the judgements applied."""
        extractions = self.extractions()
        key = self._state(self._manifest())
        if self._resolution is None or self._resolution[0] != key:
            self._resolution = (key, self._resolve(extractions))
        return self._resolution[1]

    def graph(self, copy: bool = True) -> nx.MultiDiGraph:
        """The knowledge graph, read from graph.json once per process.

        By default a copy that can be changed freely; ``copy=False`` returns the
        shared cached graph, faster on large workspaces, which must not be changed.
        """
        path = self.path / GRAPH_FILENAME
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise WorkspaceError(
                f"{self.path}: no graph yet; run 'threadline build PATH -w {self.path}'"
            ) from None
        signature = (stat.st_mtime_ns, stat.st_size)
        cached = _GRAPHS.get(str(path))
        if cached is None or cached[0] != signature:
            from threadline.graph.build import graph_from_json

            try:
                graph = graph_from_json(path.read_bytes())
            except (OSError, ValueError, KeyError) as exc:
                raise WorkspaceError(
                    f"{path}: unreadable graph ({exc}); run 'threadline build --rebuild'"
                ) from exc
            _GRAPHS[str(path)] = (signature, graph)
            cached = _GRAPHS[str(path)]
        return cached[1].copy() if copy else cached[1]

    def entity(self, name: str) -> dict[str, Any]:
        """One entity by name, alias or id: its attributes, typed relations and co-mentions."""
        from threadline.lookup import find_entity

        graph = self.graph(copy=False)
        node = find_entity(graph, name)
        data = graph.nodes[node]
        relations: list[dict[str, Any]] = []
        comentions: list[dict[str, Any]] = []
        for direction, edges in (
            ("out", graph.out_edges(node, data=True)),
            ("in", graph.in_edges(node, data=True)),
        ):
            for source, target, edge in edges:
                other = target if direction == "out" else source
                if edge.get("type") == MENTIONED_WITH:
                    comentions.append(
                        {
                            "id": other,
                            "name": graph.nodes[other].get("name"),
                            "weight": edge.get("weight"),
                        }
                    )
                    continue
                relations.append(
                    {
                        "direction": direction,
                        "type": edge.get("type"),
                        "id": other,
                        "name": graph.nodes[other].get("name"),
                        "entity_type": graph.nodes[other].get("type"),
                        "properties": edge.get("properties") or {},
                        "weight": edge.get("weight"),
                        "evidence": edge.get("evidence") or [],
                    }
                )
        comentions.sort(key=lambda c: (-(c["weight"] or 0), c["name"] or ""))
        entity = {"id": node, **data, "relations": relations, "mentioned_with": comentions}
        return copy.deepcopy(entity)  # nothing shared with the cached graph

    def mention_counts(self) -> dict[tuple[str, str], int] | None:
        """(doc_id, entity id) -> mentions: the MENTIONS edges; None when the cache has none."""
        from threadline.graph.build import document_mentions

        extractions = self.extractions()
        return document_mentions(extractions, self.resolution()) if extractions else None

    def export(self, fmt: str, path: str | Path, filters: Any = None) -> Any:
        """Write the graph (cut by ``filters``, a ``graph.export.ExportFilters``) in ``fmt``.

        The same call as ``threadline export``; returns an ``ExportResult``.
        """
        from threadline.graph.export import ExportFormat, export

        wants = ExportFormat(fmt).wants_mentions
        mentions = self.mention_counts() if wants else None
        graph = self.graph(copy=False)
        return export(graph, fmt, path, filters, ontology=self.ontology, mentions=mentions)

    def cypher(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run Cypher on the embedded store; values go in as ``$name`` parameters.

        ``ws.cypher("MATCH (p:Person) WHERE p.name = $name RETURN p.id AS id", name=n)``
        treats ``n`` as text whatever it holds. Rows come back as dicts.
        A ``$name`` the query uses without a value is a QueryError naming it
        (the engine would quietly compare with null and return no rows); a query
        the store refuses says what to write instead where a Neo4j spelling is
        the cause (``type(r)`` -> ``label(r)``).
        """
        from threadline.queries.hints import dialect_hint, missing_parameters

        missing = missing_parameters(query, params)
        if missing:
            listed = ", ".join(f"${name}" for name in missing)
            values = " ".join(f"--param {name}=VALUE" for name in missing)
            raise QueryError(f"the query uses {listed} but no value was given ({values})")
        store = self._open_store()
        try:
            return store.query(query, params)
        except StoreError as exc:
            hint = dialect_hint(query)
            if not hint:
                raise
            raise StoreError(f"{exc}; hint: {hint}") from exc

    def stats(self, top: int = 10) -> dict[str, Any]:
        """Counts by type and the most central entities.

        Read from graph.state (the counts the last build recorded) and the
        nodes of graph.json as plain JSON: no graph is built, so ``threadline
        stats`` answers at once. A workspace without a readable state falls
        back to counting the graph.
        """
        recorded = self.state()
        path = self.path / GRAPH_FILENAME
        if not recorded.get("summary") or recorded.get("graph_version") != GRAPH_VERSION:
            graph = self.graph(copy=False)
            from threadline.graph.build import summarize

            summary = summarize(graph)
            nodes = list(graph.nodes(data=True))
        else:
            summary = dict(recorded["summary"])
            try:
                data = json.loads(path.read_bytes())
                nodes = [(n["id"], n) for n in data["nodes"]]
            except FileNotFoundError:
                raise WorkspaceError(
                    f"{self.path}: no graph yet; run 'threadline build PATH -w {self.path}'"
                ) from None
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise WorkspaceError(
                    f"{path}: unreadable graph ({exc}); run 'threadline build --rebuild'"
                ) from exc
        key = "pagerank" if any("pagerank" in d for _, d in nodes) else None

        def rank(item: tuple[str, dict[str, Any]]) -> tuple[float, int, str]:
            node, data = item
            score = float(data.get(key) or 0) if key else 0.0
            return (-score, -int(data.get("mention_count") or 0), node)

        summary["top_entities"] = [
            {
                "id": node,
                "name": data.get("name"),
                "type": data.get("type"),
                "mention_count": data.get("mention_count"),
                "doc_count": data.get("doc_count"),
                **({key: data.get(key)} if key else {}),
            }
            for node, data in sorted(nodes, key=rank)[:top]
        ]
        return summary

    def state(self) -> dict[str, Any]:
        """What ``graph.json`` and the store were built from (for checks); {} when unbuilt."""
        try:
            return json.loads((self.path / STATE_FILENAME).read_bytes())
        except (OSError, ValueError):
            return {}

    def close(self) -> None:
        """Release the store handle (reopened on the next query)."""
        if self._store is not None:
            self._store.close()
            self._store = None
            self._store_name = None

    # -- building ----------------------------------------------------------------

    def build(
        self,
        paths: Sequence[str | Path],
        rebuild: bool = False,
        prune: bool = False,
        workers: int = 0,
        progress: bool | Callable[[BuildProgress], None] = True,
        dry_run: bool = False,
        executor: str | None = None,
        scheduler: str | None = None,
    ) -> BuildReport:
        """Bring the workspace up to date with ``paths``; returns what was done.

        Only new or changed documents are extracted. ``prune`` drops documents
        of files not among ``paths``; ``rebuild`` discards the cache and starts
        over; ``dry_run`` reads the inputs and reports, writing nothing.
        Unreadable inputs are listed in ``report.failures``; the rest is built.
        When no input path exists at all, InputError is raised before anything
        is written (no workspace folder appears for a mistyped path).

        ``executor`` is where extraction runs: ``"local"`` (``workers``
        processes) or ``"dask"``: the workers of the Dask ``scheduler``
        (``tcp://HOST:8786``), or without one a local Dask cluster of
        ``workers`` processes. Both give the same cache, graph and store.
        Unset, they come from ``[build]`` in the configuration.

        ``progress``: True shows a bar on stderr (a plain line every few
        seconds when stderr is not a terminal), False nothing; a callable gets
        every ``threadline.progress.BuildProgress`` event instead: one per
        input file read and one per document extracted, sent as each worker
        finishes the document (possibly from a helper thread, in any order of
        documents, each exactly once).
        """
        run = _executor(self.config, executor, scheduler)
        report = BuildReport(workspace=str(self.path), dry_run=dry_run)
        _check_inputs(paths)
        from threadline.workspace.lock import build_lock

        lock = nullcontext() if dry_run else build_lock(self.path)
        display: Any = nullcontext()
        if callable(progress):
            callback: Callable[[BuildProgress], None] | None = progress
        elif progress:
            callback = display = ProgressDisplay()
        else:
            callback = None
        with lock, display:
            bar = _Stages(callback)
            if rebuild and not dry_run:
                self._wipe()
            if not dry_run:  # a dry run holds no lock: the temporaries may be a build's
                remove_stale_temporaries(self.path / CACHE_DIRNAME)
                # graph.json, state and the store's CURRENT pointer are written beside
                # their final names; the store's own folders are not ours to sweep.
                remove_stale_temporaries(self.path, recursive=False)
                remove_stale_temporaries(self.path / STORE_DIRNAME, recursive=False)
            self._build(paths, prune, workers, dry_run, bar, report, force=rebuild, run=run)
        return report

    def refresh(self) -> BuildReport:
        """Recompute resolution, graph and store from the cache (no NLP), e.g. after curation."""
        from threadline.workspace.lock import build_lock

        report = BuildReport(workspace=str(self.path))
        with build_lock(self.path):
            manifest = self._manifest()
            self._publish(manifest, report, force=True)
        return report

    def _build(
        self,
        paths: Sequence[str | Path],
        prune: bool,
        workers: int,
        dry_run: bool,
        bar: _Stages,
        report: BuildReport,
        force: bool,
        run: _Executor | None = None,
    ) -> None:
        timer = _Timer(report.seconds)
        run = run or _Executor("local", None)
        workers = workers or self.config.nlp.workers
        try:
            with LongLived() as long_lived:
                self._build_with(
                    paths, prune, workers, dry_run, bar, report, force, run, timer, long_lived
                )
        finally:
            run.close()

    def _build_with(
        self,
        paths: Sequence[str | Path],
        prune: bool,
        workers: int,
        dry_run: bool,
        bar: _Stages,
        report: BuildReport,
        force: bool,
        run: _Executor,
        timer: _Timer,
        long_lived: LongLived,
    ) -> None:
        from threadline.ingest.documents import discover
        from threadline.ingest.read_ahead import ReadAhead

        manifest = self._manifest()
        stamp, saved = self._saved_fingerprint()
        if not dry_run and manifest.fingerprint is None:
            # A first build (or --rebuild): documents will be extracted. A Dask
            # cluster starts while the fingerprint is computed and the inputs
            # read (a local pool starts with the work). Otherwise it starts with
            # the first document found to need extraction.
            run.warm_up(workers)
        plan = report.plan if dry_run else None

        def note(path: Any, action: str, reason: str) -> None:
            if plan is not None:
                plan.append({"path": str(path), "action": action, "reason": reason})

        with timer("read"):
            files = discover(
                list(paths), self.config.ingest, on_skip=lambda p, why: note(p, "skipped", why)
            )
            report.files = len(files)
            # Whether each file has the size and time the manifest saw at the last build.
            same = {f: _same_file(manifest, f) for f in files}
            reads = ReadAhead(self.config.ingest, workers)
            # Files new or changed since the last build are read whatever the
            # pipeline: helper processes read them while spaCy is imported.
            reads.submit([f for f in files if not same[f]])
        with reads:
            # The extractor (spaCy and the model) is only made when something must
            # be extracted or its inputs changed since the last build.
            fingerprint, extractor = self._fingerprint(save=not dry_run, known=(stamp, saved))
            report.fingerprint = fingerprint
            before = set(manifest.documents())
            if reads.started and extractor is not None and run.name == "local" and not dry_run:
                # New inputs under a new pipeline (a first build): the model is
                # loaded now, while the helpers read, not after the last file.
                with timer("extract"):
                    extractor.load()
            with timer("read"):
                # Unchanged files whose documents this pipeline has not extracted yet.
                stale = {
                    f
                    for f in files
                    if same[f]
                    and self._cache.missing(manifest.files[_file_key(f)].doc_ids, fingerprint)
                }
                reads.submit([f for f in files if f in stale])
                seen: set[str] = set()
                pending: dict[str, Document] = {}
                bar.start("reading", len(files))
                for file in files:
                    key = _file_key(file)
                    seen.add(key)
                    entry = manifest.files.get(key)
                    if entry is not None and same[file]:
                        if file not in stale:
                            report.files_unchanged += 1
                            note(file, "unchanged", "same size and time as at the last build")
                            bar.advance("reading", str(file))
                            continue
                        why = "not yet extracted with the current model, patterns and settings"
                    elif entry is not None:
                        why = "modified since the last build"
                    else:
                        why = "not in the workspace yet"
                    try:
                        documents, stat = reads.read(file)
                    except InputError as exc:
                        report.failures.append({"path": exc.path, "reason": exc.reason})
                        note(file, "failed", exc.reason)
                        bar.advance("reading", str(file))
                        continue
                    except OSError as exc:
                        reason = exc.strerror or str(exc)
                        report.failures.append({"path": str(file), "reason": reason})
                        note(file, "failed", reason)
                        bar.advance("reading", str(file))
                        continue
                    manifest.files[key] = FileEntry(
                        size=stat.st_size if stat else 0,
                        mtime_ns=stat.st_mtime_ns if stat else 0,
                        documents=[d.metadata() for d in documents],
                    )
                    fresh = 0
                    for document in documents:
                        if document.id not in pending and not self._cache.has(
                            document.id, fingerprint
                        ):
                            if not pending and not dry_run:
                                # The first document to extract: the cluster gets ready
                                # (pipeline loaded) while the other inputs are read.
                                run.warm_up(workers, self.config, self.ontology, fingerprint)
                            pending[document.id] = document
                            fresh += 1
                    if fresh:
                        action = "changed" if entry is not None else "new"
                        note(
                            file,
                            action,
                            f"{why}: {fresh} of {len(documents)} document(s) to extract",
                        )
                    else:
                        note(file, "unchanged", f"{why}, but its text is already extracted")
                    bar.advance("reading", str(file))
                if prune:
                    for key in [k for k in manifest.files if k not in seen]:
                        note(key, "removed", "not among the inputs (--prune)")
                        del manifest.files[key]
        after = manifest.documents()
        report.documents = len(after)
        report.documents_new = len(pending)
        report.documents_unchanged = len(after) - len(pending)
        report.documents_removed = len(before - set(after))
        if dry_run:
            return

        warmer = ImportWarmer()
        # This build's extractions, as the cache holds them: resolution takes them
        # from here instead of reading back what was just written.
        new_extractions: dict[str, Extraction] = {}
        with timer("extract"):
            if pending:
                if extractor is None:
                    from threadline.ingest.extract import Extractor

                    extractor = Extractor(self.config, self.ontology)
                bar.start("extracting", len(pending))

                def failed(document: Document, reason: str) -> None:
                    origin = document.origins[0] if document.origins else document.id
                    report.failures.append({"path": origin, "reason": reason})
                    # Left out like an unreadable file: the next build reads it again
                    # and extracts what is not cached yet.
                    for key, entry in list(manifest.files.items()):
                        if document.id in entry.doc_ids:
                            del manifest.files[key]
                    bar.advance("extracting", document.id)

                def extracted(doc_id: str) -> None:
                    bar.advance("extracting", doc_id)

                # What the build holds now (the documents to extract, the manifest, the
                # modules) lives until it ends: no full collection needs to visit it.
                long_lived.keep()
                stream = run.extract(extractor, pending.values(), workers, failed, extracted)
                for extraction in stream:
                    warmer.start()  # the workers are running: import what follows them
                    new_extractions[extraction.doc_id] = self._cache.put(extraction, fingerprint)
                    long_lived.keep()  # and so does each extraction
                    # Counted already when its worker announced it; this catches
                    # documents extracted where no announcement is made.
                    bar.advance("extracting", extraction.doc_id)
        # Nothing the build needs is left on a cluster's workers: they stop while
        # it goes on with resolution, graph and store.
        run.close()
        manifest.fingerprint = fingerprint
        manifest.save(self.path / MANIFEST_FILENAME)
        warmer.wait()
        # New extractions always republish: the state digest covers the document
        # set, not which cache entries exist (a damaged entry that was redone).
        self._publish(
            manifest,
            report,
            force=force or bool(pending),
            timer=timer,
            gazetteer=extractor.gazetteer if extractor is not None else None,
            new_extractions=new_extractions,
        )

    def _saved_fingerprint(self) -> tuple[str, str | None]:
        """The pipeline's stamp, and the fingerprint ``pipeline.json`` keeps for it (or None)."""
        stamp = _pipeline_stamp(self.config, self.ontology)
        try:
            saved = json.loads((self.path / PIPELINE_FILENAME).read_bytes())
        except (OSError, ValueError):
            return stamp, None
        if isinstance(saved, dict) and saved.get("stamp") == stamp and saved.get("fingerprint"):
            return stamp, str(saved["fingerprint"])
        return stamp, None

    def _fingerprint(
        self, save: bool, known: tuple[str, str | None] | None = None
    ) -> tuple[str, Any]:
        """The extractor's fingerprint, and the extractor when one had to be made.

        Computing the fingerprint imports spaCy (about a second). It depends
        only on the configuration, the ontology, the model package and files
        (bundled patterns, rules and models, the configured pattern and
        gazetteer files), so ``pipeline.json`` keeps it with a stamp of those:
        while the stamp holds, an unchanged build imports no NLP at all.
        ``known`` is what ``_saved_fingerprint`` just returned.
        """
        stamp, saved = known or self._saved_fingerprint()
        if saved is not None:
            return saved, None
        where = self.path / PIPELINE_FILENAME
        from threadline.ingest.extract import Extractor

        extractor = Extractor(self.config, self.ontology)
        fingerprint = extractor.fingerprint
        if save:
            self.path.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"stamp": stamp, "fingerprint": fingerprint}, indent=1)
            write_atomic(where, text.encode("utf-8"))
        return fingerprint, extractor

    def _publish(
        self,
        manifest: Manifest,
        report: BuildReport,
        force: bool,
        timer: _Timer | None = None,
        gazetteer: Any = None,
        new_extractions: dict[str, Extraction] | None = None,
    ) -> None:
        """Resolution -> graph -> metrics -> graph.json and store, unless nothing changed.

        ``new_extractions`` holds the extractions this build just cached, as the cache gives
        them back; the others are read from the cache."""
        timer = timer or _Timer(report.seconds)
        state = self._state(manifest)
        previous = self.state()
        pointer = _pointer().read_pointer(self.path / STORE_DIRNAME) or {}
        up_to_date = (
            not force
            and previous.get("state") == state
            and pointer.get("state") == state
            and _pointer().current_path(self.path / STORE_DIRNAME) is not None
            and (self.path / GRAPH_FILENAME).is_file()
        )
        if up_to_date:
            report.graph_changed = False
            for name in ("entities", "entities_by_type", "relations", "relations_by_type"):
                setattr(report, name, previous["summary"][name])
            report.comentions = previous["summary"]["comentions"]
            report.evidence = previous["summary"]["evidence"]
            report.documents = previous["summary"]["documents"]
            return

        with LongLived() as long_lived:
            self._recompute(manifest, report, state, timer, gazetteer, new_extractions, long_lived)

    def _recompute(
        self,
        manifest: Manifest,
        report: BuildReport,
        state: str,
        timer: _Timer,
        gazetteer: Any,
        new_extractions: dict[str, Extraction] | None,
        long_lived: LongLived,
    ) -> None:
        """Resolution, graph, metrics, then graph.json beside the store; the extractions
        and the graph are kept from full collections once made (``threadline.long_lived``)."""
        from threadline.graph.build import (
            build_graph,
            document_mentions,
            graph_to_json,
            summarize,
        )

        documents = manifest.documents()
        with timer("resolve"):
            fingerprint = manifest.fingerprint or ""
            new = new_extractions or {}
            found = self._cache.get_many([d for d in documents if d not in new], fingerprint)
            found.update((d, new[d]) for d in documents if d in new)
            extractions = [found[d] for d in sorted(found)]
            long_lived.keep()
            lost = sorted(set(documents) - set(found))
            if lost:
                log.warning(
                    "%d documents have no readable cached extraction and are left out; "
                    "run 'threadline build --rebuild' to redo them",
                    len(lost),
                )
            resolution = self._resolve(extractions, gazetteer)
            self._resolution = (state, resolution)
            report.judgements_not_applied = [str(issue) for issue in resolution.issues]
        with timer("graph"):
            graph = build_graph(extractions, documents, resolution, self.ontology)
            mentions = document_mentions(extractions, resolution)
            long_lived.keep()
        with timer("metrics"):
            _compute_metrics(graph, self.config)
        with timer("store"):
            self.close()
            # The store loads on a helper thread while this one writes graph.json
            # and the state: most of a load is the engine's COPY and checkpoint,
            # which hold no lock on the interpreter. Both only read the graph.
            with ThreadPoolExecutor(1, thread_name_prefix="threadline-store") as pool:
                loaded = pool.submit(
                    _store().publish,
                    self.path / STORE_DIRNAME,
                    graph,
                    self.ontology,
                    mentions,
                    state,
                )
                text = graph_to_json(graph)
                write_atomic(self.path / GRAPH_FILENAME, text.encode("utf-8"), sync=True)
                summary = summarize(graph)
                state_doc = {
                    "state": state,
                    "fingerprint": fingerprint,
                    "graph_version": GRAPH_VERSION,
                    "schema": _pointer().SCHEMA_VERSION,
                    "summary": summary,
                    "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                }
                write_atomic(
                    self.path / STATE_FILENAME,
                    json.dumps(state_doc, indent=1).encode("utf-8"),
                    sync=True,
                )
                loaded.result()
        report.graph_changed = True
        report.documents = summary["documents"]
        report.entities = summary["entities"]
        report.entities_by_type = summary["entities_by_type"]
        report.relations = summary["relations"]
        report.relations_by_type = summary["relations_by_type"]
        report.comentions = summary["comentions"]
        report.evidence = summary["evidence"]

    # -- curation ----------------------------------------------------------------

    def gazetteer(self) -> Any:
        """The gazetteer this workspace resolves with (``[nlp] gazetteers``)."""
        from threadline.ingest.gazetteer import Gazetteer

        return Gazetteer.load(self.config.nlp.gazetteers)

    def curate(self, judgement: Any, force: bool = False, dry_run: bool = False) -> Any:
        """Record a judgement (``graph.curation.Judgement``) and refresh graph and store.

        Returns a ``CurationChange``: entities and typed relations before and
        after, relations lost, types joined. A merge across entity types, or a
        judgement that would lose relations (other than a reject), is refused
        with a QueryError saying what would change unless ``force``; nothing is
        written then, nor with ``dry_run``.
        """
        from threadline.graph.curation import Judgements
        from threadline.workspace.curation import judgement_change, trial_judgement

        judgements = Judgements.load(self.path)
        extractions = self.extractions()
        pinned, before, after = trial_judgement(
            judgements,
            judgement,
            extractions,
            self.ontology,
            self.config.resolve,
            self.gazetteer(),
        )
        change = judgement_change(
            pinned, before, after, extractions, self._manifest().documents(), self.ontology
        )
        if change.warnings and not force and not dry_run:
            raise QueryError(
                f"{pinned} {'; '.join(change.warnings)} ({change.summary()}); "
                "add --force to record it anyway"
            )
        if dry_run:
            return change
        judgements.items.append(pinned)
        judgements.save()
        self.refresh()
        change.recorded = True
        return change

    def judge(
        self,
        action: str,
        name: str,
        argument: str | None = None,
        *,
        entity_type: str | None = None,
        note: str | None = None,
        force: bool = False,
    ) -> Any:
        """Record one judgement (merge, split, rename, retype, reject) on the entity ``name``.

        ``entity_type`` (any case) picks among namesakes of several types. Returns
        the ``CurationChange`` of ``curate``, its ``outcome`` saying in one line
        what the entity looks like now.
        """
        from threadline.entity_report import judgement_outcome, known_entity_type
        from threadline.graph.curation import Judgement

        if entity_type is not None:
            entity_type = known_entity_type(self.ontology, entity_type)
        judgement = Judgement(action, name, argument, type=entity_type, note=note)
        change = self.curate(judgement, force=force)
        change.outcome = judgement_outcome(change.judgement, self.resolution())
        return change

    def undo(self, count: int = 1) -> list[Any]:
        """Take back the last ``count`` judgements and refresh; returns them, oldest first."""
        from threadline.graph.curation import Judgements
        from threadline.workspace.curation import undo_judgements

        removed = undo_judgements(Judgements.load(self.path), count)
        self.refresh()
        return removed

    # -- checking ----------------------------------------------------------------

    def manifest(self) -> Manifest:
        """The manifest as on disk: every document, its origins, the cache's fingerprint."""
        return self._manifest()

    @property
    def cache(self) -> ExtractionCache:
        """The extraction cache: one entry per document and pipeline fingerprint."""
        return self._cache

    def state_key(self, manifest: Manifest | None = None) -> str:
        """A digest of everything the graph is computed from: equal digest, equal graph."""
        return self._state(manifest if manifest is not None else self._manifest())

    def check(self) -> list[dict[str, Any]]:
        """Verify cache, graph, store and judgements; each finding says how to repair.

        Read-only: it never takes the build lock, so it can run during a build
        (it then reports what the last finished build left). See ``threadline.workspace.check``.
        """
        from threadline.workspace.check import check_workspace

        return [finding.to_dict() for finding in check_workspace(self)]

    def repair(self) -> list[str]:
        """Repair what needs no input files (damaged cache entries, graph, store)."""
        from threadline.workspace.check import repair

        return repair(self)

    # -- internals ---------------------------------------------------------------

    def _manifest(self) -> Manifest:
        return Manifest.load(self.path / MANIFEST_FILENAME)

    def _resolve(self, extractions: list[Extraction], gazetteer: Any = None) -> Any:
        from threadline.graph.curation import Judgements
        from threadline.graph.resolve import resolve

        if gazetteer is None:
            from threadline.ingest.gazetteer import Gazetteer

            gazetteer = Gazetteer.load(self.config.nlp.gazetteers)
        judgements = Judgements.load(self.path)
        return resolve(extractions, self.ontology, self.config.resolve, gazetteer, judgements)

    def _state(self, manifest: Manifest) -> str:
        """A digest of everything the graph is computed from: equal digest, equal graph."""
        judgements = self.path / JUDGEMENTS_FILENAME
        parts = {
            "graph_version": GRAPH_VERSION,
            "resolver_version": RESOLVER_VERSION,
            "schema": _pointer().SCHEMA_VERSION,
            "fingerprint": manifest.fingerprint,
            "documents": manifest.documents(),
            "judgements": judgements.read_text("utf-8") if judgements.is_file() else "",
            "resolve": self.config.resolve.model_dump(mode="json"),
            "analytics": self.config.analytics.model_dump(mode="json"),
            "gazetteers": _file_digests(self.config.nlp.gazetteers),
            "ontology": self.ontology.fingerprint,
        }
        blob = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:32]

    def _wipe(self) -> None:
        """Forget the cache and the manifest; keep configuration and judgements.

        graph.json and the store stay until the rebuild replaces them (each
        atomically), so readers keep working during a rebuild too.
        """
        shutil.rmtree(self.path / CACHE_DIRNAME, ignore_errors=True)
        (self.path / MANIFEST_FILENAME).unlink(missing_ok=True)

    def _open_store(self) -> Any:
        root = self.path / STORE_DIRNAME
        pointer = _pointer().read_pointer(root)
        if pointer is None:
            raise StoreError(
                f"{self.path}: no store yet; run 'threadline build PATH -w {self.path}'"
            )
        if pointer.get("schema") != _pointer().SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store was written by another version of threadline; "
                f"run 'threadline build --rebuild -w {self.path}'"
            )
        if self._store is None or self._store_name != pointer["name"]:
            self.close()
            path = root / pointer["name"] / _pointer().DB_FILENAME
            self._store = _store().LadybugStore.open(path, read_only=True)
            self._store_name = pointer["name"]
        return self._store


class _Executor:
    """Where extraction runs: local processes, or a Dask cluster (``scheduler`` or local).

    A Dask cluster takes seconds to be ready (worker processes start, each
    loads the pipeline): ``warm_up`` starts that in the background as soon as
    the build knows it will extract, so it overlaps the build's own start and
    reading; ``close`` stops it. Both do nothing for local processes, which
    start with the extraction.
    """

    def __init__(self, name: str, scheduler: str | None) -> None:
        self.name = name
        self.scheduler = scheduler
        self._session: Any = None

    def warm_up(
        self,
        workers: int,
        config: Config | None = None,
        ontology: Ontology | None = None,
        fingerprint: str | None = None,
    ) -> None:
        """Start the cluster, and with a fingerprint load that extractor on its workers."""
        if self.name != "dask":
            return
        if self._session is None:
            from threadline.ingest.dask_executor import DaskSession

            self._session = DaskSession(self.scheduler, workers)
        self._session.connect()
        if fingerprint is not None and config is not None and ontology is not None:
            self._session.prepare(config, ontology, fingerprint)

    def extract(
        self,
        extractor: Any,
        documents: Iterable[Document],
        workers: int,
        on_failure: Callable[[Document, str], None],
        on_progress: Callable[[str], None] | None = None,
    ) -> Iterator[Extraction]:
        """Extractions of ``documents`` as they are done; failures go to ``on_failure``.

        ``on_progress`` gets each document's id as soon as its worker is done with it.
        """
        if self.name == "local":
            return extractor.extract_many(documents, workers=workers, on_progress=on_progress)
        self.warm_up(workers)
        return self._session.extract(extractor, documents, on_failure, on_progress)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _executor(config: Config, name: str | None, scheduler: str | None) -> _Executor:
    """The executor asked for (arguments first, then ``[build]``), checked before any work."""
    if name is None:
        name = "dask" if scheduler else config.build.executor
    if name not in ("local", "dask"):
        raise ConfigError(f"unknown executor {name!r}: use 'local' or 'dask'")
    if name == "local":
        if scheduler:
            raise ConfigError(f"--scheduler {scheduler} needs --executor dask")
        return _Executor("local", None)
    scheduler = scheduler or config.build.scheduler
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ConfigError(
            "--executor dask needs the 'dask' extra: pip install 'threadline[dask]'"
        ) from None
    return _Executor("dask", scheduler)


def _store() -> Any:
    """The store module, imported on first use: it pulls in LadybugDB and Arrow,
    which commands that never touch the store should not pay for."""
    from threadline.graph.store import ladybug

    return ladybug


def _pointer() -> Any:
    """The store pointer module: enough to tell whether the store is up to date."""
    from threadline.graph.store import pointer

    return pointer


def _same_file(manifest: Manifest, file: str | Path) -> bool:
    """Whether ``file`` has the size and time the manifest saw at the last build."""
    entry = manifest.files.get(_file_key(file))
    if entry is None:
        return False
    stat = file_stat(file)
    return stat is not None and entry.matches(stat)


def _check_inputs(paths: Sequence[str | Path]) -> None:
    """Refuse a build none of whose inputs exist: a typo must not create a workspace."""
    if not paths:
        raise InputError("PATHS", "no input given")
    missing = [str(p) for p in paths if str(p) != STDIN_KEY and not _exists(Path(p))]
    if len(missing) == len(paths):
        listed = ", ".join(missing)
        raise InputError(listed, "no such file or folder; nothing was built")


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def _compute_metrics(graph: nx.MultiDiGraph, config: Config) -> None:
    from threadline.graph.analytics import compute_metrics

    compute_metrics(graph, config.analytics)


def _file_key(file: str | Path) -> str:
    if str(file) == STDIN_KEY:
        return STDIN_KEY
    return str(Path(file).absolute())


def _pipeline_stamp(config: Config, ontology: Ontology) -> str:
    """A digest of what the extractor's fingerprint is computed from, made
    without importing the extractor: the configuration, the ontology, the
    Python environment, and the size and time of every file of the ingest
    package (code, patterns, rules, bundled models), of the model package and
    of the configured pattern and gazetteer files."""
    import importlib.util
    import os
    import sys

    files: list[str] = []
    roots: list[str] = []
    ingest = importlib.util.find_spec("threadline.ingest")
    if ingest is not None and ingest.submodule_search_locations:
        roots.extend(ingest.submodule_search_locations)
    model = str(config.nlp.model)
    try:
        spec = importlib.util.find_spec(model) if model.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        roots.extend(spec.submodule_search_locations)
    elif Path(model).exists():
        roots.append(model)
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files.extend(os.path.join(folder, n) for n in sorted(names))
    nlp = config.nlp.model_dump(mode="json")
    for value in (*nlp.get("pattern_files", ()), *nlp.get("gazetteers", ())):
        files.append(str(value))
    stats = []
    for file in files:
        try:
            stat = os.stat(file)
            stats.append((file, stat.st_size, stat.st_mtime_ns))
        except OSError:
            stats.append((file, -1, -1))
    parts = {
        "python": [sys.version, sys.prefix],
        "config": config.model_dump(mode="json"),
        "ontology": ontology.fingerprint,
        "files": stats,
    }
    blob = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


def _file_digests(paths: Sequence[str]) -> dict[str, str]:
    digests = {}
    for path in paths:
        try:
            digests[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
        except OSError:
            digests[path] = ""
    return digests


class _Timer:
    """Adds the wall time of each stage to a dict."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self.seconds[stage] = round(self.seconds.get(stage, 0.0) + elapsed, 3)


class _Stages:
    """Counts the items of each stage and hands ``BuildProgress`` events to a callback.

    An item is counted once, however many times it is reported (a document is
    announced by its worker and again when its extraction is cached), so the
    callback sees each file and each document exactly once. Thread-safe: the
    executors announce documents from helper threads; events are passed on
    under the lock, so ``done`` only grows.
    """

    def __init__(self, callback: Callable[[BuildProgress], None] | None) -> None:
        import threading

        self._callback = callback
        self._lock = threading.Lock()
        self._seen: dict[str, set[str]] = {}
        self._totals: dict[str, int] = {}

    def start(self, stage: str, total: int) -> None:
        with self._lock:
            self._seen[stage] = set()
            self._totals[stage] = total
            self._emit(BuildProgress(stage, 0, total))

    def advance(self, stage: str, item: str) -> None:
        with self._lock:
            seen = self._seen.get(stage)
            if seen is None or item in seen:
                return
            seen.add(item)
            self._emit(BuildProgress(stage, len(seen), self._totals[stage], item))

    def _emit(self, event: BuildProgress) -> None:
        if self._callback is None:
            return
        try:
            self._callback(event)
        except Exception:  # a progress display must not stop the build
            log.exception("progress callback failed")
