"""CAMEO and PLOVER codes for an event, from ``lexicon/taxonomy.yaml`` and ``lexicon/cameo_codes.tsv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cameo import CameoCoder

CODES_FILE = Path(__file__).with_name("lexicon") / "cameo_codes.tsv"

# PLOVER renamed DEMAND to REQUEST after the CAMEO conversion table was written;
# the taxonomy (TAXONOMY.md) uses the newer name.
_PLOVER_ALIASES = {"DEMAND": "REQUEST"}


@dataclass(frozen=True, slots=True)
class CodeRow:
    """One CAMEO code: its Goldstein value and the PLOVER category and mode it converts to."""

    goldstein: float
    plover_type: str | None
    plover_mode: str | None


def read_code_table(path: Path = CODES_FILE) -> dict[str, CodeRow]:
    """``cameo_codes.tsv`` as code -> :class:`CodeRow`."""
    table: dict[str, CodeRow] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            code, goldstein, plover_type, plover_mode = (row + ["", "", ""])[:4]
            plover_type = _PLOVER_ALIASES.get(plover_type, plover_type)
            table[code] = CodeRow(float(goldstein), plover_type or None, plover_mode or None)
    return table


def cameo_quad_class(code: str) -> int:
    """CAMEO quad class of a code's root: 01-05 verbal coop ... 14-20 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


class CodeBook:
    """Looks up codes by (type, subtype) and expands them for the API."""

    def __init__(
        self, taxonomy: dict[str, Any], cameo: CameoCoder | None = None, table: dict[str, CodeRow] | None = None
    ) -> None:
        self.cameo = cameo if cameo is not None else CameoCoder()
        self.version = str(taxonomy["version"])
        self.table = table if table is not None else read_code_table()
        self.types = {t["name"]: t for t in taxonomy["types"]}
        self._codes: dict[tuple[str, str | None], dict[str, Any]] = {}
        for name, spec in self.types.items():
            self._codes[(name, None)] = self._expand(spec["codes"])
            for sub in spec.get("subtypes") or []:
                self._codes[(name, sub["name"])] = self._expand(sub["codes"])

    def codes(self, event_type: str, subtype: str | None) -> dict[str, Any]:
        """The codes for an event; the type's default when the subtype has none of its own."""
        found = self._codes.get((event_type, subtype)) or self._codes[(event_type, None)]
        return {
            "cameo": dict(found["cameo"]) if found["cameo"] else None,
            "plover": dict(found["plover"]) if found["plover"] else None,
        }

    def with_cameo(self, codes: dict[str, Any], code: str | None) -> dict[str, Any]:
        """``codes`` with its CAMEO code replaced by ``code`` (a finer one, cameo.py).

        The PLOVER category stays the type's; its mode becomes the fine code's when the
        CAMEO-to-PLOVER conversion puts that code in the same category ("threatened
        sanctions", 1312: THREATEN, mode restrict)."""
        if code is None or (codes.get("cameo") or {}).get("code") == code:
            return codes
        refined = {**codes, "cameo": self._cameo(code)}
        plover, row = codes.get("plover"), self.table.get(code)
        if plover and row is not None and row.plover_mode and row.plover_type == plover["type"]:
            refined["plover"] = {**plover, "mode": row.plover_mode}
        return refined

    def _cameo(self, code: str) -> dict[str, Any]:
        return {
            "code": code,
            "root": code[:2],
            "quad_class": cameo_quad_class(code),
            "goldstein": self._goldstein(code),
        }

    def _goldstein(self, code: str) -> float:
        """The code's Goldstein value (the table holds every CAMEO code); a code the table
        lacks takes its nearest listed ancestor's ("1315" -> "131")."""
        for end in range(len(code), 1, -1):
            row = self.table.get(code[:end])
            if row is not None:
                return row.goldstein
        raise KeyError(f"CAMEO code {code!r} is not in cameo_codes.tsv")

    def _expand(self, raw: dict[str, Any]) -> dict[str, Any]:
        cameo = raw.get("cameo")
        plover = raw.get("plover")
        expanded_cameo = self._cameo(str(cameo)) if cameo else None
        expanded_plover = None
        if plover:
            expanded_plover = {"type": plover["type"], "mode": plover.get("mode")}
        return {"cameo": expanded_cameo, "plover": expanded_plover}

    def event_types(self) -> list[dict[str, Any]]:
        """The taxonomy as served by ``GET /v1/event-types``."""
        out = []
        for name, spec in self.types.items():
            out.append(
                {
                    "name": name,
                    "definition": spec["definition"],
                    "quad_class": spec["quad_class"],
                    "triggers": list(spec.get("triggers") or []),
                    "codes": self.codes(name, None),
                    # the finer codes an event of the type may carry, read from its verb
                    "cameo_codes": self.cameo.codes_of_type(name),
                    "subtypes": [
                        {"name": s["name"], "definition": s.get("definition", ""), "codes": self.codes(name, s["name"])}
                        for s in spec.get("subtypes") or []
                    ],
                }
            )
        return out

    @property
    def type_names(self) -> list[str]:
        return list(self.types)
