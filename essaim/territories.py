"""French territories from the official geographic code (COG), shipped in data/territoires/.

Regenerate the CSV files with scripts/update_territories.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Territory:
    scale: str
    codes: tuple[str, ...] = ()
    name: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Territory:
        return cls(data["echelle"], tuple(data.get("codes", ())), data.get("nom", ""))


@dataclass
class Territories:
    regions: dict[str, str] = field(default_factory=dict)
    departements: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (nom, région)
    communes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (nom, département)
    epcis: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Territories:
        return cls(
            regions={code: nom for code, nom in csv_rows(folder / "regions.csv", ("code", "nom"))},
            departements={
                code: (nom, region)
                for code, nom, region in csv_rows(
                    folder / "departements.csv", ("code", "nom", "region")
                )
            },
            communes={
                code: (nom, departement)
                for code, nom, departement in csv_rows(
                    folder / "communes.csv", ("code", "nom", "departement")
                )
            },
            epcis={
                code: (nom, tuple(departements.split()))
                for code, nom, departements in csv_rows(
                    folder / "intercommunalites.csv", ("code", "nom", "departements")
                )
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


def csv_rows(path: Path, columns: tuple[str, ...]) -> list[list[str]] | list[tuple]:
    """The values of these columns, row by row, as csv.DictReader gives them.

    The files written by scripts/update_territories.py have exactly these columns in this
    order: their rows are taken as they are (35,000 communes: no dict per row).
    """
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if rows and tuple(rows[0]) == columns and all(len(row) == len(columns) for row in rows):
        return rows[1:]
    return [tuple(row[name] for name in columns) for row in csv_dict_rows(path)]


def csv_dict_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
