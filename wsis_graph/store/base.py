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
        network); :mod:`wsis_graph.web.update` does, and validates the result before calling this.

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
