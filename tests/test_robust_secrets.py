"""The Neo4j password never shows, whichever way it is given and whatever fails.

test_neo4j_push.py covers the push API (logs, errors, exported files) against
a real server; this file covers the CLI paths: the password from the
environment or written into the URI, with the most verbose logging, for
``push``, ``query --neo4j`` and ``config``, on servers that refuse or fail.
"""

from __future__ import annotations

import logging

import pytest
from typer.testing import CliRunner

from threadline.cli import app

SECRET = "Zq9-s3cr3t-ONLY-HERE"
URIS = [
    "bolt://127.0.0.1:1",  # nothing listens
    f"bolt://neo4j:{SECRET}@127.0.0.1:1",  # the password written into the URI
    f"neo4j+s://neo4j:{SECRET}@127.0.0.1:1",
    f"http://neo4j:{SECRET}@example.org:7687",  # not a Bolt scheme
    f"bolt://neo4j:{SECRET}@[::1",  # not even a URI
]


@pytest.fixture
def workspace(example_workspace):
    return str(example_workspace.path)


def _invoke(*args: str):
    return CliRunner().invoke(app, ["-vv", *args])


def _assert_hidden(result, caplog, capsys) -> None:
    captured = capsys.readouterr()
    everything = result.output + captured.out + captured.err + caplog.text
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        everything += repr(result.exception) + str(result.exception)
    assert SECRET not in everything
    assert result.exit_code != 0
    assert "Traceback" not in result.output


@pytest.mark.parametrize("uri", URIS)
def test_push_never_shows_the_password(workspace, uri, monkeypatch, caplog, capsys) -> None:
    monkeypatch.setenv("THREADLINE_NEO4J_PASSWORD", SECRET)
    with caplog.at_level(logging.DEBUG):
        result = _invoke("push", "neo4j", "-w", workspace, "--uri", uri)
    _assert_hidden(result, caplog, capsys)


@pytest.mark.parametrize("uri", URIS)
def test_query_on_a_server_never_shows_the_password(
    workspace, uri, monkeypatch, caplog, capsys
) -> None:
    monkeypatch.setenv("THREADLINE_NEO4J_PASSWORD", SECRET)
    with caplog.at_level(logging.DEBUG):
        result = _invoke("query", "top", "-p", "by=mentions", "-w", workspace, "--neo4j", uri)
    _assert_hidden(result, caplog, capsys)


def test_the_configuration_printout_never_holds_the_password(workspace, monkeypatch) -> None:
    monkeypatch.setenv("THREADLINE_NEO4J_PASSWORD", SECRET)
    result = _invoke("config", "-w", workspace)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "THREADLINE_NEO4J_PASSWORD" in result.output  # it names where the password comes from
