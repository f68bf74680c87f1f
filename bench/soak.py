"""``make soak``: mixed traffic against gunicorn for SOAK_SECONDS (default 600).

Starts the service as deployed (gunicorn.conf.py, WEB_CONCURRENCY=2) on a free
127.0.0.1 port and sends, from SOAK_CLIENTS (default 4) threads, a fixed mix:
short news paragraphs, whole seed articles, batches with one bad document,
and invalid requests of every kind (malformed JSON, wrong content type, schema
violations, unknown routes, wrong methods, an 11 MB body), plus the
operational GETs. Every 5 s it samples each worker's memory.

Printed and written to bench/results/soak.json: requests and statuses per
kind, server errors (5xx or no answer), latency p50/p95 in the first and the
last window (a minute, or a quarter of shorter runs) with their ratio, worker
RSS/PSS at start and end with their ratio, worker restarts, and what the
server logged about crashes or timeouts. Exits 1 on any server error, worker
restart or such log line; latency and memory are reported, not judged.

    make soak                          # 10 minutes
    SOAK_SECONDS=120 SOAK_CLIENTS=2 make soak
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.perf_memory import parse_smaps_rollup  # noqa: E402
from tests.support.server import GunicornServer, rss_kib  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "soak.json"
SEEDS = ROOT / "seeds"
SERVER_LOG_ALARMS = ("Traceback", "WORKER TIMEOUT", "unhandled error", "was sent SIGKILL")

PARAGRAPHS = [
    "Also on February 7, German Chancellor Olaf Scholz will meet with Biden in Washington.",
    "US officials have said the Kremlin has assembled 110,000 troops along the border with its pro-Western neighbour.",
    "Russia has deployed 30,000 troops to Belarus for joint exercises, the defence ministry said on Thursday.",
    "Biden spoke by phone with Zelensky on Monday and warned that Moscow would face severe sanctions if it invaded.",
    "Protesters gathered in Kyiv on Sunday as NATO sent four warships to the Black Sea.",
    "The European Union agreed a new package of economic aid for Ukraine worth 1.2 billion euros.",
    "Police arrested 40 people in Minsk after shelling near Donetsk killed two soldiers, officials said.",
    "Lavrov rejected the demand and accused Washington of fuelling hysteria, the Foreign Ministry said.",
]
BIG_BODY = b'{"text": "' + b"a" * (11 * 1024 * 1024) + b'"}'


@dataclass(slots=True)
class Sample:
    started: float  # seconds since the soak started
    kind: str
    status: int | str  # HTTP status, or the client-side exception's name
    seconds: float


def seed_texts() -> list[str]:
    return [
        json.loads(p.read_text(encoding="utf-8"))["text"]
        for p in sorted(SEEDS.glob("*.json"))
        if not p.name.endswith(".expected.json")
    ]


def request_mix(rng: random.Random, seeds: list[str]) -> tuple[str, str, str, dict]:
    """(kind, method, path, requests kwargs) for the next request."""
    roll = rng.random()
    date = f"2022-02-{rng.randint(1, 28):02d}"
    if roll < 0.40:
        text = " ".join(rng.sample(PARAGRAPHS, rng.randint(1, 4)))
        return "valid_short", "POST", "/v1/events", {"json": {"text": text, "published_at": date}}
    if roll < 0.50:
        return "valid_article", "POST", "/v1/events", {"json": {"text": rng.choice(seeds), "published_at": date}}
    if roll < 0.62:
        documents = [
            {"id": f"d{i}", "text": " ".join(rng.sample(PARAGRAPHS, 2)), "published_at": date}
            for i in range(rng.randint(2, 8))
        ]
        documents.insert(rng.randrange(len(documents)), {"id": "bad", "text": ""})
        return "batch", "POST", "/v1/events/batch", {"json": {"documents": documents}}
    if roll < 0.91:
        return rng.choice(INVALID)(rng)
    if roll < 0.92:
        return TOO_LARGE
    path = rng.choice(["/v1/event-types", "/healthz", "/readyz", "/metrics"])
    return "get", "GET", path, {}


INVALID = [
    lambda rng: (
        "invalid_json",
        "POST",
        "/v1/events",
        {"data": b'{"text": "Biden met', "headers": {"Content-Type": "application/json"}},
    ),
    lambda rng: (
        "invalid_content_type",
        "POST",
        "/v1/events",
        {"data": "Biden met Scholz.", "headers": {"Content-Type": "text/plain"}},
    ),
    lambda rng: (
        "invalid_schema",
        "POST",
        "/v1/events",
        {"json": {"text": rng.choice(["", 42, None]), "min_confidence": 2}},
    ),
    lambda rng: ("invalid_schema", "POST", "/v1/events", {"json": {"text": "a", "published_at": "2022-02-30"}}),
    lambda rng: ("invalid_batch", "POST", "/v1/events/batch", {"json": {"documents": []}}),
    lambda rng: ("unknown_route", "GET", f"/v1/nothing/{rng.randint(0, 10**6)}", {}),
    lambda rng: ("wrong_method", "GET", "/v1/events", {}),
    lambda rng: (
        "invalid_json",
        "POST",
        "/v1/events",
        {"data": b"[" * 10_000, "headers": {"Content-Type": "application/json"}},
    ),
]
TOO_LARGE = ("too_large", "POST", "/v1/events", {"data": BIG_BODY, "headers": {"Content-Type": "application/json"}})


def client(url: str, seed: int, seeds: list[str], t0: float, deadline: float, samples: list[Sample]) -> None:
    rng = random.Random(seed)
    with requests.Session() as session:
        while time.monotonic() < deadline:
            kind, method, path, kwargs = request_mix(rng, seeds)
            started = time.monotonic()
            try:
                status: int | str = session.request(method, url + path, timeout=130, **kwargs).status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            samples.append(Sample(started - t0, kind, status, time.monotonic() - started))


def pss_kib(pid: int) -> int | None:
    """Proportional set size of ``pid`` in KiB, or None if it is gone."""
    try:
        return parse_smaps_rollup(Path(f"/proc/{pid}/smaps_rollup").read_text()).get("Pss")
    except OSError:
        return None


def memory_sampler(server: GunicornServer, t0: float, deadline: float, out: list[dict]) -> None:
    while True:
        workers = server.worker_pids()
        out.append(
            {
                "t": round(time.monotonic() - t0, 1),
                "workers": {pid: {"rss_kib": rss_kib(pid), "pss_kib": pss_kib(pid)} for pid in workers},
                "master_rss_kib": rss_kib(server.pid),
            }
        )
        if time.monotonic() >= deadline:
            return
        time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def window_stats(samples: list[Sample], start: float, end: float) -> dict:
    inside = [s for s in samples if start <= s.started < end]
    by_kind = defaultdict(list)
    for s in inside:
        by_kind[s.kind].append(s.seconds)
    every = [s.seconds for s in inside]
    return {
        "from_s": round(start, 1),
        "to_s": round(end, 1),
        "requests": len(inside),
        "p50_ms": _ms(percentile(every, 50)),
        "p95_ms": _ms(percentile(every, 95)),
        "by_kind": {
            k: {"n": len(v), "p50_ms": _ms(percentile(v, 50)), "p95_ms": _ms(percentile(v, 95))}
            for k, v in sorted(by_kind.items())
        },
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def main() -> int:
    duration = float(os.environ.get("SOAK_SECONDS", "600"))
    clients = int(os.environ.get("SOAK_CLIENTS", "4"))
    seeds = seed_texts()
    print(f"soak: {duration:.0f} s, {clients} clients, gunicorn with 2 workers", flush=True)

    with GunicornServer(workers=2, env={"GUNICORN_ACCESSLOG": os.devnull}) as server:
        workers_at_start = server.worker_pids()
        samples: list[Sample] = []
        memory: list[dict] = []
        t0 = time.monotonic()
        deadline = t0 + duration
        threads = [
            threading.Thread(target=client, args=(server.url, 1000 + i, seeds, t0, deadline, samples))
            for i in range(clients)
        ]
        threads.append(threading.Thread(target=memory_sampler, args=(server, t0, deadline, memory)))
        for thread in threads:
            thread.start()
        last_report = t0
        while any(t.is_alive() for t in threads):
            time.sleep(1)
            if time.monotonic() - last_report >= 60:
                last_report = time.monotonic()
                errors = sum(1 for s in samples if not isinstance(s.status, int) or s.status >= 500)
                print(f"  {last_report - t0:5.0f} s: {len(samples)} requests, {errors} server errors", flush=True)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - t0
        workers_at_end = server.worker_pids()
        server_log = server.log_path.read_text(errors="replace")

    window = min(60.0, duration / 4)
    first = window_stats(samples, 0, window)
    last = window_stats(samples, elapsed - window - 1, elapsed)  # requests started in the last window
    statuses = defaultdict(Counter)
    for s in samples:
        statuses[s.kind][str(s.status)] += 1
    server_errors = [s for s in samples if not isinstance(s.status, int) or s.status >= 500]
    alarms = [line for line in server_log.splitlines() if any(a in line for a in SERVER_LOG_ALARMS)]
    # The first sample is taken before any traffic; the second, 5 s in, is the warmed-up start.
    start_mem, end_mem = memory[min(1, len(memory) - 1)], memory[-1]

    def total(snapshot: dict, key: str) -> int | None:
        values = [w[key] for w in snapshot["workers"].values()]
        return sum(values) if values and None not in values else None

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        },
        "duration_s": round(elapsed, 1),
        "clients": clients,
        "requests": len(samples),
        "requests_per_second": round(len(samples) / elapsed, 2),
        "server_errors": len(server_errors),
        "server_error_samples": [
            {"t_s": round(s.started, 1), "kind": s.kind, "status": s.status} for s in server_errors[:20]
        ],
        "statuses_by_kind": {k: dict(v) for k, v in sorted(statuses.items())},
        "latency": {
            "first_window": first,
            "last_window": last,
            "p50_ratio_last_to_first": _ratio(last["p50_ms"], first["p50_ms"]),
            "p95_ratio_last_to_first": _ratio(last["p95_ms"], first["p95_ms"]),
        },
        "memory": {
            "workers_at_start": workers_at_start,
            "workers_at_end": workers_at_end,
            "start": start_mem,
            "end": end_mem,
            "worker_rss_kib_total_start": total(start_mem, "rss_kib"),
            "worker_rss_kib_total_end": total(end_mem, "rss_kib"),
            "worker_pss_kib_total_start": total(start_mem, "pss_kib"),
            "worker_pss_kib_total_end": total(end_mem, "pss_kib"),
            "samples": memory,
        },
        "server_log_alarms": alarms[:20],
    }
    memory_info = result["memory"]
    memory_info["rss_ratio_end_to_start"] = _ratio(
        memory_info["worker_rss_kib_total_end"], memory_info["worker_rss_kib_total_start"]
    )
    memory_info["pss_ratio_end_to_start"] = _ratio(
        memory_info["worker_pss_kib_total_end"], memory_info["worker_pss_kib_total_start"]
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print()
    print(f"requests:        {len(samples)} in {elapsed:.0f} s ({result['requests_per_second']} per second)")
    for kind, counts in result["statuses_by_kind"].items():
        print(f"  {kind:<22}{dict(sorted(counts.items()))}")
    print(f"server errors:   {len(server_errors)} (5xx or no answer)")
    for name, stats in (("first", first), ("last", last)):
        short = stats["by_kind"].get("valid_short", {})
        print(
            f"latency {name:>5} {window:.0f} s: all p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms; "
            f"valid_short p50 {short.get('p50_ms')} ms, p95 {short.get('p95_ms')} ms ({stats['requests']} requests)"
        )
    print(
        f"latency ratio last/first: p50 {result['latency']['p50_ratio_last_to_first']}, p95 {result['latency']['p95_ratio_last_to_first']}"
    )
    for label, snapshot in (("start", start_mem), ("end", end_mem)):
        per_worker = ", ".join(
            f"{pid}: RSS {w['rss_kib'] / 1024:.0f} MiB, PSS {w['pss_kib'] / 1024:.0f} MiB"
            for pid, w in snapshot["workers"].items()
            if w["rss_kib"] and w["pss_kib"]
        )
        print(f"worker memory at {label} (t={snapshot['t']} s): {per_worker}")
    print(
        f"worker RSS ratio end/start: {memory_info['rss_ratio_end_to_start']}, PSS ratio: {memory_info['pss_ratio_end_to_start']}"
    )
    print(f"workers: {workers_at_start} at start, {workers_at_end} at end")
    print(f"server log alarms: {len(alarms)}")
    for line in alarms[:5]:
        print(f"    {line[:300]}")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    failed = server_errors or alarms or workers_at_start != workers_at_end
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
