# Two commands for a newcomer: `make run` (demo on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/marketplace migrate
	$(BIN)/marketplace seed --demo --if-empty
	$(BIN)/marketplace serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check marketplace search matching bench tests
	$(BIN)/ruff format --check marketplace search matching bench tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format marketplace search matching bench tests
	$(BIN)/ruff check --fix marketplace search matching bench tests

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
