"""Build the Pagefind search index over a built site.

Pagefind (PyPI `pagefind[bin]`, binary included, works offline) indexes only the pages
marked with data-pagefind-body (resource pages), stems French words because pages
declare <html lang="fr">, and splits its index in chunks so a browser downloads only
what a query needs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


def build_search_index(site_dir: Path) -> str:
    """Index site_dir in place (site_dir/pagefind/); returns Pagefind's summary line."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(
            "l'index de recherche n'a pas pu être construit : "
            + (result.stderr or result.stdout).strip()
        )
    lines = [line.strip() for line in result.stdout.splitlines() if "Indexed" in line]
    return "; ".join(lines)
