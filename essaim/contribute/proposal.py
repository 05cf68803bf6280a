"""Turn an accepted "propose a resource" issue into a resource file.

GitHub writes the answers of an issue form as Markdown: one `### Label` heading per field,
then the value (`_No response_` when left empty). The labels come from the form itself
(.github/ISSUE_TEMPLATE/proposer-une-ressource.yml), so renaming a question there is
enough. The body is untrusted: its author may have edited it after the committee read it.
Hence:

- the text is read as data and never interpreted (no eval, no template);
- a heading that appears twice, a missing section, a multi-line title, an unknown
  choice or an oversized body is refused with a French comment saying what to fix;
- the YAML is written by `yaml.safe_dump`, never by pasting strings together;
- the file is then checked by the same rules as `essaim check` (HTML, scripts, template
  braces, `javascript:` links, territories, producers…); any problem means no file.
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from essaim import labels
from essaim.catalog.rules import slug_from_name
from essaim.contribute.forms import (
    Conversion,
    FormField,
    Remark,
    form_label,
    iso_date,
    match_choice,
    one_paragraph,
    read_answers,
    refusal,
    split_codes,
    unchecked_boxes,
    unknown_choice,
    write_checked,
)
from essaim.contribute.summary import text as inert
from essaim.messages import say
from essaim.model import LEVEL_CHECKED, LEVEL_LOCAL, LEVEL_UNRATED
from essaim.problems import Problem
from essaim.settings import MAX_SLUG_CHARS, RESERVED_SLUGS, TYPE_FOLDERS
from essaim.text import closest, match_key

FORM = Path(".github/ISSUE_TEMPLATE/proposer-une-ressource.yml")


@dataclass
class Draft:
    """A resource built from the answers, not yet written."""

    folder: str
    slug: str
    data: dict[str, Any]
    body: str

    @property
    def path(self) -> str:
        return f"resources/{self.folder}/{self.slug}.md"

    def text(self, number: int | None = None) -> str:
        return resource_text(self.data, self.body, number)


def build_draft(
    answers: dict[str, str], fields: list[FormField], root: Path
) -> tuple[Draft | None, list[Remark]]:
    """A draft resource from the answers, or the list of problems (French, per field)."""
    by_id = {f.id: f for f in fields}
    problems: list[Remark] = []
    vocab = _Vocabularies.load(root)

    def value(field_id: str) -> str:
        return answers.get(field_id, "").strip()

    def problem(field_id: str, message: str) -> None:
        label = by_id[field_id].label if field_id in by_id else field_id
        problems.append(Remark(label, message))

    for form_field in fields:
        if form_field.required and form_field.kind != "checkboxes" and not value(form_field.id):
            problem(form_field.id, say("issue.required"))

    title = value("titre")
    if "\n" in title:
        problem("titre", say("issue.one_line"))
    type_id = match_choice(value("type"), labels.TYPES, lambda label: label.label)
    if value("type") and type_id is None:
        problem("type", unknown_choice(value("type"), by_id["type"].options))
    themes, unknown = _multi_choice(value("themes"), vocab.themes)
    for item in unknown:
        problem("themes", unknown_choice(item, by_id["themes"].options))
    publics, unknown = _multi_choice(value("publics"), vocab.publics)
    for item in unknown:
        problem("publics", unknown_choice(item, by_id["publics"].options))
    producer = _producer(value("producteur"), vocab.producers)
    if value("producteur") and producer is None:
        hint = closest(match_key(value("producteur")), sorted(vocab.producers))
        problem(
            "producteur",
            say(
                "issue.producer",
                value=value("producteur"),
                hint=f" ; vouliez-vous dire « {hint} » ?" if hint else "",
            ),
        )
    scale = match_choice(value("echelle"), labels.SCALES, lambda label: label)
    if value("echelle") and scale is None:
        problem("echelle", unknown_choice(value("echelle"), by_id["echelle"].options))
    licence = match_choice(value("licence"), labels.LICENCES, lambda label: label)
    if value("licence") and licence is None:
        problem("licence", unknown_choice(value("licence"), by_id["licence"].options))
    for box in unchecked_boxes(answers.get("engagements", ""), by_id.get("engagements")):
        problem("engagements", say("issue.unchecked", option=box))
    role = match_choice(value("verification_role"), labels.ROLES, lambda label: label)
    if value("verification_role") and role is None:
        problem(
            "verification_role",
            unknown_choice(value("verification_role"), by_id["verification_role"].options),
        )
    if type_id == "veille-juridique" and not value("applicable_depuis"):
        problem("applicable_depuis", say("issue.applicable_required"))
    if value("applicable_depuis") and type_id and type_id != "veille-juridique":
        problem("applicable_depuis", say("issue.applicable_only"))
    trial = {k: value(f"essai_{k}") for k in ("structure", "date", "resultat")}
    check = {k: value(f"verification_{k}") for k in ("structure", "date", "portee")}
    if any(trial.values()):
        for key in ("structure", "date"):
            if not trial[key]:
                problem(f"essai_{key}", say("issue.trial_incomplete"))
        if scale == "national":
            problem("echelle", say("issue.trial_national"))
    if role or any(check.values()):
        for key in ("structure", "date", "portee"):
            if not check[key]:
                problem(f"verification_{key}", say("issue.check_incomplete"))
        if not role:
            problem("verification_role", say("issue.check_incomplete"))
    slug = _slug(title)
    if title and not slug:
        problem("titre", say("issue.no_slug"))
    if problems:
        return None, problems

    territory: dict[str, Any] = {"echelle": scale}
    codes = split_codes(value("codes"))
    if codes:
        territory["codes"] = codes
    if value("nom_territoire"):
        territory["nom"] = value("nom_territoire")
    quality: dict[str, Any] = {"niveau": LEVEL_UNRATED}
    if any(trial.values()):
        essai = {
            "territoire": copy.deepcopy(territory),  # shared lists would become YAML aliases
            "date": iso_date(trial["date"]),
            "structure": trial["structure"],
        }
        if trial["resultat"]:
            essai["resultat"] = one_paragraph(trial["resultat"])
        quality = {"niveau": LEVEL_LOCAL, "essais": [essai]}
    if role:
        quality["niveau"] = LEVEL_CHECKED
        quality["verifications"] = [
            {
                "role": role,
                "verificateur": check["structure"],
                "date": iso_date(check["date"]),
                "portee": check["portee"],
            }
        ]
    if quality["niveau"] == LEVEL_UNRATED:
        quality["note"] = say("issue.unrated_note")
    data: dict[str, Any] = {
        "titre": title,
        "resume": one_paragraph(value("resume")),
        "type": type_id,
        "themes": themes,
        "publics": publics,
        "producteur": producer,
        "territoire": territory,
        "qualite": quality,
        "licence": licence,
        "date_publication": iso_date(value("date_publication")),
    }
    if type_id == "veille-juridique":
        data["applicable_depuis"] = iso_date(value("applicable_depuis"))
    if value("url"):
        data["url"] = value("url")
    keywords = [k.strip() for k in value("mots_cles").split(",") if k.strip()]
    if keywords:
        data["mots_cles"] = list(dict.fromkeys(keywords))
    folder = TYPE_FOLDERS[type_id]
    return Draft(folder, _unique_slug(slug, root), data, value("texte")), []


def convert_issue(
    body: str, root: Path, number: int | None = None, today: datetime.date | None = None
) -> Conversion:
    """Write the resource file for an accepted proposal, or explain why not.

    Nothing is left on disk unless the file passes every check of `essaim check`.
    """
    fields, answers, problems = read_answers(body, root, FORM)
    if problems:
        return refusal(problems)
    draft, problems = build_draft(answers, fields, root)
    if draft is None:
        return refusal(problems)
    problems = write_checked(root, root / draft.path, draft.text(number), today, only=True)
    if problems:
        return refusal(_explain(problems, draft, fields, number))
    return Conversion(draft.path, _pull_request_text(draft, number))


def resource_text(data: dict[str, Any], body: str, number: int | None = None) -> str:
    """The file: front matter written by yaml.safe_dump, then the Markdown body."""
    header = f"# Proposée dans l'issue #{number}.\n" if number else ""
    front = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=88, default_flow_style=False
    )
    text = f"---\n{header}{front}---\n"
    if body.strip():
        text += "\n" + body.replace("\r\n", "\n").strip() + "\n"
    return text


# ---------------------------------------------------------------------------------------


@dataclass
class _Vocabularies:
    themes: dict[str, str]
    publics: dict[str, str]
    producers: dict[str, list[str]]

    @classmethod
    def load(cls, root: Path) -> _Vocabularies:
        def terms(name: str) -> dict[str, str]:
            data = yaml.safe_load((root / "vocabularies" / name).read_text(encoding="utf-8"))
            return {key: value["libelle"] for key, value in (data or {}).items()}

        producers: dict[str, list[str]] = {}
        for path in sorted((root / "producers").glob("*.yml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                data = {}
            names = [data.get("nom"), data.get("sigle")] if isinstance(data, dict) else []
            producers[path.stem] = [str(n) for n in names if n]
        return cls(terms("themes.yml"), terms("publics.yml"), producers)


def _multi_choice(value: str, terms: dict[str, str]) -> tuple[list[str], list[str]]:
    """Identifiers behind a multiple dropdown answer (« Culture, Sport »), and unknown items.

    GitHub joins the chosen labels with « , »: the longest run of items that forms a known
    label (or identifier) wins, so that a label holding a comma still works.
    """
    known = {match_key(label): key for key, label in terms.items()}
    known.update({match_key(key): key for key in terms})
    items = [" ".join(item.split()) for item in value.split(",")]
    items = [item for item in items if item]
    found: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(items):
        for end in range(len(items), start, -1):
            candidate = match_key(", ".join(items[start:end]))
            if candidate in known:
                found.append(known[candidate])
                start = end
                break
        else:
            unknown.append(items[start])
            start += 1
    return list(dict.fromkeys(found)), unknown


def _producer(value: str, producers: dict[str, list[str]]) -> str | None:
    if not value:
        return None
    if value in producers:
        return value
    wanted = match_key(value)
    return next(
        (slug for slug, names in producers.items() if any(match_key(n) == wanted for n in names)),
        None,
    )


def _slug(title: str) -> str:
    slug = slug_from_name(title)
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    return slug


def _unique_slug(slug: str, root: Path) -> str:
    # A reserved name (a page of the portal) is taken like the name of another resource.
    taken = {p.stem for p in (root / "resources").rglob("*") if p.is_file()} | RESERVED_SLUGS
    candidate, index = slug, 2
    while candidate in taken:
        candidate, index = f"{slug}-{index}", index + 1
    return candidate


# The form question behind each field of a resource (field names without list indexes),
# to name the question in the comment. The trial happens on the resource's territory.
_FIELD_SOURCES = {
    "territoire.echelle": "echelle",
    "territoire.codes": "codes",
    "territoire.nom": "nom_territoire",
    "territoire": "echelle",
    "qualite.essais.territoire.codes": "codes",
    "qualite.essais.territoire.nom": "nom_territoire",
    "qualite.essais.territoire": "echelle",
    "qualite.essais.date": "essai_date",
    "qualite.essais.structure": "essai_structure",
    "qualite.essais.resultat": "essai_resultat",
    "qualite.verifications.role": "verification_role",
    "qualite.verifications.verificateur": "verification_structure",
    "qualite.verifications.date": "verification_date",
    "qualite.verifications.portee": "verification_portee",
    "applicable_depuis": "applicable_depuis",
}


def _explain(
    problems: list[Problem], draft: Draft, fields: list[FormField], number: int | None
) -> list[Remark]:
    by_id = {f.id: f.label for f in fields}
    # line of the file where the text starts: after the closing « --- » and a blank line
    body_start = draft.text(number).split("\n").index("---", 1) + 3
    explained = []
    for problem in problems:
        label = _label_for(problem.field, by_id)
        where = ""
        if problem.field == "texte":
            where = f" (ligne {problem.line - body_start + 1} du texte)"
        explained.append(Remark(label + where, problem.message))
    return list(dict.fromkeys(explained))


def _pull_request_text(draft: Draft, number: int | None) -> str:
    closes = f"Ferme #{number}." if number else ""
    level = labels.LEVELS[draft.data["qualite"]["niveau"]].label
    return say(
        "issue.pull_request",
        title=inert(draft.data["titre"]),
        path=draft.path,
        level=level,
        closes=closes,
    )


def _label_for(field_name: str, by_id: dict[str, str]) -> str:
    name = re.sub(r"\[\d+\]", "", field_name)
    label = form_label(name, by_id, _FIELD_SOURCES)
    if label:
        return label
    top = name.split(".", 1)[0]
    return by_id.get(top, by_id.get("texte") if top == "texte" else "Proposition")
