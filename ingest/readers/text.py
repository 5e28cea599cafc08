"""Plain text and Markdown: detect the encoding, never fail on a bad byte.

Most files are UTF-8, so that is tried first (fast); a byte order mark decides
for UTF-16/32; anything else goes to charset-normalizer. Text that is mostly
UTF-8 with a few broken bytes, or that mixes UTF-8 with a legacy encoding,
keeps the UTF-8 reading with U+FFFD for the broken
bytes rather than being re-read as some legacy encoding. Binary data with a text
extension is refused, not turned into noise.

>>> decode_text(b"caf\\xc3\\xa9", "a.txt")
'café'
>>> decode_text(b"caf\\xe9 cr\\xe8me br\\xfbl\\xe9e, na\\xefve gar\\xe7on", "b.txt")
'café crème brûlée, naïve garçon'
>>> decode_text(b"A " * 100 + b"\\xff ok", "c.txt")[-4:]
'\\ufffd ok'
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.readers.base import RawDocument

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that do not occur in text (tab, newlines, form feed and escape aside).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SAMPLE = 65536
_MAX_BINARY_SHARE = 0.03
_MAX_REPLACEMENT_SHARE = 0.01
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_FENCE = re.compile(r"^```[^\n]*$", re.MULTILINE)
_MD_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text: BOM, then UTF-8, then detection; ``InputError`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    # NUL bytes carry nothing in text (and UTF-16 read as bytes is half NULs):
    # drop them, then judge what is left.
    if b"\0" in data:
        data = data.replace(b"\0", b"")
        if not data.strip():
            raise InputError(name, "only NUL bytes, no text")
    sample = data[:_SAMPLE]
    binary = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if binary > _MAX_BINARY_SHARE * len(sample):
        raise InputError(name, "binary content, not text (wrong extension?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if broken <= _MAX_REPLACEMENT_SHARE * len(lenient) or _has_utf8_sequences(lenient, broken):
        return lenient
    guessed = guess_encoding(data)
    if guessed is None:
        raise InputError(name, "not text in any known encoding")
    return data.decode(guessed, errors="replace")


def _has_utf8_sequences(lenient: str, broken: int) -> bool:
    # Valid multi-byte UTF-8 next to broken bytes means UTF-8 with damage (or
    # mixed encodings): legacy single-byte text almost never forms such sequences.
    non_ascii = len(lenient) - len(lenient.encode("ascii", errors="ignore"))
    return non_ascii > broken


def guess_encoding(data: bytes) -> str | None:
    """The legacy encoding of ``data`` per charset-normalizer, Western ones on ties.

    Short Western-European texts fit cp1250, cp1252 and others equally well;
    among equally good guesses, cp1252 (a superset of Latin-1) is by far the
    likelier for the documents threadline reads.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    chaos = min(m.chaos for m in matches)
    # charset-normalizer may not offer cp1252 at all and then ranks DOS code
    # pages first (Latin-1 "Jürgen" read as cp775 "J³rgen"): take cp1252 when
    # it decodes the bytes with no more mess than the best guess.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if mess_ratio(western[:_SAMPLE]) <= chaos + 0.01:
            return "cp1252"
    tied = [m for m in matches if m.chaos <= chaos + 0.01]
    coherence = max(m.coherence for m in tied)
    tied = [m for m in tied if m.coherence >= coherence - 0.02]
    for preferred in _PREFERRED:
        for match in tied:
            if match.encoding == preferred:
                return preferred
    return tied[0].encoding


def read_text(name: str, data: bytes, config: IngestConfig) -> list[RawDocument]:
    """A .txt file: one raw document (article splitting happens later)."""
    return [RawDocument(text=decode_text(data, name))]


def read_markdown(name: str, data: bytes, config: IngestConfig) -> list[RawDocument]:
    """A .md file: markup stripped, the first heading as title.

    >>> read_markdown("a.md", b"# Port news\\n\\nThe **port** opened [a quay](http://x).", None)[0]
    RawDocument(text='Port news\\n\\nThe port opened a quay.', title='Port news', ...)
    """
    raw = decode_text(data, name)
    text = strip_markdown(raw)
    heading = _MD_HEADING.search(raw)
    title = heading.group(1).strip() if heading else None
    return [RawDocument(text=text, title=_plain(title) if title else None)]


def strip_markdown(text: str) -> str:
    """Markdown syntax out, words in: headings, links, images, emphasis, fences."""
    text = _MD_FRONT_MATTER.sub("", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_FENCE.sub("", text)
    return _plain(text)


def _plain(text: str) -> str:
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text)
