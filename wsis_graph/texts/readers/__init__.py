"""One small reader per format, each turning a file into :class:`~wsis_graph.texts.model.Line` objects.

The readers know the formats and nothing of the UN grammar; the grammar knows nothing of the
formats. :func:`read_lines` checks the file's kind against its suffix and calls the reader.
"""

from __future__ import annotations

from pathlib import Path

from wsis_graph.texts.model import Line
from wsis_graph.texts.readers.sniff import SUFFIXES, check_kind


def read_lines(path: Path) -> tuple[str, list[Line]]:
    """The kind of a file and its lines.

    Args:
        path: A ``.pdf``, ``.docx``, ``.html`` or ``.txt`` file.

    Returns:
        The kind (``pdf``, ``docx``, ``html``, ``text``) and the lines its reader found.

    Raises:
        TextImportError: The file cannot be read, is of another kind than its suffix says, or
            holds no text.
    """
    kind = check_kind(path)
    if kind == "pdf":
        from wsis_graph.texts.readers.pdf import read_pdf

        return kind, read_pdf(path)
    if kind == "docx":
        from wsis_graph.texts.readers.docx import read_docx

        return kind, read_docx(path)
    if kind == "html":
        from wsis_graph.texts.readers.html import read_html

        return kind, read_html(path)
    from wsis_graph.texts.readers.plain import read_plain

    return kind, read_plain(path)


__all__ = ["SUFFIXES", "read_lines"]
