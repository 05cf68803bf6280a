"""A problem found in a contributor's file, and how it is told to people and machines."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    """One actionable message: file, line, field, what is wrong and what is expected."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format_text(self) -> str:
        where = f"{self.path}:{self.line}"
        prefix = "" if self.severity is Severity.ERROR else "avertissement : "
        if self.field:
            return f"{where}: {prefix}{self.field} : {self.message}"
        return f"{where}: {prefix}{self.message}"

    def format_github(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        title = f"Essaim : {self.field}" if self.field else "Essaim"
        return (
            f"::{kind} file={_gh_property(self.path)},line={self.line},"
            f"title={_gh_property(title)}::{_gh_data(self.message)}"
        )


def format_problems(problems: list[Problem], fmt: str) -> str:
    """Render every problem at once in the requested format (text, github or json)."""
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(p.format_github() for p in ordered)
    return "\n".join(p.format_text() for p in ordered)


# GitHub workflow commands need %, CR, LF (and , : in properties) escaped.
def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
