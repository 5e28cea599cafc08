"""threadline: offline-first knowledge graphs from documents, every edge traced to a sentence."""

from __future__ import annotations

__version__ = "0.1.0"

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
