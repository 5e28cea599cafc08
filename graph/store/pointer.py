"""Which store a workspace's readers use: the ``CURRENT`` pointer and the schema version.

Kept apart from the store itself so that deciding whether a store is up to
date (every build, even one with nothing to do) never imports LadybugDB,
Arrow or NumPy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from threadline.layout import DB_FILENAME, POINTER

# Bump when the generated schema or what is loaded into it changes: stores
# carrying another number are rebuilt, never read.
SCHEMA_VERSION = 2


def read_pointer(root: str | Path) -> dict[str, Any] | None:
    """What ``CURRENT`` says (store folder name, schema version, state), or None."""
    try:
        info = json.loads((Path(root) / POINTER).read_bytes())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and "name" in info else None


def current_path(root: str | Path) -> Path | None:
    """The database file readers should open, or None when there is no usable store."""
    info = read_pointer(root)
    if info is None or info.get("schema") != SCHEMA_VERSION:
        return None
    path = Path(root) / info["name"] / DB_FILENAME
    return path if path.exists() else None
