"""Work per request grows linearly with the text (bench/worst_case.py measures the times).

Three inputs made it grow with the square of their length, so that a text of
the largest allowed size ran past gunicorn's 120 s timeout:
- text without sentence punctuation parsed as one sentence of tens of
  thousands of tokens, and the rules do per-sentence work for every trigger;
- thousands of events that cannot merge were each compared with every earlier one;
- many short lines: marking each line start re-scanned the whole document.
These tests pin the bounds, not the times.
"""

from __future__ import annotations

import pytest

from service.extraction import merge
from service.extraction.events import Event
from service.extraction.lexicon import default_lexicon
from service.extraction.pipeline import MAX_SENTENCE_TOKENS, PIPE_BATCH_CHARS, line_sentences, start_sentences
from tests.support.drafts import Draft, one_mention_event

UNPUNCTUATED = (
    "russia deployed troops to belarus biden met scholz in washington on monday and warned moscow of sanctions "
)


def test_text_without_sentence_punctuation_is_cut_into_bounded_sentences(extractor):
    text = UNPUNCTUATED * 300  # about 5,000 tokens, no full stop or line break
    tokens = len(extractor.nlp.make_doc(text))

    result = extractor.extract(text)

    assert result.sentence_count >= tokens // MAX_SENTENCE_TOKENS
    assert {e.type for e in result.events}, "events are still found in such text"


def test_ordinary_text_keeps_the_parsers_sentences(extractor):
    text = "Russia has deployed 30,000 troops to Belarus. Biden met Scholz in Washington on Monday.\nNATO warned Moscow"

    assert extractor.extract(text).sentence_count == 3


def test_line_breaks_start_sentences(extractor):
    doc = line_sentences(extractor.nlp.make_doc("Russia deployed troops\nBiden met Scholz\n\nNATO warned"))

    starts = [token.text for token in doc if token.is_sent_start]
    assert starts == ["Russia", "Biden", "NATO"]


def test_start_sentences_marks_exactly_the_given_tokens(extractor):
    doc = extractor.nlp.make_doc("one two three four five six")

    start_sentences(doc, [2, 4])

    assert [token.is_sent_start for token in doc][1:] == [None, True, None, True, None]


TYPES = default_lexicon().types


def _deployment(number: int) -> Event:
    # Far enough apart that an actor-less mention is not taken for the same act as the one before.
    start = number * (merge.NEAR_CHARS + 100)
    return one_mention_event("deployment", "deployment", "deployed", start, confidence=0.8)


def test_each_event_is_compared_with_a_bounded_number_of_earlier_ones(monkeypatch):
    calls = 0
    real_compatible = merge.compatible

    def counting(first, later, later_is_anaphor, types):
        nonlocal calls
        calls += 1
        return real_compatible(first, later, later_is_anaphor, types)

    monkeypatch.setattr(merge, "compatible", counting)
    events = [_deployment(n) for n in range(1000)]  # actor-less, not anaphoric: none merge

    merged = merge.merge_events([Draft(e) for e in events], TYPES)

    assert len(merged) == 1000
    assert calls <= len(events) * merge.MERGE_LOOKBACK  # all pairs would be 499,500


@pytest.mark.parametrize("other_types", [0, 500])
def test_events_of_other_types_do_not_use_up_the_lookback(other_types):
    first = _deployment(0)
    first.source = []
    later = _deployment(1)
    noise = []
    for n in range(other_types):
        event = _deployment(n + 2)
        event.type = "meeting"
        noise.append(event)

    drafts = [Draft(first), *(Draft(e) for e in noise), Draft(later, anaphoric=True)]
    merged = merge.merge_events(drafts, TYPES)

    # The anaphoric actor-less deployment joins the first deployment however many meetings came between.
    assert merged[0] is first and len(first.mentions) == 2
    assert len(merged) == other_types + 1


def test_a_batch_of_long_texts_is_parsed_a_bounded_number_of_characters_at_a_time(extractor, monkeypatch):
    # Five 200,000-character texts in one nlp.pipe batch took 2.8 GB; one at a time, 0.7.
    batches: list[list[int]] = []
    pipe = extractor.nlp.pipe

    def recording_pipe(texts, batch_size):
        texts = list(texts)
        batches.append([len(t) for t in texts])
        return pipe(texts, batch_size=batch_size)

    monkeypatch.setattr(extractor.nlp, "pipe", recording_pipe)
    sentence = "Russia deployed troops to Belarus on Monday. "
    long_text = sentence * (PIPE_BATCH_CHARS // len(sentence) // 2 + 1)  # a little over half the bound
    short = "Putin met Macron in Moscow."
    items = [(long_text, None), (long_text, None), (short, None), (long_text, None)] + [(short, None)] * 20
    results = list(extractor.extract_many(items, batch_size=16))
    assert len(results) == len(items)
    assert all(sum(batch) <= PIPE_BATCH_CHARS or len(batch) == 1 for batch in batches)
    assert all(len(batch) <= 16 for batch in batches)
    assert [n for batch in batches for n in batch] == [len(text) for text, _ in items]  # order kept
    # The same events as one text at a time.
    assert [r.events for r in results[:4]] == [extractor.extract(text).events for text, _ in items[:4]]


REPLIES = "Russia accused Ukraine of shelling. Kyiv denied the allegations. Militants attacked a base. Two soldiers were killed. "


def test_looking_back_for_an_accuser_or_a_scene_stops_at_its_window(extractor, monkeypatch):
    # A text of many accusations, denials and placeless attacks: each reply looks back
    # only over the drafts of its last few sentences, not over the whole story.
    from service.extraction import discourse

    calls = []
    within = discourse._within

    def counting(first, second, sentences):
        calls.append(sentences)
        return within(first, second, sentences)

    monkeypatch.setattr(discourse, "_within", counting)
    units = 60
    extractor.extract(REPLIES * units)

    assert 0 < len(calls) <= 12 * units  # a few per reply and per incident, whatever the length


def test_the_scorer_reads_the_documents_entities_once(extractor, monkeypatch):
    from service.extraction import scorer

    reads = []
    labels = scorer._sentence_entity_labels

    def counting(doc):
        reads.append(doc)
        return labels(doc)

    monkeypatch.setattr(scorer, "_sentence_entity_labels", counting)
    extractor.extract(REPLIES * 20)

    assert len(reads) == 1


def test_the_entities_of_a_phrase_are_read_from_its_tokens(extractor):
    # Span.ents rebuilds every entity of the document: per actor coded, that made a long
    # text of many actors quadratic. actor_codes reads a phrase's entities from its tokens;
    # they must be exactly what Span.ents gives, for every phrase.
    from service.extraction.actor_codes import _entities_within

    doc = extractor.nlp("Hamas fighters and Russian troops met Joe Biden in New York on Monday, the White House said.")
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            span = doc[start:end]
            assert _entities_within(span) == [(e.text, e.label_) for e in span.ents], span.text
