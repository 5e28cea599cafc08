"""Incremental builds with the real pipeline: add, prune, rebuild, idempotency, lock, pipeline change."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from threadline import Workspace, WorkspaceLockedError
from threadline.graph.model import MENTIONED_WITH
from threadline.workspace.cache import ExtractionCache
from threadline.workspace.lock import build_lock

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIRST = ["01-northbridge-profile.txt", "07-coastal-alliance.txt", "12-varga-profile.txt"]
MORE = ["08-okafor-interview.txt", "10-kestrel-labs.txt"]


def _corpus(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(EXAMPLES / name, folder / name)
    return folder


def _fingerprint(ws: Workspace) -> tuple:
    """Everything a user could compare: node ids and attributes, edges with evidence."""
    graph = ws.graph()
    nodes = sorted(
        (n, d["name"], d["type"], d["mention_count"], tuple(d["doc_ids"]))
        for n, d in graph.nodes(data=True)
    )
    edges = sorted(
        (u, v, k, d["weight"], tuple((e["doc_id"], e["start"]) for e in d["evidence"]))
        for u, v, k, d in graph.edges(keys=True, data=True)
    )
    return nodes, edges, sorted(graph.graph["documents"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """A workspace built from FIRST, and its first report."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    root = tmp_path_factory.mktemp("incremental")
    corpus = _corpus(root / "corpus", FIRST)
    ws = Workspace.open(root / "ws")
    report = ws.build([corpus], workers=1, progress=False)
    return ws, corpus, report


def test_first_build_extracts_every_document_and_fills_graph_and_store(built) -> None:
    ws, _, report = built
    assert report.ok
    assert report.documents_new == report.documents == len(FIRST)
    assert report.entities > 0 and report.relations > 0
    assert ws.graph().number_of_nodes() == report.entities
    rows = ws.cypher("MATCH (d:Document) RETURN count(d) AS n")
    assert rows == [{"n": len(FIRST)}]


def test_an_unchanged_rebuild_runs_no_nlp_and_changes_nothing(built) -> None:
    ws, corpus, _ = built
    before = _fingerprint(ws)
    graph_bytes = (ws.path / "graph.json").read_bytes()
    report = ws.build([corpus], workers=1, progress=False)
    assert report.documents_new == 0
    assert report.documents_unchanged == len(FIRST)
    assert report.files_unchanged == len(FIRST)
    assert not report.graph_changed
    assert "extract" in report.seconds and report.seconds["extract"] < 0.5
    assert (ws.path / "graph.json").read_bytes() == graph_bytes
    assert _fingerprint(ws) == before


def test_an_unchanged_build_sweeps_what_a_killed_build_left(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    left = [work / ".graph.json.4242.tmp", work / "store" / ".CURRENT.4242.tmp"]
    for path in left:
        path.write_text("half written", "utf-8")
    report = Workspace.open(work).build([corpus], workers=1, progress=False)
    assert not report.graph_changed
    assert not any(path.exists() for path in left)
    assert (work / "store" / "CURRENT").is_file()


def test_adding_documents_processes_only_the_new_ones(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    copy = Workspace.open(work)
    before = {n for n, _ in copy.graph().nodes(data=True)}
    _corpus(corpus.parent / "more", MORE)
    report = copy.build([corpus, corpus.parent / "more"], workers=1, progress=False)
    assert report.documents_new == len(MORE)
    assert report.documents_unchanged == len(FIRST)
    after = copy.graph()
    assert before <= set(after.nodes)
    assert after.number_of_nodes() > len(before)
    assert len(after.graph["documents"]) == len(FIRST) + len(MORE)

    # Building only the first folder again keeps the others (no --prune)...
    kept = copy.build([corpus], workers=1, progress=False)
    assert kept.documents == len(FIRST) + len(MORE)
    assert kept.documents_new == 0
    # ...and --prune drops them, with every entity and edge they alone supported.
    pruned = copy.build([corpus], prune=True, workers=1, progress=False)
    assert pruned.documents == len(FIRST)
    assert pruned.documents_removed == len(MORE)
    assert _fingerprint(copy) == _fingerprint(ws)
    documents = set(copy.graph().graph["documents"])
    for _, _, data in copy.graph().edges(data=True):
        assert {e["doc_id"] for e in data["evidence"]} <= documents


def test_a_build_resolves_what_it_just_extracted_without_reading_it_back(
    built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new extractions go to resolution from memory, as the cache gives them back:
    only the documents extracted by earlier builds are read from it, and the graph is
    the one a refresh computes from the cache alone."""
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    copy = Workspace.open(work)
    earlier = {d["doc_id"] for d in copy.documents()}
    read: list[str] = []
    real_get = ExtractionCache.get

    def get(cache: ExtractionCache, doc_id: str, fingerprint: str) -> Any:
        read.append(doc_id)
        return real_get(cache, doc_id, fingerprint)

    monkeypatch.setattr(ExtractionCache, "get", get)
    report = copy.build([corpus, _corpus(tmp_path / "more", MORE)], workers=1, progress=False)
    assert report.documents_new == len(MORE) and report.graph_changed
    assert sorted(read) == sorted(earlier)
    built_graph = (work / "graph.json").read_bytes()
    read.clear()
    copy.refresh()
    assert len(read) == len(FIRST) + len(MORE)
    assert (work / "graph.json").read_bytes() == built_graph


def test_resolution_runs_with_the_extractions_kept_from_full_collections(
    built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the graph is made from lives until the graph is published: the collector's
    full passes leave it alone meanwhile, and everything is given back at the end."""
    ws, _, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    copy = Workspace.open(work)
    frozen: list[int] = []
    real_resolve = Workspace._resolve

    def resolve(workspace: Workspace, extractions: list[Any], gazetteer: Any = None) -> Any:
        frozen.append(gc.get_freeze_count())
        return real_resolve(workspace, extractions, gazetteer)

    monkeypatch.setattr(Workspace, "_resolve", resolve)
    assert gc.get_freeze_count() == 0
    copy.refresh()
    assert len(frozen) == 1 and frozen[0] > 0
    assert gc.get_freeze_count() == 0


def test_rebuild_starts_over_and_gives_the_same_graph(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    copy = Workspace.open(work)
    report = copy.build([corpus], rebuild=True, workers=1, progress=False)
    assert report.documents_new == len(FIRST)
    assert report.graph_changed
    assert _fingerprint(copy) == _fingerprint(ws)


def test_a_changed_file_replaces_its_old_documents(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    copy = Workspace.open(work)
    changed = tmp_path / "corpus"
    shutil.copytree(corpus, changed)
    report = copy.build([changed], prune=True, workers=1, progress=False)
    assert report.documents_new == 0  # same texts elsewhere: cached by content
    target = changed / FIRST[0]
    target.write_text(target.read_text("utf-8") + "\nA closing line was added.\n", "utf-8")
    report = copy.build([changed], workers=1, progress=False)
    assert report.documents_new == 1
    assert report.documents == len(FIRST)


def test_changing_the_pipeline_re_extracts(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    (work / "extra-gazetteer.yaml").write_text(
        "- name: Kestrel Signal Works\n  type: Organization\n  aliases: [KSW]\n", "utf-8"
    )
    (work / "threadline.toml").write_text('[nlp]\ngazetteers = ["extra-gazetteer.yaml"]\n')
    copy = Workspace.open(work)
    report = copy.build([corpus], workers=1, progress=False)
    assert report.fingerprint != ws.build([corpus], workers=1, progress=False).fingerprint
    assert report.documents_new == len(FIRST)
    assert copy.check()[2] == {
        "check": "pipeline",
        "ok": True,
        "detail": "the extraction pipeline is the one the cache was built with",
        "repair": "",
    }


def test_an_unchanged_build_imports_no_nlp_store_or_dataframes(built) -> None:
    """The fingerprint comes from pipeline.json while its inputs are unchanged, the store
    pointer is read without the store and the resolver's version without the resolver: a
    no-op build starts in a fraction of a second."""
    ws, corpus, _ = built
    ws.build([corpus], workers=1, progress=False)  # pipeline.json written by now
    script = (
        "import sys\n"
        "from threadline import Workspace\n"
        f"report = Workspace.open({str(ws.path)!r}).build([{str(corpus)!r}], progress=False)\n"
        "heavy = ('spacy', 'ladybug', 'pyarrow', 'pandas', 'matplotlib',\n"
        "         'threadline.graph.resolve', 'rapidfuzz', 'numpy')\n"
        "print(report.documents_new, report.graph_changed, [m for m in heavy if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split("\n")[0] == "0 False []"


@pytest.mark.slow
def test_a_build_imports_the_graph_stages_ahead_and_loads_the_store_beside_graph_json(
    tmp_path: Path,
) -> None:
    """Resolution, NetworkX, the store and pandas are imported while documents are
    extracted (by the time the graph stages start, nothing is left to import), and the
    store loads on a helper thread while graph.json is written. A fresh interpreter:
    this one has imported everything long ago."""
    corpus = _corpus(tmp_path / "corpus", FIRST[:2])
    script = (
        "import sys, threading\n"
        "from threadline import Workspace\n"
        "from threadline.workspace import core\n"
        "wanted = ('threadline.graph.resolve', 'threadline.graph.build', 'networkx',\n"
        "          'threadline.graph.store.ladybug', 'pyarrow', 'pandas')\n"
        "seen = {}\n"
        "publish, store = core.Workspace._publish, core._store\n"
        "def observed_publish(self, *args, **kwargs):\n"
        "    seen['missing'] = [m for m in wanted if m not in sys.modules]\n"
        "    return publish(self, *args, **kwargs)\n"
        "class ObservedStore:\n"
        "    def __getattr__(self, name):\n"
        "        return getattr(store(), name)\n"
        "    def publish(self, *args, **kwargs):\n"
        "        seen['thread'] = threading.current_thread().name\n"
        "        return store().publish(*args, **kwargs)\n"
        "core.Workspace._publish = observed_publish\n"
        "core._store = ObservedStore\n"
        f"ws = Workspace.open({str(tmp_path / 'ws')!r})\n"
        f"report = ws.build([{str(corpus)!r}], workers=1, progress=False)\n"
        "rows = ws.cypher('MATCH (d:Document) RETURN count(d) AS n')\n"
        "print(report.ok, report.documents_new, rows[0]['n'], seen['missing'], seen['thread'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    ok, new, stored, missing, thread = result.stdout.split("\n")[0].split(" ", 4)
    assert (ok, new, stored, missing) == ("True", "2", "2", "[]")
    assert thread.startswith("threadline-store")


@pytest.mark.slow
def test_inputs_read_on_helper_processes_build_what_one_process_builds(tmp_path: Path) -> None:
    """With two workers and enough files, forked helpers read the inputs while the
    pipeline starts: the workspace is the one a one-process build makes, and a reader's
    warning reaches the build's log. A fresh interpreter, where no other thread runs."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ corpus not present")
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    rows = [json.dumps({"text": f"Ann Tolley joined Kestrel Holdings in Norvik in {y}."})
            for y in (2001, 2002)]  # fmt: skip
    (corpus / "rows.jsonl").write_text(rows[0] + "\n{broken\n" + rows[1] + "\n", "utf-8")
    script = (
        "import json, logging, os\n"
        "from threadline import Workspace\n"
        "records = []\n"
        "class Keep(logging.Handler):\n"
        "    def emit(self, record):\n"
        "        records.append((record.process != os.getpid(), record.getMessage()))\n"
        "logging.getLogger('threadline').addHandler(Keep(logging.WARNING))\n"
        f"ws = Workspace.open({str(tmp_path / 'ws2')!r})\n"
        f"report = ws.build([{str(corpus)!r}], workers=2, progress=False)\n"
        "print(json.dumps([report.ok, report.files, records]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    ok, files, records = json.loads(result.stdout.strip().split("\n")[-1])
    assert ok and files == len(list(corpus.iterdir())) >= 16
    assert [True, "rows.jsonl"] in [[other, m.split(":")[0][-10:]] for other, m in records]
    one = Workspace.open(tmp_path / "ws1")
    assert one.build([corpus], workers=1, progress=False).ok
    two = Workspace.open(tmp_path / "ws2")
    assert _fingerprint(two) == _fingerprint(one)
    manifests = [json.loads((w.path / "manifest.json").read_text()) for w in (one, two)]
    assert manifests[0]["files"] == manifests[1]["files"]


def test_a_changed_gazetteer_file_changes_the_fingerprint(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    gazetteer = work / "extra-gazetteer.yaml"
    gazetteer.write_text("- name: Kestrel Signal Works\n  type: Organization\n", "utf-8")
    (work / "threadline.toml").write_text('[nlp]\ngazetteers = ["extra-gazetteer.yaml"]\n')
    copy = Workspace.open(work)
    first = copy.build([corpus], workers=1, progress=False).fingerprint
    assert copy.build([corpus], workers=1, progress=False).fingerprint == first
    gazetteer.write_text(
        "- name: Kestrel Signal Works\n  type: Organization\n  aliases: [KSW]\n", "utf-8"
    )
    assert Workspace.open(work).build([corpus], workers=1, progress=False).fingerprint != first


def test_a_second_build_is_refused_at_once_while_one_runs(built) -> None:
    ws, corpus, _ = built
    with build_lock(ws.path), pytest.raises(WorkspaceLockedError, match="being built"):
        ws.build([corpus], workers=1, progress=False)
    # Reading never takes the lock.
    with build_lock(ws.path):
        assert ws.graph().number_of_nodes() > 0
        assert ws.cypher("MATCH (n:Person) RETURN count(n) AS n")[0]["n"] > 0


def test_dry_run_reports_and_writes_nothing(built, tmp_path: Path) -> None:
    ws, corpus, _ = built
    _corpus(tmp_path / "more", MORE)
    state = (ws.path / "graph.state").read_bytes()
    report = ws.build([corpus, tmp_path / "more"], dry_run=True, progress=False)
    assert report.dry_run
    assert report.documents_new == len(MORE)
    assert (ws.path / "graph.state").read_bytes() == state
    assert len(ws.documents()) == len(FIRST)


def test_refresh_recomputes_from_the_cache(built) -> None:
    ws, _, _ = built
    before = _fingerprint(ws)
    report = ws.refresh()
    assert report.graph_changed
    assert _fingerprint(ws) == before


def test_check_passes_on_a_built_workspace_and_names_repairs(built, tmp_path: Path) -> None:
    ws, _, _ = built
    assert all(f["ok"] for f in ws.check()), ws.check()
    work = tmp_path / "ws"
    shutil.copytree(ws.path, work)
    for entry in (work / "cache").rglob("*.json"):
        entry.write_text("{ damaged")
        break
    findings = {f["check"]: f for f in Workspace.open(work).check()}
    assert not findings["cache"]["ok"]
    assert "threadline check --repair" in findings["cache"]["repair"]


def test_entity_lookup_and_api_cypher_with_parameters(example_workspace) -> None:
    graph = example_workspace.graph()
    node, data = next(
        (n, d)
        for n, d in graph.nodes(data=True)
        if d["type"] == "Person"
        and any(e["type"] != MENTIONED_WITH for *_, e in graph.out_edges(n, data=True))
    )
    entity = example_workspace.entity(data["name"])
    assert entity["id"] == node
    assert entity["relations"] and all(r["evidence"] for r in entity["relations"])
    rows = example_workspace.cypher(
        "MATCH (p:Person) WHERE p.name = $name RETURN p.id AS id", name=data["name"]
    )
    assert rows == [{"id": node}]
    hostile = "x' OR 1=1 //`})-[:X]->(n) DETACH DELETE n"
    assert example_workspace.cypher("MATCH (p:Person) WHERE p.name = $n RETURN p", n=hostile) == []
    assert example_workspace.cypher("MATCH (p:Person) RETURN count(p) AS n")[0]["n"] == sum(
        1 for _, d in graph.nodes(data=True) if d["type"] == "Person"
    )
