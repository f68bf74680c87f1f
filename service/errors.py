"""problem+json (RFC 9457) errors: one exception type, one handler per family."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

PROBLEM_BASE = "https://event-extraction.local/problems/"
PROBLEM_MIMETYPE = "application/problem+json"

log = logging.getLogger(__name__)


class ProblemError(Exception):
    """An error the client should see, with its status and an explanation."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        slug: str,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.slug = slug
        self.errors = errors
        self.headers = headers or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def validation_error(
    errors: list[dict[str, str]], detail: str = "The request does not match the schema."
) -> ProblemError:
    return ProblemError(422, "Unprocessable Content", detail, "validation-error", errors)


def problem_response(problem: ProblemError) -> Response:
    body = problem.to_dict()
    body["instance"] = request.path
    request_id = getattr(g, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    response = current_app.response_class(
        current_app.json.dumps(body), status=problem.status, mimetype=PROBLEM_MIMETYPE
    )
    for name, value in problem.headers.items():
        response.headers[name] = value
    return response


_HTTP_SLUGS = {
    400: ("bad-request", "Bad Request"),
    404: ("not-found", "Not Found"),
    405: ("method-not-allowed", "Method Not Allowed"),
    413: ("payload-too-large", "Content Too Large"),
    415: ("unsupported-media-type", "Unsupported Media Type"),
}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ProblemError)
    def handle_problem(error: ProblemError) -> Response:
        return problem_response(error)

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException) -> Response:
        status = error.code or 500
        slug, title = _HTTP_SLUGS.get(status, ("http-error", error.name))
        detail = error.description or title
        if status == 413:
            detail = f"The request body exceeds the limit of {app.config['MAX_CONTENT_LENGTH']} bytes."
        headers = {}
        if status == 405:
            valid = getattr(error, "valid_methods", None) or []
            headers["Allow"] = ", ".join(sorted(valid))
            detail = f"{request.method} is not allowed here; allowed: {headers['Allow']}."
        if status == 404:
            detail = f"No resource at {request.path}."
        return problem_response(ProblemError(status, title, detail, slug, headers=headers))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        # Log the trace for operators; the client gets no internals.
        log.exception("unhandled error", extra={"path": request.path})
        return problem_response(
            ProblemError(500, "Internal Server Error", "The server failed to process the request.", "internal-error")
        )
