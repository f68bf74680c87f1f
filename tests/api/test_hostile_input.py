"""Hostile input beyond test_errors.py: a 20 MB body, wrong JSON types in every field,
malformed publication dates, near-miss content types, an unreadable body stream.

Each case gets a documented 4xx problem, never a 500, and the service answers a
normal request afterwards.
"""

from __future__ import annotations

import io
import json

import pytest
from gunicorn.http.errors import InvalidChunkSize

from tests.support.api import assert_problem, error_fields, extract

DEPLOYMENT = "Russia has deployed 30,000 troops to Belarus."


def assert_still_serving(client) -> None:
    assert [e["type"] for e in extract(client, text=DEPLOYMENT)["events"]] == ["deployment"]


def post_json(client, path: str, body) -> object:
    # json.dumps rather than json=: some values (10**30) are beyond what the app's encoder writes.
    return client.post(path, data=json.dumps(body), content_type="application/json")


# -- a 20 MB body ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/events", "/v1/events/batch"])
def test_20_mb_body_is_413_and_the_service_keeps_serving(client, path):
    body = b'{"text": "' + b"Russia deployed troops. " * (20 * 1024 * 1024 // 24) + b'"}'
    assert len(body) > 20 * 1024 * 1024

    problem = assert_problem(client.post(path, data=body, content_type="application/json"), 413, "payload-too-large")

    assert "10485760" in problem["detail"]
    assert_still_serving(client)


# -- a JSON value of the wrong type in every field ------------------------------------------

WRONG_TYPES = [
    pytest.param(42, id="integer"),
    pytest.param(-1.5, id="float"),
    pytest.param(10**30, id="huge-integer"),
    pytest.param(True, id="boolean"),
    pytest.param(None, id="null"),
    pytest.param({"value": "x"}, id="object"),
    pytest.param(["x"], id="array"),
]
STRING_FIELDS = ["text", "id", "title", "url", "outlet", "published_at"]


@pytest.mark.parametrize("value", WRONG_TYPES)
@pytest.mark.parametrize("field", STRING_FIELDS)
def test_non_string_in_a_string_field_is_422_naming_it(client, field, value):
    body = {"text": DEPLOYMENT, field: value}

    problem = assert_problem(post_json(client, "/v1/events", body), 422, "validation-error")

    assert error_fields(problem) == {field}
    assert_still_serving(client)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(v, id=i)
        for v, i in [(0, "zero"), (1.5, "float"), (None, "null"), ({"type": "meeting"}, "object"), (True, "boolean")]
    ],
)
def test_non_string_event_type_is_422(client, value):
    problem = assert_problem(
        post_json(client, "/v1/events", {"text": DEPLOYMENT, "event_types": ["meeting", value]}), 422
    )

    assert error_fields(problem) == {"event_types.1"}


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(v, id=i)
        for v, i in [
            ([0.5], "array"),
            ({"min": 0.5}, "object"),
            (None, "null"),
            ("NaN", "nan-string"),
            ("Infinity", "infinity-string"),
        ]
    ],
)
def test_non_number_min_confidence_is_422(client, value):
    problem = assert_problem(post_json(client, "/v1/events", {"text": DEPLOYMENT, "min_confidence": value}), 422)

    assert error_fields(problem) == {"min_confidence"}


@pytest.mark.parametrize(
    "value",
    [pytest.param(v, id=i) for v, i in [(42, "integer"), (None, "null"), (["x"], "array"), ({"t": 1}, "object")]],
)
def test_wrong_types_inside_a_batch_fail_only_their_document(client, value):
    documents = [{"text": DEPLOYMENT}, {"text": value}, {"text": DEPLOYMENT, "title": value, "published_at": value}]

    response = post_json(client, "/v1/events/batch", {"documents": documents})

    assert response.status_code == 200
    first, second, third = response.get_json()["results"]
    assert [e["type"] for e in first["events"]] == ["deployment"]
    assert second["status"] == 422 and error_fields(second) == {"documents.1.text"}
    assert third["status"] == 422 and error_fields(third) == {"documents.2.title", "documents.2.published_at"}


# -- malformed publication dates -----------------------------------------------------------------

MALFORMED_DATES = [
    "",
    " ",
    "2022-02-07 ",
    " 2022-02-07",
    "2022-02-07\n",
    "2022-2-7",
    "22-02-07",
    "2022/02/07",
    "20220207",
    "2022-02-07T",
    "2022-02-07T24:00",
    "2022-02-07T10:60",
    "2022-02-07T10:00:61",
    "2022-02-07T10:00+25:00",
    "2022-02-07T10:00:00ZZ",
    "0000-01-01",
    "2022-00-10",
    "2022-02-29",
    "2021-04-31",
    "+2022-02-07",
    "２０２２-０２-０７",
    "٢٠٢٢-٠٢-٠٧",
    "2022-02-07\x00",
    "next Thursday",
    "1644192000",
    "2022-02-07" * 1000,
]


@pytest.mark.parametrize("published_at", MALFORMED_DATES, ids=[repr(d)[:30] for d in MALFORMED_DATES])
def test_malformed_published_at_is_422(client, published_at):
    problem = assert_problem(post_json(client, "/v1/events", {"text": DEPLOYMENT, "published_at": published_at}), 422)

    assert error_fields(problem) == {"published_at"}
    assert_still_serving(client)


@pytest.mark.parametrize(
    "published_at",
    [
        "2022-02-07",
        "2024-02-29",
        "2022-02-07T10:00:00Z",
        "2022-02-07 10:00",
        "2022-02-07T10:00:00.123456+05:30",
        "2022-02-07T23:59:59-0800",
    ],
)
def test_well_formed_published_at_is_accepted_and_echoed(client, published_at):
    body = extract(client, text=DEPLOYMENT, published_at=published_at)

    assert body["document"]["published_at"] == published_at


# -- content types that are almost JSON ------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/json",
        "application/jsonx",
        "application/json-seq",
        "application/x-json",
        "json",
        "application/javascript",
        "*/*",
        "application/*",
    ],
)
def test_near_miss_content_type_is_415(client, content_type):
    response = client.post("/v1/events", data=json.dumps({"text": DEPLOYMENT}), headers={"Content-Type": content_type})

    assert_problem(response, 415, "unsupported-media-type")
    assert_still_serving(client)


@pytest.mark.parametrize(
    "content_type",
    [
        "APPLICATION/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        'application/json; charset="utf-8"',
        "application/json; charset=utf8",
        "application/merge-patch+json",
    ],
)
def test_json_content_type_variants_are_accepted(client, content_type):
    response = client.post("/v1/events", data=json.dumps({"text": DEPLOYMENT}), headers={"Content-Type": content_type})

    assert response.status_code == 200


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "ISO-8859-1", "us-ascii"])
@pytest.mark.parametrize("path", ["/v1/events", "/v1/events/batch"])
def test_body_in_another_charset_is_415(client, path, charset):
    document = {"text": "Le président a rencontré Scholz à Berlin."}
    body = json.dumps(document if path == "/v1/events" else {"documents": [document]}, ensure_ascii=False)

    response = client.post(
        path,
        data=body.encode(charset, errors="replace"),
        content_type=f"application/json; charset={charset}",
    )

    problem = assert_problem(response, 415, "unsupported-media-type")
    assert "must be UTF-8 JSON" in problem["detail"] and charset in problem["detail"]
    assert "surrogate" not in problem["detail"]
    assert_still_serving(client)


# -- a body the server cannot read --------------------------------------------------------------


class BrokenChunkedStream(io.BytesIO):
    """A WSGI input whose reads fail as gunicorn's do on a malformed chunk size."""

    def read(self, size: int | None = -1) -> bytes:
        # Not an OSError or ValueError, which Werkzeug already reports as a client disconnect.
        raise InvalidChunkSize(b"ZZ")

    readline = read1 = read

    def readinto(self, buffer) -> int:
        raise InvalidChunkSize(b"ZZ")


@pytest.mark.parametrize("path", ["/v1/events", "/v1/events/batch"])
def test_body_whose_framing_breaks_is_400_not_500(client, path):
    response = client.post(
        path,
        input_stream=BrokenChunkedStream(b'{"text": "' + DEPLOYMENT.encode() + b'"}'),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    problem = assert_problem(response, 400, "malformed-body")
    assert "chunk" in problem["detail"] and "ZZ" not in problem["detail"]
    assert_still_serving(client)
