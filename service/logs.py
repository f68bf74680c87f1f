"""JSON logs with the request id in every line; article text is never logged by default."""

from __future__ import annotations

import logging

from flask import g, has_request_context
from pythonjsonlogger.json import JsonFormatter

# WSGI environ key where the app leaves the matched route for gunicorn's access line.
ROUTE_ENVIRON_KEY = "event_service.route"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = getattr(g, "request_id", None) if has_request_context() else None
        return True


def json_formatter() -> JsonFormatter:
    """The one JSON line format of the service: the app's logs and gunicorn's (service/gunicorn_logging.py)."""
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields={"levelname": "level", "asctime": "time"}
    )


def configure_logging(level: str) -> None:
    """Send JSON lines to stderr (idempotent)."""
    root = logging.getLogger()
    if any(getattr(h, "_event_service", False) for h in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler()
    handler._event_service = True  # type: ignore[attr-defined]
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level)
