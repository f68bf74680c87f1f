"""GET /healthz (process up) and GET /readyz (model loaded)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    extractor = current_app.extensions["extractor"].get()  # 503 problem until loaded
    return jsonify({"status": "ready", "model": extractor.model_info})
