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
            assert row["action_line"] and row["route"] in ("curated", "shared target", "shared goal", "thematic")
            assert row["reviewed"] == "no"  # nothing reviewed in the curated data
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
    explicit = [r for r in rows if r["route"] == "proposed" and r["action_line"] == "C2" and r["entity"] == "ITU"]
    assert explicit and explicit[0]["home"] == "yes" and explicit[0]["weakest_confidence"] == "inferred"
    assert explicit[0]["strength"] == "1.0"


@pytest.mark.parametrize("value", ["1", "O1", "o1", "GDC-O1"])
def test_an_objective_by_its_number(store_url, sparql, value):
    """--gdc 1, O1 and GDC-O1 all name objective GDC-O1: its commitments, no other."""
    result = invoke("--store", store_url, "--gdc", value, "--format", "csv")
    assert result.exit_code == 0, result.output
    expected = {r["n"] for r in sparql(
        "SELECT ?n WHERE { ?c a wsis:GDCCommitment ; skos:notation ?n ; wsis:objective ?o . ?o skos:notation 'GDC-O1' }")}
    assert expected and {r["commitment"] for r in read_csv(result.stdout)} == expected


def test_an_unknown_gdc_suggests_the_nearest_codes(store_url):
    bad = invoke("--store", store_url, "--gdc", "GDC-O9")
    assert bad.exit_code == 2 and "did you mean" in bad.output and "GDC-O1" in bad.output


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


# -- the review: reviewed, rejected and suggested pairs; the role periods ---------------------------------

REVIEW_BASE = "https://w3id.org/wsis-graph/id/"


@pytest.fixture(scope="module")
def reviewed(built, tmp_path_factory):
    """The real data with a queue of GDC → Action Line candidates: one accepted, every candidate of one
    homeless commitment rejected, one pair of a commitment with a home rejected, the rest left open."""
    from wsis_graph.matching.corpus import read_index
    from wsis_graph.matching.suggest import suggest
    from wsis_graph.review.decide import decide
    from wsis_graph.review.queue import queue
    from wsis_graph.review.state import listing
    from wsis_graph.review.model import Names
    from wsis_graph.uris import Minter

    folder = tmp_path_factory.mktemp("map-review") / "store"
    store = OxigraphStore(folder)
    store.replace(built.quads())
    mint = Minter(REVIEW_BASE)
    found = suggest(read_index(store), "gdc", "action-lines", top=3)
    queue(store, found, from_kind="gdc", to_kind="action-lines", run="map-test", mint=mint)
    names = Names(mint)
    store.close()  # the command opens the store read-only: not while a writer may still compact it
    before = read_csv(invoke("--store", f"oxigraph:{folder}", "--format", "csv").stdout)
    store = OxigraphStore(folder)
    homeless = sorted({r["commitment"] for r in before if r["home"] == "no"})
    homed = {r["commitment"]: r for r in before if r["home"] == "yes"}
    items = listing(store, names)
    by_commitment: dict[str, list] = {}
    for c in items:
        by_commitment.setdefault(c.subject_code, []).append(c)
    accepted_for, rejected_for = [c for c in homeless if c in by_commitment][:2]
    accepted = by_commitment[accepted_for][0]
    decide(store, accepted.pid, "accept", reviewer="Ana Reviewer", mint=mint)
    for c in by_commitment[rejected_for]:
        decide(store, c.pid, "reject", reviewer="Bo Reviewer", mint=mint)
    # a pair that a shared-goal path makes, rejected: the path stays, marked, and is no home
    on_path = next(c for code, cs in by_commitment.items() if code in homed for c in cs
                   if any(r["commitment"] == code and r["action_line"] == c.object_code for r in before))
    decide(store, on_path.pid, "reject", reviewer="Bo Reviewer", mint=mint)
    store.close()
    return {"url": f"oxigraph:{folder}", "before": before, "accepted": accepted, "rejected_for": rejected_for,
            "on_path": on_path, "names": names, "folder": folder}


def test_a_reviewed_link_shows_route_reviewed_and_the_pair_accepted(reviewed):
    c = reviewed["accepted"]
    rows = read_csv(invoke("--store", reviewed["url"], "--gdc", c.subject_code, "--format", "csv").stdout)
    mine = [r for r in rows if r["action_line"] == c.object_code]
    assert mine and {r["reviewed"] for r in mine} == {"accepted"}
    assert [r for r in mine if r["route"] == "reviewed"][0]["home"] == "yes"
    assert all("—linkedTo [reviewed]→" in r["evidence_path"] for r in mine if r["route"] == "reviewed")


def test_a_commitment_whose_pairs_were_all_rejected_is_reviewed_with_no_action_line(reviewed):
    code = reviewed["rejected_for"]
    result = CliRunner().invoke(main, ["gaps", "--store", reviewed["url"], "--analysis", "gdc-wsis", "--gdc", code], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert any(line.strip().startswith(f"{code} ") and "Reviewed: no Action Line carries it." in line for line in result.output.splitlines())
    assert "of which reviewed: no Action Line carries them: 1" in result.output
    rows = read_csv(invoke("--store", reviewed["url"], "--gdc", code, "--format", "csv").stdout)
    assert {r["home"] for r in rows} == {"no"}


def test_a_rejected_pair_on_a_path_stays_listed_but_makes_no_home(reviewed):
    c = reviewed["on_path"]
    rows = read_csv(invoke("--store", reviewed["url"], "--gdc", c.subject_code, "--format", "csv").stdout)
    mine = [r for r in rows if r["action_line"] == c.object_code]
    assert mine and {r["reviewed"] for r in mine} == {"rejected"}
    others = {r["action_line"] for r in rows if r["action_line"] and r["reviewed"] != "rejected"}
    assert {r["home"] for r in rows} == ({"yes"} if others else {"no"})


def test_suggested_rows_appear_only_when_asked_and_change_no_count(reviewed):
    plain = invoke("--store", reviewed["url"], "--format", "json")
    asked = invoke("--store", reviewed["url"], "--format", "json", "--suggested")
    plain, asked = json.loads(plain.stdout), json.loads(asked.stdout)
    assert not any(r["route"] == "suggested" for r in plain["rows"])
    suggested = [r for r in asked["rows"] if r["route"] == "suggested"]
    assert suggested and asked["suggested"] is True
    assert asked["homeless"] == plain["homeless"] and asked["commitments"] == plain["commitments"]
    assert [r for r in asked["rows"] if r["route"] != "suggested"] == plain["rows"]
    assert all(r["strength"] is None and r["reviewed"] in ("no", None) and " ⇢ suggested (candidate " in r["evidence_path"] for r in suggested)
    # never a decided pair: neither the accepted, nor the rejected ones
    decided = {(reviewed["accepted"].subject_code, reviewed["accepted"].object_code),
               (reviewed["on_path"].subject_code, reviewed["on_path"].object_code)}
    assert not {(r["commitment"], r["action_line"]) for r in suggested} & decided
    assert reviewed["rejected_for"] not in {r["commitment"] for r in suggested}


def test_the_analyses_read_the_same_states_as_the_review_workbench(reviewed):
    from wsis_graph.analysis.projection import project
    from wsis_graph.analysis.reviewed import review_of
    from wsis_graph.review.state import candidates

    store = OxigraphStore(reviewed["folder"], read_only=True)
    try:
        ours = {p.pid: (p.subject, p.object, p.status) for p in review_of(project(store)).pairs}
        theirs = {pid: (str(c.subject), str(c.object), c.status) for pid, c in candidates(store, reviewed["names"]).items()}
    finally:
        store.close()
    assert ours == theirs and {s for _, _, s in ours.values()} == {"open", "accepted", "rejected"}


def test_role_periods_on_the_real_build(all_rows, sparql):
    """The period is the table's wording of the role; 'recent' follows RECENT_YEARS from the table's date."""
    from wsis_graph.analysis.facilitation import RECENT_YEARS

    issued = sparql("SELECT ?d WHERE { GRAPH ?x { ?g dct:issued ?d ; dct:identifier 'facilitation' } }")
    year = int(issued[0]["d"][:4])
    worded = {}
    for r in sparql("SELECT ?al ?e ?w ?end WHERE { ?f a wsis:Facilitation ; wsis:actionLine ?a ; wsis:facilitator ?x ; "
                    "wsis:dateAsWorded ?w . ?a skos:notation ?al . ?x skos:notation ?e . OPTIONAL { ?f wsis:periodEnd ?end } }"):
        end = r.get("end")
        worded.setdefault((r["al"], r["e"]), set()).add((r["w"], None if end in (None, "None") else end))
    with_role = [r for r in all_rows if r["role"]]
    assert with_role
    for r in with_role:
        options = worded[(r["action_line"], r["entity"])]
        assert r["role_period"] in {w for w, _ in options}
        end = next(e for w, e in options if w == r["role_period"])
        expected = "not dated" if end is None else ("yes" if year - int(end[:4]) <= RECENT_YEARS else "no")
        assert r["role_recent"] == expected, r
    seen = {(r["action_line"], r["entity"], r["role_period"], r["role_recent"]) for r in with_role}
    assert ("C8", "UNESCO", "2006-2019", "no") in seen  # last shown 2019: not confirmed recently
    assert ("C1", "UNDESA", "2006-2025", "yes") in seen
    assert any(p == "undated" and recent == "not dated" for _, _, p, recent in seen)  # ITU on C10


def test_the_map_page_shows_routes_review_states_and_suggestions(reviewed):
    from wsis_graph.web.app import create_app
    from wsis_graph.web.settings import Settings

    store = OxigraphStore(reviewed["folder"], read_only=True)
    try:
        client = create_app(Settings(store_url="memory:", base=REVIEW_BASE), store=store).test_client()
        c = reviewed["accepted"]
        page = client.get(f"/map?gdc={c.subject_code}", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert 'data-route="reviewed" data-reviewed="accepted"' in page and 'class="route route-reviewed"' in page
        assert 'data-route="suggested"' not in page
        code = reviewed["rejected_for"]
        page = client.get(f"/map?gdc={code}&suggested=1", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert f'data-review="reviewed-none" data-commitment="{code}"' in page and "Reviewed: no Action Line carries it" in page
        rows = read_csv(client.get(f"/map.csv?gdc={code}&suggested=1").get_data(as_text=True))
        assert {(r["route"], r["reviewed"]) for r in rows} == {("none", "rejected")}
    finally:
        store.close()
