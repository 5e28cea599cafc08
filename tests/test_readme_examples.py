"""The README's command examples run against the example corpus and give what they promise.

Every indented ``threadline ...`` line of README.md is taken as written: the
workspace ``case`` becomes a copy of a workspace built from examples/ (plus a
small JSON-lines file of our own, ``leaks.jsonl``), ``reports/`` becomes
examples/, and the few names the example corpus lacks are mapped to ones it
has. Each line must have an expectation below: a new README example without
one fails, so the README cannot drift from what the commands do.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline.cli import app
from threadline.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
README = (REPO / "README.md").read_text("utf-8")

# Our own rows for ``leaks.jsonl``: a near-duplicate spelling of a firm in the
# examples, so the review of candidates has something to show.
LEAKS = [
    {
        "id": "leak-1",
        "title": "Campus memo",
        "text": "Engineers from Harbour Robotics visited Antwerp in May. "
        "The visit was paid by Harbour Robotics, the memo says.",
    },
    {
        "id": "leak-2",
        "title": "Supplier list",
        "text": "The port listed Harbour Robotics as a supplier of inspection drones. "
        "Samuel Okafor approved the list.",
    },
]
NEW_BATCH = (
    "Kestrel Labs Opens Lyon Office\n\n"
    "Kestrel Labs opened an office in Lyon on Monday. Nadia Haddad, head of research at "
    "Kestrel Labs, said the team would grow to twelve people.\n"
)
ROWS = [{"id": "row-7", "text": "Priya Raman, spokesperson for the Ministry of Industry and "
         "Innovation, met Elena Varga in Rotterdam."}]  # fmt: skip

# Annotated sentences of our own for ``train-relations`` (the gold JSONL shape).
ANNOTATED = [
    ("Anna Berg, an adviser to Norvik Capital, spoke first.", "Anna Berg", "Norvik Capital", True),
    ("Tomas Reyes, an adviser to Talbot Bank, disagreed.", "Tomas Reyes", "Talbot Bank", True),
    ("Lena Varga, a consultant to Haldane Motors, left.", "Lena Varga", "Haldane Motors", True),
    ("Anna Berg met reporters outside Norvik Capital.", "Anna Berg", "Norvik Capital", False),
    ("Tomas Reyes criticised Talbot Bank in a speech.", "Tomas Reyes", "Talbot Bank", False),
]  # fmt: skip
CONLL04 = (REPO / ".." / "shared" / "corpora" / "conll04" / "dev.jsonl").resolve()

# Names the example corpus does not have -> names it has (same kind of case).
NAMES = {"Conditions": "Grant Transparency"}

# README fragment -> why the line is not run.
SKIPPED = {
    "--neo4j": "needs a Neo4j server; tests/test_queries_cli.py runs it against a Bolt server",
    "push neo4j": "needs a Neo4j server; tests/test_neo4j_push.py pushes to a Bolt server",
    "--scheduler tcp://": "needs a Dask cluster; tests/test_dask_executor.py starts one",
    "serve -w case": "runs until stopped; tests/test_serve_api.py starts the real server",
}
if not CONLL04.is_file():
    SKIPPED["conll04/dev.jsonl"] = "the shared corpora are not present"

# README fragment -> commands run first (a split needs its merge, an undo a judgement).
SETUP = {
    'entities split "Harbor Robotics"': [
        ["entities", "merge", "Harbor Robotics", "Lumen Materials", "-w", "case"]
    ],
    "entities undo": [["entities", "reject", "Grant Transparency", "-w", "case"]],
    "entities judgements": [
        ["entities", "merge", "Harbor Robotics", "Lumen Materials", "-w", "case"]
    ],
}

# README fragment -> global options added (near-duplicates show as candidates
# only while fuzzy merging is off: the examples have none it leaves for review).
EXTRA = {"entities candidates": ["--config", "nofuzzy.toml"]}

# README fragment -> text that must appear in the output (stdout and files written).
EXPECT: dict[str, list[str]] = {
    "build reports/ leaks.jsonl": ["20 new (processed)", "LOCATED_IN", "WORKS_FOR"],
    "# again": ["0 new", "graph and store unchanged"],
    "new-batch/": ["1 new (processed)"],
    "--prune": ["2 removed"],
    "--rebuild": ["(processed)", "WORKS_FOR"],
    "--dry-run": ["unchanged ", "dry run, nothing written"],
    "--workers 4 --format json": ['"documents": 20', '"relations_by_type"'],
    "--executor dask --workers 2": ["0 new", "graph and store unchanged"],
    "extract report.pdf": ['"entities"', "Directorate for Research Policy"],
    'extract --text "Ada Vance': ['"name": "Ada Vance"', "Northbridge Institute"],
    "--jsonl-input rows.jsonl": ['"doc_id": "row-7"', "Priya Raman", "Rotterdam"],
    "extract report.txt --format table": ["entities", "relations", "Elena Varga"],
    "entities list": ["Coastal Energy Alliance", "Organization"],
    'entities show "Elena Varga"': ["Elena Varga", "WORKS_FOR", "Northbridge Institute"],
    "entities candidates": ["Harbour Robotics", "Harbor Robotics", "similar names"],
    "entities merge": ["recorded: merge 'Harbor Robotics' with 'Lumen Materials'"],
    "entities split": ["recorded: split", "Lumen Materials (Organization"],
    "entities rename": ["recorded: rename 'Varga' to 'Elena Varga'"],
    "entities retype": ["recorded: retype 'Kestrel Labs' to 'Organization'"],
    "entities reject": ["recorded: reject 'Grant Transparency'"],
    "entities undo": ["undone: reject 'Grant Transparency'"],
    "entities judgements": ["merge", "Harbor Robotics", "applied"],
    "query list": ["profile", "--param entity"],
    'query profile -p entity="Elena Varga"': ["WORKS_FOR", "Northbridge Institute"],
    "query path": ["Jonas Weber -[WORKS_FOR]->", "Priya Raman"],
    "query people -p entity=NIAM": ["name,", "Elena Varga", "director"],
    "query ego": ["Coastal Energy Alliance", "<html"],
    "query weak": ['"relation"', '"source"'],
    'RETURN p.name, r.role, o.name"': ["Elena Varga", "director"],
    "list_contains(o.aliases": ["Northbridge Institute for Applied Materials"],
    "MATCH (v:Evidence {relation: r.id})": ["Elena Varga", "v.sentence"],
    "MATCH (v:Evidence {item: r.id})": ["Elena Varga", "v.sentence"],
    "MATCH (d:Document)-[:MENTIONS]->(p:Person)": ["d.title,p.name", "Profile: Elena Varga"],
    "stats -w case": ["documents", "entities: Person", "top entities"],
    "check -w case  ": [],
    "check -w case --repair": [],
    "viz -w case  ": ["Coastal Energy Alliance"],
    '--entity "Elena Varga"': ["Elena Varga", "Northbridge Institute"],
    "viz -w case --query people": ["Coastal Energy Alliance"],
    "--relations WORKS_FOR": ["WORKS_FOR", "Elena Varga"],
    "viz -w case --comentions": ["MENTIONED_WITH"],
    "--format svg": ["<svg"],
    "export graphml -o case.graphml": ["<graphml", "Elena Varga"],
    "export gexf": ["<gexf", "Elena Varga"],
    "export json": ['"nodes"', "Elena Varga"],
    "export csv": ["Elena Varga", "WORKS_FOR"],
    "export neo4j-csv": ["neo4j-admin", "Elena Varga"],
    "export cypher": ["MERGE", "Elena Varga"],
    "export graphml -o people.graphml": ["<graphml", "Elena Varga"],
    "evaluate benchmarks/data/bbc_relations_dev.jsonl": ["micro", "WORKS_FOR", "missed"],
    "evaluate ../shared/corpora/conll04/dev.jsonl": ['"micro"', '"Work_For"'],
    "train-relations my-annotations.jsonl": ["WORKS_FOR", "relation_model"],
    "train-relations conll04:train.jsonl": ["WORKS_FOR", "relation_model"],
}


def readme_commands() -> list[str]:
    """The README's indented ``threadline ...`` example lines, in order."""
    lines = []
    for line in README.splitlines():
        text = line.strip()
        if line.startswith("    ") and re.match(r"^(\w+=\S+\s+)*threadline\s", text):
            lines.append(text)
    return lines


def _key(line: str, table: dict) -> str | None:
    found = [k for k in table if k in line + "  "]
    assert len(found) <= 1, f"{line!r} matches several entries: {found}"
    return found[0] if found else None


def to_args(line: str, paths: dict[str, str]) -> list[str]:
    """A README line as argv: optional [...] parts, comments and redirections dropped."""
    text = re.sub(r"\s\[[^\]]*\]", "", line)
    words = shlex.split(text, comments=True)
    words = [w.replace("\\$", "$") for w in words]
    while words and re.match(r"^\w+=", words[0]):
        words.pop(0)
    if ">" in words:
        words = words[: words.index(">")]
    assert words[0] == "threadline"
    args = [NAMES.get(w, w) for w in words[1:] if w != "--open"]
    return [paths.get(w, w) for w in args]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """leaks.jsonl, rows.jsonl, new-batch/ and a configuration without fuzzy merging."""
    root = tmp_path_factory.mktemp("readme-inputs")
    (root / "leaks.jsonl").write_text("".join(json.dumps(r) + "\n" for r in LEAKS), "utf-8")
    (root / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS), "utf-8")
    (root / "new-batch").mkdir()
    (root / "new-batch" / "kestrel-lyon.txt").write_text(NEW_BATCH, "utf-8")
    (root / "nofuzzy.toml").write_text("[resolve]\nfuzzy = false\n", "utf-8")
    for name, scheme in (("my-annotations.jsonl", "threadline"), ("my-dev.jsonl", "threadline"),
                         ("mine.jsonl", "threadline"), ("train.jsonl", "conll04")):  # fmt: skip
        (root / name).write_text(_annotated(scheme), "utf-8")
    return root


def _annotated(scheme: str) -> str:
    person, org, works = ("Peop", "Org", "Work_For") if scheme == "conll04" else (
        "Person", "Organization", "WORKS_FOR")  # fmt: skip
    lines = []
    for n, (text, who, where, related) in enumerate(ANNOTATED):
        entities = [
            {"start": text.index(name), "end": text.index(name) + len(name), "type": kind,
             "text": name}
            for name, kind in ((who, person), (where, org))
        ]  # fmt: skip
        relations = [{"head": 0, "tail": 1, "type": works}] if related else []
        lines.append(json.dumps({"id": f"doc{n}#0", "text": text, "entities": entities,
                                 "relations": relations}))  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory, inputs: Path) -> Path:
    """The README's ``case`` workspace: examples/ and leaks.jsonl, built once."""
    workspace = tmp_path_factory.mktemp("readme-case") / "case"
    report = Workspace.open(workspace).build(
        [EXAMPLES, inputs / "leaks.jsonl"], workers=1, progress=False
    )
    assert report.ok, report.failures
    return workspace


@pytest.mark.parametrize("line", readme_commands())
def test_readme_example_runs_and_gives_a_result(
    line: str,
    case: Path,
    inputs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    skipped = _key(line, SKIPPED)
    if skipped:
        pytest.skip(SKIPPED[skipped])
    gold_dev = "benchmarks/data/bbc_relations_dev.jsonl"
    if gold_dev in line:  # written from the corpus (`make gold`); skipped without it
        gold_dev_path = str(request.getfixturevalue("bbc_gold") / "bbc_relations_dev.jsonl")
    expect = _key(line, EXPECT)
    assert expect is not None, f"README example without an expectation in this test: {line}"

    workspace = tmp_path / "case"
    if "leaks.jsonl" not in line:  # the first build starts from nothing
        shutil.copytree(case, workspace)
    paths = {
        "case": str(workspace),
        "reports/": str(EXAMPLES),
        "report.pdf": str(EXAMPLES / "06-directorate-memo.pdf"),
        "report.txt": str(EXAMPLES / "12-varga-profile.txt"),
        **{name: str(inputs / name) for name in ("leaks.jsonl", "rows.jsonl", "nofuzzy.toml")},
        "new-batch/": str(inputs / "new-batch"),
        **({gold_dev: gold_dev_path} if gold_dev in line else {}),
        "../shared/corpora/conll04/dev.jsonl": str(CONLL04),
        "conll04:train.jsonl": f"conll04:{inputs / 'train.jsonl'}",
        **{n: str(inputs / n) for n in ("my-annotations.jsonl", "my-dev.jsonl", "mine.jsonl")},
    }
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for setup in SETUP.get(_key(line, SETUP) or "", []):
        done = runner.invoke(app, [paths.get(a, a) for a in setup])
        assert done.exit_code == 0, done.output

    args = to_args(line, paths)
    extra = _key(line, EXTRA)
    if extra:
        args = [paths.get(a, a) for a in EXTRA[extra]] + args
    before = set(tmp_path.iterdir())
    result = runner.invoke(app, args)
    assert result.exit_code == 0, f"{line}\n{result.output}"

    written = [p for p in tmp_path.iterdir() if p not in before and p.name != "case"]
    text = result.stdout + "".join(_read(p) for p in written)
    assert text.strip() or written, f"{line}: no output"
    assert "(no rows)" not in result.output
    for needle in EXPECT[expect]:
        assert needle in text, f"{line}: {needle!r} not in the result"


def _read(path: Path) -> str:
    if path.is_dir():
        return "".join(_read(p) for p in sorted(path.rglob("*")) if p.is_file())
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        return ""


def test_every_readme_expectation_is_used() -> None:
    lines = readme_commands()
    unused = [k for k in EXPECT if not any(k in line + "  " for line in lines)]
    assert not unused, f"expectations for examples the README no longer has: {unused}"
