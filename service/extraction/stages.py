"""From a detected trigger to an event: named stages over one :class:`EventDraft`.

The extractor runs its ``stages`` in order over each mention; a stage fills or
revises part of the draft, or returns None when the mention is no event
(a conditional attack, one someone acts to prevent). What each stage does for
a given type is read from the type's behaviour (lexicon/types.yaml).

    content -> modality -> roles -> realis -> kept_open -> subtype -> time -> confidence
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from .actors import DocContext
from .arguments import ArgumentFinder, Roles, governing_verb, left_behind, speaker_of
from .detection import DetectedTrigger
from .events import Actor, Content, Event, Mention, Modality, Span, TimeExpression
from .lexicon import Lexicon
from .modality import ModalityDetector, participle_alongside
from .timex import TimeAttacher

_NOUN_POS = {"NOUN", "PROPN", "ADJ"}
# Prepositions that name a cause ("died from", "deaths of", "killed by", "due to").
_CAUSAL = {"from", "of", "by", "to", "due", "because", "through"}


@dataclass(slots=True)
class EventDraft:
    """One mention on its way to becoming an event."""

    trigger: DetectedTrigger
    anchor: Token  # the token that carries the syntax
    verb: Token | None  # the verb governing a noun trigger ("held talks")
    type: str
    subtype: str | None
    anchor_date: date | None  # the day relative dates count from
    confidence: float
    # A definite mention without actors ("the talks") may join an earlier event.
    anaphoric: bool = False
    modality: Modality = field(default_factory=Modality)
    roles: Roles = field(default_factory=Roles)
    time: TimeExpression | None = None
    content: list[Content] = field(default_factory=list)
    # Set when a recoding makes the subject the one acted on ("Kyiv must agree": a demand).
    subject_is_target: bool | None = None

    @classmethod
    def start(cls, doc: Doc, trigger: DetectedTrigger, anchor_date: date | None, anaphoric_dets: frozenset[str]):
        anchor = doc[trigger.anchor]
        return cls(
            trigger=trigger,
            anchor=anchor,
            verb=governing_verb(anchor) if anchor.pos_ in _NOUN_POS else None,
            type=trigger.type,
            subtype=trigger.subtype,
            anchor_date=anchor_date,
            confidence=trigger.confidence,
            anaphoric=anchor.pos_ in {"NOUN", "PROPN"}
            and any(c.dep_ in {"det", "poss"} and c.lower_ in anaphoric_dets for c in anchor.children),
        )

    def to_event(self) -> Event:
        doc = self.anchor.doc
        span = doc[self.trigger.start : self.trigger.end]
        trigger = Span(span.text, span.start_char, span.end_char)
        sent = self.anchor.sent
        text = sent.text.rstrip()
        sentence = Span(text, sent.start_char, sent.start_char + len(text))
        return Event(
            type=self.type,
            subtype=self.subtype,
            trigger=trigger,
            mentions=[
                Mention(
                    trigger=trigger,
                    sentence=sentence,
                    modality=Modality(self.modality.polarity, self.modality.status),
                )
            ],
            source=self.roles.source,
            target=self.roles.target,
            participants=self.roles.participants,
            location=self.roles.location,
            time=self.time,
            modality=self.modality,
            confidence=self.confidence,
            force=self.roles.force,
            content=list(self.content),
        )


_CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "obj", "pobj", "prep", "pcomp", "acl", "advcl"}


class ContentStage:
    """What a warning, demand or accusation says is not an act of its own (types.yaml:
    realis.carries_content): "warned Russia against an incursion", "demanded that
    troops withdraw", "accused Kyiv of shelling". The mention leaves the stages and
    becomes the carrying event's ``content``, with its own status, never asserted:
    it is warned of, asked for or alleged (the extractor attaches it)."""

    def __init__(self, lexicon: Lexicon, modality: ModalityDetector) -> None:
        self.carriers = frozenset(name for name, b in lexicon.types.items() if b.realis.carries_content)
        self.modality = modality

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft | None:
        current = draft.anchor
        for _ in range(4):
            if current.dep_ not in _CONTENT_DEPS or current.head == current:
                return draft
            if participle_alongside(current):
                return draft  # "Threatening to kill the hostages, BLA demanded ...": an act alongside, not asked for
            current = current.head
            carrier = ctx.triggers.get(current.i)
            # A warning inside a warning is the same act said twice ("it will pay a
            # heavy price, Biden warned"): merging joins them, not this stage.
            if carrier in self.carriers and carrier != draft.type and current != draft.anchor:
                span = draft.anchor.doc[draft.trigger.start : draft.trigger.end]
                modality = self.modality.detect(draft.anchor, draft.verb, draft.type)
                if modality.status == "asserted":
                    modality.status = "hypothetical"  # warned of, asked for or alleged: not established
                ctx.contents.setdefault(current.i, []).append(
                    Content(draft.type, draft.subtype, Span(span.text, span.start_char, span.end_char), modality)
                )
                return None
        return draft


class GenericStage:
    """Generic and habitual references are no events (docs/ANNOTATION.md): "Talks are a
    good thing in general", "Negotiations generally take months", "the group frequently
    conducts bombings", "are arrested at much higher rates". The mention is dropped."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.types = lexicon.types
        self.adverbs = lexicon.cue_words("generic", "habitual_adverbs")
        self.heads = lexicon.cue_words("generic", "habitual_heads")
        self.rates = lexicon.cue_words("generic", "rate_nouns")
        self.natural_causes = lexicon.cue_words("generic", "natural_causes")

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft | None:
        clause = draft.verb if draft.verb is not None else draft.anchor
        if self._habitual(clause) or (draft.anchor.pos_ in _NOUN_POS and _kind_not_instance(draft.anchor)):
            return None
        if _activity_as_subject(draft.anchor):
            return None
        if self.types[draft.type].realis.human_cause_only and self._natural_cause(draft.anchor, clause):
            return None
        return draft

    def _natural_cause(self, anchor: Token, clause: Token) -> bool:
        """Whether the clause blames a disease or disaster: "deaths linked to COVID-19",
        "before she dies from COVID", "Cyclone Jude ... causing no deaths"."""
        places = [anchor, clause]
        places += [
            c for c in (*anchor.children, *clause.children) if c.dep_ in {"prep", "agent"} and c.lower_ in _CAUSAL
        ]
        places += [c for c in anchor.children if c.dep_ in {"acl", "amod"}]
        places += [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "advcl"}]
        if clause.dep_ in {"xcomp", "advcl", "conj"}:  # "slammed into ..., causing no deaths"
            places += [c for c in clause.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        for head in places:
            tokens = [head] if head in (anchor, clause) else list(head.subtree)
            if any(t.lemma_.lower() in self.natural_causes or t.lower_ in self.natural_causes for t in tokens):
                return True
        return False

    def _habitual(self, verb: Token) -> bool:
        for child in verb.children:
            if child.dep_ == "advmod" and child.lower_ in self.adverbs:
                return True
            if child.dep_ == "prep" and any(
                (child.lower_ == "in" and c.lower_ == "general") or (child.lower_ == "at" and c.lower_ in self.rates)
                for c in child.children
            ):
                return True
        return verb.dep_ == "xcomp" and verb.head.lemma_ in self.heads


def _kind_not_instance(noun: Token) -> bool:
    """A bare noun that is the subject of a present-tense description: "Talks are a good
    thing", "War is terrible" (not "The talks are over", "Russia's war is ...")."""
    if noun.dep_ != "nsubj" or noun.head.lemma_ != "be" or noun.head.tag_ not in {"VBZ", "VBP"}:
        return False
    return not any(c.dep_ in {"det", "poss", "nummod", "compound", "amod", "prep"} for c in noun.children)


class ModalityStage:
    """Polarity and status from the words around the trigger."""

    def __init__(self, modality: ModalityDetector) -> None:
        self.modality = modality

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft:
        draft.modality = self.modality.detect(draft.anchor, draft.verb, draft.type)
        return draft


@dataclass(frozen=True, slots=True)
class RecodeRule:
    """One construction codebooks recode (cues.yaml ``recode``)."""

    name: str
    types: frozenset[str]
    to_type: str
    to_subtype: str | None
    heads: frozenset[str] = frozenset()
    particles: tuple[tuple[str, str], ...] = ()
    negated: bool = False
    modals: frozenset[str] = frozenset()
    unless: bool = False
    subject_is_target: bool = False
    # The trigger itself starts with one of ``modals`` ("must address"): the modal demand
    # of triggers.py, made now and positive whatever it asks ("shouldn't give").
    trigger_is_modal: bool = False
    # The trigger's "from" / "out of" names a body or a pact, not a place: "withdrew
    # from ECOWAS", "pulled out of the Paris agreement".
    leaves: bool = False


class RecodeStage:
    """Acts that say the opposite of their trigger, recoded the way codebooks do:
    "halted aid" is a sanction, "cancelled a visit" and "will not accept" are
    rejections, "Kyiv must agree" is a demand of Kyiv, "will withdraw unless ..." a
    conditional threat. The first rule of cues.yaml ``recode`` that holds applies."""

    def __init__(self, lexicon: Lexicon, modality: ModalityDetector) -> None:
        self.modality = modality
        self.types = lexicon.types
        self.rules = [_recode_rule(raw) for raw in lexicon.cues.get("recode") or ()]
        self.bodies = lexicon.cue_words("arguments", "bodies_and_pacts")
        for rule in self.rules:
            for name in (*rule.types, rule.to_type):
                if name not in lexicon.types:
                    raise ValueError(f"cues.yaml recode {rule.name}: unknown type {name!r}")

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft:
        for rule in self.rules:
            if draft.type not in rule.types:
                continue
            head = self._head(draft, rule)
            if rule.heads and head is None:
                continue
            if rule.negated and not (draft.anchor.pos_ == "VERB" and _negated_itself(draft.anchor)):
                continue  # "will not accept", not "expired with no agreement"
            if rule.modals and not self._has_modal(draft, rule.modals):
                continue
            if rule.trigger_is_modal and draft.anchor.doc[draft.trigger.start].lower_ not in rule.modals:
                continue
            if rule.unless and not (self._unless(draft) and draft.modality.status in {"planned", "conditional"}):
                continue
            if rule.leaves and not self._leaves_body(draft, ctx):
                continue
            self._apply(draft, rule, head)
            break
        return draft

    def _head(self, draft: EventDraft, rule: RecodeRule) -> Token | None:
        """The verb that does something to the act: "halted [aid]", "failed to [reach]"."""
        anchor = draft.anchor
        candidates = [draft.verb] if draft.verb is not None else []
        if anchor.dep_ in {"xcomp", "dobj", "obj"}:
            candidates.append(anchor.head)
        if anchor.dep_ in {"advcl", "acomp", "oprd"} and anchor.tag_ == "VBN":
            candidates.append(anchor.head)  # "stand accused of"
        if anchor.dep_ == "pobj" and anchor.head.head.pos_ in {"VERB", "ADJ"}:
            candidates.append(anchor.head.head)  # "is opposed to mediation"
        for head in candidates:
            lemma = head.lemma_.lower()
            if lemma not in rule.heads:
                continue
            needed = dict(rule.particles).get(lemma)
            if needed and not any(c.dep_ == "prt" and c.lower_ == needed for c in head.children):
                continue
            return head
        return None

    def _has_modal(self, draft: EventDraft, modals: frozenset[str]) -> bool:
        clause = draft.verb if draft.verb is not None else draft.anchor
        return any(c.dep_ == "aux" and c.lower_ in modals for c in clause.children)

    def _unless(self, draft: EventDraft) -> bool:
        clause = draft.verb if draft.verb is not None else draft.anchor
        return any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
            for c in clause.children
        )

    def _leaves_body(self, draft: EventDraft, ctx: DocContext) -> bool:
        """Whether what the trigger leaves is an organisation or an agreement."""
        for thing in left_behind(draft.anchor):
            hit = ctx.hits.get(thing.i)
            if hit is not None:
                if hit.entry.kind in {"igo", "institution"}:
                    return True
                continue  # a country or a capital is a place left
            if thing.lemma_.lower() in self.bodies:
                return True
            # a named organisation, or an acronym that names no place ("ECOWAS")
            named = thing.ent_type_ == "ORG" or (thing.pos_ in {"PROPN", "NOUN"} and thing.is_upper and len(thing) > 2)
            if named and thing.ent_type_ not in {"GPE", "LOC", "FAC"} and ctx.location(thing) is None:
                return True
        return False

    def _apply(self, draft: EventDraft, rule: RecodeRule, head: Token | None) -> None:
        draft.type, draft.subtype = rule.to_type, rule.to_subtype
        if rule.subject_is_target:
            draft.subject_is_target = True
        if head is not None:
            # The act is the head's: its tense and negation decide ("halted aid" happened).
            draft.modality = self.modality.detect(head, None, rule.to_type)
        elif rule.trigger_is_modal:
            draft.modality = Modality("positive", "asserted")  # the demand is made; what it asks may be negated
        elif rule.negated:
            draft.modality = Modality("positive", draft.modality.status)  # the refusal is the act
        elif rule.modals:
            draft.modality = Modality(draft.modality.polarity, "asserted")  # the demand is made now
        elif rule.unless:
            draft.modality = Modality(draft.modality.polarity, "conditional")


def _negated_itself(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _recode_rule(raw: dict) -> RecodeRule:
    target = raw["to"]
    return RecodeRule(
        name=raw["name"],
        types=frozenset(raw["from"]),
        to_type=target["type"],
        to_subtype=target.get("subtype"),
        heads=frozenset(raw.get("heads") or ()),
        particles=tuple((raw.get("particles") or {}).items()),
        negated=bool(raw.get("negated", False)),
        modals=frozenset(raw.get("modals") or ()),
        unless=bool(raw.get("unless", False)),
        subject_is_target=bool(raw.get("subject_is_target", False)),
        trigger_is_modal=bool(raw.get("trigger_is_modal", False)),
        leaves=bool(raw.get("leaves", False)),
    )


class RoleStage:
    """Source, target, participants, location and force from the trigger's clause."""

    def __init__(self, arguments: ArgumentFinder) -> None:
        self.arguments = arguments

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft:
        subject_is_target = (
            draft.trigger.subject_is_target if draft.subject_is_target is None else draft.subject_is_target
        )
        draft.roles = self.arguments.find(draft.anchor, draft.type, ctx, subject_is_target, draft.subtype)
        return draft


class RealisStage:
    """Material acts are events only when they happen (types.yaml: realis.material).

    A conditional or denied one, or one somebody acts to prevent, is dropped. A
    foreseen one reported by somebody becomes what the type's
    ``foreseen_becomes`` names (an attack predicted by officials is their
    warning); other feared or intended ones keep their status, less confident.
    """

    def __init__(self, lexicon: Lexicon, modality: ModalityDetector, arguments: ArgumentFinder) -> None:
        self.types = lexicon.types
        self.modality = modality
        self.arguments = arguments

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft | None:
        realis = self.types[draft.type].realis
        status = draft.modality.status
        if not realis.material or status == "asserted":
            return draft
        if (
            status not in {"hypothetical", "planned"}
            or self.modality.prevented(draft.anchor, draft.verb)
            or self.modality.negated_purpose(draft.anchor, draft.verb)
        ):
            # "If Russia invades" (the warning carries it); "denies planning an
            # invasion"; "talks to prevent a clash"; "not sending forces to start a war".
            return None
        speakers = self._speakers(draft, ctx) if realis.foreseen_becomes else []
        if not speakers:
            draft.confidence -= 0.15
            return draft
        roles = draft.roles
        if _same_side(speakers, roles.source):
            # "Putin said Russia will strike": the actor announces it, a threat.
            draft.subtype = "threat"
        else:
            # Officials say someone else may attack: an alarm about the attacker.
            roles.target, draft.subtype = roles.source, "alarm"
        roles.source, roles.participants = speakers, []
        draft.type = realis.foreseen_becomes
        draft.modality.status = "asserted"
        draft.confidence = min(draft.confidence, 0.6)
        return draft

    def _speakers(self, draft: EventDraft, ctx: DocContext) -> list[Actor]:
        """Who foresees the act ("could launch one within days, officials said")."""
        if not self.modality.predicted(draft.anchor, draft.verb) or draft.modality.polarity != "positive":
            return []
        speaker = speaker_of(draft.anchor, ctx, self.arguments.reporting, reported_only=True)
        return self.arguments.actors(speaker, ctx) if speaker else []


class KeptOpenStage:
    """ "Not ruling out sanctions against Putin if Russia invades" is a threat
    (types.yaml: realis.kept_open_becomes)."""

    def __init__(self, lexicon: Lexicon, modality: ModalityDetector, arguments: ArgumentFinder) -> None:
        self.types = lexicon.types
        self.modality = modality
        self.arguments = arguments
        self.consequences = lexicon.cue_words("warnings", "consequence_words")

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft:
        becomes = self.types[draft.type].realis.kept_open_becomes
        if becomes is None or draft.modality.polarity != "negative" or not self._keeps_option_open(draft):
            return draft
        anchor = draft.anchor
        draft.type, draft.subtype = becomes, "threat"
        draft.modality.polarity = "positive"
        if self.modality.conditional_clause(anchor):
            draft.modality.status = "conditional"
        against = [o for t in anchor.subtree if t.lower_ == "against" for o in t.children if o.dep_ == "pobj"]
        draft.roles.target = self.arguments.actors(against, ctx) or self.arguments.actors(
            self.arguments.addressee(anchor, ctx), ctx
        )
        return draft

    def _keeps_option_open(self, draft: EventDraft) -> bool:
        """A negated "rule out" whose object is a consequence: "not ruling out sanctions"."""
        span = draft.anchor.doc[draft.trigger.start : draft.trigger.end]
        if [t.lemma_.lower() for t in span] != ["rule", "out"]:
            return False
        objects = [c for c in draft.anchor.children if c.dep_ in {"dobj", "obj"}]
        return any(t.lower_ in self.consequences for o in objects for t in o.subtree)


class SubtypeStage:
    """Subtypes the trigger word alone does not fix (types.yaml: subtype_rule); roles
    follow a subtype that changes the act's symmetry (joint drills have participants)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.types = lexicon.types
        self.consequences = lexicon.cue_words("warnings", "consequence_words")
        self.threat_verbs = lexicon.cue_words("warnings", "threat_verbs")
        self.condition_words = lexicon.cue_words("warnings", "condition_words")
        self.joint_words = lexicon.cue_words("exercises", "joint_words")

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft:
        rule = self.types[draft.trigger.type].subtype_rule
        if rule == "threat_or_alarm" and draft.subtype == "threat" and not draft.trigger.subtype_given:
            draft.subtype = self._threat_or_alarm(draft.anchor, draft.modality)
        elif rule == "joint_or_unilateral" and not draft.trigger.subtype_given:
            subtype = "joint" if self._joint(draft) else "unilateral"
            self._reshape(draft, subtype)
        return draft

    def _threat_or_alarm(self, anchor: Token, modality: Modality) -> str:
        """A threat names consequences the speaker controls; otherwise the warning is an alarm."""
        if modality.status == "conditional" or anchor.lemma_.lower() in self.threat_verbs:
            return "threat"
        words = {t.lower_ for t in anchor.subtree} | {t.lower_ for t in anchor.sent if t.head.i == anchor.i}
        if words & self.consequences or any(t.lower_ in self.condition_words for t in anchor.subtree):
            return "threat"
        return "alarm"

    def _joint(self, draft: EventDraft) -> bool:
        """ "joint drills", or drills two or more parties hold ("Russia and Belarus held drills")."""
        if any(c.lower_ in self.joint_words for c in draft.anchor.children if c.dep_ in {"amod", "compound"}):
            return True
        roles = draft.roles
        parties = {a.country or a.key for a in roles.source + roles.target + roles.participants}
        return len(parties) >= 2

    def _reshape(self, draft: EventDraft, subtype: str) -> None:
        rules = self.types[draft.type].roles
        before, after = rules.symmetric_for(draft.subtype), rules.symmetric_for(subtype)
        draft.subtype = subtype
        roles = draft.roles
        if after and not before:
            parties = roles.source + [a for a in roles.target if a not in roles.source]
            roles.participants, roles.source, roles.target = parties + roles.participants, [], []
        elif before and not after:
            roles.source, roles.participants = roles.participants, []


class TimeStage:
    """The act's date; an asserted act dated after the anchor day is planned. A weekday
    of an act not yet done ("will meet on Thursday", "could visit Moscow on Thursday")
    counts forward from the anchor day, of a done one backward."""

    def __init__(self, times: TimeAttacher, lexicon: Lexicon) -> None:
        self.times = times
        self.types = lexicon.types
        self.reporting = lexicon.cue_words("modality", "reporting_verbs")

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft:
        modality = draft.modality
        draft.time = self.times.attach(
            draft.anchor,
            draft.verb,
            ctx,
            draft.anchor_date,
            future=modality.status in {"planned", "hypothetical", "conditional"},
        )
        if draft.time is None and self.types[draft.type].roles.speaker_is_source:
            draft.time = self.times.attach_speech(draft.anchor, ctx, draft.anchor_date, self.reporting)
        time, anchor_date = draft.time, draft.anchor_date
        if modality.status == "asserted" and time and time.value and anchor_date and time.granularity == "day":
            if time.value > anchor_date.isoformat():
                modality.status = "planned"
        return draft


class ConfidenceStage:
    """More filled roles, more confidence; hypothetical acts and actor-less ones, less."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.types = lexicon.types if lexicon is not None else None

    def __call__(self, draft: EventDraft, ctx: DocContext) -> EventDraft | None:
        if self.types is not None and self.types[draft.type].realis.specific_only and _unanchored(draft):
            return None
        roles = draft.roles
        filled = sum(bool(x) for x in (roles.source or roles.participants, roles.target, roles.location, draft.time))
        confidence = draft.confidence + 0.05 * filled
        if draft.modality.status in {"hypothetical", "conditional"}:
            confidence -= 0.05
        if not (roles.source or roles.target or roles.participants):
            confidence -= 0.1
        draft.confidence = round(max(0.05, min(0.99, confidence)), 2)
        return draft


def _unanchored(draft: EventDraft) -> bool:
    """A bare noun that names no party, place or time: the kind of act, not one
    ("constructive dialogue is the answer", "continued negotiations will be needed")."""
    anchor, roles = draft.anchor, draft.roles
    if anchor.pos_ not in {"NOUN", "PROPN"} or draft.trigger.end - draft.trigger.start > 1:
        return False
    if any(c.dep_ in {"det", "poss", "nummod", "compound"} or c.ent_type_ for c in anchor.children):
        return False
    return not (roles.source or roles.target or roles.participants or roles.location or draft.time)


def _same_side(speakers: list[Actor], actors: list[Actor]) -> bool:
    keys = {a.key for a in actors} | {a.country for a in actors if a.country}
    return any(s.key in keys or (s.country and s.country in keys) for s in speakers)


def _activity_as_subject(anchor: Token) -> bool:
    """A gerund with no doer of its own that a clause judges: "negotiating with armed
    groups is considered a crime", "attacking civilians is a war crime" (not "shelling
    of Kharkiv continued overnight")."""
    return (
        anchor.tag_ == "VBG"
        and anchor.dep_ in {"csubj", "csubjpass", "nsubj", "nsubjpass"}
        and anchor.head.lemma_.lower() in _JUDGING_HEADS
        and not any(c.dep_ in {"nsubj", "poss"} for c in anchor.children)
    )


# What a clause says of an activity it judges: "is a crime", "is considered illegal".
_JUDGING_HEADS = frozenset({"be", "consider", "deem", "regard", "remain", "become", "call"})
