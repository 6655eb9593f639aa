"""The imported official texts on the web: ``/texts``, and the pages of a document and of its parts.

The curated dataset (built once per session) is copied into a store into which the reading-room
fixture of :mod:`texts_fixture` is imported as a ``generic`` document; a second copy holds no text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

import texts_fixture as fx
from conftest import TEST_BASE
from test_pages import HTML, dom
from test_texts_graph import french, revised
from wsis_graph.store import MemoryStore
from wsis_graph.texts import read_structure
from wsis_graph.texts.write import import_text
from wsis_graph.uris import Minter
from wsis_graph.web.app import create_app
from wsis_graph.web.settings import Settings

KEY = "a-res-99-1"
DOCUMENT = f"{TEST_BASE}text/{KEY}"
JSON = {"Accept": "application/json"}


def _client(store: MemoryStore):
    return create_app(Settings(store_url="memory:", base=TEST_BASE), store=store).test_client()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return fx.write_text(fx.quiet_libraries(), tmp_path_factory.mktemp("texts-web") / "quiet.txt")


@pytest.fixture(scope="module")
def client(built, source):
    """A client of a store holding the curated data and the fixture document."""
    store = MemoryStore()
    store.replace(built.quads())
    import_text(store, read_structure(source, "generic", language="en"), mint=Minter(TEST_BASE))
    return _client(store)


@pytest.fixture(scope="module")
def bare(built):
    """A client of a store holding the curated data and no imported text."""
    store = MemoryStore()
    store.replace(built.quads())
    return _client(store)


def path(iri: str) -> str:
    return urlsplit(iri).path.replace("/wsis-graph", "", 1)


def test_texts_lists_the_imported_document_in_html(client, source):
    response = client.get("/texts", headers=HTML)
    assert response.status_code == 200
    doc = dom(response)
    row = doc.find("tbody", id=f"text-{KEY}")
    text = row.text()
    assert "Quiet reading rooms for every town" in text
    assert "A/RES/99/1" in text and KEY in text
    assert "edition 1" in text and "current" in text
    assert "quiet.txt" in text
    assert len([c for c in text.split() if len(c) == 64]) == 1  # the SHA-256 of the file
    cells = [td.text() for td in row.find_all("td", cls="num")]
    assert cells[0].startswith("13") and "4 preambular" in cells[0]  # 9 numbered paragraphs and 4 preambular
    assert cells[1:] == ["9", "1"]  # items and sub-items; footnotes
    assert path(DOCUMENT) in row.hrefs()
    assert "No official text" not in doc.text()


def test_texts_answers_json_at_the_same_url(client, source):
    response = client.get("/texts", headers=JSON)
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    (document,) = body["documents"]
    assert document["key"] == KEY and document["document"] == DOCUMENT
    assert document["symbol"] == "A/RES/99/1" and document["languages"] == ["en"]
    (edition,) = document["editions"]
    assert edition["current"] is True and edition["edition"] == 1 and edition["language"] == "en"
    assert edition["file"] == "quiet.txt" and len(edition["sha256"]) == 64
    assert edition["counts"] == {"paragraphs": 13, "preambular": 4, "items": 9, "footnotes": 1, "headings": 5}
    assert edition["imported"].endswith("Z")


def test_texts_with_nothing_imported_says_how_to_import(bare):
    doc = dom(bare.get("/texts", headers=HTML))
    assert "No official text has been imported" in doc.text()
    assert "wsis-graph texts import FILE --document KEY" in doc.find("pre").text()
    body = bare.get("/texts", headers=JSON).get_json()
    assert body == {"documents": [], "import": "wsis-graph texts import FILE --document KEY"}


def test_the_navigation_links_to_texts(bare):
    nav = dom(bare.get("/browse", headers=HTML)).find("nav")
    assert "/texts" in nav.hrefs()


# -- the pages of the document and of its parts ----------------------------------------------------------


def part_page(client, local: str, headers=HTML):
    response = client.get(path(f"{DOCUMENT}/{local}"), headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def refs(listing) -> list[str]:
    return [span.text() for span in listing.find_all("span", cls="ref")]


def test_a_paragraph_page_reads_as_text_with_its_items_heading_and_footnote(client):
    doc = dom(part_page(client, "para/2"))
    text = doc.find("section", cls="official")
    assert text.attrs["lang"] == "en"
    assert doc.find("blockquote", cls="verbatim").text().startswith("Encourages librarians to publish the hours")
    assert "{fn}" not in text.text()  # the footnote call is not in the words
    facts = doc.find("dl", cls="part-facts").text()
    assert "2 (paragraph)" in facts and "A. Rooms and hours" in facts
    items = doc.find("ol", cls="items")
    assert refs(items) == ["2(a)", "2(b)", "2(c)"]
    assert "Lending lanterns to readers" in items.text()
    assert path(f"{DOCUMENT}/para/2-b") in items.hrefs()
    notes = doc.find("ol", cls="footnotes")
    assert refs(notes) == ["fn1"] and fx.NOTE in notes.text()
    assert path(DOCUMENT) in text.hrefs() and "/texts" in text.hrefs()
    # the statement tables still give every link out and in
    assert path(f"{DOCUMENT}/note/fn1") in doc.find("table", id="links-out").hrefs()
    assert path(f"{DOCUMENT}/para/2-a") in doc.find("table", id="links-in").hrefs()


def test_an_item_page_names_its_paragraph_and_its_sub_items(client):
    doc = dom(part_page(client, "para/2-b"))
    assert doc.find("blockquote", cls="verbatim").text() == "Keeping a register of volunteers, recording:"
    facts = doc.find("dl", cls="part-facts")
    assert "2(b) (item)" in facts.text() and path(f"{DOCUMENT}/para/2") in facts.hrefs()
    assert refs(doc.find("ol", cls="items")) == ["2(b)(i)", "2(b)(ii)"]


def test_a_footnote_page_names_the_paragraph_that_calls_it(client):
    doc = dom(part_page(client, "note/fn1"))
    assert doc.find("blockquote", cls="verbatim").text() == fx.NOTE
    assert refs(doc.find("ol", cls="callers")) == ["2"]


def test_the_document_page_lists_its_parts_in_document_order(client):
    doc = dom(client.get(path(DOCUMENT), headers=HTML))
    assert doc.find("h1").text() == "Quiet reading rooms for every town"
    listing = doc.find("ol", cls="document-parts")
    found = refs(listing)
    assert len(found) == 28
    assert found[:6] == ["h1", "pp1", "pp2", "pp3", "pp4", "h2"]
    assert found.index("2") < found.index("2(a)") < found.index("2(b)") < found.index("2(b)(i)") < found.index("2(c)") < found.index("3")
    assert found[-3:] == ["annex-I/2", "annex-I/2(a)", "annex-I/2(b)"]
    rows = {li.find("span", cls="ref").text(): li for li in listing.find_all("li")}
    assert "depth-1" in rows["2(a)"].classes and "depth-2" in rows["2(b)(i)"].classes and "depth-0" in rows["3"].classes
    assert rows["1"].text().endswith("light it until midnight;")
    assert path(f"{DOCUMENT}/para/annex-I/2-b") in listing.hrefs()


def test_the_text_pages_answer_as_json_too(client):
    response = part_page(client, "para/2-b", headers=JSON)
    assert response.mimetype == "application/json"
    assert "Keeping a register of volunteers, recording:" in response.get_data(as_text=True)
    document = client.get(path(DOCUMENT), headers=JSON)
    assert document.status_code == 200 and "Quiet reading rooms for every town" in document.get_data(as_text=True)


def test_other_pages_show_no_text_section(client):
    doc = dom(client.get(path(f"{TEST_BASE}action-line/C4"), headers=HTML))
    assert doc.find_all("section", cls="official") == []


# -- editions: a second language and a later edition -----------------------------------------------------------


@pytest.fixture(scope="module")
def editions_client(tmp_path_factory):
    """A store (no curated data) holding the fixture in English, its French text, then a later English edition."""
    folder = tmp_path_factory.mktemp("texts-web-editions")
    pieces = fx.quiet_libraries()
    store = MemoryStore()
    for file, language in ((fx.write_text(pieces, folder / "quiet.txt"), "en"),
                           (fx.write_text(french(pieces), folder / "calme.txt"), "fr"),
                           (fx.write_text(revised(pieces), folder / "quiet-corr.txt"), "en")):
        import_text(store, read_structure(file, "generic", language=language), mint=Minter(TEST_BASE))
    return _client(store)


def test_texts_lists_every_edition_and_marks_the_current_ones(editions_client):
    (document,) = editions_client.get("/texts", headers=JSON).get_json()["documents"]
    assert document["languages"] == ["en", "fr"]
    listed = [(e["language"], e["edition"], e["current"], e["file"]) for e in document["editions"]]
    assert listed == [("en", 2, True, "quiet-corr.txt"), ("en", 1, False, "quiet.txt"), ("fr", 1, True, "calme.txt")]
    row = dom(editions_client.get("/texts", headers=HTML)).find("tbody", id=f"text-{KEY}")
    assert [b.text() for b in row.find_all("span", cls="badge")] == ["current", "replaced", "current"]


def test_a_part_page_reads_the_edition_in_the_page_language(editions_client):
    english = dom(part_page(editions_client, "para/1"))
    assert "at least two rooms" in english.find("blockquote", cls="verbatim").text()  # the current English words
    french_page = editions_client.get(path(f"{DOCUMENT}/para/1") + "?lang=fr", headers=HTML)
    section = dom(french_page).find("section", cls="official")
    assert section.attrs["lang"] == "fr"
    assert section.find("blockquote", cls="verbatim").text().startswith("Version française : Decides")
    assert "edition 2" in section.find("p", cls="note").text()  # the other editions are linked


def test_a_replaced_edition_reads_in_its_own_graph(editions_client):
    old = dom(editions_client.get(path(f"{DOCUMENT}/en-1/para/1"), headers=HTML))
    section = old.find("section", cls="official")
    assert "at least one room" in section.find("blockquote", cls="verbatim").text()
    assert "replaced" in section.find("p", cls="note").text()
    listing = dom(editions_client.get(path(f"{DOCUMENT}/en-1"), headers=HTML)).find("ol", cls="document-parts")
    assert "2(c)" in refs(listing)  # the item the later edition dropped
