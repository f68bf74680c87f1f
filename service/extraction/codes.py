"""CAMEO and PLOVER codes for an event, from ``lexicon/taxonomy.yaml``."""

from __future__ import annotations

from typing import Any

from .cameo import CameoCoder


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

    def __init__(self, taxonomy: dict[str, Any], cameo: CameoCoder | None = None) -> None:
        self.cameo = cameo if cameo is not None else CameoCoder()
        self.version = str(taxonomy["version"])
        self.goldstein = {str(k): float(v) for k, v in taxonomy["goldstein"].items()}
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
        """``codes`` with its CAMEO code replaced by ``code`` (a finer one, cameo.py)."""
        if code is None or (codes.get("cameo") or {}).get("code") == code:
            return codes
        return {**codes, "cameo": self._cameo(code)}

    def _cameo(self, code: str) -> dict[str, Any]:
        return {
            "code": code,
            "root": code[:2],
            "quad_class": cameo_quad_class(code),
            "goldstein": self._goldstein(code),
        }

    def _goldstein(self, code: str) -> float:
        """The code's Goldstein value, else its nearest coded ancestor's ("1312" -> "131"
        -> "130"): the table holds the roots and the codes the taxonomy names."""
        for key in (code, code[:3], code[:2] + "0"):
            if key in self.goldstein:
                return self.goldstein[key]
        return 0.0

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
