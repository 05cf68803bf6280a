"""Accessibility with axe-core: no moderate, serious or critical violation on the main
pages, at desktop and phone widths."""

from __future__ import annotations

import pytest

from tests.helpers import axe_violations

PAGES = {
    "accueil": "/",
    "catalogue": "/catalogue/?q=convention",
    "catalogue filtré sans réponse juste": (
        "/catalogue/?q=assembl%C3%A9e+g%C3%A9n%C3%A9rale&region=national&departement=94"
    ),
    "catalogue avec structures": "/catalogue/?q=qui+peut+m%27aider+%C3%A0+Cr%C3%A9teil",
    "catalogue, structures sans lieu": "/catalogue/?q=maison+des+associations",
    "ressource": "/ressources/reseau-association-services-etang-de-berre/",
    "territoire": "/territoires/departement-94/",
    "carte des territoires": "/territoires/",
    "statistiques": "/statistiques/",
    "annuaire": "/annuaire/",
    "structure": "/annuaire/reseau-association-services/",
    # Markdown tables, which scroll sideways on a phone (render.scrollable_text_tables)
    "modèle en tableaux": "/ressources/modele-budget-previsionnel-projet/",
    "comité": "/comite/",
    "données ouvertes": "/donnees/",
    "niveaux de qualité": "/qualite/",
    "ressource avec mise en action": "/ressources/modele-convention-pret-materiel-gratuit/",
    "moyens mutualisés": "/familles/technique/",
    "contribuer (courriels)": "/contribuer/",
    # a resource of each type (issue 16)
    "étude": "/ressources/solidages-21-cooperations-intergenerationnelles-bassins-de-vie/",
    "fiche idée": "/ressources/forum-ouvert-cooperation-associations/",
    "guide": "/ressources/avoir-envie-cooperer-freins/",
    "outil": "/ressources/groupement-employeurs-associatif-premiers-pas/",
    "référence externe": "/ressources/association1901-conseils-reussir-mutualisation/",
    "veille": "/ressources/guide-inter-associatif-proximite-qpv-article/",
    "région": "/territoires/region-11/",
    "département sans ressource": "/territoires/departement-01/",
    "tableau de bord": "/comite/tableau-de-bord/",
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 360])
def test_no_moderate_serious_or_critical_violation(open_page, base_url, name, width):
    page = open_page(width=width)
    page.goto(base_url + PAGES[name])
    if name.startswith("catalogue"):
        page.wait_for_function(
            "document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'"
        )
    serious = axe_violations(page)
    assert serious == []
