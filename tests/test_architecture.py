"""The rules of the house (docs/ARCHITECTURE.md), checked on the package's own imports.

Imports are read from the source with :mod:`ast`, those inside functions included, so that a cycle
cannot hide behind a late import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "wsis_graph"
LINE_LIMIT = 600
#: A module over the limit must say why in its docstring with these words.
WHOLE = "reads best whole"

#: What each room may import from the package (besides itself). A room is a folder of the package,
#: or a top-level module; ``web`` is split into its base (errors, settings, the test server), the
#: endpoints (``web.protocol``), the pages (``web.pages``) and the assembly (``web.app``).
ALLOWED: dict[str, set[str]] = {
    "problems": set(),
    "files": set(),
    "paths": set(),
    "namespaces": {"paths"},
    "uris": {"namespaces"},
    "codes": {"namespaces"},
    "tables": set(),
    "freshness": {"paths"},
    "sparql": set(),
    "texts": {"build", "graph_kinds", "namespaces", "store", "uris", "validation"},
    "store": {"sparql"},
    "engine": {"sparql", "store"},
    "graph_kinds": {"namespaces", "store"},
    "validation": {"namespaces", "paths"},
    "sources": {"namespaces", "tables", "uris"},
    "build": {"namespaces", "paths", "sources", "tables", "uris"},
    "stats": {"namespaces", "store"},
    "export": {"namespaces", "store"},
    "results": {"namespaces", "store"},
    "queries": {"codes", "namespaces", "paths", "uris"},
    "publish": {"build", "freshness", "graph_kinds", "namespaces", "stats", "store", "uris", "validation"},
    "records": {"build", "namespaces", "paths", "store", "tables", "uris", "validation"},
    "analysis": {"codes", "graph_kinds", "namespaces", "paths", "records", "store", "uris"},
    "matching": {"codes", "graph_kinds", "namespaces", "paths", "store", "uris"},
    "review": {"codes", "graph_kinds", "matching", "namespaces", "paths", "store", "uris", "validation"},
    "proposals": {"analysis", "build", "graph_kinds", "namespaces", "records", "sources", "store", "tables", "uris", "validation"},
    "reports": {"analysis", "codes", "matching", "queries", "stats"},
    "web": {"store", "uris"},
    "web.protocol": {"web", "engine", "namespaces", "sparql", "store", "uris", "validation"},
    "web.pages": {"analysis", "codes", "matching", "namespaces", "paths", "proposals", "queries", "reports", "review", "sparql", "store", "texts", "uris", "web", "web.protocol"},
    "web.app": {"web", "web.protocol", "web.pages", "engine", "publish", "stats", "store", "uris"},
}
#: The rooms that may import every other: the command line and the package's face.
TOP = {"cli", "wsis_graph"}
#: The rooms every other may import: the one problem type, and the one atomic file writer.
EVERYONE = {"problems", "files"}
#: Rooms that never import the web framework or the WSGI server.
NO_WEB_FRAMEWORK = {"engine", "sparql", "store", "texts", "analysis", "reports", "sources", "build", "records", "proposals", "matching", "review"}
WEB_FRAMEWORK = {"flask", "werkzeug", "gunicorn"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "wsis_graph"
    if parts[1] == "web":
        if len(parts) > 2 and parts[2] in ("protocol", "pages"):
            return "web." + parts[2]
        if len(parts) > 2 and parts[2] in ("app", "production"):
            return "web.app"
        return "web"
    return parts[1]


def imports_of(module: str) -> tuple[set[str], set[str]]:
    """The package modules and the outside top-level packages that ``module`` imports anywhere."""
    inside: set[str] = set()
    outside: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in MODULES]
            targets = submodules + ([node.module] if len(submodules) < len(node.names) else [])
        else:
            continue
        for target in targets:
            if target.split(".")[0] != "wsis_graph":
                outside.add(target.split(".")[0])
            elif target in MODULES and target != module and not module.startswith(target + "."):
                inside.add(target)  # a module's own parent packages are loaded before it anyway
    return inside, outside


IMPORTS = {module: imports_of(module) for module in MODULES}


def test_no_import_cycle_even_through_imports_inside_functions():
    graph = nx.DiGraph((a, b) for a, (inside, _) in IMPORTS.items() for b in inside)
    assert list(nx.simple_cycles(graph)) == []


def test_every_room_imports_only_what_the_architecture_allows():
    unexpected: dict[str, set[str]] = defaultdict(set)
    for module, (inside, _) in IMPORTS.items():
        source = room(module)
        if source in TOP:
            continue
        assert source in ALLOWED, f"{module} is in a room docs/ARCHITECTURE.md does not describe: {source}"
        for target in inside:
            if room(target) != source and room(target) not in ALLOWED[source] | EVERYONE:
                unexpected[f"{source} -> {room(target)}"].add(f"{module} -> {target}")
    assert dict(unexpected) == {}


def test_the_rooms_form_layers():
    graph = nx.DiGraph((a, b) for a, targets in ALLOWED.items() for b in targets)
    assert nx.is_directed_acyclic_graph(graph)


@pytest.mark.parametrize("room_name", sorted(NO_WEB_FRAMEWORK))
def test_the_engine_and_the_domain_never_import_the_web_framework(room_name):
    offenders = {m: sorted(out & WEB_FRAMEWORK) for m, (_, out) in IMPORTS.items() if room(m) == room_name and out & WEB_FRAMEWORK}
    assert offenders == {}


def test_modules_stay_under_the_line_limit_unless_they_say_why():
    long = {}
    for module, path in MODULES.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LINE_LIMIT and WHOLE not in (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""):
            long[module] = lines
    assert long == {}


def test_one_problem_type_reaches_users():
    """A class whose constructor takes an HTTP status and a code is ``Problem`` or derives from it."""
    bases: dict[str, set[str]] = {}
    carriers: set[str] = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
            init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
            if init and {"status", "code"} <= {a.arg for a in init.args.args + init.args.kwonlyargs}:
                carriers.add(node.name)

    def is_problem(name: str, seen: frozenset = frozenset()) -> bool:
        return name == "Problem" or any(is_problem(b, seen | {name}) for b in bases.get(name, ()) if b not in seen)

    assert sorted(c for c in carriers if not is_problem(c)) == []
