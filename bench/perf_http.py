"""The service under load: gunicorn on 127.0.0.1, driven by ``bench.perf_load`` in its own process."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.perf_corpus import ROOT, Doc, words
from bench.perf_load import HOST, summarize
from bench.perf_memory import children_of

APP = "service.app:create_app()"


class ServerError(RuntimeError):
    """gunicorn did not start, or did not become ready."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command() -> list[str]:
    """The venv's gunicorn script next to this interpreter, else ``python -m gunicorn``."""
    script = Path(sys.executable).with_name("gunicorn")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "gunicorn"]
    return [*base, "-c", "gunicorn.conf.py", APP]


def http_get(port: int, path: str, timeout: float = 5) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class GunicornServer:
    """``gunicorn -c gunicorn.conf.py "service.app:create_app()"`` with N workers on a free port.

    Always stopped with SIGTERM on exit (the master finishes in-flight requests and
    stops its workers); killed, by process id, only if it has not exited a minute later.
    """

    def __init__(self, workers: int, workdir: Path, name: str) -> None:
        self.workers = workers
        self.workdir = workdir
        self.name = name
        self.port = free_port()
        self.log_path = workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.start_seconds: float | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children_of(self.pid)

    def __enter__(self) -> GunicornServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 300) -> None:
        metrics_dir = self.workdir / f"{self.name}-metrics"
        metrics_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "WEB_CONCURRENCY": str(self.workers),
            "BIND": f"{HOST}:{self.port}",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        }
        started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(gunicorn_command(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                ready = http_get(self.port, "/readyz") == 200
            except OSError:
                ready = False
            if ready and len(self.worker_pids()) == self.workers:
                self.start_seconds = time.perf_counter() - started
                return
            time.sleep(0.25)
        self.stop()
        raise ServerError(f"gunicorn was not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        workers = self.worker_pids()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            for pid in workers:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def write_bodies(path: Path, bodies: list[tuple[dict[str, Any], int]]) -> Path:
    """JSON lines for ``bench.perf_load``: ``{"body": ..., "words": N}``."""
    with path.open("w", encoding="utf-8") as handle:
        for body, n_words in bodies:
            handle.write(json.dumps({"body": body, "words": n_words}, ensure_ascii=False) + "\n")
    return path


def single_bodies(docs: list[Doc]) -> list[tuple[dict[str, Any], int]]:
    return [(d.body(), words(d.text)) for d in docs]


def batch_bodies(docs: list[Doc], size: int) -> list[tuple[dict[str, Any], int]]:
    """Batches of ``size`` documents, each starting at a different article."""
    out = []
    for start in range(len(docs)):
        chosen = [docs[(start + k) % len(docs)] for k in range(size)]
        out.append(({"documents": [d.body() for d in chosen]}, sum(words(d.text) for d in chosen)))
    return out


def drive(
    port: int,
    bodies_file: Path,
    concurrency: int,
    path: str = "/v1/events",
    duration: float | None = None,
    requests: int | None = None,
) -> dict[str, Any]:
    """Run ``bench.perf_load`` in a separate process and summarise what it measured."""
    command = [sys.executable, "-m", "bench.perf_load", "--port", str(port), "--path", path]
    command += ["--bodies", str(bodies_file), "--concurrency", str(concurrency)]
    command += ["--duration", str(duration)] if duration is not None else ["--requests", str(requests)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    summary = summarize(result["records"], result["wall_s"])
    summary["concurrency"] = concurrency
    if done.stderr.strip():
        summary["client_messages"] = done.stderr.strip().splitlines()[:5]
    return summary
