"""From lines to blocks and footnotes, with the page breaks and the notes set aside.

Lines that a reader put in a footnote area, or that follow a rule of underscores on their page,
are footnote lines; a line opening with a number begins a footnote. The other lines are gathered
into blocks (a block begins where the reader says, or at a new page), and a block that a page
break (or any break) cut in two is made whole again: the second half opens in lower case, or the
first stops in mid-sentence, or, across a page, the first did not end a preambular paragraph
(with a comma) and the second opens with no label and is no title. A lone web address between
the two halves of a paragraph is a note that lost its number; it is kept as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from wsis_graph.texts.labels import ANNEX, BULLET, RULE, URL, ends_open, heading_like, opens_with_label
from wsis_graph.texts.model import Line

_NOTE_NUMBER = re.compile(r"^(\d{1,3})(?:\s+|(?=[A-Z\u201c\"']))")


@dataclass
class Note:
    """A footnote: its number ("" for a note that lost it) and its lines, the number taken out."""

    number: str
    lines: list[Line]


@dataclass
class Block:
    """Lines that belong together, and the unnumbered notes found inside them."""

    lines: list[Line]
    notes: list[Note] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def tidy(lines: list[Line]) -> list[Line]:
    """Lines stripped of outer white space (superscript spans moved with the text), empty ones left out.

    >>> [(l.text, l.superscripts) for l in tidy([Line("  word1 ", superscripts=((6, 7),)), Line("   ")])]
    [('word1', ((4, 5),))]
    """
    found = []
    for line in lines:
        raw = line.text.replace("\u00a0", " ").replace("\t", " ")
        text = raw.strip()
        if not text:
            continue
        shift = len(raw) - len(raw.lstrip())
        spans = tuple((a - shift, b - shift) for a, b in line.superscripts if a - shift >= 0 and b - shift <= len(text))
        found.append(replace(line, text=text, superscripts=spans))
    return found


def split_notes(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The body's lines and the footnote lines, apart.

    A line is a footnote line when its reader says so, or when it follows a rule of underscores
    on the same page (in a text with no pages: until a block that opens with no number).

    >>> body, notes = split_notes([Line("1. Text.", 1, 1), Line("______", 2, 1), Line("1 A note.", 3, 1), Line("More.", 4, 2)])
    >>> [l.text for l in body], [l.text for l in notes]
    (['1. Text.', 'More.'], ['1 A note.'])
    """
    body: list[Line] = []
    notes: list[Line] = []
    rule_page: object = None
    in_rule = False
    for line in lines:
        if RULE.match(line.text):
            in_rule, rule_page = True, line.page
            continue
        if in_rule:
            if line.page != rule_page:
                in_rule = False
            elif line.page is None and line.block_start and not _NOTE_NUMBER.match(line.text):
                in_rule = False
        if line.note or in_rule:
            notes.append(line)
        else:
            body.append(line)
    return body, notes


def make_notes(lines: list[Line]) -> list[Note]:
    """The footnotes of the footnote lines: a line opening with a number begins one.

    >>> [(n.number, [l.text for l in n.lines]) for n in make_notes([Line("1 A note"), Line("that goes on."), Line("2 Another.")])]
    [('1', ['A note', 'that goes on.']), ('2', ['Another.'])]
    """
    notes: list[Note] = []
    for line in lines:
        number = None
        if line.superscripts and line.superscripts[0][0] == 0 and line.text[: line.superscripts[0][1]].isdigit():
            end = line.superscripts[0][1]
            number, rest = line.text[:end], line.text[end:]
        else:
            match = _NOTE_NUMBER.match(line.text)
            following = notes and notes[-1].number.isdigit() and match and int(match.group(1)) == int(notes[-1].number) + 1
            if match and (line.block_start or following or not notes):
                number, rest = match.group(1), line.text[match.end():]
        if number is not None:
            shift = len(line.text) - len(rest.lstrip())
            spans = tuple((a - shift, b - shift) for a, b in line.superscripts if a - shift >= 0)
            notes.append(Note(number, [replace(line, text=rest.strip(), superscripts=spans)]))
        elif notes:
            notes[-1].lines.append(line)
        else:
            notes.append(Note("", [line]))
    return [note for note in notes if any(l.text for l in note.lines)]


def make_blocks(lines: list[Line]) -> list[Block]:
    """Body lines gathered into blocks, blocks cut by a break put back together.

    >>> blocks = make_blocks([Line("1. A paragraph that runs to the", 1, 1, block_start=True),
    ...                       Line("next page.", 1, 2, block_start=True), Line("2. Next.", 2, 2, block_start=True)])
    >>> [b.text() for b in blocks]
    ['1. A paragraph that runs to the next page.', '2. Next.']
    """
    raw: list[Block] = []
    for line in lines:
        if not raw or line.block_start or line.page != raw[-1].lines[-1].page or ANNEX.match(line.text):
            raw.append(Block([line]))
        else:
            raw[-1].lines.append(line)
    blocks: list[Block] = []
    index = 0
    while index < len(raw):
        block = raw[index]
        if blocks and _is_stray_address(block) and index + 1 < len(raw) and _joins(blocks[-1], raw[index + 1]):
            blocks[-1].notes.append(Note("", block.lines))
            index += 1
            continue
        if blocks and _joins(blocks[-1], block):
            blocks[-1].lines.extend(block.lines)
            blocks[-1].notes.extend(block.notes)
        else:
            blocks.append(block)
        index += 1
    return blocks


def _is_stray_address(block: Block) -> bool:
    return len(block.lines) == 1 and bool(URL.match(block.lines[0].text))


def _joins(before: Block, after: Block) -> bool:
    """Whether ``after`` goes on the paragraph that ``before`` began."""
    first = after.lines[0].text
    if opens_with_label(first) or BULLET.match(first) or ANNEX.match(before.lines[-1].text):
        return False
    if first[:1].islower():
        return True
    if heading_like(before.text(), len(before.lines)) or heading_like(after.text(), len(after.lines)):
        return False
    if ends_open(before.lines[-1].text):
        return True
    across_page = before.lines[-1].page is not None and before.lines[-1].page != after.lines[0].page
    return across_page and not before.lines[-1].text.rstrip().endswith(",")
