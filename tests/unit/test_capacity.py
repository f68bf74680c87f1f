"""The capacity model's arithmetic (bench/capacity.py), on a report with round figures."""

from __future__ import annotations

import math

from bench.capacity import (
    MIN_PODS,
    PEAK_TO_MEAN,
    TARGET_UTILISATION,
    Throughput,
    mean_article_words,
    plan,
    render_scaling,
    throughput,
)


def _report() -> dict:
    return {
        "command": "make bench",
        "date": "2026-12-07",
        "commit": "abc",
        "inprocess": {"overhead": -0.1, "overhead_rules_only": -0.15, "scorer_cost": 0.05},
        "http": {
            "single": [
                {"concurrency": 1, "words_per_s": 6000.0, "ratio_to_bare": 1.0, "latency_ms": {"p99": 200.0}},
                {"concurrency": 2, "words_per_s": 12000.0, "ratio_to_bare": 1.1, "latency_ms": {"p99": 250.0}},
            ]
        },
        "spark": {
            "levels": [
                {"cores": 1, "words_per_s_per_core": 5000.0, "documents": 96, "ratio_to_bare_x_cores": 0.9},
                {"cores": 2, "words_per_s_per_core": 4000.0, "documents": 96, "ratio_to_bare_x_cores": 0.7},
            ]
        },
    }


def test_rates_come_from_the_workers_level_and_the_widest_spark_run():
    rates = throughput(_report())
    assert rates == Throughput(
        service_words_per_core_s=6000.0, service_p99_ms=250.0, spark_words_per_core_s=4000.0, scorer_cost=0.05
    )


def test_a_million_articles_a_day():
    rates = throughput(_report())
    row = plan(1_000_000, 600, rates)
    peak = 600_000_000 / 86_400 * PEAK_TO_MEAN
    cores = peak / (6000 * TARGET_UTILISATION)
    assert row["peak_words_per_s"] == round(peak, 1)
    assert row["pods"] == max(MIN_PODS, math.ceil(cores / 2))
    assert row["pods_rules_only"] <= row["pods"]
    assert row["spark_core_hours"] == round(600_000_000 / 4000 / 3600, 2)  # 41.67
    assert row["spark_cores_for_backfill_window"] == 42


def test_small_volumes_still_get_two_pods():
    assert plan(10_000, 600, throughput(_report()))["pods"] == MIN_PODS


def test_the_document_states_its_source_and_each_volume():
    text = render_scaling(_report(), words_per_article=600)
    assert "make bench" in text and "| 1,000,000 |" in text and "| 10,000 |" in text
    assert "250 ms" in text


def test_a_report_without_spark_figures_gets_no_table():
    report = _report()
    del report["spark"]
    assert throughput(report) is None
    assert "no capacity table" in render_scaling(report, words_per_article=600)


def test_news_articles_weigh_hundreds_of_words():
    assert 300 < mean_article_words() < 2000
