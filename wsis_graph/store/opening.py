"""Opening a store from a URL-like setting.

``memory:`` is an rdflib dataset in memory; ``oxigraph:PATH`` (or a bare path) is an embedded
Oxigraph database in the directory PATH; ``sparql+http://HOST:PORT`` (and the other forms of
:mod:`wsis_graph.store.remote.urls`: ``fuseki+http://…``, ``graphdb+http://…``, ``…+https://…``)
is a remote SPARQL 1.1 server. The default is ``oxigraph:var/store`` under the current directory,
or the value of ``WSIS_GRAPH_STORE``.
"""

from __future__ import annotations

import os
from pathlib import Path

from wsis_graph.store.base import Store, StoreError
from wsis_graph.store.memory import MemoryStore
from wsis_graph.store.oxigraph import OxigraphStore
from wsis_graph.store.remote import RemoteStore, is_remote_url

STORE_ENV = "WSIS_GRAPH_STORE"
DEFAULT_STORE = "oxigraph:var/store"


def default_store_url() -> str:
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store named by ``url``.

    >>> open_store("memory:").url
    'memory:'

    A remote store is asked a trivial query at once, so that an unreachable server or refused
    credentials show here rather than half-way through a command.

    Raises:
        StoreError: the URL names no known backend, or the store cannot be opened.
    """
    url = url or default_store_url()
    if url in ("memory", "memory:"):
        return MemoryStore()
    if is_remote_url(url):
        remote = RemoteStore(url, read_only=read_only)
        try:
            remote.check()
        except StoreError:
            remote.close()
            raise
        return remote
    if url.startswith("oxigraph:"):
        location = url[len("oxigraph:"):]
        if location.startswith("//"):
            location = location[2:]
        if not location:
            raise StoreError("oxigraph: needs a directory, as in oxigraph:var/store")
        return OxigraphStore(Path(location), read_only=read_only)
    if "://" in url or (":" in url.split("/")[0] and not Path(url).exists()):
        raise StoreError(f"unknown store {url!r}; use memory:, oxigraph:PATH or sparql+http://HOST:PORT")
    return OxigraphStore(Path(url), read_only=read_only)
