"""Broken external links, from lychee's JSON report to one French issue body.

The weekly workflow runs lychee (`make liens`), then `essaim liens` turns its report into
the body of a single issue, updated each week and closed when every link answers again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from essaim.contribute.summary import text

# Hidden marker that identifies the issue among the repository's issues.
MARKER = "<!-- essaim:liens-casses -->"
_LINKABLE = re.compile(r"^https?://[^\s<>()\[\]`]+$")


class ReportError(Exception):
    """The file is not a lychee JSON report."""


@dataclass(frozen=True, order=True)
class BrokenLink:
    path: str
    line: int
    url: str
    status: str


def read_report(path: Path, root: Path) -> list[BrokenLink]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(str(exc)) from exc
    if not isinstance(data, dict) or "error_map" not in data:
        raise ReportError("error_map absent")
    return broken_links(data, root)


def broken_links(report: dict, root: Path) -> list[BrokenLink]:
    """Every link that failed or timed out, with its file (relative to root) and line."""
    found = set()
    for key in ("error_map", "timeout_map"):
        for source, entries in (report.get(key) or {}).items():
            for entry in entries:
                status = entry.get("status") or {}
                span = entry.get("span") or {}
                found.add(
                    BrokenLink(
                        _relative(source, root),
                        int(span.get("line") or 0),
                        str(entry.get("url", "")),
                        str(status.get("text") or status.get("code") or "erreur"),
                    )
                )
    return sorted(found)


def render_issue(links: list[BrokenLink], date: str) -> str:
    """The issue body: one section per file, then what to do."""
    files = sorted({link.path for link in links})
    parts = [
        MARKER,
        f"Vérification du {date} : **{len(links)} lien(s)** ne répondent pas, dans "
        f"{len(files)} fichier(s).",
        "",
    ]
    for path in files:
        parts.append(f"### {text(path)}")
        parts.append("")
        for link in (x for x in links if x.path == path):
            where = f"ligne {link.line} : " if link.line else ""
            parts.append(f"- {where}{_link(link.url)} — {text(link.status)}")
        parts.append("")
    parts += [
        "**Que faire ?** Ouvrez chaque lien. Si la page a déménagé, corrigez l'adresse dans "
        "le fichier indiqué ; si elle a disparu, cherchez une copie archivée ou retirez le "
        "lien. Un site qui bloque les robots peut apparaître ici à tort : vérifiez dans un "
        "navigateur avant de corriger.",
        "",
        "Cette issue est mise à jour chaque semaine par la vérification automatique des "
        "liens, et fermée quand tous les liens répondent de nouveau.",
    ]
    return "\n".join(parts) + "\n"


def _link(url: str) -> str:
    return f"<{url}>" if _LINKABLE.match(url) else text(url)


def _relative(source: str, root: Path) -> str:
    path = Path(source)
    if path.is_absolute():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()
