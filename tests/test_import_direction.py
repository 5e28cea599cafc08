"""Imports flow one way: shared modules <- ingest/ <- graph/ <- queries/ and the workspace.

Read from the source with ``ast`` (nothing is imported), so an import that runs
back fails here even inside a function or an ``if TYPE_CHECKING:`` block.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = ("names", "lookup", "contracts", "votes", "datafiles", "errors", "layout", "atomic")
LAYERS = ("threadline.ingest", "threadline.graph", "threadline.queries", "threadline.workspace")

# package folder -> the modules none of its files may import
RULES = {
    "graph": ("threadline.ingest", "threadline.queries", "threadline.workspace"),
    "ingest": ("threadline.queries", "threadline.workspace"),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import statement in a file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            # "from threadline import ingest" imports the subpackage too
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
    return found


def violations(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    """``file:line imports module`` for every import of a forbidden package, once per line."""
    bad = []
    for path in files:
        lines = set()
        for line, module in imported_modules(path):
            if line not in lines and any(
                module == f or module.startswith(f + ".") for f in forbidden
            ):
                lines.add(line)
                bad.append(f"{path.name}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("folder", sorted(RULES))
def test_layer_imports_only_downwards(folder: str) -> None:
    files = sorted((REPO / folder).rglob("*.py"))
    assert files
    assert violations(files, RULES[folder]) == []


def test_shared_modules_import_no_layer() -> None:
    files = [REPO / "src" / "threadline" / f"{name}.py" for name in SHARED]
    assert all(f.exists() for f in files)
    assert violations(files, LAYERS) == []


def test_the_check_catches_an_import_running_back(tmp_path: Path) -> None:
    module = tmp_path / "resolve.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from threadline.ingest.gazetteer import Gazetteer\n"
        "def f():\n"
        "    from threadline import queries\n"
        "    import threadline.graph.model\n",
        "utf-8",
    )
    assert violations([module], RULES["graph"]) == [
        "resolve.py:3 imports threadline.ingest.gazetteer",
        "resolve.py:5 imports threadline.queries",
    ]


def test_every_imported_package_is_declared() -> None:
    """A package the code imports must be a dependency (or of the dask extra), not a guest."""
    import importlib.metadata
    import re
    import sys
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {
        re.split(r"[<>=\[ ;]", spec)[0].casefold().replace("_", "-")
        for spec in [*project["dependencies"], *project["optional-dependencies"]["dask"]]
    }
    distributions = importlib.metadata.packages_distributions()
    missing = set()
    for folder in ("src", "graph", "ingest", "queries"):
        for path in (REPO / folder).rglob("*.py"):
            for _, module in imported_modules(path):
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("threadline", "__future__"):
                    continue
                names = distributions.get(top, [top])
                if not any(n.casefold().replace("_", "-") in declared for n in names):
                    missing.add(f"{top} ({path.relative_to(REPO)})")
    assert sorted(missing) == []
