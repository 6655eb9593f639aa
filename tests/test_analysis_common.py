"""The helpers every analysis shares (analysis/common.py) and the collector pause (analysis/gc_pause.py)."""

from __future__ import annotations

import gc

import networkx as nx

from wsis_graph.analysis.common import on_links, unreached, without_records
from wsis_graph.analysis.gc_pause import gc_paused


def graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(graphs=["g", "records-r"], record_graphs=["records-r"])
    for iri, type_, code, where in [
        ("al:C5", "ActionLine", "C5", "g"),
        ("rec:1", "PracticeRecord", "1", "records-r"),
        ("e:ITU", "Entity", "ITU", "g"),
        ("al:C1", "ActionLine", "C1", "g"),
        ("rec:2", "PracticeRecord", "2", "records-r"),
        ("e:UNESCO", "Entity", "UNESCO", "g"),
    ]:
        G.add_node(iri, iri=iri, type=type_, code=code, label=None, graph=where)
    for u, v, relation, confidence in [
        ("al:C5", "e:ITU", "leadFacilitator", "verified"),
        ("rec:1", "al:C5", "actionLine", None),
        ("al:C1", "e:UNESCO", "coFacilitator", "single-source"),
        ("al:C1", "e:ITU", "partner", "inferred"),
        ("rec:2", "al:C1", "actionLine", None),
    ]:
        G.add_edge(u, v, key=relation, relation=relation, confidence=confidence)
    return G


def test_without_records_keeps_the_order_of_what_remains():
    G = graph()
    curated = without_records(G)
    assert list(curated.nodes) == ["al:C5", "e:ITU", "al:C1", "e:UNESCO"]
    assert list(curated.edges(keys=True)) == [
        ("al:C5", "e:ITU", "leadFacilitator"),
        ("al:C1", "e:UNESCO", "coFacilitator"),
        ("al:C1", "e:ITU", "partner"),
    ]
    assert curated.graph == G.graph
    assert curated.nodes["al:C1"] == G.nodes["al:C1"]
    assert curated.nodes["al:C1"] is not G.nodes["al:C1"]  # a copy: the projection is not changed through it


def test_without_records_orders_a_large_graph_as_the_projection_does():
    # Records outnumber the rest, as at scale; ordered by a set's hashes, the 67 nodes left would
    # come out in their own order by chance only.
    G = nx.MultiDiGraph(graphs=["g", "records-r"], record_graphs=["records-r"])
    for i in range(200):
        G.add_node(f"n{i}", type="ActionLine", graph="g" if i % 3 == 0 else "records-r")
    for i in range(0, 200, 3):
        G.add_edge(f"n{i}", f"n{(i * 7) % 201 // 3 * 3}", key="broader", relation="broader")
    curated = without_records(G)
    assert list(curated.nodes) == [n for n in G.nodes if G.nodes[n]["graph"] == "g"]
    assert list(curated.edges(keys=True)) == [e for e in G.edges(keys=True) if e[0] in curated and e[1] in curated]


def test_a_finding_on_links_takes_their_evidence_and_weakest_confidence():
    G = graph()
    links = [(u, v, d) for u, v, d in G.edges(data=True) if u == "al:C1"]
    finding = on_links("pair", "C1 has two facilitators.", (), iter(links), figure=2, unit="entities")
    assert [(e.subject, e.relation, e.object) for e in finding.evidence] == [
        ("al:C1", "coFacilitator", "e:UNESCO"),
        ("al:C1", "partner", "e:ITU"),
    ]
    assert (finding.confidence, finding.figure, finding.unit) == ("inferred", 2, "entities")


def test_a_finding_of_absence_is_about_one_thing_with_figure_zero():
    finding = unreached(graph(), "unserved", "al:C5", "Nothing serves C5.", "entities")
    assert [i.iri for i in finding.items] == ["al:C5"]
    assert (finding.figure, finding.unit, finding.evidence, finding.confidence) == (0, "entities", (), None)


def test_the_collector_pause_nests_and_restores():
    was = gc.isenabled()
    gc.enable()
    try:
        with gc_paused():
            with gc_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()
