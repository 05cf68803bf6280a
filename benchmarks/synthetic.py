"""Synthetic but valid resources with a realistic mix, for benchmarks.

Deterministic: the same N and seed give the same files. Types, quality levels, territories
and body sizes follow roughly the proportions of a national network's catalogue: many
external references and templates, a few long guides and studies, most resources local.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml

from essaim.territories import Territories

TYPES = [
    ("reference-externe", 25),
    ("modele-document", 20),
    ("fiche-experience", 15),
    ("outil", 12),
    ("fiche-idee", 8),
    ("veille-juridique", 7),
    ("veille-sociale", 6),
    ("guide", 4),
    ("etude", 3),
]
# Vocabulary and word frequencies of the portal's own resources (real French text): a
# query then matches as many synthetic pages as it would real ones. A handful of words
# repeated everywhere would make every search a worst case.
_TOKEN = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ]{3,}")
_WORDS: list[str] = []
_WEIGHTS: list[int] = []


def vocabulary(source: Path) -> tuple[list[str], list[int]]:
    counts: Counter = Counter()
    for path in sorted((source / "resources").rglob("*.md")):
        counts.update(_TOKEN.findall(path.read_text(encoding="utf-8").lower()))
    words = sorted(counts)
    return words, [counts[w] for w in words]


COPIED = ("schemas", "vocabularies", "producers", "docs", "hooks", "overrides", "data")


def make_project(target: Path, source: Path) -> Path:
    """A copy of the project without its resources (data/ is linked, not copied)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if name == "data":
            (target / name).symlink_to(source / name)
        else:
            shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "resources").mkdir(exist_ok=True)
    return target


def generate(project: Path, n: int, seed: int = 2026, source: Path | None = None) -> list[Path]:
    rng = random.Random(seed)
    _WORDS[:], _WEIGHTS[:] = vocabulary(source or Path(__file__).resolve().parent.parent)
    territories = Territories.load(project / "data" / "territoires")
    themes = sorted(
        yaml.safe_load((project / "vocabularies/themes.yml").read_text(encoding="utf-8"))
    )
    publics = sorted(
        yaml.safe_load((project / "vocabularies/publics.yml").read_text(encoding="utf-8"))
    )
    producers = sorted(p.stem for p in (project / "producers").glob("*.yml"))
    departements = sorted(d for d in territories.departements if len(d) == 2)
    communes = sorted(territories.communes)
    kinds = [t for t, w in TYPES for _ in range(w)]
    paths = []
    for index in range(n):
        kind = rng.choice(kinds)
        slug = f"synthetique-{index:05d}"
        folder = project / "resources" / kind
        folder.mkdir(exist_ok=True)
        meta = {
            "titre": _sentence(rng, 4, 10).capitalize(),
            "resume": _sentence(rng, 18, 40).capitalize() + ".",
            "type": kind,
            "themes": rng.sample(themes, rng.randint(1, 3)),
            "publics": rng.sample(publics, rng.randint(1, 2)),
            "producteur": rng.choice(producers),
            "territoire": _territory(rng, departements, communes),
            "qualite": _quality(rng, departements),
            "licence": rng.choice(["etalab-2.0", "CC-BY-SA-4.0", "CC-BY-4.0"]),
            "date_publication": f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        if kind == "veille-juridique":
            meta["applicable_depuis"] = meta["date_publication"]
        if kind == "reference-externe":
            meta["url"] = f"https://exemple.fr/ressource/{index}"
            path = folder / f"{slug}.yml"
            path.write_text(
                yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        else:
            body = _body(rng, kind)
            path = folder / f"{slug}.md"
            path.write_text(
                "---\n"
                + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                + "---\n\n"
                + body,
                encoding="utf-8",
            )
        paths.append(path)
    return paths


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(_WORDS, _WEIGHTS, k=rng.randint(low, high)))


def _territory(rng, departements, communes) -> dict:
    roll = rng.random()
    if roll < 0.2:
        return {"echelle": "national"}
    if roll < 0.75:
        return {"echelle": "departement", "codes": [rng.choice(departements)]}
    return {"echelle": "commune", "codes": [rng.choice(communes)]}


def _quality(rng, departements) -> dict:
    roll = rng.random()
    if roll < 0.45:
        return {"niveau": "non évaluée", "note": "Aucun essai documenté pour cette ressource."}
    trials = rng.sample(departements, 3 if roll > 0.85 else 1)
    essais = [
        {
            "territoire": {"echelle": "departement", "codes": [d]},
            "date": str(rng.randint(2015, 2025)),
            # a trial counts for one département only when each is by another structure
            "structure": f"Maison des associations ({d})",
        }
        for d in trials
    ]
    level = "testée partout" if len(trials) == 3 else "inspiration locale"
    return {"niveau": level, "essais": essais}


def _body(rng: random.Random, kind: str) -> str:
    sections = {"guide": 12, "etude": 10}.get(kind, rng.randint(2, 6))
    parts = []
    for number in range(sections):
        parts.append(f"## {_sentence(rng, 2, 5).capitalize()} {number + 1}\n")
        for _ in range(rng.randint(1, 3)):
            parts.append(_sentence(rng, 40, 90).capitalize() + ".\n")
        if rng.random() < 0.3:
            parts.append(
                "\n".join(f"- {_sentence(rng, 3, 8)}" for _ in range(rng.randint(3, 6))) + "\n"
            )
    return "\n".join(parts)
