"""Render the theme's navigation once per folder instead of once per page.

Material renders the whole navigation (sidebar and tabs) into every page. For a page that
is not in the navigation (each resource, each territory…), nothing in it depends on the
page except the relative addresses of its links, which depend only on the page's folder.
At 5,000 resources this is a tenth of the build. The first page of a folder renders the
partial; the others reuse its text. Pages in the navigation are always rendered afresh.

ESSAIM_CACHE_THEME=0 turns the cache off (a test compares both builds byte for byte).

`make serve` also keeps the theme's compiled templates from one rebuild to the next
(_MemoryBytecode): MkDocs makes a new Jinja environment each rebuild, which compiled the
thirty-odd templates of Material again (a quarter of a second at each edit).
"""

from __future__ import annotations

import os
import posixpath

import jinja2

from essaim.settings import THEME_CACHE_ENV

CACHED_PARTIALS = ("partials/nav.html", "partials/tabs.html")


def enable(env) -> None:
    """Wrap the partials of this Jinja environment (a new one each build)."""
    if os.environ.get(THEME_CACHE_ENV, "") == "0":
        return
    if env.bytecode_cache is None:
        env.bytecode_cache = _BYTECODE
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


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in this process, by template file and by the settings of
    the environment that compiled them. Jinja itself checks the template's source against
    the one compiled (a checksum), so an edited template is compiled again."""

    def __init__(self) -> None:
        self._kept: dict[tuple, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._kept.get(_bucket_key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[_bucket_key(bucket)] = bucket.bytecode_to_string()


def _bucket_key(bucket) -> tuple:
    """The template (bucket.key: its name and file) and what the generated code depends on
    in its environment: the syntax, the extensions, the escaping."""
    env = bucket.environment
    settings = (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape),
        env.is_async,
        tuple(sorted(env.extensions)),
        type(env).__qualname__,
    )
    return bucket.key, settings


_BYTECODE = _MemoryBytecode()
