"""``/tag``: pasted text or an uploaded file, each paragraph with its SDG goal tags and the words that weighed
marked; JSON and CSV on request; bad input a 400 that says what."""

from __future__ import annotations

import io

import pytest

from conftest import TEST_BASE
from test_texts_formats import SEED
from wsis_graph.store import MemoryStore
from wsis_graph.web.app import create_app
from wsis_graph.web.settings import Settings

PASTED = ("Villages built latrines and a safe drinking water supply for every school.\n\n"
          "Solar panels and wind turbines now give the island renewable electricity.")


@pytest.fixture(scope="module")
def client(built):
    store = MemoryStore()
    store.replace(built.quads())
    return create_app(Settings(store_url="memory:", base=TEST_BASE), store=store).test_client()


def test_the_form_is_in_the_navigation(client):
    page = client.get("/tag", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<form class="upload tag-form"' in page and 'href="/tag">Tag a text</a>' in page


def test_pasted_paragraphs_get_their_goals_with_the_words_marked(client):
    reply = client.post("/tag", data={"text": PASTED, "format": "html"}, headers={"Accept": "text/html"})
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    assert '<article class="tagged" id="t-p1">' in page and '<article class="tagged" id="t-p2">' in page
    assert "<mark>latrines</mark>" in page and "<mark>renewable</mark>" in page
    as_json = client.post("/tag?format=json", data={"text": PASTED}).get_json()
    first = {t["id"]: t["tags"]["sdg-goals"][0]["tag"] for t in as_json["texts"]}
    assert first == {"p1": "6", "p2": "7"}


def test_an_uploaded_document_and_a_csv_table(client):
    reply = client.post("/tag?format=csv", data={"file": (io.BytesIO(SEED.read_bytes()), SEED.name)},
                        content_type="multipart/form-data")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    lines = reply.get_data(as_text=True).splitlines()
    assert lines[0] == "id,kind,tag,label,score,rank,matched_terms" and lines[1].startswith("p1,sdg-goals,17,")
    table = b"ref,words\nR1,Hospitals and clinics vaccinated every child against measles.\n"
    data = client.post("/tag?format=json", data={"file": (io.BytesIO(table), "records.csv"), "text_column": "words",
                                                 "id_column": "ref"}, content_type="multipart/form-data").get_json()
    assert data["texts"][0]["id"] == "R1" and data["texts"][0]["tags"]["sdg-goals"][0]["tag"] == "3"


def test_bad_input_is_a_400_that_says_what(client):
    nothing = client.post("/tag?format=json", data={"text": "  "})
    assert nothing.status_code == 400 and "nothing to tag" in nothing.get_json()["error"]["message"]
    odd = client.post("/tag?format=json", data={"file": (io.BytesIO(b"x"), "notes.xyz")}, content_type="multipart/form-data")
    assert odd.status_code == 400 and "notes.xyz: cannot tag a .xyz file" in odd.get_json()["error"]["message"]
    table = client.post("/tag?format=json", data={"file": (io.BytesIO(b"a,b\n1,2\n"), "t.csv")}, content_type="multipart/form-data")
    assert table.status_code == 400 and "t.csv: no column 'text'" in table.get_json()["error"]["message"]
    kind = client.post("/tag?format=json", data={"text": PASTED, "to": "planets"})
    assert kind.status_code == 400 and "unknown kind 'planets'" in kind.get_json()["error"]["message"]
    page = client.post("/tag", data={"text": "", "format": "html"}, headers={"Accept": "text/html"})
    assert page.status_code == 400 and "nothing to tag" in page.get_data(as_text=True)
