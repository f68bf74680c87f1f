"""CAMEO-style actor codes: who an actor is, as event-data users join on it.

A code is a country (ISO 3166-1 alpha-3) or an IGO prefix, followed by the
sector the actor acts in: "Russian troops" -> ``RUSMIL``, "the Kremlin" ->
``RUSGOV``, "Russia" -> ``RUS``, NATO -> ``IGOWSTNAT``. Three sources decide,
most specific first:

1. ``office_holders.yaml``: a person's office on the story's date
   (Sergei Shoigu is ``RUSMIL`` in 2020 and ``RUSGOV`` as Security Council
   secretary in 2025 only if the table says so; a former president is ``ELI``).
2. The Phoenix actor dictionary (``phoenix/actors.tsv``, MIT): named
   organisations, groups and people with dated roles.
3. The Phoenix agent dictionary (``phoenix/agents.tsv``) and the overrides in
   ``sectors.yaml``: the role noun of the phrase ("troops", "riot police",
   "foreign minister") plus the country the actor resolver found.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Span

from .events import Actor
from .lexicon import Lexicon

# Sectors of bodies a story names without their country when they are its country's
# ("the government", "the military", "police", "protesters").
DOMESTIC = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "SPY", "REB", "CVL"})

# Which of several offices held at once names the person's role.
OFFICE_RANK = {
    office: rank
    for rank, office in enumerate(
        (
            "head_of_state",
            "head_of_government",
            "head_of_igo",
            "vice_president",
            "foreign_minister",
            "igo_foreign_policy_chief",
            "igo_council_president",
            "national_security_adviser",
            "defence_minister",
            "spokesperson",
        )
    )
}

# The Phoenix dictionaries stop around 2014-2016: an open-ended office there says
# nothing about a person's office after this day.
PHOENIX_HORIZON = date(2016, 12, 31)
_IGO_PREFIXES = ("IGO", "NGO")


@dataclass(frozen=True, slots=True)
class Term:
    office: str
    title: str
    country: str
    start: date | None
    end: date | None

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class OfficeHolder:
    name: str
    country: str
    terms: tuple[Term, ...]

    def terms_at(self, day: date | None) -> list[Term]:
        """The offices held on ``day``, several at once for some ("prime minister and
        foreign minister"); without a day, the terms still open."""
        if day is None:
            return [t for t in self.terms if t.end is None]
        return [t for t in self.terms if t.holds(day)]

    def left_office_before(self, day: date | None) -> bool:
        ends = [t.end for t in self.terms]
        return day is not None and None not in ends and all(end <= day for end in ends)


class OfficeHolders:
    """Heads of state and government, foreign and defence ministers with their dates."""

    def __init__(self, data: dict) -> None:
        self.people: dict[str, OfficeHolder] = {}
        self.by_office: dict[tuple[str, str], list[OfficeHolder]] = {}
        self.aliases: dict[str, OfficeHolder] = {}
        for name, info in (data.get("people") or {}).items():
            terms = tuple(
                sorted(
                    (
                        Term(
                            office=t["office"],
                            title=t.get("title", ""),
                            country=t.get("country", info["country"]),
                            start=_iso(t.get("from")),
                            end=_iso(t.get("to")),
                        )
                        for t in info.get("terms", [])
                    ),
                    key=lambda t: t.start or date.min,
                )
            )
            holder = OfficeHolder(name, info["country"], terms)
            self.people[name.lower()] = holder
            for alias in info.get("aliases") or []:
                self.aliases.setdefault(alias.lower(), holder)
            for term in terms:
                self.by_office.setdefault((term.office, term.country), []).append(holder)

    def person(self, name: str | None) -> OfficeHolder | None:
        if not name:
            return None
        key = name.lower()
        return self.people.get(key) or self.aliases.get(key)

    def holder(self, office: str, country: str | None, day: date | None, title: str = "") -> OfficeHolder | None:
        """Who held ``office`` in ``country`` on ``day``; where several did (an acting
        stand-in, a rival claimant), the one whose title is ``title``; else None."""
        if country is None:
            return None
        found = [
            (holder, term)
            for holder in self.by_office.get((office, country), [])
            for term in holder.terms_at(day)
            if term.office == office and term.country == country
        ]
        if len(found) > 1 and title:
            found = [(h, t) for h, t in found if t.title == title] or found
        holders = {h.name: h for h, _ in found}
        return next(iter(holders.values())) if len(holders) == 1 else None


def _iso(value: object) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class _Dated:
    code: str
    start: date | None
    end: date | None


class ActorCoder:
    """Gives each :class:`Actor` its ``code`` and ``sector``."""

    def __init__(self, lexicon: Lexicon) -> None:
        data = lexicon.sectors
        self.sectors = frozenset(data["sectors"])
        self.phoenix_codes: dict[str, str | None] = data["phoenix_codes"]
        self.relational = frozenset(data["relational"])
        self.office_titles: dict[str, str] = data["office_titles"]
        self.office_sectors: dict[str, str] = data["office_sectors"]
        self.holders = OfficeHolders(lexicon.office_holders)
        directory = lexicon.directory / "phoenix"
        self.named = _read_actors(directory / "actors.tsv")
        # Organisations curated in sectors.yaml: never read as a person, whatever the
        # small model tags ("Al-Shabab", "Hayat Tahrir al-Sham" come out PERSON).
        self.organisations = frozenset(data.get("named") or {})
        # "the Senate": whose, the phrase or the story says, not Phoenix's row for the word
        for body in data.get("generic_bodies") or ():
            self.named.pop(body, None)
        for name, rows in (data.get("named") or {}).items():
            self.named[name] = [_Dated(r["code"], _iso(r.get("from")), _iso(r.get("to"))) for r in rows]
        self.agents = {**_read_agents(directory / "agents.tsv"), **data["overrides"]}
        self.longest_agent = max(len(p.split()) for p in self.agents)
        self.igo_prefix = self._igo_prefixes(lexicon.gazetteer["igos"])

    def _igo_prefixes(self, igos: dict[str, list[str]]) -> dict[str, str]:
        """Our IGO codes (NATO, EU) -> Phoenix's (IGOWSTNAT, IGOEUREEC)."""
        out = {}
        for code, names in igos.items():
            for name in [code, *names]:
                found = self.named.get(name.lower())
                if found and found[0].code.startswith(_IGO_PREFIXES):
                    out[code] = found[0].code
                    break
            else:
                out[code] = "IGO"
        return out

    # -- public -------------------------------------------------------------

    def assign(self, actor: Actor, span: Span | None, day: date | None, focus: str | None = None) -> None:
        """Set ``actor.code`` and ``actor.sector`` from what it names on ``day``.

        An actor without a country gets the one its phrase names ("Haitian police"); a
        domestic body named without one ("the government", "security forces") gets the
        story's ``focus`` country, the one the story is about (:meth:`focus_country`).
        """
        if actor.entity_type == "PERSON" and _name_key(actor.text) in self.organisations:
            actor.entity_type = "ORG"
        if actor.country is None and span is not None:
            actor.country = self._country_in(span, day)
        code, sector = self.code(actor, span, day)
        if actor.country is None and focus and sector in DOMESTIC and actor.entity_type != "PERSON" and not code:
            actor.country = focus
            code = self._compose(focus, sector)
        actor.code, actor.sector = code, sector

    def focus_country(self, doc: Doc, hits: dict, day: date | None) -> str | None:
        """The country a story is about: the one named at least twice and in at least
        half of all the places where a country is named (names, capitals, adjectives)."""
        counts: Counter[str] = Counter()
        seen_hits = set()
        for tok in doc:
            hit = hits.get(tok.i)
            if hit is not None:
                if id(hit) not in seen_hits and hit.entry.kind in {"country", "capital", "institution", "demonym"}:
                    seen_hits.add(id(hit))
                    counts[hit.entry.code] += 1
                continue
            if not tok.text[:1].isupper() or tok.ent_type_ == "PERSON":
                continue
            rows = self.named.get(tok.lower_)
            code = _pick(rows, day, False) if rows else None
            if code and len(code) == 3 and not code.startswith(_IGO_PREFIXES):
                counts[code] += 1
        if not counts:
            return None
        code, top = counts.most_common(1)[0]
        return code if top >= 2 and top * 2 >= sum(counts.values()) and len(code) == 3 else None

    def code(self, actor: Actor, span: Span | None, day: date | None) -> tuple[str | None, str | None]:
        holder = self.holders.person(actor.canonical) if actor.entity_type == "PERSON" else None
        if holder is not None:
            terms = holder.terms_at(day)
            if terms:
                # Several offices at once: the highest decides (a prime minister who is
                # also defence minister acts for the government, GOV).
                term = min(terms, key=lambda t: OFFICE_RANK.get(t.office, len(OFFICE_RANK)))
                sector = self.office_sectors.get(term.office, "GOV")
                return self._compose(term.country, sector), sector
            if holder.left_office_before(day):
                return self._compose(holder.country, "ELI"), "ELI"
        named = self._named_code(actor, day)
        if named is None and span is not None:
            named = self._owner_code(span, day)
        named_sector = self._sector_of(named) if named else None
        if named_sector is not None:
            # A named body with a role of its own wins over the role noun:
            # "Hamas fighters" are Hamas (REB), not unidentified fighters.
            return named, named_sector
        role = self._role_sector(span, day) if span is not None else None
        if named is not None and role is None:
            return named, None
        country = actor.country or (_country_of(named) if named else None)
        return self._compose(country, role), role

    def armed_group(self, name: str, day: date | None) -> str | None:
        """The code of the armed group ``name`` names (sector REB or CRM), else None."""
        rows = self.named.get(_name_key(name))
        code = _pick(rows, day, False) if rows else None
        return code if code and self._sector_of(code) in ARMED_SECTORS else None

    def office_holder(self, title: str, country: str, day: date) -> tuple[str, str] | None:
        """(name, country) of whoever held the office ``title`` names in ``country`` on ``day``."""
        office = self.office_titles.get(title)
        holder = self.holders.holder(office, country, day, title) if office else None
        return (holder.name, country) if holder else None

    def counterpart(self, name: str, country: str, day: date | None) -> tuple[str, str] | None:
        """(name, country) of whoever held in ``country`` on ``day`` the office ``name``
        held then ("his Ukrainian counterpart" of France's president), else None."""
        person = self.holders.person(name)
        offices = {t.office for t in person.terms_at(day)} if person else set()
        if len(offices) != 1:
            return None
        holder = self.holders.holder(offices.pop(), country, day)
        return (holder.name, country) if holder else None

    # -- sources --------------------------------------------------------------

    def _named_code(self, actor: Actor, day: date | None) -> str | None:
        is_person = actor.entity_type == "PERSON"
        # The words first ("the Kremlin" is RUSGOV), then the canonical name ("Russia").
        for name in (actor.text, actor.canonical):
            if not name or not any(word[:1].isupper() for word in name.split()):
                continue  # only names: "organization" is no one in particular
            rows = self.named.get(_name_key(name))
            if rows:
                return _pick(rows, day, is_person)
        return None

    def _role_sector(self, span: Span, day: date | None) -> str | None:
        """The sector a role noun in the phrase names ("Russian troops" -> MIL).

        Of the role phrases in the span, the longest wins, but a relational noun
        ("spokesman", "official") only when nothing else names a role, and then
        the organisation the phrase names decides if it has a sector of its own.
        """
        words = [t for t in span if not t.is_punct]
        best: tuple[int, int, str] | None = None
        for i in range(len(words)):
            for n in range(min(self.longest_agent, len(words) - i), 0, -1):
                phrase = next((f for f in _forms(words[i : i + n]) if f in self.agents), None)
                if phrase is None:
                    continue
                rank = (0 if phrase in self.relational else 1, n)
                if best is None or rank > best[:2]:
                    best = (*rank, phrase)
                break
        if best is None:
            return None
        sector = self._normalise(self.agents[best[2]])
        if best[0] == 0:
            owner = self._owner_code(span, day)
            return (self._sector_of(owner) if owner else None) or sector
        return sector

    def _country_in(self, span: Span, day: date | None) -> str | None:
        """A country the phrase names by a name or adjective Phoenix knows ("Haitian",
        "Sudanese"): capitalised words only, longest name first."""
        words = [t for t in span if not t.is_punct]
        for i, first in enumerate(words):
            if not first.text[:1].isupper() or first.ent_type_ == "PERSON":
                continue
            for n in range(min(3, len(words) - i), 0, -1):
                key = " ".join(t.lower_ for t in words[i : i + n])
                rows = self.named.get(key)
                code = _pick(rows, day, False) if rows else None
                if code and len(code) == 3 and not code.startswith(_IGO_PREFIXES):
                    return code
        return None

    def _owner_code(self, span: Span, day: date | None) -> str | None:
        """The code of an organisation named inside the phrase ("Hamas" in "Hamas fighters")
        that has a sector of its own."""
        for text, label in _entities_within(span):
            key = text.lower()
            rows = self.named.get(key[4:] if key.startswith("the ") else key)
            code = _pick(rows, day, label == "PERSON") if rows else None
            if code and self._sector_of(code):
                return code
        return None

    # -- codes ----------------------------------------------------------------

    def _normalise(self, agent_code: str | None) -> str | None:
        """``GOVMIL`` -> GOV, ``PPL`` -> CVL, ``UAFMUS`` -> UAF."""
        if agent_code is None:
            return None
        for i in range(0, len(agent_code), 3):
            part = agent_code[i : i + 3]
            if part in self.sectors:
                return part
            if part in self.phoenix_codes:
                mapped = self.phoenix_codes[part]
                if mapped:
                    return mapped
        return None

    def _sector_of(self, code: str) -> str | None:
        """The sector of a full actor code: ``RUSGOV`` -> GOV, ``RUS`` -> None, IGOs None."""
        if code.startswith("IGO"):
            return None
        if code.startswith("NGO"):
            return "NGO"
        return self._normalise(code[3:]) if len(code) > 3 else None

    def _compose(self, country: str | None, sector: str | None) -> str | None:
        if country is None:
            return None
        prefix = self.igo_prefix.get(country, country)
        return prefix + (sector or "") if not (prefix.startswith("NGO") and sector == "NGO") else prefix


def _forms(tokens: list) -> list[str]:
    """The phrase as written and with its last word's lemma ("Russian troops" -> "troop")."""
    text = " ".join(t.lower_ for t in tokens)
    lemma = " ".join([*(t.lower_ for t in tokens[:-1]), tokens[-1].lemma_.lower()])
    return [text] if lemma == text else [text, lemma]


# Sectors of the groups that "the militants", "the gunmen" of a story refer back to.
ARMED_SECTORS = frozenset({"REB", "CRM"})


def _pick(rows: list[_Dated], day: date | None, is_person: bool) -> str | None:
    """The code that holds on ``day``: a dated one first, then the undated default."""
    for row in rows:
        if row.start is None and row.end is None:
            continue
        end = row.end
        if end is None and is_person:
            end = PHOENIX_HORIZON
        if day is None or ((row.start is None or row.start <= day) and (end is None or day <= end)):
            if day is None and end is not None and row.end is not None:
                continue
            return row.code
    undated = [r.code for r in rows if r.start is None and r.end is None]
    if not undated:
        return None
    if is_person and day is not None and day > PHOENIX_HORIZON:
        # After the dictionary's time a person's old role is no guide; keep the country.
        return undated[0][:3] if not undated[0].startswith(_IGO_PREFIXES) else None
    return undated[0]


def _entities_within(span: Span) -> list[tuple[str, str]]:
    """(text, label) of the entities wholly inside ``span``, as ``Span.ents`` gives them,
    read from the tokens: ``Span.ents`` rebuilds every entity of the document."""
    doc, found, i = span.doc, [], span.start
    while i < span.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= span.end:
            found.append((doc[i:end].text, doc[i].ent_type_))
        i = end
    return found


def _name_key(name: str) -> str:
    key = name.lower().replace("’", "'")
    return key[4:] if key.startswith("the ") else key


def _country_of(code: str) -> str | None:
    return None if code.startswith(_IGO_PREFIXES) else code[:3]


def _read_actors(path: Path) -> dict[str, list[_Dated]]:
    out: dict[str, list[_Dated]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            name, code, start, end = row
            out.setdefault(name, []).append(_Dated(code, _iso(start), _iso(end)))
    for rows in out.values():
        # Dated rows by start; the undated default last.
        rows.sort(key=lambda r: (r.start is None and r.end is None, r.start or date.min))
    return out


def _read_agents(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            phrase, code = line.rstrip("\n").split("\t")
            out.setdefault(phrase, code)
    return out
