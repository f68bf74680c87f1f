"""Errors as problem+json (service/errors.py): 400, 404, 405, 413, 415, hostile input, no 500s.

Every case asserts the documented status, the problem envelope and the absence
of internals, and that the service still answers a normal request afterwards.
"""

from __future__ import annotations

import io

import pytest

from service.readiness import ExtractorHolder
from tests.support.api import assert_offsets, assert_problem, extract

DEPLOYMENT = "Russia has deployed 30,000 troops to Belarus."
DEFAULT_MAX_BODY = 10 * 1024 * 1024


def assert_still_serving(client) -> None:
    events = extract(client, text=DEPLOYMENT)["events"]
    assert [e["type"] for e in events] == ["deployment"]


# -- 400 malformed JSON ----------------------------------------------------------

MALFORMED = [
    pytest.param(b'{"text": "Biden met Scholz."', id="unterminated-object"),
    pytest.param(b"{'text': 'single quotes'}", id="single-quotes"),
    pytest.param(b'{"text": "a",}', id="trailing-comma"),
    pytest.param(b"", id="empty-body"),
    pytest.param(b'{"text": NaN}', id="nan"),
    pytest.param(b'{"text": "a", "min_confidence": 1e400}', id="number-overflows-double"),
    pytest.param(b'{"text": "a\\ud800"}', id="lone-surrogate-escape"),
    pytest.param(b'{"text": "caf\xe9 \xff\xfe"}', id="invalid-utf8"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="100000-nested-arrays"),
    pytest.param(b'{"a":' * 50_000 + b"1" + b"}" * 50_000, id="50000-nested-objects"),
    pytest.param(b"\xef\xbb\xbf", id="bom-and-nothing-else"),
    pytest.param(b'\xef\xbb\xbf\xef\xbb\xbf{"text": "a"}', id="two-boms"),
]


@pytest.mark.parametrize("raw", MALFORMED)
def test_malformed_json_is_400(client, raw):
    response = client.post("/v1/events", data=raw, content_type="application/json")

    assert_problem(response, 400, "malformed-json")
    assert_still_serving(client)


def test_body_that_is_not_utf8_says_so(client):
    response = client.post("/v1/events", data=b'{"text": "caf\xe9"}', content_type="application/json")

    problem = assert_problem(response, 400, "malformed-json")
    assert "UTF-8" in problem["detail"] and "surrogates" not in problem["detail"]


@pytest.mark.parametrize("path", ["/v1/events", "/v1/events/batch"])
def test_utf8_bom_before_the_body_is_ignored(client, path):
    # RFC 8259 section 8.1: parsers MAY ignore a byte order mark; Windows tools write one.
    document = b'{"text": "Russia has deployed 30,000 troops to Belarus."}'
    body = document if path == "/v1/events" else b'{"documents": [' + document + b"]}"

    response = client.post(path, data=b"\xef\xbb\xbf" + body, content_type="application/json")

    assert response.status_code == 200, response.get_data(as_text=True)
    result = response.get_json()
    events = result["events"] if path == "/v1/events" else result["results"][0]["events"]
    assert [e["type"] for e in events] == ["deployment"]


def test_malformed_json_in_a_batch_is_400(client):
    response = client.post("/v1/events/batch", data=b'{"documents": [', content_type="application/json")

    assert_problem(response, 400, "malformed-json")


# -- 415 not JSON ------------------------------------------------------------------


NOT_JSON = {
    "text-plain": lambda: {"data": "Biden met Scholz.", "content_type": "text/plain"},
    "form-urlencoded": lambda: {"data": {"text": "Biden met Scholz."}},
    "multipart": lambda: {"data": {"text": "a", "file": (io.BytesIO(b"Biden met Scholz."), "a.txt")}},
    "no-content-type": lambda: {"data": b'{"text": "Biden met Scholz."}'},
    "xml": lambda: {"data": b'{"text": "Biden met Scholz."}', "content_type": "application/xml"},
}


@pytest.mark.parametrize("kind", NOT_JSON)
@pytest.mark.parametrize("path", ["/v1/events", "/v1/events/batch"])
def test_body_not_sent_as_json_is_415(client, path, kind):
    response = client.post(path, **NOT_JSON[kind]())

    assert_problem(response, 415, "unsupported-media-type")


def test_json_with_charset_parameter_is_accepted(client):
    response = client.post(
        "/v1/events", data=f'{{"text": "{DEPLOYMENT}"}}', content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 200


# -- 413 body too large ---------------------------------------------------------------


def test_body_over_max_body_bytes_is_413(make_client):
    client = make_client(max_body_bytes=1024)
    body = b'{"text": "' + b"a" * 1100 + b'"}'

    problem = assert_problem(
        client.post("/v1/events", data=body, content_type="application/json"), 413, "payload-too-large"
    )

    assert "1024" in problem["detail"]
    assert_still_serving(client)


def test_body_size_is_checked_before_the_json_is_parsed(make_client):
    client = make_client(max_body_bytes=1024)
    malformed = b'{"text": "' + b"a" * 1100  # would be a 400 if it were parsed

    assert_problem(client.post("/v1/events", data=malformed, content_type="application/json"), 413)
    assert_problem(client.post("/v1/events/batch", data=malformed, content_type="application/json"), 413)


def test_body_just_under_max_body_bytes_is_processed(make_client):
    client = make_client(max_body_bytes=1024)
    body = ('{"text": "' + DEPLOYMENT.ljust(1000) + '"}').encode()
    assert len(body) <= 1024

    assert client.post("/v1/events", data=body, content_type="application/json").status_code == 200


def test_body_over_the_default_limit_is_413(client):
    body = b'{"text": "' + b"a" * DEFAULT_MAX_BODY + b'"}'

    assert_problem(client.post("/v1/events", data=body, content_type="application/json"), 413, "payload-too-large")


def post_chunked(client, body: bytes):
    """A body sent without Content-Length, as a chunked request reaches the app from gunicorn."""
    return client.post(
        "/v1/events",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_chunked_body_over_the_limit_is_413(make_client):
    client = make_client(max_body_bytes=1024)

    assert_problem(post_chunked(client, b'{"text": "' + b"a" * 5000 + b'"}'), 413)
    assert_problem(post_chunked(client, b'{"text": "' + b"a" * 1013 + b'"}'), 413)  # 1025 bytes


def test_chunked_body_within_the_limit_is_processed(make_client):
    client = make_client(max_body_bytes=1024)
    body = ('{"text": "' + DEPLOYMENT.ljust(1012) + '"}').encode()
    assert len(body) == 1024

    assert post_chunked(client, body).status_code == 200


# -- 404 and 405 -----------------------------------------------------------------------


# "/" is the demo page (tests/api/test_demo.py).
@pytest.mark.parametrize(
    "path", ["/v1/event", "/v2/events", "/v1/events/123", "/demo/no-such-asset.js", "/admin/../etc/passwd"]
)
def test_unknown_route_is_404_problem(client, path):
    problem = assert_problem(client.get(path), 404, "not-found")

    assert problem["instance"].startswith("/")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/events", "POST"),
        ("PUT", "/v1/events", "POST"),
        ("GET", "/v1/events/batch", "POST"),
        ("POST", "/v1/event-types", "GET"),
        ("DELETE", "/healthz", "GET"),
        ("POST", "/readyz", "GET"),
        ("POST", "/openapi.yaml", "GET"),
        ("POST", "/metrics", "GET"),
    ],
)
def test_wrong_method_is_405_with_allow_header(client, method, path, allowed):
    response = client.open(path, method)

    problem = assert_problem(response, 405, "method-not-allowed")
    allow = {m.strip() for m in response.headers["Allow"].split(",")}
    assert allowed in allow and method not in allow
    assert method in problem["detail"]


# -- hostile input that is valid: 200 ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "\x00Russia has deployed 30,000 troops to Belarus.\x00\x01\x07\x1b[31m\x7f", id="nul-and-control-chars"
        ),
        pytest.param(
            "🇺🇦🇺🇦 Biden spoke by phone with Zelensky. 😀 Russia has deployed 30,000 troops to Belarus.", id="emoji"
        ),
        pytest.param("שלום עולם. Russia has deployed 30,000 troops to Belarus. مرحبا بالعالم", id="right-to-left"),
        pytest.param("\u202eRussia has deployed 30,000 troops to Belarus.\u202c\u200b\ufeff", id="bidi-and-zero-width"),
        pytest.param("Russia has deployed 30,000 troops to Belarus.\r\n\r\n\u2028\u2029\x0b\x0c", id="odd-line-breaks"),
        pytest.param("Russia has deployed 30,000 troops to Belarus. " + "x" * 100_000, id="100000-char-token"),
        pytest.param("e\u0301" * 2000 + " Russia has deployed 30,000 troops to Belarus.", id="combining-marks"),
    ],
)
def test_hostile_but_valid_text_is_processed_with_exact_offsets(client, text):
    body = extract(client, text=text)

    assert "deployment" in {e["type"] for e in body["events"]}
    assert assert_offsets(text, body["events"]) > 0
    assert_still_serving(client)


def test_nul_bytes_inside_words_are_accepted(client):
    text = "Biden\x00met\x00Scholz\x00in Berlin.\x00" * 3

    body = extract(client, text=text)

    assert_offsets(text, body["events"])
    assert_still_serving(client)


def test_a_single_100000_character_token_has_no_events(client):
    body = extract(client, text="x" * 100_000)

    assert body["events"] == []


def test_deeply_nested_value_inside_a_valid_object_is_422(client):
    raw = b'{"text": "a", "id": ' + b"[" * 500 + b"]" * 500 + b"}"

    assert_problem(client.post("/v1/events", data=raw, content_type="application/json"), 422)


def test_duplicate_keys_are_rejected_naming_the_key(client):
    # Last-wins would silently extract from a text the sender may not have meant.
    raw = ('{"id": "a1", "text": "The weather was mild.", "text": "' + DEPLOYMENT + '"}').encode()

    problem = assert_problem(client.post("/v1/events", data=raw, content_type="application/json"), 400, "duplicate-key")

    assert '"text"' in problem["detail"]
    assert_still_serving(client)


def test_duplicate_key_inside_a_batch_document_is_400(client):
    raw = b'{"documents": [{"text": "a"}, {"id": "x", "id": "y", "text": "b"}]}'

    problem = assert_problem(
        client.post("/v1/events/batch", data=raw, content_type="application/json"), 400, "duplicate-key"
    )

    assert '"id"' in problem["detail"]


def test_same_key_in_different_objects_is_not_a_duplicate(client):
    raw = (
        '{"documents": [{"id": "a", "text": "' + DEPLOYMENT + '"}, {"id": "b", "text": "' + DEPLOYMENT + '"}]}'
    ).encode()

    response = client.post("/v1/events/batch", data=raw, content_type="application/json")

    assert response.status_code == 200
    assert [r["document"]["id"] for r in response.get_json()["results"]] == ["a", "b"]


def test_nesting_too_deep_to_check_for_duplicates_is_400_not_500(client):
    # orjson accepts up to 1024 levels; the stdlib parser that looks for duplicates recurses.
    raw = b'{"text": "a", "id": ' + b"[" * 1020 + b"]" * 1020 + b"}"

    problem = assert_problem(client.post("/v1/events", data=raw, content_type="application/json"), 400)

    assert "too deeply" in problem["detail"]
    assert_still_serving(client)


# -- 503 and 500 -------------------------------------------------------------------------------


def test_extraction_before_the_model_is_loaded_is_503(app, contract):
    from tests.support.contract import ContractClient

    app.extensions["extractor"] = ExtractorHolder("not-loaded")
    client = ContractClient(app.test_client(), contract)

    for path, body in [
        ("/v1/events", {"text": DEPLOYMENT}),
        ("/v1/events/batch", {"documents": [{"text": DEPLOYMENT}]}),
    ]:
        response = client.post(path, json=body)
        assert_problem(response, 503, "not-ready")
        assert int(response.headers["Retry-After"]) > 0


class _FailingExtractor:
    def extract(self, text, published_at=None):
        raise RuntimeError("secret internals at /srv/service/extraction/pipeline.py")


def test_unexpected_failure_is_a_500_problem_without_internals(app):
    # A 500 is outside the contract by definition, so this uses Flask's own client.
    app.extensions["extractor"] = ExtractorHolder("failing", _FailingExtractor())

    response = app.test_client().post("/v1/events", json={"text": DEPLOYMENT})

    body = assert_problem(response, 500, "internal-error")
    assert "secret" not in response.get_data(as_text=True)
    assert "RuntimeError" not in body["detail"]
