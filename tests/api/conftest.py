"""Fixtures for the API tests: contract-checked clients for apps with custom settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from service.app import create_app
from service.settings import Settings
from tests.support.contract import ContractClient


@pytest.fixture()
def make_client(extractor, contract) -> Callable[..., ContractClient]:
    """``make_client(max_body_bytes=1024)``: a contract-checked client for an app with those settings."""

    def build(**overrides: Any) -> ContractClient:
        app = create_app(Settings(**overrides), extractor=extractor)
        return ContractClient(app.test_client(), contract)

    return build
