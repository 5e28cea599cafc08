"""``threadline query``: list the catalog, run a query by name, print or draw the result."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from threadline.cli import app

runner = CliRunner()


def _query(workspace, *args: str):
    return runner.invoke(app, ["query", *args, "-w", str(workspace.path)])


def test_query_list_shows_every_query_with_its_parameters(example_workspace) -> None:
    result = _query(example_workspace, "list")
    assert result.exit_code == 0, result.output
    for name in ("profile", "path", "ego", "hierarchy", "people", "weak"):
        assert name in result.output
    assert "--param max_hops (int 1..6; default 4): Longest chain to look for." in result.output
    listed = json.loads(_query(example_workspace, "list", "--format", "json").stdout)
    assert {q["name"] for q in listed} >= {"shared", "awards", "brokers", "top", "cooccur"}


def test_query_prints_json_with_evidence(example_workspace) -> None:
    result = _query(
        example_workspace, "people", "-p", "entity=northbridge institute for applied materials",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    varga = next(r for r in rows if r["name"] == "Elena Varga" and r["relation"] == "WORKS_FOR")
    assert varga["role"] == "director" and "Varga" in varga["example"]


def test_query_prints_csv_for_spreadsheets(example_workspace) -> None:
    result = _query(
        example_workspace, "path", "-p", "source=Jonas Weber", "-p", "target=Priya Raman",
        "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"hops", "route", "evidence"} <= set(rows[0])
    assert json.loads(rows[0]["route"])[0].startswith("Jonas Weber -[")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "no query named 'nope'"),
        (["top", "-p", "limit=lots"], "parameter limit: expected an integer"),
        (["profile"], "parameter 'entity' is required"),
        (["profile", "-p", "entity=No Such Person"], "no entity named 'No Such Person'"),
        (["profile", "-p", "who=x"], "unknown parameter 'who'"),
    ],
)
def test_query_mistakes_are_one_line_usage_errors(example_workspace, args, message) -> None:
    result = _query(example_workspace, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_query_viz_writes_an_html_view_of_the_result(example_workspace, tmp_path) -> None:
    page = tmp_path / "ego.html"
    result = _query(
        example_workspace, "ego", "-p", "entity=Coastal Energy Alliance", "-p", "hops=1",
        "--viz", str(page), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = page.read_text("utf-8")
    assert "Coastal Energy Alliance" in html
    for row in json.loads(result.stdout):
        assert row["name"] in html


@pytest.mark.neo4j
def test_query_runs_on_a_bolt_server_with_the_password_from_the_environment(
    example_workspace, bolt_graph, monkeypatch
) -> None:
    from threadline.graph.build import document_mentions
    from threadline.graph.neo4j import push

    mentions = document_mentions(example_workspace.extractions(), example_workspace.resolution())
    # batch_size=1: FalkorDB 4.16 crashes on some multi-row batches of this graph.
    push(example_workspace.graph(), bolt_graph, None, None, batch_size=1, mentions=mentions)
    monkeypatch.setenv("THREADLINE_NEO4J_PASSWORD", "not-used-by-this-server")
    embedded = json.loads(
        _query(example_workspace, "weak", "-p", "relation=PART_OF", "--format", "json").stdout
    )
    result = runner.invoke(
        app,
        ["query", "weak", "-p", "relation=PART_OF", "--format", "json",
         "-w", str(example_workspace.path), "--neo4j", bolt_graph, "--user", ""],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == embedded
