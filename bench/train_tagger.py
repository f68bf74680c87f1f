"""Train the trigger tagger (service/extraction/tagger.py) on the corpus's train split.

    python -m bench.train_tagger [--out DIR] [--seed 13]      (part of make train)

1. Every content word of the 53 train stories, parsed as the service parses them,
   becomes one example: its features (tagger.token_rows) and its class, the type
   of the annotated mention whose trigger covers it, or "none".
2. Multinomial logistic regression with L2, full-batch Adam from zeros: no
   randomness but the fold assignment, seeded.
3. Five-fold cross-validation over stories gives out-of-fold probabilities, from
   which two thresholds are chosen: ``threshold``, the best mention F1 of the model
   alone, and ``threshold_with_rules``, the best mention F1 of the rules' mentions
   plus the model's words on tokens the rules leave alone and the lexicon does not know.
4. The model trained on all 53 stories is written with its meta.json.

Dev and test stories, and ../shared/devdata, are never read here.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.corpus import load_annotations, load_split, run_stories
from bench.corpus_eval import Mention, mentions
from service.extraction.tagger import (
    DEFAULT_TAGGER,
    FEATURES_VERSION,
    HASH_BUCKETS,
    NONE,
    TaggerWeights,
    is_known,
    padded,
    softmax,
    token_rows,
)

# meta.model.tagger names this: bump it whenever the features or the training data change.
MODEL_VERSION = "1.0"

# Chosen by five-fold cross-validation over stories on the train split, from 1e-6,
# 1e-5 and 1e-4 (mention F1 0.438, 0.436 and 0.333 at their best thresholds);
# searching the grid on every `make train` would triple its time.
L2 = 1e-6
STEPS = 300
LEARNING_RATE = 0.05
FOLDS = 5


@dataclass
class Words:
    """The content words of the training stories, with what the rules and annotators found."""

    dense: list[np.ndarray] = field(default_factory=list)
    sparse: list[list[int]] = field(default_factory=list)
    label: list[int] = field(default_factory=list)
    story: list[int] = field(default_factory=list)
    chars: list[tuple[int, int]] = field(default_factory=list)
    known: list[bool] = field(default_factory=list)  # the lexicon knows the word: the rules decide it
    gold: list[list[Mention]] = field(default_factory=list)  # per story
    rules: list[list[tuple[str, int, int]]] = field(default_factory=list)  # per story: type, start, end


def collect(extractor, story_ids: list[str], classes: list[str]) -> tuple[Words, int]:
    """Parse the stories as the service does and label every content word."""
    annotations = load_annotations()
    width = extractor.nlp("Width of the pipeline's token vectors.").tensor.shape[1]
    words = Words(gold=[mentions(annotations[story_id]["events"]) for story_id in story_ids])
    known_words = frozenset(extractor.lexicon.words)

    def read(index, doc, drafts):
        gold = words.gold[index]
        rows = token_rows(doc, width)
        for row, i in enumerate(rows.indices):
            token = doc[i]
            start, end = token.idx, token.idx + len(token)
            label = next((g.type for g in gold if g.start <= start < g.end and g.type in classes), NONE)
            words.dense.append(rows.dense[row])
            words.sparse.append(rows.sparse[row])
            words.label.append(classes.index(label))
            words.story.append(index)
            words.chars.append((start, end))
            words.known.append(is_known(token, known_words))
        words.rules.append(
            [
                (d.type, doc[d.trigger.start].idx, doc[d.trigger.end - 1].idx + len(doc[d.trigger.end - 1]))
                for d in drafts
            ]
        )

    run_stories(extractor, story_ids, read)
    return words, width


def fit(dense: np.ndarray, sparse: list[list[int]], labels: np.ndarray, classes: int) -> TaggerWeights:
    """Standardise the dense inputs, then softmax regression by Adam on the mean log-loss plus L2."""
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (dense - mean) / scale
    index, mask = padded(sparse)
    rows = np.nonzero(mask > 0)[0]
    flat = index[mask > 0]
    target = np.eye(classes)[labels]
    params = [np.zeros((z.shape[1], classes)), np.zeros((HASH_BUCKETS, classes)), np.zeros(classes)]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    n = len(labels)
    for step in range(1, STEPS + 1):
        w_dense, w_sparse, bias = params
        logits = z @ w_dense + bias
        logits += np.stack([np.bincount(rows, weights=w_sparse[flat, k], minlength=n) for k in range(classes)], 1)
        error = (softmax(logits) - target) / n
        grads = [
            z.T @ error + L2 * w_dense,
            np.stack([np.bincount(flat, weights=error[rows, k], minlength=HASH_BUCKETS) for k in range(classes)], 1)
            + L2 * w_sparse,
            error.sum(axis=0),
        ]
        correction = np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        for j, grad in enumerate(grads):
            first[j] = 0.9 * first[j] + 0.1 * grad
            second[j] = 0.999 * second[j] + 0.001 * grad**2
            params[j] -= LEARNING_RATE * correction * first[j] / (np.sqrt(second[j]) + 1e-8)
    return TaggerWeights(
        params[0].astype(np.float32),
        params[1].astype(np.float32),
        params[2].astype(np.float32),
        mean.astype(np.float32),
        scale.astype(np.float32),
    )


def cross_validate(words: Words, classes: int, seed: int) -> np.ndarray:
    """Out-of-fold class probabilities, folds by story."""
    stories = sorted(set(words.story))
    random.Random(seed).shuffle(stories)
    fold_of = {s: i % FOLDS for i, s in enumerate(stories)}
    folds = np.array([fold_of[s] for s in words.story])
    dense, labels = np.stack(words.dense), np.array(words.label)
    out = np.zeros((len(labels), classes))
    for k in range(FOLDS):
        train, held = np.nonzero(folds != k)[0], np.nonzero(folds == k)[0]
        weights = fit(dense[train], [words.sparse[i] for i in train], labels[train], classes)
        out[held] = weights.probabilities(dense[held], [words.sparse[i] for i in held])
    return out


def mention_scores(words: Words, probabilities: np.ndarray, classes: list[str], threshold: float, with_rules: bool):
    """Mention precision, recall and F1 of the words the model keeps at ``threshold``
    (with the rules' mentions, when ``with_rules``, the model adding only free tokens)."""
    best = probabilities[:, 1:].argmax(axis=1) + 1
    kept = probabilities[np.arange(len(best)), best] >= threshold
    found: set[tuple[int, int]] = set()  # (story, annotated mention index)
    returned = right = 0

    def hits(story: int, type_name: str, start: int, end: int) -> list[tuple[int, int]]:
        return [
            (story, n)
            for n, g in enumerate(words.gold[story])
            if g.type == type_name and g.start < end and start < g.end
        ]

    if with_rules:
        for story, spans in enumerate(words.rules):
            for type_name, start, end in spans:
                matched = hits(story, type_name, start, end)
                returned += 1
                right += bool(matched)
                found.update(matched)
    for i in np.nonzero(kept)[0]:
        story, (start, end) = words.story[i], words.chars[i]
        if with_rules and (words.known[i] or any(start < e and s < end for _, s, e in words.rules[story])):
            continue
        matched = hits(story, classes[best[i]], start, end)
        returned += 1
        right += bool(matched)
        found.update(matched)
    gold = sum(len(g) for g in words.gold)
    precision = right / returned if returned else 0.0
    recall = len(found) / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "returned": returned}


def best_threshold(words: Words, probabilities: np.ndarray, classes: list[str], with_rules: bool):
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.99, 0.05)]
    scored = {t: mention_scores(words, probabilities, classes, t, with_rules) for t in grid}
    threshold = max(grid, key=lambda t: (scored[t]["f1"], t))
    return threshold, scored[threshold]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_TAGGER)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    from service.extraction import Extractor

    started = time.perf_counter()
    extractor = Extractor(scorer=None, detector="rules")
    classes = [NONE, *extractor.lexicon.type_names]
    story_ids = load_split()["train"]
    words, width = collect(extractor, story_ids, classes)
    labels = np.array(words.label)
    print(f"{len(labels)} content words in {len(story_ids)} train stories, {int((labels > 0).sum())} in a trigger")
    out_of_fold = cross_validate(words, len(classes), args.seed)
    threshold, alone = best_threshold(words, out_of_fold, classes, with_rules=False)
    threshold_with_rules, beside = best_threshold(words, out_of_fold, classes, with_rules=True)
    # a threshold no probability reaches: the rules' mentions and none of the model's
    rules_alone = mention_scores(words, out_of_fold, classes, 2.0, with_rules=True)
    weights = fit(np.stack(words.dense), words.sparse, labels, len(classes))
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "weights.npz",
        dense=weights.dense,
        sparse=weights.sparse,
        bias=weights.bias,
        mean=weights.mean,
        scale=weights.scale,
    )
    meta = {
        "name": "trigger_tagger",
        "version": MODEL_VERSION,
        "features_version": FEATURES_VERSION,
        "classes": classes,
        "width": width,
        "threshold": threshold,
        "threshold_with_rules": threshold_with_rules,
        "l2": L2,
        "steps": STEPS,
        "seed": args.seed,
        "spacy_model": f"{extractor.model_info['name']} {extractor.model_info['version']}",
        "training": {
            "data": "data/voa2025 train split: VOA stories (US government work, public domain), annotations MIT",
            "stories": len(story_ids),
            "words": len(labels),
            "trigger_words": int((labels > 0).sum()),
            "annotated_mentions": sum(len(g) for g in words.gold),
        },
        "cross_validation": {
            "folds": FOLDS,
            "model_alone": alone,
            "rules_alone": rules_alone,
            "rules_and_model": beside,
        },
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"cross-validated mention P/R/F1: model alone at {threshold} {alone}")
    print(f"  rules alone {rules_alone}; rules and model at {threshold_with_rules} {beside}")
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
