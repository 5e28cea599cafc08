"""The HTML view in a real browser: it draws, works offline, and runs nothing it was fed.

Debian's Chromium runs headless through Playwright (never a downloaded
browser). The page is served from a made-up origin by a route that answers
only the page itself; every other request is refused and recorded, so a test
can assert the file asked for nothing. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from threadline.config import VizConfig
from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology
from threadline.queries.viz import render_html

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_URL = "http://threadline.invalid/view.html"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Payloads that set a flag or open a dialog if any of them ever runs.
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE_ALIAS = "<svg onload=window.__pwned=2>"
HOSTILE_SENTENCE = (
    "The minister said </script><script>window.__pwned=3;alert(3)</script> "
    "<!-- and then left -->\u2028for the airport."
)
HOSTILE_TITLE = '<iframe src="javascript:window.__pwned=4"></iframe>Leaked memo'
HOSTILE_ROLE = '"><img src=y onerror=window.__pwned=5>'
HOSTILE_ID = 'person-"><script>window.__pwned=6</script>'


@dataclass
class Opened:
    """A page showing a view, and everything it tried behind our back."""

    page: playwright_api.Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds_to_settle: float = 0.0

    def attr(self, name: str) -> str | None:
        return self.page.get_attribute("body", name)

    def node_position(self, node_id: str) -> tuple[float, float]:
        """Where a node is on screen (page coordinates)."""
        x, y = self.page.evaluate(
            """(id) => {
                const v = window.threadlineView;
                const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
                const r = document.getElementById('graph').getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }""",
            node_id,
        )
        return x, y


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_view(browser: playwright_api.Browser) -> Iterator:
    contexts = []

    def open_(path: Path, timeout_ms: int = 60_000) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        body = path.read_bytes()
        page = context.new_page()
        opened = Opened(page)

        def route(route: playwright_api.Route) -> None:
            if route.request.url == PAGE_URL:
                route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
            else:
                opened.requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("request", lambda r: r.url != PAGE_URL and opened.requests.append(r.url))
        page.on("websocket", lambda ws: opened.requests.append(ws.url))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on(
            "console", lambda m: m.type in ("error", "warning") and opened.errors.append(m.text)
        )
        started = time.perf_counter()
        page.goto(PAGE_URL)
        page.wait_for_selector("body[data-state=settled]", timeout=timeout_ms)
        opened.seconds_to_settle = time.perf_counter() - started
        return opened

    yield open_
    for context in contexts:
        context.close()


def _evidence(sentence: str, doc_id: str = "doc1") -> dict:
    return {
        "doc_id": doc_id,
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "rule": "works_for.appointed",
        "confidence": 0.85,
    }


def small_graph() -> nx.MultiDiGraph:
    """Five entities, typed relations with evidence, and one co-mention."""
    g = nx.MultiDiGraph()
    g.graph["documents"] = {
        "doc1": {"doc_id": "doc1", "title": "Annual report of the Harbour Authority"},
        "doc2": {"doc_id": "doc2", "title": None, "origins": ["/data/leaks/memo-7.txt"]},
    }
    people = [
        ("p1", "Mara Okonkwo", "Person", ["M. Okonkwo"]),
        ("p2", "Tomas Lindqvist", "Person", []),
        ("o1", "Harbour Authority", "Organization", ["HA"]),
        ("o2", "Northern Shipping Union", "Organization", []),
        ("l1", "Port Vell", "Location", []),
    ]
    for node, name, entity_type, aliases in people:
        g.add_node(node, name=name, type=entity_type, aliases=aliases, mention_count=3)
    g.add_edge(
        "p1",
        "o1",
        key="WORKS_FOR|role=director",
        type="WORKS_FOR",
        weight=2,
        properties={"role": "director"},
        evidence=[
            _evidence("Mara Okonkwo was appointed director of the Harbour Authority."),
            _evidence("Okonkwo has led the authority since spring.", "doc2"),
        ],
    )
    g.add_edge(
        "p2",
        "o2",
        key="MEMBER_OF",
        type="MEMBER_OF",
        weight=1,
        properties={},
        evidence=[_evidence("Tomas Lindqvist is a member of the Northern Shipping Union.")],
    )
    g.add_edge(
        "o1",
        "l1",
        key="LOCATED_IN",
        type="LOCATED_IN",
        weight=1,
        properties={},
        evidence=[_evidence("The Harbour Authority is based in Port Vell.")],
    )
    g.add_edge(
        "o2",
        "o1",
        key="PARTNERED_WITH",
        type="PARTNERED_WITH",
        weight=1,
        properties={},
        evidence=[_evidence("The union signed an agreement with the Harbour Authority.")],
    )
    g.add_edge(
        "p1",
        "p2",
        key=MENTIONED_WITH,
        type=MENTIONED_WITH,
        weight=4,
        properties={},
        evidence=[_evidence("Okonkwo and Lindqvist met on Tuesday.")],
    )
    return g


def hostile_graph() -> nx.MultiDiGraph:
    """Names, aliases, ids, titles and sentences that are HTML or script."""
    g = nx.MultiDiGraph()
    g.graph["documents"] = {"leak": {"doc_id": "leak", "title": HOSTILE_TITLE}}
    g.add_node(HOSTILE_ID, name=HOSTILE_NAME, type="Person", aliases=[HOSTILE_ALIAS])
    g.add_node("o1", name="Quiet Holdings </script>", type="Organization", aliases=["QH\u2029"])
    g.add_node("x1", name="Odd thing", type="<b>Weird</b>", aliases=[])
    g.add_edge(
        HOSTILE_ID,
        "o1",
        key="WORKS_FOR",
        type="WORKS_FOR",
        weight=1,
        properties={"role": HOSTILE_ROLE},
        evidence=[_evidence(HOSTILE_SENTENCE, "leak")],
    )
    g.add_edge("x1", "o1", key="PART_OF", type="PART_OF", weight=1, properties={}, evidence=[])
    return g


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free-ish random graph of ``n`` entities shaped like a workspace graph."""
    rnd = random.Random(seed)
    types = ["Person", "Organization", "Location", "Group", "Facility"]
    relations = ["WORKS_FOR", "PART_OF", "LOCATED_IN", "MEMBER_OF", "AFFILIATED_WITH"]
    g = nx.MultiDiGraph()
    g.graph["documents"] = {f"d{i}": {"doc_id": f"d{i}", "title": f"Report {i}"} for i in range(40)}
    for i in range(n):
        g.add_node(f"n{i}", name=f"Entity {i}", type=rnd.choice(types), aliases=[f"E-{i}"])
    for i in range(1, n):
        for _ in range(rnd.choice((1, 1, 2))):
            j = rnd.randrange(i) if rnd.random() < 0.7 else rnd.randrange(min(i, 25))
            relation = rnd.choice(relations)
            evidence = [
                _evidence(f"Entity {i} and Entity {j}: a {relation} link.", f"d{rnd.randrange(40)}")
                for _ in range(rnd.randint(1, 3))
            ]
            g.add_edge(
                f"n{i}",
                f"n{j}",
                key=relation,
                type=relation,
                weight=len(evidence),
                properties={},
                evidence=evidence,
            )
    return g


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def test_view_draws_every_entity_offline(tmp_path, open_view, ontology):
    path = tmp_path / "small.html"
    report = render_html(small_graph(), path, ontology, VizConfig(), title="Harbour case")
    view = open_view(path)
    assert view.attr("data-nodes-total") == "5"
    assert view.attr("data-nodes-visible") == "5"
    assert view.page.evaluate("window.threadlineView.network.body.nodeIndices.length") == 5
    assert report.nodes_shown == 5
    assert view.requests == []
    assert view.errors == []
    assert view.page.title() == "Harbour case"
    legend = view.page.inner_text("#type-filters")
    assert "Person" in legend and "Organization" in legend and "Location" in legend
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "viz-small.png"))


def test_layout_settles_then_freeze_button_toggles_physics(tmp_path, open_view, ontology):
    path = tmp_path / "small.html"
    render_html(small_graph(), path, ontology, VizConfig())
    view = open_view(path)
    assert view.attr("data-physics") == "off"
    button = view.page.locator("#freeze")
    assert button.inner_text() == "Unfreeze layout"
    button.click()
    assert view.attr("data-physics") == "on"
    assert button.inner_text() == "Freeze layout"
    button.click()
    assert view.attr("data-physics") == "off"


def test_comentions_are_hidden_unless_asked(tmp_path, open_view, ontology):
    hidden = tmp_path / "hidden.html"
    shown = tmp_path / "shown.html"
    render_html(small_graph(), hidden, ontology, VizConfig())
    render_html(small_graph(), shown, ontology, VizConfig(show_comentions=True))
    assert open_view(hidden).attr("data-edges-total") == "4"
    view = open_view(shown)
    assert view.attr("data-edges-total") == "5"
    assert MENTIONED_WITH in view.page.inner_text("#relation-filters")


def test_hostile_text_shows_as_text_and_runs_nothing(tmp_path, open_view, ontology):
    path = tmp_path / "hostile.html"
    render_html(hostile_graph(), path, ontology, VizConfig(), title="<script>alert(9)</script>")
    view = open_view(path)
    page = view.page
    assert view.attr("data-nodes-visible") == "3"

    # Hover the hostile entity: the tooltip holds its name and alias as text.
    x, y = view.node_position(HOSTILE_ID)
    page.mouse.move(x, y)
    page.wait_for_selector("#tooltip:not([hidden])")
    tooltip = page.inner_text("#tooltip")
    assert HOSTILE_NAME in tooltip and HOSTILE_ALIAS in tooltip

    # Click it, then open its relation's evidence from the panel.
    page.mouse.click(x, y)
    page.wait_for_selector("#details-body[data-node]")
    page.locator("#details-body button.link").first.click()
    page.wait_for_selector("#details-body[data-edge]")
    details = page.inner_text("#details-body")
    assert "window.__pwned=3" in details  # the sentence, shown literally
    assert "Leaked memo" in details and "<iframe" in details
    assert HOSTILE_ROLE in details

    # Search by the hostile alias finds the node.
    page.fill("#search-input", HOSTILE_ALIAS)
    page.press("#search-input", "Enter")
    page.wait_for_selector("body[data-focused]")
    assert view.attr("data-focused") == HOSTILE_ID

    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert view.dialogs == []
    assert view.requests == []
    assert page.locator("img, iframe, svg").count() == 0
    assert page.title() == "<script>alert(9)</script>"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viz-hostile.png"))


def test_search_focuses_an_entity_by_alias(tmp_path, open_view, ontology):
    path = tmp_path / "small.html"
    render_html(small_graph(), path, ontology, VizConfig())
    view = open_view(path)
    page = view.page
    scale_before = page.evaluate("window.threadlineView.network.getScale()")
    page.fill("#search-input", "ha")
    page.press("#search-input", "Enter")
    page.wait_for_selector("body[data-focused]")
    assert view.attr("data-focused") == "o1"
    assert page.evaluate("window.threadlineView.network.getSelectedNodes()") == ["o1"]
    assert page.inner_text("#search-status") == "Found: Harbour Authority"
    page.wait_for_timeout(600)  # the focus animation
    assert page.evaluate("window.threadlineView.network.getScale()") != scale_before
    assert "Harbour Authority" in page.inner_text("#details-body h3")

    page.fill("#search-input", "nobody by this name")
    page.press("#search-input", "Enter")
    assert "No entity matches" in page.inner_text("#search-status")


def test_type_and_relation_filters_hide_nodes_and_edges(tmp_path, open_view, ontology):
    path = tmp_path / "small.html"
    render_html(small_graph(), path, ontology, VizConfig())
    view = open_view(path)
    page = view.page
    page.locator('#type-filters input[data-filter="Person"]').uncheck()
    assert view.attr("data-nodes-visible") == "3"
    assert page.evaluate("window.threadlineView.network.body.nodeIndices.length") == 3
    assert view.attr("data-edges-visible") == "2"  # both Person edges gone
    page.locator('#relation-filters input[data-filter="LOCATED_IN"]').uncheck()
    assert view.attr("data-edges-visible") == "1"
    page.locator('#type-filters input[data-filter="Person"]').check()
    assert view.attr("data-nodes-visible") == "5"


def test_clicking_an_edge_shows_its_evidence_and_documents(tmp_path, open_view, ontology):
    g = nx.MultiDiGraph(small_graph().subgraph(["p1", "o1"]))
    g.graph.update(small_graph().graph)
    path = tmp_path / "edge.html"
    render_html(g, path, ontology, VizConfig())
    view = open_view(path)
    page = view.page
    (x1, y1), (x2, y2) = view.node_position("p1"), view.node_position("o1")
    page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
    page.wait_for_selector("#details-body[data-edge]")
    details = page.inner_text("#details-body")
    assert "Mara Okonkwo → WORKS_FOR → Harbour Authority" in details
    assert "role: director" in details
    assert "Mara Okonkwo was appointed director of the Harbour Authority." in details
    assert "Annual report of the Harbour Authority" in details
    assert "memo-7.txt" in details  # a document without a title shows its file name
    assert page.locator("#details-body blockquote").count() == 2


def test_large_graph_keeps_the_most_central_and_says_so(tmp_path, open_view, ontology):
    path = tmp_path / "large.html"
    report = render_html(synthetic_graph(1500), path, ontology, VizConfig(max_nodes=400))
    assert (report.nodes_shown, report.nodes_total) == (400, 1500)
    view = open_view(path)
    assert view.attr("data-nodes-visible") == "400"
    summary = view.page.inner_text("#summary")
    assert "Showing 400 of 1,500 entities" in summary
    assert "1,100 less central entities are left out" in summary
    assert view.requests == []


@pytest.mark.slow
@pytest.mark.parametrize("size", [100, 500, 2000])
def test_views_settle_within_seconds(tmp_path, open_view, ontology, size, record_property):
    path = tmp_path / f"synthetic-{size}.html"
    report = render_html(synthetic_graph(size), path, ontology, VizConfig(max_nodes=2000))
    view = open_view(path)
    settle_ms = int(view.attr("data-settle-ms"))
    record_property("bytes", report.bytes)
    record_property("settle_ms", settle_ms)
    print(f"\n{size} entities: {report.bytes / 1e6:.2f} MB, settled in {settle_ms} ms")
    assert view.attr("data-nodes-visible") == str(size)
    assert view.requests == [] and view.errors == []
    assert settle_ms < 15_000
    if size == 2000:
        ARTIFACTS.mkdir(exist_ok=True)
        view.page.screenshot(path=str(ARTIFACTS / "viz-2000.png"))
