"""Page furniture is blanked before extraction (service/extraction/furniture.py)."""

from __future__ import annotations

from datetime import date

import pytest

from service.extraction.furniture import FurnitureDetector
from service.extraction.lexicon import default_lexicon

ARTICLE = "Russia has deployed 30,000 troops to Belarus.\n"
COOKIES = "We use cookies to improve your experience on our website.\n"


@pytest.fixture(scope="module")
def furniture() -> FurnitureDetector:
    lexicon = default_lexicon()
    return FurnitureDetector(lexicon.cues, lexicon.furniture_patterns)


def test_cookie_banner_line_is_masked_and_offsets_kept(furniture):
    text = ARTICLE + COOKIES + "Biden met Scholz in Washington.\n"

    masked, regions = furniture.mask(text)

    assert regions == [(len(ARTICLE), len(ARTICLE) + len(COOKIES))]
    assert len(masked) == len(text)
    assert masked.startswith(ARTICLE) and masked.endswith("Biden met Scholz in Washington.\n")
    assert masked[len(ARTICLE) : len(ARTICLE) + len(COOKIES)].strip() == ""
    assert masked.count("\n") == text.count("\n")


@pytest.mark.parametrize("header", ["MOST VIEWED", "Most viewed:", "Related articles", "  Read more  "])
def test_tail_header_masks_everything_after_it(furniture, header):
    text = ARTICLE + header + "\nPutin orders troops into Ukraine\nBiden meets Macron\n"

    masked, regions = furniture.mask(text)

    assert regions == [(len(ARTICLE), len(text))]
    assert masked[: len(ARTICLE)] == ARTICLE
    assert masked[len(ARTICLE) :].strip() == ""


@pytest.mark.parametrize(
    "line", ["Copyright © 2022 Example News. All rights reserved.", "Advertisement", "Sign up for our newsletter"]
)
def test_boilerplate_lines_are_furniture(furniture, line):
    text = ARTICLE + line + "\n"

    assert furniture.regions(text) == [(len(ARTICLE), len(text))]


def test_article_text_is_untouched(furniture):
    text = ARTICLE + "The most viewed video showed tanks near Kharkiv.\nNATO said the buildup continues.\n"

    masked, regions = furniture.mask(text)

    assert regions == []
    assert masked == text


def test_no_event_is_taken_from_furniture(extractor):
    text = ARTICLE + "MOST VIEWED\nBiden met Scholz in Washington on Monday.\n"

    events = extractor.extract(text).events

    assert [e.type for e in events] == ["deployment"]


LIVE_BLOG = (
    "Ukraine crisis live\n\n"
    "Thursday 27 January 2022 09:10 , Arpan Rai\n\n"
    "Kuleba met Blinken today in Kyiv.\n\n"
    "22:12 , John Bowden\n\n"
    "Biden spoke to Zelensky.\n\n"
    "Wednesday 26 January 2022 19:15 , Lamiat Sabin\n\n"
    "Defence secretary Ben Wallace said today during a visit to Berlin that the UK is not judging anyone.\n"
)


def test_live_blog_entries_carry_their_own_day(furniture):
    entries = furniture.entry_dates(LIVE_BLOG, date(2022, 1, 27))

    assert [d for _, d in entries] == [date(2022, 1, 27), date(2022, 1, 26)]
    assert LIVE_BLOG[entries[1][0] :].startswith("Wednesday 26 January 2022")


def test_an_ordinary_article_has_no_entry_dates(furniture):
    assert furniture.entry_dates(ARTICLE + "Published 26 January 2022 19:15\n", date(2022, 1, 27)) == []


def test_today_in_a_live_blog_entry_is_the_entry_day(extractor):
    events = extractor.extract(LIVE_BLOG, date(2022, 1, 27)).events

    visit = next(e for e in events if e.type == "meeting" and e.trigger.text == "visit")
    assert visit.time is not None and visit.time.value == "2022-01-26"
    talks = next(e for e in events if e.type == "meeting" and e.trigger.text == "met")
    assert talks.time is not None and talks.time.value == "2022-01-27"
