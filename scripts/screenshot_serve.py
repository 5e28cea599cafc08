"""Make docs/serve.png: the explorer app on the bundled examples, as a user sees it.

Builds a workspace from examples/ in a temporary folder, serves it on a free
loopback port, and drives Debian's Chromium: search an entity, expand a
neighbour, open the document behind one of its relations. Run it after a
change to the app's look:

    .venv/bin/python scripts/screenshot_serve.py [--out docs/serve.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from threadline.queries.serve import running
from threadline.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "serve.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="threadline-shot-") as tmp:
        workspace = Workspace.open(Path(tmp) / "examples-workspace")
        report = workspace.build([REPO / "examples"], workers=1, progress=False)
        if not report.ok:
            print(f"build failed: {report.failures}", file=sys.stderr)
            return 1
        with running(workspace.path) as (base, _), sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            page.goto(base + "/")
            page.wait_for_function("() => window.threadline && window.threadline.ready")
            page.fill("#search", "Northbridge")
            page.wait_for_selector("#suggestions li")
            page.keyboard.press("Enter")
            page.wait_for_selector(".entity-name")
            page.wait_for_function("() => window.threadline.layoutMs !== null")
            page.evaluate(
                """async () => {
                    const t = window.threadline;
                    const varga = t.canvas.nodes.find((n) => n.name === 'Elena Varga');
                    await t.focus(varga.id, true);
                }"""
            )
            page.wait_for_function("() => window.threadline.layoutMs !== null")
            page.wait_for_selector(".evidence .open-doc")
            page.click(".evidence .open-doc >> nth=0")
            page.wait_for_selector(".document-text .sentence-hit")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
