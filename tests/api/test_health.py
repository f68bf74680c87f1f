"""GET /healthz (process up) and GET /readyz (model loaded; 503 until then)."""

from __future__ import annotations

import pytest

from service.readiness import ExtractorHolder
from tests.support.api import assert_problem
from tests.support.contract import ContractClient


@pytest.fixture()
def unloaded_client(app, contract) -> ContractClient:
    """An app whose model has not finished loading."""
    app.extensions["extractor"] = ExtractorHolder("still-loading")
    return ContractClient(app.test_client(), contract)


def test_healthz_is_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_the_loaded_model(client, extractor):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "model": extractor.model_info}


def test_readyz_is_503_until_the_model_is_loaded(unloaded_client):
    response = unloaded_client.get("/readyz")

    assert_problem(response, 503, "not-ready")
    assert int(response.headers["Retry-After"]) > 0


def test_healthz_is_ok_while_the_model_loads(unloaded_client):
    assert unloaded_client.get("/healthz").status_code == 200


def test_extraction_is_503_while_the_model_loads(unloaded_client):
    response = unloaded_client.post("/v1/events", json={"text": "Russia has deployed 30,000 troops to Belarus."})

    assert_problem(response, 503, "not-ready")


def test_event_types_are_served_while_the_model_loads(unloaded_client):
    response = unloaded_client.get("/v1/event-types")

    assert response.status_code == 200
    assert len(response.get_json()["types"]) == 15


def test_readyz_turns_ready_once_the_model_is_there(app, contract, extractor):
    client = ContractClient(app.test_client(), contract)
    app.extensions["extractor"] = ExtractorHolder("late", None)
    assert client.get("/readyz").status_code == 503

    app.extensions["extractor"] = ExtractorHolder("late", extractor)

    assert client.get("/readyz").status_code == 200
