# Two entry points for a new machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
WORKSPACE ?= demo-workspace
OUT ?= demo-output

.PHONY: install dev demo test test-fast lint browser clean relation-model fuzz gold

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Editable install in strict mode: the mapped subpackages (ingest/, graph/, queries/)
# only resolve correctly this way. Re-run after adding a module.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=strict -e .

dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=strict -e '.[dev]'

demo: install
	$(BIN)/threadline build examples -w $(WORKSPACE)
	$(BIN)/threadline viz -w $(WORKSPACE) -o $(OUT)/graph.html
	$(BIN)/threadline export graphml -w $(WORKSPACE) -o $(OUT)/graph.graphml
	$(BIN)/threadline query people -w $(WORKSPACE) --param entity="Northbridge Institute for Applied Materials"
	@echo "Open $(OUT)/graph.html in a browser; load $(OUT)/graph.graphml in Gephi or yEd."

# Debian's Chromium drives the browser tests; installed when missing and we may install.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium not installed: browser tests will be skipped"; }

test: dev browser
	$(BIN)/ruff check .
	$(BIN)/mypy -p threadline
	$(BIN)/python -m pytest

test-fast: dev
	$(BIN)/python -m pytest -m "not slow and not browser and not neo4j"

# Random exploration of the property tests (the suite itself draws fixed examples).
fuzz: dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_robust_properties.py -p no:cacheprovider

lint: dev
	$(BIN)/ruff check .
	$(BIN)/mypy -p threadline

# The annotated BBC sentences as JSONL (benchmarks/data/bbc_relations_{dev,test}.jsonl),
# written from benchmarks/data/bbc_relations.ann and the corpus. Needs ../shared/corpora.
BBC ?= ../shared/corpora/bbc
gold: dev
	$(BIN)/python benchmarks/data/build_gold.py build --corpus $(BBC)

# The bundled relation classifier (ingest/models/relations.npz): CoNLL04 train, the
# project's annotated BBC dev split and the pattern examples; thresholds chosen on
# CoNLL04 dev and, out of fold, on the BBC dev split. Needs ../shared/corpora.
CONLL04 ?= ../shared/corpora/conll04
relation-model: gold
	$(BIN)/threadline train-relations conll04:$(CONLL04)/train.jsonl \
		benchmarks/data/bbc_relations_dev.jsonl \
		--dev conll04:$(CONLL04)/dev.jsonl --dev benchmarks/data/bbc_relations_dev.jsonl \
		--name relations -o ingest/models/relations.npz

clean:
	rm -rf $(VENV) build *.egg-info $(WORKSPACE) $(OUT)
