"""The review workbench: the matcher's suggestions queued for review, and the decisions people make.

* :mod:`.model`: the graphs and IRIs, pair ids, run names, the relations a reviewed link may have;
* :mod:`.queue`: ``wsis-graph suggest --queue`` writes a run's candidates as a candidate set;
* :mod:`.state`: the candidates and the state of each pair, read back; the list;
* :mod:`.decide`: accept (with a relation), reject or unsure, and undo; validated, all or nothing,
  refused when the pair changed since the state named;
* :mod:`.exchange`: the decisions as SSSOM/TSV (positive, negative, unsure), and back.

Candidate sets and the review log are never read as links; the reviewed mappings are, like a curated
graph (:func:`wsis_graph.analysis.projection.project` leaves out the first two by their ``dct:type``).
"""
