"""POST /v1/events: every actor carries the CAMEO-style code analysts join on, as of the
article's date, and every location its GeoNames place."""

from __future__ import annotations

import pytest

from tests.support.api import assert_offsets, extract


def events(client, text: str, published_at: str) -> list[dict]:
    found = extract(client, text=text, published_at=published_at)["events"]
    assert_offsets(text, found)
    return found


def only(found: list[dict], type_: str) -> dict:
    (event,) = [e for e in found if e["type"] == type_]
    return event


def codes(actors: list[dict]) -> list[tuple[str | None, str | None]]:
    return [(a["code"], a["sector"]) for a in actors]


def test_a_role_noun_and_a_demonym_make_country_plus_sector(client):
    found = events(client, "Russian troops shelled the Ukrainian town of Pokrovsk on Monday.", "2025-03-04")
    attack = only(found, "attack")
    assert codes(attack["source"]) == [("RUSMIL", "MIL")]


def test_institutions_groups_and_igos_have_their_own_codes(client):
    text = (
        "Hamas fighters fired rockets at Israel on Saturday. "
        "The Kremlin rejected the proposal on Sunday. "
        "NATO warned Moscow against an escalation."
    )
    found = events(client, text, "2023-10-09")
    assert codes(only(found, "attack")["source"]) == [("PSEREBHMS", "REB")]
    assert codes(only(found, "rejection")["source"]) == [("RUSGOV", "GOV")]
    warning = only(found, "warning")
    assert codes(warning["source"]) == [("IGOWSTNAT", None)]
    assert codes(warning["target"]) == [("RUS", None)]  # a capital standing for its state


def test_a_person_is_coded_by_the_office_held_on_the_publication_date(client):
    text = "Joe Biden met Xi Jinping in San Francisco on Wednesday."
    in_office = only(events(client, text, "2023-11-16"), "meeting")
    assert codes(in_office["participants"]) == [("USAGOV", "GOV"), ("CHNGOV", "GOV")]
    out_of_office = only(events(client, text, "2025-06-05"), "meeting")
    assert codes(out_of_office["participants"])[0] == ("USAELI", "ELI")


def test_a_title_named_nowhere_else_is_whoever_held_the_office_then(client):
    text = "The German chancellor met the French president in Paris on Monday."
    before = only(events(client, text, "2025-03-11"), "meeting")
    after = only(events(client, text, "2025-06-17"), "meeting")
    assert [a["canonical"] for a in before["participants"]] == ["Olaf Scholz", "Emmanuel Macron"]
    assert [a["canonical"] for a in after["participants"]] == ["Friedrich Merz", "Emmanuel Macron"]
    assert codes(after["participants"]) == [("DEUGOV", "GOV"), ("FRAGOV", "GOV")]


def test_a_domestic_body_without_a_country_is_the_story_s_country(client):
    text = (
        "Somali forces and al-Shabab militants clashed near Mogadishu on Sunday, Somali officials said. "
        "The government arrested 12 suspects after the attack."
    )
    arrest = only(events(client, text, "2025-03-10"), "arrest")
    assert codes(arrest["source"]) == [("SOMGOV", "GOV")]


def test_locations_resolve_to_geonames_places(client):
    found = events(client, "Ukrainian troops withdrew from Pokrovsk on Friday.", "2025-03-08")
    location = only(found, "withdrawal")["location"]
    assert (location["geonames_id"], location["country"], location["feature"]) == (704422, "UKR", "city")
    assert round(location["latitude"], 1) == 48.3 and round(location["longitude"], 1) == 37.2


def test_a_range_of_days_has_a_first_and_a_last_day(client):
    text = "Russia and Belarus will hold joint military exercises between 10 and 20 February."
    exercise = only(events(client, text, "2022-02-01"), "exercise")
    assert (exercise["time"]["value"], exercise["time"]["value_end"]) == ("2022-02-10", "2022-02-20")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Moroccan police arrested five men on Monday.", "MARCOP"),
        ("The Ivorian army attacked rebels near Bouake.", "CIVMIL"),
        ("Sudanese troops were deployed to the border.", "SDNMIL"),
        ("Vietnamese officials met Chinese diplomats in Hanoi.", "VNMGOV"),
    ],
)
def test_nationalities_beyond_the_big_powers_give_the_actor_its_country(client, text, code):
    events = extract(client, text=text, published_at="2025-03-04")["events"]
    codes = {a["code"] for e in events for a in e["source"] + e["participants"]}
    assert code in codes
