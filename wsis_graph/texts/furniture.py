"""Page furniture: what a UN document prints on its pages that is not its text.

Running headers and footers (the symbol, the page as "2/34", the job number "24-17717" with its
"(E)" and date, a bare page number at a page's edge), the masthead of the first page ("United
Nations", "Distr.: General", "Seventy-ninth session" …), and any short line that comes back at the
edge of most pages (a running title). Which lines are furniture is decided from their words and
their place on the page, never from a format, so every reader benefits.
"""

from __future__ import annotations

import re
from collections import Counter

from wsis_graph.texts.labels import opens_with_label
from wsis_graph.texts.model import Line

SYMBOL = re.compile(r"^(?=[A-Z0-9./()\-]*\d)[A-Z][A-Z0-9.\-]*(?:/[A-Za-z0-9.()\-]+)+$")
_TOKEN = (
    re.compile(r"^\d{1,4}/\d{1,4}$"),  # page "2/34"
    re.compile(r"^(?:GE\.)?\d{2}-\d{4,6}[A-Z]?$"),  # job number "24-17717", "GE.05-41234"
    re.compile(r"^\([A-Z]\)$"),  # language of the job "(E)"
    re.compile(r"^\d{6}$"),  # job date "250924"
    re.compile(r"^\*\d{6,8}\*$"),  # bar code text "*2417717*"
    re.compile(r"^[\u2013\u2014-]$"),
)
_LINE = (
    re.compile(r"^[\u2013\u2014-]?\s*\d{1,4}\s*[\u2013\u2014-]?$"),  # bare page number "- 2 -"
    re.compile(r"^page\s+\d+(?:\s+of\s+\d+)?$", re.IGNORECASE),
    re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$"),  # date "25 September 2024"
    re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$"),
    re.compile(r"^\d{4}-\d{2}-\d{2}$"),
)
_MASTHEAD = re.compile(
    r"^(?:United Nations|Nations Unies|General Assembly|Security Council|Economic and Social Council|"
    r"Distr\.?:?\s*\w+|Original:?\s*\w+|[A-Z][a-z]+(?:-[a-z]+)?\s+session|Agenda items?\s.*|"
    r"\[(?:without reference to a Main Committee|on the report of)[^\]]*\]?|Document\s+[A-Z].*-E|"
    r"World Summit on the Information Society|Geneva 2003\s*[-\u2013]\s*Tunis 2005|"
    r"Geneva 2003|Tunis 2005|Original:\s*English|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s+Original:.*)$"
)


def is_symbol(text: str) -> bool:
    """Whether a line is a UN document symbol.

    >>> is_symbol("A/RES/79/1"), is_symbol("WSIS-05/TUNIS/DOC/6(Rev.1)-E"), is_symbol("UNESCO/ITU")
    (True, True, False)
    """
    return bool(SYMBOL.match(text))


def _furniture_words(text: str, symbol: str) -> bool:
    """Whether every word of a line is a running header's or footer's."""
    words = text.split()
    if not words:
        return True
    for word in words:
        if symbol and word == symbol or is_symbol(word):
            continue
        if any(pattern.match(word) for pattern in _TOKEN):
            continue
        return False
    return True


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def find_symbol(lines: list[Line]) -> str:
    """The document symbol as its first page prints it alone on a line, or "".

    >>> find_symbol([Line("United Nations", 1), Line("A/RES/79/1", 2), Line("1. Text", 3)])
    'A/RES/79/1'
    """
    for line in lines[:40]:
        for word in line.text.split():
            if is_symbol(word) and not re.match(r"^\d", word):
                return word
    return ""


def remove_furniture(lines: list[Line], symbol: str = "") -> tuple[list[Line], int]:
    """The lines that are text, without the page furniture.

    Args:
        lines: The lines of a document, stripped.
        symbol: The document's symbol, when known.

    Returns:
        The kept lines and how many were removed.

    >>> kept, removed = remove_furniture([Line("A/RES/99/1", 1, 1), Line("1. Words.", 2, 1), Line("99-12345 1/2", 3, 1)])
    >>> [l.text for l in kept], removed
    (['1. Words.'], 2)
    """
    paged = any(line.page is not None for line in lines)
    edges = _edge_lines(lines) if paged else set()
    repeated = _repeated_shapes(lines, edges) if paged else set()
    first_page = lines[0].page if lines else None
    opening = True  # still in the masthead of the first page
    kept: list[Line] = []
    for index, line in enumerate(lines):
        text = line.text
        at_edge = index in edges
        if _furniture_words(text, symbol):
            continue
        if (at_edge or opening) and any(p.match(text) for p in _LINE):
            continue
        if at_edge and _shape(text) in repeated:
            continue
        if opening and (line.page == first_page or not paged) and _MASTHEAD.match(text):
            continue
        if index > 60 or re.match(r"^(?:\d{1,3}\.|\()", text) or len(text.split()) > 12:
            opening = False
        kept.append(line)
    return kept, len(lines) - len(kept)


def _edge_lines(lines: list[Line]) -> set[int]:
    """Indexes of the first two and last three lines of each page (where running heads sit)."""
    by_page: dict[int | None, list[int]] = {}
    for index, line in enumerate(lines):
        by_page.setdefault(line.page, []).append(index)
    edges: set[int] = set()
    for indexes in by_page.values():
        edges.update(indexes[:2])
        edges.update(indexes[-3:])
    return edges


def _repeated_shapes(lines: list[Line], edges: set[int]) -> set[str]:
    """Short lines (digits aside) found at the edge of at least half the pages, three at least."""
    pages = {line.page for line in lines}
    seen: Counter[str] = Counter()
    candidates = {
        (_shape(lines[i].text), lines[i].page)
        for i in edges
        if len(lines[i].text.split()) <= 8 and not opens_with_label(lines[i].text)
    }
    for shape, page in candidates:
        seen[shape] += 1
    least = max(3, (len(pages) + 1) // 2)
    return {shape for shape, count in seen.items() if count >= least}
