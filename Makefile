# progoti: the two commands a fresh machine needs are `make extract` and `make test`.
# Each sets up what it needs (Debian packages, .venv, pinned Python packages),
# idempotently: a second run finds everything in place and goes straight to work.

IN ?= samples
OUT ?= out
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: extract test bench setup system clean

extract: setup
	$(BIN)/progoti extract "$(IN)" --out "$(OUT)"

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m tests.bench

setup: system $(STAMP)

system:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf $(VENV) out .pytest_cache
