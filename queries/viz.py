"""The interactive HTML view: one self-contained file an analyst can open offline.

pyvis assembles the vis-network nodes and edges and ships the vis-network
script; the page around them is our own template (``queries/templates/``),
because pyvis's default one links Bootstrap and other assets from CDNs. Every
script and stylesheet is inlined and a Content-Security-Policy forbids any
request, so the file works from an e-mail attachment on a laptop with no
network and cannot call home.

Text from documents (entity names, aliases, evidence sentences, titles) never
becomes HTML: it travels as JSON in a ``<script type="application/json">``
block, with ``<``, ``>`` and ``&`` escaped, and the page's script puts it on
screen with ``textContent``. Nothing is passed in vis-network's ``title``
option, which some versions render as HTML.

>>> import networkx as nx
>>> embed_json({"name": "</script><b>"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from threadline.config import VizConfig
from threadline.errors import ThreadlineError
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology
from threadline.queries.palette import UNKNOWN_RELATION_COLOR, relation_color, relation_colors
from threadline.queries.view import View, node_sizes, select_view
from threadline.queries.view import clean_text as _clean

__all__ = ["VizReport", "embed_json", "render_html"]

log = logging.getLogger(__name__)

VIS_NETWORK = "lib/vis-9.1.2/vis-network.min.js"
# Above this many nodes the layout switches to settings tuned for speed.
LARGE_GRAPH = 300
LABEL_CHARS = 48


@dataclass(slots=True)
class VizReport:
    """What a rendered view holds, for the CLI's summary line and for tests."""

    path: Path
    nodes_shown: int
    nodes_total: int
    edges_shown: int
    edges_total: int
    comention_only: int
    size_by: str
    ranked_by: str
    bytes: int

    @property
    def left_out(self) -> int:
        return self.nodes_total - self.nodes_shown


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element of an HTML page.

    ``<``, ``>`` and ``&`` can only occur inside JSON strings, so escaping them
    as ``\\u003c`` etc. keeps the value and stops ``</script>`` or ``<!--``
    from ending the element early. ``ensure_ascii`` escapes U+2028/U+2029 and
    lone surrogates from badly decoded input, which would otherwise break a
    UTF-8 file.
    """
    text = json.dumps(data, ensure_ascii=True, separators=(", ", ": "))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _assets() -> dict[str, str]:
    """The vis-network script (from the pyvis package) and our page's own files."""
    vis_js = resources.files("pyvis").joinpath(VIS_NETWORK).read_text("utf-8")
    if "</script" in vis_js.lower():
        raise ThreadlineError(f"pyvis {VIS_NETWORK}: cannot be inlined safely")
    templates = resources.files("threadline.queries").joinpath("templates")
    return {
        "vis_js": vis_js,
        "app_js": templates.joinpath("view.js").read_text("utf-8"),
        "css": templates.joinpath("view.css").read_text("utf-8"),
        "page": templates.joinpath("view.html").read_text("utf-8"),
    }


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _label(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _document_title(documents: dict[str, Any], doc_id: str) -> str:
    meta = documents.get(doc_id) or {}
    if meta.get("title"):
        return _clean(meta["title"])
    origins = meta.get("origins") or []
    if origins:
        return _clean(Path(str(origins[0])).name)
    return f"document {doc_id}"


def _physics_options(node_count: int, edge_count: int) -> dict[str, Any]:
    """Layout settings: a careful layout for small views, a fast one for large ones.

    vis-network stabilizes before drawing; the page then switches physics off
    so the picture stops moving. Large views use forceAtlas2Based with fewer
    iterations and no ``improvedLayout`` (its clustering pass is quadratic),
    which keeps a 2,000-entity view settling within seconds.
    """
    large = node_count > LARGE_GRAPH
    iterations = 400 if not large else (200 if node_count <= 1000 else 100)
    physics: dict[str, Any] = {
        "enabled": True,
        "minVelocity": 2.0 if large else 1.0,
        "stabilization": {
            "enabled": True,
            "iterations": iterations,
            "updateInterval": 20,
            "fit": True,
        },
    }
    if large:
        physics["solver"] = "forceAtlas2Based"
        physics["forceAtlas2Based"] = {
            "theta": 0.9,
            "gravitationalConstant": -40,
            "centralGravity": 0.008,
            "springLength": 70,
            "springConstant": 0.06,
            "damping": 0.6,
            "avoidOverlap": 0,
        }
    else:
        physics["solver"] = "barnesHut"
        physics["barnesHut"] = {
            "gravitationalConstant": -6000,
            "centralGravity": 0.25,
            "springLength": 130,
            "springConstant": 0.03,
            "damping": 0.35,
            "avoidOverlap": 0.1,
        }
    return {
        "autoResize": True,
        "layout": {"improvedLayout": node_count <= 150 and edge_count <= 600, "randomSeed": 7},
        "physics": physics,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3},
            "scaling": {
                "min": 7,
                "max": 42,
                # Small views name every entity; large ones only when zoomed in.
                "label": {
                    "enabled": True,
                    "min": 11,
                    "max": 24,
                    "drawThreshold": 7 if large else 3,
                },
            },
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#a7b0b8", "highlight": "#2b2b2b", "hover": "#555555"},
            # Edge labels at 12 px with a white halo: readable at the default zoom.
            "font": {
                "size": 12,
                "align": "middle",
                "color": "#30363d",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "face": "system-ui, sans-serif",
            },
            "scaling": {
                "min": 1,
                "max": 8,
                "label": {"enabled": True, "min": 11, "max": 14, "drawThreshold": 5},
            },
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 3_600_000,  # our own tooltips; vis's would render HTML
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
    }


def _network(
    view: View, ontology: Ontology, config: VizConfig, centre: str | None = None
) -> tuple[Network, dict[str, Any]]:
    """The pyvis network (what vis-network draws) and the side data the page shows."""
    graph = view.graph
    documents: dict[str, Any] = graph.graph.get("documents") or {}
    sizes, size_by = node_sizes(graph, config.size_by)
    net = Network(directed=True, cdn_resources="in_line")
    node_info: dict[str, Any] = {}
    for node, data in graph.nodes(data=True):
        node_id = _clean(node)
        name = _clean(data.get("name") or node)
        entity_type = _clean(data.get("type") or "Unknown")
        marks: dict[str, Any] = {}
        if node == centre:
            # The centre of an ego view: a thick dark ring and a bigger, bold label.
            marks = {
                "borderWidth": 5,
                "color": {"background": ontology.color(entity_type), "border": "#111111"},
                "font": {"size": 17, "bold": True},
            }
        net.add_node(
            node_id,
            label=_label(name),
            color=marks.pop("color", ontology.color(entity_type)),
            value=sizes.get(node, 0.0),
            **marks,
        )
        info: dict[str, Any] = {
            "name": name,
            "type": entity_type,
            "aliases": [_clean(a) for a in data.get("aliases") or () if a != name],
        }
        for metric in ("mention_count", "doc_count", "degree", "pagerank", "community"):
            if isinstance(data.get(metric), int | float):
                info[metric] = data[metric]
        node_info[node_id] = info

    symmetric = {name for name, rel in ontology.relation_types.items() if rel.symmetric}
    pair_index: dict[frozenset[str], int] = defaultdict(int)
    edge_info: dict[str, Any] = {}
    doc_titles: dict[str, str] = {}
    for number, (source, target, data) in enumerate(graph.edges(data=True)):
        edge_id = f"e{number}"
        relation = _clean(data.get("type") or "RELATED")
        properties = {_clean(k): _clean(v) for k, v in (data.get("properties") or {}).items()}
        label = relation + "".join(f" · {v}" for v in properties.values())
        options: dict[str, Any] = {"id": edge_id, "label": label}
        options["value"] = float(data.get("weight") or len(data.get("evidence") or ()) or 1)
        if relation == MENTIONED_WITH:
            options["dashes"] = True
            options["color"] = {"color": "#d0d4d8", "highlight": "#777777"}
        else:
            # A colour per relation type (the legend shows them); labels take it too.
            color = relation_color(ontology, relation)
            options["color"] = {"color": color, "highlight": color, "hover": color}
            options["font"] = {"color": color}
        if relation == MENTIONED_WITH or relation in symmetric:
            options["arrows"] = {"to": {"enabled": False}}
        else:
            options["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
        pair = frozenset((source, target))
        parallel = pair_index[pair]
        pair_index[pair] += 1
        if parallel:
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * parallel}
        net.add_edge(_clean(source), _clean(target), **options)

        evidence = list(data.get("evidence") or ())
        shown = []
        for item in evidence[: config.evidence_per_edge]:
            doc_id = _clean(item.get("doc_id") or "")
            if doc_id and doc_id not in doc_titles:
                doc_titles[doc_id] = _document_title(documents, doc_id)
            shown.append(
                {
                    "doc": doc_id,
                    "sentence": _clean(item.get("sentence") or ""),
                    "rule": _clean(item.get("rule") or ""),
                    "confidence": item.get("confidence"),
                }
            )
        edge_info[edge_id] = {
            "type": relation,
            "properties": properties,
            "weight": options["value"],
            "evidence": shown,
            "more": max(0, len(evidence) - len(shown)),
        }
    net.options = _physics_options(graph.number_of_nodes(), graph.number_of_edges())
    side = {
        "nodes": node_info,
        "edges": edge_info,
        "documents": doc_titles,
        "size_by": size_by,
    }
    return net, side


def _legend(view: View, ontology: Ontology) -> tuple[list[dict], list[dict]]:
    type_counts: dict[str, int] = defaultdict(int)
    for _, entity_type in view.graph.nodes(data="type"):
        type_counts[_clean(entity_type or "Unknown")] += 1
    relation_counts: dict[str, int] = defaultdict(int)
    for _, _, relation in view.graph.edges(data="type"):
        relation_counts[_clean(relation or "RELATED")] += 1
    known = list(ontology.entity_types)
    types = sorted(type_counts, key=lambda t: (known.index(t) if t in known else len(known), t))
    relations = sorted(relation_counts, key=lambda r: (r == MENTIONED_WITH, r))
    colors = relation_colors(ontology)
    return (
        [{"name": t, "color": ontology.color(t), "count": type_counts[t]} for t in types],
        [
            {"name": r, "color": colors.get(r, UNKNOWN_RELATION_COLOR), "count": relation_counts[r]}
            for r in relations
        ],
    )


def render_html(
    graph: nx.MultiDiGraph,
    path: str | Path,
    ontology: Ontology,
    config: VizConfig | None = None,
    title: str = "threadline graph",
    centre: str | None = None,
) -> VizReport:
    """Write the interactive view of ``graph`` to ``path`` (one self-contained HTML file).

    Co-mentions are drawn only when ``config.show_comentions``; above
    ``config.max_nodes`` the most central entities are kept and the page says
    how many were left out. ``centre`` (an entity id) is marked as the centre
    of an ego view.
    """
    config = config or VizConfig()
    path = Path(path)
    view = select_view(graph, config.max_nodes, comentions=config.show_comentions)
    net, side = _network(view, ontology, config, centre)
    types, relations = _legend(view, ontology)
    nodes, edges, _, _, _, options = net.get_network_data()
    payload = {
        "title": _clean(title),
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "info": side,
        "types": types,
        "relations": relations,
        "summary": {
            "nodes_shown": view.graph.number_of_nodes(),
            "nodes_total": view.total_nodes,
            "edges_shown": view.graph.number_of_edges(),
            "edges_total": view.total_edges,
            "comention_only": view.comention_only,
            "ranked_by": view.ranked_by,
        },
    }
    assets = _assets()
    page = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
        assets["page"]
    )
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(assets['vis_js'])} {_csp_hash(assets['app_js'])}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )
    html = page.render(
        title=_clean(title),
        csp=csp,
        css=Markup(assets["css"]),
        data_json=Markup(embed_json(payload)),
        vis_js=Markup(assets["vis_js"]),
        app_js=Markup(assets["app_js"]),
        summary=payload["summary"],
        size_by=side["size_by"],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    data = html.encode("utf-8")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ThreadlineError(f"{path}: cannot write the view ({exc.strerror})") from exc
    log.info("wrote %s (%d entities, %d bytes)", path, view.graph.number_of_nodes(), len(data))
    return VizReport(
        path=path,
        nodes_shown=view.graph.number_of_nodes(),
        nodes_total=view.total_nodes,
        edges_shown=view.graph.number_of_edges(),
        edges_total=view.total_edges,
        comention_only=view.comention_only,
        size_by=side["size_by"],
        ranked_by=view.ranked_by,
        bytes=len(data),
    )
