"""The whole build: every source in its named graph, described; deterministic; all-or-nothing."""

from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from wsis_graph import paths
from wsis_graph.build import ORDER, build_dataset
from wsis_graph.cli import main
from wsis_graph.export import nquads
from wsis_graph.namespaces import WSIS
from wsis_graph.publish import ValidationFailed, publish
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.tables import SourceError
from wsis_graph.uris import Minter

from conftest import TEST_BASE


def rows(folder: str, table: str) -> list[dict[str, str]]:
    with open(paths.sources_dir() / folder / table, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_named_graph_per_source_plus_description(built):
    keys = [b.key for b in built.graphs]
    assert keys[: len(ORDER)] == [folder for folder, _ in ORDER]
    assert "seed-submission" in keys
    assert all(len(b.graph) > 0 for b in built.graphs)


def test_every_graph_is_described(built):
    desc = built.description
    for item in built.graphs:
        gi = item.iri
        assert (built.mint.dataset(), VOID.subset, gi) in desc
        assert desc.value(gi, DCTERMS.title) is not None
        assert desc.value(gi, DCTERMS.publisher) is not None
        assert desc.value(gi, DCTERMS.license) is not None or desc.value(gi, DCTERMS.rights) is not None
        assert desc.value(gi, WSIS.sourceDocument) is not None or desc.value(gi, DCTERMS.bibliographicCitation) is not None
        assert int(desc.value(gi, VOID.triples)) == len(item.graph)


def test_description_counts_add_up(built):
    total = int(built.description.value(built.mint.dataset(), VOID.triples))
    assert total == len(built)


def test_export_holds_the_sdg_framework_in_six_languages(built):
    store = MemoryStore()
    store.replace(built.quads())
    q = """
        PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
        SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {
          VALUES ?c { wsis:SDGGoal wsis:SDGTarget wsis:SDGIndicator wsis:ActionLine }
          ?s a ?c } GROUP BY ?c"""
    counts = {str(c).rsplit("#", 1)[1]: int(n) for c, n in store.query(q).rows}
    assert counts == {"SDGGoal": 17, "SDGTarget": 169, "SDGIndicator": 231, "ActionLine": 19}
    langs = """
        PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?s (COUNT(DISTINCT LANG(?l)) AS ?n) WHERE { ?s a wsis:SDGGoal ; skos:prefLabel ?l } GROUP BY ?s"""
    assert {int(n) for _, n in store.query(langs).rows} == {6}


def test_build_is_deterministic(built):
    again = build_dataset(mint=Minter(TEST_BASE))
    first, second = MemoryStore(), MemoryStore()
    first.replace(built.quads())
    second.replace(again.quads())
    assert nquads(first) == nquads(second)


def test_no_blank_nodes(built):
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for quad in built.quads() for t in quad)


def test_confidence_marks_are_never_upgraded(built):
    """Every single-source row of the matrix stays single-source in the graph."""
    marks = {}
    for s, p, o, g in built.quads():
        if p == WSIS.confidence:
            marks.setdefault(o, 0)
            marks[o] += 1
    assert marks.get(WSIS.SingleSource, 0) > 0
    assert marks.get(WSIS.Inferred, 0) > 0


@pytest.fixture
def broken_sources(tmp_path):
    target = tmp_path / "sources"
    shutil.copytree(paths.sources_dir(), target)
    return target


def test_broken_table_stops_build_and_leaves_store_untouched(broken_sources, tmp_path):
    store = OxigraphStore(tmp_path / "db")
    publish(store, sources=paths.sources_dir(), mint=Minter(TEST_BASE))
    before = len(store)
    table = broken_sources / "wsis" / "action_lines.csv"
    text = table.read_text(encoding="utf-8").replace("\nC5,", "\nС5,", 1)  # Cyrillic ES
    table.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        publish(store, sources=broken_sources, mint=Minter(TEST_BASE))
    assert err.value.file == "wsis/action_lines.csv"
    assert err.value.column == "id"
    assert "CYRILLIC" in err.value.message
    assert len(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "sources"]


def test_invalid_data_is_refused_by_the_shapes(tmp_path, monkeypatch):
    """Data that builds but violates a shape never reaches the store."""
    import wsis_graph.publish as pub

    real = pub.build_dataset

    def corrupt(*args, **kwargs):
        result = real(*args, **kwargs)
        first = result.graphs[0].graph
        some_goal = next(first.subjects(RDF.type, WSIS.SDGGoal))
        first.add((some_goal, WSIS.confidence, URIRef("https://example.org/quite-sure")))
        return result

    monkeypatch.setattr(pub, "build_dataset", corrupt)
    store = MemoryStore()
    with pytest.raises(ValidationFailed) as err:
        publish(store, mint=Minter(TEST_BASE))
    assert "wsh:ConfidenceShape" in err.value.report.by_shape()
    assert len(store) == 0


def test_cli_build_stats_export_validate(tmp_path):
    runner = CliRunner()
    url = f"oxigraph:{tmp_path / 'db'}"
    result = runner.invoke(main, ["build", "--store", url, "--base", TEST_BASE])
    assert result.exit_code == 0, result.output
    assert "named graphs" in result.output
    stats = runner.invoke(main, ["stats", "--store", url, "--format", "json", "--base", TEST_BASE])
    assert stats.exit_code == 0
    import json

    data = json.loads(stats.output)
    assert data["classes"]["wsis:SDGTarget"] == 169
    sdg_graph = [count for name, count in data["graphs"].items() if name.endswith("graph/sdg>")]
    assert sdg_graph and sdg_graph[0] > 10_000
    out = tmp_path / "dump.nq"
    exported = runner.invoke(main, ["export", "--store", url, "--format", "nquads", "--out", str(out)])
    assert exported.exit_code == 0
    assert len(out.read_bytes().splitlines()) == data["triples"]
    for fmt, name in (("trig", "d.trig"), ("turtle", "d.ttl"), ("jsonld", "d.jsonld")):
        assert runner.invoke(main, ["export", "--store", url, "--format", fmt, "--out", str(tmp_path / name)]).exit_code == 0
    from rdflib import Dataset

    trig = Dataset()
    trig.parse(tmp_path / "d.trig", format="trig")
    assert len(list(trig.quads((None, None, None, None)))) == data["triples"]
    valid = runner.invoke(main, ["validate", "--store", url])
    assert valid.exit_code == 0, valid.output


def test_cli_build_reports_located_error(broken_sources, tmp_path):
    """A target filed under the wrong goal stops the build with file, row and column."""
    table = broken_sources / "sdg" / "targets.csv"
    with open(table, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    goal = data[0].index("goal")
    data[5][goal] = "4" if data[5][goal] != "4" else "5"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(data[0])
        csv.writer(fh, lineterminator="\n").writerows(data[1:])
    result = CliRunner().invoke(main, ["build", "--store", f"oxigraph:{tmp_path / 'db'}", "--sources", str(broken_sources)])
    assert result.exit_code == 1
    assert "sdg/targets.csv, row 6" in result.output
    assert "nothing written" in result.output
    assert not (tmp_path / "db").exists() or len(OxigraphStore(tmp_path / "db")) == 0


# -- The command line's one error style: one line `error: …` on stderr, 2 for the user's mistakes ----


@pytest.mark.parametrize(
    "args, status",
    [
        (["gaps", "--action-line", "C5", "--gdc", "GDC-O1"], 2),
        (["map", "--format", "xlsx"], 2),
        (["report", "--out", "report.txt"], 2),
        (["diff", "example", "--analysis", "nope"], 2),
        (["proposals", "withdraw", "Bad Name"], 2),
        (["query", "tasks"], 2),
        (["stats", "--base", "not an iri"], 2),
        (["stats"], 1),
        (["gaps"], 1),
    ],
)
def test_cli_errors_are_one_line(args, status):
    result = CliRunner().invoke(main, [*args, "--store", "memory:"])
    assert result.exit_code == status, result.output
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Usage:" not in result.output and "Traceback" not in result.output


def test_cli_records_generate_option_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(main, ["records", "generate", "--out", str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert result.stderr == "error: give one of --records N or --triples N\n"


@pytest.mark.parametrize("status, exit_status", [(400, 2), (404, 2), (500, 1), (503, 1)])
def test_cli_maps_a_problem_to_its_exit_status(monkeypatch, tmp_path, status, exit_status):
    """A Problem that reaches a command is mapped once: its message on one line, its exit status."""
    from wsis_graph import build
    from wsis_graph.problems import Problem

    def refuse(*args, **kwargs):
        raise Problem(status, "refused", f"refused with {status}")

    monkeypatch.setattr(build, "build_dataset", refuse)
    result = CliRunner().invoke(main, ["validate", "--sources", str(tmp_path)])
    assert result.exit_code == exit_status
    assert result.stderr == f"error: refused with {status}\n"


def test_cli_a_store_failing_mid_command_is_an_error_line(monkeypatch, tmp_path):
    from wsis_graph import build
    from wsis_graph.store import StoreError

    def fail(*args, **kwargs):
        raise StoreError("the disk went away")

    monkeypatch.setattr(build, "build_dataset", fail)
    result = CliRunner().invoke(main, ["validate", "--sources", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == "error: the store failed: the disk went away\n"
