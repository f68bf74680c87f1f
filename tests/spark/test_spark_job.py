"""The Spark job in local mode, run as docs/SPARK.md says: its rows equal what POST /v1/events returns."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from service.app import create_app
from service.settings import Settings
from service.spark_job import DOCUMENT_COLUMNS, EVENT_COLUMNS
from tests.conftest import ROOT, load_seed, seed_ids

pytestmark = pytest.mark.slow

STORIES = ROOT / "data" / "voa2025" / "stories.jsonl"


def _documents() -> list[dict]:
    """The seeds, four VOA stories, and documents that exercise the request's options."""
    documents = []
    for seed_id in seed_ids():
        seed = load_seed(seed_id)
        documents.append({key: seed[key] for key in ("id", "title", "published_at", "text") if key in seed})
    with STORIES.open(encoding="utf-8") as handle:
        stories = [json.loads(line) for line in handle][:4]
    for story in stories:
        documents.append(
            {
                "id": f"voa-{story['id']}",
                "title": story["title"],
                "url": story["url"],
                "outlet": "VOA",
                "published_at": story["published"][:10],
                "text": story["text"],
            }
        )
    documents.append({"id": "no-date", "text": stories[0]["text"]})
    documents.append(
        {
            "id": "only-meetings",
            "text": load_seed(seed_ids()[2])["text"],
            "event_types": ["meeting"],
            "min_confidence": 0.3,
        }
    )
    return documents


# Lines the API answers with a problem, and the status it gives each.
BAD_LINES = {
    "": 400,
    "not json": 400,
    '{"id": "wrong-type", "text": 5}': 422,
    '{"id": "unknown-type", "text": "Troops arrived.", "event_types": ["picnic"]}': 422,
}


def _run_job(input_path: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    # The command docs/SPARK.md gives, with nothing set that a user would not set.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYSPARK_PYTHON", "PYTHONPATH", "EVENT_SCORER", "SPACY_MODEL", "TRIGGER_DETECTOR"}
    }
    command = [sys.executable, "-m", "service.spark_job", "--input", str(input_path), "--output", str(output), *extra]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    if shutil.which("java") is None:
        pytest.fail("the Spark job needs a Java 17+ runtime (java on PATH); install one, e.g. openjdk-17-jre-headless")
    folder = tmp_path_factory.mktemp("spark")
    documents = _documents()
    jsonl = folder / "archive.jsonl"
    lines = [json.dumps(document, ensure_ascii=False) for document in documents] + list(BAD_LINES)
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = folder / "archive.parquet"
    valid = [d for d in documents if "event_types" not in d]
    table = pa.table(
        {
            "id": [d["id"] for d in valid],
            "text": [d["text"] for d in valid],
            "published_at": pa.array(
                [pd.Timestamp(d["published_at"]).date() if "published_at" in d else None for d in valid], pa.date32()
            ),
            "title": [d.get("title") for d in valid],
            "section": ["ignored column"] * len(valid),
        }
    )
    pq.write_table(table, parquet)
    runs = {}
    for name, path, extra in (("jsonl", jsonl, ()), ("parquet", parquet, ("--format", "parquet"))):
        result = _run_job(path, folder / f"out-{name}", *extra)
        assert result.returncode == 0, result.stderr[-3000:]
        runs[name] = {
            "stderr": result.stderr,
            "events": pd.read_parquet(folder / f"out-{name}" / "events"),
            "documents": pd.read_parquet(folder / f"out-{name}" / "documents"),
        }
    return {"documents": documents, "runs": runs}


@pytest.fixture(scope="module")
def api_events(corpus, extractor) -> dict[str, list[dict]]:
    """What POST /v1/events answers for each valid document, by id."""
    client = create_app(Settings(), extractor=extractor).test_client()
    answers = {}
    for document in corpus["documents"]:
        response = client.post("/v1/events", json=document)
        assert response.status_code == 200
        answers[document["id"]] = response.get_json()["events"]
    return answers


def _spark_events(events: pd.DataFrame, doc_id: str) -> list[dict]:
    rows = events[events["doc_id"] == doc_id]
    found = [json.loads(text) for text in rows["event_json"]]
    return sorted(found, key=lambda event: int(event["id"][1:]))


def _same(cell, value) -> bool:
    """A Parquet cell read by pandas against the API's value: a null cell reads as NaN or None."""
    return pd.isna(cell) if value is None else cell == value


def test_every_document_gets_the_events_the_api_returns(corpus, api_events):
    events = corpus["runs"]["jsonl"]["events"]
    total = 0
    for doc_id, expected in api_events.items():
        assert _spark_events(events, doc_id) == expected, doc_id
        total += len(expected)
    assert len(events) == total
    assert total > 100  # the seeds alone hold well over a hundred events
    assert events["event_key"].is_unique


def test_request_options_apply_per_document(corpus, api_events):
    events = corpus["runs"]["jsonl"]["events"]
    chosen = events[events["doc_id"] == "only-meetings"]
    assert len(chosen) > 0 and set(chosen["event_type"]) == {"meeting"}
    assert (chosen["confidence"] >= 0.3).all()
    undated = events[events["doc_id"] == "no-date"]
    assert len(undated) > 0 and undated["published_at"].isna().all()


def test_flat_columns_say_what_the_event_says(corpus, api_events):
    events = corpus["runs"]["jsonl"]["events"]
    checked = {"location": 0, "actor2": 0, "time": 0}
    for doc_id, expected in api_events.items():
        rows = events[events["doc_id"] == doc_id].set_index("event_id")
        for event in expected:
            row = rows.loc[event["id"]]
            assert (row["event_type"], row["event_subtype"]) == (event["type"], event["subtype"])
            assert (row["status"], row["polarity"]) == (event["modality"]["status"], event["modality"]["polarity"])
            assert row["confidence"] == event["confidence"]
            cameo = event["codes"]["cameo"] or {}
            assert row["cameo_code"] == cameo.get("code")
            assert _same(row["goldstein"], cameo.get("goldstein"))
            assert (row["trigger_start"], row["trigger_end"]) == (event["trigger"]["start"], event["trigger"]["end"])
            assert row["mention_count"] == len(event["mentions"])
            actor1 = (event["source"] or event["participants"] or [None])[0]
            assert row["actor1_code"] == (actor1 or {}).get("code")
            assert _same(row["actor1_start"], (actor1 or {}).get("start"))
            if event["target"]:
                assert (row["actor2_role"], row["actor2_canonical"]) == ("target", event["target"][0]["canonical"])
                checked["actor2"] += 1
            if event["location"] and event["location"]["geonames_id"]:
                assert row["location_geonames_id"] == event["location"]["geonames_id"]
                # Countries carry no coordinates in the GeoNames extract: null, not 0.
                assert _same(row["location_latitude"], event["location"]["latitude"])
                checked["location"] += 1
            if event["time"]:
                assert row["time_value"] == event["time"]["value"]
                checked["time"] += 1
    assert all(count > 5 for count in checked.values()), checked


def test_documents_table_reports_every_line_and_each_problem(corpus):
    documents = corpus["runs"]["jsonl"]["documents"]
    assert len(documents) == len(corpus["documents"]) + len(BAD_LINES)
    extracted = documents[documents["error_status"].isna()]
    assert len(extracted) == len(corpus["documents"])
    assert sorted(documents["error_status"].dropna().astype(int)) == sorted(BAD_LINES.values())
    wrong = documents[documents["doc_id"] == "wrong-type"].iloc[0]
    assert json.loads(wrong["error_json"])["errors"][0]["field"] == "text"
    assert documents["doc_key"].is_unique
    events = corpus["runs"]["jsonl"]["events"]
    per_document = events.groupby("doc_key").size()
    for row in extracted.itertuples():
        assert row.event_count == per_document.get(row.doc_key, 0)
    assert "documents" in corpus["runs"]["jsonl"]["stderr"] and "problems" in corpus["runs"]["jsonl"]["stderr"]


def test_parquet_input_gives_the_same_events(corpus):
    by_json = corpus["runs"]["jsonl"]["events"]
    by_parquet = corpus["runs"]["parquet"]["events"]
    for doc_id in set(by_parquet["doc_id"]):
        assert _spark_events(by_parquet, doc_id) == _spark_events(by_json, doc_id), doc_id
    assert set(by_parquet["doc_id"]) == set(by_json["doc_id"]) - {"only-meetings"}
    assert corpus["runs"]["parquet"]["documents"]["error_status"].isna().all()


def test_output_columns_are_the_documented_ones(corpus):
    run = corpus["runs"]["jsonl"]
    assert list(run["events"].columns) == [name for name, _, _ in EVENT_COLUMNS]
    assert list(run["documents"].columns) == [name for name, _, _ in DOCUMENT_COLUMNS]
