"""Inputs read on forked helper processes give what reading them in the build's own
process gives: the same documents, the same errors, the same warnings in file order."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.forking import FORK_AVAILABLE
from threadline.ingest.documents import read_file
from threadline.ingest.read_ahead import ReadAhead

CONFIG = IngestConfig()

pytestmark = pytest.mark.skipif(not FORK_AVAILABLE, reason="helpers are forked; no fork here")


def _article(i: int) -> str:
    return (
        f"Kestrel Holdings names its {i}th director\n\n"
        f"Kestrel Holdings said on Monday that Ann Tolley, {30 + i}, would join its board "
        f"in Norvik. The firm has {i} offices along the Talvaro coast."
    )


def _docx(path: Path, text: str) -> None:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    document.save(str(path))


def _corpus(folder: Path, write_pdf: Callable[..., Path], count: int = 24) -> list[Path]:
    """``count`` files of every readable format, then files that fail or warn."""
    folder.mkdir()
    files = []
    for i in range(count):
        text = _article(i)
        kind = i % 4
        path = folder / f"{i:02d}.{['txt', 'html', 'pdf', 'docx'][kind]}"
        if kind == 0:
            path.write_text(text, "utf-8")
        elif kind == 1:
            title, body = text.split("\n\n")
            menu = "".join(f"<li><a href='/s{j}'>Section {j}</a></li>" for j in range(12))
            path.write_text(
                f"<html><head><title>{title}</title></head><body><nav><ul>{menu}</ul></nav>"
                f"<article><h1>{title}</h1><p>{body}</p></article></body></html>",
                "utf-8",
            )
        elif kind == 2:
            write_pdf(path, [text.replace("\n\n", ". "), ""])  # its second page has no text
        else:
            _docx(path, text)
        files.append(path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4\nnot a real PDF at all")
    rows = [json.dumps({"text": _article(100 + i)}) for i in range(3)]
    (folder / "rows.jsonl").write_text(rows[0] + "\n{broken\n" + "\n".join(rows[1:]), "utf-8")
    return [*files, folder / "empty.txt", folder / "damaged.pdf", folder / "rows.jsonl"]


def _outcome(read: Any) -> Any:
    """What a build keeps of one file's reading: documents and stat, or the error."""
    try:
        documents, stat = read()
    except InputError as exc:
        return ("error", exc.path, exc.reason)
    return (
        [d.to_dict() for d in documents],
        None if stat is None else (stat.st_size, stat.st_mtime_ns),
    )


def _in_process(files: list[Path], caplog: pytest.LogCaptureFixture) -> tuple[list[Any], list]:
    caplog.clear()
    outcomes = []
    for file in files:
        outcomes.append(_outcome(lambda f=file: (read_file(f, CONFIG), f.stat())))
    return outcomes, [(r.name, r.levelno, r.getMessage()) for r in caplog.records]


def test_helpers_give_the_documents_errors_and_warnings_of_reading_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, write_pdf: Callable[..., Path]
) -> None:
    files = _corpus(tmp_path / "in", write_pdf)
    caplog.set_level(logging.WARNING, logger="threadline")
    expected, expected_log = _in_process(files, caplog)
    assert any(outcome[0] == "error" for outcome in expected)
    assert len(expected_log) >= 7  # six PDFs with an empty page, one broken JSON line

    caplog.clear()
    with ReadAhead(CONFIG, workers=2, min_files=4) as reads:
        reads.submit(files)
        assert reads.started
        got = [_outcome(lambda f=file: reads.read(f)) for file in files]
    assert got == expected
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == expected_log
    # Logged again here, from the records the helpers made.
    assert {r.process for r in caplog.records} - {os.getpid()}


def _read_all(files: list[Path], workers: int, min_files: int) -> tuple[bool, list[Any]]:
    with ReadAhead(CONFIG, workers=workers, min_files=min_files) as reads:
        reads.submit(files)
        return reads.started, [_outcome(lambda f=file: reads.read(f)) for file in files]


def test_one_worker_or_few_files_read_here(tmp_path: Path, write_pdf: Callable[..., Path]) -> None:
    files = _corpus(tmp_path / "in", write_pdf, count=8)
    expected = [_outcome(lambda f=file: (read_file(f, CONFIG), f.stat())) for file in files]
    # No helper: each file is read when asked for.
    assert _read_all(files, workers=1, min_files=1) == (False, expected)
    assert _read_all(files, workers=2, min_files=100) == (False, expected)


def test_beside_another_thread_helpers_start_fresh_for_more_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, write_pdf: Callable[..., Path]
) -> None:
    files = _corpus(tmp_path / "in", write_pdf, count=8)
    caplog.set_level(logging.WARNING, logger="threadline")
    expected, expected_log = _in_process(files, caplog)
    # A fork now would copy the locks this thread may hold.
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        # Started fresh, a helper imports the readers first: four times as many files.
        assert _read_all(files, workers=2, min_files=len(files) // 4 + 1) == (False, expected)
        caplog.clear()
        assert _read_all(files, workers=2, min_files=len(files) // 4) == (True, expected)
        assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == expected_log
        assert {r.process for r in caplog.records} - {os.getpid()}
    finally:
        release.set()
        other.join()


def test_files_a_killed_helper_had_not_delivered_are_read_here(
    tmp_path: Path, write_pdf: Callable[..., Path]
) -> None:
    files = _corpus(tmp_path / "in", write_pdf, count=48)
    expected = [_outcome(lambda f=file: (read_file(f, CONFIG), f.stat())) for file in files]
    before = set(multiprocessing.active_children())
    with ReadAhead(CONFIG, workers=2, min_files=4) as reads:
        reads.submit(files)
        helpers = set(multiprocessing.active_children()) - before
        assert helpers
        for helper in helpers:  # killed before they can have read 48 files
            assert helper.pid is not None
            os.kill(helper.pid, signal.SIGKILL)
        assert [_outcome(lambda f=file: reads.read(f)) for file in files] == expected
        assert not reads.started  # the broken pool was closed
