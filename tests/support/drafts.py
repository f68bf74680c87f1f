"""A mention as merging sees it (service/extraction/merge.py's MentionDraft), built by hand."""

from __future__ import annotations

from dataclasses import dataclass

from service.extraction.events import Event


@dataclass
class Draft:
    """Its one-mention event, and whether it refers back ("the talks")."""

    event: Event
    anaphoric: bool = False

    def to_event(self) -> Event:
        return self.event
