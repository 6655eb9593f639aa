"""RDF namespaces used across the project.

``WSIS`` is a closed namespace whose terms are read from ``ontology/wsis.ttl``, so a misspelt term
raises an error at the point of use instead of silently minting a new IRI.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, ClosedNamespace

from wsis_graph import paths

ONTOLOGY_IRI = URIRef("https://w3id.org/wsis-graph/ontology")
WSIS_NS = "https://w3id.org/wsis-graph/ontology#"
SDG_NS = "http://metadata.un.org/sdg/"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: SPDX, for the SHA-256 checksum of a file that a graph was read from.
SPDX = Namespace("http://spdx.org/rdf/terms#")


@lru_cache(maxsize=1)
def _ontology_terms() -> tuple[str, ...]:
    graph = Graph()
    graph.parse(paths.ontology_file(), format="turtle")
    names = {
        str(s)[len(WSIS_NS):]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(WSIS_NS)
    }
    return tuple(sorted(names))


WSIS = ClosedNamespace(WSIS_NS, list(_ontology_terms()))

PREFIXES: dict[str, str] = {
    "wsis": WSIS_NS,
    "sdg": SDG_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "wd": str(WIKIDATA),
    "sd": str(SD),
}


def bind_prefixes(graph: Graph, base: str | None = None) -> Graph:
    """Bind the project's prefixes (and ``id:`` for the data base, if given) on a graph."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    if base:
        graph.bind("id", base, override=True, replace=True)
    return graph


def query_prefixes(base: str | None = None) -> dict[str, str]:
    """The prefixes a query may use without declaring them, at the endpoint, in ``wsis-graph query``
    and in the editor: the project's, and ``id:`` for the identifiers minted under ``base``.

    The one place that decides them; :func:`wsis_graph.sparql.prefixes.prepare` adds those a query
    does not declare itself, and the service description lists them.
    """
    prefixes = dict(PREFIXES)
    if base:
        prefixes["id"] = base
    return prefixes


def sparql_prologue() -> str:
    """PREFIX declarations for every project prefix, for queries written without them."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
