"""The Spark job's throughput in local mode, against bare spaCy measured in the same run.

For each number of cores (``local[1]``, ``local[2]``): a fresh session, a warm-up job
(every Python worker loads its extractor once, as on a cluster where a worker serves
many partitions), then the timed job over the corpus, written to Parquet as users
run it. Bare ``nlp.pipe`` on the same texts in this process, one core, is timed just
before each level: the ratio is the job's words/s per core over bare words/s.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.perf_corpus import Doc, words
from bench.perf_inprocess import BATCH_SIZE, wall_and_cpu

CORES = (1, 2)


def _write_jsonl(path: Path, docs: list[Doc]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for number, doc in enumerate(docs):
            handle.write(json.dumps({"id": f"d{number}", **doc.body()}, ensure_ascii=False) + "\n")
    return path


def python_worker_rss_mb() -> list[float]:
    """Resident memory of each PySpark Python worker alive now (each holds one extractor)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"pyspark.daemon" not in cmdline and b"pyspark.worker" not in cmdline:
                continue
            rss = next(line for line in stat.read_text().splitlines() if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
        found.append(round(int(rss.split()[1]) / 1024, 1))
    return sorted(found, reverse=True)


def measure_spark(bare: Any, docs: list[Doc], workdir: Path, cores: tuple[int, ...] = CORES) -> dict[str, Any]:
    """Words/s of the Spark job per core count, and each over bare nlp.pipe words/s."""
    from service.spark_job import local_session, run_job

    corpus = _write_jsonl(workdir / "spark-corpus.jsonl", docs)
    warmup = _write_jsonl(workdir / "spark-warmup.jsonl", docs[: 4 * max(cores)])
    total_words = sum(words(d.text) for d in docs)
    levels = []
    for n in cores:
        texts = [d.text for d in docs]
        bare_wall, _ = wall_and_cpu(lambda texts=texts: list(bare.pipe(texts, batch_size=BATCH_SIZE)))
        started = time.perf_counter()
        spark = local_session(f"local[{n}]", app_name=f"bench-{n}")
        session_s = time.perf_counter() - started
        try:
            started = time.perf_counter()
            run_job(spark, str(warmup), str(workdir / "spark-out-warmup"), mode="overwrite")
            warmup_s = time.perf_counter() - started
            started = time.perf_counter()
            counts = run_job(spark, str(corpus), str(workdir / "spark-out"), mode="overwrite")
            job_s = time.perf_counter() - started
            workers_rss = python_worker_rss_mb()
        finally:
            spark.stop()
        shutil.rmtree(workdir / "spark-out", ignore_errors=True)
        bare_wps = total_words / bare_wall
        job_wps = total_words / job_s
        level = {
            "cores": n,
            "documents": counts["documents"],
            "events": counts["events"],
            "problems": counts["problems"],
            "words": total_words,
            "session_start_s": round(session_s, 2),
            "warmup_job_s": round(warmup_s, 2),
            "job_s": round(job_s, 2),
            "words_per_s": round(job_wps, 1),
            "words_per_s_per_core": round(job_wps / n, 1),
            "bare_words_per_s": round(bare_wps, 1),
            "ratio_to_bare_x_cores": round(job_wps / (bare_wps * n), 3),
            "python_workers_rss_mb": workers_rss,
        }
        print(
            f"  spark local[{n}]: {level['words_per_s']} words/s ({level['words_per_s_per_core']} per core) over "
            f"{counts['documents']} documents, {counts['events']} events; bare nlp.pipe {level['bare_words_per_s']} "
            f"words/s; ratio {level['ratio_to_bare_x_cores']} of bare x {n} (session start {level['session_start_s']} s, "
            f"warm-up job {level['warmup_job_s']} s)",
            file=sys.stderr,
        )
        levels.append(level)
    return {"levels": levels, "documents": len(docs), "words": total_words}
