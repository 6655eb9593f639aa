"""The SPARQL 1.1 Protocol at /sparql, case by case from the specification, over real HTTP.

Section numbers are those of https://www.w3.org/TR/sparql11-protocol/ (the Protocol) and
https://www.w3.org/TR/sparql11-service-description/ (the Service Description). The server is the
application on 127.0.0.1 (a free port) over a small dataset of three named graphs and a dataset
description graph; a few cases run over both store backends. The end of the file runs the W3C
protocol manifest and the query-evaluation suites through the conformance runners.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import requests
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.web.app import create_app
from wsis_graph.web.liveserver import LiveServer
from wsis_graph.web.settings import Settings

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
W3C_TESTS = Path(__file__).resolve().parents[1] / "conformance" / "w3c-sparql11-tests"

BASE = "https://w3id.org/wsis-graph/id/"
EX = Namespace("https://example.org/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
G_ONE = URIRef(BASE + "graph/one")
G_TWO = URIRef(BASE + "graph/two")
G_THREE = URIRef(BASE + "graph/three")
G_DESCRIPTION = URIRef(BASE + "graph/description")
NOT_IN_STORE = "https://example.org/graph/absent"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

PREFIXES = "PREFIX ex: <https://example.org/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"


def fixture_quads() -> list[tuple]:
    """Three small graphs and their description. One triple (Alice's name) is in two graphs."""
    one = [
        (EX.alice, RDF.type, FOAF.Person),
        (EX.alice, FOAF.name, Literal("Alice", lang="en")),
        (EX.alice, EX.knows, EX.bob),
    ]
    two = [
        (EX.bob, RDF.type, FOAF.Person),
        (EX.bob, FOAF.name, Literal("Bob")),
        (EX.bob, EX.age, Literal(42)),
        (EX.alice, FOAF.name, Literal("Alice", lang="en")),
    ]
    three = [
        (EX.carol, RDF.type, FOAF.Person),
        (EX.carol, FOAF.name, Literal("Zoë", lang="fr")),
        (EX.carol, EX.note, Literal('line one\nline two\t"quoted", with a comma')),
        (EX.carol, EX.weight, Literal("61.5", datatype=XSD.decimal)),
    ]
    description = [
        (G_ONE, DCTERMS.title, Literal("Graph one", lang="en")),
        (G_ONE, VOID.triples, Literal(3)),
        (G_TWO, DCTERMS.title, Literal("Graph two", lang="en")),
        (G_TWO, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")),
    ]
    quads = [(s, p, o, G_ONE) for s, p, o in one]
    quads += [(s, p, o, G_TWO) for s, p, o in two]
    quads += [(s, p, o, G_THREE) for s, p, o in three]
    quads += [(s, p, o, G_DESCRIPTION) for s, p, o in description]
    return quads


def serve(store, **settings) -> LiveServer:
    store.replace(fixture_quads())
    app = create_app(Settings(store_url=store.url, base=BASE, **settings), store=store)
    return LiveServer(app)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(OxigraphStore(tmp_path_factory.mktemp("protocol") / "store")) as live:
        yield live


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def any_server(request, tmp_path_factory, server):
    """The same cases on both store backends (the Oxigraph one is shared with ``server``)."""
    if request.param == "oxigraph":
        yield server
        return
    with serve(MemoryStore()) as live:
        yield live


def endpoint(live: LiveServer) -> str:
    return live.url + "/sparql"


def select(live: LiveServer, query: str, **params) -> list[dict]:
    reply = requests.get(endpoint(live), params={"query": PREFIXES + query, **params}, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()["results"]["bindings"]


def ask(reply: requests.Response) -> bool:
    assert reply.status_code == 200, reply.text
    return reply.json()["boolean"]


def error(reply: requests.Response, status: int, code: str) -> str:
    """Check the one error shape; returns the message."""
    assert reply.status_code == status, reply.text
    assert reply.headers["Content-Type"].startswith("application/json")
    body = reply.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code, body
    assert "Traceback" not in reply.text
    return body["error"]["message"]


# -- 2.1.1–2.1.3: the three ways to send a query -------------------------------------------------


def test_2_1_1_query_via_get(any_server):
    rows = select(any_server, "SELECT ?name { ex:bob foaf:name ?name }")
    assert rows == [{"name": {"type": "literal", "value": "Bob"}}]


def test_2_1_2_query_via_url_encoded_post(any_server):
    reply = requests.post(
        endpoint(any_server),
        data={"query": PREFIXES + "ASK { ex:bob ex:age 42 }"},
        timeout=30,
    )
    assert reply.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert ask(reply) is True


def test_2_1_3_query_via_post_directly(any_server):
    reply = requests.post(
        endpoint(any_server),
        data=(PREFIXES + "ASK { ex:carol foaf:name ?n }").encode("utf-8"),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert ask(reply) is True


def test_2_1_3_direct_post_body_is_read_as_utf8(server):
    body = (PREFIXES + 'ASK { ex:carol foaf:name "Zoë"@fr }').encode("utf-8")
    for content_type in ("application/sparql-query", "application/sparql-query; charset=UTF-8"):
        reply = requests.post(endpoint(server), data=body, headers={"Content-Type": content_type}, timeout=30)
        assert ask(reply) is True


def test_2_1_3_direct_post_in_another_charset_is_415(server):
    """The media type's registration fixes UTF-8; the W3C test bad_query_non_utf8 wants a 4xx."""
    query = PREFIXES + 'ASK { ex:carol foaf:name "Zoë"@fr }'
    for charset, codec in (("UTF-16", "utf-16"), ("ISO-8859-1", "latin-1")):
        reply = requests.post(
            endpoint(server),
            data=query.encode(codec),
            headers={"Content-Type": f"application/sparql-query; charset={charset}"},
            timeout=30,
        )
        assert "UTF-8" in error(reply, 415, "unsupported_charset")


def test_2_1_3_direct_post_that_is_not_utf8_is_400(server):
    reply = requests.post(
        endpoint(server), data=b"ASK { ?s ?p \"\xff\" }", headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert "UTF-8" in error(reply, 400, "bad_encoding")


def test_2_1_2_form_body_in_the_declared_charset(server):
    """A form body's percent-encoded bytes are read in the charset the request declares (UTF-8 by default)."""
    query = PREFIXES + 'ASK { ex:carol foaf:name "Zoë"@fr }'
    latin = "query=" + quote(query.encode("latin-1"), safe="")
    reply = requests.post(
        endpoint(server),
        data=latin,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=ISO-8859-1"},
        timeout=30,
    )
    assert ask(reply) is True
    reply = requests.post(endpoint(server), data=latin, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    error(reply, 400, "bad_encoding")


def test_2_1_1_relative_iris_resolve_against_the_endpoint(server):
    rows = select(server, "SELECT (<thing> AS ?iri) {}")
    assert rows[0]["iri"]["value"] == server.url + "/thing"


def test_the_endpoint_answers_with_a_trailing_slash_too(server):
    reply = requests.get(server.url + "/sparql/", params={"query": "ASK {}"}, timeout=30)
    assert ask(reply) is True


def test_head_is_get_without_a_body(server):
    reply = requests.head(endpoint(server), params={"query": "ASK {}"}, timeout=30)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("application/sparql-results+json")
    assert reply.content == b""


# -- 2.1.4: the RDF dataset ----------------------------------------------------------------------


def test_2_1_4_default_graph_uri_makes_the_default_graph(any_server):
    query = PREFIXES + "ASK { ex:alice ex:knows ex:bob }"
    assert ask(requests.get(endpoint(any_server), params={"query": query, "default-graph-uri": str(G_ONE)}, timeout=30))
    assert not ask(requests.get(endpoint(any_server), params={"query": query, "default-graph-uri": str(G_TWO)}, timeout=30))


def test_2_1_4_several_default_graph_uris_are_merged(any_server):
    query = PREFIXES + "ASK { ex:alice ex:knows ?b . ?b ex:age 42 }"
    params = [("query", query), ("default-graph-uri", str(G_ONE)), ("default-graph-uri", str(G_TWO))]
    assert ask(requests.get(endpoint(any_server), params=params, timeout=30)) is True


def test_2_1_4_the_merge_is_a_set_of_triples(any_server):
    """Alice's name is in graphs one and two: the merged default graph holds it once (an RDF merge)."""
    params = [
        ("query", PREFIXES + "SELECT (COUNT(*) AS ?n) { ex:alice foaf:name ?name }"),
        ("default-graph-uri", str(G_ONE)),
        ("default-graph-uri", str(G_TWO)),
    ]
    reply = requests.get(endpoint(any_server), params=params, timeout=30)
    assert reply.json()["results"]["bindings"][0]["n"]["value"] == "1"


def test_2_1_4_named_graph_uri_gives_the_named_graphs(any_server):
    params = [("query", "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", str(G_TWO))]
    reply = requests.get(endpoint(any_server), params=params, timeout=30)
    assert [row["g"]["value"] for row in reply.json()["results"]["bindings"]] == [str(G_TWO)]


def test_2_1_4_named_graphs_only_leave_the_default_graph_empty(server):
    params = {"query": "ASK { ?s ?p ?o }", "named-graph-uri": str(G_ONE)}
    assert ask(requests.get(endpoint(server), params=params, timeout=30)) is False


def test_2_1_4_default_graphs_only_leave_no_named_graphs(server):
    params = {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "default-graph-uri": str(G_ONE)}
    assert ask(requests.get(endpoint(server), params=params, timeout=30)) is False


def test_2_1_4_the_protocol_dataset_overrides_from(any_server):
    query = PREFIXES + f"ASK FROM <{G_ONE}> {{ ex:bob ex:age 42 }}"
    assert ask(requests.get(endpoint(any_server), params={"query": query, "default-graph-uri": str(G_TWO)}, timeout=30))
    assert not ask(requests.get(endpoint(any_server), params={"query": query}, timeout=30))


def test_2_1_4_dataset_parameters_in_the_form_body_and_with_a_direct_post(server):
    query = PREFIXES + "ASK { ex:bob ex:age 42 }"
    form = requests.post(endpoint(server), data={"query": query, "default-graph-uri": str(G_TWO)}, timeout=30)
    assert ask(form) is True
    direct = requests.post(
        endpoint(server) + "?" + urlencode({"default-graph-uri": str(G_ONE)}),
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert ask(direct) is False


def test_2_1_4_a_graph_the_store_does_not_hold_is_empty(server):
    params = {"query": "ASK { ?s ?p ?o }", "default-graph-uri": NOT_IN_STORE}
    assert ask(requests.get(endpoint(server), params=params, timeout=30)) is False


def test_2_1_4_dataset_iris_must_be_absolute_iris(server):
    for value in ("not an iri", "relative/path"):
        reply = requests.get(endpoint(server), params={"query": "ASK {}", "default-graph-uri": value}, timeout=30)
        assert "default-graph-uri" in error(reply, 400, "bad_iri")


def test_from_and_from_named_in_the_query_choose_graphs_of_the_store(any_server):
    rows = select(any_server, f"SELECT ?name FROM <{G_TWO}> {{ ex:bob foaf:name ?name }}")
    assert [r["name"]["value"] for r in rows] == ["Bob"]
    rows = select(any_server, f"SELECT ?g FROM NAMED <{G_THREE}> {{ GRAPH ?g {{ ex:carol a foaf:Person }} }}")
    assert [r["g"]["value"] for r in rows] == [str(G_THREE)]
    rows = select(any_server, f"SELECT * FROM NAMED <{G_THREE}> {{ ?s ?p ?o }}")
    assert rows == []  # FROM NAMED alone: the default graph is empty


def test_from_of_a_graph_the_store_does_not_hold_is_refused(server):
    reply = requests.get(endpoint(server), params={"query": f"SELECT * FROM <{NOT_IN_STORE}> {{ ?s ?p ?o }}"}, timeout=30)
    message = error(reply, 400, "unknown_graph")
    assert NOT_IN_STORE in message and "nothing is ever fetched" in message


def test_without_a_dataset_the_default_graph_is_the_union_of_all_graphs(any_server):
    """Our documented default (sd:UnionDefaultGraph), as a set: the shared triple counts once."""
    rows = select(any_server, "SELECT (COUNT(DISTINCT ?p) AS ?people) (COUNT(*) AS ?names) { ?p foaf:name ?n }")
    assert rows[0]["people"]["value"] == "3"
    assert rows[0]["names"]["value"] == "3"
    rows = select(any_server, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [r["g"]["value"] for r in rows] == sorted(map(str, [G_ONE, G_TWO, G_THREE, G_DESCRIPTION]))


# -- 2.1.5 / 2.1.6: failures ---------------------------------------------------------------------


def test_a_malformed_query_is_400_with_the_position(any_server):
    reply = requests.get(endpoint(any_server), params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30)
    message = error(reply, 400, "malformed_query")
    assert "line 1, column" in message


def test_two_query_parameters_are_400(server):
    reply = requests.get(endpoint(server), params=[("query", "ASK {}"), ("query", "SELECT * {}")], timeout=30)
    error(reply, 400, "multiple_queries")


def test_a_query_in_the_url_and_in_the_body_is_400(server):
    reply = requests.post(
        endpoint(server) + "?query=ASK%20%7B%7D",
        data=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    error(reply, 400, "multiple_queries")


@pytest.mark.parametrize("body", [b"", b"default-graph-uri=https%3A%2F%2Fexample.org%2Fg"])
def test_a_post_without_a_query_is_400(server, body):
    reply = requests.post(endpoint(server), data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    error(reply, 400, "missing_query")


def test_an_empty_query_is_400(server):
    error(requests.get(endpoint(server), params={"query": "  "}, timeout=30), 400, "missing_query")


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_a_post_of_another_media_type_is_415(server, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    reply = requests.post(endpoint(server), data=b"ASK {}", headers=headers, timeout=30)
    assert "application/sparql-query" in error(reply, 415, "unsupported_media_type")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(server, method):
    reply = requests.request(method, endpoint(server), params={"query": "ASK {}"}, timeout=30)
    error(reply, 405, "method_not_allowed")
    assert reply.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize(
    "how",
    ["get", "form", "direct-query", "update-form", "update-body", "update-param"],
)
@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://example.org/data.ttl>", "CLEAR ALL"])
def test_an_update_sent_to_the_query_endpoint_is_refused(server, how, update):
    url = endpoint(server)
    if how == "get":
        reply = requests.get(url, params={"query": update}, timeout=30)
    elif how == "form":
        reply = requests.post(url, data={"query": update}, timeout=30)
    elif how == "direct-query":
        reply = requests.post(url, data=update.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    elif how == "update-form":
        reply = requests.post(url, data={"update": update}, timeout=30)
    elif how == "update-body":
        reply = requests.post(url, data=update.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=30)
    else:
        reply = requests.get(url, params={"update": update}, timeout=30)
    assert "/update" in error(reply, 400, "update_not_allowed")
    assert ask(requests.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)) is True


def test_every_error_has_the_one_json_shape_and_cors(server):
    bad = [
        requests.get(endpoint(server), params={"query": "SELECT"}, timeout=30),
        requests.get(endpoint(server) + "?query=%FF%FE", timeout=30),
        requests.post(endpoint(server), data=b"x", headers={"Content-Type": "text/plain"}, timeout=30),
        requests.get(endpoint(server), params={"query": "ASK {}", "format": "pdf"}, timeout=30),
        requests.put(endpoint(server), timeout=30),
    ]
    for reply in bad:
        assert 400 <= reply.status_code < 500
        body = reply.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
        assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
        assert reply.headers["Access-Control-Allow-Origin"] == "*"


# -- CORS ----------------------------------------------------------------------------------------


def test_cors_on_reads_and_preflight(server):
    reply = requests.get(endpoint(server), params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}, timeout=30)
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Result-Truncated" in reply.headers["Access-Control-Expose-Headers"]
    preflight = requests.options(
        endpoint(server),
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
        timeout=30,
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type, accept"


# -- The service description (Service Description 3, Protocol 2.1: GET without a query) ----------


def description(live: LiveServer, path: str = "/sparql", accept: str = "text/turtle", fmt: str = "turtle") -> Graph:
    reply = requests.get(live.url + path, headers={"Accept": accept}, timeout=30)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"] == f"{accept}; charset=utf-8"
    graph = Graph()
    graph.parse(data=reply.content, format=fmt)
    return graph


def test_sd_names_the_endpoint_as_requested(server):
    for path in ("/sparql", "/sparql/"):
        graph = description(server, path)
        services = list(graph.subjects(RDF.type, SD.Service))
        assert len(services) == 1
        assert list(graph.objects(services[0], SD.endpoint)) == [URIRef(server.url + path)]


def test_sd_says_what_the_endpoint_does(server):
    graph = description(server)
    service = next(graph.subjects(RDF.type, SD.Service))
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph}
    formats = {str(f).rsplit("/", 1)[-1] for f in graph.objects(service, SD.resultFormat)}
    assert formats == {
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
        "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG", "N-Quads",
    }


def test_sd_describes_the_dataset_from_the_description_graph(server):
    graph = description(server)
    dataset = next(graph.objects(None, SD.defaultDataset))
    assert (dataset, RDF.type, SD.Dataset) in graph
    names = {}
    for entry in graph.objects(dataset, SD.namedGraph):
        names[graph.value(entry, SD.name)] = graph.value(entry, SD.graph)
    assert set(names) == {G_ONE, G_TWO, G_THREE, G_DESCRIPTION}
    assert graph.value(names[G_ONE], DCTERMS.title) == Literal("Graph one", lang="en")
    assert graph.value(names[G_ONE], VOID.triples).toPython() == 3
    assert graph.value(names[G_TWO], DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_sd_in_each_rdf_format_says_the_same(server):
    turtle = description(server)
    for accept, fmt in (("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        assert isomorphic(turtle, description(server, accept=accept, fmt=fmt)), accept


def test_sd_for_a_browser_is_the_query_editor(server):
    reply = requests.get(
        endpoint(server),
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
        allow_redirects=False,
        timeout=30,
    )
    assert reply.status_code == 303
    assert reply.headers["Location"].endswith("/")


def test_sd_with_nothing_acceptable_is_406(server):
    reply = requests.get(endpoint(server), headers={"Accept": "text/csv"}, timeout=30)
    assert "text/turtle" in error(reply, 406, "not_acceptable")


# -- The request log -----------------------------------------------------------------------------


def test_one_log_line_per_query_with_duration_status_and_size(server, caplog):
    caplog.set_level("INFO", logger="wsis_graph.sparql")
    requests.get(endpoint(server), params={"query": "SELECT * { ?s ?p ?o } LIMIT 2", "format": "csv"}, timeout=30)
    requests.get(endpoint(server), params={"query": "SELECT"}, timeout=30)
    # the request lines (a worker started by the first query logs "query worker …" lines of its own)
    lines = [r.getMessage() for r in caplog.records
             if r.name == "wsis_graph.sparql" and r.getMessage().startswith(("query GET ", "query POST "))]
    assert len(lines) == 2, lines
    ok, bad = lines
    assert "status=200" in ok and "rows=2" in ok and "format=csv" in ok and "ms=" in ok and "bytes=" in ok
    assert "status=400" in bad and "code=malformed_query" in bad


# -- The W3C test suites -------------------------------------------------------------------------


def _runner(name: str):
    sys.path.insert(0, str(CONFORMANCE))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(CONFORMANCE))


def test_the_w3c_protocol_manifest_passes_against_a_real_server():
    protocol = _runner("run_protocol")
    with protocol.local_server() as (url, token, store):
        client = protocol.Client(url, token=token)
        outcomes = protocol.run(client, protocol.DirectLoader(store))
    failed = [f"{o.name}: {o.reason}" for o in outcomes if not o.passed]
    assert len(outcomes) == 37
    assert failed == []


def test_the_protocol_runner_catches_a_wrong_answer():
    """The checks can fail: a wrong boolean, a non-result body and a non-conforming description are caught."""
    protocol = _runner("run_protocol")
    reply = protocol.Reply(200, {"content-type": "application/sparql-results+json"}, b'{"head":{},"boolean":false}')
    assert protocol.read_boolean(reply) is False
    with pytest.raises(Exception):
        protocol.check_tabular(protocol.Reply(200, {"content-type": "text/html"}, b"<p>hi</p>"))
    bad = Graph()
    service = BNode()
    bad.add((service, RDF.type, SD.Service))
    bad.add((service, SD.supportedLanguage, SD.SPARQL12Query))
    bad.add((service, SD.endpointURL, URIRef("http://x/")))
    problems = protocol.conformance_problems(bad, "http://x/")
    assert any("endpointURL" in p for p in problems)
    assert any("without sd:endpoint" in p for p in problems)


def test_the_w3c_query_evaluation_suites_do_not_regress():
    """Every suite passes at least as many tests as recorded in docs/CONFORMANCE.md."""
    evaluation = _runner("run_query_eval")
    floor = evaluation.recorded_passes()
    outcomes, _ = evaluation.serve_and_run()
    table = evaluation.tally(outcomes)
    assert set(table) == set(evaluation.SUITES)
    for suite, passes in floor.items():
        assert table[suite]["pass"] >= passes, f"{suite}: {table[suite]['pass']} pass, {passes} recorded"
    assert sum(row["pass"] for row in table.values()) >= sum(floor.values())


def test_the_query_evaluation_comparison_can_fail():
    evaluation = _runner("run_query_eval")
    lit = evaluation.literal
    a = [{"x": ("bnode", "b1"), "y": lit("1", evaluation.XSD + "integer")}, {"x": ("bnode", "b2"), "y": lit("2", evaluation.XSD + "integer")}]
    renamed = [{"x": ("bnode", "z9"), "y": lit("2", evaluation.XSD + "integer")}, {"x": ("bnode", "z8"), "y": lit("1", evaluation.XSD + "integer")}]
    assert evaluation.rows_match(a, renamed, ordered=False, by_value=False)
    assert not evaluation.rows_match(a, renamed, ordered=True, by_value=False)
    merged = [{"x": ("bnode", "z"), "y": lit("1", evaluation.XSD + "integer")}, {"x": ("bnode", "z"), "y": lit("2", evaluation.XSD + "integer")}]
    assert not evaluation.rows_match(a, merged, ordered=False, by_value=False)  # two blank nodes are not one
    other = [{"x": ("bnode", "b1"), "y": lit("01", evaluation.XSD + "integer")}, {"x": ("bnode", "b2"), "y": lit("2", evaluation.XSD + "integer")}]
    assert not evaluation.rows_match(a, other, ordered=False, by_value=False)
    assert evaluation.rows_match(a, other, ordered=False, by_value=True)
    assert (W3C_TESTS / "protocol" / "manifest.ttl").exists()


def test_xml_results_are_well_formed(server):
    reply = requests.get(endpoint(server), params={"query": "SELECT * { ?s ?p ?o }", "format": "xml"}, timeout=30)
    root = ET.fromstring(reply.content)
    assert root.tag == f"{RESULTS_NS}sparql"
    assert json.loads(requests.get(endpoint(server), params={"query": "ASK {}"}, timeout=30).text)["boolean"] is True


# -- Prefixes the endpoint knows, and error positions in the client's text ---------------------------


def test_a_query_may_use_the_known_prefixes_without_declaring_them(any_server):
    reply = requests.get(endpoint(any_server), params={"query": "SELECT ?n { ?p foaf:name ?n }"}, timeout=30)
    assert reply.status_code == 200, reply.text
    assert sorted(b["n"]["value"] for b in reply.json()["results"]["bindings"]) == ["Alice", "Bob", "Zoë"]


def test_a_prefix_the_query_declares_keeps_its_own_iri(any_server):
    # foaf: is known to the server, but this query says foaf: is something else: nothing matches.
    query = "PREFIX foaf: <http://example.org/other#>\nASK { ?p foaf:name ?n }"
    assert ask(requests.get(endpoint(any_server), params={"query": query}, timeout=30)) is False
    query = "PREFIX foaf: <http://example.org/other#>\nBASE <http://example.org/>\nASK { ?p <http://xmlns.com/foaf/0.1/name> ?n }"
    assert ask(requests.get(endpoint(any_server), params={"query": query}, timeout=30)) is True


def test_an_unknown_prefix_is_named_with_its_line_and_column(any_server):
    query = "SELECT ?l WHERE {\n  ?s a wsis:ActionLine ;\n     skso:prefLabel ?l\n}"
    message = error(requests.get(endpoint(any_server), params={"query": query}, timeout=30), 400, "malformed_query")
    assert message.startswith('unknown prefix "skso" at line 3, column 6; declare it with PREFIX skso: <…>')
    assert "; did you mean skos: (PREFIX skos: <http://www.w3.org/2004/02/skos/core#>)?" in message


def _engine_position(query: str) -> tuple[int, int]:
    """Where Oxigraph itself, given the text alone, says a malformed query goes wrong."""
    import re

    import pyoxigraph as ox

    with pytest.raises(SyntaxError) as raised:
        ox.Store().query(query)
    line, column = re.match(r"error at (\d+):(\d+):", str(raised.value)).groups()
    return int(line), int(column)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p }",
        "SELECT ?s\nWHERE {\n  ?s <urn:p> ?l FILTER(\n}",
        "PREFIX ex: <http://ex/>\nSELECT * WHERE {\n ?s ex:p ?o . ?x }",
        "BASE <http://example.org/>\nPREFIX : <a#>\nSELECT * {\n\n  ?s :p 'x\n' }",
    ],
)
def test_a_syntax_error_is_placed_in_the_text_the_client_sent(any_server, query):
    line, column = _engine_position(query)
    message = error(requests.get(endpoint(any_server), params={"query": query}, timeout=30), 400, "malformed_query")
    assert message.startswith(f"syntax error at line {line}, column {column}: "), message
    assert "\\u{" not in message and "..=" not in message and "[" not in message, message


def test_a_syntax_error_has_no_unicode_ranges_and_no_empty_list(server):
    # A prefixed name cut short: Oxigraph lists the characters a name may hold as Unicode ranges.
    query = "PREFIX ex: <http://ex/>\nSELECT * { ?s ex:p ?o . ?s ex:b\\ }"
    message = error(requests.get(endpoint(server), params={"query": query}, timeout=30), 400, "malformed_query")
    assert message.startswith("syntax error at line 2, column "), message
    assert "\\u{" not in message and "expected one of ," not in message and "or another character" not in message, message


def test_the_service_description_lists_the_known_prefixes(server):
    from wsis_graph.namespaces import query_prefixes

    reply = requests.get(endpoint(server), headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=reply.text, format="turtle")
    SH = Namespace("http://www.w3.org/ns/shacl#")
    services = list(graph.subjects(RDF.type, SD.Service))
    declared = {
        str(graph.value(d, SH.prefix)): graph.value(d, SH.namespace)
        for holder in graph.objects(services[0], SH.prefixes)
        for d in graph.objects(holder, SH.declare)
    }
    assert declared == {p: Literal(ns, datatype=XSD.anyURI) for p, ns in query_prefixes(BASE).items()}
    assert declared["id"] == Literal(BASE, datatype=XSD.anyURI)
