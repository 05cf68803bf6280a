"""Everything published beside the pages, from one catalogue: {site path: text or bytes}.

Open data exports and schemas, Atom feeds, editable office files of the templates, redirect
pages of renamed resources. Each comes from its own module; this one only gathers them so
that the MkDocs hook, the CLI and the tests get the same files.
"""

from __future__ import annotations

from pathlib import Path

from . import export, feeds, office, publication, redirects
from .catalog import Catalog
from .documents import read_document
from .render import RESOURCES_DIR, resource_src, url_of
from .schema import Schemas
from .settings import ProjectPaths


def published_files(
    catalog: Catalog, site_url: str, with_office: bool = True
) -> dict[str, str | bytes]:
    """Every published file; with_office=False leaves out the office files (see office_jobs)."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    folder = ProjectPaths(catalog.root).schemas
    documents = Schemas(folder).documents
    schemas = {
        kind: publication.published_schema(kind, documents, site_url)
        for kind in publication.SOURCES
    }
    files: dict[str, str | bytes] = {}
    files.update(export.export_files(catalog, schemas, documents, site_url))
    files.update(
        publication.schema_files(folder, documents, site_url, _examples(folder, schemas, site_url))
    )
    files.update(feeds.feed_files(catalog, site_url))
    files.update(redirects.redirect_files(catalog, site_url))
    if with_office:
        files.update(office.build_jobs(office_jobs(catalog, site_url)))
    return dict(sorted(files.items()))


def office_jobs(catalog: Catalog, site_url: str) -> list[office.Job]:
    """What office.build_jobs needs to make every template's editable files."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    return [
        office.Job(
            folder=f"{RESOURCES_DIR}/{resource.slug}",
            resource=resource,
            author=catalog.producers[resource.producer].name,
            page_url=site_url + url_of(resource_src(resource.slug)),
        )
        for resource in catalog.resources
        if office.formats_of(resource)
    ]


def _examples(folder: Path, schemas: dict[str, dict], site_url: str) -> dict[str, dict]:
    """The valid example of each schema: its annotated example file, as a published record."""
    examples: dict[str, dict] = {}
    source = folder / "exemple-ressource.md"
    doc, problems = read_document(source, source.name)
    if doc and not problems:
        page = site_url + url_of(resource_src(doc.slug))
        data = {"identifiant": doc.slug, "page": page, **doc.meta.data}
        examples["ressource"] = export.record(data, schemas["ressource"])
    return examples
