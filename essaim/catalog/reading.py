"""Read a contributor's file from disk: size, encoding, front matter, YAML.

Everything that can go wrong before validation becomes a Problem here, with the line.
"""

from __future__ import annotations

import bisect
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from essaim.catalog import safety
from essaim.catalog.schema import field_name
from essaim.catalog.yamlsafe import Parsed, YamlError, parse_yaml
from essaim.messages import say
from essaim.problems import Problem
from essaim.settings import MAX_FILE_BYTES, MAX_PROBLEMS_PER_CHECK

_BOM = "\ufeff"


@dataclass
class Document:
    """A file read and parsed: metadata with line numbers, and the Markdown body."""

    path: Path
    display: str
    meta: Parsed
    body: str = ""
    body_line: int = 0

    @property
    def slug(self) -> str:
        return self.path.stem


def read_document(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read path; display is the name used in messages (relative to the project)."""
    raw, problem = read_capped(path, display)
    if problem:
        return None, [problem]
    return parse_document(path, display, raw)


def read_capped(path: Path, display: str) -> tuple[bytes, None] | tuple[None, Problem]:
    """The file's bytes, opened and read once, or why not: a file over the size cap is
    refused without being read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as exc:
        return None, _read_problem(display, exc)
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(
                display, 1, "", say("file.too_big", size=size, limit=MAX_FILE_BYTES)
            )
        data = os.read(fd, size + 1)
        # Fewer bytes than asked: the end of the file. More: it grew since fstat, read on
        # up to the end, as read_bytes() does.
        while len(data) > size and (more := os.read(fd, 65536)):
            data += more
            size += len(more)
        return data, None
    except OSError as exc:
        return None, _read_problem(display, exc)
    finally:
        os.close(fd)


def _read_problem(display: str, exc: OSError) -> Problem:
    return Problem(display, 1, "", say("file.read", detail=exc.strerror or str(exc)))


def parse_document(path: Path, display: str, raw: bytes) -> tuple[Document | None, list[Problem]]:
    """The file's bytes, already read (at most MAX_FILE_BYTES), as a document."""
    text, problem = _decode(raw, display)
    if problem:
        return None, [problem]
    if safety.may_hold_forbidden_character(raw) and safety.has_forbidden_character(text):
        return None, _character_problems(path, display, text)
    return _parse_text(path, display, normalized(text))


def document_text(raw: bytes) -> str:
    """The text parse_document parses from bytes it accepted (decoded, CRLF as LF, NFC):
    a document's body is its end (the check cache keeps only the body's length)."""
    return normalized(raw.decode("utf-8").replace("\r\n", "\n"))


def normalized(text: str) -> str:
    """Text as read: composed accents (NFC), so that « é » typed as « e » and a combining
    accent is the same « é » as everywhere else (controlled vocabularies, identifiers)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _parse_text(path: Path, display: str, text: str) -> tuple[Document | None, list[Problem]]:
    if path.suffix == ".md":
        return _split_front_matter(path, display, text)
    return _parse(path, display, text, line_offset=0, body="", body_line=0)


# Stands for a forbidden character while the file is parsed to find which field holds it
# (a private-use character: YAML accepts it, nothing else gives it a meaning here).
_STAND_IN = "\ue000"


def _character_problems(path: Path, display: str, text: str) -> list[Problem]:
    """A problem for each forbidden character (control, noncharacter, bidirectional
    override…), with its line and the field that holds it. libyaml would stop at the first
    one with an English message, or take some of them as ordinary text."""
    found = list(islice(safety.forbidden_characters(text), MAX_PROBLEMS_PER_CHECK))
    doc, _ = _parse_text(path, display, safety.replace_forbidden(text, _STAND_IN))
    holders: list[tuple[int, str]] = []  # (line, field) of the values holding one
    if doc is not None:
        for where, value in doc.meta.texts or []:
            if _STAND_IN in value:
                holders.append((doc.meta.line_of(where), field_name(where)))
    holders.sort()
    problems = []
    for match in found:
        line = text.count("\n", 0, match.start()) + 1
        if doc is not None and doc.body_line and line >= doc.body_line:
            name = "texte"
        else:
            index = bisect.bisect_right(holders, (line, "\uffff")) - 1
            name = holders[index][1] if index >= 0 else ""
        snippet = safety.character_snippet(match.group())
        problems.append(Problem(display, line, name, say("rule.control_char", snippet=snippet)))
    return problems


def _decode(raw: bytes, display: str) -> tuple[str, Problem | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = f"0x{raw[exc.start]:02X}"
        return "", Problem(display, line, "", say("file.encoding", byte=byte))
    if text.startswith(_BOM):
        return "", Problem(display, 1, "", say("file.bom"))
    text = text.replace("\r\n", "\n")
    if not text or text.isspace():
        return "", Problem(display, 1, "", say("file.empty"))
    return text, None


def _split_front_matter(path: Path, display: str, text: str):
    newline = text.find("\n")
    first_line = text if newline < 0 else text[:newline]
    if first_line.rstrip() != "---":
        return None, [Problem(display, 1, "", say("frontmatter.missing"))]
    closing = find_closing_line(text, len(first_line))
    if closing is None:
        return None, [Problem(display, 1, "", say("frontmatter.unclosed"))]
    start, end = closing
    yaml_text = text[len(first_line) + 1 : start]
    closing_line = text.count("\n", 0, start)  # 0-based index of the closing ---
    body = text[end + 1 :]
    second = _second_front_matter(body)
    if second is not None:
        line = closing_line + 2 + second
        return None, [Problem(display, line, "", say("frontmatter.second"))]
    return _parse(path, display, yaml_text, 1, body, closing_line + 2)


def _second_front_matter(body: str) -> int | None:
    """Line index in body of a second « --- » block opening right after the first one
    (Markdown would show its fields as text, and nobody would read them)."""
    stripped = body.lstrip("\n")
    first = stripped.split("\n", 1)[0]
    if first.rstrip(" \t") == "---":
        return len(body) - len(stripped)
    return None


def find_closing_line(text: str, pos: int) -> tuple[int, int] | None:
    """Start and end of the first line starting after pos that closes the front matter:
    three dashes alone, trailing spaces and tabs allowed (as the regular expression
    ^---[ \t]*$ in multi-line mode finds it, without trying every character)."""
    at = pos - 1
    while (at := text.find("\n---", at)) >= 0:
        start = at + 1
        end = text.find("\n", start + 3)
        if end < 0:
            end = len(text)
        if not text[start + 3 : end].strip(" \t"):
            return start, end
        at = start
    return None


def _parse(path: Path, display: str, text: str, line_offset: int, body: str, body_line: int):
    try:
        parsed = parse_yaml(text, line_offset=line_offset)
    except YamlError as exc:
        return None, [Problem(display, exc.line, exc.field, exc.message)]
    if not isinstance(parsed.data, dict):
        line = 1 + line_offset
        key = "file.empty" if parsed.data is None else "yaml.not_mapping"
        return None, [Problem(display, line, "", say(key))]
    return Document(path, display, parsed, body, body_line), []


# Findings about an address: a field the schema already refused as an address (with a
# message naming what it accepts) does not get a second message for the same value.
_ADDRESS_RULES = ("rule.url_scheme", "rule.url_userinfo")
# Fields that hold one web address and nothing else: once the schema refuses the value, one
# message (the schema's, naming what the field accepts) and not a second one for its markup.
_ADDRESS_FIELDS = ("url", "site")


def text_problems(
    parsed: Parsed, display: str, schema_problems: Iterable[Problem] = ()
) -> Iterator[Problem]:
    """Unsafe content (HTML, entities, template braces, script URLs) in any metadata text;
    schema_problems are those validate() found in the same document."""
    found = parsed.texts
    if found is None:  # not from parse_yaml: walk the data
        found = []
        walk_strings(parsed.data, (), found)
    # Most values hold none of the characters a finding needs: one scan of them all.
    if not safety.any_text_trigger(value for _, value in found):
        return
    refused = {(p.line, p.field) for p in schema_problems}
    for where, value in found:
        for rule, snippet in safety.text_findings(value):
            line, name = parsed.line_of(where), field_name(where)
            if (line, name) in refused and (
                rule in _ADDRESS_RULES or name.rsplit(".", 1)[-1] in _ADDRESS_FIELDS
            ):
                continue  # the schema's message already says what an address may be
            yield Problem(display, line, name, say(rule, snippet=snippet))


def walk_strings(value: Any, path: tuple, found: list[tuple[tuple, str]]) -> None:
    """(path, text) of every text value, depth first, in the document's order."""
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                found.append(((*path, key), item))
            elif isinstance(item, (dict, list)):
                walk_strings(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                found.append(((*path, index), item))
            elif isinstance(item, (dict, list)):
                walk_strings(item, (*path, index), found)
