"""What the entity step yields per mention: a kept candidate or a recorded rejection.

Kept apart from the cleaner so that the boundary rules, the filters, aliases,
coreference and linking can all pass these two shapes around without importing
the cleaner that makes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from threadline.ingest.evidence import Evidence


@dataclass(frozen=True, slots=True)
class Rejection:
    """A span the model tagged that the cleanup dropped, and why."""

    text: str
    label: str
    reason: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "reason": self.reason,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Candidate:
    """A mention that survived cleanup: tokens ``[start, end)`` naming ``name`` of ``type``.

    ``key`` groups mentions into entities (``name_key`` of the name, or of the
    entity it was linked to by an alias or coreference); ``fixed`` marks names
    and types that come from the gazetteer and win over the model's.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    type: str
    name: str
    key: str
    fixed: bool = False
    linked: bool = False
    surface: str = ""
    person_cue: bool = False
    organization_cue: bool = False
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        if not self.surface:
            self.surface = self.name


def rejection(span: Span, reason: str, label: str | None = None) -> Rejection:
    """The rejection of ``span`` for ``reason``, under the model's label unless ``label`` is given."""
    return Rejection(span.text, label or span.label_, reason, span.start_char, span.end_char)
