"""HTTP load generator for ``bench.performance``, run as its own process.

``python -m bench.perf_load --port P --path /v1/events --bodies FILE --concurrency C (--duration S | --requests N)``

Each of C threads sends one request at a time (closed loop) to 127.0.0.1 only,
cycling through the bodies in FILE (JSON lines ``{"body": ..., "words": N}``),
and the per-request records go to stdout as JSON. Standard library only, so
the generator stays small next to the server it measures.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

HOST = "127.0.0.1"


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def in_window(records: Sequence[dict[str, Any]], window_s: float) -> tuple[float, float]:
    """Successful requests and words done within the first ``window_s`` seconds of a closed-loop run.

    A request still in flight when the window closes counts for the share of its time
    inside the window. Otherwise the run's last requests, finishing one by one while
    fewer than all workers are busy, would be charged to the service: at concurrency 2
    with 4-second batch requests, a 12-second run ends with up to 4 s of a worker idle.
    """
    requests = words = 0.0
    for record in records:
        if record["status"] != 200:
            continue
        start, end = record["t"], record["t"] + record["latency_s"]
        share = 1.0 if end <= window_s else max(0.0, window_s - start) / (end - start)
        requests += share
        words += share * record["words"]
    return requests, words


def summarize(records: Sequence[dict[str, Any]], wall_s: float) -> dict[str, Any]:
    """Requests/s, words/s, latency percentiles (ms) and errors of one load run.

    Throughput counts successful requests only, over the wall time of the run.
    """
    ok = [r for r in records if r["status"] == 200]
    latencies = [r["latency_s"] * 1000 for r in ok]
    errors = len(records) - len(ok)

    def ms(value: float | None) -> float | None:
        return round(value, 1) if value is not None else None

    return {
        "requests": len(records),
        "errors": errors,
        "error_statuses": sorted({r["status"] for r in records if r["status"] != 200}),
        "wall_s": round(wall_s, 2),
        "words": sum(r["words"] for r in ok),
        "requests_per_s": round(len(ok) / wall_s, 2) if wall_s else None,
        "words_per_s": round(sum(r["words"] for r in ok) / wall_s, 1) if wall_s else None,
        "latency_ms": {
            "p50": ms(percentile(latencies, 50)),
            "p95": ms(percentile(latencies, 95)),
            "p99": ms(percentile(latencies, 99)),
            "max": ms(max(latencies) if latencies else None),
        },
    }


def _worker(
    port: int,
    path: str,
    bodies: list[tuple[bytes, int]],
    counter: itertools.count,
    stop_at: float | None,
    limit: int | None,
    out: list[dict[str, Any]],
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=300)
    headers = {"Content-Type": "application/json"}
    while True:
        index = next(counter)
        if (limit is not None and index >= limit) or (stop_at is not None and time.perf_counter() >= stop_at):
            break
        body, n_words = bodies[index % len(bodies)]
        started = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            status = response.status
            response.read()
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            status = 0
            conn.close()
            print(f"request failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        out.append({"t": started, "latency_s": time.perf_counter() - started, "status": status, "words": n_words})
    conn.close()


def run(
    port: int,
    path: str,
    bodies: list[tuple[bytes, int]],
    concurrency: int,
    duration: float | None,
    requests: int | None,
) -> dict[str, Any]:
    """Drive the server with ``concurrency`` closed-loop clients; every request's record and the wall time."""
    counter = itertools.count()
    records: list[dict[str, Any]] = []
    started = time.perf_counter()
    stop_at = started + duration if duration else None
    threads = [
        threading.Thread(target=_worker, args=(port, path, bodies, counter, stop_at, requests, records), daemon=True)
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    for record in records:
        record["t"] = round(record["t"] - started, 4)
    return {"wall_s": wall, "window_s": duration, "records": records}


def read_bodies(path: str) -> list[tuple[bytes, int]]:
    bodies = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                bodies.append((json.dumps(item["body"], ensure_ascii=False).encode("utf-8"), int(item["words"])))
    return bodies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.perf_load", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/v1/events")
    parser.add_argument("--bodies", required=True, help="JSON lines: {'body': ..., 'words': N}")
    parser.add_argument("--concurrency", type=int, default=1)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--duration", type=float, help="seconds to keep sending")
    group.add_argument("--requests", type=int, help="number of requests to send")
    args = parser.parse_args(argv)
    result = run(args.port, args.path, read_bodies(args.bodies), args.concurrency, args.duration, args.requests)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
