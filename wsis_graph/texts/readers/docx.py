"""Word (.docx) documents through python-docx: a line per paragraph, footnotes from their own part.

Each body paragraph (and each table row, its cells joined by `` | ``) begins a block; a manual
line break inside a paragraph begins a new line of the same block. Runs set as superscript keep
their spans, and a footnote reference becomes a superscript call numbered as Word numbers it (in
order of appearance), whose footnote text follows the body as a note line. Paragraphs numbered
by Word's automatic numbering get their number written out (``11.``, ``(a)``, ``(i)``), so that
the grammar sees what a reader of the page sees. Headers and footers live in their own parts and
are never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wsis_graph.texts.model import Line, TextImportError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


@dataclass
class _Text:
    """A block's lines as they are built: text and superscript spans per line."""

    lines: list[str] = field(default_factory=lambda: [""])
    spans: list[list[tuple[int, int]]] = field(default_factory=lambda: [[]])

    def add(self, text: str, superscript: bool = False) -> None:
        start = len(self.lines[-1])
        self.lines[-1] += text
        if superscript and text:
            self.spans[-1].append((start, start + len(text)))

    def new_line(self) -> None:
        self.lines.append("")
        self.spans.append([])


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            out += letters
            value -= number
    return out


def _letter(value: int) -> str:
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _format(value: int, kind: str) -> str:
    """A counter as Word's number formats write it.

    >>> [_format(4, k) for k in ("decimal", "lowerLetter", "lowerRoman", "upperRoman", "upperLetter")]
    ['4', 'd', 'iv', 'IV', 'D']
    """
    if kind == "lowerLetter":
        return _letter(value)
    if kind == "upperLetter":
        return _letter(value).upper()
    if kind == "lowerRoman":
        return _roman(value)
    if kind == "upperRoman":
        return _roman(value).upper()
    return str(value)


class _Numbering:
    """Word's automatic numbering: the label each numbered paragraph shows."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            part = document.part.part_related_by(_NUMBERING)
        except KeyError:
            return
        from lxml import etree

        root = etree.fromstring(part.blob)
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = {}
            for level in abstract.iter(f"{_W}lvl"):
                fmt = level.find(f"{_W}numFmt")
                text = level.find(f"{_W}lvlText")
                start = level.find(f"{_W}start")
                levels[int(level.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            self.levels[abstract.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.abstract_of[num.get(f"{_W}numId")] = ref.get(f"{_W}val")

    def label(self, paragraph) -> str:
        """The label Word shows before ``paragraph``, or "" when it is not numbered."""
        num_pr = _num_pr(paragraph)
        if num_pr is None or num_pr.numId is None or num_pr.numId.val == 0:
            return ""
        abstract = self.abstract_of.get(str(num_pr.numId.val))
        levels = self.levels.get(abstract or "", {})
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        kind, text, _start = levels[level]
        if kind in ("bullet", "none"):
            return ""
        for index in range(9):
            if f"%{index + 1}" in text:
                value = counters.get(index, levels.get(index, ("decimal", "", 1))[2])
                text = text.replace(f"%{index + 1}", _format(value, levels.get(index, (kind,))[0]))
        return text + " "


def _num_pr(paragraph):
    """The numbering of a paragraph: its own, else its style's (or a style it is based on)."""
    props = paragraph._p.pPr
    if props is not None and props.numPr is not None:
        return props.numPr
    style = paragraph.style
    while style is not None:
        props = style.element.pPr
        if props is not None and props.numPr is not None:
            return props.numPr
        style = style.base_style
    return None


def _runs(element, text: _Text, calls: dict[str, int]) -> None:
    """Add the text of a paragraph's runs (hyperlinks and fields included) to ``text``."""
    for node in element.iter(f"{_W}r"):
        props = node.find(f"{_W}rPr")
        vert = props.find(f"{_W}vertAlign") if props is not None else None
        superscript = vert is not None and vert.get(f"{_W}val") == "superscript"
        for child in node:
            tag = child.tag
            if tag == f"{_W}t":
                text.add(child.text or "", superscript)
            elif tag == f"{_W}tab":
                text.add(" ")
            elif tag in (f"{_W}br", f"{_W}cr"):
                text.new_line()
            elif tag == f"{_W}noBreakHyphen":
                text.add("\u2011")
            elif tag == f"{_W}softHyphen":
                text.add("\u00ad")
            elif tag == f"{_W}footnoteReference":
                number = calls.setdefault(child.get(f"{_W}id"), len(calls) + 1)
                text.add(str(number), True)


def _footnotes(document, calls: dict[str, int], first: int) -> list[Line]:
    """The footnotes called in the body, each as note lines opening with its number."""
    try:
        part = document.part.part_related_by(_FOOTNOTES)
    except KeyError:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)
    notes: dict[int, list[str]] = {}
    for note in root.iter(f"{_W}footnote"):
        number = calls.get(note.get(f"{_W}id"))
        if number is None:
            continue
        paragraphs = []
        for paragraph in note.iter(f"{_W}p"):
            text = _Text()
            _runs(paragraph, text, {})
            words = " ".join(" ".join(text.lines).split())
            if words:
                paragraphs.append(words)
        notes[number] = paragraphs
    found = []
    for number in sorted(notes):
        for index, words in enumerate(notes[number]):
            found.append(Line(f"{number} {words}" if index == 0 else words, first + len(found), block_start=index == 0,
                              note=True, unit="paragraph"))
    return found


def read_docx(path: Path) -> list[Line]:
    """The lines of a Word document: body paragraphs and table rows in order, then the footnotes.

    Args:
        path: The .docx file.

    Returns:
        Lines numbered by body paragraph; footnote lines marked ``note``.

    Raises:
        TextImportError: The file cannot be opened as a Word document.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise TextImportError(f"not a readable Word document ({exc.__class__.__name__}: {exc})") from None
    numbering = _Numbering(document)
    calls: dict[str, int] = {}
    found: list[Line] = []
    number = 0
    for block in document.iter_inner_content():
        number += 1
        text = _Text()
        if isinstance(block, Paragraph):
            text.add(numbering.label(block))
            _runs(block._p, text, calls)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    cell_text = _Text()
                    for paragraph in cell.paragraphs:
                        _runs(paragraph._p, cell_text, calls)
                        cell_text.add(" ")
                    cells.append(" ".join(" ".join(cell_text.lines).split()))
                text.add(" | ".join(dict.fromkeys(c for c in cells if c)))
                text.new_line()
        starts = True
        for line, spans in zip(text.lines, text.spans):
            stripped = line.rstrip()
            if not stripped.strip():
                continue
            found.append(Line(stripped, number, block_start=starts or isinstance(block, Table),
                              superscripts=tuple(spans), unit="paragraph"))
            starts = False
    found += _footnotes(document, calls, number + 1)
    if not found:
        raise TextImportError("no text found in the Word document")
    return found
