"""Fill an event's roles by walking the dependency tree from its trigger.

subject/agent -> source; object, "against/on X" -> target; for symmetric
types (meetings, agreements) every party goes to participants; "in/at/near
X" -> location. Noun triggers borrow the roles of the verb that governs
them ("held talks", "agreed in a call").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from .actors import DocContext
from .events import Actor, Force, Location
from .lexicon import Lexicon
from .numbers import parse_quantity
from .typespec import RoleRules

_SUBJECT_DEPS = {"nsubj", "csubj"}
_PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
_QUOTE_MARKS = ('"', "\u201c", "\u201d")
_CLIMB_DEPS = {"xcomp", "conj", "advcl", "acl", "pcomp", "acomp"}
_NOUN_PREPS = {"by", "between", "among", "with", "against", "on", "of", "to", "into"}
_VERB_PREPS = {"with", "against", "on", "upon", "to", "at", "for", "between"}
# Prepositions whose object may have a place of its own that is the act's ("siege to a
# hotel in Beledweyne", "an attack on a base near Kabul", "talks with Ukrainian
# officials in Jeddah").
_HOP_PREPS = {"to", "on", "against", "at", "in", "into", "inside", "with"}


@dataclass(slots=True)
class Roles:
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    participants: list[Actor] = field(default_factory=list)
    location: Location | None = None
    force: Force | None = None


def governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger depends on ("held talks", "agreed in a call")."""
    current = token
    for _ in range(3):
        head = current.head
        if head == current:
            return None
        if current.dep_ in {"dobj", "obj", "nsubj", "nsubjpass", "attr", "oprd", "pobj", "appos", "conj", "compound"}:
            if head.pos_ in {"VERB", "AUX"}:
                return head
            current = head
            continue
        if current.dep_ == "prep" and head.pos_ in {"VERB", "AUX"}:
            return head
        if current.dep_ == "prep" and current.lower_ == "of" and head.lemma_.lower() in _SERIES_NOUNS:
            current = head  # "carried out a series of airstrikes"
            continue
        return None
    return None


# Nouns that count acts: the verb governing "a series of airstrikes" governs the strikes.
_SERIES_NOUNS = frozenset({"series", "wave", "string", "spate", "barrage", "round", "flurry", "volley", "number"})


def clause_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it hangs from through xcomp/conj/advcl ("heading to meet")."""
    chain = [verb]
    current = verb
    while current.dep_ in _CLIMB_DEPS and current.head != current and len(chain) < 4:
        current = current.head
        if current.pos_ == "ADP" and current.dep_ == "prep" and current.head != current:
            current = current.head  # "reacted ... by offering": the preposition links two verbs
        if current.pos_ not in {"VERB", "AUX", "NOUN", "ADJ"}:
            break
        chain.append(current)
    return chain


def subjects(verb: Token, ctx: DocContext) -> tuple[list[Token], bool]:
    """Subject tokens of ``verb`` (inherited through control and coordination) and whether passive."""
    for current in clause_chain(verb):
        found = []
        for c in (c for c in current.children if c.dep_ in _SUBJECT_DEPS):
            # "VOA: Putin recently visited China": the label is no subject; what the parser
            # hung on it as an apposition is
            found += [a for a in c.children if a.dep_ == "appos"] if _speaker_label(c) else [c]
        passive = False
        if not found:
            found = [c for c in current.children if c.dep_ in _PASSIVE_SUBJECT_DEPS]
            passive = bool(found)
        if found:
            return _resolve_relative(found), passive and current is verb
        if current.dep_ == "relcl":
            return [current.head], False
    if verb.dep_ == "relcl":
        return [verb.head], False
    return [], False


def _speaker_label(token: Token) -> bool:
    """A transcript's speaker label, parsed as a subject: "VOA: Putin recently visited China"."""
    after = token.i + 1
    return after < len(token.doc) and token.doc[after].text == ":" and token.i == token.sent.start


def _resolve_relative(tokens: list[Token]) -> list[Token]:
    out = []
    for tok in tokens:
        if tok.lower_ in {"who", "which", "that"} and tok.head.dep_ == "relcl":
            out.append(tok.head.head)
        elif (
            tok.lower_ in {"it", "they", "we", "he", "she"}
            and tok.head.dep_ == "ccomp"
            and (tok.lower_ == "we" or not in_quotation(tok))
        ):
            # "Washington said it would send troops": the pronoun is the reporter. In words
            # quoted only "we" is ('"They shot them," Ajmal said': "they" are others).
            reporter = [c for c in tok.head.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
            out.extend(reporter or [tok])
        else:
            out.append(tok)
    return out


def left_behind(verb: Token) -> list[Token]:
    """What a verb leaves: its "from X" and "out of X" ("withdrew from ECOWAS", "pulled
    out of the deal")."""
    left = [obj for _, obj in prep_objects(verb, {"from"})]
    for out in (c for c in verb.children if c.dep_ in {"prt", "prep"} and c.lower_ == "out"):
        left += [obj for _, obj in prep_objects(out, {"of"})]
    return left


def in_quotation(token: Token) -> bool:
    """Whether ``token`` stands inside quotation marks opened earlier in its paragraph
    (a quotation may run over several sentences)."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    return sum(text.count(mark, start, token.idx) for mark in _QUOTE_MARKS) % 2 == 1


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    """``tokens`` with their conjuncts ("Russia and Belarus") and the places or bodies
    named in apposition ("Russia and ex-Soviet republic Belarus" parsed as
    "Russia, Belarus"; "the capital, Kyiv")."""
    out: list[Token] = []
    for tok in tokens:
        for t in (tok, *tok.conjuncts):
            named = [c for c in t.children if c.dep_ == "appos" and c.ent_type_ in {"GPE", "ORG"}]
            for u in (t, *named):
                if u not in out:
                    out.append(u)
    return out


def agent_of(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ == "agent":
            return [c for c in child.children if c.dep_ == "pobj"]
    return []


def prep_objects(token: Token, preps: set[str]) -> list[tuple[str, Token]]:
    out = []
    for child in token.children:
        # The parser sometimes labels "between" after a participle as an agent.
        if (
            child.dep_ in {"prep", "dative"} or (child.dep_ == "agent" and child.lower_ != "by")
        ) and child.lower_ in preps:
            out.extend((child.lower_, c) for c in child.children if c.dep_ == "pobj")
    return out


def speaker_of(token: Token, ctx: DocContext, reporting: frozenset[str], reported_only: bool = False) -> list[Token]:
    """Who says or stands behind a clause: the subject of the nearest reporting
    verb above it ("X said Russia would pay"), or (unless ``reported_only``) of the
    verb whose object or complement it is ("Blinken reaffirmed the willingness to
    impose ...")."""
    for verb in _speaker_verbs(token, reporting):
        if reported_only and verb.lemma_.lower() not in reporting:
            continue
        subs, _ = subjects(verb, ctx)
        named = [s for s in subs if ctx.actors(s)]
        if named:
            return named
    return []


def addressee_of(token: Token, reporting: frozenset[str]) -> list[Token]:
    """Whom the speaker addresses: "Blinken informed Lavrov that ...", "warned Russia that ..."."""
    for verb in _speaker_verbs(token, reporting):
        return [c for c in verb.children if c.dep_ in {"dobj", "dative", "obj"} and c.pos_ in {"PROPN", "NOUN"}]
    return []


_SPEAKER_PATH = {
    "ccomp",
    "xcomp",
    "parataxis",
    "dobj",
    "advcl",
    "conj",
    "acl",
    "pobj",
    "prep",
    "relcl",
    "attr",
    "acomp",
    "npadvmod",
}


def _speaker_verbs(token: Token, reporting: frozenset[str]) -> list[Token]:
    """Verbs above ``token`` whose subject could be its speaker, nearest first."""
    found: list[Token] = []
    current = token
    for _ in range(7):
        head = current.head
        if head == current or current.dep_ not in _SPEAKER_PATH:
            break
        if head.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
            if head.lemma_.lower() in reporting or current.dep_ in {"dobj", "xcomp", "ccomp"}:
                found.append(head)
        current = head
    return found


@dataclass(slots=True)
class _Parties:
    """Tokens that may name the roles of one event, before they become actors."""

    agents: list[Token] = field(default_factory=list)
    patients: list[Token] = field(default_factory=list)
    partners: list[Token] = field(default_factory=list)


class ArgumentFinder:
    """Fills :class:`Roles` for a trigger, as its type's role rules (types.yaml) say."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.types = lexicon.types
        self.reporting = lexicon.cue_words("modality", "reporting_verbs")
        self.location_preps = lexicon.cue_words("arguments", "location_preps")
        self.hop_preps = _HOP_PREPS | self.location_preps
        self.facilities = lexicon.cue_words("arguments", "facilities")
        self.message_words = lexicon.cue_words("arguments", "message_words")
        self.force_class = lexicon.classes["force"]
        self.visit_verbs = lexicon.cue_words("arguments", "visit_verbs")
        self.speaking_verbs = lexicon.cue_words("arguments", "speaking_verbs")
        self.commentary_verbs = lexicon.cue_words("arguments", "commentary_verbs")
        self.undergoer_verbs = lexicon.cue_words("arguments", "undergoer_verbs")
        self.proposal_verbs = lexicon.cue_words("arguments", "proposal_verbs")
        self.stative_passives = lexicon.cue_words("arguments", "stative_passives")
        self.claimed_nouns = lexicon.cue_words("modality", "claimed_nouns")
        self.perception_verbs = lexicon.cue_words("modality", "perception_verbs")

    def find(
        self,
        anchor: Token,
        event_type: str,
        ctx: DocContext,
        subject_is_target: bool = False,
        subtype: str | None = None,
    ) -> Roles:
        """The roles of the event of ``event_type`` whose trigger is ``anchor``; with
        ``subject_is_target`` the grammatical subject receives the act ("came under attack")."""
        rules = self.types[event_type].roles
        is_noun = anchor.pos_ in {"NOUN", "PROPN", "ADJ"}
        verb = governing_verb(anchor) if is_noun else anchor
        parties = self._noun_parties(anchor, verb, rules, ctx) if is_noun else self._verb_parties(anchor, rules, ctx)
        if rules.partners_from_context:
            parties.partners.extend(self._context_partners(anchor, verb, ctx))
        if subject_is_target:
            parties.patients = parties.agents + parties.patients
            parties.agents = []
        if rules.speaker_is_source and (
            not parties.agents or (is_noun and not any(c.dep_ == "poss" for c in anchor.children) and verb is None)
        ):
            # the speaker of a charge is not the one who faces it ("the leader faces charges")
            speakers = [t for t in speaker_of(anchor, ctx, self.reporting) if not (is_noun and t in parties.patients)]
            parties.agents = speakers or parties.agents
        if rules.addressee_is_target and not any(ctx.actor(p) for p in parties.patients):
            parties.patients = self.addressee(anchor, ctx) or [
                t for t in addressee_of(anchor, self.reporting) if ctx.actor(t) is not None
            ]
        roles = self._assign(parties, rules.symmetric_for(subtype), ctx)
        if rules.facility_targets and not roles.target and not rules.symmetric_for(subtype):
            roles.target = self._facilities(with_conjuncts(parties.patients), ctx)
        roles.location = self._location(anchor, verb, ctx, rules)
        if roles.location is not None:
            # "were meeting at the Qahira Hotel": where they met is not who met
            place = roles.location
            roles.participants = [a for a in roles.participants if (a.start, a.end) != (place.start, place.end)]
        if rules.visit_host_is_participant and anchor.lemma_.lower() in self.visit_verbs:
            host = _host_country(roles.location, roles.participants, ctx)
            if host is not None:
                roles.participants.append(host)
        if rules.border_country_is_target and not roles.target:
            aimed_at = _border_country(roles.location, roles.source, ctx)
            if aimed_at is not None:
                roles.target.append(aimed_at)
        if rules.force:
            roles.force = self._force(anchor, verb)
            if not roles.source:  # "Russian troops were deployed", with or without a number
                roles.source = self._force_owner(anchor, verb, ctx)
        if rules.target_from_proposal and not roles.target and not is_noun and _refused_nothing(anchor):
            roles.target = [a for a in self._last_proposer(anchor, ctx) if not _same(a, roles.source)]
        return roles

    def _last_proposer(self, refusal: Token, ctx: DocContext) -> list[Actor]:
        """Who made the proposal, offer or request last before ``refusal``, in its sentence
        or the one before ("the Chinese side proposed ..., but the European side refused")."""
        sent = refusal.sent
        start = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for tok in reversed(ctx.doc[start : refusal.i]):
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.proposal_verbs:
                makers, passive = subjects(tok, ctx)
                found = [] if passive else self.actors(makers, ctx)
                if found:
                    return found
        return []

    def _noun_parties(self, anchor: Token, verb: Token | None, rules: RoleRules, ctx: DocContext) -> _Parties:
        """ "Russia's deployment", "talks between A and B", "an attack on Kyiv", "held talks with"."""
        found = _Parties()
        undergone = rules.possessor_is_target and not prep_objects(anchor, {"of"})
        sufferer = False  # whether a possessor undergoes the act
        for child in anchor.children:
            if child.dep_ == "poss":
                (found.patients if undergone else found.agents).append(child)
                sufferer = undergone
            elif child.dep_ in {"compound", "amod", "nmod"} and self._names_actor(child, ctx):
                if _place_modifier(child, ctx):
                    continue  # "the Jeddah talks": a place, picked up as the location
                found.agents.append(child)
            elif child.dep_ == "amod" and child.lemma_.lower() == "lead":
                # "the Washington-led war": who leads it does it
                found.agents.extend(
                    g
                    for g in child.children
                    if g.dep_ in {"npadvmod", "compound", "nmod"} and self._names_actor(g, ctx)
                )
        holder = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "for" else None
        if holder is not None and holder.lemma_.lower() in self.claimed_nouns and holder.head.pos_ == "VERB":
            # "BLA claimed responsibility for the attacks": the claimant did it
            claimants, passive = subjects(holder.head, ctx)
            if not passive:
                found.agents.extend(claimants)
        for prep, obj in prep_objects(anchor, _NOUN_PREPS):
            if prep == "by":
                found.agents.append(obj)
            elif prep in {"between", "among", "with"} or (prep == "of" and rules.symmetric):
                # "a meeting of the U.N. Security Council": the body that meets takes part
                found.partners.append(obj)
            elif rules.noun_prep_targets:
                found.patients.append(obj)
        if (
            verb is not None
            and anchor.dep_ not in {"nsubj", "nsubjpass"}
            and verb.lemma_.lower() not in self.perception_verbs
        ):
            # ("we can hear gunfire": who hears it did not fire)
            # "He will travel to Canada for meetings with G7 ministers": the traveller
            # is a party too, partners or not; "talks between A and B" name all parties.
            named_all = any(p in {"between", "among"} for p, _ in prep_objects(anchor, _NOUN_PREPS))
            if not named_all:
                subs, passive = subjects(verb, ctx)
                passive = passive and verb.lemma_.lower() not in self.stative_passives
                # "had sustained injuries" is sometimes parsed with "sustained" as a modifier
                undergoes = passive or any(
                    t.lemma_.lower() in self.undergoer_verbs for t in (verb, *anchor.children) if t.dep_ != "prep"
                )
                # "rights groups condemned Mhlanga's arrest": who judges an act did not do it
                judges = verb.lemma_.lower() in self.commentary_verbs or any(c.dep_ == "oprd" for c in verb.children)
                # "Trump confirmed al-Rufay'i's killing": nor does who reports a possessor's ordeal
                if not found.agents and not judges and not sufferer:
                    (found.patients if undergoes else found.agents).extend(subs)
                found.partners.extend(obj for _, obj in prep_objects(verb, {"with"}))
                if rules.verb_prep_targets:
                    found.patients.extend(obj for _, obj in prep_objects(verb, {"against", "on"}))
        return found

    def _verb_parties(self, anchor: Token, rules: RoleRules, ctx: DocContext) -> _Parties:
        """Subject, objects and prepositional phrases of a verb trigger."""
        found = _Parties()
        subs, passive = subjects(anchor, ctx)
        undergoes = anchor.lemma_.lower() in self.undergoer_verbs
        doers = agent_of(anchor)
        if passive and anchor.lemma_.lower() not in self.stative_passives:
            # "Russian troops were deployed": the troops are what is moved, not a target.
            found.patients.extend(s for s in subs if self._may_be_target(s, rules, ctx))
            found.agents.extend(doers)
        elif undergoes:
            found.patients.extend(subs)  # "21 passengers died", "lost their lives"
        elif doers and anchor.tag_ == "VBN":
            # a participle with its doer: "a meeting requested by the United States",
            # "a hypothesis ... dismissed by ambassador Simon"
            found.agents.extend(doers)
        else:
            found.agents.extend(subs)
        if (passive or undergoes) and not found.agents:
            # "died in the attack by the BLA", "lost their lives in the hijacking by armed
            # militants": whoever did the incident did the harm
            found.agents.extend(self._incident_doers(anchor, ctx))
        objects = [c for c in anchor.children if c.dep_ in {"dobj", "obj", "dative"}]
        if not objects and not passive:
            # "killed and injured 1,000 Taliban fighters", "shot and killed people": a verb
            # with no object of its own shares the one of the verb joined to it
            objects = [
                c
                for v in anchor.children
                if v.dep_ == "conj" and v.pos_ == "VERB"
                for c in v.children
                if c.dep_ in {"dobj", "obj"}
            ]
        for child in objects:
            if self._may_be_target(child, rules, ctx):
                found.patients.append(child)
        for child in anchor.children:
            if child.dep_ in {"dobj", "obj"}:
                # "signed a free trade agreement with Mauritius", "held talks with Kyiv"
                found.partners.extend(obj for _, obj in prep_objects(child, {"with"}))
                if rules.to_target:  # "donated vaccines to the Philippines"
                    found.patients.extend(obj for _, obj in prep_objects(child, {"to"}))
                if rules.noun_prep_targets and rules.verb_prep_targets:
                    # "imposed new tariffs on U.S. exports": the object's "on X" is the target
                    found.patients.extend(obj for _, obj in prep_objects(child, {"on", "against", "upon"}))
        for prep, obj in prep_objects(anchor, _VERB_PREPS):
            if prep in {"with", "between"}:
                found.partners.append(obj)
            elif prep in {"against", "on", "upon", "at"}:
                found.patients.append(obj)
            elif prep == "to" and rules.to_target:
                found.patients.append(obj)
        if rules.from_target:  # "withdrew from ECOWAS", "pulled out of the deal"; not a place
            found.patients.extend(obj for obj in left_behind(anchor) if ctx.location(obj) is None)
        if rules.target_from_object_source:
            for child in anchor.children:
                if child.dep_ in {"dobj", "obj"}:
                    found.patients.extend(obj for _, obj in prep_objects(child, {"from"}))
        if rules.target_from_object_owner:
            found.patients.extend(self._owners_of_objects(anchor, ctx))
        if rules.target_from_clause_subject:
            found.patients.extend(_clause_subjects(anchor, ctx))
        # "call on Russia to", "spoke by phone with Kuleba": objects hang off particles
        for child in anchor.children:
            if child.dep_ == "prt":
                found.patients.extend(c for c in child.children if c.dep_ == "pobj")
        return found

    def _incident_doers(self, verb: Token, ctx: DocContext) -> list[Token]:
        """Who did the incident a harm happened in: the "by X" or "X's" of the noun after
        "in/during" ("in the attack by the BLA"), or a "by X" on the verb itself."""
        doers = [obj for prep, obj in prep_objects(verb, {"by"}) if ctx.actor(obj) is not None]
        for _, incident in prep_objects(verb, {"in", "during"}):
            doers += [obj for _, obj in prep_objects(incident, {"by"}) if ctx.actor(obj) is not None]
            doers += [c for c in incident.children if c.dep_ == "poss" and ctx.actor(c) is not None]
        return doers

    def _owners_of_objects(self, verb: Token, ctx: DocContext) -> list[Token]:
        """Whose thing a verb acts on: "Kenya's request", "a hearing by the ICJ", "the EU
        plan"; through an infinitive it governs ("refused to meet Putin", "refused to
        attend a hearing by the ICJ")."""
        things = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
        things += [obj for _, obj in prep_objects(verb, {"to", "on"})]
        for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
            things += [c for c in xcomp.children if c.dep_ in {"dobj", "obj"}]
            things += [obj for _, obj in prep_objects(xcomp, {"to", "with", "in"})]
        owners = []
        for thing in things:
            if ctx.actor(thing) is not None and (
                thing.pos_ in {"PROPN", "PRON"} or thing.lemma_.lower() in ctx.gazetteer.actor_nouns
            ):
                owners.append(thing)  # "refused to meet Putin", "refused to enroll the girl"
                continue
            owners += [c for c in thing.children if c.dep_ == "poss" and ctx.actor(c) is not None]
            owners += [
                c
                for c in thing.children
                if c.dep_ in {"compound", "amod"} and self._names_actor(c, ctx) and ctx.actor(c) is not None
            ]
            owners += [obj for _, obj in prep_objects(thing, {"by", "from", "of"}) if ctx.actor(obj) is not None]
        return owners

    def _may_be_target(self, token: Token, rules: RoleRules, ctx: DocContext) -> bool:
        """Whether an object (or passive subject) may be the act's target: for types that
        move things ("deployed troops"), only a noun that names an actor."""
        if rules.object_targets == "all" or ctx.hits.get(token.i) is not None:
            return True
        lemma = token.lemma_.lower()
        return lemma in ctx.gazetteer.actor_nouns and not self._is_force(lemma, lemma)

    def _assign(self, parties: _Parties, symmetric: bool, ctx: DocContext) -> Roles:
        """Actors into the roles: all parties of a symmetric act are participants."""
        agents = _without_appositions(with_conjuncts(parties.agents))
        patients = _without_appositions(with_conjuncts(parties.patients))
        partners = _without_appositions(with_conjuncts(parties.partners))
        roles = Roles()
        if symmetric:
            roles.participants = _members(self.actors(agents + partners + patients, ctx), ctx)
        else:
            roles.source = self.actors(agents, ctx)
            roles.target = [a for a in self.actors(patients + partners, ctx) if not _same(a, roles.source)]
        return roles

    def _context_partners(self, anchor: Token, verb: Token | None, ctx: DocContext) -> list[Token]:
        """Parties named by with/between/among/to near the trigger ("spoke by phone on
        February 4 with Kuleba", "a meeting in Bucharest between A and B", "talks are
        ongoing with Qatar", "spoke to Boris Johnson")."""
        heads = [anchor]
        heads.extend(
            c for c in anchor.children if c.dep_ in {"npadvmod", "prep", "pobj", "dobj", "advmod", "prt", "acl"}
        )
        for prep in [c for c in anchor.children if c.dep_ == "prep"]:
            heads.extend(c for c in prep.children if c.dep_ == "pobj")
        if verb is not None and anchor.dep_ in {"nsubj", "nsubjpass"}:
            heads.append(verb)
            heads.extend(c for c in verb.children if c.dep_ in {"acomp", "advmod"})
        found: list[Token] = []
        for head in heads:
            for prep, obj in prep_objects(head, {"with", "between", "among", "to"}):
                if prep == "to" and (ctx.location(obj) is not None or anchor.lemma_.lower() not in self.speaking_verbs):
                    continue
                if obj not in found:
                    found.append(obj)
        return found

    def addressee(self, anchor: Token, ctx: DocContext) -> list[Token]:
        """Who a warning is meant for when it has no object: "a message to Russia that ...",
        or the actor of its if-clause ("... if Moscow attacks")."""
        current = anchor
        for step in range(3):
            # "send a clear message to Russia that ...": the message's recipient
            carriers = [current] if step == 0 or current.lemma_.lower() in self.message_words else []
            carriers += [c for c in current.children if c.lemma_.lower() in self.message_words and c is not anchor]
            carriers += [
                g
                for c in list(carriers)
                for g in c.children
                if g.dep_ in {"dobj", "obj"} and g.lemma_.lower() in self.message_words
            ]
            for carrier in carriers:
                for _, obj in prep_objects(carrier, {"to"}):
                    if ctx.actor(obj) is not None:
                        return [obj]
            # the if-clause of the act itself, or of what it says ("warned that it would
            # execute the hostages if the state did not release prisoners")
            said = [c for c in current.children if c.dep_ == "ccomp"] if step == 0 else []
            for child in [*current.children, *(g for c in said for g in c.children)]:
                if child.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in child.children):
                    subs, _ = subjects(child, ctx)
                    if subs and ctx.actor(subs[0]) is not None:
                        return subs
            # whom what it says is about: "warned that the Somali government's actions
            # would divide the country", "that cooperation between Russia and North Korea
            # is dangerous", "that Iran would pay"
            for clause in said:
                if clause.i < anchor.i or clause.lemma_.lower() in self.reporting:
                    continue  # what it says follows it and is no report of its own
                found = self._clause_parties(clause, ctx)
                if found:
                    return found
            # whom the act it threatens is done to: "threatened to break their cease-fire
            # with international forces", "threatened to retaliate against Ottawa"
            if step == 0:
                for act in (c for c in current.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
                    found = [obj for _, obj in prep_objects(act, {"with", "against", "on"}) if ctx.actor(obj)]
                    if found:
                        return [*found, *(c for f in found for c in f.conjuncts if ctx.actor(c) is not None)]
            if current.head == current:
                break
            current = current.head
        return []

    def _clause_parties(self, clause: Token, ctx: DocContext) -> list[Token]:
        """The actor a clause is about: its subject, or the subject's owner or parties."""
        subjects_ = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # "that expanding cooperation between Russia and North Korea is dangerous": a
        # gerund's object stands for the subject
        subjects_ += [o for c in clause.children if c.dep_ == "csubj" for o in c.children if o.dep_ == "dobj"]
        for subject in subjects_:
            if subject.pos_ == "PRON":
                continue  # "warned that it would ...": the speaker's own side, mostly
            if ctx.actor(subject) is not None and self._names_actor(subject, ctx):
                return [subject, *(c for c in subject.conjuncts if ctx.actor(c) is not None)]
            owners = [c for c in subject.children if c.dep_ == "poss" and ctx.actor(c) is not None]
            owners += [obj for _, obj in prep_objects(subject, {"between", "of", "by"}) if ctx.actor(obj) is not None]
            owners += [c for o in list(owners) for c in o.conjuncts if ctx.actor(c) is not None]
            if owners:
                return owners
        return []

    def _names_actor(self, token: Token, ctx: DocContext) -> bool:
        return (
            token.i in ctx.hits
            or token.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}
            or bool(ctx.gazetteer.demonym(token.text))
        )

    def _facilities(self, tokens: list[Token], ctx: DocContext) -> list[Actor]:
        """What an attack is aimed at when it names no actor: "an assault on a joint
        Kenya-U.S. military base", "stormed a hotel" (the whole noun phrase, as OTHER)."""
        found = []
        for token in tokens:
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.facilities:
                span = ctx.phrase_span(token)
                country = ctx.country_in_span(span, token)
                found.append(Actor(span.text, span.start_char, span.end_char, "OTHER", country, None))
        return found

    def actors(self, tokens: list[Token], ctx: DocContext) -> list[Actor]:
        """The actors ``tokens`` name, once each ("diplomats from Russia and Ukraine": both)."""
        out: list[Actor] = []
        expanded: list[Token] = []
        for tok in tokens:
            members = _represented(tok, ctx)
            expanded.extend(members or [tok])
        for tok in expanded:
            for actor in ctx.actors(tok):
                if not _same(actor, out):
                    out.append(actor)
        return out

    def _location(self, anchor: Token, verb: Token | None, ctx: DocContext, rules: RoleRules) -> Location | None:
        for child in anchor.children:
            if child.dep_ in {"compound", "nmod"} and _place_modifier(child, ctx):
                return ctx.location(child)
        heads = [anchor]
        if verb is not None and verb is not anchor:
            heads.append(verb)
        heads.extend(t for t in clause_chain(verb or anchor)[1:] if t not in heads)
        for head in heads:
            for prep, obj in prep_objects(head, self.location_preps):
                if (prep == "to" and not rules.location_to) or (prep == "from" and not rules.location_from):
                    continue
                location = ctx.location(obj)
                if location is not None:
                    return location
            if head.lemma_.lower() in {"visit", "host"}:
                for child in head.children:
                    if child.dep_ in {"dobj", "obj"}:
                        location = ctx.location(child)
                        if location is not None:
                            return location
        # Where the parser hangs the place on the object: "massed troops at the border
        # with Ukraine", "deployed 3,000 troops near Kharkiv".
        for head in heads[:2]:
            objects = [c for c in head.children if c.dep_ in {"dobj", "obj", "nsubjpass"}]
            if head is anchor and anchor.pos_ in {"NOUN", "PROPN"}:
                # a noun's "of" object is its verb's object: "the arrest of five people in Irbil"
                objects += [obj for _, obj in prep_objects(anchor, {"of"})]
            for obj in objects:
                for prep, place in prep_objects(obj, self.location_preps):
                    if prep in {"to", "from"}:
                        continue
                    location = ctx.location(place)
                    if location is not None:
                        return location
        # One step further: the place of what the act is aimed at or happens in ("laid
        # siege to a hotel in the town of Beledweyne", "arrested in his car in Brooklyn"),
        # or of the clause a noun heads ("meetings that wrapped up in Beijing").
        for head in heads[:2]:
            hops = [obj for _, obj in prep_objects(head, self.hop_preps)]
            hops += [c for c in head.children if c.dep_ == "relcl" and head is anchor]
            for hop in hops:
                for _, place in prep_objects(hop, {"in", "at", "near", "outside", "inside"}):
                    location = ctx.location(place)
                    if location is not None:
                        return location
        return None

    def _force(self, anchor: Token, verb: Token | None) -> Force | None:
        candidates: list[Token] = []
        heads = [anchor] if anchor.pos_ == "VERB" or verb is None else [anchor]
        if anchor.pos_ != "VERB" and verb is not None and anchor.dep_ in {"dobj", "nsubj", "nsubjpass"}:
            heads.append(verb)  # "the deployment of 3,000 troops", "began moving 100 tanks"
        for head in heads:
            for child in head.children:
                if child.dep_ in {"ccomp", "advcl", "relcl", "parataxis", "conj"}:
                    continue
                candidates.extend(t for t in child.subtree if self._is_force(t.lower_, t.lemma_.lower()))
        if self._is_force(anchor.lower_, anchor.lemma_.lower()):
            candidates.insert(0, anchor)
        for noun in candidates:
            quantity = parse_quantity(noun)
            if quantity is not None:
                size, start_tok = quantity
                span = noun.doc[start_tok.i : noun.i + 1]
                return Force(size, span.text, span.start_char, span.end_char)
        return None

    def _is_force(self, word: str, lemma: str) -> bool:
        return word in self.force_class or lemma in self.force_class

    def _force_owner(self, anchor: Token, verb: Token | None, ctx: DocContext) -> list[Actor]:
        """ "Russian troops were deployed": the troops' nationality is the source."""
        for head in [anchor] + ([verb] if verb is not None else []):
            for tok in head.subtree:
                if self._is_force(tok.lower_, tok.lemma_.lower()):
                    for child in tok.children:
                        if child.dep_ in {"amod", "compound", "poss"} and self._names_actor(child, ctx):
                            actor = ctx.actor(child)
                            if actor is None:
                                continue
                            if child.dep_ == "poss":
                                return [actor]  # "Russia's troops": Russia itself
                            # "Russian troops": the troops, coded with their country (RUSMIL).
                            span = ctx.doc[child.i : tok.i + 1]
                            return [replace(actor, text=span.text, start=span.start_char, end=span.end_char)]
        return []


def _border_country(location: Location | None, sources: list[Actor], ctx: DocContext) -> Actor | None:
    """The country along whose border a force is sent: "at the border with Ukraine"."""
    if location is None or location.country is None:
        return None
    first = location.text.split()[0].lower() if location.text else ""
    if first not in {"border", "frontier", "borders"} or any(s.country == location.country for s in sources):
        return None
    span = ctx.doc.char_span(location.start, location.end, alignment_mode="expand")
    for token in span if span is not None else ():
        if token.i in ctx.hits or token.ent_type_ == "GPE":
            actor = ctx.actor(token)
            if actor is not None and actor.country == location.country:
                return actor
    return None


def _host_country(location: Location | None, participants: list[Actor], ctx: DocContext) -> Actor | None:
    """A visit to a country is a meeting with it: "he will travel to Russia"."""
    if location is None or location.country is None:
        return None
    if any(p.country == location.country for p in participants):
        return None
    name = ctx.gazetteer.country_names.get(location.country, location.text)
    return Actor(location.text, location.start, location.end, "GPE", location.country, name)


def _without_appositions(tokens: list[Token]) -> list[Token]:
    """ "Lai's son Sebastien", "ex-Soviet republic Belarus": a noun and the name in
    apposition to it are one party, listed once, by the name."""
    listed = set(tokens)
    return [
        t
        for t in tokens
        if not (t.pos_ == "NOUN" and any(c.dep_ == "appos" and c.pos_ == "PROPN" and c in listed for c in t.children))
    ]


def _clause_subjects(verb: Token, ctx: DocContext) -> list[Token]:
    """Who is asked to act: the subject of the clause a demand governs ("demanded that
    Beijing remove them") or of "for X to" ("called for the Taliban to lift the ban")."""
    found = []
    for child in verb.children:
        # "called for the Taliban to lift": the parser may make "for" the infinitive's mark
        for_clause = child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in child.children)
        if child.dep_ in {"ccomp", "xcomp"} or for_clause:
            found += [c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"} and ctx.actor(c) is not None]
    # "called for the Taliban to lift": the parser hangs the infinitive off the noun or
    # the verb, so the actor after "for" (or the particle) is taken either way.
    for particle in (c for c in verb.children if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ == "for")):
        for pobj in (c for c in particle.children if c.dep_ == "pobj"):
            if pobj not in found and ctx.actor(pobj) is not None:
                found.append(pobj)
    return found


def _represented(token: Token, ctx: DocContext) -> list[Token]:
    """Countries a generic group stands for: "diplomats from Russia and Ukraine"."""
    if token.pos_ != "NOUN" or token.tag_ not in {"NNS", "NNPS"}:
        return []
    for _, obj in prep_objects(token, {"from", "of"}):
        hit = ctx.hits.get(obj.i)
        if hit is not None and hit.entry.kind in {"country", "igo"}:
            return [obj, *obj.conjuncts]
    return []


def _members(actors: list[Actor], ctx: DocContext) -> list[Actor]:
    """Parties with a grouping replaced by its members ("the G7 talks": seven states),
    each shown at the grouping's words."""
    out: list[Actor] = []
    for actor in actors:
        members = ctx.gazetteer.grouping_members.get(actor.country or "")
        if not members:
            out.append(actor)
            continue
        for code in members:
            member = Actor(actor.text, actor.start, actor.end, "GPE", code, ctx.gazetteer.country_names.get(code, code))
            if not any(o.country == code for o in out):
                out.append(member)
    return out


def _same(actor: Actor, others: list[Actor]) -> bool:
    # A pronoun can stand for several actors at the same offsets ("They").
    return any(o.start == actor.start and o.end == actor.end and o.key == actor.key for o in others)


def _place_modifier(token: Token, ctx: DocContext) -> bool:
    """Whether a name before a noun is where, not who: a capital ("the Beijing talks")
    or a place the gazetteer does not know as an actor ("the Jeddah talks")."""
    hit = ctx.hits.get(token.i)
    if hit is not None:
        return hit.entry.kind == "capital"
    return token.ent_type_ in {"GPE", "LOC", "FAC"} and ctx.location(token) is not None


def _refused_nothing(verb: Token) -> bool:
    """A refusal that says nothing of what is refused: no object, clause or prepositional
    phrase ("but the European side refused", "The relatives refused.")."""
    return not any(c.dep_ in {"dobj", "obj", "xcomp", "ccomp", "prep", "nsubjpass", "attr"} for c in verb.children)
