"""A mention as merging sees it (service/extraction/merge.py's MentionDraft), built by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.extraction.events import Event, Mention, Modality, Span


@dataclass
class Draft:
    """Its one-mention event, and whether it refers back ("the talks")."""

    event: Event
    anaphoric: bool = False

    def to_event(self) -> Event:
        return self.event


def one_mention_event(kind: str, subtype: str | None, word: str, start: int, **fields: Any) -> Event:
    """An event of ``kind`` told once, by ``word`` at ``start``, with the roles ``fields`` give."""
    span = Span(word, start, start + len(word))
    return Event(
        type=kind,
        subtype=subtype,
        trigger=span,
        mentions=[Mention(trigger=span, sentence=span)],
        modality=Modality(),
        **fields,
    )
