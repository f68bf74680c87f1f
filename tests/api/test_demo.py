"""GET /, /demo, its script and stylesheet, and /demo/seeds.json (service/api/demo.py)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from service.api import demo
from tests.conftest import load_seed, seed_ids

_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


def test_demo_page_is_served_at_root_and_at_demo(client):
    root = client.get("/")
    page = client.get("/demo")

    assert root.status_code == page.status_code == 200
    assert root.mimetype == page.mimetype == "text/html"
    assert root.get_data() == page.get_data()
    html = page.get_data(as_text=True)
    assert '<script src="/demo/demo.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/demo/demo.css">' in html
    for control in ("seed", "published-at", "text"):
        assert f'<label for="{control}">' in html, f"input #{control} has no label"


def test_demo_page_loads_only_local_assets_that_the_service_serves(client):
    html = client.get("/demo").get_data(as_text=True)

    references = [url for url in _URL.findall(html) if not url.startswith("#")]
    assert "/demo/demo.js" in references and "/demo/demo.css" in references
    for url in references:
        assert not urlsplit(url).netloc, f"asset from another host: {url}"
        assert client.get(url).status_code == 200, url


def test_script_stylesheet_and_icon_have_their_media_types(client):
    script = client.get("/demo/demo.js")
    stylesheet = client.get("/demo/demo.css")

    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"
    assert "/v1/events" in script.get_data(as_text=True)
    assert "mark.ev" in stylesheet.get_data(as_text=True)
    icon = client.get("/demo/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


def test_script_never_inserts_text_as_html(client):
    script = client.get("/demo/demo.js").get_data(as_text=True)

    # Article text and API output reach the page as text nodes only.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink


def test_demo_page_has_a_strict_content_security_policy(client):
    csp = client.get("/demo").headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe-inline" not in csp


def test_docs_keep_their_own_policy(client):
    # Swagger UI needs inline script; the demo's stricter policy must not leak to it.
    assert "'unsafe-inline'" in client.get("/docs").headers["Content-Security-Policy"]


def test_seeds_json_lists_every_seed_request_body(client):
    response = client.get("/demo/seeds.json")

    assert response.status_code == 200
    seeds = response.get_json()["seeds"]
    assert [seed["id"] for seed in seeds] == seed_ids()
    for seed in seeds:
        original = load_seed(seed["id"])
        assert seed["text"] == original["text"]
        assert seed["published_at"] == original["published_at"]
        assert seed["title"] == original.get("title")


def test_a_seed_is_a_request_body_the_api_accepts(client):
    seed = client.get("/demo/seeds.json").get_json()["seeds"][0]
    body = {key: value for key, value in seed.items() if value is not None}

    response = client.post("/v1/events", json=body)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["document"]["id"] == seed["id"]
    assert response.get_json()["events"]


def test_seeds_json_is_an_empty_list_without_a_seeds_folder(make_client, tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "SEEDS_DIR", tmp_path / "absent")
    client = make_client()

    response = client.get("/demo/seeds.json")

    assert response.status_code == 200
    assert response.get_json() == {"seeds": []}


def test_load_seeds_skips_expected_events_and_files_that_are_not_request_bodies(tmp_path):
    (tmp_path / "b.json").write_text(
        json.dumps({"text": "Russia has deployed troops.", "published_at": "2022-02-03", "title": 7}), encoding="utf-8"
    )
    (tmp_path / "a.json").write_text(json.dumps({"id": "first", "text": "Biden met Scholz."}), encoding="utf-8")
    (tmp_path / "a.expected.json").write_text(json.dumps({"events": []}), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.json").write_text(json.dumps({"text": "  "}), encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")

    seeds = demo.load_seeds(tmp_path)

    assert seeds == [
        {"id": "first", "title": None, "outlet": None, "url": None, "published_at": None, "text": "Biden met Scholz."},
        # no id: the file name; a title that is not a string: null
        {
            "id": "b",
            "title": None,
            "outlet": None,
            "url": None,
            "published_at": "2022-02-03",
            "text": "Russia has deployed troops.",
        },
    ]


def test_demo_stays_open_when_api_keys_are_required(make_client):
    client = make_client(api_keys=("secret",))

    for path in ("/", "/demo", "/demo/demo.js", "/demo/demo.css", "/demo/favicon.svg", "/demo/seeds.json"):
        assert client.get(path).status_code == 200, path
    # The page's own call still needs the key.
    assert client.post("/v1/events", json={"text": "Biden met Scholz."}).status_code == 401
    assert (
        client.post("/v1/events", json={"text": "Biden met Scholz."}, headers={"X-API-Key": "secret"}).status_code
        == 200
    )


def test_unknown_demo_asset_is_a_problem(client):
    response = client.get("/demo/app.js")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_demo_page_answers_only_get(client):
    response = client.post("/demo", json={})

    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
