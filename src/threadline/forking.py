"""How this process starts child processes: by forking itself where that is safe.

A forked child starts at once, with everything the parent has loaded (a
pipeline, a configuration), where a child started fresh imports it all again.
But a fork copies the locks other threads hold, so the build forks only while
no thread but its own and a progress display's (whose write lock is held
across every fork) is running; otherwise children start fresh, from a fork
server where there is one.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading

from threadline.progress import display_threads

FORK_AVAILABLE = (
    sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
)


def fork_safe() -> bool:
    """Whether forking now is safe: fork exists here and no other thread is running
    but the progress display's."""
    if not FORK_AVAILABLE:
        return False
    others = set(threading.enumerate()) - {threading.current_thread()}
    return others <= set(display_threads())


def fresh_start_method() -> str:
    """The start method of a child that must not be forked from this process: a fork
    server (a clean process that forks the children) where there is one, else spawn."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
