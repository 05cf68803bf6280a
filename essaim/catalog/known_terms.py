"""Words in capitals the readability report does not ask to expand (vocabularies/sigles.yml).

The report warns about every run of two capitals or more that a resource never expands
(« dispositif local d'accompagnement (DLA) »). A few such words are not acronyms to expand:
the name of an organisation written only that way (SNCF, BGE), a legal reference in common
use, a unit. The committee lists them in this file, each with its nature and one sentence
saying what it is; `essaim check` reports every problem of the file with its line and field.

A separate file, not the search's synonyms: the acronyms of vocabularies/synonymes.yml (GE,
CVA, QPV…) are real acronyms that every resource must still expand for its readers.
"""

from __future__ import annotations

from pathlib import Path

from essaim.catalog.reading import text_problems
from essaim.catalog.schema import Schemas, validate
from essaim.catalog.yamlsafe import YamlError, parse_yaml
from essaim.messages import say
from essaim.problems import Problem

FILE_NAME = "sigles.yml"


def load_known_terms(
    path: Path, display: str, schemas: Schemas
) -> tuple[frozenset[str], list[Problem]]:
    """The words of the file (none when it is absent) and every problem found in it. A file
    with a problem contributes no word: the warnings it would hide stay visible."""
    if not path.is_file():
        return frozenset(), []
    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return frozenset(), [Problem(display, 1, "", say("file.read", detail=str(exc)))]
    except YamlError as exc:
        return frozenset(), [Problem(display, exc.line, exc.field, exc.message)]
    if parsed.data is None:
        return frozenset(), []
    problems = validate(schemas.known_terms, parsed, display)
    problems += text_problems(parsed, display, problems)  # HTML, scripts: as in a resource
    if problems:
        return frozenset(), problems
    return frozenset(parsed.data), []
