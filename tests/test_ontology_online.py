"""The ontology online: the ontology and the shapes in the store as vocabulary graphs, ``/ontology`` for a
browser and for an RDF client, the resource page of a term, and the analyses' notations read from the store."""

from __future__ import annotations

import hashlib
import re
import threading
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, VOID
from werkzeug.serving import make_server

from conftest import TEST_BASE
from test_editor import browser  # noqa: F401  (browser: the Chromium fixture)
from wsis_graph import paths
from wsis_graph.analysis.projection import FROM_FILE, FROM_STORE, project
from wsis_graph.namespaces import SPDX, WSIS, sparql_prologue
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.uris import Minter
from wsis_graph.validation import validate_graph
from wsis_graph.web.app import create_app
from wsis_graph.web.settings import Settings

MINT = Minter(TEST_BASE)
ONTOLOGY = MINT.graph("ontology")
SHAPES = MINT.graph("shapes")


@pytest.fixture(scope="module")
def store(built) -> MemoryStore:
    s = MemoryStore()
    s.replace(built.quads())
    return s


@pytest.fixture(scope="module")
def client(store):
    return create_app(Settings(store_url="memory:", base=TEST_BASE), store=store).test_client()


def test_the_build_loads_the_ontology_and_the_shapes_as_described_graphs(built):
    by_key = {b.key: b for b in built.graphs}
    assert by_key["ontology"].iri == ONTOLOGY and by_key["shapes"].iri == SHAPES
    assert (WSIS.ActionLine, RDF.type, OWL.Class) in by_key["ontology"].graph
    desc = built.description
    for key, files in (("ontology", [paths.ontology_file()]), ("shapes", sorted(paths.shapes_dir().glob("*.ttl")))):
        gi = by_key[key].iri
        assert (gi, DCTERMS.type, WSIS.VocabularyGraph) in desc
        assert desc.value(gi, OWL.versionInfo) == Literal("0.1.0")
        assert int(desc.value(gi, VOID.triples)) == len(by_key[key].graph) > 100
        sums = {}
        for file in desc.objects(gi, DCTERMS.source):
            if isinstance(file, URIRef) and desc.value(file, SPDX.checksum) is not None:
                sums[str(desc.value(file, DCTERMS.title))] = str(desc.value(desc.value(file, SPDX.checksum), SPDX.checksumValue))
        assert sums == {
            f"ontology/{f.relative_to(paths.ontology_dir())}": hashlib.sha256(f.read_bytes()).hexdigest() for f in files
        }


def test_the_shapes_blank_nodes_become_skolem_iris_under_the_base(built):
    shapes = next(b for b in built.graphs if b.key == "shapes").graph
    props = list(shapes.objects(URIRef("https://w3id.org/wsis-graph/shapes#AlignmentShape"), URIRef("http://www.w3.org/ns/shacl#property")))
    assert props and all(str(p).startswith(TEST_BASE + ".well-known/genid/shapes-") for p in props)


def test_sparql_finds_the_notations_and_labels_of_the_ontology(store):
    q = sparql_prologue()
    assert [str(r[0]) for r in store.query(q + "SELECT ?n WHERE { wsis:Verified skos:notation ?n }").rows] == ["verified"]
    marks = store.query(q + "SELECT ?n (COUNT(*) AS ?c) WHERE { ?a wsis:confidence/skos:notation ?n } GROUP BY ?n").rows
    assert {str(n) for n, _ in marks} >= {"verified", "single-source", "inferred"}
    label = store.query(q + "SELECT ?l WHERE { GRAPH ?g { wsis:ActionLine rdfs:label ?l } }").rows
    assert [str(r[0]) for r in label] == ["Action Line"]


def test_a_store_holding_the_vocabulary_still_validates(store):
    """The vocabulary's own concepts (wsis:Verified has no skos:prefLabel) are not checked as data."""
    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    assert (WSIS.Verified, SKOS.inScheme, WSIS.ConfidenceScheme) in data
    report = validate_graph(data)
    assert report.conforms, report.text()


def test_the_analyses_read_notations_from_the_store(store):
    G = project(store, mint=MINT)
    assert G.graph["notations_from"] == FROM_STORE
    methods = {d["method"] for _, _, d in G.edges(data=True) if d.get("method")}
    assert "expert" in methods  # wsis:PublishedMapping's notation, not its local name
    changed = MemoryStore()
    changed.replace(
        (s, p, Literal("expert-body") if (s, p, g) == (WSIS.PublishedMapping, SKOS.notation, ONTOLOGY) else o, g)
        for s, p, o, g in store.quads()
    )
    methods = {d["method"] for _, _, d in project(changed, mint=MINT).edges(data=True) if d.get("method")}
    assert "expert-body" in methods and "expert" not in methods


def test_a_store_without_the_ontology_graph_uses_the_file_and_says_so(store):
    bare = MemoryStore()
    bare.replace(q for q in store.quads() if q[3] not in (ONTOLOGY, SHAPES))
    G = project(bare, mint=MINT)
    assert G.graph["notations_from"] == FROM_FILE
    assert "expert" in {d["method"] for _, _, d in G.edges(data=True) if d.get("method")}


def test_the_vocabulary_is_not_projected_as_data(store):
    G = project(store, mint=MINT)
    assert str(ONTOLOGY) not in G.graph["graphs"] and str(SHAPES) not in G.graph["graphs"]
    assert str(WSIS.Verified) not in G and str(WSIS.ActionLine) not in G


def test_the_ontology_page_lists_classes_with_definitions_properties_examples_and_shapes(client):
    r = client.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "<script" not in html
    start = html.index('<section class="onto-term" id="ActionLine">')
    entry = html[start: html.index("</section>", start)]
    assert "One of the lines of action of the WSIS Geneva Plan of Action" in entry
    assert 'href="#contributesTo"' in entry and 'href="#facilitatedBy"' in entry
    example = re.search(r'19 instances, e\.g\.\s*<a href="([^"]+)"', entry)
    assert example, "an example instance, linked"
    page = client.get(example.group(1), headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Action Line" in page.get_data(as_text=True)
    assert "wsh:ActionLineShape" in entry and "skos:notation" in entry and "1..1" in entry
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'href="#ActionLine"' in html
    schemes = html[html.index('id="ConfidenceScheme"'):]
    assert "<code>single-source</code>" in schemes[: schemes.index("</section>")]


def test_the_ontology_for_rdf_clients(client):
    for url, headers, fmt in (
        ("/ontology", {"Accept": "text/turtle"}, "turtle"),
        ("/ontology", {"Accept": "application/ld+json"}, "json-ld"),
        ("/ontology.ttl", {}, "turtle"),
        ("/ontology.jsonld", {}, "json-ld"),
        ("/ontology?format=ttl", {"Accept": "text/html"}, "turtle"),
        ("/wsis-graph/ontology", {"Accept": "text/turtle"}, "turtle"),
    ):
        r = client.get(url, headers=headers)
        assert r.status_code == 200, url
        g = Graph().parse(data=r.get_data(as_text=True), format=fmt)
        assert (WSIS.ActionLine, RDF.type, OWL.Class) in g, url
        assert (WSIS.Verified, SKOS.notation, Literal("verified")) in g, url
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406
    svg = client.get("/ontology/diagram.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"Action Line" in svg.data


def test_the_resource_page_of_a_term_shows_its_label_and_definition(client):
    iri = "https://w3id.org/wsis-graph/ontology#ActionLine"
    r = client.get("/resource?iri=" + quote(iri, safe=""), headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Action Line" in html and "One of the lines of action of the WSIS Geneva Plan of Action" in html
    ttl = client.get("/resource?iri=" + quote(iri, safe=""), headers={"Accept": "text/turtle"})
    assert (WSIS.ActionLine, SKOS.definition, None) in Graph().parse(data=ttl.get_data(as_text=True), format="turtle")


def test_ontology_page_on_a_store_without_the_ontology(built):
    bare = MemoryStore()
    bare.replace(q for q in built.quads() if q[3] not in (ONTOLOGY, SHAPES))
    client = create_app(Settings(store_url="memory:", base=TEST_BASE), store=bare).test_client()
    r = client.get("/ontology.ttl")
    assert r.status_code == 404 and "wsis-graph build" in r.get_data(as_text=True)


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """The application on a real HTTP server on 127.0.0.1 (a free port), over the built data in Oxigraph."""
    store = OxigraphStore(tmp_path_factory.mktemp("ontology-server") / "db")
    store.replace(built.quads())
    httpd = make_server("127.0.0.1", 0, create_app(Settings(store_url="memory:", base=TEST_BASE), store=store), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)
    store.close()


def test_the_ontology_page_in_a_browser(server, browser):
    """Offline (every request to our own origin), the diagram drawn, and a click on a class box in it lands
    on the class's entry."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(server + "/ontology")
        assert all(url.startswith(server) for url in requested), requested
        box = page.locator("svg.onto-diagram").bounding_box()
        assert box and box["width"] > 600 and box["height"] > 250
        assert page.locator("svg.onto-diagram g.link").count() >= 5
        page.locator('svg.onto-diagram a[href="#ActionLine"]').click()
        assert page.url.endswith("#ActionLine")
        assert page.locator("#ActionLine").is_visible()
        assert "One of the lines of action" in page.locator("#ActionLine").inner_text()
    finally:
        page.close()
