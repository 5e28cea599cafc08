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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from threadline.datafiles import read_yaml
from threadline.errors import ConfigError
from threadline.layout import JUDGEMENTS_FILENAME

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
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read judgements ({exc.strerror})") from exc
        data = read_yaml(text, str(path))  # a name such as "Yes" stays a name
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
