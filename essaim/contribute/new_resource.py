"""`essaim nouvelle`: create a valid resource file from the annotated example.

Each answer (given as an option or typed at a French prompt) is checked on the spot with
the rules `essaim check` applies — length, closed lists, vocabularies, producers, official
geographic codes, dates, unsafe text — so the file passes the check as soon as it is
written. The file keeps, above each field, the comment of schemas/exemple-ressource.md.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from essaim import labels
from essaim.catalog import safety
from essaim.catalog.load import load_catalog
from essaim.catalog.rules import SCALE_LABELS, slug_from_name
from essaim.catalog.schema import RESOURCE_SCHEMA, count_limits, length_limits
from essaim.catalog.yamlsafe import parse_yaml
from essaim.messages import SECTIONS, say, suggestion_hint
from essaim.model import LEVEL_LOCAL, LEVEL_UNRATED, Catalog
from essaim.settings import MAX_SLUG_CHARS, SLUG_PATTERN, TYPE_FOLDERS, ProjectPaths
from essaim.text import closest, match_key

EXAMPLE = Path("schemas/exemple-ressource.md")
_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # ASCII, whole value
_KEY_LINE = re.compile(r"^([a-z_]+):")


class AnswerError(ValueError):
    """An answer that the rules refuse; the message is French and says what is expected."""


class MissingAnswer(Exception):
    """Standard input ended before a required answer."""


@dataclass
class Context:
    """What answers are checked against: vocabularies, producers, territories, today."""

    catalog: Catalog

    @classmethod
    def load(cls, root: Path) -> Context:
        return cls(load_catalog(root, only=()))

    def limits(self, *fields: str) -> tuple[int, int]:
        """Length limits of a resource field, from schemas/ressource.schema.json."""
        pointer = "".join(f"/properties/{name}" for name in fields)
        return length_limits(ProjectPaths(self.catalog.root).schemas, RESOURCE_SCHEMA, pointer)

    def counts(self, field: str) -> tuple[int, int]:
        """How many items a list field of a resource holds (themes: 1 to 6), from the schema."""
        pointer = f"/properties/{field}"
        return count_limits(ProjectPaths(self.catalog.root).schemas, RESOURCE_SCHEMA, pointer)

    def essai_limits(self, name: str) -> tuple[int, int]:
        """Length limits of a field of a trial, from the same schema."""
        pointer = f"/$defs/essai/properties/{name}"
        return length_limits(ProjectPaths(self.catalog.root).schemas, RESOURCE_SCHEMA, pointer)

    @property
    def today(self) -> datetime.date:
        return self.catalog.today


@dataclass
class Answers:
    titre: str = ""
    resume: str = ""
    type: str = ""
    producteur: str = ""
    echelle: str = ""
    codes: list[str] = field(default_factory=list)
    nom: str = ""
    themes: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    licence: str = "etalab-2.0"
    date: str = ""
    essai_date: str = ""
    essai_structure: str = ""
    applicable_depuis: str = ""
    dossier: str = ""
    identifiant: str = ""


# --- checks shared by options and prompts: raw text in, clean value out -----------------


def check_text(raw: str, low: int, high: int, one_line: bool = True) -> str:
    value = " ".join(raw.split()) if one_line else raw.strip()
    if not value:
        raise AnswerError(say("new.required"))
    if not low <= len(value) <= high:
        raise AnswerError(say("new.length", length=len(value), low=low, high=high))
    for rule, snippet in safety.text_findings(value):
        raise AnswerError(say(rule, snippet=snippet))
    return value


def check_choice(raw: str, choices: dict[str, str]) -> str:
    """One identifier from choices ({id: label}), given as number, identifier or label."""
    value = raw.strip()
    if not value:
        raise AnswerError(say("new.required"))
    keys = list(choices)
    if value.isdigit() and 1 <= int(value) <= len(keys):
        return keys[int(value) - 1]
    if value in choices:
        return value
    by_label = {match_key(label): key for key, label in choices.items()}
    if match_key(value) in by_label:
        return by_label[match_key(value)]
    hint = suggestion_hint(closest(value, keys))
    raise AnswerError(say("new.unknown_choice", value=value, hint=hint, choices=", ".join(keys)))


def check_choices(raw: str, choices: dict[str, str], low: int, high: int) -> list[str]:
    items = [item for item in re.split(r"[,;]", raw) if item.strip()]
    found = list(dict.fromkeys(check_choice(item, choices) for item in items))
    if not low <= len(found) <= high:
        raise AnswerError(say("new.count", count=len(found), low=low, high=high))
    return found


def check_producer(raw: str, ctx: Context) -> str:
    value = raw.strip()
    if not value:
        raise AnswerError(say("new.required"))
    producers = ctx.catalog.producers
    if value in producers:
        return value
    for slug, producer in producers.items():
        if match_key(value) in (match_key(producer.name), match_key(producer.acronym or "\0")):
            return slug
    hint = suggestion_hint(closest(value, sorted(producers)))
    raise AnswerError(say("new.producer", value=value, hint=hint))


def check_codes(raw: str, scale: str, ctx: Context) -> list[str]:
    codes = list(dict.fromkeys(c for c in re.split(r"[\s,;]+", raw.replace('"', "")) if c))
    if scale == "national":
        if codes:
            raise AnswerError(say("new.codes_national"))
        return []
    if not codes:
        raise AnswerError(say("new.codes_missing"))
    territories = ctx.catalog.territories
    for code in codes:
        if not territories.knows(scale, code):
            table = territories.table(scale) or territories.communes
            hint = suggestion_hint(closest(code, sorted(table), cutoff=0.7))
            raise AnswerError(
                say("new.code", value=code, scale_label=SCALE_LABELS.get(scale, ""), hint=hint)
            )
    return codes


def check_date(raw: str, ctx: Context) -> str:
    value = raw.strip()
    if not _DATE.fullmatch(value):
        raise AnswerError(say("new.date", value=value))
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        day = datetime.date(*parts[:3])
    except ValueError:
        raise AnswerError(say("new.date", value=value)) from None
    if day > ctx.today:
        raise AnswerError(say("new.date", value=value))
    return value


def check_applicable(raw: str) -> str:
    """A partial date that exists; unlike the others, it may lie ahead (a law to come)."""
    value = raw.strip()
    if not _DATE.fullmatch(value):
        raise AnswerError(say("new.applicable", value=value))
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError:
        raise AnswerError(say("new.applicable", value=value)) from None
    return value


def check_folder(raw: str) -> str:
    value = raw.strip().strip("/").removeprefix("resources/")
    if not value or not all(_SLUG.match(part) for part in value.split("/")):
        raise AnswerError(say("new.folder", value=raw))
    return value


def check_slug(raw: str) -> str:
    value = raw.strip()
    if not _SLUG.match(value):
        raise AnswerError(say("new.slug", value=value))
    return value


def slug_for(title: str) -> str:
    slug = slug_from_name(title)
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    return slug


# --- building the file ------------------------------------------------------------------


def resource_data(answers: Answers) -> dict[str, Any]:
    territory: dict[str, Any] = {"echelle": answers.echelle}
    if answers.codes:
        territory["codes"] = answers.codes
    if answers.nom:
        territory["nom"] = answers.nom
    if answers.essai_date:
        quality: dict[str, Any] = {
            "niveau": LEVEL_LOCAL,
            "essais": [
                {
                    "territoire": copy.deepcopy(territory),  # no shared list: no YAML alias
                    "date": answers.essai_date,
                    "structure": answers.essai_structure,
                }
            ],
        }
    else:
        quality = {"niveau": LEVEL_UNRATED, "note": say("new.unrated_note")}
    data = {
        "titre": answers.titre,
        "resume": answers.resume,
        "type": answers.type,
        "themes": answers.themes,
        "publics": answers.publics,
        "producteur": answers.producteur,
        "territoire": territory,
        "qualite": quality,
        "licence": answers.licence,
        "date_publication": answers.date,
    }
    if answers.type == "veille-juridique":
        data["applicable_depuis"] = answers.applicable_depuis
    return data


def resource_text(data: dict[str, Any], example: str, depth: int) -> str:
    """Front matter with the example's comment above each field, then the body skeleton.

    Each field is written by yaml.safe_dump on its own, then the whole header is read back
    and compared with data: the comments can never change a value.
    """
    notes = field_comments(example)
    schema = "../" * depth + "schemas/ressource.schema.json"
    chunks = [
        f"# yaml-language-server: $schema={schema}",
        "# Créée avec « essaim nouvelle » d'après schemas/exemple-ressource.md : les",
        "# commentaires rappellent chaque champ, vous pouvez les effacer.",
    ]
    for key, value in data.items():
        chunks.append("")
        chunks += notes.get(key, [])
        chunks.append(
            yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=88).rstrip("\n")
        )
    header = "\n".join(chunks) + "\n"
    if parse_yaml(header).data != data:  # pragma: no cover - guards the comment splicing
        raise RuntimeError("front matter does not round-trip")
    body = "\n\n".join(
        f"## {title}\n\n{say('new.placeholder')}" for title in SECTIONS[data["type"]]
    )
    return f"---\n{header}---\n\n{body}\n"


def field_comments(example: str) -> dict[str, list[str]]:
    """The comment block right above each top-level field of the annotated example."""
    lines = example.split("\n")
    end = lines.index("---", 1)
    notes: dict[str, list[str]] = {}
    block: list[str] = []
    for line in lines[1:end]:
        key = _KEY_LINE.match(line)
        if line.startswith("#"):
            block.append(line)
        elif key:
            if block:
                notes[key.group(1)] = block
            block = []
        elif not line.strip():
            block = []
    return notes


def create(root: Path, answers: Answers) -> Path:
    """Write the file (never over an existing one) and return its path."""
    slug = answers.identifiant or slug_for(answers.titre)
    folder = answers.dossier or TYPE_FOLDERS[answers.type]
    target = root / "resources" / folder / f"{slug}.md"
    if target.exists() or any(p.stem == slug for p in (root / "resources").rglob("*.*")):
        raise AnswerError(say("new.exists", path=target.relative_to(root).as_posix()))
    example = (root / EXAMPLE).read_text(encoding="utf-8")
    depth = len(target.relative_to(root).parts) - 1
    text = resource_text(resource_data(answers), example, depth)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:
        out.write(text)
    return target


# --- questions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    check: Callable[[str, Answers, Context], Any]
    choices: Callable[[Context], dict[str, str]] | None = None
    default: Callable[[Answers, Context], str] | None = None
    required: bool = True
    asked: Callable[[Answers], bool] = lambda answers: True
    # The (low, high) bounds the prompt states, read from the schema like the check's.
    bounds: Callable[[Context], tuple[int, int]] | None = None

    def text(self, ctx: Context) -> str:
        low, high = self.bounds(ctx) if self.bounds else (0, 0)
        return say(self.prompt, low=low, high=high)


def _vocabulary(terms) -> dict[str, str]:
    return {key: term.label for key, term in terms.items()}


def _vocabulary_question(key: str) -> Question:
    """Themes or publics: choices from the catalogue's vocabulary (its attribute of the same
    name), how many from the schema."""

    def choices(ctx: Context) -> dict[str, str]:
        return _vocabulary(getattr(ctx.catalog, key))

    return Question(
        key,
        f"new.prompt.{key}",
        lambda raw, a, c: check_choices(raw, choices(c), *c.counts(key)),
        choices=choices,
        bounds=lambda c: c.counts(key),
    )


QUESTIONS: tuple[Question, ...] = (
    Question(
        "titre",
        "new.prompt.titre",
        lambda raw, a, c: check_text(raw, *c.limits("titre")),
        bounds=lambda c: c.limits("titre"),
    ),
    Question(
        "resume",
        "new.prompt.resume",
        lambda raw, a, c: check_text(raw, *c.limits("resume"), one_line=True),
        bounds=lambda c: c.limits("resume"),
    ),
    Question(
        "type",
        "new.prompt.type",
        lambda raw, a, c: check_choice(raw, {k: v.label for k, v in labels.TYPES.items()}),
        choices=lambda c: {k: v.label for k, v in labels.TYPES.items()},
    ),
    Question("producteur", "new.prompt.producteur", lambda raw, a, c: check_producer(raw, c)),
    Question(
        "echelle",
        "new.prompt.echelle",
        lambda raw, a, c: check_choice(raw, labels.SCALES),
        choices=lambda c: labels.SCALES,
    ),
    Question(
        "codes",
        "new.prompt.codes",
        lambda raw, a, c: check_codes(raw, a.echelle, c),
        required=False,
        asked=lambda a: a.echelle != "national",
    ),
    Question(
        "nom",
        "new.prompt.nom",
        lambda raw, a, c: (
            check_text(raw, *c.limits("territoire", "nom"))
            if raw.strip() or a.echelle == "bassin-de-vie"
            else ""
        ),
        required=False,
    ),
    _vocabulary_question("themes"),
    _vocabulary_question("publics"),
    Question(
        "licence",
        "new.prompt.licence",
        lambda raw, a, c: check_choice(raw, labels.LICENCES),
        choices=lambda c: labels.LICENCES,
        default=lambda a, c: "etalab-2.0",
        required=False,
    ),
    Question(
        "date",
        "new.prompt.date",
        lambda raw, a, c: check_date(raw, c),
        default=lambda a, c: c.today.isoformat(),
        required=False,
    ),
    Question(
        "essai_date",
        "new.prompt.essai_date",
        lambda raw, a, c: check_date(raw, c) if raw.strip() else "",
        required=False,
        asked=lambda a: a.echelle != "national",
    ),
    Question(
        "essai_structure",
        "new.prompt.essai_structure",
        lambda raw, a, c: check_text(raw, *c.essai_limits("structure")),
        required=False,
        asked=lambda a: bool(a.essai_date),
    ),
    Question(
        "applicable_depuis",
        "new.prompt.applicable_depuis",
        lambda raw, a, c: check_applicable(raw),
        required=False,
        asked=lambda a: a.type == "veille-juridique",
    ),
    Question(
        "dossier",
        "new.prompt.dossier",
        lambda raw, a, c: check_folder(raw),
        default=lambda a, c: TYPE_FOLDERS[a.type],
        required=False,
    ),
)


# Command-line option of each question whose name differs from its key.
_OPTIONS = {"codes": "code", "nom": "nom-territoire"}


def apply_options(given: dict[str, str], ctx: Context) -> tuple[Answers, list[str]]:
    """Check every option given on the command line; return the answers and all errors."""
    answers = Answers(date=ctx.today.isoformat())
    errors = []
    for question in QUESTIONS:
        raw = given.get(question.key)
        if raw is None:
            continue
        try:
            setattr(answers, question.key, question.check(raw, answers, ctx))
        except AnswerError as exc:
            errors.append(f"--{_OPTIONS.get(question.key, question.key).replace('_', '-')} : {exc}")
    if "identifiant" in given:
        try:
            answers.identifiant = check_slug(given["identifiant"])
        except AnswerError as exc:
            errors.append(f"--identifiant : {exc}")
    if answers.essai_date and answers.echelle == "national":
        errors.append(f"--essai-date : {say('new.trial_national')}")
    if answers.essai_date and not answers.essai_structure:
        errors.append(f"--essai-structure : {say('new.required')}")
    if answers.essai_structure and not answers.essai_date:
        errors.append(f"--essai-date : {say('new.required')}")
    if answers.applicable_depuis and answers.type and answers.type != "veille-juridique":
        errors.append(f"--applicable-depuis : {say('new.applicable_only')}")
    return answers, errors


def missing(answers: Answers, given: dict[str, str]) -> bool:
    """True when a required answer was not given as an option."""
    return (
        any(q.required and q.key not in given for q in QUESTIONS)
        or (answers.echelle not in ("", "national") and "codes" not in given)
        or (answers.echelle == "bassin-de-vie" and "nom" not in given)
        or (answers.type == "veille-juridique" and "applicable_depuis" not in given)
    )


def ask(
    answers: Answers,
    given: dict[str, str],
    ctx: Context,
    read: Callable[[str], str],
    out: TextIO,
) -> Answers:
    """Ask, in French, every question whose answer was not given, until each is valid."""
    print(say("new.intro"), file=out)
    for question in QUESTIONS:
        if question.key in given or not question.asked(answers):
            continue
        choices = question.choices(ctx) if question.choices else None
        default = question.default(answers, ctx) if question.default else ""
        text = question.text(ctx)
        if choices:
            print(f"{text} :", file=out)
            for index, (key, label) in enumerate(choices.items(), start=1):
                print(f"  {index:>2}. {label} ({key})", file=out)
            text = say("new.choice")
        prompt = f"{text} [{default}] : " if default else f"{text} : "
        while True:
            try:
                raw = read(prompt)
            except EOFError:
                raise MissingAnswer(say("new.eof", question=question.text(ctx))) from None
            if not raw.strip() and default:
                raw = default
            try:
                setattr(answers, question.key, question.check(raw, answers, ctx))
                break
            except AnswerError as exc:
                print(say("new.invalid_answer", message=exc), file=out)
    return answers
