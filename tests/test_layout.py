"""A workspace's file names are spelled once, in ``threadline.layout``."""

from __future__ import annotations

import ast
from pathlib import Path

import threadline.layout as layout
from threadline.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
# The names that can only mean a workspace file (the folder names "cache" and
# "store" also label check results and timings, so they are left out here).
FILE_NAMES = {
    value
    for name, value in vars(layout).items()
    if name.isupper() and isinstance(value, str) and value not in ("cache", "store")
}


def test_no_module_spells_a_workspace_file_name_itself() -> None:
    spelled = []
    for folder in ("src", "graph", "ingest", "queries"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path.name == "layout.py":
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
                if isinstance(node, ast.Constant) and node.value in FILE_NAMES:
                    spelled.append(f"{path.relative_to(REPO)}:{node.lineno} {node.value!r}")
    assert len(FILE_NAMES) >= 10
    assert spelled == []


def test_a_built_workspace_uses_the_names_of_the_layout(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ada Vance works for the Northbridge Institute in Oslo.\n", "utf-8")
    ws = Workspace.open(tmp_path / "ws")
    ws.build([docs], workers=1)
    made = {p.name for p in (tmp_path / "ws").iterdir()}
    for name in (
        layout.MANIFEST_FILENAME,
        layout.CACHE_DIRNAME,
        layout.PIPELINE_FILENAME,
        layout.GRAPH_FILENAME,
        layout.STATE_FILENAME,
        layout.STORE_DIRNAME,
    ):
        assert name in made, (name, made)
    assert (tmp_path / "ws" / layout.STORE_DIRNAME / layout.POINTER).is_file()
