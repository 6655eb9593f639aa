"""The written summary, the data limitations and --brief, on the real data and on a store missing frameworks.

The figures are compared with the analyses' own output (the JSON of the same report), never typed in.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from click.testing import CliRunner

from wsis_graph.analysis.options import Scope
from wsis_graph.cli import main
from wsis_graph.reports.html import render_html
from wsis_graph.reports.limitations import limitations
from wsis_graph.reports.model import build_report
from wsis_graph.reports.summary import key_messages


@pytest.fixture(scope="module")
def store_url(built, tmp_path_factory):
    from wsis_graph.store import OxigraphStore

    path = tmp_path_factory.mktemp("summary") / "store"
    store = OxigraphStore(path)
    store.replace(built.quads())
    store.close()
    return f"oxigraph:{path}"


@pytest.fixture(scope="module")
def full(store_url):
    from wsis_graph.store import open_store

    with open_store(store_url, read_only=True) as store:
        from wsis_graph.texts.coverage import gdc_coverage

        return build_report(store, with_charts=False, gdc_coverage=gdc_coverage(store))


def _figure(report, analysis, name):
    result = next(r for r in report.results if r.analysis == analysis)
    return next(f.value for f in result.figures if f.name == name)


def test_summary_sentences_carry_the_analyses_figures(full):
    messages = {m.key: m for m in key_messages(full)}
    assert list(messages) == ["gdc", "facilitation", "sdg", "rights"]  # order of weight
    orphans, commitments = _figure(full, "gdc-wsis", "orphan-commitments"), _figure(full, "gdc-wsis", "commitments")
    assert messages["gdc"].figure == str(orphans)
    assert f"{orphans} of the {commitments} GDC commitments" in messages["gdc"].text
    single = _figure(full, "facilitation", "single-facilitator")
    assert messages["facilitation"].figure == str(single)
    unserved, targets = _figure(full, "sdg-coverage", "targets-unserved"), _figure(full, "sdg-coverage", "targets")
    assert f"{unserved} of the {targets} SDG targets" in messages["sdg"].text
    untouched = _figure(full, "rights", "untouched-provisions")
    assert messages["rights"].figure == str(untouched)
    for m in messages.values():
        assert m.anchor in {s.anchor for s in full.sections}
        assert m.recommendation


def test_recommendations_name_what_the_findings_name(full):
    messages = {m.key: m for m in key_messages(full)}
    result = next(r for r in full.results if r.analysis == "facilitation")
    lines = {f.items[0].code for f in result.of_kind("single-facilitator")}
    named = set(re.findall(r"\bC\d+(?:\.e-[a-z]+)?\b", messages["facilitation"].recommendation.split(";")[0]))
    assert named and named <= lines  # a co-facilitator is asked only for Action Lines that have one facilitator
    gdc = next(r for r in full.results if r.analysis == "gdc-wsis")
    codes = {f.items[0].code for f in gdc.findings}
    assert set(re.findall(r"GDC-\d+\([a-z]\)", messages["gdc"].recommendation)) <= codes


def test_limitations_list_each_item(full):
    found = {l.key: l for l in limitations(full)}
    assert set(found) >= {"frameworks", "confidence", "single-source", "stale-roles", "left-out", "review"}
    counts = dict(next(r for r in full.results if r.analysis == "evidence").table("links-by-confidence").rows)
    assert f"{counts['single-source']} links" in found["single-source"].text
    assert f"{len(full.facts.stale_roles)} of the {full.facts.current_roles}" in found["stale-roles"].text
    assert "not imported" in dict(found["frameworks"].rows).values()
    html = render_html(full)
    assert 'id="limitations"' in html and "Rests on single-source links." in html


def test_the_markdown_report_carries_the_summary_the_limitations_and_the_notes(full):
    from wsis_graph.reports.markdown import render_markdown

    text = render_markdown(full)
    summary, limits = text.index("## Executive summary"), text.index("## Data limitations")
    assert summary < limits < text.index("\n## 1. ")
    for i, m in enumerate(key_messages(full), 1):
        assert f"### {i}. {m.headline}" in text[summary:limits] and m.recommendation in text[summary:limits]
    for item in limitations(full):
        assert f"### {item.title}" in text[limits:]
    assert "_(Rests on single-source links." in text  # a finding the single-source limitation touches
    from wsis_graph.reports.tabular import render_json

    data = json.loads(render_json(full))
    assert [m["headline"] for m in data["messages"]] == [m.headline for m in key_messages(full)]
    assert {item["key"] for item in data["limitations"]} == {item.key for item in limitations(full)}


def test_scoped_summary_talks_about_its_scope(store_url):
    from wsis_graph.store import open_store

    with open_store(store_url, read_only=True) as store:
        c5 = build_report(store, scope=Scope("action-line", "C5"), with_charts=False)
        o3 = build_report(store, scope=Scope("gdc", "GDC-O3"), with_charts=False)
    assert "Action Line C5" in c5.summary_lead
    messages = {m.key: m for m in key_messages(c5)}
    homes = next(r for r in c5.results if r.analysis == "gdc-wsis").of_kind("commitment-home")
    assert messages["gdc"].figure == str(len(homes)) and "Action Line C5" in messages["gdc"].text
    gdc = next(r for r in o3.results if r.analysis == "gdc-wsis")
    orphans = gdc.of_kind("orphan-commitment")
    total = len({f.items[0].iri for f in orphans + gdc.of_kind("commitment-home")})
    text = {m.key: m for m in key_messages(o3)}["gdc"].text
    assert f"{len(orphans)} of the {total} GDC commitments concerning GDC objective GDC-O3" in text


def test_missing_graphs_are_limitations_not_failures(built, tmp_path):
    """A store with the WSIS and SDG graphs only: no GDC, no facilitation, no rights."""
    from wsis_graph.store import OxigraphStore

    keep = ("/graph/wsis", "/graph/sdg", "/graph/wsis-sdg-matrix", "/graph/description")
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace(q for q in built.quads() if q[3] is not None and str(q[3]).endswith(keep))
    store.close()
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--store", f"oxigraph:{path}", "-q"])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    limits = html[html.index('id="limitations"'):]
    assert "The graph holds no GDC commitments, human-rights provisions and facilitation roles" in limits
    assert "The GDC is not in the graph" in html and "The facilitation table is not in the graph" in html


def test_brief_refuses_json_and_csv(store_url, tmp_path):
    for fmt in ("json", "csv"):
        out = tmp_path / f"b.{fmt}"
        result = CliRunner().invoke(main, ["report", "--brief", "--format", fmt, "--out", str(out), "--store", store_url])
        assert result.exit_code == 2 and "--brief" in result.output
        assert not out.exists()


def test_brief_pdf_has_at_most_12_pages_and_the_full_report_more(store_url, tmp_path):
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(main, ["report", "--brief", "--out", str(out), "--store", store_url, "-q"])
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 12
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Data limitations" in text and "Recommendation." in text
