"""Contract fuzzing: schemathesis generates requests from api_spec/openapi.yaml.

Every operation is called in-process (WSGI) with valid and invalid data, the
coverage phase's boundary values and unsupported methods, and every response
must be one the spec documents: no 5xx, a documented status, content type and
headers, a body matching the schema, and invalid data rejected with a 4xx.

Three configurations: the default app, one with API keys (the generated
requests carry random keys, so /v1/* answers 401) and one whose model is not
loaded yet (503). Hypothesis runs derandomized here so CI is repeatable;
``make fuzz`` explores randomly with many more requests against gunicorn.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from service.app import create_app
from service.readiness import ExtractorHolder
from service.settings import Settings
from tests.support.contract import SPEC_PATH

SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
# While the model loads, 503 (documented, with Retry-After) is the one 5xx the service may send.
NOT_READY_SCHEMA = schemathesis.openapi.from_path(
    SPEC_PATH,
    config=schemathesis.Config.from_dict(
        {"checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "503"]}}}
    ),
)

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    unsupported_method,
    allow_header_conformance,
]
# A not-ready service answers 503 before it looks at the body, so it cannot reject bad data with a 4xx.
CHECKS = [*CONFORMANCE, negative_data_rejection]


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def default_app(extractor):
    return create_app(Settings(), extractor=extractor)


@pytest.fixture(scope="module")
def keyed_app(extractor):
    return create_app(Settings(api_keys=("fuzz-key-1",)), extractor=extractor)


@pytest.fixture(scope="module")
def loading_app(extractor):
    app = create_app(Settings(), extractor=extractor)
    app.extensions["extractor"] = ExtractorHolder("still-loading")
    return app


@SCHEMA.parametrize()
@fuzz_settings(max_examples=100)
def test_default_app_conforms_to_the_spec(case, default_app):
    case.call_and_validate(app=default_app, checks=CHECKS)


@SCHEMA.parametrize()
@fuzz_settings(max_examples=25)
def test_app_with_api_keys_conforms_to_the_spec(case, keyed_app):
    case.call_and_validate(app=keyed_app, checks=CHECKS)


@NOT_READY_SCHEMA.parametrize()
@fuzz_settings(max_examples=25)
def test_app_still_loading_its_model_conforms_to_the_spec(case, loading_app):
    case.call_and_validate(app=loading_app, checks=CONFORMANCE)
