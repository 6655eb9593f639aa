"""Practice records: the loader's checks and errors, all-or-nothing writes, the generator's
determinism and distributions, and the round trip generate -> load -> SPARQL."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from wsis_graph.cli import main
from wsis_graph.records import RecordsRejected, Vocabulary, generate, load_records, record_graphs
from wsis_graph.records.generator import RecordGenerator
from wsis_graph.records.loader import records_shapes
from wsis_graph.records.model import PracticeRecord, RecordMapper
from wsis_graph.store import MemoryStore, OxigraphStore, StoreError
from wsis_graph.uris import Minter
from wsis_graph.validation import validate_graph

from conftest import TEST_BASE

MINT = Minter(TEST_BASE)
DESCRIPTION = MINT.graph("description")
HEADER = "id,title,organisation,stakeholder_type,country,year,action_lines,sdg_goals,sdg_targets,gdc_objectives,url\n"
GOOD_ROW = "1,Digital skills for teachers,Ministry of Education (example),government,KEN,2019,C4;C7.e-learning,4,4.4,1,https://example.org/p/1\n"


@pytest.fixture(scope="module")
def template(built, tmp_path_factory) -> Path:
    """An Oxigraph store holding the curated build, to copy for each test."""
    path = tmp_path_factory.mktemp("records") / "built"
    store = OxigraphStore(path)
    store.replace(built.quads())
    store.close()
    return path


@pytest.fixture(scope="module")
def vocabulary(template) -> Vocabulary:
    store = OxigraphStore(template, read_only=True)
    try:
        return Vocabulary.from_store(store)
    finally:
        store.close()


@pytest.fixture
def oxi_store(template, tmp_path):
    shutil.copytree(template, tmp_path / "store")
    store = OxigraphStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture(params=["memory", "oxigraph"])
def any_store(request, built, oxi_store):
    if request.param == "oxigraph":
        return oxi_store
    store = MemoryStore()
    store.replace(built.quads())
    return store


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(store) -> dict:
    """Every graph's quads, to compare a store before and after."""
    return {g: set(store.quads(g)) for g in store.graphs()}


def sparql_count(store, where: str) -> int:
    text = (
        "PREFIX wsis: <https://w3id.org/wsis-graph/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    )
    return int(store.query(text).rows[0][0])


# -- The loader's checks -----------------------------------------------------------------------------


def test_csv_errors_name_row_and_column(oxi_store, tmp_path, vocabulary):
    path = write(tmp_path, "stocktaking.csv", HEADER + GOOD_ROW + (
        "2,Bad year,Org B,government,KEN,1999,C4,,,,\n"
        "3,Unknown codes,Org C,academia,ke,2020,c7.e-health,18,4.44,7,ftp://example.org/x\n"
        "3,Repeated id,Org D,Business,KEN,2021,C4;C4,,,,\n"
        "4,Packed,Org E,civil-society,KEN UGA,2021,C4,,,,\n"
        "5 x,Bad id,Org F,other,,2021,C4,,,,\n"
    ))
    before = snapshot(oxi_store)
    with pytest.raises(RecordsRejected) as caught:
        load_records(oxi_store, path, mint=MINT, vocabulary=vocabulary)
    found = {(e.row, e.column): e.message for e in caught.value.errors}
    assert set(found) == {
        (3, "year"),
        (4, "country"), (4, "action_lines"), (4, "sdg_goals"), (4, "sdg_targets"), (4, "gdc_objectives"), (4, "url"),
        (5, "stakeholder_type"), (5, "action_lines"), (5, "id"),
        (6, "country"),
        (7, "id"),
    }
    assert "1999 is outside 2003-" in found[(3, "year")]
    assert "'KEN'" in found[(4, "country")]  # the hint for a lower-case alpha-2 code
    assert "did you mean 'C7.e-health'" in found[(4, "action_lines")]
    assert "'C4' is listed twice" in found[(5, "action_lines")]
    assert "already used by row 4" in found[(5, "id")]
    assert "several values packed" in found[(6, "country")]
    assert str(caught.value.errors[0]).startswith("stocktaking.csv, row 3, column 'year': ")
    assert snapshot(oxi_store) == before


def test_json_errors_name_item_and_key(oxi_store, tmp_path, vocabulary):
    items = [
        {"id": "1", "title": "Fine", "organisation": "O", "stakeholder_type": "government", "year": 2019, "action_lines": ["C4"]},
        {"id": "2", "title": "", "organisation": "O", "stakeholder_type": "government", "year": "2019", "action_lines": "C4;C5",
         "sdg_target": ["4.4"]},
        {"id": "3", "title": "T", "organisation": "O", "stakeholder_type": "government", "year": True, "action_lines": []},
    ]
    path = write(tmp_path, "records.json", json.dumps(items))
    with pytest.raises(RecordsRejected) as caught:
        load_records(oxi_store, path, mint=MINT, vocabulary=vocabulary)
    found = {(e.row, e.column): str(e) for e in caught.value.errors}
    assert set(found) == {(1, "sdg_target"), (1, "title"), (2, "year"), (2, "action_lines")}
    assert found[(1, "sdg_target")].startswith("records.json, item 1, key 'sdg_target': unknown key")
    assert "did you mean 'sdg_targets'" in found[(1, "sdg_target")]


@pytest.mark.parametrize(
    ("name", "text", "row", "column", "words"),
    [
        ("header.csv", "id,title,organisation,stakeholder_type,year,action_line\n", 1, "action_line", "did you mean 'action_lines'"),
        ("missing.csv", "id,title,organisation,stakeholder_type,year\n", 1, "action_lines", "missing from the header"),
        ("width.csv", HEADER + "1,Too,few\n", 2, None, "row has 3 fields but the header has 11"),
        ("empty.csv", "", 1, None, "the file is empty"),
        ("object.json", '{"id": "1"}', None, None, "expected a JSON array"),
        ("cut.json", '[{"id": "1", "title": "T"', 0, None, "malformed JSON at character"),
    ],
)
def test_broken_files_are_reported(oxi_store, tmp_path, vocabulary, name, text, row, column, words):
    path = write(tmp_path, name, text)
    with pytest.raises(RecordsRejected) as caught:
        load_records(oxi_store, path, mint=MINT, vocabulary=vocabulary)
    error = caught.value.errors[0]
    assert (error.row, error.column) == (row, column)
    assert words in error.message


def test_store_must_be_built(tmp_path):
    runner = CliRunner()
    path = write(tmp_path, "r.csv", HEADER + GOOD_ROW)
    result = runner.invoke(main, ["records", "load", str(path), "--store", f"oxigraph:{tmp_path / 'empty'}"])
    assert result.exit_code == 1
    assert "build the store first" in result.output


def test_synthetic_records_keep_to_synthetic_graphs(oxi_store, tmp_path, vocabulary):
    synthetic = write(tmp_path, "gen.csv", HEADER.replace("url\n", "url,synthetic\n") + GOOD_ROW.replace("\n", ",true\n"))
    with pytest.raises(RecordsRejected, match="must start with 'synthetic'"):
        load_records(oxi_store, synthetic, name="stocktaking", mint=MINT, vocabulary=vocabulary)
    real = write(tmp_path, "real.csv", HEADER + GOOD_ROW)
    with pytest.raises(RecordsRejected, match="kept for synthetic records"):
        load_records(oxi_store, real, name="synthetic-real", mint=MINT, vocabulary=vocabulary)
    mixed = write(tmp_path, "mixed.csv", HEADER.replace("url\n", "url,synthetic\n") + GOOD_ROW.replace("\n", ",true\n")
                  + GOOD_ROW.replace("1,", "2,", 1).replace("\n", ",false\n"))
    with pytest.raises(RecordsRejected) as caught:
        load_records(oxi_store, mixed, mint=MINT, vocabulary=vocabulary)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "synthetic")]
    report = load_records(oxi_store, synthetic, mint=MINT, vocabulary=vocabulary)
    assert report.name == "synthetic-gen" and report.synthetic


# -- Python checks and shapes agree --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "raw_value", "field", "bad"),
    [
        ("year", "1999", "year", 1999),
        ("id", "12 34", "id", "12 34"),
        ("url", "ftp://example.org/p", "url", "ftp://example.org/p"),
        ("action_lines", "", "action_lines", ()),
    ],
)
def test_python_checks_and_shapes_reject_the_same_values(oxi_store, tmp_path, vocabulary, column, raw_value, field, bad):
    """Each rule is enforced twice: by the loader on the row, and by SHACL on the triples."""
    row = dict(zip(HEADER.strip().split(","), next(csv.reader([GOOD_ROW]))))
    row[column] = raw_value
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    with pytest.raises(RecordsRejected) as caught:
        load_records(oxi_store, path, mint=MINT, vocabulary=vocabulary)
    assert [e.column for e in caught.value.errors] == [column]

    good = PracticeRecord(id="1", title="T", organisation="O", stakeholder_type="government", countries=("KEN",),
                          year=2019, action_lines=("C4",), url="https://example.org/p/1")
    broken = PracticeRecord(**{**{f: getattr(good, f) for f in good.__slots__}, field: bad})
    for record, conforms in ((good, True), (broken, False)):
        mapper = RecordMapper(MINT, vocabulary, "check")
        data = Graph()
        for triple in [*mapper.triples(record), *mapper.reference_triples()]:
            data.add(triple)
        data.add((vocabulary.action_lines["C4"], URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  URIRef("https://w3id.org/wsis-graph/ontology#ActionLine")))
        report = validate_graph(data, shapes=records_shapes())
        assert report.conforms is conforms, report.text()


def test_shacl_sample_catches_a_mapping_fault(oxi_store, tmp_path, vocabulary, monkeypatch):
    """A fault in the mapping to RDF passes the row checks; the SHACL sample stops it."""
    original = RecordMapper.triples

    def faulty(self, record):
        return [(s, p, Literal(record.year) if p.endswith("/date") else o) for s, p, o in original(self, record)]

    monkeypatch.setattr(RecordMapper, "triples", faulty)
    path = write(tmp_path, "r.csv", HEADER + GOOD_ROW)
    before = snapshot(oxi_store)
    with pytest.raises(RecordsRejected) as caught:
        load_records(oxi_store, path, mint=MINT, vocabulary=vocabulary)
    error = caught.value.errors[0]
    assert (error.row, error.column) == (2, "year")
    assert "SHACL wsh:PracticeRecordShape" in error.message
    assert snapshot(oxi_store) == before


# -- All or nothing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [20, 2000], ids=["in-place", "bulk"])
def test_a_broken_file_leaves_the_store_as_it_was(any_store, tmp_path, vocabulary, size):
    """An error in the last row, after thousands of triples went to the store, changes nothing."""
    good = tmp_path / "records-ok.csv"
    generate(good, records=size, seed=5, mint=MINT, vocabulary=vocabulary)
    load_records(any_store, good, mint=MINT, vocabulary=vocabulary)
    before = snapshot(any_store)
    broken = tmp_path / "records-ok-again.csv"
    generate(broken, records=size + 7, seed=6, mint=MINT, vocabulary=vocabulary)
    with broken.open("a", encoding="utf-8") as handle:
        handle.write("SYN-9999999,Last,Org (synthetic),government,KEN,2019,C99,,,,,true\n")
    with pytest.raises(RecordsRejected) as caught:
        load_records(any_store, broken, name="synthetic-ok", mint=MINT, vocabulary=vocabulary)
    assert [(e.row, e.column) for e in caught.value.errors] == [(size + 9, "action_lines")]
    assert snapshot(any_store) == before
    if isinstance(any_store, OxigraphStore):
        assert [p.name for p in any_store.path.parent.iterdir() if p.name.startswith(".store")] == []  # no staging left


def test_a_failing_writer_leaves_the_store_as_it_was(oxi_store):
    """replace_graphs: an exception while the new triples are read aborts the whole change."""
    ex = "https://example.org/"
    big = [(URIRef(f"{ex}s{i}"), URIRef(ex + "p"), Literal(i)) for i in range(OxigraphStore.IN_PLACE_LIMIT + 10)]
    before = snapshot(oxi_store)

    def failing():
        yield from big
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        oxi_store.replace_graphs({URIRef(ex + "a"): big, URIRef(ex + "b"): failing()})
    assert snapshot(oxi_store) == before
    oxi_store.close()
    with pytest.raises(StoreError):
        OxigraphStore(oxi_store.path, read_only=True).replace_graph(URIRef(ex + "a"), big[:1])


def test_replace_graphs_is_the_same_on_both_backends(any_store):
    ex = "https://example.org/"
    a, b = URIRef(ex + "a"), URIRef(ex + "b")
    curated = {g: q for g, q in snapshot(any_store).items()}
    triples = [(URIRef(f"{ex}s{i}"), URIRef(ex + "p"), Literal(i)) for i in range(OxigraphStore.IN_PLACE_LIMIT + 500)]
    assert any_store.replace_graphs({a: triples, b: triples[:3]}) == {a: len(triples), b: 3}
    assert any_store.replace_graph(a, triples[:5]) == 5  # shrinks a big graph
    assert any_store.replace_graph(b, []) == 0  # removes a graph
    after = snapshot(any_store)
    assert b not in after and len(after[a]) == 5
    assert {g: q for g, q in after.items() if g != a} == curated


# -- Round trip ----------------------------------------------------------------------------------------


def test_generate_load_query_round_trip(any_store, tmp_path, vocabulary):
    path = tmp_path / "round.csv"
    made = generate(path, records=400, seed=11, mint=MINT, vocabulary=vocabulary)
    curated = snapshot(any_store)
    report = load_records(any_store, path, mint=MINT, vocabulary=vocabulary)
    graph = MINT.graph("records-synthetic-round")
    assert (report.graph, report.records, report.triples) == (graph, 400, made.triples)
    assert any_store.count(graph) == made.triples
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def in_graph(pattern: str) -> str:
        return f"GRAPH <{graph}> {{ {pattern} }}"

    assert sparql_count(any_store, in_graph("?r a wsis:PracticeRecord")) == 400
    assert sparql_count(any_store, in_graph("?r wsis:isSynthetic true")) == 400
    tagged = Counter(code for row in rows for code in row["action_lines"].split(";"))
    assert sparql_count(
        any_store, in_graph("?r wsis:actionLine ?al") + " ?al <http://www.w3.org/2004/02/skos/core#notation> 'C4'"
    ) == tagged["C4"]
    assert sparql_count(any_store, in_graph("?r wsis:sdgTarget ?t")) == sum(
        len(row["sdg_targets"].split(";")) for row in rows if row["sdg_targets"]
    )
    # Every tag points to a thing of the curated graphs.
    assert sparql_count(any_store, in_graph("?r wsis:sdgTarget ?t") + " FILTER NOT EXISTS { ?t a wsis:SDGTarget }") == 0
    # No other graph changed but the description, which now describes the record set.
    after = snapshot(any_store)
    assert {g: q for g, q in after.items() if g not in (graph, DESCRIPTION)} == {g: q for g, q in curated.items() if g != DESCRIPTION}
    assert record_graphs(any_store, mint=MINT) == {graph: 400}
    assert record_graphs(any_store, mint=MINT, synthetic=False) == {}
    described = Graph()
    for s, p, o, _ in any_store.quads(DESCRIPTION):
        described.add((s, p, o))
    void = "http://rdfs.org/ns/void#"
    assert int(described.value(graph, URIRef(void + "triples"))) == made.triples
    subsets = set(described.objects(MINT.dataset(), URIRef(void + "subset")))
    assert graph in subsets
    total = int(described.value(MINT.dataset(), URIRef(void + "triples")))
    assert total == len(any_store)  # the dataset's count stays true


def test_nquads_output_is_the_graph_the_loader_writes(oxi_store, tmp_path, vocabulary):
    for fmt in ("csv", "json", "nq"):
        generate(tmp_path / f"same.{fmt}", records=150, seed=2, name="synthetic-same", mint=MINT, vocabulary=vocabulary)
    expected = {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in ox.parse(path=str(tmp_path / "same.nq"), format=ox.RdfFormat.N_QUADS)
    }
    graph = MINT.graph("records-synthetic-same")
    for fmt in ("csv", "json"):
        load_records(oxi_store, tmp_path / f"same.{fmt}", mint=MINT, vocabulary=vocabulary)
        native = oxi_store.native()
        loaded = {
            (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in native.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
        }
        assert loaded == expected, fmt


def test_triples_target_is_reached_and_counted(oxi_store, tmp_path, vocabulary):
    path = tmp_path / "records-5k.json"
    made = generate(path, triples=5000, seed=4, mint=MINT, vocabulary=vocabulary)
    assert 5000 <= made.triples < 5000 + 40
    report = load_records(oxi_store, path, mint=MINT, vocabulary=vocabulary)
    assert report.triples == made.triples == oxi_store.count(report.graph)
    assert report.records == made.records


def test_cli_generate_and_load(tmp_path, oxi_store):
    url = oxi_store.url
    oxi_store.close()
    runner = CliRunner()
    out = tmp_path / "records-cli.csv"
    made = runner.invoke(main, ["records", "generate", "--records", "300", "--seed", "9", "--out", str(out), "--base", TEST_BASE])
    assert made.exit_code == 0, made.output
    assert "wrote 300 synthetic records" in made.output
    loaded = runner.invoke(main, ["records", "load", str(out), "--store", url, "--base", TEST_BASE])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 300 synthetic records" in loaded.output and "records-synthetic-cli" in loaded.output
    both = runner.invoke(main, ["records", "generate", "--records", "3", "--triples", "3", "--out", str(out)])
    assert both.exit_code == 2
    bad_name = runner.invoke(main, ["records", "load", str(out), "--store", url, "--graph", "Bad Name"])
    assert bad_name.exit_code == 2 and "is not a graph name" in bad_name.output


# -- The generator -------------------------------------------------------------------------------------


def test_same_seed_same_bytes(tmp_path, vocabulary):
    for fmt in ("csv", "json", "nq"):
        a, b, c = (tmp_path / f"{n}.{fmt}" for n in ("a", "b", "c"))
        generate(a, records=300, seed=7, name="synthetic-x", mint=MINT, vocabulary=vocabulary)
        generate(b, records=300, seed=7, name="synthetic-x", mint=MINT, vocabulary=vocabulary)
        generate(c, records=300, seed=8, name="synthetic-x", mint=MINT, vocabulary=vocabulary)
        assert a.read_bytes() == b.read_bytes(), fmt
        assert a.read_bytes() != c.read_bytes(), fmt


def test_generated_records_are_marked_and_skewed(vocabulary):
    records = [r for _, r in zip(range(4000), RecordGenerator(vocabulary, seed=3))]
    assert all(r.synthetic and r.id.startswith("SYN-") and r.organisation.endswith("(synthetic)") for r in records)
    assert all(r.url is None or r.url.startswith("https://example.org/synthetic/") for r in records)
    years = Counter(r.year for r in records)
    assert min(years) >= 2005 and max(years) <= 2026
    assert sum(years[y] for y in range(2020, 2027)) > 2 * sum(years[y] for y in range(2005, 2012))
    assert all(r.year >= 2024 for r in records if r.gdc_objectives)
    assert any(r.gdc_objectives for r in records)
    # Action Lines: skewed, and in the order of their WSIS-SDG Matrix degree (C4 links most targets).
    lines = Counter(code for r in records for code in r.action_lines)
    ranked = [code for code, _ in lines.most_common()]
    assert ranked[0] == "C4"
    assert lines.most_common()[0][1] > 5 * lines.most_common()[-1][1]
    # SDG targets mostly follow the Matrix links of the record's Action Lines.
    linked = set(vocabulary.matrix)
    on_matrix = sum(1 for r in records for t in r.sdg_targets if any((al, t) in linked for al in r.action_lines))
    assert on_matrix > 0.7 * sum(len(r.sdg_targets) for r in records)
    # Many countries, some records with none; organisations: a few file many, most file few.
    countries = Counter(c for r in records for c in r.countries)
    assert len(countries) > 100
    assert any(not r.countries for r in records)
    organisations = Counter(r.organisation for r in records)
    sizes = sorted(organisations.values())
    assert len(organisations) > 600 and sizes[len(sizes) // 2] <= 2 and sizes[-1] >= 40
    assert len({r.stakeholder_type for r in records}) == 7
