"""The model reads a normalised copy of the text; offsets come back in the caller's text
(service/extraction/normalize.py)."""

from __future__ import annotations

import pytest

from service.extraction.events import Actor, Event, ExtractionResult, Mention, SkippedRange, Span
from service.extraction.normalize import normalize_text, restore_offsets


def back(text: str, start: int, end: int) -> str:
    """The caller's text for the model's ``[start:end]``."""
    model_text, offsets = normalize_text(text)
    assert offsets is not None
    first, last = offsets.span(start, end)
    return text[first:last]


@pytest.mark.parametrize(
    "text",
    ["Russia has deployed 30,000 troops.", "Zoë’s “quote” – £5, ©2022 Example News™", "tab\tand\r\nlines\n", ""],
)
def test_text_with_nothing_to_normalise_is_returned_as_is(text):
    model_text, offsets = normalize_text(text)

    assert model_text is text and offsets is None


@pytest.mark.parametrize(
    ("text", "model_text"),
    [
        ("de\u00adployed", "deployed"),
        ("de\u200bployed", "deployed"),
        ("\ufeffRussia", "Russia"),
        ("\u202eRussia\u202c", "Russia"),
        ("Mosc\u200dow Ki\u200cev", "Moscow Kiev"),
        ("Russia\x07attacked", "Russia attacked"),  # a control character between words separates them
        ("Russia\x07 attacked", "Russia attacked"),  # ...and vanishes next to a space
        ("Russia🔥attacked", "Russia attacked"),
        ("Belarus🇧🇾. (🔥Kyiv)", "Belarus. (Kyiv)"),
        ("🇺🇦 Ukraine 👍🏽", " Ukraine "),
        ("👩\u200d💻 coder", " coder"),
        ("Jose\u0301", "Jos\u00e9"),
        ("\u0301orphan", "orphan"),  # a combining mark with no letter is dropped
        ("one\u2028two\x0cthree\x85four", "one\ntwo\nthree\nfour"),
        ("a\ufe0f b", "a b"),
        ("1\ufe0f\u20e3 first", "1 first"),
    ],
)
def test_model_text(text, model_text):
    assert normalize_text(text)[0] == model_text


def test_a_composed_letter_maps_back_to_the_letter_and_its_mark():
    text = "met Jose\u0301 Albares"

    assert back(text, 4, 8) == "Jose\u0301"
    assert back(text, 7, 8) == "e\u0301"
    assert back(text, 4, 7) == "Jos"


def test_spans_map_back_without_invisible_edges():
    text = "\ufeff\u202eRussia\u200d has de\u00adployed troops🔥."
    model_text, _ = normalize_text(text)
    assert model_text == "Russia has deployed troops."

    assert back(text, 0, 6) == "Russia"
    assert back(text, 11, 19) == "de\u00adployed"
    assert back(text, 0, len(model_text)) == "Russia\u200d has de\u00adployed troops🔥."
    assert back(text, 20, 26) == "troops"


def test_an_emoji_separator_is_never_a_span_edge():
    text = "Russia🔥attacked"

    assert back(text, 0, 7) == "Russia"
    assert back(text, 6, 15) == "attacked"


def test_empty_spans_map_to_a_point():
    text = "\u00adab\u00ad"
    _, offsets = normalize_text(text)

    assert offsets.span(1, 1) == (2, 2)
    assert offsets.span(2, 2) == (4, 4)


def test_restore_offsets_moves_every_span_once_even_when_events_share_an_actor():
    text = "\ufeffRussia has de\u00adployed troops. Russia said so."
    model_text, offsets = normalize_text(text)
    russia = Actor("Russia", 0, 6, "GPE", "RUS")
    trigger = Span("deployed", 11, 19)
    first = Event("deployment", None, trigger, [Mention(trigger, Span(model_text[:27], 0, 27))], source=[russia])
    second = Event("statement", None, Span("said", 35, 39), [], source=[russia])
    result = ExtractionResult([first, second], 2, [SkippedRange(28, 42)])

    restore_offsets(result, offsets)

    for event in result.events:
        assert [(a.text, a.start, a.end) for a in event.source] == [("Russia", 1, 7)]
    assert (first.trigger.text, first.trigger.start) == ("de\u00adployed", 12)
    assert first.mentions[0].trigger == first.trigger
    assert first.mentions[0].sentence.text == "Russia has de\u00adployed troops."
    assert result.skipped == [SkippedRange(30, 44)] and text[30:44] == "Russia said so"
