"""``wsis-graph tag``: a document's paragraphs or a table's rows tagged with the SDG goals they are about, with
the words that weighed, as CSV, JSON, HTML or Markdown; bad input is one line and exit status 2."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from wsis_graph.cli import main
from test_texts_formats import SEED
from wsis_graph.store import OxigraphStore



@pytest.fixture(scope="module")
def store_url(built, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("tag") / "store"
    store = OxigraphStore(folder)
    store.replace(built.quads())
    store.close()
    return f"oxigraph:{folder}"


def run(*args, code: int = 0):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, (result.output, result.exception)
    return result


def test_the_seed_submission_is_tagged_paragraph_by_paragraph(store_url):
    rows = list(csv.DictReader(io.StringIO(run("tag", SEED, "--store", store_url).stdout)))
    assert list(rows[0]) == ["id", "kind", "tag", "label", "score", "rank", "matched_terms"]
    ids = list(dict.fromkeys(r["id"] for r in rows))
    assert ids[:3] == ["p1", "p2", "p3"] and len(ids) > 30
    assert all(r["kind"] == "sdg-goals" and r["tag"] in {str(n) for n in range(1, 18)} for r in rows)
    # The paragraph on the IGF and multistakeholder cooperation is tagged with the partnerships goal, for its words.
    first = [r for r in rows if r["id"] == "p1"]
    assert first[0]["tag"] == "17" and first[0]["rank"] == "1"
    assert {"cooperation", "stakeholders"} <= set(first[0]["matched_terms"].split("; "))
    # Not a fixed number of tags: some paragraphs get one, others more.
    counts = {i: sum(r["id"] == i for r in rows) for i in ids}
    assert 1 in counts.values() and max(counts.values()) > 1


def test_a_table_is_tagged_row_by_row_in_json(store_url, tmp_path):
    table = tmp_path / "records.csv"
    table.write_text("ref,words\nA1,Villages built latrines and a safe drinking water supply for every school.\n"
                     "A2,Solar panels and wind turbines now give the island renewable electricity.\n", encoding="utf-8")
    data = json.loads(run("tag", table, "--text-column", "words", "--id-column", "ref", "--format", "json",
                          "--store", store_url).stdout)
    first = {t["id"]: t["tags"]["sdg-goals"][0] for t in data["texts"]}
    assert first["A1"]["tag"] == "6" and first["A2"]["tag"] == "7"
    assert "renewable" in first["A2"]["matched_terms"] or "electricity" in first["A2"]["matched_terms"]


def test_html_marks_the_words_that_weighed_and_markdown_lists_the_tags(store_url, tmp_path):
    out = tmp_path / "seed.html"
    run("tag", SEED, "--format", "html", "--out", out, "--store", store_url)
    page = out.read_text(encoding="utf-8")
    assert "<mark>cooperation</mark>" in page and 'id="p1"' in page and "it is not a link of the graph" in page
    markdown = run("tag", SEED, "--format", "md", "--store", store_url).stdout
    assert markdown.startswith("# Tags of 000_fd10d842333058da.txt") and "- **17** Strengthen the means" in markdown


def test_bad_input_is_one_line_and_exit_status_2(store_url, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "the file is empty" in run("tag", empty, "--store", store_url, code=2).output
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "no column 'text' (give it with --text-column; the columns are a, b)" in run(
        "tag", table, "--store", store_url, code=2).output
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"id,text\n1,\x00\xff\xfe")
    assert "b.csv:" in run("tag", binary, "--store", store_url, code=2).output
    assert "unknown kind 'planets'" in run("tag", SEED, "--to", "planets", "--store", store_url, code=2).output
    odd = tmp_path / "x.xyz"
    odd.write_text("words", encoding="utf-8")
    assert "cannot tag a .xyz file" in run("tag", odd, "--store", store_url, code=2).output
    twice = tmp_path / "twice.csv"
    twice.write_text("id,text\n1,water for all\n1,energy for all\n", encoding="utf-8")
    assert "line 3: the id '1' is on line 2 already" in run("tag", twice, "--store", store_url, code=2).output


def test_a_text_not_in_english_is_tagged_with_a_warning(store_url, tmp_path):
    table = tmp_path / "fr.csv"
    table.write_text("id,text\n1,Les villages ont construit des latrines et un réseau d'eau potable pour chaque école.\n",
                     encoding="utf-8")
    result = run("tag", table, "--store", store_url)
    assert "warning:" in result.stderr and "do not read as English" in result.stderr
    assert result.stdout.startswith("id,kind,tag")


def test_other_frameworks_tag_the_same_paragraphs(store_url, tmp_path):
    table = tmp_path / "records.csv"
    table.write_text("id,text\nH1,Telemedicine and electronic health records let rural clinics consult specialists "
                     "in the capital.\nP1,The law protects the privacy of correspondence and personal data online.\n",
                     encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("tag", table, "--to", "action-lines", "--to", "rights", "--to", "sdg-targets",
                                               "--store", store_url).stdout)))
    first = {(r["id"], r["kind"]): r for r in rows if r["rank"] == "1"}
    assert first[("H1", "action-lines")]["tag"] == "C7.e-health"
    assert first[("H1", "sdg-targets")]["tag"].startswith("3.")
    privacy = [r for r in rows if r["id"] == "P1" and r["kind"] == "rights"]
    assert "privacy" in privacy[0]["label"].lower() and "privacy" in privacy[0]["matched_terms"]
    assert {"ICCPR:17", "UDHR:12"} & {r["tag"] for r in privacy}
