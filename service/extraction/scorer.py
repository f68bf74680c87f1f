"""A trained mention scorer: is this candidate a real, specific event of its type?

The rules find candidates well but cannot tell senses apart: "the debate", a
TV "host", "war" in "the rules of war". The scorer reads each candidate in
context and gives the probability that it is a real event mention of its type
(logistic regression, trained by ``bench/train_scorer.py`` on the corpus's
train split). Its inputs cost nothing extra at run time: the vectors the
spaCy pipeline's own tok2vec already computed (``doc.tensor``) around the
trigger, plus what the stages found (type, roles filled, status, trigger
word). Each candidate's probability becomes its confidence, so a client's
``min_confidence`` trades recall for precision on a calibrated scale (the
model card, docs/MODEL.md, has the table and the recommended value).
Candidates below ``drop_below`` are dropped before merging; the committed
model drops none, because every threshold that helps on the corpus costs
recall on other news (RAMS) below the floor the service keeps.

The artifact is a directory with ``meta.json`` (version, threshold, training
counts, feature layout) and ``weights.npz``; loading it reads only those files.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc

if TYPE_CHECKING:
    from .stages import EventDraft

DEFAULT_SCORER = Path(__file__).with_name("models") / "mention_scorer"
FEATURES_VERSION = 2
_STATUSES = ("asserted", "planned", "hypothetical", "conditional", "reported_denied")
_POS = ("VERB", "NOUN", "PROPN", "ADJ", "AUX")
_DEPS = ("ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "compound", "amod", "xcomp", "ccomp", "advcl", "acl")
LEMMA_BUCKETS = 512
_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "NN", "NNS", "NNP", "JJ")
_SHAPE = 14
_QUOTES = frozenset('"“”')


def _sentence_entity_labels(doc: Doc) -> dict[int, frozenset[str]]:
    """Sentence start -> labels of the entities inside that sentence (``Span.ents``), read
    once per document: asking each candidate's sentence rebuilt every entity of the doc."""
    labels: dict[int, set[str]] = {}
    for ent in doc.ents:
        sent = doc[ent.start].sent
        if ent.end <= sent.end:
            labels.setdefault(sent.start, set()).add(ent.label_)
    return {start: frozenset(found) for start, found in labels.items()}


def _shape(draft: EventDraft, doc: Doc, labels: dict[int, frozenset[str]]) -> tuple[float, ...]:
    """What makes a mention specific or generic, beyond its word: determiners, counts,
    modals, negation, quotes, dates and names nearby, where it sits in the story."""
    anchor = draft.anchor
    sent = anchor.sent
    children = list(anchor.children)
    dets = {c.lower_ for c in children if c.dep_ in {"det", "poss"}}
    verb = draft.verb or (anchor if anchor.pos_ in {"VERB", "AUX"} else None)
    aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}] if verb is not None else []
    quotes = sum(1 for t in doc[sent.start : anchor.i] if t.text in _QUOTES)
    ents = labels.get(sent.start, frozenset())
    return (
        float("the" in dets or any(c.dep_ == "poss" for c in children)),
        float(bool(dets & {"a", "an", "another"})),
        float(not dets and anchor.pos_ == "NOUN"),
        float(any(c.dep_ == "nummod" for c in children)),
        float(any(a.tag_ == "MD" for a in aux)),
        float(any(c.dep_ == "neg" for c in (verb.children if verb is not None else children))),
        float(quotes % 2 == 1),
        float(anchor.dep_ == "compound" or (anchor.dep_ == "amod" and anchor.head.pos_ == "NOUN")),
        float(bool(ents & {"DATE", "TIME"})),
        float(bool(ents & {"GPE", "LOC", "FAC"})),
        float(bool(ents & {"PERSON", "ORG", "NORP"})),
        min(sent.start / max(len(doc), 1), 1.0),
        float(anchor.i == sent.root.i),
        min(len(sent) / 60, 1.0),
    )


@dataclass(frozen=True, slots=True)
class FeatureLayout:
    """How a candidate becomes a vector; saved with the weights so they always agree."""

    types: tuple[str, ...]
    width: int  # the tok2vec width of the spaCy pipeline it was trained with
    lemmas: bool = True

    @property
    def size(self) -> int:
        tail = len(self.types) + len(_STATUSES) + len(_POS) + len(_DEPS) + 9 + len(_TAGS) + _SHAPE
        return 3 * self.width + tail + (LEMMA_BUCKETS if self.lemmas else 0)

    def vectors(self, drafts: list[EventDraft], doc: Doc) -> np.ndarray:
        out = np.zeros((len(drafts), self.size), dtype=np.float32)
        labels = _sentence_entity_labels(doc) if drafts else {}
        for row, draft in enumerate(drafts):
            self._fill(out[row], draft, doc, labels)
        return out

    def _fill(self, out: np.ndarray, draft: EventDraft, doc: Doc, labels: dict[int, frozenset[str]]) -> None:
        anchor = draft.anchor
        tensor = doc.tensor
        if tensor is not None and len(tensor) == len(doc) and tensor.shape[1] == self.width:
            sent = anchor.sent
            out[: self.width] = tensor[anchor.i]
            out[self.width : 2 * self.width] = tensor[anchor.head.i]
            out[2 * self.width : 3 * self.width] = tensor[sent.start : sent.end].mean(axis=0)
        i = 3 * self.width
        if draft.type in self.types:
            out[i + self.types.index(draft.type)] = 1
        i += len(self.types)
        if draft.modality.status in _STATUSES:
            out[i + _STATUSES.index(draft.modality.status)] = 1
        i += len(_STATUSES)
        if anchor.pos_ in _POS:
            out[i + _POS.index(anchor.pos_)] = 1
        i += len(_POS)
        if anchor.dep_ in _DEPS:
            out[i + _DEPS.index(anchor.dep_)] = 1
        i += len(_DEPS)
        roles = draft.roles
        out[i : i + 9] = (
            bool(roles.source),
            bool(roles.target),
            bool(roles.participants),
            roles.location is not None,
            draft.time is not None,
            draft.modality.polarity == "negative",
            anchor.tag_ in {"NNS", "NNPS"},
            draft.anaphoric,
            draft.trigger.confidence,
        )
        i += 9
        if anchor.tag_ in _TAGS:
            out[i + _TAGS.index(anchor.tag_)] = 1
        i += len(_TAGS)
        out[i : i + _SHAPE] = _shape(draft, doc, labels)
        i += _SHAPE
        if self.lemmas:
            lemma = f"{draft.type}:{anchor.lemma_.lower()}"
            out[i + zlib.crc32(lemma.encode()) % LEMMA_BUCKETS] = 1


def read_meta(path: Path, features_version: int) -> dict:
    """A trained model's meta.json, refused when it was trained on other features."""
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    if meta.get("features_version") != features_version:
        raise ValueError(f"{path}: trained with features v{meta.get('features_version')}, not v{features_version}")
    return meta


class MentionScorer:
    """Loads a trained scorer and gives each candidate its probability."""

    def __init__(self, path: str | Path = DEFAULT_SCORER) -> None:
        self.path = Path(path)
        meta = self.meta = read_meta(self.path, FEATURES_VERSION)
        self.layout = FeatureLayout(
            types=tuple(meta["types"]), width=int(meta["width"]), lemmas=bool(meta.get("lemmas", True))
        )
        weights = np.load(self.path / "weights.npz")
        self.mean, self.scale = weights["mean"], weights["scale"]
        self.coef, self.bias = weights["coef"], float(weights["bias"])
        # Candidates below this are dropped (0: none are, confidence only reorders).
        self.drop_below = float(meta["drop_below"])
        self.recommended_min_confidence = float(meta["recommended_min_confidence"])
        self.name = meta.get("name", "mention_scorer")
        self.version = str(meta.get("version", "0"))

    def probabilities(self, drafts: list[EventDraft], doc: Doc) -> np.ndarray:
        if not drafts:
            return np.zeros(0, dtype=np.float32)
        matrix = self.layout.vectors(drafts, doc)
        logits = ((matrix - self.mean) / self.scale) @ self.coef + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def apply(self, drafts: list[EventDraft], doc: Doc) -> list[EventDraft]:
        """The candidates the model keeps, each with its probability as confidence."""
        kept = []
        for draft, probability in zip(drafts, self.probabilities(drafts, doc), strict=True):
            if probability >= self.drop_below:
                draft.confidence = round(float(probability), 3)
                kept.append(draft)
        return kept


def scorer_from_setting(setting: str) -> MentionScorer | None:
    """The scorer an ``EVENT_SCORER`` value names: ``default`` (the committed model),
    ``none`` (rules alone), or the path of a trained scorer."""
    value = setting.strip()
    if value.lower() == "none":
        return None
    path = DEFAULT_SCORER if value.lower() == "default" else Path(value)
    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no trained scorer at {path} (make train builds it)")
    return MentionScorer(path)
