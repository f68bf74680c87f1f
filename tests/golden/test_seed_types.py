"""Golden tests per event type: every type the seed articles expect, not only the core three.

Through the real model and the HTTP API (responses validated against the
contract), the expected events of each type in seeds/*.expected.json are
matched as bench/seedmatch.py matches them. Each type has a floor: the number
of its expected events the service found when the floor was set, so a
regression in any type fails here. Raise a floor when a type gets better.
"""

from __future__ import annotations

import pytest

from bench.seedmatch import Match, actor_matches, match_seed
from tests.conftest import load_expected, seed_ids
from tests.support.seeds import post_seeds

# type -> (its expected events found when the floor was set, its expected events in the seeds)
FLOORS = {
    "meeting": (33, 37),
    "deployment": (14, 14),
    "warning": (19, 22),
    "exercise": (1, 5),
    "rejection": (5, 7),
    "aid": (2, 3),
    "accusation": (4, 6),
    "demand": (4, 5),
    "agreement": (1, 1),
    "attack": (3, 5),
}


@pytest.fixture(scope="module")
def seed_matches(extractor, contract) -> dict[str, tuple[dict, list[Match]]]:
    """Per seed: the response body and the match of every expected event."""
    return {
        seed_id: (payload, match_seed(body["text"], load_expected(seed_id)["events"], payload["events"]))
        for seed_id, (body, payload) in post_seeds(extractor, contract).items()
    }


def test_every_expected_type_has_a_floor():
    expected_types = {e["type"] for seed_id in seed_ids() for e in load_expected(seed_id)["events"]}
    assert expected_types == set(FLOORS)


@pytest.mark.parametrize("event_type", list(FLOORS))
def test_expected_events_of_each_type_are_still_found(seed_matches, event_type):
    floor, total = FLOORS[event_type]
    matches = [
        (seed_id, m) for seed_id, (_, ms) in seed_matches.items() for m in ms if m.expected["type"] == event_type
    ]
    found = sum(m.found for _, m in matches)
    missed = [
        f"{seed_id[:3]} {m.expected['trigger']!r}: {m.expected['sentence'][:90]}"
        for seed_id, m in matches
        if not m.found
    ]
    print(f"\n{event_type}: found {found}/{len(matches)}\n" + "\n".join(missed))
    assert len(matches) == total, f"the seeds now expect {len(matches)} {event_type} events: reset its floor"
    assert found >= floor, f"{event_type}: {found} found, floor {floor}; missed:\n" + "\n".join(missed)


def _expected_event(seed_id: str, event_type: str, trigger: str) -> dict:
    events = [e for e in load_expected(seed_id)["events"] if e["type"] == event_type and e["trigger"] == trigger]
    assert len(events) == 1, f"{seed_id} expects {len(events)} {event_type} events on {trigger!r}"
    return events[0]


def _event_found_for(seed_matches, seed_id: str, expected: dict) -> dict | None:
    _, matches = seed_matches[seed_id]
    return next(m.event for m in matches if m.expected == expected)


SEED_000 = "000_aa976d5587b6041e"
SEED_001 = "001_adf76b708e43006e"
SEED_002 = "002_6eb38a498abe47b5"
SEED_003 = "003_4a4019b2a44f16b7"
SEED_004 = "004_0fd13371071768be"


# id -> (seed, type, the expected event's trigger, the returned trigger, role, main actor)
NAMED = {
    "demand-russia-seeks-guarantee": (SEED_000, "demand", "seeking a guarantee", "seeking", "source", "RUS|Russia"),
    "rejection-lavrov-denied": (SEED_002, "rejection", "denied", "denied", "source", "Lavrov|RUS"),
    "aid-germany-offered-helmets": (SEED_003, "aid", "offered 5,000 helmets", "offered", "source", "DEU|Germany"),
    "accusation-by-stoltenberg": (SEED_001, "accusation", "accused", "accused", "source", "Stoltenberg|NATO"),
    "accusation-of-moscow": (SEED_001, "accusation", "accused", "accused", "target", "RUS|Moscow"),
    "attack-russian-forces-shelled": (SEED_004, "attack", "shelled", "shelled", "source", "RUS|Russia"),
}


@pytest.mark.parametrize(
    ("seed_id", "event_type", "expected_trigger", "trigger", "role", "actor"), list(NAMED.values()), ids=list(NAMED)
)
def test_named_expected_event_is_found(seed_matches, seed_id, event_type, expected_trigger, trigger, role, actor):
    event = _event_found_for(seed_matches, seed_id, _expected_event(seed_id, event_type, expected_trigger))

    assert event is not None
    assert event["type"] == event_type
    assert trigger in [m["trigger"]["text"] for m in event["mentions"]]
    assert any(actor_matches(actor, a) for a in event[role])


def test_russia_and_ukraine_agreed_in_paris(seed_matches):
    event = _event_found_for(seed_matches, SEED_003, _expected_event(SEED_003, "agreement", "agreed"))

    assert event is not None and event["type"] == "agreement"
    assert "agreed" in [m["trigger"]["text"] for m in event["mentions"]]
    # Both parties are named; which role holds them is tested on a hand-built parse
    # (tests/unit/test_rules_on_handbuilt_parses.py: agreement is not symmetric today).
    parties = event["participants"] + event["source"]
    assert any(actor_matches("RUS|Russia", a) for a in parties)
    assert any(actor_matches("UKR|Ukrain", a) for a in parties)


def test_russia_and_belarus_held_joint_military_drills(seed_matches):
    event = _event_found_for(seed_matches, SEED_002, _expected_event(SEED_002, "exercise", "joint military drills"))

    assert event is not None and event["type"] == "exercise"
    assert "drills" in [m["trigger"]["text"] for m in event["mentions"]]
    assert any(actor_matches("BLR|Belarus", a) for a in event["participants"] + event["source"])


def test_each_mention_keeps_its_own_status_and_the_event_takes_the_first_ranked(seed_matches):
    from service.extraction.lexicon import default_lexicon

    types = default_lexicon().types
    statuses = set()
    for payload, _ in seed_matches.values():
        for event in payload["events"]:
            mention_statuses = [m["modality"]["status"] for m in event["mentions"]]
            statuses.update(mention_statuses)
            rank = types[event["type"]].merge.status_rank
            first_ranked = min(mention_statuses, key=rank.__getitem__)
            # The one exception (merge.absorb): an act one mention reports as done
            # outranks its plan, so "planned" may give way to an asserted mention.
            allowed = {first_ranked} | ({"asserted"} if first_ranked == "planned" else set())
            assert event["modality"]["status"] in allowed & set(mention_statuses)
    assert {"asserted", "planned"} <= statuses  # the seeds report both, so the check is not vacuous
