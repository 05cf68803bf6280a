"""What an attached document would run or fetch when someone opens it.

Attached .docx/.xlsx/.pptx/.odt/.ods/.odp files are the contributor's own documents, served
as they are: the portal cannot rewrite them, so it refuses the ones that carry

- macros and active objects: VBA (vbaProject.bin), ActiveX controls, OLE objects
  (embeddings/*.bin, draw:object-ole), ODF Basic and scripts (Basic/, Scripts/), events or
  links bound to a macro (script:event-listener, vnd.sun.star.script:, href="macro:");
- links that load something when the file is opened: external relationships other than
  web and mail hyperlinks (remote template, linked image or frame), an OpenDocument element
  other than a link whose address leaves the package (linked image, section or object),
  links to another
  workbook or to a data source (xl/externalLinks/, xl/connections.xml, query tables, ODF
  table:table-source, DDE links), hyperlinks to another program (file:, smb:, ms-msdt:…);
- fields that run a program or include a file (DDE, DDEAUTO, INCLUDETEXT, INCLUDEPICTURE…);
- formulas that call the network or another program (WEBSERVICE, HYPERLINK, IMPORTXML…,
  RTD, CALL, REGISTER, EXEC, DDE's « programme|sujet ») or read another file.

A PDF is refused when it names JavaScript or an action that launches a program, submits a
form or plays embedded media (/JavaScript, /JS, /Launch, /SubmitForm, /ImportData,
/RichMedia), also written with #xx escapes. Names inside compressed object streams are not
seen (that would mean inflating every stream): a PDF is served as application/pdf, never run
in the portal's origin, and a reader isolates its scripts; this check catches the plain
cases and says what to change.

Ordinary formulas stay (the totals of a budget): a spreadsheet without its sums would not
be the contributor's document any more.

Bounded work: the central directory is read once (at most MAX_ENTRIES entries); only XML
parts are inflated, each at most MAX_PART bytes and MAX_TOTAL bytes together, read by their
declared size (the zip module stops there whatever the data holds); an archive whose
declared size is far beyond its compressed size (a zip bomb) is refused before anything is
inflated. Every pattern below reads its text in one pass (no backtracking).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator

# Entries in the central directory of an archive (a real document has tens to hundreds).
MAX_ENTRIES = 5_000
# Largest XML part inflated, and all XML parts together (bytes, declared size): about
# 50,000 filled cells; the whole reading stays under half a second on a loaded machine.
MAX_PART = 5_000_000
MAX_TOTAL = 5_000_000
# Declared size of all entries together, and the largest inflation ratio of one entry above
# RATIO_FLOOR bytes: beyond either, the archive is a zip bomb for whoever opens it.
MAX_EXPANDED = 500_000_000
MAX_RATIO = 200
RATIO_FLOOR = 1_000_000

# Entry names (lowercase) that hold macros, active controls or links to other files.
_ACTIVE_NAMES = (
    (re.compile(r"(?:^|/)vba(?:project\.bin|data\.xml|projectsignature\.bin)$"), "macros"),
    (re.compile(r"(?:^|/)activex/"), "active"),
    (re.compile(r"(?:^|/)embeddings/[^/]*\.bin$"), "active"),
    (re.compile(r"^(?:basic|scripts)/"), "macros"),
    (re.compile(r"^xl/(?:externallinks/|connections\.xml$|querytables/)"), "external_data"),
)
_XML_SUFFIXES = (".xml", ".rels", ".vml")

# External relationships of an Office Open XML part.
_RELATIONSHIP = re.compile(r"<(?:[\w.-]+:)?Relationship\b[^<>]*>")
# The look-behinds make every pattern start at the beginning of a name only: a long run of
# letters is then read once, not once per letter.
_ATTRIBUTE = re.compile(r"""(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_WEB_LINK = re.compile(r"(?:https?://[^\s/?#]|mailto:)", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

# Word fields: the instruction text, possibly cut into several runs by an attacker.
_INSTR_TEXT = re.compile(r"<(?:[\w.-]+:)?instrText\b[^<>]*>([^<]*)<")
_INSTR_ATTR = re.compile(r""":instr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ACTIVE_FIELD = re.compile(r"\b(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK)\b", re.I)

# Spreadsheet formulas: Office Open XML elements, OpenDocument attributes.
_XLSX_FORMULA = re.compile(r"<(?:[\w.-]+:)?(f|formula[12]?|definedName)\b[^<>]*>([^<]*)<")
_ODF_FORMULA = re.compile(r""":(?:formula|condition|expression)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NAMESPACE_PREFIX = re.compile(r"^[A-Za-z]+:(?==)")  # « of:=SUM(…) » → « =SUM(…) »
_CALLING_FUNCTIONS = (
    "WEBSERVICE", "HYPERLINK", "FILTERXML", "IMPORTXML", "IMPORTHTML", "IMPORTDATA",
    "IMPORTFEED", "IMPORTRANGE", "IMAGE", "DDE", "RTD", "CALL", "REGISTER", "REGISTER.ID",
    "EXEC", "EXECUTE", "SHELL", "ENCODEURL",
)  # fmt: skip
# A call of one of them, whatever its case and its prefix (« _xlfn. », « COM.MICROSOFT. »).
_CALLING = re.compile(
    r"(?<![\w.])(?:[\w.]*\.)?(?:"
    + "|".join(re.escape(n) for n in sorted(_CALLING_FUNCTIONS, key=len, reverse=True))
    + r")\s*\(",
    re.IGNORECASE,
)
# Another file named in a formula: DDE's « programme|sujet », ODF's « 'fichier'#$Feuille »,
# a workbook index « [1] » or name « [budget.xlsx] », an address, a drive or network path.
_FORMULA_EXTERNAL = re.compile(
    r"\||#\$|\[\d+\]|\.(?:xl|od|csv)[a-z]{0,2}\]|\\\\|(?<![A-Za-z])[A-Za-z]:\\"
    r"|(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:/",
    re.IGNORECASE,
)

# OpenDocument elements and attributes that run a macro or link another file or program.
_ODF_ACTIVE = re.compile(
    r"<(?:[\w.-]+:)?(?:event-listener|object-ole|applet|plugin|table-source|cell-range-source"
    r"|dde-source|dde-link|dde-connection-decl)\b"
    r"|vnd\.sun\.star\.script:|vnd\.sun\.star\.basic|href\s*=\s*[\"']\s*macro:"
)  # read in the lowercased text (one pass instead of a case-blind search)
# Every reference of an element (name, then the address): a link (text:a, draw:a) may lead
# to a web page or a mail address; any other element (image, object, linked section…)
# would load its address when the file is opened, so it must point inside the package.
_ODF_HREF = re.compile(r"""<(?:[\w.-]+:)?([\w.-]+)\b[^<>]*?:href\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODF_LINK_ELEMENTS = frozenset({"a"})
# XML constructions no office suite writes, that could hide a name from the patterns above
# (a CDATA section, an entity declared in a DTD): refused rather than interpreted.
_UNUSUAL_XML = re.compile(r"<!\[CDATA\[|<!DOCTYPE|<!ENTITY", re.I)


def active_content(archive: zipfile.ZipFile, family: str) -> str | None:
    """What the document would run or load when opened, in French, or None.

    family is « odf » or « ooxml ». The archive's entries are already listed (ZipFile).
    """
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        return f"archive anormale ({len(entries)} fichiers à l'intérieur)"
    expanded = 0
    for info in entries:
        expanded += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return _bomb(info)
    if expanded > MAX_EXPANDED:
        return "archive anormale : une fois décompressée, elle dépasserait 500 Mo"
    for info in entries:
        name = info.filename.replace("\\", "/").lower()
        for pattern, kind in _ACTIVE_NAMES:
            if pattern.search(name):
                return _say(kind, info.filename)
    budget = MAX_TOTAL
    for info in entries:
        if not info.filename.lower().endswith(_XML_SUFFIXES) or info.is_dir():
            continue
        if info.file_size > MAX_PART or info.file_size > budget:
            return (
                "document trop volumineux pour être vérifié (plus de 5 Mo de texte une fois "
                "décompressé) — allégez-le ou joignez-le en PDF"
            )
        budget -= info.file_size
        with archive.open(info) as handle:
            text = handle.read(info.file_size + 1).decode("utf-8", "replace")
        unusual = _UNUSUAL_XML.search(text)
        if unusual:
            return (
                f"construction XML qu'aucun logiciel de bureautique n'écrit "
                f"(« {unusual.group(0)} » dans « {info.filename[:80]} »)"
            )
        found = (_odf_problem if family == "odf" else _ooxml_problem)(info.filename, text)
        if found:
            return found
    return None


def _value(match: re.Match[str]) -> str:
    """The value of an attribute matched with either quote."""
    return match.group(1) if match.group(1) is not None else match.group(2)


def _bomb(info: zipfile.ZipInfo) -> str:
    ratio = info.file_size // max(info.compress_size, 1)
    return (
        f"archive anormale : « {info.filename[:80]} » se décompresse {ratio} fois plus gros "
        "(bombe de décompression)"
    )


def _say(kind: str, where: str) -> str:
    where = where[:80]
    return {
        "macros": f"il contient des macros ou des scripts (« {where} »)",
        "active": f"il contient un contrôle actif ou un objet OLE (« {where} »)",
        "external_data": f"il est lié à un autre classeur ou à une source de données (« {where} »)",
    }[kind]


def _ooxml_problem(part: str, text: str) -> str | None:
    if part.lower().endswith(".rels"):
        return _relationship_problem(text)
    instructions = "".join(m.group(1) for m in _INSTR_TEXT.finditer(text))
    instructions += " ".join(_value(m) for m in _INSTR_ATTR.finditer(text))
    field = _ACTIVE_FIELD.search(html.unescape(instructions))
    if field:
        return (
            f"champ « {field.group(1).upper()} » qui lance un programme ou charge un fichier "
            f"à l'ouverture (« {part[:80]} »)"
        )
    return _formulas_problem([m.group(2) for m in _XLSX_FORMULA.finditer(text)], part)


def _relationship_problem(text: str) -> str | None:
    for match in _RELATIONSHIP.finditer(text):
        attributes = {
            m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTRIBUTE.finditer(match.group(0))
        }
        if attributes.get("TargetMode", "").lower() != "external":
            continue
        target = attributes.get("Target", "").strip()
        kind = attributes.get("Type", "")
        if kind.endswith("/hyperlink"):
            if not _WEB_LINK.match(target):
                return f"lien « {target[:80]} » vers autre chose qu'une page web ou un courriel"
        else:
            return f"il charge un fichier extérieur à l'ouverture (« {target[:80]} »)"
    return None


def _odf_problem(part: str, text: str) -> str | None:
    active = _ODF_ACTIVE.search(text.lower())
    if active:
        return (
            f"il lance une macro ou se lie à un autre fichier ou programme "
            f"(« {active.group(0)[:60]} » dans « {part[:80]} »)"
        )
    for match in _ODF_HREF.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        target = html.unescape(value).strip()
        if match.group(1) in _ODF_LINK_ELEMENTS:
            if _SCHEME.match(target) and not _WEB_LINK.match(target):
                return f"lien « {target[:80]} » vers autre chose qu'une page web ou un courriel"
        elif _SCHEME.match(target) or target.startswith(("/", "\\", "..")):
            return f"il charge un fichier extérieur à l'ouverture (« {target[:80]} »)"
    return _formulas_problem([_value(m) for m in _ODF_FORMULA.finditer(text)], part)


def _formulas_problem(formulas: list[str], part: str) -> str | None:
    """Why one of the formulas (as written in the XML) must not be published: it calls the
    network or another program, or reads another file. All are read in one pass."""
    if not formulas:
        return None
    text = html.unescape("\0".join(formulas))  # NUL: never in XML, so never in a formula
    found = _CALLING.search(text) or _FORMULA_EXTERNAL.search(text)
    if found is None:
        return None
    start = text.rfind("\0", 0, found.start()) + 1
    end = text.find("\0", found.start())
    return _formula_says(_NAMESPACE_PREFIX.sub("", text[start : end if end != -1 else None]), part)


def _formula_says(formula: str, part: str) -> str:
    shown = formula if len(formula) <= 60 else formula[:59] + "…"
    return (
        f"formule « {shown} » qui appelle le réseau, un autre programme ou un autre fichier "
        f"(« {part[:80]} »)"
    )


# Names of a PDF action that runs script or another program (PDF 1.7, 12.6.4).
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|SubmitForm|ImportData|RichMedia)(?![A-Za-z0-9])")
# A name written with #xx escapes (« /J#61vaScript »): decoded, then compared.
_PDF_ESCAPED_NAME = re.compile(rb"/[^\s/<>\[\]()%{}#]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def pdf_active_content(data: bytes) -> str | None:
    """The first action of a PDF that would run script or another program, or None.

    Only the file's objects are read, not the content of its streams (compressed bytes
    would hold « /JS » by chance about once in 16 MB)."""
    for segment in _outside_streams(data):
        found = _PDF_ACTIVE.search(segment)
        if found:
            return _pdf_says(found.group(1))
        if b"#" not in segment:
            continue
        for match in _PDF_ESCAPED_NAME.finditer(segment):
            name = _PDF_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(0))
            found = _PDF_ACTIVE.fullmatch(name)
            if found:
                return _pdf_says(found.group(1))
    return None


def _outside_streams(data: bytes) -> Iterator[bytes]:
    """The parts of a PDF outside « stream » … « endstream », in one pass (a stream left
    open runs to the end of the file)."""
    position = 0
    while True:
        opening = _PDF_STREAM.search(data, position)
        if opening is None:
            yield data[position:]
            return
        start = opening.start()
        yield data[position:start]
        end = data.find(b"endstream", start + 6)
        if end == -1:
            return
        position = end + len(b"endstream")


def _pdf_says(name: bytes) -> str:
    return (
        f"il contient du JavaScript ou une action qui lance un programme, envoie un "
        f"formulaire ou joue un média (« /{name.decode()} »)"
    )
