"""A store on any SPARQL 1.1 Query/Update endpoint."""

from wsis_graph.store.remote.store import RemoteStore, RemoteTimeout, is_remote_url

__all__ = ["RemoteStore", "RemoteTimeout", "is_remote_url"]
