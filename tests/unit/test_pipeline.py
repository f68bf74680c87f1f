"""End-to-end extraction on short sentences (service/extraction/pipeline.py)."""

from __future__ import annotations

from datetime import date

import pytest

from service.extraction import Event


def extract(extractor, text: str, published_at: date | None = None) -> list[Event]:
    events = extractor.extract(text, published_at).events
    for event in events:
        for span in [
            event.trigger,
            *(m.trigger for m in event.mentions),
            *(m.sentence for m in event.mentions),
            *event.source,
            *event.target,
            *event.participants,
            *(x for x in (event.location, event.time, event.force) if x is not None),
        ]:
            assert text[span.start : span.end] == span.text
    return events


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [e for e in events if e.type == event_type]


def test_deployment_with_source_force_and_location(extractor):
    events = extract(extractor, "Russia has deployed 30,000 troops to Belarus.")

    assert [e.type for e in events] == ["deployment"]
    event = events[0]
    assert [a.country for a in event.source] == ["RUS"]
    assert event.force is not None and event.force.size == 30000 and event.force.text == "30,000 troops"
    assert event.location is not None and event.location.text == "Belarus" and event.location.country == "BLR"
    assert event.codes["plover"]["type"] == "MOBILIZE"
    assert event.modality.status == "asserted"


def test_phone_call_between_two_leaders(extractor):
    events = extract(extractor, "Biden spoke by phone with Zelensky on Monday.", date(2022, 2, 9))

    meetings = of_type(events, "meeting")
    assert len(meetings) == 1
    call = meetings[0]
    assert call.subtype == "phone_call"
    assert {a.canonical for a in call.participants} == {"Joe Biden", "Volodymyr Zelensky"}
    assert call.codes["cameo"]["code"] == "041"
    assert call.time is not None and call.time.value == "2022-02-07"


def test_conditional_threat_is_a_warning_and_not_an_attack(extractor):
    events = extract(extractor, "If Russia invades Ukraine, it will pay a heavy price, Biden warned.")

    assert not of_type(events, "attack")
    warnings = of_type(events, "warning")
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.modality.status == "conditional"
    assert [a.canonical for a in warning.source] == ["Joe Biden"]


def test_denial_is_a_rejection_and_not_an_attack(extractor):
    events = extract(extractor, "Moscow denies planning an invasion.")

    assert not of_type(events, "attack")
    rejections = of_type(events, "rejection")
    assert len(rejections) == 1
    assert rejections[0].subtype == "denial"
    assert [a.country for a in rejections[0].source] == ["RUS"]


def test_planned_meeting_on_a_later_date_is_planned(extractor):
    events = extract(extractor, "Scholz will meet Biden in Washington on February 7.", date(2022, 2, 5))

    meeting = of_type(events, "meeting")[0]
    assert meeting.modality.status == "planned"
    assert meeting.time.value == "2022-02-07"
    assert meeting.location.country == "USA"


def test_event_ids_are_numbered_in_order(extractor):
    events = extract(extractor, "Biden met Scholz. Russia has deployed 30,000 troops to Belarus.")

    assert [e.id for e in events] == ["e1", "e2"]
    assert events[0].trigger.start < events[1].trigger.start


def test_sentence_count_skips_blank_lines(extractor):
    result = extractor.extract("Biden met Scholz.\n\n\nRussia has deployed troops.\n")

    assert result.sentence_count == 2


def test_extract_many_keeps_order_and_anchors(extractor):
    text = "Biden spoke by phone with Zelensky on Monday."
    results = list(extractor.extract_many([(text, date(2022, 2, 9)), ("Nothing happened.", None), (text, None)]))

    assert [len(r.events) for r in results] == [1, 0, 1]
    assert results[0].events[0].time.value == "2022-02-07"
    assert results[2].events[0].time.value is None


@pytest.mark.parametrize(
    "text",
    [
        "Russia agreed to talks with Ukraine.",
        "Putin proposed talks with Zelenskyy.",
        "Trump invited Putin to a summit in Alaska.",
        "Iran accepted an invitation to talks in Oman.",
    ],
)
def test_talks_proposed_offered_or_accepted_are_planned(extractor, text):
    (meeting,) = [e for e in extractor.extract(text).events if e.type == "meeting"]
    assert meeting.modality.status == "planned"


@pytest.mark.parametrize(
    "text", ["Putin and Trump held talks in Alaska.", "Russia welcomed the talks in Riyadh on Tuesday."]
)
def test_talks_held_or_welcomed_are_not_made_planned(extractor, text):
    (meeting,) = [e for e in extractor.extract(text, date(2025, 2, 20)).events if e.type == "meeting"]
    assert meeting.modality.status == "asserted"
