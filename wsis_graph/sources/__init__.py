"""One module per source table set; each turns its tables into one named graph.

Every source module has ``build(ctx) -> Graph``, given a
:class:`~wsis_graph.sources.base.SourceContext`: it reads its tables through ``ctx.table`` (which
records them for the dataset description), registers the identifiers it declares in
``ctx.registry`` for the sources built after it, and returns the triples of its named graph. The
first bad value it meets (a missing column, a malformed or disguised code, an unknown identifier, an
id declared twice) raises :class:`~wsis_graph.tables.SourceError`, which names the file, the row and
the column. What the modules share (reading ids, writing labels, concepts, documents, qualified links
and confidence marks) is in :mod:`wsis_graph.sources.base`.

:data:`wsis_graph.build.ORDER` runs them in order, so that a table may refer to identifiers declared
by an earlier one (the WSIS–SDG Matrix refers to Action Lines and SDG targets, for instance); every
other folder that holds a ``submission.csv`` is built by :mod:`wsis_graph.sources.submission`.
"""
