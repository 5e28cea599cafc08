"""The ontology as data: entity types, spaCy label mapping and typed relations.

Everything that needs a type (extraction, the store schema, exports, colours in
the views) asks this object instead of hard-coding names, so a user can add a
relation type with a YAML file and no code.

>>> onto = Ontology.load()
>>> onto.allows("WORKS_FOR", "Person", "Organization")
True
>>> onto.allows("WORKS_FOR", "Organization", "Person")
False
>>> onto.entity_type_for_label("GPE")
'Location'

Rules that depend on what a type is (a person's name takes titles, a place can
lie in another) ask for a trait of the type, never for its name:

>>> onto.has_trait("Location", "place"), onto.has_trait("Group", "place")
(True, False)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

from threadline.datafiles import OntologyFile, check, read_yaml
from threadline.errors import ConfigError

DEFAULT_COLOR = "#999999"


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    color: str = DEFAULT_COLOR
    description: str = ""
    traits: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    properties: tuple[str, ...] = ()
    symmetric: bool = False
    says: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        """Every (source type, target type) pair the relation allows."""
        return [(s, t) for s in self.domain for t in self.range]


@dataclass(frozen=True, slots=True)
class Ontology:
    entity_types: dict[str, EntityType]
    relation_types: dict[str, RelationType]
    spacy_labels: dict[str, str]
    fingerprint: str = field(default="")

    @classmethod
    def load(cls, extra_files: tuple[str | Path, ...] = ()) -> Ontology:
        """The bundled ontology, extended by the user's files in order."""
        return _load(tuple(str(p) for p in extra_files))

    def entity_type_for_label(self, label: str) -> str | None:
        """The entity type of a spaCy NER label, or None for labels that are not entities."""
        return self.spacy_labels.get(label)

    def has_trait(self, entity_type: str, trait: str) -> bool:
        """Whether the ontology gives ``entity_type`` the trait (False for unknown types)."""
        et = self.entity_types.get(entity_type)
        return et is not None and trait in et.traits

    def allows(self, relation: str, source_type: str, target_type: str) -> bool:
        """Whether the ontology admits ``source_type -[relation]-> target_type``."""
        rel = self.relation_types.get(relation)
        return rel is not None and source_type in rel.domain and target_type in rel.range

    def color(self, entity_type: str) -> str:
        et = self.entity_types.get(entity_type)
        return et.color if et else DEFAULT_COLOR


def _parse(
    spec: OntologyFile,
) -> tuple[dict[str, EntityType], dict[str, RelationType], dict[str, str]]:
    entity_types = {
        name: EntityType(
            name=name,
            color=et.color if et else DEFAULT_COLOR,
            description=et.description if et else "",
            traits=frozenset(et.traits) if et else frozenset(),
        )
        for name, et in spec.entity_types.items()
    }
    relation_types = {
        name: RelationType(
            name=name,
            domain=tuple(rt.domain),
            range=tuple(rt.range),
            properties=tuple(rt.properties),
            symmetric=rt.symmetric,
            says=rt.says,
        )
        for name, rt in spec.relation_types.items()
    }
    return entity_types, relation_types, dict(spec.spacy_labels)


@cache
def _load(extra_files: tuple[str, ...]) -> Ontology:
    texts = [resources.files("threadline.graph").joinpath("ontology.yaml").read_text("utf-8")]
    sources = ["ontology.yaml"]
    for path in extra_files:
        try:
            texts.append(Path(path).read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ontology file ({exc.strerror})") from exc
        sources.append(path)
    entity_types: dict[str, EntityType] = {}
    relation_types: dict[str, RelationType] = {}
    labels: dict[str, str] = {}
    common: list[str] = []
    for text, source in zip(texts, sources, strict=True):
        spec = check(OntologyFile, read_yaml(text, source) or {}, source)
        common.extend(p for p in spec.common_properties if p not in common)
        et, rt, lb = _parse(spec)
        entity_types.update(et)
        relation_types.update(rt)
        labels.update(lb)
    # Properties every relation may carry (``status``: former, planned).
    relation_types = {
        name: replace(rel, properties=rel.properties + tuple(p for p in common
                                                             if p not in rel.properties))
        for name, rel in relation_types.items()
    }  # fmt: skip
    for rel in relation_types.values():
        for t in (*rel.domain, *rel.range):
            if t not in entity_types:
                raise ConfigError(f"relation type {rel.name} names unknown entity type {t!r}")
    for label, t in labels.items():
        if t not in entity_types:
            raise ConfigError(f"spaCy label {label} maps to unknown entity type {t!r}")
    fingerprint = hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:16]
    return Ontology(entity_types, relation_types, labels, fingerprint)
