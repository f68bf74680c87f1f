"""Assertions shared by the API tests: problem+json bodies and span offsets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.support.contract import ContractClient

PROBLEM_BASE = "https://event-extraction.local/problems/"

# A short news paragraph with a planned meeting, a build-up and a deployment.
NEWS = (
    "Also on February 7, German Chancellor Olaf Scholz will meet with Biden in Washington.\n\n"
    "US officials have said the Kremlin has assembled 110,000 troops along the border with its "
    "pro-Western neighbour.\n\n"
    "Russia has deployed 30,000 troops to Belarus for joint exercises, the defence ministry said on Thursday."
)


def assert_problem(response, status: int, slug: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with ``status``, no internals, and the request id."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if slug is not None:
        assert body["type"] == PROBLEM_BASE + slug
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


def error_fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body.get("errors", [])}


def spans(text: str, events: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every span in the events (trigger, mentions, actors, location, time, force)."""
    for event in events:
        yield event["trigger"]
        for mention in event["mentions"]:
            yield mention["trigger"]
            yield mention["sentence"]
        for role in ("source", "target", "participants"):
            yield from event[role]
        for key in ("location", "time", "force"):
            if event[key] is not None:
                yield event[key]


def assert_offsets(text: str, events: list[dict[str, Any]]) -> int:
    """``text[start:end] == span.text`` for every span; returns how many were checked."""
    count = 0
    for span in spans(text, events):
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"], span
        count += 1
    return count


def extract(client: ContractClient, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/events", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()
