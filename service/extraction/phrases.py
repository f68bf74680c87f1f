"""Match the lexicon's multiword triggers ("put * on high alert") in plain Python.

The phrase patterns are short runs of lemma sets, with optional words, a
wildcard of up to three non-punctuation tokens and optional quote marks
between words (see ``lexicon.phrase_pattern``). spaCy's ``Matcher`` advances
every partial match at every token and evaluates each pattern's predicates
there; it was half of the rules' time (docs/PERFORMANCE.md). Here a pattern is
only tried where its first word occurs, which is rare, and it returns the
same (pattern, start, end) triples as ``Matcher`` for these patterns: every
way a pattern can match, each once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

Pattern = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class _Step:
    kind: str  # "word" (a lemma set), "quote" (an optional quote mark) or "skip" (0-3 tokens)
    forms: frozenset[str] = frozenset()
    optional: bool = False
    most: int = 0


def _steps(pattern: Pattern) -> list[_Step]:
    steps = []
    for token in pattern:
        op = token.get("OP")
        if "LEMMA" in token:
            steps.append(_Step("word", frozenset(token["LEMMA"]["IN"]), optional=op == "?"))
        elif "ORTH" in token:
            steps.append(_Step("quote", frozenset(token["ORTH"]["IN"]), optional=True))
        elif token.get("IS_PUNCT") is False and isinstance(op, str) and op.startswith("{,"):
            steps.append(_Step("skip", most=int(op[2:-1])))
        else:
            raise ValueError(f"unsupported phrase pattern token: {token}")
    if not steps or steps[0].kind != "word" or steps[0].optional:
        raise ValueError("a phrase pattern must start with a required word")
    return steps


class PhraseFinder:
    """``(key, start, end)`` for every match of the patterns in a doc."""

    def __init__(self, patterns: dict[str, Pattern]) -> None:
        self._patterns = {key: _steps(pattern) for key, pattern in patterns.items()}
        self._by_first: dict[str, list[str]] = defaultdict(list)
        for key, steps in self._patterns.items():
            for form in steps[0].forms:
                self._by_first[form].append(key)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        lemmas = [t.lemma_ for t in doc]
        found: list[tuple[str, int, int]] = []
        for start, lemma in enumerate(lemmas):
            keys = self._by_first.get(lemma)
            if not keys:
                continue
            for key in keys:
                ends = sorted(set(self._ends(doc, lemmas, self._patterns[key], 1, start + 1)))
                found.extend((key, start, end) for end in ends)
        return found

    def _ends(self, doc: Doc, lemmas: list[str], steps: list[_Step], k: int, i: int):
        """Token positions where ``steps[k:]`` can end when started at token ``i``."""
        if k == len(steps):
            yield i
            return
        step = steps[k]
        if step.optional:
            yield from self._ends(doc, lemmas, steps, k + 1, i)
        if step.kind == "skip":
            for n in range(step.most + 1):
                if n and (i + n - 1 >= len(lemmas) or doc[i + n - 1].is_punct):
                    break
                yield from self._ends(doc, lemmas, steps, k + 1, i + n)
        elif i < len(lemmas):
            text = lemmas[i] if step.kind == "word" else doc[i].text
            if text in step.forms:
                yield from self._ends(doc, lemmas, steps, k + 1, i + 1)
