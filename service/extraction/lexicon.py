"""Load the lexicon data files (YAML) once and compile them into lookups.

The data lives in ``lexicon/``; this module only reads and indexes it, so
vocabulary changes never touch code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).with_name("lexicon")

DEFAULT_POS = ("VERB", "NOUN", "PROPN")
_QUOTES = ['"', "“", "”", "'", "‘", "’", "«", "»"]


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One way a word can report an event of ``type``."""

    type: str
    subtype: str | None
    pos: tuple[str, ...] = DEFAULT_POS
    plural: bool = False
    modifiers: frozenset[str] = frozenset()
    object_class: str | None = None
    confidence: float | None = None
    subject_is: str | None = None
    subject_class: str | None = None
    preps: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PhraseEntry:
    type: str
    subtype: str | None
    pattern: list[dict[str, Any]]
    confidence: float | None = None
    subject_is: str | None = None


@dataclass(slots=True)
class Lexicon:
    words: dict[str, list[TriggerEntry]]
    phrases: list[PhraseEntry]
    classes: dict[str, frozenset[str]]
    symmetric_types: frozenset[str]
    gazetteer: dict[str, Any]
    countries: dict[str, list[str]]
    cues: dict[str, Any]
    taxonomy: dict[str, Any]
    furniture_patterns: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> Lexicon:
        triggers = _read(directory / "triggers.yaml")
        classes = {k: frozenset(v) for k, v in triggers["classes"].items()}
        words: dict[str, list[TriggerEntry]] = {}
        phrases: list[PhraseEntry] = []
        symmetric = set()
        for type_name, spec in triggers["types"].items():
            if spec.get("symmetric"):
                symmetric.add(type_name)
            for lemma, entry in (spec.get("words") or {}).items():
                for reading in entry if isinstance(entry, list) else [entry]:
                    words.setdefault(lemma.lower(), []).append(_word_entry(type_name, reading))
            for entry in spec.get("phrases") or []:
                phrases.append(
                    PhraseEntry(
                        type=type_name,
                        subtype=entry.get("subtype"),
                        pattern=phrase_pattern(entry["text"]),
                        confidence=entry.get("confidence"),
                        subject_is=entry.get("subject_is"),
                    )
                )
        # Entries with an object constraint are the more specific reading
        # ("send troops" deploys, "send weapons" aids): try them first.
        for entries in words.values():
            entries.sort(key=lambda e: e.object_class is None and e.subject_class is None)
        cues = _read(directory / "cues.yaml")
        return cls(
            words=words,
            phrases=phrases,
            classes=classes,
            symmetric_types=frozenset(symmetric),
            gazetteer=_read(directory / "gazetteer.yaml"),
            countries=_read(directory / "countries.yaml"),
            cues=cues,
            taxonomy=_read(directory / "taxonomy.yaml"),
            furniture_patterns=[re.compile(p, re.M) for p in cues["furniture"]["block_patterns"]],
        )


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _word_entry(type_name: str, entry: Any) -> TriggerEntry:
    if entry is None or isinstance(entry, str):
        return TriggerEntry(type=type_name, subtype=entry)
    return TriggerEntry(
        type=type_name,
        subtype=entry.get("subtype"),
        pos=tuple(entry.get("pos") or DEFAULT_POS),
        plural=bool(entry.get("plural", False)),
        modifiers=frozenset(entry.get("modifiers") or ()),
        object_class=entry.get("object"),
        confidence=entry.get("confidence"),
        subject_is=entry.get("subject_is"),
        subject_class=entry.get("subject"),
        preps=frozenset(entry.get("preps") or ()),
    )


def phrase_pattern(text: str) -> list[dict[str, Any]]:
    """Turn ``"put|place * on ?high alert"`` into a spaCy Matcher pattern.

    Words match lemmas case-insensitively; ``a|b`` lists alternatives,
    ``?word`` is optional and ``*`` skips up to three tokens.
    """
    pattern: list[dict[str, Any]] = []
    for position, word in enumerate(text.split()):
        if position:
            pattern.append({"ORTH": {"IN": _QUOTES}, "OP": "?"})  # pay “a heavy price”
        if word == "*":
            pattern.append({"IS_PUNCT": False, "OP": "{,3}"})
            continue
        optional = word.startswith("?")
        alternatives = word.lstrip("?").split("|")
        forms = sorted({f for a in alternatives for f in (a, a.lower(), a.title(), a.upper())})
        token: dict[str, Any] = {"LEMMA": {"IN": forms}}
        if optional:
            token["OP"] = "?"
        pattern.append(token)
    return pattern


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return Lexicon.load()
