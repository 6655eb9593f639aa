"""Working out a change on a copy of the dataset, in a worker process of its own.

:func:`run_change` (the parent's side, called by :mod:`wsis_graph.web.protocol.update`) starts
``python -m wsis_graph.engine.change_worker``, sends it one ``change`` message with the dataset
as N-Quads, and reads one answer: the change as a :class:`ChangePlan`, or a
:class:`~wsis_graph.problems.Problem` (the messages are those of
:mod:`wsis_graph.engine.messages`). The worker (:func:`evaluate_change`) imports nothing but
pyoxigraph and the standard library, so it starts fast, and it runs apart from the server, so an
update that runs over its time limit is simply ended.

>>> before = {ox.Quad(ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.Literal("old"))}
>>> after = {ox.Quad(ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.Literal("new"))}
>>> print(plan_commit(before, after, set(), set()))
DELETE DATA {
<http://ex.org/s> <http://ex.org/p> "old" .
} ;
INSERT DATA {
<http://ex.org/s> <http://ex.org/p> "new" .
}
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from wsis_graph.engine.messages import ChannelClosed, ChannelTimeout, error_message, problem_of, start_worker, worker_channel
from wsis_graph.problems import Problem

#: Seconds a worker may take beyond the time limit to start and copy the dataset.
COPY_ALLOWANCE = 15.0


def _blank_nodes(quad: ox.Quad) -> set[ox.BlankNode]:
    return {t for t in (quad.subject, quad.object, quad.graph_name) if isinstance(t, ox.BlankNode)}


def _graph_key(name) -> str:
    return "" if isinstance(name, ox.DefaultGraph) else str(name)


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA, grouped by graph."""
    groups: dict = defaultdict(list)
    for quad in quads:
        groups[quad.graph_name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    parts = []
    for name in sorted(groups, key=_graph_key):
        lines = "\n".join(sorted(groups[name]))
        parts.append(lines if isinstance(name, ox.DefaultGraph) else f"GRAPH {name} {{\n{lines}\n}}")
    return "\n".join(parts)


def plan_commit(
    before: set[ox.Quad], after: set[ox.Quad], before_graphs: set[ox.NamedNode], after_graphs: set[ox.NamedNode]
) -> str:
    """One SPARQL update that turns ``before`` into ``after`` (up to blank node names).

    It names no existing blank node: a graph whose existing blank nodes change is dropped and
    inserted whole, with every graph that shares blank nodes with it. Empty when nothing changed.
    """
    removed, added = before - after, after - before
    if not removed and not added and before_graphs == after_graphs:
        return ""
    old_blanks: set[ox.BlankNode] = set()
    for quad in before:
        old_blanks |= _blank_nodes(quad)
    rewrite = {q.graph_name for q in removed | added if _blank_nodes(q) & old_blanks}
    by_graph: dict = defaultdict(list)
    holders: dict = defaultdict(set)
    for quad in after:
        by_graph[quad.graph_name].append(quad)
        for blank in _blank_nodes(quad):
            holders[blank].add(quad.graph_name)
    pending = list(rewrite)
    while pending:
        for quad in by_graph.get(pending.pop(), ()):
            for blank in _blank_nodes(quad):
                for other in holders[blank] - rewrite:
                    rewrite.add(other)
                    pending.append(other)
    dropped = before_graphs - after_graphs
    ops: list[str] = []
    for name in sorted(dropped | {g for g in rewrite if isinstance(g, ox.NamedNode)}, key=str):
        ops.append(f"DROP SILENT GRAPH {name}")
    if any(isinstance(g, ox.DefaultGraph) for g in rewrite):
        ops.append("DROP SILENT DEFAULT")
    deletions = [q for q in removed if q.graph_name not in dropped and q.graph_name not in rewrite]
    if deletions:
        assert not any(_blank_nodes(q) for q in deletions), "DELETE DATA cannot name blank nodes"
        ops.append(f"DELETE DATA {{\n{_data_block(deletions)}\n}}")
    for name in sorted(after_graphs, key=str):
        if name not in before_graphs or name in rewrite:
            ops.append(f"CREATE SILENT GRAPH {name}")
    insertions = [q for q in after if q.graph_name in rewrite] + [q for q in added if q.graph_name not in rewrite]
    if insertions:
        ops.append(f"INSERT DATA {{\n{_data_block(insertions)}\n}}")
    return " ;\n".join(ops)


def evaluate_change(nquads: bytes, graphs: list[str], update: str, base_iri: str | None) -> dict:
    """Run ``update`` on a copy of the dataset and describe the change (a JSON-able dict).

    Returns ``{"ok": True, "commit", "union", "added", "removed", "graphs"}`` where ``commit`` is
    the update to write, ``union`` the N-Triples of the union of all graphs after the change, and
    ``graphs`` the graphs it touched (``None`` for the default graph); or ``{"ok": False, "kind",
    "message"}`` with ``kind`` ``syntax``, ``evaluation`` or ``unsupported``.
    """
    scratch = ox.Store()
    for name in graphs:
        scratch.add_graph(ox.NamedNode(name))
    if nquads:
        scratch.load(nquads, format=ox.RdfFormat.N_QUADS)
    before = set(scratch)
    before_graphs = {g for g in scratch.named_graphs() if isinstance(g, ox.NamedNode)}
    try:
        scratch.update(update, base_iri=base_iri)
    except SyntaxError as exc:
        return {"ok": False, "kind": "syntax", "message": str(exc)}
    except (ValueError, OSError, RuntimeError) as exc:
        return {"ok": False, "kind": "evaluation", "message": str(exc)}
    after = set(scratch)
    after_graphs = {g for g in scratch.named_graphs() if isinstance(g, ox.NamedNode)}
    added, removed = after - before, before - after
    for quad in added:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            return {"ok": False, "kind": "unsupported", "message": "RDF 1.2 triple terms are not kept by this store"}
        if not isinstance(quad.graph_name, ox.NamedNode | ox.DefaultGraph):
            return {"ok": False, "kind": "unsupported", "message": "graphs named by blank nodes are not kept by this store"}
    touched = {q.graph_name for q in added | removed} | (before_graphs ^ after_graphs)
    union = ox.serialize({q.triple for q in after}, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return {
        "ok": True,
        "commit": plan_commit(before, after, before_graphs, after_graphs),
        "union": union,
        "added": len(added),
        "removed": len(removed),
        "graphs": sorted((None if isinstance(g, ox.DefaultGraph) else g.value for g in touched), key=lambda g: g or ""),
    }


def change_problem(kind: str, message: str) -> Problem:
    """The problem to answer for a change the worker could not work out (``kind`` as in
    :func:`evaluate_change`, or ``timeout``)."""
    if kind == "syntax":
        from wsis_graph.sparql.prefixes import syntax_message

        return Problem(400, "malformed_update", f"the update does not parse: {syntax_message(message)}")
    if kind == "timeout":
        return Problem(503, "timeout", f"the update {message} and was stopped; nothing was changed")
    if kind == "unsupported":
        return Problem(400, "unsupported_data", f"{message}; nothing was changed")
    return Problem(400, "update_failed", f"the update failed: {message}; nothing was changed")


# -- The parent's side ---------------------------------------------------------------------------


@dataclass
class ChangePlan:
    """A change worked out on a copy of the dataset.

    Attributes:
        commit: the SPARQL update that makes the change on the real store (empty: no change).
        union: the N-Triples of the union of every graph after the change (to validate).
        added / removed: how many quads the change adds and removes.
        graphs: the graphs it touches (``None`` for the default graph).
    """

    commit: str
    union: bytes
    added: int
    removed: int
    graphs: list[str | None]


def run_change(nquads: bytes, graphs: list[str], update: str, base_iri: str | None, limit: float) -> ChangePlan:
    """Work out ``update`` on a copy of the dataset (``nquads``, with the graphs ``graphs``) in a
    worker process that ends when it runs over ``limit`` seconds.

    Raises:
        Problem: the update does not parse, fails, keeps what the store cannot, or runs over.
        RuntimeError: the worker ended without an answer.
    """
    deadline = time.monotonic() + limit + COPY_ALLOWANCE
    with tempfile.TemporaryFile() as errors:
        process, channel = start_worker("wsis_graph.engine.change_worker", stderr=errors)
        try:
            header = {"op": "change", "update": update, "base": base_iri, "graphs": graphs, "timeout": limit}
            channel.send(header, nquads)
            reply, union = channel.receive(timeout=max(0.0, deadline - time.monotonic()))
        except ChannelTimeout:
            raise change_problem("timeout", f"ran over {limit:g} s") from None
        except ChannelClosed:
            try:
                returncode = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                returncode = process.wait()
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"update worker failed (exit {returncode}): {' / '.join(tail)}") from None
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdin.close()
            process.stdout.close()
    if not reply["ok"]:
        raise problem_of(reply)
    return ChangePlan(reply["commit"], union, reply["added"], reply["removed"], reply["graphs"])


# -- The worker's side ---------------------------------------------------------------------------


def _worker_main() -> None:
    """Entry of the worker process: one ``change`` message in, one answer out."""
    channel = worker_channel()
    header, nquads = channel.receive()
    limit = header.get("timeout")
    finished = threading.Event()
    output = threading.Lock()

    def watchdog() -> None:
        if finished.wait(limit):
            return
        with output:
            if finished.is_set():
                return
            channel.send(error_message(change_problem("timeout", f"ran over {limit:g} s")))
            os._exit(3)

    if limit:
        threading.Thread(target=watchdog, daemon=True).start()
    result = evaluate_change(nquads, header["graphs"], header["update"], header.get("base"))
    with output:
        finished.set()
        if not result["ok"]:
            channel.send(error_message(change_problem(result["kind"], result["message"])))
        else:
            union = result.pop("union").encode("utf-8")
            channel.send({"op": "result", **result}, union)


if __name__ == "__main__":
    _worker_main()
