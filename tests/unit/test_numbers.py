"""Force sizes read from the parse (service/extraction/numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.extraction.numbers import count_size, number_value, parse_quantity


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
        ("Russia has 5,000+ troops near Ukraine.", "troops", 5000, "5,000+ troops"),
        ("Moscow sent 1.4 million soldiers.", "soldiers", 1400000, "1.4 million soldiers"),
        ("Russia deployed 1.5 million troops.", "troops", 1500000, "1.5 million troops"),
        ("The US will send 3,000 troops to Poland.", "troops", 3000, "3,000 troops"),
        ("Russia deployed 30,000 combat troops.", "troops", 30000, "30,000 combat troops"),
        ("Britain sent five warships.", "warships", 5, "five warships"),
        ("Russia has deployed sixty tanks to the border.", "tanks", 60, "sixty tanks"),
        ("China sent eighteen warships near Taiwan.", "warships", 18, "eighteen warships"),
        ("Russia deployed seventy-five tanks.", "tanks", 75, "seventy-five tanks"),
        ("Russia deployed twenty five tanks.", "tanks", 25, "twenty five tanks"),
        ("Russia deployed sixty main battle tanks.", "tanks", 60, "sixty main battle tanks"),
        ("Russia deployed one hundred and twenty tanks.", "tanks", 120, "one hundred and twenty tanks"),
        ("Russia deployed two thousand troops.", "troops", 2000, "two thousand troops"),
        ("Russia deployed two thousand five hundred troops.", "troops", 2500, "two thousand five hundred troops"),
        ("Russia deployed twenty-one hundred troops.", "troops", 2100, "twenty-one hundred troops"),
        ("Russia deployed a thousand troops.", "troops", 1000, "a thousand troops"),
        ("Russia deployed 100 thousand troops.", "troops", 100000, "100 thousand troops"),
        ("Russia deployed half a million troops.", "troops", 500000, "half a million troops"),
        ("Russia deployed one and a half million troops.", "troops", 1500000, "one and a half million troops"),
        ("Russia deployed a dozen warships.", "warships", 12, "a dozen warships"),
        ("Russia deployed 2 dozen warships.", "warships", 24, "2 dozen warships"),
        ("Russia deployed 5,000 of its troops.", "troops", 5000, "5,000 of its troops"),
        ("Russia sent 5,000 troops and 300 tanks.", "tanks", 300, "300 tanks"),
        # Approximations and bounds: the stated figure, the qualifier kept in the evidence.
        ("Russia deployed more than 100,000 troops.", "troops", 100000, "more than 100,000 troops"),
        ("Russia deployed nearly 10 000 troops.", "troops", 10000, "nearly 10 000 troops"),
        ("Russia deployed up to 5,000 troops.", "troops", 5000, "up to 5,000 troops"),
        ("Russia deployed about 40 jets.", "jets", 40, "about 40 jets"),
        ("Russia deployed at least 1,000 troops.", "troops", 1000, "at least 1,000 troops"),
        ("Russia deployed as many as 175,000 troops.", "troops", 175000, "as many as 175,000 troops"),
        ("The US sent an estimated 3,000 troops.", "troops", 3000, "an estimated 3,000 troops"),
        ("Russia deployed fewer than 500 troops.", "troops", 500, "fewer than 500 troops"),
        ("Russia deployed 2,500 more troops.", "troops", 2500, "2,500 more troops"),
    ],
)
def test_counted_force_has_its_size(extractor, sentence, noun, size, evidence):
    assert force_of(extractor, sentence, noun) == (size, evidence)


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("Russia massed thousands of troops near Ukraine.", "thousands of troops"),
        ("Russia deployed tens of thousands of troops.", "tens of thousands of troops"),
        ("Russia deployed some tens of thousands of troops.", "some tens of thousands of troops"),
        ("Russia deployed hundreds of thousands of troops.", "hundreds of thousands of troops"),
        ("Russia deployed hundreds of troops.", "hundreds of troops"),
        ("Russia deployed dozens of troops.", "dozens of troops"),
        ("Russia deployed several hundred troops.", "several hundred troops"),
        ("Russia deployed several thousand troops.", "several thousand troops"),
        ("Russia deployed a few thousand troops.", "a few thousand troops"),
    ],
)
def test_vague_quantity_has_no_size(extractor, sentence, evidence):
    assert force_of(extractor, sentence, "troops") == (None, evidence)


def test_force_without_a_number_has_no_quantity(extractor):
    assert force_of(extractor, "Russia moved troops to the border.", "troops") is None
    assert force_of(extractor, "Russia sent several troops.", "troops") is None


def test_number_that_names_the_force_gives_no_size(extractor):
    assert force_of(extractor, "The 54th brigades moved north.", "brigades") == (None, "54th brigades")
    assert force_of(extractor, "Russia sent 12 F-35 jets.", "jets") == (12, "12 F-35 jets")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("110,000", 110000),
        ("100,000-plus", 100000),
        ("5,000+", 5000),
        ("1.4", 1.4),
        ("twelve", 12),
        ("Five", 5),
        ("sixty", 60),
        ("eighteen", 18),
        ("seventy-five", 75),
        ("ninety nine", 99),
        ("one hundred and twenty", 120),
        ("one hundred twenty", 120),
        ("nineteen hundred", 1900),
        ("two thousand", 2000),
        ("two thousand and five", 2005),
        ("three hundred thousand", 300000),
        ("one million two hundred thousand", 1200000),
        ("1.5 million", 1500000),
        ("1.1 million", 1100000),
        ("30,000", 30000),
        ("10 000", 10000),
        ("10\u00a0000", 10000),
        ("a dozen", 12),
        ("2 dozen", 24),
        ("half a dozen", 6),
        ("a hundred", 100),
        ("zero", 0),
        # Vague counts and ill-formed numbers have no value.
        ("tens of thousands", None),
        ("hundreds", None),
        ("dozens", None),
        ("several hundred", None),
        ("a few thousand", None),
        ("five twenty", None),
        ("2 3", None),
        ("twenty and five", None),
        ("1,5", None),
        ("million million", None),
        ("a", None),
        ("and", None),
        ("many", None),
        ("", None),
    ],
)
def test_number_value(text, value):
    assert number_value(text) == value


def test_implausibly_large_count_has_no_size():
    assert count_size("1,000,000,000,000") is None
    assert count_size("9" * 400) is None


_PIECES = [
    "one",
    "twelve",
    "sixty",
    "seventy-five",
    "hundred",
    "thousand",
    "million",
    "billion",
    "and",
    "a",
    "an",
    "half",
    "dozen",
    "dozens",
    "tens",
    "of",
    "thousands",
    "several",
    "few",
    "some",
    "more",
    "than",
    "up",
    "to",
    "nearly",
    "-",
    "+",
    "plus",
    "1.5",
    "30,000",
    "10",
    "000",
    "9" * 30,
    "54th",
    "F-16",
    ",",
    ".",
    "troops",
    "tanks",
    "warships",
    "forces",
]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_has_a_non_negative_whole_size_or_none(text):
    size = count_size(text)
    assert size is None or (isinstance(size, int) and size >= 0)
    value = number_value(text)
    assert value is None or value >= 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_any_token_sequence_parses_without_raising(extractor, pieces):
    doc = extractor.nlp("Russia deployed " + " ".join(pieces) + " troops.")
    for token in doc:
        found = parse_quantity(token)
        if found is not None:
            size, first = found
            assert size is None or (isinstance(size, int) and size >= 0)
            assert first.i <= token.i


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120))
def test_any_parsed_text_gives_a_non_negative_whole_size_or_none(extractor, text):
    for token in extractor.nlp(text):
        found = parse_quantity(token)
        if found is not None:
            assert found[0] is None or (isinstance(found[0], int) and found[0] >= 0)
