"""A large store is queried where it lies: the query workers open it read-only instead of copying it.

The limit is ``WSIS_GRAPH_COPY_LIMIT_MB`` (64 MiB on disk by default); with 0 every on-disk store
is queried in place, which these tests use to run the in-place path on the curated data.
"""

from __future__ import annotations

import logging
import time

import pytest
import requests
from rdflib import URIRef

from test_protocol import endpoint
from wsis_graph.store import OxigraphStore
from wsis_graph.web.app import create_app
from wsis_graph.web.liveserver import LiveServer
from wsis_graph.web.query_worker import COPY_LIMIT_ENV
from wsis_graph.web.settings import Settings

WSIS = "https://w3id.org/wsis-graph/ontology#"
COUNT_ACTION_LINES = f"SELECT (COUNT(DISTINCT ?al) AS ?n) WHERE {{ ?al a <{WSIS}ActionLine> }}"


@pytest.fixture(scope="module")
def in_place(built, tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setenv(COPY_LIMIT_ENV, "0")  # the worker processes inherit it
    store = OxigraphStore(tmp_path_factory.mktemp("in-place") / "store")
    store.replace(built.quads())
    messages: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("wsis_graph.sparql")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    app = create_app(Settings(store_url=store.url, query_timeout=2, query_workers=2), store=store)
    try:
        with LiveServer(app) as live:
            live.messages = messages
            yield live, store
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        patch.undo()


def select(live, query: str, **params) -> list[dict]:
    reply = requests.get(endpoint(live), params={"query": query, **params}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()["results"]["bindings"]


def test_queries_are_answered_from_the_store_on_disk(in_place):
    live, _ = in_place
    assert select(live, COUNT_ACTION_LINES)[0]["n"]["value"] == "19"
    assert any("opened the store in place" in m for m in live.messages), live.messages
    wsis_graph = "https://w3id.org/wsis-graph/id/graph/wsis"
    sdg_graph = "https://w3id.org/wsis-graph/id/graph/sdg"
    # the protocol's dataset still holds: only the graphs named make the default graph
    assert select(live, COUNT_ACTION_LINES, **{"default-graph-uri": sdg_graph})[0]["n"]["value"] == "0"
    assert select(live, COUNT_ACTION_LINES, **{"default-graph-uri": [wsis_graph, sdg_graph]})[0]["n"]["value"] == "19"


def test_a_change_to_the_store_is_seen_by_the_next_query(in_place):
    live, store = in_place
    graph = URIRef("https://example.org/added")
    store.replace_graph(graph, [(URIRef("https://example.org/new"), URIRef(WSIS[:-1] + "#x"), URIRef("https://example.org/y"))])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = select(live, "ASK { <https://example.org/new> ?p ?o }".replace("ASK", "SELECT ?p WHERE"))
        if found:
            break
        time.sleep(0.2)
    assert found
    store.replace_graph(graph, [])


def test_the_time_limit_still_stops_a_runaway_query(in_place):
    live, _ = in_place
    started = time.monotonic()
    reply = requests.get(endpoint(live), params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}, timeout=60)
    assert reply.status_code == 503 and reply.json()["error"]["code"] == "query_timeout"
    assert time.monotonic() - started < 15
    assert select(live, COUNT_ACTION_LINES)[0]["n"]["value"] == "19"  # and the next query is served
