"""The extraction core: text in, plain event objects out. No web code here."""

from .events import Actor, Event, ExtractionResult, Force, Location, Mention, Modality, Span, TimeExpression
from .pipeline import DEFAULT_MODEL, Extractor, extract_events, get_extractor

__all__ = [
    "DEFAULT_MODEL",
    "Actor",
    "Event",
    "ExtractionResult",
    "Extractor",
    "Force",
    "Location",
    "Mention",
    "Modality",
    "Span",
    "TimeExpression",
    "extract_events",
    "get_extractor",
]
