"""The store seam: both backends behave the same."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from wsis_graph.store import MemoryStore, OxigraphStore, QueryError, StoreError, open_store

EX = "https://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")
QUADS = [
    (URIRef(EX + "a"), URIRef(EX + "label"), Literal("Alpha", lang="en"), G1),
    (URIRef(EX + "a"), URIRef(EX + "count"), Literal(3), G2),
    (URIRef(EX + "b"), URIRef(EX + "label"), Literal("Beta"), G2),
]


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else OxigraphStore(tmp_path / "db")
    s.replace(QUADS)
    yield s
    s.close()


def test_replace_counts_and_lists_graphs(store):
    assert len(store) == 3
    assert store.graphs() == [G1, G2]
    assert store.count(G2) == 2


def test_default_graph_is_union_when_no_dataset_given(store):
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s").column("s")
    assert rows == [URIRef(EX + "a"), URIRef(EX + "a"), URIRef(EX + "b")]


def test_default_graph_can_be_restricted(store):
    result = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graphs=[G1])
    assert result.column("o") == [Literal("Alpha", lang="en")]


def test_named_graphs_restrict_graph_clause(store):
    result = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[], named_graphs=[G2])
    assert set(result.column("g")) == {G2}


def test_bindings_are_bound_by_the_engine(store):
    result = store.query(
        "SELECT ?s ?o WHERE { ?s <https://example.org/label> ?o }", {"s": URIRef(EX + "b")}
    )
    assert result.rows == [(URIRef(EX + "b"), Literal("Beta"))]


def test_ask_and_construct(store):
    assert store.query("ASK { ?s ?p 3 }").boolean is True
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
    assert len(triples) == 3


def test_malformed_query_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.query("SELECT ?x WHERE { ?x ")


def test_replace_is_total(store):
    store.replace(QUADS[:1])
    assert len(store) == 1 and store.graphs() == [G1]


def test_oxigraph_persists_and_reopens_read_only(tmp_path):
    path = tmp_path / "db"
    OxigraphStore(path).replace(QUADS)
    reader = OxigraphStore(path, read_only=True)
    assert len(reader) == 3
    with pytest.raises(StoreError):
        reader.replace([])


def test_oxigraph_failed_replace_keeps_old_data(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.replace(QUADS)

    def broken():
        yield QUADS[0]
        raise RuntimeError("source broke half-way")

    with pytest.raises(RuntimeError):
        store.replace(broken())
    assert len(store) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["db"]


def test_open_store_urls(tmp_path):
    assert isinstance(open_store("memory:"), MemoryStore)
    assert isinstance(open_store(f"oxigraph:{tmp_path / 'x'}"), OxigraphStore)
    with pytest.raises(StoreError, match="unknown store"):
        open_store("postgres://nowhere")
