"""SPARQL as text: the one lexer (:mod:`~wsis_graph.sparql.lexer`) and the checks on what a query
or an update may do (:mod:`~wsis_graph.sparql.checks`). It imports nothing else of the package, so
every room may use it; the remote store binds values into a query's text with this lexer in
:mod:`wsis_graph.store.remote.bind`."""
