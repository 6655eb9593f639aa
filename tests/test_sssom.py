"""SSSOM: `wsis-graph export --format sssom` on the real data, and any list of `Mapping` (the matcher's
suggestions) through `write_sssom`.

The files are read back with the csv module and checked against independent SPARQL, then handed to
sssom-py (`sssom validate`, `sssom parse`, `sssom convert`), which lives in a virtual environment of
its own, `.venv-sssom`, made by `scripts/setup-sssom.sh` (run by `make setup-test`): its linkml and
rdflib plugins must not enter the project's environment. Without it these tests fail and say so.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from wsis_graph import __version__
from wsis_graph.cli import main
from wsis_graph.matching import sssom
from wsis_graph.matching.sssom import LICENSE, MARK_CONFIDENCE, Mapping, curated_mappings, sssom_text, write_sssom
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.uris import Minter

from conftest import TEST_BASE
from test_map import sparql, store_url  # noqa: F401  (the real data with the example proposal set, and a query helper)

ROOT = Path(__file__).resolve().parents[1]
SSSOM_VENV = Path(os.environ.get("SSSOM_VENV") or ROOT / ".venv-sssom")
SETUP = "scripts/setup-sssom.sh (run by `make setup-test`)"
BASE = TEST_BASE
SET_ID = "https://w3id.org/wsis-graph/id/dataset/sssom/test-suggestions"
#: Keeps a query to the curated graphs: not the graphs users add.
CURATED_ONLY = (
    "FILTER NOT EXISTS { GRAPH ?d { ?g dct:type ?kind } VALUES ?kind { wsis:ProposalSet wsis:PracticeRecordSet wsis:ImportedText wsis:TextReconciliation } }"
)


# -- Fixtures -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(store_url, tmp_path_factory) -> Path:
    """The export of the real data, through the command line."""
    out = tmp_path_factory.mktemp("sssom-out") / "curated.sssom.tsv"
    result = CliRunner().invoke(main, ["export", "--store", store_url, "--base", BASE, "--format", "sssom", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output and "mappings, sssom" in result.output
    return out


def read_sssom(text: str) -> tuple[dict, list[dict]]:
    """The metadata block (YAML after the ``#``) and the rows of an SSSOM/TSV text."""
    lines = text.splitlines(keepends=True)
    head = [line[1:] for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    assert lines[: len(head)] == ["#" + h for h in head], "the metadata block heads the file"
    return yaml.safe_load("".join(head)), list(csv.DictReader(io.StringIO("".join(body)), delimiter="\t"))


@pytest.fixture(scope="module")
def curated(exported) -> tuple[dict, list[dict]]:
    return read_sssom(exported.read_text(encoding="utf-8"))


def expand(curie: str, curie_map: dict) -> str:
    prefix, local = curie.split(":", 1)
    assert prefix in curie_map, f"{curie}: prefix not in the curie_map"
    return curie_map[prefix] + local


def suggestions() -> list[Mapping]:
    """Mappings the way the matcher will make them: lexical and semantic, with scores and matched terms."""
    return [
        Mapping(
            f"{BASE}gdc-paragraph/GDC-29-a",
            "skos:relatedMatch",
            f"{BASE}action-line/C2",
            "semapv:LexicalMatching",
            subject_label="GDC paragraph 29(a)",
            object_label="Information and communication infrastructure",
            confidence=0.61,
            subject_match_field=("skos:definition",),
            object_match_field=("rdfs:label", "skos:definition"),
            match_string=("broadband", "infrastructure", "a | piped term"),
            similarity_score=0.6134,
            similarity_measure="BM25 with the domain thesaurus",
            mapping_tool="wsis-graph suggest",
            comment="matched: broadband (GDC 29(a) ↔ C2 description)\tand\n'infrastructure'; path: 29(a) → SDG 9.c ← C2",
        ),
        Mapping(
            f"{BASE}action-line/C7.e-health",
            "skos:narrowMatch",
            "http://metadata.un.org/sdg/3.8",
            "semapv:SemanticSimilarityThresholdMatching",
            confidence=0.5,
            similarity_score=0.5,
            similarity_measure="cosine",
            mapping_tool="wsis-graph suggest",
            mapping_date="2025-06-01",
            author_id=("http://www.wikidata.org/entity/Q7817",),
            see_also=("https://example.org/why?a=1|2",),
        ),
    ]


# -- sssom-py -----------------------------------------------------------------------------------------------


def sssom_py(*args: str) -> subprocess.CompletedProcess:
    """Run sssom-py's command line from .venv-sssom; fail, naming the setup command, when it is missing."""
    command = SSSOM_VENV / "bin" / "sssom"
    if not command.exists():
        pytest.fail(f"sssom-py is not installed: {command} is missing; create it with {SETUP}")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(command), *args], capture_output=True, text=True, timeout=300, env=env)


def test_sssom_py_validates_the_curated_export(exported):
    result = sssom_py("validate", str(exported))
    assert result.returncode == 0, result.stdout + result.stderr


def test_sssom_py_reads_every_row_with_its_curies_and_the_metadata(exported, sparql, tmp_path):
    """`sssom convert` to RDF expands every CURIE with the curie_map: the IRIs it writes are the store's."""
    out = tmp_path / "curated.ttl"
    result = sssom_py("convert", str(exported), "-O", "ttl", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    rdf = Graph().parse(out, format="turtle")
    SSSOM = Namespace("https://w3id.org/sssom/")
    (mapping_set,) = rdf.subjects(RDF.type, SSSOM.MappingSet)
    assert str(mapping_set) == f"{BASE}dataset/sssom/curated-links"
    assert rdf.value(mapping_set, DCTERMS.license) == URIRef(LICENSE)
    pairs = {
        (str(rdf.value(m, OWL.annotatedSource)), str(rdf.value(m, OWL.annotatedProperty)), str(rdf.value(m, OWL.annotatedTarget)))
        for m in rdf.objects(mapping_set, SSSOM.mappings)
    }
    links = sparql("SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?a a wsis:Alignment ; wsis:alignmentSubject ?s ; wsis:alignmentObject ?o } " + CURATED_ONLY + " }")
    assert pairs == {(r["s"], str(SKOS.relatedMatch), r["o"]) for r in links}
    assert len(list(rdf.objects(mapping_set, SSSOM.mappings))) == len(read_sssom(exported.read_text(encoding="utf-8"))[1])


def test_sssom_py_validates_and_reads_suggestions(tmp_path):
    out = tmp_path / "suggestions.sssom.tsv"
    write_sssom(suggestions(), out, mapping_set_id=SET_ID, license=LICENSE, title="suggestions", base=BASE)
    result = sssom_py("validate", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    converted = tmp_path / "suggestions.json"
    result = sssom_py("convert", str(out), "-O", "json", "-o", str(converted))
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(converted.read_text(encoding="utf-8"))
    assert data["mapping_set_id"] == SET_ID and data["license"] == LICENSE
    by_subject = {m["subject_id"]: m for m in data["mappings"]}
    lexical = by_subject["wsisid:gdc-paragraph/GDC-29-a"]
    assert lexical["object_id"] == "wsisid:action-line/C2"
    assert lexical["mapping_justification"] == "semapv:LexicalMatching"
    assert data["mapping_tool"] == "wsis-graph suggest" and data["mapping_tool_version"] == __version__
    assert lexical["match_string"] == ["broadband", "infrastructure", "a / piped term"]
    assert by_subject["wsisid:action-line/C7.e-health"]["author_id"] == ["wikidata:Q7817"]


def test_the_matchers_suggestions_as_sssom_are_valid_and_say_what_they_rest_on(store_url, tmp_path):
    """`wsis-graph suggest --format sssom`: the real suggestions, accepted by sssom-py, never curated links."""
    out = tmp_path / "c5.sssom.tsv"
    result = CliRunner().invoke(main, ["suggest", "--from", "action-lines", "--to", "sdg-targets", "--scope", "C5",
                                       "--top", "5", "--format", "sssom", "--out", str(out), "--store", store_url,
                                       "--base", BASE])
    assert result.exit_code == 0, result.output
    checked = sssom_py("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    metadata, rows = read_sssom(out.read_text(encoding="utf-8"))
    assert metadata["mapping_set_id"] == f"{BASE}dataset/sssom/suggestions/action-lines-sdg-targets"
    assert len(rows) == 5 and {r["subject_id"] for r in rows} == {"wsisid:action-line/C5"}
    assert {r["predicate_id"] for r in rows} == {"skos:relatedMatch"}
    assert {r["mapping_justification"] for r in rows} <= {
        "semapv:LexicalMatching", "semapv:StructuralMatching", "semapv:CompositeMatching"}
    assert all(0 <= float(r["confidence"]) <= 1 for r in rows)
    assert all("not a link of the graph" in r["comment"] for r in rows)


# -- The curated export, read back ---------------------------------------------------------------------------


def test_the_metadata_names_the_set_its_licence_tool_and_every_prefix(curated, sparql):
    metadata, rows = curated
    assert metadata["mapping_set_id"] == f"{BASE}dataset/sssom/curated-links"
    assert metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert metadata["mapping_tool"] == "wsis-graph" and metadata["mapping_tool_version"] == __version__
    version = sparql(f"SELECT ?v WHERE {{ GRAPH ?g {{ <{BASE}dataset> dcat:version ?v }} }}")
    assert metadata["mapping_set_version"] == version[0]["v"]
    assert metadata["curie_map"]["wsisid"] == BASE
    assert metadata["curie_map"]["sdg"] == "http://metadata.un.org/sdg/"
    assert metadata["curie_map"]["semapv"] == "https://w3id.org/semapv/vocab/"
    assert metadata["curie_map"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    used = {row[c].split(":", 1)[0] for row in rows for c in ("subject_id", "object_id", "predicate_id", "mapping_justification", "mapping_source")}
    used |= {a.split(":", 1)[0] for row in rows for a in row["author_id"].split("|") if a}
    assert used <= set(metadata["curie_map"])


def test_every_curated_link_is_a_row_and_nothing_else(curated, sparql):
    """The rows are the alignments of the curated graphs: no proposal, no facilitation."""
    metadata, rows = curated
    links = sparql(
        "SELECT ?g ?a ?s ?o WHERE { GRAPH ?g { ?a a wsis:Alignment ; wsis:alignmentSubject ?s ; wsis:alignmentObject ?o } "
        + CURATED_ONLY + " }"
    )
    assert len(rows) == len(links)
    expected = {(r["a"], r["s"], r["o"], r["g"]) for r in links}
    columns = ("subject_id", "object_id", "mapping_source")
    assert {(row["see_also"].split("|")[0], *(expand(row[c], metadata["curie_map"]) for c in columns)) for row in rows} == expected
    sources = {row["mapping_source"] for row in rows}
    assert sources == {f"wsisid:graph/{k}" for k in ("gdc", "gdc-wsis-links", "rights-links", "seed-submission", "wsis-sdg-matrix")}
    proposals = sparql("SELECT ?g WHERE { GRAPH ?d { ?g dct:type wsis:ProposalSet } }")
    assert proposals and not {f"wsisid:{p['g'][len(BASE):]}" for p in proposals} & sources
    assert not any("facilitation" in row["see_also"].split("|")[0] for row in rows)


def test_predicates_are_skos_mapping_predicates_and_contributes_to_is_never_exact(curated):
    _, rows = curated
    assert {row["predicate_id"] for row in rows} <= sssom.MAPPING_PREDICATES
    contributes = [row for row in rows if "wsis_relation=wsis:contributesTo" in row["other"]]
    assert len(contributes) == 188
    assert {row["predicate_id"] for row in contributes} == {"skos:relatedMatch"}
    assert {row["subject_category"] for row in contributes} == {"wsis:ActionLine"}
    assert not [row for row in rows if row["predicate_id"] in ("skos:exactMatch", "skos:closeMatch")]


def test_curated_links_are_manual_curation_by_the_asserting_body(curated, sparql):
    metadata, rows = curated
    mined = {r["a"] for r in sparql("SELECT ?a WHERE { GRAPH ?g { ?a a wsis:Alignment ; wsis:method wsis:TextMined } "
                                    + CURATED_ONLY + " }")}
    justified = {row["see_also"].split("|")[0]: row["mapping_justification"] for row in rows}
    lexical = {expand(a, metadata["curie_map"]) if not a.startswith("http") else a
               for a, j in justified.items() if j == "semapv:LexicalMatching"}
    assert mined and lexical == mined  # text-mined links are lexical matching, every other one a person's curation
    assert set(justified.values()) == {"semapv:ManualMappingCuration", "semapv:LexicalMatching"}
    matrix = [row for row in rows if row["mapping_source"] == "wsisid:graph/wsis-sdg-matrix"]
    assert all(row["author_id"].startswith("wsisid:") for row in matrix)
    attributed = sparql("SELECT ?a ?by WHERE { GRAPH ?g { ?a a wsis:Alignment ; prov:wasAttributedTo ?by } " + CURATED_ONLY + " }")
    assert len(attributed) > 100
    rows_by_link = {row["see_also"].split("|")[0]: row for row in rows}
    for link in attributed:
        assert expand(rows_by_link[link["a"]]["author_id"], metadata["curie_map"]) == link["by"]
    assert all(row["author_id"] or row["author_label"] for row in rows)


def test_confidence_comes_from_the_mark_and_the_mark_is_kept(curated, sparql):
    _, rows = curated
    numbers = {"verified": 0.9, "single-source": 0.8, "reviewed": 0.7, "draft-only": 0.6, "unknown-paragraph": 0.5,
               "inferred": 0.4, "dataset-anomaly": 0.3, "unknown": 0.2}
    assert dict(MARK_CONFIDENCE.values()) == numbers
    notation = {"Verified": "verified", "SingleSource": "single-source", "Reviewed": "reviewed", "DraftOnly": "draft-only",
                "UnknownParagraph": "unknown-paragraph", "Inferred": "inferred", "DatasetAnomaly": "dataset-anomaly", "Unknown": "unknown"}
    marks = {r["a"]: notation[r["m"].rsplit("#", 1)[1]] for r in sparql("SELECT ?a ?m WHERE { GRAPH ?g { ?a a wsis:Alignment ; wsis:confidence ?m } }")}
    for row in rows:
        mark = marks[row["see_also"].split("|")[0]]
        assert float(row["confidence"]) == numbers[mark]
        assert f"wsis_confidence={mark}" in row["other"].split("|")
        assert f"confidence mark {mark}" in row["comment"]


def test_labels_categories_and_sources_are_filled(curated):
    _, rows = curated
    assert all(row["subject_label"] and row["object_label"] for row in rows)
    assert all(row["subject_category"].startswith("wsis:") and row["object_category"].startswith("wsis:") for row in rows)
    assert all(row["see_also"].startswith(f"{BASE}alignment/") for row in rows)
    assert all(len(row["see_also"].split("|")) >= 2 for row in rows if "wsis-sdg-matrix" in row["mapping_source"])
    row = next(r for r in rows if r["subject_id"] == "wsisid:action-line/C2" and r["object_id"] == "sdg:9.c")
    assert row["object_label"].startswith("Significantly increase access to information and communications technology")


def test_a_store_in_memory_gives_the_same_mappings_and_another_base_is_found(built, store_url):
    """The export asks the store nothing that one backend answers and another does not; a store built
    with another base than --base is exported with its own (and its proposal sets still left out)."""
    memory = MemoryStore()
    memory.replace(built.quads())
    store = OxigraphStore(store_url[len("oxigraph:"):], read_only=True)
    try:
        on_disk = curated_mappings(store, Minter(BASE))
        assert curated_mappings(store, Minter("https://example.org/other/")) == on_disk
    finally:
        store.close()
    assert curated_mappings(memory, Minter(BASE)) == on_disk


def test_the_export_is_the_same_twice(store_url, exported, tmp_path):
    again = tmp_path / "again.tsv"
    result = CliRunner().invoke(main, ["export", "--store", store_url, "--base", BASE, "--format", "sssom", "--out", str(again)])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == exported.read_bytes()


def test_an_unwritable_path_is_a_clear_error_and_leaves_nothing(store_url, tmp_path):
    out = Path("/proc/wsis-graph-nowhere/curated.sssom.tsv")
    result = CliRunner().invoke(main, ["export", "--store", store_url, "--format", "sssom", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot write {out}")
    assert not out.exists()


def test_a_failed_write_leaves_no_file_half_written(tmp_path, monkeypatch):
    out = tmp_path / "s.tsv"

    def broken(src, dst):
        raise OSError("disk full")

    import wsis_graph.files

    monkeypatch.setattr(wsis_graph.files.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_sssom(suggestions(), out, mapping_set_id=SET_ID, license=LICENSE, base=BASE)
    assert list(tmp_path.iterdir()) == []


# -- Mapping and the writer ----------------------------------------------------------------------------------


def test_the_writer_makes_curies_condenses_what_every_row_shares_and_keeps_cells_on_one_line():
    metadata, rows = read_sssom(sssom_text(suggestions(), mapping_set_id=SET_ID, license=LICENSE, base=BASE))
    assert metadata["curie_map"] == {
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "sdg": "http://metadata.un.org/sdg/",
        "semapv": "https://w3id.org/semapv/vocab/", "skos": "http://www.w3.org/2004/02/skos/core#",
        "wikidata": "http://www.wikidata.org/entity/", "wsisid": BASE,
    }
    assert metadata["mapping_tool"] == "wsis-graph suggest" and "mapping_tool" not in rows[0]
    assert "mapping_date" in rows[0] and "mapping_date" not in metadata  # only one row has a date
    lexical, semantic = rows
    assert lexical["object_match_field"] == "rdfs:label|skos:definition"
    assert lexical["similarity_score"] == "0.6134"
    assert lexical["comment"] == "matched: broadband (GDC 29(a) ↔ C2 description) and 'infrastructure'; path: 29(a) → SDG 9.c ← C2"
    assert semantic["object_id"] == "sdg:3.8" and semantic["predicate_id"] == "skos:narrowMatch"
    assert semantic["see_also"] == "https://example.org/why?a=1%7C2"


def test_a_set_without_mappings_still_has_its_header_and_metadata():
    metadata, rows = read_sssom(sssom_text([], mapping_set_id=SET_ID, license=LICENSE, base=BASE))
    assert rows == [] and metadata["mapping_set_id"] == SET_ID
    assert sssom_text([], mapping_set_id=SET_ID, license=LICENSE).splitlines()[-1].split("\t") == list(sssom.REQUIRED)


def test_an_iri_no_prefix_covers_is_refused_unless_its_prefix_is_given():
    odd = [Mapping("https://example.org/x/1", "skos:closeMatch", f"{BASE}action-line/C1", "semapv:ManualMappingCuration")]
    with pytest.raises(ValueError, match="no prefix of the curie_map covers 'https://example.org/x/1'"):
        sssom_text(odd, mapping_set_id=SET_ID, license=LICENSE, base=BASE)
    metadata, rows = read_sssom(sssom_text(odd, mapping_set_id=SET_ID, license=LICENSE, base=BASE, prefixes={"ex": "https://example.org/x/"}))
    assert rows[0]["subject_id"] == "ex:1" and metadata["curie_map"]["ex"] == "https://example.org/x/"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"predicate_id": "wsis:contributesTo"}, "is not one of"),
        ({"predicate_id": "skos:related"}, "is not one of"),
        ({"mapping_justification": "semapv:Guess"}, "is not a semapv term"),
        ({"confidence": 1.2}, "confidence 1.2 is outside 0–1"),
        ({"similarity_score": -0.1}, "outside 0–1"),
        ({"predicate_modifier": "No"}, "is not 'Not'"),
        ({"mapping_date": "2025"}, "is not an ISO date"),
    ],
)
def test_a_mapping_sssom_would_refuse_cannot_be_made(change, message):
    fields = {"subject_id": f"{BASE}action-line/C1", "predicate_id": "skos:relatedMatch", "object_id": "http://metadata.un.org/sdg/16",
              "mapping_justification": "semapv:ManualMappingCuration", **change}
    with pytest.raises(ValueError, match=message):
        Mapping(**fields)
