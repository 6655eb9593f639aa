"""One document in the UN layout, written as text, HTML, PDF and Word, read into one structure.

The documents are made here (:mod:`texts_fixture`) with sentences of our own. Whatever the format,
the grammar must find the same parts, and the parts the fixture says are there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import texts_fixture as fx
from wsis_graph.texts import read_structure
from wsis_graph.texts.labels import opens_with_label
from wsis_graph.texts.readers.pdf import read_pdf

FORMATS = ("txt", "html", "pdf", "docx")
# The seed lies in shared/ beside the checkout (a worktree may sit one folder deeper).
SEED = next(
    (folder / "shared" / "seed" / "000_fd10d842333058da.txt" for folder in Path(__file__).resolve().parents[1:4]
     if (folder / "shared" / "seed" / "000_fd10d842333058da.txt").exists()),
    Path("shared/seed/000_fd10d842333058da.txt"),
)


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("quiet")
    pieces = fx.quiet_libraries()
    return {kind: write(pieces, folder / f"quiet.{kind}") for kind, write in fx.WRITERS.items()}


@pytest.fixture(scope="module")
def compact(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("compact")
    pieces = fx.compact_shaped()
    return {kind: write(pieces, folder / f"compact.{kind}") for kind, write in fx.WRITERS.items()}


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_gives_the_expected_parts(quiet, kind):
    structure = read_structure(quiet[kind], "generic")
    assert structure.to_dict()["paragraphs"] == fx.expected(fx.quiet_libraries())
    assert structure.warnings == []


def test_every_format_gives_the_same_structure(quiet):
    found = {kind: read_structure(quiet[kind], "generic").to_dict() for kind in FORMATS}
    for kind in FORMATS[1:]:
        assert found[kind]["paragraphs"] == found["txt"]["paragraphs"], kind
        assert found[kind]["document"]["symbol"] == found["txt"]["document"]["symbol"] == fx.SYMBOL
        assert found[kind]["document"]["title"] == "Quiet reading rooms for every town"


def test_the_pdf_has_what_the_grammar_must_undo(quiet):
    """The fixture is a real test only if the PDF has furniture, hyphens, a call and a page-spanning paragraph."""
    lines = read_pdf(quiet["pdf"])
    texts = [line.text for line in lines]
    assert sum(text.startswith(fx.SYMBOL) for text in texts) >= 2  # running header (and the masthead)
    assert any(text.startswith(fx.JOB) and "/" in text.split()[-1] for text in texts)  # job number, page n/N
    assert any(text.endswith("\u2010") or text.endswith("-") for text in texts)  # hyphenated at a line end
    assert any(line.superscripts for line in lines)  # the footnote call
    assert any(line.note and line.text.startswith("1 A note") for line in lines)
    body = [line for line in lines if not line.note and fx.JOB not in line.text and line.text != fx.SYMBOL]
    across = [(a.text, b.text) for a, b in zip(body, body[1:]) if a.page != b.page and not opens_with_label(b.text)]
    assert across, "no paragraph runs across a page break"


def test_a_paragraph_across_a_page_break_is_whole(quiet):
    for kind in ("txt", "pdf"):
        parts = {p.ref: p for p in read_structure(quiet[kind], "generic").parts}
        assert parts["3"].text.endswith("whether the volunteers found the work too heavy;")
        assert "lanterns came back unbroken" in parts["3"].text


def test_hyphenated_words_are_joined_and_real_hyphens_kept(quiet):
    text = " ".join(p.text for p in read_structure(quiet["pdf"], "generic").parts)
    assert "internationalization" in text and "bookkeeping" in text
    assert text.count("well-kept") == 2
    assert "\u2010" not in text and "\u00ad" not in text


def test_the_footnote_call_is_taken_out_and_the_note_kept(quiet):
    for kind in FORMATS:
        parts = read_structure(quiet[kind], "generic").parts
        refs = [p.ref for p in parts]
        assert refs.index("fn1") == refs.index("2(c)") + 1, kind  # after paragraph 2 and its items
        paragraph = next(p for p in parts if p.ref == "2")
        assert "patience and extraordinarily" in paragraph.text, kind
        assert paragraph.notes == ["1"]


@pytest.mark.parametrize("kind", FORMATS)
def test_gdc_reads_annex_one_only_and_reports_what_it_skipped(compact, kind):
    structure = read_structure(compact[kind], "gdc")
    assert structure.to_dict()["paragraphs"] == fx.expected(fx.compact_shaped(), only_annex="I")
    spans = {span.span: span for span in structure.skipped}
    assert set(spans) == {"the text before annex I", "annex II"}
    assert spans["annex II"].parts == 3  # its heading, its title, its paragraph
    assert spans["the text before annex I"].first.startswith("98/7. The Pact for Lighthouses")
    assert structure.document.title == "Global Digital Compact"
    assert structure.document.symbol == "A/RES/98/7"


def test_gdc_headings_give_each_commitment_its_objective(compact):
    parts = {p.ref: p for p in read_structure(compact["pdf"], "gdc").parts}
    assert parts["2(b)"].heading == "Objective 1. Keep every light burning"
    assert parts["3"].heading == "Objective 2. Share the logbooks"
    assert parts["2(a)"].text == "Replace every cracked lens;"


def test_generic_prefixes_every_annex(compact):
    refs = [p.ref for p in read_structure(compact["txt"], "generic").parts]
    assert "annex-I/2(b)" in refs and "annex-II/1" in refs and "2" in refs
    assert len(refs) == len(set(refs))


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed document is not beside the project")
def test_the_seed_document_reads_as_questions_with_their_answers():
    """The seed is a consultation reply: numbered questions, each answered in unnumbered paragraphs."""
    structure = read_structure(SEED, "generic")
    parts = structure.parts
    numbered = [p for p in parts if p.kind == "paragraph"]
    assert [p.ref for p in numbered] == [str(n) for n in range(1, 12)]
    assert [p.text for p in parts if p.kind == "heading"] == [
        "Implementation of the WSIS Process",
        "WSIS Action Lines",
        "WSIS Action Line for advancing the SDGs",
        "Future Vision and WSIS beyond 2025",
    ]
    by_ref = {p.ref: p for p in parts}
    # "1.What …" has no space after its number; the answer is more of the paragraph's text.
    assert by_ref["1"].text.startswith("What are the main achievements")
    assert "\n" in by_ref["1"].text and "Internet We Want framework" in by_ref["1"].text
    # A line that opens with a year ("2004. With a mandate …") is not paragraph 2004.
    assert "2004. With a_mandate" in by_ref["1"].text
    # The page break after "action lines which" is mended, the lone address kept as a note.
    assert "co-facilitator role on action lines which include ethical dimensions" in by_ref["2"].text
    note = next(p for p in parts if p.kind == "footnote")
    assert note.ref == "note1" and note.text.startswith("https://publicadministration.desa.un.org")
    assert [p.ref for p in parts].index("note1") == [p.ref for p in parts].index("2") + 1
    assert by_ref["5"].heading == by_ref["7"].heading == "WSIS Action Lines"
    assert by_ref["11"].heading == "Future Vision and WSIS beyond 2025"
    assert "blanket degradation of civilian internet access leads to setbacks in the advancement of the WSIS action lines" in by_ref["11"].text
    assert structure.warnings == []
    assert not any(p.kind in ("item", "subitem", "preamble") for p in parts)
