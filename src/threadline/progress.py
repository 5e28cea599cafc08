"""Build progress: the events a build reports, and the display that renders them.

``Workspace.build(progress=callback)`` calls ``callback(BuildProgress)`` once
when a stage starts (``done`` 0) and once per item of it: per input file while
reading, per document while extracting. Extraction events come from the
worker processes as each document is done, not when its batch returns, so a
display moves per document; they may arrive on a helper thread of the build,
in any order of documents, but each document is reported exactly once.

``ProgressDisplay`` is such a callback: a rich bar on a terminal, else a plain
line every few seconds (logs and CI runs are never silent for long).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BuildProgress:
    """One step of a build: ``done`` of ``total`` items of ``stage``.

    ``stage`` is ``"reading"`` (items are input files) or ``"extracting"``
    (items are documents); ``item`` names the file read or the id of the
    document extracted (or failed), and is empty on a stage's first event.
    """

    stage: str
    done: int
    total: int
    item: str = ""


# The locks under which running displays write to the terminal. They are held
# across a fork (the build forks its extraction workers from a process whose
# display thread may be writing), so no child starts with one of them taken.
_WRITE_LOCKS: list[Any] = []
_THREADS: list[threading.Thread] = []


def _hold_write_locks() -> None:
    for lock in _WRITE_LOCKS:
        lock.acquire()


def _release_write_locks() -> None:
    for lock in reversed(_WRITE_LOCKS):
        lock.release()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_hold_write_locks,
        after_in_parent=_release_write_locks,
        after_in_child=_release_write_locks,
    )


def display_threads() -> list[threading.Thread]:
    """The threads of running displays: they hold no lock across a fork."""
    return list(_THREADS)


class ProgressDisplay:
    """Renders ``BuildProgress`` events on stderr; use as a context manager.

    On a terminal a transient rich bar per stage; otherwise a line when a stage
    starts, every ``LINE_INTERVAL`` seconds while it runs (even while the first
    batch of documents is still being parsed) and when it ends. Thread-safe:
    extraction events may come from the build's helper threads.
    """

    LINE_INTERVAL = 5.0

    def __init__(self, plain: bool | None = None) -> None:
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}
        # stage -> [total, done, start, last line]
        self._lines: dict[str, list[float]] = {}
        self._plain = not sys.stderr.isatty() if plain is None else plain
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._ticker: threading.Thread | None = None
        self._guarded: tuple[list[Any], list[threading.Thread]] = ([], [])
        if self._plain:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
        else:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description:>10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> ProgressDisplay:
        locks: list[Any] = [self._lock]
        threads: list[threading.Thread] = []
        if self._bar is not None:
            self._bar.start()
            live = self._bar.live
            locks.append(live._lock)  # its refresh thread writes under this lock
            if live._refresh_thread is not None:
                threads.append(live._refresh_thread)
        if self._ticker is not None:
            self._ticker.start()
            threads.append(self._ticker)
        self._guarded = (locks, threads)
        _WRITE_LOCKS.extend(locks)
        _THREADS.extend(threads)
        return self

    def __exit__(self, *exc: object) -> None:
        locks, threads = self._guarded
        for lock in locks:
            _WRITE_LOCKS.remove(lock)
        for thread in threads:
            _THREADS.remove(thread)
        if self._bar is not None:
            self._bar.stop()
        if self._ticker is not None:
            self._stopped.set()
            self._ticker.join()

    def __call__(self, event: BuildProgress) -> None:
        with self._lock:
            if self._plain:
                self._line(event)
            elif self._bar is not None:
                task = self._tasks.get(event.stage)
                if task is None:
                    task = self._tasks[event.stage] = self._bar.add_task(
                        event.stage, total=event.total
                    )
                self._bar.update(task, completed=event.done, total=event.total)

    def _line(self, event: BuildProgress) -> None:
        now = time.monotonic()
        line = self._lines.get(event.stage)
        if line is None:
            self._lines[event.stage] = [event.total, event.done, now, now]
            self._say(f"{event.stage}: {event.done}/{event.total}")
            return
        line[0], line[1] = event.total, max(line[1], event.done)
        if line[1] >= line[0]:
            self._report(event.stage, line)

    def _tick(self) -> None:
        """Every interval, a line for each unfinished stage that has not reported lately."""
        while not self._stopped.wait(min(1.0, self.LINE_INTERVAL)):
            now = time.monotonic()
            with self._lock:
                for stage, line in self._lines.items():
                    if line[1] < line[0] and now - line[3] >= self.LINE_INTERVAL:
                        self._report(stage, line)

    def _report(self, stage: str, line: list[float]) -> None:
        now = time.monotonic()
        line[3] = now
        self._say(f"{stage}: {int(line[1])}/{int(line[0])} ({now - line[2]:.0f} s)")

    @staticmethod
    def _say(text: str) -> None:
        sys.stderr.write(f"threadline: {text}\n")
        sys.stderr.flush()
