"""``threadline entities``: look at the resolved entities and correct them.

``list``, ``show`` and ``candidates`` read the workspace; ``merge``, ``split``,
``rename``, ``retype`` and ``reject`` record a judgement in
``WORKSPACE/judgements.yaml`` (``Workspace.curate``; ``undo`` takes the last back)
and refresh the workspace's graph and store from the extraction cache, so the
change shows at once and survives every later build. No NLP runs here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    FormatOption,
    IdsOption,
    OutputFormat,
    WorkspaceOption,
    document_titles,
    emit,
    handle_errors,
    state,
    stdout,
)

if TYPE_CHECKING:
    from threadline.graph.curation import Judgement
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
NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", help="Why: kept with the judgement.")
]
NameArgument = Annotated[str, typer.Argument(help="Entity name, alias or id.")]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Record it even when it joins different types or loses relations."
    ),
]


def _open(workspace: Path) -> Workspace:
    from threadline.workspace import Workspace

    return Workspace.open(workspace, config=state.config(workspace))


def _known_type(ws: Workspace, entity_type: str) -> str:
    """The ontology's spelling of ``entity_type``; a QueryError with suggestions when unknown."""
    from threadline.errors import QueryError
    from threadline.queries.hints import did_you_mean

    known = list(ws.ontology.entity_types)
    folded = {t.casefold(): t for t in known}
    if entity_type.casefold() in folded:
        return folded[entity_type.casefold()]
    raise QueryError(
        f"--type: unknown entity type {entity_type!r}{did_you_mean(entity_type, known)}; "
        f"known: {', '.join(known)}"
    )


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
    ws = _open(workspace)
    if entity_type is not None:
        entity_type = _known_type(ws, entity_type)
    resolution = ws.resolution()
    entities = [
        e for e in resolution.entities.values() if entity_type is None or e.type == entity_type
    ]
    entities.sort(key=lambda e: (-e.mention_count, e.name, e.id))
    rows = [
        {
            "name": e.name,
            "type": e.type,
            "mentions": e.mention_count,
            "documents": len(e.doc_ids),
            "aliases": "; ".join(e.aliases) if fmt == OutputFormat.table else e.aliases,
            "id": e.id,
        }
        for e in entities[:limit]
    ]
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
    ws = _open(workspace)
    profile = entity_profile(ws.entity(name), _titles(ws))
    resolved = ws.resolution().entities.get(profile["id"])
    profile["type_votes"] = dict(resolved.type_votes) if resolved else {}
    profile["type_cues"] = list(resolved.type_cues) if resolved else []
    if fmt == OutputFormat.json:
        emit([profile], fmt)
        return
    if fmt == OutputFormat.csv:
        emit(profile["relations"], fmt)
        return
    _print_profile(profile, ids=ids)


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
    ws = _open(workspace)
    resolution = ws.resolution()
    titles = _titles(ws)
    rows = []
    for candidate in resolution.candidates[:limit]:
        a, b = resolution.entities[candidate.a], resolution.entities[candidate.b]
        rows.append(
            {
                "score": candidate.score or None,
                "reason": candidate.reason,
                "type": a.type if a.type == b.type else f"{a.type}/{b.type}",
                "a": a.name,
                "b": b.name,
                "a_mentions": _samples(resolution, a.id, titles, fmt),
                "b_mentions": _samples(resolution, b.id, titles, fmt),
            }
        )
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
    from threadline.graph.curation import ARGUMENT_KEYS, Judgements

    ws = _open(workspace)
    issues = {issue.index: issue.reason for issue in ws.resolution().issues}
    rows = []
    for number, judgement in enumerate(Judgements.load(ws.path), 1):
        rows.append(
            {
                "#": number,
                "action": judgement.action,
                "name": judgement.name,
                "argument": judgement.argument if ARGUMENT_KEYS[judgement.action] else None,
                "type": judgement.type,
                "at": judgement.at,
                "note": judgement.note,
                "status": issues.get(number - 1, "applied"),
            }
        )
    emit(rows, fmt, title=f"Judgements ({ws.path / 'judgements.yaml'})")


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
    from threadline.graph.curation import Judgement

    ws = _open(workspace)
    if entity_type is not None:
        entity_type = _known_type(ws, entity_type)
    judgement = Judgement(action, name, argument, type=entity_type, note=note)
    change = ws.curate(judgement, force=force)
    stdout.print(_outcome(change.judgement, ws.resolution()), markup=False, highlight=False)
    stdout.print(f"  {change.summary()}", markup=False, highlight=False)
    for warning in change.warnings:
        stdout.print(f"  forced: {warning}", markup=False, highlight=False)
    stdout.print(
        f"  take it back with 'threadline entities undo -w {workspace}'",
        markup=False,
        highlight=False,
    )


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


def _outcome(judgement: Judgement, resolution: Any) -> str:
    """One line saying what the entity looks like now."""
    if judgement.action == "reject":
        return f"recorded: {judgement}"
    shown = judgement.argument if judgement.action in ("split", "rename") else judgement.name
    found = resolution.find(shown or judgement.name)
    if len(found) != 1:
        return f"recorded: {judgement}"
    entity = found[0]
    return f"recorded: {judgement} -> {entity.name} ({entity.type}, id {entity.id})"


# -- presentation -----------------------------------------------------------------


def _titles(ws: Workspace) -> dict[str, str]:
    return document_titles(ws)


def _samples(resolution: Any, canonical_id: str, titles: dict[str, str], fmt: OutputFormat) -> Any:
    samples = [
        {**s, "title": titles.get(s["doc_id"], s["doc_id"])}
        for s in resolution.samples(canonical_id)
    ]
    if fmt == OutputFormat.json:
        return samples
    return " | ".join(f"{s['text']!r} in {s['title']}" for s in samples)


def entity_profile(entity: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """``Workspace.entity`` flattened for reading: one row per relation and evidence sentence."""
    relations = []
    for relation in entity.get("relations") or []:
        ends = (entity.get("name"), relation["name"])
        source, target = ends if relation["direction"] == "out" else ends[::-1]
        for evidence in relation.get("evidence") or [{}]:
            relations.append(
                {
                    "source": source,
                    "type": relation["type"],
                    "target": target,
                    "properties": relation.get("properties") or {},
                    "sentence": evidence.get("sentence"),
                    "document": titles.get(evidence.get("doc_id"), evidence.get("doc_id")),
                    "confidence": evidence.get("confidence"),
                }
            )
    relations.sort(key=lambda r: (r["type"] or "", r["source"] or "", r["target"] or ""))
    return {
        "id": entity["id"],
        "name": entity.get("name"),
        "type": entity.get("type"),
        "aliases": list(entity.get("aliases") or []),
        "mention_count": entity.get("mention_count"),
        "documents": [{"doc_id": d, "title": titles.get(d)} for d in entity.get("doc_ids") or []],
        "relations": relations,
        "mentioned_with": [
            {"entity": c["name"], "count": c["weight"]}
            for c in (entity.get("mentioned_with") or [])[:20]
        ],
    }


def _print_profile(profile: dict[str, Any], ids: bool = False) -> None:
    identity = f", id {profile['id']}" if ids else ""
    out: list[str] = [
        f"{profile['name']}  ({profile['type']}{identity})",
    ]
    if profile.get("type_votes"):
        votes = ", ".join(f"{t} {v:g}" for t, v in profile["type_votes"].items())
        cues = "; ".join(profile.get("type_cues") or []) or "-"
        out.append(f"type evidence: {votes} (deciding: {cues})")
    out += [
        f"aliases: {', '.join(profile['aliases']) or '-'}",
        f"mentions: {profile['mention_count']} in {len(profile['documents'])} document(s)",
    ]
    for doc in profile["documents"]:
        out.append(f"  - {doc['title'] or doc['doc_id']}")
    out.append(f"relations ({len(profile['relations'])}):")
    for rel in profile["relations"]:
        props = ", ".join(f"{k}={v}" for k, v in rel["properties"].items())
        out.append(
            f"  {rel['source']} -[{rel['type']}{' ' + props if props else ''}]-> {rel['target']}"
        )
        if rel["sentence"]:
            out.append(f'      "{rel["sentence"]}" ({rel["document"]})')
    if profile["mentioned_with"]:
        listed = ", ".join(f"{c['entity']} ({c['count']})" for c in profile["mentioned_with"])
        out.append(f"mentioned with: {listed}")
    # Text from documents is printed literally, never as markup.
    stdout.print("\n".join(out), markup=False, highlight=False)
