"""notebooks/explore.ipynb runs from a clean kernel and shows what it promises."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append(output["text"])
        data = output.get("data", {})
        parts.append(data.get("text/plain", ""))
        parts.append(data.get("text/html", ""))
    return "\n".join(parts)


def test_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code, "the notebook has code cells"
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.slow
def test_notebook_runs_from_a_clean_kernel(tmp_path: Path, examples_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("THREADLINE_EXAMPLES", str(examples_dir))
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    errors = [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert not errors, json.dumps(errors)[:2000]

    built = _text(cells[0])
    assert "18 documents" in built  # 16 files, one briefing page holding three articles
    assert "typed relations" in built
    assert "Ministry of Industry and Innovation" in _text(cells[1])  # entities table
    assert "WORKS_FOR" in _text(cells[2])  # relation counts
    assert "Elena Varga" in _text(cells[3])  # people of the institute
    assert "Priya Raman" in _text(cells[5])  # raw Cypher: the ministry's spokesperson
    assert "iframe" in _text(cells[7])  # the inline ego view
    assert "nodes and" in _text(cells[8])
    assert (tmp_path / "examples.graphml").stat().st_size > 1000
    assert (tmp_path / "okafor.html").stat().st_size > 10_000
