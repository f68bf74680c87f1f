"""Compile the PETRARCH 2 CAMEO verb pattern dictionary into the lexicon.

``CAMEO.2.0.txt`` (Open Event Data Alliance, MIT licence) is the verb
dictionary of the PETRARCH 2 event coder. The service never reads it at run
time: this script turns it into three small tab-separated tables under
``service/extraction/lexicon/cameo/``, next to the licence they carry.

The source has three sections, each opened by a ``####### NAME #######`` line:

* SYNONYM SETS: a label (``&MILITARY``, or ``&AUXVERB1_`` where the trailing
  ``_`` means "no plurals") followed by ``+MEMBER`` lines, words joined by ``_``.
* VERB PATTERNS: blocks headed ``---  ACCELERATE   [---]  ---`` (a block verb
  and its default CAMEO code, ``---`` for none). The block's verbs follow, one a
  line: the base form first (``HURRY``; multi-word verbs as ``+CALL_OFF`` or
  ``RE_+ARREST``, the ``+`` marking the word the parser calls the verb), then
  optional irregular forms in ``{...}``, an optional code of the verb's own in
  ``[...]`` and a ``#`` comment. Pattern lines start with ``-``:
  ``- &MILITARY * (TO BORDER) [154]  # RUSH``. ``*`` stands for the verb; words
  before it are the subject side, words after it the object side; ``(...)`` is
  a prepositional phrase, ``{...}`` a multi-word noun phrase, ``&NAME`` a
  synonym set, ``$`` / ``+`` mark the source / target and ``^`` / ``%`` are
  TABARI wild cards. Codes ``[042:043]`` pair a forward and a reverse code; the
  comment names the verb(s) the pattern was first found under.
* TRANSFORMATIONS: rewrites of nested events, which the service does not use.

The tables (lower-cased, ``_`` read as a space):

* ``verbs.tsv``: ``verb``, ``block``, ``code`` (the verb's own code when its
  line gives one, as PETRARCH reads it, else the block's default).
* ``patterns.tsv``: ``block``, ``before``, ``after``, ``code``, ``source_verb``;
  a pattern applies to every verb of its block. Patterns with no forward code
  (``[---]``, ``[:173]``) are left out.
* ``synsets.tsv``: ``set`` (``&military``) and ``member``.

Run ``python scripts/compile_cameo.py [PETRARCH2_DIR]``; the default is
``../shared/lexicons/petrarch2`` beside the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "lexicons" / "petrarch2"
OUT = ROOT / "service" / "extraction" / "lexicon" / "cameo"
VERB_FILE = "CAMEO.2.0.txt"
HEADER = (
    f"# Compiled by scripts/compile_cameo.py from PETRARCH 2's {VERB_FILE} "
    "(MIT, Copyright (c) 2015 Open Event Data Alliance, see LICENSE).\n"
)
COLUMNS = {
    "verbs.tsv": ("verb", "block", "code"),
    "patterns.tsv": ("block", "before", "after", "code", "source_verb"),
    "synsets.tsv": ("set", "member"),
}

_SECTION = re.compile(r"#{3,}\s*(SYNONYM SETS|VERB PATTERNS|TRANSFORMATIONS)\s*#{3,}")
_BLOCK = re.compile(r"---\s+(\S+)\s+\[([^\]]*)\]")
# A verb line's base form ends at its irregular forms, its own code or a TABARI ';' comment.
_BASE_FORM = re.compile(r"[^\s{\[;]+")
_CODE = re.compile(r"\[([^\]]*)\]")
# Inside a pattern: parentheses are kept, braces only group words, so they split tokens.
_TOKEN = re.compile(r"[()]|[^\s(){}]+")
# Source/target markers and TABARI wild cards: they say where an actor is, not a word to match.
_MARKERS = frozenset("$+^%")
_VERB_NAME = re.compile(r"[A-Za-z][A-Za-z_ -]*")


class Block(NamedTuple):
    name: str
    code: str
    verbs: list[tuple[str, str]]  # (base form, the verb's own code or "")
    patterns: list[tuple[str, str, str, str]]


def _words(raw: str) -> str:
    """``+CALL_OFF`` -> ``call off``; ``RE_+ARREST`` -> ``re arrest``."""
    return " ".join(raw.replace("+", " ").replace("_", " ").split()).lower()


def _set_name(raw: str) -> str:
    """``&AUXVERB1_`` -> ``&auxverb1``: inner underscores are part of the label."""
    return raw.rstrip("_").lower()


def _code(raw: str) -> str:
    """The forward code: ``042:043`` -> ``042``; ``---`` and ``:173`` (reverse only) -> ``""``."""
    # A digit run, so a stray mark after the code ("080!") is not part of it.
    found = re.match(r"\s*(\d+)", raw.split(":", 1)[0])
    return found.group(1) if found else ""


def split_sections(text: str) -> dict[str, list[str]]:
    """Lines of each section by heading; the header comments before the first are dropped."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        heading = _SECTION.fullmatch(line.strip())
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    return sections


def _content(line: str) -> str:
    """The line without its ``#`` comment, or ``""`` for a blank or comment line."""
    return line.split("#", 1)[0].strip()


def parse_synsets(lines: list[str]) -> list[tuple[str, str]]:
    """Rows of (set, member)."""
    rows: list[tuple[str, str]] = []
    label = ""
    for line in lines:
        body = _content(line)
        if body.startswith("&"):
            label = _set_name(body)
        elif body.startswith("+") and label:
            rows.append((label, _words(body[1:])))
    return rows


def parse_pattern(line: str) -> tuple[str, str, str, str]:
    """``- &MILITARY * (TO BORDER) [154] # RUSH`` -> (``&military``, ``(to border)``, ``154``, ``rush``)."""
    body, _, comment = line[1:].partition("#")
    code = _CODE.search(body)
    if not code or "*" not in body[: code.start()]:
        raise ValueError(f"not a pattern: {line!r}")
    before, _, after = body[: code.start()].partition("*")
    return _phrase(before), _phrase(after), _code(code.group(1)), _source_verbs(comment)


def _phrase(side: str) -> str:
    words = [_pattern_word(token) for token in _TOKEN.findall(side) if token not in _MARKERS]
    return " ".join(words).replace("( ", "(").replace(" )", ")")


def _pattern_word(token: str) -> str:
    return _set_name(token) if token.startswith("&") else " ".join(token.replace("_", " ").split()).lower()


def _source_verbs(comment: str) -> str:
    """``# FORGE , SET_UP`` -> ``forge, set up``; coder notes in the comment are not verbs."""
    names = [_words(part) for part in comment.split(",") if _VERB_NAME.fullmatch(part.strip())]
    return ", ".join(dict.fromkeys(names))


def parse_blocks(lines: list[str]) -> list[Block]:
    """The verb blocks of the VERB PATTERNS section, in file order."""
    blocks: list[Block] = []
    for number, line in enumerate(lines, 1):
        body = _content(line)
        if not body:
            continue
        header = _BLOCK.match(body)
        if header:
            blocks.append(Block(_words(header.group(1)), _code(header.group(2)), [], []))
        elif not blocks:
            raise ValueError(f"verb patterns line {number} is outside any block: {line!r}")
        elif body.startswith("-"):
            blocks[-1].patterns.append(parse_pattern(line.strip()))
        else:
            own = _CODE.search(body.split("#", 1)[0])
            blocks[-1].verbs.append((_base_form(body), _code(own.group(1)) if own else ""))
    return blocks


def _base_form(body: str) -> str:
    """``HURRY {HURRIES HURRYING HURRIED } [040]`` -> ``hurry``."""
    found = _BASE_FORM.match(body)
    if not found:
        raise ValueError(f"no verb on the line {body!r}")
    return _words(found.group())


def compile_dictionary(text: str) -> dict[str, list[tuple[str, ...]]]:
    """The three tables, deduplicated and sorted, keyed by file name."""
    sections = split_sections(text)
    blocks = parse_blocks(sections.get("VERB PATTERNS", []))
    verbs = {(verb, block.name, own or block.code) for block in blocks for verb, own in block.verbs}
    patterns = {
        (block.name, *pattern)
        for block in blocks
        for pattern in block.patterns
        if pattern[2]  # no forward code: nothing the service could emit
    }
    synsets = set(parse_synsets(sections.get("SYNONYM SETS", [])))
    return {"verbs.tsv": sorted(verbs), "patterns.tsv": sorted(patterns), "synsets.tsv": sorted(synsets)}


def render(name: str, rows: list[tuple[str, ...]]) -> str:
    """A table's text: the provenance line, the column names, the rows."""
    lines = [HEADER, "# " + "\t".join(COLUMNS[name]) + "\n"]
    lines.extend("\t".join(row) + "\n" for row in rows)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    if not (args.source / VERB_FILE).exists():
        print(f"no {VERB_FILE} in {args.source}", file=sys.stderr)
        return 2
    tables = compile_dictionary((args.source / VERB_FILE).read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        (OUT / name).write_text(render(name, rows), encoding="utf-8", newline="\n")
    shutil.copyfile(args.source / "LICENSE", OUT / "LICENSE")
    counts = {name: len(rows) for name, rows in tables.items()}
    print(
        f"{counts['verbs.tsv']} verbs, {counts['patterns.tsv']} patterns, "
        f"{counts['synsets.tsv']} synonym members -> {OUT}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
