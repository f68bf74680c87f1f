"""Page furniture: cookie banners, teaser lists, menus that come with pasted pages.

The extractor blanks these regions (offsets stay valid) so no event is
taken from them.
"""

from __future__ import annotations

import re
from datetime import date

_LINE = re.compile(r"[^\n]*(?:\n|$)")
_MONTHS = (
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
_STAMP_DATE = re.compile(r"(?i)\b(\d{1,2})\s*(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b")


class FurnitureDetector:
    def __init__(self, cues: dict, patterns: list[re.Pattern[str]]) -> None:
        self.tail_headers = frozenset(h.lower() for h in cues["furniture"]["tail_headers"])
        self.patterns = patterns
        self.timestamp = re.compile(cues["furniture"]["timestamp_line"])
        self.min_timestamps = cues["furniture"]["min_timestamps"]

    def regions(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of furniture, in order."""
        regions: list[tuple[int, int]] = []
        for match in _LINE.finditer(text):
            line = match.group(0)
            if not line:
                break
            stripped = line.strip().rstrip(":").lower()
            if stripped in self.tail_headers:
                regions.append((match.start(), len(text)))
                break
            if line.strip() and any(p.search(line) for p in self.patterns):
                regions.append((match.start(), match.end()))
        regions.extend(self._link_cards(text))
        return sorted(regions)

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
            day, month, year = int(found.group(1)), _MONTHS.index(found.group(2).lower()) + 1, int(found.group(3))
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
