"""Static checks of the API contract (api_spec/openapi.yaml) and the taxonomy data.

The spec is the source of truth, so it must be a valid OpenAPI 3.1 document,
its examples must obey its own schemas (a client copying an example must get a
valid request), and it must agree with the taxonomy the service loads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from service import __version__
from service.extraction.codes import read_code_table

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "api_spec" / "openapi.yaml"
TAXONOMY_PATH = ROOT / "service" / "extraction" / "lexicon" / "taxonomy.yaml"
SPEC_URI = "urn:event-extraction:openapi"
SCHEMAS_WITH_OPEN_OBJECTS = {"Problem"}  # RFC 9457 allows extension members


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return _load_yaml(SPEC_PATH)


@pytest.fixture(scope="module")
def taxonomy() -> dict[str, Any]:
    return _load_yaml(TAXONOMY_PATH)


@pytest.fixture(scope="module")
def registry(spec: dict[str, Any]) -> Registry:
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def _pointer(path: tuple[str, ...]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (used for examples, responses and headers)."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local refs are expected: {ref}"
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, str(index)))


def _examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Yield (label, pointer of the schema, example value) for every example in the spec."""
    for path, node in _walk(spec):
        if not isinstance(node, dict):
            continue
        # Media type, parameter or header objects: `example` or a map of Example objects.
        if "schema" in node:
            schema_pointer = _pointer((*path, "schema"))
            if "example" in node:
                yield _pointer(path) + "/example", schema_pointer, node["example"]
            if isinstance(node.get("examples"), dict):
                for name, example in node["examples"].items():
                    value = _resolve(spec, example)["value"]
                    yield _pointer((*path, "examples", name)), schema_pointer, value
        # JSON Schema `examples` keyword (a list) inside a schema.
        if isinstance(node.get("examples"), list) and "schema" not in node:
            for index, value in enumerate(node["examples"]):
                yield _pointer((*path, "examples", str(index))), _pointer(path), value


def _spans(node: Any) -> Iterator[dict[str, Any]]:
    for _, value in _walk(node):
        if isinstance(value, dict) and {"text", "start", "end"} <= value.keys():
            yield value


def test_spec_is_valid_openapi_31(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    validate_spec(spec)


def test_one_version_everywhere(spec: dict[str, Any]) -> None:
    """service/__init__.py is the one version: the spec, its examples and the package agree."""
    assert spec["info"]["version"] == __version__
    examples = [v for path, v in _walk(spec) if path and path[-1] == "service_version" and isinstance(v, str)]
    assert examples and set(examples) == {__version__}
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "service.__version__"}


def test_every_example_matches_its_schema(spec: dict[str, Any], registry: Registry) -> None:
    examples = list(_examples(spec))
    assert len(examples) >= 10, "the spec should carry request, response and problem examples"
    failures = []
    for label, schema_pointer, value in examples:
        validator = OAS31Validator({"$ref": f"{SPEC_URI}#{schema_pointer}"}, registry=registry)
        failures += [
            f"{label}: {error.message} at {list(error.absolute_path)}" for error in validator.iter_errors(value)
        ]
    assert not failures, "\n".join(failures)


def test_problem_examples_cover_client_errors(spec: dict[str, Any]) -> None:
    statuses = {
        _resolve(spec, example)["value"]["status"]
        for response in spec["components"]["responses"].values()
        for media in response.get("content", {}).values()
        for example in media.get("examples", {}).values()
    }
    assert {400, 401, 413, 415, 422, 503} <= statuses


def test_example_offsets_index_into_example_text(spec: dict[str, Any]) -> None:
    examples = spec["components"]["examples"]
    single_text = examples["EventsRequestExample"]["value"]["text"]
    pairs = [(single_text, examples["EventsResponseExample"]["value"])]
    documents = examples["BatchRequestExample"]["value"]["documents"]
    results = examples["BatchResponseExample"]["value"]["results"]
    assert len(documents) == len(results)
    pairs += [(doc["text"], result) for doc, result in zip(documents, results, strict=True) if "events" in result]

    checked = 0
    for text, response in pairs:
        for span in _spans(response["events"]):
            assert 0 <= span["start"] <= span["end"] <= len(text)
            assert text[span["start"] : span["end"]] == span["text"], span
            checked += 1
    assert checked > 10


def test_object_schemas_are_closed_except_problem(spec: dict[str, Any]) -> None:
    open_objects = []
    for name, schema in spec["components"]["schemas"].items():
        if name in SCHEMAS_WITH_OPEN_OBJECTS:
            continue
        for path, node in _walk(schema, (name,)):
            if isinstance(node, dict) and "properties" in node and node.get("additionalProperties") is not False:
                open_objects.append(_pointer(path))
    assert not open_objects, f"object schemas without additionalProperties: false: {open_objects}"


def test_every_response_documents_request_id_header(spec: dict[str, Any]) -> None:
    missing = []
    for route, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                headers = _resolve(spec, response).get("headers", {})
                if "X-Request-ID" not in headers:
                    missing.append(f"{method.upper()} {route} {status}")
    assert not missing, missing


def test_event_type_enum_matches_taxonomy(spec: dict[str, Any], taxonomy: dict[str, Any]) -> None:
    enum = spec["components"]["schemas"]["EventType"]["enum"]
    assert enum == [event_type["name"] for event_type in taxonomy["types"]]
    assert len(enum) == 15


def _taxonomy_codes(taxonomy: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for event_type in taxonomy["types"]:
        yield event_type["name"], event_type["codes"]
        for subtype in event_type["subtypes"]:
            yield f"{event_type['name']}.{subtype['name']}", subtype["codes"]


def test_every_cameo_code_of_the_taxonomy_is_in_the_code_table(taxonomy: dict[str, Any]) -> None:
    table = read_code_table()
    for label, codes in _taxonomy_codes(taxonomy):
        cameo = codes["cameo"]
        if cameo is None:
            continue
        assert isinstance(cameo, str) and re.fullmatch(r"\d{3,4}", cameo), f"{label}: bad CAMEO code {cameo!r}"
        assert cameo in table, f"{label}: CAMEO {cameo} is not in cameo_codes.tsv"


def test_taxonomy_entries_are_complete(taxonomy: dict[str, Any]) -> None:
    assert isinstance(taxonomy["version"], str)
    for event_type in taxonomy["types"]:
        assert event_type["definition"] and event_type["triggers"], event_type["name"]
        assert event_type["quad_class"] in {1, 2, 3, 4}, event_type["name"]
        names = [subtype["name"] for subtype in event_type["subtypes"]]
        assert len(names) == len(set(names)), event_type["name"]
        for subtype in event_type["subtypes"]:
            assert subtype["definition"], f"{event_type['name']}.{subtype['name']}"
    for label, codes in _taxonomy_codes(taxonomy):
        assert set(codes) == {"cameo", "plover"}, label
        plover = codes["plover"]
        assert plover is None or (set(plover) == {"type", "mode"} and plover["type"].isupper()), label
