"""A hostile or heavy query cannot stall the endpoint or reach outside it.

Runaway queries run against a real server on 127.0.0.1 with a short time limit: they end with a
clear 503 while other clients are served, and their worker process is really gone. Caps on rows,
response size, query length, nesting and body size answer clearly. SERVICE and FROM never reach
the network: a listening socket on 127.0.0.1 counts every connection attempt.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import pyoxigraph as ox
import pytest
import requests
from rdflib import Literal, URIRef

from test_protocol import EX, PREFIXES, endpoint, error, serve
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.web.app import create_app
from wsis_graph.engine.executor import Busy, QueryExecutor, QueryJob, QueryTimeout
from wsis_graph.web.liveserver import LiveServer
from wsis_graph.web.settings import Settings

CHAIN = URIRef("https://example.org/chain")
LINK = "https://example.org/link"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n0 ?o . ?q ?r ?s }"
PATH_OVER_EVERYTHING = (
    f"SELECT (COUNT(*) AS ?n) {{ ?a (<{LINK}>|^<{LINK}>)* ?b . ?c (<{LINK}>|^<{LINK}>)* ?d }}"
)


def chain_quads(length: int = 300) -> list[tuple]:
    return [(URIRef(f"https://example.org/n{i}"), URIRef(LINK), URIRef(f"https://example.org/n{i + 1}"), CHAIN) for i in range(length)]


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    """A server with a 1.5 s time limit over a chain of 300 links."""
    store = OxigraphStore(tmp_path_factory.mktemp("hardening") / "store")
    store.replace(chain_quads())
    app = create_app(Settings(store_url=store.url, query_timeout=1.5, query_workers=3), store=store)
    with LiveServer(app) as live:
        yield live


def executor_of(live: LiveServer):
    return live.app.extensions["wsis_graph.query_executor"]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# -- The time limit ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [CROSS_PRODUCT, PATH_OVER_EVERYTHING], ids=["cross-product", "path-over-everything"])
def test_a_runaway_query_is_stopped_while_others_are_served(slow_server, query):
    url = endpoint(slow_server)
    requests.get(url, params={"query": "ASK {}"}, timeout=30)  # a warm worker
    outcome: dict = {}

    def runaway():
        t0 = time.monotonic()
        outcome["reply"] = requests.get(url, params={"query": query}, timeout=60)
        outcome["seconds"] = time.monotonic() - t0

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    during = set(executor_of(slow_server).pids())
    quick = []
    while thread.is_alive():
        t0 = time.monotonic()
        reply = requests.get(url, params={"query": f"ASK {{ <https://example.org/n5> <{LINK}> ?x }}"}, timeout=30)
        quick.append(time.monotonic() - t0)
        assert reply.status_code == 200 and reply.json()["boolean"] is True
        time.sleep(0.05)
    thread.join()
    reply = outcome["reply"]
    message = error(reply, 503, "query_timeout")
    assert "1.5 s" in message
    assert 1.4 <= outcome["seconds"] < 6
    assert len(quick) >= 3 and max(quick) < 1.0, quick
    gone = during - set(executor_of(slow_server).pids())
    assert len(gone) == 1, (during, executor_of(slow_server).pids())
    assert not alive(gone.pop())
    assert requests.get(url, params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True


def test_the_time_limit_is_a_setting_of_serve():
    from click.testing import CliRunner

    from wsis_graph.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--query-timeout" in result.output


def test_a_busy_pool_answers_busy_rather_than_queueing_forever():
    store = MemoryStore()
    store.replace(chain_quads(200))
    executor = QueryExecutor(1, queue_wait=0.3)
    try:
        hog = QueryJob(query=CROSS_PRODUCT, base="http://127.0.0.1/sparql", formats={"results": "json"})
        ended: list[Exception] = []

        def run_hog() -> None:
            try:
                executor.run(store, hog, timeout=3)
            except QueryTimeout as exc:
                ended.append(exc)

        thread = threading.Thread(target=run_hog)
        thread.start()
        time.sleep(1.0)
        t0 = time.monotonic()
        with pytest.raises(Busy):
            executor.run(store, QueryJob(query="ASK {}", base="http://127.0.0.1/sparql", formats={"results": "json"}), timeout=3)
        assert 0.25 <= time.monotonic() - t0 < 2
        thread.join()
        assert len(ended) == 1 and executor.timeouts == 1
    finally:
        executor.close()


def test_busy_is_a_503_with_retry_after(monkeypatch, tmp_path):
    store = MemoryStore()
    app = create_app(Settings(store_url="memory:"), store=store)

    class Full:
        def run(self, *args, **kwargs):
            raise Busy("all 4 query workers stayed busy for 10 s")

    app.extensions["wsis_graph.query_executor"] = Full()
    reply = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert reply.status_code == 503
    assert reply.get_json()["error"]["code"] == "busy"
    assert reply.headers["Retry-After"] == "5"


# -- Memory and the engine's own limits ----------------------------------------------------------


@pytest.fixture(scope="module")
def small_memory_server(tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("memory") / "store")
    store.replace(chain_quads())
    app = create_app(Settings(store_url=store.url, query_timeout=20, query_memory_mb=256, query_workers=2), store=store)
    with LiveServer(app) as live:
        yield live


def test_a_query_over_its_memory_cap_ends_its_worker_not_the_server(small_memory_server):
    query = "SELECT ?a ?b ?c { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY DESC(CONCAT(STR(?a), STR(?b), STR(?c))) LIMIT 1"
    reply = requests.get(endpoint(small_memory_server), params={"query": query}, timeout=60)
    assert "256 MiB" in error(reply, 503, "query_aborted")
    assert requests.get(endpoint(small_memory_server), params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { " + "{" * 3000 + "}" * 3000 + " }",
        "SELECT (" + "(" * 3000 + "1" + ")" * 3000 + " AS ?x) {}",
        "SELECT * { " + "OPTIONAL { " * 1000 + "?s ?p ?o " + "}" * 1000 + " }",
    ],
    ids=["braces", "parentheses", "optionals"],
)
def test_deep_nesting_is_refused_before_it_reaches_the_parser(small_memory_server, query):
    reply = requests.post(endpoint(small_memory_server), data={"query": query}, timeout=30)
    assert "256" in error(reply, 400, "query_too_deep")


# -- Caps ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("caps") / "store")
    store.replace(chain_quads(50))
    app = create_app(
        Settings(store_url=store.url, max_rows=3, max_query_length=400, max_body=2000, max_result_bytes=100_000),
        store=store,
    )
    with LiveServer(app) as live:
        yield live


def test_the_row_cap_cuts_and_says_so(capped_server):
    url = endpoint(capped_server)
    reply = requests.get(url, params={"query": "SELECT * { ?s ?p ?o }"}, timeout=30)
    assert reply.status_code == 200
    assert reply.headers["X-Result-Truncated"] == "true"
    assert reply.headers["X-Result-Rows"] == "3"
    body = reply.json()
    assert len(body["results"]["bindings"]) == 3
    assert body["truncated"]["rows"] == 3 and body["truncated"]["reason"] == "row_cap"
    assert "LIMIT" in body["truncated"]["message"]
    csv_reply = requests.get(url, params={"query": "SELECT * { ?s ?p ?o }", "format": "csv"}, timeout=30)
    assert csv_reply.headers["X-Result-Truncated"] == "true"
    assert len(csv_reply.text.strip().split("\r\n")) == 4
    graph = requests.get(url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"}, timeout=30)
    assert graph.headers["X-Result-Truncated"] == "true"
    assert len(graph.text.strip().splitlines()) == 3


def test_under_the_cap_nothing_is_said(capped_server):
    reply = requests.get(endpoint(capped_server), params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"}, timeout=30)
    assert "X-Result-Truncated" not in reply.headers
    assert "truncated" not in reply.json()


def test_the_size_cap_cuts_and_says_so(tmp_path):
    store = MemoryStore()
    store.replace([(EX[f"s{i}"], EX.p, Literal("x" * 200), EX.g) for i in range(20)])
    app = create_app(Settings(store_url="memory:", max_result_bytes=1000), store=store)
    with LiveServer(app) as live:
        reply = requests.get(endpoint(live), params={"query": "SELECT ?o { ?s ?p ?o }"}, timeout=30)
    body = reply.json()
    assert reply.headers["X-Result-Truncated"] == "true"
    assert body["truncated"]["reason"] == "size_cap"
    assert 0 < len(body["results"]["bindings"]) < 20
    assert len(reply.content) < 1000 + 300


def test_a_query_over_the_length_cap(capped_server):
    long_query = "SELECT * { ?s ?p ?o } #" + "x" * 500
    reply = requests.get(endpoint(capped_server), params={"query": long_query}, timeout=30)
    assert "400" in error(reply, 414, "query_too_long")
    reply = requests.post(endpoint(capped_server), data=long_query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    error(reply, 413, "query_too_long")


def test_a_body_over_the_size_cap(capped_server):
    reply = requests.post(endpoint(capped_server), data=b"query=" + b"x" * 5000, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    error(reply, 413, "request_too_large")


# -- Nothing reaches outside ---------------------------------------------------------------------


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    item = Listener()
    yield item
    item.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(OxigraphStore(tmp_path_factory.mktemp("outside") / "store")) as live:
        yield live


def test_the_engine_would_reach_out_if_asked(listener):
    """The control: Oxigraph itself does follow SERVICE, so the refusals below are what stops it."""
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    time.sleep(0.2)
    assert listener.connections >= 1


SERVICE_SPELLINGS = [
    "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?x ?y ?z OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "PREFIX ex: <{url}#>\nSELECT * {{ SERVICEex:x {{ ?s ?p ?o }} }}",
    "PREFIX : <{url}#>\nSELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICESILENT<{url}>{{?s ?p ?o}} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_SPELLINGS)
def test_service_is_refused_and_nothing_connects(server, listener, template):
    query = template.format(url=listener.url)
    reply = requests.post(endpoint(server), data={"query": query}, timeout=30)
    assert "SERVICE" in error(reply, 400, "service_refused")
    time.sleep(0.1)
    assert listener.connections == 0


def test_a_prefix_called_service_is_not_a_service_call(server):
    query = "PREFIX service: <https://example.org/> SELECT * { ?s service:knows ?o }"
    reply = requests.get(endpoint(server), params={"query": query}, timeout=30)
    assert reply.status_code == 200
    assert reply.json()["results"]["bindings"][0]["o"]["value"] == "https://example.org/bob"


def test_the_word_service_in_strings_iris_and_comments_is_harmless(server):
    query = PREFIXES + "SELECT * { ?s ?p ?o FILTER(?o != 'SERVICE <x> {}' && ?p != <https://example.org/SERVICE>) } # SERVICE <x> { }"
    assert requests.get(endpoint(server), params={"query": query}, timeout=30).status_code == 200


@pytest.mark.parametrize("clause", ["FROM <{url}>", "FROM NAMED <{url}>", "FROM <file:///etc/passwd>", "FROM <data.ttl>"])
def test_from_never_fetches(server, listener, clause):
    query = f"SELECT * {clause.format(url=listener.url)} {{ ?s ?p ?o }}"
    reply = requests.get(endpoint(server), params={"query": query}, timeout=30)
    error(reply, 400, "unknown_graph")
    time.sleep(0.1)
    assert listener.connections == 0


def test_load_is_not_a_query(server, listener):
    reply = requests.get(endpoint(server), params={"query": f"LOAD <{listener.url}>"}, timeout=30)
    error(reply, 400, "update_not_allowed")
    assert listener.connections == 0


def test_the_workers_are_cut_off_the_network(listener):
    """Defence in depth: even a SERVICE that skipped every check cannot connect from a worker."""
    store = MemoryStore()
    executor = QueryExecutor(1)
    try:
        job = QueryJob(
            query=f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            base="http://127.0.0.1/sparql",
            formats={"results": "json"},
            analyse=False,
        )
        outcome = executor.run(store, job, timeout=10)
        if executor.network != "network namespace":
            pytest.skip(f"this kernel does not let the workers confine themselves: {executor.network}")
        assert not outcome.ok
        assert outcome.code == "query_failed"
        assert "unreachable" in outcome.message.lower()
        time.sleep(0.2)
        assert listener.connections == 0
    finally:
        executor.close()


# -- Odd requests --------------------------------------------------------------------------------


def test_odd_requests_get_clear_answers(server):
    url = endpoint(server)
    huge_accept = ", ".join(f"application/x-{i};q=0.{i % 10}" for i in range(2000)) + ", */*;q=0.01"
    reply = requests.get(url, params={"query": "ASK {}"}, headers={"Accept": huge_accept}, timeout=30)
    assert reply.status_code == 200
    error(requests.get(url, params={"query": "ASK { ?s ?p 'a\x00b' "}, timeout=30), 400, "malformed_query")
    error(requests.get(url + "?query=%C3%28", timeout=30), 400, "bad_encoding")
    error(requests.post(url, data=b"ASK {}", headers={"Content-Type": "application/sparql-query; charset=klingon"}, timeout=30), 415, "unsupported_charset")


def test_many_clients_at_once(server):
    results: list[int] = []

    def client(i: int) -> None:
        reply = requests.get(endpoint(server), params={"query": f"SELECT ({i} AS ?i) {{}}"}, timeout=60)
        results.append(int(reply.json()["results"]["bindings"][0]["i"]["value"]))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(24))
    assert executor_of(server).workers <= Settings().query_workers


def test_a_changed_store_is_seen_by_the_next_query(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.replace([(EX.a, EX.p, Literal(1), EX.g)])
    app = create_app(Settings(store_url=store.url), store=store)
    with LiveServer(app) as live:
        query = "SELECT ?o { ?s ?p ?o }"
        assert requests.get(endpoint(live), params={"query": query}, timeout=30).json()["results"]["bindings"][0]["o"]["value"] == "1"
        store.update("DELETE DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/p> 1 } } ;"
                     " INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/p> 2 } }")
        assert requests.get(endpoint(live), params={"query": query}, timeout=30).json()["results"]["bindings"][0]["o"]["value"] == "2"
        store.replace([(EX.a, EX.p, Literal(3), EX.g)])
        assert requests.get(endpoint(live), params={"query": query}, timeout=30).json()["results"]["bindings"][0]["o"]["value"] == "3"
