"""Invisible characters through the API: soft hyphens, zero-width characters, BOMs,
bidi and control characters, emoji and combining marks no longer lose events or end
up at the edges of spans, and offsets still index the text as submitted
(service/extraction/normalize.py)."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from service.app import create_app
from service.settings import Settings
from tests.support.api import NEWS, assert_offsets, extract, spans
from tests.support.contract import ContractClient

# What a span must never begin or end with: format and control characters, emoji.
_NOT_AN_EDGE = regex.compile(r"(?V1)[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Emoji_Presentation}[\p{Cc}--[\t\n\r]]]")
FORMAT_CHARACTERS = [
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",  # left-to-right embedding
    "\u202c",  # pop directional formatting
    "\u202e",  # right-to-left override
    "\u2060",  # word joiner
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\ufeff",  # byte order mark
]


def assert_clean_spans(text: str, events: list[dict]) -> None:
    """Every span obeys ``text[start:end] == span.text`` and has visible characters at its edges."""
    assert_offsets(text, events)
    for span in spans(text, events):
        assert span["text"], span
        for edge in (span["text"][0], span["text"][-1]):
            assert not _NOT_AN_EDGE.match(edge), span
        assert unicodedata.category(span["text"][0])[0] != "M", span


def event(events: list[dict], event_type: str) -> dict:
    [found] = [e for e in events if e["type"] == event_type]
    return found


def actor_texts(found: dict, role: str) -> list[str]:
    return [unicodedata.normalize("NFC", a["text"]) for a in found[role]]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Russia has de\u00adployed 30,000 troops to Belarus.", "de\u00adployed"),
        ("Russia has de\u200bployed 30,000 troops to Belarus.", "de\u200bployed"),
        ("Russia has de\u2060ployed 30,000 troops to Belarus.", "de\u2060ployed"),
    ],
    ids=["soft-hyphen", "zero-width-space", "word-joiner"],
)
def test_invisible_character_inside_the_trigger_keeps_the_event(client, text, trigger):
    body = extract(client, text=text)

    deployment = event(body["events"], "deployment")
    assert deployment["trigger"]["text"] == trigger
    assert actor_texts(deployment, "source") == ["Russia"]
    assert deployment["location"]["text"] == "Belarus"
    assert_clean_spans(text, body["events"])


@pytest.mark.parametrize(
    "prefix",
    ["\ufeff", "\u202e", "\u200d", "\u200c", "\u200e", "\u2066", "\x07", "\x1b", "\x00", "🔥", "🇷🇺", "👍🏽"],
    ids=["bom", "rlo", "zwj", "zwnj", "lrm", "lri", "bell", "escape", "nul", "emoji", "flag", "skin-tone"],
)
def test_character_glued_before_an_actor_stays_out_of_its_span(client, prefix):
    text = prefix + "Russia has deployed 30,000 troops to Belarus."

    body = extract(client, text=text)

    deployment = event(body["events"], "deployment")
    [source] = deployment["source"]
    assert (source["text"], source["start"]) == ("Russia", len(prefix))
    assert source["country"] == "RUS"
    assert_clean_spans(text, body["events"])


@pytest.mark.parametrize(
    "glue",
    ["\u200d", "\u200c", "\x07", "\x7f", "\x1f", "🔥", "\u2066\u2069"],
    ids=["zwj", "zwnj", "bell", "delete", "unit-separator", "emoji", "isolate"],
)
def test_character_glued_after_an_actor_stays_out_of_its_span(client, glue):
    text = "Emmanuel Macron met Vladimir Putin" + glue + " in Moscow" + glue + " on Monday."

    body = extract(client, text=text)

    meeting = event(body["events"], "meeting")
    assert actor_texts(meeting, "participants") == ["Emmanuel Macron", "Vladimir Putin"]
    assert meeting["location"]["text"] == "Moscow"
    assert_clean_spans(text, body["events"])


def test_emoji_between_two_words_still_separates_them(client):
    text = "Russia🔥has deployed 30,000 troops to Belarus🇧🇾."

    body = extract(client, text=text)

    deployment = event(body["events"], "deployment")
    assert actor_texts(deployment, "source") == ["Russia"]
    assert deployment["location"]["text"] == "Belarus"
    assert_clean_spans(text, body["events"])


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Joe Biden met Recep Tayyip Erdoğan in Ankara on Monday.", "Recep Tayyip Erdoğan"),
        ("Scholz held talks with Andrés Manuel López Obrador in Mexico City.", "Andrés Manuel López Obrador"),
        ("Emmanuel Macron met José Manuel Albares in Madrid on Monday.", "José Manuel Albares"),
    ],
    ids=["erdogan", "lopez-obrador", "albares"],
)
def test_decomposed_accents_keep_the_participant(client, sentence, name):
    # Accents typed as a letter plus a combining mark (NFD), as some CMSs store them.
    text = unicodedata.normalize("NFD", sentence)
    assert text != sentence

    body = extract(client, text=text)

    meeting = event(body["events"], "meeting")
    assert unicodedata.normalize("NFD", name) in [a["text"] for a in meeting["participants"]]
    assert_clean_spans(text, body["events"])


def test_invisible_characters_and_skipped_ranges_share_the_callers_offsets(client):
    text = (
        "\ufeffRussia has de\u00adployed 30,000 troops to Belarus.\n\nMost read\n\nPutin orders troops into Ukraine\n"
    )

    body = extract(client, text=text)

    [skipped] = body["meta"]["skipped"]
    assert text[skipped["start"] : skipped["end"]] == "Most read\n\nPutin orders troops into Ukraine"
    assert [e["type"] for e in body["events"]] == ["deployment"]
    assert_clean_spans(text, body["events"])


def test_batch_results_use_each_documents_own_offsets(client):
    documents = [{"text": "\u202eRussia has deployed 30,000 troops to Belarus."}, {"text": NEWS}]

    response = client.post("/v1/events/batch", json={"documents": documents})

    assert response.status_code == 200
    for document, result in zip(documents, response.get_json()["results"], strict=True):
        assert result["events"] and result["meta"]["skipped"] == []
        assert_clean_spans(document["text"], result["events"])


# -- property: format characters anywhere change nothing but the offsets --------


@pytest.fixture(scope="module")
def module_client(extractor, contract) -> ContractClient:
    return ContractClient(create_app(Settings(), extractor=extractor).test_client(), contract)


@pytest.fixture(scope="module")
def clean_events(module_client) -> list[dict]:
    return extract(module_client, text=NEWS, published_at="2022-02-05")["events"]


def _without_format(text: str) -> str:
    return "".join(c for c in text if c not in FORMAT_CHARACTERS)


@settings(max_examples=40, deadline=None)
@given(
    insertions=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(NEWS)), st.sampled_from(FORMAT_CHARACTERS)),
        min_size=1,
        max_size=12,
    )
)
def test_format_characters_anywhere_leave_the_events_unchanged(module_client, clean_events, insertions):
    text = NEWS
    for position, char in sorted(insertions, reverse=True):
        text = text[:position] + char + text[position:]

    events = extract(module_client, text=text, published_at="2022-02-05")["events"]

    assert [e["type"] for e in events] == [e["type"] for e in clean_events]
    assert [_without_format(e["trigger"]["text"]) for e in events] == [e["trigger"]["text"] for e in clean_events]
    assert_clean_spans(text, events)
