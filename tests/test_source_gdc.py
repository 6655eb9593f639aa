"""The GDC sources: objectives, principles, sections and paragraphs (gdc) and the published
GDC-WSIS links (gdc-wsis-links).

Expected values are looked up in the source tables by the tests, not copied from the graph. The ids
of the SDG and WSIS sources are pre-registered from the shared reference tables, so these tests do
not depend on the modules that declare them; one test chains the real modules when they exist.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from conftest import TEST_BASE, copy_source, make_context
from wsis_graph import paths
from wsis_graph.namespaces import WSIS
from wsis_graph.sources import gdc, gdc_wsis_links
from wsis_graph.sources.base import CONFIDENCE_MARKS, METHODS, Registry
from wsis_graph.tables import SourceError
from wsis_graph.uris import Minter, sdg_goal, sdg_target
from wsis_graph.validation import validate_graph

SOURCES = paths.sources_dir()
REFERENCE = Path("/work/shared/reference")
MINT = Minter(TEST_BASE)
CYRILLIC_ES = "\u0421"


# -- helpers ----------------------------------------------------------------------------------------


def table_rows(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a table with their line numbers (header = line 1)."""
    with open(folder / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def rows(folder: str, name: str) -> list[dict[str, str]]:
    return [row for _, row in table_rows(SOURCES / folder, name)]


def ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def edit_cell(folder: Path, name: str, key: tuple[str, str], column: str, value: str) -> int:
    """Set one cell in the row whose ``key[0]`` column equals ``key[1]``; returns its line number."""
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    header = data[0]
    for index, fields in enumerate(data[1:], start=2):
        if fields[header.index(key[0])] == key[1]:
            fields[header.index(column)] = value
            with open(path, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(data)
            return index
    raise AssertionError(f"no row with {key}")


def drop_column(folder: Path, name: str, column: str) -> None:
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    i = data[0].index(column)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in data])


def reference_registry() -> Registry:
    """The SDG and WSIS ids these sources refer to, from the shared reference tables.

    A process row whose id is also an entity acronym (CSTD, UNGIS …) is one body, registered as
    the entity, as the WSIS source does.
    """
    if not REFERENCE.is_dir():
        pytest.skip("the shared reference tables are not available")
    registry = Registry()
    for _, row in table_rows(REFERENCE / "sdg", "goals.csv"):
        registry.add(row["code"], sdg_goal(row["code"]), "sdg-goal")
    for _, row in table_rows(REFERENCE / "sdg", "targets.csv"):
        registry.add(row["code"], sdg_target(row["code"]), "sdg-target")
    for _, row in table_rows(REFERENCE / "wsis", "entities.csv"):
        registry.add(row["acronym"], MINT.entity(row["acronym"]), "entity")
    for _, row in table_rows(REFERENCE / "wsis", "processes.csv"):
        pid = row["process_id"]
        if pid not in registry:
            kind = "document" if row["type"] in ("outcome document", "text provision") else "process"
            registry.add(pid, MINT.iri(kind, pid), kind)
    return registry


def build_gdc(folder: Path | None = None, registry: Registry | None = None) -> tuple[Graph, Registry]:
    registry = registry if registry is not None else reference_registry()
    graph = gdc.build(make_context(folder or SOURCES / "gdc", registry=registry, display="gdc"))
    return graph, registry


def build_links(folder: Path | None = None) -> Graph:
    _, registry = build_gdc()
    return gdc_wsis_links.build(
        make_context(folder or SOURCES / "gdc-wsis-links", registry=registry, display="gdc-wsis-links")
    )


def registered(registry: Registry, local_id: str) -> URIRef:
    """The IRI of an id the registry knows (a known id never needs a row to report an error)."""
    assert local_id in registry, local_id
    return registry.resolve(local_id, None, "")


def paragraph_iri(ref: str) -> URIRef:
    return MINT.iri("gdc-paragraph", ref)


def expected_paragraph(row: dict[str, str]) -> str | None:
    if not row["paragraph"][:1].isdigit():
        return None
    return f"{row['paragraph']}({row['letter']})" if row["letter"] else row["paragraph"]


def union(*graphs: Graph) -> Graph:
    out = Graph()
    for g in graphs:
        for triple in g:
            out.add(triple)
    return out


@pytest.fixture(scope="module")
def gdc_built() -> tuple[Graph, Registry]:
    return build_gdc()


@pytest.fixture(scope="module")
def gdc_graph(gdc_built) -> Graph:
    return gdc_built[0]


@pytest.fixture(scope="module")
def built() -> tuple[Graph, Graph]:
    graph, registry = build_gdc()
    links = gdc_wsis_links.build(make_context(SOURCES / "gdc-wsis-links", registry=registry))
    return graph, links


# -- objectives, principles, sections ---------------------------------------------------------------


def test_five_objectives_with_official_titles(gdc_graph):
    table = rows("gdc", "gdc_objectives.csv")
    assert len(table) == 5
    objectives = set(gdc_graph.subjects(RDF.type, WSIS.GDCObjective))
    assert len(objectives) == len(table)
    for row in table:
        iri = MINT.iri("gdc-objective", row["objective_id"])
        assert iri in objectives
        assert (iri, SKOS.notation, Literal(row["objective_id"])) in gdc_graph
        assert (iri, SKOS.prefLabel, Literal(row["official_title"], lang="en")) in gdc_graph
        assert (iri, WSIS.paragraph, Literal(row["paragraph"])) in gdc_graph
        assert (iri, SKOS.definition, Literal(row["description_own_words"], lang="en")) in gdc_graph
        assert (iri, WSIS.confidence, CONFIDENCE_MARKS[row["confidence"]]) in gdc_graph
        assert (iri, SKOS.topConceptOf, MINT.scheme("gdc")) in gdc_graph


def test_principles_keep_their_draft_only_mark(gdc_graph):
    table = rows("gdc", "gdc_principles.csv")
    assert len(set(gdc_graph.subjects(RDF.type, WSIS.GDCPrinciple))) == len(table) == 6
    for row in table:
        iri = MINT.iri("gdc-principle", row["principle_id"])
        assert (iri, WSIS.confidence, CONFIDENCE_MARKS[row["confidence"]]) in gdc_graph
        assert (iri, SKOS.prefLabel, Literal(row["short_name"], lang="en")) in gdc_graph
        if row["paragraph"].isdigit():
            expected = f"{row['paragraph']}({row['letter']})" if row["letter"] else row["paragraph"]
            assert gdc_graph.value(iri, WSIS.paragraph) == Literal(expected)
        else:
            assert gdc_graph.value(iri, WSIS.paragraph) is None
            assert gdc_graph.value(iri, WSIS.paragraphAsWorded) == Literal(row["paragraph"])
    assert {r["confidence"] for r in table} == {"draft-only"}


def test_sections_with_ranges_parents_and_objectives(gdc_graph):
    table = rows("gdc", "gdc_sections.csv")
    assert len(set(gdc_graph.subjects(RDF.type, WSIS.GDCSection))) == len(table) == 21
    for row in table:
        iri = MINT.iri("gdc-section", row["section_id"])
        assert (iri, SKOS.prefLabel, Literal(row["heading"], lang="en")) in gdc_graph
        assert (iri, WSIS.sectionLevel, Literal(row["level"])) in gdc_graph
        assert (iri, WSIS.confidence, CONFIDENCE_MARKS[row["confidence"]]) in gdc_graph
        start = gdc_graph.value(iri, WSIS.paragraphStart)
        end = gdc_graph.value(iri, WSIS.paragraphEnd)
        if row["para_start"]:
            assert (start.toPython(), end.toPython()) == (int(row["para_start"]), int(row["para_end"]))
            assert start.datatype == XSD.integer
        else:
            assert start is None and end is None
        if row["parent_id"]:
            assert (MINT.iri("gdc-section", row["parent_id"]), SKOS.member, iri) in gdc_graph
        if row["objective_id"]:
            assert (iri, WSIS.objective, MINT.iri("gdc-objective", row["objective_id"])) in gdc_graph


def test_ids_are_registered_with_their_kinds(gdc_built):
    _, registry = gdc_built
    assert registry.kind("GDC-O3") == "gdc-objective"
    assert registry.kind("GDC-P8(a)") == "gdc-principle"
    assert registry.kind("SEC-O3-IG") == "gdc-section"
    assert registry.kind("GDC-29(b)") == "gdc-paragraph"
    assert registry.kind("DOC-GENEVA-DECLARATION") == "document"
    for row in rows("gdc", "gdc_commitments.csv"):
        assert registry.kind(row["gdc_ref"]) == "gdc-paragraph"


# -- paragraphs and commitments ---------------------------------------------------------------------


def test_every_paragraph_row_is_present_with_its_paragraph_and_confidence(gdc_graph):
    table = rows("gdc", "gdc_commitments.csv")
    assert len(table) == 38
    assert len(set(gdc_graph.subjects(RDF.type, WSIS.GDCParagraph))) == len(table)
    for row in table:
        iri = paragraph_iri(row["gdc_ref"])
        assert (iri, RDF.type, WSIS.GDCParagraph) in gdc_graph, row["gdc_ref"]
        assert (iri, SKOS.notation, Literal(row["gdc_ref"])) in gdc_graph
        assert (iri, WSIS.recordType, Literal(row["record_type"])) in gdc_graph
        assert (iri, DCTERMS.description, Literal(row["summary_own_words"], lang="en")) in gdc_graph
        assert (iri, WSIS.confidence, CONFIDENCE_MARKS[row["confidence"]]) in gdc_graph
        paragraph = expected_paragraph(row)
        if paragraph:
            assert gdc_graph.value(iri, WSIS.paragraph) == Literal(paragraph)
        else:
            assert gdc_graph.value(iri, WSIS.paragraph) is None
            assert gdc_graph.value(iri, WSIS.paragraphAsWorded) == Literal(row["paragraph"])


def test_lettered_commitment_paragraph_is_number_and_letter(gdc_graph):
    row = next(r for r in rows("gdc", "gdc_commitments.csv") if r["letter"] and r["record_type"] == "commitment")
    iri = paragraph_iri(row["gdc_ref"])
    assert str(gdc_graph.value(iri, WSIS.paragraph)) == f"{row['paragraph']}({row['letter']})"


def test_commitment_class_follows_the_record_type(gdc_graph):
    for row in rows("gdc", "gdc_commitments.csv"):
        iri = paragraph_iri(row["gdc_ref"])
        is_commitment = row["record_type"] in ("commitment", "commitment (draft text)")
        assert ((iri, RDF.type, WSIS.GDCCommitment) in gdc_graph) == is_commitment, row["gdc_ref"]


def test_unknown_paragraph_rows_stay_unknown(gdc_graph):
    unknown = [r for r in rows("gdc", "gdc_commitments.csv") if r["confidence"] == "unknown-paragraph"]
    assert unknown
    for row in unknown:
        iri = paragraph_iri(row["gdc_ref"])
        assert set(gdc_graph.objects(iri, WSIS.confidence)) == {WSIS.UnknownParagraph}
        assert gdc_graph.value(iri, WSIS.paragraph) is None
    marked = set(gdc_graph.subjects(WSIS.confidence, WSIS.UnknownParagraph))
    assert {paragraph_iri(r["gdc_ref"]) for r in unknown} == marked & set(gdc_graph.subjects(RDF.type, WSIS.GDCParagraph))


def test_draft_only_rows_stay_draft_only(gdc_graph):
    drafts = [r for r in rows("gdc", "gdc_commitments.csv") if r["confidence"] == "draft-only"]
    assert drafts
    for row in drafts:
        iri = paragraph_iri(row["gdc_ref"])
        assert set(gdc_graph.objects(iri, WSIS.confidence)) == {WSIS.DraftOnly}
        assert gdc_graph.value(iri, WSIS.paragraphStatus) == Literal(row["numbering_basis"])


def test_single_source_rows_are_not_upgraded(gdc_graph):
    single = [r for r in rows("gdc", "gdc_commitments.csv") if r["confidence"] == "single-source"]
    assert single
    for row in single:
        assert set(gdc_graph.objects(paragraph_iri(row["gdc_ref"]), WSIS.confidence)) == {WSIS.SingleSource}


def test_each_objective_has_its_commitments(gdc_graph):
    table = rows("gdc", "gdc_commitments.csv")
    for objective in rows("gdc", "gdc_objectives.csv"):
        iri = MINT.iri("gdc-objective", objective["objective_id"])
        expected = {paragraph_iri(r["gdc_ref"]) for r in table if r["objective_id"] == objective["objective_id"]}
        assert set(gdc_graph.subjects(WSIS.objective, iri)) - set(gdc_graph.subjects(RDF.type, WSIS.GDCSection)) == expected
        commitments = {
            paragraph_iri(r["gdc_ref"])
            for r in table
            if r["objective_id"] == objective["objective_id"] and r["record_type"].startswith("commitment")
        }
        found = {p for p in gdc_graph.subjects(WSIS.objective, iri) if (p, RDF.type, WSIS.GDCCommitment) in gdc_graph}
        assert found == commitments
    follow_up = [r for r in table if r["objective_id"] == "follow-up"]
    assert follow_up and all(gdc_graph.value(paragraph_iri(r["gdc_ref"]), WSIS.objective) is None for r in follow_up)


def test_paragraphs_belong_to_their_section(gdc_graph):
    for row in rows("gdc", "gdc_commitments.csv"):
        iri = paragraph_iri(row["gdc_ref"])
        section = MINT.iri("gdc-section", row["section_id"])
        assert (iri, WSIS.section, section) in gdc_graph
        assert (section, SKOS.member, iri) in gdc_graph
        assert gdc_graph.value(iri, WSIS.sectionAsWorded) == Literal(row["section"])


def test_target_year_only_where_the_cell_starts_with_a_year(gdc_graph):
    for row in rows("gdc", "gdc_commitments.csv"):
        iri = paragraph_iri(row["gdc_ref"])
        year = re.match(r"(\d{4})\b", row["target_year"])
        if year:
            assert gdc_graph.value(iri, WSIS.targetYear) == Literal(year.group(1), datatype=XSD.gYear)
        else:
            assert gdc_graph.value(iri, WSIS.targetYear) is None
        if row["target_year"]:
            assert gdc_graph.value(iri, WSIS.targetYearAsWorded) == Literal(row["target_year"])


REFERENCE_COLUMNS = {
    "sdg_refs_in_text": WSIS.sdgReferenceAsWorded,
    "wsis_refs": WSIS.wsisReferenceAsWorded,
    "igf_refs": WSIS.igfReferenceAsWorded,
    "human_rights_ref": WSIS.humanRightsReferenceAsWorded,
    "un_entities_named": WSIS.entitiesNamedAsWorded,
}
ID_COLUMNS = {
    "sdg_ref_ids": "sdg_refs_in_text",
    "wsis_ref_ids": "wsis_refs",
    "igf_ref_ids": "igf_refs",
    "un_entity_ids": "un_entities_named",
}


def test_reference_cells_are_kept_verbatim(gdc_graph):
    for row in rows("gdc", "gdc_commitments.csv"):
        iri = paragraph_iri(row["gdc_ref"])
        for column, predicate in REFERENCE_COLUMNS.items():
            expected = [Literal(row[column])] if row[column] else []
            assert list(gdc_graph.objects(iri, predicate)) == expected, (row["gdc_ref"], column)


#: How a cell names each mapped id, where it does not use the id itself.
NAMES = {
    "UNGA": "General Assembly",
    "UN": "United Nations",
    "AI-PANEL-DIALOGUE": "Scientific Panel on AI",
    "GENEVA-POA": "Geneva Plan of Action",
    "TUNIS-AGENDA": "Tunis Agenda",
    "DOC-GENEVA-DECLARATION": "Geneva Declaration of Principles",
    "IGF-NRI": "national and regional initiatives",
    "WSIS-FORUM": "WSIS Forum",
    "WSIS20": "WSIS+20 review",
}


def test_every_mapped_reference_is_named_in_its_cell():
    for row in rows("gdc", "gdc_commitments.csv"):
        for id_column, text_column in ID_COLUMNS.items():
            for item in ids(row[id_column]):
                name = f"SDG {item}" if id_column == "sdg_ref_ids" else NAMES.get(item, item)
                assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", row[text_column]), (row["gdc_ref"], item)


def test_mapped_references_are_qualified_links(gdc_built):
    gdc_graph, registry = gdc_built
    expected = 0
    for row in rows("gdc", "gdc_commitments.csv"):
        iri = paragraph_iri(row["gdc_ref"])
        targets = {item for column in ID_COLUMNS for item in ids(row[column])}
        expected += len(targets)
        for item in targets:
            target = registered(registry, item)
            node = MINT.iri("alignment", "gdc", row["gdc_ref"], item)
            assert (iri, WSIS.linkedTo, target) in gdc_graph, (row["gdc_ref"], item)
            assert (node, WSIS.alignmentSubject, iri) in gdc_graph
            assert (node, WSIS.alignmentObject, target) in gdc_graph
            assert (node, WSIS.method, WSIS.OfficialText) in gdc_graph
            assert (node, WSIS.confidence, CONFIDENCE_MARKS[row["confidence"]]) in gdc_graph
            paragraph = expected_paragraph(row)
            if paragraph:
                assert gdc_graph.value(node, WSIS.locator) == Literal(f"GDC para {paragraph}")
    assert len(set(gdc_graph.subjects(RDF.type, WSIS.Alignment))) == expected


def test_unmapped_references_give_no_link(gdc_graph):
    """The cell of GDC-72 names ODET, which did not exist when the Compact was adopted, and
    GDC-11(d)'s cell says the text may not name Giga: neither is linked (see PROVENANCE.md)."""
    for ref in ("GDC-72", "GDC-11(d)", "GDC-3"):
        row = next(r for r in rows("gdc", "gdc_commitments.csv") if r["gdc_ref"] == ref)
        assert not any(row[c] for c in ID_COLUMNS)
        assert list(gdc_graph.objects(paragraph_iri(ref), WSIS.linkedTo)) == []


def test_the_sdg_link_uses_the_un_iri(gdc_graph):
    row = next(r for r in rows("gdc", "gdc_commitments.csv") if r["sdg_ref_ids"])
    for goal in ids(row["sdg_ref_ids"]):
        assert (paragraph_iri(row["gdc_ref"]), WSIS.linkedTo, URIRef(f"http://metadata.un.org/sdg/{goal}")) in gdc_graph


def test_gdc_declares_the_geneva_declaration(gdc_graph):
    doc = MINT.iri("document", "DOC-GENEVA-DECLARATION")
    assert (doc, RDF.type, WSIS.Document) in gdc_graph
    assert (paragraph_iri("GDC-5"), WSIS.linkedTo, doc) in gdc_graph


# -- links --------------------------------------------------------------------------------------------


def link_node(link_id: str, subject_id: str, target_id: str) -> URIRef:
    return MINT.iri("alignment", "gdc-wsis-links", link_id, subject_id, target_id)


def test_every_link_row_has_its_alignments(built):
    _, links = built
    table = rows("gdc-wsis-links", "gdc_wsis_links.csv")
    assert len(table) == 20
    expected = 0
    for row in table:
        pairs = [(s, t) for s in ids(row["subject_ids"]) for t in ids(row["target_ids"])]
        assert pairs, row["link_id"]
        expected += len(pairs)
        for subject_id, target_id in pairs:
            node = link_node(row["link_id"], subject_id, target_id)
            assert (node, RDF.type, WSIS.Alignment) in links, node
            subject = links.value(node, WSIS.alignmentSubject)
            target = links.value(node, WSIS.alignmentObject)
            assert (subject, WSIS.linkedTo, target) in links
            assert links.value(node, DCTERMS.identifier) == Literal(row["link_id"])
            assert links.value(node, WSIS.relationAsWorded) == Literal(row["relation"])
            assert links.value(node, WSIS.objectAsWorded) == Literal(row["target"])
            assert links.value(node, WSIS.method) == METHODS[row["method"]]
            assert links.value(node, WSIS.confidence) == CONFIDENCE_MARKS[row["confidence"]]
            assert links.value(node, WSIS.sourceDocument) == URIRef(row["source_url"])
            assert links.value(node, DCTERMS.publisher) == Literal(row["publisher_of_source"])
    assert len(set(links.subjects(RDF.type, WSIS.Alignment))) == expected


def test_link_subjects_are_the_gdc_paragraphs_the_row_names(built):
    _, links = built
    for row in rows("gdc-wsis-links", "gdc_wsis_links.csv"):
        refs = ids(row["gdc_ref"])
        if refs and all(re.fullmatch(r"GDC-\d+(\(\w\))?", r) for r in refs):
            for ref in refs:
                for target_id in ids(row["target_ids"]):
                    node = link_node(row["link_id"], ref, target_id)
                    assert links.value(node, WSIS.alignmentSubject) == paragraph_iri(ref)
                    assert links.value(node, WSIS.subjectAsWorded) == Literal(row["gdc_ref"])


def test_link_publishers_that_are_entities_get_an_iri(built):
    _, links = built
    table = rows("gdc-wsis-links", "gdc_wsis_links.csv")
    assert any(r["publisher_id"] for r in table) and any(not r["publisher_id"] for r in table)
    for row in table:
        for node in links.subjects(DCTERMS.identifier, Literal(row["link_id"])):
            attributed = list(links.objects(node, PROV.wasAttributedTo))
            if row["publisher_id"]:
                assert attributed == [MINT.entity(row["publisher_id"])], row["link_id"]
            else:
                assert attributed == [], row["link_id"]


def test_link_dates_are_typed_only_when_they_are_dates(built):
    _, links = built
    for row in rows("gdc-wsis-links", "gdc_wsis_links.csv"):
        node = next(links.subjects(DCTERMS.identifier, Literal(row["link_id"])))
        if re.fullmatch(r"\d{4}", row["source_date"]):
            assert links.value(node, DCTERMS.date) == Literal(row["source_date"], datatype=XSD.gYear)
        else:
            assert links.value(node, DCTERMS.date) is None
            assert links.value(node, WSIS.dateAsWorded) == Literal(row["source_date"])


def test_no_link_to_an_action_line_is_made(gdc_built):
    """No published mapping of GDC items to individual Action Lines was found."""
    _, registry = gdc_built
    for row in rows("gdc-wsis-links", "gdc_wsis_links.csv"):
        assert all(registry.kind(t) != "action-line" for t in ids(row["target_ids"]))


def test_links_declare_the_documents_they_name(built):
    _, links = built
    for row in rows("gdc-wsis-links", "documents.csv"):
        doc = MINT.iri("document", row["document_id"])
        assert (doc, RDF.type, WSIS.Document) in links
        assert (doc, SKOS.prefLabel, Literal(row["title_as_named"], lang="en")) in links
        assert (doc, WSIS.confidence, CONFIDENCE_MARKS[row["confidence"]]) in links
        assert (None, WSIS.linkedTo, doc) in links or (doc, WSIS.linkedTo, None) in links


# -- shapes and the real chain -------------------------------------------------------------------------


def test_graphs_conform_to_the_shapes(built):
    report = validate_graph(union(*built))
    assert report.conforms, report.text()


def test_shapes_catch_a_number_on_an_unknown_paragraph(built):
    graph, links = built
    broken = union(graph, links)
    iri = paragraph_iri("GDC-access-languages")
    broken.remove((iri, WSIS.paragraphAsWorded, None))
    broken.add((iri, WSIS.paragraph, Literal("12")))
    report = validate_graph(broken)
    assert "wsh:GDCParagraphShape" in report.by_shape()


def test_chain_with_the_real_wsis_source():
    """The ids this source maps resolve against the real WSIS (and, once it exists, SDG) modules."""
    if not importlib.util.find_spec("wsis_graph.sources.wsis") or not (SOURCES / "wsis" / "source.toml").exists():
        pytest.skip("the WSIS source does not exist yet")
    from wsis_graph.sources import wsis

    graphs = []
    registry = Registry()
    if importlib.util.find_spec("wsis_graph.sources.sdg") and (SOURCES / "sdg" / "source.toml").exists():
        from wsis_graph.sources import sdg

        graphs.append(sdg.build(make_context(SOURCES / "sdg", registry=registry)))
    else:
        for _, row in table_rows(REFERENCE / "sdg", "goals.csv"):
            registry.add(row["code"], sdg_goal(row["code"]), "sdg-goal")
    for folder, module in (("wsis", wsis), ("gdc", gdc), ("gdc-wsis-links", gdc_wsis_links)):
        graphs.append(module.build(make_context(SOURCES / folder, registry=registry)))
    assert (paragraph_iri("GDC-28"), WSIS.linkedTo, registered(registry, "IGF")) in graphs[-2]
    report = validate_graph(union(*graphs))
    assert report.conforms, report.text()


# -- errors ---------------------------------------------------------------------------------------------


def expect_error(folder: Path, *, links: bool = False) -> SourceError:
    with pytest.raises(SourceError) as err:
        if links:
            build_links(folder)
        else:
            build_gdc(folder)
    return err.value


def test_an_objective_that_does_not_exist(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-17(a)"), "objective_id", "GDC-O9")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "objective_id")
    assert "unknown identifier 'GDC-O9'" in err.message


def test_a_cyrillic_letter_in_an_objective_id(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-11(b)"), "objective_id", f"GD{CYRILLIC_ES}-O1")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "objective_id")
    assert "CYRILLIC CAPITAL LETTER ES" in err.message


def test_a_cyrillic_letter_in_the_objectives_table(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_objectives.csv", ("objective_id", "GDC-O1"), "objective_id", f"GD{CYRILLIC_ES}-O1")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_objectives.csv", line, "objective_id")
    assert "CYRILLIC CAPITAL LETTER ES" in err.message


def test_packed_objective_ids(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-26"), "objective_id", "GDC-O3;GDC-O1")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "objective_id")
    assert "packed" in err.message


def test_a_missing_column(tmp_path):
    folder = copy_source("gdc", tmp_path)
    drop_column(folder, "gdc_commitments.csv", "confidence")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", 1, "confidence")


def test_an_empty_required_field(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-42(c)"), "summary_own_words", "  ")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "summary_own_words")
    assert "empty" in err.message


def test_a_verified_row_without_a_paragraph_number_is_refused(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-info-access"), "confidence", "verified")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "paragraph")


def test_an_unknown_paragraph_row_with_a_number_is_refused(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-info-access"), "paragraph", "33")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "paragraph")
    assert "unknown-paragraph" in err.message


def test_a_ref_that_does_not_spell_its_paragraph(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-17(c)"), "letter", "e")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "gdc_ref")


def test_a_section_under_another_objective(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-17(a)"), "section_id", "SEC-O3-IG")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "section_id")


def test_a_paragraph_outside_its_section_range(tmp_path):
    folder = copy_source("gdc", tmp_path)
    edit_cell(folder, "gdc_sections.csv", ("section_id", "SEC-O3-IG"), "para_end", "28")
    first_outside = next(
        line
        for line, row in table_rows(folder, "gdc_commitments.csv")
        if row["section_id"] == "SEC-O3-IG" and int(row["paragraph"]) > 28
    )
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", first_outside, "section_id")
    assert "outside section 'SEC-O3-IG'" in err.message


def test_a_reference_id_without_a_cell(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-26"), "un_entity_ids", "ITU")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "un_entity_ids")


def test_an_unknown_reference_id(tmp_path):
    folder = copy_source("gdc", tmp_path)
    line = edit_cell(folder, "gdc_commitments.csv", ("gdc_ref", "GDC-29(a)"), "sdg_ref_ids", "19")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("gdc/gdc_commitments.csv", line, "sdg_ref_ids")


def test_an_unknown_gdc_ref_in_links(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L03"), "gdc_ref", "GDC-99")
    edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L03"), "subject_ids", "GDC-99")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "gdc_ref")
    assert "unknown identifier 'GDC-99'" in err.message


def test_subject_ids_must_match_the_gdc_ref_cell(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L04"), "subject_ids", "GDC-29(a)")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "subject_ids")


def test_an_unknown_target_in_links(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L07"), "target_ids", "WSIS-FORUMS")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "target_ids")


def test_a_cyrillic_letter_in_a_link_target(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L09"), "target_ids", f"{CYRILLIC_ES}STD")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "target_ids")
    assert "CYRILLIC CAPITAL LETTER ES" in err.message


def test_a_link_row_without_a_target_id(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L15"), "target_ids", "")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "target_ids")


def test_a_link_with_an_empty_publisher(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L10"), "publisher_of_source", "")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "publisher_of_source")


def test_a_link_method_outside_the_set(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    line = edit_cell(folder, "gdc_wsis_links.csv", ("link_id", "L01"), "method", "derived")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", line, "method")


def test_links_missing_a_column(tmp_path):
    folder = copy_source("gdc-wsis-links", tmp_path)
    drop_column(folder, "gdc_wsis_links.csv", "target_ids")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("gdc-wsis-links/gdc_wsis_links.csv", 1, "target_ids")
