"""gunicorn settings, all from the environment (see the README's configuration table)."""

import glob
import os
import shutil
import tempfile

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
# Extraction is CPU-bound: one sync worker per core is the sweet spot.
workers = int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1)))
worker_class = "sync"
# Load the model once in the master; workers share its memory copy-on-write.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# Access and error lines are JSON in the app's format (service/logs.py), built from
# structured fields rather than a format string, so quotes in a path stay valid JSON.
logger_class = "service.gunicorn_logging.JsonLogger"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
os.environ.setdefault("OMP_NUM_THREADS", "1")

# Prometheus multiprocess mode: each worker writes samples to one directory and
# /metrics sums them. prometheus_client chooses between per-process and shared
# values when it is first imported, so the variable must be set before anything
# imports it: this file imports it only inside the hooks below, and the app is
# loaded (preload_app) after this file has run.
# Unset (make run, the image, compose): a fresh temporary directory, removed when
# gunicorn exits. Set: that directory, whose stale samples are wiped at start
# (prometheus_client requires an empty directory per run).
# This file runs again on SIGHUP: the markers (this master's pid) keep a reload
# from making a second directory or wiping the live one.
_OWNED_MARK = "EVENT_SERVICE_OWNS_METRICS_DIR"
_READY_MARK = "EVENT_SERVICE_METRICS_DIR_READY"
_PID = str(os.getpid())
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="event-service-metrics-")
    os.environ[_OWNED_MARK] = _PID
os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
if os.environ.get(_READY_MARK) != _PID:
    # Samples of an earlier run would be added to this run's counters.
    for stale in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
        os.remove(stale)
    os.environ[_READY_MARK] = _PID


def on_starting(server):
    # gunicorn's own answers to malformed HTTP (400, 414, 431) as problem+json, like the app's.
    from service.gunicorn_errors import install

    install()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if os.environ.get(_OWNED_MARK) == _PID:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
