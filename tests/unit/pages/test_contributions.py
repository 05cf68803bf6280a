"""Mandatory and voluntary contributions: on the page, as a facet, and on the dashboard."""

from __future__ import annotations

from pathlib import Path

from essaim.catalog.load import load_catalog
from essaim.pages import facets
from essaim.pages.catalogue import render_search_page
from essaim.pages.dashboard import deliveries, render_dashboard
from essaim.pages.resource import render_resource_page
from tests.conftest import FIXTURES, TODAY, add_fixture

EXPECTATION = """contributions_obligatoires:
  - type: modele-document
    nombre: 2
    annee: "2016"
    objet: Modèles issus des ateliers de l'année
"""


def _project(project: Path) -> Path:
    producer = project / "producers" / "cd94-projaide.yml"
    producer.write_text(producer.read_text(encoding="utf-8") + EXPECTATION, encoding="utf-8")
    add_fixture(project, FIXTURES / "valid" / "tous-les-champs.md")  # obligatoire, 2016
    add_fixture(project, FIXTURES / "valid" / "minimal.md")  # volontaire
    return project


def test_dashboard_compares_what_was_expected_with_what_arrived(project: Path):
    catalog = load_catalog(_project(project), today=TODAY)
    assert catalog.errors == []
    [delivery], unmatched = deliveries(catalog)
    assert delivery.producer == "cd94-projaide"
    assert delivery.expectation.count == 2
    assert [r.slug for r in delivery.arrived] == ["tous-les-champs"]
    assert unmatched == []
    page = next(iter(render_dashboard(catalog).values()))
    section = page.split('id="contributions"', 1)[1]
    assert "Modèles issus des ateliers de l&#x27;année" in section
    assert '<td class="essaim-nombre">2</td><td class="essaim-nombre">1</td>' in section
    assert "Contributions volontaires par réseau (1)" in section


def test_a_mandatory_contribution_outside_any_commitment_is_listed(project: Path):
    add_fixture(project, FIXTURES / "valid" / "tous-les-champs.md")
    catalog = load_catalog(project, today=TODAY)
    found, unmatched = deliveries(catalog)
    assert found == [] and [r.slug for r in unmatched] == ["tous-les-champs"]
    page = next(iter(render_dashboard(catalog).values()))
    assert "Aucun réseau n'a encore inscrit de contribution obligatoire" in page
    assert "sans engagement correspondant (1)" in page


def test_contribution_is_a_facet_and_shown_on_the_page(project: Path):
    catalog = load_catalog(_project(project), today=TODAY)
    options = {o.value: o.count for o in facets.facet_options(catalog)["contribution"]}
    assert options == {"obligatoire": 1, "volontaire": 1}
    form = render_search_page(catalog)
    assert 'name="contribution" value="obligatoire"' in form
    resource = catalog.resource("tous-les-champs")
    page = render_resource_page(resource, catalog)
    assert "<dt>Contribution</dt>" in page
    assert "?contribution=obligatoire" in page and "Contribution obligatoire</a>" in page
