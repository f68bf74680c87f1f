"""The trained mention scorer: what it loads, what it changes, and that `make train` rebuilds it."""

from __future__ import annotations

import json
import shutil
from datetime import date

import numpy as np
import pytest

from bench.train_scorer import MODEL_VERSION
from service.extraction.scorer import DEFAULT_SCORER, MentionScorer, scorer_from_setting
from service.settings import Settings, SettingsError

SPECIFIC = "Putin and Xi met in Moscow on Tuesday."
# (The rules drop "Talks are a good thing in general" and "Talks can be useful" as the kind
# of act before the scorer sees them: tests/unit/test_triggers.py.)
GENERIC = "Any talks would need to be serious, he said."


def confidences(extractor, text: str) -> list[tuple[str, float]]:
    return [(e.type, e.confidence) for e in extractor.extract(text, date(2025, 3, 4)).events]


def test_the_committed_model_is_the_default(extractor):
    assert extractor.scorer is not None and extractor.scorer.path == DEFAULT_SCORER
    assert extractor.model_info["scorer"] == f"mention_scorer {MODEL_VERSION}"  # what make train builds
    meta = json.loads((DEFAULT_SCORER / "meta.json").read_text())
    assert meta["training"]["stories"] == 53  # the train split, nothing else
    assert 0 < meta["recommended_min_confidence"] < 1 and meta["drop_below"] == 0.0


def test_a_specific_act_outranks_a_generic_mention_of_its_type(extractor):
    ((_, specific),) = confidences(extractor, SPECIFIC)
    ((_, generic),) = confidences(extractor, GENERIC)
    assert specific > 0.8
    assert generic < 0.5 < specific


def test_probabilities_are_probabilities_and_dropping_is_a_setting(extractor, tmp_path):
    path = tmp_path / "scorer"
    shutil.copytree(DEFAULT_SCORER, path)
    meta = json.loads((path / "meta.json").read_text())
    meta["drop_below"] = 0.5
    (path / "meta.json").write_text(json.dumps(meta))
    strict = MentionScorer(path)
    doc = extractor.nlp(GENERIC)
    assert strict.apply([], doc) == []
    for text in (SPECIFIC, GENERIC):
        for _, confidence in confidences(extractor, text):
            assert 0.0 <= confidence <= 1.0


def test_settings_name_the_scorer(tmp_path):
    assert Settings.from_env({}).event_scorer == "default"
    assert Settings.from_env({"EVENT_SCORER": "none"}).event_scorer == "none"
    assert scorer_from_setting("none") is None
    with pytest.raises(SettingsError, match="EVENT_SCORER"):
        Settings.from_env({"EVENT_SCORER": str(tmp_path / "missing")})
    with pytest.raises(FileNotFoundError, match="make train"):
        scorer_from_setting(str(tmp_path))


def test_rules_alone_keep_the_rule_confidence(extractor):
    from service.extraction import Extractor

    rules = Extractor(nlp=extractor.nlp, scorer="none")
    assert rules.model_info["scorer"] is None
    # Same events either way: the scorer reorders, it does not drop.
    with_scorer = [t for t, _ in confidences(extractor, SPECIFIC + " " + GENERIC)]
    without = [t for t, _ in confidences(rules, SPECIFIC + " " + GENERIC)]
    assert with_scorer == without


@pytest.mark.slow
def test_make_train_rebuilds_the_committed_model(tmp_path):
    from bench import train_scorer

    assert train_scorer.main(["--out", str(tmp_path)]) == 0
    built, committed = np.load(tmp_path / "weights.npz"), np.load(DEFAULT_SCORER / "weights.npz")
    for key in ("coef", "mean", "scale"):
        np.testing.assert_allclose(built[key], committed[key], rtol=1e-4, atol=1e-5)
    assert json.loads((tmp_path / "meta.json").read_text()) == json.loads((DEFAULT_SCORER / "meta.json").read_text())
