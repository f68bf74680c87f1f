"""GET /openapi.yaml (the contract as served) and GET /docs (Swagger UI, offline)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app
from flask_swagger_ui import get_swaggerui_blueprint

SPEC_PATH = Path(__file__).resolve().parents[2] / "api_spec" / "openapi.yaml"

bp = Blueprint("spec", __name__)

# Swagger UI's assets ship inside the flask-swagger-ui wheel: no CDN.
docs_bp = get_swaggerui_blueprint(
    "/docs",
    "/openapi.yaml",
    config={"app_name": "Event extraction API", "validatorUrl": None},
    blueprint_name="docs",
)


@bp.get("/docs")
def docs_page():
    """The Swagger UI page at the documented path itself, not a redirect to /docs/."""
    return current_app.view_functions["docs.show"]()


@bp.get("/openapi.yaml")
def openapi_yaml():
    return Response(current_app.extensions["spec_text"], mimetype="application/yaml")


def read_spec() -> str:
    return SPEC_PATH.read_text(encoding="utf-8")
