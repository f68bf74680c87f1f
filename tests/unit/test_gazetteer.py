"""Name lookups (service/extraction/gazetteer.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("name", "code", "kind"),
    [
        ("Kremlin", "RUS", "institution"),
        ("the Kremlin", "RUS", "institution"),
        ("White House", "USA", "institution"),
        ("Nato", "NATO", "igo"),
        ("NATO", "NATO", "igo"),
        ("US", "USA", "country"),
        ("Moscow", "RUS", "capital"),
        ("Ukraine", "UKR", "country"),
        ("Scholz", "DEU", "person"),
        ("Zelensky", "UKR", "person"),
    ],
)
def test_known_names(extractor, name, code, kind):
    entry = extractor.gazetteer.lookup(name)

    assert entry is not None
    assert (entry.code, entry.kind) == (code, kind)


@pytest.mark.parametrize("word", ["us", "turkey", "chad", "who"])
def test_lowercase_common_words_are_not_names(extractor, word):
    assert extractor.gazetteer.lookup(word) is None


def test_unknown_name(extractor):
    assert extractor.gazetteer.lookup("Atlantis") is None


def test_demonyms_count_only_when_capitalised(extractor):
    assert extractor.gazetteer.demonym("German") == "DEU"
    assert extractor.gazetteer.demonym("german") is None


def test_find_marks_names_in_a_sentence(extractor):
    doc = extractor.nlp("The White House said Nato will not send us to Moscow.")

    hits = extractor.gazetteer.find(doc)
    found = {doc[hit.start : hit.end].text: hit.entry.code for hit in hits.values()}

    assert found == {"White House": "USA", "Nato": "NATO", "Moscow": "RUS"}


@pytest.mark.parametrize(
    ("code", "name"),
    [("ITA", "Italy"), ("SOM", "Somalia"), ("KOR", "South Korea"), ("VNM", "Vietnam"), ("PSE", "Palestine")],
)
def test_a_country_is_called_what_news_calls_it(extractor, code, name):
    assert extractor.gazetteer.country_names[code] == name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Burma", "MMR"),
        ("Zaire", "COD"),
        ("Ceylon", "LKA"),
        ("Swaziland", "SWZ"),
        ("Soviet Union", "SUN"),
        ("Yugoslavia", "YUG"),
        ("Seychellois", "SYC"),
        ("Papua New Guinean", "PNG"),
        # the nationality words the vocabulary issue names
        ("Moroccan", "MAR"),
        ("Sudanese", "SDN"),
        ("Ivorian", "CIV"),
        ("Bosnian", "BIH"),
        ("Serb", "SRB"),
        ("Rwandan", "RWA"),
        ("Liberian", "LBR"),
        ("Greek", "GRC"),
        ("Vietnamese", "VNM"),
    ],
)
def test_old_names_and_every_members_nationality_name_a_state(extractor, text, code):
    events = extractor.extract(f"{text} officials accused the rebels of treason.").events

    assert [a.country for a in events[0].source] == [code]


def test_bare_institution_words_belong_to_no_country_by_default(extractor):
    for text in ("Parliament rejected the deal.", "The Senate rejected the bill."):
        source = extractor.extract(text).events[0].source
        assert [(a.country, a.code) for a in source] == [(None, None)], text


def test_a_named_countrys_institution_is_that_countrys(extractor):
    source = extractor.extract("Kenya's Senate rejected the bill.").events[0].source

    assert [(a.country, a.code) for a in source] == [("KEN", "KENLEG")]


def test_someone_else_of_a_known_surname_is_not_the_known_person(extractor):
    text = (
        "Pro-democracy publisher Jimmy Lai has been jailed since 2020. Lai, a businessman, stands accused of "
        "collusion with foreign forces. He rejects the charges."
    )
    events = extractor.extract(text).events
    denial = next(e for e in events if e.type == "rejection")
    assert [a.canonical for a in denial.source] == ["Jimmy Lai"]  # not Taiwan's Lai Ching-te
    arrest = next(e for e in events if e.type == "arrest")
    assert [a.canonical for a in arrest.target] == ["Jimmy Lai"]


def test_a_known_surname_alone_is_still_the_known_person(extractor):
    warning = next(e for e in extractor.extract("President Lai warned China on Monday.").events if e.type == "warning")
    assert [(a.canonical, a.country) for a in warning.source] == [("Lai Ching-te", "TWN")]
