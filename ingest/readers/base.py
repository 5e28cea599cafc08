"""What a reader hands back: raw text plus the metadata the format carried."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("threadline.ingest")


@dataclass(slots=True)
class RawDocument:
    """Text as a reader found it, before cleanup and article splitting.

    ``origin`` overrides the file name in ``Document.origins`` (a table row is
    ``file#id``); ``splittable`` is False for formats whose units are already
    single documents (table rows).
    """

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str | None = None
    splittable: bool = True


def blank_to_none(value: object) -> str | None:
    """A metadata value as a stripped string, or None when missing or empty.

    >>> blank_to_none("  Reuters "), blank_to_none(""), blank_to_none(None), blank_to_none(7)
    ('Reuters', None, None, '7')
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
