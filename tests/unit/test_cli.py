"""``python -m service extract`` (service/cli.py): one article, stdin, a JSON Lines corpus."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import orjson
import pytest

from service.cli import main
from tests.conftest import ROOT, load_seed
from tests.support.contract import Contract

NEWS = "Russia has deployed 30,000 troops to Belarus for joint exercises, the defence ministry said on Thursday."
CALL = "Biden spoke by phone with Zelensky on Monday."


def run(argv: list[str], extractor, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, extractor=extractor, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def api_events(client, **body) -> dict:
    response = client.post("/v1/events", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def without_duration(body: dict) -> dict:
    return {**body, "meta": {**body["meta"], "duration_ms": None}}


def test_extract_file_prints_what_the_api_returns(extractor, client, tmp_path, contract: Contract):
    article = tmp_path / "article.txt"
    article.write_text(NEWS, encoding="utf-8")

    status, out, err = run(["extract", str(article), "--published-at", "2022-02-03", "--id", "a1"], extractor)

    assert status == 0, err
    body = json.loads(out)
    contract.schema_validator("EventsResponse").validate(body)
    expected = api_events(client, text=NEWS, published_at="2022-02-03", id="a1")
    assert without_duration(body) == without_duration(expected)
    assert "deployment" in [e["type"] for e in body["events"]]
    assert body["document"]["published_at"] == "2022-02-03"


def test_extract_reads_stdin_with_a_dash(extractor):
    status, out, err = run(["extract", "-", "--published-at", "2022-01-27"], extractor, stdin=CALL)

    assert status == 0, err
    event = json.loads(out)["events"][0]
    assert (event["type"], event["subtype"]) == ("meeting", "phone_call")
    assert event["time"]["value"] == "2022-01-24"
    assert CALL[event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]


def test_extract_applies_the_api_filters(extractor):
    status, out, _ = run(
        ["extract", "-", "--event-types", "meeting", "--min-confidence", "0.1"], extractor, stdin=NEWS + " " + CALL
    )

    assert status == 0
    assert {e["type"] for e in json.loads(out)["events"]} == {"meeting"}


def test_invalid_article_prints_the_api_problem_and_fails(extractor, monkeypatch):
    monkeypatch.setenv("MAX_TEXT_CHARS", "20")

    status, out, err = run(["extract", "-", "--published-at", "yesterday"], extractor, stdin=NEWS)

    assert status == 1 and out == ""
    problem = json.loads(err)
    assert problem["status"] == 422
    assert {e["field"] for e in problem["errors"]} == {"text", "published_at"}


def test_missing_file_is_an_error_not_a_traceback(extractor, tmp_path):
    status, out, err = run(["extract", str(tmp_path / "absent.txt")], extractor)

    assert status == 1 and out == ""
    assert "cannot read" in err and "Traceback" not in err


def test_extract_needs_exactly_one_input(extractor, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract"], extractor=extractor)
    assert exit_info.value.code == 2
    assert "exactly one input" in capsys.readouterr().err

    with pytest.raises(SystemExit):
        main(["extract", "a.txt", "--jsonl", "b.jsonl"], extractor=extractor)


def test_jsonl_corpus_records_bad_lines_and_extracts_the_rest(
    extractor, client, tmp_path, monkeypatch, contract: Contract
):
    monkeypatch.setenv("MAX_TEXT_CHARS", "200")
    good = {"id": "good-1", "text": NEWS, "published_at": "2022-02-03"}
    lines = [
        json.dumps(good),
        "{this is not json",
        json.dumps({"id": "no-text", "published_at": "2022-02-03"}),
        "",  # a blank line gets a problem, so output line N still answers input line N
        json.dumps({"id": "too-long", "text": "Troops massed. " * 20}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "good-2", "text": CALL, "published_at": "2022-01-27"}),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_path = tmp_path / "events.jsonl"

    status, out, err = run(["extract", "--jsonl", str(corpus), "--out", str(out_path), "--batch-size", "2"], extractor)

    assert status == 0, err
    assert out == ""
    results = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6, 7]
    ok = [r for r in results if "document" in r]
    errors = {r["line"]: r for r in results if "error" in r}
    assert [r["document"]["id"] for r in ok] == ["good-1", "good-2"]
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert errors[2]["error"]["status"] == 400 and errors[2]["id"] is None
    assert errors[4]["error"]["status"] == 400 and "blank" in errors[4]["error"]["detail"]
    assert errors[3]["id"] == "no-text" and errors[3]["error"]["errors"] == [
        {"field": "text", "message": "Missing data for required field."}
    ]
    assert errors[5]["id"] == "too-long" and errors[5]["error"]["errors"][0]["field"] == "text"
    assert errors[6]["error"]["errors"][0]["field"] == "(body)"
    for result in ok:
        contract.schema_validator("DocumentResult").validate({k: v for k, v in result.items() if k != "line"})
    for result in errors.values():
        contract.schema_validator("Problem").validate(result["error"])
    # Output lines follow input order.
    assert [r.get("document", {}).get("id") for r in results] == ["good-1", None, None, None, None, None, "good-2"]
    # A corpus line gives the same document result as the batch endpoint, plus its line number.
    batch = client.post("/v1/events/batch", json={"documents": [good]}).get_json()
    assert ok[0] == {"line": 1, **batch["results"][0]}
    assert "7 documents, 2 extracted, 5 errors" in err


def test_jsonl_from_stdin_to_stdout(extractor):
    corpus = "\n".join(json.dumps({"id": f"d{i}", "text": text}) for i, text in enumerate([NEWS, CALL, NEWS]))

    status, out, err = run(["extract", "--jsonl", "-"], extractor, stdin=corpus)

    assert status == 0, err
    assert [json.loads(line)["document"]["id"] for line in out.splitlines()] == ["d0", "d1", "d2"]


def test_jsonl_document_the_extractor_fails_on_fails_alone(extractor, monkeypatch):
    real = extractor.extract_many

    def failing(items, batch_size=16):
        items = list(items)
        if any("EXPLODE" in text for text, _ in items):
            raise RuntimeError("boom")
        return real(items, batch_size=batch_size)

    monkeypatch.setattr(extractor, "extract_many", failing)
    corpus = "\n".join(
        json.dumps({"id": f"d{i}", "text": text}) for i, text in enumerate([NEWS, "EXPLODE " + NEWS, CALL])
    )

    status, out, err = run(["extract", "--jsonl", "-"], extractor, stdin=corpus)

    results = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [r.get("document", {}).get("id") for r in results] == ["d0", None, "d2"]
    assert results[1] == {"id": "d1", "line": 2, "error": results[1]["error"]}
    assert results[1]["error"]["status"] == 500
    assert "line 2: extraction failed: RuntimeError: boom" in err


def test_jsonl_line_that_is_not_utf8_is_an_error(extractor, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b'{"id": "bad", "text": "caf\xe9"}\n' + orjson.dumps({"id": "ok", "text": NEWS}) + b"\n")

    status, out, _ = run(["extract", "--jsonl", str(corpus)], extractor)

    results = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert results[0]["line"] == 1 and results[0]["error"]["status"] == 400
    assert "UTF-8" in results[0]["error"]["detail"]
    assert results[1]["document"]["id"] == "ok"


def test_jsonl_line_with_a_repeated_key_is_an_error_and_a_bom_is_ignored(extractor, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(
        b"\xef\xbb\xbf"  # Windows editors start the file with a byte order mark
        + orjson.dumps({"id": "first", "text": NEWS})
        + b'\n{"id": "twice", "text": "a", "text": "b"}\n'
    )

    status, out, _ = run(["extract", "--jsonl", str(corpus)], extractor)

    first, twice = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert first["line"] == 1 and first["document"]["id"] == "first"
    assert twice["line"] == 2 and twice["error"]["status"] == 400
    assert twice["error"]["type"].endswith("/duplicate-key") and '"text"' in twice["error"]["detail"]


@pytest.mark.slow
def test_jsonl_blank_lines_keep_output_line_n_on_input_line_n(tmp_path):
    """README: ``--jsonl`` writes one line per input line, in order; blank lines used to be dropped."""
    lines = [
        json.dumps({"id": "d1", "text": NEWS}),
        "",
        json.dumps({"id": "d3", "text": CALL}),
        "   \t",
        "",
        json.dumps({"id": "d6", "text": NEWS}),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_path = tmp_path / "events.jsonl"

    done = subprocess.run(
        [sys.executable, "-m", "service", "extract", "--jsonl", str(corpus), "--out", str(out_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert len(results) == len(lines)
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6]
    assert [r["document"]["id"] for r in results if "document" in r] == ["d1", "d3", "d6"]
    for number in (1, 3, 6):
        assert results[number - 1]["document"]["id"] == f"d{number}"
    for number in (2, 4, 5):
        assert results[number - 1]["id"] is None
        assert results[number - 1]["error"]["status"] == 400
        Contract().schema_validator("Problem").validate(results[number - 1]["error"])
    assert "6 documents, 3 extracted, 3 errors" in done.stderr


@pytest.mark.slow
def test_python_dash_m_service_extract_end_to_end(tmp_path):
    """The real entry point in a fresh interpreter: a seed article from a file."""
    seed = load_seed("001_adf76b708e43006e")
    article = tmp_path / "seed.txt"
    article.write_text(seed["text"], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    done = subprocess.run(
        [sys.executable, "-m", "service", "extract", str(article), "--published-at", seed["published_at"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    Contract().schema_validator("EventsResponse").validate(body)
    assert body["events"]
    for event in body["events"]:
        assert seed["text"][event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]
