"""Known entities listed by the user: name, type and aliases, in YAML.

A gazetteer entry is matched before the statistical model (spaCy's EntityRuler,
see ingest/nlp.py) and wins over it, and every alias maps onto the entry's name,
so "CCP" and "Communist Party of China" become one entity. The file is a list:

.. code-block:: yaml

    - name: Chinese Communist Party
      type: Organization
      aliases: [CCP, Communist Party of China, CPC]

>>> g = Gazetteer([GazetteerEntry("Chinese Communist Party", "Organization", ("CCP",))])
>>> g.lookup("the CCP’s").name
'Chinese Communist Party'
>>> g.lookup("Chamber") is None
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from threadline.datafiles import GazetteerFile, check, read_yaml
from threadline.errors import ConfigError
from threadline.names import name_key

DEFAULT_GAZETTEER = "gazetteer.yaml"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    # False: matched only when the model tags the name, never cut out of a
    # longer one by the ruler ("United States" in "United States Navy").
    ruler: bool = True

    def surface_forms(self) -> tuple[str, ...]:
        """The name and every alias, in that order."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class Gazetteer:
    """Entries by name key; later files override earlier ones for the same key."""

    entries: list[GazetteerEntry] = field(default_factory=list)
    texts: list[str] = field(default_factory=list, repr=False)
    _by_key: dict[str, GazetteerEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for form in entry.surface_forms():
                key = name_key(form)
                if key:
                    self._by_key[key] = entry

    @classmethod
    def load(cls, paths: Iterable[str | Path] = (), include_default: bool = True) -> Gazetteer:
        """Read the bundled gazetteer (unless excluded) and then ``paths`` in order."""
        sources: list[tuple[str, str]] = []
        if include_default:
            text = (
                resources.files("threadline.ingest").joinpath(DEFAULT_GAZETTEER).read_text("utf-8")
            )
            sources.append((DEFAULT_GAZETTEER, text))
        for path in paths:
            try:
                sources.append((str(path), Path(path).read_text("utf-8")))
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read gazetteer ({exc.strerror})") from exc
        entries: list[GazetteerEntry] = []
        for source, text in sources:
            entries.extend(_parse(text, source))
        return cls(entries=entries, texts=[text for _, text in sources])

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry one of whose names has the same name key as ``text``."""
        return self._by_key.get(name_key(text))

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\x1e".join(self.texts).encode()).hexdigest()[:16]

    def ruler_patterns(self, min_tokens: int = 2) -> list[dict[str, Any]]:
        """EntityRuler patterns for names of at least ``min_tokens`` words.

        Single-word aliases ("CCP", "EU") stay out of the ruler: matched before the
        model, they would cut longer names that begin with them ("EU Guangxi Chamber
        of Commerce"); the entity step maps them through ``lookup`` instead.
        """
        patterns = []
        for entry in self.entries:
            if not entry.ruler:
                continue
            for form in entry.surface_forms():
                if len(form.split()) >= min_tokens:
                    patterns.append({"label": entry.type, "pattern": form, "id": entry.name})
        return patterns


@cache
def bundled_gazetteer() -> Gazetteer:
    """The gazetteer that ships with the package, loaded once per process."""
    return Gazetteer.load()


@cache
def product_words() -> frozenset[str]:
    """The one-word names of the bundled gazetteer's products ("xbox", "ipod"), as name
    keys: a name that opens or ends with one names a product of that line ("Xbox 2",
    "Apple iPod")."""
    return frozenset(
        name_key(form)
        for entry in bundled_gazetteer().entries
        if entry.type == "Product"
        for form in entry.surface_forms()
        if len(form.split()) == 1
    )


def _parse(text: str, source: str) -> list[GazetteerEntry]:
    data = read_yaml(text, source) or []
    if isinstance(data, dict) and "entities" in data:
        data = data["entities"]
    if not isinstance(data, list):
        raise ConfigError(f"{source}: a gazetteer is a list of {{name, type, aliases}}")
    return [
        GazetteerEntry(
            item.name.strip(),
            item.type,
            tuple(a.strip() for a in item.aliases),
            ruler=item.ruler,
        )
        for item in check(GazetteerFile, data, source).root
    ]
