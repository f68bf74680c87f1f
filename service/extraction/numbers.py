"""Read force sizes: "sixty tanks", "110,000 troops", "some 150,000 soldiers", "1.5 million".

A count is the run of number tokens before the counted noun ("one hundred and
twenty", "1.5 million", "2 dozen", "10 000") or the quantity the noun is "of"
("5,000 of its troops", "tens of thousands of troops"). Its size is:

- the stated figure, in words, digits or both: units, teens and tens,
  "twenty-five", "one hundred and twenty", "two thousand five hundred",
  "nineteen hundred", "1.5 million", "30,000", "10 000", "a dozen",
  "2 dozen", "half a million", "100,000-plus";
- the stated figure for approximations and bounds, whose wording stays in the
  evidence text: "about 40", "nearly 10 000", "up to 5,000" and
  "more than 100,000" are 40, 10000, 5000 and 100000;
- None for vague counts: "tens of thousands", "hundreds", "dozens",
  "several hundred", "a few thousand". A lower bound (10000 for "tens of
  thousands") would be read, summed and compared as if someone had stated it,
  and would stop "thousands of troops" merging with the "8,500 troops" of the
  same report; the phrase itself is kept in the evidence text;
- None, too, when a number names the force instead of counting it
  ("the 54th brigades", "F-16 jets").

Sizes above ``_LARGEST`` are None: no force is counted in tens of billions, and
the cap keeps sizes inside the 64-bit integers JSON encoders accept.
"""

from __future__ import annotations

import re
from decimal import Decimal

from spacy.tokens import Doc, Token

_SMALL = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
# Plural number nouns and quantifiers that make a count vague.
_VAGUE_NUMBERS = {"tens", "dozens", "scores", "hundreds", "thousands", "millions", "billions"}
_VAGUE_QUANTIFIERS = {"several", "few", "many", "numerous", "multiple", "couple"}
_TAKES_A = {"hundred", "dozen", "half", "few", "couple", *_SCALES}
_CORE_WORDS = {*_SMALL, *_TENS, "hundred", "dozen", *_SCALES, *_VAGUE_NUMBERS}
# Words before a count that qualify it; they join the evidence, not the value.
_QUALIFIERS = {
    "some",
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "over",
    "under",
    "up",
    "to",
    "more",
    "fewer",
    "less",
    "than",
    "at",
    "least",
    "as",
    "many",
    "just",
    "well",
    "an",
    "estimated",
}
_LARGEST = 10**10
_FIGURE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_FIGURE_TOKEN = re.compile(r"[0-9][0-9,.]*\+?")
# "10 000": digits grouped by (no-break, thin) spaces.
_GROUP_SPACE = re.compile(r"(?<=[0-9])[ \u00a0\u2009\u202f](?=[0-9]{3}(?![0-9]))")
_PLUS = re.compile(r"(?:\+|-?\s*plus)\s*$")


def _words(text: str) -> list[str]:
    text = _PLUS.sub("", _GROUP_SPACE.sub("", text.lower().strip()))
    return [w for w in re.split(r"[\s\-\u2010\u2011\u2013]+", text) if w]


def _value(words: list[str]) -> Decimal | None:
    """The value of a well-formed number phrase, or None."""
    total = current = Decimal(0)
    last = ""  # the kind of the previous word, to reject "five twenty" or "2 3"
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in {"a", "an"}:
            if following not in _TAKES_A:
                return None
            continue
        if word == "and":
            # "one hundred and twenty", "two thousand and five", "1 and a half million"
            joined = last in {"hundred", "scale"} and following in {*_SMALL, *_TENS}
            if not joined and not (last in {"small", "tens", "figure"} and following in {"a", "an"}):
                return None
            continue
        if _FIGURE.fullmatch(word):
            if last not in {"", "scale"}:
                return None
            current += Decimal(word.replace(",", ""))
            last = "figure"
        elif word in _SMALL:
            if last in {"small", "figure", "dozen", "half"} or (last == "tens" and not 0 < _SMALL[word] < 10):
                return None
            current += _SMALL[word]
            last = "small"
        elif word in _TENS:
            if last in {"small", "tens", "figure", "dozen", "half"}:
                return None
            current += _TENS[word]
            last = "tens"
        elif word == "hundred":
            if last in {"hundred", "dozen"}:
                return None
            current = (current or 1) * 100
            last = "hundred"
        elif word in _SCALES:
            if last == "scale":
                return None
            total += (current or 1) * _SCALES[word]
            current = Decimal(0)
            last = "scale"
        elif word == "dozen":
            current = (current or 1) * 12
            last = "dozen"
        elif word == "half":
            current += Decimal("0.5")
            last = "half"
        else:
            return None
        if total + current > _LARGEST:
            return None
    return total + current if last else None


def _is_vague(words: list[str]) -> bool:
    return any(w in _VAGUE_NUMBERS or w in _VAGUE_QUANTIFIERS for w in words)


def number_value(text: str) -> float | None:
    """The value of a stated number ("sixty", "one hundred and twenty", "1.5 million",
    "30,000", "a dozen"); None for anything else, vague counts ("thousands") included."""
    words = _words(text)
    value = None if _is_vague(words) else _value(words)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def count_size(text: str) -> int | None:
    """The force size a count states, to the nearest whole number; None when the
    count is vague ("tens of thousands"), not a number, or implausibly large."""
    value = number_value(text)
    return None if value is None else round(value)


def _is_core(token: Token) -> bool:
    """A token that is a count on its own: a figure, a number word, "thousands"."""
    return token.lower_ in _CORE_WORDS or bool(_FIGURE_TOKEN.fullmatch(token.text))


def _joins(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` belongs to a count run next to it ("and", "-", "a", "of", "plus")."""
    word = doc[i].lower_
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if _is_core(doc[i]) or word in _VAGUE_QUANTIFIERS:
        return True
    if after is None:
        return word in {"plus", "+"} and before is not None and before.text == "-"
    if word in {"a", "an"}:
        return after.lower_ in _TAKES_A
    if word == "half":  # "half a million"
        return after.lower_ in _TAKES_A or after.lower_ in {"a", "an"}
    if before is None:
        return False
    if word == "and":
        return before.lower_ in {"hundred", *_SCALES} or after.lower_ in {"a", "an"}
    if word == "of":
        return before.lower_ in _VAGUE_NUMBERS and _is_core(after)
    if word in {"-", "\u2010", "\u2011", "\u2013"}:
        return _is_core(before) and (_is_core(after) or after.lower_ == "plus")
    if word in {"plus", "+"}:
        return before.text == "-" or bool(_FIGURE_TOKEN.fullmatch(before.text))
    return doc[i].is_space and _is_core(before) and _is_core(after)


def _anchor(noun: Token) -> tuple[Token, Token, int] | None:
    """(a count token, the phrase it bounds on the left, the index the count ends before)."""
    counts = [c for c in noun.lefts if _is_core(c)]
    for child in noun.lefts:
        if child.dep_ in {"nummod", "quantmod"} and not _is_core(child):
            counts.extend(t for t in child.subtree if _is_core(t))  # "5,000+ troops": "+" heads the count
    if counts:
        return max(counts, key=lambda t: t.i), noun, noun.i
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.i < noun.i:
        # "thousands of troops", "5,000 of its troops"
        quantity = noun.head.head
        if quantity.i < noun.head.i and _is_core(quantity):
            return quantity, quantity, noun.head.i
    return None


def parse_quantity(noun: Token) -> tuple[int | None, Token] | None:
    """(size, first token of the count) for the count attached to ``noun``, or None
    when it has none; size None when the count is vague (see the module docstring)."""
    found = _anchor(noun)
    if found is None:
        # "the 54th brigades", "F-16 jets": a number names the force but does not count it.
        naming = [c for c in noun.lefts if c.like_num or c.dep_ == "nummod"]
        return (None, naming[0]) if naming else None
    anchor, phrase, limit = found
    doc = noun.doc
    bound = phrase.left_edge.i
    start, end = anchor.i, anchor.i + 1
    while start > bound and _joins(doc, start - 1):
        start -= 1
    while end < limit and _joins(doc, end):
        end += 1
    size = count_size(doc[start:end].text)
    while start > bound and doc[start - 1].lower_ in _QUALIFIERS:
        start -= 1
    return size, doc[start]
