"""PDF text layers through PDFium (pypdfium2): lines with their page, position, size and superscripts.

PDFium gives each character with its origin (the point on the baseline where it starts) and its
font size. Characters are gathered into lines by their baseline; a smaller character raised above
the baseline is a superscript (a footnote call) and stays in its line. Lines on one baseline that
the file draws apart (a running header drawn last, the cells of a table row) are put together.

Blocks: a line begins a block when the gap above it is clearly wider than the usual line pitch,
or when the line above stops well short of the right margin and this one opens with a capital or
a label. Footnote areas: at the foot of a page, lines in a smaller font than the body's that
begin with a number, and the small lines after them.

pdfplumber was measured first: it took 20 s for the characters of 77 pages, PDFium 2 s.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from wsis_graph.texts.model import Line, TextImportError

_NOTE_START = re.compile(r"^\d{1,3}(?=\s|[A-Z\u201c\"'])")
_OPENS_BLOCK = re.compile(r"^(?:[A-Z\u201c\"']|\(?[a-z0-9ivx]{1,4}[.)]\s)")


@dataclass
class _Row:
    """Characters on one baseline, as they are gathered."""

    baseline: float
    size: float
    chars: list[tuple[str, float, float, bool]] = field(default_factory=list)  # text, x, size, raised

    def text_and_spans(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        out: list[str] = []
        spans: list[list[int]] = []
        for ch, _x, size, raised in self.chars:
            if ch.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                continue
            sup = raised or size < 0.8 * self.size and ch.isdigit()
            if sup:
                position = len(out)
                if spans and spans[-1][1] == position:
                    spans[-1][1] += 1
                else:
                    spans.append([position, position + 1])
            out.append(ch)
        text = "".join(out).rstrip()
        return text, tuple((a, b) for a, b in spans if b <= len(text))


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise TextImportError("the PDF is encrypted and needs a password to be read; save an unprotected copy") from None
        raise TextImportError(f"not a readable PDF ({exc})") from None


def _page_rows(textpage, raw) -> list[_Row]:
    """The rows of one page in the order PDFium gives the characters."""
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: list[_Row] = []
    row: _Row | None = None
    for index in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage, index)
        if code in (10, 13, 0xFFFE):
            continue
        ch = "-" if code == 2 else chr(code)  # PDFium reports a hyphen that ends a line as U+0002
        if ch.isspace():
            if row is not None:
                row.chars.append((" ", 0.0, 0.0, False))
            continue
        raw.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(textpage, index) or 1.0
        base = y.value
        if row is not None:
            rise = base - row.baseline
            if abs(rise) < 0.3 * max(size, row.size) and size > 0.8 * row.size:
                row.chars.append((ch, x.value, size, False))
                continue
            if size < 0.85 * row.size and 0.1 * row.size < rise < 0.9 * row.size:
                row.chars.append((ch, x.value, size, True))
                continue
            if row.size < 0.85 * size and all(c[3] or c[0] == " " or c[2] < 0.85 * size for c in row.chars) and -0.9 * size < rise < 0:
                # Only a raised call so far (a footnote's number): the real baseline is this one.
                row.chars = [(c, cx, cs, c != " ") for c, cx, cs, _ in row.chars]
                row.baseline, row.size = base, size
                row.chars.append((ch, x.value, size, False))
                continue
        row = _Row(base, size, [(ch, x.value, size, False)])
        rows.append(row)
    return rows


def _merge_baselines(rows: list[_Row]) -> list[_Row]:
    """Rows sorted top to bottom, rows on one baseline put together left to right."""
    rows = sorted(rows, key=lambda r: (-r.baseline, r.chars[0][1] if r.chars else 0.0))
    merged: list[_Row] = []
    for row in rows:
        if merged and abs(merged[-1].baseline - row.baseline) < 0.3 * max(row.size, merged[-1].size):
            last = merged[-1]
            if row.chars and last.chars and row.chars[0][1] < last.chars[0][1]:
                last.chars[:0] = row.chars + [(" ", 0.0, 0.0, False)]
            else:
                last.chars += [(" ", 0.0, 0.0, False)] + row.chars
            continue
        merged.append(row)
    return merged


@dataclass
class _PageLine:
    page: int
    top: float
    x0: float
    x1: float
    size: float
    text: str
    spans: tuple[tuple[int, int], ...]


def _page_lines(document, raw) -> tuple[list[list[_PageLine]], int]:
    pages: list[list[_PageLine]] = []
    empty = 0
    for number in range(len(document)):
        page = document[number]
        height = page.get_height()
        textpage = page.get_textpage()
        found: list[_PageLine] = []
        for row in _merge_baselines(_page_rows(textpage, raw)):
            text, spans = row.text_and_spans()
            if not text:
                continue
            first = next(c for c in row.chars if c[0] != " ")
            last = [c for c in row.chars if c[0] != " "][-1]
            top = height - row.baseline - row.size * 0.8
            found.append(_PageLine(number + 1, top, first[1], last[1] + last[2] * 0.5, row.size, text, spans))
        if not found:
            empty += 1
        pages.append(found)
        textpage.close()
        page.close()
    return pages, empty


def _body_size(pages: list[list[_PageLine]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0]


def _pitch(pages: list[list[_PageLine]], body: float) -> float:
    gaps = [
        b.top - a.top
        for lines in pages
        for a, b in zip(lines, lines[1:])
        if abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6 and b.top > a.top
    ]
    if not gaps:
        return body * 1.2
    # The pitch inside a paragraph is the smallest gap that recurs; gaps between paragraphs are wider.
    counts = Counter(round(gap * 2) / 2 for gap in gaps)
    recurring = [gap for gap, count in counts.items() if count >= max(2, len(gaps) // 20)]
    return min(recurring) if recurring else statistics.median(gaps)


def _note_start(lines: list[_PageLine], body: float) -> int:
    """Index of the first line of the page's footnote area, or ``len(lines)`` when there is none."""
    small = [line.size < body - 0.5 for line in lines]
    for index, line in enumerate(lines):
        if not small[index] or index == 0 or not any(not s for s in small[:index]):
            continue
        if not (_NOTE_START.match(line.text) or (line.spans and line.spans[0][0] == 0)):
            continue
        if all(small[i] or len(lines[i].text.split()) < 5 for i in range(index, len(lines))):
            return index
    return len(lines)


def read_pdf(path: Path) -> list[Line]:
    """The lines of a PDF's text layer, in reading order, page by page.

    Args:
        path: The PDF file.

    Returns:
        Lines with page, position, size, superscript spans, block starts and footnote areas.

    Raises:
        TextImportError: The PDF is encrypted, damaged, or has no text layer (a scan).
    """
    import pypdfium2.raw as raw

    document = _open(path)
    try:
        pages, empty = _page_lines(document, raw)
    finally:
        document.close()
    if empty == len(pages):
        raise TextImportError(
            f"no text layer on any of its {len(pages)} pages (a scanned document?); "
            "use the Word or HTML edition, or run the PDF through OCR first"
        )
    body = _body_size(pages)
    pitch = _pitch(pages, body)
    right = max((line.x1 for lines in pages for line in lines if abs(line.size - body) < 0.6), default=0.0)
    left = min((line.x0 for lines in pages for line in lines if abs(line.size - body) < 0.6), default=0.0)
    width = max(right - left, 1.0)
    found: list[Line] = []
    for lines in pages:
        notes_from = _note_start(lines, body)
        for index, line in enumerate(lines):
            starts = index == 0
            if index:
                above = lines[index - 1]
                gap = line.top - above.top
                short = above.x1 < right - 0.25 * width
                starts = gap > 1.3 * pitch or (short and bool(_OPENS_BLOCK.match(line.text)))
            note = index >= notes_from
            if note and index == notes_from:
                starts = True
            found.append(
                Line(
                    line.text,
                    index + 1,
                    line.page,
                    top=round(line.top, 1),
                    x0=round(line.x0, 1),
                    size=round(line.size, 1),
                    block_start=starts,
                    superscripts=line.spans,
                    note=note,
                )
            )
    return found
