"""The apps form layers: core → stakeholders → partners, pages → newtrade.

A lower layer never imports a higher one (migrations aside, which keep what
they imported when they were written); the import graph has no cycle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["core", "stakeholders", "partners", "pages", "newtrade"]
# What each package may import of the others.
ALLOWED = {
    "core": set(),
    "stakeholders": {"core"},
    "partners": {"core", "stakeholders"},
    "pages": {"core", "stakeholders"},
    "newtrade": {"core", "stakeholders", "partners", "pages"},
}


def imported_packages(path):
    """The project packages a module imports, at any depth of the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in PACKAGES)
    return found


def import_graph(root=ROOT):
    graph = {package: set() for package in PACKAGES}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.relative_to(root).parts:
                continue
            graph[package] |= imported_packages(path) - {package}
    return graph


def cycles(graph):
    """Every package that can reach itself through the graph."""

    def reachable(start):
        seen, todo = set(), list(graph[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
        return seen

    return {package for package in graph if package in reachable(package)}


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_imports_only_the_layers_below_it(package):
    assert import_graph()[package] <= ALLOWED[package]


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == set()


def test_the_checks_see_an_upward_import(tmp_path):
    """The test above must fail for the mistake it guards against."""
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "core" / "a.py").write_text("def f():\n    from newtrade import views\n")
    (tmp_path / "newtrade" / "b.py").write_text("import core.a\n")
    (tmp_path / "core" / "migrations").mkdir()
    (tmp_path / "core" / "migrations" / "0001.py").write_text("import partners.models\n")
    graph = import_graph(tmp_path)
    assert graph["core"] == {"newtrade"}
    assert cycles(graph) == {"core", "newtrade"}
