"""The import warmer: what the graph stages need, imported on a helper thread."""

from __future__ import annotations

import subprocess
import sys

from threadline.workspace.warm_imports import ImportWarmer


def test_the_warmer_imports_every_module_the_graph_stages_need() -> None:
    """In a fresh interpreter: none of them before, all of them (and the pandas that
    Arrow pulls in at its first conversion) once the warmer is done."""
    script = (
        "import sys\n"
        "from threadline.workspace.warm_imports import MODULES, ImportWarmer\n"
        "wanted = (*MODULES, 'pyarrow', 'pandas')\n"
        "before = [m for m in wanted if m in sys.modules]\n"
        "warmer = ImportWarmer()\n"
        "warmer.start()\n"
        "warmer.start()\n"
        "warmer.wait()\n"
        "print(before, [m for m in wanted if m not in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[] []"


def test_waiting_for_a_warmer_never_started_returns_at_once() -> None:
    ImportWarmer().wait()
