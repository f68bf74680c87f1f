"""POST /v1/events: actors named by a role or a nominal resolve to the named one."""

from __future__ import annotations

from tests.support.api import assert_offsets, extract


def events_of(client, text: str, type_: str) -> list[dict]:
    events = extract(client, text=text, published_at="2025-03-14")["events"]
    assert_offsets(text, events)
    return [e for e in events if e["type"] == type_]


def test_a_role_noun_with_a_name_beside_it_is_that_person(client):
    text = "The court's president, Judge Joan Donoghue, rejected Kenya's request to delay the hearing."
    (rejection,) = events_of(client, text, "rejection")
    assert [a["canonical"] or a["text"] for a in rejection["source"]] == ["Joan Donoghue"]
    assert [a["country"] for a in rejection["target"]] == ["KEN"]


def test_the_company_is_the_company_named_before(client):
    text = (
        "Environmental groups have criticised Iberdrola for years. "
        "On Monday the company pledged to close its last coal plants by 2026."
    )
    (pledge,) = events_of(client, text, "agreement")
    (source,) = pledge["source"]
    assert (source["text"], source["canonical"]) == ("company", "Iberdrola")


def test_a_speech_act_is_dated_when_it_was_said(client):
    text = '"We urge Afghanistan to hold the perpetrators accountable," Ambassador Khan said on Thursday.'
    (demand,) = events_of(client, text, "demand")
    assert demand["time"]["value"] == "2025-03-13"
