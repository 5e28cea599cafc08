"""``threadline check`` finds each kind of damage, names its repair, and ``--repair`` fixes it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline import Workspace
from threadline.cli import app
from threadline.graph.build import graph_from_json, graph_to_json
from threadline.workspace.lock import build_lock

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FILES = ["01-northbridge-profile.txt", "07-coastal-alliance.txt", "12-varga-profile.txt"]


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A workspace built from three example files: (corpus, workspace)."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    root = tmp_path_factory.mktemp("check")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in FILES:
        shutil.copy2(EXAMPLES / name, corpus / name)
    report = Workspace.open(root / "ws").build([corpus], workers=1, progress=False)
    assert report.ok
    return corpus, root / "ws"


@pytest.fixture
def copy(sound, tmp_path: Path) -> tuple[Path, Workspace]:
    corpus, ws = sound
    shutil.copytree(ws, tmp_path / "ws")
    return corpus, Workspace.open(tmp_path / "ws")


def _check(ws: Workspace) -> dict[str, dict]:
    return {f["check"]: f for f in ws.check()}


def _cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_a_sound_workspace_passes_every_check_even_during_a_build(sound) -> None:
    _, ws = sound
    findings = _check(Workspace.open(ws))
    assert set(findings) >= {
        "manifest", "cache", "pipeline", "graph", "graph matches cache", "store", "judgements"
    }  # fmt: skip
    assert all(f["ok"] and not f["repair"] for f in findings.values()), findings
    with build_lock(ws):
        during = _check(Workspace.open(ws))
    assert during["lock"]["ok"] and "build is running" in during["lock"]["detail"]
    assert all(f["ok"] for f in during.values())


def test_a_damaged_cache_entry_is_named_and_repaired_without_a_full_rebuild(copy) -> None:
    corpus, ws = copy
    entry = next((ws.path / "cache").rglob("*.json"))
    doc_id = entry.stem
    entry.write_text("{ damaged", "utf-8")
    finding = _check(ws)["cache"]
    assert not finding["ok"] and doc_id in finding["detail"]
    assert "threadline check --repair" in finding["repair"]

    result = _cli("check", "--repair", "-w", str(ws.path))
    assert "deleted the damaged cache entry" in result.stderr
    assert not entry.exists()
    report = ws.build([corpus], workers=1, progress=False)
    assert report.documents_new == 1  # only the damaged one is extracted again
    assert all(f["ok"] for f in ws.check()), ws.check()
    assert doc_id in ws.graph().graph["documents"]


def test_a_graph_that_no_longer_matches_the_cache_is_found_by_recomputing_it(copy) -> None:
    _, ws = copy
    graph = ws.graph()
    victim = max(graph.nodes, key=graph.degree)
    graph.remove_node(victim)
    (ws.path / "graph.json").write_text(graph_to_json(graph), "utf-8")  # state file untouched
    findings = _check(ws)
    assert findings["graph"]["ok"]  # the digest alone cannot see it
    assert not findings["graph matches cache"]["ok"]
    assert victim in findings["graph matches cache"]["detail"]
    assert not findings["store"]["ok"]  # the store still has it

    result = _cli("check", "--repair", "-w", str(ws.path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert all(f["ok"] for f in json.loads(result.stdout))
    assert victim in graph_from_json((ws.path / "graph.json").read_bytes())


def test_a_missing_or_unreadable_store_is_reported_not_a_crash(copy) -> None:
    _, ws = copy
    pointer = json.loads((ws.path / "store" / "CURRENT").read_text())
    database = ws.path / "store" / pointer["name"] / "graph.lbdb"
    database.write_bytes(b"\0garbage" * 4096)
    finding = _check(ws)["store"]
    assert not finding["ok"] and "threadline check --repair" in finding["repair"]
    shutil.rmtree(ws.path / "store")
    assert _check(ws)["store"] == {
        "check": "store",
        "ok": False,
        "detail": "no store",
        "repair": f"threadline check --repair -w {ws.path}",
    }
    ws.repair()
    assert all(f["ok"] for f in ws.check())


def test_judgements_that_no_longer_apply_say_which_file_to_edit(copy) -> None:
    _, ws = copy
    (ws.path / "judgements.yaml").write_text(
        "judgements:\n- action: merge\n  name: Nobody Anywhere\n  with: Nothing Atall\n", "utf-8"
    )
    finding = _check(ws)["judgements"]
    assert not finding["ok"]
    assert "Nobody Anywhere" in finding["detail"]
    assert str(ws.path / "judgements.yaml") in finding["repair"]
    (ws.path / "judgements.yaml").write_text("judgements: [unclosed\n", "utf-8")
    finding = _check(ws)["judgements"]
    assert not finding["ok"] and "invalid YAML" in finding["detail"]


def test_a_damaged_manifest_needs_a_rebuild_and_the_cli_exits_1(copy) -> None:
    _, ws = copy
    (ws.path / "manifest.json").write_text("[not a manifest", "utf-8")
    result = _cli("check", "-w", str(ws.path), "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert finding["check"] == "manifest" and not finding["ok"]
    assert finding["repair"].startswith("threadline build --rebuild")
    assert "Traceback" not in result.output
