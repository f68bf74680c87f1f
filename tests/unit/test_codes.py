"""CAMEO and PLOVER codes by (type, subtype) (service/extraction/codes.py)."""

from __future__ import annotations

import pytest

from service.extraction.codes import CodeBook, cameo_quad_class
from service.extraction.lexicon import default_lexicon


@pytest.fixture(scope="module")
def codebook() -> CodeBook:
    return CodeBook(default_lexicon().taxonomy)


def test_phone_call_meeting_codes(codebook):
    codes = codebook.codes("meeting", "phone_call")

    assert codes["cameo"] == {"code": "041", "root": "04", "quad_class": 1, "goldstein": 1.0}
    assert codes["plover"] == {"type": "CONSULT", "mode": "phone"}


def test_casualties_have_no_cameo_code(codebook):
    assert codebook.codes("casualties", None)["cameo"] is None


def test_subtype_without_codes_falls_back_to_the_type(codebook):
    assert codebook.codes("meeting", "no-such-subtype") == codebook.codes("meeting", None)


def test_codes_are_copies(codebook):
    codebook.codes("meeting", None)["cameo"]["code"] = "999"

    assert codebook.codes("meeting", None)["cameo"]["code"] == "040"


def test_every_cameo_code_is_consistent(codebook):
    for event_type in codebook.event_types():
        for codes in [event_type["codes"], *(s["codes"] for s in event_type["subtypes"])]:
            cameo = codes["cameo"]
            if cameo is None:
                continue
            assert cameo["root"] == cameo["code"][:2]
            assert cameo["quad_class"] == cameo_quad_class(cameo["code"])
            assert -10 <= cameo["goldstein"] <= 10


def test_taxonomy_has_fifteen_types(codebook):
    assert len(codebook.type_names) == 15
    assert codebook.type_names[0] == "meeting"


@pytest.mark.parametrize(
    ("code", "quad"),
    [
        ("010", 1),
        ("057", 1),
        ("061", 2),
        ("083", 2),
        ("090", 3),
        ("130", 3),
        ("140", 4),
        ("154", 4),
        ("1823", 4),
        ("200", 4),
    ],
)
def test_cameo_quad_class(code, quad):
    assert cameo_quad_class(code) == quad
