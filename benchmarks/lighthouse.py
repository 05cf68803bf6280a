"""Lighthouse, mobile profile, on the real portal: `make lighthouse`.

Builds the site (`mkdocs build --strict`), serves it on 127.0.0.1 and runs Lighthouse 12
(npm, installed in benchmarks/node_modules from package-lock.json) against Debian's
Chromium (CHROME_PATH=/usr/bin/chromium: Lighthouse never downloads a browser). Prints
each page's scores beside the goals of issue 16. Figures, not pass/fail: Lighthouse's
performance score moves a few points with the load of the machine (two cores shared).

Goals: performance ≥ 90, accessibility 100, best practices ≥ 95, SEO 100, CLS ≤ 0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PAGES = {
    "accueil": "",
    "catalogue": "catalogue/",
    "ressource": "ressources/modele-budget-previsionnel-projet/",
    "territoire": "territoires/departement-94/",
    "statistiques": "statistiques/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 100, "best-practices": 95, "seo": 100}
CLS_GOAL = 0.1


COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg")


@contextlib.contextmanager
def serve(folder: Path):
    """The site over HTTP, text files gzip-compressed as GitHub Pages serves them (an
    uncompressed local server would measure a slower portal than the published one)."""

    class Gzipped(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            wants = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (wants and path.suffix in COMPRESSED and path.is_file()):
                return super().send_head()
            if self.path.split("?")[0].endswith("/") is False and path.name == "index.html":
                return super().send_head()  # let the parent redirect « dossier » → « dossier/ »
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    handler = functools.partial(Gzipped, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def build_site(site: Path) -> bool:
    """`mkdocs build --strict` of the portal into `site`; its output printed on failure."""
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        print(build.stdout + build.stderr, file=sys.stderr)
    return build.returncode == 0


def audit(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--disable-full-page-screenshot",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse a échoué sur {url} :\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def scores(report: dict) -> dict:
    row = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    row["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    for metric, key in (("first-contentful-paint", "fcp"), ("largest-contentful-paint", "lcp")):
        row[key] = report["audits"][metric]["numericValue"] / 1000
    row["tbt"] = report["audits"]["total-blocking-time"]["numericValue"]
    row["failed"] = sorted(
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and report["audits"][audit_id]["score"] is not None
        and report["audits"][audit_id]["score"] < 0.9
        and category != "performance"
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse (profil mobile) sur le portail.")
    parser.add_argument("--site", help="site déjà construit (sinon : mkdocs build --strict)")
    parser.add_argument("--pages", default=",".join(PAGES), help="pages à mesurer")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse absent : lancez « make lighthouse ».", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="essaim-lighthouse-") as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site and not build_site(site):
            return 1
        rows = []
        with serve(site) as base:
            for name in args.pages.split(","):
                report = audit(base + PAGES[name], Path(tmp) / f"{name}.json")
                rows.append((name, scores(report)))
    print("Lighthouse 12, profil mobile (Moto G Power simulé, réseau 4G lent simulé)")
    print(
        f"{'page':<14}{'performance':>13}{'accessibilité':>15}{'bonnes pratiques':>18}"
        f"{'SEO':>6}{'CLS':>8}{'FCP s':>7}{'LCP s':>7}{'TBT ms':>8}   audits à revoir"
    )
    for name, row in rows:
        print(
            f"{name:<14}{row['performance']:>13}{row['accessibility']:>15}"
            f"{row['best-practices']:>18}{row['seo']:>6}{row['cls']:>8.3f}"
            f"{row['fcp']:>7.1f}{row['lcp']:>7.1f}{row['tbt']:>8.0f}   "
            + (", ".join(row["failed"]) or "—")
        )
    print(
        f"{'objectif':<14}{'≥ 90':>13}{'100':>15}{'≥ 95':>18}{'100':>6}{'≤ 0,1':>8}",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
