"""GDC → WSIS: paths, ranking, orphans and weak-only commitments.

A hand-made graph gives known answers for every route; on the real data the commitments with a
home, the orphans and the weak-only commitments are checked against independent SPARQL queries.
"""

from __future__ import annotations

import networkx as nx
import pytest

from wsis_graph.analysis.findings import AnalysisResult, weakest
from wsis_graph.analysis.gdc import ROUTE, ROUTES, gdc_wsis, paths_from, suggested_paths
from wsis_graph.analysis.options import Scope
from wsis_graph.analysis.projection import ResolveError, notation, project
from wsis_graph.analysis.reviewed import ReviewPair, ReviewState
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import OxigraphStore

COLUMNS = ["commitment", "objective", "action_line", "entity", "role", "route", "reviewed", "strength", "weakest_confidence", "path"]


def node(G, iri, type_, code):
    G.add_node(iri, iri=iri, type=type_, code=code, label=f"label of {code}", graph="g", confidence=None)


def link(G, u, v, relation, confidence=None, strength=None, alignment=None, graph="g"):
    key = relation
    n = 1
    while G.has_edge(u, v, key):
        n += 1
        key = f"{relation}#{n}"
    G.add_edge(u, v, key=key, relation=relation, confidence=confidence, strength=strength, method=None,
               source=f"https://example.org/{u}-{v}" if confidence else None, sources=(), locator=None, graph=graph,
               alignment=alignment or (f"a:{u}-{relation}-{v}-{n}" if confidence else None), date=None)


@pytest.fixture
def small() -> nx.MultiDiGraph:
    """Six commitments under two objectives; every route once; marks chosen to test the ranking.

    K1 → A1 (explicit, verified), A1 led by E1 (verified)                       strength 1.0, verified
    K2 → T1 (single-source); A2 contributes to T1 (strength 0.5, single-source);
         A2 led by E2 (verified)                                                 0.6 × 0.5 = 0.3, single-source
    K3 → E3 (verified), which facilitates no Action Line                         orphan, names E3
    K4 nothing                                                                   orphan
    K5 → G1 (verified); A1 contributes to T2 (verified), T2 under G1             shared goal 0.4, verified
       and K5 → E2 (inferred) then A2                                            explicit entity 0.8, inferred
    K6 ← R1 (inferred) → A2                                                      thematic 0.3, inferred
    """
    G = nx.MultiDiGraph(graphs=["g"], confidence=None, proposals=False, records=False)
    for iri, type_, code in [
        ("o1", "GDCObjective", "GDC-O1"), ("o2", "GDCObjective", "GDC-O2"),
        ("k1", "GDCCommitment", "K1"), ("k2", "GDCCommitment", "K2"), ("k3", "GDCCommitment", "K3"),
        ("k4", "GDCCommitment", "K4"), ("k5", "GDCCommitment", "K5"), ("k6", "GDCCommitment", "K6"),
        ("a1", "ActionLine", "A1"), ("a2", "ActionLine", "A2"), ("a3", "ActionLine", "A3"),
        ("e1", "Entity", "E1"), ("e2", "Entity", "E2"), ("e3", "Entity", "E3"),
        ("t1", "SDGTarget", "1.1"), ("t2", "SDGTarget", "2.1"), ("g1", "SDGGoal", "2"), ("r1", "Recommendation", "R1"),
    ]:
        node(G, iri, type_, code)
    for k in ("k1", "k2", "k3"):
        link(G, k, "o1", "objective")
    for k in ("k4", "k5", "k6"):
        link(G, k, "o2", "objective")
    link(G, "t2", "g1", "goal")
    link(G, "k1", "a1", "linkedTo", "verified")
    link(G, "a1", "e1", "leadFacilitator", "verified")
    link(G, "a1", "e1", "facilitatedBy", "verified")  # repeats the role: must not make a second path
    link(G, "k2", "t1", "linkedTo", "single-source")
    link(G, "a2", "t1", "contributesTo", "single-source", strength=0.5)
    link(G, "a2", "e2", "leadFacilitator", "verified")
    link(G, "k3", "e3", "linkedTo", "verified")
    link(G, "k5", "g1", "linkedTo", "verified")
    link(G, "a1", "t2", "contributesTo", "verified")
    link(G, "k5", "e2", "linkedTo", "inferred")
    link(G, "r1", "k6", "concerns", "inferred")
    link(G, "r1", "a2", "concerns", "inferred")
    # a3 is served by nothing: it must never appear
    return G


def rows(result: AnalysisResult) -> list[dict]:
    return result.table("gdc-paths").dicts()


def test_known_answers_on_a_small_graph(small):
    result = gdc_wsis(small)
    assert result.analysis == "gdc-wsis"
    assert result.table("gdc-paths").columns == COLUMNS
    figures = {f.name: f.value for f in result.figures}
    assert figures == {"commitments": 6, "commitments-with-home": 4, "orphan-commitments": 2, "weak-only-commitments": 2,
                       "orphan-commitments-reviewed": 0, "orphan-commitments-not-reviewed": 2,
                       "weak-only-commitments-reviewed": 0, "weak-only-commitments-not-reviewed": 2}
    by = {(r["commitment"], r["action_line"], r["entity"], r["route"]): r for r in rows(result)}
    assert {r["reviewed"] for r in rows(result) if r["commitment"] and r["action_line"]} == {"no"}
    k1 = by[("K1", "A1", "E1", "curated")]
    assert (k1["strength"], k1["weakest_confidence"], k1["role"], k1["objective"]) == (1.0, "verified", "leadFacilitator", "GDC-O1")
    assert k1["path"] == "K1 —linkedTo [verified]→ A1 —leadFacilitator [verified]→ E1"
    k2 = by[("K2", "A2", "E2", "shared target")]
    assert (k2["strength"], k2["weakest_confidence"]) == (0.3, "single-source")
    assert k2["path"] == "K2 —linkedTo [single-source]→ 1.1 ←contributesTo [single-source]— A2 —leadFacilitator [verified]→ E2"
    k5_goal = by[("K5", "A1", "E1", "shared goal")]
    assert (k5_goal["strength"], k5_goal["weakest_confidence"]) == (0.4, "verified")
    assert "—linkedTo [verified]→ 2 ←goal— 2.1 ←contributesTo [verified]— A1" in k5_goal["path"]
    k5_entity = by[("K5", "A2", "E2", "curated")]
    assert (k5_entity["strength"], k5_entity["weakest_confidence"]) == (0.8, "inferred")
    k6 = by[("K6", "A2", "E2", "thematic")]
    assert (k6["strength"], k6["weakest_confidence"]) == (0.3, "inferred")
    k3 = by[("K3", None, "E3", "curated")]
    assert k3["role"] is None
    assert not any(r["action_line"] == "A3" for r in rows(result))
    assert len([r for r in rows(result) if r["commitment"] == "K1"]) == 1  # facilitatedBy adds no path
    # ranked: K5's explicit path (0.8) comes before its shared-goal path (0.4)
    k5_rows = [r for r in rows(result) if r["commitment"] == "K5"]
    assert [r["strength"] for r in k5_rows] == sorted((r["strength"] for r in k5_rows), reverse=True)


def test_findings_on_a_small_graph(small):
    result = gdc_wsis(small)
    orphans = {f.items[0].code: f for f in result.of_kind("orphan-commitment")}
    assert set(orphans) == {"K3", "K4"}
    assert "names E3, which facilitates no Action Line" in orphans["K3"].text
    weak = {f.items[0].code: f for f in result.of_kind("weak-only-commitment")}
    assert set(weak) == {"K2", "K6"}  # K5 has a verified path, K1 is verified end to end
    assert weak["K2"].confidence == "single-source" and weak["K6"].confidence == "inferred"
    homes = {f.items[0].code: f for f in result.of_kind("commitment-home")}
    assert set(homes) == {"K1", "K2", "K5", "K6"}
    assert homes["K5"].figure == 2 and homes["K5"].confidence == "inferred"  # best path first: explicit via E2
    assert [e.relation for e in homes["K1"].evidence] == ["linkedTo", "leadFacilitator"]
    flow = result.table("objective-flow").dicts()
    # K5 reaches A1 and A2 (half a commitment each), K6 reaches A2 only: 1.5 commitments on O2 → A2 → E2.
    assert {"objective": "GDC-O2", "action_line": "A2", "entity": "E2", "commitments": 1.5} in flow
    assert {"objective": "GDC-O1", "action_line": "A1", "entity": "E1", "commitments": 1} in flow
    # The orphans K3 (O1) and K4 (O2) flow whole into "no home" (no Action Line, no entity).
    assert {"objective": "GDC-O1", "action_line": None, "entity": None, "commitments": 1} in flow
    assert {"objective": "GDC-O2", "action_line": None, "entity": None, "commitments": 1} in flow
    assert sum(r["commitments"] for r in flow) == pytest.approx(6)  # the six commitments, each counted once
    assert AnalysisResult.from_dict(result.to_dict()) == result


def test_scope_to_an_objective_or_commitment(small):
    one = gdc_wsis(small, Scope("gdc", "K2"))
    assert {r["commitment"] for r in rows(one)} == {"K2"}
    assert {f.name: f.value for f in one.figures}["commitments"] == 1
    objective = gdc_wsis(small, Scope("gdc", "GDC-O2"))
    assert {f.name: f.value for f in objective.figures}["commitments"] == 3
    assert {r["commitment"] for r in rows(objective)} == {"K5", "K6"}  # K4 has no path
    with pytest.raises(ResolveError):
        gdc_wsis(small, Scope("gdc", "A1"))  # an Action Line is not a GDC objective or commitment


def test_scope_to_an_action_line_or_entity(small):
    a2 = gdc_wsis(small, Scope("action-line", "A2"))
    assert {r["commitment"] for r in rows(a2)} == {"K2", "K5", "K6"}
    assert {f.name: f.value for f in a2.figures}["commitments-reaching-scope"] == 3
    e1 = gdc_wsis(small, Scope("entity", "E1"))
    assert {r["commitment"] for r in rows(e1)} == {"K1", "K5"}


def test_strength_of_links_multiplies(small):
    small.edges["a2", "t1", "contributesTo"]["strength"] = 0.25
    k2 = [p for p in paths_from(small, "k2") if p.action_line == "a2"][0]
    assert k2.strength == pytest.approx(0.6 * 0.25)


# -- routes and the review --------------------------------------------------------------------------


def figures_of(result: AnalysisResult) -> dict:
    return {f.name: f.value for f in result.figures}


def test_the_route_kinds_are_defined_once_in_order():
    assert [r.name for r in ROUTES] == ["reviewed", "curated", "proposed", "shared target", "shared goal", "thematic", "suggested"]
    assert (ROUTE["shared target"].weight, ROUTE["shared goal"].weight) == (0.6, 0.4)
    assert ROUTE["curated"].entity_weight == 0.8 and not ROUTE["suggested"].counts


def test_a_reviewed_link_is_route_reviewed_beside_the_curated_one(small):
    link(small, "k4", "a2", "linkedTo", "reviewed", graph="review/mappings")  # K4 had no path
    link(small, "k1", "a1", "linkedTo", "reviewed", graph="review/mappings")  # K1 also has a curated link
    small.graph["review"] = ReviewState([ReviewPair("p4", "k4", "a2", "accepted"), ReviewPair("p1", "k1", "a1", "accepted")])
    result = gdc_wsis(small)
    by = {(r["commitment"], r["action_line"], r["route"]): r for r in rows(result)}
    assert (by[("K4", "A2", "reviewed")]["reviewed"], by[("K4", "A2", "reviewed")]["strength"]) == ("accepted", 1.0)
    assert by[("K4", "A2", "reviewed")]["path"] == "K4 —linkedTo [reviewed]→ A2 —leadFacilitator [verified]→ E2"
    assert {r for (c, a, r) in by if c == "K1"} == {"curated", "reviewed"}
    assert figures_of(result)["orphan-commitments"] == 1  # K3 only
    weak = {f.items[0].code: f for f in result.of_kind("weak-only-commitment")}
    assert weak["K4"].text.endswith("no path is verified end to end. Reviewed (its pair with an Action Line decided).")  # reviewed ranks below verified


def test_a_proposed_link_is_not_called_curated(small):
    link(small, "k4", "a1", "linkedTo", "inferred", graph="proposals/x")
    small.graph["proposal_graphs"] = ["proposals/x"]
    assert {p.route for p in paths_from(small, "k4")} == {"proposed"}


def test_a_rejected_pair_makes_a_commitment_reviewed_with_no_action_line(small):
    small.graph["review"] = ReviewState([ReviewPair("p6", "k6", "a2", "rejected")])
    result = gdc_wsis(small)
    orphans = {f.items[0].code: f for f in result.of_kind("orphan-commitment")}
    assert set(orphans) == {"K3", "K4", "K6"}
    assert orphans["K6"].text.startswith("K6") and orphans["K6"].text.endswith(". Reviewed: no Action Line carries it.")
    assert "a reviewer rejected its 1 pair with A2" in orphans["K6"].text
    assert orphans["K4"].text.endswith(". Not yet reviewed.")
    figures = figures_of(result)
    assert (figures["orphan-commitments-reviewed"], figures["orphan-commitments-not-reviewed"]) == (1, 2)
    assert figures["commitments-with-home"] == 3
    # the path is still listed, marked rejected
    k6 = [r for r in rows(result) if r["commitment"] == "K6"]
    assert [(r["route"], r["reviewed"]) for r in k6] == [("thematic", "rejected")]


def test_a_commitment_with_a_pair_still_open_or_unsure_is_not_yet_reviewed(small):
    for other in ("open", "unsure"):
        small.graph["review"] = ReviewState([ReviewPair("p6", "k6", "a2", "rejected"), ReviewPair("q6", "k6", "a1", other)])
        orphans = {f.items[0].code: f for f in gdc_wsis(small).of_kind("orphan-commitment")}
        assert orphans["K6"].text.endswith(". Not yet reviewed."), other


def test_weak_only_commitments_are_counted_both_ways(small):
    small.graph["review"] = ReviewState([ReviewPair("p2", "k2", "a2", "unsure")])
    figures = figures_of(gdc_wsis(small))
    assert figures["weak-only-commitments"] == 2
    assert (figures["weak-only-commitments-reviewed"], figures["weak-only-commitments-not-reviewed"]) == (1, 1)


def test_suggestions_are_shown_apart_and_change_no_count(small):
    before = gdc_wsis(small)
    small.graph["review"] = ReviewState([
        ReviewPair("s4", "k4", "a1", "open", 0.7, ("run-1",)),
        ReviewPair("r4", "k4", "a2", "rejected", 0.9, ("run-1",)),
        ReviewPair("e4", "k4", "e3", "open", 0.5, ("run-1",)),
    ])
    after = gdc_wsis(small)
    assert after.figures == before.figures and after.findings == before.findings
    assert all(r["route"] != "suggested" for r in rows(after))
    suggested = [(pair.pid, p.route, p.action_line, p.entity, p.strength) for pair, p in suggested_paths(small, "k4")]
    assert suggested == [("s4", "suggested", "a1", "e1", None), ("e4", "suggested", None, "e3", None)]  # never the rejected pair


# -- the real data ------------------------------------------------------------------------------------

#: An Action Line a commitment reaches, by the routes of the module, written independently in SPARQL.
REACH = """
SELECT DISTINCT ?c ?al WHERE {
  ?c a wsis:GDCCommitment .
  { ?c wsis:linkedTo ?al . ?al a wsis:ActionLine }
  UNION { ?c wsis:linkedTo ?e . ?e a wsis:Entity . ?al ?role ?e . VALUES ?role { wsis:leadFacilitator wsis:coFacilitator wsis:partner } }
  UNION { ?c wsis:linkedTo ?sdg . ?al wsis:contributesTo ?sdg . ?al a wsis:ActionLine }
  UNION { ?c wsis:linkedTo ?goal . ?goal a wsis:SDGGoal . ?t wsis:goal ?goal . ?al wsis:contributesTo ?t . ?al a wsis:ActionLine }
  UNION { ?c wsis:linkedTo ?t . ?t wsis:goal ?goal . ?al wsis:contributesTo ?goal . ?al a wsis:ActionLine }
  UNION { ?c wsis:groundedIn ?p . ?al wsis:groundedIn ?p . ?al a wsis:ActionLine }
  UNION { ?r wsis:concerns ?c . ?r wsis:concerns ?al . ?al a wsis:ActionLine }
  UNION { ?r wsis:concerns ?c . ?r wsis:concerns ?e . ?e a wsis:Entity . ?al ?role ?e . VALUES ?role { wsis:leadFacilitator wsis:coFacilitator wsis:partner } }
  UNION { ?c wsis:linkedTo ?hub . ?hub wsis:relatedEntity ?e . ?e a wsis:Entity . ?al ?role ?e . VALUES ?role { wsis:leadFacilitator wsis:coFacilitator wsis:partner } }
}
"""

#: Commitments with a path on which every qualified link is marked verified (the routes that occur
#: in the curated data: explicit, shared goal or target, and a process's related entity).
VERIFIED = """
SELECT DISTINCT ?c WHERE {
  ?c a wsis:GDCCommitment .
  ?link a wsis:Alignment ; wsis:alignmentSubject ?c ; wsis:alignmentObject ?x ; wsis:confidence wsis:Verified .
  {
    ?x a wsis:ActionLine . ?f a wsis:Facilitation ; wsis:actionLine ?x ; wsis:confidence wsis:Verified ;
       org:role ?r . FILTER(?r != wsis:FormerFacilitator)
  } UNION {
    ?x a wsis:Entity . ?f a wsis:Facilitation ; wsis:facilitator ?x ; wsis:actionLine ?al ; wsis:confidence wsis:Verified ;
       org:role ?r . FILTER(?r != wsis:FormerFacilitator)
  } UNION {
    { ?m wsis:alignmentObject ?x } UNION { ?t wsis:goal ?x . ?m wsis:alignmentObject ?t } UNION { ?x wsis:goal ?g . ?m wsis:alignmentObject ?g }
    ?m wsis:relation wsis:contributesTo ; wsis:confidence wsis:Verified ; wsis:alignmentSubject ?al .
    ?f a wsis:Facilitation ; wsis:actionLine ?al ; wsis:confidence wsis:Verified ; org:role ?r . FILTER(?r != wsis:FormerFacilitator)
  } UNION {
    ?x wsis:relatedEntity ?e . ?f a wsis:Facilitation ; wsis:facilitator ?e ; wsis:actionLine ?al ; wsis:confidence wsis:Verified ;
       org:role ?r . FILTER(?r != wsis:FormerFacilitator)
  }
}
"""


@pytest.fixture(scope="module")
def real(built, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("gdc") / "store")
    store.replace(built.quads())
    yield store
    store.close()


@pytest.fixture(scope="module")
def real_result(real):
    return gdc_wsis(project(real))


def codes(store, query: str, var: str = "c") -> set[str]:
    result = store.query(sparql_prologue() + query).dicts()
    notations = {
        str(r["s"]): str(r["n"])
        for r in store.query(sparql_prologue() + "SELECT ?s ?n WHERE { ?s a wsis:GDCCommitment ; skos:notation ?n }").dicts()
    }
    return {notations[str(r[var])] for r in result}


def test_real_data_homes_and_orphans_match_sparql(real, real_result):
    every = codes(real, "SELECT ?c WHERE { ?c a wsis:GDCCommitment }")
    homed = codes(real, REACH)
    figures = {f.name: f.value for f in real_result.figures}
    assert figures["commitments"] == len(every) > 0
    assert {f.items[0].code for f in real_result.of_kind("commitment-home")} == homed
    assert {f.items[0].code for f in real_result.of_kind("orphan-commitment")} == every - homed
    assert figures["commitments-with-home"] + figures["orphan-commitments"] == len(every)
    # every commitment is in the analysis, once as a home or as an orphan
    reached = {r["commitment"] for r in rows(real_result) if r["commitment"] and r["action_line"]}
    assert reached == homed


def test_real_data_weak_only_matches_sparql(real, real_result):
    homed = codes(real, REACH)
    verified = codes(real, VERIFIED)
    weak = {f.items[0].code for f in real_result.of_kind("weak-only-commitment")}
    assert weak == homed - verified
    for finding in real_result.of_kind("weak-only-commitment"):
        assert finding.confidence not in (None, "verified")


def test_real_data_paths_name_real_links(real, real_result):
    """The first link of each best path is a qualified link the store holds, with the mark the path shows."""
    marks: dict[tuple[str, str], set[str]] = {}
    for r in real.query(sparql_prologue() + "SELECT ?s ?o ?c WHERE { ?a wsis:alignmentSubject ?s ; wsis:alignmentObject ?o ; wsis:confidence ?c }").dicts():
        marks.setdefault((str(r["s"]), str(r["o"])), set()).add(notation(r["c"]))
    homes = real_result.of_kind("commitment-home")
    assert homes
    for finding in homes:
        first = finding.evidence[0]
        assert first.confidence in marks[(first.subject, first.object)]
        assert first.alignment is not None and first.source
        assert finding.confidence == weakest(e.confidence for e in finding.evidence)
    table = rows(real_result)
    # the curated data has no reviewed or proposed link, and meets the SDGs at goals only
    assert {r["route"] for r in table} <= {"curated", "shared goal", "thematic"}
    assert "shared goal" in {r["route"] for r in table}
    assert all(0 < r["strength"] <= 1 for r in table)
