"""Plain text: a blank line begins a block, a form feed begins a page.

The UN's plain-text editions keep the page furniture (symbol, page "2/34", job number) and put
footnotes under a rule of underscores at the foot of their page; the grammar removes the one
and reads the other, so this reader only splits lines.
"""

from __future__ import annotations

from pathlib import Path

from wsis_graph.texts.model import Line, TextImportError


def decode(data: bytes) -> str:
    """The text of a file's bytes: UTF-8 (with or without a byte order mark), UTF-16 with one, else Windows-1252.

    >>> decode("Réunion".encode("utf-8"))
    'Réunion'
    >>> decode("Réunion".encode("cp1252"))
    'Réunion'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def lines_of_text(text: str) -> list[Line]:
    """The lines of a text, each marked where a blank line or a page break came before it.

    Args:
        text: The whole text.

    Returns:
        The non-blank lines, numbered from 1 as an editor numbers them; pages are counted only
        when the text has form feeds.

    >>> [(l.number, l.block_start, l.text) for l in lines_of_text("Title\\n\\n1. First\\nline two")]
    [(1, True, 'Title'), (3, True, '1. First'), (4, False, 'line two')]
    """
    paged = "\f" in text
    page = 1
    found: list[Line] = []
    starts = True
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        while "\f" in raw:
            before, raw = raw.split("\f", 1)
            if before.strip():
                found.append(Line(before.rstrip(), number, page if paged else None, block_start=starts))
            page += 1
            starts = True
        if not raw.strip():
            starts = True
            continue
        found.append(Line(raw.rstrip().replace("\t", " "), number, page if paged else None, block_start=starts))
        starts = False
    return found


def read_plain(path: Path) -> list[Line]:
    """The lines of a plain-text file.

    Raises:
        TextImportError: The file holds no text.
    """
    lines = lines_of_text(decode(path.read_bytes()))
    if not lines:
        raise TextImportError("no text found in the file")
    return lines
