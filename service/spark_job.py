"""Spark batch job: the service's extractor over a news archive, one Parquet row per event.

    python -m service.spark_job --input archive.jsonl --output out/             # local mode, all cores
    spark-submit service/spark_job.py --input s3a://news/2025/ --output s3a://events/2025/ --format parquet

Input is JSON Lines (one ``POST /v1/events`` request body per line) or Parquet
whose columns are the request's fields (``id``, ``text``, ``published_at``,
``title``, ``url``, ``outlet``, ``event_types``, ``min_confidence``; others are
ignored). Every document is validated and extracted exactly as the API does it
(service/corpus.py is shared with the CLI), inside the executors, with one
extractor loaded per Python worker and reused for every partition it is given.

Output, under ``--output``:

- ``events/``: one row per event, the columns of ``EVENT_COLUMNS`` (docs/SPARK.md),
  flat and GDELT-like (actor 1 and 2 with CAMEO codes, action place with GeoNames
  id and coordinates), plus ``event_json``, the event exactly as the API returns it.
- ``documents/``: one row per input document, ``DOCUMENT_COLUMNS``: how many events
  it gave, or the problem (RFC 9457) the API would have answered for it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

# Absolute imports: spark-submit runs this file as a script (the package installed on the cluster).
from service import __version__
from service.corpus import chunks, extract_documents, parse_document
from service.extraction import Extractor
from service.schemas import make_request_schema
from service.settings import Settings

if TYPE_CHECKING:  # pyspark and pandas are needed only by the job, not by the service
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

# Documents handed to nlp.pipe together, and rows per Arrow batch between the JVM
# and a Python worker: bounds a worker's memory whatever the partition size.
CHUNK_DOCUMENTS = 64

# (name, Spark SQL type, meaning): the one description of the output, which
# docs/SPARK.md lists (tests/unit/test_spark_job.py checks that it does).
DOCUMENT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("doc_key", "string", "first 16 hex digits of the SHA-256 of the input document's JSON: stable across runs"),
    ("doc_id", "string", "the document's `id`, if it had one"),
    ("input_file", "string", "the file the document was read from"),
    ("published_at", "date", "the document's `published_at`, if valid"),
    ("title", "string", "the document's `title`"),
    ("url", "string", "the document's `url`"),
    ("outlet", "string", "the document's `outlet`"),
    ("chars", "int", "length of `text` in characters"),
    ("sentence_count", "int", "sentences the extractor read"),
    ("event_count", "int", "events written to events/ for this document (0 if it had a problem)"),
    ("error_status", "int", "HTTP status of the problem the API would have answered (null: extracted)"),
    ("error_type", "string", "the problem's `type` URI"),
    ("error_detail", "string", "the problem's `detail`"),
    ("error_json", "string", "the whole problem body (RFC 9457), field errors included"),
    ("extractor", "string", "service version, spaCy model, scorer and taxonomy that produced the row"),
)

_ACTOR_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("role", "string", "`source`, `target` or `participant`: where in the event the actor stands"),
    ("text", "string", "the actor's words in the article"),
    ("start", "int", "character offset of `text` in the document"),
    ("end", "int", "end offset (exclusive)"),
    ("canonical", "string", "canonical name"),
    ("code", "string", "CAMEO-style actor code (country + sector, e.g. RUSMIL)"),
    ("country", "string", "ISO 3166-1 alpha-3 country, or an IGO code"),
    ("sector", "string", "CAMEO sector (GOV, MIL, REB, ...)"),
    ("entity_type", "string", "spaCy entity label or the kind of nominal"),
)

EVENT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_key", "string", "`doc_key:event_id`, unique in the archive"),
    ("doc_key", "string", "the document's key (documents/)"),
    ("doc_id", "string", "the document's `id`"),
    ("published_at", "date", "the document's publication date"),
    ("event_id", "string", "the event's `id` in the API response (e1, e2, ...)"),
    ("event_type", "string", "taxonomy type (TAXONOMY.md)"),
    ("event_subtype", "string", "taxonomy subtype"),
    ("status", "string", "asserted, planned, hypothetical, conditional, denied or generic"),
    ("polarity", "string", "positive or negative"),
    ("confidence", "double", "calibrated probability that the event is real (docs/MODEL.md)"),
    ("cameo_code", "string", "CAMEO event code"),
    ("cameo_root", "string", "CAMEO root code (2 digits), GDELT's EventRootCode"),
    ("quad_class", "int", "CAMEO quad class 1-4, GDELT's QuadClass"),
    ("goldstein", "double", "Goldstein scale value of the code"),
    ("plover_type", "string", "PLOVER event type"),
    ("plover_mode", "string", "PLOVER mode"),
    ("trigger_text", "string", "the trigger's words"),
    ("trigger_start", "int", "character offset of the trigger in the document"),
    ("trigger_end", "int", "end offset (exclusive)"),
    ("sentence", "string", "the sentence of the event's first mention (the evidence)"),
    ("mention_count", "int", "mentions merged into this event"),
    *(
        (f"actor1_{name}", kind, f"actor 1 (the first source, else the first participant): {meaning}")
        for name, kind, meaning in _ACTOR_FIELDS
    ),
    *(
        (f"actor2_{name}", kind, f"actor 2 (the first target, else the next participant): {meaning}")
        for name, kind, meaning in _ACTOR_FIELDS
    ),
    ("source_count", "int", "actors in `source`"),
    ("target_count", "int", "actors in `target`"),
    ("participant_count", "int", "actors in `participants`"),
    ("location_text", "string", "where the act happens, as written"),
    ("location_start", "int", "character offset of the place"),
    ("location_end", "int", "end offset (exclusive)"),
    ("location_canonical", "string", "canonical place name (GeoNames)"),
    ("location_country", "string", "ISO-3 country of the place"),
    ("location_geonames_id", "bigint", "GeoNames id"),
    ("location_latitude", "double", "latitude"),
    ("location_longitude", "double", "longitude"),
    ("location_feature", "string", "city, admin1, country or continent"),
    ("time_text", "string", "the time expression, as written"),
    ("time_start", "int", "character offset of the time expression"),
    ("time_end", "int", "end offset (exclusive)"),
    ("time_value", "string", "resolved date (ISO 8601, as precise as `time_granularity`)"),
    ("time_value_end", "string", "end of a range, else null"),
    ("time_granularity", "string", "day, month, year ..."),
    ("force_size", "bigint", "number of troops or weapons deployed"),
    ("force_text", "string", "the words giving the size"),
    ("event_json", "string", "the whole event exactly as POST /v1/events returns it (JSON)"),
    ("extractor", "string", "service version, spaCy model, scorer and taxonomy that produced the row"),
)

# Between the two stages: a document row plus its events, which only events/ keeps.
_STAGE_COLUMNS = (*DOCUMENT_COLUMNS, ("events_json", "string", "the document's events (JSON array)"))


def ddl(columns: Sequence[tuple[str, str, str]]) -> str:
    """A Spark DDL schema string for ``columns``."""
    return ", ".join(f"`{name}` {kind}" for name, kind, _ in columns)


# -- executor side ----------------------------------------------------------------

_EXECUTOR_STATE: tuple[Extractor, Any, str] | None = None


def _executor_state() -> tuple[Extractor, Any, str]:
    """The extractor, request schema and provenance of this Python worker, loaded on first use."""
    global _EXECUTOR_STATE
    if _EXECUTOR_STATE is None:
        settings = Settings.from_env()
        extractor = Extractor(settings.spacy_model, detector=settings.trigger_detector, scorer=settings.event_scorer)
        schema = make_request_schema(settings.max_text_chars, extractor.codebook.type_names)
        _EXECUTOR_STATE = (extractor, schema, provenance(extractor))
    return _EXECUTOR_STATE


def provenance(extractor: Extractor) -> str:
    """What produced a row: service, model, detector, scorer and taxonomy versions."""
    model = extractor.model_info
    parts = [f"event-extraction {__version__}", f"{model['name']} {model['version']}", model["detector"]]
    parts += [model["scorer"]] if model["scorer"] else []
    parts.append(f"taxonomy {extractor.codebook.version}")
    return "; ".join(parts)


def document_key(raw: str | bytes) -> str:
    """A stable key for an input document (its JSON text)."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    return hashlib.sha256(data).hexdigest()[:16]


def extract_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` stage 1: rows ``(raw, input_file)`` in, one stage row per document out."""
    import pandas as pd

    extractor, schema, made_by = _executor_state()
    names = [name for name, _, _ in _STAGE_COLUMNS]
    for frame in batches:
        rows: list[dict[str, Any]] = []
        for part in chunks(zip(frame["raw"], frame["input_file"], strict=True), CHUNK_DOCUMENTS):
            items = [parse_document(number, raw, schema) for number, (raw, _) in enumerate(part, start=1)]
            extract_documents(extractor, items, batch_size=16)
            rows += [_document_row(item, raw, source, made_by) for item, (raw, source) in zip(items, part, strict=True)]
        yield pd.DataFrame(rows, columns=names)


def _document_row(item, raw: str, input_file: str, made_by: str) -> dict[str, Any]:
    doc = item.doc or {}
    fields = item.raw if isinstance(item.raw, dict) else {}
    row: dict[str, Any] = {
        "doc_key": document_key(raw),
        "doc_id": _text_or_none(fields.get("id")),
        "input_file": input_file,
        "published_at": doc.get("published_at") if isinstance(doc.get("published_at"), date) else None,
        "title": _text_or_none(fields.get("title")),
        "url": _text_or_none(fields.get("url")),
        "outlet": _text_or_none(fields.get("outlet")),
        "chars": len(doc["text"]) if "text" in doc else None,
        "sentence_count": None,
        "event_count": 0,
        "error_status": None,
        "error_type": None,
        "error_detail": None,
        "error_json": None,
        "events_json": "[]",
        "extractor": made_by,
    }
    if item.problem is not None:
        problem = item.problem.to_dict()
        row.update(
            error_status=problem["status"],
            error_type=problem["type"],
            error_detail=problem.get("detail"),
            error_json=orjson.dumps(problem).decode(),
        )
        return row
    events = item.result["events"]
    row.update(
        sentence_count=item.result["document"]["sentence_count"],
        event_count=len(events),
        events_json=orjson.dumps(events).decode(),
    )
    return row


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def flatten_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` stage 2: stage rows in, one flat row per event out."""
    import pandas as pd

    names = [name for name, _, _ in EVENT_COLUMNS]
    for frame in batches:
        rows = [
            event_row(doc_key, doc_id, published_at, event, made_by)
            for doc_key, doc_id, published_at, events_json, made_by in zip(
                frame["doc_key"],
                frame["doc_id"],
                frame["published_at"],
                frame["events_json"],
                frame["extractor"],
                strict=True,
            )
            for event in orjson.loads(events_json)
        ]
        yield pd.DataFrame(rows, columns=names)


def event_row(doc_key: str, doc_id: str | None, published_at: Any, event: dict[str, Any], made_by: str) -> dict:
    """One event of the API's response as a flat row of ``EVENT_COLUMNS``."""
    codes = event["codes"]
    cameo, plover = codes.get("cameo") or {}, codes.get("plover") or {}
    location, time, force = event["location"] or {}, event["time"] or {}, event["force"] or {}
    first_mention = event["mentions"][0] if event["mentions"] else {}
    row = {
        "event_key": f"{doc_key}:{event['id']}",
        "doc_key": doc_key,
        "doc_id": doc_id,
        "published_at": published_at if isinstance(published_at, date) else None,
        "event_id": event["id"],
        "event_type": event["type"],
        "event_subtype": event["subtype"],
        "status": event["modality"]["status"],
        "polarity": event["modality"]["polarity"],
        "confidence": event["confidence"],
        "cameo_code": cameo.get("code"),
        "cameo_root": cameo.get("root"),
        "quad_class": cameo.get("quad_class"),
        "goldstein": cameo.get("goldstein"),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        "trigger_text": event["trigger"]["text"],
        "trigger_start": event["trigger"]["start"],
        "trigger_end": event["trigger"]["end"],
        "sentence": first_mention.get("sentence", {}).get("text"),
        "mention_count": len(event["mentions"]),
        "source_count": len(event["source"]),
        "target_count": len(event["target"]),
        "participant_count": len(event["participants"]),
        "location_text": location.get("text"),
        "location_start": location.get("start"),
        "location_end": location.get("end"),
        "location_canonical": location.get("canonical"),
        "location_country": location.get("country"),
        "location_geonames_id": location.get("geonames_id"),
        "location_latitude": location.get("latitude"),
        "location_longitude": location.get("longitude"),
        "location_feature": location.get("feature"),
        "time_text": time.get("text"),
        "time_start": time.get("start"),
        "time_end": time.get("end"),
        "time_value": time.get("value"),
        "time_value_end": time.get("value_end"),
        "time_granularity": time.get("granularity"),
        "force_size": force.get("size"),
        "force_text": force.get("text"),
        "event_json": orjson.dumps(event).decode(),
        "extractor": made_by,
    }
    actor1, actor2 = _actor_pair(event)
    for prefix, (role, actor) in (("actor1", actor1), ("actor2", actor2)):
        actor = actor or {}
        row[f"{prefix}_role"] = role
        for name, _, _ in _ACTOR_FIELDS[1:]:
            row[f"{prefix}_{name}"] = actor.get(name)
    return row


def _actor_pair(event: dict[str, Any]) -> tuple[tuple[str | None, dict | None], tuple[str | None, dict | None]]:
    """GDELT's Actor1 and Actor2: who acts and on whom; the parties of a symmetric act in turn."""
    participants = list(event["participants"])
    if event["source"]:
        first = ("source", event["source"][0])
    elif participants:
        first = ("participant", participants.pop(0))
    else:
        first = (None, None)
    if event["target"]:
        second = ("target", event["target"][0])
    elif participants:
        second = ("participant", participants[0])
    else:
        second = (None, None)
    return first, second


# -- driver side -----------------------------------------------------------------


def read_documents(spark: SparkSession, path: str, input_format: str) -> DataFrame:
    """Input documents as rows ``(raw, input_file)``: each document's JSON text and where it came from."""
    from pyspark.sql import functions as F

    if input_format == "jsonl":
        # As text, not spark.read.json: every line reaches the API's own validation unaltered.
        frame = spark.read.text(path).withColumnRenamed("value", "raw")
    elif input_format == "parquet":
        frame = spark.read.parquet(path)
        fields = sorted(set(make_request_schema(1, ()).fields) & set(frame.columns))
        if "text" not in fields:
            raise SystemExit(f"error: {path} has no `text` column (columns: {', '.join(frame.columns)})")
        # to_json writes dates as yyyy-MM-dd and leaves out nulls: a request body as the API takes it.
        frame = frame.select(F.to_json(F.struct(*fields)).alias("raw"))
    else:
        raise ValueError(f"unknown input format {input_format!r}")
    return frame.select("raw", F.input_file_name().alias("input_file"))


def run_job(
    spark: SparkSession,
    input_path: str,
    output_path: str,
    input_format: str = "jsonl",
    mode: str = "errorifexists",
    partitions: int | None = None,
) -> dict[str, int]:
    """Extract every document under ``input_path``; write events/ and documents/ under ``output_path``."""
    from pyspark import StorageLevel

    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(CHUNK_DOCUMENTS))
    documents = read_documents(spark, input_path, input_format)
    # One JSON Lines file under 128 MB is one partition, which one core would work
    # through alone: spread the documents over every core (twice, to even out long ones).
    wanted = partitions or 2 * spark.sparkContext.defaultParallelism
    if documents.rdd.getNumPartitions() < wanted:
        documents = documents.repartition(wanted)
    staged = documents.mapInPandas(extract_partition, ddl(_STAGE_COLUMNS)).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        staged.drop("events_json").write.mode(mode).parquet(f"{output_path.rstrip('/')}/documents")
        events = staged.select("doc_key", "doc_id", "published_at", "events_json", "extractor").mapInPandas(
            flatten_partition, ddl(EVENT_COLUMNS)
        )
        events.write.mode(mode).parquet(f"{output_path.rstrip('/')}/events")
        from pyspark.sql import functions as F

        counts = staged.agg(
            F.count("*").alias("documents"),
            F.count("error_status").alias("problems"),
            F.coalesce(F.sum("event_count"), F.lit(0)).alias("events"),
        ).first()
    finally:
        staged.unpersist()
    return {"documents": counts["documents"], "problems": counts["problems"], "events": int(counts["events"])}


def local_session(master: str = "local[*]", app_name: str = "event-extraction") -> SparkSession:
    """A local-mode session whose Python workers use this interpreter and can import this package."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Loopback only: without this Spark binds to whatever the hostname resolves to.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    root = str(Path(__file__).resolve().parent.parent)
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # A laptop or CI runner needs no reachable hostname.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m service.spark_job",
        description="Extract events from a news archive with Spark: JSON Lines or Parquet in, Parquet out.",
    )
    parser.add_argument("--input", required=True, help="file, directory or glob of input documents")
    parser.add_argument("--output", required=True, help="directory to write events/ and documents/ into")
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="input format (default jsonl)")
    parser.add_argument(
        "--master",
        default=None,
        help="Spark master for a local run (default local[*]); leave unset under spark-submit, which sets it",
    )
    parser.add_argument(
        "--partitions", type=int, default=None, help="spread the documents over at least N tasks (default 2 x cores)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing output instead of failing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be at least 1")
    Settings.from_env()  # a bad setting fails here, on the driver, not in every executor
    from pyspark.sql import SparkSession

    # spark-submit starts Python with a gateway to its JVM, whose master and
    # configuration come from the command line; run directly, this is local mode.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    spark = (
        SparkSession.builder.appName("event-extraction").getOrCreate()
        if submitted and args.master is None
        else local_session(args.master or "local[*]")
    )
    try:
        counts = run_job(
            spark, args.input, args.output, args.format, "overwrite" if args.overwrite else "errorifexists"
        )
    finally:
        spark.stop()
    print(f"{counts['documents']} documents, {counts['events']} events, {counts['problems']} problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
