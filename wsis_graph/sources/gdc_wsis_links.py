"""The GDC ↔ WSIS links source: links between the Global Digital Compact and WSIS, as published.

Reads ``data/sources/gdc-wsis-links/``:

* ``documents.csv``: the documents that the links name and no earlier source declares (the ITU
  WSIS-GDC implementation report, the WSIS-SDG-GDC Matrix, A/RES/80/173 …);
* ``gdc_wsis_links.csv``: one row per published link. The verbatim ``gdc_ref`` and ``target``
  cells are mapped, in the curated columns ``subject_ids`` and ``target_ids``, to things the
  registry knows (GDC paragraphs and sections, the GDC itself, WSIS processes, documents and
  entities). Each (row, subject, target) becomes one ``wsis:Alignment`` with relation
  ``wsis:linkedTo`` plus its direct triple, carrying the relation as worded, the method (the
  Compact's own or another official text, or a published mapping), the publisher (an IRI where
  the publisher is a known entity, and always the verbatim name), the date and the confidence.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import METHODS, SourceContext, add_alignment, add_text, rows_by_id
from wsis_graph.sources.gdc import GDC_REF, REF_ID, add_documents
from wsis_graph.tables import Row

LINK_ID = re.compile(r"L[0-9]{2}")
#: What a link may start from: a GDC paragraph ref, a section, the GDC itself, a document.
SUBJECT_ID = re.compile(rf"{GDC_REF.pattern}|{REF_ID.pattern}")
SUBJECT_KINDS = ("gdc-paragraph", "gdc-section", "gdc-objective", "gdc-principle", "document", "process")
TARGET_KINDS = ("action-line", "process", "document", "entity")
PUBLISHER_KINDS = ("entity", "process")
TARGET_TYPES = ("document", "process", "entity")
#: The two methods a published link can have: stated in an official text, or listed by a page.
LINK_METHODS = ("official", "expert")

LINK_COLUMNS = (
    "link_id",
    "gdc_ref",
    "subject_ids",
    "target_type",
    "target",
    "target_ids",
    "relation",
    "method",
    "locator",
    "source_url",
    "publisher_of_source",
    "publisher_id",
    "source_date",
    "note",
    "confidence",
)

ALIGNMENT_PREFIX = "gdc-wsis-links"


def build(ctx: SourceContext) -> Graph:
    """Build the GDC ↔ WSIS links graph.

    Args:
        ctx: the build context of ``data/sources/gdc-wsis-links``; the registry must already hold
            the GDC (``gdc``) and WSIS (``wsis``) identifiers.

    See :mod:`wsis_graph.sources` for what every source's ``build`` returns and raises.
    """
    graph = ctx.new_graph()
    add_documents(graph, ctx, "documents.csv")
    table = ctx.table("gdc_wsis_links.csv", LINK_COLUMNS)
    for link_id, row in rows_by_id(table, "link_id", LINK_ID, "link id", "link", twice="appears twice"):
        add_link(graph, ctx, link_id, row)
    return graph


def add_link(graph: Graph, ctx: SourceContext, link_id: str, row: Row) -> list[URIRef]:
    """One alignment per (subject, target) of the row.

    Returns:
        The alignment IRIs.
    """
    subjects = link_subjects(ctx, row)
    targets = link_targets(ctx, row)
    method = METHODS[row.one_of("method", LINK_METHODS)]
    publisher = row.require("publisher_of_source")
    publisher_id = row.code("publisher_id", REF_ID, "publisher id", required=False)
    asserted_by = ctx.registry.resolve(publisher_id, row, "publisher_id", kinds=PUBLISHER_KINDS) if publisher_id else None
    nodes = []
    for subject_id, subject in subjects.items():
        for target_id, target in targets.items():
            node = add_alignment(
                graph,
                ctx.mint.iri("alignment", ALIGNMENT_PREFIX, link_id, subject_id, target_id),
                subject=subject,
                relation=WSIS.linkedTo,
                obj=target,
                row=row,
                confidence_column="confidence",
                method=method,
                relation_as_worded=row.require("relation"),
                sources=[row.require("source_url")],
                locator=row.get("locator"),
                asserted_by=asserted_by,
                date=row.get("source_date"),
                note=row.get("note"),
            )
            graph.add((node, DCTERMS.publisher, Literal(publisher)))
            graph.add((node, DCTERMS.identifier, Literal(link_id)))
            add_text(graph, node, WSIS.subjectAsWorded, row.get("gdc_ref"), lang=None)
            add_text(graph, node, WSIS.objectAsWorded, row.require("target"), lang=None)
            nodes.append(node)
    return nodes


def link_subjects(ctx: SourceContext, row: Row) -> dict[str, URIRef]:
    """The things a link starts from.

    Where the ``gdc_ref`` cell lists GDC paragraph refs, each must be known and ``subject_ids``
    must list the same refs; where it words a wider scope ('GDC (whole)'), ``subject_ids`` says
    what that scope was mapped to (see PROVENANCE.md).
    """
    worded = row.get("gdc_ref")
    refs = [part.strip() for part in worded.split(";")] if worded else []
    ids = row.codes("subject_ids", SUBJECT_ID, "subject id")
    if refs and all(GDC_REF.fullmatch(part) for part in refs):
        for ref in refs:
            ctx.registry.resolve(ref, row, "gdc_ref", kinds=["gdc-paragraph"])
        if ids != refs:
            raise row.error("subject_ids", f"{';'.join(ids)!r} differs from the gdc_ref cell {worded!r}")
    if not ids:
        raise row.error("subject_ids", "required value is empty")
    return {item: ctx.registry.resolve(item, row, "subject_ids", kinds=SUBJECT_KINDS) for item in ids}


def link_targets(ctx: SourceContext, row: Row) -> dict[str, URIRef]:
    """The things a link points to, from the curated ``target_ids`` column."""
    row.one_of("target_type", TARGET_TYPES)
    row.require("target")
    ids = row.codes("target_ids", REF_ID, "target id")
    if not ids:
        raise row.error("target_ids", "required value is empty")
    return {item: ctx.registry.resolve(item, row, "target_ids", kinds=TARGET_KINDS) for item in ids}


__all__ = ["build"]
