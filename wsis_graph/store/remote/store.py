"""A remote store: any SPARQL 1.1 Query/Update endpoint with the Graph Store HTTP Protocol.

For datasets that outgrow one machine, the project can sit in front of an existing triple store
(an Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso, Amazon Neptune). Everything goes
through the standard protocols: SPARQL 1.1 Query (results read as SPARQL JSON, graphs as
N-Triples), SPARQL 1.1 Update, and the Graph Store HTTP Protocol for reading one graph.

The URL grammar and the credentials are in :mod:`wsis_graph.store.remote.urls`, the HTTP client
in :mod:`wsis_graph.store.remote.http`, the bulk loader behind :meth:`RemoteStore.replace` in
:mod:`wsis_graph.store.remote.loader`; values are bound into a query's text by
:func:`wsis_graph.store.remote.bind.bind_values`.

Semantics, and where they differ from the embedded stores
----------------------------------------------------------

- Bindings are sent as a ``VALUES`` block at the start of every group pattern of the query
  (:func:`~wsis_graph.store.remote.bind.bind_values`), placed by the one SPARQL tokenizer
  (:mod:`wsis_graph.sparql.lexer`), which skips strings, IRIs and comments, with every
  term written by pyoxigraph in N-Triples syntax (which validates IRIs and escapes literals): a
  value is never pasted into the query as text. A blank node cannot be bound (a remote store's
  blank node labels are not stable).
- The union default graph of an Oxigraph server is a bag, as in the embedded Oxigraph store: a
  triple held by two graphs matches twice.
- :meth:`RemoteStore.replace` is atomic from a reader's point of view when the dataset fits in
  one request of ``batch`` bytes: one SPARQL Update request, ``DROP ALL`` then ``INSERT DATA``.
  SPARQL 1.1 Update (section 2.2) asks a service to apply a request atomically, and the Oxigraph
  server applies it in one transaction (measured: a reader polling during a 300,000-triple
  replace saw only the old count, then the new one; ``tests/test_store.py`` checks the same
  with 30,000). A larger dataset is loaded in requests of at
  most ``batch`` bytes into staging graphs (``urn:x-wsis-graph:staging:…``), then one request
  drops the old graphs and moves the staging graphs to their names. Readers see the old data or
  the new data, but while the staging graphs load, a query over the union default graph also
  sees them (``graphs()``, ``quads()`` and ``len()`` leave them out). Quads with blank nodes go
  in one request together, so that a blank node stays one node.
- ``len()`` counts the quads of the named graphs plus, on an Oxigraph server, the triples of the
  unnamed default graph (as the embedded Oxigraph store does); on a ``native`` union server the
  unnamed default graph cannot be told apart, so only named graphs count.
- A query's time limit is a client-side limit: the request is abandoned when it passes, but the
  server may go on working. Set the server's own limit as well (``oxigraph serve --timeout-s``,
  Fuseki's ``arq:queryTimeout``, GraphDB's query timeout).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from wsis_graph.store.remote.bind import bind_values, has_relative_iri, outline, term_text
from wsis_graph.store.base import Quad, QueryDataset, QueryError, QueryResult, Store, StoreError
from wsis_graph.store.remote.http import Answer, HttpPool, RemoteTimeout, Reply, server_message
from wsis_graph.store.remote.loader import STAGING_PREFIX, StagedLoader
from wsis_graph.store.remote.urls import PASSWORD_ENV, TOKEN_ENV, USER_ENV, authorization_from_environment, parse_url
from wsis_graph.store.terms import from_ox

#: A graph that is never written: the default graph of a query whose dataset is empty.
EMPTY_GRAPH = "urn:x-wsis-graph:empty"
_RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, application/sparql-results+xml;q=0.5"
_NOT_STAGING = f'FILTER(!STRSTARTS(STR(?g), "{STAGING_PREFIX}"))'


class RemoteStore(Store):
    """A dataset held by a SPARQL 1.1 server.

    Args:
        url: the store URL (see the module's documentation).
        read_only: refuse :meth:`replace` and :meth:`update` from this handle (several web workers
            reading the store).
        authorization: the ``Authorization`` header; read from the environment when not given.

    Nothing is sent until the first operation; :meth:`check` asks the server at once.
    """

    scheme = "sparql"
    persistent = True
    serves_queries = True
    transactions = False  # each request is atomic on the server; a staged load spans several
    bulk_load = True

    def __init__(self, url: str, *, read_only: bool = False, authorization: str | None = None) -> None:
        self.endpoints = parse_url(url)
        self.read_only = read_only
        #: ``union=param``: an Oxigraph server's union, a bag; ``native``: the server's own.
        self.union_default = "bag" if self.endpoints.union == "param" else "server"
        self._http = HttpPool(self.endpoints, authorization if authorization is not None else authorization_from_environment())

    @property
    def url(self) -> str:
        return self.endpoints.url

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    def close(self) -> None:
        self._http.close()

    # -- Requests --------------------------------------------------------------------------------

    def _target(self, path: str, params: Sequence[tuple[str, str]] = ()) -> str:
        target = quote(path, safe="/:@!$&'()*+,;=-._~%")
        return f"{target}?{urlencode(params)}" if params else target

    def _fail(self, reply: Reply, path: str) -> None:
        """Raise the error a failed reply means; return for a success."""
        if reply.status < 300:
            return
        where = f"{self.endpoints.origin}{path}"
        message = server_message(reply)
        if reply.status == 400:
            raise QueryError(message or f"the SPARQL store at {where} refused the request (HTTP 400)")
        if reply.status in (401, 403):
            hint = (
                " with the credentials from the environment"
                if self._http.authorization
                else f"; set {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}"
            )
            raise StoreError(f"the SPARQL store at {where} refused access (HTTP {reply.status}){hint}")
        if reply.status == 404:
            raise StoreError(f"nothing answers at {where} (HTTP 404); check the endpoints of the store URL")
        if reply.status == 413:
            raise StoreError(f"the SPARQL store at {where} refused a request as too large (HTTP 413); lower batch= in the store URL")
        raise StoreError(f"the SPARQL store at {where} answered HTTP {reply.status}: {message}")

    def check(self) -> None:
        """Ask the query endpoint a trivial question.

        Raises:
            StoreError: the server cannot be reached, refuses access, or is not a SPARQL endpoint.
        """
        try:
            result = self.execute("ASK {}")
        except QueryError as exc:
            raise StoreError(f"{self.endpoints.origin}{self.endpoints.query} is not a working SPARQL endpoint: {exc}") from None
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError(f"{self.endpoints.origin}{self.endpoints.query} answered ASK with something other than a boolean")

    def _dataset_params(self, sparql: str, dataset: QueryDataset) -> list[tuple[str, str]]:
        """The protocol's dataset parameters for a query (see :meth:`Store.query`)."""
        if dataset.union:
            if self.endpoints.union == "param" and not outline(sparql).has_from:
                return [("union-default-graph", "")]
            return []
        named_graphs = dataset.named_graphs
        if named_graphs is None:
            named_graphs = self.graphs()  # the interface's default: every named graph
        defaults = [str(g) for g in dataset.default_graphs or []]
        named = [str(g) for g in named_graphs]
        if not defaults and not named:
            defaults = [EMPTY_GRAPH]  # no parameter at all would mean the server's own dataset
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _post(self, path: str, text: str, params: Sequence[tuple[str, str]], *, media: str, accept: str | None, timeout: float, deadline: bool = True, retry: bool = True) -> Answer:
        """POST ``text`` to ``path``; a failure status raises (see :meth:`_fail`)."""
        headers = {"Content-Type": f"{media}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        answer = self._http.open(
            "POST", self._target(path, params), body=text.encode("utf-8"), headers=headers, timeout=timeout, deadline=deadline, retry=retry
        )
        if answer.status >= 300:
            try:
                reply = Reply(answer.status, answer.content_type, answer.read())
            finally:
                answer.close()
            self._fail(reply, path)
        return answer

    def _open_query(
        self, sparql: str, bindings: Mapping[str, Node | None] | None, dataset: QueryDataset, *, base: str | None, timeout: float | None
    ) -> "RemoteAnswer":
        """Send a query (see :meth:`Store.open_query`); its result is read from the connection while it is used.

        Leaving the ``with`` block early closes the connection, so that the server stops sending.
        A read past ``timeout`` (default: the URL's ``timeout``) raises :class:`RemoteTimeout`.
        """
        if bindings:
            sparql = bind_values(sparql, bindings)
        params = self._dataset_params(sparql, dataset)
        if base and has_relative_iri(sparql):
            # Only then: a BASE in front shifts the columns of line 1 in the server's messages.
            try:
                ox.NamedNode(base)
            except ValueError:
                raise QueryError(f"the base IRI {base!r} is not an IRI") from None
            sparql = f"BASE <{base}> {sparql}"
        answer = self._post(
            self.endpoints.query, sparql, params, media="application/sparql-query", accept=_RESULTS_ACCEPT, timeout=timeout or self.endpoints.timeout
        )
        return RemoteAnswer(answer, f"{self.endpoints.origin}{self.endpoints.query}")

    def execute(self, sparql: str, bindings: Mapping[str, Node | None] | None = None, **options):
        """Run a query (``options`` as for :meth:`open_query`) and return its whole result as
        pyoxigraph objects, as an embedded store does.

        Returns:
            ``QueryBoolean`` (ASK), ``QuerySolutions`` (SELECT) or an iterator of ``Quad`` in the
            default graph (CONSTRUCT, DESCRIBE), read from the server's complete answer.

        Raises:
            QueryError: the server refused the query, or its answer cannot be read.
            RemoteTimeout: no complete answer within ``timeout`` (default: the URL's).
            StoreError: the server is unreachable or failed.
        """
        with self.open_query(sparql, bindings, **options) as answer:
            return answer.whole()

    def _query(self, sparql: str, bindings: Mapping[str, Node] | None, dataset: QueryDataset) -> QueryResult:
        with self._open_query(sparql, bindings, dataset, base=None, timeout=None) as answer:
            result = answer.whole()
        try:
            return QueryResult.from_pyoxigraph(result)
        except SyntaxError as exc:
            traceback.clear_frames(exc.__traceback__)  # drop pyoxigraph's results on this thread
            raise QueryError(f"the answer of {answer.where} could not be read: {exc}") from None

    def _select(self, sparql: str) -> list[tuple]:
        """Rows of a query over the server's own dataset (no dataset parameters), as pyoxigraph terms.

        Without the union parameter an Oxigraph server's default graph is its unnamed graph.
        """
        path = self.endpoints.query
        answer = self._post(path, sparql, (), media="application/sparql-query", accept="application/sparql-results+json", timeout=self.endpoints.timeout)
        with RemoteAnswer(answer, f"{self.endpoints.origin}{path}") as reading:
            result = reading.whole()
        try:
            return [tuple(solution) for solution in result]
        except SyntaxError as exc:
            traceback.clear_frames(exc.__traceback__)  # drop pyoxigraph's results on this thread
            raise StoreError(f"the answer of {self.endpoints.origin}{path} could not be read: {exc}") from None

    def _all_graphs(self) -> list[str]:
        return [row[0].value for row in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }") if isinstance(row[0], ox.NamedNode)]

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g) for g in self._all_graphs() if not g.startswith(STAGING_PREFIX))

    def __len__(self) -> int:
        named = f"{{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_STAGING} }}"
        if self.endpoints.union == "param":
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ {named} UNION {{ ?s ?p ?o }} }}"
        else:
            text = f"SELECT (COUNT(*) AS ?n) WHERE {named}"
        return _count(self._select(text))

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return len(self)
        return _count(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term_text(URIRef(graph))} {{ ?s ?p ?o }} }}"))

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        """Every quad (read as it arrives, with one query), or those of one graph."""
        if graph is not None:
            for s, p, o in self._graph_triples(URIRef(graph)):
                yield s, p, o, URIRef(graph)
            return
        path = self.endpoints.query
        text = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_STAGING} }}"
        answer = self._post(path, text, (), media="application/sparql-query", accept="application/sparql-results+json", timeout=self.endpoints.timeout, deadline=False)
        with answer:
            try:
                for solution in ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON):
                    s, p, o, g = (from_ox(t) for t in solution)
                    yield s, p, o, g
            except SyntaxError as exc:
                raise StoreError(f"the quads sent by {self.endpoints.origin}{path} could not be read: {exc}") from None

    def default_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        yield from self._graph_triples(None)

    def _graph_triples(self, graph: URIRef | None) -> Iterator[tuple[Node, Node, Node]]:
        """One graph's triples (``None``: the unnamed default graph), by the Graph Store Protocol
        (or by a query when the URL names no store endpoint)."""
        if self.endpoints.store is None:
            if graph is None and self.endpoints.union != "param":
                raise StoreError(f"the store {self.url} names no Graph Store endpoint to read its unnamed default graph from")
            pattern = f"GRAPH {term_text(graph)} {{ ?s ?p ?o }}" if graph is not None else "?s ?p ?o"
            for row in self._select(f"SELECT ?s ?p ?o WHERE {{ {pattern} }}"):
                yield tuple(from_ox(t) for t in row)
            return
        path = self.endpoints.store
        selector = "default" if graph is None else f"graph={quote(str(graph), safe='')}"
        answer = self._http.open(
            "GET", f"{self._target(path)}?{selector}", headers={"Accept": "application/n-triples"}, timeout=self.endpoints.timeout, deadline=False
        )
        with answer:
            if answer.status == 404:
                return  # no such graph: an empty one
            if answer.status >= 300:
                self._fail(Reply(answer.status, answer.content_type, answer.read()), path)
            fmt = _rdf_format(answer.content_type) or ox.RdfFormat.N_TRIPLES
            try:
                for quad in ox.parse(answer, format=fmt):
                    yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)
            except SyntaxError as exc:
                raise StoreError(f"the graph sent by {self.endpoints.origin}{path} could not be read: {exc}") from None

    # -- Writing ---------------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._writable()
        self._send_update(sparql, self.endpoints.timeout)

    def _send_update(self, sparql: str, timeout: float) -> None:
        answer = self._post(self.endpoints.update, sparql, (), media="application/sparql-update", accept=None, timeout=timeout, retry=False)
        with answer:
            answer.read()

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only")

    def _loader(self) -> StagedLoader:
        self._writable()
        return StagedLoader(self.endpoints, self._send_update, self._all_graphs)

    def replace(self, quads: Iterable[Quad]) -> int:
        """Replace the whole dataset; see the module's documentation for how it stays atomic.

        The time limit of each request grows with its size (the URL's ``timeout`` per 8 MiB).
        """
        self._loader().load(quads)
        return len(self)

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> dict[URIRef, int]:
        """Replace some named graphs, all or nothing, leaving the others as they are.

        The same requests as :meth:`replace`: one request (``DROP SILENT GRAPH`` and ``INSERT
        DATA``) when the new graphs fit in ``batch`` bytes, otherwise staging graphs and one
        request that moves them in place. An empty iterable removes its graph. The iterables are
        read in order, so a later one may depend on what an earlier one yielded.
        """
        loader = self._loader()
        names = [URIRef(name) for name in graphs]
        quads = ((s, p, o, URIRef(name)) for name, triples in graphs.items() for s, p, o in triples)
        loader.load(quads, targets=names)
        return {name: self.count(name) for name in names}


def _count(rows: list[tuple]) -> int:
    if not rows or rows[0][0] is None:
        return 0
    return int(rows[0][0].value)


def _rdf_format(content_type: str):
    media = content_type.split(";", 1)[0].strip().lower()
    if not media:
        return None
    try:
        return ox.RdfFormat.from_media_type(media)
    except ValueError:
        return None


class RemoteAnswer:
    """A query's answer while it is read: ``result`` is parsed from the connection as it is used."""

    def __init__(self, stream: Answer, where: str) -> None:
        self.stream = stream
        self.where = where
        self.media = stream.content_type.split(";", 1)[0].strip().lower()
        self._result = None

    @property
    def result(self):
        """``QueryBoolean``, ``QuerySolutions`` or an iterator of ``Quad`` (CONSTRUCT, DESCRIBE).

        Reading it may raise :class:`RemoteTimeout`, :class:`StoreError`, or ``SyntaxError``
        when the answer is not what its media type says (a server that failed half-way).
        """
        if self._result is None:
            self._result = _parse_body(self.stream, self.media, self.where)
        return self._result

    def whole(self):
        """The result parsed from the whole answer, read now (so the connection can be reused).

        Raises:
            QueryError: the answer cannot be read as what its media type says.
        """
        return _parse_body(self.stream.read(), self.media, self.where)

    def close(self) -> None:
        self._result = None  # pyoxigraph's results may only be dropped on the thread that made them
        self.stream.close()

    def __enter__(self) -> "RemoteAnswer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parse_body(body, media: str, where: str):
    """Parse an answer (bytes, or a stream read lazily) by its media type."""
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
    except ValueError:
        results_format = None
    try:
        if results_format is not None:
            return ox.parse_query_results(body, format=results_format)
        rdf_format = _rdf_format(media)
        if rdf_format is not None:
            return ox.parse(body, format=rdf_format)
    except SyntaxError as exc:
        tail = body[-300:].decode("utf-8", errors="replace").strip() if isinstance(body, bytes) else ""
        raise QueryError(f"the answer of {where} could not be read ({exc})" + (f"; it ends with: {tail}" if tail else "")) from None
    raise StoreError(f"{where} answered with {media or 'no media type'}, which is neither query results nor RDF")

