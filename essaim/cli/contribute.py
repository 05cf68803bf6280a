"""The contribution commands of `essaim`: nouvelle, depuis-issue, liens, relecteurs.

Kept apart from cli.py, which holds check and pages; each command only parses its options
and calls the module that does the work.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from essaim.catalog.schema import RESOURCE_SCHEMA, length_limits
from essaim.messages import say
from essaim.problems import format_problems
from essaim.settings import ProjectPaths, find_project_root

COMMANDS = ("nouvelle", "depuis-issue", "liens", "relecteurs")

# essaim nouvelle: option name -> key of essaim.new_resource.Answers
_NEW_OPTIONS = {
    "titre": "titre",
    "resume": "resume",
    "type": "type",
    "producteur": "producteur",
    "echelle": "echelle",
    "code": "codes",
    "nom_territoire": "nom",
    "themes": "themes",
    "publics": "publics",
    "licence": "licence",
    "date": "date",
    "essai_date": "essai_date",
    "essai_structure": "essai_structure",
    "applicable_depuis": "applicable_depuis",
    "dossier": "dossier",
    "identifiant": "identifiant",
}


def _with_length(field: str, name: str) -> str:
    """« titre (5 à 150 caractères) », the numbers read from the schema of the project the
    command runs in (just the name outside a project)."""
    root = find_project_root(Path.cwd())
    if root is None:
        return name
    pointer = f"/properties/{field}"
    low, high = length_limits(ProjectPaths(root).schemas, RESOURCE_SCHEMA, pointer)
    return f"{name} ({low} à {high} caractères)"


def add_commands(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "nouvelle",
        help="créer une ressource valide, par questions ou par options",
        description="Crée un fichier de ressource valide à partir de l'exemple commenté "
        "(schemas/exemple-ressource.md). Les valeurs absentes des options sont demandées.",
    )
    new.add_argument("--titre", help=_with_length("titre", "titre"))
    new.add_argument("--resume", help=_with_length("resume", "résumé"))
    new.add_argument("--type", help="type : guide, modele-document, fiche-experience…")
    new.add_argument("--producteur", help="identifiant du registre producers/")
    new.add_argument("--echelle", help="national, region, departement, intercommunalite…")
    new.add_argument(
        "--code", action="append", help="code officiel géographique (répétable, ou 94,93)"
    )
    new.add_argument("--nom-territoire", help="nom du territoire (bassin de vie)")
    new.add_argument("--themes", help="identifiants séparés par des virgules")
    new.add_argument("--publics", help="identifiants séparés par des virgules")
    new.add_argument("--licence", help="etalab-2.0 (par défaut), CC-BY-4.0…")
    new.add_argument("--date", help="date de publication (par défaut : aujourd'hui)")
    new.add_argument("--essai-date", help="date d'un essai sur ce territoire")
    new.add_argument("--essai-structure", help="structure qui a mené l'essai")
    new.add_argument(
        "--applicable-depuis",
        help="veille juridique : date à partir de laquelle le texte s'applique",
    )
    new.add_argument("--dossier", help="dossier de resources/ (par défaut : selon le type)")
    new.add_argument(
        "--identifiant", help="nom du fichier sans .md (par défaut : d'après le titre)"
    )

    issue = commands.add_parser(
        "depuis-issue",
        help="créer la ressource d'une proposition, ou le retour d'essai d'un signalement",
        description="Lit le texte d'une issue « Proposer une ressource » (ou, avec "
        "--formulaire essai, « Signaler un essai sur mon territoire ») et écrit le fichier de "
        "la ressource (ou du retour d'essai) s'il passe toutes les vérifications. Affiche le "
        "chemin du fichier créé ; sinon, le message à poster en commentaire. Code de sortie : "
        "0 fichier créé, 1 issue à corriger.",
    )
    issue.add_argument("fichier", type=Path, help="texte de l'issue (Markdown)")
    issue.add_argument(
        "--formulaire",
        choices=("proposition", "essai"),
        default="proposition",
        help="formulaire de l'issue : proposition (par défaut) ou essai",
    )
    issue.add_argument("--numero", type=int, help="numéro de l'issue")
    issue.add_argument(
        "--message",
        type=Path,
        metavar="FICHIER",
        help="écrire ici le texte de la demande de fusion, ou le commentaire de refus",
    )

    reviews = commands.add_parser(
        "relecteurs",
        help="animatrices et animateurs à solliciter pour une demande de fusion",
        description="Avec --depuis : écrit l'artefact JSON des animatrices et animateurs "
        "(animateurs/) dont le territoire ou le réseau couvre les ressources modifiées. "
        "Avec --artefact : relit cet artefact comme une donnée non fiable, garde les comptes "
        "du registre et écrit relecteurs.txt, commentaire.md et demande.txt dans --sortie.",
    )
    reviews.add_argument("--depuis", metavar="REF", help="référence Git de la branche de base")
    reviews.add_argument("--demande", type=int, help="numéro de la demande de fusion")
    reviews.add_argument("--artefact", type=Path, help="artefact JSON à relire")
    reviews.add_argument("--auteur", default="", help="compte de l'auteur de la demande")
    reviews.add_argument("--sortie", type=Path, required=True, help="fichier ou dossier écrit")

    links = commands.add_parser(
        "liens",
        help="mettre en forme le rapport de lychee (liens cassés)",
        description="Lit le rapport JSON de lychee et écrit le texte de l'issue « Liens "
        "cassés ». Code de sortie : 0 aucun lien cassé, 1 liens cassés.",
    )
    links.add_argument("rapport", type=Path, help="rapport JSON de lychee")
    links.add_argument("--sortie", type=Path, metavar="FICHIER", help="écrire le texte ici")


def run(root: Path, args: argparse.Namespace) -> int:
    if args.command == "nouvelle":
        return _new(root, args)
    if args.command == "depuis-issue":
        return _from_issue(root, args)
    if args.command == "relecteurs":
        return _reviewers(root, args)
    return _links(root, args)


def _reviewers(root: Path, args: argparse.Namespace) -> int:
    from essaim.catalog.load import load_catalog
    from essaim.contribute import review_requests as rr

    if (args.depuis is None) == (args.artefact is None):
        print("essaim : " + say("review.usage"), file=sys.stderr)
        return 2
    catalog = load_catalog(root)
    if args.depuis is not None:
        from essaim.contribute.changes import GitError, changed_since

        if args.demande is None:
            print("essaim : " + say("review.usage"), file=sys.stderr)
            return 2
        try:
            changes = changed_since(root, args.depuis)
        except GitError as exc:
            print(f"essaim : {exc}", file=sys.stderr)
            return 2
        data = rr.plan(catalog, rr.touched_slugs(changes, catalog), args.demande)
        rr.write_plan(args.sortie, data)
        print(say("review.planned", count=len(data["relecteurs"]), path=args.sortie))
        return 0
    try:
        number, requests = rr.read_artifact(args.artefact)
    except rr.ArtifactError as exc:
        print("essaim : " + say("review.refused", detail=str(exc)), file=sys.stderr)
        return 1
    kept = rr.validate(requests, catalog.facilitators, args.auteur)
    out = args.sortie
    out.mkdir(parents=True, exist_ok=True)
    (out / "demande.txt").write_text(f"{number}\n", encoding="utf-8")
    (out / "relecteurs.txt").write_text(
        "".join(f"{facilitator.github}\n" for facilitator, _ in kept), encoding="utf-8"
    )
    (out / "commentaire.md").write_text(rr.comment(kept) if kept else "", encoding="utf-8")
    print(say("review.validated", count=len(kept), number=number))
    return 0


def _new(root: Path, args: argparse.Namespace) -> int:
    from essaim.catalog.load import load_catalog
    from essaim.contribute.new_resource import (
        AnswerError,
        Context,
        MissingAnswer,
        apply_options,
        ask,
        create,
        missing,
    )

    given = {
        key: (",".join(value) if isinstance(value, list) else value)
        for option, key in _NEW_OPTIONS.items()
        if (value := getattr(args, option)) is not None
    }
    ctx = Context.load(root)
    answers, errors = apply_options(given, ctx)
    if errors:
        print("essaim : " + say("new.invalid_flags", count=len(errors)), file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    if missing(answers, given):
        try:
            answers = ask(answers, given, ctx, _read, sys.stdout)
        except (MissingAnswer, KeyboardInterrupt) as exc:
            print(f"\nessaim : {exc}" if str(exc) else "", file=sys.stderr)
            return 2
    try:
        target = create(root, answers)
    except AnswerError as exc:
        print(f"essaim : {exc}", file=sys.stderr)
        return 1
    display = target.relative_to(root).as_posix()
    catalog = load_catalog(root, only=[target])
    # The sections' « À compléter » are expected: the contributor writes them next.
    placeholder = say("content.placeholder", snippet=say("new.placeholder").rstrip("."))
    problems = [
        p
        for p in catalog.errors
        if p.path == display and not (p.field == "texte" and p.message == placeholder)
    ]
    if problems:  # pragma: no cover - every answer was checked; kept as a safety net
        target.unlink()
        print(format_problems(problems, "text"), file=sys.stderr)
        return 1
    print(say("new.created", path=display))
    return 0


def _read(prompt: str) -> str:
    print(prompt, end="", flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _from_issue(root: Path, args: argparse.Namespace) -> int:
    from essaim.contribute.proposal import convert_issue
    from essaim.contribute.trial_report import convert_trial_issue

    try:
        body = args.fichier.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        print(
            "essaim : " + say("cli.path_missing", path=f"{args.fichier} ({exc})"), file=sys.stderr
        )
        return 2
    convert = convert_trial_issue if args.formulaire == "essai" else convert_issue
    conversion = convert(body, root, args.numero)
    if args.message is not None:
        args.message.write_text(conversion.message.rstrip("\n") + "\n", encoding="utf-8")
    if conversion.accepted:
        print(conversion.path)
        return 0
    if args.message is None:
        print(conversion.message)
    return 1


def _links(root: Path, args: argparse.Namespace) -> int:
    from essaim.catalog.load import today_from_env
    from essaim.contribute.link_report import ReportError, read_report, render_issue

    try:
        links = read_report(args.rapport, root)
    except ReportError as exc:
        print("essaim : " + say("links.report", detail=str(exc)), file=sys.stderr)
        return 2
    if not links:
        print(say("links.none"), file=sys.stderr)
        return 0
    body = render_issue(links, _french_day(today_from_env()))
    if args.sortie is not None:
        args.sortie.write_text(body, encoding="utf-8")
    else:
        print(body, end="")
    print(say("links.found", count=len(links)), file=sys.stderr)
    return 1


def _french_day(day: datetime.date) -> str:
    from essaim.dates import french_date

    return french_date(day.isoformat())
