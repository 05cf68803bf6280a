"""Markdown → the neutral document model, read as the site reads it (same extensions)."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from essaim import labels
from essaim.model import Resource
from essaim.publish.office.document import (
    Block,
    Heading,
    Item,
    ListBlock,
    Paragraph,
    Run,
    Runs,
    TableBlock,
    Template,
    safe_href,
    xml_text,
)

# The extensions of mkdocs.yml that change how a resource body is read.
MARKDOWN_EXTENSIONS = ("tables", "def_list", "abbr", "footnotes", "admonition", "pymdownx.tasklist")


def template_of(resource: Resource, author: str, page_url: str) -> Template:
    return Template(
        slug=resource.slug,
        title=xml_text(resource.title),
        summary=xml_text(resource.summary),
        blocks=parse_markdown(resource.body),
        author=xml_text(author),
        licence=labels.LICENCES[resource.licence],
        source_url=xml_text(page_url),
        keywords=tuple(xml_text(k) for k in resource.keywords),
        language=resource.language,
        date=resource.last_changed,
    )


# ---------------------------------------------------------------- Markdown → model


def parse_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of a Markdown body, as the site's parser reads them."""
    # One converter per process, reset between texts (Python-Markdown's way to reuse one):
    # building it cost as much as converting a template.
    # Control characters first: Python-Markdown itself marks its placeholders with them.
    with _MARKDOWN_LOCK:
        md = _converter()
        md.reset()
        md.convert(xml_text(text))
        return tuple(_blocks(md.captured, caption=""))


_MARKDOWN_LOCK = threading.Lock()


@functools.cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _Capture()])


class _Capture(Extension):
    """Keep the final element tree (after inline parsing) instead of HTML text."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_CaptureTree(md), "essaim-capture", -100)


class _CaptureTree(Treeprocessor):
    def run(self, root: Element) -> None:
        # Raw HTML waits in a stash until serialisation; the only raw HTML a validated body
        # can produce is the task list's checkbox.
        blocks = self.md.htmlStash.rawHtmlBlocks

        def unstash(text: str | None) -> str | None:
            if not text:
                return text
            return HTML_PLACEHOLDER_RE.sub(lambda m: _stashed(blocks[int(m.group(1))]), text)

        for element in root.iter():
            element.text, element.tail = unstash(element.text), unstash(element.tail)
        self.md.captured = root


def _stashed(html: object) -> str:
    html = str(html)
    if 'type="checkbox"' in html:
        return "☒ " if "checked" in html else "☐ "
    return ""


def _blocks(parent: Element, caption: str, quote: bool = False) -> Iterator[Block]:
    for child in parent:
        tag = child.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            runs = _runs(child)
            caption = plain_text(runs)
            yield Heading(int(tag[1]), runs)
        elif tag in ("p", "pre", "dt", "dd"):
            runs = _runs(child, bold=tag == "dt")
            if runs and "admonition-title" not in child.get("class", ""):
                yield Paragraph(runs, quote=quote)
            elif runs:
                yield Paragraph(tuple(replace(r, bold=True) for r in runs), quote=quote)
        elif tag in ("ul", "ol"):
            yield _list(child)
        elif tag == "table":
            yield _table(child, caption)
        elif tag == "blockquote":
            yield from _blocks(child, caption, quote=True)
        elif tag in ("div", "dl"):
            yield from _blocks(child, caption, quote)


def _list(element: Element) -> ListBlock:
    items = []
    for li in element.findall("li"):
        own = [c for c in li if c.tag not in ("ul", "ol")]
        nested = next((c for c in li if c.tag in ("ul", "ol")), None)
        shell = Element("li")
        shell.text = li.text
        if own and all(c.tag == "p" for c in own):
            # loose list item: its paragraphs, joined
            runs: list[Run] = []
            for p in own:
                if runs:
                    runs.append(Run(" "))
                runs.extend(_runs(p))
            item_runs = _merge(runs)
        else:
            shell.extend(own)
            item_runs = _runs(shell)
        items.append(Item(item_runs, _list(nested) if nested is not None else None))
    return ListBlock(element.tag == "ol", tuple(items))


def _table(element: Element, caption: str) -> TableBlock:
    rows = [
        tuple(_runs(cell) for cell in tr if cell.tag in ("th", "td")) for tr in element.iter("tr")
    ]
    head = element.find("thead")
    if head is not None and rows:
        return TableBlock(rows[0], tuple(rows[1:]), caption)
    return TableBlock((), tuple(rows), caption)


def _runs(element: Element, bold: bool = False, italic: bool = False) -> Runs:
    return _merge(_inline(element, bold, italic, ""), strip=True)


def _inline(element: Element, bold: bool, italic: bool, href: str) -> Iterator[Run]:
    if element.text:
        yield Run(element.text, bold, italic, href)
    for child in element:
        tag = child.tag
        if tag == "br":
            yield Run("\n", bold, italic, href)
        elif tag == "input" and child.get("type") == "checkbox":
            yield Run("☒ " if child.get("checked") is not None else "☐ ", bold, italic, href)
        elif tag in ("ul", "ol", "table"):
            pass  # block content inside inline content: handled by the block reader
        elif tag == "img":
            # never a picture fetched from its source: its alternative text
            if child.get("alt"):
                yield Run(child.get("alt", ""), bold, italic, href)
        else:
            yield from _inline(
                child,
                bold or tag in ("strong", "b"),
                italic or tag in ("em", "i"),
                safe_href(_unmasked(child.get("href", ""))) if tag == "a" else href,
            )
        if child.tail:
            yield Run(child.tail, bold, italic, href)


_MASKED_CHARACTER = re.compile(re.escape(AMP_SUBSTITUTE) + r"#(\d{1,7});")


def _unmasked(text: str) -> str:
    """Python-Markdown hides an e-mail autolink as character references behind a control
    character (its « & »): the characters themselves, and no control character left."""
    if AMP_SUBSTITUTE not in text:
        return text
    text = _MASKED_CHARACTER.sub(lambda m: chr(min(int(m.group(1)), 0x10FFFF)), text)
    return xml_text(text.replace(AMP_SUBSTITUTE, "&"))


def _merge(runs: Iterable[Run], strip: bool = False) -> Runs:
    """Join neighbours with the same formatting; soft line breaks become spaces."""
    merged: list[Run] = []
    for run in runs:
        text = xml_text(_unmasked(run.text))
        text = text if text == "\n" else re.sub(r"\s*\n\s*", " ", text)
        if not text:
            continue
        run = replace(run, text=text)
        if merged and text != "\n" and merged[-1].text != "\n" and _same_format(merged[-1], run):
            merged[-1] = replace(merged[-1], text=merged[-1].text + text)
        else:
            merged.append(run)
    if strip and merged:
        merged[0] = replace(merged[0], text=merged[0].text.lstrip())
        merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
        merged = [r for r in merged if r.text]
    return tuple(merged)


def _same_format(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.href) == (b.bold, b.italic, b.href)


def plain_text(runs: Runs) -> str:
    return "".join(r.text for r in runs)
