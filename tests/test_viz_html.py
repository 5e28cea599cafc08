"""The HTML view as a file: self-contained, escaped, honest about what it leaves out."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from threadline.config import VizConfig
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology
from threadline.queries.view import select_view, view_subgraph
from threadline.queries.viz import embed_json, render_html

HOSTILE = '<img src=x onerror="window.__pwned=1">'
SENTENCE = "Before </script><script>alert(1)</script> and <!-- after \u2028 line."


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph["documents"] = {"d1": {"doc_id": "d1", "title": "<b>Memo</b> & notes"}}
    g.add_node("a", name=HOSTILE, type="Person", aliases=["\ud800broken"], pagerank=0.5)
    g.add_node("b", name="Acme Shipping", type="Organization", aliases=[], pagerank=0.3)
    g.add_node("c", name="Lone Co-mention", type="Person", aliases=[], pagerank=0.2)
    evidence = [
        {"doc_id": "d1", "sentence": SENTENCE, "start": 0, "end": 5, "rule": "r", "confidence": 0.9}
    ]
    g.add_edge(
        "a", "b", key="WORKS_FOR", type="WORKS_FOR", weight=1, properties={}, evidence=evidence
    )
    g.add_edge(
        "a", "c", key=MENTIONED_WITH, type=MENTIONED_WITH, weight=2, properties={}, evidence=[]
    )
    return g


def parse(path) -> tuple[str, Elements]:
    html = path.read_text("utf-8")
    elements = Elements()
    elements.feed(html)
    return html, elements


def embedded_data(elements: Elements) -> dict:
    [text] = [t for a, t in elements.scripts if a.get("type") == "application/json"]
    return json.loads(text)


def test_the_file_loads_nothing_from_anywhere(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(graph(), path, ontology)
    html, elements = parse(path)
    assert not [t for t, _ in elements.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert all("src" not in attrs for _, attrs in elements.tags)
    assert all("href" not in attrs for _, attrs in elements.tags)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "@import" not in html and "cdn" not in html.lower()
    csp = [
        a["content"] for t, a in elements.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp[0] and "connect-src 'none'" in csp[0]
    # Three scripts: the data block, vis-network, the page's own code; all inline.
    assert [a.get("type") for a, _ in elements.scripts] == ["application/json", None, None]


def test_vis_network_ships_inside_pyvis():
    from importlib import resources

    script = resources.files("pyvis").joinpath("lib/vis-9.1.2/vis-network.min.js")
    assert script.is_file()
    assert "vis-network" in script.read_text("utf-8")[:200]


def test_document_text_is_data_never_markup(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(graph(), path, ontology, title="Case <script>x</script>")
    html, elements = parse(path)
    assert HOSTILE not in html
    assert "<b>Memo</b>" not in html
    assert html.count("</script>") == 3  # only the three real script elements close
    assert "<!--" not in html and "\u2028" not in html
    assert "<title>Case &lt;script&gt;x&lt;/script&gt;</title>" in html
    data = embedded_data(elements)
    names = {info["name"] for info in data["info"]["nodes"].values()}
    assert HOSTILE in names
    [edge] = data["info"]["edges"].values()
    assert edge["evidence"][0]["sentence"] == SENTENCE
    assert data["info"]["documents"] == {"d1": "<b>Memo</b> & notes"}
    assert data["info"]["nodes"]["a"]["aliases"] == ["\ufffdbroken"]  # lone surrogate replaced
    assert all("title" not in node for node in data["nodes"])  # vis would render it as HTML
    assert all("title" not in edge for edge in data["edges"])


def test_comentions_hidden_by_default_and_counted(tmp_path, ontology):
    path = tmp_path / "view.html"
    report = render_html(graph(), path, ontology)
    assert (report.nodes_shown, report.edges_shown, report.comention_only) == (2, 1, 1)
    html, _ = parse(path)
    assert "1 entities linked only by co-mentions are hidden" in html
    report = render_html(graph(), path, ontology, VizConfig(show_comentions=True))
    assert (report.nodes_shown, report.edges_shown, report.comention_only) == (3, 2, 0)
    data = embedded_data(parse(path)[1])
    assert {r["name"] for r in data["relations"]} == {"WORKS_FOR", MENTIONED_WITH}


def test_above_the_limit_the_most_central_stay_and_the_page_says_so(tmp_path, ontology):
    g = nx.MultiDiGraph()
    for i in range(30):
        g.add_node(f"n{i}", name=f"N{i}", type="Organization", aliases=[], pagerank=1 / (i + 1))
    for i in range(1, 30):
        g.add_edge(
            f"n{i}", "n0", key="PART_OF", type="PART_OF", weight=1, properties={}, evidence=[]
        )
    path = tmp_path / "view.html"
    report = render_html(g, path, ontology, VizConfig(max_nodes=10))
    assert (report.nodes_shown, report.nodes_total, report.left_out) == (10, 30, 20)
    assert report.ranked_by == "pagerank"
    data = embedded_data(parse(path)[1])
    assert sorted(data["info"]["nodes"], key=lambda n: int(n[1:])) == [f"n{i}" for i in range(10)]
    html, _ = parse(path)
    assert "Showing 10 of 30 entities" in html
    assert "20 less central entities are left out" in html


def test_connected_entities_are_kept_before_isolated_ones(ontology, tmp_path):
    g = nx.MultiDiGraph()
    for i in range(20):  # isolated, but with a high PageRank
        g.add_node(f"lone{i}", name=f"Lone {i}", type="Person", aliases=[], pagerank=0.9)
    for i in range(10):
        g.add_node(f"n{i}", name=f"N{i}", type="Organization", aliases=[], pagerank=0.01)
    for i in range(1, 10):
        g.add_edge(
            f"n{i}", "n0", key="PART_OF", type="PART_OF", weight=1, properties={}, evidence=[]
        )
    report = render_html(g, tmp_path / "v.html", ontology, VizConfig(max_nodes=12))
    assert (report.nodes_shown, report.edges_shown) == (12, 9)


def test_the_limit_keeps_relations_whole(ontology, tmp_path):
    g = nx.MultiDiGraph()
    for i in range(40):  # twenty separate pairs: cutting by rank alone would split them
        g.add_node(f"n{i}", name=f"N{i}", type="Person", aliases=[], pagerank=1 / (i + 1))
    for i in range(0, 40, 2):
        g.add_edge(
            f"n{i}",
            f"n{i + 1}",
            key="WORKS_FOR",
            type="WORKS_FOR",
            weight=1,
            properties={},
            evidence=[],
        )
    view = select_view(g, max_nodes=10)
    assert view.graph.number_of_edges() == 5
    assert all(view.graph.degree(n) == 1 for n in view.graph)


def test_nodes_sized_by_pagerank_or_degree(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(graph(), path, ontology, VizConfig(size_by="pagerank"))
    data = embedded_data(parse(path)[1])
    assert {n["id"]: n["value"] for n in data["nodes"]} == {"a": 0.5, "b": 0.3}
    g = graph()
    for _, attrs in g.nodes(data=True):
        del attrs["pagerank"]
    render_html(g, path, ontology, VizConfig(size_by="pagerank"))
    data = embedded_data(parse(path)[1])
    assert data["info"]["size_by"] == "degree"
    assert {n["id"]: n["value"] for n in data["nodes"]} == {"a": 1, "b": 1}


def test_edges_carry_type_width_direction_and_colours(tmp_path, ontology):
    path = tmp_path / "view.html"
    render_html(graph(), path, ontology)
    data = embedded_data(parse(path)[1])
    [edge] = data["edges"]
    assert (edge["from"], edge["to"], edge["label"], edge["value"]) == ("a", "b", "WORKS_FOR", 1.0)
    assert edge["arrows"]["to"]["enabled"] is True
    colours = {n["id"]: n["color"] for n in data["nodes"]}
    assert colours == {"a": ontology.color("Person"), "b": ontology.color("Organization")}


def test_embed_json_escapes_what_could_end_a_script():
    text = embed_json({"s": "</script><!-- & \u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"s": "</script><!-- & \u2028\u2029"}


def test_view_subgraph_by_entity_query_and_filters():
    g = graph()
    assert sorted(view_subgraph(g, entity="acme shipping")) == ["a", "b"]
    assert sorted(view_subgraph(g, entity="acme shipping", comentions=True, hops=2)) == [
        "a",
        "b",
        "c",
    ]
    assert sorted(view_subgraph(g, relations=["WORKS_FOR"])) == ["a", "b"]
    assert sorted(view_subgraph(g, entities=["b", "zz"])) == ["b"]
    view = select_view(view_subgraph(g, types=["Person"]), max_nodes=100, comentions=True)
    assert sorted(view.graph) == ["a", "c"]
