"""`mkdocs build` on two cores: a forked process renders a share of the resource pages.

MkDocs renders pages one after the other, on one core. At 5,000 resources that is most of
the build. On a machine with two cores or more, a large build forks once, after MkDocs
has read every file and built the navigation: the child renders its share of the
resource pages with MkDocs' own functions (the same Markdown, hooks and theme), writes
them, and also writes the search index; the parent renders everything else. A share page
costs the parent almost nothing: an empty template, whose empty output MkDocs does not
write.

What crosses back from the child, so that a strict build stays exactly as strict: its
warnings and errors (logged again in the parent, where `--strict` counts them), and the
anchors of its pages and the links of its pages to anchors elsewhere (checked in the
parent, which alone knows both sides). A test builds the same site both ways and compares
every byte.

This uses two functions private to MkDocs 1.6 (`_populate_page`, `_build_page`); the
version is pinned in constraints.txt and the byte comparison guards an upgrade.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from essaim.messages import say
from essaim.parallel import may_fork
from essaim.settings import PARALLEL_ENV, SPLIT_MIN_PAGES

# An empty template (overrides/essaim-vide.html): MkDocs writes nothing for empty output.
EMPTY_TEMPLATE = "essaim-vide.html"
CHILD_SHARE = 0.47  # a little under half: the child also writes the search index
_BUILD_LOG = logging.getLogger("mkdocs.commands.build")


class SplitError(RuntimeError):
    pass


def wanted(page_count: int) -> bool:
    # A build forks whatever the load: its child renders pages the parent would render
    # anyway, and the build runs long enough for a busy core to free up.
    forced = os.environ.get(PARALLEL_ENV) == "1"
    return may_fork(need_free_core=False) and (forced or page_count >= SPLIT_MIN_PAGES)


def share_of(sources: list[str]) -> set[str]:
    """The pages the child renders: an even spread over the sorted list."""
    ordered = sorted(sources)
    step = 1 / CHILD_SHARE
    return {ordered[int(i * step)] for i in range(int(len(ordered) * CHILD_SHARE))}


class Split:
    def __init__(self, delegated: set[str]):
        self.delegated = delegated
        self._parent = os.getpid()
        self._pid = 0
        self._files: Files | None = None
        handle, name = tempfile.mkstemp(prefix="essaim-split-", suffix=".pickle")
        os.close(handle)
        self._result = Path(name)
        _BUILD_LOG.addFilter(self._keep)

    def start(self, config, files: Files, nav, extra: Callable[[], None]) -> None:
        """Fork; the child renders the delegated pages, runs extra(), and exits."""
        self._files = files
        pid = os.fork()
        if pid:
            self._pid = pid
            return
        code = 1
        try:
            code = _child(self.delegated, config, files, nav, extra, self._result)
        finally:
            os._exit(code)

    def renders_elsewhere(self, src: str) -> bool:
        """In the parent, whether the child renders this page (in the child, never)."""
        return src in self.delegated and os.getpid() == self._parent

    def _keep(self, record: logging.LogRecord) -> bool:
        """Leave out MkDocs' « Page skipped » notice for the delegated pages."""
        message = record.getMessage()
        return not (
            message.startswith("Page skipped: '") and message.split("'", 2)[1] in self.delegated
        )

    def skip(self, page: Page) -> str:
        """In the parent: a delegated page costs neither Markdown nor theme (from on_page_markdown)."""
        page.meta["template"] = EMPTY_TEMPLATE

        def render(config, files) -> None:
            page.content = ""
            # Unknown until the child is done: MkDocs skips anchor checks into this page.
            page.present_anchor_ids = None

        page.render = render  # this page object only
        return ""

    def finish(self, config) -> None:
        """Wait for the child, log its messages here, check the anchors across both sides."""
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        _BUILD_LOG.removeFilter(self._keep)
        try:
            result = pickle.loads(self._result.read_bytes()) if self._result.stat().st_size else {}
        finally:
            self._result.unlink(missing_ok=True)
        for name, level, message in result.get("messages", []):
            logging.getLogger(name).log(level, message)
        if os.waitstatus_to_exitcode(status) != 0 or "error" in result:
            raise SplitError(say("build.split_failed", error=result.get("error", status)))
        self._check_anchors(config, self._files, result)

    def abandon(self) -> None:
        _BUILD_LOG.removeFilter(self._keep)
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, 9)
                os.waitpid(self._pid, 0)
            self._pid = 0
        self._result.unlink(missing_ok=True)

    def _check_anchors(self, config, files: Files, result: dict) -> None:
        level = config.validation.links.anchors
        for src, anchors in result["anchors"].items():
            files.get_file_from_path(src).page.present_anchor_ids = set(anchors)
        # Links from the parent's pages to the child's: MkDocs skipped them.
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if file.src_uri in self.delegated or page is None or not page.links_to_anchors:
                continue
            across = {
                target: links
                for target, links in page.links_to_anchors.items()
                if target.src_uri in self.delegated
            }
            if across:
                kept, page.links_to_anchors = page.links_to_anchors, across
                page.validate_anchor_links(files=files, log_level=level)
                page.links_to_anchors = kept
        # Links from the child's pages to the parent's: the child could not check them.
        for src, targets in result["links"].items():
            page = files.get_file_from_path(src).page
            page.links_to_anchors = {
                files.get_file_from_path(target): links
                for target, links in targets.items()
                if target not in self.delegated
            }
            page.validate_anchor_links(files=files, log_level=level)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.name, record.levelno, record.getMessage()))


def _child(delegated: set[str], config, files: Files, nav, extra, result_path: Path) -> int:
    # Messages go back to the parent, which shows them once and counts them for --strict.
    mkdocs_logger = logging.getLogger("mkdocs")
    collect = _Collect()
    mkdocs_logger.handlers = [collect]
    mkdocs_logger.propagate = False
    result: dict = {}
    try:
        pages = []
        for src in sorted(delegated):
            file = files.get_file_from_path(src)
            page = file.page or Page(None, file, config)
            _populate_page(page, config, files)
            pages.append(page)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in pages:
            _build_page(page, config, doc_files, nav, env)
        inside = {}
        for page in pages:
            # Anchors between two of the child's pages are checked here; the others cross
            # back to the parent.
            inside[page.file.src_uri] = page.links_to_anchors
            page.links_to_anchors = {
                target: links
                for target, links in (page.links_to_anchors or {}).items()
                if target.src_uri in delegated
            }
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        extra()
        result = {
            "anchors": {p.file.src_uri: sorted(p.present_anchor_ids or ()) for p in pages},
            "links": {
                src: {target.src_uri: dict(links) for target, links in links_of.items()}
                for src, links_of in inside.items()
                if links_of
            },
        }
        return 0
    except BaseException as exc:  # reported by the parent, which stops the build
        result = {"error": f"{type(exc).__name__}: {exc}"}
        return 1
    finally:
        result["messages"] = collect.messages
        result_path.write_bytes(pickle.dumps(result))
