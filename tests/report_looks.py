"""Checks a reader would make of a rendered report, shared by the report tests.

- :func:`markdown_tables`: the pipe tables of a Markdown text, split into cells as GitHub's
  Markdown does (a ``|`` escaped with a backslash stays in its cell), to check their shape;
- :func:`html_ids_and_links`: the ids of an HTML page and the ``#`` links of its table of contents;
- :func:`split_words`: words of a known vocabulary that the layout text of a PDF shows broken over
  two lines of the same column (``commitm`` / ``ent``), as pdftotext ``-layout`` lays them out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every pipe table of ``text``: a header line, a delimiter line (``|---|``) and its rows, as cells."""
    lines = text.split("\n")
    tables = []
    i = 0
    while i < len(lines) - 1:
        if lines[i].lstrip().startswith("|") and re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?\s*)?", lines[i + 1]):
            table = [_cells(lines[i]), _cells(lines[i + 1])]
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                table.append(_cells(lines[i]))
                i += 1
            tables.append(table)
        else:
            i += 1
    return tables


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.toc_links: list[str] = []
        self.finding_rows: list[str | None] = []
        self._in_toc = 0
        self._findings_table = 0
        self._tbody = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "nav" and "toc" in (a.get("class") or ""):
            self._in_toc = 1
        elif tag == "a" and self._in_toc and (a.get("href") or "").startswith("#"):
            self.toc_links.append(a["href"][1:])
        elif tag == "table" and "findings" in (a.get("class") or "").split():
            self._findings_table = 1
        elif tag == "tbody" and self._findings_table:
            self._tbody = True
        elif tag == "tr" and self._tbody:
            self.finding_rows.append(a.get("id"))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = 0
        elif tag == "table":
            self._findings_table = 0
            self._tbody = False


def html_ids_and_links(html: str) -> tuple[list[str], list[str], list[str | None]]:
    """The ids of the page (in order, repeats kept), the targets of its contents' ``#`` links, and
    the id of each finding row (``None`` for a row without one)."""
    parser = _Ids()
    parser.feed(html)
    return parser.ids, parser.toc_links, parser.finding_rows


def split_words(layout_text: str, vocabulary: set[str]) -> list[tuple[int, str, str]]:
    """Words of ``vocabulary`` shown broken over two lines of one column: (line number, first part, rest).

    A token that ends a cell on one line and the token that starts the same column on the next line
    are joined; when the join is a known word and the first part is not one, the cell broke the word
    (a break at a hyphen keeps the hyphen on the first line: ``C7.e-`` / ``health``).

    >>> split_words("  commitm   C5\\n  ent      x\\n", {"commitment"})
    [(1, 'commitm', 'ent')]
    >>> split_words("  C7.e-   C5\\n  health   x\\n", {"C7.e-health"})
    [(1, 'C7.e-', 'health')]
    >>> split_words("  commitment   C5\\n  ent      x\\n", {"commitment"})
    []
    >>> split_words("  GDC   C5\\n  AI-mechanisms\\n", {"GDC-AI-mechanisms"})  # two words, not a broken one
    []
    """
    lines = layout_text.split("\n")
    found = []
    for number, (line, below) in enumerate(zip(lines, lines[1:]), 1):
        starts = {m.start(): m.group(0) for m in re.finditer(r"\S+", below)}
        for m in re.finditer(r"\S+", line):
            head = m.group(0)
            if head in vocabulary:
                continue
            for column in (m.start() - 1, m.start(), m.start() + 1):
                tail = starts.get(column)
                if tail and head + tail in vocabulary:
                    found.append((number, head, tail))
                    break
    return found
