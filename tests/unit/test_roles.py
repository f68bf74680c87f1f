"""Roles resolved across clauses and sentences (service/extraction/arguments.py, actors.py)."""

from __future__ import annotations

from datetime import date


def test_they_refers_to_the_plural_subject_of_the_previous_sentence(extractor):
    text = (
        "Boris Johnson and Olaf Scholz spoke on Monday. "
        "They released a statement warning Russia that it would pay a severe price if it invades Ukraine."
    )
    events = extractor.extract(text).events

    warning = next(e for e in events if e.type == "warning")
    assert {a.canonical for a in warning.source} == {"Boris Johnson", "Olaf Scholz"}
    assert all(text[a.start : a.end] == "They" for a in warning.source)
    assert [a.country for a in warning.target] == ["RUS"]
    assert warning.modality.status == "conditional"


def test_a_visit_to_a_country_is_a_meeting_with_it(extractor):
    text = "French President Emmanuel Macron announced he will travel to Russia on February 7."
    events = extractor.extract(text, date(2022, 2, 5)).events

    visit = next(e for e in events if e.type == "meeting")
    assert visit.subtype == "visit"
    assert {a.country for a in visit.participants} == {"FRA", "RUS"}
    assert visit.modality.status == "planned"
    assert visit.time is not None and visit.time.value == "2022-02-07"


def test_not_ruling_out_sanctions_is_a_conditional_threat(extractor):
    text = "Liz Truss said the UK is not ruling out sanctions against Vladimir Putin if Russia invades Ukraine."
    events = extractor.extract(text).events

    assert not [e for e in events if e.type == "rejection"]
    threat = next(e for e in events if e.type == "warning")
    assert (threat.subtype, threat.modality.status, threat.modality.polarity) == ("threat", "conditional", "positive")
    assert [a.country for a in threat.source] == ["GBR"]
    assert [a.canonical for a in threat.target] == ["Vladimir Putin"]


def test_an_attack_announced_by_its_own_side_is_a_threat(extractor):
    events = extractor.extract("Putin said Russia will attack Kyiv.").events

    assert [(e.type, e.subtype) for e in events] == [("warning", "threat")]
    assert [a.canonical for a in events[0].source] == ["Vladimir Putin"]


def test_a_talk_between_diplomats_from_four_countries(extractor):
    text = "A talk held in Paris between diplomats from Russia, Ukraine, Germany and France has finished."
    meeting = next(e for e in extractor.extract(text).events if e.type == "meeting")

    assert {a.country for a in meeting.participants} == {"RUS", "UKR", "DEU", "FRA"}
