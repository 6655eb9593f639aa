"""A store on any SPARQL 1.1 Query/Update endpoint, split by concern.

- :mod:`~wsis_graph.store.remote.urls`: the store URL grammar, the presets per kind of server,
  and the credentials from the environment;
- :mod:`~wsis_graph.store.remote.http`: the pooled HTTP client and its answer stream;
- :mod:`~wsis_graph.store.remote.store`: :class:`RemoteStore`, the :class:`~wsis_graph.store.base.Store`
  on the standard protocols, and the answers it reads;
- :mod:`~wsis_graph.store.remote.loader`: the staged bulk loader behind its ``replace``.
"""

from wsis_graph.store.remote.http import RemoteTimeout
from wsis_graph.store.remote.loader import STAGING_PREFIX
from wsis_graph.store.remote.store import RemoteAnswer, RemoteStore
from wsis_graph.store.remote.urls import (
    PASSWORD_ENV,
    TOKEN_ENV,
    USER_ENV,
    Endpoints,
    authorization_from_environment,
    is_remote_url,
    parse_url,
)

__all__ = [
    "PASSWORD_ENV",
    "STAGING_PREFIX",
    "TOKEN_ENV",
    "USER_ENV",
    "Endpoints",
    "RemoteAnswer",
    "RemoteStore",
    "RemoteTimeout",
    "authorization_from_environment",
    "is_remote_url",
    "parse_url",
]
