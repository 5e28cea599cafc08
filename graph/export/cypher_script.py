"""An idempotent Cypher script for ``cypher-shell``: constraints first, then batched MERGEs.

The script is the push plan (``cypher_plan``) with each batch of rows written
as a list literal, one statement per line. Running it twice leaves the same
graph: nodes merge on their id, relationships on their ends, type and key.
String literals escape backslashes, quotes and line breaks, and write other
control characters as ``\\uXXXX``; the rest of Unicode is written as is, so a
name reads the same in the script as in the documents.

>>> print(literal("O'Brien \\\\ \\"Lex\\"\\nline 2"))
'O\\'Brien \\\\ "Lex"\\nline 2'
>>> literal({"name": "Ana", "aliases": ["A.", None], "score": 0.5})
"{name: 'Ana', aliases: ['A.', null], score: 0.5}"
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from threadline.errors import StoreError
from threadline.graph.export.common import check_identifier
from threadline.graph.export.cypher_plan import CONSTRAINTS, INDEXES, plan
from threadline.graph.ontology import Ontology

BATCH_SIZE = 500

_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
# Characters escaped in string literals: the ones above, other C0 controls,
# DEL, lone surrogates, and the Unicode line/paragraph separators.
_NEEDS_ESCAPE = re.compile("[\\\\'\x00-\x1f\x7f\u0085\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def literal(value: Any) -> str:
    """``value`` as a Cypher literal: null, booleans, numbers, strings, lists and maps."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return "'" + _NEEDS_ESCAPE.sub(_escape, value) + "'"
    if isinstance(value, Mapping):
        items = (f"{check_identifier(str(k), 'map key')}: {literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return literal(str(value))


def statements(
    graph: nx.MultiDiGraph,
    ontology: Ontology | None = None,
    mentions: Mapping[tuple[str, str], int] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[str]:
    """Every statement of the script, without the trailing semicolon, schema first."""
    ontology = ontology or Ontology.load()
    yield from CONSTRAINTS
    yield from INDEXES
    for step in plan(graph, ontology, mentions):
        for start in range(0, len(step.rows), batch_size):
            rows = literal(step.rows[start : start + batch_size])
            yield step.query.replace("UNWIND $rows AS row", f"UNWIND {rows} AS row", 1)


def write(
    graph: nx.MultiDiGraph,
    path: str | Path,
    ontology: Ontology | None = None,
    mentions: Mapping[tuple[str, str], int] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Path:
    """Write the script to ``path``: comment header, then one statement per line ending in ``;``."""
    path = Path(path)
    header = (
        "// threadline graph as Cypher: idempotent (MERGE on ids and keys), safe to re-run.\n"
        "// Run: cypher-shell -a bolt://localhost:7687 -u neo4j -f " + path.name + "\n"
        "// Constraints use Neo4j 5 syntax; other openCypher servers may reject those lines.\n"
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(header)
            for statement in statements(graph, ontology, mentions, batch_size):
                stream.write(statement + ";\n")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write Cypher script ({exc.strerror})") from exc
    return path
