"""The explorer app in a real browser: a user's path through it, offline and inert.

The real server runs on a free loopback port; Debian's Chromium drives the
page through Playwright. Every request the page makes is checked by a route:
anything not addressed to the server is recorded and aborted, and each test
asserts there was none. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from threadline.graph.build import graph_to_json
from threadline.graph.curation import Judgements
from threadline.graph.model import edge_key
from threadline.queries.serve import running

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
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@dataclass
class Session:
    """A page on the app, and everything it tried behind the server's back."""

    page: Any
    base: str
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def wait(self, script: str, timeout: int = 60_000) -> Any:
        """Wait for a JavaScript condition (a function: the page forbids eval)."""
        return self.page.wait_for_function(f"() => {script}", timeout=timeout)

    def ready(self) -> None:
        self.wait("window.threadline && window.threadline.ready")

    def status_opens(self, prefix: str) -> None:
        """Wait until the status line opens with ``prefix``; say what it read instead."""
        try:
            self.wait(f"document.getElementById('status').textContent.startsWith({prefix!r})")
        except playwright_api.TimeoutError:
            status = self.page.inner_text("#status")
            raise AssertionError(
                f"status {status!r}, not {prefix!r}; errors {self.errors}"
            ) from None

    def ask_path(self, first: str, second: str) -> list[str]:
        """Select two entities by name, ask for the path between them and wait for it;
        give their ids."""
        ids: list[str] = self.page.evaluate(
            """([a, b]) => {
                const nodes = window.threadline.canvas.nodes;
                const id = (name) => nodes.find((n) => n.name === name).id;
                return [id(a), id(b)];
            }""",
            [first, second],
        )
        self.page.evaluate(
            "([a, b]) => { window.threadline.select(a); window.threadline.select(b, true); }", ids
        )
        self.page.click("#path")
        self.status_opens("path of")
        return ids

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"))

    def clean(self) -> None:
        assert self.outside == [], self.outside
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_app(browser: Any) -> Iterator[Any]:
    contexts = []

    def open_(base: str) -> Session:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        # as long as ``Session.wait``: a busy machine may take more than the default 30 s
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        session = Session(page, base)

        def route(route: Any) -> None:
            if route.request.url.startswith(base + "/"):
                route.continue_()
            else:
                session.outside.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("websocket", lambda ws: session.outside.append(ws.url))
        page.on("dialog", lambda d: (session.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: session.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and session.errors.append(m.text))
        page.goto(base + "/")
        session.ready()
        return session

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def workspace_copy(example_workspace: Any, tmp_path: Path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(example_workspace.path, copy)
    return copy


def test_search_entity_expand_evidence_and_document(open_app: Any, example_workspace: Any) -> None:
    with running(example_workspace.path) as (base, _):
        app = open_app(base)
        page = app.page
        page.fill("#search", "niam")
        page.wait_for_selector("#suggestions li")
        assert "Northbridge Institute" in page.inner_text("#suggestions li >> nth=0")
        page.keyboard.press("Enter")
        page.wait_for_selector(".entity-name")
        assert page.inner_text(".entity-name") == "Northbridge Institute for Applied Materials"
        app.wait("window.threadline.layoutMs !== null")
        centre = page.evaluate("() => window.threadline.canvas.centre")
        shown = page.evaluate("() => window.threadline.canvas.nodes.length")
        assert centre.startswith("organization-") and shown > 1

        # Double-click a neighbour on the canvas: its neighbours join the view.
        neighbour = page.evaluate(
            """() => {
                const c = window.threadline.canvas;
                const n = c.nodes.find((n) => n.id !== c.centre && n.name === 'Elena Varga');
                const [x, y] = c.toScreen(n.x, n.y);
                const r = document.getElementById('graph').getBoundingClientRect();
                return [r.left + x, r.top + y, n.id];
            }"""
        )
        page.mouse.dblclick(neighbour[0], neighbour[1])
        app.wait(f"window.threadline.canvas.centre === {neighbour[2]!r}")
        assert page.evaluate("() => window.threadline.canvas.nodes.length") > shown
        page.wait_for_selector(".entity-name >> text=Elena Varga")

        # Evidence: a sentence with its document; open the document at that sentence.
        page.wait_for_selector(".evidence .sentence")
        sentence = page.inner_text(".evidence .sentence >> nth=0")
        assert "Varga" in sentence or len(sentence) > 20
        assert page.inner_text(".evidence .doc-meta >> nth=0")
        page.click(".evidence .open-doc >> nth=0")
        page.wait_for_selector(".document-text .sentence-hit")
        hit = "".join(page.locator(".sentence-hit").all_inner_texts())
        assert " ".join(hit.split()) == " ".join(sentence.split())
        assert page.locator(".document-text mark.mention").count() > 2
        assert page.locator(".sentence-hit >> nth=0").is_visible()
        app.shot("document")
        app.clean()


def test_a_canned_query_and_a_cypher_query(open_app: Any, example_workspace: Any) -> None:
    with running(example_workspace.path) as (base, _):
        app = open_app(base)
        page = app.page
        page.click(".tabs button[data-tab=queries]")
        page.select_option("#query-name", "people")
        page.fill("#query-form input[name=entity]", "NIAM")
        page.click("#query-form button[type=submit]")
        page.wait_for_selector("#query-result table.result")
        assert "Elena Varga" in page.inner_text("#query-result table.result")
        page.click("#query-result .as-graph")
        app.wait("window.threadline.canvas.nodes.some((n) => n.name === 'Elena Varga')")

        page.click(".tabs button[data-tab=cypher]")
        page.fill(
            "#cypher-text", "MATCH (p:Person) RETURN p.name AS name, p.id AS id ORDER BY name"
        )
        page.click("#cypher-run")
        page.wait_for_selector("#cypher-result table.result")
        assert "Elena Varga" in page.inner_text("#cypher-result table.result")
        with page.expect_download() as download:
            page.click("#cypher-result .csv")
        csv = Path(download.value.path()).read_text("utf-8")
        assert csv.splitlines()[0] == "name,id" and "Elena Varga" in csv

        # A write clause is refused, and the store still holds the people.
        page.fill("#cypher-text", "MATCH (p:Person) DETACH DELETE p")
        page.click("#cypher-run")
        page.wait_for_selector("#cypher-result .error")
        assert "read-only" in page.inner_text("#cypher-result .error")
        app.errors = [e for e in app.errors if "400" not in e]  # the refusal's HTTP status
        app.clean()
    assert example_workspace.cypher("MATCH (p:Person) RETURN count(p) AS n")[0]["n"] > 0


def test_a_merge_and_its_undo(open_app: Any, workspace_copy: Path) -> None:
    with running(workspace_copy) as (base, _):
        app = open_app(base)
        page = app.page
        page.fill("#search", "Elena Varga")
        page.wait_for_selector("#suggestions li")
        page.keyboard.press("Enter")
        page.wait_for_selector(".entity-name >> text=Elena Varga")
        page.click(".curation summary")
        page.select_option(".curation-action", "merge")
        page.fill(".curation-argument", "Nadia Haddad")
        page.click(".curation-apply")
        app.status_opens("recorded: merge")
        saved = list(Judgements.load(workspace_copy))
        assert [(j.action, j.name, j.argument) for j in saved] == [
            ("merge", "Elena Varga", "Nadia Haddad")
        ]
        page.wait_for_selector(".aliases >> text=Nadia Haddad")
        page.click(".tabs button[data-tab=curation]")
        assert "merge Elena Varga" in page.inner_text("#judgement-list")
        page.click("#judgement-undo")
        app.status_opens("undone: merge")
        assert list(Judgements.load(workspace_copy)) == []
        assert page.inner_text("#judgement-list") == ""
        page.fill("#search", "Nadia Haddad")
        page.wait_for_selector("#suggestions li >> text=Nadia Haddad")
        app.clean()


def _synthetic_workspace(path: Path, entities: int, relations: int, seed: int = 7) -> Path:
    """A workspace folder holding only graph.json: a random graph of the contract shape."""
    rng = random.Random(seed)
    types = ["Person", "Organization", "Location"]
    kinds = ["WORKS_FOR", "PART_OF", "LOCATED_IN", "MEMBER_OF", "FUNDED_BY"]
    graph = nx.MultiDiGraph(documents={"d": {"doc_id": "d", "title": "synthetic"}})
    for i in range(entities):
        graph.add_node(
            f"n{i}", name=f"Entity {i}", type=types[i % 3], aliases=[],
            mention_count=rng.randint(1, 50), degree=0, pagerank=rng.random() / entities,
        )  # fmt: skip
    # Preferential attachment-ish: a few hubs, many leaves, like real case graphs.
    for _ in range(relations):
        a = rng.randrange(entities)
        b = int(entities * rng.random() ** 2)
        if a == b:
            continue
        kind = rng.choice(kinds)
        graph.add_edge(
            f"n{a}", f"n{b}", key=edge_key(kind, {}), type=kind, weight=1, properties={},
            evidence=[{"doc_id": "d", "sentence": "s", "start": 0, "end": 1,
                       "rule": "r", "confidence": 0.8}],
        )  # fmt: skip
    path.mkdir(parents=True, exist_ok=True)
    (path / "graph.json").write_text(graph_to_json(graph), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_ten_thousand_entity_graph_renders(open_app: Any, tmp_path: Path) -> None:
    workspace = _synthetic_workspace(tmp_path / "big", entities=10_000, relations=20_000)
    with running(workspace) as (base, _):
        app = open_app(base)
        page = app.page
        page.evaluate("() => { window.threadline.layoutMs = null; }")
        page.click("#whole")
        app.wait("window.threadline.canvas.nodes.length === 10000", timeout=120_000)
        app.wait("window.threadline.canvas.frames > 2 && window.threadline.canvas.shown", 120_000)
        shown = page.evaluate("() => window.threadline.canvas.shown")
        assert shown["nodes"] > 1000 and shown["edges"] > 1000
        # The canvas really has ink on it: many non-white pixels.
        inked = page.evaluate(
            """() => {
                const c = document.getElementById('graph');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4 * 7) if (d[i] < 240 || d[i + 2] < 240) n++;
                return n;
            }"""
        )
        assert inked > 1000
        # Drag to pan and wheel to zoom: the view follows, then draws in full.
        box = page.locator("#graph").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        camera = page.evaluate("() => ({...window.threadline.canvas.camera})")
        page.mouse.move(cx + 3, cy + 3)
        page.mouse.down()
        page.mouse.move(cx + 120, cy + 60, steps=6)
        page.mouse.up()
        frames = page.evaluate("() => window.threadline.canvas.frames")
        app.wait(f"window.threadline.canvas.frames > {frames}", 30_000)
        # Once panned, the running layout no longer refits the view: the zoom is ours alone.
        panned = page.evaluate("() => ({...window.threadline.canvas.camera})")
        assert panned["x"] != camera["x"]
        page.mouse.wheel(0, -400)
        app.wait(f"window.threadline.canvas.camera.scale > {panned['scale']}", 30_000)
        app.shot("10k")
        app.clean()


def test_hostile_names_render_as_inert_text(
    open_app: Any, tmp_path: Path, contract_graph: Any
) -> None:
    workspace = tmp_path / "hostile"
    workspace.mkdir()
    (workspace / "graph.json").write_text(graph_to_json(contract_graph), encoding="utf-8")
    with running(workspace) as (base, _):
        app = open_app(base)
        page = app.page
        page.fill("#search", "script")
        page.wait_for_selector("#suggestions li")
        page.keyboard.press("Enter")
        page.wait_for_selector(".entity-name")
        assert page.inner_text(".entity-name") == "<script>alert(1)</script>"
        page.wait_for_selector(".evidence .sentence")
        assert "Aide at <script> corp." in page.inner_text("#tab-entity")
        assert page.locator("#tab-entity script, #tab-entity img, #tab-entity iframe").count() == 0
        assert page.evaluate("() => document.querySelectorAll('script').length") == 2
        for name in ("Fund", "semi;colon", "O'Brien"):
            page.fill("#search", name)
            page.wait_for_selector("#suggestions li")
            page.keyboard.press("Enter")
            page.wait_for_selector(".entity-name")
        app.shot("hostile")
        app.clean()


@pytest.mark.parametrize("failures", [1, 2])
def test_a_layout_started_again_keeps_the_path_status(
    open_app: Any, example_workspace: Any, failures: int
) -> None:
    """A layout worker that fails to load gets more starts (a busy machine can fail two in
    a row); the path found meanwhile stays in the status line, where a later start once
    wrote "laying out" over it."""
    with running(example_workspace.path) as (base, _):
        app = open_app(base)
        page = app.page
        failed: list[str] = []

        def fail_first_loads(route: Any) -> None:
            if len(failed) >= failures:
                route.continue_()
            else:
                failed.append(route.request.url)
                route.abort()

        app.wait("window.threadline.layoutMs !== null")  # the whole graph's layout is done
        page.route("**/static/layout-worker.js", fail_first_loads)
        app.ask_path("Elena Varga", "Rotterdam")
        app.wait(
            "window.threadline.layoutMs !== null"
            " || document.querySelector('#status').textContent.startsWith('layout failed')"
        )
        assert len(failed) == failures, "the layout worker was not requested again"
        assert page.inner_text("#status").startswith("path of")


def test_path_hide_undo_and_filters(open_app: Any, example_workspace: Any) -> None:
    with running(example_workspace.path) as (base, _):
        app = open_app(base)
        page = app.page
        ids = app.ask_path("Elena Varga", "Rotterdam")
        assert "Elena Varga" in page.inner_text("#status")
        assert page.evaluate("() => window.threadline.canvas.highlight.size") >= 3

        counts = page.inner_text("#counts")
        page.evaluate("(a) => window.threadline.select(a)", ids[0])
        page.click("#hide")
        assert page.inner_text("#counts") != counts
        hidden = f"() => window.threadline.view.nodes.get({ids[0]!r}).hidden"
        assert page.evaluate(hidden) is True
        page.click("#undo")
        assert page.evaluate(hidden) is False
        assert page.inner_text("#counts") == counts

        # Untick every entity type: the page says why it is empty.
        for box in page.locator("#type-filters input").all():
            box.uncheck()
        assert page.is_visible("#empty")
        assert "filters hide every entity" in page.inner_text("#empty")
        page.locator("#type-filters input").first.check()
        assert not page.is_visible("#empty")
        app.clean()
