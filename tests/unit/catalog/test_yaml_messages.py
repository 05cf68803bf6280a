"""Every problem libyaml or PyYAML can report reaches the contributor in French."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from essaim.catalog import yaml_messages
from essaim.catalog.yamlsafe import YamlError, parse_yaml
from tests.conftest import FIXTURES

LIBYAML = [
    line
    for line in (FIXTURES / "yaml" / "messages-libyaml.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line and not line.startswith("#")
]


def _pyyaml_messages() -> list[str]:
    """The problem and context strings of PyYAML's own reader, scanner and parser (the
    loader used when libyaml is missing), read from the installed package."""
    found = set()
    for name in ("reader.py", "scanner.py", "parser.py"):
        tree = ast.parse((Path(yaml.__file__).parent / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) not in (
                "ScannerError",
                "ParserError",
                "ReaderError",
            ):
                continue
            for argument in node.args:
                while isinstance(argument, ast.BinOp):
                    argument = argument.left
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(yaml_messages.key(argument.value))
    return sorted(found)


PYYAML = _pyyaml_messages()


def test_the_lists_were_read():
    assert len(LIBYAML) > 70
    assert len(PYYAML) > 40


@pytest.mark.parametrize("message", LIBYAML + PYYAML)
def test_every_message_has_a_french_translation(message: str):
    assert yaml_messages.french(message) is not None, message


@pytest.mark.parametrize(
    ("text", "line", "french"),
    [
        ('titre: "non refermé\n', 1, 'guillemet « " » ouvert sur cette ligne et jamais refermé'),
        ('titre: "\\q"\n', 1, "séquence d'échappement inconnue"),
        ('titre: "\\x4"\n', 1, "incomplet entre guillemets"),
        ('titre: "\\uD800"\n', 1, "code de caractère « \\u… » invalide"),
        ("titre: a: b\n", 1, "« : » inattendu"),
        ("titre: [a, b\n", 1, "crochet « [ » ouvert sur cette ligne et jamais refermé"),
        ("titre: {a: b\n", 1, "accolade « { » ouverte sur cette ligne et jamais refermée"),
        ("%YAML 2.0\n---\ntitre: a\n", 1, "version non prise en charge"),
        ("%FOO bar\n---\ntitre: a\n", 1, "inconnue"),
        ("titre: @x\n", 1, "caractère inattendu en début de valeur"),
        ("titre: `x\n", 1, "caractère inattendu en début de valeur"),
        ("titre: |0\n  a\n", 1, "indicateur d'indentation « 0 »"),
        ("titre: a\n resume: b\n", 2, "« : » inattendu"),
        ("- a\ntitre: b\n", 2, "élément de liste mal aligné"),
        ("titre: a\n  b: c\nresume: d\n", 2, "« : » inattendu"),
        ("titre:\n  a: b\n c: d\n", 3, "champ mal aligné"),
        ("titre: !<tag:a\n", 1, "non refermée"),
        ("titre: &\n", 1, "nom d'ancre"),
        ("titre: 'a\n---\n", 1, "apostrophe « ' » ouverte en début de valeur"),
        ('titre: "a\nresume: b\ncodes: ["94"]\n', 1, 'guillemet « " » ouvert sur cette ligne'),
        ('titre: a\ncodes: ["94"\nresume: "b"\n', 2, "crochet « [ » ouvert sur cette ligne"),
    ],
)
def test_real_yaml_errors_are_explained_in_french(text: str, line: int, french: str):
    with pytest.raises(YamlError) as raised:
        parse_yaml(text)
    assert french in raised.value.message, raised.value.message
    assert raised.value.line == line
    for english in ("found", "expected", "while ", "could not", "did not"):
        assert english not in raised.value.message, raised.value.message


def test_no_translation_shows_an_unfilled_placeholder():
    """« {QUOTES} » once reached a contributor as is (a string that was not an f-string)."""
    for table in (yaml_messages.PROBLEMS, yaml_messages.CONTEXTS):
        for english, french in table.items():
            assert re.search(r"\{[A-Za-z_]+\}", french) is None, english
