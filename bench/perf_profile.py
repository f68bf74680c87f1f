"""Where extraction spends its time: py-spy samples of the seed corpus, summarised.

``python -m bench.perf_profile [--repeats N]`` runs py-spy on a child process that
extracts the seed articles N times (after loading the model) and prints the share
of samples inside spaCy's ``Language.pipe`` and inside each function of service/.
Only samples below :func:`profiled_extraction` count, so model loading is left out.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.perf_corpus import ROOT, load_seeds

ROOT_FRAME = "profiled_extraction"
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*?)(?::\d+)?\)$")


def parse_frame(frame: str) -> tuple[str, str]:
    """``"Extractor._events (service/extraction/pipeline.py:95)"`` -> (function, file)."""
    match = _FRAME.match(frame)
    return (match["func"], match["file"]) if match else (frame, "")


def inclusive_samples(raw: str, root: str = ROOT_FRAME) -> tuple[int, Counter]:
    """Samples below ``root`` and, per (function, file), the samples it was on the stack for.

    ``raw`` is py-spy's ``--format raw`` output: one ``frame;frame;... count`` line per stack.
    """
    total = 0
    counts: Counter = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [parse_frame(f) for f in stack.split(";")]
        names = [func for func, _ in frames]
        if root not in names:
            continue
        n = int(count)
        total += n
        for key in set(frames[names.index(root) + 1 :]):
            counts[key] += n
    return total, counts


def summarize_profile(raw: str, top: int = 15) -> dict[str, Any]:
    """Share of samples in spaCy's ``Language.pipe`` and in the busiest functions of service/."""
    total, counts = inclusive_samples(raw)
    if not total:
        return {"samples": 0, "rows": []}

    def share(n: int) -> float:
        return round(n / total, 4)

    spacy_pipe = sum(
        n for (func, file), n in counts.items() if func == "Language.pipe" and file.endswith("language.py")
    )
    ours = [((func, file), n) for (func, file), n in counts.items() if file.startswith("service/")]
    ours.sort(key=lambda item: -item[1])
    rows = [{"function": "Language.pipe", "file": "spacy/language.py (all of spaCy)", "share": share(spacy_pipe)}]
    rows += [{"function": func, "file": file, "share": share(n)} for (func, file), n in ours[:top]]
    return {"samples": total, "rows": rows}


def profiled_extraction(extractor: Any, items: list, repeats: int) -> None:
    """The profiled work: one ``extract`` call per article, like the service does per request."""
    for _ in range(repeats):
        for text, anchor in items:
            extractor.extract(text, anchor)


def child(repeats: int) -> None:
    from service.extraction import Extractor

    extractor = Extractor()
    items = [(d.text, d.anchor) for d in load_seeds()]
    profiled_extraction(extractor, items[:1], 1)  # warm-up, not counted apart from its samples
    profiled_extraction(extractor, items, repeats)


def py_spy() -> str | None:
    local = Path(sys.executable).with_name("py-spy")
    return str(local) if local.is_file() else shutil.which("py-spy")


def run_profile(repeats: int, rate: int = 200) -> dict[str, Any]:
    """py-spy over :func:`child`; ``{"skipped": why}`` when py-spy is missing or may not attach."""
    tool = py_spy()
    if tool is None:
        return {"skipped": "py-spy is not installed (pip install -r requirements-dev.txt)"}
    with tempfile.TemporaryDirectory(prefix="perf-profile-") as tmp:
        out = Path(tmp) / "profile.txt"
        command = [tool, "record", "-r", str(rate), "-f", "raw", "-o", str(out), "--"]
        command += [sys.executable, "-m", "bench.perf_profile", "--child", "--repeats", str(repeats)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.is_file():
            return {"skipped": f"py-spy failed ({done.returncode}): {done.stderr.strip()[-300:]}"}
        summary = summarize_profile(out.read_text())
    summary.update(
        {"tool": "py-spy", "rate_hz": rate, "repeats": repeats, "corpus": "seeds/ (one extract() per article)"}
    )
    return summary


def print_profile(summary: dict[str, Any]) -> None:
    if "skipped" in summary:
        print(f"profile skipped: {summary['skipped']}")
        return
    print(f"profile: {summary['samples']} samples ({summary['tool']}, {summary['rate_hz']} Hz)")
    for row in summary["rows"]:
        print(f"  {row['share']:6.1%}  {row['function']}  ({row['file']})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.perf_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="times to extract the seed corpus (default 3)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.repeats)
        return 0
    print_profile(run_profile(args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
