"""Honest GDC coverage wherever the GDC appears (issue 11, deliverable 6).

Two stores of the real build: one without the text of the Compact, and one where a GDC-shaped text
of our own (sentences about lighthouses, in the UN layout: ``texts_fixture``) has been imported as
``--document gdc``, in English and then in French, and reconciled by the import: ``wsis:officialText`` and
``wsis:inOfficialText`` on the GDC nodes, and ``wsis:readAs wsis:GDCCommitment`` on the lettered items, in
``{base}graph/text/gdc/reconciled/<lang>``.

What a user sees is checked: the coverage sentence (or "not imported" and the command that fixes
it), and each commitment's words (the official text, else our summary marked as one) with its
objective's title.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

import texts_fixture as fx
from conftest import TEST_BASE
from wsis_graph.analysis.gdc_texts import gdc_texts
from wsis_graph.cli import main
from wsis_graph.namespaces import WSIS, WSIS_NS, sparql_prologue
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.texts import read_structure
from wsis_graph.texts.coverage import IMPORT_COMMAND, NOT_IMPORTED, REMEDY, gdc_coverage
from wsis_graph.texts.write import import_text
from wsis_graph.uris import Minter

MINT = Minter(TEST_BASE)
#: The terms of the reconciliation's data contract (the ontology gains them with the reconciliation).
OFFICIAL_TEXT = URIRef(WSIS_NS + "officialText")
IN_OFFICIAL_TEXT = URIRef(WSIS_NS + "inOfficialText")
READ_AS = URIRef(WSIS_NS + "readAs")
TEXT_RECONCILIATION = URIRef(WSIS_NS + "TextReconciliation")

PARAGRAPHS = 30  # numbered paragraphs of annex I in the fixture
ITEMS = {11: "abcd", 29: "abcd"}  # their lettered items, all read as commitments


def item_words(number: int, letter: str) -> str:
    return f"Keep light {number}{letter} burning through every storm and log each night it shines"


def paragraph_words(number: int) -> str:
    words = f"The keepers of the coast agree that lighthouse {number} guides ships safely home at night."
    if number == 26:  # a long paragraph, as many of the Compact's are
        words += (" They will oil its hinges, sweep its stairs, polish its brass and mend its windows every spring, keep a"
                  " log of every ship that passes and every storm that breaks on the rocks below, teach the children of the"
                  " harbour how the great lens turns, and hand the keys on to a neighbour whenever they travel inland.")
    return words


def lighthouse_compact() -> list[fx.Piece]:
    """A compact in the shape of A/RES/79/1: the Pact's own paragraphs, annex I with 30 paragraphs, annex II."""
    p = fx.Piece
    pieces = [
        p("masthead", "", "United Nations"),
        p("masthead", "", fx.SYMBOL),
        p("title", "", "99/1. The Pact for Lighthouses"),
        p("preamble", "", "The General Assembly,"),
        p("preamble", "", "Adopts the following Pact for Lighthouses and its annexes:"),
        p("heading", "", "Pact for Lighthouses"),
        p("paragraph", "1", "We, the keepers of the coast, agree to keep every light burning."),
        p("annex", "I", "Annex I"),
        p("heading", "", "Lighthouse Compact"),
    ]
    for number in range(1, PARAGRAPHS + 1):
        if number == 8:
            pieces.append(p("heading", "", "Objective 1. Keep every light burning"))
        if number in ITEMS:
            pieces.append(p("paragraph", str(number), f"We commit to the lights of section {number}:"))
            letters = ITEMS[number]
            for letter in letters:
                end = "." if letter == letters[-1] else ";"
                pieces.append(p("item", letter, item_words(number, letter) + end))
        else:
            pieces.append(p("paragraph", str(number), paragraph_words(number)))
    pieces += [
        p("annex", "II", "Annex II"),
        p("heading", "", "Declaration on Future Keepers"),
        p("paragraph", "1", "The keepers of tomorrow will inherit the lights we keep today."),
    ]
    return pieces


def node(code: str) -> URIRef:
    """A curated GDC node by its code (GDC-11(b) → …/gdc-paragraph/GDC-11-b)."""
    return URIRef(TEST_BASE + "gdc-paragraph/" + code.replace("(", "-").replace(")", ""))


def part(ref: str, kind: str) -> URIRef:
    return MINT.text_part("gdc", ref, kind)


FRENCH_11B = "Garder le phare 11b allumé pendant chaque tempête"


def french_compact() -> list[fx.Piece]:
    """The same compact in French: 11(b) has French words, the other parts keep theirs."""
    pieces, paragraph = [], ""
    for piece in lighthouse_compact():
        paragraph = piece.label if piece.kind == "paragraph" else paragraph
        french = piece.kind == "item" and (paragraph, piece.label) == ("11", "b")
        pieces.append(fx.Piece(piece.kind, piece.label, FRENCH_11B) if french else piece)
    return pieces


#: The import's reconciliation finds every numbered paragraph and every lettered item in the text:
#: the curated ones get their words, the others are made from the text.
IMPORTED_SENTENCE = (
    f"{PARAGRAPHS} of {PARAGRAPHS} paragraphs and {sum(len(v) for v in ITEMS.values())} of "
    f"{sum(len(v) for v in ITEMS.values())} lettered commitments of the adopted text are in this graph."
)


@pytest.fixture(scope="module")
def plain_store(built, tmp_path_factory):
    """The real build, no text imported: the URL of an embedded store (closed, for the commands to open)."""
    folder = tmp_path_factory.mktemp("coverage-plain") / "store"
    store = OxigraphStore(folder)
    store.replace(built.quads())
    store.close()
    return f"oxigraph:{folder}"


@pytest.fixture(scope="module")
def imported_store(built, tmp_path_factory):
    """The real build, the lighthouse compact imported as the GDC in English and French, and reconciled by the import."""
    folder = tmp_path_factory.mktemp("coverage-imported")
    source = fx.write_text(lighthouse_compact(), folder / "compact.txt")
    store = OxigraphStore(folder / "store")
    store.replace(built.quads())
    outcome = import_text(store, read_structure(source, "gdc", language="en"), mint=MINT)
    assert outcome.edition.graph == URIRef(TEST_BASE + "graph/text/gdc")
    french = fx.write_text(french_compact(), folder / "compact-fr.txt")
    import_text(store, read_structure(french, "gdc", language="fr"), mint=MINT)
    store.close()
    return f"oxigraph:{folder / 'store'}"


def opened(url: str):
    return OxigraphStore(url[len("oxigraph:"):], read_only=True)


def summary_of(url: str, code: str) -> str:
    with opened(url) as store:
        rows = store.query(sparql_prologue() + "SELECT ?c ?d WHERE { ?n skos:notation ?c ; dct:description ?d }",
                           {"c": Literal(code)}).rows
    return str(rows[0][1])


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (wrapped output, HTML)."""
    return " ".join(text.split())


# -- the coverage and the words, read from the store -------------------------------------------------


def test_coverage_counts_the_text_and_what_links_to_it(imported_store):
    with opened(imported_store) as store:
        coverage = gdc_coverage(store, MINT)
        quads = list(store.quads())
    assert coverage.imported and coverage.language == "en" and coverage.symbol == fx.SYMBOL
    assert (coverage.paragraphs_in_text, coverage.paragraphs_in_graph) == (PARAGRAPHS, PARAGRAPHS)
    assert (coverage.commitments_in_text, coverage.commitments_in_graph) == (8, 8)
    assert coverage.sentence() == IMPORTED_SENTENCE and coverage.remedy() == ""
    memory = MemoryStore()  # the in-memory store binds the query's parameters its own way
    memory.replace(quads)
    assert gdc_coverage(memory, MINT) == coverage


def test_coverage_on_a_remote_store(imported_store, remote_url, tmp_path):
    """A remote store binds the query's parameters into its text: the counts are the same."""
    from conftest import open_test_store

    with opened(imported_store) as store:
        expected, quads = gdc_coverage(store, MINT), list(store.quads())
    remote = open_test_store("remote", tmp_path, remote_url)
    try:
        remote.replace(quads)
        assert gdc_coverage(remote, MINT) == expected
        assert gdc_texts(remote)[str(node("GDC-29(b)"))].words == item_words(29, "b") + ";"
    finally:
        remote.update("DROP ALL")
        remote.close()


def test_without_the_text_the_coverage_says_so_and_how_to_fix_it(plain_store):
    with opened(plain_store) as store:
        coverage = gdc_coverage(store, MINT)
    assert not coverage.imported and coverage.sentence() == NOT_IMPORTED
    assert IMPORT_COMMAND in coverage.remedy() and "A/RES/79/1" in coverage.remedy()
    assert coverage.to_json()["import_command"] == IMPORT_COMMAND


def test_the_words_are_the_official_text_in_the_language_asked_else_the_summary(imported_store, plain_store):
    with opened(imported_store) as store:
        english, french = gdc_texts(store), gdc_texts(store, "fr")
    b, d = english[str(node("GDC-11(b)"))], english[str(node("GDC-17(a)"))]  # 17(a): no such item in this text
    assert b.official and b.words == item_words(11, "b") + ";" and b.language == "en" and b.reference == "11(b)"
    assert b.objective_code == "GDC-O1" and b.objective_title.startswith("Close all digital divides")
    assert b.confidence == "single-source"
    assert not d.official and d.words == summary_of(imported_store, "GDC-17(a)") and d.source == "summary, own words"
    assert french[str(node("GDC-11(b)"))].words == FRENCH_11B and french[str(node("GDC-11(b)"))].language == "fr"
    assert french[str(node("GDC-5"))].words == paragraph_words(5)  # no French: English
    with opened(plain_store) as store:
        plain = gdc_texts(store)
    assert not any(t.official for t in plain.values())
    unknown = plain[str(node("GDC-AI-mechanisms"))]
    assert unknown.reference is None and unknown.paragraph == "adopted paragraph not established"


# -- wsis-graph gaps ---------------------------------------------------------------------------------------


def test_gaps_give_each_gdc_finding_its_words_and_end_with_the_coverage(plain_store, imported_store):
    text = run("gaps", "--store", plain_store, "--analysis", "gdc-wsis", "--gdc", "GDC-O1").stdout
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("GDC-11(d) GDC paragraph 11(d) reaches no"))
    assert lines[n + 1].strip() == ("GDC-11(d), paragraph 11(d), objective GDC-O1 Close all digital divides and accelerate "
                                    f"progress across the…: Summary (our own words): {summary_of(plain_store, 'GDC-11(d)')}")
    assert lines[-1] == f"Global Digital Compact: {NOT_IMPORTED} {REMEDY}"
    text = run("gaps", "--store", imported_store, "--analysis", "gdc-wsis", "--gdc", "GDC-O1").stdout
    assert f"Official text: \u201c{item_words(11, 'b')};\u201d" in text
    assert text.splitlines()[-1] == f"Global Digital Compact: {IMPORTED_SENTENCE}"


# -- wsis-graph map: text, JSON, CSV and the workbook --------------------------------------------------


def test_map_without_the_text_says_so_and_shows_summaries_marked(plain_store):
    text = flat(run("map", "--store", plain_store, "--gdc", "GDC-O1").stdout)
    assert NOT_IMPORTED in text and IMPORT_COMMAND in text
    assert "GDC-11(b) paragraph 11(b) (objective GDC-O1 Close all digital divides and accelerate progress" in text
    assert f"Summary (our own words): {summary_of(plain_store, 'GDC-11(b)')}" in text
    assert "GDC paragraph 11(b)" not in text
    assert "GDC-DPG-invest adopted paragraph not established (objective GDC-O1" in text


def test_map_with_the_text_gives_the_coverage_and_the_official_words(imported_store):
    text = flat(run("map", "--store", imported_store, "--gdc", "GDC-O1").stdout)
    assert IMPORTED_SENTENCE in text and NOT_IMPORTED not in text
    assert f"Official text: \u201c{item_words(11, 'b')};\u201d" in text
    assert f"Summary (our own words): {summary_of(imported_store, 'GDC-17(a)')}" in text  # not found in the text
    data = json.loads(run("map", "--store", imported_store, "--gdc", "GDC-29(b)", "--format", "json").stdout)
    assert data["coverage"]["sentence"] == IMPORTED_SENTENCE and data["coverage"]["paragraphs_in_text"] == PARAGRAPHS
    row = data["rows"][0]
    assert (row["paragraph"], row["text_source"], row["commitment_text"]) == ("29(b)", "official text", item_words(29, "b") + ";")
    assert row["objective_title"].startswith("Foster an inclusive, open, safe and secure digital space")
    rows = list(csv.DictReader(io.StringIO(run("map", "--store", imported_store, "--format", "csv").stdout)))
    sources = {r["commitment"]: r["text_source"] for r in rows}
    assert sources["GDC-11(b)"] == "official text" and sources["GDC-17(a)"] == "summary, own words"


def about_sheet(path) -> dict[str, str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    homeless = list(book["No home"].iter_rows(values_only=True))
    return about, homeless


def test_the_workbook_says_it_on_its_about_sheet(plain_store, imported_store, tmp_path):
    run("map", "--store", plain_store, "--format", "xlsx", "--out", str(tmp_path / "plain.xlsx"))
    about, homeless = about_sheet(tmp_path / "plain.xlsx")
    assert about["Adopted text of the GDC"] == NOT_IMPORTED and IMPORT_COMMAND in about["To import it"]
    assert "summary" in about["Commitment texts"]
    assert homeless[0][:4] == ("commitment", "paragraph", "commitment_text", "text_source")
    eleven_d = next(r for r in homeless if r[0] == "GDC-11(d)")
    assert eleven_d[1:4] == ("11(d)", summary_of(plain_store, "GDC-11(d)"), "summary, own words")
    assert eleven_d[5].startswith("Close all digital divides")
    run("map", "--store", imported_store, "--format", "xlsx", "--out", str(tmp_path / "imported.xlsx"))
    about, homeless = about_sheet(tmp_path / "imported.xlsx")
    assert about["Adopted text of the GDC"] == IMPORTED_SENTENCE and "To import it" not in about
    eleven_b = next(r for r in homeless if r[0] == "GDC-11(b)")
    assert eleven_b[2:4] == (item_words(11, "b") + ";", "official text")


# -- /map on the web --------------------------------------------------------------------------------


def web_client(url: str):
    from wsis_graph.web.app import create_app
    from wsis_graph.web.settings import Settings

    store = opened(url)
    return store, create_app(Settings(store_url=url, base=TEST_BASE), store=store).test_client()


HTML = {"Accept": "text/html"}


def commitment_block(html: str, code: str) -> str:
    """The part of the /map page about one commitment: its group of rows, or its item in the list with no home."""
    match = re.search(rf'<(tbody|li) class="[^"]*"?[^>]*data-commitment="{re.escape(code)}">(.*?)</\1>', html, re.S) or \
        re.search(rf'<li data-commitment="{re.escape(code)}">(.*?)</li>', html, re.S)
    assert match, code
    return match.group(0)


def test_the_map_page_without_the_text(plain_store):
    store, client = web_client(plain_store)
    with store:
        page = client.get("/map?gdc=GDC-O1", headers=HTML)
        download = client.get("/map.xlsx?gdc=GDC-O1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-coverage="not-imported"' in html and NOT_IMPORTED in html and IMPORT_COMMAND in html
    block = flat(commitment_block(html, "GDC-11(d)"))
    assert "paragraph 11(d)" in block and ">summary, own words</span>" in block
    assert summary_of(plain_store, "GDC-11(d)") in block
    assert "Close all digital divides and accelerate progress across the Sustainable Development Goals" in block
    homed = flat(commitment_block(html, "GDC-17(f)"))  # the one with a home: its words head its rows
    assert summary_of(plain_store, "GDC-17(f)") in homed and 'class="badge conf-single-source"' in homed
    assert "GDC paragraph" not in html
    from openpyxl import load_workbook

    about = {r[0]: r[1] for r in load_workbook(io.BytesIO(download.data), read_only=True)["About"].iter_rows(values_only=True)}
    assert about["Adopted text of the GDC"] == NOT_IMPORTED


def test_the_map_page_with_the_text_in_the_page_language(imported_store):
    store, client = web_client(imported_store)
    with store:
        english = client.get("/map?gdc=GDC-O1", headers=HTML).get_data(as_text=True)
        french = client.get("/map?gdc=GDC-O1&lang=fr", headers=HTML).get_data(as_text=True)
        as_json = client.get("/map?gdc=GDC-O1", headers={"Accept": "application/json"}).get_json()
    assert 'data-coverage="imported"' in english and IMPORTED_SENTENCE in english and NOT_IMPORTED not in english
    block = flat(commitment_block(english, "GDC-11(b)"))
    assert ">official text</span>" in block and f'<span lang="en" dir="ltr">{item_words(11, "b")};</span>' in block
    assert FRENCH_11B in flat(commitment_block(french, "GDC-11(b)")) and 'lang="fr"' in commitment_block(french, "GDC-11(b)")
    assert ">summary, own words</span>" in flat(commitment_block(english, "GDC-17(a)"))
    assert as_json["coverage"]["sentence"] == IMPORTED_SENTENCE


# -- reports ---------------------------------------------------------------------------------------------


def report(url: str, out, *args: str) -> str:
    run("report", "--store", url, "--out", str(out), "-q", *args)
    return out.read_text(encoding="utf-8")


def test_a_report_without_the_text_says_so_and_gives_each_commitment_its_summary(plain_store, tmp_path):
    md = report(plain_store, tmp_path / "o1.md", "--gdc", "GDC-O1")
    cover = next(line for line in md.splitlines() if line.startswith("- **Adopted text of the GDC:**"))
    assert NOT_IMPORTED in cover and f"`{IMPORT_COMMAND}`" in cover
    words = (f"  - GDC-11(d), paragraph 11(d), objective GDC-O1 Close all digital divides and accelerate progress "
             f"across the Sustainable Development Goals: _Summary (our own words):_ {summary_of(plain_store, 'GDC-11(d)')}")
    lines = md.splitlines()
    orphans = [n for n, line in enumerate(lines) if line.startswith("- GDC-11(d) GDC paragraph 11(d) reaches no WSIS Action Line")]
    assert len(orphans) == 2  # in the scoped summary and in the section of gdc-wsis, each with its words under it
    assert all(lines[n + 1] == words for n in orphans)
    appendix = md[md.index("## Appendix: what the GDC paragraphs and commitments of this report say"):]
    assert NOT_IMPORTED in appendix and "- GDC-DPG-invest, adopted paragraph not established, objective GDC-O1" in appendix
    html = flat(report(plain_store, tmp_path / "o1.html", "--gdc", "GDC-O1"))
    assert f"<dt>Adopted text of the GDC</dt><dd class=\"gdc-coverage\"><strong>{NOT_IMPORTED}</strong>" in html
    assert f"<code>{IMPORT_COMMAND}</code>" in html
    assert (f'<span class="gdc-source summary">summary, own words</span> <span class="gdc-words" lang="en">'
            f"{summary_of(plain_store, 'GDC-11(d)')}</span>") in html


def test_a_report_with_the_text_gives_the_coverage_and_the_official_words(imported_store, tmp_path):
    html = flat(report(imported_store, tmp_path / "all.html"))
    assert f'<dd class="gdc-coverage"><strong>{IMPORTED_SENTENCE}</strong>' in html and NOT_IMPORTED not in html
    official = f'<span class="gdc-source official">official text</span> <span class="gdc-words official" lang="en">{item_words(11, "b")};</span>'
    assert html.count(official) >= 2  # under its findings, and in the appendix
    data = json.loads(report(imported_store, tmp_path / "all.json"))
    assert data["cover"]["gdc_coverage"]["sentence"] == IMPORTED_SENTENCE
    texts = {t["code"]: t for t in data["gdc_texts"]}
    assert texts["GDC-11(b)"]["source"] == "official text" and texts["GDC-11(b)"]["words"] == item_words(11, "b") + ";"
    assert texts["GDC-17(a)"]["source"] == "summary, own words"
    assert texts["GDC-11(b)"]["objective_title"].startswith("Close all digital divides")


# -- /browse/gdc and wsis-graph stats ---------------------------------------------------------------


def paragraph_item(html: str, code: str) -> str:
    """The list item of one paragraph on /browse/gdc."""
    starts = [m.start() for m in re.finditer(r'<li class="paragraph', html)]
    for start in starts:
        end = html.index("</li>", start)
        if f">{code}</a>" in html[start:end]:
            return flat(html[start:end])
    raise AssertionError(code)


def test_browse_gdc_without_the_text(plain_store):
    store, client = web_client(plain_store)
    with store:
        html = client.get("/browse/gdc", headers=HTML).get_data(as_text=True)
    assert 'data-coverage="not-imported"' in html and NOT_IMPORTED in html and IMPORT_COMMAND in html
    item = paragraph_item(html, "GDC-11(d)")
    assert "paragraph 11(d)" in item and ">summary, own words</span>" in item and summary_of(plain_store, "GDC-11(d)") in item
    assert "GDC paragraph 11(d)" not in html


def test_browse_gdc_with_the_text(imported_store):
    store, client = web_client(imported_store)
    with store:
        html = client.get("/browse/gdc", headers=HTML).get_data(as_text=True)
    assert 'data-coverage="imported"' in html and IMPORTED_SENTENCE in html
    item = paragraph_item(html, "GDC-11(b)")
    assert ">official text</span>" in item and item_words(11, "b") in item
    long = paragraph_item(html, "GDC-26")  # shortened, the whole paragraph behind "Full text"
    assert "…</span>" in long and f"<summary>Full text</summary><p lang=\"en\" dir=\"ltr\">{paragraph_words(26)}</p>" in long
    assert ">summary, own words</span>" in paragraph_item(html, "GDC-17(a)")


def test_stats_end_with_the_coverage(plain_store, imported_store):
    text = run("stats", "--store", plain_store).stdout
    tail = flat(text[text.index("Global Digital Compact, adopted text"):])
    assert NOT_IMPORTED in tail and IMPORT_COMMAND in tail
    data = json.loads(run("stats", "--store", imported_store, "--format", "json").stdout)
    assert data["gdc_coverage"]["sentence"] == IMPORTED_SENTENCE and data["gdc_coverage"]["commitments_in_text"] == 8
    assert IMPORTED_SENTENCE in flat(run("stats", "--store", imported_store).stdout)
