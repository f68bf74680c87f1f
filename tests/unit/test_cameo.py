"""Fine CAMEO codes from the verb (service/extraction/cameo.py, lexicon/cameo_types.yaml)."""

from __future__ import annotations

import pytest
import yaml

from service.extraction.cameo import TYPES_FILE, CameoCoder
from service.extraction.lexicon import default_lexicon


@pytest.fixture(scope="module")
def coder():
    return CameoCoder()


def cameo(extractor, text: str, event_type: str) -> dict:
    event = next(e for e in extractor.extract(text).events if e.type == event_type)
    return event.codes["cameo"]


def test_every_type_and_subtype_the_table_names_exists():
    taxonomy = {t["name"]: {s["name"] for s in t.get("subtypes") or []} for t in default_lexicon().taxonomy["types"]}
    table = yaml.safe_load(TYPES_FILE.read_text(encoding="utf-8"))
    for prefix, spec in table["codes"].items():
        assert spec["type"] in taxonomy, prefix
        assert spec.get("subtype") is None or spec["subtype"] in taxonomy[spec["type"]], prefix


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("1312", ("warning", "threat")),
        ("0871", ("agreement", "ceasefire")),  # the longest prefix wins over 087, withdrawal
        ("0874", ("withdrawal", "military")),
        ("0256", ("demand", None)),
        ("195", ("attack", "airstrike")),
        ("051", None),  # praise: no type of ours
        ("174", None),  # deport: coercion, not an arrest
    ],
)
def test_a_code_belongs_to_the_type_of_its_longest_prefix(coder, code, found):
    assert coder.type_of(code) == found


@pytest.mark.parametrize(
    ("text", "event_type", "code"),
    [
        ("Trump threatened the European Union with sanctions.", "warning", "1312"),
        ("He demanded the release of the hostages.", "demand", "1053"),
        ("The protesters blocked the road with barricades.", "protest", "144"),
        ("Putin telephoned Macron.", "meeting", "041"),
    ],
)
def test_the_verb_and_its_pattern_give_the_finer_code(extractor, text, event_type, code):
    assert cameo(extractor, text, event_type)["code"] == code


def test_a_finer_code_takes_its_own_root_and_goldstein(extractor):
    found = cameo(extractor, "He demanded the release of the hostages.", "demand")

    assert (found["code"], found["root"], found["quad_class"]) == ("1053", "10", 3)
    assert found["goldstein"] == -5.0


@pytest.mark.parametrize(
    ("text", "code", "goldstein", "plover"),
    [
        # the standard value of the fine code, not of the subtype's 130 (-4.4)
        ("Trump threatened China with new sanctions.", "1312", -5.8, {"type": "THREATEN", "mode": "restrict"}),
        ("Iran threatened military force against Israel.", "138", -7.0, {"type": "THREATEN", "mode": "violence"}),
    ],
)
def test_a_fine_code_carries_its_own_goldstein_and_plover_mode(extractor, text, code, goldstein, plover):
    event = next(e for e in extractor.extract(text).events if e.type == "warning")

    assert event.codes["cameo"]["code"] == code
    assert event.codes["cameo"]["goldstein"] == goldstein
    assert event.codes["plover"] == plover


def test_a_fine_code_of_another_plover_category_leaves_the_mode_alone(extractor):
    # 0871 converts to PLOVER RETREAT (mode ceasefire); a ceasefire agreement is AGREE
    event = next(
        e for e in extractor.extract("Russia and Ukraine declared a ceasefire.").events if e.type == "agreement"
    )

    assert event.codes["cameo"]["code"] == "0871"
    assert event.codes["plover"] == {"type": "AGREE", "mode": None}


@pytest.mark.parametrize(
    ("text", "event_type", "code"),
    [
        ("Russia bombed Kyiv.", "attack", "195"),  # the verb's 190 says less than the airstrike subtype
        ("China donated vaccines to the Philippines.", "aid", "073"),
        ("Serbia denied the accusations.", "rejection", "120"),
    ],
)
def test_a_coarser_code_never_replaces_the_subtypes(extractor, text, event_type, code):
    assert cameo(extractor, text, event_type)["code"] == code


def test_a_pattern_of_another_type_changes_nothing(coder, extractor):
    # "agree (to &ceasefire)" is 0356 in the dictionary, an intent (pledge); the event
    # the rules found is a ceasefire and keeps its code.
    assert cameo(extractor, "Both sides agreed to a ceasefire.", "agreement")["code"] in {"057", "0871"}
    assert all(coder.type_of(c)[0] == "agreement" for c in coder.codes_of_type("agreement"))


def test_the_event_types_list_the_codes_each_type_may_carry(client):
    types = {t["name"]: t for t in client.get("/v1/event-types").get_json()["types"]}

    assert {"1312", "138", "139"} <= set(types["warning"]["cameo_codes"])
    assert "0871" in types["agreement"]["cameo_codes"] and "0871" not in types["withdrawal"]["cameo_codes"]
    assert types["casualties"]["cameo_codes"] == []


def test_a_code_that_is_itself_unspecified_is_no_finer(coder, extractor):
    # "call for" is 020 (appeal, not specified) in the dictionary: no finer than 100
    assert cameo(extractor, "Ukraine called for talks.", "demand")["code"] == "100"


def test_pattern_codes_say_what_the_patterns_alone_would_code(extractor):
    # the fine coder's own reading, and the wrong sense that keeps patterns out of the triggers
    threatened = next(t for t in extractor.nlp("Iran threatened Israel with military force.") if t.lemma_ == "threaten")
    said = next(t for t in extractor.nlp("The rebels said a ceasefire was near.") if t.lemma_ == "say")

    assert extractor.cameo.pattern_codes(threatened) == [("warning", "138")]
    assert extractor.cameo.pattern_codes(said) == [("agreement", "0871")]
