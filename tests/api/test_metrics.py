"""GET /metrics: Prometheus text with request and extraction counters."""

from __future__ import annotations

import re


def sample(text: str, name: str, **labels: str) -> float:
    """Value of one sample in Prometheus text, 0 if absent."""
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def metrics_text(client) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_metrics_count_requests_by_route_method_and_status(client):
    before = sample(metrics_text(client), "http_requests_total", route="/v1/event-types", method="GET", status="200")

    client.get("/v1/event-types")
    client.get("/v1/event-types")

    after = sample(metrics_text(client), "http_requests_total", route="/v1/event-types", method="GET", status="200")
    assert after == before + 2


def test_metrics_count_errors_and_unmatched_routes(client):
    text = metrics_text(client)
    before_422 = sample(text, "http_requests_total", route="/v1/events", method="POST", status="422")
    before_404 = sample(text, "http_requests_total", route="unmatched", method="GET", status="404")

    client.post("/v1/events", json={"text": ""})
    client.get("/no-such-page")

    text = metrics_text(client)
    assert sample(text, "http_requests_total", route="/v1/events", method="POST", status="422") == before_422 + 1
    assert sample(text, "http_requests_total", route="unmatched", method="GET", status="404") == before_404 + 1


def test_metrics_count_extracted_events_by_type(client):
    before = sample(metrics_text(client), "events_extracted_total", type="deployment")

    client.post("/v1/events", json={"text": "Russia has deployed 30,000 troops to Belarus."})

    assert sample(metrics_text(client), "events_extracted_total", type="deployment") == before + 1


def test_metrics_expose_latency_histogram(client):
    client.get("/healthz")

    assert 'http_request_duration_seconds_bucket{le="0.005",route="/healthz"}' in metrics_text(client)
