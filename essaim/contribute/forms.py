"""What the two issue forms share: reading a form and an issue body, answers to values,
the French remarks, and writing a checked file."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from essaim.catalog.load import load_catalog
from essaim.catalog.reading import normalized
from essaim.contribute.summary import text as inert
from essaim.messages import say
from essaim.problems import Problem, Severity
from essaim.settings import MAX_ISSUE_CHARS
from essaim.text import match_key

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (.+?)\s*$")
_CHECKBOX = re.compile(r"^- \[([ xX])\] (.+)$")
# ASCII digits, whole value (fullmatch): no « ٢٠١٦ », no final newline.
_FRENCH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{4})")


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str
    required: bool
    options: tuple[str, ...] = ()


@dataclass
class Conversion:
    """What the workflow needs: the file written (or None) and the message to post."""

    path: str | None
    message: str
    problems: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class Remark:
    """One thing to fix, named by the form question it concerns (label may be empty)."""

    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label} : {self.message}" if self.label else self.message

    def markdown(self) -> str:
        """For the comment: the contributor's text it quotes is made inert."""
        if self.label:
            return f"**{inert(self.label)}** : {inert(self.message)}"
        return inert(self.message)


def load_form(root: Path, form_path: Path) -> list[FormField]:
    """The answerable fields of an issue form, in order."""
    form = yaml.safe_load((root / form_path).read_text(encoding="utf-8"))
    fields = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        attributes = item["attributes"]
        options = tuple(
            o["label"] if isinstance(o, dict) else str(o) for o in attributes.get("options", ())
        )
        required = bool(item.get("validations", {}).get("required", False))
        fields.append(FormField(item["id"], attributes["label"], item["type"], required, options))
    return fields


def read_answers(
    body: str, root: Path, form_path: Path
) -> tuple[list[FormField], dict[str, str], list[Remark]]:
    """The form's fields and the answers an issue body gives them, or why it cannot be read."""
    if len(body) > MAX_ISSUE_CHARS:
        return [], {}, [Remark("", say("issue.too_long", size=len(body), limit=MAX_ISSUE_CHARS))]
    fields = load_form(root, form_path)
    # As a file is read (essaim/catalog/reading.py): decomposed accents become the same
    # « é » as everywhere else, so a choice or a code typed that way is still recognised.
    answers, problems = parse_body(normalized(body), fields)
    return fields, answers, problems


def parse_body(body: str, fields: list[FormField]) -> tuple[dict[str, str], list[Remark]]:
    """The raw answer of each field, by field id, and the structural problems found."""
    by_label = {f.label: f for f in fields}
    values: dict[str, list[str]] = {}
    problems: list[Remark] = []
    current: str | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading and heading.group(1) in by_label:
            current = by_label[heading.group(1)].id
            if current in values:
                problems.append(Remark("", say("issue.duplicate_section", label=heading.group(1))))
                values[current] = []
            else:
                values[current] = []
            continue
        if current is not None:
            values[current].append(line)
    answers = {}
    for form_field in fields:
        if form_field.id not in values:
            if form_field.required:
                problems.append(Remark("", say("issue.missing_section", label=form_field.label)))
            continue
        value = "\n".join(values[form_field.id]).strip()
        answers[form_field.id] = "" if value == NO_RESPONSE else value
    return answers, problems


def write_checked(
    root: Path,
    target: Path,
    text: str,
    today: datetime.date | None,
    only: bool = False,
    known: Iterable[Problem] | None = None,
) -> list[Problem]:
    """Write a new file (never over another), check it like `essaim check` does, and remove
    it (with the folder made for it) if anything is wrong; only: read no other resource.

    known: the problems of the project before the file was written. A rule between files
    may name the other file rather than the new one (a repeated trial report is reported on
    the first in name order): any error that the new file brings counts against it."""
    created_folder = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:
        out.write(text)
    display = target.relative_to(root).as_posix()
    catalog = load_catalog(root, today=today, only=[target] if only else None)
    before = None if known is None else {p.format_text() for p in known}
    problems = [
        p if p.path == display else _seen_from(p, display)
        for p in catalog.problems
        if p.severity is Severity.ERROR
        and (p.path == display or (before is not None and p.format_text() not in before))
    ]
    if problems:
        target.unlink()
        if created_folder:
            target.parent.rmdir()
    return problems


def _seen_from(problem: Problem, display: str) -> Problem:
    """A problem found on another file because of the new one, told from the new file:
    « the other file repeats the new one » becomes « the new one repeats the other file »."""
    if display not in problem.message:
        return problem
    return Problem(display, 1, problem.field, problem.message.replace(display, problem.path))


def match_choice(value: str, table: dict[str, Any], label_of) -> str | None:
    """The identifier behind a dropdown answer (its label, or the identifier itself)."""
    if not value:
        return None
    if value in table:
        return value
    wanted = match_key(value)
    return next((key for key, item in table.items() if match_key(label_of(item)) == wanted), None)


def unchecked_boxes(value: str, form_field: FormField | None) -> list[str]:
    if form_field is None:
        return []
    checked = set()
    for line in value.split("\n"):
        box = _CHECKBOX.match(line.strip())
        if box and box.group(1) in "xX":
            checked.add(box.group(2).strip())
    return [option for option in form_field.options if option not in checked]


def split_codes(value: str) -> list[str]:
    parts = re.split(r"[\s,;]+", value.replace('"', "").replace("'", ""))
    return list(dict.fromkeys(p.upper() if p[:2].lower() == "2a" else p for p in parts if p))


def iso_date(value: str) -> str:
    """« 15/03/2024 » → « 2024-03-15 », « 03/2024 » → « 2024-03 »; other text unchanged."""
    value = value.strip()
    match = _FRENCH_DATE.fullmatch(value)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    match = _MONTH_YEAR.fullmatch(value)
    if match:
        month, year = match.groups()
        return f"{year}-{int(month):02d}"
    return value


def one_paragraph(value: str) -> str:
    return " ".join(value.split())


def unknown_choice(value: str, options: Iterable[str]) -> str:
    return say("issue.unknown_choice", value=value, choices=" ; ".join(options))


def form_label(name: str, by_id: dict[str, str], sources: dict[str, str]) -> str | None:
    """The label of the form question behind a field (name without list indexes): the
    question of its longest prefix in sources, if any."""
    for prefix in sorted(sources, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return by_id[sources[prefix]]
    return None


def refusal(problems: list[Remark], rule: str = "issue.refused") -> Conversion:
    """No file: the comment for the issue lists the problems (rule: its French text)."""
    items = "\n".join(f"- {p.markdown()}" for p in problems)
    return Conversion(None, say(rule, problems=items), [str(p) for p in problems])
