"""What the MkDocs hook keeps between events: one typed object instead of a loose dict.

A `mkdocs build` fills it once, event after event. `mkdocs serve` keeps the same object for
its whole life: the fields marked « serve » carry work from one rebuild to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from essaim.hook.split_build import Split
from essaim.model import Catalog, SiteInfo
from essaim.pages.site import RenderMemo
from essaim.publish.office.pool import OfficeBuilds
from essaim.publish.tripwire import Allowlist


@dataclass
class BuildState:
    # on_startup
    command: str = ""
    serve_dirty: bool = False  # `mkdocs serve --dirty`: the incremental preview
    # on_config
    catalog: Catalog | None = None
    site: SiteInfo = field(default_factory=SiteInfo)
    split_wanted: bool = False  # decided before any thread starts; the fork waits for on_nav
    allowlist: Allowlist | None = None
    office: OfficeBuilds | None = None  # office files built in other processes meanwhile
    # on_files
    generated: set[str] = field(default_factory=set)  # sources of the generated pages
    blocks: dict[str, dict[str, str]] = field(default_factory=dict)  # htmlblocks, by page
    nonce: str = ""
    # site path → edited file, made when first asked for (the tripwire found something)
    sources: Callable[[], dict[str, str]] = dict
    pages: set[str] = field(
        default_factory=set
    )  # site paths of the pages (on_post_page reads them)
    rendered: set[str] = field(
        default_factory=set
    )  # site paths of the pages written (on_post_page)
    # on_nav
    split: Split | None = None
    # serve: kept from one rebuild to the next
    page_memo: RenderMemo = field(default_factory=RenderMemo)
    published: dict[str, str | bytes] | None = None
    indexed: bool = False
    scanned: dict[str, tuple[int, int]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # generated page → text written
    office_written: dict[str, bytes] = field(default_factory=dict)  # site path → bytes written
    sizes: dict[str, dict[str, int]] = field(default_factory=dict)  # page → office file sizes
    marker_blocks: dict[str, str] = field(default_factory=dict)  # hand-written page → its blocks

    @property
    def loaded(self) -> Catalog:
        """The catalogue of this build (on_config has run)."""
        if self.catalog is None:
            raise RuntimeError("on_config loads the catalogue before any other event")
        return self.catalog
