"""The modules a build needs after its last document, imported ahead of time.

Why: once every document is extracted, a build resolves entities, makes the
graph and loads the store, and before any of that it imports resolution,
NetworkX, LadybugDB and Arrow, and pandas (which Arrow imports at its first
conversion of a Python list): about a second of work during which no worker
is parsing and every core but one is idle. While the workers parse, this
process mostly waits for their results, so the same imports cost far less
wall time there. A helper thread does them then.

Started only once the extraction is under way: the local pool forks all its
workers at its first batch, so no fork can happen while the thread holds an
import lock. Waited for before the graph stages, so it never outlives them.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

# What ``Workspace._publish`` imports, in the order it needs them.
MODULES = (
    "threadline.graph.curation",
    "threadline.graph.resolve",
    "threadline.graph.build",
    "threadline.graph.analytics",
    "threadline.graph.store.ladybug",
)


class ImportWarmer:
    """Imports ``MODULES`` on a daemon thread; ``wait`` joins it (no-op if never started)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=_import_all, name="threadline-imports", daemon=True
            )
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()


def _import_all() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        import pyarrow

        pyarrow.array([0])  # pulls in pandas, as the store's first table would
    except Exception:  # the graph stages import these again and report any failure
        log.debug("importing ahead failed", exc_info=True)
