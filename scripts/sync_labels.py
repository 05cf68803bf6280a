"""Create or update the repository's labels from .github/labels.yml with the gh CLI.

    python scripts/sync_labels.py .github/labels.yml            # apply (needs GH_TOKEN)
    python scripts/sync_labels.py .github/labels.yml --montrer  # print the gh commands

Labels missing from the file are left alone: removing one is a decision for a person.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")


def read_labels(path: Path) -> list[dict[str, str]]:
    """The labels of the file, checked: name, six-digit colour, description."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: une liste d'étiquettes est attendue")
    labels, seen = [], set()
    for index, item in enumerate(data, start=1):
        name = str(item.get("name", "")).strip() if isinstance(item, dict) else ""
        colour = str(item.get("color", "")) if isinstance(item, dict) else ""
        description = str(item.get("description", "")) if isinstance(item, dict) else ""
        if not name or not _COLOUR.match(colour) or len(description) > 100:
            raise ValueError(
                f"{path}: étiquette n° {index} invalide — name, color (6 chiffres "
                "hexadécimaux) et description (100 caractères au plus) attendus"
            )
        if name.casefold() in seen:
            raise ValueError(f"{path}: étiquette « {name} » en double")
        seen.add(name.casefold())
        labels.append({"name": name, "color": colour, "description": description})
    return labels


def commands(labels: list[dict[str, str]]) -> list[list[str]]:
    return [
        ["gh", "label", "create", label["name"], "--force", "--color", label["color"],
         "--description", label["description"]]
        for label in labels
    ]  # fmt: skip


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        labels = read_labels(Path(argv[0]))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"sync_labels : {exc}", file=sys.stderr)
        return 1
    for command in commands(labels):
        if "--montrer" in argv:
            print(shlex.join(command))
        else:
            subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
