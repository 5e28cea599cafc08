"""Atomic file writes: readers see the old file or the new one, never a part of one.

A file is written to a temporary name beside it (``.NAME.PID.tmp``) and moved
into place with ``os.replace``. A process killed mid-write leaves only such a
temporary, which ``remove_stale_temporaries`` clears (under the build lock).
Used by the workspace (cache, manifest, graph) and by the store (its pointer),
so it imports nothing of the project.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["remove_stale_temporaries", "write_atomic"]


def write_atomic(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Write ``data`` to ``path`` so readers see the old or the new file, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)


def remove_stale_temporaries(folder: Path, recursive: bool = True) -> int:
    """Delete temporary files a killed build left behind; returns how many.

    Call it only under the build lock: a running build's temporaries look the same.
    """
    removed = 0
    if not folder.is_dir():
        return 0
    for tmp in folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp"):
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed
