"""Service load runs interleaved with bare-spaCy passes, so each is compared with the machine as it was then.

On a shared 2-CPU virtual machine the same bare ``nlp.pipe`` pass over the same
articles measured anywhere from 3,368 to 4,748 words per CPU-second within one
minute (/tmp script, 17 passes of ~4 s on an otherwise idle machine). A service
run compared with a baseline taken minutes earlier measures that drift as much
as the service. So every load level is cut into slices spread over the whole run,
each slice sits between two bare passes, and a level's ratio is

    words the service returned / words bare spaCy would have parsed in the same windows
    = sum(words_i) / sum(time_i * busy_workers * bare_words_per_s_i)

where ``bare_words_per_s_i`` is the mean of the passes either side of slice i.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.perf_load import in_window, summarize


@dataclass(frozen=True)
class Level:
    """One load level: what to send, how hard, for how long in all, and how many workers it keeps busy."""

    name: str
    path: str
    bodies: Any
    concurrency: int
    seconds: float
    busy_workers: int


def run_interleaved(
    levels: Sequence[Level],
    rounds: int,
    drive: Callable[[Level, float], dict[str, Any]],
    bare_pass: Callable[[], dict[str, Any]],
    progress: Callable[[str], None] = print,
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, float]]]:
    """Run every level in ``rounds`` slices of ``seconds / rounds``, round-robin, a bare pass between slices.

    ``drive(level, seconds)`` returns a slice (``records``, ``wall_s``, ``window_s``, ``worker_cpu_s``,
    ``client_cpu_s``, ``machine_busy_s``); ``bare_pass()`` returns ``words_per_s`` and
    ``words_per_cpu_s`` (and may add ``single_s``, single-article times). Each slice gets the mean of its neighbouring passes as ``reference``.
    """
    passes = [bare_pass()]
    slices: dict[str, list[dict[str, Any]]] = {level.name: [] for level in levels}
    for round_no in range(rounds):
        for level in levels:
            run = drive(level, level.seconds / rounds)
            passes.append(bare_pass())
            before, after = passes[-2], passes[-1]
            run["reference"] = {key: (before[key] + after[key]) / 2 for key in ("words_per_s", "words_per_cpu_s")}
            slices[level.name].append(run)
            ok = sum(1 for r in run["records"] if r["status"] == 200)
            progress(
                f"  round {round_no + 1}/{rounds} {level.name}: {ok} requests in {run['wall_s']:.1f} s; "
                f"bare pass {after['words_per_s']:.0f} words/s"
            )
    return slices, passes


def combine(slices: Sequence[dict[str, Any]], busy_workers: int, concurrency: int) -> dict[str, Any]:
    """One level's figures from its slices: load summary, CPU split and ratios to the interleaved bare passes.

    Throughput: with no more requests in flight than workers, nothing queues, so each
    request's time is service time and the work inside each slice's window is what
    ``in_window`` credits. With more, queued requests would be credited for time they
    spent waiting, so the slice's whole wall time (the drain after the window included,
    during which the workers stay busy but for the last request) is used instead.
    Latency covers every request. ``ratio_to_bare``: service words over the words
    ``busy_workers`` bare processes would have parsed in the same time.
    ``cpu_ratio_to_bare``: all words per worker CPU-second, against bare words per CPU-second.
    """
    records = [record for s in slices for record in s["records"]]
    wall = sum(s["wall_s"] for s in slices)
    summary = summarize(records, wall)
    # Every request has ended by the end of a slice's wall time, so in_window over it counts them all.
    spans = [s["window_s"] if concurrency <= busy_workers else s["wall_s"] for s in slices]
    done = [in_window(s["records"], span) for s, span in zip(slices, spans, strict=True)]
    span = sum(spans)
    summary["measured_s"] = round(span, 2)
    summary["requests_per_s"] = round(sum(r for r, _ in done) / span, 2) if span else None
    summary["words_per_s"] = round(sum(w for _, w in done) / span, 1) if span else None
    workers_cpu = sum(s["worker_cpu_s"] for s in slices)
    client_cpu = sum(s["client_cpu_s"] for s in slices)
    machine = sum(s["machine_busy_s"] for s in slices)
    bare = [t * busy_workers * s["reference"]["words_per_s"] for t, s in zip(spans, slices, strict=True)]
    bare_cpu_words = sum(s["worker_cpu_s"] * s["reference"]["words_per_cpu_s"] for s in slices)
    summary.update(
        {
            "slices": len(slices),
            "worker_cpu_s": round(workers_cpu, 2),
            "words_per_worker_cpu_s": round(summary["words"] / workers_cpu, 1) if workers_cpu else None,
            "cpus_used": {
                "workers": round(workers_cpu / wall, 2) if wall else None,
                "load_generator": round(client_cpu / wall, 2) if wall else None,
                "everything_else": round(max(machine - workers_cpu - client_cpu, 0) / wall, 2) if wall else None,
            },
            "bare_reference_words_per_s": round(sum(bare) / (span * busy_workers), 1) if span else None,
            "ratio_to_bare": round(sum(w for _, w in done) / sum(bare), 3) if sum(bare) else None,
            "cpu_ratio_to_bare": round(summary["words"] / bare_cpu_words, 3) if bare_cpu_words else None,
            "slice_ratios": [round(w / b, 3) for (_, w), b in zip(done, bare, strict=True) if b],
        }
    )
    return summary


def pass_spread(passes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """How much the bare passes moved over the run (what a single, earlier baseline would
    have missed), and the bare single-article times they took."""
    rates = [p["words_per_s"] for p in passes]
    singles = [t * 1000 for p in passes for t in p.get("single_s", ())]
    return {
        "passes": len(rates),
        "words_per_s": {
            "min": round(min(rates), 1),
            "median": round(statistics.median(rates), 1),
            "max": round(max(rates), 1),
        },
        "all": [round(r, 1) for r in rates],
        "single_ms": {
            "samples": len(singles),
            "median": round(statistics.median(singles), 1) if singles else None,
            "min": round(min(singles), 1) if singles else None,
            "max": round(max(singles), 1) if singles else None,
        },
    }
