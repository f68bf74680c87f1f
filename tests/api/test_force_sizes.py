"""POST /v1/events: the force of a deployment carries the size its count states (numbers.py)."""

from __future__ import annotations

import pytest

from tests.support.api import assert_offsets, extract


def deployment_forces(client, text: str) -> list[dict]:
    events = extract(client, text=text)["events"]
    assert_offsets(text, events)
    return [e["force"] for e in events if e["type"] == "deployment" and e["force"]]


@pytest.mark.parametrize(
    ("text", "size", "evidence"),
    [
        ("Russia has deployed sixty tanks to the border.", 60, "sixty tanks"),
        ("China sent eighteen warships near Taiwan.", 18, "eighteen warships"),
        ("Russia has deployed seventy-five tanks to the border.", 75, "seventy-five tanks"),
        ("Russia has deployed one hundred and twenty tanks to the border.", 120, "one hundred and twenty tanks"),
        ("Russia has deployed 1.5 million troops to the border.", 1500000, "1.5 million troops"),
        ("Russia has deployed nearly 10 000 troops to the border.", 10000, "nearly 10 000 troops"),
        ("Russia has deployed more than 100,000 troops to the border.", 100000, "more than 100,000 troops"),
    ],
)
def test_deployment_force_has_the_stated_size(client, text, size, evidence):
    assert {(f["size"], f["text"]) for f in deployment_forces(client, text)} == {(size, evidence)}


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Russia has deployed tens of thousands of troops to the border.", "tens of thousands of troops"),
        ("Russia has deployed several hundred troops to the border.", "several hundred troops"),
    ],
)
def test_deployment_force_of_vague_size_has_null_size(client, text, evidence):
    assert {(f["size"], f["text"]) for f in deployment_forces(client, text)} == {(None, evidence)}
