"""The SPARQL 1.1 Graph Store HTTP Protocol at /store, over real HTTP (and the test client for edges).

Reads work always; writes only with updates switched on and the bearer token; every write is
validated against the shapes before it is committed, and a refused or unreadable body leaves the
store byte for byte as it was.
"""

from __future__ import annotations

import json
import threading
from urllib.parse import quote

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from test_update import (  # shared helpers of the update tests
    EX,
    FIXTURE,
    G1,
    G2,
    TOKEN,
    LiveServer,
    Listener,
    nquads,
)
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.web.app import create_app
from wsis_graph.web.protocol.graph_store import negotiate
from wsis_graph.web.settings import Settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TTL = {"Content-Type": "text/turtle; charset=utf-8", **AUTH}
G1_PATH = "/store?graph=" + quote(str(G1), safe="")
NEW = EX + "new"
NEW_PATH = "/store?graph=" + quote(NEW, safe="")
PERSON = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://example.org/person/1> a foaf:Person ; foaf:name "Jane Doe" ;
    foaf:knows [ a foaf:Person ; foaf:name "John Doe" ] .
"""


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    s = OxigraphStore(tmp_path / "db") if request.param == "oxigraph" else MemoryStore()
    s.replace(FIXTURE)
    yield s
    s.close()


@pytest.fixture
def ox_store(tmp_path):
    s = OxigraphStore(tmp_path / "db")
    s.replace(FIXTURE)
    yield s
    s.close()


@pytest.fixture
def server(store):
    live = LiveServer(store, update_token=TOKEN)
    yield live
    live.close()


@pytest.fixture
def ox_server(ox_store):
    live = LiveServer(ox_store, update_token=TOKEN)
    yield live
    live.close()


def graph_of(body: bytes, fmt: str = "turtle", base: str | None = None) -> Graph:
    g = Graph()
    g.parse(data=body.decode("utf-8"), format=fmt, publicID=base)
    return g


def expected_g1() -> Graph:
    g = Graph()
    for s, p, o, _ in FIXTURE[:2]:
        g.add((s, p, o))
    return g


def person() -> Graph:
    return graph_of(PERSON.encode())


def dump(store) -> list:
    """The store's content, default graph included, in a comparable form."""
    return sorted(map(str, store.quads())) + sorted(map(str, store.default_triples()))


# -- Reading -------------------------------------------------------------------------------------


def test_get_a_named_graph_in_turtle(server):
    reply = server.request("GET", G1_PATH, headers={"Accept": "text/turtle"})
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/turtle; charset=utf-8"
    assert isomorphic(graph_of(reply.body), expected_g1())


@pytest.mark.parametrize(
    "accept, media, fmt",
    [
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/trig", "application/trig", "trig"),
        ("application/n-quads", "application/n-quads", "nquads"),
        ("application/rdf+xml;q=0.5, application/n-triples;q=0.9, */*;q=0.1", "application/n-triples", "nt"),
        ("text/*", "text/turtle", "turtle"),
        (None, "text/turtle", "turtle"),
    ],
)
def test_get_negotiates_the_format(server, accept, media, fmt):
    reply = server.request("GET", G1_PATH, headers={"Accept": accept} if accept else {})
    assert reply.status == 200
    assert reply.headers["content-type"].split(";")[0] == media
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=reply.body.decode("utf-8"), format=fmt)
        assert isomorphic(ds.graph(G1), expected_g1())
    else:
        assert isomorphic(graph_of(reply.body, fmt), expected_g1())


def test_get_with_nothing_acceptable_is_406(server):
    reply = server.request("GET", G1_PATH, headers={"Accept": "image/png, text/turtle;q=0"})
    assert reply.status == 406
    assert reply.json()["error"]["code"] == "not_acceptable"


def test_head_is_get_without_the_body(server):
    get = server.request("GET", G1_PATH, headers={"Accept": "text/turtle; charset=utf-8"})
    head = server.request("HEAD", G1_PATH, headers={"Accept": "text/turtle; charset=utf-8"})
    assert head.status == 200 and head.body == b""
    assert head.headers["content-type"] == get.headers["content-type"] == "text/turtle; charset=utf-8"
    assert head.headers["content-length"] == str(len(get.body))


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_an_unknown_graph_is_404(server, method):
    reply = server.request(method, "/store?graph=" + quote(EX + "nowhere", safe=""))
    assert reply.status == 404
    if method == "GET":
        assert reply.json()["error"]["code"] == "graph_not_found"


def test_the_default_graph_always_exists(server):
    reply = server.request("GET", "/store?default", headers={"Accept": "application/n-triples"})
    assert reply.status == 200 and reply.body.strip() == b""


def test_get_without_a_graph_gives_the_whole_dataset(server):
    reply = server.request("GET", "/store", headers={"Accept": "application/n-quads"})
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/n-quads")
    ds = Dataset()
    ds.parse(data=reply.body.decode("utf-8"), format="nquads")
    assert len(ds.graph(G1)) == 2 and len(ds.graph(G2)) == 1


@pytest.mark.parametrize(
    "query, code",
    [
        ("?graph=" + quote(EX + "g1", safe="") + "&default", "bad_request"),
        ("?graph=relative/name", "bad_iri"),
        ("?graph=", "bad_request"),
        ("?graph=" + quote(EX + "g1", safe="") + "&graph=" + quote(EX + "g2", safe=""), "bad_request"),
        ("?graph=http://exa%20mple.org/", "bad_iri"),
    ],
)
def test_a_badly_named_graph_is_400(server, query, code):
    reply = server.request("GET", "/store" + query)
    assert reply.status == 400 and reply.json()["error"]["code"] == code


def test_reads_work_with_updates_off_and_writes_are_403(store, monkeypatch):
    monkeypatch.delenv("WSIS_GRAPH_UPDATE_TOKEN", raising=False)
    live = LiveServer(store)
    try:
        assert live.request("GET", G1_PATH).status == 200
        before = dump(store)
        for method in ("PUT", "POST", "DELETE"):
            reply = live.request(method, G1_PATH, PERSON, TTL)
            assert reply.status == 403
            assert reply.json()["error"]["code"] == "updates_disabled"
        assert dump(store) == before
    finally:
        live.close()


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_need_the_token(server, store, method):
    before = dump(store)
    reply = server.request(method, G1_PATH, PERSON, {"Content-Type": "text/turtle"})
    assert reply.status == 401 and reply.headers["www-authenticate"].startswith("Bearer")
    reply = server.request(method, G1_PATH, PERSON, {"Content-Type": "text/turtle", "Authorization": "Bearer nope"})
    assert reply.status == 401
    assert dump(store) == before


# -- Writing -------------------------------------------------------------------------------------


def test_put_creates_then_replaces(server, store):
    reply = server.request("PUT", NEW_PATH, PERSON, TTL)
    assert reply.status == 201 and reply.body == b""
    got = server.request("GET", NEW_PATH, headers={"Accept": "text/turtle"})
    assert isomorphic(graph_of(got.body), person())
    reply = server.request("PUT", NEW_PATH, '<https://example.org/x> <https://example.org/y> "z" .', TTL)
    assert reply.status == 204 and reply.body == b""
    got = server.request("GET", NEW_PATH, headers={"Accept": "application/n-triples"})
    assert got.body.decode().strip() == '<https://example.org/x> <https://example.org/y> "z" .'
    assert store.count(G1) == 2  # other graphs untouched


def test_post_merges_into_a_graph(server, store):
    reply = server.request("POST", G1_PATH, PERSON, TTL)
    assert reply.status == 204
    got = graph_of(server.request("GET", G1_PATH).body)
    assert len(got) == len(expected_g1()) + len(person())
    assert store.count(G1) == 2 + len(person())
    reply = server.request("POST", NEW_PATH, PERSON, TTL)
    assert reply.status == 201


def test_post_to_the_store_creates_a_graph_and_says_where(server):
    reply = server.request("POST", "/store", PERSON, TTL)
    assert reply.status == 201
    location = reply.headers["location"]
    assert location.startswith("https://w3id.org/wsis-graph/id/graph/upload-")
    got = server.request("GET", "/store?graph=" + quote(location, safe=""))
    assert got.status == 200 and isomorphic(graph_of(got.body), person())


def test_delete_then_delete_again(server, store):
    assert server.request("DELETE", G1_PATH, headers=AUTH).status == 204
    assert G1 not in store.graphs()
    assert server.request("GET", G1_PATH).status == 404
    reply = server.request("DELETE", G1_PATH, headers=AUTH)
    assert reply.status == 404 and reply.json()["error"]["code"] == "graph_not_found"
    assert store.count(G2) == 1


def test_put_and_delete_on_the_default_graph(server, store):
    reply = server.request("PUT", "/store?default", PERSON, TTL)
    assert reply.status == 204
    got = server.request("GET", "/store?default", headers={"Accept": "text/turtle"})
    assert isomorphic(graph_of(got.body), person())
    assert store.count(G1) == 2
    assert server.request("DELETE", "/store?default", headers=AUTH).status == 204
    assert list(store.default_triples()) == []


def test_direct_identification_names_the_graph_by_the_request_url(server, store):
    reply = server.request("PUT", "/store/person/1.ttl", PERSON, TTL)
    assert reply.status == 201
    iri = URIRef(f"{server.url}/store/person/1.ttl")
    assert store.count(iri) == len(person())
    got = server.request("GET", "/store?graph=" + quote(str(iri), safe=""))
    assert isomorphic(graph_of(got.body), person())
    assert server.request("HEAD", "/store/person/1.ttl").status == 200
    assert server.request("DELETE", "/store/person/1.ttl", headers=AUTH).status == 204
    assert server.request("HEAD", "/store/person/1.ttl").status == 404


def test_percent_encoding_is_decoded_once(server, store):
    assert server.request("PUT", "/store?graph=https://example.org/p/%31", PERSON, TTL).status == 201
    assert server.request("PUT", "/store?graph=https://example.org/p/%2531", PERSON, TTL).status == 201
    assert {EX + "p/1", EX + "p/%31"} <= set(map(str, store.graphs()))


def test_multipart_parts_are_merged(server, store):
    boundary = "b0undary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="a"; filename="a.ttl"\r\n'
        "Content-Type: text/turtle; charset=utf-8\r\n\r\n"
        '<https://example.org/p1> <https://example.org/name> "One" .\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="b"; filename="b.nt"\r\n\r\n'
        '<https://example.org/p2> <https://example.org/name> "Two" .\r\n'
        f"--{boundary}--\r\n"
    )
    reply = server.request("POST", NEW_PATH, body, {"Content-Type": f"multipart/form-data; boundary={boundary}", **AUTH})
    assert reply.status == 201
    assert store.count(URIRef(NEW)) == 2


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/n-triples", '<https://example.org/a> <https://example.org/b> "c" .'),
        ("application/rdf+xml", (
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="https://example.org/"><rdf:Description rdf:about="https://example.org/a">'
            "<ex:b>c</ex:b></rdf:Description></rdf:RDF>"
        )),
        ("application/ld+json", '{"@context": {"ex": "https://example.org/"}, "@id": "ex:a", "ex:b": "c"}'),
    ],
)
def test_put_reads_each_format(server, store, content_type, body):
    reply = server.request("PUT", NEW_PATH, body, {"Content-Type": content_type, **AUTH})
    assert reply.status == 201
    assert list(store.quads(URIRef(NEW))) == [(URIRef(EX + "a"), URIRef(EX + "b"), Literal("c"), URIRef(NEW))]


# -- Refusals leave the store as it was ----------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY a "lol"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
  <rdf:Description rdf:about="https://example.org/a"><ex:b>&c;</ex:b></rdf:Description>
</rdf:RDF>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
  <rdf:Description rdf:about="https://example.org/a"><ex:b>&secret;</ex:b></rdf:Description>
</rdf:RDF>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["internal-entities", "external-entity"])
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_rdf_xml_with_a_doctype_is_refused(ox_server, ox_store, body, method):
    before = nquads(ox_store)
    reply = ox_server.request(method, G1_PATH, body, {"Content-Type": "application/rdf+xml", **AUTH})
    assert reply.status == 400
    assert reply.json()["error"]["code"] == "xml_dtd_refused"
    assert nquads(ox_store) == before


def test_utf16_rdf_xml_with_a_doctype_is_refused_too(ox_server, ox_store):
    before = nquads(ox_store)
    body = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    reply = ox_server.request("PUT", G1_PATH, body, {"Content-Type": "application/rdf+xml", **AUTH})
    assert reply.status == 400 and reply.json()["error"]["code"] == "xml_dtd_refused"
    assert nquads(ox_store) == before


def test_json_ld_with_a_remote_context_is_refused_without_fetching(ox_server, ox_store):
    listener = Listener()
    try:
        before = nquads(ox_store)
        body = json.dumps({"@context": f"http://127.0.0.1:{listener.port}/context.jsonld", "@id": EX + "a", "b": "c"})
        reply = ox_server.request("PUT", G1_PATH, body, {"Content-Type": "application/ld+json", **AUTH})
        assert reply.status == 400
        assert reply.json()["error"]["code"] == "remote_context_refused"
        assert listener.connections == 0
        assert nquads(ox_store) == before
    finally:
        listener.close()


def test_an_unparseable_body_is_400_with_line_and_column(ox_server, ox_store):
    before = nquads(ox_store)
    body = '<https://example.org/a> <https://example.org/b> "c" .\n<https://example.org/a> <https://example.org/b> .\n'
    reply = ox_server.request("PUT", G1_PATH, body, TTL)
    assert reply.status == 400
    error = reply.json()["error"]
    assert error["code"] == "unparseable_body"
    assert error["line"] == 2 and error["column"] > 1
    assert "line 2" in error["message"]
    assert nquads(ox_store) == before


@pytest.mark.parametrize("content_type", ["text/csv", "application/json", None, "application/trig"])
def test_an_unknown_media_type_is_415(ox_server, ox_store, content_type):
    before = nquads(ox_store)
    headers = dict(AUTH)
    if content_type:
        headers["Content-Type"] = content_type
    reply = ox_server.request("PUT", G1_PATH, PERSON, headers)
    assert reply.status == 415
    assert reply.json()["error"]["code"] == "unsupported_media_type"
    assert nquads(ox_store) == before


def test_a_graph_that_violates_a_shape_is_refused(ox_server, ox_store):
    before = nquads(ox_store)
    body = "<https://example.org/widget> <https://w3id.org/wsis-graph/ontology#confidence> <https://example.org/prettySure> ."
    for method in ("PUT", "POST"):
        reply = ox_server.request(method, G1_PATH, body, TTL)
        assert reply.status == 422
        error = reply.json()["error"]
        assert error["code"] == "shacl_violation"
        assert "wsh:ConfidenceShape" in error["report"]["shapes"]
        assert nquads(ox_store) == before


def test_a_body_over_the_cap_is_413(ox_store):
    live = LiveServer(ox_store, update_token=TOKEN, max_body=1000)
    try:
        before = nquads(ox_store)
        body = "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(100))
        reply = live.request("PUT", G1_PATH, body, TTL)
        assert reply.status == 413 and reply.json()["error"]["code"] == "request_too_large"
        assert nquads(ox_store) == before
    finally:
        live.close()


def test_patch_is_not_offered(ox_server):
    reply = ox_server.request("PATCH", G1_PATH, "CLEAR ALL", {"Content-Type": "application/sparql-update", **AUTH})
    assert reply.status == 405
    assert "PUT" in reply.headers["allow"]


# -- Atomicity seen by readers -------------------------------------------------------------------


def test_readers_never_see_a_half_replaced_graph(ox_server):
    def graph_body(tag: str) -> str:
        return "".join(f'<https://example.org/s{i}> <https://example.org/{tag}> "{i}" .\n' for i in range(300))

    assert ox_server.request("PUT", NEW_PATH, graph_body("a"), TTL).status == 201
    counts: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            reply = ox_server.request("GET", NEW_PATH, headers={"Accept": "application/n-triples"})
            counts.append(reply.body.count(b"\n"))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for tag in ("b", "c", "d", "e", "a", "b"):
            assert ox_server.request("PUT", NEW_PATH, graph_body(tag), TTL).status == 204
    finally:
        stop.set()
        reader.join()
    assert len(counts) > 5 and set(counts) == {300}


# -- Edges through the test client ---------------------------------------------------------------


def test_negotiation_table():
    offered = ["text/turtle", "application/n-triples", "application/rdf+xml"]
    assert negotiate("application/rdf+xml, text/turtle;q=0.8", offered) == "application/rdf+xml"
    assert negotiate("*/*", offered) == "text/turtle"
    assert negotiate("text/turtle;q=0, */*;q=0.5", offered) == "application/n-triples"
    assert negotiate("application/*;q=0.2, application/n-triples;q=0", offered) == "application/rdf+xml"
    assert negotiate("text/turtle;charset=utf-8", offered) == "text/turtle"
    assert negotiate("", offered) == "text/turtle"
    assert negotiate("text/html", offered) is None


def test_a_read_only_store_answers_writes_with_503(tmp_path):
    OxigraphStore(tmp_path / "db").replace(FIXTURE)
    reader = OxigraphStore(tmp_path / "db", read_only=True)
    app = create_app(Settings(store_url=reader.url, update_token=TOKEN), store=reader)
    reply = app.test_client().put(G1_PATH, data=PERSON, headers=TTL)
    assert reply.status_code == 503
    assert reply.get_json()["error"]["code"] == "store_read_only"


def test_a_multipart_field_without_a_file_is_refused(tmp_path):
    store = MemoryStore()
    store.replace(FIXTURE)
    app = create_app(Settings(store_url="memory:", update_token=TOKEN), store=store)
    reply = app.test_client().post(G1_PATH, data={"note": "not a graph"}, headers=AUTH, content_type="multipart/form-data")
    assert reply.status_code == 400 and store.count(G1) == 2


def test_json_ld_with_named_graphs_is_refused(tmp_path):
    store = MemoryStore()
    store.replace(FIXTURE)
    app = create_app(Settings(store_url="memory:", update_token=TOKEN), store=store)
    body = json.dumps({"@id": EX + "g9", "@graph": [{"@id": EX + "a", EX + "b": "c"}]})
    reply = app.test_client().put(NEW_PATH, data=body, headers={"Content-Type": "application/ld+json", **AUTH})
    assert reply.status_code == 400 and reply.get_json()["error"]["code"] == "unexpected_named_graph"
    assert URIRef(NEW) not in store.graphs()


def test_blank_nodes_in_a_post_are_fresh(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    app = create_app(Settings(store_url=store.url, update_token=TOKEN), store=store)
    client = app.test_client()
    body = "_:x <https://example.org/p> 1 ."
    assert client.post(NEW_PATH, data=body, headers=TTL).status_code == 201
    assert client.post(NEW_PATH, data=body, headers=TTL).status_code == 204
    subjects = {s for s, _, _, _ in store.quads(URIRef(NEW))}
    assert len(subjects) == 2  # RDF merge: the two _:x are different nodes
