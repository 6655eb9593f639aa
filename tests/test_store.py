"""The store seam: the three backends (memory, embedded Oxigraph, remote SPARQL server) behave the same.

The remote backend runs against a real ``oxigraph serve`` (see ``remote_url`` in conftest.py).
"""

from __future__ import annotations

import base64
import http.server
import json
import socket
import threading
import time

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from conftest import open_test_store
from wsis_graph.store import MemoryStore, OxigraphStore, QueryError, RemoteStore, RemoteTimeout, StoreError, open_store
from wsis_graph.store.remote.bind import bind_values
from wsis_graph.store.remote import (
    PASSWORD_ENV,
    STAGING_PREFIX,
    TOKEN_ENV,
    USER_ENV,
    authorization_from_environment,
    parse_url,
)

EX = "https://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")
QUADS = [
    (URIRef(EX + "a"), URIRef(EX + "label"), Literal("Alpha", lang="en"), G1),
    (URIRef(EX + "a"), URIRef(EX + "count"), Literal(3), G2),
    (URIRef(EX + "b"), URIRef(EX + "label"), Literal("Beta"), G2),
]
LABEL = URIRef(EX + "label")


@pytest.fixture
def store(empty_store):
    empty_store.replace(QUADS)
    return empty_store


@pytest.fixture
def remote(remote_url, tmp_path):
    s = open_test_store("remote", tmp_path, remote_url)
    yield s
    s.close()


# -- The same behaviour on every backend ------------------------------------------------------------


def test_replace_counts_and_lists_graphs(store):
    assert len(store) == 3
    assert store.graphs() == [G1, G2]
    assert store.count(G2) == 2


def test_a_triple_two_graphs_hold_is_read_once_from_each(empty_store):
    shared = (URIRef(EX + "a"), LABEL, Literal("Alpha", lang="en"))
    empty_store.replace([(*shared, G1), (*shared, G2), (URIRef(EX + "b"), LABEL, Literal("Beta"), G2)])
    assert list(empty_store.quads(G1)) == [(*shared, G1)]
    assert empty_store.count(G2) == 2 and len(empty_store) == 3


def test_default_graph_is_union_when_no_dataset_given(store):
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s").column("s")
    assert rows == [URIRef(EX + "a"), URIRef(EX + "a"), URIRef(EX + "b")]


def test_default_graph_can_be_restricted(store):
    result = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graphs=[G1])
    assert result.column("o") == [Literal("Alpha", lang="en")]


def test_restricted_default_graph_keeps_every_named_graph(store):
    result = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", default_graphs=[G1])
    assert result.column("g") == [G1, G2]


def test_named_graphs_restrict_graph_clause(store):
    result = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[], named_graphs=[G2])
    assert set(result.column("g")) == {G2}


def test_bindings_are_bound_by_the_engine(store):
    result = store.query("SELECT ?s ?o WHERE { ?s <https://example.org/label> ?o }", {"s": URIRef(EX + "b")})
    assert result.rows == [(URIRef(EX + "b"), Literal("Beta"))]


def test_bindings_reach_filters_in_inner_groups(store):
    query = "SELECT ?s ?lang ?three WHERE { { ?s ?p ?o FILTER(LANGMATCHES(LANG(?o), ?lang)) } OPTIONAL { ?s ?q ?n FILTER(?n = ?three) } }"
    result = store.query(query, {"lang": Literal("en"), "three": Literal(3)})
    assert result.column("s") == [URIRef(EX + "a")]


def test_bindings_in_a_short_construct_and_a_subquery(store):
    triples = store.query("CONSTRUCT WHERE { ?s ?p ?o }", {"o": Literal(3)}).triples
    assert triples == [(URIRef(EX + "a"), URIRef(EX + "count"), Literal(3))]
    inner = store.query("SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } }", {"o": Literal("Beta")})
    assert inner.column("s") == [URIRef(EX + "b")]


def test_a_bound_value_is_data_not_query_text(store):
    hostile = Literal('x" } } ; DROP ALL ; SELECT * { "')
    result = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": hostile})
    assert result.rows == []
    assert len(store) == 3
    assert store.query("SELECT ?s ?v WHERE { ?s ?p ?v }", {"v": Literal("Beta")}).rows == [(URIRef(EX + "b"), Literal("Beta"))]


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


def test_terms_survive_a_round_trip(empty_store):
    odd = [
        (URIRef(EX + "s"), URIRef(EX + "p"), Literal('quote " backslash \\ newline \n tab \t brace } hash #'), G1),
        (URIRef(EX + "s"), URIRef(EX + "p"), Literal("Côte d’Ivoire — 科技", lang="fr-ci"), G1),
        (URIRef(EX + "s"), URIRef(EX + "p"), Literal("2024-09-22", datatype=XSD.date), G2),
        (URIRef(EX + "s?x=1&y=%20"), URIRef(EX + "p"), Literal("0.5", datatype=XSD.decimal), G2),
    ]
    empty_store.replace(odd)
    assert set(empty_store.quads()) == set(odd)
    assert set(empty_store.quads(G2)) == set(odd[2:])
    assert empty_store.query("ASK { ?s ?p ?o }", {"o": odd[0][2]}).boolean is True


def test_updates_write_the_unnamed_default_graph(store):
    store.update("INSERT DATA { <https://example.org/d> <https://example.org/p> 'in default' }")
    assert list(store.default_triples()) == [(URIRef(EX + "d"), URIRef(EX + "p"), Literal("in default"))]
    assert len(list(store.quads())) == 3
    with pytest.raises(QueryError):
        store.update("INSERT DATA { <not closed ")


# -- The remote store ---------------------------------------------------------------------------------


def test_url_forms():
    oxigraph = parse_url("sparql+http://127.0.0.1:7878")
    assert (oxigraph.origin, oxigraph.query, oxigraph.update, oxigraph.store, oxigraph.union) == (
        "http://127.0.0.1:7878",
        "/query",
        "/update",
        "/store",
        "param",
    )
    fuseki = parse_url("fuseki+https://triples.example.org/ds?timeout=5")
    assert (fuseki.origin, fuseki.query, fuseki.update, fuseki.store, fuseki.union, fuseki.timeout) == (
        "https://triples.example.org:443",
        "/ds/query",
        "/ds/update",
        "/ds/data",
        "native",
        5.0,
    )
    graphdb = parse_url("graphdb+http://h:7200/repositories/wsis")
    assert (graphdb.query, graphdb.update, graphdb.store) == (
        "/repositories/wsis",
        "/repositories/wsis/statements",
        "/repositories/wsis/rdf-graphs/service",
    )
    explicit = parse_url("sparql+http://h:8890/sparql?query=/sparql&update=/sparql-auth&store=/sparql-graph-crud&batch=8M")
    assert (explicit.query, explicit.update, explicit.store, explicit.union, explicit.batch) == (
        "/sparql",
        "/sparql-auth",
        "/sparql-graph-crud",
        "native",
        8 * 1024 * 1024,
    )
    relative = parse_url("sparql+http://h/ds?query=q")
    assert (relative.query, relative.update, relative.store) == ("/ds/q", "/ds/q", None)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sparql+http://me:secret@h:7878", "must not hold credentials"),
        ("sparql+http://h:7878?limit=3", "unknown option 'limit'"),
        ("sparql+http://h:7878?timeout=soon", "timeout="),
        ("sparql+http://h:7878?union=maybe", "union="),
        ("sparql+http://h:7878?batch=10", "batch="),
        ("mysql+http://h:3306", "unknown remote store kind"),
        ("sparql+http://h:7878?query=http://elsewhere/sparql", "not a URL"),
        ("sparql+http://:7878", "names no host"),
    ],
)
def test_bad_urls_are_refused_clearly(url, message):
    with pytest.raises(StoreError, match=message) as caught:
        RemoteStore(url)
    assert "secret" not in str(caught.value)


def test_credentials_come_from_the_environment(monkeypatch):
    for name in (USER_ENV, PASSWORD_ENV, TOKEN_ENV):
        monkeypatch.delenv(name, raising=False)
    assert authorization_from_environment() is None
    monkeypatch.setenv(USER_ENV, "reader")
    monkeypatch.setenv(PASSWORD_ENV, "pa:ss")
    assert authorization_from_environment() == "Basic " + base64.b64encode(b"reader:pa:ss").decode()
    monkeypatch.setenv(TOKEN_ENV, "tok")
    with pytest.raises(StoreError, match="not both"):
        authorization_from_environment()
    monkeypatch.delenv(USER_ENV)
    monkeypatch.delenv(PASSWORD_ENV)
    assert authorization_from_environment() == "Bearer tok"


class _GuardedEndpoint(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint behind HTTP Basic authentication that answers every query ``true``."""

    expected = ""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps({"head": {}, "boolean": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_credentials_are_sent_and_never_shown(monkeypatch):
    _GuardedEndpoint.expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GuardedEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"sparql+http://127.0.0.1:{server.server_port}/ds?query=sparql"
    try:
        for name in (USER_ENV, PASSWORD_ENV, TOKEN_ENV):
            monkeypatch.delenv(name, raising=False)
        with pytest.raises(StoreError, match=f"HTTP 401.*{USER_ENV}"):
            open_store(url)
        monkeypatch.setenv(USER_ENV, "reader")
        monkeypatch.setenv(PASSWORD_ENV, "wrong")
        with pytest.raises(StoreError, match="HTTP 401") as caught:
            open_store(url)
        assert "wrong" not in str(caught.value)
        monkeypatch.setenv(PASSWORD_ENV, "s3cret")
        store = open_store(url)
        assert store.query("ASK {}").boolean is True
        assert "s3cret" not in repr(store) and "s3cret" not in store.url
        store.close()
    finally:
        server.shutdown()
        server.server_close()


def test_unreachable_server_is_a_store_error_with_the_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError, match=rf"cannot reach the SPARQL store at http://127.0.0.1:{port}/query: connection refused"):
        open_store(f"sparql+http://127.0.0.1:{port}")


def test_open_store_reads_remote_urls(remote_url, tmp_path):
    store = open_store(remote_url, read_only=True)
    assert isinstance(store, RemoteStore) and store.url == remote_url
    with pytest.raises(StoreError, match="read-only"):
        store.replace(QUADS)
    with pytest.raises(StoreError, match="read-only"):
        store.update("DROP ALL")
    store.close()
    with pytest.raises(StoreError, match="nothing answers"):
        open_store(remote_url + "/no/such/path")


def test_server_message_comes_back_in_the_query_error(remote):
    with pytest.raises(QueryError, match=r"error at 1:\d+"):
        remote.query("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError, match="blank node"):
        remote.query("SELECT * WHERE { ?s ?p ?o }", {"o": BNode()})
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        remote.query("SELECT * WHERE { ?s ?p ?o }", {"o o": Literal(1)})


def test_query_time_limit(remote):
    graph = URIRef(EX + "many")
    remote.replace((URIRef(f"{EX}n{i}"), LABEL, Literal(i), graph) for i in range(2000))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c != ?f) }"  # 4 million pairs: bounded
    t0 = time.monotonic()
    with pytest.raises(RemoteTimeout, match="did not answer within 0.05 s"):
        remote.execute(heavy, timeout=0.05)
    assert time.monotonic() - t0 < 1.0
    assert remote.count(graph) == 2000  # the store answers the next request


def test_single_request_replace_is_atomic_for_readers(remote_url, remote):
    old = [(URIRef(f"{EX}o{i}"), LABEL, Literal(i), G1) for i in range(20000)]
    new = [(URIRef(f"{EX}n{i}"), LABEL, Literal(i), G2) for i in range(30000)]
    remote.replace(old)
    seen = _counts_while(remote_url, lambda: remote.replace(new))
    assert seen <= {20000, 30000} and 20000 in seen
    assert remote.graphs() == [G2] and len(remote) == 30000


def test_staged_replace_in_small_batches(remote_url, tmp_path):
    small = RemoteStore(remote_url + "?batch=64k")
    small.update("DROP ALL")
    small.update("INSERT DATA { <https://example.org/d> <https://example.org/p> 1 }")
    small.replace(QUADS)
    many = [(URIRef(f"{EX}n{i}"), LABEL, Literal(f"label {i}"), G1 if i % 2 else G2) for i in range(6000)]
    shared = BNode()
    many += [(shared, LABEL, Literal("one node"), G1), (URIRef(EX + "x"), URIRef(EX + "ref"), shared, G2)]
    seen = _counts_while(remote_url, lambda: small.replace(many))
    assert seen <= {3, 6002}
    assert small.graphs() == [G1, G2] and len(small) == 6002
    assert list(small.default_triples()) == []
    assert not [g for g in small._all_graphs() if g.startswith(STAGING_PREFIX)]
    joined = small.query("SELECT ?l WHERE { GRAPH ?a { ?x <https://example.org/ref> ?b } GRAPH ?c { ?b ?p ?l } }")
    assert joined.column("l") == [Literal("one node")]
    small.close()


def test_failed_replace_leaves_the_old_data_and_no_staging_graphs(remote_url):
    small = RemoteStore(remote_url + "?batch=4k")
    small.replace(QUADS)

    def broken():
        for i in range(500):
            yield URIRef(f"{EX}n{i}"), LABEL, Literal(i), G1
        raise RuntimeError("source broke half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        small.replace(broken())
    assert sorted(small.quads(), key=str) == sorted(QUADS, key=str)
    assert sorted(small._all_graphs()) == [str(G1), str(G2)]
    small.close()


def test_replace_graphs_keeps_the_other_graphs(remote_url):
    for url in (remote_url, remote_url + "?batch=2k"):
        store = RemoteStore(url)
        store.replace(QUADS)
        fresh = [(URIRef(f"{EX}r{i}"), LABEL, Literal(i)) for i in range(40)]
        counts = store.replace_graphs({G2: fresh, URIRef(EX + "g3"): fresh[:5], G1: []})
        assert counts == {G2: 40, URIRef(EX + "g3"): 5, G1: 0}
        assert store.graphs() == [G2, URIRef(EX + "g3")]
        assert set(store.quads(G2)) == {(s, p, o, G2) for s, p, o in fresh}
        store.close()


def _counts_while(remote_url: str, write) -> set[int]:
    """The quad counts a second client sees while ``write`` runs."""
    reader = RemoteStore(remote_url)
    seen: set[int] = set()
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            seen.add(len(reader))

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        write()
    finally:
        done.set()
        thread.join()
        reader.close()
    return seen


def test_bind_values_places_values_in_group_patterns_only():
    query = (
        "PREFIX ex: <http://x/> # a comment with { a brace\n"
        'CONSTRUCT { ?s ex:p "{" } WHERE { ?s ?p ?o VALUES ?o { 1 2 } OPTIONAL { ?s ex:q ?q } }'
    )
    bound = bind_values(query, {"s": URIRef("http://x/a")})
    assert bound.count("VALUES (?s)") == 2
    assert 'CONSTRUCT { ?s ex:p "{" } WHERE { VALUES (?s)' in bound
    assert "VALUES ?o { 1 2 }" in bound
    with pytest.raises(QueryError, match="no WHERE group"):
        bind_values("DESCRIBE <http://x/a>", {"s": URIRef("http://x/a")})


# -- The embedded store -------------------------------------------------------------------------------


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


# -- Capabilities: what callers ask instead of the class ----------------------------------------------

CAPABILITIES = {
    # scheme: persistent, in_place_reads, serves_queries, transactions, bulk_load, union_default
    "memory": (False, False, False, True, False, "merge"),
    "oxigraph": (True, True, False, True, True, "bag"),
    "sparql": (True, False, True, False, True, "bag"),  # an Oxigraph server, union=param
}


def test_each_backend_reports_its_capabilities(empty_store):
    s = empty_store
    reported = (s.persistent, s.in_place_reads, s.serves_queries, s.transactions, s.bulk_load, s.union_default)
    assert reported == CAPABILITIES[s.scheme]
    assert (s.location is not None) == s.in_place_reads
    if s.in_place_reads:
        assert s.location.is_dir()


def test_a_revision_changes_with_every_write_where_a_store_has_one(empty_store):
    s = empty_store
    if s.scheme != "memory":
        assert s.revision is None  # a copy of these is never reused on the strength of a token
        return
    first = s.revision
    assert first and s.revision == first
    s.replace(QUADS)
    second = s.revision
    s.update("INSERT DATA { <https://example.org/x> <https://example.org/p> 1 }")
    third = s.revision
    s.replace_graph(G1, [])
    assert len({first, second, third, s.revision}) == 4


def test_every_backend_writes_itself_as_nquads(store):
    import pyoxigraph as ox

    store.update("INSERT DATA { <https://example.org/x> <https://example.org/p> 1 }")
    quads = set(ox.parse(store.nquads(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(QUADS) + 1
    assert sum(isinstance(q.graph_name, ox.DefaultGraph) for q in quads) == 1


def test_only_a_store_that_serves_queries_opens_one(empty_store):
    if empty_store.serves_queries:
        with empty_store.open_query("ASK { ?s ?p ?o }") as answer:
            assert bool(answer.result) is False
    else:
        with pytest.raises(StoreError, match="does not serve queries"):
            empty_store.open_query("ASK { ?s ?p ?o }")


def test_a_remote_store_on_a_native_union_server_says_so():
    assert RemoteStore("fuseki+http://127.0.0.1:9/ds").union_default == "server"


def test_no_module_outside_the_store_room_asks_a_store_its_class():
    """Callers ask capabilities: no ``isinstance``/``type(…) is`` on a store class outside wsis_graph/store/."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    classes = {"Store", "MemoryStore", "OxigraphStore", "RemoteStore"}

    def names(node: ast.AST) -> set[str]:
        return {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node) if isinstance(n, (ast.Name, ast.Attribute))}

    files = [*(root / "wsis_graph").rglob("*.py"), *(root / "benchmarks").rglob("*.py"), *(root / "conformance").rglob("*.py")]
    files += [root / "server.py"] if (root / "server.py").exists() else []
    offenders = []
    for path in files:
        if (root / "wsis_graph" / "store") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("isinstance", "issubclass"):
                if len(node.args) == 2 and names(node.args[1]) & classes:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.Is, ast.IsNot, ast.Eq)) for op in node.ops):
                sides = [node.left, *node.comparators]
                if any(isinstance(x, ast.Call) and isinstance(x.func, ast.Name) and x.func.id == "type" for x in sides):
                    if set().union(*(names(x) for x in sides)) & classes:
                        offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not offenders, "ask the store's capabilities instead: " + ", ".join(offenders)
