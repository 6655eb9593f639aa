"""One module per source table set; each turns its tables into one named graph.

The build runs them in :data:`ORDER`, so that a table may refer to identifiers declared by an
earlier one (the WSIS–SDG Matrix refers to Action Lines and SDG targets, for instance).
"""
