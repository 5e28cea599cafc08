"""Build progress moves per document, reported by the worker processes as they go.

Real multi-process builds of the example corpus: a local process pool (two
workers) and a local Dask cluster (two workers), each with batches of several
documents, so a document's announcement can be seen to come before its batch
is back in the build process (before its extraction is in the cache).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from threadline import Workspace
from threadline.progress import BuildProgress, ProgressDisplay

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BATCH = 4


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(EXAMPLES.iterdir()):
        if path.is_file():
            shutil.copy2(path, folder / path.name)
    return folder


def _workspace(path: Path) -> Workspace:
    path.mkdir(parents=True, exist_ok=True)
    (path / "threadline.toml").write_text(f"[nlp]\nbatch_size = {BATCH}\n", "utf-8")
    return Workspace.open(path)


class _Recorder:
    """A progress callback noting each event and which documents were cached at that moment."""

    def __init__(self, ws: Workspace) -> None:
        self.cache = ws.path / "cache"
        self.events: list[BuildProgress] = []
        self.cached_then: list[set[str]] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, event: BuildProgress) -> None:
        cached = {p.stem for p in self.cache.rglob("*.json")} if self.cache.is_dir() else set()
        with self.lock:
            self.events.append(event)
            self.cached_then.append(cached)
            self.threads.add(threading.current_thread().name)

    def stage(self, name: str) -> list[tuple[BuildProgress, set[str]]]:
        return [
            (e, c) for e, c in zip(self.events, self.cached_then, strict=True) if e.stage == name
        ]


def _check_per_document(recorder: _Recorder, ws: Workspace, report) -> None:
    assert report.ok, report.failures
    cached = {p.stem for p in (ws.path / "cache").rglob("*.json")}
    extracting = recorder.stage("extracting")
    total = report.documents_new
    assert total == len(cached) > 2 * BATCH
    # A start event, then exactly one event per document: counts 1..N, every id once.
    assert extracting[0][0] == BuildProgress("extracting", 0, total, "")
    events = [e for e, _ in extracting[1:]]
    assert [e.done for e in events] == list(range(1, total + 1))
    assert all(e.total == total for e in events)
    assert sorted(e.item for e in events) == sorted(cached)
    # Announced by the workers as each document is done, not when the batch comes
    # back: most documents are reported before their extraction reaches the cache.
    early = [e for e, then in extracting[1:] if e.item not in then]
    batches = -(-total // BATCH)
    assert len(early) >= total - batches, (len(early), total)
    reading = recorder.stage("reading")
    assert [e.done for e, _ in reading] == list(range(0, report.files + 1))


def test_a_process_pool_build_reports_each_document_before_its_batch_returns(
    corpus: Path, tmp_path: Path
) -> None:
    ws = _workspace(tmp_path / "ws")
    recorder = _Recorder(ws)
    report = ws.build([corpus], workers=2, progress=recorder)
    _check_per_document(recorder, ws, report)
    assert "threadline-progress" in recorder.threads  # the pool's relay thread


@pytest.mark.slow
def test_a_dask_build_reports_each_document_before_its_batch_returns(
    corpus: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    ws = _workspace(tmp_path / "ws")
    recorder = _Recorder(ws)
    report = ws.build([corpus], workers=2, executor="dask", progress=recorder)
    _check_per_document(recorder, ws, report)


@pytest.mark.slow
def test_the_command_line_renders_per_document_progress_into_a_pipe(
    corpus: Path, tmp_path: Path
) -> None:
    ws = _workspace(tmp_path / "ws")
    done = subprocess.run(
        [sys.executable, "-m", "threadline", "build", str(corpus), "-w", str(ws.path), "-j", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    total = len({p.stem for p in (ws.path / "cache").rglob("*.json")})
    assert f"threadline: extracting: 0/{total}" in lines
    assert any(
        re.fullmatch(rf"threadline: extracting: {total}/{total} \(\d+ s\)", x) for x in lines
    )


def test_the_plain_display_speaks_while_a_stage_is_busy(capsys, monkeypatch) -> None:
    monkeypatch.setattr(ProgressDisplay, "LINE_INTERVAL", 0.2)
    import time

    with ProgressDisplay(plain=True) as display:
        display(BuildProgress("extracting", 0, 3))
        display(BuildProgress("extracting", 1, 3, "a"))
        time.sleep(1.5)  # one document of three done: the display repeats where it is
        display(BuildProgress("extracting", 2, 3, "b"))
        display(BuildProgress("extracting", 3, 3, "c"))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "threadline: extracting: 0/3"
    assert any(re.fullmatch(r"threadline: extracting: 1/3 \(\d+ s\)", line) for line in lines)
    assert re.fullmatch(r"threadline: extracting: 3/3 \(\d s\)", lines[-1])


def test_a_document_announced_twice_is_counted_once() -> None:
    """A worker's announcement, a retry on another worker and the cache write name one document."""
    from threadline.workspace.core import _Stages

    events: list[BuildProgress] = []
    stages = _Stages(events.append)
    stages.start("extracting", 2)
    for doc_id in ("a", "a", "b", "a", "b"):
        stages.advance("extracting", doc_id)
    assert events == [
        BuildProgress("extracting", 0, 2),
        BuildProgress("extracting", 1, 2, "a"),
        BuildProgress("extracting", 2, 2, "b"),
    ]
