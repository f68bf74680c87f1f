"""README's "Try it" example, from a real response: ``python -m bench.readme_example [--write]``.

Posts seeds/000_aa976d5587b6041e.json to ``POST /v1/events`` of the real app
(Flask test client, real extractor), keeps one event (``choose_event``) with
its first mention, and prints the README block; ``--write`` puts it between
README's ``<!-- example:start -->`` and ``<!-- example:end -->`` markers.
tests/unit/test_readme.py checks that the README holds what this produces.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.readme import read_block, write_block

BLOCK = "example"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_aa976d5587b6041e.json"
WIDTH = 120  # the longest line the JSON layout aims for (a long string alone may exceed it)


def seed_body() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


def seed_response(extractor: Any = None) -> dict[str, Any]:
    """The API's JSON answer to the seed, as ``curl`` would get it from ``make run``."""
    from service.app import create_app
    from service.extraction import Extractor
    from service.settings import Settings

    app = create_app(Settings(), extractor=extractor or Extractor())
    response = app.test_client().post("/v1/events", json=seed_body())
    if response.status_code != 200:
        raise RuntimeError(f"POST /v1/events answered {response.status_code}: {response.get_data(as_text=True)}")
    return response.get_json()


def choose_event(events: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The first meeting with participants, a location, a time and several mentions (it shows every field)."""
    for event in events:
        if (
            event["type"] == "meeting"
            and event["participants"]
            and event["location"]
            and event["time"]
            and len(event["mentions"]) > 1
        ):
            return event
    raise LookupError("no meeting with participants, location, time and several mentions: change choose_event")


def trimmed(response: dict[str, Any]) -> dict[str, Any]:
    """The response with one event, cut to its first mention."""
    event = dict(choose_event(response["events"]))
    event["mentions"] = event["mentions"][:1]
    return {"document": response["document"], "events": [event], "meta": response["meta"]}


def layout(value: Any, indent: int = 0, prefix: int = 0) -> str:
    """JSON laid out for reading: a container on one line when it fits in WIDTH; an
    object of plain values wrapped over aligned lines; anything else one member per line."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or indent + prefix + len(flat) + 1 <= WIDTH:
        return flat
    if isinstance(value, dict) and not any(isinstance(v, dict | list) for v in value.values()):
        return _wrapped(value, indent + prefix)
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + layout(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    items = []
    for key, v in value.items():
        head = json.dumps(key, ensure_ascii=False) + ": "
        items.append(pad + head + layout(v, indent + 2, len(head)))
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def _wrapped(value: dict[str, Any], column: int) -> str:
    """``{"a": 1, "b": 2,`` / ``"c": 3}``: members packed into lines, aligned after the brace."""
    members = [json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False) for k, v in value.items()]
    lines, line = [], ""
    for member in members:
        if line and column + 1 + len(line) + len(", ") + len(member) + 1 > WIDTH:
            lines.append(line + ",")
            line = member
        else:
            line = f"{line}, {member}" if line else member
    lines.append(line)
    return "{" + ("\n" + " " * (column + 1)).join(lines) + "}"


def render_block(response: dict[str, Any]) -> str:
    """The README text between the example markers."""
    event = choose_event(response["events"])
    return (
        f"A real response, trimmed to one of its {len(response['events'])} events and that event's first mention:\n"
        "\n"
        "```json\n"
        f"{layout(trimmed(response))}\n"
        "```\n"
        "\n"
        "The same act reported in several sentences is one event with several\n"
        f"`mentions`: this one has {len(event['mentions'])}.\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.readme_example", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the example block of README.md in place")
    args = parser.parse_args(argv)
    block = render_block(seed_response())
    if not args.write:
        print(block, end="")
        return 0
    read_block(BLOCK)  # fail before doing anything when the markers are missing
    changed = write_block(BLOCK, block)
    print("README.md example " + ("updated" if changed else "already up to date"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
