"""The Spark job's row mapping and its documentation, without starting Spark (tests/spark/ runs it)."""

from __future__ import annotations

import re

from service.spark_job import DOCUMENT_COLUMNS, EVENT_COLUMNS, ddl, document_key, event_row
from tests.conftest import ROOT


def _actor(text: str, code: str) -> dict:
    return {
        "text": text,
        "start": 0,
        "end": len(text),
        "entity_type": "GPE",
        "country": code[:3],
        "canonical": text,
        "code": code,
        "sector": None,
    }


def _event(**roles) -> dict:
    return {
        "id": "e7",
        "type": "meeting",
        "subtype": "talks",
        "trigger": {"text": "met", "start": 10, "end": 13},
        "mentions": [],
        "source": roles.get("source", []),
        "target": roles.get("target", []),
        "participants": roles.get("participants", []),
        "location": None,
        "time": None,
        "modality": {"polarity": "positive", "status": "asserted"},
        "codes": {"cameo": None, "plover": None},
        "confidence": 0.5,
        "force": None,
        "content": [],
    }


def test_actor1_is_the_source_and_actor2_the_target():
    row = event_row("k", "d", None, _event(source=[_actor("Russia", "RUS")], target=[_actor("Ukraine", "UKR")]), "x")
    assert (row["actor1_role"], row["actor1_code"]) == ("source", "RUS")
    assert (row["actor2_role"], row["actor2_code"]) == ("target", "UKR")


def test_the_parties_of_a_symmetric_act_fill_actor1_and_actor2_in_turn():
    parties = [_actor("France", "FRA"), _actor("Germany", "DEU"), _actor("Poland", "POL")]
    row = event_row("k", "d", None, _event(participants=parties), "x")
    assert (row["actor1_role"], row["actor1_code"]) == ("participant", "FRA")
    assert (row["actor2_role"], row["actor2_code"]) == ("participant", "DEU")
    assert row["participant_count"] == 3


def test_an_event_without_actors_has_null_actor_columns():
    row = event_row("k", "d", None, _event(), "x")
    assert row["actor1_role"] is None and row["actor2_text"] is None
    assert row["event_key"] == "k:e7" and row["mention_count"] == 0


def test_every_row_has_exactly_the_declared_columns():
    row = event_row("k", "d", None, _event(source=[_actor("Russia", "RUS")]), "x")
    assert set(row) == {name for name, _, _ in EVENT_COLUMNS} and len(row) == len(EVENT_COLUMNS)


def test_document_key_is_stable_and_tells_documents_apart():
    assert document_key('{"text": "a"}') == document_key(b'{"text": "a"}')
    assert document_key('{"text": "a"}') != document_key('{"text": "b"}')
    assert re.fullmatch(r"[0-9a-f]{16}", document_key("x"))


def test_the_schema_is_valid_ddl_for_every_column():
    for columns in (EVENT_COLUMNS, DOCUMENT_COLUMNS):
        assert ddl(columns).count("`") == 2 * len(columns)
        assert all(kind in {"string", "int", "bigint", "double", "date"} for _, kind, _ in columns)


def test_docs_describe_every_output_column():
    text = (ROOT / "docs" / "SPARK.md").read_text(encoding="utf-8")
    for name, kind, meaning in (*EVENT_COLUMNS, *DOCUMENT_COLUMNS):
        assert f"| `{name}` | {kind} | {meaning} |" in text, name
