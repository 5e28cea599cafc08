"""``threadline entities``: look at the resolved entities (and, in ``cli.curate``, correct them).

``list``, ``show``, ``candidates`` and ``judgements`` read the workspace through
``threadline.entity_report``. No NLP runs here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    FormatOption,
    IdsOption,
    WorkspaceOption,
    handle_errors,
    state,
)
from threadline.cli.output import OutputFormat, emit, stdout
from threadline.layout import JUDGEMENTS_FILENAME

if TYPE_CHECKING:
    from threadline.workspace import Workspace

entities_app = typer.Typer(
    name="entities",
    help="List, inspect and curate the resolved entities of a workspace.\n\n"
    "Example: threadline entities merge 'Chinese Communist Party' 'the Party' -w case",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(entities_app, name="entities")

TypeOption = Annotated[
    str | None,
    typer.Option("--type", "-t", help="Entity type (Person, Organization, ...)."),
]
NameArgument = Annotated[str, typer.Argument(help="Entity name, alias or id.")]


def _open(workspace: Path) -> Workspace:
    from threadline.workspace import Workspace

    return Workspace.open(workspace, config=state.config(workspace))


# -- reading ----------------------------------------------------------------------


@entities_app.command("list")
@handle_errors
def list_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    entity_type: TypeOption = None,
    limit: Annotated[int | None, typer.Option("--limit", "-l", help="At most N rows.")] = None,
    fmt: FormatOption = OutputFormat.table,
    ids: IdsOption = False,
) -> None:
    """Entities, most mentioned first.

    Example: threadline entities list --type Person -w case
    """
    from threadline.entity_report import entity_rows

    rows = entity_rows(_open(workspace), entity_type, limit, joined=fmt == OutputFormat.table)
    emit(rows, fmt, title="Entities", ids=ids)


@entities_app.command("show")
@handle_errors
def show_command(
    name: NameArgument,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    fmt: FormatOption = OutputFormat.table,
    ids: IdsOption = False,
) -> None:
    """The profile of one entity: type, aliases, documents, relations with their evidence.

    Example: threadline entities show 'Jin Xinjiang' -w case
    """
    from threadline.entity_report import entity_profile, profile_text

    profile = entity_profile(_open(workspace), name)
    if fmt == OutputFormat.json:
        emit([profile], fmt)
        return
    if fmt == OutputFormat.csv:
        emit(profile["relations"], fmt)
        return
    # Text from documents is printed literally, never as markup.
    stdout.print(profile_text(profile, ids=ids), markup=False, highlight=False)


@entities_app.command("candidates")
@handle_errors
def candidates_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    limit: Annotated[int, typer.Option("--limit", "-l", help="At most N pairs.")] = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Likely duplicates left for review, with scores and sample mentions.

    Merge a pair with 'threadline entities merge A B'.
    Example: threadline entities candidates --limit 20 -w case
    """
    from threadline.entity_report import candidate_rows

    rows = candidate_rows(_open(workspace), limit, joined=fmt != OutputFormat.json)
    emit(rows, fmt, title="Candidates for review")


@entities_app.command("judgements")
@handle_errors
def judgements_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The recorded judgements, in the order they apply, and whether each still applies.

    Example: threadline entities judgements -w case
    """
    from threadline.entity_report import judgement_rows

    ws = _open(workspace)
    rows = judgement_rows(ws)
    emit(rows, fmt, title=f"Judgements ({ws.path / JUDGEMENTS_FILENAME})")
