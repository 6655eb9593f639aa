"""The paragraphs of any file, for tagging: an official text's parts where it has numbered paragraphs,
otherwise its blocks of running text.

A UN document (one that prints its symbol, ``A/RES/79/1``) is read as the importer reads it
(:func:`~wsis_graph.texts.read_structure`, key ``generic``): each preambular or numbered paragraph,
item and sub-item is one paragraph, named by its reference (``11(b)``). Any other document (a
submission, a report, an article, whose numbered questions would make paragraphs pages long) is read
the same way up to the blocks: page furniture and footnotes set aside, words broken across lines joined, and each block
of running text is one paragraph, named ``p1``, ``p2`` … in order. Headings and footnotes are not
paragraphs to tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wsis_graph.texts.blocks import make_blocks, split_notes, tidy
from wsis_graph.texts.furniture import find_symbol, remove_furniture
from wsis_graph.texts.importer import read_structure
from wsis_graph.texts.joining import Vocabulary, join_lines
from wsis_graph.texts.labels import heading_like
from wsis_graph.texts.model import TextImportError
from wsis_graph.texts.readers import read_lines

_KINDS = ("preamble", "paragraph", "item", "subitem")
#: Blocks shorter than this many words are headings, captions or page furniture, not paragraphs.
MIN_WORDS = 6


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a file: its id (a reference, or ``p1`` …), its words and where it begins."""

    id: str
    text: str
    where: str = ""


def paragraphs_of(path: Path, language: str = "en") -> list[Paragraph]:
    """The paragraphs of ``path`` (``.pdf`` with a text layer, ``.docx``, ``.html``, ``.txt``).

    Raises:
        TextImportError: The file cannot be read, or holds no paragraph of running text.
    """
    path = Path(path)
    _kind, lines = read_lines(path)
    lines = tidy(lines)
    symbol = find_symbol(lines)
    if symbol:
        try:
            structure = read_structure(path, "generic", language=language)
        except TextImportError as exc:
            if "no numbered paragraph" not in str(exc):
                raise
        else:
            found = [Paragraph(p.ref, p.text, p.where) for p in structure.parts if p.kind in _KINDS and p.text]
            if found:
                return found
    lines, _ = remove_furniture(lines, symbol or "")
    body, _notes = split_notes(lines)
    vocabulary = Vocabulary.of(body, language)
    out = []
    for block in make_blocks(body):
        text = join_lines(block.lines, vocabulary).text
        if len(text.split()) < MIN_WORDS or heading_like(text, len(block.lines)):
            continue
        out.append(Paragraph(f"p{len(out) + 1}", text, block.lines[0].where()))
    if not out:
        raise TextImportError(f"no paragraph of running text found ({len(lines)} lines read)")
    return out


__all__ = ["MIN_WORDS", "Paragraph", "paragraphs_of"]
