"""marshmallow schemas mirroring api_spec/openapi.yaml (requests and responses)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


class StrictFloat(fields.Float):
    """A JSON number: strings and booleans are rejected, not coerced."""

    def _deserialize(self, value: Any, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError("Not a valid number.")
        return super()._deserialize(value, attr, data, **kwargs)


class PublicationDate(fields.String):
    """ISO 8601 date or date-time; loads as the calendar date used as the anchor."""

    def _deserialize(self, value: Any, attr, data, **kwargs) -> date:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _DATE_RE.match(text):
            raise ValidationError("Not an ISO 8601 date or date-time (e.g. 2022-02-07 or 2022-02-07T10:00:00Z).")
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text.replace(" ", "T").replace("Z", "+00:00")).date()
        except ValueError as exc:
            raise ValidationError(f"Not a valid date: {exc}.") from exc


def _filters_schema(type_names: list[str]) -> type[Schema]:
    """The fields a single request and a whole batch share: the anchor date and the filters."""

    class FiltersSchema(Schema):
        class Meta:
            unknown = RAISE

        published_at = PublicationDate()
        event_types = fields.List(
            fields.String(validate=validate.OneOf(type_names)), validate=validate.Length(max=len(type_names))
        )
        min_confidence = StrictFloat(validate=validate.Range(min=0, max=1), allow_nan=False)

        @validates("event_types")
        def _some_unique(self, value: list[str], **kwargs) -> None:
            if not value:
                # An empty filter would return nothing; omitting the field is how to ask for every type.
                raise ValidationError("Name at least one event type, or omit event_types for every type.")
            if len(set(value)) != len(value):
                raise ValidationError("Event types must not repeat.")

    return FiltersSchema


def make_request_schema(max_text_chars: int, type_names: list[str]) -> Schema:
    """The EventsRequest schema with the server's limits."""

    class EventsRequestSchema(_filters_schema(type_names)):
        text = fields.String(required=True, validate=validate.Length(min=1, max=max_text_chars))
        id = fields.String(validate=validate.Length(max=256))
        title = fields.String(validate=validate.Length(max=2000))
        url = fields.String(validate=validate.Length(max=2048))
        outlet = fields.String(validate=validate.Length(max=256))

        @validates("text")
        def _not_blank(self, value: str, **kwargs) -> None:
            if not value.strip():
                raise ValidationError("Text must contain something other than whitespace.")

    return EventsRequestSchema()


def make_batch_schema(max_batch_size: int, type_names: list[str]) -> Schema:
    """The BatchRequest envelope; each document is validated on its own, against the request schema."""

    class BatchRequestSchema(_filters_schema(type_names)):
        documents = fields.List(fields.Raw(), required=True, validate=validate.Length(min=1, max=max_batch_size))

        @validates("documents")
        def _objects(self, value: list[Any], **kwargs) -> None:
            if not all(isinstance(item, dict) for item in value):
                raise ValidationError("Every document must be a JSON object.")

    return BatchRequestSchema()


def flatten_errors(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    """marshmallow's nested error dict -> [{"field": "documents.0.text", "message": ...}]."""
    out: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                path = prefix or "(body)"
            out.extend(flatten_errors(value, path))
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, (dict, list)):
                out.extend(flatten_errors(item, prefix))
            else:
                out.append({"field": prefix or "(body)", "message": str(item)})
    else:
        out.append({"field": prefix or "(body)", "message": str(messages)})
    return out


# -- responses ---------------------------------------------------------------


class SpanSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class ActorSchema(SpanSchema):
    entity_type = fields.String(required=True)
    country = fields.String(allow_none=True)
    canonical = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)


class LocationSchema(SpanSchema):
    country = fields.String(allow_none=True)
    canonical = fields.String(allow_none=True)
    geonames_id = fields.Integer(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    feature = fields.String(allow_none=True)


class TimeSchema(SpanSchema):
    value = fields.String(allow_none=True)
    granularity = fields.String(allow_none=True)
    value_end = fields.String(allow_none=True)


class ForceSchema(SpanSchema):
    size = fields.Integer(allow_none=True)


class ModalitySchema(Schema):
    polarity = fields.String()
    status = fields.String()


class CameoSchema(Schema):
    code = fields.String()
    root = fields.String()
    quad_class = fields.Integer()
    goldstein = fields.Float()


class PloverSchema(Schema):
    type = fields.String()
    mode = fields.String(allow_none=True)


class CodesSchema(Schema):
    cameo = fields.Nested(CameoSchema, allow_none=True)
    plover = fields.Nested(PloverSchema, allow_none=True)


class MentionSchema(Schema):
    trigger = fields.Nested(SpanSchema)
    sentence = fields.Nested(SpanSchema)
    modality = fields.Nested(ModalitySchema)


class ContentSchema(Schema):
    type = fields.String()
    subtype = fields.String(allow_none=True)
    trigger = fields.Nested(SpanSchema)
    modality = fields.Nested(ModalitySchema)


class EventSchema(Schema):
    id = fields.String()
    type = fields.String()
    subtype = fields.String(allow_none=True)
    trigger = fields.Nested(SpanSchema)
    mentions = fields.List(fields.Nested(MentionSchema))
    source = fields.List(fields.Nested(ActorSchema))
    target = fields.List(fields.Nested(ActorSchema))
    participants = fields.List(fields.Nested(ActorSchema))
    location = fields.Nested(LocationSchema, allow_none=True)
    time = fields.Nested(TimeSchema, allow_none=True)
    modality = fields.Nested(ModalitySchema)
    codes = fields.Nested(CodesSchema)
    confidence = fields.Float()
    force = fields.Nested(ForceSchema, allow_none=True)
    content = fields.List(fields.Nested(ContentSchema))


class DocumentSchema(Schema):
    id = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    outlet = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    sentence_count = fields.Integer()
    language = fields.String()


class ModelInfoSchema(Schema):
    name = fields.String()
    version = fields.String()
    detector = fields.String()
    scorer = fields.String(allow_none=True)


class MetaSchema(Schema):
    service_version = fields.String()
    model = fields.Nested(ModelInfoSchema)
    taxonomy_version = fields.String()
    duration_ms = fields.Float()


class SkippedRangeSchema(Schema):
    start = fields.Integer()
    end = fields.Integer()
    reason = fields.String()


class DocumentMetaSchema(Schema):
    skipped = fields.List(fields.Nested(SkippedRangeSchema))


class EventsMetaSchema(MetaSchema, DocumentMetaSchema):
    """A single-document response's ``meta``: about the request and about the document."""


class DocumentResultSchema(Schema):
    document = fields.Nested(DocumentSchema)
    events = fields.List(fields.Nested(EventSchema))
    meta = fields.Nested(DocumentMetaSchema)


class EventsResponseSchema(DocumentResultSchema):
    meta = fields.Nested(EventsMetaSchema)
