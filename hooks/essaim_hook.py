"""MkDocs hook: thin adapter between MkDocs events and the essaim package.

- on_config: load and check the catalogue; refuse to publish when a resource is invalid
  (or, in preview mode, warn and publish the valid ones); start the office files' workers.
- on_files: add the generated pages and the resources' attachments.
- on_files: add the published files too: open data, schemas, feeds, office files, redirects.
- on_nav: on 2+ cores, fork the process that renders a share of the resource pages
  (essaim/hook/split_build.py).
- on_config: one Markdown converter for the build's pages (essaim/hook/markdown_reuse.py).
- on_env: render the theme's navigation once per folder (essaim/hook/theme_cache.py).
- on_page_context: the feeds a page advertises in its <head> (overrides/main.html).
- on_page_markdown: expand <!-- essaim:NAME --> markers in hand-written pages.
- on_page_content: sanitise every page (a resource's own text with a narrower allowlist).
- on_post_build: write the search index (essaim/publish/search_index.py) and the office files,
  add the office files' sizes to their download buttons, then read back every file written and refuse to publish active content
  (essaim/publish/tripwire.py).
- on_serve: rebuild when resources, producers, vocabularies or schemas change, told at once
  by inotify on Linux (essaim/hook/watch.py).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

from essaim import dates, model, urls
from essaim.catalog import history, safety
from essaim.catalog.load import load_catalog
from essaim.catalog.readability import clarity_problems
from essaim.contribute import mail
from essaim.hook import background, htmlblocks, markdown_reuse, split_build, theme_cache, watch
from essaim.hook.state import BuildState
from essaim.messages import say
from essaim.pages import catalogue, listings
from essaim.pages.resource import with_download_sizes
from essaim.pages.site import render_site
from essaim.problems import Severity
from essaim.publish import feeds, outputs, tripwire
from essaim.publish.office import pool
from essaim.publish.search_index import write_search_index
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
_state = BuildState()


def on_startup(command, dirty):
    _state.serve_dirty = command == "serve" and dirty
    _state.command = command


def on_config(config):
    background.outdate()  # `make serve`: the previous rebuild's background job stops
    root = Path(config.config_file_path).resolve().parent
    catalog = load_catalog(root)
    preview = os.environ.get(PREVIEW_ENV, "") not in ("", "0")
    for problem in catalog.problems:
        # A warning (a check to renew soon) is shown but never stops a build, even strict.
        shown = preview or problem.severity is Severity.WARNING
        (preview_log.warning if shown else log.error)(problem.format_text())
    # Readability warnings: one line for all of them (essaim check details each). The
    # reports are kept: the committee dashboard reads them again, with the same known
    # terms (vocabularies/sigles.yml), so each text is measured once per build.
    unclear = len(clarity_problems(catalog.resources, known=catalog.known_terms))
    if unclear:
        preview_log.warning(say("build.clarity", count=unclear))
    if catalog.errors and not preview:
        raise Abort(say("build.refused", count=len(catalog.errors)))
    if catalog.errors:
        preview_log.warning(say("build.preview", count=len({p.path for p in catalog.errors})))
    _state.catalog = catalog
    _state.site = model.SiteInfo(edit_base=_edit_base(config), changes=history.last_changes(root))
    # Decided before any thread runs (the office workers below start two); the fork itself
    # waits for the navigation (on_nav), and the child never touches those workers.
    _state.split_wanted = _state.command in ("build", "gh-deploy") and (
        split_build.wanted(len(catalog.resources))
    )
    _state.allowlist = _allowlist(config)
    markdown_reuse.enable(config)
    _TRIPWIRE_COUNT.reset()
    # Editable office files are built in another process from now on, while the pages are
    # made and rendered, and written in on_post_build.
    jobs = outputs.office_jobs(catalog, config.site_url or "")
    _state.office = pool.OfficeBuilds(jobs)
    return config


def _edit_base(config) -> str:
    """GitHub's editor for a file of the repository: repo_url + edit_uri, less the docs
    folder that edit_uri ends with (resources live beside it, not in it)."""
    repo, edit = (config.repo_url or "").rstrip("/"), (config.edit_uri or "").strip("/")
    if not repo or not edit:
        return ""
    docs = Path(config.docs_dir).name
    edit = edit.removesuffix("/" + docs) if edit.endswith("/" + docs) else edit
    return f"{repo}/{edit}/"


def on_files(files, config):
    catalog = _state.loaded
    # While previewing, unchanged resource pages are not rendered again.
    memo = _state.page_memo if _state.serve_dirty else None
    pages = render_site(catalog, memo, _state.site)
    _state.generated, _state.blocks, _state.nonce = set(pages), {}, htmlblocks.new_nonce()
    cache = _cache(config, "pages") if _state.serve_dirty else None
    for src, text in pages.items():
        # Only the listing index pages are in the navigation: a nav listing every page makes
        # Material's build quadratic in the number of pages.
        level = InclusionLevel.INCLUDED if src.endswith("index.md") else InclusionLevel.NOT_IN_NAV
        if cache is None:
            files.append(File.generated(config, src, content=text, inclusion=level))
        else:
            # `make serve` (mkdocs serve --dirty): pages are written to a cache folder only
            # when their text changed, so MkDocs rebuilds just the pages an edit touches.
            _write_if_changed(cache, src, text)
            files.append(_cached_file(config, cache, src, level))
    for resource in catalog.resources:
        for attachment in resource.attachments:
            files.append(
                File.generated(
                    config,
                    f"{urls.RESOURCES_DIR}/{resource.slug}/{attachment.file}",
                    abs_src_path=str(resource.source.parent / attachment.file),
                )
            )
    site_url = config.site_url or ""
    if not _state.serve_dirty:
        published = outputs.published_files(catalog, site_url, with_office=False)
        for path, content in published.items():
            files.append(File.generated(config, path, content=_encoded(content)))
    else:
        # `make serve`: the open data, feeds, schemas and redirects are made in the first
        # build, then again after each rebuild in the background (on_post_build), with the
        # search index: they take a second or more at 5,000 resources. MkDocs copies them
        # from a cache folder, where they are written only when they change.
        folder = _cache(config, "publies")
        if _state.published is None:
            _state.published = outputs.published_files(catalog, site_url, with_office=False)
            for path, content in _state.published.items():
                _write_bytes_if_changed(folder / path, _encoded(content))
        for path in _state.published:
            files.append(_cached_file(config, folder, path))
    if _state.serve_dirty:
        _outdate_marker_pages(files)
    # Which file a person edits to change each written one: the tripwire's messages need it,
    # only when it finds something (made then, once per build).
    _state.sources = functools.cache(lambda: _sources(files, catalog, config))
    # Pages are read back as they are rendered (on_post_page), by whichever process renders
    # them; on_post_build reads every other file written.
    _state.pages = {f.dest_uri for f in files.documentation_pages()}
    _state.rendered = set()
    return files


def on_nav(nav, config, files):
    _state.split = None
    if _state.split_wanted:
        _state.split_wanted = False
        catalog = _state.loaded
        pages = [urls.resource_src(r.slug) for r in catalog.resources]
        split = split_build.Split(split_build.share_of(pages))
        site = Path(config.site_dir)
        split.start(config, files, nav, extra=lambda: write_search_index(catalog, site))
        _state.split = split
    return nav


def on_env(env, config, files):
    theme_cache.enable(env)
    return env


def on_page_context(context, page, config, nav):
    catalog = _state.loaded
    context["essaim_flux"] = feeds.page_alternates(page.file.src_uri, catalog)
    context["essaim_date"] = dates.french_date(catalog.today.isoformat())
    return context


def on_page_markdown(markdown, page, config, files):
    catalog = _state.loaded
    src = page.file.src_uri
    split = _state.split
    if split and split.renders_elsewhere(src):
        return split.skip(page)
    if src not in _state.generated:
        site = _state.site
        return _MARKER.sub(lambda m: _marker(m.group(1), catalog, src, site), markdown)
    # Generated HTML skips the Markdown converter (see essaim/hook/htmlblocks.py); on a resource
    # page, all of it but the contributor's text (converted, then sanitised).
    skip = None
    slug = page.meta.get("essaim_ressource")
    if slug:
        resource = catalog.resource(slug)
        skip = htmlblocks.own_text_span(markdown, resource.body if resource else "")
    markdown, blocks = htmlblocks.extract(markdown, _state.nonce, skip)
    _state.blocks[src] = blocks
    return markdown


def on_page_content(html, page, config, files):
    # Every page, whatever wrote it, is sanitised: the generated HTML holds escaped
    # contributor values, a resource's own text is sanitised more narrowly first.
    blocks = _state.blocks.pop(page.file.src_uri, None)
    html = htmlblocks.finish_page(html, blocks, bool(page.meta.get("essaim_ressource")))
    return listings.scrollable_text_tables(html)


def on_post_page(output, page, config):
    """The last wall, for a page: read back what MkDocs is about to write."""
    if not output:
        return output  # a page the second process renders (essaim/hook/split_build.py)
    _state.rendered.add(page.file.dest_uri)
    findings = tripwire.scan_html(page.file.dest_uri, output, _state.allowlist)
    if not findings:
        return output
    _report(findings)
    return tripwire.BLOCKED_PAGE  # never written, in a build as in the preview


def on_post_build(config):
    _write_late_files(config)
    _check_published(config)
    if _state.serve_dirty and _state.indexed:
        # While previewing, the search index, open data and feeds are made again in the
        # background: the edited page is shown at once, the rest catches up a moment later.
        catalog, site = _state.loaded, Path(config.site_dir)
        written: list[str] = []
        background.run(
            [
                lambda: write_search_index(catalog, site, written),
                lambda: written.extend(_refresh_published(catalog, config)),
                lambda: _check_written(site, written),
            ]
        )
    elif _state.serve_dirty:
        _state.indexed = True


def _outdate_marker_pages(files) -> None:
    """`make serve` (--dirty) renders again only the pages whose source file changed; a
    hand-written page with <!-- essaim:NAME --> blocks also changes with the catalogue.
    When its blocks change, its built page is dated older than its source, so that MkDocs
    renders it again."""
    catalog, site, before = _state.loaded, _state.site, _state.marker_blocks
    for file in files.documentation_pages():
        if file.src_uri in _state.generated or not file.abs_src_path:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig", errors="replace")
        names = _MARKER.findall(text)
        if not names:
            continue
        blocks = "\0".join(_marker(name, catalog, file.src_uri, site) for name in names)
        if before.get(file.src_uri, blocks) != blocks:
            with contextlib.suppress(OSError):
                os.utime(file.abs_dest_path, ns=(0, 0))
        before[file.src_uri] = blocks


def _marker(name: str, catalog, src: str, site) -> str:
    """A <!-- essaim:NAME --> block: the prepared e-mails come from the issue forms
    (contribute/), every other block from the published outputs and pages."""
    if name == "courriels":
        return mail.render_mail_block(catalog.root)
    return outputs.render_marker(name, catalog, src, site)


def _write_late_files(config) -> None:
    site = Path(config.site_dir)
    office, _state.office = _state.office, None
    office_files = office.result() if office else {}
    # While previewing, a file already written with the same bytes is left alone: neither
    # written again nor read again by the tripwire.
    written = _state.office_written if _state.serve_dirty else {}
    for path, data in office_files.items():
        target = site / path
        if written.get(path) == data and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if _state.serve_dirty:
            written[path] = data
    catalog = _state.loaded
    split, _state.split = _state.split, None
    if split:
        try:
            split.finish(config)
        except split_build.SplitError as exc:
            raise Abort(str(exc)) from None
        log.info("Pages rendues sur deux cœurs (%d dans le second processus)", len(split.delegated))
    # Every page is written now, in either process: the generated files' sizes go into
    # their download buttons.
    _add_download_sizes(site, office_files)
    if split:
        return  # the search index was written by the second process
    if _state.serve_dirty and _state.indexed:
        return  # refreshed in the background (on_post_build)
    count = write_search_index(catalog, site)
    log.info("Index de recherche : %d fichiers", count)


def _add_download_sizes(site: Path, office_files: dict[str, bytes]) -> None:
    """The size of each generated office file on its resource's page (the files are made
    while the pages render, so the pages are written without it).

    While previewing, only the pages MkDocs wrote in this rebuild and those whose sizes
    changed are read: the others kept the sizes of the build that wrote them."""
    by_page: dict[str, dict[str, int]] = {}
    for path, data in office_files.items():
        folder, _, name = path.rpartition("/")
        by_page.setdefault(f"{folder}/index.html", {})[name] = len(data)
    if _state.serve_dirty:
        before, _state.sizes = _state.sizes, by_page
        rendered = _state.rendered
        by_page = {
            path: sizes
            for path, sizes in by_page.items()
            if path in rendered or before.get(path) != sizes
        }
    for path, sizes in by_page.items():
        page = site / path
        if not page.is_file():
            continue
        html = page.read_bytes().decode("utf-8")
        sized = with_download_sizes(html, sizes)
        if sized != html:
            page.write_bytes(sized.encode("utf-8"))


def on_build_error(error):
    split, _state.split = _state.split, None
    if split:
        split.abandon()


def on_serve(server, config, builder):
    # The contributors' files; a change in essaim/ (code) needs a restart of `make serve`.
    root = Path(config.config_file_path).resolve().parent
    for folder in ("resources", "producers", "structures", "vocabularies", "schemas", "essais"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    # Linux: the rebuild starts as soon as a file is saved, not at the next poll.
    watch.notify_at_once(server)
    return server


def _check_published(config) -> None:
    """The last wall: no active content leaves the build (essaim/publish/tripwire.py).

    Pages were read as they were rendered (on_post_page, in both processes: the second
    one's findings came back with its messages); here every other file written (feeds,
    open data, search index, SVG, redirects, static files) is read."""
    site = Path(config.site_dir)
    if _state.serve_dirty:
        # `make serve` rewrites a few files per edit: only those are read again.
        written = tripwire.changed_files(site, _state.scanned)
    else:
        written = tripwire.site_files(site)
    pages = _state.pages
    _check_written(site, [p for p in written if p not in pages])


def _check_written(site: Path, written: list[str]) -> None:
    """Read the files written, report and remove what holds active content (in a build,
    refuse to publish; in the preview, a warning page instead)."""
    if _state.serve_dirty:
        for path in written:
            # what the background job wrote: the next rebuild need not read it again
            with contextlib.suppress(OSError):
                info = (site / path).stat()
                _state.scanned[path] = (info.st_mtime_ns, info.st_size)
    findings = tripwire.scan_site(site, _state.allowlist, written)
    _report(findings)
    preview = _previewing()
    for path in sorted({f.path for f in findings}):
        target = site / path
        if preview and target.suffix.lower() in tripwire.HTML_SUFFIXES:
            target.write_text(tripwire.BLOCKED_PAGE, encoding="utf-8")
        else:
            target.unlink(missing_ok=True)  # never left where a deployment could pick it up
    count = _TRIPWIRE_COUNT.reset()
    if not count:
        return
    if preview:
        preview_log.warning(say("tripwire.preview", count=count))
        return
    raise Abort(say("tripwire.refused", count=count))


def _report(findings: list[tripwire.Finding]) -> None:
    """One French line per finding (page, source file, what); in a build, as an error that
    the MkDocs logger counts, also when it comes back from the second process."""
    if not findings:
        return
    sources = _state.sources()
    texts = None
    for finding in findings:
        source = sources.get(finding.path)
        if source is None:
            texts = _contributor_texts(_state.loaded.root) if texts is None else texts
            found = tripwire.locate(finding.needle, texts)
            source = (
                say("tripwire.generated_from", files=", ".join(found[:3]))
                if found
                else say("tripwire.generated")
            )
        message = tripwire.describe(finding, source)
        if _previewing():
            _TRIPWIRE_COUNT.count += 1
            preview_log.warning(message)
        else:
            tripwire_log.error(message)


def _previewing() -> bool:
    return os.environ.get(PREVIEW_ENV, "") not in ("", "0")


class _Counter(logging.Handler):
    """Counts the tripwire's errors, wherever they were logged first (the second build
    process sends its messages back to this one, through the same logger)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def reset(self) -> int:
        count, self.count = self.count, 0
        return count


tripwire_log = logging.getLogger("mkdocs.essaim.tripwire")
_TRIPWIRE_COUNT = (
    next((h for h in tripwire_log.handlers if type(h).__name__ == "_Counter"), None) or _Counter()
)
if _TRIPWIRE_COUNT not in tripwire_log.handlers:
    tripwire_log.addHandler(_TRIPWIRE_COUNT)


def _allowlist(config) -> tripwire.Allowlist:
    """The scripts and forms the theme and the portal write themselves."""
    return tripwire.allowlist_for(
        config.theme.dirs,
        config.extra_javascript,
        config.site_url or "",
        [urls.url_of(catalogue.SEARCH_SRC)],
    )


def _sources(files, catalog, config) -> dict[str, str]:
    """Site path of each written file → the file a person edits to change it."""
    pages = {urls.resource_src(r.slug): r.path for r in catalog.resources}
    pages.update({f"producteurs/{p.slug}.md": p.path for p in catalog.producers.values()})
    generated = _state.generated
    root = catalog.root.resolve()
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    inside = os.path.join(root, "")
    cache = os.path.join(_cache(config, ""), "")  # `make serve`'s generated files
    sources = {}
    for file in files:
        if file.src_uri in pages:
            sources[file.dest_uri] = pages[file.src_uri]
        elif file.is_documentation_page() and file.src_uri not in generated:
            sources[file.dest_uri] = f"{docs}/{file.src_uri}"
        elif (
            file.abs_src_path
            and file.abs_src_path.startswith(inside)
            and not file.abs_src_path.startswith(cache)
        ):
            # attachments beside a resource, static files of docs/
            sources[file.dest_uri] = Path(file.abs_src_path[len(inside) :]).as_posix()
    return sources


def _contributor_texts(root: Path) -> dict[str, str]:
    """Every file a contributor writes, to name the source of a finding on a listing page."""
    texts = {}
    for folder in ("resources", "producers", "structures", "vocabularies"):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else ():
            if path.is_file() and path.suffix in (".md", ".yml", ".yaml"):
                texts[path.relative_to(root).as_posix()] = path.read_text(
                    encoding="utf-8", errors="replace"
                )
    return texts


def _refresh_published(catalog, config) -> list[str]:
    """`make serve`, in the background: the published files made again from this rebuild's
    catalogue; those that changed are written (in the cache folder MkDocs copies from, and
    in the site), those no longer published removed. Returns the site paths written."""
    before = _state.published or {}
    after = outputs.published_files(catalog, config.site_url or "", with_office=False)
    cache, site = _cache(config, "publies"), Path(config.site_dir)
    written = []
    for path, content in after.items():
        if before.get(path) == content:
            continue
        data = _encoded(content)
        _write_bytes_if_changed(cache / path, data)  # first: the site's copy is newer
        _write_bytes_if_changed(site / path, data)
        written.append(path)
    for path in before.keys() - after.keys():
        (cache / path).unlink(missing_ok=True)
        (site / path).unlink(missing_ok=True)
    _state.published = after
    return written


def _cache(config, name: str) -> Path:
    """`make serve`: a folder of .cache/essaim/ that MkDocs reads generated files from."""
    return Path(config.config_file_path).resolve().parent / ".cache" / "essaim" / name


def _cached_file(
    config, folder: Path, src: str, level: InclusionLevel = InclusionLevel.UNDEFINED
) -> File:
    """A generated file that MkDocs reads from a cache folder: with --dirty, it is built
    again only when its text was written again (changed). Like File.generated, it has
    no page to edit on GitHub."""
    file = File(
        src,
        src_dir=str(folder),
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
        inclusion=level,
    )
    file.generated_by = "essaim"
    return file


def _encoded(content: str | bytes) -> str | bytes:
    if isinstance(content, str):
        return safety.encodable(content)  # a lone surrogate never stops a build
    return content


def _write_bytes_if_changed(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_if_changed(cache: Path, src: str, text: str) -> None:
    """A generated page's text: not even compared when it is the very text written last
    (its path is made only then)."""
    if _state.written.get(src) is not text:
        _write_bytes_if_changed(cache / src, text)
    _state.written[src] = text
