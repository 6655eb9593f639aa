"""Embedded on-disk store on pyoxigraph: the default for serving and analysis."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from wsis_graph.store.base import Quad, QueryError, QueryResult, Store, StoreError
from wsis_graph.store.terms import from_ox, to_ox


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

    def close(self) -> None:
        """Drop the database handle, which releases RocksDB's lock on the directory."""
        self.__dict__.pop("_store", None)

    def replace(self, quads: Iterable[Quad]) -> int:
        """Load into a fresh database beside the current one, then swap the directories.

        A failure while loading leaves the current database untouched.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        parent = self.path.parent
        staging = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.new-", dir=parent))
        try:
            fresh = ox.Store(str(staging))
            fresh.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in quads)
            fresh.flush()
            count = len(fresh)
            del fresh
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        retired = parent / f".{self.path.name}.old-{os.getpid()}"
        del self._store
        if self.path.exists():
            os.replace(self.path, retired)
        os.replace(staging, self.path)
        shutil.rmtree(retired, ignore_errors=True)
        self._store = self._open()
        return count

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        default_graphs: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        options: dict = {}
        if default_graphs is None and named_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(str(g)) for g in default_graphs or []] or ox.DefaultGraph()
            if named_graphs is not None:
                options["named_graphs"] = [ox.NamedNode(str(g)) for g in named_graphs]
        if bindings:
            options["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            result = self._store.query(sparql, **options)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult(kind="ask", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                rows = [tuple(from_ox(solution[v]) for v in variables) for solution in result]
                return QueryResult(kind="select", variables=variables, rows=rows)
            triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
            return QueryResult(kind="graph", triples=triples)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from None
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
        except SyntaxError as exc:
            raise QueryError(str(exc)) from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from None

    def default_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)

    def native(self) -> ox.Store:
        """The underlying pyoxigraph store, for fast paths (bulk dumps, the endpoint)."""
        return self._store
