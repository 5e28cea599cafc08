"""GEXF for Gephi: the flat graph plus colours by entity type and sizes by PageRank.

Gephi opens it laid out with nothing to configure: each node carries
``viz:color`` from the ontology's colour for its type and ``viz:size`` scaled
from its PageRank (computed here when analytics has not run).

>>> hex_to_rgb("#3182bd")
{'r': 49, 'g': 130, 'b': 189, 'a': 1.0}
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from threadline.errors import StoreError
from threadline.graph.export.flat import flatten
from threadline.graph.ontology import DEFAULT_COLOR, Ontology

MIN_SIZE = 4.0
MAX_SIZE = 40.0


def hex_to_rgb(color: str) -> dict[str, float]:
    """A ``#rrggbb`` colour as GEXF's viz colour; anything else is the default grey."""
    text = color.lstrip("#")
    if len(text) != 6:
        text = DEFAULT_COLOR.lstrip("#")
    try:
        r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return hex_to_rgb(DEFAULT_COLOR)
    return {"r": r, "g": g, "b": b, "a": 1.0}


def _pageranks(graph: nx.MultiDiGraph) -> dict[str, float]:
    """The nodes' ``pagerank``, or the analytics' PageRank when some node lacks one."""
    known = {n: d.get("pagerank") for n, d in graph.nodes(data=True)}
    if all(isinstance(v, int | float) for v in known.values()):
        return {n: float(v) for n, v in known.items()}
    from threadline.graph.analytics import pagerank, typed_relation_graph

    return pagerank(typed_relation_graph(graph))


def write(graph: nx.MultiDiGraph, path: str | Path, ontology: Ontology | None = None) -> Path:
    """Write ``graph`` (contract shape) as GEXF 1.2 to ``path``; returns the path.

    The relation type of an edge is its ``label`` and its ``relation``
    attribute (GEXF reserves ``type`` for directed/undirected).
    """
    ontology = ontology or Ontology.load()
    path = Path(path)
    flat = flatten(graph)
    ranks = _pageranks(graph)
    top = max(ranks.values(), default=0.0) or 1.0
    for node, data in flat.nodes(data=True):
        # Square root: PageRank is heavy-tailed, and area should track it, not radius.
        share = math.sqrt(max(ranks.get(node, 0.0), 0.0) / top)
        data["viz"] = {
            "color": hex_to_rgb(ontology.color(str(data.get("type")))),
            "size": round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share, 3),
        }
    for _, _, data in flat.edges(data=True):
        data["relation"] = data.pop("type")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        nx.write_gexf(flat, path, encoding="utf-8", prettyprint=True, version="1.2draft")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write GEXF ({exc.strerror})") from exc
    return path
