"""POST /v1/events/batch: one result or problem per document, in order."""

from __future__ import annotations

import pytest

from tests.support.api import assert_offsets, assert_problem, error_fields

DEPLOYMENT = "Russia has deployed 30,000 troops to Belarus."
CALL = "Biden spoke by phone with Zelensky on Monday."


def post_batch(client, documents):
    return client.post("/v1/events/batch", json={"documents": documents})


def test_results_come_back_in_request_order(client):
    documents = [
        {"id": "a", "text": DEPLOYMENT},
        {"id": "b", "text": CALL},
        {"id": "c", "text": "The weather in Lisbon was mild."},
    ]

    response = post_batch(client, documents)

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["document"]["id"] for r in results] == ["a", "b", "c"]
    assert [e["type"] for e in results[0]["events"]] == ["deployment"]
    assert [e["type"] for e in results[1]["events"]] == ["meeting"]
    assert results[2]["events"] == []
    for document, result in zip(documents, results, strict=True):
        assert_offsets(document["text"], result["events"])


def test_batch_results_equal_single_document_results(client):
    single = client.post("/v1/events", json={"text": CALL, "published_at": "2022-02-09"}).get_json()

    batch = post_batch(client, [{"text": CALL, "published_at": "2022-02-09"}]).get_json()

    assert batch["results"][0]["events"] == single["events"]
    assert batch["results"][0]["document"] == single["document"]


def test_each_document_has_its_own_anchor_and_filters(client):
    documents = [
        {"text": CALL, "published_at": "2022-02-09"},
        {"text": CALL},
        {"text": DEPLOYMENT, "event_types": ["meeting"]},
    ]

    results = post_batch(client, documents).get_json()["results"]

    assert results[0]["events"][0]["time"]["value"] == "2022-02-07"
    assert results[1]["events"][0]["time"]["value"] is None
    assert results[2]["events"] == []


def test_batch_level_anchor_and_filters_apply_to_every_document(client):
    documents = [{"id": "call", "text": CALL}, {"id": "deploy", "text": DEPLOYMENT}]
    singles = [
        client.post(
            "/v1/events", json={**d, "published_at": "2022-02-09", "event_types": ["meeting"], "min_confidence": 0.1}
        ).get_json()
        for d in documents
    ]

    response = client.post(
        "/v1/events/batch",
        json={"published_at": "2022-02-09", "event_types": ["meeting"], "min_confidence": 0.1, "documents": documents},
    )

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[0]["events"][0]["time"]["value"] == "2022-02-07"
    assert results[1]["events"] == []  # the deployment is filtered out
    for result, single in zip(results, singles, strict=True):
        assert result["document"]["published_at"] == "2022-02-09"
        assert result["document"] == single["document"] and result["events"] == single["events"]


def test_document_values_override_the_batch_level_ones(client):
    documents = [
        {"id": "own-date", "text": CALL, "published_at": "2022-03-02"},
        {"id": "own-types", "text": DEPLOYMENT, "event_types": ["deployment"]},
        {"id": "own-floor", "text": DEPLOYMENT, "event_types": ["deployment"], "min_confidence": 1},
    ]

    response = client.post(
        "/v1/events/batch",
        json={"published_at": "2022-02-09", "event_types": ["meeting"], "min_confidence": 0, "documents": documents},
    )

    own_date, own_types, own_floor = response.get_json()["results"]
    assert own_date["document"]["published_at"] == "2022-03-02"
    assert own_date["events"][0]["time"]["value"] == "2022-02-28"
    assert [e["type"] for e in own_types["events"]] == ["deployment"]
    assert [e for e in own_floor["events"] if e["confidence"] < 1] == []


@pytest.mark.parametrize(
    ("envelope", "field"),
    [
        pytest.param({"published_at": "yesterday"}, "published_at", id="published-at"),
        pytest.param({"event_types": []}, "event_types", id="event-types-empty"),
        pytest.param({"event_types": ["war"]}, "event_types.0", id="event-types-unknown"),
        pytest.param({"min_confidence": 2}, "min_confidence", id="min-confidence"),
    ],
)
def test_invalid_batch_level_field_fails_the_whole_batch(client, envelope, field):
    response = client.post("/v1/events/batch", json={**envelope, "documents": [{"text": DEPLOYMENT}]})

    problem = assert_problem(response, 422, "validation-error")
    assert error_fields(problem) == {field}


def test_empty_event_types_in_a_document_fails_that_document(client):
    results = post_batch(client, [{"text": DEPLOYMENT}, {"text": DEPLOYMENT, "event_types": []}]).get_json()["results"]

    assert results[0]["events"]
    assert results[1]["status"] == 422 and error_fields(results[1]) == {"documents.1.event_types"}


def test_one_invalid_document_fails_alone(client):
    response = post_batch(
        client, [{"id": "ok-1", "text": DEPLOYMENT}, {"id": "bad", "text": ""}, {"id": "ok-2", "text": CALL}]
    )

    assert response.status_code == 200
    first, problem, last = response.get_json()["results"]
    assert first["document"]["id"] == "ok-1" and first["events"]
    assert last["document"]["id"] == "ok-2" and last["events"]
    assert problem["status"] == 422
    assert problem["type"].endswith("/validation-error")
    assert error_fields(problem) == {"documents.1.text"}


def test_invalid_document_lists_every_failing_field_with_its_path(client):
    documents = [{"text": DEPLOYMENT}, {"text": 5, "event_types": ["meeting", "war"], "min_confidence": "high"}]

    problem = post_batch(client, documents).get_json()["results"][1]

    assert error_fields(problem) == {"documents.1.text", "documents.1.event_types.1", "documents.1.min_confidence"}
    assert "Traceback" not in str(problem)


@pytest.mark.parametrize(
    ("envelope", "field"),
    [
        pytest.param({}, "documents", id="no-documents"),
        pytest.param({"documents": []}, "documents", id="empty-documents"),
        pytest.param({"documents": {"text": DEPLOYMENT}}, "documents", id="documents-not-array"),
        pytest.param({"documents": [{"text": DEPLOYMENT}, "just text"]}, "documents", id="document-not-object"),
        pytest.param({"documents": [{"text": DEPLOYMENT}], "parallel": True}, "parallel", id="unknown-field"),
        pytest.param({"documents": [{"text": DEPLOYMENT}] * 17}, "documents", id="over-max-batch-size"),
    ],
)
def test_invalid_envelope_fails_the_whole_batch(client, envelope, field):
    response = client.post("/v1/events/batch", json=envelope)

    problem = assert_problem(response, 422, "validation-error")
    assert field in error_fields(problem)


def test_batch_that_is_not_an_object_is_422(client):
    response = client.post("/v1/events/batch", json=[{"text": DEPLOYMENT}])

    assert error_fields(assert_problem(response, 422)) == {"(body)"}


def test_max_batch_size_setting_is_enforced(make_client):
    client = make_client(max_batch_size=2)

    assert post_batch(client, [{"text": DEPLOYMENT}] * 2).status_code == 200
    assert_problem(post_batch(client, [{"text": DEPLOYMENT}] * 3), 422)


def test_total_characters_over_max_batch_chars_is_422(make_client):
    client = make_client(max_batch_chars=60)

    assert post_batch(client, [{"text": DEPLOYMENT}]).status_code == 200
    problem = assert_problem(post_batch(client, [{"text": DEPLOYMENT}, {"text": CALL}]), 422)
    assert error_fields(problem) == {"documents"}
