"""Strict YAML reading: plain data, line numbers for every field, no YAML tricks.

Built on libyaml's event stream (`yaml.CSafeLoader`), so we see every anchor, alias,
merge key and duplicate key before any value is built, and we stop at the first alias:
an alias bomb costs nothing. Dates stay strings, so `format` checks see what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .messages import say
from .settings import MAX_DEPTH

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is part of the pinned wheels
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STANDARD_EXPLICIT = {_STR, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_resolver = Resolver()
# First characters for which YAML may resolve a plain scalar to something else than text.
# A plain word longer than "false" that starts with a letter can only be text.
_LONG_WORD = re.compile(r"[A-Za-z][^\s]{5}").match
_IMPLICIT_FIRST = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch is not None)
_constructor = SafeConstructor()


class YamlError(Exception):
    """A document that cannot be read; line is 1-based in the original file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Parsed:
    """A YAML document as plain data, and the line of every field and list item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of the deepest known part of path (the field itself, or its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; line_offset is added to every reported line."""
    builder = _Builder(line_offset)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlError(line, _syntax_message(exc, text, mark)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1 + line_offset, say("yaml.syntax", detail=str(exc))) from None
    return Parsed(builder.result, builder.lines)


class _Builder:
    """Turns parser events into dicts, lists and scalars, refusing what we do not accept."""

    def __init__(self, line_offset: int):
        self.offset = line_offset
        self.stack: list[_Frame] = []
        self.result: Any = None
        self.documents = 0
        self.lines: dict[Path_, int] = {(): 1 + line_offset}

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)  # exact types: cheaper than a chain of isinstance on a hot path
        if kind is yaml.ScalarEvent:
            line = event.start_mark.line + 1 + self.offset
            if event.anchor:
                raise YamlError(line, say("yaml.alias"))
            self._add(self._scalar(event, line), line, key_event=event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            line = event.start_mark.line + 1 + self.offset
            if event.anchor:
                raise YamlError(line, say("yaml.alias"))
            self._check_tag(event.tag, line)
            self._open(_Frame({} if kind is yaml.MappingStartEvent else [], line), line)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            self._add(frame.value, frame.line, frame=frame)
        elif kind is yaml.AliasEvent:
            raise YamlError(event.start_mark.line + 1 + self.offset, say("yaml.alias"))
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise YamlError(event.start_mark.line + 1 + self.offset, say("yaml.documents"))

    def _open(self, frame: _Frame, line: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlError(line, say("yaml.depth", limit=MAX_DEPTH))
        if self.stack:
            frame.path = self._child_path(line)
        self.stack.append(frame)

    def _child_path(self, line: int) -> Path_:
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            path = (*parent.path, len(parent.value))
            self.lines[path] = line
            return path
        return (*parent.path, parent.pending_key)

    def _add(self, value: Any, line: int, frame: _Frame | None = None, key_event=None):
        if not self.stack:
            self.result = value
            return
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            if frame is None:
                self.lines[(*parent.path, len(parent.value))] = line
            parent.value.append(value)
        elif parent.pending_key is _NO_KEY:
            self._set_key(parent, key_event, line)
        else:
            parent.value[parent.pending_key] = value
            parent.pending_key = _NO_KEY

    def _set_key(self, parent: _Frame, event: yaml.ScalarEvent | None, line: int) -> None:
        if event is None:
            raise YamlError(line, say("yaml.key"))
        key = event.value
        if key == "<<" and event.tag is None and event.implicit[0]:
            raise YamlError(line, say("yaml.merge"))
        path = (*parent.path, key)
        if key in parent.value or key == parent.pending_key:
            raise YamlError(line, say("yaml.duplicate", key=key, first=self.lines[path]))
        self.lines[path] = line
        parent.pending_key = key

    def _scalar(self, event: yaml.ScalarEvent, line: int) -> Any:
        tag = event.tag
        value = event.value
        if tag is None:
            plain = event.implicit[0]
            # Quoted text, or plain text whose first character no YAML type can start with.
            if not plain or (value and (value[0] not in _IMPLICIT_FIRST or _LONG_WORD(value))):
                return value
        elif tag != "!":
            self._check_tag(tag, line)
        resolved = tag if tag and tag != "!" else _implicit_tag(event)
        if resolved in (_STR, "tag:yaml.org,2002:timestamp"):
            return event.value
        if resolved not in _SCALAR_TAGS:
            return event.value
        node = yaml.ScalarNode(resolved, event.value, event.start_mark, event.end_mark)
        return _constructor.construct_object(node)

    @staticmethod
    def _check_tag(tag: str | None, line: int) -> None:
        if tag is None or tag == "!":
            return
        if tag not in _STANDARD_EXPLICIT:
            raise YamlError(line, say("yaml.tag", tag=tag.replace("tag:yaml.org,2002:", "!!")))


_NO_KEY = object()


class _Frame:
    __slots__ = ("line", "path", "pending_key", "value")

    def __init__(self, value: dict | list, line: int):
        self.value = value
        self.line = line
        self.path: Path_ = ()
        self.pending_key: Any = _NO_KEY


def _implicit_tag(event: yaml.ScalarEvent) -> str:
    return _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    problem = exc.problem or ""
    if "\\t" in problem or "'\\t'" in problem or (mark and _tab_at(text, mark)):
        return say("yaml.tab")
    detail = _translate(problem, exc.context or "")
    return say("yaml.syntax", detail=detail)


def _tab_at(text: str, mark) -> bool:
    lines = text.split("\n")
    if mark.line >= len(lines):
        return False
    return "\t" in lines[mark.line][: mark.column + 1]


# libyaml speaks English; translate the usual problems, keep the rest as a quoted detail.
_TRANSLATIONS = (
    ("did not find expected ',' or ']'", "« ] » ou « , » manquant dans une liste entre crochets"),
    ("did not find expected ',' or '}'", "« } » ou « , » manquant entre accolades"),
    (
        "mapping values are not allowed",
        "« : » inattendu (une valeur contient-elle « : » ? mettez-la entre guillemets)",
    ),
    ("could not find expected ':'", "« : » manquant après un nom de champ"),
    ("did not find expected key", "champ mal aligné ou ligne inattendue"),
    ("did not find expected '-' indicator", "élément de liste mal aligné"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non refermé ?)"),
    ("found undefined alias", "alias YAML non autorisé"),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets"),
    (
        "found character that cannot start any token",
        "caractère inattendu en début de valeur (mettez la valeur entre guillemets)",
    ),
    ("expected <block end>, but found", "indentation incohérente"),
    ("found unexpected ':'", "« : » inattendu"),
    ("while scanning a quoted scalar", "guillemet non refermé"),
    ("control characters are not allowed", "caractère de contrôle interdit"),
)


def _translate(problem: str, context: str) -> str:
    for english, french in _TRANSLATIONS:
        if english in problem or english in context:
            return french
    return f"« {problem or context} »"
