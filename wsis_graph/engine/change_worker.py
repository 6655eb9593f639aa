"""Working out a change on a copy of the dataset; run as a worker process by :mod:`wsis_graph.web.protocol.update`.

``python -m wsis_graph.engine.change_worker`` reads a JSON header line (``update``, ``base``,
``graphs``, ``timeout``) and then the dataset as N-Quads on stdin, and writes one JSON object on
stdout (see :func:`evaluate_change`). It imports nothing but pyoxigraph, so it starts fast, and it
runs apart from the server, so an update that runs over its time limit is simply ended.

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

import json
import os
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

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


def _worker_main() -> None:
    """Entry of the worker process: a JSON header line, then the dataset as N-Quads, on stdin."""
    header = json.loads(sys.stdin.buffer.readline())
    nquads = sys.stdin.buffer.read()
    limit = header.get("timeout")
    finished = threading.Event()
    output = threading.Lock()

    def watchdog() -> None:
        if finished.wait(limit):
            return
        with output:
            if finished.is_set():
                return
            sys.stdout.write(json.dumps({"ok": False, "kind": "timeout", "message": f"ran over {limit:g} s"}))
            sys.stdout.flush()
            os._exit(3)

    if limit:
        threading.Thread(target=watchdog, daemon=True).start()
    result = evaluate_change(nquads, header["graphs"], header["update"], header.get("base"))
    with output:
        finished.set()
        sys.stdout.write(json.dumps(result))
        sys.stdout.flush()

if __name__ == "__main__":
    _worker_main()
