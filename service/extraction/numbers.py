"""Read force sizes such as "110,000 troops", "some 150,000 soldiers", "1.4 million"."""

from __future__ import annotations

import re

from spacy.tokens import Token

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "a": 1,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {"thousands", "hundreds", "tens", "dozens", "millions"}


def number_value(text: str) -> float | None:
    """The value of a number word or figure, or None."""
    cleaned = text.lower().replace(",", "").rstrip("+").removesuffix("-plus")
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return float(cleaned)
    return _WORDS.get(cleaned)


def parse_quantity(noun: Token) -> tuple[int | None, Token] | None:
    """(size, first token) for the count attached to ``noun``; size None when vague."""
    numbers = [c for c in noun.children if c.dep_ in {"nummod", "quantmod"} or (c.like_num and c.i < noun.i)]
    head = noun
    if not numbers and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        # "thousands of troops", "tens of thousands of soldiers"
        quantity = noun.head.head
        if quantity.lower_ in _VAGUE or quantity.lower_ in _SCALES:
            start = quantity.left_edge
            return None, start
        if quantity.like_num:
            numbers = [quantity]
            head = quantity
    if not numbers:
        return None
    number = numbers[0]
    tokens = sorted(
        [
            number,
            *[c for c in number.children if c.like_num or c.lower_ in _SCALES or c.dep_ in {"quantmod", "compound"}],
        ],
        key=lambda t: t.i,
    )
    value = None
    total = 0.0
    for tok in tokens:
        v = number_value(tok.text)
        if tok.lower_ in _SCALES:
            total = (total or 1) * _SCALES[tok.lower_]
        elif v is not None:
            total += v
    if total:
        value = int(total)
    nxt = number.nbor(1) if number.i + 1 < len(number.doc) else None
    if nxt is not None and nxt.lower_ in _SCALES and value is not None and nxt.i < noun.i:
        value = int(value * _SCALES[nxt.lower_])
    start = min(t.i for t in tokens)
    # Include approximators and "some" in the evidence span.
    while (
        start > 0
        and number.doc[start - 1].lower_
        in {
            "some",
            "about",
            "around",
            "nearly",
            "almost",
            "over",
            "up",
            "to",
            "an",
            "estimated",
            "approximately",
            "roughly",
            "more",
            "than",
        }
        and number.doc[start - 1].i >= head.left_edge.i
    ):
        start -= 1
    if number.text.lower() in _VAGUE:
        value = None
    return value, number.doc[start]
