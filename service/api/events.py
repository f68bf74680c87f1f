"""POST /v1/events, POST /v1/events/batch, GET /v1/event-types."""

from __future__ import annotations

import time
from typing import Any

import orjson
from flask import Blueprint, current_app, request
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from .. import __version__
from ..errors import ProblemError, validation_error
from ..extraction.events import Event, ExtractionResult
from ..schemas import DocumentResultSchema, EventsResponseSchema, flatten_errors

bp = Blueprint("events", __name__)

_result_schema = DocumentResultSchema()
_response_schema = EventsResponseSchema()


def read_json() -> Any:
    """The request body as JSON: 415 if it is not JSON, 400 if it does not parse."""
    mimetype = request.mimetype or ""
    if not (mimetype == "application/json" or mimetype.endswith("+json")):
        raise ProblemError(415, "Unsupported Media Type", f"Send the body as application/json, not {mimetype or 'no content type'}.", "unsupported-media-type")
    raw = request.get_data(cache=False)
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(raw) >= limit:
        # Werkzeug cuts a streamed (chunked) body at the limit rather than rejecting
        # it; one more byte on the wire means the body was too large.
        if request.environ["wsgi.input"].read(1):
            raise RequestEntityTooLarge()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ProblemError(400, "Bad Request", f"The body is not valid JSON: {exc}.", "malformed-json") from exc


def _load(schema, data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        raise validation_error([{"field": prefix or "(body)", "message": "Must be a JSON object."}])
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise validation_error(flatten_errors(exc.messages, prefix)) from exc


def _document(request_doc: dict[str, Any], raw: dict[str, Any], result: ExtractionResult) -> dict[str, Any]:
    return {
        "id": request_doc.get("id"),
        "title": request_doc.get("title"),
        "url": request_doc.get("url"),
        "outlet": request_doc.get("outlet"),
        "published_at": raw.get("published_at"),
        "sentence_count": result.sentence_count,
        "language": "en",
    }


def _selected(events: list[Event], request_doc: dict[str, Any]) -> list[dict[str, Any]]:
    wanted = set(request_doc.get("event_types") or ())
    floor = request_doc.get("min_confidence", 0.0)
    return [e.to_dict() for e in events if (not wanted or e.type in wanted) and e.confidence >= floor]


def _meta(started: float) -> dict[str, Any]:
    holder = current_app.extensions["extractor"]
    extractor = holder.get()
    return {
        "service_version": __version__,
        "model": extractor.model_info,
        "taxonomy_version": extractor.codebook.version,
        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
    }


def _json_response(body: dict[str, Any]):
    return current_app.response_class(orjson.dumps(body), mimetype="application/json")


@bp.post("/v1/events")
def extract_events():
    started = time.perf_counter()
    extractor = current_app.extensions["extractor"].get()
    raw = read_json()
    doc = _load(current_app.extensions["request_schema"], raw)
    result = extractor.extract(doc["text"], doc.get("published_at"))
    body = _response_schema.dump({
        "document": _document(doc, raw, result),
        "events": _selected(result.events, doc),
        "meta": _meta(started),
    })
    current_app.extensions["metrics"].observe_document(len(doc["text"]), body["events"])
    return _json_response(body)


@bp.post("/v1/events/batch")
def extract_events_batch():
    started = time.perf_counter()
    extractor = current_app.extensions["extractor"].get()
    settings = current_app.extensions["settings"]
    raw = read_json()
    batch = _load(current_app.extensions["batch_schema"], raw)
    total_chars = sum(len(d.get("text", "")) for d in batch["documents"] if isinstance(d.get("text"), str))
    if total_chars > settings.max_batch_chars:
        raise validation_error(
            [{"field": "documents", "message": f"The documents hold {total_chars} characters; the limit per batch is {settings.max_batch_chars}."}]
        )
    schema = current_app.extensions["request_schema"]
    loaded: list[dict[str, Any] | ProblemError] = []
    for index, item in enumerate(batch["documents"]):
        try:
            loaded.append(_load(schema, item, prefix=f"documents.{index}"))
        except ProblemError as problem:
            loaded.append(problem)
    valid = [d for d in loaded if isinstance(d, dict)]
    results = iter(extractor.extract_many((d["text"], d.get("published_at")) for d in valid))
    out: list[dict[str, Any]] = []
    for index, item in enumerate(loaded):
        if isinstance(item, ProblemError):
            out.append(item.to_dict())
            continue
        result = next(results)
        events = _selected(result.events, item)
        out.append(_result_schema.dump({"document": _document(item, batch["documents"][index], result), "events": events}))
        current_app.extensions["metrics"].observe_document(len(item["text"]), events)
    return _json_response({"results": out, "meta": _meta(started)})


@bp.get("/v1/event-types")
def event_types():
    codebook = current_app.extensions["codebook"]
    return _json_response({"taxonomy_version": codebook.version, "types": codebook.event_types()})
