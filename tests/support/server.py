"""Run the service under gunicorn, as in production, on a free 127.0.0.1 port.

Used by the fault tests (tests/faults/), ``make fuzz`` (tests/fuzz/) and
``make soak`` (bench/soak.py). Only ever binds and contacts 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
APP = "service.app:create_app()"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int | None:
    """Resident set size of ``pid`` in KiB, or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class GunicornServer:
    """``with GunicornServer(workers=2) as server: requests.get(server.url + "/readyz")``.

    The server runs gunicorn.conf.py with the environment overrides given;
    its output goes to ``server.log_path`` (shown by :meth:`log_tail`).
    """

    def __init__(self, workers: int = 2, env: dict[str, str] | None = None, ready_timeout: float = 120.0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.ready_timeout = ready_timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="event-service-gunicorn-")
        self.log_path = Path(self._tmp.name) / "gunicorn.log"
        self.env = {
            **os.environ,
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "PROMETHEUS_MULTIPROC_DIR": str(Path(self._tmp.name) / "metrics"),
            "LOG_LEVEL": "warning",
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None
        self.start_seconds: float | None = None  # from Popen to ready

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> GunicornServer:
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", APP],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.start_seconds = self.wait_ready()
        return self

    def wait_ready(self, timeout: float | None = None) -> float:
        """Block until /readyz answers 200 and every worker is up; returns the seconds waited."""
        started = time.monotonic()
        deadline = started + (timeout or self.ready_timeout)
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if (
                    requests.get(self.url + "/readyz", timeout=2).status_code == 200
                    and len(self.worker_pids()) == self.workers
                ):
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"gunicorn not ready after {timeout or self.ready_timeout} s:\n{self.log_tail()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int | None:
        """Signal the master and wait for it; returns its exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()
        return self.process.returncode

    def close(self) -> None:
        self.stop()
        self._tmp.cleanup()

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- inspection -----------------------------------------------------------

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children_of(self.pid)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
