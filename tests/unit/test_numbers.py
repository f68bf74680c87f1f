"""Force sizes read from the parse (service/extraction/numbers.py)."""

from __future__ import annotations

import pytest

from service.extraction.numbers import number_value, parse_quantity


def force_of(extractor, sentence: str, noun: str):
    """(size, evidence text from the count to the noun) for ``noun`` in ``sentence``."""
    doc = extractor.nlp(sentence)
    token = next(t for t in doc if t.text == noun)
    found = parse_quantity(token)
    if found is None:
        return None
    size, first = found
    return size, doc[first.i : token.i + 1].text


@pytest.mark.parametrize(
    ("sentence", "noun", "size", "evidence"),
    [
        ("Russia has deployed 110,000 troops to the border.", "troops", 110000, "110,000 troops"),
        ("Russia sent some 150,000 soldiers to the border.", "soldiers", 150000, "some 150,000 soldiers"),
        ("Russia has 100,000-plus troops near Ukraine.", "troops", 100000, "100,000-plus troops"),
        ("Moscow sent 1.4 million soldiers.", "soldiers", 1400000, "1.4 million soldiers"),
        ("The US will send 3,000 troops to Poland.", "troops", 3000, "3,000 troops"),
        ("Britain sent five warships.", "warships", 5, "five warships"),
    ],
)
def test_counted_force_has_its_size(extractor, sentence, noun, size, evidence):
    assert force_of(extractor, sentence, noun) == (size, evidence)


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("Russia massed thousands of troops near Ukraine.", "thousands of troops"),
        ("Russia deployed tens of thousands of troops.", "tens of thousands of troops"),
    ],
)
def test_vague_quantity_has_no_size(extractor, sentence, evidence):
    assert force_of(extractor, sentence, "troops") == (None, evidence)


def test_force_without_a_number_has_no_quantity(extractor):
    assert force_of(extractor, "Russia moved troops to the border.", "troops") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("110,000", 110000),
        ("100,000-plus", 100000),
        ("5,000+", 5000),
        ("1.4", 1.4),
        ("twelve", 12),
        ("Five", 5),
        ("many", None),
        ("", None),
    ],
)
def test_number_value(text, value):
    assert number_value(text) == value
