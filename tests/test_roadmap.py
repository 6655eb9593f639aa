"""Roadmap sheets: `wsis-graph roadmap` and /roadmap/<code>, on the real build with a review queue.

The store holds the real data, a queued matching run (GDC → Action Lines) and one accepted decision
on a GDC → C5 pair; the sheet must list that pair first, under reviewed, the pairs still open under
suggested and waiting, C5's facilitators as the facilitation table gives them, and fit two pages.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from wsis_graph import paths
from wsis_graph.analysis.gdc_texts import gdc_texts
from wsis_graph.analysis.projection import ResolveError, project
from wsis_graph.analysis.roadmap import GROUPS, link_kind, roadmap
from wsis_graph.cli.main import main
from wsis_graph.matching.corpus import read_index
from wsis_graph.matching.suggest import suggest
from wsis_graph.reports.tabular import ROADMAP_SHEETS
from wsis_graph.review.decide import decide
from wsis_graph.review.model import Names
from wsis_graph.review.queue import queue
from wsis_graph.review.state import candidates, listing
from wsis_graph.store import OxigraphStore
from wsis_graph.uris import Minter
from wsis_graph.web.app import create_app

BASE = "https://w3id.org/wsis-graph/id/"
NAMES = Names(Minter(BASE))
C5 = BASE + "action-line/C5"


@pytest.fixture(scope="module")
def reviewed_store(built, tmp_path_factory):
    """The real data in Oxigraph, a queued GDC → Action Line run, one GDC → C5 pair accepted, the others open."""
    location = tmp_path_factory.mktemp("roadmap") / "db"
    store = OxigraphStore(location)
    store.replace(built.quads())
    found = suggest(read_index(store), "gdc", "action-lines", top=3)
    queue(store, found, from_kind="gdc", to_kind="action-lines", run="gdc-c5", mint=Minter(BASE))
    pairs = [c for c in listing(store, NAMES, scope="C5") if c.subject_kind == "gdc"]
    assert len(pairs) >= 2, "the matcher should suggest at least two GDC items for C5"
    accepted, still_open = pairs[-1], pairs[0]  # accept the weakest, so that the order is the group's, not the score's
    decide(store, accepted.pid, "accept", reviewer="Ana Reviewer", note="both speak of trust", mint=Minter(BASE))
    store.close()
    return f"oxigraph:{location}", accepted, still_open, pairs


@pytest.fixture(scope="module")
def sheet_data(reviewed_store):
    url, *_ = reviewed_store
    store = OxigraphStore(url.split(":", 1)[1], read_only=True)
    try:
        return roadmap(project(store), "C5", texts=gdc_texts(store), queue=list(candidates(store, NAMES).values()))
    finally:
        store.close()


def run(*args: str):
    return CliRunner().invoke(main, ["roadmap", *args])


@pytest.fixture(scope="module")
def written(reviewed_store, tmp_path_factory):
    """The sheet of C5 written by the command in each format (the format from the suffix)."""
    url, *_ = reviewed_store
    folder = tmp_path_factory.mktemp("sheets")
    out = {}
    for suffix in ("pdf", "md", "xlsx", "html"):
        target = folder / f"c5.{suffix}"
        result = run("--action-line", "C5", "--out", str(target), "--store", url)
        assert result.exit_code == 0, result.output
        out[suffix] = target
    return out


def test_facilitators_are_those_of_the_facilitation_table(sheet_data):
    table = paths.sources_dir() / "facilitation" / "facilitators.csv"
    rows = [r for r in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))) if r["action_line_id"] == "C5"]
    assert rows
    expected = {(r["entity"], r["role"].replace("-", " "), r["as_of"] or "not dated") for r in rows}
    shown = {(f.entity.code, f.role, f.period) for f in sheet_data.facilitators}
    assert shown == expected
    assert all(f.statement.source and f.statement.confidence for f in sheet_data.facilitators)


def test_the_accepted_pair_is_reviewed_first_and_the_open_ones_suggested_and_waiting(reviewed_store, sheet_data):
    _, accepted, still_open, pairs = reviewed_store
    groups = [c.group for c in sheet_data.commitments]
    assert groups == sorted(groups, key=GROUPS.index)
    first = sheet_data.commitments[0]
    assert (first.group, first.item.iri) == ("reviewed", str(accepted.subject))
    assert first.reviewer == "Ana Reviewer" and first.statements[0].confidence == "reviewed"
    suggested = {c.item.iri for c in sheet_data.group("suggested")}
    assert str(still_open.subject) in suggested and str(accepted.subject) not in suggested
    waiting = {w.pid for w in sheet_data.waiting}
    assert still_open.pid in waiting and accepted.pid not in waiting
    assert waiting == {c.pid for c in pairs if c.pid != accepted.pid}
    # no curated GDC item is linked to C5 directly in the source tables; the goal-level meetings are not carried
    assert sheet_data.group("curated") == []
    assert sheet_data.meetings and all(m.at in ("SDG goal", "SDG target", "entity") for m in sheet_data.meetings)
    assert not {m.commitment.iri for m in sheet_data.meetings} & {c.item.iri for c in sheet_data.commitments}


def test_targets_rights_and_gaps_come_from_the_graph_and_the_findings(reviewed_store, sheet_data):
    url, *_ = reviewed_store
    store = OxigraphStore(url.split(":", 1)[1], read_only=True)
    try:
        G = project(store)
    finally:
        store.close()
    served = {G.nodes[v]["code"] for _, v, d in G.out_edges(C5, data=True) if d.get("relation") == "contributesTo"}
    assert {t.item.code for t in sheet_data.targets} == served
    assert all(t.confidence and t.statements[0].source for t in sheet_data.targets)
    assert sheet_data.provisions and all(p.routes and p.confidence for p in sheet_data.provisions)
    kinds = {g.kind for g in sheet_data.gaps}
    assert "single-facilitator" in kinds  # ITU alone facilitates C5
    assert all("C5" in g.text or "ITU" in g.text for g in sheet_data.gaps)
    assert link_kind({"confidence": "single-source", "graph": BASE + "graph/wsis-sdg-matrix"}) == "curated"
    with pytest.raises(ResolveError, match="C11"):
        roadmap(G, "C99")


def test_the_pdf_fits_two_pages(written):
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(written["pdf"]))
    try:
        assert 1 <= len(document) <= 2
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert "Roadmap sheet: C5" in text and "Ana Reviewer" in text


def test_markdown_html_and_workbook(written, reviewed_store):
    _, accepted, still_open, _ = reviewed_store
    md = written["md"].read_text(encoding="utf-8")
    for heading in ("# Roadmap sheet: C5", "## 1. Facilitators and their roles", "## 2. GDC commitments it carries",
                    "### Reviewed (1)", "### Suggested", "## 3. SDG targets it serves", "## 4. Human-rights provisions it touches",
                    "## 5. Open gaps", "## 6. Waiting for review"):
        assert heading in md
    assert md.index(accepted.subject_code) < md.index("### Curated") < md.index(still_open.subject_code, md.index("### Suggested"))
    assert "<h2>1. Facilitators and their roles</h2>" in written["html"].read_text(encoding="utf-8")
    book = load_workbook(written["xlsx"], read_only=True)
    assert book.sheetnames == list(ROADMAP_SHEETS)
    rows = list(book["GDC commitments"].iter_rows(values_only=True))
    assert rows[1][0] == "reviewed" and rows[1][1] == accepted.subject_code
    assert {r[12] for r in rows[1:] if r[0] == "suggested"} >= {still_open.pid}
    assert len(list(book["Waiting"].iter_rows(values_only=True))) - 1 >= 1


def test_the_command_refuses_an_unknown_action_line_and_an_unknown_suffix(reviewed_store, tmp_path):
    url, *_ = reviewed_store
    result = run("--action-line", "C99", "--out", str(tmp_path / "x.pdf"), "--store", url)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "C99" in result.output and "C5, C6" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = run("--action-line", "C5", "--out", str(tmp_path / "x.txt"), "--store", url)
    assert result.exit_code == 2 and "--format" in result.output


def test_the_web_page_its_json_downloads_and_errors(reviewed_store):
    url, accepted, still_open, _ = reviewed_store
    store = OxigraphStore(url.split(":", 1)[1], read_only=True)
    try:
        client = create_app(store=store).test_client()
        page = client.get("/roadmap/C5", headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.mimetype == "text/html"
        body = page.get_data(as_text=True)
        assert f'data-commitment="{accepted.subject_code}"' in body and f'data-candidate="{still_open.pid}"' in body
        data = client.get("/roadmap/C5", headers={"Accept": "application/json"}).get_json()
        assert data["format"] == "wsis-graph-roadmap/1" and data["roadmap"]["action_line"]["code"] == "C5"
        assert data["roadmap"]["commitments"][0]["group"] == "reviewed"
        missing = client.get("/roadmap/C99", headers={"Accept": "application/json"})
        assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
        assert client.get("/roadmap/C99", headers={"Accept": "text/html"}).status_code == 404
        for fmt, media in (("pdf", "application/pdf"), ("md", "text/markdown"), ("xlsx", "application/vnd.openxmlformats")):
            download = client.get(f"/roadmap/C5?format={fmt}")
            assert download.status_code == 200 and download.mimetype.startswith(media)
            assert f"roadmap-C5.{fmt}" in download.headers["Content-Disposition"]
        assert client.get("/roadmap/C5?format=doc").status_code == 400
        index = client.get("/roadmap", headers={"Accept": "application/json"}).get_json()
        assert "C5" in {line["code"] for line in index["action_lines"]}
        assert "/roadmap/C5" in client.get("/browse/action-lines", headers={"Accept": "text/html"}).get_data(as_text=True)
    finally:
        store.close()
