"""Which named graphs of a store are of a kind that users add (proposal sets, practice record sets):
the description graph marks each such graph with ``dct:type``.

The analyses, the proposals and the build all ask this question; it lives here, below them, so
that none of them imports another to answer it.
"""

from __future__ import annotations

from rdflib import URIRef

from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import Store

#: The kinds of graph (``dct:type`` in the description graph) that users add rather than the source tables
#: make: a rebuild keeps them, and nothing that speaks for the curated tables (their SSSOM export) reads them.
USER_KINDS = (WSIS.ProposalSet, WSIS.PracticeRecordSet, WSIS.ImportedText, WSIS.TextReconciliation, WSIS.CandidateSet,
              WSIS.ReviewLog, WSIS.ReviewedMappingSet)

#: The kind of the graphs that hold the project's vocabulary (the ontology, the shapes), loaded at every
#: build: neither data to analyse or validate nor added by users.
VOCABULARY_KIND = WSIS.VocabularyGraph

_GRAPHS_OF_KIND = sparql_prologue() + """SELECT DISTINCT ?graph ?description ?kind WHERE {
  GRAPH ?description { ?graph dct:type ?kind }
}"""


def graphs_of_kind(store: Store, kind: URIRef, description: URIRef) -> list[URIRef]:
    """The graphs that the description graph ``description`` marks with ``dct:type kind``, sorted."""
    rows = store.query(_GRAPHS_OF_KIND, {"description": description, "kind": kind}).rows
    return sorted({r[0] for r in rows if isinstance(r[0], URIRef)})


def vocabulary_graphs(store: Store, description: URIRef) -> list[URIRef]:
    """The graphs that hold the ontology and the shapes (:data:`VOCABULARY_KIND`), sorted."""
    return graphs_of_kind(store, VOCABULARY_KIND, description)
