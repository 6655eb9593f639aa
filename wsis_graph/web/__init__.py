"""The web layer: the application and its settings, the one error shape, the production server,
the protocol endpoints (:mod:`wsis_graph.web.protocol`) and the HTML pages (:mod:`wsis_graph.web.pages`)."""
