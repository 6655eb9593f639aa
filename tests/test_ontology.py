"""The ontology: versioned header, and every term labelled, defined and tied to the ontology."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from wsis_graph.namespaces import ONTOLOGY_IRI, VANN, WSIS_NS

DCT = "http://purl.org/dc/terms/"


def terms(ontology):
    return sorted({s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(WSIS_NS)})


def test_header_is_versioned(ontology):
    header = ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (URIRef(DCT + "title"), URIRef(DCT + "description"), URIRef(DCT + "license"), OWL.versionIRI, OWL.versionInfo, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert ontology.value(header, predicate) is not None, f"header lacks {predicate}"
    assert str(ontology.value(header, VANN.preferredNamespacePrefix)) == "wsis"


def test_every_term_is_annotated(ontology):
    missing = []
    for term in terms(ontology):
        for predicate in (RDFS.label, SKOS.definition, RDFS.isDefinedBy):
            if ontology.value(term, predicate) is None:
                missing.append(f"{term} lacks {predicate}")
        if ontology.value(term, RDFS.isDefinedBy) not in (None, ONTOLOGY_IRI):
            missing.append(f"{term} is defined by another ontology")
    assert not missing, "\n".join(missing)


def test_every_term_is_typed(ontology):
    untyped = [t for t in terms(ontology) if ontology.value(t, RDF.type) is None]
    assert not untyped


def test_class_labels_match_local_names(ontology):
    wrong = []
    for cls in ontology.subjects(RDF.type, OWL.Class):
        local = str(cls)[len(WSIS_NS):]
        label = str(ontology.value(cls, RDFS.label)).replace(" ", "").replace("-", "")
        if label.lower() != local.lower():
            wrong.append((local, label))
    assert not wrong


def test_reuses_standard_vocabularies(ontology):
    parents = {str(o) for o in ontology.objects(None, RDFS.subClassOf)}
    for vocabulary in ("http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#"):
        assert any(p.startswith(vocabulary) for p in parents), vocabulary
