"""Imported texts in a store: what an edition writes, read back with SPARQL; stable IRIs; a second
language; a new edition and what changed; the same file again; the shapes refusing a broken graph;
a failed write leaving the store as it was.

The documents are made by ``texts_fixture`` (sentences of our own in the UN layout). The stores
here hold no curated build: importing a text needs none (the command asks for one; see
``test_texts_command.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import texts_fixture as fx
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import MemoryStore
from wsis_graph.texts import TextImportError, read_structure
from wsis_graph.texts import write as write_module
from wsis_graph.texts.diff import NothingToCompare, diff_editions
from wsis_graph.texts.editions import editions, parts_of, text_graphs
from wsis_graph.texts.write import TextRejected, document_key, import_text
from wsis_graph.uris import Minter

BASE = "https://w3id.org/wsis-graph/id/"
MINT = Minter(BASE)
KEY = "a-res-99-1"  # the reading-room resolution, named by its symbol A/RES/99/1
TEXT = BASE + f"text/{KEY}"
PROLOGUE = sparql_prologue()


def clock():
    """A clock that moves a second at each reading, from 2 March 2031 (a fresh one per test)."""
    moments = (dt.datetime(2031, 3, 2, 10, 0, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=n) for n in range(10_000))
    return lambda: next(moments)


def french(pieces: list[fx.Piece]) -> list[fx.Piece]:
    """The same document "in French": the same structure, each paragraph's words marked as another version."""
    return [fx.Piece(p.kind, p.label, f"Version française : {p.text}") if p.kind in ("preamble", "paragraph", "item", "subitem")
            else p for p in pieces]


def revised(pieces: list[fx.Piece]) -> list[fx.Piece]:
    """A later edition: paragraph 1 reworded, item 2(c) gone, a paragraph 8 added at the end of the main text."""
    out = []
    for p in pieces:
        if p.kind == "item" and p.label == "c":
            continue
        if p.kind == "annex" and not any(q.label == "8" for q in out):
            out.append(fx.Piece("paragraph", "8", "Thanks the volunteers who carried the lanterns through the storm."))
        out.append(fx.Piece(p.kind, p.label, p.text.replace("at least one room", "at least two rooms")))
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("texts-graph")
    pieces = fx.quiet_libraries()
    return {
        "en": fx.write_text(pieces, folder / "quiet.txt"),
        "en-docx": fx.write_docx(pieces, folder / "quiet.docx"),
        "en-html": fx.write_html(pieces, folder / "quiet.html"),
        "fr": fx.write_text(french(pieces), folder / "calme.txt"),
        "en-2": fx.write_text(revised(pieces), folder / "quiet-corr.txt"),
        "compact": fx.write_text(fx.compact_shaped(), folder / "compact.txt"),
    }


def imported(store, path: Path, *, language: str = "en", key: str = "generic", tick=None, **options):
    structure = read_structure(path, key, language=language)
    return import_text(store, structure, mint=MINT, clock=tick or clock(), **options)


def select(store, query: str, **bindings) -> list[dict]:
    """The rows of a SELECT (a bound variable must be in the projection, as Oxigraph requires)."""
    return store.query(PROLOGUE + query, bindings).dicts()


def test_an_edition_is_written_and_reads_back_with_sparql(empty_store, files):
    outcome = imported(empty_store, files["en"])
    assert outcome.status == "written" and outcome.key == KEY
    graph = URIRef(BASE + f"graph/text/{KEY}")
    assert outcome.edition.graph == graph and empty_store.graphs() == sorted([graph, MINT.graph("description")])
    rows = select(empty_store, """SELECT ?g ?text ?number ?letter ?numeral ?item ?heading ?position WHERE { GRAPH ?g {
        ?part dct:identifier "2(b)(ii)" ; a wsis:SubItem, wsis:Paragraph ; wsis:text ?text ; wsis:partNumber ?number ;
              wsis:partLetter ?letter ; wsis:partNumeral ?numeral ; dct:isPartOf ?item ; wsis:underHeading ?h ;
              wsis:position ?position .
        ?item dct:isPartOf ?paragraph . ?paragraph dct:isPartOf ?document . ?document a wsis:Document .
        ?h wsis:text ?heading } }""", g=graph)
    assert len(rows) == 1
    row = rows[0]
    assert row["text"] == Literal("The rooms they know best and the shelves they have mended;", lang="en")
    assert (row["number"].toPython(), str(row["letter"]), str(row["numeral"])) == (2, "b", "ii")
    assert row["item"] == URIRef(TEXT + "/para/2-b") and str(row["heading"]) == "A. Rooms and hours"
    assert row["position"].toPython() == 12
    note = select(empty_store, """SELECT ?caller ?text WHERE { ?caller wsis:footnote ?note .
        ?note a wsis:Footnote ; dct:identifier "fn1" ; wsis:text ?text }""")
    assert [(str(r["caller"]), str(r["text"])) for r in note] == [(TEXT + "/para/2", fx.NOTE)]
    annex = select(empty_store, """SELECT ?heading WHERE { ?p dct:identifier "annex-I/2(b)" ; wsis:underHeading/wsis:text ?heading }""")
    assert [str(r["heading"]) for r in annex] == ["Guidelines for reading rooms"]
    described = select(empty_store, """SELECT * WHERE { GRAPH ?d {
        ?g dct:type wsis:ImportedText ; dct:language ?language ; wsis:documentSymbol ?symbol ; dct:created ?created ;
           wsis:isCurrentEdition ?current ; dcat:version ?version ; void:triples ?triples ; foaf:primaryTopic ?document ;
           prov:wasGeneratedBy ?import .
        ?import prov:used ?file ; prov:wasAssociatedWith ?tool . ?tool dcat:version ?toolVersion .
        ?file dct:title ?name ; <http://spdx.org/rdf/terms#checksum>/<http://spdx.org/rdf/terms#checksumValue> ?sha256 } }""",
        d=MINT.graph("description"))
    assert len(described) == 1
    d = described[0]
    assert d["g"] == graph and d["language"] == Literal("en", datatype=XSD.language) and str(d["symbol"]) == fx.SYMBOL
    assert d["current"].toPython() is True and str(d["version"]) == "1" and d["document"] == URIRef(TEXT)
    assert int(d["triples"]) == empty_store.count(graph) == outcome.triples
    assert str(d["name"]) == "quiet.txt" and str(d["sha256"]).lower() == outcome.structure.document.sha256
    assert str(d["toolVersion"]) and d["created"].toPython().year == 2031
    assert text_graphs(empty_store, MINT) == [graph]


def test_iris_are_the_same_whatever_the_format_and_the_import(files):
    def parts(path: Path) -> list[tuple]:
        store = MemoryStore()
        imported(store, path)
        return [(p.iri, p.kind, p.text) for p in parts_of(store, MINT.text_graph(KEY, "en", 1))]

    from_text = parts(files["en"])
    assert from_text == parts(files["en-docx"]) == parts(files["en-html"]) == parts(files["en"])
    iris = {iri for iri, _, _ in from_text}
    assert {URIRef(TEXT + s) for s in ("/para/2-b-ii", "/para/pp3", "/heading/h2", "/note/fn1", "/para/annex-I/2-a",
                                         "/heading/annex-I", "/heading/annex-I/h1")} <= iris


def test_a_second_language_adds_words_and_labels_to_the_same_nodes(files):
    store = MemoryStore()
    imported(store, files["en"])
    outcome = imported(store, files["fr"], language="fr")
    assert outcome.edition.graph == URIRef(BASE + f"graph/text/{KEY}/fr-1") and outcome.edition.number == 1
    en, fr = (parts_of(store, MINT.text_graph(KEY, lang, 1)) for lang in ("en", "fr"))
    assert [p.iri for p in en] == [p.iri for p in fr] and [p.position for p in en] == [p.position for p in fr]
    words = select(store, """SELECT ?text ?label WHERE { ?p dct:identifier "1" ; wsis:text ?text ; rdfs:label ?label
        FILTER(lang(?text) = lang(?label)) } ORDER BY ?text""")
    assert {w["text"].language for w in words} == {"en", "fr"}
    assert str([w for w in words if w["text"].language == "fr"][0]["text"]).startswith("Version française : Decides")
    assert all(e.current for e in editions(store, MINT))


def test_a_new_edition_takes_the_iris_and_the_old_one_is_kept_beside(files):
    store = MemoryStore()
    tick = clock()
    first = imported(store, files["en"], tick=tick)
    imported(store, files["fr"], language="fr", tick=tick)
    second = imported(store, files["en-2"], tick=tick)
    old, new, fr = MINT.text_graph(KEY, "en", 1), MINT.text_graph(KEY, "en", 2), MINT.text_graph(KEY, "fr", 1)
    assert second.edition.graph == new == URIRef(BASE + f"graph/text/{KEY}/en-2")
    assert second.replaced is not None and second.replaced.graph == old
    found = {e.graph: e for e in editions(store, MINT)}
    assert (found[old].current, found[new].current, found[fr].current) == (False, True, True)
    assert found[old].replaced_by == new and found[new].revises == old and found[new].number == 2
    assert found[old].document == URIRef(TEXT + "/en-1") and found[new].document == URIRef(TEXT)
    # the document's own IRI carries the new words; the old ones are under the edition, each a version of it
    now = select(store, """SELECT ?p ?text WHERE { ?p wsis:text ?text FILTER(lang(?text) = "en") }""", p=URIRef(TEXT + "/para/1"))
    assert [str(r["text"]) for r in now] == [p.text for p in second.structure.parts if p.ref == "1"]
    assert "at least two rooms" in str(now[0]["text"])
    before = select(store, """SELECT ?p ?text ?of WHERE { ?p wsis:text ?text ; dct:isVersionOf ?of }""", p=URIRef(TEXT + "/en-1/para/1"))
    assert "at least one room" in str(before[0]["text"]) and before[0]["of"] == URIRef(TEXT + "/para/1")
    assert store.count(old) == first.triples + len(parts_of(store, old)) + 1  # plus a dct:isVersionOf per node
    # the item only the old edition had is no part of the document now, in English
    assert not select(store, "SELECT ?p ?t WHERE { ?p wsis:text ?t FILTER(lang(?t) = 'en') }", p=URIRef(TEXT + "/para/2-c"))
    diff = diff_editions(store, KEY, mint=MINT)
    assert [p.ref for p in diff.added] == ["8"] and [p.ref for p in diff.removed] == ["2(c)"]
    assert [a.ref for _, a in diff.changed] == ["1"] and diff.unchanged == len(first.structure.parts) - 2
    assert "[-one room-] {+two rooms+}" in diff.text()
    data = diff.to_json()
    assert data["from"]["edition"] == 1 and data["to"]["edition"] == 2 and data["changed"][0]["before"].startswith("Decides")
    with pytest.raises(NothingToCompare, match=r"only one edition of a-res-99-1 \(fr\)"):
        diff_editions(store, KEY, "fr", mint=MINT)


def test_a_third_edition_moves_the_second_aside_and_leaves_the_first(files, tmp_path, empty_store):
    store = empty_store
    tick = clock()
    imported(store, files["en"], tick=tick)
    imported(store, files["en-2"], tick=tick)
    first_aside = set(store.quads(MINT.text_graph(KEY, "en", 1)))
    third = tmp_path / "quiet-third.txt"
    third.write_text(files["en"].read_text(encoding="utf-8").replace("silence", "quiet"), encoding="utf-8")
    imported(store, third, tick=tick)
    assert set(store.quads(MINT.text_graph(KEY, "en", 1))) == first_aside
    assert [(e.number, e.current) for e in editions(store, MINT)] == [(1, False), (2, False), (3, True)]
    assert store.query(PROLOGUE + f"ASK {{ <{TEXT}/en-2/para/8> dct:isVersionOf <{TEXT}/para/8> }}").boolean
    diff = diff_editions(store, KEY, mint=MINT)
    assert (diff.older.number, diff.newer.number) == (2, 3) and [a.ref for _, a in diff.changed] == ["1"]
    checksums = store.query(PROLOGUE + "SELECT (COUNT(*) AS ?n) WHERE { ?c <http://spdx.org/rdf/terms#checksumValue> ?v }")
    assert int(checksums.rows[0][0]) == 3  # one per edition's file, none lost or doubled by the rewrites


def test_the_same_file_again_changes_nothing_and_says_so(files):
    store = MemoryStore()
    imported(store, files["en"])
    before, revision = store.nquads(), store.revision
    again = imported(store, files["en"])
    assert again.status == "unchanged" and "nothing changed" in again.summary()
    assert store.nquads() == before and store.revision == revision
    with pytest.raises(TextImportError, match="imported already as the en text of a-res-99-1"):
        imported(store, files["en"], language="fr")
    assert store.nquads() == before


def test_a_generic_document_is_named_by_its_name_or_its_symbol(files):
    store = MemoryStore()
    outcome = imported(store, files["en"], name="reading-rooms")
    assert outcome.edition.graph == URIRef(BASE + "graph/text/reading-rooms")
    info = outcome.structure.document
    with pytest.raises(TextImportError, match="--name names a generic document"):
        document_key(read_structure(files["compact"], "gdc").document, "compact")
    for bad in ("gdc", "Reading Rooms", "-x"):
        with pytest.raises(TextImportError, match="cannot name a document"):
            document_key(info, bad)
    gdc = imported(store, files["compact"], key="gdc")
    assert gdc.edition.graph == URIRef(BASE + "graph/text/gdc") and gdc.key == "gdc"
    assert select(store, "SELECT ?d ?t WHERE { ?d dct:title ?t }", d=URIRef(BASE + "text/gdc"))[0]["t"] == Literal(
        "Global Digital Compact", lang="en")


def test_the_shapes_refuse_a_broken_graph_and_nothing_is_written(files, monkeypatch):
    store = MemoryStore()
    imported(store, files["en"])
    before = store.nquads()
    made = write_module.edition_triples

    def without_positions(structure, edition):
        return [t for t in made(structure, edition) if "position" not in str(t[1])]

    monkeypatch.setattr(write_module, "edition_triples", without_positions)
    with pytest.raises(TextRejected) as refused:
        imported(store, files["en-2"])
    assert "wsh:TextPartShape" in refused.value.report.by_shape()
    assert store.nquads() == before


def test_a_write_that_fails_leaves_the_store_as_it_was(empty_store, files, monkeypatch):
    imported(empty_store, files["en"])
    before = empty_store.nquads()
    write = empty_store.replace_graphs

    def failing(graphs):
        def broken():
            yield from graphs[MINT.graph("description")]
            raise OSError("the disk is full")

        return write({**graphs, MINT.graph("description"): broken()})

    monkeypatch.setattr(empty_store, "replace_graphs", failing)
    with pytest.raises(OSError):
        imported(empty_store, files["en-2"])
    assert empty_store.nquads() == before
    assert [e.number for e in editions(empty_store, MINT)] == [1]


def test_the_readers_and_the_grammar_know_nothing_of_the_graph():
    """Only the modules that write and read editions in a store, and reconcile them with the curated
    graphs, import the rest of the package."""
    from test_architecture import IMPORTS

    writing = {f"wsis_graph.texts.{name}" for name in ("graph", "editions", "write", "diff", "coverage")}
    writing |= {m for m in IMPORTS if m.startswith("wsis_graph.texts.reconcile")}
    reading = [m for m in IMPORTS if (m == "wsis_graph.texts" or m.startswith("wsis_graph.texts.")) and m not in writing]
    assert "wsis_graph.texts.grammar" in reading and "wsis_graph.texts.readers.pdf" in reading
    beyond = {m: sorted(t for t in IMPORTS[m][0] if not t.startswith("wsis_graph.texts") or t in writing) for m in reading}
    assert {m: targets for m, targets in beyond.items() if targets} == {}
