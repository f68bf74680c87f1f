"""How each event type behaves, read from ``lexicon/types.yaml`` into frozen objects.

The stages ask the spec ("does this type fill participants?", "is it only an
event when it happens?") instead of comparing type names, so a new type needs
data, not code. Loading checks the file completely: an unknown key, a missing
type or a reference to a type that does not exist fails at start-up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

STATUSES = ("planned", "asserted", "conditional", "hypothetical", "reported_denied")
SUBTYPE_RULES = (None, "threat_or_alarm", "joint_or_unilateral")
OBJECT_TARGETS = ("all", "actors")


class TypeSpecError(ValueError):
    """The type behaviour data is inconsistent (raised at load, never per request)."""


@dataclass(frozen=True, slots=True)
class RoleRules:
    """Where the roles of an event of this type come from (see types.yaml)."""

    symmetric: bool
    # Subtypes that reverse `symmetric` ("pledge" of an agreement has a source).
    symmetry_exceptions: tuple[str, ...]
    noun_prep_targets: bool
    # "Khalil's arrest", "al-Rufay'i's killing": a noun trigger's possessor undergoes it.
    possessor_is_target: bool
    verb_prep_targets: bool
    to_target: bool
    object_targets: str
    target_from_object_source: bool
    target_from_object_owner: bool
    target_from_clause_subject: bool
    # A bare refusal answers the proposal made just before it: its maker is the target.
    target_from_proposal: bool
    speaker_is_source: bool
    addressee_is_target: bool
    partners_from_context: bool
    visit_host_is_participant: bool
    border_country_is_target: bool
    facility_targets: bool
    force: bool
    location_to: bool
    location_from: bool
    # A verb trigger's "from X" / "out of X" is the target ("withdrew from ECOWAS" as a rejection).
    from_target: bool
    # Types of acts this one answers: a rejection of an accusation is aimed at
    # the accuser, and the accusation at whoever rejects it (replies.py).
    answers: tuple[str, ...]
    # Verbs that answer an earlier act of those types though their object names none.
    answers_unnamed: tuple[str, ...]
    # Nouns naming such an act ("rejected the charge", "dismissed the claims"): a
    # reply acting on one answers the nearest earlier act when it is no mention itself.
    answered_nouns: tuple[str, ...]
    # A mention with no place of its own takes the place of the incident told just
    # before it (discourse.py).
    scene_from_context: bool

    def symmetric_for(self, subtype: str | None) -> bool:
        """Whether an event of this subtype puts all parties in participants."""
        return self.symmetric != (subtype in self.symmetry_exceptions)


@dataclass(frozen=True, slots=True)
class RealisRules:
    """When a mention of this type is an event, and with what status."""

    material: bool
    conditional_clause: bool
    condition_in_content: bool
    deniable: bool
    foreseen_becomes: str | None
    kept_open_becomes: str | None
    # What this act says is not an act itself: "warned against an incursion",
    # "demanded that troops withdraw", "accused Russia of attacking".
    carries_content: bool
    # Only acts of people: deaths from a disease or a storm are no casualties of
    # political violence ("deaths linked to COVID-19", "the cyclone caused no deaths").
    human_cause_only: bool
    # A bare noun mention naming no party, place or time is the kind of act, not one.
    specific_only: bool
    # An infinitive of purpose under a verb in the past is the act done: "held a sit-in
    # to protest", "gathered to protest".
    purpose_done: bool
    # The object of a proposal, offer or invitation is planned: "proposed talks".
    proposed_is_planned: bool
    # An event none of whose mentions names a party, place or time is no event.
    needs_particulars: bool
    # What an act leaves behind (deaths, injuries): an attempt at the act ("tried to
    # assassinate him", "an assassination attempt") is not it.
    outcome: bool


@dataclass(frozen=True, slots=True)
class MergeRules:
    subtype_groups: tuple[frozenset[str], ...]
    status_rank: Mapping[str, int]
    join_nearby: bool

    def subtypes_compatible(self, a: str | None, b: str | None) -> bool:
        if a == b or a is None or b is None:
            return True
        return any(a in group and b in group for group in self.subtype_groups)


@dataclass(frozen=True, slots=True)
class TypeBehaviour:
    name: str
    roles: RoleRules
    realis: RealisRules
    merge: MergeRules
    subtype_rule: str | None
    shares_trigger_with: frozenset[str]


class TypeSpec(Mapping[str, TypeBehaviour]):
    """Type name -> :class:`TypeBehaviour`, for every type of the taxonomy."""

    def __init__(self, behaviours: dict[str, TypeBehaviour]) -> None:
        self._behaviours = dict(behaviours)

    def __getitem__(self, name: str) -> TypeBehaviour:
        return self._behaviours[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._behaviours)

    def __len__(self) -> int:
        return len(self._behaviours)

    def may_share_trigger(self, types: set[str]) -> bool:
        """Whether events of all ``types`` may stand on one trigger word ("massacre")."""
        return all(types - {name} <= self[name].shares_trigger_with for name in types)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TypeSpec:
        defaults = data.get("defaults") or {}
        types = data.get("types") or {}
        _check_keys("defaults", defaults, {"roles", "realis", "subtype_rule", "shares_trigger_with", "merge"})
        behaviours = {name: _behaviour(name, defaults, spec or {}) for name, spec in types.items()}
        spec = cls(behaviours)
        for behaviour in spec.values():
            for other in (
                *behaviour.shares_trigger_with,
                *behaviour.roles.answers,
                behaviour.realis.foreseen_becomes,
                behaviour.realis.kept_open_becomes,
            ):
                if other is not None and other not in spec:
                    raise TypeSpecError(f"types.yaml: {behaviour.name} refers to unknown type {other!r}")
            for other in behaviour.shares_trigger_with:
                if behaviour.name not in spec[other].shares_trigger_with:
                    raise TypeSpecError(
                        f"types.yaml: {behaviour.name} shares triggers with {other}, but {other} not with it"
                    )
        return spec


def _behaviour(name: str, defaults: dict[str, Any], spec: dict[str, Any]) -> TypeBehaviour:
    where = f"types.yaml: {name}"
    _check_keys(where, spec, set(defaults))
    roles = _section(RoleRules, where, "roles", defaults, spec)
    realis = _section(RealisRules, where, "realis", defaults, spec)
    if roles.object_targets not in OBJECT_TARGETS:
        raise TypeSpecError(f"{where}: object_targets must be one of {OBJECT_TARGETS}")
    merge = {**defaults.get("merge", {}), **(spec.get("merge") or {})}
    _check_keys(f"{where}.merge", merge, set(defaults.get("merge", {})))
    rank = list(merge["status_rank"])
    if sorted(rank) != sorted(STATUSES):
        raise TypeSpecError(f"{where}: status_rank must order exactly {STATUSES}")
    subtype_rule = spec.get("subtype_rule", defaults.get("subtype_rule"))
    if subtype_rule not in SUBTYPE_RULES:
        raise TypeSpecError(f"{where}: subtype_rule must be one of {SUBTYPE_RULES}")
    return TypeBehaviour(
        name=name,
        roles=roles,
        realis=realis,
        merge=MergeRules(
            subtype_groups=tuple(frozenset(g) for g in merge["subtype_groups"]),
            status_rank={status: i for i, status in enumerate(rank)},
            join_nearby=bool(merge["join_nearby"]),
        ),
        subtype_rule=subtype_rule,
        shares_trigger_with=frozenset(spec.get("shares_trigger_with", defaults.get("shares_trigger_with", ()))),
    )


def _section(kind: type, where: str, key: str, defaults: dict[str, Any], spec: dict[str, Any]):
    names = {f.name for f in fields(kind)}
    base = defaults.get(key) or {}
    _check_keys(f"defaults.{key}", base, names)
    missing = names - set(base)
    if missing:
        raise TypeSpecError(f"types.yaml: defaults.{key} lacks {sorted(missing)}")
    own = spec.get(key) or {}
    _check_keys(f"{where}.{key}", own, names)
    values = {**base, **own}
    return kind(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def _check_keys(where: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeSpecError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(allowed)})")
