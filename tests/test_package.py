"""The package as users install it: public names, doctests, wheel contents, CLI surface."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import threadline


def _modules() -> list[str]:
    names = ["threadline"]
    for info in pkgutil.walk_packages(threadline.__path__, "threadline."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert failures == 0


def test_public_names_are_exactly_all() -> None:
    public = {
        name
        for name in dir(threadline)
        if not name.startswith("_")
        and name != "annotations"
        and not isinstance(getattr(threadline, name), type(sys))
    }
    assert public == set(threadline.__all__) - {"__version__"}


def test_subpackages_live_under_threadline() -> None:
    for sub in ("ingest", "graph", "queries", "cli"):
        module = importlib.import_module(f"threadline.{sub}")
        assert module.__name__ == f"threadline.{sub}"


@pytest.mark.slow
def test_wheel_has_only_threadline_at_top_level(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(repo),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("threadline-*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"threadline"}
    names = zipfile.ZipFile(wheel).namelist()
    assert "threadline/graph/ontology.yaml" in names
    assert "threadline/py.typed" in names


def test_cli_lists_every_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "threadline", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in (
        "build",
        "extract",
        "stats",
        "entities",
        "query",
        "cypher",
        "viz",
        "export",
        "push",
    ):
        assert command in out
