"""Propose without GitHub: the prepared e-mails of « Contribuer » carry the forms' questions,
correctly percent-encoded, and their answers convert like an issue once pasted into one."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from essaim.catalog.load import load_catalog
from essaim.contribute import mail as mail_forms
from essaim.contribute import proposal, trial_report
from essaim.contribute.forms import NO_RESPONSE, load_form, parse_body
from essaim.contribute.proposal import convert_issue
from tests.conftest import FIXTURES, ROOT, TODAY, make_project_with_form


def _mail_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [html.unescape(href) for href in re.findall(r'href="(mailto:[^"]*\?[^"]*)"', text)]


def test_contribute_page_offers_one_prepared_mail_per_form(real_site: Path):
    links = _mail_links(real_site / "contribuer" / "index.html")
    assert len(links) == len(mail_forms.MAIL_FORMS) == 2
    for link, mail in zip(links, mail_forms.MAIL_FORMS, strict=True):
        # nothing but unreserved characters and percent escapes after « mailto: »
        assert re.fullmatch(
            r"mailto:[A-Za-z0-9@._-]+\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]+", link
        )
        parts = urlsplit(link)
        assert unquote(parts.path) == mail_forms.COMMITTEE_EMAIL
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
        assert query["subject"] == [mail_forms.mail_subject(ROOT, mail.form)]
        body = query["body"][0]
        assert "\r\n" in body and "%0D%0A" in link
        fields = load_form(ROOT, mail.form)
        answers, problems = parse_body(body, fields)
        assert problems == []
        assert set(answers) == {f.id for f in fields}
        assert all(
            value == ""
            for f, value in zip(fields, answers.values(), strict=True)
            if f.kind != "checkboxes"
        )
    subjects = [parse_qs(urlsplit(link).query)["subject"][0] for link in links]
    assert subjects == ["[Proposition]", "[Essai]"]


def test_the_committee_address_comes_from_the_deployment(monkeypatch):
    monkeypatch.setenv("ESSAIM_COMITE_COURRIEL", "comite@mda.exemple.fr")
    block = mail_forms.render_mail_block(ROOT)
    assert 'href="mailto:comite@mda.exemple.fr?subject=' in block
    monkeypatch.setenv("ESSAIM_COMITE_COURRIEL", "  ")
    assert mail_forms.committee_email() == mail_forms.COMMITTEE_EMAIL


def _answer(body: str, answers: dict[str, str], fields) -> str:
    """The e-mail body with the sender's answers under each heading, as a sender writes them."""
    for field in fields:
        value = answers.get(field.id, "")
        if field.kind == "checkboxes":
            for option in field.options:
                if f"- [X] {option}" in value or f"- [x] {option}" in value:
                    body = body.replace(f"- [ ] {option}", f"- [x] {option}")
            continue
        if value:
            heading = f"### {field.label}\r\n\r\n{NO_RESPONSE}"
            assert heading in body, field.label
            body = body.replace(heading, f"### {field.label}\r\n\r\n{value}", 1)
    return body


def test_an_answered_proposal_mail_pasted_into_an_issue_becomes_a_resource(tmp_path: Path):
    project = make_project_with_form(tmp_path / "projet", proposal.FORM)
    fields = load_form(ROOT, proposal.FORM)
    # the answers of a proposal known to convert (tests/fixtures/issues/)
    sample = (FIXTURES / "issues" / "modele-avec-essai.md").read_text(encoding="utf-8")
    answers, problems = parse_body(sample, fields)
    assert problems == []
    mail = _answer(mail_forms.mail_body(ROOT, proposal.FORM), answers, fields)
    # the committee pastes from the first « ### » line (docs/comite.md)
    pasted = mail[mail.index("### ") :]
    conversion = convert_issue(pasted, project, number=7, today=TODAY)
    assert conversion.problems == []
    catalog = load_catalog(project, today=TODAY)
    [resource] = [r for r in catalog.resources if r.path == conversion.path]
    assert resource.quality.level == "inspiration locale"


def test_an_unanswered_trial_mail_is_refused_with_the_question_to_answer(tmp_path: Path):
    project = make_project_with_form(tmp_path / "projet", trial_report.FORM)
    body = mail_forms.mail_body(ROOT, trial_report.FORM)
    conversion = trial_report.convert_trial_issue(body, project, number=3, today=TODAY)
    assert conversion.path is None
    assert any("Ressource essayée" in p for p in conversion.problems), conversion.problems


def test_a_project_without_issue_forms_gets_no_mail_block(tmp_path: Path):
    assert mail_forms.render_mail_block(tmp_path) == ""
