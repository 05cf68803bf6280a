"""The `essaim` command: check resources, write the generated pages.

Exit codes: 0 valid, 1 problems found, 2 usage error. Never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from essaim.catalog import readability
from essaim.catalog.check_cache import CheckCache
from essaim.catalog.load import load_catalog
from essaim.cli import contribute
from essaim.contribute.changes import GitError, changed_since
from essaim.memory import collector_paused
from essaim.messages import say
from essaim.problems import Problem, Severity, format_problems
from essaim.settings import find_project_root


class _Parser(argparse.ArgumentParser):
    """argparse, in French, exiting with 2 on usage errors."""

    def error(self, message: str) -> None:  # pragma: no cover - exercised through main
        self.print_usage(sys.stderr)
        print(f"essaim : erreur d'utilisation : {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="essaim", description="Outils du portail Essaim.")
    parser.add_argument("--racine", type=Path, help="dossier du projet (par défaut : détecté)")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")
    commands.required = True

    check = commands.add_parser(
        "check",
        help="valider les ressources et les producteurs",
        description="Valide les fichiers.",
    )
    check.add_argument(
        "chemins", nargs="*", type=Path, help="fichiers ou dossiers (par défaut : tout)"
    )
    check.add_argument(
        "--format",
        choices=("texte", "text", "github", "json"),
        default="texte",
        help="format de sortie",
    )
    check.add_argument(
        "--depuis",
        metavar="REF",
        help="vérification rapide : seulement les fichiers modifiés depuis cette référence Git "
        "(ex. origin/main), avec les règles entre fichiers",
    )
    check.add_argument(
        "--sans-cache",
        action="store_true",
        help="tout revérifier sans lire ni écrire le cache des fichiers inchangés (.cache/essaim/)",
    )
    check.add_argument(
        "--bilan",
        type=Path,
        metavar="FICHIER",
        help="ajouter à FICHIER un bilan Markdown en français (ex. $GITHUB_STEP_SUMMARY)",
    )

    pages = commands.add_parser("pages", help="écrire les pages générées dans un dossier")
    pages.add_argument("sortie", type=Path, help="dossier de destination")
    contribute.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    root = (args.racine or _detect_root()).resolve()
    if root is None or not (root / "schemas").is_dir():
        print("essaim : " + say("cli.no_root", start=Path.cwd()), file=sys.stderr)
        return 2
    if args.command == "check":
        # The check reads everything once and exits: the cyclic garbage collector would only
        # rescan the catalogue it keeps to the end (a quarter of a second at 5,000 resources).
        with collector_paused():
            if args.depuis is not None or args.bilan is not None:
                return _check_changes(root, args)
            return _check(root, args.chemins, args.format, use_cache=not args.sans_cache)
    if args.command in contribute.COMMANDS:
        return contribute.run(root, args)
    return _pages(root, args.sortie)


def run() -> None:
    """The `essaim` command (console script, `python -m essaim.cli`): main, then exit.
    What main leaves alive (file checks and reference data kept for a next load in the
    same process) is frozen first: the collector run at interpreter exit would otherwise
    go through all of it, a third of a second after a check of 5,000 resources."""
    # Paused from the start, so that main does not enable it again on its way out (a
    # collection of everything the check built, just before exiting).
    gc.disable()
    code = main()
    gc.freeze()
    sys.exit(code)


def _detect_root() -> Path:
    return find_project_root(Path.cwd()) or Path.cwd()


def _check(root: Path, paths: list[Path], fmt: str, use_cache: bool = True) -> int:
    selected = []
    for path in paths:
        absolute = path.resolve()
        if not absolute.exists():
            print("essaim : " + say("cli.path_missing", path=str(path)), file=sys.stderr)
            return 2
        selected.append(absolute)
    # The per-file checks of the files unchanged since the last run are read back from
    # .cache/essaim/ (essaim/catalog/check_cache.py); the rules between files run again.
    cache = CheckCache.open(root) if use_cache else None
    catalog = load_catalog(root, cache=cache)
    problems = _problems_under(root, catalog, selected, cache)
    if cache is not None:
        cache.save()
    fmt = "text" if fmt == "texte" else fmt
    errors = _print_problems(problems, fmt)
    if fmt == "text" and not problems:
        print(say("cli.ok", **_counts(catalog)))
    return 1 if errors else 0


def _problems_under(
    root: Path, catalog, selected: list[Path], cache: CheckCache | None = None
) -> list[Problem]:
    """The catalogue's problems and readability warnings in the selected paths (all: [])."""
    problems = catalog.problems + readability.clarity_problems(
        catalog.resources,
        known=catalog.known_terms,
        found=None if cache is None else cache.clarity,
    )
    if not selected:
        return problems
    return [p for p in problems if _selected(root / p.path, selected)]


def _print_problems(problems: list[Problem], fmt: str, scope: str = "") -> int:
    """Print the problems in fmt; as text, the scope and the counts go to stderr.
    Returns how many are errors."""
    if fmt == "json":
        print(format_problems(problems, "json"))
    elif problems:
        print(format_problems(problems, fmt))
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    if fmt == "text":
        if scope:
            print(scope, file=sys.stderr)
        if problems:
            files = len({p.path for p in problems})
            summary = say(
                "cli.summary", errors=errors, warnings=len(problems) - errors, files=files
            )
            print(summary, file=sys.stderr)
    return errors


def _check_changes(root: Path, args: argparse.Namespace) -> int:
    """check with --depuis (only the files changed since a Git reference) and/or --bilan."""
    from essaim.contribute.summary import render_summary

    fmt = "text" if args.format == "texte" else args.format
    if args.depuis is not None and args.chemins:
        print("essaim : " + say("cli.since_and_paths"), file=sys.stderr)
        return 2
    changed: list[tuple[str, str]] = []
    if args.depuis is None:
        selected = [path.resolve() for path in args.chemins]
        catalog = load_catalog(root)
        problems = _problems_under(root, catalog, selected)
        scope = say("cli.scope_all")
    else:
        try:
            changes = changed_since(root, args.depuis)
        except GitError as exc:
            print("essaim : " + say("cli.git", base=args.depuis, detail=str(exc)), file=sys.stderr)
            return 2
        changed = [(c.status, c.path) for c in changes.resources]
        if changes.needs_full_check:
            catalog = load_catalog(root)
            scope = say("cli.scope_full", base=args.depuis)
        else:
            catalog = load_catalog(root, only=[root / path for _, path in changed])
            scope = say("cli.scope_fast", count=len(changed), base=args.depuis)
            if not changes.touches_catalogue:
                scope = say("cli.nothing_changed", base=args.depuis)
        # The readability report of the resources the pull request adds or changes.
        problems = catalog.problems + readability.clarity_problems(
            catalog.resources, only={path for _, path in changed}, known=catalog.known_terms
        )
    problems = sorted(problems)
    if args.bilan is not None:
        try:
            with args.bilan.open("a", encoding="utf-8") as out:
                out.write(render_summary(catalog, problems, changed, scope))
        except OSError as exc:
            print("essaim : " + say("cli.summary_write", detail=str(exc)), file=sys.stderr)
            return 2
    errors = _print_problems(problems, fmt, scope)
    if fmt == "text" and not problems:
        if args.depuis is None:
            print(say("cli.ok", **_counts(catalog)))
        elif changed:
            print(say("cli.ok_changed", count=len(changed)))
    return 1 if errors else 0


def _selected(path: Path, selected: list[Path]) -> bool:
    if not selected:
        return True
    resolved = path.resolve()
    return any(resolved == s or resolved.is_relative_to(s) for s in selected)


def _pages(root: Path, out: Path) -> int:
    from essaim.catalog.history import last_changes
    from essaim.model import SiteInfo
    from essaim.pages.site import render_site

    catalog = load_catalog(root)
    if catalog.errors:
        print(format_problems(catalog.errors, "text"), file=sys.stderr)
        return 1
    pages = render_site(catalog, site=SiteInfo(changes=last_changes(root)))
    for src, text in pages.items():
        target = out / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(say("cli.pages_written", count=len(pages), out=str(out)))
    return 0


def _counts(catalog) -> dict[str, int]:
    return {
        "resources": len(catalog.resources),
        "producers": len(catalog.producers),
        "structures": len(catalog.structures),
    }


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
