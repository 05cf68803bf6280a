"""Screenshots of the portal for the README: `make captures`.

Builds the site (`mkdocs build --strict`), serves it on 127.0.0.1, and photographs the
home, the catalogue, a resource page and the map of territories in Debian's Chromium
(Playwright, never a downloaded browser) at a desktop width (1280 × 800) and a phone width
(360 × 740). Writes docs/captures/<page>-<bureau|telephone>.png: the visible screen only
(what a visitor sees first), PNG data deflated again at the highest level. MkDocs leaves
the folder out of the site (exclude_docs in mkdocs.yml).
"""

from __future__ import annotations

import struct
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.lighthouse import build_site, serve  # noqa: E402  (one build and server for both tools)

OUT = ROOT / "docs" / "captures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "accueil": "",
    "catalogue": "catalogue/",
    "ressource": "ressources/modele-budget-previsionnel-projet/",
    "carte": "territoires/",
}
SIZES = {"bureau": (1280, 800), "telephone": (360, 740)}


def recompress(png: bytes) -> bytes:
    """The same image with its pixel data deflated at level 9 in one chunk."""
    chunks, position, data = [], 8, b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IDAT":
            data += body
            if png[position + 4 : position + 8] != b"IDAT":
                chunks.append((b"IDAT", zlib.compress(zlib.decompress(data), 9)))
        elif kind in (b"IHDR", b"PLTE", b"tRNS", b"IEND"):
            chunks.append((kind, body))  # text and time chunks dropped: same bytes each run
    out = [png[:8]]
    for kind, body in chunks:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc))
    return b"".join(out)


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print("Chromium absent : « make browser » l'installe (paquet Debian).", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="essaim-captures-") as tmp:
        site = Path(tmp) / "site"
        if not build_site(site):
            return 1
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size_name, (width, height) in SIZES.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    locale="fr-FR",
                    reduced_motion="reduce",
                )
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    target = OUT / f"{name}-{size_name}.png"
                    target.write_bytes(recompress(page.screenshot()))
                    print(f"{target.relative_to(ROOT)} ({target.stat().st_size // 1000} Ko)")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
