"""The Kubernetes manifests (deploy/kubernetes): they render, the API server would accept them, and they fit the service."""

from __future__ import annotations

import ast
import copy
import functools
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from service.extraction.pipeline import PIPE_BATCH_CHARS
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
# The base and every overlay, found rather than listed, so a new overlay is checked too.
TARGETS = ["base", *sorted(f"overlays/{p.name}" for p in (KUBERNETES / "overlays").iterdir() if p.is_dir())]
# The oldest minor version the README promises, and the newest the validator ships
# (so upgrading kubernetes-validate checks the manifests against the new release).
KUBERNETES_VERSIONS = ["1.30", ".".join(kubernetes_validate.latest_version().split(".")[:2])]
# Custom resources kubernetes-validate has no schema for; test_servicemonitor_* checks their structure.
CUSTOM_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor")}
# A worker's extra memory while it parses a request, per 1,000 characters parsed at once:
# 50,000 -> +149 MiB, 100,000 -> +309, 200,000 -> +601 (peak RSS of one process;
# deploy/kubernetes/README.md, "Sizing"). A batch is parsed PIPE_BATCH_CHARS at a time.
PARSE_MIB_PER_1000_CHARS = 3.0
# Written by gunicorn (worker heartbeats), besides the image user's home and the metrics directory.
TMP = "/tmp"


@functools.cache
def render(target: str) -> tuple[dict, ...]:
    """The documents `kubectl kustomize` makes of one kustomization."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        # Failing, not skipping: a skipped check would let broken manifests through unnoticed.
        pytest.fail(
            "kubectl is not on PATH; these tests render deploy/kubernetes with `kubectl kustomize` (kubectl 1.27+)"
        )
    result = subprocess.run(
        [kubectl, "kustomize", str(KUBERNETES / target)], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"kubectl kustomize {target} failed:\n{result.stderr}")
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def only(documents: tuple[dict, ...], kind: str) -> dict:
    """The one document of this kind."""
    matches = [doc for doc in documents if doc["kind"] == kind]
    assert len(matches) == 1, f"expected one {kind}, found {len(matches)}"
    return matches[0]


def optional(documents: tuple[dict, ...], kind: str) -> dict | None:
    """The document of this kind, if there is one."""
    matches = [doc for doc in documents if doc["kind"] == kind]
    assert len(matches) <= 1, f"expected at most one {kind}, found {len(matches)}"
    return matches[0] if matches else None


def pod_spec(documents: tuple[dict, ...]) -> dict:
    return only(documents, "Deployment")["spec"]["template"]["spec"]


def container(documents: tuple[dict, ...]) -> dict:
    (app,) = pod_spec(documents)["containers"]
    return app


def environment(documents: tuple[dict, ...]) -> dict[str, str | None]:
    """The container's environment: ConfigMap values, then its own env entries (None: from a Secret)."""
    config_maps = {doc["metadata"]["name"]: doc.get("data", {}) for doc in documents if doc["kind"] == "ConfigMap"}
    env: dict[str, str | None] = {}
    for source in container(documents).get("envFrom", []):
        name = source["configMapRef"]["name"]
        assert name in config_maps, f"envFrom names ConfigMap {name}, which the manifests do not contain"
        env.update(config_maps[name])
    for entry in container(documents).get("env", []):
        env[entry["name"]] = entry.get("value")
    return env


def mebibytes(quantity: str) -> float:
    """A Kubernetes memory quantity (512Mi, 2Gi, 1G, 500M) in MiB."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 10**3, "M": 10**6, "G": 10**9, "": 1}
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", quantity).groups()
    return float(number) * units[unit] / 2**20


def cores(quantity: str) -> float:
    """A Kubernetes CPU quantity (2, 250m, 1.5) in cores."""
    return float(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


def subset(labels: dict, of: dict) -> bool:
    return bool(labels) and labels.items() <= of.items()


def dockerfile_arg(name: str) -> str:
    return re.search(rf"^ARG {name}=(\S+)$", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M).group(1)


def image_home() -> str:
    return re.search(r"--home-dir (\S+)", (ROOT / "Dockerfile").read_text(encoding="utf-8")).group(1)


def is_environment(node: ast.AST) -> bool:
    """`os.environ`, `environ` or `env` (service/settings.py's mapping)."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id in {"environ", "env"}
    )


@functools.cache
def settings_the_service_reads() -> frozenset[str]:
    """Every environment variable gunicorn.conf.py or service/ reads, found in their source."""
    names = set()
    for path in [ROOT / "gunicorn.conf.py", *sorted((ROOT / "service").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = None
            if isinstance(node, ast.Subscript) and is_environment(node.value):
                key = node.slice  # os.environ["NAME"]
            elif isinstance(node, ast.Call) and node.args:
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "getenv":
                    key = node.args[0]  # os.getenv("NAME")
                elif isinstance(func, ast.Attribute) and func.attr in {"get", "setdefault", "pop"}:
                    key = node.args[0] if is_environment(func.value) else None  # os.environ.get("NAME")
                elif len(node.args) > 1 and is_environment(node.args[0]):
                    key = node.args[1]  # _int(env, "NAME", ...)
            if (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and re.fullmatch(r"[A-Z][A-Z0-9_]+", key.value)
            ):
                names.add(key.value)
    return frozenset(names)


def unknown_settings(names: Iterable[str]) -> set[str]:
    """The names among these that nothing in the service reads."""
    return set(names) - settings_the_service_reads()


# --------------------------------------------------------------- the API's schemas


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("target", TARGETS)
def test_every_document_validates_against_the_kubernetes_schema(target, version):
    checked = []
    for doc in render(target):
        if (doc["apiVersion"], doc["kind"]) in CUSTOM_KINDS:
            continue
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            pytest.fail(f"{target}: {doc['kind']}/{doc['metadata']['name']} at {path}: {error.message}")
        checked.append(doc["kind"])
    assert {"Deployment", "Service", "ConfigMap", "ServiceAccount", "PodDisruptionBudget"} <= set(checked)


def misspell_a_field(app: dict) -> None:
    # Without strict mode the API server would drop the unknown field, and the root filesystem stays writable.
    app["securityContext"]["readOnlyRootFileSystem"] = app["securityContext"].pop("readOnlyRootFilesystem")


def give_the_port_as_a_string(app: dict) -> None:
    app["ports"][0]["containerPort"] = "8000"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("breakage", [misspell_a_field, give_the_port_as_a_string])
def test_the_validator_rejects_a_broken_deployment(breakage, version):
    deployment = copy.deepcopy(only(render("base"), "Deployment"))
    kubernetes_validate.validate(deployment, version, strict=True)  # valid before the change
    breakage(deployment["spec"]["template"]["spec"]["containers"][0])
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, version, strict=True)


# --------------------------------------------------------------- fit with the service


@pytest.mark.parametrize("target", TARGETS)
def test_every_setting_given_to_the_container_is_one_the_service_reads(target):
    env = environment(render(target))
    unknown = unknown_settings(env)
    assert not unknown, f"{target} sets variables nothing reads (a typo?): {sorted(unknown)}"
    # The settings the other tests here size things from: explicit, not left to the image's defaults.
    assert {"HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT"} <= env.keys()
    Settings.from_env({k: v for k, v in env.items() if v is not None})  # values the service accepts


def test_a_misspelt_setting_is_caught():
    known = settings_the_service_reads()
    assert {"PORT", "WEB_CONCURRENCY", "API_KEYS", "MAX_BATCH_CHARS", "PROMETHEUS_MULTIPROC_DIR"} <= known
    assert unknown_settings({"MAX_TEXT_CHARS", "MAX_TEXT_CHAR"}) == {"MAX_TEXT_CHAR"}


@pytest.mark.parametrize("target", TARGETS)
def test_probes_ask_the_health_endpoints_on_the_port_gunicorn_binds(target):
    documents = render(target)
    app, env = container(documents), environment(documents)
    assert env.get("HOST") == "0.0.0.0" and "BIND" not in env
    (port,) = [p for p in app["ports"] if p["name"] == "http"]
    assert port["containerPort"] == int(env["PORT"])
    probes = {kind: app[kind]["httpGet"] for kind in ("startupProbe", "readinessProbe", "livenessProbe")}
    assert {kind: probe["path"] for kind, probe in probes.items()} == {
        "startupProbe": "/readyz",
        "readinessProbe": "/readyz",
        "livenessProbe": "/healthz",
    }
    assert all(probe["port"] == "http" for probe in probes.values())


@pytest.mark.parametrize("target", TARGETS)
def test_liveness_outlasts_gunicorns_own_worker_timeout(target):
    # gunicorn replaces a stuck worker after GUNICORN_TIMEOUT; a liveness probe giving up
    # sooner would restart a merely busy pod and lose its in-flight requests.
    documents = render(target)
    liveness = container(documents)["livenessProbe"]
    patience = liveness.get("periodSeconds", 10) * liveness.get("failureThreshold", 3)
    assert patience > int(environment(documents)["GUNICORN_TIMEOUT"])


@pytest.mark.parametrize("target", TARGETS)
def test_shutdown_finishes_in_flight_requests(target):
    documents = render(target)
    pre_stop = container(documents)["lifecycle"]["preStop"]
    command = pre_stop["exec"]["command"]
    assert command[0] == "sleep"
    # Both the preStop sleep and gunicorn's graceful shutdown count against the grace period.
    needed = int(command[1]) + int(environment(documents)["GUNICORN_GRACEFUL_TIMEOUT"])
    assert pod_spec(documents)["terminationGracePeriodSeconds"] > needed


@pytest.mark.parametrize("target", TARGETS)
def test_the_container_runs_read_only_as_the_image_user(target):
    documents = render(target)
    pod, app = pod_spec(documents)["securityContext"], container(documents)["securityContext"]
    effective = pod | app
    assert effective["runAsNonRoot"] is True
    assert effective["runAsUser"] == int(dockerfile_arg("APP_UID"))
    assert effective["runAsGroup"] == int(dockerfile_arg("APP_GID"))
    assert effective["seccompProfile"] == {"type": "RuntimeDefault"}
    assert app["readOnlyRootFilesystem"] is True
    assert app["allowPrivilegeEscalation"] is False
    assert app["capabilities"]["drop"] == ["ALL"]
    assert pod_spec(documents)["automountServiceAccountToken"] is False
    assert only(documents, "ServiceAccount")["automountServiceAccountToken"] is False


@pytest.mark.parametrize("target", TARGETS)
def test_every_path_the_service_writes_is_an_empty_dir(target):
    documents = render(target)
    metrics_dir = environment(documents).get("PROMETHEUS_MULTIPROC_DIR")
    assert metrics_dir, "PROMETHEUS_MULTIPROC_DIR must name a volume of its own (gunicorn.conf.py wipes it at start)"
    volumes = {v["name"]: v for v in pod_spec(documents)["volumes"]}
    mounts = {m["mountPath"]: volumes[m["name"]] for m in container(documents)["volumeMounts"]}
    for path in (TMP, image_home(), metrics_dir):
        assert path in mounts, f"{path} is written by the service but not mounted (the root filesystem is read-only)"
        assert "emptyDir" in mounts[path], f"{path} should be an emptyDir"
        assert not mounts[path].get("readOnly")


@pytest.mark.parametrize("target", TARGETS)
def test_memory_covers_what_the_workers_were_measured_to_use(target):
    documents = render(target)
    env = environment(documents)
    settings = Settings.from_env({k: v for k, v in env.items() if v is not None})
    resources = container(documents)["resources"]
    request, limit = mebibytes(resources["requests"]["memory"]), mebibytes(resources["limits"]["memory"])
    # make bench: PSS of the master and of each worker after 5,000 unique requests.
    measured = json.loads((ROOT / "bench" / "results" / "performance.json").read_text(encoding="utf-8"))
    after = measured["memory"]["two_workers_after_unique"]
    worker_pss = [w["pss_mb"] for w in after["workers"].values()]
    workers = int(env["WEB_CONCURRENCY"])
    steady = after["master"]["pss_mb"] + workers * sum(worker_pss) / len(worker_pss)
    # Every worker parsing the most text it ever parses at once, at the same time: the
    # longest article, or one nlp.pipe batch of a batch request.
    largest_request = max(settings.max_text_chars, min(settings.max_batch_chars, PIPE_BATCH_CHARS))
    peak = steady + workers * PARSE_MIB_PER_1000_CHARS * largest_request / 1000
    assert request >= steady, f"memory request {request:.0f} MiB < {steady:.0f} MiB measured for {workers} workers"
    assert limit >= peak, f"memory limit {limit:.0f} MiB < {peak:.0f} MiB: {workers} workers on {largest_request} chars"
    assert limit >= request


@pytest.mark.parametrize("target", TARGETS)
def test_pods_request_no_more_cpu_than_their_workers_use(target):
    documents = render(target)
    workers = int(environment(documents)["WEB_CONCURRENCY"])
    requested = cores(container(documents)["resources"]["requests"]["cpu"])
    if optional(documents, "HorizontalPodAutoscaler") is None:
        assert 0 < requested <= workers
    else:
        # The autoscaler's utilisation is a share of the request: one core per sync worker
        # makes 70% mean the workers are busy 70% of the time.
        assert requested == workers


@pytest.mark.parametrize("target", TARGETS)
def test_replicas_have_one_owner(target):
    documents = render(target)
    deployment, autoscaler = only(documents, "Deployment"), optional(documents, "HorizontalPodAutoscaler")
    if autoscaler is None:
        assert deployment["spec"]["replicas"] >= 1
        return
    # A count in the Deployment would reset the autoscaler's on every `kubectl apply`.
    assert "replicas" not in deployment["spec"]
    scaled = autoscaler["spec"]["scaleTargetRef"]
    assert (scaled["apiVersion"], scaled["kind"], scaled["name"]) == (
        "apps/v1",
        "Deployment",
        deployment["metadata"]["name"],
    )
    assert 1 <= autoscaler["spec"]["minReplicas"] <= autoscaler["spec"]["maxReplicas"]


@pytest.mark.parametrize("target", TARGETS)
def test_selectors_pick_the_pods(target):
    documents = render(target)
    deployment = only(documents, "Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert subset(deployment["spec"]["selector"]["matchLabels"], pod_labels)
    assert subset(only(documents, "Service")["spec"]["selector"], pod_labels)
    assert subset(only(documents, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"], pod_labels)
    for spread in pod_spec(documents).get("topologySpreadConstraints", []):
        assert subset(spread["labelSelector"]["matchLabels"], pod_labels)
    service_port = only(documents, "Service")["spec"]["ports"][0]
    assert service_port["targetPort"] in {p["name"] for p in container(documents)["ports"]}


@pytest.mark.parametrize("target", TARGETS)
def test_api_keys_come_from_a_secret_never_from_the_manifests(target):
    documents = render(target)
    assert not [doc for doc in documents if doc["kind"] == "Secret"], (
        "keys must not be committed (README: create the Secret)"
    )
    (api_keys,) = [e for e in container(documents)["env"] if e["name"] == "API_KEYS"]
    assert "secretKeyRef" in api_keys["valueFrom"]
    for doc in documents:
        if doc["kind"] == "ConfigMap":
            assert "API_KEYS" not in doc.get("data", {})


def test_production_requires_the_api_keys_secret():
    # Without the Secret, pods must not start rather than serve /v1/* to anyone.
    (api_keys,) = [e for e in container(render("overlays/production"))["env"] if e["name"] == "API_KEYS"]
    assert api_keys["valueFrom"]["secretKeyRef"]["optional"] is False


def test_production_pins_the_image():
    image = container(render("overlays/production"))["image"]
    tag = image.rpartition("@")[2] if "@" in image else image.rpartition("/")[2].partition(":")[2]
    assert tag and tag != "latest", f"production runs {image}: pin a release tag or a digest"


@pytest.mark.parametrize("target", TARGETS)
def test_metrics_are_scraped_one_way_only(target):
    documents = render(target)
    annotations = only(documents, "Deployment")["spec"]["template"]["metadata"].get("annotations", {})
    by_annotation = annotations.get("prometheus.io/scrape") == "true"
    by_operator = optional(documents, "ServiceMonitor") is not None
    assert by_annotation != by_operator, "pods scraped twice, or not at all"
    if by_annotation:
        assert annotations["prometheus.io/path"] == "/metrics"
        assert int(annotations["prometheus.io/port"]) == int(environment(documents)["PORT"])


def test_servicemonitor_scrapes_the_service():
    documents = render("overlays/production")
    monitor, service = only(documents, "ServiceMonitor"), only(documents, "Service")
    assert (monitor["apiVersion"], monitor["kind"]) in CUSTOM_KINDS
    assert monitor["metadata"].get("namespace") == service["metadata"].get("namespace")
    assert "namespaceSelector" not in monitor["spec"]
    assert subset(monitor["spec"]["selector"]["matchLabels"], service["metadata"]["labels"])
    port_names = {p["name"] for p in service["spec"]["ports"]}
    assert monitor["spec"]["endpoints"], "no endpoints to scrape"
    for endpoint in monitor["spec"]["endpoints"]:
        assert endpoint["port"] in port_names
        assert endpoint.get("path", "/metrics") == "/metrics"
