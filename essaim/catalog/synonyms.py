"""The search's synonyms (vocabularies/synonymes.yml): read, checked, handed to the index.

Each group names words or expressions a search treats as equivalent (« PV »,
« procès-verbal », « compte rendu »). The committee edits the file; `essaim check` reports
every problem with its file, line and field; the search index ships each expression as
the terms the browser compares a query with (essaim/words.py).
"""

from __future__ import annotations

from pathlib import Path

from essaim.catalog.reading import text_problems
from essaim.catalog.schema import Schemas, field_name, validate
from essaim.catalog.yamlsafe import YamlError, parse_yaml
from essaim.messages import say
from essaim.model import SynonymGroup
from essaim.problems import Problem
from essaim.words import terms

FILE_NAME = "synonymes.yml"


def load_synonyms(
    path: Path, display: str, schemas: Schemas
) -> tuple[list[SynonymGroup], list[Problem]]:
    """The groups of the file (none when it is absent) and every problem found in it."""
    if not path.is_file():
        return [], []
    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(display, 1, "", say("file.read", detail=str(exc)))]
    except YamlError as exc:
        return [], [Problem(display, exc.line, exc.field, exc.message)]
    if parsed.data is None:
        return [], []
    problems = validate(schemas.synonyms, parsed, display)
    problems += text_problems(parsed, display, problems)  # HTML, scripts: as in a resource
    if problems:
        return [], problems
    groups: list[SynonymGroup] = []
    for key, value in parsed.data.items():
        analysed: dict[tuple[str, ...], str] = {}  # in the order written
        group_ok = True
        for number, expression in enumerate(value["termes"]):
            where = (key, "termes", number)
            found = tuple(terms(expression))
            message = ""
            if not found:
                message = say("synonyms.empty", value=expression)
            elif found in analysed:
                message = say("synonyms.same", value=expression, other=analysed[found])
            if message:
                problems.append(Problem(display, parsed.line_of(where), field_name(where), message))
                group_ok = False
                continue
            analysed[found] = expression
        if group_ok:
            groups.append(
                SynonymGroup(key, tuple(value["termes"]), tuple(analysed), tuple(analysed.values()))
            )
    return groups, problems
