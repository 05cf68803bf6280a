"""Property tests on what reaches a visitor: whatever text a contributor writes, in any field
of a resource, a producer, a trial report, a structure or a vocabulary, no output holds
active content, and the text is kept (escaped, never dropped).

The validation is bypassed on purpose: hostile values are put straight into the loaded
catalogue, so that safety is shown not to depend on the check's pre-filters. Pages are made
by the pure generator (essaim.pages.site.render_site) and converted as the MkDocs hook does;
the theme's frame is reduced to the places Material prints page.meta (<title>, header,
description). One real `mkdocs build --strict` closes the file with hostile files on disk.

Each output family is one function of OUTPUT_CHECKS, (catalog, hostile) → None: a new
family (CSV, office files) is one more function.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import html
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import lxml.html
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim.catalog.load import load_catalog
from essaim.catalog import safety
from essaim.catalog.safety import encodable
from essaim.hook import htmlblocks
from essaim.model import Archive, Attachment, Check, HowTo, Link, Trial
from essaim.pages import listings
from essaim.pages.resource import render_resource_page
from essaim.pages.site import render_site
from essaim.publish import feeds, search_index, tripwire
from essaim.publish.redirects import redirect_page
from essaim.urls import resource_src
from tests.conftest import FIXTURES, ROOT, TODAY, make_project
from tests.helpers import _ActiveContent, build_without_prefilters, unsafe_html
from tests.hostile import FORMULAS, NOT_XML
from tests.site.test_hostile import install_case

BASE_CASE = FIXTURES / "hostile" / "sortie-metadonnees" / "balise-non-fermee-partout"
SLUG = "balise-non-fermee-partout"
PRODUCER = "producteur-balise-non-fermee"

# Markup, scheme, entity, template and Markdown tricks, one per class of attack.
HTML_ATTACKS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106;avascript&colon;alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "{{ 7*7 }}",
    "{% raw %}{{ config }}{% endraw %}",
    "${alert(1)}",
    "<!-- x --><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml-stylesheet href='x.xsl'?>",
    "<iframe src=//pirate.example>",
    "<base href=//pirate.example/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<form action=//pirate.example><button>ok</button></form>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<details open ontoggle=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "[x](javascript:alert(1))",
    '![x](x "onerror=alert(1)")',
    "<javascript:alert(1)>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "| <img src=x onerror=alert(1)> | b |\n|---|---|\n| c | d |",
    "- <svg onload=alert(1)>\n- [y](vbscript:msgbox(1))",
    "x{: onclick=alert(1) }",
    "\u202eevil\u202c",
    "\u2066\u2067\u2068\u2069",
    "\u200b\ufeff",
    "\x1b[31m",
    *FORMULAS,
)
# Characters some outputs cannot hold; they must not break a page or a feed either.
CONTROLS = (*NOT_XML, "\r", "\u2028", "\u0085")


def hostile_text() -> st.SearchStrategy[str]:
    attack = st.sampled_from(HTML_ATTACKS)
    return st.one_of(
        attack,
        st.builds(lambda a, b, c: a + b + c, st.text(max_size=8), attack, st.text(max_size=8)),
        st.builds("".join, st.lists(st.one_of(attack, st.sampled_from(CONTROLS)), max_size=4)),
        st.text(max_size=40),
    ).filter(lambda s: s.strip() != "")


FIELDS = (
    "titre", "resume", "corps", "mot_cle", "lien_titre", "lien_url", "piece_jointe_titre",
    "territoire_nom", "url", "archive_motif", "note_qualite", "essai_structure",
    "essai_adaptation", "essai_resultat", "verification_qui", "verification_quoi",
    "mise_en_action", "producteur_nom", "producteur_sigle", "producteur_description",
    "producteur_site", "structure_nom", "structure_description", "structure_adresse",
    "structure_site", "structure_courriel", "theme_libelle", "theme_description",
)  # fmt: skip


def hostile_values() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({name: hostile_text() for name in FIELDS})


# ---------------------------------------------------------------- a catalogue with hostile values


@functools.cache
def _base_catalog():
    project = make_project(Path(tempfile.mkdtemp(prefix="essaim-sortie-")) / "projet")
    install_case(project, BASE_CASE)
    shutil_structures(project)
    with pytest.MonkeyPatch.context() as patch:  # the case is refused by the check
        patch.setattr(safety, "text_findings", lambda value: iter(()))
        patch.setattr(safety, "body_findings", lambda body: iter(()))
        catalog = load_catalog(project, today=TODAY)
    assert catalog.errors == [], [p.format_text() for p in catalog.errors]
    return catalog


def shutil_structures(project: Path) -> None:
    """One structure of the real directory, to carry hostile values too."""
    import shutil

    (project / "structures").mkdir(exist_ok=True)
    first = sorted((ROOT / "structures").glob("*.yml"))[0]
    shutil.copy(first, project / "structures" / first.name)


def hostile_catalog(values: dict[str, str]):
    base = _base_catalog()
    # Shallow copies: the territories (the whole COG) are shared, read only.
    catalog = copy.copy(base)
    resource = copy.copy(base.resource(SLUG))
    catalog.resources = [resource if r.slug == SLUG else r for r in base.resources]
    catalog.producers = {k: copy.copy(p) for k, p in base.producers.items()}
    catalog.structures = dict(base.structures)
    catalog.themes = dict(base.themes)
    v = values
    resource.title = v["titre"]
    resource.summary = v["resume"]
    resource.body = v["corps"]
    resource.keywords = (v["mot_cle"],)
    resource.links = (Link(v["lien_titre"], v["lien_url"]),)
    resource.attachments = (Attachment("fiche.pdf", v["piece_jointe_titre"]),)
    resource.territory = dataclasses.replace(resource.territory, name=v["territoire_nom"])
    resource.url = v["url"]
    resource.how_to = HowTo(steps=(v["mise_en_action"],), duration=v["mise_en_action"])
    trial = Trial(
        territory=resource.quality.trials[0].territory,
        date="2016",
        structure=v["essai_structure"],
        adaptation=v["essai_adaptation"],
        outcome=v["essai_resultat"],
    )
    check = Check(
        role="juriste", checker=v["verification_qui"], date="2025-06", scope=v["verification_quoi"]
    )
    resource.quality = dataclasses.replace(
        resource.quality, trials=(trial,), checks=(check,), note=v["note_qualite"]
    )
    resource.raw = {**resource.raw, "titre": v["titre"], "resume": v["resume"]}
    archived = copy.copy(resource)
    archived.archive = Archive(date="2025-01-01", reason=v["archive_motif"])
    producer = catalog.producers[PRODUCER]
    producer.name = v["producteur_nom"]
    producer.acronym = v["producteur_sigle"]
    producer.description = v["producteur_description"]
    producer.site = v["producteur_site"]
    for structure in list(catalog.structures.values())[:1]:
        catalog.structures[structure.slug] = dataclasses.replace(
            structure,
            name=v["structure_nom"],
            description=v["structure_description"],
            address=v["structure_adresse"],
            site=v["structure_site"],
            email=v["structure_courriel"],
        )
    for theme in resource.themes:
        catalog.themes[theme] = dataclasses.replace(
            catalog.themes[theme], label=v["theme_libelle"], description=v["theme_description"]
        )
    return catalog, archived


# ---------------------------------------------------------------- pages, as the hook makes them


@functools.cache
def _markdown() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )


def page_html(text: str, catalog) -> str:
    """One generated page as a browser would get it: front matter into the places where
    Material prints it unescaped, Markdown converted and sanitised as in the hook."""
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    skip = None
    slug = meta.get("essaim_ressource")
    if slug:
        resource = catalog.resource(slug)
        skip = htmlblocks.own_text_span(body, resource.body if resource else "")
    body, blocks = htmlblocks.extract(body, "0123456789abcdef", skip)
    converted = _markdown().reset().convert(body)
    converted = listings.scrollable_text_tables(htmlblocks.finish_page(converted, blocks, bool(slug)))
    title, description = meta["title"], meta["description"]
    return (
        f'<!doctype html><html lang="fr"><head><meta name="description" content="{description}">'
        f"<title>{title} - Essaim</title></head><body><header><div data-md-component="
        f'"header-topic"><span class="md-ellipsis">{title}</span></div></header>'
        f"<article>{converted}</article></body></html>"
    )


ALLOW = tripwire.Allowlist(form_actions=frozenset({"catalogue/"}))


def _no_active_content(path: str, document: str) -> None:
    assert tripwire.scan_html(path, document, ALLOW) == []
    scanner = _ActiveContent()  # a second, independent parser
    scanner.feed(document)
    scanner.close()
    assert scanner.found == [], (path, scanner.found)


def check_pages(catalog, values: dict[str, str]) -> None:
    pages = render_site(catalog)
    mentioned = (SLUG, PRODUCER, *catalog.structures)
    for src, text in pages.items():
        if not any(name in text for name in mentioned) and "comite" not in src:
            continue
        document = page_html(text, catalog)
        _no_active_content(src, document)
    # Escaped, not dropped: the title reads as the contributor wrote it.
    front = yaml.safe_load(pages[resource_src(SLUG)].split("---\n", 2)[1])
    assert html.unescape(front["title"]) == encodable(values["titre"])
    assert html.unescape(front["description"]) == encodable(values["resume"])
    doc = lxml.html.document_fromstring(page_html(pages[resource_src(SLUG)], catalog))
    if _printable(values["titre"]):
        assert doc.findtext(".//title") == f"{values['titre']} - Essaim"


def check_feeds(catalog, values: dict[str, str]) -> None:
    for path, text in feeds.feed_files(catalog, "https://exemple.fr/").items():
        assert tripwire.scan_xml(path, text.encode("utf-8")) == [], path
        if f"/{SLUG}/" not in text:
            continue
        root = ET.fromstring(text)
        titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
        if _printable(values["titre"]):
            assert values["titre"].strip() in [(t or "").strip() for t in titles]


def check_json(catalog, values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        search_index.write_search_index(catalog, Path(tmp))  # as the build writes it
        for path in tripwire.site_files(Path(tmp)):
            assert tripwire.scan_json(path, (Path(tmp) / path).read_bytes()) == [], path


def check_redirect(catalog, values: dict[str, str]) -> None:
    page = redirect_page(values["titre"], "../nouvelle/", "https://exemple.fr/ressources/x/")
    _no_active_content("ressources/ancienne/index.html", page)


def check_archived(catalog, archived, values: dict[str, str]) -> None:
    catalog.resources = [archived if r.slug == SLUG else r for r in catalog.resources]
    text = render_resource_page(archived, catalog)
    _no_active_content("ressources/archivee/index.html", page_html(text, catalog))


OUTPUT_CHECKS: list[Callable] = [check_pages, check_feeds, check_json, check_redirect]


def _printable(text: str) -> bool:
    """Text a parser gives back unchanged (no control, no carriage return, no NUL)."""
    return text == text.strip() and all(c.isprintable() for c in text) and "\u202e" not in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_values())
def test_no_output_holds_active_content(values):
    catalog, archived = hostile_catalog(values)
    for check in OUTPUT_CHECKS:
        check(catalog, values)
    check_archived(catalog, archived, values)


@pytest.mark.parametrize("attack", HTML_ATTACKS)
def test_each_attack_in_every_field_at_once(attack):
    """Every known attack, in every field at the same time (hypothesis picks combinations)."""
    values = dict.fromkeys(FIELDS, attack)
    catalog, archived = hostile_catalog(values)
    for check in OUTPUT_CHECKS:
        check(catalog, values)
    check_archived(catalog, archived, values)


# ---------------------------------------------------------------- one real build


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HTML_ATTACKS), min_size=6, max_size=6, unique=True))
def test_a_real_build_of_hostile_files_never_shows_a_traceback_nor_active_content(attacks):
    """Hostile text written into real files and published with the check's pre-filters off:
    `mkdocs build --strict` publishes it as text, and its last scan finds nothing."""
    with tempfile.TemporaryDirectory(prefix="essaim-sortie-build-") as tmp:
        project = make_project(Path(tmp) / "projet")
        for index, attack in enumerate(attacks):
            install_case(project, BASE_CASE, folder=f"cas-{index}")
            _rename_case(project, index, attack)
        site = Path(tmp) / "site"
        build_without_prefilters(project, site)  # the tripwire would abort it
        assert unsafe_html(site) == []


def _rename_case(project: Path, index: int, attack: str) -> None:
    """Give case number index its own identifiers and put the attack in its fields."""
    folder = project / "resources" / f"cas-{index}"
    slug = f"{SLUG}-{index}"
    producer = f"{PRODUCER}-{index}"
    (folder / f"{SLUG}.essais").rename(folder / f"{slug}.essais")
    text = (folder / f"{SLUG}.md").read_text(encoding="utf-8")
    (folder / f"{SLUG}.md").unlink()
    quoted = json.dumps(attack, ensure_ascii=False)  # a YAML double-quoted scalar
    text = text.replace(PRODUCER, producer)
    text = text.replace('"Réunion <img src=x onerror=alert(1)"', quoted)
    text = text.replace('"Ateliers <img src=x onerror=alert(4)"', quoted)
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    registry = project / "producers" / f"{PRODUCER}.yml"
    content = registry.read_text(encoding="utf-8").replace(
        '"Maison <img src=x onerror=alert(5)"', quoted
    )
    (project / "producers" / f"{producer}.yml").write_text(content, encoding="utf-8")
