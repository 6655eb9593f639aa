"""HTML pages through lxml: a block per block element, superscripts and footnotes kept apart.

Each block element (paragraph, heading, list item, table row …) begins a block; ``<br>`` begins a
new line in it; the cells of a table row are joined by `` | ``. Text in ``<sup>`` is a superscript
span. Footnotes are found as the common editors write them:

* a link to a note (``<a href="#_ftn1">[1]</a>``, ``href="#fn1"``) is a call, and the note's own
  block (``id="_ftn1"``, ``id="fn1"``, ``class="footnote"``, ``role="doc-footnote"``) gives
  note lines opening with their number;
* a note written inline where it is called (``<span class="footnote">…</span>``, as CSS paged
  media has it) becomes a call numbered in order and a note line after the body.
"""

from __future__ import annotations

import re
from pathlib import Path

from wsis_graph.texts.model import Line, TextImportError
from wsis_graph.texts.readers.plain import decode

_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "tr",
    "caption", "figcaption", "section", "article", "header", "footer", "main", "aside", "ul", "ol",
    "table", "tbody", "thead", "tfoot", "address", "center", "body", "hr", "nav", "dl", "figure",
}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
_NOTE_ID = re.compile(r"^_?(?:ftn|fn|footnote|edn|endnote)[-_]?\d+$", re.IGNORECASE)
_NOTE_CLASS = {"footnote", "footnotes", "endnote", "endnotes", "fn", "msofootnotetext"}
_NOTE_ROLES = {"doc-footnote", "doc-endnote", "doc-endnotes", "doc-footnotes"}
_CALL_HREF = re.compile(r"^#_?(?:ftn|fn|footnote|edn|endnote)[-_]?\d+$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


def _is_note(element) -> bool:
    classes = {c.lower() for c in (element.get("class") or "").split()}
    return bool(
        classes & _NOTE_CLASS
        or _NOTE_ID.match(element.get("id") or "")
        or (element.get("role") or "").lower() in _NOTE_ROLES
    )


class _Builder:
    """Lines gathered block by block while the tree is walked."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.notes: list[Line] = []
        self.parts: list[str] = [""]
        self.spans: list[list[tuple[int, int]]] = [[]]
        self.blocks = 0
        self.inline_notes = 0
        self.in_note = False

    def add(self, text: str | None, superscript: bool = False) -> None:
        if not text:
            return
        text = re.sub(r"\s+", " ", text)
        start = len(self.parts[-1])
        self.parts[-1] += text
        if superscript and text.strip():
            self.spans[-1].append((start, start + len(text)))

    def new_line(self) -> None:
        self.parts.append("")
        self.spans.append([])

    def has_text(self) -> bool:
        return any(p.strip() for p in self.parts)

    def flush(self) -> None:
        if self.has_text():
            self.blocks += 1
            starts = True
            for text, spans in zip(self.parts, self.spans):
                if not text.strip():
                    continue
                target = self.notes if self.in_note else self.lines
                target.append(Line(text.rstrip(), self.blocks, block_start=starts, superscripts=tuple(spans),
                                   note=self.in_note, unit="block"))
                starts = False
        self.parts, self.spans = [""], [[]]


def _call_number(element) -> str | None:
    """The number of a footnote call (a link to a note), or ``None``."""
    if element.tag == "a" and _CALL_HREF.match(element.get("href") or ""):
        found = _NUMBER.search(element.text_content())
        return found.group(0) if found else None
    return None


def _walk(element, out: _Builder, superscript: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower().rsplit("}", 1)[-1]
    if tag in _SKIP or not tag:
        return
    number = _call_number(element)
    if number is not None:
        out.add(number, True)
        return
    if _is_note(element):
        if out.has_text() and not out.in_note:
            # A note written where it is called: the call here, the note after the body.
            out.inline_notes += 1
            out.add(str(out.inline_notes), True)
            saved = (out.parts, out.spans)
            out.parts, out.spans, out.in_note = [f"{out.inline_notes} "], [[]], True
            _walk_children(element, out, False)
            out.flush()
            out.in_note = False
            out.parts, out.spans = saved
            return
        out.flush()
        was = out.in_note
        out.in_note = True
        _walk_children(element, out, False)
        out.flush()
        out.in_note = was
        return
    if tag == "br":
        out.new_line()
        return
    if tag in ("td", "th"):
        if out.parts[-1].strip():
            out.add(" | ")
        _walk_children(element, out, superscript)
        return
    block = tag in _BLOCKS
    if block:
        out.flush()
    _walk_children(element, out, superscript or tag == "sup")
    if block:
        out.flush()


def _walk_children(element, out: _Builder, superscript: bool) -> None:
    out.add(element.text, superscript)
    for child in element:
        _walk(child, out, superscript)
        out.add(child.tail, superscript)


def read_html(path: Path) -> list[Line]:
    """The lines of an HTML page: the body's blocks in order, then the notes.

    Args:
        path: The HTML file.

    Returns:
        Lines numbered by block; note lines marked ``note`` and opening with their number.

    Raises:
        TextImportError: The page holds no text.
    """
    import lxml.html

    text = decode(path.read_bytes())
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as exc:  # lxml raises several kinds for an empty or broken page
        raise TextImportError(f"not a readable HTML page ({exc})") from None
    out = _Builder()
    body = root.find("body")
    _walk(body if body is not None else root, out)
    out.flush()
    notes = [
        Line(re.sub(r"^\s*\[(\d+)\]\s*", r"\1 ", n.text), out.blocks + i + 1, block_start=n.block_start, note=True,
             unit="block")
        for i, n in enumerate(out.notes)
    ]
    if not out.lines:
        raise TextImportError("no text found in the HTML page")
    return out.lines + notes
