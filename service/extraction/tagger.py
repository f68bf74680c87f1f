"""The trained trigger tagger: the ``model`` detector (``TRIGGER_DETECTOR=model``).

It reads every content word (verb, noun, adjective, proper noun) of a parsed doc
and gives the probability that the word is the trigger of an event of each type
in the taxonomy, or of none. Words above the model's threshold become
:class:`DetectedTrigger` mentions of their most probable type; everything after
detection (roles, status, time, merging, codes) is the same as for the rules.

Inputs, all already computed by the spaCy pipeline, so tagging costs no extra
model call: the pipeline's tok2vec vectors (``doc.tensor``) of the word and of
its syntactic head, and hashed sparse features of the word, its neighbours, its
head and its dependents (lemma, form, tag, dependency, entity type). The model
is multinomial logistic regression, trained by ``make train``
(``bench/train_tagger.py``) on the corpus's train split; its card is
docs/MODEL.md.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from .detection import DetectedTrigger
from .scorer import read_meta

DEFAULT_TAGGER = Path(__file__).parent / "models" / "trigger_tagger"
FEATURES_VERSION = 1
TAGGED_POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})
HASH_BUCKETS = 1 << 15
NONE = "none"


def is_tagger(path: Path) -> bool:
    """Whether ``path`` holds a trained tagger (rather than a spaCy pipeline)."""
    meta = path / "meta.json"
    return meta.is_file() and json.loads(meta.read_text(encoding="utf-8")).get("name") == "trigger_tagger"


def is_known(token: Token, known_words: frozenset[str]) -> bool:
    return token.lemma_.lower() in known_words or token.lower_ in known_words


def sparse_names(token: Token) -> list[str]:
    """The word's hashed features: itself, its neighbours, its head and its dependents."""
    doc = token.doc
    lemma = token.lemma_.lower()
    before = doc[token.i - 1].lemma_.lower() if token.i > 0 else "<s>"
    after = doc[token.i + 1].lemma_.lower() if token.i + 1 < len(doc) else "</s>"
    names = [
        f"l={lemma}",
        f"lp={lemma}|{token.pos_}",
        f"w={token.lower_}",
        f"p={token.pos_}",
        f"t={token.tag_}",
        f"d={token.dep_}",
        f"hl={token.head.lemma_.lower()}|{token.dep_}",
        f"pv={before}",
        f"nx={after}",
        f"pl={before}|{lemma}",
        f"ln={lemma}|{after}",
        f"e={token.ent_type_}",
        f"suf={token.lower_[-3:]}",
    ]
    for child in token.children:
        names.append(f"k={child.dep_}")
        names.append(f"kl={child.dep_}|{child.lemma_.lower()}")
    return names


def bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % HASH_BUCKETS


@dataclass
class TokenRows:
    """The tagged words of one doc: their indices, dense vectors and hashed features."""

    indices: list[int]
    dense: np.ndarray  # (words, 2 * width)
    sparse: list[list[int]]


def token_rows(doc: Doc, width: int, known_words: frozenset[str] = frozenset()) -> TokenRows:
    """The content words of ``doc``, leaving out those in ``known_words`` (not even read)."""
    indices = [
        t.i for t in doc if t.pos_ in TAGGED_POS and not t.is_space and not (known_words and is_known(t, known_words))
    ]
    dense = np.zeros((len(indices), 2 * width), dtype=np.float32)
    tensor = doc.tensor
    if tensor is not None and len(tensor) == len(doc) and tensor.shape[1] == width:
        for row, i in enumerate(indices):
            dense[row, :width] = tensor[i]
            dense[row, width:] = tensor[doc[i].head.i]
    sparse = [[bucket(name) for name in sparse_names(doc[i])] for i in indices]
    return TokenRows(indices, dense, sparse)


def padded(sparse: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Feature indices padded to one width, and the mask of real entries."""
    width = max((len(row) for row in sparse), default=1)
    index = np.zeros((len(sparse), width), dtype=np.int64)
    mask = np.zeros((len(sparse), width), dtype=np.float32)
    for i, row in enumerate(sparse):
        index[i, : len(row)] = row
        mask[i, : len(row)] = 1.0
    return index, mask


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class TaggerWeights:
    dense: np.ndarray  # (2 * width, classes)
    sparse: np.ndarray  # (HASH_BUCKETS, classes)
    bias: np.ndarray  # (classes,)
    mean: np.ndarray
    scale: np.ndarray

    def probabilities(self, dense: np.ndarray, sparse: Sequence[Sequence[int]]) -> np.ndarray:
        index, mask = padded(sparse)
        logits = ((dense - self.mean) / self.scale) @ self.dense + self.bias
        logits += (self.sparse[index] * mask[..., None]).sum(axis=1)
        return softmax(logits)


class TriggerTagger:
    """Loads a trained tagger and proposes one-word triggers above its threshold."""

    name = "model"

    def __init__(
        self,
        path: str | Path = DEFAULT_TAGGER,
        type_names: Sequence[str] = (),
        threshold_key: str = "threshold",
        known_words: frozenset[str] = frozenset(),
    ) -> None:
        self.path = Path(path)
        meta = self.meta = read_meta(self.path, FEATURES_VERSION)
        self.classes: list[str] = list(meta["classes"])
        unknown = set(self.classes) - {NONE} - set(type_names) if type_names else set()
        if unknown:
            raise ValueError(f"{self.path}: classes outside the taxonomy: {sorted(unknown)}")
        self.width = int(meta["width"])
        # "threshold" when the model works alone; "threshold_with_rules" beside the rules.
        self.threshold = float(meta[threshold_key])
        # Beside the rules: words the lexicon already judges (as triggers, or in the
        # senses and contexts it refuses) are the rules' to decide, not the model's.
        self.known_words = known_words
        weights = np.load(self.path / "weights.npz")
        self.weights = TaggerWeights(
            weights["dense"], weights["sparse"], weights["bias"], weights["mean"], weights["scale"]
        )
        self.version = str(meta.get("version", "0"))
        self.label = f"trigger_tagger {self.version}"

    def probabilities(self, doc: Doc) -> tuple[list[int], np.ndarray]:
        """The tagged words' indices and their class probabilities (``classes`` order);
        beside the rules, the lexicon's own words are left out before any work."""
        rows = token_rows(doc, self.width, self.known_words)
        if not rows.indices:
            return [], np.zeros((0, len(self.classes)), dtype=np.float32)
        return rows.indices, self.weights.probabilities(rows.dense, rows.sparse)

    def detect(self, doc: Doc) -> list[DetectedTrigger]:
        indices, probabilities = self.probabilities(doc)
        found = []
        for i, row in zip(indices, probabilities, strict=True):
            best = int(np.argmax(row[1:])) + 1
            if row[best] >= self.threshold:
                found.append(
                    DetectedTrigger(
                        type=self.classes[best],
                        subtype=None,
                        start=i,
                        end=i + 1,
                        anchor=i,
                        confidence=round(float(row[best]), 4),
                        detector=self.name,
                    )
                )
        return found
