"""Compile the Phoenix (PETRARCH 2) actor and agent dictionaries into the lexicon.

The dictionaries are TABARI-formatted text files from the Open Event Data
Alliance (MIT licence). The service never reads them at run time: this script
turns the parts it uses into two small tab-separated tables under
``service/extraction/lexicon/phoenix/``, next to the licence they carry.

* ``actors.tsv``: a lower-cased name, its CAMEO actor code, and the dates the
  code holds (``from``/``to`` as ISO dates, empty when open). One row per name
  and code, so a person with several offices has several rows.
* ``agents.tsv``: a lower-cased role noun phrase ("riot police", "defense
  minister") and its agent code ("COP", "GOVMIL").

Run ``python scripts/compile_phoenix.py [PETRARCH2_DIR]``; the default is
``../shared/lexicons/petrarch2`` beside the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "lexicons" / "petrarch2"
OUT = ROOT / "service" / "extraction" / "lexicon" / "phoenix"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"

_CODE = re.compile(r"\[([A-Z~]+)(?:\s+([<>]?\d{6,8}(?:-\d{6,8})?))?\s*\]")
# Stems the agents file uses for "minister"/"ministry" and their plurals.
_STEMS = {"minist": ("minister", "ministers", "ministry", "ministries")}


def _date(token: str) -> str:
    """``730717`` or ``19730717`` -> ``1973-07-17`` (two-digit years pivot at 30)."""
    if len(token) == 6:
        year = int(token[:2])
        token = f"{1900 + year if year > 30 else 2000 + year}{token[2:]}"
    month, day = token[4:6], token[6:8]
    # A few entries use 00 for an unknown month or day.
    return f"{token[:4]}-{month if month != '00' else '01'}-{day if day != '00' else '01'}"


def _range(restriction: str | None) -> tuple[str, str]:
    if not restriction:
        return "", ""
    if restriction.startswith(">"):
        return _date(restriction[1:]), ""
    if restriction.startswith("<"):
        return "", _date(restriction[1:])
    start, dash, end = restriction.partition("-")
    if not dash:
        return _date(start), ""  # a bare date ("[MNEGOV 20121204]") opens a term
    return _date(start), _date(end)


def _valid(day: str) -> bool:
    """False for the few malformed dates in the source ("900822-3" with a digit lost)."""
    if not day:
        return True
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _name(raw: str) -> str:
    """``+PRESIDENT_VLADIMIR_PUTIN_`` -> ``president vladimir putin``."""
    words = raw.lstrip("+").replace("_", " ").split()
    return " ".join(words).lower()


def parse_actors(path: Path) -> list[tuple[str, str, str, str]]:
    """Rows of (name, code, from, to) for every name in one actors file."""
    rows: list[tuple[str, str, str, str]] = []
    names: list[str] = []
    codes: list[tuple[str, str, str]] = []

    def flush() -> None:
        for name in names:
            for code, start, end in codes:
                rows.append((name, code, start, end))

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        found = [(m.group(1), *_range(m.group(2))) for m in _CODE.finditer(body)]
        text = _CODE.sub(" ", body).strip()
        if text and not line[:1].isspace() and not text.startswith("+"):
            # A new entry: its primary name, then "+" synonyms and indented codes.
            flush()
            names, codes = [], []
        if text:
            name = _name(text)
            if name:
                names.append(name)
        codes.extend((c, s, e) for c, s, e in found if "~" not in c and _valid(s) and _valid(e))
    flush()
    return rows


def parse_agents(path: Path) -> list[tuple[str, str]]:
    """Rows of (phrase, agent code) with substitution sets and braces expanded."""
    sets: dict[str, list[str]] = {}
    rows: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        if body.startswith("!") and "=" in body:
            key, _, values = body.partition("=")
            sets[key.strip()] = [v.strip().lower() for v in values.split(",")]
            continue
        match = re.search(r"\[~([A-Z]+)\]", body)
        if not match:
            continue  # IGO-prefix agents ("[IGO~]") and bare lines name no sector.
        code = match.group(1)
        phrase = re.sub(r"\{[^}]*\}", " ", body[: match.start()])
        for plural in re.findall(r"\{([^}]*)\}", body[: match.start()]):
            if plural.strip():
                rows.extend((p, code) for p in _expand(plural, sets))
        rows.extend((p, code) for p in _expand(phrase, sets))
    return rows


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    phrase = phrase.replace("_", " ")
    variants = [phrase]
    for key, values in sets.items():
        if key in phrase:
            # "!MINIST!" stands for a word of its own ("!MINIST! OF_DEFENSE") or a suffix
            # of the word before ("POLICE!PERSON!" -> "policeman").
            variants = [v.replace(key, value) for v in variants for value in values]
    out = []
    for variant in variants:
        words = variant.lower().split()
        if not words:
            continue
        if words[-1] in _STEMS:
            out.extend(" ".join([*words[:-1], w]) for w in _STEMS[words[-1]])
        else:
            out.append(" ".join(words))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    if not (args.source / AGENT_FILE).exists():
        print(f"no Phoenix dictionaries in {args.source}", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    actors = sorted({row for name in ACTOR_FILES for row in parse_actors(args.source / name)})
    agents = sorted(set(parse_agents(args.source / AGENT_FILE)))
    header = "# Compiled by scripts/compile_phoenix.py from the Phoenix dictionaries (MIT, see LICENSE).\n"
    with (OUT / "actors.tsv").open("w", encoding="utf-8") as out:
        out.write(header + "# name\tcode\tfrom\tto\n")
        out.writelines("\t".join(row) + "\n" for row in actors)
    with (OUT / "agents.tsv").open("w", encoding="utf-8") as out:
        out.write(header + "# phrase\tcode\n")
        out.writelines("\t".join(row) + "\n" for row in agents)
    shutil.copyfile(args.source / "LICENSE", OUT / "LICENSE")
    print(f"{len(actors)} actor rows, {len(agents)} agent rows -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
