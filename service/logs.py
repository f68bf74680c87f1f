"""JSON logs with the request id in every line; article text is never logged by default."""

from __future__ import annotations

import logging

from flask import g, has_request_context
from pythonjsonlogger.json import JsonFormatter


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = getattr(g, "request_id", None) if has_request_context() else None
        return True


def configure_logging(level: str) -> None:
    """Send JSON lines to stderr (idempotent)."""
    root = logging.getLogger()
    if any(getattr(h, "_event_service", False) for h in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler()
    handler._event_service = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields={"levelname": "level", "asctime": "time"}))
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level)
