# Everything runs inside .venv, created on first use from the pinned requirements.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
APP    := "service.app:create_app()"

.PHONY: help venv run dev test test-fast lint format eval bench fuzz soak worst-case container-test clean

help:
	@echo "make run             set up and serve on http://127.0.0.1:8000 (gunicorn)"
	@echo "make test            set up and run the test suite"
	@echo "make eval            accuracy on seeds/ and ../shared/devdata (if present)"
	@echo "make bench           performance against bare spaCy"
	@echo "make fuzz            schemathesis against gunicorn (>= 1,000 requests, all checks)"
	@echo "make soak            mixed traffic against gunicorn for SOAK_SECONDS (600)"
	@echo "make worst-case      slowest max-size texts against gunicorn's timeout"
	@echo "make container-test  build and exercise the Docker image"

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	$(BIN)/gunicorn -c gunicorn.conf.py $(APP)

dev: venv
	$(BIN)/python -m service

test: venv
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench

format: venv
	$(BIN)/ruff format service tests bench
	$(BIN)/ruff check --fix service tests bench

eval: venv
	$(BIN)/python -m bench.accuracy

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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
