"""GET / and /demo (the demo page), its script, stylesheet and icon, and /demo/seeds.json.

The page is static HTML + vanilla JS + CSS from service/demo/ (no build step,
no CDN); it calls POST /v1/events like any other client.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, send_from_directory

ASSETS = Path(__file__).resolve().parents[1] / "demo"
# The seed articles of the repository (copied into the Docker image as /app/seeds).
SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
_SEED_FIELDS = ("id", "title", "outlet", "url", "published_at", "text")

# Stricter than the service's default HTML policy: the page has no inline script
# or style at all, and talks only to this origin.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

bp = Blueprint("demo", __name__)
log = logging.getLogger(__name__)


@bp.get("/")
@bp.get("/demo")
def demo_page():
    response = _asset("index.html", "text/html")
    response.headers["Content-Security-Policy"] = PAGE_CSP
    return response


@bp.get("/demo/demo.js")
def demo_script():
    return _asset("demo.js", "text/javascript")


@bp.get("/demo/demo.css")
def demo_stylesheet():
    return _asset("demo.css", "text/css")


@bp.get("/demo/favicon.svg")
def demo_icon():
    return _asset("favicon.svg", "image/svg+xml")


@bp.get("/demo/seeds.json")
def demo_seeds():
    seeds = current_app.extensions.get("demo_seeds")
    if seeds is None:
        seeds = current_app.extensions["demo_seeds"] = load_seeds(SEEDS_DIR)
    return current_app.response_class(json.dumps({"seeds": seeds}, ensure_ascii=False), mimetype="application/json")


def _asset(name: str, mimetype: str):
    # max_age=0: the browser revalidates (ETag), so a new release is picked up at once.
    return send_from_directory(ASSETS, name, mimetype=mimetype, max_age=0)


def load_seeds(directory: Path) -> list[dict[str, Any]]:
    """The request bodies in ``directory/*.json`` (not ``*.expected.json``), sorted by file name.

    A missing directory gives an empty list; a file that is not a request body
    with a ``text`` is skipped with a warning rather than breaking the page.
    """
    seeds: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("seed skipped", extra={"file": path.name, "reason": str(exc)})
            continue
        if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not body["text"].strip():
            log.warning("seed skipped", extra={"file": path.name, "reason": "no text"})
            continue
        seed = {key: body[key] if isinstance(body.get(key), str) else None for key in _SEED_FIELDS}
        seed["id"] = seed["id"] or path.name.removesuffix(".json")
        seeds.append(seed)
    return seeds
