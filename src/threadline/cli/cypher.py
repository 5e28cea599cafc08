"""``threadline cypher``: run Cypher on the embedded store (``Workspace.cypher``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    FormatOption,
    IdsOption,
    WorkspaceOption,
    handle_errors,
    open_workspace,
    parse_params,
)
from threadline.cli.output import OutputFormat, emit
from threadline.errors import ConfigError

_CASTS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "float": float,
    "str": str,
    "json": json.loads,
}


def typed_params(raw: dict[str, str]) -> dict[str, Any]:
    """``name=value`` is text; ``name:int=5``, ``:float``, ``:json`` give other types.

    >>> typed_params({"name": "Acme", "n:int": "5", "ids:json": '["a", "b"]'})
    {'name': 'Acme', 'n': 5, 'ids': ['a', 'b']}
    """
    params: dict[str, Any] = {}
    for key, value in raw.items():
        name, _, kind = key.partition(":")
        if not kind:
            params[name] = value
            continue
        cast = _CASTS.get(kind)
        if cast is None:
            raise ConfigError(f"--param {key}: unknown type {kind!r} (int, float, str, json)")
        try:
            params[name] = cast(value)
        except ValueError as exc:
            raise ConfigError(f"--param {key}={value!r}: not a valid {kind}") from exc
    return params


@app.command("cypher")
@handle_errors
def cypher_command(
    query: Annotated[str, typer.Argument(help="A Cypher query; values as $name parameters.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="name=value (text), or name:int=5, name:json=[...]."),
    ] = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    fmt: FormatOption = OutputFormat.table,
    ids: IdsOption = False,
) -> None:
    """Run a Cypher query on the workspace's embedded store.

    Example: threadline cypher "MATCH (p:Person)-[r:WORKS_FOR]->(o) WHERE o.name = $org
    RETURN p.name, r.role" --param org="Coastal Energy Alliance"
    """
    ws = open_workspace(workspace)
    rows = ws.cypher(query, **typed_params(parse_params(param)))
    emit(rows, fmt, ids=ids, titles=ws.document_titles())
