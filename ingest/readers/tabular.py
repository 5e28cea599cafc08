"""Tables of documents: .jsonl (one JSON object a line) and .csv.

Column names come from ``IngestConfig`` (text, id, title, date, url, source).
A row without text is skipped with a warning naming its line; a file with no
usable row at all is refused. ``read_jsonl_rows(..., clean=False)`` gives the
rows exactly as written, for callers whose character offsets must index the
text as given (``threadline extract --jsonl-input``).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.cleanup import clean
from threadline.ingest.readers.base import RawDocument, blank_to_none, log
from threadline.ingest.readers.source import read_bytes
from threadline.ingest.readers.text import decode_text


@dataclass(slots=True)
class TabularRow:
    """One row of a table of documents; ``line`` is 1-based (CSV: the data row)."""

    line: int
    text: str
    id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


def read_jsonl_rows(
    path: str | Path, config: IngestConfig, clean: bool = False, stdin: BinaryIO | None = None
) -> list[TabularRow]:
    """The rows of a .jsonl file ("-" is stdin); text as given unless ``clean``."""
    name = str(path)
    rows = parse_jsonl(name, read_bytes(path, config, stdin=stdin), config)
    return _finish(name, rows, clean)


def read_csv_rows(path: str | Path, config: IngestConfig, clean: bool = False) -> list[TabularRow]:
    """The rows of a .csv file; text as given unless ``clean``."""
    name = str(path)
    rows = parse_csv(name, read_bytes(path, config), config)
    return _finish(name, rows, clean)


def parse_jsonl(name: str, data: bytes, config: IngestConfig) -> list[TabularRow]:
    """Rows of JSON Lines bytes; bad lines are logged and skipped.

    >>> from threadline.config import IngestConfig
    >>> rows = parse_jsonl("a.jsonl", b'{"id": 7, "text": "Hi."}\\nnot json\\n', IngestConfig())
    >>> [(r.line, r.id, r.text) for r in rows]
    [(1, '7', 'Hi.')]
    """
    rows: list[TabularRow] = []
    text = decode_text(data, name)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            log.warning("%s:%d: invalid JSON (%s)", name, number, getattr(exc, "msg", "too deep"))
            continue
        row = _row(name, number, record, config)
        if row is not None:
            rows.append(row)
    return rows


def parse_csv(name: str, data: bytes, config: IngestConfig) -> list[TabularRow]:
    """Rows of CSV bytes with a header line; bad rows are logged and skipped.

    >>> from threadline.config import IngestConfig
    >>> rows = parse_csv("a.csv", b"id,text\\nx1,Hello there.\\nx2,\\n", IngestConfig())
    >>> [(r.line, r.id, r.text) for r in rows]
    [(1, 'x1', 'Hello there.')]
    """
    text = decode_text(data, name)
    csv.field_size_limit(min(sys.maxsize, max(len(data), 131072)))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(name, f"invalid CSV header ({exc})") from exc
    if config.text_column not in header:
        raise InputError(name, _missing_column(config.text_column, header))
    rows: list[TabularRow] = []
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            log.warning("%s: CSV row %d unreadable (%s)", name, number + 1, exc)
            break
        number += 1
        row = _row(name, number, record, config)
        if row is not None:
            rows.append(row)
    return rows


def read_tabular(name: str, data: bytes, config: IngestConfig) -> list[RawDocument]:
    """A .jsonl or .csv file: one raw document per row, never split further."""
    rows = (
        parse_csv(name, data, config)
        if name.lower().endswith(".csv")
        else parse_jsonl(name, data, config)
    )
    _require(name, rows, config)
    return [
        RawDocument(
            text=row.text,
            title=row.title,
            date=row.date,
            url=row.url,
            source=row.source,
            origin=f"{name}#{row.id if row.id is not None else row.line}",
            splittable=False,
        )
        for row in rows
    ]


def _row(name: str, number: int, record: Any, config: IngestConfig) -> TabularRow | None:
    if not isinstance(record, dict):
        log.warning("%s:%d: not an object, skipped", name, number)
        return None
    text = record.get(config.text_column)
    if not isinstance(text, str) or not text.strip():
        log.warning("%s:%d: no text in column %r, skipped", name, number, config.text_column)
        return None
    return TabularRow(
        line=number,
        text=text,
        id=blank_to_none(record.get(config.id_column)),
        title=blank_to_none(record.get(config.title_column)),
        date=blank_to_none(record.get(config.date_column)),
        url=blank_to_none(record.get(config.url_column)),
        source=blank_to_none(record.get(config.source_column)),
    )


def _finish(name: str, rows: list[TabularRow], cleaned: bool) -> list[TabularRow]:
    if not rows:
        raise InputError(name, "no row with text")
    if cleaned:
        for row in rows:
            row.text = clean(row.text)
    return rows


def _require(name: str, rows: list[TabularRow], config: IngestConfig) -> None:
    if not rows:
        raise InputError(name, f"no row with text in column {config.text_column!r}")


def _missing_column(column: str, header: Sequence[str]) -> str:
    shown = ", ".join(header[:12]) or "none"
    return f"no {column!r} column (columns: {shown}; see ingest.text_column)"
