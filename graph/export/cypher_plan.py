"""The Cypher that loads a graph into Neo4j: schema first, then batched ``UNWIND $rows`` MERGEs.

One plan serves both ways out: ``graph/neo4j.py`` sends each step with its
rows as a parameter, and the ``cypher`` export writes the same steps with the
rows as literals. So the script and a push always build the same graph.

Labels, relationship types and property keys are the only names spliced into
the text; they come from the ontology or from this module and are checked to
be plain identifiers. Every value travels in ``rows``.

>>> steps = list(plan(_tiny(), Ontology.load()))
>>> [s.name for s in steps]
['documents', 'entities:Person', 'entities:Organization', 'mentions', 'relations:WORKS_FOR']
>>> steps[-1].query.split(" MERGE ")[1].split(" SET ")[0]
'(a)-[r:WORKS_FOR {key: row.key}]->(b)'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from threadline.graph.columns import relation_property_names
from threadline.graph.export.common import (
    DOCUMENT_LABEL,
    ENTITY_LABEL,
    MENTIONS,
    check_identifier,
    document_rows,
    edge_rows,
    entity_labels,
    entity_rows,
    mention_rows,
    relation_labels,
    to_json,
)
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology

# Neo4j 5 syntax, idempotent through IF NOT EXISTS.
CONSTRAINTS = [
    f"CREATE CONSTRAINT threadline_entity_id IF NOT EXISTS "
    f"FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE",
    f"CREATE CONSTRAINT threadline_document_id IF NOT EXISTS "
    f"FOR (n:{DOCUMENT_LABEL}) REQUIRE n.doc_id IS UNIQUE",
]
INDEXES = [f"CREATE INDEX threadline_entity_name IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.name)"]
# openCypher servers without constraints (FalkorDB, Memgraph) still need an
# index on the MERGE keys; this form has no IF NOT EXISTS, so "exists" errors
# on a second run are expected and ignored.
FALLBACK_INDEXES = [
    f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.id)",
    f"CREATE INDEX FOR (n:{DOCUMENT_LABEL}) ON (n.doc_id)",
    f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.name)",
]


@dataclass(slots=True)
class Step:
    """One parameterized statement (``UNWIND $rows AS row ...``) and the rows it consumes."""

    name: str
    query: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "nodes"  # "nodes" or "relationships", for progress and counts
    # How to find one row's element again, for servers that take a large row
    # in several statements (graph/statement_budget.py): the row fields that
    # identify it, a MATCH on those fields as parameters, and its variable.
    keys: tuple[str, ...] = ()
    match: str = ""
    var: str = ""


def _props(row: Mapping[str, Any], drop: set[str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in drop}


def plan(
    graph: nx.MultiDiGraph,
    ontology: Ontology,
    mentions: Mapping[tuple[str, str], int] | None = None,
    skipped: set[str] | None = None,
) -> Iterator[Step]:
    """The data steps for ``graph``: documents, entities by type, MENTIONS, relations by type.

    Relation types missing from the ontology cannot be named safely and are
    left out; their names are added to ``skipped`` when given.
    """
    documents = [
        {"doc_id": row["doc_id"], "props": _props(row, {"doc_id"})} for row in document_rows(graph)
    ]
    if documents:
        yield Step(
            "documents",
            f"UNWIND $rows AS row MERGE (d:{DOCUMENT_LABEL} {{doc_id: row.doc_id}}) "
            "SET d += row.props",
            documents,
            keys=("doc_id",),
            match=f"MATCH (d:{DOCUMENT_LABEL} {{doc_id: $doc_id}})",
            var="d",
        )

    labels = entity_labels(ontology)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in entity_rows(graph):
        label = row["type"] if row["type"] in labels else ""
        by_label[label].append({"id": row["id"], "props": _props(row, {"id"})})
    for label, rows in by_label.items():
        set_label = f"SET n:{check_identifier(label, 'entity type')} " if label else ""
        yield Step(
            f"entities:{label or ENTITY_LABEL}",
            f"UNWIND $rows AS row MERGE (n:{ENTITY_LABEL} {{id: row.id}}) "
            f"{set_label}SET n += row.props",
            rows,
            keys=("id",),
            match=f"MATCH (n:{ENTITY_LABEL} {{id: $id}})",
            var="n",
        )

    mention_list = list(mention_rows(graph, mentions)) if documents else []
    if mention_list:
        yield Step(
            "mentions",
            f"UNWIND $rows AS row MATCH (d:{DOCUMENT_LABEL} {{doc_id: row.doc_id}}) "
            f"MATCH (n:{ENTITY_LABEL} {{id: row.entity_id}}) "
            f"MERGE (d)-[m:{MENTIONS}]->(n) SET m.count = row.count",
            mention_list,
            kind="relationships",
        )

    allowed = relation_labels(ontology)
    declared = relation_property_names(ontology)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in edge_rows(graph):
        if row["type"] not in allowed:
            if skipped is not None:
                skipped.add(row["type"])
            continue
        properties = row["properties"]
        props = {
            "weight": row["weight"],
            "confidence": row["confidence"],
            "properties": to_json(properties),
            "evidence": to_json(row["evidence"]),
            "sentences": row["sentences"],
            "doc_ids": row["doc_ids"],
        }
        for name in declared:
            value = properties.get(name)
            props[name] = None if value in (None, "") else str(value)
        by_type[row["type"]].append(
            {"source": row["source"], "target": row["target"], "key": row["key"], "props": props}
        )
    # Typed relations first, co-mentions last: a partial push still holds what matters.
    for rel_type in sorted(by_type, key=lambda t: (t == MENTIONED_WITH, t)):
        check_identifier(rel_type, "relation type")
        yield Step(
            f"relations:{rel_type}",
            f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{id: row.source}}) "
            f"MATCH (b:{ENTITY_LABEL} {{id: row.target}}) "
            f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b) SET r += row.props",
            by_type[rel_type],
            kind="relationships",
            keys=("source", "target", "key"),
            match=f"MATCH (:{ENTITY_LABEL} {{id: $source}})-[r:{rel_type} {{key: $key}}]->"
            f"(:{ENTITY_LABEL} {{id: $target}})",
            var="r",
        )


def _tiny() -> nx.MultiDiGraph:
    """A two-entity graph for the examples."""
    g = nx.MultiDiGraph(documents={"d1": {"title": "Memo"}})
    g.add_node("p1", name="Ana Ruiz", type="Person", doc_ids=["d1"])
    g.add_node("o1", name="Acme", type="Organization", doc_ids=["d1"])
    g.add_edge("p1", "o1", key="WORKS_FOR", type="WORKS_FOR", weight=1, properties={}, evidence=[])
    return g
