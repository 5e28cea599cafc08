"""The build, cypher, stats and check commands as users run them, including crashes and races."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline import Workspace
from threadline.cli import app
from threadline.workspace.lock import is_locked

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SMALL = ["01-northbridge-profile.txt", "07-coastal-alliance.txt", "12-varga-profile.txt"]


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _threadline(*args: str) -> list[str]:
    return [sys.executable, "-m", "threadline", *args]


def _graph_signature(ws: Workspace) -> tuple:
    graph = ws.graph()
    nodes = sorted((n, d["name"], d["mention_count"]) for n, d in graph.nodes(data=True))
    edges = sorted(
        (u, v, k, d["weight"], json.dumps(d["evidence"], sort_keys=True))
        for u, v, k, d in graph.edges(keys=True, data=True)
    )
    return nodes, edges


@pytest.fixture(scope="module")
def small_workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of three example files plus one unreadable file, built by the CLI."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in SMALL:
        shutil.copy2(EXAMPLES / name, corpus / name)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    return corpus, root / "ws"


def test_build_summarizes_and_exits_1_naming_each_failed_file(small_workspace) -> None:
    corpus, ws = small_workspace
    result = _run("build", str(corpus), "-w", str(ws), "--workers", "1", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["documents_new"] == len(SMALL)
    assert report["entities_by_type"] and report["relations_by_type"]
    assert "MENTIONED_WITH" not in report["relations_by_type"]
    assert set(report["seconds"]) >= {"read", "extract", "resolve", "graph", "store"}
    (failure,) = report["failures"]
    assert failure["path"].endswith("broken.pdf")
    failed_lines = [line for line in result.stderr.splitlines() if "failed:" in line]
    assert len(failed_lines) == 1 and "broken.pdf" in failed_lines[0]


def test_a_second_run_reports_everything_unchanged(small_workspace) -> None:
    corpus, ws = small_workspace
    result = _run("build", str(corpus / SMALL[0]), str(corpus / SMALL[1]), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "0 new" in result.stdout
    assert "graph and store unchanged" in result.stdout


def test_cypher_command_takes_parameters_and_formats(small_workspace) -> None:
    _, ws = small_workspace
    graph = Workspace.open(ws).graph()
    name = next(d["name"] for _, d in graph.nodes(data=True) if d["type"] == "Organization")
    query = "MATCH (o:Organization) WHERE o.name = $name RETURN o.name AS name, o.doc_count AS d"
    result = _run("cypher", query, "--param", f"name={name}", "-w", str(ws), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["name"] == name

    result = _run(
        "cypher",
        "MATCH (n:Person) RETURN n.name AS name ORDER BY name LIMIT $k",
        "--param",
        "k:int=2",
        "-w",
        str(ws),
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "name" and len(lines) == 3


def test_cypher_treats_a_hostile_name_as_text(small_workspace) -> None:
    _, ws = small_workspace
    hostile = "Acme\" }) MATCH (n) DETACH DELETE n //`)-[:X]->('"
    result = _run(
        "cypher",
        "MATCH (n:Organization) WHERE n.name = $name RETURN n.id",
        "--param",
        f"name={hostile}",
        "-w",
        str(ws),
        "--format",
        "json",
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert Workspace.open(ws).cypher("MATCH (n:Organization) RETURN count(n) AS n")[0]["n"] > 0


def test_a_bad_query_is_one_error_line_not_a_traceback(small_workspace) -> None:
    _, ws = small_workspace
    result = _run("cypher", "MATCH (n:Nowhere RETURN n", "-w", str(ws))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.startswith("threadline: error: Parser exception")


def test_stats_and_check_describe_the_workspace(small_workspace) -> None:
    _, ws = small_workspace
    result = _run("stats", "-w", str(ws), "--format", "json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["documents"] == len(SMALL)
    assert stats["entities"] == sum(stats["entities_by_type"].values())
    assert stats["top_entities"]
    result = _run("check", "-w", str(ws), "--format", "json")
    assert result.exit_code == 0, result.output
    assert {f["check"] for f in json.loads(result.stdout)} >= {"cache", "graph", "store"}


def test_read_commands_on_a_missing_workspace_say_what_to_do(tmp_path: Path) -> None:
    result = _run("stats", "-w", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert "run 'threadline build" in result.stderr


@pytest.mark.slow
def test_concurrent_build_is_refused_while_reads_keep_working(tmp_path: Path) -> None:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    ws = tmp_path / "ws"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy2(EXAMPLES / SMALL[0], first / SMALL[0])
    Workspace.open(ws).build([first], workers=1, progress=False)

    running = subprocess.Popen(
        _threadline("-q", "build", str(EXAMPLES), "-w", str(ws), "--workers", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not is_locked(ws):
            assert running.poll() is None, running.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        started = time.monotonic()
        second = subprocess.run(
            _threadline("build", str(first), "-w", str(ws)), capture_output=True, text=True
        )
        assert second.returncode == 1
        assert "being built by another process" in second.stderr
        assert time.monotonic() - started < 15  # refused at once, not after waiting
        reads = subprocess.run(
            _threadline("cypher", "MATCH (d:Document) RETURN count(d) AS n", "-w", str(ws)),
            capture_output=True,
            text=True,
        )
        assert reads.returncode == 0, reads.stderr
    finally:
        running.wait(timeout=300)
    assert running.returncode == 0


def _wait_for(condition, process: subprocess.Popen, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.005)
    return False


@pytest.mark.slow
def test_a_build_killed_at_any_point_is_completed_by_the_next(tmp_path: Path) -> None:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    reference = Workspace.open(tmp_path / "reference")
    assert reference.build([EXAMPLES], workers=1, progress=False).ok
    expected = _graph_signature(reference)

    ws = tmp_path / "ws"

    def cached() -> int:
        # os.walk skips folders that vanish under it (the build may be writing), rglob raises.
        return sum(n.endswith(".json") for _, _, names in os.walk(ws / "cache") for n in names)

    kill_points = [
        lambda: cached() >= 1,  # during extraction
        lambda: cached() >= 8,  # later in extraction
        lambda: (ws / "manifest.json").exists(),  # resolving, graph or store
        lambda: any((ws / "store").glob("store-*")),  # while loading the store
    ]
    for point in kill_points:
        process = subprocess.Popen(
            _threadline("-q", "build", str(EXAMPLES), "-w", str(ws), "--workers", "1"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(point, process)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()

    resumed = Workspace.open(ws)
    report = resumed.build([EXAMPLES], workers=1, progress=False)
    assert report.ok
    assert _graph_signature(resumed) == expected
    assert all(f["ok"] for f in resumed.check()), resumed.check()
    assert not list(ws.rglob(".*.tmp"))
    counts = resumed.cypher("MATCH (d:Document) RETURN count(d) AS n")
    assert counts == [{"n": len(expected_documents(reference))}]


def expected_documents(ws: Workspace) -> list[str]:
    return sorted(ws.graph().graph["documents"])
