"""Read a contributor's file from disk: size, encoding, front matter, YAML.

Everything that can go wrong before validation becomes a Problem here, with the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import safety
from .messages import say
from .problems import Problem
from .schema import field_name
from .settings import MAX_FILE_BYTES
from .yamlsafe import Parsed, YamlError, parse_yaml

_BOM = "\ufeff"
# The line that closes the front matter: three dashes alone (trailing spaces allowed).
_CLOSING = re.compile(r"^---[ \t]*$", re.M)


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
    text, problem = _read_text(path, display)
    if problem:
        return None, [problem]
    if path.suffix == ".md":
        return _split_front_matter(path, display, text)
    return _parse(path, display, text, line_offset=0, body="", body_line=0)


def _read_text(path: Path, display: str) -> tuple[str, Problem | None]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return "", Problem(display, 1, "", say("file.too_big", size=size, limit=MAX_FILE_BYTES))
        raw = path.read_bytes()
    except OSError as exc:
        return "", Problem(display, 1, "", say("file.read", detail=exc.strerror or str(exc)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = f"0x{raw[exc.start]:02X}"
        return "", Problem(display, line, "", say("file.encoding", byte=byte))
    if text.startswith(_BOM):
        return "", Problem(display, 1, "", say("file.bom"))
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return "", Problem(display, 1, "", say("file.empty"))
    return text, None


def _split_front_matter(path: Path, display: str, text: str):
    first_line = text.split("\n", 1)[0]
    if first_line.rstrip() != "---":
        return None, [Problem(display, 1, "", say("frontmatter.missing"))]
    closing = _CLOSING.search(text, len(first_line))
    if closing is None:
        return None, [Problem(display, 1, "", say("frontmatter.unclosed"))]
    yaml_text = text[len(first_line) + 1 : closing.start()]
    closing_line = text.count("\n", 0, closing.start())  # 0-based index of the closing ---
    body = text[closing.end() + 1 :]
    return _parse(path, display, yaml_text, 1, body, closing_line + 2)


def _parse(path: Path, display: str, text: str, line_offset: int, body: str, body_line: int):
    try:
        parsed = parse_yaml(text, line_offset=line_offset)
    except YamlError as exc:
        return None, [Problem(display, exc.line, "", exc.message)]
    if not isinstance(parsed.data, dict):
        line = 1 + line_offset
        key = "file.empty" if parsed.data is None else "yaml.not_mapping"
        return None, [Problem(display, line, "", say(key))]
    return Document(path, display, parsed, body, body_line), []


def text_problems(parsed: Parsed, display: str) -> Iterator[Problem]:
    """Unsafe content (HTML, entities, template braces, script URLs) in any metadata text."""
    for where, value in _strings(parsed.data, ()):
        for rule, snippet in safety.text_findings(value):
            yield Problem(
                display, parsed.line_of(where), field_name(where), say(rule, snippet=snippet)
            )


def _strings(value: Any, path: tuple) -> Iterable[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
