"""Score the service against the annotated corpus (data/voa2025), one split at a time.

    python -m bench.corpus_eval [--split dev] [--no-write]
    python -m bench.corpus_eval --agreement      the two annotations of 18 stories

Reports, per type and overall:
- mention level: a returned mention is right when an annotated mention of the
  same type overlaps its trigger; precision over returned mentions, recall
  over annotated ones;
- event level: returned and annotated events are paired one to one (same
  type, overlapping mentions, most shared mentions first); precision over
  returned events, recall over annotated events;
- per-slot accuracy over the paired events (source, target, participants,
  location, time, status, polarity, force size);
- split events (one annotated act returned as several events) and merged
  events (one returned event covering several annotated acts).

The dev split is for development; the test split is only for closing notes.
Results go to bench/results/corpus_<split>.json and docs/CORPUS_EVAL.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench.corpus import CORPUS, load_annotations, load_split, load_stories

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
REPORT = ROOT / "docs" / "CORPUS_EVAL.md"
CORPUS_SECOND = CORPUS / "second"
SLOTS = ("source", "target", "participants", "location", "time", "status", "polarity", "force")
ACTOR_SLOTS = ("source", "target", "participants")


@lru_cache(maxsize=1)
def _state_names() -> dict[str, set[str]]:
    """Country and IGO code -> the names that denote the state itself (from the gazetteer)."""
    import yaml

    lexicon = ROOT / "service" / "extraction" / "lexicon"
    names: dict[str, set[str]] = defaultdict(set)
    for code, forms in yaml.safe_load((lexicon / "countries.yaml").read_text(encoding="utf-8")).items():
        names[code].update(_norm(f) for f in forms)
    gazetteer = yaml.safe_load((lexicon / "gazetteer.yaml").read_text(encoding="utf-8"))
    for section in ("country_aliases", "igos"):
        for code, forms in gazetteer[section].items():
            names[code].update(_norm(f) for f in forms)
            names[code].add(_norm(code))
    return names


@dataclass(frozen=True, slots=True)
class Mention:
    event: int  # index of its event in the story
    type: str
    start: int
    end: int

    def overlaps(self, other: Mention) -> bool:
        return self.type == other.type and self.start < other.end and other.start < self.end


def mentions(events: list[dict[str, Any]]) -> list[Mention]:
    return [
        Mention(index, event["type"], m["trigger"]["start"], m["trigger"]["end"])
        for index, event in enumerate(events)
        for m in event["mentions"]
    ]


def pair_events(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: same type, overlapping mentions,
    the pairs sharing most mentions first."""
    gold_mentions, predicted_mentions = mentions(gold), mentions(predicted)
    shared: Counter[tuple[int, int]] = Counter()
    for g in gold_mentions:
        for p in predicted_mentions:
            if g.overlaps(p):
                shared[(g.event, p.event)] += 1
    pairs, used_gold, used_predicted = [], set(), set()
    for (g, p), _ in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
        if g not in used_gold and p not in used_predicted:
            pairs.append((g, p))
            used_gold.add(g)
            used_predicted.add(p)
    return pairs


def _norm(name: str | None) -> str:
    """A name for comparison: lower case, typographic quotes straightened, accents off
    ("L'Estère" is "L'Estere"), no leading "the"."""
    value = (name or "").lower().replace("’", "'").replace("‘", "'").strip()
    value = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return value[4:] if value.startswith("the ") else value


def same_actor(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Whether two actors are one: overlapping spans, or one canonical name inside the
    other ("al-Rufay'i" and "Abdallah Makki Muslih al-Rufay'i"), or the same state
    when either side names only the state ("Russia" and "Moscow" as RUS)."""
    if gold["start"] < predicted["end"] and predicted["start"] < gold["end"]:
        return True
    a, b = _norm(gold.get("canonical") or gold["text"]), _norm(predicted.get("canonical") or predicted["text"])
    if a and b and (a in b or b in a):
        return True
    country = gold.get("country")
    return bool(country) and country == predicted.get("country") and (_is_state(gold) or _is_state(predicted))


def _is_state(actor: dict[str, Any]) -> bool:
    """An actor that is its state: its canonical name is the country or IGO itself."""
    return actor.get("entity_type") in {"GPE"} or _norm(actor.get("canonical")) in _state_names().get(
        actor.get("country") or "", set()
    )


def actor_keys(actors: Iterable[dict[str, Any]]) -> frozenset[str]:
    """What identifies each actor: its country or IGO code, else its canonical name."""
    return frozenset(str(a.get("country") or _norm(a.get("canonical") or a.get("text"))).lower() for a in actors)


def actors_agree(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> tuple[int, int]:
    """(gold actors found among the predicted, predicted actors found among the gold)."""
    found = sum(any(same_actor(g, p) for p in predicted) for g in gold)
    right = sum(any(same_actor(g, p) for g in gold) for p in predicted)
    return found, right


def slot_values(event: dict[str, Any]) -> dict[str, Any]:
    location = event.get("location")
    time_ = event.get("time")
    force = event.get("force")
    modality = event.get("modality") or {}
    return {
        "source": event.get("source") or [],
        "target": event.get("target") or [],
        "participants": event.get("participants") or [],
        "location": _place_key(location),
        "time": time_.get("value") if time_ else None,
        "status": event.get("status") or modality.get("status"),
        "polarity": event.get("polarity") or modality.get("polarity"),
        "force": force.get("size") if force else None,
    }


def _place_key(location: dict[str, Any] | None) -> tuple[str, ...] | None:
    """The names a place goes by: its canonical name and its words in the text ("Erbil"
    in GeoNames is "Irbil" in the story and to the annotator)."""
    if not location:
        return None
    names = tuple(dict.fromkeys(n for n in (_norm(location.get("canonical")), _norm(location.get("text"))) if n))
    return names or None


def slot_correct(slot: str, gold: Any, predicted: Any) -> bool:
    if slot in ACTOR_SLOTS:
        found, right = actors_agree(gold, predicted)
        return found == len(gold) and right == len(predicted)
    if slot == "location" and gold and predicted:
        # "anbar desert" vs "iraq's anbar desert"; either name of either side
        return any(g in p or p in g for g in gold for p in predicted)
    return gold == predicted


def score_story(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], tally: dict[str, Any]) -> None:
    gold_mentions, predicted_mentions = mentions(gold), mentions(predicted)
    for m in predicted_mentions:
        tally["mention"][m.type]["predicted"] += 1
        tally["mention"][m.type]["correct"] += any(m.overlaps(g) for g in gold_mentions)
    for m in gold_mentions:
        tally["mention"][m.type]["gold"] += 1
        tally["mention"][m.type]["found"] += any(m.overlaps(p) for p in predicted_mentions)
    pairs = pair_events(gold, predicted)
    for event in predicted:
        tally["event"][event["type"]]["predicted"] += 1
    for event in gold:
        tally["event"][event["type"]]["gold"] += 1
    for g, p in pairs:
        tally["event"][gold[g]["type"]]["paired"] += 1
        gold_slots, predicted_slots = slot_values(gold[g]), slot_values(predicted[p])
        for slot in SLOTS:
            if slot == "force" and gold[g]["type"] not in {"deployment", "withdrawal", "exercise"}:
                continue
            if slot in {"source", "target", "participants", "location", "time", "force"} and not (
                gold_slots[slot] or predicted_slots[slot]
            ):
                continue  # both empty: nothing to judge
            tally["slots"][slot]["judged"] += 1
            tally["slots"][slot]["correct"] += slot_correct(slot, gold_slots[slot], predicted_slots[slot])
            if slot in ACTOR_SLOTS:
                found, right = actors_agree(gold_slots[slot], predicted_slots[slot])
                tally["slots"][slot]["gold_actors"] += len(gold_slots[slot])
                tally["slots"][slot]["found_actors"] += found
                tally["slots"][slot]["returned_actors"] += len(predicted_slots[slot])
                tally["slots"][slot]["right_actors"] += right
        _score_codes(gold[g], predicted[p], tally)
    # One annotated act returned as several events, and the reverse.
    for g_index in range(len(gold)):
        hit = {p.event for g in gold_mentions if g.event == g_index for p in predicted_mentions if g.overlaps(p)}
        tally["identity"]["split"] += len(hit) > 1
    for p_index in range(len(predicted)):
        hit = {g.event for p in predicted_mentions if p.event == p_index for g in gold_mentions if p.overlaps(g)}
        tally["identity"]["merged"] += len(hit) > 1


def _score_codes(gold: dict[str, Any], predicted: dict[str, Any], tally: dict[str, Any]) -> None:
    """Actor identity of paired events: for each annotated actor the service found in the
    same role, whether its country, its sector and the two together (the CAMEO-style code,
    ``RUS`` + ``MIL``) agree. Annotations without sectors are skipped."""
    codes = tally["actor_codes"]
    for role in ACTOR_SLOTS:
        for g in gold.get(role) or []:
            if "sector" not in g:
                continue
            match = next((p for p in predicted.get(role) or [] if same_actor(g, p)), None)
            codes["annotated"] += 1
            if match is None:
                continue
            country = (g.get("country") or None) == (match.get("country") or None)
            sector = (g.get("sector") or None) == (match.get("sector") or None)
            codes["found"] += 1
            codes["country"] += country
            codes["sector"] += sector
            codes["code"] += country and sector
            codes["canonical"] += _norm(g.get("canonical")) == _norm(match.get("canonical") or match.get("text"))


def new_tally() -> dict[str, Any]:
    return {
        "mention": defaultdict(Counter),
        "event": defaultdict(Counter),
        "slots": defaultdict(Counter),
        "identity": Counter(),
        "actor_codes": Counter(),
    }


def prf(correct_p: int, predicted: int, correct_r: int, gold: int) -> dict[str, float | None]:
    precision = correct_p / predicted if predicted else None
    recall = correct_r / gold if gold else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if gold else None)
    return {"precision": _r(precision), "recall": _r(recall), "f1": _r(f1)}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def summarise(tally: dict[str, Any]) -> dict[str, Any]:
    types = sorted(set(tally["mention"]) | set(tally["event"]))
    mention = {t: tally["mention"][t] for t in types}
    event = {t: tally["event"][t] for t in types}
    total_m = sum(mention.values(), Counter())
    total_e = sum(event.values(), Counter())
    return {
        "mention": {
            "all": {**prf(total_m["correct"], total_m["predicted"], total_m["found"], total_m["gold"]), **total_m},
            "by_type": {
                t: {**prf(c["correct"], c["predicted"], c["found"], c["gold"]), **c} for t, c in mention.items()
            },
        },
        "event": {
            "all": {**prf(total_e["paired"], total_e["predicted"], total_e["paired"], total_e["gold"]), **total_e},
            "by_type": {t: {**prf(c["paired"], c["predicted"], c["paired"], c["gold"]), **c} for t, c in event.items()},
        },
        "slots": {
            s: {
                "accuracy": _r(c["correct"] / c["judged"]) if c["judged"] else None,
                **(
                    prf(c["right_actors"], c["returned_actors"], c["found_actors"], c["gold_actors"])
                    if s in ACTOR_SLOTS
                    else {}
                ),
                **c,
            }
            for s, c in ((s, tally["slots"][s]) for s in SLOTS)
        },
        "identity": dict(tally["identity"]),
        "actor_codes": {
            **tally["actor_codes"],
            **{
                f"{k}_accuracy": _r(tally["actor_codes"][k] / tally["actor_codes"]["found"])
                if tally["actor_codes"]["found"]
                else None
                for k in ("country", "sector", "code", "canonical")
            },
        },
    }


def evaluate(split_name: str, extractor: Any = None) -> dict[str, Any]:
    stories = load_stories()
    annotations = load_annotations()
    ids = [i for i in load_split()[split_name] if i in annotations]
    if extractor is None:
        from service.extraction import Extractor

        extractor = Extractor()
    items = [(stories[i]["text"], date.fromisoformat(stories[i]["published"][:10])) for i in ids]
    started = time.perf_counter()
    results = list(extractor.extract_many(items))
    seconds = time.perf_counter() - started
    tally = new_tally()
    for story_id, result in zip(ids, results, strict=True):
        score_story(annotations[story_id]["events"], [asdict(e) for e in result.events], tally)
    return {
        "split": split_name,
        "stories": len(ids),
        "stories_in_split": len(load_split()[split_name]),
        "seconds": round(seconds, 1),
        **summarise(tally),
    }


def render(results: dict[str, Any], commit: str) -> str:
    def f(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    lines = [
        "# Accuracy on the annotated corpus (data/voa2025)",
        "",
        "Generated by `make eval` (`.venv/bin/python -m bench.corpus_eval --split "
        f"{results['split']}`); do not edit by hand. Figures also in "
        f"`bench/results/corpus_{results['split']}.json`.",
        "",
        f"- split `{results['split']}`: {results['stories']} of {results['stories_in_split']} stories annotated;"
        f" commit `{commit}`",
        "- method: bench/corpus_eval.py's docstring; guideline: docs/ANNOTATION.md",
        "",
        "## Overall",
        "",
        "| level | precision | recall | F1 | returned | annotated |",
        "|---|---|---|---|---|---|",
    ]
    m, e = results["mention"]["all"], results["event"]["all"]
    lines.append(
        f"| mention | {f(m['precision'])} | {f(m['recall'])} | {f(m['f1'])} | {m.get('predicted', 0)} | {m.get('gold', 0)} |"
    )
    lines.append(
        f"| event | {f(e['precision'])} | {f(e['recall'])} | {f(e['f1'])} | {e.get('predicted', 0)} | {e.get('gold', 0)} |"
    )
    lines += [
        "",
        f"Event identity: {results['identity'].get('split', 0)} annotated acts split into several returned events, "
        f"{results['identity'].get('merged', 0)} returned events merging several annotated acts.",
        "",
        "## Per type (event level; mention level in brackets)",
        "",
        "| type | precision | recall | F1 | returned | annotated | mention P / R |",
        "|---|---|---|---|---|---|---|",
    ]
    for t, s in results["event"]["by_type"].items():
        ms = results["mention"]["by_type"].get(t, {})
        lines.append(
            f"| {t} | {f(s['precision'])} | {f(s['recall'])} | {f(s['f1'])} | {s.get('predicted', 0)} | "
            f"{s.get('gold', 0)} | {f(ms.get('precision'))} / {f(ms.get('recall'))} |"
        )
    lines += [
        "",
        "## Arguments and modality of paired events",
        "",
        "| slot | exact accuracy | judged | actor precision | actor recall | actor F1 |",
        "|---|---|---|---|---|---|",
    ]
    for slot, s in results["slots"].items():
        lines.append(
            f"| {slot} | {f(s['accuracy'])} | {s.get('judged', 0)} | {f(s.get('precision'))} | "
            f"{f(s.get('recall'))} | {f(s.get('f1'))} |"
        )
    lines += [
        "",
        "A slot is judged on a pair when either side fills it (status and polarity always). Exact: every",
        "annotated actor found and every returned actor right. Actors are the same when their spans overlap,",
        "one canonical name contains the other, or both are the same state; places compare by name",
        "containment, time by value.",
        "",
        "## Actor identity (found actors of paired events)",
        "",
        "| found / annotated | country | sector | code (country + sector) | canonical name |",
        "|---|---|---|---|---|",
    ]
    c = results.get("actor_codes") or {}
    lines += [
        f"| {c.get('found', 0)} / {c.get('annotated', 0)} | {f(c.get('country_accuracy'))} | "
        f"{f(c.get('sector_accuracy'))} | {f(c.get('code_accuracy'))} | {f(c.get('canonical_accuracy'))} |",
        "",
        "Each annotated actor the service returned in the same role of the paired event: does its",
        'country, its sector (docs/ANNOTATION.md, "Actor sectors"), both together, and its canonical',
        "name agree with the annotation.",
        "",
    ]
    return "\n".join(lines)


def agreement() -> dict[str, Any]:
    """Inter-annotator agreement on the stories annotated twice (annotations/ vs second/):
    the first annotation is scored as if it were gold, so F1 is symmetric; typed and
    untyped trigger F1, type agreement on shared triggers, and slot agreement."""
    first = load_annotations()
    second = load_annotations(CORPUS_SECOND)
    ids = sorted(set(first) & set(second))
    tally = new_tally()
    untyped = Counter()
    type_pairs = Counter()
    for story_id in ids:
        a, b = first[story_id]["events"], second[story_id]["events"]
        score_story(a, b, tally)
        ma, mb = mentions(a), mentions(b)
        untyped["a"] += len(ma)
        untyped["b"] += len(mb)
        untyped["a_found"] += sum(any(x.start < y.end and y.start < x.end for y in mb) for x in ma)
        untyped["b_found"] += sum(any(x.start < y.end and y.start < x.end for x in ma) for y in mb)
        for x in ma:
            overlapping = [y for y in mb if x.start < y.end and y.start < x.end]
            if overlapping:
                type_pairs["shared"] += 1
                type_pairs["same_type"] += any(y.type == x.type for y in overlapping)
    summary = summarise(tally)
    return {
        "stories": len(ids),
        "annotators": sorted({first[i].get("annotator") for i in ids} | {second[i].get("annotator") for i in ids}),
        "trigger_untyped": prf(untyped["b_found"], untyped["b"], untyped["a_found"], untyped["a"]),
        "trigger_typed": {k: summary["mention"]["all"][k] for k in ("precision", "recall", "f1")},
        "type_agreement_on_shared_triggers": _r(type_pairs["same_type"] / type_pairs["shared"])
        if type_pairs["shared"]
        else None,
        "event": {k: summary["event"]["all"][k] for k in ("precision", "recall", "f1")},
        "event_by_type": {t: v["f1"] for t, v in summary["event"]["by_type"].items()},
        "slots": {k: v["accuracy"] for k, v in summary["slots"].items()},
        "counts": {
            "first_events": summary["event"]["all"].get("gold", 0),
            "second_events": summary["event"]["all"].get("predicted", 0),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--agreement", action="store_true", help="agreement of the two annotations of 18 stories")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.agreement:
        found = agreement()
        print(json.dumps(found, indent=1))
        if not args.no_write:
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / "corpus_agreement.json").write_text(json.dumps(found, indent=1) + "\n")
        return 0
    results = evaluate(args.split)
    print(render(results, _commit()))
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"corpus_{args.split}.json").write_text(json.dumps(results, indent=1) + "\n")
        if args.split == "dev":
            REPORT.write_text(render(results, _commit()))
    return 0


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
