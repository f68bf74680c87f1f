"""Generated blocks of README.md, between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.

The figures and examples in those blocks are written by commands
(``python -m bench.readme_example --write``, ``make eval``) and checked by
tests/unit/test_readme.py, so the README cannot drift from what the service does.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {re.escape(name)}:start -->\n)(.*?)(<!-- {re.escape(name)}:end -->)", re.DOTALL)


def read_block(name: str, text: str | None = None) -> str:
    """The text between the markers of block ``name`` (ValueError when they are missing)."""
    text = README.read_text(encoding="utf-8") if text is None else text
    found = _pattern(name).search(text)
    if found is None:
        raise ValueError(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> block")
    return found.group(2)


def replace_block(name: str, block: str, text: str) -> str:
    """``text`` with block ``name`` replaced by ``block`` (which should end with a newline)."""
    read_block(name, text)
    return _pattern(name).sub(lambda m: m.group(1) + block + m.group(3), text, count=1)


def write_block(name: str, block: str) -> bool:
    """Rewrite block ``name`` of README.md in place, re-reading the file first; True when it changed."""
    text = README.read_text(encoding="utf-8")
    updated = replace_block(name, block, text)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
    return updated != text


def speed_block(report: dict) -> str:
    """README's speed table from a ``make bench`` report (bench/results/performance.json)."""
    floors = {f["figure"]: f for f in report["floors"]}
    single = {level["concurrency"]: level for level in report["http"]["single"]}
    batch = {level["concurrency"]: level for level in report["http"]["batch"]}
    commit = report["commit"][:7] + (" with uncommitted changes" if report.get("dirty") else "")
    levels = [c for c in (2, 4, 8) if c in single]
    overhead = report["inprocess"]["overhead_vs_masked"]
    ratios = " / ".join(f"{single[c]['ratio_to_bare']:.3f}" for c in levels)
    rows = [
        f"| speed and memory (`make bench`, {report['date']}, commit `{commit}`) | last run | floor |",
        "|---|---|---|",
        f"| extraction time over bare `nlp.pipe` (raw texts / the same furniture-blanked texts) | "
        f"{floors['inprocess.overhead']['value']:+.1%} / {overhead:+.1%} | <= +15% |",
        f"| HTTP, {report['http']['workers']} gunicorn workers, ~1,000-word articles, concurrency "
        f"{' / '.join(map(str, levels))} | {ratios} of bare spaCy x {report['http']['workers']} | >= 0.80 at 4 and 8 |",
        f"| p99 latency at concurrency 2 | {floors['http.p99_c2_over_bare_single']['value']:.2f} x bare spaCy's "
        "time for one article | <= 2.0 |",
        f"| batch endpoint, {batch[2].get('documents_per_request', 16)} articles per request, concurrency 2 | "
        f"{floors['http.batch_ratio_to_bare']['value']:.3f} of bare spaCy x 2 | >= 0.95 |",
        f"| memory: a second worker / worker RSS over {report['sizes']['unique_requests']:,} unique requests | "
        f"+{floors['memory.second_worker_adds_pss_mb']['value']:.1f} MB PSS / "
        f"+{floors['memory.rss_growth_mb_max']['value']:.1f} MB | <= 120 MB / <= 20 MB |",
    ]
    return "\n".join(rows) + "\n"
