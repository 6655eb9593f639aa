"""The named queries over practice records, on a small generated record set and a hand-written real one.

Every expected answer is recounted here from the record files themselves (read with ``csv``), never
taken from a query. The store holds the curated build, 400 synthetic records (graph
``records-synthetic-small``) and three hand-written real records (graph ``records-handmade``);
each query is also asked on the curated build alone, where it must answer nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from conftest import TEST_BASE
from wsis_graph.queries.registry import get_query
from wsis_graph.records import Vocabulary, generate, load_records
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.uris import Minter

MINT = Minter(TEST_BASE)
SYNTHETIC = MINT.graph("records-synthetic-small")
HANDMADE = MINT.graph("records-handmade")
HANDMADE_CSV = (
    "id,title,organisation,stakeholder_type,country,year,action_lines,sdg_goals,sdg_targets,gdc_objectives,url\n"
    "h1,Community radio for farmers,Radio Example (hand-written test record),civil-society,KEN,2021,C7.e-agriculture;C8,2,2.3,,\n"
    "h2,Broadband for schools,Ministry Example (hand-written test record),government,KEN;UGA,2018,C2;C4,4;9,4.4;9.c,1,\n"
    "h3,Open data portal,City Example (hand-written test record),government,BRA,2023,C7.e-government,16,16.10,,\n"
)
RECORD_QUERIES = ("records-of-country-action-line", "records-per-action-line-goal", "records-least-practice-action-lines")


def split(cell: str) -> list[str]:
    return [v for v in cell.split(";") if v]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def files(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("record-queries")
    curated = MemoryStore()
    curated.replace(built.quads())
    vocabulary = Vocabulary.from_store(curated)
    synthetic = folder / "synthetic-small.csv"
    generate(synthetic, records=400, seed=7, name="synthetic-small", mint=MINT, vocabulary=vocabulary)
    handmade = folder / "handmade.csv"
    handmade.write_text(HANDMADE_CSV, encoding="utf-8")
    return {"folder": folder, "vocabulary": vocabulary, "synthetic": synthetic, "handmade": handmade}


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def stores(request, built, files):
    """(store with records, store with the curated build only), of one kind."""
    def fresh(name: str):
        if request.param == "memory":
            return MemoryStore()
        return OxigraphStore(files["folder"] / f"{name}-{request.param}")

    with_records, bare = fresh("records"), fresh("bare")
    for store in (with_records, bare):
        store.replace(built.quads())
    for path in (files["synthetic"], files["handmade"]):
        load_records(with_records, path, mint=MINT, vocabulary=files["vocabulary"], shacl_sample=20, last_year=2026)
    yield with_records, bare
    for store in (with_records, bare):
        store.close()


def ask(store, name: str, **params) -> list[dict]:
    query = get_query(name)
    return store.query(query.text, query.bindings(params, MINT)).dicts()


def rows_of(files) -> dict:
    return {SYNTHETIC: read_csv(files["synthetic"]), HANDMADE: read_csv(files["handmade"])}


# -- Records of one country on one Action Line ------------------------------------------------------


def test_the_generated_set_has_the_country_and_lines_the_tests_ask_for(files):
    rows = read_csv(files["synthetic"])
    assert len(rows) == 400
    assert sum(1 for r in rows if "KEN" in split(r["country"]) and any(a.startswith("C7") for a in split(r["action_lines"]))) >= 1


@pytest.mark.parametrize("country,line", [("KEN", "C7"), ("KEN", "C4"), ("BRA", "C7"), ("IND", "C2"), ("UGA", "C2")])
def test_records_of_a_country_and_line_match_the_files(stores, files, country, line):
    store, _ = stores
    expected = set()
    for graph, rows in rows_of(files).items():
        for r in rows:
            if country not in split(r["country"]):
                continue
            for tagged in split(r["action_lines"]):
                if tagged == line or tagged.startswith(line + "."):
                    expected.add((str(graph), r["id"], tagged, r["year"], r["title"], r["organisation"]))
    answer = ask(store, "records-of-country-action-line", country=country, actionLine=line)
    got = {
        (str(a["graph"]), str(a["identifier"]), str(a["taggedLineCode"]), str(a["year"]), str(a["title"]), str(a["organisation"]))
        for a in answer
    }
    assert got == expected
    assert len(answer) == len(expected)  # one row per record and tagged line, no duplicates
    assert all(str(a["country"]) == country and str(a["actionLine"]) == str(MINT.iri("action-line", line)) for a in answer)
    years = [int(str(a["year"])) for a in answer]
    assert years == sorted(years, reverse=True)
    for a in answer:
        assert a["synthetic"].toPython() is (a["graph"] == SYNTHETIC)


def test_hand_written_records_show_with_their_names(stores):
    store, _ = stores
    answer = ask(store, "records-of-country-action-line", country="UGA", actionLine="C4")
    mine = [a for a in answer if a["graph"] == HANDMADE]
    assert [(str(a["identifier"]), str(a["countryName"]), str(a["stakeholderType"]).rsplit("#", 1)[-1]) for a in mine] == [
        ("h2", "Uganda", "Government")
    ]


# -- Records per Action Line and SDG goal -----------------------------------------------------------


def test_records_per_action_line_and_goal_match_the_files(stores, files):
    store, _ = stores
    expected = Counter()
    for graph, rows in rows_of(files).items():
        for r in rows:
            for line in set(split(r["action_lines"])):
                for goal in set(split(r["sdg_goals"])):
                    expected[(str(graph), line, goal)] += 1
    answer = ask(store, "records-per-action-line-goal")
    got = {(str(a["graph"]), str(a["actionLineCode"]), str(a["goalCode"])): int(a["records"]) for a in answer}
    assert got == dict(expected)
    assert {str(a["graph"]): a["syntheticSet"].toPython() for a in answer} == {str(SYNTHETIC): True, str(HANDMADE): False}


def test_records_per_action_line_and_goal_for_one_set(stores):
    store, _ = stores
    answer = ask(store, "records-per-action-line-goal", graph="records-handmade")
    got = [(str(a["actionLineCode"]), str(a["goalCode"]), int(a["records"])) for a in answer]
    # h1: C7.e-agriculture, C8 x goal 2; h2: C2, C4 x goals 4, 9; h3: C7.e-government x 16 (in Action Line, then goal order).
    assert got == [("C2", "4", 1), ("C2", "9", 1), ("C4", "4", 1), ("C4", "9", 1),
                   ("C7.e-agriculture", "2", 1), ("C7.e-government", "16", 1), ("C8", "2", 1)]


# -- Action Lines with the least practice -----------------------------------------------------------


def test_least_practice_counts_every_action_line_from_the_files(stores, files):
    store, _ = stores
    lines = list(files["vocabulary"].action_lines)
    answer = ask(store, "records-least-practice-action-lines")
    for graph, rows in rows_of(files).items():
        counts = Counter(line for r in rows for line in set(split(r["action_lines"])))
        mine = [a for a in answer if a["graph"] == graph]
        assert {str(a["actionLineCode"]): int(a["records"]) for a in mine} == {line: counts.get(line, 0) for line in lines}
        shown = [int(a["records"]) for a in mine]
        assert shown == sorted(shown), "fewest first"
        assert all(a["actionLineName"] is not None for a in mine)
    handmade = [a for a in answer if a["graph"] == HANDMADE]
    assert int(handmade[0]["records"]) == 0 and int(handmade[-1]["records"]) == 1


def test_least_practice_for_one_set(stores, files):
    store, _ = stores
    answer = ask(store, "records-least-practice-action-lines", graph=str(SYNTHETIC))
    assert {a["graph"] for a in answer} == {SYNTHETIC}
    assert len(answer) == len(files["vocabulary"].action_lines)
    assert all(a["syntheticSet"].toPython() is True for a in answer)


# -- No records ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,params", [
    ("records-of-country-action-line", {"country": "KEN", "actionLine": "C7"}),
    ("records-per-action-line-goal", {}),
    ("records-least-practice-action-lines", {}),
])
def test_without_records_the_answer_is_empty(stores, name, params):
    _, bare = stores
    assert ask(bare, name, **params) == []


def test_both_stores_agree(built, files):
    """The same rows on rdflib and on Oxigraph (the engines differ; the answers must not)."""
    answers = {}
    for kind in ("memory", "oxigraph"):
        store = MemoryStore() if kind == "memory" else OxigraphStore(files["folder"] / "agree")
        store.replace(built.quads())
        load_records(store, files["handmade"], mint=MINT, vocabulary=files["vocabulary"], shacl_sample=0, last_year=2026)
        answers[kind] = {
            name: sorted(tuple("" if v is None else v.n3() for v in row.values()) for row in ask(store, name, **params))
            for name, params in [
                ("records-of-country-action-line", {"country": "KEN", "actionLine": "C7"}),
                ("records-per-action-line-goal", {}),
                ("records-least-practice-action-lines", {}),
            ]
        }
        store.close()
    assert answers["memory"] == answers["oxigraph"]
    assert all(answers["memory"][name] for name in RECORD_QUERIES)
