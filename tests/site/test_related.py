"""Mise en action: `liees` is checked and shown on both pages; « Comment s'en servir »."""

from __future__ import annotations

import re
from pathlib import Path

from essaim.catalog.load import load_catalog
from essaim.model import related_slugs
from essaim.pages.resource import render_resource_page

from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture

MINIMAL = FIXTURES / "valid" / "minimal.md"


def _write(project: Path, slug: str, extra: str) -> None:
    """A copy of the minimal fixture named slug, with extra front-matter lines."""
    text = MINIMAL.read_text(encoding="utf-8")
    head, _, body = text[4:].partition("\n---\n")
    folder = project / "resources" / "cas"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(f"---\n{head}\n{extra}\n---\n{body}", encoding="utf-8")


def _linked_titles(page: str) -> list[str]:
    block = page.split('<section class="essaim-liees">', 1)
    if len(block) == 1:
        return []
    return re.findall(r'<li><a href="\.\./([a-z0-9-]+)/">', block[1].split("</section>", 1)[0])


def test_a_link_written_on_one_side_shows_on_both_pages(project: Path):
    _write(project, "pret-materiel", "liees:\n  - bourse-materiel")
    _write(project, "bourse-materiel", "")
    _write(project, "sans-lien", "")
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    lender, exchange, alone = (
        catalog.resource(s) for s in ("pret-materiel", "bourse-materiel", "sans-lien")
    )
    assert _linked_titles(render_resource_page(lender, catalog)) == ["bourse-materiel"]
    assert _linked_titles(render_resource_page(exchange, catalog)) == ["pret-materiel"]
    assert "Ressources liées" not in render_resource_page(alone, catalog)


def test_a_link_written_on_both_sides_is_listed_once(project: Path):
    _write(project, "pret-materiel", "liees:\n  - bourse-materiel")
    _write(project, "bourse-materiel", "liees:\n  - pret-materiel")
    catalog = load_catalog(project, today=TODAY)
    page = render_resource_page(catalog.resource("bourse-materiel"), catalog)
    assert _linked_titles(page) == ["pret-materiel"]


def test_an_unknown_identifier_is_refused_with_the_closest_one(project: Path):
    _write(project, "bourse-materiel", "")
    _write(project, "pret-materiel", "liees:\n  - bourse-materiels")
    catalog = load_catalog(project, today=TODAY)
    [problem] = catalog.errors
    assert problem.path == "resources/cas/pret-materiel.md"
    assert (problem.line, problem.field) == (22, "liees[0]")
    assert "« bourse-materiels » introuvable ; vouliez-vous dire « bourse-materiel » ?" in (
        problem.message
    )
    assert [r.slug for r in catalog.resources] == ["bourse-materiel"]


def test_the_steps_time_and_people_are_shown_escaped(project: Path):
    _write(
        project,
        "pret-materiel",
        "mise_en_action:\n  etapes:\n    - Lister le matériel & son état.\n"
        "    - Signer à deux.\n  duree: Une heure.\n  qui:\n    - le bureau",
    )
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    page = render_resource_page(catalog.resource("pret-materiel"), catalog)
    section = page.split('<section class="essaim-mise-en-action">', 1)[1].split("</section>")[0]
    assert '<h2 id="comment-s-en-servir">Comment s\'en servir</h2>' in section
    assert "<li>Lister le matériel &amp; son état.</li><li>Signer à deux.</li>" in section
    assert "<dt>Temps nécessaire</dt><dd>Une heure.</dd>" in section
    assert "<dt>Qui est concerné</dt><dd>le bureau</dd>" in section


def test_real_content_is_cross_linked_and_every_link_shows_both_ways(real_site: Path):
    catalog = load_catalog(ROOT, today=TODAY)
    pairs = {(r.slug, t) for r in catalog.resources for t in r.related}
    assert len(pairs) >= 40
    # the guides that send readers to the portal's templates link them
    etapes = catalog.resource("etapes-cooperation-reussie")
    assert "modele-budget-previsionnel-projet" in related_slugs(etapes)
    for source, target in sorted(pairs):
        for here, there in ((source, target), (target, source)):
            page = real_site / "ressources" / here / "index.html"
            html = page.read_text(encoding="utf-8")
            block = html.split('<section class="essaim-liees">', 1)[1].split("</section>")[0]
            assert f'href="../{there}/"' in block, (here, there)


def test_annotated_example_shows_how_to(project: Path):
    add_fixture(project, ROOT / "schemas" / "exemple-ressource.md")
    catalog = load_catalog(project, today=TODAY)
    [example] = catalog.resources
    assert example.how_to is not None and len(example.how_to.steps) == 3
