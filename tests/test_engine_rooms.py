"""The engine's room: it never imports flask or the web package, and its workers speak one protocol."""

from __future__ import annotations

import ast
import importlib.util
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import wsis_graph.engine
import wsis_graph.sparql
from wsis_graph.engine.change_worker import ChangePlan, run_change
from wsis_graph.engine.messages import Channel, error_message, problem_of
from wsis_graph.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
ROOMS = (wsis_graph.engine, wsis_graph.sparql)
MODULES = sorted(m.name for room in ROOMS for m in pkgutil.iter_modules(room.__path__, prefix=room.__name__ + "."))


def test_the_engine_runs_without_flask():
    """Importing every engine and SPARQL module, in a fresh interpreter, loads neither flask nor werkzeug."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("name", MODULES)
def test_no_engine_module_imports_the_web(name):
    """Also not from inside a function, where a cycle would hide."""
    path = Path(importlib.util.find_spec(name).origin)
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {m for m in imported if m.split(".")[0] in ("flask", "werkzeug") or m.startswith("wsis_graph.web")}


def test_a_problem_crosses_the_channel_whole():
    import os

    read_fd, write_fd = os.pipe()
    try:
        channel = Channel(read_fd, write_fd)
        channel.send(error_message(Problem(400, "malformed_query", "syntax error at line 1, column 8")))
        header, payload = channel.receive(timeout=5)
    finally:
        os.close(read_fd)
        os.close(write_fd)
    assert header["op"] == "error" and not header["ok"] and payload == b""
    problem = problem_of(header)
    assert (problem.status, problem.code, problem.message) == (400, "malformed_query", "syntax error at line 1, column 8")


def test_the_change_worker_answers_with_a_plan():
    nquads = b'<urn:s> <urn:p> "old" <urn:g> .\n'
    plan = run_change(nquads, ["urn:g"], 'DELETE DATA { GRAPH <urn:g> { <urn:s> <urn:p> "old" } }', None, 10.0)
    assert isinstance(plan, ChangePlan)
    assert (plan.added, plan.removed, plan.graphs) == (0, 1, ["urn:g"])
    assert plan.commit.startswith("DELETE DATA") and plan.union == b""


def test_the_change_worker_refuses_with_a_problem():
    with pytest.raises(Problem) as refused:
        run_change(b"", [], "INSERT DATA { <urn:s> <urn:p> }", None, 10.0)
    assert refused.value.status == 400 and refused.value.code == "malformed_update"
    assert refused.value.message.startswith("the update does not parse: ")


def test_the_change_worker_is_stopped_at_its_time_limit():
    slow = (
        "INSERT { GRAPH <urn:g> { ?a <urn:p> ?e } } WHERE { "
        + " ".join(f"VALUES ?{v} {{ {' '.join(str(i) for i in range(60))} }}" for v in "abcde")
        + " }"
    )
    with pytest.raises(Problem) as refused:
        run_change(b"", [], slow, None, 0.5)
    assert refused.value.status == 503 and refused.value.code == "timeout"
