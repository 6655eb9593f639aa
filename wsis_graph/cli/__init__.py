"""The ``wsis-graph`` command line: one click group, one module per command family."""

from wsis_graph.cli.main import main, serve

__all__ = ["main", "serve"]
