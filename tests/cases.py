"""A fixture case carries its own expectation, in comment lines at its end:

    # --- attendu ---
    # ligne: 20
    # champ: date_publication
    # message: dans le futur

The lines behind « # » are YAML (line, field and a fragment of the French message, or what
a case of an issue form gives). The block is cut off before the case is used, so the line
it names is a line of the file as it stands above the block, and one file is one whole
case: adding a validation rule is the rule, its message and its fixture, nothing else.
The tests find the cases by listing their folder.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MARK = b"# --- attendu ---\n"


def split_case(data: bytes) -> tuple[bytes, dict | None]:
    """(the case as the tests use it, its expectation or None)."""
    if data.startswith(MARK):
        at = 0
    else:
        at = data.rfind(b"\n" + MARK) + 1
        if at == 0:
            return data, None
    lines = data[at + len(MARK) :].decode("utf-8").splitlines()
    assert all(line == "#" or line.startswith("# ") for line in lines), "bloc « attendu » mal formé"
    expected = yaml.safe_load("\n".join(line[2:] for line in lines))
    assert isinstance(expected, dict), "bloc « attendu » vide"
    return data[:at], expected


def case_bytes(path: Path) -> bytes:
    """The case without its expectation block."""
    return split_case(path.read_bytes())[0]


def case_text(path: Path) -> str:
    return case_bytes(path).decode("utf-8")


def expectation(path: Path) -> dict:
    """What the case must give; a case without its block fails here, by name."""
    expected = split_case(path.read_bytes())[1]
    assert expected is not None, (
        f"{path.name} : bloc « # --- attendu --- » absent en fin de fichier"
    )
    return expected


def copy_case(path: Path, target: Path) -> Path:
    """Write the case (without its block) to target, a file or a folder."""
    if target.is_dir():
        target = target / path.name
    target.write_bytes(case_bytes(path))
    return target


def with_block(data: bytes, expected: dict) -> bytes:
    """data with expected written as its block (how the cases were migrated)."""
    text = yaml.safe_dump(expected, allow_unicode=True, sort_keys=False, width=10_000)
    block = "".join(f"# {line}\n" for line in text.splitlines())
    assert data == b"" or data.endswith(b"\n")
    return data + MARK + block.encode("utf-8")
