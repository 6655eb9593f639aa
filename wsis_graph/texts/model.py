"""The data of an official text: lines as a reader finds them, parts as the grammar reads them.

A reader (:mod:`wsis_graph.texts.readers`) turns a file into :class:`Line` objects that keep what
the format knows of the layout: the page, the position, the font size, which characters are set
as superscript, whether the line sits in a footnote area, and where a new block (paragraph)
begins. The grammar (:mod:`wsis_graph.texts.grammar`) turns lines into :class:`Part` objects,
named after Akoma Ntoso's parts: preamble, paragraph, item (a lettered point), subitem (a roman
point), heading and footnote. :class:`TextStructure` holds the parts of one document with what
was skipped and what looked odd, and gives them as JSON data or as an outline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("preamble", "paragraph", "item", "subitem", "heading", "footnote")


@dataclass(frozen=True)
class Line:
    """One line of text as a reader found it.

    Attributes:
        text: The characters of the line, without its end of line.
        number: Where the line is in the file for a person: the line number of a text file, the
            paragraph number of a Word or HTML document, the line on its page of a PDF.
        page: The page (from 1) where the format has pages, else ``None``.
        top: Distance from the top of the page in points (PDF only).
        x0: Distance from the left edge of the page in points (PDF only).
        size: Font size in points, where known.
        block_start: The format says a new block (paragraph, list item, heading) begins here.
        superscripts: ``(start, end)`` spans of ``text`` set as superscript (footnote calls).
        note: The line sits in a footnote area (a PDF page's foot, a Word footnote, an HTML note).
        unit: What ``number`` counts, for messages: ``line``, or ``paragraph`` (Word), ``block`` (HTML).
    """

    text: str
    number: int = 0
    page: int | None = None
    top: float | None = None
    x0: float | None = None
    size: float | None = None
    block_start: bool = False
    superscripts: tuple[tuple[int, int], ...] = ()
    note: bool = False
    unit: str = "line"

    def where(self) -> str:
        """Where the line is, for a message.

        >>> Line("x", number=12).where()
        'line 12'
        >>> Line("x", number=3, page=2).where()
        'page 2, line 3'
        >>> Line("x", number=7, unit="paragraph").where()
        'paragraph 7'
        """
        if self.page is not None:
            return f"page {self.page}, {self.unit} {self.number}"
        return f"{self.unit} {self.number}"


@dataclass
class Part:
    """One part of a document: a paragraph, an item, a heading, a footnote …

    Attributes:
        ref: The part's reference, unique in the document: ``11``, ``11(b)``, ``11(b)(ii)``,
            ``pp3`` (third preambular paragraph), ``h2`` (second heading), ``fn4`` (footnote 4),
            ``note1`` (a note with no number), each prefixed with its annex where the document
            keeps its annexes (``annex-I/11(b)``).
        kind: One of :data:`KINDS`.
        heading: The text of the heading the part sits under ("" when none); for a heading, the
            heading above it.
        text: The part's own words: a paragraph's up to its first item, an item's without its
            marker, a footnote's without its number.
        where: Where the part begins in the file (see :meth:`Line.where`).
        notes: Numbers of the footnotes whose calls were taken out of the text.
        under: The heading part whose text is ``heading`` (None when there is none); the
            document may leave that heading out (``gdc`` leaves out the annex's title).
        caller: For a footnote, the part that calls it, or in which a note that lost its
            number was found; None for a note never called.
    """

    ref: str
    kind: str
    heading: str
    text: str
    where: str = ""
    notes: list[str] = field(default_factory=list)
    under: Part | None = field(default=None, repr=False, compare=False)
    caller: Part | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        """The part as the JSON output gives it.

        >>> Part("11(b)", "item", "Objective 1", "Some words;").to_dict()
        {'ref': '11(b)', 'kind': 'item', 'heading': 'Objective 1', 'text': 'Some words;'}
        """
        return {"ref": self.ref, "kind": self.kind, "heading": self.heading, "text": self.text}


@dataclass(frozen=True)
class DocumentInfo:
    """What identifies an imported document.

    Attributes:
        key: The document key (``gdc``, ``tunis-agenda``, ``generic`` …).
        symbol: The UN document symbol ("" when unknown).
        title: The document's title ("" when unknown).
        language: The language tag of the text (``en``, ``fr`` …).
        sha256: The SHA-256 of the file's bytes, in hexadecimal.
        file: The file's name.
    """

    key: str
    symbol: str
    title: str
    language: str
    sha256: str
    file: str

    def to_dict(self) -> dict:
        """The document as the JSON output gives it."""
        return {
            "key": self.key,
            "symbol": self.symbol,
            "title": self.title,
            "language": self.language,
            "sha256": self.sha256,
            "file": self.file,
        }


@dataclass(frozen=True)
class Skipped:
    """A span of the file that was read but left out of the document.

    Attributes:
        span: What the span is ("before annex I", "annex II" …).
        where: Where it begins and ends in the file.
        parts: How many parts (paragraphs, items, headings, notes) it held.
        first: The opening words of the span.
    """

    span: str
    where: str
    parts: int
    first: str

    def to_dict(self) -> dict:
        """The span as the JSON output gives it."""
        return {"span": self.span, "where": self.where, "parts": self.parts, "first": self.first}


@dataclass(frozen=True)
class TextWarning:
    """Something odd but readable, and where it is.

    Attributes:
        where: Where in the file (see :meth:`Line.where`).
        message: What was odd and what was made of it.
    """

    where: str
    message: str

    def to_dict(self) -> dict:
        """The warning as the JSON output gives it."""
        return {"where": self.where, "message": self.message}

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class TextStructure:
    """The parts of one document in document order, with what was skipped and what looked odd.

    Footnotes follow the paragraph (with its items) or the heading that calls them.
    """

    document: DocumentInfo
    parts: list[Part]
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[TextWarning] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The structure as the ``--format json`` output gives it."""
        return {
            "document": self.document.to_dict(),
            "paragraphs": [part.to_dict() for part in self.parts],
            "skipped": [span.to_dict() for span in self.skipped],
            "warnings": [warning.to_dict() for warning in self.warnings],
        }

    def counts(self) -> dict[str, int]:
        """How many parts of each kind, in the order of :data:`KINDS`.

        >>> info = DocumentInfo("generic", "", "", "en", "0" * 64, "x.txt")
        >>> TextStructure(info, [Part("1", "paragraph", "", "A."), Part("1(a)", "item", "", "B;")]).counts()
        {'preamble': 0, 'paragraph': 1, 'item': 1, 'subitem': 0, 'heading': 0, 'footnote': 0}
        """
        found = {kind: 0 for kind in KINDS}
        for part in self.parts:
            found[part.kind] += 1
        return found


class TextImportError(Exception):
    """A file that cannot be imported: the message says what was found or not found in it.

    The command prints it on one line after the file's name and exits with status 2.
    """
