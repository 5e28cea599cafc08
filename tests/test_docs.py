"""Every command is documented in the README and has help with a literal example."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
COMMANDS = [
    ["build"],
    ["extract"],
    ["stats"],
    ["check"],
    ["config"],
    ["cypher"],
    ["query"],
    ["viz"],
    ["export"],
    ["push", "neo4j"],
    ["entities", "list"],
    ["entities", "show"],
    ["entities", "candidates"],
    ["entities", "merge"],
    ["entities", "split"],
    ["entities", "rename"],
    ["entities", "retype"],
    ["entities", "reject"],
    ["entities", "judgements"],
    ["entities", "undo"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_has_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_is_documented_in_the_readme(command: list[str]) -> None:
    assert f"threadline {' '.join(command)}" in README


def test_readme_gives_the_two_setup_commands() -> None:
    assert "```bash\nmake demo\n```" in README
    assert "```bash\nmake test\n```" in README
    assert "make test" in (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
