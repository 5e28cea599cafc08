"""Curation flows on a workspace: try a judgement, see what it changes, record it, undo.

The judgement file itself (``Judgement``, ``Judgements``) is
``threadline.graph.curation``, which resolution reads; this module runs
resolution and graph building to test a judgement against the current
documents before it is saved, so that a judgement that names no entity (or an
ambiguous one) is refused and one that would lose relations is flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from threadline.errors import ConfigError, QueryError
from threadline.graph.curation import Judgement, Judgements, now

if TYPE_CHECKING:
    from threadline.config import ResolveConfig
    from threadline.contracts import KnownEntities
    from threadline.graph.model import Extraction
    from threadline.graph.ontology import Ontology
    from threadline.graph.resolve import Resolution

__all__ = [
    "CurationChange",
    "judgement_change",
    "record_judgement",
    "trial_judgement",
    "undo_judgements",
]


def trial_judgement(
    judgements: Judgements,
    judgement: Judgement,
    extractions: Sequence[Extraction],
    ontology: Ontology,
    config: ResolveConfig,
    gazetteer: KnownEntities | None = None,
) -> tuple[Judgement, Resolution, Resolution]:
    """Try a judgement without saving it: (the judgement as it would be recorded, before, after).

    A judgement that names no entity, an ambiguous name or an unknown type
    raises ``QueryError`` (with the closest names when one is misspelt). When
    the name is shared by entities of several types, pass the judgement's
    ``type``. The type of the named entity is recorded with the judgement so
    that it keeps naming the same entity when later documents bring a
    namesake of another type.
    """
    from threadline.graph.resolve import resolve
    from threadline.lookup import did_you_mean

    current = resolve(extractions, ontology, config, gazetteer, judgements)
    names = [n for e in current.entities.values() for n in (e.name, *e.aliases)]
    matches = current.find(judgement.name, judgement.type)
    if not matches:
        raise QueryError(f"no entity named {judgement.name!r}{did_you_mean(judgement.name, names)}")
    if len(matches) > 1:
        listed = "; ".join(f"{e.name} ({e.type})" for e in matches[:5])
        raise QueryError(f"{judgement.name!r} is ambiguous: {listed}. Give its --type.")
    pinned = Judgement(
        action=judgement.action,
        name=judgement.name,
        argument=judgement.argument,
        type=matches[0].type,
        at=judgement.at or now(),
        note=judgement.note,
    )
    trial = Judgements(path=judgements.path, items=[*judgements.items, pinned])
    resolution = resolve(extractions, ontology, config, gazetteer, trial)
    for issue in resolution.issues:
        if issue.index == len(trial.items) - 1:
            hint = ""
            if issue.reason.startswith("no entity named") and pinned.argument:
                hint = did_you_mean(pinned.argument, names)
            raise QueryError(f"{pinned}: {issue.reason}{hint}")
    return pinned, current, resolution


def record_judgement(
    judgements: Judgements,
    judgement: Judgement,
    extractions: Sequence[Extraction],
    ontology: Ontology,
    config: ResolveConfig,
    gazetteer: KnownEntities | None = None,
) -> Resolution:
    """Add a judgement if it applies to the current documents, save, and return the new resolution.

    See ``trial_judgement`` for what is refused; nothing is saved then.
    """
    pinned, _, resolution = trial_judgement(
        judgements, judgement, extractions, ontology, config, gazetteer
    )
    judgements.items.append(pinned)
    judgements.save()
    return resolution


@dataclass(slots=True)
class CurationChange:
    """What a judgement does to the graph, and the warnings that call for ``force``."""

    judgement: Judgement
    entities_before: int = 0
    entities_after: int = 0
    relations_before: int = 0
    relations_after: int = 0
    # Typed relations (as "A -TYPE-> B") whose every sentence the judgement would lose.
    dropped: list[str] = field(default_factory=list)
    # Entity types a merge would join into one entity.
    joined_types: list[str] = field(default_factory=list)
    recorded: bool = False
    # Once recorded: one line saying what the entity looks like now.
    outcome: str = ""

    @property
    def warnings(self) -> list[str]:
        """Why this judgement deserves a second look before it is recorded."""
        found = []
        if len(self.joined_types) > 1:
            found.append(f"joins entities of different types ({' and '.join(self.joined_types)})")
        if self.dropped:
            shown = "; ".join(self.dropped[:3])
            more = f" and {len(self.dropped) - 3} more" if len(self.dropped) > 3 else ""
            found.append(f"drops {len(self.dropped)} relation(s): {shown}{more}")
        return found

    def summary(self) -> str:
        """One line: entities and typed relations before -> after."""
        return (
            f"entities {self.entities_before} -> {self.entities_after}, "
            f"typed relations {self.relations_before} -> {self.relations_after}"
        )


def judgement_change(
    judgement: Judgement,
    before: Resolution,
    after: Resolution,
    extractions: Sequence[Extraction],
    documents: Any,
    ontology: Ontology,
) -> CurationChange:
    """Compare the graph under two resolutions: counts, lost relations, types joined.

    A relation is lost when none of its evidence sentences still gives a typed
    edge: a merge into an entity of the wrong type makes the ontology refuse
    it, a reject drops it on purpose (rejects are not warned about).
    """
    from threadline.graph.build import build_graph
    from threadline.graph.model import MENTIONED_WITH

    def typed(graph: Any) -> dict[tuple[str, str, str], set[tuple[Any, ...]]]:
        edges: dict[tuple[str, str, str], set[tuple[Any, ...]]] = {}
        for source, target, data in graph.edges(data=True):
            if data.get("type") == MENTIONED_WITH:
                continue
            label = (graph.nodes[source]["name"], data.get("type"), graph.nodes[target]["name"])
            evidence = {
                (e.get("doc_id"), e.get("start"), e.get("end"), data.get("type"))
                for e in data.get("evidence") or ()
            }
            edges.setdefault(label, set()).update(evidence)
        return edges

    old = build_graph(extractions, documents, before, ontology)
    new = build_graph(extractions, documents, after, ontology)
    old_edges, new_edges = typed(old), typed(new)
    kept = set().union(*new_edges.values()) if new_edges else set()

    def count(graph: Any) -> int:
        return sum(1 for *_, t in graph.edges(data="type") if t != MENTIONED_WITH)

    change = CurationChange(
        judgement=judgement,
        entities_before=old.number_of_nodes(),
        entities_after=new.number_of_nodes(),
        relations_before=count(old),
        relations_after=count(new),
    )
    if judgement.action != "reject":
        change.dropped = sorted(
            f"{a} -{t}-> {b}" for (a, t, b), evidence in old_edges.items() if not evidence & kept
        )
    if judgement.action == "merge":
        named = before.find(judgement.name, judgement.type)
        other = before.find(judgement.argument or "")
        types = [e.type for e in named[:1]] + [e.type for e in other[:1]]
        change.joined_types = list(dict.fromkeys(types))
    return change


def undo_judgements(judgements: Judgements, count: int = 1) -> list[Judgement]:
    """Remove the last ``count`` judgements and save; returns them, most recent last."""
    if count < 1:
        raise ConfigError("undo: the number of judgements must be at least 1")
    if not judgements.items:
        raise QueryError("no judgement to undo")
    if count > len(judgements.items):
        raise QueryError(f"only {len(judgements.items)} judgement(s) recorded; cannot undo {count}")
    removed = judgements.items[-count:]
    del judgements.items[-count:]
    judgements.save()
    return removed
