"""SPARQL 1.1 Update at /update: off by default, bearer token, validated before commit, atomic.

Most cases go over real HTTP to the application served on 127.0.0.1; the store seam and the
pieces of the change pipeline are tested directly as well.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from werkzeug.serving import make_server

from wsis_graph.store import MemoryStore, OxigraphStore, QueryError, StoreError
from wsis_graph.web.app import create_app
from wsis_graph.engine.change_worker import evaluate_change, plan_commit
from wsis_graph.problems import Problem
from wsis_graph.sparql.checks import vet_update, with_dataset
from wsis_graph.sparql.lexer import tokens as lex
from wsis_graph.web.settings import UPDATE_TOKEN_ENV, Settings

EX = "https://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")
TOKEN = "test-token-0f3a"
PREFIXES = (
    "PREFIX ex: <https://example.org/>\n"
    "PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX sdg: <http://metadata.un.org/sdg/>\n"
)
# Plain data that the shapes do not target: it conforms.
FIXTURE = [
    (URIRef(EX + "widget"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(EX + "Widget"), G1),
    (URIRef(EX + "widget"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Widget", lang="en"), G1),
    (URIRef(EX + "gadget"), URIRef(EX + "partOf"), URIRef(EX + "widget"), G2),
]
# A qualified link with everything the shapes ask for (tests/shapes/valid/common-alignment.ttl).
VALID_ALIGNMENT = """
ex:C2 wsis:contributesTo sdg:9.c .
ex:link a wsis:Alignment ;
    wsis:alignmentSubject ex:C2 ; wsis:alignmentObject sdg:9.c ; wsis:relation wsis:contributesTo ;
    wsis:method wsis:PublishedMapping ; wsis:sourceDocument <https://www.itu.int/net4/wsis/sdg/> ;
    wsis:confidence wsis:SingleSource ; wsis:strength 0.5 .
"""
ALIGNMENT_WITHOUT_CONFIDENCE = VALID_ALIGNMENT.replace("wsis:confidence wsis:SingleSource ; ", "")
CONFIDENCE_OUTSIDE_SCHEME = "ex:widget wsis:confidence ex:prettySure ."


# -- A live server -------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


class LiveServer:
    """The application on 127.0.0.1, a free port, in a thread; requests go over real sockets."""

    def __init__(self, store, **settings) -> None:
        self.store = store
        app = create_app(Settings(store_url=store.url, **settings), store=store)
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.host, self.port = "127.0.0.1", self._server.server_port
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None) -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            conn.request(method, path, body=data, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def update(self, text: str, token: str | None = TOKEN, path: str = "/update", **headers) -> Reply:
        all_headers = {"Content-Type": "application/sparql-update", **headers}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return self.request("POST", path, text, all_headers)

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join()


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()


def nquads(store: OxigraphStore) -> bytes:
    return store.native().dump(format=ox.RdfFormat.N_QUADS)


@pytest.fixture
def store(tmp_path):
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
def listener():
    lst = Listener()
    yield lst
    lst.close()


# -- The store seam: Store.update and Store.default_triples on both backends ----------------------


@pytest.fixture(params=["memory", "oxigraph"])
def any_store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else OxigraphStore(tmp_path / "db")
    s.replace(FIXTURE)
    yield s
    s.close()


def test_store_update_writes_named_and_default_graphs(any_store):
    any_store.update(
        'INSERT DATA { <https://example.org/a> <https://example.org/p> "x"@en . '
        "GRAPH <https://example.org/g3> { <https://example.org/a> <https://example.org/p> 1 } }"
    )
    assert list(any_store.default_triples()) == [
        (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x", lang="en"))
    ]
    assert URIRef(EX + "g3") in any_store.graphs()
    assert any_store.count(G1) == 2
    any_store.update("DROP GRAPH <https://example.org/g1> ; DROP DEFAULT")
    assert any_store.graphs() == [G2, URIRef(EX + "g3")]
    assert list(any_store.default_triples()) == []


def test_store_update_that_fails_changes_nothing(any_store):
    before = sorted(any_store.quads())
    with pytest.raises(QueryError):
        any_store.update("DROP GRAPH <https://example.org/g1> ; INSERT DATA { ")
    with pytest.raises(QueryError):
        any_store.update("DROP GRAPH <https://example.org/g1> ; DROP GRAPH <https://example.org/missing>")
    assert sorted(any_store.quads()) == before


def test_read_only_store_refuses_updates(tmp_path):
    OxigraphStore(tmp_path / "db").replace(FIXTURE)
    reader = OxigraphStore(tmp_path / "db", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.update("CLEAR ALL")


# -- Reading the update text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'INSERT DATA { <https://example.org/LOAD> <https://example.org/p> "LOAD SERVICE" }',
        "INSERT DATA { ex:load ex:service ex:x } # LOAD <file:///etc/passwd>",
        "INSERT { ?load ?service $x } WHERE { ?load ?service $x }",
        "INSERT DATA { <urn:a> <urn:b> '''multi\nline LOAD <x>''' }",
        'INSERT DATA { <urn:a> <urn:b> "x"@load }',
    ],
)
def test_keywords_inside_names_strings_and_comments_are_not_operations(text):
    vet_update(text)


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <file:///etc/passwd>",
        "load <http://example.org/data.ttl> INTO GRAPH <urn:g>",
        "CLEAR ALL ; Load SILENT <http://example.org/x>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "INSERT { ?s ?p ?o } WHERE { { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }",
        # the engine reads keywords glued to what follows them
        "LOADSILENT<http://example.org/x>",
        "PREFIX x: <http://example.org/> LOADx:data",
        "PREFIX : <http://example.org/> INSERT{?s ?p ?o}WHERE{SERVICE:s{?s ?p ?o}}",
        "PREFIX s: <http://example.org/> INSERT{?s ?p ?o}WHERE{SERVICEs:x{?s ?p ?o}}",
        "INSERT{?s ?p ?o}WHERE{SERVICESILENT<http://example.org/sparql>{?s ?p ?o}}",
    ],
)
def test_load_and_service_are_refused(text):
    with pytest.raises(Problem) as caught:
        vet_update(text)
    assert caught.value.status == 400 and caught.value.code == "operation_refused"


def test_protocol_dataset_becomes_using_on_each_modify_operation():
    text = (
        "DELETE WHERE { ?s <urn:p> ?o } ;\n"
        "INSERT { GRAPH <urn:g> { ?s a <urn:C> } } WHERE { ?s ?p ?o } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { FILTER EXISTS { SELECT ?s WHERE { ?s ?p ?o } } }"
    )
    out = with_dataset(text, lex(text), ["urn:d1", "urn:d2"], ["urn:n"])
    clause = "USING <urn:d1> USING <urn:d2> USING NAMED <urn:n> WHERE"
    assert out.count(clause) == 2
    assert out.startswith("DELETE WHERE { ?s <urn:p> ?o }")
    assert "SELECT ?s WHERE" in out


@pytest.mark.parametrize("clause", ["WITH <urn:g>", "USING <urn:g>"])
def test_protocol_dataset_conflicts_with_using_or_with_in_the_text(clause):
    text = (
        f"WITH <urn:g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
        if clause.startswith("WITH")
        else f"DELETE {{ ?s ?p ?o }} {clause} WHERE {{ ?s ?p ?o }}"
    )
    with pytest.raises(Problem) as caught:
        with_dataset(text, lex(text), [], ["urn:n"])
    assert caught.value.code == "dataset_conflict"


# -- The commit plan reproduces exactly what was validated ---------------------------------------


def _dataset_graph(quads) -> Graph:
    """Quads as one rdflib graph (graph name folded into the predicate), for isomorphism with blank nodes."""
    g = Graph()
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value

        def term(t):
            if isinstance(t, ox.NamedNode):
                return URIRef(t.value)
            if isinstance(t, ox.BlankNode):
                return BNode(t.value)
            return Literal(t.value, lang=t.language) if t.language else Literal(t.value, datatype=URIRef(t.datatype.value))

        g.add((term(q.subject), URIRef(f"{q.predicate.value}#in:{name}"), term(q.object)))
    return g


BEFORE = """
<urn:a> <urn:p> "one" .
<urn:a> <urn:p> "two" <urn:g1> .
<urn:a> <urn:card> _:c <urn:g1> .
_:c <urn:name> "Card" <urn:g1> .
_:c <urn:seen> "yes" <urn:g2> .
<urn:z> <urn:p> "keep" <urn:g3> .
_:d <urn:name> "Other" <urn:g4> .
"""


@pytest.mark.parametrize(
    "update",
    [
        'INSERT DATA { GRAPH <urn:g3> { <urn:z> <urn:q> "new" } }',
        'DELETE DATA { GRAPH <urn:g1> { <urn:a> <urn:p> "two" } } ; INSERT DATA { <urn:a> <urn:p> "three" }',
        # touches an existing blank node shared between g1 and g2: both are rewritten
        'DELETE { GRAPH <urn:g1> { ?c <urn:name> ?n } } INSERT { GRAPH <urn:g1> { ?c <urn:name> "Renamed" } } '
        "WHERE { GRAPH <urn:g1> { <urn:a> <urn:card> ?c . ?c <urn:name> ?n } }",
        # adds a triple about an existing blank node to another graph
        'INSERT { GRAPH <urn:g3> { ?c <urn:tag> "t" } } WHERE { GRAPH <urn:g2> { ?c <urn:seen> "yes" } }',
        "DROP GRAPH <urn:g2> ; CREATE GRAPH <urn:empty>",
        'INSERT { GRAPH <urn:g5> { _:n <urn:rand> ?r ; <urn:id> ?u } } WHERE { BIND(RAND() AS ?r) BIND(UUID() AS ?u) }',
        "DELETE WHERE { GRAPH ?g { ?s <urn:name> ?n } }",
        "CLEAR ALL",
        "INSERT DATA { <urn:a> <urn:p> \"one\" }",
    ],
)
def test_commit_plan_turns_before_into_after(update):
    result = evaluate_change(BEFORE.encode(), ["urn:keep-empty"], update, None)
    assert result["ok"], result
    # The worker's own view of "after", rebuilt from the same before state:
    scratch = ox.Store()
    scratch.add_graph(ox.NamedNode("urn:keep-empty"))
    scratch.load(BEFORE.encode(), format=ox.RdfFormat.N_QUADS)
    before = set(scratch)
    before_graphs = set(scratch.named_graphs())
    scratch.update(update)
    after, after_graphs = set(scratch), set(scratch.named_graphs())
    commit = plan_commit(before, after, before_graphs, after_graphs)
    target = ox.Store()
    target.add_graph(ox.NamedNode("urn:keep-empty"))
    target.extend(before)
    if commit:
        target.update(commit)
    assert set(target.named_graphs()) == after_graphs
    assert isomorphic(_dataset_graph(target), _dataset_graph(after))
    assert ("DELETE DATA" not in commit) or ("_:" not in commit.split("DELETE DATA", 1)[1].split("}", 1)[0])


def test_no_change_means_no_commit():
    result = evaluate_change(BEFORE.encode(), [], 'INSERT DATA { <urn:a> <urn:p> "one" }', None)
    assert result["ok"] and result["commit"] == "" and result["added"] == 0


def test_triple_terms_are_refused_by_the_worker():
    result = evaluate_change(b"", [], "INSERT DATA { <urn:a> <urn:p> <<( <urn:b> <urn:c> <urn:d> )>> }", None)
    assert result == {"ok": False, "kind": "unsupported", "message": "RDF 1.2 triple terms are not kept by this store"}


# -- Switching on, authorisation -----------------------------------------------------------------


def test_updates_are_off_unless_the_token_is_configured(store, monkeypatch):
    monkeypatch.delenv(UPDATE_TOKEN_ENV, raising=False)
    live = LiveServer(store)
    try:
        before = nquads(store)
        reply = live.update(f"{PREFIXES} INSERT DATA {{ GRAPH ex:g1 {{ ex:a ex:b ex:c }} }}")
        assert reply.status == 403
        error = reply.json()["error"]
        assert error["code"] == "updates_disabled" and UPDATE_TOKEN_ENV in error["message"]
        assert nquads(store) == before
    finally:
        live.close()


def test_the_environment_variable_switches_updates_on(monkeypatch):
    monkeypatch.setenv(UPDATE_TOKEN_ENV, "from-env")
    settings = Settings(store_url="memory:")
    assert settings.updates_enabled and settings.update_token == "from-env"
    monkeypatch.setenv(UPDATE_TOKEN_ENV, "")
    assert not Settings(store_url="memory:").updates_enabled


@pytest.mark.parametrize(
    "authorization, code",
    [(None, "unauthorized"), ("Bearer wrong-token", "invalid_token"), ("Basic dGVzdDp0ZXN0", "unauthorized"), ("Bearer", "unauthorized")],
)
def test_a_change_needs_the_bearer_token(server, store, authorization, code):
    before = nquads(store)
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    reply = server.request("POST", "/update", "CLEAR ALL", headers)
    assert reply.status == 401
    assert reply.headers["www-authenticate"].startswith("Bearer")
    assert reply.json()["error"]["code"] == code
    assert nquads(store) == before


# -- Changes that land, changes that are refused --------------------------------------------------


def test_insert_data_lands_by_form_and_by_direct_post(server, store):
    reply = server.request(
        "POST",
        "/update",
        "update=" + __import__("urllib.parse").parse.quote(f"{PREFIXES} INSERT DATA {{ GRAPH ex:g1 {{ ex:a ex:b 1 }} }}"),
        {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"},
    )
    assert reply.status == 200, reply.body
    assert reply.json() | {"milliseconds": 0} == {
        "status": "ok", "added": 1, "removed": 0, "graphs": [EX + "g1"], "warnings": 0, "milliseconds": 0
    }
    reply = server.update(f'{PREFIXES} INSERT DATA {{ GRAPH ex:g2 {{ ex:a ex:b "two" }} }}')
    assert reply.status == 200
    assert (URIRef(EX + "a"), URIRef(EX + "b"), Literal(1), G1) in set(store.quads(G1))
    assert (URIRef(EX + "a"), URIRef(EX + "b"), Literal("two"), G2) in set(store.quads(G2))


def test_a_valid_alignment_is_accepted(server, store):
    reply = server.update(f"{PREFIXES} INSERT DATA {{ GRAPH ex:links {{ {VALID_ALIGNMENT} }} }}")
    assert reply.status == 200, reply.body
    assert reply.json()["added"] == 9
    assert store.count(URIRef(EX + "links")) == 9


@pytest.mark.parametrize(
    "data, shape",
    [(ALIGNMENT_WITHOUT_CONFIDENCE, "wsh:AlignmentShape"), (CONFIDENCE_OUTSIDE_SCHEME, "wsh:ConfidenceShape")],
)
def test_a_change_that_violates_a_shape_is_refused_and_nothing_is_written(server, store, data, shape):
    before = nquads(store)
    reply = server.update(
        f"{PREFIXES} INSERT DATA {{ GRAPH ex:g3 {{ ex:keep ex:me 1 }} GRAPH ex:links {{ {data} }} }}"
    )
    assert reply.status == 422
    error = reply.json()["error"]
    assert error["code"] == "shacl_violation" and "unchanged" in error["message"]
    assert shape in error["report"]["shapes"]
    assert error["report"]["shapes"][shape]["count"] >= 1
    assert all(r["severity"] == "Violation" for r in error["report"]["shapes"][shape]["results"])
    assert nquads(store) == before


def test_what_is_committed_is_what_was_validated_even_with_rand(server, store):
    # Re-running this text on the real store would commit an invalid Alignment about half the
    # time the validated run did not; committing the validated difference never does.
    text = f"{PREFIXES} INSERT {{ GRAPH ex:links {{ ex:link a wsis:Alignment }} }} WHERE {{ FILTER(RAND() < 0.5) }}"
    for _ in range(10):
        reply = server.update(text)
        assert reply.status in (200, 422)
        assert store.query("ASK { ?x a <https://w3id.org/wsis-graph/ontology#Alignment> }").boolean is False


def test_a_change_that_matches_nothing_says_why(server, store):
    reply = server.update(f"{PREFIXES} DELETE {{ ?s ?p ?o }} WHERE {{ ?s a ex:Widget ; ?p ?o }}")
    assert reply.status == 200
    body = reply.json()
    assert body["added"] == body["removed"] == 0 and "GRAPH ?g" in body["note"]
    reply = server.update(f"{PREFIXES} DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s a ex:Widget ; ?p ?o }} }}")
    assert reply.json()["removed"] == 2 and store.count(G1) == 0


# -- Never reaching outside ----------------------------------------------------------------------


def test_load_of_a_local_file_is_refused(server, store):
    before = nquads(store)
    reply = server.update("LOAD <file:///etc/passwd> INTO GRAPH <https://example.org/pw>")
    assert reply.status == 400
    assert reply.json()["error"]["code"] == "operation_refused"
    assert nquads(store) == before


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <http://127.0.0.1:{port}/data.ttl>",
        "LOAD SILENT <http://127.0.0.1:{port}/data.ttl> INTO GRAPH <urn:g>",
        "INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "\\u004COAD <http://127.0.0.1:{port}/data.ttl>",
        "INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERV\\u0049CE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "LOADSILENT<http://127.0.0.1:{port}/data.ttl>",
        "PREFIX : <http://127.0.0.1:{port}/> INSERT{{GRAPH <urn:g> {{?s ?p ?o}}}}WHERE{{SERVICE:sparql{{?s ?p ?o}}}}",
    ],
)
def test_load_and_service_never_reach_the_network(server, store, listener, template):
    before = nquads(store)
    reply = server.update(template.format(port=listener.port))
    assert reply.status == 400
    assert reply.json()["error"]["code"] in ("operation_refused", "malformed_update")
    time.sleep(0.1)
    assert listener.connections == 0
    assert nquads(store) == before


# -- The protocol, case by case ------------------------------------------------------------------


def test_update_by_get_is_refused(server):
    reply = server.request("GET", "/update?update=CLEAR%20ALL", headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status == 405 and reply.headers["allow"] == "POST"
    assert reply.json()["error"]["code"] == "method_not_allowed"


def test_two_update_strings_are_refused(server, store):
    before = nquads(store)
    reply = server.request(
        "POST",
        "/update",
        "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
        {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"},
    )
    assert reply.status == 400 and nquads(store) == before


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/sparql-query"])
def test_a_body_of_another_media_type_is_refused(server, store, content_type):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if content_type:
        headers["Content-Type"] = content_type
    reply = server.request("POST", "/update", "update=CLEAR%20ALL" if content_type is None else "CLEAR ALL", headers)
    assert reply.status == 415
    assert reply.json()["error"]["code"] == "unsupported_media_type"
    assert store.count(G1) == 2


def test_a_non_utf8_update_is_refused(server, store):
    reply = server.request(
        "POST",
        "/update",
        "CLEAR ALL".encode("utf-16"),
        {"Content-Type": "application/sparql-update; charset=UTF-16", "Authorization": f"Bearer {TOKEN}"},
    )
    assert reply.status == 415 and store.count(G1) == 2


def test_a_malformed_update_says_where(server, store):
    before = nquads(store)
    reply = server.update("CLEAR XYZ")
    assert reply.status == 400
    error = reply.json()["error"]
    assert error["code"] == "malformed_update" and error["message"].startswith("the update does not parse: syntax error at line 1, column ")
    assert nquads(store) == before


def test_an_update_error_is_placed_in_the_text_the_client_sent(server, store):
    before = nquads(store)
    text = "INSERT DATA {\n  GRAPH <https://example.org/g1> {\n    <urn:a> <urn:b> }\n}"
    with pytest.raises(SyntaxError) as raised:
        ox.Store().update(text)
    line, column = str(raised.value).split(":")[0:2]
    assert line == "error at 3"
    error = server.update(text).json()["error"]
    assert error["code"] == "malformed_update"
    assert error["message"].startswith(f"the update does not parse: syntax error at line 3, column {column}: "), error
    second = "  GRAPH <https://example.org/g1> { <urn:a> rdfs:label \"x\" ; skso:note 'y' } }"
    unknown = server.update("INSERT DATA {\n" + second)
    assert unknown.status == 400 and unknown.json()["error"]["code"] == "malformed_update"
    message = unknown.json()["error"]["message"]
    column = second.index("skso") + 1
    assert message.startswith(f'unknown prefix "skso" at line 2, column {column}; declare it with PREFIX skso: <…>; did you mean skos:')
    assert nquads(store) == before


def test_an_update_may_use_the_known_prefixes(server, store):
    reply = server.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX}thing> rdfs:label 'thing'@en ; a owl:Thing }} }}")
    assert reply.status == 200, reply.json()
    assert (URIRef(EX + "thing"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("thing", lang="en"), G2) in set(store.quads(G2))
    server.update(f"DELETE DATA {{ GRAPH <{G2}> {{ <{EX}thing> rdfs:label 'thing'@en ; a owl:Thing }} }}")


def test_an_update_that_fails_changes_nothing(server, store):
    before = nquads(store)
    reply = server.update("DROP GRAPH <https://example.org/g1> ; DROP GRAPH <https://example.org/nowhere>")
    assert reply.status == 400 and reply.json()["error"]["code"] == "update_failed"
    assert nquads(store) == before


def test_using_graph_uri_sets_the_default_graph_of_the_where_clause(server, store):
    text = f"{PREFIXES} INSERT {{ GRAPH ex:seen {{ ?s a ex:Seen }} }} WHERE {{ ?s a ex:Widget }}"
    assert server.update(text).json()["added"] == 0  # the unnamed default graph is empty
    reply = server.update(text, path="/update?using-graph-uri=https%3A%2F%2Fexample.org%2Fg1")
    assert reply.status == 200 and reply.json()["added"] == 1
    assert store.count(URIRef(EX + "seen")) == 1


def test_using_named_graph_uri_limits_graph_patterns(server, store):
    text = f"{PREFIXES} INSERT {{ GRAPH ex:seen {{ ?s ex:in ?g }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    reply = server.update(text, path="/update?using-named-graph-uri=https%3A%2F%2Fexample.org%2Fg2")
    assert reply.status == 200
    assert set(store.quads(URIRef(EX + "seen"))) == {(URIRef(EX + "gadget"), URIRef(EX + "in"), G2, URIRef(EX + "seen"))}


def test_protocol_dataset_and_with_together_are_refused(server, store):
    text = f"{PREFIXES} WITH ex:g1 DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    reply = server.update(text, path="/update?using-named-graph-uri=https%3A%2F%2Fexample.org%2Fg2")
    assert reply.status == 400 and reply.json()["error"]["code"] == "dataset_conflict"
    assert store.count(G1) == 2


def test_relative_iris_resolve_against_the_endpoint(server, store):
    reply = server.update("INSERT DATA { GRAPH <https://example.org/base> { <https://example.org/s> <https://example.org/p> <test> } }")
    assert reply.status == 200
    [(_, _, obj, _)] = list(store.quads(URIRef(EX + "base")))
    assert obj == URIRef(f"{server.url}/test")


def test_an_update_longer_than_the_body_cap_is_refused(store):
    live = LiveServer(store, update_token=TOKEN, max_body=2000)
    try:
        reply = live.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> \"" + "x" * 5000 + "\" } }")
        assert reply.status == 413
        assert reply.json()["error"]["code"] == "request_too_large"
        assert store.count(URIRef("urn:g")) == 0
    finally:
        live.close()


def test_a_runaway_update_is_stopped_and_others_are_served(store):
    store.update(
        "INSERT DATA { GRAPH <https://example.org/big> { "
        + " ".join(f"<https://example.org/s{i}> <https://example.org/p> {i} ." for i in range(200))
        + " } }"
    )
    before = nquads(store)
    live = LiveServer(store, update_token=TOKEN, query_timeout=1.0)
    try:
        results = {}

        def runaway():
            t0 = time.perf_counter()
            results["reply"] = live.update(
                "INSERT { GRAPH <urn:out> { ?a <urn:p> ?d } } "
                "WHERE { GRAPH ?g { ?a ?p1 ?o1 . ?b ?p2 ?o2 . ?c ?p3 ?o3 . ?d ?p4 ?o4 } }"
            )
            results["seconds"] = time.perf_counter() - t0

        worker = threading.Thread(target=runaway)
        worker.start()
        time.sleep(0.3)
        t0 = time.perf_counter()
        read = live.request("GET", "/store?graph=https%3A%2F%2Fexample.org%2Fg1")
        assert read.status == 200 and time.perf_counter() - t0 < 0.9
        worker.join(20)
        reply = results["reply"]
        assert reply.status == 503 and reply.json()["error"]["code"] == "timeout"
        assert results["seconds"] < 5
        assert nquads(store) == before
    finally:
        live.close()
