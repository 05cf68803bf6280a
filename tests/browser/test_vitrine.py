"""The portal's shop window: resource page chrome, related resources, Git dates, labels,
statistics, map and feeds as a visitor meets them (issue 16)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from essaim import labels
from essaim.catalog import history
from essaim.catalog.load import load_catalog
from essaim.catalog.quality import listed
from essaim.model import SiteInfo
from essaim.pages import facets
from essaim.pages.related import related_resources
from essaim.pages.site import render_site
from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture

REPO = "https://github.com/essaim-portail/essaim"


# ---------------------------------------------------------------- dates from Git


def _git(folder: Path, *args: str, date: str = "") -> None:
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder),
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_one_git_log_dates_each_resource_by_its_last_commit(project: Path):
    first = add_fixture(project, FIXTURES / "valid" / "minimal.md")
    second = add_fixture(project, FIXTURES / "valid" / "bassin-de-vie.md")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "one", date="2025-03-04T23:30:00+02:00")
    second.write_text(second.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", "utf-8")
    _git(project, "commit", "-qam", "two", date="2026-01-10T12:00:00+00:00")
    dates = history.last_changes(project)
    # committer dates in UTC: 23:30 at UTC+2 is still the 4th in UTC
    assert dates[str(first.relative_to(project))] == "2025-03-04"
    assert dates[str(second.relative_to(project))] == "2026-01-10"

    catalog = load_catalog(project, today=TODAY)
    pages = render_site(catalog, site=SiteInfo(changes=dates))
    assert "Fiche mise à jour le 10 janvier 2026" in pages["ressources/bassin-de-vie.md"]
    assert "Fiche mise à jour le 4 mars 2025" in pages["ressources/minimal.md"]


def test_no_git_dates_outside_a_work_tree_or_in_a_shallow_clone(project: Path, tmp_path: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    assert history.last_changes(project) == {}  # the tests' projects are not repositories
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "one", date="2025-03-04T10:00:00+00:00")
    _git(project, "commit", "-q", "--allow-empty", "-m", "two")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert history.last_changes(clone) == {}, "a shallow clone does not know when files changed"
    pages = render_site(load_catalog(clone, today=TODAY), site=SiteInfo(changes={}))
    assert "Fiche mise à jour" not in pages["ressources/minimal.md"]


# ---------------------------------------------------------------- related resources


@pytest.fixture(scope="module")
def real_catalog():
    return load_catalog(ROOT, today=TODAY)


def test_related_resources_share_themes_or_territory_and_never_the_resource_itself(real_catalog):
    related = related_resources(listed(real_catalog))
    for resource in listed(real_catalog).resources:
        others = related[resource.slug]
        assert resource.slug not in [r.slug for r in others]
        assert len({r.slug for r in others}) == len(others)
        for other in others:
            shared = set(resource.themes) & set(other.themes)
            same_place = set(real_catalog.territories.departements_of(resource.territory)) & set(
                real_catalog.territories.departements_of(other.territory)
            )
            assert shared or same_place, (resource.slug, other.slug)


def test_suggestions_never_repeat_the_resources_liees_names(real_catalog, real_site):
    """`liees` (both directions) is listed first, as a list; suggestions come after, as
    cards, without any resource of that list."""
    from essaim.model import related_slugs

    catalog = listed(real_catalog)
    related = related_resources(catalog)
    named = [r for r in catalog.resources if related_slugs(r)]
    assert named
    for resource in named:
        assert not set(related_slugs(resource)) & {r.slug for r in related[resource.slug]}
    html = (real_site / "ressources" / named[0].slug / "index.html").read_text("utf-8")
    section = html.split('<section class="essaim-liees">', 1)[1].split("</section>", 1)[0]
    assert html.count('id="ressources-liees"') == 1
    first_card = section.find('<article class="essaim-carte">')
    last_item = section.rfind("<li><a ")
    assert last_item != -1 and (first_card == -1 or last_item < first_card)


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_resource_page_offers_downloads_edit_link_breadcrumb_and_date_near_the_top(site: Path):
    html = _html(site, "ressources/modele-budget-previsionnel-projet")
    top = html.split('<dl class="essaim-fiche">', 1)[0]
    for ext, (button, _) in labels.DOWNLOAD_BUTTONS.items():
        assert f'href="./modele-budget-previsionnel-projet.{ext}" download="">' in top
        assert button in top
    assert f'href="{REPO}/edit/main/resources/modeles/modele-budget-previsionnel-projet.md"' in top
    assert "Fiche mise à jour le " in top
    crumbs = re.search(r'<nav class="essaim-ariane".*?</nav>', top).group()
    assert 'href="../../"' in crumbs and 'href="../../types/modele-document/"' in crumbs
    assert "Modèles de documents" in crumbs
    assert '<a class="essaim-retour" href="../../catalogue/" hidden="">' in crumbs
    assert "Ressources liées" in html


def test_attachments_show_format_and_size():
    from essaim.pages.resource import download_button

    button = download_button("tableau.ods", "Tableau <b>", 12_345)
    assert "Tableau &lt;b&gt;" in button and "12 Ko" in button and ".ods" in button


def test_every_download_button_shows_the_size_of_the_file_it_offers(site: Path):
    """Attachments and generated office files alike (the latter are made while the pages
    render): the size on the button is the size of the file published beside the page."""
    button = re.compile(
        r'<a class="md-button essaim-telecharger" href="\./([^"]+)" download="">'
        r'<span class="essaim-telecharger__titre">[^<]*</span>'
        r'<span class="essaim-telecharger__format">([^<]*)</span></a>'
    )
    seen = set()
    for page in sorted((site / "ressources").glob("*/index.html")):
        for file, line in button.findall(page.read_text(encoding="utf-8")):
            published = page.parent / unquote(file)
            assert published.is_file(), (page, file)
            size = published.stat().st_size
            shown = re.search(r"&nbsp;·&nbsp;([0-9]+(?:,[0-9])?) (octets|Ko|Mo)$", line)
            assert shown, (page.parent.name, file, line)
            number, unit = float(shown[1].replace(",", ".")), shown[2]
            scale, rounding = {"octets": (1, 0), "Ko": (1000, 500), "Mo": (1e6, 50_000)}[unit]
            assert abs(number * scale - size) <= rounding, (file, line, size)
            seen.add(file.rsplit(".", 1)[-1])
    assert {"odt", "docx", "ods", "xlsx"} <= seen


def test_generated_file_sizes_are_added_once_even_to_a_page_that_has_them():
    from essaim.pages.resource import download_button, with_download_sizes

    page = "<div>" + download_button("fiche.odt", "Texte", None, "modèle modifiable") + "</div>"
    once = with_download_sizes(page, {"fiche.odt": 12_345, "absent.docx": 10})
    assert "modèle modifiable\u00a0· .odt&nbsp;·&nbsp;12 Ko</span></a>" in once
    again = with_download_sizes(once, {"fiche.odt": 2_400_000})
    assert (
        "modèle modifiable\u00a0· .odt&nbsp;·&nbsp;2,4 Mo</span></a>" in again and "Ko" not in again
    )


def test_one_name_per_type_in_catalogue_statistics_and_cards(site: Path, real_catalog):
    stats = _html(site, "statistiques")
    catalogue = _html(site, "catalogue")
    names = [o.label for o in facets.facet_options(listed(real_catalog))["type"]]
    assert names
    for name in names:
        assert f'<th scope="row">{name}</th>' in stats, name
        assert re.search(rf"> {re.escape(name)} <span class=\"essaim-nb\"", catalogue), name
    for label in labels.TYPES.values():
        # a plural names the same thing as its label (« Outil » / « Outils »)
        assert label.plural.lower().startswith(label.label.lower()[:4]), label


def test_statistics_tables_are_styled_captioned_and_keyboard_reachable(site: Path):
    stats = _html(site, "statistiques")
    wrappers = re.findall(r'<div class="essaim-defile"([^>]*)><table class="essaim-table">', stats)
    assert len(wrappers) >= 5
    for attributes in wrappers:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        assert "aria-label=" in attributes
    assert stats.count("<caption>") >= 5
    assert '<td class="essaim-nombre">' in stats


def test_footer_is_french_and_links_licence_data_contact_and_source(site: Path):
    for path in ("", "ressources/modele-budget-previsionnel-projet"):
        footer = _html(site, path).split('<footer class="md-footer">', 1)[1]
        assert "Made with" not in footer and "Material for MkDocs" not in footer
        assert "Licence Ouverte 2.0" in footer
        assert "Données ouvertes" in footer
        assert f'href="{REPO}/issues/new/choose"' in footer
        assert f'href="{REPO}"' in footer


def test_empty_feed_is_dated_on_the_build_day(site: Path):
    feed = (site / "flux" / "departement-01.xml").read_text(encoding="utf-8")
    assert "<entry>" not in feed
    assert "<updated>2026-01-15T00:00:00Z</updated>" in feed  # ESSAIM_DATE of the test build


def test_pages_never_request_a_missing_file(open_page, base_url):
    """Material fetches sitemap.xml next to every link[rel=alternate]: feeds must not be one."""
    page = open_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    for path in ("/", "/types/guide/", "/territoires/departement-94/", "/statistiques/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert missing == []


def test_back_to_results_appears_only_when_coming_from_the_catalogue(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/ressources/modele-budget-previsionnel-projet/")
    assert not page.locator(".essaim-retour").is_visible()
    assert page.locator(".essaim-ariane ol").is_visible()

    page.goto(f"{base_url}/catalogue/?q=budget")
    page.wait_for_function("document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'")
    page.locator("#essaim-resultats .essaim-carte__titre a").first.click()
    page.wait_for_url("**/ressources/**")
    back = page.locator(".essaim-retour")
    assert back.is_visible()
    assert back.get_attribute("href").endswith("/catalogue/?q=budget")
    # still offered after following a related resource
    page.locator(".essaim-liees .essaim-carte__titre a").first.click()
    page.wait_for_url("**/ressources/**")
    assert page.locator(".essaim-retour").is_visible()
    back.click()
    page.wait_for_url("**/catalogue/?q=budget")


def test_style_sheets_have_balanced_blocks():
    """One unclosed rule silently drops every rule after it (a merge once did just that)."""
    for sheet in (ROOT / "docs" / "assets").glob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r'"[^"]*"', '""', text)
        depth = 0
        for line_number, line in enumerate(text.split("\n"), 1):
            depth += line.count("{") - line.count("}")
            assert 0 <= depth <= 2, f"{sheet.name}:{line_number}"
        assert depth == 0, sheet.name


def test_territory_page_groups_by_type_and_puts_region_trials_and_national_first(site: Path):
    html = _html(site, "territoires/departement-94")
    shortcuts = re.search(r'<nav class="essaim-raccourcis".*?</nav>', html).group()
    assert 'href="../region-11/"' in shortcuts
    assert 'href="#essayees-ici"' in shortcuts and 'id="essayees-ici"' in html
    assert 'href="../national/"' in shortcuts
    assert 'href="../../flux/departement-94.xml"' in shortcuts and "S'abonner" in shortcuts
    assert 'href="../../catalogue/?departement=94"' in shortcuts
    groups = re.findall(
        r'<h2 id="type-([a-z-]+)">[^<]+<span class="essaim-compte">\((\d+)\)</span></h2>\s*'
        r'<div class="essaim-cartes[^"]*">(.*?)</div>',
        html,
        flags=re.S,
    )
    assert len(groups) >= 3
    order = list(labels.TYPES)
    assert [order.index(kind) for kind, _, _ in groups] == sorted(
        order.index(kind) for kind, _, _ in groups
    )
    for _kind, count, cards in groups:
        assert cards.count('<article class="essaim-carte">') == int(count)
    # « Essayées ici » comes before the helpers and the list of places, not after them
    assert html.index('id="essayees-ici"') < html.index('id="qui-peut-vous-aider"')


def test_empty_territory_page_links_contributing_and_shows_national_resources(site: Path):
    html = _html(site, "territoires/departement-01")
    assert 'href="../../contribuer/"' in html
    assert "ressources nationales les plus récentes" in html
    assert html.count('<article class="essaim-carte">') >= 1
    # no search on this territory alone (it would find nothing); its union with the national
    # resources is offered
    assert '?departement=01"' not in html
    assert "?departement=01&amp;region=national" in html


def test_subscribe_links_on_home_type_territory_and_watch_pages(site: Path):
    for path, feed in (
        ("", "flux/tout.xml"),
        ("types/guide", "../../flux/type-guide.xml"),
        ("types/veille-juridique", "../../flux/type-veille-juridique.xml"),
        ("territoires/departement-13", "../../flux/departement-13.xml"),
    ):
        link = re.search(
            rf'<a class="essaim-abonner" href="{re.escape(feed)}"[^>]*>([^<]+)</a>',
            _html(site, path),
        )
        assert link and "S'abonner" in link.group(1), path
        assert (site / path / feed).resolve().is_file(), feed


def test_territory_search_link_opens_the_catalogue_filtered_on_it(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/territoires/departement-13/")
    page.click(".essaim-raccourcis a[href*='catalogue']")
    page.wait_for_function("document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'")
    assert page.is_checked("#f-departement-13")
    count = page.locator("#essaim-resultats .essaim-carte").count()
    assert count == _html_count(page, base_url)


def _html_count(page, base_url) -> int:
    page.goto(f"{base_url}/territoires/departement-13/")
    return page.locator("main [id^='type-'] + .essaim-cartes .essaim-carte").count()
