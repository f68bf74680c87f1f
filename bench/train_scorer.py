"""Train the mention scorer (service/extraction/scorer.py) on the corpus's train split.

    python -m bench.train_scorer [--out DIR] [--seed 13]      (make train)

1. Every candidate the rules and stages produce on the 53 train stories becomes
   one example: its features (FeatureLayout) and a label, 1 when an annotated
   mention of the same type overlaps its trigger.
2. Logistic regression with L2, full-batch gradient descent from zeros (no
   randomness but the fold assignment, seeded). The L2 strength is chosen by
   five-fold cross-validation over stories (log-loss), and the threshold below
   which a candidate is dropped by the F1 of the cross-validated predictions
   against every annotated mention (missed ones count against recall), losing
   at most 0.015 of the rules' recall, becomes the recommended min_confidence.
   The committed model drops nothing itself (--drop-below 0).
3. The model trained on all 53 stories is written with its meta.json.

Dev and test stories, and ../shared/devdata, are never read here.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.corpus import load_annotations, load_split, run_stories
from bench.corpus_eval import mentions
from service.extraction.scorer import DEFAULT_SCORER, FEATURES_VERSION, FeatureLayout

# meta.model.scorer names this: bump it whenever the features, the training data or
# the rules that propose candidates change, so two different models never share a name.
MODEL_VERSION = "1.8"

L2_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
STEPS = 600
LEARNING_RATE = 0.1
FOLDS = 5


@dataclass
class Examples:
    x: np.ndarray
    y: np.ndarray
    story: np.ndarray  # index of the story each example comes from
    gold_mentions: list[int]  # annotated mentions per story (the recall denominator)
    types: list[str]  # each example's type


def collect(extractor, story_ids: list[str], lemmas: bool = True) -> tuple[Examples, FeatureLayout]:
    """Run the rules on the stories and label every candidate against the annotations."""
    annotations = load_annotations()
    width = extractor.nlp("Width of the pipeline's token vectors.").tensor.shape[1]
    layout = FeatureLayout(types=tuple(extractor.lexicon.type_names), width=width, lemmas=lemmas)
    rows, labels, owners, kinds = [], [], [], []
    golds = [mentions(annotations[story_id]["events"]) for story_id in story_ids]

    def read(index, doc, drafts):
        rows.extend(layout.vectors(drafts, doc))
        for draft in drafts:
            span = doc[draft.trigger.start : draft.trigger.end]
            hit = any(
                g.type == draft.type and g.start < span.end_char and span.start_char < g.end for g in golds[index]
            )
            labels.append(1.0 if hit else 0.0)
            owners.append(index)
            kinds.append(draft.type)

    run_stories(extractor, story_ids, read)
    gold_counts = [len(gold) for gold in golds]
    examples = Examples(np.stack(rows).astype(np.float64), np.array(labels), np.array(owners), gold_counts, kinds)
    return examples, layout


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Standardise, then logistic regression by Adam on the mean log-loss plus L2."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    coef = np.zeros(z.shape[1])
    bias = 0.0
    m_c, v_c, m_b, v_b = np.zeros_like(coef), np.zeros_like(coef), 0.0, 0.0
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(z @ coef + bias)))
        grad_c = z.T @ (p - y) / len(y) + l2 * coef
        grad_b = float(np.mean(p - y))
        m_c = 0.9 * m_c + 0.1 * grad_c
        v_c = 0.999 * v_c + 0.001 * grad_c**2
        m_b = 0.9 * m_b + 0.1 * grad_b
        v_b = 0.999 * v_b + 0.001 * grad_b**2
        correction = np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        coef -= LEARNING_RATE * correction * m_c / (np.sqrt(v_c) + 1e-8)
        bias -= LEARNING_RATE * correction * m_b / (np.sqrt(v_b) + 1e-8)
    return coef, bias, mean, scale


def predict(x: np.ndarray, coef: np.ndarray, bias: float, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ coef + bias)))


def cross_validate(examples: Examples, l2: float, seed: int) -> np.ndarray:
    """Out-of-fold probabilities, folds by story."""
    stories = sorted(set(examples.story.tolist()))
    random.Random(seed).shuffle(stories)
    fold_of = {s: i % FOLDS for i, s in enumerate(stories)}
    folds = np.array([fold_of[s] for s in examples.story.tolist()])
    out = np.zeros(len(examples.y))
    for k in range(FOLDS):
        train, held = folds != k, folds == k
        coef, bias, mean, scale = fit(examples.x[train], examples.y[train], l2)
        out[held] = predict(examples.x[held], coef, bias, mean, scale)
    return out


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def best_threshold(examples: Examples, p: np.ndarray, max_recall_loss: float) -> tuple[float, dict[str, float]]:
    """The threshold with the best mention F1 among those that lose at most
    ``max_recall_loss`` of the rules' recall (over every annotated mention).

    Recall is approximated by the correct candidates kept over all annotated
    mentions; several candidates on one annotated mention are rare."""
    gold = sum(examples.gold_mentions)
    floor = examples.y.sum() / gold - max_recall_loss
    best = (0.0, -1.0, {})
    for threshold in np.arange(0.02, 0.96, 0.01):
        kept = p >= threshold
        correct = float(examples.y[kept].sum())
        precision = correct / kept.sum() if kept.sum() else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if recall >= floor and f1 > best[1]:
            best = (round(float(threshold), 2), f1, {"precision": precision, "recall": recall, "f1": f1})
    return best[0], {k: round(float(v), 3) for k, v in best[2].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-lemmas", action="store_true", help="leave the hashed trigger lemma out")
    parser.add_argument(
        "--max-recall-loss", type=float, default=0.015, help="recall the threshold may cost (cross-validated)"
    )
    parser.add_argument(
        "--drop-below",
        type=float,
        default=0.0,
        help="drop candidates below this probability (default none: RAMS recall falls under its 0.70 floor above 0.05)",
    )
    args = parser.parse_args(argv)
    from service.extraction import Extractor

    started = time.perf_counter()
    # The rules' candidates: the tagger has seen these stories, so its words here would
    # all look right and teach the scorer nothing about its words elsewhere.
    extractor = Extractor(scorer=None, detector="rules")
    story_ids = load_split()["train"]
    examples, layout = collect(extractor, story_ids, lemmas=not args.no_lemmas)
    rules_only = {
        "precision": round(float(examples.y.mean()), 3),
        "recall": round(float(examples.y.sum()) / sum(examples.gold_mentions), 3),
    }
    print(f"{len(examples.y)} candidates from {len(story_ids)} train stories, {int(examples.y.sum())} right")
    cv = {}
    for l2 in L2_GRID:
        cv[l2] = cross_validate(examples, l2, args.seed)
        print(f"  l2 {l2}: cross-validated log-loss {log_loss(examples.y, cv[l2]):.4f}")
    l2 = min(L2_GRID, key=lambda v: log_loss(examples.y, cv[v]))
    threshold, at_threshold = best_threshold(examples, cv[l2], args.max_recall_loss)
    coef, bias, mean, scale = fit(examples.x, examples.y, l2)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out / "weights.npz",
        coef=coef.astype(np.float32),
        bias=np.float32(bias),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
    )
    meta = {
        "name": "mention_scorer",
        "version": MODEL_VERSION,
        "features_version": FEATURES_VERSION,
        "types": list(layout.types),
        "width": layout.width,
        "lemmas": layout.lemmas,
        "max_recall_loss": args.max_recall_loss,
        "drop_below": args.drop_below,
        "recommended_min_confidence": threshold,
        "l2": l2,
        "seed": args.seed,
        "spacy_model": f"{extractor.model_info['name']} {extractor.model_info['version']}",
        "training": {
            "data": "data/voa2025 train split: VOA stories (US government work, public domain), annotations MIT",
            "stories": len(story_ids),
            "candidates": len(examples.y),
            "positive": int(examples.y.sum()),
            "annotated_mentions": sum(examples.gold_mentions),
        },
        "cross_validation": {
            "folds": FOLDS,
            "log_loss": {str(k): round(log_loss(examples.y, v), 4) for k, v in cv.items()},
            "rules_alone": rules_only,
            "at_threshold": at_threshold,
        },
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(
        f"l2 {l2}, recommended min_confidence {threshold}: cross-validated mention P/R/F1 {at_threshold} (rules alone {rules_only})"
    )
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
