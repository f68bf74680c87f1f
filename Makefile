# Everything runs inside .venv, created on first use from the pinned requirements:
# serving (make run) needs only requirements.txt; the tools (make test, lint,
# bench...) add requirements-dev.txt on top.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
APP    := "service.app:create_app()"
CHROMIUM := /usr/bin/chromium

.PHONY: help venv venv-run run dev test test-fast chromium lint format eval train ablation bench fuzz soak worst-case \
	container-test compose-up compose-down readme-example clean

help:
	@echo "make run             set up (runtime packages only) and serve on http://127.0.0.1:8000 (gunicorn)"
	@echo "make test            set up and run the whole test suite (installs chromium for the browser tests)"
	@echo "make test-fast       unit, API, contract and golden tests only (no servers, browser or containers)"
	@echo "make eval            accuracy on seeds/ and ../shared/devdata (if present)"
	@echo "make train           rebuild the trigger tagger and the mention scorer from the corpus's train split (seeded, ~3.5 min)"
	@echo "make ablation        rules, tagger and scorer alone and together on the dev and test splits (docs/MODEL.md)"
	@echo "make bench           performance against bare spaCy"
	@echo "make fuzz            schemathesis against gunicorn (>= 1,000 requests, all checks)"
	@echo "make soak            mixed traffic against gunicorn for SOAK_SECONDS (600)"
	@echo "make worst-case      slowest max-size texts against gunicorn's timeout"
	@echo "make container-test  build and exercise the Docker image"
	@echo "make compose-up      docker compose up on a machine without Docker Hub (see README, Docker)"

$(RUN_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(RUN_STAMP)

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt requirements-spark.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(DEV_STAMP)

venv-run: $(RUN_STAMP)

venv: $(DEV_STAMP)

run: venv-run
	$(BIN)/gunicorn -c gunicorn.conf.py $(APP)

dev: venv-run
	$(BIN)/python -m service

# The demo page's browser tests drive Debian's chromium (never `playwright install`).
chromium:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && echo "installing Debian's chromium for the browser tests" \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "make test: $(CHROMIUM) is missing and cannot be installed here (needs root and apt-get)."; \
	       echo "Install Debian's chromium, or run make test-fast (no browser tests)."; exit 1; }

test: venv chromium
	$(BIN)/python -m pytest -q

test-fast: venv
	$(BIN)/python -m pytest -q -m "not slow and not browser"

lint: venv
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench

format: venv
	$(BIN)/ruff format service tests bench
	$(BIN)/ruff check --fix service tests bench

eval: venv
	$(BIN)/python -m bench.accuracy
	$(BIN)/python -m bench.corpus_eval --split dev

train: venv
	$(BIN)/python -m bench.train_tagger
	$(BIN)/python -m bench.train_scorer

ablation: venv
	$(BIN)/python -m bench.ablation

# README's "Try it" example, regenerated from the service (tests/unit/test_readme.py checks it).
readme-example: venv
	$(BIN)/python -m bench.readme_example --write

bench: venv
	$(BIN)/python -m bench.performance

fuzz: venv
	$(BIN)/python tests/fuzz/run_fuzz.py

soak: venv
	$(BIN)/python -m bench.soak

worst-case: venv
	$(BIN)/python -m bench.worst_case

container-test: venv
	bash tests/container/run.sh

compose-up: venv-run
	bash scripts/compose.sh up

compose-down:
	bash scripts/compose.sh down

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
