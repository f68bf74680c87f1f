"""The fine CAMEO code of an event, read from its verb as PETRARCH's dictionary codes it.

The rules decide an event's type and subtype; the subtype carries a coarse
code ("sanction/impose" is 163). PETRARCH's verb dictionary (compiled into
``lexicon/cameo/`` by ``scripts/compile_cameo.py``) knows finer ones: "threaten
with sanctions" is 1312, "bomb" 195, "call for a ceasefire" 0871... This module
reads the verb of the event's clause and the dictionary's patterns for it
("- * (TO BORDER) [154]": the verb, then "to" with "border" after it) and
returns the code of the pattern that fits best, or the verb's own code.

A code is used only when ``lexicon/cameo_types.yaml`` puts it in the event's
own type and subtype: the dictionary never changes what an event is, only how
finely it is coded. A pattern that fits a different sense of the verb yields
a code of another type and is ignored.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Token

CAMEO_DIR = Path(__file__).with_name("lexicon") / "cameo"
TYPES_FILE = Path(__file__).with_name("lexicon") / "cameo_types.yaml"

# Dependencies whose subtree is the verb's object side in a pattern.
_OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "oprd", "xcomp", "ccomp", "acomp", "npadvmod"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent"}


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a pattern side: a word, a synonym set, or a prepositional phrase."""

    kind: str  # "word" | "set" | "prep"
    value: str  # the word, the set name, or the preposition
    words: tuple[Item, ...] = ()  # what follows the preposition inside the parentheses


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    before: tuple[Item, ...]
    after: tuple[Item, ...]

    @property
    def size(self) -> int:
        return sum(1 + len(i.words) for i in (*self.before, *self.after))


class CameoCoder:
    """Verb -> fine CAMEO code, restricted to the codes of the event's type."""

    def __init__(self, directory: Path = CAMEO_DIR, types_file: Path = TYPES_FILE) -> None:
        self.verbs: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for verb, block, code in _rows(directory / "verbs.tsv"):
            words = tuple(verb.split())
            self.verbs.setdefault(words[0], []).append((words, block, code))
        self.patterns: dict[str, list[Pattern]] = {}
        for block, before, after, code, _ in _rows(directory / "patterns.tsv"):
            self.patterns.setdefault(block, []).append(Pattern(code, _items(before), _items(after)))
        members: dict[str, set[str]] = {}
        for name, member in _rows(directory / "synsets.tsv"):
            members.setdefault(name, set()).add(member)
        self.synsets: dict[str, frozenset[str]] = {name: frozenset(words) for name, words in members.items()}
        data = yaml.safe_load(types_file.read_text(encoding="utf-8"))
        self.prefixes: dict[str, tuple[str, str | None]] = {
            str(prefix): (spec["type"], spec.get("subtype")) for prefix, spec in data["codes"].items()
        }
        # Our own patterns join the block of their verb (the verb is its own block when
        # the dictionary does not list it).
        for verb, lines in (data.get("patterns") or {}).items():
            entries = self.verbs.setdefault(verb, [((verb,), verb, "")])
            block = next((b for words, b, _ in entries if words == (verb,)), verb)
            for line in lines:
                side, code = line.rsplit(" ", 1)
                self.patterns.setdefault(block, []).append(Pattern(code, (), _items(side)))
        self._index()

    def _index(self) -> None:
        """Patterns by block and by the type of their code, each block's longest first:
        an event looks only at its own type's patterns."""
        self.by_type: dict[tuple[str, str], list[Pattern]] = {}
        for block, patterns in self.patterns.items():
            for pattern in sorted(patterns, key=lambda p: -p.size):
                found = self.type_of(pattern.code)
                if found is not None:
                    self.by_type.setdefault((block, found[0]), []).append(pattern)
        # The codes each type may carry, for GET /v1/event-types (asked per request).
        codes = {code for entries in self.verbs.values() for _, _, code in entries if code}
        codes |= {p.code for patterns in self.patterns.values() for p in patterns}
        self._codes_by_type: dict[str, list[str]] = {}
        for code in sorted(codes):
            found = self.type_of(code)
            if found is not None:
                self._codes_by_type.setdefault(found[0], []).append(code)

    def refine(self, coarse: str | None, event_type: str, subtype: str | None, anchor: Token, verb: Token | None):
        """The code to emit: the fine code when it says more than ``coarse`` (the
        subtype's code), else ``coarse``. "130" (threaten, not specified) gives way to
        "1312"; "195" (the airstrike subtype) does not give way to "190"."""
        fine = self.fine_code(event_type, subtype, anchor, verb)
        if fine is None or coarse is None or fine == coarse:
            return coarse if fine is None else fine
        # A subtype's code ending in 0 ("130", "100") is CAMEO's "not specified": any code
        # of the same type says more ("1312", or "0256" for a demand).
        # A fine code that is itself "not specified" ("020" appeal, "180" unconventional
        # violence) says no more than the subtype's, only something else.
        if len(fine) == 3 and fine.endswith("0"):
            return coarse
        unspecified = len(coarse) == 3 and coarse.endswith("0")
        return fine if fine.startswith(coarse) or unspecified else coarse

    def type_of(self, code: str) -> tuple[str, str | None] | None:
        """(type, subtype or None) of a CAMEO code by its longest listed prefix, else None."""
        for end in range(len(code), 1, -1):
            found = self.prefixes.get(code[:end])
            if found is not None:
                return found
        return None

    def codes_of_type(self, event_type: str) -> list[str]:
        """The codes the dictionary can give events of ``event_type``, sorted."""
        return list(self._codes_by_type.get(event_type, ()))

    def fine_code(self, event_type: str, subtype: str | None, anchor: Token, verb: Token | None) -> str | None:
        """The finest code the dictionary gives the clause of ``anchor`` within the event's
        type and subtype, or None when it has none of that type."""
        clause = verb if verb is not None and anchor.pos_ != "VERB" else anchor
        if clause.pos_ not in {"VERB", "AUX"}:
            return None
        entries = self.verbs.get(clause.lemma_.lower(), ())
        if not entries:
            return None
        sides: _Sides | None = None
        best: tuple[int, str] | None = None
        for words, block, code in entries:
            if len(words) > 1 and not _particles_follow(clause, words[1:]):
                continue
            if code and best is None and self._fits(code, event_type, subtype):
                best = (0, code)  # the verb's own code, unless a pattern fits
            for pattern in self.by_type.get((block, event_type), ()):  # longest first
                if best is not None and pattern.size <= best[0]:
                    break
                if not self._fits(pattern.code, event_type, subtype):
                    continue
                sides = sides or _Sides.of(clause, anchor)
                if self._matches(pattern, sides):
                    best = (pattern.size, pattern.code)
                    break
        return best[1] if best else None

    def pattern_codes(self, verb: Token) -> list[tuple[str, str]]:
        """(type, code) for each of our types whose patterns fit ``verb``'s clause, the
        longest fitting pattern of each of the verb's blocks: what the patterns alone
        would say of it (bench/cameo_patterns.py)."""
        entries = self.verbs.get(verb.lemma_.lower(), ())
        if not entries:
            return []
        sides = _Sides.of(verb, verb)
        found = []
        types = {event_type for _, event_type in self.by_type}
        for _, block, _ in entries:
            for event_type in sorted(types):
                patterns = self.by_type.get((block, event_type), ())
                pattern = next((p for p in patterns if self._matches(p, sides)), None)
                if pattern is not None:
                    found.append((event_type, pattern.code))
        return found

    def _fits(self, code: str, event_type: str, subtype: str | None) -> bool:
        found = self.type_of(code)
        if found is None or found[0] != event_type:
            return False
        return found[1] is None or subtype is None or found[1] == subtype

    def _matches(self, pattern: Pattern, sides: _Sides) -> bool:
        return all(self._present(i, sides.subject, (), sides.subject_words) for i in pattern.before) and all(
            self._present(i, sides.objects, sides.preps, sides.object_words) for i in pattern.after
        )

    def _present(self, item: Item, tokens: list[Token], preps, words: frozenset[str] | None = None) -> bool:
        if item.kind == "prep":
            for prep in preps:
                if prep.lower_ == item.value or item.value in prep.lower_.split("/"):
                    inside = [t for c in prep.children for t in c.subtree]
                    if all(self._present(w, inside, ()) for w in item.words):
                        return True
            return False
        if item.kind == "set":
            members = self.synsets.get(item.value, frozenset())
            return any(_phrase_in(member, tokens, words) for member in members)
        return _phrase_in(item.value, tokens, words)


@dataclass(slots=True)
class _Sides:
    """A clause's subject and object sides, read once for all of a verb's patterns."""

    subject: list[Token]
    objects: list[Token]
    preps: list[Token]
    subject_words: frozenset[str]
    object_words: frozenset[str]

    @classmethod
    def of(cls, clause: Token, anchor: Token) -> _Sides:
        subject = [t for c in clause.children if c.dep_ in _SUBJECT_DEPS for t in c.subtree]
        objects = [t for c in clause.children if c.dep_ in _OBJECT_DEPS for t in c.subtree]
        if anchor is not clause:
            objects += [t for t in anchor.subtree if t not in objects]
        preps = [c for c in clause.children if c.dep_ in {"prep", "agent", "dative"}]
        preps += [c for t in objects for c in t.children if c.dep_ == "prep"]
        return cls(subject, objects, preps, _forms_of(subject), _forms_of(objects))


def _forms_of(tokens: list[Token]) -> frozenset[str]:
    return frozenset(f for t in tokens for f in (t.lower_, t.lemma_.lower()))


def _phrase_in(phrase: str, tokens: list[Token], forms_present: frozenset[str] | None = None) -> bool:
    """Whether ``phrase`` (one or more words) is among ``tokens``, by form or lemma."""
    words = phrase.split()
    if forms_present is not None and not all(w in forms_present for w in words):
        return False  # a word of the phrase is nowhere in the clause
    forms = [(t.lower_, t.lemma_.lower()) for t in sorted(tokens, key=lambda t: t.i)]
    for start in range(len(forms) - len(words) + 1):
        if all(w in forms[start + k] for k, w in enumerate(words)):
            return True
    return False


def _particles_follow(verb: Token, words: tuple[str, ...]) -> bool:
    """ "call on", "step up": the verb's particles or prepositions are the entry's other words."""
    after = [c.lower_ for c in verb.children if c.dep_ in {"prt", "prep", "advmod"} and c.i > verb.i]
    return all(w in after for w in words)


def _items(side: str) -> tuple[Item, ...]:
    """ "&military (to border) arms" -> a set, a prepositional phrase, a word."""
    items: list[Item] = []
    tokens = side.replace("(", " ( ").replace(")", " ) ").split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "(":
            end = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            inner = tokens[i + 1 : end]
            if inner:
                items.append(Item("prep", inner[0], tuple(_word(w) for w in inner[1:])))
            i = end + 1
            continue
        if token != ")":
            items.append(_word(token))
        i += 1
    return tuple(items)


def _word(token: str) -> Item:
    return Item("set", token) if token.startswith("&") else Item("word", token)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
