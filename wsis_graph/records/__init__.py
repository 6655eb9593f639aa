"""Practice records at scale: records in the shape of the WSIS Stocktaking, loaded or generated.

A file of records (CSV or JSON; columns in :mod:`wsis_graph.records.model`) is loaded with
:func:`load_records` (``wsis-graph records load``) into its own named graph, checked record by
record; :func:`generate` (``wsis-graph records generate``) writes synthetic ones, deterministically,
to any size.

Finding records in a store (for analyses and benchmarks):

* each record is a ``wsis:PracticeRecord`` in the named graph ``{base}graph/records-<name>``, with
  ``dct:identifier``, ``dct:title``, ``wsis:organisationName``, ``wsis:stakeholderType`` (a concept
  of ``wsis:StakeholderTypeScheme``), ``dct:date`` (``xsd:gYear``), ``dct:spatial`` (0..n countries,
  ``http://publications.europa.eu/resource/authority/country/<ISO alpha-3>``), ``wsis:actionLine``
  (1..n), ``wsis:sdgGoal``, ``wsis:sdgTarget``, ``wsis:gdcObjective`` (0..n each; all three are
  sub-properties of ``wsis:concerns``), ``foaf:page`` (0..1) and ``wsis:isSynthetic true`` on
  generated records;
* the record sets are the graphs that the description graph types ``dct:type
  wsis:PracticeRecordSet``, with ``void:entities`` (records), ``void:triples``, ``dct:modified``
  (load time), ``dct:bibliographicCitation`` (file and SHA-256) and ``wsis:isSynthetic true``
  for generated sets, whose names start with ``synthetic``::

    SELECT ?graph ?records WHERE {
      GRAPH <{base}graph/description> { ?graph dct:type wsis:PracticeRecordSet ; void:entities ?records }
    }

  :func:`record_graphs` runs it.
"""

from __future__ import annotations

from rdflib import URIRef

from wsis_graph.records.generator import GenerateReport, RecordGenerator, generate
from wsis_graph.records.loader import LoadReport, RecordsRejected, load_records
from wsis_graph.records.model import PracticeRecord, RecordMapper
from wsis_graph.records.reader import RecordError
from wsis_graph.records.vocabulary import Vocabulary, VocabularyMissing
from wsis_graph.store import Store
from wsis_graph.uris import Minter

_RECORD_SETS = """
PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?description ?graph ?records ?synthetic WHERE {
  GRAPH ?description { ?graph dct:type wsis:PracticeRecordSet ; void:entities ?records .
                       OPTIONAL { ?graph wsis:isSynthetic ?synthetic } }
} ORDER BY ?graph
"""


def record_graphs(store: Store, *, mint: Minter | None = None, synthetic: bool | None = None) -> dict[URIRef, int]:
    """The record sets in the store, each with its number of records.

    Args:
        synthetic: True for generated sets only, False for real ones only, None for all.
    """
    mint = mint or Minter()
    from wsis_graph.build import DESCRIPTION_GRAPH

    found = {}
    for _, graph, records, flag in store.query(_RECORD_SETS, {"description": mint.graph(DESCRIPTION_GRAPH)}).rows:
        is_synthetic = bool(flag is not None and flag.toPython())
        if synthetic is None or synthetic == is_synthetic:
            found[graph] = int(records)
    return found


__all__ = [
    "GenerateReport",
    "LoadReport",
    "PracticeRecord",
    "RecordError",
    "RecordGenerator",
    "RecordMapper",
    "RecordsRejected",
    "Vocabulary",
    "VocabularyMissing",
    "generate",
    "load_records",
    "record_graphs",
]
