"""Importing an official text from the browser or a script: ``POST /texts/import`` (web/pages/text_upload.py).

Over real HTTP (the application on a :class:`LiveServer`), on a copy of the curated dataset in a
memory store, with the reading-room fixture of :mod:`texts_fixture` as the file: the preview
(nothing written), the write of what was previewed, the JSON API, and every refusal writing
nothing. Last, the form driven in a headless Chromium, as a person uses it.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

import texts_fixture as fx
from conftest import TEST_BASE
from test_editor import Recorder, browser  # noqa: F401  (browser: the Chromium fixture)
from test_pages import Node, DomBuilder
from wsis_graph.problems import Problem
from wsis_graph.store import MemoryStore
from wsis_graph.texts import read_structure
from wsis_graph.texts.editions import editions
from wsis_graph.uris import Minter
from wsis_graph.web.app import create_app
from wsis_graph.web.liveserver import LiveServer
from wsis_graph.web.pages import text_upload
from wsis_graph.web.pages.text_upload import KeptUploads
from wsis_graph.web.settings import Settings

TOKEN = "texts-token-7c2a"
MINT = Minter(TEST_BASE)
KEY = "a-res-99-1"
DOCUMENT = f"{TEST_BASE}text/{KEY}"
PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return fx.write_text(fx.quiet_libraries(), tmp_path_factory.mktemp("upload") / "quiet.txt")


@pytest.fixture
def store(built) -> MemoryStore:
    copy = MemoryStore()
    copy.replace(built.quads())
    return copy


@pytest.fixture
def kept(tmp_path) -> Path:
    return tmp_path / "kept"


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def dom(self) -> Node:
        builder = DomBuilder()
        builder.feed(self.text)
        return builder.root


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (file_name, data) in (files or {}).items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                      f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


class Client:
    def __init__(self, server: LiveServer) -> None:
        self.server = server

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def post(self, path: str, fields: dict, files: dict | None = None, *, accept: str = "application/json",
             token: str | None = TOKEN) -> Reply:
        """A form post; the token in the header for a script, in the form's field for a page."""
        fields = dict(fields)
        headers = {"Accept": accept}
        if token is not None:
            if accept == PAGE:
                fields["token"] = token
            else:
                headers["Authorization"] = f"Bearer {token}"
        body, content_type = multipart(fields, files)
        return self.request("POST", path, body, {**headers, "Content-Type": content_type})

    def upload(self, source: Path, *, name: str | None = None, dry_run: bool = True, **kw) -> Reply:
        fields = {"document": kw.pop("document", "generic"), "language": kw.pop("language", "en"), **kw.pop("fields", {})}
        if dry_run:
            fields["dry-run"] = "1"
        return self.post("/texts/import", fields, {"file": (name or source.name, source.read_bytes())}, **kw)


def serve(store, kept: Path, **settings) -> LiveServer:
    app = create_app(Settings(store_url=store.url, base=TEST_BASE, **settings), store=store)
    app.config["TEXT_UPLOADS"] = kept
    return LiveServer(app)


def snapshot(store) -> set:
    return set(store.quads())


def hidden_fields(page: str, form_id: str = "confirm-write") -> dict[str, str]:
    form = re.search(rf'<form id="{form_id}".*?</form>', page, re.S)
    assert form, "the preview has no write button"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))


def words(node: Node) -> str:
    """An element's text as read (the small DOM puts a space between an element and what follows it)."""
    return re.sub(r"\s+([:,.;)])(?=\s|$)", r"\1", node.text())


def kept_files(kept: Path) -> list[str]:
    return sorted(str(p.relative_to(kept)) for p in kept.rglob("*") if p.is_file()) if kept.exists() else []


# -- the preview ----------------------------------------------------------------------------------------


def test_a_preview_shows_the_structure_and_writes_nothing(store, kept, source):
    before = snapshot(store)
    with serve(store, kept, update_token=TOKEN) as live:
        reply = Client(live).upload(source, accept=PAGE)
    assert reply.status == 200, reply.text[:500]
    assert reply.headers["cache-control"] == "no-store"  # the button carries the token
    section = reply.dom().find("section", id="import-result")
    text = words(section)
    assert "Preview of quiet.txt: nothing is written yet" in text
    assert "Quiet reading rooms for every town" in text and "A/RES/99/1" in text
    assert "28 parts: 4 unnumbered paragraphs, 9 numbered paragraphs, 7 items, 2 sub-items, 5 headings, 1 footnote" in text
    assert "a document new to this graph" in text
    refs = [span.text() for span in section.find_all("span", cls="ref")]
    assert refs[:7] == ["h1", "pp1", "pp2", "pp3", "pp4", "h2", "1"] and "2(b)(ii)" in refs
    assert "Lending lanterns to readers who walk home late along the harbour;" in text
    assert "Write it into the graph" in text
    fields = hidden_fields(reply.text)
    assert fields["file_name"] == "quiet.txt" and fields["document"] == "generic" and fields["language"] == "en"
    assert re.fullmatch(r"[0-9a-f]{64}", fields["upload"]) and fields["token"] == TOKEN
    assert snapshot(store) == before  # nothing written
    assert kept_files(kept) == [f"{fields['upload']}/quiet.txt"]  # the bytes kept under their own name


def test_a_gdc_preview_lists_the_spans_skipped(store, kept, tmp_path):
    pact = fx.write_text(fx.compact_shaped(), tmp_path / "A_RES_79_1.txt")
    with serve(store, kept, update_token=TOKEN) as live:
        reply = Client(live).upload(pact, document="gdc", accept=PAGE)
    assert reply.status == 200, reply.text[:500]
    skipped = words(reply.dom().find("ul", cls="skipped"))
    assert "annex II" in skipped and "the text before annex I" in skipped


# -- writing what was previewed -------------------------------------------------------------------------


def test_the_button_writes_the_edition_previewed(store, kept, source):
    with serve(store, kept, update_token=TOKEN) as live:
        client = Client(live)
        preview = client.upload(source, accept=PAGE)
        fields = hidden_fields(preview.text)
        reply = client.post("/texts/import/kept", fields, accept=PAGE, token=None)  # the token rides in the form
        assert reply.status == 201, reply.text[:500]
        outcome = reply.dom().find("section", id="import-result")
        assert outcome.find("h2").text() == "Written into the graph"
        assert "a-res-99-1 (en) edition 1 from quiet.txt: 28 parts written" in words(outcome)
        assert "/id/text/a-res-99-1" in " ".join(outcome.hrefs())
        assert reply.dom().find("tbody", id=f"text-{KEY}") is not None  # listed on the same page
        listed = client.request("GET", "/texts", headers={"Accept": "application/json"}).json()
        (document,) = listed["documents"]
        assert document["key"] == KEY and document["editions"][0]["file"] == "quiet.txt"
        assert kept_files(kept) == []  # written, so no longer kept
        again = client.post("/texts/import/kept", fields, accept=PAGE, token=None)
        assert again.status == 410 and "written already" in again.text
    (edition,) = editions(store, MINT)
    assert edition.key == KEY and edition.current and edition.file == "quiet.txt"
    assert edition.sha256 == fields["upload"]


def test_the_write_refuses_a_text_that_no_longer_reads_as_previewed(store, kept, source):
    before = snapshot(store)
    with serve(store, kept, update_token=TOKEN) as live:
        client = Client(live)
        fields = hidden_fields(client.upload(source, accept=PAGE).text)
        reply = client.post("/texts/import/kept", {**fields, "digest": "0" * 64}, token=None)
        assert reply.status == 409 and reply.json()["error"]["code"] == "preview_changed"
        reply = client.post("/texts/import/kept", {**fields, "file_name": "other.txt"}, token=None)
        assert reply.status == 410 and reply.json()["error"]["message"].startswith("other.txt: ")
        reply = client.post("/texts/import/kept", {**fields, "token": "not-it"}, token=None)
        assert reply.status == 401
    assert snapshot(store) == before


def test_the_json_api_reads_and_writes_in_one_request_each(store, kept, source):
    with serve(store, kept, update_token=TOKEN) as live:
        client = Client(live)
        reply = client.upload(source)
        assert reply.status == 200 and reply.headers["content-type"].startswith("application/json")
        assert reply.json() == read_structure(source, "generic").to_dict()
        assert editions(store, MINT) == [] and kept_files(kept) == []  # a script's dry run keeps nothing
        reply = client.post("/texts/import?dry-run=1", {"document": "generic"}, {"file": ("quiet.txt", source.read_bytes())})
        assert reply.status == 200 and reply.json()["document"]["file"] == "quiet.txt"  # the options as query parameters
        assert editions(store, MINT) == []
        reply = client.upload(source, dry_run=False)
        assert reply.status == 201, reply.text
        body = reply.json()
        assert body["status"] == "written" and body["document"]["name"] == KEY and body["parts"] == 28
        assert reply.headers["location"] == DOCUMENT
        reply = client.upload(source, dry_run=False)
        assert reply.status == 200 and reply.json()["status"] == "unchanged"
        preview = client.upload(source, accept=PAGE)  # the same file again: nothing to write, no button
        assert "this very file is in the graph already" in preview.text and 'id="confirm-write"' not in preview.text
    assert len(editions(store, MINT)) == 1


# -- refusals -------------------------------------------------------------------------------------------


def test_without_the_token_nothing_is_read_or_written(store, kept, source):
    before = snapshot(store)
    with serve(store, kept, update_token=None) as off:
        client = Client(off)
        reply = client.upload(source, dry_run=False)
        assert reply.status == 403 and reply.json()["error"]["code"] == "updates_disabled"
        page = client.request("GET", "/texts", headers={"Accept": PAGE}).text
        assert "Imports are switched off on this server" in page and "WSIS_GRAPH_UPDATE_TOKEN" in page
        assert 'name="token"' not in page
    with serve(store, kept, update_token=TOKEN) as on:
        client = Client(on)
        page = client.request("GET", "/texts", headers={"Accept": PAGE}).text
        assert 'action="/texts/import#import-result"' in page and 'name="token"' in page
        reply = client.upload(source, dry_run=False, token=None)
        assert reply.status == 401 and reply.headers["www-authenticate"].startswith("Bearer")
        reply = client.upload(source, dry_run=False, token="not-it")
        assert reply.status == 401 and reply.json()["error"]["code"] == "invalid_token"
        reply = client.upload(source, accept=PAGE, token="not-it")  # the form, with a wrong token
        assert reply.status == 401 and "not the update token" in words(reply.dom().find("section", id="import-result"))
    assert snapshot(store) == before and kept_files(kept) == []


def test_a_file_that_is_not_what_its_suffix_says_is_400_naming_it(store, kept, tmp_path):
    garbage = tmp_path / "resolution.pdf"
    garbage.write_bytes(b"\x00\x01\x02 this is no PDF at all \xff\xfe")
    before = snapshot(store)
    with serve(store, kept, update_token=TOKEN) as live:
        client = Client(live)
        for dry_run in (True, False):
            reply = client.upload(garbage, dry_run=dry_run)
            error = reply.json()["error"]
            assert reply.status == 400 and error["code"] == "unreadable_text"
            assert error["message"].startswith("resolution.pdf: named .pdf but it is a binary file, not a PDF")
        reply = client.upload(garbage, accept=PAGE)
        assert reply.status == 400
        shown = words(reply.dom().find("section", id="import-result"))
        assert "Not imported: nothing was written" in shown and "resolution.pdf: named .pdf" in shown
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        reply = client.upload(empty)
        assert reply.status == 400 and reply.json()["error"]["message"].startswith("empty.txt: the file is empty")
    assert snapshot(store) == before and kept_files(kept) == []


def test_a_text_without_numbered_paragraphs_or_annex_is_400(store, kept, tmp_path):
    prose = tmp_path / "letter.txt"
    prose.write_text("Dear colleagues,\n\nThank you for the lanterns.\n", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("The General Assembly,\n\n1. Decides to meet again.\n", encoding="utf-8")
    before = snapshot(store)
    with serve(store, kept, update_token=TOKEN) as live:
        client = Client(live)
        reply = client.upload(prose, dry_run=False)
        assert reply.status == 400 and reply.json()["error"]["message"].startswith("letter.txt: no numbered paragraph found")
        reply = client.upload(short, document="gdc", dry_run=False)
        assert reply.status == 400 and reply.json()["error"]["message"].startswith("short.txt: no annex I in the text")
    assert snapshot(store) == before


def test_unknown_keys_bad_options_and_bad_requests(store, kept, source, tmp_path):
    before = snapshot(store)
    with serve(store, kept, update_token=TOKEN, max_body=20_000) as live:
        client = Client(live)
        reply = client.upload(source, document="resolution-99")
        error = reply.json()["error"]
        assert reply.status == 400 and error["code"] == "unknown_document"
        assert error["message"].startswith("unknown document key 'resolution-99'; the keys are gdc, ")
        assert client.upload(source, language="english").status == 400
        reply = client.upload(source, fields={"name": "Not A Name"})
        assert reply.status == 400 and reply.json()["error"]["message"].startswith("quiet.txt: 'Not A Name' cannot name a document")
        reply = client.upload(source, name="quiet.doc")
        assert reply.status == 415 and reply.json()["error"]["message"].startswith("quiet.doc: the suffix '.doc' is not read")
        reply = client.request("POST", "/texts/import", source.read_bytes(),
                               {"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}", "Accept": "application/json"})
        assert reply.status == 415 and "multipart/form-data" in reply.json()["error"]["message"]
        reply = client.post("/texts/import", {"document": "generic", "dry-run": "1"})
        assert reply.status == 400 and reply.json()["error"]["code"] == "missing_file"
        big = tmp_path / "big.txt"
        big.write_bytes(source.read_bytes() * 4)
        reply = client.upload(big)
        assert reply.status == 413 and reply.json()["error"]["code"] == "request_too_large"
        assert "19.5 KiB this server takes" in reply.json()["error"]["message"]
        reply = client.upload(big, accept=PAGE)
        assert reply.status == 413 and "19.5 KiB this server takes" in reply.text
        reply = client.request("GET", "/texts/import")
        assert reply.status == 303 and reply.headers["location"].endswith("/texts#import")
    assert snapshot(store) == before and kept_files(kept) == []


# -- the uploads kept between the two steps ----------------------------------------------------------------


def test_kept_uploads_are_private_bounded_and_expire(tmp_path, monkeypatch):
    kept = KeptUploads(tmp_path / "kept")
    monkeypatch.setattr(text_upload, "MAX_KEPT", 2)
    first = kept.keep(b"1. First.", "a.txt")
    assert kept.find(first, "a.txt").read_bytes() == b"1. First."
    assert (os.stat(kept.folder).st_mode & 0o777) == 0o700
    old = time.time() - 100
    os.utime(kept.folder / first, (old, old))
    second = kept.keep(b"1. Second.", "b.txt")
    third = kept.keep(b"1. Third.", "c.txt")  # over the count: the oldest goes
    assert sorted(p.name for p in kept.folder.iterdir()) == sorted([second, third])
    with pytest.raises(Problem) as gone:
        kept.find(first, "a.txt")
    assert gone.value.status == 410
    (kept.folder / second / "b.txt").write_bytes(b"1. Changed.")  # bytes that are not the ones kept
    with pytest.raises(Problem):
        kept.find(second, "b.txt")
    expired = time.time() - text_upload.KEPT_FOR - 1
    os.utime(kept.folder / third, (expired, expired))
    with pytest.raises(Problem):
        kept.find(third, "c.txt")
    monkeypatch.setattr(text_upload, "MAX_KEPT_BYTES", 30)
    kept.keep(b"1. A fourth, longer than the rest.", "d.txt")  # over the bytes: every other goes
    assert len(list(kept.folder.iterdir())) == 1


# -- in a browser -------------------------------------------------------------------------------------------


def test_a_person_uploads_previews_and_writes_a_text_in_chromium(browser, store, kept, tmp_path):  # noqa: F811
    pdf = fx.write_pdf(fx.quiet_libraries(), tmp_path / "A_RES_99_1-EN.pdf")
    with serve(store, kept, update_token=TOKEN) as live:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        recorder = Recorder(context)
        page = context.new_page()
        recorder.watch(page)
        page.goto(live.url + "/texts", wait_until="load")
        assert "No official text has been imported" in page.inner_text("main")
        page.set_input_files("#t-file", str(pdf))
        page.select_option("#t-document", "generic")
        page.fill("#t-token", TOKEN)
        page.screenshot(path="/tmp/upload-form.png", full_page=True)
        page.click("form.text-import button[type=submit]")
        preview = page.locator("section.import-preview")
        preview.wait_for()
        assert "Preview of A_RES_99_1-EN.pdf: nothing is written yet" in preview.inner_text()
        assert "9 numbered paragraphs" in preview.inner_text()
        assert editions(store, MINT) == []
        page.screenshot(path="/tmp/upload-preview.png", full_page=True)
        page.locator("#confirm-write button[type=submit]").click()
        outcome = page.locator("section.import-outcome")
        outcome.wait_for()
        assert outcome.locator("h2").inner_text() == "Written into the graph"
        listed = page.locator(f"tbody#text-{KEY}")
        assert "Quiet reading rooms for every town" in listed.inner_text() and "A_RES_99_1-EN.pdf" in listed.inner_text()
        page.screenshot(path="/tmp/upload-written.png", full_page=True)
        page.locator("a.open-document").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Quiet reading rooms for every town"
        recorder.assert_clean(allowed_bad=("favicon.ico",))
        context.close()
    (edition,) = editions(store, MINT)
    assert edition.file == "A_RES_99_1-EN.pdf" and edition.current


def test_a_written_gdc_text_shows_what_its_reconciliation_asks_a_person_to_look_at(store, kept, tmp_path):
    gdc = fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt")
    with serve(store, kept, update_token=TOKEN) as live:
        client = Client(live)
        preview = client.upload(gdc, document="gdc", accept=PAGE)
        assert preview.status == 200, preview.text[:500]
        fields = hidden_fields(preview.text)
        written = client.post("/texts/import/kept", fields, accept=PAGE)
    assert written.status in (200, 201), written.text[:500]
    section = written.dom().find("section", id="import-result")
    text = words(section)
    assert "Reconciled with the curated tables" in text and "the curated tables are unchanged" in text
    assert "conflict GDC-11(d) (11(d)): the curated summary" in text
    assert "superseded GDC-P8(a) (8(a))" in text
    links = {a.attrs.get("href", "") for a in section.find_all("a")}
    assert any(href.endswith("gdc-paragraph/GDC-11-d") for href in links)
