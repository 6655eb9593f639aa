"""The mapping view: `wsis-graph map` (table, CSV, xlsx, JSON), and /map, /map.csv, /map.xlsx on the web.

Checked on the real data against independent SPARQL: the view lists every GDC commitment, the
commitments with no home are the orphans, and a proposal set gives a commitment its home.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from wsis_graph import paths
from wsis_graph.analysis.mapping import COLUMNS
from wsis_graph.cli import main
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.proposals.sets import submit
from wsis_graph.store import OxigraphStore
from wsis_graph.web.app import create_app
from wsis_graph.web.liveserver import LiveServer
from wsis_graph.web.settings import Settings

EXAMPLE = paths.sources_dir().parent / "examples" / "proposals-example.csv"


@pytest.fixture(scope="module")
def store_url(built, tmp_path_factory):
    """The real data in an Oxigraph store, with the example proposal set (excluded unless asked for)."""
    folder = tmp_path_factory.mktemp("map") / "store"
    store = OxigraphStore(folder)
    store.replace(built.quads())
    outcome = submit(store, EXAMPLE.read_bytes(), file_name="proposals-example.csv", name="example")
    assert outcome.accepted, outcome.summary()
    store.close()
    return f"oxigraph:{folder}"


@pytest.fixture(scope="module")
def sparql(store_url):
    def run(query: str) -> list[dict]:
        store = OxigraphStore(store_url[len("oxigraph:"):], read_only=True)
        try:
            return [{k: str(v) for k, v in r.items()} for r in store.query(sparql_prologue() + query).dicts()]
        finally:
            store.close()

    return run


@pytest.fixture(scope="module")
def commitments(sparql) -> set[str]:
    return {r["n"] for r in sparql("SELECT ?n WHERE { ?c a wsis:GDCCommitment ; skos:notation ?n }")}


def invoke(*args: str):
    return CliRunner().invoke(main, ["map", *args], catch_exceptions=False)


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def all_rows(store_url) -> list[dict]:
    result = invoke("--store", store_url, "--format", "csv")
    assert result.exit_code == 0, result.output
    return read_csv(result.stdout)


def test_every_commitment_is_listed(all_rows, commitments):
    assert len(commitments) > 0
    assert {r["commitment"] for r in all_rows} == commitments
    assert list(all_rows[0]) == COLUMNS


def test_homes_and_no_homes(all_rows, sparql):
    homeless = {r["commitment"] for r in all_rows if r["home"] == "no"}
    homed = {r["commitment"] for r in all_rows if r["home"] == "yes"}
    assert not homeless & homed
    # a commitment with a home is one that meets an Action Line at an SDG goal (the only route in the curated data)
    expected = {
        r["n"]
        for r in sparql(
            "SELECT DISTINCT ?n WHERE { ?c a wsis:GDCCommitment ; skos:notation ?n ; wsis:linkedTo ?g . ?g a wsis:SDGGoal . "
            "{ ?al wsis:contributesTo ?g } UNION { ?t wsis:goal ?g . ?al wsis:contributesTo ?t } ?al a wsis:ActionLine }"
        )
    }
    assert homed == expected
    for row in all_rows:
        if row["home"] == "yes":
            assert row["action_line"] and row["route"] in ("explicit", "shared-target", "thematic")
            assert row["weakest_confidence"] and row["evidence_path"].startswith(row["commitment"])
            assert row["sources"].startswith("http")
        else:
            assert not row["action_line"]


def test_the_entity_a_homeless_commitment_names_is_shown(all_rows, sparql):
    named = {
        (r["c"], r["e"])
        for r in sparql(
            "SELECT ?c ?e WHERE { ?k a wsis:GDCCommitment ; skos:notation ?c ; wsis:linkedTo ?x . ?x a wsis:Entity ; skos:notation ?e }"
        )
    }
    shown = {(r["commitment"], r["entity"]) for r in all_rows if r["home"] == "no" and r["entity"]}
    assert shown and shown <= named


def test_one_objective_and_one_commitment(store_url, sparql):
    result = invoke("--store", store_url, "--gdc", "GDC-O3", "--format", "csv")
    assert result.exit_code == 0
    under = {r["n"] for r in sparql("SELECT ?n WHERE { ?c a wsis:GDCCommitment ; skos:notation ?n ; wsis:objective ?o . ?o skos:notation 'GDC-O3' }")}
    rows = read_csv(result.stdout)
    assert {r["commitment"] for r in rows} == under and {r["objective"] for r in rows} == {"GDC-O3"}
    table = invoke("--store", store_url, "--gdc", "29(b)")
    assert table.exit_code == 0
    assert table.stdout.startswith("GDC → WSIS mapping for GDC-29(b)")
    assert "1 commitment, 1 with a home" in table.stdout
    data = json.loads(invoke("--store", store_url, "--gdc", "GDC-29(b)", "--format", "json").stdout)
    assert data["commitments"] == 1 and data["columns"] == COLUMNS
    assert {r["commitment"] for r in data["rows"]} == {"GDC-29(b)"}


def test_xlsx_reads_back(store_url, tmp_path, all_rows):
    out = tmp_path / "map.xlsx"
    result = invoke("--store", store_url, "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0 and out.exists()
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Mapping", "No home", "About"]
    sheet = list(book["Mapping"].iter_rows(values_only=True))
    assert list(sheet[0]) == COLUMNS and len(sheet) - 1 == len(all_rows)
    assert [str(v) if v is not None else "" for v in sheet[1]] == [all_rows[0][c] for c in COLUMNS]
    homeless = [row[0] for row in list(book["No home"].iter_rows(values_only=True))[1:]]
    assert set(homeless) == {r["commitment"] for r in all_rows if r["home"] == "no"}


def test_proposals_give_a_commitment_a_home(store_url, all_rows):
    assert "GDC-11(d)" in {r["commitment"] for r in all_rows if r["home"] == "no"}
    result = invoke("--store", store_url, "--gdc", "GDC-11(d)", "--format", "csv", "--include-proposals")
    rows = read_csv(result.stdout)
    explicit = [r for r in rows if r["route"] == "explicit" and r["action_line"] == "C2" and r["entity"] == "ITU"]
    assert explicit and explicit[0]["home"] == "yes" and explicit[0]["weakest_confidence"] == "inferred"
    assert explicit[0]["strength"] == "1.0"


def test_errors(store_url, tmp_path):
    bad = invoke("--store", store_url, "--gdc", "GDC-99(z)")
    assert bad.exit_code == 2 and "'GDC-99(z)' names nothing" in bad.output and "Traceback" not in bad.output
    not_gdc = invoke("--store", store_url, "--gdc", "C5")
    assert not_gdc.exit_code == 2
    no_out = invoke("--store", store_url, "--format", "xlsx")
    assert no_out.exit_code == 2 and "--out" in no_out.output
    empty = invoke("--store", "memory:")
    assert empty.exit_code == 1 and "is empty" in empty.output


# -- the web page -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(store_url):
    store = OxigraphStore(store_url[len("oxigraph:"):], read_only=True)
    yield create_app(Settings(store_url=store_url), store=store)
    store.close()


def test_page_lists_every_commitment(app, commitments, all_rows):
    client = app.test_client()
    page = client.get("/map", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    for code in commitments:
        assert f'data-commitment="{code}"' in html
    homeless = len({r["commitment"] for r in all_rows if r["home"] == "no"})
    assert f'<span data-count="homeless">{homeless}</span>' in html
    assert 'href="/map.csv"' in html and 'href="/map.xlsx"' in html
    assert 'class="badge conf-single-source"' in html


def test_page_filter_and_downloads(app, store_url):
    client = app.test_client()
    html = client.get("/map?gdc=GDC-29(b)", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-commitment="GDC-29(b)"' in html and 'data-commitment="GDC-29(a)"' not in html
    assert 'href="/map.csv?gdc=GDC-29%28b%29"' in html
    download = client.get("/map.csv?gdc=GDC-29(b)")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.get_data(as_text=True) == invoke("--store", store_url, "--gdc", "GDC-29(b)", "--format", "csv").stdout
    xlsx = client.get("/map.xlsx?gdc=GDC-O3&proposals=1")
    assert xlsx.status_code == 200
    sheet = list(load_workbook(io.BytesIO(xlsx.data), read_only=True)["Mapping"].iter_rows(values_only=True))
    assert {row[1] for row in sheet[1:]} >= {"GDC-29(a)", "GDC-29(d)"}
    bad = client.get("/map?gdc=nothing", headers={"Accept": "text/html"})
    assert bad.status_code == 400 and "names nothing" in bad.get_data(as_text=True)
    as_json = client.get("/map.csv?gdc=nothing")
    assert as_json.status_code == 400


def test_an_unknown_gdc_is_a_400_on_every_route(app):
    client = app.test_client()
    for url in ("/map?gdc=nothing", "/map.csv?gdc=nothing", "/map.xlsx?gdc=nothing"):
        r = client.get(url, headers={"Accept": "application/json"})
        assert r.status_code == 400 and r.mimetype == "application/json", url
        assert json.loads(r.data)["error"]["code"] == "bad_request"
        assert "names nothing" in json.loads(r.data)["error"]["message"]


def test_over_real_http(app, commitments):
    with LiveServer(app) as server:
        with urllib.request.urlopen(server.url + "/map.csv", timeout=30) as response:
            assert response.status == 200
            rows = read_csv(response.read().decode("utf-8"))
        request = urllib.request.Request(server.url + "/map?gdc=GDC-O1", headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            data = json.loads(response.read())
    assert {r["commitment"] for r in rows} == commitments
    assert data["subject"]["code"] == "GDC-O1" and data["commitments"] >= 1
