"""Merging mentions into acts (service/extraction/merge.py) on hand-built events."""

from __future__ import annotations

from datetime import date

import pytest

from service.extraction import merge
from service.extraction.events import Actor, Event, TimeExpression
from service.extraction.lexicon import default_lexicon
from tests.support.drafts import Draft, one_mention_event

TYPES = default_lexicon().types


def attack(start: int, *, source: list[Actor] | None = None, day: str | None = None) -> Event:
    time = TimeExpression(day, start, start + len(day), day, "day") if day else None
    return one_mention_event("attack", None, "attack", start, source=source or [], time=time)


RUSSIA = Actor("Russia", 0, 6, "GPE", "RUS", "Russia")


def merged(*events: Event) -> list[Event]:
    return merge.merge_events([Draft(e) for e in events], TYPES)


def test_an_actorless_mention_close_after_an_act_is_the_same_act():
    events = merged(attack(0, source=[RUSSIA]), attack(200))
    assert len(events) == 1 and len(events[0].mentions) == 2


def test_far_apart_they_stay_two_acts():
    assert len(merged(attack(0, source=[RUSSIA]), attack(merge.NEAR_CHARS + 500))) == 2


def test_a_conflicting_day_keeps_them_apart_however_close():
    assert len(merged(attack(0, day="2022-02-07"), attack(200, day="2022-02-09"))) == 2


SHABAB = Actor("al-Shabab", 300, 309, "ORG", "SOM", "al-Shabab")


def test_a_definite_mention_that_names_the_doer_joins_the_act_just_told():
    # "Gunmen stormed a hotel ... al-Shabab claimed responsibility for the attack."
    events = merge.merge_events([Draft(attack(0)), Draft(attack(320, source=[SHABAB]), anaphoric=True)], TYPES)
    assert len(events) == 1 and [a.text for a in events[0].source] == ["al-Shabab"]


def test_a_definite_mention_naming_another_doer_is_another_act():
    events = merge.merge_events(
        [Draft(attack(0, source=[RUSSIA])), Draft(attack(320, source=[SHABAB]), anaphoric=True)], TYPES
    )
    assert len(events) == 2


def test_an_act_reported_done_outranks_its_plan(extractor):
    text = (
        "Canada will impose tariffs on U.S. steel, Trudeau said on Monday. "
        "On Tuesday, Trudeau retaliated by announcing increased tariffs on U.S. exports."
    )
    sanctions = [e for e in extractor.extract(text).events if e.type == "sanction"]
    assert [(len(e.mentions), e.modality.status) for e in sanctions] in (
        [(2, "asserted")],
        [(1, "planned"), (1, "asserted")],
    )
    assert sanctions[-1].modality.status == "asserted"


def test_a_plan_mentioned_again_without_a_tense_stays_planned(extractor):
    text = "Biden will meet Xi in Bali next week. The meeting is expected to cover trade."
    (meeting,) = [e for e in extractor.extract(text).events if e.type == "meeting"]
    assert meeting.modality.status == "planned"


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("Israel and Hamas agreed to a ceasefire on Sunday.", "ceasefire"),
        ("Israel and Hamas agreed on a truce.", "truce"),
    ],
)
def test_agreeing_to_a_ceasefire_is_one_agreement_of_that_kind(extractor, text, trigger):
    (agreement,) = [e for e in extractor.extract(text).events if e.type == "agreement"]
    assert agreement.subtype == "ceasefire"
    assert [m.trigger.text for m in agreement.mentions] == ["agreed", trigger]
    assert {a.canonical or a.text for a in agreement.participants} == {"Israel", "Hamas"}


def talks(start: int, participants: list[Actor]) -> Event:
    return one_mention_event("meeting", "talks", "talks", start, participants=participants)


RUBIO = Actor("Rubio", 0, 5, "PERSON", "USA", "Marco Rubio")
US = Actor("the United States", 0, 17, "GPE", "USA", "United States")
UKRAINIANS = Actor("Ukrainian officials", 0, 19, "NORP", "UKR", None)
SAUDIS = Actor("Saudi officials", 0, 15, "NORP", "SAU", None)


def test_a_person_at_talks_counts_as_the_state_they_speak_for():
    events = merged(talks(0, [US, UKRAINIANS]), talks(300, [RUBIO, UKRAINIANS]))
    assert len(events) == 1


def test_talks_of_the_same_state_with_another_party_stay_apart():
    assert len(merged(talks(0, [US, UKRAINIANS]), talks(300, [RUBIO, SAUDIS]))) == 2


def test_a_person_is_not_their_state_as_the_doer_of_an_attack():
    # "Rubio" and "the United States" are one side only where parties meet.
    assert len(merged(attack(0, source=[US]), attack(300, source=[RUBIO]))) == 2


@pytest.mark.parametrize(
    ("second", "events"),
    [
        ("He also called for the creation of a transitional government.", 2),
        ("He repeated his call for an end to the violence.", 1),
    ],
)
def test_one_speaker_s_calls_for_different_things_are_different_demands(extractor, second, events):
    text = "U.N. envoy Geir Pedersen called for an end to the violence on Friday. " + second
    demands = [e for e in extractor.extract(text, date(2025, 3, 14)).events if e.type == "demand"]
    assert len(demands) == events


def test_parties_known_only_by_a_common_noun_conflict_with_no_one(extractor):
    text = "Gunmen stormed a hotel in Beledweyne on Tuesday. Al-Shabab claimed responsibility for the attack."
    attacks = [e for e in extractor.extract(text, date(2025, 3, 12)).events if e.type == "attack"]
    assert len(attacks) == 1
    assert "Gunmen" in {a.text for a in attacks[0].source}


def test_named_parties_that_differ_still_keep_acts_apart():
    first = attack(0, source=[RUSSIA])
    later = attack(300, source=[SHABAB])
    assert len(merge.merge_events([Draft(first), Draft(later, anaphoric=True)], TYPES)) == 2
