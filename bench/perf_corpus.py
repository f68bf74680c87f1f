"""Texts for ``bench.performance``: a fixed corpus, ~1,000-word articles, unique short texts.

Everything is built from seeds/ and, when present, ../shared/devdata (override:
DEVDATA_DIR), deterministically, so two runs measure the same work.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"
DEVDATA_FILES = ("wikievents_dev.jsonl", "wikievents_test.jsonl", "rams_dev.jsonl", "case2021_task2.jsonl")
ARTICLE_DATE = "2022-02-07"

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s")


def words(text: str) -> int:
    """Word count used for every words/s figure: whitespace-separated tokens."""
    return len(text.split())


@dataclass(frozen=True)
class Doc:
    """A text to extract from, with its publication date (ISO string or None)."""

    text: str
    published_at: str | None = None

    @property
    def anchor(self) -> date | None:
        return date.fromisoformat(self.published_at) if self.published_at else None

    def body(self) -> dict[str, str]:
        """The request body for ``POST /v1/events``."""
        body = {"text": self.text}
        if self.published_at:
            body["published_at"] = self.published_at
        return body


def devdata_dir() -> Path:
    env = os.environ.get("DEVDATA_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "devdata"


def load_seeds() -> list[Doc]:
    """The seed articles (request bodies in seeds/*.json), in file order."""
    docs = []
    for path in sorted(SEEDS_DIR.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        body = json.loads(path.read_text(encoding="utf-8"))
        docs.append(Doc(body["text"], body.get("published_at")))
    return docs


def load_devdata(max_words: int, directory: Path | None = None) -> list[Doc]:
    """Devdata texts in file order, up to ``max_words`` words in all; [] when the data is absent."""
    directory = directory or devdata_dir()
    docs: list[Doc] = []
    total = 0
    for name in DEVDATA_FILES:
        path = directory / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                text = json.loads(line)["text"]
                if total + words(text) > max_words:
                    return docs
                docs.append(Doc(text))
                total += words(text)
    return docs


def inprocess_corpus(seed_repeats: int, devdata_words: int) -> list[Doc]:
    """The in-process corpus: the seeds ``seed_repeats`` times, then up to ``devdata_words`` of devdata."""
    return load_seeds() * seed_repeats + load_devdata(devdata_words)


def paragraphs(docs: list[Doc], min_words: int = 12) -> list[str]:
    """Paragraphs of at least ``min_words`` words (drops headlines, bylines and menu lines)."""
    out = []
    for doc in docs:
        for part in _PARAGRAPH.split(doc.text):
            part = part.strip()
            if words(part) >= min_words:
                out.append(part)
    return out


def cut_at_words(text: str, limit: int) -> str:
    """``text`` cut after about ``limit`` words, at the next sentence end when one is near."""
    spans = [m.end() for m in re.finditer(r"\S+", text)]
    if len(spans) <= limit:
        return text
    cut = spans[limit - 1]
    end = _SENTENCE_END.search(text, cut)
    if end is not None and end.end() - cut < 400:
        cut = end.end()
    return text[:cut].rstrip()


def articles(count: int, target_words: int = 1000, pool: list[str] | None = None) -> list[Doc]:
    """``count`` distinct articles of about ``target_words`` words, consecutive paragraphs of seeds/devdata."""
    pool = pool if pool is not None else paragraphs(load_seeds() + load_devdata(40_000))
    if not pool:
        raise ValueError("no paragraphs to build articles from")
    out = []
    step = max(1, len(pool) // max(count, 1))
    for k in range(count):
        parts, total, i = [], 0, k * step
        while total < target_words:
            part = pool[i % len(pool)]
            parts.append(part)
            total += words(part)
            i += 1
        out.append(Doc(cut_at_words("\n\n".join(parts), target_words), ARTICLE_DATE))
    return out


_SYLLABLES = ("ka", "lo", "vri", "zen", "mar", "tu", "dros", "pel", "quin", "sha", "bor", "vex", "nil", "gar")


def made_up_name(n: int) -> str:
    """A capitalised word that no vocabulary holds, different for every ``n``."""
    parts = []
    n += 1
    while n:
        n, digit = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts).capitalize() + "ov"


def unique_texts(count: int, pool: list[str], seed: int = 7) -> Iterator[Doc]:
    """Short texts (~50 words) that all differ: a pool paragraph, then a sentence with new words and numbers.

    The new names and numbers are strings spaCy's StringStore has never held, so a
    service that kept them would grow with every request (what ``nlp.memory_zone`` prevents).
    """
    rng = random.Random(seed)
    for n in range(count):
        name, other = made_up_name(n), made_up_name(n + 7919)
        sentence = (
            f"On {1 + n % 28} March, {name} said {other} Brigade moved {1000 + n} troops and "
            f"{n % 97 + 3} tanks to the {other}-{n} district near Velikograd-{n}."
        )
        yield Doc(f"{cut_at_words(rng.choice(pool), 20)}\n\n{sentence}", ARTICLE_DATE)
