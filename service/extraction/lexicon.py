"""Load the lexicon data files (YAML) once and compile them into lookups.

The data lives in ``lexicon/``; this module only reads and indexes it, so
vocabulary changes never touch code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .typespec import TypeSpec, TypeSpecError

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
    rank: int = 0
    object_not_class: str | None = None
    needs_party: bool = False
    # "required": talk needs someone to talk with who is not the press or an audience;
    # "not_press": only talk with the press is excluded ("discussed the plan" alone counts).
    counterpart: str | None = None
    # Only in the active voice: "was met with brutality" is no meeting.
    active_only: bool = False
    # Only when it asks someone to act or for something ("asked Kyiv to", "asked for
    # help", "appealed to Moscow"); a question asked is no demand ("asked whether").
    asks_for: bool = False
    # Modifiers that make the word a metaphor: a "trade war" is no attack.
    modifiers_not: frozenset[str] = frozenset()
    # Word class the verb's subject must not belong to: "tariffs targeting Canada".
    subject_not_class: str | None = None
    # Only without an object or clause: "demonstrated in the capital", not
    # "demonstrated resolve" or "demonstrates that".
    intransitive: bool = False
    # Not as a verb of saying after a quote, its subject after it: '"The danger has not
    # passed," agreed Sayim' agrees with a view, not to a deal.
    not_inverted: bool = False


@dataclass(frozen=True, slots=True)
class PhraseEntry:
    type: str
    subtype: str | None
    pattern: list[dict[str, Any]]
    confidence: float | None = None
    subject_is: str | None = None
    counterpart: str | None = None


class LexiconError(TypeSpecError):
    """The lexicon files disagree with each other (raised at load, never per request)."""


@dataclass(slots=True)
class Lexicon:
    words: dict[str, list[TriggerEntry]]
    phrases: list[PhraseEntry]
    classes: dict[str, frozenset[str]]
    types: TypeSpec
    gazetteer: dict[str, Any]
    countries: dict[str, list[str]]
    cues: dict[str, Any]
    taxonomy: dict[str, Any]
    furniture_patterns: list[re.Pattern[str]] = field(default_factory=list)
    sectors: dict[str, Any] = field(default_factory=dict)
    office_holders: dict[str, Any] = field(default_factory=dict)
    # Where the files came from (the actor coder reads its Phoenix tables there).
    directory: Path = LEXICON_DIR

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> Lexicon:
        """Read and check the lexicon in ``directory``; :class:`LexiconError` if its files disagree."""
        triggers = _read(directory / "triggers.yaml")
        classes = {k: frozenset(v) for k, v in triggers["classes"].items()}
        words: dict[str, list[TriggerEntry]] = {}
        phrases: list[PhraseEntry] = []
        for type_name, spec in triggers["types"].items():
            for lemma, entry in (spec.get("words") or {}).items():
                if not isinstance(lemma, str):
                    raise LexiconError(f"triggers.yaml: {type_name} has a non-word key {lemma!r}; quote on/off/yes/no")
                for reading in entry if isinstance(entry, list) else [entry]:
                    words.setdefault(lemma.lower(), []).append(_word_entry(type_name, reading))
            for entry in spec.get("phrases") or []:
                if set(entry) - _PHRASE_KEYS:
                    raise LexiconError(
                        f"triggers.yaml: {type_name} phrase {entry!r} has unknown keys {sorted(set(entry) - _PHRASE_KEYS)}"
                    )
                phrases.append(
                    PhraseEntry(
                        type=type_name,
                        subtype=entry.get("subtype"),
                        pattern=phrase_pattern(entry["text"]),
                        confidence=entry.get("confidence"),
                        subject_is=entry.get("subject_is"),
                        counterpart=_counterpart(type_name, entry),
                    )
                )
        _add_checked_cameo_verbs(directory / "cameo" / "checked_verbs.tsv", words, phrases)
        # Entries with an object constraint are the more specific reading
        # ("send troops" deploys, "send weapons" aids): try them first.
        for entries in words.values():
            entries.sort(key=lambda e: e.object_class is None and e.subject_class is None)
        cues = _read(directory / "cues.yaml")
        lexicon = cls(
            words=words,
            phrases=phrases,
            classes=classes,
            types=TypeSpec.from_data(_read(directory / "types.yaml")),
            gazetteer=_read(directory / "gazetteer.yaml"),
            countries=_read(directory / "countries.yaml"),
            cues=cues,
            taxonomy=_read(directory / "taxonomy.yaml"),
            furniture_patterns=[re.compile(p, re.M) for p in cues["furniture"]["block_patterns"]],
            sectors=_read(directory / "sectors.yaml"),
            office_holders=_read(directory / "office_holders.yaml"),
            directory=directory,
        )
        lexicon.check(trigger_types=list(triggers["types"]))
        return lexicon

    @property
    def type_names(self) -> list[str]:
        """The taxonomy's types, in its order."""
        return [t["name"] for t in self.taxonomy["types"]]

    def cue_words(self, section: str, key: str) -> frozenset[str]:
        """A word list of cues.yaml, e.g. ``cue_words("modality", "prevent_heads")``."""
        return frozenset(self.cues[section][key])

    def check(self, trigger_types: list[str]) -> None:
        """Every file names the same types; every subtype, class and code referenced exists."""
        names = self.type_names
        problems = []
        for label, other in (("triggers.yaml", trigger_types), ("types.yaml", list(self.types))):
            if set(other) != set(names):
                problems.append(
                    f"{label} and taxonomy.yaml list different types: only in {label} {sorted(set(other) - set(names))},"
                    f" only in taxonomy.yaml {sorted(set(names) - set(other))}"
                )
        subtypes: dict[str, set[str | None]] = {}
        for spec in self.taxonomy["types"]:
            subtypes[spec["name"]] = {None} | {s["name"] for s in spec.get("subtypes") or []}
            for key in ("definition", "quad_class", "codes"):
                if key not in spec:
                    problems.append(f"taxonomy.yaml: {spec['name']} has no {key}")
            for sub in [spec, *(spec.get("subtypes") or [])]:
                codes = sub.get("codes") or {}
                if "cameo" not in codes or "plover" not in codes:
                    problems.append(f"taxonomy.yaml: {spec['name']}/{sub['name']} has no cameo and plover codes")
        used = [(e.type, e.subtype) for entries in self.words.values() for e in entries]
        used += [(p.type, p.subtype) for p in self.phrases]
        for type_name, subtype in sorted(set(used), key=str):
            if subtype not in subtypes.get(type_name, {None}):
                problems.append(f"triggers.yaml: {type_name} has no subtype {subtype!r} in taxonomy.yaml")
        for type_name, behaviour in self.types.items():
            for group in behaviour.merge.subtype_groups:
                for subtype in sorted(group - subtypes.get(type_name, set())):
                    problems.append(f"types.yaml: {type_name} merges unknown subtype {subtype!r}")
        for entries in self.words.values():
            for entry in entries:
                for cls_name in (
                    entry.object_class,
                    entry.subject_class,
                    entry.object_not_class,
                    entry.subject_not_class,
                ):
                    if cls_name is not None and cls_name not in self.classes:
                        problems.append(f"triggers.yaml: {entry.type} refers to unknown class {cls_name!r}")
        word_lists = [
            (f"cues.yaml: {section}.{key}", words)
            for section, lists in self.cues.items()
            if isinstance(lists, dict)
            for key, words in lists.items()
        ]
        # The recode rules are a list of rules, each with word lists of its own.
        word_lists += [
            (f"cues.yaml: recode {rule.get('name')}.{key}", words)
            for rule in self.cues.get("recode") or ()
            for key, words in rule.items()
            if isinstance(words, list)
        ]
        word_lists += [(f"gazetteer.yaml: {key}", words) for key, words in self.gazetteer.items()]
        word_lists += [(f"triggers.yaml: classes.{key}", words) for key, words in self.classes.items()]
        for where, words in word_lists:
            if isinstance(words, (list, frozenset)) and not all(isinstance(w, str) for w in words):
                # YAML reads a bare on/off/no/yes as a boolean: quote such words.
                problems.append(f"{where} holds a non-word in {sorted(map(str, words))}; quote on/off/yes/no")
        if problems:
            raise LexiconError("lexicon check failed:\n  " + "\n  ".join(dict.fromkeys(problems)))


# libyaml's loader where PyYAML has it: the office-holder table alone is 6,000 lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


_WORD_KEYS = {"subtype", "pos", "plural", "modifiers", "object", "object_not", "confidence", "subject_is", "subject"}
_WORD_KEYS |= {"preps", "rank", "needs_party", "counterpart", "active_only", "modifiers_not", "subject_not"}
_WORD_KEYS |= {"asks_for", "intransitive", "not_inverted"}
_PHRASE_KEYS = {"text", "subtype", "confidence", "subject_is", "counterpart"}
_POS = {"VERB", "NOUN", "PROPN", "ADJ"}


# Confidence of a verb that reports an event only because CAMEO's dictionary codes it:
# below the lexicon's own verbs (0.75), so that where a word has a reading of ours as
# well, ours wins the overlap, and the scorer weighs the rest.
CAMEO_VERB_CONFIDENCE = 0.55


def _add_checked_cameo_verbs(path: Path, words: dict[str, list[TriggerEntry]], phrases: list[PhraseEntry]) -> None:
    """The verbs of PETRARCH's CAMEO dictionary that passed the hand check
    (``cameo/checked_verbs.tsv``, verdict ``keep``) as verb triggers of their type.
    A verb that already reports that type in triggers.yaml keeps its own entry."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    column = {name: index for index, name in enumerate(header)}
    for row in body:
        if row[column["verdict"]] != "keep":
            continue
        verb, type_name = row[column["verb"]], row[column["our_type"]]
        subtype = row[column["our_subtype"]] or None
        if " " in verb:
            phrases.append(
                PhraseEntry(
                    type=type_name, subtype=subtype, pattern=phrase_pattern(verb), confidence=CAMEO_VERB_CONFIDENCE
                )
            )
        elif not any(e.type == type_name for e in words.get(verb, ())):
            words.setdefault(verb, []).append(
                TriggerEntry(type=type_name, subtype=subtype, pos=("VERB",), confidence=CAMEO_VERB_CONFIDENCE)
            )


def _word_entry(type_name: str, entry: Any) -> TriggerEntry:
    if entry is None or isinstance(entry, str):
        return TriggerEntry(type=type_name, subtype=entry)
    if not isinstance(entry, dict):
        raise LexiconError(f"triggers.yaml: {type_name} has an entry that is neither a subtype nor a map: {entry!r}")
    unknown = set(entry) - _WORD_KEYS
    if unknown:
        # A misspelt key ("objet:") would silently drop its constraint.
        raise LexiconError(f"triggers.yaml: {type_name} entry {entry!r} has unknown keys {sorted(unknown)}")
    if not set(entry.get("pos") or ()) <= _POS:
        raise LexiconError(f"triggers.yaml: {type_name} entry {entry!r} has a pos outside {sorted(_POS)}")
    if entry.get("subject_is") not in {None, "target"}:
        raise LexiconError(f"triggers.yaml: {type_name} entry {entry!r}: subject_is may only be 'target'")
    for key in ("modifiers", "preps", "modifiers_not"):
        if not all(isinstance(w, str) for w in entry.get(key) or ()):
            raise LexiconError(f"triggers.yaml: {type_name} entry {entry!r}: quote on/off/yes/no in {key}")
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
        rank=int(entry.get("rank", 0)),
        object_not_class=entry.get("object_not"),
        needs_party=bool(entry.get("needs_party", False)),
        counterpart=_counterpart(type_name, entry),
        active_only=bool(entry.get("active_only", False)),
        asks_for=bool(entry.get("asks_for", False)),
        modifiers_not=frozenset(entry.get("modifiers_not") or ()),
        subject_not_class=entry.get("subject_not"),
        intransitive=bool(entry.get("intransitive", False)),
        not_inverted=bool(entry.get("not_inverted", False)),
    )


def _counterpart(type_name: str, entry: dict[str, Any]) -> str | None:
    value = entry.get("counterpart")
    if value not in {None, "required", "not_press"}:
        raise LexiconError(f"triggers.yaml: {type_name} entry {entry!r}: counterpart is required or not_press")
    return value


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
