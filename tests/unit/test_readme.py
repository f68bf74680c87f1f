"""README.md tells the truth: its example and its accuracy figures are what the commands produce now.

When a test here fails, regenerate rather than edit by hand:
``.venv/bin/python -m bench.readme_example --write`` (the "Try it" example) or
``make eval`` (the accuracy table, from bench/results/accuracy.json).
"""

from __future__ import annotations

import json
import re

import pytest

from bench.accuracy import README_BLOCK, RESULTS_JSON, render_readme_table
from bench.readme import read_block
from bench.readme_example import BLOCK, render_block, seed_body, seed_response, trimmed

DURATION = re.compile(r'"duration_ms": [0-9.]+')


def without_duration(text: str) -> str:
    """The README block with meta.duration_ms blanked: it differs on every call."""
    return DURATION.sub('"duration_ms": 0', text)


@pytest.fixture(scope="module")
def response(extractor):
    return seed_response(extractor)


def test_try_it_example_is_the_current_response_to_the_seed(response):
    assert without_duration(read_block(BLOCK)) == without_duration(render_block(response)), (
        "README's example is stale: run .venv/bin/python -m bench.readme_example --write"
    )


def test_try_it_example_is_valid_json_of_a_real_event(response):
    shown = json.loads(re.search(r"```json\n(.*?)```", read_block(BLOCK), re.DOTALL).group(1))
    expected = trimmed(response)
    shown["meta"].pop("duration_ms")
    expected["meta"].pop("duration_ms")
    assert shown == expected
    assert f"one of its {len(response['events'])} events" in read_block(BLOCK)


def test_every_span_of_the_example_response_points_into_the_text(response):
    # The README promises text[start:end] == span.text right below the example.
    text = seed_body()["text"]

    def spans(value):
        if isinstance(value, dict):
            if {"text", "start", "end"} <= value.keys() and value["start"] is not None:
                yield value
            for v in value.values():
                yield from spans(v)
        elif isinstance(value, list):
            for v in value:
                yield from spans(v)

    checked = list(spans(response["events"]))
    assert len(checked) > 50
    assert all(text[s["start"] : s["end"]] == s["text"] for s in checked)


def test_accuracy_table_is_the_last_make_eval_run():
    report = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    assert read_block(README_BLOCK) == render_readme_table(report), (
        "README's accuracy table differs from bench/results/accuracy.json: run make eval"
    )


def test_speed_table_is_the_last_make_bench_run():
    from bench.performance import RESULTS_JSON as PERFORMANCE_JSON
    from bench.readme import speed_block

    report = json.loads(PERFORMANCE_JSON.read_text(encoding="utf-8"))
    assert read_block("speed") == speed_block(report)
    assert all(floor["met"] for floor in report["floors"])
