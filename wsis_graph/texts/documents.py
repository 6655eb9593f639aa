"""The documents the tool knows by key, and what of each file is the document.

``gdc`` is annex I of A/RES/79/1: the Pact's own paragraphs and annex II are read, then skipped
and reported. The WSIS outcome documents and the WSIS+20 outcome are read whole, annexes
included (the Tunis Agenda's annex names the facilitators of each Action Line). ``generic`` is any
other resolution or outcome document. In every document but ``gdc`` the parts of an annex are
prefixed with it: ``annex-I/11(b)``, ``annex/h1`` for an annex with no number.
"""

from __future__ import annotations

from dataclasses import dataclass

from wsis_graph.texts.blocks import Note
from wsis_graph.texts.grammar import Draft
from wsis_graph.texts.joining import Calls, Vocabulary, join_lines
from wsis_graph.texts.model import Part, Skipped, TextImportError, TextWarning


@dataclass(frozen=True)
class Known:
    """A document known by key.

    Attributes:
        key: The key given to ``--document``.
        symbol: Its UN symbol.
        title: Its title in English.
        annex: The one annex that is the document ("" when the document is the whole file).
    """

    key: str
    symbol: str
    title: str
    annex: str = ""


DOCUMENTS = {
    known.key: known
    for known in (
        Known("gdc", "A/RES/79/1", "Global Digital Compact", annex="I"),
        Known("geneva-declaration", "WSIS-03/GENEVA/DOC/4-E", "Declaration of Principles: Building the Information Society"),
        Known("geneva-plan", "WSIS-03/GENEVA/DOC/5-E", "Plan of Action"),
        Known("tunis-commitment", "WSIS-05/TUNIS/DOC/7-E", "Tunis Commitment"),
        Known("tunis-agenda", "WSIS-05/TUNIS/DOC/6(Rev.1)-E", "Tunis Agenda for the Information Society"),
        Known("wsis20-outcome", "A/RES/80/173", "Outcome document of the high-level meeting of the General Assembly on the overall review of the implementation of the outcomes of the World Summit on the Information Society"),
        Known("generic", "", ""),
    )
}


def known(key: str) -> Known:
    """The document of a key.

    Raises:
        TextImportError: The key is not known.

    >>> known("gdc").annex
    'I'
    """
    try:
        return DOCUMENTS[key]
    except KeyError:
        raise TextImportError(f"unknown document key {key!r}; the keys are {', '.join(DOCUMENTS)}") from None


def place_notes(drafts: list[Draft], notes: list[Note], vocabulary: Vocabulary,
                warnings: list[TextWarning]) -> list[Draft]:
    """The parts with each footnote after the paragraph (with its items) or heading that first calls it.

    Notes never called come at the end of the text, with a warning. A note that lost its number
    follows the part it was found in, as ``note1``, ``note2`` ….
    """
    by_number = {note.number: note for note in notes if note.number}
    placed: set[str] = set()
    unnumbered = 0
    out: list[Draft] = []
    pending: list[Draft] = []

    def footnote(draft: Draft, ref: str, note: Note, called: bool = True) -> Draft:
        text = join_lines(note.lines, vocabulary, Calls([])).text
        caller = draft.part
        part = Part(ref, "footnote", caller.heading if caller.kind != "heading" else caller.text, text,
                    note.lines[0].where() if note.lines else "")
        if called:
            part.under = caller.under if caller.kind != "heading" else caller
            part.caller = caller
        return Draft(part, draft.scope, draft.group)

    for index, draft in enumerate(drafts):
        out.append(draft)
        for number in draft.part.notes:
            if number in by_number and number not in placed:
                placed.add(number)
                pending.append(footnote(draft, f"fn{number}", by_number[number]))
        for note in draft.notes:
            unnumbered += 1
            pending.append(footnote(draft, f"note{unnumbered}", note))
        last_of_group = index + 1 == len(drafts) or drafts[index + 1].group != draft.group
        if last_of_group:
            out.extend(pending)
            pending = []
    for note in notes:
        if note.number and note.number not in placed:
            where = note.lines[0].where() if note.lines else ""
            warnings.append(TextWarning(where, f"footnote {note.number} is never called in the text"))
            scope = drafts[-1].scope if drafts else None
            holder = Draft(Part("", "heading", "", ""), scope, -1)
            out.append(footnote(holder, f"fn{note.number}", note, called=False))
    return out


def select(drafts: list[Draft], document: Known) -> tuple[list[Part], list[Skipped]]:
    """The parts that are the document, references prefixed with their annex, and the spans skipped.

    Raises:
        TextImportError: ``gdc`` and the file has no annex I.
    """
    if document.annex:
        wanted = document.annex
        if not any(d.scope == wanted for d in drafts):
            annexes = sorted({d.scope for d in drafts if d.scope is not None})
            found = f"annexes found: {', '.join(a or '(unnumbered)' for a in annexes)}" if annexes else "no annex found"
            raise TextImportError(f"no annex {wanted} in the text ({found}); the {document.title} is annex {wanted} of {document.symbol}")
        kept = [d.part for d in drafts if d.scope == wanted and d.part.ref != f"annex-{wanted}"]
        annex_title = next((d.part.text for d in drafts if d.part.ref == f"annex-{wanted}" and d.scope == wanted), "")
        for part in kept:
            if part.heading == annex_title:
                part.heading = ""
        skipped = []
        for scope in dict.fromkeys(d.scope for d in drafts):
            if scope == wanted:
                continue
            span = [d for d in drafts if d.scope == scope]
            name = f"annex {scope}" if scope is not None else f"the text before annex {wanted}"
            where = f"{span[0].part.where} to {span[-1].part.where}" if span[0].part.where else ""
            first = next((d.part.text for d in span if d.part.text), "")
            skipped.append(Skipped(name, where, len(span), first[:80]))
        return kept, skipped
    parts = []
    for draft in drafts:
        part = draft.part
        if draft.scope is not None and not part.ref.startswith("annex"):
            part.ref = f"annex{'-' + draft.scope if draft.scope else ''}/{part.ref}"
        parts.append(part)
    return parts, []


def title_of(parts: list[Part], document: Known) -> str:
    """The document's title: the known one, else the resolution's title or the first heading.

    >>> title_of([Part("h1", "heading", "", "99/1. A charter for quiet libraries")], known("generic"))
    'A charter for quiet libraries'
    """
    if document.title:
        return document.title
    import re

    headings = [p.text for p in parts if p.kind == "heading" and not p.ref.startswith("annex")]
    for text in headings:
        match = re.match(r"^\d{1,3}/\d{1,4}\.\s+(.+)$", text)
        if match:
            return match.group(1)
    return headings[0] if headings else ""
