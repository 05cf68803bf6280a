"""One declarative place for paths, limits and thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Files larger than this are refused before parsing (a resource is text, not a data dump).
MAX_FILE_BYTES = 200_000
# Problems of one kind reported for one file's text at most (a hostile body can hold one
# on every line; the first ones say what to fix).
MAX_PROBLEMS_PER_CHECK = 20
# Deepest nesting of mappings and lists accepted in a YAML document.
MAX_DEPTH = 10
# "testée partout" needs trials in at least this many distinct départements.
TESTED_EVERYWHERE_MIN_DEPARTEMENTS = 3
# Resource files: Markdown with front matter, or YAML metadata only.
RESOURCE_SUFFIXES = (".md", ".yml")
# Attachments a resource may list in pieces_jointes, by extension (lowercase), with how their
# content is checked (essaim/catalog/files.py). Formats that can carry script or be rendered
# as a page on the portal's own origin (HTML, SVG, XML, JavaScript, Markdown-like) are not
# listed, so they are refused.
ATTACHMENT_FORMATS = {
    ".pdf": "pdf",
    ".odt": "odf:application/vnd.oasis.opendocument.text",
    ".ods": "odf:application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "odf:application/vnd.oasis.opendocument.presentation",
    ".docx": "ooxml:application/vnd.openxmlformats-officedocument.wordprocessingml.document.main",
    ".xlsx": "ooxml:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main",
    ".pptx": "ooxml:application/vnd.openxmlformats-officedocument.presentationml.presentation.main",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".webp": "webp",
    ".csv": "text",
    ".txt": "text",
}
# Largest attachment, in bytes: the portal is read on phones and hosted as a static site; a
# larger document is published elsewhere and linked (liens).
MAX_ATTACHMENT_BYTES = 20_000_000
# Largest attached text file (.csv, .txt) read for formulas, in bytes: reading it stays well
# under a second; a larger table is attached as a spreadsheet (.ods, .xlsx).
MAX_TEXT_ATTACHMENT_BYTES = 2_000_000
# Editable files the portal writes beside a template's page (essaim/publish/office/): an
# attachment may not take their names.
OFFICE_OUTPUT_SUFFIXES = (".odt", ".docx", ".ods", ".xlsx")
# Resource identifiers that would replace a page the portal generates in ressources/.
RESERVED_SLUGS = frozenset({"index"})
# Trial reports of resources/<folder>/<slug>.md live beside it, in <slug>.essais/*.yml.
TRIALS_SUFFIX = ".essais"
# A professional check is to be renewed this many years after it was made, unless the
# check names its own date (a_revoir_avant); legal watch ages faster.
REVIEW_YEARS = 2
REVIEW_YEARS_BY_TYPE = {"veille-juridique": 1}
# Checks to renew within this many days are announced (essaim check, committee dashboard).
REVIEW_NOTICE_DAYS = 60
# The committee dashboard lists resources whose last trial is older than this.
STALE_TRIAL_YEARS = 2
# The repository on GitHub (as in .github/ISSUE_TEMPLATE/config.yml): resource pages link
# to its « Signaler un essai » form, with the resource already filled in.
REPOSITORY_URL = "https://github.com/essaim-portail/essaim"
# The editorial committee's address, for the prepared e-mails of the « Contribuer » page
# (essaim/contribute/mail.py). A deployment sets ESSAIM_COMITE_COURRIEL (the publish workflow
# reads the repository variable of that name); the default is a reserved example domain.
COMMITTEE_EMAIL_ENV = "ESSAIM_COMITE_COURRIEL"
COMMITTEE_EMAIL = "comite@essaim.example"
TRIAL_FORM = "signaler-un-essai.yml"
PROPOSAL_FORM = "proposer-une-ressource.yml"
# File names and identifiers: lowercase ASCII, digits, single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"  # \Z: « $ » would accept a final newline
# « Claire et lisible » (essaim/catalog/readability.py, documented in docs/contribuer.md): essaim
# check warns when a resource's text scores under CLARITY_MIN_SCORE on Kandel & Moles'
# reading ease (under 30 is « très difficile » on Flesch's scale), when its sentences
# average more than CLARITY_MAX_SENTENCE_WORDS words, or its summary is longer than
# CLARITY_MAX_SUMMARY_WORDS words. Texts shorter than CLARITY_MIN_WORDS words are not scored.
CLARITY_MIN_SCORE = 30
CLARITY_MAX_SENTENCE_WORDS = 25
CLARITY_MAX_SUMMARY_WORDS = 60
CLARITY_MIN_WORDS = 50
# Environment variable that turns the build into preview mode (render valid resources,
# report invalid ones as warnings instead of refusing to publish).
PREVIEW_ENV = "ESSAIM_PREVIEW"
# Environment variable that fixes "today" for date rules (tests and reproducible builds).
TODAY_ENV = "ESSAIM_DATE"
# A second process for a large build or a cold check (essaim/parallel.py): "0" never, "1"
# always (tests), unset when it pays: two cores or more, at least SPLIT_MIN_PAGES resource
# pages to build or PARALLEL_CHECK_MIN_FILES files to check.
PARALLEL_ENV = "ESSAIM_PARALLELE"
SPLIT_MIN_PAGES = 400
PARALLEL_CHECK_MIN_FILES = 1000
# "0" renders the theme's navigation on every page (essaim/hook/theme_cache.py; tests).
THEME_CACHE_ENV = "ESSAIM_CACHE_THEME"
# "0" builds a new Markdown converter for every page (essaim/hook/markdown_reuse.py; tests).
MARKDOWN_CACHE_ENV = "ESSAIM_CACHE_MARKDOWN"
# Folder of resources/ where a new resource of each type goes (essaim nouvelle, issue forms).
TYPE_FOLDERS = {
    "etude": "etudes",
    "guide": "guides",
    "modele-document": "modeles",
    "fiche-experience": "fiches-experience",
    "fiche-idee": "fiches-idee",
    "outil": "outils",
    "veille-sociale": "veille",
    "veille-juridique": "veille",
    "reference-externe": "references",
}
# Longest identifier derived from a title (file names stay readable in a listing).
MAX_SLUG_CHARS = 60
# GitHub refuses issue bodies longer than this; a longer "issue" did not come from GitHub.
MAX_ISSUE_CHARS = 65_536


@dataclass(frozen=True)
class ProjectPaths:
    """Where each kind of input lives, relative to the project root."""

    root: Path

    @property
    def resources(self) -> Path:
        return self.root / "resources"

    @property
    def producers(self) -> Path:
        return self.root / "producers"

    @property
    def structures(self) -> Path:
        return self.root / "structures"

    @property
    def facilitators(self) -> Path:
        return self.root / "animateurs"

    @property
    def vocabularies(self) -> Path:
        return self.root / "vocabularies"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def territories(self) -> Path:
        return self.root / "data" / "territoires"


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above start that holds schemas/ and resources/."""
    for folder in (start, *start.parents):
        if (folder / "schemas").is_dir() and (folder / "resources").is_dir():
            return folder
    return None
