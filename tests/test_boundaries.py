"""The trust boundaries of DESIGN.md, checked on the real import graph of the code.

Every import counts, including those inside functions and under ``TYPE_CHECKING``. Each
check first makes sure the graph holds what it speaks of, so that none passes on an empty
or renamed package: a folder that moves fails here until this file moves with it.
"""

from __future__ import annotations

import functools

import grimp
import pytest

PACKAGES = ("certs", "registry", "verify", "webbase")
# Modules the checks below rely on; a move makes this list, and the test, fail.
LANDMARKS = (
    "certs.credential.sign",
    "certs.credential.verify",
    "certs.pdf.sign",
    "certs.pdf.check",
    "certs.dates",
    "registry.certificates.pipeline",
    "registry.certificates.downloads",
    "registry.projection.models",
    "registry.web",
    "verify.web",
    "verify.tables",
    "webbase.problems",
)
WEB_AND_DATABASE = (
    "flask",
    "flask_smorest",
    "webargs",
    "werkzeug",
    "marshmallow",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "os",
)
SIGNING_HALVES = ("certs.credential.sign", "certs.pdf.sign")


@functools.cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, include_external_packages=True, cache_dir=None)


def own_modules() -> set[str]:
    return {m for m in graph().modules if m.split(".")[0] in PACKAGES}


def test_the_graph_holds_every_package_and_landmark():
    modules = own_modules()
    for package in PACKAGES:
        assert sum(m.split(".")[0] == package for m in modules) >= 5, package
    missing = [m for m in LANDMARKS if m not in modules]
    assert not missing, f"moved or renamed: {missing}; update the boundaries here"


def test_the_graph_sees_imports_that_exist():
    """The checks below look for chains that must not exist; these must, or the graph
    would be blind and every check would pass."""
    assert graph().chain_exists("registry.certificates.pipeline", "certs.credential.sign")
    assert graph().chain_exists("verify.queries.lookup", "certs.credential.verify")
    assert "sqlalchemy" in graph().find_modules_directly_imported_by("registry.db")


def test_certs_imports_no_web_framework_database_or_environment():
    offenders = [
        (module, imported)
        for module in own_modules()
        if module.startswith("certs")
        for imported in graph().find_modules_directly_imported_by(module)
        if imported.split(".")[0] in (*WEB_AND_DATABASE, "registry", "verify", "webbase")
    ]
    assert not offenders


@pytest.mark.parametrize("forbidden", ["registry", *SIGNING_HALVES])
def test_verify_imports_neither_registry_nor_a_signing_half(forbidden):
    assert not graph().chain_exists("verify", forbidden, as_packages=True)


@pytest.mark.parametrize("forbidden", ["registry", "verify"])
def test_webbase_depends_on_neither_service(forbidden):
    assert not graph().chain_exists("webbase", forbidden, as_packages=True)


def test_only_the_projection_package_touches_the_public_tables():
    importers = graph().find_modules_that_directly_import("registry.projection.models")
    assert len(importers) >= 5
    outside = {
        m for m in importers if not m.startswith("registry.projection.") and m != "registry.tables"
    }
    assert not outside


def test_no_import_cycle_anywhere():
    assert _cycles(graph(), own_modules()) == []


def _cycles(imports: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(imports.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append(
                    (
                        child,
                        iter(sorted(imports.find_modules_directly_imported_by(child) & modules)),
                    )
                )
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_the_cycle_finder_finds_a_cycle():
    """A graph with a known cycle, so that an empty answer above means something."""
    toy = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        toy.add_module(module)
    toy.add_import(importer="a.x", imported="a.y")
    toy.add_import(importer="a.y", imported="a.x")
    toy.add_import(importer="a.z", imported="a.x")
    assert _cycles(toy, {"a.x", "a.y", "a.z"}) == [["a.x", "a.y"]]
