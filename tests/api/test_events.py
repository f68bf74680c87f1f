"""POST /v1/events and GET /v1/event-types: results, filters, and request validation (422)."""

from __future__ import annotations

import json

import pytest

from tests.support.api import NEWS, assert_offsets, assert_problem, error_fields, extract
from tests.support.taxonomy import TAXONOMY_TYPES

# -- success -----------------------------------------------------------------


def test_news_paragraph_yields_events_whose_offsets_index_the_text(client):
    body = extract(client, text=NEWS, published_at="2022-02-05")

    types = {e["type"] for e in body["events"]}
    assert {"meeting", "deployment"} <= types
    assert assert_offsets(NEWS, body["events"]) >= 10
    assert body["document"]["sentence_count"] == 3
    assert body["document"]["language"] == "en"


def test_events_carry_unique_ids_and_the_force_of_a_deployment(client):
    events = extract(client, text=NEWS)["events"]

    assert len({e["id"] for e in events}) == len(events)
    sizes = {e["force"]["size"] for e in events if e["type"] == "deployment" and e["force"]}
    assert {110000, 30000} <= sizes


def test_metadata_is_echoed_in_the_document(client):
    body = extract(
        client,
        text=NEWS,
        id="afp-0207",
        title="Diplomatic flurry",
        url="https://example.org/a",
        outlet="AFP",
        published_at="2022-02-07T10:00:00Z",
    )

    assert body["document"]["id"] == "afp-0207"
    assert body["document"]["title"] == "Diplomatic flurry"
    assert body["document"]["url"] == "https://example.org/a"
    assert body["document"]["outlet"] == "AFP"
    assert body["document"]["published_at"] == "2022-02-07T10:00:00Z"


def test_document_fields_not_sent_are_null(client):
    document = extract(client, text="Biden met Scholz.")["document"]

    assert document["id"] is None and document["published_at"] is None


def test_meta_names_the_model_and_taxonomy(client, extractor):
    meta = extract(client, text="Biden met Scholz.")["meta"]

    assert meta["model"] == extractor.model_info
    assert meta["taxonomy_version"] == extractor.codebook.version
    assert meta["duration_ms"] >= 0


@pytest.mark.parametrize(
    "published_at", ["2022-02-09", "2022-02-09T10:00:00Z", "2022-02-09T10:00:00+02:00", "2022-02-09 08:30"]
)
def test_published_at_anchors_relative_dates(client, published_at):
    events = extract(client, text="Biden spoke by phone with Zelensky on Monday.", published_at=published_at)["events"]

    assert events[0]["time"]["text"] == "Monday"
    assert events[0]["time"]["value"] == "2022-02-07"


def test_without_published_at_a_relative_date_has_no_value(client):
    events = extract(client, text="Biden spoke by phone with Zelensky on Monday.")["events"]

    assert events[0]["time"]["text"] == "Monday"
    assert events[0]["time"]["value"] is None


def test_text_without_events_returns_an_empty_list(client):
    body = extract(client, text="The weather in Lisbon was mild and sunny.")

    assert body["events"] == []


def test_event_types_filter_returns_only_those_types(client):
    everything = extract(client, text=NEWS)["events"]
    deployments = extract(client, text=NEWS, event_types=["deployment"])["events"]

    assert deployments, "the paragraph reports deployments"
    assert {e["type"] for e in deployments} == {"deployment"}
    # Filtering does not change how events are found.
    assert deployments == [e for e in everything if e["type"] == "deployment"]


def test_event_types_filter_with_several_types(client):
    events = extract(client, text=NEWS, event_types=["meeting", "exercise"])["events"]

    assert {e["type"] for e in events} == {"meeting", "exercise"}


def test_empty_event_types_is_422_not_every_type(client):
    # [] used to mean "no filter" and returned every type; omitting the field is how to ask for that.
    response = client.post("/v1/events", json={"text": NEWS, "event_types": []})

    problem = assert_problem(response, 422, "validation-error")
    assert error_fields(problem) == {"event_types"}
    assert "omit event_types" in problem["errors"][0]["message"]


def test_min_confidence_drops_events_below_the_floor(client):
    everything = extract(client, text=NEWS)["events"]
    confidences = sorted({e["confidence"] for e in everything})
    assert len(confidences) >= 2, "the paragraph needs events of different confidence"
    floor = confidences[-1]

    kept = extract(client, text=NEWS, min_confidence=floor)["events"]

    assert kept == [e for e in everything if e["confidence"] >= floor]
    assert 0 < len(kept) < len(everything)


def test_min_confidence_bounds(client):
    everything = extract(client, text=NEWS)["events"]

    assert extract(client, text=NEWS, min_confidence=0)["events"] == everything
    assert extract(client, text=NEWS, min_confidence=1)["events"] == [e for e in everything if e["confidence"] >= 1]


def test_text_of_exactly_max_text_chars_is_accepted(make_client):
    client = make_client(max_text_chars=40)
    text = "Russia has deployed troops to Belarus.".ljust(40, "!")
    assert len(text) == 40

    body = extract(client, text=text)

    assert body["document"]["sentence_count"] >= 1


# -- GET /v1/event-types -------------------------------------------------------


def test_event_types_lists_the_fifteen_types_with_codes(client):
    response = client.get("/v1/event-types")

    assert response.status_code == 200
    body = response.get_json()
    assert [t["name"] for t in body["types"]] == TAXONOMY_TYPES
    for event_type in body["types"]:
        assert event_type["definition"]
        assert set(event_type["codes"]) == {"cameo", "plover"}
    meeting = body["types"][0]
    phone = next(s for s in meeting["subtypes"] if s["name"] == "phone_call")
    assert phone["codes"]["cameo"] == {"code": "041", "root": "04", "quad_class": 1, "goldstein": 1.0}
    assert phone["codes"]["plover"] == {"type": "CONSULT", "mode": "phone"}


# -- 422: the body does not match the schema ------------------------------------

INVALID_BODIES = [
    pytest.param({}, "text", id="missing-text"),
    pytest.param({"text": ""}, "text", id="empty-text"),
    pytest.param({"text": " \n\t  "}, "text", id="whitespace-text"),
    pytest.param({"text": None}, "text", id="null-text"),
    pytest.param({"text": 42}, "text", id="number-text"),
    pytest.param({"text": ["Biden met Scholz."]}, "text", id="array-text"),
    pytest.param({"text": "a", "min_confidence": "0.5"}, "min_confidence", id="string-min-confidence"),
    pytest.param({"text": "a", "min_confidence": True}, "min_confidence", id="bool-min-confidence"),
    pytest.param({"text": "a", "min_confidence": 1.5}, "min_confidence", id="min-confidence-over-1"),
    pytest.param({"text": "a", "min_confidence": -0.1}, "min_confidence", id="negative-min-confidence"),
    pytest.param({"text": "a", "min_confidence": 10**30}, "min_confidence", id="huge-min-confidence"),
    pytest.param({"text": "a", "language": "de"}, "language", id="unknown-field"),
    pytest.param({"text": "a", "published_at": "2022-13-45"}, "published_at", id="published-at-bad-month"),
    pytest.param({"text": "a", "published_at": "2022-02-30"}, "published_at", id="published-at-bad-day"),
    pytest.param({"text": "a", "published_at": "yesterday"}, "published_at", id="published-at-words"),
    pytest.param({"text": "a", "published_at": "07/02/2022"}, "published_at", id="published-at-not-iso"),
    pytest.param({"text": "a", "published_at": 20220207}, "published_at", id="published-at-number"),
    pytest.param({"text": "a", "event_types": ["meeting", "invasion"]}, "event_types.1", id="unknown-event-type"),
    pytest.param({"text": "a", "event_types": ["meeting", "meeting"]}, "event_types", id="duplicate-event-types"),
    pytest.param({"text": "a", "event_types": "meeting"}, "event_types", id="event-types-not-array"),
    pytest.param({"text": "a", "event_types": [["meeting"]]}, "event_types.0", id="event-types-nested"),
    pytest.param({"text": "a", "event_types": None}, "event_types", id="event-types-null"),
    pytest.param({"text": "a", "id": 7}, "id", id="number-id"),
    pytest.param({"text": "a", "id": "x" * 257}, "id", id="id-too-long"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_BODIES)
def test_invalid_field_is_422_naming_the_field(client, body, field):
    # json.dumps rather than json=: the app's orjson encoder cannot write 10**30.
    response = client.post("/v1/events", data=json.dumps(body), content_type="application/json")

    problem = assert_problem(response, 422, "validation-error")
    assert field in error_fields(problem)
    assert all(error["message"] for error in problem["errors"])


@pytest.mark.parametrize(
    "raw", [b"[]", b'[{"text": "Biden met Scholz."}]', b'"Biden met Scholz."', b"42", b"null", b"true"]
)
def test_body_that_is_not_an_object_is_422(client, raw):
    response = client.post("/v1/events", data=raw, content_type="application/json")

    problem = assert_problem(response, 422, "validation-error")
    assert error_fields(problem) == {"(body)"}


def test_text_one_character_over_max_text_chars_is_422(make_client):
    client = make_client(max_text_chars=40)

    response = client.post("/v1/events", json={"text": "x" * 41})

    problem = assert_problem(response, 422, "validation-error")
    assert error_fields(problem) == {"text"}


def test_every_failing_field_is_reported_at_once(client):
    response = client.post("/v1/events", json={"text": "", "min_confidence": 2, "event_types": ["war"], "extra": 1})

    problem = assert_problem(response, 422)
    assert error_fields(problem) == {"text", "min_confidence", "event_types.0", "extra"}


def test_one_assault_told_in_several_words_is_one_attack(client):
    text = (
        "Gunmen stormed a hotel in the Somali city of Beledweyne on Tuesday, leaving at least five people dead. "
        "Plumes of smoke could be seen throughout the town, and an eyewitness said there has been ongoing gunfire. "
        "The siege lasted 18 hours."
    )
    events = extract(client, text=text, published_at="2025-03-04")["events"]
    (attack,) = [e for e in events if e["type"] == "attack"]
    assert [m["trigger"]["text"] for m in attack["mentions"]] == ["stormed", "gunfire", "siege"]


def test_attacks_on_different_days_stay_apart(client):
    text = "Gunmen stormed a hotel in Beledweyne on Tuesday. On Friday, militants shelled a village near Kismayo."
    events = extract(client, text=text, published_at="2025-03-08")["events"]
    assert len([e for e in events if e["type"] == "attack"]) == 2


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The militants launched an assault on a joint Kenya-U.S. military base in Lamu County.", "military base"),
        ("Gunmen stormed a hotel in Beledweyne on Tuesday.", "hotel"),
    ],
)
def test_a_place_attacked_is_the_attacks_target(client, text, target):
    events = extract(client, text=text, published_at="2025-03-04")["events"]
    (attack,) = [e for e in events if e["type"] == "attack"]
    assert [(target in a["text"], a["entity_type"]) for a in attack["target"]] == [(True, "OTHER")]


def test_an_attack_on_a_state_keeps_the_state_as_target(client):
    (attack,) = extract(client, text="Russia attacked Ukraine on Tuesday.", published_at="2025-03-04")["events"]
    assert [a["code"] for a in attack["target"]] == ["UKR"]
