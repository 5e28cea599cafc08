"""Word documents (.docx) with python-docx, behind a zip-bomb guard.

A .docx is a zip archive. Before python-docx sees it, the archive's declared
uncompressed size and then its actual decompressed size (streamed, stopping at
the cap) are checked against ``ingest.max_decompressed_mb``: the declared sizes
can lie, the stream cannot. Paragraphs and tables are read in document order.
"""

from __future__ import annotations

import io
import zipfile

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.readers.base import RawDocument, blank_to_none

_CHUNK = 1 << 16
_TITLE_STYLES = ("title", "heading 1")
_TEMPLATE_AUTHOR = "python-docx"


def check_archive(name: str, data: bytes, config: IngestConfig) -> None:
    """Refuse a corrupt zip or one that inflates beyond the configured cap."""
    cap = int(config.max_decompressed_mb * 1024 * 1024)
    reason = f"decompresses to more than {config.max_decompressed_mb:g} MB (ingest.max_decompressed_mb); zip bomb?"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(info.file_size for info in members) > cap:
                raise InputError(name, reason)
            total = 0
            for info in members:
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > cap:
                            raise InputError(name, reason)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise InputError(name, f"not a valid DOCX (corrupt zip: {exc})") from exc
    except NotImplementedError as exc:
        raise InputError(name, f"not a valid DOCX ({exc})") from exc


def read_docx(name: str, data: bytes, config: IngestConfig) -> list[RawDocument]:
    """A .docx file: one raw document with its core properties as metadata."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_archive(name, data, config)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise InputError(name, f"not a valid DOCX ({type(exc).__name__})") from exc
    blocks: list[str] = []
    title = None
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "").lower()
            if title is None and style in _TITLE_STYLES:
                title = text
            blocks.append(text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = _unique(cell.text.strip() for cell in row.cells)
                if cells:
                    blocks.append("; ".join(cells))
    if not blocks:
        raise InputError(name, "no text found in DOCX")
    props = document.core_properties
    author = blank_to_none(props.author)
    created = props.created.date().isoformat() if props.created else None
    if author == _TEMPLATE_AUTHOR:
        # python-docx's blank template stamps every file it makes with this
        # author and a 2013 date: they say nothing about the document.
        author = created = None
    return [
        RawDocument(
            text="\n\n".join(blocks),
            title=blank_to_none(props.title) or title,
            author=author,
            date=created,
        )
    ]


def _unique(cells: object) -> list[str]:
    # Merged cells repeat their text in every grid position they span.
    seen: list[str] = []
    for text in cells:  # type: ignore[attr-defined]
        if text and (not seen or seen[-1] != text):
            seen.append(text)
    return seen
