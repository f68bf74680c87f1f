"""``make fuzz``: schemathesis against the service under gunicorn, as deployed.

Starts gunicorn (gunicorn.conf.py, 2 workers) on a free 127.0.0.1 port, waits
for /readyz, runs ``st run`` from api_spec/openapi.yaml over every operation
(examples, coverage and fuzzing phases; valid and invalid data) with the
conformance checks, then stops the server. Prints the number of requests
made, how many got a 5xx, how many test cases failed a check, and what the
server logged about crashes or timeouts; exits non-zero if any of those is
not zero or fewer than FUZZ_MIN_REQUESTS requests were made.

    make fuzz                                   # FUZZ_MAX_EXAMPLES=500, random seed
    FUZZ_SEED=42 FUZZ_MAX_EXAMPLES=1000 make fuzz

Reports (JSON run report, HAR of every request, JUnit) are kept in
tests/artifacts/fuzz/ (git-ignored). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.server import GunicornServer  # noqa: E402

SPEC = ROOT / "api_spec" / "openapi.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts" / "fuzz"
ST = Path(sys.executable).with_name("st")
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "unsupported_method",
    "allow_header_conformance",
]
# What gunicorn or the app log when something broke that a status code may not show.
SERVER_LOG_ALARMS = ("Traceback", "WORKER TIMEOUT", "unhandled error", "Worker exiting", "was sent SIGKILL")


def run_schemathesis(base_url: str, max_examples: int, seed: str | None) -> tuple[int, dict, list[dict]]:
    """Run ``st run``; returns its exit code, the JSON run report and the HAR entries."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    command = [
        str(ST),
        "run",
        str(SPEC),
        "--url",
        base_url,
        "--checks",
        ",".join(CHECKS),
        "--mode",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(max_examples),
        "--workers",
        "2",
        "--request-timeout",
        "130",  # longer than gunicorn's own timeout: a hang shows as a 5xx or a crash
        "--suppress-health-check",
        "all",
        "--report",
        "json,har,junit",
        "--report-dir",
        str(ARTIFACTS),
        "--report-json-path",
        str(ARTIFACTS / "run.json"),
        "--report-har-path",
        str(ARTIFACTS / "requests.har.json"),
        "--report-junit-path",
        str(ARTIFACTS / "junit.xml"),
    ]
    if seed:
        command += ["--seed", seed]
    print("$", " ".join(command), flush=True)
    # st keeps a crash cache in its working directory: keep it out of the checkout.
    exit_code = subprocess.run(command, cwd=ARTIFACTS, check=False).returncode
    report = json.loads((ARTIFACTS / "run.json").read_text(encoding="utf-8"))
    entries = json.loads((ARTIFACTS / "requests.har.json").read_text(encoding="utf-8"))["log"]["entries"]
    return exit_code, report, entries


def main() -> int:
    max_examples = int(os.environ.get("FUZZ_MAX_EXAMPLES", "500"))
    min_requests = int(os.environ.get("FUZZ_MIN_REQUESTS", "1000"))
    seed = os.environ.get("FUZZ_SEED") or None

    started = time.monotonic()
    with GunicornServer(workers=2) as server:
        print(f"gunicorn ready at {server.url} (workers {server.worker_pids()})", flush=True)
        exit_code, report, entries = run_schemathesis(server.url, max_examples, seed)
        server_log = server.log_path.read_text(errors="replace")
        (ARTIFACTS / "gunicorn.log").write_text(server_log, encoding="utf-8")
        workers_at_end = server.worker_pids()
    statuses = Counter(entry["response"]["status"] for entry in entries)
    server_errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    cases = report["test_cases"]
    alarms = [line for line in server_log.splitlines() if any(alarm in line for alarm in SERVER_LOG_ALARMS)]

    print()
    print(f"requests made:             {len(entries)} (minimum {min_requests})")
    print(f"operations tested:         {report['operations']['tested']} of {report['operations']['total']}")
    print(f"status codes:              {dict(sorted(statuses.items()))}")
    print(f"5xx responses:             {server_errors}")
    print(f"test cases with failures:  {cases['with_failures']} ({cases['unique_failures']} unique failures)")
    print(f"test cases with errors:    {cases['errored']}")
    print(f"server log alarms:         {len(alarms)}")
    for line in alarms[:10]:
        print(f"    {line[:300]}")
    print(f"workers alive at the end:  {len(workers_at_end)}")
    print(f"schemathesis exit code:    {exit_code}")
    print(f"seed:                      {report.get('seed')}")
    print(f"duration:                  {time.monotonic() - started:.1f} s; reports in {ARTIFACTS.relative_to(ROOT)}/")

    problems = []
    if exit_code != 0:
        problems.append(f"schemathesis exited with {exit_code}")
    if server_errors:
        problems.append(f"{server_errors} responses were 5xx")
    if cases["with_failures"] or cases["errored"] or report["failures"] or report["errors"]:
        problems.append("test cases failed or errored")
    if alarms:
        problems.append("the server logged crashes or timeouts")
    if len(entries) < min_requests:
        problems.append(f"only {len(entries)} requests were made (raise FUZZ_MAX_EXAMPLES)")
    if len(workers_at_end) != 2:
        problems.append(f"{len(workers_at_end)} workers alive at the end, not 2")
    print("FAILED: " + "; ".join(problems) if problems else "OK: no 5xx, no failures")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
