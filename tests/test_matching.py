"""The matcher on the built curated graph: the index, explained suggestions, linked pairs, excluded
graphs, the thesaurus, the command's outputs and errors. No timings here (they go to docs/MATCHING.md)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from wsis_graph.cli import main
from wsis_graph.matching.corpus import KINDS, read_index
from wsis_graph.matching.lexical import LexicalModel
from wsis_graph.matching.suggest import suggest
from wsis_graph.matching.text import LANGUAGES, Analyzer
from wsis_graph.matching.thesaurus import load_thesaurus, read_rows, thesaurus_file
from wsis_graph.problems import Problem
from wsis_graph.store import OxigraphStore

from conftest import TEST_BASE

MATRIX = TEST_BASE + "graph/wsis-sdg-matrix"
CONTRIBUTES = "https://w3id.org/wsis-graph/ontology#contributesTo"


@pytest.fixture(scope="module")
def store_url(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("matching") / "store"
    store = OxigraphStore(folder)
    store.replace(built.quads())
    store.close()
    return f"oxigraph:{folder}"


@pytest.fixture(scope="module")
def store(store_url):
    handle = OxigraphStore(store_url[len("oxigraph:"):], read_only=True)
    yield handle
    handle.close()


@pytest.fixture(scope="module")
def index(store):
    return read_index(store)


@pytest.fixture(scope="module")
def without_matrix(store):
    return read_index(store, exclude=[MATRIX])


def run(*args: str):
    return CliRunner().invoke(main, ["suggest", *args], catch_exceptions=False)


def test_every_kind_but_imported_paragraphs_has_items_with_codes_and_texts(index):
    for kind in KINDS:
        items = index.of(kind)
        if kind == "paragraphs":
            assert items == []  # no official text is imported in the curated build
            continue
        assert items, kind
        assert all(item.code and item.texts for item in items), kind
    assert index.find("sdg-targets", "9.c").texts.keys() >= {"en", "fr", "es", "ru", "ar", "zh"}
    assert index.find("action-lines", "c7.E-HEALTH").code == "C7.e-health"
    assert index.find("gdc", "GDC-29(b)") is not None and index.find("rights", "ICCPR:17") is not None
    assert index.find("entities", "ITU") is not None


def test_curators_notes_are_not_texts(index):
    """A recommendation's note says which Action Lines were inferred; it must not feed the matcher."""
    for item in index.of("submission"):
        assert {name for texts in item.texts.values() for name, _ in texts} <= {"name", "summary"}


def test_suggestions_are_explained_by_words_present_on_both_sides(index):
    found = suggest(index, "action-lines", "sdg-targets", scope="C7.e-health", top=5, include_linked=True)
    assert [s.rank for s in found] == [1, 2, 3, 4, 5]
    assert any(s.object_code.startswith("3.") for s in found)  # health targets
    source = index.find("action-lines", "C7.e-health")
    for s in found:
        assert s.terms, s
        target = index.find("sdg-targets", s.object_code)
        for term in s.terms:
            assert term.left.lower() in " ".join(t for _, t in source.texts["en"]).lower()
            assert term.right.lower() in " ".join(t for _, t in target.texts[s.language]).lower()
        assert s.score == pytest.approx(s.lexical + s.context + s.structural)


def test_graph_paths_add_to_the_score_and_say_so(index):
    found = suggest(index, "gdc", "action-lines", scope="GDC-29(b)", top=19, min_score=0)
    with_paths = [s for s in found if s.structural > 0]
    assert with_paths
    assert all(any("—" in p for p in s.paths) for s in with_paths)
    assert all(p.startswith("GDC-29(b) ") for s in with_paths for p in s.paths if "broader" not in p.split()[1])


def test_linked_pairs_are_marked_and_left_out_by_default(index):
    default = suggest(index, "action-lines", "sdg-targets", scope="C1", top=169, min_score=0)
    assert "3.8" not in {s.object_code for s in default}  # the matrix says C1 contributes to 3.8
    everything = suggest(index, "action-lines", "sdg-targets", scope="C1", top=169, min_score=0, include_linked=True)
    marked = {s.object_code: s for s in everything if s.linked}
    assert "3.8" in marked and "contributesTo" in marked["3.8"].links
    assert not any(s.linked for s in default)


def test_an_excluded_graph_gives_no_links_no_texts_and_no_paths(index, without_matrix):
    assert any(p == CONTRIBUTES for _, p, _ in index.links)
    assert not any(p == CONTRIBUTES for _, p, _ in without_matrix.links)
    assert MATRIX in without_matrix.excluded and MATRIX not in without_matrix.graphs
    found = suggest(without_matrix, "action-lines", "sdg-targets", scope="C1", top=169, min_score=0, include_linked=True)
    assert "3.8" in {s.object_code for s in found}
    assert not any(s.linked for s in found)
    assert not any("contributesTo" in p for s in found for p in s.paths)


def test_the_thesaurus_is_read_and_every_row_has_a_source():
    rows = read_rows(thesaurus_file())
    assert len(rows) >= 10
    assert all(row.source and row.variants and row.language in LANGUAGES for row in rows)
    assert {"ict", "cybersecurity", "ai", "igf", "broadband"} <= set(load_thesaurus().terms())
    concepts = Analyzer().concepts("Programmes on information and communications technologies", "en")
    assert concepts == {"ict": "information and communications technologies"}


def test_the_lexical_model_is_reusable_on_any_list_of_codes_and_texts():
    model = LexicalModel(language="fr").fit([("4", "Assurer l’accès de tous à une éducation de qualité"),
                                             ("9.c", "Accroître l’accès aux technologies de l’information et des communications")])
    best = model.score("les technologies de l’information et des communications à l’école")[0]
    assert best.code == "9.c" and any(t.kind == "concept" for t in best.terms)


def test_bad_kinds_and_codes_are_problems(index):
    with pytest.raises(Problem) as unknown:
        suggest(index, "action-lines", "nothing")
    assert unknown.value.exit_status == 2
    with pytest.raises(Problem, match="no action-lines item"):
        suggest(index, "action-lines", "sdg-targets", scope="C99")


def test_the_command_writes_csv_and_json_that_parse(store_url, tmp_path):
    result = run("--from", "action-lines", "--to", "sdg-targets", "--top", "3", "--format", "csv", "--store", store_url)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3 * 19 and all(r["linked"] == "no" and r["subject_terms"] for r in rows[:5])
    out = tmp_path / "s.json"
    result = run("--from", "gdc", "--to", "action-lines", "--scope", "GDC-29(b)", "--format", "json", "--out", str(out),
                 "--exclude-graph", "wsis-sdg-matrix", "--store", store_url)
    assert result.exit_code == 0, result.output
    body = json.loads(out.read_text(encoding="utf-8"))
    assert body["excluded_graphs"] == [MATRIX]
    assert body["suggestions"] and {"subject", "object", "score", "terms", "paths", "linked", "method"} <= set(body["suggestions"][0])
    table = run("--from", "rights", "--to", "action-lines", "--scope", "ICCPR:17", "--top", "2", "--store", store_url)
    assert table.exit_code == 0 and "ICCPR:17" in table.stdout and "why:" in table.stdout


@pytest.mark.parametrize("args, message", [
    (("--from", "gdc", "--to", "gdc"), "both gdc"),
    (("--from", "gdc", "--to", "action-lines", "--scope", "GDC-999"), "no gdc item"),
    (("--from", "gdc", "--to", "action-lines", "--exclude-graph", "no-such-graph"), "no graph 'no-such-graph'"),
])
def test_bad_input_is_one_line_and_exit_status_2(store_url, args, message):
    result = CliRunner().invoke(main, ["suggest", *args, "--store", store_url])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr and result.stderr.count("\n") == 1


def test_an_empty_store_is_the_users_mistake():
    result = CliRunner().invoke(main, ["suggest", "--from", "gdc", "--to", "action-lines", "--store", "memory:"])
    assert result.exit_code == 2 and "is empty" in result.stderr


def test_an_unknown_kind_is_refused_by_the_parser(store_url):
    result = CliRunner().invoke(main, ["suggest", "--from", "laws", "--to", "gdc", "--store", store_url])
    assert result.exit_code == 2
