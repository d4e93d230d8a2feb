# progoti: the two commands a fresh machine needs are `make extract` and `make test`.
# Each sets up what it needs (Debian packages, .venv, pinned Python packages),
# idempotently: a second run finds everything in place and goes straight to work.

IN ?= samples
OUT ?= out
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TESSDATA := $(VENV)/share/tessdata

.PHONY: extract test bench samples score speed-unseen setup system models clean

CORPUS ?= corpus
COUNT ?= 150

extract: setup
	$(BIN)/progoti extract "$(IN)" --out "$(OUT)" $(if $(CORRECTIONS),--corrections "$(CORRECTIONS)")

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m tests.bench

# The generated corpus (tests/fixtures/corpus.py): COUNT reports as digital PDFs (WeasyPrint and
# LibreOffice) and scans, not committed.
samples: setup
	@bash scripts/corpus-deps.sh
	$(BIN)/python -m tests.fixtures.corpus "$(CORPUS)" --count $(COUNT) --scans

# Its figures, development and test parts apart (the issue's acceptance figures).
score: samples
	$(BIN)/python -m tests.scoring --corpus "$(CORPUS)"

# Speed on what no speed work was tuned on: the corpus's test part and ../shared/real (about 9 min; run alone).
speed-unseen: samples
	$(BIN)/python scripts/speed_unseen.py "$(CORPUS)"

setup: system $(STAMP) models
	@$(BIN)/python -m compileall -q extract normalize progoti schemas >/dev/null

system:
	@bash scripts/system-deps.sh

# Tesseract's best Bangla model (Debian ships the fast one): scripts/tessdata.sh says why.
models: system $(STAMP)
	@bash scripts/tessdata.sh "$(TESSDATA)"

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf $(VENV) out .pytest_cache
