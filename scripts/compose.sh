#!/usr/bin/env bash
# `docker compose up` that works on a machine without Docker Hub (make compose-up).
#
#   scripts/compose.sh up      build the image and start the service, wait until healthy
#   scripts/compose.sh down    stop and remove it
#
# What plain `docker compose up -d --build` needs and this provides:
#   - an engine: installs Debian's docker.io if dockerd is missing and starts
#     dockerd (--bridge=none --iptables=false) if none runs; it keeps running;
#   - compose: the v2 plugin if present, else Debian's docker-compose 1.29;
#   - a base image: PYTHON_IMAGE if set, python:3.11-slim if present or
#     pullable, else a stand-in built from Debian bookworm packages
#     (debootstrap, about a minute once) and cached as local/python-stand-in:bookworm;
#   - the build: `docker build --network host --build-arg PYTHON_IMAGE=...`
#     (pip needs PyPI while building), tagged IMAGE (event-extraction:latest);
#   - networking: a daemon without a bridge network cannot publish ports, so
#     there the service runs with host networking on
#     HOST_BIND_ADDRESS:HOST_PORT (127.0.0.1:8000) instead of a port mapping.
# Everything else is docker-compose.yml as written; its settings (WEB_CONCURRENCY,
# API_KEYS, MEM_LIMIT, ...) are read from the shell or an .env file as usual.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/docker-env.sh
source "$ROOT/scripts/docker-env.sh"

ACTION=${1:-up}
export IMAGE=${IMAGE:-event-extraction:latest}
PROJECT=${COMPOSE_PROJECT_NAME:-event-extraction}
STATE_DIR=${COMPOSE_STATE_DIR:-/var/tmp/event-extraction-compose}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
READY_TIMEOUT=${COMPOSE_READY_TIMEOUT:-180}
VENV_PY=${VENV_PY:-$ROOT/.venv/bin/python}
RENDERED=$STATE_DIR/$PROJECT.host-network.yml
APT_UPDATED=0
COMPOSE=()
mkdir -p "$STATE_DIR"
WORK=$(mktemp -d "$STATE_DIR/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

log() { printf '%s\n' "$*"; }
die() { printf 'compose: %s\n' "$*" >&2; exit 1; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
apt_install() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        as_root apt-get update -qq >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get update failed"; }
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$WORK/apt.log" 2>&1 \
        || { tail -n 40 "$WORK/apt.log" >&2; die "apt-get install $* failed"; }
}

compose() { "${COMPOSE[@]}" --project-directory "$ROOT" -p "$PROJECT" "$@"; }

case $ACTION in
up)
    docker_env_engine
    docker_env_compose
    docker_env_base_image
    log "docker build --network host --build-arg PYTHON_IMAGE=$BASE -t $IMAGE ."
    docker build -q --network host --build-arg "PYTHON_IMAGE=$BASE" -t "$IMAGE" . >/dev/null
    files=(-f "$ROOT/docker-compose.yml")
    if docker network inspect bridge >/dev/null 2>&1; then
        rm -f "$RENDERED"
        url=http://${HOST_BIND_ADDRESS:-127.0.0.1}:${HOST_PORT:-8000}
    else
        # No bridge: host networking. compose 1.29 refuses `ports` with it and an
        # override cannot delete a list, so run the rendered file without them.
        bind=${HOST_BIND_ADDRESS:-127.0.0.1}:${HOST_PORT:-8000}
        compose "${files[@]}" config >"$WORK/config.yml"
        "$VENV_PY" - "$WORK/config.yml" "$RENDERED" "$bind" <<'PY'
import sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
service = config["services"]["event-extraction"]
service.pop("ports", None)
service["network_mode"] = "host"
service.setdefault("environment", {})["BIND"] = sys.argv[3]
yaml.safe_dump(config, open(sys.argv[2], "w"), sort_keys=False)
PY
        files=(-f "$RENDERED")
        url=http://$bind
        log "the daemon has no bridge network: host networking, listening on $bind"
    fi
    compose "${files[@]}" up -d --no-build
    cid=$(compose "${files[@]}" ps -q event-extraction)
    deadline=$(( $(date +%s) + READY_TIMEOUT ))
    until [[ $(docker inspect -f '{{.State.Health.Status}}' "$cid") == healthy ]]; do
        (( $(date +%s) < deadline )) || die "not healthy after ${READY_TIMEOUT}s; see: docker logs $cid"
        sleep 1
    done
    log "event-extraction is up and healthy: $url (stop it with make compose-down)"
    ;;
down)
    docker info >/dev/null 2>&1 || die "no Docker engine is running"
    docker_env_compose
    files=(-f "$ROOT/docker-compose.yml")
    [[ ! -f $RENDERED ]] || files=(-f "$RENDERED")
    compose "${files[@]}" down --remove-orphans -t 40
    rm -f "$RENDERED"
    ;;
*)
    die "usage: scripts/compose.sh up|down"
    ;;
esac
