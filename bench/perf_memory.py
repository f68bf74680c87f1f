"""Process figures from /proc: PSS, USS and RSS of the gunicorn master and workers, and CPU time (Linux only).

PSS (proportional set size) charges each shared page to the processes sharing it
in equal parts, so the PSS of master and workers adds up to what the service
really occupies; USS (private pages) is what a process would give back if it exited.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.support.server import children_of

PROC = Path("/proc")
KB_PER_MB = 1024


def parse_smaps_rollup(text: str) -> dict[str, int]:
    """The kB fields of a /proc/PID/smaps_rollup text: ``{"Rss": 123, "Pss": 100, ...}``."""
    fields: dict[str, int] = {}
    for line in text.splitlines():
        name, sep, rest = line.partition(":")
        parts = rest.split()
        if sep and len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            fields[name.strip()] = int(parts[0])
    return fields


def memory_of(pid: int, proc: Path = PROC) -> dict[str, float]:
    """RSS, PSS and USS of ``pid`` in MB."""
    fields = parse_smaps_rollup((proc / str(pid) / "smaps_rollup").read_text())
    return summarize(fields)


def summarize(fields: dict[str, int]) -> dict[str, float]:
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {
        "rss_mb": round(fields.get("Rss", 0) / KB_PER_MB, 1),
        "pss_mb": round(fields.get("Pss", 0) / KB_PER_MB, 1),
        "uss_mb": round(uss / KB_PER_MB, 1),
    }


def service_memory(master: int) -> dict[str, Any]:
    """Memory of the master and each worker, and the totals."""
    master_mem = memory_of(master)
    workers = {str(pid): memory_of(pid) for pid in children_of(master)}
    return {
        "master": master_mem,
        "workers": workers,
        "total_pss_mb": round(master_mem["pss_mb"] + sum(w["pss_mb"] for w in workers.values()), 1),
    }


def parse_cpu_seconds(stat: str, ticks_per_s: int) -> float:
    """User + system CPU seconds from a /proc/PID/stat line (the name in parentheses may hold spaces)."""
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / ticks_per_s


def cpu_seconds(pids: list[int], proc: Path = PROC) -> float:
    """CPU seconds the processes have used so far, together."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(parse_cpu_seconds((proc / str(pid) / "stat").read_text(), ticks) for pid in pids)


def parse_busy_seconds(stat: str, ticks_per_s: int) -> float:
    """CPU seconds all CPUs spent busy (not idle, not waiting for I/O), from the ``cpu`` line of /proc/stat."""
    for line in stat.splitlines():
        if line.startswith("cpu "):
            ticks = [int(x) for x in line.split()[1:]]
            # user nice system idle iowait irq softirq [steal guest ...]: guest time is counted
            # in user time already, and steal is time the hypervisor gave to other machines
            busy = sum(ticks[:7]) - ticks[3] - ticks[4]
            return busy / ticks_per_s
    raise ValueError("no aggregate cpu line in /proc/stat")


def machine_busy_seconds(proc: Path = PROC) -> float:
    return parse_busy_seconds((proc / "stat").read_text(), os.sysconf("SC_CLK_TCK"))
