"""scripts/compile_phoenix.py: the TABARI dictionary format, and tables that match their source."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "lexicons" / "petrarch2"


compile_phoenix = load_script("compile_phoenix")

ACTORS = """\
# a comment
VLADIMIR_PUTIN_  # CountryInfo.txt
+PRESIDENT_PUTIN_
\t[RUSELI 700101-990809]
\t[RUSGOV >080508]
\t[RUSELI]
MILO_DJUKANOVIC_
\t[MNEGOV 20121204]
ARMENIA_
\t[ARMUNR 900822-3-911221]
\t[ARM]
HEZBOLLAH_ [LBNREB] #  kkl 21 Mar 13
+HIZBULLAH
"""


def test_actor_entries_keep_synonyms_and_dated_roles(tmp_path):
    path = tmp_path / "x.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    rows = compile_phoenix.parse_actors(path)
    assert ("president putin", "RUSGOV", "2008-05-08", "") in rows
    assert ("vladimir putin", "RUSELI", "1970-01-01", "1999-08-09") in rows
    assert ("vladimir putin", "RUSELI", "", "") in rows
    # A bare date opens a term; a malformed one is dropped, not misread.
    assert ("milo djukanovic", "MNEGOV", "2012-12-04", "") in rows
    assert [r for r in rows if r[0] == "armenia"] == [("armenia", "ARM", "", "")]
    assert ("hizbullah", "LBNREB", "", "") in rows


def test_agent_entries_expand_substitution_sets_and_plurals(tmp_path):
    path = tmp_path / "agents.txt"
    path.write_text(
        "!PERSON! = MAN, MEN\n!MINIST! = MINISTER, MINISTRY\n"
        "POLICE!PERSON!  [~COP]\n!MINIST! OF_DEFENSE [~GOVMIL]\n"
        "CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\nOBSERVERS_IN [IGO~]\n",
        encoding="utf-8",
    )
    rows = set(compile_phoenix.parse_agents(path))
    assert {("policeman", "COP"), ("policemen", "COP")} <= rows
    assert {("minister of defense", "GOVMIL"), ("ministry of defense", "GOVMIL")} <= rows
    assert {("chamber of commerce", "BUS"), ("chambers of commerce", "BUS")} <= rows
    assert not any(phrase.startswith("observers") for phrase, _ in rows)


@pytest.mark.skipif(not SOURCE.exists(), reason="../shared/lexicons/petrarch2 is not beside the repository")
def test_the_committed_tables_are_what_the_dictionaries_compile_to(tmp_path, monkeypatch):
    monkeypatch.setattr(compile_phoenix, "OUT", tmp_path)
    assert compile_phoenix.main([str(SOURCE)]) == 0
    committed = ROOT / "service" / "extraction" / "lexicon" / "phoenix"
    for name in ("actors.tsv", "agents.tsv", "LICENSE"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name
