"""The build's last scan (essaim/publish/tripwire.py): it sees active content, and only that.

Unit tests feed it pages, feeds, SVG and JSON; two real builds show that `mkdocs build`
refuses to publish (French message naming the page and its source file, exit 1, no
traceback) and that the preview shows a warning page instead.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from essaim.publish import tripwire

from tests.conftest import make_project
from tests.helpers import MKDOCS

ALLOW = tripwire.Allowlist(
    script_paths=frozenset({"assets/javascripts/bundle.js", "assets/recherche.js"}),
    inline_scripts=tripwire.THEME_INLINE_SCRIPTS,
    form_actions=frozenset({"catalogue/"}),
    root="/essaim/",
)
PAGE = "ressources/fiche/index.html"

ACTIVE_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//pirate.example/x.js></SCRIPT>",
    '<script src="../../assets/autre.js"></script>',
    '<script src="/assets/recherche.js"></script>',  # outside the site's root /essaim/
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)",
    "<svg/onload=alert(1)>",
    '<p ONCLICK="alert(1)">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" &#1;javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="ms-msdt:/id">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    "<svg><foreignObject><p>x</p></foreignObject></svg>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext></mtext></math>",
    '<iframe src="https://exemple.fr"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "<object data=x></object>",
    "<embed src=x>",
    '<base href="https://pirate.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0; url=https://pirate.example/">',
    '<meta http-equiv="set-cookie" content="a=b">',
    '<form action="https://pirate.example/"><input name="q"></form>',
    '<form action="../../catalogue/" method="post"></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "<template><img src=x onerror=alert(1)></template>",
    '<link rel="import" href="x.html">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<img srcset="x.png 1x, javascript:alert(1) 2x">',
]

HARMLESS_HTML = [
    "<p>Réunion &lt;img src=x onerror=alert(1)</p>",
    '<p title="onerror=alert(1) javascript:x">texte</p>',
    '<meta name="description" content="Une trame &lt;svg/onload=alert(2)&gt;">',
    '<a href="https://exemple.fr/a:b">x</a>',
    '<a href="mailto:contact@exemple.fr">x</a>',
    '<a href="../../types/guide/">x</a>',
    '<a href="#section">x</a>',
    '<script src="../../assets/recherche.js"></script>',
    '<script src="/essaim/assets/javascripts/bundle.js"></script>',
    '<form class="essaim-catalogue" action="../../catalogue/" method="get"></form>',
    '<meta http-equiv="refresh" content="0; url=../nouvelle/">',
    '<script id="__config" type="application/json">{"base": "../.."}</script>',
    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
]


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("html", ACTIVE_HTML)
def test_active_content_in_a_page_is_found(html):
    findings = tripwire.scan_html(PAGE, _page(html), ALLOW)
    assert findings, html
    assert all(f.path == PAGE and f.what for f in findings)


@pytest.mark.parametrize("html", HARMLESS_HTML)
def test_text_and_the_portals_own_markup_are_not_findings(html):
    assert tripwire.scan_html(PAGE, _page(html), ALLOW) == []


def test_materials_inline_scripts_are_allowed_at_any_depth():
    for base in ("/", ".", "..", "../.."):
        script = (
            f'__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+'
        )
        assert tripwire.inline_script_hash(script) == tripwire.inline_script_hash(
            script.replace(f'"{base}"', '"../../.."')
        )


FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Essaim</title>
<entry><title>Réunion &lt;img src=x onerror=alert(1)</title>{extra}</entry></feed>
"""


def test_a_feed_whose_text_is_text_is_clean():
    assert tripwire.scan_file("flux/tout.xml", FEED.format(extra="").encode(), ALLOW) == []


@pytest.mark.parametrize(
    "extra",
    [
        '<summary type="html">&lt;img src=x onerror=alert(1)&gt;</summary>',
        '<content type="html">&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</content>',
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></content>',
        '<link rel="alternate" href="javascript:alert(1)"/>',
    ],
)
def test_active_content_in_a_feed_is_found(extra):
    assert tripwire.scan_file("flux/tout.xml", FEED.format(extra=extra).encode(), ALLOW)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml-stylesheet type="text/xsl" href="x.xsl"?><feed/>',
        b'<!DOCTYPE x [<!ENTITY a "b">]><feed>&a;</feed>',
        b"<feed><unclosed></feed>",
    ],
)
def test_stylesheets_entities_and_broken_xml_are_found(data):
    assert tripwire.scan_file("flux/x.xml", data, ALLOW)


@pytest.mark.parametrize(
    ("svg", "active"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', False),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', True),
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', True),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            '<a x:href="javascript:alert(1)"><text>x</text></a></svg>',
            True,
        ),
    ],
)
def test_svg_images_are_read_as_xml(svg, active):
    assert bool(tripwire.scan_file("ressources/x/carte.svg", svg.encode(), ALLOW)) is active


def test_json_must_be_json():
    assert tripwire.scan_file("donnees/x.json", b'{"titre": "<script>"}', ALLOW) == []
    assert tripwire.scan_file("donnees/x.json", b"<script>alert(1)</script>", ALLOW)


def test_locate_names_the_files_holding_a_value():
    texts = {"resources/a.md": "titre: x onerror=alert(42)", "resources/b.md": "titre: y"}
    assert tripwire.locate("alert(42)", texts) == ["resources/a.md"]
    assert tripwire.locate("x", texts) == []  # too short to name a file


# ---------------------------------------------------------------- the real build


@pytest.fixture(scope="module")
def project_with_active_page(tmp_path_factory) -> Path:
    """A static page in docs/ (copied as it is, never sanitised) with an event attribute."""
    project = make_project(tmp_path_factory.mktemp("declencheur") / "projet", with_content=True)
    (project / "docs" / "essai.html").write_text(
        "<!doctype html><title>Essai</title><p><img src=x onerror=alert(1)></p>\n",
        encoding="utf-8",
    )
    return project


def _build(project: Path, site: Path, preview: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESSAIM_DATE": "2026-01-15"}
    env.pop("ESSAIM_PREVIEW", None)
    if preview:
        env["ESSAIM_PREVIEW"] = "1"
    command = [*MKDOCS, "build", "--site-dir", str(site)] + ([] if preview else ["--strict"])
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def test_the_build_refuses_to_publish_active_content(project_with_active_page, tmp_path):
    site = tmp_path / "site"
    result = _build(project_with_active_page, site, preview=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "essai.html (source : docs/essai.html) : attribut d'événement « onerror »" in result.stderr
    )
    assert "publication refusée" in result.stdout + result.stderr
    assert not (site / "essai.html").exists()


def test_the_preview_warns_and_shows_a_blocked_page(project_with_active_page, tmp_path):
    site = tmp_path / "site"
    result = _build(project_with_active_page, site, preview=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "essai.html (source : docs/essai.html)" in result.stderr
    assert "remplacé(s) par une page d'avertissement" in result.stderr
    page = (site / "essai.html").read_text(encoding="utf-8")
    assert "Page bloquée" in page and "onerror" not in page


@pytest.mark.parametrize("two_cores", [False, True])
def test_a_script_added_to_every_page_stops_the_build_on_one_or_two_cores(tmp_path, two_cores):
    """A theme override that writes a script (a maintainer's change, or a theme upgrade):
    each page is read as it is rendered, by whichever process renders it, and the build
    stops with the pages named, also those the second process rendered."""
    project = make_project(tmp_path / "projet", with_content=True)
    main = project / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8")
        + '\n{% block scripts %}{{ super() }}<script>alert("ajout")</script>{% endblock %}\n',
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESSAIM_DATE": "2026-01-15"}
    env["ESSAIM_PARALLELE"] = "1" if two_cores else "0"
    env.pop("ESSAIM_PREVIEW", None)
    site = tmp_path / "site"
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "script intégré hors de la liste autorisée" in output
    # a resource page (rendered by the second process when there is one) and its source
    assert (
        "ressources/modele-compte-rendu-reunion-cooperation/index.html "
        "(source : resources/modeles/modele-compte-rendu-reunion-cooperation.md)" in output
    )
    assert "publication refusée" in output
    written = (
        site / "ressources" / "modele-compte-rendu-reunion-cooperation" / "index.html"
    ).read_text(encoding="utf-8")
    assert "ajout" not in written and "Page bloquée" in written
    # every page counted, those of the second process too
    blocked = [
        p for p in site.rglob("*.html") if "Page bloquée" in p.read_text(encoding="utf-8")
    ]
    count = int(re.search(r"(\d+) contenu\(s\) actif\(s\)", output).group(1))
    assert count >= len(blocked) > 100  # a page may hold more than one finding
