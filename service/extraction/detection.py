"""Trigger detection: the seam between finding event mentions and reading them.

Everything after detection (roles, modality, time, merging, codes) works on
:class:`DetectedTrigger` objects and does not care who found them. Three
detectors stand behind :class:`TriggerDetector`, chosen by the
``TRIGGER_DETECTOR`` setting:

- ``rules`` (default): the lexicon's words and phrases (:class:`RuleDetector`);
- ``model``: the committed trigger tagger (service/extraction/tagger.py, trained
  by ``make train``); ``model:PATH`` another one, or a trained spaCy pipeline at
  PATH (:class:`SpanDetector`) whose components write
  ``doc.spans["event_triggers"]``, the way spaCy's spancat does: each span's label
  is ``type`` or ``type/subtype``, and ``doc.spans["event_triggers"].attrs["scores"]``
  holds one probability per span;
- ``both`` / ``both:PATH``: the rules and that model together
  (:class:`CombinedDetector`). The tagger only adds words the rules leave alone
  and the lexicon does not know (the rules' verdict on their own words stands,
  refusals included), at the threshold chosen for working beside them; a spaCy pipeline's spans and
  the rules' compete, and where they find the same tokens the more confident one
  stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicon import Lexicon
from .triggers import TriggerFinder

SPANS_KEY = "event_triggers"
DEFAULT_MODEL_CONFIDENCE = 0.75


@dataclass(frozen=True, slots=True)
class DetectedTrigger:
    """One event mention found in a doc (token indices, end exclusive)."""

    type: str
    subtype: str | None
    start: int
    end: int
    anchor: int  # the token that carries the syntax: the head of a phrase
    confidence: float
    # "came under attack": the grammatical subject receives the act.
    subject_is_target: bool = False
    # The evidence states the subtype ("issued a threat"); later rules keep it.
    subtype_given: bool = False
    detector: str = "rules"


@runtime_checkable
class TriggerDetector(Protocol):
    """Finds event mentions in a parsed doc."""

    name: str

    def detect(self, doc: Doc) -> list[DetectedTrigger]:
        """Mentions in ``doc``, in text order."""
        ...


class RuleDetector:
    """The lexicon's trigger words and phrases (service/extraction/triggers.py)."""

    name = "rules"
    label = "rules"

    def __init__(self, lexicon: Lexicon, vocab: Vocab) -> None:
        self._finder = TriggerFinder(lexicon, vocab)

    def detect(self, doc: Doc) -> list[DetectedTrigger]:
        return [
            DetectedTrigger(
                type=t.type,
                subtype=t.subtype,
                start=t.start,
                end=t.end,
                anchor=t.anchor,
                confidence=t.confidence,
                subject_is_target=t.subject_is == "target",
                subtype_given=t.from_phrase,
                detector=self.name,
            )
            for t in self._finder.find(doc)
        ]


class SpanDetector:
    """A trained spaCy pipeline that writes ``doc.spans["event_triggers"]``.

    Its components run over the service's own parse (the pipeline is loaded
    with the same vocab), so a component may listen to its own tok2vec copy.
    Labels outside the taxonomy are ignored.
    """

    name = "model"

    def __init__(self, path: str | Path, vocab: Vocab, type_names: Sequence[str]) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"trigger model not found: {self.path}")
        self.nlp = spacy.load(self.path, vocab=vocab)
        self.type_names = frozenset(type_names)
        self.label = (
            f"spacy pipeline {self.nlp.meta.get('name', self.path.name)} {self.nlp.meta.get('version', '')}".strip()
        )

    def detect(self, doc: Doc) -> list[DetectedTrigger]:
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        group = doc.spans.get(SPANS_KEY)
        if group is None:
            return []
        scores = group.attrs.get("scores")
        found = []
        for index, span in enumerate(group):
            type_name, _, subtype = span.label_.partition("/")
            if type_name not in self.type_names:
                continue
            score = float(scores[index]) if scores is not None else DEFAULT_MODEL_CONFIDENCE
            found.append(
                DetectedTrigger(
                    type=type_name,
                    subtype=subtype or None,
                    start=span.start,
                    end=span.end,
                    anchor=span.root.i,
                    confidence=round(score, 4),
                    subtype_given=bool(subtype),
                    detector=self.name,
                )
            )
        return sorted(found, key=lambda t: (t.start, t.end))


class CombinedDetector:
    """Several detectors. Where two find the same act on the same tokens (same type,
    or different detectors disagreeing on the type), the more confident one stands;
    what one detector keeps side by side ("massacre": attack and casualties) stays."""

    name = "both"

    def __init__(self, detectors: Sequence[TriggerDetector], additive: bool = False) -> None:
        self.detectors = list(detectors)
        # additive: each detector only adds mentions on tokens the ones before it left
        # alone, so the rules' phrases, subtypes and voice stand where both fire.
        self.additive = additive
        self.label = " + ".join(getattr(d, "label", d.name) for d in self.detectors)

    def detect(self, doc: Doc) -> list[DetectedTrigger]:
        if self.additive:
            chosen: list[DetectedTrigger] = []
            for detector in self.detectors:
                found = detector.detect(doc)
                chosen.extend(t for t in found if not any(_overlap(t, kept) for kept in chosen))
            return sorted(chosen, key=lambda t: (t.start, t.end))
        candidates = [t for detector in self.detectors for t in detector.detect(doc)]
        chosen = []
        for trigger in sorted(candidates, key=lambda t: t.confidence, reverse=True):
            if not any(_conflict(trigger, kept) for kept in chosen):
                chosen.append(trigger)
        return sorted(chosen, key=lambda t: (t.start, t.end))


def _overlap(a: DetectedTrigger, b: DetectedTrigger) -> bool:
    return a.start < b.end and b.start < a.end and a.detector != b.detector


def _conflict(a: DetectedTrigger, b: DetectedTrigger) -> bool:
    overlap = a.start < b.end and b.start < a.end
    return overlap and (a.type == b.type or a.detector != b.detector)


def detector_from_setting(setting: str, lexicon: Lexicon, vocab: Vocab) -> TriggerDetector:
    """The detector a ``TRIGGER_DETECTOR`` value names: ``rules``, ``model``,
    ``model:PATH``, ``both`` or ``both:PATH``."""
    kind, _, path = setting.partition(":")
    if kind == "rules" and not path:
        return RuleDetector(lexicon, vocab)
    if kind not in {"model", "both"}:
        raise ValueError(f"TRIGGER_DETECTOR must be rules, model[:PATH] or both[:PATH], not {setting!r}")
    from .tagger import DEFAULT_TAGGER, TriggerTagger, is_tagger

    location = Path(path) if path else DEFAULT_TAGGER
    if is_tagger(location):
        if kind == "model":
            return TriggerTagger(location, lexicon.type_names)
        beside = TriggerTagger(
            location, lexicon.type_names, threshold_key="threshold_with_rules", known_words=frozenset(lexicon.words)
        )
        return CombinedDetector([RuleDetector(lexicon, vocab), beside], additive=True)
    if not path:
        raise FileNotFoundError(f"no trained trigger tagger at {location} (make train builds it)")
    model = SpanDetector(location, vocab, lexicon.type_names)
    return model if kind == "model" else CombinedDetector([RuleDetector(lexicon, vocab), model])
