"""Accuracy of the extractor on annotated data: ``python -m bench.accuracy`` (``make eval``).

Scores, each against the dataset's labels mapped onto our taxonomy (bench/label_map.py):

- WikiEvents (all_events): mention-level trigger precision/recall/F1 per type.
  Every mention of every predicted event of a scored type counts; a predicted
  mention is correct when an annotated trigger of the same mapped type overlaps
  it, and an annotated trigger is found when such a predicted mention overlaps it.
- RAMS (single_event): type recall, the share of annotated (mapped) events for
  which we output an event of the mapped type with a mention overlapping the
  annotated trigger; also the looser "type anywhere in the text" recall.
- CASE 2021 task 2 (label_only): label accuracy; the predicted label is the type
  of our highest-confidence event among the types CASE labels map onto (ties:
  earliest trigger); no such event counts as wrong.
- Arguments (WikiEvents, RAMS): for matched triggers, the share of annotated
  agent/patient/party/place arguments found in our source/target/participants/location.
- seeds/: recall of the hand-checked expected events (bench/seedmatch.py), field
  agreement (date, location, status, force size) and page-furniture hits; and
  precision, the share of returned events paired one-to-one with an expected
  event (seedmatch.judge_returned), for the core types (meeting, deployment,
  warning: the golden set's core) and for all types (a lower bound: the other
  types are annotated only where stated clearly). Every returned event that
  pairs with none is listed with the reason, for a reader to judge.

Devdata is read from ../shared/devdata (override: DEVDATA_DIR) and skipped when absent.
Writes bench/results/accuracy.json and docs/ACCURACY.md unless --no-write, and
after a full run README.md's accuracy table (bench/readme.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench import label_map
from bench.readme import write_block

ROOT = Path(__file__).resolve().parents[1]
RESULTS_JSON = ROOT / "bench" / "results" / "accuracy.json"
ACCURACY_MD = ROOT / "docs" / "ACCURACY.md"
SEEDS_DIR = ROOT / "seeds"

DATASET_FILES: dict[str, list[str]] = {
    "wikievents": ["wikievents_dev.jsonl", "wikievents_test.jsonl"],
    "rams": ["rams_dev.jsonl", "rams_test.jsonl"],
    "case": ["case2021_task2.jsonl"],
}
ALL_DATASETS = ("wikievents", "rams", "case", "seeds")


@dataclass(frozen=True)
class Floor:
    name: str
    dataset: str
    metric: str
    threshold: float
    op: str = ">="  # ">=" (at least) or "<=" (at most)

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.threshold if self.op == ">=" else value <= self.threshold


FLOORS = (
    Floor(
        "WikiEvents micro-F1 (meeting, attack, casualties, arrest, protest, warning)",
        "wikievents",
        "micro_f1_floor_types",
        0.55,
    ),
    Floor("RAMS type recall (mapped types, trigger overlap)", "rams", "type_recall", 0.70),
    Floor("CASE 2021 label accuracy (mapped labels)", "case", "accuracy", 0.70),
    Floor("seeds recall on expected meetings, deployments, warnings", "seeds", "core_recall", 0.90),
    Floor("seeds events from page furniture", "seeds", "furniture_hits", 0, "<="),
)


def default_devdata_dir() -> Path:
    env = os.environ.get("DEVDATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "devdata"


# ---------------------------------------------------------------------------
# metric functions (pure: no spaCy, no files)
# ---------------------------------------------------------------------------

SpanT = tuple[int, int]


def overlaps(a: SpanT, b: SpanT) -> bool:
    """Half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    """Precision over predicted mentions, recall over annotated triggers, their F1.

    With overlapping spans the two numerators differ (one predicted mention can
    cover two annotated triggers, and the other way round), so both are kept.
    """
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "tp_pred": tp_pred,
        "n_pred": n_pred,
        "tp_gold": tp_gold,
        "n_gold": n_gold,
    }


@dataclass(frozen=True)
class Tagged:
    """A typed span: an annotated trigger or one predicted mention."""

    type: str
    start: int
    end: int
    text: str = ""
    label: str = ""  # the dataset's own label (annotations only)

    @property
    def span(self) -> SpanT:
        return (self.start, self.end)


def predicted_mentions(events: Iterable[dict[str, Any]], types: Iterable[str] | None = None) -> list[Tagged]:
    """Every mention of every event (of ``types``), one per (type, span)."""
    keep = set(types) if types is not None else None
    seen: dict[tuple[str, int, int], Tagged] = {}
    for event in events:
        if keep is not None and event["type"] not in keep:
            continue
        for mention in event["mentions"]:
            t = mention["trigger"]
            key = (event["type"], t["start"], t["end"])
            seen.setdefault(key, Tagged(event["type"], t["start"], t["end"], t.get("text", "")))
    return sorted(seen.values(), key=lambda m: (m.start, m.end, m.type))


@dataclass
class TypeCounts:
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    def add(self, other: TypeCounts) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    def scores(self) -> dict[str, Any]:
        return prf(self.tp_pred, self.n_pred, self.tp_gold, self.n_gold)


@dataclass
class MentionErrors:
    missed: list[Tagged] = field(default_factory=list)  # annotated triggers nobody found
    spurious: list[Tagged] = field(default_factory=list)  # predicted mentions with no same-type annotation
    # (predicted, overlapping annotation of another label)
    wrong_type: list[tuple[Tagged, Tagged]] = field(default_factory=list)
    # spurious mentions whose word is annotated with the same type elsewhere in
    # the document: likely coreferent mentions the annotators left out
    same_word_elsewhere: list[Tagged] = field(default_factory=list)


def score_mentions(
    gold: Sequence[Tagged], pred: Sequence[Tagged], types: Iterable[str], all_gold: Sequence[Tagged] = ()
) -> tuple[dict[str, TypeCounts], MentionErrors]:
    """Mention-level trigger scoring of one document on ``types``.

    ``gold`` holds the mapped annotations; ``all_gold`` optionally every
    annotation (mapped or not) so that spurious predictions sitting on an
    annotated trigger of another label can be told apart.
    """
    counts = {t: TypeCounts() for t in types}
    errors = MentionErrors()
    for p in pred:
        if p.type not in counts:
            continue
        c = counts[p.type]
        c.n_pred += 1
        if any(g.type == p.type and overlaps(g.span, p.span) for g in gold):
            c.tp_pred += 1
        else:
            other = next((g for g in all_gold if overlaps(g.span, p.span)), None)
            if other is not None:
                errors.wrong_type.append((p, other))
            else:
                errors.spurious.append(p)
                if any(g.type == p.type and g.text.lower() == p.text.lower() for g in gold):
                    errors.same_word_elsewhere.append(p)
    for g in gold:
        if g.type not in counts:
            continue
        c = counts[g.type]
        c.n_gold += 1
        if any(p.type == g.type and overlaps(g.span, p.span) for p in pred):
            c.tp_gold += 1
        else:
            errors.missed.append(g)
    return counts, errors


def micro(counts: dict[str, TypeCounts], types: Iterable[str]) -> dict[str, Any]:
    total = TypeCounts()
    for t in types:
        if t in counts:
            total.add(counts[t])
    return total.scores()


def macro_f1(counts: dict[str, TypeCounts], types: Iterable[str]) -> float | None:
    f1s = [counts[t].scores()["f1"] for t in types if t in counts and counts[t].n_gold]
    return sum(f1s) / len(f1s) if f1s else None


def single_event_hit(gold: Tagged, events: Sequence[dict[str, Any]]) -> tuple[bool, bool, dict[str, Any] | None]:
    """(an event of the type overlaps the trigger, an event of the type anywhere, the overlapping event)."""
    anywhere = False
    for event in events:
        if event["type"] != gold.type:
            continue
        anywhere = True
        for mention in event["mentions"]:
            t = mention["trigger"]
            if overlaps((t["start"], t["end"]), gold.span):
                return True, True, event
    return False, anywhere, None


def matching_event(gold: Tagged, events: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The first predicted event of the gold type with a mention overlapping the gold trigger."""
    return single_event_hit(gold, events)[2]


def seed_precision(judged: Iterable[Any], types: Iterable[str] | None = None) -> dict[str, Any]:
    """Share of returned events (of ``types``; all when None) paired with an expected event.

    ``judged`` holds bench.seedmatch.Judged items: ``.event`` (a returned event
    dict) and ``.correct``.
    """
    keep = set(types) if types is not None else None
    chosen = [j for j in judged if keep is None or j.event["type"] in keep]
    correct = sum(j.correct for j in chosen)
    return {"precision": ratio(correct, len(chosen)), "correct": correct, "returned": len(chosen)}


def unmatched_row(seed_id: str, judged: Any) -> dict[str, Any]:
    """A returned event that no expected event vouches for, as a reader needs it to judge."""
    event = judged.event
    mention = event["mentions"][0]
    near = judged.near
    return {
        "seed": seed_id,
        "id": event.get("id"),
        "type": event["type"],
        "subtype": event.get("subtype"),
        "status": event.get("modality", {}).get("status"),
        "trigger": mention["trigger"]["text"],
        "start": mention["trigger"]["start"],
        "mentions": len(event["mentions"]),
        "reason": judged.reason,
        "near_expected": f"{near['type']} '{near['trigger']}'" if near else None,
        "sentence": mention["sentence"]["text"],
    }


def case_prediction(events: Sequence[dict[str, Any]], candidate_types: Iterable[str]) -> str | None:
    """CASE label rule: the type of the highest-confidence event among ``candidate_types``; ties go to the earliest trigger."""
    keep = set(candidate_types)
    candidates = [e for e in events if e["type"] in keep]
    if not candidates:
        return None
    best = max(candidates, key=lambda e: (e.get("confidence", 0.0), -e["trigger"]["start"]))
    return best["type"]


_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = {"the", "a", "an", "of", "and", "'s", "s"}


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def text_matches(a: str | None, b: str | None) -> bool:
    """Whole-word containment either way ("general" ~ "Major General Gladkikh"; "US" !~ "Russia")."""
    wa, wb = _words(a), _words(b)
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def span_or_text_match(arg: dict[str, Any], item: dict[str, Any] | None) -> bool:
    """An annotated argument matches one of our actors/locations by character overlap or by its words."""
    if not item:
        return False
    char = arg.get("char")
    if char and item.get("start") is not None and overlaps((char[0], char[1]), (item["start"], item["end"])):
        return True
    return text_matches(arg.get("text"), item.get("text")) or text_matches(arg.get("text"), item.get("canonical"))


def slot_pool(role_cls: str, event: dict[str, Any]) -> list[dict[str, Any]]:
    if role_cls == "agent":
        return event["source"] + event["participants"]
    if role_cls == "patient":
        return event["target"] + event["participants"]
    if role_cls == "party":
        return event["source"] + event["target"] + event["participants"]
    if role_cls == "place":
        return [event["location"]] if event.get("location") else []
    return []


def score_arguments(
    our_type: str, arguments: Sequence[dict[str, Any]], event: dict[str, Any]
) -> list[tuple[str, bool]]:
    """(slot class, found) for each annotated argument whose role is scored."""
    out = []
    for arg in arguments:
        cls = label_map.role_class(our_type, arg["role"])
        if cls is None:
            continue
        out.append((cls, any(span_or_text_match(arg, item) for item in slot_pool(cls, event))))
    return out


def tally_arguments(pairs: Iterable[tuple[str, bool]]) -> dict[str, dict[str, Any]]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cls, hit in pairs:
        tally[cls][0] += hit
        tally[cls][1] += 1
        tally["all"][0] += hit
        tally["all"][1] += 1
    return {k: {"found": v[0], "checked": v[1], "accuracy": ratio(v[0], v[1])} for k, v in sorted(tally.items())}


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def load_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def gold_tagged(dataset: str, doc: dict[str, Any]) -> tuple[list[Tagged], list[Tagged]]:
    """(mapped annotations, all annotations with a trigger span) of a document."""
    mapped, every = [], []
    for e in doc["events"]:
        if not e.get("trigger_char"):
            continue
        s, t = e["trigger_char"]
        our = label_map.map_label(dataset, e["type"])
        every.append(Tagged(our or "", s, t, e.get("trigger") or "", e["type"]))
        if our:
            mapped.append(Tagged(our, s, t, e.get("trigger") or "", e["type"]))
    return mapped, every


def run_extractor(
    ex: Any, items: list[tuple[str, date | None]], label: str, chunk: int = 128, content: bool = True
) -> tuple[list[list[dict[str, Any]]], float]:
    """Events (as dicts) for every text, in order, and the seconds spent. With
    ``content``, an act the service reports as what a warning or demand is about
    ("warned against an incursion") also counts as found at its trigger, as an event
    with no arguments: the datasets annotate such mentions as events of their own."""
    out: list[list[dict[str, Any]]] = []
    started = time.perf_counter()
    for i in range(0, len(items), chunk):
        for result in ex.extract_many(items[i : i + chunk], batch_size=32):
            events = [e.to_dict() for e in result.events]
            if content:
                events += [_content_event(c) for e in events for c in e["content"]]
            out.append(events)
        print(f"  {label}: {len(out)}/{len(items)}", end="\r", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    print(file=sys.stderr)
    return out, seconds


def _content_event(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": content["type"],
        "subtype": content["subtype"],
        "trigger": content["trigger"],
        "mentions": [{"trigger": content["trigger"]}],
        "source": [],
        "target": [],
        "participants": [],
        "location": None,
        "time": None,
        "modality": content["modality"],
        "content": [],
    }


def timing(n_docs: int, seconds: float, chars: int) -> dict[str, Any]:
    return {
        "docs": n_docs,
        "seconds": round(seconds, 2),
        "docs_per_s": round(n_docs / seconds, 1) if seconds else None,
        "chars": chars,
    }


def _top(counter: Counter, n: int = 15) -> list[list[Any]]:
    return [[k, v] for k, v in counter.most_common(n)]


# ---------------------------------------------------------------------------
# per-dataset evaluation
# ---------------------------------------------------------------------------


def evaluate_wikievents(ex: Any, docs: list[dict[str, Any]]) -> dict[str, Any]:
    types = label_map.target_types("wikievents")
    floor_types = list(label_map.WIKIEVENTS_FLOOR_TYPES)
    predictions, seconds = run_extractor(ex, [(d["text"], None) for d in docs], "wikievents")
    counts = {t: TypeCounts() for t in types}
    missed, spurious, wrong = defaultdict(Counter), defaultdict(Counter), Counter()
    same_word: Counter = Counter()
    arg_pairs: list[tuple[str, bool]] = []
    arg_by_type: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    labels = Counter()
    for doc, events in zip(docs, predictions, strict=True):
        gold, every = gold_tagged("wikievents", doc)
        labels.update(e["type"] for e in doc["events"])
        doc_counts, errors = score_mentions(gold, predicted_mentions(events, types), types, every)
        for t, c in doc_counts.items():
            counts[t].add(c)
        for g in errors.missed:
            missed[g.type][g.text.lower()] += 1
        for p in errors.spurious:
            spurious[p.type][p.text.lower()] += 1
        for p, g in errors.wrong_type:
            wrong[f"{p.type} on {g.label} ({g.text.lower()})"] += 1
        same_word.update(p.type for p in errors.same_word_elsewhere)
        # arguments of matched annotated events
        for e in doc["events"]:
            our = label_map.map_label("wikievents", e["type"])
            if not our or not e.get("trigger_char"):
                continue
            match = matching_event(Tagged(our, *e["trigger_char"]), events)
            if match is not None:
                pairs = score_arguments(our, e.get("arguments", []), match)
                arg_pairs += pairs
                arg_by_type[our] += pairs
    return {
        "scope": "all_events",
        "docs": len(docs),
        "timing": timing(len(docs), seconds, sum(len(d["text"]) for d in docs)),
        "types": types,
        "floor_types": floor_types,
        "per_type": {t: counts[t].scores() for t in types},
        "micro_floor_types": micro(counts, floor_types),
        "micro_all_mapped": micro(counts, types),
        "macro_f1_floor_types": macro_f1(counts, floor_types),
        "lenient_micro_floor_types": _lenient(counts, floor_types, same_word),
        "micro_f1_floor_types": micro(counts, floor_types)["f1"],
        "arguments": tally_arguments(arg_pairs),
        "arguments_by_type": {t: tally_arguments(p) for t, p in sorted(arg_by_type.items())},
        "label_counts": _label_counts("wikievents", labels),
        "errors": {
            "missed_triggers": {t: _top(c) for t, c in sorted(missed.items())},
            "spurious_triggers": {t: _top(c) for t, c in sorted(spurious.items())},
            "on_other_label": _top(wrong, 20),
        },
    }


def _lenient(counts: dict[str, TypeCounts], types: Iterable[str], same_word: Counter) -> dict[str, Any]:
    """Micro P/R/F1 counting spurious mentions whose word is annotated (same type) elsewhere in the doc as correct.

    Informational only: WikiEvents often annotates one mention of an event and
    not its later coreferent mentions ("the explosion"), which strict scoring
    counts as false positives. Floors use the strict figure.
    """
    total = TypeCounts()
    extra = 0
    for t in types:
        if t in counts:
            total.add(counts[t])
            extra += same_word.get(t, 0)
    scores = prf(total.tp_pred + extra, total.n_pred, total.tp_gold, total.n_gold)
    scores["credited"] = extra
    return scores


def evaluate_rams(ex: Any, docs: list[dict[str, Any]]) -> dict[str, Any]:
    types = label_map.target_types("rams")
    predictions, seconds = run_extractor(ex, [(d["text"], None) for d in docs], "rams")
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # overlap, anywhere, total
    missed, confused = defaultdict(Counter), Counter()
    arg_pairs: list[tuple[str, bool]] = []
    arg_by_type: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    labels = Counter()
    for doc, events in zip(docs, predictions, strict=True):
        for e in doc["events"]:
            labels[e["type"]] += 1
            our = label_map.map_label("rams", e["type"])
            if not our or not e.get("trigger_char"):
                continue
            gold = Tagged(our, e["trigger_char"][0], e["trigger_char"][1], e.get("trigger") or "", e["type"])
            overlap, anywhere, match = single_event_hit(gold, events)
            h = hits[our]
            h[0] += overlap
            h[1] += anywhere
            h[2] += 1
            if match is not None:
                pairs = score_arguments(our, e.get("arguments", []), match)
                arg_pairs += pairs
                arg_by_type[our] += pairs
            else:
                missed[our][gold.text.lower()] += 1
                other = [p.type for p in predicted_mentions(events) if overlaps(p.span, gold.span)]
                confused[f"{our} -> {'/'.join(sorted(set(other))) if other else 'nothing'}"] += 1
    total = [sum(h[i] for h in hits.values()) for i in range(3)]
    return {
        "scope": "single_event",
        "docs": len(docs),
        "timing": timing(len(docs), seconds, sum(len(d["text"]) for d in docs)),
        "types": types,
        "per_type": {
            t: {
                "recall": ratio(hits[t][0], hits[t][2]),
                "recall_anywhere": ratio(hits[t][1], hits[t][2]),
                "found": hits[t][0],
                "found_anywhere": hits[t][1],
                "annotated": hits[t][2],
            }
            for t in types
            if hits[t][2]
        },
        "type_recall": ratio(total[0], total[2]),
        "type_recall_anywhere": ratio(total[1], total[2]),
        "found": total[0],
        "found_anywhere": total[1],
        "annotated_mapped": total[2],
        "arguments": tally_arguments(arg_pairs),
        "arguments_by_type": {t: tally_arguments(p) for t, p in sorted(arg_by_type.items())},
        "label_counts": _label_counts("rams", labels),
        "errors": {
            "missed_triggers": {t: _top(c) for t, c in sorted(missed.items())},
            "missed_got_instead": _top(confused, 20),
        },
    }


def evaluate_case(ex: Any, docs: list[dict[str, Any]]) -> dict[str, Any]:
    types = label_map.target_types("case")
    predictions, seconds = run_extractor(ex, [(d["text"], None) for d in docs], "case")
    per_label: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, any, total
    confusion: dict[str, Counter] = defaultdict(Counter)  # gold type -> predicted
    unmapped_pred: dict[str, Counter] = defaultdict(Counter)  # unmapped label -> predicted
    labels = Counter()
    for doc, events in zip(docs, predictions, strict=True):
        label = doc["events"][0]["type"]
        labels[label] += 1
        our = label_map.map_label("case", label)
        predicted = case_prediction(events, types)
        if not our:
            unmapped_pred[label][predicted or "none"] += 1
            continue
        row = per_label[label]
        row[0] += predicted == our
        row[1] += any(e["type"] == our for e in events)
        row[2] += 1
        confusion[our][predicted or "none"] += 1
    correct = sum(r[0] for r in per_label.values())
    anyhit = sum(r[1] for r in per_label.values())
    total = sum(r[2] for r in per_label.values())
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for label, r in per_label.items():
        t = label_map.map_label("case", label)
        by_type[t][0] += r[0]
        by_type[t][1] += r[2]
    return {
        "scope": "label_only",
        "docs": len(docs),
        "timing": timing(len(docs), seconds, sum(len(d["text"]) for d in docs)),
        "types": types,
        "accuracy": ratio(correct, total),
        "accuracy_type_anywhere": ratio(anyhit, total),
        "correct": correct,
        "mapped_snippets": total,
        "per_type": {
            t: {"accuracy": ratio(v[0], v[1]), "correct": v[0], "snippets": v[1]} for t, v in sorted(by_type.items())
        },
        "per_label": {
            k: {
                "type": label_map.map_label("case", k),
                "accuracy": ratio(v[0], v[2]),
                "type_anywhere": ratio(v[1], v[2]),
                "correct": v[0],
                "snippets": v[2],
            }
            for k, v in sorted(per_label.items())
        },
        "confusion": {t: dict(c.most_common()) for t, c in sorted(confusion.items())},
        "unmapped_predicted": {k: dict(c.most_common()) for k, c in sorted(unmapped_pred.items())},
        "label_counts": _label_counts("case", labels),
    }


def evaluate_seeds(ex: Any, seeds_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from bench.seedmatch import CORE_TYPES, field_agreement, furniture_hits, judge_returned, match_seed

    ids = sorted(p.name[: -len(".expected.json")] for p in seeds_dir.glob("*.expected.json"))[:limit]
    bodies = [json.loads((seeds_dir / f"{i}.json").read_text(encoding="utf-8")) for i in ids]
    expected = [json.loads((seeds_dir / f"{i}.expected.json").read_text(encoding="utf-8")) for i in ids]
    items = [(b["text"], date.fromisoformat(b["published_at"]) if b.get("published_at") else None) for b in bodies]
    predictions, seconds = run_extractor(ex, items, "seeds", content=False)

    def country_of(name: str) -> str | None:
        entry = ex.gazetteer.lookup(name)
        return entry.code if entry else None

    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    furniture: list[str] = []
    missed: list[str] = []
    per_seed = {}
    extracted = Counter()
    judged_all: list[Any] = []
    unmatched: list[dict[str, Any]] = []
    for seed_id, body, exp, events in zip(ids, bodies, expected, predictions, strict=True):
        matches = match_seed(body["text"], exp["events"], events)
        found = sum(m.found for m in matches)
        judged = judge_returned(body["text"], exp["events"], events)
        judged_all += judged
        unmatched += [unmatched_row(seed_id, j) for j in judged if not j.correct]
        for m in matches:
            per_type[m.expected["type"]][0] += m.found
            per_type[m.expected["type"]][1] += 1
            if not m.found:
                missed.append(
                    f"{seed_id[:3]} {m.expected['type']} '{m.expected['trigger']}': {m.expected['sentence'][:100]}"
                )
        for k, (a, c) in field_agreement(matches, country_of).items():
            fields[k][0] += a
            fields[k][1] += c
        hits = furniture_hits(body["text"], exp.get("furniture", []), events)
        furniture += [f"{seed_id[:3]} {h}" for h in hits]
        extracted.update(e["type"] for e in events)
        per_seed[seed_id] = {
            "expected": len(matches),
            "found": found,
            "extracted": len(events),
            "paired": sum(j.correct for j in judged),
            "furniture_hits": len(hits),
        }
    core = [sum(per_type[t][i] for t in CORE_TYPES) for i in range(2)]
    every = [sum(v[i] for v in per_type.values()) for i in range(2)]
    core_p = seed_precision(judged_all, CORE_TYPES)
    all_p = seed_precision(judged_all)
    return {
        "docs": len(ids),
        "timing": timing(len(ids), seconds, sum(len(b["text"]) for b in bodies)),
        "core_types": list(CORE_TYPES),
        "core_recall": ratio(core[0], core[1]),
        "core_found": core[0],
        "core_expected": core[1],
        "all_recall": ratio(every[0], every[1]),
        "all_found": every[0],
        "all_expected": every[1],
        "core_precision": core_p["precision"],
        "core_correct": core_p["correct"],
        "core_returned": core_p["returned"],
        "all_precision": all_p["precision"],
        "all_correct": all_p["correct"],
        "all_returned": all_p["returned"],
        # every type expected or returned: recall over expected, precision over returned
        "per_type": {
            t: {
                "recall": ratio(*per_type.get(t, (0, 0))),
                "found": per_type.get(t, (0, 0))[0],
                "expected": per_type.get(t, (0, 0))[1],
                **seed_precision(judged_all, [t]),
            }
            for t in sorted(set(per_type) | set(extracted))
        },
        "field_agreement": {k: {"agree": v[0], "checked": v[1], "rate": ratio(v[0], v[1])} for k, v in fields.items()},
        "furniture_hits": len(furniture),
        "furniture_detail": furniture,
        "extracted_events": sum(extracted.values()),
        "extracted_by_type": dict(extracted.most_common()),
        "per_seed": per_seed,
        "missed": missed,
        "unmatched_returned_count": len(unmatched),
        "unmatched_returned_by_reason": dict(Counter(u["reason"] for u in unmatched).most_common()),
        "unmatched_returned": unmatched,
    }


def _label_counts(dataset: str, labels: Counter) -> dict[str, dict[str, Any]]:
    mapped = {
        k: {"count": v, "type": label_map.map_label(dataset, k)}
        for k, v in sorted(labels.items())
        if label_map.map_label(dataset, k)
    }
    unmapped = {k: v for k, v in sorted(labels.items()) if not label_map.map_label(dataset, k)}
    return {"mapped": mapped, "unmapped": unmapped}


# ---------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------


def git_commit() -> tuple[str | None, bool | None]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        return commit, dirty
    except (OSError, subprocess.CalledProcessError):
        return None, None


def floor_results(datasets: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for floor in FLOORS:
        value = datasets.get(floor.dataset, {}).get(floor.metric) if floor.dataset in datasets else None
        out.append(
            {
                "name": floor.name,
                "dataset": floor.dataset,
                "metric": floor.metric,
                "op": floor.op,
                "threshold": floor.threshold,
                "value": value,
                "met": floor.met(value),
            }
        )
    return out


def _f(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _met(m: bool | None) -> str:
    return {True: "met", False: "**NOT met**", None: "not evaluated"}[m]


def print_summary(report: dict[str, Any]) -> None:
    ds = report["datasets"]
    print(f"\naccuracy @ {report['commit']}{' (dirty)' if report['dirty'] else ''}  {report['date']}")
    if "wikievents" in ds:
        w = ds["wikievents"]
        print(f"\nWikiEvents (all_events, {w['docs']} docs) mention-level trigger P/R/F1")
        print(f"  {'type':<12}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}")
        for t, s in w["per_type"].items():
            print(f"  {t:<12}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['n_pred']:>7}{s['n_gold']:>7}")
        for name, key in (("micro (floor types)", "micro_floor_types"), ("micro (all mapped)", "micro_all_mapped")):
            s = w[key]
            print(f"  {name:<20} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
        s = w["lenient_micro_floor_types"]
        print(
            f"  (informational, lenient: +{s['credited']} mentions whose word is annotated elsewhere in the doc: "
            f"P={s['precision']:.3f} F1={s['f1']:.3f})"
        )
        print(f"  arguments: {_args_line(w['arguments'])}")
    if "rams" in ds:
        r = ds["rams"]
        print(f"\nRAMS (single_event, {r['docs']} docs, {r['annotated_mapped']} mapped events)")
        for t, s in r["per_type"].items():
            print(f"  {t:<12} recall={_f(s['recall'])}  anywhere={_f(s['recall_anywhere'])}  n={s['annotated']}")
        print(
            f"  type recall (trigger overlap) = {_f(r['type_recall'])}; type anywhere in text = {_f(r['type_recall_anywhere'])}"
        )
        print(f"  arguments: {_args_line(r['arguments'])}")
    if "case" in ds:
        c = ds["case"]
        print(f"\nCASE 2021 (label_only, {c['mapped_snippets']} mapped of {c['docs']} snippets)")
        for t, s in c["per_type"].items():
            print(f"  {t:<12} accuracy={_f(s['accuracy'])}  n={s['snippets']}")
        print(f"  accuracy = {_f(c['accuracy'])}; gold type among our events = {_f(c['accuracy_type_anywhere'])}")
    if "seeds" in ds:
        s = ds["seeds"]
        print(f"\nseeds ({s['docs']} articles)")
        print(
            f"  core recall {s['core_found']}/{s['core_expected']} = {_f(s['core_recall'])}; all types {s['all_found']}/{s['all_expected']} = {_f(s['all_recall'])}"
        )
        print(
            f"  core precision {s['core_correct']}/{s['core_returned']} = {_f(s['core_precision'])}; "
            f"all types {s['all_correct']}/{s['all_returned']} = {_f(s['all_precision'])}"
        )
        print(
            f"  returned events paired with no expected one: {s['unmatched_returned_count']} ("
            + ", ".join(f"{k} {v}" for k, v in s["unmatched_returned_by_reason"].items())
            + ")"
        )
        print("  fields: " + ", ".join(f"{k} {v['agree']}/{v['checked']}" for k, v in s["field_agreement"].items()))
        print(f"  furniture hits: {s['furniture_hits']}")
    print("\ntiming: " + ", ".join(f"{k} {v['timing']['docs_per_s']} docs/s" for k, v in ds.items()))
    print("\nfloors:")
    for f in report["floors"]:
        print(
            f"  [{_met(f['met']).replace('**', ''):^13}] {f['name']}: {_f(f['value']) if f['metric'] != 'furniture_hits' else f['value']} (floor {f['op']} {f['threshold']})"
        )


def _args_line(tally: dict[str, Any]) -> str:
    return (
        ", ".join(f"{k} {v['found']}/{v['checked']} = {_f(v['accuracy'])}" for k, v in tally.items()) or "none checked"
    )


def _rules_table(rules: list[label_map.Rule], counts: dict[str, Any] | None) -> list[str]:
    lines = ["| dataset label (glob) | our type | why |", "|---|---|---|"]
    for pattern, our, why in rules:
        lines.append(f"| `{pattern}` | {our or '— (unmapped)'} | {why} |")
    return lines


README_BLOCK = "accuracy"


def render_readme_table(report: dict[str, Any]) -> str:
    """README's accuracy table (between its ``<!-- accuracy:start/end -->`` markers), from a report."""
    ds = report["datasets"]
    L = [
        "| dataset (`make eval`) | precision | recall | F1 / accuracy |",
        "|---|---|---|---|",
    ]
    if "wikievents" in ds:
        m = ds["wikievents"]["micro_floor_types"]
        L.append(
            "| WikiEvents: trigger mentions of " + ", ".join(ds["wikievents"]["floor_types"]) + " "
            f"| {_f(m['precision'])} ({m['tp_pred']}/{m['n_pred']} mentions) "
            f"| {_f(m['recall'])} ({m['tp_gold']}/{m['n_gold']} triggers) | F1 {_f(m['f1'])} |"
        )
    if "rams" in ds:
        r = ds["rams"]
        L.append(
            "| RAMS: event type at the annotated trigger | not measurable: one annotated event per document "
            f"| {_f(r['type_recall'])} ({r['found']}/{r['annotated_mapped']}) | — |"
        )
    if "case" in ds:
        c = ds["case"]
        L.append(
            "| CASE 2021: the event label of a snippet | — (one label per snippet) | — "
            f"| label accuracy {_f(c['accuracy'])} ({c['correct']}/{c['mapped_snippets']}) |"
        )
    if "seeds" in ds:
        s = ds["seeds"]
        L.append(
            "| seeds, hand-checked: meetings, deployments, warnings "
            f"| {_f(s['core_precision'])} ({s['core_correct']}/{s['core_returned']} events) "
            f"| {_f(s['core_recall'])} ({s['core_found']}/{s['core_expected']}) | — |"
        )
        L.append(
            "| seeds, hand-checked: all types "
            f"| {_f(s['all_precision'])} ({s['all_correct']}/{s['all_returned']} events), a lower bound "
            f"| {_f(s['all_recall'])} ({s['all_found']}/{s['all_expected']}) | — |"
        )
        L += [
            "",
            *textwrap.wrap(
                "Seed precision is the share of the events the service returns that report an act a careful reader "
                "listed in `seeds/*.expected.json` (one returned event per listed act: a second event for the same act "
                "counts against it). Other types than the three core ones are listed there only where clearly stated, "
                "so all-type precision is a lower bound; an act the annotators left out would count against core "
                f"precision too. The {s['unmatched_returned_count']} returned events that report "
                "no listed act ("
                + ", ".join(f"{k} {v}" for k, v in s["unmatched_returned_by_reason"].items())
                + ") are listed with their sentences in [`docs/ACCURACY.md`](docs/ACCURACY.md), to judge for yourself. "
                f"Events from page furniture: {s['furniture_hits']}.",
                width=80,
                break_long_words=False,
                break_on_hyphens=False,
            ),
        ]
    dirty = " with uncommitted changes" if report["dirty"] else ""
    L += ["", f"Accuracy figures: `make eval`, {report['date']}, commit `{report['commit']}`{dirty}."]
    return "\n".join(L) + "\n"


UNMATCHED_REASONS = {
    "duplicate": "reports an expected act that another returned event already reports",
    "actors differ": "an expected event of its type is in its sentence, but its actors do not match",
    "not expected": "no expected event of its type in its sentence",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _unmatched_section(seeds: dict[str, Any]) -> str:
    """Every returned seed event paired with no expected one: core types first, then the rest."""
    core = set(seeds["core_types"])
    rows = seeds["unmatched_returned"]
    lines = [
        f"Seeds, returned events paired with no expected event ({seeds['unmatched_returned_count']}: "
        + ", ".join(f"{k} {v}" for k, v in seeds["unmatched_returned_by_reason"].items())
        + "). Reasons: "
        + "; ".join(f"*{k}*: {v}" for k, v in UNMATCHED_REASONS.items())
        + ". The sentence is the event's first mention.",
        "",
    ]
    for title, chosen in (
        ("core types (count against core precision)", [r for r in rows if r["type"] in core]),
        ("other types (count against all-type precision)", [r for r in rows if r["type"] not in core]),
    ):
        lines += [
            f"{title}:",
            "",
            "| seed | event | type | status | trigger | reason | sentence |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in chosen:
            kind = r["type"] + (f"/{r['subtype']}" if r["subtype"] else "")
            reason = r["reason"] + (f" ({r['near_expected']})" if r["near_expected"] else "")
            lines.append(
                f"| {r['seed'][:3]} | {r['id']} | {kind} | {r['status']} | {_cell(r['trigger'])} @{r['start']} "
                f"| {reason} | {_cell(r['sentence'])} |"
            )
        lines.append("")
    return "\n".join(lines)


def render_markdown(report: dict[str, Any]) -> str:
    ds = report["datasets"]
    L: list[str] = []
    a = L.append
    a("# Extractor accuracy")
    a("")
    a(
        "Generated by `make eval` (`.venv/bin/python -m bench.accuracy`); do not edit by hand. "
        "All figures are also in `bench/results/accuracy.json`."
    )
    a("")
    a(
        f"- commit `{report['commit']}`{' (working tree had uncommitted changes)' if report['dirty'] else ''}, run {report['date']}, model `{report['model']}`"
    )
    a(f"- devdata: {'found' if report['devdata_present'] else 'not found'} (`{report['devdata_dir_display']}`)")
    if report["partial"]:
        a(
            f"- **partial run** (datasets {', '.join(report['datasets_requested'])}; limit {report['limit']} documents per file): not comparable to a full run"
        )
    a("")
    a("## Floors")
    a("")
    a("| floor | value | threshold | status |")
    a("|---|---|---|---|")
    for f in report["floors"]:
        v = f["value"] if f["metric"] == "furniture_hits" else _f(f["value"])
        a(f"| {f['name']} | {v if v is not None else 'n/a'} | {f['op']} {f['threshold']} | {_met(f['met'])} |")
    a("")
    a("## Summary")
    a("")
    a("| dataset | scope | docs | headline metric | value | docs/s |")
    a("|---|---|---|---|---|---|")
    if "wikievents" in ds:
        w = ds["wikievents"]
        a(
            f"| WikiEvents | all_events | {w['docs']} | micro-F1, floor types (all mapped: {_f(w['micro_all_mapped']['f1'])}) | {_f(w['micro_f1_floor_types'])} | {w['timing']['docs_per_s']} |"
        )
    if "rams" in ds:
        r = ds["rams"]
        a(
            f"| RAMS | single_event | {r['docs']} | type recall, trigger overlap (type anywhere: {_f(r['type_recall_anywhere'])}) | {_f(r['type_recall'])} | {r['timing']['docs_per_s']} |"
        )
    if "case" in ds:
        c = ds["case"]
        a(
            f"| CASE 2021 | label_only | {c['docs']} ({c['mapped_snippets']} mapped) | label accuracy (gold type anywhere: {_f(c['accuracy_type_anywhere'])}) | {_f(c['accuracy'])} | {c['timing']['docs_per_s']} |"
        )
    if "seeds" in ds:
        s = ds["seeds"]
        a(
            f"| seeds | hand-checked | {s['docs']} | recall, core types (all types: {_f(s['all_recall'])}) | {_f(s['core_recall'])} | {s['timing']['docs_per_s']} |"
        )
        a(
            f"| seeds | hand-checked | {s['docs']} | precision, core types (all types: {_f(s['all_precision'])}) | {_f(s['core_precision'])} | {s['timing']['docs_per_s']} |"
        )
    a("")
    if "wikievents" in ds:
        w = ds["wikievents"]
        a("## WikiEvents: mention-level trigger P/R/F1 per type")
        a("")
        a(
            "A predicted mention (every mention of every event of the type) is correct when an annotated trigger of the same mapped type overlaps it; "
            "an annotated trigger is found when such a mention overlaps it. Precision is over predicted mentions, recall over annotated triggers."
        )
        a("")
        a("| type | precision | recall | F1 | correct / predicted | found / annotated |")
        a("|---|---|---|---|---|---|")
        for t, s in w["per_type"].items():
            mark = "" if t in w["floor_types"] else " (not in floor)"
            a(
                f"| {t}{mark} | {_f(s['precision'])} | {_f(s['recall'])} | {_f(s['f1'])} | {s['tp_pred']}/{s['n_pred']} | {s['tp_gold']}/{s['n_gold']} |"
            )
        for name, key in (("micro, floor types", "micro_floor_types"), ("micro, all mapped types", "micro_all_mapped")):
            s = w[key]
            a(
                f"| **{name}** | {_f(s['precision'])} | {_f(s['recall'])} | **{_f(s['f1'])}** | {s['tp_pred']}/{s['n_pred']} | {s['tp_gold']}/{s['n_gold']} |"
            )
        a("")
        le = w["lenient_micro_floor_types"]
        a(
            f"Macro-F1 over the floor types: {_f(w['macro_f1_floor_types'])}. "
            f"Informational only (not used for the floor): WikiEvents often annotates one mention of an event but not its later "
            f'coreferent mentions ("the explosion", "the attack"), which count as false positives above; {le["credited"]} of our '
            f"floor-type mentions are such a word annotated with the same type elsewhere in the same document. Counting them as correct "
            f"gives P={_f(le['precision'])}, F1={_f(le['f1'])}."
        )
        a("")
    if "rams" in ds:
        r = ds["rams"]
        a("## RAMS: type recall per type")
        a("")
        a(
            "`recall`: an event of the mapped type has a mention overlapping the annotated trigger. "
            "`anywhere` (looser): an event of the mapped type anywhere in the 5-sentence window."
        )
        a("")
        a("| type | recall | anywhere | annotated |")
        a("|---|---|---|---|")
        for t, s in r["per_type"].items():
            a(f"| {t} | {_f(s['recall'])} | {_f(s['recall_anywhere'])} | {s['annotated']} |")
        a(
            f"| **all mapped** | **{_f(r['type_recall'])}** | {_f(r['type_recall_anywhere'])} | {r['annotated_mapped']} |"
        )
        a("")
    if "case" in ds:
        c = ds["case"]
        a("## CASE 2021: label accuracy")
        a("")
        a(
            "Predicted label = type of our highest-confidence event among the types CASE labels map onto "
            f"({', '.join(c['types'])}); ties go to the earliest trigger. No such event = wrong. "
            "`type anywhere` (looser): the gold type is among our events at all."
        )
        a("")
        a("| CASE label | our type | accuracy | type anywhere | snippets |")
        a("|---|---|---|---|---|")
        for k, s in c["per_label"].items():
            a(f"| {k} | {s['type']} | {_f(s['accuracy'])} | {_f(s['type_anywhere'])} | {s['snippets']} |")
        a(
            f"| **all mapped** | | **{_f(c['accuracy'])}** | {_f(c['accuracy_type_anywhere'])} | {c['mapped_snippets']} |"
        )
        a("")
        a("Confusion (gold type -> predicted label counts):")
        a("")
        a("| gold | predicted |")
        a("|---|---|")
        for t, row in c["confusion"].items():
            a(f"| {t} | {', '.join(f'{k} {v}' for k, v in row.items())} |")
        a("")
    if "seeds" in ds:
        s = ds["seeds"]
        a("## seeds/ (hand-checked expectations, bench/seedmatch.py)")
        a("")
        a(
            "Recall: an expected event is found when a returned event has its type, a mention in its sentence(s) and its actors. "
            "Precision: the share of returned events that report an expected event by the same test, pairing returned and "
            "expected events one-to-one, so a second event for an act already reported is a false positive (a duplicate). "
            "Meetings, deployments and warnings are the golden set's core (`seeds/README.md`, which also lists the judgement "
            "calls on what is deliberately not an event); the other types are listed only where clearly stated, so precision "
            "over all types is a lower bound. `seeds/README.md` does not claim the core list is exhaustive either: a core act "
            "the annotators left out would count as a false positive here, which is why each one is listed. "
            "Recall lets one returned event report two listed acts, pairing does not, so `paired` can be below `found`. "
            "Every returned event paired with no expected one is listed under *Most frequent errors*, with the reason."
        )
        a("")
        a("| type | recall: found / expected | recall | precision: paired / returned | precision |")
        a("|---|---|---|---|---|")
        for t, v in s["per_type"].items():
            a(
                f"| {t}{' (core)' if t in s['core_types'] else ''} | {v['found']}/{v['expected']} | {_f(v['recall'])} "
                f"| {v['correct']}/{v['returned']} | {_f(v['precision'])} |"
            )
        a(
            f"| **core (meeting, deployment, warning)** | {s['core_found']}/{s['core_expected']} | **{_f(s['core_recall'])}** "
            f"| {s['core_correct']}/{s['core_returned']} | **{_f(s['core_precision'])}** |"
        )
        a(
            f"| all types | {s['all_found']}/{s['all_expected']} | {_f(s['all_recall'])} "
            f"| {s['all_correct']}/{s['all_returned']} | {_f(s['all_precision'])} |"
        )
        a("")
        a(
            "Field agreement among found events: "
            + ", ".join(
                f"{k} {v['agree']}/{v['checked']} ({_f(v['rate'], 2)})" for k, v in s["field_agreement"].items()
            )
            + f". Page-furniture hits: {s['furniture_hits']}. Events extracted in total: {s['extracted_events']}."
        )
        a("")
    a("## Arguments")
    a("")
    a(
        "For each annotated event of a mapped type whose trigger we matched (same type, overlapping mention), each annotated argument with a scored role "
        "counts as found when its character span overlaps, or its words are contained in (or contain) the text or canonical name of, "
        "one of our actors in the slot its role maps to. No dataset here annotates time, so time is measured on the seeds only (`date` above)."
    )
    a("")
    a("| dataset | agent | patient | party | place | all |")
    a("|---|---|---|---|---|---|")
    for name in ("wikievents", "rams"):
        if name in ds:
            t = ds[name]["arguments"]
            cells = [
                f"{t[k]['found']}/{t[k]['checked']} ({_f(t[k]['accuracy'], 2)})" if k in t else "—"
                for k in ("agent", "patient", "party", "place", "all")
            ]
            a(f"| {name} | " + " | ".join(cells) + " |")
    a("")
    a("Role mapping (`bench/label_map.py`, `ROLE_CLASSES`):")
    a("")
    a("| slot class | our fields | dataset roles |")
    a("|---|---|---|")
    fields_of = {
        "agent": "source + participants",
        "patient": "target + participants",
        "party": "source + target + participants",
        "place": "location",
    }
    for cls in ("agent", "patient", "party", "place"):
        roles = ", ".join(sorted(r for r, c in label_map.ROLE_CLASSES.items() if c == cls))
        a(f"| {cls} | {fields_of[cls]} | {roles} |")
    a("")
    a(
        "Not scored: instruments, explosive devices, origin/destination, topics and other roles with no slot of ours; "
        + ", ".join(f"`{r}` on {t}" for t, r in sorted(label_map.ROLE_SKIP))
        + "."
    )
    a("")
    a("## Timing")
    a("")
    a("| dataset | docs | characters | seconds | docs/s |")
    a("|---|---|---|---|---|")
    for name, d in ds.items():
        tm = d["timing"]
        a(f"| {name} | {tm['docs']} | {tm['chars']} | {tm['seconds']} | {tm['docs_per_s']} |")
    a("")
    a("Single process, `Extractor.extract_many` (spaCy `nlp.pipe`, batch 32), extraction only (model load excluded).")
    a("")
    if report.get("before_after"):
        for line in render_before_after(report["before_after"]):
            a(line)
    a("## Label mapping")
    a("")
    a(
        "Rules are tried in order; the first glob that matches the dataset label (case-insensitively) decides. "
        "`— (unmapped)` labels have no counterpart in shared/TAXONOMY.md and are left out of every score."
    )
    for name, title in (
        ("wikievents", "WikiEvents (KAIROS)"),
        ("rams", "RAMS 1.0 (AIDA)"),
        ("case", "CASE 2021 task 2"),
    ):
        a("")
        a(f"### {title}")
        a("")
        L.extend(_rules_table(label_map.MAPS[name], None))
        if name in ds:
            lc = ds[name]["label_counts"]
            a("")
            a(
                "Mapped labels seen: "
                + ", ".join(f"{k} → {v['type']} ({v['count']})" for k, v in lc["mapped"].items())
                + "."
            )
            a("")
            a("Unmapped labels seen: " + ", ".join(f"{k} ({v})" for k, v in lc["unmapped"].items()) + ".")
    a("")
    a(
        "WikiEvents floor types: "
        + ", ".join(label_map.WIKIEVENTS_FLOOR_TYPES)
        + "; `demand` and `withdrawal` are scored there as well but are not in the floor."
    )
    a("")
    a("## Most frequent errors")
    a("")
    if "wikievents" in ds:
        e = ds["wikievents"]["errors"]
        a("WikiEvents, annotated triggers we missed (per type, top words):")
        a("")
        for t, rows in e["missed_triggers"].items():
            a(f"- {t}: " + ", ".join(f"{w} ({n})" for w, n in rows))
        a("")
        a("WikiEvents, predicted mentions with no annotation at all (per type, top words):")
        a("")
        for t, rows in e["spurious_triggers"].items():
            a(f"- {t}: " + ", ".join(f"{w} ({n})" for w, n in rows))
        a("")
        a(
            "WikiEvents, predicted mentions sitting on an annotated trigger of another label: "
            + ", ".join(f"{w} ({n})" for w, n in e["on_other_label"])
            + "."
        )
        a("")
    if "rams" in ds:
        e = ds["rams"]["errors"]
        a("RAMS, missed annotated triggers (per type, top words):")
        a("")
        for t, rows in e["missed_triggers"].items():
            a(f"- {t}: " + ", ".join(f"{w} ({n})" for w, n in rows))
        a("")
        a(
            "RAMS, what we output on a missed trigger: "
            + ", ".join(f"{w} ({n})" for w, n in e["missed_got_instead"])
            + "."
        )
        a("")
    if "case" in ds:
        a(
            "CASE, what we predict on unmapped labels (not scored): "
            + "; ".join(
                f"{k}: " + ", ".join(f"{p} {n}" for p, n in row.items())
                for k, row in ds["case"]["unmapped_predicted"].items()
            )
            + "."
        )
        a("")
    if "seeds" in ds and ds["seeds"]["missed"]:
        a("Seeds, expected events not found:")
        a("")
        for m in ds["seeds"]["missed"]:
            a(f"- {m}")
        a("")
    if "seeds" in ds and ds["seeds"]["unmatched_returned"]:
        a(_unmatched_section(ds["seeds"]))
    a("## How to reproduce")
    a("")
    a("```sh")
    a(
        "make eval                                   # full run: seeds + ../shared/devdata if present (a few minutes on 2 cores)"
    )
    a(
        ".venv/bin/python -m bench.accuracy --datasets wikievents,seeds --limit 10 --no-write   # quick look, files untouched"
    )
    a("DEVDATA_DIR=/path/to/devdata .venv/bin/python -m bench.accuracy")
    a(".venv/bin/python -m bench.accuracy --strict  # exit 1 when a floor is missed")
    a("```")
    a("")
    a(
        "The devdata (RAMS 1.0, WikiEvents, CASE 2021 task 2) is used for measurement only and is not part of the repository; "
        "without it the command prints `devdata not found at ../shared/devdata; skipping` and evaluates the seeds alone. "
        "Label rules live in `bench/label_map.py`; metric functions are unit-tested in `tests/unit/test_accuracy_metrics.py`. "
        "A full run also rewrites the accuracy table in README.md (between its `accuracy` markers), "
        "which `tests/unit/test_readme.py` checks against `bench/results/accuracy.json`."
    )
    a("")
    return "\n".join(L)


# ---------------------------------------------------------------------------
# before and after the political vocabulary
# ---------------------------------------------------------------------------

BASELINE_JSON = ROOT / "bench" / "results" / "baseline_vocabulary.json"


def compare_with_baseline(ex: Any, datasets: dict[str, Any]) -> dict[str, Any] | None:
    """Per type, the baseline's figures (bench/results/baseline_vocabulary.json, taken before
    the work on "The political vocabulary") beside this run's: RAMS type recall, CASE label
    accuracy, WikiEvents mention P/R, and event P/R on the corpus's dev split (scored here,
    with the same extractor). None without the baseline file or the devdata."""
    if not BASELINE_JSON.is_file() or not {"rams", "case"} <= set(datasets):
        return None
    from bench import corpus_eval

    baseline = json.loads(BASELINE_JSON.read_text(encoding="utf-8"))
    corpus = corpus_eval.evaluate("dev", ex)
    now = {
        "rams": {
            t: {"recall": _r3(v["recall"]), "annotated": v["annotated"]}
            for t, v in datasets["rams"]["per_type"].items()
        },
        "case": {
            t: {"accuracy": _r3(v["accuracy"]), "snippets": v["snippets"]}
            for t, v in datasets["case"]["per_type"].items()
        },
        "wikievents": {
            t: {"precision": _r3(v.get("precision")), "recall": _r3(v.get("recall"))}
            for t, v in (datasets.get("wikievents") or {}).get("per_type", {}).items()
        },
        "corpus_dev": {
            t: {k: v.get(k) for k in ("precision", "recall", "predicted", "gold")}
            for t, v in corpus["event"]["by_type"].items()
        },
        "totals": {
            "rams_type_recall": _r3(datasets["rams"]["type_recall"]),
            "case_accuracy": _r3(datasets["case"]["accuracy"]),
            "corpus_dev_event": corpus["event"]["all"],
        },
    }
    return {"baseline_commit": baseline["commit"], "before": baseline, "after": now}


def _r3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _cell(value: Any) -> str:
    return "—" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def render_before_after(before_after: dict[str, Any]) -> list[str]:
    """The per-type table of "The political vocabulary", before (the baseline) and now."""
    before, after = before_after["before"], before_after["after"]
    lines = [
        "## Before and after: the political vocabulary",
        "",
        f"Per type, at {before_after['baseline_commit']} (before the CAMEO dictionary, fine codes, recoded acts and "
        "new vocabulary; `bench/results/baseline_vocabulary.json`, from `python -m bench.accuracy` and "
        "`python -m bench.corpus_eval --split dev` at that commit) and in this run (`python -m bench.accuracy`, "
        "which scores the corpus's dev split with the same extractor). RAMS: type recall; CASE 2021: label "
        "accuracy; WikiEvents: mention precision / recall; corpus dev: event precision / recall and events "
        "returned. Both sides include the role, place and status work of the same sessions.",
        "",
        "| type | RAMS recall before | now | n | CASE acc. before | now | n | WikiEvents P/R before | now "
        "| corpus dev P before | now | R before | now | returned before | now | annotated |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    types = sorted({*before["rams"], *after["rams"], *before["case"], *after["case"], *after["corpus_dev"]})
    for t in types:
        rb, ra = before["rams"].get(t, {}), after["rams"].get(t, {})
        cb, ca = before["case"].get(t, {}), after["case"].get(t, {})
        wb, wa = before["wikievents"].get(t), after["wikievents"].get(t)
        db, da = before["corpus_dev"].get(t, {}), after["corpus_dev"].get(t, {})
        wiki_b = f"{_cell(wb['precision'])} / {_cell(wb['recall'])}" if wb else "—"
        wiki_a = f"{_cell(wa['precision'])} / {_cell(wa['recall'])}" if wa else "—"
        lines.append(
            f"| {t} | {_cell(rb.get('recall'))} | {_cell(ra.get('recall'))} | {_cell(ra.get('annotated'))} "
            f"| {_cell(cb.get('accuracy'))} | {_cell(ca.get('accuracy'))} | {_cell(ca.get('snippets'))} "
            f"| {wiki_b} | {wiki_a} | {_cell(db.get('precision'))} | {_cell(da.get('precision'))} "
            f"| {_cell(db.get('recall'))} | {_cell(da.get('recall'))} | {_cell(db.get('predicted'))} "
            f"| {_cell(da.get('predicted'))} | {_cell(da.get('gold') or db.get('gold'))} |"
        )
    tb, ta = before["totals"], after["totals"]
    eb, ea = tb["corpus_dev_event"], ta["corpus_dev_event"]
    lines += [
        "",
        f"All types: RAMS type recall {_cell(tb['rams_type_recall'])} -> {_cell(ta['rams_type_recall'])}; "
        f"CASE label accuracy {_cell(tb['case_accuracy'])} -> {_cell(ta['case_accuracy'])}; corpus dev event "
        f"precision {_cell(eb['precision'])} -> {_cell(ea['precision'])}, recall {_cell(eb['recall'])} -> "
        f"{_cell(ea['recall'])}.",
        "",
    ]
    return lines


# ---------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.accuracy", description="Score the extractor on seeds/ and ../shared/devdata."
    )
    parser.add_argument(
        "--datasets",
        default=",".join(ALL_DATASETS),
        help=f"comma-separated subset of {','.join(ALL_DATASETS)} (default: all)",
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per file (quick runs)")
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write bench/results/accuracy.json and docs/ACCURACY.md (default: on)",
    )
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when an evaluated floor is not met")
    args = parser.parse_args(argv)
    chosen = [d.strip() for d in args.datasets.split(",") if d.strip()]
    unknown = [d for d in chosen if d not in ALL_DATASETS]
    if unknown:
        parser.error(f"unknown dataset(s): {', '.join(unknown)}; choose from {', '.join(ALL_DATASETS)}")
    args.datasets = chosen
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    devdata = default_devdata_dir()
    present = devdata.is_dir() and any((devdata / f).is_file() for files in DATASET_FILES.values() for f in files)
    wanted_dev = [d for d in args.datasets if d in DATASET_FILES]
    if wanted_dev and not present:
        shown = "../shared/devdata" if "DEVDATA_DIR" not in os.environ else str(devdata)
        print(f"devdata not found at {shown}; skipping")

    from service.extraction import Extractor

    started = time.perf_counter()
    ex = Extractor()
    datasets: dict[str, Any] = {}
    evaluators = {"wikievents": evaluate_wikievents, "rams": evaluate_rams, "case": evaluate_case}
    for name in wanted_dev:
        if not present:
            break
        files = [devdata / f for f in DATASET_FILES[name] if (devdata / f).is_file()]
        if not files:
            print(f"{name}: no files in {devdata}; skipping")
            continue
        docs = [d for path in files for d in load_jsonl(path, args.limit)]
        datasets[name] = evaluators[name](ex, docs)
        datasets[name]["files"] = [p.name for p in files]
    if "seeds" in args.datasets:
        datasets["seeds"] = evaluate_seeds(ex, SEEDS_DIR, args.limit)

    before_after = compare_with_baseline(ex, datasets) if not args.limit else None

    commit, dirty = git_commit()
    now = datetime.now(UTC)
    try:
        devdata_display = os.path.relpath(devdata, ROOT)
    except ValueError:
        devdata_display = str(devdata)
    report = {
        "commit": commit,
        "dirty": dirty,
        "date": now.date().isoformat(),
        "generated_at": now.isoformat(timespec="seconds"),
        "model": f"{ex.model_info['name']} {ex.model_info['version']}",
        "devdata_dir_display": devdata_display,
        "devdata_present": present,
        "datasets_requested": args.datasets,
        "limit": args.limit,
        "partial": args.limit is not None or set(args.datasets) != set(ALL_DATASETS),
        "total_seconds": round(time.perf_counter() - started, 1),
        "floors": floor_results(datasets),
        "datasets": datasets,
        "label_map": {
            name: [{"pattern": p, "type": t, "why": w} for p, t, w in rules] for name, rules in label_map.MAPS.items()
        },
        "role_classes": label_map.ROLE_CLASSES,
        "before_after": before_after,
    }
    print_summary(report)
    print(f"\ntotal {report['total_seconds']} s")
    if args.write:
        RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_JSON.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        ACCURACY_MD.parent.mkdir(parents=True, exist_ok=True)
        ACCURACY_MD.write_text(render_markdown(report), encoding="utf-8")
        print(f"wrote {RESULTS_JSON.relative_to(ROOT)} and {ACCURACY_MD.relative_to(ROOT)}")
        if report["partial"] or not present:
            print("README.md accuracy table left alone: partial run, or no devdata")
        elif write_block(README_BLOCK, render_readme_table(report)):
            print("updated README.md's accuracy table")
    if args.strict and any(f["met"] is False for f in report["floors"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
