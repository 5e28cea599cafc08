"""Whether this process may start child processes by forking itself.

A forked child starts at once, with everything the parent has loaded (a
pipeline, a configuration), where a spawned one imports it all again. But a
fork copies the locks other threads hold, so the build forks only while no
thread but its own and a progress display's (whose write lock is held across
every fork) is running.
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
