"""What reaches a visitor's browser: contributor text is shown as text, never run.

One strict build of a hostile case (tags in the title, summary, territory name, producer
and trial report) read back with a real HTML parser: each value is in the page as the
text the contributor typed, in <title>, in the header and in the body, and no element
or attribute came from it.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from tests.conftest import FIXTURES, make_project
from tests.helpers import build_without_prefilters
from tests.site.test_hostile import install_case

CASE = FIXTURES / "hostile" / "sortie-metadonnees" / "balise-non-fermee-partout"
TITLE = "Réunion <img src=x onerror=alert(1)"
PRODUCER = "Maison <img src=x onerror=alert(5)"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The case is refused by `essaim check` (tests/fixtures/hostile/sortie-metadonnees.yml):
    it is built here with the check's content pre-filters switched off, in this process,
    to show that the outputs do not depend on them."""
    tmp = tmp_path_factory.mktemp("sortie")
    project = make_project(tmp / "projet")
    install_case(project, CASE)
    site = tmp / "site"
    build_without_prefilters(project, site)
    return site


def _page(site: Path, path: str):
    return lxml.html.document_fromstring((site / path / "index.html").read_bytes())


def _header_title(doc) -> str:
    return doc.xpath('string(//div[@data-md-component="header-topic"]//span)').strip()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("ressources/balise-non-fermee-partout", TITLE),
        ("producteurs/producteur-balise-non-fermee", PRODUCER),
    ],
)
def test_a_hostile_title_reads_as_text_in_title_header_and_heading(hostile_site, path, text):
    doc = _page(hostile_site, path)
    assert doc.findtext(".//title") == f"{text} - Essaim"
    assert _header_title(doc) == text
    assert text in doc.xpath("string(//h1)")


def test_no_element_or_attribute_comes_from_contributor_text(hostile_site):
    for page in sorted(hostile_site.rglob("*.html")):
        doc = lxml.html.document_fromstring(page.read_bytes())
        events = doc.xpath("//@*[starts-with(name(), 'on')]")
        assert events == [], page
        assert doc.xpath("//img[@src='x' or starts-with(@src, 'x/')]") == [], page


def test_every_hostile_value_is_visible_where_it_belongs(hostile_site):
    resource = _page(hostile_site, "ressources/balise-non-fermee-partout")
    body = resource.xpath("string(//article)")
    for text in (
        "Une trame de compte rendu <svg/onload=alert(2)>",
        "Étang <img src=x onerror=alert(3)",
        "Maison <img src=x onerror=alert(8)",
        "Trame raccourcie <svg/onload=alert(9)>",
        "Adoptée <img src=x onerror=alert(10)",
        PRODUCER,
    ):
        assert text in body, text
    description = resource.xpath("string(//meta[@name='description']/@content)")
    assert description.startswith("Une trame de compte rendu <svg/onload=alert(2)>")
    producer = _page(hostile_site, "producteurs/producteur-balise-non-fermee")
    assert "Une maison des associations <img src=x onerror=alert(7)" in producer.xpath(
        "string(//article)"
    )


def test_proposals_from_the_issue_forms_are_published_as_text(tmp_path):
    """Both issue forms (« Proposer une ressource », « Signaler un essai »), through the
    converters that `essaim depuis-issue` runs: the accepted hostile proposals build with
    --strict, their text reads as typed, nothing active reaches the site."""
    import yaml

    from essaim.contribute.proposal import FORM, convert_issue
    from essaim.contribute.trial_report import FORM as TRIAL_FORM
    from essaim.contribute.trial_report import convert_trial_issue
    from tests.conftest import TODAY, make_project_with_form
    from tests.helpers import build_site, unsafe_html

    project = make_project_with_form(tmp_path / "projet", FORM)
    (project / TRIAL_FORM).parent.mkdir(parents=True, exist_ok=True)
    (project / TRIAL_FORM).write_bytes((Path(__file__).parents[2] / TRIAL_FORM).read_bytes())
    proposal = (FIXTURES / "issues" / "titre-guillemets-et-chevrons.md").read_text(encoding="utf-8")
    trial = (FIXTURES / "issues-essai" / "resultat-guillemets-et-chevrons.md").read_text(
        encoding="utf-8"
    )
    created = convert_issue(proposal, project, number=12, today=TODAY)
    reported = convert_trial_issue(trial, project, number=13, today=TODAY)
    assert created.path and reported.path, (created.problems, reported.problems)
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert unsafe_html(site) == []
    slug = Path(created.path).stem
    title = yaml.safe_load((project / created.path).read_text(encoding="utf-8").split("---")[1])
    doc = _page(site, f"ressources/{slug}")
    assert doc.findtext(".//title") == f"{title['titre']} - Essaim"
    assert 'Convention " onmouseover="alert(1)" quand 3 < 5' == title["titre"]
    tried = _page(site, "ressources/modele-convention-pret-materiel-gratuit")
    assert 'Signée par " onmouseover="alert(1)" moins de 5 < 6 associations' in tried.xpath(
        "string(//article)"
    )
