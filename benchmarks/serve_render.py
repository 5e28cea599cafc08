"""How fast the explorer app draws a big graph in headless Chromium.

Builds a workspace holding a random graph of the graph JSON shape (a few hubs,
many leaves, five relation types), serves it with ``threadline serve``'s app on
a free loopback port, opens it in Debian's Chromium and measures, in the page:

- ``first_frame_ms``: from asking for the whole graph to its first frame on
  screen (HTTP, JSON parsing, building the view and drawing it);
- ``redraw``: one full redraw, pixels included (median, 90th percentile and
  worst of 40 frames at three zoom levels): what the page draws once a pan or
  zoom pauses;
- ``interaction``: one frame while panning or zooming, when the page moves and
  scales the last full frame instead of redrawing (views that take over 40 ms);
- ``layout_ms``: ForceAtlas2 in its web worker until it settles (the page is
  usable and redraws while it runs).

``--mode cpu`` (default) runs Chromium with ``--disable-gpu``: the 2D canvas
is rasterized by Skia on the CPU. ``--mode swiftshader`` gives it a software
GPU (``--use-angle=swiftshader --enable-unsafe-swiftshader``), as WebGL needs.

    .venv/bin/python benchmarks/serve_render.py                # 10,000 / 50,000
    .venv/bin/python benchmarks/serve_render.py --entities 2000 --relations 8000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from threadline.graph.build import graph_to_json
from threadline.graph.model import edge_key
from threadline.queries.serve import running

CHROMIUM = "/usr/bin/chromium"
BASE_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--no-first-run"]
# How Chromium draws without a GPU: "cpu" rasterizes the 2D canvas in Skia on
# the CPU (--disable-gpu); "swiftshader" emulates a GPU in software, which
# WebGL needs and which also takes over the 2D canvas (much slower for it).
MODES = {
    "cpu": ["--disable-gpu"],
    "swiftshader": ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
}


def synthetic_workspace(path: Path, entities: int, relations: int, seed: int = 7) -> Path:
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
    added = 0
    while added < relations:
        a = rng.randrange(entities)
        b = int(entities * rng.random() ** 2)  # skewed: a few hubs, many leaves
        kind = rng.choice(kinds)
        if a == b or graph.has_edge(f"n{a}", f"n{b}", key=kind):
            continue
        graph.add_edge(
            f"n{a}", f"n{b}", key=edge_key(kind, {}), type=kind, weight=1, properties={},
            evidence=[{"doc_id": "d", "sentence": "s", "start": 0, "end": 1,
                       "rule": "r", "confidence": 0.8}],
        )  # fmt: skip
        added += 1
    path.mkdir(parents=True, exist_ok=True)
    (path / "graph.json").write_text(graph_to_json(graph), encoding="utf-8")
    return path


FIRST_FRAME = """async () => {
    const t = window.threadline;
    t.canvas.flush = true;  // each draw waits for its pixels: rasterization is measured
    const started = performance.now();
    const frames = t.canvas.frames;
    await t.loadWhole(100000);
    await new Promise((resolve) => {
        const check = () => t.canvas.frames > frames ? resolve() : requestAnimationFrame(check);
        check();
    });
    return {ms: performance.now() - started, draw_ms: t.canvas.lastDrawMs,
            nodes: t.canvas.nodes.length, edges: t.canvas.edges.length};
}"""

REDRAW = """() => {
    const c = window.threadline.canvas;
    c.flush = true;
    c.fit();
    const base = c.camera.scale, out = {};
    for (const [name, zoom] of [["whole", 1], ["zoom_2x", 2], ["zoom_8x", 8]]) {
        const times = [];
        for (let i = 0; i < 40; i++) {
            c.camera.scale = base * zoom;
            c.camera.x += (i % 2 ? 1 : -1) * 20 / c.camera.scale;  // a pan step
            c.draw();
            times.push(c.lastDrawMs);
        }
        times.sort((a, b) => a - b);
        out[name] = {median_ms: times[20], p90_ms: times[36], worst_ms: times[39], shown: c.shown};
    }
    // What the user sees while dragging or wheeling: the last frame moved and scaled.
    const moves = [];
    for (let i = 0; i < 40; i++) {
        c.camera.scale *= i % 2 ? 1.1 : 1 / 1.1;
        c.camera.x += 15 / c.camera.scale;
        c.preview();
        moves.push(c.lastPreviewMs);
    }
    moves.sort((a, b) => a - b);
    out.interaction = {median_ms: moves[20], p90_ms: moves[36], worst_ms: moves[39]};
    c.fit();
    return out;
}"""


def measure(
    entities: int,
    relations: int,
    layout_timeout: float,
    mode: str = "cpu",
    screenshot: Path | None = None,
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="threadline-serve-bench-") as tmp:
        workspace = synthetic_workspace(Path(tmp) / "ws", entities, relations)
        with running(workspace) as (base, _), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BASE_ARGS + MODES[mode])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_function("() => window.threadline && window.threadline.ready")
            page_ready = time.perf_counter() - started
            first = page.evaluate(FIRST_FRAME)
            redraw = page.evaluate(REDRAW)
            layout_started = time.perf_counter()
            try:
                page.wait_for_function(
                    "() => window.threadline.layoutMs !== null", timeout=layout_timeout * 1000
                )
                layout_ms = page.evaluate("() => window.threadline.layoutMs")
            except Exception:
                layout_ms = None
            layout_wait = time.perf_counter() - layout_started
            settled = page.evaluate(REDRAW)
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            webgl = page.evaluate(
                "() => { const g = document.createElement('canvas').getContext('webgl');"
                " if (!g) return null; const d = g.getExtension('WEBGL_debug_renderer_info');"
                " return d ? g.getParameter(d.UNMASKED_RENDERER_WEBGL) : 'webgl'; }"
            )
            browser.close()
    return {
        "mode": mode,
        "entities": entities,
        "relations": relations,
        "page_ready_s": round(page_ready, 2),
        "first_frame_ms": round(first["ms"]),
        "first_frame_draw_ms": round(first["draw_ms"], 1),
        "drawn": {"nodes": first["nodes"], "edges": first["edges"]},
        "redraw_before_layout": redraw,
        "redraw_after_layout": settled,
        "layout_ms": round(layout_ms) if layout_ms is not None else None,
        "layout_waited_s": round(layout_wait, 1),
        "webgl_renderer": webgl,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--relations", type=int, default=50_000)
    parser.add_argument("--layout-timeout", type=float, default=300, help="seconds")
    parser.add_argument("--mode", choices=sorted(MODES), default="cpu", help="see MODES")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--screenshot", type=Path, help="save the settled view as PNG here")
    args = parser.parse_args()
    result = measure(args.entities, args.relations, args.layout_timeout, args.mode, args.screenshot)
    print(f"{result['entities']} entities / {result['relations']} relations ({args.mode})")
    print(f"  first frame of the whole graph: {result['first_frame_ms']} ms "
          f"(draw {result['first_frame_draw_ms']} ms)")  # fmt: skip
    for stage in ("redraw_before_layout", "redraw_after_layout"):
        for zoom, numbers in result[stage].items():
            print(f"  {stage} {zoom}: median {numbers['median_ms']:.1f} ms, "
                  f"p90 {numbers['p90_ms']:.1f} ms, worst {numbers['worst_ms']:.1f} ms")  # fmt: skip
    print(f"  ForceAtlas2 + overlap removal in the worker: {result['layout_ms']} ms")
    print(f"  WebGL renderer available to the page: {result['webgl_renderer']}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
