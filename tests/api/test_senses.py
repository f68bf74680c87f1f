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


@pytest.mark.parametrize(
    "text",
    [
        "Speaking to reporters, Putin said the ceasefire was holding.",
        "A defense official, who spoke to VOA on condition of anonymity, said the base was full.",
        "In a conversation with journalists posted on YouTube, Joseph said he represents the slum.",
        "He was talking about his own business.",
        "Wine says he has trouble even talking to voters.",
    ],
)
def test_talking_to_the_press_or_about_a_topic_is_no_meeting(client, text):
    assert "meeting" not in [e["type"] for e in extract(client, text=text)["events"]]


@pytest.mark.parametrize(
    "text",
    [
        "Blinken spoke with Lavrov on Friday.",
        "Putin and Xi discussed trade in Beijing.",
        "The two leaders talked for an hour.",
        "Macron discussed the war with Zelenskyy.",
    ],
)
def test_talking_with_a_counterpart_is_a_meeting(client, text):
    assert [e["type"] for e in extract(client, text=text)["events"]] == ["meeting"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("What began as a plea for reform was met with staggering brutality.", "meeting"),
        ("Turkey is hosting more than 3 million refugees.", "meeting"),
        ("Women are barred from visiting parks and gyms.", "meeting"),
        ("Trump ramped up his trade war with Canada on Tuesday.", "attack"),
        ("He said the tariffs targeting Canada and Mexico would stay.", "attack"),
        ("Italian authorities reported 144 coronavirus-related deaths Sunday.", "casualties"),
        ("Neither agency has responded to requests for comment.", "demand"),
        ("Developing countries have growing energy demands.", "demand"),
        ("Malawi's education authorities refused to comment.", "rejection"),
        ("The number of refugees in Dadaab declined to 230,000.", "rejection"),
        ("Mohamed signed the legislation late Tuesday.", "agreement"),
        ("He agreed with President Biden's recent remark.", "agreement"),
        ("The Taliban have been capturing new territory.", "arrest"),
        ("All eight remain in Thai custody.", "arrest"),
        ("Lawmakers urged the president to avoid decisions that threaten the country's stability.", "warning"),
    ],
)
def test_a_word_in_a_sense_that_reports_no_such_act(client, text, absent):
    assert absent not in [e["type"] for e in extract(client, text=text)["events"]]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Biden met Xi in Bali on Monday.", "meeting"),
        ("Macron visited Kyiv on Monday.", "meeting"),
        ("Russia targeted Kyiv with missiles overnight.", "attack"),
        ("The attack caused 12 deaths.", "casualties"),
        ("Russia demanded the withdrawal of NATO troops.", "demand"),
        ("Hamas declined the offer.", "rejection"),
        ("Russia and Ukraine signed a ceasefire deal.", "agreement"),
        ("Police captured the gunman.", "arrest"),
        ("Police took him into custody.", "arrest"),
        ("Iran threatened Israel with retaliation.", "warning"),
    ],
)
def test_the_same_words_in_their_event_sense_still_report_the_act(client, text, kind):
    assert kind in [e["type"] for e in extract(client, text=text)["events"]]


@pytest.mark.parametrize(
    "text",
    [
        "Talks are a good thing in general, he said.",
        "Negotiations generally take months.",
        "The group frequently conducts bombings and gun assaults in Somalia.",
        "Black men are arrested at much higher rates than white men.",
        "War is terrible.",
    ],
)
def test_generic_and_habitual_references_are_no_events(client, text):
    assert extract(client, text=text)["events"] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The talks are over.", "meeting"),
        ("Russia's war is terrible.", "attack"),
        ("Police arrested five men on Monday.", "arrest"),
    ],
)
def test_a_specific_act_described_in_the_present_is_still_an_event(client, text, kind):
    assert kind in [e["type"] for e in extract(client, text=text)["events"]]
