#!/usr/bin/env python3
"""Validate one recorded HTTP exchange against the OpenAPI spec.

Used by tests/container/run.sh on responses from the running container:

    validate_response.py SPEC METHOD PATH RESPONSE_BODY
        [--headers HEADERS_FILE]   # `curl -D` dump: status + Content-Type + headers
        [--status 200]             # expected status (default: the one in --headers, else 200)
        [--request REQUEST_BODY]   # request body, validated against the spec too
        [--base-url URL]           # the URL the request went to (server matching)
        [--min-events N]           # also require len(body["events"]) >= N

Validation is done by openapi-core (request/response pair: status code,
content type, headers and body schema of the documented response). Exit code
0 when everything is valid, 1 with the list of errors otherwise, 2 on usage
errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import PathNotFound, ServerNotFound
from openapi_core.testing import MockRequest, MockResponse


def parse_curl_headers(text: str) -> tuple[int, dict[str, str]]:
    """Status and headers of the *last* response in a `curl -D` dump."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    if not blocks:
        raise ValueError("empty headers file")
    lines = blocks[-1].strip().split("\n")
    status = int(lines[0].split()[1])  # "HTTP/1.1 200 OK"
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip()] = value.strip()
    return status, headers


def base_url_candidates(spec_path: Path, given: str | None) -> list[str]:
    """The URL actually used first, then any absolute server URL in the spec."""
    candidates = [given] if given else []
    raw = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    for server in raw.get("servers") or []:
        url = str(server.get("url", ""))
        if urlsplit(url).scheme:
            candidates.append(url)
    candidates.append("http://localhost")
    return [c.rstrip("/") or c for c in dict.fromkeys(candidates)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec", type=Path)
    ap.add_argument("method")
    ap.add_argument("path")
    ap.add_argument("response", type=Path, help="file with the response body")
    ap.add_argument("--headers", type=Path, help="`curl -D` dump of the response headers")
    ap.add_argument("--status", type=int, help="expected HTTP status")
    ap.add_argument("--request", type=Path, help="file with the request body")
    ap.add_argument("--base-url", help="base URL the request was sent to")
    ap.add_argument("--min-events", type=int, default=None)
    args = ap.parse_args(argv)

    # RFC 9457 problems (application/problem+json) and any other +json type are
    # JSON too; openapi-core only knows application/json out of the box.
    json_types = {"application/problem+json", "application/merge-patch+json"}
    raw_spec = args.spec.read_text(encoding="utf-8")
    json_types.update(t for t in _media_types(raw_spec) if t.endswith("+json"))
    config = Config(extra_media_type_deserializers={t: json.loads for t in json_types})
    openapi = OpenAPI.from_file_path(str(args.spec), config=config)

    body = args.response.read_bytes()
    status, headers = 200, {"Content-Type": "application/json"}
    if args.headers:
        status, headers = parse_curl_headers(args.headers.read_text(encoding="latin-1"))
    if args.status is not None and status != args.status and args.headers:
        print(f"FAIL: expected HTTP {args.status}, got {status}", file=sys.stderr)
        print(body[:2000].decode("utf-8", "replace"), file=sys.stderr)
        return 1
    if args.status is not None and not args.headers:
        status = args.status
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/json")
    mimetype = content_type.split(";", 1)[0].strip()

    request_body = args.request.read_bytes() if args.request else None
    errors: list[str] = []
    request_errors: list[str] = []
    matched = False
    for base in base_url_candidates(args.spec, args.base_url):
        request = MockRequest(
            base,
            args.method.lower(),
            args.path,
            data=request_body,
            headers={"Content-Type": "application/json"} if request_body is not None else None,
            content_type="application/json",
        )
        response = MockResponse(body, status_code=status, headers=headers, content_type=mimetype)
        try:
            found = list(openapi.iter_response_errors(request, response))
        except (PathNotFound, ServerNotFound):
            continue
        if any(isinstance(e, (PathNotFound, ServerNotFound)) for e in found):
            continue
        matched = True
        errors = [_describe(e) for e in found]
        if request_body is not None:
            request_errors = [_describe(e) for e in openapi.iter_request_errors(request)]
        break

    if not matched:
        print(f"FAIL: {args.method.upper()} {args.path} not found in {args.spec}", file=sys.stderr)
        return 1

    try:
        document = json.loads(body)
    except ValueError as exc:
        errors.append(f"response body is not JSON: {exc}")
        document = None
    if args.min_events is not None:
        events = document.get("events") if isinstance(document, dict) else None
        if not isinstance(events, list):
            errors.append("response has no 'events' array")
        elif len(events) < args.min_events:
            errors.append(f"expected at least {args.min_events} event(s), got {len(events)}")

    for err in request_errors:
        print(f"FAIL (request): {err}", file=sys.stderr)
    for err in errors:
        print(f"FAIL (response): {err}", file=sys.stderr)
    if errors or request_errors:
        return 1
    note = ""
    if args.min_events is not None and isinstance(document, dict):
        note = f" ({len(document['events'])} events)"
    print(f"OK: {args.method.upper()} {args.path} -> HTTP {status} {mimetype} valid against {args.spec}{note}")
    return 0


def _media_types(raw_spec: str) -> set[str]:
    """Every media type named under a `content:` map anywhere in the spec."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "content" and isinstance(value, dict):
                    found.update(str(k) for k in value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(raw_spec))
    return found


def _describe(exc: BaseException) -> str:
    """openapi-core wraps the schema errors; show the innermost details."""
    text = str(exc)
    name = type(exc).__name__
    parts = [text if text.startswith(name) else f"{name}: {text}"]
    seen = {id(exc)}
    cur: BaseException | None = exc
    while cur is not None:
        for sub in getattr(cur, "schema_errors", None) or []:
            path = "/".join(str(p) for p in getattr(sub, "absolute_path", []) or [])
            parts.append(f"  at /{path}: {getattr(sub, 'message', sub)}")
        nxt = cur.__cause__ or cur.__context__
        if nxt is None or id(nxt) in seen:
            break
        seen.add(id(nxt))
        if not getattr(nxt, "schema_errors", None):
            parts.append(f"  caused by {type(nxt).__name__}: {nxt}")
        cur = nxt
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
