"""The store interface: what the rest of the project may ask of a triple store.

Two backends implement it now: :class:`~wsis_graph.store.memory.MemoryStore` (rdflib, in memory)
and :class:`~wsis_graph.store.oxigraph.OxigraphStore` (pyoxigraph, embedded on disk, the default).
Everything downstream (queries, export, stats, the endpoint, the analyses) goes through it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from rdflib import URIRef
from rdflib.term import Node

Quad = tuple[Node, Node, Node, URIRef]
Triple = tuple[Node, Node, Node]


class StoreError(Exception):
    """A store could not be opened, read or written."""


class QueryError(ValueError):
    """A query is malformed or cannot be evaluated; the message says why."""


@dataclass
class QueryResult:
    """The result of a SPARQL query, whatever the backend.

    Attributes:
        kind: ``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE).
        variables: the projected variable names of a SELECT, in order.
        rows: one tuple per solution, aligned with ``variables``; ``None`` for unbound.
        boolean: the answer of an ASK.
        triples: the triples of a CONSTRUCT or DESCRIBE.
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Node | None]]:
        """SELECT rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]

    def column(self, name: str) -> list[Node | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


class Store(ABC):
    """A dataset of named graphs that can be replaced atomically and queried with SPARQL."""

    #: The backend's name in a store URL (``memory``, ``oxigraph``).
    scheme: str = ""
    #: Whether the data outlives the process.
    persistent: bool = False

    @property
    @abstractmethod
    def url(self) -> str:
        """The store URL that reopens this store."""

    @abstractmethod
    def replace(self, quads: Iterable[Quad]) -> int:
        """Replace the whole dataset with ``quads``, atomically: on failure the old data stays.

        Returns:
            The number of quads now in the store.
        """

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> dict[URIRef, int]:
        """Replace some named graphs, all or nothing, and leave every other graph as it is.

        Each graph named in ``graphs`` ends up holding exactly the triples given for it (an empty
        iterable removes the graph). The iterables are consumed one after another in the order of
        the mapping, so a later one may be a generator that depends on what an earlier one yielded
        (a description that states a count, say). If consuming an iterable raises, or the write
        fails, the store is left as it was and the exception propagates. Readers see the dataset
        before the change or after it, never a half-written graph.

        The default runs one SPARQL Update (``DROP SILENT GRAPH`` and ``INSERT DATA`` per graph)
        through :meth:`update`; it holds the whole request in memory, so backends override it
        with a bulk path (Oxigraph loads millions of triples this way; a remote store should use
        the Graph Store Protocol or its bulk loader, keeping the all-or-nothing promise).

        Args:
            graphs: for each graph name, its new triples.

        Returns:
            The number of triples now in each of the graphs.

        Raises:
            StoreError: the store cannot be written.
        """
        sections: list[str] = []
        counts: dict[URIRef, int] = {}
        for name, triples in graphs.items():
            unique = dict.fromkeys(triples)
            counts[name] = len(unique)
            body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in unique)
            sections.append(f"DROP SILENT GRAPH {name.n3()}")
            if body:
                sections.append(f"INSERT DATA {{ GRAPH {name.n3()} {{\n{body}\n}} }}")
        if sections:
            self.update(" ;\n".join(sections))
        return counts

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> int:
        """Replace the triples of one named graph, atomically, leaving every other graph as it is.

        Readers see the graph as it was or as it is now, never half of it; on failure it stays as
        it was. No triples removes the graph. This is :meth:`replace_graphs` for one graph, which
        is what backends implement.

        >>> from wsis_graph.store.memory import MemoryStore
        >>> from rdflib import URIRef, Literal
        >>> store, g = MemoryStore(), URIRef("https://example.org/g")
        >>> store.replace_graph(g, [(URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(1))])
        1

        Returns:
            The number of triples now in the graph.

        Raises:
            StoreError: the store cannot be written.
        """
        return self.replace_graphs({graph_iri: triples})[graph_iri]

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        default_graphs: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query.

        Args:
            sparql: the query text.
            bindings: values for variables, bound by the engine (never pasted into the text).
            default_graphs: the graphs whose merge is the default graph; when neither this nor
                ``named_graphs`` is given, the default graph is the union of all graphs.
            named_graphs: the graphs ``GRAPH`` may range over; all when not given.

        Raises:
            QueryError: the query does not parse or cannot be evaluated.
        """

    def select_values(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        default_graphs: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> list[tuple[str | None, ...]]:
        """The rows of a SELECT as plain strings: the IRI, the literal's lexical form, ``None`` if unbound.

        For bulk reads (a projection of millions of triples) where rdflib terms are not needed and
        would cost more than the query; backends may answer it without making them.

        >>> from wsis_graph.store.memory import MemoryStore
        >>> MemoryStore().select_values("SELECT ?x WHERE { VALUES ?x { <https://example.org/a> 1 } }")
        [('https://example.org/a',), ('1',)]
        """
        result = self.query(sparql, bindings, default_graphs=default_graphs, named_graphs=named_graphs)
        return [tuple(None if v is None else str(v) for v in row) for row in result.rows]

    @abstractmethod
    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        """Every quad, or those of one graph."""

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """The names of the named graphs, sorted."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def count(self, graph: URIRef | None = None) -> int:
        return sum(1 for _ in self.quads(graph))

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update atomically: readers see the dataset before it or after it.

        The caller vets the text first (the engine would follow ``LOAD`` and ``SERVICE`` to the
        network); :mod:`wsis_graph.web.protocol.update` does, and validates the result before calling this.

        Raises:
            QueryError: the update does not parse or fails; nothing was changed.
            StoreError: the store cannot be written (opened read-only, or no update support).
        """
        raise StoreError(f"the {self.scheme or type(self).__name__} store does not support updates")

    def default_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of the unnamed default graph, which :meth:`quads` leaves out.

        Builds never write there; SPARQL updates and the Graph Store Protocol may.
        """
        raise StoreError(f"the {self.scheme or type(self).__name__} store has no default graph access")

    def close(self) -> None:
        """Release the store; the default does nothing."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
