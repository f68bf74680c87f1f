"""Turn tokens into actors: span, entity type, country and canonical name.

Names are resolved inside the document first ("Mr Blinken" -> the
"Antony Blinken" named earlier, "the German chancellor" -> the chancellor
named earlier), then against the gazetteer.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from .events import Actor, Location
from .gazetteer import Entry, Gazetteer, Hit

if TYPE_CHECKING:
    from .actor_codes import ActorCoder
    from .places import PlaceIndex

_NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
# Places a state keeps abroad: its name before them is the owner, not the place.
_OWNED_PLACES = {"embassy", "consulate", "mission", "base", "legation", "outpost"}
# Places located by the country they run along: "the border with Ukraine".
_BORDER_WORDS = {"border", "frontier", "boundary", "borderline", "coast", "coastline", "shore"}
# What the small model calls a place it does not know ("the town of L'Estere": PRODUCT).
_MISREAD_PLACE_ENTS = {"", "ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LOC"}
# Places whose "of X" is the place's own name, tagged or not: "the town of Beledweyne".
_NAMED_BY_OF = {
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "county",
    "state",
    "port",
    "island",
    "capital",
    "municipality",
    "governorate",
    "prefecture",
    "oblast",
    "neighborhood",
    "neighbourhood",
}
# How far back "the company" looks for the organisation it refers to.
ORG_ANTECEDENT_CHARS = 600
# How far back "the militants" looks for the armed group they belong to.
ARMED_GROUP_CHARS = 600
# How many inhabitants a GeoNames city needs to be taken as a place the model misread.
MISREAD_CITY_POPULATION = 100_000
# "both countries", "the three nations": how many parties the group names.
_GROUP_SIZES = {"both": 2, "two": 2, "three": 3, "four": 4}
_PRONOUN_GENDER = {
    **dict.fromkeys(("she", "her", "hers", "herself"), "female"),
    **dict.fromkeys(("he", "him", "his", "himself"), "male"),
}
_HONORIFICS = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
# Types whose agent, when a plural pronoun, is read as the armed group last named.
_VIOLENT_TYPES = frozenset({"attack", "casualties"})
_SKIP_LEFT_DEPS = {"det", "predet", "poss", "case", "punct", "cc", "prep", "nummod", "quantmod"}


@dataclass(slots=True)
class DocContext:
    """What the document itself says about its people (built once per doc)."""

    doc: Doc
    gazetteer: Gazetteer
    hits: dict[int, Hit]
    surnames: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    titles: dict[tuple[str, str | None], tuple[str, str | None]] = field(default_factory=dict)
    people_seen: list[tuple[int, str, str | None]] = field(default_factory=list)
    # Canonical name -> "female" or "male", where the story shows it (see _collect_genders).
    genders: dict[str, str] = field(default_factory=dict)
    # Anchor token index -> type of every mention the detector found (set by the extractor).
    triggers: dict[int, str] = field(default_factory=dict)
    # Anchor of a warning or demand -> the acts it is about (set by the content stage).
    contents: dict[int, list] = field(default_factory=dict)
    # doc.ents rebuilds every span on each access: index them once per doc.
    ents: list[Span] = field(default_factory=list)
    ent_at: dict[int, Span] = field(default_factory=dict)
    ent_starts: list[int] = field(default_factory=list)
    # Who held which office on the publication date ("the French president" named nowhere).
    coder: ActorCoder | None = None
    published: date | None = None
    # (token index, name, code) of every armed group the story names, in order.
    armed_groups: list[tuple[int, str, str]] = field(default_factory=list)
    # GeoNames, for the places the small model misreads ("a visit to Quetta", tagged ORG).
    places: PlaceIndex | None = None

    @classmethod
    def build(
        cls,
        doc: Doc,
        gazetteer: Gazetteer,
        coder: ActorCoder | None = None,
        published: date | None = None,
        places: PlaceIndex | None = None,
    ) -> DocContext:
        ctx = cls(
            doc=doc, gazetteer=gazetteer, hits=gazetteer.find(doc), coder=coder, published=published, places=places
        )
        ctx.ents = list(doc.ents)
        ctx.ent_starts = [e.start for e in ctx.ents]
        ctx.ent_at = {i: ent for ent in ctx.ents for i in range(ent.start, ent.end)}
        ctx._collect_people()
        ctx._collect_genders()
        ctx._collect_armed_groups()
        return ctx

    def _collect_armed_groups(self) -> None:
        if self.coder is None:
            return
        for ent in self.ents:
            if ent.label_ in {"ORG", "PERSON", "GPE", "NORP"}:
                code = self.coder.armed_group(ent.text, self.published)
                if code:
                    self.armed_groups.append((ent.start, ent.text, code))

    def _armed_group_antecedent(self, token: Token) -> Actor | None:
        """ "the militants", "gunmen", "the attackers" with no name of their own: the armed
        group the story named last before them, a few sentences back at most."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.gazetteer.armed_nominals:
            return None
        if any(
            c.dep_ in {"compound", "amod", "poss", "nmod"} and (c.i in self.hits or c.ent_type_ or c.pos_ == "PROPN")
            for c in token.children
        ):
            return None  # "al-Shabab militants", "Pakistani militants" name their own
        if any(c.dep_ == "det" and c.lower_ in {"a", "an", "another", "some"} for c in token.children):
            return None  # "a female suicide bomber" is someone new, not a reference back
        return self._last_armed_group(token, self.phrase_span(token))

    def _last_armed_group(self, token: Token, shown: Span) -> Actor | None:
        """The armed group the story named last before ``token``, a few sentences back at
        most, shown at ``shown``'s offsets."""
        before = [
            g for g in self.armed_groups if g[0] < token.i and token.idx - self.doc[g[0]].idx <= ARMED_GROUP_CHARS
        ]
        if not before:
            return None
        _, name, code = before[-1]
        country = code[:3] if not code.startswith(("IGO", "IMG", "NGO")) else None
        return Actor(shown.text, shown.start_char, shown.end_char, "ORG", country, name)

    def _collect_people(self) -> None:
        seen_spans: set[tuple[int, int]] = set()
        candidates: list[tuple[int, int, str, str | None]] = []
        for hit in self.hits.values():
            start, end, entry = hit.start, hit.end, hit.entry
            if entry.kind == "person" and (start, end) not in seen_spans:
                seen_spans.add((start, end))
                candidates.append((start, end, entry.canonical, entry.code))
        for ent in self.ents:
            if (
                # A name after a person's title is a person whatever the small model says
                # ("Solo Mayor Hadi Rudyatmo", tagged GPE).
                (
                    ent.label_ == "PERSON"
                    or (ent.label_ in _NAME_ENTS and (self._title_before(ent.start) or _described_by_who(ent)))
                )
                and (ent.start, ent.end) not in seen_spans
                and len(ent) >= 2
                # "Blessed Mhlanga": a given name the tagger reads as a verb is still a name
                and ent[-1].pos_ == "PROPN"
                and all(t.pos_ == "PROPN" or t.is_title for t in ent)
            ):
                if any(i in self.hits for i in range(ent.start, ent.end)):
                    continue
                candidates.append((ent.start, ent.end, ent.text, None))
        for start, end, name, country in sorted(candidates):
            head = self.doc[end - 1]
            country = country or self._country_from_modifiers(head)
            if " " in name:
                self.surnames.setdefault(name.split()[-1].lower(), (name, country))
            if not _modifies_thing(head):
                self.people_seen.append((start, name, country))
            # "U.N. envoy Vassily Nebenzia" where the dictionary knows only "Nebenzia":
            # the title stands before the whole name
            ent = self.ent_at.get(start)
            title = self._title_before(ent.start if ent is not None and ent.label_ == "PERSON" else start)
            if title:
                self.titles.setdefault((title, country), (name, country))
                self.titles.setdefault((title, None), (name, country))
            for appos in (c for c in head.children if c.dep_ == "appos"):
                # "Geir Pedersen, the U.N. special envoy for Syria": the envoy is Pedersen
                if appos.lower_ in self.gazetteer.person_titles and appos.tag_ == "NN":
                    office = self.country_in_span(self.phrase_span(appos), appos)
                    self.titles.setdefault((appos.lower_, office), (name, country or office))
                    self.titles.setdefault((appos.lower_, None), (name, country or office))
        # "Lai, a businessman ... He rejects the charges": a surname alone, once the story
        # has named its bearer in full, is that person again for the pronouns after it.
        # The tagger does not always mark the surname a person entity ("Pedersen said
        # Friday"); a proper noun that is a known surname is enough.
        named = {i for start, end, _, _ in candidates for i in range(start, end)}
        for tok in self.doc:
            if tok.pos_ != "PROPN" or tok.i in named or tok.i in self.hits:
                continue
            known = self.surnames.get(tok.lower_)
            if known is not None and not _modifies_thing(tok):
                self.people_seen.append((tok.i, known[0], known[1]))
        self.people_seen.sort(key=lambda seen: seen[0])
        for canonical, info in self.gazetteer.people.items():
            if any(name == canonical for _, name, _ in self.people_seen):
                for title in info.get("titles", []):
                    self.titles.setdefault((title, info["country"]), (canonical, info["country"]))

    def sentence_ents(self, sent: Span) -> list[Span]:
        """Entities inside ``sent``."""
        return [e for e in self.ents_between(sent.start, sent.end) if e.end <= sent.end]

    def ents_between(self, start: int, end: int) -> list[Span]:
        """The named entities that start at tokens ``start`` to ``end`` (exclusive)."""
        lo, hi = bisect_left(self.ent_starts, start), bisect_left(self.ent_starts, end)
        return self.ents[lo:hi]

    def _title_before(self, start: int) -> str | None:
        words = []
        i = start - 1
        while i >= 0 and len(words) < 3:
            tok = self.doc[i]
            if tok.lower_ in self.gazetteer.person_titles or tok.lower_ in self.gazetteer.title_words:
                words.insert(0, tok.lower_)
                i -= 1
                continue
            break
        while words and words[0] in {"of"}:
            words.pop(0)
        if not words:
            return None
        phrase = " ".join(words)
        return phrase if phrase in self.gazetteer.person_titles else words[-1]

    def _country_from_modifiers(self, head: Token) -> str | None:
        for i in range(max(head.i - 5, 0), head.i):
            tok = self.doc[i]
            code = self.gazetteer.demonym(tok.text)
            if code:
                return code
            hit = self.hits.get(i)
            if hit and hit.entry.kind in {"country", "igo"}:
                return hit.entry.code
        return None

    def _collect_genders(self) -> None:
        """Each person's grammatical gender, where the story shows it: "Mr."/"Ms." before
        the name, or the pronouns of sentences that name no one else before them
        ("Tajaroensuk said she ...")."""
        votes: dict[str, Counter[str]] = {}
        for start, name, _ in self.people_seen:
            title = self.doc[start - 1].lower_.rstrip(".") if start > 0 else ""
            if title in _HONORIFICS:
                votes.setdefault(name, Counter())[_HONORIFICS[title]] += 2
        starts = [start for start, _, _ in self.people_seen]
        for tok in self.doc:
            gender = _PRONOUN_GENDER.get(tok.lower_) if tok.pos_ == "PRON" else None
            if gender is None:
                continue
            lo, hi = bisect_left(starts, tok.sent.start), bisect_left(starts, tok.i)
            names = {self.people_seen[k][1] for k in range(lo, hi)}
            if len(names) == 1:
                votes.setdefault(names.pop(), Counter())[gender] += 1
        for name, count in votes.items():
            ranked = count.most_common()
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                self.genders[name] = ranked[0][0]

    def last_person_before(
        self, index: int, pronoun: str | None = None, exclude: set[str | None] | None = None
    ) -> tuple[str, str | None] | None:
        """The person named last before token ``index``, other than those ``exclude``
        names; for a gendered ``pronoun``, the last one whose gender the story does not
        show to be the other."""
        gender = _PRONOUN_GENDER.get(pronoun.lower()) if pronoun else None
        last = fitting = None
        for start, name, country in self.people_seen:
            if start >= index:
                break
            if exclude and name in exclude:
                continue
            last = (name, country)
            if gender is None or self.genders.get(name, gender) == gender:
                fitting = last
        return fitting or last

    # -- actors -----------------------------------------------------------

    def actor(self, token: Token) -> Actor | None:
        """The actor a token names, or None when it names no one."""
        if token.pos_ == "PRON":
            return self._pronoun_actor(token)
        named = self._appositive_name(token)
        if named is not None:
            return self.actor(named)
        antecedent = self._organisation_antecedent(token) or self._armed_group_antecedent(token)
        if antecedent is not None:
            return antecedent
        span = self.phrase_span(token)
        hit = self.hits.get(token.i)
        entry = hit.entry if hit else None
        if token.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}:
            return None
        entity_type = token.ent_type_ if token.ent_type_ in _NAME_ENTS else None
        is_actor_noun = token.lemma_.lower() in self.gazetteer.actor_nouns or token.lower_ in self.gazetteer.actor_nouns
        if (
            entry is None
            and entity_type is None
            and not is_actor_noun
            and token.pos_ == "PROPN"
            and token.is_title
            and token.ent_type_ == ""
        ):
            entity_type = "OTHER"
        if entry is None and entity_type is None and not is_actor_noun:
            demonym = self.gazetteer.demonym(token.text)
            if not demonym:
                return self._proxy_actor(token)
            entry = Entry("demonym", demonym, self.gazetteer.country_names.get(demonym, demonym))
        country, canonical = None, None
        if entry is not None:
            country = entry.code
            if entry.kind == "person":
                canonical = entry.canonical
            elif entry.kind in {"country", "capital", "institution", "igo"}:
                canonical = self.gazetteer.country_names.get(entry.code, entry.canonical)
            entity_type = entry.entity_type
        if entity_type is None or entity_type in {"ORG", "GPE"} and entry is None and token.ent_type_ == "":
            entity_type = self._type_of_phrase(span)
        title_person = self._person_by_title(span)
        if title_person:
            canonical, country = title_person[0], title_person[1] or country
            entity_type = "PERSON"
        elif entity_type == "PERSON" or (token.ent_type_ in {"PERSON", "ORG", "GPE"} and entry is None):
            resolved = self.surnames.get(token.lower_)
            if resolved:
                canonical, country = resolved[0], resolved[1] or country
                entity_type = "PERSON"
        if country is None:
            country = self.country_in_span(span, token)
        if entity_type == "PERSON" and canonical is None and token.ent_type_ == "PERSON":
            canonical = span.text if len(span) > 1 else None
        return Actor(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            entity_type=entity_type or "OTHER",
            country=country,
            canonical=canonical,
        )

    def _proxy_actor(self, token: Token) -> Actor | None:
        """A thing that stands for its state: "a Chinese spy plane", "Canadian steel"
        (gazetteer ``proxy_nouns`` with a nationality or country before them)."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.gazetteer.proxy_nouns:
            return None
        for child in token.children:
            if child.dep_ not in {"amod", "compound", "nmod"}:
                continue
            hit = self.hits.get(child.i)
            code = hit.entry.code if hit is not None and hit.entry.kind == "country" else None
            code = code or self.gazetteer.demonym(child.text)
            if code:
                span = self.phrase_span(token)
                return Actor(span.text, span.start_char, span.end_char, "OTHER", code, None)
        return None

    def _organisation_antecedent(self, token: Token) -> Actor | None:
        """ "the company", "the organization": the organisation named last before it (within
        ORG_ANTECEDENT_CHARS), shown at the nominal's own span with that name."""
        if token.pos_ != "NOUN" or token.tag_ != "NN" or token.lemma_.lower() not in self.gazetteer.org_nominals:
            return None
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children):
            return None
        before = bisect_left(self.ent_starts, token.i)
        for ent in reversed(self.ents[:before]):
            if token.idx - ent.end_char > ORG_ANTECEDENT_CHARS:
                return None
            # The small model tags many firms GPE: a "place" the gazetteer does not know
            # may be the organisation.
            if ent.label_ == "ORG" or (ent.label_ == "GPE" and ent.start not in self.hits):
                found = self.actor(ent.root)
                if found is None:
                    return None
                span = self.phrase_span(token)
                return Actor(
                    span.text, span.start_char, span.end_char, "ORG", found.country, found.canonical or found.text
                )
        return None

    def _appositive_name(self, token: Token) -> Token | None:
        """The person a role noun names in apposition: "the court's president, Judge Joan
        Donoghue", "Somalia's ambassador to Kenya, Mohamud Ahmed Nur"."""
        if token.pos_ != "NOUN":
            return None
        for child in token.children:
            # the small model often misses a first name alone ("son Sebastien", tagged ORG)
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ in {"PERSON", "ORG", ""}:
                return child
        return None

    def actors(self, token: Token) -> list[Actor]:
        """Like :meth:`actor`, but splits "the French and Russian presidents" into two people."""
        if token.tag_ in {"NNS", "NNPS"} and token.lemma_.lower() in self.gazetteer.person_titles:
            demonyms = []
            for child in token.children:
                if child.dep_ in {"amod", "compound"}:
                    demonyms.extend(t for t in (child, *child.conjuncts) if self.gazetteer.demonym(t.text))
            if len(demonyms) >= 2:
                out = []
                title = token.lemma_.lower()
                for dem in sorted(demonyms, key=lambda t: t.i):
                    country = self.gazetteer.demonym(dem.text)
                    person = self.titles.get((title, country))
                    out.append(
                        Actor(
                            dem.text, dem.idx, dem.idx + len(dem.text), "PERSON", country, person[0] if person else None
                        )
                    )
                return out
        if token.pos_ == "PRON" and token.lower_ in self.gazetteer.plural_pronouns:
            return self._plural_antecedents(token)
        group = self._pair_antecedents(token)
        if group:
            return group
        actor = self.actor(token)
        return [actor] if actor is not None else []

    def _pair_antecedents(self, token: Token) -> list[Actor]:
        """ "The two leaders", "both countries", "the two sides": the last two people, states
        or either named before them in the sentence and the two before it, shown at the
        nominal's offsets with their names."""
        counts = [
            _GROUP_SIZES[c.lower_]
            for c in token.children
            if c.dep_ in {"det", "nummod", "predet"} and c.lower_ in _GROUP_SIZES
        ]
        if token.tag_ not in {"NNS", "NNPS"} or not counts:
            return []
        size = counts[0]
        lemma = token.lemma_.lower()
        wants_people = lemma in _PAIR_PEOPLE or lemma in self.gazetteer.person_titles
        wants_states = lemma in _PAIR_STATES
        if not (wants_people or wants_states or lemma in _PAIR_EITHER):
            return []
        window = token.sent.start
        for _ in range(2):
            window = self.doc[window - 1].sent.start if window > 0 else window
        named: list[tuple[int, str, str | None, str]] = []  # (token index, name, country, entity type)
        if not wants_states:
            named += [(i, name, country, "PERSON") for i, name, country in self.people_seen if window <= i < token.i]
        if not wants_people and not wants_states:
            # "the RSF has been fighting the army ... both sides": organisations too
            for ent in self.ents_between(window, token.i):
                if ent.label_ in {"ORG", "NORP"} and ent.start not in self.hits:
                    found = self.actor(ent.root)
                    if found is not None:
                        named.append((ent.start, found.canonical or found.text, found.country, "ORG"))
        if not wants_people:
            for i in range(window, token.i):
                hit = self.hits.get(i)
                # "held talks in Istanbul": a place where something happened is no party
                in_place = self.doc[i].dep_ == "pobj" and self.doc[i].head.lower_ in {"in", "at", "near", "to", "from"}
                if hit is not None and hit.start == i and hit.entry.kind in {"country", "capital"} and not in_place:
                    code = hit.entry.code
                    named.append((i, self.gazetteer.country_names.get(code, hit.entry.canonical), code, "GPE"))
        pair: list[tuple[int, str, str | None, str]] = []
        for found in sorted(named, reverse=True):
            if all(found[1] != other[1] for other in pair):
                pair.append(found)
            if len(pair) == size:
                break
        if len(pair) < size:
            return []
        return [
            Actor(token.text, token.idx, token.idx + len(token.text), kind, country, name)
            for _, name, country, kind in sorted(pair)
        ]

    def _plural_antecedents(self, token: Token) -> list[Actor]:
        """ "They" at the start of a clause: the plural subject of the nearest earlier
        sentence ("Johnson and Scholz agreed ... They released a statement"), shown at
        the pronoun's offsets with the antecedent's name. An object is never whom its
        own verb's subject names ("they ... shot them")."""
        found = self._plural_referents(token)
        if token.dep_ not in {"dobj", "pobj", "dative"} or not found:
            return found
        from .arguments import subjects  # arguments builds on this module

        verb = token.head.head if token.dep_ == "pobj" else token.head
        doers = {a.canonical or a.text for s in subjects(verb, self)[0] if s.i != token.i for a in self.actors(s)}
        return [a for a in found if (a.canonical or a.text) not in doers]

    def _plural_referents(self, token: Token) -> list[Actor]:
        if token.dep_ == "nsubj" and self.triggers.get(token.head.i) in _VIOLENT_TYPES:
            # "They shot and killed people on the train": who does the violence is
            # the armed group the story has named, not the victims just mentioned.
            armed = self._last_armed_group(token, self.doc[token.i : token.i + 1])
            if armed is not None:
                return [armed]
        sent = token.sent
        for _ in range(2):
            if sent.start == 0:
                return []
            sent = self.doc[sent.start - 1].sent
            for tok in sent:
                if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.pos_ == "PRON":
                    continue
                tok = _counted(tok)  # "Tens of thousands of Sudanese began protesting"
                group = [tok, *tok.conjuncts]
                if len(group) < 2 and tok.tag_ not in {"NNS", "NNPS"}:
                    continue
                found = [a for a in (self.actor(t) for t in group) if a is not None]
                if found:
                    return [
                        Actor(
                            token.text,
                            token.idx,
                            token.idx + len(token.text),
                            a.entity_type,
                            a.country,
                            a.canonical or a.text,
                        )
                        for a in found
                    ]
        return []

    def _pronoun_actor(self, token: Token) -> Actor | None:
        if token.lower_ not in self.gazetteer.person_pronouns:
            return None
        # "She and Lockyear both urged": a pronoun is not whom it is conjoined with
        others = {a.canonical for a in (self.actor(c) for c in token.conjuncts if c.pos_ != "PRON") if a is not None}
        person = self.last_person_before(token.i, token.lower_, exclude=others)
        if person is None:
            return None
        return Actor(token.text, token.idx, token.idx + len(token.text), "PERSON", person[1], person[0])

    def _type_of_phrase(self, span: Span) -> str:
        words = {t.lower_ for t in span}
        if words & self.gazetteer.person_titles and span.root.tag_ not in {"NNS", "NNPS"}:
            return "PERSON"
        if span.root.tag_ in {"NNS", "NNPS"} and self.gazetteer.demonym(span.root.text):
            return "NORP"
        return "ORG" if span.root.lemma_.lower() in self.gazetteer.actor_nouns else "OTHER"

    def _person_by_title(self, span: Span) -> tuple[str, str | None] | None:
        """ "the German chancellor" -> the chancellor the document names."""
        root = span.root
        if root.ent_type_ == "PERSON" or root.tag_ in {"NNS", "NNPS"}:
            return None
        if root.lower_ not in self.gazetteer.person_titles and root.lower_ != "counterpart":
            return None
        if any(t.ent_type_ == "PERSON" or (t.i in self.hits and self.hits[t.i].entry.kind == "person") for t in span):
            return None
        country = self.country_in_span(span, root)
        if root.lower_ == "counterpart":
            return self._counterpart(root, country)
        words = [
            t.lower_
            for t in span
            if t.lower_ in self.gazetteer.person_titles or t.lower_ in self.gazetteer.office_words
        ]
        title = " ".join(words[-2:]) if " ".join(words[-2:]) in self.gazetteer.person_titles else root.lower_
        # "the mayor" with no country named: the mayor the document named with that title.
        named = self.titles.get((title, country))
        if named is None and self.coder is not None and self.published is not None and country is not None:
            # Named nowhere in the story: who held the office on the publication date.
            named = self.coder.office_holder(title, country, self.published)
        if named is None and root.dep_ in {"nsubj", "nsubjpass"}:
            named = self._named_next(root)
        return named

    def _named_next(self, token: Token) -> tuple[str, str | None] | None:
        """ "The U.N. special envoy for Syria is calling for ... Geir Pedersen issued his
        appeal Friday": a title no name goes with, as a subject, is the person the next
        sentence names as its subject."""
        sent = token.sent
        if sent.end >= len(self.doc):
            return None
        following = self.doc[sent.end].sent
        for start, name, country in self.people_seen:
            if following.start <= start < following.end:
                head = self.doc[start]
                while head.dep_ in {"compound", "flat"} and head.head is not head:
                    head = head.head
                return (name, country) if head.dep_ in {"nsubj", "nsubjpass"} else None
        return None

    def _counterpart(self, noun: Token, country: str | None) -> tuple[str, str | None] | None:
        """ "his Ukrainian counterpart": who held, in that country on the publication date,
        the office the possessor held."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None or country is None or self.coder is None or self.published is None:
            return None
        if owner.pos_ == "PRON":
            person = self.last_person_before(owner.i, owner.lower_)
            name = person[0] if person else None
        else:
            found = self.actor(owner)
            name = found.canonical if found is not None and found.entity_type == "PERSON" else None
        return self.coder.counterpart(name, country, self.published) if name else None

    def country_in_span(self, span: Span, head: Token) -> str | None:
        for tok in span:
            hit = self.hits.get(tok.i)
            if hit:
                return hit.entry.code
            code = self.gazetteer.demonym(tok.text)
            if code:
                return code
        for child in head.children:
            if child.dep_ == "poss":
                hit = self.hits.get(child.i)
                if hit:
                    return hit.entry.code
        return None

    def phrase_span(self, token: Token) -> Span:
        """The name or noun phrase headed by ``token``, without determiners."""
        doc = token.doc
        if token.ent_type_ in _NAME_ENTS or token.i in self.hits:
            start, end = token.i, token.i + 1
            if token.i in self.hits:
                start, end = self.hits[token.i].start, self.hits[token.i].end
            if token.ent_iob_ in {"B", "I"}:
                ent = self.ent_at.get(token.i)
                if ent is not None and ent.label_ in _NAME_ENTS:
                    start, end = min(start, ent.start), max(end, ent.end)
        else:
            start, end = token.i, token.i + 1
        # Titles and modifiers to the left ("German Chancellor Olaf Scholz").
        left = [c for c in token.lefts if c.dep_ not in _SKIP_LEFT_DEPS]
        if left:
            start = min(start, min(c.left_edge.i for c in left))
        while start < end and (doc[start].dep_ in _SKIP_LEFT_DEPS or doc[start].is_punct):
            start += 1
        start = min(start, token.i)
        # A possessive ending the name is not part of it ("al-Rufay’i’s", tagged whole).
        while end > token.i + 1 and doc[end - 1].dep_ == "case":
            end -= 1
        return doc[start:end]

    def _named_place_within(self, noun: Token) -> Token | None:
        """The named place in a common place noun's own phrase, nearest first: "the town of
        L'Estere", "their school in Jangebe", "in front of Israel's consulate in Istanbul"."""
        # Not a possessive: "Israel's consulate in Istanbul" is in Istanbul, not in Israel.
        follow = {"prep", "pobj", "compound", "nmod", "appos", "conj"}
        if noun.lemma_.lower() in _OWNED_PLACES:  # "the U.S. embassy" stands abroad
            follow -= {"compound", "nmod"}
        # "the port city of Jeddah": the name after "of" is the place itself.
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if pobj.ent_type_ in _PLACE_ENTS:
                    return pobj
                # "the Somali city of Beledweyne": the small model misses many small places
                if (
                    noun.lemma_.lower() in _NAMED_BY_OF
                    and pobj.pos_ == "PROPN"
                    and pobj.ent_type_ in _MISREAD_PLACE_ENTS
                ):
                    return pobj
        queue = [c for c in noun.children if c.dep_ in follow]
        while queue:
            token = queue.pop(0)
            hit = self.hits.get(token.i)
            if token.ent_type_ in _PLACE_ENTS or (hit is not None and hit.entry.kind in {"country", "capital"}):
                return token
            queue.extend(c for c in token.children if c.dep_ in follow)
        return None

    def _misread_city(self, token: Token, entry: Entry | None) -> bool:
        """A name after "to/in/at/near" that GeoNames knows as a sizeable city, though
        the small model tagged it otherwise ("a visit to Quetta", tagged ORG)."""
        if self.places is None or entry is not None or token.pos_ != "PROPN":
            return False
        if token.ent_type_ not in _MISREAD_PLACE_ENTS or token.dep_ != "pobj":
            return False
        if token.head.lower_ not in {"in", "to", "at", "near", "from", "outside"}:
            return False
        if any(start <= token.i < start + 4 and name.split()[-1] == token.text for start, name, _ in self.people_seen):
            return False
        place = self.places.resolve(self.phrase_span(token).text)
        return place is not None and place.feature == "city" and place.population >= MISREAD_CITY_POPULATION

    def location(self, token: Token) -> Location | None:
        """A place named by ``token``, or None if it is not one."""
        hit = self.hits.get(token.i)
        entry = hit.entry if hit else None
        misread = False
        is_place = (
            token.ent_type_ in _PLACE_ENTS
            or (entry is not None and entry.kind in {"country", "capital", "institution"})
            or token.lemma_.lower() in self.gazetteer.place_nouns
            or (misread := self._misread_city(token, entry))
        )
        if not is_place or (entry is not None and entry.kind in {"person", "igo", "demonym"}):
            return None
        if token.ent_type_ not in _PLACE_ENTS and entry is None and not misread:
            # A common place noun stands for the named place in its phrase; with no name it
            # is no location: a bare "border", "territory" or "school" tells an analyst nothing.
            named = self._named_place_within(token)
            if named is None:
                untagged = [
                    c
                    for c in token.children
                    if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN" and c.ent_type_ not in {"GPE", "NORP"}
                ]
                if not untagged or token.lemma_.lower() in _OWNED_PLACES:
                    return None
                named = token  # a name the model did not tag: "the Mvog-Ada chicken market"
            located_by = named.head.head == token and named.head.lower_ in {"with", "of"}
            if named != token and not (located_by and token.lemma_.lower() in _BORDER_WORDS):
                found = self.location(named)  # "the border with Ukraine" keeps its words, below
                if found is None and located_by:  # an untagged name: "the Somali city of Beledweyne"
                    name = self.phrase_span(named)
                    found = Location(
                        name.text,
                        name.start_char,
                        name.end_char,
                        self.country_in_span(token.doc[token.left_edge.i : token.i + 1], token),
                    )
                return found
        span = self.phrase_span(token)
        # "the border with Ukraine", "the Voronezh region"
        end = span.end
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in {"with", "of"}:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if (
                    pobj is not None
                    and (pobj.ent_type_ in _PLACE_ENTS or pobj.i in self.hits)
                    and pobj.right_edge.i - span.start < 8
                ):
                    end = pobj.right_edge.i + 1
        span = token.doc[span.start : end]
        country = entry.code if entry else self.country_in_span(span, token)
        canonical = None
        if entry is not None and entry.kind in {"country", "capital"}:
            canonical = entry.canonical if entry.kind == "capital" else self.gazetteer.country_names.get(entry.code)
        elif entry is not None and entry.kind == "institution":
            canonical = entry.canonical
        return Location(span.text, span.start_char, span.end_char, country, canonical)


# Plural nouns that, with "both" or "two", name two parties told just before:
# people ("the two leaders"), states ("both countries") or either ("both sides").
_PAIR_PEOPLE = frozenset({"leader", "man", "woman", "head", "counterpart", "official", "diplomat", "envoy"})
_PAIR_STATES = frozenset({"country", "nation", "state", "neighbor", "neighbour", "capital", "government", "power"})
_PAIR_EITHER = frozenset({"side", "party"})

# Nouns that count a group: "tens of thousands of Sudanese", "hundreds of people".
_COUNT_NOUNS = frozenset({"tens", "hundreds", "thousands", "millions", "dozens", "scores", "crowds", "groups"})


def _described_by_who(ent: Span) -> bool:
    """ "Chalida Tajaroensuk, who heads ...": a name a "who" clause describes is a person's."""
    return any(
        c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children)
        for c in ent.root.children
    )


def _modifies_thing(token: Token) -> bool:
    """A name that only qualifies a common noun ("Assad loyalists", "the Assad family")
    names no one a later pronoun can point back to."""
    return token.dep_ == "compound" and token.head.pos_ == "NOUN"


def _counted(token: Token) -> Token:
    """The people a count noun counts ("tens of thousands of Sudanese" -> Sudanese)."""
    for _ in range(3):
        if token.lower_ not in _COUNT_NOUNS:
            return token
        nxt = next(
            (
                g
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
        if nxt is None:
            return token
        token = nxt
    return token
