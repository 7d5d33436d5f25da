# Everything CI runs is `make check`; `make run` is the newcomer's first command.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install run lint typecheck lint-cypher test check clean

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

clean:
	-$(BIN)/tietrace graph stop
	rm -rf $(VENV) tools/cypher-lint/node_modules .mypy_cache .ruff_cache .pytest_cache
