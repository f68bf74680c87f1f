"""POST /v1/events, POST /v1/events/batch, GET /v1/event-types."""

from __future__ import annotations

import time
from typing import Any

import orjson
from flask import Blueprint, current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import ProblemError, validation_error
from ..payloads import document_result, events_response, load_request, parse_json, response_meta, with_batch_defaults

bp = Blueprint("events", __name__)


def read_json() -> Any:
    """The request body as JSON: 415 if it is not UTF-8 JSON, 400 if it does not parse."""
    mimetype = request.mimetype or ""
    if not (mimetype == "application/json" or mimetype.endswith("+json")):
        raise ProblemError(
            415,
            "Unsupported Media Type",
            f"Send the body as application/json, not {mimetype or 'no content type'}.",
            "unsupported-media-type",
        )
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        # RFC 8259: JSON between systems is UTF-8; decoding other charsets would only hide mistakes.
        raise ProblemError(
            415,
            "Unsupported Media Type",
            f"Request bodies must be UTF-8 JSON; the Content-Type declares charset={charset}.",
            "unsupported-media-type",
        )
    try:
        raw = request.get_data(cache=False)
        limit = request.max_content_length
        if request.content_length is None and limit is not None and len(raw) >= limit:
            # Werkzeug cuts a streamed (chunked) body at the limit rather than rejecting
            # it; one more byte on the wire means the body was too large.
            if request.environ["wsgi.input"].read(1):
                raise RequestEntityTooLarge()
    except HTTPException:
        raise
    except Exception as exc:
        # The WSGI server's body reader fails on broken framing (gunicorn raises
        # InvalidChunkSize for a bad chunk size): the client's fault, not a 500.
        raise ProblemError(
            400,
            "Bad Request",
            "The request body could not be read: its chunked transfer encoding is malformed or incomplete.",
            "malformed-body",
        ) from exc
    return parse_json(raw)


def _json_response(body: dict[str, Any]):
    return current_app.response_class(orjson.dumps(body), mimetype="application/json")


@bp.post("/v1/events")
def extract_events():
    started = time.perf_counter()
    extractor = current_app.extensions["extractor"].get()
    raw = read_json()
    doc = load_request(current_app.extensions["request_schema"], raw)
    result = extractor.extract(doc["text"], doc.get("published_at"))
    body = events_response(doc, raw, result, extractor, started)
    current_app.extensions["metrics"].observe_document(len(doc["text"]), body["events"])
    return _json_response(body)


@bp.post("/v1/events/batch")
def extract_events_batch():
    started = time.perf_counter()
    extractor = current_app.extensions["extractor"].get()
    settings = current_app.extensions["settings"]
    raw = read_json()
    batch = load_request(current_app.extensions["batch_schema"], raw)
    total_chars = sum(len(d.get("text", "")) for d in batch["documents"] if isinstance(d.get("text"), str))
    if total_chars > settings.max_batch_chars:
        raise validation_error(
            [
                {
                    "field": "documents",
                    "message": f"The documents hold {total_chars} characters; the limit per batch is {settings.max_batch_chars}.",
                }
            ]
        )
    schema = current_app.extensions["request_schema"]
    loaded: list[dict[str, Any] | ProblemError] = []
    # Batch-level published_at, event_types and min_confidence apply where a document sets none.
    documents = [with_batch_defaults(raw, item) for item in batch["documents"]]
    for index, item in enumerate(documents):
        try:
            loaded.append(load_request(schema, item, prefix=f"documents.{index}"))
        except ProblemError as problem:
            loaded.append(problem)
    valid = [d for d in loaded if isinstance(d, dict)]
    results = iter(extractor.extract_many((d["text"], d.get("published_at")) for d in valid))
    out: list[dict[str, Any]] = []
    for index, item in enumerate(loaded):
        if isinstance(item, ProblemError):
            out.append(item.to_dict())
            continue
        body = document_result(item, documents[index], next(results))
        out.append(body)
        current_app.extensions["metrics"].observe_document(len(item["text"]), body["events"])
    return _json_response({"results": out, "meta": response_meta(extractor, started)})


@bp.get("/v1/event-types")
def event_types():
    codebook = current_app.extensions["codebook"]
    return _json_response({"taxonomy_version": codebook.version, "types": codebook.event_types()})
