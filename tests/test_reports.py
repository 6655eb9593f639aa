"""Reports: every format renders the same findings, names where each figure comes from, and stands alone.

The unit tests render hand-made analysis results (so they do not depend on the analyses); the
tests on the real data build the store once, run ``wsis-graph report`` in every format and check
what a reader would: the files exist and parse, the PDF has pages, a scoped report of C5 names
C5's facilitators (checked against an independent SPARQL query).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib

import pytest
from click.testing import CliRunner

from wsis_graph.analysis.findings import AnalysisResult, Evidence, Figure, Finding, Item, Table
from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.cli import main
from wsis_graph.reports import render, write
from wsis_graph.reports.html import render_html
from wsis_graph.reports.markdown import render_markdown
from wsis_graph.reports.model import FINDINGS_SHOWN, assemble
from wsis_graph.reports.tabular import FINDING_COLUMNS, render_findings_csv, render_json, results_from_json

ID = "https://w3id.org/wsis-graph/id/"
G = ID + "graph/"


def _al(code: str) -> Item:
    return Item(f"{ID}action-line/{code}", "ActionLine", code, f"Action Line {code}")


def sample_results() -> list[AnalysisResult]:
    """Small results shaped like the registry's, one per charted table and then some."""
    coverage = AnalysisResult(
        "sdg-coverage", "SDG coverage", "Targets and goals no Action Line serves.",
        graphs=[G + "wsis", G + "sdg", G + "wsis-sdg-matrix"], confidence=[],
        findings=[
            Finding("unserved-target", "SDG target 14.4 is served by no Action Line",
                    items=(Item("http://metadata.un.org/sdg/14.4", "SDGTarget", "14.4", "Regulate harvesting"),)),
            Finding("unserved-goal", "SDG 14 has no Action Line", items=(Item("http://metadata.un.org/sdg/14", "SDGGoal", "14", "Life below water"),), figure=0, unit="targets"),
        ] + [Finding("ict-target", f"ICT target {i}.c", items=(Item(f"http://metadata.un.org/sdg/{i}.c", "SDGTarget", f"{i}.c"),)) for i in range(1, FINDINGS_SHOWN + 4)],
        tables=[
            Table("goal-coverage", "Targets served per goal", ["goal", "label", "targets", "served", "share"],
                  [["4", "Quality education", 10, 6, 0.6], ["9", "Industry, innovation and infrastructure", 8, 8, 1.0], ["14", "Life below water", 10, 0, 0.0]]),
            Table("action-line-goal-matrix", "Links per Action Line and goal", ["action_line", "goal", "links"],
                  [["C2", "9", 4], ["C5", "16", 2], ["C7.e-health", "3", 1], ["C10", "4", 3]]),
        ],
        figures=[Figure("targets-unserved", "SDG targets no Action Line serves", 1, "targets")],
        queries=["sdg-targets-unserved"],
    )
    gdc = AnalysisResult(
        "gdc-wsis", "GDC → WSIS", graphs=[G + "gdc", G + "gdc-wsis-links", G + "facilitation"], confidence=["verified", "single-source"],
        findings=[Finding("orphan-commitment", "GDC-29(b) reaches no Action Line",
                          items=(Item(ID + "gdc/29b", "GDCCommitment", "GDC-29(b)"),), confidence="inferred",
                          evidence=(Evidence(ID + "gdc/29b", "linkedTo", ID + "action-line/C5", G + "gdc-wsis-links",
                                             "https://example.org/source.pdf", "para 29", "expert", "inferred"),))],
        tables=[Table("objective-flow", "Objective flow", ["objective", "action_line", "entity", "commitments"],
                      [["GDC-O1", "C2", "ITU", 5], ["GDC-O1", "C5", "ITU", 2], ["GDC-O3", "C5", None, 1], ["GDC-O3", "C10", "UNESCO", 3]])],
        figures=[Figure("orphans", "GDC commitments with no home", 1)],
    )
    facilitation = AnalysisResult(
        "facilitation", "Facilitation", graphs=[G + "facilitation"],
        findings=[Finding("single-facilitator", "C5 has one facilitator: ITU", items=(_al("C5"),), figure=1)],
        tables=[Table("entity-load", "Load", ["entity", "label", "action_lines", "lead", "co_facilitator", "partner"],
                      [["ITU", "International Telecommunication Union", 5, 3, 1, 1], ["UNESCO", "UNESCO", 6, 4, 0, 2]])],
    )
    rights = AnalysisResult(
        "rights", "Rights grounding", graphs=[G + "human-rights", G + "rights-links"],
        findings=[Finding("ungrounded-action-line", "C6 has no rights provision", items=(_al("C6"),))],
        tables=[Table("rights-matrix", "Rights × subjects", ["provision", "subject", "subject_type", "links"],
                      [["ICCPR-17", "C5", "ActionLine", 2], ["ICCPR-19", "C9", "ActionLine", 1], ["ICCPR-19", "GDC-29(b)", "GDCCommitment", 1], ["CRPD-9", None, None, 0]])],
    )
    structure = AnalysisResult(
        "structure", "Structure", graphs=[G + "wsis"],
        tables=[Table("centrality", "Centrality", ["action_line", "degree", "betweenness"], [["C1", 12, 0.25], ["C5", 7, 0.125]])],
    )
    return [coverage, gdc, facilitation, rights, structure]


@pytest.fixture(scope="module")
def report():
    return assemble(sample_results(), store="memory:", data_version="0.1.0+test", date="2026-01-02")


@pytest.fixture(scope="module")
def html(report):
    return render_html(report)


def test_html_renders_every_section_and_finding_kind(report, html):
    for result in report.results:
        assert f'id="analysis-{result.analysis}"' in html
        assert result.title.replace(">", "&gt;") in html
        for finding in result.findings[:FINDINGS_SHOWN]:
            assert finding.kind in html
    assert "C5 has one facilitator: ITU" in html
    assert "Showing 25 of 28" in html  # the long kind says how many it leaves to JSON/CSV
    assert "0.1.0+test" in html and "2026-01-02" in html


def test_every_chart_is_drawn_and_its_caption_names_analysis_table_and_graphs(report, html):
    charts = {c.name: (s.result, c) for s in report.sections for c in s.charts}
    assert set(charts) == {"goal-coverage", "action-line-goal-matrix", "objective-flow", "entity-load", "rights-matrix"}
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
    assert len(captions) == 5
    for caption in captions:
        table = re.search(r"table <code>([a-z-]+)</code>", caption).group(1)
        result, chart = charts[table]
        assert f"analysis <code>{result.analysis}</code>" in caption
        for graph in result.graphs:
            assert graph.rsplit("/", 1)[-1] in caption
        assert ("confidence marks admitted: " + (", ".join(result.confidence) or "all")) in caption
        assert chart.svg.startswith("<?xml") and "<svg" in chart.svg


def test_charts_are_deterministic():
    first = assemble(sample_results(), date="2026-01-02")
    second = assemble(sample_results(), date="2026-01-02")
    assert [c.svg for s in first.sections for c in s.charts] == [c.svg for s in second.sections for c in s.charts]
    assert all("<dc:date>" not in c.svg for s in first.sections for c in s.charts)


def test_a_chart_with_an_empty_table_says_so():
    results = sample_results()
    results[1].tables[0].rows = []  # objective-flow, e.g. under --confidence verified
    html = render_html(assemble(results))
    assert "<strong>GDC objective → Action Line → facilitating entity:</strong> nothing to draw" in html
    assert html.count('src="data:image/svg+xml;base64,') == 4


def test_html_makes_no_external_request(html):
    # Anything a browser loads by itself: src, <link href>, CSS url(), @import.
    assert not re.search(r"""\bsrc\s*=\s*["'](?!data:)""", html)
    assert not re.search(r"<link\b", html)
    assert not re.search(r"url\(\s*['\"]?(?!data:)", html)
    assert "@import" not in html
    assert html.count('src="data:image/svg+xml;base64,') == 5


def test_json_round_trips(report):
    text = render_json(report)
    assert results_from_json(text) == report.results
    data = json.loads(text)
    assert data["cover"]["data_version"] == "0.1.0+test"
    assert {f["name"] for f in data["summary"]} == {"targets-unserved", "orphans"}


def test_csv_has_one_row_per_finding(report):
    rows = list(csv.DictReader(io.StringIO(render_findings_csv(report))))
    assert len(rows) == sum(len(r.findings) for r in report.results)
    assert list(rows[0]) == FINDING_COLUMNS
    orphan = next(r for r in rows if r["kind"] == "orphan-commitment")
    assert orphan["evidence_confidence"] == "inferred" and orphan["evidence_graphs"] == G + "gdc-wsis-links"
    assert orphan["confidence_admitted"] == "single-source ; verified" or orphan["confidence_admitted"] == "verified ; single-source"


def test_csv_zip_holds_findings_and_every_table(report, tmp_path):
    out = tmp_path / "report.zip"
    write(report, "csv", out)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert {"cover.json", "findings.csv", "tables/sdg-coverage--goal-coverage.csv", "tables/structure--centrality.csv"} <= names
        matrix = list(csv.reader(io.StringIO(archive.read("tables/sdg-coverage--action-line-goal-matrix.csv").decode())))
    assert matrix[0] == ["action_line", "goal", "links"] and ["C5", "16", "2"] in matrix


def test_markdown_has_every_section_and_the_chart_data(report):
    text = render_markdown(report)
    for number, result in enumerate(report.results, 1):
        assert f"## {number}. {result.title}" in text
    assert "_Chart data: Action Line × SDG goal: links._" in text
    assert re.search(r"^### Figure 2\. SDG \d+ draws the most links", text, re.M)
    assert "| C7.e-health | 3 | 1 |" in text
    assert "analysis `gdc-wsis`" in text


def pdf_pages(data: bytes) -> int:
    """The page count of a PDF: /Count of its page tree, which may sit in a compressed object stream."""
    texts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            texts.append(zlib.decompressobj().decompress(stream))
        except zlib.error:  # not a deflated stream (an image, a font)
            pass
    counts = [int(c) for t in texts for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", t) for c in c if c]
    return max(counts, default=0)


def test_pdf_from_the_same_html(report):
    data = render(report, "pdf")
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) >= 5  # cover and summary, then each analysis starts a page


def test_write_is_atomic_and_leaves_nothing_on_failure(report, tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    out.write_text("previous")

    def broken(_report):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("wsis_graph.reports.html.render_html", broken)
    with pytest.raises(RuntimeError):
        write(report, "html", out)
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_scoped_cover_names_the_scope():
    scoped = assemble(sample_results()[:1], scope=Scope("action-line", "C5"), options=ProjectionOptions(confidence=frozenset({"verified"})))
    html = render_html(scoped)
    assert "<dt>Scope</dt><dd>Action Line C5</dd>" in html
    assert "roadmap" in html


def test_cli_refuses_bad_options(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", "--out", str(tmp_path / "x.txt"), "--store", "memory:"])
    assert result.exit_code == 2 and "cannot tell the format" in result.output
    result = runner.invoke(main, ["report", "--out", str(tmp_path / "x.html"), "--confidence", "sure", "--store", "memory:"])
    assert result.exit_code == 2 and "unknown confidence mark 'sure'" in result.output
    result = runner.invoke(main, ["report", "--out", str(tmp_path / "x.html"), "--action-line", "C5", "--entity", "ITU"])
    assert result.exit_code == 2 and "at most one" in result.output
    result = runner.invoke(main, ["report", "--out", str(tmp_path / "x.html"), "--store", "memory:"])
    assert result.exit_code == 1 and "is empty" in result.output
    assert not (tmp_path / "x.html").exists()


# -- On the real data ----------------------------------------------------------------------------

PREFIXES = """PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
"""


@pytest.fixture(scope="module")
def real_store(built, tmp_path_factory):
    """The real dataset in an embedded store, closed again so that the command can open it."""
    from wsis_graph.store import OxigraphStore

    path = tmp_path_factory.mktemp("reports") / "store"
    store = OxigraphStore(path)
    store.replace(built.quads())
    store.close()
    return f"oxigraph:{path}"


@pytest.fixture(scope="module")
def real_reports(real_store, tmp_path_factory):
    """``wsis-graph report`` in every format on the real data, and the scoped sheet of C5."""
    out = tmp_path_factory.mktemp("out")
    runner = CliRunner()
    files = {}
    for fmt, name in [("html", "report.html"), ("pdf", "report.pdf"), ("md", "report.md"), ("json", "report.json"),
                      ("csv", "report.csv"), ("csv", "tables.zip"), ("html", "c5.html")]:
        args = ["report", "--format", fmt, "--out", str(out / name), "--store", real_store]
        if name.startswith("c5"):
            args += ["--action-line", "C5"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        files[name] = out / name
    files["store"] = real_store
    return files


def _query(url: str, sparql: str) -> list[dict]:
    from wsis_graph.store import open_store

    with open_store(url, read_only=True) as store:
        return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in store.query(PREFIXES + sparql).dicts()]


def test_real_every_format_is_written_and_reads_back(real_reports):
    results = results_from_json(real_reports["report.json"].read_text())
    names = [r.analysis for r in results]
    assert {"sdg-coverage", "gdc-wsis", "facilitation", "rights", "structure", "evidence"} <= set(names)
    html = real_reports["report.html"].read_text()
    md = real_reports["report.md"].read_text()
    for result in results:
        assert f'id="analysis-{result.analysis}"' in html
        assert f"## {names.index(result.analysis) + 1}. {result.title}" in md
    assert html.count('src="data:image/svg+xml;base64,') == 5  # the five charts, embedded
    assert not re.search(r"""\bsrc\s*=\s*["'](?!data:)""", html) and "<link" not in html
    rows = list(csv.DictReader(io.StringIO(real_reports["report.csv"].read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(r.findings) for r in results)
    assert {r["analysis"] for r in rows} == {r.analysis for r in results if r.findings}
    with zipfile.ZipFile(real_reports["tables.zip"]) as archive:
        assert "tables/sdg-coverage--action-line-goal-matrix.csv" in archive.namelist()


def test_real_pdf_has_pages(real_reports):
    data = real_reports["report.pdf"].read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_pages(data) >= 10


def test_real_cover_and_figures_match_the_store(real_reports, real_store):
    data = json.loads(real_reports["report.json"].read_text())
    version = _query(real_store, "SELECT ?v WHERE { GRAPH ?g { ?d a <http://rdfs.org/ns/void#Dataset> ; dcat:version ?v } }")
    assert data["cover"]["data_version"] == version[0]["v"]
    html = real_reports["report.html"].read_text()
    assert version[0]["v"] in html
    targets = int(_query(real_store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a wsis:SDGTarget }")[0]["n"])
    figures = {(f["analysis"], f["name"]): f for f in data["summary"]}
    assert figures[("sdg-coverage", "targets")]["value"] == targets
    assert f'<div class="value">{targets}</div>' in html  # the HTML shows the figure the analysis computed


def test_real_scoped_c5_names_its_facilitators(real_reports, real_store):
    facilitators = _query(real_store, """
        SELECT DISTINCT ?acronym WHERE {
          ?f a wsis:Facilitation ; wsis:actionLine ?line ; wsis:facilitator ?e .
          ?line skos:notation "C5" . ?e skos:notation ?acronym }""")
    assert facilitators
    html = real_reports["c5.html"].read_text()
    assert "Alignment gap report: Action Line C5" in html
    for row in facilitators:
        assert re.search(rf"<td>{re.escape(row['acronym'])}</td>", html), row["acronym"]
    assert "action-line-facilitators" in html  # the profile names the query it comes from


def test_real_unknown_scope_is_a_usage_error_and_writes_nothing(real_store, tmp_path):
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--store", real_store, "--action-line", "C99"])
    assert result.exit_code == 2
    assert "--action-line" in result.output and "'C99' names nothing" in result.output
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--store", real_store, "--action-line", "ITU"])
    assert result.exit_code == 2 and "not what --action-line asks for" in result.output
    assert list(tmp_path.iterdir()) == []


# -- How the real report looks (issue 14: charts that say what they show, one look per format) -----


def test_real_flow_counts_every_commitment_once(real_reports):
    from wsis_graph.analysis.findings import Table

    data = json.loads(real_reports["report.json"].read_text())
    gdc = next(r for r in data["results"] if r["analysis"] == "gdc-wsis")
    figures = {f["name"]: f["value"] for f in gdc["figures"]}
    flow = next(t for t in gdc["tables"] if t["name"] == "objective-flow")
    rows = [dict(zip(flow["columns"], r)) for r in flow["rows"]]
    assert sum(r["commitments"] for r in rows) == pytest.approx(figures["commitments"])
    assert sum(r["commitments"] for r in rows if r["action_line"] is None) == pytest.approx(figures["orphan-commitments"])
    objectives = _query(real_reports["store"], "SELECT DISTINCT ?code WHERE { ?o a wsis:GDCObjective ; skos:notation ?code }")
    assert {o["code"] for o in objectives} <= {r["objective"] for r in rows}
    from wsis_graph.reports.charts import headline

    title = headline(Table(flow["name"], flow["title"], flow["columns"], flow["rows"]))
    assert title.startswith(f"{figures['orphan-commitments']} of {figures['commitments']} GDC commitments reach no")
    assert title in real_reports["report.html"].read_text()


def test_real_html_contents_and_anchors(real_reports):
    from report_looks import html_ids_and_links

    ids, links, rows = html_ids_and_links(real_reports["report.html"].read_text())
    assert len(ids) == len(set(ids))
    assert set(links) <= set(ids) and "figure-5" in links
    assert rows and all(rows)
    numbers = re.findall(r"<strong>Figure (\d+)\.", real_reports["report.html"].read_text())
    assert numbers == [str(n) for n in range(1, 6)]


def test_real_markdown_tables_are_well_formed(real_reports):
    from report_looks import markdown_tables

    tables = markdown_tables(real_reports["report.md"].read_text())
    assert len(tables) > 10
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table), table[0]
    assert re.findall(r"^### Figure (\d+)\.", real_reports["report.md"].read_text(), re.M) == [str(n) for n in range(1, 6)]


def test_real_pdf_tables_break_no_word(real_reports):
    """pdftotext -layout the full PDF: no code, column name or relation shows broken over two lines of a cell."""
    import shutil
    import subprocess

    from wsis_graph.reports.html import header

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing: scripts/install-test-deps.sh installs it")
    from report_looks import split_words

    data = json.loads(real_reports["report.json"].read_text())
    words: set[str] = {"Finding", "Figure", "Evidence", "Confidence", "commitment", "leadFacilitator", "coFacilitator", "partner"}
    for result in data["results"]:
        for table in result["tables"]:
            words.update(w for c in table["columns"] for w in header(c).split())
            words.update(v for row in table["rows"] for v in row if isinstance(v, str) and " " not in v and len(v) >= 4)
        for finding in result["findings"]:
            words.add(finding["kind"])
            words.update(e["relation"] for e in finding.get("evidence", []))
            words.update(i["code"] for i in finding.get("items", []) if i.get("code") and " " not in i["code"])
    words = {w for w in words if len(w) >= 4 and not w.startswith("http")}
    text = subprocess.run(["pdftotext", "-layout", str(real_reports["report.pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert "leadFacilitator" in text
    assert split_words(text, words) == []
    pages = subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "2", str(real_reports["report.pdf"]),
                            str(real_reports["report.pdf"].with_name("page"))], capture_output=True, check=True)
    assert pages.returncode == 0 and len(list(real_reports["report.pdf"].parent.glob("page-*.png"))) == 2
