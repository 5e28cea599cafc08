"""The explorer app's HTTP interface, against the real server on a free port.

The server is uvicorn in a background thread (``threadline.queries.serve.running``)
over a workspace built from examples/; requests go through the network stack
with urllib, so headers, cookies and status codes are the real ones.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from threadline.errors import QueryError
from threadline.graph.curation import Judgements
from threadline.graph.model import MENTIONED_WITH
from threadline.queries.serve import running
from threadline.queries.serve.readonly import check_read_only


def call(
    url: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, Any, dict[str, str]]:
    """(status, JSON or text, headers) of one request; errors are answers too."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method or ("POST" if data else "GET"))
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            status, raw, got = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        status, raw, got = exc.code, exc.read(), dict(exc.headers)
    text = raw.decode("utf-8")
    try:
        return status, json.loads(text), got
    except ValueError:
        return status, text, got


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@pytest.fixture(scope="module")
def served(example_workspace: Any) -> Iterator[tuple[str, Any]]:
    """The app over the (read-only) example workspace."""
    with running(example_workspace.path) as (base, access):
        yield base, access


@pytest.fixture
def curated(example_workspace: Any, tmp_path: Path) -> Iterator[tuple[str, Any, Path]]:
    """The app over a private copy of the example workspace, which a test may curate."""
    copy = tmp_path / "ws"
    shutil.copytree(example_workspace.path, copy)
    with running(copy) as (base, access):
        yield base, access, copy


def _entity_id(base: str, name: str) -> str:
    status, found, _ = call(f"{base}/api/search?q={urllib.request.quote(name)}")
    assert status == 200 and found, name
    return found[0]["id"]


def test_search_answers_the_contract_shape_best_match_first(served: tuple[str, Any]) -> None:
    base, _ = served
    status, found, _ = call(f"{base}/api/search?q=niam")
    assert status == 200
    assert found[0]["name"] == "Northbridge Institute for Applied Materials"
    assert all(set(item) == {"id", "name", "type", "aliases"} for item in found)
    assert call(f"{base}/api/search?q=")[1] == []
    # Cypher and markup in the text are just text.
    status, found, _ = call(
        f"{base}/api/search?q=" + urllib.request.quote("'}) DETACH DELETE n //")
    )
    assert status == 200 and found == []


def test_entity_carries_each_sentence_and_its_document(served: tuple[str, Any]) -> None:
    base, _ = served
    entity_id = _entity_id(base, "Northbridge Institute for Applied Materials")
    status, entity, _ = call(f"{base}/api/entity/{entity_id}")
    assert status == 200 and entity["id"] == entity_id
    evidence = [e for r in entity["relations"] for e in r["evidence"]]
    assert evidence and all(e["sentence"] for e in evidence)
    for item in evidence:
        assert entity["documents"][item["doc_id"]]["title"]
    assert call(f"{base}/api/entity/person-000000000000")[0] == 404


def test_neighbours_are_typed_relations_unless_co_mentions_are_asked(
    served: tuple[str, Any],
) -> None:
    base, _ = served
    entity_id = _entity_id(base, "Elena Varga")
    _, typed, _ = call(f"{base}/api/neighbors/{entity_id}")
    _, wider, _ = call(f"{base}/api/neighbors/{entity_id}?comentions=1")
    assert typed["centre"] == entity_id
    assert typed["edges"] and all(e["type"] != MENTIONED_WITH for e in typed["edges"])
    assert any(e["type"] == MENTIONED_WITH for e in wider["edges"])
    assert len(wider["nodes"]) >= len(typed["nodes"])
    ids = {n["id"] for n in typed["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in typed["edges"])
    # every edge says whether it holds now, held before or is only planned (the status filter)
    assert {e["status"] for e in typed["edges"]} <= {"current", "former", "planned"}


def test_document_view_has_the_cleaned_text_with_sentences_and_mentions_in_place(
    served: tuple[str, Any],
) -> None:
    base, _ = served
    entity_id = _entity_id(base, "Northbridge Institute for Applied Materials")
    _, entity, _ = call(f"{base}/api/entity/{entity_id}")
    evidence = entity["relations"][0]["evidence"][0]
    status, document, _ = call(f"{base}/api/documents/{evidence['doc_id']}")
    assert status == 200 and document["problem"] is None
    text = document["text"]
    assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert document["mentions"]
    for mention in document["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
    assert any(m["id"] == entity_id for m in document["mentions"])
    assert call(f"{base}/api/documents/0000000000000000")[0] == 404


def test_path_joins_two_entities_over_typed_relations(served: tuple[str, Any]) -> None:
    base, _ = served
    a = _entity_id(base, "Elena Varga")
    b = _entity_id(base, "Rotterdam")
    status, path, _ = call(f"{base}/api/path?source={a}&target={b}")
    assert status == 200
    assert path["path"][0] == a and path["path"][-1] == b
    assert len(path["edges"]) >= len(path["path"]) - 1


def test_catalog_queries_are_listed_with_typed_parameters_and_run(
    served: tuple[str, Any],
) -> None:
    base, _ = served
    status, catalog, _ = call(f"{base}/api/queries")
    assert status == 200
    people = next(q for q in catalog if q["name"] == "people")
    assert people["parameters"][0]["type"] == "entity"
    status, result, _ = call(f"{base}/api/queries/people", {"params": {"entity": "NIAM"}})
    assert status == 200
    assert "name" in result["columns"] and result["rows"]
    names = {row[result["columns"].index("name")] for row in result["rows"]}
    assert "Elena Varga" in names
    assert {n["name"] for n in result["graph"]["nodes"]} >= names
    status, error, _ = call(f"{base}/api/queries/people", {"params": {"entity": "Nobody At All"}})
    assert status == 400 and "Nobody At All" in error["error"]
    assert call(f"{base}/api/queries/nonesuch", {"params": {}})[0] == 400


def test_cypher_console_reads_and_refuses_every_write(served: tuple[str, Any]) -> None:
    base, _ = served
    count = "MATCH (p:Person) RETURN count(p) AS people"
    status, before, _ = call(f"{base}/api/cypher", {"query": count})
    assert status == 200 and before["rows"][0][0] > 0
    status, rows, _ = call(
        f"{base}/api/cypher", {"query": "MATCH (p:Person) RETURN p.id AS id, p.name AS name"}
    )
    assert status == 200 and rows["graph"]["nodes"]
    for write in (
        "MATCH (n:Person) DETACH DELETE n",
        "CREATE (:Person {id: 'x', name: 'x'})",
        "MATCH (p:Person) SET p.name = 'x'",
        "MERGE (:Person {id: 'y'})",
        "DROP TABLE Person",
        "COPY Person FROM '/etc/passwd'",
        "LOAD EXTENSION httpfs",
        "ATTACH '/tmp/x' AS other",
    ):
        status, error, _ = call(f"{base}/api/cypher", {"query": write})
        assert status == 400 and "read-only" in error["error"], write
    assert call(f"{base}/api/cypher", {"query": count})[1]["rows"] == before["rows"]


@pytest.mark.parametrize(
    "query",
    ["match (n) remove n.name", "CALL create_fts_index('Person', 'x', ['name'])",
     "MATCH (n) RETURN n; MATCH (m) DELETE m", "INSTALL json"],
)  # fmt: skip
def test_read_only_check_catches_lower_case_calls_and_chained_statements(query: str) -> None:
    with pytest.raises(QueryError):
        check_read_only(query)


def test_read_only_check_allows_keywords_inside_text() -> None:
    check_read_only("MATCH (n:Person) WHERE n.name = 'DELETE me; CREATE' RETURN n.name // SET")


def test_every_answer_carries_a_same_origin_content_security_policy(
    served: tuple[str, Any],
) -> None:
    base, _ = served
    status, page, headers = call(f"{base}/")
    assert status == 200 and "<canvas" in page
    policy = {k.lower(): v for k, v in headers.items()}["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in policy.replace("'self'", "")
    assert 'src="http' not in page and 'href="http' not in page


def test_curation_needs_the_csrf_token_and_refuses_other_origins(curated: Any) -> None:
    base, access, _ = curated
    body = {"action": "reject", "name": "Rotterdam"}
    assert call(f"{base}/api/judgements", body)[0] == 403
    assert call(f"{base}/api/judgements", body, {"X-CSRF-Token": "wrong"})[0] == 403
    other = {"X-CSRF-Token": access.csrf, "Origin": "http://evil.example"}
    assert call(f"{base}/api/judgements", body, other)[0] == 403
    assert (
        call(f"{base}/api/cypher", {"query": "RETURN 1"}, {"Origin": "http://evil.example"})[0]
        == 403
    )


def test_merge_is_recorded_as_the_cli_records_it_and_undo_takes_it_back(curated: Any) -> None:
    base, access, workspace = curated
    csrf = {"X-CSRF-Token": access.csrf}
    a = _entity_id(base, "Elena Varga")
    b = _entity_id(base, "Nadia Haddad")
    status, result, _ = call(
        f"{base}/api/judgements",
        {"action": "merge", "name": "Elena Varga", "argument": "Nadia Haddad", "note": "test"},
        csrf,
    )
    assert status == 200, result
    saved = [j.to_dict() for j in Judgements.load(workspace)]
    assert saved == [result["recorded"]]
    assert saved[0]["action"] == "merge" and saved[0]["with"] == "Nadia Haddad"
    assert saved[0]["type"] == "Person" and saved[0]["note"] == "test"
    # Graph and store were rebuilt from the cache: one entity now.
    assert call(f"{base}/api/entity/{b}")[0] == 404
    _, merged, _ = call(f"{base}/api/entity/{a}")
    assert "Nadia Haddad" in merged["aliases"]
    nadia = {"query": "MATCH (p:Person) WHERE p.name = 'Nadia Haddad' RETURN count(p) AS n"}
    assert call(f"{base}/api/cypher", nadia)[1]["rows"] == [[0]]
    status, undone, _ = call(f"{base}/api/judgements", {"action": "undo"}, csrf)
    assert status == 200 and undone["undone"] == result["recorded"]
    assert list(Judgements.load(workspace)) == []
    assert call(f"{base}/api/entity/{b}")[0] == 200
    assert call(f"{base}/api/cypher", nadia)[1]["rows"] == [[1]]
    assert call(f"{base}/api/judgements", {"action": "undo"}, csrf)[0] == 400


def test_a_judgement_may_name_its_argument_as_judgements_yaml_does(curated: Any) -> None:
    base, access, workspace = curated
    status, result, _ = call(
        f"{base}/api/judgements",
        {"action": "rename", "name": "Elena Varga", "to": "Elena M. Varga"},
        {"Authorization": "Bearer ignored-on-loopback", "X-CSRF-Token": access.csrf},
    )
    assert status == 200, result
    assert [j.to_dict()["to"] for j in Judgements.load(workspace)] == ["Elena M. Varga"]
    assert call(f"{base}/api/search?q=Elena M. Varga".replace(" ", "%20"))[1][0]["name"] == (
        "Elena M. Varga"
    )


def test_a_judgement_naming_no_entity_is_refused_and_nothing_saved(curated: Any) -> None:
    base, access, workspace = curated
    status, error, _ = call(
        f"{base}/api/judgements",
        {"action": "reject", "name": "Nobody At All"},
        {"X-CSRF-Token": access.csrf},
    )
    assert status == 400 and "Nobody At All" in error["error"]
    assert not (workspace / "judgements.yaml").exists()


def test_another_host_needs_the_token_on_every_request(example_workspace: Any) -> None:
    with running(example_workspace.path, host="127.0.0.2", token="s3cret-token") as (base, _):
        for path in ("/", "/api/search?q=niam", "/static/app.js", "/api/queries"):
            status, _, _ = call(f"{base}{path}")
            assert status == 401, path
        assert call(f"{base}/api/search?q=niam", headers={"Authorization": "Bearer nope"})[0] == 401
        status, found, _ = call(
            f"{base}/api/search?q=niam", headers={"Authorization": "Bearer s3cret-token"}
        )
        assert status == 200 and found
        assert call(f"{base}/?token=nope")[0] == 401
        status, _, headers = call(f"{base}/?token=s3cret-token")
        assert status == 303
        cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        pair = cookie.split(";")[0]
        assert call(f"{base}/api/queries", headers={"Cookie": pair})[0] == 200


def test_a_token_is_generated_for_a_public_host_and_loopback_needs_none(
    example_workspace: Any,
) -> None:
    with running(example_workspace.path, host="0.0.0.0") as (base, access):
        assert access.token and len(access.token) >= 24
        assert call(f"{base}/api/meta")[0] == 401
    with running(example_workspace.path) as (base, access):
        assert access.token is None
        assert call(f"{base}/api/meta")[0] == 200


def test_a_foreign_host_header_is_refused_on_loopback(served: tuple[str, Any]) -> None:
    base, _ = served
    status, _, _ = call(f"{base}/api/meta", headers={"Host": "rebound.example:8765"})
    assert status == 400


def test_the_serve_command_prints_its_address_and_answers(example_workspace: Any) -> None:
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "threadline", "serve", "-w", str(example_workspace.path),
               "--host", "127.0.0.2", "--port", str(port), "--no-browser", "--token", "tok-123"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert f"http://127.0.0.2:{port}/?token=tok-123" in line
        base = f"http://127.0.0.2:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, found, _ = call(
                    f"{base}/api/search?q=varga", headers={"Authorization": "Bearer tok-123"}
                )
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert status == 200 and found[0]["name"] == "Elena Varga"
        assert call(f"{base}/api/search?q=varga")[0] == 401
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_serve_command_says_in_one_line_when_the_port_is_taken(
    served: tuple[str, Any], example_workspace: Any
) -> None:
    import subprocess
    import sys

    port = served[0].rsplit(":", 1)[1]
    completed = subprocess.run(
        [sys.executable, "-m", "threadline", "serve", "-w", str(example_workspace.path),
         "--port", port, "--no-browser"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert completed.returncode == 1
    assert completed.stderr.strip().count("\n") == 0 and "cannot listen" in completed.stderr


def test_the_page_scripts_ship_in_the_package_with_their_licences() -> None:
    from importlib import resources

    vendor = resources.files("threadline.queries.serve").joinpath("static/vendor")
    names = {entry.name for entry in vendor.iterdir()}
    assert {"graphology.umd.min.js", "graphology-library.min.js"} <= names
    assert {"graphology.LICENSE.txt", "graphology-library.LICENSE.txt"} <= names
    for licence in ("graphology.LICENSE.txt", "graphology-library.LICENSE.txt"):
        assert "MIT License" in vendor.joinpath(licence).read_text("utf-8")
    page = resources.files("threadline.queries.serve").joinpath("static/index.html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.read_text("utf-8"))
    assert sources and all(s.startswith("/static/") or s == "data:," for s in sources)


def test_hostile_and_broken_names_come_back_intact_as_json(
    tmp_path: Path, contract_graph: Any
) -> None:
    from threadline.graph.build import graph_to_json

    contract_graph.nodes["person-000"]["aliases"] = ["\ud800broken"]
    (tmp_path / "graph.json").write_text(
        graph_to_json(contract_graph), encoding="utf-8", errors="surrogatepass"
    )
    with running(tmp_path) as (base, _):
        status, found, _ = call(f"{base}/api/search?q=" + urllib.request.quote("<script>"))
        assert status == 200 and found[0]["name"] == "<script>alert(1)</script>"
        status, entity, _ = call(f"{base}/api/entity/person-000")
        assert status == 200 and entity["aliases"] == ["\ud800broken"]
        _, whole, _ = call(f"{base}/api/graph")
        names = {n["name"] for n in whole["nodes"]}
        assert "Acme})-[:X]->(n) DETACH DELETE n //" in names
