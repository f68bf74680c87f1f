"""Find event triggers: single words by lemma and multiword phrases.

Words come from ``lexicon/triggers.yaml``; each candidate is checked
against the entry's part-of-speech, number, modifier and object
constraints. Overlapping candidates are resolved in favour of phrases,
then constrained entries, then the longer span.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import Lexicon, TriggerEntry
from .phrases import PhraseFinder

_OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "attr", "oprd", "dative"}


@dataclass(slots=True)
class Trigger:
    """A rule candidate in a doc (token indices, end exclusive). ``from_phrase`` and
    ``constrained`` rank overlapping candidates; only the rule finder uses them."""

    type: str
    subtype: str | None
    start: int
    end: int
    anchor: int  # the token that carries the syntax (the head of a phrase)
    confidence: float
    from_phrase: bool = False
    constrained: bool = False
    subject_is: str | None = None


class TriggerFinder:
    """Finds :class:`Trigger` candidates in parsed docs."""

    def __init__(self, lexicon: Lexicon, vocab) -> None:
        self.lexicon = lexicon
        self.types = lexicon.types
        self.quantity_heads = lexicon.cue_words("triggers", "quantity_heads")
        self.act_carriers = lexicon.cue_words("triggers", "act_carriers")
        # The same matches as a spaCy Matcher over these patterns, in a fraction of the time.
        self.matcher = PhraseFinder({str(index): phrase.pattern for index, phrase in enumerate(lexicon.phrases)})
        self._phrases = lexicon.phrases
        self.audience = lexicon.classes.get("audience", frozenset())
        modal = lexicon.cues["triggers"].get("modal_demand") or {}
        self.demand_modals = frozenset(modal.get("modals") or ())
        self.demand_parties = frozenset(modal.get("parties") or ())
        self.demand_entities = frozenset(modal.get("subject_entities") or ())
        self.demand_verbs_not = frozenset(modal.get("verbs_not") or ())
        self.demand_heads = frozenset(
            lemma for lemma, entries in lexicon.words.items() if any(e.type == "demand" for e in entries)
        )

    def find(self, doc: Doc, skip: set[int] | frozenset[int] = frozenset()) -> list[Trigger]:
        """All triggers in ``doc``, outside the token indices in ``skip``."""
        candidates: list[Trigger] = []
        for token in doc:
            if token.i in skip or token.is_space or token.is_punct:
                continue
            candidates.extend(self._word_triggers(token))
        for match_id, start, end in self.matcher(doc):
            if any(i in skip for i in range(start, end)):
                continue
            phrase = self._phrases[int(match_id)]
            span = doc[start:end]
            anchor = span.root
            if anchor.pos_ == "ADP":  # "in a call", "on high alert": the noun carries it
                anchor = next((t for t in span if t.dep_ == "pobj"), anchor)
            if phrase.counterpart and not self._talks_with(span.root, phrase.counterpart):
                continue
            anchor = anchor.i
            candidates.append(
                Trigger(
                    type=phrase.type,
                    subtype=phrase.subtype,
                    start=start,
                    end=end,
                    anchor=anchor,
                    confidence=phrase.confidence or 0.8,
                    from_phrase=True,
                    subject_is=phrase.subject_is,
                )
            )
        candidates.extend(self._modal_demands(doc, skip))
        return self._resolve_overlaps(candidates)

    def _modal_demands(self, doc: Doc, skip: set[int] | frozenset[int]) -> list[Trigger]:
        """ "Islamabad must address internal issues", "the government should use its powers":
        a demand of the party the modal's verb has as subject (cues.yaml modal_demand)."""
        found: list[Trigger] = []
        if not self.demand_modals:
            return found
        for token in doc:
            if token.dep_ != "aux" or token.lower_ not in self.demand_modals or token.i in skip:
                continue
            verb = token.head
            if verb.pos_ != "VERB" or verb.lemma_.lower() in self.demand_verbs_not or verb.i < token.i:
                continue
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if len(subjects) != 1 or not self._names_a_party(subjects[0]):
                continue
            if any(t.lower_ in _FIRST_PERSON for t in subjects[0].subtree):
                continue  # "the U.S. and our allies must": the speaker's own resolve
            if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in verb.children):
                continue  # "whether Mnangagwa should seek a third term": a question
            sentence = token.sent
            if sentence.text.rstrip().rstrip("\"'”’").endswith("?"):
                continue  # "Do you think Taiwan should upgrade ...?"
            if any(a.lemma_.lower() in self.demand_heads for a in verb.ancestors):
                continue  # "demanded that Ottawa must drop ...": the demand verb is the trigger
            end = verb.i + 1
            found.append(
                Trigger(
                    type="demand",
                    subtype=None,
                    start=token.i,
                    end=end,
                    anchor=verb.i,
                    confidence=0.5,
                    from_phrase=True,
                    subject_is="target",
                )
            )
        return found

    def _names_a_party(self, subject: Token) -> bool:
        if subject.ent_type_ in self.demand_entities:
            return True
        return subject.pos_ == "NOUN" and subject.lemma_.lower() in self.demand_parties

    def _word_triggers(self, token: Token) -> list[Trigger]:
        keys = {token.lemma_.lower(), token.lower_}
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma.endswith("e") and token.lower_.endswith(("ed", "ing")):
            # The lemmatizer guesses an "e" onto verbs it does not know ("rearrested" ->
            # "rearreste"): the stem without it is the word.
            keys.add(lemma[:-1])
        accepted = [e for key in keys for e in self.lexicon.words.get(key, ()) if self._accepts(token, e)]
        # Of the readings a word's object or subject admits, the higher-ranked win:
        # "send weapons" aids even though weapons are also a force that is deployed.
        top = max((e.rank for e in accepted if e.object_class or e.subject_class), default=0)
        found: list[Trigger] = []
        for entry in accepted:
            if (entry.object_class or entry.subject_class) and entry.rank < top:
                continue
            found.append(
                Trigger(
                    type=entry.type,
                    subtype=entry.subtype,
                    start=token.i,
                    end=token.i + 1,
                    anchor=token.i,
                    confidence=entry.confidence or (0.75 if token.pos_ == "VERB" else 0.65),
                    constrained=entry.object_class is not None or entry.subject_class is not None,
                    subject_is=entry.subject_is,
                )
            )
        # An object-constrained reading that holds excludes the plain readings of
        # the same word ("send troops"), except an attack beside its casualties
        # ("shot two men").
        constrained = {t.type for t in found if t.constrained}
        if constrained:
            found = [t for t in found if t.constrained or self._may_share({t.type, *constrained})]
        return found

    def _may_share(self, types: set[str]) -> bool:
        return len(types) > 1 and self.types.may_share_trigger(types)

    def _accepts(self, token: Token, entry: TriggerEntry) -> bool:
        pos = token.pos_
        if pos == "PROPN":
            # Headline capitals ("Talks", "Invasion") but not names ("March").
            if token.ent_type_ in _NAME_ENTITIES:
                return False
            pos = "NOUN"
        if pos == "AUX":
            return False
        if (
            pos == "NOUN"
            and token.dep_ == "compound"
            and token.head.pos_ in {"NOUN", "PROPN"}
            and token.head.lemma_.lower() not in self.act_carriers
        ):
            # A noun modifying another noun names a kind, not an act: "death
            # penalty", "attack helicopter", "homicide rate".
            return False
        if pos not in entry.pos and not (pos == "ADJ" and "ADJ" in entry.pos):
            return False
        if _in_hyphenated_modifier(token):
            return False  # "coal-fired plants", "pandemic-hit regions", "war-torn Ivory Coast"
        if pos in {"NOUN", "ADJ"} and (entry.plural or entry.modifiers):
            plural_ok = entry.plural and token.tag_ in {"NNS", "NNPS"}
            modifier_ok = bool(entry.modifiers) and _has_modifier(token, entry.modifiers)
            if not (plural_ok or modifier_ok):
                return False
        if entry.object_class is not None:
            words = self.lexicon.classes[entry.object_class]
            if not any(_in_class(obj, words) for obj in objects_of(token, self.quantity_heads)):
                return False
        if entry.needs_party and not _names_a_party(token):
            return False
        if entry.object_not_class is not None:
            # "meet targets", "meet the needs": a goal met is no meeting.
            words = self.lexicon.classes[entry.object_not_class]
            objects = objects_of(token, self.quantity_heads)
            if token.dep_ == "amod":  # "from visiting parks", parsed as parks that visit
                objects.append(token.head)
            objects += [c for c in token.children if c.dep_ == "xcomp"]  # "refused to comment"
            if pos == "NOUN":  # "requests for comment"
                objects += [c for p in token.children if p.lower_ == "for" for c in p.children if c.dep_ == "pobj"]
            else:  # "has met with surprising success"
                objects += [c for p in token.children if p.lower_ == "with" for c in p.children if c.dep_ == "pobj"]
            if any(_in_class(obj, words) for obj in objects):
                return False
        if entry.subject_class is not None:
            words = self.lexicon.classes[entry.subject_class]
            subjects = _subjects(token)
            named = entry.subject_class == "official" and any(
                s.ent_type_ == "PERSON" or s.pos_ == "PROPN" or s.lower_ in {"he", "she"} for s in subjects
            )
            if not named and not any(_in_class(s, words) for s in subjects):
                return False
        if entry.active_only and any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children):
            return False
        if entry.intransitive and any(c.dep_ in {"dobj", "obj", "ccomp"} for c in token.children):
            return False
        if entry.not_inverted and any(c.dep_ == "nsubj" and c.i > token.i for c in token.children):
            return False
        if entry.modifiers_not and _modified_by(token, entry.modifiers_not):
            return False
        if entry.subject_not_class is not None:
            words = self.lexicon.classes[entry.subject_not_class]
            if any(_in_class(s, words) for s in _subjects(token)):
                return False
        if entry.counterpart and not self._talks_with(token, entry.counterpart):
            return False
        if entry.asks_for and not _asks_for(token):
            return False
        if entry.preps:
            # "a talk between ...", "a talk held in Paris between ..."
            near = [token, *(c for c in token.children if c.dep_ in {"acl", "relcl"})]
            if not any(c.dep_ in {"prep", "agent"} and c.lower_ in entry.preps for t in near for c in t.children):
                return False
        return True

    def _talks_with(self, token: Token, counterpart: str) -> bool:
        """Whether a talk word has someone to talk with who is not the press or an audience:
        "talked with Lavrov", "Putin and Xi discussed", "the two sides discussed"; not
        "speaking to reporters", "talking about his business", "spoke with VOA". With
        ``not_press``, only the press (or speaking anonymously "to discuss" it) is excluded."""
        addressed = [
            party
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ in {"with", "to", "between", "among"}
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for party in (pobj, *pobj.conjuncts)
        ]
        if addressed:  # whoever is addressed decides: "officials who spoke to reporters" held no talks
            return not all(_in_class(party, self.audience) for party in addressed)
        if counterpart == "not_press":
            # "speaking on condition of anonymity to discuss the operation"
            return token.head == token or not any(a.lemma_ == "anonymity" for a in token.head.subtree)
        for subject in _subjects(token):
            if _in_class(subject, self.audience) or subject.pos_ == "PRON":
                continue
            if subject.conjuncts or subject.tag_ in {"NNS", "NNPS"}:
                return True
            if any(c.dep_ == "nummod" or c.lower_ in {"both", "two"} for c in subject.children):
                return True
        return False

    def _resolve_overlaps(self, candidates: list[Trigger]) -> list[Trigger]:
        """Keep the best candidate among those that share tokens.

        An attack and its casualties may share words ("massacre", "shot dead"):
        the lexicon lists such words under both types, and both events are kept.
        """
        chosen: list[Trigger] = []
        taken: dict[int, str] = {}
        for trigger in sorted(candidates, key=_priority, reverse=True):
            tokens = range(trigger.start, trigger.end)
            clash = {taken[i] for i in tokens if i in taken}
            if clash and not (len(clash) == 1 and self._may_share({*clash, trigger.type})):
                continue
            if trigger.type in clash:
                continue
            chosen.append(trigger)
            for i in tokens:
                taken.setdefault(i, trigger.type)
        chosen.sort(key=lambda t: t.start)
        return chosen


_FIRST_PERSON = {"we", "us", "our", "ours", "i", "me", "my"}

_NAME_ENTITIES = {"PERSON", "GPE", "ORG", "DATE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW"}


_PARTY_ENTITIES = {"GPE", "NORP", "ORG", "PERSON"}
_PARTY_PREPS = {"in", "on", "against", "with", "between", "over", "of"}


def _names_a_party(noun: Token) -> bool:
    """A noun whose own phrase names who is involved: "Russia's war", "the Russia-Ukraine
    war", "the war in Ukraine", "war against Islamic State" (not "the rules of war")."""
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.ent_type_ in _PARTY_ENTITIES:
            return True
        if child.dep_ == "prep" and child.lower_ in _PARTY_PREPS:
            if any(g.ent_type_ in _PARTY_ENTITIES for c in child.children if c.dep_ == "pobj" for g in c.subtree):
                return True
    return False


def _subjects(token: Token) -> list[Token]:
    """Who does what a verb says: its subjects, or the noun a participle modifies
    ("tariffs targeting Canada")."""
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if token.dep_ in {"acl", "relcl"}:
        subjects.append(token.head)
    return subjects


def objects_of(token: Token, quantity_heads: frozenset[str]) -> list[Token]:
    """The things a verb acts on, looking through quantity words ("thousands of
    troops") and coordination."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS:
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ in {"of", "with", "as"}:
            # "designated as a terrorist organization"
            found.extend(c for c in child.children if c.dep_ == "pobj")
    if token.dep_ in {"acl", "relcl"} and token.head.pos_ in {"NOUN", "PROPN"}:
        found.append(token.head)  # "troops sent to the border"
    expanded: list[Token] = []
    for obj in found:
        expanded.append(obj)
        expanded.extend(c for c in obj.conjuncts)
        expanded.extend(c for c in obj.children if c.dep_ == "appos")  # "designated BLA a terrorist group"
        if obj.lower_ in quantity_heads or obj.like_num:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    expanded.extend(c for c in prep.children if c.dep_ == "pobj")
    return expanded


def _in_class(token: Token, words: frozenset[str]) -> bool:
    if token.lemma_.lower() in words or token.lower_ in words:
        return True
    return any(
        c.dep_ in {"compound", "amod"} and (c.lemma_.lower() in words or c.lower_ in words) for c in token.children
    )


def _has_modifier(token: Token, modifiers: frozenset[str]) -> bool:
    for child in token.children:
        if child.dep_ in {"compound", "amod", "nmod", "npadvmod"} and (
            child.lemma_.lower() in modifiers or child.lower_ in modifiers
        ):
            return True
    previous = token.nbor(-1) if token.i > 0 else None
    return previous is not None and (previous.lower_ in modifiers or previous.lemma_.lower() in modifiers)


def _modified_by(token: Token, words: frozenset[str]) -> bool:
    """Whether a word before it in its own phrase, or the noun an adjective qualifies, is
    one of ``words``: "trade war", "coronavirus-related deaths", "deadly opioid"."""
    phrase = [t for left in token.lefts for t in left.subtree]
    if token.pos_ == "ADJ" and token.dep_ == "amod":
        phrase.append(token.head)
        phrase.extend(token.doc[token.i + 1 : min(token.i + 3, len(token.doc))])
    if token.i > 0:
        phrase.append(token.nbor(-1))
    return any(t.lemma_.lower() in words or t.lower_ in words for t in phrase)


def _priority(trigger: Trigger) -> tuple:
    return (trigger.from_phrase, trigger.constrained, trigger.end - trigger.start, trigger.confidence)


# Bodies one appeals to in law, not in politics.
_COURTS = frozenset({"court", "courts", "board", "tribunal", "judge", "appeals", "bia", "panel"})


def _asks_for(token: Token) -> bool:
    """Whether a verb of asking asks someone to act or for something: "asked Russia to
    withdraw", "asked for help", "appealed to Moscow", "asked that it be released"; not
    a question ("asked whether", "she asked", "Pressed on how sure he was")."""
    for child in token.children:
        if child.dep_ == "xcomp":
            return True
        if child.dep_ == "prep" and child.lower_ in {"for", "to"}:
            # "can appeal to a Federal Court of Appeals": a legal appeal asks a court to rule
            return not any(g.dep_ == "pobj" and g.lemma_.lower() in _COURTS for g in child.children)
        if child.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children):
            return True
    return False


def _in_hyphenated_modifier(token: Token) -> bool:
    """Whether the word is part of a hyphenated word that modifies a noun ("coal-fired
    plants", "the worst-hit areas", "war-torn Ivory Coast"): it names a kind, not an act.
    A hyphenated head noun stays an act ("launched a counter-attack")."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return (before or after) and token.dep_ in {"amod", "npadvmod", "compound", "advmod", "nmod"}
