"""The named queries: well formed, the same answers on both stores, answers that match the tables.

Every expected answer is recomputed here from the source tables in ``data/sources`` (read with
``csv``), never copied from a query's output. The dataset is built once per session (the ``built``
fixture) and loaded into a memory store and an Oxigraph store; the CLI tests build their own
Oxigraph store with ``wsis-graph build``.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import tomllib
from collections import Counter, defaultdict
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from conftest import TEST_BASE
from wsis_graph import paths
from wsis_graph.build import ORDER
from wsis_graph.cli import main
from wsis_graph.codes import Codebook, UnknownCode
from wsis_graph.namespaces import WSIS, WSIS_NS, sparql_prologue
from wsis_graph.queries.registry import (
    PARAM_TYPES,
    ParameterError,
    QueryDefinitionError,
    get_query,
    named_queries,
    parse_query_file,
)
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.uris import Minter, sdg_goal, sdg_target

SOURCES = paths.sources_dir()
MINT = Minter(TEST_BASE)
QUERIES = named_queries()

#: Parameter values to run each query with; every one must give rows.
EXAMPLES: dict[str, list[dict[str, str]]] = {
    "action-line-sdg-targets": [{"actionLine": "C2"}, {"actionLine": "C4"}, {"actionLine": "C7.e-health"}],
    "action-line-facilitators": [{"actionLine": "C4"}, {"actionLine": "C7"}],
    "action-lines-overview": [{}],
    "dataset-graphs": [{}],
    "entities-by-action-lines": [{}, {"role": "wsis:CoFacilitator"}],
    "facilitation-disagreements": [{}],
    "gdc-commitments-without-wsis-link": [{}],
    "gdc-objective-commitments": [{"objective": f"GDC-O{n}"} for n in range(1, 6)],
    "gdc-wsis-links": [{}],
    "indicators-of-target": [{"target": "17.6"}, {"target": "11.5"}, {"target": "13.1"}],
    "labels-in-language": [{}, {"lang": "zh", "class": "wsis:SDGGoal"}],
    "links-by-confidence": [{}],
    "repeated-indicators": [{}],
    "rights-grounding": [{"subject": "sdg:16.10"}, {"subject": "sdg:8.2"}],
    "sdg-action-lines": [{"sdg": "9"}, {"sdg": "9.c"}],
    "sdg-targets-unserved": [{}],
    "submission-recommendations": [{}],
}

ROLE_CONCEPTS = {
    "overall-lead-facilitator": WSIS.OverallLeadFacilitator,
    "lead-facilitator": WSIS.LeadFacilitator,
    "co-facilitator": WSIS.CoFacilitator,
    "partner": WSIS.Partner,
    "former-facilitator": WSIS.FormerFacilitator,
}
MARKS = {
    "verified": WSIS.Verified,
    "single-source": WSIS.SingleSource,
    "draft-only": WSIS.DraftOnly,
    "unknown-paragraph": WSIS.UnknownParagraph,
    "inferred": WSIS.Inferred,
    "dataset-anomaly": WSIS.DatasetAnomaly,
    "unknown": WSIS.Unknown,
}
ALL_LINES = "ALL"


# -- helpers ----------------------------------------------------------------------------------------


def rows(folder: str, name: str) -> list[dict[str, str]]:
    """The data rows of ``data/sources/<folder>/<name>``."""
    with open(SOURCES / folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cell_ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def urls(*cells: str) -> list[str]:
    """The URLs of cells that hold several, separated by ' | ' or ' ; '."""
    return [part for cell in cells for part in re.split(r"\s+[|;]\s+", cell.strip()) if part]


def text(value) -> str | None:
    return None if value is None else str(value)


def action_line(code: str) -> URIRef:
    return MINT.iri("action-line", code)


def sdg_iri(code: str) -> URIRef:
    return sdg_target(code) if "." in code else sdg_goal(code)


def facilitation_rows() -> list[dict[str, str]]:
    return rows("facilitation", "facilitators.csv")


def matrix_rows() -> list[dict[str, str]]:
    return rows("wsis-sdg-matrix", "wsis_sdg_matrix.csv")


def matrix_code(row: dict[str, str]) -> str:
    """The goal or target a matrix row links to."""
    return row["sdg_target"] if row["granularity"] == "target" else row["sdg_goal"]


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def stores(built, tmp_path_factory):
    """The built dataset in both backends."""
    quads = list(built.quads())
    memory = MemoryStore()
    memory.replace(quads)
    oxigraph = OxigraphStore(tmp_path_factory.mktemp("queries") / "db")
    oxigraph.replace(quads)
    yield {"memory": memory, "oxigraph": oxigraph}
    oxigraph.close()


@pytest.fixture(scope="session")
def ask(stores):
    """Run a named query with parameters on a store (Oxigraph unless told), once per session."""
    cache = {}

    def run(name: str, store: str = "oxigraph", **params: str):
        key = (name, store, tuple(sorted(params.items())))
        if key not in cache:
            query = get_query(name)
            cache[key] = stores[store].query(query.text, query.bindings(params, MINT))
        return cache[key]

    return run


@pytest.fixture(scope="session")
def answers(ask):
    """A named query's rows as dictionaries of rdflib terms."""

    def run(name: str, **params: str) -> list[dict]:
        return ask(name, **params).dicts()

    return run


# -- 1. every file is a well-formed named query ------------------------------------------------------


def test_there_are_at_least_fourteen_named_queries():
    assert len(QUERIES) >= 14


def test_every_query_has_examples_and_every_example_a_query():
    # The records-* queries answer over practice records, which the curated build has none of:
    # tests/test_record_queries.py checks them on generated records.
    assert set(EXAMPLES) == {n for n in QUERIES if not n.startswith("records-")}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_header_and_sparql(name):
    query = QUERIES[name]
    assert query.title and query.description
    assert len(query.description) > len(query.title)
    prepared = prepareQuery(query.text)
    assert prepared.algebra.name == "SelectQuery"
    projected = {str(v) for v in prepared.algebra["PV"]}
    for parameter in query.parameters:
        assert parameter.type in PARAM_TYPES
        assert parameter.name in projected, f"{name}: parameter ?{parameter.name} is not projected by SELECT"
        if parameter.default is not None:
            parameter.to_term(parameter.default, MINT)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_uses_only_terms_of_the_ontology(name, ontology):
    body = "\n".join(line for line in QUERIES[name].text.splitlines() if not line.lstrip().startswith("#"))
    used = set(re.findall(r"\bwsis:([A-Za-z][A-Za-z0-9_]*)", body))
    defined = {str(s)[len(WSIS_NS):] for s in ontology.subjects() if str(s).startswith(WSIS_NS)}
    assert used <= defined, f"{name} uses terms the ontology does not define: {sorted(used - defined)}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_orders_its_rows(name):
    assert re.search(r"^ORDER BY", QUERIES[name].text, re.M), f"{name} has no top-level ORDER BY"


def test_a_header_without_description_is_refused(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("# title: Only a title\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryDefinitionError, match="description"):
        parse_query_file(path)


def test_a_malformed_parameter_line_is_refused(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text(
        "# title: t\n# description: d\n# param: actionLine action-lines required  Misspelt type.\nSELECT ?actionLine WHERE {}\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryDefinitionError, match="malformed parameter"):
        parse_query_file(path)


def test_parameters_are_checked():
    query = get_query("action-line-sdg-targets")
    with pytest.raises(ParameterError, match="actionLine"):
        query.bindings({}, MINT)
    with pytest.raises(ParameterError, match="no parameter 'line'"):
        query.bindings({"line": "C2"}, MINT)
    assert query.bindings({"actionLine": "C2"}, MINT) == {"actionLine": action_line("C2")}


# -- 2. both stores give the same rows ---------------------------------------------------------------

CASES = [(name, params) for name in sorted(EXAMPLES) for params in EXAMPLES[name]]


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}{p or ''}" for n, p in CASES])
def test_same_rows_on_both_stores(ask, name, params):
    if name == "submission-recommendations" and not (SOURCES / "seed-submission").is_dir():
        pytest.skip("no seed-submission source folder: the submission graph is absent")
    memory = ask(name, "memory", **params)
    oxigraph = ask(name, "oxigraph", **params)
    assert memory.variables == oxigraph.variables
    assert memory.rows, f"{name} {params} gives no rows"
    assert memory.rows == oxigraph.rows


# -- 3. answers checked against the source tables ------------------------------------------------------


@pytest.mark.parametrize("code", ["C2", "C4", "C7.e-health", "C11"])
def test_action_line_sdg_targets_match_the_matrix(answers, code):
    expected = {matrix_code(r): r for r in matrix_rows() if r["action_line_id"] == code}
    got = answers("action-line-sdg-targets", actionLine=code)
    assert {text(r["sdgCode"]): r for r in got}.keys() == expected.keys()
    assert len(got) == len(expected)
    for row in got:
        source = expected[text(row["sdgCode"])]
        assert row["actionLine"] == action_line(code)
        assert row["sdg"] == sdg_iri(matrix_code(source))
        assert text(row["level"]) == source["granularity"]
        assert text(row["goalCode"]) == source["sdg_goal"]
        assert row["confidence"] == MARKS[source["confidence"]]
        assert text(row["rationale"]) == (source["rationale_own_words"] or None)
        assert set(text(row["sources"]).split(" | ")) == set(urls(source["source_context"], source["source_dataset"]))
        assert row["assertedBy"] == MINT.iri("process", source["asserted_by"])


def test_action_line_sdg_targets_are_in_goal_then_target_order(answers):
    codes = [text(r["sdgCode"]) for r in answers("action-line-sdg-targets", actionLine="C4")]

    def key(code: str):
        goal, _, target = code.partition(".")
        return (int(goal), -1 if not target else int(target) if target.isdigit() else 1000, code)

    assert codes == sorted(codes, key=key)


def facilitation_key(row: dict[str, str]) -> tuple:
    return (row["entity"], ROLE_CONCEPTS[row["role"]], row["as_of"], MARKS[row["confidence"]])


@pytest.mark.parametrize("code", ["C4", "C7", "C8", "C6"])
def test_action_line_facilitators_match_the_table(answers, code):
    expected = [r for r in facilitation_rows() if r["action_line_id"] == code or r["action_line_id"].startswith(f"{code}.")]
    got = answers("action-line-facilitators", actionLine=code)
    assert Counter(
        (text(r["acronym"]), r["role"], text(r["period"]), r["confidence"]) for r in got
    ) == Counter(facilitation_key(r) for r in expected)
    by_key = {facilitation_key(r): r for r in expected}
    for row in got:
        source = by_key[(text(row["acronym"]), row["role"], text(row["period"]), row["confidence"])]
        assert text(row["facilitatedLineCode"]) == source["action_line_id"]
        assert text(row["roleAsWorded"]) == source["role_as_worded_in_source"]
        columns = (source["source_url_1"], source["source_url_2"], source["source_url_3"])
        assert text(row["sources"]).split(" | ") == sorted(set(urls(*columns)))


def test_c4_shows_both_itu_statements(answers):
    got = answers("action-line-facilitators", actionLine="C4")
    table = [r for r in facilitation_rows() if r["action_line_id"] == "C4" and r["entity"] == "ITU"]
    assert len(table) == 2 and len({r["role"] for r in table}) == 2
    itu = [r for r in got if text(r["acronym"]) == "ITU"]
    assert {(r["role"], text(r["period"])) for r in itu} == {(ROLE_CONCEPTS[r["role"]], r["as_of"]) for r in table}
    assert itu[0]["role"] == WSIS.LeadFacilitator  # lead facilitators come first


def test_facilitation_disagreements_match_the_table(answers):
    statements = [r for r in facilitation_rows() if r["action_line_id"] != ALL_LINES]
    expected = Counter(
        (a["action_line_id"], a["entity"])
        for i, a in enumerate(statements)
        for b in statements[i + 1:]
        if (a["action_line_id"], a["entity"]) == (b["action_line_id"], b["entity"]) and a["role"] != b["role"]
    )
    got = Counter((text(r["actionLineCode"]), text(r["acronym"])) for r in answers("facilitation-disagreements"))
    assert got == expected
    assert ("C4", "ITU") in got


def test_entities_ranked_by_action_lines(answers):
    per_role = defaultdict(set)
    any_role = defaultdict(set)
    statements = Counter()
    for r in facilitation_rows():
        if r["action_line_id"] == ALL_LINES:
            continue
        per_role[(r["entity"], ROLE_CONCEPTS[r["role"]])].add(r["action_line_id"])
        any_role[r["entity"]].add(r["action_line_id"])
        statements[(r["entity"], ROLE_CONCEPTS[r["role"]])] += 1
    got = answers("entities-by-action-lines")
    assert {(text(r["acronym"]), r["role"]): int(r["actionLines"]) for r in got} == {k: len(v) for k, v in per_role.items()}
    assert {(text(r["acronym"]), r["role"]): int(r["statements"]) for r in got} == dict(statements)
    assert {text(r["acronym"]): int(r["actionLinesAnyRole"]) for r in got} == {k: len(v) for k, v in any_role.items()}
    totals = [int(r["actionLinesAnyRole"]) for r in got]
    assert totals == sorted(totals, reverse=True)
    top = max(any_role, key=lambda e: len(any_role[e]))
    assert text(got[0]["acronym"]) == top


def test_entities_by_action_lines_for_one_role(answers):
    expected = defaultdict(set)
    for r in facilitation_rows():
        if r["role"] == "co-facilitator":
            expected[r["entity"]].add(r["action_line_id"])
    got = answers("entities-by-action-lines", role="wsis:CoFacilitator")
    assert {r["role"] for r in got} == {WSIS.CoFacilitator}
    assert {text(r["acronym"]): int(r["actionLines"]) for r in got} == {k: len(v) for k, v in expected.items()}


def test_action_lines_overview_matches_the_tables(answers):
    lines = rows("wsis", "action_lines.csv")
    got = answers("action-lines-overview")
    assert [text(r["code"]) for r in got] == [r["id"] for r in sorted(lines, key=lambda r: (int(r["poa_paragraph"]), r["id"]))]
    entities = defaultdict(set)
    leads = defaultdict(set)
    for r in facilitation_rows():
        entities[r["action_line_id"]].add(r["entity"])
        if r["role"] == "lead-facilitator":
            leads[r["action_line_id"]].add(r["entity"])
    links = Counter(r["action_line_id"] for r in matrix_rows())
    targets = defaultdict(set)
    goals = defaultdict(set)
    for r in matrix_rows():
        goals[r["action_line_id"]].add(r["sdg_goal"])
        if r["granularity"] == "target":
            targets[r["action_line_id"]].add(r["sdg_target"])
    by_code = {r["id"]: r for r in lines}
    for row in got:
        code = text(row["code"])
        source = by_code[code]
        assert text(row["name"]) == source["official_name"]
        assert text(row["paragraph"]) == source["poa_paragraph"]
        assert text(row["parentCode"]) == (source["parent"] or None)
        assert row["paragraphConfidence"] == MARKS[source["paragraph_confidence"]]
        assert int(row["facilitators"]) == len(entities[code])
        assert int(row["leadFacilitators"]) == len(leads[code])
        assert int(row["sdgLinks"]) == links[code]
        assert int(row["sdgTargets"]) == len(targets[code])
        assert int(row["sdgGoals"]) == len(goals[code])


def test_links_by_confidence_match_the_tables(answers):
    got = answers("links-by-confidence")
    counts = defaultdict(Counter)
    for r in got:
        counts[(text(r["graphKey"]), r["kind"])][r["confidence"]] += int(r["links"])
    assert counts[("wsis-sdg-matrix", WSIS.Alignment)] == Counter(MARKS[r["confidence"]] for r in matrix_rows())
    assert counts[("facilitation", WSIS.Facilitation)] == Counter(MARKS[r["confidence"]] for r in facilitation_rows())
    matrix = [r for r in got if text(r["graphKey"]) == "wsis-sdg-matrix"]
    assert {(r["relation"], r["method"]) for r in matrix} == {(WSIS.contributesTo, WSIS.PublishedMapping)}
    links = rows("gdc-wsis-links", "gdc_wsis_links.csv")
    expected = Counter()
    for r in links:
        expected[MARKS[r["confidence"]]] += len(cell_ids(r["subject_ids"])) * len(cell_ids(r["target_ids"]))
    assert counts[("gdc-wsis-links", WSIS.Alignment)] == expected


def test_dataset_graphs_match_the_source_descriptions(answers, stores):
    got = answers("dataset-graphs")
    keys = [text(r["key"]) for r in got]
    expected = {folder for folder, _ in ORDER} | {
        p.name for p in SOURCES.iterdir() if p.is_dir() and (p / "submission.csv").exists()
    } | {"ontology", "shapes"}  # the vocabulary graphs every build loads
    assert set(keys[:-1]) == expected
    assert keys[-1] is None and keys[:-1] == sorted(keys[:-1])
    oxigraph = stores["oxigraph"]
    for row in got:
        assert int(row["triples"]) == oxigraph.count(row["graph"])
        if row["key"] is None:
            continue
        if text(row["key"]) in ("ontology", "shapes"):
            assert text(row["publisher"]) == "wsis-graph contributors" and "wsis-graph" in text(row["title"])
            continue
        meta = tomllib.loads((SOURCES / text(row["key"]) / "source.toml").read_text(encoding="utf-8"))
        assert text(row["title"]) == meta["title"]
        assert text(row["publisher"]) == meta["publisher"]
        licence = text(row["licence"]) or text(row["rights"])
        assert licence == meta["licence"]
        sources = [meta["source"]] if isinstance(meta["source"], str) else meta["source"]
        assert text(row["sources"]).split(" | ") == sorted(set(sources))


def gdc_wsis_ids() -> dict[str, set[str]]:
    """The WSIS things (not SDGs) each GDC paragraph names in its own reference columns."""
    named = defaultdict(set)
    for r in rows("gdc", "gdc_commitments.csv"):
        for column in ("wsis_ref_ids", "igf_ref_ids", "un_entity_ids"):
            named[r["gdc_ref"]].update(cell_ids(r[column]))
    return named


def published_links() -> list[tuple[str, str, str, dict[str, str]]]:
    """(link id, subject id, target id, row) for every pair a row of gdc_wsis_links.csv links."""
    out = []
    for r in rows("gdc-wsis-links", "gdc_wsis_links.csv"):
        for subject in cell_ids(r["subject_ids"]):
            for target in cell_ids(r["target_ids"]):
                out.append((r["link_id"], subject, target, r))
    return out


@pytest.mark.parametrize("objective", [f"GDC-O{n}" for n in range(1, 6)])
def test_gdc_objective_commitments_match_the_tables(answers, objective):
    paragraphs = {r["gdc_ref"]: r for r in rows("gdc", "gdc_commitments.csv") if r["objective_id"] == objective}
    got = answers("gdc-objective-commitments", objective=objective)
    assert {text(r["ref"]) for r in got} == set(paragraphs)
    own = gdc_wsis_ids()
    expected_links = {(ref, target, "gdc") for ref in paragraphs for target in own[ref]}
    expected_links |= {(s, t, "gdc-wsis-links") for _, s, t, _ in published_links() if s in paragraphs}
    got_links = {(text(r["ref"]), text(r["linkedCode"]), text(r["linkGraphKey"])) for r in got if r["link"] is not None}
    assert got_links == expected_links
    for row in got:
        source = paragraphs[text(row["ref"])]
        assert row["confidence"] == MARKS[source["confidence"]]
        assert text(row["recordType"]) == source["record_type"]
        assert row["isCommitment"].toPython() is source["record_type"].startswith("commitment")
        assert text(row["sectionCode"]) == source["section_id"]
    unlinked = [ref for ref in paragraphs if not own[ref] and ref not in {s for _, s, _, _ in published_links()}]
    for ref in unlinked:
        assert [r["link"] for r in got if text(r["ref"]) == ref] == [None]


def test_gdc_objective_commitments_follow_paragraph_order(answers):
    got = answers("gdc-objective-commitments", objective="GDC-O3")
    numbers = [int(re.match(r"\d+", text(r["paragraph"])).group()) for r in got if r["paragraph"] is not None]
    assert numbers == sorted(numbers)
    seen_numberless = False
    for r in got:
        if r["paragraph"] is None:
            seen_numberless = True
        else:
            assert not seen_numberless, "a numbered paragraph after the numberless ones"


def test_gdc_wsis_links_match_the_table(answers):
    expected = {(link, s, t): r for link, s, t, r in published_links()}
    got = answers("gdc-wsis-links")
    assert len(got) == len(expected)
    assert {(text(r["linkId"]), text(r["subjectCode"]), text(r["objectCode"])) for r in got} == set(expected)
    methods = {"official": WSIS.OfficialText, "expert": WSIS.PublishedMapping}
    for row in got:
        source = expected[(text(row["linkId"]), text(row["subjectCode"]), text(row["objectCode"]))]
        assert text(row["relationAsWorded"]) == source["relation"]
        assert text(row["publisher"]) == source["publisher_of_source"]
        assert row["method"] == methods[source["method"]]
        assert row["confidence"] == MARKS[source["confidence"]]
        assert text(row["objectAsWorded"]) == source["target"]
        assert text(row["subjectAsWorded"]) == (source["gdc_ref"] or None)
        assert text(row["sources"]) == source["source_url"]
        assert text(row["locator"]) == (source["locator"] or None)
        date = text(row["date"]) or text(row["dateAsWorded"])
        assert date == (source["source_date"] or None)
        if source["publisher_id"]:
            assert str(row["publisherEntity"]).endswith("/" + source["publisher_id"])
        else:
            assert row["publisherEntity"] is None
    assert [text(r["linkId"]) for r in got] == sorted(text(r["linkId"]) for r in got)


def test_gdc_commitments_without_wsis_link_match_the_tables(answers):
    linked = {ref for ref, ids in gdc_wsis_ids().items() if ids} | {s for _, s, _, _ in published_links()}
    expected = {
        r["gdc_ref"]
        for r in rows("gdc", "gdc_commitments.csv")
        if r["record_type"].startswith("commitment") and r["gdc_ref"] not in linked
    }
    got = answers("gdc-commitments-without-wsis-link")
    assert got
    assert {text(r["ref"]) for r in got} == expected
    objectives = [text(r["objectiveCode"]) for r in got]
    assert objectives == sorted(objectives)


@pytest.mark.parametrize("sdg", ["9", "9.c", "4"])
def test_sdg_action_lines_match_the_matrix(answers, sdg):
    if "." in sdg:
        expected = Counter(r["action_line_id"] for r in matrix_rows() if r["sdg_target"] == sdg)
    else:
        expected = Counter(r["action_line_id"] for r in matrix_rows() if r["sdg_goal"] == sdg)
    got = answers("sdg-action-lines", sdg=sdg)
    assert Counter(text(r["actionLineCode"]) for r in got) == expected
    for row in got:
        assert row["sdg"] == sdg_iri(sdg)


def sdg_rows(name: str) -> list[dict[str, str]]:
    return rows("sdg", name)


def target_key(code: str) -> tuple:
    goal, _, target = code.partition(".")
    return (int(goal), int(target) if target.isdigit() else 1000, code)


def test_sdg_targets_unserved_are_all_targets_minus_the_matrix(answers):
    targets = {r["code"]: r for r in sdg_rows("targets.csv")}
    assert len(targets) == 169
    served = {r["sdg_target"] for r in matrix_rows() if r["granularity"] == "target"}
    expected = sorted(set(targets) - served, key=target_key)
    got = answers("sdg-targets-unserved")
    assert [text(r["targetCode"]) for r in got] == expected
    assert len(got) == 169 - len(served)
    goal_lines = defaultdict(set)
    for r in matrix_rows():
        if r["granularity"] == "goal":
            goal_lines[r["sdg_goal"]].add(r["action_line_id"])
    for row in got:
        source = targets[text(row["targetCode"])]
        assert text(row["goalCode"]) == source["goal"]
        assert text(row["targetLabel"]) == source["title"]
        assert int(row["actionLinesOnGoal"]) == len(goal_lines[source["goal"]])


def primary_numbers() -> dict[str, str]:
    """Each indicator number and the number of the primary listing of its indicator."""
    listings = {r["code"]: r for r in sdg_rows("indicators.csv")}
    primary = {}
    for number, r in listings.items():
        group = [number, *cell_ids(r["also_listed_as"])]
        heads = [n for n in group if listings[n]["is_primary"] == "true"]
        assert len(heads) == 1, number
        primary[number] = heads[0]
    return primary


@pytest.mark.parametrize("target", ["17.6", "11.5", "13.1"])
def test_indicators_of_target_match_the_indicator_table(answers, target):
    listings = {r["code"]: r for r in sdg_rows("indicators.csv")}
    primary = primary_numbers()
    expected = {n: r for n, r in listings.items() if r["target"] == target}
    got = answers("indicators-of-target", target=target)
    assert [text(r["number"]) for r in got] == sorted(expected, key=lambda n: int(n.rsplit(".", 1)[1]))
    for row in got:
        source = expected[text(row["number"])]
        head = listings[primary[source["code"]]]
        group = {n for n, p in primary.items() if p == head["code"]}
        assert text(row["unCode"]) == head["un_indicator_id"]
        assert text(row["title"]) == head["title"]
        assert row["isRepeat"].toPython() is (source["is_primary"] == "false")
        assert int(row["targetsMeasured"]) == len({listings[n]["target"] for n in group})
        assert text(row["tier"]) == source["tier"]
        assert text(row["tierAsOf"]) == source["tier_as_of"]
        agencies = sorted(set(cell_ids(source["custodian_agency_list"])))
        assert text(row["custodians"]) == (" | ".join(agencies) or None)


def test_repeated_indicators_match_the_indicator_table(answers):
    listings = {r["code"]: r for r in sdg_rows("indicators.csv")}
    primary = primary_numbers()
    targets = defaultdict(set)
    for number, head in primary.items():
        targets[head].add(listings[number]["target"])
    expected = {
        (listings[head]["un_indicator_id"], listings[n]["target"], n)
        for n, head in primary.items()
        if len(targets[head]) > 1
    }
    got = answers("repeated-indicators")
    assert {(text(r["unCode"]), text(r["targetCode"]), text(r["number"])) for r in got} == expected
    for row in got:
        head = [h for n, h in primary.items() if n == text(row["number"])][0]
        assert int(row["targetsMeasured"]) == len(targets[head])
        assert row["isRepeat"].toPython() is (listings[text(row["number"])]["is_primary"] == "false")


def test_labels_in_french_match_the_label_table(answers):
    listings = {r["code"]: r for r in sdg_rows("indicators.csv")}
    classes = {"goal": WSIS.SDGGoal, "target": WSIS.SDGTarget, "indicator": WSIS.SDGIndicator}
    expected = {
        (classes[r["kind"]], r["code"], r["label"])
        for r in sdg_rows("labels.csv")
        if r["lang"] == "fr"
        and r["field"] == "title"
        and (r["kind"] != "indicator" or listings[r["code"]]["is_primary"] == "true")
    }
    got = answers("labels-in-language")
    assert {(r["class"], text(r["code"]), text(r["label"])) for r in got} == expected
    assert {r["label"].language for r in got} == {"fr"}
    assert {text(r["lang"]) for r in got} == {"fr"}
    goals = {r["code"]: r for r in sdg_rows("goals.csv")}
    for row in got:
        if row["class"] == WSIS.SDGGoal:
            assert text(row["englishLabel"]) == goals[text(row["code"])]["full_title"]


def test_labels_in_chinese_for_goals_only(answers):
    expected = {
        r["code"]: r["label"]
        for r in sdg_rows("labels.csv")
        if r["kind"] == "goal" and r["lang"] == "zh-Hans" and r["field"] == "title"
    }
    got = answers("labels-in-language", lang="zh", **{"class": "wsis:SDGGoal"})
    assert [text(r["code"]) for r in got] == sorted(expected, key=int)
    assert {text(r["code"]): text(r["label"]) for r in got} == expected
    assert {r["label"].language.lower() for r in got} == {"zh-hans"}


def test_a_language_range_needs_langmatches(stores):
    """The Chinese labels are tagged zh-Hans (which LANG gives in lower case): equality with "zh" finds
    none, langMatches finds them all."""
    assert "LANGMATCHES(LANG(?label), ?lang)" in get_query("labels-in-language").text
    count = "SELECT (COUNT(*) AS ?n) WHERE {{ ?c skos:prefLabel ?l FILTER({}) }}"
    for store in stores.values():
        equal = store.query(sparql_prologue() + count.format('LANG(?l) = "zh"')).rows[0][0]
        ranged = store.query(sparql_prologue() + count.format('langMatches(LANG(?l), "zh")')).rows[0][0]
        tagged = store.query(sparql_prologue() + count.format('LCASE(LANG(?l)) = "zh-hans"')).rows[0][0]
        assert int(equal) == 0 and int(ranged) == int(tagged) > 0


@pytest.mark.parametrize("target", ["16.10", "8.2"])
def test_rights_grounding_of_an_sdg_target_matches_the_links_table(answers, target):
    links = [r for r in rows("rights-links", "links.csv") if target in (r["from_ref"], r["to_ref"])]
    expected = {(r["link_id"], r["to_ref"] if r["from_ref"] == target else r["from_ref"]) for r in links}
    got = answers("rights-grounding", subject=f"sdg:{target}")
    assert {(text(r["linkId"]), text(r["groundingCode"])) for r in got} == expected
    by_id = {r["link_id"]: r for r in links}
    instruments = {r["provision_id"]: r["instrument"] for r in rows("human-rights", "provisions.csv")}
    for row in got:
        source = by_id[text(row["linkId"])]
        assert row["grounded"] == sdg_target(target)
        assert row["confidence"] == MARKS[source["confidence"]]
        assert text(row["relationAsWorded"]) == source["relation"]
        if text(row["kind"]) == "provision":
            assert text(row["instrumentCode"]) == instruments[text(row["groundingCode"])]
        parts = {unquote(part) for part in text(row["sources"]).split(" | ")}
        assert {unquote(url) for url in urls(source["source_ref"])} <= parts
        for key in cell_ids(source["source_key"]):
            assert any(part.startswith(f"{key}: ") for part in parts), key


def test_submission_recommendations_match_the_submission_tables(answers):
    folder = SOURCES / "seed-submission"
    if not folder.is_dir():
        pytest.skip("no seed-submission source folder: the submission graph is absent")
    recommendations = {r["recommendation_id"]: r for r in rows("seed-submission", "recommendations.csv")}
    got = answers("submission-recommendations")
    assert {text(r["code"]) for r in got} == set(recommendations)
    concerned = defaultdict(set)
    for row in got:
        if row["actionLineCode"] is not None:
            concerned[text(row["code"])].add(text(row["actionLineCode"]))
    for rid, source in recommendations.items():
        assert concerned[rid] == set(cell_ids(source["action_lines"])), rid
    for row in got:
        source = recommendations[text(row["code"])]
        assert row["confidence"] == MARKS[source["confidence"]]
        assert text(row["pillar"]) == (source["pillar"] or None)
        assert text(row["summary"]) == source["summary_own_words"]
    codes = [text(r["code"]) for r in got]
    assert codes == sorted(codes)


# -- 3b. codes: every parameter takes the codes people use, and refuses unknown ones -------------------


@pytest.fixture(scope="session")
def codebook(stores):
    return Codebook.read(stores["oxigraph"])


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("action-line", "C5", f"{TEST_BASE}action-line/C5"),
        ("action-line", "c7.E-health", f"{TEST_BASE}action-line/C7.e-health"),
        ("action-line", f"{TEST_BASE}action-line/C11", f"{TEST_BASE}action-line/C11"),
        ("sdg", "9.c", str(sdg_target("9.c"))),
        ("sdg", "9.C", str(sdg_target("9.c"))),
        ("sdg", "9", str(sdg_goal("9"))),
        ("sdg", "sdg:16.10", str(sdg_target("16.10"))),
        ("gdc-objective", "GDC-O1", f"{TEST_BASE}gdc-objective/GDC-O1"),
        ("gdc-objective", "O1", f"{TEST_BASE}gdc-objective/GDC-O1"),
        ("gdc-objective", "1", f"{TEST_BASE}gdc-objective/GDC-O1"),
        ("gdc-paragraph", "GDC-29(b)", f"{TEST_BASE}gdc-paragraph/GDC-29-b"),
        ("gdc-paragraph", "29(b)", f"{TEST_BASE}gdc-paragraph/GDC-29-b"),
        ("entity", "ITU", f"{TEST_BASE}entity/ITU"),
        ("entity", "itu", f"{TEST_BASE}entity/ITU"),
        ("provision", "ICCPR:17", f"{TEST_BASE}provision/ICCPR-17"),
        ("thing", "C5", f"{TEST_BASE}action-line/C5"),
        ("thing", "ICCPR:17", f"{TEST_BASE}provision/ICCPR-17"),
        ("thing", "16.10", str(sdg_target("16.10"))),
        ("thing", "1", str(sdg_goal("1"))),  # where SDG goals may be meant, a bare number is a goal
        ("graph", "wsis", f"{TEST_BASE}graph/wsis"),
    ],
)
def test_each_code_form_names_its_thing(codebook, kind, value, expected):
    assert codebook.resolve(kind, value) == URIRef(expected)


@pytest.mark.parametrize(
    ("kind", "value", "suggested"),
    [
        ("action-line", "C12", ["C1", "C2"]),
        ("entity", "ITUU", ["ITU"]),
        ("gdc-objective", "GDC-O9", ["GDC-O1"]),
        ("provision", "ICCPR:177", ["ICCPR:17"]),
        ("sdg", "9.z", ["9.1", "9.2"]),
    ],
)
def test_an_unknown_code_is_an_error_with_the_nearest_codes(codebook, kind, value, suggested):
    with pytest.raises(UnknownCode) as caught:
        codebook.resolve(kind, value, what="parameter 'x'")
    assert set(suggested) <= set(caught.value.suggestions)
    assert str(caught.value).startswith(f"parameter 'x': {value!r} names nothing")
    assert "did you mean" in str(caught.value)


def test_an_iri_the_store_does_not_hold_is_refused(codebook):
    with pytest.raises(UnknownCode, match="did you mean C1"):
        codebook.resolve("action-line", f"{TEST_BASE}action-line/C12")
    with pytest.raises(UnknownCode):  # an Entity's IRI is no Action Line
        codebook.resolve("action-line", f"{TEST_BASE}entity/ITU")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("action-line-sdg-targets", {"actionLine": "c7.E-health"}),
        ("sdg-action-lines", {"sdg": "9.C"}),
        ("gdc-objective-commitments", {"objective": "1"}),
        ("gdc-objective-commitments", {"objective": "O1"}),
        ("rights-grounding", {"subject": "16.10"}),
        ("rights-grounding", {"subject": "CCPR-GC34"}),
    ],
)
def test_named_queries_take_the_codes(stores, codebook, answers, name, params):
    query = get_query(name)
    got = stores["oxigraph"].query(query.text, query.bindings(params, MINT, codebook)).rows
    assert got
    canonical = {"c7.E-health": "C7.e-health", "9.C": "9.c", "1": "GDC-O1", "O1": "GDC-O1", "16.10": "sdg:16.10",
                 "CCPR-GC34": f"{TEST_BASE}instrument/CCPR-GC34"}
    expected = answers(name, **{k: canonical[v] for k, v in params.items()})
    assert len(got) == len(expected)


def test_rights_grounding_takes_an_action_line_code(stores, codebook):
    query = get_query("rights-grounding")
    assert query.bindings({"subject": "C5"}, MINT, codebook) == {"subject": URIRef(f"{TEST_BASE}action-line/C5")}
    with pytest.raises(ParameterError, match="parameter 'subject': 'C55' names nothing.*did you mean C5"):
        query.bindings({"subject": "C55"}, MINT, codebook)


# -- 4. the command line ------------------------------------------------------------------------------
# Parameter errors are reported before any store is opened, so those tests need no built store.


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory) -> str:
    """A store built by ``wsis-graph build`` (the memory store does not outlive a command)."""
    url = f"oxigraph:{tmp_path_factory.mktemp('cli') / 'store'}"
    result = run_cli("build", "--store", url, "--base", TEST_BASE, "--quiet")
    assert result.exit_code == 0, result.output
    return url


def run_cli(*args: str):
    """Invoke the command, after freeing the store handles of earlier invocations.

    Click's SystemExit keeps the last command's frames (and its open Oxigraph store, which holds
    the database lock) alive in a reference cycle until the cycle collector runs.
    """
    gc.collect()
    return CliRunner().invoke(main, list(args))


def c2_targets() -> set[str]:
    return {matrix_code(r) for r in matrix_rows() if r["action_line_id"] == "C2"}


def test_cli_query_csv(cli_store):
    result = run_cli("query", "action-line-sdg-targets", "-p", "actionLine=C2", "--store", cli_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == [str(v) for v in prepareQuery(get_query("action-line-sdg-targets").text).algebra["PV"]]
    assert {r["sdgCode"] for r in table} == c2_targets()
    assert {r["actionLineCode"] for r in table} == {"C2"}


def test_cli_query_json(cli_store):
    result = run_cli("query", "action-line-facilitators", "--param", "actionLine=C4", "--store", cli_store, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "role" in data["head"]["vars"]
    bindings = data["results"]["bindings"]
    expected = [r for r in facilitation_rows() if r["action_line_id"] == "C4"]
    assert sorted((b["acronym"]["value"], b["period"]["value"]) for b in bindings) == sorted(
        (r["entity"], r["as_of"]) for r in expected
    )
    assert {b["role"]["value"] for b in bindings} == {str(ROLE_CONCEPTS[r["role"]]) for r in expected}
    assert all(b["periodStart"]["datatype"] == str(XSD.gYear) for b in bindings)


def test_cli_query_tsv(cli_store):
    result = run_cli("query", "sdg-action-lines", "-p", "sdg=9.c", "--store", cli_store, "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    header = lines[0].split("\t")
    assert header[:2] == ["?sdg", "?linkedTo"]
    column = header.index("?actionLineCode")
    got = sorted(line.split("\t")[column] for line in lines[1:])
    assert got == sorted(f'"{r["action_line_id"]}"' for r in matrix_rows() if r["sdg_target"] == "9.c")
    assert all(line.split("\t")[0] == f"<{sdg_target('9.c')}>" for line in lines[1:])


def test_cli_an_unknown_code_exits_2_with_the_nearest_codes(cli_store):
    result = run_cli("query", "action-line-sdg-targets", "-p", "actionLine=C12", "--store", cli_store)
    assert result.exit_code == 2, result.output
    assert "actionLine" in result.stderr and "'C12' names nothing" in result.stderr
    assert "did you mean C1, C2" in result.stderr and "rows)" not in result.stdout


def test_cli_rights_grounding_takes_a_code(cli_store):
    result = run_cli("query", "rights-grounding", "-p", "subject=C5", "--store", cli_store, "--format", "json")
    assert result.exit_code == 0, result.output  # no source grounds C5: no rows, but no refusal either
    result = run_cli("query", "rights-grounding", "-p", "subject=16.10", "--store", cli_store, "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert bindings and {b["subject"]["value"] for b in bindings} == {str(sdg_target("16.10"))}


def test_cli_query_table_without_parameters(cli_store):
    result = run_cli("query", "action-lines-overview", "--store", cli_store)
    assert result.exit_code == 0, result.output
    assert f"({len(rows('wsis', 'action_lines.csv'))} rows)" in result.stdout


def test_cli_missing_required_parameter_exits_2():
    result = run_cli("query", "action-line-sdg-targets", "--store", "memory:")
    assert result.exit_code == 2
    assert "actionLine" in result.stderr


def test_cli_bad_parameter_value_exits_2():
    result = run_cli("query", "sdg-action-lines", "-p", "sdg=nine", "--store", "memory:")
    assert result.exit_code == 2
    assert "sdg" in result.stderr and "nine" in result.stderr


def test_cli_unknown_parameter_exits_2():
    result = run_cli("query", "dataset-graphs", "-p", "graph=wsis", "--store", "memory:")
    assert result.exit_code == 2
    assert "graph" in result.stderr


def test_cli_unknown_query_exits_2():
    result = run_cli("query", "no-such-query", "--store", "memory:")
    assert result.exit_code == 2
    assert "no-such-query" in result.stderr


@pytest.mark.parametrize("name", ["tasks", "ask", "SELECT", "describe-things"])
def test_cli_a_mistyped_name_is_no_named_query_not_sparql(name):
    """A bare word is a named query or nothing, even when a query form hides in it (t-ASK-s)."""
    result = run_cli("query", name, "--store", "memory:")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f'error: no named query "{name}"')
    assert len(result.stderr.splitlines()) == 1
    assert "query failed" not in result.stderr and "Traceback" not in result.output


def test_cli_a_mistyped_name_gets_the_nearest_names():
    result = run_cli("query", "action-line-overview", "--store", "memory:")
    assert result.exit_code == 2
    assert 'no named query "action-line-overview"' in result.stderr
    assert "did you mean action-lines-overview" in result.stderr
    result = run_cli("query", "rights", "--store", "memory:")
    assert "rights-grounding" in result.stderr


def test_cli_query_text_is_read_by_the_sparql_lexer(cli_store, tmp_path):
    """SPARQL is told by its form after comments and the prologue; an update or prose is refused."""
    text = "# which Action Lines?\nselect (COUNT(*) AS ?n) { ?s a wsis:ActionLine }"
    result = run_cli("query", text, "--store", cli_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.stdout.splitlines()[1]) > 0
    file = tmp_path / "count.rq"
    file.write_text("SELECT (COUNT(*) AS ?n) { ?s a <https://w3id.org/wsis-graph/ontology#ActionLine> }", encoding="utf-8")
    assert run_cli("query", str(file), "--store", cli_store, "--format", "csv").stdout == result.stdout
    missing = run_cli("query", str(tmp_path / "missing.rq"), "--store", cli_store)
    assert missing.exit_code == 2 and "no file called" in missing.stderr
    update = run_cli("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--store", cli_store)
    assert update.exit_code == 2 and "not updates" in update.stderr
    prose = run_cli("query", "the tasks of C4", "--store", cli_store)
    assert prose.exit_code == 2 and "no named query, file or SPARQL text" in prose.stderr
    broken = run_cli("query", "SELECT ?s WHERE { ?s", "--store", cli_store)
    assert broken.exit_code == 2 and broken.stderr.startswith("error: syntax error at line 1, column "), broken.stderr


def test_query_text_tells_a_named_query_from_sparql():
    from wsis_graph.cli.query import query_text

    known = named_queries()
    assert query_text("action-lines-overview", known).named is known["action-lines-overview"]
    assert query_text("PREFIX ex: <http://ex/> ASK { ?s ex:p ?o }", known).named is None


def _readme_query() -> str:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return re.search(r"^wsis-graph query '(SELECT [^']*)'$", readme, re.M).group(1)


def test_the_readme_query_needs_no_prefix_lines_on_the_command_line_or_at_the_endpoint(cli_store):
    import requests

    from wsis_graph.web.app import create_app
    from wsis_graph.web.liveserver import LiveServer
    from wsis_graph.web.settings import Settings

    query = _readme_query()
    assert "PREFIX" not in query and "wsis:" in query and "skos:" in query
    cli = run_cli("query", query, "--store", cli_store, "--format", "json")
    assert cli.exit_code == 0, cli.output
    from_cli = {(b["al"]["value"], b["name"]["value"]) for b in json.loads(cli.stdout)["results"]["bindings"]}
    gc.collect()
    store = OxigraphStore(cli_store.split(":", 1)[1])
    try:
        with LiveServer(create_app(Settings(store_url=cli_store, base=TEST_BASE), store=store)) as live:
            reply = requests.get(live.url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    finally:
        store.close()
    assert reply.status_code == 200, reply.text
    from_endpoint = {(b["al"]["value"], b["name"]["value"]) for b in reply.json()["results"]["bindings"]}
    assert len(from_endpoint) >= 11 and from_endpoint == from_cli


def test_cli_errors_are_placed_in_the_text_the_user_wrote(cli_store):
    unknown = run_cli("query", "SELECT ?l WHERE { ?s a wsis:ActionLine ; skso:prefLabel ?l }", "--store", cli_store)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith('error: unknown prefix "skso" at line 1, column 42; declare it with PREFIX skso: <…>')
    assert "did you mean skos:" in unknown.stderr
    # A one-line query's error is on line 1, whatever the prefixes added before it.
    broken = run_cli("query", "SELECT ?al WHERE { ?al a wsis:ActionLine FILTER( }", "--store", cli_store)
    assert broken.exit_code == 2, broken.output
    assert broken.stderr.startswith("error: syntax error at line 1, column "), broken.stderr
    assert "\\u{" not in broken.stderr and "[" not in broken.stderr and len(broken.stderr.splitlines()) == 1
    own = run_cli("query", "PREFIX skos: <http://example.org/other#>\nSELECT ?al WHERE { ?al skos:prefLabel ?n }", "--store", cli_store, "--format", "json")
    assert own.exit_code == 0 and json.loads(own.stdout)["results"]["bindings"] == [], own.output


def test_the_memory_and_oxigraph_stores_place_syntax_errors_alike(tmp_path):
    from wsis_graph.namespaces import query_prefixes
    from wsis_graph.sparql.prefixes import prepare
    from wsis_graph.store import QueryError

    text = "SELECT ?s\nWHERE {\n  ?s skos:prefLabel ?l FILTER(\n}"
    ready = prepare(text, query_prefixes(TEST_BASE))
    for store in (MemoryStore(), OxigraphStore(tmp_path / "store")):
        with pytest.raises(QueryError) as raised:
            store.query(ready.text)
        message = ready.message(str(raised.value))
        assert re.match(r"syntax error at line (3|4), column \d+: \S", message), message
        assert "(at char" not in message and "\\u{" not in message


def test_cli_lists_every_named_query():
    result = run_cli("queries", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert set(listed) == set(QUERIES)
    assert listed["action-line-sdg-targets"]["parameters"][0]["name"] == "actionLine"
