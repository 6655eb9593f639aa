"""The projection of the store into NetworkX: nodes, edges and their attributes, filters, resolve, exports.

A small hand-made dataset gives known answers; on the real data the counts are checked against
independent SPARQL queries over the built store.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from wsis_graph.analysis.findings import CONFIDENCE_ORDER
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.analysis.projection import ResolveError, project, resolve, write_gexf, write_graphml, write_node_link_json
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.uris import Minter

W = Namespace("https://w3id.org/wsis-graph/ontology#")
ID = "https://example.org/id/"
MINT = Minter(ID)
G_WSIS, G_LINKS, G_PROP, G_DESC = (MINT.graph(n) for n in ("wsis", "links", "proposals-x", "description"))
C1, C2, ITU, UNESCO = (URIRef(ID + x) for x in ("action-line/C1", "action-line/C2", "entity/ITU", "entity/UNESCO"))
T = URIRef("http://metadata.un.org/sdg/9.c")
GOAL = URIRef("http://metadata.un.org/sdg/9")
A1, A2, A3, F1, F2 = (URIRef(ID + x) for x in ("alignment/a1", "alignment/a2", "alignment/a3", "facilitation/f1", "facilitation/f2"))


def small_store() -> MemoryStore:
    """Two Action Lines, two entities, a target and its goal; qualified links with known marks."""
    q = []

    def add(g, *triples):
        q.extend((s, p, o, g) for s, p, o in triples)

    add(
        G_WSIS,
        (C1, RDF.type, W.ActionLine), (C1, SKOS.notation, Literal("C1")), (C1, SKOS.prefLabel, Literal("Role of governments", lang="en")),
        (C1, SKOS.prefLabel, Literal("Rôle des gouvernements", lang="fr")),
        (C2, RDF.type, W.ActionLine), (C2, SKOS.notation, Literal("C2")), (C2, RDFS.label, Literal("Infrastructure", lang="en")),
        (ITU, RDF.type, W.Entity), (ITU, RDF.type, W.Process), (ITU, SKOS.notation, Literal("ITU")),
        (UNESCO, RDF.type, W.Entity), (UNESCO, SKOS.notation, Literal("UNESCO")),
        (T, RDF.type, W.SDGTarget), (T, SKOS.notation, Literal("9.c")), (T, SKOS.broader, GOAL),
        (GOAL, RDF.type, W.SDGGoal), (GOAL, SKOS.notation, Literal("9")),
        # C1 is led by ITU, by two statements (two facilitation nodes), and ITU is co-facilitator of C2
        (C1, W.leadFacilitator, ITU), (C1, W.facilitatedBy, ITU), (C2, W.coFacilitator, ITU), (C2, W.facilitatedBy, ITU),
        (F1, RDF.type, W.Facilitation), (F1, W.actionLine, C1), (F1, W.facilitator, ITU), (F1, ORG.role, W.LeadFacilitator),
        (F1, W.confidence, W.Verified), (F1, W.sourceDocument, URIRef("https://example.org/f1")),
        (F2, RDF.type, W.Facilitation), (F2, W.actionLine, C2), (F2, W.facilitator, ITU), (F2, ORG.role, W.CoFacilitator),
        (F2, W.confidence, W.SingleSource), (F2, W.dateAsWorded, Literal("2010-2012")),
    )
    add(
        G_LINKS,
        (C1, W.contributesTo, T),
        (A1, RDF.type, W.Alignment), (A1, W.alignmentSubject, C1), (A1, W.alignmentObject, T), (A1, W.relation, W.contributesTo),
        (A1, W.method, W.PublishedMapping), (A1, W.confidence, W.SingleSource), (A1, W.strength, Literal("0.50", datatype=XSD.decimal)),
        (A1, W.sourceDocument, URIRef("https://example.org/b")), (A1, W.sourceDocument, URIRef("https://example.org/a")),
        (A1, W.locator, Literal("p. 4")),
        (A2, RDF.type, W.Alignment), (A2, W.alignmentSubject, C1), (A2, W.alignmentObject, T), (A2, W.relation, W.contributesTo),
        (A2, W.method, W.OfficialText), (A2, W.confidence, W.Verified), (A2, DCTERMS.date, Literal("2024-09-22", datatype=XSD.date)),
    )
    add(
        G_PROP,
        (C2, W.contributesTo, T),
        (A3, RDF.type, W.Alignment), (A3, W.alignmentSubject, C2), (A3, W.alignmentObject, T), (A3, W.relation, W.contributesTo),
        (A3, W.method, W.Proposal), (A3, W.confidence, W.Inferred),
    )
    add(G_DESC, (G_PROP, DCTERMS.type, W.ProposalSet), (G_WSIS, DCTERMS.title, Literal("WSIS")))
    store = MemoryStore()
    store.replace(q)
    return store


@pytest.fixture(scope="module")
def small():
    return small_store()


def test_nodes_carry_iri_type_code_label_and_graph(small):
    G = project(small, mint=MINT)
    assert set(G.nodes) == {str(x) for x in (C1, C2, ITU, UNESCO, T, GOAL)}
    c1 = G.nodes[str(C1)]
    assert (c1["iri"], c1["type"], c1["code"], c1["label"], c1["graph"]) == (str(C1), "ActionLine", "C1", "Role of governments", str(G_WSIS))
    assert G.nodes[str(C2)]["label"] == "Infrastructure"  # rdfs:label when there is no prefLabel
    assert G.nodes[str(ITU)]["type"] == "Entity" and set(G.nodes[str(ITU)]["types"]) == {"Entity", "Process"}
    assert G.nodes[str(GOAL)]["label"] is None
    # qualified-link nodes are edge attributes, not nodes
    assert str(A1) not in G and str(F1) not in G


def test_one_edge_per_qualified_node_with_its_attributes(small):
    G = project(small, mint=MINT)
    edges = G.get_edge_data(str(C1), str(T))
    assert sorted(edges) == ["contributesTo", "contributesTo#2"]
    by_alignment = {d["alignment"]: d for d in edges.values()}
    a1 = by_alignment[str(A1)]
    assert a1["relation"] == "contributesTo" and a1["strength"] == 0.5 and a1["method"] == "expert"  # the notation of wsis:PublishedMapping
    assert a1["confidence"] == "single-source" and a1["locator"] == "p. 4" and a1["graph"] == str(G_LINKS)
    assert a1["source"] == "https://example.org/a" and a1["sources"] == ("https://example.org/a", "https://example.org/b")
    a2 = by_alignment[str(A2)]
    assert (a2["confidence"], a2["method"], a2["date"], a2["strength"], a2["source"]) == ("verified", "official", "2024-09-22", None, None)
    # a facilitation qualifies its role triple and facilitatedBy
    lead = G.get_edge_data(str(C1), str(ITU))
    assert {d["relation"] for d in lead.values()} == {"leadFacilitator", "facilitatedBy"}
    assert all(d["alignment"] == str(F1) and d["confidence"] == "verified" for d in lead.values())
    co = G.get_edge_data(str(C2), str(ITU))["coFacilitator"]
    assert co["date"] == "2010-2012" and co["confidence"] == "single-source"
    # a structural edge has no qualification
    broader = G.get_edge_data(str(T), str(GOAL))["broader"]
    assert broader["alignment"] is None and broader["confidence"] is None and broader["graph"] == str(G_WSIS)


def test_filters_graphs_confidence_and_proposals(small):
    G = project(small, mint=MINT)
    assert {k: v for k, v in G.graph.items() if k not in ("review", "issued", "notations_from")} == {
        "graphs": sorted([str(G_LINKS), str(G_WSIS)]), "confidence": None, "proposals": False, "records": False, "record_graphs": [],
        "proposal_graphs": [], "left_out": {"proposal sets": 1, "record sets": 0, "candidate sets": 0}}
    assert len(G.graph["review"]) == 0  # no review queue in this store
    assert not G.has_edge(str(C2), str(T))  # the proposal is out by default
    with_proposals = project(small, ProjectionOptions(proposals=True), mint=MINT)
    assert with_proposals.get_edge_data(str(C2), str(T))["contributesTo"]["confidence"] == "inferred"
    assert with_proposals.graph["proposals"] is True and str(G_PROP) in with_proposals.graph["graphs"]
    assert with_proposals.graph["left_out"]["proposal sets"] == 0
    verified = project(small, ProjectionOptions(confidence=frozenset({"verified"})), mint=MINT)
    assert [d["alignment"] for d in verified.get_edge_data(str(C1), str(T)).values()] == [str(A2)]
    assert not verified.has_edge(str(C2), str(ITU))  # the single-source co-facilitation is dropped
    assert verified.has_edge(str(T), str(GOAL))  # structural edges stay
    assert verified.graph["confidence"] == ["verified"]
    only_links = project(small, ProjectionOptions(graphs=(str(G_LINKS),)), mint=MINT)
    assert only_links.graph["graphs"] == [str(G_LINKS)]
    assert {d["relation"] for *_, d in only_links.edges(data=True)} == {"contributesTo"}
    assert only_links.nodes[str(C1)]["code"] == "C1"  # names still come from the curated graphs


def test_resolve_codes_labels_iris_and_errors(small):
    G = project(small, mint=MINT)
    assert resolve(G, "C1") == str(C1)
    assert resolve(G, "c1") == str(C1)
    assert resolve(G, "role of governments") == str(C1)
    assert resolve(G, str(T)) == str(T)
    assert resolve(G, "9.c") == str(T)
    with pytest.raises(ResolveError, match="'C9' names nothing"):
        resolve(G, "C9")
    with pytest.raises(ResolveError, match="among SDGGoal"):
        resolve(G, "C1", types={"SDGGoal"})
    G.add_node("https://example.org/other/C1", iri="https://example.org/other/C1", type="ActionLine", code="C1", label=None)
    with pytest.raises(ResolveError, match="ambiguous"):
        resolve(G, "C1")


def test_exports_read_back(small, tmp_path):
    G = project(small, ProjectionOptions(proposals=True), mint=MINT)
    H = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.nodes[str(C1)]["code"] == "C1" and "label" not in H.nodes[str(GOAL)]  # None dropped
    sources = [d["sources"] for _, _, d in H.edges(data=True) if d.get("alignment") == str(A1)]
    assert sources == ["https://example.org/a | https://example.org/b"]
    gexf = write_gexf(G, tmp_path / "g.gexf")
    ET.parse(gexf)  # well-formed
    assert nx.read_gexf(gexf).number_of_edges() == G.number_of_edges()
    data = json.loads(write_node_link_json(G, tmp_path / "g.json").read_text())
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert any(n["id"] == str(GOAL) and n["label"] is None for n in data["nodes"])


# -- the real data ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(built, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("projection") / "store")
    store.replace(built.quads())
    yield store
    store.close()


def count(store, body: str) -> int:
    return int(store.query(sparql_prologue() + body).rows[0][0])


def test_real_data_counts_match_sparql(real):
    started = time.perf_counter()
    G = project(real)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"projecting the real data took {elapsed:.1f} s"
    types = {}
    for _, d in G.nodes(data=True):
        types[d["type"]] = types.get(d["type"], 0) + 1
    for cls in ("ActionLine", "SDGGoal", "SDGTarget", "SDGIndicator", "GDCObjective", "GDCCommitment", "Provision"):
        assert types[cls] == count(real, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a wsis:{cls} }}"), cls
    qualified = [d for *_, d in G.edges(data=True) if d["alignment"]]
    alignments = count(real, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?a WHERE { GRAPH ?g { ?a a wsis:Alignment } } }")
    assert sum(1 for d in qualified if "/alignment/" in d["alignment"]) == alignments
    # a facilitation with an Action Line qualifies two triples (its role and facilitatedBy), one without qualifies one
    with_line = count(real, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a wsis:Facilitation ; wsis:actionLine ?al }")
    all_f = count(real, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a wsis:Facilitation }")
    assert sum(1 for d in qualified if "/facilitation/" in d["alignment"]) == 2 * with_line + (all_f - with_line)
    matrix = count(real, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a wsis:relation wsis:contributesTo }")
    assert sum(1 for *_, d in G.edges(data=True) if d["relation"] == "contributesTo") == matrix
    assert {d["confidence"] for d in qualified} <= set(CONFIDENCE_ORDER)
    assert all(d["confidence"] is None for *_, d in G.edges(data=True) if not d["alignment"])


def test_real_data_confidence_filter_matches_sparql(real):
    G = project(real, ProjectionOptions(confidence=frozenset({"verified"})))
    verified_links = count(real, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?a WHERE { GRAPH ?g { ?a a wsis:Alignment ; wsis:confidence wsis:Verified } } }")
    kept = [d for *_, d in G.edges(data=True) if d["alignment"] and "/alignment/" in d["alignment"]]
    assert len(kept) == verified_links
    assert all(d["confidence"] == "verified" for d in kept)
    # structural edges are untouched: every target still has its goal
    targets = [n for n, d in G.nodes(data=True) if d["type"] == "SDGTarget"]
    assert all(any(d["relation"] == "goal" for *_, d in G.out_edges(t, data=True)) for t in targets)


def test_real_data_resolve(real):
    G = project(real)
    assert resolve(G, "GDC-29(b)").endswith("/gdc-paragraph/GDC-29-b")
    assert G.nodes[resolve(G, "29(b)")]["type"] == "GDCCommitment"
    assert resolve(G, "C7.e-health").endswith("/action-line/C7.e-health")
    assert resolve(G, "GDC-O3").endswith("/gdc-objective/GDC-O3")
    assert G.nodes[resolve(G, "UNGIS")]["type"] == "Entity"
