"""From cached extractions and a resolution to the one graph everyone reads.

``build_graph`` is a pure function: the same extractions, documents and
resolution give the same graph, node for node and edge for edge, whatever the
order they arrive in. That is what makes an unchanged rebuild change nothing.
The graph's shape is the contract at the top of ``graph/model.py``.

Typed relations and co-mentions are kept apart: a relation edge carries the
sentences that state it (``weight`` = number of evidence items); a
``MENTIONED_WITH`` edge only says two entities share sentences (``weight`` =
how many times), one edge per unordered pair.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import networkx as nx

from threadline.graph.model import MENTIONED_WITH, Extraction, edge_key
from threadline.graph.ontology import Ontology

COMENTION_RULE = "co-mention"


class ResolutionLike(Protocol):
    """What graph building needs from ``threadline.graph.resolve.Resolution``."""

    @property
    def entities(self) -> Mapping[str, Any]: ...

    def canonical_id(self, doc_id: str, local_id: str) -> str | None: ...


def build_graph(
    extractions: Iterable[Extraction],
    documents: Mapping[str, Mapping[str, Any]] | Sequence[Mapping[str, Any]],
    resolution: ResolutionLike,
    ontology: Ontology,
) -> nx.MultiDiGraph:
    """The knowledge graph of a set of extractions under one resolution.

    Relations whose ends were rejected by a judgement, that loop onto one
    entity, or that the ontology does not allow between the resolved types are
    left out. Symmetric relation types get one direction (lower id first) so a
    pair stated both ways is one edge.
    """
    docs = _documents_by_id(documents)
    extractions = sorted(extractions, key=lambda e: e.doc_id)
    graph = nx.MultiDiGraph()
    graph.graph["documents"] = {doc_id: dict(docs[doc_id]) for doc_id in sorted(docs)}

    for entity_id in sorted(resolution.entities):
        entity = resolution.entities[entity_id]
        doc_ids = sorted(set(entity.doc_ids))
        graph.add_node(
            entity_id,
            name=entity.name,
            type=entity.type,
            aliases=sorted(set(entity.aliases)),
            mention_count=int(entity.mention_count),
            doc_count=len(doc_ids),
            doc_ids=doc_ids,
        )

    relations: dict[tuple[str, str, str], dict[str, Any]] = {}
    comentions: dict[tuple[str, str], dict[str, Any]] = {}
    for extraction in extractions:
        doc_id = extraction.doc_id
        for relation in extraction.relations:
            ends = _ends(resolution, doc_id, relation.source, relation.target, graph)
            if ends is None:
                continue
            source, target = ends
            rel_type = ontology.relation_types.get(relation.type)
            if rel_type is None:
                continue
            if rel_type.symmetric and target < source:
                source, target = target, source
            if not ontology.allows(
                relation.type, graph.nodes[source]["type"], graph.nodes[target]["type"]
            ):
                continue
            properties = {k: v for k, v in relation.properties.items() if v not in (None, "")}
            key = edge_key(relation.type, properties)
            edge = relations.setdefault(
                (source, target, key),
                {"type": relation.type, "properties": properties, "evidence": {}},
            )
            for evidence in relation.evidence:
                item = {"doc_id": doc_id, **evidence.to_dict()}
                ident = (doc_id, evidence.start, evidence.end, evidence.rule)
                known = edge["evidence"].get(ident)
                if known is None or item["confidence"] > known["confidence"]:
                    edge["evidence"][ident] = item
        for co in extraction.co_mentions:
            ends = _ends(resolution, doc_id, co.source, co.target, graph)
            if ends is None:
                continue
            pair = (min(ends), max(ends))
            edge = comentions.setdefault(pair, {"weight": 0, "evidence": {}})
            edge["weight"] += int(co.count)
            if co.sentence and doc_id not in edge["evidence"]:
                edge["evidence"][doc_id] = {
                    "doc_id": doc_id,
                    "sentence": co.sentence,
                    "start": co.start,
                    "end": co.end,
                    "rule": COMENTION_RULE,
                    "confidence": None,
                }

    for (source, target, key), edge in sorted(relations.items()):
        sentences = [edge["evidence"][k] for k in sorted(edge["evidence"])]
        if not sentences:
            continue
        graph.add_edge(
            source,
            target,
            key=key,
            type=edge["type"],
            weight=len(sentences),
            properties=edge["properties"],
            evidence=sentences,
        )
    for (source, target), edge in sorted(comentions.items()):
        graph.add_edge(
            source,
            target,
            key=MENTIONED_WITH,
            type=MENTIONED_WITH,
            weight=edge["weight"],
            properties={},
            evidence=[edge["evidence"][k] for k in sorted(edge["evidence"])],
        )
    return graph


def document_mentions(
    extractions: Iterable[Extraction], resolution: ResolutionLike
) -> dict[tuple[str, str], int]:
    """How many times each document mentions each canonical entity (the MENTIONS edges)."""
    counts: Counter[tuple[str, str]] = Counter()
    for extraction in extractions:
        for entity in extraction.entities:
            canonical = resolution.canonical_id(extraction.doc_id, entity.id)
            if canonical is not None and canonical in resolution.entities:
                counts[(extraction.doc_id, canonical)] += max(1, len(entity.mentions))
    return dict(counts)


def summarize(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts a person wants after a build: entities and relations by type.

    >>> g = nx.MultiDiGraph(documents={"d1": {}})
    >>> g.add_node("a", type="Person"); g.add_node("b", type="Organization")
    >>> _ = g.add_edge("a", "b", key="WORKS_FOR", type="WORKS_FOR", weight=2)
    >>> _ = g.add_edge("a", "b", key="MENTIONED_WITH", type="MENTIONED_WITH", weight=3)
    >>> summarize(g)["relations_by_type"], summarize(g)["comentions"]
    ({'WORKS_FOR': 1}, 1)
    """
    entities = Counter(d.get("type") for _, d in graph.nodes(data=True))
    relations: Counter[str] = Counter()
    comentions = 0
    evidence = 0
    for _, _, data in graph.edges(data=True):
        if data.get("type") == MENTIONED_WITH:
            comentions += 1
        else:
            relations[data.get("type")] += 1
            evidence += int(data.get("weight") or 0)
    return {
        "documents": len(graph.graph.get("documents") or {}),
        "entities": graph.number_of_nodes(),
        "entities_by_type": dict(sorted(entities.items())),
        "relations": sum(relations.values()),
        "relations_by_type": dict(sorted(relations.items())),
        "evidence": evidence,
        "comentions": comentions,
    }


def graph_to_json(graph: nx.MultiDiGraph) -> str:
    """The graph JSON contract: node-link data with edges under ``"edges"``."""
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def graph_from_json(text: str | bytes) -> nx.MultiDiGraph:
    data = json.loads(text)
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    return graph


def _documents_by_id(
    documents: Mapping[str, Mapping[str, Any]] | Sequence[Mapping[str, Any]],
) -> dict[str, Mapping[str, Any]]:
    if isinstance(documents, Mapping):
        return dict(documents)
    by_id: dict[str, Mapping[str, Any]] = {}
    for meta in documents:
        if not isinstance(meta, Mapping):  # a Document object
            meta = meta.metadata()
        by_id[meta["doc_id"]] = meta
    return by_id


def _ends(
    resolution: ResolutionLike, doc_id: str, source: str, target: str, graph: nx.MultiDiGraph
) -> tuple[str, str] | None:
    a = resolution.canonical_id(doc_id, source)
    b = resolution.canonical_id(doc_id, target)
    if a is None or b is None or a == b or a not in graph or b not in graph:
        return None
    return a, b
