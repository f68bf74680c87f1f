"""In-process throughput: bare spaCy ``nlp.pipe`` against full extraction on the same texts.

The baseline is ``spacy.load(model)`` with the components the extractor runs
(the extractor adds only ``line_sentences``); the extractor's own spaCy pipeline
is timed as well, so the overhead splits into "our extra component" and "our rules".
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.perf_corpus import Doc, words

BATCH_SIZE = 16  # Extractor.extract_many's default; the baseline uses the same


def load_bare(model: str, like: Any) -> Any:
    """``spacy.load(model)`` with exactly the spaCy components ``like`` (a Language) has enabled."""
    import spacy

    nlp = spacy.load(model)
    extra = [name for name in like.pipe_names if name not in nlp.pipe_names]
    unused = [name for name in nlp.pipe_names if name not in like.pipe_names]
    for name in unused:
        nlp.disable_pipe(name)
    return nlp, extra


def replaced_components(bare: Any, ours: Any) -> dict[str, str]:
    """Components both pipelines have under one name but build from different factories:
    ``{"attribute_ruler": "attribute_ruler -> compiled_attribute_ruler"}``."""
    return {
        name: f"{bare.get_pipe_meta(name).factory} -> {ours.get_pipe_meta(name).factory}"
        for name in ours.pipe_names
        if name in bare.pipe_names and bare.get_pipe_meta(name).factory != ours.get_pipe_meta(name).factory
    }


def seconds(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def wall_and_cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process) that ``fn()`` takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _drain(iterator) -> None:
    for _ in iterator:
        pass


def measure_corpus(
    extractor: Any,
    bare: Any,
    docs: list[Doc],
    rounds: int,
    rules_only: Any | None = None,
    detectors: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Wall and CPU seconds per round for bare ``nlp.pipe`` (on the texts, and on the texts
    with page furniture blanked, which is what the extractor parses), the extractor's
    ``nlp.pipe`` and ``extract_many``; with ``rules_only`` (an extractor without the
    trained scorer), its ``extract_many`` too, so each configuration has its cost; and
    so for each extractor in ``detectors`` (other ``TRIGGER_DETECTOR`` settings, by name).

    The runs interleave batch by batch (every run does one batch of ``BATCH_SIZE``
    documents, then the next run does the same batch, in an order that rotates), so a
    change in machine load hits all of them alike; ratios are taken per round, then the
    median. Ratios use CPU time, which other processes disturb less than wall time.
    """
    texts = [d.text for d in docs]
    masked = [extractor.furniture.mask(t)[0] for t in texts]
    items = [(d.text, d.anchor) for d in docs]
    total_words = sum(words(t) for t in texts)
    runs = {
        "bare_pipe": lambda lo, hi: _drain(bare.pipe(texts[lo:hi], batch_size=BATCH_SIZE)),
        "bare_pipe_masked": lambda lo, hi: _drain(bare.pipe(masked[lo:hi], batch_size=BATCH_SIZE)),
        "extractor_nlp_pipe": lambda lo, hi: _drain(extractor.nlp.pipe(masked[lo:hi], batch_size=BATCH_SIZE)),
        "extract_many": lambda lo, hi: _drain(extractor.extract_many(items[lo:hi], batch_size=BATCH_SIZE)),
    }
    if rules_only is not None:
        runs["extract_many_rules"] = lambda lo, hi: _drain(rules_only.extract_many(items[lo:hi], batch_size=BATCH_SIZE))
    for name, other in (detectors or {}).items():
        runs[f"extract_many_{name}"] = lambda lo, hi, other=other: _drain(
            other.extract_many(items[lo:hi], batch_size=BATCH_SIZE)
        )
    names = list(runs)
    # Warm-up: first calls allocate buffers and fill caches.
    for run in runs.values():
        run(0, 4)
    wall: list[dict[str, float]] = []
    cpu: list[dict[str, float]] = []
    for r in range(rounds):
        wall.append(dict.fromkeys(names, 0.0))
        cpu.append(dict.fromkeys(names, 0.0))
        for k, lo in enumerate(range(0, len(docs), BATCH_SIZE)):
            shift = (k + r) % len(names)
            for name in names[shift:] + names[:shift]:
                w, c = wall_and_cpu(lambda run=runs[name], lo=lo: run(lo, lo + BATCH_SIZE))
                wall[-1][name] += w
                cpu[-1][name] += c
        print(
            f"  round {r + 1}/{rounds} words per CPU-s: "
            + ", ".join(f"{name} {total_words / cpu[-1][name]:.0f}" for name in names),
            file=sys.stderr,
        )

    def median_ratio(num: str, den: str, table: list[dict[str, float]]) -> float:
        return round(statistics.median(t[num] / t[den] - 1 for t in table), 4)

    return {
        "docs": len(docs),
        "words": total_words,
        "rounds": rounds,
        "batch_size": BATCH_SIZE,
        "wall_seconds_per_round": [{k: round(v, 3) for k, v in t.items()} for t in wall],
        "cpu_seconds_per_round": [{k: round(v, 3) for k, v in t.items()} for t in cpu],
        "words_per_s": {name: round(total_words / statistics.median(t[name] for t in wall), 1) for name in runs},
        "words_per_cpu_s": {name: round(total_words / statistics.median(t[name] for t in cpu), 1) for name in runs},
        "overhead": median_ratio("extract_many", "bare_pipe", cpu),
        "overhead_per_round": [round(t["extract_many"] / t["bare_pipe"] - 1, 4) for t in cpu],
        "overhead_wall": median_ratio("extract_many", "bare_pipe", wall),
        "overhead_vs_masked": median_ratio("extract_many", "bare_pipe_masked", cpu),
        "spacy_part_overhead": median_ratio("extractor_nlp_pipe", "bare_pipe_masked", cpu),
        **(
            {
                "overhead_rules_only": median_ratio("extract_many_rules", "bare_pipe", cpu),
                "scorer_cost": median_ratio("extract_many", "extract_many_rules", cpu),
            }
            if rules_only is not None
            else {}
        ),
        "detector_overhead": {
            name: median_ratio(f"extract_many_{name}", "bare_pipe", cpu) for name in (detectors or {})
        },
    }


def bare_pass(bare: Any, texts: list[str], singles: list[str] = ()) -> dict[str, Any]:
    """One bare ``nlp.pipe`` pass over ``texts`` (words per wall second and per CPU-second of
    this process), then one ``nlp(text)`` call per text of ``singles``, each timed."""
    total_words = sum(words(t) for t in texts)
    wall, cpu = wall_and_cpu(lambda: _drain(bare.pipe(texts, batch_size=BATCH_SIZE)))
    single_s = [seconds(lambda t=text: bare(t)) for text in singles]
    return {"words_per_s": total_words / wall, "words_per_cpu_s": total_words / cpu, "single_s": single_s}


def measure_articles(extractor: Any, bare: Any, articles: list[Doc]) -> dict[str, Any]:
    """Per-article times (one ``nlp(text)`` / ``extract(text)`` call each) and bare ``nlp.pipe`` over them."""
    _drain(bare.pipe(a.text for a in articles[:2]))
    extractor.extract(articles[0].text, articles[0].anchor)
    bare_times, extract_times = [], []
    for article in articles:
        bare_times.append(seconds(lambda a=article: bare(a.text)))
        extract_times.append(seconds(lambda a=article: extractor.extract(a.text, a.anchor)))
    total_words = sum(words(a.text) for a in articles)
    cpu_started = time.process_time()
    pipe_s = seconds(lambda: _drain(bare.pipe([a.text for a in articles], batch_size=BATCH_SIZE)))
    pipe_cpu_s = time.process_time() - cpu_started
    return {
        "articles": len(articles),
        "mean_words": round(total_words / len(articles), 1),
        "bare_single_s": {"median": round(statistics.median(bare_times), 4), "max": round(max(bare_times), 4)},
        "bare_single_words_per_s": round(total_words / sum(bare_times), 1),
        "bare_pipe_words_per_s": round(total_words / pipe_s, 1),
        # per CPU-second of this process: what the same work costs regardless of other load on the machine
        "bare_pipe_cpu_words_per_s": round(total_words / pipe_cpu_s, 1),
        "extract_single_s": {"median": round(statistics.median(extract_times), 4), "max": round(max(extract_times), 4)},
        "extract_single_words_per_s": round(total_words / sum(extract_times), 1),
    }
