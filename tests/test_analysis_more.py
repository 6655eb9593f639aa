"""Facilitation, rights, structure, evidence, submissions, practice and the registry.

Each analysis runs on a small hand-made graph with known answers, then on the real data, where its
figures are checked against independent SPARQL over a store built from the tables.
"""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from wsis_graph.analysis.evidence import evidence_strength, last_year
from wsis_graph.analysis.facilitation import facilitation
from wsis_graph.analysis.findings import CONFIDENCE_ORDER, AnalysisResult
from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.analysis.practice import RecordsNotProjected, bottom_quartile, practice
from wsis_graph.analysis.projection import project
from wsis_graph.analysis.registry import ANALYSES, AnalysisError, run_analyses, select
from wsis_graph.analysis.rights import rights, themes
from wsis_graph.analysis.structure import brokerage, layer_graph, structure
from wsis_graph.analysis.submissions import submissions
from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import OxigraphStore

PROLOGUE = sparql_prologue()


def node(G, iri, type_, code, label=None):
    G.add_node(iri, iri=iri, type=type_, code=code, label=label or f"label of {code}", graph="g", confidence=None)


def link(G, u, v, relation, confidence=None, date=None, alignment=None, method=None, sources=()):
    key, n = relation, 1
    while G.has_edge(u, v, key):
        n += 1
        key = f"{relation}#{n}"
    qualified = confidence is not None
    G.add_edge(u, v, key=key, relation=relation, confidence=confidence, strength=None, method=method,
               source=sources[0] if sources else None, sources=tuple(sources), locator=None, graph="g",
               alignment=alignment or (f"a:{u}-{relation}-{v}-{n}" if qualified else None), date=date)


def graph(*nodes) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(graphs=["g"], confidence=None, proposals=False, records=False)
    for spec in nodes:
        node(G, *spec)
    return G


def codes(findings) -> list:
    return [tuple(i.code for i in f.items) for f in findings]


# -- facilitation ------------------------------------------------------------------------------------


@pytest.fixture
def facilitated() -> nx.MultiDiGraph:
    """A1 led by E1 alone; A2 led by E1 with E2 as co-facilitator; A3 led by E3, whose former
    facilitator E2 does not count; E2 is lead for A2 in a second statement (a role disagreement);
    commitment K1 is linked to A3 (so carried by E3 alone), K2 to nothing."""
    G = graph(("a1", "ActionLine", "A1"), ("a2", "ActionLine", "A2"), ("a3", "ActionLine", "A3"),
              ("e1", "Entity", "E1"), ("e2", "Entity", "E2"), ("e3", "Entity", "E3"),
              ("k1", "GDCCommitment", "K1"), ("k2", "GDCCommitment", "K2"))
    link(G, "a1", "e1", "leadFacilitator", "verified", "2006-", alignment="f1")
    link(G, "a2", "e1", "leadFacilitator", "verified", "2006-", alignment="f2")
    link(G, "a2", "e2", "coFacilitator", "single-source", "2010-2012", alignment="f3")
    link(G, "a2", "e2", "leadFacilitator", "verified", "2014-2025", alignment="f4")
    link(G, "a3", "e3", "leadFacilitator", "verified", "2008-", alignment="f5")
    link(G, "a3", "e2", "formerFacilitator", "single-source", "before 2008", alignment="f6")
    link(G, "k1", "a3", "linkedTo", "verified")
    return G


def test_entity_load(facilitated):
    load = {r["entity"]: r for r in facilitation(facilitated).table("entity-load").dicts()}
    assert (load["E1"]["action_lines"], load["E1"]["lead"], load["E1"]["co_facilitator"]) == (2, 2, 0)
    assert (load["E2"]["action_lines"], load["E2"]["lead"], load["E2"]["co_facilitator"]) == (1, 1, 1)
    assert load["E3"]["action_lines"] == 1
    assert list(load) == ["E1", "E2", "E3"]  # heaviest first


def test_single_facilitator_and_critical_entities(facilitated):
    result = facilitation(facilitated)
    assert codes(result.of_kind("single-facilitator")) == [("A1", "E1"), ("A3", "E3")]
    critical = {f.items[0].code: [i.code for i in f.items[1:]] for f in result.of_kind("critical-entity")}
    assert critical == {"E1": ["A1"], "E3": ["K1", "A3"]} or critical == {"E1": ["A1"], "E3": ["A3", "K1"]}
    assert next(f for f in result.of_kind("critical-entity") if f.items[0].code == "E3").figure == 2
    # A1 — E1 is a bridge that leaves A1 alone; so are A3 — E3 and K1 — E3
    assert sorted(codes(result.of_kind("critical-link"))) == [("A1", "E1"), ("A3", "E3"), ("K1", "E3")]
    figures = {f.name: f.value for f in result.figures}
    assert figures["commitments-without-facilitator"] == 1  # K2


def test_role_disagreement_keeps_both_statements(facilitated):
    (finding,) = facilitation(facilitated).of_kind("role-disagreement")
    assert codes([finding]) == [("A2", "E2")]
    assert sorted(e.relation for e in finding.evidence) == ["coFacilitator", "leadFacilitator"]
    assert "2010-2012" in finding.text and "2014-2025" in finding.text
    assert finding.confidence == "single-source"


def test_facilitation_scoped_to_an_entity(facilitated):
    result = facilitation(facilitated, Scope("entity", "E3"))
    assert codes(result.of_kind("single-facilitator")) == [("A3", "E3")]
    assert [r[0] for r in result.table("entity-load").rows] == ["E3"]


# -- rights ------------------------------------------------------------------------------------------


@pytest.fixture
def grounded() -> nx.MultiDiGraph:
    """A1 serves T1, grounded in P-privacy; K1 is linked to goal G1, whose target T1 is grounded in
    P-privacy; R1 concerns A2 and P-expression; A3 touches nothing; K2 is linked to document D1,
    grounded in instrument I1; P-assembly and P-other (no theme) are touched by nothing."""
    G = graph(("a1", "ActionLine", "A1"), ("a2", "ActionLine", "A2"), ("a3", "ActionLine", "A3"),
              ("k1", "GDCCommitment", "K1"), ("k2", "GDCCommitment", "K2"), ("k3", "GDCCommitment", "K3"),
              ("t1", "SDGTarget", "1.1"), ("g1", "SDGGoal", "1"), ("d1", "Document", "D1"), ("i1", "Instrument", "I1"),
              ("r1", "Recommendation", "R1"),
              ("pp", "Provision", "P:17", "privacy"), ("pe", "Provision", "P:19", "freedom of opinion and expression"),
              ("pa", "Provision", "P:21", "peaceful assembly"), ("po", "Provision", "P:16", "marriage and family"))
    link(G, "t1", "g1", "goal")
    link(G, "a1", "t1", "contributesTo", "single-source")
    link(G, "t1", "pp", "groundedIn", "verified")
    link(G, "k1", "g1", "linkedTo", "verified")
    link(G, "r1", "a2", "concerns", "inferred")
    link(G, "r1", "pe", "concerns", "verified")
    link(G, "k2", "d1", "linkedTo", "single-source")
    link(G, "d1", "i1", "groundedIn", "verified")
    return G


def test_ungrounded_subjects(grounded):
    result = rights(grounded)
    assert codes(result.of_kind("ungrounded-action-line")) == [("A3",)]
    assert codes(result.of_kind("ungrounded-commitment")) == [("K3",)]


def test_rights_matrix_and_routes(grounded):
    result = rights(grounded)
    matrix = sorted(map(tuple, result.table("rights-matrix").rows))
    assert matrix == [("I1", "K2", "GDCCommitment", 1), ("P:17", "A1", "ActionLine", 1), ("P:17", "K1", "GDCCommitment", 1), ("P:19", "A2", "ActionLine", 1)]
    routes = {r["subject"]: r for r in result.table("rights-routes").dicts()}
    assert routes["A1"]["sdg_target"] == 1 and routes["K1"]["sdg_goal"] == 1 and routes["K2"]["document"] == 1 and routes["A2"]["submission"] == 1
    k1 = next(f for f in result.of_kind("grounding") if f.items[0].code == "K1")
    assert [(e.subject, e.relation, e.object) for e in k1.evidence] == [("k1", "linkedTo", "g1"), ("t1", "goal", "g1"), ("t1", "groundedIn", "pp")]


def test_untouched_provisions_by_theme(grounded):
    result = rights(grounded)
    assert codes(result.of_kind("untouched-provision")) == [("P:21",)]  # marriage has no theme
    themed = {r["provision"]: r["themes"] for r in result.table("provision-themes").dicts()}
    assert themed == {"P:17": "privacy", "P:19": "expression", "P:21": "assembly"}


@pytest.mark.parametrize(
    "label, expected",
    [
        ("privacy", ["privacy"]),
        ("freedom of association and peaceful assembly", ["assembly"]),
        ("benefit from scientific progress and its applications", ["science"]),
        ("equality and non-discrimination; reasonable accommodation", ["non-discrimination"]),
        ("accessibility", ["accessibility"]),
        ("education", ["education"]),
        ("effective remedy", ["remedy"]),
        ("right to life", []),
    ],
)
def test_theme_rule(label, expected):
    assert themes(label) == expected


# -- structure ---------------------------------------------------------------------------------------


@pytest.fixture
def layered() -> nx.MultiDiGraph:
    """K1 — E1 — A1 — T1 — G1 (A1 the only way from the GDC to the SDGs); A2 serves T1 and T2, A1
    serves T1 only: Jaccard 1/2; A3 serves T3 alone."""
    G = graph(("k1", "GDCCommitment", "K1"), ("e1", "Entity", "E1"), ("a1", "ActionLine", "A1"), ("a2", "ActionLine", "A2"),
              ("a3", "ActionLine", "A3"), ("t1", "SDGTarget", "1.1"), ("t2", "SDGTarget", "1.2"), ("t3", "SDGTarget", "1.3"),
              ("g1", "SDGGoal", "1"))
    link(G, "k1", "e1", "linkedTo", "verified")
    link(G, "a1", "e1", "leadFacilitator", "verified")
    link(G, "a1", "t1", "contributesTo", "single-source")
    link(G, "a2", "t1", "contributesTo", "single-source")
    link(G, "a2", "t2", "contributesTo", "single-source")
    link(G, "a3", "t3", "contributesTo", "inferred")
    for t in ("t1", "t2", "t3"):
        link(G, t, "g1", "goal")
    return G


def test_brokers_between_layers(layered):
    result = structure(layered)
    centrality = {r["action_line"]: r for r in result.table("centrality").dicts()}
    # four pairs (K1 to 1.1, 1.2, 1.3 and goal 1); every shortest path passes A1 (K1 E1 A1 1.1 …); of the two
    # shortest paths from K1 to 1.2 (through goal 1 or through A2) one passes A2: 0.5 / 4; none passes A3
    assert centrality["A1"]["betweenness"] == 1.0
    assert centrality["A2"]["betweenness"] == 0.125 and centrality["A3"]["betweenness"] == 0.0
    assert centrality["A1"]["degree"] == 2
    assert codes(result.of_kind("broker")) == [("A1",), ("A2",)]


def test_brokerage_counts_each_path_share():
    H = nx.Graph([("gdc", "a"), ("a", "sdg"), ("gdc", "b"), ("b", "sdg")])
    assert brokerage(H, ["gdc"], ["sdg"]) == {"gdc": 0.0, "a": 0.5, "sdg": 0.0, "b": 0.5}


def test_overlap_and_communities(layered):
    result = structure(layered)
    assert [tuple(r) for r in result.table("overlap").rows] == [("A1", "A2", 0.5)]
    (finding,) = result.of_kind("overlap")  # 0.5 is at the threshold
    assert codes([finding]) == [("A1", "A2", "1.1")]
    communities = result.table("communities").dicts()
    members = sorted(m for c in communities for m in c["members"].split())
    assert members == sorted(d["code"] for _, d in layered.nodes(data=True))
    assert structure(layered).table("communities").rows == result.table("communities").rows  # fixed seed


def test_layer_graph_has_no_records_or_provisions(layered):
    node(layered, "p1", "Provision", "P:1")
    link(layered, "a1", "p1", "groundedIn", "verified")
    assert "p1" not in layer_graph(layered)


# -- evidence ----------------------------------------------------------------------------------------


@pytest.fixture
def dated() -> nx.MultiDiGraph:
    G = graph(("a1", "ActionLine", "A1"), ("a2", "ActionLine", "A2"), ("e1", "Entity", "E1"), ("t1", "SDGTarget", "1.1"))
    link(G, "a1", "e1", "coFacilitator", "verified", "2010-2012", alignment="f1", sources=("https://s/1",))
    link(G, "a1", "e1", "facilitatedBy", "verified", "2010-2012", alignment="f1", sources=("https://s/1",))
    link(G, "a2", "e1", "leadFacilitator", "verified", "2006-", alignment="f2", sources=("https://s/1", "https://s/2"))
    link(G, "a1", "t1", "contributesTo", "single-source", "2024", alignment="m1", method="expert", sources=("https://s/3",))
    link(G, "a2", "t1", "contributesTo", "inferred", "undated (2025?)", alignment="m2", method="derived")
    link(G, "a2", "t1", "contributesTo", "single-source", "Sept 2019", alignment="m3", method="expert")
    link(G, "a2", "t1", "contributesTo", "single-source", "2025", alignment="m4", method="expert")
    return G


def test_links_per_confidence_method_source(dated):
    result = evidence_strength(dated)
    assert dict(map(tuple, result.table("links-by-confidence").rows)) == {"verified": 2, "single-source": 3, "inferred": 1}
    assert list(dict(map(tuple, result.table("links-by-confidence").rows))) == ["verified", "single-source", "inferred"]
    assert dict(map(tuple, result.table("links-by-method").rows)) == {"expert": 3, "(none)": 2, "derived": 1}
    assert dict(map(tuple, result.table("links-by-source").rows)) == {"https://s/1": 2, "https://s/2": 1, "https://s/3": 1, "(no source document)": 3}


def test_unconfirmed_links(dated):
    result = evidence_strength(dated)
    # reference year 2025; A1 coFacilitator E1 last seen 2012: stale; A1→1.1 (2024) is recent;
    # A2→1.1 was seen in 2019 and again in 2025: confirmed; A2 leadFacilitator is an open period
    assert codes(result.of_kind("unconfirmed-link")) == [("A1", "E1")]
    (finding,) = result.of_kind("unconfirmed-link")
    assert finding.figure == 13 and finding.unit == "years" and finding.confidence == "verified"
    figures = {f.name: f.value for f in result.figures}
    assert figures["reference-year"] == 2025 and figures["qualified-links"] == 6


def test_last_year():
    assert [last_year(d) for d in ("2014", "2006-2019", "2006-", "Sept 2024", "29 July 2025", "page undated", None)] == [2014, 2019, "open", 2024, 2025, None, None]


# -- submissions -------------------------------------------------------------------------------------


@pytest.fixture
def submitted() -> nx.MultiDiGraph:
    """S1 (the seed) has trend T1 (about A1, facilitated by E1; A1 serves 1.1, which commitment K1's
    goal holds), trend T2 (about a provision only), recommendation R1 (about process P1, which K1 is
    linked to) and R2 (about nothing)."""
    G = graph(("s1", "Submission", None), ("x1", "EmergingTrend", "T1"), ("x2", "EmergingTrend", "T2"),
              ("r1", "Recommendation", "R1"), ("r2", "Recommendation", "R2"), ("a1", "ActionLine", "A1"),
              ("e1", "Entity", "E1"), ("p1", "Process", "P1"), ("pp", "Provision", "P:17"), ("k1", "GDCCommitment", "K1"),
              ("o1", "GDCObjective", "O1"), ("t1", "SDGTarget", "1.1"), ("g1", "SDGGoal", "1"))
    for n in ("x1", "x2", "r1", "r2"):
        G.nodes[n]["graph"] = "https://w3id.org/wsis-graph/id/graph/seed-submission"
        link(G, n, "s1", "isPartOf")
    link(G, "x1", "a1", "concerns", "verified")
    link(G, "x2", "pp", "concerns", "verified")
    link(G, "r1", "p1", "concerns", "inferred")
    link(G, "a1", "e1", "leadFacilitator", "verified")
    link(G, "a1", "t1", "contributesTo", "single-source")
    link(G, "t1", "g1", "goal")
    link(G, "k1", "o1", "objective")
    link(G, "k1", "g1", "linkedTo", "verified")
    link(G, "k1", "p1", "linkedTo", "verified")
    return G


def test_items_taken_up_or_not(submitted):
    result = submissions(submitted)
    taken = {r["item"]: r["taken_up"] for r in result.table("submission-items").dicts()}
    assert taken == {"T1": "gdc+facilitator", "T2": "no", "R1": "gdc", "R2": "no"}
    assert codes(result.of_kind("trend-not-taken-up")) == [("T2", "P:17")]
    assert codes(result.of_kind("recommendation-not-taken-up")) == [("R2",)]
    row = next(r for r in result.table("submission-items").dicts() if r["item"] == "T1")
    assert (row["action_lines"], row["gdc"], row["facilitators"]) == ("A1", "K1", "E1")


# -- practice ----------------------------------------------------------------------------------------


@pytest.fixture
def practised() -> nx.MultiDiGraph:
    """Four records: three tagged A1 (two with 1.1, all with objective O1), one tagged A2 and 1.1;
    A3 has none. K1 (under O1) is linked to A1; K2 (under O1) reaches nothing."""
    G = graph(("a1", "ActionLine", "A1"), ("a2", "ActionLine", "A2"), ("a3", "ActionLine", "A3"), ("t1", "SDGTarget", "1.1"),
              ("o1", "GDCObjective", "O1"), ("k1", "GDCCommitment", "K1"), ("k2", "GDCCommitment", "K2"),
              ("r1", "PracticeRecord", None), ("r2", "PracticeRecord", None), ("r3", "PracticeRecord", None), ("r4", "PracticeRecord", None))
    G.graph["records"] = True
    for r in ("r1", "r2", "r3"):
        link(G, r, "a1", "actionLine")
        link(G, r, "o1", "gdcObjective")
    link(G, "r1", "t1", "sdgTarget")
    link(G, "r2", "t1", "sdgTarget")
    link(G, "r4", "a2", "actionLine")
    link(G, "r4", "t1", "sdgTarget")
    link(G, "k1", "o1", "objective")
    link(G, "k2", "o1", "objective")
    link(G, "k1", "a1", "linkedTo", "verified")
    return G


def test_practice_matrix_and_least_practice(practised):
    result = practice(practised)
    assert sorted(map(tuple, result.table("practice-matrix").rows)) == [("A1", "1.1", 2), ("A2", "1.1", 1)]
    assert dict(map(tuple, result.table("practice-by-action-line").rows)) == {"A1": 3, "A2": 1, "A3": 0}
    assert codes(result.of_kind("least-practice-action-line")) == [("A3",)]
    by_commitment = {r["commitment"]: r["records"] for r in result.table("practice-by-commitment").dicts()}
    assert by_commitment == {"K1": 3, "K2": 0}
    assert [f.items[0].code for f in result.of_kind("least-practice-commitment")] == ["K2"]


def test_practice_needs_records(practised):
    practised.graph["records"] = False
    with pytest.raises(RecordsNotProjected, match="--include-records"):
        practice(practised)


def test_bottom_quartile_keeps_ties():
    assert bottom_quartile({"a": 1, "b": 1, "c": 5, "d": 9}) == ["a", "b"]
    assert bottom_quartile({}) == []


# -- registry and the confidence order ---------------------------------------------------------------


def test_confidence_order_matches_the_ontology_ranks(ontology):
    ranked = sorted(
        (int(ontology.value(mark, WSIS.rank)), str(ontology.value(mark, SKOS.notation)))
        for mark in ontology.subjects(WSIS.rank, None)
    )
    assert tuple(notation for _, notation in ranked) == CONFIDENCE_ORDER
    assert [rank for rank, _ in ranked] == list(range(1, len(CONFIDENCE_ORDER) + 1))
    assert isinstance(ontology.value(WSIS.Verified, WSIS.rank), Literal)


def test_registry_selects_analyses():
    assert list(ANALYSES)[:2] == ["sdg-coverage", "gdc-wsis"]
    assert "practice" not in select(None, ProjectionOptions())
    assert select(None, ProjectionOptions(records=True))[-1] == "practice"
    with pytest.raises(AnalysisError, match="no analysis named nope"):
        select(["nope"], ProjectionOptions())
    with pytest.raises(AnalysisError, match="--include-records"):
        select(["practice"], ProjectionOptions())


# -- the real data -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(built, tmp_path_factory):
    s = OxigraphStore(tmp_path_factory.mktemp("more") / "db")
    s.replace(list(built.quads()))
    yield s
    s.close()


@pytest.fixture(scope="module")
def results(store) -> dict[str, AnalysisResult]:
    return {r.analysis: r for r in run_analyses(store)}


def select_rows(store, query: str) -> list[dict]:
    return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in store.query(PROLOGUE + query).dicts()]


def test_real_run_has_every_analysis_but_practice(results):
    assert list(results) == [n for n in ANALYSES if n != "practice"]
    for r in results.values():
        assert AnalysisResult.from_dict(r.to_dict()) == r
        for f in r.findings:
            for e in f.evidence:
                assert e.subject and e.object and e.relation


def test_real_single_facilitator_lines_match_sparql(store, results):
    rows = select_rows(store, """
        SELECT ?code (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?al a wsis:ActionLine ; skos:notation ?code .
          ?f a wsis:Facilitation ; wsis:actionLine ?al ; wsis:facilitator ?e ; org:role ?role .
          FILTER(?role != wsis:FormerFacilitator)
        } GROUP BY ?code""")
    expected = sorted(r["code"] for r in rows if r["n"] == "1")
    got = sorted(f.items[0].code for f in results["facilitation"].of_kind("single-facilitator"))
    assert got == expected and "C5" in got


def test_real_entity_load_matches_sparql(store, results):
    rows = select_rows(store, """
        SELECT ?entity (COUNT(DISTINCT ?al) AS ?n) WHERE {
          ?f a wsis:Facilitation ; wsis:actionLine ?al ; wsis:facilitator/skos:notation ?entity ; org:role ?role .
          FILTER(?role IN (wsis:LeadFacilitator, wsis:CoFacilitator, wsis:Partner))
        } GROUP BY ?entity""")
    assert {r["entity"]: int(r["n"]) for r in rows} == {r["entity"]: r["action_lines"] for r in results["facilitation"].table("entity-load").dicts()}


def test_real_role_disagreements_match_sparql(store, results):
    rows = select_rows(store, """
        SELECT DISTINCT ?code ?entity WHERE {
          ?a a wsis:Facilitation ; wsis:actionLine ?al ; wsis:facilitator ?e ; org:role ?r1 .
          ?b a wsis:Facilitation ; wsis:actionLine ?al ; wsis:facilitator ?e ; org:role ?r2 .
          FILTER(?r1 != ?r2) ?al skos:notation ?code . ?e skos:notation ?entity }""")
    assert sorted((r["code"], r["entity"]) for r in rows) == sorted(codes(results["facilitation"].of_kind("role-disagreement")))


def test_real_ungrounded_commitments_match_sparql(store, results):
    rows = select_rows(store, """
        SELECT ?code WHERE {
          ?k a wsis:GDCCommitment ; skos:notation ?code .
          FILTER NOT EXISTS { ?k wsis:groundedIn ?p . { ?p a wsis:Provision } UNION { ?p a wsis:Instrument } }
          FILTER NOT EXISTS { ?k wsis:contributesTo|wsis:linkedTo ?t . ?t a wsis:SDGTarget ; wsis:groundedIn ?p . { ?p a wsis:Provision } UNION { ?p a wsis:Instrument } }
          FILTER NOT EXISTS { ?k wsis:contributesTo|wsis:linkedTo ?g . ?g a wsis:SDGGoal . ?t wsis:goal ?g ; a wsis:SDGTarget ; wsis:groundedIn ?p . { ?p a wsis:Provision } UNION { ?p a wsis:Instrument } }
          FILTER NOT EXISTS { ?k wsis:linkedTo ?d . ?d a wsis:Document ; wsis:groundedIn ?p . { ?p a wsis:Provision } UNION { ?p a wsis:Instrument } }
          FILTER NOT EXISTS { ?x wsis:concerns ?k , ?p . { ?x a wsis:Recommendation } UNION { ?x a wsis:EmergingTrend } { ?p a wsis:Provision } UNION { ?p a wsis:Instrument } }
        }""")
    assert sorted(r["code"] for r in rows) == sorted(f.items[0].code for f in results["rights"].of_kind("ungrounded-commitment"))
    assert rows  # the real data has commitments with no grounding at all


def test_real_untouched_privacy_provisions_match_sparql(store, results):
    # privacy provisions (label names privacy) that no Action Line or commitment reaches by the target route, the only
    # route by which the real data reaches them apart from the submission
    touched = {f.items[0].code for f in results["rights"].of_kind("untouched-provision")}
    rows = select_rows(store, """
        SELECT ?code (COUNT(?s) AS ?n) WHERE {
          ?p a wsis:Provision ; skos:notation ?code ; skos:prefLabel ?l FILTER(LANG(?l) = "en" && CONTAINS(LCASE(?l), "privacy"))
          OPTIONAL {
            { ?s wsis:groundedIn ?p } UNION { ?s wsis:contributesTo|wsis:linkedTo ?t . ?t a wsis:SDGTarget ; wsis:groundedIn ?p }
            UNION { ?s wsis:contributesTo|wsis:linkedTo ?g . ?g a wsis:SDGGoal . ?t wsis:goal ?g ; wsis:groundedIn ?p }
            UNION { ?s wsis:linkedTo ?d . ?d a wsis:Document ; wsis:groundedIn ?p }
            UNION { ?x wsis:concerns ?s , ?p . { ?x a wsis:Recommendation } UNION { ?x a wsis:EmergingTrend } }
            { ?s a wsis:ActionLine } UNION { ?s a wsis:GDCCommitment }
          }
        } GROUP BY ?code""")
    expected = {r["code"] for r in rows if r["n"] == "0"}
    assert {c for c in touched if c in {r["code"] for r in rows}} == expected


def test_real_jaccard_matches_sparql(store, results):
    top = results["structure"].table("overlap").dicts()[0]
    rows = select_rows(store, f"""
        SELECT (COUNT(DISTINCT ?shared) AS ?both) (COUNT(DISTINCT ?t) AS ?either) WHERE {{
          ?a skos:notation "{top['a']}" ; a wsis:ActionLine . ?b skos:notation "{top['b']}" ; a wsis:ActionLine .
          {{ ?a wsis:contributesTo ?t }} UNION {{ ?b wsis:contributesTo ?t }} ?t a wsis:SDGTarget .
          OPTIONAL {{ ?a wsis:contributesTo ?t . ?b wsis:contributesTo ?t . BIND(?t AS ?shared) }} }}""")
    assert round(int(rows[0]["both"]) / int(rows[0]["either"]), 4) == top["jaccard"]


def test_real_links_by_confidence_match_sparql(store, results):
    # the marks are IRIs in the store; their notations are in the ontology, which the store does not hold
    rows = select_rows(store, """
        SELECT ?c (COUNT(DISTINCT ?link) AS ?n) WHERE {
          GRAPH ?g { { ?link a wsis:Alignment } UNION { ?link a wsis:Facilitation } ?link wsis:confidence ?c } } GROUP BY ?c""")
    names = {"Verified": "verified", "SingleSource": "single-source", "Reviewed": "reviewed", "DraftOnly": "draft-only", "UnknownParagraph": "unknown-paragraph",
             "Inferred": "inferred", "DatasetAnomaly": "dataset-anomaly", "Unknown": "unknown"}
    expected = {names[r["c"].rsplit("#", 1)[1]]: int(r["n"]) for r in rows}
    assert dict(map(tuple, results["evidence"].table("links-by-confidence").rows)) == expected
    assert sum(expected.values()) == next(f.value for f in results["evidence"].figures if f.name == "qualified-links")


def test_real_recommendations_about_nothing_are_not_taken_up(store, results):
    rows = select_rows(store, """
        SELECT ?code WHERE { ?r a wsis:Recommendation ; skos:notation ?code . FILTER NOT EXISTS { ?r wsis:concerns ?x } }""")
    found = {f.items[0].code for f in results["submissions"].of_kind("recommendation-not-taken-up")}
    assert {r["code"] for r in rows} <= found
    with_line = {r["code"] for r in select_rows(store, """
        SELECT DISTINCT ?code WHERE { { ?r a wsis:Recommendation } UNION { ?r a wsis:EmergingTrend }
          ?r skos:notation ?code ; wsis:concerns ?al . ?al a wsis:ActionLine }""")}
    assert not (with_line & found)  # an item about an Action Line is carried by its facilitator


def test_real_scope_narrows(store):
    (scoped,) = run_analyses(store, names=["facilitation"], scope=Scope("action-line", "C5"))
    assert codes(scoped.of_kind("single-facilitator")) == [("C5", "ITU")]
    assert not scoped.of_kind("role-disagreement")  # the C4 disagreement is not about C5
