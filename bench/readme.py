"""Generated blocks of README.md, between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.

The figures and examples in those blocks are written by commands
(``python -m bench.readme_example --write``, ``make eval``) and checked by
tests/unit/test_readme.py, so the README cannot drift from what the service does.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {re.escape(name)}:start -->\n)(.*?)(<!-- {re.escape(name)}:end -->)", re.DOTALL)


def read_block(name: str, text: str | None = None) -> str:
    """The text between the markers of block ``name`` (ValueError when they are missing)."""
    text = README.read_text(encoding="utf-8") if text is None else text
    found = _pattern(name).search(text)
    if found is None:
        raise ValueError(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> block")
    return found.group(2)


def replace_block(name: str, block: str, text: str) -> str:
    """``text`` with block ``name`` replaced by ``block`` (which should end with a newline)."""
    read_block(name, text)
    return _pattern(name).sub(lambda m: m.group(1) + block + m.group(3), text, count=1)


def write_block(name: str, block: str) -> bool:
    """Rewrite block ``name`` of README.md in place, re-reading the file first; True when it changed."""
    text = README.read_text(encoding="utf-8")
    updated = replace_block(name, block, text)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
    return updated != text
