"""Documents in the UN layout, with sentences of our own, written as text, HTML, PDF and Word.

The official files cannot be fetched here, so the tests make their own: a resolution about quiet
reading rooms (masthead, title, preamble, sections, numbered paragraphs, lettered items, roman
sub-items, a footnote, an annex), and a compact-shaped one (a pact, annex I, annex II). Each is a
list of :class:`Piece`; :func:`expected` says what the grammar must find in it, and the writers
lay it out as each format does: the text edition and the PDF with running headers and footers,
page numbers "n/N", a job number and page breaks in the middle of paragraphs, the PDF with
automatic hyphenation, the Word document with a real footnote part.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape
from pathlib import Path

SYMBOL = "A/RES/99/1"
JOB = "99-12345"
NOTE = "A note written for these tests: the catalogue of every room counts each book twice."
CALL = "{fn}"


@dataclass(frozen=True)
class Piece:
    """One piece of a document: ``kind`` is masthead, title, preamble, heading, paragraph, item,
    subitem or annex; ``label`` the number or letter; ``text`` may hold one footnote call ``{fn}``."""

    kind: str
    label: str
    text: str


def quiet_libraries(extra: int = 0) -> list[Piece]:
    """The reading-room resolution; ``extra`` more numbered paragraphs make it longer."""
    p = Piece
    pieces = [
        p("masthead", "", "United Nations"),
        p("masthead", "", SYMBOL),
        p("masthead", "", "General Assembly"),
        p("masthead", "", "Distr.: General"),
        p("masthead", "", "2 March 2031"),
        p("title", "", "99/1. Quiet reading rooms for every town"),
        p("preamble", "", "The General Assembly,"),
        p("preamble", "", "Recalling its earlier wish that every town keep one reading room open after dark, "
                          "with chairs enough for the readers who come late,"),
        p("preamble", "", "Noting with interest the lanterns that volunteers carry from the harbour to the hill "
                          "each evening, and the well-kept paths they follow,"),
        p("preamble", "", "Convinced that a patient catalogue helps every reader find a forgotten book,"),
        p("heading", "A", "Rooms and hours"),
        p("paragraph", "1", "Decides that each town should keep at least one room where people can read in "
                            "silence, heat it in winter and light it until midnight;"),
        p("paragraph", "2", "Encourages librarians to publish the hours of every room, and observes that the "
                            "internationalization of catalogues requires patience" + CALL + " and extraordinarily "
                            "careful bookkeeping, which means in particular:"),
        p("item", "a", "Lending lanterns to readers who walk home late along the harbour;"),
        p("item", "b", "Keeping a register of volunteers, recording:"),
        p("subitem", "i", "Their names and the evenings on which they can serve;"),
        p("subitem", "ii", "The rooms they know best and the shelves they have mended;"),
        p("item", "c", "Repairing the chairs every spring, before the long evenings return;"),
        p("heading", "B", "Reports and accounts"),
        p("paragraph", "3", "Requests each town to report every second year on its rooms, its lanterns and its "
                            "volunteers, in a short and well-kept account that neighbouring towns can read, "
                            "compare and question, so that good habits travel along the coast from one "
                            "harbour to the next, and invites the keepers of the oldest rooms to describe how "
                            "they have kept their collections dry through the wettest winters, how they "
                            "persuaded their councils to pay for new roofs, and how they have taught younger "
                            "neighbours to look after the catalogues, the ledgers and the lamps; " + _LONG),
    ]
    for number in range(4, 8 + extra):
        pieces.append(p("paragraph", str(number), _filler(number)))
        if number % 3 == 0:
            pieces.append(p("item", "a", f"Counting the readers of room {number} on a quiet evening;"))
            pieces.append(p("item", "b", f"Counting the lanterns lent from room {number} in the same season;"))
    pieces += [
        p("annex", "I", "Annex I"),
        p("heading", "", "Guidelines for reading rooms"),
        p("paragraph", "1", "A reading room should be quiet, warm and open to everyone who arrives with a book "
                            "or without one."),
        p("paragraph", "2", "The keepers of a room should:"),
        p("item", "a", "Sweep the floor each morning;"),
        p("item", "b", "Write down every lantern that leaves the room."),
    ]
    return pieces


# Long enough that paragraph 3 cannot fit on one A5 page of the PDF, nor on one page of the text.
_LONG = " ".join(
    f"the accounts should say, for the {ordinal} season, how many evenings the rooms stayed open, how many "
    "lanterns came back unbroken, which shelves were rebuilt and which readers asked for books the rooms "
    "did not yet have, and whether the volunteers found the work too heavy;"
    for ordinal in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
)


def _filler(number: int) -> str:
    return (f"Asks the keepers of room {number} to share their lists of borrowed books with their neighbours, "
            "to mend the torn pages before the readers notice them, and to keep a small stock of candles for "
            "the evenings when the harbour lights fail, so that nobody has to stop reading in the middle of a "
            "chapter;")


def compact_shaped() -> list[Piece]:
    """A pact with two annexes: annex I is a compact on lighthouses, annex II a declaration."""
    p = Piece
    return [
        p("masthead", "", "United Nations"),
        p("masthead", "", "A/RES/98/7"),
        p("title", "", "98/7. The Pact for Lighthouses"),
        p("preamble", "", "The General Assembly,"),
        p("preamble", "", "Adopts the following Pact for Lighthouses and its annexes:"),
        p("heading", "", "Pact for Lighthouses"),
        p("paragraph", "1", "We, the keepers of the coast, agree to keep every light burning."),
        p("paragraph", "2", "We will meet again when the lights have been counted."),
        p("annex", "I", "Annex I"),
        p("heading", "", "Lighthouse Compact"),
        p("paragraph", "1", "Lighthouses guide ships, and their keepers guide each other."),
        p("heading", "", "Objective 1. Keep every light burning"),
        p("paragraph", "2", "We commit by 2040 to:"),
        p("item", "a", "Replace every cracked lens;"),
        p("item", "b", "Train two new keepers for each light."),
        p("heading", "", "Objective 2. Share the logbooks"),
        p("paragraph", "3", "We will publish the logbooks of every light each winter."),
        p("annex", "II", "Annex II"),
        p("heading", "", "Declaration on Future Keepers"),
        p("paragraph", "1", "The keepers of tomorrow will inherit the lights we keep today."),
    ]


# -- What the grammar must find -----------------------------------------------------------------


def expected(pieces: list[Piece], *, only_annex: str = "") -> list[dict]:
    """The parts the grammar must find: as ``generic`` reads them, or, with ``only_annex``, as
    ``gdc`` reads its annex (no prefix, the annex's own heading left out)."""
    found: list[tuple[str, dict]] = []  # (annex, part)
    scope = ""
    counts = {"pp": 0, "h": 0}
    stack: list[tuple[int, str]] = []  # open headings: (rank, text)
    para = item = ""
    group: list[dict] = []
    notes: list[dict] = []

    def flush():
        found.extend((scope, part) for part in group + notes)
        group.clear()
        notes.clear()

    def ref(own: str) -> str:
        return f"annex-{scope}/{own}" if scope else own

    for piece in pieces:
        text = piece.text.replace(CALL, "")
        if piece.kind == "masthead":
            continue
        if piece.kind in ("title", "heading", "annex", "preamble", "paragraph"):
            flush()
        if piece.kind == "annex":
            scope, counts = piece.label, {"pp": 0, "h": 0}
            stack = [(1, text)]
            found.append((scope, {"ref": f"annex-{scope}", "kind": "heading", "heading": "", "text": text}))
            continue
        heading = stack[-1][1] if stack else ""
        if piece.kind in ("title", "heading"):
            full = f"{piece.label}. {text}" if piece.label else text
            rank = 0 if piece.kind == "title" else 3 if piece.label else 4 if full.startswith("Objective") else 5
            while stack and stack[-1][0] >= rank and stack[-1][0] != 1:
                stack.pop()
            counts["h"] += 1
            group.append({"ref": ref(f"h{counts['h']}"), "kind": "heading", "heading": stack[-1][1] if stack else "", "text": full})
            stack.append((rank, full))
            continue
        if piece.kind == "preamble":
            counts["pp"] += 1
            group.append({"ref": ref(f"pp{counts['pp']}"), "kind": "preamble", "heading": heading, "text": text})
        elif piece.kind == "paragraph":
            para = ref(piece.label)
            group.append({"ref": para, "kind": "paragraph", "heading": heading, "text": text})
        elif piece.kind == "item":
            item = f"{para}({piece.label})"
            group.append({"ref": item, "kind": "item", "heading": heading, "text": text})
        elif piece.kind == "subitem":
            group.append({"ref": f"{item}({piece.label})", "kind": "subitem", "heading": heading, "text": text})
        if CALL in piece.text:
            notes.append({"ref": ref("fn1"), "kind": "footnote", "heading": heading, "text": NOTE})
    flush()
    if not only_annex:
        return [part for _, part in found]
    title = f"Annex {only_annex}"
    kept = []
    for annex, part in found:
        if annex != only_annex or part["ref"] == f"annex-{only_annex}":
            continue
        part = dict(part, ref=part["ref"].split("/", 1)[1])
        if part["heading"] == title:
            part["heading"] = ""
        kept.append(part)
    return kept


# -- Writers ------------------------------------------------------------------------------------


def _label(piece: Piece) -> str:
    if piece.kind == "paragraph":
        return f"{piece.label}."
    if piece.kind in ("item", "subitem"):
        return f"({piece.label})"
    if piece.kind == "heading" and piece.label:
        return f"{piece.label}."
    return ""


def _line_text(piece: Piece, call: str) -> str:
    label = _label(piece)
    text = piece.text.replace(CALL, call)
    return f"{label} {text}" if label else text


def html_of(pieces: list[Piece], *, lang: str = "en") -> str:
    """The document as an HTML page, laid out for print as the UN lays out its resolutions.

    The footnote is written inline (``<span class="fn">``), which WeasyPrint floats to the foot
    of its page, with its call as a superscript.
    """
    body = []
    for piece in pieces:
        text = escape(piece.text).replace(escape(CALL), f'<span class="fn">{escape(NOTE)}</span>')
        label = _label(piece)
        if piece.kind == "masthead":
            body.append(f'<p class="masthead">{text}</p>')
        elif piece.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif piece.kind == "annex":
            body.append(f'<h2 class="annex">{text}</h2>')
        elif piece.kind == "heading":
            body.append(f"<h3>{escape(label + ' ') if label else ''}{text}</h3>")
        elif piece.kind == "preamble":
            body.append(f'<p class="pp">{text}</p>')
        else:
            body.append(f'<p class="{piece.kind}">{escape(label)}\u2003{text}</p>')
    style = f"""
@page {{ size: A5; margin: 22mm 18mm 24mm 18mm;
  @top-left {{ content: "{SYMBOL}"; font-size: 8pt }}
  @bottom-left {{ content: "{JOB}"; font-size: 8pt }}
  @bottom-right {{ content: counter(page) "/" counter(pages); font-size: 8pt }}
  @footnote {{ border-top: 0.5pt solid black; padding-top: 2pt }} }}
@page :first {{ @top-left {{ content: none }} }}
body {{ font-family: serif; font-size: 10pt; line-height: 1.2; hyphens: auto; text-align: justify }}
p {{ margin: 0 0 6pt 0 }}
h1, h2, h3 {{ font-size: 10pt; margin: 10pt 0 6pt 0; hyphens: manual }}
.masthead {{ margin: 0; font-size: 9pt }}
.pp {{ text-indent: 2em }}
.paragraph {{ text-indent: 0 }}
.item {{ margin-left: 2em }}
.subitem {{ margin-left: 4em }}
.annex {{ break-before: page }}
.fn {{ float: footnote; font-size: 8pt; text-align: left }}
.fn::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 6pt }}
.fn::footnote-marker {{ content: counter(footnote) " " }}
"""
    return f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><style>{style}</style></head><body>\n' + "\n".join(body) + "\n</body></html>\n"


def write_html(pieces: list[Piece], path: Path) -> Path:
    path.write_text(html_of(pieces), encoding="utf-8")
    return path


def write_pdf(pieces: list[Piece], path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html_of(pieces)).write_pdf(str(path))
    return path


def write_text(pieces: list[Piece], path: Path, *, width: int = 70, lines_per_page: int = 30) -> Path:
    """The document as the UN's text editions lay it out: pages with running heads, a rule above the notes."""
    import pyphen

    hyphenator = pyphen.Pyphen(lang="en")
    body: list[tuple[str, bool]] = []  # (line, holds the call)
    for piece in pieces:
        if piece.kind == "masthead":
            body.append((piece.text, False))
            continue
        if piece.kind == "annex":
            body.append(("\f", False))
        indent = {"item": "    ", "subitem": "        "}.get(piece.kind, "")
        words = _line_text(piece, "\x00").split()
        for line in _wrap(words, width - len(indent), hyphenator):
            body.append((indent + line.replace("\x00", "1"), "\x00" in line))
        body.append(("", False))
    pages: list[list[tuple[str, bool]]] = [[]]
    for line, call in body:
        if line == "\f" or len(pages[-1]) >= lines_per_page:
            pages.append([])
            if line == "\f":
                continue
        pages[-1].append((line, call))
    total = len(pages)
    out = []
    for number, page in enumerate(pages, start=1):
        lines = [SYMBOL, ""] if number > 1 else []
        lines += [line for line, _ in page]
        if any(call for _, call in page):
            lines += ["", "__________________"] + textwrap.wrap(f"1 {NOTE}", width)
        lines += ["", f"{JOB}{' ' * 40}{number}/{total}"]
        out.append("\n".join(lines))
    path.write_text("\n\f".join(out) + "\n", encoding="utf-8")
    return path


def _wrap(words: list[str], width: int, hyphenator) -> list[str]:
    """Lines of at most ``width`` characters, a word hyphenated when a piece of it still fits."""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 2
        split = None
        if "-" not in word and room > 3 and word.isalpha():
            for left, right in hyphenator.iterate(word):
                if len(left) <= room:
                    split = (left, right)
                    break
        if split:
            lines.append(f"{line} {split[0]}-")
            line = split[1]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def write_docx(pieces: list[Piece], path: Path) -> Path:
    """The document as a Word file: a paragraph per piece, a running header, a real footnote."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.shared import Pt

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = SYMBOL
    document.sections[0].footer.paragraphs[0].text = f"{JOB}    1/1"
    for piece in pieces:
        label = _label(piece)
        paragraph = document.add_paragraph()
        if piece.kind in ("item", "subitem"):
            paragraph.paragraph_format.left_indent = Pt(24 if piece.kind == "item" else 48)
        before, _, after = piece.text.partition(CALL)
        paragraph.add_run(f"{label}\t{before}" if label else before)
        if CALL in piece.text:
            run = paragraph.add_run()
            run.font.superscript = True
            run._r.append(parse_xml('<w:footnoteReference xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="1"/>'))
            paragraph.add_run(after)
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<w:footnotes xmlns:w="{namespace}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {escape(NOTE)}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(path))
    return path


WRITERS = {"txt": write_text, "html": write_html, "pdf": write_pdf, "docx": write_docx}


# -- A compact shaped like the Global Digital Compact, for reconciliation ---------------------------

#: Where the GDC-shaped fixture's headings stand: before which paragraph, and what they say.
GDC_HEADINGS = {
    7: ["Objectives"],
    8: ["Principles"],
    9: ["Commitments and actions", "Objective 1. Close all digital divides and accelerate progress across the "
        "Sustainable Development Goals", "Digital connectivity"],
    17: ["Digital public goods and digital public infrastructure"],
    20: ["Objective 2. Expand inclusion in and benefits from the digital economy for all"],
    24: ["Objective 3. Foster an inclusive, open, safe and secure digital space that respects, protects and "
         "promotes human rights", "Internet governance"],
    36: ["Objective 4. Advance responsible, equitable and interoperable data governance approaches"],
    42: ["Data exchanges and standards"],
    50: ["Objective 5. Enhance international governance of artificial intelligence for the benefit of humanity"],
    66: ["Follow-up and review"],
}

#: Our own sentences for the parts a test looks at; every other part gets a filler sentence.
GDC_WORDS = {
    "7": "We will pursue the following objectives:",
    "8": "Our cooperation will follow these principles:",
    "8(a)": "Inclusive. Every country and every group of stakeholders takes part, so that nobody is shut out.",
    "8(b)": "Development-oriented. The work speeds up development for the poorest countries first.",
    "8(c)": "Anchored in international law. Rights apply online as they apply offline.",
    "8(d)": "Gender-responsive. Women and girls take part on equal terms.",
    "8(e)": "Interoperable. Systems work together across borders.",
    "11": "We commit to:",
    "11(b)": "Bring the people who are still offline onto the Internet, with innovative financing, infrastructure "
             "roll-out and affordability for the widest possible share of the population;",
    "11(c)": "Keep a register of the lighthouses that guide the cables ashore;",
    "11(d)": "Paint every harbour wall in bright colours before the winter storms;",
    "12": "We further commit to:",
    "12(a)": "Map all schools and hospitals and connect them to the Internet;",
    "17": "We commit, jointly with other stakeholders, to:",
    "29": "We commit to:",
}


def _gdc_filler(ref: str) -> str:
    return f"The keepers note what part {ref} of this test compact says about lamps, ropes and tides."


def gdc_shaped() -> list[Piece]:
    """A compact shaped like the GDC (annex I of a pact, with its objectives, principles, objective
    headings and lettered commitments numbered as the adopted text numbers them), in our own words."""
    import csv

    from wsis_graph import paths

    with open(paths.sources_dir() / "gdc" / "gdc_objectives.csv", encoding="utf-8") as f:
        titles = [row["official_title"] for row in csv.DictReader(f)]
    items = {7: len(titles), 8: 5, 11: 4, 12: 1, 17: 6, 29: 4, 42: 3}
    p = Piece
    pieces = [
        p("masthead", "", "United Nations"), p("masthead", "", "A/RES/79/1"),
        p("title", "", "79/1. The Pact of the Lighthouses"),
        p("preamble", "", "The General Assembly,"),
        p("preamble", "", "Adopts the following Pact and its annexes:"),
        p("paragraph", "1", "We, the keepers, agree to keep every light burning."),
        p("annex", "I", "Annex I"),
        p("heading", "", "Global Digital Compact"),
    ]
    for number in range(1, 73):
        for heading in GDC_HEADINGS.get(number, []):
            pieces.append(p("heading", "", heading))
        ref = str(number)
        pieces.append(p("paragraph", ref, GDC_WORDS.get(ref, _gdc_filler(ref))))
        for index in range(items.get(number, 0)):
            letter = "abcdefgh"[index]
            item = f"{ref}({letter})"
            words = titles[index] + ";" if number == 7 else GDC_WORDS.get(item, _gdc_filler(item))
            pieces.append(p("item", letter, words))
    pieces += [
        p("annex", "II", "Annex II"),
        p("heading", "", "Declaration on Future Keepers"),
        p("paragraph", "1", "The keepers of tomorrow will inherit the lights we keep today."),
    ]
    return pieces


# -- WSIS outcome documents shaped for reconciliation -----------------------------------------------


def plan_shaped(numbers: dict[str, int]) -> list[Piece]:
    """A plan of action whose Action Line headings (C1 … C11, and the applications of C7 by their
    names) open the paragraphs ``numbers`` gives (``{"C1": 8, "C7.e-health": 18, …}``), in our own words.

    The headings are the Action Lines' names as the Plan of Action gives them (official names are data)."""
    import csv

    from wsis_graph import paths

    with open(paths.sources_dir() / "wsis" / "action_lines.csv", encoding="utf-8") as f:
        names = {row["id"]: row["name_in_geneva_plan_2003"] for row in csv.DictReader(f)}
    starts = {number: code for code, number in numbers.items()}
    p = Piece
    pieces = [p("masthead", "", "WSIS-03/GENEVA/DOC/5-E"), p("title", "", "Plan of Lanterns"),
              p("heading", "C", "Action Lines")]
    for number in range(1, max(starts) + 2):
        code = starts.get(number)
        if code and "." in code:
            pieces.append(p("heading", "", names[code]))
        elif code:
            pieces.append(p("heading", "", f"{code}. {names[code]}"))
        pieces.append(p("paragraph", str(number), f"The towns light lantern number {number} at dusk."))
        if code:
            pieces.append(p("item", "a", f"Each town keeps a spare wick for lantern {number};"))
            pieces.append(p("item", "b", f"Each town writes down when lantern {number} went out."))
    return pieces


def agenda_shaped(rows: list[tuple[str, str]]) -> list[Piece]:
    """An agenda with an annex whose rows name an Action Line and the bodies that may facilitate it,
    as ``(Action Line as the row words it, "ITU/UNESCO")``; the paragraphs are our own words."""
    p = Piece
    pieces = [p("masthead", "", "WSIS-05/TUNIS/DOC/6(Rev.1)-E"), p("title", "", "Agenda of Lanterns"),
              p("paragraph", "1", "The towns agree to keep their lanterns lit."),
              p("paragraph", "2", "The towns list in the annex who may look after each lantern."),
              p("annex", "", "Annex"), p("heading", "", "Action Line Possible Moderators/Facilitators")]
    pieces += [p("preamble", "", f"{line} {bodies}") for line, bodies in rows]
    return pieces
