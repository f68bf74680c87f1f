"""The trained trigger tagger: what it loads, what it finds, how it sits beside the rules,
and that `make train` rebuilds it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.train_tagger import MODEL_VERSION
from service.extraction import Extractor
from service.extraction.detection import CombinedDetector, RuleDetector, detector_from_setting
from service.extraction.tagger import DEFAULT_TAGGER, NONE, TriggerTagger
from service.settings import Settings

NEWS = "Rebels attacked an army base on Monday, killing 12 soldiers. Police arrested 40 protesters in Nairobi."


@pytest.fixture(scope="module")
def tagger(extractor) -> TriggerTagger:
    return TriggerTagger(DEFAULT_TAGGER, extractor.lexicon.type_names)


def test_the_committed_tagger_knows_the_taxonomy_and_its_training(tagger, extractor):
    assert tagger.classes[0] == NONE and set(tagger.classes[1:]) == set(extractor.lexicon.type_names)
    assert tagger.label == f"trigger_tagger {MODEL_VERSION}"
    meta = tagger.meta
    assert meta["training"]["stories"] == 53  # the train split, nothing else
    assert 0 < meta["threshold"] < 1 and 0 < meta["threshold_with_rules"] < 1


def test_probabilities_cover_every_content_word_and_sum_to_one(tagger, extractor):
    doc = extractor.nlp(NEWS)
    indices, probabilities = tagger.probabilities(doc)
    assert [doc[i].text for i in indices][:3] == ["Rebels", "attacked", "army"]
    assert probabilities.shape == (len(indices), len(tagger.classes))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_alone_it_finds_plain_acts_with_their_types(tagger, extractor):
    doc = extractor.nlp(NEWS)
    found = {(doc[t.start].text, t.type) for t in tagger.detect(doc)}
    assert {("attacked", "attack"), ("killing", "casualties"), ("arrested", "arrest")} <= found
    assert all(doc[t.start].pos_ in {"VERB", "NOUN", "ADJ", "PROPN"} for t in tagger.detect(doc))


def test_an_empty_or_wordless_doc_gives_nothing(tagger, extractor):
    for text in ("", "   ", "!!! ... ???"):
        assert tagger.detect(extractor.nlp(text)) == []


def test_model_alone_runs_the_whole_pipeline_and_says_so(extractor):
    alone = Extractor(lexicon=extractor.lexicon, nlp=extractor.nlp, detector="model")
    events = alone.extract(NEWS).events
    assert {"attack", "arrest"} <= {e.type for e in events}
    arrest = next(e for e in events if e.type == "arrest")
    assert arrest.location is not None and arrest.location.text == "Nairobi"  # the stages still read the roles
    assert alone.model_info["detector"] == f"trigger_tagger {MODEL_VERSION}"


def test_beside_the_rules_it_only_adds_words_they_leave_alone(extractor):
    both = detector_from_setting("both", extractor.lexicon, extractor.nlp.vocab)
    assert isinstance(both, CombinedDetector) and both.additive
    text = NEWS + " The talks were held in Geneva and the hunting season was held in November."
    doc = extractor.nlp(text)
    rules = RuleDetector(extractor.lexicon, extractor.nlp.vocab).detect(doc)
    found = both.detect(doc)
    assert set(rules) <= set(found)  # every rule mention stands as the rules found it
    added = [t for t in found if t.detector == "model"]
    for t in added:
        assert not any(r.start < t.end and t.start < r.end for r in rules)
        assert doc[t.start].lemma_.lower() not in extractor.lexicon.words  # the rules' own words are theirs
        assert t.confidence >= both.detectors[1].threshold


def test_the_settings_choose_and_the_response_says_which(extractor):
    assert Settings.from_env({}).trigger_detector == "rules"
    assert extractor.model_info["detector"] == "rules"
    assert Settings.from_env({"TRIGGER_DETECTOR": "both"}).trigger_detector == "both"
    assert Settings.from_env({"TRIGGER_DETECTOR": "model"}).trigger_detector == "model"
    both = Extractor(lexicon=extractor.lexicon, nlp=extractor.nlp, detector="both")
    assert both.model_info["detector"] == f"rules + trigger_tagger {MODEL_VERSION}"


def test_a_tagger_trained_elsewhere_is_read_from_its_directory(extractor, tmp_path):
    import shutil

    path = tmp_path / "tagger"
    shutil.copytree(DEFAULT_TAGGER, path)
    meta = json.loads((path / "meta.json").read_text())
    meta["threshold"] = 0.999
    (path / "meta.json").write_text(json.dumps(meta))
    strict = detector_from_setting(f"model:{path}", extractor.lexicon, extractor.nlp.vocab)
    assert isinstance(strict, TriggerTagger) and strict.threshold == 0.999
    assert len(strict.detect(extractor.nlp(NEWS))) < len(TriggerTagger(DEFAULT_TAGGER).detect(extractor.nlp(NEWS)))


def test_a_tagger_with_classes_outside_the_taxonomy_is_refused(extractor, tmp_path):
    import shutil

    path = tmp_path / "tagger"
    shutil.copytree(DEFAULT_TAGGER, path)
    meta = json.loads((path / "meta.json").read_text())
    meta["classes"][1] = "coup"
    (path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="coup"):
        TriggerTagger(path, extractor.lexicon.type_names)


@pytest.mark.slow
def test_make_train_rebuilds_the_committed_tagger(tmp_path):
    from bench import train_tagger

    assert train_tagger.main(["--out", str(tmp_path)]) == 0
    built, committed = np.load(tmp_path / "weights.npz"), np.load(DEFAULT_TAGGER / "weights.npz")
    for key in ("dense", "sparse", "bias", "mean", "scale"):
        np.testing.assert_allclose(built[key], committed[key], rtol=1e-3, atol=1e-4)
    assert json.loads((tmp_path / "meta.json").read_text()) == json.loads((DEFAULT_TAGGER / "meta.json").read_text())


def test_the_service_runs_on_the_model_alone_when_told_to(contract, extractor):
    # As a user sets it: the environment variable, read by Settings, building the app's extractor.
    from service.app import create_app
    from tests.support.contract import ContractClient

    app = create_app(Settings.from_env({"TRIGGER_DETECTOR": "model"}))
    client = ContractClient(app.test_client(), contract)
    response = client.post("/v1/events", json={"text": NEWS})
    assert response.status_code == 200  # ContractClient checks the body against api_spec/openapi.yaml
    body = response.get_json()
    assert body["meta"]["model"]["detector"] == f"trigger_tagger {MODEL_VERSION}"
    assert {"attack", "arrest"} <= {e["type"] for e in body["events"]}
