"""Time expressions resolved against the publication date (service/extraction/timex.py)."""

from __future__ import annotations

from datetime import date

import pytest

from service.extraction.timex import TimeNormalizer, granularity_of


@pytest.fixture(scope="module")
def times() -> TimeNormalizer:
    return TimeNormalizer()


def resolve(times, text, anchor, future=False):
    found = times.normalize(text, 0, anchor, future)
    assert found is not None, text
    return found.value, found.granularity


@pytest.mark.parametrize(
    ("text", "anchor", "future", "value", "granularity"),
    [
        ("February 7", date(2022, 2, 5), True, "2022-02-07", "day"),
        ("February 7", date(2022, 2, 9), False, "2022-02-07", "day"),
        ("on February 4", date(2022, 2, 7), False, "2022-02-04", "day"),
        ("7 February", date(2022, 2, 9), False, "2022-02-07", "day"),
        ("December 30", date(2022, 1, 3), False, "2021-12-30", "day"),  # nearest occurrence, across the year end
        ("January 2", date(2021, 12, 28), True, "2022-01-02", "day"),
        ("on Thursday", date(2022, 1, 28), False, "2022-01-27", "day"),  # the day before a Friday
        ("on Monday", date(2022, 2, 9), False, "2022-02-07", "day"),
        ("on Monday", date(2022, 2, 9), True, "2022-02-14", "day"),  # a planned act looks ahead
        ("on Thursday", date(2022, 1, 24), True, "2022-01-27", "day"),
        ("yesterday", date(2022, 2, 9), False, "2022-02-08", "day"),
        ("today", date(2022, 2, 9), False, "2022-02-09", "day"),
        ("tomorrow", date(2022, 2, 9), True, "2022-02-10", "day"),
        ("next week", date(2022, 2, 7), True, "2022-02-14", "week"),  # a week is named by its Monday
        ("next week", date(2022, 2, 9), True, "2022-02-14", "week"),
        ("last week", date(2022, 2, 9), False, "2022-01-31", "week"),
        ("mid-February", date(2022, 2, 7), False, "2022-02", "month"),
        ("in February", date(2022, 1, 20), True, "2022-02", "month"),
        ("next month", date(2022, 2, 7), True, "2022-03", "month"),
        ("in 2021", date(2022, 2, 7), False, "2021", "year"),
    ],
)
def test_expression_resolves_against_the_anchor(times, text, anchor, future, value, granularity):
    assert resolve(times, text, anchor, future) == (value, granularity)


def test_weekday_of_the_publication_day_is_that_day(times):
    # 2022-01-27 is a Thursday.
    assert resolve(times, "on Thursday", date(2022, 1, 27)) == ("2022-01-27", "day")


@pytest.mark.parametrize("text", ["48 hours", "three days", "for two weeks", "several months", "the past few days"])
def test_durations_are_not_dates(times, text):
    assert times.normalize(text, 0, date(2022, 2, 7)) is None


@pytest.mark.parametrize("text", ["the talks", "Moscow", "30,000 troops"])
def test_non_dates_are_not_dates(times, text):
    assert times.normalize(text, 0, date(2022, 2, 7)) is None


@pytest.mark.parametrize(
    ("text", "granularity"),
    [("February 7", "day"), ("on Thursday", "day"), ("next week", "week"), ("mid-February", "month")],
)
def test_without_an_anchor_a_date_without_year_has_no_value(times, text, granularity):
    found = times.normalize(text, 0, None)

    assert found is not None
    assert found.value is None
    assert found.granularity == granularity


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [("February 7, 2022", "2022-02-07", "day"), ("in 2021", "2021", "year"), ("February 2022", "2022-02", "month")],
)
def test_without_an_anchor_a_date_with_its_year_resolves(times, text, value, granularity):
    assert resolve(times, text, None) == (value, granularity)


def test_offsets_follow_the_start_given(times):
    found = times.normalize("February 7", 8, date(2022, 2, 5))

    assert (found.text, found.start, found.end) == ("February 7", 8, 18)


@pytest.mark.parametrize(
    ("text", "granularity"),
    [
        ("Thursday", "day"),
        ("February 7", "day"),
        ("7th of February", "day"),
        ("this weekend", "week"),
        ("last month", "month"),
        ("February", "month"),
        ("2021", "year"),
    ],
)
def test_granularity_of(text, granularity):
    assert granularity_of(text) == granularity


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("earlier today", "2022-02-07", "day"),
        ("this morning", "2022-02-07", "day"),
        ("later today", "2022-02-07", "day"),
        ("last June", "2021-06", "month"),
        ("last February", "2021-02", "month"),  # the anchor's own month last year
        ("this past January", "2022-01", "month"),
        ("August last year", "2021-08", "month"),
        ("June of last year", "2021-06", "month"),
        ("next March", "2022-03", "month"),
        ("in 10 days", "2022-02-17", "day"),
        ("in two weeks", "2022-02-21", "week"),
        ("in three months", "2022-05", "month"),
        ("this week", "2022-02-07", "week"),
    ],
)
def test_relative_expressions_dateparser_leaves_empty_get_a_value(times, text, value, granularity):
    found = times.normalize(text, 0, date(2022, 2, 7))

    assert (found.value, found.granularity) == (value, granularity)


def test_a_weekday_of_an_act_not_yet_done_counts_forward(extractor):
    # Published Monday 7 February 2022: "could visit ... on Thursday" is the 10th, not the 3rd.
    events = extractor.extract("Macron could visit Moscow on Thursday, officials said.", date(2022, 2, 7)).events
    visits = [e for e in events if e.type == "meeting"]
    assert visits and visits[0].time.value == "2022-02-10"
    done = extractor.extract("Macron visited Moscow on Thursday.", date(2022, 2, 7)).events
    assert [e.time.value for e in done if e.type == "meeting"] == ["2022-02-03"]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # Published Monday 10 March 2025. A date on a verb still to come looks ahead,
        # whatever the status of the act the date sits on.
        (
            "Rubio said the United States hopes to resolve the pause during talks Tuesday with Ukraine.",
            "meeting",
            "2025-03-11",
        ),
        ("Ukrainian officials are meeting U.S. envoys in Jeddah on Tuesday.", "meeting", "2025-03-11"),
        # A present perfect, and a caption's bare present, tell of what was.
        ("Demonstrators chanted as they protest in Khartoum Thursday.", "protest", "2025-03-06"),
        ("The journalist has been in custody since Tuesday over accusations of incitement.", "accusation", None),
    ],
)
def test_a_date_on_a_verb_still_to_come_counts_forward(extractor, text, kind, value):
    events = [e for e in extractor.extract(text, date(2025, 3, 10)).events if e.type == kind]
    assert events
    if value is None:
        assert all(e.time is None or e.time.value <= "2025-03-10" for e in events)
    else:
        assert events[0].time.value == value


@pytest.mark.parametrize(
    ("text", "anchor", "future", "value"),
    [
        # A past act's bare month is the latest one up to the paper's date.
        ("April", date(2019, 12, 20), False, "2019-04"),
        ("in September", date(2024, 6, 28), False, "2023-09"),
        ("March", date(2025, 3, 4), False, "2025-03"),
        # A planned act's is the next one from it.
        ("in September", date(2024, 6, 28), True, "2024-09"),
        ("February", date(2024, 3, 5), True, "2025-02"),
        ("late April", date(2021, 3, 20), True, "2021-04"),
    ],
)
def test_a_month_without_a_year_follows_the_tense_of_the_act(times, text, anchor, future, value):
    assert resolve(times, text, anchor, future)[0] == value


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("earlier this month", "2019-12", "month"),
        ("later this year", "2019", "year"),
        ("Earlier this week", "2019-12-16", "week"),
    ],
)
def test_earlier_and_later_this_period_are_the_papers_own(times, text, value, granularity):
    assert resolve(times, text, date(2019, 12, 20)) == (value, granularity)


def test_an_act_after_which_the_clause_happened_does_not_take_its_date(extractor):
    text = (
        "Security sources said Wednesday a military operation rescued 190 passengers and killed 30 "
        "terrorists, a day after an attack on a train in Balochistan."
    )
    attack = next(e for e in extractor.extract(text, date(2025, 3, 12)).events if e.trigger.text == "attack")
    assert attack.time is None or attack.time.value != "2025-03-12"


def test_in_two_weeks_outside_the_entity_is_still_a_date_ahead(extractor):
    text = "Ukraine's foreign minister Dmytro Kuleba will meet his US counterpart in two weeks."
    meeting = next(e for e in extractor.extract(text, date(2022, 2, 7)).events if e.type == "meeting")
    assert (meeting.time.text, meeting.time.value) == ("in two weeks", "2022-02-21")
    assert text[meeting.time.start : meeting.time.end] == "in two weeks"
