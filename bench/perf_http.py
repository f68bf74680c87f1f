"""The service under load: gunicorn on 127.0.0.1 (``tests.support.server.GunicornServer``), driven by
``bench.perf_load`` in its own process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.perf_corpus import ROOT, Doc, words
from bench.perf_load import summarize

APP = "service.app:create_app()"


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


def drive_raw(
    port: int,
    bodies_file: Path,
    concurrency: int,
    path: str = "/v1/events",
    duration: float | None = None,
    requests: int | None = None,
) -> dict[str, Any]:
    """Run ``bench.perf_load`` in a separate process; its per-request ``records`` and ``wall_s``."""
    command = [sys.executable, "-m", "bench.perf_load", "--port", str(port), "--path", path]
    command += ["--bodies", str(bodies_file), "--concurrency", str(concurrency)]
    command += ["--duration", str(duration)] if duration is not None else ["--requests", str(requests)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    if done.stderr.strip():
        result["client_messages"] = done.stderr.strip().splitlines()[:5]
    return result


def drive(port: int, bodies_file: Path, concurrency: int, **options: Any) -> dict[str, Any]:
    """One load run, summarised (requests/s, words/s, latency percentiles, errors); ``options``
    as for :func:`drive_raw` (``path``, ``duration`` or ``requests``)."""
    result = drive_raw(port, bodies_file, concurrency, **options)
    summary = summarize(result["records"], result["wall_s"])
    summary["concurrency"] = concurrency
    if "client_messages" in result:
        summary["client_messages"] = result["client_messages"]
    return summary
