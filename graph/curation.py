"""Curation: an analyst's judgements on entities, kept in the workspace and always winning.

Automatic resolution makes mistakes; a judgement fixes one for good. Judgements
live in ``WORKSPACE/judgements.yaml``, a plain file a user can read, edit and keep
under version control. Each records an action on an entity named the way the
user named it, with a timestamp and an optional note:

- ``merge`` NAME ``with`` OTHER: one entity (OTHER joins NAME and NAME's name is kept);
- ``split`` NAME ``alias`` ALIAS: the document entities called ALIAS leave NAME
  and become an entity of their own (undoes an automatic merge);
- ``rename`` NAME ``to`` NEW; ``retype`` NAME ``to`` TYPE;
- ``reject`` NAME: a false entity, dropped with its relations.

Resolution applies them in file order after the automatic rules, on every build,
so they survive rebuilds and new documents. The per-document extraction caches
are never edited. A judgement that no longer finds its entity is reported, not
fatal.

>>> j = Judgement("rename", "Jin Xinjiang", "Julien Jin", at="2024-05-01T10:00:00Z")
>>> j.to_dict()
{'action': 'rename', 'name': 'Jin Xinjiang', 'to': 'Julien Jin', 'at': '2024-05-01T10:00:00Z'}
>>> Judgement.from_dict(j.to_dict()) == j
True
>>> print(j)
rename 'Jin Xinjiang' to 'Julien Jin'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from threadline.errors import ConfigError, QueryError
from threadline.layout import JUDGEMENTS_FILENAME

if TYPE_CHECKING:
    from threadline.config import ResolveConfig
    from threadline.contracts import KnownEntities
    from threadline.graph.model import Extraction
    from threadline.graph.ontology import Ontology
    from threadline.graph.resolve import Resolution


# The second argument of each action and the key it is written under.
ARGUMENT_KEYS: dict[str, str | None] = {
    "merge": "with",
    "split": "alias",
    "rename": "to",
    "retype": "to",
    "reject": None,
}
ACTIONS = tuple(ARGUMENT_KEYS)

_HEADER = """\
# threadline curation judgements: applied in order, after automatic resolution,
# on every build. Edit freely; keep this file under version control.
# Actions: merge NAME with OTHER | split NAME alias ALIAS | rename NAME to NEW
#          retype NAME to TYPE | reject NAME   (optional: type, note)
"""


def now() -> str:
    """The current UTC time as an ISO 8601 string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(slots=True, frozen=True)
class Judgement:
    """One decision about an entity; ``type`` (optional) says which entity when a name is shared."""

    action: str
    name: str
    argument: str | None = None
    type: str | None = None
    at: str = ""
    note: str | None = None

    def __post_init__(self) -> None:
        if self.action not in ARGUMENT_KEYS:
            raise ConfigError(
                f"unknown judgement action {self.action!r} (one of {', '.join(ACTIONS)})"
            )
        if not self.name or not self.name.strip():
            raise ConfigError(f"{self.action} judgement: an entity name is required")
        needs_argument = ARGUMENT_KEYS[self.action] is not None
        if needs_argument and not (self.argument and self.argument.strip()):
            raise ConfigError(
                f"{self.action} {self.name!r}: '{ARGUMENT_KEYS[self.action]}' is required"
            )

    def __str__(self) -> str:
        text = f"{self.action} {self.name!r}"
        key = ARGUMENT_KEYS[self.action]
        if key:
            text += f" {key} {self.argument!r}"
        return text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "name": self.name}
        key = ARGUMENT_KEYS[self.action]
        if key:
            data[key] = self.argument
        if self.type:
            data["type"] = self.type
        data["at"] = self.at
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Judgement:
        if not isinstance(data, dict):
            raise ConfigError(f"a judgement must be a mapping, not {data!r}")
        action = str(data.get("action", ""))
        key = ARGUMENT_KEYS.get(action)
        argument = data.get(key) if key else None
        return cls(
            action=action,
            name=str(data.get("name") or ""),
            argument=None if argument is None else str(argument),
            type=None if data.get("type") is None else str(data["type"]),
            at=str(data.get("at") or ""),
            note=None if data.get("note") is None else str(data["note"]),
        )


@dataclass(slots=True, frozen=True)
class JudgementIssue:
    """A judgement that could not be applied to the current documents, and why."""

    index: int
    judgement: Judgement
    reason: str

    def __str__(self) -> str:
        return f"judgement {self.index + 1} ({self.judgement}): {self.reason}"


@dataclass
class Judgements:
    """The ordered judgements of one workspace, read from and written to its YAML file."""

    path: Path | None = None
    items: list[Judgement] = field(default_factory=list)

    @classmethod
    def load(cls, workspace_dir: str | Path) -> Judgements:
        """Read ``WORKSPACE/judgements.yaml``; an absent file is an empty list."""
        path = Path(workspace_dir) / JUDGEMENTS_FILENAME
        if not path.is_file():
            return cls(path=path)
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read judgements ({exc.strerror})") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: invalid YAML ({' '.join(str(exc).split())})") from exc
        raw = (data or {}).get("judgements") if isinstance(data, dict) else data
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            raise ConfigError(f"{path}: 'judgements' must be a list")
        items = []
        for number, entry in enumerate(raw, 1):
            try:
                items.append(Judgement.from_dict(entry))
            except ConfigError as exc:
                raise ConfigError(f"{path}: judgement {number}: {exc}") from exc
        return cls(path=path, items=items)

    def save(self) -> None:
        """Write the file atomically (a crash never leaves half a file)."""
        if self.path is None:
            raise ConfigError("these judgements have no file to be saved to")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = yaml.safe_dump(
            {"judgements": [j.to_dict() for j in self.items]},
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        fd, tmp = tempfile.mkstemp(prefix=".judgements.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(_HEADER + body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


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
