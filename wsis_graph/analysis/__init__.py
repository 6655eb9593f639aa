"""Gap analysis: the store projected into NetworkX, and pure functions from it to findings.

See :mod:`wsis_graph.analysis.findings` for what an analysis returns.
"""
