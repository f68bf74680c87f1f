"""Page furniture through the API: a header line such as "Read more" no longer blanks
the rest of the article, real teaser lists are still skipped, and every skipped
range is reported in ``meta.skipped`` (service/extraction/furniture.py)."""

from __future__ import annotations

import pytest

from tests.support.api import assert_offsets, extract

LEAD = "Russia has deployed 30,000 troops to Belarus for joint exercises, the defence ministry said on Thursday.\n\n"
REST = (
    "German Chancellor Olaf Scholz will meet with Biden in Washington on February 7.\n\n"
    "Ukrainian President Volodymyr Zelensky warned that Russia could invade within weeks.\n\n"
    "Police arrested 20 protesters in Moscow on Sunday.\n"
)
HEADERS = ["Read more", "Latest news", "Popular", "Trending", "Recommended", "Most read", "Related stories:"]
TEASERS = "Putin orders troops into Ukraine\n\n  • Biden meets Macron in Paris\n\nWhat Nato's new deployment means\n"


def found(events: list[dict]) -> list[tuple[str, str]]:
    return [(e["type"], e["trigger"]["text"]) for e in events]


def skipped(text: str, needle: str, through: str | None = None) -> dict:
    """The ``meta.skipped`` item covering ``needle`` (up to the end of ``through``)."""
    start = text.index(needle)
    end = text.index(through, start) + len(through) if through else start + len(needle)
    return {"start": start, "end": end, "reason": "furniture"}


@pytest.mark.parametrize("header", HEADERS)
def test_header_line_mid_text_keeps_every_event_after_it(client, header):
    # Live blogs and wire copy carry these lines mid-text; they used to blank the rest.
    text = LEAD + header + "\n\n" + REST
    clean = extract(client, text=LEAD + REST)

    body = extract(client, text=text)

    assert found(body["events"]) == found(clean["events"])
    assert {"deployment", "meeting", "warning", "arrest"} <= {e["type"] for e in body["events"]}
    assert body["meta"]["skipped"] == [skipped(text, header)]
    assert assert_offsets(text, body["events"]) > 10


def test_batch_document_of_two_articles_keeps_the_second_articles_events(client):
    headline = "Putin and Macron hold talks in Moscow"
    second = (
        "French President Emmanuel Macron met Vladimir Putin in Moscow on Monday.\n\n"
        "Ukrainian President Volodymyr Zelensky warned that Russia could invade within weeks.\n"
    )
    joined = LEAD + "Latest news\n\n" + headline + "\n\n" + second
    alone = extract(client, text=second)

    response = client.post("/v1/events/batch", json={"documents": [{"text": joined}, {"text": LEAD}]})

    assert response.status_code == 200
    results = response.get_json()["results"]
    events = results[0]["events"]
    offset = joined.index(second)
    tail = [(e["type"], e["trigger"]["text"]) for e in events if e["trigger"]["start"] >= offset]
    assert tail == found(alone["events"]) and {"meeting", "warning"} <= {t for t, _ in tail}
    assert [e["type"] for e in events if e["trigger"]["start"] < offset] == ["deployment", "exercise"]
    # The header and the second article's headline (a teaser-like line) are all that was skipped.
    assert results[0]["meta"]["skipped"] == [skipped(joined, "Latest news", headline)]
    assert results[1]["meta"]["skipped"] == []
    assert_offsets(joined, events)


def test_teaser_list_after_a_header_is_skipped_and_reported_with_exact_ranges(client):
    text = LEAD + "Most read\n\n" + TEASERS + "\n"
    clean = extract(client, text=LEAD)

    body = extract(client, text=text)

    assert found(body["events"]) == found(clean["events"])
    [item] = body["meta"]["skipped"]
    assert item == skipped(text, "Most read", "What Nato's new deployment means")
    assert text[item["start"] : item["end"]] == "Most read\n\n" + TEASERS.rstrip()


def test_teaser_list_mid_text_is_skipped_up_to_the_article_prose_after_it(client):
    text = LEAD + "Related stories\n\n" + TEASERS + "\n" + REST
    clean = extract(client, text=LEAD + REST)

    body = extract(client, text=text)

    assert found(body["events"]) == found(clean["events"])
    assert body["meta"]["skipped"] == [skipped(text, "Related stories", "What Nato's new deployment means")]


def test_teasers_with_standfirsts_at_the_end_are_skipped(client):
    cards = (
        "Trending\n\n"
        "Putin orders troops into Ukraine\n\n"
        "The Russian president ordered troops into two breakaway regions of eastern Ukraine on Monday.\n\n"
        "Biden meets Macron in Paris\n\n"
        "The two leaders met in Paris to discuss sanctions against Russia, officials said.\n"
    )
    text = LEAD + cards

    body = extract(client, text=text)

    assert [e["type"] for e in body["events"]] == ["deployment", "exercise"]
    assert body["meta"]["skipped"] == [{"start": len(LEAD), "end": len(text.rstrip()), "reason": "furniture"}]


def test_a_text_without_furniture_reports_nothing_skipped(client):
    body = extract(client, text=LEAD + REST)

    assert body["meta"]["skipped"] == []


def test_cookie_banner_is_reported_as_skipped(client):
    banner = "We use cookies to improve your experience on our website."
    text = banner + "\n" + LEAD

    body = extract(client, text=text)

    assert body["meta"]["skipped"] == [skipped(text, banner)]
    assert [e["type"] for e in body["events"]] == ["deployment", "exercise"]
