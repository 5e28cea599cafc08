"""Tables derived from installed files, kept on disk between runs as JSON.

Why: every run that loads the pipeline derived the same tables again from
files that do not change between runs: the bundled YAML data files (700 KB,
built into Python objects by PyYAML's constructor), GeoNames' cities (a JSON
file of 30,000 entries, each name keyed) and the stock index lists (each name
put through ``cleanco``). That is over a second of CPU before the first
document, on the critical path of every build, where reading the same tables
back as JSON takes a few milliseconds.

A value is stored under a SHA-256 of everything it is derived from: the text of
the file, the versions of the packages that made it and the source of the code
that derives it. A change to any of them is another key, so an entry is never
stale; it is only unused. The cache is an optimisation and nothing more: an
entry that cannot be read is derived again, and one that cannot be written is
simply not kept (a read-only home, a full disk).

Where: ``$THREADLINE_CACHE_DIR`` if set (``off`` turns the cache off), else
the user's cache folder (``~/.cache/threadline`` on Linux).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from threadline.atomic import write_atomic

__all__ = ["CACHE_ENV", "cache_dir", "derived", "module_source", "package_version"]

log = logging.getLogger(__name__)

CACHE_ENV = "THREADLINE_CACHE_DIR"
# Bumped when the layout of the entries changes.
FORMAT = "1"
# Entries kept per kind: the oldest go when a new one is written past this
# (each edit of a data file is a new key).
KEEP_PER_KIND = 64

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder of derived tables, or None when the cache is off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off") else Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("threadline", appauthor=False)) / "derived"


def derived(
    kind: str,
    inputs: Iterable[str | bytes],
    derive: Callable[[], T],
    encode: Callable[[T], Any] = lambda value: value,
    decode: Callable[[Any], T] = lambda data: data,
) -> T:
    """``derive()``, or the value stored for the same ``kind`` and ``inputs``.

    ``encode`` turns the value into JSON data and ``decode`` turns that data
    back; a value whose JSON data does not read back equal (keys that are not
    text, tuples) is returned but not stored.
    """
    folder = cache_dir()
    if folder is None:
        return derive()
    path = folder / f"{kind}-{_key(kind, inputs)}.json"
    try:
        return decode(json.loads(path.read_bytes()))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        log.debug("derived cache: %s unreadable (%s); derived again", path, exc)
    value = derive()
    try:
        data = encode(value)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if json.loads(text) != data:
            log.debug("derived cache: %s does not survive JSON; not stored", kind)
            return value
        write_atomic(path, text.encode("utf-8"))
        _prune(folder, kind)
    except (OSError, TypeError, ValueError) as exc:
        log.debug("derived cache: %s not stored (%s)", path, exc)
    return value


@cache
def module_source(module_file: str) -> bytes:
    """The source of a module (its ``__file__``), as a key part: code that derives
    a table is part of what the table is derived from."""
    return Path(module_file).read_bytes()


def package_version(name: str) -> str:
    """An installed package's version, as a key part ("" when it is not installed)."""
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def _key(kind: str, inputs: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{kind}".encode())
    for part in inputs:
        data = part.encode("utf-8") if isinstance(part, str) else part
        # Each part's length first: ("ab", "c") and ("a", "bc") are different keys.
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:32]


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.json"), key=_modified)
    for old in entries[:-KEEP_PER_KIND]:
        old.unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
