"""The CAMEO code table (lexicon/cameo_codes.tsv): Goldstein values and PLOVER modes."""

from __future__ import annotations

import re

import pytest

from service.extraction.cameo import CameoCoder
from service.extraction.codes import CODES_FILE, read_code_table

# PLOVER's categories (OEDA codebook) under the names the taxonomy uses.
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
}  # fmt: skip


@pytest.fixture(scope="module")
def table():
    return read_code_table()


def test_every_row_is_a_code_with_a_score_in_range_and_a_known_plover_type(table):
    lines = [line for line in CODES_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(lines) == len(table)  # no code twice
    for code, row in table.items():
        assert re.fullmatch(r"\d{2,4}", code), code
        assert -10.0 <= row.goldstein <= 10.0, code
        assert row.plover_type is None or row.plover_type in PLOVER_TYPES, code
        assert row.plover_mode is None or row.plover_type is not None, code


def test_every_root_and_every_code_of_our_types_has_its_own_row(table):
    coder = CameoCoder()
    for root in range(1, 21):
        assert f"{root:02d}" in table and f"{root:02d}0" in table, root
    ours = {code for codes in coder._codes_by_type.values() for code in codes}
    assert ours, "the dictionary gives our types no codes"
    assert not sorted(code for code in ours if code not in table)


@pytest.mark.parametrize(
    ("code", "goldstein"),
    # values as GDELT's CAMEO.goldsteinscale.txt gives them, where they differ from the root's
    [("043", 2.8), ("0874", 10.0), ("1312", -5.8), ("138", -7.0), ("163", -8.0), ("1823", -10.0), ("191", -9.5)],
)
def test_goldstein_values_are_the_standard_tables(table, code, goldstein):
    assert table[code].goldstein == goldstein


def test_plover_drops_public_statements_and_appeals(table):
    assert all(row.plover_type is None for code, row in table.items() if code[:2] in {"01", "02"})
    assert table["1053"].plover_type == "REQUEST"  # the conversion's DEMAND, under the taxonomy's name
