"""The seed articles posted through the API, as the golden tests read them."""

from __future__ import annotations

from typing import Any

from service.app import create_app
from service.settings import Settings
from tests.conftest import load_seed, seed_ids
from tests.support.contract import Contract, ContractClient


def post_seeds(extractor, contract: Contract) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Per seed id: the request body and the response body of POST /v1/events (spec-checked)."""
    client = ContractClient(create_app(Settings(), extractor=extractor).test_client(), contract)
    results = {}
    for seed_id in seed_ids():
        body = load_seed(seed_id)
        response = client.post("/v1/events", json=body)
        assert response.status_code == 200
        results[seed_id] = (body, response.get_json())
    return results
