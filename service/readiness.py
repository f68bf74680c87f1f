"""Holds the process's extractor and says whether it is ready."""

from __future__ import annotations

import logging
import threading
import time

from .errors import ProblemError
from .extraction import Extractor

log = logging.getLogger(__name__)


class ExtractorHolder:
    """The extractor, loaded once; requests before it is ready get 503."""

    def __init__(
        self, model_name: str, extractor: Extractor | None = None, detector: str = "rules", scorer: str = "default"
    ) -> None:
        self.model_name = model_name
        self.detector = detector
        self.scorer = scorer
        self._extractor = extractor
        self._lock = threading.Lock()
        self.load_seconds: float | None = None
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        return self._extractor is not None

    def load(self) -> Extractor:
        """Load the model now (idempotent)."""
        with self._lock:
            if self._extractor is None:
                started = time.perf_counter()
                try:
                    self._extractor = Extractor(self.model_name, detector=self.detector, scorer=self.scorer)
                except Exception as exc:
                    self.error = f"{type(exc).__name__}: {exc}"
                    raise
                self.load_seconds = time.perf_counter() - started
                log.info("model loaded", extra={"model": self.model_name, "seconds": round(self.load_seconds, 3)})
            return self._extractor

    def load_in_background(self) -> None:
        threading.Thread(target=self._load_quietly, name="model-loader", daemon=True).start()

    def _load_quietly(self) -> None:
        try:
            self.load()
        except Exception:
            log.exception("model failed to load")

    def get(self) -> Extractor:
        if self._extractor is None:
            raise ProblemError(
                503,
                "Service Unavailable",
                "The language model is still loading; retry shortly.",
                "not-ready",
                headers={"Retry-After": "5"},
            )
        return self._extractor
