"""Settings from the environment (service/settings.py)."""

from __future__ import annotations

import pytest

from service.settings import Settings, SettingsError


def test_defaults_when_nothing_is_set():
    assert Settings.from_env({}) == Settings()
    assert Settings().max_text_chars == 200_000
    assert Settings().max_batch_size == 16


def test_values_are_parsed():
    settings = Settings.from_env(
        {
            "SPACY_MODEL": " en_core_web_sm ",
            "MAX_TEXT_CHARS": "5000",
            "MAX_BATCH_SIZE": "4",
            "MAX_BATCH_CHARS": "20000",
            "MAX_BODY_BYTES": "2048",
            "API_KEYS": "k1, k2,,",
            "CORS_ORIGINS": "https://a.example",
            "LOG_LEVEL": "debug",
            "LOG_TEXT": "true",
        }
    )

    assert settings.spacy_model == "en_core_web_sm"
    assert (settings.max_text_chars, settings.max_batch_size, settings.max_batch_chars) == (5000, 4, 20000)
    assert settings.max_body_bytes == 2048
    assert settings.api_keys == ("k1", "k2")
    assert settings.cors_origins == ("https://a.example",)
    assert settings.log_level == "DEBUG"
    assert settings.log_text is True


@pytest.mark.parametrize("value", ["", "   "])
def test_blank_integer_means_default(value):
    assert Settings.from_env({"MAX_TEXT_CHARS": value}).max_text_chars == 200_000


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAX_TEXT_CHARS", "lots"),
        ("MAX_TEXT_CHARS", "1e5"),
        ("MAX_BATCH_SIZE", "0"),
        ("MAX_BATCH_SIZE", "-3"),
        ("MAX_BATCH_CHARS", "1.5"),
        ("MAX_BODY_BYTES", "100"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_bad_value_raises_settings_error_naming_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_api_keys_are_not_in_the_repr():
    assert "s3cret" not in repr(Settings(api_keys=("s3cret",)))


def test_with_overrides_returns_a_new_settings():
    base = Settings()

    changed = base.with_overrides(max_batch_size=2)

    assert changed.max_batch_size == 2 and base.max_batch_size == 16
