"""Request ids, optional API keys and response headers (service/security.py)."""

from __future__ import annotations

import re

import pytest

from tests.support.api import assert_problem

DEPLOYMENT = {"text": "Russia has deployed 30,000 troops to Belarus."}
GENERATED_ID = re.compile(r"^[0-9a-f]{32}$")


# -- X-Request-ID ------------------------------------------------------------------


def test_supplied_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "client-42.retry:1"})

    assert response.headers["X-Request-ID"] == "client-42.retry:1"


def test_request_id_is_generated_when_absent(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert GENERATED_ID.match(first) and GENERATED_ID.match(second)
    assert first != second


def test_problem_repeats_the_request_id(client):
    response = client.post("/v1/events", json={"text": ""}, headers={"X-Request-ID": "trace-me"})

    assert assert_problem(response, 422)["request_id"] == "trace-me"


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param("abc\r\nSet-Cookie: session=evil", id="header-injection"),
        pytest.param("abc\ndef", id="newline"),
        pytest.param("a" * 500, id="500-chars"),
        pytest.param("<script>alert(1)</script>", id="markup"),
        pytest.param("", id="empty"),
        pytest.param("id with spaces", id="spaces"),
    ],
)
def test_hostile_request_id_is_replaced(client, hostile):
    # environ_base bypasses the test client's own header checks, as a raw socket would.
    response = client.post("/v1/events", json={"text": ""}, environ_base={"HTTP_X_REQUEST_ID": hostile})

    assert GENERATED_ID.match(response.headers["X-Request-ID"])
    assert "Set-Cookie" not in response.headers
    if hostile:
        assert hostile not in response.get_data(as_text=True)


# -- API keys -----------------------------------------------------------------------


@pytest.fixture()
def keyed(make_client):
    return make_client(api_keys=("k1", "k2-secret"))


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/events", DEPLOYMENT),
        ("POST", "/v1/events/batch", {"documents": [DEPLOYMENT]}),
        ("GET", "/v1/event-types", None),
    ],
)
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-key"),
        pytest.param({"Authorization": "Bearer wrong"}, id="wrong-bearer"),
        pytest.param({"X-API-Key": "wrong"}, id="wrong-x-api-key"),
        pytest.param({"Authorization": "Bearer "}, id="empty-bearer"),
        pytest.param({"Authorization": "Basic azE6"}, id="basic-auth"),
        pytest.param({"Authorization": "Bearer k1x"}, id="key-prefix"),
        pytest.param({"Authorization": "Bearer k"}, id="key-truncated"),
        pytest.param({"X-API-Key": "wrong", "Authorization": "Bearer k1"}, id="wrong-x-api-key-wins"),
    ],
)
def test_missing_or_wrong_key_is_401(keyed, method, path, body, headers):
    response = keyed.open(path, method, json=body, headers=headers)

    problem = assert_problem(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "k1" not in problem["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Authorization": "Bearer k1"}, id="bearer"),
        pytest.param({"Authorization": "bearer k1"}, id="bearer-lowercase-scheme"),
        pytest.param({"X-API-Key": "k1"}, id="x-api-key"),
        pytest.param({"X-API-Key": "k2-secret"}, id="second-key"),
    ],
)
def test_valid_key_is_accepted(keyed, headers):
    assert keyed.post("/v1/events", json=DEPLOYMENT, headers=headers).status_code == 200
    assert keyed.get("/v1/event-types", headers=headers).status_code == 200


def test_key_is_checked_before_the_body(keyed):
    response = keyed.post("/v1/events", data=b"{not json", content_type="application/json")

    assert_problem(response, 401)


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.yaml", "/docs", "/metrics"])
def test_operational_endpoints_are_open_without_a_key(keyed, path):
    assert keyed.get(path).status_code == 200


def test_no_key_needed_when_none_is_configured(client):
    assert client.post("/v1/events", json=DEPLOYMENT).status_code == 200


# -- response headers ----------------------------------------------------------------


def test_responses_forbid_sniffing_and_framing(client):
    for response in (client.get("/healthz"), client.post("/v1/events", json={})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_cors_allows_only_configured_origins(make_client):
    client = make_client(cors_origins=("https://dashboard.example",))

    allowed = client.get("/healthz", headers={"Origin": "https://dashboard.example"})
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})

    assert allowed.headers["Access-Control-Allow-Origin"] == "https://dashboard.example"
    assert "Access-Control-Allow-Origin" not in other.headers


def test_no_cors_headers_by_default(client):
    response = client.get("/healthz", headers={"Origin": "https://dashboard.example"})

    assert "Access-Control-Allow-Origin" not in response.headers
