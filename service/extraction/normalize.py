"""A clean copy of the caller's text for the model, and the way back to the caller's offsets.

Scraped text carries characters a reader never sees: soft hyphens and zero-width
spaces inside words, byte order marks, bidi controls, stray control characters,
emoji glued to names, and accents typed as a letter plus a combining mark. The
tokenizer and the tagger see them, so "de\\u00adployed" is not a verb and
"\\ufeffRussia" is not a country. The model reads a normalised copy; every span
found in it is mapped back so that ``text[start:end] == span.text`` still holds
for the caller's text and no span begins or ends with an invisible character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TypeVar

import regex

from .events import ExtractionResult, SkippedRange

# Characters news text is mostly made of (ASCII, Latin-1 and Latin Extended letters,
# quotes, dashes, currency signs); none of them needs normalising. A stdlib scan for
# anything else is cheap, and most texts stop there (the precise set below is a
# few times slower to search).
_UNUSUAL = re.compile("[^\x20-\x7e\n\t\r\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205f\u20a0-\u20c0]")
# Pictographs that are emoji by default ("🔥", flags, skin tones); text-style symbols
# below U+2190 (©, ®, ™) stay, they are part of copyright lines and prose.
_PICTOGRAPH = r"[\p{Emoji_Presentation}[\p{Extended_Pictographic}--[\x00-\u218f]]]"
# One emoji as a reader sees it: modifiers, variation selectors, tag sequences and
# ZWJ-joined pictographs ("👩‍💻") included. A keycap ("1️⃣") keeps its digit.
_EMOJI = (
    rf"(?:{_PICTOGRAPH}|\p{{Extended_Pictographic}}\ufe0f)"
    rf"(?:[\p{{Emoji_Modifier}}\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]|\u200d(?:{_PICTOGRAPH}|\p{{Extended_Pictographic}}))*"
)
# Format characters (Cf) and default-ignorables (variation selectors, the combining
# grapheme joiner, Hangul fillers): deleted.
_INVISIBLE = r"[\p{Cf}\p{Default_Ignorable_Code_Point}]"
_CONTROL = r"[\p{Cc}--[\t\n\r]]"
# Separators that end a line become "\n", which the line-based rules read.
_LINE_BREAK = r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
# Anything normalize_text changes, searched from the first unusual character.
_SUSPECT = regex.compile(rf"(?V1){_EMOJI}|{_INVISIBLE}|{_CONTROL}|[\p{{M}}\p{{Zl}}\p{{Zp}}]")
_SPECIAL = regex.compile(
    rf"(?V1)(?P<emoji>{_EMOJI})|(?P<invisible>{_INVISIBLE})|(?P<line_break>{_LINE_BREAK})"
    rf"|(?P<control>{_CONTROL})|(?P<mark>\p{{M}})"
)
# What a span must not begin or end with, in the caller's text.
_EDGE = regex.compile(rf"(?V1){_INVISIBLE}|{_CONTROL}|{_PICTOGRAPH}|[\p{{Emoji_Modifier}}\u20e3]")


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where each character of the model's text came from in the caller's text:
    ``original[starts[i]:ends[i]]`` (a composed "é" covers "e" and its combining mark)."""

    original: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The caller's ``(start, end)`` for the model's, trimmed of invisible characters."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        first, last = self.starts[start], self.ends[end - 1]
        while first < last and _EDGE.match(self.original, first):
            first += 1
        while last > first and _EDGE.match(self.original, last - 1):
            last -= 1
        return first, last


def normalize_text(text: str) -> tuple[str, OffsetMap | None]:
    """The text the model reads, and the map back to ``text`` (``None`` when nothing changed).

    Format characters (soft hyphen, zero-width space and joiners, BOM, bidi
    controls, word joiner) are deleted; emoji and control characters become one
    space where they separate two words ("Russia🔥attacked") and vanish elsewhere
    ("Belarus🇧🇾."); line and paragraph separators become "\\n"; a letter and its
    combining marks are composed (NFC), and a mark with no letter is dropped.
    """
    unusual = _UNUSUAL.search(text)
    if unusual is None or _SUSPECT.search(text, unusual.start()) is None:
        return text, None
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster: int | None = None  # index in chars of the letter whose marks are being collected

    def copy(start: int, end: int) -> None:
        chars.extend(text[start:end])
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))

    def compose() -> None:
        nonlocal cluster
        if cluster is not None:
            composed = unicodedata.normalize("NFC", "".join(chars[cluster:]))
            first, last = starts[cluster], ends[-1]
            chars[cluster:] = composed
            starts[cluster:] = [first] * len(composed)
            ends[cluster:] = [last] * len(composed)
            cluster = None

    position = unusual.start()
    copy(0, position)
    for match in _SPECIAL.finditer(text, position):
        i, j = match.span()
        if i > position:
            compose()
            copy(position, i)
        position = j
        kind = match.lastgroup
        if kind == "invisible":
            continue
        if kind == "mark":
            # A combining mark joins the letter right before it; an orphan is noise.
            if chars and ends[-1] == i and not chars[-1].isspace():
                cluster = len(chars) - 1 if cluster is None else cluster
                chars.append(match.group())
                starts.append(i)
                ends.append(j)
            continue
        compose()
        if kind == "line_break":
            chars.append("\n")
        elif chars and chars[-1].isalnum() and j < len(text) and text[j].isalnum():
            chars.append(" ")  # an emoji or control character between two words still separates them
        else:
            continue
        starts.append(i)
        ends.append(j)
    compose()
    copy(position, len(text))
    model_text = "".join(chars)
    if model_text == text:
        return text, None
    return model_text, OffsetMap(text, starts, ends)


_Located = TypeVar("_Located")


def restore_offsets(result: ExtractionResult, offsets: OffsetMap) -> None:
    """Move every span of ``result`` from the model's text to the caller's, in place."""
    for event in result.events:
        event.trigger = _moved(event.trigger, offsets)
        event.mentions = [
            replace(m, trigger=_moved(m.trigger, offsets), sentence=_moved(m.sentence, offsets)) for m in event.mentions
        ]
        event.source = [_moved(actor, offsets) for actor in event.source]
        event.target = [_moved(actor, offsets) for actor in event.target]
        event.participants = [_moved(actor, offsets) for actor in event.participants]
        event.location = _moved(event.location, offsets) if event.location else None
        event.time = _moved(event.time, offsets) if event.time else None
        event.force = _moved(event.force, offsets) if event.force else None
        event.content = [replace(c, trigger=_moved(c.trigger, offsets)) for c in event.content]
    moved = (_moved_range(skipped, offsets) for skipped in result.skipped)
    result.skipped = [skipped for skipped in moved if skipped.start < skipped.end]


def _moved(located: _Located, offsets: OffsetMap) -> _Located:
    """A copy of a span-like object (``text``, ``start``, ``end``) at the caller's offsets.

    A copy, not an update: merged events can share one actor object."""
    start, end = offsets.span(located.start, located.end)
    return replace(located, text=offsets.original[start:end], start=start, end=end)


def _moved_range(skipped: SkippedRange, offsets: OffsetMap) -> SkippedRange:
    start, end = offsets.span(skipped.start, skipped.end)
    return replace(skipped, start=start, end=end)
