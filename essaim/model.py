"""Typed resources and producers, built once from validated metadata."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from essaim.problems import Problem, Severity
from essaim.territories import Territories, Territory

LEVEL_LOCAL = "inspiration locale"
LEVEL_EVERYWHERE = "testée partout"
LEVEL_CHECKED = "vérifiée par un professionnel"
LEVEL_UNRATED = "non évaluée"


@dataclass(frozen=True)
class Trial:
    territory: Territory
    date: str
    structure: str
    adaptation: str = ""
    outcome: str = ""
    # The trial-report file it comes from (<slug>.essais/…yml), "" when in the resource itself.
    report: str = ""


@dataclass(frozen=True)
class Check:
    role: str
    checker: str
    date: str
    scope: str
    review_by: str = ""


@dataclass(frozen=True)
class ClarityReview:
    """« Claire et lisible », recorded by the committee: who read it (organisation or
    role), when, and what it changed."""

    reader: str
    date: str
    remark: str = ""


@dataclass(frozen=True)
class Quality:
    # Once loaded (essaim/catalog/quality.py, apply_shown_level): the level the evidence supports on the build
    # date, which is what the site shows; the level written in the file is `claimed`.
    level: str
    trials: tuple[Trial, ...] = ()
    checks: tuple[Check, ...] = ()
    note: str = ""
    claimed: str = ""
    clarity_review: ClarityReview | None = None


@dataclass(frozen=True)
class CheckStatus:
    """A professional check on the build date."""

    check: Check
    review_by: str  # a_revoir_avant, or the default date (partial, like the check's date)
    deadline: datetime.date  # last day the check counts
    expired: bool
    days_left: int  # days from the build date to the deadline (negative once expired)


@dataclass(frozen=True)
class Standing:
    """What the evidence of a resource supports on the build date (essaim/catalog/quality.py)."""

    departements: tuple[str, ...] = ()  # where it was tried, rolled up from communes…
    # the départements that count towards « testée partout » (one per organisation, see
    # quality.counted_departements), at most as many as the level needs
    counted: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    checks: tuple[CheckStatus, ...] = ()
    promotion: str = ""  # a higher level the trials support, for the committee to decide
    last_trial: str = ""  # date of the most recent trial
    fallen_back: bool = False  # every check expired: the level shown is lower than claimed


@dataclass(frozen=True)
class Archive:
    date: str
    reason: str


@dataclass(frozen=True)
class HowTo:
    """The « Comment s'en servir » section (mise_en_action): steps, time needed, who."""

    steps: tuple[str, ...]
    duration: str = ""
    who: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str


@dataclass(frozen=True)
class Expectation:
    """A mandatory contribution a producer network committed to: type, number, year."""

    type: str
    count: int
    year: str
    subject: str


@dataclass
class Producer:
    slug: str
    path: str
    name: str
    circle: str
    nature: str
    territory: Territory
    acronym: str = ""
    site: str = ""
    description: str = ""
    expected: tuple[Expectation, ...] = ()

    @classmethod
    def from_data(cls, slug: str, path: str, data: dict[str, Any]) -> Producer:
        return cls(
            slug=slug,
            path=path,
            name=data["nom"],
            circle=data["cercle"],
            nature=data["nature"],
            territory=Territory.from_data(data["territoire"]),
            acronym=data.get("sigle", ""),
            site=data.get("site", ""),
            description=data.get("description", ""),
            expected=tuple(
                Expectation(e["type"], e["nombre"], e["annee"], e["objet"])
                for e in data.get("contributions_obligatoires", ())
            ),
        )


@dataclass
class Resource:
    slug: str
    path: str
    source: Path
    title: str
    summary: str
    type: str
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    producer: str
    territory: Territory
    quality: Quality
    licence: str
    published: str
    updated: str = ""
    families: tuple[str, ...] = ()
    contribution: str = "volontaire"
    language: str = "fr"
    url: str = ""
    links: tuple[Link, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    keywords: tuple[str, ...] = ()
    former_slugs: tuple[str, ...] = ()
    spreadsheet: bool = False
    applicable_from: str = ""
    superseded_by: str = ""
    archive: Archive | None = None
    # liees: the resources this one names; linked_from: those that name it (set by link_back)
    related: tuple[str, ...] = ()
    how_to: HowTo | None = None
    body: str = ""
    body_line: int = 0
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    standing: Standing = field(default_factory=Standing, repr=False)
    linked_from: tuple[str, ...] = field(default=(), repr=False)
    # Lines of the title and summary in the file (readability warnings point at them).
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def last_changed(self) -> str:
        return self.updated or self.published

    @classmethod
    def from_data(
        cls, slug: str, path: str, source: Path, data: dict[str, Any], body: str, body_line: int
    ) -> Resource:
        quality = data["qualite"]
        return cls(
            slug=slug,
            path=path,
            source=source,
            title=data["titre"],
            summary=data["resume"],
            type=data["type"],
            themes=tuple(data["themes"]),
            publics=tuple(data["publics"]),
            producer=data["producteur"],
            territory=Territory.from_data(data["territoire"]),
            quality=Quality(
                level=quality["niveau"],
                trials=tuple(
                    Trial(
                        Territory.from_data(t["territoire"]),
                        t["date"],
                        t["structure"],
                        t.get("adaptation", ""),
                        t.get("resultat", ""),
                    )
                    for t in quality.get("essais", ())
                ),
                checks=tuple(
                    Check(
                        c["role"],
                        c["verificateur"],
                        c["date"],
                        c["portee"],
                        c.get("a_revoir_avant", ""),
                    )
                    for c in quality.get("verifications", ())
                ),
                note=quality.get("note", ""),
                claimed=quality["niveau"],
                clarity_review=ClarityReview(
                    quality["lisibilite"]["relue_par"],
                    quality["lisibilite"]["date"],
                    quality["lisibilite"].get("remarque", ""),
                )
                if "lisibilite" in quality
                else None,
            ),
            licence=data["licence"],
            published=data["date_publication"],
            updated=data.get("date_mise_a_jour", ""),
            families=tuple(data.get("famille", ())),
            contribution=data.get("contribution", "volontaire"),
            language=data.get("langue", "fr"),
            url=data.get("url", ""),
            links=tuple(Link(x["titre"], x["url"]) for x in data.get("liens", ())),
            attachments=tuple(
                Attachment(x["fichier"], x["titre"]) for x in data.get("pieces_jointes", ())
            ),
            keywords=tuple(data.get("mots_cles", ())),
            former_slugs=tuple(data.get("anciens_identifiants", ())),
            spreadsheet=bool(data.get("tableur", False)),
            applicable_from=data.get("applicable_depuis", ""),
            superseded_by=data.get("remplacee_par", ""),
            archive=Archive(data["archive"]["date"], data["archive"]["motif"])
            if "archive" in data
            else None,
            related=tuple(data.get("liees", ())),
            how_to=HowTo(
                tuple(data["mise_en_action"]["etapes"]),
                data["mise_en_action"].get("duree", ""),
                tuple(data["mise_en_action"].get("qui", ())),
            )
            if "mise_en_action" in data
            else None,
            body=body,
            body_line=body_line,
            raw=data,
        )


def link_back(resources: Iterable[Resource]) -> None:
    """Give each resource the resources whose liees name it, so a link shows on both pages.

    One pass over all links (linear); the names are sorted for a stable page.
    """
    resources = list(resources)
    back: dict[str, set[str]] = {}
    for resource in resources:
        for target in resource.related:
            back.setdefault(target, set()).add(resource.slug)
    for resource in resources:
        resource.linked_from = tuple(sorted(back.get(resource.slug, ())))


def related_slugs(resource: Resource) -> tuple[str, ...]:
    """Both directions, once each: the resource's own liees first, then those that name it."""
    own = set(resource.related)
    return resource.related + tuple(s for s in resource.linked_from if s not in own)


@dataclass(frozen=True)
class SiteInfo:
    """What the pages need beyond the catalogue, given by the caller (the hook, the CLI).

    edit_base: start of the address of GitHub's editor for a file of the repository
    (repo_url + edit_uri, without the docs folder); empty for no « Proposer une
    modification » link. changes: {file path relative to the project: ISO day of its last
    commit}, from essaim.history (empty outside a Git work tree or in a shallow clone).
    """

    edit_base: str = ""
    changes: Mapping[str, str] = field(default_factory=dict)


TEMPLATE_TYPE = "modele-document"
TEXT_FORMATS = ("odt", "docx")
SPREADSHEET_FORMATS = ("ods", "xlsx")


# ---------------------------------------------------------------- editable files
# publish/office writes them, the resource page links them.


def is_template(resource: Resource) -> bool:
    return resource.type == TEMPLATE_TYPE


def formats_of(resource: Resource) -> tuple[str, ...]:
    """The file formats generated for a resource (none for a resource that is not a template)."""
    if not is_template(resource):
        return ()
    wanted = TEXT_FORMATS + (SPREADSHEET_FORMATS if resource.spreadsheet else ())
    # A file the contributor attached under the same name wins over a generated one.
    attached = {a.file for a in resource.attachments}
    return tuple(ext for ext in wanted if f"{resource.slug}.{ext}" not in attached)


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary."""

    id: str
    label: str
    description: str = ""


@dataclass
class Catalog:
    root: Path
    resources: list[Resource] = field(default_factory=list)
    producers: dict[str, Producer] = field(default_factory=dict)
    # The directory of support structures (structures/) and the facilitators (animateurs/).
    structures: dict[str, Structure] = field(default_factory=dict)
    facilitators: dict[str, Facilitator] = field(default_factory=dict)
    themes: dict[str, Term] = field(default_factory=dict)
    publics: dict[str, Term] = field(default_factory=dict)
    synonyms: list[SynonymGroup] = field(default_factory=list)
    # Words in capitals the readability report does not ask to expand (vocabularies/sigles.yml).
    known_terms: frozenset[str] = frozenset()
    territories: Territories = field(default_factory=Territories)
    problems: list[Problem] = field(default_factory=list)
    resource_files: list[str] = field(default_factory=list)
    today: datetime.date = field(default_factory=datetime.date.today)
    # Catalog.resource()'s lookup table, rebuilt when the list of resources changes.
    _index: dict[str, Resource] = field(default_factory=dict, init=False, repr=False, compare=False)
    _index_key: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def resource(self, slug: str) -> Resource | None:
        """The first resource with this identifier (one lookup per page: kept in a dict)."""
        key = (id(self.resources), len(self.resources))
        if self._index_key != key:
            self._index = {}
            for item in self.resources:
                self._index.setdefault(item.slug, item)
            self._index_key = key
        return self._index.get(slug)

    def resources_reordered(self) -> None:
        """Tell resource() that the list changed in place (same list, same length)."""
        self._index_key = None


@dataclass
class Structure:
    slug: str
    path: str
    name: str
    kind: str
    territory: Territory
    helps: tuple[str, ...]
    source: str
    acronym: str = ""
    guidasso: tuple[str, ...] = ()
    description: str = ""
    site: str = ""
    email: str = ""
    address: str = ""
    producer: str = ""

    @classmethod
    def from_data(cls, slug: str, path: str, data: dict[str, Any]) -> Structure:
        return cls(
            slug=slug,
            path=path,
            name=data["nom"],
            kind=data["type"],
            territory=Territory.from_data(data["territoire"]),
            helps=tuple(data["aides"]),
            source=data["source"],
            acronym=data.get("sigle", ""),
            guidasso=tuple(data.get("guidasso", ())),
            description=data.get("description", ""),
            site=data.get("site", ""),
            email=data.get("courriel", ""),
            address=data.get("adresse", ""),
            producer=data.get("producteur", ""),
        )

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@dataclass
class Facilitator:
    """A network facilitator: an organisation and a GitHub account, for a territory."""

    slug: str
    path: str
    organisation: str
    github: str
    territory: Territory
    producers: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_data(cls, slug: str, path: str, data: dict[str, Any]) -> Facilitator:
        return cls(
            slug=slug,
            path=path,
            organisation=data["organisation"],
            github=data["github"],
            territory=Territory.from_data(data["territoire"]),
            producers=tuple(data.get("producteurs", ())),
        )


@dataclass(frozen=True)
class SynonymGroup:
    key: str
    expressions: tuple[str, ...]  # as the committee wrote them
    terms: tuple[tuple[str, ...], ...]  # each expression as indexed terms
    shown: tuple[str, ...] = ()  # each expression as the search page names it
