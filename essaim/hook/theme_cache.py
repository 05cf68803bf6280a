"""Render the theme's navigation once per folder instead of once per page.

Material renders the whole navigation (sidebar and tabs) into every page. For a page that
is not in the navigation (each resource, each territory…), nothing in it depends on the
page except the relative addresses of its links, which depend only on the page's folder.
At 5,000 resources this is a tenth of the build. The first page of a folder renders the
partial; the others reuse its text. Pages in the navigation are always rendered afresh.

ESSAIM_CACHE_THEME=0 turns the cache off (a test compares both builds byte for byte).
"""

from __future__ import annotations

import os
import posixpath

from essaim.settings import THEME_CACHE_ENV

CACHED_PARTIALS = ("partials/nav.html", "partials/tabs.html")


def enable(env) -> None:
    """Wrap the partials of this Jinja environment (a new one each build)."""
    if os.environ.get(THEME_CACHE_ENV, "") == "0":
        return
    memo: dict[tuple[str, str], str] = {}
    for name in CACHED_PARTIALS:
        template = env.get_template(name)
        original = getattr(template, "_essaim_original", template.root_render_func)
        template._essaim_original = original
        template.root_render_func = _cached(name, original, memo)


def _cached(name, original, memo):
    def render(context):
        page = context.get("page")
        if page is None or not page.file.inclusion.is_not_in_nav():
            yield from original(context)
            return
        key = (name, posixpath.dirname(page.url.rstrip("/")))
        text = memo.get(key)
        if text is None:
            text = memo[key] = "".join(original(context))
        yield text

    return render
