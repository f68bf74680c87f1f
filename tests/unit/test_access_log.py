"""gunicorn's access and error logs as JSON lines (service/gunicorn_logging.py, gunicorn.conf.py)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from gunicorn.config import Config

from service.gunicorn_logging import JsonLogger
from service.logs import ROUTE_ENVIRON_KEY
from tests.conftest import ROOT

QUOTED_PATH = '/v1/say "hello"\\there'


class FakeResponse:
    def __init__(self, status: str, headers: list[tuple[str, str]], sent: int) -> None:
        self.status = status
        self.headers = headers
        self.sent = sent


class FakeRequest:
    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self.headers = headers


@pytest.fixture()
def gunicorn_logger(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = JsonLogger(cfg)
    yield logger
    for log in (logger.error_log, logger.access_log):
        for handler in list(log.handlers):
            if getattr(handler, "_gunicorn", False):
                log.removeHandler(handler)
                handler.close()


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def environ(path: str, **extra: str) -> dict[str, str]:
    return {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": 'q="x"',
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        **extra,
    }


def test_access_line_is_json_with_the_request_fields_even_with_quotes_in_the_path(gunicorn_logger, tmp_path):
    response = FakeResponse(
        "422 UNPROCESSABLE ENTITY", [("Content-Type", "application/problem+json"), ("X-Request-ID", "req-42")], 311
    )
    request = FakeRequest([("USER-AGENT", 'curl "8"'), ("X-REQUEST-ID", "req-42")])

    gunicorn_logger.access(
        response,
        request,
        environ(QUOTED_PATH, **{ROUTE_ENVIRON_KEY: "/v1/events"}),
        timedelta(milliseconds=12, microseconds=345),
    )

    [line] = read_lines(tmp_path / "access.log")
    assert line["name"] == "gunicorn.access" and line["level"] == "INFO" and line["message"] == "access"
    assert line["time"]
    assert line["request_id"] == "req-42"
    assert line["method"] == "POST"
    assert line["path"] == QUOTED_PATH
    assert line["query"] == 'q="x"'
    assert line["route"] == "/v1/events"
    assert line["status"] == 422
    assert line["duration_ms"] == 12.345
    assert line["bytes_out"] == 311
    assert line["user_agent"] == 'curl "8"'


def test_access_line_takes_the_request_id_the_service_answered_with(gunicorn_logger, tmp_path):
    # A client id the service rejected (bad characters) is not the one logged.
    response = FakeResponse("200 OK", [("X-Request-ID", "generated-1")], 10)
    request = FakeRequest([("X-Request-ID", 'bad "id"')])

    gunicorn_logger.access(response, request, environ("/healthz"), timedelta(seconds=1))

    [line] = read_lines(tmp_path / "access.log")
    assert line["request_id"] == "generated-1"
    assert line["duration_ms"] == 1000.0
    assert line["route"] is None  # not a request the app saw


def test_access_line_for_every_request_of_a_burst(gunicorn_logger, tmp_path):
    paths = ["/", '/"', "/\\", "/a\nb", "/ü\u2028é", '/{"json": true}']
    for index, path in enumerate(paths):
        gunicorn_logger.access(
            FakeResponse("404 NOT FOUND", [("X-Request-ID", f"r{index}")], 0),
            FakeRequest([]),
            environ(path),
            timedelta(0),
        )

    lines = read_lines(tmp_path / "access.log")
    assert [line["path"] for line in lines] == paths
    assert [line["request_id"] for line in lines] == [f"r{i}" for i in range(len(paths))]


def test_error_log_lines_are_json_too(gunicorn_logger, tmp_path):
    gunicorn_logger.error('Worker (pid:%s) was sent "SIGKILL"', 1234)

    [line] = read_lines(tmp_path / "error.log")
    assert line["name"] == "gunicorn.error" and line["level"] == "ERROR"
    assert line["message"] == 'Worker (pid:1234) was sent "SIGKILL"'
    assert "request_id" in line


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: str, path: str, headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.slow
def test_real_gunicorn_with_the_project_config_writes_json_access_lines(tmp_path):
    port = str(free_port())
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "HOME": str(tmp_path),  # gunicorn's control socket goes under $HOME
    }
    env.pop("GUNICORN_ACCESSLOG", None)
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "service.app:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                assert server.poll() is None, stderr.read_text()
                try:
                    if get(port, "/readyz") == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not become ready"
                time.sleep(0.2)
            assert get(port, '/no/"such"/page', {"X-Request-ID": "quote-test"}) == 404
            assert get(port, "/healthz", {"X-Request-ID": "health-test"}) == 200
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)

    access = read_lines(stdout)
    by_id = {line["request_id"]: line for line in access}
    assert all(line["name"] == "gunicorn.access" for line in access)
    quoted = by_id["quote-test"]
    assert (quoted["method"], quoted["path"], quoted["status"], quoted["route"]) == (
        "GET",
        '/no/"such"/page',
        404,
        "unmatched",
    )
    health = by_id["health-test"]
    assert (health["method"], health["path"], health["status"], health["route"]) == ("GET", "/healthz", 200, "/healthz")
    assert health["duration_ms"] >= 0
    # The error log and the app's own lines share the format.
    other = read_lines(stderr)
    assert "gunicorn.error" in {line["name"] for line in other}
    # One access line per request: the app leaves access logging to gunicorn.
    for request_id in ("quote-test", "health-test"):
        assert [line["name"] for line in access + other if line.get("request_id") == request_id] == ["gunicorn.access"]
    for line in access + other:
        assert {"time", "level", "name", "message", "request_id"} <= set(line)
