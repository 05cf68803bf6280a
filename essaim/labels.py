"""French labels for the fixed lists of the schema (types, levels, scales, circles…).

A test checks that every enum value of the schemas has a label here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """A value's name (the same word everywhere: cards, filters, charts, feeds) and its
    plural (titles of listing pages), which must name the same thing."""

    label: str
    plural: str
    description: str = ""


TYPES: dict[str, Label] = {
    "etude": Label("Étude", "Études", "Données, enquêtes et études sur la vie associative."),
    "guide": Label("Guide", "Guides", "Un guide complet sur une démarche."),
    "modele-document": Label(
        "Modèle de document", "Modèles de documents", "Des documents prêts à remplir et à adapter."
    ),
    "fiche-experience": Label(
        "Fiche expérience",
        "Fiches expérience",
        "Le récit structuré d'une coopération menée sur un territoire.",
    ),
    "fiche-idee": Label(
        "Fiche idée", "Fiches idée", "Une proposition issue d'un atelier, pas encore essayée."
    ),
    "outil": Label("Outil", "Outils", "Une méthode, une démarche ou un support d'animation."),
    "veille-sociale": Label(
        "Veille sociale", "Veille sociale", "Actualités des réseaux et de la vie associative."
    ),
    "veille-juridique": Label(
        "Veille juridique",
        "Veille juridique",
        "Notes sur les textes qui s'appliquent aux associations.",
    ),
    "reference-externe": Label(
        "Référence externe",
        "Références externes",
        "Des ressources publiées ailleurs, repérées par les réseaux.",
    ),
}

LEVELS: dict[str, Label] = {
    "testée partout": Label(
        "Testée partout",
        "Testées partout",
        "Essayée avec succès dans plusieurs départements : applicable partout.",
    ),
    "vérifiée par un professionnel": Label(
        "Vérifiée par un professionnel",
        "Vérifiées par un professionnel",
        "Relue par un administrateur, un avocat, un expert-comptable ou un autre professionnel.",
    ),
    "inspiration locale": Label(
        "Inspiration locale",
        "Inspirations locales",
        "Essayée sur un territoire : une source d'inspiration, sans prétendre fonctionner partout.",
    ),
    "non évaluée": Label(
        "Non évaluée",
        "Non évaluées",
        "Aucun essai ni vérification connus pour l'instant : à utiliser avec discernement.",
    ),
}
# URL segment for each level (listing pages, CSS classes).
LEVEL_SLUGS = {
    "testée partout": "testee-partout",
    "vérifiée par un professionnel": "verifiee-professionnel",
    "inspiration locale": "inspiration-locale",
    "non évaluée": "non-evaluee",
}

SCALES: dict[str, str] = {
    "national": "National",
    "region": "Région",
    "departement": "Département",
    "intercommunalite": "Intercommunalité",
    "commune": "Commune",
    "bassin-de-vie": "Bassin de vie",
}

CIRCLES: dict[str, Label] = {
    "etat-et-associatif": Label(
        "État et acteurs associatifs", "1er cercle : État et acteurs associatifs"
    ),
    "partenaires-locaux": Label(
        "Partenaires locaux", "2e cercle : partenaires locaux (collectivités, CAF, MSA…)"
    ),
    "reseaux-ressources": Label(
        "Réseaux partenaires et acteurs ressources",
        "3e cercle : réseaux partenaires et acteurs ressources (CRESS, observatoires, universités…)",
    ),
    "professionnels": Label("Professionnels", "Professionnels (avocats, experts-comptables…)"),
}

NATURES: dict[str, str] = {
    "etat": "Service de l'État",
    "collectivite": "Collectivité territoriale",
    "association": "Association",
    "reseau": "Réseau ou fédération",
    "organisme-public": "Organisme public",
    "universite": "Université",
    "fondation": "Fondation",
    "cabinet": "Cabinet professionnel",
    "entreprise": "Entreprise",
}

FAMILIES: dict[str, str] = {
    "humaine": "Ressources humaines",
    "technique": "Ressources techniques",
    "economique": "Ressources économiques",
}
FAMILY_DESCRIPTIONS: dict[str, str] = {
    "humaine": "Des personnes : emploi partagé (groupement d'employeurs, mise à disposition "
    "d'un salarié), échange de bénévoles, compétences prêtées.",
    "technique": "Des moyens matériels : prêt ou échange d'équipements, locaux partagés, "
    "documentation commune.",
    "economique": "De l'argent : financements recherchés ensemble, mécénat, fonds de dotation, "
    "prêts entre associations.",
}

ROLES: dict[str, str] = {
    "avocat": "Avocat",
    "expert-comptable": "Expert-comptable",
    "commissaire-aux-comptes": "Commissaire aux comptes",
    "juriste": "Juriste",
    "administrateur": "Administrateur d'association",
    "autre": "Autre professionnel",
}

LICENCES: dict[str, str] = {
    "etalab-2.0": "Licence Ouverte 2.0 (Etalab)",
    "CC-BY-4.0": "Creative Commons Attribution 4.0",
    "CC-BY-SA-4.0": "Creative Commons Attribution – Partage dans les mêmes conditions 4.0",
    "CC-BY-NC-4.0": "Creative Commons Attribution – Pas d'utilisation commerciale 4.0",
    "CC-BY-NC-SA-4.0": "Creative Commons Attribution – Pas d'utilisation commerciale – Partage "
    "dans les mêmes conditions 4.0",
    "CC-BY-ND-4.0": "Creative Commons Attribution – Pas de modification 4.0",
    "CC-BY-NC-ND-4.0": "Creative Commons Attribution – Pas d'utilisation commerciale – Pas de "
    "modification 4.0",
    "CC0-1.0": "Domaine public (CC0 1.0)",
    "LicenseRef-tous-droits-reserves": "Tous droits réservés (consultez la source)",
}

CONTRIBUTIONS: dict[str, str] = {
    "obligatoire": "Contribution obligatoire",
    "volontaire": "Contribution volontaire",
}

# Files generated from a document template, offered on its page (essaim/publish/office/).
DOWNLOAD_FORMATS: dict[str, str] = {
    "odt": "Modèle modifiable — traitement de texte OpenDocument (.odt, LibreOffice)",
    "docx": "Modèle modifiable — Word (.docx)",
    "ods": "Tableau modifiable — tableur OpenDocument (.ods, LibreOffice)",
    "xlsx": "Tableau modifiable — Excel (.xlsx)",
}
# The same files on the buttons of a resource page: (button, what the file is).
DOWNLOAD_BUTTONS: dict[str, tuple[str, str]] = {
    "odt": ("Texte LibreOffice", "modèle modifiable"),
    "docx": ("Texte Word", "modèle modifiable"),
    "ods": ("Tableur LibreOffice", "tableau modifiable"),
    "xlsx": ("Tableur Excel", "tableau modifiable"),
}
# First sheet of a generated spreadsheet: the text around the tables.
SPREADSHEET_README = "Lisez-moi"

# Atom feeds (essaim/publish/feeds.py): titles and subtitles.
FEED_SITE = "Essaim"
FEED_ALL = "Toutes les ressources"
FEED_ALL_SUBTITLE = "Ressources nouvelles ou mises à jour sur le portail Essaim."
FEED_TYPE_SUBTITLE = "Nouveautés et mises à jour du portail Essaim — {label}."
FEED_DEPARTEMENT = "Ressources du département {name} ({code})"
# Watch feeds per territory: {kind} is « Veille juridique » or « Veille sociale »
FEED_WATCH_DEPARTEMENT = "{kind} — département {name} ({code})"
FEED_WATCH_REGION = "{kind} — région {name}"
FEED_WATCH_SUBTITLE = (
    "{kind} utile {where} : les notes qui concernent ce territoire et les notes nationales, "
    "nouvelles ou mises à jour sur le portail Essaim."
)
FEED_DEPARTEMENT_SUBTITLE = (
    "Ressources nouvelles ou mises à jour concernant le département {name} ({code}), "
    "ses communes et ses bassins de vie."
)
