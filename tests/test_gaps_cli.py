"""`wsis-graph gaps`: findings as text and JSON, scopes, filters, exports and errors, on a built store."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from wsis_graph.cli import main
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import OxigraphStore, open_store

PROLOGUE = sparql_prologue()


@pytest.fixture(scope="module")
def store_url(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("gaps") / "db"
    store = OxigraphStore(path)
    store.replace(list(built.quads()))
    store.close()
    return f"oxigraph:{path}"


def gaps(store_url, *args):
    return CliRunner().invoke(main, ["gaps", "--store", store_url, *args])


def select(store_url, query):
    s = open_store(store_url)
    try:
        return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in s.query(PROLOGUE + query).dicts()]
    finally:
        s.close()


def test_text_output_names_every_analysis_and_its_figures(store_url):
    result = gaps(store_url)
    assert result.exit_code == 0, result.output
    for title in ("(sdg-coverage)", "(gdc-wsis)", "(facilitation)", "(rights)", "(structure)", "(evidence)", "(submissions)"):
        assert title in result.output
    assert "(practice)" not in result.output
    unserved = select(store_url, """SELECT (COUNT(?t) AS ?n) WHERE { ?t a wsis:SDGTarget
        FILTER NOT EXISTS { ?al a wsis:ActionLine ; wsis:contributesTo ?t } }""")[0]["n"]
    assert f"SDG targets no Action Line serves: {unserved}" in result.output
    assert f"-- unserved-target ({unserved})" in result.output
    assert "[verified]" in result.output and "every confidence mark" in result.output


def test_json_output_round_trips(store_url):
    from wsis_graph.analysis.findings import AnalysisResult

    result = gaps(store_url, "--format", "json", "--analysis", "facilitation", "--analysis", "rights")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["analysis"] for d in data] == ["facilitation", "rights"]
    parsed = [AnalysisResult.from_dict(d) for d in data]
    assert parsed[0].table("entity-load").columns == ["entity", "label", "action_lines", "lead", "co_facilitator", "partner"]
    assert all(e.confidence for f in parsed[0].findings for e in f.evidence)


def test_scope_to_an_action_line(store_url):
    result = gaps(store_url, "--format", "json", "--analysis", "facilitation", "--analysis", "sdg-coverage", "--action-line", "C5")
    assert result.exit_code == 0, result.output
    data = {d["analysis"]: d for d in json.loads(result.output)}
    singles = [f for f in data["facilitation"]["findings"] if f["kind"] == "single-facilitator"]
    assert [[i["code"] for i in f["items"]] for f in singles] == [["C5", "ITU"]]
    served = {r["code"] for r in select(store_url, """SELECT ?code WHERE { ?al skos:notation "C5" ; a wsis:ActionLine ;
        wsis:contributesTo ?t . ?t a wsis:SDGTarget ; skos:notation ?code }""")}
    matrix = data["sdg-coverage"]["tables"][[t["name"] for t in data["sdg-coverage"]["tables"]].index("action-line-target-matrix")]
    assert {row[1] for row in matrix["rows"]} == served and {row[0] for row in matrix["rows"]} == {"C5"}


def test_scope_to_an_entity_and_a_gdc_objective(store_url):
    result = gaps(store_url, "--analysis", "facilitation", "--entity", "UNESCO")
    assert result.exit_code == 0, result.output
    assert "Without UNESCO" in result.output and "Without ITU" not in result.output
    result = gaps(store_url, "--analysis", "gdc-wsis", "--gdc", "GDC-O3")
    assert result.exit_code == 0, result.output
    assert "Scope: GDC-O3" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--analysis", "nope"], "no analysis named nope"),
        (["--analysis", "practice"], "--include-records"),
        (["--action-line", "C99"], "C99"),
        (["--action-line", "ITU"], "not what --action-line asks for"),
        (["--action-line", "C5", "--entity", "ITU"], "one scope at most"),
        (["--confidence", "sure"], "sure"),
        (["--graphml", "/no/such/folder/g.graphml"], "does not exist"),
    ],
)
def test_bad_options_exit_2_with_a_message(store_url, args, message):
    result = gaps(store_url, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_or_empty_store_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["gaps", "--store", f"oxigraph:{tmp_path / 'missing'}"])
    assert result.exit_code == 1
    assert "no store at" in result.output and "Traceback" not in result.output
    OxigraphStore(tmp_path / "empty").close()
    result = CliRunner().invoke(main, ["gaps", "--store", f"oxigraph:{tmp_path / 'empty'}"])
    assert result.exit_code == 1
    assert "is empty" in result.output and "wsis-graph build" in result.output


def test_confidence_filter_reaches_the_figures(store_url):
    result = gaps(store_url, "--format", "json", "--analysis", "evidence", "--confidence", "verified")
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)
    assert data["confidence"] == ["verified"]
    by_mark = dict(map(tuple, data["tables"][0]["rows"]))
    verified = select(store_url, """SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE {
        { ?l a wsis:Alignment } UNION { ?l a wsis:Facilitation } ?l wsis:confidence wsis:Verified .
        { ?l wsis:alignmentSubject ?s } UNION { ?l wsis:actionLine ?s } UNION { ?l wsis:scopeDocument ?s } }""")[0]["n"]
    assert by_mark == {"verified": int(verified)}


def test_exports_write_the_projection(store_url, tmp_path):
    result = gaps(store_url, "--analysis", "evidence", "--graphml", str(tmp_path / "g.graphml"), "--gexf", str(tmp_path / "g.gexf"),
                  "--json-graph", str(tmp_path / "g.json"))
    assert result.exit_code == 0, result.output
    graphml = nx.read_graphml(tmp_path / "g.graphml")
    types = nx.get_node_attributes(graphml, "type")
    lines = select(store_url, "SELECT (COUNT(?al) AS ?n) WHERE { ?al a wsis:ActionLine }")[0]["n"]
    assert sum(1 for t in types.values() if t == "ActionLine") == int(lines)
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == graphml.number_of_nodes()
    assert len(json.loads((tmp_path / "g.json").read_text())["nodes"]) == graphml.number_of_nodes()


@pytest.fixture(scope="module")
def records_url(built, tmp_path_factory):
    """The built store with 200 generated (synthetic) practice records."""
    folder = tmp_path_factory.mktemp("gaps-records")
    store = OxigraphStore(folder / "db")
    store.replace(list(built.quads()))
    store.close()
    url = f"oxigraph:{folder / 'db'}"
    runner = CliRunner()
    out = runner.invoke(main, ["records", "generate", "--records", "200", "--seed", "7", "--out", str(folder / "synthetic.csv"), "-q"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(main, ["records", "load", str(folder / "synthetic.csv"), "--store", url, "--graph", "synthetic-gaps", "-q"])
    assert out.exit_code == 0, out.output
    return url


def test_practice_per_action_line_matches_sparql(records_url):
    result = gaps(records_url, "--format", "json", "--analysis", "practice", "--include-records")
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)
    rows = select(records_url, """SELECT ?code (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?al a wsis:ActionLine ; skos:notation ?code . OPTIONAL { ?r a wsis:PracticeRecord ; wsis:actionLine ?al } } GROUP BY ?code""")
    table = next(t for t in data["tables"] if t["name"] == "practice-by-action-line")
    assert dict(map(tuple, table["rows"])) == {r["code"]: int(r["n"]) for r in rows}
    assert sum(int(r["n"]) for r in rows) >= 200


def test_practice_runs_with_records(records_url):
    result = gaps(records_url, "--format", "json", "--analysis", "practice", "--include-records")
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)
    figures = {f["name"]: f["value"] for f in data["figures"]}
    assert figures["records"] == 200 and figures["record-graphs-synthetic"] == 1
    targets = select(records_url, """SELECT (COUNT(*) AS ?n) WHERE { ?r a wsis:PracticeRecord ; wsis:sdgTarget ?t }""")[0]["n"]
    assert int(targets) > 0


def test_records_change_only_the_practice_analysis(records_url):
    """Records are practice evidence: every other analysis finds what it finds without them."""
    plain = gaps(records_url, "--format", "json")
    with_records = gaps(records_url, "--format", "json", "--include-records")
    assert plain.exit_code == 0 and with_records.exit_code == 0

    def figures(output):
        return {r["analysis"]: {f["name"]: f["value"] for f in r["figures"]} for r in json.loads(output)}

    def kinds(output):
        return {r["analysis"]: sorted((f["kind"], f["text"]) for f in r["findings"]) for r in json.loads(output)}

    a, b = figures(plain.output), figures(with_records.output)
    assert set(b) - set(a) == {"practice"}
    assert {k: b[k] for k in a} == a
    ka, kb = kinds(plain.output), kinds(with_records.output)
    assert {k: kb[k] for k in ka} == ka


def test_named_graphs_narrow_the_analyses(store_url):
    def served(*args):
        result = gaps(store_url, "--format", "json", "--analysis", "sdg-coverage", *args)
        assert result.exit_code == 0, result.output
        (data,) = json.loads(result.output)
        return {f["name"]: f["value"] for f in data["figures"]}["targets-served"], data["graphs"]

    everything, _ = served()
    with_matrix, graphs = served("--graph", "wsis", "--graph", "wsis-sdg-matrix")
    without_matrix, _ = served("--graph", "wsis", "--graph", "sdg")
    assert with_matrix == everything == 80  # every Action Line -> target link is in the WSIS-SDG Matrix graph
    assert without_matrix == 0
    assert sorted(g.rsplit("/", 1)[-1] for g in graphs) == ["wsis", "wsis-sdg-matrix"]


def test_an_unknown_named_graph_is_refused_with_the_list(store_url):
    result = gaps(store_url, "--graph", "no-such-graph")
    assert result.exit_code == 2
    assert "no graph 'no-such-graph'" in result.output and "wsis-sdg-matrix" in result.output


def test_orphans_and_weak_only_commitments_are_counted_both_ways(store_url):
    """Nothing is reviewed in the curated data: every orphan and weak-only commitment is 'not yet reviewed'."""
    result = gaps(store_url, "--format", "json", "--analysis", "gdc-wsis")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)[0]
    figures = {f["name"]: f["value"] for f in data["figures"]}
    for kind in ("orphan-commitments", "weak-only-commitments"):
        assert figures[f"{kind}-reviewed"] + figures[f"{kind}-not-reviewed"] == figures[kind] > 0
        assert figures[f"{kind}-reviewed"] == 0
    orphans = [f for f in data["findings"] if f["kind"] == "orphan-commitment"]
    assert orphans and all(f["text"].endswith(". Not yet reviewed.") for f in orphans)
    text = gaps(store_url, "--analysis", "gdc-wsis").output
    assert f"of which not yet reviewed: {figures['orphan-commitments-not-reviewed']}" in text
    assert "of which reviewed: no Action Line carries them: 0" in text
