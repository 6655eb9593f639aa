"""The ``wsis-graph`` command line: one click group (:mod:`.main`), one module per command family,
one options module (:mod:`.options`) and one error style (:mod:`.errors`).

``main`` is the console script ``wsis-graph`` (also ``python -m wsis_graph.cli``); ``serve`` is
its ``serve`` command, which ``server.py`` runs on its own.
"""

from wsis_graph.cli.main import main
from wsis_graph.cli.serve import serve

__all__ = ["main", "serve"]
