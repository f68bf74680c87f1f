"""gunicorn settings, all from the environment (see the README's configuration table)."""

import os
import tempfile

from prometheus_client import multiprocess

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

# Prometheus multiprocess mode: each worker writes samples here, /metrics sums them.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="event-service-metrics-")
os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)


def on_starting(server):
    # gunicorn's own answers to malformed HTTP (400, 414, 431) as problem+json, like the app's.
    from service.gunicorn_errors import install

    install()


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
