"""Shared fixtures: one real extractor per test session, apps built around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.app import create_app
from service.extraction import Extractor
from service.settings import Settings
from tests.support.contract import Contract, ContractClient

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def contract() -> Contract:
    return Contract()


@pytest.fixture()
def settings() -> Settings:
    return Settings()


@pytest.fixture()
def app(settings, extractor):
    return create_app(settings, extractor=extractor)


@pytest.fixture()
def client(app, contract) -> ContractClient:
    return ContractClient(app.test_client(), contract)


def seed_ids() -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in SEEDS.glob("*.json") if not p.name.endswith(".expected.json"))


def load_seed(seed_id: str) -> dict:
    return json.loads((SEEDS / f"{seed_id}.json").read_text(encoding="utf-8"))


def load_expected(seed_id: str) -> dict:
    return json.loads((SEEDS / f"{seed_id}.expected.json").read_text(encoding="utf-8"))
