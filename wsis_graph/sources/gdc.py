"""The Global Digital Compact source: objectives, principles, sections and paragraphs.

Reads the tables of ``data/sources/gdc/``:

* ``gdc_objectives.csv``: the five objectives (paragraph 7), as ``wsis:GDCObjective`` top concepts
  of the GDC scheme;
* ``gdc_principles.csv``: the principles that the sources describe (paragraph 8), as
  ``wsis:GDCPrinciple`` concepts; every row is marked draft-only in the source;
* ``gdc_sections.csv``: the parts, objective blocks and sub-sections, as ``wsis:GDCSection``
  collections whose members are their sub-sections and paragraphs;
* ``gdc_commitments.csv``: one ``wsis:GDCParagraph`` per row (also a ``wsis:GDCCommitment`` when
  the row records a commitment), with its objective, section, target year and confidence. The
  reference columns are kept verbatim; where the curated id columns map a reference to a thing
  of the graph (an SDG, a WSIS document or process, an entity), the paragraph is linked to it
  with a qualified ``wsis:Alignment`` (method: the official text);
* ``documents.csv``: the documents that a GDC paragraph names and that no earlier source declares.

A paragraph number is recorded (``wsis:paragraph``) only where the table gives a number; the
rows whose adopted paragraph was not established keep their paragraph cell verbatim
(``wsis:paragraphAsWorded``) and their ``unknown-paragraph`` or ``draft-only`` mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_alignment,
    add_concept,
    add_confidence,
    add_label,
    add_provenance,
    add_sources,
    add_text,
    add_top_concept,
    concept_scheme,
    declare_document,
    rows_by_id,
    split_urls,
)
from wsis_graph.tables import Row

OBJECTIVE_ID = re.compile(r"GDC-O[1-9]")
PRINCIPLE_ID = re.compile(r"GDC-P[A-Za-z0-9]*(?:\([a-z]\))?(?:-[A-Za-z0-9]+)*")
SECTION_ID = re.compile(r"SEC-[A-Z0-9]+(?:-[A-Z0-9]+)*")
#: ``GDC-21``, ``GDC-21(c)``, or a named row such as ``GDC-AI-mechanisms``.
GDC_REF = re.compile(r"GDC-(?:[1-9][0-9]{0,2}(?:\([a-z]\))?|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)")
#: A GDC ref that names a numbered paragraph.
NUMBERED_REF = re.compile(r"GDC-[1-9][0-9]{0,2}(?:\([a-z]\))?")
PARAGRAPH_NUMBER = re.compile(r"[1-9][0-9]{0,2}")
LETTER = re.compile(r"[a-z]")
#: SDG goals (``9``) and targets (``9.1``, ``9.c``).
SDG_ID = re.compile(r"(?:1[0-7]|[1-9])(?:\.(?:[1-9][0-9]?|[a-z]))?")
#: Action Lines (``C7.e-health``), entity acronyms, process and document ids.
REF_ID = re.compile(r"C(?:1[01]|[1-9])(?:\.e-[a-z]+)?|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
TARGET_YEAR = re.compile(r"(\d{4})(?![\d-])")

#: The objective cell of follow-up paragraphs, which stand under no objective.
NO_OBJECTIVE = "follow-up"

#: Record types of gdc_commitments.csv, and whether each records a commitment.
RECORD_TYPES: dict[str, bool] = {
    "preamble": False,
    "recognition": False,
    "commitment": True,
    "commitment (draft text)": True,
    "call to companies": False,
    "request": False,
    "request / institutional": False,
    "follow-up": False,
    "follow-up / institutional": False,
}

SECTION_LEVELS = ("part", "objective", "sub-section")

#: Confidence marks under which a row may lack an adopted paragraph number.
NUMBERLESS_MARKS = (WSIS.UnknownParagraph, WSIS.DraftOnly)

SCHEME_NAME = "gdc"
#: The scheme's English label and definition.
SCHEME_LABEL = "Global Digital Compact"
SCHEME_DEFINITION = (
    "The objectives, principles and paragraphs of the Global Digital Compact (annex I of "
    "A/RES/79/1, 22 September 2024), as far as the sources establish them."
)

OBJECTIVE_COLUMNS = (
    "objective_id",
    "number",
    "official_title",
    "paragraph",
    "paragraph_status",
    "description_own_words",
    "source_urls",
    "confidence",
    "notes",
)
PRINCIPLE_COLUMNS = (
    "principle_id",
    "paragraph",
    "letter",
    "letter_status",
    "short_name",
    "short_name_status",
    "description_own_words",
    "source_urls",
    "confidence",
    "notes",
)
SECTION_COLUMNS = (
    "section_id",
    "level",
    "parent_id",
    "objective_id",
    "heading",
    "heading_status",
    "para_start",
    "para_end",
    "range_status",
    "paragraphs_seen",
    "source_urls",
    "confidence",
    "notes",
)
PARAGRAPH_COLUMNS = (
    "gdc_ref",
    "id",
    "paragraph",
    "letter",
    "record_type",
    "objective_id",
    "objective_basis",
    "section",
    "section_id",
    "summary_own_words",
    "target_year",
    "sdg_refs_in_text",
    "sdg_ref_ids",
    "wsis_refs",
    "wsis_ref_ids",
    "igf_refs",
    "igf_ref_ids",
    "human_rights_ref",
    "un_entities_named",
    "un_entity_ids",
    "confidence",
    "numbering_basis",
    "source_urls",
    "notes",
)
DOCUMENT_COLUMNS = ("document_id", "title_as_named", "named_in", "source_urls", "confidence", "note")


@dataclass(frozen=True)
class Reference:
    """A reference column of gdc_commitments.csv and the curated id column that maps it.

    Attributes:
        text_column: the verbatim column.
        ids_column: the column of ids the cell names unambiguously ('' when none is mapped).
        predicate: the property that keeps the cell verbatim.
        pattern: the pattern of one id.
        kinds: the registry kinds an id may resolve to.
    """

    text_column: str
    ids_column: str
    predicate: URIRef
    pattern: re.Pattern[str]
    kinds: tuple[str, ...]


REFERENCES: tuple[Reference, ...] = (
    Reference("sdg_refs_in_text", "sdg_ref_ids", WSIS.sdgReferenceAsWorded, SDG_ID, ("sdg-goal", "sdg-target")),
    Reference(
        "wsis_refs", "wsis_ref_ids", WSIS.wsisReferenceAsWorded, REF_ID, ("action-line", "document", "process", "entity")
    ),
    Reference("igf_refs", "igf_ref_ids", WSIS.igfReferenceAsWorded, REF_ID, ("process",)),
    # Human-rights instruments are declared by a later source, so this column is kept verbatim only.
    Reference("human_rights_ref", "", WSIS.humanRightsReferenceAsWorded, REF_ID, ()),
    Reference("un_entities_named", "un_entity_ids", WSIS.entitiesNamedAsWorded, REF_ID, ("entity", "process")),
)


@dataclass(frozen=True)
class Section:
    """A declared section: its IRI, its objective (if any) and its parent (if any)."""

    iri: URIRef
    objective: str | None
    parent: str | None
    start: int | None
    end: int | None


def build(ctx: SourceContext) -> Graph:
    """Build the GDC graph from ``data/sources/gdc`` (see :mod:`wsis_graph.sources` for the contract)."""
    graph = ctx.new_graph()
    scheme = concept_scheme(graph, ctx.mint.scheme(SCHEME_NAME), SCHEME_LABEL, SCHEME_DEFINITION)
    add_documents(graph, ctx, "documents.csv")
    add_objectives(graph, ctx, scheme)
    add_principles(graph, ctx, scheme)
    sections = add_sections(graph, ctx)
    add_paragraphs(graph, ctx, scheme, sections)
    return graph


# -- Documents ---------------------------------------------------------------------------------------


def add_documents(graph: Graph, ctx: SourceContext, name: str) -> None:
    """Declare the documents of ``<folder>/<name>`` that no earlier source declares.

    Each is a ``wsis:Document`` with its title as the row names it, the pages where it was named,
    and the row's confidence; nothing else is said of it.
    """
    for row in ctx.table(name, DOCUMENT_COLUMNS):
        _, iri = declare_document(graph, ctx, row, "title_as_named")
        add_provenance(graph, iri, row, notes="note")


# -- Objectives --------------------------------------------------------------------------------------


def add_objectives(graph: Graph, ctx: SourceContext, scheme: URIRef) -> None:
    """One ``wsis:GDCObjective`` top concept per row, registered by id."""
    table = ctx.table("gdc_objectives.csv", OBJECTIVE_COLUMNS)
    for code, row in rows_by_id(table, "objective_id", OBJECTIVE_ID, "GDC objective id", "objective"):
        number = row.code("number", PARAGRAPH_NUMBER, "objective number")
        if code != f"GDC-O{number}":
            raise row.error("number", f"number {number!r} does not match the objective id {code!r}")
        iri = ctx.declare("gdc-objective", code, row)
        add_concept(graph, iri, WSIS.GDCObjective, code, row.require("official_title"), scheme)
        add_top_concept(graph, iri, scheme)
        graph.add((iri, WSIS.paragraph, Literal(row.code("paragraph", PARAGRAPH_NUMBER, "paragraph number"))))
        add_text(graph, iri, WSIS.paragraphStatus, row.get("paragraph_status"), lang=None)
        add_text(graph, iri, SKOS.definition, row.require("description_own_words"))
        add_provenance(graph, iri, row)


# -- Principles --------------------------------------------------------------------------------------


def add_principles(graph: Graph, ctx: SourceContext, scheme: URIRef) -> None:
    """One ``wsis:GDCPrinciple`` per row, registered by id, with its paragraph where the row gives a number."""
    table = ctx.table("gdc_principles.csv", PRINCIPLE_COLUMNS)
    for code, row in rows_by_id(table, "principle_id", PRINCIPLE_ID, "GDC principle id", "principle"):
        iri = ctx.declare("gdc-principle", code, row)
        add_concept(graph, iri, WSIS.GDCPrinciple, code, row.require("short_name"), scheme)
        add_text(graph, iri, WSIS.labelStatus, row.get("short_name_status"), lang=None)
        mark = add_confidence(graph, iri, row, "confidence")
        paragraph = add_paragraph_number(graph, iri, row, "paragraph", "letter", mark)
        if paragraph and "(" in paragraph and code != f"GDC-P{paragraph}":
            raise row.error("principle_id", f"id {code!r} does not match paragraph {paragraph!r}")
        add_text(graph, iri, WSIS.paragraphStatus, row.get("letter_status"), lang=None)
        add_text(graph, iri, SKOS.definition, row.require("description_own_words"))
        add_sources(graph, iri, split_urls(row.require("source_urls")))
        add_text(graph, iri, SKOS.note, row.get("notes"))


def add_paragraph_number(
    graph: Graph, iri: URIRef, row: Row, number_column: str, letter_column: str, mark: URIRef | None
) -> str | None:
    """``wsis:paragraph`` ("21" or "21(c)") when the row gives a number, else the cell verbatim.

    A cell that starts with a digit must be a plain number. A row without a number must be marked
    ``unknown-paragraph`` or ``draft-only`` (a stronger mark would claim a paragraph nobody saw), and
    a row marked ``unknown-paragraph`` must not give one.

    Returns:
        The paragraph as recorded, or None when the row gives no number.
    """
    cell = row.require(number_column)
    letter = row.code(letter_column, LETTER, "paragraph letter", required=False)
    if cell[0].isdigit():
        number = row.code(number_column, PARAGRAPH_NUMBER, "paragraph number")
        if mark == WSIS.UnknownParagraph:
            raise row.error(number_column, f"the row is marked unknown-paragraph but gives paragraph {cell!r}")
        paragraph = f"{number}({letter})" if letter else number
        graph.add((iri, WSIS.paragraph, Literal(paragraph)))
        return paragraph
    if letter:
        raise row.error(letter_column, f"letter {letter!r} given for a paragraph that is not a number ({cell!r})")
    if mark not in NUMBERLESS_MARKS:
        raise row.error(
            number_column,
            f"paragraph {cell!r} is not a number, so the row must be marked unknown-paragraph or draft-only",
        )
    graph.add((iri, WSIS.paragraphAsWorded, Literal(cell)))
    return None


# -- Sections ----------------------------------------------------------------------------------------


def add_sections(graph: Graph, ctx: SourceContext) -> dict[str, Section]:
    """One ``wsis:GDCSection`` collection per row; each parent has its sub-sections as members.

    Returns:
        The declared sections by id.
    """
    table = ctx.table("gdc_sections.csv", SECTION_COLUMNS)
    sections: dict[str, Section] = {}
    for code, row in rows_by_id(table, "section_id", SECTION_ID, "GDC section id", "section"):
        iri = ctx.declare("gdc-section", code, row)
        sections[code] = add_section(graph, ctx, iri, code, row)
    for row in table:
        code = row.get("section_id")
        parent = sections[code].parent
        if parent:
            if parent == code:
                raise row.error("parent_id", f"section {code!r} cannot be its own parent")
            parent_iri = ctx.registry.resolve(parent, row, "parent_id", kinds=["gdc-section"])
            graph.add((parent_iri, SKOS.member, sections[code].iri))
    return sections


def add_section(graph: Graph, ctx: SourceContext, iri: URIRef, code: str, row: Row) -> Section:
    """The collection, its heading, level, objective, paragraph range and confidence."""
    graph.add((iri, RDF.type, WSIS.GDCSection))
    graph.add((iri, SKOS.notation, Literal(code)))
    add_label(graph, iri, row.require("heading"))
    add_text(graph, iri, WSIS.labelStatus, row.get("heading_status"), lang=None)
    graph.add((iri, WSIS.sectionLevel, Literal(row.one_of("level", SECTION_LEVELS))))
    objective = row.code("objective_id", OBJECTIVE_ID, "GDC objective id", required=False) or None
    if objective:
        graph.add((iri, WSIS.objective, ctx.registry.resolve(objective, row, "objective_id", kinds=["gdc-objective"])))
    start, end = paragraph_range(row)
    if start is not None:
        graph.add((iri, WSIS.paragraphStart, Literal(start, datatype=XSD.integer)))
        graph.add((iri, WSIS.paragraphEnd, Literal(end, datatype=XSD.integer)))
    add_text(graph, iri, WSIS.paragraphStatus, row.get("range_status"), lang=None)
    add_text(graph, iri, WSIS.paragraphsSeen, row.get("paragraphs_seen"), lang=None)
    add_provenance(graph, iri, row, sources_required=False)
    parent = row.code("parent_id", SECTION_ID, "GDC section id", required=False) or None
    return Section(iri=iri, objective=objective, parent=parent, start=start, end=end)


def paragraph_range(row: Row) -> tuple[int | None, int | None]:
    """The first and last paragraph of a section; both given or neither, and in order."""
    start = row.code("para_start", PARAGRAPH_NUMBER, "paragraph number", required=False)
    end = row.code("para_end", PARAGRAPH_NUMBER, "paragraph number", required=False)
    if bool(start) != bool(end):
        raise row.error("para_end" if start else "para_start", "give both ends of the paragraph range, or neither")
    if not start:
        return None, None
    if int(start) > int(end):
        raise row.error("para_end", f"the range ends ({end}) before it starts ({start})")
    return int(start), int(end)


def section_objective(sections: dict[str, Section], code: str) -> str | None:
    """The objective of a section, or of its nearest ancestor that has one."""
    seen: set[str] = set()
    while code and code not in seen:
        seen.add(code)
        section = sections[code]
        if section.objective:
            return section.objective
        code = section.parent or ""
    return None


# -- Paragraphs --------------------------------------------------------------------------------------


def add_paragraphs(graph: Graph, ctx: SourceContext, scheme: URIRef, sections: dict[str, Section]) -> None:
    """One ``wsis:GDCParagraph`` per row of gdc_commitments.csv."""
    table = ctx.table("gdc_commitments.csv", PARAGRAPH_COLUMNS)
    for ref, row in rows_by_id(table, "gdc_ref", GDC_REF, "GDC ref", "GDC ref"):
        iri = ctx.declare("gdc-paragraph", ref, row)
        add_paragraph(graph, ctx, iri, ref, row, scheme, sections)


def add_paragraph(
    graph: Graph,
    ctx: SourceContext,
    iri: URIRef,
    ref: str,
    row: Row,
    scheme: URIRef,
    sections: dict[str, Section],
) -> None:
    """The paragraph concept: type, numbering, objective, section, text, year, links, confidence."""
    record_type = row.one_of("record_type", tuple(RECORD_TYPES))
    graph.add((iri, RDF.type, WSIS.GDCParagraph))
    if RECORD_TYPES[record_type]:
        graph.add((iri, RDF.type, WSIS.GDCCommitment))
    graph.add((iri, SKOS.inScheme, scheme))
    graph.add((iri, SKOS.notation, Literal(ref)))
    graph.add((iri, DCTERMS.identifier, Literal(row.require("id"))))
    graph.add((iri, WSIS.recordType, Literal(record_type)))
    mark = add_confidence(graph, iri, row, "confidence")
    paragraph = add_paragraph_number(graph, iri, row, "paragraph", "letter", mark)
    check_ref(row, ref, paragraph)
    add_label(graph, iri, paragraph_label(row, paragraph))
    add_text(graph, iri, WSIS.paragraphStatus, row.get("numbering_basis"), lang=None)
    add_text(graph, iri, DCTERMS.description, row.require("summary_own_words"))
    objective = add_paragraph_objective(graph, ctx, iri, row, RECORD_TYPES[record_type])
    add_paragraph_section(graph, ctx, iri, row, sections, objective, paragraph)
    add_target_year(graph, iri, row)
    add_sources(graph, iri, split_urls(row.require("source_urls")))
    add_text(graph, iri, SKOS.note, row.get("notes"))
    add_references(graph, ctx, iri, ref, row, paragraph)


def check_ref(row: Row, ref: str, paragraph: str | None) -> None:
    """A numbered row's ref must spell its paragraph (``GDC-21(c)``); a numberless one must not."""
    if paragraph is not None and ref != f"GDC-{paragraph}":
        raise row.error("gdc_ref", f"ref {ref!r} does not match paragraph {paragraph!r} (expected 'GDC-{paragraph}')")
    if paragraph is None and NUMBERED_REF.fullmatch(ref):
        raise row.error("gdc_ref", f"ref {ref!r} names a paragraph number that the paragraph column does not give")


def paragraph_label(row: Row, paragraph: str | None) -> str:
    """'GDC paragraph 21(c)', or the row id with a warning when the adopted number is unknown."""
    if paragraph:
        return f"GDC paragraph {paragraph}"
    return f"GDC {row.require('id')} (adopted paragraph not established)"


def add_paragraph_objective(graph: Graph, ctx: SourceContext, iri: URIRef, row: Row, commitment: bool) -> str | None:
    """``wsis:objective`` (and ``skos:broader``) unless the row stands under no objective.

    Returns:
        The objective id, or None.
    """
    value = row.get("objective_id")
    if value in ("", NO_OBJECTIVE):
        if commitment:
            raise row.error("objective_id", "a commitment must stand under an objective")
        return None
    code = row.code("objective_id", OBJECTIVE_ID, "GDC objective id")
    objective = ctx.registry.resolve(code, row, "objective_id", kinds=["gdc-objective"])
    graph.add((iri, WSIS.objective, objective))
    graph.add((iri, SKOS.broader, objective))
    add_text(graph, iri, WSIS.objectiveBasis, row.get("objective_basis"), lang=None)
    return code


def add_paragraph_section(
    graph: Graph,
    ctx: SourceContext,
    iri: URIRef,
    row: Row,
    sections: dict[str, Section],
    objective: str | None,
    paragraph: str | None,
) -> None:
    """``wsis:section`` and membership; the section must agree with the objective and range."""
    add_text(graph, iri, WSIS.sectionAsWorded, row.get("section"), lang=None)
    code = row.code("section_id", SECTION_ID, "GDC section id")
    section_iri = ctx.registry.resolve(code, row, "section_id", kinds=["gdc-section"])
    section = sections[code]
    under = section_objective(sections, code)
    if under != objective:
        raise row.error(
            "section_id",
            f"section {code!r} stands under {under or 'no objective'}, but the row's objective is "
            f"{objective or 'none'}",
        )
    if paragraph and section.start is not None:
        number = int(re.match(r"\d+", paragraph).group())
        if not section.start <= number <= section.end:
            raise row.error(
                "section_id", f"paragraph {paragraph} lies outside section {code!r} ({section.start}-{section.end})"
            )
    graph.add((iri, WSIS.section, section_iri))
    graph.add((section_iri, SKOS.member, iri))


def add_target_year(graph: Graph, iri: URIRef, row: Row) -> None:
    """``wsis:targetYear`` when the cell starts with a year; the cell verbatim in any case."""
    cell = row.get("target_year")
    if not cell:
        return
    graph.add((iri, WSIS.targetYearAsWorded, Literal(cell)))
    match = TARGET_YEAR.match(cell)
    if match:
        graph.add((iri, WSIS.targetYear, Literal(match.group(1), datatype=XSD.gYear)))


def add_references(graph: Graph, ctx: SourceContext, iri: URIRef, ref: str, row: Row, paragraph: str | None) -> None:
    """Keep every reference cell verbatim; link each mapped id once, whichever cells name it."""
    named: dict[str, list[str]] = {}
    targets: dict[str, URIRef] = {}
    for reference in REFERENCES:
        cell = row.get(reference.text_column)
        add_text(graph, iri, reference.predicate, cell, lang=None)
        if not reference.ids_column:
            continue
        ids = row.codes(reference.ids_column, reference.pattern, "reference id")
        if ids and not cell:
            raise row.error(reference.ids_column, f"ids {';'.join(ids)!r} given but {reference.text_column!r} is empty")
        for target_id in ids:
            targets[target_id] = ctx.registry.resolve(target_id, row, reference.ids_column, kinds=reference.kinds)
            named.setdefault(target_id, []).append(f"{reference.text_column}: {cell}")
    for target_id, target in targets.items():
        add_alignment(
            graph,
            ctx.mint.iri("alignment", SCHEME_NAME, ref, target_id),
            subject=iri,
            relation=WSIS.linkedTo,
            obj=target,
            row=row,
            confidence_column="confidence",
            method=WSIS.OfficialText,
            sources=split_urls(row.require("source_urls")),
            locator=f"GDC para {paragraph}" if paragraph else f"GDC, {ref} (adopted paragraph not established)",
            basis=" | ".join(named[target_id]),
        )


__all__ = ["build", "add_documents", "GDC_REF", "NUMBERED_REF", "REF_ID"]
