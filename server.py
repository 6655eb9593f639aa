"""Start the wsis-graph SPARQL endpoint: ``python server.py [--host H] [--port N] [--store URL]``.

Builds the embedded store from the source tables first when it is missing or stale.
"""

from wsis_graph.cli import serve

if __name__ == "__main__":
    serve()
