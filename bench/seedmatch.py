"""Match extracted events against the hand-checked expectations in seeds/*.expected.json.

Shared by the golden tests and ``make eval``. An expected event is found
when an extracted event has its type, a mention in (one of) its sentences,
and every actor it lists in the matching role (see seeds/README.md).
Precision goes the other way (``judge_returned``): each returned event is
paired with at most one expected event it reports, and each expected event
with at most one returned event, so a second event for the same act counts
against precision as a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CORE_TYPES = ("meeting", "deployment", "warning")


@dataclass
class Match:
    expected: dict[str, Any]
    event: dict[str, Any] | None

    @property
    def found(self) -> bool:
        return self.event is not None


def _sentence_spans(text: str, expected: dict[str, Any]) -> list[tuple[int, int]]:
    spans = []
    for sentence in [expected["sentence"], *expected.get("also_in", [])]:
        start = text.find(sentence)
        if start >= 0:
            spans.append((start, start + len(sentence)))
    return spans


def actor_matches(spec: str, actor: dict[str, Any]) -> bool:
    """``"Putin|RUS"`` matches an actor whose country is RUS or whose text/canonical mentions Putin."""
    for alternative in spec.split("|"):
        alt = alternative.strip()
        if alt.isupper() and actor.get("country") == alt:
            return True
        haystack = f"{actor.get('text', '')} {actor.get('canonical') or ''}".lower()
        if alt.lower() in haystack:
            return True
    return False


def _roles_match(expected: dict[str, Any], event: dict[str, Any]) -> bool:
    everyone = event["participants"] + event["source"] + event["target"]
    for spec in expected.get("participants", []):
        if not any(actor_matches(spec, a) for a in everyone):
            return False
    for role in ("source", "target"):
        pool = event[role] if event["participants"] == [] else everyone
        for spec in expected.get(role, []):
            if not any(actor_matches(spec, a) for a in pool):
                return False
    return True


def _in_spans(event: dict[str, Any], spans: list[tuple[int, int]]) -> bool:
    for mention in event["mentions"]:
        t = mention["trigger"]
        if any(start <= t["start"] and t["end"] <= end for start, end in spans):
            return True
    return False


def reports(text: str, expected: dict[str, Any], event: dict[str, Any]) -> bool:
    """The extracted event reports the expected one: same type, a mention in its sentence(s), its actors."""
    return (
        event["type"] == expected["type"]
        and _in_spans(event, _sentence_spans(text, expected))
        and _roles_match(expected, event)
    )


def match_seed(text: str, expected_events: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[Match]:
    """Pair each expected event with the extracted event that reports it, if any."""
    matches = []
    for expected in expected_events:
        spans = _sentence_spans(text, expected)
        candidates = [event for event in events if reports(text, expected, event)]
        # Several events of the type in one sentence: the one on the expected trigger.
        on_trigger = [e for e in candidates if _on_trigger(text, expected, spans, e)]
        found = (on_trigger or candidates or [None])[0]
        matches.append(Match(expected, found))
    return matches


def _on_trigger(text: str, expected: dict[str, Any], spans: list[tuple[int, int]], event: dict[str, Any]) -> bool:
    trigger = expected.get("trigger")
    if not trigger:
        return False
    for start, end in spans:
        at = text.find(trigger, start, end)
        if at < 0:
            continue
        for mention in event["mentions"]:
            t = mention["trigger"]
            if t["start"] < at + len(trigger) and at < t["end"]:
                return True
    return False


# Why a returned event matched no expected one (see judge_returned).
DUPLICATE = "duplicate"  # reports an expected event that another returned event already reports
ACTORS_DIFFER = "actors differ"  # an expected event of its type in its sentence, other actors
NOT_EXPECTED = "not expected"  # no expected event of its type in its sentence(s)


@dataclass
class Judged:
    """A returned event and the expected event it was paired with (``None``: a false positive, ``reason`` says why)."""

    event: dict[str, Any]
    expected: dict[str, Any] | None
    reason: str | None = None
    near: dict[str, Any] | None = None  # the expected event it duplicates or whose actors it misses

    @property
    def correct(self) -> bool:
        return self.expected is not None


def judge_returned(text: str, expected_events: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[Judged]:
    """Judge every returned event, in order, against the expected events of one seed.

    A one-to-one pairing of returned and expected events (``reports``), as large
    as possible (augmenting paths; events on the expected trigger are tried
    first), so no expected event vouches for two returned ones.
    """
    options: list[list[int]] = []
    for event in events:
        fits = [j for j, exp in enumerate(expected_events) if reports(text, exp, event)]
        on_trigger = [
            j for j in fits if _on_trigger(text, expected_events[j], _sentence_spans(text, expected_events[j]), event)
        ]
        options.append(on_trigger + [j for j in fits if j not in on_trigger])
    owner: dict[int, int] = {}  # expected index -> returned index

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(events)):
        augment(i, set())
    paired = {i: j for j, i in owner.items()}
    judged = []
    for i, event in enumerate(events):
        if i in paired:
            judged.append(Judged(event, expected_events[paired[i]]))
        elif options[i]:
            judged.append(Judged(event, None, DUPLICATE, expected_events[options[i][0]]))
        else:
            near = next(
                (
                    exp
                    for exp in expected_events
                    if exp["type"] == event["type"] and _in_spans(event, _sentence_spans(text, exp))
                ),
                None,
            )
            judged.append(Judged(event, None, ACTORS_DIFFER if near else NOT_EXPECTED, near))
    return judged


def field_agreement(matches: list[Match], country_of: Callable[[str], str | None]) -> dict[str, tuple[int, int]]:
    """(agreeing, checked) for date, location, status and force size among found events."""
    tally = {"date": [0, 0], "location": [0, 0], "status": [0, 0], "force_size": [0, 0]}
    for m in matches:
        if not m.found:
            continue
        e, x = m.expected, m.event
        if "date" in e:
            tally["date"][1] += 1
            tally["date"][0] += bool(x["time"] and x["time"]["value"] == e["date"])
        if "location" in e:
            tally["location"][1] += 1
            tally["location"][0] += location_matches(e["location"], x["location"], country_of)
        tally["status"][1] += 1
        tally["status"][0] += x["modality"]["status"] == e.get("status", "asserted")
        if "force_size" in e:
            tally["force_size"][1] += 1
            tally["force_size"][0] += bool(x["force"] and x["force"]["size"] == e["force_size"])
    return {k: (v[0], v[1]) for k, v in tally.items()}


def location_matches(expected: str, location: dict[str, Any] | None, country_of: Callable[[str], str | None]) -> bool:
    if not location:
        return False
    text = f"{location['text']} {location.get('canonical') or ''}".lower()
    if expected.lower() in text or location["text"].lower() in expected.lower():
        return True
    code = country_of(expected)
    return code is not None and code == location.get("country")


def furniture_hits(text: str, furniture: list[str], events: list[dict[str, Any]]) -> list[str]:
    """Triggers of extracted events that fall inside page furniture."""
    regions = []
    for block in furniture:
        start = text.find(block)
        if start >= 0:
            regions.append((start, start + len(block)))
    hits = []
    for event in events:
        for mention in event["mentions"]:
            t = mention["trigger"]
            if any(s <= t["start"] < e for s, e in regions):
                hits.append(f"{event['type']}: {t['text']!r} at {t['start']}")
    return hits
