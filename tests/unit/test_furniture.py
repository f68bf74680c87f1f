"""Page furniture is blanked before extraction (service/extraction/furniture.py)."""

from __future__ import annotations

from datetime import date

import pytest

from service.extraction.furniture import FurnitureDetector, trimmed
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


# -- a tail header masks only the teasers after it ----------------------------------

PARAGRAPHS = (
    "German Chancellor Olaf Scholz will meet with Biden in Washington on February 7.\n"
    "Ukrainian President Volodymyr Zelensky warned that Russia could invade within weeks.\n"
)
TEASERS = "Putin orders troops into Ukraine\n  • Biden meets Macron\n1. Will Russia invade Ukraine?\n"


@pytest.mark.parametrize("header", ["Read more", "Latest news", "Popular", "Trending", "Recommended"])
def test_header_followed_by_prose_masks_only_the_header_line(furniture, header):
    text = ARTICLE + header + "\n" + PARAGRAPHS

    masked, regions = furniture.mask(text)

    assert regions == [(len(ARTICLE), len(ARTICLE) + len(header) + 1)]
    assert masked.endswith(PARAGRAPHS)


def test_teasers_mid_text_are_masked_up_to_the_article_prose(furniture):
    text = ARTICLE + "Most read\n" + TEASERS + PARAGRAPHS

    masked, regions = furniture.mask(text)

    assert regions == [(len(ARTICLE), len(ARTICLE) + len("Most read\n" + TEASERS))]
    assert masked.endswith(PARAGRAPHS)


def test_truncated_teaser_snippets_are_not_prose(furniture):
    # Seed 000's "MOST VIEWED" list: headlines with snippets cut off mid-sentence.
    snippet = "The long-awaited matchup has become the most anticipated fight of the year. It will see six"
    text = ARTICLE + "MOST VIEWED\n\n  • Tensions high ahead of match up\n\n    " + snippet + "\n\nMore …\n"

    assert furniture.regions(text) == [(len(ARTICLE), len(text))]


def test_a_standfirst_before_article_prose_is_not_masked(furniture):
    # Headline, standfirst, headline, then paragraphs: the run gives way to the article,
    # so only what comes before the first prose line is masked.
    standfirst = "The Russian president ordered troops into two breakaway regions on Monday.\n"
    text = (
        ARTICLE + "Latest news\nPutin orders troops into Ukraine\n" + standfirst + "Biden meets Macron\n" + PARAGRAPHS
    )

    masked, regions = furniture.mask(text)

    assert regions == [(len(ARTICLE), text.index(standfirst))]
    assert standfirst in masked


def test_several_headers_each_mask_their_own_run(furniture):
    text = ARTICLE + "Popular\n" + TEASERS + PARAGRAPHS + "Related stories\n" + TEASERS

    regions = furniture.regions(text)

    first = text.index("Popular")
    second = text.index("Related stories")
    assert regions == [(first, first + len("Popular\n" + TEASERS)), (second, len(text))]


def test_many_header_lines_stay_linear(furniture):
    text = "Popular\n" * 50_000

    assert furniture.regions(text) == [(0, len(text))]


def test_overlapping_regions_are_merged(furniture):
    text = ARTICLE + "Most read\nSign up for our newsletter\n" + TEASERS

    assert furniture.regions(text) == [(len(ARTICLE), len(text))]


def test_trimmed_regions_leave_out_surrounding_whitespace():
    text = "ab\n  Most read  \n\nx\n"

    assert trimmed(text, [(3, len(text)), (0, 0), (17, 18)]) == [(text.index("Most"), text.index("x") + 1)]
