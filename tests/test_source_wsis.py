"""The WSIS sources: Action Lines, entities and processes (wsis), facilitation roles
(facilitation) and the WSIS-SDG Matrix (wsis-sdg-matrix).

Expected values are looked up in the source tables by the tests, not copied from the graph.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from conftest import copy_source, make_context
from wsis_graph import paths, uris
from wsis_graph.namespaces import WIKIDATA, WSIS
from wsis_graph.sources import facilitation, wsis, wsis_sdg_matrix
from wsis_graph.sources.base import CONFIDENCE_MARKS, Registry
from wsis_graph.tables import SourceError
from wsis_graph.validation import validate_graph

SOURCES = paths.sources_dir()
SDG_REFERENCE = Path("/work/shared/reference/sdg")
WSIS_REFERENCE = Path("/work/shared/reference/wsis")


# -- helpers ----------------------------------------------------------------------------------------


def table_rows(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a table with their line numbers (header = line 1)."""
    with open(folder / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def rows(folder: str, name: str) -> list[dict[str, str]]:
    return [row for _, row in table_rows(SOURCES / folder, name)]


def edit_cell(folder: Path, name: str, match: dict[str, str], column: str, value: str) -> int:
    """Set one cell in the first row matching ``match``; returns that row's line number."""
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    header = data[0]
    for index, fields in enumerate(data[1:], start=1):
        if all(fields[header.index(k)] == v for k, v in match.items()):
            fields[header.index(column)] = value
            with open(path, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(data)
            return index + 1
    raise AssertionError(f"no row matches {match}")


def drop_column(folder: Path, name: str, column: str) -> None:
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    i = data[0].index(column)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in data])


def sdg_registry() -> Registry:
    """A registry holding the SDG goals and targets: from the SDG source module if it exists,
    else from the SDG reference tables."""
    registry = Registry()
    if importlib.util.find_spec("wsis_graph.sources.sdg") and (SOURCES / "sdg" / "source.toml").exists():
        from wsis_graph.sources import sdg

        sdg.build(make_context(SOURCES / "sdg", registry=registry))
        return registry
    if not SDG_REFERENCE.is_dir():
        pytest.skip("neither the SDG source nor the SDG reference tables are available")
    with open(SDG_REFERENCE / "goals.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            registry.add(row["code"], uris.sdg_goal(row["code"]), "sdg-goal")
    with open(SDG_REFERENCE / "targets.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            registry.add(row["code"], uris.sdg_target(row["code"]), "sdg-target")
    return registry


def copy_registry(registry: Registry) -> Registry:
    return Registry(_entries=dict(registry._entries))


def build_wsis(folder: Path | None = None, registry: Registry | None = None) -> tuple[Graph, Registry]:
    registry = registry if registry is not None else Registry()
    graph = wsis.build(make_context(folder or SOURCES / "wsis", registry=registry, display="wsis"))
    return graph, registry


def build_facilitation(folder: Path | None = None) -> Graph:
    _, registry = build_wsis()
    return facilitation.build(make_context(folder or SOURCES / "facilitation", registry=registry, display="facilitation"))


def mark(word: str) -> URIRef:
    return CONFIDENCE_MARKS[word]


@pytest.fixture(scope="module")
def sdg_entries() -> Registry:
    return sdg_registry()


@pytest.fixture(scope="module")
def graphs(sdg_entries):
    """The three graphs built in build order on one registry."""
    registry = copy_registry(sdg_entries)
    g_wsis, _ = build_wsis(registry=registry)
    g_fac = facilitation.build(make_context(SOURCES / "facilitation", registry=registry))
    g_matrix = wsis_sdg_matrix.build(make_context(SOURCES / "wsis-sdg-matrix", registry=registry))
    return {"wsis": g_wsis, "facilitation": g_fac, "matrix": g_matrix, "registry": registry}


@pytest.fixture(scope="module")
def g_wsis(graphs) -> Graph:
    return graphs["wsis"]


@pytest.fixture(scope="module")
def g_fac(graphs) -> Graph:
    return graphs["facilitation"]


@pytest.fixture(scope="module")
def g_matrix(graphs) -> Graph:
    return graphs["matrix"]


def action_line(code: str) -> URIRef:
    return URIRef(f"https://w3id.org/wsis-graph/id/action-line/{code}")


def entity(acronym: str) -> URIRef:
    return URIRef(f"https://w3id.org/wsis-graph/id/entity/{acronym}")


# -- wsis: Action Lines -----------------------------------------------------------------------------


def test_nineteen_action_lines_one_per_row(g_wsis):
    table = rows("wsis", "action_lines.csv")
    lines = set(g_wsis.subjects(RDF.type, WSIS.ActionLine))
    assert len(table) == 19
    assert {str(g_wsis.value(s, SKOS.notation)) for s in lines} == {r["id"] for r in table}
    assert len(lines) == 19
    tops = set(g_wsis.objects(None, SKOS.hasTopConcept))
    assert {str(g_wsis.value(s, SKOS.notation)) for s in tops} == {r["id"] for r in table if not r["parent"]}
    assert len(tops) == 11


def test_c7_has_its_eight_sub_lines_as_narrower(g_wsis):
    expected = {r["id"] for r in rows("wsis", "action_lines.csv") if r["parent"] == "C7"}
    narrower = set(g_wsis.objects(action_line("C7"), SKOS.narrower))
    assert len(narrower) == 8
    assert {str(g_wsis.value(n, SKOS.notation)) for n in narrower} == expected
    for sub in narrower:
        assert set(g_wsis.objects(sub, SKOS.broader)) == {action_line("C7")}
    assert not any(list(g_wsis.objects(action_line(c), SKOS.narrower)) for c in ("C1", "C5", "C11"))


def test_names_and_geneva_headings_match_the_table(g_wsis):
    for row in rows("wsis", "action_lines.csv"):
        node = action_line(row["id"])
        assert g_wsis.value(node, SKOS.prefLabel) == Literal(row["official_name"], lang="en")
        heading = g_wsis.value(node, WSIS.nameInGenevaPlan)
        if row["name_in_geneva_plan_2003"] != row["official_name"]:
            assert heading == Literal(row["name_in_geneva_plan_2003"], lang="en")
        else:
            assert heading is None
        assert g_wsis.value(node, SKOS.definition) == Literal(row["description_own_words"], lang="en")


def test_paragraph_seen_or_inferred_as_the_table_says(g_wsis):
    seen = inferred = 0
    for row in rows("wsis", "action_lines.csv"):
        node = action_line(row["id"])
        status = row["poa_paragraph_status"]
        assert g_wsis.value(node, WSIS.paragraph) == Literal(row["poa_paragraph"])
        assert g_wsis.value(node, WSIS.paragraphStatus) == Literal(status)
        expected = WSIS.Verified if status.startswith("verified:") else WSIS.Inferred
        assert status.startswith(("verified:", "inferred:"))
        assert g_wsis.value(node, WSIS.paragraphConfidence) == expected
        seen += expected == WSIS.Verified
        inferred += expected == WSIS.Inferred
    assert (seen, inferred) == (5, 14)
    # C1 para 8 was never seen: it must stay inferred, while its name is verified.
    assert g_wsis.value(action_line("C1"), WSIS.paragraphConfidence) == WSIS.Inferred
    assert g_wsis.value(action_line("C1"), WSIS.confidence) == WSIS.Verified


@pytest.mark.skipif(not WSIS_REFERENCE.is_dir(), reason="reference tables not available")
def test_split_confidence_keeps_each_part_of_the_reference_cell():
    with open(WSIS_REFERENCE / "action_lines.csv", encoding="utf-8", newline="") as fh:
        reference = {r["id"]: r["confidence"] for r in csv.DictReader(fh)}
    for row in rows("wsis", "action_lines.csv"):
        cell = reference[row["id"]]
        if cell == "verified":
            assert (row["name_confidence"], row["paragraph_confidence"]) == ("verified", "verified")
        else:
            assert "verified (name" in cell and "inferred (paragraph)" in cell
            assert (row["name_confidence"], row["paragraph_confidence"]) == ("verified", "inferred")


def test_paragraph_sources_are_kept_apart(g_wsis):
    row = next(r for r in rows("wsis", "action_lines.csv") if r["id"] == "C8")
    node = action_line("C8")
    para = {str(u) for u in g_wsis.objects(node, WSIS.paragraphSource)}
    names = {str(u) for u in g_wsis.objects(node, WSIS.sourceDocument)}
    assert para == {u.strip() for u in row["source_paragraph"].split("|")}
    assert names == {u.strip() for u in row["source_name"].split("|")}


# -- wsis: entities, processes, documents -----------------------------------------------------------


def test_entities_with_wikidata_and_its_own_confidence(g_wsis):
    table = rows("wsis", "entities.csv")
    assert len(set(g_wsis.subjects(RDF.type, WSIS.Entity))) == len(table) == 21
    for row in table:
        node = entity(row["acronym"])
        assert g_wsis.value(node, SKOS.prefLabel) == Literal(row["full_name"], lang="en")
        assert g_wsis.value(node, SKOS.notation) == Literal(row["acronym"])
        assert Literal(row["acronym"], lang="en") in set(g_wsis.objects(node, SKOS.altLabel))
        assert g_wsis.value(node, WSIS.entityType) == Literal(row["entity_type"])
        if row["wikidata_qid"]:
            assert g_wsis.value(node, WSIS.wikidata) == WIKIDATA[row["wikidata_qid"]]
            assert g_wsis.value(node, WSIS.wikidataConfidence) == mark(row["qid_status"])
        else:
            assert g_wsis.value(node, WSIS.wikidata) is None
            assert g_wsis.value(node, WSIS.wikidataConfidence) is None
    single = [r["acronym"] for r in table if r["qid_status"] == "single-source"]
    assert sorted(single) == ["ITC", "ODET", "UNEP", "UNIDO"]
    assert all(g_wsis.value(entity(a), WSIS.wikidataConfidence) == WSIS.SingleSource for a in single)


def test_processes_and_documents(g_wsis, graphs):
    registry = graphs["registry"]
    table = rows("wsis", "processes.csv")
    for row in table:
        pid = row["process_id"]
        kind = registry.kind(pid)
        cls = WSIS.Document if row["kind"] == "document" else WSIS.Process
        iri = entity(pid) if kind == "entity" else URIRef(f"https://w3id.org/wsis-graph/id/{row['kind']}/{pid}")
        assert (iri, RDF.type, cls) in g_wsis, pid
        assert g_wsis.value(iri, WSIS.processType) == Literal(row["type"])
        assert g_wsis.value(iri, DCTERMS.description) == Literal(row["description_own_words"], lang="en")
        assert g_wsis.value(iri, WSIS.confidence) == mark(row["confidence"].split(" ")[0])
    docs = {r["process_id"] for r in table if r["kind"] == "document"}
    assert {"GENEVA-POA", "TUNIS-AGENDA"} <= docs
    assert {registry.kind(d) for d in docs} == {"document"}
    assert registry.kind("IGF") == "process"


def test_process_rows_of_entities_describe_the_same_node(g_wsis, graphs):
    shared = {r["process_id"] for r in rows("wsis", "processes.csv")} & {r["acronym"] for r in rows("wsis", "entities.csv")}
    assert shared == {"CSTD", "UNGIS", "ODET", "OHCHR"}
    for pid in shared:
        assert graphs["registry"].kind(pid) == "entity"
        assert {WSIS.Entity, WSIS.Process} <= set(g_wsis.objects(entity(pid), RDF.type))
        assert len(set(g_wsis.objects(entity(pid), SKOS.prefLabel))) == 1
    assert not any(s for s in g_wsis.subjects(RDF.type, WSIS.Process) if str(s).endswith("process/CSTD"))


def test_related_entities_linked_only_when_an_acronym(g_wsis):
    by_id = {r["process_id"]: r for r in rows("wsis", "processes.csv")}
    igf = URIRef("https://w3id.org/wsis-graph/id/process/IGF")
    assert g_wsis.value(igf, WSIS.relatedEntitiesAsWorded) == Literal(by_id["IGF"]["related_entities"])
    assert set(g_wsis.objects(igf, WSIS.relatedEntity)) == {entity("UNDESA")}
    forum = URIRef("https://w3id.org/wsis-graph/id/process/WSIS-FORUM")
    assert set(g_wsis.objects(forum, WSIS.relatedEntity)) == {entity(a) for a in ("ITU", "UNESCO", "UNDP", "UNCTAD")}
    # 'UN Secretary-General' is not the United Nations.
    igf_text = URIRef("https://w3id.org/wsis-graph/id/document/TA-72-79")
    assert "UN Secretary-General" in str(g_wsis.value(igf_text, WSIS.relatedEntitiesAsWorded))
    assert not set(g_wsis.objects(igf_text, WSIS.relatedEntity))


def test_text_provisions_are_part_of_the_tunis_agenda_and_keep_compound_confidence(g_wsis):
    node = URIRef("https://w3id.org/wsis-graph/id/document/TA-72-79")
    row = next(r for r in rows("wsis", "processes.csv") if r["process_id"] == "TA-72-79")
    assert g_wsis.value(node, DCTERMS.isPartOf) == URIRef("https://w3id.org/wsis-graph/id/document/TUNIS-AGENDA")
    assert g_wsis.value(node, WSIS.confidence) == WSIS.Verified
    assert g_wsis.value(node, WSIS.confidenceNote) == Literal(row["confidence"])


def test_single_source_processes_stay_single_source(g_wsis, graphs):
    single = [r["process_id"] for r in rows("wsis", "processes.csv") if r["confidence"] == "single-source"]
    assert single
    for pid in single:
        node = entity(pid) if graphs["registry"].kind(pid) == "entity" else URIRef(
            f"https://w3id.org/wsis-graph/id/{graphs['registry'].kind(pid)}/{pid}"
        )
        assert g_wsis.value(node, WSIS.confidence) == WSIS.SingleSource


# -- facilitation --------------------------------------------------------------------------------------


def facilitations(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, WSIS.Facilitation))


def find_facilitation(g: Graph, row: dict[str, str]) -> URIRef:
    scope = WSIS.scopeDocument if row["action_line_id"] == "ALL" else WSIS.actionLine
    found = [
        f
        for f in facilitations(g)
        if g.value(f, WSIS.facilitator) == entity(row["entity"])
        and g.value(f, WSIS.dateAsWorded) == Literal(row["as_of"])
        and g.value(f, WSIS.roleAsWorded) == Literal(row["role_as_worded_in_source"])
        and (row["action_line_id"] == "ALL" or g.value(f, scope) == action_line(row["action_line_id"]))
        and g.value(f, scope) is not None
    ]
    assert len(found) == 1, row
    return found[0]


ROLE_CONCEPTS = {
    "overall-lead-facilitator": WSIS.OverallLeadFacilitator,
    "lead-facilitator": WSIS.LeadFacilitator,
    "co-facilitator": WSIS.CoFacilitator,
    "partner": WSIS.Partner,
    "former-facilitator": WSIS.FormerFacilitator,
}


def test_every_row_is_one_facilitation_with_its_role_sources_and_confidence(g_fac):
    table = rows("facilitation", "facilitators.csv")
    assert len(facilitations(g_fac)) == len(table) == 33
    for row in table:
        node = find_facilitation(g_fac, row)
        assert g_fac.value(node, ORG.role) == ROLE_CONCEPTS[row["role"]]
        assert g_fac.value(node, WSIS.confidence) == mark(row["confidence"])
        urls = {row[c] for c in ("source_url_1", "source_url_2", "source_url_3") if row[c]}
        assert {str(u) for u in g_fac.objects(node, WSIS.sourceDocument)} == urls


def test_c4_keeps_both_itu_rows_side_by_side(g_fac):
    table = [r for r in rows("facilitation", "facilitators.csv") if r["action_line_id"] == "C4" and r["entity"] == "ITU"]
    assert sorted(r["role"] for r in table) == ["co-facilitator", "lead-facilitator"]
    nodes = {r["role"]: find_facilitation(g_fac, r) for r in table}
    assert nodes["lead-facilitator"] != nodes["co-facilitator"]
    for r in table:
        start, end = r["as_of"].split("-")
        assert g_fac.value(nodes[r["role"]], WSIS.periodStart) == Literal(start, datatype=XSD.gYear)
        assert g_fac.value(nodes[r["role"]], WSIS.periodEnd) == Literal(end, datatype=XSD.gYear)
    assert (action_line("C4"), WSIS.leadFacilitator, entity("ITU")) in g_fac
    assert (action_line("C4"), WSIS.coFacilitator, entity("ITU")) in g_fac
    assert (action_line("C4"), WSIS.facilitatedBy, entity("ITU")) in g_fac


def test_direct_triples_for_every_action_line_row(g_fac):
    direct = {
        "lead-facilitator": WSIS.leadFacilitator,
        "co-facilitator": WSIS.coFacilitator,
        "partner": WSIS.partner,
        "former-facilitator": WSIS.formerFacilitator,
    }
    for row in rows("facilitation", "facilitators.csv"):
        if row["action_line_id"] == "ALL":
            continue
        al, ent = action_line(row["action_line_id"]), entity(row["entity"])
        assert (al, direct[row["role"]], ent) in g_fac
        assert (al, WSIS.facilitatedBy, ent) in g_fac


def test_overall_leads_attach_to_the_geneva_plan_not_to_each_line(g_fac):
    plan = URIRef("https://w3id.org/wsis-graph/id/document/GENEVA-POA")
    overall = [r for r in rows("facilitation", "facilitators.csv") if r["action_line_id"] == "ALL"]
    assert {r["entity"] for r in overall} == {"ITU", "UNESCO", "UNDP"}
    for row in overall:
        node = find_facilitation(g_fac, row)
        assert g_fac.value(node, WSIS.scopeDocument) == plan
        assert g_fac.value(node, WSIS.actionLine) is None
        assert (plan, WSIS.overallLeadFacilitator, entity(row["entity"])) in g_fac
    # UNDP has no line-level row for C5, so it must not appear as a facilitator of C5.
    assert (action_line("C5"), WSIS.facilitatedBy, entity("UNDP")) not in g_fac


def test_periods_parsed_only_where_the_wording_is_a_year(g_fac):
    for row in rows("facilitation", "facilitators.csv"):
        node = find_facilitation(g_fac, row)
        as_of = row["as_of"]
        start, end = g_fac.value(node, WSIS.periodStart), g_fac.value(node, WSIS.periodEnd)
        assert g_fac.value(node, WSIS.dateAsWorded) == Literal(as_of)
        if as_of.startswith("before") or as_of == "undated":
            assert start is None and end is None
        elif as_of.endswith("-"):
            assert str(start) == as_of[:-1] and end is None
        elif "-" in as_of:
            assert (str(start), str(end)) == tuple(as_of.split("-"))
        else:
            assert str(start) == str(end) == as_of


def test_single_source_facilitations_stay_single_source(g_fac):
    table = rows("facilitation", "facilitators.csv")
    single = [r for r in table if r["confidence"] == "single-source"]
    assert {r["entity"] for r in single} == {"UNDP", "UNCTAD", "ILO", "UNEP", "ITU"}
    got = [f for f in facilitations(g_fac) if g_fac.value(f, WSIS.confidence) == WSIS.SingleSource]
    assert len(got) == len(single)


# -- WSIS-SDG Matrix --------------------------------------------------------------------------------


def alignments(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, WSIS.Alignment))


def test_every_matrix_row_is_one_alignment_with_its_confidence(g_matrix, graphs):
    table = rows("wsis-sdg-matrix", "wsis_sdg_matrix.csv")
    assert len(alignments(g_matrix)) == len(table) == 188
    matrix = URIRef("https://w3id.org/wsis-graph/id/process/WSIS-SDG-MATRIX")
    for row in table:
        code = row["sdg_target"] or row["sdg_goal"]
        node = URIRef(f"https://w3id.org/wsis-graph/id/alignment/wsis-sdg-matrix/{row['action_line_id']}/{code}")
        obj = uris.sdg_target(code) if row["sdg_target"] else uris.sdg_goal(code)
        assert g_matrix.value(node, WSIS.alignmentSubject) == action_line(row["action_line_id"])
        assert g_matrix.value(node, WSIS.alignmentObject) == obj
        assert g_matrix.value(node, WSIS.relation) == WSIS.contributesTo
        assert g_matrix.value(node, WSIS.method) == WSIS.PublishedMapping
        assert g_matrix.value(node, PROV.wasAttributedTo) == matrix
        assert g_matrix.value(node, WSIS.confidence) == mark(row["confidence"])
        assert (action_line(row["action_line_id"]), WSIS.contributesTo, obj) in g_matrix


@pytest.mark.skipif(not WSIS_REFERENCE.is_dir(), reason="reference tables not available")
def test_every_reference_row_and_target_became_an_alignment(g_matrix):
    """Each of the 124 reference rows: its goal (goal-only rows) or each of its targets."""
    with open(WSIS_REFERENCE / "wsis_sdg_matrix.csv", encoding="utf-8", newline="") as fh:
        reference = list(csv.reader(fh))[1:]
    assert len(reference) == 124
    expected = set()
    for fields in reference:
        line, goal, targets, granularity = fields[0], fields[1], fields[3], fields[4]
        named = [t for t in targets.split(";") if t]
        if not named or granularity == "goal+targets":
            expected.add((action_line(line), uris.sdg_goal(goal)))
        expected |= {(action_line(line), uris.sdg_target(t)) for t in named}
    got = {(g_matrix.value(a, WSIS.alignmentSubject), g_matrix.value(a, WSIS.alignmentObject)) for a in alignments(g_matrix)}
    assert got == expected


def test_anomaly_row_kept_and_marked(g_matrix):
    anomalies = [r for r in rows("wsis-sdg-matrix", "wsis_sdg_matrix.csv") if r["confidence"] == "dataset-anomaly"]
    assert len(anomalies) == 1
    got = [a for a in alignments(g_matrix) if g_matrix.value(a, WSIS.confidence) == WSIS.DatasetAnomaly]
    assert len(got) == 1
    assert g_matrix.value(got[0], WSIS.alignmentObject) == uris.sdg_goal(anomalies[0]["sdg_goal"])
    single = sum(1 for a in alignments(g_matrix) if g_matrix.value(a, WSIS.confidence) == WSIS.SingleSource)
    assert single == 187


def test_fixed_row_keeps_its_whole_rationale(g_matrix):
    row = next(r for r in rows("wsis-sdg-matrix", "wsis_sdg_matrix.csv") if r["reference_line"] == "76")
    node = URIRef(f"https://w3id.org/wsis-graph/id/alignment/wsis-sdg-matrix/{row['action_line_id']}/{row['sdg_target']}")
    text = str(g_matrix.value(node, DCTERMS.description))
    assert text == row["rationale_own_words"] and ", grounded in" in text


def test_three_graphs_conform_to_the_shapes(graphs):
    union = Graph()
    for key in ("wsis", "facilitation", "matrix"):
        for triple in graphs[key]:
            union.add(triple)
    report = validate_graph(union)
    assert report.conforms, report.text()


def test_no_blank_nodes(graphs):
    from rdflib import BNode

    for key in ("wsis", "facilitation", "matrix"):
        assert not any(isinstance(t, BNode) for triple in graphs[key] for t in triple)


# -- errors: wsis ------------------------------------------------------------------------------------


def test_missing_column_is_located(tmp_path):
    folder = copy_source("wsis", tmp_path)
    drop_column(folder, "action_lines.csv", "paragraph_confidence")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.file, err.value.row, err.value.column) == ("wsis/action_lines.csv", 1, "paragraph_confidence")


def test_empty_required_name_is_located(tmp_path):
    folder = copy_source("wsis", tmp_path)
    line = edit_cell(folder, "action_lines.csv", {"id": "C3"}, "official_name", "  ")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.file, err.value.row, err.value.column) == ("wsis/action_lines.csv", line, "official_name")


def test_cyrillic_code_is_located(tmp_path):
    folder = copy_source("wsis", tmp_path)
    line = edit_cell(folder, "action_lines.csv", {"id": "C9"}, "id", "\u04219")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.row, err.value.column) == (line, "id")
    assert "CYRILLIC" in err.value.message


def test_paragraph_confidence_must_agree_with_status(tmp_path):
    folder = copy_source("wsis", tmp_path)
    line = edit_cell(folder, "action_lines.csv", {"id": "C1"}, "paragraph_confidence", "verified")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.row, err.value.column) == (line, "poa_paragraph_status")


def test_sub_line_under_the_wrong_parent(tmp_path):
    folder = copy_source("wsis", tmp_path)
    line = edit_cell(folder, "action_lines.csv", {"id": "C7.e-health"}, "parent", "C6")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.row, err.value.column) == (line, "parent")


def test_wikidata_uri_must_match_the_qid(tmp_path):
    folder = copy_source("wsis", tmp_path)
    line = edit_cell(folder, "entities.csv", {"acronym": "WHO"}, "wikidata_uri", "http://www.wikidata.org/entity/Q7809")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.file, err.value.row, err.value.column) == ("wsis/entities.csv", line, "wikidata_uri")


def test_part_of_an_unknown_document(tmp_path):
    folder = copy_source("wsis", tmp_path)
    line = edit_cell(folder, "processes.csv", {"process_id": "TA-120"}, "part_of", "TUNIS-AGENDA-2")
    with pytest.raises(SourceError) as err:
        build_wsis(folder)
    assert (err.value.file, err.value.row, err.value.column) == ("wsis/processes.csv", line, "part_of")
    assert "unknown identifier" in err.value.message


# -- errors: facilitation ----------------------------------------------------------------------------


def test_unknown_entity_is_located(tmp_path):
    folder = copy_source("facilitation", tmp_path)
    line = edit_cell(folder, "facilitators.csv", {"action_line_id": "C2"}, "entity", "UNICEF")
    with pytest.raises(SourceError) as err:
        build_facilitation(folder)
    assert (err.value.file, err.value.row, err.value.column) == ("facilitation/facilitators.csv", line, "entity")
    assert "unknown identifier 'UNICEF'" in err.value.message


def test_unknown_action_line_is_located(tmp_path):
    folder = copy_source("facilitation", tmp_path)
    line = edit_cell(folder, "facilitators.csv", {"action_line_id": "C7.e-health"}, "action_line_id", "C7.e-tourism")
    with pytest.raises(SourceError) as err:
        build_facilitation(folder)
    assert (err.value.row, err.value.column) == (line, "action_line_id")


def test_whole_plan_takes_only_the_overall_role(tmp_path):
    folder = copy_source("facilitation", tmp_path)
    line = edit_cell(folder, "facilitators.csv", {"action_line_id": "ALL", "entity": "UNDP"}, "role", "lead-facilitator")
    with pytest.raises(SourceError) as err:
        build_facilitation(folder)
    assert (err.value.row, err.value.column) == (line, "role")


def test_role_outside_the_scheme(tmp_path):
    folder = copy_source("facilitation", tmp_path)
    line = edit_cell(folder, "facilitators.csv", {"action_line_id": "C10"}, "role", "chair")
    with pytest.raises(SourceError) as err:
        build_facilitation(folder)
    assert (err.value.row, err.value.column) == (line, "role")


def test_duplicate_facilitation_row(tmp_path):
    folder = copy_source("facilitation", tmp_path)
    # Make the C4 co-facilitator row say exactly what the C4 lead row says.
    lead = next(r for r in rows("facilitation", "facilitators.csv") if r["action_line_id"] == "C4" and r["role"] == "lead-facilitator")
    line = edit_cell(folder, "facilitators.csv", {"action_line_id": "C4", "role": "co-facilitator"}, "as_of", lead["as_of"])
    edit_cell(folder, "facilitators.csv", {"action_line_id": "C4", "as_of": lead["as_of"], "role": "co-facilitator"}, "role", "lead-facilitator")
    with pytest.raises(SourceError) as err:
        build_facilitation(folder)
    assert err.value.row == line
    assert "already in row" in err.value.message


def test_reversed_period(tmp_path):
    folder = copy_source("facilitation", tmp_path)
    line = edit_cell(folder, "facilitators.csv", {"action_line_id": "C9", "entity": "ITU"}, "as_of", "2012-2010")
    with pytest.raises(SourceError) as err:
        build_facilitation(folder)
    assert (err.value.row, err.value.column) == (line, "as_of")


# -- errors: WSIS-SDG Matrix --------------------------------------------------------------------------


def build_matrix(folder: Path, sdg_entries: Registry) -> Graph:
    _, registry = build_wsis(registry=copy_registry(sdg_entries))
    return wsis_sdg_matrix.build(make_context(folder, registry=registry, display="wsis-sdg-matrix"))


def test_several_targets_in_one_cell(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    line = edit_cell(folder, "wsis_sdg_matrix.csv", {"action_line_id": "C1", "sdg_target": "3.8"}, "sdg_target", "3.8;3.d")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert (err.value.file, err.value.row, err.value.column) == ("wsis-sdg-matrix/wsis_sdg_matrix.csv", line, "sdg_target")
    assert "packed" in err.value.message


def test_target_of_another_goal(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    line = edit_cell(folder, "wsis_sdg_matrix.csv", {"action_line_id": "C1", "sdg_target": "3.8"}, "sdg_target", "9.c")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert (err.value.row, err.value.column) == (line, "sdg_target")
    assert "does not belong to SDG goal 3" in err.value.message


def test_cyrillic_in_action_line_of_the_matrix(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    line = edit_cell(folder, "wsis_sdg_matrix.csv", {"action_line_id": "C2", "sdg_target": "8.2"}, "action_line_id", "\u04212")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert (err.value.row, err.value.column) == (line, "action_line_id")
    assert "CYRILLIC" in err.value.message


def test_unknown_asserting_mapping(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    line = edit_cell(folder, "wsis_sdg_matrix.csv", {"action_line_id": "C11"}, "asserted_by", "WSIS-SDG-GDC-MATRIX")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert (err.value.row, err.value.column) == (line, "asserted_by")
    assert "unknown identifier" in err.value.message


def test_target_row_without_a_target(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    line = edit_cell(folder, "wsis_sdg_matrix.csv", {"action_line_id": "C2", "sdg_target": "1.4"}, "sdg_target", "")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert (err.value.row, err.value.column) == (line, "sdg_target")


def test_goal_uri_must_be_the_goals(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    line = edit_cell(folder, "wsis_sdg_matrix.csv", {"action_line_id": "C1", "sdg_goal": "1"}, "sdg_goal_uri", "http://metadata.un.org/sdg/11")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert (err.value.row, err.value.column) == (line, "sdg_goal_uri")


def test_unquoted_comma_is_located(tmp_path, sdg_entries):
    folder = copy_source("wsis-sdg-matrix", tmp_path)
    path = folder / "wsis_sdg_matrix.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if ',"Countries should set out' in text)
    lines[index] = lines[index].replace(',"Countries should set out', ",Countries should set out").replace(
        'gender equality.",', "gender equality.,"
    )
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as err:
        build_matrix(folder, sdg_entries)
    assert err.value.row == index + 1
    assert "fields" in err.value.message
