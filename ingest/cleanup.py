"""Text cleanup: the text users later see quoted as evidence.

Real inputs are scraped pages and scanned newspapers: words hyphenated across
line breaks, sentences broken over lines, curly and straight quotes mixed, page
furniture ("Skip to content", "Briefings - 244. page"), captions printed twice,
and OCR column fragments (runs of short broken lines from a neighbouring column
or a pull quote). Each rule below removes one of these; the patterns and
character tables live in ``cleanup.yaml`` so they can grow without code.

The rules run as regular expressions over the whole text, or as a single pass
over its lines; nothing loops over characters in Python, so cleaning stays cheap
next to NLP. The pipeline is repeated until the text stops changing (removing a
line can make two others adjacent, which another rule then acts on), which makes
``clean_text`` idempotent: cleaning a cleaned text changes nothing.

>>> clean_text("Skip to content\\n\\nHe allegedly fab-\\nricated \\u201cevidence\\u201d.").text
'He allegedly fabricated "evidence".'
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from threadline.datafiles import CleanupFile, check, read_yaml

RULES = (
    "characters",
    "whitespace",
    "boilerplate",
    "duplicates",
    "ocr_fragments",
    "hyphenation",
    "line_joins",
)

# Control characters other than tab and newline (NUL included) carry no text.
_CONTROL = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_C1_CONTROL = {c: None for c in range(0x80, 0xA0)}

# Only runs and tabs: replacing every single space costs time on huge texts.
_HORIZONTAL_SPACE = re.compile(r"[ \t]{2,}|\t")
_BLANK_RUNS = re.compile(r"\n{3,}")
# A letter, a hyphen at the end of a line (maybe followed by one blank line, as
# OCR leaves it), then a lower-case letter: the hyphen only broke the word.
_HYPHEN_BREAK = re.compile(r"-\n\n?(?=[a-z])")
_TERMINAL = re.compile(r"""[.!?:;…"')\]»]$""")
_LOWER_WORD_START = re.compile(r"[a-z][a-z'-]*(?!:/)(?:[\s,.;:!?)]|$)")
_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]|[-*•#])\s")
_KEY_DROP = re.compile(r"[\W_]+")
_MAX_PASSES = 12
_BOILERPLATE_MAX_CHARS = 300
_LONG_LINE = 2000


@dataclass(frozen=True, slots=True)
class CleanupRules:
    """The data of ``cleanup.yaml``, compiled."""

    characters: dict[int, str | None]
    boilerplate: re.Pattern[str]
    fragment_max_chars: int
    fragment_min_run: int
    fragment_broken_share: float
    duplicate_min_key: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CleanupRules:
        table: dict[int, str | None] = {**_CONTROL, **_C1_CONTROL}
        for char, replacement in (data.get("characters") or {}).items():
            table[ord(char)] = replacement or None
        patterns = [f"(?:{entry['pattern']})" for entry in data.get("boilerplate") or []]
        # One alternation, tried against whole lines.
        body = "|".join(patterns) or r"(?!)"
        boilerplate = re.compile(rf"(?:{body})[ \t]*", re.IGNORECASE)
        fragments = data.get("fragments") or {}
        return cls(
            characters=table,
            boilerplate=boilerplate,
            fragment_max_chars=int(fragments.get("max_line_chars", 48)),
            fragment_min_run=int(fragments.get("min_run", 3)),
            fragment_broken_share=float(fragments.get("min_broken_share", 0.34)),
            duplicate_min_key=int((data.get("duplicates") or {}).get("min_key_chars", 20)),
        )


def load_rules_data() -> dict[str, Any]:
    """The raw rule data shipped in ``cleanup.yaml`` (tests read its examples)."""
    text = resources.files("threadline.ingest").joinpath("cleanup.yaml").read_text("utf-8")
    data = read_yaml(text, "cleanup.yaml")
    check(CleanupFile, data, "cleanup.yaml")
    return data


@lru_cache(maxsize=1)
def default_rules() -> CleanupRules:
    """The shipped rules, compiled once per process."""
    return CleanupRules.from_data(load_rules_data())


@dataclass(slots=True)
class CleanupResult:
    """Cleaned text and how many characters each rule removed."""

    text: str
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RULES, 0))

    @property
    def total_removed(self) -> int:
        return sum(self.removed.values())


def clean_text(text: str, rules: CleanupRules | None = None) -> CleanupResult:
    """Clean ``text`` with every rule, repeated until nothing changes.

    ``removed`` counts characters per rule (joins count the line breaks and
    hyphens they remove; a ligature expanded to two letters counts as -1).

    >>> r = clean_text("Alex Wu\\nAlex Wu\\nRelated Topics\\n")
    >>> r.text, r.removed["duplicates"], r.removed["boilerplate"]
    ('Alex Wu', 8, 15)
    """
    rules = rules or default_rules()
    result = CleanupResult(text="")
    current = _normalize_newlines(text)
    for _ in range(_MAX_PASSES):
        current, changed_lines = _one_pass(current, rules, result.removed)
        # Character and whitespace rules are idempotent by themselves: only a
        # pass that removed or joined lines can enable more work.
        if not changed_lines:
            break
    result.text = current
    return result


def clean(text: str) -> str:
    """The cleaned text only, with the shipped rules.

    >>> clean("  Two   spaces\\u00a0and a\\u200b zero-width space.  ")
    'Two spaces and a zero-width space.'
    """
    return clean_text(text).text


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _one_pass(text: str, rules: CleanupRules, removed: dict[str, int]) -> tuple[str, bool]:
    """Apply every rule once; also say whether any line was removed or joined."""
    text = _apply("characters", _normalize_characters, text, rules, removed)
    text = _apply("whitespace", lambda t, _r: _normalize_whitespace(t), text, rules, removed)
    before = text
    text = _apply("boilerplate", _drop_boilerplate, text, rules, removed)
    text = _apply("ocr_fragments", _drop_fragments, text, rules, removed)
    text = _apply("hyphenation", lambda t, _r: _join_hyphenated(t), text, rules, removed)
    text = _apply("line_joins", lambda t, _r: _join_broken_lines(t), text, rules, removed)
    text = _apply("duplicates", _drop_duplicate_lines, text, rules, removed)
    changed_lines = text != before
    text = _apply("whitespace", lambda t, _r: _normalize_whitespace(t), text, rules, removed)
    return text, changed_lines


def _apply(
    name: str,
    step: Callable[[str, CleanupRules], str],
    text: str,
    rules: CleanupRules,
    removed: dict[str, int],
) -> str:
    after = step(text, rules)
    removed[name] += len(text) - len(after)
    return after


# A zero-width joiner between two Latin, Greek or Cyrillic letters joins nothing
# and only hides a name from search ("Sm\u200dith"); in emoji sequences and in
# scripts that use it for ligatures it stays.
_JOINER_IN_WORD = re.compile("(?<=[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])\u200d"
                             "(?=[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])")  # fmt: skip


# A character written as an HTML reference in plain text ("S&#227;o Paulo", "&pound;5m"),
# which a scraper left behind: the name it cuts in two is found only once decoded.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def _decode_references(text: str) -> str:
    """Character references decoded; an unknown name ("&Kestrel;") stays as written.

    >>> _decode_references("S&#227;o Paulo &amp; &pound;5m &Kestrel;")
    'São Paulo & £5m &Kestrel;'
    """
    # "&amp;#233;" decodes to a reference: rounds until none is left (each one shortens
    # the text, so they end), which keeps cleaning idempotent.
    while (decoded := _CHARACTER_REFERENCE.sub(_decode, text)) != text:
        text = decoded
    return text


def _decode(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def _normalize_characters(text: str, rules: CleanupRules) -> str:
    """Character references decoded, characters mapped by the rules, joiners inside
    words dropped, then NFC.

    >>> _normalize_characters("Sm\u200dith 👩\u200d💻", default_rules())
    'Smith 👩\u200d💻'
    """
    if "&" in text:
        text = _decode_references(text)
    # Translate first, then compose: deleting an invisible character can bring a
    # combining mark next to its base letter.
    text = unicodedata.normalize("NFC", text.translate(rules.characters))
    # After composing: a letter spelled with a combining accent only counts as
    # a letter once composed, and dropping a joiner between two letters never
    # enables another composition, so the step stays idempotent.
    if "\u200d" in text:
        text = _JOINER_IN_WORD.sub("", text)
    return text


def _drop_boilerplate(text: str, rules: CleanupRules) -> str:
    # Boilerplate lines are short; long lines are never tried (keeps this cheap).
    lines = text.split("\n")
    kept = [
        line
        for line in lines
        if not line or len(line) > _BOILERPLATE_MAX_CHARS or not rules.boilerplate.fullmatch(line)
    ]
    return text if len(kept) == len(lines) else "\n".join(kept)


def _normalize_whitespace(text: str) -> str:
    if "  " in text or "\t" in text:
        text = _HORIZONTAL_SPACE.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip(" \n")


def _join_hyphenated(text: str) -> str:
    """Join a word the line break hyphenated: "fab-" + newline + "ricated"."""
    if "-\n" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1 : match.start()]
        return "" if before.isalpha() else match.group(0)

    return _HYPHEN_BREAK.sub(join, text)


def _key(line: str) -> str:
    # Long lines compare on letters and spaces only, cheaply: they are
    # paragraphs, and their repeats are exact ones.
    if len(line) > _LONG_LINE:
        return "".join(line.casefold().split())
    return _KEY_DROP.sub("", line.casefold())


def _drop_duplicate_lines(text: str, rules: CleanupRules) -> str:
    """Drop a line seen before (photo captions printed twice, repeated paragraphs).

    Lines compare by their letters and digits only, so a caption repeated with
    its credit in or out of brackets still counts as the same line.
    """
    seen: set[str] = set()
    kept: list[str] = []
    previous_key = None
    for line in text.split("\n"):
        if not line:
            kept.append(line)
            continue
        key = _key(line)
        if key and (key == previous_key or (len(key) >= rules.duplicate_min_key and key in seen)):
            continue
        seen.add(key)
        previous_key = key
        kept.append(line)
    return "\n".join(kept)


def _is_short(line: str, max_chars: int) -> bool:
    return 0 < len(line) <= max_chars and not _LIST_ITEM.match(line)


def _is_broken(line: str) -> bool:
    return line[:1].islower() or line.endswith("-")


def _drop_fragments(text: str, rules: CleanupRules) -> str:
    """Remove runs of short, visibly broken lines: OCR column fragments.

    A scanned page read across columns leaves runs such as "sell better when
    they" / "are imported back to" between full paragraphs. A run needs several
    short lines (blank lines between them allowed) of which a share starts in
    lower case or ends with a hyphen; short headings, lists and tables of
    "Label: value" lines rarely do. A long line starting in lower case right
    after a removed run is the tail of the same broken text and goes with it.
    """
    lines = text.split("\n")
    prose = 2 * rules.fragment_max_chars
    if not any(len(line) > prose for line in lines):
        return text  # no prose for fragments to interrupt: a list, a poem, a note
    content = [i for i, line in enumerate(lines) if line]
    drop: set[int] = set()
    run: list[int] = []

    def close_run() -> None:
        if len(run) >= rules.fragment_min_run:
            broken = sum(1 for i in run if _is_broken(lines[i]))
            if broken / len(run) >= rules.fragment_broken_share:
                drop.update(run)
        run.clear()

    previous = -1
    for i in content:
        line = lines[i]
        if _is_short(line, rules.fragment_max_chars):
            run.append(i)
        else:
            close_run()
            if (
                line[:1].islower()
                and previous in drop
                and len(line) <= 2 * rules.fragment_max_chars
            ):
                drop.add(i)
        previous = i
    close_run()
    if not drop:
        return text
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _join_broken_lines(text: str) -> str:
    """Join lines broken mid-sentence back into paragraphs.

    Within a block (lines with no blank line between them), a line that does not
    end a sentence is joined to the next when the next starts with a lower-case
    word, when it ends with a comma, or when its own last word is lower case and
    it is nearly as long as the block's longest line (hard-wrapped prose; a short
    heading is not). Across a blank line only the first case joins, and only
    after a line long enough not to be a heading.
    """
    if "\n" not in text:
        return text
    blocks = text.split("\n\n")
    joined_blocks: list[str] = []
    for block in blocks:
        lines = block.split("\n")
        if len(lines) == 1:
            joined_blocks.append(block)
            continue
        longest = max(len(line) for line in lines)
        out = [lines[0]]
        for line in lines[1:]:
            previous = out[-1]
            if _continues(previous, line, longest):
                out[-1] = previous + " " + line
            else:
                out.append(line)
        joined_blocks.append("\n".join(out))
    # Across blank lines: OCR often puts a paragraph break mid-sentence.
    out_blocks = [joined_blocks[0]]
    for block in joined_blocks[1:]:
        previous = out_blocks[-1]
        last_line = previous.rsplit("\n", 1)[-1]
        if (
            len(last_line) >= 40
            and not _TERMINAL.search(last_line)
            and _LOWER_WORD_START.match(block)
        ):
            out_blocks[-1] = previous + " " + block
        else:
            out_blocks.append(block)
    return "\n\n".join(out_blocks)


def _continues(previous: str, line: str, longest: int) -> bool:
    if not previous or not line or _TERMINAL.search(previous) or _LIST_ITEM.match(line):
        return False
    if _LOWER_WORD_START.match(line) or previous.endswith(","):
        return True
    last_word = previous.rsplit(" ", 1)[-1]
    return bool(last_word[:1].islower() and len(previous) >= 30 and len(previous) >= 0.6 * longest)
