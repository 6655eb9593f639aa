"""The store interface: what the rest of the project may ask of a triple store.

Three backends implement it: :class:`~wsis_graph.store.memory.MemoryStore` (rdflib, in memory),
:class:`~wsis_graph.store.oxigraph.OxigraphStore` (pyoxigraph, embedded on disk, the default) and
:class:`~wsis_graph.store.remote.store.RemoteStore` (any SPARQL 1.1 server, over HTTP).
Everything downstream (queries, export, stats, the endpoint, the analyses) goes through it.

Where a caller must treat backends differently (the query executor, the update pipeline,
``ensure_built``), it asks the store's capabilities, the attributes documented on :class:`Store`
(``in_place_reads``, ``serves_queries``, ``location``, ``revision`` …), never its class: no module
of the package outside :mod:`wsis_graph.store` tests ``isinstance`` on a store class or reads a
store's private attributes (``tests/test_store.py`` checks the first).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from wsis_graph.store.terms import from_ox, to_ox

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

    @classmethod
    def from_pyoxigraph(cls, result) -> "QueryResult":
        """A pyoxigraph query result (solutions, boolean or triples), read in full into rdflib terms.

        >>> QueryResult.from_pyoxigraph(ox.Store().query("ASK { ?s ?p ?o }")).boolean
        False
        """
        if isinstance(result, ox.QueryBoolean):
            return cls(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(from_ox(solution[v]) for v in variables) for solution in result]
            return cls(kind="select", variables=variables, rows=rows)
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return cls(kind="graph", triples=triples)


@dataclass(frozen=True)
class QueryDataset:
    """The dataset a query runs over, as its caller chose it (the protocol's dataset parameters).

    Attributes:
        default_graphs: the graphs whose merge is the default graph.
        named_graphs: the graphs ``GRAPH`` may range over; every named graph when None.

    When neither is given (:attr:`union`), the default graph is the union of all graphs, in the
    backend's way (:attr:`Store.union_default`).
    """

    default_graphs: Sequence[URIRef | str] | None = None
    named_graphs: Sequence[URIRef | str] | None = None

    @property
    def union(self) -> bool:
        """Whether the caller named no dataset (the default graph is then the union of all graphs)."""
        return self.default_graphs is None and self.named_graphs is None


class Store(ABC):
    """A dataset of named graphs that can be replaced atomically and queried with SPARQL.

    Callers that must treat backends differently ask the capabilities below, never the class.
    What the three backends report:

    - memory: not ``persistent``; ``transactions``; ``union_default`` ``"merge"``; a ``revision``
      that changes with every write.
    - oxigraph: ``persistent``, ``in_place_reads`` (its ``location`` is the database directory),
      ``transactions``, ``bulk_load``; ``union_default`` ``"bag"``.
    - remote: ``persistent``, ``serves_queries``, ``bulk_load``; ``union_default`` ``"bag"``
      (an Oxigraph server) or ``"server"``; no ``location``, no ``revision``.
    """

    #: The backend's name in a store URL (``memory``, ``oxigraph``, ``sparql``).
    scheme: str = ""
    #: Whether the data outlives the process.
    persistent: bool = False
    #: Whether this handle refuses writes (:meth:`replace`, :meth:`replace_graphs`, :meth:`update`).
    read_only: bool = False
    #: Whether processes other than this one may open the data in :attr:`location` themselves,
    #: read-only, while this handle writes (the query workers do, rather than being sent a copy;
    #: :mod:`wsis_graph.store.ondisk` is the reader's side of that arrangement).
    in_place_reads: bool = False
    #: Whether the store is a server that evaluates queries itself and streams the answers
    #: (:meth:`open_query`): the endpoint forwards each query to it instead of copying the data
    #: into query workers, and has nothing to load ahead of the first query.
    serves_queries: bool = False
    #: Whether the store itself guarantees that :meth:`update`, :meth:`replace` and
    #: :meth:`replace_graphs` are all-or-nothing, with readers seeing the data before or after,
    #: never between. False where that rests on a server this code cannot check (a remote store;
    #: see :mod:`wsis_graph.store.remote.store` for what it does and where it falls short).
    transactions: bool = True
    #: Whether :meth:`replace` and :meth:`replace_graphs` take data too large to hold in memory
    #: at once (millions of quads), through a bulk loader or in batches.
    bulk_load: bool = False
    #: What the default graph of a query that names no dataset is: ``"merge"``, the RDF merge of
    #: every graph, the unnamed default graph included (a triple held by two graphs matches
    #: once); ``"bag"``, the same union as a bag (such a triple matches twice); ``"server"``,
    #: whatever the remote server makes of it (``union=native`` in a remote store URL).
    union_default: TypingLiteral["merge", "bag", "server"] = "merge"

    @property
    def location(self) -> Path | None:
        """The directory that holds the data on this machine, or None (in memory, on a server).

        Where a store keeps its freshness stamp (:mod:`wsis_graph.freshness`), and what
        :attr:`in_place_reads` lets other processes open.
        """
        return None

    @property
    def revision(self) -> str | None:
        """A token for the version of the data this handle holds now, or None when it cannot tell.

        While the token stays the same the data has not changed, so a copy made under it (the
        N-Quads snapshot a query worker loads) can be used again. None: make a fresh copy each time.
        """
        return None

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

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        default_graphs: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query and read its whole result.

        Args:
            sparql: the query text.
            bindings: values for variables, bound by the engine (never pasted into the text).
            default_graphs: the graphs whose merge is the default graph; when neither this nor
                ``named_graphs`` is given, the default graph is the union of all graphs
                (:attr:`union_default` says how).
            named_graphs: the graphs ``GRAPH`` may range over; all when not given.

        Raises:
            QueryError: the query does not parse or cannot be evaluated.
        """
        return self._query(sparql, bindings, QueryDataset(default_graphs, named_graphs))

    @abstractmethod
    def _query(self, sparql: str, bindings: Mapping[str, Node] | None, dataset: QueryDataset) -> QueryResult:
        """What a backend does for :meth:`query`, with the dataset arguments in one value."""

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
        return self._select_values(sparql, bindings, QueryDataset(default_graphs, named_graphs))

    def _select_values(
        self, sparql: str, bindings: Mapping[str, Node] | None, dataset: QueryDataset
    ) -> list[tuple[str | None, ...]]:
        """What a backend does for :meth:`select_values`; the default reads :meth:`_query`'s rows."""
        result = self._query(sparql, bindings, dataset)
        return [tuple(None if v is None else str(v) for v in row) for row in result.rows]

    def open_query(
        self,
        sparql: str,
        bindings: Mapping[str, Node | None] | None = None,
        *,
        default_graphs: Sequence[URIRef | str] | None = None,
        named_graphs: Sequence[URIRef | str] | None = None,
        base: str | None = None,
        timeout: float | None = None,
    ):
        """Send a query to a store that :attr:`serves_queries`; its answer is read while it is used.

        The answer is a context manager whose ``result`` is the pyoxigraph result, parsed from
        the server's answer as it is iterated: ``QueryBoolean`` (ASK), ``QuerySolutions``
        (SELECT) or an iterator of ``Quad`` (CONSTRUCT, DESCRIBE). Leaving the ``with`` block
        early (a row cap) stops the transfer. The whole answer must arrive within ``timeout``
        seconds (default: the store's own limit).

        Only a remote store serves queries. The others raise :class:`StoreError`: their queries
        run in this process (:meth:`query`) or in query workers that read the data themselves.

        Args:
            sparql: the query text.
            bindings: values for variables (``None`` values are left unbound).
            default_graphs, named_graphs: the dataset, as for :meth:`query`.
            base: the base IRI against which the query's relative IRIs are resolved.
            timeout: seconds the whole answer may take.

        Raises:
            QueryError: the query was refused (the message says why).
            StoreError: the store does not serve queries, or failed.
        """
        return self._open_query(sparql, bindings, QueryDataset(default_graphs, named_graphs), base=base, timeout=timeout)

    def _open_query(
        self, sparql: str, bindings: Mapping[str, Node | None] | None, dataset: QueryDataset, *, base: str | None, timeout: float | None
    ):
        """What a backend that :attr:`serves_queries` does for :meth:`open_query`."""
        raise StoreError(f"the {self._kind} store does not serve queries; run them with query() or in query workers")

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
        raise StoreError(f"the {self._kind} store does not support updates")

    def default_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of the unnamed default graph, which :meth:`quads` leaves out.

        Builds never write there; SPARQL updates and the Graph Store Protocol may.
        """
        raise StoreError(f"the {self._kind} store has no default graph access")

    def nquads(self) -> bytes:
        """Every quad, the triples of the unnamed default graph included, as N-Quads.

        >>> from wsis_graph.store.memory import MemoryStore
        >>> MemoryStore().nquads()
        b''

        Raises:
            StoreError: the store cannot be read, or cannot read its unnamed default graph.
        """
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in self.quads()]
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self.default_triples()]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    @property
    def _kind(self) -> str:
        return self.scheme or type(self).__name__

    def close(self) -> None:
        """Release the store; the default does nothing."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
