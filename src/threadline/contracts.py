"""Shapes that ingest/, graph/ and queries/ pass to each other, below all three.

The graph layer takes a gazetteer (``threadline.ingest.gazetteer.Gazetteer``) to
resolve known entities, but must not import the ingest layer: it names the
shape it reads here instead, and any object of that shape will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

__all__ = ["KnownEntities", "KnownEntity"]


class KnownEntity(Protocol):
    """An entity known before any document is read: a gazetteer entry."""

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def aliases(self) -> Sequence[str]: ...


class KnownEntities(Protocol):
    """A list of known entities (a gazetteer): what resolution merges names by."""

    @property
    def entries(self) -> Iterable[KnownEntity]: ...
