"""A static picture of the graph for reports: PNG or SVG, same colours as the HTML view.

matplotlib (Agg backend, no display needed) draws a NetworkX spring layout;
entities are coloured by type with a legend and sized like the HTML view, and
the most central ones are named. A picture on a page cannot hold thousands of
dots, so it keeps the ``VizConfig.static_max_nodes`` most central entities and
its caption says how many were left out.

Names are drawn with math parsing off: an entity called ``$5bn Fund$`` is
shown as written and cannot make matplotlib's mathtext fail. The SVG writer
escapes text, so a name holding markup stays text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.lines import Line2D

from threadline.config import VizConfig
from threadline.errors import ConfigError, ThreadlineError
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology
from threadline.queries.view import clean_text, node_sizes, select_view

__all__ = ["FORMATS", "render_static"]

log = logging.getLogger(__name__)

FORMATS = ("png", "svg")
NAMED_NODES = 40  # the most central entities get a name on the picture
EDGE_LABELS_BELOW = 60  # relation types are written on edges of small pictures only


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Spring layout on the undirected simple graph, seeded so the picture is stable."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph, key=str))
    for source, target, weight in graph.edges(data="weight", default=1):
        if source == target:
            continue
        previous = simple.get_edge_data(source, target, {}).get("weight", 0)
        simple.add_edge(source, target, weight=previous + float(weight or 1))
    if not simple:
        return {}
    k = 1.6 / max(1, len(simple)) ** 0.5
    return nx.spring_layout(simple, seed=7, k=k, iterations=80, method="force")


def _scaled(values: Mapping[Any, float], low: float, high: float) -> dict[Any, float]:
    if not values:
        return {}
    smallest, largest = min(values.values()), max(values.values())
    span = largest - smallest
    if span <= 0:
        return {n: (low + high) / 2 for n in values}
    return {n: low + (high - low) * (v - smallest) / span for n, v in values.items()}


def render_static(
    graph: nx.MultiDiGraph,
    path: str | Path,
    ontology: Ontology,
    format: str = "png",
    config: VizConfig | None = None,
    title: str | None = None,
) -> Path:
    """Draw ``graph`` to ``path`` as a PNG or SVG picture and return the path."""
    if format not in FORMATS:
        raise ConfigError(f"unknown picture format {format!r}: use png or svg")
    config = config or VizConfig()
    path = Path(path)
    view = select_view(graph, config.static_max_nodes, comentions=config.show_comentions)
    drawn = view.graph
    count = drawn.number_of_nodes()
    sizes, size_by = node_sizes(drawn, config.size_by)
    position = _layout(drawn)

    side = min(22.0, 9.0 + count / 25)
    fig, ax = plt.subplots(figsize=(side * 1.25, side))
    try:
        ax.set_axis_off()
        node_list = list(drawn)
        area = _scaled(sizes, 40, 900 if count < 100 else 500)
        widths = {(s, t, k): float(w or 1) for s, t, k, w in drawn.edges(keys=True, data="weight")}
        width_scale = _scaled(widths, 0.6, 4.0)
        typed = [e for e in widths if drawn.edges[e].get("type") != MENTIONED_WITH]
        comention = [e for e in widths if drawn.edges[e].get("type") == MENTIONED_WITH]
        if typed:
            nx.draw_networkx_edges(
                drawn,
                position,
                edgelist=typed,
                width=[width_scale[e] for e in typed],
                edge_color="#9aa3ab",
                alpha=0.8,
                arrows=True,
                arrowstyle="-|>",
                arrowsize=9,
                node_size=[area[n] for n in node_list],
                nodelist=node_list,
                connectionstyle="arc3,rad=0.08",
                ax=ax,
            )
        if comention:
            nx.draw_networkx_edges(
                drawn,
                position,
                edgelist=comention,
                width=[width_scale[e] for e in comention],
                edge_color="#c8ccd0",
                style="dashed",
                arrows=False,
                ax=ax,
            )
        nx.draw_networkx_nodes(
            drawn,
            position,
            nodelist=node_list,
            node_size=[area[n] for n in node_list],
            node_color=[ontology.color(drawn.nodes[n].get("type") or "") for n in node_list],
            edgecolors="#333333",
            linewidths=0.5,
            ax=ax,
        )
        named = node_list if count <= NAMED_NODES else sorted(node_list, key=lambda n: -sizes[n])
        for node in named[:NAMED_NODES]:
            x, y = position[node]
            name = " ".join(clean_text(drawn.nodes[node].get("name") or node).split())
            ax.text(
                x,
                y,
                name if len(name) <= 40 else name[:39] + "…",
                fontsize=8,
                ha="center",
                va="bottom",
                parse_math=False,
                clip_on=True,
            )
        if drawn.number_of_edges() < EDGE_LABELS_BELOW:
            for source, target, relation in drawn.edges(data="type"):
                if source == target:
                    continue
                (x1, y1), (x2, y2) = position[source], position[target]
                ax.text(
                    (x1 + x2) / 2,
                    (y1 + y2) / 2,
                    clean_text(relation),
                    fontsize=6,
                    color="#555555",
                    ha="center",
                    va="center",
                    parse_math=False,
                )
        present = sorted(
            {drawn.nodes[n].get("type") or "Unknown" for n in node_list},
            key=lambda t: (
                list(ontology.entity_types).index(t) if t in ontology.entity_types else 99,
                t,
            ),
        )
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor=ontology.color(t),
                markeredgecolor="#333333",
                label=t,
            )
            for t in present
        ]
        if handles:
            ax.legend(handles=handles, title="Entity types", loc="upper left", frameon=True)
        caption = f"{count} of {view.total_nodes} entities, {drawn.number_of_edges()} relations; size by {size_by}"
        if view.truncated:
            caption += f"; {view.left_out} less central entities left out"
        if title:
            ax.set_title(clean_text(title), fontsize=13, loc="left", parse_math=False)
        fig.text(0.01, 0.01, caption, fontsize=9, color="#555555", parse_math=False)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        # A fixed salt makes SVG clip-path ids, hence the whole file, reproducible.
        with plt.rc_context({"svg.hashsalt": "threadline"}):
            fig.savefig(path, format=format, dpi=150, metadata=_metadata(format))
    except OSError as exc:
        raise ThreadlineError(f"{path}: cannot write the picture ({exc.strerror})") from exc
    finally:
        plt.close(fig)
    log.info("wrote %s (%d entities)", path, count)
    return path


def _metadata(format: str) -> dict[str, str | None]:
    """Drop the creation date so the same graph gives the same file."""
    if format == "svg":
        return {"Date": None}
    return {"Software": "threadline"}
