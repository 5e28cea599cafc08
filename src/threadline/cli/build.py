"""``threadline build``: documents in, a queryable graph out (``Workspace.build``)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    EXIT_FAILED,
    FormatOption,
    WorkspaceOption,
    handle_errors,
    open_workspace,
    state,
)
from threadline.cli.output import OutputFormat, console

if TYPE_CHECKING:
    from threadline.workspace import BuildReport


class Executor(StrEnum):
    local = "local"
    dask = "dask"


@app.command("build")
@handle_errors
def build_command(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders to read ('-' reads standard input).")
    ],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Discard the cache and build from scratch.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop documents of files not among PATHS.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-j",
            min=0,
            help="NLP processes (0: one per core); with --scheduler, workers to wait for.",
        ),
    ] = 0,
    executor: Annotated[
        Executor | None,
        typer.Option(
            "--executor",
            help="Where extraction runs: local processes, or a Dask cluster "
            "(default: [build] executor, else local).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="tcp://HOST:8786",
            help="Dask scheduler to extract on; without it, --executor dask starts a local cluster.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read the inputs and report; change nothing.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Build or update a workspace from documents; only new or changed ones are processed.

    Example: threadline build reports/ leaks.jsonl -w case-workspace

    On a Dask cluster: threadline build reports/ -w case --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from contextlib import nullcontext

    from threadline.progress import ProgressDisplay

    ws = open_workspace(workspace)
    # The build reports each file read and each document extracted (as its
    # worker finishes it); this only renders those events.
    display = ProgressDisplay() if state.verbosity >= 0 else None
    with display or nullcontext():
        report = ws.build(
            paths,
            rebuild=rebuild,
            prune=prune,
            workers=workers,
            progress=display or False,
            dry_run=dry_run,
            executor=executor.value if executor else None,
            scheduler=scheduler,
        )
    for failure in report.failures:
        console.print(
            f"threadline: failed: {failure['path']}: {failure['reason']}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif state.verbosity >= 0:
        print_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


def print_report(report: BuildReport) -> None:
    """The end-of-build summary for people (stderr-free: it is the command's output)."""
    from threadline.cli.output import stdout

    if report.dry_run:
        print_plan(report)
    verb = "would process" if report.dry_run else "processed"
    stdout.print(
        f"{report.workspace}: {report.files} files; documents: {report.documents_new} new "
        f"({verb}), {report.documents_unchanged} unchanged, {report.documents_removed} removed, "
        f"{len(report.failures)} files failed; {report.documents} documents in the workspace",
        markup=False,
        highlight=False,
    )
    if report.dry_run:
        return
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column("entities")
    table.add_column("", justify="right")
    table.add_column("relations")
    table.add_column("", justify="right")
    entities = sorted(report.entities_by_type.items())
    relations = sorted(report.relations_by_type.items())
    entities.append(("total", report.entities))
    relations.append(("total typed", report.relations))
    relations.append(("MENTIONED_WITH", report.comentions))
    for i in range(max(len(entities), len(relations))):
        e = entities[i] if i < len(entities) else ("", "")
        r = relations[i] if i < len(relations) else ("", "")
        table.add_row(e[0], str(e[1]), r[0], str(r[1]))
    stdout.print(table)
    for issue in report.judgements_not_applied:
        stdout.print(f"not applied: {issue}", markup=False, highlight=False)
    if report.judgements_not_applied:
        stdout.print(
            "review them with 'threadline entities judgements'", markup=False, highlight=False
        )
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.seconds.items())
    note = "" if report.graph_changed else " (graph and store unchanged)"
    stdout.print(f"time: {stages}{note}", markup=False, highlight=False)


def print_plan(report: BuildReport) -> None:
    """One line per input of a dry run: what the build would do with it, and why."""
    from threadline.cli.output import stdout

    counts: dict[str, int] = {}
    for item in report.plan:
        counts[item["action"]] = counts.get(item["action"], 0) + 1
        stdout.print(
            f"{item['action']:<9} {item['path']}  ({item['reason']})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if counts:
        listed = ", ".join(f"{n} {action}" for action, n in counts.items())
        stdout.print(f"dry run, nothing written: {listed}", markup=False, highlight=False)
