"""The HTML pages: resource pages for every IRI we mint, browse lists, label search, the query
editor, the GDC → WSIS mapping view and proposal sets."""
