"""Faster builds, same site: two cores (essaim/hook/split_build.py), the theme's navigation
rendered once per folder (essaim/hook/theme_cache.py), one Markdown converter per build
(essaim/hook/markdown_reuse.py)."""

from __future__ import annotations

from pathlib import Path

from essaim.hook import split_build
from essaim.catalog.load import load_catalog
from essaim.urls import resource_src

from tests.conftest import ROOT, TODAY, make_project
from tests.helpers import build_site, different_files


def test_two_cores_build_the_same_files_as_one(real_site: Path, tmp_path: Path):
    split = tmp_path / "deux-coeurs"
    result = build_site(ROOT, split, two_cores=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Pages rendues sur deux cœurs" in result.stderr
    assert "Page skipped" not in result.stderr
    assert different_files(real_site, split) == []


def test_navigation_rendered_once_per_folder_changes_no_byte(real_site: Path, tmp_path: Path):
    fresh = tmp_path / "sans-cache"
    result = build_site(ROOT, fresh, extra_env={"ESSAIM_CACHE_THEME": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert different_files(real_site, fresh) == []


def test_one_markdown_converter_for_every_page_changes_no_byte(real_site: Path, tmp_path: Path):
    # MkDocs' own way (a new converter per page, essaim/hook/markdown_reuse.py) on one core.
    fresh = tmp_path / "un-convertisseur-par-page"
    result = build_site(ROOT, fresh, two_cores=False, extra_env={"ESSAIM_CACHE_MARKDOWN": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert different_files(real_site, fresh) == []


def test_a_broken_anchor_on_either_side_stops_the_build_with_each_link_named_once(tmp_path: Path):
    # The check judges anchors as MkDocs does (catalog/links.py), so the build stops before
    # MkDocs' own warning: each broken link is named once, in French, in both build modes.
    project = make_project(tmp_path / "projet", with_content=True)
    catalog = load_catalog(project, today=TODAY)
    sources = {resource_src(r.slug): r for r in catalog.resources if r.archive is None}
    delegated = split_build.share_of(list(sources))
    markdown = sorted(src for src, r in sources.items() if r.source.suffix == ".md")
    child, inside = (sources[s] for s in [s for s in markdown if s in delegated][:2])
    parent = sources[next(s for s in markdown if s not in delegated)]
    # one link each way across the two processes, and one inside the child's share
    for source, target in ((child, parent), (parent, child), (inside, child)):
        with source.source.open("a", encoding="utf-8") as handle:
            handle.write(f"\n\nVoir [la suite]({target.slug}.md#nulle-part).\n")
    for two_cores in (False, True):
        result = build_site(project, tmp_path / f"site-{two_cores}", two_cores=two_cores)
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert output.count("#nulle-part » vers une section absente") == 3, output[-3000:]
        for source in (child, parent, inside):
            assert f"{source.source.relative_to(project).as_posix()}:" in output, output[-3000:]
        assert "3 problème(s) dans les ressources : publication refusée" in output


def test_a_page_never_inherits_the_notes_abbreviations_or_links_of_the_one_before(
    tmp_path: Path,
):
    # The kept converter is reset between pages: what a page defines stays in that page.
    project = make_project(tmp_path / "projet")
    docs = project / "docs"
    first = docs / "a-propos.md"  # converted before the other hand-written pages
    first.write_text(
        first.read_text(encoding="utf-8")
        + "\n\nLe ZQXW a une note[^essai] et un [renvoi][].\n\n[^essai]: La note.\n\n"
        + "*[ZQXW]: Sigle d'essai\n\n[renvoi]: https://example.org/essai\n",
        encoding="utf-8",
    )
    later = [docs / name for name in ("comite.md", "contribuer.md", "qualite.md")]
    for page in later:
        page.write_text(
            page.read_text(encoding="utf-8") + "\n\nLe ZQXW, un [renvoi][] et [^essai].\n",
            encoding="utf-8",
        )
    sites = {}
    for reuse in ("1", "0"):
        sites[reuse] = tmp_path / f"site-{reuse}"
        result = build_site(project, sites[reuse], extra_env={"ESSAIM_CACHE_MARKDOWN": reuse})
        assert result.returncode == 0, result.stdout + result.stderr
    assert different_files(sites["1"], sites["0"]) == []
    defined = (sites["1"] / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "<abbr" in defined and "https://example.org/essai" in defined
    assert 'href="#fn:essai"' in defined
    for page in later:
        html = (sites["1"] / page.stem / "index.html").read_text(encoding="utf-8")
        assert "ZQXW" in html
        assert "<abbr" not in html and "example.org/essai" not in html and "fn:essai" not in html


def _theme_env(folder: Path):
    import jinja2

    from essaim.hook import theme_cache

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)
    theme_cache.enable(env)
    return env


def test_compiled_templates_kept_between_rebuilds_until_edited(tmp_path: Path, monkeypatch):
    import jinja2

    (tmp_path / "partials").mkdir()
    for name in ("nav", "tabs"):
        (tmp_path / "partials" / f"{name}.html").write_text(name, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("Bonjour {{ nom }}", encoding="utf-8")
    assert _theme_env(tmp_path).get_template("page.html").render(nom="Ada") == "Bonjour Ada"

    # A new environment (MkDocs makes one each rebuild): nothing compiled again.
    compile_calls = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment,
        "compile",
        lambda self, *a, **k: compile_calls.append(a) or original(self, *a, **k),
    )
    assert _theme_env(tmp_path).get_template("page.html").render(nom="Ada") == "Bonjour Ada"
    assert compile_calls == []

    # An edited template is compiled again, and renders its new text.
    page.write_text("Au revoir {{ nom }}", encoding="utf-8")
    assert _theme_env(tmp_path).get_template("page.html").render(nom="Ada") == "Au revoir Ada"
    assert len(compile_calls) == 1
