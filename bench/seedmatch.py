"""Match extracted events against the hand-checked expectations in seeds/*.expected.json.

Shared by the golden tests and ``make eval``. An expected event is found
when an extracted event has its type, a mention in (one of) its sentences,
and every actor it lists in the matching role (see seeds/README.md).
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


def match_seed(text: str, expected_events: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[Match]:
    """Pair each expected event with the extracted event that reports it, if any."""
    matches = []
    for expected in expected_events:
        spans = _sentence_spans(text, expected)
        candidates = [
            event
            for event in events
            if event["type"] == expected["type"] and _in_spans(event, spans) and _roles_match(expected, event)
        ]
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
