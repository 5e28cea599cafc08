"""One exception family for the whole library.

The CLI turns these into one-line messages and exit codes; library code raises
them with a message a user can act on (what failed, where, and why).
"""

from __future__ import annotations


class ThreadlineError(Exception):
    """Base class: anything threadline reports to a user as a clean one-line error."""


class ConfigError(ThreadlineError):
    """The configuration file or an option is invalid."""


class InputError(ThreadlineError):
    """A document could not be read; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(ThreadlineError):
    """The embedded store or a Neo4j server refused an operation or a query."""


class WorkspaceError(ThreadlineError):
    """The workspace is missing, locked by another build, or inconsistent."""


class WorkspaceLockedError(WorkspaceError):
    """Another build holds the workspace lock."""


class QueryError(ThreadlineError):
    """A canned query or its parameters are invalid, or an entity name is unknown or ambiguous."""


class ExecutorError(ThreadlineError):
    """A cluster to extract on cannot be reached or would extract differently."""
