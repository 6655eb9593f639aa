"""Reconciling imported official texts with the curated tables (issue 11, deliverable 5).

Each test imports a document of our own in the layout of the official one into a copy of a
built store, through the command a user runs, and checks what a person would check: the
official words on the curated nodes, the nodes made from the text, the draft rows replaced, the
numbers confirmed or corrected, the facilitators of the Tunis Agenda's annex beside the curated
roles, the names a paragraph mentions, and the conflicts left for a person. Nothing of the
curated graphs is ever changed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rdflib import URIRef

import texts_fixture as fx
from test_texts_command import built, run, url  # noqa: F401  (the built store, a copy per test, the command)
from wsis_graph.cli import main
from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import open_store
from wsis_graph.uris import Minter

MINT = Minter()
RECONCILED = MINT.iri("graph", "text", "gdc", "reconciled", "en")

PLAN_NUMBERS = {"C1": 8, "C2": 9, "C3": 10, "C4": 11, "C5": 12, "C6": 13, "C7": 14, "C7.e-government": 15,
                "C7.e-business": 16, "C7.e-learning": 17, "C7.e-health": 19, "C7.e-employment": 20,
                "C7.e-environment": 21, "C7.e-agriculture": 22, "C7.e-science": 23, "C8": 23, "C9": 25,
                "C10": 26, "C11": 27}
ANNEX_ROWS = [
    ("C2. Information and communication infrastructure: an essential foundation for the Information Society", "ITU"),
    ("C3. Access to information and knowledge", "ITU/UNESCO"),
    ("C1. The role of governments and all stakeholders in the promotion of ICTs for development",
     "ECOSOC/UN Regional Commissions/ITU"),
    ("E-health", "WHO/ITU"),
    ("C7. E-business", "UPU/ITU"),
]


def imported(url: str, path: Path, key: str, *extra: str) -> dict:
    return json.loads(run("texts", "import", str(path), "--document", key, "--store", url, "--format", "json", *extra).output)


def select(url: str, query: str) -> list[dict]:
    store = open_store(url, read_only=True)
    try:
        return store.query(sparql_prologue() + query).dicts()
    finally:
        store.close()


def findings(outcome: dict, kind: str) -> list[dict]:
    return [f for f in outcome["reconciliation"]["findings"] if f["kind"] == kind]


def gdc_node(ref: str) -> URIRef:
    return MINT.iri("gdc-paragraph", ref)


def test_the_gdc_text_gives_curated_nodes_their_words_and_makes_the_missing_ones(url, tmp_path):
    before = select(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % MINT.graph("gdc"))[0]["n"]
    outcome = imported(url, fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt"), "gdc")

    # A curated commitment gets the words of its item, with the item as their source.
    rows = select(url, "SELECT ?text ?part WHERE { <%s> wsis:officialText ?text ; wsis:inOfficialText ?part }"
                  % gdc_node("GDC-11(b)"))
    assert [(str(r["text"]), r["part"]) for r in rows] == [
        (fx.GDC_WORDS["11(b)"], MINT.text_part("gdc", "11(b)", "item"))]
    assert rows[0]["text"].language == "en"

    # A commitment the tables lack is made from the text: objective and section from the headings,
    # verified, with the imported document as its source.
    made = select(url, """SELECT ?objective ?section ?confidence ?source ?type WHERE {
      <%s> wsis:objective ?objective ; wsis:section ?section ; wsis:confidence ?confidence ;
           wsis:sourceDocument ?source ; a ?type }""" % gdc_node("GDC-11(c)"))
    assert {r["type"] for r in made} == {WSIS.GDCParagraph, WSIS.GDCCommitment}
    assert made[0]["objective"] == MINT.iri("gdc-objective", "GDC-O1")
    assert made[0]["section"] == MINT.iri("gdc-section", "SEC-O1-CONN")
    assert made[0]["confidence"] == WSIS.Verified and made[0]["source"] == MINT.text_document("gdc")

    # A follow-up paragraph stands under no objective.
    assert not select(url, "SELECT ?o WHERE { <%s> wsis:objective ?o }" % gdc_node("GDC-66"))

    # The row whose summary reads like another item is a conflict, and gets nothing.
    conflicts = {f["subject"]: f["message"] for f in findings(outcome, "conflict")}
    assert "reads like 12(a)" in conflicts["GDC-11(d)"]
    # … and the item it reads like is not made from the text: one commitment, not two, until a person decides.
    assert "not made from the text: the curated row GDC-11(d) reads like it" in conflicts["GDC-12(a)"]
    assert not select(url, "SELECT ?p WHERE { <%s> ?p ?o }" % gdc_node("GDC-12(a)"))
    assert not select(url, "SELECT ?t WHERE { <%s> wsis:officialText ?t }" % gdc_node("GDC-11(d)"))
    # … and the coverage counts its item as a commitment of the text that the graph does not hold.
    from wsis_graph.texts.coverage import gdc_coverage
    store = open_store(url, read_only=True)
    try:
        coverage = gdc_coverage(store, MINT)
    finally:
        store.close()
    assert (coverage.commitments_in_graph, coverage.commitments_in_text) == (16, 18)
    assert (coverage.paragraphs_in_graph, coverage.paragraphs_in_text) == (72, 72)
    # A draft principle that no adopted principle matches stays as it was, and is reported.
    assert "no principle of the adopted text matches" in conflicts["GDC-P-Rev1-benefits"]

    # Draft principles are replaced by the adopted ones, matched by letter or by name.
    replaced = {str(r["draft"]).rsplit("/", 1)[1]: str(r["adopted"]).rsplit("/", 1)[1] for r in select(
        url, "SELECT ?draft ?adopted WHERE { ?draft dct:isReplacedBy ?adopted }")}
    assert replaced["GDC-P8-a"] == "8-a" and replaced["GDC-P8-4"] == "8-d" and replaced["GDC-P-Rev1-interop"] == "8-e"

    # The objectives' titles are confirmed by the items of paragraph 7.
    assert {f["subject"] for f in findings(outcome, "confirmed")} >= {f"GDC-O{n}" for n in range(1, 6)}

    # The curated graph is untouched; the reconciliation has a graph of its own, described.
    after = select(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % MINT.graph("gdc"))[0]["n"]
    assert after == before
    assert outcome["reconciliation"]["graph"] == str(RECONCILED)
    described = select(url, "SELECT ?edition WHERE { GRAPH ?d { <%s> dct:type wsis:TextReconciliation ; "
                            "prov:wasDerivedFrom ?edition } }" % RECONCILED)
    assert [r["edition"] for r in described] == [MINT.text_graph("gdc", "en", 1)]


def test_the_whole_store_still_conforms_and_a_rebuild_keeps_the_reconciliation(url, tmp_path):
    imported(url, fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt"), "gdc")
    run("validate", "--store", url)  # the whole store, texts and reconciliation with the curated graphs
    run("build", "--store", url)
    assert select(url, "SELECT ?t WHERE { <%s> wsis:officialText ?t }" % gdc_node("GDC-11(b)"))
    # The analyses read it: the commitment made from the text is a node of the GDC findings.
    gaps = json.loads(run("gaps", "--store", url, "--format", "json").output)
    assert "GDC-11(c)" in json.dumps(gaps)


def test_the_same_text_in_french_adds_french_words_to_the_same_nodes(url, tmp_path):
    imported(url, fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt"), "gdc")
    french = [fx.Piece(p.kind, p.label, "Les gardiens " + p.text) if p.kind in ("paragraph", "item") else p
              for p in fx.gdc_shaped()]
    outcome = imported(url, fx.write_text(french, tmp_path / "gdc-fr.txt"), "gdc", "--language", "fr")
    assert outcome["reconciliation"]["graph"].endswith("/reconciled/fr")
    words = {r["t"].language: str(r["t"]) for r in select(
        url, "SELECT ?t WHERE { <%s> wsis:officialText ?t }" % gdc_node("GDC-11(b)"))}
    assert words == {"en": fx.GDC_WORDS["11(b)"], "fr": "Les gardiens " + fx.GDC_WORDS["11(b)"]}


def test_the_plan_of_action_confirms_and_corrects_the_inferred_numbers(url, tmp_path):
    outcome = imported(url, fx.write_text(fx.plan_shaped(PLAN_NUMBERS), tmp_path / "plan.txt"), "geneva-plan")
    said = {f["subject"]: (f["kind"], f["ref"]) for f in outcome["reconciliation"]["findings"]}
    assert said["C1"] == ("confirmed", "8")            # inferred 8, the text says 8
    assert said["C9"] == ("corrected", "25")           # inferred 24, the text says 25
    assert said["C2"] == ("matched", "9")              # verified 9, the text says 9
    assert said["C8"][0] == "matched"                  # verified 23, the text says 23
    part = select(url, "SELECT ?p WHERE { <%s> wsis:inOfficialText ?p }" % MINT.action_line("C9"))
    assert [r["p"] for r in part] == [MINT.text_part("geneva-plan", "25", "paragraph")]
    # The curated number stays beside the link to the paragraph.
    assert [str(r["n"]) for r in select(url, "SELECT ?n WHERE { <%s> wsis:paragraph ?n }" % MINT.action_line("C9"))] == ["24"]


def test_the_tunis_annex_becomes_facilitation_statements_beside_the_curated_ones(url, tmp_path):
    outcome = imported(url, fx.write_text(fx.agenda_shaped(ANNEX_ROWS), tmp_path / "agenda.txt"), "tunis-agenda")
    rows = select(url, """SELECT ?code ?acronym ?role ?source WHERE {
      GRAPH <%s> { ?f a wsis:Facilitation ; wsis:actionLine ?al ; wsis:facilitator ?e ; org:role ?role ; wsis:sourceDocument ?source }
      ?al skos:notation ?code . ?e skos:notation ?acronym }""" % MINT.iri("graph", "text", "tunis-agenda", "reconciled", "en"))
    stated = {(str(r["code"]), str(r["acronym"])) for r in rows}
    assert stated == {("C2", "ITU"), ("C3", "ITU"), ("C3", "UNESCO"), ("C1", "ECOSOC"), ("C1", "ITU"),
                      ("C7.e-health", "WHO"), ("C7.e-health", "ITU"), ("C7.e-business", "UPU"), ("C7.e-business", "ITU")}
    assert {r["role"] for r in rows} == {WSIS.Facilitator}
    assert MINT.text_document("tunis-agenda") in {r["source"] for r in rows}
    # A body the graph does not know is reported, not stated; differences with the curated roles are listed.
    conflicts = [f["message"] for f in findings(outcome, "conflict")]
    assert any("UN Regional Commissions" in m for m in conflicts)
    disagreements = [(f["subject"], f["message"]) for f in findings(outcome, "disagreement")]
    assert ("C1", "the annex names ECOSOC; the curated table gives ECOSOC no role for C1") in disagreements
    # The curated roles are still there.
    assert select(url, "SELECT ?f WHERE { GRAPH <%s> { ?f wsis:actionLine <%s> } }"
                  % (MINT.graph("facilitation"), MINT.action_line("C1")))


def test_the_wsis20_outcome_lists_the_bodies_and_action_lines_its_paragraphs_name(url, tmp_path):
    p = fx.Piece
    pieces = [p("masthead", "", "A/RES/80/173"), p("title", "", "80/173. Lanterns after twenty years"),
              p("paragraph", "1", "We thank the International Telecommunication Union and UNESCO for the lanterns."),
              p("paragraph", "2", "We ask the Internet Governance Forum to meet every year, and note the work on C3."),
              p("paragraph", "3", "We thank the keepers of the harbour."),
              p("paragraph", "4", "We welcome the WSIS Forum, the work of UN Women and of the United Nations Development "
                                  "Programme, and an enabling environment for capacity building.")]
    outcome = imported(url, fx.write_text(pieces, tmp_path / "outcome.txt"), "wsis20-outcome")
    mentions = {f["subject"]: f["message"] for f in findings(outcome, "mention")}
    # "WSIS Forum" is not also WSIS, "UN Women" is not the UN, the UNDP's name not the United Nations', and
    # "enabling environment" or "capacity building" are not Action Lines C6 and C4 where no Action Line is spoken of.
    assert set(mentions) == {"ITU", "UNESCO", "IGF", "C3", "WSIS-FORUM", "UNDP"}
    assert mentions["IGF"].startswith("named in 1 part(s): 2;")
    links = select(url, """SELECT ?part ?thing ?method ?confidence ?locator WHERE {
      ?a wsis:relation wsis:mentions ; wsis:alignmentSubject ?part ; wsis:alignmentObject ?thing ;
         wsis:method ?method ; wsis:confidence ?confidence ; wsis:locator ?locator }""")
    assert {(str(r["locator"]), r["method"], r["confidence"]) for r in links} == {
        ("1", WSIS.TextMined, WSIS.Inferred), ("2", WSIS.TextMined, WSIS.Inferred), ("4", WSIS.TextMined, WSIS.Inferred)}
    assert len(links) == 6
    # The export of the curated links leaves what an import reconciled out: these mentions are no curated link.
    out = tmp_path / "curated.sssom.tsv"
    run("export", "--store", url, "--format", "sssom", "--out", str(out))
    assert "wsis_relation=wsis:mentions" not in out.read_text(encoding="utf-8")


def test_the_command_prints_what_a_person_should_look_at(url, tmp_path):
    out = run("texts", "import", str(fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt")), "--document", "gdc",
              "--store", url).output
    assert "reconciled with the curated tables into" in out
    assert "conflict: GDC-11(d) [11(d)]" in out
    assert "matched: GDC-11(b)" not in out  # the matches are counted, not listed


def test_a_rebuild_reconciles_again_with_the_tables_as_they_now_stand(url, tmp_path, monkeypatch):
    imported(url, fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt"), "gdc")
    # A person settles the conflict in the table: GDC-11(d) is renumbered 12(a), as its summary said.
    sources = tmp_path / "sources"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "sources", sources)
    table = sources / "gdc" / "gdc_commitments.csv"
    text = table.read_text(encoding="utf-8")
    text = text.replace("GDC-11(d),11(d),11,d,", "GDC-12(a),12(a),12,a,")
    table.write_text(text, encoding="utf-8")
    out = run("build", "--store", url, "--sources", str(sources))
    assert "reconciled the imported text gdc (en) again" in out.output
    words = select(url, "SELECT ?t WHERE { <%s> wsis:officialText ?t }" % gdc_node("GDC-12(a)"))
    assert [str(r["t"]) for r in words] == [fx.GDC_WORDS["12(a)"]]
    # By hand too, with the report.
    report = json.loads(run("texts", "reconcile", "gdc", "--store", url, "--format", "json").output)
    assert not [f for f in report["findings"] if f["subject"] in ("GDC-11(d)", "GDC-12(a)") and f["kind"] == "conflict"]
    assert "no current edition of 'tunis-agenda'" in run("texts", "reconcile", "tunis-agenda", "--store", url, code=2).output


def test_an_odd_number_is_a_conflict_and_a_draft_file_makes_nothing_verified(url, tmp_path):
    pieces = fx.gdc_shaped()
    at = next(i for i, p in enumerate(pieces) if (p.kind, p.label) == ("paragraph", "4"))
    pieces.insert(at + 1, fx.Piece("paragraph", "4", "The keepers say part four a second time, by mistake."))
    pieces = [fx.Piece(p.kind, p.label, "A/AC.999/DRAFT") if p.text == "A/RES/79/1" else p for p in pieces]
    outcome = imported(url, fx.write_text(pieces, tmp_path / "draft.txt"), "gdc", "--symbol", "A/AC.999/DRAFT")
    odd = [f for f in findings(outcome, "conflict") if f["ref"].startswith("4.")]
    assert odd and "numbers this part oddly" in odd[0]["message"]
    assert any("not A/RES/79/1" in f["message"] for f in findings(outcome, "disagreement"))
    assert not findings(outcome, "superseded")
    marks = {r["c"] for r in select(url, "SELECT ?c WHERE { <%s> wsis:confidence ?c }" % gdc_node("GDC-11(c)"))}
    assert marks == {WSIS.SingleSource}


def test_french_imported_before_english_gets_its_words_when_the_english_comes(url, tmp_path):
    french = [fx.Piece(p.kind, p.label, "Les gardiens " + p.text) if p.kind in ("paragraph", "item") else p
              for p in fx.gdc_shaped()]
    first = imported(url, fx.write_text(french, tmp_path / "gdc-fr.txt"), "gdc", "--language", "fr")
    assert any("texts reconcile gdc --language fr" in f["message"] for f in findings(first, "conflict"))
    imported(url, fx.write_text(fx.gdc_shaped(), tmp_path / "gdc.txt"), "gdc")
    words = {r["t"].language for r in select(url, "SELECT ?t WHERE { <%s> wsis:officialText ?t }" % gdc_node("GDC-11(b)"))}
    assert words == {"en", "fr"}
