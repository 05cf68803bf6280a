"""Everything published beside the pages, from one catalogue: {site path: text or bytes}.

Open data exports and schemas, Atom feeds, editable office files of the templates, redirect
pages of renamed resources. Each comes from its own module; this one only gathers them so
that the MkDocs hook, the CLI and the tests get the same files.
"""

from __future__ import annotations

from pathlib import Path

from essaim import model
from essaim.catalog.reading import read_document
from essaim.catalog.schema import Schemas
from essaim.model import Catalog, SiteInfo
from essaim.pages.site import render_marker as render_page_marker
from essaim.publish import feeds, open_data, redirects, schemas
from essaim.publish.office import pool
from essaim.settings import ProjectPaths
from essaim.urls import RESOURCES_DIR, resource_src, url_of

# <!-- essaim:champs --> and <!-- essaim:champsproducteurs -->: the export columns (docs/donnees.md).
FIELD_MARKERS = {
    "champs": "ressource",
    "champsproducteurs": "producteur",
    "champsstructures": "structure",
}


def render_marker(name: str, catalog: Catalog, page_src: str, site: SiteInfo | None = None) -> str:
    """The block that replaces <!-- essaim:NAME --> in a hand-written page: the tables of
    published fields here, the other markers from the pages (pages.site.render_marker)."""
    if name in FIELD_MARKERS:
        return open_data.field_table(catalog.root, FIELD_MARKERS[name])
    return render_page_marker(name, catalog, page_src, site)


def published_files(
    catalog: Catalog, site_url: str, with_office: bool = True
) -> dict[str, str | bytes]:
    """Every published file; with_office=False leaves out the office files (see office_jobs)."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    folder = ProjectPaths(catalog.root).schemas
    documents = Schemas(folder).documents
    published = {
        kind: schemas.published_schema(kind, documents, site_url) for kind in schemas.SOURCES
    }
    files: dict[str, str | bytes] = {}
    files.update(open_data.export_files(catalog, published, documents, site_url))
    files.update(
        schemas.schema_files(folder, documents, site_url, _examples(folder, published, site_url))
    )
    files.update(feeds.feed_files(catalog, site_url))
    files.update(redirects.redirect_files(catalog, site_url))
    if with_office:
        files.update(pool.build_jobs(office_jobs(catalog, site_url)))
    return dict(sorted(files.items()))


def office_jobs(catalog: Catalog, site_url: str) -> list[pool.Job]:
    """What pool.build_jobs needs to make every template's editable files."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    return [
        pool.Job(
            folder=f"{RESOURCES_DIR}/{resource.slug}",
            resource=resource,
            author=catalog.producers[resource.producer].name,
            page_url=site_url + url_of(resource_src(resource.slug)),
        )
        for resource in catalog.resources
        if model.formats_of(resource)
    ]


def _examples(folder: Path, schemas: dict[str, dict], site_url: str) -> dict[str, dict]:
    """The valid example of each schema: its annotated example file, as a published record."""
    examples: dict[str, dict] = {}
    source = folder / "exemple-ressource.md"
    doc, problems = read_document(source, source.name)
    if doc and not problems:
        page = site_url + url_of(resource_src(doc.slug))
        data = {"identifiant": doc.slug, "page": page, **doc.meta.data}
        examples["ressource"] = open_data.record(data, schemas["ressource"])
    return examples
