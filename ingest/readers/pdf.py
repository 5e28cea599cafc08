"""PDF: the text layer, page by page, with pypdf.

A scanned PDF has no text layer; it is refused with a message saying it needs
OCR, rather than producing an empty document. Pages without text inside an
otherwise readable PDF are logged. Encrypted PDFs open only when they carry an
empty user password; truncated or damaged files are refused.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.readers.base import RawDocument, blank_to_none, log

# pypdf logs every repair it attempts; the reasons we raise or log are enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(name: str, data: bytes, config: IngestConfig) -> list[RawDocument]:
    """A .pdf file: one raw document, pages separated by blank lines."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(name, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise InputError(name, f"encrypted PDF that cannot be opened ({exc})") from exc
            if not opened:
                raise InputError(name, "encrypted PDF (a password is needed)")
        pages = list(reader.pages)
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise InputError(name, "encrypted PDF (a password is needed)") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise InputError(name, f"damaged or truncated PDF ({_short(exc)})") from exc
    except Exception as exc:  # pypdf raises many types on hostile files
        raise InputError(name, f"damaged or truncated PDF ({type(exc).__name__})") from exc
    if not pages:
        raise InputError(name, "PDF has no pages")
    texts: list[str] = []
    empty: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # one bad page must not lose the others
            log.warning("%s: page %d unreadable (%s)", name, number, type(exc).__name__)
            text = ""
        if text.strip():
            texts.append(text)
        else:
            empty.append(number)
    if not texts:
        raise InputError(name, "PDF has no text layer (scanned images?); it needs OCR first")
    if empty:
        log.warning("%s: pages %s have no text layer; they need OCR", name, _ranges(empty))
    info = _metadata(reader)
    return [RawDocument(text="\n\n".join(texts), **info)]


def _metadata(reader: object) -> dict[str, Any]:
    try:
        meta = reader.metadata  # type: ignore[attr-defined]
    except Exception:
        meta = None
    if not meta:
        return {}
    created = None
    try:
        when = meta.creation_date
        created = when.date().isoformat() if when else None
    except Exception:
        created = None
    return {
        "title": blank_to_none(meta.get("/Title")),
        "author": blank_to_none(meta.get("/Author")),
        "date": created,
    }


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _ranges(numbers: list[int]) -> str:
    """Page numbers as compact ranges.

    >>> _ranges([1, 2, 3, 5, 7, 8])
    '1-3, 5, 7-8'
    """
    parts: list[str] = []
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if n is not None:
            start = previous = n
    return ", ".join(parts)
