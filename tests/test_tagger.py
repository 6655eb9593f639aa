"""The SDG goal tagger: fitted on the graph's SDG texts and the curated topic lexicon, it tags a text with
the goals it is about, each tag with the terms that weighed for it (issue 12, deliverable 4's model).

What it scores on the SDG Classification Benchmark is measured by ``benchmarks/sdg_tagging.py``
(docs/MATCHING.md), not asserted here."""

from __future__ import annotations

import csv

import pytest

from wsis_graph import paths
from wsis_graph.matching.tagger import CALIBRATION, Entry, TagModel, features, sdg_goal_entries, sdg_goal_texts, sdg_topics
from wsis_graph.store import MemoryStore

TOPICS = paths.thesaurus_dir() / "sdg_topics.csv"


@pytest.fixture(scope="module")
def goals(built):
    store = MemoryStore()
    store.replace(built.quads())
    return sdg_goal_texts(store)


@pytest.fixture(scope="module")
def model(goals):
    gap, most = CALIBRATION["sdg-goals"]
    return TagModel(sdg_goal_entries(goals, sdg_topics(TOPICS)), gap=gap, most=most)


def test_the_goals_come_from_the_graph_with_their_targets_and_indicators(goals):
    assert [code for code, _, _ in goals] == [str(n) for n in range(1, 18)]
    code, label, texts = goals[5]
    assert (code, label) == ("6", "Ensure availability and sustainable management of water and sanitation for all")
    assert any("open defecation" in t for t in texts)  # target 6.2's wording
    assert len(texts) > 10


def test_every_topic_row_names_a_target_of_its_goal_and_says_on_what_basis():
    with open(paths.sources_dir() / "sdg" / "targets.csv", encoding="utf-8") as f:
        targets = {row["code"]: row["goal"] for row in csv.DictReader(f)}
    with open(TOPICS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 300
    for row in rows:
        assert targets.get(row["target"]) == row["goal"], row
        assert row["term"] == row["term"].strip().lower() and row["term"]
        assert row["basis"].startswith("editorial")
    assert len({(r["goal"], r["term"]) for r in rows}) == len(rows)  # no term twice for a goal


def test_a_text_gets_the_goals_it_is_about_with_the_terms_that_weighed(model):
    (water,), (mixed,) = [model.tag([text]) for text in (
        "Villages built latrines and a clean drinking water supply, and children learnt handwashing.",
        "Farmers facing drought lost their crops, and hunger spread among smallholder families.",
    )]
    assert water[0].code == "6" and water[0].rank == 1
    assert {"latrines", "drinking water"} & set(water[0].matched)
    assert mixed[0].code == "2" and "hunger" in mixed[0].matched
    assert all(t.score <= mixed[0].score for t in mixed)


def test_the_gap_decides_how_many_tags_a_text_gets(goals):
    entries = sdg_goal_entries(goals, sdg_topics(TOPICS))
    text = ["Solar panels brought electricity to the clinic, where nurses now keep vaccines cold."]
    narrow, wide = TagModel(entries, gap=0.01, most=3).tag(text)[0], TagModel(entries, gap=50, most=3).tag(text)[0]
    assert len(narrow) == 1 and len(wide) >= 2 and all(t.matched for t in wide)
    assert narrow[0].code == wide[0].code


def test_a_model_needs_things_and_stems_words_and_their_pairs():
    with pytest.raises(ValueError):
        TagModel([])
    assert features("Schools") == ["school"]
    model = TagModel([Entry("a", "lanterns", ("lantern oil wick",)), Entry("b", "boats", ("boat sail oar",))], gap=0.5)
    assert [t.code for t in model.tag(["a lantern with a new wick"])[0]] == ["a"]
    assert model.tag([]) == []


def test_a_text_with_too_few_known_words_gets_no_tag(model):
    assert model.tag(["Lorem ipsum dolor sit amet", "1234 5678", "The meeting is on Tuesday"]) == [[], [], []]
