"""Name lookups: countries, capitals, institutions, IGOs, demonyms, people.

Everything is keyed on lower-cased surface forms and resolves to a
:class:`Entry` naming an ISO 3166-1 alpha-3 country or an IGO code.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Entry:
    """What a name stands for."""

    kind: str  # country | capital | institution | igo | demonym | person
    code: str  # ISO alpha-3 or IGO code
    canonical: str

    @property
    def entity_type(self) -> str:
        return {
            "country": "GPE",
            "capital": "GPE",
            "institution": "ORG",
            "igo": "ORG",
            "demonym": "NORP",
            "person": "PERSON",
        }[self.kind]


@dataclass(frozen=True, slots=True)
class Hit:
    """A known name in a doc: tokens ``start``..``end`` (exclusive) stand for ``entry``."""

    start: int
    end: int
    entry: Entry


class Gazetteer:
    """Name -> :class:`Entry` lookups, and a matcher that finds names in a doc."""

    def __init__(self, lexicon: Lexicon, vocab: Vocab) -> None:
        data = lexicon.gazetteer
        self.country_names: dict[str, str] = {}
        self._entries: dict[str, Entry] = {}
        self._spellings: dict[str, str] = {}
        self.people: dict[str, dict] = {}
        for code, names in lexicon.countries.items():
            self.country_names[code] = _common_name(names)
        for code, names in data["country_aliases"].items():
            self.country_names[code] = names[0]
        for code, names in lexicon.countries.items():
            for name in names:
                self._add(name, Entry("country", code, self.country_names[code]))
        for code, names in data["country_aliases"].items():
            for name in names:
                self._add(name, Entry("country", code, self.country_names[code]))
        for code, names in data["igos"].items():
            self.country_names.setdefault(code, code)
            for name in names:
                self._add(name, Entry("igo", code, code))
        for code, names in data["capitals"].items():
            for name in names:
                self._add(name, Entry("capital", code, name))
        for code, names in data["institutions"].items():
            for name in names:
                self._add(name, Entry("institution", code, name))
        self.demonyms: dict[str, str] = {}
        for code, names in data["demonyms"].items():
            for name in names:
                self.demonyms.setdefault(name.lower(), code)
                if " " in name:  # "Papua New Guinean", "South Korean": found as a phrase
                    self._add(name, Entry("demonym", code, self.country_names.get(code, code)))
        for canonical, info in {**_office_holders(lexicon.office_holders), **data["people"]}.items():
            self.people[canonical] = info
            entry = Entry("person", info["country"], canonical)
            for name in [canonical, *info.get("aliases", [])]:
                self._add(name, entry)
        self.actor_nouns = frozenset(data["actor_nouns"])
        self.person_titles = frozenset(data["person_titles"])
        self.case_sensitive = frozenset(data["case_sensitive"])
        self.place_nouns = frozenset(data["place_nouns"])
        self.person_pronouns = frozenset(data["person_pronouns"])
        self.plural_pronouns = frozenset(data["plural_pronouns"])
        self.office_words = frozenset(data["office_words"])
        self.title_words = self.office_words | frozenset(data["title_joiners"])
        self.org_nominals = frozenset(data["org_nominals"])
        self.proxy_nouns = frozenset(data["proxy_nouns"])
        self.armed_nominals = frozenset(data["armed_nominals"])
        self.grouping_members = {code: tuple(members) for code, members in data["grouping_members"].items()}
        self.matcher = self._build_matcher(vocab)

    def _add(self, name: str, entry: Entry) -> None:
        # First definition wins: aliases are listed before looser forms.
        self._entries.setdefault(name.lower(), entry)
        # As written: "U.S." is one token, "u.s." two, so patterns keep the spelling.
        self._spellings.setdefault(name.lower(), name)

    def lookup(self, text: str) -> Entry | None:
        """The entry for a whole name, if any."""
        key = text.lower().strip()
        if key.startswith("the "):
            key = key[4:]
        entry = self._entries.get(key)
        if entry is None:
            return None
        if key in self.case_sensitive and text.strip() == text.strip().lower():
            return None
        return entry

    def demonym(self, word: str) -> str | None:
        """Country code for an adjective such as "German" (capitalised only)."""
        if not word[:1].isupper():
            return None
        return self.demonyms.get(word.lower())

    def _build_matcher(self, vocab: Vocab) -> PhraseMatcher:
        # One pattern per name, as written (tokenised as the text will be: "U.S." is one
        # token), matched on LOWER: "Kremlin", "KREMLIN" and "kremlin" alike. A pattern
        # costs about 2 KB and there are thousands of names, so no case variants;
        # lookup() still refuses "us" and "turkey" in lower case.
        matcher = PhraseMatcher(vocab, attr="LOWER")
        forms = {self._spellings[key] for key in self._entries}
        forms.update(self.country_names.values())
        for canonical, info in self.people.items():
            forms.update([canonical, *info.get("aliases", [])])
        unique = {}
        for form in sorted(forms):
            unique.setdefault(form.lower(), form)
        matcher.add("GAZETTEER", [vocab_doc(vocab, form) for form in unique.values()])
        return matcher

    def find(self, doc: Doc) -> dict[int, Hit]:
        """Map each token index inside a known name to its :class:`Hit`, longest match wins."""
        hits: dict[int, Hit] = {}
        spans = sorted(((s, e) for _, s, e in self.matcher(doc)), key=lambda se: (se[0] - se[1], se[0]))
        for start, end in spans:
            if any(i in hits for i in range(start, end)):
                continue
            entry = self.lookup(doc[start:end].text)
            if entry is None or self._someone_else(doc, start, end, entry):
                continue
            hit = Hit(start, end, entry)
            for i in range(start, end):
                hits[i] = hit
        return self._without_other_bearers(doc, hits)

    def _without_other_bearers(self, doc: Doc, hits: dict[int, Hit]) -> dict[int, Hit]:
        """Drop a known person's bare surname when the story names someone else of that
        surname in full and never the known person: after "Jimmy Lai", "Lai" is he, not
        Taiwan's Lai Ching-te."""
        introduced = {
            ent[-1].lower_
            for ent in doc.ents
            if ent.label_ == "PERSON" and len(ent) >= 2 and not any(i in hits for i in range(ent.start, ent.end))
        }
        if not introduced:
            return hits
        named_in_full = {h.entry.canonical for h in hits.values() if h.entry.kind == "person" and h.end - h.start > 1}
        return {
            i: h
            for i, h in hits.items()
            if not (
                h.entry.kind == "person"
                and h.end - h.start == 1
                and doc[h.start].lower_ in introduced
                and h.entry.canonical not in named_in_full
            )
        }

    def _someone_else(self, doc: Doc, start: int, end: int, entry: Entry) -> bool:
        """A known person's surname inside another full name: "Jimmy Lai" is not
        "Lai Ching-te", though both are "Lai"."""
        if entry.kind != "person" or start == 0:
            return False
        before = doc[start - 1]
        return (
            before.pos_ == "PROPN"
            and before.is_title
            and before.lower_ not in self.person_titles
            and before.lower_ not in {w.lower() for w in entry.canonical.split()}
            and before.ent_type_ == doc[start].ent_type_ == "PERSON"
        )


def _office_holders(data: dict) -> dict[str, dict]:
    """office_holders.yaml's people in the shape of gazetteer.yaml's ``people``."""
    return {
        name: {
            "country": info["country"],
            "aliases": info.get("aliases") or [],
            "titles": sorted({t["title"] for t in info.get("terms", []) if t.get("title")}),
        }
        for name, info in (data.get("people") or {}).items()
    }


def vocab_doc(vocab: Vocab, text: str) -> Doc:
    """Tokenise a name the way the pipeline's tokenizer would, without running it."""
    return _tokenizer(vocab)(text)


_TOKENIZERS: dict[int, object] = {}


def _tokenizer(vocab: Vocab):
    tok = _TOKENIZERS.get(id(vocab))
    if tok is None:
        from spacy.lang.en import English

        tok = English(vocab=vocab).tokenizer
        _TOKENIZERS[id(vocab)] = tok
    return tok


def _common_name(names: list[str]) -> str:
    """The name news uses of ISO 3166's names for a country: the shortest one that is not
    inverted ("Korea, Republic of") or with an article ("Italy", not "Italian Republic")."""
    plain = [n for n in names if "," not in n and not n.lower().startswith("the ")]
    return min(plain, key=len) if plain else names[0]
