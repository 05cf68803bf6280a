"""Essaim's own search index, built from the catalogue and read by docs/assets/recherche.js.

Why not Pagefind any more: at 5,000 resources its indexer took 1.7 GB of memory and 17 s,
and each query took 200 to 250 ms in the browser for common words. This index is made
from the data (no HTML to parse), in a second or two, and a query costs a few
milliseconds: every figure is in the README.

What the browser downloads:
- `recherche/index.json`, once, when the first word or filter is given: the facet values
  of every resource (so counts for any selection are computed locally), the stop words,
  and the first word of each word file;
- `recherche/mots-<hash>.json`: the words of a query, each with the resources it appears
  in and a relevance weight (BM25, title and summary counting more than the body);
- `recherche/fiches-<hash>.json`: the cards of the resources shown, a few at a time;
- `recherche/structures-<hash>.json`: the directory of support structures (structures/),
  with the words of each and where it helps, fetched with the first query: a query asking
  for help (« qui peut m'aider à Créteil », « accompagnement DLA ») shows the matching
  structures above the resources, as cards of their own.

Resources are numbered from the most recent, so sorting by date is sorting by number.
Word and card files are named by their content, so a browser may keep them forever;
index.json is revalidated on every visit.

Text is folded (lowercase, no accents, no ligatures) and lightly stemmed for French
(plurals, feminine endings): « Bénévoles retraités » and « benevole retraite » give the
same terms. The browser applies the very same rules (a test compares them in Chromium).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from essaim import labels
from essaim.catalog import quality
from essaim.catalog.safety import encodable
from essaim.catalog.structures import GUIDASSO_MARKS, HELP_KINDS, STRUCTURE_TYPES
from essaim.model import Catalog, Resource, Structure
from essaim.pages import evidence
from essaim.pages.facets import FACETS, resource_facets
from essaim.pages.listings import most_recent
from essaim.words import STOP_WORDS, WORD_TOKEN, fold, stem, term, terms

INDEX_DIR = "recherche"
FORMAT = 2
# A word file holds about this many characters of JSON (a very common word may hold more).
CHUNK_CHARS = 24_000
CARDS_PER_FILE = 12
# How much a word counts in each part of a resource.
FIELD_WEIGHTS = {"title": 5.0, "summary": 3.0, "metadata": 2.0, "body": 1.0}
# Where a term is found at best, stored beside its weight: a match in the title ranks
# higher, and a match only in the body is a weak one (essaim/publish/search_index.py, recherche.js).
FIELD_LEVELS = {"title": 2, "summary": 1, "metadata": 1, "body": 0}
LEVEL_STEP = 100
# BM25 parameters; the weight of a word in a resource is stored as an integer 1..99.
K1 = 1.2
B = 0.75
WEIGHT_SCALE = 99

# Words a question is made of: ignored in a query (« comment trouver un local » looks for
# « trouver local »), unless the query holds nothing else. Never removed from resources.
# The second line: words that only link the others (« coopération entre associations »).
_QUESTION_WORDS = """
aimerais autre autres besoin cherche chercher cherchons chez combien comme comment deux doit
dois existe faire fait faut peut peux pourquoi pourrais quand quel quelle quelles quels
plusieurs quoi souhaite souhaitons svp trois veux voudrais voudrait
afin ainsi apres aupres aussi avant bien car depuis donc dont entre lors pendant selon tres
ai aimerions allons avez avons cherchez devez devons doivent pouvez pouvons peuvent
souhaitez veut veulent voudrions voulez voulons
"""
# Verbs that say little of the need (« comment trouver des bénévoles » asks for volunteers):
# kept in the query, but counting for little (recherche.js, LIGHT_FACTOR).
_LIGHT_WORDS = "avoir creer donner mettre obtenir prendre trouver utiliser"
# Words and expressions (separated by commas) that name a type of resource: a query holding
# one ranks that type higher (« modèle de convention » puts the templates first).
_TYPE_WORDS = {
    "modele-document": "modèle, trame, type, gabarit, exemple, canevas, lettre type",
    "guide": "guide, tutoriel",
    "fiche-experience": "fiche, expérience, témoignage, retour d'expérience",
    "fiche-idee": "fiche, idée",
    "etude": "étude, enquête, rapport, chiffres, statistiques",
    "outil": "outil, méthode",
    "veille-sociale": "veille, actualité",
    "veille-juridique": "veille, actualité, juridique, loi, décret, réglementation",
    "reference-externe": "site, référence, lien",
}
# Place names shorter than this are not recognised in a query (« Eu », « Y »…).
MIN_PLACE = 4
# Words that begin a great many place names: never a place on their own.
_NAME_STARTS = frozenset({"saint", "sainte", "saints", "saintes"})
# Short names people give régions (« PACA », « IDF »), by code; the official names are in
# the COG. Only names that are no ordinary word (« AURA » is also « il aura »).
REGION_SHORT_NAMES = {
    "11": ("IDF",),
    "24": ("CVL",),
    "27": ("BFC",),
    "32": ("HDF",),
    "93": ("PACA", "Région Sud"),
}

# Words of someone looking for a person or a place to help them, not for a document: they
# find the structures of the directory whose help is general (STRUCTURE_GENERAL_HELPS).
_HELP_WORDS = """
accompagnateur accompagnement accompagner aide aider appui annuaire conseil conseiller
contact contacter guichet interlocuteur orientation orienter permanence pres proximite
renseignement renseigner soutenir soutien structure
"""
STRUCTURE_GENERAL_HELPS = ("accueil", "information", "accompagnement", "formation")
# Where a word of a structure is found; a query shows a structure when every concept of it
# is found and at least one is a STRUCTURE_SIGNAL (recherche.js).
STRUCTURE_DISTINCT = 5  # a distinctive word of its acronym or type; a Guid'Asso mark
# a distinctive word of its name; help words and general kinds of help, for a structure
# whose help is general
STRUCTURE_SIGNAL = 4
STRUCTURE_NAME = 3  # a name or type word many structures or resources share (« association »)
STRUCTURE_HELP = 2  # kinds of help, territory, help words of specialised structures
STRUCTURE_BODY = 1  # description
# A name word held by more than this share of the resources is not a signal of its own.
STRUCTURE_RARE = 0.25
# Order of the kinds when a query matches several equally (the most general help first).
STRUCTURE_KIND_ORDER = (
    "point-appui",
    "maison-des-associations",
    "dla",
    "centre-de-ressources",
    "service-public",
    "reseau-local",
    "federation",
)

# Words joined by an apostrophe or a hyphen (« Guid'Asso », « tiers-lieu ») are also
# indexed as one word, so that « guidasso » and « tierslieu » find them. Tried only where a
# word starts (the look-behind): the same matches, without retrying from every letter.
_COMPOUND = re.compile(r"(?<![0-9a-z])[0-9a-z]+(?:['’-][0-9a-z]+)+")
# An elided article or pronoun (« l'association », « d'employeurs ») is not a compound.
_ELISIONS = frozenset({"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu"})
_ELIDED = re.compile(r"^[a-z]+['’]")
_JOINERS = re.compile(r"['’-]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
# A word as written (letters and digits, accents kept), to show a corrected word as the
# resources write it (« évaluation », not « evaluation »).
_WRITTEN = re.compile(r"[^\W_]+")
_BARE_URL = re.compile(r"(?:https?|ftp|mailto):\S+")


QUERY_FILLER = frozenset(stem(w) for w in _QUESTION_WORDS.split())
LIGHT_WORDS = frozenset(stem(w) for w in _LIGHT_WORDS.split())


def _type_words() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for kind, words in _TYPE_WORDS.items():
        for expression in words.split(","):
            found[" ".join(terms(expression))].append(kind)
    return dict(sorted(found.items()))


TYPE_WORDS = _type_words()


def _body_text(markdown: str) -> str:
    """The words of a Markdown body: link targets and bare addresses are not words."""
    return _BARE_URL.sub(" ", _LINK_TARGET.sub("] ", markdown))


def _metadata_text(resource: Resource, catalog: Catalog) -> str:
    terr = catalog.territories
    producer = catalog.producers.get(resource.producer)
    parts = [
        labels.TYPES[resource.type].label,
        labels.LEVELS[resource.quality.level].label,
        terr.label(resource.territory),
        *(
            terr.departements.get(code, ("",))[0]
            for code in terr.departements_of(resource.territory)
        ),
        *(terr.regions.get(code, "") for code in terr.regions_of(resource.territory)),
        *(catalog.themes[t].label for t in resource.themes if t in catalog.themes),
        *(catalog.publics[p].label for p in resource.publics if p in catalog.publics),
        *resource.keywords,
    ]
    if producer:
        parts += [producer.name, producer.acronym]
    return " ".join(sorted(parts))


def _weighted_terms(
    resource: Resource, catalog: Catalog, stems: dict[str, str], written: Counter
) -> tuple[dict[str, float], float, dict[str, int]]:
    """Each term of a resource with its weighted frequency, the resource's weighted length,
    and where each term was found at best (FIELD_LEVELS: title, summary or metadata, body).

    stems caches term() over a whole build: a catalogue has far fewer words than uses.
    written counts every lowercase word as written (accents kept), over the whole build.
    """
    frequency: dict[str, float] = defaultdict(float)
    length = 0.0
    head: dict[str, int] = {}
    for field, text in (
        ("title", resource.title),
        ("summary", resource.summary),
        ("metadata", _metadata_text(resource, catalog)),
        ("body", _body_text(resource.body)),
    ):
        weight = FIELD_WEIGHTS[field]
        level = FIELD_LEVELS[field]
        written.update(_WRITTEN.findall(text.lower()))
        for word, count in _folded_words(text).items():
            found = stems.get(word)
            if found is None:
                found = stems[word] = term(word)
            if found:
                frequency[found] += weight * count
                length += weight * count
                if level and level > head.get(found, 0):
                    head[found] = level
    return frequency, length, head


def _folded_words(text: str) -> Counter:
    """The folded words of a text, compounds also joined (« guid'asso » gives « guidasso »)."""
    folded = fold(text)
    words = Counter(WORD_TOKEN.findall(folded))
    for compound in _COMPOUND.findall(folded):
        elided = _ELIDED.match(compound)
        if elided and elided.group()[:-1] in _ELISIONS:
            compound = compound[elided.end() :]
            if not _JOINERS.search(compound):
                continue  # « l'association »: the word alone, already counted
        words[_JOINERS.sub("", compound)] += 1
    return words


def _text_terms(text: str) -> set[str]:
    return {found for found in map(term, _folded_words(text)) if found}


HELP_TERMS = frozenset(_text_terms(_HELP_WORDS))


def searchable(catalog: Catalog) -> list[Resource]:
    """The resources a search can find, most recent first (archived ones are left out)."""
    return most_recent(r for r in catalog.resources if quality.is_listed(r))


def search_files(catalog: Catalog) -> dict[str, str]:
    """Every file of the search index: {path under the site: JSON text}."""
    docs = searchable(catalog)
    files: dict[str, str] = {}

    # Postings: for each term, (resource number, weight + 100 × level) in resource order,
    # level saying where the term is at best (2 title, 1 summary or metadata, 0 body only).
    stems: dict[str, str] = {}
    written: Counter = Counter()
    weighted = [_weighted_terms(r, catalog, stems, written) for r in docs]
    average = (sum(length for _, length, _ in weighted) / len(weighted) if weighted else 0) or 1.0
    postings: dict[str, list[int]] = defaultdict(list)
    last_doc: dict[str, int] = defaultdict(int)
    for number, (frequency, length, head) in enumerate(weighted):
        # BM25's saturation of a term's frequency, scaled to 1..WEIGHT_SCALE.
        norm = K1 * (1 - B + B * length / average)
        for key, tf in frequency.items():
            weight = round(WEIGHT_SCALE * tf / (tf + norm)) or 1
            postings[key] += (number - last_doc[key], weight + LEVEL_STEP * head.get(key, 0))
            last_doc[key] = number

    word_files = []
    for chunk in _chunks(sorted(postings), postings):
        name = _add(files, "mots", {t: postings[t] for t in chunk})
        word_files.append([chunk[0], name])

    card_files = [
        _add(files, "fiches", [_card(r, catalog) for r in docs[start : start + CARDS_PER_FILE]])
        for start in range(0, len(docs), CARDS_PER_FILE)
    ]

    places = place_names(catalog)
    place_files = [
        [chunk[0], _add(files, "lieux", {key: places[key] for key in chunk})]
        for chunk in _chunks(sorted(places), places)
    ]
    vocabulary = _add(files, "vocabulaire", _vocabulary(postings, stems, written))
    common = frozenset(t for t, p in postings.items() if len(p) // 2 > STRUCTURE_RARE * len(docs))
    directory = _add(files, "structures", structure_entries(catalog, common))

    values, per_doc = _facet_columns(docs, catalog)
    files[f"{INDEX_DIR}/index.json"] = _json(
        {
            "format": FORMAT,
            "ressources": len(docs),
            "mots_vides": sorted(STOP_WORDS),
            "mots_questions": sorted(QUERY_FILLER),
            "mots_legers": sorted(LIGHT_WORDS),
            "mots_types": TYPE_WORDS,
            "noms_lieux": _place_labels(catalog),
            "synonymes": [[list(t) for t in group.terms] for group in catalog.synonyms],
            "synonymes_texte": [list(group.shown) for group in catalog.synonyms],
            "mots": word_files,
            "lieux": place_files,
            "vocabulaire": vocabulary,
            "fiches": card_files,
            "fiches_par_fichier": CARDS_PER_FILE,
            "structures": directory,
            "facettes": values,
            "valeurs": per_doc,
        }
    )
    return files


def structure_entries(catalog: Catalog, common: frozenset[str] = frozenset()) -> dict[str, list]:
    """The directory as the search reads it, structures in name order: for each, its card,
    its terms with where they are found (STRUCTURE_*), whether its help is general (then the
    help words, listed once, find it), the words of its territory (« Montreuil », a name
    several communes share, is no place of the index but still says where), the
    départements and régions it helps in (both empty: national) and the rank of its kind
    (STRUCTURE_KIND_ORDER).

    A word of a name, acronym or type is a signal unless it is common among the resources
    (common: the terms of more than STRUCTURE_RARE of them): « DLA », « maison »,
    « familiales » are; « association », « local », « réseau » are not. Without a place,
    only a word of its acronym or type (« DLA », « maison des associations ») shows a
    structure: a name alone (« associations familiales ») is more likely a document's topic.
    """
    terr = catalog.territories
    structures = sorted(catalog.structures.values(), key=lambda x: (fold(x.name), x.slug))
    named = [_text_terms(x.name) for x in structures]
    entries: dict[str, list] = {
        "mots_aide": sorted(HELP_TERMS),
        "fiches": [],
        "termes": [],
        "generale": [],
        "lieux": [],
        "departements": [],
        "regions": [],
        "rangs": [],
    }
    for structure, names in zip(structures, named, strict=True):
        levels: dict[str, int] = {}

        def put(found: Iterable[str], level: int, levels=levels) -> None:
            for t in found:
                levels[t] = max(levels.get(t, 0), level)

        put(_text_terms(structure.description), STRUCTURE_BODY)
        place = _text_terms(_structure_place(structure, catalog))
        put(place, STRUCTURE_HELP)
        for help_kind in structure.helps:
            level = STRUCTURE_SIGNAL if help_kind in STRUCTURE_GENERAL_HELPS else STRUCTURE_HELP
            put(_text_terms(HELP_KINDS[help_kind]), level)
        put(names - common, STRUCTURE_SIGNAL)
        put(names & common, STRUCTURE_NAME)
        kind = _text_terms(f"{structure.acronym} {STRUCTURE_TYPES[structure.kind]}")
        put(kind - common, STRUCTURE_DISTINCT)
        put(kind & common, STRUCTURE_NAME)
        put(
            _text_terms(" ".join(GUIDASSO_MARKS[m] for m in structure.guidasso)), STRUCTURE_DISTINCT
        )
        general = bool(structure.guidasso) or any(
            h in STRUCTURE_GENERAL_HELPS for h in structure.helps
        )
        entries["fiches"].append(_structure_card(structure, catalog))
        entries["termes"].append(dict(sorted(levels.items())))
        entries["generale"].append(1 if general else 0)
        entries["lieux"].append(sorted(place))
        entries["departements"].append(sorted(terr.departements_of(structure.territory)))
        entries["regions"].append(sorted(terr.regions_of(structure.territory)))
        entries["rangs"].append(_KIND_RANK.get(structure.kind, len(_KIND_RANK)))
    return entries


_KIND_RANK = {kind: rank for rank, kind in enumerate(STRUCTURE_KIND_ORDER)}


def _structure_place(structure: Structure, catalog: Catalog) -> str:
    terr = catalog.territories
    return " ".join(
        [
            terr.label(structure.territory),
            *(terr.departements[d][0] for d in terr.departements_of(structure.territory)),
            *(terr.regions.get(r, "") for r in terr.regions_of(structure.territory)),
        ]
    )


def _structure_card(structure: Structure, catalog: Catalog) -> list[str]:
    return [
        structure.slug,
        structure.display_name,
        STRUCTURE_TYPES[structure.kind],
        catalog.territories.label(structure.territory),
        structure.description,
        ", ".join(HELP_KINDS[h] for h in structure.helps),
        ", ".join(GUIDASSO_MARKS[m] for m in structure.guidasso),
    ]


def _vocabulary(
    postings: dict[str, list[int]], stems: dict[str, str], written: Counter
) -> dict[str, list]:
    """Every indexed term, how many resources hold it, and a word to show for it, as the
    resources write it most often (« évaluation » for the term « evaluation »).

    Downloaded only to correct a word no resource holds, or to suggest close words.
    """
    shown: dict[str, str] = {}
    for word, found in stems.items():
        if found and (found not in shown or (len(word), word) < (len(shown[found]), shown[found])):
            shown[found] = word
    # the most frequent way of writing each folded word (then the first in order: stable)
    spelled: dict[str, tuple[int, str]] = {}
    for word, count in written.items():
        key = fold(word)
        best = spelled.get(key)
        if best is None or (-count, word) < best:
            spelled[key] = (-count, word)
    ordered = sorted(postings)
    return {
        "termes": ordered,
        "ressources": [len(postings[t]) // 2 for t in ordered],
        "mots": [_spelling(shown.get(t, t), spelled) for t in ordered],
    }


def _spelling(word: str, spelled: dict[str, tuple[int, str]]) -> str:
    """A folded word as the resources write it; the folded word itself if never written so."""
    found = spelled.get(word)
    return found[1] if found else word


_LOWERCASE_WORD = re.compile(r"(?<![\w'’-])[a-zàâäçéèêëîïôöùûüÿœæ]+(?![\w'’-])")


def _lowercase_words(catalog: Catalog) -> set[str]:
    """Folded one-word names written in lowercase somewhere in the resources (ordinary words)."""
    found: set[str] = set()
    for resource in catalog.resources:
        for text in (resource.title, resource.summary, resource.body):
            found.update(_LOWERCASE_WORD.findall(text))
    return {fold(word) for word in found}


def _place_labels(catalog: Catalog) -> dict[str, str]:
    """The name of each département and région, by code ("d:94", "r:11"): a query naming
    one by its code or its name finds the texts that write either."""
    terr = catalog.territories
    labels_ = {f"d:{code}": name for code, (name, _) in terr.departements.items()}
    labels_.update({f"r:{code}": name for code, name in terr.regions.items()})
    return dict(sorted(labels_.items()))


def place_key(name: str) -> str:
    """How a place name is looked up: folded words separated by one space."""
    return " ".join(WORD_TOKEN.findall(fold(name)))


def place_names(catalog: Catalog) -> dict[str, str]:
    """Every place a query may name: {folded name or code: "d:<dép>:<région>" | "r:<région>"},
    with ":c" after a commune's (its name, written in a text, says more than its département).

    Régions and départements by name, départements by code too, régions by their short
    names (REGION_SHORT_NAMES), and communes whose name is unambiguous (found in a single
    département), leading to their département. A name several communes share
    (« Vitrolles », Bouches-du-Rhône and Hautes-Alpes) leads to the one the resources or
    structures name in their territory, when only one of them is. A one-word commune name
    the resources also write in lowercase is an ordinary word (« Réunion », « Quartier »,
    « Louer » are communes too): not taken as a place.
    """
    terr = catalog.territories
    common = _lowercase_words(catalog)
    named = _named_communes(catalog)
    places: dict[str, str] = {}
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for code, (name, departement) in terr.communes.items():
        key = place_key(name)
        by_name[key].add((code, departement))
        for article in ("le ", "la ", "les ", "l "):
            if key.startswith(article):
                by_name[key.removeprefix(article)].add((code, departement))
    for key, communes in by_name.items():
        if key in _NAME_STARTS:
            continue  # « Le Saint » (Morbihan) must not make « Saint-Nazaire » a place of the 56
        departements = {departement for _, departement in communes}
        if len(departements) > 1:
            departements = {departement for code, departement in communes if code in named}
        if len(departements) == 1 and len(key) >= MIN_PLACE and key not in common:
            (departement,) = departements
            region = terr.departements.get(departement, ("", ""))[1]
            places[key] = f"d:{departement}:{region}:c"  # a commune: its name counts in texts
    for code, (name, region) in terr.departements.items():
        places[place_key(name)] = f"d:{code}:{region}"
        places[code.lower()] = f"d:{code}:{region}"
    for code, name in terr.regions.items():
        places[place_key(name)] = f"r:{code}"
        for short in REGION_SHORT_NAMES.get(code, ()):
            places[place_key(short)] = f"r:{code}"
    return places


def _named_communes(catalog: Catalog) -> set[str]:
    """The communes a resource or a structure names in its territory."""
    named: set[str] = set()
    for item in (*catalog.resources, *catalog.structures.values()):
        territory = item.territory
        if territory.scale in ("commune", "bassin-de-vie"):
            named.update(c for c in territory.codes if c in catalog.territories.communes)
    return named


def _chunks(ordered: list[str], values: dict) -> Iterable[list[str]]:
    chunk: list[str] = []
    size = 0
    for key in ordered:
        value = values[key]
        cost = (
            len(key)
            + 4
            + (len(value) if isinstance(value, str) else len(",".join(map(str, value))))
        )
        if chunk and size + cost > CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(key)
        size += cost
    if chunk:
        yield chunk


def _facet_columns(
    docs: list[Resource], catalog: Catalog
) -> tuple[dict[str, list[str]], dict[str, list]]:
    """Facet values by facet, and for each resource the numbers of its values.

    A facet with one value per resource is a list of numbers; otherwise a list of lists.
    """
    facets_of = [resource_facets(r, catalog) for r in docs]
    values: dict[str, list[str]] = {}
    per_doc: dict[str, list] = {}
    for facet in FACETS:
        key = facet.key
        values[key] = sorted({v for f in facets_of for v in f[key]})
        number = {value: i for i, value in enumerate(values[key])}
        columns = [[number[v] for v in f[key]] for f in facets_of]
        single = all(len(c) == 1 for c in columns)
        per_doc[key] = [c[0] for c in columns] if single else columns
    return values, per_doc


def _card(resource: Resource, catalog: Catalog) -> list[str]:
    return [
        resource.slug,
        resource.title,
        labels.TYPES[resource.type].label,
        catalog.territories.label(resource.territory),
        resource.summary,
        labels.LEVELS[resource.quality.level].label,
        labels.LEVEL_SLUGS[resource.quality.level],
        evidence.card_spread(resource),
    ]


def _add(files: dict[str, str], kind: str, value) -> str:
    """Add value as a file named by its content; returns the name index.json gives it."""
    text = _json(value)
    name = f"{kind}-{content_digest(text)}.json"
    files[f"{INDEX_DIR}/{name}"] = text
    return name


def _json(value) -> str:
    # encodable: a lone surrogate (refused by validation) would stop the build otherwise
    return encodable(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def content_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def write_search_index(catalog: Catalog, site_dir: Path, changed: list[str] | None = None) -> int:
    """Write the index into site_dir/recherche/ (replacing an older one); returns its file
    count. The site paths of the files written (new or changed) are added to changed."""
    files = search_files(catalog)
    folder = site_dir / INDEX_DIR
    if folder.is_dir():
        for old in folder.iterdir():
            if f"{INDEX_DIR}/{old.name}" not in files:
                old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        target = site_dir / path
        data = text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            if changed is not None:
                changed.append(path)
    return len(files)
