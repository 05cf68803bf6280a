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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import labels
from .catalog import load_catalog
from .messages import say
from .model import LEVEL_CHECKED, LEVEL_LOCAL, LEVEL_UNRATED
from .problems import Problem, Severity
from .rules import slug_from_name
from .settings import MAX_ISSUE_CHARS, MAX_SLUG_CHARS, TYPE_FOLDERS
from .suggest import closest, fold
from .summary import text as inert

FORM = Path(".github/ISSUE_TEMPLATE/proposer-une-ressource.yml")
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (.+?)\s*$")
_CHECKBOX = re.compile(r"^- \[([ xX])\] (.+)$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str
    required: bool
    options: tuple[str, ...] = ()


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


def load_form(root: Path, form_path: Path = FORM) -> list[FormField]:
    """The answerable fields of an issue form (by default « Proposer »), in order."""
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
    answers, problems = parse_body(body, fields)
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
    type_id = _choice(value("type"), labels.TYPES, lambda label: label.label)
    if value("type") and type_id is None:
        problem("type", _unknown_choice(value("type"), by_id["type"].options))
    themes, unknown = _multi_choice(value("themes"), vocab.themes)
    for item in unknown:
        problem("themes", _unknown_choice(item, by_id["themes"].options))
    publics, unknown = _multi_choice(value("publics"), vocab.publics)
    for item in unknown:
        problem("publics", _unknown_choice(item, by_id["publics"].options))
    producer = _producer(value("producteur"), vocab.producers)
    if value("producteur") and producer is None:
        hint = closest(fold(value("producteur")), sorted(vocab.producers))
        problem(
            "producteur",
            say(
                "issue.producer",
                value=value("producteur"),
                hint=f" ; vouliez-vous dire « {hint} » ?" if hint else "",
            ),
        )
    scale = _choice(value("echelle"), labels.SCALES, lambda label: label)
    if value("echelle") and scale is None:
        problem("echelle", _unknown_choice(value("echelle"), by_id["echelle"].options))
    licence = _choice(value("licence"), labels.LICENCES, lambda label: label)
    if value("licence") and licence is None:
        problem("licence", _unknown_choice(value("licence"), by_id["licence"].options))
    for box in _unchecked(answers.get("engagements", ""), by_id.get("engagements")):
        problem("engagements", say("issue.unchecked", option=box))
    role = _choice(value("verification_role"), labels.ROLES, lambda label: label)
    if value("verification_role") and role is None:
        problem(
            "verification_role",
            _unknown_choice(value("verification_role"), by_id["verification_role"].options),
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
    codes = _codes(value("codes"))
    if codes:
        territory["codes"] = codes
    if value("nom_territoire"):
        territory["nom"] = value("nom_territoire")
    quality: dict[str, Any] = {"niveau": LEVEL_UNRATED}
    if any(trial.values()):
        essai = {
            "territoire": copy.deepcopy(territory),  # shared lists would become YAML aliases
            "date": _date(trial["date"]),
            "structure": trial["structure"],
        }
        if trial["resultat"]:
            essai["resultat"] = _one_paragraph(trial["resultat"])
        quality = {"niveau": LEVEL_LOCAL, "essais": [essai]}
    if role:
        quality["niveau"] = LEVEL_CHECKED
        quality["verifications"] = [
            {
                "role": role,
                "verificateur": check["structure"],
                "date": _date(check["date"]),
                "portee": check["portee"],
            }
        ]
    if quality["niveau"] == LEVEL_UNRATED:
        quality["note"] = say("issue.unrated_note")
    data: dict[str, Any] = {
        "titre": title,
        "resume": _one_paragraph(value("resume")),
        "type": type_id,
        "themes": themes,
        "publics": publics,
        "producteur": producer,
        "territoire": territory,
        "qualite": quality,
        "licence": licence,
        "date_publication": _date(value("date_publication")),
    }
    if type_id == "veille-juridique":
        data["applicable_depuis"] = _date(value("applicable_depuis"))
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
        return _refusal(problems)
    draft, problems = build_draft(answers, fields, root)
    if draft is None:
        return _refusal(problems)
    problems = write_checked(root, root / draft.path, draft.text(number), today, only=True)
    if problems:
        return _refusal(_explain(problems, draft, fields, number))
    return Conversion(draft.path, _pull_request_text(draft, number))


def write_checked(
    root: Path, target: Path, text: str, today: datetime.date | None, only: bool = False
) -> list[Problem]:
    """Write a new file (never over another), check it like `essaim check` does, and remove
    it (with the folder made for it) if anything is wrong; only: read no other resource."""
    created_folder = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:
        out.write(text)
    display = target.relative_to(root).as_posix()
    catalog = load_catalog(root, today=today, only=[target] if only else None)
    problems = [p for p in catalog.problems if p.path == display and p.severity is Severity.ERROR]
    if problems:
        target.unlink()
        if created_folder:
            target.parent.rmdir()
    return problems


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


def _choice(value: str, table: dict[str, Any], label_of) -> str | None:
    """The identifier behind a dropdown answer (its label, or the identifier itself)."""
    if not value:
        return None
    if value in table:
        return value
    wanted = fold(value)
    return next((key for key, item in table.items() if fold(label_of(item)) == wanted), None)


def _multi_choice(value: str, terms: dict[str, str]) -> tuple[list[str], list[str]]:
    """Identifiers behind a multiple dropdown answer (« Culture, Sport »), and unknown items.

    GitHub joins the chosen labels with « , »: the longest run of items that forms a known
    label (or identifier) wins, so that a label holding a comma still works.
    """
    known = {fold(label): key for key, label in terms.items()}
    known.update({fold(key): key for key in terms})
    items = [" ".join(item.split()) for item in value.split(",")]
    items = [item for item in items if item]
    found: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(items):
        for end in range(len(items), start, -1):
            candidate = fold(", ".join(items[start:end]))
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
    wanted = fold(value)
    return next(
        (slug for slug, names in producers.items() if any(fold(n) == wanted for n in names)),
        None,
    )


def _unchecked(value: str, form_field: FormField | None) -> list[str]:
    if form_field is None:
        return []
    checked = set()
    for line in value.split("\n"):
        box = _CHECKBOX.match(line.strip())
        if box and box.group(1) in "xX":
            checked.add(box.group(2).strip())
    return [option for option in form_field.options if option not in checked]


def _codes(value: str) -> list[str]:
    parts = re.split(r"[\s,;]+", value.replace('"', "").replace("'", ""))
    return list(dict.fromkeys(p.upper() if p[:2].lower() == "2a" else p for p in parts if p))


def _date(value: str) -> str:
    """« 15/03/2024 » → « 2024-03-15 », « 03/2024 » → « 2024-03 »; other text unchanged."""
    value = value.strip()
    match = _FRENCH_DATE.match(value)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    match = _MONTH_YEAR.match(value)
    if match:
        month, year = match.groups()
        return f"{year}-{int(month):02d}"
    return value


def _one_paragraph(value: str) -> str:
    return " ".join(value.split())


def _slug(title: str) -> str:
    slug = slug_from_name(title)
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    return slug


def _unique_slug(slug: str, root: Path) -> str:
    taken = {p.stem for p in (root / "resources").rglob("*") if p.is_file()}
    candidate, index = slug, 2
    while candidate in taken:
        candidate, index = f"{slug}-{index}", index + 1
    return candidate


def _unknown_choice(value: str, options: Iterable[str]) -> str:
    return say("issue.unknown_choice", value=value, choices=" ; ".join(options))


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


def _label_for(field_name: str, by_id: dict[str, str]) -> str:
    name = re.sub(r"\[\d+\]", "", field_name)
    label = form_label(name, by_id, _FIELD_SOURCES)
    if label:
        return label
    top = name.split(".", 1)[0]
    return by_id.get(top, by_id.get("texte") if top == "texte" else "Proposition")


def form_label(name: str, by_id: dict[str, str], sources: dict[str, str]) -> str | None:
    """The label of the form question behind a field (name without list indexes): the
    question of its longest prefix in sources, if any."""
    for prefix in sorted(sources, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return by_id[sources[prefix]]
    return None


def _refusal(problems: list[Remark], rule: str = "issue.refused") -> Conversion:
    """No file: the comment for the issue lists the problems (rule: its French text)."""
    items = "\n".join(f"- {p.markdown()}" for p in problems)
    return Conversion(None, say(rule, problems=items), [str(p) for p in problems])


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
