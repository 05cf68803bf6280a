"""MkDocs hook: thin adapter between MkDocs events and the essaim package.

- on_config: load and check the catalogue; refuse to publish when a resource is invalid
  (or, in preview mode, warn and publish the valid ones).
- on_files: add the generated pages and the resources' attachments.
- on_files: add the published files too: open data, schemas, feeds, office files, redirects.
- on_page_context: the feeds a page advertises in its <head> (overrides/main.html).
- on_page_markdown: expand <!-- essaim:NAME --> markers in hand-written pages.
- on_page_content: sanitise the HTML of every resource page.
- on_post_build: build the Pagefind search index over the site.
- on_serve: rebuild when resources, producers, vocabularies or schemas change.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

from essaim import diffusion, feeds, render, safety
from essaim.catalog import Catalog, load_catalog
from essaim.messages import say
from essaim.problems import Severity
from essaim.search_index import SearchIndexError, build_search_index
from essaim.settings import PREVIEW_ENV

log = logging.getLogger("mkdocs.essaim")
# Preview messages go through a logger outside MkDocs' tree, so that `--strict` (which
# counts MkDocs warnings) does not abort the preview they are meant to keep alive.
preview_log = logging.getLogger("essaim.apercu")
if not preview_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("ATTENTION - %(message)s"))
    preview_log.addHandler(_handler)
    preview_log.propagate = False
_MARKER = re.compile(r"<!--\s*essaim:([a-z]+)\s*-->")
_state: dict[str, Catalog] = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    catalog = load_catalog(root)
    preview = os.environ.get(PREVIEW_ENV, "") not in ("", "0")
    for problem in catalog.problems:
        # A warning (a check to renew soon) is shown but never stops a build, even strict.
        shown = preview or problem.severity is Severity.WARNING
        (preview_log.warning if shown else log.error)(problem.format_text())
    if catalog.errors and not preview:
        raise Abort(say("build.refused", count=len(catalog.errors)))
    if catalog.errors:
        preview_log.warning(say("build.preview", count=len({p.path for p in catalog.errors})))
    _state["catalog"] = catalog
    return config


def on_files(files, config):
    catalog = _state["catalog"]
    for src, text in render.render_site(catalog).items():
        # Only the listing index pages are in the navigation: a nav listing every page makes
        # Material's build quadratic in the number of pages.
        level = InclusionLevel.INCLUDED if src.endswith("index.md") else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src, content=text, inclusion=level))
    for resource in catalog.resources:
        for attachment in resource.attachments:
            files.append(
                File.generated(
                    config,
                    f"{render.RESOURCES_DIR}/{resource.slug}/{attachment.file}",
                    abs_src_path=str(resource.source.parent / attachment.file),
                )
            )
    for path, content in diffusion.published_files(catalog, config.site_url or "").items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_context(context, page, config, nav):
    context["essaim_flux"] = feeds.page_alternates(page.file.src_uri, _state["catalog"])
    return context


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("essaim_ressource"):
        return markdown
    catalog = _state["catalog"]
    return _MARKER.sub(
        lambda m: render.render_marker(m.group(1), catalog, page.file.src_uri), markdown
    )


def on_page_content(html, page, config, files):
    if page.meta.get("essaim_ressource"):
        return safety.sanitize_html(html)
    return html


def on_post_build(config):
    try:
        summary = build_search_index(Path(config.site_dir))
    except SearchIndexError as exc:
        raise Abort(str(exc)) from None
    log.info("Pagefind : %s", summary)


def on_serve(server, config, builder):
    root = Path(config.config_file_path).resolve().parent
    for folder in ("resources", "producers", "vocabularies", "schemas", "essaim"):
        server.watch(str(root / folder))
    return server
