"""Regenerate data/territoires/*.csv from the official geographic code (COG).

Source: the npm package @etalab/decoupage-administratif, maintained by Etalab, which
ships the INSEE COG as JSON. The package is fetched with `npm pack` (npm registry only),
so the data files can be rebuilt and reviewed as a plain diff.

Usage:
    python scripts/update_territories.py            # fetch the pinned version with npm
    python scripts/update_territories.py --from DIR # use an already extracted package
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from npm_package import unpacked

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
OUT = Path(__file__).resolve().parent.parent / "data" / "territoires"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Régénère les fichiers du COG.")
    parser.add_argument("--from", dest="source", type=Path, help="dossier data/ du paquet")
    args = parser.parse_args(argv)
    if args.source:
        write_all(args.source)
        return 0
    with unpacked(PACKAGE, VERSION) as package:
        write_all(package / "data")
    return 0


def write_all(data_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    regions = _read(data_dir / "regions.json")
    departements = _read(data_dir / "departements.json")
    communes = [c for c in _read(data_dir / "communes.json") if c.get("type") == "commune-actuelle"]
    epcis = _read(data_dir / "epci.json")
    commune_dep = {c["code"]: c["departement"] for c in communes}

    _write(OUT / "regions.csv", ["code", "nom"], ([r["code"], r["nom"]] for r in regions))
    _write(
        OUT / "departements.csv",
        ["code", "nom", "region"],
        ([d["code"], d["nom"], d["region"]] for d in departements),
    )
    _write(
        OUT / "communes.csv",
        ["code", "nom", "departement"],
        ([c["code"], c["nom"], c["departement"]] for c in communes),
    )
    _write(
        OUT / "intercommunalites.csv",
        ["code", "nom", "departements"],
        (
            [
                e["code"],
                e["nom"],
                " ".join(
                    sorted(
                        {commune_dep[m["code"]] for m in e["membres"] if m["code"] in commune_dep}
                    )
                ),
            ]
            for e in epcis
        ),
    )
    (OUT / "SOURCE.txt").write_text(
        f"Code officiel géographique (Insee) via le paquet npm {PACKAGE} {VERSION}.\n"
        "Régénérer : python scripts/update_territories.py\n",
        encoding="utf-8",
    )
    print(
        f"{len(regions)} régions, {len(departements)} départements, "
        f"{len(communes)} communes, {len(epcis)} intercommunalités → {OUT}",
        file=sys.stderr,
    )


def _read(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in sorted(rows):
            writer.writerow(row)


if __name__ == "__main__":
    sys.exit(main())
