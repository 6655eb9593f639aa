"""Read a file into the structure of an official text: the whole path from bytes to parts.

:func:`read_structure` checks the file's kind, has its reader find the lines, removes the page
furniture, sets the footnotes apart, gathers blocks, reads them with the grammar, places the
footnotes, and keeps what the document key says is the document.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from wsis_graph.texts.blocks import make_blocks, make_notes, split_notes, tidy
from wsis_graph.texts.documents import known, place_notes, select, title_of
from wsis_graph.texts.furniture import find_symbol, remove_furniture
from wsis_graph.texts.grammar import Grammar
from wsis_graph.texts.joining import Vocabulary
from wsis_graph.texts.model import DocumentInfo, Line, TextImportError, TextStructure
from wsis_graph.texts.readers import read_lines


def read_structure(path: Path, key: str, *, symbol: str | None = None, language: str = "en") -> TextStructure:
    """The structure of the official text in ``path``.

    Args:
        path: A ``.pdf`` (with a text layer), ``.docx``, ``.html`` or ``.txt`` file.
        key: The document key (:data:`wsis_graph.texts.documents.DOCUMENTS`).
        symbol: The document's symbol, when the file's own should not be used.
        language: The language of the text (a BCP 47 tag such as ``en`` or ``fr``).

    Returns:
        The document's parts in order, the spans skipped and the warnings.

    Raises:
        TextImportError: The key is unknown, or the file cannot be read, is not what its suffix
            says, has no text, has no numbered paragraph, or (``gdc``) has no annex I.
    """
    known(key)  # an unknown key fails before the file is read
    path = Path(path)
    _kind, lines = read_lines(path)
    return structure_of_lines(lines, key, symbol=symbol, language=language, file=path.name,
                              sha256=hashlib.sha256(path.read_bytes()).hexdigest())


def structure_of_lines(lines: list[Line], key: str, *, symbol: str | None = None, language: str = "en",
                       file: str = "", sha256: str = "") -> TextStructure:
    """The structure of a document from a reader's lines (see :func:`read_structure`).

    >>> s = structure_of_lines([Line("The Assembly,", 1, block_start=True), Line("1. Decides to meet.", 2, block_start=True),
    ...                         Line("(a) Once;", 3, block_start=True)], "generic")
    >>> [(p.ref, p.kind, p.text) for p in s.parts]
    [('pp1', 'preamble', 'The Assembly,'), ('1', 'paragraph', 'Decides to meet.'), ('1(a)', 'item', 'Once;')]
    """
    document = known(key)
    lines = tidy(lines)
    found_symbol = find_symbol(lines)
    symbol = symbol or found_symbol or document.symbol
    lines, _removed = remove_furniture(lines, symbol)
    body, note_lines = split_notes(lines)
    notes = make_notes(note_lines)
    vocabulary = Vocabulary.of(body + [line for note in notes for line in note.lines], language)
    grammar = Grammar(vocabulary, notes)
    drafts = grammar.read(make_blocks(body))
    grammar.finish()
    warnings = list(grammar.warnings)
    drafts = place_notes(drafts, notes, vocabulary, warnings)
    parts, skipped = select(drafts, document)
    if not any(part.kind == "paragraph" for part in parts):
        where = f"annex {document.annex}" if document.annex else "the text"
        raise TextImportError(f"no numbered paragraph found in {where} ({len(lines)} lines of text read)")
    info = DocumentInfo(key, symbol, title_of(parts, document), language, sha256, file)
    return TextStructure(info, parts, skipped, warnings)
