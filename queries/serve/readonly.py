"""Refuse Cypher that could change the store, before it reaches the engine.

The explorer opens the embedded store read-only, so a write fails there too;
this check gives a clear message first and also covers clauses a read-only
database might still accept (loading extensions, attaching files, exporting).
Keywords are looked for outside string literals, backtick names and comments,
so ``MATCH (n {name: 'SET'})`` is allowed.

>>> check_read_only("MATCH (p:Person) RETURN p.name LIMIT 5")
>>> check_read_only("MATCH (n) DELETE n")
Traceback (most recent call last):
...
threadline.errors.QueryError: the console is read-only: DELETE is not allowed
>>> check_read_only("MATCH (n {name: 'CREATE'}) RETURN n // SET x")
"""

from __future__ import annotations

import re

from threadline.errors import QueryError

WRITE_KEYWORDS = (
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "COPY", "ALTER",
    "INSTALL", "LOAD", "ATTACH", "USE", "EXPORT", "IMPORT", "CHECKPOINT",
    "BEGIN", "COMMIT", "ROLLBACK", "FOREACH", "UPDATE", "INSERT", "TRUNCATE",
)  # fmt: skip
# Procedures that only read the catalog of the database.
READ_PROCEDURES = ("show_tables", "table_info", "show_connection", "db_version")

_LITERALS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL
)
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_QUERY_LENGTH = 20_000


def check_read_only(cypher: str) -> None:
    """Raise ``QueryError`` when ``cypher`` holds a clause that writes or loads."""
    if not cypher.strip():
        raise QueryError("the query is empty")
    if len(cypher) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    bare = _LITERALS.sub(" ", cypher)
    words = [w.upper() for w in _WORDS.findall(bare)]
    for word in words:
        if word in WRITE_KEYWORDS:
            raise QueryError(f"the console is read-only: {word} is not allowed")
    for match in re.finditer(r"\bCALL\s+([A-Za-z_][A-Za-z0-9_.]*)", bare, re.IGNORECASE):
        if match.group(1).lower() not in READ_PROCEDURES:
            raise QueryError(
                f"the console is read-only: CALL {match.group(1)} is not allowed "
                f"(allowed: {', '.join(READ_PROCEDURES)})"
            )
    if ";" in bare.strip().rstrip(";"):
        raise QueryError("one statement at a time: remove the ';' between statements")
