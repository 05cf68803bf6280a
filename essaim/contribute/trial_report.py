"""Turn an accepted « Signaler un essai » issue into a trial-report file.

The sibling of essaim/contribute/proposal.py, which turns a proposal into a resource: the same
reading of the answers (one `### Label` heading per question of
.github/ISSUE_TEMPLATE/signaler-un-essai.yml), the same distrust of the body (a heading
twice, a missing section, an unknown choice or an oversized body is refused with a French
comment), the same writing (`yaml.safe_dump`, never string pasting) and the same final
check: the file is checked by `essaim check`'s rules and removed if anything is wrong.

The resource is named by its identifier or by the address of its page (a former address
leads to the renamed resource). The report goes beside it:
`resources/<folder>/<slug>.essais/<date>-<structure>.yml`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from essaim import labels
from essaim.catalog.load import load_catalog
from essaim.catalog.rules import slug_from_name
from essaim.catalog.trials import report_text, trial_folder
from essaim.contribute.forms import (
    Conversion,
    FormField,
    Remark,
    form_label,
    iso_date,
    match_choice,
    one_paragraph,
    read_answers,
    split_codes,
    unchecked_boxes,
    unknown_choice,
    write_checked,
)
from essaim.contribute.forms import refusal as refusal
from essaim.contribute.summary import text as inert
from essaim.dates import french_date
from essaim.messages import say, suggestion_hint
from essaim.model import Catalog, Resource
from essaim.problems import Problem
from essaim.territories import Territory
from essaim.text import closest

FORM = Path(".github/ISSUE_TEMPLATE/signaler-un-essai.yml")
# Longest file name of a report, before .yml.
MAX_NAME_CHARS = 60
_PAGE = re.compile(r"/ressources/([a-z0-9-]+)/?(?:index\.html)?(?:[?#].*)?$")

# The form question behind each field of a report, to name it in the comment.
_FIELD_SOURCES = {
    "territoire.echelle": "echelle",
    "territoire.codes": "codes",
    "territoire.nom": "nom_territoire",
    "territoire": "echelle",
    "date": "date",
    "structure": "structure",
    "adaptation": "adaptation",
    "resultat": "resultat",
}


@dataclass
class TrialDraft:
    """A report built from the answers, not yet written."""

    resource: Resource
    name: str
    data: dict[str, Any]

    def path(self, root: Path) -> Path:
        return trial_folder(self.resource.source) / f"{self.name}.yml"

    def text(self, number: int | None = None) -> str:
        comment = f"Signalé dans l'issue #{number}." if number else ""
        return report_text(self.data, comment)


def convert_trial_issue(
    body: str, root: Path, number: int | None = None, today: datetime.date | None = None
) -> Conversion:
    """Write the trial report of an accepted issue, or explain why not.

    Nothing is left on disk unless the file passes every check of `essaim check`.
    """
    fields, answers, problems = read_answers(body, root, FORM)
    if problems:
        return _refusal(problems)
    catalog = load_catalog(root, today=today)
    draft, problems = build_trial_draft(answers, fields, catalog)
    if draft is None:
        return _refusal(problems)
    target = draft.path(root)
    display = target.relative_to(root).as_posix()
    problems = write_checked(root, target, draft.text(number), today, known=catalog.problems)
    if problems:
        return _refusal(_explain(problems, fields))
    return Conversion(display, _pull_request_text(draft, display, root, number, today))


def build_trial_draft(
    answers: dict[str, str], fields: list[FormField], catalog: Catalog
) -> tuple[TrialDraft | None, list[Remark]]:
    """A draft report from the answers, or the list of problems (French, per question)."""
    by_id = {f.id: f for f in fields}
    problems: list[Remark] = []

    def value(field_id: str) -> str:
        return answers.get(field_id, "").strip()

    def problem(field_id: str, message: str) -> None:
        problems.append(Remark(by_id[field_id].label if field_id in by_id else "", message))

    for form_field in fields:
        if form_field.required and form_field.kind != "checkboxes" and not value(form_field.id):
            problem(form_field.id, say("issue.required"))
    for form_field_id in ("ressource", "structure", "date", "codes"):
        if "\n" in value(form_field_id):
            problem(form_field_id, say("issue.one_line_answer"))
    resource = None
    if value("ressource"):
        resource, message = find_resource(value("ressource"), catalog)
        if message:
            problem("ressource", message)
    scale = match_choice(value("echelle"), labels.SCALES, lambda label: label)
    if value("echelle") and scale is None:
        problem("echelle", unknown_choice(value("echelle"), by_id["echelle"].options))
    if scale == "national":
        problem("echelle", say("issue.trial_national"))
    for box in unchecked_boxes(answers.get("engagements", ""), by_id.get("engagements")):
        problem("engagements", say("issue.unchecked", option=box))
    if problems or resource is None:
        return None, problems

    territory: dict[str, Any] = {"echelle": scale}
    codes = split_codes(value("codes"))
    if codes:
        territory["codes"] = codes
    if value("nom_territoire"):
        territory["nom"] = one_paragraph(value("nom_territoire"))
    data: dict[str, Any] = {
        "territoire": territory,
        "date": iso_date(value("date")),
        "structure": one_paragraph(value("structure")),
    }
    if value("adaptation"):
        data["adaptation"] = one_paragraph(value("adaptation"))
    data["resultat"] = one_paragraph(value("resultat"))
    name = _file_name(data["date"], data["structure"], trial_folder(resource.source))
    return TrialDraft(resource, name, data), []


def find_resource(answer: str, catalog: Catalog) -> tuple[Resource | None, str]:
    """The resource named by an identifier, a page address or a former identifier."""
    wanted = answer.strip()
    page = _PAGE.search(wanted.split()[0]) if wanted else None
    slug = page.group(1) if page else wanted.removesuffix(".md").strip("/ ").rsplit("/", 1)[-1]
    resource = catalog.resource(slug) or next(
        (r for r in catalog.resources if slug in r.former_slugs), None
    )
    if resource is None:
        known = sorted({Path(p).stem for p in catalog.resource_files})
        hint = suggestion_hint(closest(slug, known))
        return None, say("trial_issue.resource", value=slug, hint=hint)
    if resource.archive:
        return None, say("trial_issue.archived", value=resource.slug)
    return resource, ""


# ---------------------------------------------------------------------------------------


def _file_name(date: str, structure: str, folder: Path) -> str:
    base = slug_from_name(f"{date} {structure}")[:MAX_NAME_CHARS].rstrip("-") or "essai"
    taken = {p.stem for p in folder.glob("*")} if folder.is_dir() else set()
    candidate, index = base, 2
    while candidate in taken:
        candidate, index = f"{base}-{index}", index + 1
    return candidate


def _explain(problems: list[Problem], fields: list[FormField]) -> list[Remark]:
    by_id = {f.id: f.label for f in fields}
    explained = []
    for problem in problems:
        name = re.sub(r"\[\d+\]", "", problem.field)
        label = form_label(name, by_id, _FIELD_SOURCES) or "Retour d'essai"
        explained.append(Remark(label, problem.message))
    return list(dict.fromkeys(explained))


def _refusal(problems: list[Remark]) -> Conversion:
    return refusal(problems, "trial_issue.refused")


def _pull_request_text(
    draft: TrialDraft, display: str, root: Path, number: int | None, today: datetime.date | None
) -> str:
    catalog = load_catalog(root, today=today)
    resource = catalog.resource(draft.resource.slug) or draft.resource
    territory = Territory.from_data(draft.data["territoire"])
    promotion = ""
    if resource.standing.promotion:
        promotion = say(
            "trial_issue.promotion", target=labels.LEVELS[resource.standing.promotion].label
        )
    return say(
        "trial_issue.pull_request",
        title=inert(resource.title),
        resource=resource.path,
        path=display,
        territory=inert(catalog.territories.label(territory)),
        date=french_date(draft.data["date"]),
        structure=inert(draft.data["structure"]),
        level=labels.LEVELS[resource.quality.level].label,
        promotion=promotion,
        closes=f"Ferme #{number}." if number else "",
    )
