"""The benchmark script runs end to end on the bundled examples and reports sane numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from threadline.queries.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "run.py"


def test_mixed_formats_are_web_pages_pdfs_and_word_files_holding_the_articles(
    run_script: Any, examples_dir: Path, tmp_path: Path
) -> None:
    from threadline.config import IngestConfig
    from threadline.ingest.documents import read_file

    texts = sorted(examples_dir.glob("*.txt"))[:3]
    folder = run_script.render_mixed_formats(texts, tmp_path / "mixed")
    rendered = sorted(folder.iterdir())
    assert [p.suffix for p in rendered] == [".html", ".pdf", ".docx"]
    for source, file in zip(texts, rendered, strict=True):
        (document,) = read_file(file, IngestConfig())
        title, _, body = source.read_text("utf-8").strip().partition("\n")
        first = next(line.strip() for line in body.splitlines() if line.strip())
        assert " ".join(first.split()[:6]) in " ".join(document.text.split())
        assert file.suffix == ".html" or title.split()[0] in document.text


def test_long_reports_join_the_articles_in_order(
    run_script: Any, examples_dir: Path, tmp_path: Path
) -> None:
    texts = sorted(examples_dir.glob("*.txt"))
    folder = run_script.join_into_reports(texts, tmp_path / "reports", per_report=4)
    reports = sorted(folder.iterdir())
    assert len(reports) == -(-len(texts) // 4) >= 2
    first = reports[0].read_text("utf-8")
    starts = [first.index(t.read_text("utf-8").strip()) for t in texts[:4]]
    assert starts == sorted(starts)


@pytest.mark.slow
def test_quick_run_on_the_examples_writes_every_measured_section(
    examples_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bench.json"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", str(examples_dir), "--quick",
         "--workers", "2", "--out", str(out), "--skip", "incremental", "neo4j", "scaling", "dask"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "results:" in completed.stdout
    results = json.loads(out.read_text("utf-8"))
    sections = results["sections"]

    assert sections["baseline"]["words"] == results["words"] > 0
    assert sections["baseline"]["words_per_second"] > 0

    cold = sections["cold"]
    assert cold["documents"] == results["documents"] and not cold["failures"]
    assert cold["entities"] > 0 and cold["relations"] > 0
    assert set(cold["stages"]) >= {"read", "extract", "resolve", "graph", "store"}
    assert cold["ratio_to_baseline"] > 0
    assert 0 < cold["peak_pss_mb"] <= cold["peak_rss_mb"]
    # The wall time split around the documents' extraction adds up to the build's.
    timeline = cold["timeline"]
    assert min(timeline.values()) >= 0 and timeline["to_first_document"] > 0
    assert sum(timeline.values()) == pytest.approx(cold["seconds"], abs=0.01)
    assert "wall time (s)" in completed.stdout

    # Threadline's parse and its steps after it, in one process, against bare spaCy.
    steps = sections["steps"]
    assert 0 < steps["documents"] <= results["documents"]
    assert steps["bare_spacy_cpu_seconds"] > 0 and steps["parse_cpu_seconds"] > 0
    assert set(steps["steps_cpu_seconds"]) == {"entities", "relations", "comentions"}
    assert steps["steps_cpu_seconds"]["relations"] > 0
    assert steps["first_steps_cpu_seconds"] > 0
    assert (
        0
        < steps["ceiling_ratio"]
        == pytest.approx(
            steps["bare_spacy_cpu_seconds"]
            / (steps["parse_cpu_seconds"] + sum(steps["steps_cpu_seconds"].values())),
            abs=0.002,
        )
    )
    assert "threadline's steps after the parse" in completed.stdout

    warm = sections["warm"]
    assert warm["documents_new"] == 0 and warm["graph_changed"] is False
    assert "extract" not in warm["stages"] or warm["stages"]["extract"] < 1.0

    store = sections["store"]
    assert store["relations"] >= 19_000 and store["relations_per_second"] > 0

    queries = sections["queries"]
    assert set(queries["queries"]) == set(load_catalog())
    assert 0 < queries["p50_ms"] <= queries["p95_ms"]

    for size in ("500", "2000"):
        assert sections["html"][size]["nodes_shown"] == int(size)
        assert sections["html"][size]["bytes"] > 0

    for skipped in ("incremental", "neo4j", "scaling", "dask"):
        assert sections[skipped] == {"skipped": True}


@pytest.mark.slow
def test_dask_section_compares_local_and_dask_builds_of_the_same_files(
    examples_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "bench.json"
    others = ["baseline", "cold", "warm", "incremental", "store", "neo4j", "queries", "html",
              "scaling"]  # fmt: skip
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", str(examples_dir), "--dask-files", "3",
         "--out", str(out), "--skip", *others],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    dask = json.loads(out.read_text("utf-8"))["sections"]["dask"]
    assert dask["files"] == 3 and dask["words"] > 0
    assert set(dask["runs"]) == {"local-1", "dask-1", "local-2", "dask-2"}
    for run in dask["runs"].values():
        assert run["words_per_second"] > 0 and run["cpu_seconds"] > 0
        assert run["graph"] == dask["runs"]["local-1"]["graph"]
    assert dask["same_graph"] is True
    assert set(dask["overhead"]) == set(dask["cpu_overhead"]) == {"1", "2"}
