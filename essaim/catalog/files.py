"""Nothing under resources/ is ignored without a word, and attachments are what they say.

Every file under resources/ is a resource, a trial report (in a <slug>.essais folder) or an
attachment a resource lists in pieces_jointes; anything else gets a French message with its
file: symbolic links (whatever they point to), a <slug>.essais that is a file, files no
resource attaches. Attachments are accepted by an allowlist of formats
(settings.ATTACHMENT_FORMATS), and their content must match their extension: magic bytes,
the zip entry that names an office format, or UTF-8 text without NUL.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from essaim.catalog import archives
from essaim.messages import say
from essaim.problems import Problem
from essaim.settings import (
    ATTACHMENT_FORMATS,
    MAX_ATTACHMENT_BYTES,
    MAX_TEXT_ATTACHMENT_BYTES,
    OFFICE_OUTPUT_SUFFIXES,
    RESOURCE_SUFFIXES,
    TRIALS_SUFFIX,
)

# Bytes a file of each kind starts with.
_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
# Largest zip entry read to learn an office file's format (a zip bomb is never inflated).
_MAX_ENTRY = 200_000


def accepted_formats() -> str:
    """The accepted extensions, for messages."""
    return ", ".join(sorted(ATTACHMENT_FORMATS))


def stray_files(resources: Path, root: Path, attached: set[Path]) -> Iterator[Problem]:
    """A problem for every file under resources/ that is neither a resource, a trial
    report nor an attachment some resource lists (attached: their absolute paths). One
    scandir per folder: the kind of each entry comes with it, and a path is built only
    for the files that may be stray."""
    if not resources.is_dir():
        return
    yield from _strays(os.fspath(resources), root, attached, hidden=False)


def _strays(directory: str, root: Path, attached: set[Path], hidden: bool) -> Iterator[Problem]:
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    here = Path(directory)
    in_trials = here.name.endswith(TRIALS_SUFFIX)
    folders, names = [], []
    for entry in entries:
        try:
            is_folder = entry.is_dir()  # as os.walk: a link to a folder is a folder
        except OSError:
            is_folder = False
        (folders if is_folder else names).append(entry)
    for entry in folders:
        if entry.is_symlink():
            yield Problem(_display(here / entry.name, root), 1, "", say("file.symlink"))
    for entry in names:
        name = entry.name
        if entry.is_symlink():
            yield Problem(_display(here / name, root), 1, "", say("file.symlink"))
        elif name.endswith(TRIALS_SUFFIX):
            message = say("file.trials_not_folder", name=name)
            yield Problem(_display(here / name, root), 1, "", message)
        elif hidden:
            # The loader reads no hidden file or folder (.brouillon.md, .archives/…): each
            # one is named here, never skipped in silence.
            if here / name not in attached:
                yield Problem(_display(here / name, root), 1, "", say("file.hidden"))
        elif name == ".gitkeep":
            continue
        elif in_trials and not (name.startswith(".") and looks_like_resource(name)):
            # Trial reports: read and checked by essaim/catalog/trials.py, which names
            # anything else but a system file (.DS_Store); a hidden report is named here.
            continue
        elif looks_like_resource(name) and not name.startswith("."):
            continue  # read as a resource, or refused with its own message
        elif (path := here / name) not in attached:
            message = "file.hidden" if name.startswith(".") else "file.stray"
            yield Problem(_display(path, root), 1, "", say(message, formats=accepted_formats()))
    for entry in folders:
        if not entry.is_symlink() and entry.name != ".git":
            inner = hidden or entry.name.startswith(".")
            yield from _strays(entry.path, root, attached, inner)


# Suffixes that look like a resource but are not read as one: refused, never ignored.
LOOKALIKE_SUFFIXES = {
    ".md", ".yml", ".yaml", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt",
    ".mdtext", ".rmd",
}  # fmt: skip


def looks_like_resource(name: str) -> bool:
    """A file name read as a resource, or refused as one (never ignored, never stray)."""
    dot = name.rfind(".")
    suffix = name[dot:] if 0 < dot < len(name) - 1 else ""
    return suffix in RESOURCE_SUFFIXES or suffix.lower() in LOOKALIKE_SUFFIXES


def attachment_problem(path: Path, name: str, slug: str) -> str | None:
    """Why the attachment at path (as written: name) cannot be published, or None."""
    suffix = Path(name).suffix
    kind = ATTACHMENT_FORMATS.get(suffix)
    if kind is None:
        if suffix.lower() in ATTACHMENT_FORMATS:
            return say("rule.attachment_case", file=name, suffix=suffix.lower())
        return say(
            "rule.attachment_format",
            file=name,
            suffix=suffix or "(aucune)",
            formats=accepted_formats(),
        )
    if Path(name).name.lower() in {f"{slug}{ext}" for ext in OFFICE_OUTPUT_SUFFIXES}:
        return say("rule.attachment_reserved", file=name)
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        return say(
            "rule.attachment_size",
            file=name,
            size=f"{size / 1_000_000:.1f}".replace(".", ","),
            limit=MAX_ATTACHMENT_BYTES // 1_000_000,
        )
    detail = _content_problem(path, kind)
    if detail:
        return say("rule.attachment_content", file=name, suffix=suffix, detail=detail)
    if kind.startswith(("odf:", "ooxml:")):
        active = _archive_activity(path, kind.split(":", 1)[0])
        if active:
            return say("rule.attachment_active", file=name, reason=active)
    if kind == "pdf":
        active = archives.pdf_active_content(path.read_bytes())
        if active:
            return say("rule.attachment_active", file=name, reason=active)
    if suffix == ".csv":
        found = _formula_cell(path.read_text(encoding="utf-8"))
        if found:
            return say("rule.attachment_formula", file=name, line=found[0], snippet=found[1])
    return None


def _content_problem(path: Path, kind: str) -> str | None:
    """What is wrong with the file's content for its kind, in French, or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return f"lecture impossible : {exc.strerror}"
    if kind in _MAGIC:
        if not head.startswith(_MAGIC[kind]):
            return "son contenu n'a pas la signature de ce format"
        return None
    if kind == "webp":
        if not (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
            return "son contenu n'a pas la signature de ce format"
        return None
    if kind == "text":
        return _text_problem(path)
    return _zip_problem(path, kind)


def _text_problem(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEXT_ATTACHMENT_BYTES + 1)
        if len(data) > MAX_TEXT_ATTACHMENT_BYTES:
            return (
                f"fichier texte de plus de {MAX_TEXT_ATTACHMENT_BYTES // 1_000_000} Mo — "
                "joignez-le plutôt en classeur (.ods, .xlsx) ou en PDF"
            )
    except OSError as exc:
        return f"lecture impossible : {exc.strerror}"
    if b"\x00" in data:
        return "il contient des octets nuls : ce n'est pas du texte"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "ce n'est pas du texte UTF-8 (enregistrez-le en UTF-8)"
    hidden = _HIDDEN_CONTROL.search(text)
    if hidden:
        line = text.count("\n", 0, hidden.start()) + 1
        return (
            f"il contient un caractère invisible qui commande l'affichage, U+{ord(hidden.group()):04X}"
            f", ligne {line} (séquence de terminal, inversion du sens d'écriture…) — retirez-le"
        )
    return None


# Characters of a text file that drive the display instead of showing: C0 and C1 controls
# but tab and line ends (a terminal escape sequence starts with U+001B), bidirectional
# overrides and isolates (they reverse what a cell or a line seems to say), non-characters.
_HIDDEN_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


# A cell a spreadsheet would run as a formula (the OWASP CSV-injection rule: = + - @, or
# their full-width twins), once the blanks, quotes and invisible characters an import drops
# are set aside; a plain number (« -12,5 », « +33 1 23 45 67 89 ») is not one, nor a cell
# whose first character is an apostrophe (the spreadsheets' own « this is text » mark).
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_SKIPPED = frozenset(' \t\r\n"\u00a0\u2018\u2019\u201c\u201d\u00ab\u00bb')
_NUMBER = re.compile(r"[+\-\uff0b\uff0d]?[0-9][0-9 .,\u00a0\u202f]*%?")
# Every separator a spreadsheet offers when it opens a CSV file: each one the file holds
# is tried, wherever it first appears (a file may start with a line of one column).
_CSV_DELIMITERS = ",;\t|"


def _formula_start(cell: str) -> str | None:
    """The cell from the character a spreadsheet would start a formula with, or None."""
    for index, char in enumerate(cell):
        if char in _FORMULA_STARTS:
            bare = cell[index:]
            return None if _NUMBER.fullmatch(bare.strip()) else bare
        if not (char in _SKIPPED or char.isspace() or unicodedata.category(char) in ("Cc", "Cf")):
            return None
    return None


def _formula_cell(text: str) -> tuple[int, str] | None:
    """(line, cell) of the first cell of a CSV file a spreadsheet would run, whatever the
    delimiter (each one the file holds is tried)."""
    text = text.removeprefix("\ufeff")  # a byte order mark is dropped by every spreadsheet
    delimiters = [d for d in _CSV_DELIMITERS if d in text] or [","]
    for delimiter in delimiters:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for row in reader:
                for cell in row:
                    if not cell or cell[0].isalnum():
                        continue  # the usual cell, seen without a call
                    bare = _formula_start(cell)
                    if bare:
                        return reader.line_num, bare
        except csv.Error:  # a cell longer than the csv module reads: looked at as text
            for number, line in enumerate(text.split("\n"), start=1):
                bare = _formula_start(line)
                if bare:
                    return number, bare
    return None


# What reading a damaged, encrypted or forged zip archive can raise.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    zlib.error,
)


def _zip_problem(path: Path, kind: str) -> str | None:
    """kind is « odf:<mimetype> » or « ooxml:<main content type> »."""
    family, expected = kind.split(":", 1)
    try:
        with zipfile.ZipFile(path) as archive:
            if family == "odf":
                info = archive.getinfo("mimetype")
                if info.file_size > _MAX_ENTRY:
                    return "son entrée « mimetype » est anormale"
                found = archive.read(info).decode("ascii", "replace").strip()
                if found != expected:
                    return f"son type est « {found[:60]} »"
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_ENTRY:
                return "son entrée « [Content_Types].xml » est anormale"
            types = archive.read(info).decode("utf-8", "replace")
    except KeyError:
        return "il manque l'entrée qui nomme le format du document"
    except _ZIP_ERRORS:
        return "ce n'est pas un document bureautique lisible (archive zip invalide)"
    if f'ContentType="{expected}' not in types and f"ContentType='{expected}" not in types:
        return "son contenu n'est pas de ce type (document à macros ou autre format ?)"
    return None


def _archive_activity(path: Path, family: str) -> str | None:
    """What an office document would run or fetch when opened (essaim/catalog/archives.py)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archives.active_content(archive, family)
    except _ZIP_ERRORS:
        return "une partie de l'archive est illisible (archive zip abîmée ou chiffrée)"


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
