"""Worst-case request time: the largest allowed text of several adversarial kinds.

gunicorn replaces a worker whose request runs past ``GUNICORN_TIMEOUT`` (120 s
by default), so the slowest text the API accepts (``MAX_TEXT_CHARS``, 200,000
characters) must finish well within it. Each kind below is built to stress a
different part of the pipeline; each is posted to the real app (JSON parsing,
validation, extraction, serialisation) at half and at full size, so the
growth exponent shows whether time grows linearly with the text.

Printed and written to bench/results/worst_case.json per kind: seconds at full
size, the ratio to bare spaCy on the same text (the baseline, measured in the
same run), the ratio to the gunicorn timeout, and the growth exponent
(log2 of full-size time over half-size time; 1.0 is linear).

    .venv/bin/python -m bench.worst_case            # every kind
    .venv/bin/python -m bench.worst_case --kinds one_long_sentence,distinct_events
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "worst_case.json"
SEEDS = ROOT / "seeds"

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_COUNTRIES = [
    "Russia",
    "Ukraine",
    "Belarus",
    "Poland",
    "Germany",
    "France",
    "the United States",
    "China",
    "Turkey",
    "Moldova",
]
_CITIES = ["Kyiv", "Moscow", "Minsk", "Warsaw", "Berlin", "Paris", "Washington", "Beijing", "Ankara", "Chisinau"]
_PEOPLE = [
    "Joe Biden",
    "Vladimir Putin",
    "Olaf Scholz",
    "Emmanuel Macron",
    "Volodymyr Zelensky",
    "Alexander Lukashenko",
    "Antony Blinken",
    "Sergei Lavrov",
]


def _fill(unit: Callable[[int], str], chars: int, sep: str = " ") -> str:
    """Concatenate ``unit(i)`` for i = 0, 1, ... and cut the result to exactly ``chars``."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < chars:
        piece = unit(i) + sep
        parts.append(piece)
        size += len(piece)
        i += 1
    return "".join(parts)[:chars]


def _article_body(text: str, tail_headers: frozenset[str]) -> str:
    """``text`` up to its "Most read"/"Related articles" tail, which the extractor blanks as page furniture."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.strip().rstrip(":").lower() in tail_headers:
            return "\n".join(lines[:n])
    return text


def news(chars: int) -> str:
    """The seed articles' bodies, one after another: a long but ordinary news text."""
    from service.extraction.lexicon import default_lexicon

    tail_headers = frozenset(h.lower() for h in default_lexicon().cues["furniture"]["tail_headers"])
    seeds = sorted(p for p in SEEDS.glob("*.json") if not p.name.endswith(".expected.json"))
    texts = [_article_body(json.loads(p.read_text(encoding="utf-8"))["text"], tail_headers) for p in seeds]
    return _fill(lambda i: texts[i % len(texts)], chars, sep="\n\n")


def entity_dense(chars: int) -> str:
    """Short sentences packed with people, places, numbers, dates and triggers."""

    def sentence(i: int) -> str:
        a, b = _COUNTRIES[i % 10], _COUNTRIES[(i + 3) % 10]
        return (
            f"On {_MONTHS[i % 12]} {i % 28 + 1}, {2000 + i % 25}, {_PEOPLE[i % 8]} said {a} had deployed {1000 + 37 * i:,} troops "
            f"and {10 + i % 90} tanks to {_CITIES[(i + 1) % 10]}, while {_PEOPLE[(i + 2) % 8]} met {_PEOPLE[(i + 5) % 8]} in "
            f"{_CITIES[(i + 4) % 10]} and warned {b} of sanctions."
        )

    return _fill(sentence, chars)


def distinct_events(chars: int) -> str:
    """Thousands of deployments that cannot merge (each has its own force size and date)."""
    return _fill(
        lambda i: f"Russia deployed {1000 + i} troops to Belarus on {_MONTHS[i % 12]} {i % 28 + 1}, {1990 + i % 30}.",
        chars,
    )


def same_event_repeated(chars: int) -> str:
    """One event sentence over and over: every mention merges into one event."""
    return _fill(lambda i: "Russia has deployed 30,000 troops to Belarus.", chars)


def one_long_sentence(chars: int) -> str:
    """Entity-dense clauses joined by commas and 'and', with no full stop or line break at all."""

    def clause(i: int) -> str:
        return (
            f"{_COUNTRIES[i % 10]} deployed {1000 + i} troops to {_CITIES[(i + 1) % 10]} on {_DAYS[i % 7]} "
            f"and {_PEOPLE[i % 8]} met {_PEOPLE[(i + 3) % 8]},"
        )

    return _fill(clause, chars)


def lowercase_no_punctuation(chars: int) -> str:
    """News words with no capitals and no punctuation: the parser sees no sentence boundary."""
    words = "russia deployed troops to belarus biden met scholz in washington on monday and warned moscow of sanctions".split()
    return _fill(lambda i: words[i % len(words)], chars)


def numbers_and_dates(chars: int) -> str:
    """Mostly numbers and date expressions, each one different, around a few triggers."""

    def piece(i: int) -> str:
        return f"{i * 7919 % 100000:,} troops {i % 28 + 1} {_MONTHS[i % 12]} {1950 + i % 70} deployed {i}.{i % 10} km {i % 24}:{i % 60:02d}"

    return _fill(piece, chars)


def one_word_per_line(chars: int) -> str:
    """Every word on its own line: tens of thousands of one-word sentences."""
    words = "Russia deployed troops Biden met Scholz Putin warned NATO".split()
    return _fill(lambda i: words[i % len(words)], chars, sep="\n")


def single_token(chars: int) -> str:
    """One 200,000-character token."""
    return "x" * chars


def repeated_trigger(chars: int) -> str:
    """The same trigger word repeated with nothing else."""
    return _fill(lambda i: "attack", chars)


def replies_and_scenes(chars: int) -> str:
    """Accusations, denials and placeless attacks over and over: the passes that look
    back across sentences for an accuser or an incident's place (discourse.py)."""
    return _fill(
        lambda i: (
            "Russia accused Ukraine of shelling. Kyiv denied the allegations. "
            "Militants attacked a base. Two soldiers were killed."
        ),
        chars,
    )


KINDS: dict[str, Callable[[int], str]] = {
    "news": news,
    "entity_dense": entity_dense,
    "distinct_events": distinct_events,
    "same_event_repeated": same_event_repeated,
    "one_long_sentence": one_long_sentence,
    "lowercase_no_punctuation": lowercase_no_punctuation,
    "numbers_and_dates": numbers_and_dates,
    "one_word_per_line": one_word_per_line,
    "single_token": single_token,
    "repeated_trigger": repeated_trigger,
    "replies_and_scenes": replies_and_scenes,
}


def time_request(client, text: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.post("/v1/events", json={"text": text, "published_at": "2022-02-07"})
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"status {response.status_code}: {response.get_data(as_text=True)[:500]}")
    return seconds, response.get_json()


def time_bare_spacy(nlp, text: str) -> float:
    started = time.perf_counter()
    with nlp.memory_zone():
        nlp(text)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds (default: all)")
    parser.add_argument(
        "--chars",
        type=int,
        default=int(os.environ.get("MAX_TEXT_CHARS", "200000")),
        help="full size (default: MAX_TEXT_CHARS or 200000)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {sorted(unknown)}; choose from {sorted(KINDS)}")

    from service.app import create_app
    from service.extraction import Extractor
    from service.settings import Settings

    gunicorn_timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
    extractor = Extractor()
    app = create_app(Settings(max_text_chars=args.chars, log_level="WARNING"), extractor=extractor)
    client = app.test_client()
    time_request(client, news(2000))  # warm up: first-call costs are not the text's

    print(f"{args.chars:,} characters per text; gunicorn timeout {gunicorn_timeout} s")
    print(
        f"{'kind':<26}{'events':>7}{'half s':>8}{'full s':>8}{'growth':>8}{'spaCy s':>9}{'x spaCy':>9}{'x timeout':>11}"
    )
    rows = []
    for kind in kinds:
        full_text = KINDS[kind](args.chars)
        half_text = KINDS[kind](args.chars // 2)
        assert len(full_text) == args.chars, (kind, len(full_text))
        half_s, _ = time_request(client, half_text)
        full_s, body = time_request(client, full_text)
        spacy_s = time_bare_spacy(extractor.nlp, full_text)
        growth = math.log2(full_s / half_s) if half_s > 0 else float("nan")
        row = {
            "kind": kind,
            "description": (KINDS[kind].__doc__ or "").strip(),
            "chars": args.chars,
            "events": len(body["events"]),
            "sentences": body["document"]["sentence_count"],
            "half_size_seconds": round(half_s, 3),
            "seconds": round(full_s, 3),
            "growth_exponent": round(growth, 2),
            "bare_spacy_seconds": round(spacy_s, 3),
            "ratio_to_bare_spacy": round(full_s / spacy_s, 2) if spacy_s else None,
            "ratio_to_gunicorn_timeout": round(full_s / gunicorn_timeout, 3),
        }
        rows.append(row)
        print(
            f"{kind:<26}{row['events']:>7}{half_s:>8.2f}{full_s:>8.2f}{growth:>8.2f}{spacy_s:>9.2f}"
            f"{row['ratio_to_bare_spacy']:>9.2f}{row['ratio_to_gunicorn_timeout']:>11.3f}",
            flush=True,
        )
    worst = max(rows, key=lambda r: r["seconds"])
    print(
        f"worst: {worst['kind']} {worst['seconds']:.2f} s = {worst['ratio_to_gunicorn_timeout']:.3f} of the {gunicorn_timeout} s timeout"
    )

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 2),
        },
        "model": extractor.model_info,
        "gunicorn_timeout_seconds": gunicorn_timeout,
        "worst": {
            "kind": worst["kind"],
            "seconds": worst["seconds"],
            "ratio_to_gunicorn_timeout": worst["ratio_to_gunicorn_timeout"],
        },
        "kinds": rows,
    }
    if set(kinds) == set(KINDS):
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
