"""The annotated corpus in data/voa2025: loading, validation, splits.

    python -m bench.corpus validate [FILE_OR_DIR ...]   check annotation files (default: all)
    python -m bench.corpus stats                         counts per split and type

The guideline is docs/ANNOTATION.md; this module enforces its format so that
every span obeys ``text[start:end] == span["text"]`` and every label exists in
the taxonomy.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "voa2025"
STORIES = CORPUS / "stories.jsonl"
ANNOTATIONS = CORPUS / "annotations"
SPLIT = CORPUS / "split.json"
TAXONOMY = ROOT / "service" / "extraction" / "lexicon" / "taxonomy.yaml"

STATUSES = {"asserted", "planned", "hypothetical", "conditional", "reported_denied"}
POLARITIES = {"positive", "negative"}
GRANULARITIES = {"day", "week", "month", "year"}
FORCE_TYPES = {"deployment", "withdrawal", "exercise"}
EVENT_KEYS = {
    "type",
    "subtype",
    "mentions",
    "source",
    "target",
    "participants",
    "location",
    "time",
    "status",
    "polarity",
    "force",
    "note",
}
_COUNTRY = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")  # ISO alpha-3, or an IGO or group code (NATO, G7)
_TIME_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_stories() -> dict[str, dict[str, Any]]:
    with STORIES.open(encoding="utf-8") as handle:
        return {story["id"]: story for story in map(json.loads, handle)}


def run_stories(extractor: Any, story_ids: list[str], read: Any) -> None:
    """Extract each story as the service would (dated by its publication) and call
    ``read(index, doc, drafts)`` with its parse and candidates, inside the extractor's
    memory zone: read the doc then, its strings go after. How training sees candidates."""
    stories = load_stories()
    current = {"index": 0}
    extractor.draft_hook = lambda doc, drafts: read(current["index"], doc, drafts)
    try:
        for index, story_id in enumerate(story_ids):
            current["index"] = index
            story = stories[story_id]
            extractor.extract(story["text"], date.fromisoformat(story["published"][:10]))
    finally:
        extractor.draft_hook = None


def load_split() -> dict[str, list[str]]:
    data = json.loads(SPLIT.read_text(encoding="utf-8"))
    return {name: data[name] for name in ("train", "dev", "test")}


def load_annotations(directory: Path = ANNOTATIONS) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))}


def taxonomy_subtypes() -> dict[str, set[str | None]]:
    taxonomy = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    return {t["name"]: {None} | {s["name"] for s in t.get("subtypes") or []} for t in taxonomy["types"]}


def validate(annotation: dict[str, Any], story: dict[str, Any], subtypes: dict[str, set[str | None]]) -> list[str]:
    """Problems with one story's annotation, as readable lines (empty when it is valid)."""
    text = story["text"]
    problems: list[str] = []
    if annotation.get("id") != story["id"]:
        problems.append(f"id {annotation.get('id')!r} is not the story's {story['id']!r}")
    events = annotation.get("events")
    if not isinstance(events, list):
        return [*problems, "events must be a list"]
    for number, event in enumerate(events, start=1):
        where = f"event {number} ({event.get('type')})"
        unknown = set(event) - EVENT_KEYS
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if event.get("type") not in subtypes:
            problems.append(f"{where}: type {event.get('type')!r} is not in the taxonomy")
        elif event.get("subtype") not in subtypes[event["type"]]:
            problems.append(f"{where}: subtype {event.get('subtype')!r} is not one of {event['type']}'s")
        if event.get("status") not in STATUSES:
            problems.append(f"{where}: status {event.get('status')!r} not in {sorted(STATUSES)}")
        if event.get("polarity") not in POLARITIES:
            problems.append(f"{where}: polarity {event.get('polarity')!r} not in {sorted(POLARITIES)}")
        mentions = event.get("mentions") or []
        if not mentions:
            problems.append(f"{where}: no mentions")
        for mention in mentions:
            problems += _span(text, mention.get("trigger"), f"{where} trigger")
        for role in ("source", "target", "participants"):
            actors = event.get(role)
            if not isinstance(actors, list):
                problems.append(f"{where}: {role} must be a list")
                continue
            for actor in actors:
                problems += _span(text, actor, f"{where} {role}")
                problems += _named(actor, f"{where} {role}")
                problems += _sector(actor, f"{where} {role}")
        if event.get("participants") and (event.get("source") or event.get("target")):
            problems.append(f"{where}: a symmetric act has participants, not source/target")
        if event.get("location") is not None:
            problems += _span(text, event["location"], f"{where} location")
            problems += _named(event["location"], f"{where} location")
        time = event.get("time")
        if time is not None:
            problems += _span(text, time, f"{where} time")
            if time.get("value") is not None and not _TIME_VALUE.match(str(time["value"])):
                problems.append(f"{where} time: value {time.get('value')!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            if time.get("granularity") not in GRANULARITIES:
                problems.append(f"{where} time: granularity {time.get('granularity')!r} not in {sorted(GRANULARITIES)}")
        force = event.get("force")
        if force is not None:
            if event.get("type") not in FORCE_TYPES:
                problems.append(f"{where}: force only on {sorted(FORCE_TYPES)}")
            problems += _span(text, force, f"{where} force")
            size = force.get("size")
            if size is not None and (not isinstance(size, int) or size < 0):
                problems.append(f"{where} force: size must be a non-negative integer or null")
    return problems


def _span(text: str, span: Any, where: str) -> list[str]:
    if not isinstance(span, dict) or not {"text", "start", "end"} <= set(span):
        return [f"{where}: a span needs text, start and end"]
    start, end = span["start"], span["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"{where}: bad offsets {start}..{end}"]
    if text[start:end] != span["text"]:
        return [f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {span['text']!r}"]
    return []


def _named(item: dict[str, Any], where: str) -> list[str]:
    problems = []
    if not item.get("canonical"):
        problems.append(f"{where}: canonical name missing")
    country = item.get("country")
    if country is not None and not _COUNTRY.match(str(country)):
        problems.append(f"{where}: country {country!r} is not an ISO alpha-3 or IGO code")
    return problems


# CAMEO primary role codes an actor may carry (docs/ANNOTATION.md, "Actor sectors").
SECTORS = frozenset("GOV MIL REB OPP PTY LEG JUD COP SPY CVL BUS MED HLH EDU REF CRM LAB REL NGO UAF ELI".split())


def _sector(actor: dict[str, Any], where: str) -> list[str]:
    if "sector" not in actor:
        return [f"{where}: sector missing (write null for a state or IGO as such)"]
    sector = actor["sector"]
    if sector is not None and sector not in SECTORS:
        return [f"{where}: sector {sector!r} is not one of {' '.join(sorted(SECTORS))}"]
    return []


def _validate_paths(paths: list[Path]) -> int:
    stories = load_stories()
    subtypes = taxonomy_subtypes()
    files = [p for path in paths for p in (sorted(path.glob("*.json")) if path.is_dir() else [path])]
    bad = 0
    for path in files:
        annotation = json.loads(path.read_text(encoding="utf-8"))
        story = stories.get(str(annotation.get("id")))
        problems = ["no story with this id"] if story is None else validate(annotation, story, subtypes)
        if problems:
            bad += 1
            print(f"{path}:")
            for problem in problems:
                print(f"  {problem}")
    print(f"{len(files)} files, {bad} with problems")
    return 1 if bad else 0


def _stats() -> int:
    split = load_split()
    annotations = load_annotations()
    for name, ids in split.items():
        done = [i for i in ids if i in annotations]
        types = Counter(e["type"] for i in done for e in annotations[i]["events"])
        mentions = sum(len(e["mentions"]) for i in done for e in annotations[i]["events"])
        print(f"{name}: {len(done)}/{len(ids)} stories, {sum(types.values())} events, {mentions} mentions")
        print("  " + ", ".join(f"{t} {n}" for t, n in types.most_common()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check annotation files")
    check.add_argument("paths", nargs="*", type=Path, default=[ANNOTATIONS])
    commands.add_parser("stats", help="counts per split and type")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate_paths(args.paths)
    return _stats()


if __name__ == "__main__":
    sys.exit(main())
