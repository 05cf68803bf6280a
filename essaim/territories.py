"""French territories from the official geographic code (COG), shipped in data/territoires/.

Regenerate the CSV files with scripts/update_territories.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .model import Territory


@dataclass
class Territories:
    regions: dict[str, str] = field(default_factory=dict)
    departements: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (nom, région)
    communes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (nom, département)
    epcis: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Territories:
        return cls(
            regions={r["code"]: r["nom"] for r in _rows(folder / "regions.csv")},
            departements={
                r["code"]: (r["nom"], r["region"]) for r in _rows(folder / "departements.csv")
            },
            communes={
                r["code"]: (r["nom"], r["departement"]) for r in _rows(folder / "communes.csv")
            },
            epcis={
                r["code"]: (r["nom"], tuple(r["departements"].split()))
                for r in _rows(folder / "intercommunalites.csv")
            },
        )

    def table(self, scale: str) -> dict:
        """Known codes at one scale (bassin de vie: communes and départements together)."""
        return {
            "region": self.regions,
            "departement": self.departements,
            "commune": self.communes,
            "intercommunalite": self.epcis,
        }.get(scale, {})

    def knows(self, scale: str, code: str) -> bool:
        if scale == "bassin-de-vie":
            return code in self.communes or code in self.departements
        return code in self.table(scale)

    def scales_of(self, code: str) -> list[str]:
        """Scales where this code exists: helps when a code is given at the wrong scale."""
        return [
            s
            for s in ("region", "departement", "commune", "intercommunalite")
            if code in self.table(s)
        ]

    def name_of(self, scale: str, code: str) -> str:
        if scale == "region":
            return self.regions.get(code, code)
        tables = {
            "departement": (self.departements,),
            "commune": (self.communes,),
            "intercommunalite": (self.epcis,),
            "bassin-de-vie": (self.communes, self.departements),
        }.get(scale, ())
        for table in tables:
            if code in table:
                return table[code][0]
        return code

    def label(self, territory: Territory) -> str:
        """Human name: « Val-de-Marne (94) », « National », or the bassin's own name."""
        if territory.scale == "national":
            return "National"
        if territory.name:
            return territory.name
        return ", ".join(f"{self.name_of(territory.scale, c)} ({c})" for c in territory.codes)

    def departements_of(self, territory: Territory) -> set[str]:
        """Départements a territory lies in (empty for national and région scales)."""
        found: set[str] = set()
        for code in territory.codes:
            if territory.scale in ("departement", "bassin-de-vie") and code in self.departements:
                found.add(code)
            elif territory.scale in ("commune", "bassin-de-vie") and code in self.communes:
                found.add(self.communes[code][1])
            elif territory.scale == "intercommunalite" and code in self.epcis:
                found.update(self.epcis[code][1])
        return found

    def regions_of(self, territory: Territory) -> set[str]:
        if territory.scale == "region":
            return {c for c in territory.codes if c in self.regions}
        return {
            self.departements[d][1]
            for d in self.departements_of(territory)
            if d in self.departements
        }


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
