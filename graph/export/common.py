"""What every exporter shares: flat rows of entities, documents and edges, and text hygiene.

The graph (contract at the top of ``graph/model.py``) holds lists and dicts
that file formats cannot carry as they are. These functions turn it into plain
rows once, so each exporter stays a small module that only writes a format,
and every format agrees on names, counts and JSON encodings.

>>> is_identifier("WORKS_FOR"), is_identifier("x`) DETACH DELETE n //")
(True, False)
>>> xml_safe("a\\x00b\\x1bc\\u2028d")
'abc\\u2028d'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from threadline.errors import ConfigError
from threadline.graph.columns import DOCUMENT_FIELDS, DOCUMENT_LISTS, ENTITY_FIELDS, ENTITY_LISTS
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology

DOCUMENT_LABEL = "Document"
ENTITY_LABEL = "Entity"
MENTIONS = "MENTIONS"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_identifier(name: str) -> bool:
    """Whether ``name`` may be spliced into Cypher as a label, type or property key."""
    return bool(_IDENTIFIER.match(name))


def check_identifier(name: str, what: str) -> str:
    """``name`` if it is a plain identifier, else a ConfigError naming it."""
    if not is_identifier(name):
        raise ConfigError(f"{what} {name!r} is not a plain identifier (letters, digits, _)")
    return name


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (NUL, most C0 controls, surrogates)."""
    return _XML_ILLEGAL.sub("", text)


def to_json(value: Any) -> str:
    """Compact JSON for lists and maps carried inside a scalar field."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def number(value: Any, kind: str) -> int | float | None:
    """``value`` as a long or a finite double, or None when absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(result):
        return None
    return int(result) if kind == "long" else result


def scalar(value: Any, kind: str) -> Any:
    """A node field as its declared kind (None when missing)."""
    if kind == "string":
        return None if value is None else str(value)
    return number(value, kind)


def strings(values: Any) -> list[str]:
    """A list attribute as a list of strings (missing -> empty)."""
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def entity_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One flat row per entity: ``id``, the ENTITY_FIELDS, ``aliases`` and ``doc_ids`` lists."""
    for node, data in graph.nodes(data=True):
        row: dict[str, Any] = {"id": str(node)}
        for field, kind in ENTITY_FIELDS.items():
            row[field] = scalar(data.get(field), kind)
        for field in ENTITY_LISTS:
            row[field] = strings(data.get(field))
        yield row


def document_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One flat row per source document listed in the graph's ``documents`` attribute."""
    documents: Mapping[str, Mapping[str, Any]] = graph.graph.get("documents") or {}
    for doc_id, meta in documents.items():
        row: dict[str, Any] = {"doc_id": str(doc_id)}
        for field, kind in DOCUMENT_FIELDS.items():
            row[field] = scalar(meta.get(field), kind)
        for field in DOCUMENT_LISTS:
            row[field] = strings(meta.get(field))
        yield row


def mention_rows(
    graph: nx.MultiDiGraph, mentions: Mapping[tuple[str, str], int] | None = None
) -> Iterator[dict[str, Any]]:
    """(document)-[:MENTIONS {count}]->(entity) rows.

    ``mentions`` maps (doc_id, entity id) to a count; without it every
    document in an entity's ``doc_ids`` mentions it once.
    """
    documents = graph.graph.get("documents") or {}
    if mentions is not None:
        for (doc_id, node), count in sorted(mentions.items()):
            if node in graph and (not documents or doc_id in documents):
                yield {"doc_id": str(doc_id), "entity_id": str(node), "count": int(count)}
        return
    for node, data in graph.nodes(data=True):
        for doc_id in strings(data.get("doc_ids")):
            if not documents or doc_id in documents:
                yield {"doc_id": doc_id, "entity_id": str(node), "count": 1}


def edge_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One flat row per edge: ends, ``type``, ``key``, ``weight``, properties and evidence.

    ``sentences`` and ``doc_ids`` are lists drawn from the evidence (what a
    reader of the edge wants first); ``confidence`` is the best evidence's.
    """
    for source, target, key, data in graph.edges(keys=True, data=True):
        evidence = [dict(e) for e in data.get("evidence") or ()]
        confidences = [
            c for c in (number(e.get("confidence"), "double") for e in evidence) if c is not None
        ]
        yield {
            "source": str(source),
            "target": str(target),
            "type": str(data.get("type") or key),
            "key": str(key),
            "weight": number(data.get("weight"), "long") or 0,
            "properties": dict(data.get("properties") or {}),
            "evidence": evidence,
            "sentences": [str(e.get("sentence") or "") for e in evidence],
            "doc_ids": sorted({str(e["doc_id"]) for e in evidence if e.get("doc_id")}),
            "confidence": max(confidences) if confidences else None,
        }


def entity_labels(ontology: Ontology) -> set[str]:
    """Entity types usable as labels: from the ontology, plain identifiers, never 'Document'."""
    return {
        t
        for t in ontology.entity_types
        if is_identifier(t) and t not in {DOCUMENT_LABEL, ENTITY_LABEL}
    }


def relation_labels(ontology: Ontology) -> set[str]:
    """Relationship types usable in Cypher: the ontology's plus MENTIONED_WITH."""
    names = {t for t in ontology.relation_types if is_identifier(t)}
    names.add(MENTIONED_WITH)
    return names - {MENTIONS}
