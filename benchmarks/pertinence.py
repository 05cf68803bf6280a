"""Relevance benchmark: the judged queries of benchmarks/requetes.yml, run in Chromium.

Run with `make bench-pertinence` (also part of `make bench`). It builds the real portal
(`mkdocs build --strict`), indexes the same resource pages with Pagefind (PyPI
`pagefind[bin]`), serves the site, then asks every query to both engines in Chromium:
Essaim through docs/assets/recherche.js, the very script the catalogue runs; Pagefind
through its own pagefind.js. It prints success@3 and MRR@10 side by side.

- success@3: share of the answerable queries with a right answer among the first three;
- MRR@10: mean of 1 / rank of the first right answer within the first ten (0 if none).

A right answer is a resource carrying the highest grade given to that query (usually
2, « répond exactement »), or a structure of the directory (« annuaire/<identifiant> »):
the answer is read as the catalogue shows it, the structures it puts above the resources
(at most STRUCTURES_SHOWN) first, so a structure shown to a query about documents counts
against it. Pagefind indexes the structure pages as well. Queries marked `sans_reponse` are counted apart: the engine
should then say plainly that nothing matches well.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "requetes.yml"
CHROMIUM = "/usr/bin/chromium"
DEPTH = 10
# Structures the catalogue shows above the resources (docs/assets/catalogue.js).
STRUCTURES_SHOWN = 3
DIRECTORY = "annuaire/"


@dataclass(frozen=True)
class Query:
    text: str
    genre: str
    grades: dict[str, int] = field(default_factory=dict)
    no_answer: bool = False

    @property
    def right(self) -> set[str]:
        """The resources that count as a right answer: those with the best grade."""
        if not self.grades:
            return set()
        best = max(self.grades.values())
        return {slug for slug, grade in self.grades.items() if grade == best}


def load_queries(path: Path = QUERIES) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(
            text=entry["requete"],
            genre=entry.get("genre", ""),
            grades=dict(entry.get("pertinentes") or {}),
            no_answer=bool(entry.get("sans_reponse", False)),
        )
        for entry in entries
    ]


@dataclass
class Answer:
    slugs: list[str]  # first DEPTH results, best first
    weak: bool = False  # the engine said nothing matches well
    partial: bool = False  # the engine said no resource holds every word


def rank_of_first_right(query: Query, answer: Answer) -> int:
    """1-based rank of the first right answer in the first DEPTH results; 0 if none."""
    for rank, slug in enumerate(answer.slugs[:DEPTH], 1):
        if slug in query.right:
            return rank
    return 0


def scores(queries: list[Query], answers: list[Answer]) -> dict:
    """success@3, MRR@10 (answerable queries), per genre, and honesty on the others."""
    answerable = [(q, a) for q, a in zip(queries, answers, strict=True) if not q.no_answer]
    unanswerable = [(q, a) for q, a in zip(queries, answers, strict=True) if q.no_answer]
    ranks = [rank_of_first_right(q, a) for q, a in answerable]
    by_genre: dict[str, list[int]] = defaultdict(list)
    for (query, _), rank in zip(answerable, ranks, strict=True):
        by_genre[query.genre].append(rank)

    def summary(values: list[int]) -> dict:
        return {
            "n": len(values),
            "success3": sum(1 for r in values if 0 < r <= 3) / len(values) if values else 0.0,
            "mrr10": sum(1 / r for r in values if r) / len(values) if values else 0.0,
        }

    return {
        **summary(ranks),
        "genres": {genre: summary(values) for genre, values in sorted(by_genre.items())},
        "honest": sum(1 for _, a in unanswerable if a.weak or a.partial or not a.slugs),
        # answerable queries the engine said it had no good answer to
        "false_alarms": sum(1 for _, a in answerable if a.weak),
        "unanswerable": len(unanswerable),
        "misses": [
            (q.text, a.slugs[:3])
            for (q, a), rank in zip(answerable, ranks, strict=True)
            if not 0 < rank <= 3
        ],
    }


# --------------------------------------------------------------------------- browsers

ESSAIM_JS = """async ([queries, depth, shown, directory]) => {
  const engine = await window.EssaimRecherche.open(__md_scope);
  const out = [];
  for (const q of queries) {
    const found = await engine.search({q: q, tri: "", filters: {}});
    const structures = (found.structures || []).slice(0, shown).map(s => directory + s.slug);
    const cards = await engine.cards(found.results.slice(0, depth));
    out.push({
      slugs: structures.concat(cards.map(c => c.slug)).slice(0, depth),
      weak: Boolean(found.weak), partial: Boolean(found.partial)
    });
  }
  return out;
}"""

PAGEFIND_JS = """async ([queries, depth]) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const out = [];
  for (const q of queries) {
    const found = await pagefind.search(q);
    const data = await Promise.all(found.results.slice(0, depth).map(r => r.data()));
    out.push({slugs: data.map(d => {
      const parts = d.url.replace(/\\/$/, "").split("/");
      const slug = parts.pop();
      return parts.pop() === "annuaire" ? "annuaire/" + slug : slug;
    }), weak: false});
  }
  return out;
}"""


def essaim_answers(page, base: str, queries: list[Query]) -> list[Answer]:
    page.goto(f"{base}/catalogue/")
    page.wait_for_function("window.EssaimRecherche !== undefined")
    raw = page.evaluate(ESSAIM_JS, [[q.text for q in queries], DEPTH, STRUCTURES_SHOWN, DIRECTORY])
    return [Answer(r["slugs"], r["weak"], r["partial"]) for r in raw]


def pagefind_answers(page, base: str, queries: list[Query]) -> list[Answer]:
    page.goto(f"{base}/catalogue/")
    raw = page.evaluate(PAGEFIND_JS, [[q.text for q in queries], DEPTH])
    return [Answer(r["slugs"], r["weak"]) for r in raw]


def index_with_pagefind(site: Path) -> None:
    """Pagefind indexes the same resource and structure pages (their article only, not the
    menus)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--glob",
            "{ressources,annuaire}/*/index.html",
            "--root-selector",
            "article",
            "--quiet",
        ],
        check=True,
    )


def build_site(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"échec de la construction :\n{(result.stdout + result.stderr)[-3000:]}")


def run(site: Path, with_pagefind: bool = True) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    from benchmarks.bench import serve

    queries = load_queries()
    results: dict[str, dict] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        results["Essaim"] = scores(queries, essaim_answers(page, base, queries))
        if with_pagefind:
            results["Pagefind"] = scores(queries, pagefind_answers(page, base, queries))
        browser.close()
    return results


def print_report(results: dict[str, dict], details: bool = False) -> None:
    engines = list(results)
    first = results[engines[0]]
    print(f"Pertinence : {first['n']} requêtes jugées ({QUERIES.relative_to(ROOT)})\n")
    print("| mesure | " + " | ".join(engines) + " | objectif |")
    print("|---|" + "---|" * len(engines) + "---|")
    print(
        "| success@3 | "
        + " | ".join(f"{r['success3']:.3f}" for r in results.values())
        + " | ≥ 0,90 |"
    )
    print("| MRR@10 | " + " | ".join(f"{r['mrr10']:.3f}" for r in results.values()) + " | ≥ 0,85 |")
    print(
        f"| sans réponse signalée ({first['unanswerable']} requêtes) | "
        + " | ".join(f"{r['honest']}" for r in results.values())
        + " | toutes |"
    )
    print(
        f"| « rien de juste » dit à tort ({first['n']} requêtes) | "
        + " | ".join(f"{r['false_alarms']}" for r in results.values())
        + " | 0 |"
    )
    for genre in first["genres"]:
        cells = " | ".join(
            f"{r['genres'][genre]['success3']:.2f} / {r['genres'][genre]['mrr10']:.2f}"
            for r in results.values()
        )
        print(f"| {genre} ({first['genres'][genre]['n']}), success@3 / MRR@10 | {cells} | |")
    if details:
        for engine, result in results.items():
            print(f"\n{engine} : pas de bonne réponse dans les trois premières")
            for text, top in result["misses"]:
                print(f"  « {text} » → {', '.join(top) or '(rien)'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pertinence de la recherche d'Essaim.")
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon construit ici)")
    parser.add_argument("--sans-pagefind", action="store_true", help="Essaim seulement")
    parser.add_argument("--details", action="store_true", help="lister les requêtes manquées")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="essaim-pertinence-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site)
        if not args.sans_pagefind:
            index_with_pagefind(site)
        results = run(site, with_pagefind=not args.sans_pagefind)
    print_report(results, details=args.details)
    print(
        "\n"
        + json.dumps(
            {k: {"success3": v["success3"], "mrr10": v["mrr10"]} for k, v in results.items()}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
