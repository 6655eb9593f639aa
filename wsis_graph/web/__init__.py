"""The web layer: the SPARQL endpoint and pages."""
