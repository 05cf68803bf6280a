"""Links judged as MkDocs judges them, and texts Python-Markdown would take minutes on.

The hostile corpus (tests/fixtures/hostile/liens-internes/, mise-en-page-couteuse/) plays
each case through `essaim check` and one real `mkdocs build --strict`; these tests hold
the parts in between.
"""

from __future__ import annotations

import time

import markdown
import pytest
import yaml

from essaim.catalog import links
from tests.conftest import ROOT


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml holds !ENV tags: read them as plain values."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_the_extensions_are_those_of_mkdocs_yml():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    site = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        site[name] = options or {}
    assert site == links.SITE_MARKDOWN_EXTENSIONS


def _site(*slugs: str, bodies: dict[str, str] | None = None, files=None) -> links.Site:
    bodies = bodies or {}
    files = files or {}
    return links.Site(
        slugs=set(slugs), resource=lambda slug: (bodies.get(slug, ""), set(files.get(slug, ())))
    )


def _rules(body: str, site: links.Site, slug: str = "fiche") -> list[tuple[str, str]]:
    return [(f.rule, f.target) for f in links.link_findings(slug, body, site)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[a](autre.md)", []),
        ("[a](autre.md#etapes)", []),
        ("[a](autre.md#rien)", [("link.anchor_there", "autre.md#rien")]),
        ("[a](inconnue.md)", [("rule.internal_link", "inconnue.md")]),
        ("[a](../autre.md)", [("link.not_found", "../autre.md")]),
        ("[a](../ressources/autre.md)", []),  # the same file, as MkDocs resolves it
        ("[a](sous/autre.md)", [("link.not_found", "sous/autre.md")]),
        ("[a](/autre.md)", [("link.absolute", "/autre.md")]),
        ("[a](autre)", [("link.not_found", "autre")]),
        ("[a](aut%72e.md)", []),  # percent-decoded, as MkDocs does
        ("[a](#plus-bas)\n\n## Plus bas\n\nTexte.", []),
        ("[a](#ailleurs)", [("link.anchor_here", "#ailleurs")]),
        ("[a](?vue=2)", []),
        ("[a][r]\n\n[r]: sous/x.md", [("link.not_found", "sous/x.md")]),
        ("![a](photo.png)", [("link.not_found", "photo.png")]),
        ("![a](fiche/photo.png)", []),
        ("[a](autre/plan.pdf)", [("link.not_found", "autre/plan.pdf")]),
        ("Texte.\n\n[^1]: Une note.", [("link.footnote", "#fnref:1")]),
        ("Texte[^1].\n\n[^1]: Une note.", []),
        ("[a](http://[::1)", [("link.unreadable", "http://[::1")]),
        ("[a](https://exemple.fr/x) <https://exemple.fr> <contact@exemple.fr>", []),
        ("`[a](../code.md)` et\n\n    [b](../bloc.md)", []),  # code is not a link
    ],
)
def test_each_link_is_judged_as_mkdocs_does(body: str, expected: list):
    site = _site(
        "fiche",
        "autre",
        bodies={"autre": "## Étapes\n\nTexte."},
        files={"fiche": ["photo.png"]},
    )
    assert _rules(body, site) == expected


def test_a_wrong_anchor_gets_the_closest_one_as_a_hint():
    site = _site("fiche", "autre", bodies={"autre": "## Les étapes\n\nTexte."})
    [finding] = links.link_findings("fiche", "[a](autre.md#les-etape)", site)
    assert "#les-etapes" in finding.details["hint"]


def test_an_attachment_named_without_its_folder_gets_the_right_path_as_a_hint():
    site = _site("fiche", files={"fiche": ["plan.pdf"]})
    [finding] = links.link_findings("fiche", "[a](plan.pdf)", site)
    assert "fiche/plan.pdf" in finding.details["hint"]


# ---------------------------------------------------------------- texts too costly to lay out

LENGTH = 200_000
COSTLY = ["[", "[[", "[a](", "[^", "![", "[a](b ", "[a](<", "[a][", "(", "\\[[", "[`a`", "\\*[",
          "[a](\\)"]  # fmt: skip
DEEP = ["- " * 400 + "x", "1. " * 400 + "x", "> " * 400 + "x", "    " * 300 + "- x",
        "\t" * 300 + "- x", "x\n: y\n" * 800]  # fmt: skip
COSTLY_LINES = ["--\n", "===\n", "- - -\n", "# a\n", "### a\nb\n", "```\n", "~~~\n", "!!! note\n",
                "??? x\n", "x\n: y\n", "*[A]: b\n", "[a]:\n"]  # fmt: skip


@pytest.mark.parametrize("unit", COSTLY + COSTLY_LINES)
def test_a_costly_text_is_refused_quickly(unit: str):
    text = "Texte.\n" + unit * (LENGTH // len(unit))
    started = time.process_time()
    found = list(links.markdown_cost_findings(text))
    assert time.process_time() - started < 1.0
    assert found, f"{unit!r} répété n'est pas refusé"


@pytest.mark.parametrize("text", DEEP)
def test_nesting_that_would_exhaust_python_recursion_is_refused(text: str):
    assert list(links.markdown_cost_findings("Texte.\n\n" + text))
    nested = "".join("    " * i + "- x\n" for i in range(400))
    assert list(links.markdown_cost_findings(nested))


def _largest_accepted(unit: str) -> str:
    """The longest repetition of unit that the cost check still accepts."""
    low, high = 1, LENGTH // len(unit)
    while low < high:
        middle = (low + high + 1) // 2
        if any(links.markdown_cost_findings("Texte.\n" + unit * middle)):
            high = middle - 1
        else:
            low = middle
    return "Texte.\n" + unit * low


@pytest.mark.parametrize("unit", COSTLY + COSTLY_LINES)
def test_what_the_cost_check_accepts_is_converted_in_under_a_second(unit: str):
    """The budgets hold what they promise: Python-Markdown, with the site's extensions,
    converts the largest accepted text of each costly kind in under a second."""
    text = _largest_accepted(unit)
    converter = markdown.Markdown(
        extensions=list(links.SITE_MARKDOWN_EXTENSIONS),
        extension_configs={k: v for k, v in links.SITE_MARKDOWN_EXTENSIONS.items() if v},
    )
    started = time.process_time()
    converter.convert(text)
    assert time.process_time() - started < 1.0, f"{unit!r} × {len(text) // len(unit)}"


def test_ordinary_long_texts_are_not_refused():
    row = "| Poste {i} | [modèle](https://exemple.fr/{i}) (voir la note) | 1 200 € |\n"
    table = "| Poste | Lien | Montant |\n|---|---|---|\n" + "".join(
        row.format(i=i) for i in range(1500)
    )
    prose = "\n\n".join(
        f"Un paragraphe (avec une parenthèse) et [un lien](autre.md) numéro {i}."
        for i in range(2000)
    )
    definitions = "".join(f"Terme {i}\n: Sa définition en une phrase.\n" for i in range(150))
    for text in (table, prose, definitions):
        assert list(links.markdown_cost_findings(text)) == []
