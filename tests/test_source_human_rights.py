"""The human-rights sources: instruments and provisions (human-rights) and the groundings in them
(rights-links).

Expected values are looked up in the source tables by the tests, not copied from the graph. The ids
of the SDG, WSIS and GDC sources are pre-registered from the shared reference tables (and the GDC
source's documents table), so these tests do not depend on the modules that declare them; one test
chains the real modules when they exist.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

from conftest import TEST_BASE, copy_source, make_context
from wsis_graph import paths
from wsis_graph.namespaces import WIKIDATA, WSIS
from wsis_graph.sources import human_rights, rights_links
from wsis_graph.sources.base import CONFIDENCE_MARKS, Registry
from wsis_graph.tables import SourceError
from wsis_graph.uris import Minter, sdg_goal, sdg_target
from wsis_graph.validation import validate_graph

SOURCES = paths.sources_dir()
REFERENCE = Path("/work/shared/reference")
MINT = Minter(TEST_BASE)
CYRILLIC_ES = "\u0421"
HR, RL = "human-rights", "rights-links"


# -- helpers ----------------------------------------------------------------------------------------


def table_rows(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a table with their line numbers (header = line 1)."""
    with open(folder / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def rows(folder: str, name: str) -> list[dict[str, str]]:
    return [row for _, row in table_rows(SOURCES / folder, name)]


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
    """The SDG, WSIS and GDC ids the links name, from the shared reference tables.

    A process row whose id is also an entity acronym is that entity, as the WSIS source does; the
    Geneva Declaration is declared by the GDC source's documents table.
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
            document = row["type"] in ("outcome document", "text provision") or pid == "GDC"
            kind = "document" if document else "process"
            registry.add(pid, MINT.iri(kind, pid), kind)
    for _, row in table_rows(SOURCES / "gdc", "documents.csv"):
        registry.add(row["document_id"], MINT.iri("document", row["document_id"]), "document")
    return registry


def build_rights(folder: Path | None = None, registry: Registry | None = None) -> tuple[Graph, Registry]:
    registry = registry if registry is not None else reference_registry()
    graph = human_rights.build(make_context(folder or SOURCES / HR, registry=registry, display=HR))
    return graph, registry


def build_links(folder: Path | None = None) -> Graph:
    _, registry = build_rights()
    return rights_links.build(make_context(folder or SOURCES / RL, registry=registry, display=RL))


def union(*graphs: Graph) -> Graph:
    out = Graph()
    for g in graphs:
        for triple in g:
            out.add(triple)
    return out


def instrument_iri(code: str) -> URIRef:
    return MINT.iri("instrument", code)


def provision_iri(pid: str) -> URIRef:
    return MINT.iri("provision", pid)


def alignment_iri(link_id: str) -> URIRef:
    return MINT.iri("alignment", "rights-links", link_id)


def mark_of(cell: str) -> URIRef:
    """The mark a plain confidence cell names."""
    return CONFIDENCE_MARKS[cell]


@pytest.fixture(scope="module")
def rights_built() -> tuple[Graph, Registry]:
    return build_rights()


@pytest.fixture(scope="module")
def hr_graph(rights_built) -> Graph:
    return rights_built[0]


@pytest.fixture(scope="module")
def links_graph(rights_built) -> Graph:
    _, registry = rights_built
    return rights_links.build(make_context(SOURCES / RL, registry=registry, display=RL))


# -- instruments ---------------------------------------------------------------------------------------


def test_44_instruments_one_per_row(hr_graph):
    table = rows(HR, "instruments.csv")
    assert len(table) == 44
    instruments = set(hr_graph.subjects(RDF.type, WSIS.Instrument))
    assert instruments == {instrument_iri(row["id"]) for row in table}
    scheme = MINT.scheme("human-rights")
    for iri in instruments:
        assert (iri, SKOS.topConceptOf, scheme) in hr_graph


def test_instrument_names_kinds_and_bodies(hr_graph):
    for row in rows(HR, "instruments.csv"):
        iri = instrument_iri(row["id"])
        assert hr_graph.value(iri, SKOS.notation) == Literal(row["id"])
        assert hr_graph.value(iri, SKOS.prefLabel) == Literal(row["official_title"], lang="en")
        assert hr_graph.value(iri, WSIS.instrumentKind) == Literal(row["kind"])
        assert hr_graph.value(iri, WSIS.adoptingBody) == Literal(row["adopting_body"])
        assert hr_graph.value(iri, WSIS.legallyBinding) == Literal(row["legally_binding"])
        assert hr_graph.value(iri, WSIS.digitalRelevance) == Literal(row["digital_relevance"], lang="en")
        short = hr_graph.value(iri, SKOS.altLabel)
        assert short == (None if row["short_name"] == row["official_title"] else Literal(row["short_name"], lang="en"))


def test_udhr_is_resolution_217_of_10_december_1948(hr_graph):
    udhr = next(row for row in rows(HR, "instruments.csv") if row["id"] == "UDHR")
    iri = instrument_iri("UDHR")
    assert hr_graph.value(iri, DCTERMS.issued) == Literal(udhr["adoption_date"], datatype=XSD.date)
    assert hr_graph.value(iri, WSIS.documentSymbol) == Literal(udhr["document_symbol"])
    assert hr_graph.value(iri, WSIS.documentSymbolConfidence) == mark_of(udhr["symbol_status"])


def test_adoption_dates_keep_their_precision_and_wording(hr_graph):
    for row in rows(HR, "instruments.csv"):
        issued = hr_graph.value(instrument_iri(row["id"]), DCTERMS.issued)
        if row["adoption_date"]:
            assert str(issued) == row["adoption_date"]
            assert issued.datatype == (XSD.date if len(row["adoption_date"]) == 10 else XSD.gYearMonth)
        elif row["adoption_year"]:
            assert issued == Literal(row["adoption_year"], datatype=XSD.gYear)
        else:
            assert issued is None
        worded = hr_graph.value(instrument_iri(row["id"]), WSIS.dateAsWorded)
        assert worded == (Literal(row["adoption_date_as_worded"]) if row["adoption_date_as_worded"] else None)


def test_entry_into_force_only_for_treaties(hr_graph):
    for row in rows(HR, "instruments.csv"):
        date = hr_graph.value(instrument_iri(row["id"]), WSIS.entryIntoForce)
        if row["entry_into_force"]:
            assert row["kind"] == "treaty"
            assert date == Literal(row["entry_into_force"], datatype=XSD.date)
        else:
            assert date is None


def test_every_symbol_status_is_carried_as_its_own_mark(hr_graph):
    for row in rows(HR, "instruments.csv"):
        iri = instrument_iri(row["id"])
        mark = hr_graph.value(iri, WSIS.documentSymbolConfidence)
        status = row["symbol_status"]
        if not status:
            assert mark is None
        elif "unverified" in status or "believed" in status:
            assert mark == WSIS.Unknown, row["id"]
            assert hr_graph.value(iri, WSIS.documentSymbolStatus) == Literal(status)
        else:
            assert mark == mark_of(status), row["id"]


def test_a_believed_symbol_is_not_verified(hr_graph):
    """CPED's symbol is in the table but 'unverified (believed …)': it stays, marked unknown."""
    cped = next(row for row in rows(HR, "instruments.csv") if row["id"] == "CPED")
    assert cped["symbol_status"].startswith("unverified (believed")
    iri = instrument_iri("CPED")
    assert hr_graph.value(iri, WSIS.documentSymbol) == Literal(cped["document_symbol"])
    assert hr_graph.value(iri, WSIS.documentSymbolConfidence) == WSIS.Unknown
    assert (iri, WSIS.documentSymbolConfidence, WSIS.Verified) not in hr_graph
    assert (iri, WSIS.documentSymbolConfidence, WSIS.SingleSource) not in hr_graph


def test_a_symbol_named_only_in_the_status_is_not_stated(hr_graph):
    """GA 77th-session privacy resolution: 'unverified (believed A/RES/77/211)', no symbol cell."""
    for row in rows(HR, "instruments.csv"):
        if row["document_symbol"]:
            continue
        iri = instrument_iri(row["id"])
        assert hr_graph.value(iri, WSIS.documentSymbol) is None
        believed = re.findall(r"[A-Z]+/[A-Z0-9/.()]+", row["symbol_status"])
        for symbol in believed:
            assert (None, WSIS.documentSymbol, Literal(symbol)) not in hr_graph


def test_draft_symbol_is_kept_only_as_worded(hr_graph):
    row = next(r for r in rows(HR, "instruments.csv") if r["document_symbol_as_worded"].startswith("draft "))
    iri = instrument_iri(row["id"])
    assert hr_graph.value(iri, WSIS.documentSymbol) is None
    assert hr_graph.value(iri, WSIS.documentSymbolAsWorded) == Literal(row["document_symbol_as_worded"])
    assert hr_graph.value(iri, WSIS.documentSymbolConfidence) == WSIS.Unknown


def test_wikidata_items_only_where_the_table_gives_one(hr_graph):
    table = rows(HR, "instruments.csv")
    with_qid = [row for row in table if row["wikidata_qid"]]
    assert len(list(hr_graph.subject_objects(WSIS.wikidata))) == len(with_qid)
    for row in with_qid:
        iri = instrument_iri(row["id"])
        assert hr_graph.value(iri, WSIS.wikidata) == WIKIDATA[row["wikidata_qid"]]
        assert row["qid_status"].startswith("single-source")
        assert hr_graph.value(iri, WSIS.wikidataConfidence) == WSIS.SingleSource
        assert hr_graph.value(iri, WSIS.wikidataEvidence) == Literal(row["qid_status"])


def test_pages_are_never_marked_verified(hr_graph):
    for row in rows(HR, "instruments.csv"):
        iri = instrument_iri(row["id"])
        if row["uri"]:
            assert hr_graph.value(iri, FOAF.page) == URIRef(row["uri"])
            assert hr_graph.value(iri, WSIS.pageConfidence) == WSIS.SingleSource
        else:
            assert hr_graph.value(iri, FOAF.page) is None
            assert hr_graph.value(iri, WSIS.pageConfidence) is None
        assert hr_graph.value(iri, WSIS.pageStatus) == (Literal(row["uri_status"]) if row["uri_status"] else None)


def test_source_keys_become_keys_and_citations(hr_graph):
    described = {row["key"]: row["description"] for row in rows(HR, "sources.csv")}
    for row in rows(HR, "instruments.csv"):
        iri = instrument_iri(row["id"])
        keys = row["sources"].split(";")
        assert {str(k) for k in hr_graph.objects(iri, WSIS.sourceKey)} == set(keys)
        for key in keys:
            assert (iri, DCTERMS.bibliographicCitation, Literal(f"{key}: {described[key]}")) in hr_graph


# -- provisions -----------------------------------------------------------------------------------------


def test_120_provisions_under_their_instruments(hr_graph):
    table = rows(HR, "provisions.csv")
    assert len(table) == 120
    assert set(hr_graph.subjects(RDF.type, WSIS.Provision)) == {provision_iri(r["provision_id"]) for r in table}
    for row in table:
        iri = provision_iri(row["provision_id"])
        instrument = instrument_iri(row["instrument"])
        assert hr_graph.value(iri, SKOS.notation) == Literal(row["provision_id"])
        assert hr_graph.value(iri, WSIS.instrument) == instrument
        assert hr_graph.value(iri, SKOS.broader) == instrument
        assert (instrument, SKOS.narrower, iri) in hr_graph
        assert hr_graph.value(iri, WSIS.articleNumber) == Literal(row["article"])
        assert hr_graph.value(iri, SKOS.prefLabel) == Literal(row["right_short_name"], lang="en")
        assert hr_graph.value(iri, WSIS.digitalRelevance) == Literal(row["digital_relevance"], lang="en")
        assert hr_graph.value(iri, WSIS.textCheck) == Literal(row["text_checked"])


def test_all_30_udhr_articles(hr_graph):
    udhr = instrument_iri("UDHR")
    articles = {str(hr_graph.value(p, WSIS.articleNumber)) for p in hr_graph.subjects(WSIS.instrument, udhr)}
    assert articles == {str(n) for n in range(1, 31)}
    in_table = {row["article"] for row in rows(HR, "provisions.csv") if row["instrument"] == "UDHR"}
    assert articles == in_table


def test_provision_iri_is_minted_from_its_id(hr_graph):
    assert (provision_iri("ICESCR:15(1)(b)"), RDF.type, WSIS.Provision) in hr_graph
    assert str(provision_iri("UDHR:19")).endswith("/provision/UDHR-19")


def test_unchecked_provisions_cite_no_text(hr_graph):
    for row in rows(HR, "provisions.csv"):
        iri = provision_iri(row["provision_id"])
        keys = {str(k) for k in hr_graph.objects(iri, WSIS.sourceKey)}
        assert keys == (set() if row["text_checked"] == "not re-checked" else {row["text_checked"]})


def test_ids_are_registered_with_their_kinds(rights_built):
    _, registry = rights_built
    for row in rows(HR, "instruments.csv"):
        assert registry.kind(row["id"]) == "instrument"
    for row in rows(HR, "provisions.csv"):
        assert registry.kind(row["provision_id"]) == "provision"
        assert registry.resolve(row["provision_id"], None, "") == provision_iri(row["provision_id"])


# -- links ------------------------------------------------------------------------------------------------


def expected_method(basis: str) -> URIRef:
    """The method PROVENANCE.md gives a basis, by its wording."""
    if re.match(r"compiler inference|wording match|co-listing|secondary summary", basis):
        return WSIS.CompilerInference
    if re.match(r"published|secondary description", basis):
        return WSIS.PublishedMapping
    assert re.match(r"explicit|title|quotation", basis), basis
    return WSIS.OfficialText


def registered_end(registry: Registry, ref: str) -> URIRef:
    return registry.resolve(ref, None, "")


#: The relations PROVENANCE.md reads the other way round (the 'to' end is grounded in the 'from' end).
REVERSED = {
    "reflected_in_sdg_target",
    "co-listed_on_DIHR_ICT_theme_page",
    "precondition_for (per CRPD GC 2)",
    "annexes",
}


def test_every_link_is_an_alignment_with_method_and_confidence(rights_built, links_graph):
    _, registry = rights_built
    table = rows(RL, "links.csv")
    assert len(table) == 86
    assert len(set(links_graph.subjects(RDF.type, WSIS.Alignment))) == len(table)
    for row in table:
        node = alignment_iri(row["link_id"])
        assert (node, RDF.type, WSIS.Alignment) in links_graph, row["link_id"]
        assert links_graph.value(node, WSIS.method) == expected_method(row["basis"]), row["link_id"]
        assert links_graph.value(node, WSIS.confidence) == mark_of(row["confidence"]), row["link_id"]
        assert links_graph.value(node, WSIS.relation) == WSIS.groundedIn
        assert links_graph.value(node, WSIS.relationAsWorded) == Literal(row["relation"])
        assert links_graph.value(node, WSIS.basis) == Literal(row["basis"])
        start, end = registered_end(registry, row["from_ref"]), registered_end(registry, row["to_ref"])
        subject, obj = (end, start) if row["relation"] in REVERSED else (start, end)
        assert links_graph.value(node, WSIS.alignmentSubject) == subject, row["link_id"]
        assert links_graph.value(node, WSIS.alignmentObject) == obj, row["link_id"]
        assert (subject, WSIS.groundedIn, obj) in links_graph


def test_single_source_links_stay_single_source(links_graph):
    for row in rows(RL, "links.csv"):
        node = alignment_iri(row["link_id"])
        if row["confidence"] == "single-source" or row["basis"].startswith("compiler inference"):
            assert links_graph.value(node, WSIS.confidence) == WSIS.SingleSource
            assert (node, WSIS.confidence, WSIS.Verified) not in links_graph


def test_wsis_plus_10_upholds_privacy_in_udhr_article_12(links_graph):
    row = next(
        r for r in rows(RL, "links.csv") if r["from_id"] == "GA-RES-70-125" and r["to_id"] == "UDHR:12"
    )
    node = alignment_iri(row["link_id"])
    assert (instrument_iri("GA-RES-70-125"), WSIS.groundedIn, provision_iri("UDHR:12")) in links_graph
    assert links_graph.value(node, WSIS.locator) == Literal(row["from_locator"])
    assert links_graph.value(node, WSIS.confidence) == mark_of(row["confidence"])
    assert links_graph.value(node, WSIS.method) == WSIS.OfficialText


def test_sdg_targets_are_grounded_in_provisions_not_the_reverse(links_graph):
    row = next(r for r in rows(RL, "links.csv") if r["relation"] == "reflected_in_sdg_target" and r["from_locator"])
    target = sdg_target(row["to_id"].removeprefix("SDG:"))
    provision = provision_iri(row["from_id"])
    assert (target, WSIS.groundedIn, provision) in links_graph
    assert (provision, WSIS.groundedIn, target) not in links_graph
    node = alignment_iri(row["link_id"])
    assert links_graph.value(node, WSIS.objectLocator) == Literal(row["from_locator"])
    assert row["from_id"] in str(links_graph.value(node, SKOS.editorialNote))


def test_both_locators_are_kept(links_graph):
    for row in rows(RL, "links.csv"):
        node = alignment_iri(row["link_id"])
        subject_side, object_side = ("to", "from") if row["relation"] in REVERSED else ("from", "to")
        for side, predicate in ((subject_side, WSIS.locator), (object_side, WSIS.objectLocator)):
            expected = row[f"{side}_locator"]
            assert links_graph.value(node, predicate) == (Literal(expected) if expected else None), row["link_id"]


def test_aliased_ends_resolve_to_the_registered_documents(rights_built, links_graph):
    _, registry = rights_built
    geneva = registered_end(registry, "DOC-GENEVA-DECLARATION")
    row = next(r for r in rows(RL, "links.csv") if r["from_id"] == "WSIS-GenevaDoP" and r["to_id"] == "UDHR")
    assert row["from_ref"] == "DOC-GENEVA-DECLARATION"
    assert (geneva, WSIS.groundedIn, instrument_iri("UDHR")) in links_graph
    assert "WSIS-GenevaDoP" in str(links_graph.value(alignment_iri(row["link_id"]), SKOS.editorialNote))


def test_tunis_commitment_is_declared_here(rights_built, links_graph):
    _, registry = rights_built
    row = rows(RL, "documents.csv")[0]
    iri = registered_end(registry, row["document_id"])
    assert (iri, RDF.type, WSIS.Document) in links_graph
    assert links_graph.value(iri, WSIS.documentSymbol) == Literal(row["document_symbol"])
    assert links_graph.value(iri, WSIS.confidence) == mark_of(row["confidence"])


def test_link_sources_are_urls_and_citations(links_graph):
    for row in rows(RL, "links.csv"):
        node = alignment_iri(row["link_id"])
        urls = {str(u) for u in links_graph.objects(node, WSIS.sourceDocument)}
        for part in re.split(r"\s+[|;]\s+", row["source_ref"]):
            if part.startswith(("http://", "https://")):
                assert part in urls
            else:
                assert (node, DCTERMS.bibliographicCitation, Literal(part)) in links_graph
        assert {str(k) for k in links_graph.objects(node, WSIS.sourceKey)} == set(row["source_key"].split(";"))


def test_graphs_conform_to_the_shapes(hr_graph, links_graph):
    report = validate_graph(union(hr_graph, links_graph))
    assert report.conforms, report.text()


def test_shapes_catch_a_believed_symbol_marked_verified(hr_graph):
    iri = instrument_iri("CPED")
    broken = Graph()
    for triple in hr_graph.triples((iri, None, None)):
        broken.add(triple)
    broken.set((iri, WSIS.documentSymbolConfidence, WSIS.Verified))
    report = validate_graph(broken)
    assert "wsh:InstrumentShape" in report.by_shape(), report.text()


def test_chain_with_the_real_sources():
    """The ids the links name resolve against the real SDG, WSIS and GDC modules, to typed things.

    (Shape conformance is checked once, above; a second validation would only slow the suite.)
    """
    chain = (("sdg", "sdg"), ("wsis", "wsis"), ("gdc", "gdc"), ("gdc-wsis-links", "gdc_wsis_links"))
    for folder, module in chain:
        missing = not importlib.util.find_spec(f"wsis_graph.sources.{module}")
        if missing or not (SOURCES / folder / "source.toml").exists():
            pytest.skip(f"the {folder} source does not exist yet")
    registry = Registry()
    graphs = []
    for folder, module in chain + ((HR, "human_rights"), (RL, "rights_links")):
        built = importlib.import_module(f"wsis_graph.sources.{module}")
        graphs.append(built.build(make_context(SOURCES / folder, registry=registry)))
    everything, links = union(*graphs), graphs[-1]
    assert (sdg_target("16.10"), WSIS.groundedIn, provision_iri("UDHR:19")) in links
    for node in links.subjects(RDF.type, WSIS.Alignment):
        for end in (links.value(node, WSIS.alignmentSubject), links.value(node, WSIS.alignmentObject)):
            assert everything.value(end, RDF.type) is not None, f"{node}: {end} is declared by no source"


# -- errors ---------------------------------------------------------------------------------------------


def expect_error(folder: Path, *, links: bool = False) -> SourceError:
    with pytest.raises(SourceError) as err:
        if links:
            build_links(folder)
        else:
            build_rights(folder)
    return err.value


def test_link_to_an_unknown_provision(tmp_path):
    folder = copy_source(RL, tmp_path)
    line = edit_cell(folder, "links.csv", ("link_id", "L017"), "to_id", "UDHR:99")
    edit_cell(folder, "links.csv", ("link_id", "L017"), "to_ref", "UDHR:99")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "to_ref")
    assert "unknown identifier 'UDHR:99'" in err.message


def test_a_cyrillic_letter_in_a_provision_id(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "provisions.csv", ("provision_id", "ICCPR:19"), "provision_id", f"I{CYRILLIC_ES}CPR:19")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/provisions.csv", line, "provision_id")
    assert "CYRILLIC CAPITAL LETTER ES" in err.message


def test_a_cyrillic_letter_in_a_link_end(tmp_path):
    folder = copy_source(RL, tmp_path)
    line = edit_cell(folder, "links.csv", ("link_id", "L016"), "to_ref", f"I{CYRILLIC_ES}CPR:19")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "to_ref")
    assert "CYRILLIC CAPITAL LETTER ES" in err.message


def test_a_missing_column(tmp_path):
    folder = copy_source(HR, tmp_path)
    drop_column(folder, "instruments.csv", "symbol_status")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", 1, "symbol_status")
    assert "missing" in err.message


def test_an_empty_required_field(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "provisions.csv", ("provision_id", "UDHR:12"), "right_short_name", "")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/provisions.csv", line, "right_short_name")
    assert "required value is empty" in err.message


def test_several_ids_packed_in_one_cell(tmp_path):
    folder = copy_source(RL, tmp_path)
    line = edit_cell(folder, "links.csv", ("link_id", "L017"), "to_ref", "UDHR:12;ICCPR:17")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "to_ref")
    assert "packed" in err.message


def test_several_provision_ids_packed_in_one_cell(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "provisions.csv", ("provision_id", "UDHR:20"), "provision_id", "UDHR:20, UDHR:21")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/provisions.csv", line, "provision_id")
    assert "packed" in err.message


def test_a_registered_id_that_is_not_the_worded_one(tmp_path):
    folder = copy_source(RL, tmp_path)
    line = edit_cell(folder, "links.csv", ("link_id", "L001"), "from_ref", "TUNIS-AGENDA")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "from_ref")
    assert "'WSIS-GenevaDoP'" in err.message


def test_a_relation_without_a_direction(tmp_path):
    folder = copy_source(RL, tmp_path)
    line = edit_cell(folder, "links.csv", ("link_id", "L019"), "relation", "is_inspired_by")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "relation")


def test_a_basis_without_a_method(tmp_path):
    folder = copy_source(RL, tmp_path)
    line = edit_cell(folder, "links.csv", ("link_id", "L019"), "basis", "hearsay")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "basis")


def test_a_compiler_inference_marked_verified(tmp_path):
    folder = copy_source(RL, tmp_path)
    row = next(r for r in rows(RL, "links.csv") if r["basis"].startswith("compiler inference"))
    line = edit_cell(folder, "links.csv", ("link_id", row["link_id"]), "confidence", "verified")
    err = expect_error(folder, links=True)
    assert (err.file, err.row, err.column) == ("rights-links/links.csv", line, "confidence")


def test_an_undescribed_source_key(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "instruments.csv", ("id", "CRC"), "sources", "S-PAGES-CRC;S-NOWHERE")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", line, "sources")
    assert "S-NOWHERE" in err.message


def test_a_believed_symbol_status_never_becomes_a_stronger_mark(tmp_path):
    """A cell that says 'verified' and 'believed' is unknown, not verified."""
    folder = copy_source(HR, tmp_path)
    edit_cell(folder, "instruments.csv", ("id", "CRC"), "symbol_status", "verified (believed, not seen)")
    graph, _ = build_rights(folder)
    assert graph.value(instrument_iri("CRC"), WSIS.documentSymbolConfidence) == WSIS.Unknown


def test_a_verified_status_for_a_missing_symbol(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "instruments.csv", ("id", "GA-RES-77-privacy"), "symbol_status", "verified")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", line, "symbol_status")


def test_a_page_status_that_names_no_mark(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "instruments.csv", ("id", "CRC"), "uri_status", "looks right")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", line, "uri_status")


def test_a_resolution_that_enters_into_force(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "instruments.csv", ("id", "HRC-RES-20-8"), "entry_into_force", "2012-07-05")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", line, "entry_into_force")


def test_a_provision_id_that_is_not_instrument_and_article(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "provisions.csv", ("provision_id", "ICCPR:17"), "article", "18")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/provisions.csv", line, "provision_id")


def test_a_provision_of_an_unknown_instrument(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "provisions.csv", ("provision_id", "CRC:2"), "instrument", "CRX")
    edit_cell(folder, "provisions.csv", ("provision_id", "CRC:2"), "provision_id", "CRX:2")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/provisions.csv", line, "instrument")
    assert "unknown identifier 'CRX'" in err.message


def test_a_year_that_contradicts_the_date(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "instruments.csv", ("id", "CRPD"), "adoption_year", "2007")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", line, "adoption_year")


def test_an_instrument_declared_twice(tmp_path):
    folder = copy_source(HR, tmp_path)
    line = edit_cell(folder, "instruments.csv", ("id", "ICESCR"), "id", "ICCPR")
    err = expect_error(folder)
    assert (err.file, err.row, err.column) == ("human-rights/instruments.csv", line, "id")
