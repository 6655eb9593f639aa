"""Named SPARQL queries shipped with the package (``*.rq``) and their registry."""

from wsis_graph.queries.registry import NamedQuery, ParameterError, get_query, named_queries

__all__ = ["NamedQuery", "ParameterError", "get_query", "named_queries"]
