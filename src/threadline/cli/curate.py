"""``threadline entities merge|split|rename|retype|reject|undo``: correct the entities.

Each verb records a judgement in ``WORKSPACE/judgements.yaml`` (``Workspace.judge``;
``undo`` takes the last back) and refreshes the workspace's graph and store from
the extraction cache, so the change shows at once and survives every later
build. No NLP runs here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from threadline.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, handle_errors
from threadline.cli.entities import NameArgument, TypeOption, _open, entities_app
from threadline.cli.output import stdout

NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", help="Why: kept with the judgement.")
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Record it even when it joins different types or loses relations."
    ),
]


# -- curation ---------------------------------------------------------------------


@entities_app.command("merge")
@handle_errors
def merge_command(
    name: NameArgument,
    other: Annotated[str, typer.Argument(help="The entity that joins NAME.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    entity_type: TypeOption = None,
    note: NoteOption = None,
    force: ForceOption = False,
) -> None:
    """Make OTHER and NAME one entity, named NAME.

    Example: threadline entities merge 'Jin Xinjiang' 'Julien Jin' -w case
    """
    _curate(workspace, "merge", name, other, entity_type, note, force)


@entities_app.command("split")
@handle_errors
def split_command(
    name: NameArgument,
    alias: Annotated[str, typer.Argument(help="The name to take out into its own entity.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    entity_type: TypeOption = None,
    note: NoteOption = None,
    force: ForceOption = False,
) -> None:
    """Undo a merge: the documents' entities called ALIAS leave NAME and stand alone.

    Example: threadline entities split 'Chinese Communist Party' CCP -w case
    """
    _curate(workspace, "split", name, alias, entity_type, note, force)


@entities_app.command("rename")
@handle_errors
def rename_command(
    name: NameArgument,
    new_name: Annotated[str, typer.Argument(help="The new canonical name.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    entity_type: TypeOption = None,
    note: NoteOption = None,
    force: ForceOption = False,
) -> None:
    """Give an entity another canonical name (its id follows the name).

    Example: threadline entities rename 'Xinjiang Jin' 'Jin Xinjiang' -w case
    """
    _curate(workspace, "rename", name, new_name, entity_type, note, force)


@entities_app.command("retype")
@handle_errors
def retype_command(
    name: NameArgument,
    new_type: Annotated[str, typer.Argument(help="An entity type of the ontology.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    entity_type: TypeOption = None,
    note: NoteOption = None,
    force: ForceOption = False,
) -> None:
    """Change an entity's type.

    Example: threadline entities retype 'Hebei Talent Exchange' Organization -w case
    """
    _curate(workspace, "retype", name, new_type, entity_type, note, force)


@entities_app.command("reject")
@handle_errors
def reject_command(
    name: NameArgument,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    entity_type: TypeOption = None,
    note: NoteOption = None,
    force: ForceOption = False,
) -> None:
    """Drop a false entity, with its relations.

    Example: threadline entities reject 'Monday' -w case --note 'a date, not a person'
    """
    _curate(workspace, "reject", name, None, entity_type, note, force)


def _curate(
    workspace: Path,
    action: str,
    name: str,
    argument: str | None,
    entity_type: str | None,
    note: str | None,
    force: bool = False,
) -> None:
    change = _open(workspace).judge(
        action, name, argument, entity_type=entity_type, note=note, force=force
    )
    lines = [change.outcome, f"  {change.summary()}"]
    lines += [f"  forced: {warning}" for warning in change.warnings]
    lines.append(f"  take it back with 'threadline entities undo -w {workspace}'")
    for line in lines:
        stdout.print(line, markup=False, highlight=False)


@entities_app.command("undo")
@handle_errors
def undo_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="How many of the last judgements.")
    ] = 1,
) -> None:
    """Take back the last judgement(s): the entities are as they were before it.

    Example: threadline entities undo -w case --count 2
    """
    ws = _open(workspace)
    for judgement in ws.undo(count):
        stdout.print(f"undone: {judgement}", markup=False, highlight=False)
