"""The readers on what each format does its own way: Word's numbering and notes, HTML's notes, kinds of file."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsis_graph.texts import read_structure
from wsis_graph.texts.readers.html import read_html
from wsis_graph.texts.readers.sniff import content_kind


def test_word_automatic_numbering_is_written_out(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("The Council,")
    document.add_paragraph("Decides to keep the lights burning;", style="List Number")
    document.add_paragraph("Asks the keepers to count the boats.", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    found = [(p.ref, p.text) for p in read_structure(path, "generic").parts]
    assert found == [("pp1", "The Council,"), ("1", "Decides to keep the lights burning;"),
                     ("2", "Asks the keepers to count the boats.")]


def test_word_tables_give_a_line_per_row(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("1. Adopts the table in the annex.")
    document.add_paragraph("Annex")
    table = document.add_table(rows=2, cols=2)
    for row, (line, keeper) in enumerate([("C1. Lights", "Harbour board"), ("C2. Boats", "Pilots / Harbour board")]):
        table.cell(row, 0).text, table.cell(row, 1).text = line, keeper
    path = tmp_path / "table.docx"
    document.save(str(path))
    parts = read_structure(path, "tunis-agenda").parts
    assert [(p.ref, p.text) for p in parts][-2:] == [("annex/h1", "C1. Lights | Harbour board"),
                                                      ("annex/h2", "C2. Boats | Pilots / Harbour board")]


def test_html_notes_as_word_exports_them(tmp_path):
    path = tmp_path / "exported.html"
    path.write_text(
        "<html><body><div class=WordSection1>"
        "<p class=MsoNormal>1.&nbsp;&nbsp;The keepers met<a href='#_ftn1' name='_ftnref1'><sup>[1]</sup></a> "
        "at dawn.</p><p class=MsoNormal>2. They left at dusk.</p></div>"
        "<div><br clear=all><hr align=left size=1 width='33%'>"
        "<div id=ftn1><p class=MsoFootnoteText><a href='#_ftnref1' name='_ftn1'>[1]</a> In the old tower.</p></div>"
        "</div></body></html>",
        encoding="utf-8",
    )
    lines = read_html(path)
    assert [(line.text, line.note) for line in lines if line.note] == [("1 In the old tower.", True)]
    found = [(p.ref, p.text) for p in read_structure(path, "generic").parts]
    assert found == [("1", "The keepers met at dawn."), ("fn1", "In the old tower."), ("2", "They left at dusk.")]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf1. Text", "text"),
        ("Résolution 1.".encode("utf-16"), "text"),
        (b"  <!doctype HTML><title>x</title>", "html"),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "html"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or other OLE2 file"),
        (b"\x00\x01\x02binary", "a binary file"),
    ],
)
def test_content_kinds(data, kind):
    assert content_kind(data) == kind


def test_a_zip_that_is_not_word_is_named(tmp_path):
    import zipfile

    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert content_kind(Path(path).read_bytes()) == "an Excel workbook"
