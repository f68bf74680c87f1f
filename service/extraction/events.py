"""Plain result objects returned by the extraction core.

Nothing here depends on spaCy or Flask: the web layer serialises these,
and tests can build them by hand.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the submitted text; ``text == source[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Actor:
    text: str
    start: int
    end: int
    entity_type: str
    country: str | None = None
    canonical: str | None = None
    # CAMEO-style actor code ("RUSMIL") and its sector ("MIL"); see actor_codes.py.
    code: str | None = None
    sector: str | None = None

    @property
    def key(self) -> str:
        """What identifies the actor across mentions (for merging)."""
        return (self.canonical or self.text).lower()


@dataclass(slots=True)
class Location:
    text: str
    start: int
    end: int
    country: str | None = None
    canonical: str | None = None
    # The GeoNames place the name resolves to, when it resolves to one (places.py).
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    feature: str | None = None


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int
    end: int
    value: str | None = None
    granularity: str | None = None
    # The last day of a range ("between 10 and 20 February"); None for a single date.
    value_end: str | None = None


@dataclass(slots=True)
class Modality:
    polarity: str = "positive"
    status: str = "asserted"


@dataclass(slots=True)
class Force:
    size: int | None
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    trigger: Span
    sentence: Span
    # How this mention reports the act ("will meet" planned, "met" asserted); the
    # event's own modality is the one its type ranks first over all its mentions.
    modality: Modality = field(default_factory=Modality)


@dataclass(slots=True)
class Content:
    """An act a warning, demand or accusation is about ("warned against an incursion"):
    reported inside that event, never as an event of its own."""

    type: str
    subtype: str | None
    trigger: Span
    modality: Modality


@dataclass(slots=True)
class Event:
    type: str
    subtype: str | None
    trigger: Span
    mentions: list[Mention]
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    participants: list[Actor] = field(default_factory=list)
    location: Location | None = None
    time: TimeExpression | None = None
    modality: Modality = field(default_factory=Modality)
    codes: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    force: Force | None = None
    content: list[Content] = field(default_factory=list)
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SkippedRange:
    """A stretch of the submitted text that was not read for events."""

    start: int
    end: int
    reason: str = "furniture"


@dataclass(slots=True)
class ExtractionResult:
    """Events of one document plus what the response reports about it."""

    events: list[Event]
    sentence_count: int
    skipped: list[SkippedRange] = field(default_factory=list)
