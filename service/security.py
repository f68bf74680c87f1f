"""Request ids, optional API keys and response headers."""

from __future__ import annotations

import hmac
import re
import uuid

from flask import Flask, Response, g, request

from .errors import ProblemError

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Open without a key: probes, the contract, docs, metrics and the demo page (whose
# calls to /v1/* still need a key when keys are configured).
OPEN_PATHS = ("/healthz", "/readyz", "/openapi.yaml", "/docs", "/metrics", "/favicon.ico", "/demo")

_HTML_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def request_id_from_header() -> str:
    supplied = request.headers.get("X-Request-ID", "")
    return supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex


def check_api_key(keys: tuple[str, ...]) -> None:
    """401 unless the request carries one of ``keys`` (constant-time comparison)."""
    if not keys or request.path == "/" or request.path.startswith(OPEN_PATHS):
        return
    presented = request.headers.get("X-API-Key", "")
    auth = request.headers.get("Authorization", "")
    if not presented and auth[:7].lower() == "bearer ":
        presented = auth[7:].strip()
    supplied = presented.encode()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(supplied, key.encode())
    if not matched:
        raise ProblemError(
            401,
            "Unauthorized",
            "A valid API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
            "unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="event-extraction"'},
        )


def add_security_headers(response: Response, cors_origins: tuple[str, ...]) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        # A page may send a stricter policy of its own (the demo page does).
        response.headers.setdefault("Content-Security-Policy", _HTML_CSP)
    origin = request.headers.get("Origin")
    if origin and cors_origins and (origin in cors_origins or "*" in cors_origins):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization, X-API-Key, X-Request-ID"
        response.headers["Access-Control-Expose-Headers"] = "X-Request-ID"
    return response


def install(app: Flask) -> None:
    settings = app.extensions["settings"]

    @app.before_request
    def _identify_and_authorise() -> None:
        g.request_id = request_id_from_header()
        check_api_key(settings.api_keys)

    @app.after_request
    def _headers(response: Response) -> Response:
        return add_security_headers(response, settings.cors_origins)
