"""Remote store URLs: their grammar, the presets per kind of server, and the credentials.

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
    The largest request a replace sends (default 64M; ``k``, ``M``, ``G`` suffixes; see
    :mod:`wsis_graph.store.remote.loader`).

Credentials never go in the URL (it is shown in logs and at ``/health``): a URL with
``user:password@`` is refused. They come from the environment: ``WSIS_GRAPH_STORE_USER`` and
``WSIS_GRAPH_STORE_PASSWORD`` (HTTP Basic), or ``WSIS_GRAPH_STORE_TOKEN`` (``Bearer``).
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from wsis_graph.store.base import StoreError

USER_ENV = "WSIS_GRAPH_STORE_USER"
PASSWORD_ENV = "WSIS_GRAPH_STORE_PASSWORD"
TOKEN_ENV = "WSIS_GRAPH_STORE_TOKEN"

DEFAULT_TIMEOUT = 60.0
DEFAULT_BATCH = 64 * 1024 * 1024

_PRESETS = {
    # scheme: (query, update, store, union); paths relative to the URL's path.
    "sparql": ("query", "update", "store", "param"),
    "oxigraph": ("query", "update", "store", "param"),
    "fuseki": ("query", "update", "data", "native"),
    "graphdb": ("", "statements", "rdf-graphs/service", "native"),
}
_URL_SCHEME = re.compile(r"^([a-z][a-z0-9]*)\+(https?)://", re.IGNORECASE)
_OPTIONS = ("query", "update", "store", "union", "timeout", "batch")


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
        raise StoreError("not a remote store URL; use sparql+http://HOST:PORT (see wsis_graph.store.remote.urls)")
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

