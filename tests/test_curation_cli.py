"""``threadline entities``: curation through the real CLI on a real workspace.

One small workspace is built once per module (real spaCy, real store); each test
works on a copy of it, runs the command with typer's CliRunner and reads the
result back through the library.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from threadline.cli import app
from threadline.workspace import Workspace

DOCUMENTS = {
    "harbor.txt": (
        "Harbor Light Trading Company signed a supply agreement with Meridian Shipping Group "
        "in Lisbon on Monday. Jonathan Vale, president of Harbor Light Trading Company, said "
        "the deal would double exports. Meridian Shipping Group is based in Rotterdam."
    ),
    "vale.txt": (
        "Jonathan Vale visited Porto last week. Vale Jonathan was described by colleagues as "
        "careful. Harbor Light Trading Co opened an office in Porto, according to Teresa Okafor, "
        "a spokesperson for Meridian Shipping Group."
    ),
}
LATE_DOCUMENT = (
    "Teresa Okafor left Meridian Shipping Group in May. Jonathan Vale thanked her in a letter "
    "published in Lisbon."
)

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (result.stdout, result.stderr if result.stderr_bytes else "")
    return result.stdout


def entities_json(workspace: Path, *extra: str) -> list[dict]:
    return json.loads(invoke("entities", "list", "-w", str(workspace), "--format", "json", *extra))


def by_name(workspace: Path, name: str) -> dict | None:
    return next((e for e in entities_json(workspace) if e["name"] == name), None)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("curation")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, "utf-8")
    workspace = root / "ws"
    Workspace.open(workspace).build([corpus], progress=False)
    return corpus, workspace


@pytest.fixture
def ws(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    corpus, workspace = built
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(workspace, tmp_path / "ws")
    return tmp_path / "corpus", tmp_path / "ws"


def _two_organizations(workspace: Path) -> tuple[dict, dict]:
    orgs = entities_json(workspace, "--type", "Organization")
    assert len(orgs) >= 2, orgs
    return orgs[0], orgs[1]


def test_list_filters_by_type_and_prints_a_table(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    persons = entities_json(workspace, "--type", "Person")
    assert persons and all(e["type"] == "Person" for e in persons)
    assert any(e["name"] == "Jonathan Vale" for e in persons)
    table = invoke("entities", "list", "-w", str(workspace))
    assert "Jonathan" in table and "Person" in table


def test_reordered_name_is_one_person(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    vale = by_name(workspace, "Jonathan Vale")
    assert vale is not None and vale["documents"] == 2
    assert "Vale Jonathan" in vale["aliases"] or by_name(workspace, "Vale Jonathan") is None


def test_show_prints_profile_with_relations_and_evidence(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    out = invoke("entities", "show", "Jonathan Vale", "-w", str(workspace))
    assert "Jonathan Vale" in out and "Person" in out and "document" in out
    profile = json.loads(
        invoke("entities", "show", "Jonathan Vale", "-w", str(workspace), "-f", "json")
    )[0]
    assert profile["type"] == "Person" and len(profile["documents"]) == 2
    for relation in profile["relations"]:
        assert relation["sentence"]
    # Why the type: the summed votes (the type's the largest) and the deciding cues.
    votes = profile["type_votes"]
    assert votes["Person"] == max(votes.values()) and profile["type_cues"]
    assert f"type evidence: Person {votes['Person']:g}" in out


def test_unknown_name_is_a_one_line_error(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    result = runner.invoke(app, ["entities", "show", "Nobody At All", "-w", str(workspace)])
    assert result.exit_code == 2
    assert "no entity named 'Nobody At All'" in " ".join(result.stderr.split())


def test_merge_then_split_back(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    a, b = _two_organizations(workspace)
    before = len(entities_json(workspace))
    # The two firms partner with each other: one firm cannot partner with itself,
    # so the merge would lose that relation and asks to be forced.
    refused = runner.invoke(app, ["entities", "merge", a["name"], b["name"], "-w", str(workspace)])
    assert refused.exit_code == 2
    assert "drops 1 relation" in refused.stderr and "--force" in refused.stderr
    assert not (workspace / "judgements.yaml").exists()
    out = invoke(
        "entities", "merge", a["name"], b["name"], "-w", str(workspace), "--note", "same firm",
        "--force",
    )  # fmt: skip
    assert "recorded: merge" in out
    merged = by_name(workspace, a["name"])
    assert merged is not None and b["name"] in merged["aliases"]
    assert len(entities_json(workspace)) == before - 1
    # The graph the workspace serves changed at once.
    graph = Workspace.open(workspace).graph()
    assert graph.nodes[merged["id"]]["name"] == a["name"]
    assert all(d["name"] != b["name"] for _, d in graph.nodes(data=True))

    invoke("entities", "split", a["name"], b["name"], "-w", str(workspace))
    assert by_name(workspace, b["name"]) is not None
    assert len(entities_json(workspace)) == before
    saved = yaml.safe_load((workspace / "judgements.yaml").read_text("utf-8"))["judgements"]
    assert [j["action"] for j in saved] == ["merge", "split"]
    assert saved[0]["note"] == "same firm" and saved[0]["type"] == "Organization"


def test_rename_retype_reject_show_at_once(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    invoke("entities", "rename", "Jonathan Vale", "Jon Vale", "-w", str(workspace))
    renamed = by_name(workspace, "Jon Vale")
    assert renamed is not None and "Jonathan Vale" in renamed["aliases"]

    org, _ = _two_organizations(workspace)
    # A firm retyped as a facility can no longer employ anyone: forced on purpose.
    invoke("entities", "retype", org["name"], "Facility", "-w", str(workspace), "--force")
    assert by_name(workspace, org["name"])["type"] == "Facility"

    invoke("entities", "reject", "Jon Vale", "-w", str(workspace))
    assert by_name(workspace, "Jon Vale") is None
    graph = Workspace.open(workspace).graph()
    assert all(d["name"] != "Jon Vale" for _, d in graph.nodes(data=True))

    rows = json.loads(invoke("entities", "judgements", "-w", str(workspace), "-f", "json"))
    assert [r["action"] for r in rows] == ["rename", "retype", "reject"]
    assert all(r["status"] == "applied" for r in rows)


def test_show_and_merge_find_a_dotted_acronym_alike(ws: tuple[Path, Path]) -> None:
    """ "M.S.G." names the entity called "MSG" for every command, reading or curating."""
    _, workspace = ws
    invoke("entities", "rename", "Meridian Shipping Group", "MSG", "-w", str(workspace))
    shown = json.loads(invoke("entities", "show", "M.S.G.", "-w", str(workspace), "-f", "json"))
    assert shown[0]["name"] == "MSG" and shown[0]["type"] == "Organization"
    other = next(
        e for e in entities_json(workspace, "--type", "Organization") if e["name"] != "MSG"
    )
    out = invoke("entities", "merge", "M.S.G.", other["name"], "-w", str(workspace), "--force")
    assert "-> MSG (Organization" in out
    assert other["name"] in by_name(workspace, "MSG")["aliases"]
    shown = json.loads(invoke("entities", "show", "M.S.G", "-w", str(workspace), "-f", "json"))
    assert other["name"] in shown[0]["aliases"]


def test_a_refused_judgement_is_not_saved(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    result = runner.invoke(
        app, ["entities", "retype", "Jonathan Vale", "Spaceship", "-w", str(workspace)]
    )
    assert result.exit_code == 2
    assert "unknown entity type 'Spaceship'" in " ".join(result.stderr.split())
    assert not (workspace / "judgements.yaml").exists()


def test_candidates_list_pairs_with_scores_and_mentions(ws: tuple[Path, Path]) -> None:
    _, workspace = ws
    rows = json.loads(invoke("entities", "candidates", "-w", str(workspace), "-f", "json"))
    for row in rows:
        assert row["a"] != row["b"] and row["reason"]
        assert row["a_mentions"] and row["b_mentions"]
        assert {"doc_id", "text", "title"} <= set(row["a_mentions"][0])


def test_judgements_survive_a_rebuild_and_a_new_document(ws: tuple[Path, Path]) -> None:
    corpus, workspace = ws
    invoke("entities", "rename", "Jonathan Vale", "Jon Vale", "-w", str(workspace))
    invoke("entities", "reject", "Teresa Okafor", "-w", str(workspace))

    Workspace.open(workspace).build([corpus], rebuild=True, progress=False)
    assert by_name(workspace, "Jon Vale") is not None
    assert by_name(workspace, "Teresa Okafor") is None

    (corpus / "late.txt").write_text(LATE_DOCUMENT, "utf-8")
    Workspace.open(workspace).build([corpus], progress=False)
    vale = by_name(workspace, "Jon Vale")
    assert vale is not None and vale["documents"] == 3
    assert by_name(workspace, "Teresa Okafor") is None
    assert by_name(workspace, "Jonathan Vale") is None


def test_a_build_names_judgements_that_no_longer_apply(ws: tuple[Path, Path]) -> None:
    corpus, workspace = ws
    invoke("entities", "reject", "Teresa Okafor", "-w", str(workspace))
    (corpus / "vale.txt").unlink()
    (corpus / "late.txt").unlink(missing_ok=True)
    (corpus / "harbor.txt").write_text(DOCUMENTS["harbor.txt"], "utf-8")
    output = invoke("build", str(corpus), "-w", str(workspace), "--prune")
    assert "not applied: judgement 1 (reject" in output
    assert "Teresa Okafor" in output
