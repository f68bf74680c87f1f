"""CAMEO verbs that passed the hand check become triggers (lexicon/cameo/checked_verbs.tsv)."""

from __future__ import annotations

import csv

import pytest

from service.extraction.lexicon import CAMEO_VERB_CONFIDENCE, LEXICON_DIR, default_lexicon

CHECKED = LEXICON_DIR / "cameo" / "checked_verbs.tsv"


def _rows() -> list[dict[str, str]]:
    with CHECKED.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_row_names_a_type_of_ours_and_says_why_when_the_verdict_is_not_the_readers():
    subtypes = {t["name"]: {s["name"] for s in t.get("subtypes") or []} for t in default_lexicon().taxonomy["types"]}
    rows = _rows()
    assert len(rows) > 300
    for row in rows:
        assert row["our_type"] in subtypes, row
        assert not row["our_subtype"] or row["our_subtype"] in subtypes[row["our_type"]], row
        assert {row["judge_a"], row["judge_b"], row["verdict"]} <= {"keep", "drop"}, row
        if not row["judge_a"] == row["judge_b"] == row["verdict"]:
            assert row["note"], f"{row['verb']}: verdict differs from a reader's with no note"


def test_kept_verbs_are_verb_triggers_below_the_lexicons_own():
    lexicon = default_lexicon()
    kept = [r for r in _rows() if r["verdict"] == "keep" and " " not in r["verb"]]
    assert kept
    for row in kept:
        readings = [e for e in lexicon.words[row["verb"]] if e.type == row["our_type"]]
        assert len(readings) == 1, row["verb"]
        assert readings[0].pos == ("VERB",)
        assert readings[0].confidence == CAMEO_VERB_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "event_type", "trigger"),
    [
        ("Gunmen kidnapped 20 students in Kaduna on Monday.", "attack", "kidnapped"),
        ("Russia shot down a Ukrainian drone over Belgorod.", "attack", "shot down"),
        ("Militants blew up a bridge near Mosul.", "attack", "blew up"),
        ("China objected to the arms sale to Taiwan.", "rejection", "objected"),
        ("The union petitioned the government for higher wages.", "demand", "petitioned"),
        ("The European Commission faulted Hungary for blocking the aid.", "accusation", "faulted"),
    ],
)
def test_a_kept_verb_reports_its_type(extractor, text, event_type, trigger):
    events = extractor.extract(text).events
    assert [(e.type, e.trigger.text) for e in events] == [(event_type, trigger)]


@pytest.mark.parametrize(
    "text",
    [
        "The minister rebuked the reporters.",  # criticism: dropped by both readers' guideline
        "The troops left the city at dawn.",  # "leave" is CAMEO's meeting block; dropped
        "The council considered the request.",  # "consider" likewise
        "Police arrested the kidnappers.",  # kidnapping is an attack; this is one arrest
    ],
)
def test_a_dropped_verb_reports_nothing_of_its_cameo_type(extractor, text):
    types = [e.type for e in extractor.extract(text).events]
    assert "meeting" not in types and "accusation" not in types and "attack" not in types, types
