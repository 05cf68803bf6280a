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

A PDF is refused when it names JavaScript or a scripted form, an action that launches a
program, opens another file, submits a form, imports data or plays active media, an action
run by itself (additional actions, an action at opening), a hidden file, or encryption (which
hides everything else); a link whose address is not a web or mail address is refused too.
Names may be written with #xx escapes (decoded first). Objects kept in compressed object streams (PDF 1.5+)
are inflated and read the same way, within MAX_PDF_INFLATED bytes (beyond: a decompression
bomb); other streams (pages, images, fonts) are not read. Not covered: a stream keyword
followed by other text before its line break (no producer writes one).

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
import zlib

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


# ---------------------------------------------------------------- PDF

# What a PDF may not name, and why (PDF 2.0: actions 12.6.4, additional actions 12.6.3,
# embedded files 7.11.4, forms 12.7, encryption 7.6).
_PDF_NAMES = {
    "JavaScript": "script",
    "JS": "script",
    "XFA": "script",
    "Launch": "program",
    "GoToR": "program",
    "GoToE": "program",
    "SubmitForm": "network",
    "ImportData": "network",
    "RichMedia": "media",
    "AA": "automatic",
    "EmbeddedFile": "embedded",
    "EmbeddedFiles": "embedded",
    "EF": "embedded",
    "FileAttachment": "embedded",
    "Encrypt": "encrypted",
}
_PDF_SAYS = {
    "script": "il contient du JavaScript ou un formulaire scripté",
    "program": "il contient une action qui lance un programme ou ouvre un autre fichier",
    "network": "il contient une action qui envoie un formulaire ou importe des données",
    "media": "il contient un média actif",
    "automatic": "il contient une action qui s'exécute seule, à l'ouverture du fichier, d'une "
    "page ou d'un champ",
    "embedded": "il contient un fichier caché à l'intérieur du PDF",
    "encrypted": "il est chiffré ou protégé : son contenu ne peut pas être vérifié",
}
# Ends a name: PDF whitespace or a delimiter (anything else would continue it).
_PDF_NAME_END = rb"(?![^\x00\t\n\x0c\r /<>\[\](){}%])"
# Every pattern below reads names as written without #xx escapes: a text that holds « # » is
# first rewritten with its escaped names decoded (« /J#61vaScript » → « /JavaScript »), at
# most MAX_PDF_ESCAPED_NAMES of them in a file (a real document has a few, in font names).
_PDF_ESCAPED_NAME = re.compile(
    rb"/[^\x00\t\n\x0c\r /<>\[\](){}%#]*#[0-9A-Fa-f]{2}[^\x00\t\n\x0c\r /<>\[\](){}%]*"
)
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
MAX_PDF_ESCAPED_NAMES = 10_000
# Literal alternatives after a literal « / »: the fastest form for Python's re.
_PDF_ACTIVE = re.compile(
    b"/(" + b"|".join(n.encode() for n in sorted(_PDF_NAMES, key=len, reverse=True)) + b")"
    + _PDF_NAME_END
)  # fmt: skip
# Whitespace between a key and its value, read possessively (never given back). No producer
# writes a comment there: one (« % » up to the line's end) is refused rather than read,
# since skipping comments from every start would read a long line again and again.
_PDF_BLANK = rb"[\x00\t\n\x0c\r ]*+"
# An action run when the file is opened, written in place (a destination, [page /Fit],
# only shows a page: LibreOffice writes one).
_PDF_OPEN_ACTION = re.compile(rb"/OpenAction" + _PDF_NAME_END + _PDF_BLANK + rb"(?:<<|%)")
# The address of a link (the value of /URI): a literal string that starts with a web address
# (without « nom@ » before its host) or a mail address; anything else (another scheme, an
# escaped or encoded start, a reference to an object elsewhere) is refused.
_PDF_URI = re.compile(rb"/URI" + _PDF_NAME_END + _PDF_BLANK)
_PDF_BAD_URI = re.compile(
    rb"/URI"
    + _PDF_NAME_END
    + _PDF_BLANK
    + rb"(?=[(<0-9%])(?!\((?i:https?://[^\s/?#()\\@]++(?![@\\])|mailto:)"
    + rb"|<(?i:68747470(?:73)?3a2f2f|6d61696c746f3a))"
)
# A stream: its keyword, the end of that line, then its data up to « endstream » (or the end
# of a file that never closes it). Each search starts after the previous stream: linear.
_PDF_STREAM = re.compile(rb"(?<![A-Za-z])stream[\x00\t\x0c ]*(?:\r\n|\r|\n)")
_PDF_ENDSTREAM = b"endstream"
# An object stream holds objects, and so may hold any name above, compressed: a stream whose
# dictionary says /ObjStm, or /First and /N (what a reader needs to read one, whatever its
# /Type says). How its data is encoded: only /FlateDecode (what every producer writes) is
# inflated; another encoding, or a predictor, is refused for a stream that says /ObjStm.
_PDF_HINTS = {
    name: re.compile(b"/" + name.encode() + _PDF_NAME_END)
    for name in (
        "ObjStm", "First", "N", "Predictor", "FlateDecode", "Fl", "ASCIIHexDecode", "AHx",
        "ASCII85Decode", "A85", "LZWDecode", "LZW", "RunLengthDecode", "RL", "Crypt",
        "DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF",
    )
}  # fmt: skip
_PDF_FLATE = frozenset({"FlateDecode", "Fl"})
_PDF_KIND = frozenset({"ObjStm", "First", "N"})
# Streams read in a PDF, and bytes inflated from its object streams: beyond either, the
# file is refused (a real document of 20 MB holds a few thousand streams, and its object
# streams a few megabytes of objects).
MAX_PDF_STREAMS = 50_000
MAX_PDF_INFLATED = 20_000_000


class _TooManyEscapes(Exception):
    pass


def pdf_active_content(data: bytes) -> str | None:
    """Why a PDF must not be published (it would run script or another program, act by
    itself when opened, hide a file, link elsewhere than the web or a mail address, or
    cannot be read through), in French, or None.

    The objects outside streams are read as they are; the data of object streams, where a
    PDF 1.5+ keeps most of its objects, is inflated (at most MAX_PDF_INFLATED bytes in all)
    and read the same way. Other streams (page content, images, fonts) are not read: a
    name there is text or drawing, not an action."""
    escapes = [MAX_PDF_ESCAPED_NAMES]
    try:
        return _pdf_problem(data, escapes)
    except _TooManyEscapes:
        return f"structure anormale (plus de {MAX_PDF_ESCAPED_NAMES} noms écrits avec « # »)"


def _pdf_problem(data: bytes, escapes: list[int]) -> str | None:
    outside: list[bytes] = []
    budget = MAX_PDF_INFLATED
    position = 0
    while (opening := _PDF_STREAM.search(data, position)) is not None:
        if len(outside) >= MAX_PDF_STREAMS:
            return f"structure anormale (plus de {MAX_PDF_STREAMS} flux)"
        segment = _plain_names(data[position : opening.start()], escapes)
        outside.append(segment)
        end = data.find(_PDF_ENDSTREAM, opening.end())
        end = len(data) if end == -1 else end
        # The stream's dictionary is the end of segment (with other objects before it).
        named = _PDF_HINTS["ObjStm"].search(segment) is not None
        if named or (_PDF_HINTS["First"].search(segment) and _PDF_HINTS["N"].search(segment)):
            content, problem = _object_stream(data[opening.end() : end], segment, named, budget)
            if problem:
                return problem
            budget -= len(content)
            found = _pdf_objects_problem(_plain_names(content, escapes))
            if found:
                return found
        position = end + len(_PDF_ENDSTREAM)
    outside.append(_plain_names(data[position:], escapes))
    return _pdf_objects_problem(b"\n".join(outside))


def _plain_names(text: bytes, escapes: list[int]) -> bytes:
    """text with its escaped names decoded (escapes[0]: how many may still be)."""
    if b"#" not in text:
        return text
    pieces = []
    last = 0
    for match in _PDF_ESCAPED_NAME.finditer(text):
        escapes[0] -= 1
        if escapes[0] < 0:
            raise _TooManyEscapes
        pieces += (text[last : match.start()], _PDF_ESCAPE.sub(_unescape, match.group()))
        last = match.end()
    pieces.append(text[last:])
    return b"".join(pieces)


def _unescape(match: re.Match[bytes]) -> bytes:
    return bytes([int(match.group(1), 16)])


def _object_stream(
    raw: bytes, segment: bytes, named: bool, budget: int
) -> tuple[bytes, str | None]:
    """The objects held by an object stream (raw: its data; segment ends with its
    dictionary), or why it cannot be read. A stream only suspected to be one (/First and /N,
    not /ObjStm) that cannot be inflated is left alone: it is page content or an image."""
    filters = {n for n, p in _PDF_HINTS.items() if n not in _PDF_KIND and p.search(segment)}
    if not filters:
        return raw[:budget], None
    if filters <= _PDF_FLATE:
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(raw, budget + 1)
        except zlib.error:
            return b"", "flux d'objets compressé illisible" if named else None
        if len(content) > budget:
            return b"", (
                f"ses flux d'objets se décompressent en plus de {MAX_PDF_INFLATED // 1_000_000} "
                "Mo (bombe de décompression)"
            )
        return content, None
    if not named:
        return b"", None
    shown = ", ".join(f"/{name}" for name in sorted(filters - _PDF_FLATE))
    return b"", (
        f"flux d'objets codé autrement que par la compression habituelle (« {shown} ») : "
        "son contenu ne peut pas être vérifié"
    )


def _pdf_objects_problem(text: bytes) -> str | None:
    """The first thing in these PDF objects (escaped names decoded) that makes the file
    refused, or None."""
    found = _PDF_ACTIVE.search(text)
    if found:
        name = found.group(1).decode()
        return f"{_PDF_SAYS[_PDF_NAMES[name]]} (« /{name} »)"
    if _PDF_OPEN_ACTION.search(text):
        return (
            f"{_PDF_SAYS['automatic']} (« /OpenAction » suivi d'une action, et non de la seule "
            "page à afficher)"
        )
    bad = _PDF_BAD_URI.search(text)
    if bad:
        start = _PDF_URI.match(text, bad.start()).end()
        shown = _pdf_string_start(text[start : start + 122])
        return (
            f"lien « {shown} » : seuls les liens vers une page web (https://, http://, sans "
            "« nom@ » devant le site) ou vers un courriel (mailto:) sont acceptés"
        )
    return None


def _pdf_string_start(value: bytes) -> str:
    """The start of a PDF string value (literal or hexadecimal), to be quoted."""
    if value.startswith(b"<"):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", value[1:].split(b">", 1)[0])
        value = bytes.fromhex(digits[: len(digits) // 2 * 2].decode())
    else:
        literal = _PDF_LITERAL.match(value)
        value = literal.group(1) if literal else value
    return value[:60].decode("latin-1").translate(_PDF_SHOWN)


_PDF_LITERAL = re.compile(rb"\(((?:\\.|[^\\)]){0,60})")
_PDF_SHOWN = {c: "?" for c in (*range(0x20), 0x7F)}
