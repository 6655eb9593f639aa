"""``python -m wsis_graph.cli``: the same as the ``wsis-graph`` command."""

from wsis_graph.cli.main import main

if __name__ == "__main__":
    main()
