"""Static pictures for reports: real PNG and SVG files with colours, legend and names."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib.image
import networkx as nx
import pytest

from threadline.config import VizConfig
from threadline.errors import ConfigError
from threadline.graph.ontology import Ontology
from threadline.queries.static_plot import render_static

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def graph(n: int = 12) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("p0", name="$5bn Fund$ <script>alert(1)</script> --> x", type="Person", aliases=[])
    for i in range(1, n):
        g.add_node(f"o{i}", name=f"Agency {i}", type="Organization", aliases=[])
        g.add_edge(
            "p0" if i % 3 else f"o{i - 1}",
            f"o{i}",
            key="WORKS_FOR",
            type="WORKS_FOR",
            weight=i % 4 + 1,
        )
    g.add_node("l1", name="Port Vell \udcff", type="Location", aliases=[])
    g.add_edge("o1", "l1", key="LOCATED_IN", type="LOCATED_IN", weight=1)
    return g


def test_png_is_a_real_picture(tmp_path, ontology):
    path = render_static(graph(), tmp_path / "graph.png", ontology, "png", title="Case $x$")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 20_000 < path.stat().st_size < 5_000_000
    pixels = matplotlib.image.imread(path)
    height, width = pixels.shape[:2]
    assert width > 1000 and height > 800
    assert len({tuple(p) for p in pixels[::20, ::20].reshape(-1, pixels.shape[2])}) > 10


def test_svg_parses_and_keeps_hostile_names_as_text(tmp_path, ontology):
    path = render_static(graph(), tmp_path / "graph.svg", ontology, "svg")
    text = path.read_text("utf-8")
    root = ET.fromstring(text)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert 10_000 < len(text) < 10_000_000
    assert not root.findall(f".//{SVG}script") and "<script" not in text
    assert "&lt;script&gt;" in text  # the name, escaped, in the text comment
    assert ontology.color("Person").lower() in text.lower()
    assert ontology.color("Organization").lower() in text.lower()
    # Legend labels are drawn as glyphs; their text is kept in comments.
    assert "<!-- Entity types -->" in text and "<!-- Location -->" in text


def test_same_graph_same_svg(tmp_path, ontology):
    first = render_static(graph(), tmp_path / "a.svg", ontology, "svg").read_text("utf-8")
    second = render_static(graph(), tmp_path / "b.svg", ontology, "svg").read_text("utf-8")
    assert first == second


def test_large_graphs_keep_the_most_central_and_say_so(tmp_path, ontology):
    g = graph(400)
    path = render_static(
        g, tmp_path / "big.svg", ontology, "svg", config=VizConfig(static_max_nodes=50)
    )
    text = path.read_text("utf-8")
    assert "50 of 401 entities" in text and "351 less central entities left out" in text


def test_unknown_format_is_a_clear_error(tmp_path, ontology):
    with pytest.raises(ConfigError, match="png or svg"):
        render_static(graph(), tmp_path / "g.gif", ontology, "gif")


def test_empty_graph_still_draws(tmp_path, ontology):
    path = render_static(nx.MultiDiGraph(), tmp_path / "empty.png", ontology, "png")
    assert path.stat().st_size > 1000
