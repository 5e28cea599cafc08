"""The build lock: one build per workspace at a time, refused at once, never waited for.

A second ``threadline build`` on a workspace that is being built would race on
the cache manifest and the store pointer, so it is refused immediately with a
message naming the process that holds the lock. The lock is an OS file lock
(``fcntl`` on POSIX): the kernel releases it when its holder dies, even by
SIGKILL, so a killed build never leaves a workspace locked. Read-only commands
(``graph``, ``cypher``, ``query``, exports) never take it.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> with build_lock(folder):
...     try:
...         with build_lock(folder):
...             pass
...     except WorkspaceLockedError as exc:
...         print("refused")
refused
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from threadline.errors import WorkspaceLockedError
from threadline.layout import LOCK_FILENAME, OWNER_FILENAME

PROBE_GRACE = 0.25  # seconds

# Each acquisition opens its own lock file descriptor (no singleton, no
# thread-local reuse): flock locks belong to the open file, so a nested attempt
# in the same process is refused exactly like one from another process.


@contextmanager
def build_lock(workspace: str | Path) -> Iterator[None]:
    """Hold the workspace's build lock for the block; WorkspaceLockedError if taken."""
    folder = Path(workspace)
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / LOCK_FILENAME
    owner_path = folder / OWNER_FILENAME
    # A status probe (``is_locked``, ``threadline check``) holds the lock for a few
    # microseconds; a short grace period keeps a build from being refused by one.
    lock = FileLock(str(lock_path), timeout=PROBE_GRACE, thread_local=False, is_singleton=False)
    try:
        lock.acquire(poll_interval=0.01)
    except Timeout:
        raise WorkspaceLockedError(_locked_message(folder, owner_path)) from None
    try:
        owner_path.write_text(f"{os.getpid()}\n", "utf-8")
        yield
    finally:
        lock.release()


def is_locked(workspace: str | Path) -> bool:
    """Whether a build currently holds the workspace's lock (for status reports)."""
    lock_path = Path(workspace) / LOCK_FILENAME
    if not lock_path.exists():
        return False
    lock = FileLock(str(lock_path), timeout=0, thread_local=False, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False


def _locked_message(folder: Path, owner_path: Path) -> str:
    try:
        pid = owner_path.read_text("utf-8").strip()
    except OSError:
        pid = ""
    who = f" (process {pid})" if pid else ""
    return (
        f"workspace {folder} is being built by another process{who}; "
        "wait for that build to finish, then run this one again"
    )
