"""GET /openapi.yaml (the contract as served) and GET /docs (Swagger UI, offline)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from tests.support.contract import SPEC_PATH

_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
_ABSOLUTE = re.compile(r"""https?://[^\s"'<>)]+""", re.I)


def test_openapi_yaml_is_the_spec_file(client):
    response = client.get("/openapi.yaml")

    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.get_data(as_text=True) == SPEC_PATH.read_text(encoding="utf-8")
    spec = yaml.safe_load(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.1")
    assert "/v1/events" in spec["paths"]


def test_docs_serves_swagger_ui_pointing_at_the_served_spec(client):
    response = client.get("/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "swagger-ui" in html.lower()
    assert '"url": "/openapi.yaml"' in html


def test_docs_page_only_references_local_assets(client):
    html = client.get("/docs").get_data(as_text=True)

    references = _URL.findall(html)
    assert references, "the page loads its scripts and styles"
    for url in references:
        assert not urlsplit(url).netloc, f"asset from another host: {url}"
    for url in _ABSOLUTE.findall(html):
        assert urlsplit(url).hostname == "localhost", f"absolute URL to another host: {url}"


def test_docs_assets_are_served_by_the_service(app, client):
    html = client.get("/docs").get_data(as_text=True)
    # The asset files are not API operations, so Flask's own client fetches them.
    raw = app.test_client()

    for url in _URL.findall(html):
        response = raw.get(url)
        assert response.status_code == 200, url
        assert response.content_length or response.get_data(), url


def test_docs_with_trailing_slash_serves_the_same_page(app, client):
    documented = client.get("/docs").get_data(as_text=True)

    response = app.test_client().get("/docs/")  # not in the spec; same page

    assert response.status_code == 200
    assert response.get_data(as_text=True) == documented


def test_docs_page_has_a_content_security_policy(client):
    csp = client.get("/docs").headers["Content-Security-Policy"]

    assert "default-src 'self'" in csp
