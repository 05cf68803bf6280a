"""Propose without GitHub: the issue forms as prepared e-mails to the editorial committee.

The body of each e-mail is what GitHub writes for the same form: one `### Label` heading
per question, then the answer (`_No response_` until the sender replaces it). The labels
are read from the form itself (.github/ISSUE_TEMPLATE/), so the e-mail follows any change
of a question, and a committee member can paste the answers into a new issue: the robot
that turns an accepted proposal or trial report into a file then reads it like any other
(docs/comite.md says how). The link is a `mailto:` URI (RFC 6068): subject and body are
percent-encoded as UTF-8, line breaks as %0D%0A, and the whole link is HTML-escaped where
it is written into the page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

import yaml

from essaim.contribute import forms, proposal, trial_report
from essaim.settings import COMMITTEE_EMAIL, COMMITTEE_EMAIL_ENV


@dataclass(frozen=True)
class MailForm:
    form: Path  # the issue form, relative to the project root
    link_text: str


MAIL_FORMS = (
    MailForm(proposal.FORM, "Proposer une ressource par courriel"),
    MailForm(trial_report.FORM, "Signaler un essai par courriel"),
)

_PREAMBLE = (
    "Bonjour,",
    "",
    "Voici ma proposition pour le portail Essaim. J'ai remplacé « _No response_ » par mes "
    "réponses sous chaque titre, sans modifier les lignes qui commencent par ###. "
    "Les listes de valeurs possibles sont sur la page « Contribuer » du portail.",
    "",
)


def committee_email() -> str:
    """The committee's address: ESSAIM_COMITE_COURRIEL when set (deployment), else the default."""
    return os.environ.get(COMMITTEE_EMAIL_ENV, "").strip() or COMMITTEE_EMAIL


def mail_subject(root: Path, form: Path) -> str:
    """The title GitHub gives an issue of this form (« [Proposition] »…), as the subject."""
    data = yaml.safe_load((root / form).read_text(encoding="utf-8"))
    return str(data.get("title", "")).strip()


def mail_body(root: Path, form: Path) -> str:
    """The e-mail text: a short preamble, then every question of the form, unanswered."""
    lines = list(_PREAMBLE)
    for field in forms.load_form(root, form):
        lines += [f"### {field.label}", ""]
        if field.kind == "checkboxes":
            lines += [f"- [ ] {option}" for option in field.options]
        else:
            lines.append(forms.NO_RESPONSE)
        lines.append("")
    return "\r\n".join(lines).rstrip() + "\r\n"


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: URI with every reserved or non-ASCII character percent-encoded."""
    return (
        f"mailto:{quote(address, safe='@')}"
        f"?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    )


def _link(root: Path, address: str, form: Path) -> str:
    return mailto(address, mail_subject(root, form), mail_body(root, form))


def render_mail_block(root: Path) -> str:
    """The block of the « Contribuer » page: one prepared e-mail per form.

    A project without the issue forms (a test project, a copy without .github/) gets no
    block: there is no form for an e-mail to mirror.
    """
    address = committee_email()
    mails = [mail for mail in MAIL_FORMS if (root / mail.form).is_file()]
    if not mails:
        return ""
    items = "".join(
        f'<li><a class="md-button" href="{escape(_link(root, address, mail.form))}">'
        f"{escape(mail.link_text)}</a></li>"
        for mail in mails
    )
    choices = []
    seen = set()
    for mail in mails:
        for field in forms.load_form(root, mail.form):
            if field.kind != "dropdown" or field.label in seen:
                continue
            seen.add(field.label)
            choices.append(
                f"<dt>{escape(field.label)}</dt><dd>{escape(' ; '.join(field.options))}</dd>"
            )
    return (
        '<div class="essaim-courriels">'
        f'<ul class="essaim-boutons">{items}</ul>'
        f"<p>Le message s'ouvre dans votre logiciel de courrier, adressé au comité éditorial "
        f'(<a href="mailto:{escape(quote(address, safe="@"))}">{escape(address)}</a>) et déjà '
        "rempli avec les questions du formulaire. Remplacez « _No response_ » par vos réponses "
        "et envoyez-le.</p>"
        "<details><summary>Les réponses possibles aux questions à choix</summary>"
        "<p>Recopiez la valeur telle quelle ; pour plusieurs valeurs, séparez-les par des "
        "virgules.</p>"
        f'<dl class="essaim-faits">{"".join(choices)}</dl></details></div>'
    )
