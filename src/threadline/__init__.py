"""threadline: offline-first knowledge graphs from documents, every edge traced to a sentence.

The public names are imported on first use, so ``threadline --help`` and other
commands that never build or query start without loading NumPy, NetworkX or
the store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from threadline.config import Config
    from threadline.errors import (
        ConfigError,
        InputError,
        QueryError,
        StoreError,
        ThreadlineError,
        WorkspaceError,
        WorkspaceLockedError,
    )
    from threadline.workspace import BuildReport, Workspace

# public name -> the module that defines it
_LAZY = {
    "BuildReport": "threadline.workspace",
    "Config": "threadline.config",
    "ConfigError": "threadline.errors",
    "InputError": "threadline.errors",
    "QueryError": "threadline.errors",
    "StoreError": "threadline.errors",
    "ThreadlineError": "threadline.errors",
    "Workspace": "threadline.workspace",
    "WorkspaceError": "threadline.errors",
    "WorkspaceLockedError": "threadline.errors",
}

__all__ = [
    "BuildReport",
    "Config",
    "ConfigError",
    "InputError",
    "QueryError",
    "StoreError",
    "ThreadlineError",
    "Workspace",
    "WorkspaceError",
    "WorkspaceLockedError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'threadline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({n for n in globals() if n.startswith("_")} | set(__all__))
