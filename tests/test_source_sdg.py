"""The SDG source: goals, targets, indicators, listings, tier classifications and six-language labels.

Expected values are read from the tables in ``data/sources/sdg`` by the tests, never copied from
the graph. Error cases break a copy of the tables and check that the error names file, row and
column.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from conftest import copy_source, make_context
from wsis_graph import paths, uris
from wsis_graph.namespaces import WSIS
from wsis_graph.sources import sdg
from wsis_graph.sources.base import Registry
from wsis_graph.tables import SourceError
from wsis_graph.validation import validate_graph

FOLDER = paths.sources_dir() / "sdg"
TRANSLATIONS = Path("/work/shared/reference/sdg/translations")
LANGS = {"ar", "en", "es", "fr", "ru", "zh-Hans"}


# -- helpers ----------------------------------------------------------------------------------------


def read_rows(name: str, folder: Path = FOLDER) -> list[tuple[int, dict[str, str]]]:
    """Data rows of a table with their line numbers (the header is line 1)."""
    with open(folder / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def rows(name: str) -> list[dict[str, str]]:
    return [row for _, row in read_rows(name)]


def line_of(name: str, **match: str) -> int:
    for line, row in read_rows(name):
        if all(row[k] == v for k, v in match.items()):
            return line
    raise AssertionError(f"no row of {name} matches {match}")


def set_cell(folder: Path, name: str, match: dict[str, str], column: str, value: str) -> int:
    """Change one cell of the first matching row in a copied table; returns the row's line."""
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    header = data[0]
    for index, fields in enumerate(data[1:], start=2):
        if all(fields[header.index(k)] == v for k, v in match.items()):
            fields[header.index(column)] = value
            with open(path, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(data)
            return index
    raise AssertionError(f"no row of {name} matches {match}")


def remove_column(folder: Path, name: str, column: str) -> None:
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    i = data[0].index(column)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in data])


def build(folder: Path = FOLDER, registry: Registry | None = None):
    registry = registry if registry is not None else Registry()
    graph = sdg.build(make_context(folder, registry=registry, display="sdg"))
    return graph, registry


def build_error(folder: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        build(folder)
    return info.value


def primary_rows() -> dict[str, dict[str, str]]:
    """The primary row of each unique indicator, by UN IRI."""
    return {row["un_uri"]: row for row in rows("indicators.csv") if row["is_primary"] == "true"}


def indicator_of_row(row: dict[str, str]) -> URIRef:
    """The unique indicator a row lists: its own code, or its primary partner's code."""
    if row["is_primary"] == "true":
        return URIRef(row["un_uri"])
    by_number = {r["code"]: r for r in rows("indicators.csv")}
    partners = [by_number[n] for n in row["also_listed_as"].split(";")]
    return URIRef(next(p["un_uri"] for p in partners if p["is_primary"] == "true"))


def listing_iri(number: str) -> URIRef:
    return URIRef(f"https://w3id.org/wsis-graph/id/indicator-listing/{number}")


def languages(graph, node, predicate=SKOS.prefLabel) -> set[str]:
    return {o.language for o in graph.objects(node, predicate)}


def english(graph, node, predicate=SKOS.prefLabel) -> str:
    values = [str(o) for o in graph.objects(node, predicate) if o.language == "en"]
    assert len(values) == 1, values
    return values[0]


@pytest.fixture(scope="module")
def built():
    return build()


@pytest.fixture(scope="module")
def g(built):
    return built[0]


@pytest.fixture(scope="module")
def registry(built):
    return built[1]


@pytest.fixture(scope="module")
def labels() -> dict[tuple[str, str, str], dict[str, str]]:
    found: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for row in rows("labels.csv"):
        found[(row["kind"], row["code"], row["field"])][row["lang"]] = row["label"]
    return found


# -- counts -------------------------------------------------------------------------------------------


def test_seventeen_goals_169_targets_231_indicators(g):
    assert len(set(g.subjects(RDF.type, WSIS.SDGGoal))) == len(rows("goals.csv")) == 17
    assert len(set(g.subjects(RDF.type, WSIS.SDGTarget))) == len(rows("targets.csv")) == 169
    assert len(set(g.subjects(RDF.type, WSIS.SDGIndicator))) == len(primary_rows()) == 231


def test_every_indicator_row_is_a_listing_with_a_tier_classification(g):
    indicator_rows = rows("indicators.csv")
    assert len(indicator_rows) == 248
    assert len(set(g.subjects(RDF.type, WSIS.IndicatorListing))) == len(indicator_rows)
    assert len(set(g.subjects(RDF.type, WSIS.TierClassification))) == len(indicator_rows)
    for row in indicator_rows:
        listing = listing_iri(row["code"])
        assert g.value(listing, SKOS.notation) == Literal(row["code"])
        assert g.value(listing, WSIS.target) == URIRef(f"http://metadata.un.org/sdg/{row['target']}")
        assert g.value(listing, WSIS.isRepeat) == Literal(row["is_primary"] == "false")
        assert g.value(listing, DCTERMS.identifier) == Literal(row["un_indicator_id"])


def test_every_listing_gives_a_measures_link(g):
    expected = {(indicator_of_row(r), URIRef(f"http://metadata.un.org/sdg/{r['target']}")) for r in rows("indicators.csv")}
    assert set(g.subject_objects(WSIS.measures)) == expected
    assert len(expected) == 248


def test_unique_indicators_match_the_distinct_un_codes_less_the_declared_13b1_repeat(g):
    codes = {r["un_indicator_id"] for r in rows("indicators.csv")}
    assert len(codes) == 232
    identifiers = {str(o) for s in g.subjects(RDF.type, WSIS.SDGIndicator) for o in g.objects(s, DCTERMS.identifier)}
    assert len(codes - identifiers) == 1


# -- repeats ------------------------------------------------------------------------------------------


def test_a_repeated_indicator_has_two_listings_and_two_measures(g):
    by_code = Counter(r["un_indicator_id"] for r in rows("indicators.csv"))
    code = sorted(c for c, n in by_code.items() if n == 2)[0]
    group = [r for r in rows("indicators.csv") if r["un_indicator_id"] == code]
    indicator = uris.sdg_indicator(code)
    listings = set(g.subjects(WSIS.indicator, indicator)) & set(g.subjects(RDF.type, WSIS.IndicatorListing))
    assert listings == {listing_iri(r["code"]) for r in group}
    assert set(g.objects(indicator, WSIS.measures)) == {uris.sdg_target(r["target"]) for r in group}
    assert len(set(g.objects(indicator, WSIS.measures))) == 2
    flags = {r["code"]: g.value(listing_iri(r["code"]), WSIS.isRepeat) for r in group}
    assert sorted(flags.values()) == [Literal(False), Literal(True)]
    primary = next(r for r in group if r["is_primary"] == "true")
    assert g.value(indicator, SKOS.notation) == Literal(primary["code"])


def test_repeat_across_three_goals_names_each_goal(g):
    by_code = Counter(r["un_indicator_id"] for r in rows("indicators.csv"))
    code = sorted(c for c, n in by_code.items() if n == 3)[0]
    goals = {uris.sdg_goal(r["goal"]) for r in rows("indicators.csv") if r["un_indicator_id"] == code}
    assert set(g.objects(uris.sdg_indicator(code), WSIS.goal)) == goals
    assert len(goals) == 3


def test_declared_repeat_with_its_own_un_code_is_one_indicator(g, registry):
    """13.b.1 keeps its own UN code, but the table declares it a repeat of 13.2.1."""
    repeat = next(r for r in rows("indicators.csv") if r["is_primary"] == "false" and r["un_indicator_id"] not in {
        p["un_indicator_id"] for p in rows("indicators.csv") if p["is_primary"] == "true"})
    primary = indicator_of_row(repeat)
    listing = listing_iri(repeat["code"])
    assert g.value(listing, WSIS.indicator) == primary
    assert g.value(listing, DCTERMS.identifier) == Literal(repeat["un_indicator_id"])
    assert english(g, listing, DCTERMS.title) == repeat["title"]
    assert registry.resolve(repeat["un_indicator_id"], None, "x", kinds=["sdg-indicator"]) == primary
    assert (uris.sdg_indicator(repeat["un_indicator_id"]), RDF.type, WSIS.SDGIndicator) not in g


# -- facts a user would check -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["1", "9", "17"])
def test_goal_statement_short_title_and_matches(g, code):
    row = next(r for r in rows("goals.csv") if r["code"] == code)
    goal = URIRef(row["un_uri"])
    assert goal == uris.sdg_goal(code)
    assert english(g, goal) == row["full_title"]
    assert english(g, goal, SKOS.altLabel) == row["title"]
    assert set(g.objects(goal, SKOS.exactMatch)) == {URIRef(row["wikidata_uri"]), URIRef(row["sdgio_uri"])}
    assert (goal, SKOS.topConceptOf, sdg_scheme()) in g


def sdg_scheme() -> URIRef:
    return URIRef("https://w3id.org/wsis-graph/id/scheme/sdg")


@pytest.mark.parametrize("code", ["9.c", "17.8", "16.10"])
def test_target_text_goal_and_hierarchy(g, code):
    row = next(r for r in rows("targets.csv") if r["code"] == code)
    target = URIRef(row["un_uri"])
    goal = uris.sdg_goal(row["goal"])
    assert english(g, target) == row["title"]
    assert g.value(target, WSIS.goal) == goal
    assert g.value(target, SKOS.broader) == goal
    assert (goal, SKOS.narrower, target) in g
    assert set(g.objects(target, SKOS.exactMatch)) == ({URIRef(row["sdgio_uri"])} if row["sdgio_uri"] else set())


@pytest.mark.parametrize("number", ["9.c.1", "17.6.1", "5.b.1", "1.1.1"])
def test_indicator_iri_code_text_and_tier(g, number):
    row = next(r for r in rows("indicators.csv") if r["code"] == number)
    indicator = URIRef(row["un_uri"])
    assert indicator == uris.sdg_indicator(row["un_indicator_id"])
    assert g.value(indicator, DCTERMS.identifier) == Literal(row["un_indicator_id"])
    assert english(g, indicator) == row["title"]
    assert (indicator, WSIS.measures, uris.sdg_target(row["target"])) in g
    assert (indicator, SKOS.broader, uris.sdg_target(row["target"])) in g
    assert g.value(indicator, WSIS.iriSeenInKOS) == Literal(row["un_uri_in_2020_kos_dump"] == "true")
    tier = URIRef(f"https://w3id.org/wsis-graph/id/tier-classification/{number}")
    assert g.value(tier, WSIS.indicator) == indicator
    assert g.value(tier, WSIS.listing) == listing_iri(number)
    assert g.value(tier, WSIS.tier) == Literal(row["tier"])
    assert g.value(tier, DCTERMS.date) == Literal(row["tier_as_of"], datatype=XSD.date)
    agencies = {a for a in row["custodian_agency_list"].split(";") if a}
    assert {str(a) for a in g.objects(tier, WSIS.custodianAgency)} == agencies


def test_each_custodian_agency_is_its_own_literal(g):
    row = next(r for r in rows("indicators.csv") if r["custodian_agency_list"].count(";") >= 2)
    tier = URIRef(f"https://w3id.org/wsis-graph/id/tier-classification/{row['code']}")
    assert {str(a) for a in g.objects(tier, WSIS.custodianAgency)} == set(row["custodian_agency_list"].split(";"))
    assert str(g.value(tier, WSIS.custodianAgenciesAsWorded)) == row["custodian_agencies"]


def test_custodianship_under_discussion_names_no_agency_but_keeps_the_wording(g):
    undecided = [r for r in rows("indicators.csv") if r["custodian_agencies"] and not r["custodian_agency_list"]]
    assert undecided
    for row in undecided:
        tier = URIRef(f"https://w3id.org/wsis-graph/id/tier-classification/{row['code']}")
        assert list(g.objects(tier, WSIS.custodianAgency)) == []
        assert str(g.value(tier, WSIS.custodianAgenciesAsWorded)) == row["custodian_agencies"]


def test_repeat_rows_keep_their_own_tier_facts(g):
    """The tier file names different custodians for listings of one indicator; both are kept."""
    groups = defaultdict(set)
    for r in rows("indicators.csv"):
        groups[r["un_indicator_id"]].add(r["custodian_agency_list"])
    code = next(c for c, agencies in sorted(groups.items()) if len(agencies) > 1)
    found = {
        str(a)
        for t in g.subjects(WSIS.indicator, uris.sdg_indicator(code))
        for a in g.objects(t, WSIS.custodianAgency)
    }
    assert found == {a for cell in groups[code] for a in cell.split(";") if a}


def test_source_documents_are_described_once(g):
    sources = rows("sources.csv")
    for row in sources:
        node = URIRef(row["url"])
        assert str(g.value(node, DCTERMS.bibliographicCitation)) == row["citation"]
    tiers = next(r["url"] for r in sources if r["id"] == "S3")
    tier_nodes = set(g.subjects(RDF.type, WSIS.TierClassification))
    assert {t for t in tier_nodes if (t, WSIS.sourceDocument, URIRef(tiers)) in g} == tier_nodes


# -- labels -------------------------------------------------------------------------------------------


def test_every_goal_has_statement_and_short_title_in_six_languages(g):
    for goal in g.subjects(RDF.type, WSIS.SDGGoal):
        assert languages(g, goal) == LANGS, goal
        assert languages(g, goal, SKOS.altLabel) == LANGS, goal


def test_every_target_has_six_languages(g):
    for target in g.subjects(RDF.type, WSIS.SDGTarget):
        assert languages(g, target) == LANGS, target


def test_indicators_have_the_languages_the_translations_give(g, labels):
    missing = []
    for iri, row in primary_rows().items():
        expected = {"en"} | set(labels.get(("indicator", row["code"], "title"), {}))
        assert languages(g, URIRef(iri)) == expected, row["code"]
        if expected != LANGS:
            missing.append(row["code"])
    # open-sdg has no text for 11.5.3, added to the framework after its files were written.
    assert missing == [n for n in ["11.5.3"] if ("indicator", n, "title") not in labels]


def test_chinese_is_tagged_zh_hans_and_no_plain_zh(g):
    tags = {o.language for o in g.objects() if isinstance(o, Literal) and o.language}
    assert "zh-Hans" in tags
    assert not any(t.lower() == "zh" or (t.lower().startswith("zh-") and t != "zh-Hans") for t in tags)


def test_translated_labels_are_those_of_the_table(g, labels):
    for (kind, code, field), by_lang in labels.items():
        if kind != "goal":
            continue
        predicate = SKOS.prefLabel if field == "title" else SKOS.altLabel
        for lang, text in by_lang.items():
            if lang != "en":
                assert Literal(text, lang=lang) in set(g.objects(uris.sdg_goal(code), predicate))


def comparable(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub("[\u2010\u2011\u2012\u2013]", "-", text)).strip()


def test_english_comes_from_the_official_table_and_older_wordings_are_flagged(g, labels):
    official = {r["code"]: r for r in rows("indicators.csv")}
    drifted = sorted(
        code
        for (kind, code, _), by_lang in labels.items()
        if kind == "indicator" and "en" in by_lang and comparable(by_lang["en"]) != comparable(official[code]["title"])
    )
    assert drifted, "expected the open-sdg English to lag the 2024 refinement somewhere"
    for code in drifted:
        listing = listing_iri(code)
        assert english(g, listing, DCTERMS.title) == official[code]["title"]
        assert labels[("indicator", code, "title")]["en"] not in {str(o) for o in g.objects(listing, DCTERMS.title)}
        note = " ".join(str(o) for o in g.objects(listing, SKOS.editorialNote))
        assert "earlier English wording" in note
    flagged = {str(g.value(s, SKOS.notation)) for s in g.subjects(SKOS.editorialNote, None) if (s, RDF.type, WSIS.IndicatorListing) in g}
    assert flagged == set(drifted)


def test_labels_csv_is_what_the_conversion_script_writes(tmp_path):
    if not TRANSLATIONS.is_dir():
        pytest.skip("the shared translations are not available")
    spec = importlib.util.spec_from_file_location("convert_translations", FOLDER / "convert_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    converted, skipped = module.convert(TRANSLATIONS, FOLDER)
    module.write(converted, tmp_path / "labels.csv")
    assert (tmp_path / "labels.csv").read_bytes() == (FOLDER / "labels.csv").read_bytes()
    assert all(codes == ["1.a.3", "8.9.2", "11.c.1", "13.3.2", "17.6.2"] for codes in skipped.values())


# -- registry, shapes, determinism --------------------------------------------------------------------


def test_registry_holds_goals_targets_numbers_and_un_codes(registry):
    assert registry.kind("1") == "sdg-goal"
    assert registry.kind("1.1") == "sdg-target"
    assert registry.kind("1.1.1") == "sdg-indicator"
    assert registry.kind("C010101") == "sdg-indicator"
    for row in rows("indicators.csv"):
        indicator = indicator_of_row(row)
        assert registry.resolve(row["code"], None, "code", kinds=["sdg-indicator"]) == indicator
        assert registry.resolve(row["un_indicator_id"], None, "code", kinds=["sdg-indicator"]) == indicator
    assert len(registry.ids("sdg-goal")) == 17
    assert len(registry.ids("sdg-target")) == 169


def test_graph_conforms_to_the_shapes(g):
    report = validate_graph(g)
    assert report.conforms, report.text()


def test_build_is_deterministic_and_has_no_blank_nodes(g):
    again, _ = build()
    assert sorted(again.serialize(format="nt").splitlines()) == sorted(g.serialize(format="nt").splitlines())
    assert not any(isinstance(term, BNode) for triple in g for term in triple)


# -- errors in the tables -----------------------------------------------------------------------------


def test_target_filed_under_the_wrong_goal(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "targets.csv", {"code": "3.2"}, "goal", "4")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/targets.csv", line, "goal")
    assert "3.2" in error.message and "goal '4'" in error.message


def test_un_code_with_a_cyrillic_letter(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "indicators.csv", {"code": "9.c.1"}, "un_indicator_id", "\u0421090c01")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "un_indicator_id")
    assert "CYRILLIC" in error.message


def test_target_code_with_a_cyrillic_letter(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "targets.csv", {"code": "9.c"}, "code", "9.\u0441")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/targets.csv", line, "code")
    assert "non-ASCII" in error.message


def test_packed_indicator_numbers(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "indicators.csv", {"code": "1.2.1"}, "code", "1.2.1;1.2.2")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "code")
    assert "packed" in error.message


def test_packed_custodian_agencies(tmp_path):
    folder = copy_source("sdg", tmp_path)
    row = next(r for r in rows("indicators.csv") if ";" in r["custodian_agency_list"])
    line = set_cell(folder, "indicators.csv", {"code": row["code"]}, "custodian_agency_list", row["custodian_agency_list"].replace(";", ","))
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "custodian_agency_list")


def test_missing_column(tmp_path):
    folder = copy_source("sdg", tmp_path)
    remove_column(folder, "indicators.csv", "un_indicator_id")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", 1, "un_indicator_id")


def test_empty_required_field(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "goals.csv", {"code": "5"}, "full_title", "")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/goals.csv", line, "full_title")
    assert "empty" in error.message


def test_indicator_under_an_unknown_target(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "indicators.csv", {"code": "1.1.1"}, "target", "1.9")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "target")
    assert "unknown identifier '1.9'" in error.message


def test_indicator_number_not_under_its_target(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "indicators.csv", {"code": "1.1.1"}, "target", "1.2")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "target")


def test_un_uri_that_is_not_the_code_s(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "indicators.csv", {"code": "1.1.1"}, "un_uri", "http://metadata.un.org/sdg/C010102")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "un_uri")


def test_two_primary_listings_in_a_repeat_group(tmp_path):
    folder = copy_source("sdg", tmp_path)
    repeat = next(r for r in rows("indicators.csv") if r["is_primary"] == "false")
    line = set_cell(folder, "indicators.csv", {"code": repeat["code"]}, "is_primary", "true")
    error = build_error(folder)
    assert error.file == "sdg/indicators.csv" and error.column == "is_primary"
    group = [repeat["code"], *repeat["also_listed_as"].split(";")]
    assert error.row in {line_of("indicators.csv", code=n) for n in group}
    assert line == line_of("indicators.csv", code=repeat["code"])


def test_repeat_partner_that_does_not_exist(tmp_path):
    folder = copy_source("sdg", tmp_path)
    repeat = next(r for r in rows("indicators.csv") if r["is_primary"] == "false")
    partners = repeat["also_listed_as"].split(";")
    line = set_cell(folder, "indicators.csv", {"code": repeat["code"]}, "also_listed_as", ";".join(["1.1.9", *partners[1:]]))
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/indicators.csv", line, "also_listed_as")


def test_indicator_count_that_does_not_add_up(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "targets.csv", {"code": "1.1"}, "indicator_count", "2")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/targets.csv", line, "indicator_count")


def test_label_with_a_plain_zh_tag(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "labels.csv", {"kind": "goal", "code": "1", "lang": "zh-Hans", "field": "title"}, "lang", "zh")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/labels.csv", line, "lang")


def test_label_for_an_indicator_that_is_not_in_the_framework(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "labels.csv", {"kind": "indicator", "code": "1.1.1", "lang": "fr"}, "code", "17.6.2")
    error = build_error(folder)
    assert (error.file, error.row, error.column) == ("sdg/labels.csv", line, "code")


def test_two_labels_in_one_language(tmp_path):
    folder = copy_source("sdg", tmp_path)
    line = set_cell(folder, "labels.csv", {"kind": "target", "code": "1.1", "lang": "fr"}, "lang", "es")
    error = build_error(folder)
    assert error.file == "sdg/labels.csv" and error.column == "label"
    assert error.row in {line, line_of("labels.csv", kind="target", code="1.1", lang="es")}


def test_missing_source_of_the_tiers(tmp_path):
    folder = copy_source("sdg", tmp_path)
    set_cell(folder, "sources.csv", {"id": "S3"}, "id", "S9")
    error = build_error(folder)
    assert (error.file, error.column) == ("sdg/sources.csv", "id")
    assert "S3" in error.message
