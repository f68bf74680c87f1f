"""No debug mode is reachable from the production configuration.

Flask switches debug mode on when FLASK_DEBUG is set in the environment, and
debug mode changes what clients see: error details carry exception text
("KeyError: 'q'"), and errors without a handler propagate to the server.
create_app switches it off whatever the environment says; gunicorn runs
without reload or debugger, and the development server without the debugger.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest
from flask import Flask, request
from gunicorn.config import Config

from service.app import create_app
from service.readiness import ExtractorHolder
from service.settings import Settings
from tests.support.api import assert_problem

ROOT = Path(__file__).resolve().parents[2]


class _FailingExtractor:
    def extract(self, text, published_at=None):
        raise RuntimeError("secret internals")


@pytest.fixture()
def debug_env_app(monkeypatch, extractor):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    return create_app(Settings(), extractor=extractor)


def test_flask_debug_in_the_environment_does_not_enable_debug_mode(debug_env_app, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert Flask("plain").debug is True, "FLASK_DEBUG=1 would turn debug mode on for a plain Flask app"

    assert debug_env_app.debug is False
    assert debug_env_app.config["DEBUG"] is False


def test_with_flask_debug_set_a_bad_request_does_not_show_internals(debug_env_app):
    # In debug mode Flask appends the exception ("KeyError: 'q'") to the 400's description.
    debug_env_app.add_url_rule("/probe", "probe", lambda: request.args["q"])

    response = debug_env_app.test_client().get("/probe")

    problem = assert_problem(response, 400, "bad-request")
    assert "KeyError" not in problem["detail"]


def test_with_flask_debug_set_a_failure_is_a_problem_not_a_debugger_page(debug_env_app):
    debug_env_app.extensions["extractor"] = ExtractorHolder("failing", _FailingExtractor())
    client = debug_env_app.test_client()

    response = client.post("/v1/events", json={"text": "Russia deployed troops."})

    assert_problem(response, 500, "internal-error")
    assert "secret" not in response.get_data(as_text=True)
    debugger = client.get("/", query_string={"__debugger__": "yes", "cmd": "resource", "f": "debugger.js"})
    assert debugger.status_code in (200, 404) and "application/javascript" not in debugger.content_type
    assert b"Werkzeug Debugger" not in debugger.get_data()


def test_gunicorn_config_runs_without_reload_or_debugging(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    # The config file sets these in os.environ; keep them out of the other tests' process.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setenv("OMP_NUM_THREADS", os.environ.get("OMP_NUM_THREADS", "1"))
    for marker in ("EVENT_SERVICE_OWNS_METRICS_DIR", "EVENT_SERVICE_METRICS_DIR_READY"):
        monkeypatch.delenv(marker, raising=False)
    settings = {k: v for k, v in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items() if not k.startswith("_")}
    config = Config()
    for name, value in settings.items():
        if name in config.settings:
            config.set(name, value)

    assert config.reload is False
    assert config.spew is False
    assert config.preload_app is True
    assert config.worker_class_str == "sync"


def test_development_server_runs_without_the_debugger(monkeypatch, extractor):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    import service.app
    from service import cli

    monkeypatch.setattr(service.app, "create_app", lambda: create_app(Settings(), extractor=extractor))
    runs = []
    monkeypatch.setattr(Flask, "run", lambda app, **kwargs: runs.append((app.debug, kwargs)))

    assert cli.main(["serve"]) == 0

    [(app_debug, kwargs)] = runs
    assert app_debug is False
    assert kwargs.get("debug") is False
    assert not kwargs.get("use_debugger") and not kwargs.get("use_reloader")
