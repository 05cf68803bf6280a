"""The directory of support structures (« Qui peut vous aider ») and the facilitators.

Two registries of small YAML files read by the catalogue's registry loader (strict YAML,
JSON Schema, French problems with file, line and field), plus the rules the schema cannot
express: territory codes, the producer named, personal-looking e-mail addresses, and
duplicates between files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from essaim.messages import say, suggestion_hint
from essaim.model import Structure
from essaim.text import closest, match_key

STRUCTURE_TYPES = {
    "maison-des-associations": "Maison des associations",
    "point-appui": "Point d'appui à la vie associative",
    "dla": "Dispositif local d'accompagnement (DLA)",
    "centre-de-ressources": "Centre de ressources",
    "federation": "Fédération ou union",
    "service-public": "Service public pour les associations",
    "reseau-local": "Réseau local de coopération",
}
GUIDASSO_MARKS = {
    "orientation": "Guid'Asso – Orientation",
    "information": "Guid'Asso – Information",
    "accompagnement-generaliste": "Guid'Asso – Accompagnement généraliste",
    "accompagnement-specialiste": "Guid'Asso – Accompagnement spécialiste",
}
HELP_KINDS = {
    "accueil": "Accueil et orientation",
    "information": "Information",
    "accompagnement": "Accompagnement",
    "formation": "Formation",
    "logistique": "Salles, matériel, domiciliation",
    "benevolat": "Bénévolat",
    "emploi": "Emploi partagé",
    "financement": "Financement",
    "cooperation": "Mise en réseau et coopération",
    "animation": "Animation de la vie locale",
}

# Local parts an organisation uses for a shared mailbox: never taken for a person's name.
_GENERIC_LOCAL_WORDS = {
    "accueil",
    "asso",
    "associations",
    "bonjour",
    "contact",
    "contacts",
    "direction",
    "dla",
    "equipe",
    "info",
    "infos",
    "information",
    "mda",
    "secretariat",
    "service",
    "vie",
    "associative",
}
# « prenom.nom », « prenom-nom », « p.nom »: two words joined by a dot, a hyphen or an
# underscore, none of them a generic word.
_PERSONAL_LOCAL = re.compile(r"^([a-z]+)[._-]([a-z]+)$")


def check_structure(structure: Structure, producers: Iterable[str]) -> Iterator[tuple]:
    """Errors of one structure that the schema cannot see (territory codes apart)."""
    if structure.producer and structure.producer not in producers:
        hint = suggestion_hint(closest(structure.producer, sorted(producers)))
        yield ("producteur",), say("rule.producer", value=structure.producer, hint=hint)


def email_warnings(structure: Structure) -> Iterator[tuple]:
    """A contact that looks like a person's address: a warning (a name cannot be proven)."""
    if structure.email and looks_personal(structure.email):
        yield ("courriel",), say("structure.personal_email", value=structure.email)


def looks_personal(email: str) -> bool:
    local = email.split("@", 1)[0].casefold()
    match = _PERSONAL_LOCAL.match(local)
    if not match:
        return False
    return not ({match.group(1), match.group(2)} & _GENERIC_LOCAL_WORDS)


def identity(structure: Structure) -> tuple[str, str, tuple[str, ...]]:
    """What makes two files describe the same structure: folded name and territory."""
    name = " ".join(re.sub(r"[^a-z0-9]+", " ", match_key(structure.name)).split())
    return name, structure.territory.scale, tuple(sorted(structure.territory.codes))


def duplicates(structures: Iterable[Structure]) -> Iterator[tuple[Structure, tuple, str]]:
    """(structure, field, message) for each file that repeats an earlier one (one pass)."""
    seen: dict[tuple, Structure] = {}
    for structure in structures:
        first = seen.setdefault(identity(structure), structure)
        if first is not structure:
            yield structure, ("nom",), say("structure.duplicate", other=first.path)
