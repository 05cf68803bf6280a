"""libyaml's (and PyYAML's) English problems, in French.

Each key is an English message, or its beginning up to the first value PyYAML formats into
it (« found unknown escape character %r » → « found unknown escape character »). The most
specific key found in a problem wins; tests/unit/catalog/test_yaml_messages.py checks that
every message libyaml and PyYAML can emit has its translation here.
"""

from __future__ import annotations

import re

QUOTES = "mettez la valeur entre guillemets"

PROBLEMS: dict[str, str] = {
    # Reading the characters (reader.c, reader.py)
    "control characters are not allowed": "caractère de contrôle interdit",
    "special characters are not allowed": "caractère spécial interdit",
    "invalid Unicode character": "caractère Unicode invalide",
    "invalid leading UTF-8 octet": "octet UTF-8 invalide — enregistrez le fichier en UTF-8",
    "invalid trailing UTF-8 octet": "octet UTF-8 invalide — enregistrez le fichier en UTF-8",
    "invalid length of a UTF-8 sequence": "suite UTF-8 invalide — enregistrez le fichier en UTF-8",
    "incomplete UTF-8 octet sequence": "suite UTF-8 incomplète — enregistrez le fichier en UTF-8",
    "incomplete UTF-16 character": "caractère UTF-16 incomplet — enregistrez le fichier en UTF-8",
    "incomplete UTF-16 surrogate pair": "paire UTF-16 incomplète — enregistrez le fichier en UTF-8",
    "expected low surrogate area": "paire UTF-16 invalide — enregistrez le fichier en UTF-8",
    "unexpected low surrogate area": "paire UTF-16 invalide — enregistrez le fichier en UTF-8",
    "input error": "lecture du fichier impossible",
    "input is too long": "fichier trop long",
    "unicode": "caractère illisible",
    # Tokens (scanner.c, scanner.py)
    "found character that cannot start any token": "caractère inattendu en début de valeur "
    f"(« @ », « ` », « % »… : {QUOTES})",
    "found character": f"caractère inattendu en début de valeur (« @ », « ` », « % »… : {QUOTES})",
    "mapping values are not allowed": "« : » inattendu (une valeur contient-elle « : » ? "
    f"{QUOTES})",
    "mapping keys are not allowed": f"« ? » inattendu en début de valeur ({QUOTES})",
    "block sequence entries are not allowed": "« - » inattendu : un élément de liste se place "
    "sur sa propre ligne, sous le champ",
    "sequence entries are not allowed": "« - » inattendu : un élément de liste se place sur sa "
    "propre ligne, sous le champ",
    "could not find expected ':'": "« : » manquant après un nom de champ",
    "found unexpected ':'": f"« : » inattendu ({QUOTES})",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non "
    "refermé ?)",
    "found unexpected document indicator": "ligne « --- » ou « ... » inattendue au milieu "
    f"d'une valeur ({QUOTES}, ou retirez cette ligne)",
    "found unexpected document separator": "ligne « --- » ou « ... » inattendue au milieu "
    f"d'une valeur ({QUOTES}, ou retirez cette ligne)",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets "
    "(« \\ » suivi d'une lettre) — doublez la barre oblique inverse « \\\\ » ou utilisez des "
    "guillemets simples",
    "found invalid Unicode character escape code": "code de caractère « \\u… » invalide entre "
    "guillemets — écrivez le caractère lui-même",
    "did not find expected hexdecimal number": "code de caractère « \\x », « \\u » ou « \\U » "
    "incomplet entre guillemets — écrivez le caractère lui-même",
    "expected escape sequence of": "code de caractère « \\x », « \\u » ou « \\U » incomplet entre "
    "guillemets — écrivez le caractère lui-même",
    "found a tab character that violates indentation": "tabulation dans l'indentation — YAML "
    "n'accepte que des espaces",
    "found a tab character where an indentation space is expected": "tabulation dans "
    "l'indentation — YAML n'accepte que des espaces",
    "found an indentation indicator equal to 0": "indicateur d'indentation « 0 » après « | » ou "
    "« > » — indiquez un chiffre de 1 à 9, ou aucun",
    "expected indentation indicator in the range 1-9": "indicateur d'indentation « 0 » après "
    "« | » ou « > » — indiquez un chiffre de 1 à 9, ou aucun",
    "expected chomping or indentation indicators": "après « | » ou « > », seuls « + », « - » "
    "ou un chiffre sont permis sur la même ligne",
    "did not find expected comment or line break": "texte inattendu en fin de ligne (après « | », "
    "« > », une directive ou un guillemet fermant)",
    "expected a comment or a line break": "texte inattendu en fin de ligne (après « | », « > », "
    "une directive ou un guillemet fermant)",
    "did not find expected alphabetic or numeric character": "nom d'ancre, d'alias ou "
    "d'étiquette invalide (« & », « * » ou « ! » en début de valeur : "
    f"{QUOTES})",
    "expected alphabetic or numeric character": "nom d'ancre, d'alias ou d'étiquette invalide "
    f"(« & », « * » ou « ! » en début de valeur : {QUOTES})",
    "found unexpected non-alphabetical character": "nom d'ancre, d'alias ou d'étiquette "
    f"invalide ({QUOTES})",
    "did not find expected '!'": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "expected '!'": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "did not find the expected '>'": f"étiquette YAML « !<…> » non refermée ({QUOTES})",
    "expected '>'": f"étiquette YAML « !<…> » non refermée ({QUOTES})",
    "did not find expected tag URI": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "expected URI": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "did not find URI escaped octet": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "expected URI escape sequence": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "found an incorrect leading UTF-8 octet": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "found an incorrect trailing UTF-8 octet": f"étiquette YAML « ! » mal formée ({QUOTES})",
    "found unknown directive name": "ligne commençant par « % » inconnue — retirez-la, ou "
    "mettez la valeur entre guillemets",
    "could not find expected directive name": "ligne commençant par « % » invalide — retirez-la",
    "did not find expected whitespace or line break": "directive « % » mal formée — retirez-la",
    "did not find expected whitespace": "directive « % » mal formée — retirez-la",
    "expected ' '": "directive « % » mal formée — retirez-la",
    "did not find expected version number": "directive « %YAML » mal formée — retirez-la",
    "did not find expected digit or '.' character": "directive « %YAML » mal formée — retirez-la",
    "expected a digit or '.'": "directive « %YAML » mal formée — retirez-la",
    "expected a digit or ' '": "directive « %YAML » mal formée — retirez-la",
    "expected a digit": "directive « %YAML » mal formée — retirez-la",
    "found extremely long version number": "directive « %YAML » mal formée — retirez-la",
    # Structure (parser.c, parser.py)
    "did not find expected ',' or ']'": "« ] » ou « , » manquant dans une liste entre crochets",
    "expected ',' or ']'": "« ] » ou « , » manquant dans une liste entre crochets",
    "did not find expected ',' or '}'": "« } » ou « , » manquant entre accolades",
    "expected ',' or '}'": "« } » ou « , » manquant entre accolades",
    "did not find expected key": "champ mal aligné ou ligne inattendue (vérifiez l'indentation)",
    "expected <block end>": "indentation incohérente (vérifiez que les champs d'un même niveau "
    "commencent à la même colonne)",
    "did not find expected '-' indicator": "élément de liste mal aligné",
    "did not find expected node content": "valeur manquante ou mal placée (vérifiez les « - », "
    "« : » et crochets)",
    "expected the node content": "valeur manquante ou mal placée (vérifiez les « - », « : » et "
    "crochets)",
    "did not find expected <document start>": "texte inattendu après la fin du document — un "
    "seul en-tête est attendu",
    "expected '<document start>'": "texte inattendu après la fin du document — un seul en-tête "
    "est attendu",
    "did not find expected <stream-start>": "début de fichier illisible",
    "found incompatible YAML document": "directive « %YAML » d'une version non prise en charge "
    "— retirez la ligne « %YAML »",
    "found duplicate %YAML directive": "directive « %YAML » écrite deux fois — retirez-la",
    "found duplicate YAML directive": "directive « %YAML » écrite deux fois — retirez-la",
    "found duplicate %TAG directive": "directive « %TAG » écrite deux fois — retirez-la",
    "duplicate tag handle": "directive « %TAG » écrite deux fois — retirez-la",
    "found undefined tag handle": f"étiquette YAML « ! » inconnue ({QUOTES})",
    "Maximum nesting level reached": "imbrication trop profonde — simplifiez la structure",
}

# Where the problem was met: used when the problem itself says nothing more precise.
CONTEXTS: dict[str, str] = {
    "while scanning a quoted scalar": "guillemet non refermé",
    "while scanning a double-quoted scalar": "guillemet non refermé",
    "while parsing a quoted scalar": "guillemet non refermé",
    "while scanning a plain scalar": "valeur sans guillemets mal formée",
    "while scanning a block scalar": "texte sur plusieurs lignes (« | » ou « > ») mal formé",
    "while scanning a simple key": "nom de champ mal formé (« : » manquant ?)",
    "while scanning for the next token": "caractère inattendu",
    "while scanning an alias": "alias YAML (« * ») non autorisé",
    "while scanning an anchor": "ancre YAML (« & ») non autorisée",
    "while scanning a tag": "étiquette YAML (« ! ») non autorisée",
    "while parsing a tag": "étiquette YAML (« ! ») non autorisée",
    "while scanning a directive": "ligne commençant par « % » invalide",
    "while scanning a %YAML directive": "directive « %YAML » mal formée",
    "while scanning a %TAG directive": "directive « %TAG » mal formée",
    "while parsing a %TAG directive": "directive « %TAG » mal formée",
    "while scanning a tag directive": "directive « %TAG » mal formée",
    "while parsing a tag directive": "directive « %TAG » mal formée",
    "while parsing a block mapping": "champs mal alignés",
    "while parsing a block collection": "liste mal alignée",
    "while parsing a flow mapping": "accolades « { } » non refermées",
    "while parsing a flow sequence": "crochets « [ ] » non refermés",
    "while parsing a flow node": "valeur entre crochets ou accolades mal formée",
    "while parsing a block node": "valeur mal placée",
    "while parsing a node": "valeur mal placée",
    "while parsing a": "valeur mal placée",
    "while scanning a": "valeur mal formée",
    "while scanning an": "valeur mal formée",
    "while parsing": "valeur mal placée",
}

_BY_LENGTH = sorted(PROBLEMS, key=len, reverse=True)
_CONTEXTS_BY_LENGTH = sorted(CONTEXTS, key=len, reverse=True)


def french(problem: str, context: str = "") -> str | None:
    """The French for libyaml's problem (else its context), or None when unknown."""
    for english in _BY_LENGTH:
        if english in problem:
            return PROBLEMS[english]
    for english in _CONTEXTS_BY_LENGTH:
        if english in context or english in problem:
            return CONTEXTS[english]
    return None


def key(message: str) -> str:
    """A message as a key: its text before the first value PyYAML formats into it."""
    return re.split(r"%[rsd]", message, maxsplit=1)[0].rstrip(" ,")
