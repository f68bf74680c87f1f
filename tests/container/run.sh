#!/usr/bin/env bash
# Container test: builds the real image and exercises it (`make container-test`).
#
#   1. Docker engine   install docker.io from Debian if dockerd is missing; start
#                      dockerd (no bridge, no iptables) if it is not running.
#   2. Base image      python:3.11-slim if present or pullable, else a stand-in
#                      built from Debian packages with debootstrap and cached as
#                      local/python-stand-in:bookworm (kept between runs).
#   3. Build           docker build --network host (pip needs PyPI).
#   4. Offline model   the spaCy model loads with --network none.
#   5. Run             host networking, loopback, free port; wait for /readyz.
#   6. API contract    POST a seed article; response validated against
#                      api_spec/openapi.yaml with openapi-core; >= 1 event.
#                      /metrics adds up over 8 POSTs across both workers.
#   7. Hardening       no process runs as root; the image's HEALTHCHECK turns
#                      healthy <= 15 s after ready (step 5);
#                      OMP_NUM_THREADS=1; SIGTERM stops gunicorn cleanly.
#   8. Compose         docker-compose.yml validates (no `version:`) and
#                      documents every setting; `make compose-up` (the
#                      README's command) brings it up healthy on 127.0.0.1,
#                      serves a seed, /metrics adds up; `make compose-down`.
#
# Everything it starts (containers, compose project, dockerd if it started it)
# is removed on exit, also on failure or Ctrl-C. Kept on purpose: the stand-in
# base image, the built image tagged $IMAGE (fixed tag) and its untagged
# build-stage image, so the next run reuses the layer cache (~25 s instead of
# ~3 min); older builds of that tag are pruned. Set CTEST_REMOVE_IMAGE=1 to
# delete the built image as well. dockerd is stopped again if this run
# started it.
#
# Only 127.0.0.1 is ever contacted (plus PyPI/Debian for the build itself).
#
# Environment knobs:
#   PYTHON_IMAGE         base image to use as is (skips the detection in step 2)
#   IMAGE                tag of the built image (event-extraction:container-test)
#   CTEST_SEED           request body to post (seeds/000_aa976d5587b6041e.json)
#   CTEST_READY_TIMEOUT  seconds to wait for /readyz and healthy (180)
#   CTEST_REMOVE_IMAGE   1 = also remove the built image at the end (0)
#   CTEST_STATE_DIR      dockerd log, lock, failure artifacts (/var/tmp/event-extraction-ctest)
#   DEBIAN_MIRROR        mirror for debootstrap (http://deb.debian.org/debian)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# Docker engine, compose and base image, shared with `make compose-up`.
# shellcheck source=scripts/docker-env.sh
source "$ROOT/scripts/docker-env.sh"

IMAGE=${IMAGE:-event-extraction:container-test}
STANDIN_IMAGE=local/python-stand-in:bookworm
OFFICIAL_IMAGE=python:3.11-slim
CONTAINER=event-extraction-ctest
PROJECT=event-extraction-ctest
SERVICE=event-extraction
LABEL=io.event-extraction.container-test=1
READY_TIMEOUT=${CTEST_READY_TIMEOUT:-180}
STATE_DIR=${CTEST_STATE_DIR:-/var/tmp/event-extraction-ctest}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
VENV_PY=$ROOT/.venv/bin/python
export DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0}   # classic builder: --network host, no registry pulls for frontends

mkdir -p "$STATE_DIR"
rm -rf "$STATE_DIR"/run.* "$STATE_DIR"/rootfs.*   # artifacts of earlier failed runs
WORK=$(mktemp -d "$STATE_DIR/run.XXXXXX")
T0=$(date +%s)
STEP_NAME=""
STEP_START=$T0
TIMINGS=()
DOCKERD_PID=""
ROOTFS=""
COMPOSE=()
APT_UPDATED=0

# ----------------------------------------------------------------- helpers
log()  { printf '    %s\n' "$*"; }
die()  { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

finish_step() {
    if [[ -n $STEP_NAME ]]; then
        TIMINGS+=("$(printf '%5ss  %s' "$(( $(date +%s) - STEP_START ))" "$STEP_NAME")")
        STEP_NAME=""
    fi
}
step() {
    finish_step
    STEP_NAME=$1
    STEP_START=$(date +%s)
    printf '\n==> [+%ss] %s\n' "$(( STEP_START - T0 ))" "$1"
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

apt_install() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        as_root apt-get update -qq >"$WORK/apt-update.log" 2>&1 || { cat "$WORK/apt-update.log" >&2; die "apt-get update failed"; }
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$WORK/apt-install.log" 2>&1 \
        || { tail -n 40 "$WORK/apt-install.log" >&2; die "apt-get install $* failed"; }
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# curl to loopback only, never through a proxy.
lcurl() { curl --noproxy '*' -sS "$@"; }

# Wait until URL answers 200 while CONTAINER keeps running.
wait_ready() {
    local url=$1 container=$2 deadline=$(( $(date +%s) + READY_TIMEOUT )) code state
    while :; do
        code=$(lcurl -o /dev/null -w '%{http_code}' --max-time 3 "$url" 2>/dev/null || true)
        [[ $code == 200 ]] && return 0
        state=$(docker inspect -f '{{.State.Status}}' "$container" 2>/dev/null || echo missing)
        [[ $state == running ]] || die "container $container is $state before $url was ready"
        (( $(date +%s) < deadline )) || die "$url not ready after ${READY_TIMEOUT}s (last HTTP status: ${code:-none})"
        sleep 1
    done
}

# Wait until Docker's healthcheck of CONTAINER reports healthy.
wait_healthy() {
    local container=$1 deadline=$(( $(date +%s) + READY_TIMEOUT )) status
    while :; do
        status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$container")
        case $status in
            healthy) return 0 ;;
            none) die "container $container has no healthcheck" ;;
            unhealthy) docker inspect -f '{{json .State.Health.Log}}' "$container" >&2; die "container $container is unhealthy" ;;
        esac
        (( $(date +%s) < deadline )) || { docker inspect -f '{{json .State.Health}}' "$container" >&2; die "container $container not healthy after ${READY_TIMEOUT}s ($status)"; }
        sleep 1
    done
}

# POST BODY_FILE to BASE/v1/events, expect STATUS, validate the exchange
# (request and response) against the spec; MIN_EVENTS applies to 200s.
post_and_validate() {
    local base=$1 tag=$2 body=$3 want=$4 min_events=${5:-} code
    code=$(lcurl --max-time 120 -o "$WORK/$tag.body.json" -D "$WORK/$tag.headers" -w '%{http_code}' \
        -H 'Content-Type: application/json' --data-binary "@$body" "$base/v1/events") \
        || die "POST $base/v1/events failed (curl)"
    log "POST /v1/events <- $(basename "$body"): HTTP $code, $(wc -c <"$WORK/$tag.body.json") bytes"
    [[ $code == "$want" ]] || { head -c 2000 "$WORK/$tag.body.json" >&2; echo >&2; die "POST /v1/events returned HTTP $code, expected $want"; }
    local extra=()
    [[ $want != 200 ]] || extra+=(--request "$body")
    [[ -z $min_events ]] || extra+=(--min-events "$min_events")
    "$VENV_PY" tests/container/validate_response.py api_spec/openapi.yaml POST /v1/events \
        "$WORK/$tag.body.json" --headers "$WORK/$tag.headers" --status "$want" --base-url "$base" "${extra[@]}" \
        2>&1 | sed 's/^/    /' \
        || die "HTTP $code response to POST /v1/events does not match api_spec/openapi.yaml (body kept in $WORK/$tag.body.json)"
}

# GET BASE/PATH, expect 200 and a response the spec accepts.
get_and_validate() {
    local base=$1 path=$2 tag=$3 code
    code=$(lcurl --max-time 10 -o "$WORK/$tag.body" -D "$WORK/$tag.headers" -w '%{http_code}' "$base$path") \
        || die "GET $base$path failed (curl)"
    [[ $code == 200 ]] || { cat "$WORK/$tag.body" >&2; die "GET $path returned HTTP $code"; }
    "$VENV_PY" tests/container/validate_response.py api_spec/openapi.yaml GET "$path" \
        "$WORK/$tag.body" --headers "$WORK/$tag.headers" --status 200 --base-url "$base" \
        2>&1 | sed 's/^/    /' \
        || die "response to GET $path does not match api_spec/openapi.yaml"
}

# /metrics adds up across the container's gunicorn workers, with no
# PROMETHEUS_MULTIPROC_DIR set (as users run the image), and every worker that
# served a request wrote its samples to the shared directory.
check_metrics() {
    local base=$1 container=$2 workers
    "$VENV_PY" tests/container/check_metrics.py "$base" "$SEED" --posts 8 2>&1 | sed 's/^/    /'
    [[ ${PIPESTATUS[0]} -eq 0 ]] || die "/metrics of $container does not add up across workers"
    workers=$(docker exec "$container" python -c 'import glob; print(len(glob.glob("/tmp/event-service-metrics-*/counter_*.db")))')
    (( workers >= 2 )) || die "$workers worker(s) of $container wrote counter samples; expected both (WEB_CONCURRENCY=2)"
    log "counter samples from $workers workers in the shared metrics directory"
}

# The container log must have no traceback and no gunicorn [ERROR] line.
check_logs() {
    docker logs "$1" >"$WORK/$1.log" 2>&1
    # gunicorn's and the app's lines are JSON (service/logs.py): "level": "ERROR".
    if grep -nE 'Traceback \(most recent call last\)|\[ERROR\]|"level": "(ERROR|CRITICAL)"' "$WORK/$1.log" >&2; then
        die "errors in the log of container $1 (above)"
    fi
    log "container log: no tracebacks, no gunicorn errors"
}

# The environment a user's shell would give `make compose-up`: nothing of this
# script's but the port, the image tag and the project name, so stray
# BIND/LOG_LEVEL/... in the caller's shell do not leak in.
user_env() {
    env -i PATH="$PATH" HOME="${HOME:-/root}" ${DOCKER_HOST:+DOCKER_HOST="$DOCKER_HOST"} \
        IMAGE="$IMAGE" HOST_PORT="${CTEST_PORT:-8000}" COMPOSE_PROJECT_NAME="$PROJECT" "$@"
}
compose_env() {
    env -i PATH="$PATH" HOME="${HOME:-/root}" ${DOCKER_HOST:+DOCKER_HOST="$DOCKER_HOST"} IMAGE="$IMAGE" \
        "${COMPOSE[@]}" --project-directory "$ROOT" -p "$PROJECT" "$@"
}

remove_test_resources() {
    docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
    if [[ ${#COMPOSE[@]} -gt 0 ]]; then
        user_env bash scripts/compose.sh down >/dev/null 2>&1 || true
    fi
    # Leftover compose containers even without a compose binary at hand.
    local ids
    ids=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null || true)
    # shellcheck disable=SC2086  # one id per word
    [[ -z $ids ]] || docker rm -f $ids >/dev/null 2>&1 || true
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    finish_step
    if [[ $rc -ne 0 ]] && docker info >/dev/null 2>&1; then
        printf '\n==> Diagnostics\n'
        for c in "$CONTAINER" $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null); do
            docker inspect "$c" >/dev/null 2>&1 || continue
            echo "--- docker logs $c (last 80 lines)"
            docker logs --tail 80 "$c" 2>&1
            echo "--- health: $(docker inspect -f '{{if .State.Health}}{{json .State.Health}}{{end}}' "$c" 2>/dev/null | head -c 1500)"
        done
    fi
    printf '\n==> Teardown\n'
    if docker info >/dev/null 2>&1; then
        remove_test_resources
        if [[ ${CTEST_REMOVE_IMAGE:-0} == 1 ]]; then
            docker image rm -f "$IMAGE" >/dev/null 2>&1 && log "removed image $IMAGE"
        fi
    fi
    [[ -z $ROOTFS ]] || rm -rf "$ROOTFS"
    if [[ -n $DOCKERD_PID ]]; then
        log "stopping dockerd (pid $DOCKERD_PID) started by this run"
        kill "$DOCKERD_PID" 2>/dev/null
        for _ in $(seq 1 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
    fi
    if [[ $rc -eq 0 ]]; then
        rm -rf "$WORK"
    else
        log "artifacts of the failed run kept in $WORK"
    fi
    printf '\n==> Timings\n'
    printf '    %s\n' "${TIMINGS[@]}"
    printf '    %5ss  total\n' "$(( $(date +%s) - T0 ))"
    if [[ $rc -eq 0 ]]; then
        printf '\ncontainer test: PASSED\n'
    else
        printf '\ncontainer test: FAILED (exit %s)\n' "$rc"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'printf "\nFAIL: line %s: %s (exit %s)\n" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------- 0. preflight
step "Preflight"
# One run at a time on this machine (fixed container/project names).
exec 9>"$STATE_DIR/lock"
flock -w 1800 9 || die "another container test holds $STATE_DIR/lock"
for f in Dockerfile .dockerignore docker-compose.yml scripts/compose.sh requirements.txt gunicorn.conf.py service/app.py api_spec/openapi.yaml; do
    [[ -e $f ]] || die "missing $f"
done
SEED=${CTEST_SEED:-seeds/000_aa976d5587b6041e.json}
if [[ ! -f $SEED ]]; then
    SEED=$(find seeds -maxdepth 1 -name '*.json' 2>/dev/null | sort | head -n 1)
    [[ -n $SEED ]] || die "no seed request bodies in seeds/*.json"
fi
SEED=$ROOT/${SEED#"$ROOT"/}
log "seed: ${SEED#"$ROOT"/}"
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3

# ----------------------------------------------------------------- 1. docker
step "Docker engine"
docker_env_engine
docker_env_compose
remove_test_resources   # leftovers of an interrupted earlier run

# ----------------------------------------------------------------- 2. base
step "Base image"
docker_env_base_image
docker run --rm --network none "$BASE" python3 -c 'import sys, venv; assert sys.version_info[:2] == (3, 11), sys.version; print("    base python", sys.version.split()[0])' \
    || die "base image $BASE has no Python 3.11 with venv"

# ----------------------------------------------------------------- 3. build
step "Build image $IMAGE"
log "docker build --network host --build-arg PYTHON_IMAGE=$BASE (log: $WORK/build.log)"
set +e
docker build --network host --build-arg "PYTHON_IMAGE=$BASE" --label "$LABEL" -t "$IMAGE" . 2>&1 \
    | tee "$WORK/build.log" \
    | { grep --line-buffered -E '^(Step [0-9]+/[0-9]+ : (FROM|RUN|COPY)|model ok|Successfully built)' | sed -u 's/^/    /'; true; }
build_rc=${PIPESTATUS[0]}
set -e
if [[ $build_rc -ne 0 ]]; then
    tail -n 60 "$WORK/build.log" >&2
    die "docker build failed (exit $build_rc)"
fi
docker image prune -f --filter "label=$LABEL" >/dev/null || true   # older untagged builds of $IMAGE
docker image ls "$IMAGE" | sed 's/^/    /'

# ----------------------------------------------------------------- 4. offline model
step "Model baked into the image (no network)"
docker run --rm --network none --entrypoint python "$IMAGE" -c \
    'import os, spacy; nlp = spacy.load(os.environ["SPACY_MODEL"]); print("    loaded", os.environ["SPACY_MODEL"], nlp.pipe_names)' \
    || die "spaCy model does not load inside the image without network"

# ----------------------------------------------------------------- 5. run
step "Run container (host network, 127.0.0.1)"
PORT=$(free_port)
BASE_URL=http://127.0.0.1:$PORT
docker run -d --name "$CONTAINER" --label "$LABEL" --network host \
    -e "BIND=127.0.0.1:$PORT" \
    "$IMAGE" >/dev/null
log "container $CONTAINER on $BASE_URL; waiting for /readyz (<= ${READY_TIMEOUT}s)"
wait_ready "$BASE_URL/readyz" "$CONTAINER"
READY_SECS=$(( $(date +%s) - STEP_START ))
log "ready after ${READY_SECS}s"
# The image's own HEALTHCHECK (no override): healthy within seconds of ready.
wait_healthy "$CONTAINER"
HEALTHY_LAG=$(( $(date +%s) - STEP_START - READY_SECS ))
(( HEALTHY_LAG <= 15 )) || die "healthy ${HEALTHY_LAG}s after /readyz turned 200 (the HEALTHCHECK interval should make it <= 15s)"
log "docker healthcheck: healthy ${HEALTHY_LAG}s after ready"

# ----------------------------------------------------------------- 6. contract
step "API contract (api_spec/openapi.yaml)"
if ! "$VENV_PY" -c 'import openapi_core, yaml' >/dev/null 2>&1; then
    log "project venv lacks openapi-core: make venv"
    make venv >"$WORK/venv.log" 2>&1 || { tail -n 30 "$WORK/venv.log" >&2; die "make venv failed"; }
    "$VENV_PY" -c 'import openapi_core, yaml' || die ".venv has no openapi-core after make venv"
fi
get_and_validate "$BASE_URL" /healthz healthz
get_and_validate "$BASE_URL" /readyz readyz
# The demo page and its seed list: seeds/ must be in the image.
code=$(lcurl --max-time 10 -o "$WORK/demo.html" -w '%{http_code}' "$BASE_URL/demo") || die "GET $BASE_URL/demo failed (curl)"
[[ $code == 200 ]] && grep -q '/demo/demo.js' "$WORK/demo.html" || die "GET /demo returned HTTP $code, not the demo page"
get_and_validate "$BASE_URL" /demo/seeds.json demo-seeds
want_seeds=$(find seeds -maxdepth 1 -name '*.json' ! -name '*.expected.json' | wc -l)
got_seeds=$("$VENV_PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["seeds"]))' "$WORK/demo-seeds.body")
[[ $got_seeds == "$want_seeds" ]] || die "GET /demo/seeds.json lists $got_seeds seeds; seeds/ has $want_seeds"
log "demo page served; /demo/seeds.json lists $got_seeds seeds"
post_and_validate "$BASE_URL" run "$SEED" 200 1
check_metrics "$BASE_URL" "$CONTAINER"
# A request without "text" is a client error: a documented 422 problem, never a 500.
echo '{"published_at": "2022-02-07"}' >"$WORK/invalid-request.json"
post_and_validate "$BASE_URL" invalid "$WORK/invalid-request.json" 422
check_logs "$CONTAINER"

# ----------------------------------------------------------------- 7. hardening
step "Non-root, healthcheck, environment, graceful stop"
user=$(docker inspect -f '{{.Config.User}}' "$IMAGE")
[[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || die "image USER is '${user}' (must be a non-root user)"
# Every process in the container (gunicorn master + workers), via /proc.
docker exec "$CONTAINER" python -c '
import glob, os
for status in glob.glob("/proc/[0-9]*/status"):
    try:
        fields = dict(l.split(":", 1) for l in open(status) if ":" in l)
        cmd = open(status.replace("status", "cmdline"), "rb").read().replace(b"\0", b" ").decode().strip()
    except OSError:
        continue
    if int(fields["Pid"]) != os.getpid():
        print(fields["Uid"].split()[0], fields["Pid"].strip(), " ".join(cmd.split())[:100])
' >"$WORK/procs.txt"
sed 's/^/    uid=/' "$WORK/procs.txt"
grep -q gunicorn "$WORK/procs.txt" || die "no gunicorn process in the container"
# "runc init" is the runtime starting a concurrent exec (the healthcheck's) before it
# takes the exec's user: the runtime's, not the image's; it flaked this check once.
! awk '$1 == 0 && !($3 == "runc" && $4 == "init")' "$WORK/procs.txt" | grep -q . \
    || die "processes running as root inside the container"
log "image USER $user; no process runs as uid 0"
[[ $(docker exec "$CONTAINER" printenv OMP_NUM_THREADS) == 1 ]] || die "OMP_NUM_THREADS is not 1 in the container"
log "OMP_NUM_THREADS=1"
docker inspect -f '{{range .Config.Healthcheck.Test}}{{.}} {{end}}' "$IMAGE" | grep -q readyz || die "image HEALTHCHECK does not probe /readyz"
start_period=$(( $(docker inspect -f '{{json .Config.Healthcheck.StartPeriod}}' "$IMAGE") / 1000000000 ))
(( start_period > 3 * READY_SECS )) || die "HEALTHCHECK start period ${start_period}s is not well above the model load time (${READY_SECS}s)"
log "image HEALTHCHECK probes /readyz, start period ${start_period}s (model ready in ${READY_SECS}s)"
docker stop -t 40 "$CONTAINER" >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")
[[ $code == 0 ]] || { docker logs --tail 30 "$CONTAINER" >&2; die "container exited with $code on SIGTERM (expected a clean gunicorn shutdown, 0)"; }
log "SIGTERM -> gunicorn exited 0"
docker rm -f "$CONTAINER" >/dev/null

# ----------------------------------------------------------------- 8. compose
step "docker compose (${COMPOSE[*]})"
! grep -qE '^version:' docker-compose.yml || die "docker-compose.yml has a top-level version: key (use the Compose Specification)"
compose_env -f "$ROOT/docker-compose.yml" config >"$WORK/compose.config.yml" \
    || die "docker-compose.yml does not validate"
"$VENV_PY" - "$WORK/compose.config.yml" docker-compose.yml gunicorn.conf.py service <<'PY' || die "docker-compose.yml lacks a required setting"
import pathlib, re, sys, yaml
config, compose_file, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
svc = yaml.safe_load(open(config))["services"]["event-extraction"]
mem = svc.get("mem_limit") or (svc.get("deploy") or {}).get("resources", {}).get("limits", {}).get("memory")
need = {"ports": svc.get("ports"), "healthcheck": svc.get("healthcheck"), "restart": svc.get("restart"), "memory limit": mem}
missing = [k for k, v in need.items() if not v]
# Every environment variable the service or gunicorn.conf.py reads must be
# set or at least explained in docker-compose.yml.
pattern = re.compile(r"""(?:environ(?:\.get)?\(?\[?|env\.get\(|_(?:int|list|bool|float|str)\(env,\s*)["']([A-Z][A-Z0-9_]+)["']""")
files = [p for s in sources for p in ([pathlib.Path(s)] if s.endswith(".py") else pathlib.Path(s).rglob("*.py"))]
# The Spark job runs in Spark executors, not in this container: its environment
# (PYSPARK_PYTHON, SPARK_LOCAL_IP, PYTHONPATH) is documented in docs/SPARK.md.
files = [f for f in files if f.name != "spark_job.py"]
names = sorted({m for f in files for m in pattern.findall(f.read_text(encoding="utf-8"))})
text = pathlib.Path(compose_file).read_text(encoding="utf-8")
missing += [f"env {n} (read by the service, not documented)" for n in names if not re.search(rf"\b{n}\b", text)]
if missing:
    sys.exit("docker-compose.yml misses: " + ", ".join(missing))
env = svc.get("environment") or {}
print("    docker-compose.yml valid: ports, healthcheck, restart=%s, mem_limit=%s; %d env settings set, all %d read by the service documented"
      % (svc["restart"], mem, len(env), len(names)))
PY
CTEST_PORT=$(free_port)
# The README's command for a machine without Docker Hub, as a user runs it (a
# clean environment but for the port, the image tag and the project name).
log "make compose-up (project $PROJECT, 127.0.0.1:$CTEST_PORT; log: $WORK/compose-up.log)"
user_env make compose-up >"$WORK/compose-up.log" 2>&1 || { cat "$WORK/compose-up.log" >&2; die "make compose-up failed"; }
sed 's/^/    /' "$WORK/compose-up.log" | tail -n 3
CID=$(docker ps -q --filter "label=com.docker.compose.project=$PROJECT")
[[ -n $CID ]] || die "make compose-up started no container for $SERVICE"
wait_ready "http://127.0.0.1:$CTEST_PORT/readyz" "$CID"
# make compose-up returns once healthy; the healthcheck's own interval decides how soon.
[[ $(docker inspect -f '{{.State.Health.Status}}' "$CID") == healthy ]] || die "compose service not healthy after make compose-up"
started=$(docker inspect -f '{{.State.StartedAt}}' "$CID")
interval=$(docker inspect -f '{{json .Config.Healthcheck.Interval}}' "$CID")
(( interval > 0 && interval <= 5000000000 )) || die "compose healthcheck interval is ${interval}ns; healthy must follow ready within seconds"
log "compose service healthy (probe every $(( interval / 1000000000 ))s); container started $started"
mem=$(docker inspect -f '{{.HostConfig.Memory}}' "$CID")
[[ $mem -gt 0 ]] || die "compose did not apply the memory limit"
log "memory limit applied: $(( mem / 1024 / 1024 )) MiB"
[[ $(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$CID") == true ]] || die "compose service root filesystem is writable"
post_and_validate "http://127.0.0.1:$CTEST_PORT" compose "$SEED" 200 1
check_metrics "http://127.0.0.1:$CTEST_PORT" "$CID"
check_logs "$CID"
user_env make compose-down >"$WORK/compose-down.log" 2>&1 || { cat "$WORK/compose-down.log" >&2; die "make compose-down failed"; }
[[ -z $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT") ]] || die "make compose-down left containers behind"
log "make compose-down: clean"

finish_step
