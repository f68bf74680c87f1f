"""Validate every response a test receives against api_spec/openapi.yaml.

Tests use :class:`ContractClient` instead of Flask's test client, so any
response that breaks the contract fails the test that produced it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "api_spec" / "openapi.yaml"
HOST = "http://localhost"
# openapi-core only knows application/json out of the box; without these the
# problem+json and YAML bodies would be compared to their schemas as raw bytes.
MEDIA_TYPE_DESERIALIZERS = {"application/problem+json": json_loads, "application/yaml": yaml.safe_load}


class Contract:
    """The spec, loaded once, with helpers to check responses."""

    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.openapi = OpenAPI.from_dict(
            self.spec, config=Config(extra_media_type_deserializers=MEDIA_TYPE_DESERIALIZERS)
        )
        registry = Registry().with_resource(
            "urn:spec", Resource.from_contents(self.spec, default_specification=DRAFT202012)
        )
        self._registry = registry
        self.checked = 0

    def schema_validator(self, name: str) -> OAS31Validator:
        return OAS31Validator({"$ref": f"urn:spec#/components/schemas/{name}"}, registry=self._registry)

    def check(
        self, method: str, path: str, status: int, body: bytes, content_type: str, headers: dict[str, str]
    ) -> None:
        """Raise if the response is not one the spec allows."""
        request = MockRequest(HOST, method.lower(), path.split("?")[0])
        response = MockResponse(body, status_code=status, headers=headers, content_type=content_type)
        try:
            self.openapi.validate_response(request, response)
        except (PathNotFound, OperationNotFound):
            # Unknown routes and methods have no operation: they must still be problems.
            assert status in (404, 405), f"{method} {path}: undocumented route answered {status}"
            assert content_type.startswith("application/problem+json"), content_type
            import orjson

            self.schema_validator("Problem").validate(orjson.loads(body))
        assert "X-Request-ID" in headers, f"{method} {path}: no X-Request-ID header"
        self.checked += 1


class ContractClient:
    """Flask test client whose every response is checked against the contract."""

    def __init__(self, client, contract: Contract) -> None:
        self._client = client
        self.contract = contract

    def open(self, path: str, method: str = "GET", **kwargs: Any):
        response = self._client.open(path, method=method, **kwargs)
        self.contract.check(
            method, path, response.status_code, response.get_data(), response.content_type or "", dict(response.headers)
        )
        return response

    def get(self, path: str, **kwargs: Any):
        return self.open(path, "GET", **kwargs)

    def post(self, path: str, **kwargs: Any):
        return self.open(path, "POST", **kwargs)

    def put(self, path: str, **kwargs: Any):
        return self.open(path, "PUT", **kwargs)

    def delete(self, path: str, **kwargs: Any):
        return self.open(path, "DELETE", **kwargs)
