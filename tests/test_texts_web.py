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
