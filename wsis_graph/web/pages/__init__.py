"""The HTML pages, one blueprint per page family.

Pages (flask):

* :mod:`.resource`: every IRI we mint (and any IRI in the store) as a page or as RDF;
* :mod:`.browse`: the frameworks as lists; :mod:`.search`: label search;
* :mod:`.editor`: the query editor; :mod:`.mapping`: the GDC → WSIS mapping view;
  :mod:`.proposals`: proposal sets; :mod:`.review`: the review workbench (one candidate at a time,
  decided by a named reviewer);
* :mod:`.view`: what they share (terms in the request's language, the layout, HTML errors) and
  the blueprint that carries the templates and the stylesheet.

What the pages read (plain data, no flask): :mod:`.describe` (a resource's description),
:mod:`.listings` (the browse lists), :mod:`.lookup` (the label search), :mod:`.labels` (names,
languages, vocabulary labels, confidence marks).
"""
