"""``threadline viz`` on a real workspace built from the bundled examples."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline.cli import app
from threadline.queries.view import view_subgraph
from threadline.workspace import Workspace

pytestmark = pytest.mark.slow

DATA = re.compile(r'<script type="application/json" id="threadline-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def workspace(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "ws"
    report = Workspace.open(path).build([examples_dir], progress=False)
    assert report.ok
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def view_data(path: Path) -> dict:
    return json.loads(DATA.search(path.read_text("utf-8")).group(1))


def test_whole_workspace_view(workspace, tmp_path):
    out = tmp_path / "all.html"
    code, output = run("viz", "-w", str(workspace), "-o", str(out))
    assert code == 0, output
    graph = Workspace.open(workspace).graph()
    data = view_data(out)
    assert "wrote" in output and f"{len(data['nodes'])} of" in output
    assert {n["id"] for n in data["nodes"]} <= set(graph)
    assert all(e["label"].split(" · ")[0] != "MENTIONED_WITH" for e in data["edges"])
    assert data["summary"]["edges_shown"] == sum(
        1 for *_, t in graph.edges(data="type") if t != "MENTIONED_WITH"
    )


def test_entity_view_holds_its_neighbourhood(workspace, tmp_path):
    graph = Workspace.open(workspace).graph()
    center = max(graph, key=lambda n: graph.nodes[n].get("pagerank", 0))
    name = graph.nodes[center]["name"]
    out = tmp_path / "ego.html"
    code, output = run(
        "viz", "-w", str(workspace), "--entity", name.upper(), "--hops", "2", "-o", str(out)
    )
    assert code == 0, output
    expected = view_subgraph(graph, entity=name, hops=2)
    assert {n["id"] for n in view_data(out)["nodes"]} == set(expected)
    assert center in expected and len(expected) > 2


def test_query_view_draws_the_entities_of_a_catalog_query(workspace, tmp_path):
    graph = Workspace.open(workspace).graph()
    center = max(graph, key=lambda n: graph.nodes[n].get("pagerank", 0))
    name = graph.nodes[center]["name"]
    by_query, by_entity = tmp_path / "q.html", tmp_path / "e.html"
    code, output = run(
        "viz",
        "-w",
        str(workspace),
        "--query",
        "ego",
        "-p",
        f"entity={name}",
        "-p",
        "hops=2",
        "-o",
        str(by_query),
    )
    assert code == 0, output
    run("viz", "-w", str(workspace), "--entity", name, "--hops", "2", "-o", str(by_entity))
    nodes = {n["id"] for n in view_data(by_query)["nodes"]}
    assert center in nodes and len(nodes) > 2
    assert nodes == {n["id"] for n in view_data(by_entity)["nodes"]}


def test_unknown_query_names_the_known_ones(workspace, tmp_path):
    code, output = run(
        "viz", "-w", str(workspace), "--query", "nosuch", "-o", str(tmp_path / "x.html")
    )
    assert code == 2 and "no query named 'nosuch'" in output and "ego" in output


def test_type_and_relation_filters(workspace, tmp_path):
    out = tmp_path / "filtered.html"
    code, output = run(
        "viz",
        "-w",
        str(workspace),
        "--types",
        "Person,Organization",
        "--relations",
        "WORKS_FOR",
        "-o",
        str(out),
    )
    assert code == 0, output
    data = view_data(out)
    assert data["nodes"], "the examples have WORKS_FOR relations"
    assert {t["name"] for t in data["types"]} <= {"Person", "Organization"}
    assert {r["name"] for r in data["relations"]} == {"WORKS_FOR"}


def test_comentions_on_request(workspace, tmp_path):
    out = tmp_path / "co.html"
    code, output = run("viz", "-w", str(workspace), "--comentions", "-o", str(out))
    assert code == 0, output
    assert "MENTIONED_WITH" in {r["name"] for r in view_data(out)["relations"]}


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_static_pictures(workspace, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    code, output = run("viz", "-w", str(workspace), "--format", fmt, "-o", str(out))
    assert code == 0, output
    assert out.stat().st_size > 20_000
    if fmt == "svg":
        ET.parse(out)
    else:
        assert out.read_bytes()[:4] == b"\x89PNG"


def test_unknown_entity_is_a_usage_error(workspace, tmp_path):
    code, output = run(
        "viz", "-w", str(workspace), "--entity", "Nobody At All", "-o", str(tmp_path / "x.html")
    )
    assert code == 2
    assert "no entity named 'Nobody At All'" in output
    assert not (tmp_path / "x.html").exists()


def test_missing_workspace_fails_cleanly(tmp_path):
    code, output = run("viz", "-w", str(tmp_path / "none"), "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert "threadline build" in output and "Traceback" not in output
