"""/metrics of a running service adds up across its gunicorn workers.

    check_metrics.py BASE_URL SEED_JSON [--posts N]

Posts the seed N times (4 at a time, so every worker gets some), then reads
/metrics: events_extracted_total must equal the events the responses held and
http_requests_total for POST /v1/events 200 must have grown by N. Used by
tests/container/run.sh against the image and its compose service; exits 1 with
the reason otherwise. Only ever contacts the given (loopback) URL.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import requests
from prometheus_client.parser import text_string_to_metric_families

POST_LABELS = {"route": "/v1/events", "method": "POST", "status": "200"}


def totals(base_url: str) -> tuple[float, float]:
    """(events_extracted_total summed over types, POST /v1/events 200 count)."""
    body = requests.get(base_url + "/metrics", timeout=10).text
    events = posts = 0.0
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == "events_extracted_total":
                events += sample.value
            elif sample.name == "http_requests_total" and sample.labels == POST_LABELS:
                posts += sample.value
    return events, posts


def post(base_url: str, body: dict) -> int:
    response = requests.post(base_url + "/v1/events", json=body, timeout=120)
    response.raise_for_status()
    return len(response.json()["events"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("seed")
    parser.add_argument("--posts", type=int, default=8)
    args = parser.parse_args()
    with open(args.seed, encoding="utf-8") as handle:
        body = json.load(handle)

    events_before, posts_before = totals(args.base_url)
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: post(args.base_url, body), range(args.posts)))
    events_after, posts_after = totals(args.base_url)

    problems = []
    if sum(counts) == 0:
        problems.append("the seed gave no events, so the counters prove nothing")
    if events_after - events_before != sum(counts):
        problems.append(
            f"events_extracted_total grew by {events_after - events_before:g}, responses held {sum(counts)}"
        )
    if posts_after - posts_before != args.posts:
        problems.append(f"http_requests_total{POST_LABELS} grew by {posts_after - posts_before:g}, sent {args.posts}")
    if problems:
        print("metrics do not add up: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"/metrics: {args.posts} POSTs, {sum(counts)} events, both counted across workers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
