"""One Markdown converter per build instead of one per page.

MkDocs 1.6 builds a new `markdown.Markdown` for every page it renders
(`Page.render`): loading the eleven extensions of mkdocs.yml and copying their settings
costs about 0.3 ms a page, 1.5 s of processor at 5,000 resources. Python-Markdown
supports reusing one converter: `reset()` between documents clears its state and every
extension's (footnotes, abbreviations, table of contents, fenced blocks). This module
replaces `Page.render` with the same steps as MkDocs' own, on a converter kept for the
build's configuration: MkDocs' four per-page processors (raw HTML anchors, anchors, relative
links, title) are registered afresh each page, last and in the same order, as on a new
converter, so every page is converted exactly as before.

This uses four classes private to MkDocs 1.6; the version is pinned in constraints.txt and
a test builds the site both ways and compares every byte. ESSAIM_CACHE_MARKDOWN=0 turns
the reuse off.
"""

from __future__ import annotations

import logging
import os

import markdown
from mkdocs.structure import pages
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
    get_toc,
)

from essaim.settings import MARKDOWN_CACHE_ENV

_MKDOCS_RENDER = pages.Page.render
_LOG = logging.getLogger("mkdocs.structure.pages")
# The converter of the current build's configuration: (config, converter).
_KEPT: list = [None, None]


def enable(config) -> None:
    """Reuse one converter for this configuration's pages (a new one each build)."""
    _KEPT[:] = [None, None]
    if os.environ.get(MARKDOWN_CACHE_ENV, "") == "0":
        pages.Page.render = _MKDOCS_RENDER
        return
    _KEPT[0] = config
    pages.Page.render = _render


def _render(self, config, files) -> None:
    """MkDocs' Page.render (mkdocs/structure/pages.py, 1.6.1), on a kept converter."""
    if config is not _KEPT[0]:
        return _MKDOCS_RENDER(self, config, files)
    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _KEPT[1]
    if md is None:
        md = _KEPT[1] = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
    else:
        md.reset()
    raw_html_ext = _RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = _ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    self.content = md.convert(self.markdown)
    self.toc = get_toc(getattr(md, "toc_tokens", []))
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = (
        extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    )
    if _LOG.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relative_path_ext.links_to_anchors
    return None
