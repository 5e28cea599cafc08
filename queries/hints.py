"""Help a user who typed something slightly wrong: close names, Cypher dialect pointers.

An error that only says "no entity named 'Elena Vargas'" leaves the user to
guess; one that adds "did you mean 'Elena Varga'?" ends the search. The same
goes for a query written for Neo4j that the embedded store refuses: naming the
LadybugDB spelling (``label(r)`` for ``type(r)``) saves a trip to the manual.

>>> did_you_mean("Elena Vargas", ["Elena Varga", "Helga Brandt", "NIAM"])
" (did you mean 'Elena Varga'?)"
>>> did_you_mean("xyz", ["Elena Varga"])
''
>>> missing_parameters("MATCH (o) WHERE o.name = $name AND o.x = '$not' RETURN o", {})
['name']
>>> dialect_hint("MATCH ()-[r]->() RETURN type(r)")
'the embedded store (LadybugDB) writes label(r), not type(r)'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from threadline.lookup import close_matches, did_you_mean

__all__ = ["close_matches", "dialect_hint", "did_you_mean", "missing_parameters"]

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def missing_parameters(cypher: str, params: Mapping[str, Any]) -> list[str]:
    """The ``$name`` parameters a query uses and ``params`` does not give, in order.

    Text inside quotes and comments is not a parameter.
    """
    code = _STRING.sub("''", _COMMENT.sub(" ", cypher))
    missing: list[str] = []
    for name in _PARAMETER.findall(code):
        if name not in params and name not in missing:
            missing.append(name)
    return missing


# (pattern in the query, the hint) for Neo4j spellings LadybugDB does not take.
_DIALECT = [
    (re.compile(r"\btype\s*\(", re.I), "label(r), not type(r)"),
    (re.compile(r"\blabels\s*\(", re.I), "label(n), not labels(n)"),
    (
        re.compile(r"\b(all)?shortestPath\s*\(", re.I),
        "-[* SHORTEST 1..k]- (or * ALL SHORTEST), not shortestPath()",
    ),
    (
        re.compile(r"\[\s*\w+\s+IN\s+[^\]|]+\|", re.I),
        "list_transform(xs, x -> ...), not [x IN xs | ...]",
    ),
    (
        re.compile(r"\b(startNode|endNode)\s*\(", re.I),
        "(r)._SRC = id(n) / (r)._DST = id(n), not startNode(r) / endNode(r)",
    ),
    (re.compile(r"\bSET\s+\w+\s*:\s*\w+", re.I), "no SET n:Label (one node table per type)"),
]


def dialect_hint(cypher: str) -> str:
    """What to write instead, when the query uses a Neo4j spelling LadybugDB refuses; else ''."""
    found = [hint for pattern, hint in _DIALECT if pattern.search(cypher)]
    if not found:
        return ""
    return "the embedded store (LadybugDB) writes " + "; ".join(found)
