"""A remote store: any SPARQL 1.1 Query/Update endpoint with the Graph Store HTTP Protocol.

For datasets that outgrow one machine, the project can sit in front of an existing triple store
(an Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso, Amazon Neptune). Everything goes
through the standard protocols: SPARQL 1.1 Query (results read as SPARQL JSON, graphs as
N-Triples), SPARQL 1.1 Update, and the Graph Store HTTP Protocol for reading one graph.

Store URLs
----------

``sparql+http://HOST:PORT[/PATH]``
    An Oxigraph server (``oxigraph serve``): queries at ``PATH/query``, updates at ``PATH/update``,
    graphs at ``PATH/store``. ``oxigraph+http://…`` is the same.
``fuseki+http://HOST:3030/DATASET``
    Apache Jena Fuseki: ``DATASET/query``, ``DATASET/update``, ``DATASET/data``.
``graphdb+http://HOST:7200/repositories/ID``
    GraphDB (or any RDF4J server): the repository URL for queries, ``…/statements`` for updates,
    ``…/rdf-graphs/service`` for graphs.
``sparql+http://HOST:PORT/PATH?query=Q&update=U&store=S``
    Any other server, with each endpoint named: a path beginning with ``/`` is taken from the
    server's root, any other path is relative to ``PATH`` (``?query=sparql`` is ``PATH/sparql``).
    ``update=`` defaults to the query endpoint. ``store=`` may be left out when the server has no
    Graph Store Protocol; a graph is then read with a query.

``https`` in place of ``http`` (``sparql+https://…``) speaks TLS. More URL parameters:

``union=param|native``
    How the default graph becomes the union of all graphs when a query names no dataset, as it is
    on the embedded stores. ``param`` sends Oxigraph's ``union-default-graph`` parameter (the
    default for Oxigraph URLs; it is left out when the query has ``FROM``, which it would
    override). ``native``: the server does it already (the default for named endpoints and the
    presets): GraphDB, Virtuoso and Neptune do; Fuseki does when the dataset is configured with
    ``tdb2:unionDefaultGraph true`` (without it, queries without ``GRAPH`` see nothing).
``timeout=SECONDS``
    How long a request may take (default 60). The web endpoint passes its own time limit.
``batch=BYTES``
    The largest request :meth:`RemoteStore.replace` sends (default 64M; ``k``, ``M``, ``G``
    suffixes; see there).

Credentials never go in the URL (it is shown in logs and at ``/health``): a URL with
``user:password@`` is refused. They come from the environment: ``WSIS_GRAPH_STORE_USER`` and
``WSIS_GRAPH_STORE_PASSWORD`` (HTTP Basic), or ``WSIS_GRAPH_STORE_TOKEN`` (``Bearer``).

Semantics, and where they differ from the embedded stores
----------------------------------------------------------

- Bindings are sent as a ``VALUES`` block at the start of every group pattern of the query
  (:func:`bind_values`), placed by a tokenizer that skips strings, IRIs and comments, with every
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

import base64
import http.client
import io
import os
import re
import secrets
import socket
import ssl
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from wsis_graph.store.base import Quad, QueryError, QueryResult, Store, StoreError
from wsis_graph.store.terms import from_ox, query_result, to_ox

USER_ENV = "WSIS_GRAPH_STORE_USER"
PASSWORD_ENV = "WSIS_GRAPH_STORE_PASSWORD"
TOKEN_ENV = "WSIS_GRAPH_STORE_TOKEN"

DEFAULT_TIMEOUT = 60.0
DEFAULT_BATCH = 64 * 1024 * 1024
#: Graph names that :meth:`RemoteStore.replace` loads into before it swaps them in.
STAGING_PREFIX = "urn:x-wsis-graph:staging:"
#: A graph that is never written: the default graph of a query whose dataset is empty.
EMPTY_GRAPH = "urn:x-wsis-graph:empty"

_PRESETS = {
    # scheme: (query, update, store, union); paths relative to the URL's path.
    "sparql": ("query", "update", "store", "param"),
    "oxigraph": ("query", "update", "store", "param"),
    "fuseki": ("query", "update", "data", "native"),
    "graphdb": ("", "statements", "rdf-graphs/service", "native"),
}
_URL_SCHEME = re.compile(r"^([a-z][a-z0-9]*)\+(https?)://", re.IGNORECASE)
_OPTIONS = ("query", "update", "store", "union", "timeout", "batch")
_RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, application/sparql-results+xml;q=0.5"
_NOT_STAGING = f'FILTER(!STRSTARTS(STR(?g), "{STAGING_PREFIX}"))'


class RemoteTimeout(StoreError):
    """A request to the remote store ran past its time limit and was abandoned."""


def is_remote_url(url: str) -> bool:
    """Whether ``url`` names a remote store (``NAME+http://`` or ``NAME+https://``).

    >>> is_remote_url("sparql+http://127.0.0.1:7878"), is_remote_url("oxigraph:var/store")
    (True, False)
    """
    return bool(_URL_SCHEME.match(url))


@dataclass(frozen=True)
class Endpoints:
    """Where a remote store answers, read from its URL by :func:`parse_url`."""

    url: str
    tls: bool
    host: str
    port: int
    query: str
    update: str
    store: str | None
    union: str
    timeout: float
    batch: int

    @property
    def origin(self) -> str:
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"


def _size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*", text)
    if not match:
        raise ValueError(text)
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(match.group(1)) * factor


def parse_url(url: str) -> Endpoints:
    """Read a remote store URL (see the module's documentation).

    >>> e = parse_url("fuseki+http://localhost:3030/ds")
    >>> e.query, e.update, e.store, e.union
    ('/ds/query', '/ds/update', '/ds/data', 'native')

    Raises:
        StoreError: the URL is not a remote store URL, or holds credentials or a bad option.
    """
    match = _URL_SCHEME.match(url)
    if not match:
        raise StoreError("not a remote store URL; use sparql+http://HOST:PORT (see wsis_graph.store.remote.store)")
    kind, protocol = match.group(1).lower(), match.group(2).lower()
    parts = urlsplit(url[len(kind) + 1:])
    if "@" in parts.netloc:
        # Checked first, so that no message below shows them.
        raise StoreError(
            "the store URL must not hold credentials (it is shown in logs); "
            f"set {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}, in the environment"
        )
    if kind not in _PRESETS:
        names = ", ".join(f"{name}+http" for name in _PRESETS)
        raise StoreError(f"unknown remote store kind {kind!r} in {url!r}; use one of {names}")
    if parts.fragment:
        raise StoreError(f"the store URL {url!r} has a fragment (#…), which means nothing here")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise StoreError(f"bad port in the store URL {url!r}: {exc}") from None
    if not host:
        raise StoreError(f"the store URL {url!r} names no host")
    port = port or (443 if protocol == "https" else 80)
    options: dict[str, str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name not in _OPTIONS:
            raise StoreError(f"unknown option {name!r} in the store URL {url!r}; known: {', '.join(_OPTIONS)}")
        if name in options:
            raise StoreError(f"the option {name!r} appears twice in the store URL {url!r}")
        options[name] = value
    base = parts.path.rstrip("/")
    explicit = any(name in options for name in ("query", "update", "store"))
    preset_query, preset_update, preset_store, preset_union = _PRESETS[kind]

    def endpoint(name: str, preset: str) -> str:
        value = options.get(name, preset if not explicit or kind != "sparql" else "")
        if "://" in value or value.startswith("//"):
            raise StoreError(f"{name}= in the store URL is a path on the same server, not a URL: {value!r}")
        if value.startswith("/"):
            return value
        return f"{base}/{value}" if value else (base or "/")

    if kind == "sparql" and explicit and "query" not in options:
        raise StoreError(f"the store URL {url!r} names endpoints but no query= endpoint")
    query = endpoint("query", preset_query)
    update = endpoint("update", preset_update) if (not explicit or kind != "sparql" or "update" in options) else query
    store: str | None = endpoint("store", preset_store) if (not explicit or kind != "sparql" or "store" in options) else None
    if store == "" or options.get("store") == "none":
        store = None
    union = options.get("union", "native" if explicit and kind == "sparql" else preset_union)
    if union not in ("param", "native"):
        raise StoreError(f"union= in the store URL is param or native, not {union!r}")
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        if not timeout > 0:
            raise ValueError
    except ValueError:
        raise StoreError(f"timeout= in the store URL is a positive number of seconds, not {options['timeout']!r}") from None
    try:
        batch = _size(options.get("batch", str(DEFAULT_BATCH)))
        if batch < 1024:
            raise ValueError
    except ValueError:
        raise StoreError(f"batch= in the store URL is a size of at least 1024 bytes (like 8M), not {options['batch']!r}") from None
    return Endpoints(
        url=url,
        tls=protocol == "https",
        host=host,
        port=port,
        query=query,
        update=update,
        store=store,
        union=union,
        timeout=timeout,
        batch=batch,
    )


def authorization_from_environment() -> str | None:
    """The ``Authorization`` header the environment asks for, or None.

    Raises:
        StoreError: the variables contradict each other or are incomplete.
    """
    user, password, token = (os.environ.get(name) or None for name in (USER_ENV, PASSWORD_ENV, TOKEN_ENV))
    if token and (user or password):
        raise StoreError(f"set either {TOKEN_ENV} or {USER_ENV}/{PASSWORD_ENV}, not both")
    if token:
        return f"Bearer {token}"
    if password and not user:
        raise StoreError(f"{PASSWORD_ENV} is set but {USER_ENV} is not")
    if user:
        pair = f"{user}:{password or ''}".encode("utf-8")
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


# -- Reading a query's outline -------------------------------------------------------------------

_LEX = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<name>[^\s{}()\[\],;'"<>\#]+)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class _Token:
    kind: str
    text: str
    start: int
    end: int

    def word(self) -> str:
        return self.text.upper() if self.kind == "name" else ""


@dataclass
class Outline:
    """Where the parts of a query are, for placing bindings and choosing the dataset.

    Attributes:
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (None when unreadable).
        has_from: the query names its dataset (``FROM`` or ``FROM NAMED``).
        where: indices (into ``tokens``) of the braces of the ``WHERE`` group, or None.
        template: indices of the braces of a ``CONSTRUCT`` template, or None.
        short_construct: a ``CONSTRUCT WHERE { … }`` without a template.
    """

    tokens: list[_Token]
    form: str | None = None
    form_index: int = -1
    has_from: bool = False
    where: tuple[int, int] | None = None
    template: tuple[int, int] | None = None
    short_construct: bool = False


def _closing(tokens: list[_Token], opening: int) -> int | None:
    depth = 0
    for index in range(opening, len(tokens)):
        text = tokens[index].text if tokens[index].kind == "punct" else ""
        if text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


def outline(sparql: str) -> Outline:
    """The query's form, dataset clause and ``WHERE`` group.

    >>> text = 'PREFIX x: <http://x/> SELECT (EXISTS { ?a ?b "}" } AS ?e) FROM x:g WHERE { ?s ?p ?o }'
    >>> o = outline(text)
    >>> o.form, o.has_from, text[o.tokens[o.where[0]].start:]
    ('SELECT', True, '{ ?s ?p ?o }')
    """
    tokens = [
        _Token(m.lastgroup or "punct", m.group(), m.start(), m.end())
        for m in _LEX.finditer(sparql)
        if m.lastgroup not in ("ws", "comment")
    ]
    result = Outline(tokens)
    i = 0
    while i < len(tokens) and tokens[i].word() in ("BASE", "PREFIX"):
        i += 2 if tokens[i].word() == "BASE" else 3
    if i >= len(tokens) or tokens[i].word() not in _FORMS:
        return result
    result.form, result.form_index = tokens[i].word(), i
    i += 1
    if result.form == "CONSTRUCT":
        if i < len(tokens) and tokens[i].text == "{" and tokens[i].kind == "punct":
            end = _closing(tokens, i)
            if end is None:
                return result
            result.template = (i, end)
            i = end + 1
        else:
            result.short_construct = True
    parens = 0
    for index in range(i, len(tokens)):
        token = tokens[index]
        if token.kind == "punct" and token.text == "(":
            parens += 1
        elif token.kind == "punct" and token.text == ")":
            parens -= 1
        elif token.kind == "punct" and token.text == "{" and parens == 0:
            end = _closing(tokens, index)
            if end is not None:
                result.where = (index, end)
            break
        elif token.word() == "FROM" and parens == 0:
            result.has_from = True
    return result


_ABSOLUTE = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:")


def _has_relative_iri(sparql: str) -> bool:
    """Whether the query holds an IRI that a base would resolve (``<>``, ``<#x>``, ``<a/b>``).

    >>> _has_relative_iri("SELECT * { <#me> ?p ?o }"), _has_relative_iri("SELECT * { <http://x/> ?p '<a>' }")
    (True, False)
    """
    return any(t.kind == "iri" and not _ABSOLUTE.match(t.text) for t in outline(sparql).tokens)


def term_text(term: Node) -> str:
    """A term in N-Triples syntax, written (and so validated and escaped) by pyoxigraph.

    >>> from rdflib import Literal
    >>> term_text(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    """
    try:
        return str(to_ox(term))
    except (TypeError, ValueError) as exc:
        raise QueryError(f"cannot send the term {term!r} to the store: {exc}") from None


def bind_values(sparql: str, bindings: Mapping[str, Node | None]) -> str:
    """The query with ``bindings`` as a ``VALUES`` block opening each of its group patterns.

    A variable given a value is bound at the start of every group (the ``WHERE`` group, nested
    groups, ``OPTIONAL``, ``UNION`` branches, ``GRAPH``, ``EXISTS``, sub-queries), so that a
    ``FILTER`` in an inner group sees it too, as when the embedded engines substitute the value
    before evaluation. The braces of a ``CONSTRUCT`` template and of ``VALUES`` data are left
    alone; a group holding a sub-query gets its values inside the sub-query's own group.

    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("http://x/a")})
    'SELECT ?o WHERE { VALUES (?s) { (<http://x/a>) } ?s ?p ?o }'

    Raises:
        QueryError: a value is a blank node or cannot be written, a name is not a variable name,
            or the query has no ``WHERE`` group to take them.
    """
    pairs = [(name, value) for name, value in bindings.items() if value is not None]
    if not pairs:
        return sparql
    names, values = [], []
    for name, value in pairs:
        try:
            ox.Variable(name)
        except ValueError:
            raise QueryError(f"{name!r} is not a SPARQL variable name") from None
        if isinstance(value, BNode):
            raise QueryError(f"?{name} is bound to a blank node, which a remote store cannot be sent")
        names.append(f"?{name}")
        values.append(term_text(value))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"
    shape = outline(sparql)
    if shape.where is None:
        raise QueryError("the query has no WHERE group to bind values in")
    tokens = shape.tokens
    skip: set[int] = set()  # indices of opening braces that do not open a group pattern
    if shape.template is not None:
        skip.update(range(shape.template[0], shape.template[1] + 1))
    for index, token in enumerate(tokens):
        if token.word() != "VALUES":
            continue
        j = index + 1
        if j < len(tokens) and tokens[j].text == "(":
            while j < len(tokens) and tokens[j].text != ")":
                j += 1
        j += 1
        if j < len(tokens) and tokens[j].text == "{":
            end = _closing(tokens, j)
            skip.update(range(j, (end if end is not None else len(tokens) - 1) + 1))
    edits: list[tuple[int, str]] = []  # (position, text to insert), applied right to left
    for index in range(shape.where[0], len(tokens)):
        token = tokens[index]
        if token.kind != "punct" or token.text != "{" or index in skip:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.word() == "SELECT":
            continue  # a sub-select must be alone in its group; its own WHERE group gets the values
        edits.append((token.end, block))
    if shape.short_construct:
        # CONSTRUCT WHERE { T } takes only triples; give it T as an explicit template.
        opening, closing = tokens[shape.where[0]], tokens[shape.where[1]]
        edits.append((tokens[shape.form_index].end, " " + sparql[opening.start:closing.end]))
    text = sparql
    for position, insert in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:position] + insert + text[position:]
    return text


# -- HTTP ----------------------------------------------------------------------------------------


@dataclass
class _Reply:
    status: int
    content_type: str
    body: bytes


class _Http:
    """HTTP connections to one server, kept alive in a small pool shared by every thread."""

    #: Idle connections kept for reuse; more are closed when they come back.
    POOL = 16

    def __init__(self, endpoints: Endpoints, authorization: str | None) -> None:
        self.endpoints = endpoints
        self.authorization = authorization
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context() if endpoints.tls else None

    def _take(self, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        e = self.endpoints
        if e.tls:
            return http.client.HTTPSConnection(e.host, e.port, timeout=timeout, context=self._ssl), False
        return http.client.HTTPConnection(e.host, e.port, timeout=timeout), False

    def give_back(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._idle) < self.POOL:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def __del__(self) -> None:
        self.close()

    def headers(self, extra: Mapping[str, str]) -> dict[str, str]:
        headers = {"User-Agent": "wsis-graph"}
        if self.authorization:
            headers["Authorization"] = self.authorization
        headers.update(extra)
        return headers

    def timed_out(self, target: str, timeout: float) -> RemoteTimeout:
        return RemoteTimeout(f"the SPARQL store at {self.endpoints.origin}{_path(target)} did not answer within {timeout:g} s")

    def open(
        self,
        method: str,
        target: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float,
        deadline: bool = True,
        retry: bool = True,
    ) -> "_Answer":
        """Send a request and return its answer, to be read and closed.

        With ``deadline`` the whole answer must arrive within ``timeout`` seconds; without it,
        each read may wait that long (a long dump).

        A kept-alive connection that the server closed meanwhile is retried once on a new one
        (only while sending, unless ``retry``: then the server had not received the request).

        Raises:
            RemoteTimeout: the time was up.
            StoreError: the server cannot be reached or broke the connection.
        """
        end = time.monotonic() + timeout
        all_headers = self.headers(headers or {})
        for attempt in (0, 1):
            conn, reused = self._take(timeout)
            sending = True
            try:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                conn.timeout = remaining
                if conn.sock is not None:
                    conn.sock.settimeout(remaining)
                conn.request(method, target, body=body, headers=all_headers)
                sending = False
                response = conn.getresponse()
            except (TimeoutError, socket.timeout):
                conn.close()
                raise self.timed_out(target, timeout) from None
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                conn.close()
                if reused and attempt == 0 and (retry or sending):
                    continue
                raise StoreError(f"the SPARQL store at {self.endpoints.origin}{_path(target)} closed the connection ({_reason(exc)})") from None
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise StoreError(f"cannot reach the SPARQL store at {self.endpoints.origin}{_path(target)}: {_reason(exc)}") from None
            return _Answer(self, conn, response, target, timeout, end if deadline else None)
        raise AssertionError("unreachable")  # pragma: no cover


class _Answer(io.RawIOBase):
    """The body of an answer as a binary stream, read under the request's time limit.

    Closing it returns the connection to the pool when the body was read to its end, and closes
    the connection otherwise (the server then stops sending). A read past the time limit raises
    :class:`RemoteTimeout`.
    """

    def __init__(self, pool: _Http, conn, response: http.client.HTTPResponse, target: str, timeout: float, deadline: float | None) -> None:
        super().__init__()
        self._pool = pool
        self._conn = conn
        self._response = response
        self._target = target
        self._timeout = timeout
        self._deadline = deadline
        self.status = response.status
        self.content_type = response.getheader("Content-Type", "") or ""
        self.complete = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.complete:
            return 0
        if self._deadline is not None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise self._pool.timed_out(self._target, self._timeout)
            if self._conn.sock is not None:
                self._conn.sock.settimeout(remaining)
        try:
            data = self._response.read1(len(buffer))
        except (TimeoutError, socket.timeout):
            raise self._pool.timed_out(self._target, self._timeout) from None
        except (OSError, http.client.HTTPException) as exc:
            where = f"{self._pool.endpoints.origin}{_path(self._target)}"
            raise StoreError(f"the SPARQL store at {where} broke off its answer ({_reason(exc)})") from None
        if not data:
            self.complete = True
            return 0
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := super().read(1 << 16):
                chunks.append(chunk)
            return b"".join(chunks)
        return super().read(size)

    def close(self) -> None:
        if self.closed:
            return
        super().close()
        self._response.close()
        if self.complete and not self._response.will_close:
            self._pool.give_back(self._conn)  # read to the end: the connection can take the next request
        else:
            self._conn.close()


def _path(target: str) -> str:
    return target.split("?", 1)[0]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror or exc})"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text


def _server_message(reply: _Reply, limit: int = 1000) -> str:
    text = reply.body.decode("utf-8", errors="replace")
    if "html" in reply.content_type.lower():
        text = re.sub(r"(?s)<(script|style).*?</\1>|<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- The store -----------------------------------------------------------------------------------


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

    def __init__(self, url: str, *, read_only: bool = False, authorization: str | None = None) -> None:
        self.endpoints = parse_url(url)
        self.read_only = read_only
        self._http = _Http(self.endpoints, authorization if authorization is not None else authorization_from_environment())

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

    def _fail(self, reply: _Reply, path: str) -> None:
        """Raise the error a failed reply means; return for a success."""
        if reply.status < 300:
            return
        where = f"{self.endpoints.origin}{path}"
        message = _server_message(reply)
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

    def _dataset_params(
        self,
        sparql: str,
        default_graphs: Sequence[URIRef | str] | None,
        named_graphs: Sequence[URIRef | str] | None,
    ) -> list[tuple[str, str]]:
        """The protocol's dataset parameters for a query (see :meth:`Store.query`)."""
        if default_graphs is None and named_graphs is None:
            if self.endpoints.union == "param" and not outline(sparql).has_from:
                return [("union-default-graph", "")]
            return []
        if named_graphs is None:
            named_graphs = self.graphs()  # the interface's default: every named graph
        defaults = [str(g) for g in default_graphs or []]
        named = [str(g) for g in named_graphs]
        if not defaults and not named:
            defaults = [EMPTY_GRAPH]  # no parameter at all would mean the server's own dataset
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _post(self, path: str, text: str, params: Sequence[tuple[str, str]], *, media: str, accept: str | None, timeout: float, deadline: bool = True, retry: bool = True) -> _Answer:
        """POST ``text`` to ``path``; a failure status raises (see :meth:`_fail`)."""
        headers = {"Content-Type": f"{media}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        answer = self._http.open(
            "POST", self._target(path, params), body=text.encode("utf-8"), headers=headers, timeout=timeout, deadline=deadline, retry=retry
        )
        if answer.status >= 300:
            try:
                reply = _Reply(answer.status, answer.content_type, answer.read())
            finally:
                answer.close()
            self._fail(reply, path)
        return answer

    def open_query(
        self,
        sparql: str,
        bindings: Mapping[str, Node | None] | None = None,
        *,
        default_graphs: Sequence[URIRef | str] | None = None,
        named_graphs: Sequence[URIRef | str] | None = None,
        base: str | None = None,
        timeout: float | None = None,
    ) -> "RemoteAnswer":
        """Send a query; its result is read from the connection while it is used.

        Use it in a ``with`` block: leaving it early (a row cap) closes the connection, so that
        the server stops sending. The whole answer must arrive within ``timeout`` seconds
        (default: the URL's ``timeout``); a read past it raises :class:`RemoteTimeout`.

        Raises:
            QueryError: the server refused the query (its message says why).
            RemoteTimeout: no answer within ``timeout``.
            StoreError: the server is unreachable or failed.
        """
        if bindings:
            sparql = bind_values(sparql, bindings)
        params = self._dataset_params(sparql, default_graphs, named_graphs)
        if base and _has_relative_iri(sparql):
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

    def execute(
        self,
        sparql: str,
        bindings: Mapping[str, Node | None] | None = None,
        *,
        default_graphs: Sequence[URIRef | str] | None = None,
        named_graphs: Sequence[URIRef | str] | None = None,
        base: str | None = None,
        timeout: float | None = None,
    ):
        """Run a query and return its whole result as pyoxigraph objects, as an embedded store does.

        Returns:
            ``QueryBoolean`` (ASK), ``QuerySolutions`` (SELECT) or an iterator of ``Quad`` in the
            default graph (CONSTRUCT, DESCRIBE), read from the server's complete answer.

        Raises:
            QueryError: the server refused the query, or its answer cannot be read.
            RemoteTimeout: no complete answer within ``timeout`` (default: the URL's).
            StoreError: the server is unreachable or failed.
        """
        with self.open_query(
            sparql, bindings, default_graphs=default_graphs, named_graphs=named_graphs, base=base, timeout=timeout
        ) as answer:
            body = answer.stream.read()
            media, where = answer.media, answer.where
        return _parse_body(body, media, where)

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        default_graphs: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        result = self.execute(sparql, bindings, default_graphs=default_graphs, named_graphs=named_graphs)
        where = f"{self.endpoints.origin}{self.endpoints.query}"
        try:
            return query_result(result)
        except SyntaxError as exc:
            traceback.clear_frames(exc.__traceback__)  # drop pyoxigraph's results on this thread
            raise QueryError(f"the answer of {where} could not be read: {exc}") from None

    def _select(self, sparql: str) -> list[tuple]:
        """Rows of a query over the server's own dataset (no dataset parameters), as pyoxigraph terms.

        Without the union parameter an Oxigraph server's default graph is its unnamed graph.
        """
        path = self.endpoints.query
        answer = self._post(path, sparql, (), media="application/sparql-query", accept="application/sparql-results+json", timeout=self.endpoints.timeout)
        with RemoteAnswer(answer, f"{self.endpoints.origin}{path}") as reading:
            body = reading.stream.read()
        result = _parse_body(body, reading.media, reading.where)
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
                self._fail(_Reply(answer.status, answer.content_type, answer.read()), path)
            fmt = _rdf_format(answer.content_type) or ox.RdfFormat.N_TRIPLES
            try:
                for quad in ox.parse(answer, format=fmt):
                    yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)
            except SyntaxError as exc:
                raise StoreError(f"the graph sent by {self.endpoints.origin}{path} could not be read: {exc}") from None

    # -- Writing ---------------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only")
        self._update(sparql, timeout=self.endpoints.timeout)

    def _update(self, sparql: str, *, timeout: float) -> None:
        answer = self._post(self.endpoints.update, sparql, (), media="application/sparql-update", accept=None, timeout=timeout, retry=False)
        with answer:
            answer.read()

    def replace(self, quads: Iterable[Quad]) -> int:
        """Replace the whole dataset; see the module's documentation for how it stays atomic.

        The time limit of each request grows with its size (the URL's ``timeout`` per 8 MiB).
        """
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only")
        loader = _Loader(self)
        try:
            for s, p, o, g in quads:
                loader.add(s, p, o, g)
            loader.finish()
        except BaseException:
            loader.abandon()
            raise
        return len(self)

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> dict[URIRef, int]:
        """Replace some named graphs, all or nothing, leaving the others as they are.

        The same requests as :meth:`replace`: one request (``DROP SILENT GRAPH`` and ``INSERT
        DATA``) when the new graphs fit in ``batch`` bytes, otherwise staging graphs and one
        request that moves them in place. An empty iterable removes its graph. The iterables are
        read in order, so a later one may depend on what an earlier one yielded.
        """
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only")
        loader = _Loader(self)
        names = [URIRef(name) for name in graphs]
        try:
            for name, triples in graphs.items():
                name = URIRef(name)
                for s, p, o in triples:
                    loader.add(s, p, o, name)
            loader.finish(targets=names)
        except BaseException:
            loader.abandon()
            raise
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

    def __init__(self, stream: _Answer, where: str) -> None:
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


class _Loader:
    """The state of one :meth:`RemoteStore.replace`: batches, and staging graphs once needed."""

    OVERHEAD = 32  # bytes of GRAPH … { } around a graph's lines in a request

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self.limit = store.endpoints.batch
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
        return self.store.endpoints.timeout * (1 + size / (8 * 1024 * 1024))

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
        self.store._update(text, timeout=self._timeout(len(text)))

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
                self.store._update(text, timeout=self._timeout(len(text)))
            return
        if self.batch:
            self._stage(self.batch)
        if self.blank:
            self._stage(self.blank)
        if targets is None:
            own = {name[1:-1] for name in self.staging.values()}
            drops = [term_text(URIRef(g)) for g in self.store._all_graphs() if g not in own]
        steps = [f"DROP SILENT GRAPH {g}" for g in drops if g not in self.staging]
        if targets is None and self.store.endpoints.union == "param":
            steps.append("DROP SILENT DEFAULT")
        steps += [f"MOVE GRAPH {stage} TO GRAPH {graph}" for graph, stage in self.staging.items()]
        self.store._update(" ;\n".join(steps), timeout=self._timeout(self.size * 4 + self.limit))
        self.staging = None

    def abandon(self) -> None:
        """Drop the staging graphs of a replace that failed (best effort: the error comes first)."""
        if not self.staging:
            return
        drops = " ;\n".join(f"DROP SILENT GRAPH {stage}" for stage in self.staging.values())
        try:
            self.store._update(drops, timeout=self.store.endpoints.timeout)
        except StoreError:
            pass
        self.staging = None
