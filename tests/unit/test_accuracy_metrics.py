"""Metric functions and label mapping of bench.accuracy, on hand-made inputs.

No devdata and no spaCy model: bench.accuracy imports the extractor only in main().
"""

from __future__ import annotations

import pytest

from bench import label_map
from bench.accuracy import (
    FLOORS,
    Tagged,
    case_prediction,
    micro,
    overlaps,
    predicted_mentions,
    prf,
    score_arguments,
    score_mentions,
    seed_precision,
    single_event_hit,
    span_or_text_match,
    tally_arguments,
    text_matches,
)
from bench.seedmatch import ACTORS_DIFFER, CORE_TYPES, DUPLICATE, NOT_EXPECTED, judge_returned, match_seed
from tests.support.taxonomy import TAXONOMY_TYPES


def event(type_, *triggers, confidence=0.5, source=(), target=(), participants=(), location=None):
    """A predicted event dict shaped like Event.to_dict(); triggers are (start, end[, text])."""
    mentions = [
        {
            "trigger": {"text": t[2] if len(t) > 2 else "", "start": t[0], "end": t[1]},
            "sentence": {"text": "", "start": 0, "end": 0},
        }
        for t in triggers
    ]
    return {
        "type": type_,
        "trigger": mentions[0]["trigger"],
        "mentions": mentions,
        "confidence": confidence,
        "source": list(source),
        "target": list(target),
        "participants": list(participants),
        "location": location,
    }


def actor(text, start=None, end=None, canonical=None):
    return {"text": text, "start": start, "end": end, "canonical": canonical, "country": None, "entity_type": "PERSON"}


# --- overlap --------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (0, 5), True),  # same span
        ((0, 5), (4, 9), True),  # one shared character
        ((0, 5), (5, 9), False),  # touching, half-open
        ((2, 3), (0, 10), True),  # contained
        ((10, 12), (0, 5), False),  # disjoint
    ],
)
def test_overlaps_is_half_open_and_symmetric(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


# --- P/R/F1 ---------------------------------------------------------------


def test_prf_arithmetic():
    s = prf(tp_pred=3, n_pred=4, tp_gold=3, n_gold=6)
    assert s["precision"] == pytest.approx(0.75)
    assert s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(2 * 0.75 * 0.5 / 1.25)


def test_prf_with_nothing_predicted_or_annotated_is_zero_not_an_error():
    assert prf(0, 0, 0, 5) == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "tp_pred": 0,
        "n_pred": 0,
        "tp_gold": 0,
        "n_gold": 5,
    }
    assert prf(0, 3, 0, 0)["f1"] == 0.0


def test_score_mentions_counts_per_type_and_needs_same_type_and_overlap():
    gold = [
        Tagged("attack", 10, 18, "bombing"),
        Tagged("casualties", 30, 36, "killed"),
        Tagged("attack", 50, 56, "blast"),
    ]
    pred = [
        Tagged("attack", 12, 18, "ombing"),  # overlaps gold attack -> TP
        Tagged("attack", 30, 36, "killed"),  # overlaps only a casualties trigger -> FP for attack
        Tagged("casualties", 30, 36, "killed"),  # TP
        Tagged("casualties", 70, 75, "dead"),  # no annotation -> FP
    ]
    counts, errors = score_mentions(gold, pred, ["attack", "casualties", "arrest"], all_gold=gold)
    assert (counts["attack"].tp_pred, counts["attack"].n_pred, counts["attack"].tp_gold, counts["attack"].n_gold) == (
        1,
        2,
        1,
        2,
    )
    assert (
        counts["casualties"].tp_pred,
        counts["casualties"].n_pred,
        counts["casualties"].tp_gold,
        counts["casualties"].n_gold,
    ) == (1, 2, 1, 1)
    assert (counts["arrest"].n_pred, counts["arrest"].n_gold) == (0, 0)
    assert [g.text for g in errors.missed] == ["blast"]
    assert [p.text for p in errors.spurious] == ["dead"]
    assert [(p.type, g.type) for p, g in errors.wrong_type] == [("attack", "casualties")]

    m = micro(counts, ["attack", "casualties"])
    assert (m["tp_pred"], m["n_pred"], m["tp_gold"], m["n_gold"]) == (2, 4, 2, 3)
    assert m["precision"] == pytest.approx(0.5)
    assert m["recall"] == pytest.approx(2 / 3)


def test_score_mentions_ignores_types_not_scored():
    counts, _ = score_mentions(
        [Tagged("meeting", 0, 4)], [Tagged("accusation", 0, 4), Tagged("meeting", 0, 4)], ["meeting"]
    )
    assert set(counts) == {"meeting"}
    assert counts["meeting"].scores()["f1"] == 1.0


def test_one_wide_prediction_over_two_annotations_counts_once_as_prediction_twice_as_found():
    gold = [Tagged("attack", 0, 5), Tagged("attack", 6, 11)]
    counts, _ = score_mentions(gold, [Tagged("attack", 0, 11)], ["attack"])
    c = counts["attack"]
    assert (c.tp_pred, c.n_pred, c.tp_gold, c.n_gold) == (1, 1, 2, 2)


def test_predicted_mentions_uses_every_mention_and_deduplicates():
    events = [
        event("attack", (0, 6, "attack"), (40, 46, "strike")),
        event("attack", (40, 46, "strike")),  # same span again
        event("meeting", (60, 65, "talks")),
    ]
    assert [(m.type, m.start) for m in predicted_mentions(events)] == [("attack", 0), ("attack", 40), ("meeting", 60)]
    assert [m.type for m in predicted_mentions(events, ["meeting"])] == ["meeting"]


# --- single_event and CASE rules ---------------------------------------------


def test_single_event_hit_distinguishes_overlap_from_anywhere():
    gold = Tagged("attack", 100, 106, "strike")
    on_trigger = [event("attack", (0, 5), (101, 106))]
    elsewhere = [event("attack", (0, 5))]
    wrong_type = [event("casualties", (100, 106))]
    assert single_event_hit(gold, on_trigger)[:2] == (True, True)
    assert single_event_hit(gold, on_trigger)[2] is on_trigger[0]
    assert single_event_hit(gold, elsewhere)[:2] == (False, True)
    assert single_event_hit(gold, wrong_type) == (False, False, None)


def test_case_prediction_highest_confidence_among_candidate_types_then_earliest():
    events = [
        event("casualties", (0, 6), confidence=0.9),  # not a CASE target type
        event("attack", (20, 26), confidence=0.6),
        event("protest", (10, 16), confidence=0.6),
        event("arrest", (30, 36), confidence=0.4),
    ]
    assert case_prediction(events, ["attack", "protest", "arrest"]) == "protest"  # tie at 0.6, earlier trigger wins
    assert case_prediction(events, ["attack", "arrest"]) == "attack"
    assert case_prediction(events[:1], ["attack"]) is None  # no mapped-type prediction


# --- arguments -----------------------------------------------------------------


def test_text_matches_whole_words_only():
    assert text_matches("general", "Major General Vyacheslav Gladkikh")
    assert text_matches("the Taliban", "Taliban")
    assert not text_matches("US", "Russia")
    assert not text_matches("", "Russia")


def test_span_or_text_match_by_offsets_or_words():
    arg = {"role": "attacker", "text": "the militants", "char": [10, 23]}
    assert span_or_text_match(arg, actor("militants", 14, 23))
    assert span_or_text_match(arg, actor("Militants", 200, 209))  # same words elsewhere
    assert not span_or_text_match(arg, actor("police", 40, 46))
    assert span_or_text_match(
        {"role": "victim", "text": "Putin"}, actor("the Russian president", 0, 21, canonical="Vladimir Putin")
    )
    assert not span_or_text_match(arg, None)


def test_score_arguments_maps_roles_to_our_slots():
    ev = event(
        "attack",
        (0, 6),
        source=[actor("Taliban", 0, 7)],
        target=[actor("soldiers", 30, 38)],
        location={"text": "Kabul", "start": 50, "end": 55, "country": "AFG", "canonical": "Kabul"},
    )
    args = [
        {"role": "Attacker", "text": "Taliban"},
        {"role": "Target", "text": "soldiers"},
        {"role": "Place", "text": "Maidan Wardak province"},
        {"role": "Instrument", "text": "car bomb"},  # not scored
        {"role": "Victim", "text": "Taliban"},  # patients are not looked up in source
    ]
    assert score_arguments("attack", args, ev) == [
        ("agent", True),
        ("patient", True),
        ("place", False),
        ("patient", False),
    ]
    tally = tally_arguments(score_arguments("attack", args, ev))
    assert tally["all"] == {"found": 2, "checked": 4, "accuracy": 0.5}
    assert tally["patient"]["checked"] == 2


def test_party_role_looks_in_every_actor_slot():
    ev = event("meeting", (0, 5), participants=[actor("Scholz", 0, 6)], source=[actor("Biden", 10, 15)])
    assert score_arguments("meeting", [{"role": "participant", "text": "Biden"}], ev) == [("party", True)]


# --- label mapping -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "label", "expected"),
    [
        ("wikievents", "Contact.Contact.Meet", "meeting"),
        ("wikievents", "Contact.RequestCommand.Meet", "meeting"),
        ("wikievents", "Contact.RequestCommand.Unspecified", "demand"),
        ("wikievents", "Contact.Contact.Broadcast", None),
        ("wikievents", "Conflict.Attack.DetonateExplode", "attack"),
        ("wikievents", "Life.Die.Unspecified", "casualties"),
        ("wikievents", "Life.Injure.Unspecified", "casualties"),
        ("wikievents", "Justice.ArrestJailDetain.Unspecified", "arrest"),
        ("wikievents", "Justice.ChargeIndict.Unspecified", None),
        ("wikievents", "Conflict.Demonstrate.DemonstrateWithViolence", "protest"),
        ("wikievents", "Contact.ThreatenCoerce.Broadcast", "warning"),
        ("wikievents", "Transaction.ExchangeBuySell.Unspecified", None),
        ("rams", "contact.discussion.meet", "meeting"),
        ("rams", "contact.negotiate.meet", "meeting"),
        ("rams", "contact.collaborate.correspondence", None),
        ("rams", "conflict.attack.airstrikemissilestrike", "attack"),
        ("rams", "life.die.deathcausedbyviolentevents", "casualties"),
        ("rams", "life.die.nonviolentdeath", None),
        ("rams", "life.injure.injurycausedbyviolentevents", "casualties"),
        ("rams", "life.injure.illnessdegradationphysical", None),
        ("rams", "transaction.transfermoney.embargosanction", "sanction"),
        ("rams", "transaction.transferownership.giftgrantprovideaid", "aid"),
        ("rams", "government.agreements.acceptagreementcontractceasefire", "agreement"),
        ("rams", "government.agreements.rejectnullifyagreementcontractceasefire", "rejection"),
        ("rams", "movement.transportperson.evacuationrescue", "withdrawal"),
        ("rams", "movement.transportperson.selfmotion", None),
        ("rams", "contact.threatencoerce.n/a", "warning"),
        ("rams", "conflict.yield.retreat", "withdrawal"),
        ("rams", "conflict.yield.surrender", None),
        ("case", "SUIC_BOMB", "attack"),
        ("case", "PROTEST_WITH_INTER", "protest"),
        ("case", "ARREST", "arrest"),
        ("case", "DIPLO", "sanction"),
        ("case", "NATURAL_DISASTER", None),
        ("case", "some_new_label", None),
    ],
)
def test_label_mapping(dataset, label, expected):
    assert label_map.map_label(dataset, label) == expected


def test_mapping_is_case_insensitive_and_first_rule_wins():
    assert label_map.map_label("rams", "Conflict.Attack.Bombing") == "attack"
    # Contact.RequestCommand.Meet is listed before the RequestCommand.* -> demand rule
    assert label_map.rule_for("wikievents", "Contact.RequestCommand.Meet")[1] == "meeting"


def test_every_mapped_type_is_a_taxonomy_type():
    taxonomy = set(TAXONOMY_TYPES)
    for name in label_map.MAPS:
        assert set(label_map.target_types(name)) <= taxonomy
    assert set(label_map.WIKIEVENTS_FLOOR_TYPES) <= set(label_map.target_types("wikievents"))
    assert label_map.target_types("case") == ["attack", "protest", "arrest", "agreement", "sanction"]


def test_role_classes():
    assert label_map.role_class("attack", "Attacker") == "agent"
    assert label_map.role_class("casualties", "victim") == "patient"
    assert label_map.role_class("meeting", "participant") == "party"
    assert label_map.role_class("attack", "Place") == "place"
    assert label_map.role_class("attack", "Instrument") is None
    assert label_map.role_class("sanction", "giver") is None
    assert label_map.role_class("aid", "giver") == "agent"


def test_floors_as_specified():
    by_dataset = {f.dataset + ":" + f.metric: f for f in FLOORS}
    assert by_dataset["wikievents:micro_f1_floor_types"].threshold == 0.55
    assert by_dataset["rams:type_recall"].threshold == 0.70
    assert by_dataset["case:accuracy"].threshold == 0.70
    assert by_dataset["seeds:core_recall"].threshold == 0.90
    furniture = by_dataset["seeds:furniture_hits"]
    assert furniture.met(0) is True and furniture.met(1) is False and furniture.met(None) is None


def test_spurious_mention_with_the_same_word_annotated_elsewhere_is_flagged_but_still_counted_wrong():
    gold = [Tagged("attack", 0, 9, "explosion")]
    pred = [
        Tagged("attack", 0, 9, "explosion"),
        Tagged("attack", 100, 109, "Explosion"),
        Tagged("attack", 200, 205, "blast"),
    ]
    counts, errors = score_mentions(gold, pred, ["attack"])
    assert (counts["attack"].tp_pred, counts["attack"].n_pred) == (1, 3)
    assert [p.start for p in errors.same_word_elsewhere] == [100]
    assert [p.start for p in errors.spurious] == [100, 200]


# --- seeds: precision of returned events ---------------------------------------

SEED_TEXT = "Biden met Putin in Geneva. Russia deployed troops to Belarus. Scholz spoke to Biden. Kyiv was shelled."


def at(word, occurrence=0):
    """(start, end, word) of the n-th occurrence of ``word`` in SEED_TEXT."""
    start = -1
    for _ in range(occurrence + 1):
        start = SEED_TEXT.index(word, start + 1)
    return (start, start + len(word), word)


def expected(type_, sentence, trigger, **roles):
    return {"type": type_, "sentence": sentence, "trigger": trigger, **roles}


GENEVA = expected("meeting", "Biden met Putin in Geneva.", "met", participants=["Biden", "Putin"])
BELARUS = expected("deployment", "Russia deployed troops to Belarus.", "deployed", source=["Russia"])
CALL = expected("meeting", "Scholz spoke to Biden.", "spoke to", participants=["Scholz", "Biden"])


def test_seed_precision_counts_duplicates_wrong_actors_and_unlisted_events_as_false_positives():
    biden, putin, russia, ukraine = actor("Biden"), actor("Putin"), actor("Russia"), actor("Ukraine")
    returned = [
        event("meeting", at("met"), participants=[biden, putin]),  # reports GENEVA
        event("meeting", at("Geneva"), participants=[putin, biden]),  # GENEVA again: a duplicate
        event("deployment", at("deployed"), source=[ukraine]),  # right act, wrong actor
        event("deployment", at("deployed"), source=[russia]),  # reports BELARUS
        event("warning", at("shelled")),  # nobody listed a warning there
        event("attack", at("shelled")),  # not a core type, not listed either
    ]
    judged = judge_returned(SEED_TEXT, [GENEVA, BELARUS, CALL], returned)
    assert [j.expected for j in judged] == [GENEVA, None, None, BELARUS, None, None]
    assert [j.reason for j in judged] == [None, DUPLICATE, ACTORS_DIFFER, None, NOT_EXPECTED, NOT_EXPECTED]
    assert judged[1].near is GENEVA and judged[2].near is BELARUS

    core = seed_precision(judged, CORE_TYPES)
    assert core == {"precision": 2 / 5, "correct": 2, "returned": 5}
    assert seed_precision(judged) == {"precision": 2 / 6, "correct": 2, "returned": 6}
    assert seed_precision(judged, ["meeting"])["precision"] == 1 / 2
    assert seed_precision(judged, ["exercise"]) == {"precision": None, "correct": 0, "returned": 0}
    # recall on the same data: GENEVA and BELARUS found, CALL missed
    assert [m.found for m in match_seed(SEED_TEXT, [GENEVA, BELARUS, CALL], returned)] == [True, True, False]


def test_seed_precision_pairs_one_to_one_and_as_many_as_possible():
    biden, putin, scholz = actor("Biden"), actor("Putin"), actor("Scholz")
    # One event merges the Geneva meeting and the call; the other reports Geneva only.
    merged = event("meeting", at("met"), at("spoke"), participants=[biden, putin, scholz])
    geneva = event("meeting", at("met"), participants=[biden, putin])
    judged = judge_returned(SEED_TEXT, [GENEVA, CALL], [merged, geneva])
    # First-come pairing would give GENEVA to the merged event and leave the
    # second unpaired; the largest pairing credits both.
    assert [j.expected for j in judged] == [CALL, GENEVA]
    assert seed_precision(judged)["precision"] == 1.0
    # With the call gone, only one of them can report Geneva.
    judged = judge_returned(SEED_TEXT, [GENEVA], [merged, geneva])
    assert [j.correct for j in judged] == [True, False]
    assert judged[1].reason == DUPLICATE


def test_the_before_and_after_table_puts_each_types_figures_side_by_side():
    from bench.accuracy import render_before_after

    side = {
        "rams": {"attack": {"recall": 0.5, "annotated": 10}},
        "case": {"attack": {"accuracy": 0.75, "snippets": 4}},
        "wikievents": {},
        "corpus_dev": {"attack": {"precision": 0.25, "recall": 0.5, "predicted": 8, "gold": 4}},
        "totals": {
            "rams_type_recall": 0.5,
            "case_accuracy": 0.75,
            "corpus_dev_event": {"precision": 0.25, "recall": 0.5},
        },
    }
    after = {**side, "rams": {"attack": {"recall": 0.6, "annotated": 10}}}
    lines = render_before_after({"baseline_commit": "abc1234", "before": side, "after": after})

    row = next(line for line in lines if line.startswith("| attack |"))
    assert row.split(" | ")[1:4] == ["0.500", "0.600", "10"]
    assert "abc1234" in "\n".join(lines)
    assert any("RAMS type recall 0.500 -> 0.500" in line for line in lines)
