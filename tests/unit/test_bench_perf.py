"""Pure helpers of bench.performance: percentiles, /proc parsing, profile folding, texts, floors.

No server, no spaCy model and no timing: these check the arithmetic the
benchmark's figures rest on.
"""

from __future__ import annotations

import pytest

from bench import perf_corpus
from bench.perf_http import batch_bodies
from bench.perf_interleave import Level, combine, pass_spread, run_interleaved
from bench.perf_load import in_window, percentile, summarize
from bench.perf_memory import parse_busy_seconds, parse_cpu_seconds, parse_smaps_rollup
from bench.perf_memory import summarize as memory_summary
from bench.perf_profile import inclusive_samples, parse_frame, summarize_profile
from bench.performance import FLOORS, Floor, floor_results, lookup

SMAPS_ROLLUP = """\
55d0c0a4e000-7ffd8b7f5000 ---p 00000000 00:00 0                          [rollup]
Rss:              204800 kB
Pss:              102400 kB
Pss_Anon:          51200 kB
Pss_File:          51200 kB
Pss_Shmem:             0 kB
Shared_Clean:     100000 kB
Shared_Dirty:      30000 kB
Private_Clean:     10240 kB
Private_Dirty:     20480 kB
Referenced:       204800 kB
Anonymous:         70000 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
"""


def test_percentile_interpolates_between_ranks():
    values = [10, 20, 30, 40, 50]
    assert percentile(values, 50) == 30
    assert percentile(values, 0) == 10
    assert percentile(values, 100) == 50
    assert percentile(values, 25) == 20
    assert percentile(values, 90) == pytest.approx(46)  # rank 3.6: 40 + 0.6 * 10


def test_percentile_of_unsorted_and_single_and_empty():
    assert percentile([3, 1, 2], 50) == 2
    assert percentile([7.5], 99) == 7.5
    assert percentile([], 50) is None


def test_summarize_counts_only_successes_in_throughput_and_latency():
    records = [
        {"latency_s": 0.1, "status": 200, "words": 1000},
        {"latency_s": 0.3, "status": 200, "words": 1000},
        {"latency_s": 9.0, "status": 503, "words": 1000},
        {"latency_s": 0.0, "status": 0, "words": 1000},
    ]
    s = summarize(records, wall_s=2.0)
    assert s["requests"] == 4
    assert s["errors"] == 2
    assert s["error_statuses"] == [0, 503]
    assert s["requests_per_s"] == 1.0
    assert s["words"] == 2000
    assert s["words_per_s"] == 1000.0
    assert s["latency_ms"]["p50"] == 200.0
    assert s["latency_ms"]["max"] == 300.0


def test_smaps_rollup_fields_and_summary_in_mb():
    fields = parse_smaps_rollup(SMAPS_ROLLUP)
    assert fields["Rss"] == 204800
    assert fields["Pss"] == 102400
    assert "55d0c0a4e000-7ffd8b7f5000 ---p 00000000 00" not in fields  # the header line is no field
    assert memory_summary(fields) == {"rss_mb": 200.0, "pss_mb": 100.0, "uss_mb": 30.0}


def test_cpu_seconds_from_stat_with_spaces_and_parentheses_in_the_name():
    stat = "4242 (gunicorn: worker (a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 0 0"
    assert parse_cpu_seconds(stat, ticks_per_s=100) == 3.0


def test_busy_seconds_leave_out_idle_iowait_and_steal():
    stat = "cpu  1000 50 300 9000 200 10 40 500 0 0\ncpu0 500 25 150 4500 100 5 20 250 0 0\nintr 1 2 3\n"
    assert parse_busy_seconds(stat, ticks_per_s=100) == 14.0  # (1000 + 50 + 300 + 10 + 40) / 100


RAW_PROFILE = """\
<module> (run.py:1);Extractor.__init__ (service/extraction/pipeline.py:60) 40
<module> (run.py:1);profiled_extraction (bench/perf_profile.py:80);Extractor.extract (service/extraction/pipeline.py:78);Language.pipe (spacy/language.py:1536) 60
<module> (run.py:1);profiled_extraction (bench/perf_profile.py:80);Extractor.extract (service/extraction/pipeline.py:78);Extractor._events (service/extraction/pipeline.py:95);TriggerFinder.find (service/extraction/triggers.py:49) 30
<module> (run.py:1);profiled_extraction (bench/perf_profile.py:80);Extractor.extract (service/extraction/pipeline.py:78);Extractor._events (service/extraction/pipeline.py:95) 10
"""


def test_parse_frame():
    assert parse_frame("Extractor._events (service/extraction/pipeline.py:95)") == (
        "Extractor._events",
        "service/extraction/pipeline.py",
    )
    assert parse_frame("<module> (<frozen importlib._bootstrap>:1176)") == ("<module>", "<frozen importlib._bootstrap>")


def test_profile_counts_only_samples_below_the_root_and_each_frame_once():
    total, counts = inclusive_samples(RAW_PROFILE)
    assert total == 100  # model loading (40) is left out
    assert counts[("Extractor._events", "service/extraction/pipeline.py")] == 40
    assert counts[("Extractor.extract", "service/extraction/pipeline.py")] == 100
    summary = summarize_profile(RAW_PROFILE)
    shares = {row["function"]: row["share"] for row in summary["rows"]}
    assert shares["Language.pipe"] == 0.6
    assert shares["TriggerFinder.find"] == 0.3
    assert "Extractor.__init__" not in shares


def test_cut_at_words_stops_at_the_next_sentence_end():
    text = "One two three. Four five six seven. Eight nine."
    assert perf_corpus.cut_at_words(text, 2) == "One two three."
    assert perf_corpus.cut_at_words(text, 5) == "One two three. Four five six seven."
    assert perf_corpus.cut_at_words(text, 50) == text


def test_articles_have_about_the_target_length():
    pool = [" ".join(f"w{i}" for i in range(30)) + "." for _ in range(20)]
    docs = perf_corpus.articles(3, target_words=100, pool=pool)
    assert len(docs) == 3
    assert all(100 <= perf_corpus.words(d.text) <= 130 for d in docs)
    assert all(d.published_at == perf_corpus.ARTICLE_DATE for d in docs)


def test_unique_texts_all_differ_and_carry_new_names():
    pool = ["Officials met in Geneva on Monday to discuss the crisis in the region."] * 3
    docs = list(perf_corpus.unique_texts(500, pool))
    assert len({d.text for d in docs}) == 500
    names = {perf_corpus.made_up_name(n) for n in range(5000)}
    assert len(names) == 5000


def test_batch_bodies_rotate_through_the_articles():
    docs = [perf_corpus.Doc(f"text {i}", "2022-02-07") for i in range(3)]
    bodies = batch_bodies(docs, 2)
    assert len(bodies) == 3
    body, n_words = bodies[2]
    assert [d["text"] for d in body["documents"]] == ["text 2", "text 0"]
    assert n_words == 4


def test_floors_read_dotted_paths_and_compare_both_ways():
    assert Floor("x", "a.b", 0.8).met(0.8) is True
    assert Floor("x", "a.b", 0.15, "<=").met(0.2) is False
    assert Floor("x", "a.b", 0.15, "<=").met(None) is None
    report = {"inprocess": {"overhead": 0.1}, "http": {"service_ratio_c4plus": 0.5}}
    assert lookup(report, "inprocess.overhead") == 0.1
    assert lookup(report, "memory.rss_growth_mb_max") is None
    met = {f["figure"]: f["met"] for f in floor_results(report)}
    assert met["inprocess.overhead"] is True
    assert met["http.service_ratio_c4plus"] is False
    assert met["memory.rss_growth_mb_max"] is None
    assert len(met) == len(FLOORS)


def _slice(words: list[int], wall: float, reference: float, worker_cpu: float) -> dict:
    """Requests back to back on one timeline, each taking wall / len(words), all inside the window."""
    step = wall / len(words)
    return {
        "records": [{"t": i * step, "latency_s": step, "status": 200, "words": w} for i, w in enumerate(words)],
        "wall_s": wall,
        "window_s": wall,
        "worker_cpu_s": worker_cpu,
        "client_cpu_s": 0.1,
        "machine_busy_s": worker_cpu + 0.1,
        "reference": {"words_per_s": reference, "words_per_cpu_s": reference},
    }


def test_combine_compares_each_slice_with_the_bare_rate_of_its_own_window():
    # Slice 1: 8,000 words in 2 s while bare ran at 2,500 words/s (bare x 2 would do 10,000).
    # Slice 2: 8,000 words in 2 s while bare ran at 5,000 words/s (bare x 2 would do 20,000).
    slices = [_slice([4000, 4000], 2.0, 2500.0, 4.0), _slice([4000, 4000], 2.0, 5000.0, 4.0)]
    level = combine(slices, busy_workers=2, concurrency=2)
    assert level["words"] == 16000
    assert level["words_per_s"] == 4000.0
    assert level["ratio_to_bare"] == round(16000 / 30000, 3)
    assert level["slice_ratios"] == [0.8, 0.4]
    assert level["cpu_ratio_to_bare"] == round(16000 / (4.0 * 2500 + 4.0 * 5000), 3)
    assert level["bare_reference_words_per_s"] == 3750.0
    assert level["cpus_used"] == {"workers": 2.0, "load_generator": 0.05, "everything_else": 0.0}


def test_combine_counts_failed_requests_as_errors_not_words():
    broken = _slice([1000, 1000], 1.0, 1000.0, 2.0)
    broken["records"][1]["status"] = 500
    level = combine([broken], busy_workers=1, concurrency=1)
    assert level["errors"] == 1
    assert level["words"] == 1000
    assert level["ratio_to_bare"] == 1.0  # 1,000 words in 1 s, as bare at 1,000 words/s


def test_a_request_in_flight_at_the_window_end_counts_for_its_share_inside_it():
    records = [
        {"t": 0.0, "latency_s": 4.0, "status": 200, "words": 1000},  # inside
        {"t": 4.0, "latency_s": 4.0, "status": 200, "words": 1000},  # inside, ends on the edge
        {"t": 8.0, "latency_s": 4.0, "status": 200, "words": 1000},  # half inside
        {"t": 9.0, "latency_s": 1.0, "status": 503, "words": 1000},  # failed: no work
        {"t": 11.0, "latency_s": 1.0, "status": 200, "words": 1000},  # started after the window
    ]
    assert in_window(records, 10.0) == (2.5, 2500.0)
    # The tail no longer lowers the rate: 2,500 words in the 10 s window, not in the 12 s wall time.
    tail = {**_slice([1], 12.0, 250.0, 12.0), "records": records, "window_s": 10.0}
    level = combine([tail], busy_workers=1, concurrency=1)
    assert level["words_per_s"] == 250.0
    assert level["ratio_to_bare"] == 1.0
    # Queued requests (concurrency over workers) spent part of their time waiting: no
    # shares then, the finished words over the whole wall time, drain included.
    queued = combine([tail], busy_workers=1, concurrency=4)
    assert queued["words_per_s"] == round(4000 / 12.0, 1)  # the four that succeeded
    assert queued["ratio_to_bare"] == round(4000 / (12.0 * 250.0), 3)


def test_run_interleaved_puts_a_bare_pass_between_every_two_slices():
    timeline: list[str] = []
    rates = iter(range(1000, 2000, 100))

    def bare_pass() -> dict[str, float]:
        rate = float(next(rates))
        timeline.append(f"bare {rate:.0f}")
        return {"words_per_s": rate, "words_per_cpu_s": rate}

    def drive(level: Level, seconds: float) -> dict:
        timeline.append(f"{level.name} {seconds}")
        return _slice([100], seconds, 0.0, seconds)

    levels = [Level("a", "/x", None, 1, 10.0, 1), Level("b", "/x", None, 2, 20.0, 2)]
    slices, passes = run_interleaved(levels, 2, drive, bare_pass, progress=lambda _: None)
    assert timeline == [
        "bare 1000",
        "a 5.0",
        "bare 1100",
        "b 10.0",
        "bare 1200",
        "a 5.0",
        "bare 1300",
        "b 10.0",
        "bare 1400",
    ]
    assert len(passes) == 5
    assert [s["reference"]["words_per_s"] for s in slices["a"]] == [1050.0, 1250.0]
    assert [s["reference"]["words_per_s"] for s in slices["b"]] == [1150.0, 1350.0]


def test_pass_spread_reports_the_range_of_the_passes_and_the_single_article_median():
    passes = [
        {"words_per_s": 3000.0, "single_s": [0.2, 0.4]},
        {"words_per_s": 4500.0, "single_s": [0.3]},
        {"words_per_s": 4000.0},
    ]
    spread = pass_spread(passes)
    assert spread["words_per_s"] == {"min": 3000.0, "median": 4000.0, "max": 4500.0}
    assert spread["single_ms"] == {"samples": 3, "median": 300.0, "min": 200.0, "max": 400.0}
