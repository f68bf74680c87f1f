"""What a mention's own clause does not say but the article does.

Two passes over all of a document's drafts once each mention has its roles:

- Replies: "Pakistan accused India of backing militants, a charge New Delhi
  rejected": the rejection's target is whoever made the charge, and the charge's
  target is whoever rejects it, though the accuser is often named sentences
  earlier ("The U.S. and the U.N. say ... Beijing denies the allegations").
  Which types answer which is data (types.yaml ``roles.answers``).
- Scenes: an incident is told over several sentences, and its place is named
  once ("Gunmen stormed a hotel in Beledweyne ... Seven people were killed"):
  a mention of a type with ``roles.scene_from_context`` and no place of its own
  takes the place of the incident mentioned just before it, and an undated one
  its date.

Once mentions are merged into events, an event of a type with
``realis.needs_particulars`` that names no party, place or time is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from .arguments import prep_objects
from .events import Actor, Event
from .stages import EventDraft
from .typespec import TypeSpec

# How far back (in sentences) an earlier accusation may be what "the allegations" means.
LOOKBACK_SENTENCES = 4
# How far (in sentences) the place of an incident carries to the next mention without one.
SCENE_SENTENCES = 3


def adopt_object_subtypes(drafts: Sequence[EventDraft]) -> None:
    """ "Agreed to a ceasefire", "agreed on a truce": a verb whose object is a mention of
    its own type names one act with it, of the kind the noun says; taking the noun's
    subtype lets the two merge as one (merge.py)."""
    by_anchor = {d.anchor.i: d for d in drafts}
    for draft in drafts:
        if draft.anchor.pos_ != "VERB" or draft.trigger.subtype_given:
            continue
        for thing in _objects(draft.anchor):
            named = by_anchor.get(thing.i)
            if named is not None and named is not draft and named.type == draft.type and named.subtype:
                draft.subtype = named.subtype
                break


def _objects(verb: Token) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    return found + [obj for _, obj in prep_objects(verb, {"to", "on", "upon"})]


def link_replies(drafts: Sequence[EventDraft], types: TypeSpec) -> None:
    """Fill empty targets of replies and of the acts they answer, in place."""
    by_anchor = {d.anchor.i: d for d in drafts}
    for index, reply in enumerate(drafts):
        roles = types[reply.type].roles
        answered = roles.answers
        if not answered:
            continue
        things = _answered_things(reply.anchor)
        for thing in things:
            claim = by_anchor.get(thing.i)
            if claim is None or claim.type not in answered:
                continue
            # "Beijing denies the allegations": the denier is not the one who alleges,
            # though the noun borrows its verb's subject.
            claim.roles.source = [a for a in claim.roles.source if not _among(a, reply.roles.source)]
            # "rejected accusations that ...", "a charge New Delhi rejected": the one who
            # rejects is most often the accused (not always: an ally may dismiss them).
            if not claim.roles.target and reply.roles.source:
                claim.roles.target = [replace(a) for a in reply.roles.source if not _among(a, claim.roles.source)]
            if not reply.roles.target:
                accusers = claim.roles.source or _earlier_accusers(drafts, index, answered)
                reply.roles.target = [replace(a) for a in accusers if not _among(a, reply.roles.source)]
            break
        else:
            # "The insurgent group denied involvement": no charge in the clause, but
            # a denial answers the one made just before.
            # "a charge New Delhi quickly rejected", where the charge is no mention itself.
            unnamed = reply.anchor.lemma_.lower() in roles.answers_unnamed or any(
                t.lemma_.lower() in roles.answered_nouns for t in things
            )
            if not reply.roles.target and unnamed:
                accusers = _earlier_accusers(drafts, index, answered)
                reply.roles.target = [replace(a) for a in accusers if not _among(a, reply.roles.source)]


def _answered_things(anchor: Token) -> list[Token]:
    """What a reply acts on: "denied the allegations", "a charge New Delhi rejected",
    "the accusations were rejected", "rejected ... the charges of" (a conjoined object)."""
    found = []
    for child in anchor.children:
        if child.dep_ in {"dobj", "obj", "nsubjpass"}:
            found.extend((child, *child.conjuncts))
    if anchor.dep_ == "relcl":
        found.append(anchor.head)
    if anchor.pos_ in {"NOUN", "PROPN"}:  # "its rejection of the allegations"
        found.extend(g for c in anchor.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")
    return found


def _earlier_accusers(drafts: Sequence[EventDraft], index: int, answered: tuple[str, ...]) -> list[Actor]:
    """The source of the nearest earlier act of an answered type, within a few sentences,
    made by someone other than the one who replies; one aimed at the replier first."""
    reply = drafts[index]
    window = []
    for draft in (drafts[j] for j in range(index - 1, -1, -1)):
        if not _within(draft.anchor, reply.anchor, LOOKBACK_SENTENCES):
            break  # drafts are in text order: every earlier one is further away
        if (
            draft.type in answered
            and draft.roles.source
            and draft.anchor.i < reply.anchor.i
            and not any(_among(a, reply.roles.source) for a in draft.roles.source)
        ):
            window.append(draft)
    for claim in window:
        if any(_same_party(t, s) for t in claim.roles.target for s in reply.roles.source):
            return claim.roles.source
    return window[0].roles.source if window else []


def _within(first: Token, second: Token, sentences: int) -> bool:
    """Whether ``second``'s sentence is at most ``sentences`` after ``first``'s (counted
    back from ``second``, and no further than needed)."""
    doc, start = first.doc, first.sent.start
    sent = second.sent
    for _ in range(sentences):
        if sent.start <= start or sent.start == 0:
            return True
        sent = doc[sent.start - 1].sent
    return sent.start <= start


def _among(actor: Actor, others: Sequence[Actor]) -> bool:
    return any(_same_party(actor, o) for o in others)


def _same_party(a: Actor, b: Actor) -> bool:
    if a.key == b.key:
        return True
    return a.country is not None and a.country == b.country and "GPE" in {a.entity_type, b.entity_type}


def carry_scenes(drafts: Sequence[EventDraft], types: TypeSpec) -> None:
    """Give placeless incident mentions the place of the incident just before them."""
    scene: EventDraft | None = None
    for draft in drafts:
        if not types[draft.type].roles.scene_from_context:
            continue
        if draft.roles.location is not None:
            scene = draft
        elif scene is not None and _within(scene.anchor, draft.anchor, SCENE_SENTENCES):
            draft.roles.location = replace(scene.roles.location)
            scene = draft  # the incident goes on: the next sentences count from here


def carry_times(events: Sequence[Event], doc: Doc, types: TypeSpec) -> None:
    """Give an undated incident the date of the incident told just before it, when no
    mention of it names a date of its own ("Gunmen stormed a hotel on Tuesday ...
    Seven people were killed")."""
    last: tuple[Event, Token] | None = None  # the incident last dated, and its first word
    for event in sorted(events, key=lambda e: e.mentions[0].trigger.start):
        if not types[event.type].roles.scene_from_context:
            continue
        spans = [doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand") for m in event.mentions]
        if spans[0] is None:
            continue
        first = spans[0][0]
        if event.time is not None:
            last = (event, first)
        elif (
            last is not None
            and event.modality.status == "asserted"
            and _within(last[1], first, SCENE_SENTENCES)
            and not any(span is not None and _dated(span[0].sent) for span in spans)
        ):
            event.time = replace(last[0].time)
            last = (event, first)


def _dated(sent) -> bool:
    """Whether a sentence names a date or time of its own."""
    return any(t.ent_type_ in {"DATE", "TIME"} for t in sent)


def with_particulars(events: list[Event], types: TypeSpec) -> list[Event]:
    """The events, less those of types that need particulars and name none: no party,
    place or time in any mention ("dependent on humanitarian assistance")."""
    return [
        e
        for e in events
        if not types[e.type].realis.needs_particulars
        or e.source
        or e.target
        or e.participants
        or e.location is not None
        or e.time is not None
        or e.force is not None  # "security forces ... had been dispatched"
    ]
