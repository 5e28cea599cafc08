"""The columns of entities, documents, relations and evidence, written once.

The store's tables and every exporter's columns come from here, so a new
entity attribute is added in one place and the store, CSV, GraphML/GEXF,
Neo4j CSV and the Neo4j push agree on its name and kind. A kind is one of
``string``, ``long``, ``double`` or ``string[]``; this module imports no
Arrow or database code, so exporters and the no-op build stay light.

>>> [c.name for c in ENTITY_COLUMNS if c.in_store]
['id', 'name', 'aliases', 'mention_count', 'doc_count', 'degree', 'pagerank', 'betweenness', 'community']
>>> list(ENTITY_FIELDS)[:3]
['name', 'type', 'mention_count']
>>> EVIDENCE_ITEM_FIELDS["start"].name, EVIDENCE_ITEM_FIELDS["start"].store_type
('start_char', 'INT64')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from threadline.graph.ontology import Ontology

_STORE_TYPES = {"string": "STRING", "long": "INT64", "double": "DOUBLE", "string[]": "STRING[]"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, its kind, and whether the store keeps it.

    ``in_store`` is False for what the store says another way (an entity's
    ``type`` is its table; its ``doc_ids`` are its MENTIONS edges).
    """

    name: str
    kind: str
    in_store: bool = True

    @property
    def is_list(self) -> bool:
        return self.kind.endswith("[]")

    @property
    def store_type(self) -> str:
        """The column's type in a LadybugDB table."""
        return _STORE_TYPES[self.kind]

    @property
    def arrow(self) -> pa.DataType:
        """The column's Arrow type (pyarrow is imported only when asked)."""
        import pyarrow as pa

        kinds = {
            "string": pa.string(),
            "long": pa.int64(),
            "double": pa.float64(),
            "string[]": pa.list_(pa.string()),
        }
        return kinds[self.kind]

    def coerce(self, value: Any) -> Any:
        """A scalar value as this column's kind, or None when it is not one."""
        if value is None:
            return None
        if self.kind == "string":
            return str(value)
        try:
            return int(value) if self.kind == "long" else float(value)
        except (TypeError, ValueError):
            return None


# Entity nodes, in the order every export writes them (``id`` first).
ENTITY_COLUMNS: tuple[Column, ...] = (
    Column("id", "string"),
    Column("name", "string"),
    Column("type", "string", in_store=False),
    Column("aliases", "string[]"),
    Column("doc_ids", "string[]", in_store=False),
    Column("mention_count", "long"),
    Column("doc_count", "long"),
    Column("degree", "long"),
    Column("pagerank", "double"),
    Column("betweenness", "double"),
    Column("community", "long"),
)

# Source documents (``doc_id`` first).
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", "string"),
    Column("title", "string"),
    Column("date", "string"),
    Column("url", "string"),
    Column("source", "string"),
    Column("author", "string"),
    Column("format", "string"),
    Column("origins", "string[]"),
    Column("text_length", "long"),
)

# An evidence item of an edge: its key in the graph -> its column in the store.
EVIDENCE_ITEM_FIELDS: dict[str, Column] = {
    "doc_id": Column("doc_id", "string"),
    "sentence": Column("sentence", "string"),
    "start": Column("start_char", "long"),
    "end": Column("end_char", "long"),
    "rule": Column("rule", "string"),
    "confidence": Column("confidence", "double"),
}

# What exports carry on every typed edge besides its ends, type and declared
# properties (the Neo4j CSV header and the push name them so).
EDGE_FIELDS: dict[str, str] = {
    "key": "string",
    "weight": "long",
    "confidence": "double",
    "properties": "string",
    "evidence": "string",
    "sentences": "string[]",
    "doc_ids": "string[]",
}

# Names an ontology property may not take, because an edge's own columns
# (in the store or in an export) already use them.
RESERVED_EDGE_NAMES = frozenset({*EDGE_FIELDS, "id", "from", "to"})


def _scalars(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.name: c.kind for c in columns[1:] if not c.is_list}


# The scalar attributes of entities and documents with their kinds (no id, no lists).
ENTITY_FIELDS: dict[str, str] = _scalars(ENTITY_COLUMNS)
DOCUMENT_FIELDS: dict[str, str] = _scalars(DOCUMENT_COLUMNS)
ENTITY_LISTS: dict[str, str] = {c.name: c.kind for c in ENTITY_COLUMNS if c.is_list}
DOCUMENT_LISTS: dict[str, str] = {c.name: c.kind for c in DOCUMENT_COLUMNS if c.is_list}


def declared_properties(ontology: Ontology, relation: str) -> list[str]:
    """The properties of ``relation`` that get a column of their own (``role``, ``date`` ...)."""
    props = ontology.relation_types[relation].properties
    return [p for p in props if p not in RESERVED_EDGE_NAMES and _IDENTIFIER.match(p)]


def relation_property_names(ontology: Ontology) -> list[str]:
    """Every relation type's declared properties, sorted: the exports' property columns."""
    names = {p for name in ontology.relation_types for p in declared_properties(ontology, name)}
    return sorted(names)
