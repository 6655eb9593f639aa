"""The UN paragraph grammar: blocks of lines in, parts out, whatever the format was.

A document is a main text and its annexes, each numbered on its own. In each, unnumbered
paragraphs before the first numbered one are preambular (``pp1`` …); numbered paragraphs
(``11``) hold lettered items (``11(b)``), which hold roman sub-items (``11(b)(ii)``); headings
(``h1`` …) open sections. A paragraph's text is its own words up to its first item; unnumbered
text after it (an answer under a numbered question, a page of a report) is more of its text,
after a line break. An unnumbered block after a heading and before the next number is an
unnumbered paragraph, counted with the preambular ones.

Labels are read at the start of a block, and inside a block only where the next label of the
sequence opens a line (a text with no blank lines between its paragraphs). A number, letter or
numeral out of sequence is kept, with a warning that says where.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wsis_graph.texts.blocks import Block, Note
from wsis_graph.texts.joining import Calls, Vocabulary, join_lines
from wsis_graph.texts.labels import (
    ANNEX, ITEM, PARAGRAPH, UNLABELLED_RANK, heading_label, heading_like, is_letter, is_roman, next_letter, next_roman,
)
from wsis_graph.texts.model import Line, Part, TextWarning


@dataclass
class Draft:
    """A part being read: its lines, in chunks (blocks), and where it belongs."""

    part: Part
    scope: str | None
    group: int
    rank: int | None = None
    under: "Draft | None" = None
    chunks: list[list[Line]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Scope:
    """The main text or one annex: its numbering and open headings."""

    label: str | None
    last_number: int | None = None
    unnumbered: int = 0
    headings: int = 0
    refs: set[str] = field(default_factory=set)
    stack: list[Draft] = field(default_factory=list)


class Grammar:
    """Reads blocks into parts; one instance per document.

    Args:
        vocabulary: The document's words, for hyphens at line ends.
        notes: The document's footnotes.
    """

    def __init__(self, vocabulary: Vocabulary, notes: list[Note]) -> None:
        self.vocabulary = vocabulary
        self.notes = notes
        self.calls = Calls([n.number for n in notes if n.number])
        self.drafts: list[Draft] = []
        self.warnings: list[TextWarning] = []
        self.scope = _Scope(None)
        self.scopes = [self.scope]
        self.group = 0
        self.container: Draft | None = None  # the paragraph (or preamble) items go under
        self.item: Draft | None = None
        self.letter: str | None = None
        self.roman: str | None = None
        self.heading_after_container = False

    # -- Reading ---------------------------------------------------------------------------

    def read(self, blocks: list[Block]) -> list[Draft]:
        """The parts of the blocks, in document order (footnotes not yet placed)."""
        for block in blocks:
            self._read_block(block)
        return self.drafts

    def _read_block(self, block: Block) -> None:
        current: Draft | None = None
        lines = block.lines
        for index, line in enumerate(lines):
            if index == 0 or current is None or ANNEX.match(line.text) or self._opens_next(line.text, lines[index - 1].text):
                current = self._open(line, lines[index:])
                if current is not None and index == 0:
                    current.notes.extend(block.notes)
                continue
            current.chunks[-1].append(line)
        if current is None and block.notes and self.drafts:
            self.drafts[-1].notes.extend(block.notes)

    def _opens_next(self, text: str, before: str) -> bool:
        """Whether a line inside a block opens the next label of the sequence."""
        match = PARAGRAPH.match(text)
        if match and self.scope.last_number is not None and int(match.group(1)) == self.scope.last_number + 1:
            return True
        match = ITEM.match(text)
        if not match or self.container is None:
            return False
        label = match.group(1) or match.group(2)
        closed = before.rstrip().endswith((";", ":", ".", " and", " or"))
        if label == next_letter(self.letter) and (self.letter is not None or before.rstrip().endswith(":")):
            return closed
        if self.item is not None and label == next_roman(self.roman) and (self.roman is not None or before.rstrip().endswith(":")):
            return closed
        return False

    def _open(self, line: Line, rest: list[Line]) -> Draft | None:
        """Begin the part that ``line`` opens (or go on with the paragraph it continues)."""
        text = line.text
        annex = ANNEX.match(text)
        if annex:
            self._open_annex(line, (annex.group(1) or "").upper())
            return None
        item = ITEM.match(text)
        if item and self.container is not None:
            return self._open_item(line, item.group(1) or item.group(2), item.end())
        number = PARAGRAPH.match(text)
        if number and self._plausible(int(number.group(1)), line is rest[0] and line.block_start):
            return self._open_paragraph(line, int(number.group(1)), number.end())
        block_text = " ".join(l.text for l in rest)
        rank = heading_label(text)
        if rank is not None and len(rest) <= 3 and len(block_text.split()) <= 30 and not block_text.rstrip().endswith((";", ",")):
            return self._open_heading(line, rank)
        if heading_like(block_text, len(rest)):
            return self._open_heading(line, UNLABELLED_RANK)
        if self.container is None or self.heading_after_container or self.container.part.kind == "preamble":
            return self._open_unnumbered(line)
        return self._continue(line)

    def _plausible(self, number: int, block_start: bool) -> bool:
        last = self.scope.last_number
        if last is None:
            return number <= 20
        return number <= last + 20 and (block_start or number == last + 1)

    # -- Parts -----------------------------------------------------------------------------

    def _new(self, line: Line, ref: str, kind: str, start: int, *, top: bool) -> Draft:
        if top:
            self.group += 1
        ref = self._unique(ref, line)
        part = Part(ref, kind, "", "", line.where())
        shift = start + _lead(line.text[start:])
        first = replace(line, text=line.text[shift:],
                        superscripts=tuple((a - shift, b - shift) for a, b in line.superscripts if a >= shift))
        draft = Draft(part, self.scope.label, self.group, under=self.scope.stack[-1] if self.scope.stack else None,
                      chunks=[[first]])
        self.drafts.append(draft)
        return draft

    def _unique(self, ref: str, line: Line) -> str:
        if ref not in self.scope.refs:
            self.scope.refs.add(ref)
            return ref
        count = 2
        while f"{ref}.{count}" in self.scope.refs:
            count += 1
        self._warn(line, f"{_describe(ref)} appears more than once; this one is read as {ref}.{count}")
        self.scope.refs.add(f"{ref}.{count}")
        return f"{ref}.{count}"

    def _open_annex(self, line: Line, label: str) -> None:
        self.scope = _Scope(label)
        self.scopes.append(self.scope)
        self.container = self.item = None
        self.letter = self.roman = None
        self.group += 1
        draft = Draft(Part("annex" + (f"-{label}" if label else ""), "heading", "", line.text, line.where()),
                      label, self.group, rank=1, chunks=[[line]])
        draft.part.text = line.text
        self.drafts.append(draft)
        self.scope.stack = [draft]

    def _open_heading(self, line: Line, rank: int) -> Draft:
        stack = self.scope.stack
        while stack and stack[-1].rank is not None and stack[-1].rank >= rank and stack[-1].rank != 1:
            stack.pop()
        self.scope.headings += 1
        draft = self._new(line, f"h{self.scope.headings}", "heading", 0, top=True)
        draft.rank = rank
        stack.append(draft)
        self.heading_after_container = True
        self.item = None
        return draft

    def _open_unnumbered(self, line: Line) -> Draft:
        self.scope.unnumbered += 1
        draft = self._new(line, f"pp{self.scope.unnumbered}", "preamble", 0, top=True)
        self._set_container(draft)
        return draft

    def _open_paragraph(self, line: Line, number: int, start: int) -> Draft:
        last = self.scope.last_number
        if last is not None and number != last + 1:
            if number > last + 1:
                missing = f"{last + 1}" if number == last + 2 else f"{last + 1} to {number - 1}"
                self._warn(line, f"paragraph {number} follows paragraph {last}: {missing} missing")
            else:
                self._warn(line, f"paragraph {number} follows paragraph {last}: out of sequence")
        elif last is None and number != 1:
            self._warn(line, f"the first numbered paragraph is {number}, not 1")
        self.scope.last_number = max(number, last or 0)
        draft = self._new(line, str(number), "paragraph", start, top=True)
        self._set_container(draft)
        return draft

    def _set_container(self, draft: Draft) -> None:
        self.container = draft
        self.item = None
        self.letter = self.roman = None
        self.heading_after_container = False

    def _open_item(self, line: Line, label: str, start: int) -> Draft:
        expected_letter = next_letter(self.letter)
        expected_roman = next_roman(self.roman) if (self.item is not None or self.roman is not None) else None
        as_roman = self._reads_as_roman(label, expected_letter, expected_roman)
        owner = self.container
        if as_roman and self.item is not None:
            if label != expected_roman:
                self._warn(line, f"sub-item ({label}) of {_describe(self.item.part.ref)} follows "
                                 f"({self.roman or '-'}): ({expected_roman}) expected")
            self.roman = label
            return self._new(line, f"{self.item.part.ref}({label})", "subitem", start, top=False)
        if not is_letter(label) and not as_roman:
            self._warn(line, f"item ({label}) of {_describe(owner.part.ref)} is neither the next letter nor a numeral")
        elif label != expected_letter and not as_roman:
            self._warn(line, f"item ({label}) of {_describe(owner.part.ref)} follows ({self.letter or '-'}): "
                             f"({expected_letter}) expected")
        self.letter = label if is_letter(label) else self.letter
        self.roman = None
        draft = self._new(line, f"{owner.part.ref}({label})", "item", start, top=False)
        self.item = draft
        return draft

    def _reads_as_roman(self, label: str, letter: str, roman: str | None) -> bool:
        if not is_roman(label):
            return False
        if label == roman and label != letter:
            return True
        if label == letter and label != roman:
            return False
        if label == letter == roman:
            if self.roman is not None:
                return True
            previous = self.item.chunks[-1][-1].text if self.item is not None else ""
            return previous.rstrip().endswith(":")
        if roman is not None and self.item is not None:
            return not is_letter(label) or self.roman is not None
        return False

    def _continue(self, line: Line) -> Draft:
        """An unnumbered block under a numbered paragraph: more of that paragraph's text."""
        owner = self.container
        if self.item is not None:
            self._warn(line, f"unnumbered text after the items of {_describe(owner.part.ref)} is read as more of "
                             "that paragraph's text")
        owner.chunks.append([line])
        self.item = None
        return owner

    # -- Headings and warnings ---------------------------------------------------------------

    def _warn(self, line: Line, message: str) -> None:
        self.warnings.append(TextWarning(line.where(), message))

    # -- Text --------------------------------------------------------------------------------

    def finish(self) -> None:
        """Join each part's lines into its text, taking footnote calls out, in document order."""
        for draft in self.drafts:
            draft.part.heading = draft.under.part.text if draft.under is not None else ""
            draft.part.under = draft.under.part if draft.under is not None else None
            if draft.part.kind == "heading" and draft.rank == 1:
                continue
            texts = []
            for chunk in draft.chunks:
                joined = join_lines(chunk, self.vocabulary, self.calls)
                draft.part.notes.extend(n for n in joined.calls if n not in draft.part.notes)
                if joined.text:
                    texts.append(joined.text)
            draft.part.text = "\n".join(texts)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _describe(ref: str) -> str:
    """A reference for a person.

    >>> _describe("11"), _describe("11(b)"), _describe("pp2"), _describe("h3")
    ('paragraph 11', 'item 11(b)', 'preambular paragraph 2', 'heading 3')
    """
    if ref.isdigit():
        return f"paragraph {ref}"
    if ref.startswith("pp"):
        return f"preambular paragraph {ref[2:]}"
    if ref.startswith("h") and ref[1:].isdigit():
        return f"heading {ref[1:]}"
    return f"item {ref}"
