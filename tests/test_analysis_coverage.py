"""SDG coverage: unserved targets and goals, share served per goal, the ICT-specific targets.

A hand-made graph gives known answers; on the real data the figures are checked against
independent SPARQL over a store built from the tables.
"""

from __future__ import annotations

import networkx as nx
import pytest

from wsis_graph.analysis.coverage import ICT_PATTERN, ict_tier, sdg_coverage
from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.analysis.projection import project
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import OxigraphStore

PROLOGUE = sparql_prologue()


def node(G, iri, type_, code, label=None):
    G.add_node(iri, iri=iri, type=type_, code=code, label=label or f"label of {code}", graph="g", confidence=None)


def link(G, u, v, relation, confidence=None):
    key, n = relation, 1
    while G.has_edge(u, v, key):
        n += 1
        key = f"{relation}#{n}"
    qualified = confidence is not None
    G.add_edge(u, v, key=key, relation=relation, confidence=confidence, strength=None, method="expert" if qualified else None,
               source="https://example.org/src" if qualified else None, sources=(), locator=None, graph="g",
               alignment=f"a:{u}-{v}-{n}" if qualified else None, date=None)


@pytest.fixture
def small() -> nx.MultiDiGraph:
    """Two goals of two and three targets; A1 serves 1.1 and 1.2 (the whole of goal 1), A2 serves 1.1;
    goal 2 has only a goal-level link from A2, so none of its targets is served; goal 3 has nothing.

    Target 2.a names "information and communications technology" (tier ict), 2.b "technology"
    (tier technology), 1.2 names the Internet (tier ict).
    """
    G = nx.MultiDiGraph(graphs=["g"], confidence=None, proposals=False, records=False)
    node(G, "g1", "SDGGoal", "1")
    node(G, "g2", "SDGGoal", "2")
    node(G, "g3", "SDGGoal", "3")
    node(G, "t11", "SDGTarget", "1.1", "End extreme poverty for all people everywhere")
    node(G, "t12", "SDGTarget", "1.2", "Provide universal and affordable access to the Internet")
    node(G, "t2a", "SDGTarget", "2.a", "Enhance the use of information and communications technology")
    node(G, "t2b", "SDGTarget", "2.b", "Promote the transfer of environmentally sound technologies")
    node(G, "t2c", "SDGTarget", "2.c", "Reduce food waste")
    node(G, "t31", "SDGTarget", "3.1", "Reduce maternal mortality")
    for t, g in (("t11", "g1"), ("t12", "g1"), ("t2a", "g2"), ("t2b", "g2"), ("t2c", "g2"), ("t31", "g3")):
        link(G, t, g, "goal")
    node(G, "a1", "ActionLine", "A1")
    node(G, "a2", "ActionLine", "A2")
    node(G, "e1", "Entity", "E1")
    link(G, "a1", "t11", "contributesTo", "single-source")
    link(G, "a1", "t12", "contributesTo", "verified")
    link(G, "a2", "t11", "contributesTo", "inferred")
    link(G, "a2", "g2", "contributesTo", "single-source")
    link(G, "a1", "e1", "leadFacilitator", "verified")
    link(G, "a1", "e1", "facilitatedBy", "verified")
    return G


def test_unserved_targets_and_goals(small):
    result = sdg_coverage(small)
    assert {f.items[0].code for f in result.of_kind("unserved-target")} == {"2.a", "2.b", "2.c", "3.1"}
    # goal 2 has a goal-level link (not unserved), goal 3 has nothing
    assert [f.items[0].code for f in result.of_kind("unserved-goal")] == ["3"]
    hint = next(f for f in result.of_kind("unserved-target") if f.items[0].code == "2.a")
    assert "1 Action Line linked to goal 2 as a whole" in hint.text
    assert [(e.subject, e.object) for e in hint.evidence] == [("a2", "g2")]


def test_share_of_targets_served_per_goal(small):
    table = {r["goal"]: r for r in sdg_coverage(small).table("goal-coverage").dicts()}
    assert (table["1"]["targets"], table["1"]["served"], table["1"]["share"]) == (2, 2, 1.0)
    assert (table["2"]["targets"], table["2"]["served"], table["2"]["share"]) == (3, 0, 0.0)
    assert (table["3"]["targets"], table["3"]["served"]) == (1, 0)
    figures = {f.name: f.value for f in sdg_coverage(small).figures}
    assert figures["targets"] == 6 and figures["targets-served"] == 2 and figures["targets-unserved"] == 4


def test_matrices_count_links(small):
    result = sdg_coverage(small)
    assert sorted(map(tuple, result.table("action-line-target-matrix").rows)) == [("A1", "1.1", 1), ("A1", "1.2", 1), ("A2", "1.1", 1)]
    # A2's link to goal 2 as a whole counts in the goal matrix, and its link to 1.1 counts for goal 1
    assert sorted(map(tuple, result.table("action-line-goal-matrix").rows)) == [("A1", "1", 2), ("A2", "1", 1), ("A2", "2", 1)]


def test_ict_targets_and_who_serves_them(small):
    result = sdg_coverage(small)
    found = {f.items[0].code: f for f in result.of_kind("ict-target")}
    assert set(found) == {"1.2", "2.a", "2.b"}
    assert [i.code for i in found["1.2"].items] == ["1.2", "A1", "E1"]
    assert found["1.2"].figure == 1 and found["1.2"].confidence == "verified"
    assert found["2.a"].figure == 0 and "no Action Line" in found["2.a"].text
    tiers = {r["target"]: r["tier"] for r in result.table("ict-targets").dicts()}
    assert tiers == {"1.2": "ict", "2.a": "ict", "2.b": "technology"}


@pytest.mark.parametrize(
    "text, tier",
    [
        ("Significantly increase access to information and communications technology", "ict"),
        ("information and communication technologies for all", "ict"),
        ("Enhance the use of enabling technology, in particular ICT", "ict"),
        ("universal and affordable access to the Internet", "ict"),
        ("science, technology and innovation", "technology"),
        ("technological upgrading and innovation", "technology"),
        ("transfer of environmentally sound technologies", "technology"),
        ("Double the agricultural productivity", None),
        ("strict rules for edicts and dictionaries", None),
        (None, None),
    ],
)
def test_ict_rule(text, tier):
    assert ict_tier(text) == tier


def test_scope_to_one_action_line_keeps_what_it_serves(small):
    small.graph["graphs"] = ["g"]
    from wsis_graph.analysis import projection

    result = sdg_coverage(small, Scope("action-line", "A2"))
    assert {f.items[0].code for f in result.of_kind("ict-target")} == set()  # A2 serves no ICT target
    # the targets of goal 2, which A2 is linked to as a whole, are the unserved ones in its reach
    assert {f.items[0].code for f in result.of_kind("unserved-target")} == {"2.a", "2.b", "2.c"}
    assert [tuple(r) for r in result.table("action-line-target-matrix").rows] == [("A2", "1.1", 1)]
    assert projection.resolve(small, "A2") == "a2"


def test_a_scope_that_names_nothing_is_an_error(small):
    from wsis_graph.analysis.projection import ResolveError

    with pytest.raises(ResolveError, match="C99"):
        sdg_coverage(small, Scope("action-line", "C99"))
    with pytest.raises(ValueError, match="not what --action-line asks for"):
        sdg_coverage(small, Scope("action-line", "E1"))


# -- the real data -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(built, tmp_path_factory):
    s = OxigraphStore(tmp_path_factory.mktemp("coverage") / "db")
    s.replace(list(built.quads()))
    yield s
    s.close()


@pytest.fixture(scope="module")
def real(store):
    return sdg_coverage(project(store))


def select(store, query: str) -> list[dict]:
    return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in store.query(PROLOGUE + query).dicts()]


def test_real_unserved_targets_match_sparql(store, real):
    expected = {r["code"] for r in select(store, """
        SELECT ?code WHERE { ?t a wsis:SDGTarget ; skos:notation ?code .
          FILTER NOT EXISTS { ?al a wsis:ActionLine ; wsis:contributesTo ?t } }""")}
    assert {f.items[0].code for f in real.of_kind("unserved-target")} == expected
    assert len(expected) == next(f.value for f in real.figures if f.name == "targets-unserved")
    assert 0 < len(expected) < 169


def test_real_goal_shares_match_sparql(store, real):
    rows = select(store, """
        SELECT ?goal (COUNT(DISTINCT ?t) AS ?targets) (COUNT(DISTINCT ?served) AS ?n) WHERE {
          ?t a wsis:SDGTarget ; wsis:goal ?g . ?g skos:notation ?goal .
          OPTIONAL { ?al a wsis:ActionLine ; wsis:contributesTo ?t . BIND(?t AS ?served) }
        } GROUP BY ?goal""")
    expected = {r["goal"]: (int(r["targets"]), int(r["n"])) for r in rows}
    got = {r["goal"]: (r["targets"], r["served"]) for r in real.table("goal-coverage").dicts()}
    assert got == expected and len(got) == 17


def test_real_unserved_goals_match_sparql(store, real):
    expected = {r["code"] for r in select(store, """
        SELECT ?code WHERE { ?g a wsis:SDGGoal ; skos:notation ?code .
          FILTER NOT EXISTS { ?al a wsis:ActionLine ; wsis:contributesTo ?g }
          FILTER NOT EXISTS { ?al a wsis:ActionLine ; wsis:contributesTo ?t . ?t wsis:goal ?g } }""")}
    assert {f.items[0].code for f in real.of_kind("unserved-goal")} == expected


def test_real_ict_targets_and_servers_match_sparql(store, real):
    rows = select(store, """
        SELECT ?code ?al WHERE {
          ?t a wsis:SDGTarget ; skos:notation ?code ; skos:prefLabel ?l FILTER(LANG(?l) = "en")
          FILTER(CONTAINS(LCASE(?l), "information and communications technology") || CONTAINS(LCASE(?l), "internet"))
          OPTIONAL { ?line a wsis:ActionLine ; wsis:contributesTo ?t ; skos:notation ?al } }""")
    expected: dict[str, set] = {}
    for r in rows:
        expected.setdefault(r["code"], set())
        if r["al"]:
            expected[r["code"]].add(r["al"])
    got = {r["target"]: set(r["action_lines"].split()) for r in real.table("ict-targets").dicts() if r["tier"] == "ict"}
    assert got == expected
    assert {"9.c", "17.8", "5.b"} <= set(got)  # the targets whose official text names ICT


def test_real_ict_pattern_is_what_the_docstring_says():
    assert ICT_PATTERN.search("access to information and communications technology")
    assert ICT_PATTERN.search("the Internet")
    assert not ICT_PATTERN.search("science, technology and innovation")


def test_real_only_verified_links_serve_fewer_targets(store, real):
    verified = sdg_coverage(project(store, ProjectionOptions(confidence=frozenset({"verified"}))))
    expected = {r["code"] for r in select(store, """
        SELECT DISTINCT ?code WHERE { ?a a wsis:Alignment ; wsis:relation wsis:contributesTo ; wsis:alignmentSubject ?al ;
          wsis:alignmentObject ?t ; wsis:confidence wsis:Verified . ?al a wsis:ActionLine . ?t a wsis:SDGTarget ; skos:notation ?code }""")}
    served = {r["target"] for r in verified.table("action-line-target-matrix").dicts()}
    assert served == expected
    assert verified.confidence == ["verified"]
    assert len(served) <= 169 - len(real.of_kind("unserved-target"))
