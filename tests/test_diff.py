"""`wsis-graph diff`: what a proposal set changes in the findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wsis_graph.analysis.findings import AnalysisResult, Figure, Finding, Item
from wsis_graph.cli import main
from wsis_graph.proposals.compare import compare

EXAMPLE = Path(__file__).parent.parent / "data" / "examples" / "proposals-example.csv"


def commitment(code: str) -> Item:
    return Item(f"https://w3id.org/wsis-graph/id/gdc/{code}", "GDCCommitment", code)


def result(orphans: list[str], homes: int) -> AnalysisResult:
    return AnalysisResult(
        "gdc-wsis",
        "GDC to WSIS",
        findings=[Finding("orphan-commitment", f"{c} has no home", items=(commitment(c),)) for c in orphans],
        figures=[Figure("homed", "commitments with a home", homes)],
    )


def test_compare_names_closed_and_opened_findings_and_moved_figures():
    [change] = compare([result(["GDC-11(d)", "GDC-17(a)"], 20)], [result(["GDC-17(a)", "GDC-40(b)"], 21)])
    assert [f.items[0].code for f in change.closed] == ["GDC-11(d)"]
    assert [f.items[0].code for f in change.opened] == ["GDC-40(b)"]
    assert change.figures == [("homed", "commitments with a home", 20, 21)]


def test_compare_of_equal_results_changes_nothing():
    [change] = compare([result(["GDC-17(a)"], 20)], [result(["GDC-17(a)"], 20)])
    assert not change.changed


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_unknown_set_is_an_error(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    assert invoke("build", "--store", url, "-q").exit_code == 0
    result = invoke("diff", "nothing-here", "--store", url)
    assert result.exit_code == 1
    assert "no proposal set named 'nothing-here'" in result.output


def test_the_example_set_closes_the_gaps_its_rows_fill(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    assert invoke("build", "--store", url, "-q").exit_code == 0
    proposed = invoke("propose", str(EXAMPLE), "--store", url, "--name", "example")
    assert proposed.exit_code == 0, proposed.output

    # Independently, in SPARQL: before the set, no Action Line serves 4.a and GDC-11(d) links to nothing.
    from wsis_graph.namespaces import sparql_prologue
    from wsis_graph.store import open_store

    store = open_store(url)
    try:
        curated = [g for g in store.graphs() if "proposals-" not in str(g)]
        served = store.query(
            sparql_prologue() + "ASK { ?al a wsis:ActionLine ; wsis:contributesTo <http://metadata.un.org/sdg/4.a> }",
            default_graphs=curated,
        ).boolean
        linked = store.query(
            sparql_prologue() + "ASK { ?k skos:notation 'GDC-11(d)' ; wsis:linkedTo ?x }", default_graphs=curated
        ).boolean
    finally:
        store.close()
    assert not served and not linked

    result = invoke("diff", "example", "--store", url, "--format", "json")
    assert result.exit_code == 0, result.output
    changes = {c["analysis"]: c for c in json.loads(result.output)["analyses"]}
    closed = {(f["kind"], f["items"][0].split()[0]) for c in changes.values() for f in c["closed"]}
    opened = {(f["kind"], f["items"][0].split()[0]) for c in changes.values() for f in c["opened"]}
    assert ("unserved-target", "4.a") in closed
    assert ("orphan-commitment", "GDC-11(d)") in closed
    assert ("commitment-home", "GDC-11(d)") in opened
    moved = {f["name"]: (f["without"], f["with"]) for f in changes["gdc-wsis"]["figures"]}
    without, with_ = moved["orphan-commitments"]
    assert with_ == without - 1
