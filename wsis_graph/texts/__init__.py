"""Official texts in: UN resolutions and WSIS outcome documents read paragraph by paragraph.

A small reader per format (:mod:`wsis_graph.texts.readers`: PDF text layers, Word, HTML, plain
text) turns a file into lines with what the format knows of their layout; one grammar
(:mod:`wsis_graph.texts.grammar`), shared by every format, reads the lines as the UN writes its
documents: page furniture removed, hyphenated words joined, preambular and numbered paragraphs,
lettered items and roman sub-items, headings, footnotes, annexes.
:func:`~wsis_graph.texts.importer.read_structure` does the whole path for one file.
"""

from wsis_graph.texts.importer import read_structure
from wsis_graph.texts.model import DocumentInfo, Part, TextImportError, TextStructure

__all__ = ["DocumentInfo", "Part", "TextImportError", "TextStructure", "read_structure"]
