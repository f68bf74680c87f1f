"""Page furniture: cookie banners, teaser lists, menus that come with pasted pages.

The extractor blanks these regions (offsets stay valid) so no event is
taken from them, and reports them so a client can see what was skipped.

A tail header ("Most read", "Read more", "Latest news") starts furniture only
when teasers follow it. Live blogs and wire copy carry such lines mid-text,
and a batch document may be several articles joined by one, so the mask
stops where article prose starts again: losing text silently is worse than
reading a teaser.
"""

from __future__ import annotations

import re
from datetime import date

_LINE = re.compile(r"[^\n]*(?:\n|$)")
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_STAMP_DATE = re.compile(r"(?i)\b(\d{1,2})\s*(" + "|".join(MONTH_NAMES) + r")\s+((?:19|20)\d\d)\b")
# Teaser snippets are cut off mid-sentence; article prose ends its paragraphs.
_CLOSERS = "\"'”’)]»"
_SENTENCE_END = ".!?:;"
# Shorter lines ending in a full stop read as headlines or credits ("Photo: Reuters.").
PROSE_MIN_WORDS = 6
# A question this short is a headline ("Will Russia invade Ukraine?"), not the article asking it.
HEADLINE_QUESTION_MAX_WORDS = 12


class FurnitureDetector:
    def __init__(self, cues: dict, patterns: list[re.Pattern[str]]) -> None:
        self.tail_headers = frozenset(h.lower() for h in cues["furniture"]["tail_headers"])
        self.patterns = patterns
        self.timestamp = re.compile(cues["furniture"]["timestamp_line"])
        self.min_timestamps = cues["furniture"]["min_timestamps"]

    def regions(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of furniture, in order, not overlapping."""
        lines = [(m.start(), m.end(), m.group(0)) for m in _LINE.finditer(text) if m.group(0).strip()]
        boilerplate = [any(p.search(line) for p in self.patterns) for _, _, line in lines]
        regions = [
            (start, end) for (start, end, _), is_boilerplate in zip(lines, boilerplate, strict=True) if is_boilerplate
        ]
        headers = [k for k, (_, _, line) in enumerate(lines) if line.strip().rstrip(":").lower() in self.tail_headers]
        if headers:
            prose = [not b and _is_prose(line.strip()) for (_, _, line), b in zip(lines, boilerplate, strict=True)]
            regions.extend(self._teaser_runs(text, lines, prose, headers))
        regions.extend(self._link_cards(text))
        return _merged(regions)

    @staticmethod
    def _teaser_runs(
        text: str, lines: list[tuple[int, int, str]], prose: list[bool], headers: list[int]
    ) -> list[tuple[int, int]]:
        """For each tail header, the header line and the teasers that follow it.

        Article prose starts at a prose line right after the header, or at two prose
        lines in a row (paragraph after paragraph); a lone prose line between
        headlines is a teaser's standfirst. Teasers that run to the end of the text
        are masked with their standfirsts, as is a lone line after a header near the
        end; a run that gives way to article prose is masked only up to its first
        prose line, so no paragraph of the article is lost. The header line itself
        is a navigation label, never article text, so it is always masked.
        """
        n = len(lines)
        # One backward pass, so each header is answered in constant time (a text of
        # thousands of "Popular" lines stays linear).
        next_prose, next_pair = [n] * (n + 1), [n] * (n + 1)
        for k in range(n - 1, -1, -1):
            next_prose[k] = k if prose[k] else next_prose[k + 1]
            next_pair[k] = k if prose[k] and k + 1 < n and prose[k + 1] else next_pair[k + 1]
        runs = []
        for h in headers:
            first = h + 1
            article_follows = first < n - 1 and prose[first]
            if next_pair[first] == n and not article_follows:
                runs.append((lines[h][0], len(text)))  # teasers, or a lone line, to the end
            else:
                # Up to the first prose line: the header alone when prose follows it.
                runs.append((lines[h][0], lines[next_prose[first] - 1][1]))
        return runs

    def _link_cards(self, text: str) -> list[tuple[int, int]]:
        lines = [(m.start(), m.end(), m.group(0).strip()) for m in _LINE.finditer(text) if m.group(0).strip()]
        stamped = [self.timestamp.match(line) is not None for _, _, line in lines]
        if sum(stamped) < self.min_timestamps:
            return []
        cards = []
        first_stamp = stamped.index(True)
        for k, (start, end, line) in enumerate(lines):
            if (
                k <= first_stamp
                or stamped[k]
                or line[-1] in '.!?"”’):'
                or len(line.split()) > 16
                or not line[0].isupper()
            ):
                continue
            before = stamped[k - 1] if k else True
            after = stamped[k + 1] if k + 1 < len(lines) else True
            if not before and not after:
                cards.append((start, end))
        return cards

    def entry_dates(self, text: str, published_at: date | None) -> list[tuple[int, date]]:
        """Live blogs: (offset, day) for each entry stamp that names its day
        ("Wednesday 26 January 2022 19:15 , Lamiat Sabin"). "Today" in an entry is
        that day, not the day the page was published. Empty for ordinary articles."""
        lines = [(m.start(), m.group(0).strip()) for m in _LINE.finditer(text) if m.group(0).strip()]
        stamps = [(start, line) for start, line in lines if self.timestamp.match(line)]
        if len(stamps) < self.min_timestamps:
            return []
        out: list[tuple[int, date]] = []
        for start, line in stamps:
            found = _STAMP_DATE.search(line)
            if found is None:
                continue
            day, month, year = int(found.group(1)), MONTH_NAMES.index(found.group(2).lower()) + 1, int(found.group(3))
            try:
                stamp = date(year, month, day)
            except ValueError:
                continue
            if published_at is None or stamp <= published_at:
                out.append((start, stamp))
        return out

    def mask(self, text: str) -> tuple[str, list[tuple[int, int]]]:
        """``text`` with furniture replaced by spaces (newlines kept), and the regions."""
        regions = self.regions(text)
        if not regions:
            return text, regions
        chars = list(text)
        for start, end in regions:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars), regions


def _is_prose(line: str) -> bool:
    """A paragraph or sentence of an article, as opposed to a headline, a credit or a
    teaser snippet cut off mid-sentence ("...will see six", "...foreign …")."""
    tail = line.rstrip(_CLOSERS)
    if not tail or tail[-1] not in _SENTENCE_END or tail.endswith("..."):
        return False
    words = len(line.split())
    if tail[-1] == "?":
        return words > HEADLINE_QUESTION_MAX_WORDS
    return words >= PROSE_MIN_WORDS


def trimmed(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``regions`` without the whitespace at their edges (what a reader sees skipped), blank ones dropped."""
    out = []
    for start, end in regions:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``regions`` sorted, with overlapping or touching ranges joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
