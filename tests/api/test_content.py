"""POST /v1/events: what a warning, demand or accusation is about is that event's
``content``, never an event of its own (docs/ANNOTATION.md, "Do not annotate")."""

from __future__ import annotations

import pytest

from tests.support.api import assert_offsets, extract


@pytest.mark.parametrize(
    ("text", "carrier", "content_type", "content_trigger"),
    [
        ("The United States warned Russia against an incursion into Ukraine.", "warning", "attack", "incursion"),
        ("NATO demanded that Russia withdraw its troops from the border.", "demand", "withdrawal", "withdraw"),
        ("Kyiv accused Moscow of shelling the city of Kharkiv.", "accusation", "attack", "shelling"),
    ],
)
def test_the_content_of_a_speech_act_is_not_its_own_event(client, text, carrier, content_type, content_trigger):
    events = extract(client, text=text, published_at="2022-02-07")["events"]
    assert_offsets(text, events)

    assert [e["type"] for e in events] == [carrier]
    (content,) = events[0]["content"]
    assert (content["type"], content["trigger"]["text"]) == (content_type, content_trigger)
    assert text[content["trigger"]["start"] : content["trigger"]["end"]] == content_trigger
    assert content["modality"]["status"] != "asserted"


def test_an_act_reported_as_done_stays_an_event(client):
    text = "Russian forces shelled Kharkiv on Monday, Ukrainian officials said."
    events = extract(client, text=text, published_at="2022-02-07")["events"]

    attacks = [e for e in events if e["type"] == "attack"]
    assert len(attacks) == 1 and attacks[0]["modality"]["status"] == "asserted"
    assert all(e["content"] == [] for e in events)
