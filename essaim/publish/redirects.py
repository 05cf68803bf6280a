"""Lasting links: a renamed resource keeps answering at each of its former addresses.

For every identifier in `anciens_identifiants`, the build writes
`ressources/<ancien>/index.html`: a small page that sends the browser on to the new address
(meta refresh, no script), names the new address as canonical (search engines move their
index there) and offers a plain link for anyone whose browser does not follow.
The rules (essaim/catalog/rules.py, check_former_slugs) make sure a former identifier never hides a
live resource nor points to two.
"""

from __future__ import annotations

from html import escape

from essaim.catalog.safety import encodable
from essaim.model import Catalog
from essaim.urls import RESOURCES_DIR


def redirect_files(catalog: Catalog, site_url: str) -> dict[str, str]:
    """{site path: HTML} of every redirect page."""
    files: dict[str, str] = {}
    for resource in catalog.resources:
        for former in resource.former_slugs:
            files[f"{RESOURCES_DIR}/{former}/index.html"] = redirect_page(
                title=resource.title,
                target=f"../{resource.slug}/",
                canonical=f"{site_url}{RESOURCES_DIR}/{resource.slug}/",
            )
    return dict(sorted(files.items()))


def redirect_page(title: str, target: str, canonical: str) -> str:
    """A page that forwards to target (relative, so it works wherever the site is served)."""
    title = encodable(title)
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{escape(title)} — page déplacée</title>
<meta http-equiv="refresh" content="0; url={escape(target)}">
<link rel="canonical" href="{escape(canonical)}">
<meta name="robots" content="noindex">
</head>
<body>
<p>Cette ressource a changé d'adresse : <a href="{escape(target)}">{escape(title)}</a>.</p>
</body>
</html>
"""
