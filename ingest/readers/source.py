"""Getting the bytes of an input safely: size cap, permissions, loops, stdin.

Every problem becomes one ``InputError`` naming the file and the reason, so a
batch reports it and goes on. Nothing but regular files is opened: reading a
FIFO or a device named by mistake would hang or never end.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from threadline.config import IngestConfig
from threadline.errors import InputError

STDIN = "-"


def file_stat(path: str | Path) -> os.stat_result | None:
    """The size and times of ``path``; None for stdin or a file that cannot be seen."""
    if str(path) == STDIN:
        return None
    try:
        return Path(path).stat()
    except OSError:
        return None


def size_limit(config: IngestConfig) -> int:
    """The largest accepted input, in bytes."""
    return int(config.max_file_mb * 1024 * 1024)


def read_bytes(path: str | Path, config: IngestConfig, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of ``path`` ("-" is stdin), or ``InputError`` with the reason."""
    limit = size_limit(config)
    name = str(path)
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise InputError(name, _too_large(len(data), config, at_least=True))
        if not data:
            raise InputError(name, "empty input")
        return data
    p = Path(path)
    try:
        info = p.stat()
    except OSError as exc:
        raise InputError(name, os_reason(exc, p)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(name, _directory_reason(p))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(name, "not a regular file (device, pipe or socket)")
    if info.st_size > limit:
        raise InputError(name, _too_large(info.st_size, config))
    if info.st_size == 0:
        raise InputError(name, "empty file")
    try:
        with open(p, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(name, os_reason(exc, p)) from exc
    if len(data) > limit:  # grew while we looked
        raise InputError(name, _too_large(len(data), config, at_least=True))
    if not data:
        raise InputError(name, "empty file")
    return data


def os_reason(exc: OSError, path: Path) -> str:
    """A short reason for an operating-system error on ``path``."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            return f"broken symlink (target {os.readlink(path)} does not exist)"
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return exc.strerror or type(exc).__name__


def _directory_reason(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"cannot list directory ({os_reason(exc, path)})"
    return "is a directory"


def _too_large(size: int, config: IngestConfig, at_least: bool = False) -> str:
    shown = f"{size / 1024 / 1024:.1f} MB"
    if at_least:
        shown = "more than " + shown
    return f"file is {shown}, above the {config.max_file_mb:g} MB limit (ingest.max_file_mb)"
