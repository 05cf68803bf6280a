"""The layout's two promises, checked on the code itself: no import cycle between modules
of essaim (the layers contract of `make lint` only sees imports between stages), and no
private name (`_x`) taken from another module, by the package, the hook or the tests."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

from tests.conftest import ROOT

SOURCES = [
    *(ROOT / "essaim").rglob("*.py"),
    *(ROOT / "hooks").rglob("*.py"),
    *(ROOT / "tests").rglob("*.py"),
]


def _cycles() -> list[list[str]]:
    """Groups of modules that import each other, directly or not (Tarjan), lazy imports too."""
    graph = grimp.build_graph("essaim")
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycle():
    assert _cycles() == []


def _private_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    modules = set()  # names bound to an essaim module in this file
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("essaim"):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(
                        f"{path.name}:{node.lineno} from {node.module} import {alias.name}"
                    )
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("essaim"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_private_name_crosses_a_module():
    assert [use for path in SOURCES for use in _private_uses(path)] == []
