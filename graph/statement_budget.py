"""Statements that fit a Bolt server with a small limit on the size of one statement.

FalkorDB's Bolt layer (4.16) splices the parameters into the query text in a
fixed buffer of about 4 KB, and a longer statement crashes the server. When
the push finds such a server (it splices text parameters: see
``graph.neo4j.text_encoding``) it sends batches bounded by size instead of by
row count. A row too large for one statement goes as a first statement with
its large properties empty, then as appends: strings in pieces
(``SET x.p = x.p + $piece``) and lists in slices. Concatenation gives back the
exact value, and the first statement overwrites, so pushing twice stays
idempotent. A single list item larger than a statement (a sentence of several
kilobytes) cannot be sent whole; it is shortened and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# Bytes of spliced text one statement may take, query text included; well
# under the 4 KB at which the server was seen to crash.
STATEMENT_BUDGET = 3072
# A number is printed with up to this many characters ("0.123456789012345").
_NUMBER_SIZE = 32
_ELLIPSIS = "…"

Encode = Callable[[Any], Any]


def size(value: Any) -> int:
    """Bytes ``value`` takes once spliced into query text (strings already encoded).

    >>> size({"name": "Ana", "n": 1})
    54
    """
    if isinstance(value, str):
        return len(value.encode("utf-8")) + 4
    if isinstance(value, dict):
        return 2 + sum(len(k) + 4 + size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 2 + sum(size(v) + 2 for v in value)
    if value is None or isinstance(value, bool):
        return 6
    return _NUMBER_SIZE


def batches(
    rows: list[dict[str, Any]], query: str, batch_size: int, encode: Encode, budget: int
) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in order, grouped so that no batch exceeds ``budget`` with ``query``.

    A row that alone exceeds the budget comes alone; the caller splits it.

    >>> rows = [{"id": str(i), "props": {"name": "x" * 30}} for i in range(10)]
    >>> [len(b) for b in batches(rows, "Q", 4, lambda v: v, 200)]
    [2, 2, 2, 2, 2]
    """
    batch: list[dict[str, Any]] = []
    used = len(query) + 16
    for row in rows:
        row_size = size(encode(row)) + 2
        if batch and (len(batch) >= batch_size or used + row_size > budget):
            yield batch
            batch, used = [], len(query) + 16
        batch.append(row)
        used += row_size
    if batch:
        yield batch


@dataclass(slots=True)
class Append:
    """One append statement's parameters: which element, which property, which piece."""

    keys: dict[str, Any]
    prop: str
    piece: Any


def split_row(
    row: dict[str, Any], keys: tuple[str, ...], encode: Encode, budget: int
) -> tuple[dict[str, Any], list[Append], int]:
    """``row`` cut to fit: (first row, appends that complete it, list items shortened).

    Properties that fit stay in the first row; each one that does not is set
    empty there and sent in pieces.

    >>> row = {"id": "e1", "props": {"name": "Ana", "bio": "ab" * 100}}
    >>> first, appends, cut = split_row(row, ("id",), lambda v: v, 120)
    >>> first["props"], "".join(a.piece for a in appends) == "ab" * 100, cut
    ({'name': 'Ana', 'bio': ''}, True, 0)
    """
    fixed = {k: row[k] for k in keys}
    room = budget - size(encode(fixed)) - 64
    piece_budget = max(64, budget // 2)
    first_props: dict[str, Any] = {}
    appends: list[Append] = []
    shortened = 0
    for prop, value in sorted(row["props"].items(), key=lambda item: size(encode(item[1]))):
        value_size = size(encode(value)) + len(prop) + 4
        if value_size <= room:
            first_props[prop] = value
            room -= value_size
            continue
        if isinstance(value, str):
            first_props[prop] = ""
            appends.extend(
                Append(fixed, prop, p) for p in _string_pieces(value, encode, piece_budget)
            )
        elif isinstance(value, list):
            first_props[prop] = []
            pieces, cut = _list_pieces(value, encode, piece_budget)
            shortened += cut
            appends.extend(Append(fixed, prop, p) for p in pieces)
        else:  # a number or a flag never gets here; kept whole rather than lost
            first_props[prop] = value
    first = {k: v for k, v in row.items() if k != "props"}
    first["props"] = first_props
    return first, appends, shortened


def _string_pieces(text: str, encode: Encode, budget: int) -> Iterator[str]:
    """Consecutive slices of ``text`` whose encoded size fits ``budget``."""
    start = 0
    step = max(1, budget // 2)
    while start < len(text):
        length = min(step, len(text) - start)
        while length > 1 and size(encode(text[start : start + length])) > budget:
            length //= 2
        yield text[start : start + length]
        start += length


def _list_pieces(items: list[Any], encode: Encode, budget: int) -> tuple[list[list[Any]], int]:
    """Consecutive slices of ``items`` that fit ``budget``; oversized items shortened."""
    pieces: list[list[Any]] = []
    current: list[Any] = []
    used = 2
    shortened = 0
    for item in items:
        if size(encode(item)) + 2 > budget - 2:
            item = _shorten(item, encode, budget - 8)
            shortened += 1
        item_size = size(encode(item)) + 2
        if current and used + item_size > budget:
            pieces.append(current)
            current, used = [], 2
        current.append(item)
        used += item_size
    if current:
        pieces.append(current)
    return pieces, shortened


def _shorten(item: Any, encode: Encode, budget: int) -> Any:
    """A string item cut to fit, ending with an ellipsis; other items as they are."""
    if not isinstance(item, str):
        return item
    text = item
    while text and size(encode(text + _ELLIPSIS)) > budget:
        text = text[: int(len(text) * 0.9)]
    return text + _ELLIPSIS
