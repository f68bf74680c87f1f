"""Prometheus metrics, correct under several gunicorn workers.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py sets it), every worker
writes its samples to that directory and /metrics aggregates them.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("http_requests_total", "HTTP requests by route, method and status.", ["route", "method", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Request latency by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
EVENTS = Counter("events_extracted_total", "Events returned, by type.", ["type"])
DOC_CHARS = Histogram(
    "document_length_chars",
    "Length of submitted documents in characters.",
    buckets=(100, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 200000),
)
MODEL_LOAD = Gauge("model_load_seconds", "Seconds the spaCy model took to load.", multiprocess_mode="max")


class Metrics:
    """Thin facade so views record what happened without knowing Prometheus."""

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        REQUESTS.labels(route, method, str(status)).inc()
        LATENCY.labels(route).observe(seconds)

    def observe_document(self, chars: int, events: list[dict[str, Any]]) -> None:
        DOC_CHARS.observe(chars)
        for event in events:
            EVENTS.labels(event["type"]).inc()

    def observe_model_load(self, seconds: float | None) -> None:
        if seconds is not None:
            MODEL_LOAD.set(seconds)

    def render(self) -> tuple[bytes, str]:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        from prometheus_client import REGISTRY

        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
