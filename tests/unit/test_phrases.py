"""The phrase finder returns exactly what spaCy's Matcher returns (service/extraction/phrases.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.matcher import Matcher

from service.extraction.lexicon import phrase_pattern
from service.extraction.phrases import PhraseFinder

SEEDS = sorted(p for p in (Path(__file__).parents[2] / "seeds").glob("*.json") if not p.name.endswith(".expected.json"))
SENTENCES = [
    "Moscow put 30,000 troops on high alert and placed its fleet on standby.",
    "Biden said Russia would pay a “heavy price”, and would “pay a heavy price”.",
    "Rebels set off a powerful car bomb; another bomb went off later.",
    "The talks ended. Scholz and Macron spoke by phone, then held talks with Putin.",
    "Put , on alert",  # punctuation inside a wildcard does not match
]


def spacy_matches(nlp, patterns, doc):
    matcher = Matcher(nlp.vocab)
    for key, pattern in patterns.items():
        matcher.add(key, [pattern])
    return sorted((nlp.vocab.strings[i], s, e) for i, s, e in matcher(doc))


@pytest.fixture(scope="module")
def patterns(extractor):
    return {str(i): phrase.pattern for i, phrase in enumerate(extractor.lexicon.phrases)}


@pytest.mark.parametrize("text", SENTENCES)
def test_same_matches_as_spacy_on_sentences(extractor, patterns, text):
    doc = extractor.nlp(text)

    assert sorted(PhraseFinder(patterns)(doc)) == spacy_matches(extractor.nlp, patterns, doc)


def test_same_matches_as_spacy_on_the_seed_articles(extractor, patterns):
    finder = PhraseFinder(patterns)
    total = 0
    for path in SEEDS:
        doc = extractor.nlp(json.loads(path.read_text(encoding="utf-8"))["text"])
        expected = spacy_matches(extractor.nlp, patterns, doc)
        assert sorted(finder(doc)) == expected, path.name
        total += len(expected)
    assert total > 20


def test_optional_words_and_wildcards_give_every_match(extractor):
    finder = PhraseFinder({"alert": phrase_pattern("put * on ?high alert")})
    doc = extractor.nlp("They put the troops on high alert.")

    assert finder(doc) == [("alert", 1, 7)]


def test_patterns_must_start_with_a_required_word():
    with pytest.raises(ValueError):
        PhraseFinder({"bad": phrase_pattern("?high alert")})
