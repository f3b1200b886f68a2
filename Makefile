# Mentorbot: `make demo` and `make test` are the two commands; both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_QUIET := --quiet --disable-pip-version-check
# bash with pipefail: a pipeline fails when pip fails, even though its output goes through grep.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# Drop pip's noisy "WARNING: Location ..." lines; grep finding nothing is not an error.
QUIET_WARNINGS := { grep -v "^WARNING: Location" || true; }

.PHONY: demo test run lint format setup install-runtime lock bench clean

# Development set-up: the dev lock (runtime + test and lint tools), then the project, editable.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install $(PIP_QUIET) --require-hashes --no-deps -r requirements-dev.lock 2>&1 | $(QUIET_WARNINGS)
	@$(BIN)/python -m pip install $(PIP_QUIET) --no-deps --config-settings editable_mode=compat -e . 2>&1 | $(QUIET_WARNINGS)
	@$(BIN)/python -c "import bot, slack_bolt, sqlalchemy, ortools" || (echo "set-up failed: see the pip output above" && exit 1)
	@touch $(STAMP)

setup: $(STAMP)

# Production install (the container image): the runtime lock only, the project not editable,
# so no test or lint tools and no devtools/ (the image does not copy it).
install-runtime:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install $(PIP_QUIET) --no-deps .
	$(BIN)/python -c "import bot.cli, slack_bolt, sqlalchemy, ortools"

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

# Regenerate the lock files after changing dependencies in pyproject.toml: requirements.lock is
# what production installs (the container image), requirements-dev.lock adds the test and lint
# tools, pinned to the same versions (it is compiled with the runtime lock as constraints).
LOCK_FLAGS := --quiet --no-header --no-emit-index-url --no-emit-find-links --generate-hashes --strip-extras --allow-unsafe
lock:
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install $(PIP_QUIET) pip-tools
	.lockenv/bin/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	.lockenv/bin/pip-compile $(LOCK_FLAGS) --extra dev --constraint requirements.lock -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) .lockenv .mypy_cache .ruff_cache .pytest_cache mentorbot.db*
