"""`make run` exactly as the README says, on a fresh virtualenv.

This is the path a new user takes: no PROMETHEUS_MULTIPROC_DIR, no test
harness settings, only the runtime requirements installed. A suite that set
the variable itself once hid an empty /metrics here.
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.server import children_of, free_port

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Russia has deployed 30,000 troops to Belarus. "
    "Biden met Scholz at the White House on Monday. "
    "Protesters marched in Berlin against the war."
)
POSTS = 16

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """`make run` with its own fresh virtualenv, on a free port; yields (url, gunicorn master pid, log)."""
    home = tmp_path_factory.mktemp("make-run")
    venv = home / "venv"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PROMETHEUS_MULTIPROC_DIR", "MAKEFLAGS", "MAKELEVEL"}}
    env.update(PORT=str(port), WEB_CONCURRENCY="2", LOG_LEVEL="warning", HOME=str(home))
    log_path = home / "make-run.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["make", "run", f"VENV={venv}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            master = _wait_ready(process, url, log_path, timeout=480)
            yield url, master, venv, log_path
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen, url: str, log_path: Path, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"make run exited:\n{log_path.read_text(errors='replace')[-3000:]}"
        # make -> (sh) -> gunicorn master -> 2 workers
        masters = [pid for pid in _descendants(process.pid) if len(children_of(pid)) == 2]
        try:
            if masters and requests.get(url + "/readyz", timeout=2).status_code == 200:
                return masters[0]
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"make run not ready after {timeout} s:\n{log_path.read_text(errors='replace')[-3000:]}")


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        children = children_of(todo.pop())
        found += children
        todo += children
    return found


def _post(url: str) -> int:
    response = requests.post(url + "/v1/events", json={"text": TEXT, "published_at": "2022-02-07"}, timeout=60)
    assert response.status_code == 200, response.text
    return len(response.json()["events"])


def _samples(url: str) -> dict[str, list]:
    body = requests.get(url + "/metrics", timeout=10).text
    return {family.name: family.samples for family in text_string_to_metric_families(body)}


def test_make_run_installs_only_the_runtime_requirements(make_run):
    _, _, venv, _ = make_run
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert "gunicorn==" in installed and "spacy==" in installed
    for tool in ("pytest", "playwright", "schemathesis", "ruff", "py-spy", "hypothesis"):
        assert f"\n{tool}==" not in "\n" + installed, f"make run installed the test tool {tool}"


def test_metrics_add_up_across_both_workers(make_run):
    url, master, _, _ = make_run
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: _post(url), range(POSTS)))
    assert sum(counts) >= POSTS  # every text holds events, so the counter below is not trivially 0

    workers = children_of(master)
    assert len(workers) == 2
    # Both workers served requests: each wrote its own sample file into the shared directory.
    per_worker = {
        pid: glob.glob(os.path.join(tempfile.gettempdir(), "event-service-metrics-*", f"*_{pid}.db")) for pid in workers
    }
    assert all(per_worker.values()), per_worker

    samples = _samples(url)
    extracted = sum(s.value for s in samples["events_extracted"] if s.name == "events_extracted_total")
    assert extracted == sum(counts)
    posts = [
        s.value
        for s in samples["http_requests"]
        if s.name == "http_requests_total" and s.labels == {"route": "/v1/events", "method": "POST", "status": "200"}
    ]
    assert posts == [POSTS]


def test_readme_metrics_command_prints_event_lines(make_run):
    url, _, _, _ = make_run
    _post(url)
    # The README's line, with this server's port: curl -s localhost:8000/metrics | grep '^events_'
    port = url.rsplit(":", 1)[1]
    printed = subprocess.run(
        ["bash", "-c", f"curl -s localhost:{port}/metrics | grep '^events_'"], capture_output=True, text=True
    )
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines()
    assert lines and all(line.startswith("events_extracted_total{") for line in lines)


def test_metrics_directory_is_removed_when_gunicorn_exits(tmp_path):
    """The per-start temporary directory does not outlive the server (no leak per start)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(PORT=str(port), WEB_CONCURRENCY="1", LOG_LEVEL="warning", HOME=str(tmp_path), TMPDIR=str(tmp_path))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "service.app:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, log_path.read_text(errors="replace")
                try:
                    if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not become ready"
                time.sleep(0.2)
            assert len(glob.glob(str(tmp_path / "event-service-metrics-*"))) == 1
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0
    assert glob.glob(str(tmp_path / "event-service-metrics-*")) == []
