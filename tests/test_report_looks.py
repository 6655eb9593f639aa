"""How the reports look: charts that say what they show, global figure numbers, anchors, Markdown tables.

Unit checks on hand-made results (the real data's checks, PDF included, are in test_reports.py,
which renders every format once).
"""

from __future__ import annotations

import re

import pytest

from report_looks import html_ids_and_links, markdown_tables
from test_reports import sample_results
from wsis_graph.analysis.findings import Finding, Item, Table
from wsis_graph.analysis.gdc_flow import commitment_flow
from wsis_graph.reports.charts import headline
from wsis_graph.reports.html import render_html
from wsis_graph.reports.markdown import render_markdown
from wsis_graph.reports.model import assemble


@pytest.fixture(scope="module")
def report():
    results = sample_results()
    gdc = results[1]
    # The flow as the analysis now writes it: shares of commitments, and orphans with no Action Line.
    gdc.tables[0].rows = [[o, a, e, w] for o, a, e, w in commitment_flow(
        {"k1": ("GDC-O1", {"C2": {"ITU"}, "C5": {"ITU", "UNDP"}}), "k2": ("GDC-O1", {}), "k3": ("GDC-O3", {"C10": {None}}),
         "k4": ("GDC-O3", {})}, ["GDC-O1", "GDC-O2", "GDC-O3"])]
    gdc.findings.append(Finding("orphan-commitment", "text with | a pipe\nand a new line", items=(Item("x", "GDCCommitment", "K|1"),)))
    return assemble(results, store="memory:", data_version="0.1.0+test", date="2026-01-02")


@pytest.fixture(scope="module")
def html(report):
    return render_html(report)


def test_flow_counts_commitments_every_objective_and_no_home():
    homes = {"k1": ("O1", {"C1": {"ITU"}, "C2": {"ITU", "UNDP"}, "C3": {None}}), "k2": ("O1", {}),
             "k3": ("O2", {"C1": {"ITU"}}), "k4": ("O2", {}), "k5": ("O2", {})}
    rows = commitment_flow(homes, ["O1", "O2", "O3"])
    assert sum(w for *_, w in rows) == pytest.approx(len(homes))  # each commitment counted once, whatever its Action Lines
    by_objective = {o: sum(w for oo, _, _, w in rows if oo == o) for o in ("O1", "O2", "O3")}
    assert by_objective == pytest.approx({"O1": 2, "O2": 3, "O3": 0})
    assert {o for o, *_ in rows} == {"O1", "O2", "O3"}  # O3 has no commitment, and is still a row
    no_home = {o: w for o, a, e, w in rows if a is None}
    assert no_home == {"O1": 1.0, "O2": 2.0, "O3": 0.0}
    k1 = [(a, e, w) for o, a, e, w in rows if o == "O1" and a]
    assert sorted(k1, key=str) == sorted([("C1", "ITU", 1 / 3), ("C2", "ITU", 1 / 6), ("C2", "UNDP", 1 / 6), ("C3", None, 1 / 3)], key=str)


def test_flow_headline_counts_the_commitments_without_home():
    rows = commitment_flow({"a": ("O1", {}), "b": ("O1", {"C1": {"ITU"}, "C2": {"ITU"}}), "c": ("O2", {})}, ["O1", "O2"])
    table = Table("objective-flow", "t", ["objective", "action_line", "entity", "commitments"], [list(r) for r in rows])
    assert headline(table) == "2 of 3 GDC commitments reach no WSIS Action Line (across 2 objectives)"
    table.rows = [r for r in table.rows if r[1]]
    assert headline(table) == "All 1 GDC commitment shown reach a WSIS Action Line (2 Action Lines)"
    table.rows = [r for r in table.rows if r[1] == "C1"]  # as a report scoped to C1 keeps them: half of b
    assert headline(table) == "GDC commitments weighing 0.5 (shared with other Action Lines) reach 1 Action Line shown"


def test_flow_chart_draws_every_objective_and_the_no_home_node(report):
    chart = next(c for s in report.sections for c in s.charts if c.name == "objective-flow")
    assert chart.title == "2 of 4 GDC commitments reach no WSIS Action Line (across 3 objectives)"
    # Text is drawn as paths in the SVG: record the labels the drawing writes instead.
    from wsis_graph.reports import drawing

    labels = []
    original = drawing.MplFigure.add_subplot

    def spy(self, *args, **kwargs):
        ax = original(self, *args, **kwargs)
        real_text = ax.text

        def text(x, y, s, *a, **k):
            labels.append(s)
            return real_text(x, y, s, *a, **k)

        ax.text = text
        return ax

    drawing.MplFigure.add_subplot = spy
    try:
        drawing.objective_flow(report.sections[1].result.table("objective-flow"))
    finally:
        drawing.MplFigure.add_subplot = original
    assert {"GDC-O1 (2)", "GDC-O2 (0)", "GDC-O3 (2)", "no home (2)", "no facilitator (1)"} <= set(labels)


def test_every_chart_title_states_a_finding_and_numbers_are_global(report, html):
    charts = [c for s in report.sections for c in s.charts]
    assert [c.number for c in charts] == list(range(1, len(charts) + 1))
    captions = re.findall(r"<figcaption><strong>Figure (\d+)\. ([^<]*)\.</strong>", html)
    assert [int(n) for n, _ in captions] == [c.number for c in charts]
    for (_, title), chart in zip(captions, charts):
        assert re.search(r"\d", title), title  # a finding has a figure in it, not just the chart's subject
        assert title != chart.subject
    ids = [f"figure-{c.number}" for c in charts]
    assert all(f'<figure id="{i}">' in html for i in ids)


def test_a_chart_carries_its_source_line():
    table = sample_results()[0].tables[0]
    from wsis_graph.reports.charts import draw

    assert draw(table, "Source: wsis-graph, data version 9") != draw(table, "")


def test_html_contents_links_resolve_and_every_finding_has_an_id(report, html):
    ids, links, rows = html_ids_and_links(html)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert links and set(links) <= set(ids), set(links) - set(ids)
    assert {f"figure-{n}" for n in range(1, 6)} <= set(links)
    shown = sum(len(g.shown) for s in report.sections for g in s.groups)
    assert len(rows) == shown and all(rows)
    finding = report.sections[1].groups[0].findings[0]
    assert report.anchor_of(finding) in ids


def test_markdown_tables_are_well_formed(report):
    text = render_markdown(report)
    tables = markdown_tables(text)
    assert len(tables) >= 8
    for table in tables:
        width = len(table[0])
        assert all(len(row) == width for row in table), table
    assert "- text with | a pipe and a new line" in text  # a finding with a line break stays one list item
    assert re.search(r"^### Figure 3\. 2 of 4 GDC commitments reach no WSIS Action Line", text, re.M)
