"""POST /v1/events: a trigger word in a sense that reports no act gives no event."""

from __future__ import annotations

import pytest

from tests.support.api import extract


@pytest.mark.parametrize(
    "text",
    [
        "Countries must sharply increase their renewable ambitions to meet global warming limits.",
        "The plan does not meet the needs of the poorest households.",
    ],
)
def test_meeting_a_goal_is_no_meeting(client, text):
    assert [e["type"] for e in extract(client, text=text)["events"]] == []


def test_meeting_a_person_is_a_meeting(client):
    events = extract(client, text="Biden will meet Scholz in Washington on Monday.", published_at="2022-02-03")[
        "events"
    ]
    assert [e["type"] for e in events] == ["meeting"]


@pytest.mark.parametrize(
    "text",
    ["Both sides must respect the rules of war.", "War is a terrible thing, the bishop said."],
)
def test_war_with_no_one_at_war_is_no_attack(client, text):
    assert [e["type"] for e in extract(client, text=text)["events"]] == []


@pytest.mark.parametrize(
    "text",
    ["Russia's war against Ukraine entered its fourth year.", "The war in Ukraine entered its fourth year."],
)
def test_a_war_with_its_parties_named_is_an_attack(client, text):
    assert "attack" in [e["type"] for e in extract(client, text=text)["events"]]
