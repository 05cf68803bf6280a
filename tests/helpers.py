"""Helpers shared by the build and browser tests."""

from __future__ import annotations

import contextlib
import filecmp
import functools
import html
import html.parser
import http.server
import os
import posixpath
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlencode

MKDOCS = [sys.executable, "-m", "mkdocs"]

# Inline scripts written by the Material theme itself (identified by how they start).
THEME_INLINE_SCRIPTS = ("__md_scope=", "var palette=", "var target=document.getElementById")
_THEME_SRC = re.compile(
    r"^(?:\.\./|\./|/)*assets/(?:javascripts/[\w./-]+|catalogue|recherche|essaim)\.js$"
)
# The portal's own search forms (catalogue page, home page).
_OWN_FORMS = ({"id": "essaim-catalogue", "action": "./"}, {"action": "catalogue/"})
# The header's search field on every page: a GET to the catalogue, from any depth.
_HEADER_FORM_CLASS = "essaim-entete-recherche"
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
_ACTIVE_TAGS = {"iframe", "object", "embed", "base", "frame", "applet", "noscript", "style"}
_SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def git(project: Path, *args: str) -> None:
    """`git ARGS` in project, with a committer name, failing on error."""
    subprocess.run(
        ["git", "-c", "user.name=Essaim", "-c", "user.email=essaim@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def run_essaim(
    project: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python -m essaim.cli ARGS` in project, on the tests' fixed day (env: variables
    added to the environment), output captured."""
    env = {**os.environ, "ESSAIM_DATE": "2026-01-15", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "essaim.cli", *args],
        cwd=project,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )


def assert_check_refuses(project: Path, path: str, expected: dict) -> str:
    """`essaim check` in project exits 1, without a traceback, and prints the problem of
    path at the line and field of expected, holding its message fragment; returns it."""
    result = run_essaim(project, "check")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    prefix = f"{path}:{expected['ligne']}: "
    if expected["champ"]:
        prefix += f"{expected['champ']} : "
    lines = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    assert lines, result.stdout
    assert expected["message"] in lines[0], lines[0]
    return lines[0]


def build_site(
    project: Path,
    site: Path,
    preview: bool = False,
    two_cores: bool | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`; two_cores forces (True) or forbids (False) the split build."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESSAIM_DATE": "2026-01-15"}
    for name in (
        "ESSAIM_PREVIEW",
        "ESSAIM_PARALLELE",
        "ESSAIM_CACHE_THEME",
        "ESSAIM_CACHE_MARKDOWN",
    ):
        env.pop(name, None)
    env.update(extra_env or {})
    if preview:
        env["ESSAIM_PREVIEW"] = "1"
    if two_cores is not None:
        env["ESSAIM_PARALLELE"] = "1" if two_cores else "0"
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode == 0:
        # Every build made by the tests is scanned: nothing unsafe may have been published.
        findings = unsafe_html(site)
        assert findings == [], findings[:10]
    return result


def build_without_prefilters(project: Path, site: Path) -> None:
    """`mkdocs build --strict` in this process with the check's content pre-filters
    (tags, entities, script addresses) switched off: what they would refuse is published,
    to show that the outputs escape and sanitise it on their own (the build's last scan,
    essaim/publish/tripwire.py, aborts it otherwise)."""
    import pytest
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from essaim.catalog import safety

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safety, "text_findings", lambda value: iter(()))
        patch.setattr(safety, "body_findings", lambda body: iter(()))
        patch.setenv("ESSAIM_PARALLELE", "0")
        patch.setenv("ESSAIM_DATE", "2026-01-15")
        patch.delenv("ESSAIM_PREVIEW", raising=False)
        patch.chdir(project)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)


def unsafe_html(site: Path) -> list[str]:
    """Every script, event handler, script URL or active element in the built HTML, SVG and
    XML that the theme and the portal did not put there.

    Read with the standard library's html.parser, not with lxml as the build's own scan
    (essaim/publish/tripwire.py) does: two parsers, so that one's blind spot is not the other's.
    """
    found = []
    for page in sorted(site.rglob("*")):
        if page.suffix.lower() not in (".html", ".htm", ".xhtml", ".svg", ".xml"):
            continue
        scanner = _ActiveContent(page.relative_to(site).as_posix())
        scanner.feed(page.read_text(encoding="utf-8", errors="replace"))
        scanner.close()
        found += [f"{page}: {item}" for item in scanner.found]
    return found


def _leads_to_catalogue(page: str, action: str) -> bool:
    """Whether a form's action, read from the page at this site path, is the catalogue."""
    if action.startswith("/"):
        target = action
    else:
        target = "/" + posixpath.join(posixpath.dirname(page), action)
    return posixpath.normpath(target) == "/catalogue" and action.endswith("/")


class _ActiveContent(html.parser.HTMLParser):
    def __init__(self, page: str = ""):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[str] = []
        self._script: dict[str, str] | None = None
        self._body = ""

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in _URL_ATTRS:
                cleaned = html.unescape(value).strip("".join(map(chr, range(33))))
                cleaned = re.sub(r"[\t\n\r]", "", cleaned)
                scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
                if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
                    self.found.append(f"<{tag} {name}={value[:60]}>")
        if tag == "script":
            self._script, self._body = values, ""
        elif tag in _ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        elif tag == "form" and not (
            any(all(values.get(k) == v for k, v in own.items()) for own in _OWN_FORMS)
            or (
                values.get("class") == _HEADER_FORM_CLASS
                and values.get("method") == "get"
                and _leads_to_catalogue(self.page, values.get("action", ""))
            )
        ):
            self.found.append(f"<form {values}>")
        elif tag == "meta" and "http-equiv" in values:
            target = values.get("content", "").partition("url=")[2]
            if values["http-equiv"].lower() != "refresh" or ":" in target:
                self.found.append(f"<meta {values}>")

    def handle_data(self, data):
        if self._script is not None:
            self._body += data

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        attrs, body = self._script, self._body.strip()
        self._script = None
        if "src" in attrs:
            if not _THEME_SRC.match(attrs["src"]):
                self.found.append(f"<script src={attrs['src'][:60]}>")
        elif attrs.get("id") != "__config" and not body.startswith(THEME_INLINE_SCRIPTS):
            self.found.append(f"<script>{body[:60]}")

    def close(self):
        super().close()
        if self._script is not None:
            self.found.append("<script non refermé")


# The catalogue's script marks its form once the first results are shown.
CATALOGUE_READY = "document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'"


def open_catalogue(page, base_url: str, params: dict | None = None, path: str = "/catalogue/"):
    """Open a page with the catalogue's search (params as its query string) and wait for it."""
    query = "?" + urlencode(params, doseq=True) if params else ""
    page.goto(f"{base_url}{path}{query}")
    page.wait_for_function(CATALOGUE_READY, timeout=10000)


def card_slugs(page, container: str = "#essaim-resultats") -> list[str]:
    """Identifiers of the cards shown in container, in the order shown."""
    hrefs = page.eval_on_selector_all(
        f"{container} .essaim-carte__titre a", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def axe_violations(page, impacts=("moderate", "serious", "critical")) -> list[str]:
    """axe's violations on the page at the given impacts, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in impacts
    ]


@contextlib.contextmanager
def serve_directory(directory: Path):
    """A built site served on 127.0.0.1 (a free port) while the block runs; yields its URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def different_files(first: Path, second: Path) -> list[str]:
    """Paths present in only one of two built sites, or whose bytes differ."""
    a = {p.relative_to(first).as_posix(): p for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second).as_posix(): p for p in second.rglob("*") if p.is_file()}
    return sorted(set(a) ^ set(b)) + [
        k for k in sorted(set(a) & set(b)) if not filecmp.cmp(a[k], b[k], shallow=False)
    ]


def expected_problem(problems, path: str, expected: dict):
    """The problem of path at the line and field an expectation file gives, holding its
    message fragment; fails with what was reported instead."""
    matching = [
        p
        for p in problems
        if p.path == path
        and p.line == expected["ligne"]
        and p.field == expected["champ"]
        and expected["message"] in p.message
    ]
    assert matching, f"attendu {expected}, obtenu {[p.format_text() for p in problems]}"
    # file, line and field all appear in the text a facilitator reads
    assert matching[0].format_text().startswith(f"{path}:{expected['ligne']}: ")
    return matching[0]


def assert_issue_cli(
    project: Path,
    message: Path,
    issues: Path,
    accepted: str,
    refused: str,
    expected_file: str,
    options: tuple[str, ...] = (),
) -> None:
    """`essaim depuis-issue`: an accepted issue prints the file written and closes the
    issue; a hostile one exits 1 with the French comment, no file and no traceback."""
    from tests.cases import copy_case

    env = {**os.environ, "ESSAIM_DATE": "2026-01-15"}
    bodies = message.parent / "corps"  # the cases without their « attendu » block
    bodies.mkdir(exist_ok=True)

    def run(name: str) -> subprocess.CompletedProcess:
        body = copy_case(issues / name, bodies)
        return subprocess.run(
            [sys.executable, "-m", "essaim.cli", "depuis-issue", *options, str(body),
             "--numero", "5", "--message", str(message)],
            cwd=project, env=env, capture_output=True, text=True,
        )  # fmt: skip

    done = run(accepted)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected_file
    assert "Ferme #5." in message.read_text(encoding="utf-8")

    stopped = run(refused)
    assert stopped.returncode == 1
    assert stopped.stdout == ""
    comment = message.read_text(encoding="utf-8")
    assert "HTML non accepté" in comment and "&lt;script&gt;" in comment
    assert "Traceback" not in stopped.stderr
