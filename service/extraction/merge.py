"""Merge repeated reports of one act into a single event with several mentions.

Two events are the same act when they have the same type, compatible
subtypes, no conflicting time, place or force size, and share their
parties; a definite mention ("the talks", "claimed responsibility for the
attack") joins the most recent event of its type, close by, whose parties it
does not contradict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .events import Actor, Event
from .typespec import TypeSpec


class MentionDraft(Protocol):
    """What merging needs of a mention (an :class:`~.stages.EventDraft`)."""

    anaphoric: bool

    def to_event(self) -> Event: ...


def actor_keys(actor: Actor) -> set[str]:
    if actor.entity_type == "PERSON":
        return {(actor.canonical or actor.text).lower()}
    keys = {actor.country} if actor.country else set()
    if actor.canonical:
        keys.add(actor.canonical.lower())
    if not keys:
        keys.add(actor.text.lower())
    return keys


def _keys(actors: list[Actor]) -> list[set[str]]:
    return [actor_keys(a) for a in actors]


def _shared(a: list[Actor], b: list[Actor], sides: bool = False) -> int:
    """How many of ``a`` are among ``b``; with ``sides``, a person counts as the state
    they speak for ("Rubio" and "the United States" at the talks)."""
    kb = _keys(b)
    return sum(
        1
        for actor, keys in zip(a, _keys(a), strict=True)
        if any(keys & other for other in kb) or (sides and any(_speaks_for(actor, o) for o in b))
    )


def _speaks_for(a: Actor, b: Actor) -> bool:
    """Whether one is a person and the other the state whose country they have."""
    person, state = (a, b) if a.entity_type == "PERSON" else (b, a)
    return person.entity_type == "PERSON" and state.entity_type == "GPE" and person.country == state.country is not None


def _values_compatible(a, b) -> bool:
    return a is None or b is None or a == b


def compatible(first: Event, later: Event, later_is_anaphor: bool, types: TypeSpec) -> bool:
    if first.type != later.type or not types[first.type].merge.subtypes_compatible(first.subtype, later.subtype):
        return False
    if first.modality.polarity != later.modality.polarity:
        return False
    if not _values_compatible(first.time and first.time.value, later.time and later.time.value):
        return False
    loc_a = first.location and (first.location.country or first.location.canonical)
    loc_b = later.location and (later.location.country or later.location.canonical)
    if not _values_compatible(loc_a, loc_b):
        return False
    if not _values_compatible(first.force and first.force.size, later.force and later.force.size):
        return False
    actors_a = first.source + first.target + first.participants
    actors_b = later.source + later.target + later.participants
    near = later.mentions[0].trigger.start - first.mentions[-1].trigger.end <= NEAR_CHARS
    if not actors_b:
        # "the talks" refers back; so does an actor-less report of the same act close by
        # ("an attack on the base ... the assault"), when nothing about it conflicts.
        return later_is_anaphor or (near and types[first.type].merge.join_nearby)
    if later_is_anaphor and near and not _conflicting(first, later):
        # "al-Shabab claimed responsibility for the attack": "the attack" is the one just
        # told, and names who did it; only a party that differs makes it another act.
        return True
    if not actors_a:
        return False
    if first.participants or later.participants:
        pa, pb = first.participants, later.participants
        if not pa or not pb:
            return False
        needed = min(2, len(_dedupe(pa)), len(_dedupe(pb)))
        return _shared(pb, pa, sides=True) >= needed
    for role_a, role_b in ((first.source, later.source), (first.target, later.target)):
        if role_a and role_b and not _shared(role_b, role_a):
            return False
    return bool((first.source and later.source) or (first.target and later.target))


def _conflicting(first: Event, later: Event) -> bool:
    """Whether the two name different parties in one role. Parties known only by a
    common noun ("gunmen", "the girls") conflict with none: "Gunmen stormed a hotel ...
    al-Shabab claimed responsibility for the attack"."""
    pairs = ((first.source, later.source), (first.target, later.target), (first.participants, later.participants))
    for a, b in pairs:
        a, b = _identified(a), _identified(b)
        if a and b and not _shared(b, a):
            return True
    return False


def _identified(actors: list[Actor]) -> list[Actor]:
    return [a for a in actors if a.canonical or a.country or a.entity_type == "PERSON"]


def _dedupe(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for actor in actors:
        keys = actor_keys(actor)
        if not any(keys & actor_keys(o) for o in out):
            out.append(actor)
    return out


def absorb(first: Event, later: Event, types: TypeSpec, first_done: bool = False, later_done: bool = False) -> None:
    """Fold ``later`` into ``first``; the status the type ranks first wins (types.yaml),
    except that a mention reporting the act as done ("announced increased tariffs")
    outranks one that plans it: what happened is the news."""
    first.mentions.extend(later.mentions)
    first.content.extend(later.content)
    first.source = _dedupe(first.source + later.source)
    first.target = _dedupe(first.target + later.target)
    first.participants = _dedupe(first.participants + later.participants)
    first.location = first.location or later.location
    first.time = first.time or later.time
    first.force = first.force or later.force
    first.subtype = first.subtype or later.subtype
    rank = types[first.type].merge.status_rank
    if later_done and first.modality.status == "planned":
        first.modality = later.modality
    elif rank[later.modality.status] < rank[first.modality.status] and not (
        first_done and later.modality.status == "planned"
    ):
        first.modality = later.modality
    first.confidence = round(min(0.99, max(first.confidence, later.confidence) + 0.03), 2)


# How close an actor-less mention must follow an event to be taken as the same act.
NEAR_CHARS = 800

# A mention is compared with at most this many earlier events of its type. Articles
# have a few dozen; comparing every mention with every earlier event made a text of
# 10,000 distinct events quadratic (past gunicorn's timeout; bench/worst_case.py).
MERGE_LOOKBACK = 100


def merge_events(drafts: Sequence[MentionDraft], types: TypeSpec) -> list[Event]:
    """One event per act from the drafts of single mentions, in text order. A draft
    marked ``anaphoric`` ("the talks", no actors) may join the latest event of its type."""
    merged: list[Event] = []
    # compatible() never joins different types, so only the same type's events are candidates.
    by_type: dict[str, list[Event]] = {}
    done: set[int] = set()  # ids of events a mention reports as done
    # id of a speech act's event -> (what its mentions are about, their words)
    topics: dict[int, tuple[set[str], set[str]]] = {}
    for draft in drafts:
        event, is_anaphor = draft.to_event(), draft.anaphoric
        reports_done = _reports_done(draft, event)
        topic = _topic(draft) if types[event.type].roles.speaker_is_source else set()
        word = {draft.anchor.lemma_.lower()} if hasattr(draft, "anchor") else set()
        earlier = by_type.setdefault(event.type, [])
        for candidate in reversed(earlier[-MERGE_LOOKBACK:]):
            if topic and _other_topic(topic, word, topics.get(id(candidate))):
                continue  # "called for an end to violence" ... "called for a new government"
            if compatible(candidate, event, is_anaphor, types):
                absorb(candidate, event, types, id(candidate) in done, reports_done)
                about, words = topics.setdefault(id(candidate), (set(), set()))
                about.update(topic)
                words.update(word)
                if reports_done:
                    done.add(id(candidate))
                break
        else:
            merged.append(event)
            earlier.append(event)
            topics[id(event)] = (set(topic), set(word))
            if reports_done:
                done.add(id(event))
    return merged


def _other_topic(topic: set[str], word: set[str], earlier: tuple[set[str], set[str]] | None) -> bool:
    """Whether a speech act about ``topic`` says with the same word as an earlier event
    something else ("called for an end to violence" ... "called for a new government").
    Told in other words ("could face retaliation ... Berlin threatening to block it"),
    or when one mention's word is what the other is about ("Biden warned" that "it will
    pay a heavy price"), it may be one act."""
    if earlier is None or not earlier[0]:
        return False
    about, words = earlier
    return bool(word & words) and not (topic & about or topic & words or word & about)


def _topic(draft: MentionDraft) -> set[str]:
    """What a speech act is about, as lemmas of the nouns and verbs it governs directly
    ("called for an end to violence": end; "rejected the proposal": proposal)."""
    anchor = getattr(draft, "anchor", None)
    if anchor is None:
        return set()
    heads = [c for c in anchor.children if c.dep_ in {"dobj", "obj", "xcomp", "ccomp"}]
    heads += [g for c in anchor.children if c.dep_ == "prep" and c.lower_ in {"for", "of"} for g in c.children]
    return {h.lemma_.lower() for h in heads if h.pos_ in {"NOUN", "VERB", "PROPN"}}


def _reports_done(draft: MentionDraft, event: Event) -> bool:
    """An asserted mention whose verb is in a past tense: "retaliated", "have filed"."""
    anchor = getattr(draft, "anchor", None)
    if anchor is None or event.modality.status != "asserted":
        return False
    if anchor.pos_ != "VERB":
        return False  # "the meeting is expected": a noun's tense is its verb's business
    # A modal ("will have filed") already made the mention planned or hypothetical.
    return anchor.tag_ == "VBD" or (
        anchor.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in anchor.children)
    )
