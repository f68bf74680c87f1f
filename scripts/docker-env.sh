# Docker on a machine that may have no engine running and no registry.
# Sourced by tests/container/run.sh (make container-test) and scripts/compose.sh
# (make compose-up). The caller defines log, die, apt_install and as_root, and
# the variables WORK (scratch directory), STATE_DIR (dockerd log) and
# DEBIAN_MIRROR.
#
#   docker_env_engine      install docker.io from Debian if dockerd is missing;
#                          start dockerd (no bridge, no iptables) if none runs,
#                          setting DOCKERD_PID
#   docker_env_compose     COMPOSE=(docker compose) if the v2 plugin is there,
#                          else Debian's docker-compose 1.29 (installed if missing)
#   docker_env_base_image  BASE: PYTHON_IMAGE if set; python:3.11-slim if present
#                          or pullable; else a stand-in built from Debian bookworm
#                          packages with debootstrap, cached as
#                          local/python-stand-in:bookworm

OFFICIAL_IMAGE=${OFFICIAL_IMAGE:-python:3.11-slim}
STANDIN_IMAGE=${STANDIN_IMAGE:-local/python-stand-in:bookworm}
DOCKERD_PID=${DOCKERD_PID:-}
ROOTFS=${ROOTFS:-}

docker_env_engine() {
    if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
        apt_install docker.io
    fi
    if ! docker info >/dev/null 2>&1; then
        log "starting dockerd (log: $STATE_DIR/dockerd.log)"
        # Own session: a Ctrl-C on this script must not hit dockerd before teardown.
        as_root setsid dockerd --bridge=none --iptables=false >"$STATE_DIR/dockerd.log" 2>&1 </dev/null &
        local starter=$!
        for _ in $(seq 1 60); do
            docker info >/dev/null 2>&1 && break
            kill -0 "$starter" 2>/dev/null || { tail -n 30 "$STATE_DIR/dockerd.log" >&2; die "dockerd exited"; }
            sleep 1
        done
        docker info >/dev/null 2>&1 || { tail -n 30 "$STATE_DIR/dockerd.log" >&2; die "dockerd did not come up in 60s"; }
        DOCKERD_PID=$(cat /var/run/docker.pid 2>/dev/null || echo "$starter")
    fi
    log "client $(docker version -f '{{.Client.Version}}'), server $(docker version -f '{{.Server.Version}}')"
}

docker_env_compose() {
    if docker compose version >/dev/null 2>&1; then
        COMPOSE=(docker compose)
    elif command -v docker-compose >/dev/null; then
        COMPOSE=(docker-compose)
    else
        apt_install docker-compose
        COMPOSE=(docker-compose)
    fi
    log "compose: ${COMPOSE[*]} ($("${COMPOSE[@]}" version --short 2>/dev/null || echo '?'))"
}

docker_env_base_image() {
    if [[ -n ${PYTHON_IMAGE:-} ]]; then
        BASE=$PYTHON_IMAGE
        docker image inspect "$BASE" >/dev/null 2>&1 || timeout 120 docker pull -q "$BASE" >/dev/null \
            || die "PYTHON_IMAGE=$BASE is neither present nor pullable"
        log "using PYTHON_IMAGE=$BASE"
    elif docker image inspect "$OFFICIAL_IMAGE" >/dev/null 2>&1; then
        BASE=$OFFICIAL_IMAGE
        log "using $BASE (already present)"
    elif timeout 60 docker pull -q "$OFFICIAL_IMAGE" >"$WORK/pull.log" 2>&1; then
        BASE=$OFFICIAL_IMAGE
        log "pulled $BASE"
    elif docker image inspect "$STANDIN_IMAGE" >/dev/null 2>&1; then
        BASE=$STANDIN_IMAGE
        log "$OFFICIAL_IMAGE not pullable; using cached stand-in $BASE"
    else
        BASE=$STANDIN_IMAGE
        log "$OFFICIAL_IMAGE not pullable; building stand-in $BASE from Debian bookworm packages"
        command -v debootstrap >/dev/null || apt_install debootstrap
        ROOTFS=$(mktemp -d "$STATE_DIR/rootfs.XXXXXX")
        log "debootstrap (log: $WORK/debootstrap.log)"
        as_root debootstrap --variant=minbase \
            --include=python3,python3-venv,python3-pip,python-is-python3,ca-certificates,curl \
            bookworm "$ROOTFS" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 \
            || { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
        as_root rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
            "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*
        # pip in the build trusts the same roots as this host.
        [[ ! -f /etc/ssl/certs/ca-certificates.crt ]] || as_root cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
        as_root tar -C "$ROOTFS" -c . | docker import \
            -c 'ENV LANG=C.UTF-8' \
            -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            -c 'CMD ["python3"]' - "$STANDIN_IMAGE" >/dev/null
        as_root rm -rf "$ROOTFS"; ROOTFS=""
        log "imported $STANDIN_IMAGE ($(docker image inspect -f '{{.Size}}' "$STANDIN_IMAGE" | awk '{printf "%d MB", $1/1e6}')) - cached for later runs"
    fi
}
