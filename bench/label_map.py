"""Dataset labels -> our event types (shared/TAXONOMY.md), for ``bench.accuracy``.

Each dataset has an ordered list of ``(pattern, our_type, why)`` rules. Patterns
are shell-style globs (``fnmatch``) compared case-insensitively; the first rule
that matches decides. ``our_type = None`` records a deliberate "no counterpart"
decision; a label that no rule matches is unmapped as well. Unmapped labels are
left out of every score and listed in docs/ACCURACY.md.

Argument roles are mapped onto our event slots the same way (``ROLE_CLASSES``).
Nothing here imports spaCy, so unit tests can use it directly.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

Rule = tuple[str, str | None, str]

# --- WikiEvents (KAIROS ontology), all_events --------------------------------
WIKIEVENTS: list[Rule] = [
    (
        "Contact.Contact.Meet",
        "meeting",
        "face-to-face contact; note KAIROS also tags 'said'/'asked' in a meeting context",
    ),
    ("Contact.RequestCommand.Meet", "meeting", "request made in a meeting (one instance, trigger 'asked')"),
    ("Contact.Contact.Correspondence", None, "remote contact ('been in touch', 'call'); too generic for a meeting"),
    ("Contact.Contact.*", None, "statements (said/told/reported): no counterpart"),
    ("Contact.ThreatenCoerce.*", "warning", "threats, warnings, ultimatums"),
    ("Contact.RequestCommand.*", "demand", "requests and orders (asked, urged, demands, called on)"),
    ("Conflict.Attack.*", "attack", "includes DetonateExplode (bombing, explosion, blast, detonated)"),
    ("Conflict.Demonstrate.*", "protest", "protests, marches; DemonstrateWithViolence too"),
    ("Life.Die.*", "casualties", "deaths (in this attack-heavy corpus almost all violent)"),
    ("Life.Injure.*", "casualties", "injuries"),
    ("Justice.ArrestJailDetain.*", "arrest", "arrests, detentions, captures"),
    ("Movement.Transportation.Evacuation", "withdrawal", "evacuation (civilian withdrawal), as for RAMS"),
    ("Movement.*", None, "people/goods travelling: not a deployment unless forces, which KAIROS does not say"),
    ("Justice.*", None, "charges, trials, sentences, releases: no counterpart"),
    ("*", None, "no counterpart in our taxonomy"),
]
# The types the WikiEvents floor is defined on (the brief's list).
WIKIEVENTS_FLOOR_TYPES = ("meeting", "attack", "casualties", "arrest", "protest", "warning")

# --- RAMS 1.0 (AIDA ontology), single_event -----------------------------------
RAMS: list[Rule] = [
    (
        "contact.discussion.*",
        "meeting",
        "discussions, talks, convening (meet/correspondence/n-a all are consultations)",
    ),
    ("contact.negotiate.*", "meeting", "negotiations are meetings (subtype negotiation)"),
    ("contact.collaborate.meet", "meeting", "face-to-face collaboration"),
    ("contact.collaborate.*", None, "mostly the medium (telephone, emails), not an act between named parties"),
    ("contact.threatencoerce.*", "warning", "threats, intimidation, blackmail"),
    ("contact.commandorder.*", "demand", "demanded, urged, ordered"),
    ("contact.requestadvise.*", None, "advice/recommendation (CAMEO 02 appeal), not our demand (CAMEO 10)"),
    ("contact.commitmentpromiseexpressintent.*", None, "mixed: oaths of office, campaign promises, vows of revenge"),
    ("contact.*", None, "statements, lies, broadcasts, funerals: no counterpart"),
    ("conflict.attack.*", "attack", "all attack subtypes, including stealrobhijack (robbery) as the ontology has it"),
    ("conflict.demonstrate.*", "protest", "protests and political gatherings"),
    ("conflict.yield.retreat", "withdrawal", "military retreat"),
    ("conflict.yield.*", None, "surrender/capitulation: no counterpart"),
    ("life.die.deathcausedbyviolentevents", "casualties", "violent deaths"),
    ("life.injure.injurycausedbyviolentevents", "casualties", "violent injuries"),
    ("life.*", None, "n/a subtypes mix violent with non-violent (illness, starvation, natural death)"),
    ("justice.arrestjaildetain.*", "arrest", "arrests, detentions, jailing"),
    ("justice.*", None, "charges, trials, executions, extraditions: no counterpart"),
    ("transaction.*.embargosanction", "sanction", "sanctions, embargoes, boycotts"),
    ("transaction.*.giftgrantprovideaid", "aid", "donations, grants, aid"),
    ("government.agreements.acceptagreementcontractceasefire", "agreement", "ceasefires, treaties, deals"),
    ("government.agreements.n/a", "agreement", "agreements, ceasefires, treaties"),
    ("government.agreements.rejectnullifyagreementcontractceasefire", "rejection", "rejecting/annulling a deal"),
    ("government.agreements.violateagreement", None, "violating a deal: no counterpart (an accusation at most)"),
    (
        "movement.transportperson.evacuationrescue",
        "withdrawal",
        "evacuations (taxonomy: civilians evacuated); triggers include fled/escaped",
    ),
    ("movement.*", None, "mixed people/goods movement, smuggling, imports; not forces, so not deployment"),
    ("*", None, "no counterpart in our taxonomy"),
]

# --- CASE 2021 task 2 (ACLED-style labels), label_only -------------------------
CASE: list[Rule] = [
    ("ARMED_CLASH", "attack", "armed clash"),
    ("ATTACK", "attack", "attack"),
    ("AIR_STRIKE", "attack", "air/drone strike"),
    ("ART_MISS_ATTACK", "attack", "shelling/artillery/missile attack"),
    ("GRENADE", "attack", "grenade"),
    ("SUIC_BOMB", "attack", "suicide bomb"),
    ("REM_EXPLOS", "attack", "remote explosive / IED"),
    ("CHEM_WEAP", "attack", "chemical weapon"),
    ("PEACE_PROTEST", "protest", "peaceful protest"),
    ("VIOL_DEMONSTR", "protest", "violent demonstration"),
    ("PROTEST_WITH_INTER", "protest", "protest with intervention"),
    ("FORCE_AGAINST_PROTEST", "protest", "excessive force against protesters: ACLED files it under Protests"),
    ("ARREST", "arrest", "arrests"),
    ("AGREEMENT", "agreement", "agreements, ceasefires, deals"),
    ("DIPLO", "sanction", "snippets read: ~35 of 44 are sanctions or expelled diplomats; the rest urge/condemn/cancel"),
    ("CHANGE_TO_GROUP_ACT", None, "mixed: troop deployments but also defections, new units, withdrawals"),
    ("HQ_ESTABLISHED", None, "bases/posts set up: closest to deployment, left out as a different act"),
    ("NON_VIOL_TERRIT_TRANSFER", None, "mixed: forces withdrawing and others seizing the ground"),
    ("GOV_REGAINS_TERIT", None, "territory regained: no counterpart"),
    ("NON_STATE_ACTOR_OVERTAKES_TER", None, "territory seized: no counterpart"),
    ("MOB_VIOL", None, "mob violence (riots): no counterpart"),
    ("ABDUCT_DISSAP", None, "abductions by armed groups are not arrests"),
    ("*", None, "no counterpart (disasters, crime, weapons seizures, sexual violence, statements, other)"),
]

MAPS: dict[str, list[Rule]] = {"wikievents": WIKIEVENTS, "rams": RAMS, "case": CASE}


def rule_for(dataset: str, label: str) -> Rule | None:
    """The first rule of ``dataset`` whose pattern matches ``label`` (case-insensitive)."""
    low = label.lower()
    for rule in MAPS[dataset]:
        if fnmatchcase(low, rule[0].lower()):
            return rule
    return None


def map_label(dataset: str, label: str) -> str | None:
    """Our type for a dataset label, or None when it has no counterpart."""
    rule = rule_for(dataset, label)
    return rule[1] if rule else None


def target_types(dataset: str) -> list[str]:
    """Our types that some label of ``dataset`` maps onto (the types scored on it)."""
    seen: list[str] = []
    for _, our_type, _ in MAPS[dataset]:
        if our_type and our_type not in seen:
            seen.append(our_type)
    return seen


# --- argument roles -> our event slots ----------------------------------------
# agent   -> our source + participants
# patient -> our target + participants
# party   -> any of our actors (symmetric acts: meeting/agreement participants)
# place   -> our location
ROLE_CLASSES: dict[str, str] = {
    # doers
    "attacker": "agent",
    "killer": "agent",
    "injurer": "agent",
    "jailer": "agent",
    "communicator": "agent",
    "demonstrator": "agent",
    "giver": "agent",
    "preventer": "agent",
    "retreater": "agent",
    "transporter": "agent",
    "rejecternullifier": "agent",
    # receivers
    "target": "patient",
    "victim": "patient",
    "detainee": "patient",
    "recipient": "patient",
    "beneficiary": "patient",
    "passenger": "patient",
    # symmetric
    "participant": "party",
    "otherparticipant": "party",
    # where
    "place": "place",
}
# (our type, role) pairs not scored although the role is mapped: in a RAMS
# embargo the giver/recipient are the parties of the blocked transaction, not
# the sanctioning actor or its target.
ROLE_SKIP: set[tuple[str, str]] = {("sanction", "giver")}


def role_class(event_type: str, role: str) -> str | None:
    """The slot class a dataset argument role is scored against, or None (not scored)."""
    low = role.lower()
    if (event_type, low) in ROLE_SKIP:
        return None
    return ROLE_CLASSES.get(low)
