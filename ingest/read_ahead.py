"""Input files read on helper processes, ahead of the build that needs them.

A PDF's text layer, a web page's main text or a Word file's paragraphs cost
5-20 ms of CPU per article to read (pypdf, trafilatura, python-docx): a
tenth to a fifth of what parsing the article costs. A build used to read every
input in its own process, one after the other, before the first document
reached the pipeline, while the other cores waited. ``ReadAhead`` reads the
files a build is going to need on forked helper processes, started before the
pipeline is imported and loaded, so that reading runs beside that start-up and
on every core.

What the build gets is what ``read_file`` gives in its own process, in the
order it asks: the documents, or the same ``InputError`` or ``OSError``. A
reader's warnings (a PDF page without text, a JSON line skipped) are logged
again in the build's process when that file's result is taken, so the log
keeps the files' order and reaches the build's handlers. What is stored never
depends on which process read a file.

Helpers are forked while no other thread runs (``threadline.forking``). Beside
other threads (a Dask client's) or outside Linux they start fresh, from a fork
server or spawned, and import the readers first (about half a second each),
so they are only used for four times as many files. With one worker, or with
fewer files, files are read in the build's own process when asked for. A
helper process that dies leaves the files it had not delivered to be read in
the build's process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.forking import fork_safe, fresh_start_method
from threadline.graph.model import Document
from threadline.ingest.documents import read_file
from threadline.ingest.readers.source import STDIN, file_stat

# Below this many files to read, forked helpers cost more than they save:
# forking and handing results back takes a few milliseconds per process, and a
# handful of articles reads in a fraction of a second. Helpers started fresh
# import the readers first, and wait for four times as many files.
MIN_FILES = 16
FRESH_START_FACTOR = 4

# One helper's outcome: ("documents", (list of Document, stat)) | ("input", (path,
# reason)) | ("os", reason), with the log records the reader emitted meanwhile.
Outcome = tuple[str, Any, list[logging.LogRecord]]
# A file's documents and its size and times as they were just before it was read.
Read = tuple[list[Document], os.stat_result | None]


class ReadAhead:
    """Reads input files on up to ``workers`` helper processes (0: one per core; never
    more than the cores); ``read`` hands each file's result over, reading it here if
    it was never handed to a helper."""

    def __init__(self, config: IngestConfig, workers: int, min_files: int = MIN_FILES) -> None:
        self._config = config
        self._workers = workers
        self._min_files = min_files
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[Outcome]] = {}

    @property
    def started(self) -> bool:
        """Whether helper processes are reading."""
        return self._pool is not None

    def submit(self, files: Sequence[str | Path]) -> None:
        """Start reading ``files`` (in the order given) if helpers pay off; else they
        are read when ``read`` asks for them. Standard input is always read here."""
        names = [str(f) for f in files if str(f) != STDIN and str(f) not in self._futures]
        if not names:
            return
        if self._pool is None:
            forked = fork_safe()
            least = self._min_files * (1 if forked else FRESH_START_FACTOR)
            cores = os.cpu_count() or 1
            helpers = min(self._workers or cores, cores, len(names))
            if helpers < 2 or len(names) < least:
                return
            # Forked helpers are all forked at the first submit, before the pool's
            # own thread starts (the "fork" start method launches them at once).
            method = "fork" if forked else fresh_start_method()
            level = logging.getLogger("threadline").getEffectiveLevel()
            self._pool = ProcessPoolExecutor(
                max_workers=helpers,
                mp_context=multiprocessing.get_context(method),
                initializer=_start_reader,
                initargs=(self._config, level),
            )
        for name in names:
            self._futures[name] = self._pool.submit(_read, name)

    def read(self, file: str | Path) -> Read:
        """The documents of ``file``, as ``read_file`` gives them, and its size and
        times taken just before it was read (None for stdin); raises its errors.

        The stat comes first: a file changed while it is read is then recorded
        with its older size or time, and read again by the next build."""
        future = self._futures.pop(str(file), None)
        if future is None:
            return _read_here(file, self._config)
        try:
            kind, value, records = future.result()
        except BrokenProcessPool:
            # A helper died (killed, out of memory): what it had not delivered is
            # read here, as it would have been without helpers.
            self.close()
            return _read_here(file, self._config)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if kind == "input":
            raise InputError(*value)
        if kind == "os":
            raise OSError(value)
        documents, stat = value
        return documents, stat

    def close(self) -> None:
        """Stop the helpers; files not yet taken are read here if asked for.
        The build closes this before forking its extraction workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures.clear()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_here(file: str | Path, config: IngestConfig) -> Read:
    stat = file_stat(file)
    return read_file(file, config), stat


# --- in a helper process ---------------------------------------------------------

_config: IngestConfig | None = None


class _Capture(logging.Handler):
    """Keeps the records a reader logs, made safe to send to the build's process."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


_capture = _Capture()


def _start_reader(config: IngestConfig, level: int) -> None:
    """A helper's set-up: the build's ingest settings, and threadline's log records
    kept for the build's process instead of written from here, at the build's level
    (a helper started fresh has not seen the build's logging set-up)."""
    global _config
    _config = config
    logger = logging.getLogger("threadline")
    logger.handlers[:] = [_capture]
    logger.propagate = False
    logger.setLevel(level)


def _read(name: str) -> Outcome:
    assert _config is not None
    try:
        return "documents", _read_here(name, _config), _capture.take()
    except InputError as exc:
        return "input", (exc.path, exc.reason), _capture.take()
    except OSError as exc:
        return "os", exc.strerror or str(exc), _capture.take()
