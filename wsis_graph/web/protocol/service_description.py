"""The SPARQL 1.1 Service Description answered by a GET on the endpoint without a query.

It says (in the vocabulary of https://www.w3.org/TR/sparql11-service-description/):

- ``sd:endpoint``: the URL the request came to;
- ``sd:supportedLanguage sd:SPARQL11Query`` (updates live at another URL and are off by default);
- ``sd:resultFormat``: every format the endpoint writes (W3C format IRIs);
- ``sd:feature sd:UnionDefaultGraph``: without a dataset in the request or the query, the
  default graph is the union of all graphs. ``sd:BasicFederatedQuery`` is not claimed:
  ``SERVICE`` is refused. ``sd:DereferencesURIs`` is not claimed: ``FROM`` never fetches;
- ``sd:defaultEntailmentRegime``: simple entailment (no inference);
- the prefixes a query may use without declaring them (:func:`wsis_graph.namespaces.query_prefixes`).
  The Service Description vocabulary has no term for them, so they are said as SHACL-SPARQL says
  the prefixes to apply before parsing a query: ``sh:prefixes`` from the service to a node typed
  ``owl:Ontology`` with one ``sh:declare`` per prefix (``sh:prefix`` its name, ``sh:namespace``
  its IRI as an ``xsd:anyURI``), the form SHACL tools and published example-query collections read;
- ``sd:defaultDataset``: the dataset, with one ``sd:NamedGraph`` per graph in the store, each
  described with what the dataset description graph says of it (title, publisher, licence,
  source, issue date, triple count).

>>> from wsis_graph.store import MemoryStore
>>> triples = describe(MemoryStore(), "http://127.0.0.1:8000/sparql", "https://w3id.org/wsis-graph/id/")
>>> any(t.predicate.value.endswith("#endpoint") and t.object.value == "http://127.0.0.1:8000/sparql" for t in triples)
True
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from wsis_graph.namespaces import query_prefixes
from wsis_graph.store import Store, StoreError
from wsis_graph.store.terms import to_ox
from wsis_graph.web.protocol.negotiation import GRAPH_FORMATS, RESULT_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SH = "http://www.w3.org/ns/shacl#"
OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
XSD_ANY_URI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")

PREFIXES = {"sd": SD, "dct": DCT, "void": VOID, "rdfs": RDFS, "sh": SH, "formats": "http://www.w3.org/ns/formats/"}

#: What the description graph says of a graph that the service description repeats.
_CARRIED = tuple(
    ox.NamedNode(iri)
    for iri in (
        DCT + "title",
        DCT + "description",
        DCT + "publisher",
        DCT + "license",
        DCT + "rights",
        DCT + "source",
        DCT + "issued",
        DCT + "identifier",
        VOID + "triples",
    )
)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def describe(store: Store, endpoint: str, base: str) -> list[ox.Triple]:
    """The service description of the endpoint at ``endpoint`` serving ``store``.

    Args:
        store: the store served.
        endpoint: the URL of the endpoint, as the client reached it.
        base: the IRI base of minted identifiers (the dataset and its description graph live there).
    """
    service = ox.BlankNode("service")
    triples: list[ox.Triple] = []
    add = lambda s, p, o: triples.append(ox.Triple(s, p, o))  # noqa: E731
    add(service, RDF_TYPE, _sd("Service"))
    add(service, _sd("endpoint"), ox.NamedNode(endpoint))
    add(service, _sd("supportedLanguage"), _sd("SPARQL11Query"))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        add(service, _sd("resultFormat"), ox.NamedNode(fmt.w3c))
    add(service, _sd("feature"), _sd("UnionDefaultGraph"))
    add(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple"))
    add(
        service,
        ox.NamedNode(RDFS + "comment"),
        ox.Literal(
            "SPARQL 1.1 query endpoint of wsis-graph. Without default-graph-uri, named-graph-uri, FROM or "
            "FROM NAMED, the default graph is the union of all graphs. SERVICE is refused; FROM names graphs "
            "of this store only.",
            language="en",
        ),
    )
    known = ox.BlankNode("prefixes")
    add(service, ox.NamedNode(SH + "prefixes"), known)
    add(known, RDF_TYPE, OWL_ONTOLOGY)
    add(
        known,
        ox.NamedNode(RDFS + "comment"),
        ox.Literal("The prefixes a query may use without declaring them; a query's own PREFIX wins.", language="en"),
    )
    for prefix, namespace in query_prefixes(base).items():
        declaration = ox.BlankNode(f"prefix-{prefix}")
        add(known, ox.NamedNode(SH + "declare"), declaration)
        add(declaration, RDF_TYPE, ox.NamedNode(SH + "PrefixDeclaration"))
        add(declaration, ox.NamedNode(SH + "prefix"), ox.Literal(prefix))
        add(declaration, ox.NamedNode(SH + "namespace"), ox.Literal(namespace, datatype=XSD_ANY_URI))
    dataset = ox.NamedNode(base + "dataset")
    add(service, _sd("defaultDataset"), dataset)
    add(dataset, RDF_TYPE, _sd("Dataset"))
    default_graph = ox.BlankNode("defaultGraph")
    add(dataset, _sd("defaultGraph"), default_graph)
    add(default_graph, RDF_TYPE, _sd("Graph"))
    add(default_graph, ox.NamedNode(RDFS + "comment"), ox.Literal("The union of all the graphs below.", language="en"))
    description = URIRef(base + "graph/description")
    described: dict[str, list[tuple[ox.NamedNode, object]]] = {}
    try:
        for s, p, o, _ in store.quads(description):
            if isinstance(s, URIRef):
                described.setdefault(str(s), []).append((to_ox(p), to_ox(o)))
    except StoreError:
        pass
    for index, name in enumerate(store.graphs()):
        entry = ox.BlankNode(f"graph{index}")
        graph = ox.BlankNode(f"graph{index}-content")
        add(dataset, _sd("namedGraph"), entry)
        add(entry, RDF_TYPE, _sd("NamedGraph"))
        add(entry, _sd("name"), ox.NamedNode(str(name)))
        add(entry, _sd("graph"), graph)
        add(graph, RDF_TYPE, _sd("Graph"))
        for predicate, value in described.get(str(name), []):
            if predicate in _CARRIED:
                add(graph, predicate, value)
    return triples


def serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    if prefixes:
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    return ox.serialize(triples, format=fmt)
