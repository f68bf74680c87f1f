"""The trigger detector seam: any detector can stand in for the rules.

The stages after detection (roles, modality, time, merging, codes) must work
the same on mentions a trained model proposes: a stub detector and a spaCy
pipeline that writes ``doc.spans["event_triggers"]`` both run the whole
extractor here.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from service.app import create_app
from service.extraction import Extractor
from service.extraction.detection import (
    SPANS_KEY,
    CombinedDetector,
    DetectedTrigger,
    RuleDetector,
    TriggerDetector,
    detector_from_setting,
)
from service.settings import Settings, SettingsError

TEXT = "Biden met Scholz in Washington on Monday. Russia moved 30,000 troops to Belarus."


class StubDetector:
    """Proposes exactly the mentions it is told to, by word."""

    name = "stub"

    def __init__(self, wanted: dict[str, tuple[str, str | None]]) -> None:
        self.wanted = wanted

    def detect(self, doc: Doc) -> list[DetectedTrigger]:
        return [
            DetectedTrigger(
                type=self.wanted[t.text][0],
                subtype=self.wanted[t.text][1],
                start=t.i,
                end=t.i + 1,
                anchor=t.i,
                confidence=0.7,
                detector=self.name,
            )
            for t in doc
            if t.text in self.wanted
        ]


@Language.component("test_trigger_writer")
def _trigger_writer(doc: Doc) -> Doc:
    """A stand-in for a trained spancat: marks "met" as a meeting/talks, "moved" as a deployment."""
    labels = {"met": "meeting/talks", "moved": "deployment"}
    spans = [Span(doc, t.i, t.i + 1, label=labels[t.text]) for t in doc if t.text in labels]
    doc.spans[SPANS_KEY] = spans
    doc.spans[SPANS_KEY].attrs["scores"] = [0.9 for _ in spans]
    return doc


@pytest.fixture(scope="module")
def trigger_model(tmp_path_factory):
    path = tmp_path_factory.mktemp("trigger-model")
    nlp = spacy.blank("en")
    nlp.add_pipe("test_trigger_writer")
    nlp.to_disk(path)
    return path


def test_a_stub_detector_runs_the_whole_pipeline(extractor):
    stub = StubDetector({"met": ("meeting", "talks"), "moved": ("deployment", "deployment")})
    assert isinstance(stub, TriggerDetector)
    custom = Extractor(lexicon=extractor.lexicon, nlp=extractor.nlp, detector=stub)

    events = custom.extract(TEXT).events

    meeting, deployment = events
    assert meeting.type == "meeting" and meeting.trigger.text == "met"
    assert {p.canonical for p in meeting.participants} == {"Joe Biden", "Olaf Scholz"}
    assert meeting.location.text == "Washington"
    assert meeting.codes["cameo"]["code"] == "040"
    assert deployment.type == "deployment" and deployment.force.size == 30000
    assert [a.country for a in deployment.source] == ["RUS"]
    assert deployment.location.text == "Belarus"


def test_a_stub_detector_that_finds_nothing_gives_no_events(extractor):
    custom = Extractor(lexicon=extractor.lexicon, nlp=extractor.nlp, detector=StubDetector({}))
    assert custom.extract(TEXT).events == []


def test_model_path_reads_the_spans_a_trained_component_writes(extractor, trigger_model):
    detector = detector_from_setting(f"model:{trigger_model}", extractor.lexicon, extractor.nlp.vocab)
    custom = Extractor(lexicon=extractor.lexicon, nlp=extractor.nlp, detector=detector)

    events = custom.extract(TEXT).events

    assert [(e.type, e.subtype, e.trigger.text) for e in events] == [
        ("meeting", "talks", "met"),
        ("deployment", None, "moved"),
    ]
    # The rules' later stages still fill the roles of the model's mentions.
    assert events[1].force.size == 30000


def test_both_keeps_one_mention_per_act_where_rules_and_model_agree(extractor, trigger_model):
    detector = detector_from_setting(f"both:{trigger_model}", extractor.lexicon, extractor.nlp.vocab)
    assert isinstance(detector, CombinedDetector)
    doc = extractor.nlp(TEXT)

    found = detector.detect(doc)

    rules = RuleDetector(extractor.lexicon, extractor.nlp.vocab).detect(doc)
    assert {(t.start, t.type) for t in rules} <= {(t.start, t.type) for t in found}
    met = [t for t in found if doc[t.start].text == "met"]
    assert len(met) == 1 and met[0].detector == "model"  # 0.9 beats the rule's confidence


@pytest.mark.parametrize("value", ["model:", "spancat", "rules:/x", "both:", "tagger"])
def test_a_bad_detector_setting_fails_at_start(value):
    with pytest.raises(SettingsError, match="TRIGGER_DETECTOR"):
        Settings.from_env({"TRIGGER_DETECTOR": value})


def test_the_detector_setting_reaches_the_extractor(trigger_model):
    assert Settings.from_env({}).trigger_detector == "rules"
    settings = Settings.from_env({"TRIGGER_DETECTOR": f"model:{trigger_model}"})
    assert settings.trigger_detector == f"model:{trigger_model}"


def test_a_missing_model_path_fails_when_loading(extractor, tmp_path):
    with pytest.raises(FileNotFoundError):
        detector_from_setting(f"model:{tmp_path / 'nothing'}", extractor.lexicon, extractor.nlp.vocab)


def test_the_spec_and_the_lexicon_must_name_the_same_types(extractor, monkeypatch):
    from service.api import docs

    spec = docs.read_spec().replace("        - accusation\n", "", 1)
    monkeypatch.setattr(docs, "read_spec", lambda: spec)
    with pytest.raises(SettingsError, match="only in the lexicon \\['accusation'\\]"):
        create_app(Settings(), extractor=extractor)
