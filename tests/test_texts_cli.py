"""``wsis-graph texts import``: the dry run's two outputs, and every kind of bad input.

Bad input is one line on stderr that names the file and what was (not) found, exit status 2,
and nothing written: the store named by ``--store`` is never created. Writing into a store is
tested in ``test_texts_graph.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import texts_fixture as fx
from wsis_graph.cli import main


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("quiet-cli")
    pieces = fx.quiet_libraries()
    return {kind: fx.WRITERS[kind](pieces, folder / f"quiet.{kind}") for kind in ("txt", "pdf", "docx")}


def run(*args: str):
    return CliRunner().invoke(main, ["texts", "import", *args])


def test_dry_run_json_has_the_documented_shape(quiet):
    result = run(str(quiet["pdf"]), "--document", "generic", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["document", "paragraphs", "skipped", "warnings"]
    assert list(data["document"]) == ["key", "symbol", "title", "language", "sha256", "file"]
    assert data["document"]["file"] == "quiet.pdf" and len(data["document"]["sha256"]) == 64
    assert all(list(p) == ["ref", "kind", "heading", "text"] for p in data["paragraphs"])
    assert {"ref": "2(b)(ii)", "kind": "subitem", "heading": "A. Rooms and hours",
            "text": "The rooms they know best and the shelves they have mended;"} in data["paragraphs"]


def test_dry_run_text_is_an_outline_with_counts(quiet):
    result = run(str(quiet["docx"]), "--document", "generic", "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "28 parts: 4 unnumbered paragraphs, 9 numbered paragraphs, 7 items, 2 sub-items, 5 headings, 1 footnote" in out
    assert "\n      2(b)(i)" in out  # sub-items indented under items under paragraphs
    assert "nothing was written" in result.stderr


def test_gdc_outline_lists_the_skipped_spans(tmp_path):
    path = fx.write_text(fx.compact_shaped(), tmp_path / "compact.txt")
    result = run(str(path), "--document", "gdc", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "skipped:\n  the text before annex I" in result.stdout and "\n  annex II (" in result.stdout


def test_without_dry_run_a_store_that_is_not_there_is_not_made(quiet, tmp_path):
    store = tmp_path / "store"
    result = run(str(quiet["txt"]), "--document", "generic", "--store", f"oxigraph:{store}")
    assert result.exit_code == 1
    assert result.stderr == f"error: no store at {store}\n"
    assert not store.exists()


def _scanned_pdf(path: Path) -> Path:
    from weasyprint import HTML

    HTML(string='<div style="width: 10cm; height: 14cm; background: #444"></div>').write_pdf(str(path))
    return path


def _encrypted_pdf(path: Path) -> Path:
    """A PDF locked with a user password (the standard security handler, revision 2)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, b"ab" * 16, b"ab" * 16, xref)
    path.write_bytes(bytes(out))
    return path


def _bad_files(folder: Path, quiet: dict[str, Path]) -> dict[str, tuple[Path, list[str], str]]:
    """Each bad input: its file, the extra arguments, and what the message must say."""
    png = folder / "resolution.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    pdf_as_docx = folder / "resolution.docx"
    pdf_as_docx.write_bytes(quiet["pdf"].read_bytes())
    html_as_pdf = folder / "page.pdf"
    html_as_pdf.write_text("<!DOCTYPE html><html><body><p>1. Text.</p></body></html>")
    docx_as_txt = folder / "resolution.txt"
    docx_as_txt.write_bytes(quiet["docx"].read_bytes())
    prose = folder / "letter.txt"
    prose.write_text("Dear keepers,\n\nThank you for the lanterns. There are no numbers in this letter.\n")
    no_annex = folder / "pact.txt"
    no_annex.write_text("1. The pact.\n\nAnnex II\n\n1. A declaration.\n")
    empty = folder / "empty.txt"
    empty.write_text("\n\n")
    odd = folder / "resolution.rtf"
    odd.write_text("{\\rtf1 1. Text.}")
    return {
        "scanned": (_scanned_pdf(folder / "scan.pdf"), [], "no text layer on any of its 1 pages"),
        "encrypted": (_encrypted_pdf(folder / "locked.pdf"), [], "the PDF is encrypted and needs a password"),
        "png named .pdf": (png, [], "named .pdf but it is a PNG image, not a PDF"),
        "pdf named .docx": (pdf_as_docx, [], "named .docx but it is a PDF, not a Word (.docx) document"),
        "html named .pdf": (html_as_pdf, [], "named .pdf but it is an HTML page, not a PDF"),
        "docx named .txt": (docx_as_txt, [], "named .txt but it is a Word (.docx) document, not plain text"),
        "no numbered paragraph": (prose, [], "no numbered paragraph found in the text"),
        "gdc without annex I": (no_annex, ["--document", "gdc"], "no annex I in the text (annexes found: II)"),
        "unknown key": (quiet["txt"], ["--document", "pact"], "unknown document key 'pact'"),
        "empty": (empty, [], "the file is empty"),
        "missing": (folder / "absent.txt", [], "no such file"),
        "suffix not read": (odd, [], "the suffix '.rtf' is not read"),
    }


CASES = ["scanned", "encrypted", "png named .pdf", "pdf named .docx", "html named .pdf", "docx named .txt",
         "no numbered paragraph", "gdc without annex I", "unknown key", "empty", "missing", "suffix not read"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_naming_the_file_and_exit_2(case, quiet, tmp_path):
    path, extra, message = _bad_files(tmp_path, quiet)[case]
    store = tmp_path / "store"
    args = [str(path), "--dry-run", "--store", f"oxigraph:{store}"]
    args += extra if "--document" in extra else ["--document", "generic", *extra]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {path}: ")
    assert message in lines[0]
    assert not store.exists()


def test_an_odd_but_readable_text_imports_with_warnings_that_say_where(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text("1. One.\n\n2. Two:\n\n(a) first;\n\n(c) third.\n\n4. Four.\n")
    result = run(str(path), "--document", "generic", "--dry-run", "--format", "json")
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert {"where": "line 9", "message": "paragraph 4 follows paragraph 2: 3 missing"} in warnings
    assert {"where": "line 7", "message": "item (c) of paragraph 2 follows (a): (b) expected"} in warnings


def test_a_language_that_is_no_tag_is_refused(quiet):
    result = run(str(quiet["txt"]), "--document", "generic", "--dry-run", "--language", "English")
    assert result.exit_code == 2 and "is not a language tag" in result.stderr


def test_a_dry_run_checks_the_name_it_is_given(quiet):
    result = run(str(quiet["txt"]), "--document", "generic", "--dry-run", "--name", "Quiet Rooms")
    assert result.exit_code == 2 and "'Quiet Rooms' cannot name a document" in result.stderr
    result = run(str(quiet["txt"]), "--document", "gdc", "--dry-run", "--name", "rooms")
    assert result.exit_code == 2 and "--name names a generic document" in result.stderr
    assert run(str(quiet["txt"]), "--document", "generic", "--dry-run", "--name", "quiet-rooms").exit_code == 0
