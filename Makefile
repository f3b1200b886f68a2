# Mentorbot: `make demo` and `make test` are the two commands; both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: demo test run lint format setup lock bench clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install $(PIP_QUIET) --require-hashes --no-deps -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -m pip install $(PIP_QUIET) --no-deps --config-settings editable_mode=compat -e . 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c "import bot, slack_bolt, sqlalchemy, ortools" || (echo "set-up failed: see the pip output above" && exit 1)
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@$(BIN)/mentorbot demo

test: $(STAMP) lint
	$(BIN)/python -m pytest

run: $(STAMP)
	$(BIN)/mentorbot serve --port $${PORT:-3000}

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_matching.py
	$(BIN)/python benchmarks/bench_scheduler.py
	$(BIN)/python benchmarks/bench_load.py $${MENTORBOT_BENCH_POSTGRES_URL:+--postgres $$MENTORBOT_BENCH_POSTGRES_URL}

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install $(PIP_QUIET) pip-tools
	.lockenv/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .lockenv .mypy_cache .ruff_cache .pytest_cache mentorbot.db*
