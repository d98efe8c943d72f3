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

# The attack reproductions and outage tests (see tests/trust/test_attacks.py). When the suite
# runs on PostgreSQL (CI) they run once more on the embedded SQLite database.
ATTACK_TESTS := tests/trust/test_attacks.py tests/test_outage.py tests/test_headers.py \
	tests/accounts tests/messaging/test_messaging.py \
	tests/profiles/test_api.py::test_anonymous_profile_names_no_employer_or_school \
	tests/profiles/test_api.py::test_anonymous_profile_hides_identity_from_employers

# The slowest tests are listed at the end of the run: where the suite's time goes.
test: $(STAMP)
	$(BIN)/python -m pytest --durations=25
	if [ -n "$$MARKETPLACE_TEST_DATABASE_URL" ]; then \
		echo "==> attack and outage tests on SQLite"; \
		MARKETPLACE_TEST_DATABASE_URL= $(BIN)/python -m pytest -q -p no:cacheprovider $(ATTACK_TESTS); \
	fi

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
