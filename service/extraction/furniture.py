"""Page furniture: cookie banners, teaser lists, menus that come with pasted pages.

The extractor blanks these regions (offsets stay valid) so no event is
taken from them.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]*(?:\n|$)")


class FurnitureDetector:
    def __init__(self, cues: dict, patterns: list[re.Pattern[str]]) -> None:
        self.tail_headers = frozenset(h.lower() for h in cues["furniture"]["tail_headers"])
        self.patterns = patterns

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
        return regions

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
