"""In-memory store on rdflib: for tests and small scripts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from wsis_graph.sparql.prefixes import syntax_message
from wsis_graph.store.base import Quad, QueryDataset, QueryError, QueryResult, Store, Triple
from wsis_graph.store.terms import from_ox, to_ox


class MemoryStore(Store):
    """A dataset held in an rdflib :class:`~rdflib.Dataset`.

    >>> store = MemoryStore()
    >>> from rdflib import URIRef, Literal
    >>> g = URIRef("https://example.org/g")
    >>> store.replace([(URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(1), g)])
    1
    >>> store.query("SELECT ?o WHERE { ?s ?p ?o }").rows[0][0].toPython()
    1
    """

    scheme = "memory"
    persistent = False
    union_default = "merge"

    def __init__(self) -> None:
        self._install(Dataset())

    def _install(self, dataset: Dataset) -> None:
        """Make ``dataset`` the data; every write builds a fresh one and swaps it in here."""
        self._dataset = dataset
        self._revision = uuid.uuid4().hex

    @property
    def url(self) -> str:
        return "memory:"

    @property
    def revision(self) -> str:
        """Changes with every write (each one swaps in a fresh dataset)."""
        return self._revision

    def replace(self, quads: Iterable[Quad]) -> int:
        fresh = Dataset()
        for s, p, o, g in quads:
            fresh.add((s, p, o, fresh.graph(g)))
        self._install(fresh)
        return len(self)

    def _query(self, sparql: str, bindings: Mapping[str, Node] | None, dataset: QueryDataset) -> QueryResult:
        target = self._view(dataset)
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        try:
            result = target.query(sparql, initBindings=init)
        except ParseException as exc:
            raise QueryError(syntax_message(str(exc))) from None
        except Exception as exc:  # rdflib raises many kinds for evaluation errors
            raise QueryError(str(exc)) from None
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            rows = [tuple(row[v] if v in row.labels else None for v in variables) for row in result]
            return QueryResult(kind="select", variables=variables, rows=rows)
        if result.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(result.askAnswer))
        return QueryResult(kind="graph", triples=list(result.graph or []))

    def _view(self, dataset: QueryDataset):
        if dataset.union:
            return Dataset(store=self._dataset.store, default_union=True)
        view = Dataset()
        default = view.graph(DATASET_DEFAULT_GRAPH_ID)
        for name in dataset.default_graphs or []:
            for triple in self._dataset.graph(name):
                default.add(triple)
        named = dataset.named_graphs
        for name in named if named is not None else self.graphs():
            target = view.graph(name)
            for triple in self._dataset.graph(name):
                target.add(triple)
        return view

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        for s, p, o, g in self._dataset.quads((None, None, None, graph)):
            name = g.identifier if isinstance(g, Graph) else g
            # rdflib gives a triple that matches in ``graph`` once for every graph that holds it
            if name == DATASET_DEFAULT_GRAPH_ID or (graph is not None and name != graph):
                continue
            yield s, p, o, name

    def update(self, sparql: str) -> None:
        """Apply the update to a pyoxigraph copy, then swap the copy in (one engine for updates)."""
        scratch = ox.Store()
        scratch.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g == DATASET_DEFAULT_GRAPH_ID else to_ox(g))
            for s, p, o, g in self._all_quads()
        )
        try:
            scratch.update(sparql)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from None
        fresh = Dataset()
        for quad in scratch:
            name = from_ox(quad.graph_name)
            target = fresh.graph(DATASET_DEFAULT_GRAPH_ID if name is None else name)
            target.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        self._install(fresh)

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> dict[URIRef, int]:
        """Read the new graphs in full, build a copy with them in place, then swap it in.

        A failure while reading leaves the current dataset untouched; readers keep the old copy.
        """
        replacements = {name: Graph(identifier=name) for name in graphs}
        for name, triples in graphs.items():
            target = replacements[name]
            for triple in triples:
                target.add(triple)
        fresh = Dataset()
        for s, p, o, g in self._all_quads():
            if g not in replacements:
                fresh.graph(g).add((s, p, o))
        for name, replacement in replacements.items():
            if len(replacement):
                target = fresh.graph(name)
                for triple in replacement:
                    target.add(triple)
        self._install(fresh)
        return {name: len(replacement) for name, replacement in replacements.items()}

    def _all_quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        for s, p, o, g in self._dataset.quads((None, None, None, None)):
            yield s, p, o, g.identifier if isinstance(g, Graph) else g

    def default_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        yield from self._dataset.graph(DATASET_DEFAULT_GRAPH_ID).triples((None, None, None))

    def graphs(self) -> list[URIRef]:
        return sorted(
            g.identifier for g in self._dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())
