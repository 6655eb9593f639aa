"""``wsis-graph texts import|list|diff`` on a built store: writing, listing and comparing editions, a
rebuild that keeps the imported texts, failed imports that leave the store as it was, and the
analyses that leave imported texts out.

The curated dataset is built once into an embedded store; each test works on a copy of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import VOID

import texts_fixture as fx
from test_texts_formats import SEED
from test_texts_graph import french, revised
from wsis_graph.build import DESCRIPTION_GRAPH
from wsis_graph.cli import main
from wsis_graph.publish import publish
from wsis_graph.store import open_store
from wsis_graph.texts import write as write_module
from wsis_graph.uris import Minter

KEY = "a-res-99-1"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A store holding a build of the curated tables (made once)."""
    location = tmp_path_factory.mktemp("texts-built") / "store"
    store = open_store(f"oxigraph:{location}")
    try:
        publish(store)
    finally:
        store.close()
    return location


@pytest.fixture
def url(built, tmp_path) -> str:
    """A copy of the built store for one test."""
    copy = tmp_path / "store"
    shutil.copytree(built, copy)
    return f"oxigraph:{copy}"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("texts-command")
    pieces = fx.quiet_libraries()
    return {
        "en": fx.write_text(pieces, folder / "quiet.txt"),
        "fr": fx.write_text(french(pieces), folder / "calme.txt"),
        "en-2": fx.write_text(revised(pieces), folder / "quiet-corr.txt"),
    }


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (result.output, result.exception)
    return result


def graph_counts(url: str) -> dict[URIRef, int]:
    store = open_store(url, read_only=True)
    try:
        return {g: store.count(g) for g in store.graphs()}
    finally:
        store.close()


def nquads(url: str) -> bytes:
    store = open_store(url, read_only=True)
    try:
        return store.nquads()
    finally:
        store.close()


def test_import_list_and_diff(url, files):
    first = run("texts", "import", str(files["en"]), "--document", "generic", "--store", url).stdout
    assert first.startswith(f"{KEY} (en) edition 1 from quiet.txt: 28 parts written to <https://w3id.org/wsis-graph/id/graph/text/{KEY}>")
    again = run("texts", "import", str(files["en"]), "--document", "generic", "--store", url).stdout
    assert "is imported already" in again and again.rstrip().endswith("nothing changed")
    run("texts", "import", str(files["fr"]), "--document", "generic", "--language", "fr", "--store", url)
    data = json.loads(run("texts", "import", str(files["en-2"]), "--document", "generic", "--store", url, "--format", "json").stdout)
    assert data["status"] == "written" and data["edition"]["edition"] == 2 and data["replaced"]["edition"] == 1
    assert data["document"]["name"] == KEY and data["counts"]["paragraph"] == 10

    listed = run("texts", "list", "--store", url).stdout
    assert listed.splitlines()[0] == f"{KEY}: Quiet reading rooms for every town"
    assert "  en edition 1 (replaced, A/RES/99/1): 28 parts from quiet.txt" in listed
    assert "  en edition 2 (current, A/RES/99/1): 28 parts from quiet-corr.txt" in listed
    assert "  fr edition 1 (current, A/RES/99/1): 28 parts from calme.txt" in listed
    rows = json.loads(run("texts", "list", "--store", url, "--format", "json").stdout)
    assert [(r["language"], r["edition"], r["current"], r["parts"]) for r in rows] == [("en", 1, False, 28), ("en", 2, True, 28), ("fr", 1, True, 28)]

    diff = run("texts", "diff", KEY, "--store", url).stdout
    assert "1 added, 1 removed, 1 changed, 26 unchanged" in diff
    assert "\nadded:\n  8 " in diff and "\nremoved:\n  2(c) " in diff and "[-one room-] {+two rooms+}" in diff
    compared = json.loads(run("texts", "diff", KEY, "--store", url, "--format", "json").stdout)
    assert [p["ref"] for p in compared["added"]] == ["8"] and compared["to"]["file"] == "quiet-corr.txt"
    assert "only one edition" in run("texts", "diff", KEY, "--language", "fr", "--store", url, code=2).stderr
    assert "no imported text named 'nope'" in run("texts", "diff", "nope", "--store", url, code=2).stderr
    run("validate", "--store", url)


def test_a_rebuild_keeps_the_imported_texts(url, files):
    for name, language in (("en", "en"), ("fr", "fr"), ("en-2", "en")):
        run("texts", "import", str(files[name]), "--document", "generic", "--language", language, "--store", url)
    before = graph_counts(url)
    listed = run("texts", "list", "--store", url, "--format", "json").stdout
    run("build", "--store", url)
    assert graph_counts(url) == before
    assert run("texts", "list", "--store", url, "--format", "json").stdout == listed
    mint = Minter()
    store = open_store(url, read_only=True)
    try:
        rows = store.query(
            "SELECT * WHERE { GRAPH ?d { ?ds ?subset ?g . ?g ?triples ?n } }",
            {"d": mint.graph(DESCRIPTION_GRAPH), "ds": mint.dataset(), "subset": VOID.subset, "triples": VOID.triples},
        ).dicts()
        stated = {row["g"]: int(row["n"]) for row in rows}
        total = store.query("SELECT * WHERE { GRAPH ?d { ?ds ?triples ?n } }",
                            {"d": mint.graph(DESCRIPTION_GRAPH), "ds": mint.dataset(), "triples": VOID.triples}).dicts()
    finally:
        store.close()
    texts = [g for g in before if "/graph/text/" in str(g)]
    assert len(texts) == 3 and all(stated[g] == before[g] for g in texts)
    assert [int(row["n"]) for row in total] == [sum(before.values())]
    run("validate", "--store", url)


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed document is not beside the project")
def test_a_failed_import_leaves_the_store_unchanged(url, files, monkeypatch):
    run("texts", "import", str(files["en"]), "--document", "generic", "--store", url)
    before = nquads(url)
    seed = run("texts", "import", str(SEED), "--document", "generic", "--store", url, code=2).stderr
    assert seed == f"error: {SEED}: a generic document needs a name for its graph and IRIs and the file prints no symbol: give --name NAME (or --symbol SYMBOL)\n"
    assert "no annex I in the text" in run("texts", "import", str(SEED), "--document", "gdc", "--store", url, code=2).stderr
    bad_name = run("texts", "import", str(files["en"]), "--document", "generic", "--name", "Rooms", "--store", url, code=2).stderr
    assert "'Rooms' cannot name a document" in bad_name
    made = write_module.edition_triples
    monkeypatch.setattr(write_module, "edition_triples", lambda s, e: [t for t in made(s, e) if "partNumber" not in str(t[1])])
    refused = run("texts", "import", str(files["en-2"]), "--document", "generic", "--store", url, code=1).stderr
    assert "wsh:NumberedParagraphShape" in refused and refused.rstrip().endswith("nothing was written")
    assert nquads(url) == before


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed document is not beside the project")
def test_the_seed_document_imports_as_a_named_generic_document(url):
    out = run("texts", "import", str(SEED), "--document", "generic", "--name", "itu-wsis20-answers", "--store", url).stdout
    assert out.startswith("itu-wsis20-answers (en) edition 1 from 000_fd10d842333058da.txt: 16 parts written")


def test_the_analyses_leave_imported_texts_out(url, files):
    from wsis_graph.analysis.projection import project

    def nodes() -> set[str]:
        store = open_store(url, read_only=True)
        try:
            return set(project(store).nodes)
        finally:
            store.close()

    before = nodes()
    run("texts", "import", str(files["en"]), "--document", "generic", "--store", url)
    assert nodes() == before
