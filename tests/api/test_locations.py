"""POST /v1/events: where an act happens is a named place from its clause, never a bare common noun."""

from __future__ import annotations

import pytest

from tests.support.api import extract


def _locations(client, text: str, kind: str) -> list[tuple[str | None, str | None]]:
    events = extract(client, text=text, published_at="2025-03-04")["events"]
    found = [(e["location"] or {}) for e in events if e["type"] == kind]
    assert found, f"no {kind} event in {text!r}"
    return [(loc.get("text"), loc.get("canonical")) for loc in found]


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        ("Hundreds of people protested in front of Israel's consulate in Istanbul.", "protest", "Istanbul"),
        ("Protesters gathered outside the U.S. embassy in Baghdad.", "protest", "Baghdad"),
        ("The crown prince met with Rubio in the Red Sea port city of Jeddah.", "meeting", "Jeddah"),
        ("Russia deployed 3,000 troops near Kharkiv.", "deployment", "Kharkiv"),
    ],
)
def test_a_common_place_noun_gives_way_to_the_named_place_in_its_phrase(client, text, kind, place):
    assert _locations(client, text, kind) == [(place, place)]


def test_the_border_with_a_country_keeps_its_words_and_names_the_country(client):
    text = "Russia has deployed troops near the border with Ukraine."
    assert _locations(client, text, "deployment") == [("border with Ukraine", "Ukraine")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Putin has massed his troops at the border.", "deployment"),
        ("Protesters gathered outside the U.S. embassy.", "protest"),
        ("Gunmen attacked the school on Monday.", "attack"),
    ],
)
def test_a_bare_common_noun_is_no_location(client, text, kind):
    assert _locations(client, text, kind) == [(None, None)]


def test_a_name_the_model_did_not_tag_keeps_its_phrase(client):
    text = "Chicken sellers held a sit-in Monday at the Mvog-Ada chicken market to protest the restrictions."
    (place,) = {text for text, _ in _locations(client, text, "protest")}
    assert place is not None and "Mvog-Ada" in place


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Putin has massed 100,000 troops at the border with Ukraine.", "UKR"),
        ("Ukraine deployed troops at its border with Russia.", "RUS"),
    ],
)
def test_forces_sent_to_a_countrys_border_are_aimed_at_that_country(client, text, target):
    events = extract(client, text=text, published_at="2022-02-03")["events"]
    (deployment,) = [e for e in events if e["type"] == "deployment"]
    assert [a["country"] for a in deployment["target"]] == [target]
    assert deployment["target"][0]["text"] == deployment["target"][0]["canonical"]  # the country's own words
