"""Strict YAML reading: plain data, line numbers for every field, no YAML tricks.

Built on libyaml's event stream (`yaml.CSafeLoader`), so we see every anchor, alias,
merge key and duplicate key before any value is built, and we stop at the first alias:
an alias bomb costs nothing. Dates stay strings, so `format` checks see what was typed.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from essaim.catalog import yaml_messages
from essaim.messages import say
from essaim.settings import MAX_DEPTH

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
_intern = sys.intern


# Problems best shown where the bracket or the quote was opened, not where libyaml gave up.
_OPENED_AT = ("while parsing a flow", "while scanning a quoted scalar")


class YamlError(Exception):
    """A document that cannot be read; line is 1-based in the original file."""

    def __init__(self, line: int, message: str, field: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


@dataclass
class Parsed:
    """A YAML document as plain data, and the line of every field and list item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Every text value with its path, in the document's order (essaim/catalog/reading.py,
    # text_problems), as the parser saw them: None when not known.
    texts: list[tuple[Path_, str]] | None = field(default=None, repr=False, compare=False)

    def line_of(self, path: Path_) -> int:
        """Line of the deepest known part of path (the field itself, or its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; line_offset is added to every reported line."""
    loader = _Loader(text)
    try:
        result, lines, texts = _build(loader.get_event, line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.context or "").startswith(_OPENED_AT):
            mark = exc.context_mark  # where the bracket or quote was opened
        opened = unclosed_opening(text, mark.line if mark else 0)
        if opened is not None:
            index, rule, key = opened
            raise YamlError(index + 1 + line_offset, say(rule), key) from None
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlError(line, _syntax_message(exc, text, mark)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        raise YamlError(line, say("yaml.syntax", explanation=_translate(exc.reason, ""))) from None
    except yaml.YAMLError as exc:
        detail = _translate(getattr(exc, "problem", "") or "", getattr(exc, "context", "") or "")
        raise YamlError(1 + line_offset, say("yaml.syntax", explanation=detail)) from None
    finally:
        loader.dispose()
    return Parsed(result, lines, texts)


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_AliasEvent = yaml.AliasEvent
_DocumentStartEvent = yaml.DocumentStartEvent
_StreamEndEvent = yaml.StreamEndEvent


def _build(get_event, offset: int) -> tuple[Any, dict[Path_, int], list[tuple[Path_, str]]]:
    """Turn parser events into dicts, lists and scalars, refusing what we do not accept.

    One loop with the current container in local variables: this runs for every field of
    every file, so it avoids a method call per event.
    """
    lines: dict[Path_, int] = {(): 1 + offset}
    texts: list[tuple[Path_, str]] = []
    stack: list[_Frame] = []
    top: _Frame | None = None  # stack[-1], the container being filled
    result: Any = None
    documents = 0
    while True:
        event = get_event()
        kind = type(event)  # exact types: cheaper than a chain of isinstance on a hot path
        if kind is _ScalarEvent:
            if event.anchor:
                raise YamlError(event.start_mark.line + 1 + offset, say("yaml.alias"))
            value = event.value
            # Quoted text, or plain text whose first character no YAML type can start with.
            if event.tag is not None or (
                event.implicit[0]
                and not (value and (value[0] not in _IMPLICIT_FIRST or _LONG_WORD(value)))
            ):
                try:
                    value = _scalar(event, event.start_mark.line + 1 + offset)
                except ValueError:  # an integer of more than about 4,300 digits
                    raise YamlError(
                        event.start_mark.line + 1 + offset, say("yaml.huge_number"), _key_of(top)
                    ) from None
            if top is None:
                result = value
                if isinstance(value, str):
                    texts.append(((), value))
            elif top.is_list:
                items = top.value
                path = (*top.path, len(items))
                lines[path] = event.start_mark.line + 1 + offset
                items.append(value)
                if isinstance(value, str):
                    texts.append((path, value))
            elif top.pending_key is _NO_KEY:
                # A field name. Field names repeat in every file: one string each.
                line = event.start_mark.line + 1 + offset
                key = _intern(event.value)
                if key == "<<" and event.tag is None and event.implicit[0]:
                    raise YamlError(line, say("yaml.merge"))
                path = (*top.path, key)
                if key in top.value:
                    raise YamlError(line, say("yaml.duplicate", key=key, first=lines[path]))
                lines[path] = line
                top.pending_key = key
                top.pending_path = path
            else:
                top.value[top.pending_key] = value
                top.pending_key = _NO_KEY
                if isinstance(value, str):
                    texts.append((top.pending_path, value))
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            line = event.start_mark.line + 1 + offset
            if event.anchor:
                raise YamlError(line, say("yaml.alias"))
            _check_tag(event.tag, line)
            is_list = kind is _SequenceStartEvent
            frame = _Frame([] if is_list else {}, line, is_list)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(line, say("yaml.depth", limit=MAX_DEPTH))
            if top is not None:
                if top.is_list:
                    path = (*top.path, len(top.value))
                    lines[path] = line
                else:
                    path = (*top.path, top.pending_key)
                frame.path = path
            stack.append(frame)
            top = frame
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            frame = stack.pop()
            top = stack[-1] if stack else None
            if top is None:
                result = frame.value
            elif top.is_list:
                top.value.append(frame.value)
            elif top.pending_key is _NO_KEY:
                raise YamlError(frame.line, say("yaml.key"))
            else:
                top.value[top.pending_key] = frame.value
                top.pending_key = _NO_KEY
        elif kind is _AliasEvent:
            raise YamlError(event.start_mark.line + 1 + offset, say("yaml.alias"))
        elif kind is _DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(event.start_mark.line + 1 + offset, say("yaml.documents"))
        elif kind is _StreamEndEvent or event is None:
            return result, lines, texts


def _key_of(top: _Frame | None) -> str:
    """The field a value being read belongs to (for a message)."""
    if top is None:
        return ""
    if not top.is_list and top.pending_key is not _NO_KEY:
        return str(top.pending_key)
    named = [str(part) for part in top.path if isinstance(part, str)]
    return named[-1] if named else ""


def _scalar(event: yaml.ScalarEvent, line: int) -> Any:
    """A scalar that may be something else than text: tagged, or plain and resolvable."""
    tag = event.tag
    if tag is None:
        plain = event.implicit[0]
        value = event.value
        # Quoted text, or plain text whose first character no YAML type can start with.
        if not plain or (value and (value[0] not in _IMPLICIT_FIRST or _LONG_WORD(value))):
            return value
        resolved = _plain_tag(value)
    else:
        if tag != "!":
            _check_tag(tag, line)
        resolved = tag if tag != "!" else _implicit_tag(event)
    if resolved in (_STR, "tag:yaml.org,2002:timestamp"):
        return event.value
    if resolved not in _SCALAR_TAGS:
        return event.value
    node = yaml.ScalarNode(resolved, event.value, event.start_mark, event.end_mark)
    value = _constructor.construct_object(node)
    # Hexadecimal, octal, binary or base-60 integers are read without Python's limit on
    # decimal digits, which then stops any message that writes them: refused alike.
    if type(value) is int and value.bit_length() > _MAX_INT_BITS:
        raise ValueError(event.value[:20])
    return value


_MAX_INT_BITS = 14_000  # about 4,200 decimal digits


def _check_tag(tag: str | None, line: int) -> None:
    if tag is None or tag == "!":
        return
    if tag not in _STANDARD_EXPLICIT:
        raise YamlError(line, say("yaml.tag", tag=tag.replace("tag:yaml.org,2002:", "!!")))


_NO_KEY = object()


class _Frame:
    __slots__ = ("is_list", "line", "path", "pending_key", "pending_path", "value")

    def __init__(self, value: dict | list, line: int, is_list: bool):
        self.value = value
        self.line = line
        self.is_list = is_list
        self.path: Path_ = ()
        self.pending_key: Any = _NO_KEY
        self.pending_path: Path_ = ()


def _implicit_tag(event: yaml.ScalarEvent) -> str:
    return _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The type of a plain scalar without tag: it depends on its text only, and short
    field names (« titre », « type ») come back in every file."""
    return _resolver.resolve(yaml.ScalarNode, value, (True, False))


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    problem = exc.problem or ""
    if "\\t" in problem or "'\\t'" in problem or (mark and _tab_at(text, mark)):
        return say("yaml.tab")
    detail = _translate(problem, exc.context or "")
    return say("yaml.syntax", explanation=detail)


def _tab_at(text: str, mark) -> bool:
    lines = text.split("\n")
    if mark.line >= len(lines):
        return False
    return "\t" in lines[mark.line][: mark.column + 1]


def _translate(problem: str, context: str) -> str:
    """libyaml speaks English: every message it can emit has its French
    (essaim/catalog/yaml_messages.py); an unknown one is still given in French words."""
    return yaml_messages.french(problem, context) or "structure du fichier illisible"


# What a line may open and leave open at its end: a quoted value or a flow collection.
_OPENERS = {
    '"': "yaml.unclosed_double",
    "'": "yaml.unclosed_single",
    "[": "yaml.unclosed_bracket",
    "{": "yaml.unclosed_brace",
}
_KEY = re.compile(r"[ \t]*(?:-[ \t]+)*([^\s:#\"'\[\]{},][^:#]*?)[ \t]*:(?:[ \t]|$)")


def unclosed_opening(text: str, last_line: int) -> tuple[int, str, str] | None:
    """(line index, message key, field) of the first line, up to last_line, that opens a
    quoted value, « [ » or « { » and does not close it. libyaml reads such a value on and
    on (a quoted text may span lines) and gives up far below, where a later quote or bracket
    makes the rest unreadable: the line where it was opened is the one to fix. Each line is
    read once, on its own."""
    lines = text.split("\n")
    for index, line in enumerate(lines[: last_line + 1]):
        if not any(char in line for char in _OPENERS):
            continue
        opened = _left_open(line)
        if opened is not None:
            return index, _OPENERS[opened], _field_at(lines, index)
    return None


def _field_at(lines: list[str], index: int) -> str:
    """The field a line belongs to: its own key, or that of the closest line above it that
    is less indented (a list item belongs to the field above it)."""
    indent = len(lines[index]) - len(lines[index].lstrip(" -"))
    for above in range(index, -1, -1):
        line = lines[above]
        if above == index or len(line) - len(line.lstrip(" -")) < indent:
            key = _KEY.match(line)
            if key:
                return key.group(1).strip()
    return ""


def _left_open(line: str) -> str | None:
    """The opener line leaves open, if any (quotes and brackets as YAML reads them in a
    value: a quote opens only where a value starts)."""
    stack: list[str] = []
    quote = ""
    value_start = True
    at, length = 0, len(line)
    while at < length:
        char = line[at]
        if quote == '"':
            if char == "\\":
                at += 1
            elif char == '"':
                quote, value_start = "", False
        elif quote == "'":
            if char == "'":
                if line.startswith("'", at + 1):
                    at += 1
                else:
                    quote, value_start = "", False
        elif char in "\"'" and value_start:
            quote = char
        elif char == "#" and (at == 0 or line[at - 1] in " \t"):
            break
        elif char in "[{" and value_start:
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
            value_start = False
        elif char in " \t":
            pass
        else:
            value_start = char in ":,-" or (char == "?")
            if char == ":" and not (at + 1 == length or line[at + 1] in " \t"):
                value_start = False
            if char == "-" and not (at + 1 == length or line[at + 1] in " \t"):
                value_start = False
            if char == "," and not stack:
                value_start = False
        at += 1
    if quote:
        return quote
    return stack[0] if stack else None
