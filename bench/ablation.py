"""Rules, the trained trigger tagger and the mention scorer, alone and together, on the corpus's dev and test splits.

    python -m bench.ablation [--splits dev test]      (make ablation)

For each configuration and split: mention- and event-level P/R/F1 overall and
per type, status accuracy on paired events, and, for the scorer, how well its
confidence is calibrated (expected calibration error over ten bins, event
level: is a returned event one the annotators found?). Writes
bench/results/ablation.json, docs/MODEL.md's results section and
docs/reliability.svg.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from bench.corpus import load_annotations, load_split, load_stories
from bench.corpus_eval import RESULTS, new_tally, pair_events, score_story, summarise
from service.extraction.scorer import DEFAULT_SCORER

ROOT = Path(__file__).resolve().parents[1]
MODEL_CARD = ROOT / "docs" / "MODEL.md"
PLOT = ROOT / "docs" / "reliability.svg"
BINS = 10
# The threshold make train chose from cross-validation on the train split.
RECOMMENDED = json.loads((DEFAULT_SCORER / "meta.json").read_text(encoding="utf-8"))["recommended_min_confidence"]
# name -> (TRIGGER_DETECTOR, EVENT_SCORER, min_confidence the client asks for)
CONFIGS = {
    "rules": ("rules", "none", 0.0),
    "model": ("model", "none", 0.0),
    "both": ("both", "none", 0.0),
    "rules + scorer": ("rules", "default", 0.0),
    f"rules + scorer, min_confidence {RECOMMENDED}": ("rules", "default", RECOMMENDED),
    "both + scorer": ("both", "default", 0.0),
    f"both + scorer, min_confidence {RECOMMENDED}": ("both", "default", RECOMMENDED),
}


def run(split: str, extractor: Any, min_confidence: float = 0.0) -> dict[str, Any]:
    stories, annotations = load_stories(), load_annotations()
    ids = [i for i in load_split()[split] if i in annotations]
    items = [(stories[i]["text"], date.fromisoformat(stories[i]["published"][:10])) for i in ids]
    tally = new_tally()
    confidences: list[tuple[float, int]] = []
    for story_id, result in zip(ids, extractor.extract_many(items), strict=True):
        predicted = [asdict(e) for e in result.events if e.confidence >= min_confidence]
        gold = annotations[story_id]["events"]
        score_story(gold, predicted, tally)
        paired = {p for _, p in pair_events(gold, predicted)}
        confidences += [(e["confidence"], int(i in paired)) for i, e in enumerate(predicted)]
    summary = summarise(tally)
    return {
        "stories": len(ids),
        "mention": summary["mention"]["all"],
        "event": summary["event"]["all"],
        "event_by_type": {t: v["f1"] for t, v in summary["event"]["by_type"].items()},
        "status_accuracy": summary["slots"]["status"]["accuracy"],
        "calibration": calibration(confidences),
    }


def calibration(pairs: list[tuple[float, int]]) -> dict[str, Any]:
    """Expected calibration error over BINS equal-width bins, and the bins themselves."""
    bins = []
    for k in range(BINS):
        low, high = k / BINS, (k + 1) / BINS
        inside = [(c, y) for c, y in pairs if low <= c < high or (k == BINS - 1 and c == 1.0)]
        if inside:
            bins.append(
                {
                    "low": low,
                    "high": high,
                    "count": len(inside),
                    "confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                    "accuracy": round(sum(y for _, y in inside) / len(inside), 3),
                }
            )
    total = len(pairs)
    ece = sum(b["count"] / total * abs(b["confidence"] - b["accuracy"]) for b in bins) if total else None
    return {"ece": None if ece is None else round(ece, 3), "events": total, "bins": bins}


def reliability_svg(results: dict[str, Any]) -> str:
    """A reliability diagram: per bin, mean confidence against the share of returned
    events that are right, one series per configuration, on the dev split."""
    size, pad = 320, 40
    colours = {"rules": "#888888", "rules + scorer": "#1f6fb2", "both + scorer": "#c33"}
    results = {name: result for name, result in results.items() if name in colours}

    def xy(confidence: float, accuracy: float) -> tuple[float, float]:
        return pad + confidence * size, pad + (1 - accuracy) * size

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * pad + 150}" height="{size + 2 * pad}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="#000"/>',
        f'<line x1="{pad}" y1="{pad + size}" x2="{pad + size}" y2="{pad}" stroke="#bbb" stroke-dasharray="4"/>',
        f'<text x="{pad + size / 2 - 60}" y="{pad + size + 28}">confidence (bin mean)</text>',
        f'<text x="6" y="{pad - 10}">share right</text>',
    ]
    for tick in (0, 0.5, 1):
        x, y = xy(tick, tick)
        parts.append(f'<text x="{x - 6}" y="{pad + size + 14}">{tick}</text>')
        parts.append(f'<text x="{pad - 24}" y="{y + 4}">{tick}</text>')
    for row, (name, result) in enumerate(results.items()):
        bins = result["dev"]["calibration"]["bins"]
        points = " ".join("{:.1f},{:.1f}".format(*xy(b["confidence"], b["accuracy"])) for b in bins)
        colour = colours.get(name, "#c33")
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for b in bins:
            x, y = xy(b["confidence"], b["accuracy"])
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{2 + min(b["count"], 60) / 12:.1f}" fill="{colour}"/>')
        ece = result["dev"]["calibration"]["ece"]
        parts.append(f'<text x="{pad + size + 12}" y="{pad + 14 + 16 * row}" fill="{colour}">{name} (ECE {ece})</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render(results: dict[str, Any], splits: list[str]) -> str:
    def f(value: Any) -> str:
        return "—" if value is None else f"{value:.3f}"

    lines = [
        "<!-- ablation:start -->",
        "Generated by `make ablation` (`python -m bench.ablation`); figures also in `bench/results/ablation.json`.",
        "",
        "| configuration | split | mention P | mention R | mention F1 | event P | event R | event F1 | status acc. | ECE |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, per_split in results.items():
        for split in splits:
            r = per_split[split]
            m, e = r["mention"], r["event"]
            lines.append(
                f"| {name} | {split} | {f(m['precision'])} | {f(m['recall'])} | {f(m['f1'])} | {f(e['precision'])} | "
                f"{f(e['recall'])} | {f(e['f1'])} | {f(r['status_accuracy'])} | {f(r['calibration']['ece'])} |"
            )
    types = sorted({t for per_split in results.values() for r in per_split.values() for t in r["event_by_type"]})
    names = list(results)
    lines += [
        "",
        "Event F1 per type:",
        "",
        "| type | " + " | ".join(f"{n} ({s})" for s in splits for n in names) + " |",
    ]
    lines.append("|---|" + "---|" * (len(names) * len(splits)))
    for t in types:
        cells = [f(results[n][s]["event_by_type"].get(t)) for s in splits for n in names]
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    lines += ["", "![reliability on dev](reliability.svg)", "<!-- ablation:end -->"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", nargs="+", default=["dev", "test"], choices=["train", "dev", "test"])
    args = parser.parse_args(argv)
    from service.extraction import Extractor

    results: dict[str, Any] = {}
    base = None
    for name, (detector, scorer, min_confidence) in CONFIGS.items():
        extractor = Extractor(nlp=base.nlp if base else None, detector=detector, scorer=scorer)
        base = base or extractor
        results[name] = {split: run(split, extractor, min_confidence) for split in args.splits}
        for split in args.splits:
            e = results[name][split]["event"]
            print(f"{name:40} {split:5} event P {e['precision']} R {e['recall']} F1 {e['f1']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ablation.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if "dev" in args.splits:
        PLOT.write_text(reliability_svg(results), encoding="utf-8")
    card = MODEL_CARD.read_text(encoding="utf-8")
    block = render(results, args.splits)
    card = re.sub(r"<!-- ablation:start -->.*<!-- ablation:end -->", lambda _: block, card, flags=re.S)
    MODEL_CARD.write_text(card, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
