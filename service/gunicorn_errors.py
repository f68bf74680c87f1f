"""Errors gunicorn answers itself, before Flask sees the request, as problem+json.

A request line over ``limit_request_line`` (414), too many or too large
headers (431), or a request that is not HTTP at all (400) is answered by
gunicorn with a small HTML page. gunicorn has no hook for that page, so
gunicorn.conf.py calls :func:`install`, which replaces ``gunicorn.util.write_error``
(looked up at call time by every worker class) with :func:`write_problem`: the same
status, as the RFC 9457 body every other error of the service has.
"""

from __future__ import annotations

import json
import uuid

from gunicorn import util

from .errors import PROBLEM_BASE, PROBLEM_MIMETYPE

_SLUGS = {
    400: "bad-request",
    403: "forbidden",
    414: "uri-too-long",
    417: "expectation-failed",
    431: "request-header-fields-too-large",
    500: "internal-error",
    501: "not-implemented",
}
_MAX_DETAIL = 500


def problem_bytes(status: int, reason: str, message: str) -> bytes:
    """A complete HTTP/1.1 response (``Connection: close``) with a problem+json body."""
    request_id = uuid.uuid4().hex
    # gunicorn's message can quote the offending request line or header: keep it short.
    detail = (message or reason)[:_MAX_DETAIL] if status < 500 else "The server failed to process the request."
    body = json.dumps(
        {
            "type": PROBLEM_BASE + _SLUGS.get(status, "http-error"),
            "title": reason,
            "status": status,
            "detail": detail,
            "request_id": request_id,
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_MIMETYPE}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-ID: {request_id}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for ``gunicorn.util.write_error(sock, status_int, reason, mesg)``."""
    util.write_nonblock(sock, problem_bytes(int(status_int), reason, mesg))


def install() -> None:
    """Make gunicorn write its own error responses as problem+json."""
    util.write_error = write_problem
