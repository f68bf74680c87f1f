"""A new event type needs only data and the spec (docs/EXTENDING.md), and the load-time
checks catch the usual mistakes in that data.

Each test copies ``service/extraction/lexicon/`` to a temporary directory and edits
nothing but the YAML of the copy: it adds ``investigation``, a 16th type (CAMEO root
09 "Investigate", which none of the 15 types covers; PLOVER ACCUSE, mode
``investigate``, as in the PLOVER project's CAMEO2PLOVER-2021 crosswalk), then runs a
real :class:`Extractor` over the copy with the session's spaCy pipeline.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.api import docs
from service.app import create_app
from service.extraction import Extractor
from service.extraction.lexicon import LEXICON_DIR, Lexicon, LexiconError
from service.extraction.typespec import TypeSpecError
from service.settings import SettingsError
from tests.support.contract import SPEC_PATH, Contract, ContractClient
from tests.support.taxonomy import TAXONOMY_TYPES

# -- the new type, as an engineer would write it into each file ---------------------

TRIGGERS = """
investigation:
  words:
    investigate: {subtype: null, pos: [VERB]}
    investigation: {subtype: null, pos: [NOUN], confidence: 0.7}
    probe: {subtype: null, confidence: 0.6}
    inquiry: {subtype: null, pos: [NOUN], confidence: 0.6}
    enquiry: {subtype: null, pos: [NOUN], confidence: 0.6}
  phrases:
    - {text: "war crime investigation|probe|inquiry", subtype: war_crimes}
    - {text: "investigate * war crime", subtype: war_crimes}
    - {text: "criminal|corruption|fraud|murder investigation|probe|inquiry", subtype: criminal}
    - {text: "human right investigation|probe|inquiry", subtype: human_rights}
    - {text: "military action|operation investigation|probe|inquiry", subtype: military}
"""

# The defaults already say what an investigation needs: the investigator is the
# subject ("Germany is investigating"), the investigated is the object or the noun's
# "of/into/against X", the place is "in/at X". Only the if-clause differs.
BEHAVIOUR = """
investigation:
  realis:
    # "If the evidence holds, France will investigate Russia": conditional.
    conditional_clause: true
"""

TAXONOMY = """
name: investigation
definition: "An actor investigates another's conduct: crime or corruption, human rights abuses, military action, war crimes."
quad_class: 3
triggers: [investigate, investigation, probe, inquiry]
codes: {cameo: "090", plover: {type: ACCUSE, mode: investigate}}
subtypes:
  - name: criminal
    definition: "Crime or corruption is investigated."
    codes: {cameo: "091", plover: {type: ACCUSE, mode: investigate}}
  - name: human_rights
    definition: "Human rights abuses are investigated."
    codes: {cameo: "092", plover: {type: ACCUSE, mode: investigate}}
  - name: military
    definition: "Military action is investigated."
    codes: {cameo: "093", plover: {type: ACCUSE, mode: investigate}}
  - name: war_crimes
    definition: "War crimes are investigated."
    codes: {cameo: "094", plover: {type: ACCUSE, mode: investigate}}
"""

# One sentence per existing type; what they yield must not change.
CONTROL = """Biden met Scholz in Washington on Monday.
Russia deployed 30,000 troops to Belarus.
Biden warned that Russia would pay a heavy price if it invaded Ukraine.
Russia and Belarus began joint military drills near the border.
Britain evacuated its embassy staff from Kyiv.
Russian forces shelled Kharkiv overnight.
Two civilians were killed in Kharkiv.
Police arrested 50 protesters in Moscow.
Thousands protested in Berlin against the war.
The EU imposed sanctions on Russia.
Britain supplied anti-tank missiles to Ukraine.
Russia and Ukraine agreed to a ceasefire.
NATO demanded that Russia withdraw its troops.
Moscow rejected the proposal.
Ukraine accused Russia of shelling civilians."""


def copy_lexicon(directory: Path) -> Path:
    """A private copy of the packaged lexicon."""
    target = directory / "lexicon"
    shutil.copytree(LEXICON_DIR, target)
    return target


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}: pick another word to break"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_taxonomy_entry(taxonomy: dict[str, Any]) -> None:
    taxonomy["types"].append(yaml.safe_load(TAXONOMY))


def add_investigation(lexicon_dir: Path, taxonomy: bool = True) -> None:
    """Add the type to triggers.yaml, types.yaml and (unless told not to) taxonomy.yaml."""
    edit_yaml(lexicon_dir / "triggers.yaml", lambda data: data["types"].update(yaml.safe_load(TRIGGERS)))
    edit_yaml(lexicon_dir / "types.yaml", lambda data: data["types"].update(yaml.safe_load(BEHAVIOUR)))
    if taxonomy:
        edit_yaml(lexicon_dir / "taxonomy.yaml", add_taxonomy_entry)


@pytest.fixture(scope="module")
def investigation_lexicon_dir(tmp_path_factory) -> Path:
    lexicon_dir = copy_lexicon(tmp_path_factory.mktemp("investigation"))
    add_investigation(lexicon_dir)
    return lexicon_dir


@pytest.fixture(scope="module")
def investigating(extractor, investigation_lexicon_dir) -> Extractor:
    """An extractor over the 16-type lexicon, sharing the session's spaCy pipeline."""
    return Extractor(lexicon=Lexicon.load(investigation_lexicon_dir), nlp=extractor.nlp)


def only_investigation(extractor: Extractor, text: str):
    events = [e for e in extractor.extract(text).events if e.type == "investigation"]
    assert len(events) == 1, [(e.type, e.trigger.text) for e in extractor.extract(text).events]
    return events[0]


# -- the new type is extracted ----------------------------------------------------


def test_the_copy_has_sixteen_types_and_the_packaged_lexicon_is_untouched(investigating, extractor):
    assert investigating.lexicon.type_names == [*TAXONOMY_TYPES, "investigation"]
    assert extractor.lexicon.type_names == TAXONOMY_TYPES


@pytest.mark.parametrize(
    ("text", "trigger", "subtype", "source", "target", "location", "cameo"),
    [
        (
            "The International Criminal Court opened a war crimes investigation against Russia in Kyiv on Wednesday.",
            "war crimes investigation",
            "war_crimes",
            "International Criminal Court",
            "RUS",
            "UKR",
            "094",
        ),
        (
            "Ukrainian prosecutors are investigating Russia in Kharkiv.",
            "investigating",
            None,
            "Ukrainian prosecutors",
            "RUS",
            "UKR",
            "090",
        ),
        ("Germany's investigation of Russia began in Berlin.", "investigation", None, "Germany", "RUS", "DEU", "090"),
    ],
    ids=["noun-phrase-with-subtype", "verb", "possessive-noun"],
)
def test_the_new_type_is_extracted_with_its_roles_and_codes(
    investigating, text, trigger, subtype, source, target, location, cameo
):
    event = only_investigation(investigating, text)

    assert (event.trigger.text, event.subtype) == (trigger, subtype)
    assert [a.text for a in event.source] == [source]
    assert [a.country for a in event.target] == [target]
    assert event.location is not None and event.location.country == location
    assert event.modality.status == "asserted"
    assert event.codes["cameo"] == {"code": cameo, "root": "09", "quad_class": 3, "goldstein": -2.0}
    assert event.codes["plover"] == {"type": "ACCUSE", "mode": "investigate"}


def test_the_packaged_lexicon_does_not_know_the_type(extractor):
    text = "Ukrainian prosecutors are investigating Russia in Kharkiv."

    assert [e.type for e in extractor.extract(text).events if e.trigger.text == "investigating"] == []


@pytest.mark.parametrize(("conditional_clause", "status"), [(True, "conditional"), (False, "planned")])
def test_the_behaviour_comes_from_types_yaml(extractor, tmp_path, conditional_clause, status):
    lexicon_dir = copy_lexicon(tmp_path)
    add_investigation(lexicon_dir)
    edit_yaml(
        lexicon_dir / "types.yaml",
        lambda data: data["types"]["investigation"]["realis"].update(conditional_clause=conditional_clause),
    )
    investigating = Extractor(lexicon=Lexicon.load(lexicon_dir), nlp=extractor.nlp)

    event = only_investigation(investigating, "If the evidence holds, France will investigate Russia.")

    assert event.modality.status == status
    assert [a.country for a in event.source] == ["FRA"]
    assert [a.country for a in event.target] == ["RUS"]


def test_the_fifteen_types_come_out_as_before(investigating, extractor):
    before = extractor.extract(CONTROL).events
    after = investigating.extract(CONTROL).events

    assert {e.type for e in before} == set(TAXONOMY_TYPES)
    assert [e.to_dict() for e in after] == [e.to_dict() for e in before]


def test_an_actor_is_data_too(investigating, investigation_lexicon_dir, tmp_path):
    lexicon_dir = tmp_path / "lexicon"
    shutil.copytree(investigation_lexicon_dir, lexicon_dir)

    def add_opcw(gazetteer: dict[str, Any]) -> None:
        gazetteer["igos"]["OPCW"] = ["OPCW", "Organisation for the Prohibition of Chemical Weapons"]
        gazetteer["people"]["Fernando Arias"] = {
            "country": "OPCW",
            "titles": ["director-general"],
            "aliases": ["Arias"],
        }

    edit_yaml(lexicon_dir / "gazetteer.yaml", add_opcw)
    with_opcw = Extractor(lexicon=Lexicon.load(lexicon_dir), nlp=investigating.nlp)
    text = (
        "The Organisation for the Prohibition of Chemical Weapons opened an investigation into war crimes. "
        "Arias is investigating Russia in Kyiv."
    )

    before = [[(a.country, a.canonical) for a in e.source] for e in investigating.extract(text).events]
    after = [[(a.country, a.canonical) for a in e.source] for e in with_opcw.extract(text).events]

    assert before == [[(None, None)], [(None, None)]], "the packaged gazetteer knows the OPCW now: pick another actor"
    assert after == [[("OPCW", "OPCW")], [("OPCW", "Fernando Arias")]]


# -- the API follows the lexicon and the spec -----------------------------------------


def test_the_service_refuses_to_start_until_the_spec_names_the_type(investigating, settings):
    with pytest.raises(SettingsError, match=r"only in the lexicon \['investigation'\]"):
        create_app(settings, extractor=investigating)


@pytest.fixture()
def spec_with_investigation(tmp_path, monkeypatch) -> Path:
    """api_spec/openapi.yaml with the type in the EventType enum and room for 16 filters."""

    def add_type(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        schemas["EventType"]["enum"].append("investigation")
        for request in ("EventsRequest", "BatchRequest"):
            schemas[request]["properties"]["event_types"]["maxItems"] = 16

    path = tmp_path / "openapi.yaml"
    shutil.copy(SPEC_PATH, path)
    edit_yaml(path, add_type)
    monkeypatch.setattr(docs, "SPEC_PATH", path)
    return path


def test_with_the_spec_edited_the_api_filters_on_the_new_type(investigating, settings, spec_with_investigation):
    client = ContractClient(
        create_app(settings, extractor=investigating).test_client(), Contract(spec_with_investigation)
    )
    text = "Ukrainian prosecutors are investigating Russia in Kharkiv. Russian forces shelled Kharkiv overnight."

    response = client.post("/v1/events", json={"text": text, "event_types": ["investigation"]})
    types = client.get("/v1/event-types").get_json()["types"]

    assert response.status_code == 200
    assert [e["type"] for e in response.get_json()["events"]] == ["investigation"]
    assert [t["name"] for t in types] == [*TAXONOMY_TYPES, "investigation"]
    assert [s["name"] for s in types[-1]["subtypes"]] == ["criminal", "human_rights", "military", "war_crimes"]


# -- the load-time checks -------------------------------------------------------------


def forget_taxonomy(lexicon_dir: Path) -> None:
    add_investigation(lexicon_dir, taxonomy=False)


def subtype_without_codes(lexicon_dir: Path) -> None:
    add_investigation(lexicon_dir)
    edit_yaml(lexicon_dir / "taxonomy.yaml", lambda data: data["types"][-1]["subtypes"][0].pop("codes"))


def unknown_class(lexicon_dir: Path) -> None:
    add_investigation(lexicon_dir)

    def open_with_object(triggers: dict[str, Any]) -> None:
        words = triggers["types"]["investigation"]["words"]
        words["open"] = {"subtype": None, "pos": ["VERB"], "object": "inquiry"}  # no class "inquiry"

    edit_yaml(lexicon_dir / "triggers.yaml", open_with_object)


def misspelt_role_key(lexicon_dir: Path) -> None:
    add_investigation(lexicon_dir)
    edit_yaml(lexicon_dir / "types.yaml", lambda data: data["types"]["investigation"].update(roles={"symetric": True}))


def misspelt_section(lexicon_dir: Path) -> None:
    add_investigation(lexicon_dir)
    edit_yaml(lexicon_dir / "types.yaml", lambda data: data["types"]["investigation"].update(role={}))


def shares_with_unknown_type(lexicon_dir: Path) -> None:
    add_investigation(lexicon_dir)
    edit_yaml(
        lexicon_dir / "types.yaml",
        lambda data: data["types"]["investigation"].update(shares_trigger_with=["accusations"]),
    )


def bare_on_in_cues(lexicon_dir: Path) -> None:
    edit_text(lexicon_dir / "cues.yaml", '"on"', "on")  # YAML 1.1 reads a bare on as true


def bare_no_in_cues(lexicon_dir: Path) -> None:
    edit_text(lexicon_dir / "cues.yaml", '"no"', "no")  # and a bare no as false


def misspelt_trigger_key(lexicon_dir: Path) -> None:
    def objet(triggers: dict[str, Any]) -> None:
        triggers["types"]["deployment"]["words"]["send"]["objet"] = "force"  # a typo would drop the constraint

    edit_yaml(lexicon_dir / "triggers.yaml", objet)


def bare_on_in_trigger_preps(lexicon_dir: Path) -> None:
    def on(triggers: dict[str, Any]) -> None:
        triggers["types"]["meeting"]["words"]["talk"][1]["preps"] = [True]  # what a bare `on` becomes

    edit_yaml(lexicon_dir / "triggers.yaml", on)


MISTAKES = [
    (
        forget_taxonomy,
        LexiconError,
        r"triggers\.yaml and taxonomy\.yaml list different types: only in triggers\.yaml \['investigation'\]",
    ),
    (subtype_without_codes, LexiconError, r"taxonomy\.yaml: investigation/criminal has no cameo and plover codes"),
    (unknown_class, LexiconError, r"triggers\.yaml: investigation refers to unknown class 'inquiry'"),
    (misspelt_role_key, TypeSpecError, r"types\.yaml: investigation\.roles: unknown keys \['symetric'\]"),
    (misspelt_section, TypeSpecError, r"types\.yaml: investigation: unknown keys \['role'\]"),
    (shares_with_unknown_type, TypeSpecError, r"types\.yaml: investigation refers to unknown type 'accusations'"),
    (bare_on_in_cues, LexiconError, r"cues\.yaml: arguments\.location_preps holds a non-word .*quote on/off/yes/no"),
    (bare_no_in_cues, LexiconError, r"cues\.yaml: modality\.negation holds a non-word .*quote on/off/yes/no"),
    (misspelt_trigger_key, LexiconError, r"triggers\.yaml: deployment entry .* has unknown keys \['objet'\]"),
    (bare_on_in_trigger_preps, LexiconError, r"triggers\.yaml: meeting entry .*quote on/off/yes/no in preps"),
]


@pytest.mark.parametrize(("mistake", "error", "message"), MISTAKES, ids=[m[0].__name__ for m in MISTAKES])
def test_a_mistake_in_the_data_fails_at_load_with_a_clear_message(tmp_path, mistake, error, message):
    lexicon_dir = copy_lexicon(tmp_path)
    mistake(lexicon_dir)

    with pytest.raises(error, match=message):
        Lexicon.load(lexicon_dir)


def test_the_unbroken_copy_loads(tmp_path):
    lexicon_dir = copy_lexicon(tmp_path)
    add_investigation(lexicon_dir)

    assert "investigation" in Lexicon.load(lexicon_dir).types
