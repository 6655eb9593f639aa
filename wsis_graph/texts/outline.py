"""The structure of a text as a person reads it: counts, then an indented outline, then what was odd."""

from __future__ import annotations

from wsis_graph.texts.model import TextStructure

_INDENT = {"heading": 0, "preamble": 2, "paragraph": 2, "item": 4, "subitem": 6, "footnote": 4}
_PLURAL = {
    "preamble": ("unnumbered paragraph", "unnumbered paragraphs"),
    "paragraph": ("numbered paragraph", "numbered paragraphs"),
    "item": ("item", "items"),
    "subitem": ("sub-item", "sub-items"),
    "heading": ("heading", "headings"),
    "footnote": ("footnote", "footnotes"),
}


def _count(number: int, kind: str) -> str:
    one, many = _PLURAL[kind]
    return f"{number} {one if number == 1 else many}"


def counts_text(counts: dict[str, int]) -> str:
    """The counts of parts by kind, in words, leaving out the kinds with none.

    >>> counts_text({"preamble": 0, "paragraph": 2, "item": 1, "subitem": 0, "heading": 1, "footnote": 0})
    '2 numbered paragraphs, 1 item, 1 heading'
    """
    return ", ".join(_count(counts[k], k) for k in _PLURAL if counts.get(k))


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _short(text: str, width: int) -> str:
    """The opening of a text on one line.

    >>> _short("A long sentence that goes on", 16)
    'A long sentence…'
    >>> _short("Two\\nblocks", 40)
    'Two ¶ blocks'
    """
    text = text.replace("\n", " ¶ ")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def outline(structure: TextStructure, *, width: int = 100) -> str:
    """The structure as an outline with counts.

    Args:
        structure: What the grammar found.
        width: The widest line to print.

    Returns:
        Lines of text: the document, the counts, the parts indented by kind, the spans skipped and
        the warnings.
    """
    info = structure.document
    counts = structure.counts()
    head = " · ".join(x for x in (info.symbol, info.title, f"document {info.key}", f"language {info.language}") if x)
    lines = [
        head,
        f"file {info.file} (sha256 {info.sha256[:16]}…)" if info.file else "",
        f"{len(structure.parts)} parts: " + counts_text(counts),
        f"{_plural(len(structure.skipped), 'span')} skipped, {_plural(len(structure.warnings), 'warning')}",
        "",
    ]
    column = max((_INDENT[p.kind] + len(p.ref) for p in structure.parts), default=4) + 2
    room = max(width - column, 20)
    for part in structure.parts:
        lines.append(f"{' ' * _INDENT[part.kind]}{part.ref}".ljust(column) + _short(part.text, room))
    if structure.skipped:
        lines += ["", "skipped:"]
        for span in structure.skipped:
            lines.append(f"  {span.span} ({span.where}): {span.parts} parts, opening {_short(span.first, 50)!r}")
    if structure.warnings:
        lines += ["", "warnings:"]
        lines += [f"  {warning}" for warning in structure.warnings]
    return "\n".join(line for i, line in enumerate(lines) if line or i > 1)
