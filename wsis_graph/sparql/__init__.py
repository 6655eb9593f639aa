"""SPARQL as text: the one lexer, the checks on what a query or an update may do, and parameter binding."""
