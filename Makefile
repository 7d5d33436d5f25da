# Everything CI runs is `make check`; `make run` is the newcomer's first command.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install run lint typecheck lint-cypher test check clean bench bench-1m

$(BIN)/tietrace: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

tools/cypher-lint/node_modules: tools/cypher-lint/package-lock.json
	npm ci --prefix tools/cypher-lint --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/tietrace tools/cypher-lint/node_modules

run: install
	$(BIN)/tietrace demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

lint-cypher: install
	$(BIN)/python -m tietrace.lint

test: install
	$(BIN)/pytest

check: lint typecheck lint-cypher test

# Benchmarks (results in bench/results/ and BENCHMARKS.md); not part of CI: they take tens of minutes.
bench: install
	$(BIN)/python -m bench.ingest --orgs 20000 --baseline-rels 2000 --repeats 3
	$(BIN)/python -m bench.investigations --orgs 100000 --entities 25 --repeats 5
	$(BIN)/python -m bench.screening --orgs 100000 --rows 10000
	$(BIN)/python -m bench.api_load --orgs 100000
	$(BIN)/python -m bench.resolution_pairs
	$(BIN)/python -m bench.resolution
	$(BIN)/python -m bench.cli_startup

bench-1m: install
	$(BIN)/python -m bench.investigations --orgs 1000000 --entities 25 --repeats 5 --baseline-entities 4 --baseline-repeats 1 --heap 8g

clean:
	-$(BIN)/tietrace graph stop
	rm -rf $(VENV) tools/cypher-lint/node_modules .mypy_cache .ruff_cache .pytest_cache
