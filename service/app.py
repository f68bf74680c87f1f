"""Application factory: wiring only."""

from __future__ import annotations

import logging
import time

import orjson
import yaml
from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider

from . import security
from .api import demo, docs, events, health
from .errors import register_error_handlers
from .extraction import Extractor
from .extraction.codes import CodeBook
from .extraction.lexicon import default_lexicon
from .logs import ROUTE_ENVIRON_KEY, configure_logging
from .metrics import Metrics
from .readiness import ExtractorHolder
from .schemas import make_batch_schema, make_request_schema
from .settings import Settings, SettingsError

log = logging.getLogger("service.access")
WSGI_SERVER_SOFTWARE = "SERVER_SOFTWARE"  # a WSGI environ key, not a setting


class OrjsonProvider(DefaultJSONProvider):
    def dumps(self, obj, **kwargs) -> str:
        return orjson.dumps(obj).decode()

    def loads(self, s, **kwargs):
        return orjson.loads(s)


def create_app(settings: Settings | None = None, extractor: Extractor | None = None, load_model: str = "now") -> Flask:
    """Build the app. ``load_model``: "now" (default; gunicorn preloads it before
    forking), "background" (serve /healthz at once, /readyz turns 200 later)."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    app = Flask(__name__)
    # Flask turns debug mode on when FLASK_DEBUG is set in the environment; debug mode
    # puts exception text into error details and lets unhandled errors propagate.
    app.debug = False
    app.json = OrjsonProvider(app)
    # Werkzeug rejects larger bodies with 413 before anything parses them.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = settings.max_body_bytes

    holder = ExtractorHolder(settings.spacy_model, extractor, settings.trigger_detector, settings.event_scorer)
    metrics = Metrics()
    app.extensions["settings"] = settings
    app.extensions["extractor"] = holder
    app.extensions["metrics"] = metrics
    app.extensions["spec_text"] = docs.read_spec()
    if extractor is None:
        if load_model == "background":
            holder.load_in_background()
        else:
            holder.load()
            metrics.observe_model_load(holder.load_seconds)
    codebook = _codebook(extractor)
    _check_spec_types(app.extensions["spec_text"], codebook.type_names)
    # The taxonomy is data, not model output: served even while the model loads.
    app.extensions["codebook"] = codebook
    app.extensions["request_schema"] = make_request_schema(settings.max_text_chars, codebook.type_names)
    app.extensions["batch_schema"] = make_batch_schema(settings.max_batch_size, codebook.type_names)

    register_error_handlers(app)
    security.install(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(events.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(docs.docs_bp)
    app.register_blueprint(demo.bp)

    @app.get("/metrics")
    def metrics_view() -> Response:
        body, content_type = metrics.render()
        return Response(body, content_type=content_type)

    @app.before_request
    def _start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        route = request.url_rule.rule if request.url_rule else "unmatched"
        request.environ[ROUTE_ENVIRON_KEY] = route  # for gunicorn's access line
        metrics.observe_request(route, request.method, response.status_code, seconds)
        if str(request.environ.get(WSGI_SERVER_SOFTWARE, "")).startswith("gunicorn"):
            return response  # gunicorn writes the one access line (service/gunicorn_logging.py)
        log.info(
            "request",
            extra={
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
                "bytes_in": request.content_length or 0,
            },
        )
        return response

    return app


def _check_spec_types(spec_text: str, type_names: list[str]) -> None:
    """The contract's EventType enum names the lexicon's types: a mismatch fails at start,
    never as a response that breaks the spec later."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(spec_text, Loader=loader)  # noqa: S506 - a safe loader
    declared = spec["components"]["schemas"]["EventType"]["enum"]
    if sorted(declared) != sorted(type_names):
        raise SettingsError(
            "api_spec/openapi.yaml's EventType enum and the lexicon's types differ: "
            f"only in the spec {sorted(set(declared) - set(type_names))}, "
            f"only in the lexicon {sorted(set(type_names) - set(declared))}"
        )


def _codebook(extractor: Extractor | None) -> CodeBook:
    if extractor is not None:
        return extractor.codebook
    return CodeBook(default_lexicon().taxonomy)
