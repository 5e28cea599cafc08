"""Every command tells the truth: no silent empty result, errors that say what is missing.

Each test runs the real command (typer's CliRunner, or a subprocess where the
terminal matters) on a real workspace built from examples/ and reads the
result back through the library.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from threadline.cli import app
from threadline.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
THREADLINE = [sys.executable, "-m", "threadline"]
DOC_HASH = re.compile(r"\b[0-9a-f]{16}\b")

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def workspace_copy(example_workspace, tmp_path: Path) -> Path:
    """A copy of the example workspace that a test may curate or rebuild."""
    target = tmp_path / "case"
    shutil.copytree(example_workspace.path, target)
    return target


# -- global options ----------------------------------------------------------------


def test_global_options_work_after_the_command(workspace_copy: Path, tmp_path: Path) -> None:
    ws = str(workspace_copy)
    quiet = run("build", EXAMPLES, "-w", ws, "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == ""  # -q: errors only, not even the summary
    loud = run("-q", "build", EXAMPLES, "-w", ws)
    assert loud.exit_code == 0 and loud.stdout == ""

    config = tmp_path / "other.toml"
    config.write_text('[neo4j]\nuser = "analyst"\n', "utf-8")
    after = run("config", "-w", ws, "--config", config)
    assert after.exit_code == 0, after.output
    assert re.search(r"user = ['\"]analyst['\"]", after.stdout)


# -- missing and unknown inputs ------------------------------------------------------


def test_a_missing_cypher_parameter_is_an_error_naming_it(example_workspace) -> None:
    result = run(
        "cypher", "MATCH (o:Organization) WHERE o.name = $name RETURN o.name",
        "-w", example_workspace.path,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "$name" in result.stderr and "--param name=" in result.stderr
    assert result.stdout == ""


def test_a_parameter_inside_quotes_is_text_not_a_parameter(example_workspace) -> None:
    result = run(
        "cypher", "MATCH (p:Person) WHERE p.name <> '$nobody' RETURN count(p) AS n",
        "-w", example_workspace.path, "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["n"] > 0


def test_an_unknown_query_suggests_the_closest(example_workspace) -> None:
    result = run("query", "profil", "-w", example_workspace.path)
    assert result.exit_code == 2
    assert "did you mean 'profile'" in one_line(result.stderr)


def test_a_misspelt_query_parameter_suggests_the_closest(example_workspace) -> None:
    result = run("query", "path", "-p", "sourc=Jonas Weber", "-p", "target=NIAM",
                 "-w", example_workspace.path)  # fmt: skip
    assert result.exit_code == 2
    assert "unknown parameter 'sourc' (did you mean 'source'?)" in one_line(result.stderr)


def test_a_missing_input_path_builds_nothing(tmp_path: Path) -> None:
    workspace = tmp_path / "case"
    result = run("build", tmp_path / "no-such-folder", "-w", workspace)
    assert result.exit_code == 1
    assert "no-such-folder" in result.stderr and "no such file or folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not workspace.exists()


def test_a_misspelt_entity_gets_suggestions_everywhere(example_workspace, tmp_path) -> None:
    ws = str(example_workspace.path)
    show = run("entities", "show", "Elena Vargas", "-w", ws)
    assert show.exit_code == 2
    assert "did you mean 'Elena Varga'" in one_line(show.stderr)
    query = run("query", "profile", "-p", "entity=Northbrige Institute", "-w", ws)
    assert query.exit_code == 2
    assert "did you mean 'Northbridge Institute'" in one_line(query.stderr)
    viz = run("viz", "-w", ws, "--entity", "Samuel Okafr", "-o", tmp_path / "v.html")
    assert viz.exit_code == 2 and "did you mean 'Samuel Okafor'" in one_line(viz.stderr)
    assert not (tmp_path / "v.html").exists()


def test_a_misspelt_merge_argument_gets_suggestions(workspace_copy: Path) -> None:
    result = run("entities", "merge", "Harbor Robotics", "Lumen Materals", "-w", workspace_copy)
    assert result.exit_code == 2
    assert "did you mean 'Lumen Materials'" in one_line(result.stderr)
    assert not (workspace_copy / "judgements.yaml").exists()


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("MATCH (a)-[r]->(b) RETURN type(r) LIMIT 1", "label(r), not type(r)"),
        (
            "MATCH p = shortestPath((a:Person)-[*]-(b:Person)) RETURN p LIMIT 1",
            "* SHORTEST",
        ),
    ],
)
def test_neo4j_spellings_get_a_dialect_hint(example_workspace, query: str, hint: str) -> None:
    result = run("cypher", query, "-w", example_workspace.path)
    assert result.exit_code == 1
    assert hint in one_line(result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_readme_alias_example_returns_the_institute(example_workspace) -> None:
    result = run(
        "cypher",
        "MATCH (o:Organization) WHERE o.name = $name OR list_contains(o.aliases, $name) "
        "RETURN o.name AS name, o.pagerank AS pagerank",
        "--param", "name=NIAM", "-w", example_workspace.path, "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == ["Northbridge Institute for Applied Materials"]
    assert rows[0]["pagerank"] > 0


def test_extract_without_input_says_what_to_give() -> None:
    result = run("extract")
    assert result.exit_code == 2
    assert "PATHS, --text TEXT or --jsonl-input FILE" in result.stderr


def test_an_unknown_entity_type_is_an_error_not_an_empty_list(example_workspace) -> None:
    result = run("entities", "list", "--type", "Persn", "-w", example_workspace.path)
    assert result.exit_code == 2
    assert "did you mean 'Person'" in one_line(result.stderr)
    folded = run("entities", "list", "--type", "person", "-w", example_workspace.path)
    assert folded.exit_code == 0 and "Elena Varga" in folded.stdout


# -- empty filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--types", "Event"], "nothing of that type in this workspace"),
        (["--types", "Persn"], "did you mean 'Person'"),
        (["--relations", "WORKSFOR"], "did you mean 'WORKS_FOR'"),
        (["--types", "Award", "--relations", "WORKS_FOR"], "no entity left to show"),
        (["--min-weight", "50"], "--min-weight 50 matches nothing"),
        (["--relations", "MENTIONED_WITH"], "add --comentions to draw them"),
    ],
)
def test_a_view_filter_matching_nothing_is_an_error(
    example_workspace, tmp_path: Path, args: list[str], message: str
) -> None:
    output = tmp_path / "view.html"
    result = run("viz", "-w", example_workspace.path, "-o", output, *args)
    assert result.exit_code == 2
    assert message in one_line(result.stderr)
    assert not output.exists()


def test_an_export_filter_matching_nothing_is_an_error(example_workspace, tmp_path) -> None:
    output = tmp_path / "cut.graphml"
    result = run(
        "export", "graphml", "-o", output, "--min-weight", "50", "-w", example_workspace.path
    )
    assert result.exit_code == 2
    assert "matches nothing" in result.stderr
    assert not output.exists()


def test_views_and_exports_say_whether_they_hold_comentions(example_workspace, tmp_path) -> None:
    ws = str(example_workspace.path)
    export = run("export", "json", "-o", tmp_path / "g.json", "-w", ws)
    assert "MENTIONED_WITH co-mentions included" in one_line(export.stderr)
    edges = json.loads((tmp_path / "g.json").read_text("utf-8"))
    edges = edges.get("edges") or edges.get("links")
    assert any(e["type"] == "MENTIONED_WITH" for e in edges)
    left_out = run("export", "json", "-o", tmp_path / "t.json", "--no-comentions", "-w", ws)
    assert "co-mentions left out" in one_line(left_out.stderr)
    view = run("viz", "-o", tmp_path / "v.html", "-w", ws)
    assert "co-mentions not drawn" in one_line(view.stderr)


# -- extract -------------------------------------------------------------------------


def test_extract_of_run_together_names_does_not_fail() -> None:
    text = "Maria OkonkwoMaria Okonkwo works for Maria Okonkwo"
    result = run("extract", "--text", text)
    assert result.exit_code == 0, result.output
    extraction = json.loads(result.stdout)
    for entity in extraction["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    table = run("extract", "--text", text, "--format", "table")
    assert table.exit_code == 0, table.output
    assert "Maria Okonkwo" in table.stdout


def test_extract_table_shows_relations_with_their_sentence() -> None:
    text = "Elena Varga, director of the Northbridge Institute, lives in Rotterdam."
    result = run("extract", "--text", text, "--format", "table")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "entities" in out and "relations" in out
    assert "WORKS_FOR (role=director)" in out
    assert "LIVES_IN" in out and "lives" in out


# -- build --dry-run -----------------------------------------------------------------


def test_dry_run_lists_each_file_and_what_would_happen(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("01-northbridge-profile.txt", "04-ministry-structure.txt"):
        shutil.copy(EXAMPLES / name, corpus / name)
    (corpus / "notes.xyz").write_text("not a document type threadline reads", "utf-8")
    workspace = tmp_path / "case"

    fresh = run("build", corpus, "-w", workspace, "--dry-run")
    assert fresh.exit_code == 0, fresh.output
    assert re.search(r"^new +\S+01-northbridge-profile\.txt", fresh.stdout, re.M)
    assert re.search(r"^skipped +\S+notes\.xyz .*include", fresh.stdout, re.M)
    assert not workspace.exists()  # a dry run writes nothing

    assert run("build", corpus, "-w", workspace, "-q").exit_code == 0
    with (corpus / "01-northbridge-profile.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nThe laboratory opens to visitors in June.\n")
    (corpus / "empty.txt").write_text("", "utf-8")
    shutil.copy(EXAMPLES / "07-coastal-alliance.txt", corpus / "07-coastal-alliance.txt")
    before = (workspace / "manifest.json").read_bytes()

    result = run("build", corpus, "-w", workspace, "--dry-run", "-f", "json")
    plan = {Path(p["path"]).name: p for p in json.loads(result.stdout)["plan"]}
    assert plan["01-northbridge-profile.txt"]["action"] == "changed"
    assert "modified" in plan["01-northbridge-profile.txt"]["reason"]
    assert plan["04-ministry-structure.txt"]["action"] == "unchanged"
    assert plan["07-coastal-alliance.txt"]["action"] == "new"
    assert plan["notes.xyz"]["action"] == "skipped"
    assert plan["empty.txt"]["action"] == "failed" and plan["empty.txt"]["reason"]
    assert (workspace / "manifest.json").read_bytes() == before


# -- curation ------------------------------------------------------------------------


def _stats(workspace: Path) -> dict:
    return json.loads(run("stats", "-w", workspace, "-f", "json").stdout)


def test_a_merge_across_types_asks_for_force_and_split_restores_it(workspace_copy) -> None:
    ws = workspace_copy
    before = _stats(ws)
    refused = run("entities", "merge", "Rotterdam Port Authority", "Rotterdam", "-w", ws)
    assert refused.exit_code == 2
    message = one_line(refused.stderr)
    assert "different types (Organization and Location)" in message
    assert "-LOCATED_IN-> Rotterdam" in message and "--force" in message
    assert not (ws / "judgements.yaml").exists()

    forced = run("entities", "merge", "Rotterdam Port Authority", "Rotterdam", "-w", ws, "--force")
    assert forced.exit_code == 0, forced.output
    assert "forced: drops" in forced.stdout
    merged = _stats(ws)
    assert merged["relations_by_type"]["LOCATED_IN"] < before["relations_by_type"]["LOCATED_IN"]

    split = run("entities", "split", "Rotterdam Port Authority", "Rotterdam", "-w", ws)
    assert split.exit_code == 0, split.output
    assert "Rotterdam (Location" in split.stdout
    after = _stats(ws)
    assert after["relations_by_type"] == before["relations_by_type"]
    assert after["entities_by_type"] == before["entities_by_type"]
    graph = Workspace.open(ws).graph()
    rotterdam = [d for _, d in graph.nodes(data=True) if d["name"] == "Rotterdam"]
    assert [d["type"] for d in rotterdam] == ["Location"]


def test_undo_takes_back_the_last_judgements(workspace_copy: Path) -> None:
    ws = workspace_copy
    before = _stats(ws)
    assert run("entities", "merge", "Harbor Robotics", "Lumen Materials", "-w", ws).exit_code == 0
    assert run("entities", "reject", "Grant Transparency", "-w", ws).exit_code == 0
    assert _stats(ws)["entities"] == before["entities"] - 2

    one = run("entities", "undo", "-w", ws)
    assert one.exit_code == 0, one.output
    assert "undone: reject 'Grant Transparency'" in one.stdout
    assert _stats(ws)["entities"] == before["entities"] - 1
    saved = yaml.safe_load((ws / "judgements.yaml").read_text("utf-8"))["judgements"]
    assert [j["action"] for j in saved] == ["merge"]

    assert run("entities", "undo", "-w", ws, "--count", "1").exit_code == 0
    assert _stats(ws) == before
    nothing = run("entities", "undo", "-w", ws)
    assert nothing.exit_code == 2 and "no judgement to undo" in nothing.stderr


# -- readable tables -----------------------------------------------------------------


def test_nested_results_read_as_indented_lines_without_ids(example_workspace) -> None:
    args = ["query", "path", "-p", "source=Jonas Weber", "-p", "target=Priya Raman"]
    result = run(*args, "-w", example_workspace.path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "   route:\n" in out
    assert re.search(r"^ +Jonas Weber -\[WORKS_FOR\]-> ", out, re.M)
    assert "person-" not in out and not DOC_HASH.search(out)
    assert '["' not in out  # no JSON lists in cells
    with_ids = run(*args, "-w", example_workspace.path, "--ids")
    assert "person-" in with_ids.stdout


def test_documents_are_named_by_title_not_by_hash(example_workspace) -> None:
    result = run(
        "query",
        "cooccur",
        "-p",
        "first=Elena Varga",
        "-p",
        "second=NIAM",
        "-w",
        example_workspace.path,
    )
    assert result.exit_code == 0, result.output
    assert "Profile: Elena Varga" in result.stdout
    assert not DOC_HASH.search(result.stdout)


def test_entity_ids_only_with_ids(example_workspace) -> None:
    plain = run("entities", "list", "--limit", "3", "-w", example_workspace.path)
    assert "organization-" not in plain.stdout and "Coastal Energy Alliance" in plain.stdout
    with_ids = run("entities", "list", "--limit", "3", "--ids", "-w", example_workspace.path)
    assert "organization-" in with_ids.stdout


# -- progress, start-up, unexpected errors -------------------------------------------


@pytest.mark.slow
def test_a_build_into_a_pipe_prints_progress_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("01-northbridge-profile.txt", "04-ministry-structure.txt"):
        shutil.copy(EXAMPLES / name, corpus / name)
    done = subprocess.run(
        [*THREADLINE, "build", str(corpus), "-w", str(tmp_path / "case"), "-j", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "threadline: reading: 0/2" in lines
    assert "threadline: extracting: 0/2" in lines
    assert any(re.fullmatch(r"threadline: extracting: 2/2 \(\d+ s\)", line) for line in lines)


def test_plain_progress_speaks_while_a_stage_is_busy(capsys, monkeypatch) -> None:
    from threadline.progress import BuildProgress, ProgressDisplay

    monkeypatch.setattr(ProgressDisplay, "LINE_INTERVAL", 0.2)
    with ProgressDisplay(plain=True) as progress:
        progress(BuildProgress("extracting", 0, 2))
        time.sleep(1.5)  # the first document is still being parsed: none done yet
        progress(BuildProgress("extracting", 1, 2, "a"))
        progress(BuildProgress("extracting", 2, 2, "b"))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "threadline: extracting: 0/2"
    assert any(re.fullmatch(r"threadline: extracting: 0/2 \(\d+ s\)", line) for line in lines)
    assert re.fullmatch(r"threadline: extracting: 2/2 \(\d s\)", lines[-1])


# What a light command must not import: each of these costs more than the command line's own
# libraries together (spaCy alone about seven times as much). The start-up CPU time itself is
# measured by the benchmark (benchmarks/run.py, section "warm"), not here, where a busy or slow
# machine would make a timed bound fail at random.
HEAVY_MODULES = {
    "spacy", "pandas", "matplotlib", "ladybug", "pyarrow", "trafilatura",
    "networkx", "numpy", "scipy", "neo4j", "lxml", "jinja2",
}  # fmt: skip


@pytest.mark.parametrize("command", [["--help"], ["query", "list"], ["stats"]])
def test_light_commands_start_without_heavy_imports(example_workspace, command) -> None:
    args = [*command, "-w", str(example_workspace.path)] if command == ["stats"] else command
    probe = (
        "import sys\n"
        "from threadline.cli import main\n"
        f"sys.argv = ['threadline', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(set({sorted(HEAVY_MODULES)!r}) & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout, done.stdout


def test_an_unexpected_failure_is_one_line_with_a_hint(workspace_copy: Path) -> None:
    # A hand-edited graph.json with text where a count belongs: not a case the
    # library anticipates, so it surfaces as an unexpected error.
    path = workspace_copy / "graph.json"
    data = json.loads(path.read_text("utf-8"))
    data["nodes"][0]["mention_count"] = "many"
    path.write_text(json.dumps(data), "utf-8")
    result = run("stats", "-w", workspace_copy)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "unexpected ValueError" in result.stderr and "rerun with -v" in result.stderr
    verbose = run("stats", "-w", workspace_copy, "-v")
    assert isinstance(verbose.exception, ValueError)  # -v: the traceback is not hidden
