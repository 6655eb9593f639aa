"""Result formats and content negotiation (SPARQL 1.1 Protocol 2.1.6, RFC 9110 12.5.1).

The table tests pin the choice of format for Accept headers and ``format`` values; the HTTP tests
fetch every format from a real server and read it back with an independent parser (rdflib's
result and RDF parsers, Python's csv and XML modules).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from test_protocol import EX, G_THREE, PREFIXES, endpoint, error, serve
from wsis_graph.store import OxigraphStore
from wsis_graph.web.protocol.negotiation import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    UnknownFormat,
    choose,
    from_parameter,
    parse_accept,
)
from wsis_graph.engine.result_formats import SolutionWriter, Unserializable, tsv_term, write_boolean, write_graph, xml_splittable

XSD = "http://www.w3.org/2001/XMLSchema#"


# -- Choosing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/json"),
        ("application/xml", "application/xml"),
        ("text/*", "text/csv"),
        ("application/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv, application/sparql-results+json", "text/csv"),  # equal q: the client's order
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
        ("text/*;q=0.9, text/csv;q=0.1", "text/tab-separated-values"),  # the most specific range rules CSV
        ("TEXT/CSV", "text/csv"),
        ("text/csv;charset=utf-8;q=0.8, image/png", "text/csv"),
        ("garbage, text/csv", "text/csv"),
        ("text/csv;q=2, application/sparql-results+xml", "application/sparql-results+xml"),  # q out of range is ignored
        # Jena's ARQ and SPARQLWrapper headers:
        (
            "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.7, "
            "text/csv;q=0.5, application/json;q=0.2, application/xml;q=0.2, */*;q=0.1",
            "application/sparql-results+json",
        ),
        ("application/sparql-results+xml, */*;q=0.1", "application/sparql-results+xml"),
    ],
)
def test_choosing_a_result_format(accept, expected):
    assert choose(accept, RESULT_FORMATS).media_type == expected


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples, text/turtle;q=0.5", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/json"),
        ("application/trig", "application/trig"),
        ("application/n-quads", "application/n-quads"),
        ("application/x-turtle", "application/x-turtle"),
        ("text/turtle;q=0, application/*", "application/n-triples"),
    ],
)
def test_choosing_a_graph_format(accept, expected):
    assert choose(accept, GRAPH_FORMATS).media_type == expected


@pytest.mark.parametrize("accept", ["image/png", "text/turtle", "text/csv;q=0, application/sparql-results+json;q=0, application/sparql-results+xml;q=0, text/tab-separated-values;q=0, application/json;q=0, application/xml;q=0, text/xml;q=0"])
def test_nothing_acceptable(accept):
    assert choose(accept, RESULT_FORMATS) is None


def test_parse_accept_skips_malformed_ranges():
    ranges = parse_accept("text/html;level=1;q=0.4, */json, ;q=1, application/json;q=abc, text/plain")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "html", 0.4), ("text", "plain", 1.0)]


@pytest.mark.parametrize(
    "value, kind, expected",
    [
        ("json", "results", "application/sparql-results+json"),
        ("JSON", "results", "application/sparql-results+json"),
        ("xml", "results", "application/sparql-results+xml"),
        ("csv", "results", "text/csv"),
        ("tsv", "results", "text/tab-separated-values"),
        ("json", "graph", "application/ld+json"),
        ("xml", "graph", "application/rdf+xml"),
        ("turtle", "graph", "text/turtle"),
        ("ttl", "graph", "text/turtle"),
        ("ntriples", "graph", "application/n-triples"),
        ("rdfxml", "graph", "application/rdf+xml"),
        ("jsonld", "graph", "application/ld+json"),
        ("trig", "graph", "application/trig"),
        ("nquads", "graph", "application/n-quads"),
        ("text/csv", "results", "text/csv"),
        ("application/sparql-results+json", "results", "application/sparql-results+json"),
        ("text/turtle", "graph", "text/turtle"),
    ],
)
def test_the_format_parameter(value, kind, expected):
    offered = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    assert from_parameter(value, offered, kind).media_type == expected


def test_a_format_for_the_other_kind_of_result_is_none_and_an_unknown_one_raises():
    assert from_parameter("csv", GRAPH_FORMATS, "graph") is None
    assert from_parameter("turtle", RESULT_FORMATS, "results") is None
    assert from_parameter("text/turtle", RESULT_FORMATS, "results") is None
    for value in ("pdf", "image/png", ""):
        with pytest.raises(UnknownFormat):
            from_parameter(value, RESULT_FORMATS, "results")


# -- Writing -------------------------------------------------------------------------------------


def _write(fmt: str, variables, rows) -> bytes:
    writer = SolutionWriter(fmt, variables)
    return writer.header() + b"".join(writer.row(r) for r in rows) + writer.footer(None)


TRICKY = ox.Literal('a "quoted"\tvalue,\r\nwith a comma & <tag>')
ROWS = [
    [ox.NamedNode("https://example.org/a"), TRICKY],
    [ox.BlankNode("b0"), ox.Literal("chat", language="fr")],
    [None, ox.Literal("4.50", datatype=ox.NamedNode(XSD + "decimal"))],
]


def test_csv_quotes_and_crlf():
    text = _write("csv", ["x", "y"], ROWS).decode()
    assert text.startswith("x,y\r\n")
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records == [
        ["x", "y"],
        ["https://example.org/a", 'a "quoted"\tvalue,\r\nwith a comma & <tag>'],
        ["_:b0", "chat"],
        ["", "4.50"],
    ]


def test_tsv_escapes_and_abbreviates():
    text = _write("tsv", ["x", "y"], ROWS).decode()
    lines = text.split("\n")
    assert lines[0] == "?x\t?y"
    assert lines[1] == '<https://example.org/a>\t"a \\"quoted\\"\\tvalue,\\r\\nwith a comma & <tag>"'
    assert lines[2] == '_:b0\t"chat"@fr'
    assert lines[3] == "\t4.50"
    assert tsv_term(ox.Literal("1.0E6", datatype=ox.NamedNode(XSD + "double"))) == "1.0E6"
    assert tsv_term(ox.Literal("+.5", datatype=ox.NamedNode(XSD + "decimal"))) == "+.5"
    assert tsv_term(ox.Literal("12 ", datatype=ox.NamedNode(XSD + "integer"))) == f'"12 "^^<{XSD}integer>'
    assert tsv_term(ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean"))) == f'"1"^^<{XSD}boolean>'


def test_json_and_xml_read_back_with_rdflib():
    for fmt in ("json", "xml"):
        result = Result.parse(io.BytesIO(_write(fmt, ["x", "y"], ROWS)), format=fmt)
        rows = [tuple(row) for row in result]
        assert [str(v) for v in result.vars] == ["x", "y"]
        assert rows[0] == (URIRef("https://example.org/a"), Literal(TRICKY.value))
        assert rows[1][1] == Literal("chat", lang="fr")
        assert rows[2] == (None, Literal("4.50", datatype=URIRef(XSD + "decimal")))


def test_xml_refuses_what_xml_cannot_carry():
    writer = SolutionWriter("xml", ["x"])
    with pytest.raises(Unserializable):
        writer.row([ox.Literal("bell \x07")])


def test_boolean_in_every_format():
    assert json.loads(write_boolean("json", False)) == {"head": {}, "boolean": False}
    assert ET.fromstring(write_boolean("xml", True)).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    assert write_boolean("csv", True) == b"_askResult\r\ntrue\r\n"
    assert write_boolean("tsv", False) == b"?_askResult\nfalse\n"


def test_rdf_xml_refuses_a_predicate_without_a_local_name():
    assert xml_splittable("http://xmlns.com/foaf/0.1/name")
    assert not xml_splittable("https://example.org/p/1")
    triple = ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p/1"), ox.Literal("o"))
    with pytest.raises(Unserializable, match="Turtle"):
        write_graph([triple], "rdfxml")
    assert b"<https://example.org/p/1>" in write_graph([triple], "ntriples")


# -- Over HTTP -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(OxigraphStore(tmp_path_factory.mktemp("negotiation") / "store")) as live:
        yield live


CAROL = PREFIXES + f"SELECT ?p ?o FROM <{G_THREE}> {{ ex:carol ?p ?o }} ORDER BY ?p"
CAROL_GRAPH = PREFIXES + f"CONSTRUCT {{ ex:carol ?p ?o }} FROM <{G_THREE}> WHERE {{ ex:carol ?p ?o }}"


def expected_carol() -> Graph:
    graph = Graph()
    graph.add((EX.carol, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("http://xmlns.com/foaf/0.1/Person")))
    graph.add((EX.carol, URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Zoë", lang="fr")))
    graph.add((EX.carol, EX.note, Literal('line one\nline two\t"quoted", with a comma')))
    graph.add((EX.carol, EX.weight, Literal("61.5", datatype=URIRef(XSD + "decimal"))))
    return graph


@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
])
def test_select_in_each_format_reads_back(server, accept, fmt):
    reply = requests.get(endpoint(server), params={"query": CAROL}, headers={"Accept": accept}, timeout=30)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"] == f"{accept}; charset=utf-8"
    assert reply.headers["Vary"] == "Accept"
    assert reply.headers["X-Result-Rows"] == "4"
    assert "X-Result-Truncated" not in reply.headers
    result = Result.parse(io.BytesIO(reply.content), format=fmt)
    values = {str(row[0]): row[1] for row in result}
    note = values["https://example.org/note"]
    assert str(note) == 'line one\nline two\t"quoted", with a comma'
    if fmt in ("json", "xml", "tsv"):  # CSV keeps no language tags or datatypes
        assert values["http://xmlns.com/foaf/0.1/name"] == Literal("Zoë", lang="fr")
        assert values["https://example.org/weight"] == Literal("61.5", datatype=URIRef(XSD + "decimal"))


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"),
    ("application/trig", "trig"),
    ("application/n-quads", "nquads"),
])
def test_construct_in_each_format_reads_back(server, accept, fmt):
    reply = requests.get(endpoint(server), params={"query": CAROL_GRAPH}, headers={"Accept": accept}, timeout=30)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"] == f"{accept}; charset=utf-8"
    if fmt in ("trig", "nquads"):
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(data=reply.content, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    else:
        graph = Graph()
        graph.parse(data=reply.content, format=fmt)
    assert isomorphic(graph, expected_carol())


def test_ask_in_json_and_xml(server):
    query = PREFIXES + "ASK { ex:carol ?p ?o }"
    assert requests.get(endpoint(server), params={"query": query}, timeout=30).json() == {"head": {}, "boolean": True}
    reply = requests.get(endpoint(server), params={"query": query}, headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert Result.parse(io.BytesIO(reply.content), format="xml").askAnswer is True


def test_describe_is_a_graph(server):
    reply = requests.get(endpoint(server), params={"query": PREFIXES + "DESCRIBE ex:bob"}, headers={"Accept": "application/n-triples"}, timeout=30)
    assert reply.status_code == 200
    graph = Graph().parse(data=reply.content, format="nt")
    assert (EX.bob, EX.age, Literal(42)) in graph


def test_the_format_parameter_wins_over_accept(server):
    reply = requests.get(endpoint(server), params={"query": CAROL, "format": "csv"}, headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert reply.headers["Content-Type"] == "text/csv; charset=utf-8"
    reply = requests.post(endpoint(server), data={"query": CAROL_GRAPH, "output": "json"}, timeout=30)
    assert reply.headers["Content-Type"] == "application/ld+json; charset=utf-8"


def test_an_alias_is_answered_with_the_type_asked_for(server):
    reply = requests.get(endpoint(server), params={"query": CAROL}, headers={"Accept": "application/json"}, timeout=30)
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    assert len(reply.json()["results"]["bindings"]) == 4


def test_406_lists_what_is_available(server):
    reply = requests.get(endpoint(server), params={"query": CAROL}, headers={"Accept": "image/png, text/turtle"}, timeout=30)
    message = error(reply, 406, "not_acceptable")
    for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        assert media in message
    reply = requests.get(endpoint(server), params={"query": CAROL_GRAPH, "format": "csv"}, timeout=30)
    assert "text/turtle" in error(reply, 406, "not_acceptable")


def test_an_unknown_format_value_is_400(server):
    reply = requests.get(endpoint(server), params={"query": CAROL, "format": "excel"}, timeout=30)
    assert "tsv" in error(reply, 400, "unknown_format")


def test_rdf_xml_that_cannot_be_written_is_406_not_broken_xml(server):
    query = "CONSTRUCT { <https://example.org/s> <https://example.org/p/1> 'o' } WHERE {}"
    reply = requests.get(endpoint(server), params={"query": query}, headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert "Turtle" in error(reply, 406, "unserializable")
    reply = requests.get(endpoint(server), params={"query": query}, headers={"Accept": "text/turtle"}, timeout=30)
    assert reply.status_code == 200
