"""The staged bulk loader behind a remote store's ``replace`` and ``replace_graphs``.

A dataset that fits in one request of ``batch`` bytes (the store URL's option) goes in one
SPARQL Update request: ``DROP ALL`` (or ``DROP SILENT GRAPH`` for each graph replaced) then
``INSERT DATA``, which the server applies as one request. A larger one is sent in requests of
at most ``batch`` bytes into staging graphs (named :data:`STAGING_PREFIX`…), then one request
drops the old graphs and moves the staging graphs to their names. Quads with blank nodes go in
one request together, so that a blank node stays one node. A load that fails drops its staging
graphs (best effort). Each request's time limit grows with its size: the URL's ``timeout`` per
8 MiB.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence

from rdflib import BNode, URIRef
from rdflib.term import Node

from wsis_graph.store.remote.bind import term_text
from wsis_graph.store.base import StoreError
from wsis_graph.store.remote.urls import Endpoints

#: Graph names that a large replace loads into before it swaps them in.
STAGING_PREFIX = "urn:x-wsis-graph:staging:"


class StagedLoader:
    """The state of one replace: batches, and staging graphs once needed.

    Args:
        endpoints: the store's URL, read (its ``batch``, ``timeout`` and ``union`` options).
        send: sends one SPARQL Update request with a time limit in seconds.
        all_graphs: every named graph the server holds, staging graphs included.
    """

    OVERHEAD = 32  # bytes of GRAPH … { } around a graph's lines in a request

    def __init__(self, endpoints: Endpoints, send: Callable[[str, float], None], all_graphs: Callable[[], list[str]]) -> None:
        self.endpoints = endpoints
        self.send = send
        self.all_graphs = all_graphs
        self.limit = endpoints.batch
        self.batch: dict[str, list[str]] = {}
        self.size = 0
        self.blank: dict[str, list[str]] = {}
        self.staging: dict[str, str] | None = None  # graph -> staging graph, once a batch was sent
        self.token = secrets.token_hex(8)

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        if not isinstance(g, URIRef):
            raise StoreError(f"a quad must be in a named graph (an IRI), not {g!r}")
        graph = term_text(g)
        line = f"{term_text(s)} {term_text(p)} {term_text(o)} .\n"
        if isinstance(s, BNode) or isinstance(o, BNode):
            self.blank.setdefault(graph, []).append(line)
            return
        extra = len(line.encode("utf-8")) + (0 if graph in self.batch else len(graph) + self.OVERHEAD)
        if self.batch and self.size + extra > self.limit:
            self._stage(self.batch)
            self.batch, self.size = {}, 0
            extra = len(line.encode("utf-8")) + len(graph) + self.OVERHEAD
        self.batch.setdefault(graph, []).append(line)
        self.size += extra

    def _timeout(self, size: int) -> float:
        return self.endpoints.timeout * (1 + size / (8 * 1024 * 1024))

    @staticmethod
    def _blocks(groups: Mapping[str, list[str]], rename: Mapping[str, str] | None = None) -> str:
        return "".join(f"GRAPH {rename[g] if rename else g} {{\n{''.join(lines)}}}\n" for g, lines in groups.items())

    def _stage(self, groups: Mapping[str, list[str]]) -> None:
        if self.staging is None:
            self.staging = {}
        for graph in groups:
            if graph not in self.staging:
                self.staging[graph] = f"<{STAGING_PREFIX}{self.token}:{len(self.staging)}>"
        text = f"INSERT DATA {{\n{self._blocks(groups, self.staging)}}}"
        self.send(text, self._timeout(len(text)))

    def finish(self, targets: Sequence[URIRef] | None = None) -> None:
        """Write what is left and swap it in: the whole dataset, or only the graphs ``targets``."""
        drops = [term_text(g) for g in targets] if targets is not None else []
        if self.staging is None:
            merged = {g: list(lines) for g, lines in self.batch.items()}
            for g, lines in self.blank.items():
                merged.setdefault(g, []).extend(lines)
            steps = ["DROP ALL"] if targets is None else [f"DROP SILENT GRAPH {g}" for g in drops]
            if merged:
                steps.append(f"INSERT DATA {{\n{self._blocks(merged)}}}")
            if steps:
                text = " ;\n".join(steps)
                self.send(text, self._timeout(len(text)))
            return
        if self.batch:
            self._stage(self.batch)
        if self.blank:
            self._stage(self.blank)
        if targets is None:
            own = {name[1:-1] for name in self.staging.values()}
            drops = [term_text(URIRef(g)) for g in self.all_graphs() if g not in own]
        steps = [f"DROP SILENT GRAPH {g}" for g in drops if g not in self.staging]
        if targets is None and self.endpoints.union == "param":
            steps.append("DROP SILENT DEFAULT")
        steps += [f"MOVE GRAPH {stage} TO GRAPH {graph}" for graph, stage in self.staging.items()]
        self.send(" ;\n".join(steps), self._timeout(self.size * 4 + self.limit))
        self.staging = None

    def abandon(self) -> None:
        """Drop the staging graphs of a replace that failed (best effort: the error comes first)."""
        if not self.staging:
            return
        drops = " ;\n".join(f"DROP SILENT GRAPH {stage}" for stage in self.staging.values())
        try:
            self.send(drops, self.endpoints.timeout)
        except StoreError:
            pass
        self.staging = None

    def load(self, quads: Iterable[tuple[Node, Node, Node, URIRef]], targets: Sequence[URIRef] | None = None) -> None:
        """Send ``quads`` and swap them in (:meth:`finish`); on any failure, :meth:`abandon` and re-raise."""
        try:
            for s, p, o, g in quads:
                self.add(s, p, o, g)
            self.finish(targets)
        except BaseException:
            self.abandon()
            raise
