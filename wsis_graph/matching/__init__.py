"""Matching the texts of the graph, and any document, to its frameworks: suggestions and tags that explain themselves."""
