"""scripts/compile_cameo.py: the PETRARCH verb dictionary format, and tables that match their source."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "lexicons" / "petrarch2"
COMMITTED = ROOT / "service" / "extraction" / "lexicon" / "cameo"


compile_cameo = load_script("compile_cameo")

DICTIONARY = """\
# CAMEO VERB PATTERN DICTIONARY
# A header comment: - * NOT A PATTERN [999]
####### SYNONYM SETS #######

&AUXVERB1_
+WAS
+IS_TO
# a comment between members
+CASH_

&MILITARY
+TROOPS
+ARMED_FORCES
+TROOPS

####### VERB PATTERNS #######

---  ACCELERATE   [---]  ---
HURRY {HURRIES HURRYING HURRIED }
+CALL_ON {+CALLS_ON +CALLING_ON +CALLED_ON } [020]  # OY 14 Mar 2006
SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93
- * (TO BORDER)                                       [154]         # HURRY
- &MILITARY *    [154]   # CALLED_ON
- * {ARMS SHIPMENT} [072] # EXPEDITE , HURRY
- * (TO)\t[042:043]     # HURRY
- $ * (FROM ^) (TO +) [0874]
- PILGRIMS * [---] # HURRY
- + * {DEATH THREAT} [:138] # HURRY

---  VISIT   [042:043]  ---
RE_+ARREST
- * {AIR_STRIKE} [195] # RE_ARREST

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture(scope="module")
def tables():
    return compile_cameo.compile_dictionary(DICTIONARY)


def test_verbs_are_base_forms_with_their_own_code_or_their_blocks(tables):
    # Irregular forms and ';' comments are dropped; a verb's own code wins over the
    # block's ('---' is no code, [042:043] its forward code); the transformation after
    # the last block is no verb.
    assert tables["verbs.tsv"] == [
        ("call on", "accelerate", "020"),
        ("hurry", "accelerate", ""),
        ("re arrest", "visit", "042"),
        ("scrap", "accelerate", ""),
    ]


def test_patterns_are_rows_of_their_block(tables):
    # No rows for [---] (no event) or [:138] (a reverse code only).
    assert tables["patterns.tsv"] == [
        ("accelerate", "", "(from) (to)", "0874", ""),
        ("accelerate", "", "(to border)", "154", "hurry"),
        ("accelerate", "", "(to)", "042", "hurry"),
        ("accelerate", "", "arms shipment", "072", "expedite, hurry"),
        ("accelerate", "&military", "", "154", "called on"),
        ("visit", "", "air strike", "195", "re arrest"),
    ]


def test_synonym_sets_drop_the_plus_and_read_underscores_as_spaces(tables):
    assert tables["synsets.tsv"] == [
        ("&auxverb1", "cash"),
        ("&auxverb1", "is to"),
        ("&auxverb1", "was"),
        ("&military", "armed forces"),
        ("&military", "troops"),
    ]


@pytest.mark.parametrize(
    ("line", "row"),
    [
        ("- * OFF (FROM ^)      [042]  # SET", ("", "off (from)", "042", "set")),
        ("- FIGHTER_&AIRCRAFT * [195]  # BOMB", ("fighter &aircraft", "", "195", "bomb")),
        (
            "- * &INVESTIGATION (INTO &FIGHT_OF_WORDS) [094] # SET_UP",
            ("", "&investigation (into &fight_of_words)", "094", "set up"),
        ),
        ("- * (AT {NEW SANCTIONS})  [1312]  # LOOK", ("", "(at new sanctions)", "1312", "look")),
        ("- * DOWN (FROM) [080!] # BACK", ("", "down (from)", "080", "back")),
        ("- * &TOWN [1712] # ", ("", "&town", "1712", "")),
        ("- * + [111] # MOCK", ("", "", "111", "mock")),
    ],
)
def test_one_pattern_line(line, row):
    assert compile_cameo.parse_pattern(line) == row


def test_lines_outside_a_verb_block_are_an_error():
    with pytest.raises(ValueError, match="outside any block"):
        compile_cameo.parse_blocks(["HURRY", "---  ACCELERATE   [---]  ---"])
    with pytest.raises(ValueError, match="not a pattern"):
        compile_cameo.parse_pattern("- NO STAR [010]")


def test_tables_start_with_provenance_and_column_names():
    text = compile_cameo.render("synsets.tsv", [("&military", "troops")])
    assert text.splitlines() == [compile_cameo.HEADER.rstrip("\n"), "# set\tmember", "&military\ttroops"]
    assert "Open Event Data Alliance" in text.splitlines()[0]


needs_source = pytest.mark.skipif(
    not (SOURCE / "CAMEO.2.0.txt").exists(), reason="../shared/lexicons/petrarch2 is not beside the repository"
)


@pytest.fixture(scope="module")
def real():
    if not (SOURCE / "CAMEO.2.0.txt").exists():
        pytest.skip("../shared/lexicons/petrarch2 is not beside the repository")
    return compile_cameo.compile_dictionary((SOURCE / "CAMEO.2.0.txt").read_text(encoding="utf-8"))


def test_the_committed_tables_are_what_the_dictionary_compiles_to(real):
    for name, rows in real.items():
        assert (COMMITTED / name).read_text(encoding="utf-8") == compile_cameo.render(name, rows), name
    assert (COMMITTED / "LICENSE").read_bytes() == (SOURCE / "LICENSE").read_bytes()


def test_well_known_entries(real):
    assert ("accelerate", "", "(to border)", "154", "rush") in real["patterns.tsv"]
    assert ("accelerate", "&military", "", "154", "rush") in real["patterns.tsv"]
    assert ("accelerate", "", "arms shipment", "072", "expedite") in real["patterns.tsv"]
    assert ("hurry", "accelerate", "") in real["verbs.tsv"]
    # a verb's own code: "+CALL_OFF [160]" in the CANCEL block, "STRANGLE [180]" in KILL
    assert ("call off", "cancel", "160") in real["verbs.tsv"]
    assert ("strangle", "kill", "180") in real["verbs.tsv"]
    assert ("&military", "troops") in real["synsets.tsv"]
    assert ("&auxverb1", "was") in real["synsets.tsv"]
    # Block defaults as the headers give them: "[041:041]", "[110]---", "[:110]" (reverse only).
    defaults = {block: code for verb, block, code in real["verbs.tsv"] if verb == block}
    assert {b: defaults[b] for b in ("accelerate", "call", "visit", "host", "grant", "kill", "disgrace", "offend")} == {
        "accelerate": "",
        "call": "041",
        "visit": "042",
        "host": "043",
        "grant": "060",
        "kill": "190",
        "disgrace": "110",
        "offend": "",
    }
    # Nothing from the TRANSFORMATIONS section ("~ a (a b ATTACK) SAY = a b 015").
    assert not any("~" in row[0] for row in real["verbs.tsv"])


@needs_source
def test_main_writes_the_tables_and_the_licence(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(compile_cameo, "OUT", tmp_path)
    assert compile_cameo.main([str(SOURCE)]) == 0
    for name in ("verbs.tsv", "patterns.tsv", "synsets.tsv", "LICENSE"):
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name
    rows = {name: len((tmp_path / name).read_text(encoding="utf-8").splitlines()) - 2 for name in compile_cameo.COLUMNS}
    assert capsys.readouterr().out.startswith(
        f"{rows['verbs.tsv']} verbs, {rows['patterns.tsv']} patterns, {rows['synsets.tsv']} synonym members"
    )


def test_main_refuses_a_directory_without_the_dictionary(tmp_path):
    assert compile_cameo.main([str(tmp_path)]) == 2
