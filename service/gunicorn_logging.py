"""gunicorn's own logs (access and error) as the same JSON lines as the app's.

gunicorn.conf.py sets ``logger_class`` to :class:`JsonLogger`. The access
line is a structured record, not a format string filled with request data, so
quotes, backslashes or control characters in a path cannot break the JSON.
"""

from __future__ import annotations

import traceback
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from .logs import ROUTE_ENVIRON_KEY, RequestIdFilter, json_formatter


class JsonLogger(Logger):
    """gunicorn logger writing JSON lines with the service's fields."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        # gunicorn marks the handlers it creates; give them the service's format.
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False):
                    handler.setFormatter(json_formatter())
                    if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
                        handler.addFilter(RequestIdFilter())

    def access(self, resp, req, environ: dict[str, Any], request_time: timedelta) -> None:
        """One JSON line per request: request id, method, path, route, status, duration."""
        if not self.access_log_enabled:
            return
        try:
            self.access_log.info("access", extra=access_fields(resp, req, environ, request_time))
        except Exception:
            self.error(traceback.format_exc())


def access_fields(resp, req, wsgi: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
    """The structured fields of one access line (gunicorn's response and request, the WSGI environ)."""
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    try:
        status = int(status)
    except (TypeError, ValueError):
        pass
    response_headers = _headers(resp.headers)
    request_headers = _headers(getattr(req, "headers", None) or [])
    sent = getattr(resp, "sent", None)
    return {
        # The service answers with the id it used (generated when the client sent none or a bad one).
        "request_id": response_headers.get("x-request-id") or request_headers.get("x-request-id"),
        "method": wsgi.get("REQUEST_METHOD"),
        "path": wsgi.get("PATH_INFO"),
        "query": wsgi.get("QUERY_STRING") or None,
        "route": wsgi.get(ROUTE_ENVIRON_KEY),
        "status": status,
        "duration_ms": round(request_time.total_seconds() * 1000, 3),
        "bytes_in": _content_length(wsgi),
        "bytes_out": sent if isinstance(sent, int) else None,
        "remote_addr": wsgi.get("REMOTE_ADDR"),
        "protocol": wsgi.get("SERVER_PROTOCOL"),
        "user_agent": request_headers.get("user-agent"),
    }


def _headers(headers) -> dict[str, str]:
    items = headers.items() if hasattr(headers, "items") else headers
    return {str(name).lower(): value for name, value in items}


def _content_length(wsgi: dict[str, Any]) -> int:
    try:
        return int(wsgi.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
