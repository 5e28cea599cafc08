"""Files in, clean documents out: discover, read, clean, split, dedupe.

``discover`` walks the inputs; ``read_file`` turns one file into cleaned,
split documents (or raises ``InputError`` naming the file and the reason);
``iter_documents`` does both for a batch, reporting failures to a callback
instead of stopping, and stores an article found in several files once with
every origin.

A document's id is the hash of its cleaned text (``graph.model.content_hash``).
A table row's own id is kept in its origin, ``file.jsonl#<id>``.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Mill reopens\\n\\nThe mill in Tarrow reopened.\\n")
>>> _ = (folder / "b.txt").write_text("Mill reopens\\n\\nThe mill in Tarrow  reopened.")
>>> [(d.title, len(d.origins)) for d in iter_documents([folder], IngestConfig())]
[('Mill reopens', 2)]
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.graph.model import Document
from threadline.ingest.cleanup import clean
from threadline.ingest.readers.base import RawDocument
from threadline.ingest.readers.source import STDIN, read_bytes
from threadline.ingest.readers.tabular import TabularRow, read_csv_rows, read_jsonl_rows
from threadline.ingest.splitting import split_articles

__all__ = [
    "TabularRow",
    "dedupe",
    "discover",
    "format_of",
    "iter_documents",
    "read_csv_rows",
    "read_file",
    "read_jsonl_rows",
    "title_from_text",
]

Reader = Callable[[str, bytes, IngestConfig], list[RawDocument]]

# extension -> (format name, "module:function"); imported on first use so that
# reading text files never pays for the PDF, DOCX or HTML libraries.
_FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "text:read_text"),
    ".text": ("text", "text:read_text"),
    ".md": ("markdown", "text:read_markdown"),
    ".markdown": ("markdown", "text:read_markdown"),
    ".html": ("html", "html:read_html"),
    ".htm": ("html", "html:read_html"),
    ".xhtml": ("html", "html:read_html"),
    ".pdf": ("pdf", "pdf:read_pdf"),
    ".docx": ("docx", "docx:read_docx"),
    ".jsonl": ("jsonl", "tabular:read_tabular"),
    ".ndjson": ("jsonl", "tabular:read_tabular"),
    ".csv": ("csv", "tabular:read_tabular"),
}
_TEXT = ("text", "text:read_text")
_TITLE_MAX_CHARS = 200


def format_of(path: str | Path) -> str:
    """The format a file is read as, from its extension; unknown ones read as text.

    >>> format_of("notes/Report.PDF"), format_of("-"), format_of("README")
    ('pdf', 'text', 'text')
    """
    return _FORMATS.get(Path(str(path)).suffix.lower(), _TEXT)[0]


def discover(
    paths: Sequence[str | Path],
    config: IngestConfig,
    on_skip: Callable[[Path, str], None] | None = None,
) -> list[Path | str]:
    """The files to read, sorted and without repeats; "-" (stdin) comes last.

    Directories are walked recursively (symlinked folders too, each folder once
    however many links lead to it), keeping names that match ``config.include``
    and skipping names or relative paths that match ``config.exclude``. A path
    named explicitly is kept whatever its extension. Nothing is raised: a
    missing path, an unlistable folder or a symlink loop stays in the list, and
    ``read_file`` then reports it with its reason. ``on_skip(path, reason)``
    hears about each file or folder of a walk left out by the include and
    exclude globs (``build --dry-run`` lists them).
    """
    found: set[Path] = set()
    stdin = False
    for entry in paths:
        if str(entry) == STDIN:
            stdin = True
            continue
        path = Path(entry)
        if _is_dir(path):
            found.update(_walk(path, config, on_skip))
        else:
            found.add(path)
    result: list[Path | str] = sorted(found, key=lambda p: str(p))
    if stdin:
        result.append(STDIN)
    return result


def read_file(
    path: str | Path, config: IngestConfig, stdin: BinaryIO | None = None
) -> list[Document]:
    """One file (or "-" for stdin) as cleaned documents, split into articles.

    Raises ``InputError(path, reason)`` for anything unreadable: missing,
    unreadable, empty, too large, binary, damaged, encrypted, no text.
    """
    name = str(path)
    data = read_bytes(path, config, stdin=stdin)
    fmt, target = _FORMATS.get(Path(name).suffix.lower(), _TEXT)
    raws = _reader(target)(name, data, config)
    documents: list[Document] = []
    for raw in raws:
        documents.extend(_documents(raw, name, fmt, config))
    if not documents:
        raise InputError(name, "no text left after cleanup")
    return dedupe(documents)


def iter_documents(
    paths: Sequence[str | Path],
    config: IngestConfig,
    on_failure: Callable[[InputError], None] | None = None,
) -> Iterator[Document]:
    """Discover, read and dedupe a batch; failures go to ``on_failure``.

    Every file is read before the first document is yielded, because an
    article met again in a later file must list both origins. Without
    ``on_failure`` the first failure is raised.
    """
    documents: list[Document] = []
    for path in discover(paths, config):
        try:
            documents.extend(read_file(path, config))
        except InputError as exc:
            if on_failure is None:
                raise
            on_failure(exc)
    yield from dedupe(documents)


def dedupe(documents: Iterable[Document]) -> list[Document]:
    """One document per id, first seen first; origins merged, metadata filled in.

    >>> a = Document.from_text("Same text.", origins=["a.txt"], title="A")
    >>> b = Document.from_text("Same text.", origins=["b.txt"], url="http://x")
    >>> [(d.origins, d.title, d.url) for d in dedupe([a, b])]
    [(['a.txt', 'b.txt'], 'A', 'http://x')]
    """
    merged: dict[str, Document] = {}
    for doc in documents:
        known = merged.get(doc.id)
        if known is None:
            merged[doc.id] = Document(**{**_fields(doc), "origins": list(doc.origins)})
            continue
        for origin in doc.origins:
            if origin not in known.origins:
                known.origins.append(origin)
        for attribute in ("title", "date", "url", "source", "author", "format"):
            if getattr(known, attribute) is None:
                setattr(known, attribute, getattr(doc, attribute))
    return list(merged.values())


def title_from_text(text: str) -> str | None:
    """The first line of a cleaned text when it reads as a headline.

    A headline is short and does not end like a sentence (a question, an
    exclamation or a trailing ellipsis may). A first line that is a caption or prose gives no title.

    >>> title_from_text("Ad sales lift profits\\n\\nProfits rose.")
    'Ad sales lift profits'
    >>> title_from_text("Workers sort parcels at a depot, on May 1.\\n\\nText.") is None
    True
    """
    first = text.split("\n", 1)[0].strip()
    if not first or len(first) > _TITLE_MAX_CHARS:
        return None
    if first[-1] in ".,;:" and not first.endswith(("...", "\u2026")):
        return None
    if not any(ch.isalpha() for ch in first):
        return None
    return first


def _documents(raw: RawDocument, name: str, fmt: str, config: IngestConfig) -> list[Document]:
    origin = raw.origin or name
    if not (raw.splittable and config.split_articles):
        text = clean(raw.text)
        if not text:
            return []
        return [
            Document.from_text(
                text,
                title=_title(raw.title) or title_from_text(text),
                date=raw.date,
                url=raw.url,
                source=raw.source,
                author=raw.author,
                origins=[origin],
                format=fmt,
            )
        ]
    articles = split_articles(raw.text, config.article_end_pattern)
    single = len(articles) == 1
    documents = []
    for article in articles:
        text = clean(article.text)
        if not text:
            continue
        # A briefing's own title (page metadata) is not any one article's title.
        title = (_title(raw.title) if single else None) or title_from_text(text)
        documents.append(
            Document.from_text(
                text,
                title=title,
                date=article.date or raw.date,
                url=article.url or (raw.url if single else None),
                source=article.source or raw.source,
                author=raw.author if single else None,
                origins=[origin],
                format=fmt,
            )
        )
    return documents


def _title(title: str | None) -> str | None:
    return clean(title) or None if title else None


def _reader(target: str) -> Reader:
    import importlib

    module_name, function = target.split(":")
    module = importlib.import_module(f"threadline.ingest.readers.{module_name}")
    return getattr(module, function)


def _fields(doc: Document) -> dict[str, Any]:
    return {name: getattr(doc, name) for name in Document.__slots__}


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _excluded(name: str, relative: str, config: IngestConfig) -> bool:
    return any(
        fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(relative, pattern)
        for pattern in config.exclude
    )


def _included(name: str, config: IngestConfig) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in config.include)


def _walk(
    top: Path, config: IngestConfig, on_skip: Callable[[Path, str], None] | None = None
) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    unlistable: list[Path] = []

    def note_error(exc: OSError) -> None:
        if exc.filename:
            unlistable.append(Path(exc.filename))

    for folder, dirnames, filenames in os.walk(top, followlinks=True, onerror=note_error):
        try:
            info = os.stat(folder)
        except OSError:
            dirnames[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # a symlink led back to a folder already walked
            dirnames[:] = []
            continue
        seen.add(key)
        base = Path(folder)
        relative_base = base.relative_to(top)
        kept = []
        for d in sorted(dirnames):
            if not _excluded(d, (relative_base / d).as_posix(), config):
                kept.append(d)
            elif on_skip is not None:
                on_skip(base / d, "folder matches [ingest] exclude")
        dirnames[:] = kept
        for filename in filenames:
            relative = (relative_base / filename).as_posix()
            if not _included(filename, config):
                if on_skip is not None:
                    on_skip(base / filename, "name matches no [ingest] include pattern")
            elif _excluded(filename, relative, config):
                if on_skip is not None:
                    on_skip(base / filename, "matches [ingest] exclude")
            else:
                yield base / filename
    yield from unlistable
