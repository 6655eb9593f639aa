"""Embedded on-disk store on pyoxigraph: the default for serving and analysis.

This module is the writer's side of the database directory. Query workers open the same
directory read-only from other processes (``in_place_reads``); their side of it, and what they
do while this writer swaps or compacts the files, is :mod:`wsis_graph.store.ondisk`.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from wsis_graph.sparql.prefixes import syntax_message
from wsis_graph.store.base import Quad, QueryDataset, QueryError, QueryResult, Store, StoreError, Triple
from wsis_graph.store.terms import from_ox, to_ox

T = TypeVar("T")


def _settle(fresh: ox.Store) -> None:
    """Write a bulk-loaded database out and compact it, before it is swapped in.

    The bulk loader leaves many overlapping files behind. A read-write handle compacts them in
    the background, but the query workers open the store read-only and never do: on a store
    left as loaded, an aggregation over a million record triples ran about 1.6 times slower
    (780 against 490 ms) than on the same store compacted. Compacting costs about 0.8 s per
    million quads, once per load.
    """
    fresh.flush()
    fresh.optimize()


class OxigraphStore(Store):
    """A dataset in an Oxigraph database directory.

    Args:
        path: the database directory; created when missing (unless ``read_only``).
        read_only: open without write access, so that several processes can read one store.

    >>> import tempfile, pathlib
    >>> store = OxigraphStore(pathlib.Path(tempfile.mkdtemp()) / "db")
    >>> len(store)
    0
    """

    scheme = "oxigraph"
    persistent = True
    in_place_reads = True
    transactions = True
    bulk_load = True
    union_default = "bag"

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._store = self._open()

    def _open(self) -> ox.Store:
        try:
            if self.read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}")
                return ox.Store.read_only(str(self.path))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    @property
    def url(self) -> str:
        return f"oxigraph:{self.path}"

    @property
    def location(self) -> Path:
        """The database directory."""
        return self.path

    def close(self) -> None:
        """Drop the database handle, which releases RocksDB's lock on the directory."""
        self.__dict__.pop("_store", None)

    def replace(self, quads: Iterable[Quad]) -> int:
        """Load into a fresh database beside the current one, then swap the directories.

        A failure while loading leaves the current database untouched.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        staging = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.new-", dir=self.path.parent))

        def build() -> ox.Store:
            fresh = ox.Store(str(staging))
            fresh.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in quads)
            return fresh

        return self._swap_in_built(staging, build, len)

    @staticmethod
    def _query_options(bindings: Mapping[str, Node] | None, dataset: QueryDataset) -> dict:
        options: dict = {}
        if dataset.union:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(str(g)) for g in dataset.default_graphs or []] or ox.DefaultGraph()
            if dataset.named_graphs is not None:
                options["named_graphs"] = [ox.NamedNode(str(g)) for g in dataset.named_graphs]
        if bindings:
            options["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        return options

    def _query(self, sparql: str, bindings: Mapping[str, Node] | None, dataset: QueryDataset) -> QueryResult:
        options = self._query_options(bindings, dataset)
        try:
            return QueryResult.from_pyoxigraph(self._store.query(sparql, **options))
        except SyntaxError as exc:
            raise QueryError(syntax_message(str(exc))) from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from None

    def _select_values(
        self, sparql: str, bindings: Mapping[str, Node] | None, dataset: QueryDataset
    ) -> list[tuple[str | None, ...]]:
        options = self._query_options(bindings, dataset)
        try:
            result = self._store.query(sparql, **options)
            if not isinstance(result, ox.QuerySolutions):
                raise QueryError("select_values needs a SELECT query")
            # A solution iterates over its values in the order of the projected variables.
            return [tuple(None if t is None else t.value for t in solution) for solution in result]
        except SyntaxError as exc:
            raise QueryError(syntax_message(str(exc))) from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from None

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        pattern_graph = ox.NamedNode(str(graph)) if graph is not None else None
        for quad in self._store.quads_for_pattern(None, None, None, pattern_graph):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), from_ox(quad.graph_name)

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        try:
            self._store.update(sparql)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from None

    #: When the graphs replaced hold at most this many triples, and so do their replacements, the
    #: change runs in place as one SPARQL Update (one transaction, held in memory). Otherwise it is made
    #: in a snapshot of the database with the bulk loader and the snapshot is swapped in. Measured
    #: on two cores at 1M quads: the bulk loader writes ~140k quads/s, a transaction inserts or
    #: deletes ~50k/s and holds them all in memory.
    IN_PLACE_LIMIT = 20_000

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> dict[URIRef, int]:
        """Replace some named graphs, all or nothing (see :meth:`Store.replace_graphs`).

        Small changes run in place as one transaction. Large ones are loaded with the bulk loader
        into a snapshot of the database (a hard-linked backup, or a copy of the other graphs when
        the graphs replaced outweigh them), which is then swapped in like :meth:`replace`: a
        failure leaves the current database untouched. Like :meth:`replace`, this assumes one
        writer at a time.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        names = {graph: ox.NamedNode(str(graph)) for graph in graphs}
        old = {graph: self._graph_size(node) for graph, node in names.items()}
        convert = _converter()
        pending = iter(graphs.items())
        buffered: dict[URIRef, list[Triple]] = {}
        overflow: tuple[URIRef, Iterator[Triple]] | None = None
        if sum(old.values()) <= self.IN_PLACE_LIMIT:
            budget = self.IN_PLACE_LIMIT
            for graph, triples in pending:
                items = buffered[graph] = []
                remaining = iter(triples)
                for triple in remaining:
                    items.append(triple)
                    budget -= 1
                    if budget < 0:
                        overflow = (graph, remaining)
                        break
                if overflow is not None:
                    break
            else:
                return self._replace_in_place(names, buffered, convert)

        def new_quads() -> Iterator[ox.Quad]:
            for graph, items in buffered.items():
                node = names[graph]
                for s, p, o in items:
                    yield ox.Quad(convert(s), convert(p), convert(o), node)
            if overflow is not None:
                node = names[overflow[0]]
                for s, p, o in overflow[1]:
                    yield ox.Quad(convert(s), convert(p), convert(o), node)
            for graph, triples in pending:
                node = names[graph]
                for s, p, o in triples:
                    yield ox.Quad(convert(s), convert(p), convert(o), node)

        return self._replace_in_snapshot(names, old, new_quads())

    def _graph_size(self, node: ox.NamedNode, store: ox.Store | None = None) -> int:
        store = store if store is not None else self._store
        result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")
        return int(list(result)[0][0].value)  # read to the end: the result is freed here, in this thread

    def _replace_in_place(self, names, buffered, convert) -> dict[URIRef, int]:
        sections = []
        for graph, items in buffered.items():
            node = names[graph]
            sections.append(f"DROP SILENT GRAPH {node}")
            if items:
                body = " .\n".join(f"{convert(s)} {convert(p)} {convert(o)}" for s, p, o in items)
                sections.append(f"INSERT DATA {{ GRAPH {node} {{\n{body} .\n}} }}")
        try:
            self._store.update(" ;\n".join(sections))
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise StoreError(f"cannot replace the graphs {', '.join(f'<{g}>' for g in names)}: {exc}") from None
        return {graph: self._graph_size(node) for graph, node in names.items()}

    def _replace_in_snapshot(self, names, old, quads: Iterator[ox.Quad]) -> dict[URIRef, int]:
        self._store.flush()
        staging = self.path.parent / f".{self.path.name}.graphs-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        replaced = set(names.values())

        def build() -> ox.Store:
            removing = sum(old.values())
            # Deleting quads costs about twice what copying them does, so when the graphs being
            # replaced outweigh half of the rest, copy the rest into a fresh database instead.
            if removing and removing * 2 > len(self._store) - removing:
                keep = [ox.DefaultGraph(), *(g for g in self._store.named_graphs() if g not in replaced)]
                fresh = ox.Store(str(staging))
                fresh.bulk_extend(
                    itertools.chain(
                        (q for g in keep for q in self._store.quads_for_pattern(None, None, None, g)),
                        quads,
                    )
                )
                return fresh
            self._store.backup(str(staging))
            fresh = ox.Store(str(staging))
            for graph, node in names.items():
                if old[graph]:
                    fresh.remove_graph(node)
            fresh.bulk_extend(quads)
            return fresh

        def sizes(fresh: ox.Store) -> dict[URIRef, int]:
            return {graph: self._graph_size(node, fresh) for graph, node in names.items()}

        return self._swap_in_built(staging, build, sizes)

    def _swap_in_built(self, staging: Path, build: Callable[[], ox.Store], measure: Callable[[ox.Store], T]) -> T:
        """Fill a database in ``staging`` (``build``), compact it, read ``measure`` of it, then swap it in.

        A failure before the swap removes ``staging`` and leaves the current database untouched.
        """
        try:
            fresh = build()
            _settle(fresh)
            measured = measure(fresh)
            del fresh
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._swap_in(staging)
        return measured

    def _swap_in(self, staging: Path) -> None:
        """Put the database in ``staging`` in place of the current one and reopen it."""
        retired = self.path.parent / f".{self.path.name}.old-{os.getpid()}"
        del self._store
        if self.path.exists():
            os.replace(self.path, retired)
        os.replace(staging, self.path)
        shutil.rmtree(retired, ignore_errors=True)
        self._store = self._open()

    def default_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)

    def nquads(self) -> bytes:
        """Every quad, the unnamed default graph included, as N-Quads (pyoxigraph's own dump)."""
        return self._store.dump(format=ox.RdfFormat.N_QUADS)

    def native(self) -> ox.Store:
        """The underlying pyoxigraph store, for work outside the interface (the W3C conformance runner, tests)."""
        return self._store


def _converter():
    """``to_ox`` with a cache for IRIs, which repeat in bulk data (predicates, classes, codes)."""
    cache: dict[URIRef, ox.NamedNode] = {}

    def convert(term: Node):
        if type(term) is URIRef:
            node = cache.get(term)
            if node is None:
                if len(cache) >= 65_536:
                    cache.clear()
                node = cache[term] = ox.NamedNode(str(term))
            return node
        return to_ox(term)

    return convert
