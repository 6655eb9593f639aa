"""The store room: the interface every store offers, its three backends, and opening one by URL.

- :mod:`~wsis_graph.store.base`: the :class:`Store` interface, its capability flags, and the
  errors and result types every backend shares;
- :mod:`~wsis_graph.store.memory` (``memory:``), :mod:`~wsis_graph.store.oxigraph`
  (``oxigraph:PATH``, the default), :mod:`~wsis_graph.store.remote` (``sparql+http://…``): the
  backends; :mod:`~wsis_graph.store.ondisk`: how other processes read an on-disk store while
  it is written; :mod:`~wsis_graph.store.terms`: converting terms between rdflib and pyoxigraph;
- :mod:`~wsis_graph.store.opening`: :func:`open_store` and the default store URL.

The names below are imported on first use (``from wsis_graph.store import OxigraphStore`` works
as usual), so that importing one small module of this package, as a query worker process does
with :mod:`~wsis_graph.store.ondisk`, does not load rdflib and every backend with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what __getattr__ gives, for readers and type checkers
    from wsis_graph.store.base import QueryError, QueryResult, Store, StoreError
    from wsis_graph.store.memory import MemoryStore
    from wsis_graph.store.opening import DEFAULT_STORE, STORE_ENV, default_store_url, open_store
    from wsis_graph.store.oxigraph import OxigraphStore
    from wsis_graph.store.remote import RemoteStore, RemoteTimeout

#: Each public name and the module of this package that defines it.
_HOMES = {
    "QueryError": "base",
    "QueryResult": "base",
    "Store": "base",
    "StoreError": "base",
    "MemoryStore": "memory",
    "OxigraphStore": "oxigraph",
    "RemoteStore": "remote",
    "RemoteTimeout": "remote",
    "DEFAULT_STORE": "opening",
    "STORE_ENV": "opening",
    "default_store_url": "opening",
    "open_store": "opening",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
