"""One resource's page: breadcrumb, banners, download buttons, facts, text and evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from essaim import labels
from essaim.catalog.safety import file_href, web_href
from essaim.dates import french_date
from essaim.model import Catalog, Resource, SiteInfo, formats_of
from essaim.pages import evidence, how_to
from essaim.pages.cards import render_cards
from essaim.pages.catalogue import SEARCH_SRC
from essaim.pages.html import badge, definition_list, front_matter, territory_links
from essaim.pages.listings import family_src
from essaim.text import escape_html as escape
from essaim.urls import relative_href, resource_src


def render_resource_page(
    resource: Resource,
    catalog: Catalog,
    site: SiteInfo | None = None,
    nearby: Iterable[Resource] = (),
) -> str:
    site = site or SiteInfo()
    src = resource_src(resource.slug)
    parts = [
        front_matter(
            resource.title,
            resource.summary,
            essaim_ressource=resource.slug,
            **evidence.front_matter(resource),
        ),
        _breadcrumb(resource, src),
        f'<h1 class="essaim-titre">{escape(resource.title)}</h1>',
        evidence.banners(resource, catalog, src),
        f'<p class="essaim-resume">{escape(resource.summary)}</p>',
        _actions(resource, site),
        _facts_list(resource, catalog, src),
        evidence.evidence_block(resource, catalog, src),
        how_to.how_to_block(resource),
        resource.body.strip(),
    ]
    if resource.links:
        items = "".join(
            f'<li><a href="{web_href(link.url)}">{escape(link.title)}</a></li>'
            for link in resource.links
        )
        parts.append(f'<div class="essaim-liens"><h2>Liens utiles</h2><ul>{items}</ul></div>')
    nearby = list(nearby)
    similar = render_cards(nearby, catalog, src, compact=True) if nearby else ""
    parts.append(
        how_to.related_block(resource, catalog.resource, src, relative_href, resource_src, similar)
    )
    return "\n\n".join(p for p in parts if p) + "\n"


def _breadcrumb(resource: Resource, src: str) -> str:
    """Where the page sits (home › its type), and a « retour aux résultats » link that
    assets/essaim.js shows, pointing at the search the visitor came from."""
    kind = labels.TYPES[resource.type]
    return (
        '<nav class="essaim-ariane" aria-label="Fil d\'Ariane">'
        f'<a class="essaim-retour" href="{relative_href(src, SEARCH_SRC)}" hidden>Retour aux résultats</a>'
        f'<ol><li><a href="{relative_href(src, "index.md")}">Accueil</a></li>'
        f'<li><a href="{relative_href(src, f"types/{resource.type}.md")}">{escape(kind.plural)}</a></li>'
        "</ol></nav>"
    )


# Short names of the files a page offers, by extension.
_FORMATS = {
    "pdf": "PDF",
    "odt": "OpenDocument texte",
    "ods": "OpenDocument tableur",
    "odp": "OpenDocument présentation",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "csv": "CSV",
    "txt": "Texte",
    "md": "Markdown",
    "png": "Image PNG",
    "jpg": "Image JPEG",
    "jpeg": "Image JPEG",
    "svg": "Image SVG",
    "zip": "Archive ZIP",
}


def _actions(resource: Resource, site: SiteInfo) -> str:
    """Download buttons (format and size), the date the sheet last changed and the link to
    propose a change. An attachment's size is read here; the generated office files are
    made while the pages render, and with_download_sizes adds theirs once they exist."""
    buttons = []
    for attachment in resource.attachments:
        path = Path(resource.source).parent / attachment.file
        size = path.stat().st_size if path.is_file() else None
        buttons.append(download_button(attachment.file, attachment.title, size))
    for file, _title in generated_downloads(resource):
        ext = file.rsplit(".", 1)[-1]
        button, what = labels.DOWNLOAD_BUTTONS[ext]
        buttons.append(download_button(file, button, None, what))
    if resource.url:
        # A reference or a watch note points to the text it presents: the first way out.
        what = "Lire le texte présenté" if resource.type.startswith("veille") else "Consulter"
        buttons.insert(
            0,
            f'<a class="md-button essaim-telecharger essaim-telecharger--source" href="{web_href(resource.url)}">'
            f'<span class="essaim-telecharger__titre">{what}</span>'
            f'<span class="essaim-telecharger__format">{escape(_host(resource.url))}</span></a>',
        )
    meta = []
    changed = site.changes.get(resource.path, "")
    if changed:
        meta.append(f"Fiche mise à jour le {escape(french_date(changed))}")
    if site.edit_base:
        meta.append(
            f'<a class="essaim-modifier" href="{escape(site.edit_base + quote(resource.path))}">'
            "Proposer une modification</a>"
        )
    block = ""
    if buttons:
        heading = "Télécharger" if len(buttons) > bool(resource.url) else "Accéder à la ressource"
        block += (
            '<div class="essaim-telechargements" role="group" aria-labelledby="essaim-telecharger">'
            f'<span id="essaim-telecharger" class="essaim-telechargements__titre">{heading}</span>'
            f"{''.join(buttons)}</div>"
        )
    if meta:
        block += f'<p class="essaim-fiche-meta">{" · ".join(meta)}</p>'
    return block


def _host(url: str) -> str:
    """« https://www.example.org/a/b » → « www.example.org »."""
    return url.split("://", 1)[-1].split("/", 1)[0]


def download_button(file: str, title: str, size: int | None, what: str = "") -> str:
    ext = file.rsplit(".", 1)[-1].lower() if "." in file else ""
    file_part = f".{ext}" if ext else ""
    if size is not None:
        # the size stays on the line of the extension (« .odt · 12 Ko »)
        file_part = "\u00a0·\u00a0".join(p for p in (file_part, _size(size)) if p)
    details = [what or _FORMATS.get(ext, ext.upper()), file_part]
    return (
        f'<a class="md-button essaim-telecharger" href="{file_href(file)}" download>'
        f'<span class="essaim-telecharger__titre">{escape(title)}</span>'
        f'<span class="essaim-telecharger__format">{escape(_SEPARATOR.join(d for d in details if d))}</span></a>'
    )


# Details joined by « · » that a line never begins with (no-break space before it).
_SEPARATOR = "\u00a0· "
_SIZE_AT_END = re.compile(r"(?:\u00a0|&nbsp;| )·(?:\u00a0|&nbsp;| )[0-9][0-9,]* (?:octets|Ko|Mo)$")


def with_download_sizes(page: str, sizes: dict[str, int]) -> str:
    """The built page with each generated file's size ({file name: bytes}) at the end of
    its download button's format line. Called again on a page that has them already (a
    preview leaves unchanged pages as they were), it replaces them: never twice."""
    for file, size in sorted(sizes.items()):
        start = page.find(f' href="{file_href(file)}" download')
        if start == -1:
            continue
        end = page.find("</span></a>", start)
        if end == -1 or "<a " in page[start:end]:
            continue
        line = _SIZE_AT_END.sub("", page[start:end])
        # the size stays on the line of the extension (« .odt · 12 Ko »)
        page = page[:start] + line + "&nbsp;·&nbsp;" + _size(size) + page[end:]
    return page


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} octets"
    if n < 1_000_000:
        return f"{round(n / 1000)} Ko"
    return f"{n / 1_000_000:.1f} Mo".replace(".", ",")


def _facts_list(resource: Resource, catalog: Catalog, src: str) -> str:
    producer = catalog.producers[resource.producer]
    level = labels.LEVELS[resource.quality.level]
    facts = [
        (
            "Niveau de qualité",
            f"{badge(resource.quality.level, src)}{evidence.level_marks(resource)} "
            f"<span>{escape(level.description)}</span>",
        ),
        (
            "Type",
            f'<a href="{relative_href(src, f"types/{resource.type}.md")}">{escape(labels.TYPES[resource.type].label)}</a>',
        ),
        (
            "Producteur",
            f'<a href="{relative_href(src, f"producteurs/{producer.slug}.md")}">{escape(producer.name)}</a>',
        ),
        ("Territoire", territory_links(resource.territory, catalog, src)),
        (
            "Thèmes",
            ", ".join(
                f'<a href="{relative_href(src, f"themes/{t}.md")}">{escape(catalog.themes[t].label)}</a>'
                for t in resource.themes
            ),
        ),
        ("Publics", escape(", ".join(catalog.publics[p].label for p in resource.publics))),
        (
            "Contribution",
            f'<a href="{relative_href(src, SEARCH_SRC)}?contribution={escape(resource.contribution)}">'
            f"{escape(labels.CONTRIBUTIONS[resource.contribution])}</a>",
        ),
    ]
    if resource.families:
        facts.append(
            (
                "Moyens mutualisés",
                ", ".join(
                    f'<a href="{relative_href(src, family_src(f))}">{escape(labels.FAMILIES[f])}</a>'
                    for f in resource.families
                ),
            )
        )
    facts += evidence.legal_facts(resource, catalog, src)
    facts.append(("Licence", escape(labels.LICENCES[resource.licence])))
    facts.append(("Publication", escape(french_date(resource.published))))
    if resource.updated:
        facts.append(("Mise à jour", escape(french_date(resource.updated))))
    if resource.url:
        facts.append(("Source", f'<a href="{web_href(resource.url)}">{escape(resource.url)}</a>'))
    return definition_list(facts, css="essaim-fiche")


def generated_downloads(resource: Resource) -> list[tuple[str, str]]:
    """(file name, French title) of each generated download, for the resource page."""
    return [
        (f"{resource.slug}.{ext}", labels.DOWNLOAD_FORMATS[ext]) for ext in formats_of(resource)
    ]
