"""The graph with scalar attributes only: what GraphML and GEXF can carry.

Gephi and yEd read numbers and strings, not lists or maps. Lists and evidence
become JSON strings next to a count, so nothing is lost and a spreadsheet-like
tool still has something to sort on. Text is stripped of characters XML 1.0
cannot hold, so the files always parse.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(documents={})
>>> g.add_node("p1", name="Ana\\x00 Ruiz", type="Person", aliases=["A. Ruiz"], doc_ids=["d1"])
>>> flat = flatten(g)
>>> flat.nodes["p1"]["label"], flat.nodes["p1"]["aliases"], flat.nodes["p1"]["alias_count"]
('Ana Ruiz', '["A. Ruiz"]', 1)
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from threadline.graph.export.common import edge_rows, entity_rows, to_json, xml_safe


def _clean(value: Any) -> Any:
    return xml_safe(value) if isinstance(value, str) else value


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose node, edge and graph attributes are all str, int or float.

    Missing values are left out (GraphML and GEXF have no null); a node keeps
    its id, gains ``label`` (its name) for the viewers, and an edge gains
    ``label`` (its type).
    """
    flat = nx.MultiDiGraph()
    documents = graph.graph.get("documents") or {}
    flat.graph["document_count"] = len(documents)
    flat.graph["documents"] = xml_safe(to_json(documents))
    for row in entity_rows(graph):
        attrs: dict[str, Any] = {"label": row["name"] if row["name"] is not None else row["id"]}
        for field, value in row.items():
            if field in {"id", "aliases", "doc_ids"} or value is None:
                continue
            attrs[field] = value
        attrs["aliases"] = to_json(row["aliases"])
        attrs["alias_count"] = len(row["aliases"])
        attrs["doc_ids"] = to_json(row["doc_ids"])
        flat.add_node(xml_safe(row["id"]), **{k: _clean(v) for k, v in attrs.items()})
    for row in edge_rows(graph):
        attrs = {
            "label": row["type"],
            "type": row["type"],
            "weight": row["weight"],
            "properties": to_json(row["properties"]),
            "evidence": to_json(row["evidence"]),
            "evidence_count": len(row["evidence"]),
            "doc_ids": to_json(row["doc_ids"]),
            "sentence": row["sentences"][0] if row["sentences"] else "",
        }
        if row["confidence"] is not None:
            attrs["confidence"] = row["confidence"]
        flat.add_edge(
            xml_safe(row["source"]),
            xml_safe(row["target"]),
            key=xml_safe(row["key"]),
            **{k: _clean(v) for k, v in attrs.items()},
        )
    return flat
