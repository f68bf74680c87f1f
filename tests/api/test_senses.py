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


def test_the_purpose_of_something_not_done_is_no_event(client):
    text = "Sullivan said Biden “is not sending forces to start a war or fight a war with Russia in Ukraine”."
    events = extract(client, text=text, published_at="2022-02-07")["events"]
    assert [(e["type"], e["modality"]["polarity"]) for e in events] == [("deployment", "negative")]


def test_the_purpose_of_something_done_stays_a_feared_act(client):
    events = extract(client, text="Russia is sending forces to fight a war in Ukraine.", published_at="2022-02-07")
    attacks = [e for e in events["events"] if e["type"] == "attack"]
    assert [a["modality"]["status"] for a in attacks] == ["hypothetical"]


def test_parties_set_to_talk_is_a_planned_meeting(client):
    text = "Diplomacy goes into overdrive on February 7 with the French and Russian presidents to talk in Moscow."
    (meeting,) = extract(client, text=text, published_at="2022-02-07")["events"]
    assert (meeting["type"], meeting["modality"]["status"]) == ("meeting", "planned")


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Prosecutors filed charges against the opposition leader on Monday.", "accusation"),
        ("Lawmakers criticized the government for its handling of the crisis.", "accusation"),
        ("Washington imposed new tariffs on Canadian steel.", "sanction"),
        ("The United States designated the Baloch Liberation Army a terrorist group.", "sanction"),
    ],
)
def test_codebook_acts_reported_in_other_words(client, text, type_):
    assert type_ in [e["type"] for e in extract(client, text=text, published_at="2025-03-14")["events"]]


def test_criticism_without_blame_is_no_accusation(client):
    text = "Lawmakers criticized the decision."
    assert "accusation" not in [e["type"] for e in extract(client, text=text)["events"]]
