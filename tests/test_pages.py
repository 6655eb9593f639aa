"""Linked Data pages, browse lists and label search (wsis_graph/web/pages.py, describe.py).

The app runs on the real dataset (a MemoryStore loaded from the build). Expected values are
recomputed from the store (by plain quad scans or separate SPARQL queries), not copied from the pages.
A few checks run on an Oxigraph store as well, because it binds query parameters differently.
"""

from __future__ import annotations

import json
import unicodedata
import shutil
import socket
import subprocess
import threading
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from conftest import TEST_BASE
from wsis_graph.namespaces import WSIS
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.web.app import create_app
from wsis_graph.web.pages import lookup
from wsis_graph.web.settings import Settings

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
C4 = URIRef(f"{TEST_BASE}action-line/C4")
ITU = URIRef(f"{TEST_BASE}entity/ITU")
SDG = "http://metadata.un.org/sdg/"
QUALIFYING = [WSIS.alignmentSubject, WSIS.alignmentObject, WSIS.actionLine, WSIS.facilitator, WSIS.scopeDocument]


# -- a small DOM, enough to find elements by tag, class and attribute --------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return " ".join(
            " ".join((c if isinstance(c, str) else c.text()).split()) for c in self.children
        ).strip()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, *args, **kwargs) -> "Node":
        found = self.find_all(*args, **kwargs)
        assert found, f"no element {args} {kwargs}"
        return found[0]

    def hrefs(self) -> list[str]:
        """The links below this element, percent-decoded."""
        return [unquote(a.attrs["href"]) for a in self.find_all("a") if "href" in a.attrs]


VOID_TAGS = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class DomBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag == "script":
            self.scripts += 1
        if tag not in VOID_TAGS:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def dom(response) -> Node:
    builder = DomBuilder()
    builder.feed(response.get_data(as_text=True))
    assert builder.scripts == 0, "pages work without JavaScript"
    return builder.root


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def store(built) -> MemoryStore:
    s = MemoryStore()
    s.replace(built.quads())
    return s


@pytest.fixture(scope="session")
def app(store):
    return create_app(Settings(store_url="memory:", base=TEST_BASE), store=store)


@pytest.fixture(scope="session")
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def quads(store) -> list[tuple]:
    return list(store.quads())


@pytest.fixture(scope="session")
def index(quads):
    """Quads by subject and by object, from a plain scan of the store."""
    by_s, by_o = defaultdict(list), defaultdict(list)
    for q in quads:
        by_s[q[0]].append(q)
        by_o[q[2]].append(q)
    return by_s, by_o


def page(iri: str, **params: str) -> str:
    """The page URL the app should serve ``iri`` at, percent-decoded (compare with ``Node.hrefs``)."""
    if iri.startswith(TEST_BASE):
        url, sep = "/id/" + iri[len(TEST_BASE):], "?"
    else:
        url, sep = "/resource?iri=" + iri, "&"
    return url + (sep + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def get(client, iri: str, headers=None, **params: str):
    """GET the page of ``iri`` (encoded for the request)."""
    return client.get(quote(page(iri, **params), safe="/?=&:"), headers=headers or {})


def values(index, s, p) -> list:
    return sorted({q[2] for q in index[0][s] if q[1] == p}, key=str)


def subjects(index, p, o) -> list:
    return sorted({q[0] for q in index[1][o] if q[1] == p}, key=str)


def of_type(index, cls) -> list:
    return subjects(index, RDF.type, cls)


def label_in(index, node, lang: str, prop=SKOS.prefLabel) -> str:
    found = [v for v in values(index, node, prop) if isinstance(v, Literal) and v.language == lang]
    assert found, f"{node} has no {prop} in {lang}"
    return str(found[0])


# -- resource pages ---------------------------------------------------------------------------------


def test_c4_page_shows_both_itu_facilitations_with_confidence_and_sources(client, index):
    statements = [
        f for f in subjects(index, WSIS.actionLine, C4)
        if WSIS.Facilitation in values(index, f, RDF.type) and ITU in values(index, f, WSIS.facilitator)
    ]
    assert len(statements) == 2, "the sources give ITU two roles for C4 (co-facilitator, then lead)"
    doc = dom(get(client, str(C4), headers=HTML))
    rows = doc.find_all("tr", cls="facilitation")
    for node in statements:
        matching = [r for r in rows if page(str(node)) in r.hrefs()]
        assert len(matching) == 1, node
        row = matching[0]
        assert page(str(ITU)) in row.hrefs()
        (mark,) = values(index, node, WSIS.confidence)
        notation = str(values_of_vocab(mark, SKOS.notation))
        badge = row.find("span", cls=f"conf-{notation}")
        assert badge.text() == str(values_of_vocab(mark, RDFS_LABEL))
        sources = [str(s) for s in values(index, node, WSIS.sourceDocument)]
        assert sources and all(s in row.hrefs() for s in sources)
        (role,) = values(index, node, ORG.role)
        assert str(values_of_vocab(role, RDFS_LABEL)) in row.text()
        graph_links = row.find_all("a", cls="graph")
        assert [a.attrs["href"] for a in graph_links] == [page(f"{TEST_BASE}graph/facilitation")]
        assert "facilitation" in graph_links[0].text().lower()


RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def values_of_vocab(term, prop):
    from wsis_graph.web.pages.labels import vocabulary

    return vocabulary().value(term, prop)


def test_qualified_alignment_rows_show_source_locator_method_and_graph_title(client, index, store):
    # A GDC paragraph with a linkedTo alignment that has a locator.
    alignments = [
        a for a in of_type(index, WSIS.Alignment)
        if values(index, a, WSIS.locator) and values(index, a, WSIS.relation) == [WSIS.linkedTo]
    ]
    assert alignments
    link = alignments[0]
    (subject,) = values(index, link, WSIS.alignmentSubject)
    graph = next(q[3] for q in index[0][link])
    title = str(store.query(
        "SELECT ?g ?t WHERE { GRAPH ?d { ?g <http://purl.org/dc/terms/title> ?t } }", {"g": graph}
    ).rows[0][1])
    doc = dom(get(client, str(subject), headers=HTML))
    (row,) = [r for r in doc.find_all("tr", cls="alignment") if page(str(link)) in r.hrefs()]
    assert str(values(index, link, WSIS.locator)[0]) in row.text()
    (method,) = values(index, link, WSIS.method)
    assert str(values_of_vocab(method, RDFS_LABEL)) in row.text()
    for source in values(index, link, WSIS.sourceDocument):
        assert str(source) in row.hrefs()
    assert row.find("a", cls="graph").text() == title


def test_sdg_target_page_in_french_with_its_action_lines(client, index):
    # A target that Action Lines contribute to, with a French label.
    targets = [t for t in of_type(index, WSIS.SDGTarget) if subjects(index, WSIS.contributesTo, t)]
    target = next(t for t in targets if str(t) == f"{SDG}9.c") if URIRef(f"{SDG}9.c") in targets else targets[0]
    french = label_in(index, target, "fr")
    doc = dom(get(client, str(target), lang="fr", headers=HTML))
    h1 = doc.find("h1")
    assert h1.text() == " ".join(french.split()) and h1.attrs.get("lang") == "fr"
    lines = subjects(index, WSIS.contributesTo, target)
    hrefs = doc.hrefs()
    for line in lines:
        assert page(str(line), lang="fr") in hrefs
    # the qualified version of each link (from the WSIS-SDG Matrix) is shown with its confidence
    qualified = [
        a for a in subjects(index, WSIS.alignmentObject, target) if values(index, a, WSIS.relation) == [WSIS.contributesTo]
    ]
    rows = doc.find_all("tr", cls="alignment")
    assert qualified
    for link in qualified:
        (row,) = [r for r in rows if page(str(link), lang="fr") in r.hrefs()]
        (mark,) = values(index, link, WSIS.confidence)
        assert row.find_all("span", cls=f"conf-{values_of_vocab(mark, SKOS.notation)}")
    # Accept-Language picks the language when ?lang= is absent
    doc = dom(get(client, str(target), headers={**HTML, "Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}))
    assert doc.find("h1").attrs.get("lang") == "fr"


def test_label_falls_back_to_english_and_arabic_is_rtl(client, index):
    doc = dom(get(client, str(C4), lang="ru", headers=HTML))
    h1 = doc.find("h1")
    assert h1.text() == label_in(index, C4, "en") and h1.attrs.get("lang") == "en"
    assert doc.find_all("p", cls="note"), "the page says that no Russian label exists"
    goal = URIRef(f"{SDG}9")
    doc = dom(get(client, str(goal), lang="ar", headers=HTML))
    h1 = doc.find("h1")
    assert h1.attrs.get("lang") == "ar" and h1.attrs.get("dir") == "rtl"
    assert h1.text() == " ".join(label_in(index, goal, "ar").split())
    arabic = [n for n in doc.find_all(lang="ar") if n.tag in ("span", "a", "td")]
    assert arabic and all(n.attrs.get("dir") == "rtl" for n in arabic)


def test_minted_iris_of_every_kind_resolve(client, index, quads):
    by_kind = {}
    for s in sorted({q[0] for q in quads if isinstance(q[0], URIRef) and str(q[0]).startswith(TEST_BASE)}, key=str):
        kind = str(s)[len(TEST_BASE):].split("/")[0]
        by_kind.setdefault(kind, s)
    assert {"action-line", "entity", "facilitation", "alignment", "graph", "gdc-paragraph"} <= set(by_kind)
    for kind, iri in by_kind.items():
        response = get(client, str(iri), headers=HTML)
        assert response.status_code == 200, iri
        assert response.mimetype == "text/html"
    # the path kept whole (behind a proxy) serves the same page
    assert client.get("/wsis-graph/id/action-line/C4", headers=HTML).status_code == 200
    assert client.get("/resource?iri=" + quote(str(C4)), headers=HTML).status_code == 200


def expected_description(store, iri: URIRef) -> Graph:
    """What the RDF description should hold, by a CONSTRUCT separate from the page's queries."""
    result = store.query(
        """PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
        CONSTRUCT { ?x ?p ?o . ?s ?p2 ?x . ?q ?qp ?qo }
        WHERE {
          { ?x ?p ?o }
          UNION { ?s ?p2 ?x }
          UNION {
            ?q ?link ?x ; a ?kind ; ?qp ?qo .
            FILTER(?link IN (wsis:alignmentSubject, wsis:alignmentObject, wsis:actionLine, wsis:facilitator,
                             wsis:scopeDocument))
            FILTER(?kind IN (wsis:Alignment, wsis:Facilitation))
          }
        }""",
        {"x": iri},
    )
    graph = Graph()
    for triple in result.triples:
        graph.add(triple)
    return graph


@pytest.mark.parametrize(
    "accept,media,fmt",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml;q=0.9, text/html;q=0.5", "application/rdf+xml", "xml"),
    ],
)
def test_content_negotiation_returns_the_description(client, store, accept, media, fmt):
    for iri in (C4, URIRef(f"{SDG}9.c")):
        response = get(client, str(iri), headers={"Accept": accept})
        assert response.status_code == 200
        assert response.mimetype == media and response.mimetype_params.get("charset") == "utf-8"
        assert "Accept" in response.headers.get("Vary", "")
        got = Graph().parse(data=response.get_data(as_text=True), format=fmt)
        expected = expected_description(store, iri)
        assert len(expected) > 20
        assert set(got) == set(expected)


def test_trig_keeps_the_named_graphs(client, index):
    response = get(client, str(C4), headers={"Accept": "application/trig"})
    assert response.mimetype == "application/trig"
    ds = Dataset()
    ds.parse(data=response.get_data(as_text=True), format="trig")
    got = {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}
    assert got
    assert all(q in set(index[0][q[0]]) for q in got)
    assert {q for q in index[0][C4]} <= got


def test_format_parameter_and_default_type(client):
    r = get(client, str(C4), format="jsonld")
    assert r.mimetype == "application/ld+json"
    json.loads(r.get_data(as_text=True))
    assert get(client, str(C4), headers={"Accept": "*/*"}).mimetype == "text/turtle"
    assert get(client, str(C4), format="html", headers={"Accept": "text/turtle"}).mimetype == "text/html"
    r = get(client, str(C4), headers=HTML)
    assert 'rel="alternate"; type="text/turtle"' in r.headers["Link"]


def test_unknown_iri_is_404_html_for_browsers_and_json_for_clients(client):
    missing = f"{TEST_BASE}action-line/C99"
    r = get(client, missing, headers=HTML)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert missing in dom(r).find("main").text()
    r = get(client, missing, headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and r.mimetype == "application/json"
    assert json.loads(r.data)["error"]["code"] == "not_found"
    r = get(client, f"{SDG}99.z", headers={"Accept": "application/ld+json"})
    assert r.status_code == 404 and json.loads(r.data)["error"]["code"] == "not_found"


def test_nothing_acceptable_is_406(client):
    r = get(client, str(C4), headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.mimetype == "application/json"
    body = json.loads(r.data)["error"]
    assert body["code"] == "not_acceptable" and "text/turtle" in body["message"]
    assert get(client, str(C4), format="docx").status_code == 406


def test_bad_resource_requests_are_400(client):
    for url in ("/resource", "/resource?iri=", "/resource?iri=not%20an%20iri", "/resource?iri=" + quote("http://x/<a>")):
        r = client.get(url, headers={"Accept": "application/json"})
        assert r.status_code == 400 and json.loads(r.data)["error"]["code"] == "bad_request"
    assert client.get("/resource", headers=HTML).mimetype == "text/html"


# -- search -----------------------------------------------------------------------------------------


def search_json(client, q: str, lang: str | None = None) -> dict:
    params = {"q": q, **({"lang": lang} if lang else {})}
    r = client.get("/search?" + "&".join(f"{k}={quote(v)}" for k, v in params.items()),
                   headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.mimetype == "application/json"
    return json.loads(r.data)


@pytest.mark.parametrize("lang,goal", [("fr", "16"), ("ru", "1")])
def test_search_finds_the_goal_by_a_label_in_another_language(client, index, lang, goal):
    iri = URIRef(f"{SDG}{goal}")
    label = label_in(index, iri, lang)
    words = label.split()
    fragment = " ".join(words[1:3]).upper()  # a middle part, in another case
    body = search_json(client, fragment)
    hits = [h["iri"] for h in body["results"]]
    assert str(iri) in hits
    hit = body["results"][hits.index(str(iri))]
    assert fragment.lower() in hit["label"].lower() and hit["lang"] == lang
    assert unquote(hit["page"]) == page(str(iri)) and str(WSIS.SDGGoal) in hit["types"]
    # restricted to the language it is in, it is still found; to another, it is not
    assert str(iri) in [h["iri"] for h in search_json(client, fragment, lang)["results"]]
    assert str(iri) not in [h["iri"] for h in search_json(client, fragment, "en")["results"]]
    if lang != "fr":
        return
    # the HTML page lists it with the matching label's language
    r = client.get("/search?q=" + quote(fragment), headers=HTML)
    doc = dom(r)
    link = [a for a in doc.find_all("a", cls="hit") if unquote(a.attrs["href"]) == page(str(iri))]
    assert link and link[0].attrs.get("lang") == lang


def hit_iris(client, q: str, lang: str | None = None) -> list[str]:
    return [h["iri"] for h in search_json(client, q, lang)["results"]]


def test_search_reads_latin_accents_and_case_loosely(client, index):
    goal = URIRef(f"{SDG}2")
    label = label_in(index, goal, "fr")
    assert "sécurité alimentaire" in unicodedata.normalize("NFC", label)  # as published, accents and all
    for text in ("securite alimentaire", "SÉCURITÉ ALIMENTAIRE", "Securité Alimentaire"):
        assert str(goal) in hit_iris(client, text, "fr"), text
    assert lookup.fold("Côte") == lookup.fold("cote") == "cote"
    body = search_json(client, "securite alimentaire", "fr")
    hit = body["results"][[h["iri"] for h in body["results"]].index(str(goal))]
    assert hit["label"] == label  # the stored label is shown unchanged


def test_search_reads_arabic_without_tatweel_and_diacritics(client, index, store):
    goal = URIRef(f"{SDG}2")
    label = label_in(index, goal, "ar")
    assert "الجوع" in label and "الأمن" in label
    for text in ("الجــوع", "الجُوع", "الجُــوعُ", "الامن", "الأَمن"):  # tatweel, damma, a bare alef, fatha
        assert str(goal) in hit_iris(client, text, "ar"), text
    # and the other way round: labels published with a tatweel are found by the word without it
    stretched = sorted((str(node), str(v)) for node in index[0] for v in values(index, node, SKOS.prefLabel)
                       if isinstance(v, Literal) and v.language == "ar" and "\u0640" in str(v))
    assert stretched, "no Arabic label with a tatweel in the data"
    node, text = stretched[0]
    word = max((w for w in text.split() if "\u0640" in w), key=len).replace("\u0640", "")
    hits, _ = lookup.search(store, word, "ar", limit=100000)
    assert node in [str(h.iri) for h in hits] and text in [str(h.label) for h in hits if str(h.iri) == node]


def test_search_in_chinese_matches_the_zh_hans_labels(client, index):
    goal = URIRef(f"{SDG}2")
    assert "粮食安全" in label_in(index, goal, "zh-Hans")
    for lang in ("zh", "zh-Hans", None):
        assert str(goal) in hit_iris(client, "粮食安全", lang), lang


def test_search_by_notation_ranks_the_exact_code_first(client):
    body = search_json(client, "c4")
    assert body["results"][0]["iri"] == str(C4)


def test_the_queries_behind_the_pages_need_no_request(store):
    # describe, listings and lookup read the store as plain data, outside any flask context.
    from wsis_graph.web.pages import describe, listings, lookup

    assert C4 in listings.members(store, WSIS.ActionLine)
    hits, total = lookup.search(store, "c4")
    assert hits[0].iri == C4 and total >= len(hits)
    description = describe.describe(store, C4)
    assert WSIS.ActionLine in description.types and "C4" in description.notations


INJECTIONS = ['"} } ; ?s ?p ?o {', "') || true || ('", "\\", '"""', "' ; DROP ALL ; <http://x> # "]


def test_search_input_is_bound_not_pasted(client, store):
    before = len(store)
    for text in INJECTIONS:
        body = search_json(client, text)
        assert body["query"] == text
        for hit in body["results"]:
            assert text.lower() in hit["label"].lower()
    assert len(store) == before
    r = client.get("/search?q=" + quote(INJECTIONS[0]), headers=HTML)
    assert r.status_code == 200
    assert dom(r).find("input", id="q").attrs["value"] == INJECTIONS[0]


def test_search_rejects_unknown_language_and_long_text(client):
    assert client.get("/search?q=x&lang=klingon", headers={"Accept": "application/json"}).status_code == 400
    assert client.get("/search?q=" + "x" * 500, headers={"Accept": "application/json"}).status_code == 400
    assert search_json(client, "   ")["results"] == []


# -- browse -----------------------------------------------------------------------------------------


def count(store, cls: URIRef) -> int:
    rows = store.query("SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n a ?class }", {"class": cls}).rows
    return int(rows[0][0])


def test_browse_action_lines(client, store, index):
    assert count(store, WSIS.ActionLine) == 19
    doc = dom(client.get("/browse/action-lines", headers=HTML))
    lines = doc.find_all("li", cls="action-line")
    assert len(lines) == 19
    assert len(doc.find_all("li", cls="sub")) == len(
        [n for n in of_type(index, WSIS.ActionLine) if values(index, n, SKOS.broader)]
    ) == 8
    c7 = doc.find("li", id="al-C7")
    assert len(c7.find_all("li", cls="sub")) == 8
    # every facilitation statement is listed once, with its confidence badge
    facilitations = of_type(index, WSIS.Facilitation)
    listed = [h for h in doc.hrefs() if "/id/facilitation/" in h]
    assert sorted(listed) == sorted(page(str(f)) for f in facilitations)
    c4 = doc.find("li", id="al-C4")
    assert len([h for h in c4.hrefs() if h.startswith("/id/facilitation/C4/")]) == len(
        subjects(index, WSIS.actionLine, C4)
    )
    for a in {h for h in doc.hrefs() if h.startswith("/id/action-line/")}:
        assert client.get(a, headers=HTML).status_code == 200


def test_browse_sdgs(client, store):
    goals, targets, indicators = (count(store, WSIS[c]) for c in ("SDGGoal", "SDGTarget", "SDGIndicator"))
    assert (goals, targets, indicators) == (17, 169, 231)
    listings = int(store.query(
        "SELECT (COUNT(*) AS ?c) WHERE { SELECT DISTINCT ?i ?t WHERE { ?i a <%s> ; <%s> ?t } }"
        % (WSIS.SDGIndicator, WSIS.measures)
    ).rows[0][0])
    doc = dom(client.get("/browse/sdgs?goal=9", headers=HTML))
    details = doc.find_all("details", cls="goal")
    assert len(details) == goals
    assert [d.attrs.get("id") for d in details if "open" in d.attrs] == ["goal-9"]
    assert len(doc.find_all("li", cls="target")) == targets
    assert len(doc.find_all("li", cls="indicator")) == listings
    indicator_links = {a.attrs["href"] for li in doc.find_all("li", cls="indicator") for a in li.find_all("a")}
    assert len(indicator_links) == indicators
    assert doc.find("span", data_count="goals").text() == str(goals)


def test_browse_gdc(client, store, index):
    assert count(store, WSIS.GDCObjective) == 5
    doc = dom(client.get("/browse/gdc", headers=HTML))
    objectives = doc.find_all("details", cls="objective")
    assert len(objectives) == 5
    for objective in objectives:
        iri = next(URIRef(TEST_BASE + h[len("/id/"):]) for h in objective.hrefs() if "/gdc-objective/" in h)
        under = [p for p in subjects(index, WSIS.objective, iri) if WSIS.GDCParagraph in values(index, p, RDF.type)]
        assert len(objective.find_all("li", cls="paragraph")) == len(under)
    paragraphs = count(store, WSIS.GDCParagraph)
    assert len(doc.find_all("li", cls="paragraph")) == paragraphs
    assert len(doc.find_all("li", cls="commitment")) == count(store, WSIS.GDCCommitment)
    assert doc.find("span", data_count="principles").text() == str(count(store, WSIS.GDCPrinciple))


def test_browse_entities(client, store, index):
    doc = dom(client.get("/browse/entities", headers=HTML))
    rows = doc.find_all("tr", cls="entity")
    assert len(rows) == count(store, WSIS.Entity)
    (itu,) = [r for r in rows if page(str(ITU)) in r.hrefs()]
    itu_lines = {
        line for f in subjects(index, WSIS.facilitator, ITU)
        for line in values(index, f, WSIS.actionLine) + values(index, f, WSIS.scopeDocument)
    }
    assert itu_lines and all(page(str(line)) in itu.hrefs() for line in itu_lines)


def test_browse_rights(client, store, index):
    instruments = count(store, WSIS.Instrument)
    doc = dom(client.get("/browse/rights", headers=HTML))
    assert len(doc.find_all(cls="instrument")) == instruments > 0
    placed = [p for p in of_type(index, WSIS.Provision) if values(index, p, WSIS.instrument)]
    assert len(doc.find_all("li", cls="provision")) == len(placed) > 0
    assert doc.find("span", data_count="provisions").text() == str(count(store, WSIS.Provision))


def test_browse_graphs_and_index(client, store):
    doc = dom(client.get("/browse/graphs", headers=HTML))
    graphs = {h for h in doc.hrefs() if h.startswith("/id/graph/")}
    assert graphs == {page(str(g)) for g in store.graphs()}
    doc = dom(client.get("/browse", headers=HTML))
    for path in ("/browse/action-lines", "/browse/sdgs", "/browse/gdc", "/browse/entities", "/browse/rights"):
        assert path in doc.hrefs()
        assert client.get(path, headers=HTML).status_code == 200


# -- escaping ---------------------------------------------------------------------------------------


def test_data_is_escaped():
    tiny = MemoryStore()
    thing = URIRef(f"{TEST_BASE}entity/EVIL")
    graph = URIRef(f"{TEST_BASE}graph/test")
    tiny.replace([
        (thing, RDF.type, WSIS.Entity, graph),
        (thing, SKOS.prefLabel, Literal('<script>alert("x")</script>', lang="en"), graph),
        (thing, DCTERMS.description, Literal("a & b <b>bold</b>"), graph),
        (thing, WSIS.sourceDocument, URIRef('https://example.org/"onmouseover="alert(1)'), graph),
    ])
    client = create_app(Settings(store_url="memory:", base=TEST_BASE), store=tiny).test_client()
    for url in ("/id/entity/EVIL", "/browse/entities", "/search?q=script"):
        text = client.get(url, headers=HTML).get_data(as_text=True)
        assert "<script>" not in text and "<b>bold" not in text
        assert "&lt;script&gt;" in text
    text = client.get("/id/entity/EVIL", headers=HTML).get_data(as_text=True)
    assert '"onmouseover' not in text


# -- the Oxigraph backend (binds only projected variables) -----------------------------------------


@pytest.fixture(scope="module")
def oxigraph_client(built, tmp_path_factory):
    ox = OxigraphStore(tmp_path_factory.mktemp("ox") / "store")
    ox.replace(built.quads())
    yield create_app(Settings(store_url=ox.url, base=TEST_BASE), store=ox).test_client()
    ox.close()


def test_pages_on_oxigraph(oxigraph_client, client, store):
    a = get(oxigraph_client, str(C4), headers={"Accept": "text/turtle"})
    b = get(client, str(C4), headers={"Accept": "text/turtle"})
    assert set(Graph().parse(data=a.data, format="turtle")) == set(Graph().parse(data=b.data, format="turtle"))
    assert get(oxigraph_client, str(C4), headers=HTML).status_code == 200
    assert get(oxigraph_client, f"{TEST_BASE}action-line/C99", headers=HTML).status_code == 404
    for q in ("Pas de pauvreté", "НИЩЕТ", '"} ?s ?p ?o {'):
        r = oxigraph_client.get("/search?format=json&q=" + quote(q))
        ours = [h["iri"] for h in json.loads(r.data)["results"]]
        theirs = [h["iri"] for h in json.loads(client.get("/search?format=json&q=" + quote(q)).data)["results"]]
        assert ours == theirs
    for path in ("/browse/action-lines", "/browse/sdgs", "/browse/gdc", "/browse/entities", "/browse/rights"):
        assert oxigraph_client.get(path, headers=HTML).get_data() == client.get(path, headers=HTML).get_data()


# -- a real browser ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to render with")
def test_page_renders_in_headless_chromium(app, tmp_path):
    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        png = tmp_path / "c4.png"
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1600",
             f"--screenshot={png}", f"http://127.0.0.1:{port}/id/action-line/C4"],
            check=True, timeout=60, capture_output=True,
        )
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 50_000, "a blank page would compress far smaller"
    finally:
        server.shutdown()
